"""Concepts of a cluster and how much each is worth to a summary.

A concept is a pair of adjacent words, lower-cased and Porter-stemmed, that is
not made only of stop words (Gillick & Favre 2009). How much a concept is worth
is what the summary's selector maximises, so it is the heart of the method.

The weight of a concept is the probability, given its features in the cluster,
that a human summary of the cluster contains it. A small logistic regression
over generic features (how many independent reports and how many times the
concept occurs, how early in its articles, whether it is a name or a number,
how common its words are in the cluster) gives that probability; this follows
the supervised bigram weighting of Li, Qian & Liu (2013, "Using Supervised
Bigram-based ILP for Extractive Summarization", ACL). The coefficients are
learned from the DUC 2006 and DUC 2007 reference summaries by
``benchmarks/train_concept_weights.py`` and ship in
``newsfuse/data/concept_weights.json``. When that file is absent the weight
falls back to the number of independent reports (the ICSI weighting).

Nothing here reads the evaluation data; only the learned numbers are shipped.
"""

from __future__ import annotations

import json
import math
import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Iterable, Sequence

import numpy as np

from ..errors import ConfigError
from ..model import Sentence
from ..text.porter import porter_stem

WORD_RE = re.compile(r"[A-Za-z0-9]+(?:['\u2019][a-z]+)?")
WEIGHTS_FILE = "concept_weights.json"

# The features of a concept, in the order of the learned coefficients.
FEATURES: tuple[str, ...] = (
    "df_frac",  # share of independent reports containing it
    "log_df",  # log(1 + reports containing it)
    "log_tf",  # log(1 + occurrences)
    "log_first",  # log(1 + earliest sentence index)
    "log_mean_first",  # log(1 + mean over reports of the earliest index there)
    "lead_frac",  # share of reports where it is in the first two sentences
    "mean_rel_pos",  # mean relative position (0 = first sentence, 1 = last)
    "one_stop",  # one of its two words is a stop word
    "has_number",  # one of its words is a number
    "capitalised",  # share of occurrences written with capitals (a name), not sentence-initial
    "word_df_min",  # share of reports containing the rarer of its two words
    "word_df_max",  # ... and the more common one
    "df1",  # occurs in one report only
    "df_frac_sq",  # df_frac squared (lets the weight grow faster than linearly)
    "log_reports",  # log(1 + independent reports in the cluster)
    "sent_len",  # mean length (words / 30) of the sentences containing it
)


@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    """English stop words (scikit-learn's list, :mod:`newsfuse.text.stopwords`) plus reporting verbs and titles."""
    from ..text.stopwords import ENGLISH_STOP_WORDS

    return frozenset(ENGLISH_STOP_WORDS) | {"said", "says", "say", "told", "mr", "ms", "mrs", "s", "t"}


@lru_cache(maxsize=131072)
def stem(word: str) -> str:
    """Porter stem of a lower-cased word (cached): NLTK's stem (:mod:`newsfuse.text.porter`)."""
    return porter_stem(word)


def words_of(text: str) -> list[str]:
    """The word tokens of ``text`` as written (letters, digits, an inner apostrophe)."""
    return WORD_RE.findall(text)


def bigrams_of_words(words: Sequence[str]) -> list[tuple[str, int]]:
    """(concept, position of its first word) for each content bigram of ``words`` (surface forms)."""
    stops = stop_words()
    low = [w.lower() for w in words]
    out = []
    for k in range(len(low) - 1):
        a, b = low[k], low[k + 1]
        if a in stops and b in stops:
            continue
        if (a in stops or b in stops) and (len(a) < 2 or len(b) < 2):
            continue
        out.append((f"{stem(a)} {stem(b)}", k))
    return out


def unigrams_of_words(words: Sequence[str]) -> list[tuple[str, int]]:
    """(stem, position) for each content word of ``words``: not a stop word, not one letter."""
    stops = stop_words()
    out = []
    for k, w in enumerate(words):
        lw = w.lower()
        if lw not in stops and (len(lw) > 1 or lw.isdigit()):
            out.append((stem(lw), k))
    return out


def concepts_of(text: str) -> set[str]:
    """Content bigrams of ``text``: stemmed word pairs not made only of stop words."""
    return {c for c, _ in bigrams_of_words(words_of(text))}


def unigrams_of(text: str) -> set[str]:
    """Stemmed content words of ``text``."""
    return {c for c, _ in unigrams_of_words(words_of(text))}


@dataclass(slots=True)
class _Stats:
    reports: set[int] = field(default_factory=set)
    tf: int = 0
    first: int = 10**6
    first_in: dict[int, int] = field(default_factory=dict)  # report -> earliest index
    rel_pos_sum: float = 0.0
    capitalised: int = 0
    sent_len_sum: int = 0
    one_stop: bool = False
    number: bool = False
    words: tuple[str, str] = ("", "")


@dataclass(frozen=True, slots=True)
class ConceptTable:
    """The concepts of a cluster with their feature rows.

    Attributes:
        names: the concepts ("hun sen"), one per row of ``features``.
        features: array (n concepts x len(FEATURES)).
        n_reports: independent reports in the cluster.
    """

    names: tuple[str, ...]
    features: np.ndarray
    n_reports: int
    df: np.ndarray  # reports containing each concept


