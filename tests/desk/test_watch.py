"""``newsfuse watch`` and ``serve --watch`` as real processes against the loopback feed server:
stories form from the feeds, copies are stored once, hostile feeds show their errors, polls are
conditional, and a SIGTERM stops cleanly with the state saved."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from .feedserver import FeedServer, three_stories

REPO = Path(__file__).resolve().parents[2]
FLAGS = ("--fast", "--allow-private-urls", "--set", "fetch_timeout_s=2")  # the slow feed sleeps 5 s


def _newsfuse(*args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "newsfuse", *args], capture_output=True, text=True, timeout=timeout,
                          cwd=REPO, env={**os.environ, "PYTHONUNBUFFERED": "1"})


def _stories(db: Path) -> dict[int, set[str]]:
    """Story id -> the URLs' last path parts (the entry slugs), from the store."""
    with sqlite3.connect(db) as con:
        rows = con.execute("SELECT sa.story_id, a.url FROM story_articles sa JOIN articles a ON a.id = sa.article_id")
        out: dict[int, set[str]] = {}
        for story, url in rows:
            out.setdefault(story, set()).add(url.rsplit("/", 1)[1].removesuffix(".html"))
        return out


def _feeds(db: Path) -> dict[str, tuple[str, str | None]]:
    with sqlite3.connect(db) as con:
        return {url.rsplit("/", 1)[1].removesuffix(".xml"): (status, error)
                for url, status, error in con.execute("SELECT url, last_status, last_error FROM feeds")}


def _briefs_current(db: Path) -> bool:
    with sqlite3.connect(db) as con:
        stale = con.execute("SELECT count(*) FROM stories s WHERE NOT EXISTS (SELECT 1 FROM briefs b WHERE "
                            "b.story_id = s.id AND b.story_version = s.version)").fetchone()[0]
        pending = con.execute("SELECT count(*) FROM desk_pending").fetchone()[0]
    return stale == 0 and pending == 0


@pytest.fixture()
def server():
    with FeedServer(three_stories(), slow_s=5.0) as srv:
        srv.advance(3600)  # the first wave is out (the updates come at two hours)
        yield srv


FIRST = {frozenset({"courier-bridge-closed", "ledger-bridge-traders"}),
         frozenset({"ledger-glassworks-strike", "courier-glassworks-suppliers"}),
         frozenset({"wire-tarn-evacuation", "northgate-tarn-evacuation", "ledger-tarn-sandbags"})}


def test_watch_once_forms_the_stories_then_takes_the_updates(tmp_path, server):
    feeds, db = tmp_path / "feeds.opml", tmp_path / "news.db"
    feeds.write_text(server.opml())
    first = _newsfuse("watch", str(feeds), "--db", str(db), "--once", *FLAGS)
    assert first.returncode == 0, first.stderr
    assert "9 feed(s)" in first.stderr and "Traceback" not in first.stderr
    assert set(map(frozenset, _stories(db).values())) == FIRST  # the digest's copies of two reports stored once
    status = _feeds(db)
    assert {k for k, (s, _) in status.items() if s == "error"} == {"broken", "malformed", "slow", "bomb"}
    assert all(error and "\n" not in error for s, error in status.values() if s == "error")
    assert _briefs_current(db)
    with sqlite3.connect(db) as con:  # the wire copy is linked to the report it copies
        (copy,) = con.execute("SELECT a.url, o.url FROM desk_articles d JOIN articles a ON a.id = d.article_id "
                              "JOIN articles o ON o.id = d.duplicate_of").fetchall()
    assert copy[0].endswith("northgate-tarn-evacuation.html") and copy[1].endswith("wire-tarn-evacuation.html")

    server.advance(1.5 * 3600)
    with sqlite3.connect(db) as con:  # every feed due again
        con.execute("UPDATE feeds SET next_poll_at = '1970-01-01T00:00:00+00:00'")
    second = _newsfuse("watch", str(feeds), "--db", str(db), "--once", *FLAGS)
    assert second.returncode == 0, second.stderr
    after = set(map(frozenset, _stories(db).values()))
    updates = {"courier-bridge-closed": "courier-bridge-six-weeks", "ledger-glassworks-strike": "northgate-glassworks-talks",
               "wire-tarn-evacuation": "courier-tarn-crest"}
    assert after == {s | {u} for s in FIRST for k, u in updates.items() if k in s}  # each update joined its story
    assert sum(map(len, after)) == 10 and _briefs_current(db)

    with sqlite3.connect(db) as con:
        con.execute("UPDATE feeds SET next_poll_at = '1970-01-01T00:00:00+00:00'")
    before = dict(server.not_modified)
    third = _newsfuse("watch", str(feeds), "--db", str(db), "--once", *FLAGS)
    assert third.returncode == 0, third.stderr
    assert "0 new article(s)" in third.stderr
    assert {k for k, (s, _) in _feeds(db).items() if s == "not modified"} == {"courier", "ledger", "digest", "wire",
                                                                              "northgate"}
    assert sum(server.not_modified.values()) - sum(before.values()) == 5


