"""Extractive multi-document summary under a word budget, with citations.

Selection follows the concept-coverage formulation of Gillick & Favre (2009,
"A Scalable Global Model for Summarization", the ICSI system of TAC 2008/2009):
the summary is the set of sentences that covers the most concept weight within
the budget, solved exactly as an integer linear program with
HiGHS (through ``highspy``). Concepts are content bigrams; each is weighted
by the probability, learned from DUC 2006/2007 reference summaries, that a
human summary contains it (Li, Qian & Liu 2013; see :mod:`.concepts`). Wire
copies of one story count as one report.

Each candidate sentence may enter in a shorter, faithful version (without an
attribution tail, a parenthesis or a dashed aside; see :mod:`.compress`), and
the program chooses at most one version of each sentence, so the budget holds
more content. Pairs of near-identical sentences (by embedding) may not both be
chosen, and a small bonus goes to sentences whose content other independent
reports carry too.

Only sentences that can stand alone are candidates: no questions, no opening
pronoun or connector, no quotation without its speaker, no fragments; under a
short budget (at most 150 words) only sentences of 14 words or more.

Every chosen sentence then cites every article that reports the same content,
by the support relation of :mod:`newsfuse.stages.support` (a learned combination of
the MiniLM cosine, word and name overlap and the figures), each citation full or
partial.

Cost: the concept table and the similarity rows are linear in the number of
sentences; the program is bounded by ``max_candidates`` and ``max_concepts``.

Modules: :mod:`.standalone` (which sentences may enter), :mod:`.select` (the program),
:mod:`.cite` (citations), :mod:`.stage` (the ``summarize`` stage).
"""

from ..concepts import concepts_of
from .cite import CITE_CANDIDATES, CITE_LEXICAL_FLOOR, SentenceSimilarity, citation_candidates, cite, cite_many
from .select import Choice, SelectorParams, doc_info, order_sentences, select, select_sentences, support_counts
from .stage import make_summarizer, params_for, summarize
from .standalone import MAX_WORDS, MIN_WORDS, SHORT_BUDGET, SHORT_BUDGET_MIN_WORDS, can_stand_alone, word_count

__all__ = [
    "CITE_CANDIDATES",
    "CITE_LEXICAL_FLOOR",
    "MAX_WORDS",
    "MIN_WORDS",
    "SHORT_BUDGET",
    "SHORT_BUDGET_MIN_WORDS",
    "Choice",
    "SelectorParams",
    "SentenceSimilarity",
    "can_stand_alone",
    "citation_candidates",
    "cite",
    "cite_many",
    "concepts_of",
    "doc_info",
    "make_summarizer",
    "order_sentences",
    "params_for",
    "select",
    "select_sentences",
    "summarize",
    "support_counts",
    "word_count",
]
