"""The day's stories page (`newsfuse cluster --brief --format html`): one page like an aggregator's
front page, stories most reported first, each brief below with anchors of its own (issue 16)."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest

from newsfuse.briefing import make_brief
from newsfuse.readers.stream import iter_jsonl
from newsfuse.settings import Settings
from newsfuse.writers import front_page_order, report_count, to_day_html, to_html

STREAM = Path(__file__).resolve().parent / "fixtures" / "stream"
FAST = Settings(fast=True, summary_words=80)


def day_stream_lines() -> list[str]:
    """Three copies of one Reuters story (one report) and two independent library stories (two reports)."""
    wire = [line for line in (STREAM / "wire.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
    stream = [line for line in (STREAM / "stream.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
    pick = lambda lines, ids: [l for l in lines if json.loads(l)["id"] in ids]  # noqa: E731
    return pick(wire, {"w1", "w2", "w3"}) + pick(stream, {"b1", "b2"})


def _articles(ids: set[str]):
    lines = io.BytesIO("\n".join(day_stream_lines()).encode())
    return [i.article for i in iter_jsonl(lines, source="day", strict=True) if i.article.id in ids]


@pytest.fixture(scope="module")
def briefs():
    wire = make_brief(_articles({"w1", "w2", "w3"}), FAST)
    library = make_brief(_articles({"b1", "b2"}), FAST)
    return wire, library


class Page(HTMLParser):
    def __init__(self, text: str):
        super().__init__()
        self.ids: Counter = Counter()
        self.links: list[str] = []
        self.tags: Counter = Counter()
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags[tag] += 1
        if "id" in a:
            self.ids[a["id"]] += 1
        if tag == "a" and (a.get("href") or "").startswith("#"):
            self.links.append(a["href"][1:])


def test_stories_are_ordered_by_independent_reports_wire_copies_once(briefs):
    wire, library = briefs
    assert len(wire.sources) == 3 and report_count(wire) == 1  # one Reuters copy under three mastheads
    assert len(library.sources) == 2 and report_count(library) == 2
    assert front_page_order([wire, library]) == [library, wire]


def test_day_page_has_cards_then_briefs_with_unique_working_anchors(briefs):
    wire, library = briefs
    page = to_day_html([wire, library])
    p = Page(page)
    assert p.tags["iframe"] == 0 and p.tags["script"] == 0 and p.tags["link"] == 0
    assert "http://" not in page and "https://" not in page
    duplicated = [i for i, n in p.ids.items() if n > 1]
    assert duplicated == []
    assert p.links and all(link in p.ids for link in p.links)  # every in-page link lands on an element
    # The cards: most reported first, each linking to its brief further down.
    first, second = page.index('id="card-1"'), page.index('id="card-2"')
    assert page.index(library.title, first) < second < page.index(wire.title, second)
    assert "2 reports \u00b7 Brennick Herald, Brennick Weekly \u00b7 3\u20134 Mar 2031" in page
    assert "1 report (3 articles)" in page
    assert page.count(f"newsfuse {wire.meta.version} \u00b7 fast mode") == 1  # said once, in the header
    assert p.ids["story-1"] == p.ids["story-2"] == 1 and "story-1" in p.links and "story-2" in p.links
    # Each story's citations point into its own sources: the wire story is story 2.
    cites = [link for link in p.links if link.startswith("story-2-s")]
    assert cites and all(link.startswith("story-2-") for link in cites)
    # The same writer as `newsfuse brief --format html`: the brief's sections, with the prefix.
    for section in ("summary", "sources"):
        assert f'id="{section}"' in to_html(wire) and f'id="story-2-{section}"' in page


def test_cli_cluster_brief_html_is_the_day_page(tmp_path):
    data = tmp_path / "day.jsonl"
    data.write_text("\n".join(day_stream_lines()) + "\n", encoding="utf-8")
    out = tmp_path / "today.html"
    proc = subprocess.run([sys.executable, "-m", "newsfuse", "cluster", str(data), "--brief", "--fast", "--format", "html",
                           "-o", str(out)], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    page = out.read_text(encoding="utf-8")
    p = Page(page)
    assert p.tags["iframe"] == 0
    assert page.count('class="story"') == 2 and "2 stories from 5 articles" in page
    assert "1 report (3 articles)" in page and "2 reports" in page
    assert all(link in p.ids for link in p.links)
