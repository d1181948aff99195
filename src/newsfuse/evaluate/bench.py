"""Side-by-side summary evaluation: every system on the same clusters, one table.

:func:`run_bench` runs the chosen systems (newsfuse, the baselines, the oracle)
on every cluster of a DUC-style file, adds stored peer summaries, scores all of
them with :class:`~newsfuse.evaluate.rouge.ReferenceScorer`, and returns one
result dict: per-cluster scores, means with bootstrap intervals, time per
cluster, peak memory, and a paired bootstrap test of newsfuse against the best
other system. :func:`to_markdown` and :func:`write_outputs` turn it into the
Markdown table, the JSON file and the chart.

Time is ``time.perf_counter`` around each system call (sentence splitting for
the baselines, shared, is not counted; newsfuse splits its own and is). Memory
is the ``tracemalloc`` peak of one extra, untimed run on the first cluster after
a warm-up call (so one-time model loading is not counted): Python and numpy
allocations, not torch's native tensor memory.

With ``BenchConfig.cache_dir`` set, the deterministic baselines' summaries, times
and memory peaks are reused from earlier runs (:mod:`newsfuse.evaluate.cache`);
newsfuse's own systems always run.
"""

from __future__ import annotations

import json
import time
import tracemalloc
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Sequence

from .. import __version__
from ..errors import ConfigError, DataError
from .baselines import Task, split_cluster
from .cache import CachedSummary, SummaryCache, task_key
from .datasets import MdsCluster, PeerSummary, load_mds, load_peers
from .rouge import METRICS, ReferenceScorer
from .stats import DEFAULT_RESAMPLES, DEFAULT_SEED, bootstrap_interval, paired_bootstrap_p, resample_indices
from .systems import DESCRIPTIONS, ORACLE, OURS, build_system

PEER_PREFIX = "peer:"
Progress = Callable[[int, int, str, str], None]  # (done, total, system, cluster id)

__all__ = ["BenchConfig", "SCORERS", "run_bench", "to_markdown", "write_outputs", "save_summaries", "PEER_PREFIX"]


@dataclass(frozen=True, slots=True)
class BenchConfig:
    """What to run.

    Attributes:
        data: the cluster JSON Lines file.
        words: the summary length; every summary is cut to it before scoring.
        systems: names from :data:`newsfuse.evaluate.systems.SYSTEMS`, in table order.
        peers: files of stored summaries (``{"id", "system", "summary"}`` lines).
        limit: only the first ``limit`` clusters of the file.
        resamples: bootstrap resamples of clusters.
        seed: seed of the bootstrap and of the Random baseline.
        command: the command line that ran this, recorded in the outputs.
        measure_memory: measure each system's tracemalloc peak on the first cluster.
        cache_dir: where the deterministic baselines' summaries are kept between runs
            (:mod:`newsfuse.evaluate.cache`); ``None`` neither reads nor writes a cache.
        reuse_cache: reuse cached summaries; if false, recompute everything and refresh the cache.
        scorer: ``rouge-score`` (the default table), ``rouge155`` (ROUGE-1.5.5 with the DUC settings,
            :mod:`newsfuse.evaluate.bench155`) or ``both``. rouge-score figures are always in the JSON.
    """

    data: Path
    words: int
    systems: tuple[str, ...]
    peers: tuple[Path, ...] = ()
    limit: int | None = None
    resamples: int = DEFAULT_RESAMPLES
    seed: int = DEFAULT_SEED
    command: str = ""
    measure_memory: bool = True
    cache_dir: Path | None = None
    reuse_cache: bool = True
    scorer: str = "rouge-score"


SCORERS: tuple[str, ...] = ("rouge-score", "rouge155", "both")


@dataclass(slots=True)
class _Run:
    name: str
    kind: str  # "ours", "baseline", "oracle", "peer"
    summaries: dict[str, str] = field(default_factory=dict)
    seconds: list[float] = field(default_factory=list)
    peak_mib: float | None = None
    cached: int = 0  # clusters whose summary and time came from the cache


def _kind(name: str) -> str:
    return "ours" if name in OURS else "oracle" if name == ORACLE else "baseline"


def _measure_memory(system: Callable[[Task], str], task: Task) -> float:
    """tracemalloc peak (MiB) of one call, after a warm-up call on a one-article slice."""
    first = task.cluster.articles[0]
    warm = MdsCluster(task.cluster.id, (first,), task.cluster.references, task.cluster.meta)
    system(Task(warm, tuple(s for s in task.sentences if s.article_id == first.id), task.words))
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        system(task)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak / 2**20


