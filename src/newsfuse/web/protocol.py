"""The HTTP/1.1 protocol ``newsfuse serve`` runs: uvicorn's h11 protocol with three limits.

uvicorn answers a request head too long to parse (over ``max_header_bytes``,
h11's incomplete-event limit) with a bare 400 and closes the socket at once;
since the client is usually still sending, the kernel then resets the connection
and the client sees no answer at all. It also waits forever for a head sent one
byte at a time. :func:`protocol_class` returns a subclass that:

- answers a head over the limit with **414** (the request line alone is too long)
  or **431** (the headers are), in the one JSON error shape;
- answers **408** when a request's head has not arrived in full within
  ``client_timeout_s`` of its first byte (slow clients hold no slot for long);
- closes *lingering*: after a final answer it shuts down its sending side and
  reads and drops what the client still sends, for at most ``LINGER_S``
  seconds, so the client reads the answer instead of a reset (what Apache's
  ``lingering_close`` and nginx's ``lingering_close`` do).

Everything else is uvicorn's own :class:`~uvicorn.protocols.http.h11_impl.H11Protocol`.
"""

from __future__ import annotations

import asyncio
from typing import Any

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

from ..errors import ClientTimeoutError
from .limits import error_json, head_too_large

LINGER_S = 2.0
LINGER_BYTES = 64 * 1024 * 1024  # drop at most this much of a client's leftover upload before cutting it off


class LingeringTransport:
    """A transport whose ``close()`` half-closes, drains the peer for a while, then closes."""

    def __init__(self, transport: asyncio.Transport, loop: asyncio.AbstractEventLoop) -> None:
        self._transport = transport
        self._loop = loop
        self.lingering = False
        self.drained = 0
        self._timer: asyncio.TimerHandle | None = None

    def __getattr__(self, name: str) -> Any:
        return getattr(self._transport, name)

    def is_closing(self) -> bool:
        return self.lingering or self._transport.is_closing()

    def close(self) -> None:
        t = self._transport
        if self.lingering or t.is_closing():
            return
        self.lingering = True
        try:
            if not t.can_write_eof():
                t.close()
                return
            t.write_eof()  # FIN once the answer is flushed; the client's side stays open
            t.resume_reading()
        except (OSError, RuntimeError):
            t.close()
            return
        self._timer = self._loop.call_later(LINGER_S, t.close)

    def drop(self, data: bytes) -> None:
        """Data that arrived while lingering: dropped; too much of it ends the linger."""
        self.drained += len(data)
        if self.drained > LINGER_BYTES:
            self.abort()

    def abort(self) -> None:
        self.cancel_timer()
        self._transport.abort()

    def cancel_timer(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None


def protocol_class(*, max_head_bytes: int, head_timeout_s: float) -> type[H11Protocol]:
    """The protocol class to give ``uvicorn.run(http=...)`` (with ``h11_max_incomplete_event_size``
    set to ``max_head_bytes``)."""

    class GuardedH11Protocol(H11Protocol):
        def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
            self._head_timer: asyncio.TimerHandle | None = None
            super().connection_made(LingeringTransport(transport, self.loop))  # type: ignore[arg-type]

        def connection_lost(self, exc: Exception | None) -> None:
            self._cancel_head_timer()
            if isinstance(self.transport, LingeringTransport):
                self.transport.cancel_timer()
            super().connection_lost(exc)

        def eof_received(self) -> bool | None:
            if isinstance(self.transport, LingeringTransport):
                self.transport.cancel_timer()  # the client is done sending; asyncio closes once flushed
            return None

        def data_received(self, data: bytes) -> None:
            transport = self.transport
            if isinstance(transport, LingeringTransport) and transport.lingering:
                transport.drop(data)
                return
            super().data_received(data)
            if self.transport.is_closing():
                self._cancel_head_timer()
            elif self.conn.their_state is h11.IDLE and self.conn.trailing_data[0]:
                if self._head_timer is None:  # part of a head has come: it has client_timeout_s to finish
                    self._head_timer = self.loop.call_later(head_timeout_s, self._head_timed_out)
            else:
                self._cancel_head_timer()

        def _cancel_head_timer(self) -> None:
            if getattr(self, "_head_timer", None) is not None:
                self._head_timer.cancel()
                self._head_timer = None

        def _head_timed_out(self) -> None:
            self._head_timer = None
            if self.conn.their_state is h11.IDLE and not self.transport.is_closing():
                self._answer(ClientTimeoutError.http_status, ClientTimeoutError.code, f"the request head did not arrive within {head_timeout_s:g} s "
                                           "(client_timeout_s); send requests faster")

        def send_400_response(self, msg: str) -> None:
            buffered = self.conn.trailing_data[0]
            if len(buffered) > max_head_bytes:
                kind = "line" if b"\r\n" not in buffered[:max_head_bytes] else "headers"
                self._answer(*head_too_large(kind, len(buffered), max_head_bytes))
            else:
                self._answer(400, "NF100", "malformed HTTP request; send a valid HTTP/1.1 request")

        def _answer(self, status: int, code: str, message: str) -> None:
            """A final answer written straight to the socket (h11 has given up on this connection)."""
            body = error_json(code, message, status)
            reason = {400: b"Bad Request", 408: b"Request Timeout", 414: b"URI Too Long",
                      431: b"Request Header Fields Too Large"}.get(status, b"Error")
            head = (b"HTTP/1.1 %d %s\r\ncontent-type: application/json\r\ncontent-length: %d\r\n"
                    b"connection: close\r\n\r\n" % (status, reason, len(body)))
            self._unset_keepalive_if_required()
            self.transport.write(head + body)
            self.transport.close()

    return GuardedH11Protocol
