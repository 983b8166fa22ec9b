"""The second and third sets of mistakes are fair measurements: outside the catalogue, wrong, and gradeable.

It is graded only by ``nncourse mutants --unseen`` (a measurement, never a bar);
these tests keep it honest: at least 40 mistakes, none of them a catalogued
mistake in disguise (same outputs on the fixtures), each one failing its check,
and none shipped to students. The third set (``solutions.unseen_mistakes_blind``,
``nncourse mutants --unseen blind``), written without reading the checks, is held
to its structure: unique ids, every blank of the registry, at least 4 mistakes per
notebook, and truth ids the autograder can emit (found in its code at test time) or
catalogued mistakes of the same blank. So are the fourth set
(``solutions.unseen_mistakes_fourth``, ``nncourse mutants --unseen fourth``), written
blind while the general fingerprints were, the fifth (``solutions.unseen_mistakes_fifth``,
``--unseen fifth``), written blind in session 16, and the sixth (``solutions.unseen_mistakes_sixth``,
``--unseen sixth``), written blind in session 17, and the seventh (``solutions.unseen_mistakes_seventh``,
``--unseen seventh``), written blind later in session 17, with at least 6 mistakes per notebook (the
sixth and the seventh at least 8 in each of notebooks 05 to 07, where they were asked to lean),
and the eighth (``solutions.unseen_mistakes_eighth``, ``--unseen eighth``), written blind in session
18 as a measure of the whole course: at least 70 mistakes, at least 8 in every notebook and none
holding more than a fifth of the set, at least 18 alternatives, and the ninth
(``solutions.unseen_mistakes_ninth``, ``--unseen ninth``), written blind later in session 18 to the
same rules, with at least a third of its sources citing a real report, and the tenth
(``solutions.unseen_mistakes_tenth``, ``--unseen tenth``, written blind in session 19 with
``solutions.blind_set``) to the same rules with at least 75 mistakes and 20 alternatives; and
so are their correct alternatives, which those runs grade too. None of these tests grades
anything or runs a check on the blind sets.
"""

import hashlib
import json
import re
from collections import Counter
from pathlib import Path

import pytest
from blanks import CHECKS, run_check

import autograder
from autograder import diagnosis
from autograder.blanks import BLANKS, BY_NAME
from autograder.checking import CheckFailed
from nncourse import hints
from nncourse import mutants as mut
from nncourse.fixtures import RUNNERS, build_all
from nncourse.mistake_fixtures import catalogued_twins
from nncourse.mutants import notebook_of
from solutions.mistakes import MISTAKES, Mistake
from solutions.unseen_mistakes import UNSEEN, UnseenMistake
from solutions.unseen_mistakes_blind import UNSEEN_BLIND
from solutions.unseen_mistakes_eighth import UNSEEN_EIGHTH, UNSEEN_EIGHTH_ALTERNATIVES
from solutions.unseen_mistakes_eleventh import UNSEEN_ELEVENTH, UNSEEN_ELEVENTH_ALTERNATIVES
from solutions.unseen_mistakes_fifteenth import UNSEEN_FIFTEENTH, UNSEEN_FIFTEENTH_ALTERNATIVES
from solutions.unseen_mistakes_fifth import UNSEEN_FIFTH, UNSEEN_FIFTH_ALTERNATIVES
from solutions.unseen_mistakes_fourteenth import UNSEEN_FOURTEENTH, UNSEEN_FOURTEENTH_ALTERNATIVES
from solutions.unseen_mistakes_fourth import UNSEEN_FOURTH, UNSEEN_FOURTH_ALTERNATIVES
from solutions.unseen_mistakes_ninth import UNSEEN_NINTH, UNSEEN_NINTH_ALTERNATIVES
from solutions.unseen_mistakes_seventh import UNSEEN_SEVENTH, UNSEEN_SEVENTH_ALTERNATIVES
from solutions.unseen_mistakes_sixteenth import UNSEEN_SIXTEENTH, UNSEEN_SIXTEENTH_ALTERNATIVES
from solutions.unseen_mistakes_sixth import UNSEEN_SIXTH, UNSEEN_SIXTH_ALTERNATIVES
from solutions.unseen_mistakes_tenth import UNSEEN_TENTH, UNSEEN_TENTH_ALTERNATIVES
from solutions.unseen_mistakes_thirteenth import UNSEEN_THIRTEENTH, UNSEEN_THIRTEENTH_ALTERNATIVES
from solutions.unseen_mistakes_twelfth import UNSEEN_TWELFTH, UNSEEN_TWELFTH_ALTERNATIVES
from solutions.variants import ALTERNATIVES

