"""One container under several names: a returned dict whose values are the same object, or arrays
that are one block of memory.

A history dict built with ``dict.fromkeys(keys, [])`` (or ``a = b = []``) holds ONE list
under every key: each append lands in all of them, so every key's list holds every value
recorded, in the order they were appended. Its length then looks like "recorded k times
per epoch", which is not the slip: the identity is the fact, and it is checked before
any length or value (``expect_own_containers``).

Arrays likewise (``shared_arrays``): ``OR_W = NAND_W = np.array(...)`` binds two names to one
array, and ``NAND_W *= -1`` then negates OR's weights too; a generator that fills one buffer
and yields views of it hands out batches that each later batch overwrites. The memory they
share is the fact (``np.shares_memory``, exact); each array's values then only look wrong.
"""

from collections.abc import Mapping
from typing import Any

from autograder.captured import isinstance_ as _isinstance
from autograder.captured import ndarray as _ndarray
from autograder.captured import shares_memory as _shares_memory
from autograder.captured import type_ as _type
from autograder.checking import fail
from autograder.fingerprints import Diagnosis


def shared_containers(record: Mapping[str, Any]) -> list[list[str]]:
    """The groups of keys (2 or more each) whose values are one and the same list or dict object.

    record: a dict returned by the student ({"loss": [...], "acc": [...]}); only mutable
    containers count (two keys holding the same int or float are no slip).
    """
    groups: dict[int, list[str]] = {}
    for key, value in record.items():
        if _isinstance(value, list | dict):
            groups.setdefault(id(value), []).append(key)
    return [keys for keys in groups.values() if len(keys) > 1]


def shared_hint(record: Mapping[str, Any], name: str) -> Diagnosis | None:
    """"fp.aliased" when some keys of ``record`` (the student's dict, called ``name``) share one list."""
    groups = shared_containers(record)
    if not groups:
        return None
    said = "; ".join(", ".join(f"{name}[{k!r}]" for k in keys) for keys in groups)
    return Diagnosis(("fp.aliased",), f"{said} are one and the same list object, not one list each: every "
                     "append to one of them lands in all, so each holds the values of every key. For "
                     "example dict.fromkeys(keys, []) or a = b = [] makes one list shared by every key; "
                     "give each key its own list ({k: [] for k in keys}).")


def expect_own_containers(record: Mapping[str, Any], name: str, what: str) -> None:
    """Fails when two keys of ``record`` hold one list: what: the dict as the message names it."""
    __tracebackhide__ = True
    hint = shared_hint(record, name)
    if hint is not None:
        fail(f"{what} holds one list under several keys.\n{hint.line()}")


def shared_arrays(arrays: Mapping[str, Any]) -> list[tuple[str, str]]:
    """The pairs of names whose arrays share memory: one array under two names, or views of one.

    arrays: the student's arrays by the names the message gives them ({"OR_W": ..., "NAND_W": ...});
    anything that is not an ndarray, or holds no entries, is left out.
    """
    named = [(name, a) for name, a in arrays.items() if _type(a) is _ndarray and a.size]
    return [(m, n) for i, (m, a) in enumerate(named) for n, b in named[i + 1:] if _shares_memory(a, b)]


def shared_arrays_hint(pairs: list[tuple[str, str]], made: str) -> Diagnosis | None:
    """"fp.aliased" for ``shared_arrays``' pairs; made: how each array should be made instead."""
    if not pairs:
        return None
    said = "; ".join(f"{m} and {n}" for m, n in pairs[:3]) + ("; ..." if len(pairs) > 3 else "")
    return Diagnosis(("fp.aliased",), f"{said} are one block of memory, not an array each (the same "
                     "array under two names, or views of one array): a change to one of them in place "
                     f"(*=, +=, x[...] = ...) changes the other too. {made}")
