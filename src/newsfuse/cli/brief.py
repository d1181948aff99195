"""``newsfuse brief``: article files, folders, URLs or stdin in, one brief out."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer

from .options import examples, output_format, quiet_option, set_option, setting_option, settings_from_cli, verbose_option
from .progress import RunProgress


def register(app: typer.Typer) -> None:
    @app.command("brief", epilog=examples('newsfuse brief src/newsfuse/examples/harbour-fire -o brief.html', 'cat article.txt | newsfuse brief - --words 80 --format markdown'))
    def brief_command(
        inputs: list[str] = typer.Argument(..., help="Article files, folders, URLs, or - for stdin."),
        words: Optional[str] = setting_option("summary_words", "-w"),
        fmt: Optional[str] = typer.Option(
            None, "--format", "-f", metavar="FORMAT", help="text, markdown, json or html (default: text on a terminal, else markdown)."
        ),
        output: Optional[Path] = typer.Option(None, "--output", "-o", metavar="FILE", help="Write to this file instead of stdout."),
        cluster: Optional[str] = typer.Option(None, "--cluster", metavar="ID", help="Cluster id, for a DUC-style cluster JSONL file."),
        fast: Optional[bool] = setting_option("fast", help="No neural model: rule-based and TF-IDF only (faster, a little less accurate)."),
        db: Optional[Path] = typer.Option(None, "--db", metavar="FILE", help="Also store the articles and the brief in this SQLite store (shared with `newsfuse serve`)."),
        quiet: bool = quiet_option(),
        verbose: bool = verbose_option(),
        set_: list[str] = set_option("summary_words=150"),
    ) -> None:
        """Brief many reports of one event: a cited summary, quotes, figures, exclusives, entities."""
        from ..briefing import make_brief
        from ..readers import read_articles
        from ..writers import FORMATS, render, write_atomic

        default = "text" if output is None and sys.stdout.isatty() else "markdown"
        fmt = output_format(fmt, output, FORMATS, default)
        settings = settings_from_cli(set_, summary_words=words, fast=fast)
        with RunProgress(quiet=quiet, verbose=verbose) as progress:
            progress.add("read", "articles read")
            progress.add("briefs", "briefs made", total=1)
            with progress.phase("read"):
                articles = read_articles(inputs, cluster=cluster, settings=settings)
            progress.advance("read", len(articles))
            with progress.phase("brief"):
                result = make_brief(articles, settings)
            progress.add_stage_timings(result.meta.timings)
            progress.advance("briefs")
        if db is not None:
            from ..store import Store

            with Store(db) as store:
                story_id = store.create_story(articles)
                store.save_brief(story_id, result, settings)
            sys.stderr.write(f"newsfuse: stored as story {story_id} in {db}\n")
        content = render(result, fmt)
        if output is None:
            sys.stdout.write(content)
        else:
            write_atomic(output, content)
