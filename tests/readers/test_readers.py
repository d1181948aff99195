"""Readers: every format, outlet and credit resolution, bad inputs, cluster files."""

import io
import json
import sys
from datetime import date
from pathlib import Path

import pytest

from newsfuse.errors import ConfigError, ExtractionError, FormatError, ReadError
from newsfuse.readers import outlet_from_filename, read_articles, read_bytes, read_file, read_mds
from newsfuse.settings import Settings


@pytest.fixture(scope="module")
def example(example_dir):
    return {a.source.rsplit("/", 1)[-1]: a for a in read_articles([example_dir])}


def test_example_outlets_credits_and_dates(example):
    assert set(example) == {"coastal_times.html", "harbour_courier.txt", "elling_daily.json", "northshore_radio.txt", "valley_ledger.txt"} or \
        any(k.startswith("https://") for k in example)
    by_outlet = {a.outlet: a for a in example.values()}
    assert set(by_outlet) == {"The Coastal Times", "Harbour Courier", "Elling Daily News", "Northshore Radio", "Valley Ledger"}
    assert by_outlet["Harbour Courier"].credit == "AFP"
    assert by_outlet["The Coastal Times"].credit == "AFP"
    assert by_outlet["Northshore Radio"].credit is None
    assert by_outlet["Northshore Radio"].byline == "Kit Marsh"
    assert by_outlet["Elling Daily News"].dateline == "PORT ELLING"
    assert by_outlet["Elling Daily News"].date == date(2025, 10, 15)
    assert by_outlet["The Coastal Times"].date == date(2025, 10, 15)
    assert by_outlet["Harbour Courier"].date == date(2025, 10, 15)
    assert by_outlet["Harbour Courier"].title.startswith("Fire guts Port Elling")


def test_html_reader_drops_navigation_and_footer(example):
    page = next(a for a in example.values() if a.outlet == "The Coastal Times")
    assert page.text.startswith("A fire tore through a grain warehouse on Pier 4")
    assert "Subscribe" not in page.text and "Most read" not in page.text
    assert page.title == "Port Elling grain warehouse destroyed in overnight fire"


def test_issue_2_seed_outlets(seeds_dir):
    arts = {a.source.rsplit("/", 1)[-1][:3]: a for a in read_articles([seeds_dir])}
    assert (arts["000"].outlet, arts["000"].credit) == ("CGTN", "AFP")
    assert arts["001"].credit is None  # "(Bloomberg pic)" credits the photo, not the story (issue 21)
    assert (arts["002"].outlet, arts["002"].credit) == ("CGTN", None)
    # a file named by an id names no outlet (issue 16): not "003_eecf2132dae05460"
    assert arts["003"].outlet == "unknown outlet" and arts["003"].credit is None
    assert arts["001"].outlet == "unknown outlet"
    assert arts["000"].date == date(2019, 2, 7)
    assert arts["001"].dateline == "WASHINGTON"


def test_outlet_from_filename():
    assert outlet_from_filename("valley_ledger.txt") == "Valley Ledger"
    assert outlet_from_filename("BBC-news.html") == "BBC News"
    # issue 16: an id is no outlet's name; a short code with digits is kept as written
    assert outlet_from_filename("003_eecf2132dae05460.txt") is None
    assert outlet_from_filename("001_60d7b95aeadb5144.txt") is None and outlet_from_filename("0042.txt") is None
    assert outlet_from_filename("bbc2.txt") == "bbc2"


def test_issue_16_id_named_file_falls_back_to_something_readable(tmp_path):
    body = "The footbridge in the town of Saltmere collapsed into the River Wend on Tuesday night, officials said. " * 2
    (tmp_path / "7f3a9c01d2e4b5a6.txt").write_text(body)
    (tmp_path / "8e1b2c3d4f5a6b7c.json").write_text(json.dumps({"text": body, "url": "https://www.saltmere-echo.example/bridge"}))
    (tmp_path / "9a8b7c6d5e4f3a2b.txt").write_text("SALTMERE (AFP) - " + body)
    got = {Path(a.source).name[:4]: a for a in read_articles([str(tmp_path)])}
    assert got["7f3a"].outlet == "unknown outlet"
    assert got["8e1b"].outlet == "saltmere-echo.example"  # the site of its URL
    assert got["9a8b"].outlet == "AFP"  # the agency it credits


