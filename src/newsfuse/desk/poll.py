"""Polling feeds the way a feed's owner would accept, and reading each new entry's page.

:class:`Poller` polls many feeds at once on one event loop:

- a conditional GET (``If-None-Match`` / ``If-Modified-Since`` from the feed's stored
  validators); ``304 Not Modified`` costs the server one small answer;
- at most ``per_host`` requests at once to any host and port (feeds and pages alike), at most
  ``concurrency`` feeds at once;
- every request within the deadlines and caps of :mod:`newsfuse.readers.fetch`, and a
  whole feed (its document plus its pages) within ``feed_budget_s``; a broken, slow or
  hostile feed ends as ``status='error'`` with a one-line error and never holds up the others;
- feeds declaring XML entities (a "billion laughs" bomb) are refused before parsing;
- each new entry's page is fetched and read with the project's HTML reader; when the
  page cannot be had (error, not HTML, too little text) the entry's own content is used.

The poller never writes to the store: it reads ``registry.seen`` and returns
:class:`Polled` outcomes; the desk stores the articles and calls
``registry.record(polled, con=con)`` in the same transaction.
"""

from __future__ import annotations

import asyncio
import email.utils
import hashlib
import io
import re
import ssl
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Iterable, Sequence
from urllib.parse import urlsplit
from xml.sax import SAXParseException

from ..errors import ExtractionError, FetchError, FormatError, NewsfuseError, one_line
from ..model import Article
from ..readers.fetch import HTML_TYPES, Fetched, fetch_async
from ..settings import Settings
from .registry import FeedRecord, FeedRegistry

__all__ = ["Polled", "Poller", "entry_key", "parse_retry_after", "parse_max_age"]

MAX_KEY_CHARS = 300
_ENTITY_DECL = re.compile(rb"<!ENTITY", re.I)
# Parsing (feedparser, trafilatura) is CPU work; it runs here so the event loop keeps every
# transfer's deadline honest.
_PARSER = ThreadPoolExecutor(max_workers=2, thread_name_prefix="newsfuse-feedparse")


@dataclass(slots=True)
class Polled:
    """The outcome of polling one feed.

    Attributes:
        feed: the feed as it was before the poll.
        status: ``'ok'`` (fetched and read), ``'not modified'`` (304) or ``'error'``.
        articles: the new entries read into articles (entries taken before are left out).
        entry_keys: the new entries handled by this poll (read, or given up on), to mark taken.
        etag, last_modified: the validators the server sent (None: none sent).
        error: the one-line reason, for ``'error'``.
        polled_at: when the poll ran.
        feed_title: the feed document's own title, if it has one.
        retry_after_s, max_age_s: the server's ``Retry-After`` and ``Cache-Control: max-age``.
        page_failures: entries whose page could not be read (their feed content was used or
            they were skipped).
    """

    feed: FeedRecord
    status: str
    articles: list[Article] = field(default_factory=list)
    entry_keys: list[str] = field(default_factory=list)
    etag: str | None = None
    last_modified: str | None = None
    error: str | None = None
    polled_at: datetime = field(default_factory=lambda: datetime.now(timezone.utc))
    feed_title: str | None = None
    retry_after_s: float | None = None
    max_age_s: float | None = None
    page_failures: int = 0


def entry_key(entry) -> str:
    """The key an entry is taken once under: its id (guid), else its link, else a hash of its title and text."""
    raw = (entry.get("id") or entry.get("guid") or entry.get("link") or "").strip()
    if not raw:
        body = "\n".join(str(entry.get(k) or "") for k in ("title", "summary", "published"))
        raw = "sha256:" + hashlib.sha256(body.encode("utf-8", "replace")).hexdigest()
    elif len(raw) > MAX_KEY_CHARS:
        raw = "sha256:" + hashlib.sha256(raw.encode("utf-8", "replace")).hexdigest()
    return raw


def parse_retry_after(value: str | None, now: datetime) -> float | None:
    """``Retry-After`` in seconds from ``now`` (a number of seconds or an HTTP date), else None."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max((when - now).total_seconds(), 0.0)


def parse_max_age(value: str | None) -> float | None:
    """``Cache-Control``'s ``max-age`` in seconds, else None."""
    m = re.search(r"(?:^|[,\s])max-age\s*=\s*\"?(\d{1,9})", value or "", re.I)
    return float(m.group(1)) if m else None


def _message(exc: BaseException) -> str:
    if isinstance(exc, NewsfuseError):
        return exc.message[:400]
    text = str(exc).splitlines()[0][:200] if str(exc) else ""
    return one_line(f"{type(exc).__name__}: {text}" if text else type(exc).__name__)


