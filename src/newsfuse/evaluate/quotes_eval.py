"""Direct quotes and their speakers, measured on PolNeAR.

PolNeAR (Newell, Margolin & Ruths, "An Attribution Relations Corpus for
Political News", LREC 2018) marks every attribution in 2016 US-election news
with its source, cue and content spans. This module turns it into a test of
*direct* quotations and compares newsfuse with textacy's rule-based
``textacy.extract.triples.direct_quotations`` on the same spaCy parse.

Definitions (also in ``docs/evaluation.md``):

- **One annotator per article**: the first annotator id in sorted order.
- **Gold quote units**: for every attribution whose content contains a quote
  mark (``"``, ``“``, ``”``, ``„``, ``«``, ``»`` or the doubled apostrophe
  ``''`` that some archives use), each content fragment is cut at paragraph
  breaks; in each piece holding a mark, the quoted stretch is the text between
  paired marks (one unit per pair), or from the first to the last mark when
  they do not pair up, or from a lone mark to the piece's edge (a quotation
  continuing past the fragment). Units are compared after stripping quote
  marks, punctuation and whitespace at both ends. The unit's gold speaker is
  the attribution's source span (none when the annotator marked none).
- **Predicted units**: each quoted stretch a system reports (newsfuse: each
  part of each mention; textacy: each content span), stripped the same way.
- **Exact match**: same stripped start and end. **Overlap match**: at least
  one character in common; each gold and predicted unit is matched at most
  once (largest overlaps first).
- **Speaker attribution**: a predicted unit overlap-matched to a gold unit
  with a source is correct when the predicted speaker, as written next to the
  cue, overlaps a gold source span, or the predicted speaker's name and the
  gold source are the same person by name (:func:`~newsfuse.stages.names.same_person`),
  or both are descriptions with the same head noun ("the official" / "a senior
  official"). Pronouns count only by span overlap. Precision is over
  predicted units with a speaker (units matched to a gold unit without a source
  are left out), recall over gold units with a source.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence

from ..errors import DataError
from ..model import Article
from ..stages.names import fold, same_person
from ..stages.quotes.cues import PRONOUNS, classify
from ..stages.quotes.extract import extract_quotes
from ..stages.quotes.marks import EDGE_STRIP

MARK_RE = re.compile("''|``|[\"\u201c\u201d\u201e\u201f\u00ab\u00bb]")
_PARA_BREAK_RE = re.compile(r"\n\s*\n")
STRIP = EDGE_STRIP + ".!?\u2026()[]"


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class GoldQuote:
    """A gold quoted stretch and the source spans of its attribution(s)."""

    start: int
    end: int
    sources: tuple[tuple[tuple[int, int], ...], ...]  # per attribution: its source spans
    source_texts: tuple[str, ...]

    @property
    def has_source(self) -> bool:
        return any(self.sources)


@dataclass(frozen=True, slots=True)
class PredQuote:
    """A predicted quoted stretch with the speaker as written (span, text) and as resolved."""

    start: int
    end: int
    speaker_spans: tuple[tuple[int, int], ...] = ()
    speaker_text: str | None = None
    speaker_name: str | None = None

    @property
    def has_speaker(self) -> bool:
        return bool(self.speaker_spans or self.speaker_name)


@dataclass(frozen=True, slots=True)
class PolnearDoc:
    article: str
    annotator: str
    text: str
    gold: tuple[GoldQuote, ...]


@dataclass(slots=True)
class Counts:
    """Running counts for one system."""

    gold: int = 0
    pred: int = 0
    exact_tp: int = 0
    overlap_tp: int = 0
    gold_with_source: int = 0
    pred_with_speaker: int = 0
    speaker_tp: int = 0
    matched_with_source: int = 0
    docs_failed: int = 0
    errors: list[str] = field(default_factory=list)

    def add(self, other: "Counts") -> None:
        for name in ("gold", "pred", "exact_tp", "overlap_tp", "gold_with_source", "pred_with_speaker", "speaker_tp", "matched_with_source", "docs_failed"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.errors.extend(other.errors)

    def to_dict(self) -> dict[str, Any]:
        def prf(tp: int, pred: int, gold: int) -> dict[str, float | int]:
            p = tp / pred if pred else 0.0
            r = tp / gold if gold else 0.0
            f = 2 * p * r / (p + r) if p + r else 0.0
            return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4), "tp": tp, "pred": pred, "gold": gold}

        return {
            "exact": prf(self.exact_tp, self.pred, self.gold),
            "overlap": prf(self.overlap_tp, self.pred, self.gold),
            "speaker": prf(self.speaker_tp, self.pred_with_speaker, self.gold_with_source),
            "speaker_accuracy_on_matched": round(self.speaker_tp / self.matched_with_source, 4) if self.matched_with_source else 0.0,
            "matched_with_source": self.matched_with_source,
            "docs_failed": self.docs_failed,
        }


# ---------------------------------------------------------------- data


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and (text[start] in STRIP or text[start].isspace()):
        start += 1
    while end > start and (text[end - 1] in STRIP or text[end - 1].isspace()):
        end -= 1
    return start, end


def _is_opening(text: str, m: re.Match) -> bool:
    glyph = m.group()
    if glyph in ("\u201c", "\u201e", "``", "\u00ab"):
        return True
    if glyph in ("\u201d", "\u00bb"):
        return False
    nxt = text[m.end() : m.end() + 1]
    return bool(nxt) and not nxt.isspace() and nxt not in ".,;:!?)"


def quoted_stretches(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The quoted stretches inside ``text[start:end]`` (one content fragment), as defined in the module docstring."""
    out = []
    pieces, pos = [], start
    for m in _PARA_BREAK_RE.finditer(text, start, end):
        pieces.append((pos, m.start()))
        pos = m.end()
    pieces.append((pos, end))
    for ps, pe in pieces:
        marks = list(MARK_RE.finditer(text, ps, pe))
        if not marks:
            continue
        if len(marks) == 1:
            m = marks[0]
            span = (m.end(), pe) if _is_opening(text, m) else (ps, m.start())
            spans = [span]
        elif len(marks) % 2 == 0:
            spans = [(marks[i].end(), marks[i + 1].start()) for i in range(0, len(marks), 2)]
        else:
            spans = [(marks[0].end(), marks[-1].start())]
        for s, e in spans:
            s, e = _strip(text, s, e)
            if e > s:
                out.append((s, e))
    return out


