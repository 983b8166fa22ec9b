"""Near-solution code stays with the instructors: no mutant or alternative ships to students.

The student wheel may hold the mistakes' *data* (their outputs and hints); it
must hold none of their code, and no module named like the catalogue.
"""

import inspect
import json
import subprocess
import sys
import textwrap
import zipfile

import pytest
from leaks import flat, variant_bodies

from nncourse import notebooks as nbs
from solutions.alternatives import ALTERNATIVES
from solutions.mistakes import MISTAKES
from solutions.unseen_mistakes import UNSEEN
from solutions.unseen_mistakes_blind import UNSEEN_BLIND
from solutions.unseen_mistakes_eighth import UNSEEN_EIGHTH, UNSEEN_EIGHTH_ALTERNATIVES
from solutions.unseen_mistakes_fifth import UNSEEN_FIFTH, UNSEEN_FIFTH_ALTERNATIVES
from solutions.unseen_mistakes_fourth import UNSEEN_FOURTH, UNSEEN_FOURTH_ALTERNATIVES
from solutions.unseen_mistakes_ninth import UNSEEN_NINTH, UNSEEN_NINTH_ALTERNATIVES
from solutions.unseen_mistakes_seventh import UNSEEN_SEVENTH, UNSEEN_SEVENTH_ALTERNATIVES
from solutions.unseen_mistakes_sixth import UNSEEN_SIXTH, UNSEEN_SIXTH_ALTERNATIVES

VARIANTS = (MISTAKES + ALTERNATIVES + UNSEEN + UNSEEN_BLIND + UNSEEN_FOURTH + UNSEEN_FOURTH_ALTERNATIVES
            + UNSEEN_FIFTH + UNSEEN_FIFTH_ALTERNATIVES + UNSEEN_SIXTH + UNSEEN_SIXTH_ALTERNATIVES
            + UNSEEN_SEVENTH + UNSEEN_SEVENTH_ALTERNATIVES + UNSEEN_EIGHTH + UNSEEN_EIGHTH_ALTERNATIVES
            + UNSEEN_NINTH + UNSEEN_NINTH_ALTERNATIVES)
#: variants whose code the students' notebooks show on purpose, and where
SHOWN_IN_NOTEBOOKS = {
    "backward.divides_by_n_twice": "05_backprop's backward_lesson, the lesson's bug under study",
    "forward.forward_weights_first": "the forward given as ready-made code in 05_backprop and 06",
}


@pytest.fixture(scope="module")
def shipped(tmp_path_factory, repo_root) -> dict[str, str]:
    """Every file a student receives: the wheel's files and the released notebooks, as text."""
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out),
                    str(repo_root)], check=True, capture_output=True)
    (wheel,) = out.glob("*.whl")
    with zipfile.ZipFile(wheel) as zf:
        files = {name: zf.read(name).decode("utf-8", errors="replace") for name in zf.namelist()}
    for path in sorted(nbs.RELEASE_DIR.glob("*.ipynb")):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        files[str(path.relative_to(repo_root))] = "\n".join("".join(c["source"]) for c in cells)
    return {name: flat(text) for name, text in files.items()}


def test_no_catalogue_module_ships(shipped):
    """Neither a catalogue module nor one of the catalogue packages (solutions/mistakes/<notebook>.py)."""
    catalogue = ("mistakes", "alternatives", "variants")
    assert not [n for n in shipped if n.endswith(".py")
                and any(part.lower().startswith(catalogue) for part in n.split("/"))]
    assert "autograder/fixtures/mistakes.npz" in shipped, "the catalogue's data ships"


def test_no_variant_code_ships(shipped):
    found = [(v.id, name) for v in VARIANTS for body in variant_bodies(v)
             for name, text in shipped.items() if body in text
             and not (v.id in SHOWN_IN_NOTEBOOKS and name.startswith("notebooks/"))]
    assert not found, f"mutant or alternative code found in the student bundle: {found}"


def test_the_search_would_find_a_leak():
    variant = next(m for m in MISTAKES if m.id == "backward.divides_by_n_twice")
    leaked = textwrap.indent(inspect.getsource(variant.fn), "        ")
    assert all(body in flat(leaked) for body in variant_bodies(variant)[:1])
    assert variant_bodies(variant)[1] in flat(variant.code)
