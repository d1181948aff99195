"""``newsfuse eval-update``: update summaries on the DUC 2007 update task, beside the published systems.

For each topic DUC 2007 gives three document sets in time order, A, B and C, and four human
100-word summaries of each: of A for a new reader, of B for a reader who has read A, of C for a
reader who has read A and B. newsfuse writes the summary of each set with the earlier sets as
``earlier`` articles (:func:`newsfuse.briefing.summarize_articles`), so it reports only what the
new set adds. Beside it, in the same run and with the same scorer:

- ``newsfuse-plain``: newsfuse's summary of the new set alone (no earlier set): what novelty adds;
- ``newsfuse-fast``: the update summary in fast mode;
- ``lead`` and ``lexrank`` (sumy) on the new set alone;
- the submitted systems (``--peers``, ids "D0703A-B" for topic D0703A set B) and the human
  summarizers, each human scored against the other three references (NIST's jackknifing; for a
  system, the mean over the four leave-one-out reference sets equals the mean over the four
  references, which is what is computed).

Scores are ROUGE recall through :class:`~newsfuse.evaluate.rouge.ReferenceScorer` (rouge-score,
stemmed, every summary cut to 100 words), per (topic, set); intervals are bootstrapped over the
(topic, set) units of B and C together; the paired test compares newsfuse with the best peer.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Sequence

from ..errors import ConfigError, DataError
from ..model import Article
from .baselines import SumyRanker, Task, lead, split_cluster
from .datasets import MdsCluster, PeerSummary
from .rouge import LABELS, ReferenceScorer
from .stats import bootstrap_interval, paired_bootstrap_p, resample_indices

SETS = ("A", "B", "C")
WORDS = 100
OURS = ("newsfuse", "newsfuse-plain", "newsfuse-fast")
BASELINES = ("lead", "lexrank")
SYSTEMS = OURS + BASELINES

__all__ = ["UpdateTopic", "load_update", "run_update_eval", "to_markdown", "SYSTEMS"]


@dataclass(frozen=True, slots=True)
class UpdateSet:
    """One document set of a topic: its articles, references and the assessors who wrote them."""

    articles: tuple[Article, ...]
    references: tuple[str, ...]
    assessors: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class UpdateTopic:
    id: str
    sets: dict[str, UpdateSet] = field(default_factory=dict)
    meta: dict[str, Any] = field(default_factory=dict)

    def unit(self, name: str) -> str:
        """The id of one (topic, set): ``"D0703A-B"``, as the peers file names it."""
        return f"{self.id}-{name}"


def load_update(path: str | Path) -> list[UpdateTopic]:
    """Read ``duc2007_update.jsonl`` (one topic a line, with sets A, B, C).

    Raises:
        DataError: the file is missing, a line is not a topic with sets A, B and C, or a set has
            no documents or references; the message names the path and line.
    """
    from ..readers.mds import mds_document

    path = Path(path)
    if not path.is_file():
        raise DataError("no such file; give ../shared/data/mds/duc2007_update.jsonl", source=str(path))
    topics = []
    with path.open(encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as e:
                raise DataError(f"line {n}: malformed JSON ({e.msg}); fix that line", source=str(path)) from None
            sets = obj.get("sets") if isinstance(obj, dict) else None
            if not isinstance(sets, dict) or any(k not in sets for k in SETS):
                raise DataError(f"line {n}: not an update topic with sets A, B and C; is this duc2007_update.jsonl?",
                                source=str(path))
            tid = str(obj.get("id") or f"line{n}")
            out = {}
            for name in SETS:
                s = sets[name]
                docs = s.get("documents") or []
                arts = tuple(a for d in docs if isinstance(d, dict) and (a := mds_document(d, source=f"{path}#{tid}-{name}")))
                refs = tuple(r for r in s.get("summaries") or [] if isinstance(r, str) and r.strip())
                if not arts or not refs:
                    raise DataError(f"line {n}: topic {tid} set {name} needs documents and summaries", source=str(path))
                out[name] = UpdateSet(arts, refs, tuple(s.get("summary_assessors") or ()))
            topics.append(UpdateTopic(tid, out, dict(obj.get("meta") or {})))
    if not topics:
        raise DataError("no topics in the file", source=str(path))
    return topics


def _earlier(topic: UpdateTopic, name: str) -> tuple[Article, ...]:
    return tuple(a for s in SETS[: SETS.index(name)] for a in topic.sets[s].articles)


def _system(name: str) -> Callable[[UpdateTopic, str], str]:
    from ..briefing import summarize_articles
    from ..settings import Settings

    if name in OURS:
        fast = name == "newsfuse-fast"
        plain = name == "newsfuse-plain"

        def run(topic: UpdateTopic, set_name: str) -> str:
            settings = Settings(summary_words=WORDS, fast=fast)
            earlier = () if plain else _earlier(topic, set_name)
            return " ".join(s.text for s in summarize_articles(topic.sets[set_name].articles, settings, earlier))

        return run

    def on_new_set(fn: Callable[[Task], str]) -> Callable[[UpdateTopic, str], str]:
        def run(topic: UpdateTopic, set_name: str) -> str:
            s = topic.sets[set_name]
            cluster = MdsCluster(topic.unit(set_name), s.articles, s.references)
            return fn(Task(cluster, split_cluster(cluster), WORDS))

        return run

    if name == "lead":
        return on_new_set(lead)
    if name == "lexrank":
        return on_new_set(SumyRanker("lexrank"))
    raise ValueError(name)


def run_update_eval(
    topics: Sequence[UpdateTopic],
    systems: Sequence[str] = SYSTEMS,
    peers: Sequence[PeerSummary] = (),
    *,
    resamples: int = 1000,
    seed: int = 2007,
    progress: Callable[[int, int, str], None] | None = None,
    scorer_name: str = "rouge-score",
) -> dict[str, Any]:
    """Every system's summary of every (topic, set), scored; the result as a JSON-able dict.

    ``scorer_name`` is ``rouge-score`` (the default) or ``rouge155``: ROUGE-1.5.5 with NIST's DUC 2007
    update settings (:data:`newsfuse.evaluate.rouge155.SETTINGS` ``duc2007-update``, without the LCS
    measures), every system jackknifed over the four references and each human against the other three.
    """
    if scorer_name not in ("rouge-score", "rouge155"):
        raise ConfigError(f"unknown scorer '{scorer_name}'; choose rouge-score or rouge155")
    scorer = ReferenceScorer(WORDS)
    units = [(t, s) for t in topics for s in SETS]
    summaries: dict[str, dict[str, str]] = {}
    total, done = len(systems) * len(units), 0
    for name in systems:
        fn = _system(name)
        summaries[name] = {}
        for t, s in units:
            summaries[name][t.unit(s)] = fn(t, s)
            done += 1
            if progress:
                progress(done, total, f"{name} {t.unit(s)}")
    by_unit = {t.unit(s): (t, s) for t, s in units}
    peer_systems: dict[str, dict[str, str]] = {}
    for p in peers:
        if p.cluster_id in by_unit:
            peer_systems.setdefault(p.system, {})[p.cluster_id] = p.summary

    def refs_for(unit: str, system: str) -> tuple[str, ...]:
        t, s = by_unit[unit]
        us = t.sets[s]
        if system in us.assessors:  # a human summarizer: scored against the other three
            return tuple(r for r, a in zip(us.references, us.assessors) if a != system)
        return us.references

    scores: dict[str, dict[str, dict[str, float]]] = {}
    label = "rouge-score"
    if scorer_name == "rouge155":
        from .rouge155 import SETTINGS, Reference, run_rouge155, without_lcs

        settings = without_lcs(SETTINGS["duc2007-update"])
        refs = {u: [Reference(a or f"M{i + 1}", r) for i, (r, a) in
                    enumerate(zip(t.sets[s].references, t.sets[s].assessors or ("",) * len(t.sets[s].references)))]
                for u, (t, s) in by_unit.items()}
        named = {**{n: per for n, per in summaries.items()}, **{f"peer:{k}": v for k, v in sorted(peer_systems.items())}}
        raw = {n.removeprefix("peer:"): per for n, per in named.items()}  # humans are matched by their letter
        if progress:
            progress(total, total, "ROUGE-1.5.5")
        result155 = run_rouge155(raw, refs, settings)
        for name in named:
            per_unit = result155.per_unit[name.removeprefix("peer:")]
            scores[name] = {u: {"rouge1": per_unit["ROUGE-1"][u]["recall"], "rouge2": per_unit["ROUGE-2"][u]["recall"]}
                            for u in per_unit["ROUGE-2"]}
        label = f"ROUGE-1.5.5 (`{settings.command()}`)"
    for name, got in [] if scores else [*summaries.items(), *((f"peer:{k}", v) for k, v in sorted(peer_systems.items()))]:
        system = name.removeprefix("peer:")
        scores[name] = {}
        for unit, text in got.items():
            sc = scorer.score(text, refs_for(unit, system))
            scores[name][unit] = {m: sc[m].recall for m in ("rouge1", "rouge2")}
    draws_bc = resample_indices(len(topics) * 2, resamples, seed)
    table: dict[str, Any] = {}
    for name, per in scores.items():
        row: dict[str, Any] = {}
        for group, sets in (("A", ("A",)), ("B", ("B",)), ("C", ("C",)), ("B+C", ("B", "C"))):
            keys = [t.unit(s) for t in topics for s in sets if t.unit(s) in per]
            if not keys:
                continue
            full = len(keys) == len(topics) * len(sets)
            for m in ("rouge1", "rouge2"):
                vals = [per[k][m] for k in keys]
                cell: dict[str, Any] = {"mean": sum(vals) / len(vals), "units": len(keys)}
                if group == "B+C" and full:
                    cell.update(bootstrap_interval(vals, draws_bc).to_dict())
                row[f"{group} {m}"] = cell
        table[name] = row
    bc = [t.unit(s) for t in topics for s in ("B", "C")]
    peers_bc = {n: [scores[n][k]["rouge2"] for k in bc] for n in scores if n.startswith("peer:")
                and all(k in scores[n] for k in bc) and not n.removeprefix("peer:").isalpha()}
    tests = {}
    if peers_bc and "newsfuse" in scores:
        best = max(peers_bc, key=lambda n: sum(peers_bc[n]))
        ours = [scores["newsfuse"][k]["rouge2"] for k in bc]
        tests["newsfuse vs best peer (B+C, R-2)"] = {
            "other": best,
            "difference": (sum(ours) - sum(peers_bc[best])) / len(bc),
            "p": paired_bootstrap_p(ours, peers_bc[best], draws_bc),
        }
    if "newsfuse" in scores and "newsfuse-plain" in scores:
        ours = [scores["newsfuse"][k]["rouge2"] for k in bc]
        plain = [scores["newsfuse-plain"][k]["rouge2"] for k in bc]
        tests["newsfuse vs newsfuse-plain (B+C, R-2)"] = {
            "other": "newsfuse-plain",
            "difference": (sum(ours) - sum(plain)) / len(bc),
            "p": paired_bootstrap_p(ours, plain, draws_bc),
        }
    return {"words": WORDS, "topics": len(topics), "scorer": label, "table": table, "tests": tests,
            "summaries": summaries}


def to_markdown(result: dict[str, Any], command: str = "") -> str:
    """The result as a Markdown table, systems by B+C ROUGE-2, humans and peers included."""
    t = result["table"]
    order = sorted(t, key=lambda n: -t[n].get("B+C rouge2", {}).get("mean", -1))
    lines = []
    if command:
        lines += [f"`{command}`", ""]
    lines += [
        f"DUC 2007 update task, {result['topics']} topics, {result['words']} words, {result['scorer']} recall x100 "
        "(humans jackknifed: each scored against the other three references).",
        "",
        f"| system | A {LABELS['rouge2']} | B {LABELS['rouge2']} | C {LABELS['rouge2']} | B+C {LABELS['rouge2']} | B+C 95% interval | B+C {LABELS['rouge1']} |",
        "|---|---:|---:|---:|---:|---|---:|",
    ]
    def cell(row: dict, key: str) -> str:
        c = row.get(key)
        return "" if c is None else f"{100 * c['mean']:.2f}"

    for n in order:
        row = t[n]
        if "B+C rouge2" not in row:
            continue
        iv = row["B+C rouge2"]
        human = n.startswith("peer:") and n.removeprefix("peer:").isalpha()
        shown = f"**{n}**" if n in OURS else (f"{n} (human, {iv['units']} of {2 * result['topics']} B/C sets)" if human else n)
        interval = f"{100 * iv['low']:.2f}-{100 * iv['high']:.2f}" if "low" in iv else ""
        lines.append(
            f"| {shown} | {cell(row, 'A rouge2')} | {cell(row, 'B rouge2')} | {cell(row, 'C rouge2')} | "
            f"{100 * iv['mean']:.2f} | {interval} | {cell(row, 'B+C rouge1')} |"
        )
    for name, test in result.get("tests", {}).items():
        verdict = "significant at the 5% level" if test["p"] < 0.05 else "not significant at the 5% level"
        lines += ["", f"Paired bootstrap, {name}: newsfuse - {test['other']} = {100 * test['difference']:+.2f} points, "
                      f"one-sided p = {test['p']:.3f} ({verdict})."]
    return "\n".join(lines) + "\n"
