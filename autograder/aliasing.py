"""Aliasing: an entry of a returned dict holding a later entry's values, edited in place after storing.

``a1 = z1; a1[a1 < 0] = 0`` makes a1 and z1 one array: the cache's z1 then holds
a1's values. The fingerprint is a hypothesis per earlier entry: its value is the
expected value of a later entry (in the order the entries are computed). Only
later entries: an entry holding an *earlier* one's values is the other slip, a
step left out (a1 = z1 with no activation), which the checks name themselves.
When the two returned arrays share memory, the hint says so (proven); how (a1 stored
under both keys, or an in-place edit after ``a1 = z1``) the outputs cannot tell, so
the usual ways are given as examples, never as the cause.
"""

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from autograder.captured import asarray as _asarray
from autograder.captured import ndarray as _ndarray
from autograder.captured import shares_memory as _shares_memory
from autograder.captured import type_ as _type
from autograder.fingerprints import Hypothesis
from autograder.source_facts import IN_PLACE, kept


def later_entry_values(key: str, returned: Mapping[str, Any], expected: Mapping[str, np.ndarray],
                       order: Sequence[str], where: str = "cache") -> list[Hypothesis]:
    """"fp.aliased" hypotheses for ``returned[key]``: the expected value of each entry after ``key``.

    returned: the student's dict; expected: the right entries by key (arrays); order:
    the keys in the order they are computed (z1, a1, z2, ...); where: the dict's name.
    """
    if key not in order:
        return []
    found = []
    for later in order[order.index(key) + 1:]:
        if later not in expected:
            continue
        mine, theirs = returned.get(key), returned.get(later)
        same = _type(mine) is _ndarray and _type(theirs) is _ndarray and bool(_shares_memory(mine, theirs))
        if same:
            # one array under two keys, proven; how it got there the outputs cannot tell, so the
            # two usual ways are given as examples, never as the cause (an in-place edit only for
            # code that makes one)
            examples = kept([(f"{later} is stored under {key!r} too (store {key} there)", None),
                             (f"`{later} = {key}` was followed by an in-place edit ({later}[...] = ...), "
                              f"which changes {key} too (make a new array for {later}: np.maximum({key}, 0))",
                              IN_PLACE)])
            text = (f"{where}[{key!r}] holds the values {later} should have, and it is the same array as "
                    f"{where}[{later!r}]: one array is stored under both keys. For example "
                    f"{', or '.join(examples)}.")
        else:
            examples = kept([(f"{later} is stored under {key!r} (store {key} there)", None),
                             (f"{key} was edited in place after it was stored (an edit such as "
                              f"{key}[{key} < 0] = 0 changes the stored array too; build {later} as a new "
                              "array)", IN_PLACE)])
            text = (f"{where}[{key!r}] holds the values {later} should have. For example "
                    f"{', or '.join(examples)}.")
        found.append(Hypothesis("fp.aliased", text, _asarray(expected[later], dtype=np.float64)))
    return found
