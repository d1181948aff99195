"""The local store: stories, their articles and their briefs in one SQLite file.

``newsfuse serve`` and ``newsfuse brief --db FILE`` share it::

    with Store("newsfuse.db") as store:
        story_id = store.create_story(articles)
        store.save_brief(story_id, brief, settings)

- SQLite in WAL mode with foreign keys and a busy timeout: readers never block
  the writer, and a process killed mid-write leaves the last committed state.
- Schema versioned by ``PRAGMA user_version`` and a ``migrations`` table of
  named migrations, each applied with its bookkeeping in one transaction. A
  file written by a newer newsfuse is refused, never modified.
- An article is stored once, keyed by a content hash of outlet and text; a
  story links to its articles in input order.
- ``articles_fts`` (FTS5, kept in step by triggers) indexes titles and text;
  :meth:`Store.search` turns any user string into a safe query.
- Every story has a ``version``, raised by each change to its articles, and each
  brief records the version it was computed from. A write that computed its
  brief from an older snapshot is refused (:class:`ConflictError`) instead of
  storing a brief that misses articles: read :meth:`Store.snapshot`, compute, then
  :meth:`Store.add_articles` with ``expected_version`` (check, limit, articles and
  brief in one transaction), and retry on conflict.

Converting between :class:`~newsfuse.model.Article` and rows lives here.
"""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
import threading
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any, Iterator, Sequence

from .errors import ConflictError, NotFoundError, StoreBusyError, StoreError, StoreFileError, TooLargeError
from .migrations import MIGRATIONS
from .model import Article

SCHEMA_VERSION = len(MIGRATIONS)
MAX_ID = 2**63 - 1
TITLE_CHARS = 300  # longest story title stored (the web app refuses longer typed titles: max_title_chars)  # SQLite's largest integer: ids and offsets beyond it name nothing

_ARTICLE_COLUMNS = "a.article_id, a.outlet, a.text, a.title, a.url, a.date, a.source, a.credit, a.dateline, a.byline"


@dataclass(frozen=True, slots=True)
class StoryRecord:
    """A stored story as listed: id, title, times (ISO 8601, UTC), article count and outlets."""

    id: int
    title: str
    created: str
    updated: str
    article_count: int
    outlets: tuple[str, ...]
    version: int = 0
    snippet: tuple[tuple[str, bool], ...] = ()  # search hits: the best-matching passage, (text, is a match) runs


SNIPPET_WORDS = 16  # a search result shows about this many words around the matches
_HIT_OPEN, _HIT_CLOSE = "\x02", "\x03"  # control characters news text does not carry (a stray one only misplaces a highlight)


def _snippet_runs(marked: str) -> tuple[tuple[str, bool], ...]:
    """FTS5's ``snippet()`` output, matches between the markers, as (text, is a match) runs."""
    runs = []
    for i, piece in enumerate(re.split(f"[{_HIT_OPEN}{_HIT_CLOSE}]", marked)):
        if piece:
            runs.append((piece, i % 2 == 1))
    return tuple(runs)


@dataclass(frozen=True, slots=True)
class StorySnapshot:
    """A story's articles as of one ``version``, read in one transaction."""

    story_id: int
    version: int
    articles: tuple[Article, ...]


def content_hash(article: Article) -> str:
    """The key an article is stored once under: SHA-256 of its outlet and text."""
    return hashlib.sha256(f"{article.outlet}\n{article.text}".encode("utf-8")).hexdigest()


def fts_query(query: str) -> str:
    """A user's search string as a safe FTS5 query: every word quoted, all required.

    ``'a" OR *'`` -> ``'"a" "OR"'``: operators, quotes and stars lose their meaning.
    """
    words = re.findall(r"\w+", query)
    return " ".join(f'"{w}"' for w in words[:32])


def utc_now() -> str:
    """Now, as the store writes times (ISO 8601, UTC, microseconds): they compare as text."""
    return datetime.now(timezone.utc).isoformat(timespec="microseconds")


