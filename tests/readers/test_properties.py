"""Property-based tests (hypothesis) of every reader: whatever the bytes, JSON, HTML or feed,
a reader returns articles or raises a :class:`NewsfuseError`; never another exception.

Issue 14: "no input may produce a traceback". Lone surrogates, deep nesting, BOMs, control
bytes and markup are all in the generated inputs.
"""

from __future__ import annotations

import json
from xml.sax.saxutils import escape

from hypothesis import HealthCheck, given, settings, strategies as st

from newsfuse.errors import NewsfuseError
from newsfuse.readers import read_bytes
from newsfuse.readers.feeds import read_feed
from newsfuse.readers.html import extract_html
from newsfuse.readers.jsonfile import parse_json_records
from newsfuse.readers.text import decode, scrub_surrogates
from newsfuse.settings import Settings

FAST = Settings(fast=True, min_article_chars=20)
PROPS = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
NAMES = st.sampled_from(["a.txt", "a.json", "a.jsonl", "a.html", "a.xml", "a.rss", "a.atom", "-", "upload", "a.md"])

# Every character, lone surrogates included (hypothesis leaves them out unless asked).
ANY_CHAR = st.characters(codec=None, categories=None)
WORDS = st.sampled_from(["fire", "Pier", "4", "the", "harbour", "board", "said", "on", "Tuesday", "\u00e9t\u00e9",
                         "\u201cquote\u201d", "&amp;", "<b>", "AFP", "(Reuters)", "\u2014", "\n\n", "\udc80", "3,000"])
PROSE = st.lists(WORDS, min_size=0, max_size=60).map(" ".join)
TEXTS = st.one_of(st.text(ANY_CHAR, max_size=400), PROSE)
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | TEXTS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
        st.sampled_from(["text", "title", "outlet", "source", "url", "date", "documents", "id", "body", "x"]) | TEXTS,
        inner, max_size=5),
    max_leaves=30,
)


def articles_are_clean(articles) -> None:
    for a in articles:
        assert isinstance(a.text, str) and a.text
        for value in (a.text, a.outlet, a.title or "", a.url or "", a.source):
            value.encode("utf-8")  # no lone surrogate got through


def must_not_crash(fn, *args, **kwargs):
    try:
        out = fn(*args, **kwargs)
    except NewsfuseError as exc:
        assert "\n" not in str(exc) and str(exc).startswith("[NF")
        return None
    return out


@PROPS
@given(st.binary(max_size=3000))
def test_decode_any_bytes(data):
    out = must_not_crash(decode, data, source="x")
    if out is not None:
        text, encoding = out
        assert isinstance(text, str) and encoding


@PROPS
@given(st.binary(max_size=3000), NAMES)
def test_read_bytes_any_bytes(data, name):
    got = must_not_crash(read_bytes, data, name=name, settings=FAST)
    articles_are_clean(got or [])


