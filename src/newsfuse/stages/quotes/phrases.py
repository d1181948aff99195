"""Speakers by surface pattern: the noun phrase next to a cue word.

:func:`post_attribution` reads the words right after a closing quote mark
(``"...," Trump said`` / ``"...," said Cavusoglu`` / ``, according to X``),
:func:`pre_attribution` the sentence before an opening mark (``Pompeo said: "``). The
speaker is the noun phrase before the cue (:func:`np_before`, skipping adverbs,
appositives and participial clauses) or after it (:func:`np_after`); an appositive or a
title next to it becomes the role. :func:`clause_subject` finds the subject of the
sentence when the cue has no speaker next to it.
"""

from __future__ import annotations

from typing import Sequence

from .cues import (
    BREAK_WORDS,
    CUE_WORDS,
    DETERMINERS,
    GAP_WORDS,
    INVERTING_CUES,
    NOT_NAME_WORDS,
    NOUNISH_CUES,
    PRONOUNS,
    QUOTE_TOKEN,
    WEAK_CUES,
    ProperFn,
    SpeakerPhrase,
    Word,
    _name_like,
    _phrase,
    _strip_det,
    _with,
    classify,
    default_proper,
    is_cue,
    words_in,
)


def np_before(text: str, words: Sequence[Word], k: int) -> SpeakerPhrase | None:
    """The speaker noun phrase ending just before ``words[k]`` (a cue), or None.

    Skips adverbs and auxiliaries ("also", "has"), then an appositive or a
    participial clause between commas ("X, the commander of ..., said";
    "an official, speaking on condition of anonymity, said"). For a participle
    cue after a comma ("Pompeo said, adding"; "Trump renewed his pledge,
    saying") the subject of the clause before the comma is taken.
    """
    i = k - 1
    while i >= 0 and (words[i].lower in GAP_WORDS or (words[i].lower.endswith("ly") and not words[i].cap and len(words[i].lower) > 4)):
        i -= 1
    if i < 0:
        return None
    if words[i].text == ")" or words[i].text == "," and i > 0 and words[i - 1].text == ")":
        # "Gov. John Kasich (R-OH), said": skip the parenthesis
        close = i if words[i].text == ")" else i - 1
        opening = next((x for x in range(close - 1, max(-1, close - 12), -1) if words[x].text == "("), None)
        if opening is not None and opening > 0:
            got = _collect_back(text, words, opening - 1)
            if got is not None:
                return SpeakerPhrase(got[0], got[1], got[2], classify(got[0]))
    if words[i].text == "," and words[k].lower.endswith("ing") or words[i].lower in ("and", "or", "but"):
        return clause_subject(text, words, k)
    if words[i].text == ",":
        # look for "NP1 , X ," with X an appositive or a clause
        j = i - 1
        depth = 0
        while j >= 0 and words[j].text not in (",", ".", ";", ":", QUOTE_TOKEN) and depth < 22:
            j -= 1
            depth += 1
        if j < 0 or words[j].text != ",":
            return None
        inner = words[j + 1 : i]
        if not inner:
            return None
        outer = _collect_back(text, words, j - 1)
        if outer is None:
            return None
        inner_text = text[inner[0].start : inner[-1].end]
        first = inner[0].lower
        is_clause = first.endswith("ing") or first.endswith("ed") or first in (
            "who", "which", "as", "according", "in", "on", "at", "after", "before", "while", "when", "like", "unlike", "for", "with", "during",
        )
        o_text, o_s, o_e = outer
        o_kind = classify(o_text)
        if o_kind == "pronoun":
            return SpeakerPhrase(o_text, o_s, o_e, o_kind)  # "he, once again, pledged"
        if is_clause:
            return SpeakerPhrase(o_text, o_s, o_e, o_kind)
        i_kind = classify(inner_text)
        if o_kind == "description" and i_kind == "name":
            # "a spokeswoman, Anna Richardson White, said"
            return SpeakerPhrase(inner_text, inner[0].start, inner[-1].end, "name", role=_strip_det(o_text))
        if o_kind in ("name", "description") and i_kind == "description":
            return SpeakerPhrase(o_text, o_s, o_e, o_kind, role=_strip_det(inner_text))
        if o_kind == "name" and i_kind == "name":
            return SpeakerPhrase(o_text, o_s, o_e, o_kind, role=inner_text)
        return None
    got = _collect_back(text, words, i)
    if got is None:
        return None
    p_text, s, e = got
    return SpeakerPhrase(p_text, s, e, classify(p_text))


