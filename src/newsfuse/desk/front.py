"""The front page's stories: ordered by how many distinct reports carry them.

A report is an article that copies no other article of its story: a wire copy or a
near-duplicate the desk linked (``desk_articles.duplicate_of``) counts once, with its
original. Each story comes with its outlets, its time span (the articles' dates, or the
times they were added when undated), the first two sentences of its latest brief and
that brief's time. Stories made by hand (``newsfuse serve`` forms, the API) are listed
too, every article a report.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from ..store import MAX_ID, SNIPPET_WORDS, Store, _HIT_CLOSE, _HIT_OPEN, _snippet_runs, fts_query

SUMMARY_LINES = 2

_COUNTS = """
SELECT sa.story_id AS sid, count(*) AS articles,
       sum(CASE WHEN d.duplicate_of IS NOT NULL AND EXISTS (
               SELECT 1 FROM story_articles x WHERE x.story_id = sa.story_id AND x.article_id = d.duplicate_of)
           THEN 0 ELSE 1 END) AS reports,
       min(a.date) AS first_date, max(a.date) AS last_date,
       min(sa.added_at) AS first_added, max(sa.added_at) AS last_added
FROM story_articles sa JOIN articles a ON a.id = sa.article_id
LEFT JOIN desk_articles d ON d.article_id = sa.article_id
GROUP BY sa.story_id
"""


@dataclass(frozen=True, slots=True)
class FrontStory:
    """One story as the front page and ``GET /api/front`` show it."""

    id: int
    title: str
    reports: int
    articles: int
    outlets: tuple[str, ...]
    first: str | None
    last: str | None
    updated: str
    briefed: str | None  # when its latest brief was made (None: never briefed)
    current: bool  # that brief covers every stored article
    summary: tuple[str, ...]
    snippet: tuple[tuple[str, bool], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "title": self.title, "reports": self.reports, "articles": self.articles,
            "outlets": list(self.outlets), "first": self.first, "last": self.last, "updated": self.updated,
            "briefed": self.briefed, "brief_current": self.current, "summary": list(self.summary),
            "snippet": "".join(t for t, _ in self.snippet) or None,
            "links": {"self": f"/api/stories/{self.id}", "brief": f"/api/stories/{self.id}/brief",
                      "page": f"/stories/{self.id}"},
        }


def front_page(store: Store, query: str | None = None, limit: int = 50, offset: int = 0) -> list[FrontStory]:
    """Stories by distinct reports (then the most recently updated), or those whose articles
    match ``query`` (every word, FTS5) in the same order, each with a matching passage."""
    con = store._con_or_fail()
    limit, offset = max(0, min(int(limit), MAX_ID)), max(0, min(int(offset), MAX_ID))
    where, params = "", []
    q = fts_query(query or "")
    if query and query.strip():
        if not q:
            return []
        where = ("WHERE s.id IN (SELECT sa.story_id FROM story_articles sa JOIN articles_fts f ON f.rowid = sa.article_id "
                 "WHERE articles_fts MATCH ?)")
        params.append(q)
    rows = con.execute(
        f"WITH c AS ({_COUNTS}) SELECT s.id, s.title, s.updated_at, s.version, c.articles, c.reports, c.first_date, "
        f"c.last_date, c.first_added, c.last_added FROM stories s JOIN c ON c.sid = s.id {where} "
        "ORDER BY c.reports DESC, s.updated_at DESC, s.id DESC LIMIT ? OFFSET ?", (*params, limit, offset)).fetchall()
    out = []
    for sid, title, updated, version, n, reports, d0, d1, a0, a1 in rows:
        outlets = tuple(dict.fromkeys(r[0] for r in con.execute(
            "SELECT a.outlet FROM story_articles sa JOIN articles a ON a.id = sa.article_id WHERE sa.story_id = ? "
            "ORDER BY sa.position", (sid,))))
        brief = con.execute("SELECT json, story_version, created_at FROM briefs WHERE story_id = ? ORDER BY id DESC "
                            "LIMIT 1", (sid,)).fetchone()
        summary: tuple[str, ...] = ()
        if brief:
            doc = json.loads(brief[0])
            summary = tuple(s.get("text", "") for s in (doc.get("summary") or [])[:SUMMARY_LINES])
        snippet = ()
        if q:
            hit = con.execute(
                f"SELECT snippet(articles_fts, -1, ?, ?, '\u2026', {SNIPPET_WORDS}) FROM articles_fts f "
                "JOIN story_articles sa ON sa.article_id = f.rowid WHERE articles_fts MATCH ? AND sa.story_id = ? "
                "ORDER BY rank LIMIT 1", (_HIT_OPEN, _HIT_CLOSE, q, sid)).fetchone()
            snippet = _snippet_runs(hit[0]) if hit else ()
        out.append(FrontStory(
            id=sid, title=title, reports=int(reports), articles=int(n), outlets=outlets,
            first=d0 or a0, last=d1 or a1, updated=updated, briefed=brief[2] if brief else None,
            current=bool(brief) and brief[1] == version, summary=summary, snippet=snippet))
    return out


def merged_into(store: Store, story_id: int) -> int | None:
    """The story a story the desk merged away went into (followed to the end), or None."""
    if not isinstance(story_id, int) or not 0 < story_id <= MAX_ID:
        return None
    row = store._con_or_fail().execute("SELECT into_story FROM desk_merged WHERE story_id = ?", (story_id,)).fetchone()
    return int(row[0]) if row else None
