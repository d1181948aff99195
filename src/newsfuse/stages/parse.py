"""The ``parse`` stage: spaCy's parse of every article, made once and shared.

Assigns ``cluster.parses`` (article id -> spaCy ``Doc``), read by the entities,
quotes and figures stages. It runs only outside fast mode (fast mode uses no
model); it raises ``ModelUnavailable`` when spaCy's English model is missing.
spaCy is loaded by the first parse, not when the pipeline is built: in a brief
that is after the ``embed`` stage has started MiniLM in the background, so the
two run together (``newsfuse serve`` loads it at start-up, see ``web.service.warm``).
"""

from __future__ import annotations

from ..model import Cluster
from ..pipeline import stage
from ..settings import Settings

PARSE_BATCH = 8  # articles per nlp.pipe batch


@stage("parse", requires=(), assigns=("parses",))
def make_parser(settings: Settings):
    from ..nlp import get_nlp

    def parse(cluster: Cluster) -> Cluster:
        docs = get_nlp().pipe([a.text for a in cluster.articles], batch_size=PARSE_BATCH)
        return cluster.assign(parses={a.id: doc for a, doc in zip(cluster.articles, docs)})

    return parse
