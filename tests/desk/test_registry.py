"""The feed registry on a real SQLite store: add/remove/list/sync, due feeds, seen entries, recording polls."""

from datetime import datetime, timedelta, timezone

import pytest

from newsfuse.desk.feedlist import FeedSpec
from newsfuse.desk.poll import Polled
from newsfuse.desk.registry import FeedRegistry, next_poll_time
from newsfuse.errors import ConfigError, FetchError, NotFoundError
from newsfuse.model import Article
from newsfuse.store import Store

URL = "https://harbour-courier.example/feed.xml"


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "news.db") as s:
        yield s


def test_add_is_idempotent_and_checks_the_url(store):
    reg = FeedRegistry(store, default_interval=600)
    first = reg.add(URL)
    again = reg.add(URL, title="Harbour Courier")
    assert first.id == again.id and again.title == "Harbour Courier"  # a title fills a missing one
    assert reg.add(URL, title="Other").title == "Harbour Courier"  # and is not overwritten
    assert first.last_status == "new" and first.interval_seconds == 600 and first.failures == 0
    assert [f.url for f in reg.list()] == [URL]
    for bad in ("ftp://x.example/feed", "https://user:pw@x.example/f", "not a url"):
        with pytest.raises(FetchError):
            reg.add(bad)
    with pytest.raises(ConfigError, match="interval"):
        reg.add("https://valley-ledger.example/rss", interval_seconds=0)
    assert len(reg.list()) == 1


def test_get_remove_and_sync(store):
    reg = FeedRegistry(store)
    added = reg.sync([FeedSpec(URL, "Harbour Courier"), FeedSpec("http://valley-ledger.example/rss")])
    assert [f.title for f in added] == ["Harbour Courier", None]
    assert reg.sync([FeedSpec(URL)])[0].id == added[0].id
    assert reg.get(added[1].id).url == "http://valley-ledger.example/rss"
    assert reg.remove(added[1].id) is True
    assert reg.remove(added[1].id) is False
    with pytest.raises(NotFoundError, match="no feed with id"):
        reg.get(added[1].id)
    assert [f.id for f in reg.list()] == [added[0].id]


def _polled(feed, status, at, **kw):
    return Polled(feed=feed, status=status, polled_at=at, **kw)


def test_record_writes_outcome_in_the_callers_transaction(store):
    reg = FeedRegistry(store, default_interval=600)
    feed = reg.add(URL)
    now = datetime(2026, 3, 14, 6, 0, tzinfo=timezone.utc)
    assert [f.id for f in reg.due(now)] == [feed.id]
    art = Article(text="The harbour board met on Monday to discuss the bridge.", outlet="Harbour Courier")
    with store.transaction() as con:
        reg.record(_polled(feed, "ok", now, articles=[art], entry_keys=["e1", "e2"], etag='"v1"',
                           last_modified="Sat, 14 Mar 2026 06:00:00 GMT", feed_title="The Courier"), con=con)
    got = reg.get(feed.id)
    assert (got.last_status, got.etag, got.articles, got.title) == ("ok", '"v1"', 1, "The Courier")
    assert got.next_poll_at == now + timedelta(seconds=600) and got.last_ok_at == now
    assert reg.due(now + timedelta(seconds=599)) == []
    assert reg.seen(feed.id, ["e1", "e3", "e2"]) == {"e1", "e2"}
    # a rolled-back transaction leaves nothing: neither the marks nor the validators
    with pytest.raises(RuntimeError):
        with store.transaction() as con:
            reg.record(_polled(feed, "ok", now + timedelta(hours=1), entry_keys=["e3"], etag='"v2"'), con=con)
            raise RuntimeError("crash before the articles commit")
    assert reg.seen(feed.id, ["e3"]) == set() and reg.get(feed.id).etag == '"v1"'
    # not modified keeps the validators
    later = now + timedelta(seconds=600)
    with store.transaction() as con:
        reg.record(_polled(feed, "not modified", later), con=con)
    got = reg.get(feed.id)
    assert got.last_status == "not modified" and got.etag == '"v1"' and got.articles == 1


def test_errors_back_off_and_success_resets(store):
    reg = FeedRegistry(store, default_interval=100)
    feed = reg.add(URL)
    at = datetime(2026, 3, 14, 6, 0, tzinfo=timezone.utc)
    waits = []
    for _ in range(9):
        with store.transaction() as con:
            reg.record(_polled(feed, "error", at, error="HTTP 500 Internal Server Error"), con=con)
        got = reg.get(feed.id)
        waits.append((got.next_poll_at - at).total_seconds())
        at = got.next_poll_at
    assert waits == [200, 400, 800, 1600, 3200, 6400, 6400, 6400, 6400]
    assert got.failures == 9 and got.last_error == "HTTP 500 Internal Server Error"
    with store.transaction() as con:
        reg.record(_polled(feed, "ok", at), con=con)
    got = reg.get(feed.id)
    assert got.failures == 0 and got.last_error is None and (got.next_poll_at - at).total_seconds() == 100


def test_next_poll_time_honours_server_hints_and_caps_a_day():
    at = datetime(2026, 3, 14, tzinfo=timezone.utc)
    assert next_poll_time(at, 300, status="ok", failures=0, max_age_s=3600) == at + timedelta(seconds=3600)
    assert next_poll_time(at, 300, status="ok", failures=0, max_age_s=60) == at + timedelta(seconds=300)
    assert next_poll_time(at, 300, status="error", failures=1, retry_after_s=7200) == at + timedelta(seconds=7200)
    assert next_poll_time(at, 3600, status="error", failures=6) == at + timedelta(days=1)
    assert next_poll_time(at, 300, status="ok", failures=0, retry_after_s=10**9) == at + timedelta(days=1)


def test_removed_feed_is_not_recreated_by_a_late_record(store):
    reg = FeedRegistry(store)
    feed = reg.add(URL)
    reg.remove(feed.id)
    with store.transaction() as con:
        reg.record(_polled(feed, "ok", datetime.now(timezone.utc), entry_keys=["e1"]), con=con)
    assert reg.list() == []
