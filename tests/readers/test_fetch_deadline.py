"""Issue 14, item 2: one deadline for a whole fetch (connect, headers, body), however slowly
the server sends. The server here is real, on loopback, and sends one byte a second."""

from __future__ import annotations

import subprocess
import sys

import pytest

from newsfuse.errors import FetchError
from newsfuse.readers.fetch import fetch, fetch_articles
from newsfuse.settings import Settings

from .slow_server import HEAD, SlowServer

QUICK = Settings(allow_private_urls=True, fetch_timeout_s=2.0)


@pytest.fixture()
def trickle_headers():
    server = SlowServer(mode="headers")
    yield server
    server.close()


@pytest.fixture()
def trickle_body():
    server = SlowServer(mode="body")
    yield server
    server.close()


def test_issue_14_headers_one_byte_a_second_hit_the_deadline(trickle_headers):
    with pytest.raises(FetchError, match=r"took longer than 2 s \(fetch_timeout_s\)") as err:
        fetch(trickle_headers.url, QUICK)
    assert err.value.code == "NF104" and err.value.url == trickle_headers.url
    (conn,) = trickle_headers.connections
    # The client gave up while the headers were still arriving, long before they were all sent.
    assert not conn.headers_done and conn.sent < len(HEAD) // 2


def test_issue_14_body_one_byte_a_second_hits_the_same_deadline(trickle_body):
    with pytest.raises(FetchError, match=r"took longer than 2 s \(fetch_timeout_s\)"):
        fetch_articles(trickle_body.url, QUICK)
    (conn,) = trickle_body.connections
    assert conn.headers_done and not conn.finished


def test_issue_14_cli_brief_of_a_trickling_url_stops_at_the_deadline(trickle_headers):
    r = subprocess.run([sys.executable, "-m", "newsfuse", "brief", trickle_headers.url, "--fast",
                        "--set", "allow_private_urls=true", "--set", "fetch_timeout_s=3"],
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 2, r.stderr
    assert r.stderr.count("\n") == 1 and "took longer than 3 s" in r.stderr
    assert not trickle_headers.connections[0].headers_done
