"""Fixtures for the grading engine's tests: a generated toy course and a grading helper."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import toycourse

from nncourse.grading import GradingOptions, Limits, grade
from nncourse.grading.sandbox.limits import ADDRESS_RESERVE_MB

#: Short limits keep the suite fast; the sandbox limits are small enough to hit.
TEST_LIMITS = Limits(memory_mb=1024, address_space_mb=1024 + ADDRESS_RESERVE_MB, cpu_seconds=120, nproc=48,
                     fsize_mb=16)


def toy_options(**overrides) -> GradingOptions:
    settings = dict(
        assignment=toycourse.ASSIGNMENT,
        workers=2,
        cell_timeout=5,
        notebook_timeout=40,
        max_output_chars=50_000,
        limits=TEST_LIMITS,
        secret_packages=("toy_solutions",),
        reference_in_kernel=True,  # the toy course's hidden tests call toy_solutions themselves
    )
    settings.update(overrides)
    return GradingOptions(**settings)


@pytest.fixture(scope="session")
def toy_course(tmp_path_factory) -> Path:
    """A toy course folder whose assignment has been released (generate_assignment)."""
    root = toycourse.build_course(tmp_path_factory.mktemp("toy") / "course")
    toycourse.release(root)
    return root


@pytest.fixture(scope="session")
def toy_release(toy_course) -> Path:
    return toy_course / "notebooks" / toycourse.ASSIGNMENT


@pytest.fixture
def fresh_course(toy_course, tmp_path) -> Path:
    """A private copy of the released toy course (for tests that write into it)."""
    return Path(shutil.copytree(toy_course, tmp_path / "course"))


@pytest.fixture(scope="session")
def grade_toy(tmp_path_factory, toy_course):
    """grade() on the toy course with the test options."""

    def run(submissions: Path, out: Path | None = None, progress=None, work_dir=None, notice=None,
            **overrides):
        out = out or tmp_path_factory.mktemp("out")
        return grade(
            submissions,
            out,
            toy_options(**overrides),
            course_source=toy_course,
            progress=progress,
            notice=notice,
            work_dir=work_dir or tmp_path_factory.mktemp("work"),
        )

    return run


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    """A real Dask cluster on 127.0.0.1 (:mod:`dask_cluster`), for the module's tests."""
    from dask_cluster import running_cluster  # distributed is imported only where a test needs it

    with running_cluster(tmp_path_factory.mktemp("dask")) as running:
        yield running
