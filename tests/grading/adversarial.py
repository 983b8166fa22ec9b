"""Adversarial toy submissions covering the failure modes of issue 5 (tests only).

``CLASS`` maps a student id to the failure modes it combines (at most one per
graded cell, so each is graded on its own); everything else is the right answer,
so the expected score of every cell is known. Combining keeps the batch short.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path

import nbformat
import toycourse as T

Edit = Callable[[dict], None]
"""Changes a student's notebooks (file name -> notebook) before they are written."""
After = Callable[[Path], None]
"""Changes the written folder."""


def answer(grade_id: str, source: str) -> Edit:
    """Put SOURCE in solution cell GRADE_ID."""

    def edit(nbs: dict) -> None:
        for nb in nbs.values():
            for cell in nb.cells:
                if cell.metadata.get("nbgrader", {}).get("grade_id") == grade_id:
                    cell.source = source

    return edit


def _cell(nb, grade_id):
    return next(
        i for i, c in enumerate(nb.cells) if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id
    )


def _invalid_json(folder: Path) -> None:
    (folder / "01_basics.ipynb").write_text('{"cells": [ this is not json')


def _wrong_assignment(nbs: dict) -> None:
    nbs["01_basics.ipynb"] = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_code_cell(
                "x = 1",
                metadata={
                    "nbgrader": {
                        "grade": True,
                        "grade_id": "other_test",
                        "locked": True,
                        "points": 5,
                        "schema_version": 3,
                        "solution": False,
                        "task": False,
                    }
                },
            )
        ]
    )


def _missing(nbs: dict) -> None:
    del nbs["01_basics.ipynb"]


def _renamed(nbs: dict) -> None:
    nbs["02_vectors (1).ipynb"] = nbs.pop("02_vectors.ipynb")


def _nbformat3(folder: Path) -> None:
    nb = nbformat.read(folder / "02_vectors.ipynb", as_version=4)
    (folder / "02_vectors.ipynb").write_text(json.dumps(nbformat.convert(nb, 3)))


def _edit_test(nbs: dict) -> None:
    nb = nbs["01_basics.ipynb"]
    nb.cells[_cell(nb, "add")].source = "def add(a, b):\n    return 0"
    nb.cells[_cell(nb, "test_add")].source = "pass  # nothing to see"


def _delete_test(nbs: dict) -> None:
    nb = nbs["01_basics.ipynb"]
    nb.cells[_cell(nb, "square")].source = "def square(x):\n    return 0"
    del nb.cells[_cell(nb, "test_square")]


def _duplicate_and_move(nbs: dict) -> None:
    nb = nbs["02_vectors.ipynb"]
    dup = copy.deepcopy(nb.cells[_cell(nb, "test_mean")])
    dup.id = "copy-of-test-mean"
    nb.cells.insert(0, dup)  # a copy at the top
    test = nb.cells.pop(_cell(nb, "test_normalize"))
    nb.cells.insert(_cell(nb, "normalize"), test)  # moved above its solution


CHEATS = [
    answer("mean", "from toy_solutions import mean"),
    answer(
        "normalize",
        "np.allclose = lambda *a, **k: True\n"
        "class Anything:\n    def __eq__(self, other):\n        return True\n"
        "def normalize(x):\n    return Anything()",
    ),
]

LOOP_CATCHING_INTERRUPT = """import time
def mean(x):
    while True:
        try:
            time.sleep(0.5)
        except KeyboardInterrupt:
            pass"""

MEMORY_BOMB_PROCESSES = """import os, time
def add(a, b):
    for _ in range(4):
        if os.fork() == 0:
            block = bytearray(400 * 1024 * 1024)
            for i in range(0, len(block), 4096):
                block[i] = 1
            time.sleep(60)
            os._exit(0)
    time.sleep(30)
    return a + b"""

FORK_BOMB = """import os
def square(x):
    while True:
        try:
            os.fork()
        except OSError:
            pass"""

HUGE_OUTPUT = """import numpy as np
def mean(x):
    for _ in range(20000):
        print("spam " * 40)
    return float(np.mean(x))"""

MEMORY_BOMB = "def mean(x):\n    block = bytearray(8 * 1024 ** 3)\n    return 0.0"

#: student -> the failure modes it combines (one per notebook at most, so each is graded on its own)
CLASS: dict[str, list[Edit | After]] = {
    "good": [],
    "loops": [
        answer("square", "def square(x):\n    while True:\n        pass"),
        answer("mean", LOOP_CATCHING_INTERRUPT),
    ],
    "bombs": [answer("add", MEMORY_BOMB_PROCESSES), answer("mean", MEMORY_BOMB)],
    "fork_input": [
        answer("square", FORK_BOMB),
        answer("mean", "def mean(x):\n    return float(input('m? '))"),
    ],
    "invalid_renamed": [_renamed, _invalid_json],
    "wrong_v3": [_wrong_assignment, _nbformat3],
    "missing_huge": [_missing, answer("mean", HUGE_OUTPUT)],
    "tamper_dup": [_edit_test, _duplicate_and_move],
    "deleted_nan": [_delete_test, answer("mean", "def mean(x):\n    return float('nan')")],
    "exit_cheat": [answer("add", "def add(a, b):\n    import os\n    os._exit(3)"), *CHEATS],
}


_AFTER_WRITE = (_invalid_json, _nbformat3)


def build_class(release: Path, root: Path, students: dict[str, list] = CLASS) -> Path:
    """Write each student's folder under ROOT (``<student>/*.ipynb``); return ROOT."""
    for student, modes in students.items():
        nbs = T.submission(release)
        after = [m for m in modes if m in _AFTER_WRITE]
        for mode in modes:
            if mode not in _AFTER_WRITE:
                mode(nbs)
        folder = T.write_student(root / student, nbs)
        for mode in after:
            mode(folder)
    return root
