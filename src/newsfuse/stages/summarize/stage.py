"""The ``summarize`` stage: sentences chosen, ordered for reading, each cited."""

from __future__ import annotations

from ...model import BriefSentence, Cluster
from ...pipeline import stage
from ...settings import Settings
from .cite import cite_many, citation_candidates, SentenceSimilarity
from .select import SelectorParams, order_sentences, select
from .standalone import word_count

def params_for(settings: Settings) -> SelectorParams:
    """The selector's knobs for ``settings`` (fast mode compares TF-IDF vectors)."""
    threshold = settings.similarity_threshold
    return SelectorParams(support_threshold=threshold, compress=settings.summary_compress)


def summarize(cluster: Cluster, settings: Settings) -> tuple[BriefSentence, ...]:
    """The summary of ``cluster`` within ``settings.summary_words``, every sentence cited.

    Args:
        cluster: a cluster with ``sentences``, ``reports`` and ``vectors``. Only the
            sentences the citations compare are embedded, unless every row is at hand.
        settings: ``summary_words`` (the budget), ``fast`` and the support thresholds.

    Returns:
        The summary sentences in reading order; their words never exceed the budget.
    """
    words = settings.summary_words
    params = params_for(settings)
    similarity = SentenceSimilarity(cluster)
    chosen = {c.index: c.text for c in select(cluster, words, params, similarity=similarity)}
    order = order_sentences(cluster, list(chosen))
    if not similarity.complete:  # embed what the citations compare, in one batch
        similarity.prepare([j for i in order for j in [i, *citation_candidates(similarity, i)]])
    cited = cite_many(cluster, [(i, chosen[i]) for i in order], similarity, fast=settings.fast)
    out = [BriefSentence(chosen[i], sources, citations) for i, (sources, citations) in zip(order, cited)]
    if sum(word_count(b.text) for b in out) > words:  # the program's budget row forbids it
        raise AssertionError("summary over its word budget")
    return tuple(out)


@stage("summarize", requires=("sentences", "reports", "vectors"), assigns=("summary",))
def make_summarizer(settings: Settings):
    """The ``summarize`` stage: the cited summary within ``settings.summary_words``."""

    def summarize_stage(cluster: Cluster) -> Cluster:
        return cluster.assign(summary=summarize(cluster, settings))

    return summarize_stage
