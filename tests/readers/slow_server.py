"""A real loopback HTTP server that sends its response one byte a second (headers or body).

Used by the fetch-deadline tests and the server-starvation test. Every connection gets a
thread; ``progress`` records, per connection, how many bytes were sent and whether the
headers were finished, so a test can tell *where* in the response the client gave up.
"""

from __future__ import annotations

import socket
import threading
import time
from dataclasses import dataclass, field

BODY = (b"A fire broke out at the grain warehouse on Pier 4 of Port Elling late on Tuesday night, "
        b"the fictional harbour board said. Firefighters fought the blaze for twelve hours.")
HEAD = (b"HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\nX-Padding: " + b"p" * 40 +
        b"\r\nContent-Length: " + str(len(BODY)).encode() + b"\r\n\r\n")


@dataclass
class Connection:
    sent: int = 0
    headers_done: bool = False
    closed_by_client: bool = False
    finished: bool = False


@dataclass
class SlowServer:
    """``mode``: "headers" (one byte a second from the first byte) or "body" (headers at once)."""

    mode: str = "headers"
    interval: float = 1.0
    connections: list[Connection] = field(default_factory=list)
    accepted: threading.Semaphore = field(default_factory=lambda: threading.Semaphore(0))

    def __post_init__(self) -> None:
        self._sock = socket.create_server(("127.0.0.1", 0), backlog=128)
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self.port = self._sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}/story.txt"
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        self._sock.settimeout(0.2)
        while not self._stop.is_set():
            try:
                conn, _ = self._sock.accept()
            except (TimeoutError, socket.timeout):
                continue
            except OSError:
                return
            record = Connection()
            with self._lock:
                self.connections.append(record)
            threading.Thread(target=self._handle, args=(conn, record), daemon=True).start()

    def _handle(self, conn: socket.socket, record: Connection) -> None:
        with conn:
            conn.settimeout(5)
            data = b""
            try:
                while b"\r\n\r\n" not in data:
                    chunk = conn.recv(4096)
                    if not chunk:
                        return
                    data += chunk
            except OSError:
                return
            self.accepted.release()
            payload = HEAD + BODY
            try:
                if self.mode == "body":
                    conn.sendall(HEAD)
                    record.sent, record.headers_done = len(HEAD), True
                for i in range(record.sent, len(payload)):
                    if self._stop.is_set():
                        return
                    conn.sendall(payload[i:i + 1])
                    record.sent = i + 1
                    record.headers_done = record.sent >= len(HEAD)
                    time.sleep(self.interval)
                record.finished = True
            except OSError:
                record.closed_by_client = True

    def close(self) -> None:
        self._stop.set()
        self._sock.close()
