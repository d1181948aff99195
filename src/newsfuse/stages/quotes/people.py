"""The people named in one article (:class:`PersonIndex`, built by :func:`index_people`).

spaCy's PERSON entities in default mode; in fast mode, runs of capitalised words that
read as a person's name. Each keeps its titles and roles ("Gen." becomes "General"; an
appositive after the name), a gender when a title tells it, and later mentions by
surname alone. Quotations are left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Sequence

from ..names import HONORIFICS, fold, fullest_name, group_names, same_person, split_title
from .cues import COURTESY, NON_PERSON_HEADS, NOT_NAME_WORDS, TITLE_ABBREVIATIONS, classify


@dataclass(slots=True)
class PersonIndex:
    """People named in one article, in order of mention, with their titles and roles."""

    mentions: list[tuple[int, int, str]] = field(default_factory=list)  # (start, end, name as written)
    roles: dict[str, list[str]] = field(default_factory=dict)  # name as written -> roles and titles
    genders: dict[str, str] = field(default_factory=dict)  # canonical name -> "m" / "f"
    _canon: dict[str, str] = field(default_factory=dict)

    def add(self, start: int, end: int, name: str, role: str | None = None) -> None:
        title, bare = split_title(name)
        if not bare or fold(bare) in NOT_NAME_WORDS:
            return
        self.mentions.append((start, end, bare))
        if title and fold(title).rstrip(".") in ("mr", "sir", "lord", "king", "prince"):
            self.genders.setdefault(bare, "m")
        elif title and fold(title).rstrip(".") in ("mrs", "ms", "miss", "dame", "lady", "queen", "princess"):
            self.genders.setdefault(bare, "f")
        if role:
            self.add_role(bare, role)
        elif title and fold(title).rstrip(".") not in COURTESY:
            self.add_role(bare, expand_title(title))
        self._canon.clear()

    def add_role(self, name: str, role: str) -> None:
        roles = self.roles.setdefault(name, [])
        if role not in roles:
            roles.append(role)

    def canonical(self, name: str) -> str:
        """The fullest form of ``name`` among this article's mentions ("Trump" -> "Donald Trump")."""
        if not self._canon:
            for group in group_names([m[2] for m in self.mentions]):
                full = fullest_name(group)
                for n in group:
                    self._canon[n] = full
        bare = split_title(name)[1]
        if bare in self._canon:
            return self._canon[bare]
        hits = {self._canon[m[2]] for m in self.mentions if same_person(bare, m[2])}
        return hits.pop() if len(hits) == 1 else bare

    def role_of(self, name: str) -> str | None:
        """The longest role or title recorded for any variant of ``name``."""
        roles = [r for n, rs in self.roles.items() if same_person(n, name) for r in rs]
        appositive = [r for r in roles if not r[:1].isupper() or " " in r and r.split()[0][:1].islower()]
        pool = appositive or roles
        return max(pool, key=len) if pool else None

    def gender_of(self, name: str) -> str | None:
        """ "m" or "f" when a title or an earlier pronoun told, else None."""
        for n, g in self.genders.items():
            if same_person(n, name):
                return g
        return None

    def set_gender(self, name: str, gender: str) -> None:
        if self.gender_of(name) is None:
            self.genders[name] = gender

    def before(self, pos: int) -> list[tuple[int, int, str]]:
        """Mentions ending before ``pos``, nearest first."""
        return sorted((m for m in self.mentions if m[1] <= pos), key=lambda m: -m[1])


def expand_title(title: str) -> str:
    """ "Gen." -> "General"; other titles as written."""
    words = title.split()
    if len(words) == 1 and words[0].rstrip(".").lower() in TITLE_ABBREVIATIONS:
        return TITLE_ABBREVIATIONS[words[0].rstrip(".").lower()]
    return title


_CAP_SEQ_RE = re.compile(
    r"(?:(?:Gen|Lt|Col|Adm|Sen|Rep|Gov|Sgt|Capt|Maj|Cmdr|Pres|Amb|Brig|Dr|Mr|Mrs|Ms|Prof|U\.S)\.[ \t]+)*"
    r"(?:[A-Z][\w'\u2019\-]+|al-[A-Z][\w\-]+)(?:[ \t]+(?:[A-Z]\.|[A-Z][\w'\u2019\-]+|al-[A-Z][\w\-]+|(?:al|bin|de|van|von)(?=[ \t][A-Z])|of[ \t]+State|of[ \t]+Defense))+"
)
_APPOSITIVE_RE = re.compile(r",\s+(?:the|a|an)\s+((?:[^,;.]|(?<=[A-Z])\.)+?),")


