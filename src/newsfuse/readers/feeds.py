"""RSS and Atom feeds through feedparser: every entry with enough text is an article.

An entry's text is its full content (``content:encoded``, Atom ``content``) when
present, else its summary; entry HTML (already sanitised by feedparser) goes
through trafilatura / the ``<p>`` text, plain summaries are used as they are.
Linked pages are not fetched. Entries with too little text (headline-only feeds)
are skipped; a feed with no usable entry raises :class:`ExtractionError`.
The outlet is the feed's title; the entry's link is the article URL.
"""

from __future__ import annotations

import io
import re
from datetime import date

from ..errors import ExtractionError, FormatError
from ..model import Article
from ..settings import Settings

_TAG = re.compile(r"<[a-zA-Z/!][^>]*>")

__all__ = ["read_feed", "entry_text", "entry_date"]


def _html_to_text(html: str, *, source: str) -> str:
    from .html import extract_html, paragraphs_fallback

    if not _TAG.search(html):
        return html.strip()
    try:
        text = extract_html(f"<html><body>{html}</body></html>", source=source).text
    except ExtractionError:
        text = ""
    if not text.strip():
        text = paragraphs_fallback(html)
    if not text.strip():
        import trafilatura

        text = trafilatura.html2txt(html) or ""
    return text.strip()


def entry_text(entry, *, source: str) -> str:
    """The best text of a feedparser entry: its longest content, else its summary, as plain text."""
    candidates = [c.get("value", "") for c in entry.get("content", []) or [] if c.get("value")]
    if not candidates and entry.get("summary"):
        candidates = [entry["summary"]]
    if not candidates:
        return ""
    return _html_to_text(max(candidates, key=len), source=source)


def entry_date(entry) -> date | None:
    """A feedparser entry's publication (else update, else creation) date, if it has one."""
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        t = entry.get(key)
        if t:
            try:
                return date(t.tm_year, t.tm_mon, t.tm_mday)
            except ValueError:
                continue
    return None


def read_feed(data: bytes, *, url: str, settings: Settings | None = None) -> list[Article]:
    """The articles of an RSS/Atom feed (bytes as fetched or read), at most ``settings.max_articles``.

    Args:
        data: the feed document.
        url: where it came from (URL or file name), for sources and messages.
        settings: ``min_article_chars`` and ``max_articles``.

    Raises:
        FormatError: not a parseable RSS/Atom feed.
        ExtractionError: no entry has enough text for an article.
    """
    import feedparser

    from .articles import make_article

    settings = settings or Settings()
    # A stream, never bytes or str: feedparser opens strings that look like URLs or paths.
    parsed = feedparser.parse(io.BytesIO(data), response_headers={"content-location": url}
                              if re.match(r"^https?://", url, re.I) else None)
    if not parsed.entries:
        why = f" ({parsed.bozo_exception})".splitlines()[0] if parsed.get("bozo") else ""
        if parsed.get("version") or parsed.feed:
            raise ExtractionError("the feed has no entries", source=url)
        raise FormatError(f"not an RSS or Atom feed{why}; give a feed, an article page or text", source=url)
    outlet = (parsed.feed.get("title") or "").strip() or None
    articles: list[Article] = []
    skipped = 0
    for i, entry in enumerate(parsed.entries[: settings.max_articles], 1):
        link = entry.get("link") or None
        source = link or f"{url}#entry-{i}"
        text = entry_text(entry, source=source)
        title = (entry.get("title") or "").strip() or None
        try:
            articles.append(make_article(
                text, source=source, settings=settings, title=title, outlet=outlet, url=link,
                date=entry_date(entry), byline=(entry.get("author") or "").strip() or None))
        except ExtractionError:
            skipped += 1
    if not articles:
        raise ExtractionError(f"none of the feed's {skipped} entries has {settings.min_article_chars}+ characters "
                              "of text (headline-only feed?); give the article pages' URLs", source=url)
    return articles
