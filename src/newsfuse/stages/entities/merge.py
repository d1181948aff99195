"""Merging mentions into entities across outlets (:func:`merge_mentions`): people by name
variants, organisations and places by key, alias and acronym (see
:mod:`newsfuse.stages.entities`).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from typing import Any, Iterable, Sequence

from ..names import fold, fullest_name, group_names, surname
from .aliases import _ALIAS_KEY, DISPLAY, TYPE_OF_LABEL, _initials, entity_key
from .types import Entity, Mention


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
    _merge_short_forms(buckets)
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


_CONTINUES_RE = re.compile(r"^(?:to|for|of|against|on|in)\s")


def _merge_short_forms(buckets: dict[tuple[str, Any], list[Mention]]) -> None:
    """An organisation named by the start of a longer name joins it ("Global Coalition" and
    "Global Coalition to Defeat ISIS"), when the short form has two words or more, the longer
    one goes on with "to", "for", "of", "against", "on" or "in", and both are organisations.

    "Port Elling" stays apart from "Port Elling Fire Service" (a place, and the name goes on
    with a capitalised word); of several longer names the most mentioned is joined.
    """
    def is_org(ms: list[Mention]) -> bool:
        labels = Counter(TYPE_OF_LABEL[m.label] for m in ms if m.label != "OTHER")
        return bool(labels) and max(labels, key=lambda t: (labels[t], t)) == "organisation"

    orgs = [k for k in buckets if k[0] == "other" and is_org(buckets[k])]
    for short in sorted(orgs, key=lambda k: len(k[1])):
        if short not in buckets or len(short[1].split()) < 2:
            continue
        longer = [k for k in orgs if k != short and k in buckets and k[1].startswith(short[1] + " ")
                  and _CONTINUES_RE.match(k[1][len(short[1]) + 1:])]
        if longer:
            target = max(longer, key=lambda k: (len(buckets[k]), k[1]))
            buckets[target] += buckets.pop(short)


def _num(sid: str) -> int:
    digits = re.sub(r"\D", "", sid)
    return int(digits) if digits else 0
