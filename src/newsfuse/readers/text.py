"""Bytes to text: size cap, binary refusal, encoding detection; and text made safe to encode."""

from __future__ import annotations

import codecs
import re

from ..errors import ReadError

_TEXT_CONTROL = {9, 10, 12, 13}
MAX_STRAY_NULS = 2
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
PREFERRED_SINGLE_BYTE = ("cp1252", "latin_1", "iso8859_15")
# Byte-order marks, longest first (a UTF-32-LE mark starts with the UTF-16-LE one).
BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_SURROGATE = re.compile("[\ud800-\udfff]")


def scrub_surrogates(text: str) -> str:
    """``text`` with every lone surrogate (``"\\udc80"`` from a JSON escape) replaced by U+FFFD.

    JSON may spell code points that are not characters; Python keeps them, and
    they fail later when the text is encoded (hashing, SQLite, output). Paired
    surrogates never reach here: the JSON decoder joins them into one character.
    """
    return _SURROGATE.sub("\ufffd", text) if _SURROGATE.search(text) else text


def _from_bom(data: bytes, *, source: str) -> tuple[str, str] | None:
    for bom, codec in BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(codec)  # the codec reads and drops the mark
            except UnicodeDecodeError as exc:
                raise ReadError(f"starts with a {codec.upper()} byte-order mark but is not valid {codec.upper()} "
                                f"(byte {exc.start}); convert the file to UTF-8", source=source) from None
            text = text.lstrip("\ufeff")
            controls = sum(1 for ch in text[:8192] if ord(ch) < 32 and ord(ch) not in _TEXT_CONTROL)
            if "\x00" in text[:8192] or controls > max(8, len(text[:8192]) // 50):
                raise ReadError("binary data (control characters), not text; give a text, HTML or JSON article",
                                source=source)
            if not text.strip():
                raise ReadError("file is empty; give an article with some text", source=source)
            return text, codec
    return None


def _mostly_utf8(data: bytes) -> bool:
    """``data`` is UTF-8 but for a few stray bytes: at least ten valid non-ASCII characters per bad byte."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.count("\ufffd".encode())
    valid = len(_NON_ASCII.findall(text)) - text.count("\ufffd")
    return 0 < bad and valid >= 10 * bad


def decode(data: bytes, *, source: str) -> tuple[str, str]:
    """Decode ``data`` to text and name the encoding used.

    A UTF-16 or UTF-32 byte-order mark decides the encoding; then UTF-8 (with or without BOM),
    also when only a few bytes are not UTF-8; otherwise charset-normalizer's best guess.
    One or two NUL bytes are dropped as damage; more mean binary data.

    Raises:
        ReadError: the data is empty, binary (NUL bytes, many control bytes) or in no
            encoding that can be detected.
    """
    if not data.strip():
        raise ReadError("file is empty; give an article with some text", source=source)
    marked = _from_bom(data, source=source)
    if marked is not None:
        return marked
    head = data[:8192]
    if head.count(b"\x00") > MAX_STRAY_NULS:
        raise ReadError("binary data (NUL bytes), not text; give a text, HTML or JSON article", source=source)
    data = data.replace(b"\x00", b"")  # a stray NUL or two in a saved page is damage, not binary data
    controls = sum(1 for b in head if b < 32 and b not in _TEXT_CONTROL)
    if controls > max(8, len(head) // 50):
        raise ReadError("binary data (control bytes), not text; give a text, HTML or JSON article", source=source)
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    if _mostly_utf8(data):
        # A UTF-8 page with a few stray bytes (pasted from a Windows-1252 source, a cut
        # multi-byte character): guessing a code page would garble every other character.
        return data.decode("utf-8-sig", errors="replace"), "utf-8"
    from charset_normalizer import from_bytes

    matches = list(from_bytes(data))
    if not matches:
        raise ReadError("not UTF-8 and no other encoding could be detected; convert the file to UTF-8", source=source)
    best = matches[0]
    # Short texts fit several single-byte code pages equally well; among the equally
    # good ones prefer Windows-1252 / Latin-1, by far the most common in Western news.
    for m in matches:
        if m.encoding in PREFERRED_SINGLE_BYTE and m.chaos <= best.chaos and m.coherence >= best.coherence - 0.01:
            best = m
            break
    return str(best), best.encoding