def _utc_iso(when: datetime) -> str:
    """``when`` as :func:`utc_now` writes times, so the two compare as text (a naive time is UTC)."""
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return when.astimezone(timezone.utc).isoformat(timespec="microseconds")


def _row_article(row: sqlite3.Row | tuple) -> Article:
    aid, outlet, text, title, url, published, source, credit, dateline, byline = row
    return Article(
        id=aid, outlet=outlet, text=text, title=title, url=url,
        date=date.fromisoformat(published) if published else None,
        source=source or "", credit=credit, dateline=dateline, byline=byline, cleaned=True,
    )


class Store:
    """Stories, articles and briefs in one SQLite file; use as a context manager.

    One connection per ``Store``; open one per thread (the web app opens one per
    request). Every write method runs in one transaction.

    Raises:
        StoreError: the file cannot be opened or written, or its schema is newer
            than this newsfuse.
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._depth = 0
        self._lock = threading.RLock()
        self._con: sqlite3.Connection | None = None
        try:
            if self.path.is_dir():
                raise StoreFileError("is a folder; give a file name for the store, e.g. newsfuse.db",
                                     source=str(self.path))
            if self.path.parent and not self.path.parent.exists():
                raise StoreFileError("folder does not exist; create it or choose another --db path", source=str(self.path))
            self._con = sqlite3.connect(str(self.path), timeout=10.0, isolation_level=None)
            self._con.execute("PRAGMA busy_timeout = 10000")
            self._con.execute("PRAGMA foreign_keys = ON")
            mode = self._con.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if str(mode).lower() != "wal":
                raise StoreError(f"could not switch to WAL mode (got {mode}); use a local disk", source=str(self.path))
            self._con.execute("PRAGMA synchronous = NORMAL")
            self._migrate()
        except sqlite3.DatabaseError as exc:
            self.close()
            if "not a database" in str(exc) or "malformed" in str(exc):
                raise StoreFileError(f"is not a newsfuse store ({exc}); choose another --db path or move the file "
                                     "aside", source=str(self.path)) from None
            raise StoreError(f"cannot open the store: {exc}; check the path or move the file aside",
                             source=str(self.path)) from None
        except BaseException:
            self.close()
            raise

    # -- lifecycle -----------------------------------------------------------------

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection (idempotent)."""
        con = getattr(self, "_con", None)
        if con is not None:
            con.close()
            self._con = None

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction (``BEGIN IMMEDIATE``); nested calls join the outer one."""
        with self._lock:
            if self._con is None:
                raise StoreError("the store is closed", source=str(self.path))
            outer = self._depth == 0
            try:
                if outer:
                    self._con.execute("BEGIN IMMEDIATE")
                self._depth += 1
                try:
                    yield self._con
                finally:
                    self._depth -= 1
                if outer:
                    self._con.execute("COMMIT")
            except BaseException as exc:
                if outer and self._con.in_transaction:
                    self._con.execute("ROLLBACK")
                if isinstance(exc, sqlite3.OperationalError):
                    kind = StoreBusyError if "locked" in str(exc) or "busy" in str(exc) else StoreError
                    raise kind(f"write failed: {exc}; retry, or check disk space and locks",
                                     source=str(self.path)) from None
                raise

    def _migrate(self) -> None:
        version = self._con.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise StoreError(f"schema version {version} is newer than this newsfuse knows ({SCHEMA_VERSION}); "
                             "upgrade newsfuse", source=str(self.path))
        if version == SCHEMA_VERSION:
            return
        with self.transaction() as con:
            con.execute("CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
            done = {r[0] for r in con.execute("SELECT name FROM migrations")}
            for name, sql in MIGRATIONS:
                if name in done:
                    continue
                for statement in _statements(sql):
                    con.execute(statement)
                con.execute("INSERT INTO migrations (name, applied_at) VALUES (?, ?)", (name, utc_now()))
            con.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    # -- writes ------------------------------------------------------------------------

    def _store_article(self, con: sqlite3.Connection, a: Article) -> int:
        h = content_hash(a)
        row = con.execute("SELECT id FROM articles WHERE content_hash = ?", (h,)).fetchone()
        if row:
            return row[0]
        cur = con.execute(
            "INSERT INTO articles (content_hash, article_id, outlet, credit, title, date, url, text, source, dateline, "
            "byline, added_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (h, a.id, a.outlet, a.credit, a.title, a.date.isoformat() if a.date else None, a.url, a.text,
             a.source, a.dateline, a.byline, utc_now()),
        )
        return int(cur.lastrowid)

    def _link(self, con: sqlite3.Connection, story_id: int, articles: Sequence[Article]) -> int:
        position = con.execute("SELECT coalesce(max(position), -1) FROM story_articles WHERE story_id = ?",
                               (story_id,)).fetchone()[0]
        added, now = 0, utc_now()
        for a in articles:
            row_id = self._store_article(con, a)
            cur = con.execute("INSERT OR IGNORE INTO story_articles (story_id, article_id, position, added_at) "
                              "VALUES (?, ?, ?, ?)", (story_id, row_id, position + 1, now))
            if cur.rowcount:
                position += 1
                added += 1
        return added

    def create_story(self, articles: Sequence[Article], title: str | None = None, *, brief: Any = None,
                     settings: Any = None) -> int:
        """Store ``articles`` (each once) as a new story, with its ``brief`` if given; returns its id."""
        title = (title or "").strip() or next((a.title for a in articles if a.title), None) or "Untitled story"
        if len(title) > TITLE_CHARS:  # a title taken from an article may be any length
            title = title[: TITLE_CHARS - 1].rstrip() + "\u2026"
        now = utc_now()
        with self.transaction() as con:
            cur = con.execute("INSERT INTO stories (title, created_at, updated_at, version) VALUES (?, ?, ?, 1)",
                              (title, now, now))
            story_id = int(cur.lastrowid)
            self._link(con, story_id, articles)
            if brief is not None:
                self._insert_brief(con, story_id, brief, settings, 1)
        return story_id

    def add_articles(self, story_id: int, articles: Sequence[Article], *, brief: Any = None, settings: Any = None,
                     expected_version: int | None = None, max_articles: int | None = None) -> int:
        """Add ``articles`` to a story (and store ``brief``, made from the result); returns how many were new.

        All in one transaction: the version check, the links, the limit and the brief.

        Raises:
            NotFoundError: no such story.
            ConflictError: the story is no longer at ``expected_version``.
            TooLargeError: the story would hold more than ``max_articles`` articles (nothing is stored).
        """
        with self.transaction() as con:
            version = self._version(con, story_id)
            if expected_version is not None and version != expected_version:
                raise ConflictError(f"story {story_id} changed while this write was prepared (version "
                                    f"{version}, not {expected_version}); send it again")
            added = self._link(con, story_id, articles)
            if max_articles is not None:
                count = con.execute("SELECT count(*) FROM story_articles WHERE story_id = ?", (story_id,)).fetchone()[0]
                if count > max_articles:
                    raise TooLargeError(f"{count} articles, over the limit of {max_articles} per story (max_articles)")
            if added:
                version += 1
                con.execute("UPDATE stories SET updated_at = ?, version = ? WHERE id = ?", (utc_now(), version, story_id))
            if brief is not None:
                self._insert_brief(con, story_id, brief, settings, version)
        return added

    def save_brief(self, story_id: int, brief: Any, settings: Any = None, *, story_version: int | None = None) -> None:
        """Store a brief (a :class:`~newsfuse.model.Brief` or its dict) with the settings and version that made it.

        Raises:
            ConflictError: ``story_version`` is given and the story has changed since.
        """
        with self.transaction() as con:
            version = self._version(con, story_id)
            if story_version is not None and story_version != version:
                raise ConflictError(f"story {story_id} changed while its brief was computed; compute it again")
            self._insert_brief(con, story_id, brief, settings, version)

    def _insert_brief(self, con: sqlite3.Connection, story_id: int, brief: Any, settings: Any, version: int) -> None:
        from . import __version__

        doc = brief.to_dict() if hasattr(brief, "to_dict") else brief
        settings_doc = settings.to_dict() if hasattr(settings, "to_dict") else (settings or {})
        con.execute(
            "INSERT INTO briefs (story_id, json, settings_json, version, created_at, story_version) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (story_id, json.dumps(doc, ensure_ascii=False, default=str),
             json.dumps(settings_doc, ensure_ascii=False, default=str), __version__, utc_now(), version),
        )

    def delete_story(self, story_id: int) -> bool:
        """Delete a story, its briefs, and its articles no other story holds; False if there was none."""
        if not _valid_id(story_id):
            return False
        with self.transaction() as con:
            cur = con.execute("DELETE FROM stories WHERE id = ?", (story_id,))
            if not cur.rowcount:
                return False
            con.execute("DELETE FROM articles WHERE id NOT IN (SELECT article_id FROM story_articles)")
        return True

    # -- reads -------------------------------------------------------------------------

    def _con_or_fail(self) -> sqlite3.Connection:
        if self._con is None:
            raise StoreError("the store is closed", source=str(self.path))
        return self._con

    def _require(self, con: sqlite3.Connection, story_id: int) -> None:
        self._version(con, story_id)

    def _version(self, con: sqlite3.Connection, story_id: int) -> int:
        """The story's version; :class:`NotFoundError` (naming no server path) if there is none."""
        row = con.execute("SELECT version FROM stories WHERE id = ?", (story_id,)).fetchone() \
            if _valid_id(story_id) else None
        if row is None:
            raise NotFoundError(f"no story {story_id}")
        return int(row[0])

    def _records(self, where: str, params: Sequence[Any], tail: str) -> list[StoryRecord]:
        con = self._con_or_fail()
        rows = con.execute(
            f"SELECT s.id, s.title, s.created_at, s.updated_at, s.version FROM stories s {where} {tail}", params
        ).fetchall()
        out = []
        for sid, title, created, updated, version in rows:
            outlets = [r[0] for r in con.execute(
                "SELECT a.outlet FROM story_articles sa JOIN articles a ON a.id = sa.article_id "
                "WHERE sa.story_id = ? ORDER BY sa.position", (sid,))]
            out.append(StoryRecord(sid, title, created, updated, len(outlets), tuple(dict.fromkeys(outlets)), version))
        return out

    def get_story(self, story_id: int) -> StoryRecord:
        """The story ``story_id``; raises :class:`NotFoundError` if there is none."""
        found = self._records("WHERE s.id = ?", (story_id,), "") if _valid_id(story_id) else []
        if not found:
            raise NotFoundError(f"no story {story_id}")
        return found[0]

    def list_stories(self, limit: int = 50, offset: int = 0) -> list[StoryRecord]:
        """Stories, most recently updated first (``offset`` of them skipped)."""
        return self._records("", (_bounded(limit), _bounded(offset)),
                             "ORDER BY s.updated_at DESC, s.id DESC LIMIT ? OFFSET ?")

    def search(self, query: str, limit: int = 50, offset: int = 0) -> list[StoryRecord]:
        """Stories with an article whose title or text has every word of ``query`` (FTS5), newest first."""
        q = fts_query(query)
        if not q:
            return []
        try:
            found = self._records(
                "WHERE s.id IN (SELECT sa.story_id FROM story_articles sa JOIN articles_fts f ON f.rowid = sa.article_id "
                "WHERE articles_fts MATCH ?)", (q, _bounded(limit), _bounded(offset)),
                "ORDER BY s.updated_at DESC, s.id DESC LIMIT ? OFFSET ?")
            con = self._con_or_fail()
            out = []
            for record in found:  # each story's best-ranked matching article gives its snippet
                row = con.execute(
                    f"SELECT snippet(articles_fts, -1, ?, ?, '\u2026', {SNIPPET_WORDS}) FROM articles_fts f "
                    "JOIN story_articles sa ON sa.article_id = f.rowid WHERE articles_fts MATCH ? AND sa.story_id = ? "
                    "ORDER BY rank LIMIT 1", (_HIT_OPEN, _HIT_CLOSE, q, record.id)).fetchone()
                out.append(replace(record, snippet=_snippet_runs(row[0]) if row else ()))
            return out
        except sqlite3.OperationalError as exc:
            raise StoreError(f"search failed: {exc}", source=str(self.path)) from None

    def story_articles(self, story_id: int) -> list[Article]:
        """The story's articles in the order they were added."""
        con = self._con_or_fail()
        self._require(con, story_id)
        rows = con.execute(
            f"SELECT {_ARTICLE_COLUMNS} FROM story_articles sa JOIN articles a ON a.id = sa.article_id "
            "WHERE sa.story_id = ? ORDER BY sa.position", (story_id,)).fetchall()
        return [_row_article(r) for r in rows]

    def split_since(self, story_id: int, since: datetime) -> tuple[list[Article], list[Article]]:
        """``(earlier, new)``: the story's articles added up to ``since`` and those added after it.

        Args:
            since: a time; a naive one is taken as UTC.
        """
        con = self._con_or_fail()
        self._require(con, story_id)
        rows = con.execute(
            f"SELECT sa.added_at > ?, {_ARTICLE_COLUMNS} FROM story_articles sa "
            "JOIN articles a ON a.id = sa.article_id WHERE sa.story_id = ? ORDER BY sa.position",
            (_utc_iso(since), story_id)).fetchall()
        earlier = [_row_article(r[1:]) for r in rows if not r[0]]
        return earlier, [_row_article(r[1:]) for r in rows if r[0]]

    def added_since(self, story_id: int, since: datetime) -> int:
        """How many of the story's articles were added after ``since`` (a naive time is UTC)."""
        con = self._con_or_fail()
        self._require(con, story_id)
        return con.execute("SELECT count(*) FROM story_articles WHERE story_id = ? AND added_at > ?",
                           (story_id, _utc_iso(since))).fetchone()[0]

    def snapshot(self, story_id: int) -> StorySnapshot:
        """The story's version and articles, read together in one transaction."""
        con = self._con_or_fail()
        with self._lock:
            con.execute("BEGIN")
            try:
                version = self._version(con, story_id)
                articles = self.story_articles(story_id)
            finally:
                con.execute("COMMIT")
        return StorySnapshot(story_id, version, tuple(articles))

    def latest_brief(self, story_id: int, *, current: bool = False) -> dict | None:
        """The story's newest brief (``newsfuse.brief/1`` dict), or None if none was saved.

        With ``current``, None also when that brief was computed before the story's last change.
        """
        con = self._con_or_fail()
        version = self._version(con, story_id)
        row = con.execute("SELECT json, story_version FROM briefs WHERE story_id = ? ORDER BY id DESC LIMIT 1",
                          (story_id,)).fetchone()
        if row is None or (current and row[1] != version):
            return None
        return json.loads(row[0])


def _valid_id(story_id: Any) -> bool:
    return isinstance(story_id, int) and 0 < story_id <= MAX_ID


def _bounded(n: Any) -> int:
    """A LIMIT/OFFSET value SQLite can take: clipped to 0..MAX_ID."""
    return max(0, min(int(n), MAX_ID))


def _statements(sql: str) -> list[str]:
    """Split a migration script into statements (trigger bodies kept whole)."""
    out, buf = [], []
    for line in sql.strip().splitlines():
        buf.append(line)
        joined = "\n".join(buf).strip()
        if joined.endswith(";") and sqlite3.complete_statement(joined):
            out.append(joined)
            buf = []
    if "\n".join(buf).strip():
        out.append("\n".join(buf).strip())
    return out
