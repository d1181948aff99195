"""Which quotations and speakers a sentence holds, for checking a summary sentence against
the quotes it cites (does it name the speaker outside the quote marks?).
"""

from __future__ import annotations

import re
from typing import Any, Iterable

from ...model import Cluster, Sentence
from ..names import fold
from .cues import classify
from .marks import QUOTE_CHARS


def quote_speaker_for_sentence(cluster: Cluster, sentence: Sentence) -> str | None:
    """The speaker of the quotation inside ``sentence``, as merged in ``cluster.quotes``.

    Returns ``None`` when the sentence holds no quotation found by the stage,
    or when its speaker is unknown. Use :func:`names_speaker` to check that the
    sentence itself names that speaker.
    """
    for speaker in quote_speakers_in_span(cluster.quotes, sentence.article_id, sentence.start, sentence.end):
        return speaker
    return None


def quote_speakers_in_span(quotes: Iterable[Any], article_id: str, start: int, end: int) -> list[str | None]:
    """The speakers (``None`` where unknown) of every quote cited inside ``[start, end)`` of an article.

    ``quotes`` are a cluster's or a brief's quotes; use it to check a summary
    sentence (through its citations) against the quotations it contains.
    """
    out: list[str | None] = []
    for q in quotes:
        if any(c.article_id == article_id and c.start < end and c.end > start for c in getattr(q, "citations", ())):
            out.append(q.speaker)
    return out


def names_speaker(sentence_text: str, speaker: str | None) -> bool:
    """Whether ``sentence_text`` names ``speaker`` outside its quotations (surname or description head)."""
    if not speaker:
        return False
    outside = re.sub(r"[\"\u201c][^\"\u201d]*[\"\u201d]", " ", sentence_text)
    folded = fold(outside)
    if classify(speaker) == "name":
        from ..names import surname

        last = surname(speaker).split()[-1:]
        return bool(last) and re.search(rf"\b{re.escape(last[0])}\b", folded.replace("-", " ")) is not None
    head = fold(speaker).split()[-1:]
    return bool(head) and re.search(rf"\b{re.escape(head[0])}\b", folded) is not None


def sentence_has_quote(sentence: Sentence) -> bool:
    """Whether a sentence contains quotation marks."""
    return any(c in sentence.text for c in QUOTE_CHARS) or "''" in sentence.text
