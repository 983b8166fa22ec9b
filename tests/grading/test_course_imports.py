"""A course whose hidden tests import a package of the course folder that the kernels do not see is
told so before anyone is graded, with what to do (every such test fails and scores 0): not graded
to 0 for every student in silence."""

from __future__ import annotations

import pytest
import toycourse as T

pytestmark = pytest.mark.nbgrader


@pytest.fixture
def one_student(tmp_path, toy_release):
    return T.write_student(tmp_path / "subs" / "ada", T.submission(toy_release)).parent


def _graded(grade_toy, subs, **overrides):
    told: list[str] = []
    return grade_toy(subs, notice=told.append, **overrides), told


def test_hidden_tests_that_import_the_reference_are_told_with_the_flag_that_lets_them(grade_toy, one_student):
    result, told = _graded(grade_toy, one_student, reference_in_kernel=False)
    said = [line for line in told if "hidden tests import" in line]
    assert len(said) == 1, told
    assert "01_basics imports toy_solutions" in said[0] and "02_vectors imports toy_solutions" in said[0]
    assert "--reference-in-kernel" in said[0] and "score 0" in said[0]
    assert result.students[0].score < 6.0  # what the warning foretold: the hidden tests failed


def test_another_course_package_is_named_with_where_to_list_it(grade_toy, one_student):
    _, told = _graded(grade_toy, one_student, reference_in_kernel=False, secret_packages=("solutions",))
    said = [line for line in told if "hidden tests import" in line]
    assert said and "toy_solutions" in said[0] and "GradingOptions.kernel_packages" in said[0]


def test_nothing_is_said_when_the_kernels_may_import_it(grade_toy, one_student):
    result, told = _graded(grade_toy, one_student)  # the test options: reference_in_kernel=True
    assert not [line for line in told if "hidden tests import" in line], told
    assert result.ok and [s.score for s in result.students] == [6.0]
