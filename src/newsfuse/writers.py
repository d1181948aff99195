"""Brief -> JSON, Markdown, plain text and self-contained HTML.

All formats render the same ``Brief.to_dict()`` document, so they cannot drift
apart. In HTML every piece of article text is escaped, and each citation links
to the cited sentence inside that source's text, shown in the same page.
"""

from __future__ import annotations

import html
import json
import os
import re
import tempfile
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Sequence

from .errors import OutputError
from .model.cluster import Reports
from .text.anchors import anchor, anchored_paragraphs
from .text.dates import readable_date
from .text.numbers import figure_text, join_values

if TYPE_CHECKING:
    from .model import Article, Brief

FORMATS = ("text", "markdown", "json", "html")


def to_json(brief: Brief, indent: int | None = 2) -> str:
    return json.dumps(brief.to_dict(), ensure_ascii=False, indent=indent)


_MD_SPECIAL = re.compile(r"([\\`*_\[\]])")
_MD_URL = re.compile(r"^https?://[^\s<>\\`]+$", re.I)


def md_escape(value: Any) -> str:
    """Article text as inert Markdown: shown as written, never as HTML, links or emphasis.

    ``&``, ``<`` and ``>`` become entities (every Markdown renderer shows them as the
    characters, so no raw HTML such as ``<script>`` passes through); backslashes,
    backticks, ``*``, ``_``, ``[`` and ``]`` are backslash-escaped (no links, images,
    code or emphasis); a leading ``#`` cannot start a heading; line breaks become spaces.
    """
    text = "" if value is None else str(value)
    text = " ".join(text.split("\n"))
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _MD_SPECIAL.sub(r"\\\1", text)
    return "\\" + text if text.startswith("#") else text


def _plain(value: Any) -> str:
    return "" if value is None else str(value)


def _partly(citations: list[dict[str, Any]] | None) -> set[str]:
    """Sources whose citation supports only part of the claim."""
    return {c["source"] for c in citations or () if c.get("support") == "partial"}


def _refs(sources: list[str], numbers: dict[str, int], citations: list[dict[str, Any]] | None = None) -> str:
    partly = _partly(citations)
    return "".join(f"[{numbers[s]} partly]" if s in partly else f"[{numbers[s]}]" for s in sources if s in numbers)


def _source_line(src: dict[str, Any], esc=_plain) -> str:
    parts = [esc(src["outlet"])]
    if src.get("credit") and src["credit"] != src["outlet"]:
        parts.append(f"via {esc(src['credit'])}")
    if src.get("date"):
        parts.append(esc(src["date"]))
    line = ", ".join(parts)
    if src.get("title"):
        line += f": {esc(src['title'])}"
    where = src.get("url") or src.get("input")
    if where:
        if esc is _plain or _MD_URL.match(str(where)):
            line += f" <{where}>"  # an autolink in Markdown: only a plain http(s) URL
        else:
            line += f" ({esc(where)})"
    return line


def _figure_parts(v: dict[str, Any], group: dict[str, Any]) -> tuple[str, str]:
    """A figure value for reading ("20-25 tonnes") and its wording in the articles, "" when the same."""
    shown = figure_text(v, group)
    text = (v.get("text") or "").strip()
    return shown, "" if " ".join(text.lower().split()) == " ".join(shown.lower().split()) else text


def _figure_line(v: dict[str, Any], group: dict[str, Any], esc) -> str:
    shown, written = _figure_parts(v, group)
    return f"{esc(shown)} ({esc(written)})" if written else esc(shown)


def _figure_html(v: dict[str, Any], group: dict[str, Any]) -> str:
    shown, written = _figure_parts(v, group)
    return f"<b>{_e(shown)}</b> \u2014 {_e(written)}" if written else f"<b>{_e(shown)}</b>"


