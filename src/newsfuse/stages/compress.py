"""Shorter, faithful versions of a sentence, to fit more content in a word budget.

Only material that carries no claim of its own is removed:

- a leading dateline and wire credit: ``PHNOM PENH, Cambodia (AP) _``;
- a trailing attribution: ``..., officials said.``, ``..., according to the
  ministry.``, ``..., said Jan Ruiz, a spokeswoman.`` (never in a sentence that
  quotes someone, where the attribution names the speaker);
- parentheses: ``the Khmer Rouge (KR)``, ``(pictured)``;
- an aside between two dashes: ``the opposition _ claiming fraud _ refused``;
- a leading ``In other news,``-type connector.

This is deletion-based compression in the spirit of the rule-based trimming of
Zajic et al. (2007, "Multi-candidate reduction: Sentence compression as a tool
for document summarization tasks", Information Processing & Management) and of
the compressed candidates of Berg-Kirkpatrick et al. (2011, "Jointly Learning
to Extract and Compress", ACL), restricted to removals that keep the
sentence's meaning. The selector chooses at most one version of each sentence;
its citation still points at the whole source sentence.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from ..text.datelines import match_dateline

_QUOTES = "\"\u201c\u201d"
_WIRES = r"AP|AFP|Reuters|Xinhua|UPI|Bloomberg|dpa|Anadolu|NYT|CNN|BC"
_SPEECH = (
    r"said|says|reported|reports|told\s+(?:reporters|journalists|[A-Z][\w.]*(?:\s+[A-Z][\w.]*)*)|added|announced|"
    r"confirmed|stated|explained|noted|wrote|estimated|predicted|warned"
)
_TAIL_RES = (
    # ", officials said." / ", the ministry said in a statement on Tuesday."
    re.compile(
        r",\s+(?:[A-Za-z][\w.'\-]*\s+){0,7}?(?:" + _SPEECH + r")"
        r"(?:\s+(?:on\s+)?[A-Z][a-z]+day|\s+in\s+a\s+(?:statement|report|interview|news\s+release)|\s+(?:late\s+)?"
        r"(?:today|yesterday|tonight|recently))*\s*(?P<end>[.!])$"
    ),
    # ", according to the ministry."
    re.compile(r",\s+according\s+to\s+[^,;\"\u201c\u201d]{2,70}?(?P<end>[.!])$"),
    # ", said Jan Ruiz, a spokeswoman for the port." / ", said the mayor." What follows the verb
    # must be a speaker (a name, or "the"/"a" and a few words) ending the sentence, never a
    # clause: ", said the junta had arrested 300 students." is what was said, not who said it.
    re.compile(
        r",\s+(?:said|says|added)\s+"
        r"(?:(?:the|a|an)\s+(?:[\w'\-]+\s+){0,2}[\w'\-]+|(?:[A-Z][\w.'\-]*\s+){0,3}[A-Z][\w.'\-]*)"
        r"(?:,\s+(?:a|an|the)\s+[^,;\"\u201c\u201d]{2,70}?)?(?P<end>[.!])$"
    ),
)
_PAREN_RE = re.compile(r"\s+\([^()\"\u201c\u201d]{1,80}\)(?=[\s,.;:!])")
_DASH_ASIDE_RE = re.compile(r"\s+(_|--|\u2014)\s+[^_\"\u201c\u201d\u2014]{3,90}?\s+\1(?=\s)")
_CONNECTOR_RE = re.compile(r"^(?:In other news|In addition|Additionally|Meanwhile|Separately|Also|In a separate development),\s+(?=[A-Za-z])")


@dataclass(frozen=True, slots=True)
class Removal:
    """One removable span of a sentence: its kind and offsets into the sentence text."""

    kind: str  # "dateline", "attribution", "parenthesis", "aside", "connector"
    start: int
    end: int


def removals(text: str) -> list[Removal]:
    """Every span of ``text`` that can be removed without changing what it says."""
    out: list[Removal] = []
    d = match_dateline(text)
    if d and len(text) - d.end > 30:
        out.append(Removal("dateline", 0, d.end))
    else:
        m = _CONNECTOR_RE.match(text)
        if m:
            out.append(Removal("connector", 0, m.end()))
    head = out[0].end if out else 0
    if not any(q in text for q in _QUOTES):
        for rx in _TAIL_RES:
            m = rx.search(text)
            if m and m.start() > 25:
                out.append(Removal("attribution", m.start(), m.start("end")))
                break
    for m in _PAREN_RE.finditer(text, head):
        out.append(Removal("parenthesis", m.start(), m.end()))
    for m in _DASH_ASIDE_RE.finditer(text):
        if not any(r.start < m.end() and m.start() < r.end for r in out):
            out.append(Removal("aside", m.start(), m.end()))
    return out


def apply(text: str, chosen: tuple[Removal, ...]) -> str:
    """``text`` without the spans of ``chosen``, tidied (capital first letter, single spaces)."""
    keep, pos = [], 0
    for r in sorted(chosen, key=lambda r: r.start):
        if r.start < pos:
            continue
        keep.append(text[pos:r.start])
        pos = r.end
    keep.append(text[pos:])
    out = re.sub(r"\s{2,}", " ", "".join(keep)).strip()
    out = re.sub(r"\s+([,.;:!])", r"\1", out)
    if out and out[0].islower():
        out = out[0].upper() + out[1:]
    return out


def strip_dateline(text: str) -> str:
    """``text`` without a leading dateline or wire credit ("PHNOM PENH, Cambodia (AP) _")."""
    d = match_dateline(text)
    if d and len(text) - d.end > 30:
        return apply(text, (Removal("dateline", 0, d.end),))
    return text


def compressions(text: str, max_versions: int = 4) -> list[str]:
    """Shorter versions of ``text`` (the text itself excluded), most removed first.

    At most ``max_versions`` versions; the one with every removal is always among them.
    A dateline is not offered as a removal here: strip it first with :func:`strip_dateline`.
    """
    found = [r for r in removals(text) if r.kind != "dateline"]
    if not found:
        return []
    found = found[:6]
    versions: list[str] = []
    full = apply(text, tuple(found))
    combos = [c for k in range(1, len(found)) for c in itertools.combinations(found, k)]
    for combo in [tuple(found)] + combos:
        v = apply(text, combo) if combo != tuple(found) else full
        if v and v != text and v not in versions:
            versions.append(v)
        if len(versions) >= max_versions:
            break
    return versions
