"""The kept students (grading/store.py) and the atomic writes (grading/atomic.py), on their own.

The store is used on a real gradebook written by ``nbgrader generate_assignment`` (the
toy course's); what is tested is when kept students are reused, and what makes them stale.
"""

from __future__ import annotations

import dataclasses
import json
import shutil
from pathlib import Path

import pytest
import toycourse as T
from conftest import toy_options

from nncourse.grading import atomic, store
from nncourse.grading.course import Course
from nncourse.grading.options import UNSCORED, GradingOptions
from nncourse.grading.schedule.protocol import GradeAnswer
from nncourse.grading.status import NotebookStatus, ReuseMode
from nncourse.grading.store import ResultStore, run_fingerprint, submission_hash

ANSWER = GradeAnswer("ada", {"01_basics": NotebookStatus.GRADED}, {}, 1.5)


def _course(fresh_course: Path) -> Course:
    return Course(root=fresh_course, assignment=T.ASSIGNMENT, notebooks={})


def _keep_ada(out: Path, course: Course, mode: ReuseMode, fingerprint: str = "f1") -> ResultStore:
    store = ResultStore(out, fingerprint, mode)
    store.open(course)
    store.save("ada", "h-ada", ANSWER, course.root, T.ASSIGNMENT)
    return store


@pytest.mark.parametrize(
    ("finished", "mode", "fingerprint", "reused"),
    [
        (False, ReuseMode.RESUME, "f1", True),  # an interrupted run resumes
        (True, ReuseMode.RESUME, "f1", False),  # a finished one is graded again
        (True, ReuseMode.INCREMENTAL, "f1", True),  # unless --incremental
        (False, ReuseMode.FRESH, "f1", False),
        (False, ReuseMode.RESUME, "f2", False),  # the release, grader or options changed
        (True, ReuseMode.INCREMENTAL, "f2", False),
    ],
)
def test_when_kept_students_are_reused(tmp_path, fresh_course, finished, mode, fingerprint, reused):
    course = _course(fresh_course)
    store = _keep_ada(tmp_path / "out", course, ReuseMode.RESUME)
    if finished:
        store.finish({"ada"})
    again = ResultStore(tmp_path / "out", fingerprint, mode)
    again.open(course)
    kept = again.kept("ada", "h-ada")
    assert (kept == ANSWER) if reused else (kept is None)
    assert json.loads((tmp_path / "out" / ".graded" / "run.json").read_text()) == {
        "fingerprint": fingerprint,
        "complete": False,
    }


def test_a_changed_submission_is_not_reused(tmp_path, fresh_course):
    course = _course(fresh_course)
    _keep_ada(tmp_path / "out", course, ReuseMode.RESUME)
    again = ResultStore(tmp_path / "out", "f1", ReuseMode.RESUME)
    again.open(course)
    assert again.kept("ada", "h-other") is None and again.kept("bob", "h-ada") is None


def test_a_reused_store_pins_the_release_gradebook(tmp_path, fresh_course):
    """The kept rows' ids are those of the first run's gradebook: a rerun grades against it."""
    course = _course(fresh_course)
    _keep_ada(tmp_path / "out", course, ReuseMode.RESUME)
    original = course.gradebook.read_bytes()
    course.gradebook.write_bytes(b"a newly generated gradebook")
    ResultStore(tmp_path / "out", "f1", ReuseMode.RESUME).open(course)
    assert course.gradebook.read_bytes() == original


def test_the_fingerprint_follows_the_release_and_the_check_library_not_the_workers(toy_course, tmp_path):
    course = Path(shutil.copytree(toy_course, tmp_path / "course"))
    base = run_fingerprint(course, toy_options())
    assert run_fingerprint(course, toy_options(workers=7)) == base
    on_a_cluster = toy_options(scheduler="tls://10.0.0.1:8786", security="tls.yaml", connect_timeout=3)
    assert run_fingerprint(course, on_a_cluster) == base  # where students are graded never changes a score
    late_policy = toy_options(deadline="2026-12-01T23:59", late_penalty_per_day=10, late_penalty_cap=30,
                              late_grace_minutes=5, similarity_threshold=4)
    assert run_fingerprint(course, late_policy) == base  # applied to the class after grading
    assert run_fingerprint(course, toy_options(cell_timeout=6)) != base
    library = course / "toy_solutions" / "__init__.py"
    library.write_text(library.read_text() + "\n# changed\n")
    assert run_fingerprint(course, toy_options()) != base


