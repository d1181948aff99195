"""Which sentences can stand alone in a summary: no fragment, question, dangling opener or orphan quote."""

from __future__ import annotations

import re

from ...model import Sentence

_WORD_RE = re.compile(r"[A-Za-z0-9]+(?:['\u2019][a-z]+)?")
_QUOTE_CHARS = "\"\u201c\u201d"
_CUE_RE = re.compile(
    r"\b(said|says|say|told|tells|added|adds|warned|warns|asked|stated|declared|argued|insisted|"
    r"explained|noted|wrote|announced|according to|urged|pledged|vowed|described|called|referring)\b",
    re.I,
)
_PRONOUN_CUE_RE = re.compile(r"[,.]?[\"\u201d]\s*(he|she|they|it|we|i)\s+(said|says|added|told|asked|warned)\b", re.I)
UNSTANDALONE_OPENERS = frozenset(
    """
    he she it they them his her its their this that these those such there here
    but and or so yet also however meanwhile moreover furthermore instead still then
    thus hence therefore nonetheless nevertheless besides otherwise likewise similarly
    anyway indeed perhaps later earlier afterward afterwards accordingly both either neither
    """.split()
)
MIN_WORDS = 6
# Under a short budget (a 100-word summary holds four or five sentences) sentences shorter than
# this are rarely worth a slot; chosen on DUC 2007 update A and DUC 2006 at 100 words, where it
# raised ROUGE-2 recall, while at 250 words it did not (docs/evaluation.md).
SHORT_BUDGET = 150
SHORT_BUDGET_MIN_WORDS = 14
MIN_POOL = 10  # with fewer candidates than this under the longer minimum, the shorter one applies
MAX_WORDS = 55


def word_count(text: str) -> int:
    """Whitespace tokens of ``text``: the unit of every word budget."""
    return len(text.split())


def can_stand_alone(sentence: Sentence | str, quote_sizes: dict[tuple[str, int], int] | None = None) -> bool:
    """Whether a sentence reads on its own: no fragment, question, dangling opener or orphan quote."""
    text = (sentence if isinstance(sentence, str) else sentence.text).strip()
    n = word_count(text)
    if n < MIN_WORDS or n > MAX_WORDS:
        return False
    if text.endswith("?") or text.rstrip("\"\u201d'").endswith("?"):
        return False
    if not text[0].isupper() and text[0] not in _QUOTE_CHARS:
        return False
    if text[-1] not in ".!\"\u201d'\u2019)":
        return False  # a heading or caption left over
    first = _WORD_RE.match(text)
    if first and first.group(0).lower() in UNSTANDALONE_OPENERS:
        return False
    if (
        quote_sizes
        and not isinstance(sentence, str)
        and sentence.quote_id is not None
        and quote_sizes.get((sentence.article_id, sentence.quote_id), 1) > 1
    ):
        return False  # one sentence of a quotation running over several
    n_quote_marks = sum(text.count(c) for c in _QUOTE_CHARS)
    if n_quote_marks:
        if n_quote_marks % 2 == 1:
            return False  # part of a quotation running over several sentences
        if not _CUE_RE.search(text):
            quoted = sum(len(m) for m in re.findall(r"[\"\u201c]([^\"\u201d]*)[\"\u201d]", text))
            if quoted > len(text) / 3:
                return False  # a quotation with no speaker in the sentence
        if _PRONOUN_CUE_RE.search(text):
            return False  # "..., he said": the speaker is not named in the sentence
    return True
