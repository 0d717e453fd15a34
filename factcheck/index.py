"""FAISS over claim embeddings: exact inner product for small corpora, HNSW above a size set once."""

from __future__ import annotations

import faiss
import numpy as np

from factcheck.settings import Settings


def build(vectors: np.ndarray, settings: Settings, expected: int | None = None) -> faiss.Index:
    """``expected`` sizes the index for vectors that will be added later (the stored corpus)."""
    dim = vectors.shape[1] if vectors.ndim == 2 else 384
    if (expected if expected is not None else len(vectors)) > settings.approximate_index_above:
        index = faiss.IndexHNSWFlat(dim, 32, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = 80
        index.hnsw.efSearch = 128
    else:
        index = faiss.IndexFlatIP(dim)
    if len(vectors):
        index.add(np.ascontiguousarray(vectors, dtype=np.float32))
    return index


def search(index: faiss.Index, queries: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Scores and ids of the k nearest vectors (ids are -1 where fewer exist)."""
    k = max(1, min(k, index.ntotal))
    return index.search(np.ascontiguousarray(queries, dtype=np.float32), k)
