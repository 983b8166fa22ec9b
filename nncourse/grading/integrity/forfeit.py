"""A notebook that changes the course's checks gets no points from them: its test cells score 0.

The other flags are the instructor's to weigh, and flagged work is graded as usual. Changing
the checks is different: a check whose code, defaults or module entry the notebook replaced
(``C.check_init_params = ...``, ``f.__code__ = ...``), or whose NumPy comparisons it replaced,
passes whatever the student wrote, and some checks (the property tests, the spiral target) can
only run in the student's kernel. So their verdicts are not taken at all: after execution, every
test cell's outputs become one error that says why (nbgrader scores an erroring test cell 0).
The evidence is what the other flags already use: the static scan's ``monkeypatch``
(``cheats.py``), the runtime audit's ``monkeypatch`` (``audit_hook.py``: a function's code
replaced, or a module of the installation shadowed: a fake ``autograder`` or ``numpy`` written
into the kernel's folders, ``sys.meta_path`` or ``sys.modules`` changed under the import wall)
and the check library's own ``integrity`` marker (NumPy's comparisons replaced).
"""

from __future__ import annotations

from nbformat import NotebookNode

from . import cheats

FORFEIT_CODES = ("monkeypatch", "integrity")
"""The flags that say the checks themselves were changed."""
REASON = ("this notebook changes the course's checks ({what}), so none of its test cells' verdicts can "
          "be trusted: every test cell scores 0. Remove the code that changes them and submit again.")


def tampering(nb: NotebookNode, found: list[dict]) -> list[str]:
    """What changed the checks: the static scan's and the runtime's flags of FORFEIT_CODES, in words.

    found: the runtime audit's findings for this notebook (``audit.findings``).
    """
    said = [f.detail for f in cheats.scan_notebook(nb) if f.code in FORFEIT_CODES]
    said += [f"at run time: {f.get('detail', '')}" for f in found if f.get("route") in FORFEIT_CODES]
    said += [f.detail for f in cheats.runtime_flags(nb) if f.code == "integrity"]
    return list(dict.fromkeys(said))


def forfeit(nb: NotebookNode, error: NotebookNode) -> int:
    """Replace every test cell's outputs by ERROR (the reason); returns how many cells."""
    cells = [c for c in nb.cells if c.get("cell_type") == "code"
             and c.get("metadata", {}).get("nbgrader", {}).get("grade")
             and not c.get("metadata", {}).get("nbgrader", {}).get("solution")]
    for cell in cells:
        # the check library's own integrity lines stay: they are evidence the flags are read from
        kept = [o for o in cell.get("outputs", []) if o.get("output_type") == "stream"
                and any(line.startswith(cheats.RUNTIME_MARKERS) for line in o.get("text", "").splitlines())]
        cell.outputs = [*kept, error]
    return len(cells)


def errors_decide(nb: NotebookNode) -> int:
    """In each test cell of NB that failed (an error output), show every ``execute_result`` as
    ``display_data``; returns how many.

    nbgrader reads a test cell's first ``execute_result`` as its partial credit and stops looking,
    so an error after it (a failed check, the worker's verdict) was never seen: a student function
    that called ``sys.displayhook(4.0)`` while a check ran got the cell's 4 points for a wrong
    answer (2026-12-02: a wrong 04 scored 11/11, no flag). A failed cell scores 0; a cell that
    passed keeps its values, so a course's partial credit (the cell's last value) still counts.
    """
    changed = 0
    for cell in nb.cells:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if cell.get("cell_type") != "code" or not meta.get("grade") or meta.get("solution"):
            continue
        if not any(o.get("output_type") == "error" for o in cell.get("outputs", [])):
            continue
        for index, output in enumerate(cell.outputs):
            if output.get("output_type") == "execute_result":
                cell.outputs[index] = NotebookNode(output_type="display_data", data=output.get("data", {}),
                                                   metadata=output.get("metadata", {}))
                changed += 1
    return changed
