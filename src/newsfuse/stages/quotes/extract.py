"""The quotations of one article, with their speakers (:func:`extract_quotes`).

Quoted segments (:mod:`.marks`) are grouped into quotations: the paragraphs a quotation
runs over (the journalistic re-opened quote mark) and the parts split around their cue
(``"X," he said, "y."``). For each quotation the attribution is looked for between
its parts, right after it and in its sentence before it (:mod:`.phrases`), in spaCy's
parse (:mod:`.dependency`), and for a quotation standing alone, in the quotation before
it or an introducing colon; the phrase found is resolved to a person (:mod:`.resolve`).
Fragments inside the reporter's own sentence are marked ``partial``; titles and scare
quotes are left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any, Sequence

from ...model import Article
from ..names import fold
from .cues import CUE_WORDS, ProperFn, SpeakerPhrase, default_proper, plausible_speaker, words_in
from .dependency import dependency_attribution
from .marks import EDGE_STRIP, _Segment, _sentence_end, _sentence_ends, _sentence_start, find_segments, paragraph_spans
from .people import PersonIndex, index_people
from .phrases import clause_subject, post_attribution, pre_attribution
from .resolve import resolve
from .types import QuoteMention


_SPLIT_BETWEEN_MAX_WORDS = 12


def _is_partial(text: str, seg: _Segment, pre: str) -> bool:
    """A fragment inside the reporter's sentence rather than a quotation standing as its own clause."""
    body = text[seg.start : seg.end].lstrip(EDGE_STRIP)
    first = body[:1]
    pre = pre.rstrip()
    if not pre:
        return False
    if pre.endswith(":"):
        return False
    starts_upper = first.isupper() or first.isdigit() or body.startswith(("I ", "I'", "I\u2019"))
    if pre.endswith(",") and starts_upper:
        return False
    words = pre.split()
    last = fold(words[-1]).strip(",") if words else ""
    if starts_upper and (last in CUE_WORDS or last == "that" and len(words) > 1 and fold(words[-2]) in CUE_WORDS):
        return False
    return True


@dataclass(slots=True)
class _Context:
    """One article's text and what is known about it while its quotations are attributed."""

    text: str
    segments: list[_Segment]
    quoted: list[tuple[int, int]]
    paras: list[tuple[int, int]]
    people: PersonIndex
    proper: ProperFn
    doc: Any


def extract_quotes(article: Article, *, nlp: Any = None, doc: Any = None) -> list[QuoteMention]:
    """The direct quotations of one article, with their speakers.

    Args:
        article: the article; offsets refer to ``article.text``.
        nlp: spaCy ``Language`` (``newsfuse.nlp.get_nlp()``) for named
            entities and the dependency parse; ``None`` for the model-free path.
        doc: an already parsed ``Doc`` of ``article.text`` (saves parsing again).

    Returns:
        Mentions in text order. Fragments inside a sentence that look like
        titles ("Meet the Press") or, without any cue, like scare quotes (four
        words or fewer) are left out; quotations standing as their own
        sentence are kept even when no speaker is found (``speaker=None``).
    """
    text = article.text
    segments = find_segments(text)
    if not segments:
        return []
    if doc is None and nlp is not None:
        doc = nlp(text)
    quoted = [(s.open_start, s.close_end) for s in segments]
    people = index_people(text, quoted, doc)
    ctx = _Context(text, segments, quoted, paragraph_spans(text), people, _proper_fn(doc, people), doc)
    mentions: list[QuoteMention] = []
    attributed: list[tuple[int, str, str | None]] = []  # (position, speaker, role) so far
    for group in _group_segments(ctx):
        m = _mention(ctx, article.id, group, mentions, attributed)
        if m is None:
            continue
        mentions.append(m)
        if m.speaker:
            attributed.append((m.start, m.speaker, m.role))
    return _share_within_sentences(text, mentions, quoted)


def _group_segments(ctx: _Context) -> list[list[_Segment]]:
    """Quoted stretches that form one quotation: continued paragraphs, and parts split around their cue."""
    groups: list[list[_Segment]] = []
    for seg in ctx.segments:
        if groups:
            prev = groups[-1][-1]
            if prev.continues and seg.paragraph == prev.paragraph + 1 and seg.open_start == ctx.paras[seg.paragraph][0]:
                groups[-1].append(seg)
                continue
            if prev.paragraph == seg.paragraph and not prev.unclosed and _is_split(ctx.text, prev, seg, ctx.proper):
                groups[-1].append(seg)
                continue
        groups.append([seg])
    return groups


