"""The poller against the real feed server on loopback: conditional GET, new entries only, pages read,
hostile feeds isolated with one-line errors, the per-host limit, backoff hints."""

from datetime import datetime, timedelta, timezone

import pytest

from newsfuse.desk.poll import Poller, entry_key, parse_max_age, parse_retry_after
from newsfuse.desk.registry import FeedRegistry
from newsfuse.settings import Settings
from newsfuse.store import Store

from .feedserver import T0, FeedServer, three_stories

SETTINGS = Settings(allow_private_urls=True, fetch_timeout_s=1.5)


@pytest.fixture
def server():
    with FeedServer(three_stories(), slow_s=3.0) as srv:
        yield srv


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "news.db") as s:
        yield s


def _commit(store, registry, results):
    with store.transaction() as con:
        for polled in results:
            registry.record(polled, con=con)


def test_poll_reads_pages_isolates_hostile_feeds_and_uses_conditional_get(server, store):
    registry = FeedRegistry(store, default_interval=600)
    for name in ("courier", "ledger", "digest", "wire", "northgate", "broken", "malformed", "slow", "bomb"):
        registry.add(server.url(name))
    poller = Poller(registry, SETTINGS)
    server.set_time(T0 + timedelta(hours=1))
    first = poller.poll_due(server.now)
    by = {p.feed.url.rsplit("/", 1)[1]: p for p in first}
    assert {k: p.status for k, p in by.items()} == {
        "courier.xml": "ok", "ledger.xml": "ok", "digest.xml": "ok", "wire.xml": "ok", "northgate.xml": "ok",
        "broken.xml": "error", "malformed.xml": "error", "slow.xml": "error", "bomb.xml": "error"}
    assert "HTTP 500" in by["broken.xml"].error
    assert "1.5 s" in by["slow.xml"].error
    assert "entit" in by["bomb.xml"].error
    assert "malformed" in by["malformed.xml"].error or "not an RSS" in by["malformed.xml"].error
    assert all("\n" not in p.error for p in first if p.error)
    courier = by["courier.xml"]
    assert sorted(a.title for a in courier.articles) == ["Calder Street bridge closed after crack found",
                                                         "Glassworks strike hits Sable valley suppliers"]
    bridge = next(a for a in courier.articles if "bridge" in a.title)
    assert bridge.outlet == "Harbour Courier" and bridge.url == server.page_url(server.pages[
        "/pages/courier-bridge-closed.html"]) and "Calder Street bridge" in bridge.text
    assert "Copyright" not in bridge.text and "Home" not in bridge.text.split()[:3]  # the page was read, not dumped
    assert courier.etag and courier.last_modified and courier.page_failures == 0
    # the entry whose page is missing: the feed's own full content
    ledger = by["ledger.xml"]
    sandbags = next(a for a in ledger.articles if "Sandbags" in a.title)
    assert "Harrowby" in sandbags.text and ledger.page_failures == 1
    assert server.hits["/pages/ledger-tarn-sandbags.html"] == 1
    _commit(store, registry, first)

    # nothing new: every working feed answers 304, and no page is fetched again
    pages_before = sum(n for p, n in server.hits.items() if p.startswith("/pages/"))
    server.advance(600)
    second = poller.poll_due(server.now)
    assert {p.feed.url.rsplit("/", 1)[1] for p in second if p.status == "not modified"} == {
        "courier.xml", "ledger.xml", "digest.xml", "wire.xml", "northgate.xml"}
    assert all(p.articles == [] for p in second)
    assert sum(n for p, n in server.hits.items() if p.startswith("/pages/")) == pages_before
    assert server.not_modified[server.url("courier").split(server.base(0))[1]] == 1
    _commit(store, registry, second)
    # the failing feeds backed off (twice the interval after their first failure): not polled with the others
    assert len(second) == 5
    failing = [f for f in registry.list() if f.last_status == "error"]
    assert len(failing) == 4 and all(f.failures == 1 and f.last_error for f in failing)
    assert all(f.next_poll_at == T0 + timedelta(hours=1, seconds=1200) for f in failing)

    # the second wave: only the new entries come back
    server.set_time(T0 + timedelta(hours=3))
    third = {p.feed.url.rsplit("/", 1)[1]: p for p in poller.poll_due(server.now)}
    assert sorted(a.title for a in third["courier.xml"].articles) == [
        "Calder Street bridge to stay shut for six weeks", "Tarn crests at Keld; evacuees may return"]
    assert [a.title for a in third["northgate.xml"].articles] == ["Velmora glassworks talks resume"]
    assert third["digest.xml"].status == "not modified" and third["wire.xml"].articles == []


