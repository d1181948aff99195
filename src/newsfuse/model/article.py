"""Articles, their sentences and citations: text stored once, everything else by offsets.

Nothing here does I/O or loads a model.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date as _date

WIRE_AGENCIES = ("AFP", "AP", "Reuters", "Bloomberg", "Xinhua", "Anadolu", "dpa", "UPI")


def article_id(outlet: str, url: str | None, text: str) -> str:
    """A stable id for an article: a short hash of outlet and URL, or of the text."""
    key = f"{outlet}\n{url}" if url else f"{outlet}\n{text}"
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]


@dataclass(frozen=True, slots=True, kw_only=True)
class Article:
    """One news report.

    Built by the readers from files, pages, feeds and records, or by hand from
    text alone: ``Article(text=..., outlet="Harbour Courier", title=..., date=...,
    url=...)``. A hand-made article is *raw*: :func:`newsfuse.brief` and
    :func:`newsfuse.make_brief` clean it exactly as a file's text is cleaned
    before anything else reads it (``cleaned`` tells which is which).

    Attributes:
        text: the body; once cleaned, paragraphs are separated by blank lines and
            all offsets elsewhere index this string.
        outlet: who published it ("CGTN", "The Washington Post", or a name made
            from the file name when nothing better is known).
        title: the headline, if known.
        url: where it was published, if known.
        date: publication date, if known.
        source: the path or URL it was read from (for error messages and the
            brief's ``input`` field).
        credit: the wire agency whose copy this is ("AFP"), if credited.
        dateline: a dateline such as "WASHINGTON" removed from the text.
        byline: the reporter, when a byline or "X reports" tag names one.
        id: stable hash of outlet + URL, or outlet + text; derived when not given.
        cleaned: whether ``text`` has been through the cleaning of
            :mod:`newsfuse.stages.clean` (the readers set it).
    """

    text: str
    outlet: str = "unknown outlet"
    title: str | None = None
    url: str | None = None
    date: _date | None = None
    source: str = ""
    credit: str | None = None
    dateline: str | None = None
    byline: str | None = None
    id: str = ""
    cleaned: bool = field(default=False, compare=False)

    def __post_init__(self) -> None:
        if not self.id:
            object.__setattr__(self, "id", article_id(self.outlet, self.url, self.text))


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of one article, by character offsets into ``Article.text``.

    ``quote_id`` is shared by consecutive sentences that belong to one
    quotation running over several sentences, so it stays traceable as one.
    """

    article_id: str
    index: int
    start: int
    end: int
    text: str
    paragraph: int = 0
    quote_id: int | None = None


@dataclass(frozen=True, slots=True)
class Citation:
    """Where a claim is reported: an outlet, its article and a sentence in it."""

    source_id: str  # "s1": the brief's numbering of articles
    article_id: str
    sentence_index: int
    start: int = 0
    end: int = 0
    support: str = "full"  # "full": the sentence states the claim; "partial": part of it, or another figure