def gold_quotes(text: str, attributions: Sequence[dict[str, Any]]) -> tuple[GoldQuote, ...]:
    """Gold quote units of one annotated article (see the module docstring)."""
    by_span: dict[tuple[int, int], list[dict[str, Any]]] = {}
    for attr in attributions:
        content = attr.get("content")
        if not content or not content.get("spans"):
            continue
        for s, e in content["spans"]:
            for unit in quoted_stretches(text, s, e):
                by_span.setdefault(unit, []).append(attr)
    out = []
    for (s, e), attrs in sorted(by_span.items()):
        sources = tuple(tuple(tuple(x) for x in (a["source"]["spans"] if a.get("source") else ())) for a in attrs)
        texts = tuple(a["source"]["text"] for a in attrs if a.get("source"))
        out.append(GoldQuote(s, e, sources, texts))
    return tuple(out)


def load_polnear(path: str | Path, limit: int | None = None) -> list[PolnearDoc]:
    """Read a PolNeAR JSON Lines file: one annotator per article (first in sorted order).

    Raises:
        DataError: the file is missing or a line is not a PolNeAR record.
    """
    path = Path(path)
    if not path.is_file():
        raise DataError(f"PolNeAR file not found; expected JSON Lines such as ../shared/data/quotes/polnear_dev.jsonl", source=str(path))
    chosen: dict[str, dict[str, Any]] = {}
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
                art, ann, text = rec["article"], rec["annotator"], rec["text"]
                rec["attributions"]
            except (json.JSONDecodeError, KeyError, TypeError) as exc:
                raise DataError(f"line {n} is not a PolNeAR record ({exc.__class__.__name__}: {exc}); see data/quotes/README.md", source=str(path)) from None
            if art not in chosen or ann < chosen[art]["annotator"]:
                chosen[art] = rec
    docs = []
    for art in sorted(chosen):
        rec = chosen[art]
        docs.append(PolnearDoc(art, rec["annotator"], rec["text"], gold_quotes(rec["text"], rec["attributions"])))
    if limit is not None:
        docs = docs[:limit]
    return docs


def file_digest(path: str | Path) -> str:
    h = hashlib.sha256()
    with Path(path).open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()[:16]


# ---------------------------------------------------------------- systems


def newsfuse_predictions(text: str, *, nlp: Any = None, doc: Any = None) -> list[PredQuote]:
    """newsfuse's quoted stretches, one per part of each mention."""
    article = Article(id="polnear", outlet="polnear", text=text)
    out = []
    for m in extract_quotes(article, nlp=nlp, doc=doc):
        spans = ((m.speaker_start, m.speaker_end),) if m.speaker_start is not None and m.speaker_end is not None and m.speaker_end > m.speaker_start else ()
        for s, e in m.parts:
            s, e = _strip(text, s, e)
            if e > s:
                out.append(PredQuote(s, e, spans, m.speaker_text, m.speaker))
    return out


