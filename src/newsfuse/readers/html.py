"""HTML pages saved from news sites: main text and metadata through trafilatura.

When trafilatura finds no main text (very short pages, unusual markup), the
text of the page's ``<p>`` elements is joined as a fallback; if that is empty
too, the page has no article and :class:`ExtractionError` says so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from html import unescape
from html.parser import HTMLParser

from ..errors import ExtractionError
from ..stages.clean import parse_date


@dataclass(frozen=True, slots=True)
class HtmlArticle:
    text: str
    title: str | None
    outlet: str | None
    published: date | None
    url: str | None
    author: str | None


class _Paragraphs(HTMLParser):
    """Collects the text of <p> elements, skipping script and style."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[str] = []
        self._buf: list[str] | None = None
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "noscript"):
            self._skip += 1
        elif tag == "p":
            self._buf = []

    def handle_endtag(self, tag):
        if tag in ("script", "style", "noscript"):
            self._skip = max(0, self._skip - 1)
        elif tag == "p" and self._buf is not None:
            text = re.sub(r"\s+", " ", "".join(self._buf)).strip()
            if text:
                self.paragraphs.append(text)
            self._buf = None

    def handle_data(self, data):
        if self._buf is not None and not self._skip:
            self._buf.append(data)


def paragraphs_fallback(html: str) -> str:
    parser = _Paragraphs()
    try:
        parser.feed(html)
        parser.close()
    except Exception:  # HTMLParser is lenient; a failure here means nothing usable
        return ""
    return "\n".join(parser.paragraphs)


def extract_html(html: str, *, source: str, url: str | None = None) -> HtmlArticle:
    """Main text (paragraphs one per line) and metadata of a news page.

    Raises:
        ExtractionError: no article text in the page.
    """
    import trafilatura

    result = trafilatura.bare_extraction(
        html, url=url, include_comments=False, include_tables=False, favor_precision=False, with_metadata=True
    )
    data = result.as_dict() if hasattr(result, "as_dict") else (result or {})
    text = (data.get("text") or "").strip()
    fallback = paragraphs_fallback(html)
    if len(fallback) > 2 * len(text):
        text = fallback  # trafilatura judged most of a short page boilerplate
    if not text.strip():
        raise ExtractionError("no article text found in the HTML page (tried trafilatura and the <p> text); "
                              "check that it is a saved article page", source=source)
    outlet = data.get("sitename") or _meta(html, "og:site_name")
    return HtmlArticle(
        text=text,
        title=data.get("title") or None,
        outlet=outlet or None,
        published=parse_date(data.get("date")),
        url=data.get("url") or url,
        author=data.get("author") or None,
    )


def _meta(html: str, prop: str) -> str | None:
    m = re.search(rf'<meta[^>]+(?:property|name)=["\']{re.escape(prop)}["\'][^>]*content=["\']([^"\']+)', html, re.I)
    return unescape(m.group(1)).strip() if m else None
