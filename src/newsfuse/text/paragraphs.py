"""Paragraphs of a text: the one definition every stage uses.

Cleaned article text separates paragraphs with blank lines. Text that has no blank line
at all (a pasted article, a single DUC document) is one paragraph, unless the caller asks
to split it at single line breaks (``lines=True``), as attribution does to keep a
quotation's search within the paragraph it was printed in.
"""

from __future__ import annotations

import re

_BLANK_LINE = re.compile(r"\n[ \t\r\f\v]*\n")
_LINE = re.compile(r"\n")


def paragraph_spans(text: str, *, lines: bool = False) -> list[tuple[int, int]]:
    """``(start, end)`` of each paragraph, trimmed of surrounding white space, empty ones skipped.

    Args:
        text: the text.
        lines: when ``text`` has no blank line, split it at single line breaks instead of
            taking it whole.
    """
    sep = _BLANK_LINE if (not lines or _BLANK_LINE.search(text)) else _LINE
    out, pos = [], 0
    for m in sep.finditer(text):
        out.append((pos, m.start()))
        pos = m.end()
    out.append((pos, len(text)))
    spans = []
    for s, e in out:
        seg = text[s:e]
        lead = len(seg) - len(seg.lstrip())
        trail = len(seg.rstrip())
        if trail > lead:
            spans.append((s + lead, s + trail))
    return spans
