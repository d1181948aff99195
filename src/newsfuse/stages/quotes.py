"""Direct quotations, their speakers, and the same remark merged across outlets.

Three steps, each usable on its own:

- :func:`extract_quotes` finds the quotations of one article as
  :class:`QuoteMention` s with character offsets into ``Article.text``:
  straight, curly and doubled-apostrophe quote marks; quotations running over
  several sentences or paragraphs (the journalistic re-opened quote mark);
  quotations split around their cue (``"X," he said, "y."``) kept as one;
  short fragments inside the reporter's own sentence (``partial``). A quote
  mark left open ends at the end of its paragraph, or at the sentence before
  the next opening mark, so a missing mark never swallows the article.
  Speakers come from :mod:`newsfuse.stages.speakers`.
- :func:`merge_quotes` groups the mentions of all outlets into :class:`Quote` s:
  the same remark (normalised-token containment, "100%" == "100 percent")
  by compatible speakers becomes one quote with all its sources, its longest
  wording as the text and the other wordings as variants.
- The ``quotes`` pipeline stage runs both over a cluster; spaCy's parse and
  named entities are used unless ``settings.fast``.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from typing import Any, Iterable, Mapping, Sequence

from ..model import Article, Citation, Cluster, Sentence
from ..pipeline import parsed, stage
from ..settings import Settings
from . import speakers as sp
from .segment import _is_boundary
from .names import fold, fullest_name, group_names, same_person, split_title

# ---------------------------------------------------------------- data


@dataclass(frozen=True, slots=True)
class QuoteMention:
    """One quotation as it appears in one article.

    Attributes:
        article_id: the article it is in.
        start, end: offsets in ``Article.text`` of the quoted words (inside the
            marks), from the first part's start to the last part's end.
        text: the quoted words; the parts of a quote split around its cue are
            joined with a space.
        parts: ``(start, end)`` of each quoted stretch (one per pair of marks,
            one per paragraph of a quotation over several paragraphs).
        speaker: the canonical name ("Donald Trump"), a description for an
            unnamed source ("senior administration official"), or ``None``.
        role: title or role ("Secretary of State"), if given.
        cue: the reporting verb or phrase ("said", "according to"), if found.
        partial: a fragment quoted inside the reporter's own sentence.
        speaker_start, speaker_end: offsets of the speaker as written next to
            the cue ("he", "the official", "Mike Pompeo"); ``None`` if none.
        speaker_text: that phrase.
        unclosed: a quote mark was never closed (ended at paragraph or sentence end).
    """

    article_id: str
    start: int
    end: int
    text: str
    parts: tuple[tuple[int, int], ...]
    speaker: str | None = None
    role: str | None = None
    cue: str | None = None
    partial: bool = False
    speaker_start: int | None = None
    speaker_end: int | None = None
    speaker_text: str | None = None
    unclosed: bool = False


@dataclass(frozen=True, slots=True)
class QuoteVariant:
    """Another wording of a merged quote and the sources that use it."""

    text: str
    sources: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "sources": list(self.sources)}


@dataclass(frozen=True, slots=True)
class Quote:
    """One remark, merged across every outlet that quotes it.

    ``to_dict()`` gives the brief's JSON: text, speaker, role, sources,
    variants, partial. ``citations`` (one per mention: source id, article id,
    sentence index and the character span of the quoted words) back the web
    page's links; ``mentions`` keep the per-article detail.
    """

    text: str
    speaker: str | None
    role: str | None
    sources: tuple[str, ...]
    variants: tuple[QuoteVariant, ...] = ()
    partial: bool = False
    citations: tuple[Citation, ...] = ()
    mentions: tuple[QuoteMention, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "speaker": self.speaker,
            "role": self.role,
            "sources": list(self.sources),
            "variants": [v.to_dict() for v in self.variants],
            "partial": self.partial,
        }


# ---------------------------------------------------------------- quote marks

# Opening-only and closing-only glyphs; '"' and "''" are decided by context.
OPEN_GLYPHS = ("\u201c", "\u201e", "\u201f", "``", "\u00ab")
CLOSE_GLYPHS = ("\u201d", "\u00bb")
AMBIGUOUS_GLYPHS = ('"', "''")
_MARK_RE = re.compile("''|``|[\"\u201c\u201d\u201e\u201f\u00ab\u00bb]")
_OPEN_CONTEXT = set(" \t\n\r([{\u2014\u2013-/:")
_CLOSE_CONTEXT = set(" \t\n\r.,;:!?)]}\u2014\u2013-")
_TAG_RE = re.compile(r"</?[A-Za-z][^<>]{0,400}>")
_SENT_END_RE = re.compile(r"[.!?]+(?=[\s\"'\u201d\u2019)]*\s+[\"\u201c\u2018('`]*[A-Z0-9])")
QUOTE_CHARS = "\"\u201c\u201d\u201e\u201f\u00ab\u00bb"
EDGE_STRIP = " \t\n\r,;:\u2014\u2013-\"'\u201c\u201d\u2018\u2019\u201e\u00ab\u00bb`"


@dataclass(frozen=True, slots=True)
class _Mark:
    start: int
    end: int
    kind: str  # "open" or "close"


@dataclass(frozen=True, slots=True)
class _Segment:
    start: int  # first quoted char (after the opening mark)
    end: int  # after the last quoted char (before the closing mark)
    open_start: int  # the opening mark's offset (== start when missing)
    close_end: int  # after the closing mark (== end when missing)
    paragraph: int
    unclosed: bool = False
    continues: bool = False  # the quotation goes on in the next paragraph


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of the paragraphs of ``text``: blank-line separated, or line separated if there are no blank lines."""
    sep = r"\n[ \t\r\f\v]*\n" if re.search(r"\n[ \t\r\f\v]*\n", text) else r"\n"
    out, pos = [], 0
    for m in re.finditer(sep, text):
        out.append((pos, m.start()))
        pos = m.end()
    out.append((pos, len(text)))
    spans = []
    for s, e in out:
        seg = text[s:e]
        lead = len(seg) - len(seg.lstrip())
        trail = len(seg.rstrip())
        if trail > lead:
            spans.append((s + lead, s + trail))
    return spans