def _peer_runs(peers: Sequence[PeerSummary], cluster_ids: list[str], path: Path) -> list[_Run]:
    by_system: dict[str, dict[str, str]] = {}
    for p in peers:
        by_system.setdefault(p.system, {})[p.cluster_id] = p.summary
    runs = []
    for system, summaries in by_system.items():
        missing = [c for c in cluster_ids if c not in summaries]
        if missing:
            raise DataError(f"system '{system}' has no summary of cluster '{missing[0]}'"
                            f"{f' (and {len(missing) - 1} more)' if len(missing) > 1 else ''}; "
                            "a peers file must cover every cluster evaluated", source=str(path))
        runs.append(_Run(PEER_PREFIX + system, "peer", {c: summaries[c] for c in cluster_ids}))
    return runs


def run_bench(config: BenchConfig, progress: Progress | None = None) -> dict[str, Any]:
    """Run, score and compare the systems of ``config``.

    Args:
        config: data, length, systems, peers, bootstrap settings.
        progress: called before each system call with (done, total, system, cluster id).

    Returns:
        The result dict that :func:`write_outputs` writes as JSON (see ``docs/evaluation.md``).

    Raises:
        DataError: a missing or malformed data or peers file, or a peers file naming unknown clusters.
        ConfigError: an unknown system, a bad length or limit, or nothing to run.
    """
    if config.words < 1:
        raise ConfigError(f"--words must be at least 1, not {config.words}")
    if config.limit is not None and config.limit < 1:
        raise ConfigError(f"--limit must be at least 1, not {config.limit}")
    if not config.systems and not config.peers:
        raise ConfigError("nothing to evaluate; give --systems or --peers")
    if config.scorer not in SCORERS:
        raise ConfigError(f"unknown scorer '{config.scorer}'; choose from {', '.join(SCORERS)}")
    scorer = ReferenceScorer(config.words)
    systems = {name: build_system(name, scorer, config.seed) for name in config.systems}
    all_clusters = load_mds(config.data)
    clusters = all_clusters[: config.limit] if config.limit else all_clusters
    ids = [c.id for c in clusters]
    runs: list[_Run] = []
    for path in config.peers:
        runs += _peer_runs(load_peers(path, {c.id for c in all_clusters}), ids, path)
    names = {r.name for r in runs}
    if len(names) < len(runs):
        raise DataError("two peers files name the same system; give each system once")

    tasks = [Task(c, split_cluster(c), config.words) for c in clusters]
    cache = SummaryCache(config.cache_dir, config.data.stem, config.words) if config.cache_dir else None
    total = len(systems) * len(tasks)
    done = 0
    own_runs = []
    for name, system in systems.items():
        run = _Run(name, _kind(name))
        cacheable = cache is not None and run.kind != "ours"
        stored = cache.load(name) if cacheable and config.reuse_cache else {}
        keys = {t.cluster.id: task_key(name, t, config.seed) for t in tasks} if cacheable else {}
        hits = {cid: hit for cid, key in keys.items() if (hit := cache.get(stored, key)) is not None} if cacheable else {}
        first = tasks[0].cluster.id
        if first in hits and hits[first].peak_mib is not None:
            run.peak_mib = hits[first].peak_mib
        elif config.measure_memory:
            if progress:
                progress(done, total, name, f"{first} (memory)")
            run.peak_mib = _measure_memory(system, tasks[0])
        for task in tasks:
            cid = task.cluster.id
            hit = hits.get(cid)
            if hit is not None:
                summary, seconds = hit.summary, hit.seconds
                run.cached += 1
            else:
                if progress:
                    progress(done, total, name, cid)
                started = time.perf_counter()
                summary = system(task)
                seconds = time.perf_counter() - started
                if cacheable:
                    cache.append(name, cid, keys[cid],
                                 CachedSummary(summary, seconds, run.peak_mib if cid == first else None))
            run.seconds.append(seconds)
            run.summaries[cid] = summary
            done += 1
        if cacheable:
            if first in hits and hits[first].peak_mib is None and run.peak_mib is not None:  # measured now
                cache.append(name, first, keys[first], CachedSummary(hits[first].summary, hits[first].seconds, run.peak_mib))
            if run.cached < len(tasks) or first in hits and hits[first].peak_mib is None:
                cache.compact(name, keys)
        own_runs.append(run)
    if progress:
        progress(done, total, "", "")
    runs = own_runs + runs
    result = _score(config, clusters, runs, scorer)
    result["scorer"] = config.scorer
    if config.scorer != "rouge-score":
        from .bench155 import score_rouge155

        if progress:
            progress(done, total, "ROUGE-1.5.5", "")
        result["rouge155"] = score_rouge155(
            config.data.stem, config.words, clusters, {r.name: r.summaries for r in runs},
            kinds={r.name: r.kind for r in runs}, resamples=config.resamples, seed=config.seed,
            cache_dir=config.cache_dir, reuse_cache=config.reuse_cache)
    return result