def test_json_lines_and_arrays(tmp_path):
    recs = [{"title": f"Pier {i} fire", "text": f"A fire broke out at the grain warehouse on Pier {i} late on Tuesday night, officials said.",
             "source": "Harbour Courier", "date": "2025-10-15", "url": f"https://courier.example/{i}"} for i in (1, 2)]
    (tmp_path / "a.jsonl").write_text("\n".join(json.dumps(r) for r in recs) + "\n")
    (tmp_path / "b.json").write_text(json.dumps(recs))
    for name in ("a.jsonl", "b.json"):
        arts = read_file(tmp_path / name)
        assert [a.title for a in arts] == ["Pier 1 fire", "Pier 2 fire"]
        assert arts[0].outlet == "Harbour Courier" and arts[0].url == "https://courier.example/1"
        assert arts[0].id != arts[1].id


def test_stdin_is_sniffed(monkeypatch):
    text = "A fire broke out at the grain warehouse on Pier 4 of Port Elling late on Tuesday night, officials said.\n"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode())))
    arts = read_articles(["-"])
    assert len(arts) == 1 and arts[0].text.startswith("A fire broke out")


def test_latin1_is_detected_and_read(repo_dir):
    art = read_file(repo_dir / "tests/fixtures/bad/latin1.txt")[0]
    assert "Se\u00f1ora In\u00e9s Mu\u00f1oz" in art.text


@pytest.mark.parametrize("name, error, words", [
    ("empty.txt", ReadError, "empty"),
    ("blank.txt", ReadError, "empty"),
    ("binary.bin", ReadError, "unknown file type"),
    ("binary.txt", ReadError, "binary"),
    ("truncated.json", FormatError, "malformed JSON at line 2"),
    ("missing_text.json", FormatError, "record 2 has no 'text'"),
    ("script_only.html", ExtractionError, "no article text"),
    ("unknown.xyz", ReadError, "unknown file type '.xyz'"),
])
def test_bad_inputs_raise_clear_errors(repo_dir, name, error, words):
    path = repo_dir / "tests/fixtures/bad" / name
    with pytest.raises(error) as info:
        read_articles([path])
    assert str(path) in str(info.value) and words in str(info.value)


def test_empty_folder_and_missing_file(tmp_path):
    with pytest.raises(ReadError, match="folder has no article files"):
        read_articles([tmp_path])
    with pytest.raises(ReadError, match="no such file"):
        read_articles([tmp_path / "nope.txt"])


def test_oversized_file_is_refused(tmp_path):
    path = tmp_path / "big.txt"
    path.write_text("A fire broke out on Pier 4. " * 200)
    with pytest.raises(ReadError, match="over the 1,000-byte limit"):
        read_articles([path], settings=Settings(max_file_bytes=1000))


def test_read_bytes_upload_html():
    html = b"<html><head><title>Pier 4 fire</title><meta property='og:site_name' content='Harbour Courier'></head><body><article><p>A fire broke out at the grain warehouse on Pier 4 of Port Elling late on Tuesday night, officials said on Wednesday.</p></article></body></html>"
    art = read_bytes(html, name="upload.html")[0]
    assert art.outlet == "Harbour Courier" and art.title == "Pier 4 fire"


def test_mds_clusters(shared_dir):
    path = shared_dir / "data/mds/duc2004_task2.jsonl"
    arts = read_articles([path], cluster="d30001t")
    assert len(arts) == 10 and all(a.date for a in arts)
    arts2, refs = read_mds(path, "d30001t")
    assert [a.id for a in arts2] == [a.id for a in arts] and len(refs) == 4
    with pytest.raises(ConfigError, match="no cluster 'nope'; clusters here: d30001t"):
        read_articles([path], cluster="nope")
    with pytest.raises(ConfigError, match="choose one with --cluster"):
        read_articles([path])
    arts06 = read_articles([shared_dir / "data/mds/duc2006.jsonl"], cluster="D0601A")
    assert len(arts06) == 25 and arts06[0].title
