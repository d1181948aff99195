"""The desk: each article stored and assigned once, online, with the clusterer's state in the
store; re-briefs that never leave a brief missing a stored article; restart and kill -9."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest

from newsfuse.desk.desk import Desk
from newsfuse.settings import Settings
from newsfuse.store import Store

from .newsroom import glassworks_pair, label, reports, wire_copies

FAST = Settings(fast=True)
REPO = Path(__file__).resolve().parents[2]


def _partition(store: Store) -> set[frozenset[str]]:
    """Stories as sets of article URLs, read from the store."""
    con = store._con_or_fail()
    groups: dict[int, set[str]] = {}
    for story, url in con.execute("SELECT sa.story_id, a.url FROM story_articles sa JOIN articles a ON a.id = sa.article_id"):
        groups.setdefault(story, set()).add(url)
    return {frozenset(g) for g in groups.values()}


def _check_once(store: Store) -> int:
    """Every taken article is in exactly one story, once, and the saved state has seen each once."""
    con = store._con_or_fail()
    taken = con.execute("SELECT count(*) FROM desk_articles").fetchone()[0]
    per_article = con.execute("SELECT article_id, count(*) FROM story_articles GROUP BY article_id").fetchall()
    assert len(per_article) == taken and all(n == 1 for _, n in per_article)
    assert con.execute("SELECT count(*) FROM desk_articles WHERE story_id IS NULL").fetchone()[0] == 0
    desk = Desk(store, FAST)
    assert desk.clusterer.n_seen_ == taken  # the saved state and the replayed log saw each stored article once
    return taken


def test_reports_form_their_stories_online(tmp_path):
    arts = reports()
    with Store(tmp_path / "d.db") as store:
        desk = Desk(store, FAST)
        results = [desk.ingest(arts[i:i + 2]) for i in range(0, len(arts), 2)]
        assert sum(r.taken for r in results) == len(arts)
        stories = _partition(store)
        assert _check_once(store) == len(arts)
    by_url = {a.url: label(a) for a in arts}
    assert sorted(sorted(Counter(by_url[u] for u in s).items()) for s in stories) == [
        [("bridge", 2)], [("dam", 3)], [("orchestra", 2)]]


def test_an_article_is_taken_once_by_url_or_content(tmp_path):
    arts = reports()
    with Store(tmp_path / "d.db") as store:
        desk = Desk(store, FAST)
        first = desk.ingest(arts)
        again = desk.ingest(arts)
        same_url = desk.ingest([replace(arts[0], text=arts[0].text + " Updated at noon.", id="")])
        same_text = desk.ingest([replace(arts[1], url="https://elsewhere.example/x", id="")])
        inside = desk.ingest([arts[2], arts[2]])  # also within one batch
        assert (first.taken, again.taken, again.skipped) == (len(arts), 0, len(arts))
        assert (same_url.taken, same_text.taken, inside.taken) == (0, 0, 0)
        assert store._con_or_fail().execute("SELECT count(*) FROM articles").fetchone()[0] == len(arts)
        _check_once(store)


def test_wire_copies_are_linked_and_join_their_story(tmp_path):
    arts = reports()
    with Store(tmp_path / "d.db") as store:
        desk = Desk(store, FAST)
        desk.ingest(arts)
        result = desk.ingest(wire_copies())
        assert result.taken == 2 and result.copies == 1
        con = store._con_or_fail()
        copy = con.execute("SELECT a.url, o.url, d.wire FROM desk_articles d JOIN articles a ON a.id = d.article_id "
                           "JOIN articles o ON o.id = d.duplicate_of").fetchall()
        assert copy == [("https://northfell-post.example/wire/7", "https://tarrow-gazette.example/wire/1", "Meridian Press")]
        dam = next(s for s in _partition(store) if "https://tarrow-gazette.example/dam/0" in s)
        assert {"https://tarrow-gazette.example/wire/1", "https://northfell-post.example/wire/7"} <= dam


@pytest.mark.parametrize("every", [0, 3, 500])
def test_a_restart_continues_from_the_saved_state(tmp_path, every):
    arts = reports() + wire_copies()
    batches = [arts[:3], arts[3:5], arts[5:7], arts[7:]]
    with Store(tmp_path / "one.db") as store:
        desk = Desk(store, FAST)
        for b in batches:
            desk.ingest(b)
        uninterrupted = _partition(store)
    saved = []
    for b in batches:  # a new process (a new Desk on a new connection) for every batch
        with Store(tmp_path / "two.db") as store:
            Desk(store, replace(FAST, desk_checkpoint_articles=every)).ingest(b)
            saved.append(Desk(store, FAST).upto_seq())
    # The whole state is saved by the first batch and then every `every` articles; the batches
    # in between are replayed from the log on loading.
    assert saved == {0: [3, 5, 7, 9], 3: [3, 3, 7, 7], 500: [3, 3, 3, 3]}[every]
    with Store(tmp_path / "two.db") as store:
        assert _partition(store) == uninterrupted
        _check_once(store)


def test_merged_stories_move_into_the_older_one(tmp_path):
    # Two reports that share nothing start two stories; a report bridging both merges them.
    a, b = glassworks_pair()
    with Store(tmp_path / "d.db") as store:
        desk = Desk(store, FAST)
        desk.clusterer.threshold = 0.99  # nothing joins by similarity: every report starts a story
        desk.clusterer.merge_threshold = 0.0  # ... and any two open stories merge on the next join
        first = desk.ingest([a])
        second = desk.ingest([b])
        con = store._con_or_fail()
        stories = [r[0] for r in con.execute("SELECT id FROM stories")]
        assert first.created and second.created and not second.merged  # a new story merges nothing
        assert len(stories) == 2
        # A copy of the first joins its story (score 1), and the join runs the merge pass.
        third = desk.ingest([replace(a, outlet="Ferrow Evening", url="https://f.example/3", id="")])
        assert third.merged == ((second.created[0], first.created[0]),)
        assert [r[0] for r in con.execute("SELECT id FROM stories")] == [first.created[0]]
        assert con.execute("SELECT count(*) FROM story_articles WHERE story_id = ?", (first.created[0],)).fetchone()[0] == 3
        assert con.execute("SELECT into_story FROM desk_merged WHERE story_id = ?", (second.created[0],)).fetchone()[0] \
            == first.created[0]
        _check_once(store)


def test_rebrief_briefs_every_pending_story_at_its_current_version(tmp_path):
    arts = reports()
    with Store(tmp_path / "d.db") as store:
        desk = Desk(store, FAST)
        desk.ingest(arts[:-1])
        pending = desk.pending()
        assert len(pending) == 3
        assert sorted(desk.rebrief_all()) == sorted(pending) and desk.pending() == []
        assert all(store.latest_brief(s, current=True) is not None for s in pending)
        late = desk.ingest(arts[-1:])
        (story,) = late.stories
        assert desk.pending() == [story] and store.latest_brief(story, current=True) is None
        assert desk.rebrief_next() == story and desk.rebrief_next() is None
        brief = store.latest_brief(story, current=True)
        assert arts[-1].outlet in {s["outlet"] for s in brief["sources"]}


def test_a_brief_computed_while_articles_arrive_is_not_stored(tmp_path, monkeypatch):
    """The story gains an article while its brief is computed: that brief is refused and the
    story briefed again, so the stored brief covers every stored article."""
    import newsfuse.web.service as service

    arts = reports()
    dam = [a for a in arts if label(a) == "dam"]
    real, calls = service.compute_brief, []

    def compute_while_a_report_arrives(articles, settings, earlier=()):
        calls.append(len(articles))
        if len(calls) == 1:  # another writer (its own connection) adds a report meanwhile
            with Store(tmp_path / "d.db") as other:
                Desk(other, FAST).ingest(dam[2:])
        return real(articles, settings, earlier)

    with Store(tmp_path / "d.db") as store:
        desk = Desk(store, FAST)
        (story,) = desk.ingest(dam[:2]).stories
        monkeypatch.setattr(service, "compute_brief", compute_while_a_report_arrives)
        assert desk.rebrief_next() == story
        assert calls == [2, 3]
        brief = store.latest_brief(story, current=True)
        assert len(brief["sources"]) == 3 and desk.pending() == []


CHILD = textwrap.dedent("""
    import sys, time
    from newsfuse.desk.desk import Desk
    from newsfuse.settings import Settings
    from newsfuse.store import Store
    from tests.desk.newsroom import reports, wire_copies

    arts = reports() + wire_copies()
    stop_at = int(sys.argv[2])

    class Slow(Desk):
        def _ingest(self, con, clusterer, articles, feed_of):
            result = super()._ingest(con, clusterer, articles, feed_of)
            if result.upto_seq >= stop_at:
                print("inside", result.upto_seq, flush=True)  # written, not committed: the parent kills now
                time.sleep(600)
            return result

    with Store(sys.argv[1]) as store:
        desk = Slow(store, Settings(fast=True))
        for i in range(0, len(arts), 2):
            r = desk.ingest(arts[i:i + 2])
            print("committed", r.upto_seq, flush=True)
