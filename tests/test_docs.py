"""The docs that are generated from the code must match it."""

from __future__ import annotations

import subprocess
import sys


def test_cli_docs_are_current(repo_dir):
    done = subprocess.run(
        [sys.executable, str(repo_dir / "scripts" / "gen_cli_docs.py"), "--check"],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, f"docs/cli.md is stale; run scripts/gen_cli_docs.py\n{done.stdout}{done.stderr}"


def test_readme_starts_with_the_two_commands(repo_dir):
    lines = (repo_dir / "README.md").read_text().splitlines()
    assert lines[0] == "```"
    assert lines[1].startswith("bash scripts/setup && ") and "newsfuse brief" in lines[1]
    assert lines[2] == "bash scripts/setup --test && .venv/bin/python -m pytest"
    assert lines[3] == "```"
    ci = (repo_dir / ".ci" / "run").read_text()
    assert lines[2] in ci


def test_settings_docs_are_current(repo_dir):
    done = subprocess.run(
        [sys.executable, str(repo_dir / "scripts" / "gen_settings_docs.py"), "--check"],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, f"docs/settings.md is stale; run scripts/gen_settings_docs.py\n{done.stdout}{done.stderr}"


def test_every_setting_is_documented(repo_dir):
    from newsfuse.settings import SETTINGS

    page = (repo_dir / "docs" / "settings.md").read_text()
    missing = [s.name for s in SETTINGS if f"| `{s.name}` |" not in page]
    assert not missing, f"undocumented settings: {missing}"


def _python_blocks(page: str) -> list[str]:
    import re

    return re.findall(r"^```python\n(.*?)^```", page, flags=re.S | re.M)


def test_python_docs_examples_run(repo_dir, monkeypatch, capsys):
    """Every ```python block of docs/python.md, in order, in one namespace, from the repo root."""
    import os

    page = (repo_dir / "docs" / "python.md").read_text()
    blocks = _python_blocks(page)
    assert len(blocks) >= 10, "docs/python.md lost its examples"
    for key in [k for k in os.environ if k.startswith("NEWSFUSE_")]:
        monkeypatch.delenv(key)
    monkeypatch.chdir(repo_dir)
    namespace: dict = {"__name__": "docs_python"}
    for i, block in enumerate(blocks, 1):
        try:
            exec(compile(block, f"docs/python.md block {i}", "exec"), namespace)
        except Exception as exc:  # name the block that broke
            raise AssertionError(f"docs/python.md block {i} failed: {exc!r}\n{block}") from exc
    printed = capsys.readouterr().out
    assert "Anabel Ruiz" in printed and "NF101" in printed


def test_readme_links_every_docs_page(repo_dir):
    readme = (repo_dir / "README.md").read_text()
    for page in ("cli.md", "settings.md", "python.md", "api.md"):
        assert f"](docs/{page})" in readme, page
