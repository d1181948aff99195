"""``newsfuse build`` on a real dask.distributed cluster (``dask scheduler`` and ``dask worker``
processes on 127.0.0.1), against ``newsfuse cluster`` on the same fictional archive."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from newsfuse.cli import app
from newsfuse.scale.blocks import StitchInfo
from newsfuse.scale.compare import agreement, build_labels, cluster_labels
from newsfuse.scale.output import Stitcher
from newsfuse.scale.plan import make_plan
from newsfuse.store import Store

from .scale_archive import BIN, DaskCluster, write_archive

runner = CliRunner()


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> list[Path]:
    return write_archive(tmp_path_factory.mktemp("archive"))


@pytest.fixture(scope="module")
def dask_cluster(tmp_path_factory):
    cluster = DaskCluster(tmp_path_factory.mktemp("dask"))
    yield cluster
    cluster.stop()


def _cluster(shards, out: Path, *extra: str) -> Path:
    res = runner.invoke(app, ["cluster", *map(str, shards), "--fast", "-q", "-o", str(out), *extra])
    assert res.exit_code == 0, res.output
    return out


def _build(shards_or_glob, out: Path, *extra: str):
    args = shards_or_glob if isinstance(shards_or_glob, list) else [shards_or_glob]
    return runner.invoke(app, ["build", *map(str, args), "--out", str(out), "--fast", "-q", *extra])


def _lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines()]


def test_build_has_the_stories_and_copies_of_cluster(archive, dask_cluster, tmp_path):
    ref = _cluster(archive, tmp_path / "cluster.jsonl")
    res = _build(f"{archive[0].parent}/*.jsonl", tmp_path / "out", "--scheduler", dask_cluster.address,
                 "--block-articles", "128", "--no-briefs")
    assert res.exit_code == 0, res.output
    manifest = json.loads((tmp_path / "out" / "build.json").read_text())
    assert manifest["blocks"] == 6 and manifest["workers"] == 2 and manifest["continued"] > 0
    # the quiet window (2,000 articles) covers the archive: every block replays all before it, so the
    # partition is the single-machine one exactly, and so are the copies
    score = agreement(ref, tmp_path / "out")
    assert (score.precision, score.recall) == (1.0, 1.0)
    mine = [r for p in sorted((tmp_path / "out" / "articles").glob("part-*.jsonl")) for r in _lines(p)]
    theirs = [r for r in _lines(ref) if "duplicate_of" in r]
    assert [(r["duplicate_of"], r["wire"]) for r in mine] == [(r["duplicate_of"], r["wire"]) for r in theirs]
    assert sum(r["wire"] == "Tessel Wire" for r in mine) > 20
    # readable with pandas, one part per block; story lines agree with article lines
    articles = pd.concat(pd.read_json(p, lines=True) for p in sorted((tmp_path / "out" / "articles").glob("*.jsonl")))
    stories = pd.concat(pd.read_json(p, lines=True) for p in sorted((tmp_path / "out" / "stories").glob("*.jsonl")))
    assert list(articles.columns) == ["id", "story", "duplicate_of", "wire"] and len(articles) == 720
    assert stories["size"].sum() == 720 and stories["story"].is_unique
    assert dict(articles["story"].value_counts()) == dict(zip(stories["story"], stories["size"]))


def test_short_quiet_window_stitched_across_blocks(archive, dask_cluster, tmp_path):
    # a window of 40 articles and a day, far shorter than the events (up to 5 days): blocks of 128
    # replay 80 articles, so a story open at a block's start is rebuilt from its recent articles only
    # and the stitch decides; a stress case, not the defaults (docs/scale.md: 0.935 measured here)
    ref = _cluster(archive, tmp_path / "cluster.jsonl", "--window-articles", "40", "--window-days", "1")
    res = _build(archive, tmp_path / "out", "--scheduler", dask_cluster.address, "--block-articles", "128",
                 "--no-briefs", "--window-articles", "40", "--window-days", "1")
    assert res.exit_code == 0, res.output
    assert agreement(ref, tmp_path / "out").f1 >= 0.9
    ids, labels = build_labels(tmp_path / "out")
    assert ids == cluster_labels(ref)[0] and len(set(labels)) > 50  # 77 stories, 83 with cluster


def test_bad_line_named_by_shard_and_line_then_skipped_or_refused(archive, dask_cluster, tmp_path):
    bad = tmp_path / "bad"
    bad.mkdir()
    lines = archive[1].read_text().splitlines()
    lines[4] = '{"id": "x1", "text": '
    (bad / "b.jsonl").write_text("\n".join(lines) + "\n")
    res = _build(str(bad / "b.jsonl"), tmp_path / "out", "--scheduler", dask_cluster.address, "--no-briefs")
    assert res.exit_code == 0
    assert f"{bad / 'b.jsonl'}: line 5: not valid JSON" in res.stderr and "(skipped)" in res.stderr
    assert len(build_labels(tmp_path / "out")[0]) == len(lines) - 1
    res = _build(str(bad / "b.jsonl"), tmp_path / "out2", "--scheduler", dask_cluster.address, "--strict")
    assert res.exit_code == 2 and "line 5: not valid JSON" in res.stderr and "Traceback" not in res.output
    res = _build(str(tmp_path / "none-*.jsonl"), tmp_path / "out3", "--scheduler", dask_cluster.address)
    assert res.exit_code == 2 and "no file matches" in res.stderr


def test_unreachable_scheduler_is_one_line(archive, tmp_path):
    res = _build(archive, tmp_path / "out", "--scheduler", "tcp://127.0.0.1:9")
    assert res.exit_code == 2 and "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in res.stderr


def test_worker_killed_mid_run_costs_recomputation_not_the_result(archive, tmp_path):
    from distributed import Client

    ref = _cluster(archive, tmp_path / "cluster.jsonl")
    cluster = DaskCluster(tmp_path / "dask")
    try:
        victim = cluster.worker_address("w0")
        proc = subprocess.Popen([str(BIN / "newsfuse"), "build", *map(str, archive), "--out", str(tmp_path / "out"),
                                 "--fast", "-q", "--no-briefs", "--block-articles", "128",
                                 "--scheduler", cluster.address], stderr=subprocess.PIPE, text=True)
        held: list[str] = []
        with Client(cluster.address, timeout="30s") as client:
            deadline = time.monotonic() + 240
            while time.monotonic() < deadline and proc.poll() is None:
                # a block being clustered on the victim, or its result not yet read by the driver
                held = [k for k in (*client.processing().get(victim, ()), *client.has_what().get(victim, ()))
                        if str(k).startswith("nf-cluster-")]
                if held:
                    break
                time.sleep(0.05)
        assert held and proc.poll() is None, "the build ended before a block was clustered on the victim"
        cluster.workers[0].send_signal(signal.SIGKILL)  # the blocks it was clustering or held are lost
        cluster.workers[0].wait()
        _, err = proc.communicate(timeout=600)
        assert proc.returncode == 0, err
    finally:
        cluster.stop()
    score = agreement(ref, tmp_path / "out")
    assert (score.precision, score.recall) == (1.0, 1.0)
    assert json.loads((tmp_path / "out" / "build.json").read_text())["workers"] == 2


def _no_timings(brief: dict) -> dict:
    brief = dict(brief, meta={k: v for k, v in brief["meta"].items() if k != "timings"})
    return brief


def test_local_cluster_briefs_identical_and_loaded_into_the_store(tmp_path):
    shards = write_archive(tmp_path / "small", days=3, per_day=12, shards=2)
    ref = tmp_path / "briefs.jsonl"
    res = runner.invoke(app, ["cluster", *map(str, shards), "--fast", "-q", "--brief", "-o", str(ref)])
    assert res.exit_code == 0, res.output
    res = _build(shards, tmp_path / "out", "--workers", "1", "--db", str(tmp_path / "news.db"))
    assert res.exit_code == 0, res.output
    def key(brief: dict) -> str:  # the story's articles, by shard and line
        return json.dumps(sorted(src["input"] for src in brief["sources"]))

    theirs = {key(r["brief"]): _no_timings(r["brief"]) for r in _lines(ref)}
    mine = [r for p in sorted((tmp_path / "out" / "briefs").glob("*.jsonl")) for r in _lines(p)]
    stories = [r for p in sorted((tmp_path / "out" / "stories").glob("*.jsonl")) for r in _lines(p)]
    assert len(mine) == len(stories) == len(theirs)
    for r in mine:
        assert _no_timings(r["brief"]) == theirs[key(r["brief"])]
    with Store(tmp_path / "news.db") as store:
        assert len(store.list_stories(limit=1000)) == len(stories)


def test_without_dask_the_error_says_how_to_install(tmp_path, archive):
    code = ("import sys; sys.modules['distributed'] = None\n"
            "from newsfuse.cli import main; sys.argv = ['newsfuse', 'build', sys.argv[1], '--out', sys.argv[2]]; main()")
    res = subprocess.run([sys.executable, "-c", code, str(archive[0]), str(tmp_path / "out")],
                         capture_output=True, text=True)
    assert res.returncode == 2
    assert res.stderr.strip().count("\n") == 0 and 'pip install "newsfuse[scale]"' in res.stderr


def test_plan_warm_up_covers_both_quiet_windows():
    # 3 shards of 100 articles, 10 a day over 30 days; blocks of 128
    steps = [[(i * 10, 700_000 + s * 10 + i) for i in range(10)] for s in range(3)]
    plan = make_plan([100, 100, 100], steps, block_articles=100, window_days=2, window_articles=15)
    assert [(b.start, b.end) for b in plan.blocks] == [(0, 128), (128, 256), (256, 300)]
    # block 1 starts on day 12 (position 128): days 10.. start at 100; twice the longer window (28)
    assert plan.blocks[1].warm == 128 - 2 * 28
    assert plan.blocks_seeing(120) == range(0, 2) and plan.blocks_seeing(10) == range(0, 1)


def test_stitcher_continues_and_merges_stories_across_blocks():
    s = Stitcher()
    a = s.add(StitchInfo(0, ((1, ()), (2, ()), (3, ())), {7: 1, 8: 2, 9: 3}, 10, 0), range(0, 0), 7)
    assert a == {1: "story-1", 2: "story-2", 3: "story-3"}
    # block 1 replays 7, 8, 9: its story 5 holds 7 and 8 (all of story-2's replayed articles: merged);
    # its story 6 holds 9 (continues story-3); its story 7 is new
    b = s.add(StitchInfo(1, ((5, (7, 8)), (6, (9,)), (7, ())), {}, 10, 0), range(7, 10), 20)
    assert s.resolve(b) == {5: "story-1", 6: "story-3", 7: "story-4"} and s.resolve(a)[2] == "story-1"
    assert s.roots["story-4"] == 1 and s.stories == 3


def _worker_profiling(dask_worker) -> tuple[bool, bool]:
    import dask

    return bool(dask.config.get("distributed.worker.profile.enabled")), bool(dask_worker.periodic_callbacks.get("profile"))


def test_local_cluster_workers_run_without_the_profiler_unless_the_user_asks(monkeypatch):
    # the profiler's per-second history grew a worker's memory with the run's length (docs/scale.md)
    from newsfuse.scale.engine import connect

    for env, expected in ((None, False), ("True", True)):
        if env is None:
            monkeypatch.delenv("DASK_DISTRIBUTED__WORKER__PROFILE__ENABLED", raising=False)
        else:
            monkeypatch.setenv("DASK_DISTRIBUTED__WORKER__PROFILE__ENABLED", env)
        client, cluster = connect(None, 1)
        try:
            assert list(client.run(_worker_profiling).values()) == [(expected, expected)]
        finally:
            client.close()
            cluster.close()


def test_document_frequencies_counted_in_chunks_equal_one_count(archive):
    from newsfuse.readers.stream import iter_jsonl
    from newsfuse.scale.blocks import _document_frequencies

    articles = [item.article for item in iter_jsonl(archive[0].read_text().splitlines(), source=str(archive[0]))]
    whole = _document_frequencies(articles, chunk=len(articles))
    assert whole.sum() > 0
    for chunk in (1, 7, 100):
        assert (_document_frequencies(articles, chunk=chunk) == whole).all()