def _changed(value):
    """Another value of VALUE's type (for every kind of GradingOptions field)."""
    if isinstance(value, bool):
        return not value
    if isinstance(value, (int, float)):
        return value + 1
    if isinstance(value, str):
        return value + "x"
    if isinstance(value, tuple):
        return (*value, "extra")
    if value is None:
        return ".*"
    if dataclasses.is_dataclass(value):  # its first field whose change keeps it consistent (Limits.problem)
        for f in dataclasses.fields(value):
            other = dataclasses.replace(value, **{f.name: _changed(getattr(value, f.name))})
            if getattr(other, "problem", lambda: None)() is None:
                return other
    raise AssertionError(f"no changed value for {value!r}")


def test_the_fingerprint_follows_every_score_changing_option_nbgrader_and_the_grader(
        toy_course, tmp_path, monkeypatch):
    """A rerun after any change that can change a score regrades: every option not in UNSCORED,
    nbgrader's version, and any source file of the grading engine."""
    course = Path(shutil.copytree(toy_course, tmp_path / "course"))
    options = toy_options()
    base = run_fingerprint(course, options)
    scored = [f.name for f in dataclasses.fields(GradingOptions) if f.name not in UNSCORED]
    # only where and how fast students are graded, and the class-wide policies, are unscored
    assert set(UNSCORED) == {"workers", "prestart_kernel", "reuse", "scheduler", "security",
                             "connect_timeout", "deadline", "late_penalty_per_day", "late_penalty_cap",
                             "late_grace_minutes", "similarity_threshold",
                             # the zip's bound changes only what is extracted, which each hash covers
                             "max_zip_mb", "worker_wait"}
    changed = {n: dataclasses.replace(options, **{n: _changed(getattr(options, n))}) for n in scored}
    same = [name for name, other in changed.items() if run_fingerprint(course, other) == base]
    assert same == [], f"changing these options would keep the old scores: {same}"
    monkeypatch.setattr(store.nbgrader, "__version__", "0.0.0")
    assert run_fingerprint(course, options) != base
    monkeypatch.undo()
    engine = Path(shutil.copytree(store.GRADER_PACKAGE, tmp_path / "engine"))
    monkeypatch.setattr(store, "GRADER_PACKAGE", engine)
    assert run_fingerprint(course, options) == base  # the copy is the same engine
    (engine / "execute.py").write_text((engine / "execute.py").read_text() + "\n# a fix\n")
    assert run_fingerprint(course, options) != base


def test_submission_hash_reads_names_and_bytes(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "01.ipynb").write_text("{}")
    first = submission_hash(tmp_path / "a")
    (tmp_path / "a" / "01.ipynb").rename(tmp_path / "a" / "02.ipynb")
    renamed = submission_hash(tmp_path / "a")
    (tmp_path / "a" / "02.ipynb").write_text("{ }")
    assert len({first, renamed, submission_hash(tmp_path / "a")}) == 3


def test_a_failed_replacement_leaves_the_old_file_and_no_temporary_copy(tmp_path):
    dest = atomic.write_text(tmp_path / "grades.csv", "old\n")
    with pytest.raises(RuntimeError), atomic.replacing(dest) as tmp:
        tmp.write_text("half of the new")
        raise RuntimeError("killed here")
    assert dest.read_text() == "old\n" and sorted(p.name for p in tmp_path.iterdir()) == ["grades.csv"]


def test_a_folder_is_replaced_whole(tmp_path):
    (tmp_path / "new" / "ada").mkdir(parents=True)
    (tmp_path / "new" / "ada" / "01.html").write_text("new page")
    old = tmp_path / "out" / "feedback" / "bob"
    old.mkdir(parents=True)
    (old / "01.html").write_text("old page")
    with atomic.replacing(tmp_path / "out" / "feedback") as tmp:
        atomic.copy_folder(tmp_path / "new", tmp)
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["feedback"]
    assert [p.relative_to(tmp_path / "out") for p in (tmp_path / "out").rglob("*.html")] == [
        Path("feedback/ada/01.html")
    ]
