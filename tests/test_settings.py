"""Settings: one table, checked values, and every setting reaching the commands through every layer.

The table-driven tests set every setting to a value other than its default, through the
environment, through ``--set`` and through its flag where a command has one, run the real
command (``brief``, ``cluster --brief``, ``serve`` as a subprocess) and read back the settings
the command's brief was made with (``meta.settings``, which records every setting).
"""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from dataclasses import fields

import httpx
import pytest
import typer.main

import newsfuse
from newsfuse.cli import app
from newsfuse.errors import ConfigError
from newsfuse.settings import SETTINGS, Settings, load_settings, parse_set_options, setting

from .web.conftest import article_payload, running_server

# A value other than the default for every setting, one the bundled example can still be briefed
# with (fast mode, so no model loads).
VALUES: dict[str, object] = {
    "summary_words": 150,
    "fast": True,
    "support_threshold": 0.7,
    "support_threshold_fast": 0.4,
    "summary_compress": False,
    "max_file_bytes": 19_000_000,
    "min_article_chars": 60,
    "fetch_timeout_s": 7.5,
    "fetch_max_bytes": 4_000_000,
    "fetch_max_redirects": 3,
    "allow_private_urls": True,
    "max_articles": 150,
    "max_upload_bytes": 9_000_000,
    "exclusive_per_source": 4,
    "story_window_days": 2.5,
    "story_window_articles": 500,
    "allowed_hosts": "localhost,127.0.0.1,desk.example",
    "max_title_chars": 250,
    "max_header_bytes": 30_000,
    "client_timeout_s": 45.0,
    "max_concurrent_fetches": 16,
    "max_concurrent_writes": 3,
    "feed_interval_s": 60,
    "desk_checkpoint_articles": 50,
}
EXPECTED = {**Settings().to_dict(), **VALUES}

# Bad values, each refused wherever it comes from.
BAD: list[tuple[str, str, str]] = [
    ("summary_words", "abc", "whole number"),
    ("summary_words", "5", "at least 10"),
    ("summary_words", "12.5", "whole number"),
    ("max_articles", "-1", "at least 1"),
    ("support_threshold", "nan", "from 0 to 1"),
    ("support_threshold_fast", "inf", "from 0 to 1"),
    ("support_threshold", "1.5", "from 0 to 1"),
    ("support_threshold", "-0.1", "from 0 to 1"),
    ("fetch_timeout_s", "0", "above 0"),
    ("story_window_days", "nan", "above 0"),
    ("story_window_articles", "-5", "at least 0"),
    ("fast", "maybe", "true or false"),
]


def _text(value: object) -> str:
    return str(value).lower() if isinstance(value, bool) else str(value)


def _flags(command: str) -> dict[str, str]:
    """The settings ``command`` has a flag for: setting name -> flag, read from the CLI."""
    params = typer.main.get_command(app).commands[command].params  # type: ignore[attr-defined]
    out = {}
    for s in SETTINGS:
        for p in params:
            if s.flag and any(o == s.flag for o in p.opts) and f"[setting {s.name};" in (p.help or ""):
                out[s.name] = s.flag
    return out


def _flag_args(name: str, value: object) -> list[str]:
    flag = setting(name).flag
    assert flag is not None
    if isinstance(value, bool):
        return [flag if value else f"--no-{flag[2:]}"]
    return [flag, _text(value)]


def _clean_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith("NEWSFUSE_")}


def _run(args: list[str], env: dict[str, str], cwd) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "newsfuse", *args], capture_output=True, text=True,
                          env={**_clean_env(), **env}, cwd=cwd, timeout=600)


# --- the table and the dataclass -------------------------------------------------------------


def test_the_dataclass_is_the_table():
    assert [f.name for f in fields(Settings)] == [s.name for s in SETTINGS]
    assert Settings().to_dict() == {s.name: s.default for s in SETTINGS}
    for s in SETTINGS:
        assert type(s.default) is s.type, s.name
        assert s.parse(s.default) == s.default, s.name  # every default is valid


