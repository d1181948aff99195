"""``newsfuse build`` on 1 and 2 workers beside ``newsfuse cluster`` on one synthetic archive.

Writes a fictional archive of N articles (the generator of benchmarks/stream_memory.py, with 5%
wire copies) as JSON Lines shards of 10,000 articles, then runs, each as its own process, in
``--fast`` mode without briefs: ``newsfuse cluster`` on the shards (one stream), and ``newsfuse
build`` with a local cluster of 1 and of 2 workers. For each: wall seconds, articles per second,
and peak resident memory (of the process for ``cluster``, of each worker for ``build``, from
build.json), and the B-cubed agreement of each build's stories with cluster's. Appends one row
per run to a CSV.

    python benchmarks/build_scale.py --n 100000                  # one size
    python benchmarks/build_scale.py --n 100000,300000 --csv docs/benchmarks-build.csv

The text is generated from invented words; nothing here is real news.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from stream_memory import synthetic_stream  # noqa: E402

from newsfuse.scale.compare import agreement  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
NEWSFUSE = str(Path(sys.executable).with_name("newsfuse"))


def write_archive(n: int, folder: Path, *, shard: int = 10_000, copy_rate: float = 0.05) -> list[Path]:
    """``n`` synthetic articles as clustering JSON Lines shards ``part-00000.jsonl`` ... in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    paths: list[Path] = []
    fh = None
    for k, (a, label) in enumerate(synthetic_stream(n, copy_rate=copy_rate)):
        if k % shard == 0:
            if fh:
                fh.close()
            paths.append(folder / f"part-{k // shard:05d}.jsonl")
            fh = paths[-1].open("w", encoding="utf-8")
        rec = {"id": a.id, "title": a.title, "text": a.text, "date": a.date.isoformat(), "source": a.outlet,
               "label": label}
        if a.credit:
            rec["credit"] = a.credit
        fh.write(json.dumps(rec) + "\n")
    if fh:
        fh.close()
    return paths


def _child_peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def run_cluster(shards: list[Path], out: Path) -> dict:
    t = time.perf_counter()
    before = _child_peak_mb()
    subprocess.run([NEWSFUSE, "cluster", *map(str, shards), "--fast", "-q", "-o", str(out)], check=True)
    seconds = time.perf_counter() - t
    peak = _child_peak_mb()  # the largest child so far: valid when cluster is the largest (it runs first)
    return {"seconds": seconds, "peak_mb": peak if peak > before else float("nan")}


def run_build(archive: Path, out: Path, workers: int, block: int) -> dict:
    t = time.perf_counter()
    subprocess.run([NEWSFUSE, "build", str(archive), "--out", str(out), "--fast", "--no-briefs", "-q",
                    "--workers", str(workers), "--block-articles", str(block)], check=True)
    seconds = time.perf_counter() - t
    report = json.loads((out / "build.json").read_text())
    return {"seconds": seconds, "peak_mb": max(report["worker_peak_mb"].values()), "report": report}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", default="100000", help="archive sizes, comma-separated (default 100000)")
    ap.add_argument("--workers", default="1,2", help="build worker counts, comma-separated (default 1,2)")
    ap.add_argument("--block", type=int, default=20_000, help="--block-articles for build (default 20,000)")
    ap.add_argument("--no-cluster", action="store_true", help="skip the single-machine newsfuse cluster run")
    ap.add_argument("--csv", type=Path, default=None, help="append the rows to this CSV")
    ap.add_argument("--tmp", type=Path, default=None, help="where to write the archives (default: a temporary folder)")
    args = ap.parse_args(argv)
    rows = []
    with tempfile.TemporaryDirectory(dir=args.tmp) as tmp:
        for n in [int(x) for x in args.n.split(",")]:
            archive = Path(tmp) / f"archive-{n}"
            shards = write_archive(n, archive)
            base = None
            if not args.no_cluster:
                c = run_cluster(shards, Path(tmp) / f"cluster-{n}.jsonl")
                base = Path(tmp) / f"cluster-{n}.jsonl"
                rows.append({"articles": n, "run": "newsfuse cluster", "workers": 1, "seconds": round(c["seconds"], 1),
                             "articles_per_s": round(n / c["seconds"]), "peak_mb_per_process": round(c["peak_mb"], 1),
                             "bcubed_f1_vs_cluster": 1.0})
                print(rows[-1], flush=True)
            for w in [int(x) for x in args.workers.split(",")]:
                out = Path(tmp) / f"build-{n}-{w}"
                b = run_build(archive, out, w, args.block)
                f1 = round(agreement(base, out).f1, 4) if base else float("nan")
                rows.append({"articles": n, "run": "newsfuse build", "workers": w, "seconds": round(b["seconds"], 1),
                             "articles_per_s": round(n / b["seconds"]), "peak_mb_per_process": b["peak_mb"],
                             "bcubed_f1_vs_cluster": f1, "blocks": b["report"]["blocks"],
                             "stories": b["report"]["stories"], "copies": b["report"]["copies"]})
                print(rows[-1], flush=True)
                os.system(f"rm -rf '{out}'")
    if args.csv:
        new = not args.csv.exists()
        fields = ["articles", "run", "workers", "seconds", "articles_per_s", "peak_mb_per_process",
                  "bcubed_f1_vs_cluster", "blocks", "stories", "copies"]
        with args.csv.open("a", newline="") as fh:
            w = csv.DictWriter(fh, fieldnames=fields)
            if new:
                w.writeheader()
            w.writerows(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
