"""Keep hidden tests and reference code out of what students see.

A traceback from a graded cell quotes the cell's source around the failing line
(hidden test lines included) and the source of every frame, including frames
in the reference package (``solutions``) that hidden tests call.
:func:`redact_traceback` replaces such lines; :func:`short_traceback` also
strips terminal colours and keeps the end of the traceback. Any other output can
show hidden tests too, if the student's code prints them back (IPython keeps every
cell it ran): :func:`redact_text` removes them by content.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

HIDDEN_LINE = "<hidden test line>"
HIDDEN_FRAME = "<reference code: not shown>"
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
# IPython 8: "File ~/x/solutions/a.py:12, in f(x)"; plain Python: '  File "/x/solutions/a.py", line 12, in f'
_FRAME = re.compile(r'^\s*File "?([^",]+?)(?::\d+)?"?(?:, line \d+)?, in ')
_CELL_FRAME = re.compile(r"^\s*(Cell In\[\d*\]|Input In \[\d*\])")
# a quoted source line: "      3 x = 1" or "----> 4 assert ..."
_CONTEXT = re.compile(r"^(\s*(?:-*>)?\s*\d+\s)(.*)$")


def strip_ansi(text: str) -> str:
    """TEXT without terminal colour codes."""
    return _ANSI.sub("", text)


def _secret(path: str, packages: Iterable[str]) -> bool:
    parts = re.split(r"[\\/]", path)
    return any(pkg in parts[:-1] or parts[-1] == f"{pkg}.py" for pkg in packages)


def redact_traceback(traceback: list[str], hidden: set[str], secret_packages: Iterable[str]) -> list[str]:
    """TRACEBACK with hidden test lines and reference-code frames replaced (colours kept)."""
    secret_packages = tuple(secret_packages)
    out: list[str] = []
    for entry in traceback:
        lines, in_secret = [], False
        for line in entry.split("\n"):
            plain = strip_ansi(line)
            frame = _FRAME.match(plain)
            if frame or _CELL_FRAME.match(plain):
                in_secret = bool(frame) and _secret(frame.group(1), secret_packages)
                lines.append(HIDDEN_FRAME if in_secret else line)
                continue
            context = _CONTEXT.match(plain)
            if in_secret and context:
                continue
            if context and context.group(2).strip() in hidden:
                lines.append(context.group(1) + HIDDEN_LINE)
                continue
            if plain.strip() in hidden:
                lines.append(HIDDEN_LINE)
                continue
            lines.append(line)
        out.append("\n".join(lines))
    return out


MIN_HIDDEN_CHARS = 8
"""Hidden lines shorter than this (``)``, ``pass``) are too common to be told apart in free text."""


def _spellings(line: str) -> set[str]:
    """How LINE can appear in an output: as is, inside a string's repr (``In``, ``_ih``), as HTML."""
    in_repr = line.replace("\\", "\\\\")
    return {line, in_repr.replace("'", "\\'"), in_repr.replace('"', '\\"'), html.escape(line)}


def redact_text(text: str, hidden: set[str]) -> str:
    """TEXT with every occurrence of a hidden line replaced, wherever it stands.

    A student's cell can print the hidden tests back, through IPython's input history
    (``In``, ``_ih``, ``%history``) for instance; this finds them by content, on one line
    or inside a repr, not by where they appear.
    """
    for line in sorted((h for h in hidden if len(h) >= MIN_HIDDEN_CHARS), key=len, reverse=True):
        for spelling in _spellings(line):
            if spelling in text:
                text = text.replace(spelling, HIDDEN_LINE)
    return text


def redact_json(value, hidden: set[str]):
    """VALUE (any JSON: an output's data of any MIME type, widget state) with every string redacted."""
    if isinstance(value, str):
        return redact_text(value, hidden)
    if isinstance(value, list):
        return [redact_json(v, hidden) for v in value]
    if isinstance(value, dict):
        return type(value)((k, redact_json(v, hidden)) for k, v in value.items())
    return value


def redact_output(output: dict, hidden: set[str]) -> None:
    """Remove hidden test lines from every string OUTPUT carries, in place.

    Text, error value and traceback, and the data of every MIME type (``text/*``, but
    also JSON, JavaScript, SVG and widget views a student's cell may display).
    """
    if "text" in output:
        output["text"] = redact_text(output["text"] if isinstance(output["text"], str)
                                     else "".join(output["text"]), hidden)
    if "evalue" in output:
        output["evalue"] = redact_text(output["evalue"], hidden)
    if output.get("output_type") == "error":
        output["traceback"] = [redact_text(entry, hidden) for entry in output.get("traceback", [])]
    for mime, value in output.get("data", {}).items():
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            value = "".join(value)  # a multi-line text output, as nbformat may store it
        output["data"][mime] = redact_json(value, hidden)
    if "metadata" in output:
        output["metadata"] = redact_json(output["metadata"], hidden)


def short_traceback(
    traceback: list[str], hidden: set[str], secret_packages: Iterable[str], max_lines: int = 25
) -> str:
    """A plain-text, redacted traceback of at most MAX_LINES lines (its end)."""
    text = strip_ansi("\n".join(redact_traceback(traceback, hidden, secret_packages)))
    lines = [line for line in text.split("\n") if not set(line.strip()) <= {"-"}]
    if len(lines) > max_lines:
        lines = ["...", *lines[-max_lines:]]
    return "\n".join(lines)
