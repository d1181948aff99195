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

from typing import Any

import typer

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
    return typer.Option([], "--set", help=f"Any setting as name=value (see docs/settings.md){tail}; repeatable.")


def settings_from_cli(set_: list[str] | None = None, **given: Any) -> Settings:
    """The settings a command runs with: defaults < ``NEWSFUSE_*`` < ``--set`` < flags the user passed.

    Args:
        set_: the ``--set`` items.
        **given: flag values by setting name; ``None`` (not given) is skipped.

    Raises:
        ConfigError: an unknown setting or a bad value, naming the flag, variable or ``--set``.
    """
    return load_settings(set_=set_ or (), flags=given)
