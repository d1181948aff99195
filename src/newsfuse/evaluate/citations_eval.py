"""Which articles report a claim: newsfuse's support relation beside simpler ones (``newsfuse eval-citations``).

For every claim (an SCU-marked sentence, or a claim of a claims file; see
:mod:`.citations_data`) each method names the other documents of its set that
report it. Scores are micro-averaged over (claim, document) pairs:

- **precision**: cited documents that are gold, over cited documents;
- **recall**: gold documents cited, over gold documents.

Against SCU marks gold is "full or partial" (a shared unit may be a part of either
sentence), so a method's full and partial citations are scored together; a document
missing a mark may still report the claim, so precision there is a lower bound.

Methods with a free threshold (MiniLM cosine, TF-IDF cosine, BM25: a document counts
when one of its sentences reaches it) get the threshold that maximises F1 on the
*choice* part (DUC 2006 by default) and are reported at that threshold on every part.
newsfuse's relations are run as shipped: ``round1`` is the brief's former test (MiniLM
cosine 0.62 and a shared figure), ``newsfuse`` and ``newsfuse --fast`` the learned
relation of :mod:`newsfuse.stages.support`, whose weights and thresholds were fitted on
DUC 2006 (:mod:`.citations_train`).
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Sequence

import numpy as np

from .citations_data import ClaimSet, minilm_vectors, read_claim_sets

SWEPT = ("minilm", "tfidf", "bm25")
FIXED = ("round1", "newsfuse", "newsfuse-fast")
METHODS = (*FIXED, *SWEPT)
LABELS = {
    "round1": "round 1 (MiniLM >= 0.62 + shared figure)",
    "newsfuse": "newsfuse (learned support)",
    "newsfuse-fast": "newsfuse --fast (learned, no MiniLM)",
    "minilm": "MiniLM cosine",
    "tfidf": "TF-IDF cosine",
    "bm25": "BM25 (rank-bm25, normalised)",
}


@dataclass
class Prediction:
    """One method's citations of one claim: document ids, each full or partial."""

    full: set[str] = field(default_factory=set)
    partial: set[str] = field(default_factory=set)


def _doc_max(scores: np.ndarray, sentence_doc: np.ndarray, n_docs: int) -> np.ndarray:
    """(claims x sentences) scores -> (claims x documents): each document's best sentence."""
    out = np.full((scores.shape[0], n_docs), -np.inf)
    for d in range(n_docs):
        cols = sentence_doc == d
        if cols.any():
            out[:, d] = scores[:, cols].max(axis=1)
    return out


def _tfidf_block(cs: ClaimSet) -> np.ndarray:
    from ..embed import tfidf_rows

    lex = tfidf_rows([*cs.sentences, *(c.text for c in cs.claims)])
    n = len(cs.sentences)
    return lex[n:].dot_t(lex[:n])


def _bm25_block(cs: ClaimSet) -> np.ndarray:
    """BM25 of each claim against each sentence, over the claim's score against itself (so one scale)."""
    from rank_bm25 import BM25Okapi

    from ..stages.concepts import unigrams_of

    docs = [sorted(unigrams_of(t)) or ["_"] for t in (*cs.sentences, *(c.text for c in cs.claims))]
    bm = BM25Okapi(docs)
    n = len(cs.sentences)
    out = np.zeros((len(cs.claims), n))
    for i in range(len(cs.claims)):
        row = bm.get_scores(docs[n + i])
        self_score = float(row[n + i]) or 1.0
        out[i] = row[:n] / self_score
    return out


def _own_doc(cs: ClaimSet) -> np.ndarray:
    return np.array([cs.documents.index(c.source) for c in cs.claims])


def _mask_own(scores: np.ndarray, cs: ClaimSet) -> np.ndarray:
    """Sentences of a claim's own document never count for it."""
    sdoc = np.asarray(cs.sentence_doc)
    own = _own_doc(cs)
    return np.where(sdoc[None, :] == own[:, None], -np.inf, scores)


def relation_predictions(cs: ClaimSet, cosine: np.ndarray | None, fast: bool) -> list[Prediction]:
    """The citations newsfuse's support relation gives each claim of ``cs`` (the brief's own code)."""
    from ..stages.support import document_support, pair_features, support_model

    model = support_model(fast)
    feats = pair_features([c.text for c in cs.claims], list(cs.sentences), None if fast else cosine)
    own = _own_doc(cs)
    out = []
    for i in range(len(cs.claims)):
        p = Prediction()
        for s in document_support(feats[i], cs.sentence_doc, model, skip=int(own[i])):
            (p.full if s.full else p.partial).add(cs.documents[s.document])
        out.append(p)
    return out


