"""``newsfuse eval``: the summarizer beside the baselines and published systems, on DUC-style data."""

from __future__ import annotations

import shlex
import sys
from pathlib import Path
from typing import List, Optional

import typer

from .options import examples


def register(app: typer.Typer) -> None:
    from ..evaluate.names import SUMMARY_SYSTEMS as DEFAULT_SYSTEMS

    @app.command("eval", epilog=examples('newsfuse eval ../shared/data/mds/duc2004_task2.jsonl --words 100 --limit 10'))
    def eval_command(
        data: Path = typer.Argument(..., help="A cluster JSON Lines file, e.g. ../shared/data/mds/duc2004_task2.jsonl."),
        words: int = typer.Option(100, "--words", help="Summary length: every summary is cut to this many words before scoring."),
        systems: str = typer.Option(
            ",".join(DEFAULT_SYSTEMS), "--systems", show_default=False,
            help=f"Comma-separated systems to run: {', '.join(DEFAULT_SYSTEMS)}. [default: all]"),
        peers: Optional[List[Path]] = typer.Option(
            None, "--peers", help="Stored summaries of other systems ({id, system, summary} lines); repeatable."),
        out: Path = typer.Option(Path("results"), "--out", help="Folder for <dataset>-<words>.md, .json and .png."),
        save_summaries: Optional[Path] = typer.Option(
            None, "--save-summaries", help="Also write every system's summaries here as {id, system, summary} lines."),
        limit: Optional[int] = typer.Option(None, "--limit", help="Only the first N clusters of the file."),
        resamples: int = typer.Option(1000, "--resamples", help="Bootstrap resamples of clusters."),
        seed: int = typer.Option(2004, "--seed", help="Seed of the bootstrap and of the Random baseline."),
        chart: bool = typer.Option(True, "--chart/--no-chart", help="Draw the PNG chart."),
        cache: Optional[Path] = typer.Option(
            None, "--cache", help="Folder of the baselines' cached summaries. [default: OUT/cache]"),
        no_cache: bool = typer.Option(
            False, "--no-cache", help="Recompute every system (the cache is still refreshed with the new results)."),
        scorer: str = typer.Option(
            "rouge-score", "--scorer",
            help="rouge-score (Google's, the default table), rouge155 (ROUGE-1.5.5 itself with the DUC settings; "
                 "needs perl and libxml-dom-perl) or both."),
    ) -> None:
        """Score newsfuse, Lead, Random, sumy's summarizers, a ROUGE oracle and stored peers with ROUGE, side by side."""
        from ..errors import ConfigError
        from ..evaluate.bench import BenchConfig, run_bench, save_summaries as write_summaries, to_markdown, write_outputs
        from ..evaluate.systems import parse_systems

        from ..evaluate.bench import SCORERS

        names = parse_systems(systems)
        if scorer not in SCORERS:
            raise ConfigError(f"unknown --scorer '{scorer}'; choose from {', '.join(SCORERS)}")
        if resamples < 1:
            raise ConfigError(f"--resamples must be at least 1, not {resamples}")
        command = f"newsfuse eval {shlex.quote(str(data))} --words {words}"
        if tuple(names) != DEFAULT_SYSTEMS:
            command += f" --systems {','.join(names)}"
        for p in peers or []:
            command += f" --peers {shlex.quote(str(p))}"
        if limit is not None:
            command += f" --limit {limit}"
        if resamples != 1000:
            command += f" --resamples {resamples}"
        if seed != 2004:
            command += f" --seed {seed}"
        if scorer != "rouge-score":
            command += f" --scorer {scorer}"
        config = BenchConfig(data=data, words=words, systems=tuple(names), peers=tuple(peers or ()), limit=limit,
                             resamples=resamples, seed=seed, command=command,
                             cache_dir=cache if cache is not None else out / "cache", reuse_cache=not no_cache,
                             scorer=scorer)
        if sys.stderr.isatty():
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

            with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                          TextColumn("left"), TimeRemainingColumn(), console=Console(stderr=True), transient=True) as bar:
                task_id = bar.add_task("loading", total=None)

                def progress(done: int, total: int, system: str, cluster: str) -> None:
                    bar.update(task_id, completed=done, total=total,
                               description=f"{system} {cluster}" if system else "scoring")

                result = run_bench(config, progress)
        else:
            result = run_bench(config)
        paths = write_outputs(result, out, chart=chart)
        typer.echo(to_markdown(result))
        if save_summaries is not None:
            count = write_summaries(result, save_summaries)
            paths["summaries"] = save_summaries
            sys.stderr.write(f"newsfuse eval: {count} summaries written to {save_summaries}\n")
        sys.stderr.write("newsfuse eval: tables written to " + ", ".join(str(p) for p in paths.values()) + "\n")