def test_every_setting_has_a_test_value_other_than_its_default():
    assert set(VALUES) == {s.name for s in SETTINGS}
    for name, value in VALUES.items():
        assert setting(name).parse(value) == value
        assert value != setting(name).default, name


def test_similarity_threshold_follows_the_mode():
    s = Settings(support_threshold=0.6, support_threshold_fast=0.3)
    assert s.similarity_threshold == 0.6
    assert s.with_(fast=True).similarity_threshold == 0.3


def test_layers_defaults_then_environment_then_set_then_flags():
    env = {"NEWSFUSE_SUMMARY_WORDS": "200", "NEWSFUSE_FAST": "1", "NEWSFUSE_MAX_ARTICLES": "50"}
    assert load_settings(environ={}).summary_words == 100
    s = load_settings(environ=env)
    assert (s.summary_words, s.fast, s.max_articles) == (200, True, 50)
    s = load_settings(set_=["summary_words=150", "fast=false"], environ=env)
    assert (s.summary_words, s.fast, s.max_articles) == (150, False, 50)
    s = load_settings(set_=["summary_words=150", "fast=false"], flags={"summary_words": 60, "fast": True}, environ=env)
    assert (s.summary_words, s.fast, s.max_articles) == (60, True, 50)
    # A flag not given (None) leaves the lower layers alone.
    s = load_settings(set_=["summary_words=150"], flags={"summary_words": None, "fast": None}, environ=env)
    assert (s.summary_words, s.fast) == (150, True)


def test_unrelated_newsfuse_variables_are_ignored():
    assert load_settings(environ={"NEWSFUSE_SCREENSHOT": "1"}) == Settings()


def test_unknown_setting_suggests_a_close_name():
    with pytest.raises(ConfigError, match="did you mean 'summary_words'"):
        load_settings({"sumary_words": 3})
    with pytest.raises(ConfigError, match="did you mean 'summary_words'"):
        parse_set_options(["sumary_words=3"])
    with pytest.raises(ConfigError, match="unknown setting 'embedding_model'"):
        load_settings(set_=["embedding_model=all-MiniLM-L6-v2"], environ={})


@pytest.mark.parametrize("name, text, words", BAD)
def test_bad_values_are_refused_from_every_layer(name, text, words):
    s = setting(name)
    with pytest.raises(ConfigError, match=f"'{name}' \\(from {s.env}\\) takes .*{words}"):
        load_settings(environ={s.env: text})
    with pytest.raises(ConfigError, match=f"'{name}' \\(from --set\\) takes .*{words}"):
        load_settings(set_=[f"{name}={text}"], environ={})
    with pytest.raises(ConfigError, match=f"'{name}' takes .*{words}"):
        Settings(**{name: text})


def test_typed_values_are_checked_too():
    for bad in ({"summary_words": True}, {"summary_words": 12.5}, {"fast": 1}, {"support_threshold": math.nan},
                {"max_articles": -1}, {"fetch_timeout_s": math.inf}):
        with pytest.raises(ConfigError):
            Settings(**bad)
    assert Settings(fetch_timeout_s=5).fetch_timeout_s == 5.0
    assert Settings(summary_words=120.0).summary_words == 120


def test_every_flag_in_the_table_is_on_a_command():
    commands = typer.main.get_command(app).commands  # type: ignore[attr-defined]
    have = {name for c in commands for name in _flags(c)}
    assert have == {s.name for s in SETTINGS if s.flag}


# --- every setting reaches the command, through every layer ----------------------------------


def _used_by_brief(args, env, repo_dir, example_dir):
    r = _run(["brief", str(example_dir), "--format", "json", *args], env, repo_dir)
    assert r.returncode == 0, r.stderr
    return [json.loads(r.stdout)["meta"]["settings"]]


def _used_by_cluster(args, env, repo_dir, example_dir):
    r = _run(["cluster", str(example_dir), "--brief", "--format", "json", *args], env, repo_dir)
    assert r.returncode == 0, r.stderr
    stories = json.loads(r.stdout)
    assert stories
    return [s["brief"]["meta"]["settings"] for s in stories]


