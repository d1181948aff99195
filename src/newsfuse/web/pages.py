"""HTML pages: the home page (new story, stored stories, search), a story's brief, and the
confirmation asked before a story is deleted.

Plain HTML forms posting to the server and redirecting (303) to the result, so
everything works without JavaScript; ``static/progress.js`` only shows that a
brief is being computed while the form waits. The forms are protected against
cross-site posts by :mod:`newsfuse.web.security`; deleting takes two steps (the
story page links to a confirmation page, whose form posts ``confirm=yes``).
"""

from __future__ import annotations

from datetime import datetime, timezone

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.datastructures import UploadFile

from ..errors import InputError, NotFoundError, TooLargeError
from ..store import MAX_ID
from .api import brief_of
from .limits import Pools
from .service import FileInput, Inputs, StoryService, parse_since, split_pasted, split_urls
from .view import story_view

router = APIRouter(include_in_schema=False)


def _service(request: Request) -> StoryService:
    return request.app.state.service


def _pools(request: Request) -> Pools:
    return request.app.state.pools


def _render(request: Request, name: str, context: dict, status: int = 200) -> HTMLResponse:
    settings = request.app.state.settings
    ctx = {"settings": settings, **context}
    return request.app.state.templates.TemplateResponse(request, name, ctx, status_code=status)


async def _form_inputs(request: Request) -> tuple[Inputs, str | None]:
    settings = request.app.state.settings
    try:
        form = await request.form(max_files=settings.max_articles + 1, max_fields=50,
                                  max_part_size=settings.max_upload_bytes)
    except Exception as exc:  # malformed multipart body, or too many parts
        detail = getattr(exc, "detail", None) or str(exc)
        if "too many" in detail.lower():
            raise TooLargeError(f"{detail} (max_articles is {settings.max_articles})") from None
        raise InputError(f"could not read the form: {detail}") from None
    files = []
    for item in form.getlist("files"):
        if isinstance(item, UploadFile) and item.filename:
            files.append(FileInput(name=item.filename, data=await item.read()))
    pasted = [v for v in form.getlist("text") if isinstance(v, str)]
    articles = [a for p in pasted for a in split_pasted(p)]
    urls = split_urls(str(form.get("urls") or ""))
    title = form.get("title")
    return Inputs(articles=tuple(articles), files=tuple(files), urls=tuple(urls)), (title if isinstance(title, str) else None)


@router.get("/", response_class=HTMLResponse)
async def home(request: Request, q: str | None = None, offset: int = Query(0, ge=0, le=MAX_ID)) -> HTMLResponse:
    """The front page: stories by distinct reports (wire copies once), search, and the new-story form."""
    stories = await _pools(request).run("reads", _service(request).front, q, 50, offset)
    return _render(request, "index.html", {"stories": stories, "q": q or "", "offset": offset})


@router.get("/feeds", response_class=HTMLResponse)
async def feeds(request: Request) -> HTMLResponse:
    """The feeds: each one's status, last error and article count; add and remove."""
    records = await _pools(request).run("reads", _service(request).feeds)
    watching = getattr(request.app.state, "watch", None) is not None
    return _render(request, "feeds.html", {"feeds": records, "watching": watching})


@router.post("/feeds")
async def add_feed(request: Request) -> RedirectResponse:
    form = await request.form(max_files=0, max_fields=5, max_part_size=4096)
    url, title = form.get("url"), form.get("title")
    if not isinstance(url, str) or not url.strip():
        raise InputError("give the feed's URL (http or https)")
    await _pools(request).run("writes", _service(request).add_feed, url.strip(),
                              title if isinstance(title, str) and title.strip() else None)
    return RedirectResponse("/feeds", status_code=303)


@router.post("/feeds/{feed_id}/remove")
async def remove_feed(feed_id: int, request: Request) -> RedirectResponse:
    if not await _pools(request).run("writes", _service(request).remove_feed, feed_id):
        raise NotFoundError(f"no feed {feed_id}")
    return RedirectResponse("/feeds", status_code=303)


@router.post("/stories")
async def create_story(request: Request) -> RedirectResponse:
    svc, pools = _service(request), _pools(request)
    inputs, title = await _form_inputs(request)
    articles = await pools.run("fetches", svc.read, inputs)
    story_id, _ = await pools.run("writes", svc.create, articles, title)
    return RedirectResponse(f"/stories/{story_id}", status_code=303)


@router.get("/stories/{story_id}", response_class=HTMLResponse)
async def story(story_id: int, request: Request, since: str | None = None) -> Response:
    """The story's brief; with ``?since=`` only what is new since then (the update brief).

    A cookie keeps the time of the reader's last visit to the story, so the page can offer
    "what's new since your last visit" when articles arrived after it.
    """
    svc, pools = _service(request), _pools(request)
    try:
        record, articles = await pools.run("reads", svc.story, story_id)
    except NotFoundError:
        into = await pools.run("reads", svc.merged_into, story_id)
        if into is None:
            raise
        return RedirectResponse(f"/stories/{into}" + (f"?since={since}" if since else ""), status_code=301)
    update = None
    if since:
        update = await pools.run("writes", svc.update, story_id, parse_since(since))
    brief = update["brief"] if update and update["brief"] else await brief_of(request, story_id)
    cookie = f"nf_seen_{story_id}"
    last_visit, new_since_visit = request.cookies.get(cookie), 0
    if last_visit and not since:
        try:
            new_since_visit = await pools.run("reads", svc.added_since, story_id, parse_since(last_visit))
        except InputError:  # a cookie someone edited: forget it
            last_visit = None
    page = _render(request, "story.html", {"story": record, **story_view(brief, articles), "update": update,
                                           "last_visit": last_visit, "new_since_visit": new_since_visit})
    page.set_cookie(cookie, datetime.now(timezone.utc).isoformat(timespec="microseconds").replace("+00:00", "Z"),
                    max_age=400 * 24 * 3600, path=f"/stories/{story_id}", httponly=True, samesite="lax")
    return page


@router.post("/stories/{story_id}/articles")
async def add_articles(story_id: int, request: Request) -> RedirectResponse:
    svc, pools = _service(request), _pools(request)
    await pools.run("reads", svc.require, story_id)
    inputs, _ = await _form_inputs(request)
    new = await pools.run("fetches", svc.read, inputs)
    await pools.run("writes", svc.add, story_id, new)
    return RedirectResponse(f"/stories/{story_id}", status_code=303)


async def _confirmation(request: Request, story_id: int) -> HTMLResponse:
    record = await _pools(request).run("reads", lambda: _service(request).story(story_id)[0])
    return _render(request, "delete.html", {"story": record})


@router.get("/stories/{story_id}/delete", response_class=HTMLResponse)
async def confirm_delete(story_id: int, request: Request) -> HTMLResponse:
    """Step one of deleting: what will go, and a button that posts the confirmation."""
    return await _confirmation(request, story_id)


@router.post("/stories/{story_id}/delete")
async def delete_story(story_id: int, request: Request) -> Response:
    """Step two: delete, but only with ``confirm=yes``; without it, show the confirmation."""
    form = await request.form(max_files=0, max_fields=5, max_part_size=1024)
    if form.get("confirm") != "yes":
        return await _confirmation(request, story_id)
    if not await _pools(request).run("writes", _service(request).delete, story_id):
        raise NotFoundError(f"no story {story_id}")
    return RedirectResponse("/", status_code=303)
