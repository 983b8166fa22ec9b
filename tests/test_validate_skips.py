"""`nncourse validate` on the skip-when-grading tags: the static check of the source, the score comparison."""

import shutil

from nncourse import notebooks as nbs
from nncourse.grading.status import SKIP_TAG
from nncourse.validate import skip_differences, skip_problems, skipped_count

NAME = "02_activations"  # a notebook with tagged cells: staircase draws the step function


def _copy_source(tmp_path):
    folder = tmp_path / "source"
    shutil.copytree(nbs.SOURCE_DIR, folder)
    return folder, nbs.read(folder / f"{NAME}.ipynb")


def _cell(nb, grade_id):
    return next(c for c in nb.cells if nbs.nbgrader_meta(c).get("grade_id") == grade_id)


def test_the_course_tags_are_safe_statically():
    names = nbs.notebook_names()
    assert skip_problems(nbs.SOURCE_DIR, names) == []
    assert skipped_count(nbs.SOURCE_DIR, names) > 0


def test_a_tagged_cell_whose_name_a_later_cell_uses_is_named(tmp_path):
    folder, nb = _copy_source(tmp_path)
    drawing = _cell(nb, "staircase")
    drawing.source += "\nstep_helper = 1"
    _cell(nb, "test_sigmoid").source += "\nassert step_helper == 1"
    nbs.nbformat.write(nb, str(folder / f"{NAME}.ipynb"))
    position = nb.cells.index(drawing) + 1
    later = nb.cells.index(_cell(nb, "test_sigmoid")) + 1
    assert skip_problems(folder, [NAME]) == [
        f"{NAME}: skip-when-grading cell {position}: it defines or changes 'step_helper', "
        f"which cell {later} uses"]


def test_a_tag_on_a_graded_or_editable_cell_is_refused(tmp_path):
    folder, nb = _copy_source(tmp_path)
    _cell(nb, "test_sigmoid").metadata["tags"] = [SKIP_TAG]
    _cell(nb, "sigmoid").metadata["tags"] = [SKIP_TAG]
    nbs.nbformat.write(nb, str(folder / f"{NAME}.ipynb"))
    found = skip_problems(folder, [NAME])
    assert len(found) == 2 and all("graded or holds a blank" in p for p in found)


def test_a_score_or_a_cell_count_that_changes_without_skipping_fails():
    on = {("06", "test_train"): 2.0, ("06", "test_predict"): 1.0}
    assert skip_differences(on, dict(on)) == []
    [score] = skip_differences(on, {**on, ("06", "test_train"): 0.0})
    assert score.startswith("06: test_train scores 2.0 with skip-when-grading and 0.0 without")
    count = skip_differences(on, {**on, ("06", "test_spiral_target"): 3.0})
    assert count[0] == "skipping changes the number of graded cells: 2 with it, 3 without"
