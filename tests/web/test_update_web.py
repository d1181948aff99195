"""What is new since a time, over the store: the API's update brief and the story page's
"what's new since" (a date asked for, or the reader's last visit kept in a cookie)."""

from __future__ import annotations

import time
from datetime import datetime, timezone

import pytest
from fastapi.testclient import TestClient

from newsfuse.readers import read_articles
from newsfuse.settings import Settings
from newsfuse.store import Store
from newsfuse.web.app import create_app

from ..conftest import REPO
from .conftest import article_payload

FAST = Settings(fast=True)
BASE = "http://localhost"
DAYS = REPO / "src" / "newsfuse" / "examples" / "kessel-flood"


@pytest.fixture()
def client(tmp_path):
    with TestClient(create_app(FAST, tmp_path / "update.db", warm_models=False), base_url=BASE) as c:
        yield c


def _day(n: int) -> list[dict]:
    return [article_payload(a) for a in read_articles([DAYS / f"day{n}"], settings=FAST)]


def _story_over_two_days(client) -> tuple[int, str]:
    """A story of day 1, then day 2 added; returns its id and a time between the two."""
    r = client.post("/api/stories", json={"articles": _day(1)})
    assert r.status_code == 201, r.text
    story_id = r.json()["story"]["id"]
    time.sleep(0.01)
    between = datetime.now(timezone.utc).isoformat()
    time.sleep(0.01)
    r = client.post(f"/api/stories/{story_id}/articles", json={"articles": _day(2)})
    assert r.status_code == 200 and r.json()["added"] == 2, r.text
    return story_id, between


def test_api_update_brief_has_only_the_articles_added_since(client):
    story_id, between = _story_over_two_days(client)
    r = client.get(f"/api/stories/{story_id}/update", params={"since": between})
    assert r.status_code == 200, r.text
    body = r.json()
    assert (body["earlier"], body["new"]) == (2, 2)
    brief = body["brief"]
    assert brief["update"]["before"] == ["s1", "s2"] and brief["update"]["new"] == ["s3", "s4"]
    assert brief["summary"] and all(set(s["sources"]) <= {"s3", "s4"} for s in brief["summary"])
    assert not any("3,000" in s["text"] for s in brief["summary"]), "day 1's evacuation, retold on day 2"
    assert not any("rebuild every bridge" in q["text"] for q in brief["quotes"])
    assert any("31" in c["text"] and "12" in c["text"] for c in brief["update"]["changes"])


def test_api_update_when_nothing_was_added_and_on_bad_input(client):
    story_id, _ = _story_over_two_days(client)
    later = client.get(f"/api/stories/{story_id}/update", params={"since": "2999-01-01"})
    assert later.status_code == 200 and later.json()["new"] == 0 and later.json()["brief"] is None
    bad = client.get(f"/api/stories/{story_id}/update", params={"since": "last tuesday"})
    assert bad.status_code == 422 and "not a time" in bad.text
    missing = client.get("/api/stories/999/update", params={"since": "2026-01-01"})
    assert missing.status_code == 404


def test_story_page_offers_what_is_new_since_the_last_visit(client):
    r = client.post("/api/stories", json={"articles": _day(1)})
    story_id = r.json()["story"]["id"]
    first = client.get(f"/stories/{story_id}")
    assert first.status_code == 200 and "since your last visit" not in first.text
    cookie = first.headers.get("set-cookie", "").split(";", 1)[0]
    assert cookie.startswith(f"nf_seen_{story_id}=")
    client.cookies.clear()  # httpx files a "localhost" cookie under localhost.local: send it by hand
    time.sleep(0.01)
    client.post(f"/api/stories/{story_id}/articles", json={"articles": _day(2)})
    second = client.get(f"/stories/{story_id}", headers={"Cookie": cookie})
    assert "2 articles added since your last visit" in second.text
    link = second.text.split('class="update-banner"', 1)[1].split('href="', 1)[1].split('"', 1)[0]
    update = client.get(link.replace("&amp;", "&"))
    assert update.status_code == 200
    assert "Only what is new since" in update.text and "What changed" in update.text
    summary = update.text.split('id="summary"', 1)[1].split("</section>", 1)[0]
    assert "Weyland" in summary and "rebuild every bridge" not in summary


def test_articles_of_an_older_store_count_as_added_when_the_story_was_made(tmp_path):
    db = tmp_path / "old.db"
    with Store(db) as store:
        story_id = store.create_story(read_articles([DAYS / "day1"], settings=FAST))
        earlier, new = store.split_since(story_id, datetime(2000, 1, 1, tzinfo=timezone.utc))
        assert (len(earlier), len(new)) == (0, 2)
        earlier, new = store.split_since(story_id, datetime.now(timezone.utc))
        assert (len(earlier), len(new)) == (2, 0)
        assert store.added_since(story_id, datetime(2000, 1, 1)) == 2  # naive: UTC
        assert store.added_since(story_id, datetime.now(timezone.utc)) == 0
