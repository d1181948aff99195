"""Extractive multi-document summary under a word budget, with citations.

Selection follows the concept-coverage formulation of Gillick & Favre (2009,
"A Scalable Global Model for Summarization", the ICSI system of TAC 2008/2009):
concepts are content-word bigrams, each weighted by how many independent
reports in the cluster contain it (wire copies of one story count once), and
the summary is the set of sentences that covers the most concept weight within
the budget, solved exactly as an integer linear program with
``scipy.optimize.milp`` (HiGHS). Pairs of near-identical sentences (by
embedding) may not both be chosen.

Only sentences that can stand alone are candidates: no questions, no opening
pronoun or connector, no quotation without its speaker, no fragments.

Every chosen sentence then cites every article that reports the same content:
for each other article, its most similar sentence (cosine of the stage's
vectors: MiniLM, or TF-IDF in fast mode) above a threshold.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

import numpy as np

from ..model import BriefSentence, Citation, Cluster, Sentence
from ..settings import Settings

_WORD_RE = re.compile(r"[A-Za-z0-9]+(?:['\u2019][a-z]+)?")
_QUOTE_CHARS = "\"\u201c\u201d"
_CUE_RE = re.compile(
    r"\b(said|says|say|told|tells|added|adds|warned|warns|asked|stated|declared|argued|insisted|"
    r"explained|noted|wrote|announced|according to|urged|pledged|vowed|described|called|referring)\b",
    re.I,
)
_PRONOUN_CUE_RE = re.compile(r"[,.]?[\"\u201d]\s*(he|she|they|it|we|i)\s+(said|says|added|told|asked|warned)\b", re.I)
UNSTANDALONE_OPENERS = frozenset(
    """
    he she it they them his her its their this that these those such there here
    but and or so yet also however meanwhile moreover furthermore instead still then
    thus hence therefore nonetheless nevertheless besides otherwise likewise similarly
    anyway indeed perhaps later earlier afterward afterwards accordingly both either neither
    """.split()
)
MIN_WORDS = 6
MAX_WORDS = 55


@lru_cache(maxsize=1)
def _stemmer():
    from nltk.stem.porter import PorterStemmer

    return PorterStemmer()


@lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    return frozenset(ENGLISH_STOP_WORDS) | {"said", "says", "say", "told", "mr", "ms", "mrs", "s"}


@lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    return _stemmer().stem(word)


def content_tokens(text: str) -> list[str]:
    """Lower-cased, stemmed tokens of ``text`` (stop words kept as ``None``-free markers)."""
    return [_stem(w.lower()) for w in _WORD_RE.findall(text)]


def concepts_of(text: str) -> set[str]:
    """Content bigrams of ``text``: stemmed word pairs not made only of stop words."""
    stops = _stop_words()
    words = [w.lower() for w in _WORD_RE.findall(text)]
    out: set[str] = set()
    for a, b in zip(words, words[1:]):
        if a in stops and b in stops:
            continue
        if (a in stops or b in stops) and (len(a) < 2 or len(b) < 2):
            continue
        out.add(f"{_stem(a)} {_stem(b)}")
    return out


def word_count(text: str) -> int:
    return len(text.split())


def can_stand_alone(sentence: Sentence, quote_sizes: dict[tuple[str, int], int] | None = None) -> bool:
    """Whether a sentence reads on its own: no fragment, question, dangling opener or orphan quote."""
    text = sentence.text.strip()
    n = word_count(text)
    if n < MIN_WORDS or n > MAX_WORDS:
        return False
    if text.endswith("?") or text.rstrip("\"\u201d'").endswith("?"):
        return False
    if not text[0].isupper() and text[0] not in _QUOTE_CHARS:
        return False
    if text[-1] not in ".!\"\u201d'\u2019)":
        return False  # a heading or caption left over
    first = _WORD_RE.match(text)
    if first and first.group(0).lower() in UNSTANDALONE_OPENERS:
        return False
    if quote_sizes and sentence.quote_id is not None and quote_sizes.get((sentence.article_id, sentence.quote_id), 1) > 1:
        return False  # one sentence of a quotation running over several
    n_quote_marks = sum(text.count(c) for c in _QUOTE_CHARS)
    if n_quote_marks:
        if n_quote_marks % 2 == 1:
            return False  # part of a quotation running over several sentences
        if not _CUE_RE.search(text):
            quoted = sum(len(m) for m in re.findall(r"[\"\u201c]([^\"\u201d]*)[\"\u201d]", text))
            if quoted > len(text) / 3:
                return False  # a quotation with no speaker in the sentence
        if _PRONOUN_CUE_RE.search(text):
            return False  # "..., he said": the speaker is not named in the sentence
    return True


@dataclass(frozen=True, slots=True)
class _Doc:
    """The part of the cluster the selector needs, with wire duplicates merged."""

    report_of: dict[str, int]  # article id -> independent report number
    positions: dict[tuple[str, int], float]  # (article id, index) -> relative position 0..1
    dates: dict[str, date | None]
    order: dict[str, int]  # article id -> input order


def _reports(cluster: Cluster) -> dict[str, int]:
    """Map article ids to report numbers, giving duplicate copies one number."""
    parent = {a.id: a.id for a in cluster.articles}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in cluster.duplicates:
        if a in parent and b in parent:
            parent[find(a)] = find(b)
    roots: dict[str, int] = {}
    return {a.id: roots.setdefault(find(a.id), len(roots)) for a in cluster.articles}


def _doc_info(cluster: Cluster) -> _Doc:
    counts: dict[str, int] = defaultdict(int)
    for s in cluster.sentences:
        counts[s.article_id] += 1
    positions = {(s.article_id, s.index): s.index / max(1, counts[s.article_id] - 1) for s in cluster.sentences}
    return _Doc(
        report_of=_reports(cluster),
        positions=positions,
        dates={a.id: a.published for a in cluster.articles},
        order={a.id: i for i, a in enumerate(cluster.articles)},
    )


def support_counts(cluster: Cluster, indices: list[int], threshold: float) -> dict[int, int]:
    """For each sentence index, how many other independent reports carry a sentence at least
    ``threshold`` similar to it (0 without vectors)."""
    vectors = cluster.vectors
    if vectors is None or len(vectors) != len(cluster.sentences) or not indices:
        return {i: 0 for i in indices}
    reports = _reports(cluster)
    vecs = np.asarray(vectors)
    sims = vecs[indices] @ vecs.T
    report_ids = np.array([reports[s.article_id] for s in cluster.sentences])
    out = {}
    for row, i in enumerate(indices):
        own = report_ids[i]
        hits = set(report_ids[(sims[row] >= threshold) & (report_ids != own)].tolist())
        out[i] = len(hits)
    return out


def select_sentences(
    cluster: Cluster,
    words: int,
    *,
    support_threshold: float = 0.62,
    support_weight: float = 1.0,
    max_candidates: int = 250,
    redundancy: float = 0.85,
) -> list[int]:
    """Indices into ``cluster.sentences`` of the sentences to summarise with, within ``words``.

    The objective is the concept weight covered plus ``support_weight`` for each
    other independent report that carries a chosen sentence's content.
    """
    sentences = cluster.sentences
    if not sentences:
        return []
    info = _doc_info(cluster)
    n_reports = len(set(info.report_of.values()))
    quote_sizes: dict[tuple[str, int], int] = defaultdict(int)
    for s in sentences:
        if s.quote_id is not None:
            quote_sizes[(s.article_id, s.quote_id)] += 1

    sent_concepts = [concepts_of(s.text) for s in sentences]
    reports_with: dict[str, set[int]] = defaultdict(set)
    for s, cs in zip(sentences, sent_concepts):
        for c in cs:
            reports_with[c].add(info.report_of[s.article_id])
    min_df = 2 if n_reports >= 3 else 1
    weight = {c: float(len(r)) for c, r in reports_with.items() if len(r) >= min_df}

    candidates = [
        i for i, s in enumerate(sentences)
        if word_count(s.text) <= words and can_stand_alone(s, quote_sizes)
    ]
    if not candidates:
        candidates = [i for i, s in enumerate(sentences) if word_count(s.text) <= words]
    if not candidates:
        return []

    def cheap_score(i: int) -> float:
        cover = sum(weight.get(c, 0.0) for c in sent_concepts[i])
        return cover / (word_count(sentences[i].text) ** 0.5) + (1.0 - info.positions[(sentences[i].article_id, sentences[i].index)])

    candidates.sort(key=lambda i: (-cheap_score(i), i))
    candidates = sorted(candidates[:max_candidates])

    concept_ids: dict[str, int] = {}
    for i in candidates:
        for c in sent_concepts[i]:
            if c in weight:
                concept_ids.setdefault(c, len(concept_ids))
    if not concept_ids:
        return _greedy_by_position(sentences, candidates, info, words)

    vectors = cluster.vectors
    pairs: list[tuple[int, int]] = []
    if vectors is not None and len(vectors) == len(sentences):
        cand_vecs = np.asarray(vectors)[candidates]
        sims = cand_vecs @ cand_vecs.T
        for a in range(len(candidates)):
            for b in np.nonzero(sims[a, a + 1:] >= redundancy)[0]:
                pairs.append((a, a + 1 + int(b)))
    support = support_counts(cluster, candidates, support_threshold)
    chosen = _solve_ilp(candidates, sentences, sent_concepts, concept_ids, weight, info, words, pairs, support, support_weight)
    if chosen is None:
        chosen = _greedy_by_position(sentences, candidates, info, words)
    return chosen


def _solve_ilp(candidates, sentences, sent_concepts, concept_ids, weight, info, words, pairs, support, support_weight) -> list[int] | None:
    from scipy.optimize import Bounds, LinearConstraint, milp
    from scipy.sparse import lil_matrix

    n_s, n_c = len(candidates), len(concept_ids)
    n = n_s + n_c
    c = np.zeros(n)
    # Concept weights, plus a small preference for earlier sentences (ties).
    for cname, k in concept_ids.items():
        c[n_s + k] = -weight[cname]
    for j, i in enumerate(candidates):
        s = sentences[i]
        c[j] = -0.01 * (1.0 - info.positions[(s.article_id, s.index)]) - support_weight * support[i]
    rows = 1 + n_c + len(pairs)
    a = lil_matrix((rows, n))
    lb = np.full(rows, -np.inf)
    ub = np.zeros(rows)
    for j, i in enumerate(candidates):
        a[0, j] = word_count(sentences[i].text)
    ub[0] = words
    covering: dict[int, list[int]] = defaultdict(list)
    for j, i in enumerate(candidates):
        for cname in sent_concepts[i]:
            k = concept_ids.get(cname)
            if k is not None:
                covering[k].append(j)
    for k in range(n_c):  # c_k <= sum of chosen sentences containing k
        a[1 + k, n_s + k] = 1
        for j in covering[k]:
            a[1 + k, j] = -1
    for r, (x, y) in enumerate(pairs):
        a[1 + n_c + r, x] = 1
        a[1 + n_c + r, y] = 1
        ub[1 + n_c + r] = 1
    res = milp(
        c,
        constraints=LinearConstraint(a.tocsr(), lb, ub),
        integrality=np.ones(n),
        bounds=Bounds(0, 1),
        options={"time_limit": 10.0, "disp": False},
    )
    if res.x is None:
        return None
    return [candidates[j] for j in range(n_s) if res.x[j] > 0.5]


def _greedy_by_position(sentences, candidates, info, words) -> list[int]:
    chosen, used = [], 0
    for i in sorted(candidates, key=lambda i: (info.positions[(sentences[i].article_id, sentences[i].index)], i)):
        n = word_count(sentences[i].text)
        if used + n <= words:
            chosen.append(i)
            used += n
    return chosen


def order_sentences(cluster: Cluster, chosen: list[int]) -> list[int]:
    """Order for reading: earlier articles' events first, then lead before detail."""
    info = _doc_info(cluster)
    known = [d for d in info.dates.values() if d]
    latest = max(known) if known else date.min

    def key(i: int):
        s = cluster.sentences[i]
        return (info.dates.get(s.article_id) or latest, round(info.positions[(s.article_id, s.index)], 2), info.order[s.article_id], s.index)

    return sorted(chosen, key=key)


