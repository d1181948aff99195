"""Reading the context of a number: what it counts, what happened to it, and where.

For each number expression found by :mod:`.scan`: the counted noun ("2,000 *troops*")
and its comparison key (synonyms share one: "soldier" and "force" are "troop"), the
verb or event noun it goes with, folded to an event class ("people have *died*", "the
*evacuation* of 300"), the places it is located by ("troops *in Syria*"; "U.S. troops"
says whose, not where) and the content words around it. Two variants:
:func:`_info_spacy` reads spaCy's dependency parse and entities (default mode),
:func:`_info_fast` the next words by pattern (``--fast``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ...model import Sentence
from ...nlp import lemma as spacy_lemma
from .scan import MONTHS, SCALE_WORDS, TENS_WORDS, UNIT_WORDS, _Raw, _fold


DURATION_UNITS = {
    "second": "second", "minute": "minute", "hour": "hour", "day": "day", "week": "week", "month": "month",
    "year": "year", "decade": "decade", "century": "century", "fortnight": "week",
}
# Counted nouns that denote the same thing ("2,000 troops" / "2,000 U.S. military forces").
UNIT_SYNONYMS = {
    "troop": "troop", "soldier": "troop", "force": "troop", "personnel": "troop", "serviceman": "troop",
    "servicemember": "troop", "marine": "troop", "trooper": "troop",
    "person": "person", "people": "person", "individual": "person",
    "country": "country", "nation": "country",
    "death": "death", "dead": "death", "fatality": "death", "casualty": "casualty",
    "injury": "injury", "injured": "injury", "wounded": "injury",
    "firefighter": "firefighter", "fireman": "firefighter", "firemen": "firefighter",
    "worker": "worker", "employee": "worker", "staff": "worker",
    "child": "child", "kid": "child", "children": "child",
    "resident": "person", "inhabitant": "person", "citizen": "person", "civilian": "person",
}
# Verbs and nouns of the event a count is about, folded to one class:
# "were injured" / "were hurt" / "injuries of" are the same event.
VERB_CLASS = {
    "die": "die", "kill": "die", "perish": "die", "drown": "die",
    "injure": "injure", "wound": "injure", "hurt": "injure",
    "evacuate": "evacuate", "arrest": "arrest", "detain": "arrest", "rescue": "rescue", "save": "rescue",
    "displace": "displace", "send": "deploy", "deploy": "deploy", "dispatch": "deploy", "station": "deploy",
}
NOUN_CLASS = {
    "evacuation": "evacuate", "death": "die", "killing": "die", "injury": "injure", "rescue": "rescue",
    "arrest": "arrest", "detention": "arrest", "deployment": "deploy", "displacement": "displace",
}
# Event classes that turn "people" into a more specific count: "360,000 people have died" counts deaths.
CLASS_UNITS = {"die": "death", "injure": "injury", "evacuate": "evacuee", "arrest": "arrest", "rescue": "rescued", "displace": "displaced"}
VERB_UNITS = {v: CLASS_UNITS[c] for v, c in VERB_CLASS.items() if c in CLASS_UNITS}

FUNCTION_WORDS = frozenset(
    """
    a an the of to in on at by for from with and or but as than that this these those which who whom whose
    is are was were be been being has have had do does did will would can could may might must shall should
    it its their his her our your my he she they we you i them him us me there here then than so not no
    all each every any some more most less least other another such only also just about over under into
    out up down off per since until till while when where after before during between among through
    """.split()
)


def _lemma(word: str) -> str:
    """A cheap English singular for fast mode: countries -> country, troops -> troop."""
    w = _fold(word).strip(".")
    if w in ("people", "children", "men", "women", "firemen", "police", "personnel", "staff", "data", "news"):
        return {"children": "child", "men": "man", "women": "woman", "firemen": "fireman"}.get(w, w)
    if len(w) > 4 and w.endswith("ies"):
        return w[:-3] + "y"
    if len(w) > 4 and w.endswith(("sses", "shes", "ches", "xes")):
        return w[:-2]
    if len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
        return w[:-1]
    return w


def unit_key(lemma: str) -> str:
    """The comparison key of a counted noun: synonyms share one ("force" -> "troop")."""
    lemma = _fold(lemma)
    return UNIT_SYNONYMS.get(lemma, lemma)


@dataclass(slots=True)
class _Info:
    noun: str = ""
    lemma: str = ""
    noun_end: int = 0
    verb: str = ""
    verb_lemma: str = ""
    event: str = ""
    places: frozenset[str] = frozenset()
    context: frozenset[str] = frozenset()
    measure: str = ""  # what a bare percent or sum measures: "grain prices rose", "damage"


def _place_key(text: str) -> str:
    t = _fold(text).strip(" .,'\"")
    t = re.sub(r"^the\s+", "", t)
    t = t.replace(".", "")
    return {"us": "united states", "usa": "united states", "america": "united states", "uk": "united kingdom",
            "britain": "united kingdom", "great britain": "united kingdom"}.get(t, t)


def _info_spacy(doc: Any, raw: _Raw, sent_span: Any) -> _Info:
    span = doc.char_span(raw.num_start, raw.num_end, alignment_mode="expand")
    expr = doc.char_span(raw.start, raw.end, alignment_mode="expand")
    info = _Info()
    if span is None or len(span) == 0 or expr is None:
        return info
    inside = set(range(expr.start, expr.end))
    noun_tok = None
    # the head noun the number modifies: "2,000 troops", "$350 million shortfall"
    tok = span[-1]
    for _ in range(4):
        if tok.head is tok:
            break
        head = tok.head
        if head.i in inside:
            tok = head
            continue
        if tok.dep_ in ("nummod", "quantmod", "compound", "amod", "nmod", "npadvmod", "appos") and head.pos_ in ("NOUN", "PROPN") and head.i > tok.i and not head.like_num:
            noun_tok = head
        elif tok.dep_ in ("nummod", "quantmod", "compound") and (head.like_num or head.pos_ in ("NUM", "SYM")):
            tok = head
            continue
        break
    if noun_tok is None:
        # next tokens: "7,000 of the troops", "eight-year conflict", "100 percent of the caliphate"
        j = expr.end
        hyphen = j < len(doc) and doc[j].text == "-"
        if hyphen:
            j += 1
        if j < len(doc) and doc[j].lower_ == "of" and j + 1 < len(doc):
            k = j + 1
            while k < len(doc) and (doc[k].pos_ in ("DET", "ADJ", "PRON", "PROPN", "NUM") or doc[k].like_num) and k < j + 5:
                k += 1
            if k < len(doc) and doc[k].pos_ == "NOUN":
                while k + 1 < len(doc) and doc[k + 1].pos_ == "NOUN" and doc[k].dep_ == "compound":
                    k += 1
                noun_tok = doc[k]
        elif j < len(doc):
            k = j
            while k < len(doc) and k < j + 3 and doc[k].pos_ in ("ADJ", "PROPN") and doc[k].dep_ in ("compound", "amod", "nmod"):
                k += 1
            if k < len(doc) and doc[k].pos_ == "NOUN":
                while k + 1 < len(doc) and doc[k + 1].pos_ == "NOUN" and doc[k].dep_ == "compound":
                    k += 1
                noun_tok = doc[k]
            elif hyphen:
                noun_tok = doc[j]
    if noun_tok is not None and noun_tok.sent.start != span.sent.start:
        noun_tok = None
    if noun_tok is not None:
        info.noun = noun_tok.text
        info.lemma = spacy_lemma(noun_tok).lower() or _lemma(noun_tok.text)
        if noun_tok.lower_ in ("people", "personnel", "police", "staff"):
            info.lemma = noun_tok.lower_
        end_tok = noun_tok
        # "countries and organizations": keep the coordinated noun in the text
        for child in noun_tok.children:
            if child.dep_ == "conj" and child.i > noun_tok.i and child.i - noun_tok.i <= 3 and child.pos_ == "NOUN":
                end_tok = child
        # "eight-year conflict": the duration describes the noun after it
        if info.lemma in DURATION_UNITS and noun_tok.dep_ in ("compound", "amod", "npadvmod", "nmod") and noun_tok.head.pos_ == "NOUN" and 0 < noun_tok.head.i - noun_tok.i <= 2:
            end_tok = noun_tok.head
        info.noun_end = end_tok.idx + len(end_tok.text)
        # the verb the noun is the subject of: "people have died", "troops were killed"
        head_lemma = spacy_lemma(noun_tok.head).lower()
        if noun_tok.dep_ in ("nsubj", "nsubjpass") and noun_tok.head.pos_ in ("VERB", "AUX"):
            info.verb = noun_tok.head.text
            info.verb_lemma = head_lemma
        elif noun_tok.dep_ == "dobj" and head_lemma in VERB_CLASS:
            info.verb = noun_tok.head.text
            info.verb_lemma = head_lemma
        elif noun_tok.dep_ == "pobj" and noun_tok.head.lower_ == "of" and spacy_lemma(noun_tok.head.head).lower() in NOUN_CLASS:
            info.event = NOUN_CLASS[spacy_lemma(noun_tok.head.head).lower()]  # "the evacuation of 300 people"
        if not info.event:
            info.event = VERB_CLASS.get(info.verb_lemma, "")
        if not info.event and noun_tok.head.pos_ == "VERB" and noun_tok.dep_ in ("nsubjpass", "dobj"):
            info.event = VERB_CLASS.get(head_lemma, "")
    info.places = frozenset(_places_attached(doc, noun_tok if noun_tok is not None else span[-1], sent_span))
    if noun_tok is None:
        info.measure = _measure_spacy(expr)
    lo = max(sent_span.start, span.start - 10)
    hi = min(sent_span.end, span.end + 10)
    ctx = set()
    for t in doc[lo:hi]:
        if t.is_alpha and not t.is_stop and not t.like_num and t.i not in inside and len(t.text) > 2:
            ctx.add(_context_word(spacy_lemma(t).lower()))
    info.context = frozenset(ctx)
    return info


_MEASURE_SKIP_VERBS = frozenset("be say tell have do".split())


def _phrase(tok: Any) -> str:
    """A noun with the compounds and adjectives written just before it: "grain prices"."""
    first = tok
    for child in sorted(tok.lefts, key=lambda t: -t.i):
        if child.dep_ in ("compound", "amod") and child.i == first.i - 1:
            first = child
    words = [t.text if t.pos_ == "PROPN" else t.lower_ for t in tok.doc[first.i:tok.i + 1]]
    return " ".join(words)


def _measure_spacy(expr: Any) -> str:
    """What a bare percent or sum measures, from the parse.

    "Insurers put *the damage* at $4.5 million" (the object of the verb the sum is the "at"
    of) -> "damage"; "*Grain prices* ... rose 4 percent" (the verb's subject and the verb)
    -> "grain prices rose"; "The fire is 90 percent contained" -> "fire contained". ""
    when the parse names nothing (a pronoun, no verb).
    """
    root = expr.root
    via = ""
    head = root.head
    if root.dep_ == "pobj" and head.dep_ == "prep":
        via, pred = head.lower_, head.head
    elif root.dep_ in ("npadvmod", "dobj", "attr", "advmod", "nsubj", "nsubjpass") and head is not root:
        pred = head
    else:
        return ""
    if pred.pos_ not in ("VERB", "AUX", "ADJ"):
        return ""
    if via == "at":
        obj = next((c for c in pred.children if c.dep_ == "dobj" and c.pos_ in ("NOUN", "PROPN")), None)
        if obj is not None:
            return _phrase(obj)
    holder = pred.head if pred.dep_ in ("acomp", "xcomp") and pred.head is not pred else pred
    subj = next((c for c in holder.children if c.dep_ in ("nsubj", "nsubjpass") and c.pos_ in ("NOUN", "PROPN")), None)
    if subj is None:
        return ""
    verb = pred if spacy_lemma(pred).lower() not in _MEASURE_SKIP_VERBS else None
    return f"{_phrase(subj)} {verb.lower_}" if verb is not None else _phrase(subj)


def _places_attached(doc: Any, anchor: Any, sent_span: Any) -> set[str]:
    """Places the quantity is located by: in the noun's own phrases after it ("troops in Syria"),
    or in a prepositional phrase of the words that govern it, up to the first verb
    ("the withdrawal of 7,000 troops from Afghanistan"). Modifiers before the noun
    ("U.S. troops") say whose, not where, and are left out."""
    governors = {anchor.i}
    tok = anchor
    for _ in range(4):
        if tok.head is tok:
            break
        tok = tok.head
        governors.add(tok.i)
        if tok.pos_ in ("VERB", "AUX"):
            break
    out = set()
    for ent in sent_span.ents:
        if ent.label_ not in ("GPE", "LOC", "FAC"):
            continue
        root = ent.root
        after_noun = root.i > anchor.i and any(t.i == anchor.i for t in root.ancestors) and root.i - anchor.i <= 12
        via_prep = root.dep_ == "pobj" and root.head.dep_ == "prep" and root.head.head.i in governors and root.i > anchor.i - 12
        if after_noun or via_prep:
            out.add(_place_key(ent.text))
    return out


_PLACE_PREP_RE = re.compile(r"\b(?:in|from|out\s+of|into|across|to|at|inside|near|of)\s+((?:the\s+)?[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*)*)")


_NOT_PLACES = frozenset([*MONTHS, "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"])


def _places_fast(text: str) -> set[str]:
    """Capitalised words after a preposition of place ("in Syria", "from Afghanistan"): fast mode's places."""
    out = set()
    for m in _PLACE_PREP_RE.finditer(text):
        key = _place_key(m.group(1))
        if key.split()[0] not in _NOT_PLACES:
            out.add(key)
    return out


def _info_fast(text: str, raw: _Raw, sent: Sentence) -> _Info:
    info = _Info()
    after = text[raw.end:min(sent.end, raw.end + 80)]
    hyphen = after.startswith("-")
    tokens = [(m.group(0), raw.end + m.start(), raw.end + m.end()) for m in re.finditer(r"(?:[A-Za-z]\.){2,}|[A-Za-z][A-Za-z'’-]*[A-Za-z]|[A-Za-z]|[^\sA-Za-z]", after)]
    noun = None
    i = 0
    if tokens and tokens[0][0] == "-":
        i = 1
    if i < len(tokens) and _fold(tokens[i][0]) == "of":
        i += 1
        while i < len(tokens) and (_fold(tokens[i][0]) in ("the", "these", "those", "its", "their", "his", "her", "our", "all") or tokens[i][0].isdigit() or tokens[i][0] == ","):
            i += 1
    seen = 0
    while i < len(tokens) and seen < 4:
        word, ws, we = tokens[i]
        lw = _fold(word)
        if not word[0].isalpha():
            break
        if word[0].isupper() and (re.fullmatch(r"(?:[A-Z]\.)+[A-Z]?\.?|[A-Z]{2,}", word) or seen == 0 and not hyphen):
            # "U.S. troops", "UN peacekeepers", "Syrian refugees": modifiers
            i += 1
            seen += 1
            continue
        if lw in FUNCTION_WORDS:
            break
        noun = (word, ws, we)
        # "military forces": take the plural after a singular modifier
        if i + 1 < len(tokens) and tokens[i + 1][0][0].isalpha() and tokens[i + 1][0][0].islower():
            nxt = _fold(tokens[i + 1][0])
            if nxt not in FUNCTION_WORDS and not lw.endswith("s") and (nxt.endswith("s") or nxt in ("people", "personnel", "police")):
                noun = tokens[i + 1]
        break
    if noun is not None:
        info.noun = noun[0].rstrip(".")
        info.lemma = _lemma(noun[0])
        info.noun_end = noun[1] + len(info.noun)
        m = re.match(r"\s+(?:have|has|had|were|was|are|is)?\s*(?:been\s+)?([a-z]+ed|hurt)\b", text[info.noun_end:info.noun_end + 30])
        if m:
            info.verb = m.group(1)
            v = m.group(1)
            info.verb_lemma = _verb_lemma(v)
        info.event = VERB_CLASS.get(info.verb_lemma, "")
    if not info.event:
        nm = _NOMINAL_RE.search(text[max(0, raw.start - 40):raw.start])
        if nm:
            info.event = NOUN_CLASS.get(_lemma(nm.group(1)), "")
    window_start = max(sent.start, raw.start - 70)
    window_end = min(sent.end, raw.end + 70)
    # places right after the counted noun: "troops out of Syria", "troops from Afghanistan"
    anchor = info.noun_end if noun is not None else raw.end
    pm = re.match(r"\s*(?:(?:stationed|based|deployed|living|killed|fighting)\s+)?(?:in|from|out\s+of|into|inside|across)\s+(?:the\s+)?([A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*)*)", text[anchor:sent.end])
    places = set()
    if pm:
        key = _place_key(pm.group(1))
        if key.split()[0] not in _NOT_PLACES:
            places.add(key)
    info.places = frozenset(places)
    info.measure = _measure_fast(text[sent.start:raw.start], text[raw.end:sent.end])  # read only without a noun
    ctx = set()
    for m in re.finditer(r"[A-Za-z]{3,}", text[window_start:raw.start] + " " + text[raw.end:window_end]):
        w = _fold(m.group(0))
        if w not in FUNCTION_WORDS and w not in UNIT_WORDS and w not in TENS_WORDS and w not in SCALE_WORDS:
            ctx.add(_context_word(_lemma(w)))
    info.context = frozenset(ctx)
    return info


_AT_RE = re.compile(r"\b(?:put|puts|estimated|estimates|valued|values|priced|set|pegged|assessed)\s+(?:the\s+|its\s+|their\s+|his\s+|her\s+)?((?:[a-z]+\s+)?[a-z]+)\s+at\s+$")
_CHANGE_RE = re.compile(r"\b(rose|fell|grew|dropped|jumped|climbed|slipped|slid|gained|lost|increased|decreased|declined|surged|soared|plunged|rising|falling)\s+(?:by\s+|to\s+)?$")
_SUBJECT_RE = re.compile(r"^(?:(?:the|its|their)\s+)?(?:[A-Za-z]+['\u2019]s\s+)?((?:[A-Za-z]+\s+)?[A-Za-z]+?)(?=\s+(?:on|in|at|of|for|across|rose|fell|grew|dropped|jumped|climbed|slipped|slid|gained|lost|increased|decreased|declined|surged|soared|plunged|have|has|had|were|was|are|is)\b)", re.I)


_STATE_AFTER_RE = re.compile(r"^\s+([a-z]+ed|complete|full|done|finished|built|lost|sold)\b")


def _measure_fast(before: str, after: str = "") -> str:
    """What a bare percent or sum measures, by pattern over the words around it (``--fast``):
    "put the damage at" -> "damage"; "Grain prices on the exchange rose" -> "grain prices rose";
    "The fire is 90 percent contained" -> "fire contained"."""
    clause = re.split(r"[,;:\u2014]\s*", before)[-1].lstrip(" \"'\u201c\u2018(")
    before = before.lstrip(" \"'\u201c\u2018(")
    state = _STATE_AFTER_RE.match(after)
    if state:
        s = _SUBJECT_RE.match(clause.strip())
        if s and _fold(s.group(1)).split()[0] not in FUNCTION_WORDS:
            return f"{_fold(s.group(1))} {state.group(1)}"
    m = _AT_RE.search(clause)
    if m:
        return _fold(m.group(1))
    v = _CHANGE_RE.search(clause)
    if not v:
        return ""
    # the subject at the start of the clause, else of the sentence ("Shares in X, which ..., fell")
    for part in (clause, before):
        s = _SUBJECT_RE.match(part.strip())
        if s and _fold(s.group(1)).split()[0] not in FUNCTION_WORDS:
            return f"{_fold(s.group(1))} {v.group(1).lower()}"
    return ""


_NOMINAL_RE = re.compile(r"\b(evacuations?|deaths?|killings?|injury|injuries|rescues?|arrests?|detentions?|deployments?|displacements?)\s+of\s+(?:the\s+|some\s+|about\s+|more\s+than\s+|nearly\s+|at\s+least\s+)*$", re.I)
_CONTEXT_FOLD = {**{v: c for v, c in VERB_CLASS.items()}, **NOUN_CLASS, "evacuated": "evacuate", "injured": "injure", "dead": "die"}


def _context_word(lemma: str) -> str:
    """A context lemma folded to its event class, so "hurt" and "injure" count as one word."""
    return _CONTEXT_FOLD.get(lemma, lemma)


def _verb_lemma(v: str) -> str:
    v = v.lower()
    irregular = {"died": "die", "killed": "kill", "injured": "injure", "wounded": "wound", "evacuated": "evacuate",
                 "arrested": "arrest", "rescued": "rescue", "displaced": "displace", "hurt": "hurt", "drowned": "drown",
                 "perished": "perish"}
    if v in irregular:
        return irregular[v]
    if v.endswith("ied"):
        return v[:-3] + "y"
    if v.endswith("ed"):
        return v[:-2]
    return v
