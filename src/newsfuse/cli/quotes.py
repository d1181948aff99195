"""``newsfuse eval-quotes``: direct quotes and speakers on PolNeAR, newsfuse beside textacy."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer

from .options import examples


def register(app: typer.Typer) -> None:
    @app.command("eval-quotes", epilog=examples('newsfuse eval-quotes ../shared/data/quotes/polnear_dev.jsonl --limit 50'))
    def eval_quotes_command(
        data: Path = typer.Argument(..., help="A PolNeAR JSON Lines file, e.g. ../shared/data/quotes/polnear_dev.jsonl."),
        limit: Optional[int] = typer.Option(None, "--limit", min=1, help="Only the first N articles (sorted by article id)."),
        out: Optional[Path] = typer.Option(None, "--out", help="Also write the results as JSON to this file."),
        systems: str = typer.Option(
            "newsfuse,newsfuse-fast,textacy,textacy-paragraphs",
            "--systems",
            help="Comma-separated systems to run: newsfuse, newsfuse-fast, textacy, textacy-paragraphs.",
        ),
    ) -> None:
        """Score direct-quote spans (exact, overlap) and speaker attribution on PolNeAR, side by side."""
        from rich.console import Console
        from rich.table import Table

        from ..evaluate.quotes_eval import SYSTEMS, evaluate
        from ..evaluate import choose_systems
        from ..writers import write_atomic

        names = choose_systems(systems, SYSTEMS)
        err = Console(stderr=True)
        with err.status("scoring quotes...") as status:

            def progress(done: int, total: int) -> None:
                status.update(f"scoring quotes: {done}/{total} articles")

            results = evaluate(data, limit=limit, systems=names, progress=progress)
        command = f"newsfuse eval-quotes {data}"
        if limit is not None:
            command += f" --limit {limit}"
        if names != list(SYSTEMS):
            command += f" --systems {','.join(names)}"
        results["command"] = command
        table = Table(title=f"PolNeAR direct quotes: {results['articles']} articles, {results['gold_units']} gold quote units")
        table.add_column("system")
        for col in ("spans exact P/R/F1", "spans overlap P/R/F1", "speaker P/R/F1"):
            table.add_column(col, justify="right")
        for name, m in results["systems"].items():
            table.add_row(name, *(f"{m[k]['precision']:.3f} {m[k]['recall']:.3f} {m[k]['f1']:.3f}" for k in ("exact", "overlap", "speaker")))
        out_console = Console()
        if not out_console.is_terminal:
            out_console = Console(width=110)
        out_console.print(table)
        failed = {n: m["docs_failed"] for n, m in results["systems"].items() if m["docs_failed"]}
        if failed:
            err.print(f"articles a system gave up on (counted as no predictions): {failed}")
        if out is not None:
            write_atomic(out, json.dumps(results, indent=2) + "\n")
            err.print(f"results written to {out}")
