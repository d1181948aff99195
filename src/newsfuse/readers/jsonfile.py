"""JSON and JSON Lines article records, and the DUC-style cluster format.

Article records: ``{title, text, source | outlet | publisher, url, date}`` (``body`` or
``content`` are accepted for ``text``), as one object, an array of objects, or one
object a line. Cluster records (``../shared/data/mds/*.jsonl``): ``{"id", "documents":
[...], "summaries": [...]}``, one cluster a line; choose one with ``--cluster``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from ..errors import ConfigError, FormatError
from .text import scrub_surrogates

# Article and cluster records are a few levels deep; anything far deeper is hostile or broken.
MAX_JSON_DEPTH = 64
TEXT_FIELDS = ("text", "body", "content")
OUTLET_FIELDS = ("outlet", "source", "publisher", "site", "sitename")


@dataclass(frozen=True, slots=True)
class Record:
    """One article record, with its position for error messages."""

    fields: dict[str, Any]
    where: str  # "record 3" or "line 7"


def load_json(text: str, *, source: str, where: str = "") -> Any:
    """``json.loads(text)``, refusing deep nesting and replacing lone surrogates in every string.

    Raises:
        json.JSONDecodeError: malformed JSON (the caller words the message).
        FormatError: nested over :data:`MAX_JSON_DEPTH` levels.
    """
    at = f" at {where}" if where else ""
    try:
        doc = json.loads(text)
    except RecursionError:
        raise FormatError(f"JSON{at} is nested too deeply (over {MAX_JSON_DEPTH} levels); "
                          "give flat article records", source=source) from None
    return clean_json(doc, source=source, where=where)


def clean_json(doc: Any, *, source: str, where: str = "") -> Any:
    """``doc`` with lone surrogates replaced in every string (keys too); deep nesting refused.

    Walks the document with an explicit stack, so depth costs no recursion.
    """
    at = f" at {where}" if where else ""

    def fix(value: Any) -> Any:
        return scrub_surrogates(value) if isinstance(value, str) else value

    root: list[Any] = [doc]
    stack: list[tuple[Any, Any, int]] = [(root, 0, 0)]  # (container, key, depth of the value)
    while stack:
        parent, key, depth = stack.pop()
        value = parent[key]
        if isinstance(value, (dict, list)) and depth >= MAX_JSON_DEPTH:
            raise FormatError(f"JSON{at} is nested too deeply (over {MAX_JSON_DEPTH} levels); "
                              "give flat article records", source=source)
        if isinstance(value, dict):
            fixed = {fix(k): v for k, v in value.items()}
            parent[key] = fixed
            stack.extend((fixed, k, depth + 1) for k in fixed)
        elif isinstance(value, list):
            stack.extend((value, i, depth + 1) for i in range(len(value)))
        else:
            parent[key] = fix(value)
    return root[0]


def parse_json_records(text: str, *, source: str) -> tuple[list[Record], bool]:
    """The records of a JSON or JSON Lines document, and whether they are clusters.

    Raises:
        FormatError: malformed JSON (with line and column), or records that are not objects.
    """
    stripped = text.strip()
    records: list[Record] = []
    try:
        doc = load_json(stripped, source=source)
    except json.JSONDecodeError as first_error:
        # JSON Lines: one object per line.
        lines = stripped.splitlines()
        if len(lines) < 2 or not _parses(lines[0]):
            raise FormatError(
                f"malformed JSON at line {first_error.lineno}, column {first_error.colno} ({first_error.msg}); "
                "fix the file, or give it a .txt name if it is plain text",
                source=source,
            ) from None
        for n, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                obj = load_json(line, source=source, where=f"line {n}")
            except json.JSONDecodeError as e:
                raise FormatError(f"malformed JSON Lines at line {n}, column {e.colno} ({e.msg}); fix that line", source=source) from None
            records.append(Record(_object(obj, f"line {n}", source), f"line {n}"))
    else:
        items = doc if isinstance(doc, list) else [doc]
        for n, obj in enumerate(items, 1):
            records.append(Record(_object(obj, f"record {n}", source), f"record {n}"))
    if not records:
        raise FormatError("no records in the JSON document; give an article object or a list of them", source=source)
    is_cluster = all("documents" in r.fields for r in records)
    return records, is_cluster


def _parses(line: str) -> bool:
    try:
        return isinstance(json.loads(line), dict)
    except (json.JSONDecodeError, RecursionError):
        return False


def _object(obj: Any, where: str, source: str) -> dict[str, Any]:
    if not isinstance(obj, dict):
        raise FormatError(f"{where} is a {type(obj).__name__}, not an object with title and text", source=source)
    return obj


def field(record: Record, names: tuple[str, ...]) -> Any:
    for name in names:
        value = record.fields.get(name)
        if value not in (None, ""):
            return value
    return None


def article_text(record: Record, *, source: str) -> str:
    text = field(record, TEXT_FIELDS)
    if not isinstance(text, str) or not text.strip():
        raise FormatError(f"{record.where} has no 'text' (or 'body'/'content') string; every article record needs its text",
                          source=source)
    return text


def outlet_of(record: Record) -> str | None:
    value = field(record, OUTLET_FIELDS)
    if isinstance(value, dict):
        value = value.get("name") or value.get("title")
    return str(value).strip() if value else None


def choose_cluster(records: list[Record], cluster: str | None, *, source: str) -> dict[str, Any]:
    """The cluster named ``cluster`` among cluster records."""
    ids = [str(r.fields.get("id")) for r in records]
    shown = ", ".join(ids[:5]) + (", ..." if len(ids) > 5 else "")
    if cluster is None:
        if len(records) == 1:
            return records[0].fields
        raise ConfigError(f"holds {len(records)} clusters; choose one with --cluster ID (e.g. {shown})", source=source)
    for r in records:
        if str(r.fields.get("id")) == cluster:
            return r.fields
    raise ConfigError(f"no cluster '{cluster}'; clusters here: {shown}", source=source)
