"""``newsfuse brief``: article files, folders, URLs or stdin in, one brief out."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Optional

import typer

from ..errors import ConfigError
from .options import examples, output_format, quiet_option, set_option, setting_option, settings_from_cli, verbose_option
from .progress import RunProgress

if TYPE_CHECKING:
    from ..model import Article


def register(app: typer.Typer) -> None:
    @app.command("brief", epilog=examples('newsfuse brief src/newsfuse/examples/harbour-fire -o brief.html', 'cat article.txt | newsfuse brief - --words 80 --format markdown', 'newsfuse brief src/newsfuse/examples/kessel-flood/day2 --since src/newsfuse/examples/kessel-flood/day1', 'newsfuse brief -i urls.txt --fast'))
    def brief_command(
        inputs: Optional[list[str]] = typer.Argument(None, help="Article files, folders, URLs, or - for stdin."),
        input_file: Optional[Path] = typer.Option(
            None, "--input-file", "-i", metavar="FILE",
            help="Also read the paths or URLs listed in FILE, one per line (blank lines and # comments skipped).",
        ),
        words: Optional[str] = setting_option("summary_words", "-w"),
        fmt: Optional[str] = typer.Option(
            None, "--format", "-f", metavar="FORMAT", help="text, markdown, json or html (default: text on a terminal, else markdown)."
        ),
        output: Optional[Path] = typer.Option(None, "--output", "-o", metavar="FILE", help="Write to this file instead of stdout."),
        cluster: Optional[str] = typer.Option(None, "--cluster", metavar="ID", help="Cluster id, for a DUC-style cluster JSONL file."),
        fast: Optional[bool] = setting_option("fast", help="No neural model: rule-based and TF-IDF only (faster, a little less accurate)."),
        db: Optional[Path] = typer.Option(None, "--db", metavar="FILE", help="Also store the articles and the brief in this SQLite store (shared with `newsfuse serve`)."),
        since: list[str] = typer.Option(
            [], "--since", metavar="PATH",
            help="Articles the reader has already read (files, folders, URLs); the brief reports only what the inputs add. Repeatable.",
        ),
        since_date: Optional[str] = typer.Option(
            None, "--since-date", metavar="DATE",
            help="Split the inputs by date: articles dated on or before DATE (YYYY-MM-DD) count as read, the later ones as new.",
        ),
        quiet: bool = quiet_option(),
        verbose: bool = verbose_option(),
        set_: list[str] = set_option("summary_words=150"),
    ) -> None:
        """Brief many reports of one event: a cited summary, quotes, figures, exclusives, entities."""
        from ..briefing import make_brief
        from ..embed import leave_cores
        from ..readers import read_articles
        from ..writers import FORMATS, render, write_atomic

        default = "text" if output is None and sys.stdout.isatty() else "markdown"
        fmt = output_format(fmt, output, FORMATS, default)
        settings = settings_from_cli(set_, summary_words=words, fast=fast)
        inputs = [*(inputs or []), *(listed_inputs(input_file) if input_file is not None else [])]
        if not inputs:
            raise ConfigError("no input given; name article files, folders or URLs, - for stdin, or -i FILE with a list")
        leave_cores(1)  # one brief: spaCy's load beside the embedding is what it waits for (see embed.leave_cores)
        with RunProgress(quiet=quiet, verbose=verbose) as progress:
            progress.add("read", "articles read")
            progress.add("briefs", "briefs made", total=1)
            with progress.phase("read"):
                articles = read_articles(inputs, cluster=cluster, settings=settings)
                earlier = read_articles(since, settings=settings) if since else []
                if since_date is not None:
                    if since:
                        raise ConfigError("give either --since PATH or --since-date DATE, not both")
                    earlier, articles = split_by_date(articles, since_date)
            progress.advance("read", len(articles) + len(earlier))
            with progress.phase("brief"):
                result = make_brief(articles, settings, earlier=earlier)
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


def split_by_date(articles: list["Article"], since_date: str) -> tuple[list["Article"], list["Article"]]:
    """``(earlier, new)``: articles dated on or before ``since_date``, then the later ones.

    An undated article counts as new (it is shown, never hidden as already read), and a note
    on stderr says how many there were.

    Raises:
        ConfigError: ``since_date`` is not a date, or no article is dated after it.
    """
    from ..text.dates import parse_date

    try:
        cut = parse_date(since_date, strict=True)
    except ValueError:
        cut = None
    if cut is None:
        raise ConfigError(f"--since-date '{since_date}' is not a date; write it as YYYY-MM-DD, e.g. 2026-11-30")
    earlier = [a for a in articles if a.date is not None and a.date <= cut]
    new = [a for a in articles if a.date is None or a.date > cut]
    undated = sum(a.date is None for a in articles)
    if undated:
        sys.stderr.write(f"newsfuse: {undated} article(s) have no date and count as new\n")
    if not [a for a in new if a.date is not None] and not undated:
        raise ConfigError(f"no article is dated after {cut.isoformat()}; nothing is new since then (pick an earlier --since-date)")
    return earlier, new


def listed_inputs(path: Path) -> list[str]:
    """The paths or URLs listed in ``path``, one per line; blank lines and ``#`` comments skipped.

    Raises:
        ReadError: the list cannot be read or lists nothing.
    """
    from ..errors import ReadError

    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ReadError(f"cannot read the input list: {exc.strerror or exc}", source=str(path)) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ReadError("the input list is not UTF-8 text; give one path or URL per line", source=str(path)) from None
    items = [line.strip() for line in text.splitlines()]
    items = [item for item in items if item and not item.startswith("#")]
    if not items:
        raise ReadError("the input list names no path or URL; give one per line", source=str(path))
    return items
