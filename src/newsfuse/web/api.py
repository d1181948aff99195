"""The JSON API under ``/api``: stories in, ``newsfuse.brief/1`` briefs out (see docs/api.md)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query, Request, Response
from pydantic import BaseModel, ConfigDict, Field

from ..store import MAX_ID
from .limits import Pools
from .service import ArticleInput, Inputs, StoryService

router = APIRouter(prefix="/api", tags=["stories"])


class ArticleIn(BaseModel):
    """One article: its text, and what is known about it."""

    model_config = ConfigDict(extra="forbid")
    text: str = Field(..., description="The article's text (plain text; HTML or JSON text is sniffed and read as such).")
    title: str | None = Field(None, description="Headline.")
    outlet: str | None = Field(None, description="Who published it; found in the text or named 'article N' if omitted.")
    url: str | None = Field(None, description="Where it was published (not fetched).")
    date: str | None = Field(None, description="Publication date, e.g. 2025-10-15.")
    credit: str | None = Field(None, description="Wire agency whose copy it is, e.g. AFP.")
    byline: str | None = None


class ArticlesIn(BaseModel):
    """Articles given as text and/or URLs to fetch (a feed URL gives every entry)."""

    model_config = ConfigDict(extra="forbid")
    articles: list[ArticleIn] = Field(default_factory=list)
    urls: list[str] = Field(default_factory=list, description="http(s) URLs of articles or RSS/Atom feeds.")


class StoryIn(ArticlesIn):
    title: str | None = Field(None, description="Story title; the brief's title if omitted.")


class StoryOut(BaseModel):
    id: int
    title: str
    created: str
    updated: str
    article_count: int
    outlets: list[str]
    links: dict[str, str]
    snippet: str | None = Field(None, description="In search results: the passage of the best-matching article around the words searched for.")


class StoryCreated(BaseModel):
    story: StoryOut
    brief: dict[str, Any] = Field(..., description="The story's brief, newsfuse.brief/1 JSON.")


class ArticlesAdded(BaseModel):
    story: StoryOut
    added: int = Field(..., description="Articles newly stored (an article already in the store is stored once).")
    brief: dict[str, Any]


class StoryList(BaseModel):
    stories: list[StoryOut]
    query: str | None = None


def story_out(record: Any) -> StoryOut:
    """A :class:`~newsfuse.store.StoryRecord` as the API shows it."""
    return StoryOut(
        id=record.id, title=record.title, created=str(record.created), updated=str(record.updated),
        article_count=record.article_count, outlets=list(record.outlets),
        links={"self": f"/api/stories/{record.id}", "brief": f"/api/stories/{record.id}/brief",
               "page": f"/stories/{record.id}"},
        snippet="".join(text for text, _ in record.snippet) or None,
    )


def _inputs(body: ArticlesIn) -> Inputs:
    return Inputs(articles=tuple(ArticleInput(**a.model_dump()) for a in body.articles), urls=tuple(body.urls))


def _service(request: Request) -> StoryService:
    return request.app.state.service


def _pools(request: Request) -> Pools:
    return request.app.state.pools


@router.post("/stories", status_code=201, response_model=StoryCreated, summary="Create a story and brief it")
async def create_story(body: StoryIn, request: Request) -> StoryCreated:
    """Read the articles (and fetch the URLs), compute the brief, store both. Nothing is stored on error."""
    svc, pools = _service(request), _pools(request)
    articles = await pools.run("fetches", svc.read, _inputs(body))
    story_id, brief = await pools.run("writes", svc.create, articles, body.title)
    record = await pools.run("reads", lambda: svc.story(story_id)[0])
    return StoryCreated(story=story_out(record), brief=brief)


@router.get("/stories", response_model=StoryList, summary="List or search stories")
async def list_stories(
    request: Request,
    q: str | None = Query(None, description="Full-text search over article titles and text (SQLite FTS5)."),
    limit: int = Query(50, ge=1, le=500),
    offset: int = Query(0, ge=0, le=MAX_ID),
) -> StoryList:
    """Stories, most recently updated first, or those matching ``q`` (``offset`` of them skipped)."""
    records = await _pools(request).run("reads", _service(request).stories, q, limit, offset)
    return StoryList(stories=[story_out(r) for r in records], query=q or None)


@router.get("/stories/{story_id}", summary="A story and its articles")
async def get_story(story_id: int, request: Request) -> dict[str, Any]:
    record, articles = await _pools(request).run("reads", _service(request).story, story_id)
    return {
        "story": story_out(record).model_dump(),
        "articles": [
            {"id": a.id, "outlet": a.outlet, "title": a.title, "credit": a.credit, "url": a.url,
             "date": a.date.isoformat() if a.date else None, "text": a.text}
            for a in articles
        ],
    }


@router.post("/stories/{story_id}/articles", response_model=ArticlesAdded, summary="Add articles; the brief is rebuilt")
async def add_articles(story_id: int, body: ArticlesIn, request: Request) -> ArticlesAdded:
    """Read and add the articles; the limit is checked and the brief rebuilt in one write per story."""
    svc, pools = _service(request), _pools(request)
    await pools.run("reads", svc.require, story_id)
    new = await pools.run("fetches", svc.read, _inputs(body))
    added, brief = await pools.run("writes", svc.add, story_id, new)
    record = await pools.run("reads", lambda: svc.story(story_id)[0])
    return ArticlesAdded(story=story_out(record), added=added, brief=brief)


async def brief_of(request: Request, story_id: int) -> dict[str, Any]:
    """The story's current brief: read if stored (reads pool), else computed and saved (writes pool)."""
    svc, pools = _service(request), _pools(request)
    stored = await pools.run("reads", svc.stored_brief, story_id)
    return stored if stored is not None else await pools.run("writes", svc.brief, story_id)


