"""HTML pages saved from news sites: the article's text and metadata.

The text comes from trafilatura (its own extractor, checked against its
readability and jusText fallbacks), read as a tree so that headings, list
items and quotes are known; which text is link text, and which short lines
are headings, is read from the page itself. Then, in this order:

1. Page furniture inside the extracted tree is dropped: the headline printed
   again above the story, the standfirst when it is the page's own
   ``og:description``, blocks that are nothing but a link ("Related: ...",
   "Read more" lists), a short line introducing a run of such links, and
   lone one- or two-word fragments that are neither headings nor sentences.
2. When the page carries its story as JSON-LD ``articleBody`` and trafilatura
   found that story, blocks that are not in it are dropped; when trafilatura
   found much less than ``articleBody`` holds, ``articleBody`` is the text.
3. If trafilatura finds nothing, its recall mode, its baseline extractor,
   JSON-LD ``articleBody`` and the text of the ``<p>`` elements are tried in
   turn; a page where all of them are empty raises :class:`ExtractionError`.

Headings are kept as paragraphs of their own: they are part of the article as
published. Line-level noise (captions, credits, stamps) is the job of
:mod:`newsfuse.stages.clean`, which every reader runs afterwards.
Metadata: outlet, title, date and author from the page's own tags
(:mod:`newsfuse.readers.pagemeta`) before trafilatura's guesses; an author that
is a wire agency ("Reuters") is the article's credit, not its byline.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from html.parser import HTMLParser

from ..errors import ExtractionError
from ..stages.clean import agency_name
from ..text.dates import parse_date
from .pagemeta import PageMeta, collapse, page_meta, parse_page

__all__ = ["HtmlArticle", "Block", "extract_html", "paragraphs_fallback"]

_WORD = re.compile(r"\w+")
_END_PUNCT = re.compile(r"[.!?:;\"'\u201d\u2019)\]\u2026]$")
LINK_SHARE = 0.8  # a block this much link text, and short, is navigation
LINK_BLOCK_MAX_WORDS = 30
FRAGMENT_MAX_WORDS = 2
MIN_BODY_WORDS = 50  # JSON-LD articleBody shorter than this is a teaser, not the story


@dataclass(frozen=True, slots=True)
class Block:
    """One paragraph-like piece of the extracted tree.

    Attributes:
        kind: "p", "head" (a heading or a paragraph that is all bold), "item"
            (a list item), "quote" or "cell" (a table row).
        text: its text, whitespace collapsed.
        link_share: the share of its characters inside links.
    """

    kind: str
    text: str
    link_share: float = 0.0


@dataclass(frozen=True, slots=True)
class HtmlArticle:
    """What the HTML reader found in a page.

    Attributes:
        text: the article text, one paragraph per line (headings included).
        title, outlet, published, url, author: metadata, page tags first.
        credit: the wire agency named as the page's author, if any.
        extractor: which method gave the text ("trafilatura", "json-ld",
            "trafilatura-recall", "baseline", "paragraphs").
        removed: (rule, text) for every block dropped in step 1 or 2.
    """

    text: str
    title: str | None = None
    outlet: str | None = None
    published: date | None = None
    url: str | None = None
    author: str | None = None
    credit: str | None = None
    extractor: str = "trafilatura"
    removed: tuple[tuple[str, str], ...] = field(default=(), compare=False)


class _Paragraphs(HTMLParser):
    """Collects the text of <p> elements, skipping script and style."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[str] = []
        self._buf: list[str] | None = None
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "noscript", "template"):
            self._skip += 1
        elif tag == "p":
            self._buf = []

    def handle_endtag(self, tag):
        if tag in ("script", "style", "noscript", "template"):
            self._skip = max(0, self._skip - 1)
        elif tag == "p" and self._buf is not None:
            text = re.sub(r"\s+", " ", "".join(self._buf)).strip()
            if text:
                self.paragraphs.append(text)
            self._buf = None

    def handle_data(self, data):
        if self._buf is not None and not self._skip:
            self._buf.append(data)


def paragraphs_fallback(html: str) -> str:
    """The text of the page's ``<p>`` elements, one per line ("" if none)."""
    parser = _Paragraphs()
    try:
        parser.feed(html)
        parser.close()
    except Exception:  # HTMLParser is lenient; a failure here means nothing usable
        return ""
    return "\n".join(parser.paragraphs)


# --- the extracted tree as blocks -------------------------------------------------

