"""Stock nbgrader on the corpus, for comparison with the engine (a script, not a test).

    cd tests && ../.venv/bin/python -m corpus.baseline OUT [STUDENT ...]

Writes the corpus (without the two bombs: unsandboxed, a fork bomb run as root
is not stopped by ``RLIMIT_NPROC`` and nothing bounds a memory hoard, so they
would take the shared machine down), runs plain ``nbgrader autograde`` (stock
``Execute``, the course's config, 20 s per cell) and ``generate_feedback`` in a
generated course copy, then prints for each student and handed-in notebook the
score in nbgrader's gradebook and whether an autograded notebook and a feedback
page exist, next to what the engine must give (:mod:`.students`). Nbgrader
stops the whole run at some failures: name the students it did not reach to
grade them on their own.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from nbgrader.api import Gradebook, MissingEntry

from nncourse.grading.course import nbgrader_env, prepare_course
from nncourse.notebooks import ASSIGNMENT, ROOT, notebook_names

from .build import write
from .students import CORPUS

UNSAFE = {"crash_memory", "crash_fork_bomb"}


def _nbgrader(course: Path, *args: str) -> None:
    command = [sys.executable, "-m", "nbgrader", *args, ASSIGNMENT, "--force"]
    command += [
        f"--CourseDirectory.root={course}",
        f"--CourseDirectory.db_url=sqlite:///{course / 'gradebook.db'}",
    ]
    done = subprocess.run(command, cwd=course, env=nbgrader_env(), capture_output=True, text=True)
    (course / f"{args[0]}.log").write_text(done.stdout + done.stderr)


def main(out: Path, names: list[str]) -> None:
    students = [s for s in CORPUS if s.name not in UNSAFE and (s.name in names or not names)]
    course = prepare_course(ROOT, ASSIGNMENT, out / "course").root
    write(course / "submitted", students)
    _nbgrader(course, "autograde", "--Execute.timeout=20")
    _nbgrader(course, "generate_feedback")
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        for student in students:
            for name in notebook_names():
                handed_in = (course / "submitted" / student.name / ASSIGNMENT).glob(f"{name}*.ipynb")
                if not any(handed_in) and student.status(name) == "missing":
                    continue
                try:
                    score = f"{gb.find_submission_notebook(name, ASSIGNMENT, student.name).score:g}"
                except MissingEntry:
                    score = "no record"
                autograded = (course / "autograded" / student.name / ASSIGNMENT / f"{name}.ipynb").exists()
                feedback = (course / "feedback" / student.name / ASSIGNMENT / f"{name}.html").exists()
                engine = student.expected_score(name)
                print(
                    f"{student.name:30} {name:15} nbgrader {score:>9}  engine {engine:g}"
                    f"  autograded={autograded!s:5} feedback={feedback}"
                )


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.mkdtemp(prefix="baseline-"))
    shutil.rmtree(target / "course", ignore_errors=True)
    main(target, sys.argv[2:])
    print(f"logs: {target / 'course'}/autograde.log, generate_feedback.log")