def _mention(
    ctx: _Context, article_id: str, group: list[_Segment], mentions: Sequence[QuoteMention], attributed: Sequence[tuple[int, str, str | None]]
) -> QuoteMention | None:
    """One quotation with its speaker, or None for a title or scare quote.

    The attribution is looked for, in order: between the parts of a split
    quotation; right after it (``"...," Trump said``; after a quotation that
    ends its sentence only a short sentence that only attributes counts);
    in its sentence before it (which wins when the cue is closer); in spaCy's
    parse; and for a quotation standing alone, from the quotation just before
    it or an introducing colon.
    """
    text = ctx.text
    first, last = group[0], group[-1]
    p_lo = ctx.paras[first.paragraph][0]
    lp_hi = ctx.paras[last.paragraph][1]
    s_start = _sentence_start(text, p_lo, first.open_start, ctx.quoted)
    nxt_open = next((s.open_start for s in ctx.segments if s.open_start >= last.close_end), lp_hi)
    s_end = _sentence_end(text, last.close_end, min(lp_hi, nxt_open), ctx.quoted)
    pre = text[s_start : first.open_start]
    parts = tuple((s.start, s.end) for s in group)
    qtext = _join_parts(text, parts)
    partial = _is_partial(text, first, pre)

    phrase = None
    for a, b in zip(group, group[1:]):
        if a.paragraph == b.paragraph:
            phrase = post_attribution(text, a.close_end, b.open_start, ctx.proper)
            if phrase:
                break
    if phrase is None:
        ends_sentence = text[last.end - 1 : last.end] in ".!?" and not text[last.close_end : last.close_end + 3].lstrip()[:1].islower()
        post = post_attribution(text, last.close_end, s_end, ctx.proper)
        if post is not None and (not ends_sentence or _short_attribution(text, last.close_end, s_end, nxt_open)):
            phrase = post
    pre_phrase = pre_attribution(text, s_start, first.open_start, ctx.quoted, ctx.proper) if pre.strip() else None
    if pre_phrase is not None and (phrase is None or pre_phrase.strength > phrase.strength):
        phrase = pre_phrase
    cue_seen = phrase is not None  # a cue next to it: a quotation even when its speaker is not usable
    if phrase is not None and not plausible_speaker(phrase):
        phrase = None
    if phrase is None and ctx.doc is not None:
        phrase = dependency_attribution(ctx.doc, [(s.open_start, s.close_end) for s in group], s_start, s_end)
        if phrase is not None and not plausible_speaker(phrase):
            phrase = None

    if phrase is None and partial and pre.strip():
        # a fragment with no reporting verb: the person the sentence is about chose the words
        # ("Huckabee is labeling Obama's actions 'a blatant abuse of power'")
        words = words_in(text, s_start, first.open_start, ctx.quoted, proper=ctx.proper, initial=True)
        subj = clause_subject(text, words, len(words)) if words else None
        if subj is not None and subj.kind in ("name", "pronoun"):
            phrase = SpeakerPhrase(subj.text, subj.start, subj.end, subj.kind, subj.role, None, 1)
    speaker = role = cue = None
    if phrase is not None:
        speaker, role = resolve(phrase, ctx.people, attributed, s_start if phrase.start >= s_start else None)
        cue = phrase.cue
    elif not partial and not pre.strip():
        # a quotation standing alone continues the one before it, or follows an introducing colon
        prev = _continued_from(text, mentions, first, ctx.paras)
        if prev is not None:
            speaker, role, cue = prev.speaker, prev.role, prev.cue
            phrase = SpeakerPhrase(prev.speaker_text or "", prev.speaker_start or 0, prev.speaker_end or 0, "name", strength=1)
            if prev.speaker_start is None:
                phrase = None
        else:
            phrase = _introduced_by_colon(ctx, first)
            if phrase is not None:
                speaker, role = resolve(phrase, ctx.people, attributed)
                cue = phrase.cue
    if partial and (phrase is None and not cue_seen and speaker is None and len(qtext.split()) <= 4 or _title_case(qtext)):
        return None  # a title ("Meet the Press") or a scare quote, not a quotation
    return QuoteMention(
        article_id=article_id,
        start=parts[0][0],
        end=parts[-1][1],
        text=qtext,
        parts=parts,
        speaker=speaker,
        role=role,
        cue=cue,
        partial=partial,
        speaker_start=phrase.start if phrase else None,
        speaker_end=phrase.end if phrase else None,
        speaker_text=phrase.text if phrase else None,
        unclosed=any(s.unclosed for s in group),
    )


def _share_within_sentences(text: str, mentions: list[QuoteMention], quoted: Sequence[tuple[int, int]]) -> list[QuoteMention]:
    """A quotation with no speaker takes the speaker of the next one in the same sentence
    ('Guns are "x" and "y," Howard Dean said')."""
    out = list(mentions)
    for i in range(len(out) - 2, -1, -1):
        m, nxt = out[i], out[i + 1]
        if m.speaker is None and m.speaker_start is None and nxt.speaker_start is not None and m.article_id == nxt.article_id:
            between = text[m.end : nxt.start]
            if "\n" not in between and not any(True for _ in _sentence_ends(text, m.end, nxt.start)) and len(between.split()) <= 25:
                out[i] = replace(
                    m, speaker=nxt.speaker, role=nxt.role, cue=nxt.cue, speaker_start=nxt.speaker_start, speaker_end=nxt.speaker_end, speaker_text=nxt.speaker_text
                )
    return out


