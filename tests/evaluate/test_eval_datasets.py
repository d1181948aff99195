"""Reading evaluation clusters and stored peer summaries; clear errors for bad files."""

import pytest

from newsfuse.errors import DataError
from newsfuse.evaluate.datasets import load_mds, load_peers, strip_dateline

FIXTURES = __import__("pathlib").Path(__file__).resolve().parents[1] / "fixtures" / "eval"


def test_tiny_fixture_loads_as_articles_and_references():
    clusters = load_mds(FIXTURES / "tiny.jsonl")
    assert [c.id for c in clusters] == ["ferry-stall", "library-flood"]
    ferry = clusters[0]
    assert len(ferry.articles) == 3 and len(ferry.references) == 2
    first = ferry.articles[0]
    assert first.id == "TIDE20240302.0001" and first.outlet == "Marrow Bay Tide"
    assert first.date.isoformat() == "2024-03-02"
    assert first.text.startswith("The evening ferry")  # dateline removed


def test_datelines_are_stripped():
    assert strip_dateline("PINE RIDGE, S.D. (AP) -- President Clinton went.") == "President Clinton went."
    assert strip_dateline("BEIJING, March 5 (Xinhua) -- China said.") == "China said."
    assert strip_dateline("Cambodian leader Hun Sen on Friday rejected talks.") == "Cambodian leader Hun Sen on Friday rejected talks."


def test_real_duc_file_loads(shared_dir):
    clusters = load_mds(shared_dir / "data" / "mds" / "duc2007_update_A.jsonl")
    assert len(clusters) == 10
    assert all(len(c.references) == 4 and len(c.articles) >= 9 for c in clusters)


def test_malformed_line_names_path_and_line():
    with pytest.raises(DataError, match=r"malformed\.jsonl: line 2: malformed JSON"):
        load_mds(FIXTURES / "malformed.jsonl")


def test_missing_file(tmp_path):
    with pytest.raises(DataError, match="no such file"):
        load_mds(tmp_path / "nope.jsonl")


def test_cluster_without_references(tmp_path):
    bad = tmp_path / "noref.jsonl"
    bad.write_text('{"id": "x", "documents": [{"id": "d", "text": "Some text here."}], "summaries": []}\n')
    with pytest.raises(DataError, match="line 1: cluster 'x' needs 'summaries'"):
        load_mds(bad)


def test_peers_naming_unknown_clusters():
    ids = {c.id for c in load_mds(FIXTURES / "tiny.jsonl")}
    assert len(load_peers(FIXTURES / "peers.jsonl", ids)) == 2
    with pytest.raises(DataError, match="line 2: cluster 'no-such-cluster' is not in the dataset"):
        load_peers(FIXTURES / "peers_unknown_cluster.jsonl", ids)
