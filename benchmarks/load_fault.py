"""Load and fault benchmark: a real `newsfuse serve` on loopback under concurrent clients, then a
kill -9 during writes; afterwards every acknowledged write must be stored, every brief must cover
exactly its story's articles, and SQLite's integrity check must pass.

    .venv/bin/python benchmarks/load_fault.py [--clients 50] [--requests 600] [--stories 10]
        [--kill-writes 40] [--out docs/benchmarks.md]

Round 1 (load): `--stories` stories are created, then `--clients` threads, each with its own
keep-alive connection, share a bounded queue of `--requests` operations drawn (seeded) from the mix
list 40 %, search 25 %, add 20 % (one new article to a random story; the brief is rebuilt) and
brief 15 %. Throughput is the requests of the round over its wall time; latencies are per
operation kind. An error is a transport failure or any status other than the expected one.

Round 2 (fault): 10 writer threads create stories and add articles as fast as the server answers;
after `--kill-writes` acknowledged writes the server is killed with SIGKILL, mid-write. The store
is then opened directly and checked, and a new server is started on it and must answer.

Checks (both rounds): every acknowledged article is in its story (lost writes); each story's
newest brief lists exactly the story's stored articles, by outlet and title (stale briefs);
`PRAGMA integrity_check` is "ok". The articles are fictional, made up here. With `--out`, the
result table replaces the section between the load-fault markers in that file.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import queue
import random
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[1]
MIX = (("list", 40), ("search", 25), ("add", 20), ("brief", 15))
BEGIN, END = "<!-- load-fault:begin -->", "<!-- load-fault:end -->"
WORDS = ("ferry", "strike", "quay", "harbour", "union", "talks", "passengers", "cars")


def report(tag: str) -> dict:
    """A distinct fictional report on a fictional ferry strike in the fictional town of Lowmere."""
    n = sum(map(ord, tag)) % 90
    return {"outlet": f"Lowmere Courier {tag}", "title": f"Ferry crews strike, report {tag}",
            "text": (f"Ferry crews in Lowmere stayed off work for a {n + 2}th day on Monday, leaving {100 + n} "
                     f"passengers waiting at the quay, the harbour office said. The union said talks with the "
                     f"ferry company would resume on Thursday. Reporter {tag} counted {20 + n} cars in the queue.")}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(db: Path, log: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    out = open(log, "ab")
    proc = subprocess.Popen([sys.executable, "-m", "newsfuse", "serve", "--db", str(db), "--port", str(port), "--fast"],
                            stdout=out, stderr=subprocess.STDOUT, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"newsfuse serve exited with {proc.returncode}; see {log}")
        try:
            if httpx.get(base + "/api/stories", timeout=2).status_code == 200:
                return proc, base
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    proc.kill()
    raise SystemExit(f"newsfuse serve did not answer within 300 s; see {log}")


def stop_server(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def check_store(db: Path, acked: dict[int, set[tuple[str, str]]]) -> dict:
    """Lost writes, stale briefs and the integrity check, read straight from the SQLite file."""
    from newsfuse.store import Store

    with sqlite3.connect(db) as con:
        integrity = con.execute("pragma integrity_check").fetchone()[0]
    lost = stale = 0
    with Store(db) as store:
        records = store.list_stories(limit=100_000)
        stored = {}
        for r in records:
            articles = store.story_articles(r.id)
            stored[r.id] = Counter((a.outlet, a.title) for a in articles)
            brief = store.latest_brief(r.id)
            if brief is None or Counter((s["outlet"], s["title"]) for s in brief["sources"]) != stored[r.id]:
                stale += 1
    for sid, items in acked.items():
        lost += sum(1 for item in items if item not in stored.get(sid, {}))
    return {"stories": len(records), "lost": lost, "stale": stale, "integrity": integrity,
            "acked": sum(len(v) for v in acked.values())}


def load_round(base: str, clients: int, requests: int, stories: int, seed: int) -> dict:
    rng = random.Random(seed)
    acked: dict[int, set[tuple[str, str]]] = defaultdict(set)
    sids = []
    for k in range(stories):
        arts = [report(f"seed{k}-{i}") for i in range(2)]
        r = httpx.post(base + "/api/stories", json={"articles": arts}, timeout=300)
        r.raise_for_status()
        sid = r.json()["story"]["id"]
        sids.append(sid)
        acked[sid] |= {(a["outlet"], a["title"]) for a in arts}
    kinds = [k for k, w in MIX for _ in range(w)]
    work: queue.Queue = queue.Queue()
    for n in range(requests):
        work.put((n, rng.choice(kinds), rng.choice(sids), rng.choice(WORDS)))
    latencies: dict[str, list[float]] = defaultdict(list)
    errors: Counter = Counter()
    lock = threading.Lock()

    def client() -> None:
        with httpx.Client(base_url=base, timeout=600) as c:
            while True:
                try:
                    n, kind, sid, word = work.get_nowait()
                except queue.Empty:
                    return
                art = report(f"load{n}")
                t = time.perf_counter()
                try:
                    if kind == "list":
                        r, ok = c.get("/api/stories", params={"limit": 20}), 200
                    elif kind == "search":
                        r, ok = c.get("/api/stories", params={"q": word, "limit": 20}), 200
                    elif kind == "add":
                        r, ok = c.post(f"/api/stories/{sid}/articles", json={"articles": [art]}), 200
                    else:
                        r, ok = c.get(f"/api/stories/{sid}/brief"), 200
                    status = r.status_code
                except httpx.HTTPError as exc:
                    status, ok = type(exc).__name__, 200
                elapsed = time.perf_counter() - t
                with lock:
                    latencies[kind].append(elapsed)
                    if status != ok:
                        errors[f"{kind} {status}"] += 1
                    elif kind == "add" and r.json().get("added") == 1:
                        acked[sid].add((art["outlet"], art["title"]))

    threads = [threading.Thread(target=client) for _ in range(clients)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - started
    every = [x for v in latencies.values() for x in v]
    return {"wall": wall, "requests": len(every), "rps": len(every) / wall, "errors": sum(errors.values()),
            "error_kinds": dict(errors), "acked": acked,
            "latency": {k: pct(v) for k, v in [*latencies.items(), ("all", every)]}}


def pct(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    at = lambda q: ordered[min(len(ordered) - 1, int(q * len(ordered)))]  # noqa: E731
    return {"n": len(ordered), "p50": statistics.median(ordered), "p95": at(0.95), "max": ordered[-1]}


def kill_round(db: Path, log: Path, kill_after: int) -> dict:
    proc, base = start_server(db, log)
    acked: dict[int, set[tuple[str, str]]] = defaultdict(set)
    sids = [httpx.post(base + "/api/stories", json={"articles": [report(f"kseed{k}")]}, timeout=300)
            .json()["story"]["id"] for k in range(4)]
    for k, sid in enumerate(sids):
        acked[sid].add((f"Lowmere Courier kseed{k}", f"Ferry crews strike, report kseed{k}"))
    lock, stop, counter = threading.Lock(), threading.Event(), [0]

    def writer(w: int) -> None:
        n = 0
        with httpx.Client(base_url=base, timeout=300) as c:
            while not stop.is_set():
                n += 1
                tag = f"kill{w}-{n}"
                art = report(tag)
                try:
                    if n % 3 == 0:
                        r = c.post("/api/stories", json={"articles": [art]})
                        sid = r.json()["story"]["id"] if r.status_code == 201 else None
                    else:
                        sid = sids[(w + n) % len(sids)]
                        r = c.post(f"/api/stories/{sid}/articles", json={"articles": [art]})
                except (httpx.HTTPError, ValueError):
                    return  # the server is gone: this write was never acknowledged
                if r.status_code in (200, 201) and sid is not None:
                    with lock:
                        acked[sid].add((art["outlet"], art["title"]))
                        counter[0] += 1

    threads = [threading.Thread(target=writer, args=(w,), daemon=True) for w in range(10)]
    for t in threads:
        t.start()
    while counter[0] < kill_after and proc.poll() is None:
        time.sleep(0.02)
    os.kill(proc.pid, signal.SIGKILL)  # writes are in flight: ten writers never pause
    proc.wait()
    stop.set()
    for t in threads:
        t.join(timeout=120)
    result = check_store(db, acked)
    proc, base = start_server(db, log)  # the killed store opens and serves again
    result["restarted"] = httpx.get(base + "/api/stories", timeout=60).status_code == 200
    stop_server(proc)
    return result


def table(load: dict, checked: dict, kill: dict, args: argparse.Namespace) -> str:
    cmd = (f".venv/bin/python benchmarks/load_fault.py --clients {args.clients} --requests {args.requests} "
           f"--stories {args.stories} --kill-writes {args.kill_writes}")
    lines = [
        f"Command: `{cmd}` (newsfuse serve --fast on 127.0.0.1; {platform.machine()}, {os.cpu_count()} cores "
        "shared with other jobs, so the times are indicative only).",
        "",
        f"**Load round**: {args.clients} concurrent clients, {load['requests']} requests in {load['wall']:.1f} s = "
        f"**{load['rps']:.1f} requests/s**, **{load['errors']} errors**"
        + (f" ({load['error_kinds']})" if load["errors"] else "") + ".",
        "",
        "| operation | requests | p50 latency (s) | p95 latency (s) | max (s) |",
        "|---|---:|---:|---:|---:|",
    ]
    for kind in ("list", "search", "add", "brief", "all"):
        if kind in load["latency"]:
            v = load["latency"][kind]
            lines.append(f"| {kind} | {v['n']} | {v['p50']:.3f} | {v['p95']:.3f} | {v['max']:.3f} |")
    lines += [
        "",
        "| check | load round | kill -9 round |",
        "|---|---:|---:|",
        f"| acknowledged writes (articles) | {checked['acked']} | {kill['acked']} |",
        f"| lost writes | **{checked['lost']}** | **{kill['lost']}** |",
        f"| stories whose brief misses or adds an article (stale) | **{checked['stale']}** of {checked['stories']} | "
        f"**{kill['stale']}** of {kill['stories']} |",
        f"| `PRAGMA integrity_check` | {checked['integrity']} | {kill['integrity']} |",
        f"| server starts again on the killed store | | {'yes' if kill['restarted'] else 'NO'} |",
    ]
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--requests", type=int, default=600)
    ap.add_argument("--stories", type=int, default=10)
    ap.add_argument("--kill-writes", type=int, default=40, help="acknowledged writes before the kill -9")
    ap.add_argument("--seed", type=int, default=14)
    ap.add_argument("--out", type=Path, help="Markdown file whose load-fault section is replaced")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="newsfuse-load-") as tmp:
        db, log = Path(tmp) / "load.db", Path(tmp) / "serve.log"
        proc, base = start_server(db, log)
        try:
            load = load_round(base, args.clients, args.requests, args.stories, args.seed)
        finally:
            stop_server(proc)
        checked = check_store(db, load["acked"])
        kill = kill_round(Path(tmp) / "kill.db", log, args.kill_writes)
    text = table(load, checked, kill, args)
    print(text)
    print(json.dumps({"load": {k: v for k, v in load.items() if k != "acked"}, "checks": checked, "kill": kill}),
          file=sys.stderr)
    if args.out:
        doc = args.out.read_text()
        if BEGIN not in doc:
            doc = doc.rstrip("\n") + f"\n\n## Load and faults: concurrent clients and kill -9\n\n{BEGIN}\n{END}\n"
        head, rest = doc.split(BEGIN, 1)
        args.out.write_text(f"{head}{BEGIN}\n{text}\n{END}{rest.split(END, 1)[1]}")
    bad = load["errors"] or checked["lost"] or checked["stale"] or kill["lost"] or kill["stale"] or \
        checked["integrity"] != "ok" or kill["integrity"] != "ok" or not kill["restarted"]
    raise SystemExit(1 if bad else 0)


if __name__ == "__main__":
    main()