def cite(cluster: Cluster, index: int, threshold: float) -> tuple[tuple[str, ...], tuple[Citation, ...]]:
    """The sources reporting the content of sentence ``index``: its own article and every
    other article whose most similar sentence reaches ``threshold``."""
    sentences = cluster.sentences
    s = sentences[index]
    own = cluster.source_id(s.article_id)
    citations = [Citation(own, s.article_id, s.index, s.start, s.end)]
    vectors = cluster.vectors
    if vectors is not None and len(vectors) == len(sentences):
        sims = np.asarray(vectors) @ np.asarray(vectors)[index]
        best: dict[str, tuple[float, int]] = {}
        for j, other in enumerate(sentences):
            if other.article_id == s.article_id:
                continue
            score = float(sims[j])
            if score >= threshold and score > best.get(other.article_id, (-1.0, -1))[0]:
                best[other.article_id] = (score, j)
        for aid, (_, j) in best.items():
            o = sentences[j]
            citations.append(Citation(cluster.source_id(aid), aid, o.index, o.start, o.end))
    order = {sid: k for k, sid in enumerate(cluster.source_ids)}
    citations.sort(key=lambda c: order[c.source_id])
    return tuple(c.source_id for c in citations), tuple(citations)


def summarize(cluster: Cluster, settings: Settings) -> tuple[BriefSentence, ...]:
    """The summary of ``cluster`` within ``settings.summary_words``, every sentence cited."""
    words = settings.summary_words
    threshold = settings.support_threshold_fast if settings.fast else settings.support_threshold
    chosen = order_sentences(cluster, select_sentences(cluster, words, support_threshold=threshold))
    out = []
    for i in chosen:
        sources, citations = cite(cluster, i, threshold)
        out.append(BriefSentence(cluster.sentences[i].text, sources, citations))
    assert sum(word_count(b.text) for b in out) <= words
    return tuple(out)
