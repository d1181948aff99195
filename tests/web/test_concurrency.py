"""Issue 14, items 3 and 4: concurrent writes to one story, against a real ``newsfuse serve``.

``max_articles`` must hold however many adds race, and the stored brief must cover exactly the
story's stored articles (no acknowledged article missing from it, no article it cites missing
from the store).
"""

from __future__ import annotations

import threading
from collections import Counter
from pathlib import Path

import httpx

from newsfuse.store import Store

from .conftest import running_server


def report(tag: str, i: int) -> dict:
    """A distinct fictional report (made up here) on a fictional ferry strike."""
    return {
        "outlet": f"Lowmere Courier {tag}{i}",
        "title": f"Ferry crews strike, report {tag}{i}",
        "text": (f"Ferry crews in the fictional town of Lowmere stayed off work for a {i + 2}th day on Monday, "
                 f"leaving {100 + i} passengers waiting at the quay, the harbour office said. "
                 f"The union said talks with the ferry company would resume on day {i + 3}. "
                 f"Reporter {tag}{i} counted {20 + i} cars in the queue at noon."),
    }


def race(calls: list) -> list[httpx.Response]:
    """Run every call at once (released together by a barrier); the responses in order."""
    barrier = threading.Barrier(len(calls))
    out: list = [None] * len(calls)

    def run(k: int) -> None:
        barrier.wait()
        try:
            out[k] = calls[k]()
        except httpx.HTTPError as exc:  # recorded, and failed on below
            out[k] = exc

    threads = [threading.Thread(target=run, args=(k,)) for k in range(len(calls))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=600)
    return out


def covers(brief: dict, articles: list) -> bool:
    """The brief's sources are exactly the stored articles (outlet and title, with multiplicity)."""
    return Counter((s["outlet"], s["title"]) for s in brief["sources"]) == Counter((a.outlet, a.title) for a in articles)


def test_issue_14_concurrent_adds_keep_max_articles(tmp_path: Path):
    db = tmp_path / "race.db"
    with running_server(db, "--fast", "--set", "max_articles=6", log=tmp_path / "serve.log") as (base, _):
        r = httpx.post(base + "/api/stories", json={"articles": [report("A", i) for i in range(4)]}, timeout=300)
        assert r.status_code == 201, r.text
        sid = r.json()["story"]["id"]
        url = f"{base}/api/stories/{sid}/articles"
        answers = race([lambda k=k: httpx.post(url, json={"articles": [report("B", k)]}, timeout=600)
                        for k in range(12)])
        statuses = [a.status_code if isinstance(a, httpx.Response) else repr(a) for a in answers]
        assert set(statuses) <= {200, 413}, statuses
        accepted = [k for k, a in enumerate(answers) if a.status_code == 200]
        assert len(accepted) == 2, statuses
        for a in answers:
            if a.status_code == 413:
                assert a.json()["error"]["code"] == "NF105" and "max_articles" in a.json()["error"]["message"]
        final = httpx.get(f"{base}/api/stories/{sid}", timeout=60).json()
        assert final["story"]["article_count"] == 6
        assert {a["outlet"] for a in final["articles"]} >= {f"Lowmere Courier B{k}" for k in accepted}
        brief = httpx.get(f"{base}/api/stories/{sid}/brief", timeout=60).json()
        assert len(brief["sources"]) == 6
    with Store(db) as store:
        assert covers(store.latest_brief(sid), store.story_articles(sid))


def test_issue_14_concurrent_adds_leave_no_stale_brief(tmp_path: Path):
    db = tmp_path / "stale.db"
    with running_server(db, "--fast", log=tmp_path / "serve.log") as (base, _):
        sids = []
        for s in range(3):
            r = httpx.post(base + "/api/stories", json={"articles": [report(f"S{s}-", i) for i in range(2)]}, timeout=300)
            assert r.status_code == 201, r.text
            sids.append(r.json()["story"]["id"])
        calls = [lambda sid=sid, s=s, k=k: httpx.post(f"{base}/api/stories/{sid}/articles",
                                                        json={"articles": [report(f"S{s}-add", k)]}, timeout=600)
                 for s, sid in enumerate(sids) for k in range(6)]
        answers = race(calls)
        assert [a.status_code for a in answers] == [200] * len(calls), [getattr(a, "text", a) for a in answers]
        for sid in sids:
            brief = httpx.get(f"{base}/api/stories/{sid}/brief", timeout=60).json()
            story = httpx.get(f"{base}/api/stories/{sid}", timeout=60).json()
            assert story["story"]["article_count"] == 8
            assert Counter((s["outlet"], s["title"]) for s in brief["sources"]) == \
                Counter((a["outlet"], a["title"]) for a in story["articles"])
        # Every acknowledged add is in its story's last answer or a later one: the last brief holds all.
        for a in answers:
            added = a.json()
            assert added["added"] == 1
    with Store(db) as store:
        for sid in sids:
            assert covers(store.latest_brief(sid), store.story_articles(sid))
            assert len(store.story_articles(sid)) == 8
