"""eval-reader: the folder format, shingle scoring, failures counted as empty pages, the command, the set builder."""

from __future__ import annotations

import gzip
import hashlib
import importlib.util
import io
import json
import subprocess
import sys
import tarfile
from collections import Counter

import pytest

from newsfuse.errors import DataError
from newsfuse.evaluate.reader_eval import evaluate, load_pages, page_scores, read_page, shingles


@pytest.fixture(scope="module")
def html_dir(repo_dir):
    return repo_dir / "tests" / "fixtures" / "html"


def test_shingles_are_four_token_runs_counted_with_repeats():
    assert shingles("A fire, on Pier 4!") == Counter({("A", "fire", "on", "Pier"): 1, ("fire", "on", "Pier", "4"): 1})
    assert shingles("Pier 4") == Counter({("Pier", "4"): 1})  # shorter than four tokens: one shingle
    assert shingles("a b c d a b c d")[("a", "b", "c", "d")] == 2
    assert shingles("  ...  ") == Counter()


def test_page_scores_precision_and_recall():
    body = "one two three four five six seven eight"
    assert page_scores(body, body) == (1.0, 1.0)
    p, r = page_scores(body, "one two three four five six")  # 3 of the body's 5 shingles, nothing else
    assert (p, r) == (1.0, 0.6)
    p, r = page_scores(body, body + " Subscribe now for one euro")
    assert r == 1.0 and p == 5 / 10
    assert page_scores(body, "") == (None, 0.0)


def test_folder_format_and_its_errors(tmp_path, html_dir):
    pages = load_pages(html_dir)
    assert [p.name for p in pages][:2] == ["bayside_times", "elling_voice"] and len(pages) == 7
    with pytest.raises(DataError, match="no such folder"):
        load_pages(tmp_path / "nope")
    with pytest.raises(DataError, match="no saved pages"):
        load_pages(tmp_path)
    (tmp_path / "a.html").write_text("<html><body><p>text</p></body></html>")
    with pytest.raises(DataError, match=r"no expected body \(NAME.txt\) for a.html"):
        load_pages(tmp_path)
    (tmp_path / "a.txt").write_text("text\n")
    (tmp_path / "b.html.gz").write_bytes(gzip.compress(b"<html><body><p>gzipped</p></body></html>"))
    (tmp_path / "b.txt").write_text("gzipped\n")
    (tmp_path / "notes.md").write_text("ignored")
    got = load_pages(tmp_path)
    assert [p.name for p in got] == ["a", "b"] and got[1].data.startswith(b"<html><body><p>gzipped")


def test_issue_21_a_failing_page_is_an_empty_page_with_a_one_line_error(tmp_path, repo_dir):
    (tmp_path / "script_only.html").write_bytes((repo_dir / "tests/fixtures/bad/script_only.html").read_bytes())
    (tmp_path / "script_only.txt").write_text("The story that the page never printed.\n")
    text, error = read_page("newsfuse", load_pages(tmp_path)[0])
    assert text == "" and "\n" not in error and "script_only.html" in error and "no article text" in error
    results = evaluate(tmp_path, ["newsfuse", "trafilatura", "justext"])
    for m in results["systems"].values():
        assert m["empty"] == ["script_only"] and m["recall"] == 0.0
    assert len(results["systems"]["newsfuse"]["errors"]) == 1


def test_eval_reader_command_prints_the_table_and_writes_json(html_dir, tmp_path):
    from typer.testing import CliRunner

    from newsfuse.cli import app

    out = tmp_path / "reader.json"
    result = CliRunner().invoke(app, ["eval-reader", str(html_dir), "--systems", "newsfuse,trafilatura", "--out", str(out),
                                      "--per-page"])
    assert result.exit_code == 0, result.output
    assert "newsfuse" in result.stdout and "harbour_gazette" in result.stdout
    data = json.loads(out.read_text())
    assert data["pages"] == 7 and data["shingle_size"] == 4 and list(data["systems"]) == ["newsfuse", "trafilatura"]
    assert data["command"] == f"newsfuse eval-reader {html_dir} --systems newsfuse,trafilatura"
    assert data["systems"]["newsfuse"]["f1"] >= data["systems"]["trafilatura"]["f1"]


@pytest.mark.parametrize("args, words", [(["nope-folder"], "no such folder"), (["{html}", "--systems", "boilerpipe"],
                                                                               "unknown system(s) boilerpipe")])
def test_eval_reader_command_reports_bad_input_in_one_line(args, words, html_dir):
    argv = [a.replace("{html}", str(html_dir)) for a in args]
    proc = subprocess.run([sys.executable, "-m", "newsfuse", "eval-reader", *argv], capture_output=True, text=True)
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("newsfuse: error: [NF") and words in lines[0]


@pytest.fixture(scope="module")
def reader_set(repo_dir):
    spec = importlib.util.spec_from_file_location("reader_set", repo_dir / "benchmarks" / "reader_set.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_reader_set_annotations_point_at_pinned_sdists(reader_set):
    spec = json.loads(reader_set.ANNOTATIONS.read_text())
    assert set(spec["sources"]) == {"trafilatura-1.0.0", "newspaper4k-0.9.6"}
    assert all(len(s["sha256"]) == 64 for s in spec["sources"].values())
    assert len(spec["pages"]) >= 30
    for name, page in spec["pages"].items():
        assert page["source"] in spec["sources"] and len(page["sha256"]) == 64, name
        entries = page["body"].split()
        assert entries and all(e.split(":")[0].isdigit() and len(e.split(":")[1]) == 6 for e in entries), name


def test_reader_set_builds_pages_and_bodies_from_an_sdist_and_catches_drift(reader_set, html_dir, tmp_path):
    page = (html_dir / "harbour_gazette.html").read_bytes()
    blocks = reader_set.blocks(reader_set.decode_page(page))
    wanted = [i for i, b in enumerate(blocks) if b.startswith(("PORT ELLING (Reuters)", "Insurers wait"))]
    archive = tmp_path / "sdists" / "fake-1.0.tar.gz"
    archive.parent.mkdir()
    with tarfile.open(archive, "w:gz") as tar:
        info = tarfile.TarInfo("fake-1.0/tests/page.html")
        info.size = len(page)
        tar.addfile(info, io.BytesIO(page))
    source = {"name": "fake", "version": "1.0", "file": archive.name,
              "sha256": hashlib.sha256(archive.read_bytes()).hexdigest()}
    entry = {"source": "fake", "member": "fake-1.0/tests/page.html", "sha256": hashlib.sha256(page).hexdigest(),
             "body": " ".join(f"{i}:{reader_set.block_hash(blocks[i])}" for i in wanted)}
    out = tmp_path / "pages"
    assert reader_set.build(tmp_path, out, {"sources": {"fake": source}, "pages": {"gazette": entry}}) == []
    assert (out / "gazette.html").read_bytes() == page
    assert (out / "gazette.txt").read_text().splitlines() == [blocks[i] for i in wanted]
    drifted = dict(entry, body=f"{wanted[0]}:000000")
    problems = reader_set.build(tmp_path, tmp_path / "drift", {"sources": {"fake": source}, "pages": {"g": drifted}})
    assert len(problems) == 1 and "is not the annotated block" in problems[0]
