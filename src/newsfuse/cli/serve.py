"""``newsfuse serve``: the web page and JSON API over a local SQLite store."""

from __future__ import annotations

import sys
from pathlib import Path

import typer


def register(app: typer.Typer) -> None:
    @app.command("serve")
    def serve_command(
        db: Path = typer.Option(Path("newsfuse.db"), "--db", help="SQLite store (created if missing; shared with `newsfuse brief --db`)."),
        host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on (0.0.0.0 for every interface)."),
        port: int = typer.Option(8000, "--port", min=0, max=65535, help="Port to listen on."),
        fast: bool = typer.Option(False, "--fast", help="No neural model: rule-based and TF-IDF only (faster start and briefs)."),
        allow_private_urls: bool = typer.Option(
            False, "--allow-private-urls", help="Let users fetch URLs on loopback, private and link-local addresses."
        ),
        set_: list[str] = typer.Option([], "--set", help="Any setting as key=value (see docs/settings.md), e.g. max_articles=50."),
    ) -> None:
        """Serve the web page and the JSON API (OpenAPI at /docs) over a SQLite store."""
        import uvicorn

        from ..settings import load_settings, parse_set_options
        from ..store import Store
        from ..web.app import create_app
        from ..web.protocol import protocol_class

        overrides = parse_set_options(set_)
        overrides["fast"] = fast or overrides.get("fast", False)
        if allow_private_urls:
            overrides["allow_private_urls"] = True
        settings = load_settings(overrides)
        with Store(db):
            pass  # an unusable --db is one error line now, not a traceback after "serving"
        web_app = create_app(settings, db, host=host)
        sys.stderr.write(f"newsfuse: serving {db} on http://{host}:{port} ({'fast' if settings.fast else 'default'} mode)\n")
        uvicorn.run(web_app, host=host, port=port, log_level="warning", timeout_graceful_shutdown=5,
                    http=protocol_class(max_head_bytes=settings.max_header_bytes,
                                        head_timeout_s=settings.client_timeout_s),
                    h11_max_incomplete_event_size=settings.max_header_bytes)
