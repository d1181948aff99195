"""Online story clustering, the stream reader, B-cubed and the cluster/eval-cluster commands."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest

from newsfuse.clustering.clusterer import StoryClusterer
from newsfuse.clustering.documents import name_tokens
from newsfuse.errors import FormatError
from newsfuse.evaluate.bcubed import bcubed
from newsfuse.model import Article
from newsfuse.readers.stream import iter_jsonl, parse_date

STREAM = Path(__file__).resolve().parent / "fixtures" / "stream"


def _items(name: str, **kw):
    with (STREAM / name).open(encoding="utf-8") as fh:
        return list(iter_jsonl(fh, source=name, **kw))


@pytest.fixture(scope="module")
def stream_items():
    return _items("stream.jsonl", strict=True)


def _partition(ids, labels):
    groups: dict[str, set[str]] = {}
    for i, lab in zip(ids, labels):
        groups.setdefault(lab, set()).add(i)
    return sorted(sorted(g) for g in groups.values())


EXPECTED = [["a1", "a2", "a3"], ["a4"], ["b1", "b2"], ["c1", "c2"]]


@pytest.mark.parametrize("fast", [True, False])
def test_online_assignment_finds_the_events(stream_items, fast):
    arts = [it.article for it in stream_items]
    model = StoryClusterer(fast=fast, window_days=3, window_articles=0).fit(arts)
    assert _partition([a.id for a in arts], model.labels_) == EXPECTED
    assert bcubed(model.labels_, [it.label for it in stream_items]).f1 == 1.0


def test_partial_fit_one_by_one_gives_the_same_stories_as_fit(stream_items):
    arts = [it.article for it in stream_items]
    online = StoryClusterer(fast=True, window_days=3, window_articles=0, keep_history=False)
    labels = [online.partial_fit([a])[0].story for a in arts]
    batch = StoryClusterer(fast=True, window_days=3, window_articles=0).fit(arts)
    assert labels == batch.labels_
    assert online.assignments_ == []  # no history kept when streaming


def test_quiet_window_closes_stories_and_a_returning_event_is_new(stream_items):
    arts = [it.article for it in stream_items]
    model = StoryClusterer(fast=True, window_days=3, window_articles=0, keep_history=False)
    closed_when = {}
    for a in arts:
        model.partial_fit([a])
        for story in model.pop_closed():
            closed_when[story.articles[0]] = a.id
    # the ferry and library stories close when the derby (day 12) arrives, the derby when a4 (day 25) arrives
    assert closed_when == {"a1": "c1", "b1": "c1", "c1": "a4"}
    assert model.n_open_ == 1
    last = model.close_all()
    assert [s.articles for s in last] == [("a4",)]
    assert model.n_open_ == 0


def test_open_stories_stay_bounded_on_a_long_stream():
    """Three short events a day for 120 days: open stories never exceed the window's worth."""
    words = ["harbour", "orchard", "glacier", "lantern", "meadow", "quarry", "rivet", "saddle", "tundra", "violet"]
    arts = []
    start = date(2031, 1, 1)
    for day in range(120):
        for e in range(3):
            topic = f"{words[(day + e) % 10]}{day}x{e}"
            for k in range(2):
                text = f"Officials in Zed{topic} reported the {topic} matter on day {day}. " * 3 + f"Witness {k} spoke."
                arts.append(Article(id=f"d{day}e{e}k{k}", outlet=f"O{k}", text=text, date=start + timedelta(days=day)))
    model = StoryClusterer(fast=True, window_days=2, window_articles=0, keep_history=False, dedup=False)
    for i in range(0, len(arts), 30):
        model.partial_fit(arts[i : i + 30])
        model.pop_closed()
    assert model.n_seen_ == 720
    assert model.max_open_ <= 3 * 4  # 3 events a day, alive for at most window + 1 days
    assert model.memory_bytes() < 50_000_000


def test_clustering_is_deterministic(stream_items):
    wire = [it.article for it in _items("wire.jsonl", strict=True)]
    arts = wire + [it.article for it in stream_items]
    first = StoryClusterer(fast=True).fit(arts)
    second = StoryClusterer(fast=True).fit(list(arts))
    assert first.assignments_ == second.assignments_
    assert [s.to_dict() for s in first.stories_] == [s.to_dict() for s in second.stories_]


