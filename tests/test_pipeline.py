"""The stage contract: declared fields checked when a pipeline is built and while a stage runs."""

from __future__ import annotations

import pytest

from newsfuse.errors import ContractError
from newsfuse.model import Article, Cluster, UnsetFieldError
from newsfuse.pipeline import DEFAULT_STAGES, Pipeline, default_stages, get_stage, stage
from newsfuse.settings import Settings

TEXT = "A fire broke out at the grain warehouse on Pier 4 late on Tuesday. Firefighters fought it for twelve hours."


def _cluster() -> Cluster:
    return Cluster(articles=(Article(text=TEXT, outlet="Harbour Courier", cleaned=True),))


@stage("test-peeks-at-entities", requires=("sentences",), assigns=("timeline",))
def _peeking(settings):
    def run(cluster):
        cluster.entities  # noqa: B018 - reads a field it does not declare
        return cluster.assign(timeline=())

    return run


@stage("test-forgets", requires=("sentences",), assigns=("timeline",))
def _forgetting(settings):
    return lambda cluster: cluster


@stage("test-meddles", requires=("sentences",), assigns=("timeline",))
def _meddling(settings):
    return lambda cluster: cluster.assign(timeline=(), quotes=())


@stage("test-wants-nonsense", requires=("sentencez",), assigns=())
def _nonsense(settings):
    return lambda cluster: cluster


@stage("test-returns-text", requires=(), assigns=())
def _wrong_type(settings):
    return lambda cluster: "not a cluster"


def test_a_stage_reading_a_field_it_does_not_declare_fails_naming_both():
    pipeline = Pipeline(["segment", "dedup", "test-peeks-at-entities"], Settings(fast=True))
    with pytest.raises(ContractError, match=r"stage 'test-peeks-at-entities'.*cluster\.entities.*requires"):
        pipeline.run(_cluster())


def test_a_required_field_no_earlier_stage_assigns_fails_when_the_pipeline_is_built():
    with pytest.raises(ContractError, match=r"stage 'quotes' requires entities.*no earlier stage assigns"):
        Pipeline(["segment", "quotes"], Settings(fast=True))


def test_an_unknown_field_in_a_declaration_fails_when_the_pipeline_is_built():
    with pytest.raises(ContractError, match=r"sentencez, which Cluster does not have"):
        Pipeline(["test-wants-nonsense"], Settings(fast=True))


def test_a_stage_that_leaves_its_field_unset_or_changes_another_fails():
    with pytest.raises(ContractError, match=r"'test-forgets' declares it assigns timeline but left it unset"):
        Pipeline(["segment", "test-forgets"], Settings(fast=True)).run(_cluster())
    with pytest.raises(ContractError, match=r"'test-meddles' changed cluster\.quotes"):
        Pipeline(["segment", "test-meddles"], Settings(fast=True)).run(_cluster())


def test_a_stage_returning_something_else_is_named():
    with pytest.raises(ContractError, match=r"'test-returns-text' returned str, not Cluster"):
        Pipeline(["test-returns-text"], Settings(fast=True)).run(_cluster())


def test_two_stages_assigning_one_field_fail_when_the_pipeline_is_built():
    with pytest.raises(ContractError, match=r"both assign sentences"):
        Pipeline(["segment", "segment"], Settings(fast=True))


def test_reading_an_unset_field_raises_outside_a_pipeline_too():
    cluster = _cluster()
    with pytest.raises(UnsetFieldError, match=r"cluster\.sentences was read before any stage assigned it"):
        cluster.sentences  # noqa: B018
    assert not cluster.is_set("sentences") and "sentences=UNSET" in repr(cluster)
    assert cluster.source_ids == ("s1",)


@pytest.mark.parametrize("fast", [True, False])
def test_the_briefs_own_stages_keep_the_contract(fast):
    settings = Settings(fast=fast)
    names = default_stages(settings)
    assert ("parse" in names) is (not fast)
    Pipeline(names, settings)  # raises if a declaration does not fit
    specs = [get_stage(n) for n in names]
    assigned = {a for s in specs for a in s.assigns}
    assert {"sentences", "reports", "vectors", "entities", "quotes", "figures", "exclusive", "timeline", "summary"} <= assigned
    if fast:
        assert all("parses" not in s.requires_for(settings) for s in specs)
    assert set(DEFAULT_STAGES) >= set(names)


def test_fast_pipeline_runs_without_any_model_and_fills_every_part():
    out = Pipeline(None, Settings(fast=True)).run(_cluster())
    for name in ("sentences", "reports", "vectors", "entities", "quotes", "figures", "exclusive", "timeline", "summary"):
        assert out.is_set(name), name
    assert not out.is_set("parses")
    assert out.summary and out.summary[0].sources == ("s1",)
    assert set(out.timings) == set(default_stages(Settings(fast=True)))


def test_design_doc_shows_the_current_contract(repo_dir):
    from newsfuse.pipeline import contract_table

    page = (repo_dir / "docs" / "design.md").read_text()
    start, end = page.index("<!-- contract-table -->"), page.index("<!-- /contract-table -->")
    assert page[start:end].split("\n", 1)[1].strip() == contract_table().strip(), "run .venv/bin/python scripts/update_design_table.py"