def _classify_mark(text: str, m: re.Match, lo: int, hi: int) -> str:
    glyph = m.group()
    prev = text[m.start() - 1] if m.start() > lo else " "
    nxt = text[m.end()] if m.end() < hi else " "
    open_ctx = prev in _OPEN_CONTEXT or prev in QUOTE_CHARS
    close_ctx = nxt in _CLOSE_CONTEXT or nxt in QUOTE_CHARS or nxt in "'\u2019"
    if open_ctx and not close_ctx:
        return "open"
    if close_ctx and not open_ctx:
        return "close"
    if glyph in OPEN_GLYPHS:
        return "open"
    if glyph in CLOSE_GLYPHS:
        return "close"
    return "toggle"


def _family(glyph: str) -> str:
    if glyph == '"':
        return "straight"
    if glyph in ("''", "``"):
        return "apostrophes"
    return "typographic"


def _sentence_ends(text: str, start: int, end: int) -> Iterable[re.Match]:
    """Sentence-ending punctuation in ``text[start:end]``, not abbreviations ("Dr.", "U.S.", "Feb. 6")."""
    for m in _SENT_END_RE.finditer(text, start, min(len(text), end + 4)):
        if m.end() > end:
            break
        if _is_boundary(text, m.start(), m.end()):
            yield m


def _last_sentence_end(text: str, start: int, end: int) -> int | None:
    last = None
    for m in _sentence_ends(text, start, end):
        last = m.end()
    return last


_EMBEDDED_CUE_RE = re.compile(r",\s+((?:[\w.'\u2019-]+\s+){0,5}?)(said|says|told|added|adds|warned|explained|according\s+to)\b")


def _embedded_cue(text: str, start: int, end: int) -> int | None:
    """Where a quotation whose closing mark is missing really ends: at the comma before an attribution
    (", said one dock worker." / ", the official said.") that runs to the end of its sentence."""
    for m in _EMBEDDED_CUE_RE.finditer(text, start, end):
        lead = m.group(1).split()
        if any(fold(w) in sp.CUE_WORDS for w in lead) or (lead and fold(lead[0]) in ("and", "but", "or", "so")):
            continue
        stop = _sentence_end(text, m.end(), end, ())
        if len(text[m.end() : stop].split()) <= 15 and m.start() > start:
            return m.start() + 1
    return None


