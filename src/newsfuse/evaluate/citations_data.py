"""Claims and the articles that report them: reading the files ``newsfuse eval-citations`` scores.

Two forms, one line a cluster:

- **SCU-marked sets** (``../shared/data/citations/duc_scu_marked.jsonl``, NIST's DUC 2006/2007
  pyramid marks): documents come as sentences, each with the ids of the summary content units
  it expresses. Every marked sentence is a claim; a document other than its own is gold for it
  when one of its sentences carries one of the same units. The marks do not say whether a
  document states all of the sentence or a part of it, so gold is "full or partial".
- **Claims files**: ``{"id", "documents": [{"id", "source", "date", "title", "text"}], "claims":
  [{"id", "text", "from", "reports"?, "partial"?}]}``; documents are split into sentences by
  newsfuse's own splitter, and gold, when present, separates full and partial reports.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import numpy as np

from ..errors import DataError


@dataclass(frozen=True, slots=True)
class Claim:
    id: str
    text: str
    source: str  # the document it comes from
    sentence: int | None  # its index in ``sentences`` when it is one of them (SCU sets)
    full: frozenset[str] | None  # gold documents stating it (None: no gold)
    partial: frozenset[str]  # gold documents stating part of it


@dataclass(frozen=True, slots=True)
class ClaimSet:
    id: str
    dataset: str
    documents: tuple[str, ...]  # document ids, in file order
    sentences: tuple[str, ...]  # every sentence of every document, in order
    sentence_doc: tuple[int, ...]  # for each sentence, the index of its document
    claims: tuple[Claim, ...]
    scu: bool  # gold from SCU marks: full and partial are not told apart
    units: tuple[frozenset[int], ...] = ()  # SCU sets: the units each sentence expresses


def _bad(path: Path, line: int, what: str) -> DataError:
    return DataError(f"{path}:{line}: {what}; expected SCU-marked sets or claims lines (see docs/evaluation.md, Citations)")


def _scu_set(path: Path, n: int, rec: dict) -> ClaimSet:
    docs, sents, sdoc, marks = [], [], [], []
    for d_i, doc in enumerate(rec["documents"]):
        docs.append(str(doc["id"]))
        for s in doc["sentences"]:
            sents.append(str(s["text"]))
            sdoc.append(d_i)
            marks.append(frozenset(int(u) for u in s.get("scus") or ()))
    docs_of_unit: dict[int, set[str]] = {}
    for k, units in enumerate(marks):
        for u in units:
            docs_of_unit.setdefault(u, set()).add(docs[sdoc[k]])
    claims = []
    for k, units in enumerate(marks):
        if not units:
            continue
        own = docs[sdoc[k]]
        gold = set().union(*(docs_of_unit[u] for u in units)) - {own}
        claims.append(Claim(f"{rec['id']}#{k}", sents[k], own, k, frozenset(gold), frozenset()))
    return ClaimSet(str(rec["id"]), str(rec.get("dataset", "")), tuple(docs), tuple(sents), tuple(sdoc), tuple(claims), True, tuple(marks))


def _claims_set(path: Path, n: int, rec: dict) -> ClaimSet:
    from ..model import Article
    from ..text.sentences import split_sentences

    docs, sents, sdoc = [], [], []
    for d_i, doc in enumerate(rec["documents"]):
        if not isinstance(doc.get("text"), str) or "id" not in doc:
            raise _bad(path, n, "a document without id or text")
        docs.append(str(doc["id"]))
        article = Article(id=str(doc["id"]), outlet=str(doc.get("source") or doc["id"]), text=doc["text"])
        for s in split_sentences(article):
            sents.append(s.text)
            sdoc.append(d_i)
    claims = []
    for c in rec["claims"]:
        if not isinstance(c.get("text"), str) or str(c.get("from")) not in docs:
            raise _bad(path, n, f"claim {c.get('id')!r} has no text or its 'from' is not one of the documents")
        reports = c.get("reports")
        full = None if reports is None else frozenset(map(str, reports)) - {str(c["from"])}
        partial = frozenset(map(str, c.get("partial") or ())) - {str(c["from"])}
        claims.append(Claim(str(c["id"]), c["text"], str(c["from"]), None, full, partial))
    return ClaimSet(str(rec["id"]), str(rec.get("dataset", "")), tuple(docs), tuple(sents), tuple(sdoc), tuple(claims), False)


def read_claim_sets(path: Path, limit: int | None = None) -> Iterator[ClaimSet]:
    """The claim sets of ``path`` (either form), at most ``limit`` of them."""
    try:
        handle = path.open(encoding="utf-8")
    except OSError as exc:
        raise DataError(f"{path}: cannot read it ({exc.strerror}); give an SCU-marked or claims JSON Lines file") from None
    with handle:
        count = 0
        for n, line in enumerate(handle, 1):
            if not line.strip():
                continue
            if limit is not None and count >= limit:
                return
            try:
                rec = json.loads(line)
            except json.JSONDecodeError:
                raise _bad(path, n, "not JSON") from None
            if not isinstance(rec, dict) or "id" not in rec or not isinstance(rec.get("documents"), list):
                raise _bad(path, n, "no 'id' and 'documents'")
            try:
                if "claims" in rec:
                    yield _claims_set(path, n, rec)
                else:
                    yield _scu_set(path, n, rec)
            except (KeyError, TypeError, ValueError) as exc:
                raise _bad(path, n, f"a malformed record ({exc})") from None
            count += 1


def texts_key(cs: ClaimSet) -> str:
    """A hash of a set's sentence and claim texts (names the vectors cached for it)."""
    h = hashlib.sha256(cs.id.encode())
    for t in (*cs.sentences, "\1", *(c.text for c in cs.claims)):
        h.update(t.encode())
        h.update(b"\0")
    return h.hexdigest()[:16]


def minilm_vectors(sets: list[ClaimSet], cache: Path | None) -> list[tuple[np.ndarray, np.ndarray]]:
    """MiniLM rows of each set's sentences and of its claims, read from ``cache`` when computed before.

    The vectors of a set are kept in ``cache/citations-minilm/<set id>-<hash>.npy``.
    """
    from ..embed import get_embedder

    files = [None if cache is None else cache / "citations-minilm" / f"{cs.id}-{texts_key(cs)}.npy" for cs in sets]
    todo = [k for k, f in enumerate(files) if f is None or not f.exists()]
    flat = {}
    if todo:
        texts = [t for k in todo for t in (*sets[k].sentences, *(c.text for c in sets[k].claims))]
        rows = np.asarray(get_embedder(False).encode(texts), dtype=np.float32)
        pos = 0
        for k in todo:
            n = len(sets[k].sentences) + len(sets[k].claims)
            flat[k] = rows[pos : pos + n]
            pos += n
            if files[k] is not None:
                files[k].parent.mkdir(parents=True, exist_ok=True)
                np.save(files[k], flat[k])
    out = []
    for k, cs in enumerate(sets):
        v = flat[k] if k in flat else np.load(files[k])
        n = len(cs.sentences)
        out.append((v[:n], v[n:]))
    return out
