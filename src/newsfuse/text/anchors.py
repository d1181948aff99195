"""Citation anchors: the element id of each sentence, and an article's text cut at its sentences.

The HTML writer and the web page both show an article's text with every sentence
in its own element, so that a citation is a plain link to that sentence. Both
use the functions here, so their anchors are the same and match the sentence
numbers the brief cites (the sentences come from :func:`.sentences.split_sentences`,
the splitter the ``segment`` stage uses).
"""

from __future__ import annotations

from ..model.article import Article
from .sentences import paragraphs, split_sentences

Piece = tuple[str, "int | None"]  # a run of text and, when it is a sentence, its index


def anchor(source_id: str, sentence: int) -> str:
    """The element id of sentence ``sentence`` of source ``source_id``: ``"s2-s5"``."""
    return f"{source_id}-s{sentence}"


def anchored_paragraphs(article: Article) -> tuple[tuple[Piece, ...], ...]:
    """The article's paragraphs, each as pieces of text: sentences (with their index) and the gaps between."""
    text = article.text
    by_para: dict[int, list] = {}
    for s in split_sentences(article):
        by_para.setdefault(s.paragraph, []).append(s)
    out = []
    for p_index, (p_start, p_end) in enumerate(paragraphs(text)):
        pieces: list[Piece] = []
        pos = p_start
        for s in by_para.get(p_index, ()):
            if s.start > pos:
                pieces.append((text[pos:s.start], None))
            pieces.append((text[s.start:s.end], s.index))
            pos = s.end
        if pos < p_end:
            pieces.append((text[pos:p_end], None))
        out.append(tuple(pieces))
    return tuple(out)