class Poller:
    """Polls feeds concurrently; never writes to the store.

    Args:
        registry: where ``seen`` is read (entries already taken) and ``due`` for :meth:`poll_due`.
        settings: fetch deadlines and caps, ``allow_private_urls``, ``min_article_chars``,
            ``max_articles`` (most new entries read per poll).
        trusted: host names exempt from the private-address check (loopback test servers).
        per_host: most requests at once to one host.
        concurrency: most feeds polled at once.
        feed_budget_s: longest one feed (document and pages) may take; pages not read by
            then use the feed's own content (default: 3 x ``fetch_timeout_s``).
        verify: TLS verification, as for :func:`~newsfuse.readers.fetch.fetch`; by default one
            context (the system's and certifi's CAs) built once for every request, since building
            it per request costs more than a loopback fetch itself.
    """

    def __init__(self, registry: FeedRegistry, settings: Settings | None = None, *, trusted: Iterable[str] = (),
                 per_host: int = 2, concurrency: int = 8, feed_budget_s: float | None = None,
                 verify: ssl.SSLContext | bool | None = None) -> None:
        self.registry = registry
        self.settings = settings or Settings()
        self.trusted = tuple(trusted)
        self.per_host = max(1, int(per_host))
        self.concurrency = max(1, int(concurrency))
        self.feed_budget_s = feed_budget_s if feed_budget_s is not None else 3 * self.settings.fetch_timeout_s
        self.verify = _default_tls() if verify is None else verify
        self._hosts: dict[str, asyncio.Semaphore] = {}
        self.requests = 0  # requests sent, for tests and benchmarks

    # -- entry points ----------------------------------------------------------------

    def poll_due(self, now: datetime | None = None) -> list[Polled]:
        """Poll every feed due at ``now`` (default: the current time) and return the outcomes."""
        now = now or datetime.now(timezone.utc)
        feeds = self.registry.due(now)
        if not feeds:
            return []
        return _run_sync(lambda: self.poll(feeds, now=now))

    async def poll(self, feeds: Sequence[FeedRecord], *, now: datetime | None = None) -> list[Polled]:
        """Poll ``feeds`` concurrently; one :class:`Polled` per feed, in the given order.

        ``now`` is the poll time recorded (default: the current time); a replay passes
        its simulated clock.
        """
        self._hosts = {}
        self._pages: dict[str, asyncio.Future] = {}  # a page two feeds link to is fetched once a poll
        gate = asyncio.Semaphore(self.concurrency)
        at = now or datetime.now(timezone.utc)

        async def one(feed: FeedRecord) -> Polled:
            async with gate:
                try:
                    return await self._poll_feed(feed, at)
                except Exception as exc:  # a bug or an unforeseen failure stays with its feed
                    return Polled(feed=feed, status="error", error=_message(exc), polled_at=at)

        try:
            return list(await asyncio.gather(*(one(f) for f in feeds)))
        finally:
            for task in self._pages.values():  # pages a feed stopped waiting for (its budget ran out)
                task.cancel()

    # -- one feed --------------------------------------------------------------------

    def _host_gate(self, url: str) -> asyncio.Semaphore:
        parts = urlsplit(url)
        host = f"{(parts.hostname or '').lower()}:{parts.port or ''}"  # one server: a host and port
        gate = self._hosts.get(host)
        if gate is None:
            gate = self._hosts[host] = asyncio.Semaphore(self.per_host)
        return gate

    async def _get(self, url: str, headers: dict[str, str] | None = None, conditional: bool = False) -> Fetched:
        async with self._host_gate(url):
            self.requests += 1
            return await fetch_async(url, self.settings, trusted=self.trusted, headers=headers,
                                     conditional=conditional, verify=self.verify)

    async def _poll_feed(self, feed: FeedRecord, at: datetime) -> Polled:
        headers = {}
        if feed.etag:
            headers["If-None-Match"] = feed.etag
        if feed.last_modified:
            headers["If-Modified-Since"] = feed.last_modified
        loop = asyncio.get_running_loop()
        started = loop.time()
        try:
            got = await self._get(feed.url, headers, conditional=bool(headers))
        except FetchError as exc:
            return Polled(feed=feed, status="error", error=_message(exc), polled_at=at,
                          retry_after_s=parse_retry_after(getattr(exc, "retry_after", None), at))
        hints = dict(etag=got.etag, last_modified=got.last_modified, polled_at=at,
                     retry_after_s=parse_retry_after(got.retry_after, at), max_age_s=parse_max_age(got.cache_control))
        if got.status == 304:
            return Polled(feed=feed, status="not modified", **hints)
        try:
            parsed = await loop.run_in_executor(_PARSER, _parse_feed, got.body, got.url)
        except (FormatError, ExtractionError) as exc:
            return Polled(feed=feed, status="error", error=_message(exc), polled_at=at,
                          retry_after_s=hints["retry_after_s"])
        title = (parsed.feed.get("title") or "").strip()[:300] or None
        entries = {}
        for entry in parsed.entries:
            entries.setdefault(entry_key(entry), entry)
        taken = self.registry.seen(feed.id, entries)
        fresh = [(k, e) for k, e in entries.items() if k not in taken]
        stored = self.registry.stored_urls((e.get("link") or "").strip() for _k, e in fresh)
        already = [k for k, e in fresh if (e.get("link") or "").strip() in stored]  # taken from another feed
        fresh = [(k, e) for k, e in fresh if (e.get("link") or "").strip() not in stored]
        truncated = len(fresh) > self.settings.max_articles
        fresh = fresh[: self.settings.max_articles]
        outlet = feed.title or title or (urlsplit(feed.url).hostname or "unknown outlet")
        remaining = max(self.feed_budget_s - (loop.time() - started), 0.0)
        results = await self._read_entries(fresh, outlet=outlet, source=feed.url, budget=remaining)
        polled = Polled(feed=feed, status="ok", feed_title=title, entry_keys=already, **hints)
        for (key, _entry), (article, page_failed) in zip(fresh, results):
            polled.entry_keys.append(key)
            polled.page_failures += page_failed
            if article is not None:
                polled.articles.append(article)
        if truncated:  # more new entries than one poll reads: fetch the whole feed again next time
            polled.etag = polled.last_modified = None
        return polled

    async def _read_entries(self, fresh, *, outlet: str, source: str, budget: float):
        """(article or None, page failed) for each entry; pages still out when ``budget`` runs out
        fall back to the entry's own content."""
        tasks = [self._page_task(e) for _k, e in fresh]
        if tasks:
            await asyncio.wait(tasks, timeout=budget)
        loop = asyncio.get_running_loop()
        out = []
        for (_key, entry), task in zip(fresh, tasks):
            page = None
            if task.done() and not task.cancelled() and task.exception() is None:
                page = task.result()
            article, from_page = await loop.run_in_executor(_PARSER, _entry_article, entry, page, outlet, source,
                                                            self.settings)
            out.append((article, not from_page))
        return out

    def _page_task(self, entry) -> asyncio.Future:
        link = (entry.get("link") or "").strip()
        task = self._pages.get(link) if link else None
        if task is None:
            task = asyncio.ensure_future(self._page(link))
            if link:
                self._pages[link] = task
        return task

    async def _page(self, link: str) -> Fetched | None:
        if not link:
            return None
        try:
            got = await self._get(link)
        except FetchError:
            return None
        return got if got.media_type in HTML_TYPES or not got.media_type else None


