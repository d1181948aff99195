"""The public Python API: ``newsfuse.__all__``, and ``newsfuse.brief`` on paths, lists and Articles."""

from __future__ import annotations

import inspect
import types
from datetime import date
from pathlib import Path

import pytest

import newsfuse
from newsfuse.readers import clean_article, read_file

HARBOUR_TEXT = (
    "PORT ELLING - A fire broke out at the grain warehouse on Pier 4 late on Tuesday night, and "
    "firefighters fought the blaze for twelve hours before it was under control on Wednesday morning.\n\n"
    "Fire chief Anabel Ruiz said two firefighters were treated for smoke inhalation. \"We were lucky the "
    "wind turned,\" she said.\n\nThe port authority said the warehouse held about 3,000 tonnes of wheat."
)
RADIO_TEXT = (
    "Firefighters battled a fire at a grain warehouse on Pier 4 of Port Elling for twelve hours overnight. "
    "Two firefighters were treated for smoke inhalation, fire chief Anabel Ruiz said.\n\n"
    "\"We were lucky the wind turned,\" Ruiz told reporters on Wednesday. The warehouse held about "
    "3,000 tonnes of wheat, according to the port authority."
)


def _public_names() -> set[str]:
    return {n for n, v in vars(newsfuse).items() if not n.startswith("_") and not isinstance(v, types.ModuleType)}


def test_all_is_the_public_surface():
    assert set(newsfuse.__all__) - {"__version__"} == _public_names()
    assert len(newsfuse.__all__) == len(set(newsfuse.__all__))


def test_brief_is_a_plain_function():
    import newsfuse.briefing  # importing the implementation module must not shadow the function

    assert inspect.isfunction(newsfuse.brief)
    assert inspect.isfunction(newsfuse.make_brief) and inspect.isfunction(newsfuse.read_articles)
    assert type(newsfuse) is types.ModuleType


def test_the_package_is_typed():
    assert (Path(newsfuse.__file__).parent / "py.typed").is_file()


@pytest.mark.parametrize("name", ["brief", "make_brief", "read_articles", "load_settings"])
def test_public_functions_document_arguments_return_and_errors(name):
    doc = inspect.getdoc(getattr(newsfuse, name)) or ""
    for section in ("Args:", "Returns:", "Raises:"):
        assert section in doc, f"newsfuse.{name} docstring lacks {section}"


def test_public_classes_have_docstrings():
    for name in newsfuse.__all__:
        obj = getattr(newsfuse, name)
        if inspect.isclass(obj):
            assert obj.__doc__ and not obj.__doc__.startswith(f"{name}("), name


def test_brief_of_one_folder_as_a_string(example_dir, repo_dir, monkeypatch):
    monkeypatch.chdir(repo_dir)
    b = newsfuse.brief("src/newsfuse/examples/harbour-fire", fast=True)
    assert isinstance(b, newsfuse.Brief)
    assert [s.article.outlet for s in b.sources][:1] == ["The Coastal Times"]
    assert len(b.sources) == 5 and b.summary


def test_brief_of_a_path_and_of_a_list_agree(example_dir):
    files = sorted(p for p in example_dir.iterdir() if p.suffix in (".txt", ".html", ".json"))
    by_folder = newsfuse.brief(example_dir, fast=True)
    by_list = newsfuse.brief([str(f) for f in files], fast=True)
    assert by_folder.to_dict()["summary"] == by_list.to_dict()["summary"]
    assert newsfuse.brief(files[0], fast=True).sources[0].article.source == str(files[0])