def _score(config: BenchConfig, clusters: list[MdsCluster], runs: list[_Run], scorer: ReferenceScorer) -> dict[str, Any]:
    draws = resample_indices(len(clusters), config.resamples, config.seed)
    ids = [c.id for c in clusters]
    systems: dict[str, Any] = {}
    recall2: dict[str, list[float]] = {}
    for run in runs:
        per_cluster = {c.id: scorer.score(run.summaries[c.id], c.references) for c in clusters}
        means: dict[str, Any] = {}
        for m in METRICS:
            means[m] = {
                "recall": bootstrap_interval([per_cluster[i][m].recall for i in ids], draws).to_dict(),
                "f1": bootstrap_interval([per_cluster[i][m].f1 for i in ids], draws).to_dict(),
                "precision": sum(per_cluster[i][m].precision for i in ids) / len(ids),
            }
        recall2[run.name] = [per_cluster[i]["rouge2"].recall for i in ids]
        systems[run.name] = {
            "kind": run.kind,
            "description": DESCRIPTIONS.get(run.name, "stored summaries (published system)" if run.kind == "peer" else ""),
            "mean": means,
            "seconds_per_cluster": sum(run.seconds) / len(run.seconds) if run.seconds else None,
            "peak_mib": run.peak_mib,
            "cached_clusters": run.cached,
            "summary_words": sum(min(len(run.summaries[i].split()), config.words) for i in ids) / len(ids),
            "per_cluster": {i: {m: s.to_dict() for m, s in per_cluster[i].items()} for i in ids},
        }
    comparisons = []
    others = [n for n, s in systems.items() if s["kind"] in ("baseline", "peer")]
    if others:
        best = max(others, key=lambda n: systems[n]["mean"]["rouge2"]["recall"]["mean"])
        for ours in (n for n in systems if systems[n]["kind"] == "ours"):
            comparisons.append({
                "system": ours,
                "against": best,
                "metric": "rouge2 recall",
                "difference": systems[ours]["mean"]["rouge2"]["recall"]["mean"] - systems[best]["mean"]["rouge2"]["recall"]["mean"],
                "p_value": paired_bootstrap_p(recall2[ours], recall2[best], draws),
            })
    return {
        "schema": "newsfuse.eval-summary/1",
        "newsfuse_version": __version__,
        "command": config.command,
        "data": str(config.data),
        "dataset": config.data.stem,
        "words": config.words,
        "clusters": ids,
        "references_per_cluster": sum(len(c.references) for c in clusters) / len(clusters),
        "rouge": "rouge-score RougeScorer(['rouge1','rouge2','rougeL'], use_stemmer=True); summaries cut to the "
                 "first N whitespace words; precision, recall and F1 each averaged over the references of a cluster",
        "bootstrap": {"resamples": config.resamples, "seed": config.seed, "level": 0.95, "unit": "cluster"},
        "memory": "tracemalloc peak of one run on the first cluster after a warm-up call (Python and numpy "
                  "allocations; torch's native tensor memory is not traced)",
        "systems": systems,
        "comparisons": comparisons,
        "_summaries": {r.name: r.summaries for r in runs},
    }


def _pct(x: float) -> str:
    return f"{100 * x:.2f}"


def ordered_systems(result: dict[str, Any]) -> list[str]:
    """System names by mean ROUGE-2 recall, best first (the oracle included)."""
    return sorted(result["systems"], key=lambda n: -result["systems"][n]["mean"]["rouge2"]["recall"]["mean"])


def to_markdown(result: dict[str, Any], *, heading_level: int = 3) -> str:
    """The result as a Markdown section: heading, command, table(s), paired test.

    The rouge-score table, the ROUGE-1.5.5 table, or both (one after the other), as the run's scorer says.
    """
    h = "#" * heading_level
    n = n_clusters = len(result["clusters"])
    head = [
        f"{h} {result['dataset']}: {n} clusters, {result['words']} words",
        "",
        "```",
        result["command"] or f"newsfuse eval {result['data']} --words {result['words']}",
        "```",
        "",
    ]
    scorer = result.get("scorer", "rouge-score")
    if scorer == "rouge-score" or "rouge155" not in result:
        return "\n".join(head + _rouge_score_lines(result, n_clusters))
    from .bench155 import rouge155_markdown

    if scorer == "rouge155":
        return "\n".join(head) + "\n" + rouge155_markdown(result, f"{h}# ROUGE-1.5.5")
    return ("\n".join(head + [f"{h}# rouge-score", ""] + _rouge_score_lines(result, n_clusters)) + "\n"
            + rouge155_markdown(result, f"{h}# ROUGE-1.5.5"))


