"""Readers: files, folders, URLs and stdin to cleaned :class:`~newsfuse.model.Article` objects.

``read_articles(inputs)`` dispatches on each input: a folder (its article files,
by name), ``-`` (stdin, sniffed), an http(s) URL (:mod:`newsfuse.readers.fetch`),
or a file by extension: ``.txt``/``.text``/``.md`` plain text, ``.html``/``.htm``
pages, ``.json``/``.jsonl`` article or cluster records, ``.xml``/``.rss``/``.atom``
feeds. Every reader cleans the text (:mod:`newsfuse.stages.clean`) before anything
else and resolves the outlet: metadata first, then credit lines in the text, then
the file name when it is a name (an id such as ``003_eecf2132dae05460.txt`` is not), the
site of the article's URL, the agency it credits, or "unknown outlet".
"""

from __future__ import annotations

import errno
import os
import re
import sys
from pathlib import Path
from typing import Sequence

from dataclasses import fields, replace

from ..errors import ConfigError, ExtractionError, InputError, ReadError
from ..model import Article, article_id
from ..settings import Settings
from ..stages.clean import agency_name, clean_text
from ..text.dates import parse_date
from .text import decode

TEXT_SUFFIXES = (".txt", ".text", ".md")
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
JSON_SUFFIXES = (".json", ".jsonl", ".ndjson")
FEED_SUFFIXES = (".xml", ".rss", ".atom")
SUPPORTED = TEXT_SUFFIXES + HTML_SUFFIXES + JSON_SUFFIXES + FEED_SUFFIXES

__all__ = ["read_articles", "read_file", "read_bytes", "read_mds", "make_article", "clean_article", "SUPPORTED"]


_ID_CHUNK = re.compile(r"(?=[0-9a-f]*\d)[0-9a-f]{6,}|\d+", re.I)


_DEFAULT_OUTLET = next(f.default for f in fields(Article) if f.name == "outlet")


def outlet_from_filename(name: str) -> str | None:
    """The outlet a file's name gives: 'valley_ledger.txt' -> 'Valley Ledger', 'bbc2.txt' -> 'bbc2'.

    ``None`` for a name that is only an id ('003_eecf2132dae05460.txt', '0042.txt'): it names no
    outlet, and a brief must not show it as one.
    """
    stem = Path(name).stem
    if re.fullmatch(r"[\w-]*\d[\w-]*", stem) and not re.search(r"[A-Za-z]{4,}[_-][A-Za-z]{3,}", stem):
        chunks = [c for c in re.split(r"[_\-\s.]+", stem) if c]
        if chunks and all(_ID_CHUNK.fullmatch(c) for c in chunks):
            return None
        return stem  # a short code with digits ("bbc2"): kept as written
    words = [w for w in re.split(r"[_\-\s.]+", stem) if w]
    return " ".join(w if w.isupper() else w.capitalize() for w in words) or stem


def _host(url: str | None) -> str | None:
    """The site of an http(s) URL without "www." ('elling-daily.example'), or ``None``."""
    from urllib.parse import urlsplit

    host = (urlsplit(url).hostname or "").lower() if url and url.lower().startswith(("http://", "https://")) else ""
    return (host[4:] if host.startswith("www.") else host) or None


