"""``newsfuse cluster`` and ``newsfuse eval-cluster``: stories from a stream of articles.

``cluster`` reads clustering JSON Lines (a file or ``-`` for stdin, line by
line) or any article files the readers understand, assigns every article to a
story online, and writes one record per article and one per story; with
``--brief``, one brief per story instead. ``eval-cluster`` scores newsfuse and
library alternatives with B-cubed against the gold labels of a JSONL file.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import IO, Iterator, Optional

import typer

from ..errors import ConfigError, NewsfuseError
from .options import examples, output_format, quiet_option, set_option, setting_option, settings_from_cli, verbose_option
from .progress import RunProgress

STREAM_SUFFIXES = (".jsonl", ".ndjson")
OUT_FORMATS = ("jsonl", "json")
BRIEF_FORMATS = ("html", "markdown", "text", "json", "jsonl")


def _warn(exc: NewsfuseError) -> None:
    sys.stderr.write(f"newsfuse: warning: {exc} (skipped)\n")


def _stream_items(inputs: list[str], *, strict: bool) -> Iterator:
    """Stream items from JSONL inputs (files or ``-``), line by line."""
    from ..readers.stream import iter_jsonl
    from ..errors import ReadError

    for name in inputs:
        if name == "-":  # bytes, decoded line by line: one non-UTF-8 line is one bad line
            yield from iter_jsonl(sys.stdin.buffer, source="<stdin>", strict=strict, on_error=_warn)
            continue
        path = Path(name)
        if not path.is_file():
            raise ReadError("no such file; check the path", source=name)
        try:
            fh = path.open("rb")
        except OSError as exc:
            raise ReadError(f"cannot be read ({exc.strerror}); check its permissions", source=name) from None
        with fh:
            yield from iter_jsonl(fh, source=name, strict=strict, on_error=_warn)


def _is_stream(inputs: list[str]) -> bool:
    return all(i == "-" or Path(i).suffix.lower() in STREAM_SUFFIXES for i in inputs)


def _emit(out: IO[str], record: dict, follow: bool) -> None:
    out.write(json.dumps(record, ensure_ascii=False) + "\n")
    if follow:
        out.flush()


def _briefs_output(stories, by_id, settings, fmt: str, progress) -> str:
    from ..briefing import make_brief
    from ..writers import front_page_order, render, to_day_html

    made = []
    progress.add("briefs", "briefs made", total=len(stories))
    with progress.phase(f"briefs ({len(stories)})"):
        for story in stories:
            arts = [by_id[i] for i in story.articles]
            made.append((story, make_brief(arts, settings)))
            progress.add_stage_timings(made[-1][1].meta.timings)
            progress.advance("briefs")
    if fmt == "jsonl":
        return "".join(json.dumps({"story": s.id, "brief": b.to_dict()}, ensure_ascii=False) + "\n" for s, b in made)
    if fmt == "json":
        return json.dumps([{"story": s.id, "brief": b.to_dict()} for s, b in made], indent=2, ensure_ascii=False) + "\n"
    if fmt == "html":
        return to_day_html([b for _, b in made])
    sep = "\n\n---\n\n" if fmt == "markdown" else "\n\n" + "=" * 72 + "\n\n"
    return sep.join(render(b, fmt) for b in front_page_order([b for _, b in made]))


def register(app: typer.Typer) -> None:
    @app.command("cluster", epilog=examples('newsfuse cluster ../shared/data/clustering/duc2004_tdt_event_clusters.jsonl --brief -o today.html', 'tail -f feed.jsonl | newsfuse cluster - --follow'))
    def cluster_command(
        inputs: list[str] = typer.Argument(..., help="Clustering JSON Lines files or - for stdin (read line by line), or article files/folders."),
        fmt: Optional[str] = typer.Option(None, "--format", "-f", metavar="FORMAT", help="jsonl or json; with --brief: html, markdown, text, json or jsonl "
                                          "(default: from the -o suffix, else jsonl)."),
        output: Optional[Path] = typer.Option(None, "--output", "-o", metavar="FILE", help="Write to this file instead of stdout (its suffix picks the format)."),
        brief: bool = typer.Option(False, "--brief", help="Write one brief per story instead of the assignments."),
        follow: bool = typer.Option(False, "--follow", help="Online: assign and print each article as it arrives (stdin streams)."),
        fast: Optional[bool] = setting_option("fast", help="No neural model: hashed TF-IDF and names only."),
        window_days: Optional[str] = setting_option("story_window_days", help="Quiet window: a story closes after this many days without a new article, once --window-articles have also passed."),
        window_articles: Optional[str] = setting_option("story_window_articles", help="Quiet window in stream articles: a story closes after this many articles without a new one of its own, once --window-days have also passed (0: days only)."),
        threshold: Optional[float] = typer.Option(None, "--threshold", help="Least score to join a story (default: tuned per mode)."),
        min_size: int = typer.Option(1, "--min-size", min=1, help="With --brief: only stories with at least this many articles."),
        strict: bool = typer.Option(False, "--strict", help="Refuse a stream with a bad line instead of skipping it."),
        quiet: bool = quiet_option(),
        verbose: bool = verbose_option(),
        set_: list[str] = set_option("story_window_days=5"),
    ) -> None:
        """Cluster a stream of articles into stories, online; mark wire copies and near-duplicates."""
        from ..clustering.clusterer import StoryClusterer
        from ..writers import write_atomic

        fmt = output_format(fmt, output, BRIEF_FORMATS if brief else OUT_FORMATS, "jsonl",
                            what=" with --brief" if brief else " without --brief")
        if follow and (brief or fmt != "jsonl" or output is not None):
            raise ConfigError("--follow writes JSON Lines to stdout as articles arrive; drop --brief, --format and --output")
        settings = settings_from_cli(set_, fast=fast, story_window_days=window_days, story_window_articles=window_articles)
        clusterer = StoryClusterer(
            threshold=threshold, window_days=settings.story_window_days, window_articles=settings.story_window_articles,
            fast=settings.fast, keep_history=False,
        )
        keep = brief  # articles are only kept when briefs need their text
        by_id: dict = {}
        stories = []
        records_a: list[dict] = []
        records_s: list[dict] = []
        out = sys.stdout if output is None else None
        streaming_out = fmt == "jsonl" and not brief and out is not None
        with RunProgress(quiet=quiet or follow, verbose=verbose) as progress:
            progress.add("read", "articles read")
            progress.add("stories", "stories found")

            def closed_story(s) -> None:
                progress.advance("stories")
                if keep:
                    stories.append(s)
                if streaming_out:
                    _emit(out, s.to_dict(), follow)
                elif not brief:
                    records_s.append(s.to_dict())

            def handle(batch) -> None:
                for a in clusterer.partial_fit(batch):
                    rec = a.to_dict()
                    if streaming_out:
                        _emit(out, rec, follow)
                    elif not brief:
                        records_a.append(rec)
                for s in clusterer.pop_closed():
                    closed_story(s)

            with progress.phase("read and cluster"):
                if _is_stream(inputs):
                    batch = []
                    size = 1 if follow else 128
                    for item in _stream_items(inputs, strict=strict):
                        if keep:
                            by_id[item.article.id] = item.article
                        batch.append(item.article)
                        progress.advance("read")
                        if len(batch) >= size:
                            handle(batch)
                            batch = []
                    handle(batch)
                else:
                    from datetime import date

                    from ..readers import read_articles

                    articles = read_articles(inputs, settings=settings)
                    progress.advance("read", len(articles))
                    articles = [a for _, a in sorted(enumerate(articles), key=lambda p: (p[1].date or date.min, p[0]))]
                    if keep:
                        by_id.update((a.id, a) for a in articles)
                    handle(articles)
                for s in clusterer.close_all():
                    closed_story(s)
            if streaming_out:
                out.flush()
                return
            if brief:
                chosen = [s for s in stories if len(s.articles) >= min_size]
                content = _briefs_output(chosen, by_id, settings, fmt, progress)
            elif fmt == "json":
                content = json.dumps({"articles": records_a, "stories": records_s}, indent=2, ensure_ascii=False) + "\n"
            else:
                content = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records_a + records_s)
        if output is None:
            sys.stdout.write(content)
        else:
            write_atomic(output, content)

    @app.command("eval-cluster", epilog=examples('newsfuse eval-cluster ../shared/data/clustering/duc2004_tdt_event_clusters.jsonl'))
    def eval_cluster_command(
        data: Path = typer.Argument(..., help="A clustering JSON Lines file with gold labels, e.g. ../shared/data/clustering/duc2004_tdt_event_clusters.jsonl."),
        systems: str = typer.Option(
            "newsfuse,newsfuse-fast,agglomerative,hdbscan,agglomerative-tfidf",
            "--systems",
            help="Comma-separated: newsfuse, newsfuse-fast, agglomerative, hdbscan, agglomerative-tfidf.",
        ),
        window_days: Optional[float] = typer.Option(None, "--window-days", min=0, help="newsfuse's quiet window in days (default: the story_window_days setting)."),
        window_articles: Optional[int] = typer.Option(None, "--window-articles", min=0, help="newsfuse's quiet window in stream articles (default: the story_window_articles setting)."),
        threshold: Optional[str] = typer.Option(None, "--threshold", help="newsfuse's join (and merge) threshold for the newsfuse systems in --systems (default: tuned per mode); several, comma-separated, run each one (a sweep)."),
        merge: bool = typer.Option(True, "--merge/--no-merge", help="newsfuse's merge pass for stories that converge."),
        out: Optional[Path] = typer.Option(None, "--out", help="Also write the results as JSON to this file."),
        strict: bool = typer.Option(False, "--strict", help="Refuse the file if a line is bad instead of skipping it."),
    ) -> None:
        """B-cubed precision, recall, F1 and story counts of newsfuse beside library clusterers, with time per 1,000 articles."""
        from rich.console import Console
        from rich.table import Table

        from ..evaluate import choose_systems
        from ..evaluate.cluster_eval import SYSTEMS, evaluate
        from ..writers import write_atomic

        names = choose_systems(systems, SYSTEMS)
        thresholds: list = [None]
        if threshold is not None:
            try:
                thresholds = [float(t) for t in threshold.split(",") if t.strip()]
            except ValueError:
                raise ConfigError(f"--threshold takes numbers separated by commas, not '{threshold}'") from None
            if not thresholds or not all(0 <= t < 10 for t in thresholds):
                raise ConfigError(f"--threshold takes numbers from 0 to 10, not '{threshold}'")
        results = evaluate(
            data, systems=names, window_days=window_days, window_articles=window_articles, thresholds=thresholds, merge=merge,
            strict=strict, on_error=_warn,
        )
        command = f"newsfuse eval-cluster {data}"
        if names != list(SYSTEMS):
            command += f" --systems {','.join(names)}"
        if window_days is not None:
            command += f" --window-days {window_days:g}"
        if window_articles is not None:
            command += f" --window-articles {window_articles}"
        if not merge:
            command += " --no-merge"
        if threshold is not None:
            command += f" --threshold {','.join(f'{t:g}' for t in thresholds)}"
        results["command"] = command
        table = Table(title=f"{data.name}: {results['articles']} articles, {results['gold_stories']} gold stories")
        for col in ("system", "B3 precision", "B3 recall", "B3 F1", "stories", "s / 1k articles", "parameters"):
            table.add_column(col, justify="left" if col in ("system", "parameters") else "right")
        for name, m in results["systems"].items():
            table.add_row(
                name, f"{m['precision']:.3f}", f"{m['recall']:.3f}", f"{m['f1']:.3f}", str(m["stories"]),
                f"{m['seconds_per_1k']:.2f}", m["parameters"],
            )
        console = Console()
        if not console.is_terminal:
            console = Console(width=140)
        console.print(table)
        if out is not None:
            write_atomic(out, json.dumps(results, indent=2) + "\n")
            Console(stderr=True).print(f"results written to {out}")
