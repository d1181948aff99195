"""How the summarizer's cost grows with the cluster: 10 to 200 articles.

    python benchmarks/summary_scaling.py                 # default mode (MiniLM), writes results/
    python benchmarks/summary_scaling.py --fast          # no neural model
    python benchmarks/summary_scaling.py --out docs      # the files docs/benchmarks.md shows

Clusters of N articles are built from real news: the articles of consecutive DUC 2006
clusters (25 per topic) taken in file order, so a 200-article cluster mixes eight topics,
much as an over-grown story would. For each size the script times, after one warm-up
run, the stages ``summarize_articles`` runs (segment, dedup) and the selection with
citations (``summarize``) separately, and writes ``benchmarks-summary-scaling-<mode>``
.csv, .png (time against sentences) and .md (the table for docs/benchmarks.md). Data are read from
../shared/data and never copied.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
import time
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "data" / "mds" / "duc2006.jsonl"
SIZES = (10, 25, 50, 100, 150, 200)


def _date(doc: dict) -> date | None:
    try:
        return date.fromisoformat(doc.get("date") or "")
    except ValueError:
        m = re.search(r"(\d{4})(\d{2})(\d{2})", doc["id"])
        return date(int(m[1]), int(m[2]), int(m[3])) if m else None


def articles(n: int, path: Path = DATA):
    """The first ``n`` articles of the DUC 2006 file, cluster after cluster."""
    from newsfuse.model import Article

    if not path.is_file():
        sys.exit(f"summary_scaling: {path} not found; clone the project beside ../shared")
    out = []
    for line in path.read_text("utf-8").splitlines():
        for d in json.loads(line)["documents"]:
            out.append(Article(id=d["id"], outlet=d["source"], text=d["text"], title=d.get("title"), date=_date(d)))
            if len(out) == n:
                return out
    return out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--fast", action="store_true", help="TF-IDF vectors, no neural model")
    ap.add_argument("--words", type=int, default=100)
    ap.add_argument("--sizes", default=",".join(map(str, SIZES)), help="article counts, comma-separated")
    ap.add_argument("--out", type=Path, default=REPO / "results")
    args = ap.parse_args(argv)

    from newsfuse.briefing import get_pipeline, new_cluster
    from newsfuse.pipeline import SUMMARY_STAGES
    from newsfuse.settings import Settings

    settings = Settings(summary_words=args.words, fast=args.fast)
    with_summary = get_pipeline(settings, SUMMARY_STAGES)
    with_summary.run(new_cluster(articles(5)))  # warm-up: load the model
    mode = "fast" if args.fast else "default"
    rows = []
    for n in (int(s) for s in args.sizes.split(",")):
        cluster = with_summary.run(new_cluster(articles(n)))
        t1 = sum(v for k, v in cluster.timings.items() if k != "summarize")
        t0, t2 = 0.0, t1 + cluster.timings["summarize"]
        summary = cluster.summary
        rows.append({
            "articles": len(cluster.articles),
            "sentences": len(cluster.sentences),
            "stages_s": round(t1 - t0, 3),
            "select_cite_s": round(t2 - t1, 3),
            "total_s": round(t2 - t0, 3),
            "ms_per_sentence": round(1000 * (t2 - t0) / max(1, len(cluster.sentences)), 3),
            "summary_sentences": len(summary),
        })
        print(json.dumps(rows[-1]), flush=True)

    args.out.mkdir(parents=True, exist_ok=True)
    stem = args.out / f"benchmarks-summary-scaling-{mode}"
    with open(f"{stem}.csv", "w", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6, 4))
    xs = [r["sentences"] for r in rows]
    ax.plot(xs, [r["total_s"] for r in rows], "o-", label="total")
    ax.plot(xs, [r["stages_s"] for r in rows], "s--", label=" + ".join(s for s in SUMMARY_STAGES if s != "summarize"))
    ax.plot(xs, [r["select_cite_s"] for r in rows], "^--", label="select + cite")
    for r in rows:
        ax.annotate(f"{r['articles']} art.", (r["sentences"], r["total_s"]), fontsize=7, xytext=(3, 3), textcoords="offset points")
    ax.set_xlabel("sentences in the cluster")
    ax.set_ylabel("seconds")
    ax.set_title(f"newsfuse summary time ({mode} mode, {args.words} words)")
    ax.legend()
    fig.tight_layout()
    fig.savefig(f"{stem}.png", dpi=120)

    lines = [
        f"| articles | sentences | {' + '.join(s for s in SUMMARY_STAGES if s != 'summarize')} (s) | select + cite (s) | total (s) | ms / sentence |",
        "|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        lines.append(
            f"| {r['articles']} | {r['sentences']} | {r['stages_s']:.2f} | {r['select_cite_s']:.2f} | {r['total_s']:.2f} | {r['ms_per_sentence']:.2f} |"
        )
    Path(f"{stem}.md").write_text("\n".join(lines) + "\n", "utf-8")
    print("\n".join(lines))
    print(f"wrote {stem}.csv, .png, .md")


if __name__ == "__main__":
    main()
