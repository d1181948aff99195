"""The systems ``newsfuse eval`` can run, by name.

``SYSTEMS`` maps a name to a factory; a factory takes the run's
:class:`~newsfuse.evaluate.rouge.ReferenceScorer` and seed and returns a
callable ``Task -> summary text``, built once per run (models load on the first
call). Add a system by adding an entry.
"""

from __future__ import annotations

from typing import Callable

from ..errors import ConfigError
from .baselines import SUMY_SUMMARIZERS, SumyRanker, Task, lead, oracle_summary, random_summary
from .rouge import ReferenceScorer

System = Callable[[Task], str]
SystemFactory = Callable[[ReferenceScorer, int], System]

ORACLE = "oracle"
OURS: tuple[str, ...] = ("newsfuse", "newsfuse-fast")

__all__ = ["System", "SystemFactory", "SYSTEMS", "DEFAULT_SYSTEMS", "ORACLE", "OURS", "VERSIONS", "build_system",
           "parse_systems"]


def _newsfuse(fast: bool) -> SystemFactory:
    def factory(scorer: ReferenceScorer, seed: int) -> System:
        from ..briefing import summarize_articles
        from ..settings import Settings

        def run(task: Task) -> str:
            settings = Settings(summary_words=task.words, fast=fast)
            return " ".join(s.text for s in summarize_articles(task.cluster.articles, settings))

        return run

    return factory


def _sumy(name: str) -> SystemFactory:
    def factory(scorer: ReferenceScorer, seed: int) -> System:
        return SumyRanker(name)

    return factory


SYSTEMS: dict[str, SystemFactory] = {
    "newsfuse": _newsfuse(False),
    "newsfuse-fast": _newsfuse(True),
    "lead": lambda scorer, seed: lead,
    "random": lambda scorer, seed: (lambda task: random_summary(task, seed)),
    **{name: _sumy(name) for name in SUMY_SUMMARIZERS},
    ORACLE: lambda scorer, seed: (lambda task: oracle_summary(task, scorer)),
}

DEFAULT_SYSTEMS: tuple[str, ...] = tuple(SYSTEMS)

# The behaviour version of each cached system (newsfuse.evaluate.cache keys on it, not on the source):
# bump a system's entry in the same commit as any change that alters what it outputs for the same
# sentences (its ranking, budget filling, the oracle's search or scorer). newsfuse's own systems are
# never cached and need none.
VERSIONS: dict[str, str] = {
    "lead": "1",
    "random": "1",
    **{name: "1" for name in SUMY_SUMMARIZERS},
    ORACLE: "1",
}

DESCRIPTIONS: dict[str, str] = {
    "newsfuse": "newsfuse's summary (MiniLM embeddings)",
    "newsfuse-fast": "newsfuse's summary with --fast (TF-IDF, no neural model)",
    "lead": "leading sentences of the most recent article (DUC's baseline)",
    "random": "random sentences (seeded)",
    "lexrank": "sumy LexRank (Erkan & Radev 2004)",
    "textrank": "sumy TextRank (Mihalcea & Tarau 2004)",
    "lsa": "sumy LSA (Steinberger & Jezek 2004)",
    "luhn": "sumy Luhn (Luhn 1958)",
    "kl-sum": "sumy KL-Sum (Haghighi & Vanderwende 2009)",
    "sumbasic": "sumy SumBasic (Nenkova & Vanderwende 2005)",
    "reduction": "sumy Reduction (graph of sentence similarity)",
    ORACLE: "greedy ROUGE-2 oracle: reads the references, an upper bound",
}


def parse_systems(text: str) -> list[str]:
    """Names from a comma-separated list, checked against :data:`SYSTEMS`.

    Raises:
        ConfigError: an unknown name, or none at all.
    """
    names = [n.strip() for n in text.split(",") if n.strip()]
    unknown = [n for n in names if n not in SYSTEMS]
    if unknown or not names:
        raise ConfigError(f"unknown system(s) {', '.join(unknown) or '(none given)'}; choose from: {', '.join(SYSTEMS)}")
    return list(dict.fromkeys(names))


def build_system(name: str, scorer: ReferenceScorer, seed: int = 0) -> System:
    """The callable of system ``name``.

    Raises:
        ConfigError: no such system.
    """
    if name not in SYSTEMS:
        raise ConfigError(f"unknown system '{name}'; choose from: {', '.join(SYSTEMS)}")
    return SYSTEMS[name](scorer, seed)
