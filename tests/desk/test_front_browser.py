"""The front page and the feeds page of ``newsfuse serve --watch`` in headless Chromium."""

from __future__ import annotations

import time

import httpx

from tests.web.conftest import running_server
from tests.web.test_browser import browser  # noqa: F401 - the module's Chromium fixture

from .feedserver import FeedServer, three_stories
from .test_watch import FLAGS


def test_front_page_and_feeds_page_in_the_browser(browser, tmp_path):  # noqa: F811
    with FeedServer(three_stories(), slow_s=5.0) as server:
        server.advance(3600)
        feeds = tmp_path / "feeds.txt"
        listed = [u for u in server.feed_list(kinds=("ok", "broken")).splitlines() if "northgate" not in u]
        feeds.write_text("\n".join(listed) + "\n")  # Northgate Post (with the wire copy) is added on the page
        with running_server(tmp_path / "news.db", *FLAGS, "--watch", str(feeds), log=tmp_path / "serve.log") as (base, _):
            deadline = time.monotonic() + 180
            while time.monotonic() < deadline:
                front = httpx.get(base + "/api/front", timeout=10).json()["stories"]
                if sum(s["articles"] for s in front) == 6 and all(s["brief_current"] for s in front):
                    break
                time.sleep(0.5)
            page = browser.new_page(viewport={"width": 1200, "height": 900})
            page.goto(base + "/")
            items = page.locator(".story-list.front li")
            assert items.count() == 3
            flood = items.filter(has_text="Tarn")
            assert flood.locator(".reports").inner_text() == "2 reports"
            assert len(flood.locator(".summary-lines").inner_text().split()) > 8
            assert "briefed" in flood.locator(".updated").inner_text()

            page.fill("#q", "glassworks")
            page.click("#stories button[type=submit]")
            assert page.locator(".story-list li").count() == 1
            assert page.locator(".story-list .snippet mark").first.inner_text().lower() == "glassworks"

            page.goto(base + "/")
            page.locator(".story-list.front li a").filter(has_text="Tarn").first.click()
            page.wait_for_url("**/stories/*")
            assert page.locator("#summary .summary-sentence").count() >= 1

            page.goto(base + "/feeds")
            rows = page.locator("table.feed-list tbody tr")
            assert rows.count() == 5
            broken = page.locator("tr.status-error")
            assert broken.count() == 1 and "500" in broken.locator(".error").inner_text()
            page.fill("#feed-url", server.url("northgate"))
            page.fill("#feed-title", "Northgate Post (added by hand)")
            page.click("#add-feed")
            page.wait_for_url(base + "/feeds")
            assert rows.count() == 6 and "added by hand" in page.locator("table.feed-list").inner_text()
            broken.locator("button").click()
            page.wait_for_url(base + "/feeds")
            assert rows.count() == 5 and page.locator("tr.status-error").count() == 0
            page.fill("#feed-url", "ftp://nowhere.example/feed")
            page.click("#add-feed")  # a valid URL to the browser; the server refuses it with one line
            assert "only http and https" in page.locator("main").inner_text()

            # The watch loop polls the feed added on the page: the wire copy joins the flood story, once.
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline:
                front = httpx.get(base + "/api/front", timeout=10).json()["stories"]
                if sum(s["articles"] for s in front) == 7 and all(s["brief_current"] for s in front):
                    break
                time.sleep(0.5)
            page.goto(base + "/")
            flood = page.locator(".story-list.front li").filter(has_text="Tarn")
            assert flood.locator(".reports").inner_text() == "2 reports"  # three articles, the wire copy once
            assert "3 articles" in flood.inner_text() and "Northgate Post" in flood.locator(".outlets").inner_text()