#: the sets written blind, each with the fewest mistakes it must hold, in all and per notebook
BLIND_SETS = {"blind": (UNSEEN_BLIND, 40, 4), "fourth": (UNSEEN_FOURTH, 45, 4),
              "fifth": (UNSEEN_FIFTH, 60, 6), "sixth": (UNSEEN_SIXTH, 60, 6),
              "seventh": (UNSEEN_SEVENTH, 60, 6), "eighth": (UNSEEN_EIGHTH, 70, 8),
              "ninth": (UNSEEN_NINTH, 70, 8), "tenth": (UNSEEN_TENTH, 75, 8),
              "eleventh": (UNSEEN_ELEVENTH, 78, 8), "twelfth": (UNSEEN_TWELFTH, 78, 8),
              "thirteenth": (UNSEEN_THIRTEENTH, 84, 8), "fourteenth": (UNSEEN_FOURTEENTH, 80, 8),
              "fifteenth": (UNSEEN_FIFTEENTH, 80, 8), "sixteenth": (UNSEEN_SIXTEENTH, 80, 7)}
#: the sets written with correct alternatives, each with the fewest alternatives it must hold
ALTERNATIVE_SETS = {"fourth": (UNSEEN_FOURTH_ALTERNATIVES, 10), "fifth": (UNSEEN_FIFTH_ALTERNATIVES, 15),
                    "sixth": (UNSEEN_SIXTH_ALTERNATIVES, 15), "seventh": (UNSEEN_SEVENTH_ALTERNATIVES, 15),
                    "eighth": (UNSEEN_EIGHTH_ALTERNATIVES, 18), "ninth": (UNSEEN_NINTH_ALTERNATIVES, 18),
                    "tenth": (UNSEEN_TENTH_ALTERNATIVES, 20), "eleventh": (UNSEEN_ELEVENTH_ALTERNATIVES, 22),
                    "twelfth": (UNSEEN_TWELFTH_ALTERNATIVES, 22),
                    "thirteenth": (UNSEEN_THIRTEENTH_ALTERNATIVES, 24),
                    "fourteenth": (UNSEEN_FOURTEENTH_ALTERNATIVES, 26),
                    "fifteenth": (UNSEEN_FIFTEENTH_ALTERNATIVES, 28),
                    "sixteenth": (UNSEEN_SIXTEENTH_ALTERNATIVES, 28)}


def test_at_least_forty_mistakes_in_every_notebook_but_gates_and_hyperparameters():
    assert len(UNSEEN) >= 40
    assert len({m.id for m in UNSEEN}) == len(UNSEEN)
    assert {notebook_of(m.notebook) for m in UNSEEN} == {notebook_of(m.notebook) for m in MISTAKES}
    assert all(m.truth and m.source for m in UNSEEN)


@pytest.fixture(scope="module")
def fixtures():
    return build_all()


@pytest.mark.parametrize("m", UNSEEN, ids=lambda m: m.id)
def test_no_unseen_mistake_is_a_catalogued_one(m, fixtures):
    """No catalogued mistake gives all of its stored outputs exactly as this one does."""
    if m.blank not in RUNNERS:  # the catalogue stores outputs only for blanks with a case runner
        assert not [k for k in diagnosis._catalogue()[0] if k.startswith(f"{m.notebook}:{m.blank}/")]
    assert catalogued_twins(m, fixtures) == [], f"{m.id} gives every stored output of a catalogued mistake"


