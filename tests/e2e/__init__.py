"""End-to-end tests: the course notebooks in real JupyterLab, in headless Chromium."""
