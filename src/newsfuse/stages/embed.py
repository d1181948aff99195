"""The ``embed`` stage: the sentences' vectors, computed on demand.

Assigns ``cluster.vectors``, a :class:`~newsfuse.vectors.SentenceVectors` over
every sentence: all-MiniLM-L6-v2 rows by default, TF-IDF rows in fast mode. Each
stage that compares sentences asks for the rows it needs, and they are kept for
the next.

When a later stage of the pipeline reads every row (:data:`WHOLE_ROW_STAGES`: the
exclusives compare each candidate with every sentence of the other reports and
with the centroid of all of them), MiniLM starts on every sentence at once, in the
background (:meth:`~newsfuse.vectors.SentenceVectors.start`): ONNX Runtime then
works while spaCy loads and parses (the ``parse`` stage, which comes next), and
the rows are the same as those one call of :meth:`~newsfuse.vectors.SentenceVectors.all`
computes. A pipeline without such a stage (the summary alone, ``newsfuse eval``)
embeds only the rows its citations compare.
"""

from __future__ import annotations

from ..embed import get_embedder
from ..model import Cluster
from ..pipeline import stage
from ..settings import Settings
from ..vectors import SentenceVectors

#: Stages that read every sentence's vector (``cluster.vectors.all()``).
WHOLE_ROW_STAGES = frozenset({"figures", "exclusive", "timeline"})


@stage("embed", requires=("sentences",), assigns=("vectors",), sees_stages=True)
def make_embedder(settings: Settings, stages: tuple[str, ...] = ()):
    embedder = get_embedder(settings.fast)
    ahead = not settings.fast and bool(WHOLE_ROW_STAGES.intersection(stages))

    def embed(cluster: Cluster) -> Cluster:
        texts = [s.text for s in cluster.sentences]
        vectors = SentenceVectors(texts, embedder, whole=settings.fast)
        if ahead:
            vectors.start()
        return cluster.assign(vectors=vectors)

    return embed
