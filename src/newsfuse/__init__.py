"""newsfuse: many news reports of one event in, one sourced brief out.

>>> import newsfuse
>>> b = newsfuse.brief("src/newsfuse/examples/harbour-fire", fast=True)
>>> print(b.to_markdown())

The public surface is ``__all__``; everything else (``newsfuse.readers``,
``newsfuse.stages``, ...) is implementation and may change. See docs/python.md.
"""

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
    NotFoundError,
    ReadError,
    StoreError,
    TooLargeError,
)
from .model import Article, Brief, BriefMeta, BriefSentence, Citation, Cluster, Sentence, Source  # noqa: E402
from .settings import SETTINGS, Setting, Settings, load_settings  # noqa: E402
from ._api import brief, make_brief, read_articles  # noqa: E402

__all__ = [
    "SETTINGS",
    "Article",
    "Brief",
    "BriefMeta",
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
    "NotFoundError",
    "ReadError",
    "Sentence",
    "Setting",
    "Settings",
    "Source",
    "StoreError",
    "TooLargeError",
    "__version__",
    "brief",
    "load_settings",
    "make_brief",
    "read_articles",
]
