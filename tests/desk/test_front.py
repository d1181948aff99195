"""The front page's order and fields, the feeds API, and a merged story's address."""

from __future__ import annotations

from dataclasses import replace

from fastapi.testclient import TestClient

from newsfuse.desk.desk import Desk
from newsfuse.desk.front import front_page
from newsfuse.store import Store
from newsfuse.web.app import create_app

from .newsroom import glassworks_pair, label, reports, wire_copies
from .test_desk import FAST


def _desk_store(path):
    store = Store(path)
    desk = Desk(store, FAST)
    desk.ingest(reports())
    desk.ingest(wire_copies())
    return store, desk


def test_stories_are_ordered_by_distinct_reports_wire_copies_once(tmp_path):
    store, desk = _desk_store(tmp_path / "d.db")
    with store:
        front = front_page(store)
        assert [(s.reports, s.articles) for s in front] == [(4, 5), (2, 2), (2, 2)]  # dam: 3 reports + 2 wire copies
        dam = front[0]
        assert "Tarrow" in dam.title and dam.outlets == ("Tarrow Gazette", "Valley Standard", "Northfell Post")
        assert (dam.first, dam.last) == ("2031-05-06", "2031-05-08")
        assert dam.briefed is None and not dam.current and dam.summary == ()
        desk.rebrief_all()
        dam = front_page(store)[0]
        assert dam.current and dam.briefed and len(dam.summary) == 2 and all(dam.summary)
        found = front_page(store, "conductor")
        assert [s.title for s in found] == [next(a.title for a in reports() if label(a) == "orchestra")]
        assert any(hit and text.lower() == "conductor" for text, hit in found[0].snippet)
        assert front_page(store, '"*) OR') == [] and front_page(store, limit=1, offset=1)[0].reports == 2


def test_api_front_and_feeds(tmp_path):
    store, desk = _desk_store(tmp_path / "d.db")
    store.close()
    with TestClient(create_app(FAST, tmp_path / "d.db", warm_models=False), base_url="http://localhost") as c:
        front = c.get("/api/front").json()["stories"]
        assert [s["reports"] for s in front] == [4, 2, 2] and front[0]["links"]["page"].startswith("/stories/")
        assert c.get("/api/front", params={"q": "swing bridge"}).json()["stories"][0]["reports"] == 2
        made = c.post("/api/feeds", json={"url": "https://tarrow-gazette.example/rss", "interval_seconds": 600})
        assert made.status_code == 201 and made.json()["last_status"] == "new"
        again = c.post("/api/feeds", json={"url": "https://tarrow-gazette.example/rss"})
        assert again.status_code == 201 and again.json()["id"] == made.json()["id"]  # idempotent
        for body, status in (({"url": "file:///etc/passwd"}, 422), ({"url": "https://x.example/f", "interval_seconds": 0}, 400),
                             ({"url": "https://x.example/f", "extra": 1}, 422)):
            r = c.post("/api/feeds", json=body)
            assert r.status_code == status and set(r.json()) == {"error"}, r.text
        assert [f["url"] for f in c.get("/api/feeds").json()["feeds"]] == ["https://tarrow-gazette.example/rss"]
        assert c.delete(f"/api/feeds/{made.json()['id']}").status_code == 204
        assert c.delete(f"/api/feeds/{made.json()['id']}").status_code == 404
        assert c.get("/api/feeds").json()["feeds"] == []
        assert c.post("/feeds", data={"url": ""}, headers={"accept": "text/html"}).status_code == 422


def test_a_merged_story_page_moves_to_the_story_it_joined(tmp_path):
    a, b = glassworks_pair()
    with Store(tmp_path / "d.db") as store:
        desk = Desk(store, FAST)
        desk.clusterer.threshold, desk.clusterer.merge_threshold = 0.99, 0.0
        kept, gone = desk.ingest([a]).created[0], desk.ingest([b]).created[0]
        assert desk.ingest([replace(a, outlet="Ferrow Evening", url="https://f.example/3", id="")]).merged == ((gone, kept),)
    with TestClient(create_app(FAST, tmp_path / "d.db", warm_models=False), base_url="http://localhost") as c:
        r = c.get(f"/stories/{gone}", follow_redirects=False)
        assert r.status_code == 301 and r.headers["location"] == f"/stories/{kept}"
        assert c.get("/stories/999", headers={"accept": "text/html"}).status_code == 404
