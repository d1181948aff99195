"""URL fetching against a real HTTP server on 127.0.0.1 serving fictional fixtures.

The server is on loopback, so the private-address check itself is exercised by
fetching it with ``allow_private_urls`` off (refused) and on (read). Redirects to
other private addresses are refused before any connection is made: the first hop
is trusted by name (``trusted=("127.0.0.1",)``), the redirect target is not.
"""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from newsfuse.errors import FetchError
from newsfuse.readers import read_articles
from newsfuse.readers.fetch import check_url, fetch, fetch_articles
from newsfuse.settings import Settings

FEEDS = Path(__file__).resolve().parents[1] / "fixtures" / "feeds"
EXAMPLE = Path(__file__).resolve().parents[2] / "src" / "newsfuse" / "examples" / "harbour-fire"
OPEN = Settings(allow_private_urls=True, fetch_timeout_s=5.0)
BIG = 50 * 1024 * 1024


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.0"  # bodies end when the connection closes, so no length is needed

    def log_message(self, *args):  # keep pytest output clean
        pass

    def _send(self, body: bytes, ctype: str | None, status: int = 200, headers: dict | None = None) -> None:
        self.send_response(status)
        if ctype:
            self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):  # noqa: N802
        path, _, query = self.path.partition("?")
        self.server.hits.append(path)
        if path == "/article.html":
            self._send((EXAMPLE / "coastal_times.html").read_bytes(), "text/html; charset=utf-8")
        elif path == "/article.txt":
            self._send((EXAMPLE / "valley_ledger.txt").read_bytes(), "text/plain")
        elif path == "/latin1.txt":
            text = "Caf\u00e9 owners on the quay said the fire had closed the road for the whole week, which " \
                   "cost them their best trading days of the season."
            self._send(text.encode("latin-1"), "text/plain; charset=iso-8859-1")
        elif path == "/feed":
            self._send((FEEDS / "port_elling_news.rss").read_bytes(), "application/rss+xml")
        elif path == "/atom":
            self._send((FEEDS / "elling_radio.atom").read_bytes(), "application/atom+xml")
        elif path == "/image.png":
            self._send(b"\x89PNG\r\n\x1a\n" + b"\0" * 100, "image/png")
        elif path == "/pdf":
            self._send(b"%PDF-1.4 ...", "application/pdf")
        elif path == "/redirect":
            self._send(b"", "text/plain", 302, {"Location": query.removeprefix("to=")})
        elif path.startswith("/chain/"):
            n = int(path.rsplit("/", 1)[1])
            self._send(b"", "text/plain", 301, {"Location": f"/chain/{n - 1}" if n else "/article.html"})
        elif path == "/missing":
            self._send(b"gone", "text/plain", 404)
        elif path == "/slow":
            time.sleep(3)
            self._send(b"too late", "text/plain")
        elif path in ("/big", "/big-declared"):
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            if path == "/big-declared":
                self.send_header("Content-Length", str(BIG))
            self.end_headers()
            chunk = b"<p>" + b"x" * (64 * 1024 - 3)
            try:
                while self.server.sent < BIG:
                    self.wfile.write(chunk)
                    self.server.sent += len(chunk)
            except OSError:
                pass  # the client hung up at its cap
            finally:
                self.server.big_done.set()
        else:
            self._send(b"no such fixture", "text/plain", 404)


@pytest.fixture(scope="module")
def server():
    srv = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    srv.daemon_threads = True
    srv.hits, srv.sent, srv.big_done = [], 0, threading.Event()
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield srv
    srv.shutdown()
    srv.server_close()


@pytest.fixture(scope="module")
def base(server):
    return f"http://127.0.0.1:{server.server_address[1]}"


def test_page_text_and_feed_are_read(base):
    (page,) = fetch_articles(f"{base}/article.html", OPEN)
    assert page.url == f"{base}/article.html" and page.source == f"{base}/article.html"
    assert "warehouse" in page.text.lower() and "<p>" not in page.text
    (plain,) = fetch_articles(f"{base}/article.txt", OPEN)
    assert "Port Elling" in plain.text
    (latin,) = fetch_articles(f"{base}/latin1.txt", OPEN)
    assert latin.text.startswith("Caf\u00e9 owners") and latin.outlet == "127.0.0.1"  # no outlet named: the site
    feed = fetch_articles(f"{base}/feed", OPEN)
    assert len(feed) == 3 and feed[0].outlet == "Elling Bay Gazette"
    assert [a.title for a in fetch_articles(f"{base}/atom", OPEN)] == ["Coastal path reopens", "Market moves indoors"]


def test_read_articles_dispatches_urls(base):
    arts = read_articles([f"{base}/article.txt", f"{base}/feed"], settings=OPEN)
    assert len(arts) == 4


def test_loopback_refused_unless_allowed(base, server):
    before = len(server.hits)
    for url in (f"{base}/article.html", f"http://localhost:{server.server_address[1]}/article.html"):
        with pytest.raises(FetchError, match="loopback address 127.0.0.1; refused") as err:
            fetch_articles(url, Settings())
        assert err.value.code == "NF104" and "\n" not in str(err.value) and err.value.source == url
    assert len(server.hits) == before  # refused before connecting
    assert fetch_articles(f"{base}/article.html", Settings(allow_private_urls=True))


