"""The PolNeAR quote evaluation: definitions, metric arithmetic, and a run on real dev articles."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from newsfuse.errors import DataError
from newsfuse.evaluate.quotes_eval import (
    GoldQuote,
    PredQuote,
    evaluate,
    gold_quotes,
    load_polnear,
    quoted_stretches,
    results_table_markdown,
    score_document,
)


@pytest.fixture(scope="session")
def nlp():
    from newsfuse.nlp import get_nlp

    return get_nlp()


@pytest.fixture(scope="session")
def polnear_dev(shared_dir) -> Path:
    path = shared_dir / "data" / "quotes" / "polnear_dev.jsonl"
    if not path.is_file():
        pytest.fail(f"PolNeAR dev file missing: {path}")
    return path


def _stretches(text: str) -> list[str]:
    return [text[s:e] for s, e in quoted_stretches(text, 0, len(text))]


# ---------------------------------------------------------------- gold definition


def test_quoted_stretches_of_a_content_fragment():
    assert _stretches("the candidate has \u201calways run a lean campaign.\u201d") == ["always run a lean campaign"]
    assert _stretches("\u201cX is fine,\u201d he said, \u201cand Y too.\u201d") == ["X is fine", "and Y too"]
    assert _stretches("''Doubled apostrophes work,'' too") == ["Doubled apostrophes work"]
    # a quotation over two paragraphs gives one unit per paragraph
    assert _stretches("\u201cPara one.\n\n\u201cPara two.\u201d") == ["Para one", "Para two"]
    # a lone mark runs to the fragment's edge, towards the inside of the quotation
    assert _stretches("\u201cOpen to the end") == ["Open to the end"]
    assert _stretches("closed at the end.\u201d") == ["closed at the end"]
    # marks that do not pair up: first to last
    assert _stretches("\u201cone\u201d two \u201cthree\u201d four \u201cfive") == ["one\u201d two \u201cthree\u201d four"]
    assert _stretches("no quote marks here") == []


def test_gold_quotes_keep_sources_and_merge_duplicate_units():
    text = 'Ann Lee said "we will win." Critics, she said, "are wrong."'
    a = text.index("we will")
    b = text.index('are wrong."') + len('are wrong."')
    attrs = [
        {"source": {"spans": [[0, 7]], "text": "Ann Lee"}, "cue": None, "content": {"spans": [[a - 1, a + 13]], "text": ""}},
        {"source": None, "cue": None, "content": {"spans": [[a - 1, a + 13]], "text": ""}},
        {"source": {"spans": [[text.index("she"), text.index("she") + 3]], "text": "she"}, "cue": None, "content": {"spans": [[text.index("Critics"), b]], "text": ""}},
        {"source": {"spans": [[0, 7]], "text": "Ann Lee"}, "cue": None, "content": {"spans": [[0, 7]], "text": "Ann Lee"}},  # no quote mark: not direct
    ]
    gold = gold_quotes(text, attrs)
    assert [text[g.start : g.end] for g in gold] == ["we will win", "are wrong"]
    assert gold[0].source_texts == ("Ann Lee",) and gold[0].has_source
    assert gold[1].source_texts == ("she",)


# ---------------------------------------------------------------- metric arithmetic (hand-computed)


def test_score_document_on_a_hand_computed_example():
    text = 'Ann Lee said, "We will win." Critics disagreed. "It is over," he said. "Nothing" here.'

    def span(s: str) -> tuple[int, int]:
        i = text.index(s)
        return i, i + len(s)

    ann, he = span("Ann Lee"), span("he said")
    he = (he[0], he[0] + 2)
    gold = [
        GoldQuote(*span("We will win"), sources=((ann,),), source_texts=("Ann Lee",)),
        GoldQuote(*span("It is over"), sources=((he,),), source_texts=("he",)),
        GoldQuote(*span("Nothing"), sources=((),), source_texts=()),
    ]
    pred = [
        PredQuote(*span("We will win"), speaker_spans=(ann,), speaker_text="Ann Lee", speaker_name="Ann Lee"),  # exact, right speaker
        PredQuote(*span("is over"), speaker_spans=(ann,), speaker_text="Ann Lee", speaker_name="Ann Lee"),  # overlap only, wrong speaker
        PredQuote(*span("Critics disagreed")),  # a false alarm without speaker
        PredQuote(*span("Nothing"), speaker_spans=(span("here"),), speaker_text="here"),  # exact; gold has no source
    ]
    c = score_document(text, gold, pred)
    assert (c.gold, c.pred, c.exact_tp, c.overlap_tp) == (3, 4, 2, 3)
    assert (c.gold_with_source, c.pred_with_speaker, c.speaker_tp, c.matched_with_source) == (2, 2, 1, 2)
    d = c.to_dict()
    assert d["exact"] == {"precision": 0.5, "recall": 0.6667, "f1": 0.5714, "tp": 2, "pred": 4, "gold": 3}
    assert d["overlap"]["precision"] == 0.75 and d["overlap"]["recall"] == 1.0 and d["overlap"]["f1"] == 0.8571
    assert d["speaker"] == {"precision": 0.5, "recall": 0.5, "f1": 0.5, "tp": 1, "pred": 2, "gold": 2}


def test_speaker_matches_by_name_or_description_head_but_not_pronoun_text():
    text = '"Fine," Mr. Lee said. Later: "Done," the senior official said. "Go," he said.'
    fine, done, go = (text.index(w) for w in ("Fine", "Done", "Go,"))
    gold = [
        GoldQuote(fine, fine + 4, sources=(((0, 1),),), source_texts=("Ann Lee",)),
        GoldQuote(done, done + 4, sources=(((0, 1),),), source_texts=("an official",)),
        GoldQuote(go, go + 2, sources=(((0, 1),),), source_texts=("he",)),
    ]
    far = (len(text) - 1, len(text))
    pred = [
        PredQuote(fine, fine + 4, (far,), "Mr. Lee", "Ann Lee"),
        PredQuote(done, done + 4, (far,), "the senior official", "senior official"),
        PredQuote(go, go + 2, (far,), "he", "Ann Lee"),
    ]
    c = score_document(text, gold, pred)
    assert c.speaker_tp == 2  # the pronoun counts only by span overlap


# ---------------------------------------------------------------- reading PolNeAR


def test_load_polnear_picks_the_first_annotator_and_rejects_bad_files(tmp_path):
    rec = {"article": "a1", "text": 'He said "yes sir."', "attributions": [
        {"source": {"spans": [[0, 2]], "text": "He"}, "cue": {"spans": [[3, 7]], "text": "said"}, "content": {"spans": [[8, 18]], "text": '"yes sir."'}}
    ]}
    path = tmp_path / "p.jsonl"
    path.write_text("\n".join(json.dumps(dict(rec, annotator=a, attributions=rec["attributions"] if a == "a0" else [])) for a in ("z9", "a0")) + "\n")
    docs = load_polnear(path)
    assert len(docs) == 1 and docs[0].annotator == "a0" and len(docs[0].gold) == 1
    with pytest.raises(DataError, match="not found"):
        load_polnear(tmp_path / "missing.jsonl")
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"article": "x"}\n')
    with pytest.raises(DataError, match="line 1"):
        load_polnear(bad)


def test_dev_gold_units_are_quoted_text_inside_contents(polnear_dev):
    docs = load_polnear(polnear_dev, limit=5)
    assert len(docs) == 5
    assert [d.article for d in docs] == sorted(d.article for d in docs)
    for d in docs:
        for g in d.gold:
            unit = d.text[g.start : g.end]
            assert unit and unit == unit.strip()
            assert unit[0] not in "\"\u201c\u201d" and unit[-1] not in "\"\u201c\u201d"


# ---------------------------------------------------------------- a real run, side by side


@pytest.fixture(scope="session")
def dev_results(polnear_dev, nlp):
    return evaluate(polnear_dev, limit=4, systems=("newsfuse", "newsfuse-fast", "textacy", "textacy-paragraphs"), nlp=nlp)


def test_evaluate_runs_newsfuse_beside_textacy_on_dev(dev_results):
    r = dev_results
    assert r["articles"] == 4 and r["gold_units"] > 0
    assert set(r["systems"]) == {"newsfuse", "newsfuse-fast", "textacy", "textacy-paragraphs"}
    for name, m in r["systems"].items():
        for key in ("exact", "overlap", "speaker"):
            assert 0.0 <= m[key]["precision"] <= 1.0 and 0.0 <= m[key]["recall"] <= 1.0
        assert m["exact"]["gold"] == r["gold_units"]
        assert m["exact"]["tp"] <= m["overlap"]["tp"] <= min(m["overlap"]["pred"], r["gold_units"])
        assert m["speaker"]["gold"] == r["gold_with_source"]
    # on these articles newsfuse finds more of the gold quotations than textacy
    assert r["systems"]["newsfuse"]["overlap"]["recall"] > r["systems"]["textacy"]["overlap"]["recall"]
    table = results_table_markdown(r)
    assert table.count("\n") == 5 and "| newsfuse |" in table


def test_eval_quotes_command_writes_json(polnear_dev, tmp_path):
    from typer.testing import CliRunner

    from newsfuse.cli import app

    out = tmp_path / "results.json"
    result = CliRunner().invoke(app, ["eval-quotes", str(polnear_dev), "--limit", "2", "--systems", "newsfuse-fast", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "newsfuse-fast" in result.stdout
    data = json.loads(out.read_text())
    assert data["articles"] == 2 and list(data["systems"]) == ["newsfuse-fast"]
    assert data["command"] == f"newsfuse eval-quotes {polnear_dev} --limit 2 --systems newsfuse-fast"


def test_eval_quotes_command_reports_a_missing_file_in_one_line(tmp_path):
    missing = tmp_path / "nope.jsonl"
    proc = subprocess.run([sys.executable, "-m", "newsfuse", "eval-quotes", str(missing)], capture_output=True, text=True)
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("newsfuse: error: [NF500]") and str(missing) in lines[0]