def textacy_predictions(doc: Any) -> list[PredQuote]:
    """textacy's ``direct_quotations`` on a spaCy doc; raises ValueError as textacy does on unpaired marks."""
    from textacy.extract.triples import direct_quotations

    text = doc.text
    out = []
    for triple in direct_quotations(doc):
        content = triple.content
        s, e = _strip(text, content.start_char, content.end_char)
        speaker = sorted(triple.speaker, key=lambda t: t.i)
        spans = tuple((t.idx, t.idx + len(t.text)) for t in speaker)
        stext = " ".join(t.text for t in speaker)
        if e > s:
            out.append(PredQuote(s, e, spans, stext, stext))
    return out


def textacy_by_paragraph(doc: Any) -> list[PredQuote]:
    """textacy run on each paragraph's span of the same doc, so one unpaired mark costs one paragraph, not the article."""
    text = doc.text
    out = []
    pos = 0
    bounds = [m.start() for m in _PARA_BREAK_RE.finditer(text)] + [len(text)]
    for b in bounds:
        span = doc.char_span(pos, b, alignment_mode="contract")
        nxt = _PARA_BREAK_RE.match(text, b)
        pos = nxt.end() if nxt else b
        if span is None or len(span) == 0:
            continue
        sub = span.as_doc()
        try:
            preds = textacy_predictions(sub)
        except ValueError:
            continue
        off = span.start_char
        for p in preds:
            out.append(PredQuote(p.start + off, p.end + off, tuple((a + off, b2 + off) for a, b2 in p.speaker_spans), p.speaker_text, p.speaker_name))
    return out


# ---------------------------------------------------------------- scoring


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _head(text: str) -> str:
    words = re.findall(r"[A-Za-z][A-Za-z'\u2019\-]*", fold(text))
    words = [w for w in words if w not in ("'s", "s")]
    return words[-1] if words else ""


def speaker_correct(gold: GoldQuote, pred: PredQuote, text: str) -> bool:
    """Whether ``pred``'s speaker is ``gold``'s source (see the module docstring)."""
    for spans in gold.sources:
        for gs in spans:
            if any(_overlap(gs, ps) for ps in pred.speaker_spans):
                return True
    for src in gold.source_texts:
        f = fold(src).strip(" ,")
        if f in PRONOUNS:
            continue
        for cand in (pred.speaker_name, pred.speaker_text):
            if not cand or fold(cand) in PRONOUNS:
                continue
            if classify(cand) == "name" and any(classify(part.strip()) == "name" and same_person(part.strip(), cand) for part in re.split(r",", src) if part.strip()):
                return True
            if classify(cand) == "description" and classify(src) == "description" and _head(cand) and _head(cand) == _head(src):
                return True
    return False


def score_document(text: str, gold: Sequence[GoldQuote], pred: Sequence[PredQuote]) -> Counts:
    """Exact, overlap and speaker counts for one document."""
    c = Counts(gold=len(gold), pred=len(pred))
    gold_spans = [(g.start, g.end) for g in gold]
    pred_spans = [(p.start, p.end) for p in pred]
    exact = set(gold_spans) & set(pred_spans)
    c.exact_tp = sum(min(gold_spans.count(s), pred_spans.count(s)) for s in exact)
    pairs = sorted(
        ((_overlap(g, p), gi, pi) for gi, g in enumerate(gold_spans) for pi, p in enumerate(pred_spans) if _overlap(g, p) > 0),
        reverse=True,
    )
    g_used: set[int] = set()
    p_used: dict[int, int] = {}
    for _, gi, pi in pairs:
        if gi in g_used or pi in p_used:
            continue
        g_used.add(gi)
        p_used[pi] = gi
    c.overlap_tp = len(p_used)
    c.gold_with_source = sum(1 for g in gold if g.has_source)
    for pi, p in enumerate(pred):
        gi = p_used.get(pi)
        if gi is not None and not gold[gi].has_source:
            continue  # no gold source to check against
        if p.has_speaker:
            c.pred_with_speaker += 1
        if gi is not None:
            c.matched_with_source += 1
            if p.has_speaker and speaker_correct(gold[gi], p, text):
                c.speaker_tp += 1
    return c


# ---------------------------------------------------------------- run

SYSTEMS = ("newsfuse", "newsfuse-fast", "textacy", "textacy-paragraphs")