def find_segments(text: str) -> list[_Segment]:
    """Every stretch of ``text`` inside quote marks, paragraph by paragraph."""
    paras = paragraph_spans(text)
    segments: list[_Segment] = []
    for p_index, (p_start, p_end) in enumerate(paras):
        tags = [(t.start(), t.end()) for t in _TAG_RE.finditer(text, p_start, p_end)]
        marks = [
            (_classify_mark(text, m, p_start, p_end), m)
            for m in _MARK_RE.finditer(text, p_start, p_end)
            if not any(a <= m.start() < b for a, b in tags)  # attribute values in markup: <tweet author="x">
        ]
        open_at: re.Match | None = None
        nested = 0  # quotation marks of another kind inside an open quotation
        for kind, m in marks:
            if open_at is not None and _family(m.group()) != _family(open_at.group()):
                if kind == "open" or kind == "toggle" and nested == 0:
                    nested += 1
                    continue
                if nested > 0:
                    nested -= 1
                    continue
            if kind == "toggle":
                kind = "close" if open_at is not None else "open"
            if kind == "open":
                if open_at is not None:
                    # the earlier mark was never closed: end it at the last sentence end before this mark
                    cut = _last_sentence_end(text, open_at.end(), m.start()) or m.start()
                    end = len(text[:cut].rstrip())
                    if end > open_at.end():
                        segments.append(_Segment(open_at.end(), end, open_at.start(), end, p_index, unclosed=True))
                open_at = m
            else:
                if open_at is None:
                    # a closing mark with no opening: the opening was left out at the paragraph start
                    prior = [s for s in segments if s.paragraph == p_index]
                    if not prior and text[p_start:m.start()].strip() and m.start() - p_start < 600:
                        segments.append(_Segment(p_start, m.start(), p_start, m.end(), p_index, unclosed=True))
                    continue
                if m.start() > open_at.end():
                    segments.append(_Segment(open_at.end(), m.start(), open_at.start(), m.end(), p_index))
                open_at = None
                nested = 0
        if open_at is not None:
            nxt = paras[p_index + 1] if p_index + 1 < len(paras) else None
            reopens = nxt is not None and _MARK_RE.match(text, nxt[0]) is not None and _classify_mark(text, _MARK_RE.match(text, nxt[0]), nxt[0], nxt[1]) != "close"
            if p_end > open_at.end():
                cut = None if reopens else _embedded_cue(text, open_at.end(), p_end)
                if cut is not None:
                    # '"Everyone knew it was bad, said one worker.': the cue shows where the mark was left out
                    segments.append(_Segment(open_at.end(), cut, open_at.start(), cut, p_index, unclosed=True))
                else:
                    segments.append(_Segment(open_at.end(), p_end, open_at.start(), p_end, p_index, unclosed=not reopens, continues=reopens))
    # trim whitespace inside the marks
    out = []
    for s in segments:
        a, b = s.start, s.end
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if b > a:
            out.append(replace(s, start=a, end=b))
    return out


# ---------------------------------------------------------------- mentions

_SPLIT_BETWEEN_MAX_WORDS = 12


def _sentence_start(text: str, lo: int, pos: int, quoted: Sequence[tuple[int, int]]) -> int:
    """Start of the sentence holding ``pos``: after the last sentence end in ``text[lo:pos]`` outside quotes."""
    best = lo
    for m in _sentence_ends(text, lo, pos):
        if any(a <= m.start() < b for a, b in quoted):
            continue
        ws = re.match(r"[\s\"'\u201d\u2019)]*", text[m.end() : pos])
        best = m.end() + (ws.end() if ws else 0)
    # a quotation that ended with a sentence end also ends the sentence before it
    for a, b in quoted:
        if lo <= b < pos and text[b - 1 : b] in ".!?" and re.match(r"[\s\"\u201d'\u2019]*[\s]+[A-Z\"\u201c]", text[b:pos + 1]):
            close = b
            while close < pos and (text[close] in QUOTE_CHARS or text[close] in "'\u2019"):
                close += 1
            nxt = close + (len(text[close:pos]) - len(text[close:pos].lstrip()))
            if nxt > best and nxt <= pos:
                # only if what follows is not an attribution of that quotation
                best = nxt
    return best


def _sentence_end(text: str, pos: int, hi: int, quoted: Sequence[tuple[int, int]]) -> int:
    for m in _sentence_ends(text, pos, hi):
        if any(a <= m.start() < b for a, b in quoted):
            continue
        return m.end()
    return hi


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
    if starts_upper and (last in sp.CUE_WORDS or last == "that" and len(words) > 1 and fold(words[-2]) in sp.CUE_WORDS):
        return False
    return True


