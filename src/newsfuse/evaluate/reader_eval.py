"""``newsfuse eval-reader``: how much of each page's article the HTML reader keeps, and how little else.

A reader set is a folder of saved pages, each beside its expected body::

    pages/
      harbour_gazette.html      the page as saved (``.htm``, ``.html.gz`` too)
      harbour_gazette.txt       its article body, plain UTF-8 text, one paragraph per line

Every page is read by each system: ``newsfuse`` (the reader behind ``newsfuse
brief``: :func:`newsfuse.readers.read_bytes`, cleaning included), ``trafilatura``
(plain ``trafilatura.extract(page)``, its defaults), ``trafilatura-precision``
and ``trafilatura-recall`` (the same with ``favor_precision`` / ``favor_recall``)
and ``justext`` (jusText's non-boilerplate paragraphs, stoplist from the page's
``lang``, English when unknown).

Scoring is token-shingle matching as in the Zyte/Scrapinghub article-extraction
benchmark (Lopuhin 2019): tokens are the ``\\w+`` runs of the text (Unicode word
characters; case kept, punctuation dropped), shingles are the runs of
``SHINGLE_SIZE`` = 4 consecutive tokens, counted as a multiset, so a paragraph
printed twice counts twice. On one page, precision is the share of the output's
shingles found in the expected body and recall the share of the body's shingles
found in the output (a text shorter than 4 tokens is one shingle). Precision is
averaged over the pages where a system gave text, recall over all pages (a page
that gave nothing or an error has recall 0), and F1 is the harmonic mean of the
two averages. Intervals are 95% percentile bootstrap intervals over pages.

For ``newsfuse`` the results also audit the reader's rules: every block or line
each rule removed, and how many of them were article text after all (half or
more of their shingles in the expected body).
"""

from __future__ import annotations

import gzip
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import DataError, NewsfuseError

__all__ = ["SYSTEMS", "SHINGLE_SIZE", "Page", "load_pages", "shingles", "page_scores", "read_page", "rule_audit",
           "evaluate"]

SYSTEMS = ("newsfuse", "trafilatura", "trafilatura-precision", "trafilatura-recall", "justext")
DEFAULT_SYSTEMS = ("newsfuse", "trafilatura", "justext")
SHINGLE_SIZE = 4
PAGE_SUFFIXES = (".html.gz", ".htm.gz", ".html", ".htm")
TOKEN_RE = re.compile(r"\w+")
JUSTEXT_LANGUAGES = {"en": "English", "de": "German", "fr": "French", "es": "Spanish", "it": "Italian",
                     "pt": "Portuguese", "nl": "Dutch", "sv": "Swedish", "da": "Danish", "no": "Norwegian_Bokmal",
                     "nb": "Norwegian_Bokmal", "fi": "Finnish", "pl": "Polish", "cs": "Czech", "ru": "Russian",
                     "tr": "Turkish", "id": "Indonesian", "ms": "Malay"}
RESAMPLES = 1000
SEED = 2019


@dataclass(frozen=True, slots=True)
class Page:
    """One saved page and its expected article body."""

    name: str
    path: Path
    data: bytes
    expected: str


def _stem(path: Path) -> str | None:
    name = path.name
    low = name.lower()
    return next((name[: -len(s)] for s in PAGE_SUFFIXES if low.endswith(s)), None)


