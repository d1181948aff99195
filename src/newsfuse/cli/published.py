"""``newsfuse eval-check-published``: ROUGE-1.5.5 on the stored NIST peers against NIST's published figures."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer

from .options import examples


def register(app: typer.Typer) -> None:
    from ..evaluate.names import PUBLISHED_TASKS as TASKS

    @app.command("eval-check-published", epilog=examples(
        "newsfuse eval-check-published",
        "newsfuse eval-check-published --tasks duc2007-update --systems 40"))
    def check_published_command(
        data: Path = typer.Option(Path("../shared/data/mds"), "--data", help="The folder of the DUC files and baselines/."),
        tasks: str = typer.Option(",".join(TASKS), "--tasks", help=f"Comma-separated: {', '.join(TASKS)}."),
        systems: Optional[str] = typer.Option(
            None, "--systems", help="Only these system ids (comma-separated). [default: every published figure]"),
        full_settings: bool = typer.Option(
            False, "--full-settings", help="NIST's exact options, ROUGE-L and ROUGE-W included (same ROUGE-2/SU4, ten times slower)."),
        out: Optional[Path] = typer.Option(None, "--out", help="Also write the table as JSON to this file."),
    ) -> None:
        """Score the stored DUC 2006 and 2007 update peers with ROUGE-1.5.5 and compare with NIST's published
        jackknifed figures; exit 1 if any differs by more than 0.001."""
        from ..errors import ConfigError
        from ..evaluate.published import check_published, to_json, to_markdown
        from ..writers import write_atomic

        chosen = tuple(t.strip() for t in tasks.split(",") if t.strip())
        unknown = [t for t in chosen if t not in TASKS]
        if unknown or not chosen:
            raise ConfigError(f"unknown task(s) {', '.join(unknown) or '(none given)'}; choose from {', '.join(TASKS)}")
        ids = tuple(s.strip() for s in systems.split(",") if s.strip()) if systems else None

        def progress(task: str) -> None:
            sys.stderr.write(f"newsfuse eval-check-published: running ROUGE-1.5.5 on {task}\n")

        result = check_published(data, chosen, systems=ids, full_settings=full_settings, progress=progress)
        if not result["rows"]:
            raise ConfigError("no published figure matches --tasks and --systems; see 'newsfuse eval-check-published --help'")
        typer.echo(to_markdown(result))
        if out is not None:
            write_atomic(out, to_json(result))
        bad = [r for r in result["rows"] if not r["ok"]]
        if bad:
            sys.stderr.write(f"newsfuse eval-check-published: {len(bad)} of {len(result['rows'])} figures differ from "
                             f"the published ones by more than {result['tolerance']}\n")
            raise typer.Exit(1)
        sys.stderr.write(f"newsfuse eval-check-published: all {len(result['rows'])} figures within {result['tolerance']}\n")
