"""TF-IDF rows of sentences, as ``TfidfVectorizer(sublinear_tf=True, stop_words="english", ngram_range=(1, 2))`` makes them.

Words are runs of two or more word characters in the lower-cased text; English stop words
(:mod:`.stopwords`) are dropped, then each text's terms are its words and the pairs of words
next to each other. A term's weight in a text is ``(1 + ln count) * idf``, with the smoothed
``idf = ln((1 + n) / (1 + df)) + 1`` over the ``n`` texts, and each row is divided by its
Euclidean length.

Why not scikit-learn's: importing it (and the parts of SciPy it brings) was the larger part of
the start-up of a ``--fast`` brief, for a few lines of arithmetic. The rows must be the same to
the last bit, since fast mode's thresholds were tuned on them: the same terms in the same column
order (alphabetical), each row's entries stored in the order scikit-learn stores them (the order
in which the texts first used the terms), the same float operations in the same order (the norm
is summed term by term, as scikit-learn's ``normalize`` does). ``tests/test_tfidf.py`` compares the
arrays with scikit-learn's on the test fixtures and real news.
"""

from __future__ import annotations

import re
from typing import Sequence

import numpy as np

from .sparse import SparseRows
from .stopwords import ENGLISH_STOP_WORDS

TOKEN_RE = re.compile(r"(?u)\b\w\w+\b")


def terms(text: str, stop_words: frozenset[str] = ENGLISH_STOP_WORDS) -> list[str]:
    """The words of ``text`` that are not stop words, then its bigrams of those words."""
    words = [w for w in TOKEN_RE.findall(text.lower()) if w not in stop_words]
    return words + [f"{a} {b}" for a, b in zip(words, words[1:])]


def _row_norms(data: np.ndarray, indptr: np.ndarray) -> np.ndarray:
    """Euclidean length of each row, the squares summed left to right in double precision."""
    rows = len(indptr) - 1
    lengths = np.diff(indptr)
    width = int(lengths.max()) if rows else 0
    squares = np.zeros((rows, width), dtype=np.float64)
    row_of = np.repeat(np.arange(rows), lengths)
    squares[row_of, np.arange(len(data)) - indptr[row_of]] = (data * data).astype(np.float64)
    sums = np.zeros(rows, dtype=np.float64)
    for k in range(width):  # one term of every row at a time: the order of a loop over each row
        sums += squares[:, k]
    return np.sqrt(sums)


def tfidf_matrix(texts: Sequence[str], dtype: type = np.float64) -> SparseRows:
    """Sparse L2-normalised TF-IDF rows of ``texts`` (the arrays of SciPy's CSR), fitted on ``texts``.

    Texts with no term give empty rows; when no text has a term the matrix has one all-zero column.
    """
    vocabulary: dict[str, int] = {}
    columns: list[int] = []
    counts: list[int] = []
    indptr = [0]
    for text in texts:
        seen: dict[int, int] = {}
        for term in terms(text):
            j = vocabulary.setdefault(term, len(vocabulary))
            seen[j] = seen.get(j, 0) + 1
        for j in sorted(seen):
            columns.append(j)
            counts.append(seen[j])
        indptr.append(len(columns))
    if not vocabulary:
        return SparseRows.empty(len(texts), 1, dtype)
    rank = np.empty(len(vocabulary), dtype=np.int32)
    for new, (_, old) in enumerate(sorted(vocabulary.items())):
        rank[old] = new
    indices = rank[np.asarray(columns, dtype=np.int32)]
    ptr = np.asarray(indptr, dtype=np.int32)
    data = np.asarray(counts, dtype=dtype)

    df = np.bincount(indices, minlength=len(vocabulary)).astype(dtype)
    df += 1.0
    idf = np.full_like(df, fill_value=len(texts) + 1, dtype=dtype)
    idf /= df
    np.log(idf, out=idf)
    idf += 1.0

    np.log(data, data)
    data += 1.0
    data *= idf[indices]
    norms = _row_norms(data, ptr)
    scale = np.repeat(norms, np.diff(ptr))
    nonzero = scale != 0.0
    data[nonzero] = (data[nonzero].astype(np.float64) / scale[nonzero]).astype(dtype)
    return SparseRows(data, indices, ptr, len(vocabulary))
