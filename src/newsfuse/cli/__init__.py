"""The ``newsfuse`` command line: a thin layer over the library.

Each command lives in its own module, which defines ``register(app)``. This is
the only layer that prints and chooses exit codes, and :func:`report` is the one
place a failure becomes the error shape: a :class:`NewsfuseError` is one line on
stderr and its exit code (2 for bad input); input nested too deeply to process
is one line and exit 2; an interrupt exits 130. Anything else is a bug and keeps
its traceback.
"""

from __future__ import annotations

import importlib
import sys
from typing import Any

import click
import typer
from typer.core import TyperArgument, TyperGroup, TyperOption

from ..errors import NewsfuseError


def report(exc: BaseException) -> int | None:
    """Write ``exc`` as the one-line error on stderr and return the exit status; None for a bug."""
    if isinstance(exc, NewsfuseError):
        line, status = str(exc), exc.exit_code
    elif isinstance(exc, RecursionError):
        line, status = "[NF102] the input is nested too deeply to process; give flatter input", 2
    elif isinstance(exc, KeyboardInterrupt):
        line, status = "interrupted", 130
    else:
        return None
    sys.stderr.write(f"newsfuse: error: {line}\n")
    return status


_PLAIN_TYPES = {"str": "TEXT", "int": "N", "int range": "N", "float": "NUMBER", "float range": "NUMBER",
                "path": "PATH", "file": "FILE", "directory": "FOLDER", "bool": "BOOL"}


class _PlainArgument(TyperArgument):
    """An argument shown as ``INPUTS...`` in usage and help, without Typer's ``<list[str]>``."""

    def display_type_rich(self, ctx: Any) -> str | None:
        return None

    def _usage_display_name(self) -> str:
        name = self.display_name_raw
        name = name if self.required else f"[{name}]"
        return name + ("..." if self.nargs != 1 else "")


def _plain_metavars(command: Any, ctx: Any) -> None:
    """Plain metavars in ``--help`` (``PATH``, ``N``, ``INPUTS...``) instead of Python types such as
    ``<list[str]>`` or ``<int range>``; a metavar a command chose itself is kept."""
    for param in command.params:
        if isinstance(param, TyperArgument):
            if param.metavar is None:
                param.metavar = (param.name or "arg").upper()
            param.__class__ = _PlainArgument
        elif isinstance(param, TyperOption) and not param.is_flag:
            if param.metavar is None or param.metavar.startswith("<"):
                shown = param.metavar or param.display_type(ctx)
                kind = shown.strip("<>").lower()
                kind = kind[5:-1] if kind.startswith("list[") else kind
                if "|" in kind:  # a choice: its values are the metavar
                    continue
                param.metavar = _PLAIN_TYPES.get(kind, "TEXT")


class _Commands(TyperGroup):
    """The command group, with :func:`report` around every command (CliRunner included), plain
    metavars in every command's help (:func:`_plain_metavars`) and ``-h`` beside ``--help``."""

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        command = super().get_command(ctx, cmd_name)
        if command is not None:
            _plain_metavars(command, ctx)
        return command

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.exceptions.Abort):
            raise
        except (Exception, KeyboardInterrupt) as exc:
            status = report(exc)
            if status is None:
                raise
            raise typer.Exit(status) from None

# Command modules, each with register(app). Add a line to add a command.
COMMAND_MODULES: tuple[str, ...] = (
    "newsfuse.cli.brief",
    "newsfuse.cli.quotes",
    "newsfuse.cli.citations",
    "newsfuse.cli.figures",
    "newsfuse.cli.eval",
    "newsfuse.cli.cluster",
    "newsfuse.cli.build",
    "newsfuse.cli.serve",
    "newsfuse.cli.watch",
    "newsfuse.cli.update",
    "newsfuse.cli.published",
    "newsfuse.cli.reader",
)

app = typer.Typer(
    name="newsfuse",
    help="Many news reports of one event in, one sourced brief out.",
    no_args_is_help=True,
    add_completion=True,  # --install-completion and --show-completion (bash, zsh, fish, PowerShell)
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    cls=_Commands,
)



@app.callback(invoke_without_command=True)
def _root(
    ctx: typer.Context,
    version: bool = typer.Option(False, "--version", "-V", help="Print the newsfuse version and exit.", is_eager=True),
) -> None:
    """Many news reports of one event in, one sourced brief out."""
    if version:
        from .. import __version__

        typer.echo(f"newsfuse {__version__}")
        raise typer.Exit(0)
    if ctx.invoked_subcommand is None:
        typer.echo(ctx.get_help())
        raise typer.Exit(0)


for _mod in COMMAND_MODULES:
    importlib.import_module(_mod).register(app)


def fail(exc: NewsfuseError) -> "typer.Exit":
    """Print ``exc`` as one line on stderr and return the Exit to raise."""
    return typer.Exit(report(exc))


def main() -> None:
    try:
        app(standalone_mode=True, prog_name="newsfuse")
    except (NewsfuseError, RecursionError, KeyboardInterrupt) as exc:  # raised outside a command
        raise SystemExit(report(exc)) from None
