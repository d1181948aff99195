"""End to end: the feed server drives `newsfuse serve --watch` as a real subprocess.

Stories form from three fictional stories across six outlets (the same article in two
feeds stored once, a wire copy counted once), the hostile feeds show their errors and hold
nothing up, feeds are polled with conditional GET, briefs follow the second wave, "what's
new since" holds only the new reports, the front page and a story page render in the real
browser, and kill -9 in the middle of a poll loses nothing and assigns nothing twice.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import httpx
import pytest

from ..web.conftest import running_server
from ..web.test_browser import browser  # noqa: F401 - the module-scoped Chromium fixture
from .feedserver import T0, FeedServer, three_stories

WAIT_S = 240.0  # how long a condition may take to come true on a loaded machine (a wait, not a timed assertion)
FIRST_WAVE = T0 + timedelta(hours=1)
SECOND_WAVE = T0 + timedelta(hours=3)
ENV = {"NEWSFUSE_FEED_INTERVAL_S": "1", "NEWSFUSE_FETCH_TIMEOUT_S": "1.5"}


@pytest.fixture
def feeds_env(monkeypatch):
    for k, v in ENV.items():
        monkeypatch.setenv(k, v)


def wait_for(what: str, check, timeout: float = WAIT_S):
    """Poll ``check()`` until it returns something truthy; fail naming ``what`` after ``timeout``."""
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        try:
            last = check()
        except (httpx.TransportError, AssertionError, KeyError) as exc:
            last = exc
        else:
            if last:
                return last
        time.sleep(0.5)
    pytest.fail(f"timed out waiting for {what}; last: {last!r}")


def front(base: str) -> list[dict]:
    return httpx.get(base + "/api/front", timeout=10).json()["stories"]


def story_titles(base: str, story_id: int) -> set[str]:
    data = httpx.get(f"{base}/api/stories/{story_id}", timeout=10).json()
    return {a["title"] for a in data["articles"]}


def _three_current(base: str, per_story: dict[str, int]):
    """The three stories, once each has its articles (keyed by a word of its title) and a current brief."""
    stories = front(base)
    found = {}
    for key, count in per_story.items():
        match = [s for s in stories if key in " ".join(story_titles(base, s["id"]))]
        if len(match) != 1 or match[0]["articles"] != count or not match[0]["brief_current"]:
            return None
        found[key] = match[0]
    return found if len(stories) == 3 else None


def test_serve_watch_forms_stories_updates_briefs_and_shows_them(tmp_path, feeds_env, browser):  # noqa: F811
    with FeedServer(three_stories(), now=FIRST_WAVE, slow_s=3.0) as server:
        feeds = tmp_path / "feeds.opml"
        feeds.write_text(server.opml())
        log = tmp_path / "serve.log"
        with running_server(tmp_path / "news.db", "--fast", "--allow-private-urls", "--watch", str(feeds),
                            log=log) as (base, _proc):
            first = wait_for("three briefed stories from the first wave",
                             lambda: _three_current(base, {"Calder": 2, "Velmora": 2, "Tarn": 3}))
            bridge, strike, flood = first["Calder"], first["Velmora"], first["Tarn"]
            # the same Harbour Courier article came in two feeds: stored once
            assert story_titles(base, bridge["id"]) == {"Calder Street bridge closed after crack found",
                                                        "Calder Street traders count the cost of bridge closure"}
            assert set(bridge["outlets"]) == {"Harbour Courier", "Valley Ledger"}
            # the Northgate Post copy of Brindle Wire's report is one report, not two
            assert flood["articles"] == 3 and flood["reports"] == 2
            assert {"Brindle Wire", "Northgate Post", "Valley Ledger"} <= set(flood["outlets"])
            assert len(flood["summary"]) >= 1 and len(bridge["summary"]) >= 1

            status = wait_for("every hostile feed's error", lambda: (lambda fs: fs if all(
                f["last_status"] != "new" for f in fs) else None)(
                httpx.get(base + "/api/feeds", timeout=10).json()["feeds"]))
            by_name = {f["url"].rsplit("/", 1)[1]: f for f in status}
            assert "HTTP 500" in by_name["broken.xml"]["last_error"]
            assert "malformed" in by_name["malformed.xml"]["last_error"]
            assert "fetch_timeout_s" in by_name["slow.xml"]["last_error"]
            assert "entit" in by_name["bomb.xml"]["last_error"]
            for name in ("courier.xml", "ledger.xml", "digest.xml", "wire.xml", "northgate.xml"):
                assert by_name[name]["last_status"] in ("ok", "not modified") and by_name[name]["last_error"] is None
            wait_for("a conditional GET answered 304", lambda: server.not_modified["/feeds/courier.xml"] >= 1)
            assert server.hits["/pages/courier-bridge-closed.html"] == 1  # two feeds, one fetch

            # the feeds page shows the errors too
            page = browser.new_page(viewport={"width": 1200, "height": 900})
            page.goto(base + "/feeds")
            feeds_text = page.locator("body").inner_text()
            assert "HTTP 500" in feeds_text and "Harbour Courier" in feeds_text

            # the second wave: each story gets one more report and a brief that covers it
            before = datetime.now(timezone.utc)
            time.sleep(0.05)
            server.set_time(SECOND_WAVE)
            second = wait_for("briefs updated with the second wave",
                              lambda: _three_current(base, {"Calder": 3, "Velmora": 3, "Tarn": 4}))
            assert second["Calder"]["id"] == bridge["id"] and second["Velmora"]["id"] == strike["id"]
            update = httpx.get(f"{base}/api/stories/{bridge['id']}/update", params={"since": before.isoformat()},
                               timeout=120).json()
            assert (update["new"], update["earlier"]) == (1, 2)
            title_of = {s["id"]: s["title"] for s in update["brief"]["sources"]}
            assert [title_of[i] for i in update["brief"]["update"]["new"]] == [
                "Calder Street bridge to stay shut for six weeks"]
            assert len(update["brief"]["update"]["before"]) == 2
            summary = " ".join(s["text"] for s in update["brief"]["summary"])
            assert "six weeks" in summary and "forty thousand" not in summary  # the earlier reports' news is left out
            brief = httpx.get(f"{base}/api/stories/{bridge['id']}/brief", timeout=10).json()
            assert "six weeks" in str(brief)

            # the front page and a story page in the real browser
            page.goto(base + "/")
            body = page.locator("body").inner_text()
            assert body.index("Tarn") < body.index("Calder")  # four reports (a wire copy once) before three
            assert "Brindle Wire" in body and "Harbour Courier" in body
            page.goto(f"{base}/stories/{bridge['id']}")
            story_text = page.locator("body").inner_text()
            assert "six weeks" in story_text and "Valley Ledger" in story_text
            page.close()


def _integrity(db: Path) -> tuple[int, int]:
    """(articles stored, articles assigned), after checking each is stored once and in exactly one story."""
    with sqlite3.connect(db) as con:
        urls = [r[0] for r in con.execute("SELECT url FROM articles")]
        assert len(urls) == len(set(urls)), "an article stored twice"
        per_article = con.execute("SELECT article_id, count(*) FROM story_articles GROUP BY article_id").fetchall()
        assert all(n == 1 for _, n in per_article), "an article in two stories"
        assigned = con.execute("SELECT count(*) FROM desk_articles").fetchone()[0]
        unassigned = con.execute("SELECT count(*) FROM articles WHERE id NOT IN (SELECT article_id FROM "
                                 "story_articles)").fetchone()[0]
        assert unassigned == 0, "an article left out of every story"
        # a feed's "seen" marks never run ahead of the articles they cover
        marked = {r[0] for r in con.execute("SELECT entry_key FROM feed_entries")}
        assert marked <= set(urls), "an entry marked taken without its article"
        return len(urls), assigned


def test_kill_9_mid_poll_loses_nothing_and_assigns_nothing_twice(tmp_path, feeds_env, monkeypatch):
    monkeypatch.setenv("NEWSFUSE_FETCH_TIMEOUT_S", "30")  # a held page waits; it must not time out first
    db = tmp_path / "news.db"
    with FeedServer(three_stories(), now=FIRST_WAVE) as server:
        feeds = tmp_path / "feeds.txt"
        feeds.write_text(server.feed_list(kinds=("ok",)))
        stored_before = 0
        for wave in (FIRST_WAVE, SECOND_WAVE):
            server.set_time(wave)
            start = server.page_hits()
            server.pages_open.clear()  # the poll's page requests wait: the process dies in the middle of a poll
            with running_server(db, "--fast", "--allow-private-urls", "--watch", str(feeds),
                                log=tmp_path / "serve.log") as (base, proc):
                wait_for("a poll waiting on its pages", lambda: server.page_hits() > start)
                os.kill(proc.pid, signal.SIGKILL)
                proc.wait()
            server.pages_open.set()
            stored, _assigned = _integrity(db)
            assert stored == stored_before  # the killed poll's articles were never half-written
            if wave == FIRST_WAVE:  # let the first wave in before the second kill
                with running_server(db, "--fast", "--allow-private-urls", "--watch", str(feeds),
                                    log=tmp_path / "serve.log") as (base, _proc):
                    wait_for("the first wave after a kill",
                             lambda: _three_current(base, {"Calder": 2, "Velmora": 2, "Tarn": 3}))
                stored_before, assigned = _integrity(db)
                assert stored_before == assigned == 7
        # restart: everything comes in, once
        with running_server(db, "--fast", "--allow-private-urls", "--watch", str(feeds),
                            log=tmp_path / "serve.log") as (base, _proc):
            wait_for("every report stored and briefed after the kills",
                     lambda: _three_current(base, {"Calder": 3, "Velmora": 3, "Tarn": 4}))
        stored, assigned = _integrity(db)
        assert stored == assigned == 10  # ten distinct reports: a1-a3, b1-b3, c1, its copy, c2, c3
