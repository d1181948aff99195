"""``newsfuse eval-check-published``: does our ROUGE-1.5.5 run give NIST's published figures?

NIST published jackknifed ROUGE-1.5.5 recall for every DUC 2006 submission and every DUC 2007
update-task submission (files ``rouge2.jk.m.avg`` and ``rougeSU4.jk.m.avg`` of the NIST snapshot
described in ``../shared/data/mds/README.md``). The stored peer summaries of those systems are in
``../shared/data/mds/baselines/``; this module scores them with :mod:`newsfuse.evaluate.rouge155`
under NIST's settings and the same references, and compares each figure with the published one.
A figure reproduces if it is within :data:`TOLERANCE`.

The SumRepo DUC 2004 figures in the README are over all 50 clusters and cannot be recomputed from
the 25 kept here, so they are not checked.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from ..errors import DataError
from .datasets import load_mds, load_peers
from .rouge155 import SETTINGS, Reference, Rouge155Settings, run_rouge155, without_lcs

TOLERANCE = 0.001

__all__ = ["Published", "PUBLISHED", "TOLERANCE", "check_published", "to_markdown"]


@dataclass(frozen=True, slots=True)
class Published:
    """One published figure: a system's mean jackknifed recall on one task."""

    task: str  # "duc2006" or "duc2007-update"
    system: str
    metric: str  # "ROUGE-2" or "ROUGE-SU4"
    value: float
    note: str = ""


_NIST06 = "NIST DUC 2006, NISTeval/ROUGE/"
_NIST07 = "NIST DUC 2007 update task, updateEval/ROUGE/rouge2.jk.m.avg"

# The figures listed in ../shared/data/mds/README.md ("Published ROUGE numbers for these sets").
PUBLISHED: tuple[Published, ...] = (
    Published("duc2006", "24", "ROUGE-2", 0.0951, _NIST06 + "rouge2.jk.m.avg (best participant)"),
    Published("duc2006", "24", "ROUGE-SU4", 0.1546, _NIST06 + "rougeSU4.jk.m.avg"),
    Published("duc2006", "1", "ROUGE-2", 0.0495, _NIST06 + "rouge2.jk.m.avg (NIST lead baseline)"),
    Published("duc2006", "1", "ROUGE-SU4", 0.0979, _NIST06 + "rougeSU4.jk.m.avg"),
    Published("duc2007-update", "40", "ROUGE-2", 0.1119, _NIST07 + " (best system; sets A, B, C pooled)"),
    Published("duc2007-update", "55", "ROUGE-2", 0.0985, _NIST07),
    Published("duc2007-update", "45", "ROUGE-2", 0.0962, _NIST07),
)

TASKS: dict[str, tuple[str, str, str]] = {  # task -> (data file, peers file, settings)
    "duc2006": ("duc2006.jsonl", "baselines/duc2006_nist_peer_summaries.jsonl", "duc2006"),
    "duc2007-update": ("duc2007_update.jsonl", "baselines/duc2007_update_peer_summaries.jsonl", "duc2007-update"),
}


def _references(task: str, path: Path) -> dict[str, list[Reference]]:
    """Unit id -> its references with their assessor letters."""
    if task == "duc2007-update":
        from .update_eval import SETS, load_update

        return {t.unit(s): _with_authors(t.sets[s].references, t.sets[s].assessors, path, t.unit(s))
                for t in load_update(path) for s in SETS}
    return {c.id: _with_authors(c.references, tuple(c.meta.get("summary_assessors") or ()), path, c.id)
            for c in load_mds(path)}


def _with_authors(texts, authors, path: Path, unit: str) -> list[Reference]:
    if len(authors) != len(texts):
        raise DataError(f"{unit}: {len(texts)} references but {len(authors)} assessor letters; "
                        "the check needs the assessor of each reference", source=str(path))
    return [Reference(str(a), t) for a, t in zip(authors, texts)]


def check_published(
    data_dir: Path,
    tasks: tuple[str, ...] = tuple(TASKS),
    *,
    systems: tuple[str, ...] | None = None,
    full_settings: bool = False,
    progress: Callable[[str], None] | None = None,
) -> dict[str, Any]:
    """Recompute the published figures of ``tasks`` from the stored peer summaries.

    Args:
        data_dir: the folder of the DUC files (``../shared/data/mds``).
        tasks: which of :data:`TASKS`.
        systems: only these system ids (all of :data:`PUBLISHED` for the tasks if None).
        full_settings: run NIST's exact options, ROUGE-L and ROUGE-W included (slow); by default
            :func:`~newsfuse.evaluate.rouge155.without_lcs`, which gives the same ROUGE-2 and SU4.
        progress: called with the task name before each run.

    Returns:
        ``{"rows": [...], "commands": {task: options}, "tolerance": ...}``; each row has the task,
        system, metric, published and recomputed values, the difference and ``ok``.

    Raises:
        DataError: a data or peers file missing or malformed, a system without summaries.
        ConfigError: ROUGE-1.5.5 cannot run here (the message says what to install).
    """
    unknown = [t for t in tasks if t not in TASKS]
    if unknown:
        raise DataError(f"unknown task {unknown[0]}; choose from {', '.join(TASKS)}")
    rows: list[dict[str, Any]] = []
    commands: dict[str, str] = {}
    for task in tasks:
        wanted = [p for p in PUBLISHED if p.task == task and (systems is None or p.system in systems)]
        if not wanted:
            continue
        data_name, peers_name, preset = TASKS[task]
        references = _references(task, data_dir / data_name)
        ids = {p.system for p in wanted}
        summaries: dict[str, dict[str, str]] = {}
        for peer in load_peers(data_dir / peers_name, set(references)):
            if peer.system in ids:
                summaries.setdefault(peer.system, {})[peer.cluster_id] = peer.summary
        for system in ids:
            missing = set(references) - set(summaries.get(system, {}))
            if missing:
                raise DataError(f"system {system} has no summary of {sorted(missing)[0]} "
                                f"(and {len(missing) - 1} more); the published figure covers every unit",
                                source=str(data_dir / peers_name))
        settings: Rouge155Settings = SETTINGS[preset] if full_settings else without_lcs(SETTINGS[preset])
        if progress:
            progress(task)
        result = run_rouge155(summaries, references, settings)
        commands[task] = settings.command()
        for p in wanted:
            got = result.averages[p.system][p.metric]["recall"]
            rows.append({"task": task, "system": p.system, "metric": p.metric, "published": p.value,
                         "recomputed": got, "difference": got - p.value,
                         "ok": abs(got - p.value) <= TOLERANCE + 1e-9, "source": p.note,
                         "units": len(references)})
    return {"rows": rows, "commands": commands, "tolerance": TOLERANCE}


def to_markdown(result: dict[str, Any]) -> str:
    """The published-versus-recomputed table."""
    lines = ["| task | system | metric | published | recomputed | difference | within 0.001 |",
             "|---|---|---|---:|---:|---:|---|"]
    for r in result["rows"]:
        lines.append(f"| {r['task']} ({r['units']} units) | {r['system']} | {r['metric']} | {r['published']:.4f} | "
                     f"{r['recomputed']:.5f} | {r['difference']:+.5f} | {'yes' if r['ok'] else '**no**'} |")
    lines.append("")
    for task, command in result["commands"].items():
        lines.append(f"- {task}: `{command}`")
    return "\n".join(lines)


def to_json(result: dict[str, Any]) -> str:
    return json.dumps(result, indent=1) + "\n"
