"""Fetch articles from http(s) URLs, safely: a page gives one article, a feed every entry.

Every request is bounded and checked:

- only ``http``/``https`` URLs without credentials, at most ``MAX_URL_CHARS`` long;
- the host is resolved (``socket.getaddrinfo``) and refused if any address is
  loopback, private, link-local, multicast, reserved or unspecified, unless
  ``settings.allow_private_urls``; the connection then goes to the checked address
  (the ``Host`` header and TLS SNI keep the name), so a second DNS answer cannot
  swap in another address;
- redirects are followed by hand, at most ``settings.fetch_max_redirects``, with
  the same checks on every hop;
- ``settings.fetch_timeout_s`` is one deadline for the whole fetch (resolving,
  connecting, redirects, headers and body), however slowly the server sends;
  the body is streamed and refused as soon as it passes
  ``settings.fetch_max_bytes`` (decompressed);
- only HTML, plain text and RSS/Atom content types are read; anything else is refused;
- environment proxies are ignored (direct connections only, so the address check holds);
- a conditional GET (``headers={"If-None-Match": ..., "If-Modified-Since": ...}``) may be
  answered ``304 Not Modified``: :func:`fetch_async` with ``conditional=True`` returns it as a
  :class:`Fetched` with ``status=304`` and an empty body, with the response's validators
  (``ETag``, ``Last-Modified``) and caching hints (``Retry-After``, ``Cache-Control``).

Any refusal or failure raises :class:`~newsfuse.errors.FetchError` with a one-line message.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
import ssl
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Iterable
from urllib.parse import urljoin, urlsplit

import httpx

from ..errors import FetchError
from ..model import Article
from ..settings import Settings

MAX_URL_CHARS = 2048
USER_AGENT = "newsfuse (+https://github.com/newsfuse/newsfuse)"
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
TEXT_TYPES = frozenset({"text/plain"})
FEED_TYPES = frozenset({"application/rss+xml", "application/atom+xml", "application/rdf+xml",
                        "application/xml", "text/xml"})
ALLOWED_TYPES = HTML_TYPES | TEXT_TYPES | FEED_TYPES
_REDIRECTS = frozenset({301, 302, 303, 307, 308})

__all__ = ["fetch_articles", "fetch_article", "fetch", "fetch_async", "check_url", "Fetched", "MAX_URL_CHARS"]


@dataclass(frozen=True, slots=True)
class Fetched:
    """A fetched response: the final URL (after redirects), its media type, charset and body.

    ``status`` is 200-299, or 304 for a conditional GET answered "not modified" (empty body);
    ``etag``, ``last_modified``, ``retry_after`` and ``cache_control`` are the response's
    headers of those names, if sent.
    """

    url: str
    media_type: str
    charset: str | None
    body: bytes
    status: int = 200
    etag: str | None = None
    last_modified: str | None = None
    retry_after: str | None = None
    cache_control: str | None = None


def _host_label(host: str) -> str:
    return f"[{host}]" if ":" in host else host


def check_url(url: str) -> tuple[str, str, int]:
    """Validate ``url``'s form; returns (scheme, host, port).

    Raises:
        FetchError: not http(s), credentials in it, no host, a bad port, or too long.
    """
    shown = url if len(url) <= 200 else url[:200] + "..."
    if len(url) > MAX_URL_CHARS:
        raise FetchError(f"URL is {len(url):,} characters, over the {MAX_URL_CHARS:,} allowed", url=shown)
    if any(ord(c) < 33 or ord(c) == 127 for c in url):
        raise FetchError("URL contains spaces or control characters; percent-encode them", url=shown)
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise FetchError(f"malformed URL ({exc})", url=shown) from None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise FetchError(f"only http and https URLs can be fetched, not '{scheme or '(none)'}:'", url=shown)
    if parts.username is not None or parts.password is not None:
        raise FetchError("URLs with a user name or password are refused; remove the credentials", url=shown)
    host = (parts.hostname or "").rstrip(".")
    if not host:
        raise FetchError("URL has no host", url=shown)
    return scheme, host, port or (443 if scheme == "https" else 80)


def _ip_refusal(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    """Why ``ip`` may not be fetched without ``allow_private_urls``, or None if it is public."""
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    for attr, why in (("is_unspecified", "unspecified"), ("is_loopback", "loopback"),
                      ("is_link_local", "link-local"), ("is_multicast", "multicast"),
                      ("is_private", "private"), ("is_reserved", "reserved")):
        if getattr(ip, attr):
            return why
    if not ip.is_global:
        return "non-public"
    return None


def resolve(url: str, host: str, port: int, *, allow_private: bool, trusted: frozenset[str] = frozenset()) -> str:
    """The address to connect to for ``host``, after checking every address it resolves to.

    Raises:
        FetchError: the name does not resolve, or (unless allowed) resolves to a
            loopback, private, link-local, multicast, reserved or unspecified address.
    """
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError, OSError) as exc:
        raise FetchError(f"cannot resolve host '{host}' ({exc}); check the URL", url=url) from None
    addresses = list(dict.fromkeys(info[4][0].split("%")[0] for info in infos))
    if not addresses:
        raise FetchError(f"host '{host}' resolves to no address", url=url)
    if not allow_private and host.lower() not in trusted:
        for a in addresses:
            why = _ip_refusal(ipaddress.ip_address(a))
            if why:
                raise FetchError(f"host '{host}' resolves to {why} address {a}; refused (start the server with "
                                 "--allow-private-urls to allow it)", url=url)
    return addresses[0]


def _media_type(header: str | None) -> tuple[str, str | None]:
    if not header:
        return "", None
    main, *params = header.split(";")
    charset = None
    for p in params:
        k, _, v = p.partition("=")
        if k.strip().lower() == "charset":
            charset = v.strip().strip('"\'') or None
    return main.strip().lower(), charset


def fetch(url: str, settings: Settings, *, trusted: Iterable[str] = (),
          verify: ssl.SSLContext | bool = True) -> Fetched:
    """GET ``url`` within the limits of ``settings``; returns the final response body.

    One deadline, ``settings.fetch_timeout_s``, covers the whole fetch: resolving,
    connecting, every redirect hop, the response headers and the body. It holds
    however slowly the server sends (a server dribbling its headers one byte a
    second is cut off at the deadline, not after each byte), because the transfer
    runs as one cancellable task on a private event loop.

    Args:
        url: an http(s) URL.
        settings: ``fetch_timeout_s``, ``fetch_max_bytes``, ``fetch_max_redirects``,
            ``allow_private_urls``.
        trusted: host names (exactly as written in URLs) exempt from the address check,
            e.g. an intranet mirror; redirects to other names are still checked.
        verify: TLS verification: True (the system's and certifi's CAs) or an
            ``ssl.SSLContext`` trusting a private CA. Certificates are checked against
            the URL's host name even though the connection goes to the checked address.

    Raises:
        FetchError: refused URL or address, too many redirects, over the deadline, HTTP
            error, a content type other than HTML, text or RSS/Atom, or a body over the cap.
    """
    transfer = _Transfer(url, settings, frozenset(h.lower() for h in trusted), verify)
    return _run(transfer.run_within_deadline)


async def fetch_async(url: str, settings: Settings, *, trusted: Iterable[str] = (),
                      verify: ssl.SSLContext | bool = True, headers: dict[str, str] | None = None,
                      conditional: bool = False) -> Fetched:
    """:func:`fetch` as a coroutine, for callers already on an event loop (the feed poller).

    Same checks and the same single deadline. ``headers`` are sent with the request and
    on every redirect hop (``Host`` and the pinned address cannot be overridden).

    Args:
        headers: extra request headers, e.g. ``If-None-Match`` / ``If-Modified-Since``.
        conditional: accept ``304 Not Modified`` (returned with ``status=304`` and an
            empty body) instead of refusing it as a non-2xx answer.

    Raises:
        FetchError: as :func:`fetch`; an HTTP error's ``retry_after`` attribute holds its
            ``Retry-After`` header, if any.
    """
    extra = {k: v for k, v in (headers or {}).items() if k.lower() != "host"}
    transfer = _Transfer(url, settings, frozenset(h.lower() for h in trusted), verify, headers=extra,
                         conditional=conditional)
    return await transfer.run_within_deadline()


# getaddrinfo blocks; it runs here so a deadline can abandon it (a private pool, which
# ``asyncio.run`` does not wait for on exit, unlike the loop's default executor).
_RESOLVER = ThreadPoolExecutor(max_workers=8, thread_name_prefix="newsfuse-resolve")


def _run(coro_fn):
    """Run ``coro_fn()`` to completion on a fresh event loop, in this thread if it has none running."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coro_fn())
    with ThreadPoolExecutor(max_workers=1) as pool:  # called from async code: use another thread
        return pool.submit(lambda: asyncio.run(coro_fn())).result()


