"""newsfuse's TF-IDF rows and stop words are scikit-learn's, to the bit (fast mode was tuned on them)."""

from __future__ import annotations

import random

import numpy as np
import pytest
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer

from newsfuse.text.stopwords import ENGLISH_STOP_WORDS as OURS
from newsfuse.text.tfidf import terms, tfidf_matrix

from .conftest import fixture_sentences


def _same(texts: list[str], dtype) -> None:
    ours = tfidf_matrix(texts, dtype)
    try:
        theirs = TfidfVectorizer(sublinear_tf=True, stop_words="english", ngram_range=(1, 2), min_df=1, dtype=dtype).fit_transform(texts).tocsr()
    except ValueError:  # only stop words: scikit-learn refuses, newsfuse gives one empty column
        assert ours.shape == (len(texts), 1) and ours.nnz == 0
        return
    assert ours.dtype == theirs.dtype and ours.shape == theirs.shape
    assert ours.indptr.tolist() == theirs.indptr.tolist() and ours.indptr.dtype == theirs.indptr.dtype
    assert ours.indices.dtype == theirs.indices.dtype and ours.indices.tolist() == theirs.indices.tolist()
    assert ours.data.tobytes() == theirs.data.tobytes()


def test_stop_words_are_scikit_learns():
    assert OURS == ENGLISH_STOP_WORDS


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_rows_are_scikit_learns(dtype):
    sentences = fixture_sentences()
    assert len(sentences) > 40
    _same(sentences, dtype)
    rng = random.Random(7)
    for n in (1, 2, 3, 10, 25):
        _same(rng.sample(sentences, n), dtype)
    _same(sentences[:5] + ["", "the of and", "a b"], dtype)  # empty rows among others
    _same(["the of and", "it is"], dtype)


def test_terms_are_words_then_bigrams():
    assert terms("The fire crews reached the burning Quay-7 warehouse") == [
        "crews", "reached", "burning", "quay", "warehouse", "crews reached", "reached burning", "burning quay", "quay warehouse"]