def _sections(d: dict[str, Any], numbers: dict[str, int], md: bool) -> list[str]:
    """Lines of the brief for Markdown (``md``, every piece of article text escaped) or plain text."""
    e_ = md_escape if md else _plain
    h2 = (lambda t: f"## {t}") if md else (lambda t: f"{t}\n{'-' * len(t)}")
    bullet = "- "
    ref_open = "\\[" if md else "["  # a literal "[status]" must not start a Markdown link
    ref_close = "\\]" if md else "]"
    out = [f"# {e_(d['title'])}" if md else f"{d['title']}\n{'=' * len(d['title'])}", ""]
    out.append(h2("Summary"))
    out.append("")
    for s in d["summary"]:
        out.append(f"{e_(s['text'])} {_refs(s['sources'], numbers, s.get('citations'))}")
    for x in d.get("disagreements") or ():
        values = join_values([f"{e_(v['display'])} {_refs(v['sources'], numbers)}" for v in x["values"]])
        out.append(f"{e_(x['lead'])}: {values}.")
    out.append("")
    if d.get("update"):
        u = d["update"]
        out += [h2("What changed"), ""]
        out.append(f"New reports: {_refs(u['new'], numbers)}; read before: {_refs(u['before'], numbers)}.")
        for c in u.get("changes", []):
            old = " or ".join(f"{v['text']} {_refs(v['sources'], numbers)}" for v in c["before"])
            new = " or ".join(f"{v['text']} {_refs(v['sources'], numbers)}" for v in c["after"])
            out.append(f"{bullet}{c['about'][:1].upper()}{c['about'][1:]}: the new reports give {new}, where earlier reports gave {old}.")
        out.append("")
    if d.get("quotes"):
        out += [h2("Quotes"), ""]
        for q in d["quotes"]:
            speaker = e_(q.get("speaker") or "unattributed")
            role = f", {e_(q['role'])}" if q.get("role") else ""
            partial = " (partial)" if q.get("partial") else ""
            out.append(f"{bullet}\u201c{e_(q['text'])}\u201d \u2014 {speaker}{role}{partial} {_refs(q.get('text_sources') or q['sources'], numbers)}")
            for v in q.get("variants", []):
                out.append(f"  {bullet}also: \u201c{e_(v['text'])}\u201d {_refs(v['sources'], numbers)}")
        out.append("")
    if d.get("figures"):
        out += [h2("Figures"), ""]
        for f in d["figures"]:
            values = "; ".join(f"{_figure_line(v, f, e_)} {_refs(v['sources'], numbers)}" for v in f["values"])
            out.append(f"{bullet}{e_(f['about'])} {ref_open}{e_(f['status'])}{ref_close}: {values}")
        out.append("")
    if d.get("exclusive"):
        out += [h2("Only in one outlet"), ""]
        for e in d["exclusive"]:
            for item in e["items"]:
                out.append(f"{bullet}{e_(item['text'])} {_refs([e['source']], numbers)}")
        out.append("")
    if d.get("entities"):
        out += [h2("People, places and organisations"), ""]
        for e in d["entities"]:
            variants = [v for v in e.get("variants", []) if v != e["name"]]
            also = f" (also: {', '.join(e_(v) for v in variants)})" if variants else ""
            role = f", {e_(e['role'])}" if e.get("role") else ""
            mentions = _refs(sorted(e.get("mentions", {}), key=lambda s: numbers.get(s, 0)), numbers)
            out.append(f"{bullet}{e_(e['name'])}{role} {ref_open}{e_(e.get('type', ''))}{ref_close}{also} {mentions}")
        out.append("")
    if d.get("timeline"):
        out += [h2("Timeline"), ""]
        for t in d["timeline"]:
            out.append(f"{bullet}{e_(readable_date(t.get('date')))}: {e_(t.get('text'))} {_refs(t.get('sources', []), numbers)}")
        out.append("")
    notes = d.get("meta", {}).get("notes") or []
    if notes:
        out += [h2("Notes"), ""] + [f"{bullet}{e_(n)}" for n in notes] + [""]
    out += [h2("Sources"), ""]
    for i, src in enumerate(d["sources"], 1):
        out.append(f"[{i}] {_source_line(src, e_)}")
    return out


