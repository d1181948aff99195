"""A feed list: an OPML file (outlines with ``xmlUrl``, nested too) or one feed URL a line.

OPML is parsed with ``defusedxml`` when it is installed, else with the standard
library's expat parser set to refuse any document type declaration or entity
declaration (so an entity bomb or an external entity is refused, never expanded).
A plain list ignores blank lines and ``#`` comments.

Every refusal is one :class:`~newsfuse.errors.ReadError` or
:class:`~newsfuse.errors.FormatError` line naming the file (and the line, for a bad URL).
"""

from __future__ import annotations

from dataclasses import dataclass
from xml.parsers import expat

from ..errors import FetchError, FormatError, ReadError
from ..readers.fetch import check_url

__all__ = ["FeedSpec", "read_feed_list", "MAX_FEED_LIST_BYTES"]

MAX_FEED_LIST_BYTES = 5_000_000


@dataclass(frozen=True, slots=True)
class FeedSpec:
    """One feed as a list names it: its URL and, from OPML, its title."""

    url: str
    title: str | None = None


class _Refused(Exception):
    pass


def _opml_outlines_stdlib(data: bytes) -> list[tuple[dict[str, str], int]]:
    """(attributes, line) of every ``outline`` element, with DTDs and entities refused."""
    parser = expat.ParserCreate()
    found: list[tuple[dict[str, str], int]] = []
    root: list[str] = []

    def start(name: str, attrs: dict[str, str]) -> None:
        if not root:
            root.append(name)
        if name == "outline":
            found.append((attrs, parser.CurrentLineNumber))

    def doctype(*_args) -> None:
        raise _Refused("a document type declaration (DTD)")

    def entity(*_args) -> None:
        raise _Refused("an entity declaration")

    parser.StartElementHandler = start
    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = entity
    parser.UnparsedEntityDeclHandler = entity
    parser.ExternalEntityRefHandler = lambda *a: (_ for _ in ()).throw(_Refused("an external entity"))
    parser.Parse(data, True)
    if root and root[0] != "opml":
        raise _Refused(f"a <{root[0][:40]}> document, not <opml>")
    return found


def _opml_outlines_defused(data: bytes, defused) -> list[tuple[dict[str, str], int]]:
    root = defused.fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    if root.tag != "opml":
        raise _Refused(f"a <{str(root.tag)[:40]}> document, not <opml>")
    return [(dict(el.attrib), 0) for el in root.iter("outline")]


def _read_opml(data: bytes, source: str) -> list[FeedSpec]:
    try:
        import defusedxml.ElementTree as defused  # optional
    except ImportError:
        defused = None
    try:
        if defused is not None:
            try:
                outlines = _opml_outlines_defused(data, defused)
            except defused.ParseError as exc:  # type: ignore[attr-defined]
                raise FormatError(f"malformed OPML ({exc}); fix the file or give one feed URL a line",
                                  source=source) from None
        else:
            outlines = _opml_outlines_stdlib(data)
    except _Refused as exc:
        raise FormatError(f"OPML with {exc} is refused; give a plain OPML file or one feed URL a line",
                          source=source) from None
    except expat.ExpatError as exc:
        raise FormatError(f"malformed OPML ({expat.errors.messages.get(exc.code, 'parse error')} at line "
                          f"{exc.lineno}); fix the file or give one feed URL a line", source=source) from None
    except Exception as exc:  # defusedxml's DTDForbidden/EntitiesForbidden and friends
        if type(exc).__module__.startswith("defusedxml"):
            raise FormatError(f"OPML with a DTD or entities is refused ({type(exc).__name__}); give a plain "
                              "OPML file", source=source) from None
        raise
    specs: list[FeedSpec] = []
    for attrs, line in outlines:
        url = (attrs.get("xmlUrl") or attrs.get("xmlurl") or "").strip()
        if not url:
            continue  # a folder outline
        title = (attrs.get("title") or attrs.get("text") or "").strip() or None
        specs.append(FeedSpec(_checked(url, source, line), title))
    return specs


def _checked(url: str, source: str, line: int) -> str:
    where = f"line {line}: " if line else ""
    try:
        check_url(url)
    except FetchError as exc:
        raise FormatError(f"{where}{exc.detail}; every feed must be an http(s) URL", source=source) from None
    return url


def _read_lines(text: str, source: str) -> list[FeedSpec]:
    specs: list[FeedSpec] = []
    for n, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        specs.append(FeedSpec(_checked(line, source, n)))
    return specs


def read_feed_list(data: bytes, *, source: str) -> list[FeedSpec]:
    """The feeds ``data`` names, in order, each URL once (the first title kept).

    Args:
        data: the file's bytes: OPML, or one feed URL a line.
        source: the file's name, for messages.

    Raises:
        ReadError: empty, binary, too large or not UTF-8 text.
        FormatError: malformed OPML, OPML with a DTD or entities, a URL that is not
            http(s) (the message names its line), or no feed at all.
    """
    if len(data) > MAX_FEED_LIST_BYTES:
        raise ReadError(f"feed list is {len(data):,} bytes, over {MAX_FEED_LIST_BYTES:,}; split it", source=source)
    if b"\x00" in data[:8192]:
        raise ReadError("is binary, not a feed list; give an OPML file or one feed URL a line", source=source)
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise ReadError("is not UTF-8 text; give an OPML file or one feed URL a line", source=source) from None
    if not text.strip():
        raise ReadError("the feed list is empty; add an OPML outline or one feed URL a line", source=source)
    if text.lstrip().startswith("<"):
        specs = _read_opml(data, source)
    else:
        specs = _read_lines(text, source)
    if not specs:
        raise ReadError("names no feed (no xmlUrl outline, or only comments); add a feed URL", source=source)
    unique: dict[str, FeedSpec] = {}
    for spec in specs:
        unique.setdefault(spec.url, spec)
    return list(unique.values())
