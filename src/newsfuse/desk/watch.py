"""The watch loop: feeds polled, articles taken, stories re-briefed, until told to stop.

:class:`Watch` runs what ``newsfuse watch FEEDS --db DB`` and ``newsfuse serve --db DB
--watch FEEDS`` run:

1. the feed list (OPML or one URL a line) is synced into the store's registry at start and
   whenever the file changes (feeds are added, never removed by the file: remove them over
   the API or on the feeds page);
2. the due feeds are polled together (:class:`~newsfuse.desk.poll.Poller`) and everything
   they brought is ingested, with their outcomes, in one transaction
   (:meth:`~newsfuse.desk.desk.Desk.ingest`);
3. a background thread re-briefs the stories that received articles, one at a time
   (:meth:`~newsfuse.desk.desk.Desk.rebrief_next`);
4. the loop sleeps until the next feed is due (waking at least every ``WAKE_S`` seconds, so
   a feed added over the API is polled promptly).

Every thread opens its own store connection. :meth:`Watch.stop` (Ctrl-C, SIGTERM) ends
the loop after the current round, lets the re-brief thread finish the brief it is on, and
saves the clustering state; a process killed outright loses nothing either (see
:mod:`.desk`). With ``once``, one round is polled and every pending story briefed, then it
returns.
"""

from __future__ import annotations

import sys
import threading
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, TextIO

from ..errors import NewsfuseError, ReadError, StoreBusyError
from ..settings import Settings
from ..store import Store

WAKE_S = 5.0  # the longest the loop sleeps before looking at the registry again
ERROR_PAUSE_S = 10.0  # after a failed round (the store busy or full), before the next


def read_feed_file(path: Path) -> list:
    """The :class:`~newsfuse.desk.feedlist.FeedSpec` list in the file at ``path``.

    Raises:
        ReadError: no such file, or it cannot be read.
        FormatError: not a feed list (the message names the line).
    """
    from .feedlist import read_feed_list

    if not path.is_file():
        raise ReadError("no such feed list; give an OPML file or a file with one feed URL a line", source=str(path))
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ReadError(f"cannot be read ({exc.strerror}); check its permissions", source=str(path)) from None
    return read_feed_list(data, source=str(path))