def to_markdown(brief: Brief) -> str:
    d = brief.to_dict()
    numbers = {s["id"]: i for i, s in enumerate(d["sources"], 1)}
    return "\n".join(_sections(d, numbers, md=True)) + "\n"


def to_text(brief: Brief) -> str:
    d = brief.to_dict()
    numbers = {s["id"]: i for i, s in enumerate(d["sources"], 1)}
    return "\n".join(_sections(d, numbers, md=False)) + "\n"


_CSS = """
body{font:16px/1.5 system-ui,-apple-system,Segoe UI,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.15rem;border-bottom:1px solid #ddd;padding-bottom:.2rem;margin-top:2rem}
a.cite{text-decoration:none;font-size:.8em;vertical-align:super;margin-left:.1em}
.meta{color:#666;font-size:.9rem}blockquote{margin:.5rem 0;padding-left:.8rem;border-left:3px solid #999}
table{border-collapse:collapse;width:100%}td,th{border:1px solid #ddd;padding:.3rem .5rem;text-align:left;vertical-align:top}
tr.conflict td{background:#fde8e8}tr.compatible td{background:#fff6dd}
.article p{margin:.4rem 0}.article .s:target{background:#fff3a8}
details{margin:.5rem 0}summary{cursor:pointer;font-weight:600}
"""


def _e(text: Any) -> str:
    return html.escape("" if text is None else str(text), quote=True)


def _cite_links(sources: list[str], numbers: dict[str, int], citations: list[dict[str, Any]] | None = None,
                prefix: str = "") -> str:
    target = {c["source"]: "#" + prefix + anchor(c["source"], c["sentence"]) for c in (citations or [])}
    partly = _partly(citations)
    return "".join(
        f'<a class="cite partial" href="{_e(target.get(s, "#" + prefix + s))}" title="source {numbers[s]}: reports part of it">[{numbers[s]} partly]</a>'
        if s in partly else
        f'<a class="cite" href="{_e(target.get(s, "#" + prefix + s))}" title="source {numbers[s]}">[{numbers[s]}]</a>'
        for s in sources if s in numbers
    )


def _article_html(source_id: str, article: Article, prefix: str = "") -> str:
    """The article's text, paragraph by paragraph, each sentence with its anchor id (after ``prefix``)."""
    paras = []
    for pieces in anchored_paragraphs(article):
        html_pieces = [
            f'<span class="s" id="{_e(prefix + anchor(source_id, i))}">{_e(t)}</span>' if i is not None else _e(t)
            for t, i in pieces
        ]
        paras.append(f"<p>{''.join(html_pieces)}</p>")
    return "\n".join(paras)


def _page(title: str, body: list[str], css: str = "") -> str:
    return "\n".join([
        "<!doctype html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(title)}</title><style>{_CSS}{css}</style></head><body>",
        *body,
        "</body></html>",
    ]) + "\n"


def to_html(brief: Brief) -> str:
    """One self-contained HTML page (no external assets); all article text escaped."""
    return _page(brief.title, brief_html(brief))


