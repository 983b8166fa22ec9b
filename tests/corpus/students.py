"""The adversarial corpus: one student per failure mode (or per few independent ones).

Built on the cheap notebooks (01_perceptron, 03_losses). Where a student combines
modes, each sits in its own blank and fails only that blank's test cell, so
each is graded on its own. The two students who wreck 01's kernel (a loop, a fork bomb
in ``xor``) also hand in a perfect 03, graded after it in the same worker: it
must score full marks. Names sort the two slow students (timeouts) first, so
that each of two workers starts with one.
"""

from __future__ import annotations

from . import answers as A
from .build import Cell, Student, points
from .edits import (
    add_file,
    answer,
    copy_cell,
    delete_cell,
    downgrade,
    edit_test,
    foreign,
    move_cell,
    rename,
    truncate,
)

P, L = "01_perceptron", "03_losses"
#: softmax_cross_entropy_grad uses the student's softmax, and its check their categorical cross-entropy
#: (notebook 3, Exercise 5): what breaks either breaks this cell too
SOFTMAX_GRAD = f"{L}/test_softmax_cross_entropy_grad"
PERFECT = ()
FORFEIT = "this notebook changes the course's checks"


def forfeited(notebook: str) -> dict[str, Cell]:
    """Every test cell of NOTEBOOK failed with the forfeit's reason: the notebook changed the checks."""
    return {f"{notebook}/{cell}": Cell("failed", FORFEIT) for cell in points(notebook)}

BCE_UNDEFINED = "name 'binary_cross_entropy' is not defined"

