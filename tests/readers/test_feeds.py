"""RSS/Atom feeds through feedparser: every entry with text becomes an article."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from newsfuse.errors import ExtractionError, FormatError
from newsfuse.readers import read_bytes, read_file
from newsfuse.readers.feeds import read_feed
from newsfuse.settings import Settings

FEEDS = Path(__file__).resolve().parents[1] / "fixtures" / "feeds"


def test_rss_entries_are_articles_with_metadata():
    arts = read_file(FEEDS / "port_elling_news.rss", Settings())
    assert len(arts) == 3
    assert {a.outlet for a in arts} == {"Elling Bay Gazette"}
    first = arts[0]
    assert first.title == "Ferry timetable changes after harbour works"
    assert first.url == "https://gazette.example/2031/03/ferry-timetable"
    assert first.date == date(2031, 3, 4) and first.byline == "Ines Marlow"
    # the full content, not the teaser; sanitised: no markup and no script
    assert "six weeks" in first.text and "teaser" not in first.text
    assert "<" not in first.text and "alert" not in first.text
    assert "vote of 7 to 2" in arts[1].text and "&amp;" not in arts[1].text
    assert arts[2].text.startswith("The Port Elling fishing fleet landed 412 tonnes")
    assert len({a.id for a in arts}) == 3


def test_atom_entries_content_or_summary():
    arts = read_bytes((FEEDS / "elling_radio.atom").read_bytes(), name="radio.atom", settings=Settings())
    assert [a.title for a in arts] == ["Coastal path reopens", "Market moves indoors"]
    assert arts[0].outlet == "Elling Radio News" and arts[0].byline == "Pell Varga"
    assert "marked route" in arts[0].text and "grain hall" in arts[1].text


def test_feed_limited_to_max_articles():
    data = (FEEDS / "port_elling_news.rss").read_bytes()
    assert len(read_feed(data, url="https://gazette.example/rss", settings=Settings(max_articles=2))) == 2


def test_headline_only_feed_and_non_feeds_are_refused():
    with pytest.raises(ExtractionError, match="none of the feed's 2 entries"):
        read_file(FEEDS / "headlines_only.rss", Settings())
    with pytest.raises(FormatError, match="not an RSS or Atom feed"):
        read_feed(b"<?xml version='1.0'?><catalog><book>x</book></catalog>", url="x.xml", settings=Settings())


def test_feed_bytes_that_look_like_a_path_or_url_are_not_opened(tmp_path):
    secret = tmp_path / "secret.rss"
    secret.write_bytes((FEEDS / "port_elling_news.rss").read_bytes())
    for data in (str(secret).encode(), b"https://gazette.example/rss"):
        with pytest.raises((FormatError, ExtractionError)):
            read_feed(data, url="upload.rss", settings=Settings())
