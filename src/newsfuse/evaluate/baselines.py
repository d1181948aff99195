"""Baseline summarizers for ``newsfuse eval``: Lead, Random, sumy's summarizers and a ROUGE oracle.

Every baseline reads the same sentences (newsfuse's rule-based splitter,
:func:`newsfuse.stages.segment.split_sentences`) and fills the same word budget
the same way: sentences are taken in the system's order of preference until the
budget is reached (the last one may run over; the scorer cuts the summary to
the budget, as DUC did), skipping a sentence whose text repeats one already
taken (wire copies carry identical sentences).

sumy (https://github.com/miso-belica/sumy) supplies LexRank (Erkan & Radev 2004),
TextRank (Mihalcea & Tarau 2004), LSA (Steinberger & Jezek 2004), Luhn (1958),
KL-Sum (Haghighi & Vanderwende 2009), SumBasic (Nenkova & Vanderwende 2005) and
Reduction. They are used as the library ships them; the adapter only builds
sumy's document from our sentences, with a tokenizer of ours (sumy's own needs
NLTK's punkt data, which cannot be downloaded here), and maps sumy's ranking
back to our sentences by object identity: sumy's ``Sentence`` compares equal by
text, so two outlets' identical sentences would otherwise be confused.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from typing import Callable, Iterable, Sequence

from ..model import Article, Sentence
from ..text.sentences import split_sentences
from .datasets import MdsCluster
from .rouge import ReferenceScorer, ngram_counts

__all__ = [
    "Task", "split_cluster", "fill_budget", "lead", "random_summary", "SumyRanker", "SUMY_SUMMARIZERS",
    "oracle_summary",
]

WORD_RE = re.compile(r"[^\W_]+(?:['\u2019.-][^\W_]+)*")


@dataclass(frozen=True, slots=True)
class Task:
    """What a system is given: one cluster, its sentences (shared by all baselines) and the word budget."""

    cluster: MdsCluster
    sentences: tuple[Sentence, ...]
    words: int


def split_cluster(cluster: MdsCluster) -> tuple[Sentence, ...]:
    """Every article's sentences, article by article, with newsfuse's rule-based splitter."""
    return tuple(s for a in cluster.articles for s in split_sentences(a))


def _norm(text: str) -> str:
    return " ".join(text.lower().split())


def fill_budget(ordered: Iterable[Sentence], words: int) -> list[Sentence]:
    """Take sentences in the given order until ``words`` words are reached (the last may run over).

    A sentence whose text repeats one already taken is skipped.
    """
    out: list[Sentence] = []
    seen: set[str] = set()
    total = 0
    for s in ordered:
        if total >= words:
            break
        key = _norm(s.text)
        if not key or key in seen:
            continue
        seen.add(key)
        out.append(s)
        total += len(s.text.split())
    return out


def join(sentences: Sequence[Sentence]) -> str:
    """A summary's text: its sentences joined by spaces."""
    return " ".join(s.text for s in sentences)


def most_recent(articles: Sequence[Article]) -> Article:
    """The most recent article by date (undated ones count as oldest), then by id."""
    return max(articles, key=lambda a: (a.date.toordinal() if a.date else 0, a.id))


def lead(task: Task) -> str:
    """DUC's baseline: the leading sentences of the most recent article, up to the budget."""
    latest = most_recent(task.cluster.articles)
    return join(fill_budget((s for s in task.sentences if s.article_id == latest.id), task.words))


def random_summary(task: Task, seed: int = 0) -> str:
    """Sentences in a random order, seeded by ``seed`` and the cluster id, up to the budget."""
    order = list(task.sentences)
    random.Random(f"{seed}:{task.cluster.id}").shuffle(order)
    return join(fill_budget(order, task.words))


class _Tokenizer:
    """The word tokenizer sumy is given instead of its NLTK one: letters and digits, inner apostrophes kept."""

    language = "english"

    def to_sentences(self, text: str) -> tuple[str, ...]:
        return (text,)  # never called: the document is built from our sentences

    def to_words(self, text: str) -> tuple[str, ...]:
        return tuple(WORD_RE.findall(text))


class _BudgetFilled(Exception):
    """Raised inside sumy's KL-Sum when its picks fill the budget."""


