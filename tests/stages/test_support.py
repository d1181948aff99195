"""Citations need the same content, not only a nearby sentence: figures must match."""

from __future__ import annotations

import pytest

from newsfuse.stages.support import quantities, shares_figures, supports


@pytest.mark.parametrize(
    "text, expected",
    [
        ("battled the blaze for 12 hours with 40 fire engines", {(12.0, "hour"), (40.0, "engin")}),
        ("Seventy-two firefighters were sent", {(72.0, "firefight")}),
        ("Insurers put the damage at $4.5 million", {(4_500_000.0, "$")}),
        ("The fire is 90% contained", {(90.0, "percent")}),
        ("the fire is 90 percent contained", {(90.0, "percent")}),
        ("in 2019 the 2,000 troops", {(2000.0, "troop")}),
        ("more than 360,000 people have died since 2011", {(360_000.0, "peopl")}),
        ("one of them was hurt", set()),
        ("No numbers here at all.", set()),
    ],
)
def test_quantities(text, expected):
    assert set(quantities(text)) == expected


def test_a_shared_number_with_another_counted_word_is_not_support():
    summary = "Firefighters battled the blaze for 12 hours with 40 fire engines before bringing it under control."
    other = "Three firefighters were hurt fighting the flames, and 12 crews from neighbouring towns were called in."
    assert not shares_figures(summary, other)
    assert not supports(summary, other, cosine=0.67, threshold=0.62)
    # the same figures in other words do support it
    assert supports(summary, "Seventy-two firefighters and 40 fire engines were sent to the scene.", 0.71, 0.62)


def test_a_sentence_without_figures_needs_only_similarity():
    assert supports("The mayor visited the quay.", "The mayor came to the quay at dawn, 3 hours later.", 0.7, 0.62)
    assert not supports("The mayor visited the quay.", "The mayor came to the quay.", 0.5, 0.62)


def test_a_near_copy_supports_even_when_its_figures_are_written_differently():
    summary = "The fire is ninety percent contained, Ruiz said."
    assert supports(summary, "The fire is 90% contained, Ruiz said.", cosine=0.96, threshold=0.62)


def test_the_features_are_the_same_bytes_whatever_the_string_hashing(example_dir):
    """Sets of terms iterate in an order that changes with PYTHONHASHSEED; the columns (and so the
    order of every sum) must not, or a run's support decisions could differ from the next one's."""
    import hashlib
    import os
    import subprocess
    import sys

    script = (
        "import hashlib, numpy as np\n"
        "from newsfuse.readers import read_articles\n"
        "from newsfuse.text.sentences import split_sentences\n"
        "from newsfuse.stages.support import pair_features\n"
        f"texts = [s.text for a in read_articles([{str(example_dir)!r}]) for s in split_sentences(a)]\n"
        "print(hashlib.sha256(pair_features(texts[:12], texts, None).tobytes()).hexdigest())\n"
    )
    digests = set()
    for seed in ("1", "2", "3"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, check=True)
        digests.add(out.stdout.strip())
    assert len(digests) == 1 and len(next(iter(digests))) == len(hashlib.sha256().hexdigest())


def test_the_per_sentence_caches_stay_bounded_and_give_what_a_fresh_computation_gives():
    from newsfuse.stages import support

    caches = (support.quantities, support.names_of, support._terms, support._bigrams)
    texts = [f"Crews from Elling {k} fought 40 fires on Quay {k}." for k in range(support.TEXT_CACHE_SIZE + 50)]
    for fn in caches:
        first = [fn(t) for t in texts[:3]]
        for t in texts:
            fn(t)
        assert fn.cache_info().currsize == support.TEXT_CACHE_SIZE  # the oldest were let go
        assert [fn(t) for t in texts[:3]] == first  # computed again, the same
    assert support._terms(texts[0]) >= {"crew", "fought", "fire", "quay"}