def _used_by_serve(args, env, repo_dir, example_dir, tmp_path, monkeypatch):
    for k in [k for k in os.environ if k.startswith("NEWSFUSE_")]:
        monkeypatch.delenv(k)
    for k, v in env.items():
        monkeypatch.setenv(k, v)  # the server subprocess inherits the environment
    payload = {"articles": [article_payload(a) for a in newsfuse.read_articles(example_dir, fast=True)]}
    with running_server(tmp_path / "settings.db", *args, log=tmp_path / "serve.log") as (base, _):
        r = httpx.post(base + "/api/stories", json=payload, timeout=300)
    assert r.status_code == 201, r.text
    return [r.json()["brief"]["meta"]["settings"]]


@pytest.mark.parametrize("command", ["brief", "cluster", "serve"])
@pytest.mark.parametrize("layer", ["environment", "set", "flag"])
def test_every_setting_reaches_the_command(command, layer, repo_dir, example_dir, tmp_path, monkeypatch):
    if layer == "environment":
        env, args, expected = {setting(k).env: _text(v) for k, v in VALUES.items()}, [], EXPECTED
    elif layer == "set":
        env, args, expected = {}, [a for k, v in VALUES.items() for a in ("--set", f"{k}={_text(v)}")], EXPECTED
    else:
        flags = _flags(command)
        assert "fast" in flags  # every command that briefs has --fast
        env, args = {}, [a for name in flags for a in _flag_args(name, VALUES[name])]
        expected = {**Settings().to_dict(), **{name: VALUES[name] for name in flags}}
    if command == "serve":
        used = _used_by_serve(args, env, repo_dir, example_dir, tmp_path, monkeypatch)
    else:
        used = (_used_by_brief if command == "brief" else _used_by_cluster)(args, env, repo_dir, example_dir)
    for got in used:
        assert got == expected


def test_a_flag_beats_set_which_beats_the_environment(repo_dir, example_dir):
    env = {"NEWSFUSE_SUMMARY_WORDS": "200", "NEWSFUSE_FAST": "1"}
    [used] = _used_by_brief(["--set", "summary_words=150"], env, repo_dir, example_dir)
    assert (used["summary_words"], used["fast"]) == (150, True)
    [used] = _used_by_brief(["--set", "summary_words=150", "--words", "60"], env, repo_dir, example_dir)
    assert used["summary_words"] == 60


# --- the acceptance checks -------------------------------------------------------------------


def _summary_words(brief: dict) -> int:
    return sum(len(s["text"].split()) for s in brief["summary"])


@pytest.mark.parametrize("env, args", [
    ({"NEWSFUSE_SUMMARY_WORDS": "200"}, ["--fast"]),
    ({}, ["--fast", "--set", "summary_words=200"]),
    ({"NEWSFUSE_SUMMARY_WORDS": "200", "NEWSFUSE_FAST": "1"}, []),
    ({}, ["--set", "summary_words=200", "--set", "fast=true"]),
])
def test_a_200_word_budget_from_the_environment_or_set_gives_a_longer_fast_summary(env, args, repo_dir):
    r = _run(["brief", "src/newsfuse/examples/harbour-fire", "--format", "json", *args], env, repo_dir)
    assert r.returncode == 0, r.stderr
    brief = json.loads(r.stdout)
    assert 120 < _summary_words(brief) <= 200
    assert brief["meta"]["mode"] == "fast"


@pytest.mark.parametrize("env, args", [({"NEWSFUSE_FAST": "1"}, []), ({}, ["--set", "fast=true"])])
def test_fast_mode_from_the_environment_or_set(env, args, repo_dir):
    r = _run(["brief", "src/newsfuse/examples/harbour-fire", "--format", "json", *args], env, repo_dir)
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["meta"]["mode"] == "fast"


