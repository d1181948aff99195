"""Speakers from spaCy's dependency parse (not in ``--fast`` mode).

Used when no surface pattern matched: the subject of the reporting verb nearest the
quotation and outside it, climbing from "adding", "saying" to the verb they hang on,
with an appositive as the role.
"""

from __future__ import annotations

from typing import Any, Sequence

from ...nlp import lemma as spacy_lemma
from .cues import CUE_LEMMAS, PRONOUNS, SpeakerPhrase, _strip_det, classify


_SUBJ_DEPS = ("nsubj", "nsubjpass", "csubj")
_DROP_DEPS = ("appos", "relcl", "acl", "punct", "advcl", "parataxis", "cc", "conj", "advmod", "prep")


def dependency_attribution(doc: Any, quoted: Sequence[tuple[int, int]], lo: int, hi: int) -> SpeakerPhrase | None:
    """The subject of the reporting verb nearest the quotation, from spaCy's parse.

    Args:
        doc: the spaCy ``Doc`` of the whole article.
        quoted: character ranges inside quotation marks (cues there are ignored).
        lo, hi: character range of the sentence(s) to search.
    """
    inside = lambda t: any(s <= t.idx < e for s, e in quoted)  # noqa: E731
    first, last = quoted[0][0], quoted[-1][1]
    cands = []
    for t in doc:
        if t.idx < lo or t.idx >= hi or inside(t):
            continue
        if t.pos_ in ("VERB", "AUX") and spacy_lemma(t).lower() in CUE_LEMMAS or t.lower_ == "according":
            if t.idx >= last and _introduces_next(doc, t, hi):
                continue  # '"...." Trump replied: "No, ..."': that cue belongs to the next quotation
            dist = min(abs(t.idx - first), abs(t.idx - last))
            cands.append((dist, t))
    cands.sort(key=lambda c: c[0])
    for _, cue in cands:
        subj = _subject(cue)
        if subj is None:
            continue
        if any(s <= subj.idx < e for s, e in quoted):
            continue
        return _span_phrase(doc, subj, cue)
    return None


def _introduces_next(doc: Any, cue: Any, hi: int) -> bool:
    """Whether a cue after a quotation introduces another one: a colon or an opening mark within
    the next few tokens ("Trump replied: \u201c...")."""
    for t in doc[cue.i + 1 : cue.i + 5]:
        if t.idx >= hi or t.text in (".", "!", "?"):
            return False
        if t.text == ":" or t.text in ("\u201c", "``"):
            return True
    return False


def _subject(cue: Any) -> Any:
    if cue.lower_ == "according":
        for c in cue.children:
            if c.lower_ == "to":
                for g in c.children:
                    if g.dep_ == "pobj":
                        return g
        return None
    t = cue
    for _ in range(3):
        for c in t.children:
            if c.dep_ in _SUBJ_DEPS:
                return c
        if t.dep_ in ("xcomp", "advcl", "conj", "ccomp", "acl", "pcomp") and t.head is not t:
            t = t.head
            continue
        break
    if cue.dep_ == "relcl" and cue.head.pos_ in ("NOUN", "PROPN"):
        return None
    return None


def _span_phrase(doc: Any, tok: Any, cue: Any) -> SpeakerPhrase:
    if tok.pos_ == "PRON":
        return SpeakerPhrase(tok.text, tok.idx, tok.idx + len(tok.text), "pronoun" if tok.lower_ in PRONOUNS else "description", cue=cue.text, strength=2)
    keep = [tok]
    role = None
    stack = list(tok.children)
    while stack:
        c = stack.pop()
        if c.dep_ == "appos":
            role = " ".join(x.text_with_ws for x in c.subtree).strip().strip(",").strip()
            continue
        if c.dep_ in _DROP_DEPS and not (c.dep_ == "prep" and c.i > tok.i and c.lower_ in ("of", "from")):
            continue
        keep.append(c)
        stack.extend(c.children)
    idx = sorted(t.i for t in keep)
    # keep a contiguous run around the head
    lo = hi = tok.i
    s = set(idx)
    while lo - 1 in s:
        lo -= 1
    while hi + 1 in s:
        hi += 1
    span = doc[lo : hi + 1]
    text = span.text.strip().strip(",").strip()
    start = span.start_char
    kind = classify(text)
    if role:
        role = _strip_det(role)
        if kind == "description" and classify(role) == "name":
            text, role = role, _strip_det(text)
            kind = "name"
            for a in tok.children:
                if a.dep_ == "appos":
                    start = a.left_edge.idx
    return SpeakerPhrase(text, start, start + len(text), kind, role=role, cue=cue.text, strength=2)
