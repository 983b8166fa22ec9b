"""skip-when-grading: the static check (pure, no kernel), the grader leaving cells out, the feedback line."""

from __future__ import annotations

import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from nncourse.grading import events, skipping
from nncourse.grading.execute import ResilientExecute, timing
from nncourse.grading.report.feedback import SKIPPED_LINE, FeedbackNotes
from nncourse.grading.status import SKIP_TAG, NotRunCause


def locked(source: str, tagged: bool = True, grade_id: str = "demo"):
    """A locked instructor cell (tagged SKIP_TAG by default)."""
    meta = {"nbgrader": {"grade": False, "grade_id": grade_id, "locked": True, "solution": False,
                         "schema_version": 3}}
    if tagged:
        meta["tags"] = [SKIP_TAG]
    return new_code_cell(source, metadata=meta)


def graded(source: str, grade_id: str = "test_it", points: int = 1):
    return new_code_cell(source, metadata={"nbgrader": {
        "grade": True, "grade_id": grade_id, "locked": True, "points": points, "solution": False,
        "schema_version": 3}})


def problems_of(skipped_source: str, later_source: str) -> list[str]:
    return [p.message for p in skipping.problems([locked(skipped_source), new_code_cell(later_source)])]


# -- what a skipped cell defines or changes: each form, used later, blocks the skip -----------------
@pytest.mark.parametrize(("skipped", "name"), [
    ("x = 1", "x"),
    ("a, (b, *x) = 1, (2, 3)", "x"),
    ("x += 1", "x"),
    ("x: int = 1", "x"),
    ("del x", "x"),
    ("x[0] = 1", "x"),
    ("x.attribute = 1", "x"),
    ("x['a'].b[1] = 2", "x"),
    ("for x in range(3):\n    pass", "x"),
    ("with open('f') as x:\n    pass", "x"),
    ("try:\n    pass\nexcept ValueError as x:\n    pass", "x"),
    ("if (x := 3):\n    pass", "x"),
    ("[(x := i) for i in range(3)]", "x"),
    ("def x():\n    pass", "x"),
    ("async def x():\n    pass", "x"),
    ("class x:\n    pass", "x"),
    ("import x", "x"),
    ("import x.path", "x"),
    ("import numpy as x", "x"),
    ("from os import path as x", "x"),
    ("def f():\n    global x\n    x = 1", "x"),
    ("lambda: [print(), (x := 1)]", None),  # a lambda's walrus is its own: nothing named x escapes
    ("match 1:\n    case [*x]:\n        pass", "x"),
    ("match 1:\n    case {**x}:\n        pass", "x"),
    ("match 1:\n    case int() as x:\n        pass", "x"),
    ("while True:\n    if True:\n        x = 2\n    break", "x"),
])
def test_each_binding_used_later_blocks_the_skip(skipped, name):
    found = problems_of(skipped, "print(x)")
    if name is None:
        assert found == []
    else:
        assert found == [f"it defines or changes {name!r}, which cell 2 uses"]


@pytest.mark.parametrize("skipped", [
    "def f(x):\n    x = 2\n    return x",  # a function's own names are local
    "[x for x in range(3)]",  # a comprehension's variable is its own
    "class C:\n    x = 1",  # a class attribute, not a global
    "print(x)",  # only reading x is harmless
])
def test_names_local_to_the_skipped_cell_do_not_block(skipped):
    assert problems_of(skipped, "print(x)") == []


@pytest.mark.parametrize("later", [
    "print(x)",
    "x = x + 1",
    "def g():\n    return x",  # read by a function defined later (run later)
    "def g(y=x):\n    return y",  # a default is evaluated where the function is defined
    "def g():\n    global x\n    x = 3",
    "def g():\n    def h():\n        return x\n    return h",
    "lambda: x",
    "del x",
    "class D(x):\n    pass",
    "@x\ndef g():\n    pass",
])
def test_every_later_use_is_seen(later):
    assert problems_of("x = 1", later) == ["it defines or changes 'x', which cell 2 uses"]


