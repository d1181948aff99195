"""Fixtures for the web tests: the example as API payloads, apps over real SQLite files,
and a real ``newsfuse serve`` subprocess on a free port."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Iterator

import httpx
import pytest

from newsfuse.readers import read_articles
from newsfuse.settings import Settings

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "web"
FAST = Settings(fast=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def article_payload(a) -> dict:
    """A read :class:`Article` as the API's article object."""
    return {"text": a.text, "title": a.title, "outlet": a.outlet, "credit": a.credit,
            "date": a.date.isoformat() if a.date else None, "url": a.url}


@pytest.fixture(scope="session")
def example_payload(example_dir) -> list[dict]:
    """The five bundled example articles as API article objects, in file order."""
    return [article_payload(a) for a in read_articles([str(example_dir)], settings=FAST)]


@pytest.fixture(scope="session")
def web_fixtures() -> Path:
    if not FIXTURES.is_dir():
        pytest.fail(f"web fixtures missing: {FIXTURES}")
    return FIXTURES


@contextlib.contextmanager
def running_server(db: Path, *extra: str, log: Path | None = None, timeout: float = 120.0) -> Iterator[tuple[str, subprocess.Popen]]:
    """Start ``python -m newsfuse serve --db DB --port FREE`` and yield (base URL, process); always stopped."""
    port = free_port()
    out = open(log, "wb") if log else subprocess.DEVNULL
    proc = subprocess.Popen(
        [sys.executable, "-m", "newsfuse", "serve", "--db", str(db), "--port", str(port), *extra],
        stdout=out, stderr=subprocess.STDOUT if log else subprocess.DEVNULL,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            if proc.poll() is not None:
                detail = log.read_text(errors="replace")[-2000:] if log else ""
                pytest.fail(f"newsfuse serve exited with {proc.returncode} before answering\n{detail}")
            try:
                if httpx.get(base + "/api/stories", timeout=2.0).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"newsfuse serve did not answer on {base} within {timeout:.0f} s")
            time.sleep(0.2)
        yield base, proc
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        if log:
            out.close()
