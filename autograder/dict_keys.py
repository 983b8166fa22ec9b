"""The keys of a returned dict (a cache, gradients, parameters, a state) against the keys the blank asks for.

A dict with the wrong keys fails the check before any value is compared, so the
keys alone are the evidence. Each slip here is proven by the key names only, and
the hint names the keys present, missing and extra, then what the match implies:

- fp.key_case: every missing key is held under another case ('Z1' for 'z1');
- fp.key_prefix: every missing key is held with, or without, a "d" prefix ('W1' where the
  gradient 'dW1' belongs, or the reverse);
- fp.off_by_one (``sequences.layers_off_by_one``, and here for dicts whose families have
  different layer numbers, a cache's z1..zL with a1..a(L-1)): the layers numbered from 0, one
  layer too many, or the last layer missing;
- fp.off_by_one also for layer 1's keys all missing, the others there (a backward loop that
  stops one short of it, range(L, 1, -1));
- fp.missing_layer: one layer's keys all missing in the middle, the others there;
- fp.key_missing: keys missing and none extra, when none of the above says why (the fact
  alone: those keys are not stored in the dict).
- fp.key_renamed: every missing key is held under a name that begins with it or that it begins
  ('accuracy' for 'acc'), each pairing one to one;
- fp.key_extra: every key there, and others of no numbered family the blank has (the fact alone).
Keys that match none of these are left to the check's own listing (no hint): which extra key
stands for which missing one is not proven.
"""

import re
from collections.abc import Iterable, Mapping

import numpy as np

from autograder.captured import allclose as _allclose
from autograder.fingerprints import Diagnosis
from autograder.sequences import layers_off_by_one
from autograder.source_facts import kept, statement

_NUMBERED = re.compile(r"^(\D*?)(\d+)$")


def _quoted(keys: Iterable) -> str:
    return ", ".join(repr(k) for k in keys) or "none"


def _layer(key: object) -> tuple[str, int] | None:
    """("dW", 3) for "dW3"; None for a key that is not a name and a number."""
    found = _NUMBERED.match(key) if isinstance(key, str) else None
    return (found.group(1), int(found.group(2))) if found and found.group(1) else None


def _renamed(missing: list, extra: list, rename) -> dict | None:
    """{missing key: the extra key that is it renamed}, when every missing key has exactly one and
    every extra key is used once; else None."""
    pairs = {}
    for key in missing:
        matches = [k for k in extra if isinstance(k, str) and rename(k, key)]
        if len(matches) != 1:
            return None
        pairs[key] = matches[0]
    return pairs if sorted(pairs.values(), key=repr) == sorted(extra, key=repr) else None


