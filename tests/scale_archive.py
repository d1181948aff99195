"""A small fictional archive for the ``newsfuse build`` tests, and a real Dask cluster to run it on.

:func:`write_archive` writes clustering JSON Lines shards of invented events (invented words,
invented names, fictional outlets and a fictional wire agency), in time order. :class:`DaskCluster`
starts ``dask scheduler`` and ``dask worker`` as separate processes on 127.0.0.1 and stops them.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

SYLLABLES = "ka lo mi ren tas vel dor pin sul bra qua zet nor fi gan hol jur wex tri mon".split()
BIN = Path(sys.executable).parent


def write_archive(folder: Path, *, days: int = 24, per_day: int = 30, shards: int = 3, seed: int = 11) -> list[Path]:
    """Shards ``part-0.jsonl`` ... of ``days * per_day`` articles: events of 1 to 5 days, about 6
    articles each, and wire copies (an earlier article of the day, credited to Tessel Wire)."""
    rng = random.Random(seed)
    vocab = sorted({"".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))) for _ in range(900)})
    start = date(2041, 3, 1)
    active: list[tuple[str, int, list[str], list[str]]] = []
    records, n, event = [], 0, 0
    for day in range(days):
        active = [e for e in active if e[1] >= day]
        for _ in range(per_day // 6):
            event += 1
            active.append((f"e{event}", day + rng.randint(0, 4), rng.sample(vocab, 8),
                           [w.capitalize() for w in rng.sample(vocab, 2)]))
        today = []
        for _ in range(per_day):
            n += 1
            rec = {"id": f"n{n}", "date": (start + timedelta(days=day)).isoformat(), "source": f"Outlet {n % 9}"}
            if today and rng.random() < 0.08:
                original = rng.choice(today)
                rec.update(title=original["title"], text=original["text"].rsplit(". ", 1)[0] + ".",
                           label=original["label"], credit="Tessel Wire")
            else:
                label, _, topic, names = rng.choice(active)
                words = [rng.choice(topic) for _ in range(22)] + [rng.choice(vocab) for _ in range(40)] + names * 2
                rng.shuffle(words)
                rec.update(title=" ".join(words[:6]).capitalize(), label=label,
                           text=" ".join(words[:33]).capitalize() + ". " + " ".join(words[33:]).capitalize() + ".")
                today.append(rec)
            records.append(rec)
    folder.mkdir(parents=True, exist_ok=True)
    size = -(-len(records) // shards)
    paths = []
    for k in range(shards):
        path = folder / f"part-{k}.jsonl"
        path.write_text("".join(json.dumps(r) + "\n" for r in records[k * size:(k + 1) * size]), encoding="utf-8")
        paths.append(path)
    return paths


class DaskCluster:
    """``dask scheduler`` and ``workers`` x ``dask worker`` (no nanny: a killed worker stays dead),
    each a separate process on 127.0.0.1."""

    def __init__(self, tmp: Path, workers: int = 2) -> None:
        self.tmp = tmp
        tmp.mkdir(parents=True, exist_ok=True)
        self.file = tmp / "scheduler.json"
        env = dict(os.environ, DASK_DISTRIBUTED__WORKER__DAEMON="False")
        self.scheduler = subprocess.Popen(
            [str(BIN / "dask"), "scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
             "--scheduler-file", str(self.file)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
        deadline = time.monotonic() + 60
        while not self.file.exists():
            if time.monotonic() > deadline or self.scheduler.poll() is not None:
                self.stop()
                raise RuntimeError("dask scheduler did not start")
            time.sleep(0.1)
        time.sleep(0.2)
        self.address = json.loads(self.file.read_text())["address"]
        self.workers = [
            subprocess.Popen([str(BIN / "dask"), "worker", self.address, "--nthreads", "1", "--no-nanny",
                              "--host", "127.0.0.1", "--no-dashboard", "--name", f"w{i}"],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
            for i in range(workers)
        ]
        from distributed import Client

        with Client(self.address, timeout="30s") as client:
            client.wait_for_workers(workers, timeout=90)

    def worker_address(self, name: str) -> str:
        from distributed import Client

        with Client(self.address, timeout="30s") as client:
            for addr, info in client.scheduler_info()["workers"].items():
                if info.get("name") == name:
                    return addr
        raise LookupError(name)

    def stop(self) -> None:
        for p in [*getattr(self, "workers", []), self.scheduler]:
            if p.poll() is None:
                p.send_signal(signal.SIGTERM)
        for p in [*getattr(self, "workers", []), self.scheduler]:
            try:
                p.wait(timeout=20)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()
