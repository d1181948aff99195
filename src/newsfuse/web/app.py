"""The web app: ``create_app(settings, db_path)`` -> a FastAPI app with pages and a JSON API.

- Pages (``pages.py``): server-side Jinja2 templates, usable without JavaScript.
- JSON API under ``/api`` (``api.py``), documented by its OpenAPI schema at ``/docs``.
- Models load once, in the lifespan, before the first request; briefs are
  computed in the thread pool, never on the event loop.
- Guards (:mod:`newsfuse.web.security`): the ``Host`` header must be in
  ``allowed_hosts``; a state-changing request from another site's page is 403
  (CSRF); every response carries a CSP and the other security headers.
- Limits (:mod:`newsfuse.web.limits`, from :class:`~newsfuse.settings.Settings`):
  a head over ``max_header_bytes`` is 414/431, a body over ``max_upload_bytes``
  413 before it is read in full, a body slower than ``client_timeout_s`` 408; more
  than ``max_articles`` articles in a story is 413; unusable input is 422. Blocking
  work runs in three bounded thread pools (reads, fetches, writes), so slow
  sources cannot starve the other requests.
- Every error, from the API or a page, has one JSON shape
  ``{"error": {"code": "NF105", "message": "...", "status": 413}}``; a browser
  asking for HTML gets the same message as a page.
"""

from __future__ import annotations

import json
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import __version__
from ..errors import NewsfuseError, StoreError, one_line
from ..settings import Settings
from ..text.dates import readable_date
from ..text.numbers import figure_text
from .limits import Pools, RequestLimits
from .security import Guard, allowed_hosts
from .service import StoryService, warm

HERE = Path(__file__).resolve().parent
TEMPLATES = Jinja2Templates(directory=str(HERE / "templates"))
TEMPLATES.env.autoescape = True  # every template, whatever its name


def _when(value: object) -> str:
    """'2026-11-23T08:11:09.78+00:00' -> '2026-11-23 08:11 UTC' (anything else as it is)."""
    text = str(value or "")
    if len(text) >= 16 and text[10] == "T":
        return f"{text[:10]} {text[11:16]}" + (" UTC" if text.endswith(("+00:00", "Z")) else "")
    return text


TEMPLATES.env.filters["when"] = _when
TEMPLATES.env.filters["readable_date"] = readable_date  # the writers' date and figure displays, one each
TEMPLATES.env.filters["figure_text"] = figure_text

_HTTP_CODES = {400: "NF102", 404: "NF404", 405: "NF100", 408: "NF108", 413: "NF105", 414: "NF105", 422: "NF102",
               431: "NF105"}


def _mount_api_docs(app: FastAPI) -> None:
    """``/docs``: Swagger UI over ``/openapi.json``, its script and style from ``swagger-ui-bundle-v2`` (Swagger UI 5: OpenAPI 3.1).

    The page is ``templates/docs.html`` with ``static/swagger-init.js``: no inline
    script, so it works under the same Content-Security-Policy as every page.
    """
    from swagger_ui_bundle import swagger_ui_path

    app.mount("/static/swagger-ui", StaticFiles(directory=str(swagger_ui_path)), name="swagger-ui")

    @app.get("/docs", include_in_schema=False)
    async def api_docs(request: Request) -> HTMLResponse:
        return TEMPLATES.TemplateResponse(request, "docs.html", {})


def _run_watch(watch: Any) -> None:
    """The watch loop of ``serve --watch``; a failure is one line on stderr (the server keeps serving)."""
    import sys

    try:
        watch.run()
    except Exception as exc:  # noqa: BLE001 - reported, never raised into the server
        sys.stderr.write(f"newsfuse watch: stopped: {one_line(str(exc))}\n")


def error_body(code: str, message: str, status: int) -> dict[str, Any]:
    """The one shape of every error response."""
    return {"error": {"code": code, "message": message, "status": status}}


def _wants_html(request: Request) -> bool:
    if request.url.path.startswith("/api") or request.url.path in ("/docs", "/openapi.json"):
        return False
    return "text/html" in request.headers.get("accept", "")


def error_response(request: Request, code: str, message: str, status: int) -> JSONResponse | HTMLResponse:
    """JSON for the API and scripts; an HTML page for a browser on a page route. The one place every
    web failure takes its shape; the message is always one line."""
    message = one_line(message)
    if _wants_html(request):
        return TEMPLATES.TemplateResponse(
            request, "error.html",
            {"code": code, "message": message, "status": status, "settings": request.app.state.settings},
            status_code=status,
        )
    return JSONResponse(error_body(code, message, status), status_code=status)


