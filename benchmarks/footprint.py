"""Footprint of newsfuse beside sumy: whole processes, side by side, wall time and peak memory.

    .venv/bin/python benchmarks/footprint.py [--runs 5] [--out FILE]

Runs, interleaved (one of each per round, ``--runs`` rounds), each as a fresh process:

- sumy's LexRank, 5 sentences, on the four seeds (../shared/seeds) concatenated: the work of
  ``sumy lex-rank --length=5 --file=seeds.txt`` (see ``_sumy`` for the one difference), in sumy's
  own environment (``--sumy-env``: sumy and NumPy only, made on first use) and, for reference, in
  newsfuse's (where NLTK's imports of SciPy and scikit-learn make it about three times slower);
- ``newsfuse brief ../shared/seeds --fast`` (Markdown to stdout, discarded);
- ``newsfuse brief ../shared/seeds`` (default mode);
- one process briefing the seeds ``--runs + 1`` times through ``newsfuse.brief``: the first brief
  is cold, the median of the others is the warm brief time (the same articles again, so their
  vectors and parses come from the caches); then ``--runs`` briefs with the caches emptied first
  (models loaded, every sentence embedded and every article parsed again).

Wall time is measured around each process; peak memory is that process's own maximum resident set
(``ru_maxrss`` from ``os.wait4``). Medians are reported, with the load average before and after
(the machine may be shared), and the size of the environment (``du -sk`` of ``sys.prefix``).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO.parent / "shared" / "seeds"
BIN = Path(sys.executable).parent


def _sumy(path: str, length: int) -> None:
    """sumy's command line, minus one thing: its sentence splitter needs NLTK's punkt data, which no
    package here ships, so the sentences come from NLTK's Punkt splitter untrained (a few abbreviations given) and
    the words from NLTK's Treebank-style tokenizer (neither needs data). The rest is ``sumy.__main__``:
    PlaintextParser, LexRank with the English stemmer and stop words, ``length`` sentences printed."""
    from nltk.tokenize import NLTKWordTokenizer
    from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer
    from sumy.nlp.stemmers import Stemmer
    from sumy.parsers.plaintext import PlaintextParser
    from sumy.summarizers.lex_rank import LexRankSummarizer
    from sumy.utils import get_stop_words

    params = PunktParameters()
    params.abbrev_types = {"u.s", "u.k", "u.n", "mr", "mrs", "ms", "dr", "gen", "sen", "rep", "gov", "st", "jan", "feb", "aug", "sept", "oct", "nov", "dec"}

    class Tokenizer:
        language = "english"
        _sentences = PunktSentenceTokenizer(params)
        _words = NLTKWordTokenizer()

        def to_sentences(self, paragraph: str) -> tuple[str, ...]:
            return tuple(s.strip() for s in self._sentences.tokenize(paragraph) if s.strip())

        def to_words(self, sentence: str) -> tuple[str, ...]:
            return tuple(w for w in self._words.tokenize(sentence) if any(c.isalnum() for c in w))

    parser = PlaintextParser.from_file(path, Tokenizer())
    summarizer = LexRankSummarizer(Stemmer("english"))
    summarizer.stop_words = get_stop_words("english")
    for sentence in summarizer(parser.document, length):
        print(sentence)


def _warm(runs: int) -> None:
    """Brief the seeds ``runs + 1`` times in this process, then ``runs`` more with the vector and parse
    caches emptied before each (models loaded, nothing remembered); print both lists of times as JSON."""
    import newsfuse
    from newsfuse.embed import get_embedder
    from newsfuse.nlp import get_nlp

    cached, uncached = [], []
    for _ in range(runs + 1):
        t = time.perf_counter()
        newsfuse.brief([str(SEEDS)])
        cached.append(time.perf_counter() - t)
    for _ in range(runs):
        get_embedder(False).cache.clear()
        get_nlp().cache.clear()
        t = time.perf_counter()
        newsfuse.brief([str(SEEDS)])
        uncached.append(time.perf_counter() - t)
    print(json.dumps([cached, uncached]))


def measure(cmd: list[str]) -> tuple[float, float, str]:
    """Wall seconds, peak RSS in MB and stdout of one process."""
    with tempfile.TemporaryFile() as out:
        t = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.DEVNULL, cwd=REPO)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        text = out.read().decode()
    if proc.returncode != 0:
        raise SystemExit(f"footprint: {' '.join(cmd)} exited {proc.returncode}")
    return wall, usage.ru_maxrss / 1024, text


def sumy_env(folder: Path) -> Path:
    """The Python of a virtual environment holding sumy and NumPy only, as a user of sumy has it;
    made on first use. sumy is compared there: in newsfuse's environment NLTK, which sumy imports,
    also imports SciPy's stats and scikit-learn because they are installed, which triples sumy's start-up."""
    python = folder / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(folder)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "-q", "sumy", "numpy"], check=True)
    return python


def env_mb() -> float:
    out = subprocess.run(["du", "-sk", sys.prefix], capture_output=True, text=True, check=True).stdout
    return int(out.split()[0]) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--out", type=Path, default=None, help="also write the Markdown table here")
    parser.add_argument("--sumy-env", type=Path, default=REPO / ".venv-sumy",
                        help="sumy's own virtual environment (made with `pip install sumy numpy` if missing)")
    parser.add_argument("--child", choices=("sumy", "warm"), help=argparse.SUPPRESS)
    parser.add_argument("--file", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child == "sumy":
        return _sumy(args.file, 5)
    if args.child == "warm":
        return _warm(args.runs)

    sumy_python = sumy_env(args.sumy_env)
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as f:
        for p in sorted(SEEDS.iterdir()):
            f.write(p.read_text(encoding="utf-8").strip() + "\n\n")
        seeds_txt = f.name
    me = [sys.executable, str(Path(__file__).resolve())]
    commands = {
        "sumy": ("`sumy lex-rank --length=5` on the four seeds concatenated, in sumy's own environment",
                 [str(sumy_python), str(Path(__file__).resolve()), "--child", "sumy", "--file", seeds_txt]),
        "sumy-here": ("the same in newsfuse's environment (NLTK then imports SciPy's stats and scikit-learn)",
                      me + ["--child", "sumy", "--file", seeds_txt]),
        "fast": ("`newsfuse brief ../shared/seeds --fast`", [str(BIN / "newsfuse"), "brief", str(SEEDS), "--fast"]),
        "default": ("`newsfuse brief ../shared/seeds`", [str(BIN / "newsfuse"), "brief", str(SEEDS)]),
    }
    load_before = os.getloadavg()
    walls: dict[str, list[float]] = {k: [] for k in commands}
    peaks: dict[str, list[float]] = {k: [] for k in commands}
    for _ in range(args.runs):
        for key, (_, cmd) in commands.items():
            wall, peak, _ = measure(cmd)
            walls[key].append(wall)
            peaks[key].append(peak)
    wall, warm_peak, text = measure(me + ["--child", "warm", "--runs", str(args.runs)])
    briefs, uncached = json.loads(text.strip().splitlines()[-1])
    load_after = os.getloadavg()
    os.unlink(seeds_txt)

    med = {k: (statistics.median(walls[k]), statistics.median(peaks[k])) for k in commands}
    sumy_wall = med["sumy"][0]
    lines = [
        f"{args.runs} runs of each, interleaved; medians. Load average (1, 5, 15 min) before: "
        f"{', '.join(f'{x:.1f}' for x in load_before)}; after: {', '.join(f'{x:.1f}' for x in load_after)} "
        f"on {os.cpu_count()} cores.",
        "",
        "| command | wall | x sumy | peak memory |",
        "|---|---:|---:|---:|",
    ]
    for key, (label, _) in commands.items():
        w, m = med[key]
        lines.append(f"| {label} | {w:.2f} s | {w / sumy_wall:.2f} | {m:.0f} MB |")
    lines.append(
        f"| warm brief of the seeds (one process, median of {len(briefs) - 1} after a first brief of {briefs[0]:.2f} s) "
        f"| {statistics.median(briefs[1:]):.2f} s | | {warm_peak:.0f} MB |"
    )
    lines.append(f"| the same, the vector and parse caches emptied before each brief (median of {len(uncached)}) | {statistics.median(uncached):.2f} s | | |")
    lines += ["", f"Environment (`du -sk {sys.prefix}`): {env_mb():.0f} MB."]
    table = "\n".join(lines)
    print(table)
    if args.out:
        args.out.write_text(table + "\n")


if __name__ == "__main__":
    main()
