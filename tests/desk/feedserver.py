"""A real feed server on loopback for the desk's tests and the replay benchmark.

Several "sites" (one ``ThreadingHTTPServer`` each, on its own 127.0.0.1 port, every one in
its own thread) share one simulated clock that the test advances (:meth:`FeedServer.advance`):
a feed shows the entries published by then, newest first, and every entry's page is served
from its publication on. Feeds honour ``If-None-Match`` and ``If-Modified-Since`` with
``304 Not Modified``; the server counts requests per path and the most requests it served at
once per site.

:func:`three_stories` builds the fixture of the end-to-end tests: three fictional stories
from fictional outlets, the same article in two feeds (same URL), a wire copy in a third feed
(another URL, the same text), an entry whose page is missing (its feed content is used), and
the hostile feeds: broken (HTTP 500), malformed XML, slow (sleeps past the fetch deadline) and an
XML entity bomb. :func:`generate` makes N articles over H simulated hours for the replay benchmark.

Importable without pytest (``benchmarks/desk_replay.py`` puts this folder on ``sys.path``).
"""

from __future__ import annotations

import hashlib
import html
import random
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

T0 = datetime(2026, 3, 14, 6, 0, tzinfo=timezone.utc)


@dataclass
class Entry:
    """One report: where its page lives, when it is published, and its text (paragraphs)."""

    slug: str
    title: str
    outlet: str
    published: datetime
    paragraphs: list[str]
    story: str = ""
    page: bool = True  # False: the page answers 404 (the feed's own content must do)
    full_content: bool = False  # the feed carries the whole text (content:encoded)
    site: int = 0  # which site serves the page
    author: str | None = None

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)


@dataclass
class Feed:
    """A feed: its path, title, site, entries and how it behaves ("ok", "broken", "malformed", "slow", "bomb")."""

    name: str
    title: str
    entries: list[Entry] = field(default_factory=list)
    kind: str = "ok"
    site: int = 0
    window: int = 50  # entries a feed document shows at most

    @property
    def path(self) -> str:
        return f"/feeds/{self.name}.xml"


