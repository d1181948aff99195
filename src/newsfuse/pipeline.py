"""Pipeline: named stages run in order over one :class:`~newsfuse.model.Cluster`.

A stage is registered with :func:`stage` as a factory ``factory(settings) ->
(Cluster -> Cluster)``; the factory builds anything expensive once. Each stage
declares what it ``requires`` and ``assigns``; :class:`Pipeline` checks the
order when it is built and names what is missing.
"""

from __future__ import annotations

import importlib
import time
from dataclasses import dataclass
from typing import Callable

from .errors import ConfigError, NewsfuseError
from .model import Cluster
from .settings import Settings

StageFn = Callable[[Cluster], Cluster]
Factory = Callable[[Settings], StageFn]


@dataclass(frozen=True, slots=True)
class StageSpec:
    name: str
    factory: Factory
    requires: tuple[str, ...]
    assigns: tuple[str, ...]


REGISTRY: dict[str, StageSpec] = {}

# Where each stage lives; imported on first use so start-up stays light.
STAGE_MODULES: dict[str, str] = {
    "segment": "newsfuse.stages.segment",
    "embed": "newsfuse.stages.segment",
    "dedup": "newsfuse.stages.dedup",
    "entities": "newsfuse.stages.entities.stage",
    "quotes": "newsfuse.stages.quotes.stage",
    "figures": "newsfuse.stages.figures.stage",
    "exclusive": "newsfuse.stages.exclusives",
    "timeline": "newsfuse.stages.timeline",
}

# The brief's stages in order. A stage listed here must exist in STAGE_MODULES.
DEFAULT_STAGES: tuple[str, ...] = ("segment", "dedup", "embed", "entities", "quotes", "figures", "exclusive", "timeline")


def stage(name: str, *, requires: tuple[str, ...] = (), assigns: tuple[str, ...] = ()) -> Callable[[Factory], Factory]:
    """Register a stage factory under ``name``."""

    def deco(factory: Factory) -> Factory:
        REGISTRY[name] = StageSpec(name, factory, requires, assigns)
        return factory

    return deco


def get_stage(name: str) -> StageSpec:
    if name not in REGISTRY and name in STAGE_MODULES:
        importlib.import_module(STAGE_MODULES[name])
    if name not in REGISTRY:
        raise ConfigError(f"no stage '{name}'; available: {', '.join(sorted(STAGE_MODULES))}")
    return REGISTRY[name]


class Pipeline:
    """Stages built once from ``settings``, then run over any number of clusters."""

    def __init__(self, names: tuple[str, ...] | list[str] = DEFAULT_STAGES, settings: Settings | None = None) -> None:
        self.settings = settings or Settings()
        self.names = tuple(names)
        assigned: set[str] = {"articles"}
        self._fns: list[tuple[str, StageFn]] = []
        for name in self.names:
            spec = get_stage(name)
            missing = [r for r in spec.requires if r not in assigned]
            if missing:
                raise ConfigError(f"stage '{name}' requires {', '.join(missing)}, which no earlier stage assigns")
            assigned.update(spec.assigns)
            self._fns.append((name, spec.factory(self.settings)))

    def run(self, cluster: Cluster) -> Cluster:
        """Run every stage in order; each stage's wall time goes to ``cluster.extras["timings"]``."""
        timings: dict[str, float] = dict(cluster.extras.get("timings", {}))
        for name, fn in self._fns:
            started = time.perf_counter()
            out = fn(cluster)
            if not isinstance(out, Cluster):
                raise NewsfuseError(f"stage '{name}' returned {type(out).__name__}, not Cluster")
            timings[name] = round(time.perf_counter() - started, 4)
            out.extras["timings"] = timings
            cluster = out
        return cluster
