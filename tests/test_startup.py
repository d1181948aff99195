"""What a brief imports and embeds: only what its output needs (issue 22, light and fast)."""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np

from newsfuse.embed import get_embedder
from newsfuse.pipeline import DEFAULT_STAGES, SUMMARY_STAGES
from newsfuse.stages.embed import WHOLE_ROW_STAGES, make_embedder
from newsfuse.settings import Settings
from newsfuse.vectors import SentenceVectors

# Libraries no brief needs: scikit-learn, NLTK and datasketch were replaced by newsfuse.text.tfidf,
# newsfuse.text.porter and newsfuse.minhash; the rest belong to other commands (eval, serve, schema checks).
NOT_FOR_A_BRIEF = ("sklearn", "nltk", "datasketch", "sumy", "rouge_score", "matplotlib", "jsonschema", "fastapi",
                   "uvicorn", "torch")
MODELS = ("onnxruntime", "tokenizers", "spacy", "thinc")


def _loaded(code: str, packages: bool = True) -> set[str]:
    """The modules a fresh process has imported after running ``code`` (their top-level packages if ``packages``)."""
    script = code + "\nimport sys, json\nprint(json.dumps(sorted(sys.modules)))\n"
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    names = set(json.loads(out.stdout.strip().splitlines()[-1]))
    return {m.split(".")[0] for m in names} if packages else names


def test_a_fast_brief_imports_no_model_and_none_of_the_other_commands_libraries(example_dir):
    modules = _loaded(f"import newsfuse\nassert newsfuse.brief([{str(example_dir)!r}], fast=True).summary", packages=False)
    api = {m.split(".")[0] for m in modules}
    cli = _loaded(
        "import contextlib, io\nfrom newsfuse.cli import app\n"
        f"with contextlib.redirect_stdout(io.StringIO()):\n    app(['brief', {str(example_dir)!r}, '--fast'], standalone_mode=False)"
    )
    assert api & set(NOT_FOR_A_BRIEF + MODELS) == set()
    assert cli & set(NOT_FOR_A_BRIEF + MODELS) == set()
    assert "rich" not in cli  # progress bars only when stderr is a terminal
    # The summary's integer program goes to HiGHS through highspy and the TF-IDF rows are
    # newsfuse.text.sparse: no part of SciPy (scipy.optimize took half a second to import,
    # scipy.sparse a fifth of one) is loaded by a fast brief.
    assert "highspy" in api and "scipy" not in api | cli


def test_a_default_brief_imports_its_models_and_nothing_else_heavy(example_dir):
    loaded = _loaded(f"import newsfuse\nassert newsfuse.brief([{str(example_dir)!r}]).summary")
    assert {"onnxruntime", "tokenizers", "spacy"} <= loaded
    assert loaded & {"sklearn", "nltk", "datasketch", "sumy", "rouge_score", "matplotlib", "torch"} == set()


def test_started_rows_are_those_of_one_call_to_all():
    texts = ["Fire crews reached the Quay 7 warehouse at dawn.", "The harbour master closed berth four.",
             "Two boats burned.", "Smoke drifted over the old town until noon."]
    minilm = get_embedder(False)
    minilm.cache.clear()
    plain = SentenceVectors(texts, minilm).all()
    minilm.cache.clear()
    started = SentenceVectors(texts, minilm)
    started.start()
    assert not started.complete  # what a stage compares must not depend on starting early
    assert np.array_equal(started.rows([2, 0]), plain[[2, 0]])
    assert np.allclose(started.cosine(1, [3]), plain[[3]] @ plain[1])
    assert not started.complete
    assert started.all().tobytes() == plain.tobytes() and started.complete


def test_the_embed_stage_starts_every_row_only_when_a_later_stage_reads_them_all(make_cluster, example_dir):
    assert WHOLE_ROW_STAGES <= set(DEFAULT_STAGES) and not WHOLE_ROW_STAGES & set(SUMMARY_STAGES)
    cluster = make_cluster(example_dir, upto="dedup")
    brief = make_embedder(Settings(), DEFAULT_STAGES)(cluster).vectors
    summary = make_embedder(Settings(), SUMMARY_STAGES)(cluster).vectors
    assert brief._pending is not None or brief._ready is not None
    assert summary._pending is None and summary._ready is None
    fast = make_embedder(Settings(fast=True), DEFAULT_STAGES)(cluster).vectors
    assert fast._pending is None and fast.complete
