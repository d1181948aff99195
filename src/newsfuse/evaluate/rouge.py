"""ROUGE as newsfuse measures it: Google's ``rouge-score``, stemming on, DUC-style truncation.

Setup (checked against published figures, see ``docs/evaluation-summary.md``):

- every summary is cut to its first ``words`` whitespace-separated words before
  scoring (DUC 2006/2007 used 250 words; DUC 2004 used 665 bytes, about 100 words);
- ``rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"], use_stemmer=True)``
  (Porter stemmer, stopwords kept, lower-cased alphanumeric tokens);
- each reference is scored separately and precision, recall and F1 are each
  averaged over the references of the cluster (not the best reference, which
  ``score_multi`` would give).

Lin (2004), "ROUGE: A Package for Automatic Evaluation of Summaries".
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Sequence


METRICS: tuple[str, ...] = ("rouge1", "rouge2", "rougeL")
LABELS = {"rouge1": "R-1", "rouge2": "R-2", "rougeL": "R-L"}

__all__ = ["METRICS", "LABELS", "RougeScore", "truncate_words", "ReferenceScorer", "ngram_counts"]


def truncate_words(text: str, words: int) -> str:
    """The first ``words`` whitespace-separated words of ``text``, joined by single spaces."""
    if words < 1:
        raise ValueError(f"words must be at least 1, not {words}")
    return " ".join(text.split()[:words])


@dataclass(frozen=True, slots=True)
class RougeScore:
    """Precision, recall and F1 of one metric, each averaged over references."""

    precision: float
    recall: float
    f1: float

    def to_dict(self) -> dict[str, float]:
        return {"precision": self.precision, "recall": self.recall, "f1": self.f1}


class ReferenceScorer:
    """Scores summaries against several references with truncation and averaging.

    Args:
        words: the length limit every summary is cut to before scoring.
    """

    def __init__(self, words: int) -> None:
        if words < 1:
            raise ValueError(f"words must be at least 1, not {words}")
        self.words = words
        from rouge_score import rouge_scorer, tokenizers  # here, not at import: it loads nltk (a second for every command)

        self._scorer = rouge_scorer.RougeScorer(list(METRICS), use_stemmer=True)
        self._tokenizer = tokenizers.DefaultTokenizer(use_stemmer=True)

    def score(self, summary: str, references: Sequence[str]) -> dict[str, RougeScore]:
        """ROUGE-1/2/L of ``summary`` (truncated) against each reference, averaged over references.

        Raises:
            ValueError: no references.
        """
        if not references:
            raise ValueError("no reference summaries to score against")
        cut = truncate_words(summary, self.words) if summary.strip() else ""
        per_ref = [self._scorer.score(ref, cut) for ref in references]
        n = len(per_ref)
        return {
            m: RougeScore(
                precision=sum(s[m].precision for s in per_ref) / n,
                recall=sum(s[m].recall for s in per_ref) / n,
                f1=sum(s[m].fmeasure for s in per_ref) / n,
            )
            for m in METRICS
        }

    def tokens(self, text: str) -> list[str]:
        """The stemmed tokens ``rouge-score`` compares (for the oracle's fast search)."""
        return self._tokenizer.tokenize(text)


def ngram_counts(tokens: Sequence[str], n: int) -> Counter:
    """Counts of the n-grams of ``tokens``."""
    return Counter(tuple(tokens[i:i + n]) for i in range(len(tokens) - n + 1))