def create_app(settings: Settings | None = None, db_path: str | Path = "newsfuse.db", *, warm_models: bool = True,
               host: str | None = None, watch: Any = None) -> FastAPI:
    """The newsfuse web app over the SQLite store at ``db_path``.

    Args:
        settings: limits, fast mode, URL policy (``allow_private_urls``), ``allowed_hosts``;
            defaults if omitted.
        db_path: the store file, created (with its schema) on first use.
        warm_models: load the brief's models at start-up (the server does; tests may too).
        host: the address the server is bound to; with ``allowed_hosts`` empty, the
            ``Host`` headers accepted are this address and localhost.
        watch: a :class:`~newsfuse.desk.watch.Watch` to run in a background thread while the
            server runs (``serve --watch``); stopped, and waited for, at shutdown.
    """
    settings = settings or Settings()
    service = StoryService(Path(db_path), settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        def open_store() -> None:
            with service.store():
                pass  # creates the file and applies migrations before the first request

        app.state.pools = Pools.from_settings(settings)  # made on the server's event loop
        await run_in_threadpool(open_store)
        if warm_models:
            await run_in_threadpool(warm, settings)
        thread = None
        if watch is not None:
            import threading

            thread = threading.Thread(target=_run_watch, args=(watch,), name="newsfuse-watch", daemon=True)
            thread.start()
        try:
            yield
        finally:
            if thread is not None:
                watch.stop()
                await run_in_threadpool(thread.join, 600)

    app = FastAPI(
        title="newsfuse",
        version=__version__,
        description="Many news reports of one event in, one sourced brief out. JSON API over a local SQLite store; "
                    "every error is `{\"error\": {\"code\", \"message\", \"status\"}}`.",
        lifespan=lifespan,
        docs_url=None,  # served below with Swagger UI's files from a PyPI package: no CDN, works offline
        redoc_url=None,
    )
    app.state.service = service
    app.state.settings = settings
    app.state.watch = watch
    app.state.templates = TEMPLATES

    @app.exception_handler(NewsfuseError)
    async def _newsfuse_error(request: Request, exc: NewsfuseError):
        # A store error's source is the server's own file: never shown to a client.
        message = exc.detail if isinstance(exc, StoreError) else exc.message
        return error_response(request, exc.code, message, exc.http_status)

    @app.exception_handler(RequestValidationError)
    async def _validation_error(request: Request, exc: RequestValidationError):
        parts = []
        for e in exc.errors()[:5]:
            if e.get("type") == "json_invalid":
                parts.append(f"malformed JSON ({e.get('ctx', {}).get('error', 'decode error')}) near character {e.get('loc', ('', 0))[-1]}")
                continue
            where = ".".join(str(x) for x in e.get("loc", ()) if x != "body") or "body"
            parts.append(f"{where}: {e.get('msg', 'invalid')}")
        return error_response(request, "NF102", "invalid request: " + "; ".join(parts), 422)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException):
        status = exc.status_code
        code = _HTTP_CODES.get(status, "NF100" if status < 500 else "NF000")
        message = exc.detail if isinstance(exc.detail, str) else json.dumps(exc.detail)
        if status == 404 and message == "Not Found":
            message = f"{request.url.path}: no such page or endpoint"
        return error_response(request, code, message, status)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception):
        if isinstance(exc, RecursionError):  # input nested too deeply for some library to walk
            return error_response(request, "NF102", "the input is nested too deeply to process; give flatter input", 422)
        return error_response(request, "NF000", f"internal error ({type(exc).__name__}); see the server log", 500)

    from .api import router as api_router
    from .pages import router as pages_router

    app.include_router(api_router)
    app.include_router(pages_router)
    _mount_api_docs(app)  # before /static, which would otherwise take /static/swagger-ui/...
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    app.add_middleware(RequestLimits, max_body=settings.max_upload_bytes, max_head=settings.max_header_bytes,
                       body_timeout_s=settings.client_timeout_s)
    app.add_middleware(Guard, hosts=allowed_hosts(settings.allowed_hosts, host))  # outermost: runs first
    return app
