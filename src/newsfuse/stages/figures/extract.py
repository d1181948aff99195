"""The figures of one article (:func:`extract_figures`).

Each number expression from :mod:`.scan`, read in its sentence's context
(:mod:`.context`), becomes a :class:`~.types.Figure` with its kind (count, percent,
money, duration, age, rank, fraction, date) and unit; :func:`is_listed` says which
belong in a brief.
"""

from __future__ import annotations

import bisect
import re
from typing import Any, Sequence

from ...model import Article, Sentence
from .context import CLASS_UNITS, DURATION_UNITS, _Info, _info_fast, _info_spacy, _place_key, _places_fast, unit_key
from .scan import _Raw, scan_quantities
from .types import Figure


# A duration that says when, not how much: "two years ago", "one day after the vote", "three
# years later", "his two years in office". Not: "searched for 6 hours before ..." (how long it
# lasted), "2 days, 14 hours and 10 seconds after she left" (a time taken, told in parts).
_TIME_AFTER_RE = re.compile(r"^\s*(?:ago|from\s+now|in\s+(?:office|power|the\s+job))\b", re.I)
_RELATIVE_AFTER_RE = re.compile(r"^\s*(?:after|before|later|earlier|since)\b", re.I)
_LASTED_RE = re.compile(r"(?:\b(?:for|lasting|lasted|spent|took|taking)\s+(?:about\s+|nearly\s+|almost\s+|more\s+than\s+|at\s+least\s+)?"
                        r"|\b(?:seconds?|minutes?|hours?|days?|weeks?|months?|years?),?\s+(?:and\s+)?)$", re.I)


def is_time_phrase(text: str, start: int, end: int) -> bool:
    """Whether the duration at ``text[start:end]`` ("two years", "one day") is a time phrase.

    A time phrase places something in time (the timeline's business) or says how long
    someone held a post; it is not a figure a brief compares across outlets, as "fought
    the blaze for 12 hours" or "searched for 6 hours before ..." is.
    """
    before, after = text[max(0, start - 30):start], text[end:end + 20]
    if _TIME_AFTER_RE.match(after):
        return True
    return bool(_RELATIVE_AFTER_RE.match(after)) and not _LASTED_RE.search(before)


PRONOUN_HEADS = frozenset("it they them he she we you i this that these those which who what one ones".split())


def _finish(raw: _Raw, info: _Info, article: Article, source_id: str, sentence: Sentence, sentence_places: frozenset[str]) -> Figure | None:
    kind, unit = raw.kind, raw.unit
    lemma = info.lemma
    noun = info.noun
    if kind == "number":
        if lemma in DURATION_UNITS or lemma.rstrip("s") in DURATION_UNITS:
            kind, unit = "duration", DURATION_UNITS.get(lemma, DURATION_UNITS.get(lemma.rstrip("s"), lemma))
            if re.match(r"-(?:year|month|week|day)s?-old\b", article.text[raw.end:raw.end + 12], re.I) or re.match(r"\s*(?:years?|months?)\s+old\b", article.text[raw.end:raw.end + 14], re.I):
                kind, unit = "age", "age"
        elif lemma in ("percent", "pct"):
            kind, unit = "percent", "percent"
        elif lemma:
            kind = "count"
            unit = unit_key(lemma)
            if unit == "person" and info.event in CLASS_UNITS:
                unit = CLASS_UNITS[info.event]
        else:
            kind, unit = "count", ""
    if kind == "duration" and is_time_phrase(article.text, raw.start, max(raw.end, info.noun_end)):
        return None  # "two years ago", "one day after", "his two years in office": when, not how many
    if kind == "percent" and noun and not re.match(r"\s+of\b", article.text[raw.end:raw.end + 4]):
        noun = ""  # "90 percent contained", "4 percent on Wednesday": a percent counts what follows "of"
    text_end = max(raw.end, info.noun_end) if noun and info.noun_end - raw.end <= 40 else raw.end
    if kind in ("money", "percent") and not noun:
        text_end = raw.end
    text = article.text[raw.start:text_end]
    if "\n" in text:
        text = text.split("\n")[0]
        text_end = raw.start + len(text)
    return Figure(
        article_id=article.id,
        source_id=source_id,
        sentence_index=sentence.index,
        start=raw.start,
        end=raw.end,
        text=text.strip(),
        value=raw.value,
        number=raw.number,
        low=raw.low,
        high=raw.high,
        bound=raw.bound,
        kind=kind,
        unit=unit,
        noun=noun,
        verb=info.verb,
        event=info.event,
        places=info.places,
        sentence_places=sentence_places | info.places,
        context=info.context,
        measure=info.measure,
    )


def _sentence_at(sentences: Sequence[Sentence], starts: list[int], offset: int) -> Sentence | None:
    i = bisect.bisect_right(starts, offset) - 1
    if i >= 0 and sentences[i].start <= offset < sentences[i].end:
        return sentences[i]
    return None


def extract_figures(
    article: Article,
    sentences: Sequence[Sentence] | None = None,
    *,
    source_id: str = "s1",
    doc: Any = None,
) -> list[Figure]:
    """The quantities ``article`` states, in text order.

    Args:
        article: the article.
        sentences: its sentences (from the ``segment`` stage); split here if omitted.
        source_id: the brief's id for the article ("s1").
        doc: spaCy ``Doc`` of ``article.text`` for the counted noun, places and
            context (default mode); ``None`` uses the pattern-based fast path.

    Returns:
        One :class:`Figure` per quantity, with character offsets into ``article.text``.
    """
    if sentences is None:
        from ...text.sentences import split_sentences

        sentences = split_sentences(article)
    sentences = sorted(sentences, key=lambda s: s.start)
    starts = [s.start for s in sentences]
    out: list[Figure] = []
    sent_places: dict[int, frozenset[str]] = {}
    for raw in scan_quantities(article.text):
        sent = _sentence_at(sentences, starts, raw.num_start)
        if sent is None:
            continue  # captions or headers the segmenter left out
        if doc is not None:
            sspan = doc.char_span(sent.start, sent.end, alignment_mode="expand")
            if sspan is None:
                continue
            if sent.index not in sent_places:
                sent_places[sent.index] = frozenset(_place_key(e.text) for e in sspan.ents if e.label_ in ("GPE", "LOC", "FAC"))
            info = _info_spacy(doc, raw, sspan)
        else:
            if sent.index not in sent_places:
                sent_places[sent.index] = frozenset(_places_fast(sent.text))
            info = _info_fast(article.text, raw, sent)
        fig = _finish(raw, info, article, source_id, sent, sent_places[sent.index])
        if fig is not None:
            out.append(fig)
    return out


def is_listed(figure: Figure) -> bool:
    """Whether a figure belongs in a brief: counts need a counted noun; ranks and bare years are left out."""
    if figure.kind == "count" and not figure.unit:
        return False
    if figure.kind == "count" and figure.unit in PRONOUN_HEADS:
        return False
    if figure.kind == "rank":
        return False
    if figure.kind == "date" and re.fullmatch(r"\d{4}", str(figure.value)):
        return False
    return True
