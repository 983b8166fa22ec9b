"""What must never reach students, as searchable text (tests only).

``flat`` removes indentation so code is found at any nesting depth;
``variant_bodies`` gives a mutant's or alternative's body as written and as
injected; ``secret_solution_lines`` gives the lines of every solution region
that appear nowhere else in the source notebooks (given code is public).
"""

import ast
import inspect
import textwrap

from nncourse import notebooks as nbs

MIN_SECRET_CHARS = 16


def flat(text: str) -> str:
    """Lines without their indentation."""
    return "\n".join(line.strip() for line in text.splitlines())


def variant_bodies(variant) -> list[str]:
    """The variant's body as written in solutions/ and as injected into a notebook (no docstring)."""
    lines = textwrap.dedent(inspect.getsource(variant.fn)).splitlines()
    node = ast.parse("\n".join(lines)).body[0]
    body = [s for s in node.body if not (isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant))]
    as_written = "\n".join(lines[body[0].lineno - 1: body[-1].end_lineno])
    injected = "\n".join(ast.unparse(s) for s in body)
    return [flat(as_written), flat(injected)]


def _code_lines(text: str) -> set[str]:
    return {line.strip() for line in text.splitlines() if line.strip() and not line.strip().startswith("#")}


def secret_solution_lines() -> dict[str, set[str]]:
    """grade_id -> lines of its solution region that no non-solution cell of any notebook shows."""
    public, regions = set(), {}
    for name in nbs.notebook_names():
        nb = nbs.read(nbs.SOURCE_DIR / f"{name}.ipynb")
        for cell in nb.cells:
            if cell.cell_type != "code":
                continue
            if nbs.nbgrader_meta(cell).get("solution"):
                regions[f"{name}/{nbs.nbgrader_meta(cell)['grade_id']}"] = _code_lines(
                    nbs.region_text(cell.source))
            else:
                public |= _code_lines(cell.source.split(nbs.BEGIN_HIDDEN)[0])
        for cell in nbs.read(nbs.RELEASE_DIR / f"{name}.ipynb").cells:
            public |= _code_lines(cell.source)  # whatever students are given is public
    return {gid: {line for line in lines - public if len(line) >= MIN_SECRET_CHARS}
            for gid, lines in regions.items()}


def hidden_test_lines() -> set[str]:
    """Every line of every hidden-test block of the source notebooks."""
    lines = set()
    for name in nbs.notebook_names():
        for cell in nbs.read(nbs.SOURCE_DIR / f"{name}.ipynb").cells:
            if nbs.BEGIN_HIDDEN in cell.source:
                block = cell.source.split(nbs.BEGIN_HIDDEN, 1)[1].split(nbs.END_HIDDEN, 1)[0]
                lines |= {line for line in _code_lines(block) if len(line) >= MIN_SECRET_CHARS}
    return lines
