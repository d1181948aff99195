"""Header lines and separators of plain-text articles, as a journalist pastes or saves them.

A text article may open with lines such as ``Outlet: Valley Ledger``, ``Title: ...``,
``Date: 2026-03-02``, ``URL: ...``, ``Credit: AFP`` or ``Byline: Ana Berg``: they become the
article's metadata instead of its first sentences. Several articles in one text (stdin, a
pasted box) are separated by a line of three or more dashes. The text file reader, stdin and
the web page's paste box all read them here.
"""

from __future__ import annotations

import re

SEPARATOR_RE = re.compile(r"^[ \t]*-{3,}[ \t]*$", re.M)
HEADER_RE = re.compile(r"^(outlet|title|url|date|credit|byline)[ \t]*:[ \t]*(.+?)[ \t]*$", re.I)
HEADER_FIELDS = ("outlet", "title", "url", "date", "credit", "byline")


def split_headers(text: str) -> tuple[dict[str, str], str]:
    """The header fields at the top of ``text`` (lower-case names, first value wins) and the body after them."""
    lines = text.replace("\r\n", "\n").strip("\n").split("\n")
    meta: dict[str, str] = {}
    while lines and (m := HEADER_RE.match(lines[0])):
        meta.setdefault(m.group(1).lower(), m.group(2))
        lines.pop(0)
    return meta, "\n".join(lines).strip()


def split_articles(text: str) -> list[tuple[dict[str, str], str]]:
    """``text`` cut at separator lines: each article's header fields and body (empty bodies dropped)."""
    out = []
    for chunk in SEPARATOR_RE.split(text.replace("\r\n", "\n")):
        meta, body = split_headers(chunk)
        if body:
            out.append((meta, body))
    return out
