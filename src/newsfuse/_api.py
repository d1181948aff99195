"""The public entry points: read and brief in one call.

``newsfuse.brief`` takes what a user has at hand: one path or URL, a list of
them, or :class:`~newsfuse.model.Article` objects made from text. Strings are
never iterated and never mistaken for text: a string that is plainly article
text is refused with a message saying to wrap it in ``Article(text=...)``.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Sequence, Union

from .errors import InputError, ReadError
from .model import Article, Brief
from .settings import Settings, load_settings

if TYPE_CHECKING:
    from os import PathLike

    Input = Union[str, "PathLike[str]", Article]
else:
    Input = Union[str, os.PathLike, Article]

__all__ = ["brief", "make_brief", "read_articles"]

_URL = re.compile(r"^https?://", re.I)


def _items(inputs: Input | Iterable[Input]) -> list[Input]:
    """One input or an iterable of them, as a list (a string is one input, never its characters)."""
    if isinstance(inputs, (str, os.PathLike, Article)):
        return [inputs]
    if isinstance(inputs, (bytes, bytearray)):
        raise InputError("got bytes; pass a path or URL as a str, or text as newsfuse.Article(text=...)")
    try:
        return list(inputs)
    except TypeError:
        raise InputError(f"cannot brief a {type(inputs).__name__}; pass a path or URL, a list of them, "
                         "or newsfuse.Article objects") from None


def _looks_like_text(item: str) -> bool:
    if "\n" in item or "\r" in item:
        return True
    if _URL.match(item) or item == "-" or os.path.exists(item):
        return False
    # Too long for a file name, or a sentence: several words and no file extension.
    return len(item) > 255 or (item.count(" ") >= 3 and not Path(item).suffix.strip(". "))


def _preview(text: str) -> str:
    flat = " ".join(text.split())
    return flat[:40] + ("..." if len(flat) > 40 else "")


def _path(item: Any, position: int) -> str:
    if isinstance(item, os.PathLike):
        item = os.fspath(item)
    if not isinstance(item, str):
        raise InputError(f"input {position} is a {type(item).__name__}; pass paths or URLs as str or Path, "
                         "or text as newsfuse.Article(text=...)")
    if _looks_like_text(item):
        raise InputError(f"input {position} ('{_preview(item)}') looks like article text, not a file, folder or URL; "
                         "to brief text, pass newsfuse.Article(text=..., outlet=...)")
    return item


def _read(inputs: Input | Iterable[Input], settings: Settings, cluster: str | None) -> list[Article]:
    from .readers import clean_article, read_articles as read

    items = _items(inputs)
    if not items:
        raise ReadError("no inputs; give article files, a folder, URLs or newsfuse.Article objects")
    articles: list[Article] = []
    for position, item in enumerate(items, 1):
        if isinstance(item, Article):
            articles.append(clean_article(item, settings, label=f"input {position} (Article from {item.outlet})"))
        else:
            articles += read([_path(item, position)], cluster=cluster, settings=settings)
    if len(articles) > settings.max_articles:
        raise ReadError(f"{len(articles)} articles, over the limit of {settings.max_articles}; "
                        "brief fewer or raise max_articles")
    return articles


def _settings(settings: Settings | None, overrides: dict[str, Any]) -> Settings:
    if settings is None:
        return load_settings(overrides)
    if not isinstance(settings, Settings):
        raise InputError(f"settings= takes a newsfuse.Settings, not a {type(settings).__name__}; "
                         "pass single settings as keywords (summary_words=150)")
    return settings.with_(**overrides)


def read_articles(
    inputs: Input | Iterable[Input], *, cluster: str | None = None, settings: Settings | None = None,
    **overrides: Any,
) -> list[Article]:
    """Read files, folders, URLs and hand-made articles into cleaned :class:`Article` objects.

    Args:
        inputs: one path or URL (``str`` or ``Path``), an ``Article``, or a list of
            them; a folder gives its article files in name order, ``"-"`` reads stdin.
        cluster: the cluster id to take from a DUC-style cluster JSONL file.
        settings: a :class:`Settings` to start from; default: the defaults and the
            ``NEWSFUSE_*`` environment variables.
        **overrides: single settings by name (``max_file_bytes=1_000_000``).

    Returns:
        The cleaned articles, in input order.

    Raises:
        InputError: an input is text rather than a path, of the wrong type, or
            unusable (its subclasses ReadError, FormatError, ExtractionError,
            FetchError name the input).
        ConfigError: an unknown setting or a bad value; ``cluster`` names no cluster.
    """
    s = _settings(settings, overrides)
    return _read(inputs, s, cluster)


def make_brief(
    articles: Article | Sequence[Article], settings: Settings | None = None, *,
    since: Article | Sequence[Article] = (), **overrides: Any,
) -> Brief:
    """The :class:`Brief` of articles already in hand (read, or made from text).

    Args:
        articles: one or more :class:`Article` objects; raw ones are cleaned first.
        settings: a :class:`Settings` to start from; default: the defaults and the
            ``NEWSFUSE_*`` environment variables.
        since: articles the reader has already read: the brief is then an update brief,
            restricted to what ``articles`` add, with ``brief.update`` saying what changed.
        **overrides: single settings by name (``summary_words=150, fast=True``).

    Returns:
        The brief; ``brief.to_dict()`` is ``newsfuse.brief/1`` JSON.

    Raises:
        InputError: an item is not an Article, or is too short once cleaned.
        ReadError: no articles were given.
        ConfigError: an unknown setting or a bad value.
        ModelUnavailable: a model is missing and ``fast`` is off.
    """
    from .briefing import make_brief as _make_brief

    s = _settings(settings, overrides)
    items, earlier = _items(articles), _items(since)
    for label, group in (("item", items), ("since item", earlier)):
        for position, item in enumerate(group, 1):
            if not isinstance(item, Article):
                raise InputError(f"{label} {position} is a {type(item).__name__}, not a newsfuse.Article; "
                                 "use newsfuse.brief() for paths and URLs")
    return _make_brief(_read(items, s, None) if items else items, s,
                       earlier=_read(earlier, s, None) if earlier else ())


def brief(
    inputs: Input | Iterable[Input], *, cluster: str | None = None, settings: Settings | None = None,
    since: Input | Iterable[Input] = (), **overrides: Any,
) -> Brief:
    """Read article files, folders, URLs or hand-made articles and return their brief.

    ``newsfuse.brief("src/newsfuse/examples/harbour-fire", fast=True)``,
    ``newsfuse.brief(["a.txt", "b.html"], summary_words=120)`` or
    ``newsfuse.brief([newsfuse.Article(text=..., outlet="A"), newsfuse.Article(text=..., outlet="B")])``.

    Args:
        inputs: one path or URL (``str`` or ``Path``), an :class:`Article`, or a list
            of them. Articles made from text are cleaned exactly as a text file is.
            A string that is plainly text (it has a line break, or reads as a
            sentence and is no existing path) is refused, never read as a file name.
        cluster: the cluster id to take from a DUC-style cluster JSONL file.
        settings: a :class:`Settings` to start from; default: the defaults and the
            ``NEWSFUSE_*`` environment variables (see docs/settings.md).
        since: inputs the reader has already read (same kinds as ``inputs``): the brief
            is then an update brief, only what ``inputs`` add, and ``brief.update`` says
            which sources were read before and which figures changed.
        **overrides: single settings by name, checked as on the command line
            (``summary_words=120, fast=True``).

    Returns:
        A :class:`Brief`: ``summary``, ``sources``, ``quotes``, ``figures``,
        ``exclusive``, ``entities``, ``timeline``, ``meta``; ``to_markdown()``,
        ``to_text()``, ``to_html()``, ``to_json()`` and ``to_dict()`` render it.

    Raises:
        InputError: an input is text rather than a path, of the wrong type, or
            unusable (its subclasses ReadError, FormatError, ExtractionError,
            FetchError name the input).
        ConfigError: an unknown setting or a bad value; ``cluster`` names no cluster.
        ModelUnavailable: a model is missing and ``fast`` is off.
    """
    from .briefing import make_brief as _make_brief

    s = _settings(settings, overrides)
    read_before = _items(since)
    earlier = _read(read_before, s, None) if read_before else []
    return _make_brief(_read(inputs, s, cluster), s, earlier=earlier)
