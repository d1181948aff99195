"""Timeline: relative dates resolved against each article's date, and a short dated list of events.

News text dates events relative to the day it was written: "Wednesday",
"on Tuesday", "in December", "next week", "two years ago". Each is resolved
against the article's ``published`` date, or, when an article has none, the
cluster's date (the latest date any article of the cluster carries). The rules
follow newsroom usage:

- a weekday alone is read by the tense of the words before it: in the past
  ("was held on Friday", "said Wednesday") the most recent such day on or
  before the article's date ("Wednesday" in an article of Thursday 7 February
  2019 is 6 February); in the future ("should be out on Thursday", "is planned
  for Friday", "will meet on Monday") the first such day on or after it;
  "next Monday" the first one after it, "last Monday" the one before;
- a month alone likewise: the most recent such month in the past ("in
  December", written in February 2019, is December 2018), the coming one in
  the future ("will be published in March"); "Feb. 6" without a year the most
  recent 6 February (or one within a week ahead);
- "today", "yesterday", "tomorrow", "this/last/next week|month|year" and
  "N days|weeks|months|years ago" move from the article's date;
- absolute dates ("February 6, 2019", "July 2018", "in 2011") stand as written.

Each resolved date keeps its precision (day, week, month or year). The
timeline lists a handful of sentences that carry a resolvable date, merging
the same event told by several outlets (similar sentences, same date), and
sorts them by date.

The ``timeline`` stage assigns ``cluster.timeline``: :class:`TimelineItem` items.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Sequence

import numpy as np

from ..model import Article, Citation, Cluster, Sentence
from ..pipeline import stage
from ..settings import Settings
from ..model.results import TimelineItem

TIMELINE_MAX = 8  # entries listed in a brief

WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6}
MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4, "may": 5,
    "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sep": 9, "sept": 9,
    "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "several": None, "few": None,
}
PRECISIONS = ("day", "week", "month", "year")

_MONTH_RE = r"(?P<month>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
_WEEKDAY_RE = r"(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
# Ordered: the first pattern to match at a position wins; matches do not overlap.
PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("mdy", re.compile(rf"\b{_MONTH_RE}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>(?:19|20)\d\d)\b")),
    ("dmy", re.compile(rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH_RE},?\s+(?P<year>(?:19|20)\d\d)\b")),
    ("dmy", re.compile(rf"\b(?P<day>\d{{1,2}})-{_MONTH_RE}-(?P<year>(?:19|20)\d\d)\b")),
    ("iso", re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<mnum>\d\d)-(?P<day>\d\d)\b")),
    ("md", re.compile(rf"\b{_MONTH_RE}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b(?!,?\s*\d)")),
    ("my", re.compile(rf"\b(?:(?:in|of|since|until|by|during|from)\s+)?(?:(?:early|mid|late)-?\s*)?{_MONTH_RE},?\s+(?P<year>(?:19|20)\d\d)\b")),
    ("weekday", re.compile(rf"\b(?:(?P<rel>last|next|this|on|early|late|earlier|later|until|by|since)\s+)?{_WEEKDAY_RE}\b(?!,?\s*(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+\d)")),
    ("relday", re.compile(r"\b(?P<word>today|yesterday|tomorrow|tonight)\b", re.I)),
    ("relunit", re.compile(r"\b(?P<rel>last|next|this|past|coming)\s+(?P<unit>week|month|year)\b", re.I)),
    ("ago", re.compile(r"\b(?P<n>\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+(?P<unit>day|week|month|year)s?\s+ago\b", re.I)),
    ("month", re.compile(rf"\b(?P<rel>in|last|next|this|since|until|by|during|early|late|mid|from)\s+(?:(?:early|mid|late)-?\s*)?{_MONTH_RE}(?!\s+\d)")),
    ("year", re.compile(r"\b(?P<rel>in|since|by|until|during|of|early|late|mid|from|before|after)\s+(?:the\s+(?:summer|winter|spring|autumn|fall|end|start|beginning)\s+of\s+)?(?P<year>(?:19|20)\d\d)\b(?![,\d])")),
)


# The future in the words just before a date: a modal or "going to" (not "should have": the
# past), or a plan ("planned for", "scheduled for", "due on", "expected by", "set for").
_FUTURE_RE = re.compile(
    r"(?:\b(?:will|shall|should|would|must|going\s+to)\b(?!\s+(?:not\s+)?have\b)|\w['\u2019]ll\b"
    r"|\b(?:is|are|be|been|was|were)\s+(?:\w+ly\s+)?(?:planned|scheduled|expected|due|set|to\s+be)\b"
    r"|\b(?:plans?|hopes?|intends?|aims?)\s+to\b|\bdue\s+(?:on|to|by)\b)",
    re.I,
)
# A verb in the past closer to the date than the future cue: "which will be rebuilt, opened on Monday".
# A participle after "be" ("will be inspected on Friday") is not one.
_PAST_RE = re.compile(
    r"\b(?:was|were|had|did|said|told|added|began|came|went|took|met|held|left|broke|rose|fell)\b"
    r"|(?<!\bbe )(?<!\bbeen )(?<!\bbeing )(?<!\bis )(?<!\bare )\b[a-z]{3,}ed\b",
    re.I,
)
_TENSE_WINDOW = 9  # words before the date that decide its tense
_CLAUSE_BREAK = re.compile(r"[;:\u2014()\"\u201c\u201d]")


def is_future(before: str) -> bool:
    """Whether the words ``before`` a date (the start of its sentence up to it) put it in the future.

    The last few words of the date's clause count, and the verb nearest the date decides:
    in "Trump said Wednesday he will leave" the weekday belongs to "said" (past), in
    "should be fully out sometime, probably on Thursday" to "should" (future), and in
    "is planned for Friday" to the plan.
    """
    clause = _CLAUSE_BREAK.split(before)[-1]
    window = " ".join(clause.split()[-_TENSE_WINDOW:])
    future = [m.end() for m in _FUTURE_RE.finditer(window)]
    if not future:
        return False
    past = [m.start() for m in _PAST_RE.finditer(window) if m.start() >= future[-1]]
    return not past


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date expression in an article, resolved.

    ``date`` is the first day of the period; ``precision`` says how much of
    it is known ("day", "week", "month", "year").
    """

    article_id: str
    sentence_index: int
    start: int
    end: int
    text: str
    date: date
    precision: str

    @property
    def label(self) -> str:
        return format_date(self.date, self.precision)