def test_wire_copies_join_their_original_and_are_marked():
    arts = [it.article for it in _items("wire.jsonl", strict=True)]
    model = StoryClusterer(fast=True).fit(arts)
    by_id = {a.id: a for a in model.assignments_}
    assert by_id["w2"].duplicate_of == "w1" and by_id["w3"].duplicate_of == "w1"
    assert {by_id[i].wire for i in ("w1", "w2", "w3")} == {"Reuters"}
    assert by_id["w1"].story == by_id["w2"].story == by_id["w3"].story != by_id["u1"].story
    assert by_id["u1"].duplicate_of is None and by_id["u1"].wire is None


def test_bad_lines_are_reported_with_their_number_and_skipped():
    errors: list[FormatError] = []
    items = _items("bad_lines.jsonl", on_error=errors.append)
    assert [it.article.id for it in items] == ["a1", "b1", "b2"]
    assert [it.line for it in items] == [1, 3, 7]
    messages = [str(e) for e in errors]
    assert len(messages) == 3
    assert "line 2: not valid JSON" in messages[0]
    assert "line 4:" in messages[1] and "text" in messages[1]
    assert "line 5:" in messages[2] and "date" in messages[2]


def test_strict_refuses_the_first_bad_line():
    with pytest.raises(FormatError, match="line 2"):
        _items("bad_lines.jsonl", strict=True)


def test_dates_and_names():
    assert parse_date("1998-10-01") == date(1998, 10, 1)
    assert parse_date("1998-23-06") == date(1998, 6, 23)  # YYYY-DD-MM as in some DUC records
    assert parse_date("2031-03-03T10:00:00Z") == date(2031, 3, 3)
    assert parse_date(None) is None
    with pytest.raises(ValueError):
        parse_date("soon")
    assert name_tokens("The mayor of Calloway met Idris Pellow on Monday.") == {"calloway", "idris", "pellow"}


def test_bcubed_known_values():
    perfect = bcubed(["x", "x", "y"], ["a", "a", "b"])
    assert (perfect.precision, perfect.recall, perfect.f1) == (1.0, 1.0, 1.0)
    lumped = bcubed(["x", "x", "x", "x"], ["a", "a", "b", "b"])
    assert lumped.precision == 0.5 and lumped.recall == 1.0
    split = bcubed(["1", "2", "3", "4"], ["a", "a", "b", "b"])
    assert split.precision == 1.0 and split.recall == 0.5 and split.n_predicted == 4 and split.n_gold == 2


# -- the commands -------------------------------------------------------------


def _run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "newsfuse", *args], input=stdin, capture_output=True, text=True, timeout=600
    )


def test_cli_cluster_writes_article_and_story_records():
    proc = _run("cluster", str(STREAM / "wire.jsonl"), str(STREAM / "stream.jsonl"), "--fast", "--window-days", "3", "--window-articles", "0")
    assert proc.returncode == 0, proc.stderr
    records = [json.loads(line) for line in proc.stdout.splitlines()]
    articles = [r for r in records if "id" in r]
    stories = [r for r in records if "articles" in r]
    assert len(articles) == 12
    assert all(set(r) == {"id", "story", "duplicate_of", "wire"} for r in articles)
    assert {r["id"]: r["duplicate_of"] for r in articles}["w3"] == "w1"
    assert sorted(i for s in stories for i in s["articles"]) == sorted(r["id"] for r in articles)
    assert all({"story", "title", "articles", "first_date", "last_date", "merged"} <= set(s) for s in stories)
    ferry = next(s for s in stories if "w1" in s["articles"])
    assert ferry["first_date"] == "2031-03-03" and ferry["last_date"] == "2031-03-05"


def test_cli_follow_reads_stdin_skips_bad_lines_and_strict_refuses():
    text = (STREAM / "bad_lines.jsonl").read_text(encoding="utf-8")
    proc = _run("cluster", "-", "--follow", "--fast", stdin=text)
    assert proc.returncode == 0, proc.stderr
    ids = [json.loads(line)["id"] for line in proc.stdout.splitlines() if '"duplicate_of"' in line]
    assert ids == ["a1", "b1", "b2"]
    assert "<stdin>: line 2: not valid JSON" in proc.stderr and "line 5:" in proc.stderr
    strict = _run("cluster", "-", "--fast", "--strict", stdin=text)
    assert strict.returncode == 2
    assert strict.stderr.startswith("newsfuse: error: [NF102] <stdin>: line 2:")


