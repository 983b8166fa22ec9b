"""A hint never proposes a change the student's code cannot contain (``autograder.source_facts``).

Made-up student functions are written to a module file (so that ``inspect`` reads them as it
reads a notebook cell) or, as ipykernel does, exec'd with their text in linecache. Each rule is
shown three ways: the cause kept when its footprint is in the source, the hint reduced to its
proven fact when it is not, and the hint unchanged when no source can be read.
"""

import importlib.util
import itertools
import linecache
import textwrap

import numpy as np
import pytest
from blanks import mistakes_of

from autograder import source_facts as S
from autograder.aliasing import later_entry_values
from autograder.checking import CheckFailed, call, hint_line
from autograder.diagnosis import shape_hint
from autograder.dict_keys import key_hint
from autograder.fingerprints import Clues, explain

_COUNTER = itertools.count()


def _module(tmp_path, text: str):
    """The module defined by ``text``, loaded from a file so that its functions have source."""
    name = f"student_{next(_COUNTER)}"
    path = tmp_path / f"{name}.py"
    path.write_text("import numpy as np\n\n" + textwrap.dedent(text))
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _cell(text: str, with_source: bool = True) -> dict:
    """The globals of a notebook cell run as ipykernel runs it: compiled from a file name whose text
    linecache holds (``with_source``), or from text nothing keeps (exec of a string)."""
    text = "import numpy as np\n\n" + textwrap.dedent(text)
    filename = f"/tmp/ipykernel_0/{next(_COUNTER)}.py" if with_source else "<string>"
    if with_source:
        linecache.cache[filename] = (len(text), None, text.splitlines(True), filename)
    namespace = {"__name__": "__main__"}
    exec(compile(text, filename, "exec"), namespace)
    return namespace


E = np.array([0.1, -0.4, 0.25, 0.7, -0.05])
SUMMED = """
def loss_grad(y, y_hat):
    return np.sum(2 * (y_hat - y)) * np.ones_like(y)
"""
NOT_SUMMED = """
def loss_grad(y, y_hat):
    return 2 * (y_hat - y)
"""


def _times_n_hint() -> str:
    found = explain(len(E) * E, E, Clues(n=len(E)))
    assert found.mistake_ids == ("fp.times_n",)
    return found.text


# --------------------------------------------------------------------------
# What the source holds
# --------------------------------------------------------------------------

def test_tokens_name_a_call_however_it_is_spelled(tmp_path):
    m = _module(tmp_path, """
        def f(x, y):
            a = np.sum(x, axis=0) + x.mean(keepdims=True) + sum(y)
            return a.T if x.shape[0] >= 2 else -a
        """)
    facts = S.read([m.f])
    assert facts.has(S.calls("sum")) and facts.has(S.calls("mean")) and facts.has(S.keyword("axis"))
    assert facts.has(S.attribute("T")) and facts.has(S.compares(">=")) and facts.has(S.constant(2))
    assert facts.has(S.operator("unary -")) and not facts.has(S.compares(">"))
    assert not facts.has(S.calls("max")) and not facts.has(S.statement("loop"))


def test_statements_a_return_in_a_loop_and_an_argument_changed_in_place(tmp_path):
    m = _module(tmp_path, """
        def f(x, params):
            x[x < 0] = 0
            for k in params:
                return k

        def g(x):
            y = x.copy()
            y[y < 0] = 0
            y += 1
            return y
        """)
    assert S.read([m.f]).has(S.statement("return in loop"))
    assert S.read([m.f]).has(S.statement("in place on argument"))
    assert not S.read([m.g]).has(S.statement("in place on argument"))  # a copy is not the argument
    assert S.read([m.g]).has(S.statement("augmented assignment"))


def test_the_students_own_functions_it_calls_are_read_with_it(tmp_path):
    m = _module(tmp_path, """
        def helper(z):
            return np.sum(z)

        def f(x):
            return helper(x) * 2

        def outer(x):
            return f(x)
        """)
    assert S.read([m.f]).has(S.calls("sum"))
    assert S.read([m.outer]).has(S.calls("sum"))  # two levels down
    assert not S.read([m.helper]).has(S.constant(2))


