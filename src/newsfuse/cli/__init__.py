"""The ``newsfuse`` command line: a thin layer over the library.

Each command lives in its own module, which defines ``register(app)``. This is
the only layer that prints and chooses exit codes: a :class:`NewsfuseError`
becomes one line on stderr and its exit code; anything else is a bug and keeps
its traceback.
"""

from __future__ import annotations

import importlib
import sys

import typer

from ..errors import NewsfuseError

# Command modules, each with register(app). Add a line to add a command.
COMMAND_MODULES: tuple[str, ...] = (
    "newsfuse.cli.brief",
    "newsfuse.cli.quotes",
    "newsfuse.cli.figures",
    "newsfuse.cli.eval",
    "newsfuse.cli.cluster",
    "newsfuse.cli.serve",
    "newsfuse.cli.update",
    "newsfuse.cli.reader",
)

app = typer.Typer(
    name="newsfuse",
    help="Many news reports of one event in, one sourced brief out.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
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
    sys.stderr.write(f"newsfuse: error: {exc}\n")
    return typer.Exit(exc.exit_code)


def main() -> None:
    try:
        app(standalone_mode=True)
    except NewsfuseError as exc:  # raised outside a command's own handler
        sys.stderr.write(f"newsfuse: error: {exc}\n")
        raise SystemExit(exc.exit_code) from None
