"""The ``embed`` stage: the sentences' vectors, computed on demand.

Assigns ``cluster.vectors``, a :class:`~newsfuse.vectors.SentenceVectors` over
every sentence: all-MiniLM-L6-v2 rows by default, TF-IDF rows in fast mode. The
stage itself embeds nothing; each stage that compares sentences asks for the
rows it needs, and they are kept for the next.
"""

from __future__ import annotations

from ..embed import get_embedder
from ..model import Cluster
from ..pipeline import stage
from ..settings import Settings
from ..vectors import SentenceVectors


@stage("embed", requires=("sentences",), assigns=("vectors",))
def make_embedder(settings: Settings):
    embedder = get_embedder(settings.fast)

    def embed(cluster: Cluster) -> Cluster:
        texts = [s.text for s in cluster.sentences]
        return cluster.assign(vectors=SentenceVectors(texts, embedder, whole=settings.fast))

    return embed
