"""Per-request limits, so that no slow or large request starves the others.

- :class:`RequestLimits` (ASGI middleware): a request line over
  ``max_header_bytes`` is 414 and a header block over it 431 (the protocol in
  :mod:`newsfuse.web.protocol` answers the same when the head is too long to even
  parse); a body over ``max_upload_bytes`` is 413 (refused on its
  ``Content-Length`` before it is read, or cut off as it streams); a body that
  takes longer than ``client_timeout_s`` to arrive is 408.
- :class:`Pools`: the blocking work of a request runs in one of three thread
  pools of bounded size: ``reads`` (list, search, a story, a stored brief),
  ``fetches`` (URLs, which may be slow: each bounded by ``fetch_timeout_s``) and
  ``writes`` (briefs and store writes, ``max_concurrent_writes``). A burst of slow
  fetches fills only its own pool, so listing, searching and text-only writes
  are answered meanwhile.

Every refusal has the one JSON error shape, and ``connection: close``.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from typing import Any, Callable, TypeVar

import anyio
import anyio.to_thread
from anyio import CapacityLimiter
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..errors import ClientTimeoutError, TooLargeError

T = TypeVar("T")


def error_json(code: str, message: str, status: int) -> bytes:
    return json.dumps({"error": {"code": code, "message": message, "status": status}}).encode("utf-8")


async def refuse(send: Send, status: int, code: str, message: str) -> None:
    """Send the one-shape JSON error and ask for the connection to close."""
    body = error_json(code, message, status)
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                            (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": body})


def head_too_large(kind: str, size: int, limit: int) -> tuple[int, str, str]:
    """(status, code, message) for a request line (414) or header block (431) over ``limit``."""
    if kind == "line":
        return 414, TooLargeError.code, (f"request line is {size:,} bytes, over the {limit:,}-byte limit (max_header_bytes); "
                              "send long input in a POST body, not in the URL")
    return 431, TooLargeError.code, (f"request headers are {size:,} bytes, over the {limit:,}-byte limit (max_header_bytes); "
                          "send fewer or shorter headers")


class RequestLimits:
    """Head size (414/431), body size (413) and body time (408) limits; see the module docstring."""

    def __init__(self, app: ASGIApp, *, max_body: int, max_head: int, body_timeout_s: float) -> None:
        self.app = app
        self.max_body = max_body
        self.max_head = max_head
        self.body_timeout_s = body_timeout_s

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        line = len(scope.get("raw_path") or b"") + len(scope.get("query_string") or b"") + 16
        if line > self.max_head:
            await refuse(send, *head_too_large("line", line, self.max_head))
            return
        head = sum(len(k) + len(v) + 4 for k, v in scope.get("headers") or ())
        if head > self.max_head:
            await refuse(send, *head_too_large("headers", head, self.max_head))
            return
        too_big = (f"request body over the {self.max_body:,}-byte limit (max_upload_bytes); "
                   "send fewer or smaller articles")
        length = dict(scope.get("headers") or ()).get(b"content-length")
        if length is not None and length.isdigit() and int(length) > self.max_body:
            await refuse(send, TooLargeError.http_status, TooLargeError.code, too_big)
            return
        state = {"seen": 0, "refused": False, "started": False, "done": False}
        deadline = anyio.current_time() + self.body_timeout_s

        async def limited_receive() -> Message:
            if state["refused"]:
                return {"type": "http.disconnect"}
            if state["done"]:
                return await receive()
            try:
                with anyio.fail_after(max(0.0, deadline - anyio.current_time())):
                    msg = await receive()
            except TimeoutError:
                return await stop(ClientTimeoutError.http_status, ClientTimeoutError.code, f"the request body did not arrive within {self.body_timeout_s:g} s "
                                                "(client_timeout_s); send it faster or smaller")
            if msg["type"] == "http.request":
                state["seen"] += len(msg.get("body", b""))
                if state["seen"] > self.max_body:
                    return await stop(TooLargeError.http_status, TooLargeError.code, too_big)
                state["done"] = not msg.get("more_body", False)
            return msg

        async def stop(status: int, code: str, message: str) -> Message:
            state["refused"] = True
            if not state["started"]:
                state["started"] = True
                await refuse(send, status, code, message)
            return {"type": "http.disconnect"}

        async def guarded_send(msg: Message) -> None:
            if state["refused"]:
                return  # the refusal has been sent; drop what the app answers
            if msg["type"] == "http.response.start":
                state["started"] = True
            await send(msg)

        try:
            await self.app(scope, limited_receive, guarded_send)
        except Exception:
            if not state["refused"]:
                raise


@dataclass(frozen=True, slots=True)
class Pools:
    """Bounded thread pools for a request's blocking work (see the module docstring)."""

    reads: CapacityLimiter
    fetches: CapacityLimiter
    writes: CapacityLimiter

    @classmethod
    def from_settings(cls, settings: Any) -> "Pools":
        return cls(reads=CapacityLimiter(32), fetches=CapacityLimiter(settings.max_concurrent_fetches),
                   writes=CapacityLimiter(settings.max_concurrent_writes))

    async def run(self, pool: str, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """``fn(*args, **kwargs)`` in a worker thread of ``pool`` ("reads", "fetches" or "writes")."""
        return await anyio.to_thread.run_sync(functools.partial(fn, *args, **kwargs), limiter=getattr(self, pool))