def _numbering(got: list, expected: list, what: str, said: str) -> Diagnosis | None:
    """A whole layer too few, too many, or numbered from 0, for families numbered differently
    (z1..zL, a1..a(L-1)): proven when moving every numbered key by one layer, or adding or
    dropping exactly one layer's keys, gives the expected keys."""
    numbered = {k: _layer(k) for k in expected}
    families = {f for f, _ in filter(None, numbered.values())}
    if not families or any(_layer(k) is None or _layer(k)[0] not in families for k in got
                           if k not in expected):
        return None
    layers = sorted({n for _, n in filter(None, numbered.values())})
    if layers != list(range(1, len(layers) + 1)) or len(layers) < 2:
        return None
    plain = [k for k in expected if numbered[k] is None]
    if sorted(got, key=repr) == sorted(plain + [f"{f}{n - 1}" for f, n in filter(None, numbered.values())],
                                       key=repr):
        return Diagnosis(("fp.off_by_one",), f"{said}: every key is numbered one less than the blank's "
                                             "(the layers are numbered from 0); number them from 1 "
                                             "(range(1, L + 1), or f\"{name}{l + 1}\").")
    shifted = _family_shifted(got, expected, numbered, families)
    if shifted:
        family, step = shifted
        pairs = ", ".join(f"'{family}{n + step}' for '{family}{n}'"
                          for f, n in filter(None, numbered.values()) if f == family)
        return Diagnosis(("fp.off_by_one",), f"{said}: the {family} keys alone are numbered one "
                                             f"{'less' if step < 0 else 'more'} than the blank's ({pairs}), "
                                             "the others as the blank numbers them: give each the number of "
                                             f"its layer, {family}{{l}} for layer l (an index l - 1 or "
                                             "l + 1, or a loop from 0, where l belongs).")
    got_set, expected_set = set(got), set(expected)
    last = layers[-1]
    by_layer = {n: {k for k, v in numbered.items() if v and v[1] == n} for n in layers}
    missing_layers = [n for n in layers if by_layer[n].isdisjoint(got_set)]
    extra = got_set - expected_set
    if not extra and len(missing_layers) == 1 and expected_set - got_set == by_layer[missing_layers[0]]:
        n = missing_layers[0]
        keys = ", ".join(k for k in expected if k in by_layer[n])
        if n == last:
            return Diagnosis(("fp.off_by_one",), f"{said}: the last layer's {keys} is missing, and every "
                                                 "other layer's keys are there. Either the loop over the "
                                                 "layers stops one step short (range(1, L) runs L - 1 "
                                                 "times; range(1, L + 1) runs L), or the last layer is "
                                                 "computed after the loop and not stored in the dict.")
        if n == 1:
            return Diagnosis(("fp.off_by_one",), f"{said}: layer 1's {keys} is missing, and every other "
                                                    "layer's keys are there: the loop over the layers "
                                                    "stops one layer short of layer 1 (a backward loop "
                                                    "range(L, 1, -1) never reaches 1; range(L, 0, -1) "
                                                    "does), or layer 1's step after the loop is left out.")
        return Diagnosis(("fp.missing_layer",), f"{said}: layer {n}'s {keys} is missing, and every other "
                                                "layer's keys are there: that layer's step is skipped.")
    above = {k for k in extra if _layer(k)[1] == last + 1}
    if extra and above == extra and got_set - extra == expected_set:
        return Diagnosis(("fp.off_by_one",), f"{said}: also {', '.join(sorted(extra))}, a layer {last + 1} "
                                             f"of a {last}-layer network: a loop over the layers one step "
                                             "long (range(1, L + 2), or L counted from the sizes' length).")
    return None


def _family_shifted(got: list, expected: list, numbered: dict, families: set) -> tuple[str, int] | None:
    """(family, -1 or +1) when one numbered family's keys are all moved by one layer (a0 where a1
    belongs) and every other key is the blank's; else None."""
    for family in sorted(families):
        for step in (-1, 1):
            moved = [f"{family}{numbered[k][1] + step}" if numbered[k] and numbered[k][0] == family else k
                     for k in expected]
            if sorted(moved, key=repr) == sorted(got, key=repr):
                return family, step
    return None


def key_hint(got_keys: Iterable, expected_keys: Iterable, what: str = "the dict") -> Diagnosis | None:
    """What the keys of a returned dict prove, when they are not the ``expected_keys``; else None.

    got_keys: the keys returned; expected_keys: those the blank asks for (in its order);
    what: how the student reads the dict ("cache from forward(X, params)").
    """
    got, expected = list(got_keys), list(expected_keys)
    missing = [k for k in expected if k not in got]
    extra = [k for k in got if k not in expected]
    if not missing and not extra:
        return None
    said = f"{what} has {_quoted(got)}; the blank asks for {_quoted(expected)}"
    if missing and extra:
        case = _renamed(missing, extra, lambda k, key: isinstance(key, str) and k.lower() == key.lower())
        if case:
            pairs = ", ".join(f"{v!r} for {k!r}" for k, v in case.items())
            return Diagnosis(("fp.key_case",), f"{said}: keys are case-sensitive, and yours differ only "
                                               f"in case ({pairs}): use the blank's names exactly.")
        prefix = _renamed(missing, extra, lambda k, key: isinstance(key, str) and (k == "d" + key
                                                                                   or "d" + k == key))
        if prefix:
            pairs = ", ".join(f"{v!r} for {k!r}" for k, v in prefix.items())
            rule = ("the gradient of a parameter p is stored under 'd' + p (dW1 for W1)"
                    if any(k.startswith("d") for k in prefix) else
                    "a parameter is stored under its own name, its gradient under 'd' + name")
            return Diagnosis(("fp.key_prefix",), f"{said}: yours differ only by a 'd' ({pairs}): {rule}.")
        longer = _renamed(missing, extra, _one_name_in_the_other)
        if longer:
            pairs = ", ".join(f"{v!r} for {k!r}" for k, v in longer.items())
            return Diagnosis(("fp.key_renamed",), f"{said}: each missing key is held under a longer or "
                                                  f"shorter form of its name ({pairs}): a dict is read by "
                                                  "its exact keys, so use the blank's names, not another "
                                                  "library's.")
    return (layers_off_by_one(got, expected, what) or _first_keys_only(got, expected, said)
            or _numbering(got, expected, what, said) or _left_out(missing, extra, said, expected))