def test_per_host_limit_holds(server, store):
    registry = FeedRegistry(store)
    for name in ("courier", "ledger", "digest", "wire", "northgate"):
        registry.add(server.url(name))
    server.set_time(T0 + timedelta(hours=3))
    Poller(registry, SETTINGS, per_host=1, concurrency=8).poll_due(server.now)
    assert max(server.max_active.values()) == 1
    assert sum(server.hits.values()) == 5 + 10  # five feeds, ten distinct pages (page URLs shared by feeds once each)


def test_a_dead_feed_reports_and_does_not_stop_the_rest(server, store):
    registry = FeedRegistry(store)
    registry.add("http://127.0.0.1:9/feed.xml")  # nothing listens on port 9
    registry.add(server.url("wire"))
    polled = Poller(registry, SETTINGS).poll_due(T0 + timedelta(hours=1))
    assert polled[0].status == "error" and "request failed" in polled[0].error
    assert polled[1].status == "ok" and len(polled[1].articles) == 1


def test_private_addresses_refused_without_the_setting(server, store):
    registry = FeedRegistry(store)
    registry.add(server.url("wire"))
    [refused] = Poller(registry, Settings(fetch_timeout_s=2)).poll_due(T0 + timedelta(hours=1))
    assert refused.status == "error" and "loopback" in refused.error
    [trusted] = Poller(registry, Settings(fetch_timeout_s=2), trusted=("127.0.0.1",)).poll_due(T0 + timedelta(hours=1))
    assert trusted.status == "ok"


def test_header_parsing():
    now = datetime(2026, 3, 14, 6, 0, tzinfo=timezone.utc)
    assert parse_retry_after("120", now) == 120
    assert parse_retry_after("Sat, 14 Mar 2026 07:00:00 GMT", now) == 3600
    assert parse_retry_after("soon", now) is None and parse_retry_after(None, now) is None
    assert parse_max_age("public, max-age=1800") == 1800 and parse_max_age("no-cache") is None
    assert entry_key({"id": "tag:x,2026:1", "link": "http://a"}) == "tag:x,2026:1"
    assert entry_key({"link": "http://a/" + "x" * 400}).startswith("sha256:")
    assert entry_key({"title": "t"}) == entry_key({"title": "t"}) != entry_key({"title": "u"})


def test_a_page_stored_from_another_feed_is_not_fetched_again(server, store):
    registry = FeedRegistry(store)
    registry.add(server.url("courier"))
    server.set_time(T0 + timedelta(hours=1))
    poller = Poller(registry, SETTINGS)
    [courier] = poller.poll_due(server.now)
    with store.transaction() as con:  # what the desk does: the articles and the poll's record together
        store.create_story(courier.articles)
        registry.record(courier, con=con)
    digest = registry.add(server.url("digest"))
    hits = server.hits["/pages/courier-bridge-closed.html"]
    [polled] = poller.poll_due(server.now)
    assert polled.feed.id == digest.id
    assert server.hits["/pages/courier-bridge-closed.html"] == hits  # not fetched again
    assert [a.title for a in polled.articles] == ["Velmora glassworks workers strike over night pay"]
    assert len(polled.entry_keys) == 2  # both entries taken, one of them already stored


def test_fetch_async_conditional_get(server):
    import asyncio

    from newsfuse.errors import FetchError
    from newsfuse.readers.fetch import fetch_async

    server.set_time(T0 + timedelta(hours=1))
    url = server.url("courier")
    full = asyncio.run(fetch_async(url, SETTINGS))
    assert full.status == 200 and full.etag and full.last_modified and b"<rss" in full.body
    again = asyncio.run(fetch_async(url, SETTINGS, headers={"If-None-Match": full.etag}, conditional=True))
    assert (again.status, again.body, again.etag) == (304, b"", full.etag)
    since = asyncio.run(fetch_async(url, SETTINGS, headers={"If-Modified-Since": full.last_modified}, conditional=True))
    assert since.status == 304
    with pytest.raises(FetchError, match="HTTP 304"):  # a caller that did not ask for 304s never gets an empty body
        asyncio.run(fetch_async(url, SETTINGS, headers={"If-None-Match": full.etag}))
    server.set_time(T0 + timedelta(hours=3))  # new entries: the validators no longer match
    changed = asyncio.run(fetch_async(url, SETTINGS, headers={"If-None-Match": full.etag}, conditional=True))
    assert changed.status == 200 and changed.etag != full.etag and b"six weeks" in changed.body
