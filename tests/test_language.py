"""Articles not in English: left out with a note naming their language, refused when none is English."""

import json
import subprocess
import sys

from newsfuse.schema import validate_brief
from newsfuse.text.language import foreign_language, function_word_share

from .conftest import FIXTURES

FRENCH = FIXTURES / "language"


def _run(*args):
    return subprocess.run([sys.executable, "-m", "newsfuse", *args], capture_output=True, text=True, timeout=300)


def test_english_and_french_are_told_apart(example_dir):
    for path in example_dir.glob("*.txt"):
        text = path.read_text()
        assert function_word_share(text) > 0.25 and foreign_language(text) is None, path.name
    for path in FRENCH.glob("*.txt"):
        assert foreign_language(path.read_text()) == "fr", path.name
    assert foreign_language("Le maire a parlé.") is None  # too short to judge


def test_english_text_never_loads_the_language_model(example_dir):
    code = ("from newsfuse.text import language as L; import pathlib, sys; "
            f"[L.foreign_language(p.read_text()) for p in pathlib.Path({str(example_dir)!r}).glob('*.txt')]; "
            "sys.exit(L._identifier.cache_info().currsize)")
    assert subprocess.run([sys.executable, "-c", code], timeout=120).returncode == 0


def test_only_french_articles_are_refused_naming_the_language():
    r = _run("brief", str(FRENCH), "--fast")
    assert r.returncode == 2 and r.stdout == ""
    (line,) = r.stderr.strip().splitlines()
    assert "French (fr)" in line and "English" in line


def test_a_french_article_among_english_ones_is_left_out_with_a_note(example_dir):
    r = _run("brief", str(example_dir), str(FRENCH / "echo_du_port.txt"), "--fast", "--format", "json")
    assert r.returncode == 0, r.stderr
    brief = json.loads(r.stdout)
    validate_brief(brief)
    assert len(brief["sources"]) == 5 and brief["meta"]["language"] == "en"
    assert any("echo_du_port.txt" in n and "French (fr)" in n for n in brief["meta"]["notes"])
