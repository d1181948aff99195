"""The public entry points: read and brief in one call."""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

from .model import Brief


def brief(inputs: Iterable[str | Path], **settings) -> Brief:
    """Read article files, folders or URLs and return their brief.

    ``newsfuse.brief(["a.txt", "b.html"], summary_words=120, fast=True)``
    """
    from .briefing import make_brief
    from .readers import read_articles
    from .settings import load_settings

    s = load_settings(settings)
    return make_brief(read_articles([str(i) for i in inputs], settings=s), s)