def test_no_source_means_no_facts():
    assert S.read([_cell(NOT_SUMMED, with_source=False)["loss_grad"]]) is None
    assert S.read([np.sum]) is None and S.read([]) is None
    assert S.read([_cell(NOT_SUMMED)["loss_grad"]]) is not None  # a kernel's cell: linecache has it


# --------------------------------------------------------------------------
# The rule: kept, reduced, unchanged
# --------------------------------------------------------------------------

def test_a_cause_is_kept_when_its_footprint_is_in_the_source(tmp_path):
    with S.studying(_module(tmp_path, SUMMED).loss_grad):
        assert "a sum where the mean belongs" in _times_n_hint()


def test_a_cause_the_code_cannot_contain_leaves_the_proven_fact(tmp_path):
    with S.studying(_module(tmp_path, NOT_SUMMED).loss_grad):
        assert _times_n_hint() == "your values are exactly N = 5 times too large."
    with S.studying(_cell(NOT_SUMMED)["loss_grad"]):  # a notebook cell, read as the kernel keeps it
        assert _times_n_hint() == "your values are exactly N = 5 times too large."


def test_no_source_leaves_the_hint_unchanged():
    whole = _times_n_hint()  # no function under study
    assert "a sum where the mean belongs" in whole
    with S.studying(_cell(NOT_SUMMED, with_source=False)["loss_grad"]):
        assert _times_n_hint() == whole


def test_a_hint_with_nothing_but_a_cause_says_nothing_when_the_cause_is_absent(tmp_path):
    no_loop = _module(tmp_path, NOT_SUMMED).loss_grad
    line = hint_line("fp.example", "a loop one iteration short.", S.statement("loop"))
    assert "[mistake: fp.example]" in line
    with S.studying(no_loop):
        assert hint_line("fp.example", "a loop one iteration short.", S.statement("loop")) == ""
        kept = hint_line("fp.example", "a loop one iteration short.", S.statement("loop"), "one entry short.")
        assert kept == "\nHint: one entry short. [mistake: fp.example]"


def test_a_list_of_causes_keeps_the_causes_the_code_can_have(tmp_path):
    made = _module(tmp_path, """
        def init(n_in, n_out):
            return np.random.default_rng(0).normal(size=(n_in, n_out))
        """).init
    with S.studying(made):  # no product in this code: only where the array is made
        text = shape_hint((3, 2), (2, 3)).text
    assert "the two sizes exchanged where the array is made" in text and "product" not in text
    assert "a product in the other order" in shape_hint((3, 2), (2, 3)).text  # no source: every cause


def test_a_rounding_is_told_to_be_dropped_only_where_the_code_rounds(tmp_path):
    e = np.array([0.234, 0.517, 0.949, 0.351])
    m = _module(tmp_path, """
        def plain(x):
            return x * 2

        def rounds(x):
            return np.round(x, 2)
        """)
    with S.studying(m.plain):
        found = explain(np.round(e, 2), e, Clues())
    assert found.mistake_ids == ("fp.rounded",)
    assert found.text == "your result is the expected value rounded to 2 decimals."
    with S.studying(m.rounds):
        assert "return it unrounded" in explain(np.round(e, 2), e, Clues()).text


# --------------------------------------------------------------------------
# Through a real check (wrapped by autograder.checks: the blank's function is the subject)
# --------------------------------------------------------------------------

def test_the_perceptrons_strict_step_names_the_comparison_only_where_there_is_one(tmp_path):
    m = _module(tmp_path, """
        def with_comparison(x, w, b):
            return int(np.dot(w, x) + b > 0)

        def with_heaviside(x, w, b):
            return int(np.heaviside(np.dot(w, x) + b, 0))
        """)
    found, text = mistakes_of("perceptron", m.with_comparison)
    assert found == ("perceptron.strict_inequality",) and "use >= rather than >" in text
    found, text = mistakes_of("perceptron", m.with_heaviside)
    assert found == ("perceptron.strict_inequality",) and "fires only when w·x + b > 0" in text
    assert ">= rather than" not in text