def test_watch_stops_cleanly_on_sigterm_with_its_state_saved(tmp_path, server):
    feeds, db = tmp_path / "feeds.txt", tmp_path / "news.db"
    feeds.write_text(server.feed_list(kinds=("ok",)))
    proc = subprocess.Popen([sys.executable, "-m", "newsfuse", "watch", str(feeds), "--db", str(db), *FLAGS],
                            cwd=REPO, stderr=subprocess.PIPE, text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        lines = []
        for line in proc.stderr:
            lines.append(line)
            if "new article(s)" in line:
                break
        deadline = time.monotonic() + 120
        while not _briefs_current(db) and time.monotonic() < deadline:  # the re-brief thread catches up
            time.sleep(0.5)
        proc.send_signal(signal.SIGTERM)
        rest = proc.communicate(timeout=120)[1]
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, "".join(lines) + rest
    assert "stopping" in rest and "Traceback" not in rest
    assert set(map(frozenset, _stories(db).values())) == FIRST and _briefs_current(db)
    with sqlite3.connect(db) as con:  # the whole state saved on the way out: nothing left to replay
        assert con.execute("SELECT upto_seq FROM desk_state").fetchone()[0] == \
            con.execute("SELECT max(seq) FROM desk_articles").fetchone()[0]


def test_a_bad_feed_list_is_one_line_and_exit_2(tmp_path):
    bad = tmp_path / "feeds.txt"
    bad.write_text("https://fine.example/feed.xml\nftp://nope.example/feed\n")
    for args in ([str(tmp_path / "missing.opml")], [str(bad)]):
        r = _newsfuse("watch", *args, "--db", str(tmp_path / "n.db"), "--once", "--fast", timeout=120)
        assert r.returncode == 2 and "Traceback" not in r.stderr
        assert len(r.stderr.strip().splitlines()) == 1, r.stderr
    assert "line 2" in r.stderr


def test_serve_watch_shows_the_stories_and_the_feeds(tmp_path, server):
    from tests.web.conftest import running_server

    feeds, db = tmp_path / "feeds.opml", tmp_path / "news.db"
    feeds.write_text(server.opml())
    with running_server(db, *FLAGS, "--watch", str(feeds), log=tmp_path / "serve.log") as (base, _proc):
        deadline = time.monotonic() + 180
        front = []
        while time.monotonic() < deadline:
            front = httpx.get(base + "/api/front", timeout=10).json()["stories"]
            if sum(s["articles"] for s in front) == 7 and all(s["brief_current"] for s in front):
                break
            time.sleep(0.5)
        assert len(front) == 3 and all(s["brief_current"] and s["summary"] for s in front), front
        assert [s["reports"] for s in front] == [2, 2, 2]  # the flood's wire copy counts once
        assert sorted(s["articles"] for s in front) == [2, 2, 3]
        listed = httpx.get(base + "/api/feeds", timeout=10).json()["feeds"]
        assert len(listed) == 9 and sum(f["last_status"] == "error" for f in listed) == 4
        page = httpx.get(base + "/feeds", timeout=10).text
        assert page.count('class="status-error"') == 4 and "/feeds/broken.xml" in page
        home = httpx.get(base + "/", timeout=10).text
        assert home.count('data-reports="2"') == 3
