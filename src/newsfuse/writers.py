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
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import OutputError
from .text.anchors import anchor, anchored_paragraphs

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


def _figure_value(v: dict[str, Any]) -> str:
    bound = v.get("bound") or "exact"
    prefix = "" if bound == "exact" else f"{bound} "
    return f"{prefix}{v.get('value')}"


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
            values = "; ".join(f"{e_(_figure_value(v))} ({e_(v.get('text', ''))}) {_refs(v['sources'], numbers)}"
                               for v in f["values"])
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
            out.append(f"{bullet}{e_(t.get('date'))}: {e_(t.get('text'))} {_refs(t.get('sources', []), numbers)}")
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


def _cite_links(sources: list[str], numbers: dict[str, int], citations: list[dict[str, Any]] | None = None) -> str:
    target = {c["source"]: "#" + anchor(c["source"], c["sentence"]) for c in (citations or [])}
    partly = _partly(citations)
    return "".join(
        f'<a class="cite partial" href="{_e(target.get(s, "#" + s))}" title="source {numbers[s]}: reports part of it">[{numbers[s]} partly]</a>'
        if s in partly else
        f'<a class="cite" href="{_e(target.get(s, "#" + s))}" title="source {numbers[s]}">[{numbers[s]}]</a>'
        for s in sources if s in numbers
    )


def _article_html(source_id: str, article: Article) -> str:
    """The article's text, paragraph by paragraph, each sentence with its anchor id."""
    paras = []
    for pieces in anchored_paragraphs(article):
        html_pieces = [
            f'<span class="s" id="{_e(anchor(source_id, i))}">{_e(t)}</span>' if i is not None else _e(t)
            for t, i in pieces
        ]
        paras.append(f"<p>{''.join(html_pieces)}</p>")
    return "\n".join(paras)


def to_html(brief: Brief) -> str:
    """One self-contained HTML page (no external assets); all article text escaped."""
    d = brief.to_dict()
    numbers = {s["id"]: i for i, s in enumerate(d["sources"], 1)}
    parts = [
        "<!doctype html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(d['title'])}</title><style>{_CSS}</style></head><body>",
        f"<h1>{_e(d['title'])}</h1>",
        f'<p class="meta">{len(d["sources"])} sources \u00b7 newsfuse {_e(d["meta"]["version"])} \u00b7 {_e(d["meta"]["mode"])} mode</p>',
        '<section id="summary"><h2>Summary</h2>',
    ]
    for s in d["summary"]:
        parts.append(f"<p>{_e(s['text'])}{_cite_links(s['sources'], numbers, s.get('citations'))}</p>")
    parts.append("</section>")
    if d.get("update"):
        u = d["update"]
        parts.append('<section id="update"><h2>What changed</h2>')
        parts.append(f"<p>New reports: {_cite_links(u['new'], numbers)}; read before: {_cite_links(u['before'], numbers)}.</p><ul>")
        for c in u.get("changes", []):
            now = " or ".join(f"{_e(v['text'])} {_cite_links(v['sources'], numbers, v.get('citations'))}" for v in c["after"])
            was = " or ".join(f"{_e(v['text'])} {_cite_links(v['sources'], numbers, v.get('citations'))}" for v in c["before"])
            about = _e(c["about"][:1].upper() + c["about"][1:])
            parts.append(f"<li>{about}: the new reports give {now}, where earlier reports gave {was}.</li>")
        parts.append("</ul></section>")
    if d.get("quotes"):
        parts.append('<section id="quotes"><h2>Quotes</h2>')
        for q in d["quotes"]:
            speaker = _e(q.get("speaker") or "unattributed")
            role = f", {_e(q['role'])}" if q.get("role") else ""
            parts.append(f"<blockquote>\u201c{_e(q['text'])}\u201d<br><small>\u2014 {speaker}{role}{' (partial)' if q.get('partial') else ''} {_cite_links(q.get('text_sources') or q['sources'], numbers)}</small>")
            if q.get("variants"):
                parts.append("<details><summary>Other wordings</summary><ul>")
                for v in q["variants"]:
                    parts.append(f"<li>\u201c{_e(v['text'])}\u201d {_cite_links(v['sources'], numbers)}</li>")
                parts.append("</ul></details>")
            parts.append("</blockquote>")
        parts.append("</section>")
    if d.get("figures"):
        parts.append('<section id="figures"><h2>Figures</h2><table><tr><th>What</th><th>Status</th><th>Values</th></tr>')
        for f in d["figures"]:
            values = "<br>".join(f"<b>{_e(_figure_value(v))}</b> \u2014 {_e(v.get('text'))} {_cite_links(v['sources'], numbers)}" for v in f["values"])
            parts.append(f'<tr class="{_e(f["status"])}"><td>{_e(f["about"])}</td><td>{_e(f["status"])}</td><td>{values}</td></tr>')
        parts.append("</table></section>")
    if d.get("exclusive"):
        parts.append('<section id="exclusive"><h2>Only in one outlet</h2>')
        for e in d["exclusive"]:
            outlet = next((s["outlet"] for s in d["sources"] if s["id"] == e["source"]), e["source"])
            parts.append(f"<h3>{_e(outlet)} {_cite_links([e['source']], numbers)}</h3><ul>")
            parts += [f"<li>{_e(item['text'])}</li>" for item in e["items"]]
            parts.append("</ul>")
        parts.append("</section>")
    if d.get("entities"):
        parts.append('<section id="entities"><h2>People, places and organisations</h2><ul>')
        for e in d["entities"]:
            variants = [v for v in e.get("variants", []) if v != e["name"]]
            also = f" <small>(also: {_e(', '.join(variants))})</small>" if variants else ""
            role = f", {_e(e['role'])}" if e.get("role") else ""
            parts.append(f"<li><b>{_e(e['name'])}</b>{role} <small>{_e(e.get('type', ''))}</small>{also}</li>")
        parts.append("</ul></section>")
    if d.get("timeline"):
        parts.append('<section id="timeline"><h2>Timeline</h2><ul>')
        for t in d["timeline"]:
            parts.append(f"<li><b>{_e(t.get('date'))}</b>: {_e(t.get('text'))} {_cite_links(t.get('sources', []), numbers)}</li>")
        parts.append("</ul></section>")
    notes = d["meta"].get("notes") or []
    if notes:
        parts.append('<section id="notes"><h2>Notes</h2><ul>' + "".join(f"<li>{_e(n)}</li>" for n in notes) + "</ul></section>")
    parts.append('<section id="sources"><h2>Sources</h2>')
    for src, source in zip(d["sources"], brief.sources):
        parts.append(
            f'<details class="article" id="{_e(src["id"])}" open><summary>[{numbers[src["id"]]}] {_e(_source_line(src))}</summary>'
            f"{_article_html(src['id'], source.article)}</details>"
        )
    parts.append("</section></body></html>")
    return "\n".join(parts) + "\n"


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