@pytest.mark.parametrize("m", UNSEEN, ids=lambda m: m.id)
def test_every_unseen_mistake_fails_its_check(m):
    assert m.blank in CHECKS
    with pytest.raises(CheckFailed):
        run_check(m.blank, m.load())


# --- the third set, written blind ------------------------------------------------

def _emittable_ids() -> set[str]:
    """Every generic mistake id the autograder can emit, read from its code now: the "fp.<name>" literals."""
    return {found for found in _id_literals() if found.startswith("fp.")}


def _id_literals() -> set[str]:
    """Every "<word>.<word>" string literal in the autograder's code: its mistake ids among them."""
    root = Path(autograder.__file__).parent
    return {found for path in root.rglob("*.py")
            for found in re.findall(r'"([a-z_]+\.[a-z0-9_]+)"', path.read_text(encoding="utf-8"))}


@pytest.mark.parametrize("name", BLIND_SETS)
def test_a_blind_set_has_its_mistakes_over_every_blank(name):
    mistakes, fewest, fewest_per_notebook = BLIND_SETS[name]
    ids = [m.id for m in mistakes]
    assert len(ids) >= fewest
    assert len(set(ids)) == len(ids), "ids must be unique"
    assert all(m.id == f"{m.blank}.{name}_{m.fn.__name__}" for m in mistakes)
    per_notebook = Counter(m.notebook for m in mistakes)
    assert set(per_notebook) == {b.module for b in BLANKS}
    assert min(per_notebook.values()) >= fewest_per_notebook, per_notebook
    # every blank once before any twice
    assert {m.blank for m in mistakes} == {b.name for b in BLANKS}
    assert all(m.source and m.truth for m in mistakes)


@pytest.mark.parametrize("name", BLIND_SETS)
def test_a_blind_set_names_real_blanks_and_ids_of_the_vocabulary(name):
    """Truth ids: those the autograder's code emits, or those the second set was labelled with.

    The labelling vocabulary names slips, not fingerprints: the lead gave the second set
    ids (a factor lost, the input where the output belongs, ...) before any fingerprint
    emitted them, so that a missing fingerprint shows as a miss, not as "unnamed".
    """
    emittable = _emittable_ids()
    assert len(emittable) >= 10, "too few ids found in the autograder: has their spelling moved?"
    # a check's own ids (err.*, warn.*, adam.*, ...) and the catalogue's ids may be named too
    checks = {found for found in _id_literals() if found.split(".")[0] not in {"fp", "numpy", "nncourse"}}
    vocabulary = (emittable | checks | {m.id for m in MISTAKES}
                  | {t for m in UNSEEN for t in m.truth if t.startswith("fp.")})
    for m in BLIND_SETS[name][0]:
        assert m.blank in BY_NAME, f"{m.id}: no blank {m.blank!r} in the registry"
        assert BY_NAME[m.blank].module == m.notebook, f"{m.id}: {m.blank} is not in solutions.{m.notebook}"
        assert m.truth == ("unnamed",) or not set(m.truth) - vocabulary, \
            f"{m.id}: truth {m.truth} names an id outside the vocabulary"
        catalogued = set(m.truth) & {c.id for c in MISTAKES}
        assert all(c.startswith(f"{m.blank}.") for c in catalogued), \
            f"{m.id}: {catalogued} are catalogued mistakes of another blank"


@pytest.mark.parametrize("mistakes", [UNSEEN_SIXTH, UNSEEN_SEVENTH], ids=["sixth", "seventh"])
def test_the_sixth_and_seventh_sets_lean_on_the_later_notebooks(mistakes):
    """Notebooks 05-07 (training loops, optimisers, minibatches, deeper networks) hold at least 8 each."""
    per_notebook = Counter(BY_NAME[m.blank].notebook for m in mistakes)
    assert all(per_notebook[nb] >= 8 for nb in ("05_backprop", "06_spiral_training", "07_what_next")), \
        per_notebook