def brief_html(brief: Brief, prefix: str = "", level: int = 1, *, show_version: bool = True) -> list[str]:
    """The brief as HTML elements: its title as ``<h{level}>``, its sections one level below.

    Every element id and every citation link starts with ``prefix``, so several briefs can
    share one page (the day's stories page) without their anchors colliding; that page says
    the newsfuse version and mode once (``show_version=False`` for each brief).
    """
    d = brief.to_dict()
    numbers = {s["id"]: i for i, s in enumerate(d["sources"], 1)}
    h1, h2, h3 = (f"h{min(level + k, 6)}" for k in range(3))

    def cite(sources: list[str], citations: list[dict[str, Any]] | None = None) -> str:
        return _cite_links(sources, numbers, citations, prefix)

    parts = [
        f"<{h1}>{_e(d['title'])}</{h1}>",
        f'<p class="meta">{len(d["sources"])} sources'
        + (f' \u00b7 newsfuse {_e(d["meta"]["version"])} \u00b7 {_e(d["meta"]["mode"])} mode' if show_version else "") + "</p>",
        f'<section id="{prefix}summary"><{h2}>Summary</{h2}>',
    ]
    for s in d["summary"]:
        parts.append(f"<p>{_e(s['text'])}{cite(s['sources'], s.get('citations'))}</p>")
    for x in d.get("disagreements") or ():
        values = join_values([f"<b>{_e(v['display'])}</b>{cite(v['sources'], v.get('citations'))}" for v in x["values"]])
        parts.append(f'<p class="disagreement">{_e(x["lead"])}: {values}.</p>')
    parts.append("</section>")
    if d.get("update"):
        u = d["update"]
        parts.append(f'<section id="{prefix}update"><{h2}>What changed</{h2}>')
        parts.append(f"<p>New reports: {cite(u['new'])}; read before: {cite(u['before'])}.</p><ul>")
        for c in u.get("changes", []):
            now = " or ".join(f"{_e(v['text'])} {cite(v['sources'], v.get('citations'))}" for v in c["after"])
            was = " or ".join(f"{_e(v['text'])} {cite(v['sources'], v.get('citations'))}" for v in c["before"])
            about = _e(c["about"][:1].upper() + c["about"][1:])
            parts.append(f"<li>{about}: the new reports give {now}, where earlier reports gave {was}.</li>")
        parts.append("</ul></section>")
    if d.get("quotes"):
        parts.append(f'<section id="{prefix}quotes"><{h2}>Quotes</{h2}>')
        for q in d["quotes"]:
            speaker = _e(q.get("speaker") or "unattributed")
            role = f", {_e(q['role'])}" if q.get("role") else ""
            parts.append(f"<blockquote>\u201c{_e(q['text'])}\u201d<br><small>\u2014 {speaker}{role}{' (partial)' if q.get('partial') else ''} {cite(q.get('text_sources') or q['sources'])}</small>")
            if q.get("variants"):
                parts.append("<details><summary>Other wordings</summary><ul>")
                for v in q["variants"]:
                    parts.append(f"<li>\u201c{_e(v['text'])}\u201d {cite(v['sources'])}</li>")
                parts.append("</ul></details>")
            parts.append("</blockquote>")
        parts.append("</section>")
    if d.get("figures"):
        parts.append(f'<section id="{prefix}figures"><{h2}>Figures</{h2}><table><tr><th>What</th><th>Status</th><th>Values</th></tr>')
        for f in d["figures"]:
            values = "<br>".join(f"{_figure_html(v, f)} {cite(v['sources'])}" for v in f["values"])
            parts.append(f'<tr class="{_e(f["status"])}"><td>{_e(f["about"])}</td><td>{_e(f["status"])}</td><td>{values}</td></tr>')
        parts.append("</table></section>")
    if d.get("exclusive"):
        parts.append(f'<section id="{prefix}exclusive"><{h2}>Only in one outlet</{h2}>')
        for e in d["exclusive"]:
            outlet = next((s["outlet"] for s in d["sources"] if s["id"] == e["source"]), e["source"])
            parts.append(f"<{h3}>{_e(outlet)} {cite([e['source']])}</{h3}><ul>")
            parts += [f"<li>{_e(item['text'])}</li>" for item in e["items"]]
            parts.append("</ul>")
        parts.append("</section>")
    if d.get("entities"):
        parts.append(f'<section id="{prefix}entities"><{h2}>People, places and organisations</{h2}><ul>')
        for e in d["entities"]:
            variants = [v for v in e.get("variants", []) if v != e["name"]]
            also = f" <small>(also: {_e(', '.join(variants))})</small>" if variants else ""
            role = f", {_e(e['role'])}" if e.get("role") else ""
            parts.append(f"<li><b>{_e(e['name'])}</b>{role} <small>{_e(e.get('type', ''))}</small>{also}</li>")
        parts.append("</ul></section>")
    if d.get("timeline"):
        parts.append(f'<section id="{prefix}timeline"><{h2}>Timeline</{h2}><ul>')
        for t in d["timeline"]:
            when = f'<time datetime="{_e(t.get("date"))}">{_e(readable_date(t.get("date")))}</time>'
            parts.append(f"<li><b>{when}</b>: {_e(t.get('text'))} {cite(t.get('sources', []))}</li>")
        parts.append("</ul></section>")
    notes = d["meta"].get("notes") or []
    if notes:
        parts.append(f'<section id="{prefix}notes"><{h2}>Notes</{h2}><ul>' + "".join(f"<li>{_e(n)}</li>" for n in notes) + "</ul></section>")
    parts.append(f'<section id="{prefix}sources"><{h2}>Sources</{h2}>')
    for src, source in zip(d["sources"], brief.sources):
        parts.append(
            f'<details class="article" id="{_e(prefix + src["id"])}" open><summary>[{numbers[src["id"]]}] {_e(_source_line(src))}</summary>'
            f"{_article_html(src['id'], source.article, prefix)}</details>"
        )
    parts.append("</section>")
    return parts