@pytest.mark.parametrize("later", [
    "def g(x):\n    return x",
    "def g():\n    x = 5\n    return x",
    "lambda x: x + 1",
    "def g():\n    for x in range(2):\n        pass",
    "def g(d):\n    return {x: v for x, v in d.items()}",  # a comprehension's own, in a function
])
def test_a_later_functions_own_name_is_not_a_use(later):
    assert problems_of("x = 1", later) == []


def test_a_name_is_not_a_different_name():
    assert problems_of("x = 1", "print(xx, y_x)") == []


# -- a later cell that binds the name before it reads it does not use the skipped cell's -----------
@pytest.mark.parametrize("later", [
    "x = 2\nprint(x)",
    "x, y = plt.subplots()\nx.plot(y)",  # the re-binding that used to block 06's demos
    "x = 2\nx += 1",
    "x = 2\ndel x",
    "x: int = 2\nprint(x)",
    "import x\nprint(x)",
    "def x():\n    pass\nprint(x)",
    "class x:\n    pass\nprint(x)",
    "for x in range(3):\n    print(x)",  # the target is bound in the body it runs
    "for i in range(3):\n    x = i\n    print(x)",  # bound before read in every pass
    "while True:\n    x = 1\n    print(x)\n    break",
    "if c:\n    x = 1\nelse:\n    x = 2\nprint(x)",  # both branches bind it
    "with open('f') as x:\n    print(x)",
    "try:\n    x = 1\nexcept ValueError:\n    x = 2\nprint(x)",
    "try:\n    x = 1\nexcept ValueError:\n    raise\nelse:\n    print(x)",
    "x = 1\ndef g():\n    return x",  # a function defined once x is bound: every call sees the new x
    "x = 1\ng = lambda: x",
    "x = 1\nclass C:\n    y = x",
    "[x for x in range(3)]",  # a comprehension's variable is its own
    "{x: y for x, y in pairs}",
    "x = [1]\nprint([x for x in x])",
    "match v:\n    case [x]:\n        print(x)",  # bound by the pattern in the case that reads it
])
def test_a_later_cell_that_binds_the_name_before_reading_it_does_not_block(later):
    assert problems_of("x = 1", later) == []


@pytest.mark.parametrize("later", [
    "print(x)\nx = 2",  # read first, bound after
    "x += 1",  # an augmented assignment reads
    "x[0] = 1",  # a store into it needs the old object
    "x.a = 1\nx = 2",
    "for i in range(3):\n    x = i\nprint(x)",  # the body may run zero times
    "for x in range(3):\n    pass\nprint(x)",  # and so may the target's binding
    "for i in range(3):\n    print(x)\n    x = i",  # the first pass reads it
    "x = 1\nfor i in range(2):\n    print(x)\n    del x",  # unbound for the next pass
    "for i in x:\n    x = i",
    "while c:\n    x = 1\nprint(x)",
    "if c:\n    x = 1\nprint(x)",  # only one branch binds it
    "if c:\n    x = 1\nelse:\n    pass\nprint(x)",
    "with c:\n    x = 1\nprint(x)",  # a context manager may swallow the exception
    "try:\n    x = 1\nexcept ValueError:\n    pass\nprint(x)",  # the body may stop before
    "try:\n    x = f()\nfinally:\n    print(x)",
    "try:\n    pass\nexcept ValueError as x:\n    pass\nprint(x)",  # Python deletes x after
    "match v:\n    case 1:\n        x = 1\nprint(x)",  # the case may not match
    "x = 1\ndel x\nprint(x)",  # a del unbinds
    "del x\nx = 1",
    "(x := 1)\nprint(x)",  # a walrus never counts as a binding
    "def g():\n    return x\nx = 1",  # defined before the binding: may be called before it
    "g = lambda: x\nx = 1",
    "def g(y=x):\n    return y\nx = 1",
    "class C:\n    y = x\nx = 1",  # a class body runs at once
    "[x for _ in range(1)]\nx = 1",
    "[i for i in x]\nx = 1",
    "print([x for x in x])",  # the first iterable is read outside the comprehension
    "def g():\n    return [x for x in x]",
    "def g(d):\n    return [1 for x.a in d]",  # a store into x's attribute: not its own
    "global x\nx = 1",
])
def test_a_later_read_before_any_binding_still_blocks(later):
    assert problems_of("x = 1", later) == ["it defines or changes 'x', which cell 2 uses"]