class FeedServer:
    """The feed server; use as a context manager or call :meth:`close`.

    Args:
        feeds: the feeds to serve.
        sites: how many sites (ports) to run; each feed and page names its site.
        now: the simulated time at the start.
        slow_s: how long the slow feed sleeps before answering.
        page_delay_s: how long every page takes to answer (to catch a poll in the middle).
    """

    def __init__(self, feeds: list[Feed], *, sites: int = 3, now: datetime = T0, slow_s: float = 3.0,
                 page_delay_s: float = 0.0) -> None:
        self.feeds = {f.path: f for f in feeds}
        self.now = now
        self.slow_s = slow_s
        self.page_delay_s = page_delay_s
        self.pages_open = threading.Event()  # cleared: page requests wait (a poll caught in its middle)
        self.pages_open.set()
        self.hits: Counter[str] = Counter()
        self.not_modified: Counter[str] = Counter()
        self.active: Counter[int] = Counter()
        self.max_active: Counter[int] = Counter()
        self.lock = threading.Lock()
        self.pages: dict[str, Entry] = {}
        for f in feeds:
            for e in f.entries:
                self.pages.setdefault(f"/pages/{e.slug}.html", e)
        self._servers = []
        for i in range(sites):
            srv = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self, i))
            srv.daemon_threads = True
            threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True,
                             name=f"feedserver-{i}").start()
            self._servers.append(srv)

    # -- the test's side --------------------------------------------------------------

    def base(self, site: int = 0) -> str:
        return f"http://127.0.0.1:{self._servers[site].server_address[1]}"

    def url(self, feed: Feed | str) -> str:
        feed = feed if isinstance(feed, Feed) else next(f for f in self.feeds.values() if f.name == feed)
        return self.base(feed.site) + feed.path

    def page_hits(self) -> int:
        """Page requests served so far."""
        with self.lock:
            return sum(n for path, n in self.hits.items() if path.startswith("/pages/"))

    def page_url(self, entry: Entry) -> str:
        return f"{self.base(entry.site)}/pages/{entry.slug}.html"

    def advance(self, seconds: float) -> datetime:
        with self.lock:
            self.now += timedelta(seconds=seconds)
            return self.now

    def set_time(self, when: datetime) -> None:
        with self.lock:
            self.now = when

    def feed_list(self, kinds: tuple[str, ...] | None = None) -> str:
        """A plain feed list naming every feed (or those of ``kinds``)."""
        return "".join(f"{self.url(f)}\n" for f in self.feeds.values() if kinds is None or f.kind in kinds)

    def opml(self) -> str:
        outlines = "".join(f'    <outline text="{html.escape(f.title)}" type="rss" xmlUrl="{self.url(f)}"/>\n'
                           for f in self.feeds.values())
        return (f'<?xml version="1.0" encoding="UTF-8"?>\n<opml version="2.0"><head><title>Desk test</title></head>\n'
                f'  <body><outline text="All">\n{outlines}  </outline></body>\n</opml>\n')

    def visible(self, feed: Feed) -> list[Entry]:
        shown = [e for e in feed.entries if e.published <= self.now]
        shown.sort(key=lambda e: e.published, reverse=True)
        return shown[: feed.window]

    def close(self) -> None:
        for srv in self._servers:
            srv.shutdown()
            srv.server_close()

    def __enter__(self) -> "FeedServer":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- documents -------------------------------------------------------------------

    def feed_document(self, feed: Feed, entries: list[Entry]) -> bytes:
        items = []
        for e in entries:
            summary = html.escape(e.paragraphs[0])
            content = ("<content:encoded><![CDATA[" + "".join(f"<p>{html.escape(p)}</p>" for p in e.paragraphs)
                       + "]]></content:encoded>") if e.full_content else ""
            items.append(f"<item><title>{html.escape(e.title)}</title><link>{self.page_url(e)}</link>"
                         f"<guid isPermaLink=\"true\">{self.page_url(e)}</guid>"
                         f"<pubDate>{format_datetime(e.published, usegmt=True)}</pubDate>"
                         f"<description>{summary}</description>{content}</item>")
        return ('<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" '
                'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
                f"<title>{html.escape(feed.title)}</title><link>{self.base(feed.site)}/</link>"
                f"<description>{html.escape(feed.title)} news</description>{''.join(items)}</channel></rss>").encode()

    @staticmethod
    def page_document(e: Entry) -> bytes:
        body = "".join(f"<p>{html.escape(p)}</p>\n" for p in e.paragraphs)
        author = f'<meta name="author" content="{html.escape(e.author)}">' if e.author else ""
        return (f"<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{html.escape(e.title)} | "
                f"{html.escape(e.outlet)}</title><meta property=\"og:site_name\" content=\"{html.escape(e.outlet)}\">"
                f"<meta property=\"article:published_time\" content=\"{e.published.isoformat()}\">{author}</head>"
                f"<body><nav><a href=\"/\">Home</a> <a href=\"/world\">World</a></nav><article>"
                f"<h1>{html.escape(e.title)}</h1>\n{body}</article>"
                f"<footer>Copyright {html.escape(e.outlet)}</footer></body></html>").encode()


BOMB = (b'<?xml version="1.0"?>\n<!DOCTYPE rss [\n<!ENTITY lol "lollollollollollollollollollol">\n'
        + b"".join(b'<!ENTITY lol%d "%s">\n' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
                   for i in range(1, 10))
        + b']>\n<rss version="2.0"><channel><title>&lol9;</title><item><title>&lol9;</title>'
        b"<link>http://127.0.0.1:9/x</link><description>&lol9;</description></item></channel></rss>")


