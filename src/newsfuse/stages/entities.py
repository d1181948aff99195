"""Entities: people, organisations and places, with their name variants merged.

Mentions come from spaCy's named-entity recogniser in default mode (PERSON,
ORG, GPE, LOC, FAC) and from runs of capitalised words in fast mode. They are
then merged across outlets:

- people by name (:func:`newsfuse.stages.names.group_names`: same surname and
  compatible given names, so "Mike Pompeo", "Michael Pompeo" and "Pompeo" are
  one person); a one-word organisation or place that is a known person's
  surname ("Trump" tagged ORG) joins the person;
- organisations and places by a folded key ("the State Department" = "State
  Department", "Al-Hakim" = "al-Hakim"), a table of aliases (ISIS, ISIL,
  Islamic State, IS, Daesh; U.S., United States, America) and acronyms from
  initials ("UNHCR" / "U.N. High Commissioner for Refugees" is left alone,
  "NATO" / "North Atlantic Treaty Organization" merges).

Each entity keeps its variants as written, its role when one is stated (a
title before the name, "Secretary of State Mike Pompeo", or an appositive
after it, "Gen. Joseph Votel, the commander of U.S. forces in the Middle
East"), and its mentions per outlet.

The ``entities`` stage assigns ``cluster.entities``, most-mentioned first; in
default mode it reads spaCy's parses from ``cluster.parses`` (the ``parse`` stage).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from typing import Any, Iterable, Sequence

from ..model import Article, Citation, Cluster, Sentence
from ..pipeline import parsed, stage
from ..settings import Settings
from .names import fold, fullest_name, group_names, same_person, split_title, surname

TYPE_OF_LABEL = {"PERSON": "person", "ORG": "organisation", "GPE": "place", "LOC": "place", "FAC": "place", "OTHER": "other"}

# Names that denote the same organisation or place; the first is the key.
ALIASES: tuple[tuple[str, ...], ...] = (
    ("washington", "washington dc", "washington d c", "dc", "d c"),
    ("islamic state", "isis", "isil", "is", "daesh", "daish", "islamic state group", "islamic state of iraq and syria",
     "islamic state of iraq and the levant", "the islamic state"),
    ("united states", "us", "usa", "america", "united states of america", "the united states"),
    ("united kingdom", "uk", "britain", "great britain"),
    ("united nations", "un"),
    ("european union", "eu"),
    ("state department", "us state department", "department of state", "us department of state", "the state department"),
    ("pentagon", "defense department", "department of defense", "us department of defense", "defence department"),
    ("white house",),
    ("soviet union", "ussr"),
)
_ALIAS_KEY = {alias: group[0] for group in ALIASES for alias in group}
# The form shown for an alias group, whatever form is most used.
DISPLAY = {"islamic state": "Islamic State", "united states": "United States", "united kingdom": "United Kingdom",
           "united nations": "United Nations", "european union": "European Union", "state department": "State Department",
           "pentagon": "Pentagon", "white house": "White House", "soviet union": "Soviet Union", "washington": "Washington"}

# Words before a name that belong to a role ("national security adviser John Bolton").
ROLE_WORDS = frozenset(
    """
    president vice prime minister secretary foreign defense defence interior finance state general gen lt col
    commander chief adviser advisor national security spokesman spokeswoman spokesperson ambassador envoy
    senator sen rep representative governor gov mayor director deputy head leader chairman chairwoman chair
    official officer judge justice king queen prince princess sheikh emir pope premier chancellor speaker
    attorney counsel coach captain capt admiral adm sergeant sgt colonel major maj lieutenant inspector
    superintendent chief executive ceo founder editor correspondent analyst professor prof dr mr mrs ms
    special representative coordinator fire police harbour harbor port city council councillor councilman
    """.split()
)
ORG_WORDS = frozenset(
    """
    department ministry coalition council party agency company inc corp ltd university army navy force forces
    committee union organization organisation group bank court senate congress parliament assembly commission
    office service services authority board association federation institute foundation club team news times
    post press agency network brigade guard police fund
    """.split()
)
MONTH_ABBR = frozenset("jan feb mar apr jun jul aug sep sept oct nov dec".split())
_STOP_CAPS = frozenset(
    """
    the a an but and or so yet he she it they we i you this that these those there his her its their our
    in on at for after before when while if as since although though despite however meanwhile still
    monday tuesday wednesday thursday friday saturday sunday january february march april may june july
    august september october november december mr mrs ms dr
    """.split()
)


@dataclass(frozen=True, slots=True)
class Mention:
    """One mention of a named entity in one article."""

    text: str
    label: str  # PERSON, ORG, GPE, LOC, FAC (spaCy's labels; fast mode guesses)
    article_id: str
    source_id: str
    sentence_index: int
    start: int
    end: int
    role: str | None = None

    def citation(self) -> Citation:
        return Citation(self.source_id, self.article_id, self.sentence_index, self.start, self.end)


@dataclass(frozen=True, slots=True)
class Entity:
    """A person, organisation or place across outlets.

    Attributes:
        name: the form shown (the fullest name for a person, the most used
            form otherwise).
        type: "person", "organisation" or "place".
        variants: every form it is written in, as written.
        role: the title or description stated with the name, if any.
        mentions: source id -> number of mentions.
        citations: where it is mentioned (first mention in each sentence).
    """

    name: str
    type: str
    variants: tuple[str, ...]
    role: str | None
    mentions: tuple[tuple[str, int], ...]
    citations: tuple[Citation, ...] = ()

    @property
    def kind(self) -> str:
        """The spaCy-style label ("PERSON", "ORG", "GPE") for code that expects one."""
        return {"person": "PERSON", "organisation": "ORG", "place": "GPE"}.get(self.type, self.type.upper())

    @property
    def total(self) -> int:
        return sum(n for _, n in self.mentions)

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "type": self.type,
            "variants": list(self.variants),
            "role": self.role,
            "mentions": dict(self.mentions),
        }


# ------------------------------------------------------------------ parsing


def entity_key(text: str) -> str:
    """The comparison key of an organisation or place: folded, "the" and dots dropped, aliases resolved."""
    t = fold(text).strip(" .,;:'\"()")
    t = re.sub(r"'s$", "", t)
    t = t.replace(".", "").replace("-", " ").replace(",", " ")
    t = re.sub(r"\s+", " ", t).strip()
    t = re.sub(r"^the ", "", t)
    return _ALIAS_KEY.get(t, _ALIAS_KEY.get(f"the {t}", t))


def _clean_surface(text: str) -> str:
    t = text.strip(" ,;:\"()\u201c\u201d")
    if t.endswith(".") and not re.search(r"(?:^|[\s.])[A-Z]\.$", t):
        t = t[:-1]
    t = re.sub(r"['\u2019]s$", "", t)
    t = re.sub(r"^(?:the|The)\s+", "", t)
    return t


def _initials(text: str) -> str:
    words = [w for w in re.findall(r"[A-Za-z][\w'-]*", text) if fold(w) not in ("of", "the", "and", "for", "to", "on", "in")]
    return "".join(w[0] for w in words).lower()


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


# ------------------------------------------------------------------ merging


def _pick_role(roles: Iterable[str | None]) -> str | None:
    counts = Counter(r for r in roles if r)
    if not counts:
        return None
    return max(counts, key=lambda r: (counts[r], len(r.split()), r))


def merge_mentions(mentions: Sequence[Mention], source_order: Sequence[str] = ()) -> tuple[Entity, ...]:
    """Entities from mentions: variants merged (see the module docstring), most mentioned first."""
    persons = [m for m in mentions if m.label == "PERSON"]
    others = [m for m in mentions if m.label != "PERSON"]
    # people: group distinct name forms
    names = list(dict.fromkeys(m.text for m in persons))
    name_groups = group_names(names)
    group_of_name = {n: i for i, g in enumerate(name_groups) for n in g}
    buckets: dict[tuple[str, Any], list[Mention]] = defaultdict(list)
    for m in persons:
        buckets[("person", group_of_name[m.text])].append(m)
    # a one-word ORG/GPE that is a person's surname ("Trump" tagged ORG) belongs to that person
    surnames = {}
    for i, g in enumerate(name_groups):
        full = fullest_name(g)
        surnames.setdefault(fold(surname(full)), []).append(i)
    for m in others:
        key = entity_key(m.text)
        single = len(m.text.split()) == 1 and key not in _ALIAS_KEY.values()
        hits = surnames.get(fold(m.text)) if single else None
        if hits and len(hits) == 1:
            buckets[("person", hits[0])].append(m)
        else:
            buckets[("other", key)].append(m)
    # acronyms: "NATO" joins "North Atlantic Treaty Organization"
    other_keys = [k for k in buckets if k[0] == "other"]
    long_forms = {}
    for k in other_keys:
        forms = {m.text for m in buckets[k]}
        for f in forms:
            if len(f.split()) >= 2:
                long_forms.setdefault(_initials(f), k)
    for k in other_keys:
        forms = {m.text.replace(".", "") for m in buckets[k]}
        acr = next((f for f in forms if f.isupper() and 2 <= len(f) <= 6 and " " not in f), None)
        if acr and acr.lower() in long_forms and long_forms[acr.lower()] != k and k in buckets:
            target = long_forms[acr.lower()]
            if target in buckets:
                buckets[target] += buckets.pop(k)
    order = {s: i for i, s in enumerate(source_order)}
    entities = []
    for (kind, _), ms in buckets.items():
        if kind == "person":
            name = fullest_name([m.text for m in ms if m.label == "PERSON"] or [m.text for m in ms])
            etype = "person"
        else:
            forms = Counter(m.text for m in ms)
            name = DISPLAY.get(entity_key(ms[0].text)) or max(forms, key=lambda f: (forms[f], not f.isupper(), len(f)))
            labels = Counter(TYPE_OF_LABEL[m.label] for m in ms if m.label != "OTHER")
            etype = max(labels, key=lambda t: (labels[t], t)) if labels else "other"
        variants = tuple(sorted(set(m.text for m in ms), key=lambda v: (v != name, v.lower())))
        per_source = Counter(m.source_id for m in ms)
        mentions = tuple(sorted(per_source.items(), key=lambda kv: order.get(kv[0], _num(kv[0]))))
        seen_sentences = set()
        cites = []
        for m in sorted(ms, key=lambda m: (order.get(m.source_id, _num(m.source_id)), m.start)):
            if (m.article_id, m.sentence_index) not in seen_sentences:
                seen_sentences.add((m.article_id, m.sentence_index))
                cites.append(m.citation())
        role = _pick_role(m.role for m in ms) if etype == "person" else None
        entities.append(Entity(name, etype, variants, role, mentions, tuple(cites)))
    entities.sort(key=lambda e: (-e.total, -len(e.mentions), e.name.lower()))
    return tuple(entities)


def _num(sid: str) -> int:
    digits = re.sub(r"\D", "", sid)
    return int(digits) if digits else 0


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


def entities_of_cluster(cluster: Cluster, docs: dict[str, Any] | None = None) -> tuple[Entity, ...]:
    """Every article's named entities, merged across outlets."""
    docs = docs or {}
    mentions: list[Mention] = []
    sids = cluster.source_ids
    fast: list[tuple[Article, Sequence[Sentence], str]] = []
    parsed: list[tuple[Article, Sequence[Sentence], str]] = []
    for article, sid in zip(cluster.articles, sids):
        sents = cluster.sentences_of(article.id)
        doc = docs.get(article.id)
        if doc is not None:
            mentions += mentions_spacy(article, doc, sents, sid)
            parsed.append((article, sents, sid))
        else:
            fast.append((article, sents, sid))
    if parsed:
        mentions += recall_persons(parsed, mentions)
    if fast:
        mentions += mentions_fast(fast)
    return merge_mentions(mentions, sids)


@stage("entities", requires=parsed("sentences"), assigns=("entities",))
def make_entity_stage(settings: Settings):
    """The ``entities`` stage: people, organisations and places with variants merged.

    Reads spaCy's parses (default mode) or uses capitalised-word patterns (fast).
    """

    def entities_stage(cluster: Cluster) -> Cluster:
        docs = None if settings.fast else cluster.parses
        return cluster.assign(entities=entities_of_cluster(cluster, docs))

    return entities_stage


__all__ = ["Entity", "Mention", "entity_key", "entities_of_cluster", "merge_mentions", "role_of", "same_person"]