class _Transfer:
    """One fetch: the redirect hops, the checks on each, and the body, under one deadline."""

    def __init__(self, url: str, settings: Settings, trusted: frozenset[str], verify: ssl.SSLContext | bool, *,
                 headers: dict[str, str] | None = None, conditional: bool = False) -> None:
        self.url = url
        self.headers = headers or {}
        self.conditional = conditional
        self.current = url
        self.settings = settings
        self.trusted = trusted
        self.verify = verify

    async def run_within_deadline(self) -> Fetched:
        limit = self.settings.fetch_timeout_s
        try:
            async with asyncio.timeout(limit):
                return await self._hops()
        except TimeoutError:
            raise FetchError(f"took longer than {limit:g} s (fetch_timeout_s) to answer in full (connecting, "
                             "headers and body together); the server is too slow or unreachable",
                             url=self.current) from None

    async def _resolve(self, host: str, port: int) -> str:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(_RESOLVER, lambda: resolve(
            self.current, host, port, allow_private=self.settings.allow_private_urls, trusted=self.trusted))

    async def _hops(self) -> Fetched:
        settings = self.settings
        # The deadline above bounds everything; httpx's own per-read timeout is a backstop set just past it.
        timeout = httpx.Timeout(settings.fetch_timeout_s + 1.0)
        async with httpx.AsyncClient(timeout=timeout, follow_redirects=False, trust_env=False, verify=self.verify,
                                     headers={"User-Agent": USER_AGENT, "Accept-Encoding": "gzip, deflate",
                                              "Accept": ACCEPT}) as client:
            for _hop in range(settings.fetch_max_redirects + 1):
                scheme, host, port = check_url(self.current)
                address = await self._resolve(host, port)
                try:
                    request = _pinned_request(client, self.current, scheme, host, port, address, self.headers)
                    response = await client.send(request, stream=True)
                except httpx.TimeoutException:
                    raise FetchError(f"timed out after {settings.fetch_timeout_s:g} s; the server is too slow or "
                                     "unreachable", url=self.current) from None
                except (httpx.HTTPError, httpx.InvalidURL, ValueError) as exc:
                    raise FetchError(f"request failed: {_one_line(exc)}", url=self.current) from None
                try:
                    if response.status_code in _REDIRECTS:
                        self.current = _redirect_target(self.current, response)
                        continue
                    return await self._body(response)
                finally:
                    await response.aclose()
        raise FetchError(f"more than {settings.fetch_max_redirects} redirects (fetch_max_redirects)", url=self.url)

    async def _body(self, response: httpx.Response) -> Fetched:
        current, limit = self.current, self.settings.fetch_max_bytes
        h = response.headers
        hints = dict(etag=h.get("etag"), last_modified=h.get("last-modified"), retry_after=h.get("retry-after"),
                     cache_control=h.get("cache-control"))
        if response.status_code == 304 and self.conditional:
            return Fetched(url=current, media_type="", charset=None, body=b"", status=304, **hints)
        if not 200 <= response.status_code < 300:
            error = FetchError(f"HTTP {response.status_code} {response.reason_phrase}", url=current)
            error.retry_after = hints["retry_after"]
            raise error
        media, charset = _media_type(response.headers.get("content-type"))
        if media and media not in ALLOWED_TYPES:
            raise FetchError(f"content type '{media}' is not an article (HTML, plain text or RSS/Atom)", url=current)
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            raise FetchError(f"response is {int(declared):,} bytes, over the {limit:,}-byte limit "
                             "(fetch_max_bytes)", url=current)
        body = bytearray()
        try:
            async for chunk in response.aiter_bytes():
                body += chunk
                if len(body) > limit:
                    raise FetchError(f"response passed the {limit:,}-byte limit (fetch_max_bytes); refused", url=current)
        except httpx.TimeoutException:
            raise FetchError(f"timed out after {self.settings.fetch_timeout_s:g} s while reading the body",
                             url=current) from None
        except (httpx.HTTPError, ValueError) as exc:
            raise FetchError(f"reading the body failed: {_one_line(exc)}", url=current) from None
        return Fetched(url=current, media_type=media, charset=charset, body=bytes(body),
                       status=response.status_code, **hints)