def format_date(d: date, precision: str) -> str:
    """``d`` written to its precision: "2019-02-06", "2019-W07", "2018-12", "2017"."""
    if precision == "day":
        return d.isoformat()
    if precision == "week":
        y, w, _ = d.isocalendar()
        return f"{y}-W{w:02d}"
    if precision == "month":
        return f"{d.year:04d}-{d.month:02d}"
    return f"{d.year:04d}"


def _add_months(d: date, months: int) -> date:
    m = d.month - 1 + months
    return date(d.year + m // 12, m % 12 + 1, 1)


def _month_number(text: str) -> int:
    return MONTHS[text.lower().rstrip(".")]


def resolve(kind: str, g: dict[str, str | None], ref: date | None, future: bool = False) -> tuple[date, str] | None:
    """The date and precision of one matched expression, or ``None`` when it needs a reference date and has none.

    ``future``: the expression's clause is in the future tense (:func:`is_future`), so a
    bare weekday or month is the coming one, not the last.
    """
    try:
        if kind in ("mdy", "dmy", "iso"):
            month = int(g["mnum"]) if g.get("mnum") else _month_number(g["month"] or "")
            return date(int(g["year"] or 0), month, int(g["day"] or 0)), "day"
        if kind == "my":
            return date(int(g["year"] or 0), _month_number(g["month"] or ""), 1), "month"
        if kind == "year":
            return date(int(g["year"] or 0), 1, 1), "year"
    except (ValueError, KeyError):
        return None
    if ref is None:
        return None
    if kind == "md":
        month, day = _month_number(g["month"] or ""), int(g["day"] or 0)
        try:
            d = date(ref.year, month, day)
        except ValueError:
            return None
        if d > ref + timedelta(days=7):
            d = date(ref.year - 1, month, day)
        return d, "day"
    if kind == "weekday":
        wd = WEEKDAYS[(g["weekday"] or "").lower()]
        rel = (g.get("rel") or "").lower()
        back = (ref.weekday() - wd) % 7
        if rel == "next":
            ahead = (wd - ref.weekday()) % 7 or 7
            return ref + timedelta(days=ahead), "day"
        if rel == "last":
            return ref - timedelta(days=back or 7), "day"
        if rel in ("until", "by") and back or future and rel not in ("since", "earlier"):
            return ref + timedelta(days=(wd - ref.weekday()) % 7), "day"
        return ref - timedelta(days=back), "day"
    if kind == "relday":
        word = (g["word"] or "").lower()
        return ref + timedelta(days={"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}[word]), "day"
    if kind == "relunit":
        rel, unit = (g["rel"] or "").lower(), (g["unit"] or "").lower()
        step = {"last": -1, "past": -1, "next": 1, "coming": 1, "this": 0}[rel]
        if unit == "week":
            monday = ref - timedelta(days=ref.weekday())
            return monday + timedelta(weeks=step), "week"
        if unit == "month":
            return _add_months(date(ref.year, ref.month, 1), step), "month"
        return date(ref.year + step, 1, 1), "year"
    if kind == "ago":
        n_text = (g["n"] or "").lower()
        n = int(n_text) if n_text.isdigit() else NUMBER_WORDS.get(n_text)
        if not n:
            return None
        unit = (g["unit"] or "").lower()
        if unit == "day":
            return ref - timedelta(days=n), "day"
        if unit == "week":
            d = ref - timedelta(weeks=n)
            return d - timedelta(days=d.weekday()), "week"
        if unit == "month":
            return _add_months(date(ref.year, ref.month, 1), -n), "month"
        return date(ref.year - n, 1, 1), "year"
    if kind == "month":
        month = _month_number(g["month"] or "")
        rel = (g.get("rel") or "").lower()
        if rel == "next" or (rel in ("until", "by") and month > ref.month):
            year = ref.year if month > ref.month else ref.year + 1
        elif future and rel not in ("since", "last"):
            year = ref.year if month >= ref.month else ref.year + 1
        elif rel == "last":
            year = ref.year if month < ref.month else ref.year - 1
        else:
            year = ref.year if month <= ref.month else ref.year - 1
        return date(year, month, 1), "month"
    return None


def find_dates(article: Article, sentences: Sequence[Sentence], ref: date | None) -> list[DateMention]:
    """Every date expression in ``article``'s sentences, resolved against ``ref``."""
    out: list[DateMention] = []
    for s in sentences:
        taken: list[tuple[int, int]] = []
        for kind, rx in PATTERNS:
            for m in rx.finditer(article.text, s.start, s.end):
                if any(a < m.end() and m.start() < b for a, b in taken):
                    continue
                g = m.groupdict()
                if kind in ("md", "month", "my") and (g.get("month") or "").lower().rstrip(".") == "may" and not (g.get("month") or "M")[0].isupper():
                    continue
                if kind == "month" and (g.get("month") or "").lower() in ("mar", "march") and (g.get("rel") or "") == "":
                    continue
                resolved = resolve(kind, g, ref, is_future(article.text[s.start:m.start()]))
                if resolved is None:
                    continue
                taken.append((m.start(), m.end()))
                # the expression without its leading preposition
                text = m.group(0)
                lead = re.match(r"(?:in|on|of|since|until|by|during|from|before|after)\s+", text, re.I)
                start = m.start() + (lead.end() if lead else 0)
                out.append(DateMention(article.id, s.index, start, m.end(), article.text[start:m.end()], resolved[0], resolved[1]))
    out.sort(key=lambda d: d.start)
    return out


def cluster_date(cluster: Cluster) -> date | None:
    """The cluster's date: the latest ``published`` date among its articles, or ``None``."""
    dates = [a.date for a in cluster.articles if a.date]
    return max(dates) if dates else None


_SKIP_RE = re.compile(r"(?:\bPhoto\b|/VCG|\bGetty\b|\bReuters/|^Updated\b|^\W*$)")
PRONOUN_START = re.compile(r"^(?:He|She|It|They|This|That|These|Those|His|Her|Its|Their|But|And|Also|So)\b")


def timeline_of_cluster(cluster: Cluster, threshold: float = 0.62, limit: int = TIMELINE_MAX) -> tuple[TimelineItem, ...]:
    """A short dated timeline: sentences with a resolvable date, merged across outlets, sorted by date.

    Args:
        cluster: articles with sentences (and ``vectors``, used to merge the
            same event told by several outlets).
        threshold: cosine similarity above which two sentences with the same
            date are the same event.
        limit: most entries.
    """
    fallback = cluster_date(cluster)
    sids = cluster.source_ids
    rows = {(s.article_id, s.index): i for i, s in enumerate(cluster.sentences)}
    vectors = cluster.vectors.all()
    # one candidate per (sentence, date): the first date expression of the sentence
    cands: list[tuple[DateMention, str, Sentence]] = []
    for article, sid in zip(cluster.articles, sids):
        sents = cluster.sentences_of(article.id)
        by_index = {s.index: s for s in sents}
        ref = article.date or fallback
        seen: set[int] = set()
        for dm in find_dates(article, sents, ref):
            if dm.sentence_index in seen:
                continue
            sent = by_index[dm.sentence_index]
            if _SKIP_RE.search(sent.text) or len(sent.text.split()) < 6 or sent.text.rstrip().endswith("?"):
                continue
            seen.add(dm.sentence_index)
            cands.append((dm, sid, sent))
    if not cands:
        return ()
    # merge the same event across outlets: same date label, similar sentences
    groups: list[list[tuple[DateMention, str, Sentence]]] = []
    for c in cands:
        placed = False
        for g in groups:
            if g[0][0].label != c[0].label or any(x[1] == c[1] for x in g):
                continue
            i, j = rows.get((g[0][2].article_id, g[0][2].index)), rows.get((c[2].article_id, c[2].index))
            if i is None or j is None or float(np.dot(vectors[i], vectors[j])) < threshold:
                continue
            g.append(c)
            placed = True
            break
        if not placed:
            groups.append([c])

    def rank(g: list[tuple[DateMention, str, Sentence]]) -> tuple:
        dm, _, sent = g[0]
        standalone = 0 if PRONOUN_START.match(sent.text) else 1
        return (-len(g), -standalone, PRECISIONS.index(dm.precision), min(x[2].index for x in g), dm.start)

    ranked = sorted(groups, key=rank)
    # one event per date first, so the timeline spans the story; then the next best
    chosen, labels = [], set()
    for g in ranked:
        if len(chosen) < limit and g[0][0].label not in labels:
            chosen.append(g)
            labels.add(g[0][0].label)
    for g in ranked:
        if len(chosen) < limit and not any(g is c for c in chosen):
            chosen.append(g)
    items = []
    for g in chosen:
        # the most direct telling: the shortest sentence that stands alone
        best = min(g, key=lambda x: (bool(PRONOUN_START.match(x[2].text)), len(x[2].text)))
        dm = best[0]
        sources = tuple(sorted({x[1] for x in g}, key=lambda s: int(re.sub(r"\D", "", s) or 0)))
        cites = tuple(Citation(x[1], x[2].article_id, x[2].index, x[2].start, x[2].end) for x in g)
        items.append(TimelineItem(dm.label, best[2].text, sources, dm.precision, dm.text, cites, dm.date))
    items.sort(key=lambda t: (t.start or date.min, PRECISIONS.index(t.precision)))
    return tuple(items)


@stage("timeline", requires=("sentences", "vectors"), assigns=("timeline",))
def make_timeline_stage(settings: Settings):
    """The ``timeline`` stage: relative dates resolved, a short dated list of events."""
    threshold = settings.similarity_threshold

    def timeline_stage(cluster: Cluster) -> Cluster:
        return cluster.assign(timeline=timeline_of_cluster(cluster, threshold))

    return timeline_stage
