"""Result types of the ``entities`` stage: one mention in one article (:class:`Mention`)
and one person, organisation or place across outlets (:class:`Entity`).

They live here until the result types move into :mod:`newsfuse.model`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ...model import Citation


@dataclass(frozen=True, slots=True)
class Mention:
    """One mention of a named entity in one article."""

    text: str
    label: str  # PERSON, ORG, GPE, LOC, FAC (spaCy's labels; fast mode guesses)
    article_id: str
    source_id: str
    sentence_index: int
    start: int
    end: int
    role: str | None = None

    def citation(self) -> Citation:
        return Citation(self.source_id, self.article_id, self.sentence_index, self.start, self.end)


@dataclass(frozen=True, slots=True)
class Entity:
    """A person, organisation or place across outlets.

    Attributes:
        name: the form shown (the fullest name for a person, the most used
            form otherwise).
        type: "person", "organisation" or "place".
        variants: every form it is written in, as written.
        role: the title or description stated with the name, if any.
        mentions: source id -> number of mentions.
        citations: where it is mentioned (first mention in each sentence).
    """

    name: str
    type: str
    variants: tuple[str, ...]
    role: str | None
    mentions: tuple[tuple[str, int], ...]
    citations: tuple[Citation, ...] = ()

    @property
    def kind(self) -> str:
        """The spaCy-style label ("PERSON", "ORG", "GPE") for code that expects one."""
        return {"person": "PERSON", "organisation": "ORG", "place": "GPE"}.get(self.type, self.type.upper())

    @property
    def total(self) -> int:
        return sum(n for _, n in self.mentions)

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "type": self.type,
            "variants": list(self.variants),
            "role": self.role,
            "mentions": dict(self.mentions),
        }
