"""Progress on stderr (issue 16): rich bars on a terminal after a delay, nothing when stderr is not
a terminal or with --quiet, timings with --verbose."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

from rich.console import Console

from newsfuse.cli.progress import RunProgress

STREAM = Path(__file__).resolve().parent / "fixtures" / "stream" / "stream.jsonl"


def _terminal() -> tuple[Console, io.StringIO]:
    buf = io.StringIO()
    return Console(file=buf, force_terminal=True, width=100), buf


def _run(progress: RunProgress) -> None:
    with progress:
        progress.add("read", "articles read")
        progress.add("briefs", "briefs made", total=2)
        with progress.phase("briefs (2)"):
            progress.advance("read", 8)
            progress.advance("briefs")
            progress.advance("briefs")


def test_bars_on_a_terminal():
    console, buf = _terminal()
    _run(RunProgress(console=console, delay=0))
    shown = buf.getvalue()
    assert "articles read" in shown and "briefs made" in shown and "2/2" in shown


def test_a_run_shorter_than_the_delay_and_quiet_runs_print_nothing():
    console, buf = _terminal()
    _run(RunProgress(console=console, delay=60))
    assert buf.getvalue() == ""
    console, buf = _terminal()
    _run(RunProgress(console=console, delay=0, quiet=True))
    assert buf.getvalue() == ""


def test_not_a_terminal_prints_nothing():
    buf = io.StringIO()
    _run(RunProgress(console=Console(file=buf), delay=0))
    assert buf.getvalue() == ""


def test_verbose_prints_phases_and_stages():
    buf = io.StringIO()
    progress = RunProgress(console=Console(file=buf), delay=0, verbose=True)
    with progress:
        with progress.phase("read"):
            pass
        progress.add_stage_timings({"segment": 0.5, "summarize": 1.25})
        progress.add_stage_timings({"summarize": 1.0})
    lines = buf.getvalue().splitlines()
    assert lines[0].startswith("newsfuse: read: ")
    assert "newsfuse:   stage summarize: 2.25 s" in lines and "newsfuse:   stage segment: 0.50 s" in lines
    assert lines[-1].startswith("newsfuse: total: ")


def _cli(*args):
    return subprocess.run([sys.executable, "-m", "newsfuse", *args], capture_output=True, text=True, timeout=300)


def test_cli_quiet_on_a_pipe_and_verbose_timings(tmp_path, example_dir):
    out = tmp_path / "day.md"
    quiet = _cli("cluster", str(STREAM), "--brief", "--fast", "-o", str(out))
    assert quiet.returncode == 0 and quiet.stderr == "" and out.read_text().startswith("# ")
    loud = _cli("cluster", str(STREAM), "--brief", "--fast", "-o", str(out), "--verbose")
    assert loud.returncode == 0, loud.stderr
    assert "newsfuse: read and cluster: " in loud.stderr and "newsfuse: briefs (3): " in loud.stderr  # ferry, library, derby (the ferry story is still open 20 days on)
    assert "stage summarize:" in loud.stderr and "newsfuse: total: " in loud.stderr
    brief = _cli("brief", str(example_dir), "--fast", "-q", "--format", "json")
    assert brief.returncode == 0 and brief.stderr == "" and brief.stdout.startswith("{")
    timed = _cli("brief", str(example_dir), "--fast", "-v", "--format", "json")
    assert "newsfuse: brief: " in timed.stderr and "stage figures:" in timed.stderr