def round1_predictions(cs: ClaimSet, cosine: np.ndarray) -> list[Prediction]:
    """Round 1's citations: each document's most similar sentence with cosine >= 0.62 that shares a figure."""
    from ..stages.support import supports

    scores = _mask_own(cosine, cs)
    out = []
    for i, c in enumerate(cs.claims):
        p = Prediction()
        for j in np.argsort(-scores[i], kind="stable"):
            if scores[i, j] < 0.62:
                break
            doc = cs.documents[cs.sentence_doc[j]]
            if doc not in p.full and supports(c.text, cs.sentences[j], float(scores[i, j]), 0.62):
                p.full.add(doc)
        out.append(p)
    return out


def _warm_up() -> None:
    """Import and run once what the methods use, so no method's time includes loading libraries."""
    from ..stages.support import pair_features, supports

    pair_features(["Two boats sank on Monday."], ["Two boats sank."], None)
    supports("Two boats sank.", "Two boats sank.", 0.9, 0.62)
    _bm25_block(ClaimSet("warm-up", "", ("a",), ("Two boats sank.",), (0,), (), False))


@dataclass
class Counts:
    tp: int = 0
    pred: int = 0
    gold: int = 0

    def add(self, pred: set[str], gold: frozenset[str]) -> None:
        self.tp += len(pred & gold)
        self.pred += len(pred)
        self.gold += len(gold)

    def prf(self) -> tuple[float, float, float]:
        p = self.tp / self.pred if self.pred else 0.0
        r = self.tp / self.gold if self.gold else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def _score(preds: Sequence[Prediction], cs: ClaimSet, any_counts: Counts, full_counts: Counts) -> None:
    for p, c in zip(preds, cs.claims):
        if c.full is None:
            continue
        any_counts.add(p.full | p.partial, c.full | c.partial)
        if not cs.scu:
            full_counts.add(p.full, c.full)


THRESHOLDS = np.round(np.arange(0.05, 1.0, 0.01), 2)


@dataclass
class Block:
    """One set's document scores of a swept method, kept to score every threshold."""

    cs: ClaimSet
    doc_scores: np.ndarray  # claims x documents


def _counts_at(blocks: Sequence[Block], t: float) -> Counts:
    k = Counts()
    for b in blocks:
        for i, c in enumerate(b.cs.claims):
            if c.full is None:
                continue
            pred = {b.cs.documents[d] for d in np.nonzero(b.doc_scores[i] >= t)[0]}
            k.add(pred, c.full | c.partial)
    return k


def best_threshold(blocks: Sequence[Block]) -> float:
    """The threshold of :data:`THRESHOLDS` with the best F1 on ``blocks``."""
    return max(THRESHOLDS, key=lambda t: (_counts_at(blocks, float(t)).prf()[2], -t))


@dataclass
class Row:
    method: str
    part: str
    precision: float
    recall: float
    f1: float
    full: tuple[float, float, float] | None
    threshold: float | None
    ms_per_1000: float
    claims: int


