"""``newsfuse watch``: poll feeds, read their articles, group them into stories, brief them."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from .options import examples, set_option, setting_option, settings_from_cli


def register(app: typer.Typer) -> None:
    @app.command("watch", epilog=examples('newsfuse watch feeds.opml --db news.db',
                                          'newsfuse watch feeds.txt --db news.db --once --fast'))
    def watch_command(
        feeds: Path = typer.Argument(..., metavar="FEEDS", help="An OPML file or a file with one feed URL a line; "
                                     "re-read when it changes (feeds are added, never removed by it)."),
        db: Path = typer.Option(Path("newsfuse.db"), "--db", metavar="FILE", help="SQLite store (created if missing; "
                                "`newsfuse serve --db` shows its stories)."),
        once: bool = typer.Option(False, "--once", help="Poll the due feeds once, brief every story that changed, "
                                  "and exit."),
        fast: Optional[bool] = setting_option("fast", help="No neural model: TF-IDF stories and rule-based briefs "
                                              "(fixed for a store by its first articles)."),
        allow_private_urls: Optional[bool] = setting_option(
            "allow_private_urls", help="Let feeds and their pages be on loopback, private and link-local addresses."),
        set_: list[str] = set_option("feed_interval_s=300"),
    ) -> None:
        """Poll feeds, read each new entry's page, group the articles into stories and keep their briefs current.

        Runs until Ctrl-C or SIGTERM (it finishes the current round and the brief being
        computed); a kill loses nothing: the next run continues where the store stopped.
        """
        from ..desk.watch import Watch, run_until_signalled

        settings = settings_from_cli(set_, fast=fast, allow_private_urls=allow_private_urls)
        watch = Watch(db, feeds, settings, once=once)
        n = watch.check()  # a bad FEEDS or --db is one error line before anything starts
        import sys

        sys.stderr.write(f"newsfuse watch: {n} feed(s) in {feeds}, store {db} "
                         f"({'fast' if settings.fast else 'default'} mode){'' if once else '; Ctrl-C stops'}\n")
        run_until_signalled(watch)
        sys.stderr.write(f"newsfuse watch: {watch.rounds} round(s), {watch.taken} new article(s), "
                         f"{watch.briefs} brief(s) made\n")
