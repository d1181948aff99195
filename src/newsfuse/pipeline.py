"""Pipeline: named stages run in order over one :class:`~newsfuse.model.Cluster`.

A stage is registered with :func:`stage` as a factory ``factory(settings) ->
(Cluster -> Cluster)``; the factory builds anything expensive once (a stage
registered with ``sees_stages=True`` is built as ``factory(settings, stages)``,
with the names of every stage of its pipeline: the ``embed`` stage starts
embedding every sentence at once only when a later stage reads them all). Each stage
declares the result fields it ``requires`` and ``assigns`` (names of
:class:`~newsfuse.model.Cluster` fields; ``requires`` may depend on the settings,
e.g. the spaCy ``parses`` only outside fast mode). The contract is checked twice,
as spaCy's ``validate_attrs`` checks its components:

- when the pipeline is built: every declared name is a result field of
  ``Cluster``, every required field is assigned by an earlier stage, and no two
  stages assign the same field;
- when a stage runs: it may read only the fields it declares (reading another
  raises :class:`~newsfuse.errors.ContractError` naming the stage and the field),
  it must assign every field it declares, and it may not change any other.
"""

from __future__ import annotations

import importlib
import time
from dataclasses import dataclass
from typing import Callable, Sequence, Union

from .errors import ConfigError, ContractError
from .model import _READING, CLUSTER_FIELDS, RESULT_FIELDS, Cluster, UnsetFieldError
from .settings import Settings

StageFn = Callable[[Cluster], Cluster]
Factory = Callable[..., StageFn]  # factory(settings), or factory(settings, stages) for a stage that sees its pipeline
Fields = Union[tuple[str, ...], Callable[[Settings], tuple[str, ...]]]


@dataclass(frozen=True, slots=True)
class StageSpec:
    name: str
    factory: Factory
    requires: Fields
    assigns: tuple[str, ...]
    sees_stages: bool = False

    def build(self, settings: Settings, stages: tuple[str, ...]) -> StageFn:
        """The stage's function for ``settings`` in a pipeline of ``stages``."""
        return self.factory(settings, stages) if self.sees_stages else self.factory(settings)

    def requires_for(self, settings: Settings) -> tuple[str, ...]:
        """The fields this stage reads under ``settings``."""
        return tuple(self.requires(settings) if callable(self.requires) else self.requires)


REGISTRY: dict[str, StageSpec] = {}

# Where each stage lives; imported on first use so start-up stays light.
STAGE_MODULES: dict[str, str] = {
    "segment": "newsfuse.stages.segment",
    "dedup": "newsfuse.stages.dedup",
    "parse": "newsfuse.stages.parse",
    "embed": "newsfuse.stages.embed",
    "entities": "newsfuse.stages.entities.stage",
    "quotes": "newsfuse.stages.quotes.stage",
    "figures": "newsfuse.stages.figures.stage",
    "disagreements": "newsfuse.stages.disagreements",
    "exclusive": "newsfuse.stages.exclusives",
    "timeline": "newsfuse.stages.timeline",
    "summarize": "newsfuse.stages.summarize.stage",
    "update": "newsfuse.stages.update",
}

# The brief's stages in order. ``parse`` (spaCy) is left out in fast mode; see :func:`default_stages`.
# ``embed`` comes before ``parse``: it starts MiniLM on every sentence in the background, which runs
# while spaCy loads and parses (see newsfuse.stages.embed).
DEFAULT_STAGES: tuple[str, ...] = (
    "segment", "dedup", "embed", "parse", "entities", "quotes", "figures", "disagreements", "summarize", "exclusive", "timeline", "update",
)
# What a summary alone needs (``newsfuse eval``): vectors are computed only for what the citations compare.
SUMMARY_STAGES: tuple[str, ...] = ("segment", "dedup", "embed", "summarize")
MODEL_STAGES = frozenset({"parse"})  # stages that exist only outside fast mode


def default_stages(settings: Settings, names: Sequence[str] = DEFAULT_STAGES) -> tuple[str, ...]:
    """``names`` for ``settings``: without the model-only stages in fast mode."""
    return tuple(n for n in names if not (settings.fast and n in MODEL_STAGES))


def stage(name: str, *, requires: Fields = (), assigns: tuple[str, ...] = (), sees_stages: bool = False) -> Callable[[Factory], Factory]:
    """Register a stage factory under ``name``.

    Args:
        name: the stage's name in pipelines.
        requires: the result fields the stage reads, or a function of the settings giving them.
        assigns: the result fields the stage fills.
        sees_stages: build it as ``factory(settings, stages)``, ``stages`` the names of the pipeline's stages.
    """

    def deco(factory: Factory) -> Factory:
        REGISTRY[name] = StageSpec(name, factory, requires, tuple(assigns), sees_stages)
        return factory

    return deco


