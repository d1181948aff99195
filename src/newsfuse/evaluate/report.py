"""Paste result tables into a Markdown page between bench markers (used by ``make bench``).

A page holds, for each table, a block::

    <!-- bench: duc2004_task2-100 -->
    ...replaced by the table of results/duc2004_task2-100.json (or .md)...
    <!-- /bench -->

``python -m newsfuse.evaluate.report RESULTS_DIR PAGE`` replaces every block
whose result file exists and says which it updated.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from ..errors import DataError

BLOCK_RE = re.compile(r"(<!-- bench: (?P<name>[\w.-]+) -->\n)(?P<body>.*?)(<!-- /bench -->)", re.S)

__all__ = ["paste_tables", "main"]


def paste_tables(page: str, results_dir: Path) -> tuple[str, list[str]]:
    """``page`` with every bench block replaced by its table from ``results_dir``; and the names replaced.

    A table is rendered from ``<name>.json`` (and ``<name>.md`` rewritten to match) if that exists,
    else ``<name>.md`` is pasted as it is.
    """
    done: list[str] = []

    def replace(m: re.Match[str]) -> str:
        data = results_dir / f"{m.group('name')}.json"
        path = results_dir / f"{m.group('name')}.md"
        if data.is_file():  # rendered afresh from the per-cluster results, with the current wording
            from .bench import to_markdown

            try:
                table = to_markdown(json.loads(data.read_text(encoding="utf-8"))).strip()
            except (ValueError, KeyError, TypeError) as exc:
                raise DataError(f"not a newsfuse eval result ({exc}); re-run its bench target", source=str(data)) from None
            if not path.is_file() or path.read_text(encoding="utf-8").strip() != table:
                from ..writers import write_atomic

                write_atomic(path, table + "\n")  # the .md beside it follows the same rendering
        elif path.is_file():
            table = path.read_text(encoding="utf-8").strip()
        else:
            return m.group(0)
        done.append(m.group("name"))
        return f"{m.group(1)}{table}\n{m.group(4)}"

    return BLOCK_RE.sub(replace, page), done


def main(argv: list[str] | None = None) -> int:
    """Command-line entry: ``RESULTS_DIR PAGE``."""
    from ..writers import write_atomic

    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2:
        sys.stderr.write("usage: python -m newsfuse.evaluate.report RESULTS_DIR PAGE\n")
        return 2
    results, page_path = Path(args[0]), Path(args[1])
    try:
        if not page_path.is_file():
            raise DataError("no such page; give the Markdown file with the bench markers", source=str(page_path))
        page, done = paste_tables(page_path.read_text(encoding="utf-8"), results)
        if not done:
            raise DataError(f"no bench block matched a table in {results}/; run the bench targets first",
                            source=str(page_path))
    except DataError as exc:
        sys.stderr.write(f"newsfuse: error: {exc}\n")
        return exc.exit_code
    write_atomic(page_path, page)
    sys.stdout.write(f"{page_path}: pasted {', '.join(done)}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
