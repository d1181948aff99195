"""Cleaning: strip the noise that news pages leave in their text, keep it as metadata.

Applied by every reader before anything else. What goes (the rule's name in
``CleanResult.removed`` in brackets; each has a fixture in tests/stages/test_clean.py):

- photo captions: lines ending in a photo credit (``/VCG Photo``, ``(AP Photo/...)``,
  ``(Bloomberg pic)``, ``(Credit: ...)``, ``Photograph: ...``, ``REUTERS/...``,
  ``Getty Images``), and lines that are only a picture credit (``Image: ...``)
  [caption]; the second copy of any paragraph printed twice [repeated];
- credit lines: ``Source(s): AFP`` [source], "X's Y reports." [reports], a byline
  [byline], "Reporting by ...; Editing by ...", "... contributed to this report",
  "This article originally appeared on ...", "Write to ... at ...", a lone e-mail
  address, ``(END)`` and an author's initials such as ``(grh)`` [contributors];
  copyright lines [copyright];
- ``Updated hh:mm, dd-Mon-yyyy`` stamps (the date is kept) [updated], update notes
  ("Update July 3rd, 8:05AM ET: ...", "This story has been updated ...") [update-note],
  tag lines such as ``["china"]`` [tags], lone video durations (``01:39``) [duration];
- links to other stories ("Read more: ...", "Related coverage"), newsletter and
  follow-us boxes, affiliate notices, lone "Advertisement" lines, the attribution line
  under an embedded tweet [promo];
- for plain text only, where headings cannot be told from sentences: section subheads
  (short lines without final punctuation) and lone outlet or section lines [subhead].
  Text read from HTML (``structured=True``) keeps its headings: the page marked them.

A photo credit names who took the picture, not whose story it is: the agency is
kept in ``photo_agencies`` and never becomes the article's credit. Datelines
(``WASHINGTON:``, ``PORT ELLING (AFP) -``) are cut from the first paragraph and
kept as ``dateline``. The headline on the first line becomes the title. The
text's own quote characters are left as they are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from ..model import WIRE_AGENCIES
from ..text.datelines import match_dateline

_MONTHS = {m: i for i, m in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split(), 1)}

PHOTO_CREDIT_RE = re.compile(
    r"(?:/\s*[A-Z][\w .&-]{0,30}\s+Photo\s*$"  # /VCG Photo
    r"|\((?:[A-Z][\w.&-]*\s+){0,5}?(?:[A-Z][\w.&-]*?)?(?:Photo|pic|photo|Pic|Images?|image)[^)]*\)\s*$"  # (AP Photo/Susan Walsh), (Bloomberg pic)
    r"|^(?:Photo|Picture|Image|File photo)s?\s*(?:credit)?\s*:"  # Photo: ...
    r"|\b(?:REUTERS|AFP|AP|EPA|Getty Images)\s*/\s*[A-Z][\w .-]+\s*$"  # REUTERS/Name
    r"|\((?:Photo|Picture|Image|Credit|Foto|Bild|Graphic|Chart)s?(?:\s*credit)?\s*:[^)]{1,80}\)\s*$"  # (Credit: X / Grist)
    r"|(?:^|[\s.,;)])(?:Photo(?:graph)?|Picture|Image|Credit|Foto|Bild|Illustration)s?(?:\s*credit)?\s*:\s*[^.!?:;\u201c\u201d\"]{2,80}$"
    r"|\b(?:Getty Images|Shutterstock|iStock(?:photo)?|Pool Photo)\s*$)"  # ... Photograph: Name/Getty Images
)
COPYRIGHT_RE = re.compile(r"^(?:\u00a9|\u2122|Copyright\s*(?:\u00a9|\(c\)|\d{4}))|\bAll [Rr]ights [Rr]eserved\.?$")
CONTRIBUTOR_RES = (
    re.compile(r"^(?:[-\u2013\u2014]+\s*)?(?i:(?:additional |further |with )?(?:reporting|writing|editing|research|"
               r"compiled|translation|translated)(?: and (?:reporting|writing|editing|research))?\s+by)\s+[A-Z]"),
    re.compile(r"\bcontributed(?:\s+reporting)?\s+(?:to|for)\s+this\s+(?:report|story|article)\.?$", re.I),
    re.compile(r"^(?:This|The)\s+(?:article|story|post|piece|report|column)\s+(?:was\s+)?(?:originally|first)\s+"
               r"(?:appeared|published|ran)\s+(?:on|in|at)\s+(?P<src>[A-Z][\w&'\u2019 .-]{1,60}?)\.?$"),
    re.compile(r"^(?:This|The)\s+(?:article|story|post|piece)\s+(?:is|was)\s+republished\s+from\s+(?P<src>[A-Z][\w&'\u2019 .-]{1,60}?)\.?$"),
    re.compile(r"^Write to\b.{0,80}@"),
    re.compile(r"^\S+@\S+\.[A-Za-z]{2,}$"),
    re.compile(r"^[-\u2013\u2014]+\s*By\s+[A-Z]"),
    re.compile(r"^\((?:END|end)\)$|^\((?:[a-z]{2,4})(?:/[a-z]{2,4})*\)$"),
)
PROMO_RES = (
    re.compile(r"^(?:Read|See|Watch|Listen)\s+(?:more|also|next|the full story)\s*:", re.I),
    re.compile(r"^(?:also read|related|recommended|more|read)\s*:", re.I),
    re.compile(r"^(?:Related(?: coverage| stories| articles| content| links| reading)?|More (?:on this|from|stories)\b.*|"
               r"You (?:might|may) also like.*|Recommended(?: for you)?|Most (?:read|popular)|"
               r"Editors?['\u2019]s? (?:picks|recommendations))\s*:?$", re.I),
    re.compile(r"^(?:Sign up|Subscribe)\b.{0,150}\b(?:newsletters?|inbox)\b", re.I),
    re.compile(r"^Follow\s+(?:us|[\w&'\u2019 .-]{2,40})\s+on\s+(?:Facebook|Twitter|Instagram|X|LinkedIn|YouTube|TikTok|"
               r"Telegram|WhatsApp)\b"),
    re.compile(r"^(?:Advertisement|ADVERTISEMENT|Anzeige|Sponsored|Story continues below(?: advertisement)?|"
               r"Continue reading below|Scroll to continue)$"),
    re.compile(r"^[\u2014\u2013-]\s*[^()]{1,60}\(@\w{1,30}\)\s+[A-Z][a-z]+\s+\d{1,2},\s+\d{4}$"),  # tweet attribution
)
UPDATE_NOTE_RES = (
    re.compile(r"^(?:Update|Updated|UPDATE|UPDATED|Correction|CORRECTION)\b.{0,60}?\d.{0,40}?:\s+\S"),
    re.compile(r"^This (?:story|article|post|report) (?:has been|was|will be) updated\b"),
)
AFFILIATE_RE = re.compile(r"\baffiliate (?:links?|partners?|programs?)\b.{0,300}\b(?:commission|earn)", re.I)
PROMO_MAX_WORDS = 40
UPDATED_RE = re.compile(r"^(?:Updated|Published|Last updated)\s*:?\s*(\d{1,2}:\d{2})?,?\s*(\d{1,2})-([A-Za-z]{3})-(\d{4})\s*$", re.I)
TAG_LINE_RE = re.compile(r"^\[\s*\"[^\"]*\"(?:\s*,\s*\"[^\"]*\")*\s*\]$")
DURATION_RE = re.compile(r"^\d{1,2}:\d{2}(?::\d{2})?$")
SOURCE_LINE_RE = re.compile(r"^Sources?(?:\(s\))?\s*:\s*(.+?)\s*$", re.I)
REPORTS_RE = re.compile(r"^(?:(?P<outlet>[A-Z][\w&.' -]{0,40}?)['\u2019]s\s+)?(?P<name>[A-Z][\w.'-]+(?:\s+[A-Z][\w.'-]+){0,3})\s+reports\.?$")
BYLINE_RE = re.compile(r"^By\s+(?P<name>[A-Z][\w.'-]+(?:\s+[A-Z][\w.'-]+){0,3})(?:\s*(?:,|\||/|and)\s*(?P<rest>.*))?$")
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


def _first_match(patterns: tuple[re.Pattern, ...], line: str) -> re.Match | None:
    return next((m for m in (p.search(line) for p in patterns) if m), None)


def clean_text(raw: str, *, has_title: bool = False, structured: bool = False) -> CleanResult:
    """Clean raw article text (paragraphs separated by line breaks).

    Args:
        raw: the text as read, after decoding.
        has_title: the title is known from metadata, so the first line is body text
            unless it repeats that title.
        structured: the paragraphs come from a page's markup (HTML), so short lines
            are headings the page marked, not subheads to guess: they are kept.
    """
    result = CleanResult(text="")
    text = raw.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ").replace("\u200b", "")
    lines = [ln.strip() for ln in text.split("\n")]
    # Paragraphs: non-empty lines (news pasted as text has one paragraph per line).
    paras = [ln for ln in lines if ln]
    if not paras:
        return result
    if not has_title and not structured and len(paras) > 1 and len(paras[0].split()) <= HEADLINE_MAX_WORDS and not re.search(r"[.!?:]$", paras[0]):
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
        words = len(norm.split())
        m = _first_match(CONTRIBUTOR_RES, norm) if words <= PROMO_MAX_WORDS else None
        if m:
            src = m.groupdict().get("src")
            agency = agency_name(src) if src else None
            if agency and agency not in result.credits:
                result.credits.append(agency)
            result.removed.append(("contributors", norm))
            continue
        if words <= 20 and COPYRIGHT_RE.search(norm):
            result.removed.append(("copyright", norm))
            continue
        if words <= PROMO_MAX_WORDS and _first_match(UPDATE_NOTE_RES, norm):
            result.removed.append(("update-note", norm))
            continue
        if (words <= PROMO_MAX_WORDS and _first_match(PROMO_RES, norm)) or (words <= 80 and AFFILIATE_RE.search(norm)):
            result.removed.append(("promo", norm))
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
        if not structured and _is_subhead(norm):
            # A short unpunctuated line near the top naming an outlet or section
            # ("CGTN", "World Today"), or a subhead between paragraphs.
            result.removed.append(("subhead", norm))
            if not kept and len(norm.split()) <= 3 and result.outlet_hint is None and re.fullmatch(r"[A-Z][A-Z0-9&]{1,10}", norm):
                result.outlet_hint = norm
            continue
        seen.add(key)
        kept.append(norm)
    if kept:
        d = match_dateline(kept[0])
        if d is not None and d.end < len(kept[0]):
            result.dateline = d.place
            if d.agency and agency_name(d.agency) and agency_name(d.agency) not in result.credits:
                result.credits.append(agency_name(d.agency))  # type: ignore[arg-type]
            result.removed.append(("dateline", kept[0][: d.end].strip()))
            kept[0] = kept[0][d.end:]
    result.text = "\n\n".join(kept)
    return result