def test_what_a_cell_reads_before_binding_it():
    assert skipping.early_reads("fig, ax = plt.subplots()\nax.plot(xs)\nxs = 1") == {"plt", "xs"}
    assert skipping.early_reads("total = 0\nfor v in values:\n    total += v\nprint(total)") == {
        "values", "print"}


def test_a_function_defined_before_the_skipped_cell_reads_its_names_when_called():
    cells = [new_code_cell("def show():\n    return x"), locked("x = 1"), new_code_cell("show()")]
    assert [str(p) for p in skipping.problems(cells)] == [
        "cell 2: it defines or changes 'x', which a function of cell 1, before it, reads when called"]
    assert skipping.skippable([new_code_cell("def show(x):\n    return x"), *cells[1:]]) == {1}


@pytest.mark.parametrize("code", ["globals()['x']", "eval('x')", "exec('y = x')", "print(vars())",
                                  "print(dir())", "locals()"])
def test_reading_names_by_string_blocks_the_skip(code):
    [message] = problems_of("x = 1", code)
    assert message.startswith("cell 2, after it, is not analysable")
    assert "reads or binds names by string" in message


@pytest.mark.parametrize(("later", "name"), [("print(_)", "_"), ("print(Out[3])", "Out"), ("y = _i", "_i")])
def test_ipython_s_history_counts_as_changed_by_a_skipped_cell(later, name):
    assert problems_of("1 + 1", later) == [f"it defines or changes {name!r}, which cell 2 uses"]
    assert problems_of("1 + 1", f"{name} = 0\n{later}") == []  # bound first: not the skipped cell's


@pytest.mark.parametrize("later", ["print(_3)", "print(_i12)"])
def test_ipython_s_history_by_cell_number_blocks_the_skip(later):
    [message] = problems_of("x = 1", later)
    assert message.startswith("cell 2, after it, is not analysable") and "by cell number" in message


def test_an_unanalysable_cell_before_the_skipped_one_blocks_it():
    cells = [new_code_cell("%run helpers.py"), locked("x = 1"), new_code_cell("print(1)")]
    [problem] = skipping.problems(cells)
    assert str(problem).startswith("cell 2: cell 1, before it, is not analysable")


@pytest.mark.parametrize(("code", "why"), [
    ("%matplotlib inline\nx = 1", "line 1 is an IPython magic or shell line"),
    ("!ls", "line 1 is an IPython magic or shell line"),
    ("y = 1\n  %time y = 2", "line 2 is an IPython magic or shell line"),
    ("from os import *", "line 1 imports *"),
    ("def broken(:", "it does not parse as Python"),
])
def test_magics_shell_lines_star_imports_and_bad_syntax_in_a_tagged_cell_are_refused(code, why):
    [message] = problems_of(code, "print(1)")
    assert message.startswith(f"the static check does not reason about it: {why}")


@pytest.mark.parametrize("code", ["%timeit f()", "!echo $x", "from math import *"])
def test_an_unanalysable_later_cell_blocks_the_skip(code):
    [message] = problems_of("x = 1", code)
    assert message.startswith("cell 2, after it, is not analysable")


