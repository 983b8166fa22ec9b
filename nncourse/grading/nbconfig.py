"""The nbgrader configuration a grading worker runs with.

It is the course's own ``nbgrader_config.py`` (loaded from the worker's course
copy) with:

* the course root and gradebook pinned to the copy, whatever the file says;
* :class:`~.tamper.RestoreTrackedCells` first in ``Autograde.sanitize_preprocessors``;
* :class:`~.execute.ResilientExecute` in place of nbgrader's ``Execute`` in
  ``Autograde.autograde_preprocessors``, with the run's time and output limits and
  the sandbox kernel and whether tagged cells are skipped, between :class:`~.reference.HiddenInputs` and
  :class:`~.reference.TrustedComparison` (the hidden tests' reference comparison,
  done here rather than in the kernel, and the runtime audit's channel);
* :class:`~.feedback.FeedbackNotes` in ``GenerateFeedback.preprocessors`` and
  :class:`~.feedback.FeedbackExporter` as its exporter;
* nbconvert's ``Exporter.optimistic_validation``: each notebook is validated against
  nbformat's schema once after its preprocessors, not after each of them (nbgrader's
  autograde runs about 19; each validation walked the whole notebook).
"""

from __future__ import annotations

from pathlib import Path

from nbgrader.converters import Autograde, GenerateFeedback
from nbgrader.preprocessors import Execute
from traitlets.config import Config
from traitlets.config.loader import PyFileConfigLoader

from .execute import ResilientExecute
from .integrity.reference import HiddenInputs, TrustedComparison
from .integrity.tamper import RestoreTrackedCells
from .options import GradingOptions
from .report.feedback import FeedbackExporter, FeedbackNotes
from .sandbox import KERNEL_NAME

CONFIG_FILE = "nbgrader_config.py"


def _configured(cfg: Config, cls: type, name: str) -> list:
    section = cfg[cls.__name__]
    if name in section:
        return list(section[name])
    return list(cls.class_traits()[name].default())


def load_course_config(root: Path) -> Config:
    """The course's ``nbgrader_config.py`` in ROOT (empty when there is none)."""
    if not (Path(root) / CONFIG_FILE).exists():
        return Config()
    return PyFileConfigLoader(CONFIG_FILE, path=str(root)).load_config()


def pin_course(cfg: Config, root: Path) -> Config:
    """Point CFG's course directory and gradebook at ROOT."""
    root = Path(root).resolve()
    cfg.CourseDirectory.root = str(root)
    cfg.CourseDirectory.db_url = f"sqlite:///{root / 'gradebook.db'}"
    return cfg


def worker_config(root: Path, options: GradingOptions) -> Config:
    """The full nbgrader configuration of a worker whose course copy is ROOT."""
    cfg = pin_course(load_course_config(root), root)
    sanitize = [
        pp for pp in _configured(cfg, Autograde, "sanitize_preprocessors") if pp is not RestoreTrackedCells
    ]
    cfg.Autograde.sanitize_preprocessors = [RestoreTrackedCells, *sanitize]
    autograde = []
    for pp in _configured(cfg, Autograde, "autograde_preprocessors"):
        if pp in (HiddenInputs, TrustedComparison):
            continue
        executes = pp in (Execute, ResilientExecute)
        autograde += [HiddenInputs, ResilientExecute, TrustedComparison] if executes else [pp]
    cfg.Autograde.autograde_preprocessors = autograde
    cfg.HiddenInputs.runtime_audit = options.sandbox
    cfg.HiddenInputs.trusted_checks = options.trusted_checks
    execute = cfg.ResilientExecute
    execute.timeout = options.cell_timeout
    execute.notebook_timeout = options.notebook_timeout
    execute.max_restarts = options.max_restarts
    execute.max_output_chars = options.max_output_chars
    execute.skip_tagged = options.skip_tagged
    execute.shutdown_kernel = "immediate"  # the notebook is done: no need to wait for a clean exit
    if options.sandbox:
        execute.kernel_name = KERNEL_NAME
    feedback = _configured(cfg, GenerateFeedback, "preprocessors")
    if FeedbackNotes not in feedback:
        feedback.insert(0, FeedbackNotes)
    cfg.GenerateFeedback.preprocessors = feedback
    cfg.GenerateFeedback.exporter_class = FeedbackExporter
    cfg.FeedbackNotes.secret_packages = list(options.secret_packages)
    cfg.Exporter.optimistic_validation = True  # reads and writes still validate too
    return cfg
