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
    """Use the entity stage's name for a speaker when one of its entities is the same person."""
    names = [e.name for e in cluster.entities if e.type == "person"]
    if not names:
        return quotes
    out = []
    for q in quotes:
        if q.speaker and classify(q.speaker) == "name":
            hits = [n for n in names if same_person(n, q.speaker)]
            if len(hits) == 1:
                q = replace(q, speaker=fullest_name([hits[0], q.speaker]))
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
