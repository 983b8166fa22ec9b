"""``nncourse validate``: prove the assignment before releasing it.

Two pseudo-students go through the real grading pipeline: "solutions" submits
the student notebooks with every blank filled in from the source notebooks
(what a perfect student hands in) and must get full marks; "stubs" submits the
student notebooks untouched and every graded cell must fail on its blank's
NotImplementedError (a cell that passes on a stub gives free points; a cell
that fails for another reason is broken).

It also proves that the cells tagged ``skip-when-grading`` are safe to leave
out: the static check of :mod:`nncourse.grading.skipping` on the source
notebooks (only locked instructor cells may be tagged; no later cell uses a name
a skipped cell defines), then the solutions graded again with skipping off must
get the same score on every graded cell, with the same number of cells graded.
"""

import dataclasses
import tempfile
from pathlib import Path

from nncourse import notebooks as nbs
from nncourse.grading import skipping

SOLUTIONS, STUBS = "solutions", "stubs"


def stage(folder: Path, course: Path = nbs.ROOT, notebooks: list[str] | None = None) -> list[str]:
    """Write the two pseudo-students in <student>/<assignment>/ layout; returns the notebooks."""
    source, release = course / "source" / nbs.ASSIGNMENT, course / "notebooks" / nbs.ASSIGNMENT
    names = notebooks or nbs.notebook_names(source)
    nbs.write_submission(folder / SOLUTIONS, {n: nbs.solved_release(n, source, release) for n in names})
    nbs.write_submission(folder / STUBS, {n: nbs.read(release / f"{n}.ipynb") for n in names})
    return names


def problems(results, names: list[str]) -> tuple[list[str], list[tuple]]:
    """(problems, table rows) from the two students' grading results."""
    by_student = {r.student: r for r in results}
    rows, found = [], []
    for name in names:
        sol = by_student[SOLUTIONS].notebooks[name]
        stub = by_student[STUBS].notebooks[name]
        if sol.score != sol.max_score:
            lost = [f"{c.grade_id} ({c.status}: {c.message})" for c in sol.cells if c.points < c.max_points]
            found.append(f"{name}: the solution loses points in {', '.join(lost) or 'the notebook'}")
        wrong = [c for c in stub.cells
                 if c.points > 0 or not (c.error and c.error.get("ename") == "NotImplementedError")]
        for c in wrong:
            why = "passes on the stub" if c.points > 0 else f"fails with {c.message or c.status}"
            found.append(f"{name}: {c.grade_id} {why}")
        good = len(stub.cells) - len(wrong)
        rows.append((name, sol.score, sol.max_score, stub.score, good, len(stub.cells)))
    return found, rows


def skip_problems(source: Path, names: list[str]) -> list[str]:
    """The static check of the skip-when-grading tags of the source notebooks NAMES."""
    return [f"{name}: skip-when-grading {problem}"
            for name in names for problem in skipping.problems(nbs.read(source / f"{name}.ipynb").cells)]


def skipped_count(source: Path, names: list[str]) -> int:
    """How many cells of the source notebooks NAMES are tagged (and safe) to skip."""
    return sum(len(skipping.skippable(nbs.read(source / f"{name}.ipynb").cells)) for name in names)


def cell_scores(result, student: str = SOLUTIONS) -> dict[tuple[str, str], float]:
    """(notebook, grade id) -> points of STUDENT's graded cells in a grading RESULT."""
    student_result = next(r for r in result.students if r.student == student)
    return {(name, cell.grade_id): cell.points
            for name, notebook in student_result.notebooks.items() for cell in notebook.cells}


def skip_differences(skipping_on: dict, skipping_off: dict) -> list[str]:
    """Where the solutions' scores with skipping differ from those without it."""
    found = []
    if len(skipping_on) != len(skipping_off):
        found.append(f"skipping changes the number of graded cells: {len(skipping_on)} with it, "
                     f"{len(skipping_off)} without")
    for key in sorted(set(skipping_on) | set(skipping_off)):
        with_it, without = skipping_on.get(key), skipping_off.get(key)
        if with_it != without:
            found.append(f"{key[0]}: {key[1]} scores {with_it} with skip-when-grading and {without} without: "
                         "a skipped cell is needed (untag it)")
    return found


def render(rows: list[tuple]) -> str:
    lines = [f"{'notebook':<22} {'solution':>12} {'stub':>8} {'stub cells failing on the blank':>32}",
             "-" * 78]
    for name, sol, max_score, stub, good, total in rows:
        lines.append(f"{name:<22} {sol:>5g} / {max_score:<4g} {stub:>8g} {good:>20d} / {total}")
    sol_total = sum(r[1] for r in rows)
    max_total = sum(r[2] for r in rows)
    lines.append("-" * 78)
    lines.append(f"{'total':<22} {sol_total:>5g} / {max_total:<4g} {sum(r[3] for r in rows):>8g}")
    return "\n".join(lines)


def validate(workers: int | None = None, keep: Path | None = None, course: Path = nbs.ROOT,
             notebooks: list[str] | None = None) -> int:
    """Grade both pseudo-students; print the table; 0 when everything holds.

    course: the course folder (its source/ and notebooks/); notebooks: a subset to check.
    """
    from nncourse.grading import GradingOptions, grade

    with tempfile.TemporaryDirectory(prefix="nncourse-validate-") as tmp:
        out = keep or Path(tmp) / "out"
        submissions = Path(tmp) / "submissions"
        names = stage(submissions, Path(course), notebooks)
        source = Path(course) / "source" / nbs.ASSIGNMENT
        static = skip_problems(source, names)
        print(f"grading {len(names)} solution notebooks and the untouched student notebooks ...",
              flush=True)
        options = GradingOptions() if workers is None else GradingOptions(workers=workers)
        result = grade(submissions, out, options, course_source=course)
        found, rows = problems(result.students, names)
        print(render(rows))
        found += result.failures + static
        skipped = skipped_count(source, names)
        if skipped and not found:  # (with problems already, validate fails: no need to prove the skips)
            print(f"grading the solutions again without skipping the {skipped} skip-when-grading cells ...",
                  flush=True)
            solutions_only = Path(tmp) / "solutions-only"
            (solutions_only / SOLUTIONS).parent.mkdir(parents=True)
            (submissions / SOLUTIONS).rename(solutions_only / SOLUTIONS)
            unskipped = grade(solutions_only, Path(tmp) / "out-unskipped",
                              dataclasses.replace(options, skip_tagged=False), course_source=course)
            found += unskipped.failures + skip_differences(cell_scores(result), cell_scores(unskipped))
        if found:
            print("\nproblems:\n" + "\n".join(f"  - {p}" for p in found))
            return 1
        print("\nvalid: the solutions get full marks and every graded cell fails on its stub")
        if skipped:
            print(f"valid: the {skipped} skip-when-grading cells are safe to skip (nothing later uses what "
                  "they define; the solutions score the same on every cell without skipping)")
        return 0