def _rouge_score_lines(result: dict[str, Any], n_clusters: int) -> list[str]:
    lines = [
        "ROUGE x100 (rouge-score, stemmed, summaries cut to "
        f"{result['words']} words, mean over {result['references_per_cluster']:g} references a cluster); "
        f"R-2 recall with its 95% bootstrap interval over clusters ({result['bootstrap']['resamples']} resamples). "
        "Time is wall time per cluster; memory the tracemalloc peak on one cluster.",
        "",
        "| system | R-1 R | R-2 R | R-2 R 95% CI | R-L R | R-1 F | R-2 F | R-L F | s / cluster | peak MiB |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name in ordered_systems(result):
        s = result["systems"][name]
        m = s["mean"]
        label = f"**{name}**" if s["kind"] == "ours" else f"{name} (upper bound)" if s["kind"] == "oracle" else name
        if s.get("cached_clusters"):
            label += " \\*"
        r2 = m["rouge2"]["recall"]
        secs = "n/a" if s["seconds_per_cluster"] is None else f"{s['seconds_per_cluster']:.2f}"
        mib = "n/a" if s["peak_mib"] is None else f"{s['peak_mib']:.1f}"
        lines.append(
            f"| {label} | {_pct(m['rouge1']['recall']['mean'])} | {_pct(r2['mean'])} | "
            f"{_pct(r2['low'])}-{_pct(r2['high'])} | {_pct(m['rougeL']['recall']['mean'])} | "
            f"{_pct(m['rouge1']['f1']['mean'])} | {_pct(m['rouge2']['f1']['mean'])} | {_pct(m['rougeL']['f1']['mean'])} | "
            f"{secs} | {mib} |"
        )
    lines.append("")
    cached = [n for n in ordered_systems(result) if result["systems"][n].get("cached_clusters")]
    if cached:
        full = all(result["systems"][n]["cached_clusters"] == n_clusters for n in cached)
        lines.append(
            "\\* Summaries and times reused from the result cache of an earlier run with the same articles, "
            "references, sentences and baseline code (`results/cache/`; `--no-cache` recomputes them)"
            + ("" if full else "; for some clusters only") + ": " + ", ".join(cached) + ". "
            "newsfuse's own systems are always run afresh.")
        lines.append("")
    for c in result["comparisons"]:
        verdict = ("higher, significant at the 5% level" if c["p_value"] < 0.05
                   else "higher, not significant at the 5% level" if c["difference"] > 0 else "not higher")
        lines.append(
            f"Paired bootstrap, {c['metric']}: {c['system']} - {c['against']} = {100 * c['difference']:+.2f} points, "
            f"one-sided p = {c['p_value']:.3f} (share of resamples where {c['system']} is not higher): {verdict}."
        )
    if result["comparisons"]:
        lines.append("")
    return lines


def save_summaries(result: dict[str, Any], path: Path, *, include_peers: bool = False) -> int:
    """Write every run system's summaries as ``{"id", "system", "summary"}`` lines; returns the count."""
    from ..writers import write_atomic

    rows = []
    for system, summaries in result["_summaries"].items():
        if system.startswith(PEER_PREFIX) and not include_peers:
            continue
        for cid in result["clusters"]:
            rows.append(json.dumps({"id": cid, "system": system, "summary": summaries[cid]}, ensure_ascii=False))
    write_atomic(path, "".join(r + "\n" for r in rows))
    return len(rows)


def write_outputs(result: dict[str, Any], out_dir: Path, *, chart: bool = True) -> dict[str, Path]:
    """Write ``<dataset>-<words>.md``, ``.json`` and (if ``chart``) ``.png`` into ``out_dir``; returns their paths."""
    from ..writers import write_atomic

    out_dir.mkdir(parents=True, exist_ok=True)
    stem = out_dir / f"{result['dataset']}-{result['words']}"
    paths = {"md": stem.with_suffix(".md"), "json": stem.with_suffix(".json")}
    write_atomic(paths["md"], to_markdown(result) + "\n")
    public = {k: v for k, v in result.items() if not k.startswith("_")}
    write_atomic(paths["json"], json.dumps(public, indent=1) + "\n")
    if chart:
        from .chart import write_chart

        paths["png"] = stem.with_suffix(".png")
        write_chart(result, paths["png"], ordered_systems(result))
    return paths
