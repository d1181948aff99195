"""The data model: frozen dataclasses passed between stages.

Text is stored once, in :attr:`Article.text`; sentences, quotes and figures
point into it with an article id and character offsets, so every claim in a
brief can be traced back to the passage it came from. Nothing here does I/O or
loads a model.

- :mod:`.article`: :class:`Article`, :class:`Sentence`, :class:`Citation`.
- :mod:`.cluster`: :class:`Cluster`, the pipeline's working document, with its field contract.
- :mod:`.results`: the parts the stages find (entities, quotes, figures, exclusives, timeline).
- :mod:`.brief`: :class:`Brief`, what newsfuse writes.
"""

from .article import WIRE_AGENCIES, Article, Citation, Sentence, article_id
from .brief import Brief, BriefMeta, BriefSentence, Source
from .results import Entity, Exclusive, ExclusiveItem, Figure, FigureGroup, FigureValue, Quote, QuoteVariant, TimelineItem
from .cluster import (
    _READING,
    CLUSTER_FIELDS,
    RESULT_FIELDS,
    UNSET,
    Cluster,
    DuplicatePair,
    Reports,
    UnsetFieldError,
)

__all__ = [
    "CLUSTER_FIELDS",
    "RESULT_FIELDS",
    "UNSET",
    "WIRE_AGENCIES",
    "Article",
    "Brief",
    "BriefMeta",
    "BriefSentence",
    "Citation",
    "Cluster",
    "DuplicatePair",
    "Entity",
    "Exclusive",
    "ExclusiveItem",
    "Figure",
    "FigureGroup",
    "FigureValue",
    "Quote",
    "QuoteVariant",
    "Reports",
    "Sentence",
    "Source",
    "TimelineItem",
    "UnsetFieldError",
    "article_id",
]
