"""Sentences and paragraphs of an article's text, with character offsets.

The splitter is rule-based in both modes. News text has two traps that a
general-purpose splitter handles poorly and that matter for citations:
abbreviations ("U.S.", "Gen.", "Feb. 6", "D.C.", initials) must not end a
sentence, and a quotation that runs over several sentences (or paragraphs, in
the journalistic convention of re-opening the quote mark) must stay traceable
as one: its sentences share a ``quote_id``. Working on characters also keeps
offsets exact, which every citation depends on.

The ``segment`` stage (:mod:`newsfuse.stages.segment`) applies :func:`split_sentences`
to every article; the writers and the web page call it to anchor citations.
"""

from __future__ import annotations

import re
from typing import Iterator

from ..model.article import Article, Sentence
from .marks import quote_marks
from .paragraphs import paragraph_spans

# Words that end with a period without ending the sentence.
ABBREVIATIONS = frozenset(
    """
    mr mrs ms dr prof gen lt col sgt capt maj adm cmdr gov sen rep rev fr st mt ft
    pres supt insp det cpl pvt gens sens reps messrs jr sr
    jan feb mar apr jun jul aug sep sept oct nov dec
    inc corp co ltd llc bros dept univ assn govt
    no nos vol vols pp fig figs approx est
    ave blvd rd hwy
    vs v al
    """.split()
)
# Abbreviations after which a capitalised word still does not start a sentence
# ("Gen. Joseph Votel", "Feb. 6").
TITLE_ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof gen lt col sgt capt maj adm cmdr gov sen rep rev fr st mt pres supt insp det cpl pvt gens sens reps messrs".split()
)
MONTH_ABBREVIATIONS = frozenset("jan feb mar apr jun jul aug sep sept oct nov dec".split())
# Words that, after a dotted acronym such as "U.S.", signal a new sentence.
SENTENCE_STARTERS = frozenset(
    """
    the a an he she it they we i you this that these those there his her its their
    but and or so yet however meanwhile still in on at for after before when while
    if as since although though despite officials some many most one two three
    """.split()
)

OPEN_QUOTES = "\u201c"  # “
STRAIGHT_QUOTE = '"'

_BOUNDARY_RE = re.compile(r"[.!?\u2026]+[\"'\u201d\u2019)\]]*(?=\s+)")
_WORD_BEFORE_RE = re.compile(r"([A-Za-z][A-Za-z.\-']*)$")
_DOTTED_ACRONYM_RE = re.compile(r"^(?:[A-Za-z]\.){2,}$|^[A-Za-z]\.(?:[A-Za-z]\.?)+$")


def paragraphs(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) offsets of the paragraphs of ``text`` (blank-line separated)."""
    yield from paragraph_spans(text)


def _is_boundary(text: str, dot_start: int, dot_end: int) -> bool:
    """Whether the punctuation run text[dot_start:dot_end] ends a sentence."""
    nxt = re.match(r"\s+(\S)", text[dot_end:])
    if not nxt:
        return True
    next_char = nxt.group(1)
    after = text[dot_end + nxt.start(1):]
    # A new sentence starts with a capital, a digit, or an opening quote/bracket.
    if not (next_char.isupper() or next_char.isdigit() or next_char in "\"\u201c\u2018'(["):
        return False
    punct = text[dot_start:dot_end]
    if not punct.startswith(".") or "!" in punct or "?" in punct:
        return True
    m = _WORD_BEFORE_RE.search(text[:dot_start])
    if not m:
        return True
    word = m.group(1)
    bare = word.rstrip(".").lower()
    if len(word) == 1 and word.isupper():  # an initial: "John F. Kennedy"
        return False
    if bare in TITLE_ABBREVIATIONS:
        return False
    if bare in MONTH_ABBREVIATIONS:
        return not next_char.isdigit()
    next_word = re.match(r"[\"\u201c\u2018'(]*([A-Za-z]+)", after)
    next_lower = next_word.group(1).lower() if next_word else ""
    if _DOTTED_ACRONYM_RE.match(word + ".") or bare in ABBREVIATIONS:
        # "U.S. troops", "the U.S. Secretary": no break unless a sentence starter follows.
        return next_lower in SENTENCE_STARTERS
    return True


def _quote_events(s: str) -> list[tuple[int, str]]:
    """Positions of quote marks in ``s`` as ("open"|"close"|"toggle"), by :func:`.marks.quote_marks`."""
    return [(m.start, m.kind) for m in quote_marks(s)]


def split_sentences(article: Article) -> list[Sentence]:
    """Split ``article.text`` into sentences with character offsets.

    Sentences inside one quotation share a ``quote_id`` (numbered per article),
    also when the quotation continues into the next paragraph with a re-opened
    quote mark. A quote mark left open is closed at the end of its paragraph
    unless the next paragraph reopens it, so a missing closing mark never runs
    away over the rest of the article.
    """
    text = article.text
    out: list[Sentence] = []
    counter = 0
    carry: int | None = None  # quotation left open at the end of the previous paragraph
    for p_index, (p_start, p_end) in enumerate(paragraphs(text)):
        spans: list[tuple[int, int]] = []
        start = p_start
        for m in _BOUNDARY_RE.finditer(text, p_start, p_end):
            if _is_boundary(text, m.start(), m.end()):
                spans.append((start, m.end()))
                gap = re.match(r"\s*", text[m.end():p_end])
                start = m.end() + (gap.end() if gap else 0)
        if start < p_end:
            spans.append((start, p_end))
        reopens = carry is not None and text[p_start:p_end].lstrip().startswith((STRAIGHT_QUOTE, OPEN_QUOTES))
        inside, current, first_event = False, None, True
        for s_start, s_end in spans:
            stext = text[s_start:s_end].strip()
            if not stext:
                continue
            qid = current if inside else None
            for _, kind in _quote_events(stext):
                if kind == "open" or (kind == "toggle" and not inside):
                    if first_event and reopens:
                        current = carry
                    elif not inside:
                        counter += 1
                        current = counter
                    inside = True
                else:
                    inside = False
                first_event = False
                if qid is None:
                    qid = current
            offset = text.index(stext, s_start)
            out.append(Sentence(article.id, len(out), offset, offset + len(stext), stext, p_index, qid))
        carry = current if inside else None
    return out


def sentences_of_cluster(articles: tuple[Article, ...]) -> tuple[Sentence, ...]:
    return tuple(s for a in articles for s in split_sentences(a))