@dataclass(slots=True)
class _Context:
    """One article's text and what is known about it while its quotations are attributed."""

    text: str
    segments: list[_Segment]
    quoted: list[tuple[int, int]]
    paras: list[tuple[int, int]]
    people: sp.PersonIndex
    proper: sp.ProperFn
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
    people = sp.index_people(text, quoted, doc)
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
            phrase = sp.post_attribution(text, a.close_end, b.open_start, ctx.proper)
            if phrase:
                break
    if phrase is None:
        ends_sentence = text[last.end - 1 : last.end] in ".!?" and not text[last.close_end : last.close_end + 3].lstrip()[:1].islower()
        post = sp.post_attribution(text, last.close_end, s_end, ctx.proper)
        if post is not None and (not ends_sentence or _short_attribution(text, last.close_end, s_end, nxt_open)):
            phrase = post
    pre_phrase = sp.pre_attribution(text, s_start, first.open_start, ctx.quoted, ctx.proper) if pre.strip() else None
    if pre_phrase is not None and (phrase is None or pre_phrase.strength > phrase.strength):
        phrase = pre_phrase
    cue_seen = phrase is not None  # a cue next to it: a quotation even when its speaker is not usable
    if phrase is not None and not sp.plausible_speaker(phrase):
        phrase = None
    if phrase is None and ctx.doc is not None:
        phrase = sp.dependency_attribution(ctx.doc, [(s.open_start, s.close_end) for s in group], s_start, s_end)
        if phrase is not None and not sp.plausible_speaker(phrase):
            phrase = None

    if phrase is None and partial and pre.strip():
        # a fragment with no reporting verb: the person the sentence is about chose the words
        # ("Huckabee is labeling Obama's actions 'a blatant abuse of power'")
        words = sp.words_in(text, s_start, first.open_start, ctx.quoted, proper=ctx.proper, initial=True)
        subj = sp.clause_subject(text, words, len(words)) if words else None
        if subj is not None and subj.kind in ("name", "pronoun"):
            phrase = sp.SpeakerPhrase(subj.text, subj.start, subj.end, subj.kind, subj.role, None, 1)
    speaker = role = cue = None
    if phrase is not None:
        speaker, role = sp.resolve(phrase, ctx.people, attributed, s_start if phrase.start >= s_start else None)
        cue = phrase.cue
    elif not partial and not pre.strip():
        # a quotation standing alone continues the one before it, or follows an introducing colon
        prev = _continued_from(text, mentions, first, ctx.paras)
        if prev is not None:
            speaker, role, cue = prev.speaker, prev.role, prev.cue
            phrase = sp.SpeakerPhrase(prev.speaker_text or "", prev.speaker_start or 0, prev.speaker_end or 0, "name", strength=1)
            if prev.speaker_start is None:
                phrase = None
        else:
            phrase = _introduced_by_colon(ctx, first)
            if phrase is not None:
                speaker, role = sp.resolve(phrase, ctx.people, attributed)
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


def _proper_fn(doc: Any, people: sp.PersonIndex) -> sp.ProperFn:
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
                return sp.default_proper(start, end, word, initial)
            if t.ent_type_ in ("PERSON", "ORG", "NORP", "FAC"):
                return True
            return t.pos_ == "PROPN" and t.ent_type_ not in _NOT_NAME_ENTS

        return proper

    def proper_fast(start: int, end: int, word: str, initial: bool) -> bool:
        if not sp.default_proper(start, end, word, initial):
            return False
        return not initial or fold(word.rstrip(".")) in known

    return proper_fast


def _is_split(text: str, a: _Segment, b: _Segment, proper: sp.ProperFn | None = None) -> bool:
    """``"X," he said, "y."``: the words between two quoted stretches are only an attribution ending with a comma."""
    between = text[a.close_end : b.open_start]
    if text[a.end - 1 : a.end] in ".!?":
        return False  # the first part ends its sentence: a new quotation follows
    if not re.search(r"[,:]\s*$", between) or re.search(r"[.!?;]", between.replace("U.S.", "US").replace("Mr.", "Mr").replace("Ms.", "Ms").replace("Dr.", "Dr")):
        return False
    words = between.split()
    if not words or len(words) > _SPLIT_BETWEEN_MAX_WORDS:
        return False
    phrase = sp.post_attribution(text, a.close_end, b.open_start, proper)
    if phrase is None:
        return False
    # "X," Pompeo said, adding "y": a second cue introduces a new quotation
    tail = text[phrase.end : b.open_start]
    cues_after = [w for w in re.findall(r"[A-Za-z]+", tail) if w.lower() in sp.CUE_WORDS]
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


def _introduced_by_colon(ctx: _Context, seg: _Segment) -> sp.SpeakerPhrase | None:
    """The speaker of a sentence ending with a colon at the end of the previous paragraph."""
    if seg.paragraph == 0:
        return None
    lo, hi = ctx.paras[seg.paragraph - 1]
    if not ctx.text[lo:hi].rstrip().endswith(":"):
        return None
    s0 = _sentence_start(ctx.text, lo, hi, ctx.quoted)
    return sp.pre_attribution(ctx.text, s0, hi, ctx.quoted, ctx.proper)


def _para_of(paras: Sequence[tuple[int, int]], pos: int) -> int | None:
    for i, (s, e) in enumerate(paras):
        if s <= pos <= e:
            return i
    return None


# ---------------------------------------------------------------- merging

_NUM_WORDS = {"percent": "percent", "per": "per", "pct": "percent"}
_STOP = frozenset(
    """
    a an the and or but of to in on at for with by from as is are was were be been being it its this that these those
    we you they he she i our your their his her my me us them will would can could should have has had do does did not
    there here so if than then just also very all any some no
    """.split()
)