def _title_case(text: str) -> bool:
    """Every longer word capitalised and no sentence punctuation: a title, not speech."""
    words = [w for w in re.findall(r"[^\W\d_][\w'\u2019\-]*", text) if len(w) > 3 or w[:1].isupper()]
    return bool(words) and all(w[:1].isupper() for w in words) and not re.search(r"[.!?]\s+\S", text) and len(words) <= 10


def _short_attribution(text: str, start: int, end: int, next_open: int) -> bool:
    """Whether ``text[start:end]`` is a whole sentence that only attributes ("Trump said Wednesday."), not a new statement."""
    rest = text[start:end].strip()
    return end < next_open and rest.endswith((".", "!", "?")) and len(rest.split()) <= 10


_NOT_NAME_ENTS = frozenset("DATE TIME CARDINAL ORDINAL MONEY PERCENT QUANTITY".split())


def _proper_fn(doc: Any, people: PersonIndex) -> ProperFn:
    """Whether a word is part of a name: spaCy's entities and tags, or, without a model, any
    capitalised word except at a sentence start, where it must be part of a name already seen."""
    known = {fold(tok) for _, _, name in people.mentions for tok in name.split()}
    if doc is not None:
        tok_at = {t.idx: t for t in doc}

        def proper(start: int, end: int, word: str, initial: bool) -> bool:
            if fold(word.rstrip(".")) in known:
                return True
            t = tok_at.get(start)
            if t is None:
                return default_proper(start, end, word, initial)
            if t.ent_type_ in ("PERSON", "ORG", "NORP", "FAC"):
                return True
            return t.pos_ == "PROPN" and t.ent_type_ not in _NOT_NAME_ENTS

        return proper

    def proper_fast(start: int, end: int, word: str, initial: bool) -> bool:
        if not default_proper(start, end, word, initial):
            return False
        return not initial or fold(word.rstrip(".")) in known

    return proper_fast


def _is_split(text: str, a: _Segment, b: _Segment, proper: ProperFn | None = None) -> bool:
    """``"X," he said, "y."``: the words between two quoted stretches are only an attribution ending with a comma."""
    between = text[a.close_end : b.open_start]
    if text[a.end - 1 : a.end] in ".!?":
        return False  # the first part ends its sentence: a new quotation follows
    if not re.search(r"[,:]\s*$", between) or re.search(r"[.!?;]", between.replace("U.S.", "US").replace("Mr.", "Mr").replace("Ms.", "Ms").replace("Dr.", "Dr")):
        return False
    words = between.split()
    if not words or len(words) > _SPLIT_BETWEEN_MAX_WORDS:
        return False
    phrase = post_attribution(text, a.close_end, b.open_start, proper)
    if phrase is None:
        return False
    # "X," Pompeo said, adding "y": a second cue introduces a new quotation
    tail = text[phrase.end : b.open_start]
    cues_after = [w for w in re.findall(r"[A-Za-z]+", tail) if w.lower() in CUE_WORDS]
    return len(cues_after) <= 1 and not any(w.lower().endswith("ing") for w in cues_after)


def _join_parts(text: str, parts: Sequence[tuple[int, int]]) -> str:
    pieces = []
    for i, (s, e) in enumerate(parts):
        piece = text[s:e].strip()
        if i + 1 < len(parts):
            nxt = text[parts[i + 1][0] : parts[i + 1][1]].lstrip()
            if piece.endswith(",") and nxt[:1].islower():
                piece = piece[:-1]
        pieces.append(piece)
    return re.sub(r"\s+", " ", " ".join(pieces)).strip()


def _continued_from(text: str, mentions: Sequence[QuoteMention], seg: _Segment, paras: Sequence[tuple[int, int]]) -> QuoteMention | None:
    """The attributed quotation just before ``seg``, in its paragraph or the one before, with little between."""
    if not mentions:
        return None
    prev = mentions[-1]
    p_prev = _para_of(paras, prev.end)
    if not prev.speaker or p_prev is None or seg.paragraph - p_prev > 1:
        return None
    gap = text[prev.end : seg.open_start]
    return prev if len(gap.split()) <= (60 if p_prev == seg.paragraph else 25) else None


def _introduced_by_colon(ctx: _Context, seg: _Segment) -> SpeakerPhrase | None:
    """The speaker of a sentence ending with a colon at the end of the previous paragraph."""
    if seg.paragraph == 0:
        return None
    lo, hi = ctx.paras[seg.paragraph - 1]
    if not ctx.text[lo:hi].rstrip().endswith(":"):
        return None
    s0 = _sentence_start(ctx.text, lo, hi, ctx.quoted)
    return pre_attribution(ctx.text, s0, hi, ctx.quoted, ctx.proper)


def _para_of(paras: Sequence[tuple[int, int]], pos: int) -> int | None:
    for i, (s, e) in enumerate(paras):
        if s <= pos <= e:
            return i
    return None
