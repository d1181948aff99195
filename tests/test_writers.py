"""Every format renders the same brief; HTML is self-contained and escapes article text."""

import json
from html.parser import HTMLParser
from pathlib import Path

import jsonschema
import pytest

from newsfuse.briefing import make_brief
from newsfuse.model import Article, article_id
from newsfuse.readers import read_articles
from newsfuse.schema import load_schema
from newsfuse.settings import Settings
from newsfuse.text.numbers import figure_text
from newsfuse.writers import render, to_html, to_json, to_markdown, to_text, write_atomic

HOSTILE = 'Officials said <script>alert("x")</script> the fire &amp; smoke spread to Pier 4 "quickly" on Tuesday night.'


def _articles():
    texts = [
        ("Harbour Courier", "A fire broke out at the grain warehouse on Pier 4 of Port Elling late on Tuesday night. " + HOSTILE),
        ("Elling Daily News", "Fire tore through the grain warehouse on Pier 4 of Port Elling late on Tuesday night. The mayor spoke."),
    ]
    return [Article(id=article_id(o, None, t), outlet=o, text=t, title=f"{o} <b>fire</b>", source=f"{o}.txt") for o, t in texts]


@pytest.fixture(scope="module")
def brief():
    return make_brief(_articles(), Settings(fast=True, summary_words=60))


def test_json_validates_against_the_shipped_schema(brief):
    doc = json.loads(to_json(brief))
    jsonschema.validate(doc, load_schema())
    assert doc["schema"] == "newsfuse.brief/1"
    assert [s["id"] for s in doc["sources"]] == ["s1", "s2"]


def test_markdown_and_text_cite_with_numbers_and_list_sources(brief):
    md = to_markdown(brief)
    assert "[1][2]" in md
    assert "## Sources" in md and "[2] Elling Daily News" in md
    text = to_text(brief)
    assert "Summary\n-------" in text and "[1] Harbour Courier" in text


def test_html_is_self_contained_and_escaped(brief):
    page = to_html(brief)
    assert "<script>" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert "&amp;amp;" in page  # the entity in the text is shown, not interpreted
    assert "&lt;b&gt;fire&lt;/b&gt;" in page
    assert "http://" not in page and "https://" not in page and "<link" not in page


def test_html_citations_link_to_sentences_shown_in_the_page(brief):
    page = to_html(brief)

    class Collector(HTMLParser):
        def __init__(self):
            super().__init__()
            self.ids, self.links = set(), []

        def handle_starttag(self, tag, attrs):
            a = dict(attrs)
            if "id" in a:
                self.ids.add(a["id"])
            if tag == "a" and a.get("class") == "cite":
                self.links.append(a["href"])

    c = Collector()
    c.feed(page)
    assert c.links, "summary sentences should carry citation links"
    assert all(link.lstrip("#") in c.ids for link in c.links)


def test_render_dispatch_and_atomic_write(brief, tmp_path):
    out = tmp_path / "b.md"
    write_atomic(out, render(brief, "markdown"))
    assert out.read_text().startswith("# ")
    assert [p.name for p in tmp_path.iterdir()] == ["b.md"]


# Issue 16: figures and dates written for reading, by one function each, in every writer.
BRIDGE = Path(__file__).resolve().parent / "fixtures" / "content" / "bridge"


@pytest.mark.parametrize(
    ("value", "group", "shown"),
    [
        ({"value": [20, 25], "bound": "range", "noun": "tonnes"}, {"kind": "count", "unit": "tonne"}, "20-25 tonnes"),
        ({"value": 4500000, "bound": "exact"}, {"kind": "money", "unit": "USD"}, "$4.5 million"),
        ({"value": 350000000, "bound": "exact"}, {"kind": "money", "unit": "USD"}, "$350 million"),
        ({"value": 2300000, "bound": "exact"}, {"kind": "money", "unit": "USD"}, "$2.3 million"),
        ({"value": 1234567, "bound": "exact"}, {"kind": "money", "unit": "USD"}, "$1,234,567"),
        ({"value": 5e9, "bound": "nearly"}, {"kind": "money", "unit": "USD"}, "nearly $5 billion"),
        ({"value": 1500000, "bound": "about"}, {"kind": "money", "unit": "EUR"}, "about \u20ac1.5 million"),
        ({"value": [2000000, 3000000], "bound": "range"}, {"kind": "money", "unit": "GBP"}, "\u00a32-3 million"),
        ({"value": 2300, "bound": "exact"}, {"kind": "money", "unit": "CHF"}, "2,300 CHF"),
        ({"value": 60, "bound": "about"}, {"kind": "percent", "unit": "percent"}, "about 60%"),
        ({"value": 360000, "bound": "more than", "noun": "people"}, {"kind": "count", "unit": "death"}, "more than 360,000 people"),
        ({"value": 12, "bound": "exact"}, {"kind": "duration", "unit": "hour"}, "12 hours"),
        ({"value": 1, "bound": "exact"}, {"kind": "duration", "unit": "day"}, "1 day"),
        ({"value": "1/2", "bound": "about"}, {"kind": "fraction", "unit": "fraction"}, "about half"),
        ({"value": 56, "bound": "exact"}, {"kind": "age", "unit": "age"}, "56 years old"),
        ({"value": "2019-02-06", "bound": "exact"}, {"kind": "date", "unit": "date"}, "Wednesday 6 February 2019"),
    ],
)
def test_issue_16_figure_text(value, group, shown):
    assert figure_text(value, group) == shown


@pytest.fixture(scope="module")
def bridge_brief():
    settings = Settings(fast=True)
    return make_brief(read_articles([str(BRIDGE)], settings=settings), settings)


def test_issue_16_every_writer_shows_figures_and_weeks_for_reading(bridge_brief):
    doc = json.loads(to_json(bridge_brief))
    values = {v["display"]: v for g in doc["figures"] for v in g["values"]}
    assert values["20-25 tonnes"]["value"] == [20, 25] and values["$4.5 million"]["value"] == 4500000
    week = next(t for t in doc["timeline"] if t["precision"] == "week")
    assert (week["date"], week["label"]) == ("2026-W11", "the week of 9 March 2026")
    jsonschema.validate(doc, load_schema())
    for page in (to_markdown(bridge_brief), to_text(bridge_brief), to_html(bridge_brief)):
        assert "20-25 tonnes" in page and "$4.5 million" in page and "the week of 9 March 2026" in page
        assert "range [20, 25]" not in page and "range \\[20, 25\\]" not in page and "4500000" not in page
        assert "2026-W11:" not in page and ">2026-W11<" not in page
