"""What the FAISS file's content hash costs when a stored index is opened warm.

Run: ``.venv/bin/python benchmarks/faiss_open.py [--vectors N]``. Builds a store of N random unit
vectors (the default is the distinct-vector count of the 100k-article index in docs/performance.md,
which is HNSW at that size) in a temporary folder, saves its FAISS file, then opens it several times with
the file in the page cache: the whole open (read, stamp and hash check, parse), the hash alone,
and the open as it was before the hash (read, split off the stamp by copying, parse).
"""

from __future__ import annotations

import argparse
import hashlib
import tempfile
import time
from pathlib import Path

import faiss
import numpy as np

from factcheck.settings import Settings
from factcheck.store import Store, _digest


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--vectors", type=int, default=74_534)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    settings = Settings()
    rng = np.random.default_rng(0)
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp), settings, create=True)
        vectors = rng.standard_normal((args.vectors, 384)).astype(np.float32)
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        store.db.execute("BEGIN")
        for v in vectors:
            blob = v.tobytes()
            store.db.execute("INSERT INTO vectors (vkey, vec) VALUES (?, ?)", (hashlib.sha1(blob).digest(), blob))
        store.db.execute("COMMIT")
        t = time.perf_counter()
        store.save_faiss()
        built = time.perf_counter() - t
        path = Path(tmp) / "index.faiss"
        data = path.read_bytes()
        body = memoryview(data)[data.index(b"\n") + 1 :]
        opens, hashes, before = [], [], []
        for _ in range(args.repeat):
            t = time.perf_counter()
            index, _last = Store(Path(tmp), settings)._load_faiss()
            opens.append(time.perf_counter() - t)
            assert index is not None and index.ntotal == args.vectors
            t = time.perf_counter()
            _digest(body)
            hashes.append(time.perf_counter() - t)
            t = time.perf_counter()
            _head, _, old_body = path.read_bytes().partition(b"\n")
            faiss.deserialize_index(np.frombuffer(old_body, dtype=np.uint8))
            before.append(time.perf_counter() - t)
        kind = "HNSW" if args.vectors > settings.approximate_index_above else "exact"
        print(
            f"{args.vectors} vectors ({kind}), file {path.stat().st_size / 1e6:.0f} MB, built in {built:.1f} s; "
            f"warm open (best of {args.repeat}) {min(opens):.3f} s, of which the SHA-256 {min(hashes):.3f} s "
            f"({len(body) / min(hashes) / 1e9:.2f} GB/s); the open without the hash, as before, {min(before):.3f} s"
        )


if __name__ == "__main__":
    main()
