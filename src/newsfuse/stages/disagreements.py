"""Disagreements: the figures reports give in conflict, said in the summary.

A reader should not have to find in the figures table that the outlets disagree (two
firefighters injured against three). For each ``conflict`` figure group (the figures
stage's alignment: the same quantity, values that cannot all be true, stated by two or
more independent reports) the brief says it in one sentence built from the group, each
value followed by the outlets stating it: "The reports disagree on the number of
firefighters injured: 2 firefighters [3] against 3 firefighters [4]."

The figures stage lines up two values that cannot both be true only when the support
relation of the citations (:mod:`.support`) holds that their sentences report the same
fact, one supporting the other fully or in part (the relation calls "the same fact with
another figure" a partial support; :func:`.figures.stage.related_sentences`). So the
summary, the figures and the citations cannot tell the reader different stories: two
sentences the relation holds unrelated are never said to disagree. Wire copies count
once: a group whose values come from copies of one report is ``single``, never a
conflict; each value's ``independent`` and the sentence's ``reports`` count reports.

Conflicts between distances (:data:`LENGTH_UNITS`) and groups with no readable label are
left to the figures table.

In an update brief (``cluster.earlier``) only the new reports' values are compared (what
changed since the earlier reports is the update's "What changed").

The ``disagreements`` stage assigns ``cluster.disagreements``: at most
:data:`MAX_DISAGREEMENTS` :class:`~newsfuse.model.results.Disagreement` items, in the
figure groups' order (most reports first).
"""

from __future__ import annotations

from ..model import Cluster
from ..model.results import Disagreement, FigureGroup, FigureValue
from ..pipeline import stage
from ..settings import Settings
from .figures.groups import group_status

MAX_DISAGREEMENTS = 3  # the summary states at most this many conflicts, the most reported first
# Distances are not said to disagree: in news they are measured from different places ("80
# kilometers northeast of Kindu", "32 kilometers from the bridge") or in other units (nautical
# and statute miles), and on the first 40 DUC 2004 clusters every conflict between distances
# was one of these, never two outlets disagreeing.
LENGTH_UNITS = frozenset("mile kilometer kilometre km meter metre foot feet yard inch centimeter centimetre".split())


def lead_of(group: FigureGroup) -> str:
    """The opening of the sentence: "The reports disagree on the number of firefighters injured"."""
    about = group.about
    if group.kind == "count" and not about.startswith("number"):
        about = f"the number of {about}"
    elif group.kind == "date" and about == "date":
        about = "the date"
    return f"The reports disagree on {about}"


def _values_of(group: FigureGroup, keep: set[str], report_of: dict[str, int]) -> tuple[FigureValue, ...]:
    """The group's values as the sources ``keep`` state them (each value with only those sources;
    ``independent`` counts their reports, ``report_of``: source id -> report, so copies count once)."""
    out = []
    for v in group.values:
        cites = tuple(c for c in v.citations if c.source_id in keep)
        if cites:
            sources = tuple(dict.fromkeys(c.source_id for c in cites))
            independent = len({report_of.get(s, s) for s in sources})
            out.append(FigureValue(v.value, v.text, v.bound, sources, independent, cites, v.noun))
    return tuple(out)


def disagreements_of(cluster: Cluster, limit: int = MAX_DISAGREEMENTS) -> tuple[Disagreement, ...]:
    """The conflicts of ``cluster.figures`` the summary states (see the module docstring).

    Args:
        cluster: a cluster with ``reports`` and ``figures``.
        limit: most disagreements stated.
    """
    reports = dict(cluster.reports.of)
    new = {sid for a, sid in zip(cluster.articles, cluster.source_ids) if a.id not in cluster.earlier}
    report_of = {sid: reports[a.id] for a, sid in zip(cluster.articles, cluster.source_ids)}
    out = []
    for g in cluster.figures:
        if len(out) >= limit:
            break
        if g.status != "conflict" or not g.about[:1].isalpha() or g.unit in LENGTH_UNITS:
            continue  # an unlabelled group ("_ (minimum)") cannot be said in a sentence
        figures = [f for f in g.figures if f.source_id in new]
        if group_status(figures, reports) != "conflict":
            continue
        values = _values_of(g, new, report_of)
        out.append(Disagreement(g.about, lead_of(g), g.kind, g.unit, values, cluster.reports.count(f.article_id for f in figures)))
    return tuple(out)


@stage("disagreements", requires=("reports", "figures"), assigns=("disagreements",))
def make_disagreement_stage(settings: Settings):
    """The ``disagreements`` stage: the figures reports give in conflict, each said in one sentence."""

    def disagreement_stage(cluster: Cluster) -> Cluster:
        return cluster.assign(disagreements=disagreements_of(cluster))

    return disagreement_stage