def load_pages(folder: str | Path) -> list[Page]:
    """The pages of a reader set, sorted by name.

    Raises:
        DataError: the folder is missing, holds no page, or a page has no expected body beside it.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise DataError("no such folder; give a folder of saved pages (NAME.html) with expected bodies (NAME.txt)",
                        source=str(folder))
    pages, missing = [], []
    for path in sorted(folder.iterdir()):
        stem = _stem(path)
        if stem is None or not path.is_file():
            continue
        expected = folder / f"{stem}.txt"
        if not expected.is_file():
            missing.append(path.name)
            continue
        data = path.read_bytes()
        if path.name.lower().endswith(".gz"):
            try:
                data = gzip.decompress(data)
            except (OSError, EOFError):
                raise DataError(f"{path.name} is not a readable gzip file", source=str(folder)) from None
        try:
            body = expected.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            raise DataError(f"{expected.name} is not UTF-8 text", source=str(folder)) from None
        pages.append(Page(stem, path, data, body))
    if missing:
        raise DataError(f"no expected body (NAME.txt) for {', '.join(missing[:5])}"
                        + (f" and {len(missing) - 5} more" if len(missing) > 5 else ""), source=str(folder))
    if not pages:
        raise DataError("no saved pages (.html, .htm, .html.gz) in the folder", source=str(folder))
    return pages


def shingles(text: str, n: int = SHINGLE_SIZE) -> Counter:
    """The multiset of ``n``-token shingles of ``text`` (one shingle if it has fewer than ``n`` tokens)."""
    tokens = TOKEN_RE.findall(text or "")
    if not tokens:
        return Counter()
    return Counter(tuple(tokens[i:i + n]) for i in range(max(1, len(tokens) - n + 1)))


def page_scores(expected: str, got: str) -> tuple[float | None, float]:
    """(precision, recall) of ``got`` against ``expected``; precision is None when ``got`` is empty."""
    want, have = shingles(expected), shingles(got)
    matched = sum((want & have).values())
    precision = matched / sum(have.values()) if have else None
    recall = matched / sum(want.values()) if want else (1.0 if not have else 0.0)
    return precision, recall


def _newsfuse(page: Page) -> str:
    from ..readers import read_bytes

    return "\n\n".join(a.text for a in read_bytes(page.data, name=f"{page.name}.html"))


def _trafilatura(**options: Any) -> Callable[[Page], str]:
    def run(page: Page) -> str:
        import trafilatura

        return trafilatura.extract(page.data, **options) or ""

    return run


def _justext(page: Page) -> str:
    import justext

    m = re.search(rb"<html[^>]*\blang\s*=\s*[\"']?([A-Za-z]{2})", page.data[:5000], re.I)
    language = JUSTEXT_LANGUAGES.get(m.group(1).decode().lower() if m else "en", "English")
    paragraphs = justext.justext(page.data, justext.get_stoplist(language))
    return "\n\n".join(p.text for p in paragraphs if not p.is_boilerplate)


READERS: dict[str, Callable[[Page], str]] = {
    "newsfuse": _newsfuse,
    "trafilatura": _trafilatura(),
    "trafilatura-precision": _trafilatura(favor_precision=True),
    "trafilatura-recall": _trafilatura(favor_recall=True),
    "justext": _justext,
}


def read_page(system: str, page: Page) -> tuple[str, str | None]:
    """(text, error) of ``system`` on ``page``: a failure is an empty text and a one-line error naming the page."""
    try:
        return READERS[system](page), None
    except NewsfuseError as exc:
        return "", f"{system}: {exc}"
    except Exception as exc:  # a library's own failure on a hostile page is a result, not a crash
        first = (str(exc).splitlines() or [""])[0][:200]
        return "", f"{system}: {page.name}: {type(exc).__name__}: {first}"


def rule_audit(page: Page) -> list[tuple[str, str, bool]]:
    """(rule, text, was it article text?) for everything newsfuse's HTML reader and cleaning removed from ``page``."""
    from ..readers.html import extract_html
    from ..readers.text import decode
    from ..stages.clean import clean_text

    try:
        found = extract_html(decode(page.data, source=page.name)[0], source=page.name)
    except NewsfuseError:
        return []
    removed = list(found.removed) + clean_text(found.text, has_title=found.title is not None, structured=True).removed
    body = shingles(page.expected)
    out = []
    for rule, text in removed:
        sh = shingles(text)
        out.append((rule, text, bool(sh) and sum((sh & body).values()) >= 0.5 * sum(sh.values())))
    return out


def _summary(precisions: Sequence[float | None], recalls: Sequence[float], draws: np.ndarray) -> dict[str, Any]:
    p_mask = np.array([p is not None for p in precisions])
    p_vals = np.array([p if p is not None else 0.0 for p in precisions])
    r_vals = np.array(recalls, dtype=float)

    def prf(idx: np.ndarray) -> tuple[float, float, float]:
        mask = p_mask[idx]
        p = float(p_vals[idx][mask].mean()) if mask.any() else 0.0
        r = float(r_vals[idx].mean())
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    p, r, f = prf(np.arange(len(recalls)))
    boot = np.array([prf(row) for row in draws])
    low, high = np.percentile(boot, [2.5, 97.5], axis=0)
    return {"precision": p, "recall": r, "f1": f,
            "interval": {k: [float(low[i]), float(high[i])] for i, k in enumerate(("precision", "recall", "f1"))}}


def evaluate(folder: str | Path, systems: Sequence[str] = DEFAULT_SYSTEMS,
             progress: Callable[[int, int], None] | None = None) -> dict[str, Any]:
    """Score ``systems`` on the reader set in ``folder`` (see the module docstring).

    Returns:
        ``{"pages": n, "shingle_size": 4, "systems": {name: {"precision", "recall", "f1",
        "interval", "empty", "errors", "pages": {page: {"precision", "recall"}}}}}``.

    Raises:
        DataError: the folder is not a reader set (see :func:`load_pages`).
    """
    pages = load_pages(folder)
    draws = np.random.default_rng(SEED).integers(0, len(pages), size=(RESAMPLES, len(pages)))
    results: dict[str, Any] = {"folder": str(folder), "pages": len(pages), "shingle_size": SHINGLE_SIZE, "systems": {}}
    total = len(pages) * len(systems)
    done = 0
    for system in systems:
        per_page: dict[str, dict[str, float | None]] = {}
        errors: list[str] = []
        empty: list[str] = []
        for page in pages:
            text, error = read_page(system, page)
            if error:
                errors.append(error)
            if not text.strip():
                empty.append(page.name)
            p, r = page_scores(page.expected, text)
            per_page[page.name] = {"precision": p, "recall": r}
            done += 1
            if progress:
                progress(done, total)
        summary = _summary([v["precision"] for v in per_page.values()],
                           [v["recall"] for v in per_page.values()], draws)  # type: ignore[misc]
        results["systems"][system] = {**summary, "empty": empty, "errors": errors, "pages": per_page}
        if system == "newsfuse":
            rules: dict[str, dict[str, int]] = {}
            for page in pages:
                for rule, _, in_body in rule_audit(page):
                    tally = rules.setdefault(rule, {"removed": 0, "article_text": 0})
                    tally["removed"] += 1
                    tally["article_text"] += int(in_body)
            results["systems"][system]["rules"] = dict(sorted(rules.items()))
    return results