def _handler(server: FeedServer, site: int):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args) -> None:  # quiet
            pass

        def do_GET(self) -> None:  # noqa: N802
            path = self.path.split("?", 1)[0]
            with server.lock:
                server.hits[path] += 1
                server.active[site] += 1
                server.max_active[site] = max(server.max_active[site], server.active[site])
            try:
                self._answer(path)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (the slow feed, past its deadline)
            finally:
                with server.lock:
                    server.active[site] -= 1

        def _send(self, status: int, body: bytes = b"", ctype: str = "text/plain; charset=utf-8",
                  headers: dict[str, str] | None = None) -> None:
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            for k, v in (headers or {}).items():
                self.send_header(k, v)
            self.end_headers()
            if body:
                self.wfile.write(body)

        def _answer(self, path: str) -> None:
            feed = server.feeds.get(path)
            if feed is not None and feed.site == site:
                return self._feed(feed)
            entry = server.pages.get(path)
            if entry is not None and entry.site == site and entry.page and entry.published <= server.now:
                server.pages_open.wait(timeout=60)
                if server.page_delay_s:
                    time.sleep(server.page_delay_s)
                return self._send(200, server.page_document(entry), "text/html; charset=utf-8")
            self._send(404, b"not found")

        def _feed(self, feed: Feed) -> None:
            if feed.kind == "broken":
                return self._send(500, b"internal error")
            if feed.kind == "malformed":
                return self._send(200, b"<?xml version='1.0'?><rss><channel><title>Half</title><item><title>cut",
                                  "application/rss+xml")
            if feed.kind == "bomb":
                return self._send(200, BOMB, "application/rss+xml")
            if feed.kind == "slow":
                time.sleep(server.slow_s)
            with server.lock:
                entries = server.visible(feed)
            etag = '"' + hashlib.sha1("|".join(e.slug for e in entries).encode()).hexdigest()[:20] + '"'
            newest = max((e.published for e in entries), default=T0 - timedelta(days=1))
            modified = format_datetime(newest.replace(microsecond=0), usegmt=True)
            validators = {"ETag": etag, "Last-Modified": modified}
            if self._unchanged(etag, newest):
                with server.lock:
                    server.not_modified[feed.path] += 1
                return self._send(304, headers=validators)
            self._send(200, server.feed_document(feed, entries), "application/rss+xml; charset=utf-8", validators)

        def _unchanged(self, etag: str, newest: datetime) -> bool:
            match = self.headers.get("If-None-Match")
            if match is not None:
                return etag in [m.strip() for m in match.split(",")] or match.strip() == "*"
            since = self.headers.get("If-Modified-Since")
            if since:
                try:
                    return newest.replace(microsecond=0) <= parsedate_to_datetime(since)
                except (TypeError, ValueError):
                    return False
            return False

    return Handler


# -- the three-story fixture -----------------------------------------------------------

BRIDGE = [
    "Engineers closed the Calder Street bridge in Port Meridian on Monday after inspectors found a crack "
    "running along a main support girder, the city's transport office said.",
    "The bridge carries about forty thousand vehicles a day across the Meridian estuary, and buses were "
    "diverted through the Orwin tunnel while the inspection continued.",
    "Transport commissioner Ilse Varga told reporters the crack was discovered during a routine survey and "
    "that nobody had been hurt.",
    "Shop owners on Calder Street said trade had fallen sharply within hours of the closure, and ferry "
    "operators added extra crossings to carry commuters over the estuary.",
    "The bridge was built in 1961 and last strengthened twenty years ago, according to records held by the "
    "Port Meridian harbour authority.",
]
BRIDGE_UPDATE = ("Varga said on Tuesday that the Calder Street bridge would stay shut for at least six weeks while a "
                 "steel brace is fitted to the cracked girder, and that a temporary footbridge would open on Friday.")
