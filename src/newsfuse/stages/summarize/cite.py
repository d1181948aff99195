"""Citing a summary sentence: every other article whose sentence reports the same content."""

from __future__ import annotations

from collections import defaultdict

import numpy as np

from ...embed import tfidf_rows
from ...model import Citation, Cluster

class SentenceSimilarity:
    """Cosine similarities between the sentences of a cluster, computed only where needed.

    ``lexical`` rows are sparse TF-IDF vectors of every sentence (the fast embedder's
    vectoriser, kept sparse); they are cheap for any cluster size and serve the
    redundancy test and the choice of citation candidates. Semantic similarities
    come from ``cluster.vectors`` (the ``embed`` stage), which embeds on demand only
    the rows asked for.
    """

    __slots__ = ("cluster", "_lexical")

    def __init__(self, cluster: Cluster) -> None:
        self.cluster = cluster
        self._lexical = None

    @property
    def complete(self) -> bool:
        """Whether every sentence has a semantic vector already (no embedding needed)."""
        return self.cluster.vectors.complete

    def lexical(self):
        """Sparse, L2-normalised TF-IDF rows of every sentence (scipy CSR)."""
        if self._lexical is None:
            self._lexical = tfidf_rows([s.text for s in self.cluster.sentences], dtype=np.float32)
        return self._lexical

    def lexical_to(self, index: int) -> np.ndarray:
        """Lexical cosine of sentence ``index`` with every sentence."""
        lex = self.lexical()
        return np.asarray((lex @ lex[index].T).todense()).ravel()

    def prepare(self, indices) -> None:
        """Embed, in one batch, the sentences of ``indices`` that have no semantic row yet."""
        self.cluster.vectors.prepare(indices)

    def semantic(self, index: int, others) -> np.ndarray:
        """Semantic cosine of sentence ``index`` with each sentence of ``others``."""
        return self.cluster.vectors.cosine(index, [int(j) for j in others])


CITE_CANDIDATES = 3  # per other article, the lexically closest sentences embedded for a citation
CITE_LEXICAL_FLOOR = 0.04  # below this TF-IDF cosine a sentence is not a citation candidate


def citation_candidates(similarity: SentenceSimilarity, index: int) -> list[int]:
    """Sentences of other articles that may report the content of sentence ``index``.

    With every vector at hand, all of them. Otherwise the ``CITE_CANDIDATES`` lexically
    closest sentences of each other article (TF-IDF cosine at least ``CITE_LEXICAL_FLOOR``),
    so only these need embedding: the cost stays linear in the cluster's sentences.
    """
    sentences = similarity.cluster.sentences
    own = sentences[index].article_id
    if similarity.complete:
        return [j for j, o in enumerate(sentences) if o.article_id != own]
    lex = similarity.lexical_to(index)
    by_article: dict[str, list[int]] = defaultdict(list)
    for j in np.nonzero(lex >= CITE_LEXICAL_FLOOR)[0]:
        if sentences[int(j)].article_id != own:
            by_article[sentences[int(j)].article_id].append(int(j))
    out = []
    for js in by_article.values():
        out.extend(sorted(js, key=lambda j: -lex[j])[:CITE_CANDIDATES])
    return sorted(out)


def cite(
    cluster: Cluster,
    index: int,
    threshold: float,
    similarity: SentenceSimilarity | None = None,
    text: str | None = None,
) -> tuple[tuple[str, ...], tuple[Citation, ...]]:
    """The sources reporting the content of sentence ``index``: its own article and, for
    every other article, its most similar sentence that supports it.

    A sentence supports it when their cosine reaches ``threshold`` and, if the summary
    sentence states figures, it states one of them too (see :mod:`.support`).

    Args:
        cluster: the cluster, with ``sentences`` and ``vectors``.
        index: the summary sentence's index in ``cluster.sentences``.
        threshold: the support threshold for the vectors in use.
        similarity: the cluster's similarities, if already built.
        text: the text shown in the summary (a shortened version), for the figure test.
    """
    from ..support import supports

    similarity = similarity or SentenceSimilarity(cluster)
    sentences = cluster.sentences
    s = sentences[index]
    shown = text or s.text
    citations = [Citation(cluster.source_id(s.article_id), s.article_id, s.index, s.start, s.end)]
    others = citation_candidates(similarity, index)
    best: dict[str, tuple[float, int]] = {}
    if others:
        sims = similarity.semantic(index, others)
        for k in np.argsort(-sims, kind="stable"):
            score, j = float(sims[k]), others[int(k)]
            if score < threshold:
                break
            aid = sentences[j].article_id
            if aid not in best and supports(shown, sentences[j].text, score, threshold):
                best[aid] = (score, j)
    for aid, (_, j) in best.items():
        o = sentences[j]
        citations.append(Citation(cluster.source_id(aid), aid, o.index, o.start, o.end))
    order = {sid: k for k, sid in enumerate(cluster.source_ids)}
    citations.sort(key=lambda c: order[c.source_id])
    return tuple(c.source_id for c in citations), tuple(citations)