@pytest.mark.parametrize(("mistakes", "alternatives"),
                         [(UNSEEN_EIGHTH, UNSEEN_EIGHTH_ALTERNATIVES),
                          (UNSEEN_NINTH, UNSEEN_NINTH_ALTERNATIVES),
                          (UNSEEN_TENTH, UNSEEN_TENTH_ALTERNATIVES),
                          (UNSEEN_ELEVENTH, UNSEEN_ELEVENTH_ALTERNATIVES),
                          (UNSEEN_TWELFTH, UNSEEN_TWELFTH_ALTERNATIVES),
                          (UNSEEN_THIRTEENTH, UNSEEN_THIRTEENTH_ALTERNATIVES),
                          (UNSEEN_FOURTEENTH, UNSEEN_FOURTEENTH_ALTERNATIVES),
                          (UNSEEN_FIFTEENTH, UNSEEN_FIFTEENTH_ALTERNATIVES),
                          (UNSEEN_SIXTEENTH, UNSEEN_SIXTEENTH_ALTERNATIVES)],
                         ids=["eighth", "ninth", "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth",
                              "fifteenth", "sixteenth"])
def test_the_eighth_to_tenth_sets_measure_the_whole_course_evenly(mistakes, alternatives):
    """No notebook holds more than a fifth of the set, and every one has its alternatives too."""
    per_notebook = Counter(BY_NAME[m.blank].notebook for m in mistakes)
    assert len(per_notebook) == len({b.notebook for b in BLANKS}), per_notebook
    assert max(per_notebook.values()) * 5 <= len(mistakes), per_notebook
    assert {a.notebook for a in alternatives} == {b.module for b in BLANKS}


@pytest.mark.parametrize("mistakes", [UNSEEN_NINTH, UNSEEN_TENTH, UNSEEN_ELEVENTH, UNSEEN_TWELFTH],
                         ids=["ninth", "tenth", "eleventh", "twelfth"])
def test_a_third_of_the_set_comes_from_real_reports(mistakes):
    """At least a third of its sources cite where the slip was reported, not "written blind"."""
    cited = [m for m in mistakes if "written blind" not in m.source]
    assert len(cited) * 3 >= len(mistakes), f"{len(cited)} of {len(mistakes)} cite a report"


# --- the fourth to tenth sets' alternatives: graded with them, full marks and no hint expected --

@pytest.mark.parametrize("name", ALTERNATIVE_SETS)
def test_a_set_has_its_alternatives_of_real_blanks(name):
    alternatives, fewest = ALTERNATIVE_SETS[name]
    ids = [a.id for a in alternatives]
    assert len(ids) >= fewest
    assert len(set(ids)) == len(ids), "ids must be unique"
    elsewhere = [*ALTERNATIVES, *(m for mistakes in mut.UNSEEN_SETS.values() for m in mistakes),
                 *(a for other, (alts, _) in ALTERNATIVE_SETS.items() if other != name for a in alts)]
    assert not set(ids) & {v.id for v in elsewhere}, "an id taken twice"
    for a in alternatives:
        assert a.id == f"{a.blank}.{name}_{a.fn.__name__}"
        assert not isinstance(a, Mistake), f"{a.id} is registered as a mistake"
        assert a.blank in BY_NAME and BY_NAME[a.blank].module == a.notebook, a.id


