"""A grading worker: one process, one course copy, one gradebook copy, students one at a time.

Started by :mod:`.pool` as ``python -m nncourse.grading.schedule.worker``. It reads one
JSON request per line on stdin and answers one JSON line on stdout::

    -> {"root": ".../w0", "options": {...}}                 (first line: setup)
    -> {"student": "ada", "submitted": ".../submitted/ada/neural_networks"}
    <- {"student": "ada", "notebooks": {"01_x": "graded", ...}, "errors": {...}, "seconds": 9.1}
    -> {"feedback": true}                                       (after the last student)
    <- {"feedback": true, "errors": {...}}

Grading a student is nbgrader's own ``Autograde`` converter (in-process, with
:mod:`.nbconfig`'s configuration); ``GenerateFeedback`` runs once at the end for
all the worker's students. When nbgrader
fails a student (it then deletes the whole autograded submission), each notebook
is autograded again on its own (``CourseDirectory.notebook_id``), so one broken
notebook costs only itself. A notebook that still fails is marked ``crashed``
and its grades are set to 0 in the gradebook (:func:`.merge.zero_notebooks`, as
nbgrader does for a missing notebook), so every submitted notebook has a record.

Kernels never see the worker's stdin/stdout (the launcher points them at
``/dev/null``); the worker also moves its own stdout aside so that nothing but
answers reaches the parent.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import sys
import time
from pathlib import Path
from typing import Any

from nbgrader.converters import Autograde, GenerateFeedback
from nbgrader.coursedir import CourseDirectory
from nbgrader.utils import capture_log
from traitlets.config import Config

from .. import sandbox
from ..collect import CRASHED, GRADED
from ..nbconfig import worker_config
from ..options import GradingOptions
from .merge import zero_notebooks


class Worker:
    """Grades students in the course copy ROOT (already holding a generated gradebook)."""

    def __init__(self, root: Path, options: GradingOptions, pythonpath: list[str] = ()) -> None:
        self.root = Path(root).resolve()
        self.options = options
        self.assignment = options.assignment
        self.config: Config = worker_config(self.root, options)
        if options.sandbox:
            box = sandbox.Sandbox(
                self.root.parent / f"{self.root.name}-sandbox", options.limits, pythonpath=pythonpath
            )
            os.environ.update(box.env)
            sandbox.activate(box)

    def _coursedir(self, student: str, notebook: str = "*") -> CourseDirectory:
        coursedir = CourseDirectory(config=self.config)
        coursedir.root = str(self.root)
        coursedir.assignment_id = self.assignment
        coursedir.student_id = student
        coursedir.notebook_id = notebook
        return coursedir

    def _run(self, converter_cls: type, student: str, notebook: str = "*") -> dict[str, Any]:
        app = converter_cls(coursedir=self._coursedir(student, notebook), config=self.config)
        app.force = True
        if converter_cls is Autograde:
            app.create_student = True
        return capture_log(app)

    def feedback(self) -> dict[str, Any]:
        """nbgrader's GenerateFeedback for every student autograded here (one run: its
        templates compile once, which costs more than rendering one student's pages)."""
        if not (self.root / "autograded").is_dir():
            return {"feedback": True, "errors": {}}
        result = self._run(GenerateFeedback, "*")
        return {
            "feedback": True,
            "errors": {} if result["success"] else {"feedback": result.get("error", "")},
        }

    def _autograded(self, student: str) -> Path:
        return self.root / "autograded" / student / self.assignment

    def grade(self, student: str, submitted: Path) -> dict[str, Any]:
        """Autograde and write feedback for STUDENT, whose notebooks are in SUBMITTED."""
        start = time.monotonic()
        dest = self.root / "submitted" / student / self.assignment
        shutil.rmtree(dest, ignore_errors=True)
        shutil.copytree(submitted, dest)
        names = sorted(p.stem for p in dest.glob("*.ipynb"))
        errors: dict[str, str] = {}
        result = self._run(Autograde, student)
        if not result["success"] or not all(
            (self._autograded(student) / f"{n}.ipynb").exists() for n in names
        ):
            errors["*"] = result.get("error", "")
            for name in names:
                if not (self._autograded(student) / f"{name}.ipynb").exists():
                    retry = self._run(Autograde, student, name)
                    if not retry["success"]:
                        errors[name] = retry.get("error", "") or retry.get("log", "")
        status = {
            n: GRADED if (self._autograded(student) / f"{n}.ipynb").exists() else CRASHED for n in names
        }
        crashed = [n for n, s in status.items() if s == CRASHED]
        if not crashed:
            errors.pop("*", None)  # the notebooks that failed together passed on their own
        if crashed:
            zero_notebooks(self.config.CourseDirectory.db_url, self.assignment, student, crashed)
        return {
            "student": student,
            "notebooks": status,
            "errors": errors,
            "seconds": round(time.monotonic() - start, 2),
        }


def _protocol_streams() -> tuple[Any, Any]:
    """Private copies of stdin/stdout for the protocol; the real fds go to /dev/null and stderr."""
    requests = os.fdopen(os.dup(0), "r")
    answers = os.fdopen(os.dup(1), "w")
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    return requests, answers


def main() -> None:
    """Serve grading requests (see the module docstring)."""
    requests, answers = _protocol_streams()
    logging.basicConfig(level=logging.INFO, format="[worker %(asctime)s] %(message)s")
    setup = json.loads(requests.readline())
    worker = Worker(
        Path(setup["root"]), GradingOptions.from_json(setup["options"]), setup.get("pythonpath", [])
    )
    box = sandbox.active()
    home = str(box.own_home_folder) if box and box.own_home_folder else None
    answers.write(json.dumps({"ready": True, "uid": box.uid if box else None, "home": home}) + "\n")
    answers.flush()
    for line in requests:
        if not line.strip():
            continue
        request = json.loads(line)
        try:
            if request.get("feedback"):
                answer = worker.feedback()
            else:
                answer = worker.grade(request["student"], Path(request["submitted"]))
        except Exception as exc:  # the worker survives whatever one student does
            logging.exception("grading %s failed", request["student"])
            answer = {
                "student": request["student"],
                "notebooks": {},
                "errors": {"*": repr(exc)},
                "seconds": 0,
            }
        answers.write(json.dumps(answer) + "\n")
        answers.flush()
    if box is not None:
        box.close()


if __name__ == "__main__":
    main()