def _collect_back(text: str, words: Sequence[Word], i: int) -> tuple[str, int, int] | None:
    """A noun phrase ending at ``words[i]``, walking left; None if ``words[i]`` cannot end one."""
    if i < 0:
        return None
    w = words[i]
    if w.punct or w.lower in BREAK_WORDS or w.lower in DETERMINERS and w.lower not in ("one",):
        return None
    if w.lower in PRONOUNS:
        if w.lower == "it" or w.lower == "i" and not w.cap:
            return None
        return w.text, w.start, w.end
    if w.lower in CUE_WORDS and not w.cap:
        return None
    if w.text.endswith(("'s", "\u2019s")) and len(w.text) > 2:
        return None  # "Cruz's campaign said" ends on the noun, never on the possessive
    j = i
    n = 1
    while j - 1 >= 0 and n < 10:
        p = words[j - 1]
        pl = p.lower
        if p.text in ("'s", "\u2019s"):
            j -= 1
            continue
        if p.punct and p.text not in ("-",):
            break
        if pl in DETERMINERS:
            j -= 1
            # continue only through "X of the Y" and "X and its Y"
            if j - 1 >= 0 and words[j - 1].lower == "of":
                n += 1
                continue
            # "A poster on the door": a preposition after a determiner phrase that opens the clause
            if j - 3 >= 0 and words[j - 1].lower in _PP_PREPS and n <= 3:
                head = next((x for x in range(j - 2, max(-1, j - 5), -1) if words[x].lower in ("a", "an", "the")), None)
                if head is not None and (head == 0 or words[head - 1].punct) and all(not words[x].punct and words[x].lower not in BREAK_WORDS - _PP_PREPS for x in range(head, j)):
                    j = head
                    break
            if j - 2 >= 0 and words[j - 1].lower == "and" and words[j - 2].cap and not words[j - 2].punct:
                j -= 1
                n += 1
                continue
            break
        if pl in ("of", "and", "for") and j - 2 >= 0 and not words[j - 2].punct:
            if pl == "and" and not (words[j - 2].cap or words[j - 2].lower in DETERMINERS):
                break
            j -= 1
            n += 1
            continue
        if pl in BREAK_WORDS or pl in PRONOUNS or (pl in CUE_WORDS and not p.cap) or pl in GAP_WORDS and not p.cap:
            break
        if p.cap and pl in NOT_NAME_WORDS and pl not in DETERMINERS:
            break
        if not p.cap and not words[j].cap and n >= 4:
            break
        j -= 1
        n += 1
    # do not start on a dangling "of"/"and" or on a capitalised non-name ("When", "Holding")
    while j < i and (words[j].lower in ("of", "and", "for") or words[j].cap and (words[j].lower in NOT_NAME_WORDS and words[j].lower not in DETERMINERS or words[j].lower.endswith("ing"))):
        j += 1
    if words[j].cap and (words[j].lower in NOT_NAME_WORDS and words[j].lower not in DETERMINERS or words[j].lower.endswith("ing")):
        return None
    if j == i:
        # one word: a name, or a plural noun ("officials said"); not "Indeed", "last"
        if w.cap and not w.proper:
            return None
        if not w.cap and not (w.lower.endswith("s") and not w.lower.endswith("ss") and len(w.lower) > 3):
            return None
    return _phrase(text, words, j, i)