def make_article(
    raw_text: str,
    *,
    source: str,
    settings: Settings,
    title: str | None = None,
    outlet: str | None = None,
    url: str | None = None,
    date: object = None,
    credit: str | None = None,
    byline: str | None = None,
    structured: bool = False,
) -> Article:
    """Clean ``raw_text`` and build an :class:`Article`, resolving outlet and credit.

    ``structured`` says the paragraphs come from a page's markup (HTML), whose
    headings are kept (see :func:`newsfuse.stages.clean.clean_text`).

    Raises:
        ExtractionError: too little text is left after cleaning.
    """
    cleaned = clean_text(raw_text, has_title=title is not None, structured=structured)
    if title and cleaned.text.startswith(title):
        cleaned.text = cleaned.text[len(title):].lstrip()
    text = cleaned.text
    if len(text) < settings.min_article_chars:
        raise ExtractionError(_too_short(raw_text, text, title or cleaned.title, settings.min_article_chars), source=source)
    credits = ([credit] if credit else []) + [c for c in cleaned.credits if c != credit]
    resolved_outlet = outlet or cleaned.outlet_hint
    if not resolved_outlet:
        # no outlet named: the file's name when it is a name, else the site of its URL, the
        # agency the story credits, or "unknown outlet" (never a file's id)
        name = Path(source).name if source not in ("-", "") and not source.lower().startswith(("http://", "https://")) else ""
        resolved_outlet = (outlet_from_filename(name) if name else None) or _host(url) \
            or (credits[0] if credits else None) or _DEFAULT_OUTLET
    # An outlet that is itself a wire agency is not "credited" to itself.
    resolved_credit = next((c for c in credits if agency_name(c) and c != resolved_outlet), None)
    return Article(
        id=article_id(resolved_outlet, url, text),
        outlet=resolved_outlet,
        text=text,
        title=title or cleaned.title,
        url=url,
        date=parse_date(date) or cleaned.published,
        source=source,
        credit=resolved_credit,
        dateline=cleaned.dateline,
        byline=byline or cleaned.byline,
        cleaned=True,
    )




def _too_short(raw_text: str, text: str, title: str | None, need: int) -> str:
    """Why an input is too short, counting what the user gave, not only what cleaning left."""
    given = len(raw_text.strip())
    if given < need:
        why = f"only {given} characters given (need {need} characters of article text)"
    else:
        why = f"only {len(text)} characters of article text left after cleaning the {given} given (need {need})"
    if title and not text:
        shown = title if len(title) <= 60 else title[:57] + "..."
        why += f"; its one line, \"{shown}\", was read as the title"
    return why + "; give a full article"


def clean_article(article: Article, settings: Settings | None = None, *, label: str | None = None) -> Article:
    """``article`` cleaned exactly as a text file's content is, keeping what it was given.

    A hand-made ``Article(text=..., outlet=..., title=..., date=..., url=...)`` is
    raw text: this runs it through :func:`make_article`, the code path of a ``.txt``
    file (captions, credits, subheads and datelines removed; outlet and credit
    resolved from the text when not given), keeping the given outlet, title, date,
    url, credit, byline, dateline, source and an explicitly given id. A derived id
    is derived again from the cleaned text, as for a file.

    Args:
        article: an article; returned unchanged when ``article.cleaned``.
        settings: limits (``min_article_chars``); defaults if omitted.
        label: how to name the article in errors when it has no ``source``
            ("article 2"); default: its outlet.

    Returns:
        The cleaned :class:`Article` (``cleaned`` is true).

    Raises:
        ExtractionError: too little text is left after cleaning.
        InputError: ``date`` is given but is not a date.
    """
    if article.cleaned:
        return article
    settings = settings or Settings()
    name = article.source or label or f"article from {article.outlet}"
    date = parse_date(article.date)
    if article.date not in (None, "") and date is None:
        raise InputError(f"date {article.date!r} is not a date; give a datetime.date or an ISO date (2024-05-01)",
                         source=name)
    given_id = article.id if article.id != article_id(article.outlet, article.url, article.text) else None
    try:
        made = make_article(
            article.text, source=article.source, settings=settings, title=article.title,
            outlet=None if article.outlet == _DEFAULT_OUTLET else article.outlet,
            url=article.url, date=date, credit=article.credit, byline=article.byline,
        )
    except ExtractionError as exc:
        if exc.source:
            raise
        raise ExtractionError(exc.message, source=name) from None
    return replace(made, id=given_id or made.id, dateline=made.dateline or article.dateline)


