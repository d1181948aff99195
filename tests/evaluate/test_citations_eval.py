"""``newsfuse eval-citations`` on a claims file written for the tests (a fictional ferry grounding)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from newsfuse.errors import DataError
from newsfuse.evaluate.citations_data import read_claim_sets
from newsfuse.evaluate.citations_eval import Counts, evaluate, save_predictions

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "citations" / "ferry_claims.jsonl"


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    cache = tmp_path_factory.mktemp("cache")
    return evaluate(FIXTURE, ("newsfuse", "newsfuse-fast", "minilm", "tfidf", "bm25", "round1"), choose="fixture", cache=cache)


def test_claims_file_is_read_with_its_gold():
    (cs,) = list(read_claim_sets(FIXTURE))
    assert cs.documents == ("a", "b", "c", "d")
    first = cs.claims[0]
    assert first.source == "a" and first.full == {"c"} and first.partial == {"b"}
    assert not cs.scu


def test_newsfuse_cites_the_rewording_in_full_and_the_one_fact_outlet_in_part(run):
    rows, preds, _ = run
    p = preds["newsfuse"][0]
    assert p.full == {"c"} and p.partial == {"b"}  # not the ferry company's rules, not "46 times"
    row = next(r for r in rows if r.method == "newsfuse")
    assert row.full is not None and row.precision == 1.0 and row.recall == 1.0


def test_every_method_has_a_row_and_the_swept_ones_a_threshold(run):
    rows, _, _ = run
    assert {r.method for r in rows} == {"newsfuse", "newsfuse-fast", "minilm", "tfidf", "bm25", "round1"}
    for r in rows:
        assert (r.threshold is None) == (r.method in ("newsfuse", "newsfuse-fast", "round1"))
        assert 0.0 <= r.precision <= 1.0 and 0.0 <= r.recall <= 1.0


def test_saved_predictions_name_the_claims_own_document_and_the_partial_ones(run, tmp_path):
    _, preds, sets = run
    out = tmp_path / "pred.jsonl"
    assert save_predictions(preds["newsfuse"], sets, out) == 2
    first = json.loads(out.read_text().splitlines()[0])
    assert first == {"id": "ferry#0", "reports": ["a", "c"], "partial": ["b"]}


def test_counts_are_micro_averaged():
    k = Counts()
    k.add({"x", "y"}, frozenset({"x"}))
    k.add(set(), frozenset({"z"}))
    assert k.prf() == (0.5, 0.5, 0.5)


def test_a_bad_file_is_one_line_naming_it(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x", "documents": [], "claims": [{"id": "x#0", "text": "t", "from": "nowhere"}]}\n')
    with pytest.raises(DataError, match="bad.jsonl:1"):
        list(read_claim_sets(bad))
    r = subprocess.run([sys.executable, "-m", "newsfuse", "eval-citations", str(bad), "--methods", "tfidf"],
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 2 and "bad.jsonl:1" in r.stderr and "Traceback" not in r.stderr
