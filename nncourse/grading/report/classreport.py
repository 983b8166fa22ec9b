"""The end-of-run class outputs beside ``results.json``: ``mistakes.csv`` and ``report.html``.

:func:`write_class_report` reads the diagnosed mistakes from the results (:mod:`.classdata`),
the class's answers to each blank from the autograded notebooks (:mod:`.answers`) for the
similarity flags (:mod:`.similarity`), and writes both files atomically (:mod:`.mistakes`,
:mod:`.page`).
"""

from __future__ import annotations

from pathlib import Path

from ..course import Course
from ..options import GradingOptions
from .answers import class_blanks
from .classdata import ClassData, class_data, class_mistakes
from .mistakes import write_mistakes
from .page import write_page
from .results import StudentResult
from .similarity import flag_pairs


def write_class_report(
    results: list[StudentResult], course: Course, autograded: Path, out_dir: Path, options: GradingOptions
) -> ClassData:
    """Write ``OUT_DIR/mistakes.csv`` and ``OUT_DIR/report.html``; return what the report shows.

    AUTOGRADED: the autograded notebooks, ``<student>/<assignment>/<notebook>.ipynb``.
    """
    write_mistakes(class_mistakes(results), out_dir)
    blanks = class_blanks(course, autograded, [r.student for r in results])
    data = class_data(
        results,
        course.assignment,
        {name: layout.max_points for name, layout in course.notebooks.items()},
        flag_pairs(blanks, options.similarity_threshold),
        options.deadline,
    )
    write_page(data, out_dir)
    return data
