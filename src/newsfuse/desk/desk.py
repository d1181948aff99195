"""The desk: articles in, stories out, online, with the clusterer's state in the store.

:meth:`Desk.ingest` takes a batch of articles (one feed poll, or several) and, in ONE
store transaction:

1. stores each article once (an article with the same URL, or the same outlet and
   text, is the one already stored; one the desk has taken before is skipped);
2. assigns every new article to an open story or starts one, online, through
   :class:`~newsfuse.clustering.StoryClusterer` (whose MinHash index links wire copies
   and near-duplicates: ``desk_articles.duplicate_of``); clusterer stories map to
   store stories through ``desk_clusters``, and when the clusterer merges two open
   stories the younger store story's articles move into the older one
   (``desk_merged`` remembers where it went);
3. saves the clusterer's state (``desk_state``, pickled without its embedder) with the
   arrival sequence it covers;
4. queues every story that received articles for a re-brief (``desk_pending``);
5. writes the polls' outcomes (``FeedRegistry.record``) when ``polled`` is given, so a
   feed's validators and "seen" marks are never saved before the articles they cover.

A process killed anywhere leaves the last committed batch: the saved state and the
stored assignments always agree, so a restart (a new :class:`Desk` on the same file)
continues where it stopped, with no article lost or assigned twice (the feeds are
polled again for a batch that did not commit).

:meth:`Desk.rebrief_next` briefs one pending story from a snapshot and saves it only if
the story is still at that snapshot's version (``Store.save_brief(story_version=...)``),
so a stored brief never misses a stored article; a story changed meanwhile is briefed
again. The clusterer's settings (``fast``, the story window) are fixed by the first
batch a store takes; later runs continue with the saved ones.
"""

from __future__ import annotations

import json
import pickle
import sys
from dataclasses import dataclass, replace
from typing import Any, Sequence

from ..errors import ConflictError, NewsfuseError, NotFoundError, StoreError
from ..model import Article
from ..settings import Settings
from ..store import TITLE_CHARS, Store, content_hash, utc_now

REBRIEF_ATTEMPTS = 3  # a story that changes under every attempt goes to the back of the queue


@dataclass(frozen=True, slots=True)
class IngestResult:
    """What one :meth:`Desk.ingest` did.

    Attributes:
        taken: articles new to the desk (stored, assigned to a story).
        skipped: articles the desk already had (same URL or same outlet and text) or empty.
        copies: new articles found to copy an earlier one (wire copies and near-duplicates).
        stories: the store stories that received articles, in order of first arrival.
        created: the stories this batch started.
        merged: ``(gone, into)`` for each store story merged into another.
        upto_seq: the arrival sequence number of the last article taken so far.
    """

    taken: int = 0
    skipped: int = 0
    copies: int = 0
    stories: tuple[int, ...] = ()
    created: tuple[int, ...] = ()
    merged: tuple[tuple[int, int], ...] = ()
    upto_seq: int = 0


def _config(settings: Settings) -> dict[str, Any]:
    return {"fast": settings.fast, "window_days": settings.story_window_days,
            "window_articles": settings.story_window_articles}


def _short_title(title: str | None) -> str:
    title = " ".join((title or "").split()) or "Untitled story"
    return title if len(title) <= TITLE_CHARS else title[: TITLE_CHARS - 1].rstrip() + "\u2026"


