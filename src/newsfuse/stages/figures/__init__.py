"""Figures: the quantities each article states, lined up across outlets.

Two steps, both usable on their own:

1. :func:`extract_figures` finds the quantities an article states: counts
   ("2,000 troops", "Seventy-nine countries"), percentages, money ("$350
   million"), durations ("17 years"), ages, ranks, fractions ("half") and
   absolute dates ("February 6, 2019", "in 2011"). Numbers written in words are
   parsed ("two thousand" = 2,000, "Seventy-nine" = 79), approximate markers
   ("about", "more than", "nearly", "at least", "up to", "or more") become a
   ``bound`` and an interval, and the counted thing comes from the following
   noun phrase: spaCy's dependency parse in default mode, the next nouns by
   pattern in fast mode.
2. :func:`align_figures` groups mentions of the same quantity across outlets
   (same kind and unit, no clash of the places around them, similar words
   around the number and similar sentences) and classifies each group:
   ``agree`` (same value; "about 2,000" and "2,000" agree), ``compatible``
   (values that can both be true: "more than 70" and "79"), ``conflict``
   (values that cannot: 12 and 14 dead) or ``single`` (one outlet, or outlets
   that only carry the same wire copy).

The ``figures`` stage assigns ``cluster.figures``: :class:`FigureGroup` items,
conflicts first, then compatible, agree and single groups.

One module per job:

- :mod:`.scan`: number expressions in running text (number words, bounds,
  money, ranges, dates);
- :mod:`.context`: what a number counts, its verb or event and its places
  (spaCy and fast variants);
- :mod:`.extract`: one article's :class:`Figure` s;
- :mod:`.align`: which mentions across outlets state the same quantity;
- :mod:`.groups`: status, label and order of each :class:`FigureGroup`;
- :mod:`.stage`: the pipeline stage;
- :mod:`.types`: the result dataclasses.
"""

from __future__ import annotations

from .align import DEFAULT_ALIGN, FAST_ALIGN, AlignConfig, align_figures, comparable, pair_score, same_unit, values_equal
from .context import unit_key
from .extract import extract_figures, is_listed
from .groups import group_status, make_groups
from .scan import scan_quantities, words_to_number
from .stage import figures_of_cluster, make_figure_stage
from .types import Figure, FigureGroup, FigureValue

__all__ = [
    "DEFAULT_ALIGN",
    "FAST_ALIGN",
    "AlignConfig",
    "Figure",
    "FigureGroup",
    "FigureValue",
    "align_figures",
    "comparable",
    "extract_figures",
    "figures_of_cluster",
    "group_status",
    "is_listed",
    "make_figure_stage",
    "make_groups",
    "pair_score",
    "same_unit",
    "scan_quantities",
    "unit_key",
    "values_equal",
    "words_to_number",
]
