"""The ``update`` stage: what the new articles add, for a reader of the earlier ones.

Runs after every part of the brief is found over all the articles, earlier and new
together (so a figure group can hold an old value and the new one). It assigns
``cluster.update``: ``None`` for an ordinary brief; for an update (``cluster.earlier``
not empty) an :class:`~newsfuse.model.results.Update` with

- the figures that changed: groups whose earlier articles state one value and whose new
  articles another ("32 killed" then "231 killed"), each said in one sentence;
- the quotes no earlier article printed (a remark repeated in the new articles is old);
- the figure groups a new article takes part in, the entities no earlier article names
  and the timeline's events only new articles report.

The summary's own novelty (only what the earlier articles do not already say) is done in
:mod:`newsfuse.stages.summarize`, inside its selection.
"""

from __future__ import annotations

from ..model import Cluster
from ..model.results import Change, FigureGroup, FigureValue, Update
from ..pipeline import stage
from ..settings import Settings


def _split_values(group: FigureGroup, before_ids: set[str],
                  report_of: dict[str, int] | None = None) -> tuple[list[FigureValue], list[FigureValue]]:
    """The group's values as the earlier and as the new articles state them; ``independent``
    counts the reports of each side's sources (``report_of``: source id -> report; copies once)."""
    report_of = report_of or {}
    old, new = [], []
    for v in group.values:
        for side, keep in ((old, True), (new, False)):
            cites = tuple(c for c in v.citations if (c.source_id in before_ids) is keep)
            if cites:
                sources = tuple(dict.fromkeys(c.source_id for c in cites))
                independent = len({report_of.get(x, x) for x in sources})
                side.append(FigureValue(v.value, v.text, v.bound, sources, independent, cites, v.noun))
    return old, new


def _sentence(about: str, old: list[FigureValue], new: list[FigureValue]) -> str:
    def says(vals: list[FigureValue]) -> str:
        return " or ".join(v.text for v in vals)

    return f"{about[:1].upper()}{about[1:]}: the new reports give {says(new)}, where earlier reports gave {says(old)}."


def _adds(group: FigureGroup, before_ids: set[str]) -> bool:
    """Whether the new articles state a value of ``group`` that no earlier article stated."""
    old, new = _split_values(group, before_ids)
    known = {(str(v.value), v.bound) for v in old}
    return any((str(v.value), v.bound) not in known for v in new)


def changes_of(cluster: Cluster, before_ids: set[str]) -> tuple[Change, ...]:
    """The figure groups whose new value differs from every earlier value."""
    out = []
    report_of = {sid: cluster.reports.of[a.id] for a, sid in zip(cluster.articles, cluster.source_ids)}
    for g in cluster.figures:
        if g.status not in ("conflict", "compatible"):
            continue
        old, new = _split_values(g, before_ids, report_of)
        if not old or not new:
            continue
        old_values = {(str(v.value), v.bound) for v in old}
        moved = [v for v in new if (str(v.value), v.bound) not in old_values]
        if moved:
            out.append(Change(g.about, tuple(old), tuple(moved), _sentence(g.about, old, moved)))
    return tuple(out)


@stage("update", requires=("sentences", "reports", "figures", "quotes", "entities", "timeline"), assigns=("update",))
def make_update_stage(settings: Settings):
    def update_stage(cluster: Cluster) -> Cluster:
        if not cluster.earlier:
            return cluster.assign(update=None)
        before = tuple(sid for a, sid in zip(cluster.articles, cluster.source_ids) if a.id in cluster.earlier)
        new = tuple(sid for a, sid in zip(cluster.articles, cluster.source_ids) if a.id not in cluster.earlier)
        before_ids = set(before)
        quotes = tuple(q for q in cluster.quotes if not any(s in before_ids for s in q.sources))
        figures = tuple(g for g in cluster.figures if _adds(g, before_ids))
        entities = tuple(e for e in cluster.entities if not any(s in before_ids for s, _ in e.mentions))
        timeline = tuple(t for t in cluster.timeline if not any(s in before_ids for s in t.sources))
        return cluster.assign(update=Update(before, new, changes_of(cluster, before_ids), quotes, figures, entities, timeline))

    return update_stage
