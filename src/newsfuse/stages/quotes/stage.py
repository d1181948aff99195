"""The ``quotes`` pipeline stage: every article's quotations, merged across outlets, with
speakers named as the ``entities`` stage names them.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from ...model import Cluster
from ...pipeline import stage
from ...settings import Settings
from ..names import fullest_name, same_person
from .cues import classify
from .extract import extract_quotes
from .merge import merge_quotes
from .types import Quote, QuoteMention


def quotes_of_cluster(cluster: Cluster, nlp: Any = None, docs: dict[str, Any] | None = None) -> tuple[Quote, ...]:
    """Extract the quotations of every article of ``cluster`` and merge them.

    ``docs`` are spaCy parses keyed by article id (see
    :func:`newsfuse.stages.entities.stage.article_docs`); an article without one is
    parsed with ``nlp`` (or read without a model when ``nlp`` is ``None``).
    """
    if docs is None:
        docs = cluster.extras.get("spacy_docs", {}) if isinstance(cluster.extras, dict) else {}
    mentions: list[QuoteMention] = []
    for a in cluster.articles:
        mentions.extend(extract_quotes(a, nlp=nlp, doc=docs.get(a.id)))
    quotes = merge_quotes(mentions, cluster)
    return _link_entities(quotes, cluster)


def _link_entities(quotes: tuple[Quote, ...], cluster: Cluster) -> tuple[Quote, ...]:
    """Use the entity stage's name for a speaker when one of its entities is the same person."""
    names = []
    for e in cluster.entities:
        name = getattr(e, "name", None) or (e.get("name") if isinstance(e, dict) else None)
        kind = getattr(e, "kind", None) or getattr(e, "label", None) or (e.get("kind") if isinstance(e, dict) else None)
        if name and (kind is None or str(kind).upper() in ("PERSON", "PER")):
            names.append(name)
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


@stage("quotes", requires=("sentences",), assigns=("quotes",))
def make_quote_stage(settings: Settings):
    """The ``quotes`` stage: direct quotations with speakers, merged across outlets.

    Uses spaCy's named entities and parse (loaded once, here) unless
    ``settings.fast``, reusing the parses in ``cluster.extras["spacy_docs"]``
    and leaving any it makes there for later stages; raises
    ``ModelUnavailable`` if spaCy's model is missing.
    """
    nlp = None
    if not settings.fast:
        from ...nlp import get_nlp

        nlp = get_nlp()

    def find_quotes(cluster: Cluster) -> Cluster:
        if nlp is None:
            return replace(cluster, quotes=quotes_of_cluster(cluster))
        from ..entities.stage import article_docs

        # one parse per article, shared with the entities and figures stages
        docs = article_docs(cluster, nlp)
        return replace(cluster, quotes=quotes_of_cluster(cluster, nlp, docs), extras={**cluster.extras, "spacy_docs": docs})

    return find_quotes
