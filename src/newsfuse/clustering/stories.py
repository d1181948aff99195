"""What stream clustering hands out: a closed :class:`Story` and the :class:`Assignment`
of each article, and the private state of a story still open.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
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


@dataclass(frozen=True, slots=True)
class Story:
    """A closed story: its id, a title, its articles in arrival order, and first and last dates."""

    id: str
    title: str
    articles: tuple[str, ...]
    first_date: date | None
    last_date: date | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "story": self.id,
            "title": self.title,
            "articles": list(self.articles),
            "size": len(self.articles),
            "first_date": self.first_date.isoformat() if self.first_date else None,
            "last_date": self.last_date.isoformat() if self.last_date else None,
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
