"""Write docs/cli.md from the commands' own --help, so the page cannot drift.

    .venv/bin/python scripts/gen_cli_docs.py          # rewrite docs/cli.md
    .venv/bin/python scripts/gen_cli_docs.py --check  # exit 1 if docs/cli.md is stale
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from typer.testing import CliRunner

DOC = Path(__file__).resolve().parents[1] / "docs" / "cli.md"


def render() -> str:
    os.environ["COLUMNS"] = "100"
    os.environ["TERM"] = "dumb"
    os.environ["NO_COLOR"] = "1"
    from newsfuse.cli import app

    runner = CliRunner()
    top = runner.invoke(app, ["--help"], prog_name="newsfuse", terminal_width=100)
    import typer.main

    group = typer.main.get_command(app)
    names = sorted(group.commands)  # type: ignore[attr-defined]
    parts = [
        "# Command line",
        "",
        "Generated from each command's `--help` by `.venv/bin/python scripts/gen_cli_docs.py`; a test fails if it is stale.",
        "",
        "```",
        top.output.rstrip(),
        "```",
    ]
    for name in names:
        out = runner.invoke(app, [name, "--help"], prog_name="newsfuse", terminal_width=100).output
        parts += ["", f"## newsfuse {name}", "", "```", out.rstrip(), "```"]
    return "\n".join(parts) + "\n"


if __name__ == "__main__":
    text = render()
    if "--check" in sys.argv:
        sys.exit(0 if DOC.exists() and DOC.read_text() == text else 1)
    DOC.write_text(text)
    print(f"wrote {DOC}")
