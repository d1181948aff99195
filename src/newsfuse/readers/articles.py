"""Making one :class:`~newsfuse.model.Article` from raw text: cleaning, outlet and credit.

Every reader ends here (:func:`make_article`), and hand-made articles are cleaned the same way
(:func:`clean_article`); the outlet comes from metadata first, then the text's credit lines,
then the URL's site or a readable file name.
"""

from __future__ import annotations

import re
from dataclasses import fields, replace
from pathlib import Path

from ..errors import ExtractionError, InputError
from ..model import Article, article_id
from ..settings import Settings
from ..stages.clean import agency_name, clean_text
from ..text.dates import parse_date


_ID_CHUNK = re.compile(r"(?=[0-9a-f]*\d)[0-9a-f]{6,}|\d+", re.I)


_DEFAULT_OUTLET = next(f.default for f in fields(Article) if f.name == "outlet")


def outlet_from_filename(name: str) -> str | None:
    """The outlet a file's name gives: 'valley_ledger.txt' -> 'Valley Ledger', 'bbc2.txt' -> 'bbc2'.

    ``None`` for a name that is only an id ('003_eecf2132dae05460.txt', '0042.txt'): it names no
    outlet, and a brief must not show it as one.
    """
    stem = Path(name).stem
    if re.fullmatch(r"[\w-]*\d[\w-]*", stem) and not re.search(r"[A-Za-z]{4,}[_-][A-Za-z]{3,}", stem):
        chunks = [c for c in re.split(r"[_\-\s.]+", stem) if c]
        if chunks and all(_ID_CHUNK.fullmatch(c) for c in chunks):
            return None
        return stem  # a short code with digits ("bbc2"): kept as written
    words = [w for w in re.split(r"[_\-\s.]+", stem) if w]
    return " ".join(w if w.isupper() else w.capitalize() for w in words) or stem


def _host(url: str | None) -> str | None:
    """The site of an http(s) URL without "www." ('elling-daily.example'), or ``None``."""
    from urllib.parse import urlsplit

    host = (urlsplit(url).hostname or "").lower() if url and url.lower().startswith(("http://", "https://")) else ""
    return (host[4:] if host.startswith("www.") else host) or None


def make_article(
    raw_text: str,
    *,
    source: str,
    settings: Settings,
    title: str | None = None,
    outlet: str | None = None,
    url: str | None = None,
    date: object = None,
    credit: str | None = None,
    byline: str | None = None,
    structured: bool = False,
) -> Article:
    """Clean ``raw_text`` and build an :class:`Article`, resolving outlet and credit.

    ``structured`` says the paragraphs come from a page's markup (HTML), whose
    headings are kept (see :func:`newsfuse.stages.clean.clean_text`).

    Raises:
        ExtractionError: too little text is left after cleaning.
    """
    cleaned = clean_text(raw_text, has_title=title is not None, structured=structured)
    if title and cleaned.text.startswith(title):
        cleaned.text = cleaned.text[len(title):].lstrip()
    text = cleaned.text
    if len(text) < settings.min_article_chars:
        raise ExtractionError(_too_short(raw_text, text, title or cleaned.title, settings.min_article_chars), source=source)
    credits = ([credit] if credit else []) + [c for c in cleaned.credits if c != credit]
    resolved_outlet = outlet or cleaned.outlet_hint
    if not resolved_outlet:
        # no outlet named: the file's name when it is a name, else the site of its URL, the
        # agency the story credits, or "unknown outlet" (never a file's id)
        name = Path(source).name if source not in ("-", "") and not source.lower().startswith(("http://", "https://")) else ""
        resolved_outlet = (outlet_from_filename(name) if name else None) or _host(url) \
            or (credits[0] if credits else None) or _DEFAULT_OUTLET
    # An outlet that is itself a wire agency is not "credited" to itself.
    resolved_credit = next((c for c in credits if agency_name(c) and c != resolved_outlet), None)
    return Article(
        id=article_id(resolved_outlet, url, text),
        outlet=resolved_outlet,
        text=text,
        title=title or cleaned.title,
        url=url,
        date=parse_date(date) or cleaned.published,
        source=source,
        credit=resolved_credit,
        dateline=cleaned.dateline,
        byline=byline or cleaned.byline,
        cleaned=True,
    )




def _too_short(raw_text: str, text: str, title: str | None, need: int) -> str:
    """Why an input is too short, counting what the user gave, not only what cleaning left."""
    given = len(raw_text.strip())
    if given < need:
        why = f"only {given} characters given (need {need} characters of article text)"
    else:
        why = f"only {len(text)} characters of article text left after cleaning the {given} given (need {need})"
    if title and not text:
        shown = title if len(title) <= 60 else title[:57] + "..."
        why += f"; its one line, \"{shown}\", was read as the title"
    return why + "; give a full article"


def clean_article(article: Article, settings: Settings | None = None, *, label: str | None = None) -> Article:
    """``article`` cleaned exactly as a text file's content is, keeping what it was given.

    A hand-made ``Article(text=..., outlet=..., title=..., date=..., url=...)`` is
    raw text: this runs it through :func:`make_article`, the code path of a ``.txt``
    file (captions, credits, subheads and datelines removed; outlet and credit
    resolved from the text when not given), keeping the given outlet, title, date,
    url, credit, byline, dateline, source and an explicitly given id. A derived id
    is derived again from the cleaned text, as for a file.

    Args:
        article: an article; returned unchanged when ``article.cleaned``.
        settings: limits (``min_article_chars``); defaults if omitted.
        label: how to name the article in errors when it has no ``source``
            ("article 2"); default: its outlet.

    Returns:
        The cleaned :class:`Article` (``cleaned`` is true).

    Raises:
        ExtractionError: too little text is left after cleaning.
        InputError: ``date`` is given but is not a date.
    """
    if article.cleaned:
        return article
    settings = settings or Settings()
    name = article.source or label or f"article from {article.outlet}"
    date = parse_date(article.date)
    if article.date not in (None, "") and date is None:
        raise InputError(f"date {article.date!r} is not a date; give a datetime.date or an ISO date (2024-05-01)",
                         source=name)
    given_id = article.id if article.id != article_id(article.outlet, article.url, article.text) else None
    try:
        made = make_article(
            article.text, source=article.source, settings=settings, title=article.title,
            outlet=None if article.outlet == _DEFAULT_OUTLET else article.outlet,
            url=article.url, date=date, credit=article.credit, byline=article.byline,
        )
    except ExtractionError as exc:
        if exc.source:
            raise
        raise ExtractionError(exc.message, source=name) from None
    return replace(made, id=given_id or made.id, dateline=made.dateline or article.dateline)