def test_only_locked_instructor_cells_may_be_tagged():
    editable = new_code_cell("x = 1", metadata={"tags": [SKIP_TAG]})
    test = graded("assert True")
    test.metadata["tags"] = [SKIP_TAG]
    solution = new_code_cell("y = 1", metadata={"tags": [SKIP_TAG], "nbgrader": {
        "grade": False, "grade_id": "s", "locked": False, "solution": True, "schema_version": 3}})
    markdown = new_markdown_cell("text", metadata={"tags": [SKIP_TAG]})
    found = skipping.problems([editable, test, solution, markdown])
    assert [p.cell for p in found] == [1, 2, 3, 4]
    assert "not locked" in found[0].message
    assert "graded" in found[1].message and "graded" in found[2].message
    assert skipping.skippable([editable, test, solution, markdown]) == set()


def test_a_needed_tagged_cell_makes_what_it_needs_run_too():
    cells = [locked("x = 1", grade_id="a"), locked("y = x", grade_id="b"), new_code_cell("print(y)")]
    assert skipping.skippable(cells) == set()
    assert [str(p) for p in skipping.problems(cells)] == [
        "cell 1: it defines or changes 'x', which cell 2 uses",
        "cell 2: it defines or changes 'y', which cell 3 uses",
    ]


def test_uses_in_skipped_cells_and_before_do_not_count():
    cells = [new_code_cell("print(x)"), locked("x = 1", grade_id="a"), locked("print(x)", grade_id="b"),
             new_code_cell("print(2)")]
    assert skipping.skippable(cells) == {1, 2}


def test_untagged_cells_are_never_skipped():
    cells = [locked("x = 1", tagged=False), new_code_cell("print(1)")]
    assert skipping.skippable(cells) == set()


# -- the grader and the feedback, with a real kernel ------------------------------------------------
def _grade(cells, tmp_path, **traits):
    nb = new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb, _ = ResilientExecute(timeout=30, **traits).preprocess(nb, {"metadata": {"path": str(tmp_path)}})
    return nb


def _cells():
    return [
        new_code_cell("shown = []"),
        # changes `shown`, but nothing later reads it; the file says whether it ran
        locked("print('a plot')\nshown.append(1)\nopen('drawn', 'w').close()"),
        locked("needed = 41\nprint('needed later')", grade_id="setup"),
        graded("import os\nassert needed + 1 == 42\nprint(int(os.path.exists('drawn')))"),
    ]


@pytest.mark.nbgrader
def test_the_grader_skips_a_safe_tagged_cell_and_runs_a_needed_one(tmp_path):
    nb = _grade(_cells(), tmp_path)
    demo, setup, test = nb.cells[1], nb.cells[2], nb.cells[3]
    assert demo.outputs == [] and demo.execution_count is None
    assert events.not_run_cause(demo) is NotRunCause.SKIPPED
    assert setup.outputs[0].text == "needed later\n"  # tagged, but `needed` is used later: it ran
    assert events.not_run_cause(setup) is None
    assert test.outputs[0].text == "0\n"  # the skipped cell did not run


@pytest.mark.nbgrader
def test_with_skipping_off_every_cell_runs(tmp_path):
    nb = _grade(_cells(), tmp_path, skip_tagged=False)
    assert nb.cells[1].outputs[0].text == "a plot\n"
    assert events.not_run_cause(nb.cells[1]) is None
    assert nb.cells[3].outputs[0].text == "1\n"
    seconds = timing(nb)  # where the notebook's time went, for the benchmark's profile
    assert set(seconds) == {"kernel_start", "kernel_prestart", "cells", "kernel_stop"}
    assert seconds["kernel_start"] > 0 and seconds["cells"] > 0


@pytest.mark.nbgrader
def test_the_feedback_shows_a_skipped_cell_as_not_run_in_one_line(tmp_path):
    nb = _grade(_cells(), tmp_path)
    nb, _ = FeedbackNotes().preprocess(nb, {})
    demo = nb.cells[1]
    assert [o.get("text") for o in demo.outputs] == [SKIPPED_LINE]
    assert SKIPPED_LINE.count("\n") == 1 and "not run" in SKIPPED_LINE.lower()
    assert nb.cells[2].outputs[0].text == "needed later\n"  # a cell that ran keeps its output