def np_after(text: str, words: Sequence[Word], k: int) -> SpeakerPhrase | None:
    """The speaker noun phrase starting right after ``words[k]`` ("said Cavusoglu", "said a report from ...")."""
    i = k + 1
    if i >= len(words):
        return None
    w = words[i]
    if w.punct or w.lower in BREAK_WORDS or (w.cap and w.lower in NOT_NAME_WORDS and w.lower not in DETERMINERS):
        return None
    if w.lower in PRONOUNS:
        return SpeakerPhrase(w.text, w.start, w.end, "pronoun") if w.lower != "it" else None
    if not (w.cap or w.lower in DETERMINERS):
        return None
    j = i
    while j + 1 < len(words) and j - i < 9:
        nx = words[j + 1]
        nl = nx.lower
        if nx.text in ("'s", "\u2019s"):
            j += 1
            continue
        if nx.punct:
            break
        if nl in ("of", "from") and j + 2 < len(words) and (words[j + 2].cap or words[j + 2].lower in DETERMINERS):
            j += 1
            continue
        if nl in BREAK_WORDS or (nl in CUE_WORDS and nl not in NOUNISH_CUES) or (nx.cap and nl in NOT_NAME_WORDS and nl not in DETERMINERS):
            break
        if words[i].cap and not nx.cap and words[j].cap and nl not in DETERMINERS:
            # "said Cavusoglu quoting" -> stop at the first lower-case word after a name
            break
        j += 1
    p_text, s, e = _phrase(text, words, i, j)
    role = None
    # "said Gen. Joseph Votel, the commander of ..., "
    if j + 2 < len(words) and words[j + 1].text == "," and words[j + 2].lower in ("the", "a", "an"):
        r = _collect_forward_role(text, words, j + 2)
        if r:
            role = r
    return SpeakerPhrase(p_text, s, e, classify(p_text), role=role)


def _collect_forward_role(text: str, words: Sequence[Word], i: int) -> str | None:
    j = i
    while j + 1 < len(words) and words[j + 1].text not in (",", ".", ";", ":", "(", ")") and j - i < 12:
        j += 1
    if j + 1 < len(words) and words[j + 1].text not in (",", "."):
        return None
    return _strip_det(text[words[i].start : words[j].end])


def post_attribution(text: str, start: int, end: int, proper: ProperFn | None = None) -> SpeakerPhrase | None:
    """An attribution opening ``text[start:end]`` (the words right after a closing quote mark).

    Matches ``, Trump said`` / ``, said Cavusoglu`` / ``, according to X`` /
    ``, X, the official, added`` within the first few words.
    """
    # right after a quotation, a capitalised word before a cue is a name whatever the tagger says
    words = words_in(text, start, end, proper=lambda s, e, w, i: default_proper(s, e, w, i) or bool(proper and proper(s, e, w, i)))
    i = 0
    while i < len(words) and words[i].text in (",", "\u2014", "\u2013", "--", "-", "(", ";"):
        i += 1
    if i >= len(words):
        return None
    head = words[i:]
    base = i
    if head[0].lower == "it" and len(head) > 1 and is_cue(head[1]) and not head[1].lower.endswith("ing"):
        # '"...," it said': an organisation or a document, named earlier
        return SpeakerPhrase(head[0].text, head[0].start, head[0].end, "pronoun", cue=head[1].text, strength=3)
    if head[0].lower == "according" and len(head) > 1 and head[1].lower == "to":
        sp = np_after(text, words, base + 1)
        return _with(sp, "according to", 3)
    if is_cue(head[0]):
        sp = np_after(text, words, base)
        if sp is not None:
            return _with(sp, head[0].text, 3)
        return None
    # NP then cue within the first 30 words (allows an appositive or a participial clause)
    for k in range(base + 1, min(len(words), base + 30)):
        if words[k].text in (".", ";", "?", "!"):
            break
        if is_cue(words[k]):
            sp = np_before(text, words, k)
            if sp is not None and sp.start <= words[base].start:
                return _with(sp, words[k].text, 3)
            lead = [w for w in words[base:] if sp is not None and w.end <= sp.start]
            if sp is not None and lead and (lead[-1].text == "," and len(lead) <= 5 or [w.lower for w in lead] in (["and"], ["but"], ["so"])):
                # '"..." as president, Trump said' / '"...", and Trump said'
                return _with(sp, words[k].text, 3)
            # '"...," Mr. Daniloff, now 81 and retired in Cambridge, Mass., said'
            first = _initial_np(text, words, base)
            if first is not None and words[k - 1].text == "," and first[1] < k - 1 and words[first[1] + 1].text == ",":
                p_text, s0, e0 = _phrase(text, words, base, first[1])
                role = text[words[first[1] + 2].start : words[k - 2].end] if k - 2 > first[1] + 1 else None
                kind = classify(p_text)
                if kind != "pronoun":
                    return _with(SpeakerPhrase(p_text, s0, e0, kind, role=_strip_det(role) if role and kind == "name" else None), words[k].text, 3)
            return None
    # '"...," an angry Hollande retaliated.': a name, then a past-tense verb ending the attribution
    first = _initial_np(text, words, base)
    if first is not None:
        j = first[1] + 1
        if j < len(words) and not words[j].cap and (words[j].lower.endswith("ed") or words[j].lower in _IRREGULAR_SPEECH) and (j + 1 >= len(words) or words[j + 1].text in (".", ",", "!", "?") or words[j + 1].lower in ("back", "out", "on", "in", "to", "at")):
            p_text, s0, e0 = _phrase(text, words, base, first[1])
            return _with(SpeakerPhrase(p_text, s0, e0, classify(p_text)), words[j].text, 3)
    return None


