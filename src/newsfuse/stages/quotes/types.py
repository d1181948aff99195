"""Result types of the ``quotes`` stage: one quotation as it appears in one article
(:class:`QuoteMention`) and one remark merged across outlets (:class:`Quote`, with its
other wordings as :class:`QuoteVariant` s).

They live here until the result types move into :mod:`newsfuse.model`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ...model import Citation


@dataclass(frozen=True, slots=True)
class QuoteMention:
    """One quotation as it appears in one article.

    Attributes:
        article_id: the article it is in.
        start, end: offsets in ``Article.text`` of the quoted words (inside the
            marks), from the first part's start to the last part's end.
        text: the quoted words; the parts of a quote split around its cue are
            joined with a space.
        parts: ``(start, end)`` of each quoted stretch (one per pair of marks,
            one per paragraph of a quotation over several paragraphs).
        speaker: the canonical name ("Donald Trump"), a description for an
            unnamed source ("senior administration official"), or ``None``.
        role: title or role ("Secretary of State"), if given.
        cue: the reporting verb or phrase ("said", "according to"), if found.
        partial: a fragment quoted inside the reporter's own sentence.
        speaker_start, speaker_end: offsets of the speaker as written next to
            the cue ("he", "the official", "Mike Pompeo"); ``None`` if none.
        speaker_text: that phrase.
        unclosed: a quote mark was never closed (ended at paragraph or sentence end).
    """

    article_id: str
    start: int
    end: int
    text: str
    parts: tuple[tuple[int, int], ...]
    speaker: str | None = None
    role: str | None = None
    cue: str | None = None
    partial: bool = False
    speaker_start: int | None = None
    speaker_end: int | None = None
    speaker_text: str | None = None
    unclosed: bool = False


@dataclass(frozen=True, slots=True)
class QuoteVariant:
    """Another wording of a merged quote and the sources that use it."""

    text: str
    sources: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "sources": list(self.sources)}


@dataclass(frozen=True, slots=True)
class Quote:
    """One remark, merged across every outlet that quotes it.

    ``to_dict()`` gives the brief's JSON: text, speaker, role, sources,
    variants, partial. ``citations`` (one per mention: source id, article id,
    sentence index and the character span of the quoted words) back the web
    page's links; ``mentions`` keep the per-article detail.
    """

    text: str
    speaker: str | None
    role: str | None
    sources: tuple[str, ...]
    variants: tuple[QuoteVariant, ...] = ()
    partial: bool = False
    citations: tuple[Citation, ...] = ()
    mentions: tuple[QuoteMention, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "speaker": self.speaker,
            "role": self.role,
            "sources": list(self.sources),
            "variants": [v.to_dict() for v in self.variants],
            "partial": self.partial,
        }