_ONE_EPOCH = """
n_wrong = 0
for x_i, y_i in zip(X, y):
    y_pred = 1 if np.dot(w, x_i) + b >= 0 else 0
    if y_pred != y_i:
        w = w + lr * (y_i - y_pred) * x_i
        b = b + lr * (y_i - y_pred)
        n_wrong += 1
"""


def _train_perceptron(tmp_path, loop: str | None, record: str):
    """A student's train_perceptron: one epoch's pass under the loop line ``loop`` (None: no loop
    over epochs), then the line ``record`` (indented as written: inside the loop or after it)."""
    pass_ = textwrap.indent(_ONE_EPOCH, "    " * (2 if loop else 1))
    head = "def train_perceptron(X, y, lr=1.0, epochs=20):\n    X = np.asarray(X, dtype=float)\n" \
           "    w, b = np.zeros(X.shape[1]), 0.0\n    errors = []\n"
    text = head + (f"    {loop}\n" if loop else "") + pass_ + record + "    return w, b, errors\n"
    return _module(tmp_path, text).train_perceptron


def test_a_loop_one_epoch_short_names_its_bound(tmp_path):
    short = _train_perceptron(tmp_path, "for epoch in range(1, epochs):", "        errors.append(n_wrong)\n")
    found, text = mistakes_of("train_perceptron", short)
    assert "fp.off_by_one" in found and "range(1, n)" in text


def test_one_entry_for_every_epoch_names_how_the_code_records_once(tmp_path):
    """The eighth set's one-pass perceptron (no loop over epochs) was told only of an append
    under a condition, which its code does not have; it is told the append runs once, outside
    any loop. Code that appends under an if is told that, and not the other."""
    one_pass = _train_perceptron(tmp_path, None, "    errors.append(n_wrong)\n")
    found, text = mistakes_of("train_perceptron", one_pass)
    assert "fp.length_factor" in found and "outside any loop" in text and "under a condition" not in text
    sparse = _train_perceptron(tmp_path, "for epoch in range(epochs):",
                               "        if epoch % 100 == 0:\n            errors.append(n_wrong)\n")
    found, text = mistakes_of("train_perceptron", sparse)
    assert "fp.length_factor" in found and "under a condition" in text and "outside any loop" not in text

# --------------------------------------------------------------------------
# Error hints name the operands as the failing line has them
# --------------------------------------------------------------------------

def test_a_matmul_hint_names_the_operands_in_the_lines_order(tmp_path):
    m = _module(tmp_path, """
        def forward(X, W):
            return W @ X
        """)
    with pytest.raises(CheckFailed) as info:
        call(m.forward, np.ones((4, 3)), np.ones((2, 3)), label="forward(X, W)")
    text = str(info.value)
    assert "`W` has shape (2, 3) and `X` has shape (4, 3)" in text and "`W @ X.T`" in text


def test_a_float_given_by_the_caller_is_not_told_to_be_rounded_where_it_is_used(tmp_path):
    m = _module(tmp_path, """
        def init(n_in, n_hidden):
            return np.random.default_rng(0).normal(0.0, np.sqrt(2.0 / n_in), size=(n_hidden, n_in))

        def init_computed(n_in, fraction):
            n_hidden = n_in * fraction
            return np.random.default_rng(0).normal(size=(n_hidden, n_in))
        """)
    with pytest.raises(CheckFailed) as info:
        call(m.init, 3, 0.5, label="init(3, 0.5)")
    text = str(info.value)
    assert "`n_hidden` is a parameter of `init`, used as given" in text and "int(round" not in text
    with pytest.raises(CheckFailed) as info:
        call(m.init_computed, 3, 0.5, label="init_computed(3, 0.5)")
    assert "int(round(...))" in str(info.value)  # made here: converting it here is a fix


