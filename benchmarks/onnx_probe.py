"""Issue 11's first lever, measured: the default model through ONNX Runtime, fp32 and int8.

Not part of factcheck yet (onnxruntime is not a dependency). Run:

    .venv/bin/pip install onnxruntime==1.30.0 onnx
    .venv/bin/python benchmarks/onnx_probe.py [--data ../shared] [--work /tmp/onnx]

It exports the built default model (``factcheck model install`` first) with eager attention,
runs ONNX Runtime's transformer optimizer, quantises dynamically to int8 (all weights per tensor,
and MatMul weights only per channel), then embeds 600 distinct ECB+ claim sentences with torch
(sentence-transformers, as factcheck does today) and with each ONNX model, on 2 threads, sorted
by length, batches of 64. It prints sentences/s (best of two passes) and the cosine of each
vector to torch's.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
import torch

sys.path.insert(0, str(Path(__file__).parent))
from parse_speed import claim_sentences

from factcheck.embed import QUERY_PROMPT, default_model_dir
from factcheck.settings import Settings


def export(model_dir: Path, work: Path) -> dict[str, Path]:
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from onnxruntime.transformers import optimizer
    from transformers import AutoModel, AutoTokenizer

    work.mkdir(parents=True, exist_ok=True)
    tok = AutoTokenizer.from_pretrained(model_dir)
    model = AutoModel.from_pretrained(model_dir, attn_implementation="eager").eval()

    class Hidden(torch.nn.Module):
        def __init__(self, m: torch.nn.Module):
            super().__init__()
            self.m = m

        def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
            return self.m(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state

    enc = tok(["query: Gempa magnitudo 5,6 mengguncang Cianjur."], return_tensors="pt")
    raw = work / "model.onnx"
    axes = {0: "batch", 1: "tokens"}
    with torch.no_grad():
        torch.onnx.export(
            Hidden(model),
            (enc["input_ids"], enc["attention_mask"]),
            str(raw),
            input_names=["input_ids", "attention_mask"],
            output_names=["hidden"],
            dynamic_axes={"input_ids": axes, "attention_mask": axes, "hidden": axes},
            opset_version=17,
            dynamo=False,
        )
    opt = work / "model-opt.onnx"
    optimized = optimizer.optimize_model(str(raw), model_type="bert", num_heads=12, hidden_size=384, opt_level=1)
    print("fused operators:", {k: v for k, v in optimized.get_fused_operator_statistics().items() if v})
    optimized.save_model_to_file(str(opt))
    fp = {"DefaultTensorType": onnx.TensorProto.FLOAT}
    int8 = work / "model-int8.onnx"
    quantize_dynamic(str(opt), str(int8), weight_type=QuantType.QInt8, extra_options=fp)
    int8pc = work / "model-int8-matmul-per-channel.onnx"
    quantize_dynamic(
        str(opt), str(int8pc), weight_type=QuantType.QInt8, per_channel=True, op_types_to_quantize=["MatMul"],
        extra_options=fp,
    )  # fmt: skip
    return {"ort fp32 (optimized)": opt, "ort int8": int8, "ort int8, MatMul per channel": int8pc}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data", default="../shared")
    ap.add_argument("--work", default="/tmp/onnx")
    args = ap.parse_args()
    import onnxruntime as ort
    from sentence_transformers import SentenceTransformer
    from transformers import AutoTokenizer

    torch.set_num_threads(2)
    model_dir = default_model_dir(Settings())
    if not model_dir.is_dir():
        sys.exit(f"{model_dir}: build the default model first: factcheck model install")
    models = export(model_dir, Path(args.work))
    sentences = claim_sentences(Path(args.data), "corpora/ecbplus-dev/t*")[:600]
    texts = sorted((QUERY_PROMPT + t for t in sentences), key=len)
    tok = AutoTokenizer.from_pretrained(model_dir)
    st = SentenceTransformer(str(model_dir), device="cpu")

    def torch_run() -> np.ndarray:
        return st.encode(texts, batch_size=64, normalize_embeddings=True, convert_to_numpy=True)

    def ort_run(path: Path):
        so = ort.SessionOptions()
        so.intra_op_num_threads, so.inter_op_num_threads = 2, 1
        sess = ort.InferenceSession(str(path), so, providers=["CPUExecutionProvider"])

        def run() -> np.ndarray:
            out = []
            for i in range(0, len(texts), 64):
                enc = tok(texts[i : i + 64], padding=True, truncation=True, max_length=256, return_tensors="np")
                feed = {k: enc[k].astype(np.int64) for k in ("input_ids", "attention_mask")}
                hidden = sess.run(None, feed)[0]
                mask = enc["attention_mask"][..., None].astype(np.float32)
                v = (hidden * mask).sum(1) / mask.sum(1)
                out.append(v / np.linalg.norm(v, axis=1, keepdims=True))
            return np.vstack(out)

        return run

    reference = torch_run()
    for name, run in [("torch fp32 (today)", torch_run), *((n, ort_run(p)) for n, p in models.items())]:
        run()
        best = min(_timed(run) for _ in range(2))
        cos = (run() * reference).sum(1)
        rate = len(texts) / best
        print(f"{name}: {rate:.0f} sentences/s; cosine to torch min {cos.min():.4f}, mean {cos.mean():.4f}")


def _timed(run) -> float:
    t = time.perf_counter()
    run()
    return time.perf_counter() - t


if __name__ == "__main__":
    main()
