"""The data model: frozen dataclasses passed between stages.

Text is stored once, in :attr:`Article.text`; sentences, quotes and figures
point into it with an article id and character offsets, so every claim in a
brief can be traced back to the passage it came from. Nothing here does I/O or
loads a model.

- :mod:`.article`: :class:`Article`, :class:`Sentence`, :class:`Citation`.
- :mod:`.cluster`: :class:`Cluster`, the pipeline's working document, with its field contract.
- :mod:`.results`: the parts the stages find (entities, quotes, figures, disagreements, exclusives, timeline).
- :mod:`.brief`: :class:`Brief`, what newsfuse writes.
"""

from .article import WIRE_AGENCIES, Article, Citation, Sentence, article_id
from .brief import Brief, BriefMeta, BriefSentence, Source
from .results import (
    Change,
    Disagreement,
    Entity,
    Exclusive,
    ExclusiveItem,
    Figure,
    FigureGroup,
    FigureValue,
    Quote,
    QuoteVariant,
    TimelineItem,
    Update,
)
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
    "Change",
    "BriefMeta",
    "BriefSentence",
    "Citation",
    "Cluster",
    "Disagreement",
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
    "Update",
    "article_id",
]
