"""newsfuse: many news reports of one event in, one sourced brief out.

>>> import newsfuse
>>> b = newsfuse.brief(["a.txt", "b.html"], fast=True)
>>> print(b.to_markdown())
"""

from __future__ import annotations

from ._version import __version__  # noqa: E402

from .errors import (  # noqa: E402
    ConfigError,
    DataError,
    ExtractionError,
    FetchError,
    FormatError,
    InputError,
    ModelUnavailable,
    NewsfuseError,
    ReadError,
    StoreError,
)
from .model import Article, Brief, BriefSentence, Citation, Cluster, Sentence, Source  # noqa: E402
from .settings import Settings, load_settings  # noqa: E402
from ._api import brief  # noqa: E402


def make_brief(articles, settings=None):
    """The :class:`Brief` of already-read :class:`Article` objects."""
    from .briefing import make_brief as _make_brief

    return _make_brief(articles, settings)


def read_articles(inputs, *, cluster=None, settings=None):
    """Read article files, folders, URLs or "-" into :class:`Article` objects."""
    from .readers import read_articles as _read

    return _read(inputs, cluster=cluster, settings=settings)


__all__ = [
    "Article",
    "Brief",
    "BriefSentence",
    "Citation",
    "Cluster",
    "ConfigError",
    "DataError",
    "ExtractionError",
    "FetchError",
    "FormatError",
    "InputError",
    "ModelUnavailable",
    "NewsfuseError",
    "ReadError",
    "Sentence",
    "Settings",
    "Source",
    "StoreError",
    "__version__",
    "brief",
    "load_settings",
    "make_brief",
    "read_articles",
]
