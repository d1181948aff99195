"""ROUGE-1.5.5 itself: hand-counted cases, jackknifing, NIST's published figures, and the eval table."""

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsfuse.cli import app
from newsfuse.evaluate import published
from newsfuse.evaluate.bench import BenchConfig, run_bench, to_markdown
from newsfuse.evaluate.rouge155 import SETTINGS, Reference, run_rouge155, settings_for, without_lcs

REF = "the cat sat on the mat"
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "eval"


def _recall(result, system, metric):
    return result.averages[system][metric]["recall"]


def test_identical_disjoint_and_a_hand_counted_overlap():
    result = run_rouge155(
        {"same": {"u": REF}, "disjoint": {"u": "river stones glow brightly"}, "part": {"u": "the cat ran on a road"}},
        {"u": [Reference("A", REF)]}, SETTINGS["duc2004"])
    for metric in ("ROUGE-1", "ROUGE-2", "ROUGE-3", "ROUGE-4"):
        assert _recall(result, "same", metric) == 1.0
        assert _recall(result, "disjoint", metric) == 0.0
    # unigrams of the reference: the x2, cat, sat, on, mat = 6; the peer matches the (once), cat, on = 3
    assert _recall(result, "part", "ROUGE-1") == pytest.approx(3 / 6, abs=1e-5)
    # bigrams of the reference: the-cat, cat-sat, sat-on, on-the, the-mat = 5; the peer has only the-cat
    assert _recall(result, "part", "ROUGE-2") == pytest.approx(1 / 5, abs=1e-5)
    assert result.averages["part"]["ROUGE-2"]["precision"] == pytest.approx(1 / 5, abs=1e-5)  # 5 bigrams there too
    assert result.per_unit["part"]["ROUGE-2"]["u"]["recall"] == pytest.approx(0.2, abs=1e-5)


def test_jackknifing_leaves_out_each_reference_and_a_humans_own():
    refs = {"u": [Reference("A", REF), Reference("B", "a dog ran in the park")]}
    result = run_rouge155({"system": {"u": REF}, "B": {"u": "a dog ran in the park"}}, refs, SETTINGS["duc2007-update"])
    # the system: against B alone, 'the' is its one shared unigram of 6; against A alone, all 6 of 6
    assert _recall(result, "system", "ROUGE-1") == pytest.approx((1 / 6 + 1) / 2, abs=1e-5)
    # human B is scored only against A (never against the reference it wrote)
    assert _recall(result, "B", "ROUGE-1") == pytest.approx(1 / 6, abs=1e-5)
    assert _recall(result, "system", "ROUGE-SU4") < 1.0


def test_dropping_the_lcs_measures_changes_no_other_figure():
    refs = {"u": [Reference("A", REF), Reference("B", "a dog ran in the park near the mat")]}
    summaries = {"s": {"u": "the cat ran in the park on a mat"}}
    full = run_rouge155(summaries, refs, SETTINGS["duc2006"])
    fast = run_rouge155(summaries, refs, without_lcs(SETTINGS["duc2006"]))
    assert "ROUGE-L" in full.averages["s"] and "ROUGE-L" not in fast.averages["s"]
    for metric, value in fast.averages["s"].items():
        assert full.averages["s"][metric]["recall"] == value["recall"], metric
    assert "-w" not in without_lcs(SETTINGS["duc2006"]).options
    assert settings_for("duc2004_task2", 100) == SETTINGS["duc2004"]
    assert settings_for("duc2006", 250) == SETTINGS["duc2006"]


def test_check_published_reproduces_a_duc2007_update_figure(shared_dir):
    out = CliRunner().invoke(app, ["eval-check-published", "--data", str(shared_dir / "data" / "mds"),
                                   "--tasks", "duc2007-update", "--systems", "45"])
    assert out.exit_code == 0, out.output
    row = next(line for line in out.stdout.splitlines() if line.startswith("| duc2007-update"))
    cells = [c.strip() for c in row.strip("|").split("|")]
    assert cells[1:4] == ["45", "ROUGE-2", "0.0962"]
    assert abs(float(cells[4]) - 0.0962) <= 0.001 and cells[6] == "yes"


