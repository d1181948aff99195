"""``newsfuse build``: an archive's stories and briefs on a dask.distributed cluster.

The archive is clustering JSON Lines shards (globs, files or folders); the work runs on a
LocalCluster of this machine's cores or on an existing cluster (``--scheduler``), see
:mod:`newsfuse.scale` and docs/scale.md. Dask is the optional ``scale`` extra.
"""

from __future__ import annotations

import glob
import sys
from pathlib import Path
from typing import Optional

import typer

from ..errors import ConfigError, OutputError, ReadError
from .cluster import STREAM_SUFFIXES
from .options import examples, quiet_option, set_option, setting_option, settings_from_cli, verbose_option
from .progress import RunProgress


def expand_inputs(inputs: list[str]) -> list[tuple[str, str]]:
    """(path, name) of every shard the inputs name: globs, files and folders (their ``*.jsonl``), each
    pattern's matches in name order, each file once."""
    shards: list[tuple[str, str]] = []
    seen: set[str] = set()
    for pattern in inputs:
        p = Path(pattern)
        if p.is_dir():
            names = sorted(str(f) for f in p.iterdir() if f.suffix.lower() in STREAM_SUFFIXES)
        elif p.is_file():
            names = [pattern]
        else:
            names = sorted(glob.glob(pattern, recursive=True))
            if not names:
                raise ReadError("no file matches; check the path or pattern (quote it: 'archive/*.jsonl')", source=pattern)
        files = [n for n in names if Path(n).is_file()]
        if not files:
            raise ReadError("no JSON Lines shard (.jsonl, .ndjson) here; give shards or a folder of them", source=pattern)
        for name in files:
            if Path(name).suffix.lower() not in STREAM_SUFFIXES:
                raise ReadError("not a JSON Lines shard (.jsonl or .ndjson); newsfuse build reads clustering JSON Lines",
                                source=name)
            key = str(Path(name).resolve())
            if key not in seen:
                seen.add(key)
                shards.append((name, name))
    return shards


def register(app: typer.Typer) -> None:
    @app.command("build", epilog=examples(
        "newsfuse build 'archive/*.jsonl' --out stories/ --fast",
        "newsfuse build 'archive/*.jsonl' --out stories/ --scheduler tcp://scheduler.example:8786",
        "newsfuse build archive/ --out stories/ --workers 2 --db news.db",
    ))
    def build_command(
        inputs: list[str] = typer.Argument(..., help="Clustering JSON Lines shards: globs (quoted), files or folders of .jsonl files."),
        out: Path = typer.Option(..., "--out", metavar="FOLDER", help="Output folder: articles/, stories/ and briefs/ as part-N.jsonl files, and build.json."),
        scheduler: Optional[str] = typer.Option(None, "--scheduler", metavar="ADDRESS", help="A running dask.distributed scheduler (tcp://host:8786); default: a local cluster on this machine."),
        workers: Optional[int] = typer.Option(None, "--workers", min=1, metavar="N", help="Worker processes of the local cluster (default: this machine's cores)."),
        db: Optional[Path] = typer.Option(None, "--db", metavar="FILE", help="Also load the stories, their articles and briefs into this SQLite store (shared with `newsfuse serve`)."),
        strict: bool = typer.Option(False, "--strict", help="Refuse the archive at its first bad line instead of skipping it."),
        fast: Optional[bool] = setting_option("fast", help="No neural model: hashed TF-IDF for stories, fast briefs."),
        window_days: Optional[str] = setting_option("story_window_days", help="Quiet window: a story closes after this many days without a new article, once --window-articles have also passed."),
        window_articles: Optional[str] = setting_option("story_window_articles", help="Quiet window in stream articles (0: days only)."),
        threshold: Optional[float] = typer.Option(None, "--threshold", metavar="NUMBER", help="Least score to join a story (default: tuned per mode, as newsfuse cluster)."),
        block_articles: int = typer.Option(20_000, "--block-articles", min=1, metavar="N", help="Articles per time block clustered as one task (rounded up to a multiple of 128)."),
        briefs: bool = typer.Option(True, "--briefs/--no-briefs", help="Make a brief per story (briefs/), or only the stories."),
        min_size: int = typer.Option(1, "--min-size", min=1, metavar="N", help="Briefs only for stories with at least this many articles."),
        quiet: bool = quiet_option(),
        verbose: bool = verbose_option(),
        set_: list[str] = set_option("story_window_days=5"),
    ) -> None:
        """Cluster an archive into stories and brief each one, on a Dask cluster; the same stories as `newsfuse cluster`."""
        from ..scale.engine import build, require_dask
        from ..scale.blocks import ClusterParams

        require_dask()
        if scheduler and workers:
            raise ConfigError("--workers sizes the local cluster; with --scheduler the cluster's own workers run the build, so drop --workers")
        if out.exists() and not out.is_dir():
            raise OutputError("is a file; give a folder for --out", source=str(out))
        shards = expand_inputs(inputs)
        settings = settings_from_cli(set_, fast=fast, story_window_days=window_days, story_window_articles=window_articles)
        params = ClusterParams(threshold, settings.story_window_days, settings.story_window_articles, settings.fast)
        store = None
        if db is not None:
            from ..store import Store

            store = Store(db)

        def warn(line: str) -> None:
            sys.stderr.write(f"newsfuse: warning: {line} (skipped)\n")

        def notice(line: str) -> None:
            if not quiet:
                sys.stderr.write(f"newsfuse: {line}\n")

        try:
            with RunProgress(quiet=quiet, verbose=verbose) as progress:
                with progress.phase("build"):
                    report = build(shards, out, params=params, settings=settings, scheduler=scheduler, workers=workers,
                                   strict=strict, briefs=briefs, min_size=min_size, block_articles=block_articles,
                                   store=store, progress=progress, warn=warn, notice=notice)
        finally:
            if store is not None:
                store.close()
        if not quiet:
            rate = report.articles / report.seconds if report.seconds else 0.0
            sys.stderr.write(
                f"newsfuse: {report.articles} articles from {report.shards} shards -> {report.stories} stories "
                f"({report.continued} continued across {report.blocks} blocks), {report.briefs} briefs, "
                f"{report.copies} copies, in {report.seconds:.1f} s ({rate:.0f} articles/s) on {report.workers} workers; "
                f"written to {out}{f' and {db}' if db else ''}\n")
