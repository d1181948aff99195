"""Named-entity mentions in articles, before merging.

Default mode: spaCy's recogniser (:func:`mentions_spacy`, PERSON, ORG, GPE, LOC, FAC,
trimmed of words it takes in), plus the known people it missed (:func:`recall_persons`).
Fast mode: runs of capitalised words over the whole cluster, typed by cues
(:func:`mentions_fast`).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Any, Sequence

from ...model import Article, Sentence
from ..names import fold, surname
from .aliases import (
    _ALIAS_KEY,
    _STOP_CAPS,
    MONTH_ABBR,
    ORG_WORDS,
    ROLE_WORDS,
    TYPE_OF_LABEL,
    _clean_surface,
    entity_key,
)
from .roles import role_of
from .types import Mention


def _sentence_index(sentences: Sequence[Sentence], offset: int) -> int:
    for s in sentences:
        if s.start <= offset < s.end:
            return s.index
    return -1


def mentions_spacy(article: Article, doc: Any, sentences: Sequence[Sentence], source_id: str) -> list[Mention]:
    """Named-entity mentions of ``article`` from spaCy's recogniser."""
    out = []
    for ent in doc.ents:
        if ent.label_ not in TYPE_OF_LABEL:
            continue
        # trim words spaCy sometimes takes in: "Following Pompeo", "Global Coalition to"
        toks = list(ent)
        while toks and toks[0].pos_ in ("VERB", "ADP", "DET", "PART", "CCONJ", "PUNCT", "SCONJ") and toks[0].is_title is not None:
            if toks[0].pos_ == "DET" and len(toks) > 1:
                toks = toks[1:]
                continue
            if toks[0].pos_ == "DET":
                break
            toks = toks[1:]
        while toks and toks[-1].pos_ in ("ADP", "PART", "DET", "CCONJ", "PUNCT", "SCONJ") and toks[-1].text not in (".",):
            toks = toks[:-1]
        if not toks:
            continue
        span = doc[toks[0].i:toks[-1].i + 1]
        if "/" in span.text or span.text.lower() in ROLE_WORDS or (span.text == "State" and doc[max(0, span.start - 1)].lower_ == "of"):
            continue
        text = _clean_surface(span.text)
        if not text or not any(c.isupper() for c in text) or len(text.split()) > 8 or "\n" in ent.text:
            continue
        idx = _sentence_index(sentences, span.start_char)
        if idx < 0:
            continue
        start = span.start_char + span.text.find(text)
        role = role_of(article.text, start, start + len(text)) if ent.label_ == "PERSON" else None
        out.append(Mention(text, ent.label_, article.id, source_id, idx, start, start + len(text), role))
    return out


_CAPS_RE = re.compile(
    r"(?:[A-Z][\w\u2019.-]*|al-[A-Z][\w-]*)(?:\s+(?:(?:of|the|for|al|de|bin|von|van|to)\s+)?(?:[A-Z][\w\u2019.-]*|al-[A-Z][\w-]*))*"
)
_PLACE_CUE_RE = re.compile(r"\b(?:in|from|to|into|across|near|at|of|over|with)\s+(?:the\s+)?$")
_SAID_AFTER_RE = re.compile(r"^\s+(?:said|says|told|added|asked|noted|wrote|argued|warned|pledged|vowed)\b")
_SAID_BEFORE_RE = re.compile(r"\b(?:said|says|according\s+to)\s+$")
_DEMONYM_RE = re.compile(r"^[A-Z][a-z]+(?:ian|ish|ese|ean|ic|ians|ans|is)$|^(?:Arab|Arabs|Turks|Kurds|Jews|Muslims|Christians)$")
_JUNK_RE = re.compile(r"Photo|^(?:Updated|Source|Sources|Read|More|Video|Watch|Click)$|\d|-(?:led|based|backed)$|\w-[A-Z]")
GIVEN_NAMES = frozenset(__import__("newsfuse.stages.names", fromlist=["NICKNAMES"]).NICKNAMES)


