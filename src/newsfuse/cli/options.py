"""Command-line options that mirror settings, and the settings a command runs with.

An option that sets a setting is declared from the ``SETTINGS`` table and
defaults to ``None`` ("not given"), so it overrides the environment and
``--set`` only when the user passed it::

    words: Optional[str] = setting_option("summary_words"),   # text, checked by the table
    fast: Optional[bool] = setting_option("fast", help="..."),
    set_: list[str] = set_option(),
    ...
    settings = settings_from_cli(set_, summary_words=words, fast=fast)

The keyword names of :func:`settings_from_cli` are setting names; the flag's
name comes from the table (``Setting.flag``). A number option is declared as
``Optional[str]`` and checked by the table like ``--set`` and the environment,
so ``--words abc`` gets the same one-line error as ``--set summary_words=abc``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Sequence

import typer

from ..errors import ConfigError
from ..settings import Settings, load_settings, setting


def setting_option(name: str, *short: str, help: str | None = None) -> Any:
    """A Typer option for setting ``name``: its flag and help from the table, default "not given".

    Args:
        name: a setting with a ``flag`` in ``SETTINGS``.
        short: extra short names (``"-w"``).
        help: this command's wording, if the table's is too general.
    """
    s = setting(name)
    if s.flag is None:  # a programming error: the table names no flag
        raise ValueError(f"setting '{name}' has no command-line flag in SETTINGS")
    decls = (f"{s.flag}/--no-{s.flag[2:]}",) if s.type is bool else (s.flag, *short)
    text = (help or s.help).rstrip()
    return typer.Option(
        None, *decls, show_default=False, metavar=None if s.type is bool else f"<{s.type.__name__}>",
        help=f"{text} [setting {s.name}; default: {_shown(s.default)}]",
    )


def _shown(value: Any) -> str:
    return str(value).lower() if isinstance(value, bool) else f"{value:g}" if isinstance(value, float) else str(value)


def set_option(example: str = "") -> Any:
    """The ``--set name=value`` option (repeatable)."""
    tail = f", e.g. {example}" if example else ""
    return typer.Option([], "--set", metavar="NAME=VALUE", help=f"Any setting as name=value (see docs/settings.md){tail}; repeatable.")


def settings_from_cli(set_: list[str] | None = None, **given: Any) -> Settings:
    """The settings a command runs with: defaults < ``NEWSFUSE_*`` < ``--set`` < flags the user passed.

    Args:
        set_: the ``--set`` items.
        **given: flag values by setting name; ``None`` (not given) is skipped.

    Raises:
        ConfigError: an unknown setting or a bad value, naming the flag, variable or ``--set``.
    """
    return load_settings(set_=set_ or (), flags=given)


SUFFIX_FORMATS = {".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl", ".html": "html", ".htm": "html",
                  ".md": "markdown", ".markdown": "markdown", ".txt": "text"}


def output_format(fmt: str | None, output: Path | None, allowed: Sequence[str], default: str, *, what: str = "") -> str:
    """The format to write: ``--format`` if given, else the one ``-o``'s suffix names, else ``default``.

    Args:
        fmt: the ``--format`` value, None when not given (``md`` is ``markdown``).
        output: the ``-o`` path, if any.
        allowed: the formats this command writes.
        default: the format when neither names one (an unknown suffix included).
        what: how the choices are qualified in the error (" with --brief").

    Raises:
        ConfigError: the format given, or the one the suffix names, is not in ``allowed``.
    """
    if fmt is None and output is not None and output.suffix.lower() in SUFFIX_FORMATS:
        implied = SUFFIX_FORMATS[output.suffix.lower()]
        if implied not in allowed:
            raise ConfigError(f"-o {output} names {implied}, which this command does not write{what}; "
                              f"choose one of: {', '.join(allowed)} (or pass --format)")
        return implied
    chosen = (fmt or default).lower()
    chosen = "markdown" if chosen == "md" else chosen
    if chosen not in allowed:
        raise ConfigError(f"unknown format '{chosen}'{what}; choose one of: {', '.join(allowed)}")
    return chosen


def quiet_option() -> Any:
    return typer.Option(False, "--quiet", "-q", help="No progress on stderr (it is shown only on a terminal, after 2 s).")


def verbose_option() -> Any:
    return typer.Option(False, "--verbose", "-v", help="Print how long each phase and stage took, on stderr.")


def examples(*commands: str) -> str:
    """A command's ``epilog``: example command lines, printed as written under "Examples:"."""
    return "Examples:\n\n\b\n" + "\n".join(f"  {c}" for c in commands)
