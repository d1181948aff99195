"""The command line: formats, output files, and one-line errors with exit status 2."""

import json
import subprocess
import sys

import pytest

from newsfuse.schema import validate_brief


def _run(*args, stdin=None):
    return subprocess.run([sys.executable, "-m", "newsfuse", *args], capture_output=True, text=True, input=stdin, timeout=300)


def test_brief_json_on_the_example(example_dir):
    r = _run("brief", str(example_dir), "--fast", "--format", "json")
    assert r.returncode == 0, r.stderr
    validate_brief(json.loads(r.stdout))


def test_brief_html_to_file(example_dir, tmp_path):
    out = tmp_path / "brief.html"
    r = _run("brief", str(example_dir), "--fast", "--words", "120", "-o", str(out))
    assert r.returncode == 0, r.stderr
    page = out.read_text()
    assert page.startswith("<!doctype html>") and 'class="cite"' in page


def test_brief_markdown_from_stdin():
    text = ("A fire broke out at the grain warehouse on Pier 4 of Port Elling late on Tuesday night. "
            "Firefighters fought the blaze for twelve hours before it was under control on Wednesday morning.")
    r = _run("brief", "-", "--fast", "--format", "markdown", stdin=text)
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("# ") and "[1]" in r.stdout


def test_cluster_file(shared_dir):
    r = _run("brief", str(shared_dir / "data/mds/duc2004_task2.jsonl"), "--cluster", "d30001t", "--fast", "--format", "json")
    assert r.returncode == 0, r.stderr
    assert len(json.loads(r.stdout)["sources"]) == 10


@pytest.mark.parametrize("args, words", [
    (["tests/fixtures/bad/empty.txt"], "empty"),
    (["tests/fixtures/bad/binary.txt"], "binary"),
    (["tests/fixtures/bad/unknown.xyz"], "unknown file type"),
    (["tests/fixtures/bad/truncated.json"], "malformed JSON"),
    (["tests/fixtures/bad/missing_text.json"], "no 'text'"),
    (["tests/fixtures/bad/script_only.html"], "no article text"),
    (["tests/fixtures/bad/no-such-file.txt"], "no such file"),
    (["tests/fixtures"], "no article files"),
    (["../shared/data/mds/duc2004_task2.jsonl", "--cluster", "nope"], "no cluster 'nope'"),
    (["src/newsfuse/examples/harbour-fire", "--format", "pdf"], "unknown format 'pdf'"),
    (["src/newsfuse/examples/harbour-fire", "--set", "sumary_words=3"], "did you mean 'summary_words'"),
])
def test_bad_input_one_line_exit_2(repo_dir, args, words):
    r = subprocess.run([sys.executable, "-m", "newsfuse", "brief", *args, "--fast"], capture_output=True, text=True, cwd=repo_dir, timeout=300)
    assert r.returncode == 2, (r.returncode, r.stderr)
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1, r.stderr
    assert lines[0].startswith("newsfuse: error: [NF") and words in lines[0]
    assert "Traceback" not in r.stderr
    if not args[0].startswith("src/newsfuse/examples"):
        assert args[0] in lines[0]


@pytest.mark.parametrize("name, kind", [("day.html", "html"), ("day.md", "markdown"), ("day.json", "json"),
                                        ("day.jsonl", "jsonl"), ("day.txt", "text")])
def test_issue_16_cluster_brief_output_suffix_picks_the_format(example_dir, tmp_path, name, kind):
    out = tmp_path / name
    r = _run("cluster", str(example_dir), "--brief", "--fast", "-o", str(out))
    assert r.returncode == 0, r.stderr
    text = out.read_text()
    starts = {"html": "<!doctype html>", "markdown": "# ", "json": "[", "jsonl": '{"story"', "text": ""}
    assert text.startswith(starts[kind])
    if kind == "text":
        assert not text.startswith(("#", "{", "[", "<")) and "\n===" in text


def test_issue_16_output_suffix_everywhere_and_explicit_format_wins(example_dir, tmp_path):
    assignments = tmp_path / "stories.json"
    r = _run("cluster", str(example_dir), "--fast", "-o", str(assignments))
    assert r.returncode == 0, r.stderr
    assert set(json.loads(assignments.read_text())) == {"articles", "stories"}
    page = tmp_path / "today.html"
    r = _run("cluster", str(example_dir), "--fast", "-o", str(page))  # assignments have no HTML form
    assert r.returncode == 2 and not page.exists()
    assert r.stderr.startswith("newsfuse: error: ") and "html" in r.stderr and "--brief" in r.stderr
    brief_txt = tmp_path / "brief.txt"
    r = _run("brief", str(example_dir), "--fast", "-o", str(brief_txt))
    assert r.returncode == 0 and not brief_txt.read_text().startswith("# ")  # text, not Markdown
    forced = tmp_path / "forced.html"
    r = _run("brief", str(example_dir), "--fast", "--format", "json", "-o", str(forced))
    assert r.returncode == 0 and json.loads(forced.read_text())["schema"] == "newsfuse.brief/1"


def test_brief_reads_a_list_of_inputs_from_a_file(example_dir, tmp_path):
    listed = tmp_path / "today.txt"
    listed.write_text(f"# two of the five\n{example_dir / 'harbour_courier.txt'}\n\n{example_dir / 'valley_ledger.txt'}\n")
    r = _run("brief", "-i", str(listed), str(example_dir / "northshore_radio.txt"), "--fast", "--format", "json")
    assert r.returncode == 0, r.stderr
    outlets = {s["outlet"] for s in json.loads(r.stdout)["sources"]}
    assert outlets == {"Harbour Courier", "Valley Ledger", "Northshore Radio"}


@pytest.mark.parametrize("content, message", [(None, "cannot read the input list"), (b"\n# nothing\n", "names no path"),
                                              (b"\xff\xfe\x00bad", "not UTF-8")])
def test_a_bad_input_list_gets_one_line(tmp_path, content, message):
    listed = tmp_path / "list.txt"
    if content is not None:
        listed.write_bytes(content)
    r = _run("brief", "-i", str(listed), "--fast")
    assert r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1 and message in r.stderr, r.stderr
