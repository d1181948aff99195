"""Header lines in text files and on stdin, and several articles on stdin split at '---'."""

import json
import subprocess
import sys
from datetime import date

from newsfuse.readers import read_file
from newsfuse.readers.headers import split_articles, split_headers

BODY = ("Fire crews from three towns fought a blaze at the Brennick grain silo through the night, "
        "and the last flames were out by Thursday morning, the county fire service said.")


def test_header_lines_of_a_text_file_become_its_metadata(tmp_path):
    path = tmp_path / "some_file_name.txt"
    path.write_text(f"Outlet: Saltmere Echo\nTitle: Silo fire put out\nDate: 2026-05-07\n"
                    f"URL: https://echo.example/silo\nCredit: AFP\n\n{BODY}\n")
    (article,) = read_file(path)
    assert (article.outlet, article.title, article.date, article.url) == (
        "Saltmere Echo", "Silo fire put out", date(2026, 5, 7), "https://echo.example/silo")
    assert article.credit == "AFP"
    assert article.text.startswith("Fire crews") and "Outlet:" not in article.text


def test_a_text_without_headers_keeps_its_first_line():
    meta, body = split_headers(f"Silo fire: what we know\n\n{BODY}")
    assert meta == {} and body.startswith("Silo fire: what we know")


def test_separators_split_articles_and_each_keeps_its_headers():
    parts = split_articles(f"Outlet: A Post\n{BODY}\n---\nOutlet: B Times\nTitle: Silo\n{BODY}\n  ----  \n\n")
    assert [m for m, _ in parts] == [{"outlet": "A Post"}, {"outlet": "B Times", "title": "Silo"}]


def test_two_articles_piped_into_brief_are_two_sources():
    stdin = f"Outlet: Saltmere Echo\n\n{BODY}\n---\nOutlet: Wend Valley Post\n\n{BODY} Two firefighters were hurt.\n"
    r = subprocess.run([sys.executable, "-m", "newsfuse", "brief", "-", "--fast", "--format", "json"],
                       input=stdin, capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    assert [s["outlet"] for s in json.loads(r.stdout)["sources"]] == ["Saltmere Echo", "Wend Valley Post"]
