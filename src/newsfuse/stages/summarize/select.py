"""Choosing the summary's sentences: the concept-coverage program (Gillick & Favre 2009) under the word budget."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

import numpy as np

from ...model import Cluster
from ...native_output import c_stdout_silenced
from ..compress import compressions, strip_dateline
from ..concepts import ConceptModel, concept_table, concept_weights, concepts_of, shipped_model, unigrams_of, words_of
from .cite import SentenceSimilarity
from .standalone import MIN_WORDS, SHORT_BUDGET, SHORT_BUDGET_MIN_WORDS, MIN_POOL, can_stand_alone, word_count

OLD_NEWS_CANDIDATES = 5  # earlier sentences compared with each new candidate (a retelling may join several)
MIP_GAP = 0.001  # stop when the solution is provably within 0.1% of the best (HiGHS relative gap)
# Most programs are solved at the root node; a few hard ones would branch for seconds
# for a negligible gain. The node limit keeps the result deterministic; the time limit
# is a safety net on a loaded machine. Either way HiGHS returns its best solution so far.
MIP_NODE_LIMIT = 8
MIP_TIME_LIMIT_S = 3.0


@dataclass(frozen=True, slots=True)
class SelectorParams:
    """The selector's knobs. Defaults were chosen by cross-validation on DUC 2006/2007
    (see docs/evaluation.md), never on DUC 2004.

    Attributes:
        support_threshold: cosine at which another report's sentence counts as support.
        support_weight: objective bonus per supporting report, relative to the mean
            weight of the cluster's top concepts.
        redundancy: lexical (TF-IDF) cosine above which two candidates may not both be
            chosen (1.0: no such constraint).
        max_candidates: sentences kept for the program (by a cheap score).
        max_concepts: concepts kept for the program (by weight).
        compress: offer shorter versions of the candidates.
        min_concept_weight: concepts weighing less are left out of the program.
        position_weight: bonus for early sentences (lead first), relative like support_weight.
        known_weight: in an update summary, the share of its weight a concept keeps when the
            earlier articles already have it (0: it counts for nothing). 1.0 (no discount) was
            chosen by ``benchmarks/choose_update.py`` on DUC 2006/2007 main: discounting lost
            coverage of what the references keep, the ``old_news`` filter drops retold claims.
        old_news: in an update summary, leave out sentences an earlier article already reports.
        old_news_coverage: with ``old_news``, a sentence also counts as old news when at least
            this share of its content words appear in its closest earlier sentences together and
            it gives no number they lack (a retelling that joins two earlier sentences; 1.0: off).
        min_words: shorter sentences are not candidates (they are rarely whole statements);
            ``None``: ``SHORT_BUDGET_MIN_WORDS`` for budgets up to ``SHORT_BUDGET`` words (unless
            fewer than ``MIN_POOL`` sentences are that long), ``MIN_WORDS`` otherwise.
    """

    support_threshold: float = 0.62
    support_weight: float = 0.0
    redundancy: float = 0.85
    max_candidates: int = 100
    max_concepts: int = 1500
    compress: bool = True
    min_concept_weight: float = 0.0
    position_weight: float = 0.0
    min_words: int | None = None
    known_weight: float = 1.0
    old_news: bool = True
    old_news_coverage: float = 0.8


@dataclass(frozen=True, slots=True)
class Choice:
    """A chosen sentence: its index in ``cluster.sentences`` and the text used (maybe shortened)."""

    index: int
    text: str


@dataclass(frozen=True, slots=True)
class _DocInfo:
    """The part of the cluster the selector needs, with wire duplicates merged."""

    report_of: dict[str, int]  # article id -> independent report number
    positions: dict[tuple[str, int], float]  # (article id, index) -> relative position 0..1
    dates: dict[str, date | None]
    order: dict[str, int]  # article id -> input order


def doc_info(cluster: Cluster) -> _DocInfo:
    """Reports, relative sentence positions, dates and input order of ``cluster``."""
    counts: dict[str, int] = defaultdict(int)
    for s in cluster.sentences:
        counts[s.article_id] += 1
    positions = {(s.article_id, s.index): s.index / max(1, counts[s.article_id] - 1) for s in cluster.sentences}
    return _DocInfo(
        report_of=dict(cluster.reports.of),
        positions=positions,
        dates={a.id: a.date for a in cluster.articles},
        order={a.id: i for i, a in enumerate(cluster.articles)},
    )


def support_counts(cluster: Cluster, indices: list[int], threshold: float) -> dict[int, int]:
    """For each sentence index, how many other independent reports carry a sentence at least
    ``threshold`` similar to it (0 without vectors)."""
    if not indices:
        return {}
    vecs = cluster.vectors.all()
    reports = cluster.reports.of
    report_ids = np.array([reports[s.article_id] for s in cluster.sentences])
    out = {}
    for lo in range(0, len(indices), 256):  # bounded memory on large clusters
        block = indices[lo:lo + 256]
        sims = vecs[block] @ vecs.T
        for row, i in enumerate(block):
            own = report_ids[i]
            out[i] = len(set(report_ids[(sims[row] >= threshold) & (report_ids != own)].tolist()))
    return out


@dataclass(frozen=True, slots=True)
class _Unit:
    """One version of one candidate sentence."""

    sentence: int  # index into cluster.sentences
    text: str
    words: int
    concepts: tuple[int, ...]


def select(
    cluster: Cluster,
    words: int,
    params: SelectorParams = SelectorParams(),
    model: ConceptModel | None | str = "shipped",
    similarity: SentenceSimilarity | None = None,
) -> list[Choice]:
    """The sentences (and versions of them) to summarise ``cluster`` with, within ``words``.

    Args:
        cluster: a cluster with ``sentences`` (and ``vectors`` for support and redundancy).
        words: the word budget (whitespace tokens); never exceeded.
        params: the selector's knobs.
        model: the concept model; ``"shipped"`` for the one in ``newsfuse/data``, ``None``
            for document-frequency weights.
        similarity: the cluster's sentence similarities, if already built.

    Returns:
        The chosen sentences in cluster order, each with the text to show.
    """
    sentences = cluster.sentences
    if not sentences or words <= 0:
        return []
    if model == "shipped":
        model = shipped_model()
    info = doc_info(cluster)
    quote_sizes: dict[tuple[str, int], int] = defaultdict(int)
    for s in sentences:
        if s.quote_id is not None:
            quote_sizes[(s.article_id, s.quote_id)] += 1

    sent_words = [words_of(s.text) for s in sentences]
    # An update summary (``cluster.earlier``): concepts are weighed on the new articles alone,
    # and those the reader met in the earlier ones count for nothing (Gillick et al. 2008).
    earlier = cluster.earlier
    fresh = [i for i, s in enumerate(sentences) if s.article_id not in earlier] if earlier else None
    t_sents = [sentences[i] for i in fresh] if fresh is not None else sentences
    t_words = [sent_words[i] for i in fresh] if fresh is not None else sent_words
    if not t_sents:
        return []
    table = concept_table(t_sents, info.report_of, info.positions, t_words)
    weights = concept_weights(table, model)  # type: ignore[arg-type]
    weight = {name: float(w) for name, w in zip(table.names, weights) if w > params.min_concept_weight}
    if table.n_reports >= 3 and model is None:
        weight = {c: w for c, w in weight.items() if w >= 2}
    use_unigrams = model is not None and model.unigram is not None and model.unigram_weight > 0
    if use_unigrams:  # content words too, named by their stem (bigrams have a space)
        utable = concept_table(t_sents, info.report_of, info.positions, t_words, kind="unigram")
        for name, w in zip(utable.names, concept_weights(utable, model.unigram)):
            if w > params.min_concept_weight:
                weight[name] = model.unigram_weight * float(w)

    def concepts(text: str) -> set[str]:
        return (concepts_of(text) | unigrams_of(text)) if use_unigrams else concepts_of(text)

    if earlier and params.known_weight != 1.0:  # 1.0 keeps every weight: nothing to discount
        known = set().union(*(concepts(s.text) for s in sentences if s.article_id in earlier))
        weight = {c: (w * params.known_weight if c in known else w) for c, w in weight.items()}
        weight = {c: w for c, w in weight.items() if w > 0}
    allowed = set(fresh) if fresh is not None else None

    # Candidate versions: each stand-alone sentence, without its dateline, and its shorter versions.
    if params.min_words is not None:
        versions = _versions(sentences, quote_sizes, words, params.min_words, params.compress, allowed)
    else:
        versions = {}
        if words <= SHORT_BUDGET:
            versions = _versions(sentences, quote_sizes, words, SHORT_BUDGET_MIN_WORDS, params.compress, allowed)
        if len(versions) < MIN_POOL:
            versions = _versions(sentences, quote_sizes, words, MIN_WORDS, params.compress, allowed)
    if not versions:  # nothing reads alone: fall back to any sentence that fits
        versions = {i: [s.text] for i, s in enumerate(sentences)
                    if word_count(s.text) <= words and (allowed is None or i in allowed)}
    if earlier and versions and params.old_news:
        similarity = similarity or SentenceSimilarity(cluster)
        old = old_news(cluster, similarity, sorted(versions), params.support_threshold, params.old_news_coverage)
        versions = {i: v for i, v in versions.items() if i not in old}
    if not versions:
        return []

    def cover(text: str) -> float:
        return sum(weight.get(c, 0.0) for c in concepts(text))

    cheap = {i: cover(v[0]) / max(1.0, word_count(v[0])) ** 0.5 for i, v in versions.items()}
    candidates = sorted(sorted(versions, key=lambda i: (-cheap[i], i))[: params.max_candidates])

    # The concepts in play: those of the candidates, the heaviest first, at most max_concepts.
    unit_concepts = {(i, t): concepts(t) for i in candidates for t in versions[i]}
    cand_concepts = {c for cs in unit_concepts.values() for c in cs if c in weight}
    kept = sorted(cand_concepts, key=lambda c: (-weight[c], c))[: params.max_concepts]
    concept_ids = {c: k for k, c in enumerate(kept)}
    if not concept_ids:
        return [Choice(i, versions[i][0]) for i in _greedy_by_position(sentences, candidates, info, words)]
    units = [
        _Unit(i, t, word_count(t), tuple(sorted({concept_ids[c] for c in unit_concepts[(i, t)] if c in concept_ids})))
        for i in candidates
        for t in versions[i]
    ]

    top = sorted(weight.values(), reverse=True)[:20]
    scale = float(np.mean(top)) if top else 1.0
    bonus = {i: 0.0 for i in candidates}
    if params.support_weight:
        support = support_counts(cluster, candidates, params.support_threshold)
        for i in candidates:
            bonus[i] += params.support_weight * scale * support[i]
    if params.position_weight:
        for i in candidates:
            s = sentences[i]
            bonus[i] += params.position_weight * scale * (1.0 - info.positions[(s.article_id, s.index)])

    pairs: list[tuple[int, int]] = []
    if params.redundancy < 1.0 and len(candidates) > 1:
        lex = (similarity or SentenceSimilarity(cluster)).lexical()[candidates]
        sims = lex.dot_t(lex)
        for a in range(len(candidates)):
            for b in np.nonzero(sims[a, a + 1:] >= params.redundancy)[0]:
                pairs.append((candidates[a], candidates[a + 1 + int(b)]))

    chosen = _solve(units, kept, weight, words, pairs, bonus, info, sentences)
    if chosen is None:
        return [Choice(i, versions[i][0]) for i in _greedy_by_position(sentences, candidates, info, words)]
    return sorted(chosen, key=lambda c: c.index)


def old_news(cluster: Cluster, similarity: SentenceSimilarity, indices: list[int], threshold: float,
             coverage: float = 1.0) -> set[int]:
    """The sentences of ``indices`` that an earlier article already reports (``cluster.earlier``).

    For each, the few earlier sentences closest in words are compared by meaning, with the
    support test of the citations: a figure that changed ("231 dead" after "32 dead") is news.
    A sentence that retells several earlier ones at once is caught by ``coverage``: the share of
    its content words that its closest earlier sentences have together, when it gives no number
    they lack.
    """
    from ..support import supports

    sentences = cluster.sentences
    earlier_rows = np.array([j for j, s in enumerate(sentences) if s.article_id in cluster.earlier], dtype=int)
    if not len(earlier_rows):
        return set()
    out = set()
    lex = similarity.lexical()
    block = lex[indices].dot_t(lex[earlier_rows])  # candidates x earlier sentences
    close: dict[int, list[int]] = {}
    for r, i in enumerate(indices):
        row = block[r]
        close[i] = [int(earlier_rows[k]) for k in np.argsort(-row, kind="stable")[:OLD_NEWS_CANDIDATES] if row[k] > 0]
    if coverage < 1.0:  # a retelling of several earlier sentences at once
        words: dict[int, set[str]] = {}  # an earlier sentence is often close to several candidates

        def unigrams(j: int) -> set[str]:
            if j not in words:
                words[j] = unigrams_of(sentences[j].text)
            return words[j]

        for i in indices:
            mine = unigrams_of(sentences[i].text)
            near = set().union(*(unigrams(j) for j in close[i]))
            if mine and not {w for w in mine if w[:1].isdigit()} - near and len(mine & near) >= coverage * len(mine):
                out.add(i)
        indices = [i for i in indices if i not in out]
    similarity.prepare([j for i in indices for j in [i, *close[i]]])
    for i in indices:
        if not close[i]:
            continue
        sims = similarity.semantic(i, close[i])
        if any(supports(sentences[i].text, sentences[j].text, float(c), threshold) for j, c in zip(close[i], sims)):
            out.add(i)
    return out


def _versions(sentences, quote_sizes, words: int, min_words: int, compress: bool,
              allowed: set[int] | None = None) -> dict[int, list[str]]:
    """Sentence index -> the versions of it that may enter the summary (the whole sentence
    without its dateline first, then shorter ones), for sentences that stand alone and have
    at least ``min_words`` words (among ``allowed`` indices, when given)."""
    versions: dict[int, list[str]] = {}
    for i, s in enumerate(sentences):
        if allowed is not None and i not in allowed:
            continue
        base = strip_dateline(s.text)
        if not can_stand_alone(s, quote_sizes) or (base != s.text and not can_stand_alone(base)):
            continue
        if word_count(base) < min_words:
            continue
        texts = [base] + (compressions(base) if compress else [])
        texts = [t for t in texts if word_count(t) <= words and (t == base or can_stand_alone(t))]
        if texts:
            versions[i] = texts
    return versions


def _solve(units, kept, weight, words, pairs, bonus, info, sentences) -> list[Choice] | None:
    """Solve the concept-coverage program; ``None`` if the solver finds nothing.

    A concept found in the versions of one sentence only needs no variable of its own:
    at most one version of a sentence is chosen, so the concept is covered exactly when
    a version containing it is, and its weight moves onto those versions. Only concepts
    shared by two or more sentences stay in the program, which keeps it small.
    """
    n_u = len(units)
    holders: dict[int, set[int]] = defaultdict(set)
    for u in units:
        for k in u.concepts:
            holders[k].add(u.sentence)
    shared = [k for k in range(len(kept)) if len(holders[k]) > 1]
    shared_id = {k: n_u + m for m, k in enumerate(shared)}
    n = n_u + len(shared)
    c = np.zeros(n)
    for k, col in shared_id.items():
        c[col] = -weight[kept[k]]
    for j, u in enumerate(units):
        s = sentences[u.sentence]
        own = sum(weight[kept[k]] for k in u.concepts if k not in shared_id)
        # Its own concepts and bonus, plus tiny preferences for early sentences and fuller text (ties).
        c[j] = -own - bonus[u.sentence] - 1e-4 * (1.0 - info.positions[(s.article_id, s.index)]) - 1e-5 * u.words
    rows, cols, vals = [], [], []
    ub = []
    r = 0
    # Budget.
    for j, u in enumerate(units):
        rows.append(r), cols.append(j), vals.append(u.words)
    ub.append(words)
    r += 1
    # At most one version of each sentence; near-duplicate sentences exclude each other.
    by_sentence: dict[int, list[int]] = defaultdict(list)
    for j, u in enumerate(units):
        by_sentence[u.sentence].append(j)
    for js in by_sentence.values():
        if len(js) > 1:
            for j in js:
                rows.append(r), cols.append(j), vals.append(1)
            ub.append(1)
            r += 1
    for a, b in pairs:
        for j in by_sentence[a] + by_sentence[b]:
            rows.append(r), cols.append(j), vals.append(1)
        ub.append(1)
        r += 1
    # A shared concept counts only if a chosen version contains it: c_k - sum x_j <= 0.
    covering: dict[int, list[int]] = defaultdict(list)
    for j, u in enumerate(units):
        for k in u.concepts:
            if k in shared_id:
                covering[k].append(j)
    for k, col in shared_id.items():
        rows.append(r), cols.append(col), vals.append(1)
        for j in covering[k]:
            rows.append(r), cols.append(j), vals.append(-1)
        ub.append(0)
        r += 1
    x = _milp(c, rows, cols, vals, np.array(ub, dtype=float))
    if x is None:
        return None
    return [Choice(units[j].sentence, units[j].text) for j in range(n_u) if x[j] > 0.5]


def _milp(c: np.ndarray, rows: list[int], cols: list[int], vals: list[float], ub: np.ndarray) -> np.ndarray | None:
    """Minimise ``c @ x`` over binary ``x`` with ``A @ x <= ub`` (``A`` given as coordinate lists), by HiGHS.

    HiGHS through its own Python package (``highspy``, pinned to the HiGHS that SciPy 1.17 bundles,
    1.12.0) rather than ``scipy.optimize.milp``: importing ``scipy.optimize`` took longer than the
    whole selection of a brief (about 0.5 s of a cold ``--fast`` brief's 1.7 s). The model handed
    to HiGHS is the one ``milp`` built: the matrix by columns (rows ascending inside a column), the
    same bounds and options, and a solution kept under the same conditions (optimal, or stopped by a
    limit with a feasible point). ``None`` when there is none.
    """
    import highspy

    n, r = len(c), len(ub)
    rows_a, cols_a = np.asarray(rows, dtype=np.int64), np.asarray(cols, dtype=np.int64)
    vals_a = np.asarray(vals, dtype=float)
    key = cols_a * max(r, 1) + rows_a
    order = np.argsort(key, kind="stable")
    key, rows_a, cols_a, vals_a = key[order], rows_a[order], cols_a[order], vals_a[order]
    first = np.ones(len(key), dtype=bool)
    first[1:] = key[1:] != key[:-1]
    if not first.all():  # repeated (row, column) entries add up, as a COO matrix's do
        vals_a = np.add.reduceat(vals_a, np.flatnonzero(first))
        rows_a, cols_a = rows_a[first], cols_a[first]
    start = np.searchsorted(cols_a, np.arange(n + 1))

    lp = highspy.HighsLp()
    lp.num_col_, lp.num_row_ = n, r
    lp.col_cost_ = c
    lp.col_lower_, lp.col_upper_ = np.zeros(n), np.ones(n)
    lp.row_lower_, lp.row_upper_ = np.full(r, -highspy.kHighsInf), ub
    lp.a_matrix_.num_col_, lp.a_matrix_.num_row_ = n, r
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = start.astype(np.int32)
    lp.a_matrix_.index_ = rows_a.astype(np.int32)
    lp.a_matrix_.value_ = vals_a
    lp.integrality_ = [highspy.HighsVarType.kInteger] * n

    h = highspy.Highs()
    for name, value in (("log_to_console", False), ("mip_max_nodes", MIP_NODE_LIMIT),
                        ("time_limit", MIP_TIME_LIMIT_S), ("mip_rel_gap", MIP_GAP)):
        h.setOptionValue(name, value)
    with c_stdout_silenced():  # HiGHS printf()s some debugging lines even with its log off
        h.passModel(lp)
        h.run()
    status = h.getModelStatus()
    limits = (highspy.HighsModelStatus.kTimeLimit, highspy.HighsModelStatus.kIterationLimit,
              highspy.HighsModelStatus.kSolutionLimit)
    if status == highspy.HighsModelStatus.kOptimal or (
            status in limits and h.getInfo().objective_function_value != highspy.kHighsInf):
        return np.asarray(h.getSolution().col_value)
    return None


def _greedy_by_position(sentences, candidates, info, words) -> list[int]:
    chosen, used = [], 0
    for i in sorted(candidates, key=lambda i: (info.positions[(sentences[i].article_id, sentences[i].index)], i)):
        n = word_count(sentences[i].text)
        if used + n <= words:
            chosen.append(i)
            used += n
    return sorted(chosen)


def select_sentences(cluster: Cluster, words: int, **params) -> list[int]:
    """Indices into ``cluster.sentences`` of the sentences to summarise with, within ``words``."""
    return [c.index for c in select(cluster, words, SelectorParams(**params))]


def order_sentences(cluster: Cluster, chosen: list[int]) -> list[int]:
    """Order for reading: earlier articles' events first, then lead before detail."""
    info = doc_info(cluster)
    known = [d for d in info.dates.values() if d]
    latest = max(known) if known else date.min

    def key(i: int):
        s = cluster.sentences[i]
        return (info.dates.get(s.article_id) or latest, round(info.positions[(s.article_id, s.index)], 2), info.order[s.article_id], s.index)

    return sorted(chosen, key=key)
