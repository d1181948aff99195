"""Replay a day of feeds through the desk: throughput, arrival -> updated brief, memory over time.

The feed server of the desk's tests (``tests/desk/feedserver.py``, real HTTP on 127.0.0.1,
in a process of its own so that memory and CPU measured here are the desk's) serves ``--articles`` fictional reports from ``--feeds`` feeds over ``--hours`` simulated
hours. The replay advances the server's clock ``--step`` simulated seconds at a time and,
at each step, does what ``newsfuse watch`` does: poll the due feeds (:class:`Poller`: the
feed documents, conditional GET, every new entry's page fetched and read), ingest the new
articles with the poll's record in one transaction (:class:`Desk`), while a second thread
re-briefs the stories that changed (``Desk.rebrief_next``, one story at a time) on its own
store connection. The replay does not wait for simulated time to pass: it runs as fast as
the machine allows, so arrival -> brief includes the re-brief backlog at full load.

Measured:
- articles per second end to end (stored and assigned articles / wall time of the poll+ingest loop);
- for each article, the wall time from its ingest commit to the first stored brief of its
  story at that story's version or later (p50, p95; articles whose story got no such brief
  before the end and ``--drain-s`` are counted apart);
- the process's resident memory (VmRSS) at every simulated hour;
- B-cubed F1 of the stories against the generator's story labels (a sanity check).

    .venv/bin/python benchmarks/desk_replay.py --fast                      # 20,000 articles, 24 h
    .venv/bin/python benchmarks/desk_replay.py --fast --articles 2000 --hours 4 --feeds 40

Everything served is invented text from invented outlets.
"""

from __future__ import annotations

import argparse
import bisect
import json
import multiprocessing
import statistics
import sys
import tempfile
import threading
import time
from collections import defaultdict
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "desk"))

from feedserver import T0, FeedServer, generate  # noqa: E402

from newsfuse.desk.desk import Desk  # noqa: E402
from newsfuse.desk.poll import Poller  # noqa: E402
from newsfuse.desk.registry import FeedRegistry  # noqa: E402
from newsfuse.evaluate.bcubed import bcubed  # noqa: E402
from newsfuse.errors import StoreBusyError  # noqa: E402
from newsfuse.settings import Settings  # noqa: E402
from newsfuse.store import Store  # noqa: E402


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _serve(conn, args) -> None:
    """The feed server's process: serve the generated feeds, set the clock when told."""
    feeds = generate(args.articles, args.hours, feeds=args.feeds, sites=args.sites, seed=args.seed)
    for f in feeds:
        f.window = args.window
    with FeedServer(feeds, sites=args.sites, now=T0) as server:
        conn.send([server.base(i) for i in range(args.sites)])
        while True:
            command, value = conn.recv()
            if command == "stop":
                conn.send(None)
                return
            server.set_time(value)
            conn.send(None)


