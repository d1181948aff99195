"""``newsfuse eval-reader``: article-text extraction on saved pages, beside trafilatura and jusText."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer

from .options import examples


def register(app: typer.Typer) -> None:
    from ..evaluate.reader_eval import DEFAULT_SYSTEMS, SYSTEMS

    @app.command("eval-reader", epilog=examples('newsfuse eval-reader tests/fixtures/html'))
    def eval_reader_command(
        folder: Path = typer.Argument(..., help="A folder of saved pages (NAME.html, .htm, .html.gz), each with its "
                                                "expected article body beside it (NAME.txt)."),
        systems: str = typer.Option(",".join(DEFAULT_SYSTEMS), "--systems",
                                    help=f"Comma-separated: {', '.join(SYSTEMS)}."),
        out: Optional[Path] = typer.Option(None, "--out", help="Also write the results (per page too) as JSON to this file."),
        per_page: bool = typer.Option(False, "--per-page", help="Also print each page's precision and recall."),
    ) -> None:
        """Token-shingle precision, recall and F1 of newsfuse's HTML reader beside plain trafilatura and jusText."""
        from rich.console import Console
        from rich.table import Table

        from ..errors import NewsfuseError
        from ..evaluate import choose_systems
        from ..evaluate.reader_eval import evaluate
        from ..writers import write_atomic
        from . import fail

        err = Console(stderr=True)
        try:
            names = choose_systems(systems, SYSTEMS)
            with err.status("reading pages...") as status:

                def progress(done: int, total: int) -> None:
                    status.update(f"reading pages: {done}/{total}")

                results = evaluate(folder, names, progress)
        except NewsfuseError as exc:
            raise fail(exc) from None
        results["command"] = f"newsfuse eval-reader {folder}" + (f" --systems {systems}" if systems != ",".join(DEFAULT_SYSTEMS) else "")
        for name, m in results["systems"].items():
            for line in m["errors"]:
                err.print(f"eval-reader: {line}", markup=False, highlight=False)
        table = Table(title=f"Article text on {results['pages']} pages (shingles of {results['shingle_size']} tokens)")
        for col in ("reader", "F1", "precision", "recall", "F1 95% interval", "empty pages", "errors"):
            table.add_column(col, justify="left" if col == "reader" else "right")
        for name, m in results["systems"].items():
            low, high = m["interval"]["f1"]
            table.add_row(name, f"{m['f1']:.3f}", f"{m['precision']:.3f}", f"{m['recall']:.3f}", f"{low:.3f}-{high:.3f}",
                          str(len(m["empty"])), str(len(m["errors"])))
        out_console = Console()
        if not out_console.is_terminal:
            out_console = Console(width=140)
        out_console.print(table)
        rules = results["systems"].get("newsfuse", {}).get("rules")
        if rules:
            audit = Table(title="newsfuse's rules: what each removed, and how much of it was article text")
            for col in ("rule", "removed", "of which article text"):
                audit.add_column(col, justify="left" if col == "rule" else "right")
            for rule, tally in rules.items():
                audit.add_row(rule, str(tally["removed"]), str(tally["article_text"]))
            out_console.print(audit)
        if per_page:
            pages = Table(title="Per page: precision / recall")
            pages.add_column("page")
            for name in results["systems"]:
                pages.add_column(name, justify="right")
            first = next(iter(results["systems"].values()))
            for page in first["pages"]:
                cells = []
                for m in results["systems"].values():
                    s = m["pages"][page]
                    cells.append(f"{'-' if s['precision'] is None else format(s['precision'], '.3f')} / {s['recall']:.3f}")
                pages.add_row(page, *cells)
            out_console.print(pages)
        if out is not None:
            write_atomic(out, json.dumps(results, indent=2) + "\n")
            err.print(f"results written to {out}")
