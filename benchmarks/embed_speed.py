"""Embedding speed on new text: the default model through fused ONNX Runtime (what factcheck
runs) against the same model through torch and sentence-transformers (what it ran before).

Run: ``.venv/bin/python benchmarks/embed_speed.py [--data ../shared] [--n 1000]``. The sentences
are real and distinct (claim sentences of the ECB+ development corpus, then Kompas), nothing is
cached, both paths run in this one process one after the other, twice, and the faster pass of
each is kept because the machine is shared. It prints sentences/s, the speed ratio, and the
cosine of every ONNX vector to its torch vector.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
from parse_speed import claim_sentences

from factcheck import embed
from factcheck.settings import Settings


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default="../shared")
    ap.add_argument("--n", type=int, default=1000, help="distinct claim sentences to embed")
    args = ap.parse_args()
    shared = Path(args.data)
    texts = claim_sentences(shared, "corpora/ecbplus-dev/t*")
    texts += claim_sentences(shared, "corpora/kompas-2014-oil/articles.jsonl")
    texts = [embed.QUERY_PROMPT + t for t in dict.fromkeys(texts)][: args.n]
    settings = Settings()
    path = embed.build_default_model(embed.default_model_dir(settings))
    embed.build_onnx(path)
    threads = len(os.sched_getaffinity(0))
    import torch

    torch.set_num_threads(threads)
    reference = embed.load_sentence_transformer(settings)
    fast = embed.OnnxEncoder(path, streams=1, batch=1)
    streams = embed.OnnxEncoder(path, streams=threads)
    graph = "onnx runtime, fused (int8 products, fp32 attention, int8 word table)"
    runs = {
        "torch fp32 (sentence-transformers)": lambda: np.asarray(
            reference.encode(texts, batch_size=64, normalize_embeddings=True), dtype=np.float32
        ),
        f"{graph}, one sentence at a time on {threads} threads": lambda: fast.encode(texts),
        f"{graph}, batches of {streams.batch} on {threads} streams (factcheck)": lambda: streams.encode(texts),
    }
    rates, vectors = {}, {}
    for _ in range(2):
        for name, run in runs.items():
            t = time.perf_counter()
            vectors[name] = run()
            rates[name] = max(rates.get(name, 0.0), len(texts) / (time.perf_counter() - t))
    torch_name, onnx_name, streams_name = runs
    cos = (vectors[torch_name] * vectors[onnx_name]).sum(axis=1)
    cos_streams = (vectors[torch_name] * vectors[streams_name]).sum(axis=1)
    result = {
        "sentences": len(texts),
        "threads": threads,
        "per_second": {k: round(v, 1) for k, v in rates.items()},
        "speedup": round(rates[onnx_name] / rates[torch_name], 2),
        "cosine_min": round(float(cos.min()), 4),
        "cosine_mean": round(float(cos.mean()), 4),
        "streams_speedup_over_onnx": round(rates[streams_name] / rates[onnx_name], 2),
        "streams_cosine_min": round(float(cos_streams.min()), 4),
    }
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