@router.get("/stories/{story_id}/brief", summary="The story's brief (newsfuse.brief/1 JSON)")
async def get_brief(story_id: int, request: Request) -> dict[str, Any]:
    return await brief_of(request, story_id)


@router.get("/stories/{story_id}/update", summary="What is new in the story since a time (an update brief)")
async def get_update(
    story_id: int, request: Request,
    since: str = Query(..., description="ISO 8601 time (UTC unless given) or date (its end): articles added after it are new."),
) -> dict[str, Any]:
    """The update brief of the articles added after ``since`` against those added before.

    ``brief`` is ``null`` when no article was added since then.
    """
    from .service import parse_since

    when = parse_since(since)
    return await _pools(request).run("writes", _service(request).update, story_id, when)


@router.delete("/stories/{story_id}", status_code=204, summary="Delete a story")
async def delete_story(story_id: int, request: Request) -> Response:
    """Delete the story, its briefs, and its articles no other story holds."""
    from ..errors import NotFoundError

    if not await _pools(request).run("writes", _service(request).delete, story_id):
        raise NotFoundError(f"no story {story_id}")
    return Response(status_code=204)


# -- the desk: front page and feeds ---------------------------------------------------


class FeedIn(BaseModel):
    """A feed to poll: its URL, and optionally a title and its own interval."""

    model_config = ConfigDict(extra="forbid")
    url: str = Field(..., description="The feed's http(s) URL (RSS or Atom).")
    title: str | None = Field(None, description="A name to show for it.")
    interval_seconds: int | None = Field(None, description="Seconds between polls (default: the feed_interval_s setting).")


class FeedOut(BaseModel):
    id: int
    url: str
    title: str | None
    interval_seconds: int
    last_status: str = Field(..., description="new, ok, not modified or error.")
    last_error: str | None
    failures: int = Field(..., description="Errors in a row (polls back off while they last).")
    articles: int = Field(..., description="Entries taken from it so far.")
    last_polled_at: str | None
    last_ok_at: str | None
    next_poll_at: str
    added_at: str


class FeedList(BaseModel):
    feeds: list[FeedOut]


class FrontStoryOut(BaseModel):
    id: int
    title: str
    reports: int = Field(..., description="Distinct reports: a wire copy or near-duplicate counts once, with its original.")
    articles: int
    outlets: list[str]
    first: str | None = Field(None, description="The earliest article date (or time added, when undated).")
    last: str | None
    updated: str = Field(..., description="When an article last joined the story.")
    briefed: str | None = Field(None, description="When its latest brief was made.")
    brief_current: bool = Field(..., description="Whether that brief covers every stored article.")
    summary: list[str] = Field(..., description="The first two sentences of the latest brief.")
    snippet: str | None = None
    links: dict[str, str]


class FrontPage(BaseModel):
    stories: list[FrontStoryOut]
    query: str | None = None


def feed_out(record: Any) -> FeedOut:
    d = record.to_dict()
    return FeedOut(**{k: d[k] for k in FeedOut.model_fields})


@router.get("/front", response_model=FrontPage, tags=["desk"], summary="The front page: stories by distinct reports")
async def front(
    request: Request,
    q: str | None = Query(None, description="Full-text search over article titles and text (SQLite FTS5)."),
    limit: int = Query(50, ge=1, le=500),
    offset: int = Query(0, ge=0, le=MAX_ID),
) -> FrontPage:
    """Stories ordered by how many distinct reports carry them, with outlets, time span, the first
    two summary sentences and the brief's time; with ``q``, the matching stories in that order."""
    stories = await _pools(request).run("reads", _service(request).front, q, limit, offset)
    return FrontPage(stories=[FrontStoryOut(**s.to_dict()) for s in stories], query=q or None)


@router.get("/feeds", response_model=FeedList, tags=["desk"], summary="The feeds and their polling status")
async def list_feeds(request: Request) -> FeedList:
    feeds = await _pools(request).run("reads", _service(request).feeds)
    return FeedList(feeds=[feed_out(f) for f in feeds])


@router.post("/feeds", status_code=201, response_model=FeedOut, tags=["desk"], summary="Add a feed")
async def add_feed(body: FeedIn, request: Request) -> FeedOut:
    """Register a feed (adding a URL already registered returns it); the watch loop polls it next."""
    record = await _pools(request).run("writes", _service(request).add_feed, body.url, body.title, body.interval_seconds)
    return feed_out(record)


@router.delete("/feeds/{feed_id}", status_code=204, tags=["desk"], summary="Remove a feed")
async def remove_feed(feed_id: int, request: Request) -> Response:
    """Stop polling a feed; its articles and stories stay."""
    from ..errors import NotFoundError

    if not await _pools(request).run("writes", _service(request).remove_feed, feed_id):
        raise NotFoundError(f"no feed {feed_id}")
    return Response(status_code=204)