def evaluate(
    path: str | Path,
    *,
    limit: int | None = None,
    systems: Sequence[str] = SYSTEMS,
    nlp: Any = None,
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, Any]:
    """Run each system over a PolNeAR file and score it.

    Args:
        path: a PolNeAR JSON Lines file (``polnear_dev.jsonl``; tune on ``polnear_train.jsonl``).
        limit: only the first ``limit`` articles (in sorted article order).
        systems: names from :data:`SYSTEMS`.
        nlp: spaCy ``Language``; ``newsfuse.nlp.get_nlp()`` when omitted and a system needs it.
        progress: called with (done, total) after each article.

    Returns:
        ``{"data", "digest", "articles", "gold_units", "gold_with_source", "definitions", "systems": {name: metrics}}``.

    Raises:
        DataError: the file is missing or malformed.
        ConfigError: an unknown system name.
    """
    from ..errors import ConfigError

    unknown = [s for s in systems if s not in SYSTEMS]
    if unknown:
        raise ConfigError(f"unknown quote system(s) {', '.join(unknown)}; available: {', '.join(SYSTEMS)}")
    docs = load_polnear(path, limit)
    needs_nlp = any(s != "newsfuse-fast" for s in systems)
    if needs_nlp and nlp is None:
        from ..nlp import get_nlp

        nlp = get_nlp()
    totals = {s: Counts() for s in systems}
    for n, d in enumerate(docs, 1):
        sdoc = nlp(d.text) if needs_nlp else None
        for s in systems:
            try:
                if s == "newsfuse":
                    pred = newsfuse_predictions(d.text, nlp=nlp, doc=sdoc)
                elif s == "newsfuse-fast":
                    pred = newsfuse_predictions(d.text)
                elif s == "textacy":
                    pred = textacy_predictions(sdoc)
                else:
                    pred = textacy_by_paragraph(sdoc)
            except ValueError as exc:  # textacy bails out on an odd number of quote marks
                pred = []
                totals[s].docs_failed += 1
                totals[s].errors.append(f"{d.article}: {exc}")
            totals[s].add(score_document(d.text, d.gold, pred))
        if progress:
            progress(n, len(docs))
    return {
        "data": str(path),
        "digest": file_digest(path),
        "articles": len(docs),
        "gold_units": sum(len(d.gold) for d in docs),
        "gold_with_source": sum(1 for d in docs for g in d.gold if g.has_source),
        "definitions": {
            "annotator": "first in sorted order per article",
            "gold": "quoted stretches of attribution contents holding a quote mark (\" \u201c \u201d \u201e \u00ab \u00bb or ''), cut at paragraph breaks",
            "exact": "same start and end after stripping marks, punctuation and whitespace at both ends",
            "overlap": "at least one character in common, one-to-one",
            "speaker": "speaker span overlaps the gold source span, or same person by name, or same description head",
        },
        "systems": {s: totals[s].to_dict() for s in systems},
    }


def results_table_markdown(results: dict[str, Any]) -> str:
    """The results as a Markdown table (one row per system)."""
    rows = [
        "| system | exact P | exact R | exact F1 | overlap P | overlap R | overlap F1 | speaker P | speaker R | speaker F1 | speaker acc. (matched) |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for name, m in results["systems"].items():
        e, o, s = m["exact"], m["overlap"], m["speaker"]
        rows.append(
            f"| {name} | {e['precision']:.3f} | {e['recall']:.3f} | {e['f1']:.3f} | {o['precision']:.3f} | {o['recall']:.3f} | {o['f1']:.3f} "
            f"| {s['precision']:.3f} | {s['recall']:.3f} | {s['f1']:.3f} | {m['speaker_accuracy_on_matched']:.3f} |"
        )
    return "\n".join(rows)


def iter_errors(path: str | Path, *, limit: int | None = None, nlp: Any = None, fast: bool = False) -> Iterable[dict[str, Any]]:
    """Per-unit differences between newsfuse and the gold (for tuning on train): misses, false alarms, wrong speakers."""
    docs = load_polnear(path, limit)
    if nlp is None and not fast:
        from ..nlp import get_nlp

        nlp = get_nlp()
    for d in docs:
        pred = newsfuse_predictions(d.text, nlp=None if fast else nlp)
        gspans = [(g.start, g.end) for g in d.gold]
        for p in pred:
            hits = [g for g in d.gold if _overlap((g.start, g.end), (p.start, p.end))]
            if not hits:
                yield {"kind": "false_alarm", "article": d.article, "text": d.text[p.start : p.end][:160], "speaker": p.speaker_name, "context": d.text[max(0, p.start - 80) : p.start]}
            elif hits[0].has_source and not speaker_correct(hits[0], p, d.text):
                yield {"kind": "wrong_speaker", "article": d.article, "text": d.text[p.start : p.end][:120], "pred": p.speaker_text, "resolved": p.speaker_name, "gold": hits[0].source_texts, "context": d.text[max(0, p.start - 100) : min(len(d.text), p.end + 100)]}
        for g in d.gold:
            if not any(_overlap((g.start, g.end), (p.start, p.end)) for p in pred):
                yield {"kind": "miss", "article": d.article, "text": d.text[g.start : g.end][:160], "gold": g.source_texts, "context": d.text[max(0, g.start - 80) : g.start]}
        del gspans
