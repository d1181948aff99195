"""What two articles are compared on in stream clustering: the title and lead
(:func:`document_text`), and the capitalised tokens that stand in for named entities
(:func:`name_tokens`).
"""

from __future__ import annotations

import re

from ..model import Article


LEAD_WORDS = 400  # words of the text (after the title) compared with TF-IDF
DENSE_WORDS = 80  # words of the text (after the title) embedded with MiniLM (its input is short anyway)

_WORD = re.compile(r"(?u)\b[^\W\d_][\w'\u2019-]+\b")
_CAP = re.compile(r"\b([A-Z][A-Za-z\u00C0-\u017F'\u2019-]{1,}|[A-Z]{2,})\b")
_STOPCAPS = frozenset(
    """the a an and but or if in on at of for to by with from as after before when while this that these those
    he she it they we you i his her its their our there here his what who which where why how not no yes
    mr mrs ms dr said says also new one two three first last monday tuesday wednesday thursday friday saturday
    sunday january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec today yesterday tomorrow
    """.split()
)


def document_text(article: Article, lead_words: int = LEAD_WORDS) -> str:
    """What an article is compared on: its title and the first ``lead_words`` words."""
    words = article.text.split(maxsplit=lead_words)[:lead_words]
    return f"{article.title or ''}\n{' '.join(words)}".strip()


def name_tokens(text: str) -> frozenset[str]:
    """Capitalised tokens that are not common words: a cheap stand-in for named entities."""
    out = set()
    for tok in _CAP.findall(text):
        low = tok.lower().strip("'\u2019-")
        if len(low) > 1 and low not in _STOPCAPS:
            out.add(low)
    return frozenset(out)
