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

import click
import typer
from typer.core import TyperGroup

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


class _Commands(TyperGroup):
    """The command group, with :func:`report` around every command (CliRunner included)."""

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
    "newsfuse.cli.figures",
    "newsfuse.cli.eval",
    "newsfuse.cli.cluster",
    "newsfuse.cli.serve",
    "newsfuse.cli.update",
    "newsfuse.cli.published",
    "newsfuse.cli.reader",
)

app = typer.Typer(
    name="newsfuse",
    help="Many news reports of one event in, one sourced brief out.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    cls=_Commands,
)



@app.callback(invoke_without_command=True)
def _root(
    ctx: typer.Context,
    version: bool = typer.Option(False, "--version", help="Print the newsfuse version and exit.", is_eager=True),
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
        app(standalone_mode=True)
    except (NewsfuseError, RecursionError, KeyboardInterrupt) as exc:  # raised outside a command
        raise SystemExit(report(exc)) from None