def _sumy_classes() -> dict[str, Callable[..., object]]:
    from sumy.summarizers.kl import KLSummarizer
    from sumy.summarizers.lex_rank import LexRankSummarizer
    from sumy.summarizers.lsa import LsaSummarizer
    from sumy.summarizers.luhn import LuhnSummarizer
    from sumy.summarizers.reduction import ReductionSummarizer
    from sumy.summarizers.sum_basic import SumBasicSummarizer
    from sumy.summarizers.text_rank import TextRankSummarizer

    class BoundedKLSummarizer(KLSummarizer):
        """sumy's KL-Sum, stopped once its picks fill the word budget.

        KL-Sum picks sentences one at a time (the one keeping the summary's word
        distribution closest to the document's) and sumy keeps going until every
        sentence is ranked, which is cubic in the number of sentences (minutes
        per DUC 2006 cluster). The picks are observed through sumy's own
        ``_find_index_of_best_sentence`` hook and the search stops when they fill
        the budget; the order of the picks is sumy's, unchanged.
        """

        budget_words = 0

        def _compute_ratings(self, sentences):
            self._left = list(sentences)
            self._picked: list[object] = []
            self._seen: set[str] = set()
            self._words = 0
            try:
                return super()._compute_ratings(sentences)
            except _BudgetFilled:
                return {s: -rank for rank, s in enumerate(self._picked)} | {s: -len(sentences) for s in self._left}

        def _find_index_of_best_sentence(self, kls):
            index = KLSummarizer._find_index_of_best_sentence(kls)
            if self.budget_words:
                best = self._left.pop(index)
                self._picked.append(best)
                key = _norm(str(best))
                if key not in self._seen:
                    self._seen.add(key)
                    self._words += len(key.split())
                if self._words >= self.budget_words:
                    raise _BudgetFilled
            return index

    return {
        "lexrank": LexRankSummarizer,
        "textrank": TextRankSummarizer,
        "lsa": LsaSummarizer,
        "luhn": LuhnSummarizer,
        "kl-sum": BoundedKLSummarizer,
        "sumbasic": SumBasicSummarizer,
        "reduction": ReductionSummarizer,
    }


SUMY_SUMMARIZERS: tuple[str, ...] = ("lexrank", "textrank", "lsa", "luhn", "kl-sum", "sumbasic", "reduction")


class SumyRanker:
    """One sumy summarizer as a newsfuse baseline.

    Args:
        name: one of :data:`SUMY_SUMMARIZERS`.
    """

    def __init__(self, name: str) -> None:
        from sumy.nlp.stemmers import Stemmer
        from sumy.utils import get_stop_words

        classes = _sumy_classes()
        if name not in classes:
            raise ValueError(f"no sumy summarizer '{name}'; choose from {', '.join(classes)}")
        self.name = name
        self._summarizer = classes[name](Stemmer("english"))
        self._summarizer.stop_words = get_stop_words("english")
        self._tokenizer = _Tokenizer()

    def rank(self, sentences: Sequence[Sentence], words: int = 0) -> list[Sentence]:
        """Our sentences in sumy's order of preference (best first; ties keep document order).

        ``words``, if given, lets KL-Sum stop ranking once its first picks fill that many words.
        """
        from sumy.models.dom import ObjectDocumentModel, Paragraph
        from sumy.models.dom import Sentence as SumySentence

        if not sentences:
            return []
        ours: dict[int, Sentence] = {}
        paragraphs = []
        current: list[object] = []
        for i, s in enumerate(sentences):
            if i and s.article_id != sentences[i - 1].article_id:
                paragraphs.append(Paragraph(current))
                current = []
            obj = SumySentence(s.text, self._tokenizer)
            ours[id(obj)] = s
            current.append(obj)
        paragraphs.append(Paragraph(current))
        document = ObjectDocumentModel(paragraphs)
        ranking: list[object] = []

        def keep_all(infos):  # sumy calls this with its sentences sorted best first
            ranking.extend(info.sentence for info in infos)
            return infos

        if hasattr(self._summarizer, "budget_words"):
            self._summarizer.budget_words = words
        self._summarizer(document, keep_all)
        return [ours[id(obj)] for obj in ranking]

    def __call__(self, task: Task) -> str:
        return join(fill_budget(self.rank(task.sentences, task.words), task.words))


ORACLE_POOL = 100  # sentences the oracle searches among: those with the best scores alone