@pytest.mark.parametrize("target, why", [
    ("http://10.0.0.1/admin", "private address 10.0.0.1"),
    ("http://169.254.169.254/latest/meta-data/", "link-local address 169.254.169.254"),
    ("http://192.168.1.1/", "private address 192.168.1.1"),
    ("http://0.0.0.0/", "unspecified address 0.0.0.0"),
    ("http://224.0.0.1/", "multicast address 224.0.0.1"),
    ("http://[::1]/", "loopback address ::1"),
    ("http://[fe80::1]/", "link-local address fe80::1"),
    ("http://[::ffff:127.0.0.1]/", "loopback address ::ffff:127.0.0.1"),
    ("http://0x7f000001/", "loopback address 127.0.0.1"),
    ("PORT_LOCALHOST", "loopback address 127.0.0.1"),
    ("file:///etc/passwd", "only http and https URLs"),
])
def test_redirects_to_private_addresses_are_refused(base, server, target, why):
    target = target.replace("PORT_LOCALHOST", f"http://localhost:{server.server_address[1]}/article.html")
    trusting = Settings(fetch_timeout_s=5.0)  # allow_private_urls off; only the first hop's name is trusted
    with pytest.raises(FetchError, match=why.replace(".", r"\.").replace("[", r"\[")) as err:
        fetch(f"{base}/redirect?to={target}", trusting, trusted=("127.0.0.1",))
    assert err.value.source == target and "\n" not in str(err.value)
    assert fetch(f"{base}/chain/0", trusting, trusted=("127.0.0.1",)).url.endswith("/article.html")


def test_redirects_are_limited(base):
    assert fetch(f"{base}/chain/3", Settings(allow_private_urls=True, fetch_max_redirects=4)).url.endswith("/article.html")
    with pytest.raises(FetchError, match="more than 2 redirects"):
        fetch(f"{base}/chain/3", Settings(allow_private_urls=True, fetch_max_redirects=2))


def test_big_body_refused_at_the_cap_without_reading_it_all(base, server):
    capped = Settings(allow_private_urls=True, fetch_max_bytes=1_000_000)
    with pytest.raises(FetchError, match="over the 1,000,000-byte limit"):
        fetch(f"{base}/big-declared", capped)  # refused on its Content-Length
    server.sent = 0
    server.big_done.clear()
    with pytest.raises(FetchError, match="passed the 1,000,000-byte limit"):
        fetch(f"{base}/big", capped)  # no length: refused while streaming
    assert server.big_done.wait(60)
    assert server.sent < BIG // 4  # the server stopped when the client hung up


def test_slow_server_times_out(base):
    with pytest.raises(FetchError, match=r"took longer than 0.5 s \(fetch_timeout_s\)"):
        fetch(f"{base}/slow", Settings(allow_private_urls=True, fetch_timeout_s=0.5))


@pytest.mark.parametrize("path, ctype", [("/image.png", "image/png"), ("/pdf", "application/pdf")])
def test_non_article_content_types_refused(base, path, ctype):
    with pytest.raises(FetchError, match=f"content type '{ctype}' is not an article"):
        fetch_articles(base + path, OPEN)


def test_http_errors(base):
    with pytest.raises(FetchError, match="HTTP 404"):
        fetch_articles(f"{base}/missing", OPEN)
    with pytest.raises(FetchError, match="cannot resolve host"):
        fetch_articles("http://no-such-host.invalid/x", Settings())


@pytest.mark.parametrize("url, why", [
    ("file:///etc/passwd", "only http and https"),
    ("ftp://example.com/a.txt", "only http and https"),
    ("javascript:alert(1)", "only http and https"),
    ("gopher://example.com/", "only http and https"),
    ("data:text/html,<p>x</p>", "only http and https"),
    ("//example.com/a", "only http and https"),
    ("http://user:secret@example.com/", "user name or password"),
    ("https://:pw@example.com/", "user name or password"),
    ("http://example.com/" + "a" * 3000, "over the 2,048 allowed"),
    ("http:///path", "no host"),
    ("http://exa mple.com/", "spaces or control characters"),
    ("http://example.com:99999/", "malformed URL"),
])
def test_hostile_urls_refused_in_one_line(url, why):
    with pytest.raises(FetchError, match=why) as err:
        check_url(url)
    assert err.value.code == "NF104" and "\n" not in str(err.value) and len(str(err.value)) < 400
    with pytest.raises(FetchError):
        fetch_articles(url, OPEN)


@pytest.fixture(scope="module")
def tls_base():
    import ssl

    srv = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    srv.daemon_threads = True
    srv.hits, srv.sent, srv.big_done = [], 0, threading.Event()
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(FEEDS / "tls-test-cert.pem", FEEDS / "tls-test-key.pem")
    srv.socket = ctx.wrap_socket(srv.socket, server_side=True)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    yield srv.server_address[1]
    srv.shutdown()
    srv.server_close()


def test_https_connects_to_the_checked_address_and_verifies_the_name(tls_base):
    import ssl

    trusting_ca = ssl.create_default_context(cafile=str(FEEDS / "tls-test-cert.pem"))
    (page,) = fetch_articles(f"https://localhost:{tls_base}/article.txt", OPEN, verify=trusting_ca)
    assert "Port Elling" in page.text  # SNI and certificate check used "localhost", the socket 127.0.0.1
    with pytest.raises(FetchError, match="certificate verify failed"):
        fetch(f"https://127.0.0.1:{tls_base}/article.txt", OPEN, verify=trusting_ca)  # cert is for localhost
    with pytest.raises(FetchError, match="certificate verify failed"):
        fetch(f"https://localhost:{tls_base}/article.txt", OPEN)  # self-signed: not trusted by default