def get_stage(name: str) -> StageSpec:
    if name not in REGISTRY and name in STAGE_MODULES:
        importlib.import_module(STAGE_MODULES[name])
    if name not in REGISTRY:
        raise ConfigError(f"no stage '{name}'; available: {', '.join(sorted(STAGE_MODULES))}")
    return REGISTRY[name]


def check_stages(specs: Sequence[StageSpec], settings: Settings) -> None:
    """Check declared fields against ``Cluster`` and the order of the stages (raises ContractError)."""
    assigned: dict[str, str] = {}
    for spec in specs:
        requires = spec.requires_for(settings)
        for kind, names in (("requires", requires), ("assigns", spec.assigns)):
            unknown = [n for n in names if n not in RESULT_FIELDS]
            if unknown:
                raise ContractError(
                    f"stage '{spec.name}' {kind} {', '.join(unknown)}, which Cluster does not have; "
                    f"result fields: {', '.join(sorted(RESULT_FIELDS))}"
                )
        missing = [r for r in requires if r not in assigned]
        if missing:
            raise ContractError(f"stage '{spec.name}' requires {', '.join(missing)}, which no earlier stage assigns")
        for a in spec.assigns:
            if a in assigned:
                raise ContractError(f"stages '{assigned[a]}' and '{spec.name}' both assign {a}")
            assigned[a] = spec.name


class Pipeline:
    """Stages built once from ``settings``, then run over any number of clusters.

    Args:
        names: the stages, in order (default: the brief's stages for ``settings``).
        settings: passed to every stage factory.

    Raises:
        ConfigError: an unknown stage name.
        ContractError: the stages' declarations do not fit together.
    """

    def __init__(self, names: Sequence[str] | None = None, settings: Settings | None = None) -> None:
        self.settings = settings or Settings()
        self.names = tuple(names) if names is not None else default_stages(self.settings)
        specs = [get_stage(n) for n in self.names]
        check_stages(specs, self.settings)
        self._stages: list[tuple[StageSpec, frozenset[str], StageFn]] = [
            (spec, frozenset(spec.requires_for(self.settings)) | frozenset(spec.assigns), spec.build(self.settings, self.names))
            for spec in specs
        ]

    def run(self, cluster: Cluster) -> Cluster:
        """Run every stage in order; each stage's wall time goes to ``cluster.timings``."""
        timings = dict(cluster.timings)
        for spec, readable, fn in self._stages:
            started = time.perf_counter()
            token = _READING.set((spec.name, readable))
            try:
                out = fn(cluster)
            except UnsetFieldError as exc:
                raise ContractError(f"stage '{spec.name}': cluster.{exc.field} {exc.reason}") from None
            finally:
                _READING.reset(token)
            if not isinstance(out, Cluster):
                raise ContractError(f"stage '{spec.name}' returned {type(out).__name__}, not Cluster")
            _check_assigned(spec, cluster, out)
            timings[spec.name] = round(time.perf_counter() - started, 4)
            cluster = out.assign(timings=timings)
        return cluster


def _check_assigned(spec: StageSpec, before: Cluster, after: Cluster) -> None:
    for name in CLUSTER_FIELDS:
        if name == "timings":
            continue
        old, new = object.__getattribute__(before, name), object.__getattribute__(after, name)
        if name in spec.assigns:
            if not after.is_set(name):
                raise ContractError(f"stage '{spec.name}' declares it assigns {name} but left it unset")
        elif new is not old:
            raise ContractError(f"stage '{spec.name}' changed cluster.{name}, which it does not declare in assigns")


def parsed(*fields: str) -> Callable[[Settings], tuple[str, ...]]:
    """``requires`` of a stage that also reads spaCy's ``parses`` outside fast mode."""

    def requires(settings: Settings) -> tuple[str, ...]:
        return tuple(fields) if settings.fast else (*fields, "parses")

    return requires


def contract_table(names: Sequence[str] = DEFAULT_STAGES) -> str:
    """The stages, the fields each reads and assigns, as a Markdown table (for docs/design.md)."""
    fast, default = Settings(fast=True), Settings()
    lines = ["| stage | module | reads | assigns |", "|---|---|---|---|"]
    for name in names:
        spec = get_stage(name)
        reads_default, reads_fast = spec.requires_for(default), spec.requires_for(fast)
        reads = ", ".join(f"`{r}`" for r in reads_fast) or "(the articles)"
        extra = [r for r in reads_default if r not in reads_fast]
        if extra:
            reads += " + " + ", ".join(f"`{r}`" for r in extra) + " (default mode)"
        mode = " (default mode only)" if name in MODEL_STAGES else ""
        lines.append(f"| `{name}`{mode} | `{STAGE_MODULES[name]}` | {reads} | {', '.join(f'`{a}`' for a in spec.assigns)} |")
    return "\n".join(lines)