_DAY_CSS = """
.front{list-style:none;padding:0}.front li{margin:0 0 1.2rem}
.front h2{font-size:1.2rem;margin:0;border:0;padding:0}.front h2 a{text-decoration:none}
.lead{margin:.2rem 0;display:-webkit-box;-webkit-line-clamp:2;-webkit-box-orient:vertical;overflow:hidden}
article.story{border-top:3px solid #1b1b1b;margin-top:3rem}.story h2{font-size:1.45rem}.story h3{font-size:1.1rem}
"""

LEAD_WORDS = 40  # the front page shows a story's first summary sentences up to about this many words
MAX_OUTLETS_SHOWN = 5


def report_count(brief: Brief) -> int:
    """How many independent reports the brief's sources are: wire copies and near-duplicates count once."""
    return len(Reports.from_pairs([s.id for s in brief.sources], brief.duplicates))


def front_page_order(briefs: Sequence[Brief]) -> list[Brief]:
    """The briefs most reported first: by independent reports, then articles, then the newest date;
    ties keep their order."""
    def key(item: tuple[int, Brief]) -> tuple:
        i, b = item
        newest = max((s.article.date for s in b.sources if s.article.date), default=date.min)
        return (-report_count(b), -len(b.sources), -newest.toordinal(), i)

    return [b for _, b in sorted(enumerate(briefs), key=key)]


def _date_span(dates: Sequence[date]) -> str:
    """``14 Oct 2025``, ``14-16 Oct 2025``, ``30 Sep - 2 Oct 2025`` or ``"undated"``."""
    if not dates:
        return "undated"
    first, last = min(dates), max(dates)
    day = lambda d: f"{d.day} {d:%b %Y}"  # noqa: E731
    if first == last:
        return day(first)
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day}\u2013{day(last)}"
    return f"{day(first)} \u2013 {day(last)}"


def _lead(brief: Brief) -> str:
    words: list[str] = []
    for s in brief.summary:
        if words and len(words) + len(s.text.split()) > LEAD_WORDS:
            break
        words += s.text.split()
    return " ".join(words)


def _outlets(brief: Brief) -> str:
    names = list(dict.fromkeys(s.article.outlet for s in brief.sources))
    shown = ", ".join(names[:MAX_OUTLETS_SHOWN])
    return shown + (f" and {len(names) - MAX_OUTLETS_SHOWN} more" if len(names) > MAX_OUTLETS_SHOWN else "")


def _plural(n: int, word: str) -> str:
    return f"{n} {word if n == 1 else (word[:-1] + 'ies' if word.endswith('y') else word + 's')}"


