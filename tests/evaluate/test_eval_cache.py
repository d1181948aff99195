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


def _lead_key_in_subprocess(src: Path) -> str:
    import subprocess
    import sys

    code = ("import sys; from pathlib import Path; from newsfuse.evaluate.baselines import Task, split_cluster; "
            "from newsfuse.evaluate.cache import task_key; from newsfuse.evaluate.datasets import load_mds; "
            "import newsfuse.evaluate.baselines as b; assert b.__file__.startswith(sys.argv[2]), b.__file__; "
            "c = load_mds(Path(sys.argv[1]))[0]; print(task_key('lead', Task(c, split_cluster(c), 40), 7))")
    env = {"PYTHONPATH": str(src), "PATH": "/usr/bin:/bin", "HOME": str(Path.home())}
    done = subprocess.run([sys.executable, "-c", code, str(TINY), str(src)], capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_key_follows_declared_versions_not_source_text(tmp_path):
    """A docstring edit in the baselines keeps the key; a bumped declared version changes it."""
    import shutil

    from newsfuse.evaluate.baselines import Task, split_cluster
    from newsfuse.evaluate.cache import task_key
    from newsfuse.evaluate.datasets import load_mds
    import newsfuse

    cluster = load_mds(TINY)[0]
    task = Task(cluster, split_cluster(cluster), 40)
    here = task_key("lead", task, 7)
    src = tmp_path / "src"
    shutil.copytree(Path(newsfuse.__file__).parent, src / "newsfuse", ignore=shutil.ignore_patterns("__pycache__"))
    baselines = src / "newsfuse" / "evaluate" / "baselines.py"
    text = baselines.read_text()
    edited = text.replace('"""', '"""A docstring edited by a test. ', 1) + "\n# a comment added by a test\n"
    assert edited != text
    baselines.write_text(edited)
    assert _lead_key_in_subprocess(src) == here
    assert task_key("lead", task, 7, version="2") != here
    assert task_key("lead", task, 8) != here  # the seed is a setting of the key
    assert task_key("lead", Task(cluster, task.sentences, 41), 7) != here  # so is the budget


def test_a_bumped_system_version_recomputes_only_that_system(tmp_path, monkeypatch):
    from newsfuse.evaluate import systems

    cache = tmp_path / "cache"
    config = dict(data=TINY, words=40, systems=("lead", "random"), resamples=20, cache_dir=cache)
    run_bench(BenchConfig(**config))
    monkeypatch.setitem(systems.VERSIONS, "lead", systems.VERSIONS["lead"] + ".1")
    again = run_bench(BenchConfig(**config))
    assert again["systems"]["lead"]["cached_clusters"] == 0
    assert again["systems"]["random"]["cached_clusters"] == 2
