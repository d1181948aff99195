"""The ``segment`` stage: every article's sentences (assigns ``cluster.sentences``).

The rules live in :mod:`newsfuse.text.sentences`, shared with the writers and the web page.
"""

from __future__ import annotations

from ..model import Cluster
from ..pipeline import stage
from ..settings import Settings
from ..text.sentences import sentences_of_cluster


@stage("segment", requires=(), assigns=("sentences",))
def make_segmenter(settings: Settings):
    def segment(cluster: Cluster) -> Cluster:
        return cluster.assign(sentences=sentences_of_cluster(cluster.articles))

    return segment
