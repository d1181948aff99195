"""What a news page says about itself: ``<meta>`` tags and JSON-LD (schema.org).

Publishers describe their articles for search engines and social sites: the
outlet in ``og:site_name`` or the JSON-LD ``publisher``, the headline, a short
description (the standfirst, not the story), the authors, the publication date,
and often the whole story as JSON-LD ``articleBody``. The HTML reader trusts
these before any guess made from the visible text.

Only reading happens here: no network, no files.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from html import unescape

import lxml.html
from lxml import etree

__all__ = ["PageMeta", "parse_page", "page_meta", "collapse"]

ARTICLE_TYPES = ("NewsArticle", "Article", "ReportageNewsArticle", "AnalysisNewsArticle", "OpinionNewsArticle",
                 "BackgroundNewsArticle", "ReviewNewsArticle", "BlogPosting", "LiveBlogPosting", "Report",
                 "ScholarlyArticle", "TechArticle", "SocialMediaPosting")
_TAG = re.compile(r"<[^>]{0,2000}>")


def collapse(text: str | None) -> str:
    """``text`` with HTML entities decoded and every run of whitespace made one space."""
    return re.sub(r"\s+", " ", unescape(text or "")).strip()


@dataclass(frozen=True, slots=True)
class PageMeta:
    """Metadata a page declares about itself (``None`` / empty where it declares nothing).

    Attributes:
        site_name: the outlet (``og:site_name``, else the JSON-LD publisher, else
            ``application-name``).
        headline: the headline the page declares for the article (``og:title``,
            else JSON-LD ``headline``, else ``twitter:title``).
        titles: every form of the headline the page gives (those three and
            ``<title>``), most specific first.
        descriptions: the standfirst as the page gives it (``og:description``,
            ``description``, ``twitter:description``, JSON-LD ``description``).
        authors: JSON-LD author names, else the ``author`` meta tag.
        published: the publication date as written (``article:published_time``,
            JSON-LD ``datePublished``, ...).
        article_body: the JSON-LD ``articleBody`` of the page's one article, tags removed.
        url: the canonical URL (``og:url`` or ``<link rel=canonical>``).
    """

    site_name: str | None = None
    headline: str | None = None
    titles: tuple[str, ...] = ()
    descriptions: tuple[str, ...] = ()
    authors: tuple[str, ...] = ()
    published: str | None = None
    article_body: str | None = None
    url: str | None = None


def _meta_tags(root) -> dict[str, str]:
    found: dict[str, str] = {}
    for el in root.iter("meta"):
        key = (el.get("property") or el.get("name") or el.get("itemprop") or "").strip().lower()
        value = collapse(el.get("content"))
        if key and value and key not in found:
            found[key] = value
    return found


def _json_objects(root) -> list[dict]:
    """Every JSON object in the page's JSON-LD scripts, nested ones and ``@graph`` members included."""
    out: list[dict] = []
    for script in root.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        raw = (script.text or "").strip()
        raw = re.sub(r"^\s*(?:<!--|<!\[CDATA\[)|(?:-->|\]\]>)\s*$", "", raw)
        if not raw:
            continue
        try:
            data = json.loads(raw, strict=False)
        except ValueError:
            continue  # a broken script is common and says nothing reliable
        stack = [data]
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(reversed(item))
            elif isinstance(item, dict):
                out.append(item)
                stack.extend(v for v in item.values() if isinstance(v, (dict, list)))
    return out


def _types(obj: dict) -> set[str]:
    t = obj.get("@type")
    names = t if isinstance(t, list) else [t]
    return {n.rsplit("/", 1)[-1] for n in names if isinstance(n, str)}


def _names(value) -> list[str]:
    if isinstance(value, str):
        return [collapse(value)] if collapse(value) else []
    if isinstance(value, dict):
        return _names(value.get("name"))
    if isinstance(value, list):
        return [n for v in value for n in _names(v)]
    return []


def _body_text(raw: str) -> str:
    """JSON-LD ``articleBody`` as plain text, one paragraph per line (some sites put HTML in it)."""
    text = unescape(raw)
    text = re.sub(r"(?i)<br\s*/?>|</p\s*>|</h\d\s*>|</li\s*>", "\n", text)
    text = _TAG.sub(" ", text)
    return "\n".join(line for line in (collapse(part) for part in text.split("\n")) if line)


def _first(*values: str | None) -> str | None:
    return next((v for v in values if v), None)


def parse_page(html: str):
    """``html`` as an lxml tree, or None if lxml cannot make one."""
    try:
        return lxml.html.document_fromstring(re.sub(r"^\s*<\?xml[^>]*>", "", html))
    except (ValueError, etree.ParserError):
        return None


def page_meta(root) -> PageMeta:
    """The metadata a page (an lxml tree from :func:`parse_page`, or None) declares."""
    if root is None:
        return PageMeta()
    tags = _meta_tags(root)
    objects = _json_objects(root)
    articles = [o for o in objects if _types(o) & set(ARTICLE_TYPES)]
    article = articles[0] if articles else {}
    publishers = _names(article.get("publisher")) or [n for o in objects if _types(o) & {"NewsMediaOrganization"}
                                                      for n in _names(o)]
    bodies = {_body_text(o["articleBody"]) for o in articles if isinstance(o.get("articleBody"), str)}
    bodies.discard("")
    title_el = root.find(".//title")
    titles = [tags.get("og:title"), collapse(article.get("headline")) if isinstance(article.get("headline"), str) else None,
              tags.get("twitter:title"), collapse(title_el.text_content()) if title_el is not None else None]
    descriptions = [tags.get("og:description"), tags.get("description"), tags.get("twitter:description"),
                    collapse(article.get("description")) if isinstance(article.get("description"), str) else None]
    canonical = next((collapse(el.get("href")) for el in root.iter("link")
                      if (el.get("rel") or "").lower() == "canonical" and el.get("href")), None)
    published = _first(tags.get("article:published_time"), article.get("datePublished") if isinstance(article.get("datePublished"), str) else None,
                       tags.get("og:article:published_time"), tags.get("datepublished"), tags.get("pubdate"),
                       tags.get("date"), tags.get("dc.date"), tags.get("dcterms.date"))
    return PageMeta(
        site_name=_first(tags.get("og:site_name"), publishers[0] if publishers else None, tags.get("application-name")),
        headline=_first(*titles[:3]),
        titles=tuple(dict.fromkeys(t for t in titles if t)),
        descriptions=tuple(dict.fromkeys(d for d in descriptions if d)),
        authors=tuple(dict.fromkeys(_names(article.get("author")) or ([tags["author"]] if tags.get("author") else []))),
        published=published,
        article_body=bodies.pop() if len(bodies) == 1 else None,  # several bodies: a listing, not one story
        url=_first(tags.get("og:url"), canonical),
    )