def _made_by(briefs: Sequence[Brief]) -> str:
    made = sorted({(b.meta.version, b.meta.mode) for b in briefs})
    return "".join(f" \u00b7 newsfuse {_e(v)} \u00b7 {_e(m)} mode" for v, m in made)


def to_day_html(briefs: Sequence[Brief], title: str = "The day's stories") -> str:
    """The day's stories on one self-contained page, like an aggregator's front page.

    Stories are listed most reported first (:func:`front_page_order`), each with its title,
    report and article counts, outlets, dates and the start of its summary, linking to its full
    brief further down the page. The full briefs are :func:`brief_html` with the prefix
    ``story-N-``, so every citation links to the cited sentence of that story's own source.
    """
    ordered = front_page_order(briefs)
    every_date = [s.article.date for b in ordered for s in b.sources if s.article.date]
    articles = sum(len(b.sources) for b in ordered)
    body = [
        f'<header id="top"><h1>{_e(title)}</h1>',
        f'<p class="meta">{_plural(len(ordered), "story")} from {_plural(articles, "article")} \u00b7 '
        f"{_e(_date_span(every_date))} \u00b7 most reported first (wire copies count once){_made_by(ordered)}</p></header>",
        '<ol class="front">',
    ]
    for n, b in enumerate(ordered, 1):
        reports, count = report_count(b), len(b.sources)
        counts = _plural(reports, "report") + (f" ({_plural(count, 'article')})" if count != reports else "")
        span = _date_span([s.article.date for s in b.sources if s.article.date])
        body.append(
            f'<li id="card-{n}"><h2><a href="#story-{n}">{_e(b.title)}</a></h2>'
            f'<p class="meta">{counts} \u00b7 {_e(_outlets(b))} \u00b7 {_e(span)}</p>'
            f'<p class="lead">{_e(_lead(b))}</p><a href="#story-{n}">Full brief</a></li>'
        )
    body.append("</ol>")
    for n, b in enumerate(ordered, 1):
        body.append(f'<article class="story" id="story-{n}">')
        body += brief_html(b, prefix=f"story-{n}-", level=2, show_version=False)
        body.append(f'<p><a href="#card-{n}">Back to the stories</a></p></article>')
    return _page(title, body, _DAY_CSS)


def render(brief: Brief, fmt: str) -> str:
    """``brief`` in one of :data:`FORMATS`."""
    return {"text": to_text, "markdown": to_markdown, "json": to_json, "html": to_html}[fmt](brief)


def _new_file_mode() -> int:
    """The mode a new file gets from this process's umask (0644 under the usual 022)."""
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("Umask:"):
                    return 0o666 & ~int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)  # no /proc: read it by setting it, and put it back at once
    os.umask(mask)
    return 0o666 & ~mask


def write_atomic(path: Path, content: str) -> None:
    """Write ``content`` to ``path`` through a temporary file and a rename.

    The file gets the mode any tool would give it: an existing file keeps its
    mode, a new one gets ``0666`` less the umask (``0644`` typically), not the
    private ``0600`` of a temporary file.

    Raises:
        OutputError: the folder does not exist, ``path`` is a folder, or it cannot be written.
    """
    path = Path(path)
    where = str(path)
    if path.is_dir():
        raise OutputError("is a folder; give a file name, e.g. brief.md inside it", source=where)
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise OutputError("folder does not exist; create it first or choose another output path", source=where)
    try:
        mode = path.stat().st_mode & 0o7777 if path.exists() else _new_file_mode()
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=folder)
    except PermissionError:
        raise OutputError("permission denied; choose a folder you can write to", source=where) from None
    except OSError as exc:
        raise OutputError(f"cannot write here ({exc.strerror or exc}); choose another output path", source=where) from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(content)
            os.fchmod(f.fileno(), mode)
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise OutputError(f"cannot write the file ({exc.strerror or exc}); check the space and permissions",
                          source=where) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
