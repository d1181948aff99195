"""Result types of the ``entities`` stage: one mention in one article (:class:`Mention`)
and one person, organisation or place across outlets (:class:`Entity`).

The merged result types live in :mod:`newsfuse.model.results`; they are imported here for the stage's modules.
"""

from __future__ import annotations

from dataclasses import dataclass

from ...model import Citation
from ...model.results import Entity  # noqa: F401  (the result type lives in the model)


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