CORPUS: list[Student] = [
    # -- kernel trouble: the sandbox and ResilientExecute -------------------------------------
    Student(
        "busy_loop",
        ("infinite loop / cell timeout",),
        {P: (answer("xor", A.XOR_LOOP),), L: PERFECT},
        cells={f"{P}/test_xor": Cell("timeout", "CellTimeoutError")},
        phrases={P: ("did not finish within the time limit", "it was interrupted")},
        flags=frozenset({"timeout"}),
    ),
    Student(
        "busy_loop_ignoring_interrupt",
        ("infinite loop that catches KeyboardInterrupt",),
        {L: (answer("categorical_cross_entropy", A.CCE_LOOP_IGNORING_INTERRUPT),)},
        cells={f"{L}/test_categorical_cross_entropy": Cell("timeout", "could not be interrupted"),
               SOFTMAX_GRAD: Cell("timeout", "could not be interrupted")},  # its check calls the CCE
        phrases={L: ("could not be interrupted", "The kernel was restarted")},
        flags=frozenset({"timeout"}),
    ),
    Student(
        "crash_exit",
        ("kernel death via os._exit",),
        {L: (answer("softmax", A.SOFTMAX_EXIT),)},
        cells={f"{L}/test_softmax": Cell("crashed", "the kernel died while running cell"),
               SOFTMAX_GRAD: Cell("crashed", "the kernel died while running cell")},
        phrases={L: ("exited with status 3 (what os._exit(3) does)", "the cells after it were still graded")},
        flags=frozenset({"kernel_died"}),
    ),
    Student(
        "crash_memory",
        ("memory bomb (resident memory)", "memory bomb (one huge allocation)"),
        {
            L: (
                answer("softmax", A.SOFTMAX_MEMORY_HOARD),
                answer("categorical_cross_entropy", A.CCE_HUGE_ALLOCATION),
            )
        },
        cells={
            f"{L}/test_softmax": Cell("crashed", "memory limit exceeded"),
            f"{L}/test_categorical_cross_entropy": Cell("failed", "Unable to allocate"),
            SOFTMAX_GRAD: Cell("crashed", "memory limit exceeded"),
        },
        phrases={L: ("memory limit exceeded", "the cells after it were still graded")},
        flags=frozenset({"kernel_died"}),
    ),
    Student(
        "crash_fork_bomb",
        ("fork bomb",),
        {P: (answer("xor", A.XOR_FORK_BOMB),), L: PERFECT},
        cells={f"{P}/test_xor": Cell("crashed", "process limit reached")},
        phrases={P: ("the grader stopped it: process limit reached", "the cells after it were still graded")},
        flags=frozenset({"kernel_died", "spawns_process"}),
    ),
    # -- tampered test cells: RestoreTrackedCells -----------------------------------------------
    Student(
        "tamper_edit_delete",
        ("test cell edited (source and points)", "test cell deleted (under a wrong answer)"),
        {
            L: (
                answer("softmax", A.SOFTMAX_WRONG),
                edit_test("test_softmax", "pass  # tests are for other people", points=20),
                answer("mse_grad", A.MSE_GRAD_WRONG),
                delete_cell("test_mse_grad"),
            )
        },
        cells={
            f"{L}/test_softmax": Cell("failed", "every row should sum to 1"),
            SOFTMAX_GRAD: Cell("failed", "has the wrong values"),
            f"{L}/test_mse_grad": Cell("failed", "has the wrong values"),
        },
        phrases={L: ("had been edited", "grading settings (points)", "was missing from your notebook")},
        flags=frozenset({"cell_restored", "cell_missing"}),
    ),
    Student(
        "tamper_copy_move_delete",
        ("test cell duplicated", "test cell moved", "test cell deleted (under a right answer)"),
        {
            L: (
                copy_cell("test_softmax", to=1),
                move_cell("test_categorical_cross_entropy", "categorical_cross_entropy"),
                delete_cell("test_mse"),
            )
        },
        phrases={
            L: (
                "only the last copy is graded",
                "the original order was restored",
                "Test cell 'test_mse' was missing from your notebook",
            )
        },
        flags=frozenset({"cell_duplicate", "cell_moved", "cell_missing"}),
    ),
    # -- files: collect --------------------------------------------------------------------------
    Student(
        "file_missing",
        ("every notebook missing (a stray file only)",),
        files=(add_file("notes.txt", "I will hand in tomorrow"),),
        phrases={P: ("No file was submitted for 01_perceptron.ipynb",)},
        flags=frozenset({"ignored_files"}),
    ),
    Student(
        "file_invalid_renamed",
        ("notebook renamed", "notebook not valid JSON"),
        {P: PERFECT, L: PERFECT},
        files=(rename(P, f"{P} (1).ipynb"), truncate(L)),
        statuses={L: "invalid"},
        phrases={P: (f"'{P} (1).ipynb' was graded as {P}.ipynb",), L: ("it is not valid JSON",)},
        flags=frozenset({"invalid"}),
    ),
    Student(
        "file_wrong_v3",
        ("notebook of another assignment", "notebook saved by nbformat 3"),
        {L: PERFECT},
        files=(foreign(P), downgrade(L)),
        statuses={P: "wrong_assignment"},
        phrases={P: ("is not this assignment's 01_perceptron",), L: ("old format (nbformat 3)",)},
        flags=frozenset({"wrong_assignment"}),
    ),
    # -- cheating: flagged, and still graded -----------------------------------------------------
    Student(
        "cheat_reference",
        ("imports solutions", "reads the reference, the gradebook and the hidden tests from disk"),
        {L: (answer("softmax", A.SOFTMAX_FROM_REFERENCE), answer("mse_grad", A.MSE_GRAD_FROM_FILES))},
        # the runtime audit refuses both: no advantage
        cells={f"{L}/test_softmax": Cell("error", "softmax"),
               SOFTMAX_GRAD: Cell("error", "name 'softmax' is not defined"),
               f"{L}/test_mse_grad": Cell("error", "mse_grad")},
        flags=frozenset({"reads_reference", "reads_grader_files", "dynamic_code"}),
    ),
    Student(
        "cheat_patching",
        (
            "monkeypatches numpy.allclose and numpy.testing",
            "returns an object whose __eq__ is always True",
            "shadows the builtins the checks use",
            "hands in an autograder.py to shadow the check library",
        ),
        {
            L: (
                answer("softmax", A.SOFTMAX_PATCHING_NUMPY),
                answer("categorical_cross_entropy", A.CCE_ALWAYS_EQUAL),
                answer("mse", A.MSE_SHADOWING_CHECK_BUILTINS),
            )
        },
        files=(add_file("autograder.py", A.SHADOW_PACKAGE),),
        # a notebook that changes the checks gets nothing from them: every test cell (integrity/forfeit.py)
        cells=forfeited(L),
        flags=frozenset({"monkeypatch", "custom_equality", "ignored_files", "integrity"}),
    ),
    Student(
        "cheat_autograder",
        ("monkeypatches the check library", "rebinds a check function"),
        {
            L: (
                answer("softmax", A.SOFTMAX_PATCHING_AUTOGRADER),
                answer("categorical_cross_entropy", A.CCE_SHADOWING_CHECK),
            )
        },
        # Patching the library silences the visible checks (the test cells' own imports defeat
        # the shadowing alone), and some checks run only in the kernel: so no verdict of the
        # notebook is taken, and every test cell scores 0 (integrity/forfeit.py), flagged too.
        cells=forfeited(L),
        # no "integrity" since 2026-12-02 (H20f): the audit puts the library's function back before
        # the next cell (and flags monkeypatch), so the library never finds itself patched
        flags=frozenset({"monkeypatch", "shadows_test_name"}),
    ),
    # -- bad values and side effects: the checks and the output cap ------------------------------
    Student(
        "values_bad",
        ("NaN output", "inf output", "wrong shape", "wrong dtype"),
        {
            L: (
                answer("softmax", A.SOFTMAX_NAN),
                answer("categorical_cross_entropy", A.CCE_INF),
                answer("mse", A.MSE_NO_MEAN),
                answer("mse_grad", A.MSE_GRAD_FLOAT32),
            )
        },
        cells={
            f"{L}/test_softmax": Cell("failed", "contains NaN or inf"),
            f"{L}/test_categorical_cross_entropy": Cell("failed", "your result contains NaN or inf"),
            SOFTMAX_GRAD: Cell("failed", "contains NaN or inf"),
            f"{L}/test_mse": Cell("failed", "should be a single number"),
            f"{L}/test_mse_grad": Cell("failed", "got dtype float32"),
        },
    ),
    Student(
        "side_effects",
        ("a plot in a test cell", "huge printed output", "input() call", "in-place mutation of inputs"),
        {
            L: (
                answer("softmax", A.SOFTMAX_PLOTS),
                answer("categorical_cross_entropy", A.CCE_PRINTS),
                answer("mse", A.MSE_ASKS),
                answer("mse_grad", A.MSE_GRAD_IN_PLACE),
            )
        },
        cells={
            f"{L}/test_mse": Cell("error", "StdinNotImplementedError"),
            f"{L}/test_mse_grad": Cell("failed", "changed its argument `y_hat` in place"),
        },
        phrases={L: ("printed more than 200000 characters",)},
        flags=frozenset({"output_truncated"}),
    ),
    # -- the control ------------------------------------------------------------------------------
    # -- issue 16: the reference taken at grading time, the network, the history, the gradebooks --
    # The reference is out of the kernel's reach: each import fails, so its blank scores 0.
    Student(
        "cheat_import_module",
        ("imports the reference with importlib.import_module and a name built at run time",),
        {L: (answer("softmax", A.SOFTMAX_IMPORT_MODULE),)},
        cells={f"{L}/test_softmax": Cell("error", "softmax"),
               SOFTMAX_GRAD: Cell("error", "name 'softmax' is not defined")},
        flags=frozenset({"reads_reference", "dynamic_code"}),
    ),
    Student(
        "cheat_dunder_import",
        ("imports the reference with __import__ and a name built at run time",),
        {L: (answer("mse", A.MSE_DUNDER_IMPORT),)},
        # test_mse_grad needs mse too (as test_binary_cross_entropy_grad needs binary_cross_entropy)
        cells={f"{L}/test_mse": Cell("error", "name 'mse' is not defined"),
               f"{L}/test_mse_grad": Cell("error", "name 'mse' is not defined")},
        flags=frozenset({"reads_reference", "dynamic_code"}),
    ),
    Student(
        "cheat_run_path",
        ("runs the reference's file with runpy.run_path",),
        {L: (answer("binary_cross_entropy", A.BCE_RUN_PATH),)},
        cells={f"{L}/test_binary_cross_entropy": Cell("error", BCE_UNDEFINED),
               f"{L}/test_binary_cross_entropy_grad": Cell("error", BCE_UNDEFINED)},
        flags=frozenset({"reads_reference"}),
    ),
    Student(
        "cheat_spec_loader",
        ("loads the reference's file with importlib.util.spec_from_file_location",),
        {L: (answer("binary_cross_entropy_grad", A.BCE_GRAD_SPEC_LOADER),)},
        cells={f"{L}/test_binary_cross_entropy_grad": Cell("error", "binary_cross_entropy_grad")},
        flags=frozenset({"reads_reference", "dynamic_code"}),
    ),
    Student(
        "cheat_read_and_exec",
        ("reads the reference's .py and execs it",),
        {L: (answer("categorical_cross_entropy", A.CCE_READ_AND_EXEC),)},
        cells={f"{L}/test_categorical_cross_entropy": Cell("error", "categorical_cross_entropy"),
               SOFTMAX_GRAD: Cell("error", "name 'categorical_cross_entropy' is not defined")},
        flags=frozenset({"reads_reference", "dynamic_code"}),
    ),
    # Their own code is right: they gain nothing and lose nothing, and are flagged.
    Student(
        "cheat_socket",
        ("opens a loopback listener and connects to it",),
        {P: (answer("perceptron", A.PERCEPTRON_SOCKET),)},
        flags=frozenset({"network"}),
    ),
    Student(
        "cheat_history",
        ("prints IPython's input history (the hidden tests' source)",),
        {P: (answer("train_perceptron", A.TRAIN_PERCEPTRON_PRINTS_HISTORY),)},
        flags=frozenset({"reads_hidden_tests"}),
    ),
    Student(
        "cheat_glob_gradebooks",
        ("globs the temp folder for gradebooks and opens them with sqlite3",),
        {L: (answer("mse_grad", A.MSE_GRAD_GLOBS_GRADEBOOKS),)},
        flags=frozenset({"reads_grader_files"}),
    ),
    Student("perfect", ("none: the control",), {P: PERFECT, L: PERFECT}),
]

BY_NAME = {student.name: student for student in CORPUS}
