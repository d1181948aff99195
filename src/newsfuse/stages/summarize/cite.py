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
        """Sparse, L2-normalised TF-IDF rows of every sentence (:class:`~newsfuse.text.sparse.SparseRows`)."""
        if self._lexical is None:
            self._lexical = tfidf_rows([s.text for s in self.cluster.sentences], dtype=np.float32)
        return self._lexical

    def lexical_to(self, index: int) -> np.ndarray:
        """Lexical cosine of sentence ``index`` with every sentence."""
        lex = self.lexical()
        return lex.dot_t(lex[[index]]).ravel()

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
    In an update (``cluster.earlier``) only the new articles are cited: the summary says what
    they add, and what the earlier ones said is the update's "what changed".
    """
    sentences = similarity.cluster.sentences
    own = sentences[index].article_id
    skip = {own, *similarity.cluster.earlier}
    if similarity.complete:
        return [j for j, o in enumerate(sentences) if o.article_id not in skip]
    lex = similarity.lexical_to(index)
    by_article: dict[str, list[int]] = defaultdict(list)
    for j in np.nonzero(lex >= CITE_LEXICAL_FLOOR)[0]:
        if sentences[int(j)].article_id not in skip:
            by_article[sentences[int(j)].article_id].append(int(j))
    out = []
    for js in by_article.values():
        out.extend(sorted(js, key=lambda j: -lex[j])[:CITE_CANDIDATES])
    return sorted(out)


def cite_many(
    cluster: Cluster,
    claims: list[tuple[int, str]],
    similarity: SentenceSimilarity | None = None,
    fast: bool = False,
) -> list[tuple[tuple[str, ...], tuple[Citation, ...]]]:
    """The sources reporting each claim: its own article and every other article that supports it.

    ``claims`` are (index in ``cluster.sentences``, the text shown: the sentence or a
    shortened version of it). Support is the relation of :mod:`..support`: an article
    supports a claim when one of its sentences (among :func:`citation_candidates`)
    scores at least the threshold of the mode's learned model; the citation points to
    that sentence and says whether it supports all of the claim (``support="full"``) or
    part of it (``"partial"``). Wire copies of the claim's own article state the claim
    as that article does, so they are cited in full.

    Args:
        cluster: the cluster, with ``sentences``, ``reports`` and ``vectors``.
        claims: the summary sentences.
        similarity: the cluster's similarities, if already built.
        fast: use the fast mode's model (no MiniLM cosine).
    """
    from ..support import document_support, pair_features, support_model

    if not claims:
        return []
    similarity = similarity or SentenceSimilarity(cluster)
    sentences = cluster.sentences
    model = support_model(fast)
    cand_of = {i: citation_candidates(similarity, i) for i, _ in claims}
    pool = sorted({j for js in cand_of.values() for j in js})
    col = {j: k for k, j in enumerate(pool)}
    cosine = None
    if not fast and pool:
        cosine = np.stack([similarity.semantic(i, pool) for i, _ in claims])
    feats = pair_features([text for _, text in claims], [sentences[j].text for j in pool], cosine)
    art_ids = [a.id for a in cluster.articles]
    art_index = {a: k for k, a in enumerate(art_ids)}
    order = {sid: k for k, sid in enumerate(cluster.source_ids)}
    out = []
    for row, (i, _) in enumerate(claims):
        s = sentences[i]
        cols = [col[j] for j in cand_of[i]]
        citations = {s.article_id: Citation(cluster.source_id(s.article_id), s.article_id, s.index, s.start, s.end)}
        copies = {a for a, n in cluster.reports.of.items() if n == cluster.reports.of.get(s.article_id) and a != s.article_id}
        if cols:
            docs = [art_index[sentences[pool[c]].article_id] for c in cols]
            for sup in document_support(feats[row, cols], docs, model, skip=art_index[s.article_id]):
                o = sentences[pool[cols[sup.sentence]]]
                full = sup.full or o.article_id in copies
                citations[o.article_id] = Citation(cluster.source_id(o.article_id), o.article_id, o.index, o.start, o.end,
                                                   "full" if full else "partial")
        ordered = sorted(citations.values(), key=lambda c: order[c.source_id])
        out.append((tuple(c.source_id for c in ordered), tuple(ordered)))
    return out


def cite(
    cluster: Cluster,
    index: int,
    similarity: SentenceSimilarity | None = None,
    text: str | None = None,
    fast: bool = False,
) -> tuple[tuple[str, ...], tuple[Citation, ...]]:
    """The sources reporting sentence ``index`` (shown as ``text``): :func:`cite_many` for one claim."""
    sentences = cluster.sentences
    return cite_many(cluster, [(index, text or sentences[index].text)], similarity, fast)[0]
