"""What the pages and the JSON API do, without HTTP: read inputs, brief, store.

Every function here is blocking (reading uploads, fetching URLs, computing a
brief, SQLite); the routes call them through ``run_in_threadpool`` so the event
loop never waits on them. Each call opens its own :class:`~newsfuse.store.Store`
connection, so no SQLite connection crosses threads.

Order of work on a write: read every input, check the limits, compute the
brief, and only then store the articles and the brief. A request that fails at
any step before the last stores nothing.
"""

from __future__ import annotations

import re
import threading
from contextlib import nullcontext
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Sequence

from ..errors import InputError, ReadError, TooLargeError
from ..model import Article
from ..settings import Settings

# A line holding only three or more dashes separates pasted articles.
SEPARATOR_RE = re.compile(r"^[ \t]*-{3,}[ \t]*$", re.M)
# Optional header lines at the top of a pasted article ("Outlet: Valley Ledger").
HEADER_RE = re.compile(r"^(outlet|title|url|date|credit|byline)[ \t]*:[ \t]*(.+?)[ \t]*$", re.I)
HEADER_FIELDS = ("outlet", "title", "url", "date", "credit", "byline")

_brief_lock = threading.Lock()


@dataclass(frozen=True, slots=True)
class ArticleInput:
    """One article as given to the API or pasted: text plus optional metadata."""

    text: str
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    date: str | None = None
    credit: str | None = None
    byline: str | None = None


@dataclass(frozen=True, slots=True)
class FileInput:
    """One uploaded file: its name (for the type) and its bytes."""

    name: str
    data: bytes


@dataclass(frozen=True, slots=True)
class Inputs:
    """Everything one request brings: pasted or JSON articles, files and URLs."""

    articles: tuple[ArticleInput, ...] = ()
    files: tuple[FileInput, ...] = ()
    urls: tuple[str, ...] = ()

    def empty(self) -> bool:
        return not (self.articles or self.files or self.urls)


def split_pasted(text: str) -> list[ArticleInput]:
    """Pasted text -> articles: split on lines of ``---``; leading ``Outlet:``/``Title:``/``URL:``/
    ``Date:``/``Credit:``/``Byline:`` lines become metadata."""
    out = []
    for chunk in SEPARATOR_RE.split(text.replace("\r\n", "\n")):
        lines = chunk.strip("\n").split("\n")
        meta: dict[str, str] = {}
        while lines and (m := HEADER_RE.match(lines[0])):
            meta.setdefault(m.group(1).lower(), m.group(2))
            lines.pop(0)
        body = "\n".join(lines).strip()
        if body:
            out.append(ArticleInput(text=body, **meta))
    return out


def split_urls(text: str) -> list[str]:
    """One URL per line (blank lines and surrounding spaces ignored)."""
    return [u.strip() for u in text.splitlines() if u.strip()]


def read_inputs(inputs: Inputs, settings: Settings) -> list[Article]:
    """Cleaned articles from every input, in order: articles, then files, then URLs.

    Raises:
        InputError: nothing was given, or an input is unusable (the subclass says why).
        TooLargeError: a file is over ``max_upload_bytes`` or there are over ``max_articles``.
    """
    from ..readers import make_article, read_bytes

    if inputs.empty():
        raise InputError("no articles: paste article text, upload files or give URLs")
    articles: list[Article] = []
    for i, a in enumerate(inputs.articles, 1):
        source = f"article {i}"
        body = a.text.strip()
        if not body:
            raise ReadError("article text is empty; give the article's text", source=source)
        if body.startswith("<") or body.startswith(("{", "[")):
            # Pasted HTML or JSON: let the readers sniff it like a file.
            name = f"{source}.html" if body.startswith("<") else f"{source}.json"
            got = read_bytes(body.encode("utf-8"), name=name, settings=settings)
            if a.outlet or a.title or a.url:
                got = [replace(g, outlet=a.outlet or g.outlet, title=a.title or g.title, url=a.url or g.url) for g in got]
            articles += got
        else:
            articles.append(make_article(body, source=source, settings=settings, title=a.title, outlet=a.outlet,
                                         url=a.url, date=a.date, credit=a.credit, byline=a.byline))
        _check_count(articles, settings)
    for f in inputs.files:
        if len(f.data) > settings.max_upload_bytes:
            raise TooLargeError(f"upload is {len(f.data):,} bytes, over the {settings.max_upload_bytes:,}-byte limit "
                                "(max_upload_bytes)", source=f.name)
        if not f.data.strip():
            raise ReadError("uploaded file is empty", source=f.name)
        articles += read_bytes(f.data, name=f.name, settings=settings)
        _check_count(articles, settings)
    for url in inputs.urls:
        articles += fetch_url(url, settings)
        _check_count(articles, settings)
    return articles


