"""Issue 14, items 2 and 7, against a real ``newsfuse serve`` on loopback: per-request limits so
slow sources and slow clients cannot starve other requests, and an oversized request line or
header block answered with 414/431 (not a connection reset)."""

from __future__ import annotations

import json
import socket
import threading
import time

import httpx
import pytest

from ..readers.slow_server import SlowServer
from .conftest import running_server

TEXT = ("A fire broke out at the grain warehouse on Pier 4 of Port Elling late on Tuesday night, the fictional "
        "harbour board said. Firefighters fought the blaze for twelve hours before it was under control.")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("limits")
    with running_server(tmp / "limits.db", "--fast", "--allow-private-urls", "--set", "fetch_timeout_s=20",
                        "--set", "client_timeout_s=3", log=tmp / "serve.log") as (base, proc):
        yield base, proc


def raw_exchange(base: str, request: bytes) -> bytes:
    """Send ``request`` as it is on a fresh connection (httpx refuses URLs over 64 KB; curl does not)
    and read the answer to the end; a reset before any answer raises."""
    port = int(base.rsplit(":", 1)[1])
    with socket.create_connection(("127.0.0.1", port)) as sock:
        sock.settimeout(60)
        sock.sendall(request)
        return _recv_all(sock, strict=True)


def test_issue_14_one_megabyte_query_string_is_414(server):
    base, proc = server
    answer = raw_exchange(base, b"GET /api/stories?q=" + b"a" * 1_000_000 + b" HTTP/1.1\r\nHost: localhost\r\n\r\n")
    assert answer.startswith(b"HTTP/1.1 414 "), answer[:300]
    err = json.loads(answer.split(b"\r\n\r\n", 1)[1])["error"]
    assert err["status"] == 414 and err["code"] == "NF105" and "max_header_bytes" in err["message"]
    r = httpx.get(base + "/", params={"q": "b" * 60_000}, timeout=60)  # long, but under httpx's own limit
    assert r.status_code == 414 and r.json()["error"]["status"] == 414
    assert httpx.get(base + "/api/stories", params={"q": "fire"}, timeout=60).status_code == 200
    assert proc.poll() is None


def test_issue_14_one_megabyte_of_headers_is_431(server):
    base, _ = server
    r = httpx.get(base + "/api/stories", headers={"x-junk": "j" * 1_000_000}, timeout=60)
    assert r.status_code == 431, r.text[:300]
    assert r.json()["error"]["status"] == 431
    r = httpx.get(base + "/api/stories", headers={f"x-h{i}": "v" * 100 for i in range(500)}, timeout=60)
    assert r.status_code == 431


def test_issue_14_slow_sources_do_not_starve_other_requests(server):
    base, _ = server
    slow = SlowServer(mode="headers")
    try:
        answers: list = []
        lock = threading.Lock()

        def slow_request(k: int) -> None:
            try:
                r = httpx.post(base + "/api/stories", json={"urls": [slow.url + f"?k={k}"]}, timeout=300)
                with lock:
                    answers.append(r)
            except httpx.HTTPError as exc:
                with lock:
                    answers.append(exc)

        threads = [threading.Thread(target=slow_request, args=(k,), daemon=True) for k in range(45)]
        for t in threads:
            t.start()
        for _ in range(45):  # every slow fetch has reached the trickling server
            assert slow.accepted.acquire(timeout=120)
        # With 45 fetches trickling, other requests are still answered...
        assert httpx.get(base + "/api/stories", timeout=60).status_code == 200
        assert httpx.get(base + "/", timeout=60).status_code == 200
        created = httpx.post(base + "/api/stories", json={"articles": [{"text": TEXT, "outlet": "Quick Outlet"}]},
                             timeout=120)
        assert created.status_code == 201, created.text
        with lock:
            assert answers == []  # ... before any of the slow ones has finished
        for t in threads:
            t.join(timeout=300)
        assert len(answers) == 45
        for r in answers:
            assert isinstance(r, httpx.Response) and r.status_code == 422, r
            assert "took longer than 20 s" in r.json()["error"]["message"]
        assert all(not c.headers_done for c in slow.connections)
    finally:
        slow.close()


def _recv_all(sock: socket.socket, strict: bool = False) -> bytes:
    data = b""
    while True:
        try:
            chunk = sock.recv(65536)
        except OSError:
            if strict:
                raise
            break
        if not chunk:
            break
        data += chunk
    return data


def test_issue_14_slow_client_headers_get_408_and_others_are_served(server):
    base, _ = server
    port = int(base.rsplit(":", 1)[1])
    sock = socket.create_connection(("127.0.0.1", port))
    sock.settimeout(60)
    stop = threading.Event()

    def trickle() -> None:
        try:
            sock.sendall(b"GET /api/stories HTTP/1.1\r\nHost: localhost\r\n")
            for ch in b"X-Slow: " + b"s" * 120:
                if stop.is_set():
                    return
                sock.sendall(bytes([ch]))
                time.sleep(0.5)
        except OSError:
            return

    t = threading.Thread(target=trickle, daemon=True)
    t.start()
    try:
        assert httpx.get(base + "/api/stories", timeout=60).status_code == 200
        answer = _recv_all(sock)
        assert answer.startswith(b"HTTP/1.1 408"), answer[:200]
        assert t.is_alive()  # the server answered while the client was still trickling
    finally:
        stop.set()
        sock.close()


def test_issue_14_slow_client_body_gets_408(server):
    base, _ = server
    port = int(base.rsplit(":", 1)[1])
    with socket.create_connection(("127.0.0.1", port)) as sock:
        sock.settimeout(60)
        sock.sendall(b"POST /api/stories HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                     b"Content-Length: 100000\r\n\r\n{\"articles\": [")
        stop = threading.Event()

        def trickle() -> None:
            try:
                while not stop.is_set():
                    sock.sendall(b" ")
                    time.sleep(0.5)
            except OSError:
                return

        t = threading.Thread(target=trickle, daemon=True)
        t.start()
        try:
            answer = _recv_all(sock)
        finally:
            stop.set()
        assert answer.startswith(b"HTTP/1.1 408"), answer[:200]
        assert b'"code":"NF108"' in answer.replace(b" ", b"")


def test_server_still_answers(server):
    base, proc = server
    assert httpx.get(base + "/api/stories", timeout=60).status_code == 200 and proc.poll() is None

