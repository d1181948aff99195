"""``newsfuse eval-figures``: figure extraction and cross-document alignment on hand-labelled DUC 2004 clusters."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer

from .options import examples


def register(app: typer.Typer) -> None:
    from ..evaluate.figures_eval import DEFAULT_LABELS, SYSTEMS

    @app.command("eval-figures", epilog=examples('newsfuse eval-figures ../shared/data/mds/duc2004_task2.jsonl'))
    def eval_figures_command(
        data: Path = typer.Argument(..., help="The DUC 2004 JSON Lines file, e.g. ../shared/data/mds/duc2004_task2.jsonl."),
        labels: Optional[Path] = typer.Option(
            None, "--labels", help="Hand labels (document ids, offsets, values, groups); default: the bundled data/figure_labels.json."
        ),
        systems: str = typer.Option(",".join(SYSTEMS), "--systems", help="Comma-separated: newsfuse, newsfuse-fast."),
        out: Optional[Path] = typer.Option(None, "--out", help="Also write the results as JSON to this file."),
    ) -> None:
        """Precision and recall of figure extraction and of cross-document alignment against hand labels."""
        from rich.console import Console
        from rich.table import Table

        from ..evaluate.figures_eval import evaluate
        from ..evaluate import choose_systems
        from ..writers import write_atomic

        names = choose_systems(systems, SYSTEMS)
        err = Console(stderr=True)
        with err.status("scoring figures...") as status:

            def progress(done: int, total: int) -> None:
                status.update(f"scoring figures: {done}/{total} clusters")

            results = evaluate(data, labels or DEFAULT_LABELS, names, progress)
        results["command"] = f"newsfuse eval-figures {data}" + (f" --labels {labels}" if labels else "")
        table = Table(
            title=f"Figures on {len(results['clusters'])} DUC 2004 clusters ({results['documents']} documents, {results['gold_figures']} gold figures)"
        )
        table.add_column("system")
        for col in ("extraction P/R/F1", "span recall", "alignment P/R/F1", "alignment recall, all gold pairs"):
            table.add_column(col, justify="right")
        for name, m in results["systems"].items():
            e, a = m["extraction"], m["alignment"]
            table.add_row(
                name,
                f"{e['precision']:.3f} {e['recall']:.3f} {e['f1']:.3f}",
                f"{m['span_recall']:.3f}",
                f"{a['precision']:.3f} {a['recall']:.3f} {a['f1']:.3f} ({a['tp']}/{a['predicted']} pred, {a['gold']} gold pairs)",
                f"{a['recall_all']:.3f} ({a['gold_all']} pairs)",
            )
        out_console = Console()
        if not out_console.is_terminal:
            out_console = Console(width=140)
        out_console.print(table)
        if out is not None:
            write_atomic(out, json.dumps(results, indent=2) + "\n")
            err.print(f"results written to {out}")