_CONTRACTIONS = (
    (r"\bcan't\b", "can not"), (r"\bwon't\b", "will not"), (r"\bshan't\b", "shall not"), (r"n't\b", " not"),
    (r"\b(it|that|there|he|she|what|who|here)'s\b", r"\1 is"), (r"'re\b", " are"), (r"'ve\b", " have"),
    (r"'ll\b", " will"), (r"\bi'm\b", "i am"), (r"'d\b", " would"),
)


def norm_tokens(text: str) -> list[str]:
    """Normalised tokens for comparing wordings: folded case, contractions expanded, "%" as "percent", "2,000" as "2000"."""
    t = fold(text)
    for pattern, repl in _CONTRACTIONS:
        t = re.sub(pattern, repl, t)
    t = re.sub(r"(\d),(\d{3})", r"\1\2", t)
    t = t.replace("%", " percent ").replace("per cent", "percent").replace("&", " and ")
    t = t.replace("\u2014", " ").replace("\u2013", " ").replace("-", " ")
    return re.findall(r"[a-z0-9]+(?:'[a-z]+)?", t)


def wording_key(text: str) -> str:
    """What makes two wordings the same: case, spacing, quote glyphs and punctuation ignored; "100%" is not "100 percent"."""
    t = fold(text)
    t = re.sub(r"(\d),(\d{3})", r"\1\2", t).replace("%", " % ")
    return " ".join(re.findall(r"[a-z0-9%]+(?:'[a-z]+)?", t))


def containment(short: Sequence[str], long: Sequence[str]) -> float:
    """Share of ``short``'s tokens (as a multiset) found in ``long``."""
    if not short:
        return 0.0
    a, b = Counter(short), Counter(long)
    return sum(min(n, b[w]) for w, n in a.items()) / len(short)


def _contiguous(short: Sequence[str], long: Sequence[str]) -> bool:
    n = len(short)
    return any(list(long[i : i + n]) == list(short) for i in range(len(long) - n + 1))


MIN_CONTAINMENT = 0.8
MIN_CONTENT_CONTAINMENT = 0.75


def same_remark(a: Sequence[str], b: Sequence[str]) -> bool:
    """Whether two token lists carry the same remark: the shorter mostly contained in the longer.

    Fragments of up to three tokens must appear word for word in the other.
    """
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    content = [w for w in short if w not in _STOP]
    if not content:
        return False
    if len(short) <= 3:
        return _contiguous(short, long)
    if containment(short, long) < MIN_CONTAINMENT:
        return False
    return containment(content, [w for w in long if w not in _STOP]) >= MIN_CONTENT_CONTAINMENT


def _speakers_compatible(a: str | None, b: str | None) -> bool:
    if a is None or b is None:
        return True
    if a == b:
        return True
    ka, kb = sp.classify(a), sp.classify(b)
    if ka == "name" and kb == "name":
        return same_person(a, b)
    if ka != kb:
        # a description and a name may be the same source seen differently; allow
        return True
    return fold(a).split()[-1:] == fold(b).split()[-1:]


MIN_UNIT_TOKENS = 4


def remark_units(mention: QuoteMention, text: str) -> list[QuoteMention]:
    """The sentences of a quotation, each as a mention of its own (offsets into ``text``).

    One outlet may quote a whole passage where another quotes one sentence of
    it; merging sentence by sentence keeps every quote's sources to the outlets
    that carry its words. A quotation split around its cue stays one sentence
    unless its first part ends one; sentences under ``MIN_UNIT_TOKENS`` tokens
    ("They're sick.") stay with the sentence before them.
    """
    pieces: list[list[tuple[int, int]]] = [[]]
    for k, (s, e) in enumerate(mention.parts):
        pos = s
        for m in _sentence_ends(text, s, e):
            cut = m.end()
            if cut >= e or not text[cut:e].strip():
                break
            pieces[-1].append((pos, cut))
            pieces.append([])
            pos = cut + len(text[cut:e]) - len(text[cut:e].lstrip())
        pieces[-1].append((pos, e))
        if k + 1 < len(mention.parts) and text[:e].rstrip().rstrip("\"'\u201d\u2019")[-1:] in ".!?":
            pieces.append([])
    pieces = [p for p in pieces if p]
    if len(pieces) <= 1:
        return [mention]
    merged: list[list[tuple[int, int]]] = []
    for p in pieces:
        if merged and len(norm_tokens(_join_parts(text, p))) < MIN_UNIT_TOKENS:
            merged[-1].extend(p)
        else:
            merged.append(list(p))
    if len(merged) > 1 and len(norm_tokens(_join_parts(text, merged[0]))) < MIN_UNIT_TOKENS:
        merged[1] = merged[0] + merged[1]
        merged.pop(0)
    if len(merged) <= 1:
        return [mention]
    return [_with_parts(mention, text, p) for p in merged]