def index_people(text: str, quoted: Sequence[tuple[int, int]], doc: Any = None) -> PersonIndex:
    """People named in ``text`` outside quotations: spaCy PERSON entities, or titled names in fast mode."""
    index = PersonIndex()
    inside = lambda s: any(a <= s < b for a, b in quoted)  # noqa: E731
    if doc is not None:
        for ent in doc.ents:
            if ent.label_ != "PERSON" or inside(ent.start_char):
                continue
            name = ent.text.strip()
            name = re.sub(r"['\u2019]s$", "", name)
            # a title before the entity ("Foreign Minister", "Gen.") becomes a role
            before = text[max(0, ent.start_char - 60) : ent.start_char]
            title = _title_before(before)
            role = None
            if title:
                role = expand_title(title)
            index.add(ent.start_char, ent.start_char + len(name), name, role)
            # appositive right after: "Votel, the commander of ..., "
            app = _APPOSITIVE_RE.match(text[ent.end_char : ent.end_char + 120])
            if app:
                index.add_role(split_title(name)[1], app.group(1).strip())
        _add_surname_mentions(text, quoted, index)
        return index
    for m in _CAP_SEQ_RE.finditer(text):
        if inside(m.start()):
            continue
        phrase = m.group()
        poss = re.match(r".*['\u2019]s\s+", phrase)
        if poss:
            phrase = phrase[poss.end() :]  # "CGTN's Owen Fairclough"
            if len(phrase.split()) < 2:
                continue
        title, name = split_title(phrase)
        if classify(phrase) != "name":
            continue
        before = text[max(0, m.start() - 12) : m.start()]
        if re.search(r"\b(?:the|The|a|an)\s+$", before):
            continue  # "the Middle East", "the State Department"
        if title is None:
            first = fold(phrase.split()[0])
            if first in NOT_NAME_WORDS or first in HONORIFICS or first.endswith(("ing", "ed", "ly")) or first in _SENTENCE_OPENERS:
                continue
            if any(fold(w) in NON_PERSON_HEADS for w in phrase.split()):
                continue
        if any(fold(w).rstrip(".") in NOT_NAME_WORDS for w in name.split()):
            continue
        role = None
        if title is None:
            t = _title_before(text[max(0, m.start() - 60) : m.start()])
            role = expand_title(t) if t else None
        index.add(m.end() - len(phrase) + phrase.index(name), m.end(), phrase, role)
        app = _APPOSITIVE_RE.match(text[m.end() : m.end() + 120])
        if app:
            index.add_role(name, app.group(1).strip())
    _add_surname_mentions(text, quoted, index)
    return index


def _add_surname_mentions(text: str, quoted: Sequence[tuple[int, int]], index: PersonIndex) -> None:
    """Record bare surnames of people already named ("Vance told reporters ...") as mentions too."""
    surnames = {}
    for _, _, name in index.mentions:
        parts = name.split()
        if len(parts) > 1:
            surnames[parts[-1]] = name
    if not surnames:
        return
    taken = [(s, e) for s, e, _ in index.mentions]
    pattern = re.compile(r"\b(" + "|".join(re.escape(n) for n in sorted(surnames, key=len, reverse=True)) + r")\b")
    for m in pattern.finditer(text):
        if any(a <= m.start() < b for a, b in quoted) or any(a <= m.start() < b for a, b in taken):
            continue
        index.mentions.append((m.start(), m.end(), m.group()))
    index.mentions.sort()
    index._canon.clear()


_SENTENCE_OPENERS = frozenset(
    "after before despite following although though while since during asked speaking meanwhile however still yet also "
    "according under over among amid against for from with without into through".split()
)
_TITLE_BEFORE_RE = re.compile(
    r"((?:(?:U\.S\.?|[A-Z][a-z]+|of|the)\s+)*?(?:(?:Gen|Lt|Col|Adm|Sen|Rep|Gov|Sgt|Capt|Maj|Cmdr|Pres|Amb|Brig|Dr|Mr|Mrs|Ms|Prof)\.|President|Secretary(?:\s+of\s+[A-Z][a-z]+)?|Minister|General|Senator|Governor|Mayor|"
    r"Chancellor|Ambassador|Judge|Chairman|Chairwoman|Director|Spokesman|Spokeswoman|Prime\s+Minister|Commander|Rep\.|Sen\.|Gov\.|Gen\.))\s+$"
)


def _title_before(before: str) -> str | None:
    m = _TITLE_BEFORE_RE.search(before)
    if not m:
        return None
    title = m.group(1).strip()
    words = title.split()
    while words and (words[0].lower() in ("the", "of", "and") or fold(words[0]) in NOT_NAME_WORDS):
        words.pop(0)
    title = " ".join(words)
    if fold(title).rstrip(".") in COURTESY:
        return None
    return title or None