def _pieces(el, *, skip: tuple[str, ...] = ()) -> list[tuple[str, int]]:
    """The lines of ``el`` (split at ``<lb/>``) as (text, characters inside links)."""
    lines: list[list] = [[[], 0]]

    def add(text: str | None, in_link: bool) -> None:
        if text:
            lines[-1][0].append(text)
            if in_link:
                lines[-1][1] += len(text.strip())

    def walk(node, in_link: bool) -> None:
        add(node.text, in_link)
        for child in node:
            if not isinstance(child.tag, str) or child.tag in skip:
                pass
            elif child.tag == "lb":
                lines.append([[], 0])
            else:
                walk(child, in_link or child.tag == "ref")
            add(child.tail, in_link)

    walk(el, el.tag == "ref")
    out = []
    for parts, link_chars in lines:
        text = collapse("".join(parts))
        if text:
            out.append((text, link_chars))
    return out


def _is_bold_only(el) -> bool:
    """A <p> whose whole text is one bold run: a subhead set in bold."""
    kids = [c for c in el if isinstance(c.tag, str)]
    return (len(kids) == 1 and kids[0].tag == "hi" and "#b" in (kids[0].get("rend") or "")
            and not (el.text or "").strip() and not (kids[0].tail or "").strip())


def tree_blocks(body) -> list[Block]:
    """trafilatura's extracted tree (``Document.body``) as a list of :class:`Block`."""
    blocks: list[Block] = []

    def emit(kind: str, el, *, skip: tuple[str, ...] = ()) -> None:
        for text, link_chars in _pieces(el, skip=skip):
            share = min(1.0, link_chars / max(1, len(text)))
            blocks.append(Block(kind, text, share))

    for el in body:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag in ("graphic", "figure", "fw", "note"):
            continue
        if tag == "list":
            for item in el.iter("item"):
                emit("item", item, skip=("list",))
        elif tag == "table":
            for row in el.iter("row"):
                emit("cell", row)
        elif tag == "quote":
            kids = [c for c in el if isinstance(c.tag, str) and c.tag == "p"]
            for part in kids or [el]:
                emit("quote", part)
        elif tag == "head" or (tag == "p" and _is_bold_only(el)):
            emit("head", el)
        elif tag:
            emit("p", el)
    return blocks


def page_links(root) -> tuple[set[str], set[str]]:
    """(texts of the page's links, texts of its headings and all-bold paragraphs), whitespace collapsed.

    trafilatura reads a page best without keeping links and formatting (keeping
    them splits some paragraphs), so these come from the page itself.
    """
    links: set[str] = set()
    heads: set[str] = set()
    if root is None:
        return links, heads
    for el in root.iter("a"):
        text = collapse(el.text_content())
        if text:
            links.add(text)
    for el in root.iter("h1", "h2", "h3", "h4", "h5", "h6", "strong", "b"):
        text = collapse(el.text_content())
        parent = el.getparent()
        if text and (el.tag[0] == "h" or (parent is not None and collapse(parent.text_content()) == text)):
            heads.add(text)
    return links, heads


def with_link_shares(blocks: list[Block], links: set[str]) -> list[Block]:
    """``blocks`` with ``link_share`` set from the page's link texts (short blocks only)."""
    long_links = sorted((t for t in links if len(t) >= 12), key=len, reverse=True)
    out = []
    for block in blocks:
        share = 0.0
        if len(block.text.split()) <= LINK_BLOCK_MAX_WORDS:
            if block.text in links:
                share = 1.0
            else:
                size = len(block.text)
                inner = next((t for t in long_links if len(t) >= LINK_SHARE * size and len(t) <= size and t in block.text), None)
                share = len(inner) / size if inner else 0.0
        out.append(Block(block.kind, block.text, share) if share else block)
    return out


# --- step 1: page furniture -------------------------------------------------------

def _norm(text: str) -> str:
    return " ".join(_WORD.findall(text.casefold()))


def _same_text(block: str, candidates: tuple[str, ...]) -> bool:
    """``block`` is one of ``candidates`` (or a candidate cut off with "..." is its start)."""
    b = _norm(block)
    if not b:
        return False
    for cand in candidates:
        c = _norm(cand)
        if not c:
            continue
        if b == c or (cand.rstrip().endswith(("...", "\u2026")) and len(c) >= 40 and b.startswith(c)):
            return True
    return False


def _is_headline(block: Block, meta: PageMeta) -> bool:
    b = _norm(block.text)
    if len(b.split()) < 3:
        return False
    return any(b == _norm(t) or (len(b) >= 20 and _norm(t).startswith(b + " ")) for t in meta.titles)


_STANDFIRST_CLASS = re.compile(r"dek|deck|standfirst|intro|lead|summary|teaser|excerpt|sub-?title|sub-?head|strap|"
                               r"description|abstract|kicker", re.I)