INVALID = [
    ({}, ["--set", "summary_words=abc"], "'summary_words' (from --set) takes a whole number"),
    ({}, ["--set", "max_articles=-1"], "'max_articles' (from --set) takes a whole number of at least 1"),
    ({}, ["--set", "support_threshold=nan"], "'support_threshold' (from --set) takes a number from 0 to 1"),
    ({"NEWSFUSE_SUMMARY_WORDS": "abc"}, [], "(from NEWSFUSE_SUMMARY_WORDS)"),
    ({"NEWSFUSE_FAST": "maybe"}, [], "'fast' (from NEWSFUSE_FAST) takes true or false"),
    ({}, ["--set", "sumary_words=3"], "did you mean 'summary_words'"),
    ({}, ["--set", "fast"], "--set takes name=value"),
]


@pytest.mark.parametrize("command, env, args, words",
                         [("brief", *case) for case in INVALID]
                         + [(c, *INVALID[i]) for c in ("cluster", "serve") for i in (2, 4)])
def test_invalid_values_exit_2_with_one_line(command, env, args, words, repo_dir, example_dir, tmp_path):
    inputs = {"brief": [str(example_dir), "--fast"], "cluster": [str(example_dir), "--fast"],
              "serve": ["--db", str(tmp_path / "never.db"), "--port", "0"]}[command]
    r = _run([command, *inputs, *args], env, repo_dir)
    assert r.returncode == 2, (r.returncode, r.stderr)
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("newsfuse: error: [NF200]") and words in lines[0], r.stderr
    assert not (tmp_path / "never.db").exists()


def test_a_bad_flag_value_gets_the_same_one_line(repo_dir, example_dir):
    for args, words in ((["--words", "abc"], "'summary_words' (from --words) takes a whole number"),
                        (["--words", "5"], "of at least 10, not '5'"),):
        r = _run(["brief", str(example_dir), "--fast", *args], {}, repo_dir)
        assert r.returncode == 2 and r.stderr.count("\n") == 1 and words in r.stderr, r.stderr
    r = _run(["cluster", str(example_dir), "--fast", "--window-days", "0"], {}, repo_dir)
    assert r.returncode == 2 and "'story_window_days' (from --window-days) takes a number above 0" in r.stderr


# --- each setting has an effect ---------------------------------------------------------------


def test_limits_from_settings_are_applied(example_dir):
    with pytest.raises(newsfuse.ReadError, match="over the limit of 2"):
        newsfuse.read_articles(example_dir, max_articles=2)
    with pytest.raises(newsfuse.ReadError, match="over the 1,000-byte limit"):
        newsfuse.read_articles(example_dir / "harbour_courier.txt", max_file_bytes=1000)
    with pytest.raises(newsfuse.ExtractionError, match="need 100000"):
        newsfuse.read_articles(example_dir / "harbour_courier.txt", min_article_chars=100_000)


def test_brief_settings_change_the_brief(example_dir):
    base = newsfuse.brief(example_dir, fast=True)
    assert base.meta.settings == Settings(fast=True).to_dict()
    one = newsfuse.brief(example_dir, fast=True, exclusive_per_source=1)
    by_outlet = [e.to_dict()["items"] for e in one.exclusive]
    assert by_outlet and all(len(items) <= 1 for items in by_outlet)
    assert any(len(e.to_dict()["items"]) > 1 for e in base.exclusive)
    short = newsfuse.brief(example_dir, fast=True, summary_words=40)
    assert sum(len(s.text.split()) for s in short.summary) <= 40 < sum(len(s.text.split()) for s in base.summary)
    uncompressed = newsfuse.brief(example_dir, fast=True, summary_compress=False)
    assert [s.text for s in uncompressed.summary] != [s.text for s in base.summary]
    strict = newsfuse.brief(example_dir, fast=True, support_threshold_fast=0.99)
    # the threshold decides what counts as the same content: exclusives and the timeline's merged events
    assert [e.to_dict() for e in strict.exclusive] != [e.to_dict() for e in base.exclusive]
    assert [t.to_dict() for t in strict.timeline] != [t.to_dict() for t in base.timeline]