@pytest.mark.parametrize("name", ALTERNATIVE_SETS)
def test_an_unseen_run_grades_the_set_and_its_alternatives(name):
    """``--unseen NAME`` plans a turn for every mistake and alternative of the set, next to the fillers."""
    own_alternatives = ALTERNATIVE_SETS[name][0]
    mistakes, alternatives = mut.unseen_variants(name)
    assert mistakes is mut.UNSEEN_SETS[name] is BLIND_SETS[name][0]
    fillers = set(mut.QUICK_FILLERS.values())
    assert {a.id for a in alternatives} == {a.id for a in own_alternatives} | fillers
    assert mut.unseen_variants("blind")[1] == [a for a in ALTERNATIVES if a.id in mut.QUICK_FILLERS.values()]
    rounds = [r for notebook_rounds in mut.plan_all(mistakes, alternatives).values() for r in notebook_rounds]
    planned = {v.id for r in rounds for v in r.values()}
    assert planned >= {v.id for v in [*mistakes, *own_alternatives]}


def test_the_table_says_per_alternative_full_marks_and_whether_a_hint_showed():
    quiet, hinted = UNSEEN_FOURTH_ALTERNATIVES[:2]
    report = mut.Report(seconds={"grade": 1.0})
    tagged = "Hint: the opposite sign [mistake: fp.sign_flip]"
    for a, lost, feedback in ((quiet, 0.0, "ok"), (hinted, 1.0, tagged)):
        report.alternatives.append(mut.Outcome(a, a.notebook, 0, lost=lost, max_score=2.0,
                                               verdict=hints.judge(a, [feedback])))
    rows = {line.split()[0]: line.split()[2:] for line in mut.table(report).splitlines()
            if line.split()[:1] in ([quiet.id], [hinted.id])}
    assert rows[quiet.id] == ["yes", "(2", "/", "2)", "no"]
    assert rows[hinted.id] == ["NO", "(1", "/", "2)", "YES"]


# --- catalogued in disguise: the classifier's table scores them apart -------------

def test_a_catalogued_mistake_relabelled_as_unseen_is_found_in_disguise():
    """in_disguise names the catalogued twin, skips the catalogue itself and a mistake of its own."""
    catalogued = next(m for m in MISTAKES if m.diagnosed and m.blank in RUNNERS)
    relabelled = UnseenMistake(f"{catalogued.blank}.relabelled", catalogued.blank, catalogued.notebook,
                               catalogued.fn, hint="", truth=("unnamed",), source="a test")
    own = next(m for m in UNSEEN if m.blank in RUNNERS)
    assert mut.in_disguise([relabelled, catalogued, own]) == {relabelled.id: [catalogued.id]}


def test_the_classifier_table_scores_the_uncatalogued_apart():
    """Recall over all mutants, then over those that are no catalogued mistake in disguise."""
    twin, other = (next(m for m in UNSEEN_BLIND if m.id == i) for i in
                   ("perceptron.blind_bias_forgotten", "perceptron.blind_minus_one_plus_one_labels"))
    report = mut.Report(seconds={"grade": 1.0})
    named = "wrong\nHint: you leave out the bias [mistake: perceptron.ignores_bias]"
    for m, message in ((twin, named), (other, "wrong")):
        report.mutants.append(mut.Outcome(m, "01_perceptron", 0, lost=1.0, max_score=1.0,
                                          verdict=hints.judge(m, [message])))
    report.disguised = mut.in_disguise([twin, other])
    assert report.disguised == {twin.id: ["perceptron.ignores_bias"]}
    text = mut.table(report)
    assert "catalogued in disguise: 1 of 2 mutants" in text
    everything = text.split("hints as classifier")[1].split("catalogued in disguise")[0]
    uncatalogued = text.split("uncatalogued only")[1]
    # total row: mutants, named, recall, hints, right, precision
    assert everything.split("total")[1].split()[:3] == ["2", "1", "50%"]
    assert uncatalogued.split("total")[1].split()[:3] == ["1", "0", "0%"]
    assert f"{twin.id} = perceptron.ignores_bias" in text