@PROPS
@given(TEXTS, st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-32", "latin-1", "cp1252"]), NAMES)
def test_read_bytes_any_text_in_any_encoding(text, codec, name):
    data = text.encode(codec, errors="replace") if codec not in ("utf-8", "utf-8-sig") else \
        text.encode(codec, errors="surrogatepass")
    got = must_not_crash(read_bytes, data, name=name, settings=FAST)
    articles_are_clean(got or [])


@PROPS
@given(JSON_VALUES, st.booleans(), st.integers(min_value=0, max_value=2000))
def test_json_reader_any_json(doc, as_lines, depth):
    text = json.dumps(doc)  # ensure_ascii: lone surrogates become \udXXX escapes
    if depth:
        text = "[" * depth + text + "]" * depth
    if as_lines and isinstance(doc, list):
        text = "\n".join(json.dumps(x) for x in doc) or "{}"
    must_not_crash(parse_json_records, text, source="x.json")
    got = must_not_crash(read_bytes, text.encode("utf-8"), name="x.json", settings=FAST)
    articles_are_clean(got or [])


@PROPS
@given(st.lists(st.fixed_dictionaries({"text": TEXTS}, optional={"title": TEXTS, "outlet": TEXTS, "date": TEXTS,
                                                                  "url": TEXTS}), min_size=1, max_size=4))
def test_json_article_records(records):
    got = must_not_crash(read_bytes, json.dumps(records).encode(), name="records.json", settings=FAST)
    articles_are_clean(got or [])


TAGS = st.sampled_from(["p", "div", "script", "style", "b", "i", "a", "article", "h1", "figcaption", "nav", "title",
                        "meta", "br", "img", "table", "td", "svg", "iframe", "noscript", "!--", "![CDATA["])


@st.composite
def html_documents(draw):
    parts = ["<!doctype html><html><head><title>", escape(draw(PROSE)), "</title></head><body>"]
    for _ in range(draw(st.integers(0, 25))):
        tag = draw(TAGS)
        attrs = draw(st.sampled_from(["", ' class="caption"', ' href="javascript:x"', ' property="og:site_name" '
                                      'content="Valley Ledger"', ' onerror="alert(1)"', ' src="x"']))
        body = draw(st.one_of(PROSE, st.text(ANY_CHAR, max_size=80)))
        closing = draw(st.booleans())
        parts.append(f"<{tag}{attrs}>{body}" + (f"</{tag}>" if closing else ""))
    if draw(st.booleans()):
        parts.append("</body></html>")
    return "".join(parts)


@PROPS
@given(html_documents())
def test_html_reader_any_page(page):
    must_not_crash(extract_html, scrub_surrogates(page), source="x.html")
    got = must_not_crash(read_bytes, page.encode("utf-8", errors="surrogatepass"), name="x.html", settings=FAST)
    articles_are_clean(got or [])


@st.composite
def feeds(draw):
    atom = draw(st.booleans())
    entries = []
    for i in range(draw(st.integers(0, 5))):
        title, body = escape(draw(PROSE)), draw(st.one_of(PROSE, st.text(ANY_CHAR, max_size=200)))
        wrapped = f"<![CDATA[{body}]]>" if draw(st.booleans()) else escape(body)
        date = draw(st.sampled_from(["Tue, 14 Oct 2025 22:10:00 GMT", "2025-10-14T22:10:00Z", "yesterday", ""]))
        if atom:
            entries.append(f"<entry><title>{title}</title><link href='http://example.org/{i}'/><updated>{date}</updated>"
                           f"<content type='html'>{wrapped}</content></entry>")
        else:
            entries.append(f"<item><title>{title}</title><link>http://example.org/{i}</link><pubDate>{date}</pubDate>"
                           f"<description>{wrapped}</description></item>")
    feed_title = escape(draw(PROSE))
    if atom:
        doc = f"<?xml version='1.0'?><feed xmlns='http://www.w3.org/2005/Atom'><title>{feed_title}</title>{''.join(entries)}"
        return doc + ("</feed>" if draw(st.booleans()) else "")
    doc = f"<?xml version='1.0'?><rss version='2.0'><channel><title>{feed_title}</title>{''.join(entries)}"
    return doc + ("</channel></rss>" if draw(st.booleans()) else "")


@PROPS
@given(feeds(), st.sampled_from(["utf-8", "utf-16"]))
def test_feed_reader_any_feed(doc, codec):
    data = doc.encode(codec, errors="surrogatepass" if codec == "utf-8" else "replace")
    got = must_not_crash(read_feed, data, url="http://example.org/feed", settings=FAST)
    articles_are_clean(got or [])
    got = must_not_crash(read_bytes, data, name="x.rss", settings=FAST)
    articles_are_clean(got or [])


@PROPS
@given(st.text(ANY_CHAR, max_size=200))
def test_scrub_surrogates_leaves_encodable_text(text):
    out = scrub_surrogates(text)
    out.encode("utf-8")
    assert len(out) == len(text)
