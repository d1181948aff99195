"""The ``parse`` stage: spaCy's parse of every article, made once and shared.

Assigns ``cluster.parses`` (article id -> spaCy ``Doc``), read by the entities,
quotes and figures stages. It runs only outside fast mode (fast mode uses no
model); it raises ``ModelUnavailable`` when spaCy's English model is missing.
"""

from __future__ import annotations

from ..model import Cluster
from ..pipeline import stage
from ..settings import Settings

PARSE_BATCH = 8  # articles per nlp.pipe batch


@stage("parse", requires=(), assigns=("parses",))
def make_parser(settings: Settings):
    from ..nlp import get_nlp

    nlp = get_nlp()

    def parse(cluster: Cluster) -> Cluster:
        docs = nlp.pipe([a.text for a in cluster.articles], batch_size=PARSE_BATCH)
        return cluster.assign(parses={a.id: doc for a, doc in zip(cluster.articles, docs)})

    return parse
