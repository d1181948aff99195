"""The result cache of `newsfuse eval`: baselines reused between runs, newsfuse always rerun."""

import json
from pathlib import Path

import pytest

from newsfuse.evaluate.bench import BenchConfig, run_bench, to_markdown
from newsfuse.evaluate.cache import SummaryCache

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "eval"
TINY = FIXTURES / "tiny.jsonl"
SYSTEMS = ("newsfuse-fast", "lead", "random", "lexrank", "oracle")
BASELINES = SYSTEMS[1:]


def _run(data: Path, cache: Path, **kw):
    return run_bench(BenchConfig(data=data, words=40, systems=SYSTEMS, resamples=50, cache_dir=cache, **kw))


@pytest.fixture(scope="module")
def two_runs(tmp_path_factory):
    cache = tmp_path_factory.mktemp("cache")
    return cache, _run(TINY, cache), _run(TINY, cache)


def test_second_run_reuses_the_baselines_and_gives_identical_scores(two_runs):
    cache, first, second = two_runs
    for name in BASELINES:
        assert first["systems"][name]["cached_clusters"] == 0
        assert second["systems"][name]["cached_clusters"] == 2, name
        assert second["systems"][name]["per_cluster"] == first["systems"][name]["per_cluster"], name
        assert second["systems"][name]["seconds_per_cluster"] == first["systems"][name]["seconds_per_cluster"]
        assert second["systems"][name]["peak_mib"] == first["systems"][name]["peak_mib"]
        assert second["_summaries"][name] == first["_summaries"][name]
        lines = SummaryCache(cache, "tiny", 40).path(name).read_text().splitlines()
        assert sorted(json.loads(line)["id"] for line in lines) == ["ferry-stall", "library-flood"]
    assert second["systems"]["newsfuse-fast"]["cached_clusters"] == 0
    assert not SummaryCache(cache, "tiny", 40).path("newsfuse-fast").exists()


def test_table_footnote_names_the_reused_systems(two_runs):
    _, first, second = two_runs
    assert "reused from the result cache" not in to_markdown(first)
    table = to_markdown(second)
    assert "| lead \\* |" in table and "| **newsfuse-fast** |" in table
    note = next(line for line in table.splitlines() if line.startswith("\\* Summaries and times reused"))
    assert all(name in note for name in BASELINES) and "; for some clusters only" not in note


def test_a_changed_article_invalidates_its_cluster_only(two_runs, tmp_path):
    cache, first, _ = two_runs
    records = [json.loads(line) for line in TINY.read_text().splitlines() if line.strip()]
    doc = records[1]["documents"][0]
    doc["text"] = doc["text"].replace("3,000", "4,000")
    assert "4,000" in doc["text"]
    changed = tmp_path / "tiny.jsonl"  # same stem: the same cache folder
    changed.write_text("".join(json.dumps(r) + "\n" for r in records))
    third = _run(changed, cache)
    for name in BASELINES:
        assert third["systems"][name]["cached_clusters"] == 1, name
        assert third["systems"][name]["per_cluster"]["ferry-stall"] == first["systems"][name]["per_cluster"]["ferry-stall"]
    assert "; for some clusters only" in to_markdown(third)
    # the stale line of the changed cluster was replaced, not kept beside the new one
    lines = SummaryCache(cache, "tiny", 40).path("lead").read_text().splitlines()
    assert sorted(json.loads(line)["id"] for line in lines) == ["ferry-stall", "library-flood"]


def test_no_cache_recomputes_and_a_cut_line_is_ignored(tmp_path):
    cache = tmp_path / "cache"
    first = run_bench(BenchConfig(data=TINY, words=40, systems=("lead",), resamples=20, cache_dir=cache))
    path = SummaryCache(cache, "tiny", 40).path("lead")
    path.write_text(path.read_text() + '{"id": "ferry-stall", "key": "abc", "summ')  # an interrupted write
    again = run_bench(BenchConfig(data=TINY, words=40, systems=("lead",), resamples=20, cache_dir=cache,
                                  reuse_cache=False))
    assert again["systems"]["lead"]["cached_clusters"] == 0
    assert again["_summaries"]["lead"] == first["_summaries"]["lead"]
    reused = run_bench(BenchConfig(data=TINY, words=40, systems=("lead",), resamples=20, cache_dir=cache))
    assert reused["systems"]["lead"]["cached_clusters"] == 2
    other_length = run_bench(BenchConfig(data=TINY, words=30, systems=("lead",), resamples=20, cache_dir=cache))
    assert other_length["systems"]["lead"]["cached_clusters"] == 0  # another length, another folder and key
