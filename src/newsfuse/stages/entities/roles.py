"""The role written with a name (:func:`role_of`): a title before it ("Secretary of State
Mike Pompeo") or an appositive after it ("Gen. Joseph Votel, the commander of U.S.
forces in the Middle East").
"""

from __future__ import annotations

import re

from ..names import fold, split_title
from .aliases import _STOP_CAPS, ROLE_WORDS


_ROLE_BEFORE_RE = re.compile(r"((?:[\w.'\u2019-]+\s+){1,7})$")
_APPOS_RE = re.compile(r"^,\s+((?:the|a|an|its|his|her)\s+[^,;.\"\u201c\u201d]{3,80}?)(?:,|\.|;|$)")


def role_of(text: str, start: int, end: int) -> str | None:
    """The role written with the name at ``text[start:end]``: a title before it or an appositive after it."""
    before = text[max(0, start - 80):start]
    line_start = max(before.rfind("\n"), before.rfind(". "), before.rfind("\u201d"), before.rfind('"'))
    if line_start >= 0:
        before = before[line_start + 1:]
    m = _ROLE_BEFORE_RE.search(before)
    if m:
        words = m.group(1).split()
        keep: list[str] = []
        for w in reversed(words):
            f = fold(w).strip(".,")
            if f in ROLE_WORDS or f in ("of", "and", "for") and keep or re.fullmatch(r"(?:[a-z]\.)+[a-z]?", f) or (
                w[:1].isupper() and f not in _STOP_CAPS and (keep and fold(keep[0]).strip(".") in ROLE_WORDS or f.endswith(("ish", "ian", "an", "i", "ese")))
            ):
                keep.insert(0, w)
            else:
                break
        while keep and fold(keep[0]) in ("of", "and", "for"):
            keep.pop(0)
        if keep and any(fold(w).strip(".,") in ROLE_WORDS for w in keep):
            title, _ = split_title(" ".join(keep) + " " + text[start:end])
            # the words kept are all role words; split_title knows fewer ("Chief Fire Officer")
            role = max((title or "", " ".join(keep)), key=len).strip(" ,")
            if len(role.split()) > 1 or not role.endswith("."):
                return role
            appositive = _appositive(text, end)
            return appositive or role
    return _appositive(text, end)


def _appositive(text: str, end: int) -> str | None:
    after = text[end:end + 100]
    # hide the dots of abbreviations ("U.S.") so they do not end the appositive
    masked = re.sub(r"(?:[A-Z]\.){2,}", lambda m: m.group(0).replace(".", "\x00"), after)
    m = _APPOS_RE.match(masked)
    if m:
        phrase = after[m.start(1):m.end(1)].strip()
        if len(phrase.split()) <= 14 and not re.search(r"\b(?:said|says|told|who|which|that)\b", phrase):
            return re.sub(r"^(?:the|a|an)\s+", "", phrase)
    return None