def _set_apart(root, text: str) -> bool:
    """The page prints ``text`` apart from the story's paragraphs: a standfirst, not the first paragraph.

    True when every innermost element holding ``text`` is marked as a standfirst
    by its class (or its parent's), or is nearly alone in its parent: the rest of
    the parent holds less text than the element itself.
    """
    if root is None:
        return False
    target = collapse(text)
    holders = []
    for el in root.iter("p", "h2", "h3", "h4", "h5", "h6", "div", "span", "header", "section", "strong", "em", "b"):
        if len(el.text_content()) < 0.7 * len(target):
            continue
        own = collapse(el.text_content())
        if own == target or (len(own) >= 0.7 * len(target) and target.startswith(own)):
            holders = [h for h in holders if h not in el.iterancestors()]
            holders.append(el)
    if not holders:
        return False
    for el in holders:
        parent = el.getparent()
        marked = any(_STANDFIRST_CLASS.search(e.get("class") or "") for e in (el, parent) if e is not None)
        rest = len(collapse(parent.text_content())) - len(collapse(el.text_content())) if parent is not None else 0
        if not marked and rest >= len(target):
            return False
    return True


def drop_furniture(blocks: list[Block], meta: PageMeta, root=None, heads: frozenset[str] | set[str] = frozenset()
                   ) -> tuple[list[Block], list[tuple[str, str]]]:
    """Step 1 of the module docstring: (kept blocks, (rule, text) of the dropped ones).

    ``heads`` are the page's heading texts: a short line among them is a subhead, not a fragment.
    """
    removed: list[tuple[str, str]] = []
    kept: list[Block] = []
    link_run: list[Block] = []
    for i, block in enumerate(blocks):
        words = len(block.text.split())
        if len(kept) < 3 and not _story_started(kept) and _is_headline(block, meta):
            removed.append(("headline", block.text))
            continue
        if len(kept) < 2 and block.kind != "head" and words >= 8 and _same_text(block.text, meta.descriptions) \
                and _has_story_after(blocks, i, block) and _set_apart(root, block.text):
            removed.append(("standfirst", block.text))
            continue
        if block.kind != "head" and block.link_share >= LINK_SHARE and words <= LINK_BLOCK_MAX_WORDS:
            removed.append(("link", block.text))
            link_run.append(block)
            continue
        if block.kind == "p" and words <= FRAGMENT_MAX_WORDS and not _END_PUNCT.search(block.text) \
                and block.text not in heads:
            removed.append(("fragment", block.text))
            continue
        if link_run and len(link_run) >= 2 and kept and _introduces_links(kept[-1]):
            removed.append(("link-heading", kept.pop().text))
        link_run = []
        kept.append(block)
    if len(link_run) >= 2 and kept and _introduces_links(kept[-1]):
        removed.append(("link-heading", kept.pop().text))
    return kept, removed


def _story_started(kept: list[Block]) -> bool:
    """Some story text has been kept already (a headline can only come before it)."""
    return sum(len(b.text.split()) for b in kept) > 60


def _has_story_after(blocks: list[Block], i: int, block: Block) -> bool:
    """Enough text follows ``block`` for it to be a standfirst rather than the story itself."""
    after = sum(len(b.text.split()) for b in blocks[i + 1:] if b.text != block.text)
    return after >= 3 * len(block.text.split()) and after >= 60


def _introduces_links(block: Block) -> bool:
    """A short line such as "Related coverage" or "Editors' Recommendations:"."""
    text = block.text.strip()
    return len(text.split()) <= 8 and (text.endswith(":") or not _END_PUNCT.search(text))


# --- step 2: JSON-LD articleBody --------------------------------------------------

def _shingles(tokens: list[str], n: int = 4) -> set[tuple[str, ...]]:
    return {tuple(tokens[i:i + n]) for i in range(max(1, len(tokens) - n + 1))} if tokens else set()


def check_against_body(blocks: list[Block], article_body: str | None
                       ) -> tuple[list[Block] | None, list[tuple[str, str]]]:
    """Step 2: (blocks kept, removed) when ``article_body`` confirms them; (None, []) to use the body instead.

    Returns the blocks unchanged when there is no usable ``articleBody``.
    """
    if not article_body or not blocks:
        return blocks, []
    body_tokens = _norm(article_body).split()
    if len(body_tokens) < MIN_BODY_WORDS:
        return blocks, []
    body_sh = _shingles(body_tokens)
    body_str = " " + " ".join(body_tokens) + " "
    block_tokens = [_norm(b.text).split() for b in blocks]
    found = _shingles([tok for t in block_tokens for tok in t])  # in page order, as the body runs on
    coverage = len(body_sh & found) / len(body_sh)
    total = sum(len(t) for t in block_tokens)
    if coverage < 0.8 and len(body_tokens) > 1.25 * total:
        return None, []  # trafilatura missed much of the story the page itself declares
    if coverage < 0.8 or len(body_tokens) < 0.5 * total:
        return blocks, []  # a teaser or another text: no evidence either way
    kept, removed = [], []
    for block, toks in zip(blocks, block_tokens):
        if block.kind == "head" or not toks:
            kept.append(block)
            continue
        sh = _shingles(toks)
        inside = (len(sh & body_sh) / len(sh) >= 0.5) if len(toks) >= 4 else f" {' '.join(toks)} " in body_str
        (kept if inside else removed).append(block if inside else ("not-in-articleBody", block.text))
    return kept, removed


