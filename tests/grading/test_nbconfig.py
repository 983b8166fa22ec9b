"""The nbgrader configuration a grading worker runs with (nbconfig.worker_config), on its own."""

from __future__ import annotations

from pathlib import Path

from nbgrader.preprocessors import ClearOutput, Execute, LimitOutput, OverwriteCells
from traitlets.config.loader import PyFileConfigLoader

from nncourse.grading import GradingOptions, Limits
from nncourse.grading.execute import ResilientExecute
from nncourse.grading.integrity.reference import HiddenInputs, TrustedComparison
from nncourse.grading.integrity.tamper import RestoreTrackedCells
from nncourse.grading.nbconfig import worker_config
from nncourse.grading.report.feedback import FeedbackExporter, FeedbackNotes
from nncourse.grading.sandbox import KERNEL_NAME

REPO = Path(__file__).resolve().parents[2]
OPTIONS = GradingOptions(
    cell_timeout=7, notebook_timeout=70, max_restarts=2, max_output_chars=700, limits=Limits(),
    secret_packages=("ref", "keys"),
)


def _course(root: Path, config: str) -> Path:
    root.mkdir()
    (root / "nbgrader_config.py").write_text(f"c = get_config()\n{config}")
    return root


def test_the_course_config_is_kept_but_its_course_folder_is_pinned_to_the_copy(tmp_path):
    root = _course(tmp_path / "w0", "c.CourseDirectory.root = '/elsewhere'\nc.LimitOutput.max_lines = 9\n")
    cfg = worker_config(root, OPTIONS)
    assert cfg.CourseDirectory.root == str(root.resolve())
    assert cfg.CourseDirectory.db_url == f"sqlite:///{root.resolve() / 'gradebook.db'}"
    assert cfg.LimitOutput.max_lines == 9


def test_the_grading_preprocessors_replace_and_precede_nbgraders(tmp_path):
    cfg = worker_config(_course(tmp_path / "w0", ""), OPTIONS)
    sanitize = cfg.Autograde.sanitize_preprocessors
    assert sanitize[0] is RestoreTrackedCells and sanitize.count(RestoreTrackedCells) == 1
    assert ClearOutput in sanitize and OverwriteCells in sanitize
    autograde = cfg.Autograde.autograde_preprocessors
    assert ResilientExecute in autograde and Execute not in autograde and LimitOutput in autograde
    at = autograde.index(ResilientExecute)  # the reference comparison wraps the execution, in the worker
    assert autograde[at - 1] is HiddenInputs and autograde[at + 1] is TrustedComparison
    assert cfg.GenerateFeedback.preprocessors[0] is FeedbackNotes
    assert cfg.GenerateFeedback.exporter_class is FeedbackExporter


def test_preprocessors_the_course_already_lists_are_not_added_twice(tmp_path):
    config = (
        "from nncourse.grading.integrity.tamper import RestoreTrackedCells\n"
        "from nncourse.grading.report.feedback import FeedbackNotes\n"
        "from nbgrader.preprocessors import ClearOutput\n"
        "c.Autograde.sanitize_preprocessors = [ClearOutput, RestoreTrackedCells]\n"
        "c.GenerateFeedback.preprocessors = [FeedbackNotes]\n"
    )
    cfg = worker_config(_course(tmp_path / "w0", config), OPTIONS)
    assert cfg.Autograde.sanitize_preprocessors == [RestoreTrackedCells, ClearOutput]
    assert cfg.GenerateFeedback.preprocessors == [FeedbackNotes]


def test_the_run_options_reach_the_execute_preprocessor(tmp_path):
    cfg = worker_config(_course(tmp_path / "w0", ""), OPTIONS)
    execute = cfg.ResilientExecute
    assert (execute.timeout, execute.notebook_timeout, execute.max_restarts, execute.max_output_chars) == (
        7, 70, 2, 700,
    )
    assert execute.kernel_name == KERNEL_NAME
    assert cfg.FeedbackNotes.secret_packages == ["ref", "keys"]
    unboxed = worker_config(_course(tmp_path / "w1", ""), GradingOptions(sandbox=False))
    assert "kernel_name" not in unboxed.ResilientExecute


def test_the_preprocessor_defaults_are_the_grading_options_defaults():
    defaults = GradingOptions()
    traits = ResilientExecute.class_traits()
    assert traits["notebook_timeout"].default() == defaults.notebook_timeout
    assert traits["max_restarts"].default() == defaults.max_restarts
    assert traits["max_output_chars"].default() == defaults.max_output_chars
    # the numbers README's guarantees state ("up to 3 restarts per notebook", the output cap, the
    # kernel's limits): a default changed without the README is a broken promise
    assert (defaults.max_restarts, defaults.max_output_chars, defaults.cell_timeout) == (3, 200_000, 120)
    assert defaults.limits == Limits(memory_mb=2048, address_space_mb=6144, cpu_seconds=900, nproc=64,
                                     fsize_mb=64, nofile=256)


def test_plain_nbgrader_and_nncourse_grade_default_to_the_same_cell_time_limit():
    """nbgrader_config.py's Execute.timeout serves plain `nbgrader autograde` (see its comment)."""
    course = PyFileConfigLoader("nbgrader_config.py", path=str(REPO)).load_config()
    assert course.Execute.timeout == GradingOptions().cell_timeout
