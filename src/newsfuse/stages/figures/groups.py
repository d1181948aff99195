"""Labelling and ordering aligned figures.

Each group of mentions becomes a :class:`~.types.FigureGroup`: its status
(:func:`group_status`: ``agree``, ``compatible``, ``conflict`` or ``single``), a short
label of what it counts (:func:`_about`: "troops (Syria)", "people killed"), its
values with the outlets stating each, and its place in the brief (conflicts first,
then by the number of independent reports).
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any, Iterable, Sequence

from .align import values_equal
from .context import _lemma
from .scan import BOUNDS, _fold
from .types import Figure, FigureGroup, FigureValue, _source_order


STATUS_ORDER = {"conflict": 0, "compatible": 1, "agree": 2, "single": 3}
KIND_ORDER = {"count": 0, "money": 1, "percent": 2, "fraction": 3, "duration": 4, "age": 5, "rank": 6, "date": 7}


def group_status(figures: Sequence[Figure], reports: dict[str, int] | None = None) -> str:
    """``agree``, ``compatible``, ``conflict`` or ``single`` for mentions of one quantity.

    ``single`` when one outlet states it (or only copies of one report, per
    ``reports``: article id -> report id). ``agree`` when every mention has
    the same value with an exact or "about" bound, or the same value and the
    same bound. ``compatible`` when the intervals the mentions allow share a
    point ("more than 70" and 79; bounds are taken as inclusive, so "70" and
    "more than 70" are compatible). ``conflict`` otherwise.
    """
    reports = reports or {}
    articles = {f.article_id for f in figures}
    if len({reports.get(a, a) for a in articles}) <= 1:
        return "single"
    first = figures[0]
    if all(values_equal(first, f) for f in figures[1:]):
        return "agree"
    low = max(f.low for f in figures)
    high = min(f.high for f in figures)
    return "compatible" if low <= high * (1 + 1e-9) else "conflict"


def _display_place(key: str) -> str:
    words = re.split(r"(\s+|,\s*)", key)
    return "".join(w.upper() if len(w) <= 2 and w.isalpha() else w if w in ("of", "the", "and") else w.capitalize() for w in words)


WEEKDAYS = frozenset("monday tuesday wednesday thursday friday saturday sunday".split())  # no label of a quantity
EVENT_WORDS = {"die": "killed", "injure": "injured", "evacuate": "evacuated", "arrest": "arrested", "rescue": "rescued", "displace": "displaced", "deploy": "deployed"}


def _about(group: Sequence[Figure]) -> str:
    """A short label of what the group counts: "troops (Syria)", "people died", "percent of caliphate".

    A percent or sum with no counted noun is labelled by what it measures ("grain prices
    rose", "damage"), never by its unit alone.
    """
    first = group[0]
    nouns = Counter(f.noun for f in group if f.noun)
    noun = max(nouns, key=lambda n: (nouns[n], n)) if nouns else ""
    measures = Counter(f.measure for f in group if f.measure)
    measure = max(measures, key=lambda m: (measures[m], m)) if measures else ""
    if first.kind == "money":
        head = noun or measure or "money"
    elif first.kind == "percent":
        head = f"percent of {noun}" if noun and _fold(noun) not in ("percent", "%") else measure or "percent"
    elif first.kind == "date":
        head = "date"
    elif first.kind == "rank":
        head = "rank"
    elif first.kind == "fraction":
        head = f"share of {noun}" if noun else "share"
    elif first.kind in ("duration", "age"):
        head = noun or first.unit
    else:
        head = noun or "number"
    head = _fold(head) if head and not head[:1].isupper() else head
    events = Counter(f.event for f in group if f.event in EVENT_WORDS)
    verbs = Counter(f.verb.lower() for f in group if f.verb and f.verb.lower() not in ("said", "says", "say", "told", "is", "are", "was", "were", "has", "have", "had"))
    if events and first.kind == "count":
        head = f"{head} {EVENT_WORDS[max(events, key=lambda e: (events[e], e))]}"
    elif verbs and first.kind == "count":
        head = f"{head} {max(verbs, key=lambda v: (verbs[v], v))}"
    # a place the mentions are located by, else a word most of them share
    places = Counter(p for f in group for p in f.places)
    extra = ""
    if places:
        extra = _display_place(max(places, key=lambda p: (places[p], p != "united states", p)))
    elif len(group) > 1 and not (measure and measure == head):  # "grain prices rose" says it already
        skip = set(_fold(head).split()) | {first.unit, "said", "say", "percent"} | WEEKDAYS | {_lemma(w) for w in _fold(head).split()} | {f.event for f in group}
        words = Counter(w for f in group for w in f.context if w not in skip)
        if words:
            word = max(words, key=lambda w: (words[w], w))
            if words[word] >= 2:
                extra = word
    return f"{head} ({extra})" if extra else head


def make_groups(groups: Iterable[Sequence[Figure]], reports: dict[str, int]) -> tuple[FigureGroup, ...]:
    """:class:`FigureGroup` items from aligned figures, conflicts first, then by number of outlets."""
    out = []
    for g in groups:
        g = sorted(g, key=lambda f: (_source_order(f.source_id), f.start))
        by_value: dict[tuple[Any, str], list[Figure]] = {}
        for f in g:
            key = (str(f.value), f.bound)
            by_value.setdefault(key, []).append(f)
        parts = sorted(
            by_value.items(),
            key=lambda kv: (
                -len({reports.get(f.article_id, f.article_id) for f in kv[1]}), -len({f.source_id for f in kv[1]}),
                BOUNDS.index(kv[0][1]) if kv[0][1] in BOUNDS else 9,
            ),
        )
        # One outlet's second phrasing of a value already listed with it ("17 years" and
        # "more than 17 years", "2,000" and "approximately 2,000"): shown once, cited twice.
        kept: list[tuple[str, list[Figure]]] = []
        for (_, bound), figs in parts:
            home = next(
                (k for k in kept if k[1][0].number == figs[0].number and {f.source_id for f in figs} <= {f.source_id for f in k[1]}),
                None,
            )
            if home is not None:
                home[1].extend(figs)
            else:
                kept.append((bound, list(figs)))
        values = []
        for bound, figs in kept:
            main = [f for f in figs if f.bound == bound]
            sources = tuple(sorted({f.source_id for f in figs}, key=_source_order))
            texts = Counter(f.text for f in main)
            text = max(texts, key=lambda t: (texts[t], -[f.text for f in main].index(t)))
            independent = len({reports.get(f.article_id, f.article_id) for f in figs})
            nouns = Counter(f.noun for f in main if f.noun)
            noun = max(nouns, key=lambda n: (nouns[n], n)) if nouns else ""
            values.append(FigureValue(main[0].value, text, bound, sources, independent, tuple(f.citation() for f in figs), noun))
        status = group_status(g, reports)
        out.append(FigureGroup(_about(g), status, g[0].kind, g[0].unit, tuple(values), tuple(g)))
    out.sort(
        key=lambda fg: (
            STATUS_ORDER[fg.status],
            -len({reports.get(f.article_id, f.article_id) for f in fg.figures}),
            -len(fg.sources),
            KIND_ORDER.get(fg.kind, 9),
            min(_source_order(f.source_id) for f in fg.figures),
            min(f.start for f in fg.figures),
        )
    )
    return tuple(out)
