"""`kill -9` of `newsfuse serve` while it is writing leaves a store that opens with every
earlier story intact (SQLite WAL: a write is committed whole or not at all)."""

from __future__ import annotations

import os
import signal
import sqlite3
import threading
import time

import httpx

from newsfuse.store import Store

from .conftest import running_server


def _articles(n: int, tag: str) -> list[dict]:
    """``n`` distinct fictional reports (made up here) on a fictional ferry strike."""
    return [
        {
            "outlet": f"Lowmere Courier {tag}{i}",
            "title": f"Ferry crews strike for a {i}th day",
            "text": (f"Ferry crews in the fictional town of Lowmere stayed off work for a {i}th day on Monday, "
                     f"leaving {100 + i} passengers waiting at the quay, the harbour office said. "
                     f"The union said talks with the ferry company would resume on day {i + 1}. "
                     f"Reporter {tag}{i} counted {20 + i} cars in the queue at noon."),
        }
        for i in range(n)
    ]


def test_kill_9_during_writes_keeps_earlier_stories(tmp_path):
    db = tmp_path / "kill.db"
    with running_server(db, "--fast", log=tmp_path / "serve.log") as (base, proc):
        earlier = {}
        for k in range(2):
            r = httpx.post(base + "/api/stories", json={"articles": _articles(3, f"E{k}-")}, timeout=120)
            assert r.status_code == 201, r.text
            sid = r.json()["story"]["id"]
            earlier[sid] = (r.json()["story"], httpx.get(f"{base}/api/stories/{sid}/brief", timeout=60).json())

        done = []

        def writer() -> None:  # a stream of writes: creates, each with new articles
            for k in range(50):
                try:
                    r = httpx.post(base + "/api/stories", json={"articles": _articles(12, f"W{k}-")}, timeout=120)
                    done.append(r.status_code)
                except httpx.TransportError:
                    return

        t = threading.Thread(target=writer, daemon=True)
        t.start()
        deadline = time.monotonic() + 120
        while len(done) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert done[:2] == [201, 201]
        time.sleep(0.15)  # the next write is in flight
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
        t.join(timeout=60)
        assert proc.returncode == -signal.SIGKILL

    with sqlite3.connect(db) as con:
        assert con.execute("pragma integrity_check").fetchone()[0] == "ok"
    with Store(db) as store:
        for sid, (story, brief) in earlier.items():
            record = store.get_story(sid)
            assert record.article_count == story["article_count"] == 3
            assert sorted(record.outlets) == sorted(story["outlets"])
            assert store.latest_brief(sid) == brief
            assert len(store.story_articles(sid)) == 3
        # Every story in the store is whole: its articles and its brief were written together.
        for record in store.list_stories(limit=500):
            assert record.article_count in (3, 12)
            assert store.latest_brief(record.id) is not None
