"""spaCy's lemmatizer run over every token against lemmas made on request: parse time and lemmas, side by side.

    .venv/bin/python benchmarks/lemma_on_request.py [--articles 250] [--rounds 2]

newsfuse loads en_core_web_sm's ``lemmatizer`` but does not run it in a parse
(``newsfuse.nlp.ON_REQUEST``); the stages ask :func:`newsfuse.nlp.lemma` for the
lemmas of the few tokens they read. This parses the first ``--articles`` articles
of DUC 2004 (``../shared/data/mds/duc2004_task2.jsonl``) with newsfuse's pipeline,
alternating with and without the lemmatizer, ``--rounds`` times, and prints the
median wall time of each. It then asks for the lemma of every token of the parse
made without it and counts the tokens whose lemma differs from the one the
lemmatizer set. Reads ../shared.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from parse_ops import duc2004_texts  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=250)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()

    from newsfuse.nlp import get_nlp, lemma

    texts = duc2004_texts(args.articles)
    nlp = get_nlp().nlp
    times: dict[bool, list[float]] = {True: [], False: []}
    docs: dict[bool, list] = {}
    for _ in range(args.rounds):
        for run_it in (True, False):
            if run_it:
                nlp.enable_pipe("lemmatizer")
            try:
                t = time.perf_counter()
                docs[run_it] = list(nlp.pipe(texts, batch_size=8))
                times[run_it].append(time.perf_counter() - t)
            finally:
                nlp.disable_pipe("lemmatizer")
    tokens = sum(len(d) for d in docs[True])
    t = time.perf_counter()
    asked = [[lemma(w) for w in d] for d in docs[False]]
    ask_s = time.perf_counter() - t
    differ = sum(a != w.lemma_ for x, d in zip(asked, docs[True]) for a, w in zip(x, d))
    with_, without = statistics.median(times[True]), statistics.median(times[False])
    print(f"{len(texts)} DUC 2004 articles, {tokens:,} tokens, median of {args.rounds} rounds")
    print("| parse | wall | tokens/s |")
    print("|---|---:|---:|")
    print(f"| lemmatizer run over every token | {with_:.1f} s | {tokens / with_:,.0f} |")
    print(f"| lemmatizer on request (newsfuse) | {without:.1f} s | {tokens / without:,.0f} |")
    print(f"parse {with_ / without:.2f}x faster; asking for every token's lemma afterwards took {ask_s:.1f} s "
          f"(the stages ask for a few); tokens whose lemma differs: {differ}")


if __name__ == "__main__":
    main()
