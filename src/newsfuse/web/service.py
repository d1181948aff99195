"""What the pages and the JSON API do, without HTTP: read inputs, brief, store.

Every function here is blocking (reading uploads, fetching URLs, computing a
brief, SQLite); the routes call them through ``run_in_threadpool`` so the event
loop never waits on them. Each call opens its own :class:`~newsfuse.store.Store`
connection, so no SQLite connection crosses threads.

Order of work on a write: read every input, check the limits, compute the
brief, and only then store the articles and the brief. A request that fails at
any step before the last stores nothing.

Concurrent writes to one story are serialized (a lock per story in this
process) and checked (the story's version, in the store, against the snapshot
the brief was computed from; another process may write too): the limit is
checked and the brief stored in the same transaction as the articles, and a
write whose snapshot went stale is computed again. So ``max_articles`` holds and
a story's stored brief covers exactly its stored articles.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timezone
from pathlib import Path
from typing import Any, Sequence

from ..errors import ConflictError, InputError, ReadError, TooLargeError
from ..model import Article
from ..readers.text import scrub_surrogates
from ..settings import Settings


_brief_lock = threading.Lock()
# One lock per (store file, story): writes to one story from this process run one at a time.
_story_locks: dict[tuple[str, int], threading.Lock] = {}
_story_locks_guard = threading.Lock()
WRITE_ATTEMPTS = 5  # a write whose snapshot went stale (another process wrote) is computed again


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
    from ..readers.headers import split_articles

    return [ArticleInput(text=body, **meta) for meta, body in split_articles(text)]


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
        a = ArticleInput(**{k: scrub_surrogates(v) if isinstance(v, str) else v
                            for k, v in ((f, getattr(a, f)) for f in ArticleInput.__slots__)})
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
        articles += fetch_url(scrub_surrogates(url), settings)
        _check_count(articles, settings)
    return unique(articles)


def unique(articles: Sequence[Article], existing: Sequence[Article] = ()) -> list[Article]:
    """``articles`` not already in ``existing`` nor earlier in the list, as both the store
    (content hash) and the brief (article id) count them, so the two always agree."""
    from ..store import content_hash

    hashes = {content_hash(a) for a in existing}
    ids = {a.id for a in existing}
    out = []
    for a in articles:
        h = content_hash(a)
        if h in hashes or a.id in ids:
            continue
        hashes.add(h)
        ids.add(a.id)
        out.append(a)
    return out


def story_title(title: str | None, derived: str | None, settings: Settings) -> str | None:
    """The title a story is stored under: the one typed (refused if too long), else one from its
    articles or brief, shortened to ``max_title_chars``."""
    limit = settings.max_title_chars
    typed = scrub_surrogates((title or "").strip())
    if typed:
        if len(typed) > limit:
            raise InputError(f"title is {len(typed):,} characters, over the {limit:,} allowed (max_title_chars); "
                             "give a shorter title")
        return typed
    derived = " ".join((derived or "").split())
    if len(derived) > limit:
        derived = derived[: limit - 1].rstrip() + "\u2026"
    return derived or None


def _story_lock(db_path: Path, story_id: int) -> threading.Lock:
    key = (str(db_path), story_id)
    with _story_locks_guard:
        return _story_locks.setdefault(key, threading.Lock())


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


def compute_brief(articles: Sequence[Article], settings: Settings, earlier: Sequence[Article] = ()) -> Any:
    """The :class:`~newsfuse.model.Brief` of ``articles`` (an update brief if ``earlier`` is given);
    one at a time (the models are shared)."""
    from ..briefing import make_brief

    with _brief_lock:
        return make_brief(articles, settings, earlier=earlier)


def parse_since(value: str) -> datetime:
    """The time a reader last looked, from ``?since=``: an ISO 8601 time (UTC unless it says
    otherwise), or a date, meaning the end of that day (articles added on it count as read).

    Raises:
        InputError: the value is not a date or time.
    """
    text = (value or "").strip()
    try:
        if len(text) == 10:
            return datetime.combine(date.fromisoformat(text), time.max, tzinfo=timezone.utc)
        if "T" in text and " " in text:  # an unescaped "+01:00" in a query string arrives as " 01:00"
            text = text.replace(" ", "+")
        when = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise InputError(f"since={value[:40]!r} is not a time; give an ISO 8601 date or time, e.g. 2026-11-30 or 2026-11-30T18:00:00Z") from None
    return when if when.tzinfo else when.replace(tzinfo=timezone.utc)


def warm(settings: Settings) -> None:
    """Load the models once, at start-up, so no request pays for it."""
    from ..briefing import get_pipeline

    get_pipeline(settings)
    if not settings.fast:
        from ..embed import get_embedder
        from ..nlp import get_nlp

        get_embedder(False)
        get_nlp()  # the parse stage loads spaCy at its first parse otherwise


@dataclass(frozen=True, slots=True)
class StoryService:
    """Story operations over one SQLite store file, with one set of settings.

    The routes call :meth:`read` (in the fetch pool: it may fetch URLs) and then
    :meth:`create` or :meth:`add` (in the write pool), so a slow source holds no
    write slot.
    """

    db_path: Path
    settings: Settings

    def store(self):
        from ..store import Store

        return Store(self.db_path)

    def read(self, inputs: Inputs) -> list[Article]:
        """Every input read into articles (see :func:`read_inputs`)."""
        return read_inputs(inputs, self.settings)

    def require(self, story_id: int) -> None:
        """Raise :class:`~newsfuse.errors.NotFoundError` unless the story exists."""
        with self.store() as st:
            st.get_story(story_id)

    def create(self, articles: Sequence[Article], title: str | None = None) -> tuple[int, dict]:
        """Brief ``articles`` and store both as a new story; returns (story id, brief dict)."""
        typed = story_title(title, None, self.settings)  # a bad title is refused before any work
        articles = unique(articles)
        _check_count(articles, self.settings)
        brief = compute_brief(articles, self.settings)
        derived = next((a.title for a in articles if a.title), None) or brief.title
        with self.store() as st:
            story_id = st.create_story(articles, title=typed or story_title(None, derived, self.settings),
                                       brief=brief, settings=self.settings)
        return story_id, brief.to_dict()

    def add(self, story_id: int, new: Sequence[Article]) -> tuple[int, dict]:
        """Add ``new`` articles to a story and rebuild its brief; returns (articles newly added, brief dict).

        Raises:
            NotFoundError: no such story.
            TooLargeError: the story would pass ``max_articles`` (nothing is stored).
            ConflictError: other processes kept changing the story (after ``WRITE_ATTEMPTS`` tries).
        """
        with _story_lock(self.db_path, story_id):
            for _ in range(WRITE_ATTEMPTS):
                with self.store() as st:
                    snap = st.snapshot(story_id)
                fresh = unique(new, snap.articles)
                if not fresh:
                    with self.store() as st:
                        current = st.latest_brief(story_id, current=True)
                    if current is not None:
                        return 0, current
                _check_count(fresh, self.settings, existing=len(snap.articles))
                brief = compute_brief([*snap.articles, *fresh], self.settings)
                try:
                    with self.store() as st:
                        added = st.add_articles(story_id, fresh, brief=brief, settings=self.settings,
                                                expected_version=snap.version, max_articles=self.settings.max_articles)
                    return added, brief.to_dict()
                except ConflictError:
                    continue
        raise ConflictError(f"story {story_id} kept changing while its brief was rebuilt; send the articles again")

    def stored_brief(self, story_id: int) -> dict | None:
        """The stored brief of the story's current articles, or None if it must be computed."""
        with self.store() as st:
            return st.latest_brief(story_id, current=True)

    def brief(self, story_id: int) -> dict:
        """The story's brief, rebuilt (and saved) if none is stored for its current articles."""
        with self.store() as st:
            d = st.latest_brief(story_id, current=True)
        if d is not None:
            return d
        with _story_lock(self.db_path, story_id):
            for _ in range(WRITE_ATTEMPTS):
                with self.store() as st:
                    d = st.latest_brief(story_id, current=True)
                    if d is not None:
                        return d
                    snap = st.snapshot(story_id)
                brief = compute_brief(snap.articles, self.settings)
                try:
                    with self.store() as st:
                        st.save_brief(story_id, brief, self.settings, story_version=snap.version)
                    return brief.to_dict()
                except ConflictError:
                    continue
        raise ConflictError(f"story {story_id} kept changing while its brief was computed; ask again")

    def update(self, story_id: int, since: datetime) -> dict:
        """What is new in the story since ``since``: ``{"since", "earlier", "new", "brief"}``.

        ``brief`` is the update brief of the articles added after ``since`` against the ones
        added before (``None`` when nothing was added since); computed on request, not stored.
        """
        with self.store() as st:
            earlier, new = st.split_since(story_id, since)
        brief = compute_brief(new, self.settings, earlier=earlier).to_dict() if new else None
        return {"since": since.isoformat(), "earlier": len(earlier), "new": len(new), "brief": brief}

    def added_since(self, story_id: int, since: datetime) -> int:
        """How many of the story's articles were added after ``since``."""
        with self.store() as st:
            return st.added_since(story_id, since)

    def story(self, story_id: int) -> tuple[Any, list[Article]]:
        """The story's record and its articles, in input order (read together)."""
        with self.store() as st:
            snap = st.snapshot(story_id)
            return st.get_story(story_id), list(snap.articles)

    def stories(self, query: str | None = None, limit: int = 50, offset: int = 0) -> list:
        """Stories newest first, or those whose articles match ``query`` (FTS5)."""
        with self.store() as st:
            if query and query.strip():
                return st.search(query.strip(), limit=limit, offset=offset)
            return st.list_stories(limit=limit, offset=offset)

    def delete(self, story_id: int) -> bool:
        with _story_lock(self.db_path, story_id), self.store() as st:
            return st.delete_story(story_id)

    # -- the desk: the front page and the feeds -------------------------------------

    def front(self, query: str | None = None, limit: int = 50, offset: int = 0) -> list:
        """Stories by distinct reports (:func:`newsfuse.desk.front.front_page`), or those matching ``query``."""
        from ..desk.front import front_page

        with self.store() as st:
            return front_page(st, query, limit=limit, offset=offset)

    def merged_into(self, story_id: int) -> int | None:
        """The story a story merged by the desk went into, if it was."""
        from ..desk.front import merged_into

        with self.store() as st:
            return merged_into(st, story_id)

    def feeds(self) -> list:
        """Every registered feed (:class:`~newsfuse.desk.registry.FeedRecord`), in the order added."""
        from ..desk.registry import FeedRegistry

        with self.store() as st:
            return FeedRegistry(st, default_interval=self.settings.feed_interval_s).list()

    def add_feed(self, url: str, title: str | None = None, interval_seconds: int | None = None) -> Any:
        """Register a feed (idempotent by URL); a watch loop on this store polls it next."""
        from ..desk.registry import FeedRegistry

        with self.store() as st:
            return FeedRegistry(st, default_interval=self.settings.feed_interval_s).add(
                scrub_surrogates(url), scrub_surrogates(title) if title else None, interval_seconds)

    def remove_feed(self, feed_id: int) -> bool:
        """Forget a feed (its articles and stories stay); False if there was none."""
        from ..desk.registry import FeedRegistry

        with self.store() as st:
            return FeedRegistry(st).remove(feed_id)