def fetch_url(url: str, settings: Settings) -> list[Article]:
    """The article(s) at ``url`` through :mod:`newsfuse.readers.fetch` (a feed gives every entry)."""
    from ..errors import FetchError

    if not re.match(r"^https?://", url, re.I):
        raise FetchError("only http and https URLs can be fetched", url=url[:200])
    try:
        from ..readers import fetch
    except ImportError:
        raise FetchError("fetching URLs is not available in this installation; paste or upload the article",
                         url=url[:200]) from None
    fn = getattr(fetch, "fetch_articles", None) or getattr(fetch, "fetch_article")
    return list(fn(url, settings))


def _check_count(articles: Sequence[Article], settings: Settings, existing: int = 0) -> None:
    n = len(articles) + existing
    if n > settings.max_articles:
        raise TooLargeError(f"{n} articles, over the limit of {settings.max_articles} per story (max_articles)")


def compute_brief(articles: Sequence[Article], settings: Settings) -> Any:
    """The :class:`~newsfuse.model.Brief` of ``articles``; one at a time (the models are shared)."""
    from ..briefing import make_brief

    with _brief_lock:
        return make_brief(articles, settings)


def warm(settings: Settings) -> None:
    """Load the models once, at start-up, so no request pays for it."""
    from ..briefing import get_pipeline

    get_pipeline(settings)
    if not settings.fast:
        from ..embed import get_embedder

        get_embedder(False)


def _one_transaction(store: Any) -> Any:
    """The store's transaction, so the articles and their brief are written together."""
    tx = getattr(store, "transaction", None)
    return tx() if tx is not None else nullcontext()


@dataclass(frozen=True, slots=True)
class StoryService:
    """Story operations over one SQLite store file, with one set of settings."""

    db_path: Path
    settings: Settings

    def store(self):
        from ..store import Store

        return Store(self.db_path)

    def create(self, inputs: Inputs, title: str | None = None) -> tuple[int, dict]:
        """Read ``inputs``, brief them, store both; returns (story id, brief dict)."""
        articles = read_inputs(inputs, self.settings)
        brief = compute_brief(articles, self.settings)
        with self.store() as st, _one_transaction(st):
            story_id = st.create_story(articles, title=(title or "").strip() or brief.title)
            st.save_brief(story_id, brief, self.settings)
        return story_id, brief.to_dict()

    def add(self, story_id: int, inputs: Inputs) -> tuple[int, dict]:
        """Add ``inputs`` to a story and rebuild its brief; returns (articles newly added, brief dict)."""
        with self.store() as st:
            existing = st.story_articles(story_id)  # NotFoundError if missing
        new = read_inputs(inputs, self.settings)
        _check_count(new, self.settings, existing=len(existing))
        brief = compute_brief([*existing, *new], self.settings)
        with self.store() as st, _one_transaction(st):
            added = st.add_articles(story_id, new)
            st.save_brief(story_id, brief, self.settings)
        return added, brief.to_dict()

    def brief(self, story_id: int) -> dict:
        """The latest brief of a story, rebuilt (and saved) if none is stored."""
        with self.store() as st:
            d = st.latest_brief(story_id)
            if d is not None:
                return d
            articles = st.story_articles(story_id)
        brief = compute_brief(articles, self.settings)
        with self.store() as st:
            st.save_brief(story_id, brief, self.settings)
        return brief.to_dict()

    def story(self, story_id: int) -> tuple[Any, list[Article]]:
        """The story's record and its articles, in input order."""
        with self.store() as st:
            return st.get_story(story_id), st.story_articles(story_id)

    def stories(self, query: str | None = None, limit: int = 50, offset: int = 0) -> list:
        """Stories newest first, or those whose articles match ``query`` (FTS5)."""
        with self.store() as st:
            if query and query.strip():
                return st.search(query.strip(), limit=limit)
            return st.list_stories(limit=limit, offset=offset)

    def delete(self, story_id: int) -> bool:
        with self.store() as st:
            return st.delete_story(story_id)
