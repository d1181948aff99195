"""Request guards for the web app: allowed hosts, cross-origin writes, security headers.

One pure ASGI middleware, :class:`Guard`, in front of everything (pages, API,
static files):

1. **Host.** The ``Host`` header must name a host in ``allowed_hosts``: by default
   the address the server is bound to and ``localhost``/``127.0.0.1``/``::1``. Any
   other host is 400 (``NF107``). This defeats DNS rebinding: a page on
   ``evil.example`` re-pointed at 127.0.0.1 still sends ``Host: evil.example``.
2. **Cross-origin writes (CSRF).** A state-changing request (any method but GET,
   HEAD, OPTIONS) is refused with 403 (``NF106``) when a browser says it comes from
   another site: ``Sec-Fetch-Site`` other than ``same-origin`` or ``none``, or,
   from browsers without that header, an ``Origin`` whose host and port are not
   the request's ``Host``. A request with neither header does not come from a
   browser page (``curl``, ``httpx``, ``requests``, cron jobs), so it cannot be
   forged by one, and the JSON API is open to it. This is the check of Go's
   ``net/http.CrossOriginProtection`` (Filippo Valsorda, 2025), which Django's
   and datasette's origin checks resemble; it needs no token, session or cookie.
3. **Headers.** Every response gets a Content-Security-Policy (scripts, styles,
   forms and frames from this origin only, no inline script, no framing),
   ``X-Frame-Options: DENY``, ``X-Content-Type-Options: nosniff`` and
   ``Referrer-Policy: same-origin``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..errors import CrossOriginError, HostError

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1")
ANY_ADDRESS = frozenset({"", "0.0.0.0", "::", "[::]"})
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
       "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"content-security-policy", CSP.encode()),
    (b"x-frame-options", b"DENY"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"cross-origin-opener-policy", b"same-origin"),
)


def allowed_hosts(setting: str, bound: str | None = None) -> tuple[str, ...]:
    """The host patterns to accept: ``setting`` (comma-separated) if given, else the bound address and localhost.

    A pattern is a host name or address (``news.example.org``, ``192.168.1.5``,
    ``::1``), ``.example.org`` for it and every subdomain, or ``*`` for any host.
    """
    names = [h.strip().lower().strip("[]") for h in (setting or "").split(",") if h.strip()]
    if names:
        return tuple(dict.fromkeys(names))
    out = list(LOCAL_HOSTS)
    if bound and bound.strip() not in ANY_ADDRESS:
        out.append(bound.strip().lower().strip("[]"))
    return tuple(dict.fromkeys(out))


def host_of(value: str) -> str | None:
    """``'Example.org:8000'`` -> ``'example.org'``, ``'[::1]:8000'`` -> ``'::1'``; None if malformed."""
    value = value.strip().lower()
    if value.startswith("["):
        end = value.find("]")
        rest = value[end + 1:] if end > 0 else "x"
        if end < 0 or (rest and not (rest[0] == ":" and rest[1:].isdigit())):
            return None
        host = value[1:end]
        return host if host and re.fullmatch(r"[0-9a-f:.]+", host) else None
    host, sep, port = value.partition(":")
    if sep and not port.isdigit():
        return None
    host = host.rstrip(".")
    return host if host and re.fullmatch(r"[a-z0-9_.\-]+", host) else None


def host_allowed(host: str, patterns: tuple[str, ...]) -> bool:
    for p in patterns:
        if p == "*" or host == p or (p.startswith(".") and (host == p[1:] or host.endswith(p))):
            return True
    return False


def cross_origin_refusal(method: str, headers: dict[bytes, bytes]) -> str | None:
    """Why a request is refused as cross-site, or None if it may go on."""
    if method.upper() in SAFE_METHODS:
        return None
    site = headers.get(b"sec-fetch-site")
    if site is not None:
        value = site.decode("latin-1").strip().lower()
        if value in ("same-origin", "none"):
            return None
        return f"cross-site request refused (Sec-Fetch-Site: {value[:40]})"
    origin = headers.get(b"origin")
    if origin is None:
        return None  # no browser page sent this: a script or a command-line tool
    text = origin.decode("latin-1").strip()
    host = headers.get(b"host", b"").decode("latin-1").strip().lower()
    try:
        netloc = urlsplit(text).netloc.lower()
    except ValueError:
        netloc = ""
    if text != "null" and netloc and netloc == host:
        return None
    return f"cross-site request refused (Origin: {text[:80]})"


@dataclass(frozen=True, slots=True)
class Refusal:
    status: int
    code: str
    message: str


class Guard:
    """The ASGI middleware described in the module docstring."""

    def __init__(self, app: ASGIApp, *, hosts: tuple[str, ...]) -> None:
        self.app = app
        self.hosts = hosts

    def check(self, scope: Scope) -> Refusal | None:
        headers = dict(scope.get("headers") or ())
        raw_host = headers.get(b"host", b"").decode("latin-1")
        host = host_of(raw_host)
        if host is None or not host_allowed(host, self.hosts):
            shown = raw_host[:80] or "(none)"
            return Refusal(HostError.http_status, HostError.code, f"Host header '{shown}' is not one this server answers to (allowed_hosts: "
                                         f"{', '.join(self.hosts)}); start the server with --set allowed_hosts=NAME")
        why = cross_origin_refusal(scope.get("method", "GET"), headers)
        if why:
            return Refusal(CrossOriginError.http_status, CrossOriginError.code, f"{why}: changes must be sent from this server's own pages; scripts call "
                                         "the API without an Origin header (see docs/api.md)")
        return None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {k.lower() for k, _ in message.get("headers", ())}
                extra = [(k, v) for k, v in SECURITY_HEADERS if k not in present]
                message = {**message, "headers": [*message.get("headers", ()), *extra]}
            await send(message)

        refusal = self.check(scope)
        if refusal is None:
            await self.app(scope, receive, send_with_headers)
            return
        body = json.dumps({"error": {"code": refusal.code, "message": refusal.message,
                                     "status": refusal.status}}).encode("utf-8")
        await send_with_headers({"type": "http.response.start", "status": refusal.status,
                                 "headers": [(b"content-type", b"application/json"),
                                             (b"content-length", str(len(body)).encode())]})
        await send_with_headers({"type": "http.response.body", "body": body})