def evaluate(
    path: Path,
    methods: Sequence[str] = METHODS,
    choose: str = "duc2006",
    limit: int | None = None,
    cache: Path | None = None,
    progress: Callable[[str], None] | None = None,
) -> tuple[list[Row], dict[str, list[Prediction]], list[ClaimSet]]:
    """Every method on every part (dataset) of ``path``; swept thresholds chosen on the part ``choose``.

    Returns the table rows, each method's predictions (set by set, claim by claim) and the sets.
    """
    sets = list(read_claim_sets(path, limit))
    say = progress or (lambda _: None)
    need_minilm = any(m in methods for m in ("round1", "newsfuse", "minilm"))
    say("MiniLM vectors") if need_minilm else None
    vectors = minilm_vectors(sets, cache) if need_minilm else [None] * len(sets)
    cosines = [None if v is None else v[1] @ v[0].T for v in vectors]
    _warm_up()
    parts = sorted({cs.dataset for cs in sets}, key=lambda d: (d != choose, d))
    rows: list[Row] = []
    preds_of: dict[str, list[Prediction]] = {}
    n_claims = {d: sum(len(cs.claims) for cs in sets if cs.dataset == d) for d in parts}
    for method in methods:
        say(method)
        t0 = time.perf_counter()
        if method in SWEPT:
            blocks = []
            for cs, cos in zip(sets, cosines):
                raw = cos if method == "minilm" else (_tfidf_block(cs) if method == "tfidf" else _bm25_block(cs))
                blocks.append(Block(cs, _doc_max(_mask_own(raw, cs), np.asarray(cs.sentence_doc), len(cs.documents))))
            seconds = time.perf_counter() - t0
            chosen = [b for b in blocks if b.cs.dataset == choose] or blocks
            t = float(best_threshold(chosen))
            preds = []
            for b in blocks:
                for i in range(len(b.cs.claims)):
                    preds.append(Prediction(full={b.cs.documents[d] for d in np.nonzero(b.doc_scores[i] >= t)[0]}))
        else:
            t = None
            preds = []
            for cs, cos in zip(sets, cosines):
                if method == "round1":
                    preds.extend(round1_predictions(cs, cos))
                else:
                    preds.extend(relation_predictions(cs, cos, fast=method == "newsfuse-fast"))
            seconds = time.perf_counter() - t0
        preds_of[method] = preds
        ms = 1e6 * seconds / max(1, sum(n_claims.values()))
        pos = 0
        per_part = {d: (Counts(), Counts()) for d in parts}
        for cs in sets:
            _score(preds[pos : pos + len(cs.claims)], cs, *per_part[cs.dataset])
            pos += len(cs.claims)
        rest = [d for d in parts if d != choose]
        if len(rest) >= 2:  # every part the thresholds were not chosen on, together
            pooled = (Counts(), Counts())
            for d in rest:
                for k, c in zip(pooled, per_part[d]):
                    k.tp, k.pred, k.gold = k.tp + c.tp, k.pred + c.pred, k.gold + c.gold
            per_part[" + ".join(rest)] = pooled
            n_claims[" + ".join(rest)] = sum(n_claims[d] for d in rest)
        for d in per_part:
            anyc, fullc = per_part[d]
            p, r, f = anyc.prf()
            full = fullc.prf() if fullc.gold else None
            rows.append(Row(method, d, p, r, f, full, t, ms, n_claims[d]))
    return rows, preds_of, sets


def to_markdown(rows: Sequence[Row], command: str, choose: str) -> str:
    """The table of ``rows``, one line a method and part."""
    full = any(r.full for r in rows)
    head = "| method | part | claims | precision | recall | F1 |"
    rule = "|---|---|---:|---:|---:|---:|"
    if full:
        head += " full P | full R |"
        rule += "---:|---:|"
    head += " threshold | ms / 1,000 claims |"
    rule += "---:|---:|"
    lines = [f"`{command}`", "", f"Thresholds of the swept methods chosen for F1 on `{choose}`. Precision, recall and F1 count full and partial citations together.", "", head, rule]
    for r in rows:
        line = f"| {LABELS.get(r.method, r.method)} | {r.part} | {r.claims} | {r.precision:.3f} | {r.recall:.3f} | {r.f1:.3f} |"
        if full:
            line += f" {r.full[0]:.3f} | {r.full[1]:.3f} |" if r.full else " | |"
        line += f" {'' if r.threshold is None else f'{r.threshold:.2f}'} | {r.ms_per_1000:,.0f} |"
        lines.append(line)
    return "\n".join(lines)


def save_predictions(preds: Sequence[Prediction], sets: Sequence[ClaimSet], path: Path) -> int:
    """One line a claim: ``{"id", "reports", "partial"}``; ``reports`` holds the full supports and the claim's own document."""
    n = 0
    with path.open("w", encoding="utf-8") as out:
        pos = 0
        for cs in sets:
            for c, p in zip(cs.claims, preds[pos : pos + len(cs.claims)]):
                order = {d: k for k, d in enumerate(cs.documents)}
                reports = sorted({c.source} | p.full, key=order.__getitem__)
                partial = sorted(p.partial, key=order.__getitem__)
                out.write(json.dumps({"id": c.id, "reports": reports, "partial": partial}) + "\n")
                n += 1
            pos += len(cs.claims)
    return n


def disagreements(preds: Sequence[Prediction], sets: Sequence[ClaimSet], part: str, count: int, seed: int = 15) -> list[dict]:
    """``count`` citations of the part ``part`` that the gold lacks, drawn at random, for a hand check."""
    found = []
    pos = 0
    for cs in sets:
        for c, p in zip(cs.claims, preds[pos : pos + len(cs.claims)]):
            if cs.dataset == part and c.full is not None:
                for d in sorted((p.full | p.partial) - c.full - c.partial):
                    found.append((cs, c, d, d in p.full))
        pos += len(cs.claims)
    rng = np.random.default_rng(seed)
    picked = [found[k] for k in sorted(rng.choice(len(found), size=min(count, len(found)), replace=False))] if found else []
    out = []
    for cs, c, d, full in picked:
        sents = [s for s, k in zip(cs.sentences, cs.sentence_doc) if cs.documents[k] == d]
        out.append({"claim": c.id, "text": c.text, "document": d, "full": full, "document_sentences": sents})
    return out
