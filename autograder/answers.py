"""Values as JSON data: the hidden tests' inputs going into a kernel, the student's outputs coming out.

When the grader compares outside the kernel (``autograder.hidden``), the kernel
reads its hidden inputs from a file the grader wrote and hands back the
student's outputs as a ``display_data`` output of MIME type :data:`ANSWER_MIME`.
Both directions use :func:`encode` / :func:`decode`, plain JSON: no pickle, so
decoding a hostile kernel's data can build nothing but numbers, strings,
arrays and containers.

Encodings (``{"kind": ..., ...}``):

* ``array``: an ``ndarray`` of a numeric or boolean dtype: dtype, shape, base64 bytes
  (little-endian, C order);
* ``scalar``: a NumPy scalar, stored as a 0-d array of its dtype;
* ``float`` (as ``float.hex``, so NaN and infinities survive), ``int``, ``bool``,
  ``str``, ``none``;
* ``tuple``, ``list``, ``dict`` (items as ``[key, value]`` pairs, keys encoded too);
* ``other``: anything else, by its type name and (shortened) repr only. It
  decodes to an :class:`Opaque` of the same type name, which equals nothing.
"""

from __future__ import annotations

import base64
from typing import Any

import numpy as np

ANSWER_MIME = "application/vnd.nncourse.grader-data.hidden-answer+json"
"""MIME type of the output holding a hidden check's answers (the student's outputs)."""
INPUTS_ENV = "NNCOURSE_HIDDEN_INPUTS"
"""Environment variable naming the file of hidden inputs; set only when the grader compares outside."""
MAX_REPR = 200


class Opaque:
    """A value the kernel returned that is not data (a function, an object of the student's class)."""

    def __init__(self, repr_text: str) -> None:
        self._repr = repr_text

    def __repr__(self) -> str:
        return self._repr


def _opaque(type_name: str, repr_text: str) -> Opaque:
    # a class of the same name, so that messages say "got a Foo" as they would in the kernel
    cls = type(type_name if type_name.isidentifier() else "object", (Opaque,), {})
    return cls(repr_text)


def _array(value: np.ndarray) -> dict:
    little = value.astype(value.dtype.newbyteorder("<"), copy=False)
    return {"dtype": little.dtype.str, "shape": list(value.shape),
            "data": base64.b64encode(np.ascontiguousarray(little).tobytes()).decode("ascii")}


def _safe_repr(value: Any) -> str:
    try:
        text = repr(value)
    except Exception:  # a hostile __repr__ must not stop the encoding
        text = f"<{type(value).__name__} object>"
    return text if len(text) <= MAX_REPR else text[:MAX_REPR] + " ..."


def encode(value: Any) -> dict:
    """VALUE as JSON-able data (see the module docstring)."""
    kind = type(value)
    if kind is np.ndarray and value.dtype.kind in "biufc":
        return {"kind": "array", **_array(value)}
    if isinstance(value, np.generic) and kind.__module__ == "numpy" and np.dtype(kind).kind in "biufc":
        return {"kind": "scalar", **_array(np.asarray(value))}
    if kind is bool:
        return {"kind": "bool", "value": value}
    if kind is int:
        return {"kind": "int", "value": str(value)}
    if kind is float:
        return {"kind": "float", "value": value.hex()}
    if kind is str:
        return {"kind": "str", "value": value}
    if value is None:
        return {"kind": "none"}
    if kind in (tuple, list):
        return {"kind": kind.__name__, "items": [encode(v) for v in value]}
    if kind is dict:
        return {"kind": "dict", "items": [[encode(k), encode(v)] for k, v in value.items()]}
    return {"kind": "other", "type": kind.__name__, "repr": _safe_repr(value)}


def _decode_array(data: dict) -> np.ndarray:
    dtype = np.dtype(str(data["dtype"]))
    if dtype.kind not in "biufc":
        raise ValueError(f"not a numeric dtype: {dtype}")
    shape = tuple(int(n) for n in data["shape"])
    raw = base64.b64decode(str(data["data"]), validate=True)
    return np.frombuffer(raw, dtype=dtype).reshape(shape).astype(dtype.newbyteorder("="))


def decode(data: Any) -> Any:
    """The value DATA encodes; ValueError (or KeyError, TypeError) for malformed data."""
    if not isinstance(data, dict):
        raise ValueError(f"not an encoded value: {type(data).__name__}")
    kind = data["kind"]
    if kind == "array":
        return _decode_array(data)
    if kind == "scalar":
        return _decode_array(data)[()]
    if kind == "bool":
        return bool(data["value"])
    if kind == "int":
        return int(str(data["value"]))
    if kind == "float":
        return float.fromhex(str(data["value"]))
    if kind == "str":
        return str(data["value"])
    if kind == "none":
        return None
    if kind in ("tuple", "list"):
        items = [decode(v) for v in data["items"]]
        return tuple(items) if kind == "tuple" else items
    if kind == "dict":
        return {decode(k): decode(v) for k, v in data["items"]}
    if kind == "other":
        return _opaque(str(data["type"]), str(data["repr"]))
    raise ValueError(f"unknown kind of value: {kind!r}")
