"""Progress of a long command on stderr, and its timings.

:class:`RunProgress` shows rich progress bars (articles read, stories found, briefs made) once a
run has taken :data:`DELAY_S` seconds, so quick runs print nothing; it stays silent when stderr is
not a terminal or the user passed ``--quiet``. With ``--verbose`` it prints how long each phase
and each stage of the briefs took when the run ends, terminal or not::

    with RunProgress(quiet=quiet, verbose=verbose) as progress:
        progress.add("read", "articles read")
        with progress.phase("read and cluster"):
            ...
            progress.advance("read")
"""

from __future__ import annotations

import contextlib
import os
import sys
import threading
import time
from typing import TYPE_CHECKING, Any, Iterator, Mapping

if TYPE_CHECKING:
    from rich.console import Console

DELAY_S = 2.0  # runs shorter than this show no progress at all


def _may_draw() -> bool:
    """Whether rich could find stderr to be a terminal: it is one, or rich's variables force it."""
    if "TTY_COMPATIBLE" in os.environ or "FORCE_COLOR" in os.environ:  # rich's own switches (Console.is_terminal)
        return True
    try:
        return sys.stderr is not None and sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False


class RunProgress:
    """Counters on stderr for one command run (see the module docstring).

    Args:
        quiet: never show progress (``--quiet``).
        verbose: print the timings at the end (``--verbose``).
        console: where to draw; stderr by default.
        delay: seconds before the bars appear.
    """

    def __init__(self, *, quiet: bool = False, verbose: bool = False, console: "Console | None" = None,
                 delay: float = DELAY_S) -> None:
        self._console = console
        # rich is imported only when something may be drawn: not for a quiet run, nor for one whose
        # stderr is no terminal (and rich is not told to draw anyway), unless the timings are printed
        self.enabled = not quiet and (console is not None or _may_draw()) and self.console.is_terminal
        self.verbose = verbose
        self.delay = delay
        self.timings: dict[str, float] = {}
        self.stage_timings: dict[str, float] = {}
        self._lock = threading.Lock()
        self._shown = False
        self._closed = False
        self._timer: threading.Timer | None = None
        self._progress: Any = None
        if self.enabled:
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

            self._progress = Progress(
                SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                console=self.console, transient=True, auto_refresh=True,
            )
        self._tasks: dict[str, int] = {}

    @property
    def console(self) -> "Console":
        """Where progress and timings are drawn: the console given, else rich's on stderr (made when first needed)."""
        if self._console is None:
            from rich.console import Console

            self._console = Console(stderr=True)
        return self._console

    def __enter__(self) -> "RunProgress":
        self._started = time.perf_counter()
        if self._progress is not None:
            if self.delay <= 0:
                self._show()
            else:
                self._timer = threading.Timer(self.delay, self._show)
                self._timer.daemon = True
                self._timer.start()
        return self

    def _show(self) -> None:
        with self._lock:
            if not self._closed and not self._shown and self._progress is not None:
                self._progress.start()
                self._shown = True

    def __exit__(self, *exc) -> None:
        if self._timer is not None:
            self._timer.cancel()
        with self._lock:
            self._closed = True
            if self._shown and self._progress is not None:
                self._progress.stop()
        self.timings.setdefault("total", time.perf_counter() - self._started)
        if self.verbose:
            self.print_timings()

    def add(self, key: str, description: str, total: int | None = None) -> None:
        """A counter named ``key``; ``total`` when known (a bar), else a running count."""
        if self._progress is not None:
            self._tasks[key] = self._progress.add_task(description, total=total)

    def advance(self, key: str, n: int = 1) -> None:
        if self._progress is not None and key in self._tasks:
            self._progress.advance(self._tasks[key], n)

    def set_total(self, key: str, total: int) -> None:
        if self._progress is not None and key in self._tasks:
            self._progress.update(self._tasks[key], total=total)

    @contextlib.contextmanager
    def phase(self, name: str) -> Iterator[None]:
        """Time the body as phase ``name`` (summed if entered again)."""
        start = time.perf_counter()
        try:
            yield
        finally:
            self.timings[name] = self.timings.get(name, 0.0) + time.perf_counter() - start

    def add_stage_timings(self, timings: Mapping[str, float]) -> None:
        """Add one brief's seconds per stage (``Brief.meta.timings``) to the run's totals."""
        for name, seconds in timings.items():
            self.stage_timings[name] = self.stage_timings.get(name, 0.0) + seconds

    def print_timings(self) -> None:
        err = self.console
        total = self.timings.get("total", 0.0)
        for name, seconds in self.timings.items():
            if name != "total":
                err.print(f"newsfuse: {name}: {seconds:.2f} s", markup=False)
        for name, seconds in sorted(self.stage_timings.items(), key=lambda kv: -kv[1]):
            err.print(f"newsfuse:   stage {name}: {seconds:.2f} s", markup=False)
        err.print(f"newsfuse: total: {total:.2f} s", markup=False)