# --- extraction -----------------------------------------------------------------

def _trafilatura(html: str, url: str | None, *, favor_recall: bool = False):
    import trafilatura

    try:
        return trafilatura.bare_extraction(
            html, url=url, include_comments=False, include_tables=True, favor_recall=favor_recall, with_metadata=True)
    except Exception:  # trafilatura raises bare ValueErrors/lxml errors on odd markup
        return None


def _baseline(html: str) -> str:
    import trafilatura

    try:
        return trafilatura.baseline(html)[1] or ""
    except Exception:
        return ""


def extract_html(html: str, *, source: str, url: str | None = None) -> HtmlArticle:
    """The article text (one paragraph per line) and metadata of a news page.

    Raises:
        ExtractionError: no article text in the page by any method.
    """
    root = parse_page(html)
    meta = page_meta(root)
    doc = _trafilatura(html, url)
    removed: list[tuple[str, str]] = []
    extractor = "trafilatura"
    blocks = tree_blocks(doc.body) if doc is not None and doc.body is not None else []
    if sum(len(b.text) for b in blocks) < 100:
        recall = _trafilatura(html, url, favor_recall=True)
        more = tree_blocks(recall.body) if recall is not None and recall.body is not None else []
        if sum(len(b.text) for b in more) > sum(len(b.text) for b in blocks):
            blocks, extractor = more, "trafilatura-recall"
            doc = doc or recall
    links, heads = page_links(root)
    kept, removed = drop_furniture(with_link_shares(blocks, links), meta, root, heads)
    checked, dropped = check_against_body(kept, meta.article_body)
    if checked is None:
        text, extractor = meta.article_body or "", "json-ld"
    else:
        removed += dropped
        text = "\n".join(b.text for b in checked)
    if not text.strip():
        for name, candidate in (("baseline", lambda: _baseline(html)), ("json-ld", lambda: meta.article_body or ""),
                                ("paragraphs", lambda: paragraphs_fallback(html))):
            text = candidate().strip()
            if text:
                extractor = name
                break
    if not text.strip():
        raise ExtractionError("no article text found in the HTML page (tried trafilatura, its baseline, JSON-LD "
                              "and the <p> text); check that it is a saved article page", source=source)
    return HtmlArticle(
        text=text,
        title=meta.headline or _title_guess(doc, meta),
        outlet=meta.site_name or (doc.sitename if doc is not None else None) or None,
        published=parse_date(meta.published) or parse_date(doc.date if doc is not None else None),
        url=meta.url or (doc.url if doc is not None else None) or url,
        **_people(meta, doc),
        extractor=extractor,
        removed=tuple(removed),
    )


def _title_guess(doc, meta: PageMeta) -> str | None:
    """trafilatura's title when the page declares no headline, unless it is only the site's name."""
    title = doc.title if doc is not None else None
    outlet = meta.site_name or (doc.sitename if doc is not None else None)
    if title and outlet and _norm(title) == _norm(outlet):
        title = None
    title = title or (meta.titles[-1] if meta.titles else None)
    if title and outlet:  # "Marlow Radio - Seal colony ..." / "... | Harbour Gazette"
        site = re.escape(outlet)
        title = re.sub(rf"^{site}\s*[-|:\u2013\u2014]\s+|\s+[-|:\u2013\u2014]\s*{site}$", "", title, flags=re.I) or title
    return title


def _people(meta: PageMeta, doc) -> dict[str, str | None]:
    """Author and credit: a wire agency named as author is the credit ("Reuters"), not a byline."""
    names = list(meta.authors) or ([a.strip() for a in doc.author.split(";")] if doc is not None and doc.author else [])
    credit = next((agency_name(n) for n in names if agency_name(n) and len(n.split()) <= 3), None)
    people = [n for n in names if not (agency_name(n) and len(n.split()) <= 3)]
    return {"author": "; ".join(people) or None, "credit": credit}