def _with_parts(mention: QuoteMention, text: str, parts: Sequence[tuple[int, int]]) -> QuoteMention:
    """``mention`` narrowed to ``parts``; pieces with only spaces between them become one."""
    joined: list[tuple[int, int]] = []
    for a, b in parts:
        if joined and not text[joined[-1][1] : a].strip():
            joined[-1] = (joined[-1][0], b)
        else:
            joined.append((a, b))
    parts = tuple(joined)
    return replace(mention, start=parts[0][0], end=parts[-1][1], parts=parts, text=_join_parts(text, parts))


def merge_quotes(mentions: Iterable[QuoteMention], cluster: Cluster) -> tuple[Quote, ...]:
    """Merge mentions of the same remark across the cluster's articles into quotes.

    Quotations are compared sentence by sentence (:func:`remark_units`): a
    sentence joins the same remark of other outlets when its normalised tokens
    are mostly contained in theirs (or theirs in it), the speakers are
    compatible, and the group would not hold two different remarks of one
    article. Neighbouring sentences of one quotation whose groups have the
    same members are joined again, so a passage only one outlet quotes stays
    one quote, and a passage quoted in full by one outlet and in part by
    another becomes one quote for the shared part and one for the rest.

    Args:
        mentions: quotations from :func:`extract_quotes`, any articles of ``cluster``.
        cluster: gives each article's text, source id ("s1") and sentences.

    Returns:
        Quotes ordered by how many sources carry them, then by how many times
        they are quoted, full quotations before fragments, then by position in
        the articles. Each quote's text is its longest wording among mentions
        whose marks were closed; its speaker is the fullest name among the
        mentions' speakers (variants of one person, such as "Mike" and
        "Michael Pompeo", merged).
    """
    mentions = list(mentions)
    if not mentions:
        return ()
    order = {a.id: i for i, a in enumerate(cluster.articles)}
    texts = {a.id: a.text for a in cluster.articles}
    mentions.sort(key=lambda m: (order.get(m.article_id, 1 << 30), m.start))
    units: list[tuple[int, int, QuoteMention]] = []  # (mention index, sentence index, the sentence)
    for mi, m in enumerate(mentions):
        text = texts.get(m.article_id)
        for ui, u in enumerate(remark_units(m, text) if text is not None else [m]):
            units.append((mi, ui, u))
    toks = [norm_tokens(u.text) for _, _, u in units]
    keys = [wording_key(u.text) for _, _, u in units]
    content = [frozenset(w for w in t if w not in _STOP) for t in toks]
    parent = list(range(len(units)))
    members: dict[int, list[int]] = {i: [i] for i in range(len(units))}

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def same_article_ok(x: int, y: int) -> bool:
        """Two sentences of one article may share a group only as a repetition or a fragment of the other."""
        (mx, _, ux), (my, _, uy) = units[x], units[y]
        if ux.article_id != uy.article_id:
            return True
        if mx == my:
            return False
        return keys[x] == keys[y] or ((ux.partial or uy.partial) and same_remark(toks[x], toks[y]))

    def compatible(ra: int, rb: int) -> bool:
        for x in members[ra]:
            for y in members[rb]:
                if not _speakers_compatible(units[x][2].speaker, units[y][2].speaker) or not same_article_ok(x, y):
                    return False
        return True

    pairs = []
    for i in range(len(units)):
        for j in range(i + 1, len(units)):
            if not toks[i] or not toks[j] or not (content[i] & content[j]):
                continue
            if not same_article_ok(i, j) or not _speakers_compatible(units[i][2].speaker, units[j][2].speaker):
                continue
            if same_remark(toks[i], toks[j]):
                pairs.append((min(len(toks[i]), len(toks[j])), i, j))
    # join the strongest (longest shared) pairs first, keeping speakers and articles consistent
    for _, i, j in sorted(pairs, key=lambda p: -p[0]):
        ri, rj = find(i), find(j)
        if ri == rj or not compatible(ri, rj):
            continue
        parent[rj] = ri
        members[ri].extend(members.pop(rj))

    # per group: mention index -> its sentence indices, in order
    groups: list[dict[int, list[int]]] = []
    group_of: dict[tuple[int, int], int] = {}
    for root in sorted(members, key=lambda r: min(units[i][:2] for i in members[r])):
        g: dict[int, list[int]] = defaultdict(list)
        for i in sorted(members[root]):
            g[units[i][0]].append(units[i][1])
        for mi, uis in g.items():
            for ui in uis:
                group_of[(mi, ui)] = len(groups)
        groups.append(dict(g))
    # join neighbouring sentences of the same quotations back together
    alive = [True] * len(groups)
    for gi, g in enumerate(groups):
        if not alive[gi]:
            continue
        while True:
            nxt = {(mi, uis[-1] + 1) for mi, uis in g.items()}
            targets = {group_of.get(k) for k in nxt}
            if len(targets) != 1 or None in targets:
                break
            hi = targets.pop()
            h = groups[hi]
            if hi == gi or not alive[hi] or {(mi, ui) for mi, uis in h.items() for ui in uis} != nxt:
                break
            for mi, uis in h.items():
                g[mi].extend(uis)
                for ui in uis:
                    group_of[(mi, ui)] = gi
            alive[hi] = False

    unit_at = {(mi, ui): u for mi, ui, u in units}
    n_units = Counter(mi for mi, _, _ in units)
    all_names = [m.speaker for m in mentions if m.speaker and sp.classify(m.speaker) == "name"]
    all_roles = [(m.speaker, m.role) for m in mentions if m.speaker and m.role and sp.classify(m.speaker) == "name"]
    quotes = []
    for gi, g in enumerate(groups):
        if not alive[gi]:
            continue
        ms = []
        for mi, uis in g.items():
            m = mentions[mi]
            if len(uis) == n_units[mi]:
                ms.append(m)  # the whole quotation
                continue
            parts = [p for ui in uis for p in unit_at[(mi, ui)].parts]
            ms.append(_with_parts(m, texts[m.article_id], parts))
        ms.sort(key=lambda m: (order.get(m.article_id, 1 << 30), m.start))
        quotes.append(_make_quote(ms, cluster, all_names, all_roles))
    first_pos = {}
    for q in quotes:
        first_pos[id(q)] = min((order.get(m.article_id, 0), m.start) for m in q.mentions)
    quotes.sort(key=lambda q: (-len(q.sources), -len(q.mentions), q.partial, first_pos[id(q)]))
    return tuple(quotes)