_IRREGULAR_SPEECH = frozenset("spoke shot wrote told sang began".split())


def _initial_np(text: str, words: Sequence[Word], i: int) -> tuple[int, int] | None:
    """A name, pronoun or short description starting at ``words[i]``: (first, last) word index."""
    if i >= len(words):
        return None
    w = words[i]
    if w.lower in ("he", "she", "they", "we") or w.text == "I":
        return i, i
    j = i
    if w.lower in ("the", "a", "an", "one", "another") or (w.cap and w.lower in DETERMINERS):
        while j + 1 < len(words) and j - i < 6 and not words[j + 1].punct and words[j + 1].lower not in BREAK_WORDS and not (words[j + 1].lower.endswith("ed") and not words[j + 1].cap):
            j += 1
        return (i, j) if j > i else None
    if _name_like(w) and w.cap:
        while j + 1 < len(words) and (words[j + 1].cap and _name_like(words[j + 1]) or words[j + 1].text.startswith("al-")):
            j += 1
        if any(x.proper for x in words[i : j + 1]) and classify(_phrase(text, words, i, j)[0]) == "name":
            return i, j
    return None


def pre_attribution(
    text: str, start: int, end: int, skip: Sequence[tuple[int, int]] = (), proper: ProperFn | None = None
) -> SpeakerPhrase | None:
    """An attribution in ``text[start:end]`` (the sentence before an opening quote mark).

    The cue nearest the quotation with a speaker next to it wins: ``Pompeo
    said, "`` / ``X told reporters: "`` / ``according to X, "`` / ``said
    Trump: "``. Failing that, the subject of the sentence when it holds a cue
    ("Pompeo opened the conference by describing ... as a "tactical change"").
    Strength 3 when the cue is adjacent to the quotation (only an object,
    "that", a comma or a colon between), else 2. Quotations in ``skip`` are
    masked.
    """
    words = words_in(text, start, end, skip, proper=proper, initial=True)
    first_cue = None
    for k in range(len(words) - 1, -1, -1):
        w = words[k]
        if w.lower == "according" and k + 1 < len(words) and words[k + 1].lower == "to":
            found = np_after(text, words, k + 1)
            if found is not None:
                return _with(found, "according to", 3 if k + 8 >= len(words) else 2)
            continue
        if not is_cue(w):
            continue
        if first_cue is None:
            first_cue = k
        before = words[k - 1].lower if k > 0 else ""
        if w.lower.endswith("ing") or before in ("and", "or", "but"):
            found = clause_subject(text, words, k)
            if found is not None:
                return _with(found, w.text, 2)
            continue
        found = np_before(text, words, k)
        tail = [t for t in words[k + 1 :]]
        adjacent = len(tail) <= 8 and (not tail or tail[-1].text in (",", ":") or tail[-1].lower == "that") and QUOTE_TOKEN not in [t.text for t in tail]
        if found is None and w.lower in INVERTING_CUES and k + 1 < len(words):
            inv = np_after(text, words, k)
            if inv is not None and inv.kind == "name":
                found = inv
        if found is None:
            continue
        strength = 3 if adjacent and w.lower not in WEAK_CUES else 2
        return _with(found, w.text, strength)
    if first_cue is not None:
        found = clause_subject(text, words, first_cue)
        if found is not None:
            return _with(found, words[first_cue].text, 2)
    elif words and words[-1].text == ":":
        # "Politico reveals a few relevant facts: ..." / "Clinton released the following statement: ..."
        found = clause_subject(text, words, len(words) - 1)
        if found is not None:
            return _with(found, ":", 2)
    return None


