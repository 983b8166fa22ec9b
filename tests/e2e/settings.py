"""Where the e2e suite finds notebooks and Chromium, and where it puts screenshots.

Environment variables (all optional):

- ``E2E_STUDENT_DIR``: student notebooks (default ``notebooks/neural_networks``).
- ``E2E_SOLUTION_DIR``: solution notebooks (default ``source/neural_networks``).
- ``E2E_SCREENSHOT_DIR``: where the one-per-notebook screenshots go (default: the
  pytest session's temporary folder); ``make screenshots`` sets ``docs/screenshots``.
- ``E2E_CHROMIUM``: the Chromium binary (default: Debian's ``/usr/lib/chromium/chromium``).
"""

from __future__ import annotations

import os
from pathlib import Path

from .problems import Minimum

REPO = Path(__file__).resolve().parents[2]


def _folder(variable: str, default: Path) -> Path:
    value = os.environ.get(variable)
    return Path(value).resolve() if value else default


STUDENT_DIR = _folder("E2E_STUDENT_DIR", REPO / "notebooks" / "neural_networks")
SOLUTION_DIR = _folder("E2E_SOLUTION_DIR", REPO / "source" / "neural_networks")
_SHOTS = os.environ.get("E2E_SCREENSHOT_DIR")
SCREENSHOT_DIR = Path(_SHOTS).resolve() if _SHOTS else None
CHROMIUM = Path(os.environ.get("E2E_CHROMIUM", "/usr/lib/chromium/chromium"))
# Installs Debian's chromium (and the other system packages the tests need).
INSTALL_SYSTEM_PACKAGES = ".ci/install-system-packages"
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-sync",
    "--disable-background-networking", "--disable-component-update", "--disable-dev-shm-usage",
]
VIEWPORT = {"width": 1280, "height": 900}

# The least a solution notebook must show, by file stem, beyond what its cells'
# code implies (see problems.py): list a notebook here once it has plots or
# sliders whose loss the suite must catch, e.g. "05_training": Minimum(images=3, sliders=1).
MINIMUM_SHOWN: dict[str, Minimum] = {}
