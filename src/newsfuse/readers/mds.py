"""One document of a DUC-style cluster record as an :class:`Article`: the one reading of it.

``newsfuse brief FILE --cluster ID`` and the evaluation (:mod:`newsfuse.evaluate.datasets`)
both build articles here, so what is scored is what a user briefs: the text is cleaned as
any article is (:func:`newsfuse.stages.clean.clean_text`, which keeps the dateline as
metadata), the id, outlet and date come from the record.
"""

from __future__ import annotations

from typing import Any

from ..model import Article, article_id
from ..stages.clean import clean_text
from ..text.dates import parse_date


def mds_document(doc: dict[str, Any], *, source: str) -> Article | None:
    """The article of one ``{"id", "source", "date", "title", "text"}`` document; ``None`` when its text is empty.

    Args:
        doc: the document record (its ``text`` a string).
        source: where it was read, for messages (``"file.jsonl#cluster"``); the document id is appended.
    """
    text = doc.get("text") or ""
    if not text.strip():
        return None
    cleaned = clean_text(text, has_title=True)
    body = cleaned.text or text.strip()
    outlet = str(doc.get("source") or "unknown outlet")
    doc_id = str(doc.get("id") or article_id(outlet, None, body))
    return Article(
        id=doc_id,
        outlet=outlet,
        text=body,
        title=doc.get("title") or None,
        date=parse_date(doc.get("date")),
        source=f"{source}/{doc_id}",
        dateline=cleaned.dateline,
        credit=cleaned.credits[0] if cleaned.credits and cleaned.credits[0] != outlet else None,
        cleaned=True,
    )