ACCEPT = ("text/html, application/xhtml+xml, application/rss+xml, application/atom+xml, application/xml;q=0.9, "
          "text/plain;q=0.8")


def _one_line(exc: BaseException) -> str:
    text = str(exc).splitlines()[0] if str(exc) else ""
    return f"{type(exc).__name__}: {text[:200]}" if text else type(exc).__name__


def _pinned_request(client: httpx.AsyncClient, url: str, scheme: str, host: str, port: int, address: str,
                    extra: dict[str, str] | None = None) -> httpx.Request:
    """A request for ``url`` sent to the checked ``address``, keeping the name in ``Host`` and TLS SNI."""
    parts = urlsplit(url)
    default_port = 443 if scheme == "https" else 80
    host_header = _host_label(parts.hostname or host) + ("" if port == default_port else f":{port}")
    pinned = f"{scheme}://{_host_label(address)}:{port}{parts.path or '/'}" + (f"?{parts.query}" if parts.query else "")
    return client.build_request("GET", pinned, headers={**(extra or {}), "Host": host_header},
                                extensions={"sni_hostname": host} if scheme == "https" else {})


def _redirect_target(current: str, response: httpx.Response) -> str:
    location = response.headers.get("location")
    if not location or not location.strip():
        raise FetchError(f"HTTP {response.status_code} redirect without a Location", url=current)
    try:
        target = urljoin(current, location.strip())
    except ValueError as exc:
        raise FetchError(f"redirect to a malformed Location ({exc}); refused", url=current) from None
    return target


