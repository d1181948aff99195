"""Merging quotations across outlets (:func:`merge_quotes`).

Quotations are compared sentence by sentence (:func:`remark_units`) on normalised tokens
(:func:`norm_tokens`: "100%" == "100 percent", contractions expanded): the same remark
(:func:`same_remark`, the shorter mostly contained in the longer) by compatible speakers
becomes one :class:`~.types.Quote` with all its sources, the faithful wording most outlets
print (then the longest) as the text, cited only to them, and the other wordings as variants, its speaker in the fullest form the
cluster gives.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import replace
from typing import Iterable, Sequence

from ...model import Citation, Cluster
from ..names import fold, fullest_name, group_names, same_person
from .cues import classify
from .extract import _join_parts
from .marks import _sentence_ends
from .types import Quote, QuoteMention, QuoteVariant


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
    ka, kb = classify(a), classify(b)
    if ka == "name" and kb == "name":
        return same_person(a, b)
    if ka != kb:
        # a description and a name may be the same source seen differently; allow
        return True
    return fold(a).split()[-1:] == fold(b).split()[-1:]


MIN_UNIT_TOKENS = 4
MAX_FRAGMENT_TOKENS = 3  # a merged quote whose every wording is this short is not listed


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
        Quotes (none whose every wording has ``MAX_FRAGMENT_TOKENS`` tokens or fewer)
        ordered by how many sources carry them, then by how many times
        they are quoted, full quotations before fragments, then by position in
        the articles. Each quote's text is the wording the most outlets print
        (then the longest) among mentions whose marks were closed, and
        ``text_sources`` names those outlets; its speaker is the fullest name among the
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
    all_names = [m.speaker for m in mentions if m.speaker and classify(m.speaker) == "name"]
    all_roles = [(m.speaker, m.role) for m in mentions if m.speaker and m.role and classify(m.speaker) == "name"]
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
    # a fragment of three words or fewer ("very soon.", "new approach") is no quote of its own
    quotes = [q for q in quotes if len(norm_tokens(q.text)) > MAX_FRAGMENT_TOKENS
              or any(len(norm_tokens(v.text)) > MAX_FRAGMENT_TOKENS for v in q.variants)]
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
        return (len(srcs), len(k.split()), len(k), -min(src_order.get(s, 0) for s in srcs))

    # the wording most outlets print (then the longest): the quote shown is cited only to them
    best = max(full, key=wkey)
    canon = wordings[best][0]
    text_sources = sorted({_source_id(cluster, m.article_id) for m in wordings[best]}, key=lambda s: src_order.get(s, 1 << 30))
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
        text_sources=tuple(text_sources),
    )


def _group_speaker(
    ms: Sequence[QuoteMention], all_names: Sequence[str], all_roles: Sequence[tuple[str, str | None]] = ()
) -> tuple[str | None, str | None]:
    """The speaker most mentions agree on, in its fullest form across the cluster, and a role."""
    named = [m for m in ms if m.speaker]
    if not named:
        return None, None
    names = [m.speaker for m in named if classify(m.speaker) == "name"]
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
