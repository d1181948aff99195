"""The ``quotes`` pipeline stage: every article's quotations, merged across outlets, with
speakers named as the ``entities`` stage names them.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any, Mapping

from ...model import Cluster
from ...pipeline import parsed, stage
from ...settings import Settings
from ..names import fullest_name, same_person
from .cues import classify
from .extract import extract_quotes
from .merge import merge_quotes
from .types import Quote, QuoteMention


def quotes_of_cluster(cluster: Cluster, docs: Mapping[str, Any] | None = None) -> tuple[Quote, ...]:
    """Extract the quotations of every article of ``cluster`` and merge them.

    ``docs`` are spaCy parses keyed by article id (``cluster.parses``); ``None``
    reads every article without a model (fast mode).
    """
    docs = docs or {}
    mentions: list[QuoteMention] = []
    for a in cluster.articles:
        mentions.extend(extract_quotes(a, doc=docs.get(a.id)))
    quotes = merge_quotes(mentions, cluster)
    return _link_entities(quotes, cluster)


def _link_entities(quotes: tuple[Quote, ...], cluster: Cluster) -> tuple[Quote, ...]:
    """Name a speaker as the entity stage names that person, with the entity's role.

    The role under Quotes and under Entities is then one and the same ("Iraqi Foreign
    Minister" in both, whichever wording the quoting outlet used); a speaker no entity
    matches keeps the role its own mentions give.
    """
    people = [e for e in cluster.entities if e.type == "person"]
    if not people:
        return quotes
    out = []
    for q in quotes:
        if q.speaker and classify(q.speaker) == "name":
            hits = [e for e in people if same_person(e.name, q.speaker)]
            if len(hits) == 1:
                q = replace(q, speaker=fullest_name([hits[0].name, q.speaker]), role=hits[0].role or q.role)
        out.append(q)
    return tuple(out)


@stage("quotes", requires=parsed("sentences", "entities"), assigns=("quotes",))
def make_quote_stage(settings: Settings):
    """The ``quotes`` stage: direct quotations with speakers, merged across outlets.

    Reads spaCy's named entities and parse from ``cluster.parses`` unless
    ``settings.fast``, and the entity stage's names for the speakers.
    """

    def find_quotes(cluster: Cluster) -> Cluster:
        docs = None if settings.fast else cluster.parses
        return cluster.assign(quotes=quotes_of_cluster(cluster, docs))

    return find_quotes
