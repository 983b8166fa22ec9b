"""A notebook whose cells have no ``id`` is read without nbformat's warning on the instructor's terminal."""

import json
import warnings

from nncourse.grading.collect import _read


def test_cells_without_ids_are_read_quietly_and_given_ids(tmp_path):
    cells = [{"cell_type": "code", "metadata": {}, "source": "x = 1", "outputs": [], "execution_count": None}]
    path = tmp_path / "01_perceptron.ipynb"
    path.write_text(json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}))
    with warnings.catch_warnings(record=True) as said:
        warnings.simplefilter("always")
        candidate = _read(path)
    assert [str(w.message) for w in said] == []
    assert candidate.nb is not None and candidate.nb.cells[0].get("id")
