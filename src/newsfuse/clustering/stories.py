"""What stream clustering hands out: a closed :class:`Story` and the :class:`Assignment`
of each article, and the private state of a story still open.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any


@dataclass(slots=True)
class _Open:
    """An open story's state (mutable, private)."""

    sid: str
    slot: int
    first: date | None
    last: date | None
    last_day: int
    count: int
    names: Counter
    article_ids: list[str]
    title: str
    merged: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Story:
    """A closed story: its id, a title, its articles in arrival order, first and last dates, and the ids
    of the stories merged into it (their articles are in ``articles``; assignments handed out before
    the merge name those ids)."""

    id: str
    title: str
    articles: tuple[str, ...]
    first_date: date | None
    last_date: date | None
    merged: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "story": self.id,
            "title": self.title,
            "articles": list(self.articles),
            "size": len(self.articles),
            "first_date": self.first_date.isoformat() if self.first_date else None,
            "last_date": self.last_date.isoformat() if self.last_date else None,
            "merged": list(self.merged),
        }


@dataclass(frozen=True, slots=True)
class Assignment:
    """Where one article went: its story, the earlier article it copies, and its wire agency."""

    id: str
    story: str
    duplicate_of: str | None = None
    wire: str | None = None
    score: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "story": self.story, "duplicate_of": self.duplicate_of, "wire": self.wire}


def _lead_title(text: str, words: int = 12) -> str:
    first = re.split(r"(?<=[.!?])\s+", text.strip(), maxsplit=1)[0]
    toks = first.split()
    return " ".join(toks[:words]) + (" ..." if len(toks) > words else "")