def test_cli_cluster_brief_writes_one_brief_per_story(example_dir, tmp_path):
    out = tmp_path / "today.json"
    proc = _run("cluster", str(example_dir), "--brief", "--fast", "--format", "json", "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    briefs = json.loads(out.read_text(encoding="utf-8"))
    assert len(briefs) >= 1
    assert all(b["brief"]["schema"] == "newsfuse.brief/1" for b in briefs)
    assert sum(len(b["brief"]["sources"]) for b in briefs) == 5


def test_cli_eval_cluster_on_duc2004(shared_dir, tmp_path):
    data = shared_dir / "data" / "clustering" / "duc2004_tdt_event_clusters.jsonl"
    out = tmp_path / "res.json"
    proc = _run("eval-cluster", str(data), "--systems", "newsfuse-fast,agglomerative-tfidf", "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    res = json.loads(out.read_text(encoding="utf-8"))
    assert res["articles"] == 250 and res["gold_stories"] == 25
    fast = res["systems"]["newsfuse-fast"]
    assert fast["f1"] > 0.8 and 0 < fast["precision"] <= 1 and fast["stories"] > 0
    assert "agglomerative-tfidf" in res["systems"]
    assert "B3 F1" in proc.stdout


def test_cli_eval_cluster_refuses_unknown_systems_and_missing_files(tmp_path):
    proc = _run("eval-cluster", str(tmp_path / "none.jsonl"), "--systems", "kmeans")
    assert proc.returncode == 2 and "unknown system" in proc.stderr
    proc = _run("eval-cluster", str(tmp_path / "none.jsonl"), "--systems", "newsfuse-fast")
    assert proc.returncode == 2 and "not found" in proc.stderr


def test_undated_articles_do_not_close_when_the_first_date_arrives(example_dir):
    """Issue 8: stories of undated articles used to close at once when a dated one came."""
    from newsfuse.readers import read_articles

    arts = read_articles([example_dir])  # two undated articles, three dated the same day
    fast = StoryClusterer(fast=True).fit(arts)
    assert len(set(fast.labels_)) <= 2
    full = StoryClusterer().fit(arts)
    assert len(set(full.labels_)) == 1  # the five reports of the harbour fire are one story


def test_cli_eval_cluster_sweeps_thresholds_and_turns_the_merge_off(shared_dir, tmp_path):
    data = shared_dir / "data" / "clustering" / "duc2004_tdt_event_clusters.jsonl"
    out = tmp_path / "sweep.json"
    proc = _run("eval-cluster", str(data), "--systems", "newsfuse-fast", "--threshold", "0.08,0.2", "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    res = json.loads(out.read_text(encoding="utf-8"))
    low, high = res["systems"]["newsfuse-fast@0.08"], res["systems"]["newsfuse-fast@0.2"]
    assert low["stories"] < high["stories"]  # a higher threshold joins and merges less
    assert res["command"].endswith("--threshold 0.08,0.2")
    out2 = tmp_path / "nomerge.json"
    proc = _run("eval-cluster", str(data), "--systems", "newsfuse-fast", "--no-merge", "--out", str(out2))
    assert proc.returncode == 0, proc.stderr
    plain = json.loads(out2.read_text(encoding="utf-8"))["systems"]["newsfuse-fast"]
    assert "merge=inf" in plain["parameters"]
    bad = _run("eval-cluster", str(data), "--threshold", "low")
    assert bad.returncode == 2 and "--threshold takes numbers" in bad.stderr


def test_pop_merges_names_each_merge_once():
    from newsfuse.clustering.clusterer import StoryClusterer
    from newsfuse.model import Article

    text = ("Glassworks in Ferrow closed its furnace after a gas leak, the plant manager Odile Sparre said. "
            "Workers were sent home while inspectors checked the pipes.")
    c = StoryClusterer(fast=True, threshold=0.99, merge_threshold=0.0, keep_history=False)
    c.partial_fit([Article(text=text, outlet="Ferrow Daily", id="a"),
                   Article(text="A cracked valve was found at the furnace of the Ferrow glassworks, inspectors said, "
                           "and repairs were ordered.", outlet="Ferrow Bulletin", id="b")])
    assert c.pop_merges() == []  # two stories, nothing joined yet
    c.partial_fit([Article(text=text, outlet="Ferrow Evening", id="c")])  # a copy joins story 1: the merge pass runs
    assert c.pop_merges() == [("story-2", "story-1")] and c.pop_merges() == []
    assert c.n_open_ == 1
