"""Silence what compiled code prints straight to the process's standard output.

HiGHS, the MIP solver of the summary (through ``highspy``), prints some debugging lines with C's
``printf`` whatever its output options say (``HighsMipSolverData::transformNewIntegerFeasibleSolution
tmpSolver.run();`` when it repairs a solution). That line lands in the middle of a brief written to
stdout. :func:`c_stdout_silenced` points file descriptor 1 at ``/dev/null`` while the solver runs,
flushing C's buffer before putting it back, so nothing the solver printed leaks out later.

The descriptor is shared by every thread: the redirect is counted, so the first of several
threads inside turns it on and the last one out turns it off. Only descriptor 1 is touched;
stderr (errors, progress) is never silenced.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import sys
import threading
from typing import Iterator

_lock = threading.Lock()
_depth = 0
_saved: int | None = None
_libc = ctypes.CDLL(None)  # this process's C library: its fflush(NULL) flushes every C stream


def _flush_c() -> None:
    _libc.fflush(None)


@contextlib.contextmanager
def c_stdout_silenced() -> Iterator[None]:
    """While inside, whatever C code writes to file descriptor 1 is discarded (see the module docstring)."""
    global _depth, _saved
    with _lock:
        if _depth == 0:
            try:
                sys.stdout.flush()  # Python's own pending output still goes where it belongs
            except (AttributeError, ValueError, OSError):
                pass
            _flush_c()
            try:
                saved = os.dup(1)
            except OSError:  # no descriptor 1 at all (a daemon): nothing to protect
                saved = None
            if saved is not None:
                devnull = os.open(os.devnull, os.O_WRONLY)
                os.dup2(devnull, 1)
                os.close(devnull)
            _saved = saved
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _saved is not None:
                _flush_c()  # what the C code buffered goes to /dev/null, not to the restored stdout
                os.dup2(_saved, 1)
                os.close(_saved)
                _saved = None