@dataclass(frozen=True, slots=True)
class _Cand:
    surface: str
    start: int
    end: int
    sentence_index: int
    role: str | None
    place_cue: bool
    said_cue: bool
    article_id: str
    source_id: str


def _split_role(words: list[str]) -> tuple[list[str], list[str]]:
    """("Turkish Foreign Minister", "Mevlut Cavusoglu") from one run of capitalised words; no split if none."""
    lows = [fold(w).strip(".,") for w in words]
    if set(lows) & ORG_WORDS:
        return [], words
    last = -1
    for i, f in enumerate(lows[:-1]):
        if f in ROLE_WORDS and f not in ("state", "national", "security", "foreign", "defense", "defence", "interior", "finance", "fire", "police", "port", "city", "harbour", "harbor"):
            last = i
        elif f in ("of",) and last == i - 1 and i + 1 < len(words) - 1:
            last = i + 1
    if last < 0 or lows[last + 1] in ("of", "the", "for", "and"):
        return [], words
    return words[: last + 1], words[last + 1:]


def _is_role_phrase(words: list[str]) -> bool:
    """ "U.S. Secretary of State", "Ministers": titles with no name."""
    lows = [fold(w).strip(".,") for w in words]
    return all(f in ROLE_WORDS or f.rstrip("s") in ROLE_WORDS or f in ("of", "the", "and", "for") or re.fullmatch(r"(?:[a-z]\.)+[a-z]?|us|uk|un", f) for f in lows)


def _fast_candidates(article: Article, sentences: Sequence[Sentence], source_id: str) -> list[_Cand]:
    text = article.text
    out: list[_Cand] = []
    for s in sentences:
        for m in _CAPS_RE.finditer(text, s.start, s.end):
            surface = m.group(0)
            st = m.start()
            # "CGTN\u2019s Owen Fairclough": a possessive ends one name
            parts = re.split(r"(?<=\w)['\u2019]s\s+", surface)
            offset = 0
            for part in parts:
                pst = st + surface.find(part, offset)
                offset = pst - st + len(part)
                words = part.split()
                while words and fold(words[0]).strip(".") in _STOP_CAPS:
                    pst += len(words[0]) + 1
                    words = words[1:]
                while words and fold(words[-1]) in ("of", "the", "for", "and", "to", "al", "de"):
                    words = words[:-1]
                if not words:
                    continue
                initial = re.fullmatch(r"[\s\"\u201c'\u2018(]*", text[s.start:pst]) is not None
                if initial and len(words) > 1 and (fold(words[0]).endswith("ing") or fold(words[0]) in ("according", "despite", "after", "before", "during", "under", "among", "asked")):
                    pst += len(words[0]) + 1
                    words = words[1:]  # "Following Pompeo", "Speaking in Washington"
                if initial and len(words) == 1:
                    continue  # a capitalised first word tells nothing
                if _is_role_phrase(words):
                    continue
                title, name = _split_role(words)
                if title:
                    pst = pst + len(" ".join(title)) + 1
                    words = name
                surface2 = _clean_surface(" ".join(words))
                if not surface2 or len(surface2) < 2 or _JUNK_RE.search(surface2) or fold(surface2) in MONTH_ABBR:
                    continue
                if len(words) == 1 and _DEMONYM_RE.match(surface2):
                    continue
                pst = text.find(surface2, pst)
                end = pst + len(surface2)
                role = role_of(text, pst, end)
                out.append(
                    _Cand(
                        surface2, pst, end, s.index, role,
                        bool(_PLACE_CUE_RE.search(text[max(0, pst - 12):pst])),
                        bool(_SAID_AFTER_RE.match(text[end:end + 20]) or _SAID_BEFORE_RE.search(text[max(0, pst - 20):pst])),
                        article.id, source_id,
                    )
                )
    return out


