"""``newsfuse serve``: the web page and JSON API over a local SQLite store."""

from __future__ import annotations

import copy
import sys
from pathlib import Path
from typing import Optional

import typer

from .options import examples, set_option, setting_option, settings_from_cli


def log_config() -> dict:
    """uvicorn's logging, on stderr: one access line per request, and its own messages from warnings up."""
    from uvicorn.config import LOGGING_CONFIG

    config = copy.deepcopy(LOGGING_CONFIG)
    config["formatters"]["access"]["fmt"] = '%(asctime)s %(client_addr)s "%(request_line)s" %(status_code)s'
    config["formatters"]["access"]["datefmt"] = "%Y-%m-%dT%H:%M:%S%z"
    config["formatters"]["access"]["use_colors"] = False
    config["handlers"]["access"]["stream"] = "ext://sys.stderr"
    config["handlers"]["default"]["stream"] = "ext://sys.stderr"
    config["loggers"]["uvicorn"]["level"] = "WARNING"
    config["loggers"]["uvicorn.error"] = {"level": "WARNING"}
    config["loggers"]["uvicorn.access"]["level"] = "INFO"
    return config


def register(app: typer.Typer) -> None:
    @app.command("serve", epilog=examples('newsfuse serve --db news.db --port 8080',
                                          'newsfuse serve --db news.db --watch feeds.opml'))
    def serve_command(
        db: Path = typer.Option(Path("newsfuse.db"), "--db", help="SQLite store (created if missing; shared with `newsfuse brief --db`)."),
        host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on (0.0.0.0 for every interface)."),
        port: int = typer.Option(8000, "--port", min=0, max=65535, help="Port to listen on."),
        fast: Optional[bool] = setting_option("fast", help="No neural model: rule-based and TF-IDF only (faster start and briefs)."),
        allow_private_urls: Optional[bool] = setting_option(
            "allow_private_urls", help="Let users fetch URLs on loopback, private and link-local addresses."
        ),
        watch: Optional[Path] = typer.Option(None, "--watch", metavar="FEEDS", help="Also poll the feeds in this OPML "
                                             "file or URL list and keep the stories current (`newsfuse watch` in the same process)."),
        set_: list[str] = set_option("max_articles=50"),
    ) -> None:
        """Serve the web page and the JSON API (OpenAPI at /docs) over a SQLite store; with --watch, poll feeds too."""
        import uvicorn

        from ..store import Store
        from ..web.app import create_app
        from ..web.protocol import protocol_class

        settings = settings_from_cli(set_, fast=fast, allow_private_urls=allow_private_urls)
        with Store(db):
            pass  # an unusable --db is one error line now, not a traceback after "serving"
        watcher = None
        if watch is not None:
            from ..desk.watch import Watch

            watcher = Watch(db, watch, settings)
            n = watcher.check()  # a bad FEEDS is one error line before the server starts
            sys.stderr.write(f"newsfuse: watching {n} feed(s) in {watch}\n")
        web_app = create_app(settings, db, host=host, watch=watcher)
        sys.stderr.write(f"newsfuse: serving {db} on http://{host}:{port} ({'fast' if settings.fast else 'default'} mode)\n")
        uvicorn.run(web_app, host=host, port=port, log_config=log_config(), timeout_graceful_shutdown=5,
                    http=protocol_class(max_head_bytes=settings.max_header_bytes,
                                        head_timeout_s=settings.client_timeout_s),
                    h11_max_incomplete_event_size=settings.max_header_bytes)