def test_the_hints_record_keeps_each_hint_whole_with_its_labels():
    """``--hints-json``: every judged variant, each hint's whole text and ids, credited or not."""
    twin, other = (next(m for m in UNSEEN_BLIND if m.id == i) for i in
                   ("perceptron.blind_bias_forgotten", "perceptron.blind_minus_one_plus_one_labels"))
    report = mut.Report(seconds={"grade": 1.0})
    right = "wrong\nHint: you leave out the bias [mistake: perceptron.ignores_bias]"
    wrong = "wrong\nHint: your values have the opposite sign [mistake: fp.sign_flip]"
    for m, message in ((twin, right), (other, wrong)):
        report.mutants.append(mut.Outcome(m, "01_perceptron", 0, lost=1.0, max_score=3.0,
                                          verdict=hints.judge(m, [message])))
    filler = mut.Outcome(ALTERNATIVES[0], "01_perceptron", 0, judged=False)
    report.alternatives.append(filler)
    record = json.loads(json.dumps(mut.hints_record(report)))
    assert [r["id"] for r in record] == [twin.id, other.id], "a filler is not judged, so not recorded"
    first, second = record
    assert first["hints"] == [{"text": "you leave out the bias", "ids": ["perceptron.ignores_bias"],
                               "credited": True}]
    assert second["hints"][0]["credited"] is False and second["hints"][0]["ids"] == ["fp.sign_flip"]
    assert second["truth"] == list(other.truth) and second["source"] == other.source
    assert (first["lost"], first["max_score"], first["kind"]) == (1.0, 3.0, "mutant")


#: The blind sets as they were first measured (README: "never edited after that measurement"):
#: each file's SHA-256. A change to a measured set fails here; a new measurement needs a new set.
MEASURED = {
    "unseen_mistakes_fourth.py": "6f2dfd4c84965fbd59d92e769b66b5e4f452c396d12c32eb1f8dc5f893918680",
    "unseen_mistakes_fifth.py": "c9f2701739f3a94d9f50ef1939793f8e7643d827967e76c3db2f18a69f7c1474",
    "unseen_mistakes_sixth.py": "199d1d8c53cc2f17c5481c84468b4ed1571c73a73ce085b5bd6a8440a79c60e1",
    "unseen_mistakes_seventh.py": "6780c36635a633360303c2ffed78569d1108c61d32a160f6370f4c901b8052ac",
    "unseen_mistakes_eighth.py": "04f123f35fbc7d37265eac8e6894410ed9a57c01090b35ca6bee48432a00ba45",
    "unseen_mistakes_ninth.py": "ca0af0fe00e99f88b2a0aa05e7033d183ab50d7393d47d119deb9b5707c53f40",
    "unseen_mistakes_tenth.py": "9d5ebe3f17adc5224f536547a75051ae0df27ac7c2a0c76fc744e93ddbc86908",
    "unseen_mistakes_eleventh.py": "cec4558349b6f829643cbab9c60b7185a72318532dc263ce8ea442f6961eff87",
    "unseen_mistakes_twelfth.py": "933462aff46874966286e0a265e84157b09339dc497301fbef8945371c67beb2",
    "unseen_mistakes_thirteenth.py": "bbb7316357e01dd0fd17f1d972167b468ad2f6c9d67e7f0562057bb70c76d545",
    "unseen_mistakes_fourteenth.py": "781c41fae2fcc7acc7adf20cb52d4a3ea23270de0dc9f05def88ac85e4cd35c9",
    "unseen_mistakes_sixteenth.py": "275e19d09cd1c38497bad24579844fcddf061600968d070c9e389baffa8c45b2",
    "unseen_mistakes_fifteenth.py": "ae365a1b94775dc33a25a33d3b35968c39067959283c247a4604a22c6f93e65c",
}


@pytest.mark.parametrize("name", sorted(MEASURED))
def test_a_measured_blind_set_is_never_edited(name):
    path = Path(__file__).resolve().parent.parent / "solutions" / name
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    assert digest == MEASURED[name], f"{name} was edited after its measurement"