def _parse_feed(body: bytes, url: str):
    """feedparser's reading of ``body``; refuses entity declarations and non-feeds."""
    import feedparser

    if _ENTITY_DECL.search(body[:65536]):
        raise FormatError("the feed declares XML entities (an entity bomb?); refused", source=url)
    parsed = feedparser.parse(io.BytesIO(body), response_headers={"content-location": url})
    if not parsed.entries and not (parsed.get("version") or parsed.feed):
        why = f" ({parsed.bozo_exception})".splitlines()[0][:200] if parsed.get("bozo") else ""
        raise FormatError(f"not an RSS or Atom feed{why}; check the feed URL", source=url)
    if parsed.get("bozo") and isinstance(parsed.get("bozo_exception"), SAXParseException):
        # not well-formed XML: refused rather than guessed at (the feed's owner sees the error on the feeds page)
        raise FormatError(f"malformed feed XML ({one_line(str(parsed.bozo_exception))[:200]}); check the feed URL",
                          source=url)
    return parsed


def _entry_article(entry, page: Fetched | None, outlet: str, source: str,
                   settings: Settings) -> tuple[Article | None, bool]:
    """The entry as an article, and whether its page was read: the page if there is one, else the
    entry's own content (None: too little text either way)."""
    from ..readers.articles import make_article
    from ..readers.feeds import entry_date, entry_text
    from ..readers.html import extract_html

    link = (entry.get("link") or "").strip() or None
    title = (entry.get("title") or "").strip() or None
    published = entry_date(entry)
    byline = (entry.get("author") or "").strip() or None
    if page is not None:
        try:
            html = page.body.decode(page.charset or "utf-8", "replace")
            doc = extract_html(html, source=page.url, url=page.url)
            return make_article(doc.text, source=link or page.url, settings=settings, title=title or doc.title,
                                outlet=doc.outlet or outlet, url=link or page.url, date=published or doc.published,
                                byline=byline or doc.author, credit=doc.credit, structured=True), True
        except (ExtractionError, FormatError, LookupError):
            pass
    feed_source = f"{source}#{entry_key(entry)[:100]}"
    try:
        return make_article(entry_text(entry, source=link or feed_source), source=feed_source, settings=settings,
                            title=title, outlet=outlet, url=link, date=published, byline=byline), False
    except ExtractionError:
        return None, False


def _default_tls() -> ssl.SSLContext:
    context = ssl.create_default_context()
    try:
        import certifi

        context.load_verify_locations(certifi.where())
    except (ImportError, OSError):
        pass
    return context


def _run_sync(coro_fn):
    """Run ``coro_fn()`` on a fresh event loop, in this thread unless one is already running here."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coro_fn())
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(lambda: asyncio.run(coro_fn())).result()
