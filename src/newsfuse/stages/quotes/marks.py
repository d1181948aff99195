"""Quote marks and quoted segments: where the quoted words of a text are.

:func:`find_segments` decides whether each mark opens or closes from its glyph and the
characters around it (straight, curly, doubled-apostrophe marks and guillemets), pairs
the marks paragraph by paragraph, and ends a mark left open at the end of its paragraph,
at the sentence before the next opening mark or at the comma of an attribution, so a
missing mark never swallows the article. :func:`paragraph_spans` and the sentence
bounds around quotations (:func:`_sentence_ends`, :func:`_sentence_start`,
:func:`_sentence_end`) serve attribution and merging too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Iterable, Sequence

from ..names import fold
from ...text.marks import AMBIGUOUS_GLYPHS, CLOSE_GLYPHS, OPEN_GLYPHS, QUOTE_CHARS, classify_mark  # noqa: F401
from ...text.marks import MARK_RE as _MARK_RE
from ...text.marks import family as _family
from ...text.paragraphs import paragraph_spans as _paragraph_spans
from ...text.sentences import _is_boundary
from .cues import CUE_WORDS


_TAG_RE = re.compile(r"</?[A-Za-z][^<>]{0,400}>")
_SENT_END_RE = re.compile(r"[.!?]+(?=[\s\"'\u201d\u2019)]*\s+[\"\u201c\u2018('`]*[A-Z0-9])")
EDGE_STRIP = " \t\n\r,;:\u2014\u2013-\"'\u201c\u201d\u2018\u2019\u201e\u00ab\u00bb`"


@dataclass(frozen=True, slots=True)
class _Mark:
    start: int
    end: int
    kind: str  # "open" or "close"


@dataclass(frozen=True, slots=True)
class _Segment:
    start: int  # first quoted char (after the opening mark)
    end: int  # after the last quoted char (before the closing mark)
    open_start: int  # the opening mark's offset (== start when missing)
    close_end: int  # after the closing mark (== end when missing)
    paragraph: int
    unclosed: bool = False
    continues: bool = False  # the quotation goes on in the next paragraph


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """Paragraphs as attribution reads them: blank-line separated, or line separated if there are no blank lines."""
    return _paragraph_spans(text, lines=True)


def _classify_mark(text: str, m: re.Match, lo: int, hi: int) -> str:
    return classify_mark(text, m.start(), m.end(), lo, hi)


def _sentence_ends(text: str, start: int, end: int) -> Iterable[re.Match]:
    """Sentence-ending punctuation in ``text[start:end]``, not abbreviations ("Dr.", "U.S.", "Feb. 6")."""
    for m in _SENT_END_RE.finditer(text, start, min(len(text), end + 4)):
        if m.end() > end:
            break
        if _is_boundary(text, m.start(), m.end()):
            yield m


def _last_sentence_end(text: str, start: int, end: int) -> int | None:
    last = None
    for m in _sentence_ends(text, start, end):
        last = m.end()
    return last


_EMBEDDED_CUE_RE = re.compile(r",\s+((?:[\w.'\u2019-]+\s+){0,5}?)(said|says|told|added|adds|warned|explained|according\s+to)\b")


def _embedded_cue(text: str, start: int, end: int) -> int | None:
    """Where a quotation whose closing mark is missing really ends: at the comma before an attribution
    (", said one dock worker." / ", the official said.") that runs to the end of its sentence."""
    for m in _EMBEDDED_CUE_RE.finditer(text, start, end):
        lead = m.group(1).split()
        if any(fold(w) in CUE_WORDS for w in lead) or (lead and fold(lead[0]) in ("and", "but", "or", "so")):
            continue
        stop = _sentence_end(text, m.end(), end, ())
        if len(text[m.end() : stop].split()) <= 15 and m.start() > start:
            return m.start() + 1
    return None


def find_segments(text: str) -> list[_Segment]:
    """Every stretch of ``text`` inside quote marks, paragraph by paragraph."""
    paras = paragraph_spans(text)
    segments: list[_Segment] = []
    for p_index, (p_start, p_end) in enumerate(paras):
        tags = [(t.start(), t.end()) for t in _TAG_RE.finditer(text, p_start, p_end)]
        marks = [
            (_classify_mark(text, m, p_start, p_end), m)
            for m in _MARK_RE.finditer(text, p_start, p_end)
            if not any(a <= m.start() < b for a, b in tags)  # attribute values in markup: <tweet author="x">
        ]
        open_at: re.Match | None = None
        nested = 0  # quotation marks of another kind inside an open quotation
        for kind, m in marks:
            if open_at is not None and _family(m.group()) != _family(open_at.group()):
                if kind == "open" or kind == "toggle" and nested == 0:
                    nested += 1
                    continue
                if nested > 0:
                    nested -= 1
                    continue
            if kind == "toggle":
                kind = "close" if open_at is not None else "open"
            if kind == "open":
                if open_at is not None:
                    # the earlier mark was never closed: end it at the last sentence end before this mark
                    cut = _last_sentence_end(text, open_at.end(), m.start()) or m.start()
                    end = len(text[:cut].rstrip())
                    if end > open_at.end():
                        segments.append(_Segment(open_at.end(), end, open_at.start(), end, p_index, unclosed=True))
                open_at = m
            else:
                if open_at is None:
                    # a closing mark with no opening: the opening was left out at the paragraph start
                    prior = [s for s in segments if s.paragraph == p_index]
                    if not prior and text[p_start:m.start()].strip() and m.start() - p_start < 600:
                        segments.append(_Segment(p_start, m.start(), p_start, m.end(), p_index, unclosed=True))
                    continue
                if m.start() > open_at.end():
                    segments.append(_Segment(open_at.end(), m.start(), open_at.start(), m.end(), p_index))
                open_at = None
                nested = 0
        if open_at is not None:
            nxt = paras[p_index + 1] if p_index + 1 < len(paras) else None
            reopens = nxt is not None and _MARK_RE.match(text, nxt[0]) is not None and _classify_mark(text, _MARK_RE.match(text, nxt[0]), nxt[0], nxt[1]) != "close"
            if p_end > open_at.end():
                cut = None if reopens else _embedded_cue(text, open_at.end(), p_end)
                if cut is not None:
                    # '"Everyone knew it was bad, said one worker.': the cue shows where the mark was left out
                    segments.append(_Segment(open_at.end(), cut, open_at.start(), cut, p_index, unclosed=True))
                else:
                    segments.append(_Segment(open_at.end(), p_end, open_at.start(), p_end, p_index, unclosed=not reopens, continues=reopens))
    # trim whitespace inside the marks
    out = []
    for s in segments:
        a, b = s.start, s.end
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if b > a:
            out.append(replace(s, start=a, end=b))
    return out


def _sentence_start(text: str, lo: int, pos: int, quoted: Sequence[tuple[int, int]]) -> int:
    """Start of the sentence holding ``pos``: after the last sentence end in ``text[lo:pos]`` outside quotes."""
    best = lo
    for m in _sentence_ends(text, lo, pos):
        if any(a <= m.start() < b for a, b in quoted):
            continue
        ws = re.match(r"[\s\"'\u201d\u2019)]*", text[m.end() : pos])
        best = m.end() + (ws.end() if ws else 0)
    # a quotation that ended with a sentence end also ends the sentence before it
    for a, b in quoted:
        if lo <= b < pos and text[b - 1 : b] in ".!?" and re.match(r"[\s\"\u201d'\u2019]*[\s]+[A-Z\"\u201c]", text[b:pos + 1]):
            close = b
            while close < pos and (text[close] in QUOTE_CHARS or text[close] in "'\u2019"):
                close += 1
            nxt = close + (len(text[close:pos]) - len(text[close:pos].lstrip()))
            if nxt > best and nxt <= pos:
                # only if what follows is not an attribution of that quotation
                best = nxt
    return best


def _sentence_end(text: str, pos: int, hi: int, quoted: Sequence[tuple[int, int]]) -> int:
    for m in _sentence_ends(text, pos, hi):
        if any(a <= m.start() < b for a, b in quoted):
            continue
        return m.end()
    return hi