def concept_table(
    sentences: Sequence[Sentence],
    report_of: dict[str, int],
    positions: dict[tuple[str, int], float],
    sentence_words: Sequence[list[str]] | None = None,
    kind: str = "bigram",
) -> ConceptTable:
    """Collect every concept of ``sentences`` with its features.

    Args:
        sentences: the cluster's sentences, article by article.
        report_of: article id -> independent report number (wire copies share one).
        positions: (article id, index) -> relative position 0..1 in its article.
        sentence_words: the word tokens of each sentence, if already split.
        kind: ``"bigram"`` (content bigrams) or ``"unigram"`` (stemmed content words).

    Returns:
        A :class:`ConceptTable`.
    """
    stops = stop_words()
    stats: dict[str, _Stats] = {}
    word_reports: dict[str, set[int]] = defaultdict(set)
    n_reports = max(1, len(set(report_of.values())))
    for n, s in enumerate(sentences):
        words = sentence_words[n] if sentence_words is not None else words_of(s.text)
        report = report_of[s.article_id]
        rel = positions[(s.article_id, s.index)]
        for w in words:
            lw = w.lower()
            if lw not in stops:
                word_reports[stem(lw)].add(report)
        found = bigrams_of_words(words) if kind == "bigram" else unigrams_of_words(words)
        span = 1 if kind == "bigram" else 0
        for concept, k in found:
            st = stats.get(concept)
            if st is None:
                a, b = words[k].lower(), words[k + span].lower()
                st = stats[concept] = _Stats(
                    one_stop=(a in stops) or (b in stops),
                    number=a.isdigit() or b.isdigit(),
                    words=(stem(a), stem(b)),
                )
            st.reports.add(report)
            st.tf += 1
            st.first = min(st.first, s.index)
            if report not in st.first_in or s.index < st.first_in[report]:
                st.first_in[report] = s.index
            st.rel_pos_sum += rel
            st.sent_len_sum += len(words)
            w1, w2 = words[k], words[k + span]
            if (k > 0 and w1[:1].isupper()) or (span and w2[:1].isupper()):
                st.capitalised += 1
    names = tuple(stats)
    feats = np.zeros((len(names), len(FEATURES)), dtype=np.float64)
    df = np.zeros(len(names))
    log_reports = math.log1p(n_reports)
    for row, name in enumerate(names):
        st = stats[name]
        d = len(st.reports)
        df[row] = d
        firsts = list(st.first_in.values())
        wd = [len(word_reports.get(w, ())) / n_reports for w in st.words if w in word_reports]
        wd = wd or [d / n_reports]
        feats[row] = (
            d / n_reports,
            math.log1p(d),
            math.log1p(st.tf),
            math.log1p(st.first),
            math.log1p(sum(firsts) / len(firsts)),
            sum(1 for f in firsts if f <= 1) / n_reports,
            st.rel_pos_sum / st.tf,
            float(st.one_stop),
            float(st.number),
            st.capitalised / st.tf,
            min(wd),
            max(wd),
            float(d == 1),
            (d / n_reports) ** 2,
            log_reports,
            st.sent_len_sum / st.tf / 30.0,
        )
    return ConceptTable(names, feats, n_reports, df)


@dataclass(frozen=True, slots=True)
class ConceptModel:
    """A logistic model of whether a human summary contains a concept."""

    features: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float
    info: dict = field(default_factory=dict)
    unigram: "ConceptModel | None" = None  # the model of content words, if any
    unigram_weight: float = 0.0  # how much a content word counts beside a bigram

    def probability(self, table: ConceptTable) -> np.ndarray:
        """P(concept in a reference summary) for each row of ``table``."""
        if len(table.names) == 0:
            return np.zeros(0)
        z = ((table.features - self.mean) / self.scale) @ self.coef + self.intercept
        return 1.0 / (1.0 + np.exp(-z))

    def to_dict(self) -> dict:
        out = {
            "features": list(self.features),
            "mean": [round(float(v), 6) for v in self.mean],
            "scale": [round(float(v), 6) for v in self.scale],
            "coef": [round(float(v), 6) for v in self.coef],
            "intercept": round(self.intercept, 6),
            "info": self.info,
        }
        if self.unigram is not None:
            out["unigram"] = self.unigram.to_dict()
            out["unigram_weight"] = self.unigram_weight
        return out

    @classmethod
    def from_dict(cls, data: dict, where: str = WEIGHTS_FILE) -> "ConceptModel":
        try:
            features = tuple(data["features"])
            model = cls(
                features,
                np.asarray(data["mean"], dtype=float),
                np.asarray(data["scale"], dtype=float),
                np.asarray(data["coef"], dtype=float),
                float(data["intercept"]),
                dict(data.get("info", {})),
                cls.from_dict(data["unigram"], where) if data.get("unigram") else None,
                float(data.get("unigram_weight", 0.0)),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise ConfigError(f"{where}: malformed concept weights ({exc}); rerun benchmarks/train_concept_weights.py") from None
        if features != FEATURES or not (len(model.mean) == len(model.scale) == len(model.coef) == len(FEATURES)):
            raise ConfigError(
                f"{where}: concept weights were trained for other features; rerun benchmarks/train_concept_weights.py"
            )
        return model


@lru_cache(maxsize=1)
def shipped_model() -> ConceptModel | None:
    """The concept model shipped in ``newsfuse/data``, or ``None`` if it is not there."""
    try:
        text = resources.files("newsfuse").joinpath("data", WEIGHTS_FILE).read_text("utf-8")
    except (FileNotFoundError, OSError):
        return None
    return ConceptModel.from_dict(json.loads(text))


def concept_weights(table: ConceptTable, model: ConceptModel | None) -> np.ndarray:
    """The weight of each concept of ``table``: the model's probability, or document frequency."""
    if model is None:
        return table.df.astype(float)
    return model.probability(table)


def label_concepts(names: Iterable[str], references: Sequence[str]) -> np.ndarray:
    """How many of ``references`` contain each concept (for training and analysis)."""
    ref_sets = [concepts_of(r) for r in references]
    return np.array([sum(1 for r in ref_sets if n in r) for n in names], dtype=float)