def _source_id(cluster: Cluster, article_id: str) -> str:
    try:
        return cluster.source_id(article_id)
    except KeyError:
        return article_id


def _sentence_index(cluster: Cluster, article_id: str, pos: int) -> int:
    for s in cluster.sentences:
        if s.article_id == article_id and s.start <= pos < s.end:
            return s.index
    return -1


def _clean_text(text: str) -> str:
    t = text.strip().strip("\u2014\u2013 ")
    while t.endswith((",", ";", ":")):
        t = t[:-1].rstrip()
    return t


def _make_quote(
    ms: Sequence[QuoteMention], cluster: Cluster, all_names: Sequence[str], all_roles: Sequence[tuple[str, str | None]] = ()
) -> Quote:
    src_order = {sid: i for i, sid in enumerate(cluster.source_ids)}
    sources = sorted({_source_id(cluster, m.article_id) for m in ms}, key=lambda s: src_order.get(s, 1 << 30))
    # wordings: the same words (ignoring punctuation and case) are one wording
    wordings: dict[str, list[QuoteMention]] = defaultdict(list)
    for m in ms:
        wordings[wording_key(m.text)].append(m)
    faithful = [k for k, v in wordings.items() if any(not m.unclosed for m in v)] or list(wordings)
    full = [k for k in faithful if any(not m.partial for m in wordings[k])] or faithful

    def wkey(k: str) -> tuple:
        srcs = {_source_id(cluster, m.article_id) for m in wordings[k]}
        return (len(k.split()), len(k), len(srcs), -min(src_order.get(s, 0) for s in srcs))

    best = max(full, key=wkey)
    canon = wordings[best][0]
    variants = []
    for k, v in wordings.items():
        if k == best:
            continue
        srcs = sorted({_source_id(cluster, m.article_id) for m in v}, key=lambda s: src_order.get(s, 1 << 30))
        variants.append(QuoteVariant(_clean_text(v[0].text), tuple(srcs)))
    variants.sort(key=lambda v: (-len(v.sources), -len(v.text)))
    speaker, role = _group_speaker(ms, all_names, all_roles)
    citations = tuple(
        Citation(_source_id(cluster, m.article_id), m.article_id, _sentence_index(cluster, m.article_id, m.start), m.start, m.end)
        for m in ms
    )
    return Quote(
        text=_clean_text(canon.text),
        speaker=speaker,
        role=role,
        sources=tuple(sources),
        variants=tuple(variants),
        partial=all(m.partial for m in wordings[best]),
        citations=citations,
        mentions=tuple(ms),
    )


