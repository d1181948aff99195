"""Brief dict + stored articles -> what the story page template shows.

The page shows every article's text with each sentence in its own element,
``id="s2-s5"`` for sentence 5 of source s2, split with the same segmenter that
numbered the sentences the brief cites. A citation is then a plain link to
``#s2-s5``: it works without JavaScript, and CSS ``:target`` highlights the
passage. Sentences the summary cites are marked as such.

Nothing here escapes HTML: the templates do (Jinja2 autoescape), so every
string below is plain text.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable, Sequence

from ..model import Article
from ..text.anchors import anchor, anchored_paragraphs


@dataclass(frozen=True, slots=True)
class Segment:
    """A run of article text; ``anchor`` is set when it is a sentence."""

    text: str
    anchor: str | None = None
    cited: bool = False


@dataclass(frozen=True, slots=True)
class SourceView:
    """One source of the brief with its article's text in paragraphs of segments."""

    id: str
    number: int
    outlet: str
    credit: str | None
    title: str | None
    date: str | None
    url: str | None  # only http(s) URLs, anything else is dropped
    paragraphs: tuple[tuple[Segment, ...], ...]


def safe_url(url: str | None) -> str | None:
    """``url`` if it is an http(s) URL, else ``None`` (never a ``javascript:`` link)."""
    if url and url.strip().lower().startswith(("http://", "https://")):
        return url.strip()
    return None


def cited_sentences(brief: dict, sections: tuple[str, ...] = ("summary",)) -> dict[str, set[int]]:
    """Source id -> indices of the sentences cited by ``sections`` of the brief (the summary, with its
    disagreements, by default; any of summary, figures, timeline, exclusive, quotes)."""
    out: dict[str, set[int]] = {}

    def add(citations: Iterable[dict] | None) -> None:
        for c in citations or ():
            if isinstance(c, dict) and "source" in c and isinstance(c.get("sentence"), int):
                out.setdefault(c["source"], set()).add(c["sentence"])

    if "summary" in sections:
        for s in brief.get("summary") or ():
            add(s.get("citations"))
        for x in brief.get("disagreements") or ():  # said in the summary, after its sentences
            for v in x.get("values") or ():
                add(v.get("citations"))
    if "figures" in sections:
        for f in brief.get("figures") or ():
            for v in f.get("values") or ():
                add(v.get("citations"))
    if "timeline" in sections:
        for t in brief.get("timeline") or ():
            add(t.get("citations"))
    if "exclusive" in sections:
        for e in brief.get("exclusive") or ():
            add({"source": e.get("source"), "sentence": i.get("sentence")} for i in e.get("items") or ())
    if "quotes" in sections:
        for q in brief.get("quotes") or ():
            add(q.get("citations"))
    return out


def match_sources(brief: dict, articles: Sequence[Article]) -> dict[str, Article]:
    """Source id ("s1") -> the stored article it is, numbered as :func:`newsfuse.briefing.new_cluster` does."""
    from ..briefing import new_cluster

    cluster = new_cluster(articles)
    by_sid = dict(zip(cluster.source_ids, cluster.articles))
    out: dict[str, Article] = {}
    for s in brief.get("sources") or ():
        a = by_sid.get(s.get("id"))
        if a is not None and a.outlet == s.get("outlet"):
            out[s["id"]] = a
            continue
        # The brief is older than the article list: match on outlet and title.
        for cand in cluster.articles:
            if cand.outlet == s.get("outlet") and cand.title == s.get("title"):
                out[s["id"]] = cand
                break
    return out


def article_segments(article: Article, source_id: str, cited: set[int]) -> tuple[tuple[Segment, ...], ...]:
    """The article's paragraphs, each a tuple of segments (sentences with anchors and the gaps)."""
    return tuple(
        tuple(Segment(t, anchor(source_id, i), i in cited) if i is not None else Segment(t) for t, i in pieces)
        for pieces in anchored_paragraphs(article)
    )


def story_view(brief: dict, articles: Sequence[Article]) -> dict[str, Any]:
    """Everything ``story.html`` needs: the brief dict, sources with text, and lookups."""
    matched = match_sources(brief, articles)
    cited = cited_sentences(brief)
    sources = []
    for n, s in enumerate(brief.get("sources") or (), 1):
        a = matched.get(s.get("id"))
        paras = article_segments(a, s["id"], cited.get(s["id"], set())) if a else ()
        sources.append(SourceView(
            id=s["id"], number=n, outlet=s.get("outlet") or "unknown outlet", credit=s.get("credit"),
            title=s.get("title"), date=s.get("date"), url=safe_url(s.get("url")), paragraphs=paras,
        ))
    return {
        "brief": brief,
        "sources": sources,
        "source_by_id": {s.id: s for s in sources},
        "has_text": {s.id for s in sources if s.paragraphs},
    }
