"""Multi-document summarization data: DUC-style cluster JSON Lines and stored peer summaries.

A cluster file (``../shared/data/mds/*.jsonl``) holds one cluster a line::

    {"id": "d30001t", "documents": [{"id", "source", "date", "title", "text"}, ...],
     "summaries": ["reference 1", ...], "meta": {...}}

A peers file holds stored outputs of other systems, one a line:
``{"id": <cluster id>, "system": <name>, "summary": <text>}``.

Documents become :class:`~newsfuse.model.Article` objects exactly as ``newsfuse brief
FILE --cluster ID`` reads them (:func:`newsfuse.readers.mds.mds_document`): cleaned like
any article, the leading dateline ("PINE RIDGE, S.D. (AP) -- ") kept as metadata and out
of the text. Every system, ours and the baselines, reads the same articles.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import DataError
from ..model import Article
from ..readers.mds import mds_document
from ..text.datelines import strip_dateline

__all__ = ["MdsCluster", "PeerSummary", "load_mds", "load_peers", "strip_dateline"]

@dataclass(frozen=True, slots=True)
class MdsCluster:
    """One evaluation cluster: its articles and the human reference summaries.

    Attributes:
        id: the cluster id ("d30001t", "D0601A").
        articles: the documents as cleaned articles, in file order (sorted by DOCNO in DUC).
        references: the human reference summaries (at least one).
        meta: whatever else the record carried (assessors, task, query).
    """

    id: str
    articles: tuple[Article, ...]
    references: tuple[str, ...]
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class PeerSummary:
    """A stored summary of one cluster by a published system."""

    cluster_id: str
    system: str
    summary: str


def _lines(path: Path) -> list[tuple[int, str]]:
    source = str(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise DataError("no such file; check the path (evaluation data lives in ../shared/data/mds/)", source=source) from None
    except IsADirectoryError:
        raise DataError("is a folder; give a .jsonl file", source=source) from None
    except PermissionError:
        raise DataError("permission denied; check the file's permissions", source=source) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        raise DataError(f"not UTF-8 text (byte {e.start}); give a JSON Lines file", source=source) from None
    lines = [(n, line) for n, line in enumerate(text.splitlines(), 1) if line.strip()]
    if not lines:
        raise DataError("empty file; expected one JSON object a line", source=source)
    return lines


def _parse(path: Path, n: int, line: str) -> dict[str, Any]:
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as e:
        raise DataError(f"line {n}: malformed JSON at column {e.colno} ({e.msg}); fix that line", source=str(path)) from None
    if not isinstance(obj, dict):
        raise DataError(f"line {n}: a JSON {type(obj).__name__}, not an object", source=str(path))
    return obj


def _article(doc: Any, *, path: Path, n: int, cluster_id: str, k: int) -> Article | None:
    where = f"line {n}: cluster '{cluster_id}' document {k}"
    if not isinstance(doc, dict):
        raise DataError(f"{where} is not an object", source=str(path))
    text = doc.get("text")
    if not isinstance(text, str):
        raise DataError(f"{where} has no 'text' string", source=str(path))
    return mds_document(doc, source=f"{path}#{cluster_id}")


def load_mds(path: str | Path) -> list[MdsCluster]:
    """Read every cluster of a DUC-style cluster JSON Lines file.

    Args:
        path: a file such as ``../shared/data/mds/duc2004_task2.jsonl``.

    Returns:
        The clusters in file order.

    Raises:
        DataError: the file is missing or unreadable, a line is not a JSON object,
            a cluster lacks an id, documents or reference summaries, or an id repeats;
            the message names the path and line.
    """
    path = Path(path)
    clusters: list[MdsCluster] = []
    seen: dict[str, int] = {}
    for n, line in _lines(path):
        obj = _parse(path, n, line)
        cid = obj.get("id")
        if not isinstance(cid, str) or not cid:
            raise DataError(f"line {n}: no cluster 'id' string", source=str(path))
        if cid in seen:
            raise DataError(f"line {n}: cluster '{cid}' repeats line {seen[cid]}", source=str(path))
        seen[cid] = n
        docs = obj.get("documents")
        if not isinstance(docs, list) or not docs:
            raise DataError(f"line {n}: cluster '{cid}' has no 'documents' list; is this a cluster file?", source=str(path))
        refs = obj.get("summaries")
        if not isinstance(refs, list) or not refs or not all(isinstance(r, str) and r.strip() for r in refs):
            raise DataError(f"line {n}: cluster '{cid}' needs 'summaries', a list of non-empty reference strings",
                            source=str(path))
        articles = [a for k, d in enumerate(docs, 1) if (a := _article(d, path=path, n=n, cluster_id=cid, k=k))]
        if not articles:
            raise DataError(f"line {n}: cluster '{cid}' has only empty documents", source=str(path))
        meta = obj.get("meta") if isinstance(obj.get("meta"), dict) else {}
        clusters.append(MdsCluster(cid, tuple(articles), tuple(refs), dict(meta)))
    return clusters


def load_peers(path: str | Path, cluster_ids: set[str] | None = None) -> list[PeerSummary]:
    """Read stored system summaries (``{"id", "system", "summary"}`` a line).

    Args:
        path: the peers file, e.g. ``../shared/data/mds/baselines/duc2006_nist_peer_summaries.jsonl``.
        cluster_ids: the ids of the dataset's clusters; a line naming another id is an error.

    Raises:
        DataError: missing or malformed file, a missing field, an unknown cluster id,
            or one system with two summaries of the same cluster.
    """
    path = Path(path)
    out: list[PeerSummary] = []
    seen: dict[tuple[str, str], int] = {}
    for n, line in _lines(path):
        obj = _parse(path, n, line)
        values = [obj.get(k) for k in ("id", "system", "summary")]
        if not all(isinstance(v, str) for v in values) or not values[0] or not values[1]:
            raise DataError(f"line {n}: needs string fields 'id', 'system' and 'summary'", source=str(path))
        cid, system, summary = values
        if cluster_ids is not None and cid not in cluster_ids:
            shown = ", ".join(sorted(cluster_ids)[:4]) + (", ..." if len(cluster_ids) > 4 else "")
            raise DataError(f"line {n}: cluster '{cid}' is not in the dataset (its clusters: {shown}); "
                            "give the peers file of this dataset", source=str(path))
        key = (system, cid)
        if key in seen:
            raise DataError(f"line {n}: system '{system}' already has a summary of '{cid}' (line {seen[key]})",
                            source=str(path))
        seen[key] = n
        out.append(PeerSummary(cid, system, summary))
    return out
