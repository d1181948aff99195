"""A result cache for ``newsfuse eval``: the deterministic baselines' summaries, kept between runs.

Lead, Random (seeded), sumy's summarizers and the oracle give the same summary
every time for the same input and code, and some are slow (the oracle, KL-Sum on
DUC 2006). Their summaries, times and memory peaks are stored in
``<cache>/<dataset>-<words>/<system>.jsonl``, one line a cluster::

    {"id": "d30001t", "key": "<sha256>", "summary": "...", "seconds": 0.41, "peak_mib": 1.7}

``key`` hashes what the summary depends on, by behaviour rather than by source
text: the cluster's articles (id, outlet, date, title, text), its references
(the oracle reads them), the sentences the baselines are given (so a change to
the sentence splitter invalidates it), the word budget, the seed, and the
*declared* versions: newsfuse's version, the system's own version string
(:data:`newsfuse.evaluate.systems.VERSIONS`, bumped by whoever changes what that
system outputs) and the versions of sumy and rouge-score. Editing a docstring or
a comment, or refactoring without changing output, keeps the cache; a line whose
key differs is ignored and recomputed. newsfuse's own systems are never cached.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from .. import __version__
from .baselines import Task

__all__ = ["CachedSummary", "SummaryCache", "behaviour_version", "task_key"]

CACHE_FORMAT = "newsfuse.eval-cache/2"
LIBRARIES = ("sumy", "rouge-score")


@lru_cache(maxsize=1)
def _library_versions() -> tuple[str, ...]:
    out = []
    for dist in LIBRARIES:
        try:
            out.append(f"{dist}={metadata.version(dist)}")
        except metadata.PackageNotFoundError:
            out.append(f"{dist}=none")
    return tuple(out)


def behaviour_version(system: str, version: str | None = None) -> str:
    """The declared versions ``system``'s output depends on: the cache format, newsfuse's version,
    the system's own version (``version``, else :data:`newsfuse.evaluate.systems.VERSIONS`) and the
    libraries' versions. No source text is read.

    Raises:
        ConfigError: the system declares no version (it cannot be cached).
    """
    from ..errors import ConfigError
    from .systems import VERSIONS

    if version is None:
        if system not in VERSIONS:
            raise ConfigError(f"system '{system}' declares no version in newsfuse.evaluate.systems.VERSIONS; "
                              "add one to cache its summaries")
        version = VERSIONS[system]
    return "; ".join((CACHE_FORMAT, f"newsfuse={__version__}", f"{system}={version}", *_library_versions()))


def task_key(system: str, task: Task, seed: int, *, version: str | None = None) -> str:
    """The cache key of ``system``'s summary of ``task``: its input, budget, seed and declared versions
    (:func:`behaviour_version`; ``version`` overrides the system's declared one)."""
    h = hashlib.sha256()
    payload = {
        "system": system,
        "versions": behaviour_version(system, version),
        "words": task.words,
        "seed": seed,
        "cluster": task.cluster.id,
        "articles": [[a.id, a.outlet, a.date.isoformat() if a.date else None, a.title, a.text]
                     for a in task.cluster.articles],
        "references": list(task.cluster.references),
        "sentences": [[s.article_id, s.text] for s in task.sentences],
    }
    h.update(json.dumps(payload, ensure_ascii=False, sort_keys=True).encode("utf-8"))
    return h.hexdigest()


@dataclass(frozen=True, slots=True)
class CachedSummary:
    """One stored result: the summary, the wall time it took, and the memory peak if measured on it."""

    summary: str
    seconds: float
    peak_mib: float | None = None


class SummaryCache:
    """The cached summaries of one dataset and length, one file per system.

    Args:
        root: the cache folder (``results/cache`` by default in ``newsfuse eval``).
        dataset: the data file's stem, e.g. ``duc2004_task2``.
        words: the summary length.
    """

    def __init__(self, root: Path, dataset: str, words: int) -> None:
        self.folder = Path(root) / f"{dataset}-{words}"

    def path(self, system: str) -> Path:
        """The file of ``system``'s cached summaries."""
        return self.folder / f"{system}.jsonl"

    def load(self, system: str) -> dict[str, dict]:
        """Stored lines of ``system`` by key (the last line wins; unreadable lines are ignored)."""
        path = self.path(system)
        out: dict[str, dict] = {}
        if not path.is_file():
            return out
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            try:
                obj = json.loads(line)
            except json.JSONDecodeError:
                continue  # a line cut off by an interrupted run
            if isinstance(obj, dict) and isinstance(obj.get("key"), str) and isinstance(obj.get("summary"), str):
                out[obj["key"]] = obj
        return out

    def get(self, stored: dict[str, dict], key: str) -> CachedSummary | None:
        """The result stored under ``key`` in ``stored`` (from :meth:`load`), if any."""
        obj = stored.get(key)
        if obj is None:
            return None
        peak = obj.get("peak_mib")
        return CachedSummary(obj["summary"], float(obj.get("seconds") or 0.0), float(peak) if peak is not None else None)

    def append(self, system: str, cluster_id: str, key: str, result: CachedSummary) -> None:
        """Add one result to ``system``'s file at once (an interrupted run keeps what it finished)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        line = {"id": cluster_id, "key": key, "summary": result.summary, "seconds": result.seconds,
                "peak_mib": result.peak_mib}
        with self.path(system).open("a", encoding="utf-8") as f:
            f.write(json.dumps(line, ensure_ascii=False) + "\n")

    def compact(self, system: str, current: dict[str, str]) -> None:
        """Rewrite ``system``'s file without stale lines.

        ``current`` maps the cluster ids of this run to their keys; a line of one of
        those clusters under another key is dropped, lines of other clusters are kept.
        """
        from ..writers import write_atomic

        path = self.path(system)
        if not path.is_file():
            return
        stored = self.load(system)
        lines = [json.dumps(obj, ensure_ascii=False) for k, obj in stored.items()
                 if current.get(obj.get("id"), k) == k]
        write_atomic(path, "".join(line + "\n" for line in lines))
