"""`newsfuse serve` writes one access line per request to stderr (issue 16)."""

from __future__ import annotations

import re
import time

import httpx

from newsfuse.cli.serve import log_config

from .conftest import running_server

LINE = re.compile(r'^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d{4} 127\.0\.0\.1:\d+ "(\S+) (\S+) HTTP/1\.1" (\d{3})')


def test_access_log_goes_to_stderr_at_info_while_uvicorn_says_only_warnings():
    config = log_config()
    assert config["handlers"]["access"]["stream"] == "ext://sys.stderr"
    assert config["loggers"]["uvicorn.access"]["level"] == "INFO"
    assert config["loggers"]["uvicorn.error"]["level"] == "WARNING"


def test_each_request_is_one_line_with_method_path_and_status(tmp_path):
    log = tmp_path / "serve.log"
    with running_server(tmp_path / "log.db", "--fast", log=log) as (base, _):
        assert httpx.get(base + "/?q=harbour", timeout=30).status_code == 200
        assert httpx.get(base + "/stories/424242", timeout=30).status_code == 404
        deadline = time.monotonic() + 30
        while "/stories/424242" not in log.read_text() and time.monotonic() < deadline:
            time.sleep(0.1)
    seen = [m.groups() for m in map(LINE.match, log.read_text().splitlines()) if m]
    assert ("GET", "/?q=harbour", "200") in seen
    assert ("GET", "/stories/424242", "404") in seen
    assert ("GET", "/api/stories", "200") in seen  # running_server's readiness checks are logged too
