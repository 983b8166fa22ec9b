"""The blind judge's input (``nncourse mutants --unseen SET --judge-input F``): what a judge reads.

A judge rules each hint right, half right or wrong from the mutant's code and the writer's slip
alone. Until 2026-12-02 the lead's script that made this dropped the code's lines that begin
with a quote (a dict's keys, meant for docstrings), so some judges ruled on code with holes.
"""

from __future__ import annotations

import textwrap

from nncourse.mutants import judge_input


def _labelled(*_labels):
    return lambda fn: fn


@_labelled("the decorator's labels", "never shown")
def keys_swapped(params):
    """The student's docstring stays."""
    grads = {
        "dW1": params["W2"],
        'db1': params["b2"],
    }
    return grads


def _record(**changes) -> dict:
    record = {"kind": "mutant", "id": "backward.keys_swapped", "blank": "backward", "notebook": "backprop",
              "lost": 3.0, "max_score": 5.0, "source": "dW1 and db1 take layer 2's values (written blind)",
              "hints": [{"text": "grads['dW1'] holds W2 [backward.keys_swapped] "
                                 "(mistake id backward.keys_swapped)", "ids": ["backward.keys_swapped"]}]}
    return {**record, **changes}


def test_the_code_is_whole_from_its_def_line_and_the_labels_are_left_out():
    said = judge_input([_record()], {"backward.keys_swapped": keys_swapped})
    code = said.split("```python\n", 1)[1].split("```", 1)[0]
    assert code.strip() == textwrap.dedent('''
        def keys_swapped(params):
            """The student's docstring stays."""
            grads = {
                "dW1": params["W2"],
                'db1': params["b2"],
            }
            return grads''').strip()
    assert "labels" not in said and "never shown" not in said
    assert "Slip (the writer's words): dW1 and db1 take layer 2's values" in said
    assert "Points lost: 3 of 5" in said


def test_a_hint_is_shown_without_the_grader_s_ids_and_a_silent_mutant_says_so():
    said = judge_input([_record(), _record(id="other", hints=[])], {"backward.keys_swapped": keys_swapped})
    assert "- HINT: grads['dW1'] holds W2" in said
    assert "keys_swapped]" not in said and "mistake id" not in said
    assert "## M02" in said and "- (no hint shown)" in said and "(code not found)" in said


def test_only_some_records_keep_their_numbers_and_alternatives_are_left_out():
    records = [_record(id="a"), {**_record(id="alt"), "kind": "alternative"}, _record(id="b")]
    said = judge_input(records, {}, only={"b"})
    assert said.startswith("## M02: blank `backward`") and "## M01" not in said
    assert said.count("## M") == 1
