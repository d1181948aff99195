"""ROUGE setup of `newsfuse eval`: truncation, multi-reference averaging, the bootstrap."""

import numpy as np
import pytest

from newsfuse.evaluate.rouge import ReferenceScorer, truncate_words
from newsfuse.evaluate.stats import bootstrap_interval, paired_bootstrap_p, resample_indices


def test_truncation_keeps_the_first_words_and_collapses_whitespace():
    assert truncate_words("One  two\nthree four five", 3) == "One two three"
    assert truncate_words("Short text.", 100) == "Short text."
    with pytest.raises(ValueError):
        truncate_words("x", 0)


def test_multi_reference_average_matches_a_hand_computed_example():
    # Summary "the cat sat on the mat"; references "the cat sat" and "a dog ran on the mat".
    # R-1 recall: ref 1 has 3 of 3 unigrams, ref 2 has on/the/mat = 3 of 6 -> mean (1 + 0.5) / 2 = 0.75.
    # R-1 precision: 3 of 6 summary unigrams match each reference (clipped "the") -> 0.5.
    # R-1 F1: ref 1 2*0.5*1/1.5 = 2/3, ref 2 0.5 -> mean 7/12 (F1 is averaged, not recomputed).
    # R-2 recall: ref 1 "the cat", "cat sat" 2 of 2; ref 2 "on the", "the mat" 2 of 5 -> (1 + 0.4) / 2 = 0.7.
    scores = ReferenceScorer(100).score("the cat sat on the mat", ["the cat sat", "a dog ran on the mat"])
    assert scores["rouge1"].recall == pytest.approx(0.75)
    assert scores["rouge1"].precision == pytest.approx(0.5)
    assert scores["rouge1"].f1 == pytest.approx(7 / 12)
    assert scores["rouge2"].recall == pytest.approx(0.7)


def test_summary_is_truncated_before_scoring():
    # Cut to 3 words, "the cat sat": ref 1 recall 1, ref 2 only "the" = 1/6 -> mean 7/12.
    scores = ReferenceScorer(3).score("the cat sat on the mat", ["the cat sat", "a dog ran on the mat"])
    assert scores["rouge1"].recall == pytest.approx(7 / 12)
    assert scores["rouge1"].precision == pytest.approx((1 + 1 / 3) / 2)


def test_stemming_is_on_and_empty_summaries_score_zero():
    scorer = ReferenceScorer(100)
    assert scorer.score("ferries stalled", ["the ferry stalls"])["rouge1"].recall == pytest.approx(2 / 3)
    assert scorer.score("", ["the ferry stalls"])["rouge2"].recall == 0.0


def test_bootstrap_interval_and_paired_test():
    draws = resample_indices(6, 500, seed=1)
    assert (draws == resample_indices(6, 500, seed=1)).all()
    iv = bootstrap_interval([0.1, 0.2, 0.3, 0.4, 0.5, 0.6], draws)
    assert iv.mean == pytest.approx(0.35) and iv.low < iv.mean < iv.high
    better = np.array([0.5, 0.6, 0.7, 0.5, 0.6, 0.7])
    assert paired_bootstrap_p(better, better - 0.1, draws) == 0.0
    assert paired_bootstrap_p(better - 0.1, better, draws) == 1.0
