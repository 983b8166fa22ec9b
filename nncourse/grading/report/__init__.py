"""Reporting: per-cell :mod:`.results` (``results.json``, ``grades.csv``), the terminal :mod:`.summary`,
the students' :mod:`.feedback` pages."""