def _looks_like_feed(body: bytes) -> bool:
    head = body.lstrip()[:1024].lower()
    return head.startswith(b"<?xml") and (b"<rss" in head or b"<feed" in head or b"<rdf" in head) or \
        head.startswith((b"<rss", b"<feed"))


def fetch_articles(url: str, settings: Settings | None = None, *, trusted: Iterable[str] = (),
                   verify: ssl.SSLContext | bool = True) -> list[Article]:
    """The article(s) at ``url``: a page gives one article, an RSS/Atom feed one per entry.

    The outlet comes from the page's metadata or credit lines, else the host name.

    Raises:
        FetchError: see :func:`fetch` (``trusted`` and ``verify`` are passed to it).
        ExtractionError, FormatError: the page has no article text, or the feed is malformed.
    """
    from .articles import make_article
    from .feeds import read_feed
    from .html import extract_html
    from .text import decode

    settings = settings or Settings()
    got = fetch(url, settings, trusted=trusted, verify=verify)
    media = got.media_type
    if media in FEED_TYPES or (media in ("", "text/plain") and _looks_like_feed(got.body)):
        if media in ("application/xml", "text/xml", "") and not _looks_like_feed(got.body):
            raise FetchError("XML that is not an RSS or Atom feed; give an article page or a feed", url=got.url)
        return read_feed(got.body, url=got.url, settings=settings)
    text = _decode(got, decode)
    if media in HTML_TYPES or (not media and text.lstrip()[:100].lower().startswith(("<!doctype html", "<html"))):
        page = extract_html(text, source=got.url, url=got.url)
        article = make_article(page.text, source=got.url, settings=settings, title=page.title, outlet=page.outlet,
                               url=page.url or got.url, date=page.published, byline=page.author, credit=page.credit,
                               structured=True)
    else:
        article = make_article(text, source=got.url, settings=settings, url=got.url)
    return [article]  # no outlet named anywhere: make_article names the site, not the last path segment


def _decode(got: Fetched, decode) -> str:
    if got.charset:
        try:
            return got.body.decode(got.charset)
        except (LookupError, UnicodeDecodeError):
            pass
    return decode(got.body, source=got.url)[0]


def fetch_article(url: str, settings: Settings | None = None) -> list[Article]:
    """Same as :func:`fetch_articles` (the name :func:`newsfuse.readers.read_articles` calls)."""
    return fetch_articles(url, settings)