def _group_speaker(
    ms: Sequence[QuoteMention], all_names: Sequence[str], all_roles: Sequence[tuple[str, str | None]] = ()
) -> tuple[str | None, str | None]:
    """The speaker most mentions agree on, in its fullest form across the cluster, and a role."""
    named = [m for m in ms if m.speaker]
    if not named:
        return None, None
    names = [m.speaker for m in named if sp.classify(m.speaker) == "name"]
    if names:
        groups = group_names(names)
        top = max(groups, key=len)
        variants = [n for n in all_names if any(same_person(n, t) for t in top)]
        speaker = fullest_name(variants or top)
        # the role the cluster gives this person most often, so one person has one role throughout
        roles = [r for n, r in all_roles if r and (n in top or same_person(n, speaker))]
        roles = roles or [m.role for m in named if m.role and m.speaker in top]
    else:
        counts = Counter(m.speaker for m in named)
        speaker = counts.most_common(1)[0][0]
        roles = [m.role for m in named if m.role and m.speaker == speaker]
    role = None
    if roles:
        rc = Counter(roles)
        role = max(rc, key=lambda r: (rc[r], len(r)))
    return speaker, role


# ---------------------------------------------------------------- summary support


def quote_speaker_for_sentence(cluster: Cluster, sentence: Sentence) -> str | None:
    """The speaker of the quotation inside ``sentence``, as merged in ``cluster.quotes``.

    Returns ``None`` when the sentence holds no quotation found by the stage,
    or when its speaker is unknown. Use :func:`names_speaker` to check that the
    sentence itself names that speaker.
    """
    for speaker in quote_speakers_in_span(cluster.quotes, sentence.article_id, sentence.start, sentence.end):
        return speaker
    return None


def quote_speakers_in_span(quotes: Iterable[Any], article_id: str, start: int, end: int) -> list[str | None]:
    """The speakers (``None`` where unknown) of every quote cited inside ``[start, end)`` of an article.

    ``quotes`` are a cluster's or a brief's quotes; use it to check a summary
    sentence (through its citations) against the quotations it contains.
    """
    out: list[str | None] = []
    for q in quotes:
        if any(c.article_id == article_id and c.start < end and c.end > start for c in getattr(q, "citations", ())):
            out.append(q.speaker)
    return out


def names_speaker(sentence_text: str, speaker: str | None) -> bool:
    """Whether ``sentence_text`` names ``speaker`` outside its quotations (surname or description head)."""
    if not speaker:
        return False
    outside = re.sub(r"[\"\u201c][^\"\u201d]*[\"\u201d]", " ", sentence_text)
    folded = fold(outside)
    if sp.classify(speaker) == "name":
        from .names import surname

        last = surname(speaker).split()[-1:]
        return bool(last) and re.search(rf"\b{re.escape(last[0])}\b", folded.replace("-", " ")) is not None
    head = fold(speaker).split()[-1:]
    return bool(head) and re.search(rf"\b{re.escape(head[0])}\b", folded) is not None


def sentence_has_quote(sentence: Sentence) -> bool:
    """Whether a sentence contains quotation marks."""
    return any(c in sentence.text for c in QUOTE_CHARS) or "''" in sentence.text


# ---------------------------------------------------------------- stage


def quotes_of_cluster(cluster: Cluster, docs: Mapping[str, Any] | None = None) -> tuple[Quote, ...]:
    """Extract the quotations of every article of ``cluster`` and merge them.

    ``docs`` are spaCy parses keyed by article id (``cluster.parses``); ``None``
    reads every article without a model (fast mode).
    """
    docs = docs or {}
    mentions: list[QuoteMention] = []
    for a in cluster.articles:
        mentions.extend(extract_quotes(a, doc=docs.get(a.id)))
    quotes = merge_quotes(mentions, cluster)
    return _link_entities(quotes, cluster)


def _link_entities(quotes: tuple[Quote, ...], cluster: Cluster) -> tuple[Quote, ...]:
    """Use the entity stage's name for a speaker when one of its entities is the same person."""
    names = [e.name for e in cluster.entities if e.type == "person"]
    if not names:
        return quotes
    out = []
    for q in quotes:
        if q.speaker and sp.classify(q.speaker) == "name":
            hits = [n for n in names if same_person(n, q.speaker)]
            if len(hits) == 1:
                q = replace(q, speaker=fullest_name([hits[0], q.speaker]))
        out.append(q)
    return tuple(out)


@stage("quotes", requires=parsed("sentences", "entities"), assigns=("quotes",))
def make_quote_stage(settings: Settings):
    """The ``quotes`` stage: direct quotations with speakers, merged across outlets.

    Reads spaCy's named entities and parse from ``cluster.parses`` unless
    ``settings.fast``, and the entity stage's names for the speakers.
    """

    def find_quotes(cluster: Cluster) -> Cluster:
        docs = None if settings.fast else cluster.parses
        return cluster.assign(quotes=quotes_of_cluster(cluster, docs))

    return find_quotes