def _from_records(text: str, *, source: str, settings: Settings, cluster: str | None) -> list[Article]:
    from .jsonfile import article_text, choose_cluster, field, outlet_of, parse_json_records

    records, is_cluster = parse_json_records(text, source=source)
    if is_cluster:
        chosen = choose_cluster(records, cluster, source=source)
        return _cluster_articles(chosen, source=source, settings=settings)
    if cluster is not None:
        raise ConfigError("--cluster is for cluster files (records with 'documents'); this file holds articles", source=source)
    out = []
    for r in records:
        body = article_text(r, source=source)
        out.append(make_article(
            body,
            source=source if len(records) == 1 else f"{source} ({r.where})",
            settings=settings,
            title=field(r, ("title", "headline")),
            outlet=outlet_of(r),
            url=field(r, ("url", "link")),
            date=field(r, ("date", "published", "published_at", "pubdate")),
            credit=field(r, ("credit", "agency")),
        ))
    return out


def _cluster_articles(chosen: dict, *, source: str, settings: Settings) -> list[Article]:
    docs = chosen.get("documents") or []
    if not isinstance(docs, list) or not docs:
        raise ReadError(f"cluster '{chosen.get('id')}' has no documents", source=source)
    from .mds import mds_document

    out = []
    for d in docs:
        if isinstance(d, dict):
            article = mds_document(d, source=f"{source}#{chosen.get('id')}")
            if article is not None:
                out.append(article)
    return out


def read_mds(path: str | Path, cluster_id: str) -> tuple[list[Article], list[str]]:
    """Articles and reference summaries of one cluster of a DUC-style cluster JSONL file."""
    from .jsonfile import choose_cluster, parse_json_records

    source = str(path)
    records, is_cluster = parse_json_records(_read_text(Path(path), Settings()), source=source)
    if not is_cluster:
        raise ConfigError("not a cluster file (records need 'documents')", source=source)
    chosen = choose_cluster(records, cluster_id, source=source)
    return _cluster_articles(chosen, source=source, settings=Settings()), list(chosen.get("summaries") or [])


def _read_text(path: Path, settings: Settings) -> str:
    source = str(path)
    try:
        size = path.stat().st_size
        if size > settings.max_file_bytes:
            raise ReadError(f"file is {size:,} bytes, over the {settings.max_file_bytes:,}-byte limit; "
                            "split it or raise max_file_bytes", source=source)
        data = path.read_bytes()
    except FileNotFoundError:
        raise ReadError("no such file or folder; check the path", source=source) from None
    except PermissionError:
        raise ReadError("permission denied; check the file's permissions", source=source) from None
    except IsADirectoryError:
        raise ReadError("is a folder, not a file", source=source) from None
    return decode(data, source=source)[0]


def read_bytes(data: bytes, *, name: str, settings: Settings | None = None, cluster: str | None = None) -> list[Article]:
    """Articles from ``data`` (an upload, stdin), sniffing the type from ``name`` and content."""
    settings = settings or Settings()
    if len(data) > settings.max_file_bytes:
        raise ReadError(f"{len(data):,} bytes, over the {settings.max_file_bytes:,}-byte limit", source=name)
    text, _ = decode(data, source=name)
    suffix = Path(name).suffix.lower()
    head = text.lstrip()[:200].lower()
    if suffix in JSON_SUFFIXES or (suffix not in SUPPORTED and head.startswith(("{", "["))):
        return _from_records(text, source=name, settings=settings, cluster=cluster)
    if suffix in FEED_SUFFIXES or (suffix not in SUPPORTED and head.startswith("<?xml") and ("<rss" in head or "<feed" in head)):
        from .feeds import read_feed

        return read_feed(data, url=name, settings=settings)
    if suffix in HTML_SUFFIXES or (suffix not in SUPPORTED and head.startswith(("<!doctype html", "<html"))):
        from .html import extract_html

        page = extract_html(text, source=name)
        return [make_article(page.text, source=name, settings=settings, title=page.title, outlet=page.outlet,
                             url=page.url, date=page.published, byline=page.author, credit=page.credit,
                             structured=True)]
    if suffix and suffix not in SUPPORTED and name != "-":
        raise ReadError(f"unknown file type '{suffix}'; newsfuse reads {', '.join(SUPPORTED)}", source=name)
    return _text_articles(text, source=name, settings=settings)


