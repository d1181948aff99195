"""What compiled code prints to descriptor 1 inside c_stdout_silenced is dropped (issue 16: HiGHS's
stray ``HighsMipSolverData...`` line), and stdout works as before afterwards."""

from __future__ import annotations

import ctypes
import threading

from newsfuse.native_output import c_stdout_silenced

libc = ctypes.CDLL(None)


def test_c_printf_inside_is_dropped_and_stdout_is_restored(capfd):
    print("before", flush=True)
    with c_stdout_silenced():
        libc.printf(b"HighsMipSolverData::transformNewIntegerFeasibleSolution tmpSolver.run();\n")  # buffered by C
    libc.printf(b"after from C\n")
    libc.fflush(None)
    print("after from Python", flush=True)
    out, err = capfd.readouterr()
    assert "HighsMipSolverData" not in out and "HighsMipSolverData" not in err
    assert out == "before\nafter from C\nafter from Python\n"


def test_nested_threads_restore_stdout_once_the_last_leaves(capfd):
    inside = threading.Barrier(3)

    def solve():
        with c_stdout_silenced():
            inside.wait()
            libc.printf(b"noise from a solver\n")
            inside.wait()

    threads = [threading.Thread(target=solve) for _ in range(2)]
    for t in threads:
        t.start()
    inside.wait()
    inside.wait()
    for t in threads:
        t.join()
    libc.printf(b"still here\n")
    libc.fflush(None)
    out, _ = capfd.readouterr()
    assert "noise" not in out and out == "still here\n"


def test_a_brief_writes_nothing_to_stdout_but_what_the_writer_returns(capfd, example_dir):
    from newsfuse.briefing import make_brief
    from newsfuse.readers import read_articles
    from newsfuse.settings import Settings

    settings = Settings(fast=True)
    brief = make_brief(read_articles([str(example_dir)], settings=settings), settings)
    libc.fflush(None)
    out, _ = capfd.readouterr()
    assert brief.summary and out == ""
