"""``newsfuse eval-update``: update summaries (DUC 2007 update task) beside the published systems."""

from __future__ import annotations

import json
import shlex
import sys
from pathlib import Path
from typing import List, Optional

import typer

from .options import examples


def register(app: typer.Typer) -> None:
    from ..evaluate.names import UPDATE_SYSTEMS as SYSTEMS

    @app.command("eval-update", epilog=examples('newsfuse eval-update ../shared/data/mds/duc2007_update.jsonl'))
    def eval_update_command(
        data: Path = typer.Argument(..., help="The update task file, e.g. ../shared/data/mds/duc2007_update.jsonl."),
        peers: Optional[List[Path]] = typer.Option(
            None, "--peers", help="Stored summaries of the submitted systems and humans ({id: '<topic>-<set>', system, summary})."),
        systems: str = typer.Option(",".join(SYSTEMS), "--systems", help=f"Comma-separated: {', '.join(SYSTEMS)}."),
        out: Optional[Path] = typer.Option(None, "--out", help="Also write the results as JSON to this file."),
        save_summaries: Optional[Path] = typer.Option(
            None, "--save-summaries", help="Write every system's summaries as {id, system, summary} lines."),
        resamples: int = typer.Option(1000, "--resamples", help="Bootstrap resamples of (topic, set) units."),
        scorer: str = typer.Option(
            "rouge-score", "--scorer",
            help="rouge-score, or rouge155: ROUGE-1.5.5 with NIST's DUC 2007 update settings (jackknifed, 100 words)."),
    ) -> None:
        """Score newsfuse's update summaries of sets B and C (and A) with ROUGE, beside peers, humans and baselines."""
        from ..errors import ConfigError
        from ..evaluate import choose_systems
        from ..evaluate.datasets import load_peers
        from ..evaluate.update_eval import load_update, run_update_eval, to_markdown
        from ..writers import write_atomic

        names = choose_systems(systems, SYSTEMS)
        if resamples < 1:
            raise ConfigError(f"--resamples must be at least 1, not {resamples}")
        topics = load_update(data)
        units = {t.unit(s) for t in topics for s in ("A", "B", "C")}
        stored = [p for path in peers or [] for p in load_peers(path, units)]
        command = f"newsfuse eval-update {shlex.quote(str(data))}" + "".join(f" --peers {shlex.quote(str(p))}" for p in peers or [])
        if list(names) != list(SYSTEMS):
            command += f" --systems {','.join(names)}"
        if scorer not in ("rouge-score", "rouge155"):
            raise ConfigError(f"unknown --scorer '{scorer}'; choose rouge-score or rouge155")
        if scorer != "rouge-score":
            command += f" --scorer {scorer}"
        progress = None
        if sys.stderr.isatty():
            def progress(done: int, total: int, what: str) -> None:
                sys.stderr.write(f"\r\x1b[Knewsfuse eval-update: {done}/{total} {what}")
                if done == total:
                    sys.stderr.write("\n")
        result = run_update_eval(topics, names, stored, resamples=resamples, progress=progress, scorer_name=scorer)
        result["command"] = command
        typer.echo(to_markdown(result, command))
        if out is not None:
            write_atomic(out, json.dumps({k: v for k, v in result.items() if k != "summaries"}, indent=2) + "\n")
        if save_summaries is not None:
            lines = [json.dumps({"id": unit, "system": name, "summary": text})
                     for name, per in result["summaries"].items() for unit, text in per.items()]
            write_atomic(save_summaries, "\n".join(lines) + "\n")
            sys.stderr.write(f"newsfuse eval-update: {len(lines)} summaries written to {save_summaries}\n")