_PP_PREPS = frozenset("on in at from for with".split())
_SUBJECT_LEADS = frozenset("and but so that when while as because although though if after before since yet then".split())
_NOT_VERBS = BREAK_WORDS - frozenset("has had was is will would could can may might must did does do have were are".split())


def clause_subject(text: str, words: Sequence[Word], k: int) -> SpeakerPhrase | None:
    """The first subject before ``words[k]``: a name or pronoun (or, at the sentence start, a
    description) followed, after an optional appositive, by a lower-case word that can be its verb.

    Used when the cue has no speaker next to it: "Pompeo opened the conference by
    describing ...", "Trump renewed his pledge ..., saying ...", "Reid caucused
    ... and says ...", "Politico reveals a few facts: ...". A name or pronoun
    is preferred to a description ("The meeting came a day after Trump
    renewed his pledge, saying ...").
    """
    description: SpeakerPhrase | None = None
    i = 0
    while i < k:
        w = words[i]
        lead_ok = i == 0 or words[i - 1].punct or words[i - 1].lower in _SUBJECT_LEADS
        if not lead_ok:
            i += 1
            continue
        if w.lower in ("he", "she", "they", "we", "i") and (w.lower != "i" or w.text == "I"):
            if i + 1 < len(words) and not words[i + 1].cap and not words[i + 1].punct and words[i + 1].lower not in _NOT_VERBS:
                return SpeakerPhrase(w.text, w.start, w.end, "pronoun")
            i += 1
            continue
        j = None
        if w.cap and _name_like(w) and not w.lower.endswith("ing"):
            j = i
            while j + 1 < k and (words[j + 1].cap and _name_like(words[j + 1]) or words[j + 1].text.startswith("al-")):
                j += 1
            if not any(x.proper for x in words[i : j + 1]):
                j = None
        elif w.lower in ("the", "a", "an") and (i == 0 or words[i - 1].text in (",", ":")):
            j = i
            while j + 1 < k and j - i < 6 and not words[j + 1].punct and words[j + 1].lower not in BREAK_WORDS and (words[j + 1].lower not in CUE_WORDS or words[j + 1].lower in NOUNISH_CUES):
                if j > i and j + 2 < len(words) and words[j + 2].lower in DETERMINERS:
                    break  # "The notice gave a line": "gave" is the verb
                j += 1
            if j == i:
                j = None
        if j is None:
            i += 1
            continue
        nxt = j + 1
        role = None
        if nxt < k and words[nxt].text == ",":
            # an appositive: "Christie, New Jersey's sitting governor, repeated ..."
            close = next((x for x in range(nxt + 1, min(k, nxt + 22)) if words[x].text == ","), None)
            inner = words[nxt + 1 : close] if close is not None else []
            if inner and inner[0].cap and len(inner) > 1 and not inner[1].cap and inner[1].lower not in ("of", "the", "'s", "\u2019s") and not inner[0].text.endswith(("'s", "\u2019s")):
                close = None  # "Salem, New Hampshire, Trump went ...": not an appositive
                i = nxt + 1
                continue
            if close is not None:
                role = text[words[nxt + 1].start : words[close - 1].end] if close - 1 > nxt else None
                nxt = close + 1
        if nxt < len(words) and nxt <= k and not words[nxt].cap and not words[nxt].punct and words[nxt].lower not in _NOT_VERBS:
            p_text, s, e = _phrase(text, words, i, j)
            kind = classify(p_text)
            if kind == "name":
                return SpeakerPhrase(p_text, s, e, kind, role=_strip_det(role) if role else None)
            if kind == "description" and w.lower in ("the", "a", "an") and description is None:
                description = SpeakerPhrase(p_text, s, e, kind, role=_strip_det(role) if role else None)
        i = j + 1
    return description
