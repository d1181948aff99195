"""``newsfuse eval-citations``: which articles report a claim, newsfuse's support relation beside simpler ones."""

from __future__ import annotations

import json
import shlex
import sys
from pathlib import Path
from typing import Optional

import typer

from .options import examples


def register(app: typer.Typer) -> None:
    @app.command("eval-citations", epilog=examples(
        "newsfuse eval-citations ../shared/data/citations/duc_scu_marked.jsonl",
        "newsfuse eval-citations ../shared/data/citations/duc_scu_marked.jsonl --fast --save citations.json"))
    def eval_citations_command(
        data: Path = typer.Argument(..., help="SCU-marked sets (../shared/data/citations/duc_scu_marked.jsonl) or a claims file."),
        methods: str = typer.Option(
            "round1,newsfuse,newsfuse-fast,minilm,tfidf,bm25", "--methods",
            help="Comma-separated methods: round1, newsfuse, newsfuse-fast, minilm, tfidf, bm25."),
        choose: str = typer.Option("duc2006", "--choose", help="The part (dataset) the swept thresholds are chosen on."),
        limit: Optional[int] = typer.Option(None, "--limit", min=1, help="Only the first N sets of the file."),
        save: Optional[Path] = typer.Option(
            None, "--save", help="Write newsfuse's citations of every claim here ({id, reports, partial} lines)."),
        fast: bool = typer.Option(False, "--fast", help="With --save: the citations of fast mode."),
        disagreements: Optional[Path] = typer.Option(
            None, "--disagreements", help="Write 50 of newsfuse's citations the gold lacks (on the last part) here, for a hand check."),
        cache: Path = typer.Option(Path("results/cache"), "--cache", help="Folder for the MiniLM vectors of the sets."),
    ) -> None:
        """Precision, recall and F1 of the articles each method cites for a claim, on SCU marks or a claims file."""
        from ..evaluate import choose_systems
        from ..evaluate.citations_eval import METHODS, disagreements as pick, evaluate, save_predictions, to_markdown

        names = choose_systems(methods, METHODS)
        wanted = "newsfuse-fast" if fast else "newsfuse"
        if (save or disagreements) and wanted not in names:
            names.append(wanted)
        command = f"newsfuse eval-citations {shlex.quote(str(data))}"
        if names != list(METHODS):
            command += f" --methods {','.join(names)}"
        if choose != "duc2006":
            command += f" --choose {choose}"
        if limit is not None:
            command += f" --limit {limit}"
        rows, preds, sets = evaluate(data, names, choose=choose, limit=limit, cache=cache,
                                     progress=lambda m: sys.stderr.write(f"eval-citations: {m}\n"))
        typer.echo(to_markdown(rows, command, choose))
        if save is not None:
            n = save_predictions(preds[wanted], sets, save)
            sys.stderr.write(f"eval-citations: {n} claims' citations written to {save}\n")
        if disagreements is not None:
            parts = sorted({cs.dataset for cs in sets})
            found = pick(preds[wanted], sets, parts[-1], 50)
            disagreements.write_text("".join(json.dumps(d) + "\n" for d in found), encoding="utf-8")
            sys.stderr.write(f"eval-citations: {len(found)} disagreements written to {disagreements}\n")
