"""A course whose hidden tests import a package of the course folder that the kernels do not see
stops before anyone is graded, with what to do; it is not graded to 0 for every student."""

from __future__ import annotations

import pytest
import toycourse as T

from nncourse.grading.course import CourseError

pytestmark = pytest.mark.nbgrader


@pytest.fixture
def one_student(tmp_path, toy_release):
    return T.write_student(tmp_path / "subs" / "ada", T.submission(toy_release)).parent


def test_hidden_tests_that_import_the_reference_stop_with_the_flag_that_lets_them(grade_toy, one_student):
    with pytest.raises(CourseError) as info:
        grade_toy(one_student, reference_in_kernel=False)
    said = str(info.value)
    assert "01_basics imports toy_solutions" in said and "02_vectors imports toy_solutions" in said
    assert "--reference-in-kernel" in said and "score 0" in said


def test_another_course_package_is_named_with_where_to_list_it(grade_toy, one_student):
    with pytest.raises(CourseError) as info:
        grade_toy(one_student, reference_in_kernel=False, secret_packages=("solutions",))
    assert "toy_solutions" in str(info.value) and "GradingOptions.kernel_packages" in str(info.value)


def test_the_same_course_grades_when_the_kernels_may_import_it(grade_toy, one_student):
    result = grade_toy(one_student)  # the test options: reference_in_kernel=True
    assert result.ok and [s.score for s in result.students] == [6.0]