class ServerProcess:
    """The feed server in a process of its own, so the replay's memory and CPU are the desk's."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.conn, child = multiprocessing.Pipe()
        self.proc = multiprocessing.get_context("fork").Process(target=_serve, args=(child, args), daemon=True)
        self.proc.start()
        self.bases = self.conn.recv()

    def url(self, feed) -> str:
        return self.bases[feed.site] + feed.path

    def set_time(self, when) -> None:
        self.conn.send(("time", when))
        self.conn.recv()

    def close(self) -> None:
        self.conn.send(("stop", None))
        self.conn.recv()
        self.proc.join(timeout=30)

    def __enter__(self) -> "ServerProcess":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class Rebriefer(threading.Thread):
    """Re-briefs pending stories on its own store connection; records (story, brief version, time)."""

    def __init__(self, db: Path, settings: Settings) -> None:
        super().__init__(daemon=True, name="rebrief")
        self.db, self.settings = db, settings
        self.stop = threading.Event()
        self.events: dict[int, list[tuple[float, int]]] = defaultdict(list)
        self.briefs = 0
        self.locked = 0  # re-briefs that found the store locked past its busy timeout (and went on)
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            with Store(self.db) as store:
                desk = Desk(store, self.settings)
                con = store._con_or_fail()
                while not self.stop.is_set():
                    try:
                        story = desk.rebrief_next()
                    except StoreBusyError as exc:
                        self.locked += 1  # the ingest held the write lock past the busy timeout: try again
                        print(f"  re-brief: {exc}", file=sys.stderr, flush=True)
                        continue
                    if story is None:
                        time.sleep(0.05)
                        continue
                    row = con.execute("SELECT story_version FROM briefs WHERE story_id = ? ORDER BY id DESC LIMIT 1",
                                      (story,)).fetchone()
                    if row is not None:
                        self.events[story].append((time.perf_counter(), int(row[0])))
                        self.briefs += 1
        except BaseException as exc:  # reported by the main thread
            self.error = exc


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    k = (len(values) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


def replay(args: argparse.Namespace) -> dict:
    feeds = generate(args.articles, args.hours, feeds=args.feeds, sites=args.sites, seed=args.seed)
    for f in feeds:
        f.window = args.window
    story_of_slug = {e.slug: e.story for f in feeds for e in f.entries}
    settings = Settings(fast=args.fast, allow_private_urls=True, fetch_timeout_s=args.fetch_timeout)
    tmp = Path(tempfile.mkdtemp(prefix="desk-replay-"))
    db = tmp / "replay.db"
    out: dict = {"articles_generated": args.articles, "hours": args.hours, "feeds": args.feeds, "fast": args.fast,
                 "step_s": args.step, "interval_s": args.interval}
    with ServerProcess(args) as server, Store(db) as store:
        registry = FeedRegistry(store, default_interval=args.interval)
        for f in feeds:
            registry.add(server.url(f), f.title)
        poller = Poller(registry, settings, per_host=args.per_host, concurrency=args.concurrency)
        desk = Desk(store, settings)
        rebriefer = Rebriefer(db, settings)
        rebriefer.start()
        con = store._con_or_fail()
        arrivals: list[tuple[int, int, float, int]] = []  # story, version, time, articles
        memory: list[dict] = [{"sim_hour": 0.0, "articles": 0, "rss_mb": round(rss_mb(), 1), "wall_s": 0.0}]
        polls = errors = not_modified = 0
        upto = 0
        start = time.perf_counter()
        poll_s = ingest_s = 0.0
        t, end, next_sample = T0, T0 + timedelta(hours=args.hours), 1.0
        while t <= end:
            server.set_time(t)
            t_poll = time.perf_counter()
            polled = poller.poll_due(t)
            t_ingest = time.perf_counter()
            articles = [a for p in polled for a in p.articles]
            desk.ingest(articles, polled=polled)
            done = time.perf_counter()
            poll_s += t_ingest - t_poll
            ingest_s += done - t_ingest
            polls += len(polled)
            errors += sum(p.status == "error" for p in polled)
            not_modified += sum(p.status == "not modified" for p in polled)
            rows = con.execute("SELECT d.story_id, s.version, count(*) FROM desk_articles d JOIN stories s ON "
                               "s.id = d.story_id WHERE d.seq > ? GROUP BY d.story_id", (upto,)).fetchall()
            arrivals.extend((sid, ver, done, n) for sid, ver, n in rows)
            upto = con.execute("SELECT coalesce(max(seq), 0) FROM desk_articles").fetchone()[0]
            hour = (t - T0).total_seconds() / 3600
            if hour >= next_sample:
                memory.append({"sim_hour": round(hour, 2), "articles": upto, "rss_mb": round(rss_mb(), 1),
                               "wall_s": round(done - start, 1)})
                print(f"  sim {hour:5.1f} h: {upto:6d} articles, {rss_mb():6.0f} MB, {done - start:7.1f} s wall, "
                      f"{len(desk.pending())} stories waiting for a brief", file=sys.stderr, flush=True)
                next_sample += 1.0
            t += timedelta(seconds=args.step)
        loop_s = time.perf_counter() - start
        drain_start = time.perf_counter()
        while desk.pending() and time.perf_counter() - drain_start < args.drain_s and rebriefer.is_alive():
            time.sleep(0.2)
        drain_s = time.perf_counter() - drain_start
        rebriefer.stop.set()
        rebriefer.join(timeout=120)
        if rebriefer.error is not None:
            raise rebriefer.error
        merged = dict(con.execute("SELECT story_id, into_story FROM desk_merged").fetchall())
        latencies: list[float] = []
        unbriefed = 0
        for sid, ver, at, n in arrivals:
            final, moved = sid, False
            while final in merged:
                final, moved = merged[final], True
            events = rebriefer.events.get(final, [])
            times = [e[0] for e in events]
            i = bisect.bisect_left(times, at)
            hit = next((e[0] for e in events[i:] if moved or e[1] >= ver), None)
            if hit is None:
                unbriefed += n
            else:
                latencies.extend([hit - at] * n)
        stored = con.execute("SELECT count(*) FROM desk_articles").fetchone()[0]
        labels = con.execute("SELECT a.url, d.story_id FROM desk_articles d JOIN articles a ON a.id = d.article_id"
                             ).fetchall()
        gold, pred = [], []
        for url, sid in labels:
            slug = (url or "").rsplit("/", 1)[-1].removesuffix(".html")
            if slug in story_of_slug:
                final = sid
                while final in merged:
                    final = merged[final]
                gold.append(story_of_slug[slug])
                pred.append(final)
        quality = bcubed(pred, gold)
        memory.append({"sim_hour": round(args.hours, 2), "articles": stored, "rss_mb": round(rss_mb(), 1),
                       "wall_s": round(loop_s, 1)})
        out.update({
            "articles_stored": stored,
            "stories": con.execute("SELECT count(*) FROM stories").fetchone()[0],
            "loop_wall_s": round(loop_s, 1), "poll_s": round(poll_s, 1), "ingest_s": round(ingest_s, 1),
            "articles_per_s": round(stored / loop_s, 1),
            "feed_polls": polls, "not_modified": not_modified, "poll_errors": errors, "requests": poller.requests,
            "briefs": rebriefer.briefs, "rebrief_lock_errors": rebriefer.locked, "drain_s": round(drain_s, 1),
            "arrival_to_brief_p50_s": round(percentile(latencies, 0.5), 2),
            "arrival_to_brief_p95_s": round(percentile(latencies, 0.95), 2),
            "arrival_to_brief_mean_s": round(statistics.fmean(latencies), 2) if latencies else None,
            "articles_without_updated_brief": unbriefed,
            "bcubed_f1": round(quality.f1, 3),
            "rss_mb_start": memory[0]["rss_mb"], "rss_mb_max": max(m["rss_mb"] for m in memory),
            "rss_mb_end": memory[-1]["rss_mb"], "memory": memory, "db": str(db),
        })
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--articles", type=int, default=20_000)
    p.add_argument("--hours", type=float, default=24.0)
    p.add_argument("--feeds", type=int, default=100)
    p.add_argument("--sites", type=int, default=4, help="loopback servers (hosts) the feeds are spread over")
    p.add_argument("--window", type=int, default=30, help="entries a feed document shows")
    p.add_argument("--interval", type=int, default=900, help="each feed's poll interval, simulated seconds")
    p.add_argument("--step", type=int, default=900, help="simulated seconds between two polling rounds")
    p.add_argument("--per-host", type=int, default=4)
    p.add_argument("--concurrency", type=int, default=16)
    p.add_argument("--fetch-timeout", type=float, default=10.0)
    p.add_argument("--drain-s", type=float, default=900.0, help="longest wait for the re-brief queue at the end")
    p.add_argument("--fast", action="store_true", help="no neural model (TF-IDF clustering, rule-based briefs)")
    p.add_argument("--seed", type=int, default=19)
    p.add_argument("--json", type=Path, help="write the results here too")
    args = p.parse_args(argv)
    result = replay(args)
    text = json.dumps(result, indent=2)
    print(text)
    if args.json:
        args.json.write_text(text + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