def test_one_file_name_is_one_input_not_its_characters(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(newsfuse.ReadError, match=r"a\.txt: no such file"):
        newsfuse.brief("a.txt", fast=True)


@pytest.mark.parametrize("text", [
    HARBOUR_TEXT,
    "A fire broke out at the grain warehouse on Pier 4 late on Tuesday night",
    "word " * 100,
])
def test_text_given_as_a_path_is_refused_with_what_to_pass(text):
    for inputs in ([text], text):
        with pytest.raises(newsfuse.InputError, match=r"looks like article text.*newsfuse\.Article\(text="):
            newsfuse.brief(inputs, fast=True)


def test_wrong_input_types_are_refused():
    for bad, words in ((b"bytes", "bytes"), (42, "int"), ([None], "NoneType"), ([b"x"], "bytes")):
        with pytest.raises(newsfuse.InputError, match=words):
            newsfuse.brief(bad, fast=True)
    with pytest.raises(newsfuse.ReadError, match="no inputs"):
        newsfuse.brief([], fast=True)


def test_brief_of_articles_made_from_text():
    b = newsfuse.brief([newsfuse.Article(text=HARBOUR_TEXT, outlet="A"),
                        newsfuse.Article(text=RADIO_TEXT, outlet="B", title="Pier 4 fire", date="2025-10-15")], fast=True)
    assert [s.article.outlet for s in b.sources] == ["A", "B"]
    assert b.sources[1].article.date == date(2025, 10, 15) and b.sources[1].article.title == "Pier 4 fire"
    assert b.sources[0].article.dateline == "PORT ELLING"  # cleaned: the dateline left the text
    assert not b.sources[0].article.text.startswith("PORT ELLING")
    assert any(len(s.sources) == 2 for s in b.summary)  # both outlets report the same fire
    assert b.quotes and {"s1", "s2"} <= set(b.quotes[0].to_dict()["sources"])


def test_articles_from_text_are_cleaned_exactly_like_files(example_dir, seeds_dir):
    files = [f for d in (example_dir, seeds_dir) for f in sorted(d.iterdir()) if f.suffix == ".txt"]
    assert len(files) >= 6
    for f in files:
        [from_file] = read_file(f)
        from_text = clean_article(newsfuse.Article(text=f.read_text(encoding="utf-8"), outlet=from_file.outlet))
        assert from_text.cleaned
        for name in ("id", "text", "title", "date", "credit", "dateline", "byline", "outlet"):
            assert getattr(from_text, name) == getattr(from_file, name), (f.name, name)


def test_make_brief_cleans_hand_made_articles(seeds_dir):
    f = sorted(seeds_dir.glob("*.txt"))[0]
    raw = newsfuse.Article(text=f.read_text(encoding="utf-8"), outlet="Seed")
    [read] = newsfuse.read_articles(f)
    b = newsfuse.make_brief([raw], fast=True)
    assert b.sources[0].article.text == read.text and b.sources[0].article.title == read.title


def test_clean_article_keeps_what_was_given_and_leaves_cleaned_articles_alone():
    raw = newsfuse.Article(text=HARBOUR_TEXT, outlet="A", title="T", url="https://a.example/x", credit="AFP",
                           byline="Jo Reporter", date=date(2025, 10, 15), id="mine")
    a = clean_article(raw)
    assert (a.outlet, a.title, a.url, a.credit, a.byline, a.date, a.id) == (
        "A", "T", "https://a.example/x", "AFP", "Jo Reporter", date(2025, 10, 15), "mine")
    assert clean_article(a) is a


def test_bad_hand_made_articles_are_named():
    with pytest.raises(newsfuse.ExtractionError, match=r"input 2 \(Article from B\): only \d+ characters"):
        newsfuse.brief([newsfuse.Article(text=HARBOUR_TEXT, outlet="A"), newsfuse.Article(text="Short", outlet="B")],
                       fast=True)
    with pytest.raises(newsfuse.InputError, match="date 'yesterday' is not a date"):
        newsfuse.brief([newsfuse.Article(text=HARBOUR_TEXT, outlet="A", date="yesterday")], fast=True)
    with pytest.raises(newsfuse.InputError, match="item 1 is a str"):
        newsfuse.make_brief(["a.txt"], fast=True)


def test_settings_as_keywords_are_checked_like_the_command_line(example_dir):
    b = newsfuse.brief(example_dir, summary_words=60, fast=True)
    assert b.meta.settings["summary_words"] == 60 and b.meta.mode == "fast"
    assert sum(len(s.text.split()) for s in b.summary) <= 60
    with pytest.raises(newsfuse.ConfigError, match="'summary_words' takes a whole number"):
        newsfuse.brief(example_dir, summary_words="abc", fast=True)
    with pytest.raises(newsfuse.ConfigError, match="did you mean 'summary_words'"):
        newsfuse.brief(example_dir, sumary_words=60, fast=True)
    with pytest.raises(newsfuse.ConfigError, match="from 0 to 1"):
        newsfuse.brief(example_dir, support_threshold=float("nan"), fast=True)


def test_a_settings_object_and_keywords_on_top(example_dir, monkeypatch):
    monkeypatch.setenv("NEWSFUSE_SUMMARY_WORDS", "200")
    assert newsfuse.brief(example_dir, fast=True).meta.settings["summary_words"] == 200  # the environment counts
    b = newsfuse.brief(example_dir, settings=newsfuse.Settings(fast=True), summary_words=80)
    assert b.meta.settings["summary_words"] == 80  # an explicit Settings does not read the environment
    b = newsfuse.brief(example_dir, settings=newsfuse.Settings(fast=True))
    assert b.meta.settings["summary_words"] == 100
    with pytest.raises(newsfuse.InputError, match="settings= takes a newsfuse.Settings"):
        newsfuse.brief(example_dir, settings={"fast": True})