STRIKE = [
    "Workers at the Velmora glassworks walked out on Monday in a dispute over night-shift pay, halting "
    "production at the largest furnace hall in the Sable province.",
    "The Glassmakers Union said more than nine hundred members joined the strike and that pickets would stay "
    "outside the furnace gates around the clock.",
    "Plant director Oskar Lind said the company had offered a four percent rise and called the walkout "
    "premature, warning that a cold furnace takes weeks to restart.",
    "Suppliers of sand and soda ash in the Sable valley said deliveries to the glassworks had stopped and "
    "that their own drivers faced lost wages.",
    "Union organiser Petra Hollis said members wanted the night-shift premium restored to its level before "
    "the glassworks was sold three years ago.",
]
STRIKE_UPDATE = ("Talks between the Glassmakers Union and the Velmora glassworks resumed on Wednesday under a "
                 "provincial mediator, and Hollis said the pickets would stay until a written offer arrived.")
FLOOD = [
    "Rising water in the Tarn valley forced the evacuation of three villages on Monday after the river burst "
    "its banks following four days of heavy rain.",
    "Emergency crews moved about two thousand residents of Ostrava Mill, Keld and Harrowby to school halls "
    "on higher ground, the valley's civil protection office said.",
    "Hydrologist Maren Toft said the Tarn had risen more than three metres above its normal level at the "
    "Keld gauge and could crest overnight.",
    "Farmers along the lower Tarn reported flooded fields and livestock moved to the hills, while the "
    "valley railway suspended trains between Keld and Harrowby.",
    "The civil protection office said sandbags were being handed out in Harrowby and asked residents to "
    "avoid the river path and the old mill bridge.",
]
FLOOD_UPDATE = ("The Tarn crested at the Keld gauge early on Tuesday, and Toft said residents of Ostrava Mill could "
                "begin returning home once engineers had checked the flood wall.")


def _pick(sentences: list[str], idx: tuple[int, ...]) -> list[str]:
    return [sentences[i] for i in idx]


def three_stories(t0: datetime = T0) -> list[Feed]:
    """The end-to-end fixture: three stories, six outlets, four hostile feeds (see the module docstring).

    Entries come out at ``t0`` (first wave) and ``t0 + 2 h`` (second wave: the updates).
    """
    h = lambda hours: t0 + timedelta(hours=hours)  # noqa: E731
    a1 = Entry("courier-bridge-closed", "Calder Street bridge closed after crack found", "Harbour Courier", h(0),
               _pick(BRIDGE, (0, 1, 2, 4)), "bridge", site=0)
    a2 = Entry("ledger-bridge-traders", "Calder Street traders count the cost of bridge closure", "Valley Ledger",
               h(0.5), _pick(BRIDGE, (3, 0, 2)) + ["Ledger reporters found queues at every ferry landing."],
               "bridge", site=1)
    a3 = Entry("courier-bridge-six-weeks", "Calder Street bridge to stay shut for six weeks", "Harbour Courier",
               h(2), [BRIDGE_UPDATE] + _pick(BRIDGE, (0, 4)), "bridge", site=0)
    b1 = Entry("ledger-glassworks-strike", "Velmora glassworks workers strike over night pay", "Valley Ledger", h(0),
               _pick(STRIKE, (0, 1, 2, 4)), "strike", site=1)
    b2 = Entry("courier-glassworks-suppliers", "Glassworks strike hits Sable valley suppliers", "Harbour Courier",
               h(0.5), _pick(STRIKE, (3, 0, 1)), "strike", site=0)
    b3 = Entry("northgate-glassworks-talks", "Velmora glassworks talks resume", "Northgate Post", h(2),
               [STRIKE_UPDATE] + _pick(STRIKE, (0, 4)), "strike", site=2)
    c1 = Entry("wire-tarn-evacuation", "Three Tarn valley villages evacuated as river floods", "Brindle Wire", h(0),
               _pick(FLOOD, (0, 1, 2, 3)), "flood", site=2, author="Brindle Wire")
    c1copy = Entry("northgate-tarn-evacuation", "Tarn valley villages evacuated", "Northgate Post", h(0.25),
                   list(c1.paragraphs), "flood", site=2, author="Brindle Wire")
    c2 = Entry("ledger-tarn-sandbags", "Sandbags handed out in Harrowby as Tarn rises", "Valley Ledger", h(0.5),
               _pick(FLOOD, (4, 0, 2)), "flood", site=1, page=False, full_content=True)
    c3 = Entry("courier-tarn-crest", "Tarn crests at Keld; evacuees may return", "Harbour Courier", h(2),
               [FLOOD_UPDATE] + _pick(FLOOD, (0, 1)), "flood", site=0)
    return [
        Feed("courier", "Harbour Courier", [a1, b2, a3, c3], site=0),
        Feed("ledger", "Valley Ledger", [a2, b1, c2], site=1),
        Feed("digest", "Meridian Digest", [a1, b1], site=1),  # the same articles (same URLs) as two other feeds
        Feed("wire", "Brindle Wire", [c1], site=2),
        Feed("northgate", "Northgate Post", [c1copy, b3], site=2),  # a wire copy of Brindle Wire's report
        Feed("broken", "Broken Gazette", kind="broken", site=0),
        Feed("malformed", "Half Written Times", kind="malformed", site=1),
        Feed("slow", "Slow Tribune", kind="slow", site=2),
        Feed("bomb", "Laughing Herald", kind="bomb", site=0),
    ]