class Watch:
    """The watch loop over one store; :meth:`run` blocks until :meth:`stop`.

    Args:
        db_path: the store file.
        feeds: a feed list file to sync from (None: the feeds already registered).
        settings: fetch limits, ``allow_private_urls``, ``feed_interval_s``, the brief's settings.
        once: poll one round, brief every pending story, and return.
        trusted: host names the poller may fetch on private addresses (loopback test servers).
        log: where one line per round goes (None: nowhere).
    """

    def __init__(self, db_path: str | Path, feeds: str | Path | None = None, settings: Settings | None = None, *,
                 once: bool = False, trusted: tuple[str, ...] = (), log: TextIO | None = sys.stderr) -> None:
        self.db_path = Path(db_path)
        self.feeds = Path(feeds) if feeds is not None else None
        self.settings = settings or Settings()
        self.once = once
        self.trusted = trusted
        self.log = log
        self._stop = threading.Event()
        self._work = threading.Event()  # set after an ingest: the re-brief thread looks at once
        self._feeds_mtime: float | None = None
        self.rounds = 0
        self.taken = 0
        self.briefs = 0
        self.error: BaseException | None = None  # what ended the re-brief thread, if anything

    # -- control -------------------------------------------------------------------

    def stop(self) -> None:
        """Ask the loop to end after the current round (safe from a signal handler or another thread)."""
        self._stop.set()
        self._work.set()

    @property
    def stopping(self) -> bool:
        return self._stop.is_set()

    def _say(self, message: str) -> None:
        if self.log is not None:
            self.log.write(f"newsfuse watch: {message}\n")
            self.log.flush()

    # -- the loop ------------------------------------------------------------------

    def check(self) -> int:
        """Open the store and read the feed list now, so a bad ``--db`` or FEEDS fails before
        anything starts; returns how many feeds the list names (0 without a list)."""
        specs = read_feed_file(self.feeds) if self.feeds is not None else []
        with Store(self.db_path):
            pass
        return len(specs)

    def run(self) -> None:
        """Poll, ingest and re-brief until :meth:`stop` (or one round with ``once``)."""
        from .desk import Desk
        from .poll import Poller
        from .registry import FeedRegistry

        with Store(self.db_path) as store:
            registry = FeedRegistry(store, default_interval=self.settings.feed_interval_s)
            poller = Poller(registry, self.settings, trusted=self.trusted)
            desk = Desk(store, self.settings)
            self._sync(registry)
            if not registry.list():
                self._say("no feeds yet: add some over the API or on the feeds page")
            briefer = None
            if not self.once:
                briefer = threading.Thread(target=self._rebrief_loop, name="newsfuse-rebrief", daemon=True)
                briefer.start()
            try:
                while not self.stopping:
                    try:
                        self._sync(registry)
                        self._round(poller, desk)
                    except NewsfuseError as exc:  # the store busy or full, the feed list broken: say so, go on
                        if self.once:
                            raise
                        self._say(f"round failed: {exc}; trying again in {ERROR_PAUSE_S:g} s")
                        self._stop.wait(ERROR_PAUSE_S)
                        continue
                    if self.once:
                        self.briefs += len(desk.rebrief_all())
                        break
                    self._sleep(registry)
            finally:
                self.stop()
                if briefer is not None:
                    briefer.join(timeout=600)
                desk.checkpoint()
        if self.error is not None:
            raise self.error

    def _sync(self, registry) -> None:
        if self.feeds is None:
            return
        try:
            mtime = self.feeds.stat().st_mtime
        except OSError:
            mtime = None
        if mtime is not None and mtime == self._feeds_mtime:
            return
        specs = read_feed_file(self.feeds)
        before = len(registry.list())
        registry.sync(specs)
        self._feeds_mtime = mtime
        added = len(registry.list()) - before
        if added:
            self._say(f"{added} feed(s) added from {self.feeds}")

    def _round(self, poller, desk) -> None:
        polled = poller.poll_due(datetime.now(timezone.utc))
        if not polled:
            return
        articles = [a for p in polled for a in p.articles]
        result = desk.ingest(articles, polled=polled)
        self.rounds += 1
        self.taken += result.taken
        errors = sum(p.status == "error" for p in polled)
        self._say(f"polled {len(polled)} feed(s) ({errors} error(s)): {result.taken} new article(s), "
                  f"{result.copies} copies, {len(result.stories)} story(ies) changed, {len(result.created)} new")
        if result.stories:
            self._work.set()

    def _sleep(self, registry) -> None:
        due = registry.next_due()
        wait = WAKE_S
        if due is not None:
            wait = min(WAKE_S, max(0.0, (due - datetime.now(timezone.utc)).total_seconds()))
        self._stop.wait(wait)

    def _rebrief_loop(self) -> None:
        from .desk import Desk

        try:
            with Store(self.db_path) as store:
                desk = Desk(store, self.settings)
                while not self.stopping:
                    self._work.clear()
                    try:
                        story = desk.rebrief_next()
                    except StoreBusyError as exc:  # an ingest held the write lock past the busy timeout
                        self._say(f"re-brief waits: {exc}")
                        self._stop.wait(1.0)
                        continue
                    if story is None:
                        self._work.wait(WAKE_S)
                    else:
                        self.briefs += 1
        except BaseException as exc:  # noqa: BLE001 - reported by run()
            self.error = exc
            self._say(f"re-briefing stopped: {exc}")
            self._stop.set()


def run_until_signalled(watch: Watch, on_signal: Callable[[], None] | None = None) -> None:
    """Run ``watch`` in this (main) thread, stopping it cleanly on SIGINT or SIGTERM; a second
    signal exits at once (the store keeps its last committed batch either way)."""
    import signal

    count = [0]

    def handler(signum, frame) -> None:
        count[0] += 1
        if count[0] > 1:
            raise KeyboardInterrupt
        watch._say("stopping after this round (again to stop now)")
        watch.stop()
        if on_signal is not None:
            on_signal()

    old = {s: signal.signal(s, handler) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        watch.run()
    finally:
        for s, h in old.items():
            signal.signal(s, h)
