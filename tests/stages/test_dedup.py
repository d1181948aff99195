"""Near-duplicate and wire-copy detection (MinHash + LSH) on fictional fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsfuse.readers.stream import iter_jsonl
from newsfuse.model import Cluster
from newsfuse.pipeline import Pipeline
from newsfuse.readers import read_articles
from newsfuse.stages.dedup import DuplicateIndex, find_duplicate_pairs, find_duplicates, shingles

WIRE = Path(__file__).resolve().parents[1] / "fixtures" / "stream" / "wire.jsonl"


@pytest.fixture(scope="module")
def wire_articles():
    with WIRE.open(encoding="utf-8") as fh:
        return [item.article for item in iter_jsonl(fh, source=str(WIRE), strict=True)]


def test_one_wire_story_under_three_mastheads_is_paired(wire_articles):
    found = find_duplicates(wire_articles)
    assert found == [("w1", "w2", "wire"), ("w1", "w3", "wire"), ("w2", "w3", "wire")]


def test_the_unrelated_story_is_not_paired(wire_articles):
    ids = {i for a, b, _ in find_duplicates(wire_articles) for i in (a, b)}
    assert "u1" not in ids


def test_wire_pairs_name_the_agency(wire_articles):
    pairs = find_duplicate_pairs(wire_articles)
    assert {p.agency for p in pairs} == {"Reuters"}
    assert all(p.jaccard >= 0.5 or p.containment >= 0.8 for p in pairs)


def test_copies_without_a_credit_are_near_duplicates(wire_articles):
    from dataclasses import replace

    bare = [replace(a, credit=None, text=a.text.replace("(Reuters)", "")) for a in wire_articles]
    assert {k for _, _, k in find_duplicates(bare)} == {"near-duplicate"}


def test_short_texts_are_never_paired():
    from newsfuse.model import Article

    a = Article(id="x", outlet="A", text="Fire at the port.")
    b = Article(id="y", outlet="B", text="Fire at the port.")
    assert find_duplicates([a, b]) == []
    assert len(shingles("one two three four five six")) == 2


def test_dedup_is_deterministic(wire_articles):
    assert find_duplicate_pairs(wire_articles) == find_duplicate_pairs(list(wire_articles))


def test_duplicate_index_points_to_the_first_copy_and_forgets_old_ones(wire_articles):
    from dataclasses import replace
    from datetime import date

    index = DuplicateIndex(window_days=2)
    first = index.add(wire_articles[0])
    second = index.add(wire_articles[1])
    assert first is None
    assert second is not None and second.original == "w1" and second.kind == "wire" and second.agency == "Reuters"
    late = replace(wire_articles[2], id="late", date=date(2031, 3, 20))
    assert index.add(late) is None  # w1 and w2 are outside the window now
    assert len(index) == 1


def test_duplicate_index_keeps_no_shingle_sets_and_a_loaded_copy_finds_the_same_copies(wire_articles):
    import pickle

    index = DuplicateIndex(window_days=5)
    index.add(wire_articles[0])
    assert not any(isinstance(v, frozenset) for entry in index._kept.values() for v in entry)  # text only
    loaded = pickle.loads(pickle.dumps(index))
    match = loaded.add(wire_articles[1])  # shingles made again from the text when compared
    assert match is not None and match == index.add(wire_articles[1]) and match.original == "w1"


def test_dedup_stage_pairs_the_bundled_afp_copies_and_counts_them_as_one_report(example_dir):
    articles = read_articles([example_dir])
    out = Pipeline(["dedup"]).run(Cluster(tuple(articles)))
    outlets = {frozenset(out.article(i).outlet for i in (p.a, p.b)) for p in out.duplicates}
    assert outlets == {frozenset({"Harbour Courier", "The Coastal Times"})}
    assert out.duplicates[0].kind == "wire" and out.duplicates[0].agency == "AFP"
    assert len(out.reports) == len(articles) - 1
    pair = out.duplicates[0]
    assert out.reports.of[pair.a] == out.reports.of[pair.b]
