"""Bytes to text: size cap, binary refusal, encoding detection."""

from __future__ import annotations

import re

from ..errors import ReadError

_TEXT_CONTROL = {9, 10, 12, 13}
MAX_STRAY_NULS = 2
_BOMS = ((b"\xff\xfe\x00\x00", "utf-32-le"), (b"\x00\x00\xfe\xff", "utf-32-be"),
         (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
PREFERRED_SINGLE_BYTE = ("cp1252", "latin_1", "iso8859_15")


def _mostly_utf8(data: bytes) -> bool:
    """``data`` is UTF-8 but for a few stray bytes: at least ten valid non-ASCII characters per bad byte."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.count("\ufffd".encode())
    valid = len(_NON_ASCII.findall(text)) - text.count("\ufffd")
    return 0 < bad and valid >= 10 * bad


def decode(data: bytes, *, source: str) -> tuple[str, str]:
    """Decode ``data`` to text and name the encoding used.

    A UTF-16 or UTF-32 byte-order mark decides; then UTF-8 (with or without BOM),
    also when only a few bytes are not UTF-8; otherwise charset-normalizer's best guess.
    One or two NUL bytes are dropped as damage; more mean binary data.

    Raises:
        ReadError: the data is empty, binary (NUL bytes, many control bytes) or in no
            encoding that can be detected.
    """
    if not data.strip():
        raise ReadError("file is empty; give an article with some text", source=source)
    for bom, codec in _BOMS:
        if data.startswith(bom):  # UTF-16/32 text, which is full of NUL bytes by design
            try:
                return data[len(bom):].decode(codec), codec
            except UnicodeDecodeError:
                break
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