# -- the replay generator ---------------------------------------------------------------

_SYL = ("ka", "lo", "mer", "vin", "dra", "sol", "tek", "bri", "an", "os", "ul", "fen", "gar", "hal", "ith", "jor",
        "ne", "pra", "quin", "rus", "sta", "tor", "vel", "wy", "zan", "mo", "ri", "el")
def _name(rng: random.Random, parts: int = 2) -> str:
    return "".join(rng.choice(_SYL) for _ in range(parts)).capitalize()


def generate(articles: int = 20_000, hours: float = 24.0, *, feeds: int = 100, story_size: int = 12,
             sites: int = 4, seed: int = 19, t0: datetime = T0) -> list[Feed]:
    """``articles`` reports over ``hours`` simulated hours in ``feeds`` feeds, for the replay benchmark.

    Stories of about ``story_size`` reports each start at random times and run for a few hours;
    each has eight topic words and two names of its own (invented words, as in
    ``benchmarks/stream_memory.py``); a report is three or four sentences mixing its story's
    words with background words, plus one line of its own, from one of the feeds (its outlet).
    Deterministic for a seed.
    """
    rng = random.Random(seed)
    outlets = [Feed(f"outlet{i:03d}", f"{_name(rng, 2)} {rng.choice(('Courier', 'Ledger', 'Post', 'Times', 'Herald'))}",
                    site=i % sites, window=60) for i in range(feeds)]
    vocab = sorted({_name(rng, rng.choice((2, 3))).lower() for _ in range(4000)})
    n_stories = max(1, articles // story_size)
    stories = []
    for s in range(n_stories):
        start = rng.uniform(0, hours * 0.9)
        topic = rng.sample(vocab, 8)
        names = [w.capitalize() for w in rng.sample(vocab, 2)]
        stories.append((s, start, rng.uniform(1.0, 4.0), topic, names))
    for n in range(articles):
        s, start, span, topic, names = stories[rng.randrange(n_stories)]
        feed = outlets[rng.randrange(feeds)]
        when = t0 + timedelta(hours=min(start + rng.uniform(0, span), hours))
        paragraphs = []
        for _ in range(rng.choice((3, 4))):
            words = [rng.choice(topic) for _ in range(6)] + [rng.choice(vocab) for _ in range(10)] + [rng.choice(names)]
            rng.shuffle(words)
            paragraphs.append(" ".join(words).capitalize() + ".")
        paragraphs.append(f"{feed.title} report number {n}, filed {rng.randrange(1, 60)} minutes after the latest "
                          f"statement.")
        title = f"{names[0]} {' '.join(rng.sample(topic, 3))}"
        feed.entries.append(Entry(f"a{n:06d}", title, feed.title, when, paragraphs, story=f"s{s}", site=feed.site))
    return outlets
