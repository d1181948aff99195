"""TF-IDF for a stream (:class:`OnlineTfidf`): hashed words, with document frequencies
counted as the stream goes, so memory is fixed however many documents pass.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np


HASH_FEATURES = 2**15


class OnlineTfidf:
    """TF-IDF over hashed words whose document frequencies are counted as the stream goes.

    Memory is fixed (``n_features`` counters) however many documents pass.
    Rows are L2-normalised sparse vectors with sublinear term frequency.
    """

    def __init__(self, n_features: int = HASH_FEATURES) -> None:
        from sklearn.feature_extraction.text import HashingVectorizer

        self.n_features = n_features
        self._hv = HashingVectorizer(
            n_features=n_features,
            alternate_sign=False,
            norm=None,
            stop_words="english",
            token_pattern=r"(?u)\b[^\W\d_][\w'-]+\b",
            dtype=np.float32,
        )
        self.df = np.zeros(n_features, dtype=np.float64)
        self.n_docs = 0

    def update_transform(self, texts: Sequence[str]):
        """Count ``texts`` into the document frequencies, then return their TF-IDF rows (CSR)."""
        x = self._hv.transform(list(texts)).tocsr()
        x.sum_duplicates()
        np.add.at(self.df, x.indices, 1.0)
        self.n_docs += x.shape[0]
        idf = np.log((1.0 + self.n_docs) / (1.0 + self.df[x.indices])) + 1.0
        x.data = ((1.0 + np.log(x.data)) * idf).astype(np.float32)
        norms = np.sqrt(np.asarray(x.multiply(x).sum(axis=1)).ravel())
        norms[norms == 0] = 1.0
        x = x.multiply(1.0 / norms[:, None]).tocsr()
        return x
