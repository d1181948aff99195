"""The feeds the desk polls, and each one's polling state, in the store (tables ``feeds``, ``feed_entries``).

:class:`FeedRegistry` adds, removes, lists and syncs feeds, says which are due, which
entries were already taken (``seen``), and writes a poll's outcome (``record``) inside
the caller's transaction, so a poll's validators and "seen" marks are committed with
the articles they cover or not at all.

Times are timezone-aware UTC datetimes in records, ISO 8601 text (as the store writes
times, so they compare as text) in the table.
"""

from __future__ import annotations

import sqlite3
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any, Iterable

from ..errors import ConfigError, NotFoundError
from ..readers.fetch import check_url
from ..settings import Settings
from ..store import Store, _utc_iso

if TYPE_CHECKING:  # poll imports this module; the type only
    from .poll import Polled

__all__ = ["FeedRecord", "FeedRegistry", "next_poll_time", "MAX_BACKOFF_S", "MIN_INTERVAL_S"]

MAX_BACKOFF_S = 86_400  # a failing feed is retried at least once a day
MIN_INTERVAL_S = 1
MAX_INTERVAL_S = 7 * 86_400
_COLUMNS = ("id, url, title, interval_seconds, etag, last_modified, next_poll_at, last_polled_at, last_ok_at, "
            "failures, last_status, last_error, articles, added_at")
_STATUSES = ("ok", "not modified", "error")
_DUE_AT_ONCE = _utc_iso(datetime(1970, 1, 1, tzinfo=timezone.utc))  # a new feed is due whatever the clock (replays)


def _utc(when: datetime | None) -> datetime | None:
    if when is None:
        return None
    return when.replace(tzinfo=timezone.utc) if when.tzinfo is None else when.astimezone(timezone.utc)


def _parse(text: str | None) -> datetime | None:
    return _utc(datetime.fromisoformat(text)) if text else None


@dataclass(frozen=True, slots=True)
class FeedRecord:
    """One row of ``feeds``: a feed and where its polling stands."""

    id: int
    url: str
    title: str | None
    interval_seconds: int
    etag: str | None
    last_modified: str | None
    next_poll_at: datetime
    last_polled_at: datetime | None
    last_ok_at: datetime | None
    failures: int
    last_status: str  # 'new' | 'ok' | 'not modified' | 'error'
    last_error: str | None
    articles: int
    added_at: datetime

    def to_dict(self) -> dict[str, Any]:
        """The record as JSON-ready values (times as ISO 8601 text)."""
        out = asdict(self)
        for k, v in out.items():
            if isinstance(v, datetime):
                out[k] = v.isoformat()
        return out


def _record(row: tuple) -> FeedRecord:
    (fid, url, title, interval, etag, modified, next_at, polled, ok, failures, status, error, articles,
     added) = row
    return FeedRecord(id=fid, url=url, title=title, interval_seconds=interval, etag=etag, last_modified=modified,
                      next_poll_at=_parse(next_at), last_polled_at=_parse(polled), last_ok_at=_parse(ok),
                      failures=failures, last_status=status, last_error=error, articles=articles,
                      added_at=_parse(added))


def next_poll_time(polled_at: datetime, interval: int, *, status: str, failures: int,
                   retry_after_s: float | None = None, max_age_s: float | None = None) -> datetime:
    """When to poll a feed next.

    After a success, ``interval`` seconds, or longer when the server asks for it
    (``Retry-After``, ``Cache-Control: max-age``). After an error, backoff:
    ``interval * 2**min(failures, 6)`` (``failures`` counts this one), or the server's
    ``Retry-After`` when longer. A wait beyond a day is cut to a day (or the interval,
    if that is longer).
    """
    wait = float(interval)
    if status == "error":
        wait = interval * 2 ** min(max(failures, 0), 6)
    else:
        wait = max(wait, max_age_s or 0.0)
    wait = max(wait, retry_after_s or 0.0)
    wait = min(wait, max(float(MAX_BACKOFF_S), float(interval)))
    return _utc(polled_at) + timedelta(seconds=wait)


