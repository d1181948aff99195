"""HTML pages: the home page (new story, stored stories, search) and a story's brief.

Plain HTML forms posting to the server and redirecting (303) to the result, so
everything works without JavaScript; ``static/progress.js`` only shows that a
brief is being computed while the form waits.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from ..errors import InputError, TooLargeError
from .service import FileInput, Inputs, StoryService, split_pasted, split_urls
from .view import story_view

router = APIRouter(include_in_schema=False)


def _service(request: Request) -> StoryService:
    return request.app.state.service


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
async def home(request: Request, q: str | None = None, offset: int = 0) -> HTMLResponse:
    stories = await run_in_threadpool(_service(request).stories, q, 50, max(offset, 0))
    return _render(request, "index.html", {"stories": stories, "q": q or "", "offset": max(offset, 0)})


@router.post("/stories")
async def create_story(request: Request) -> RedirectResponse:
    inputs, title = await _form_inputs(request)
    story_id, _ = await run_in_threadpool(_service(request).create, inputs, title)
    return RedirectResponse(f"/stories/{story_id}", status_code=303)


@router.get("/stories/{story_id}", response_class=HTMLResponse)
async def story(story_id: int, request: Request) -> HTMLResponse:
    svc = _service(request)
    record, articles = await run_in_threadpool(svc.story, story_id)
    brief = await run_in_threadpool(svc.brief, story_id)
    return _render(request, "story.html", {"story": record, **story_view(brief, articles)})


@router.post("/stories/{story_id}/articles")
async def add_articles(story_id: int, request: Request) -> RedirectResponse:
    inputs, _ = await _form_inputs(request)
    await run_in_threadpool(_service(request).add, story_id, inputs)
    return RedirectResponse(f"/stories/{story_id}", status_code=303)


@router.post("/stories/{story_id}/delete")
async def delete_story(story_id: int, request: Request) -> RedirectResponse:
    from ..errors import NotFoundError

    if not await run_in_threadpool(_service(request).delete, story_id):
        raise NotFoundError(f"no story {story_id}", code="NF404")
    return RedirectResponse("/", status_code=303)