class Desk:
    """Online story assignment and re-briefing over one :class:`~newsfuse.store.Store`.

    Use one ``Desk`` per thread (its store connection is the thread's): the watch loop
    ingests through one, the re-brief thread calls :meth:`rebrief_next` on another. The
    clusterer's state is loaded on the first :meth:`ingest`, so a re-brief-only desk
    never loads it.

    Args:
        store: the store (its schema includes the desk's tables).
        settings: ``fast`` and the story window for a new store; the brief's settings.
        embedder: the dense embedder to give the clusterer (default: MiniLM, loaded when
            needed; none in fast mode).
    """

    def __init__(self, store: Store, settings: Settings | None = None, *, embedder: Any = None) -> None:
        self.store = store
        self.settings = settings or Settings()
        self.embedder = embedder
        self._clusterer: Any = None
        self._registry: Any = None
        self._saved_upto = 0

    # -- state ---------------------------------------------------------------------

    @property
    def clusterer(self):
        """The clusterer, as of the last committed batch (loaded from the store on first use)."""
        if self._clusterer is None:
            self._clusterer = self._load()
        return self._clusterer

    def _load(self):
        """The saved state, with the batches logged after it replayed in order (the replay's
        assignments are already in the store; they are only checked against it)."""
        from ..clustering.clusterer import StoryClusterer

        con = self.store._con_or_fail()
        row = con.execute("SELECT config, state, upto_seq FROM desk_state WHERE id = 1").fetchone()
        if row is None:
            c = _config(self.settings)
            clusterer = StoryClusterer(fast=c["fast"], window_days=c["window_days"],
                                       window_articles=c["window_articles"], keep_history=False)
            upto = 0
        else:
            saved = json.loads(row[0])
            if saved != _config(self.settings):
                sys.stderr.write(f"newsfuse: note: {self.store.path} continues with its saved clustering settings "
                                 f"{saved} (they are fixed by the store's first articles)\n")
            try:
                clusterer = pickle.loads(row[1])
            except Exception as exc:  # a state this newsfuse cannot read: say so, change nothing
                raise StoreError(f"the desk's saved clustering state cannot be read ({type(exc).__name__}); "
                                 "use the newsfuse that wrote it, or another --db", source=str(self.store.path)) from None
            upto = int(row[2])
        if self.embedder is not None:
            clusterer.embedder = self.embedder
        self._saved_upto = upto
        self._replay(con, clusterer, upto)
        return clusterer

    def _replay(self, con, clusterer, upto: int) -> None:
        from ..store import _ARTICLE_COLUMNS, _row_article

        rows = con.execute(f"SELECT d.batch, d.cluster, {_ARTICLE_COLUMNS}, a.id FROM desk_articles d "
                           "JOIN articles a ON a.id = d.article_id WHERE d.seq > ? ORDER BY d.seq", (upto,)).fetchall()
        batches: dict[int, list] = {}
        for r in rows:
            batches.setdefault(r[0], []).append(r)
        differ = 0
        for batch in batches.values():
            arts = [replace(_row_article(r[2:-1]), id=str(r[-1])) for r in batch]
            assignments = clusterer.partial_fit(arts)
            alias = dict(clusterer.pop_merges())
            clusterer.pop_closed()
            for r, asg in zip(batch, assignments):
                cluster = asg.story
                while cluster in alias:
                    cluster = alias[cluster]
                differ += cluster != r[1]
        if differ:
            sys.stderr.write(f"newsfuse: note: replaying the desk's log put {differ} article(s) in other stories than "
                             "the store holds; the store's stories stand\n")

    def checkpoint(self) -> None:
        """Save the whole clustering state now (the watch loop does on a clean stop)."""
        if self._clusterer is None:
            return
        with self.store.transaction() as con:
            self._save_state(con, self._clusterer, self._upto(con))

    def _save_state(self, con, clusterer, upto: int) -> None:
        con.execute("INSERT OR REPLACE INTO desk_state (id, upto_seq, config, state, saved_at) VALUES (1, ?, ?, ?, ?)",
                    (upto, json.dumps(self._saved_config(clusterer)), pickle.dumps(clusterer, protocol=5), utc_now()))
        self._saved_upto = upto

    def upto_seq(self) -> int:
        """The arrival sequence number the saved state covers (0 for a new store)."""
        row = self.store._con_or_fail().execute("SELECT upto_seq FROM desk_state WHERE id = 1").fetchone()
        return int(row[0]) if row else 0

    # -- ingest --------------------------------------------------------------------

    def ingest(self, articles: Sequence[Article], *, polled: Any = None) -> IngestResult:
        """Store, assign and queue ``articles`` and record ``polled`` (one ``Polled`` or a list), in
        one transaction; nothing of it is kept if any step fails.

        Raises:
            StoreError: the store could not be written (nothing was).
        """
        polls = [] if polled is None else (list(polled) if isinstance(polled, (list, tuple)) else [polled])
        feed_of = {id(a): p.feed.id for p in polls for a in p.articles}
        clusterer = self.clusterer
        try:
            with self.store.transaction() as con:
                result = self._ingest(con, clusterer, articles, feed_of)
                if polls:
                    registry = self._feed_registry()
                    for p in polls:
                        registry.record(p, con=con)
            return result
        except BaseException:
            self._clusterer = None  # the in-memory state ran ahead of the store: load it again
            self._saved_upto = 0
            raise

    def _feed_registry(self):
        if self._registry is None:
            from .registry import FeedRegistry

            self._registry = FeedRegistry(self.store)
        return self._registry

    def _ingest(self, con, clusterer, articles: Sequence[Article], feed_of: dict[int, int]) -> IngestResult:
        now = utc_now()
        fresh: list[tuple[Article, int, int | None]] = []  # (article as clustered, store row, feed)
        taken_rows: set[int] = set()
        skipped = 0
        for a in articles:
            if not a.text.strip():
                skipped += 1
                continue
            row = self._stored_row(con, a)
            if row is not None and (row in taken_rows or con.execute(
                    "SELECT 1 FROM desk_articles WHERE article_id = ?", (row,)).fetchone()):
                skipped += 1
                continue
            feed = feed_of.get(id(a))
            if row is None:
                row = self.store._store_article(con, a)
            else:  # stored before (not by the desk): cluster what the store holds, as a replay will
                a = self._stored_article(con, row)
            taken_rows.add(row)
            fresh.append((a, row, feed))
        if not fresh:
            return IngestResult(skipped=skipped, upto_seq=self._upto(con))
        # The clusterer knows each article by its store row: ids unique whatever the feeds say.
        assignments = clusterer.partial_fit([replace(a, id=str(row)) for a, row, _ in fresh])
        alias = dict(clusterer.pop_merges())
        clusterer.pop_closed()  # closed stories keep their store stories; nothing more joins them

        def final(cluster: str) -> str:
            while cluster in alias:
                cluster = alias[cluster]
            return cluster

        batch = int(con.execute("SELECT coalesce(max(batch), 0) + 1 FROM desk_articles").fetchone()[0])
        touched: dict[int, None] = {}
        merged = self._apply_merges(con, alias, final, touched, now)
        created: list[int] = []
        copies = 0
        for (a, row, feed), asg in zip(fresh, assignments):
            cluster = final(asg.story)
            story = self._story_of(con, cluster)
            if story is None:
                story = self._new_story(con, cluster, a, now)
                created.append(story)
            original = int(asg.duplicate_of) if asg.duplicate_of else None
            if original is not None and not con.execute("SELECT 1 FROM articles WHERE id = ?", (original,)).fetchone():
                original = None  # its story was deleted since
            copies += original is not None
            self._link(con, story, row, now)
            con.execute("INSERT INTO desk_articles (batch, article_id, story_id, cluster, duplicate_of, wire, feed_id, "
                        "arrived_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                        (batch, row, story, cluster, original, asg.wire, feed, now))
            touched[story] = None
        for story in touched:
            con.execute("UPDATE stories SET version = version + 1, updated_at = ? WHERE id = ?", (now, story))
            con.execute("INSERT INTO desk_pending (story_id, since) VALUES (?, ?) ON CONFLICT (story_id) DO NOTHING",
                        (story, now))
        upto = self._upto(con)
        every = self.settings.desk_checkpoint_articles
        first = con.execute("SELECT 1 FROM desk_state WHERE id = 1").fetchone() is None
        if first or every == 0 or upto - self._saved_upto >= every:
            self._save_state(con, clusterer, upto)
        return IngestResult(len(fresh), skipped, copies, tuple(touched), tuple(created), tuple(merged), upto)

    @staticmethod
    def _stored_article(con, row: int) -> Article:
        from ..store import _ARTICLE_COLUMNS, _row_article

        return _row_article(con.execute(f"SELECT {_ARTICLE_COLUMNS} FROM articles a WHERE a.id = ?", (row,)).fetchone())

    @staticmethod
    def _saved_config(clusterer) -> dict[str, Any]:
        return {"fast": clusterer.fast, "window_days": clusterer.window_days,
                "window_articles": clusterer.window_articles}

    @staticmethod
    def _upto(con) -> int:
        return int(con.execute("SELECT coalesce(max(seq), 0) FROM desk_articles").fetchone()[0])

    @staticmethod
    def _stored_row(con, a: Article) -> int | None:
        if a.url:
            row = con.execute("SELECT id FROM articles WHERE url = ? ORDER BY id LIMIT 1", (a.url,)).fetchone()
            if row:
                return int(row[0])
        row = con.execute("SELECT id FROM articles WHERE content_hash = ?", (content_hash(a),)).fetchone()
        return int(row[0]) if row else None

    @staticmethod
    def _story_of(con, cluster: str) -> int | None:
        row = con.execute("SELECT story_id FROM desk_clusters WHERE cluster = ?", (cluster,)).fetchone()
        return int(row[0]) if row else None

    @staticmethod
    def _new_story(con, cluster: str, a: Article, now: str) -> int:
        from ..clustering.stories import _lead_title

        cur = con.execute("INSERT INTO stories (title, created_at, updated_at, version) VALUES (?, ?, ?, 0)",
                          (_short_title(a.title or _lead_title(a.text)), now, now))
        story = int(cur.lastrowid)
        con.execute("INSERT INTO desk_clusters (cluster, story_id) VALUES (?, ?)", (cluster, story))
        return story

    @staticmethod
    def _link(con, story: int, row: int, now: str) -> None:
        position = con.execute("SELECT coalesce(max(position), -1) + 1 FROM story_articles WHERE story_id = ?",
                               (story,)).fetchone()[0]
        con.execute("INSERT OR IGNORE INTO story_articles (story_id, article_id, position, added_at) VALUES (?, ?, ?, ?)",
                    (story, row, position, now))

    def _apply_merges(self, con, alias: dict[str, str], final, touched: dict[int, None], now: str) -> list[tuple[int, int]]:
        """Move the store story of every merged cluster into the story of the cluster it went into."""
        merged = []
        for gone in alias:
            source = self._story_of(con, gone)
            if source is None:
                continue  # started and merged within this batch: it never had a store story
            into_cluster = final(gone)
            target = self._story_of(con, into_cluster)
            if target is None:  # the kept story's store story was deleted: this one carries on for it
                con.execute("INSERT INTO desk_clusters (cluster, story_id) VALUES (?, ?)", (into_cluster, source))
                target = source
            elif target != source:
                offset = con.execute("SELECT coalesce(max(position), -1) + 1 FROM story_articles WHERE story_id = ?",
                                     (target,)).fetchone()[0]
                con.execute("INSERT OR IGNORE INTO story_articles (story_id, article_id, position, added_at) "
                            "SELECT ?, article_id, position + ?, added_at FROM story_articles WHERE story_id = ?",
                            (target, offset, source))
                con.execute("UPDATE desk_articles SET story_id = ? WHERE story_id = ?", (target, source))
                con.execute("UPDATE desk_clusters SET story_id = ? WHERE story_id = ?", (target, source))
                con.execute("UPDATE desk_merged SET into_story = ? WHERE into_story = ?", (target, source))
                con.execute("INSERT OR REPLACE INTO desk_merged (story_id, into_story) VALUES (?, ?)", (source, target))
                con.execute("DELETE FROM stories WHERE id = ?", (source,))
                touched.pop(source, None)
                merged.append((source, target))
            con.execute("UPDATE desk_clusters SET merged_into = ? WHERE cluster = ?", (into_cluster, gone))
            touched[target] = None
        return merged

    # -- re-briefs -----------------------------------------------------------------

    def pending(self) -> list[int]:
        """Stories waiting for a re-brief, the longest-waiting first."""
        rows = self.store._con_or_fail().execute("SELECT story_id FROM desk_pending ORDER BY since, story_id").fetchall()
        return [int(r[0]) for r in rows]

    def rebrief_next(self) -> int | None:
        """Brief the longest-waiting pending story; returns its id, or None when none waits.

        The brief is computed from a snapshot and stored only if the story is still at the
        snapshot's version (and the story leaves the queue in that same transaction); a
        story that changed meanwhile is briefed again, and after a few tries goes to the
        back of the queue. A story that cannot be briefed (its articles are too short,
        say) leaves the queue with a note on stderr.
        """
        from ..web.service import _story_lock, compute_brief

        con = self.store._con_or_fail()
        row = con.execute("SELECT story_id FROM desk_pending ORDER BY since, story_id LIMIT 1").fetchone()
        if row is None:
            return None
        story = int(row[0])
        with _story_lock(self.store.path, story):
            for _ in range(REBRIEF_ATTEMPTS):
                try:
                    snap = self.store.snapshot(story)
                except NotFoundError:
                    self._unqueue(story)
                    return story
                try:
                    brief = compute_brief(snap.articles, self.settings)
                except NewsfuseError as exc:
                    sys.stderr.write(f"newsfuse: story {story} cannot be briefed: {exc}\n")
                    self._unqueue(story, version=snap.version)
                    return story
                try:
                    with self.store.transaction() as tx:
                        self.store.save_brief(story, brief, self.settings, story_version=snap.version)
                        tx.execute("DELETE FROM desk_pending WHERE story_id = ?", (story,))
                    return story
                except ConflictError:
                    continue
        with self.store.transaction() as tx:  # still changing: let the other stories go first
            tx.execute("UPDATE desk_pending SET since = ? WHERE story_id = ?", (utc_now(), story))
        return story

    def _unqueue(self, story: int, version: int | None = None) -> None:
        with self.store.transaction() as tx:
            if version is not None:
                current = tx.execute("SELECT version FROM stories WHERE id = ?", (story,)).fetchone()
                if current and int(current[0]) != version:
                    return  # changed since: try again with the new articles
            tx.execute("DELETE FROM desk_pending WHERE story_id = ?", (story,))

    def rebrief_all(self, limit: int | None = None) -> list[int]:
        """Re-brief pending stories until none waits (or ``limit`` were done); their ids."""
        done: list[int] = []
        while limit is None or len(done) < limit:
            story = self.rebrief_next()
            if story is None:
                break
            done.append(story)
        return done

