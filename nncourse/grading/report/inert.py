"""A student's own HTML made inert in their feedback page: two walls, each enough alone.

A student writes the markdown cells and the outputs of their notebook, and nbconvert embeds
both in the feedback page as HTML. Unchecked, a ``<script>``, an ``onerror`` handler, a
``javascript:`` frame, a ``<meta http-equiv="refresh">`` or a ``<style>`` that hides the score
all work there, in the page an instructor also opens (nbgrader's formgrader serves it from the
instructor's own Jupyter origin). So:

* **The allowlist** (:func:`clean_html`, the exporter's ``clean_html`` filter with nbconvert's
  ``sanitize_html`` on): markdown and HTML outputs keep the tags of prose, tables and code and
  the attributes that only describe; anything else is shown as text, not dropped, so the
  student still sees what they wrote. :func:`inert_outputs` does the same for what the template
  reads from an output but never cleans: its metadata (an image's ``width`` is written into the
  tag unquoted) and the JavaScript and widget outputs (not run; a line says so).
* **The content policy** (:data:`CONTENT_POLICY`, put first in the page's ``<head>`` by
  :func:`with_policy`): no script runs, nothing is fetched but inline images and styles, no
  form is sent, no base URL is set; it holds for whatever passes the allowlist by a route
  nobody thought of. The page therefore loads no MathJax (nbgrader's template fetched it from a
  CDN on every opening): mathematics shows as its TeX source.
"""

from __future__ import annotations

import re
from typing import Any

import bleach
from nbformat import NotebookNode

CONTENT_POLICY = ("default-src 'none'; img-src data:; style-src 'unsafe-inline'; font-src data:; "
                  "base-uri 'none'; form-action 'none'")
"""The feedback page's Content-Security-Policy (inline images and styles only; no script)."""
POLICY_META = f'<meta http-equiv="Content-Security-Policy" content="{CONTENT_POLICY}">'

TAGS = frozenset({
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "dd", "del", "details", "div", "dl",
    "dt", "em", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "kbd", "li", "ol", "p",
    "pre", "s", "samp", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td",
    "tfoot", "th", "thead", "tr", "u", "ul", "var",
})
"""The tags of prose, tables and code; any other tag is shown as text."""
_DESCRIBING = frozenset({"class", "id", "title", "lang", "dir"})
_PER_TAG = {
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "align", "scope"},
    "ol": {"start"},
}
_LINK = re.compile(r"(https?:|mailto:|#)", re.IGNORECASE)
_INLINE_IMAGE = re.compile(r"data:image/(png|jpeg|gif|webp);base64,[A-Za-z0-9+/=\s]*$", re.IGNORECASE)
_NUMBER = re.compile(r"\d{1,5}(\.\d+)?(px|%)?$")


def _allowed(tag: str, name: str, value: str) -> bool:
    """Whether attribute NAME=VALUE may stay on TAG: no handler, no style, no active URL."""
    if name in _DESCRIBING:
        return True
    if name not in _PER_TAG.get(tag, ()):
        return False
    if name == "href":
        return bool(_LINK.match(value.strip()))
    if name == "src":
        return bool(_INLINE_IMAGE.match(value.strip()))
    if name in ("width", "height", "colspan", "rowspan", "start"):
        return bool(_NUMBER.match(value.strip()))
    return True


def clean_html(fragment: Any) -> str:
    """FRAGMENT (str or bytes of HTML) with only :data:`TAGS` and describing attributes left;
    any other tag and any comment is escaped, so it shows as the text the student wrote."""
    text = fragment.decode() if isinstance(fragment, bytes) else str(fragment)
    return bleach.clean(text, tags=TAGS, attributes=_allowed, protocols={"http", "https", "mailto", "data"},
                        strip=False, strip_comments=True)


ACTIVE_TYPES = ("application/javascript", "application/vnd.jupyter.widget-view+json",
                "application/vnd.jupyter.widget-state+json")
"""Output types that would run code in the page; the feedback shows a line in their place."""
NOT_RUN_LINE = "(an output that runs JavaScript: not run in the feedback page)"
_KEPT_METADATA = {"width": (int, float), "height": (int, float), "alt": (str,), "unconfined": (bool,)}


def _inert_metadata(metadata: dict) -> dict:
    """The image facts of an output's METADATA the template reads, each of its own type, for
    each image type; the rest (file names the page does not have, anything unexpected) left out."""
    kept: dict[str, dict] = {}
    for mime, facts in metadata.items():
        if not isinstance(facts, dict):
            continue
        good = {key: value for key, value in facts.items()
                if key in _KEPT_METADATA and isinstance(value, _KEPT_METADATA[key])
                and not (isinstance(value, bool) and key != "unconfined")}
        if good:
            kept[mime] = good
    return kept


def inert_outputs(cell: NotebookNode) -> None:
    """Make CELL's outputs safe for the page, in place: active types replaced, metadata checked."""
    for output in cell.get("outputs", []):
        if "metadata" in output:
            output.metadata = NotebookNode(_inert_metadata(dict(output.metadata)))
        data = output.get("data")
        if not data:
            continue
        active = [mime for mime in ACTIVE_TYPES if mime in data]
        for mime in active:
            del data[mime]
        if active and not data:
            data["text/plain"] = NOT_RUN_LINE
    cell.get("metadata", {}).pop("widgets", None)


_MATHJAX = re.compile(r"<!-- Load mathjax -->.*?<!-- End of mathjax configuration -->\s*", re.DOTALL)


def with_policy(page: str) -> str:
    """PAGE with :data:`POLICY_META` first in its ``<head>`` and nbconvert's MathJax loader
    (which the policy would block anyway) left out."""
    page = _MATHJAX.sub("", page, count=1)
    head = re.search(r"<head[^>]*>", page, re.IGNORECASE)
    at = head.end() if head else 0
    return page[:at] + "\n" + POLICY_META + page[at:]
