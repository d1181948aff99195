"""Does an article report a claim? The support relation every citation uses.

A claim is a sentence (or a shortened sentence) of one article; a candidate is a
sentence of another. Sentence embeddings find paraphrases, but they also rate two
sentences about the same scene as close when they state different facts: "fought the
blaze for 12 hours with 40 fire engines" and "12 crews from neighbouring towns were
called in" are near in embedding space and share the number 12, yet the second does
not report the first. So the relation combines what each signal knows
(:data:`FEATURES`, computed for a whole block of pairs at once by :func:`pair_features`):

- the MiniLM cosine (left out in fast mode, which has no neural model),
- the TF-IDF cosine, and how much of the claim's content words, weighted by their
  rarity in the cluster, the candidate states (and how much of its own it adds),
- the share of the claim's names (capitalised words) the candidate states,
- the share of the claim's quantities the candidate states, and whether it states a
  different value for one of them ("2 firefighters injured" against "3").

A logistic model of these features, learned from NIST's SCU marks of DUC 2006
(:mod:`newsfuse.evaluate.citations_train`; weights in ``data/support_model.json``),
gives each pair a score; a sentence *supports* the claim when its score reaches the
mode's threshold. The support is **full** when that sentence also states every
quantity of the claim with no conflicting value and at least ``full_cover`` of its
content words; otherwise it is **partial** (part of the claim, or the same fact with
another figure). An article supports a claim as its best supporting sentence does.

The older test :func:`supports` (cosine threshold plus a shared figure) still decides
whether an earlier article already reported a sentence (the update summary's "old
news"), so the summary's selection is unchanged.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Sequence

import numpy as np

from ..errors import ConfigError
from ..text.sparse import SparseRows
from .concepts import stem, stop_words

_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90, "hundred": 100, "dozen": 12,
}
_TOKEN = re.compile(r"\$?\d[\d,]*(?:\.\d+)?%?|[A-Za-z]+(?:-[A-Za-z]+)?")
_SCALE = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_UNIT_WORDS = {"percent", "per", "cent", "%"}
#: Sentences whose quantities, names, terms and bigrams each cache keeps. The caches serve the
#: pairs of one brief and a story briefed again (the desk, ``serve``); a computed entry costs about
#: 30 microseconds, a kept one about 1-2 KB. At 50,000 entries the four held about 170 MB of a
#: long-running desk (benchmarks/desk_memory.py); at 8,192, about 30 MB.
TEXT_CACHE_SIZE = 8192


def _number(token: str) -> float | None:
    t = token.lower().strip("$%")
    if t and t[0].isdigit():
        try:
            return float(t.replace(",", ""))
        except ValueError:
            return None
    parts = t.split("-")
    if all(p in _NUMBER_WORDS for p in parts):
        return float(sum(_NUMBER_WORDS[p] for p in parts))
    return None


@lru_cache(maxsize=TEXT_CACHE_SIZE)
def quantities(text: str) -> frozenset[tuple[float, str]]:
    """(value, stem of the counted word) for each number in ``text``.

    "40 fire engines" gives (40.0, "fire"); "$4.5 million" gives (4500000.0, "$");
    "90 percent" gives (90.0, "percent"). A year ("in 2011, the ...") is left out:
    it dates a sentence rather than states a figure.
    """
    tokens = _TOKEN.findall(text)
    stops = stop_words()
    out: set[tuple[float, str]] = set()
    for k, tok in enumerate(tokens):
        value = _number(tok)
        if value is None:
            continue
        if k > 1 and tok[0].isdigit() and tokens[k - 1][:1].isupper():
            continue  # a label such as "Pier 4" or "Flight 370", not a quantity
        unit = "$" if tok.startswith("$") else ("percent" if tok.endswith("%") else "")
        j = k + 1
        if j < len(tokens) and tokens[j].lower() in _SCALE:
            value *= _SCALE[tokens[j].lower()]
            j += 1
        year = re.fullmatch(r"(19|20)\d\d", tok) is not None
        while not unit and j < len(tokens) and j <= k + 3:
            word = tokens[j].lower()
            if _number(word) is not None:
                break
            if word in _UNIT_WORDS:
                unit = "percent"
            elif word not in stops:
                unit = stem(word)
            elif year:
                break
            j += 1
        if not unit and (year or tok[0].isalpha() or tok.lower() == "one"):
            continue  # a year, or "one of them": not a figure
        out.add((value, unit))
    return frozenset(out)


def shares_figures(summary_text: str, candidate_text: str) -> bool:
    """True when the summary sentence states no quantity, or the candidate states one of them."""
    wanted = quantities(summary_text)
    if not wanted:
        return True
    return bool(wanted & quantities(candidate_text))


def supports(summary_text: str, candidate_text: str, cosine: float, threshold: float, strong: float = 0.85) -> bool:
    """Whether ``candidate_text`` (another outlet's sentence) reports ``summary_text``'s content."""
    if cosine < threshold:
        return False
    return cosine >= strong or shares_figures(summary_text, candidate_text)


# --- the support relation of the citations -------------------------------------------------

FEATURES: tuple[str, ...] = (
    "cosine",  # MiniLM cosine of claim and candidate (default mode only)
    "lexical",  # TF-IDF cosine (unigrams and bigrams, fitted on the block)
    "cover",  # IDF-weighted share of the claim's content stems the candidate states
    "back",  # IDF-weighted share of the candidate's content stems the claim states
    "names",  # share of the claim's names the candidate states (1 when it names no one)
    "figures",  # share of the claim's quantities the candidate states (1 when it states none)
    "conflict",  # the candidate gives another value for a quantity of the claim
    "cosine_cover",  # cosine x cover: close in meaning *and* in what it states
    "shared",  # IDF mass of the content stems both state, over 20 (a shared part, whatever the lengths)
    "bigrams",  # content bigrams both state, over 3 (capped at 1): shared phrases, not only words
    "kinds",  # share of the claim's quantities the candidate states, or counts the same thing of, with any number (0 when none)
    "decoy",  # the candidate gives a number of the claim to another counted word, one of them a unit ("12 crews", "12 hours")
)
# Counted words that are units of time or measure (stems): a number of these is never the same
# quantity as a count of something else.
MEASURE_UNITS = frozenset(stem(w) for w in """
    second minute hour day week month year decade century time times percent $ mile kilometre kilometer km metre meter
    foot feet inch yard tonne ton pound kilogram kg gram litre liter gallon acre hectare degree
""".split()) | {"$", "percent"}
PARTIAL_COVER = 0.1  # a sentence stating a quantity of the claim (its counted word) and this share of its content supports it in part
MODEL_FILE = "support_model.json"


@dataclass(frozen=True, slots=True)
class SupportModel:
    """The learned combination of one mode: weights over :data:`FEATURES`, a bias and the thresholds."""

    mode: str  # "minilm" or "fast"
    weights: tuple[float, ...]
    bias: float
    threshold: float  # score at which a sentence supports a claim
    full_cover: float  # content share a full support must state
    floor: float  # the least cosine (MiniLM; TF-IDF in fast mode) of any support
    strong: float  # the cosine of a near copy, a support whatever the score

    def supports(self, f: np.ndarray) -> np.ndarray:
        """Which pairs of a ``(..., len(FEATURES))`` block support their claim, fully or in part.

        A near copy (cosine ``strong`` or more) does. Any other pair must not be a decoy
        (a sentence giving one of the claim's numbers to another counted word, one of them
        a unit: "12 crews" for "12 hours") and needs the score and the cosine ``floor``, or
        a quantity of the claim (its counted word, any value: "312 people evacuated" for
        "more than 300 people") with ``PARTIAL_COVER`` of its content.
        """
        close = f[..., 0] if self.mode == "minilm" else f[..., 1]
        scored = (self.score(f) >= self.threshold) & (close >= self.floor)
        counted = (f[..., 10] > 0) & (f[..., 2] >= PARTIAL_COVER)
        return (close >= self.strong) | ((scored | counted) & (f[..., 11] == 0))

    def full(self, f: np.ndarray) -> np.ndarray:
        """Which supporting pairs state all of the claim: every quantity, none other, and
        ``full_cover`` of its content or a near copy's cosine (``strong``)."""
        close = f[..., 0] if self.mode == "minilm" else f[..., 1]
        return (f[..., 5] >= 1.0) & (f[..., 6] == 0.0) & ((f[..., 2] >= self.full_cover) | (close >= self.strong))

    def score(self, features: np.ndarray) -> np.ndarray:
        """Scores in [0, 1] of the pairs of a ``(..., len(FEATURES))`` feature block."""
        z = features @ np.asarray(self.weights, dtype=np.float64) + self.bias
        return 1.0 / (1.0 + np.exp(-z))


@lru_cache(maxsize=1)
def _shipped() -> dict:
    from importlib import resources

    try:
        return json.loads(resources.files("newsfuse.data").joinpath(MODEL_FILE).read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError) as exc:
        raise ConfigError(f"newsfuse/data/{MODEL_FILE} is missing or damaged ({exc}); reinstall newsfuse") from None


def support_model(fast: bool) -> SupportModel:
    """The shipped model of a mode (``fast``: without the MiniLM cosine)."""
    rec = _shipped()["fast" if fast else "minilm"]
    return SupportModel("fast" if fast else "minilm", tuple(float(rec["weights"][f]) for f in FEATURES),
                        float(rec["bias"]), float(rec["threshold"]), float(rec["full_cover"]),
                        float(rec["floor"]), float(rec["strong"]))


_CAP = re.compile(r"[A-Z][A-Za-z'\u2019-]+")


@lru_cache(maxsize=TEXT_CACHE_SIZE)
def names_of(text: str) -> frozenset[str]:
    """Lower-cased capitalised words of ``text`` that are not its first word nor stop words."""
    stops = stop_words()
    out = set()
    for m in _CAP.finditer(text):
        if m.start() == 0 or not text[: m.start()].strip(" \"'\u201c\u2018("):
            continue
        w = m.group(0).lower().rstrip("'\u2019s").rstrip("'\u2019")
        if w and w not in stops:
            out.add(w)
    return frozenset(out)


@lru_cache(maxsize=TEXT_CACHE_SIZE)
def _terms(text: str) -> frozenset[str]:
    from .concepts import unigrams_of

    return frozenset(unigrams_of(text))


@lru_cache(maxsize=TEXT_CACHE_SIZE)
def _bigrams(text: str) -> frozenset[str]:
    """Content bigrams of ``text``, leaving out pairs of capitalised words (a name is no shared statement)."""
    from .concepts import bigrams_of_words, words_of

    words = words_of(text)
    return frozenset(c for c, k in bigrams_of_words(words) if not (words[k][:1].isupper() and words[k + 1][:1].isupper()))


def _binary(rows: Sequence[frozenset[str]], vocab: dict[str, int]) -> SparseRows:
    return SparseRows.binary([[vocab[t] for t in r] for r in rows], max(1, len(vocab)))


def _vocab(rows: Sequence[frozenset[str]]) -> dict[str, int]:
    """Column of each term, in order of first use; a row's terms taken alphabetically, since a set's
    order changes with the process's string hashing and the column order decides the order of sums."""
    vocab: dict[str, int] = {}
    for ts in rows:
        for t in sorted(ts):
            vocab.setdefault(t, len(vocab))
    return vocab


def _figures_of_pair(want: frozenset, have: frozenset) -> tuple[float, float, float, float]:
    """(found, conflict, kinds, decoy) of a claim's quantities ``want`` against a candidate's ``have``."""
    if not want:
        return 1.0, 0.0, 0.0, 0.0
    if not have:
        return 0.0, 0.0, 0.0, 0.0
    units = {u for _, u in want}
    have_units = {u for _, u in have}
    found = len(want & have) / len(want)
    kinds = sum((wu not in MEASURE_UNITS and wu in have_units) or (wv, wu) in have for wv, wu in want) / len(want)
    conflict = float(any(u in units and (v, u) not in want for v, u in have)
                     and not any(u in units for v, u in want & have))
    decoy = float(not units & have_units and any(
        v == wv and u != wu and (u in MEASURE_UNITS or wu in MEASURE_UNITS) for v, u in have for wv, wu in want))
    return found, conflict, kinds, decoy


def _figure_features(claims: Sequence[str], cands: Sequence[str], ii: np.ndarray, jj: np.ndarray) -> np.ndarray:
    """(found, conflict, kinds, decoy) of each pair (``ii[k]``, ``jj[k]``): an array ``(pairs, 4)``."""
    out = np.zeros((len(ii), 4))
    out[:, 0] = 1.0
    want = [quantities(t) for t in claims]
    have = [quantities(t) for t in cands]
    for k in np.nonzero([bool(want[i]) for i in ii])[0] if len(ii) else ():
        out[k] = _figures_of_pair(want[ii[k]], have[jj[k]])
    return out


def _pair_dots(a: SparseRows, b: SparseRows, ii: np.ndarray, jj: np.ndarray, weight: np.ndarray | None = None) -> np.ndarray:
    """Row ``ii[k]`` of sparse ``a`` dotted with row ``jj[k]`` of sparse ``b`` (columns weighted by ``weight``)."""
    if weight is not None:
        return a.weighted_pair_dots(b, ii, jj, weight)
    return a.pair_dots(b, ii, jj)


def pair_features(claims: Sequence[str], cands: Sequence[str], cosine: np.ndarray | None) -> np.ndarray:
    """The :data:`FEATURES` of every (claim, candidate) pair: an array ``(claims, candidates, features)``.

    Rarity (IDF) and the TF-IDF vectoriser are fitted on the claims and candidates
    together, so a block is one cluster (or one document set). ``cosine`` is the MiniLM
    cosine block, or ``None`` in fast mode (the feature is then 0).
    """
    n, m = len(claims), len(cands)
    ii, jj = np.repeat(np.arange(n), m), np.tile(np.arange(m), n)
    flat = features_at(claims, cands, ii, jj, None if cosine is None else np.asarray(cosine).reshape(-1))
    return flat.reshape(n, m, len(FEATURES))


def features_at(claims: Sequence[str], cands: Sequence[str], ii: np.ndarray, jj: np.ndarray,
                cosine: np.ndarray | None) -> np.ndarray:
    """The :data:`FEATURES` of the pairs (``claims[ii[k]]``, ``cands[jj[k]]``) only: an array ``(pairs, features)``.

    The same values as :func:`pair_features` gives for those pairs (fitted on all the
    claims and candidates), for callers that compare each claim with a few candidates.
    ``cosine``: the MiniLM cosine of each pair, or ``None`` in fast mode.
    """
    n = len(claims)
    ii, jj = np.asarray(ii, dtype=int), np.asarray(jj, dtype=int)
    out = np.zeros((len(ii), len(FEATURES)))
    if not len(ii):
        return out
    from ..embed import tfidf_rows

    lex = tfidf_rows([*claims, *cands])
    out[:, 1] = _pair_dots(lex[:n], lex[n:], ii, jj)
    terms = [_terms(t) for t in (*claims, *cands)]
    rows = _binary(terms, _vocab(terms))
    df = rows.column_counts()
    idf = np.log((1.0 + len(terms)) / (1.0 + df)) + 1.0
    shared = _pair_dots(rows[:n], rows[n:], ii, jj, idf)
    claim_total = rows[:n].matvec(idf)[ii]
    cand_total = rows[n:].matvec(idf)[jj]
    out[:, 2] = np.where(claim_total > 0, shared / np.maximum(claim_total, 1e-12), 0.0)
    out[:, 3] = np.where(cand_total > 0, shared / np.maximum(cand_total, 1e-12), 0.0)
    out[:, 8] = shared / 20.0
    pairs = [_bigrams(t) for t in (*claims, *cands)]
    brows = _binary(pairs, _vocab(pairs))
    out[:, 9] = np.minimum(1.0, _pair_dots(brows[:n], brows[n:], ii, jj) / 3.0)
    names = [names_of(t) for t in (*claims, *cands)]
    nrows = _binary(names, _vocab(names))
    n_names = np.array([len(x) for x in names[:n]], dtype=float)[ii]
    out[:, 4] = np.where(n_names > 0, _pair_dots(nrows[:n], nrows[n:], ii, jj) / np.maximum(n_names, 1.0), 1.0)
    out[:, [5, 6, 10, 11]] = _figure_features(claims, cands, ii, jj)
    if cosine is not None:
        out[:, 0] = cosine
        out[:, 7] = cosine * out[:, 2]
    return out


@dataclass(frozen=True, slots=True)
class Support:
    """How one article supports a claim: its best supporting sentence and the kind of support."""

    document: int  # index of the article (or document) in the block's list
    sentence: int  # index of its supporting sentence among the candidates
    score: float
    full: bool


def document_support(
    features: np.ndarray, cand_doc: Sequence[int], model: SupportModel, skip: int | None = None
) -> list[Support]:
    """The articles supporting one claim, given its ``(candidates, features)`` row and each candidate's article.

    An article supports the claim when one of its sentences does (:meth:`SupportModel.supports`);
    the support is full when one such sentence states every quantity of the claim, no
    conflicting one, and ``full_cover`` of its content (:meth:`SupportModel.full`). ``skip``: the claim's own article.
    """
    scores = model.score(features)
    ok = model.supports(features)
    fulls = model.full(features)
    best: dict[int, Support] = {}
    for j in np.argsort(-scores, kind="stable"):
        d = int(cand_doc[j])
        if d == skip or not ok[j]:
            continue
        sc, full = float(scores[j]), bool(fulls[j])
        have = best.get(d)
        if have is None:
            best[d] = Support(d, int(j), sc, bool(full))
        elif full and not have.full:
            best[d] = Support(d, int(j), sc, True)
    return sorted(best.values(), key=lambda s: s.document)