class _OracleSearch:
    """Scores ordered sentence choices exactly as the scorer would (truncated, mean over references)."""

    def __init__(self, task: Task, scorer: ReferenceScorer, pool: int = ORACLE_POOL) -> None:
        self.scorer = scorer
        self.words = task.words
        refs = [scorer.tokens(r) for r in task.cluster.references]
        self.refs = {n: [(ngram_counts(t, n), max(len(t) - n + 1, 1)) for t in refs] for n in (1, 2)}
        self.candidates: list[Sentence] = []
        seen: set[str] = set()
        for s in task.sentences:
            key = _norm(s.text)
            if key and key not in seen:
                seen.add(key)
                self.candidates.append(s)
        self.words_of = [s.text.split() for s in self.candidates]
        self.tokens_of = [scorer.tokens(s.text) for s in self.candidates]
        self._cut: dict[tuple[int, int], list[str]] = {}
        if len(self.candidates) > pool:  # search among the sentences that score best alone
            keep = sorted(sorted(range(len(self.candidates)), key=lambda i: self.value([i]), reverse=True)[:pool])
            self.candidates = [self.candidates[i] for i in keep]
            self.words_of = [self.words_of[i] for i in keep]
            self.tokens_of = [self.tokens_of[i] for i in keep]
            self._cut = {}

    def length(self, chosen: Sequence[int]) -> int:
        return sum(len(self.words_of[i]) for i in chosen)

    def value(self, chosen: Sequence[int]) -> tuple[float, float]:
        """(mean ROUGE-2 recall, mean ROUGE-1 recall) of the chosen sentences, in order, truncated."""
        tokens: list[str] = []
        left = self.words
        for i in chosen:
            if left <= 0:
                break
            if len(self.words_of[i]) <= left:
                tokens += self.tokens_of[i]
            else:
                cut = self._cut.get((i, left))
                if cut is None:
                    cut = self._cut[(i, left)] = self.scorer.tokens(" ".join(self.words_of[i][:left]))
                tokens += cut
            left -= len(self.words_of[i])
        out = []
        for n in (2, 1):
            grams = ngram_counts(tokens, n)
            out.append(sum(sum((grams & ref).values()) / total for ref, total in self.refs[n]) / len(self.refs[n]))
        return out[0], out[1]

    def greedy(self, per_word: bool = False) -> list[int]:
        """Add the sentence that most raises the score (or the score per budget word) until full."""
        chosen: list[int] = []
        current = (0.0, 0.0)
        while self.length(chosen) < self.words:
            left = self.words - self.length(chosen)
            best_key, best_i, best_v = (0.0, 0.0), -1, current
            for i in range(len(self.candidates)):
                if i in chosen:
                    continue
                v = self.value(chosen + [i])
                gain = (v[0] - current[0], v[1] - current[1])
                if per_word:
                    used = min(len(self.words_of[i]), left) or 1
                    gain = (gain[0] / used, gain[1] / used)
                if gain > best_key:
                    best_key, best_i, best_v = gain, i, v
            if best_i < 0:
                break
            chosen.append(best_i)
            current = best_v
        return chosen

    def improve(self, chosen: list[int], max_passes: int = 5) -> list[int]:
        """Swap a chosen sentence for another, or drop one, while that raises the score."""
        current = self.value(chosen)
        for _ in range(max_passes):
            improved = False
            for pos in range(len(chosen)):
                rest = chosen[:pos] + chosen[pos + 1:]
                unused = [i for i in range(len(self.candidates)) if i not in chosen]
                options = [rest] + [rest[:pos] + [i] + rest[pos:] for i in unused]  # drop, swap
                options += [chosen[:pos] + [i] + chosen[pos:] for i in unused]  # insert (the tail is cut)
                for option in options:
                    v = self.value(option)
                    if v > current:
                        chosen, current, improved = option, v, True
                if pos >= len(chosen):
                    break
            while self.length(chosen) < self.words:  # room left after a drop or a shorter swap
                best, best_i = current, -1
                for i in range(len(self.candidates)):
                    if i not in chosen and (v := self.value(chosen + [i])) > best:
                        best, best_i = v, i
                if best_i < 0:
                    break
                chosen, current, improved = chosen + [best_i], best, True
            if not improved:
                break
        return chosen


def oracle_summary(task: Task, scorer: ReferenceScorer) -> str:
    """An upper bound: sentences chosen to maximise mean ROUGE-2 recall against the references.

    Two greedy searches (add the sentence that most raises the mean ROUGE-2
    recall of the truncated summary, ROUGE-1 recall breaking ties, either in
    total or per budget word, until the budget is full or nothing helps), each
    followed by local search (drop, swap or insert a sentence while that helps);
    the better of the two is kept. To bound the time on large clusters the search
    runs over the ``ORACLE_POOL`` sentences that score best on their own. It reads the references, so it is a ceiling for extractive
    summaries of these sentences, not a system.
    """
    search = _OracleSearch(task, scorer)
    chosen = max((search.improve(search.greedy(per_word)) for per_word in (False, True)), key=search.value)
    kept, used = [], 0
    for i in chosen:  # sentences pushed past the budget by an insertion are never read
        if used >= task.words:
            break
        kept.append(search.candidates[i])
        used += len(search.words_of[i])
    return join(kept)
