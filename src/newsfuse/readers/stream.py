"""Reading a clustering stream: JSON Lines of articles
(``{"id", "title", "text", "date", "source", "label"}``), read line by line
(:func:`iter_jsonl`). Each good line becomes a :class:`StreamItem`; a bad line is
reported with its number and skipped, or raised when ``strict``.

A line is bad when it is not UTF-8 (lines are decoded one by one, so one such
line does not spoil the file), not JSON, nested over 64 levels, or not a valid
record. Lone surrogates (``"\\udc80"``) in its strings become U+FFFD.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any, Callable, Iterable, Iterator

from ..errors import FormatError
from ..model import Article
from .jsonfile import load_json
from .text import scrub_surrogates
from ..text.dates import parse_date as _parse_date


@dataclass(frozen=True, slots=True)
class StreamItem:
    """One good line of a clustering stream: its line number, the article and its gold label, if any."""

    line: int
    article: Article
    label: str | None = None


def parse_date(value: Any) -> date | None:
    """A ``date`` from a record's ``date`` field; ``None`` for null; ``ValueError`` for anything unreadable."""
    return _parse_date(value, strict=True)


def record_to_item(record: Any, *, line: int, source: str) -> StreamItem:
    """Validate one decoded JSON record and build its :class:`StreamItem` (raises :class:`FormatError`)."""
    where = f"line {line}"
    if not isinstance(record, dict):
        raise FormatError(f"{where}: expected a JSON object, got {type(record).__name__}", source=source)
    rid = record.get("id")
    if not isinstance(rid, (str, int)) or isinstance(rid, bool) or str(rid).strip() == "":
        raise FormatError(f"{where}: missing or empty \"id\"; give every article an id", source=source)
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        raise FormatError(f"{where}: article {rid!r} has no \"text\"; give it the article body", source=source)
    title = record.get("title")
    if title is not None and not isinstance(title, str):
        raise FormatError(f"{where}: \"title\" of {rid!r} must be a string or null", source=source)
    try:
        published = parse_date(record.get("date", record.get("published")))
    except ValueError:
        raise FormatError(
            f"{where}: unreadable \"date\" {record.get('date')!r} of {rid!r}; use YYYY-MM-DD", source=source
        ) from None
    outlet = record.get("source") or record.get("outlet") or "unknown outlet"
    credit = record.get("credit") or record.get("agency")
    label = record.get("label")
    return StreamItem(
        line=line,
        article=Article(
            id=str(rid),
            outlet=str(outlet),
            text=text,
            title=title,
            url=record.get("url") if isinstance(record.get("url"), str) else None,
            date=published,
            source=f"{source}:{line}",
            credit=str(credit) if credit else None,
        ),
        label=None if label is None else str(label),
    )


def _decode_line(raw: bytes | str, n: int, *, source: str) -> str:
    """One line as text; :class:`FormatError` if it is not UTF-8 (bytes, or text read with
    ``surrogateescape`` as a POSIX-locale stdin is)."""
    if isinstance(raw, bytes):
        try:
            return raw.decode("utf-8-sig" if n == 1 else "utf-8")
        except UnicodeDecodeError as exc:
            raise FormatError(f"line {n}: not UTF-8 (byte {exc.start + 1} of the line); save the stream as UTF-8 "
                              "or remove the line", source=source) from None
    if scrub_surrogates(raw) != raw:
        raise FormatError(f"line {n}: not UTF-8; save the stream as UTF-8 or remove the line", source=source)
    return raw


def iter_jsonl(
    lines: Iterable[str] | Iterable[bytes],
    *,
    source: str,
    strict: bool = False,
    on_error: Callable[[FormatError], None] | None = None,
) -> Iterator[StreamItem]:
    """Read a clustering stream line by line: ``{"id","title","text","date","source","label"}``.

    A bad line (not UTF-8, invalid or too deeply nested JSON, no id, no text, bad
    date) raises :class:`FormatError` when ``strict``; otherwise it is passed to
    ``on_error`` (with its line number in the message) and skipped, and reading
    goes on. Blank lines are ignored. ``lines`` may be text or bytes (a file opened
    ``"rb"``, ``sys.stdin.buffer``); bytes are decoded line by line.
    """
    for n, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        try:
            text = _decode_line(raw, n, source=source)
            try:
                record = load_json(text, source=source, where=f"line {n}")
            except json.JSONDecodeError as exc:
                raise FormatError(
                    f"line {n}: not valid JSON ({exc.msg} at column {exc.colno}); fix or remove the line", source=source
                ) from None
            item = record_to_item(record, line=n, source=source)
        except FormatError as exc:
            if strict:
                raise
            if on_error is not None:
                on_error(exc)
            continue
        yield item