def _one_name_in_the_other(k: object, key: object) -> bool:
    """'val_accuracy' and 'val_acc': one name begins with the other (an abbreviation), neither a
    numbered key ('W1' and 'W12' are layers, told by the numbering)."""
    if not (isinstance(k, str) and isinstance(key, str)) or _layer(k) or _layer(key):
        return False
    a, b = k.lower(), key.lower()
    return a != b and min(len(a), len(b)) >= 2 and (a.startswith(b) or b.startswith(a))


def _left_out(missing: list, extra: list, said: str, expected: list) -> Diagnosis | None:
    """fp.key_missing: keys missing and none extra, the fact the keys prove when nothing more
    specific does; fp.key_extra: every key there, and others besides."""
    families = {found[0] for found in map(_layer, expected) if found}
    # an extra key of a numbered family the blank has (a3 beside a1, a2) may be a loop's pass too
    # many as well as a value kept: only keys of no such family are a value kept, and nothing more
    if extra and not missing and not any((_layer(k) or ("",))[0] in families for k in extra):
        verb = "is" if len(extra) == 1 else "are"
        return Diagnosis(("fp.key_extra",), f"{said}: every key it asks for is there, and {_quoted(extra)} "
                                            f"{verb} more: a value kept in the dict that the blank does not "
                                            "return (code that walks the dict's keys, as sgd_step walks "
                                            "params, would take it for one more entry). Return the blank's "
                                            "keys only.")
    if missing and not extra:
        verb = "is" if len(missing) == 1 else "are"
        return Diagnosis(("fp.key_missing",), f"{said}: {_quoted(missing)} {verb} missing and every other "
                                              f"key is there: store {'it' if len(missing) == 1 else 'them'} "
                                              "in the dict too before returning it.")
    return None


def _first_keys_only(got: list, expected: list, said: str) -> Diagnosis | None:
    """"fp.early_return" when the dict holds the first k of the expected keys, in their order, and
    nothing else: it was returned (or its loop left) before the other keys were filled."""
    k = len(got)
    if not 1 <= k < len(expected) or got != expected[:k]:
        return None
    # whole layers missing (z1, a1 and no z2) is a layer loop off by one, told elsewhere; a layer
    # with some of its keys missing (W1 and no b1) is a loop left early
    numbers = {(_layer(key) or ("", None))[1] for key in got}
    if all((_layer(key) or ("", None))[1] not in numbers for key in expected[k:]):
        return None
    first = f"only the first {k} keys" if k > 1 else "only the first key"
    # the ways a loop ends early, as examples, only those the code has the statements for
    examples = kept([("a `return` indented into the loop returns after its first pass",
                      statement("return in loop")),
                     ("the loop stops early", statement("break", "return in loop"))])
    told = f" For example {', or '.join(examples)}. Fill every key, then return after the loop." if examples \
        else " Fill every key before returning the dict."
    return Diagnosis(("fp.early_return",), f"{said}: it holds {first}, in the blank's order.{told}")


def exchanged_entries(got: Mapping, expected: Mapping, what: str = "the dict") -> Diagnosis | None:
    """fp.keys_exchanged: two entries of GOT hold each other's expected values (got[a] is expected[b]
    and got[b] is expected[a], arrays of the same shape and values to 1e-9), two values that differ
    from each other: results stored under each other's keys."""
    arrays = {k: v for k, v in expected.items() if isinstance(v, np.ndarray) and k in got
              and isinstance(got[k], np.ndarray)}

    def same(a, b) -> bool:
        return a.shape == b.shape and bool(_allclose(a, b, rtol=1e-9, atol=1e-12))

    keys = list(arrays)
    for i, a in enumerate(keys):
        for b in keys[i + 1:]:
            if same(arrays[a], arrays[b]):
                continue
            if same(got[a], arrays[b]) and same(got[b], arrays[a]):
                return Diagnosis(("fp.keys_exchanged",), f"{what}[{a!r}] holds the values of {b!r} and "
                                                         f"{what}[{b!r}] those of {a!r}: the two results are "
                                                         "right and stored under each other's keys; store "
                                                         "each under its own name.")
    return None
