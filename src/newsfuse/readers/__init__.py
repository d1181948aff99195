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

from ..errors import ConfigError, ReadError
from ..model import Article
from ..settings import Settings
from .articles import clean_article, make_article, outlet_from_filename
from .text import decode

TEXT_SUFFIXES = (".txt", ".text", ".md")
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
JSON_SUFFIXES = (".json", ".jsonl", ".ndjson")
FEED_SUFFIXES = (".xml", ".rss", ".atom")
SUPPORTED = TEXT_SUFFIXES + HTML_SUFFIXES + JSON_SUFFIXES + FEED_SUFFIXES

__all__ = ["read_articles", "read_file", "read_bytes", "read_mds", "make_article", "clean_article",
           "outlet_from_filename", "SUPPORTED"]


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
