"""Cleaning: strip the noise that news pages leave in their text, keep it as metadata.

Applied by every reader before anything else. What goes:

- photo captions (lines ending in a photo credit: ``/VCG Photo``, ``(AP Photo/...)``,
  ``(Bloomberg pic)``, ``Photo: ...``, ``REUTERS/...``) and the second copy of
  any paragraph printed twice;
- ``Updated hh:mm, dd-Mon-yyyy`` stamps (the date is kept), tag lines such as
  ``["china"]``, lone video durations (``01:39``), lone outlet or section lines;
- section subheads (short lines without final punctuation between paragraphs);
- "X's Y reports." tag lines (the byline and outlet are kept);
- ``Source(s): AFP`` lines (the credit is kept).

Datelines (``WASHINGTON:``, ``PORT ELLING (AFP) -``) are cut from the first
paragraph and kept as ``dateline``. The headline on the first line becomes the
title. The text's own quote characters are left as they are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime

from ..model import WIRE_AGENCIES

_MONTHS = {m: i for i, m in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split(), 1)}

PHOTO_CREDIT_RE = re.compile(
    r"(?:/\s*[A-Z][\w .&-]{0,30}\s+Photo\s*$"  # /VCG Photo
    r"|\((?:[A-Z][\w.&-]*\s?)+(?:Photo|pic|photo|Pic|Images?|image)[^)]*\)\s*$"  # (AP Photo/Susan Walsh), (Bloomberg pic)
    r"|^(?:Photo|Picture|Image|File photo)s?\s*(?:credit)?\s*:"  # Photo: ...
    r"|\b(?:REUTERS|AFP|AP|EPA|Getty Images)\s*/\s*[A-Z][\w .-]+\s*$)"  # REUTERS/Name
)
UPDATED_RE = re.compile(r"^(?:Updated|Published|Last updated)\s*:?\s*(\d{1,2}:\d{2})?,?\s*(\d{1,2})-([A-Za-z]{3})-(\d{4})\s*$", re.I)
TAG_LINE_RE = re.compile(r"^\[\s*\"[^\"]*\"(?:\s*,\s*\"[^\"]*\")*\s*\]$")
DURATION_RE = re.compile(r"^\d{1,2}:\d{2}(?::\d{2})?$")
SOURCE_LINE_RE = re.compile(r"^Sources?(?:\(s\))?\s*:\s*(.+?)\s*$", re.I)
REPORTS_RE = re.compile(r"^(?:(?P<outlet>[A-Z][\w&.' -]{0,40}?)['\u2019]s\s+)?(?P<name>[A-Z][\w.'-]+(?:\s+[A-Z][\w.'-]+){0,3})\s+reports\.?$")
BYLINE_RE = re.compile(r"^By\s+(?P<name>[A-Z][\w.'-]+(?:\s+[A-Z][\w.'-]+){0,3})(?:\s*(?:,|\||/|and)\s*(?P<rest>.*))?$")
DATELINE_RE = re.compile(
    r"^(?P<place>[A-Z][A-Z .'-]{1,40}?(?:,\s*[A-Z][A-Za-z. ]{1,30})?)\s*"
    r"(?:\((?P<agency>[A-Za-z]{2,12})\)\s*)?(?::|\s[-\u2013\u2014_]{1,2})\s+(?=\S)"
)
HEADLINE_MAX_WORDS = 25


@dataclass(slots=True)
class CleanResult:
    """Cleaned text and what was taken out of it."""

    text: str
    title: str | None = None
    dateline: str | None = None
    credits: list[str] = field(default_factory=list)
    byline: str | None = None
    outlet_hint: str | None = None  # an outlet named by the text itself ("CGTN's X reports")
    published: date | None = None
    removed: list[tuple[str, str]] = field(default_factory=list)  # (kind, line)
    photo_agencies: list[str] = field(default_factory=list)  # agencies credited for pictures only


def agency_name(text: str) -> str | None:
    """The wire agency named in ``text`` ("AFP", "AP", ...), if any."""
    for agency in WIRE_AGENCIES:
        if re.search(rf"(?<![A-Za-z]){re.escape(agency)}(?![A-Za-z])", text):
            return agency
    if re.search(r"\bAssociated Press\b", text):
        return "AP"
    if re.search(r"\bAgence France[- ]Presse\b", text):
        return "AFP"
    return None


def _is_sentence_like(line: str) -> bool:
    return bool(re.search(r"[.!?\"\u201d\u2019')\]:;]\s*$", line))


def _is_subhead(line: str) -> bool:
    """A short line with no final punctuation: a section heading, not a sentence."""
    stripped = line.strip()
    if _is_sentence_like(stripped) and not re.fullmatch(r"['\u2018\"\u201c].*['\u2019\"\u201d]", stripped):
        return False
    words = stripped.split()
    return 0 < len(words) <= 8


def _caption_credit(line: str) -> bool:
    return bool(PHOTO_CREDIT_RE.search(line.strip()))


def clean_text(raw: str, *, has_title: bool = False) -> CleanResult:
    """Clean raw article text (paragraphs separated by line breaks).

    Args:
        raw: the text as read, after decoding.
        has_title: the title is known from metadata, so the first line is body text
            unless it repeats that title.
    """
    result = CleanResult(text="")
    text = raw.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ").replace("\u200b", "")
    lines = [ln.strip() for ln in text.split("\n")]
    # Paragraphs: non-empty lines (news pasted as text has one paragraph per line).
    paras = [ln for ln in lines if ln]
    if not paras:
        return result
    if not has_title and len(paras) > 1 and len(paras[0].split()) <= HEADLINE_MAX_WORDS and not re.search(r"[.!?:]$", paras[0]):
        result.title = paras.pop(0)
    kept: list[str] = []
    seen: set[str] = set()
    for i, line in enumerate(paras):
        norm = re.sub(r"\s+", " ", line).strip()
        key = norm.lower()
        if key in seen and len(norm.split()) >= 4:
            result.removed.append(("repeated", norm))
            continue
        m = UPDATED_RE.match(norm)
        if m:
            try:
                result.published = date(int(m.group(4)), _MONTHS[m.group(3).lower()[:3]], int(m.group(2)))
            except (KeyError, ValueError):
                pass
            result.removed.append(("updated", norm))
            continue
        if TAG_LINE_RE.match(norm):
            result.removed.append(("tags", norm))
            continue
        if DURATION_RE.match(norm):
            result.removed.append(("duration", norm))
            continue
        m = SOURCE_LINE_RE.match(norm)
        if m and len(norm.split()) <= 8:
            for part in re.split(r"[,/;&]|\band\b", m.group(1)):
                name = agency_name(part.strip()) or part.strip()
                if name and name not in result.credits:
                    result.credits.append(name)
            result.removed.append(("source", norm))
            continue
        if _caption_credit(norm):
            agency = agency_name(norm)
            if agency and agency not in result.photo_agencies:
                result.photo_agencies.append(agency)
            seen.add(key)
            result.removed.append(("caption", norm))
            continue
        m = REPORTS_RE.match(norm)
        if m:
            result.byline = result.byline or m.group("name")
            if m.group("outlet"):
                result.outlet_hint = result.outlet_hint or m.group("outlet").strip()
            result.removed.append(("reports", norm))
            continue
        m = BYLINE_RE.match(norm)
        if m and len(norm.split()) <= 10 and not _is_sentence_like(norm):
            result.byline = result.byline or m.group("name")
            result.removed.append(("byline", norm))
            continue
        if _is_subhead(norm):
            # A short unpunctuated line near the top naming an outlet or section
            # ("CGTN", "World Today"), or a subhead between paragraphs.
            result.removed.append(("subhead", norm))
            if not kept and len(norm.split()) <= 3 and result.outlet_hint is None and re.fullmatch(r"[A-Z][A-Z0-9&]{1,10}", norm):
                result.outlet_hint = norm
            continue
        seen.add(key)
        kept.append(norm)
    if kept:
        m = DATELINE_RE.match(kept[0])
        if m and m.group("place").upper() == m.group("place") and len(m.group("place").split()) <= 5:
            result.dateline = m.group("place").strip().rstrip(",")
            agency = m.group("agency")
            if agency and agency_name(agency) and agency_name(agency) not in result.credits:
                result.credits.append(agency_name(agency))  # type: ignore[arg-type]
            kept[0] = kept[0][m.end():]
            result.removed.append(("dateline", m.group(0).strip()))
    if not result.credits and not result.outlet_hint and not result.byline and result.photo_agencies:
        # Nothing else says whose copy this is: a picture agency ("(Bloomberg pic)") is the
        # best evidence left, as outlets running agency copy usually run its pictures.
        result.credits = list(result.photo_agencies)
    result.text = "\n\n".join(kept)
    return result


def parse_date(value: object) -> date | None:
    """A date from ISO strings, datetimes or common news formats; None if unparseable."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        pass
    m = re.match(r"(\d{4})-(\d{2})-(\d{2})", text)
    if m:
        try:
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            return None
    try:
        from email.utils import parsedate_to_datetime

        return parsedate_to_datetime(text).date()
    except (TypeError, ValueError, IndexError):
        return None
