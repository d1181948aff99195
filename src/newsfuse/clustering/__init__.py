"""Stream clustering: stories found online, one article at a time (see :mod:`.clusterer`).

One module per job:

- :mod:`.clusterer`: :class:`StoryClusterer`, the online single-pass clusterer;
- :mod:`.documents`: what articles are compared on (title and lead, name tokens);
- :mod:`.tfidf`: TF-IDF with document frequencies counted as the stream goes;
- :mod:`.centroids`: running sums of the open stories' vectors and their average linkage;
- :mod:`.stories`: the stories and assignments handed out.

Reading a clustering stream is in :mod:`newsfuse.readers.stream`; the B-cubed
score is in :mod:`newsfuse.evaluate.bcubed`.
"""

from __future__ import annotations

from .clusterer import StoryClusterer
from .documents import DENSE_WORDS, LEAD_WORDS, document_text, name_tokens
from .stories import Assignment, Story
from .tfidf import OnlineTfidf

__all__ = [
    "DENSE_WORDS",
    "LEAD_WORDS",
    "Assignment",
    "OnlineTfidf",
    "Story",
    "StoryClusterer",
    "document_text",
    "name_tokens",
]