def test_a_whole_float_is_told_to_be_written_as_an_int_only_where_the_code_writes_a_float(tmp_path):
    m = _module(tmp_path, """
        def computed(x, w, b):
            return np.sign(np.dot(w, x) + b)

        def written(x, w, b):
            return 1.0 if np.dot(w, x) + b >= 0 else 0.0
        """)
    found, text = mistakes_of("perceptron", m.computed)
    # np.sign's 0.0 at the boundary is not the expected 1 either: no type hint calls it right
    assert "err.float_index" not in found and "Write" not in text and "not the expected one" in text
    found, text = mistakes_of("perceptron", m.written)
    assert found == ("err.float_index",) and "Write perceptron(" in text


def test_examples_of_an_aliased_entry_keep_the_in_place_edit_only_for_code_that_edits_in_place(tmp_path):
    m = _module(tmp_path, """
        def stores_twice(X, W):
            cache = {}
            z = X @ W
            a = np.maximum(z, 0)
            cache["z1"], cache["a1"] = a, a
            return cache

        def edits(X, W):
            cache = {}
            z = X @ W
            cache["z1"] = z
            z[z < 0] = 0
            cache["a1"] = z
            return cache
        """)
    a1 = np.array([[0.0, 1.5], [2.0, 0.0]])
    returned = {"z1": a1, "a1": a1}
    expected = {"z1": np.array([[-1.0, 1.5], [2.0, -0.5]]), "a1": a1}
    with S.studying(m.stores_twice):
        text = later_entry_values("z1", returned, expected, ("z1", "a1"))[0].hint
    assert "For example a1 is stored under 'z1' too" in text and "in-place edit" not in text
    with S.studying(m.edits):
        assert "in-place edit" in later_entry_values("z1", returned, expected, ("z1", "a1"))[0].hint


def test_a_dict_of_the_first_keys_names_the_early_exits_the_code_has(tmp_path):
    m = _module(tmp_path, """
        def returns_in_loop(params):
            new = {}
            for key in params:
                new[key] = params[key] * 2
                return new

        def no_loop(params):
            return {"W1": params["W1"]}
        """)
    keys, wanted = ["W1"], ["W1", "b1", "W2", "b2"]
    with S.studying(m.returns_in_loop):
        assert "a `return` indented into the loop" in key_hint(keys, wanted).text
    with S.studying(m.no_loop):
        text = key_hint(keys, wanted).text
    assert "only the first key" in text and "loop" not in text


def test_keepdims_is_proposed_only_for_code_that_reduces(tmp_path):
    m = _module(tmp_path, """
        def labels_subtracted(P, y):
            return P - y

        def normalised(E):
            return E / E.sum(axis=1)
        """)
    with S.studying(m.labels_subtracted), pytest.raises(CheckFailed) as info:
        call(m.labels_subtracted, np.ones((4, 3)), np.ones(4), label="f(P, y)")
    text = str(info.value)
    assert "err.keepdims" in text and "which is (4, 3) without its last axis" in text
    assert "keepdims=True" not in text
    with S.studying(m.normalised), pytest.raises(CheckFailed) as info:
        call(m.normalised, np.ones((4, 3)), label="f(E)")
    assert "keep the reduced axis with keepdims=True" in str(info.value)


def test_an_integer_array_is_named_only_for_code_that_can_make_one(tmp_path):
    m = _module(tmp_path, """
        def floats(X):
            X = np.asarray(X, dtype=np.float64)
            return np.zeros(X.shape[1])

        def integers(X):
            return np.zeros(len(X), dtype=int)

        def cast(X):
            return X.astype("int32")
        """)
    e = np.array([0.25, 0.5, 0.75, 0.125])
    with S.studying(m.floats):
        text = explain(np.zeros(4), e, Clues()).text
    assert "0 in every entry" in text and "integer array" not in text and "//" not in text
    for made in (m.integers, m.cast):
        with S.studying(made):
            assert "fills an integer array" in explain(np.zeros(4), e, Clues()).text
