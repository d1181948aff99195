"""Memory and throughput of online story clustering on a long synthetic stream.

Generates a fictional stream of N articles (default 200,000) in time order over
many days, with many short-lived events, and feeds it to
:class:`newsfuse.clustering.clusterer.StoryClusterer` in streaming mode (no history kept;
closed stories are popped and dropped, as ``newsfuse cluster`` does). Samples
the process's resident memory every ``--every`` articles and writes a CSV and a
PNG of the curve, and the articles per second.

    python benchmarks/stream_memory.py                      # 200,000 articles, --fast mode
    python benchmarks/stream_memory.py --n 2000 --dense     # throughput with MiniLM embeddings

The text is generated from invented words; nothing here is real news.
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Iterator

from newsfuse.clustering.clusterer import StoryClusterer
from newsfuse.evaluate.bcubed import bcubed
from newsfuse.model import Article

ROOT = Path(__file__).resolve().parents[1]
SYLLABLES = "ka lo mi ren tas vel dor pin sul bra qua zet nor fi gan hol jur wex tri mon".split()


def _vocabulary(rng: random.Random, n: int) -> list[str]:
    words: set[str] = set()
    while len(words) < n:
        words.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))))
    return sorted(words)


def synthetic_stream(n: int, *, per_day: int = 500, seed: int = 7, copy_rate: float = 0.0) -> Iterator[tuple[Article, str]]:
    """``n`` fictional articles in time order, with their event labels.

    Each day about ``per_day / 8`` events start; an event lasts 1 to 4 days,
    has 8 topic words and 2 invented names, and gets about 8 articles. An
    article is 70 words: a third from its event, the rest background words.
    With ``copy_rate``, that share of articles are wire copies: an earlier
    article of the same day's event under another outlet, credited to a
    fictional agency, its last sentence cut (as an outlet trims agency copy).
    """
    rng = random.Random(seed)
    vocab = _vocabulary(rng, 3000)
    start = date(2040, 1, 1)
    active: list[tuple[str, int, list[str], list[str]]] = []  # (label, last day, topic words, names)
    made = 0
    day = 0
    event_no = 0
    while made < n:
        active = [e for e in active if e[1] >= day]
        for _ in range(max(1, per_day // 8)):
            event_no += 1
            topic = rng.sample(vocab, 8)
            names = [w.capitalize() for w in rng.sample(vocab, 2)]
            active.append((f"e{event_no}", day + rng.randint(0, 3), topic, names))
        when = start + timedelta(days=day)
        today: list[tuple[Article, str]] = []  # originals of the day, for copies
        for _ in range(per_day):
            if made >= n:
                break
            made += 1
            if copy_rate and today and rng.random() < copy_rate:
                original, label = rng.choice(today)
                text = original.text.rsplit(". ", 1)[0] + "."
                yield Article(id=f"a{made}", outlet=f"Outlet {made % 40}", text=text, title=original.title, date=when,
                              credit="Tessel Wire"), label
                continue
            label, _, topic, names = rng.choice(active)
            words = [rng.choice(topic) for _ in range(20)] + [rng.choice(vocab) for _ in range(46)] + names * 2
            rng.shuffle(words)
            text = " ".join(words[:35]) + ". " + " ".join(words[35:]) + "."
            art = Article(id=f"a{made}", outlet=f"Outlet {made % 40}", text=text, title=" ".join(words[:6]), date=when)
            if copy_rate:
                today.append((art, label))
            yield art, label
        day += 1


def rss_mb() -> float:
    """Resident set size of this process in MB, from /proc/self/status (Linux) or resource."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=200_000, help="articles in the stream (default 200,000)")
    ap.add_argument("--per-day", type=int, default=500, help="articles per day (default 500)")
    ap.add_argument("--every", type=int, default=10_000, help="sample memory every this many articles")
    ap.add_argument("--window-days", type=float, default=3.0, help="quiet window (default 3 days)")
    ap.add_argument("--dense", action="store_true", help="use MiniLM embeddings too (default: --fast mode)")
    ap.add_argument("--batch", type=int, default=128, help="articles per partial_fit call")
    ap.add_argument("--csv", type=Path, default=ROOT / "docs" / "benchmarks-clustering-memory.csv")
    ap.add_argument("--png", type=Path, default=ROOT / "docs" / "benchmarks-clustering-memory.png")
    ap.add_argument("--score-first", type=int, default=20_000, help="B-cubed on the first this many articles (0: none)")
    args = ap.parse_args(argv)

    model = StoryClusterer(fast=not args.dense, window_days=args.window_days, keep_history=False)
    rows: list[dict[str, float]] = []
    predicted: list[str] = []
    gold: list[str] = []
    batch: list[Article] = []
    labels: list[str] = []
    seen = 0
    stories = 0
    started = time.perf_counter()
    rows.append({"articles": 0, "rss_mb": round(rss_mb(), 1), "open_stories": 0, "seconds": 0.0})

    spent = {"wall": 0.0, "cpu": 0.0}  # inside the clusterer only, not the generator

    def flush() -> None:
        nonlocal stories
        w0, c0 = time.perf_counter(), time.process_time()
        out = model.partial_fit(batch)
        spent["wall"] += time.perf_counter() - w0
        spent["cpu"] += time.process_time() - c0
        if len(predicted) < args.score_first:
            predicted.extend(a.story for a in out)
            gold.extend(labels)
        stories += len(model.pop_closed())
        batch.clear()
        labels.clear()

    for art, label in synthetic_stream(args.n, per_day=args.per_day):
        batch.append(art)
        labels.append(label)
        seen += 1
        if len(batch) >= args.batch or seen % args.every == 0:
            flush()
        if seen % args.every == 0:
            row = {
                "articles": seen,
                "rss_mb": round(rss_mb(), 1),
                "open_stories": model.n_open_,
                "seconds": round(time.perf_counter() - started, 2),
            }
            rows.append(row)
            print(f"{seen:>8} articles  {row['rss_mb']:7.1f} MB  {model.n_open_:5} open  {row['seconds']:8.1f} s", flush=True)
    if batch:
        flush()
    stories += len(model.close_all())
    elapsed = time.perf_counter() - started
    mode = "embeddings (MiniLM + TF-IDF)" if args.dense else "--fast (TF-IDF)"
    print(f"{seen} articles in {elapsed:.1f} s wall in all ({mode}); clustering alone: "
          f"{seen / spent['wall']:.0f} articles/s wall, {seen / spent['cpu']:.0f} articles per CPU-second; "
          f"{stories} stories; most open at once {model.max_open_}; peak RSS {max(r['rss_mb'] for r in rows):.1f} MB")
    if predicted:
        score = bcubed(predicted, gold[: len(predicted)])
        print(f"B-cubed on the first {len(predicted)} articles: P {score.precision:.3f} R {score.recall:.3f} F1 {score.f1:.3f}")
    if args.csv:
        args.csv.parent.mkdir(parents=True, exist_ok=True)
        with args.csv.open("w", newline="") as fh:
            w = csv.DictWriter(fh, fieldnames=list(rows[0]))
            w.writeheader()
            w.writerows(rows)
    if args.png and len(rows) > 1:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        fig, ax = plt.subplots(figsize=(7, 3.5))
        ax.plot([r["articles"] / 1000 for r in rows], [r["rss_mb"] for r in rows], marker="o", label="RSS (MB)")
        ax.set_xlabel("articles processed (thousands)")
        ax.set_ylabel("resident memory (MB)")
        ax.set_ylim(bottom=0)
        ax2 = ax.twinx()
        ax2.plot([r["articles"] / 1000 for r in rows], [r["open_stories"] for r in rows], color="tab:orange", alpha=0.6, label="open stories")
        ax2.set_ylabel("open stories")
        ax2.set_ylim(bottom=0)
        ax.set_title(f"newsfuse stream clustering, {mode}: {seen / spent['wall']:.0f} articles/s")
        fig.legend(loc="lower right")
        fig.tight_layout()
        fig.savefig(args.png, dpi=110)
    return 0


if __name__ == "__main__":
    sys.exit(main())
