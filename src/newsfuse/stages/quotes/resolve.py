"""Who a speaker phrase is (:func:`resolve`).

A name goes to its fullest form in the article; a pronoun ("he") to the first person
named earlier in its sentence, else the latest speaker or the nearest person named
before it, skipping a person of the other gender when that is known; a description
("the official") to the nearest person whose title or role has that head noun, else it
stays a description.
"""

from __future__ import annotations

import re
from typing import Sequence

from ..names import fold, split_title
from .cues import COURTESY, SpeakerPhrase, _strip_det, classify
from .people import PersonIndex, expand_title


def resolve(
    phrase: SpeakerPhrase,
    people: PersonIndex,
    earlier_speakers: Sequence[tuple[int, str, str | None]],
    sentence_start: int | None = None,
) -> tuple[str | None, str | None]:
    """The speaker's name and role for a phrase found next to a cue.

    Args:
        phrase: the phrase as written.
        people: the article's person index.
        earlier_speakers: (position, name, role) of speakers already attributed
            before this quotation, in text order.
        sentence_start: where the sentence holding the phrase starts; a
            pronoun goes first to the first person named earlier in that
            sentence ("Cross said he ..."), then to the latest speaker or the
            nearest person named before, skipping a person of the other gender
            when that is known (Mr./Ms., or an earlier "he"/"she").

    Returns:
        ``(speaker, role)``; the speaker is a canonical person name, a
        description for an unnamed source ("senior administration official"),
        or ``None`` when a pronoun has no antecedent.
    """
    if phrase.kind == "name":
        title, bare = split_title(phrase.text)
        bare = re.sub(r"['\u2019]s$", "", bare)
        name = people.canonical(bare)
        role = phrase.role or (expand_title(title) if title and fold(title).rstrip(".") not in COURTESY else None) or people.role_of(name)
        if phrase.role and title and fold(title).rstrip(".") not in COURTESY:
            role = phrase.role
        return name, role
    if phrase.kind == "pronoun":
        f = fold(phrase.text)
        if f not in ("he", "she"):
            # "they", "we", "I": resolve only to a speaker just quoted (the same voice)
            if f == "i" and earlier_speakers:
                return earlier_speakers[-1][1], earlier_speakers[-1][2]
            return None, None
        gender = "m" if f == "he" else "f"
        fits = lambda n: people.gender_of(n) in (None, gender)  # noqa: E731
        cands = [c for c in people.before(phrase.start) if fits(c[2])]
        if sentence_start is not None:
            same = [c for c in cands if c[0] >= sentence_start]
            if same:
                name = people.canonical(min(same)[2])
                people.set_gender(name, gender)
                return name, people.role_of(name)
        named_speakers = [s for s in reversed(earlier_speakers) if s[1] and classify(s[1]) == "name" and fits(s[1])]
        best = cands[0] if cands else None
        if named_speakers and (best is None or named_speakers[0][0] >= best[0] - 1):
            name = named_speakers[0][1]
            people.set_gender(name, gender)
            return name, named_speakers[0][2] or people.role_of(name)
        if best is not None:
            name = people.canonical(best[2])
            people.set_gender(name, gender)
            return name, people.role_of(name)
        return None, None
    # description: "the official", "the general", "the secretary"
    desc = _strip_det(phrase.text)
    head = fold(desc.split()[-1]) if desc.split() else ""
    if phrase.text.split()[0].lower() in ("the", "this", "that") and head:
        # a named person whose title or role has this head noun
        for start, end, name in people.before(phrase.start):
            role = people.role_of(name) or ""
            if head in fold(role).replace(".", " ").split() or head in [fold(expand_title(w + ".")).lower() for w in role.split()]:
                canon = people.canonical(name)
                return canon, people.role_of(canon)
        # an earlier unnamed source with the same head
        for _pos, name, _role in reversed(earlier_speakers):
            if name and classify(name) == "description" and fold(name).split()[-1] == head:
                return name, _role
    return desc, phrase.role
