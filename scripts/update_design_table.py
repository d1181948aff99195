"""Regenerate the stage-contract table in docs/design.md (between its contract-table markers)."""

from pathlib import Path

from newsfuse.pipeline import contract_table

page = Path(__file__).resolve().parents[1] / "docs" / "design.md"
text = page.read_text()
start, end = text.index("<!-- contract-table -->"), text.index("<!-- /contract-table -->")
page.write_text(text[:start] + "<!-- contract-table -->\n" + contract_table() + "\n" + text[end:])
print(f"updated {page}")
