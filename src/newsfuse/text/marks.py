"""Quote marks: which characters open or close a quotation.

Straight (``"``), typographic (“ ” „ ‟), doubled apostrophes (``''`` and ````) and
guillemets (« ») are recognised. A glyph that only opens or only closes says so; a
straight mark, or any mark whose surroundings are clear, is decided by the characters
around it: after a space or an opening bracket it opens, before a space or punctuation it
closes. Sentence splitting (for ``Sentence.quote_id``) and quotation finding both read
marks through :func:`quote_marks`, so they agree on where a quotation is.
"""

from __future__ import annotations

import re
from typing import NamedTuple

OPEN_GLYPHS = ("\u201c", "\u201e", "\u201f", "``", "\u00ab")
CLOSE_GLYPHS = ("\u201d", "\u00bb")
AMBIGUOUS_GLYPHS = ('"', "''")
QUOTE_CHARS = "\"\u201c\u201d\u201e\u201f\u00ab\u00bb"
MARK_RE = re.compile("''|``|[\"\u201c\u201d\u201e\u201f\u00ab\u00bb]")
_OPEN_CONTEXT = set(" \t\n\r([{\u2014\u2013-/:")
_CLOSE_CONTEXT = set(" \t\n\r.,;:!?)]}\u2014\u2013-")


class Mark(NamedTuple):
    start: int
    end: int
    glyph: str
    kind: str  # "open", "close" or "toggle" (a straight mark with no telling context)


def classify_mark(text: str, start: int, end: int, lo: int = 0, hi: int | None = None) -> str:
    """``"open"``, ``"close"`` or ``"toggle"`` for the mark ``text[start:end]``, looking no
    further than ``text[lo:hi]`` for its context."""
    hi = len(text) if hi is None else hi
    glyph = text[start:end]
    prev = text[start - 1] if start > lo else " "
    nxt = text[end] if end < hi else " "
    open_ctx = prev in _OPEN_CONTEXT or prev in QUOTE_CHARS
    close_ctx = nxt in _CLOSE_CONTEXT or nxt in QUOTE_CHARS or nxt in "'\u2019"
    if open_ctx and not close_ctx:
        return "open"
    if close_ctx and not open_ctx:
        return "close"
    if glyph in OPEN_GLYPHS:
        return "open"
    if glyph in CLOSE_GLYPHS:
        return "close"
    return "toggle"


def quote_marks(text: str, lo: int = 0, hi: int | None = None) -> list[Mark]:
    """The quote marks of ``text[lo:hi]``, in order, each classified by :func:`classify_mark`."""
    hi = len(text) if hi is None else hi
    return [Mark(m.start(), m.end(), m.group(), classify_mark(text, m.start(), m.end(), lo, hi)) for m in MARK_RE.finditer(text, lo, hi)]


def family(glyph: str) -> str:
    """``"straight"``, ``"apostrophes"`` or ``"typographic"``: marks pair only within a family."""
    if glyph == '"':
        return "straight"
    if glyph in ("''", "``"):
        return "apostrophes"
    return "typographic"
