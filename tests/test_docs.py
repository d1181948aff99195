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