def mentions_fast(articles: Sequence[tuple[Article, Sequence[Sentence], str]]) -> list[Mention]:
    """Named-entity mentions by pattern over a whole cluster: runs of capitalised words, typed by cues.

    A run is a person when a role is written before it ("Secretary of State
    Mike Pompeo"), it starts with a known given name, or it is followed by a
    verb of saying; a single word is a person when it is the surname of one
    (anywhere in the cluster); a run holding an organisation word
    ("Department", "Coalition") or written in capitals is an organisation; a
    run after "in", "from" or "at" is a place. Others keep the type "other".
    """
    cands = [c for article, sents, sid in articles for c in _fast_candidates(article, sents, sid)]
    persons: set[str] = set()
    for c in cands:
        words = c.surface.split()
        if len(words) >= 2 and not (set(fold(w) for w in words) & ORG_WORDS) and not c.place_cue and entity_key(c.surface) not in _ALIAS_KEY.values() and (
            c.role or fold(words[0]) in GIVEN_NAMES or c.said_cue
        ):
            persons.add(fold(surname(c.surface)))
    out = []
    for c in cands:
        words = c.surface.split()
        lows = {fold(w).strip(".") for w in words}
        key = entity_key(c.surface)
        if key in _ALIAS_KEY.values() and key not in ("united states", "united kingdom", "washington"):
            label = "ORG"
        elif len(words) >= 2 and fold(surname(c.surface)) in persons and not lows & ORG_WORDS:
            label = "PERSON"
        elif len(words) == 1 and fold(c.surface) in persons:
            label = "PERSON"
        elif key in ("united states", "united kingdom", "washington"):
            label = "GPE"
        elif lows & ORG_WORDS or (c.surface.replace(".", "").isupper() and len(c.surface) >= 2) or key in _ALIAS_KEY.values():
            label = "ORG"
        elif c.place_cue:
            label = "GPE"
        elif c.said_cue:
            label = "PERSON" if len(words) >= 2 else "ORG"
        else:
            label = "OTHER"
        out.append(Mention(c.surface, label, c.article_id, c.source_id, c.sentence_index, c.start, c.end, c.role if label == "PERSON" else None))
    return out


_NAME_WORD_RE = re.compile(r"([A-Z][a-z\u00e0-\u00ff'\u2019-]+)\s+$")


def recall_persons(items: Sequence[tuple[Article, Sequence[Sentence], str]], mentions: Sequence[Mention]) -> list[Mention]:
    """Mentions of known people that the recogniser missed.

    spaCy misses names in some contexts (after a closing quote mark, "fire
    chief Ana Ruiz told"; or tags them WORK_OF_ART). Every word-bounded
    occurrence of a surname of a person found anywhere in the cluster that no
    mention covers becomes a PERSON mention, with the capitalised given name
    before it when there is one ("Ana Ruiz").
    """
    people = [m for m in mentions if m.label == "PERSON" and len(m.text.split()) >= 2]
    surnames = {m.text.split()[-1] for m in people if fold(m.text.split()[-1]) == fold(surname(m.text))}
    surnames = {n for n in surnames if len(n) >= 3 and n[:1].isupper()}
    if not surnames:
        return []
    covered: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for m in mentions:
        covered[m.article_id].append((m.start, m.end))
    rx = re.compile(r"\b(?:" + "|".join(re.escape(n) for n in sorted(surnames, key=len, reverse=True)) + r")\b(?!['\u2019]?\w)")
    out = []
    for article, sentences, sid in items:
        text = article.text
        for m in rx.finditer(text):
            start, end = m.start(), m.end()
            if any(a < end and start < b for a, b in covered[article.id]):
                continue
            g = _NAME_WORD_RE.search(text[max(0, start - 30):start])
            if g and fold(g.group(1)) not in _STOP_CAPS and fold(g.group(1)) not in ROLE_WORDS:
                start -= len(g.group(0))
            idx = _sentence_index(sentences, start)
            if idx < 0:
                continue
            out.append(Mention(text[start:end], "PERSON", article.id, sid, idx, start, end, role_of(text, start, end)))
    return out