""")


@pytest.mark.parametrize("stop_at", [1, 5])
def test_kill_9_mid_ingest_then_restart_loses_nothing_and_assigns_nothing_twice(tmp_path, stop_at):
    db = tmp_path / "k.db"
    proc = subprocess.Popen([sys.executable, "-c", CHILD, str(db), str(stop_at)], cwd=REPO, stdout=subprocess.PIPE,
                            text=True, env={**os.environ, "PYTHONPATH": str(REPO)})
    lines = []
    for line in proc.stdout:
        lines.append(line.split())
        if line.startswith("inside"):
            os.kill(proc.pid, signal.SIGKILL)
            break
    proc.wait(timeout=60)
    assert proc.returncode == -signal.SIGKILL and lines[-1][0] == "inside"
    committed = max([int(n) for word, n in lines if word == "committed"], default=0)
    with Store(db) as store:
        con = store._con_or_fail()
        assert con.execute("SELECT count(*) FROM desk_articles").fetchone()[0] == committed  # the open batch left nothing
        assert Desk(store, FAST).upto_seq() == min(committed, 2)  # the first batch's state; the rest is logged
        assert getattr(Desk(store, FAST).clusterer, "n_seen_", 0) == committed
        arts = reports() + wire_copies()
        desk = Desk(store, FAST)
        for i in range(0, len(arts), 2):  # the feeds give everything again: the taken ones are skipped
            desk.ingest(arts[i:i + 2])
        assert _check_once(store) == len(arts)
        after_restart = _partition(store)
    with Store(tmp_path / "straight.db") as store:
        desk = Desk(store, FAST)
        for i in range(0, len(arts), 2):
            desk.ingest(arts[i:i + 2])
        assert _partition(store) == after_restart