class FeedRegistry:
    """The feeds of one store.

    Args:
        store: the store holding the ``feeds`` tables (schema 0004 or later).
        default_interval: seconds between polls of a feed added without an
            interval (default: the ``feed_interval_s`` setting).
    """

    def __init__(self, store: Store, *, default_interval: int | None = None) -> None:
        self.store = store
        self.default_interval = int(default_interval or Settings().feed_interval_s)

    # -- reads -----------------------------------------------------------------------

    def _con(self) -> sqlite3.Connection:
        return self.store._con_or_fail()

    def get(self, feed_id: int) -> FeedRecord:
        """The feed with id ``feed_id``.

        Raises:
            NotFoundError: no such feed.
        """
        row = None
        if isinstance(feed_id, int) and 0 < feed_id < 2**63:
            row = self._con().execute(f"SELECT {_COLUMNS} FROM feeds WHERE id = ?", (feed_id,)).fetchone()
        if row is None:
            raise NotFoundError(f"no feed with id {feed_id}; list the feeds to see their ids")
        return _record(row)

    def find(self, url: str) -> FeedRecord | None:
        """The feed with exactly this URL, if registered."""
        row = self._con().execute(f"SELECT {_COLUMNS} FROM feeds WHERE url = ?", (url,)).fetchone()
        return _record(row) if row else None

    def list(self) -> list[FeedRecord]:
        """Every feed, in the order added."""
        return [_record(r) for r in self._con().execute(f"SELECT {_COLUMNS} FROM feeds ORDER BY id")]

    def due(self, now: datetime) -> list[FeedRecord]:
        """The feeds whose next poll is at or before ``now``, the most overdue first."""
        rows = self._con().execute(f"SELECT {_COLUMNS} FROM feeds WHERE next_poll_at <= ? ORDER BY next_poll_at, id",
                                   (_utc_iso(now),))
        return [_record(r) for r in rows]

    def next_due(self) -> datetime | None:
        """The earliest next poll time of any feed (None: no feeds)."""
        row = self._con().execute("SELECT min(next_poll_at) FROM feeds").fetchone()
        return _parse(row[0]) if row and row[0] else None

    def seen(self, feed_id: int, keys: Iterable[str]) -> set[str]:
        """Which of ``keys`` were already taken from feed ``feed_id``."""
        keys = list(dict.fromkeys(keys))
        found: set[str] = set()
        con = self._con()
        for i in range(0, len(keys), 500):
            chunk = keys[i:i + 500]
            marks = ",".join("?" * len(chunk))
            found.update(r[0] for r in con.execute(
                f"SELECT entry_key FROM feed_entries WHERE feed_id = ? AND entry_key IN ({marks})", (feed_id, *chunk)))
        return found

    def stored_urls(self, urls: Iterable[str]) -> set[str]:
        """Which of ``urls`` are already the URL of a stored article (taken from another feed; indexed by 0005_desk)."""
        urls = [u for u in dict.fromkeys(urls) if u]
        found: set[str] = set()
        con = self._con()
        for i in range(0, len(urls), 500):
            chunk = urls[i:i + 500]
            found.update(r[0] for r in con.execute(
                f"SELECT url FROM articles WHERE url IN ({','.join('?' * len(chunk))})", chunk))
        return found

    # -- writes ----------------------------------------------------------------------

    def add(self, url: str, title: str | None = None, interval_seconds: int | None = None) -> FeedRecord:
        """Register a feed (idempotent: an already registered URL returns its record, its title
        filled in if it had none). It is due at once.

        Raises:
            FetchError: not an http(s) URL (credentials, control characters, too long...).
            ConfigError: ``interval_seconds`` out of range.
        """
        url = url.strip() if isinstance(url, str) else url
        check_url(url)
        interval = self._interval(interval_seconds)
        title = (title or "").strip()[:300] or None
        now = _utc_iso(datetime.now(timezone.utc))
        with self.store.transaction() as con:
            con.execute("INSERT INTO feeds (url, title, interval_seconds, next_poll_at, added_at) VALUES (?, ?, ?, ?, ?) "
                        "ON CONFLICT (url) DO UPDATE SET title = coalesce(feeds.title, excluded.title)",
                        (url, title, interval, _DUE_AT_ONCE, now))
            row = con.execute(f"SELECT {_COLUMNS} FROM feeds WHERE url = ?", (url,)).fetchone()
        return _record(row)

    def _interval(self, interval_seconds: int | None) -> int:
        if interval_seconds is None:
            return self.default_interval
        if isinstance(interval_seconds, bool) or not isinstance(interval_seconds, int) or \
                not MIN_INTERVAL_S <= interval_seconds <= MAX_INTERVAL_S:
            raise ConfigError(f"feed interval must be a whole number of seconds from {MIN_INTERVAL_S} to "
                              f"{MAX_INTERVAL_S}, not {interval_seconds!r}")
        return interval_seconds

    def remove(self, feed_id: int) -> bool:
        """Forget a feed and its taken entries (its articles stay in the store); False if there was none."""
        if not isinstance(feed_id, int) or not 0 < feed_id < 2**63:
            return False
        with self.store.transaction() as con:
            con.execute("DELETE FROM feed_entries WHERE feed_id = ?", (feed_id,))
            return con.execute("DELETE FROM feeds WHERE id = ?", (feed_id,)).rowcount > 0

    def sync(self, specs: Iterable[Any]) -> list[FeedRecord]:
        """Add the feeds of ``specs`` (:class:`~newsfuse.desk.feedlist.FeedSpec`) not yet registered;
        returns their records in the list's order. Feeds not in the list are kept."""
        return [self.add(spec.url, spec.title) for spec in specs]

    def record(self, polled: "Polled", *, con: sqlite3.Connection) -> None:
        """Write a poll's outcome with ``con``, the caller's open transaction.

        Sets status, error, validators (kept on "not modified" and errors), failures and
        the next poll time (:func:`next_poll_time`), adds the poll's articles to the count
        and marks its entries taken. A feed removed meanwhile is left removed.
        """
        if polled.status not in _STATUSES:
            raise ValueError(f"unknown poll status {polled.status!r}")
        row = con.execute("SELECT interval_seconds, failures FROM feeds WHERE id = ?", (polled.feed.id,)).fetchone()
        if row is None:
            return
        interval, failures = row
        at = _utc_iso(polled.polled_at)
        failures = failures + 1 if polled.status == "error" else 0
        next_at = next_poll_time(polled.polled_at, interval, status=polled.status, failures=failures,
                                 retry_after_s=polled.retry_after_s, max_age_s=polled.max_age_s)
        if polled.status == "error":
            con.execute("UPDATE feeds SET last_polled_at = ?, failures = ?, last_status = 'error', last_error = ?, "
                        "next_poll_at = ? WHERE id = ?",
                        (at, failures, (polled.error or "error")[:500], _utc_iso(next_at), polled.feed.id))
            return
        con.execute(
            "UPDATE feeds SET last_polled_at = ?, last_ok_at = ?, failures = 0, last_status = ?, last_error = NULL, "
            "next_poll_at = ?, etag = CASE WHEN ? THEN ? ELSE coalesce(?, etag) END, "
            "last_modified = CASE WHEN ? THEN ? ELSE coalesce(?, last_modified) END, "
            "title = coalesce(title, ?), articles = articles + ? WHERE id = ?",
            (at, at, polled.status, _utc_iso(next_at),
             polled.status == "ok", polled.etag, polled.etag,
             polled.status == "ok", polled.last_modified, polled.last_modified,
             polled.feed_title, len(polled.articles), polled.feed.id))
        con.executemany("INSERT OR IGNORE INTO feed_entries (feed_id, entry_key, seen_at) VALUES (?, ?, ?)",
                        [(polled.feed.id, k, at) for k in dict.fromkeys(polled.entry_keys)])