def test_check_published_fails_when_a_figure_differs(shared_dir, monkeypatch):
    wrong = published.Published("duc2007-update", "45", "ROUGE-2", 0.0500)
    monkeypatch.setattr(published, "PUBLISHED", (wrong,))
    out = CliRunner().invoke(app, ["eval-check-published", "--data", str(shared_dir / "data" / "mds"),
                                   "--tasks", "duc2007-update"])
    assert out.exit_code == 1
    assert "| **no** |" in out.stdout


def test_eval_scores_with_both_scorers_and_caches_rouge155(tmp_path):
    config = BenchConfig(data=FIXTURES / "tiny.jsonl", words=40, systems=("lead", "random"), resamples=50,
                         cache_dir=tmp_path / "cache", scorer="both", measure_memory=False)
    first = run_bench(config)
    second = run_bench(config)
    table = to_markdown(first)
    assert "#### rouge-score" in table and "#### ROUGE-1.5.5" in table and "-n 4 -m -x -2 4 -u" in table
    r155 = first["rouge155"]["systems"]
    assert set(r155) == {"lead", "random"} and not r155["lead"]["cached"]
    assert second["rouge155"]["systems"]["lead"]["cached"]
    assert second["rouge155"]["systems"]["lead"]["per_cluster"] == r155["lead"]["per_cluster"]
    assert 0.0 < r155["lead"]["mean"]["ROUGE-2"]["recall"] < 1.0
    only = to_markdown({**first, "scorer": "rouge155"})
    assert "#### ROUGE-1.5.5" in only and "rouge-score" not in only
    json.dumps({k: v for k, v in first.items() if not k.startswith("_")})  # the JSON output stays writable


def test_eval_update_scores_with_rouge155(shared_dir):
    from newsfuse.evaluate.datasets import load_peers
    from newsfuse.evaluate.update_eval import load_update, run_update_eval

    mds = shared_dir / "data" / "mds"
    topics = load_update(mds / "duc2007_update.jsonl")[:2]
    units = {t.unit(s) for t in topics for s in "ABC"}
    peers = [p for p in load_peers(mds / "baselines" / "duc2007_update_peer_summaries.jsonl", None)
             if p.cluster_id in units and p.system in ("40", "A", "B", "C", "D", "E", "F", "G", "H", "I", "J")]
    result = run_update_eval(topics, ("lead",), peers, resamples=50, scorer_name="rouge155")
    assert result["scorer"].startswith("ROUGE-1.5.5 (`ROUGE-1.5.5.pl -n 4 -m -x -2 4 -u")
    table = result["table"]
    assert table["lead"]["B+C rouge2"]["units"] == 4 and table["peer:40"]["B+C rouge2"]["units"] == 4
    humans = [n for n in table if n.removeprefix("peer:").isalpha() and n.startswith("peer:")]
    assert humans
    for h in humans:  # every unit a human wrote a peer summary of is scored (against the other references)
        scored = sum(table[h][f"{s} rouge2"]["units"] for s in "ABC" if f"{s} rouge2" in table[h])
        assert scored == sum(1 for p in peers if f"peer:{p.system}" == h), h
    assert all(0.0 < table[n]["B+C rouge2"]["mean"] < 1.0 for n in table if "B+C rouge2" in table[n])


def test_without_perl_the_check_says_what_to_install(shared_dir, tmp_path):
    import subprocess
    import sys

    env = {"PATH": str(tmp_path), "HOME": str(tmp_path)}  # a PATH with no perl on it
    done = subprocess.run([sys.executable, "-m", "newsfuse", "eval-check-published", "--data",
                           str(shared_dir / "data" / "mds"), "--tasks", "duc2007-update"],
                          capture_output=True, text=True, env=env)
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert lines[:-1] == ["newsfuse eval-check-published: running ROUGE-1.5.5 on duc2007-update"], done.stderr
    assert lines[-1].startswith("newsfuse: error: ") and "needs perl" in lines[-1], done.stderr
    assert "install-rouge155.sh" in lines[-1] and "Traceback" not in done.stderr