def _text_articles(text: str, *, source: str, settings: Settings) -> list[Article]:
    """Plain text: header lines become metadata; from stdin, ``---`` lines separate articles."""
    from .headers import split_articles, split_headers

    parts = split_articles(text) if source == "-" else [split_headers(text)]
    out = []
    for k, (meta, body) in enumerate(parts, 1):
        where = source if len(parts) == 1 else f"{source} (article {k})"
        out.append(make_article(body or text, source=where, settings=settings, title=meta.get("title"),
                                outlet=meta.get("outlet"), url=meta.get("url"), date=meta.get("date"),
                                credit=meta.get("credit"), byline=meta.get("byline")))
    return out


def read_file(path: str | Path, settings: Settings | None = None, *, cluster: str | None = None) -> list[Article]:
    """The articles in one file (one, or several for JSON arrays, JSON Lines and feeds)."""
    settings = settings or Settings()
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        if not path.exists():
            raise ReadError("no such file or folder; check the path", source=str(path))
        raise ReadError(f"unknown file type '{suffix or '(none)'}'; newsfuse reads {', '.join(SUPPORTED)}", source=str(path))
    text = _read_text(path, settings)
    return read_bytes(text.encode("utf-8"), name=str(path), settings=settings, cluster=cluster)


def _too_long(path: str) -> bool:
    """Whether ``path`` is longer than the file system allows (text mistaken for a path)."""
    try:
        os.stat(path)
    except OSError as exc:
        return exc.errno == errno.ENAMETOOLONG
    return False


def read_articles(
    inputs: Sequence[str | Path], *, cluster: str | None = None, settings: Settings | None = None
) -> list[Article]:
    """Read every input into cleaned articles, in order.

    Args:
        inputs: file paths, folders (their supported files, sorted by name), http(s) URLs, or "-"
            for stdin.
        cluster: the cluster id to take from a cluster JSONL file.
        settings: limits (file size, minimum text); defaults if omitted.

    Raises:
        ReadError, FormatError, ExtractionError, FetchError: an input is unusable.
        ConfigError: ``cluster`` names no cluster, or is missing for a cluster file.
    """
    settings = settings or Settings()
    if not inputs:
        raise ReadError("no inputs; give article files, a folder, URLs or - for stdin")
    articles: list[Article] = []
    for item in inputs:
        item = str(item)
        if item == "-":
            articles += read_bytes(sys.stdin.buffer.read(), name="-", settings=settings, cluster=cluster)
        elif re.match(r"^https?://", item, re.I):
            from .fetch import fetch_article

            articles += fetch_article(item, settings)
        elif _too_long(item):
            raise ReadError("is too long for a file name; give a file, folder or URL (article text goes on stdin, "
                            "as -)", source=item[:40] + "...")
        elif Path(item).is_dir():
            files = sorted(p for p in Path(item).iterdir() if p.is_file() and p.suffix.lower() in SUPPORTED
                           and not p.name.startswith(".") and p.name.lower() != "readme.md")
            if not files:
                raise ReadError(f"folder has no article files ({', '.join(SUPPORTED)})", source=item)
            for f in files:
                articles += read_file(f, settings, cluster=cluster)
        else:
            articles += read_file(item, settings, cluster=cluster)
    if len(articles) > settings.max_articles:
        raise ReadError(f"{len(articles)} articles, over the limit of {settings.max_articles}; "
                        "brief fewer or raise max_articles")
    return articles
