"""A corpus index in shards: what ``factcheck index add --ray`` writes and ``check --against`` reads.

The layout is the same whether one process or fifty machines wrote it::

    INDEX/
      shards.json           {"layout": "factcheck-shards", "version": 1, "model": ..., "model_identity": ...}
      lock                  held by the one driver adding to the index
      shards/
        <name>/             one complete shard: an ordinary factcheck index (index.sqlite, index.faiss)
          manifest.json     its articles as [id, content hash] pairs, when and on which host it was written
        .tmp-<random>/      a shard being written: never read; removed by the next ``index add``

A shard is written under a temporary name and renamed into place, so readers see it whole or
not at all, and a killed writer leaves only a temporary folder. A shard's name is a hash of its
(id, content hash) pairs, so a retried task that writes the same articles lands on the same
name and is dropped rather than stored twice. An article found in several shards (a changed
version added later, or a batch cut differently after a crash) is read from the newest shard
only. Each shard's vector index is exact or HNSW by its own size (``approximate_index_above``),
and a query searches every shard and merges the neighbours by score.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import socket
import time
import uuid
from collections.abc import Iterable
from pathlib import Path

import numpy as np

from factcheck._exceptions import StoreError
from factcheck.embed import model_identity
from factcheck.settings import Settings
from factcheck.store import Store
from factcheck.types import Document

LAYOUT = "factcheck-shards"
VERSION = 1
MARKER = "shards.json"


def is_sharded(directory: Path) -> bool:
    return (Path(directory) / MARKER).is_file()


def open_index(directory: Path, settings: Settings) -> Store | ShardedStore:
    """The index at ``directory`` in whichever layout wrote it."""
    return ShardedStore(directory, settings) if is_sharded(directory) else Store(directory, settings)


# -- writing -----------------------------------------------------------------------------------
def prepare(directory: Path, settings: Settings) -> None:
    """Make ``directory`` a sharded index for this model, or check that it is one.

    Called by the driver holding the lock, so leftover temporary shards are from dead writers."""
    directory = Path(directory)
    if (directory / "index.sqlite").is_file():
        raise StoreError(
            f"{directory}: a single-process index; add to it without --ray, or give --ray a new --index directory"
        )
    marker = directory / MARKER
    if marker.is_file():
        _check_marker(directory, settings)
    else:
        (directory / "shards").mkdir(parents=True, exist_ok=True)
        _write_json(marker, {"layout": LAYOUT, "version": VERSION, "model": settings.model,
                             "model_identity": model_identity(settings)})  # fmt: skip
    for tmp in (directory / "shards").glob(".tmp-*"):
        shutil.rmtree(tmp, ignore_errors=True)


def _check_marker(directory: Path, settings: Settings) -> None:
    try:
        meta = json.loads((directory / MARKER).read_text())
    except (OSError, ValueError) as e:
        raise StoreError(f"{directory / MARKER}: not a readable sharded index ({e})") from None
    if meta.get("layout") != LAYOUT or meta.get("version") != VERSION:
        raise StoreError(f"{directory / MARKER}: sharded index layout {meta.get('version')!r}, this reads {VERSION}")
    if meta.get("model") != settings.model or meta.get("model_identity") != model_identity(settings):
        raise StoreError(
            f"{directory}: index built with model {meta.get('model')!r}, which is not the selected "
            f"{settings.model!r} (or its files changed); use --model {meta.get('model')} or a new --index directory"
        )


def stored_articles(directory: Path) -> dict[str, str]:
    """Each stored article's content hash, from the newest shard holding it (manifests only)."""
    return {aid: h for _, manifest in _manifests(Path(directory)) for aid, h in manifest["articles"]}


def shard_name(docs: Iterable[Document]) -> str:
    pairs = sorted((d.article.id, d.article.content_hash) for d in docs)
    return hashlib.sha256(json.dumps(pairs).encode()).hexdigest()[:24]


def write_shard(directory: Path, settings: Settings, docs: list[Document], vectors: list[np.ndarray]) -> str:
    """Write one shard atomically; returns its name. Writing the same articles twice is a no-op."""
    shards = Path(directory) / "shards"
    name = shard_name(docs)
    final = shards / name
    if final.is_dir():
        return name
    tmp = shards / f".tmp-{uuid.uuid4().hex}"
    store = Store(tmp, settings, create=True)
    try:
        for doc, vecs in zip(docs, vectors, strict=True):
            store.put(doc, vecs)
        store.save_faiss()
    finally:
        store.db.close()
    _write_json(
        tmp / "manifest.json",
        {
            "articles": sorted([d.article.id, d.article.content_hash] for d in docs),
            "written": time.time_ns(),
            "host": socket.gethostname(),
        },
    )
    try:
        os.rename(tmp, final)
    except OSError:  # another attempt renamed the same shard first
        shutil.rmtree(tmp, ignore_errors=True)
        if not final.is_dir():
            raise
    return name


def _write_json(path: Path, data: object) -> None:
    tmp = path.with_name(path.name + f".tmp{os.getpid()}")
    tmp.write_text(json.dumps(data))
    os.replace(tmp, path)


def _manifests(directory: Path) -> list[tuple[Path, dict]]:
    """Complete shards, oldest first, so later entries supersede earlier ones."""
    out = []
    for d in (directory / "shards").iterdir() if (directory / "shards").is_dir() else ():
        if d.name.startswith(".") or not (d / "manifest.json").is_file():
            continue
        try:
            out.append((d, json.loads((d / "manifest.json").read_text())))
        except (OSError, ValueError) as e:
            raise StoreError(f"{d / 'manifest.json'}: unreadable shard manifest ({e})") from None
    return sorted(out, key=lambda dm: (dm[1]["written"], dm[0].name))


# -- reading -----------------------------------------------------------------------------------
Handle = tuple[int, int]  # (shard number, claim rowid in that shard)


class ShardedStore:
    """The reading side of ``Store`` over every shard, giving the neighbours one index would."""

    def __init__(self, directory: Path, settings: Settings):
        self.dir = Path(directory)
        self.settings = settings
        _check_marker(self.dir, settings)
        found = _manifests(self.dir)
        if not found:
            raise StoreError(f"{self.dir}: the index is empty; add articles with: factcheck index add PATHS --ray")
        self.shards = [Store(d, settings) for d, _ in found]
        self.live: dict[str, int] = {}  # article id -> the newest shard holding it
        for number, (_, manifest) in enumerate(found):
            for aid, _h in manifest["articles"]:
                self.live[aid] = number

    def _vkeys(self, number: int, vids: list[int]) -> dict[int, bytes]:
        db = self.shards[number].db
        out: dict[int, bytes] = {}
        for i in range(0, len(vids), 500):
            chunk = vids[i : i + 500]
            marks = ",".join("?" * len(chunk))
            out.update(db.execute(f"SELECT vid, vkey FROM vectors WHERE vid IN ({marks})", chunk).fetchall())
        return out

    def neighbours(self, queries: np.ndarray, k: int) -> set[Handle]:
        """As ``Store.neighbours``: the k nearest distinct sentences over all shards (a sentence
        stored in several shards counts once), each with up to k live copies, newest first."""
        if len(queries) == 0:
            return set()
        queries = np.ascontiguousarray(queries, dtype=np.float32)
        hits: list[list[tuple[float, bytes]]] = [[] for _ in range(len(queries))]
        for number, store in enumerate(self.shards):
            index = store.faiss()
            if index.ntotal == 0:
                continue
            scores, vids = index.search(queries, min(k, index.ntotal))
            keys = self._vkeys(number, sorted({int(v) for v in vids.ravel() if v >= 0}))
            for q in range(len(queries)):
                hits[q] += [(float(s), keys[int(v)]) for s, v in zip(scores[q], vids[q], strict=True) if v >= 0]
        wanted: set[bytes] = set()
        for row in hits:
            chosen: list[bytes] = []
            for _, key in sorted(row, key=lambda sk: -sk[0]):
                if key not in chosen:
                    chosen.append(key)
                if len(chosen) == k:
                    break
            wanted.update(chosen)
        copies: dict[bytes, list[tuple[int, int]]] = {}
        keys = sorted(wanted)
        for number in reversed(range(len(self.shards))):  # newest shard first
            db = self.shards[number].db
            for i in range(0, len(keys), 500):
                chunk = keys[i : i + 500]
                rows = db.execute(
                    f"SELECT v.vkey, c.rowid, c.article_id FROM claims c JOIN vectors v ON c.vid = v.vid "
                    f"WHERE v.vkey IN ({','.join('?' * len(chunk))}) ORDER BY c.rowid DESC",
                    chunk,
                ).fetchall()
                for key, rowid, aid in rows:
                    if self.live.get(aid) == number:
                        copies.setdefault(key, []).append((number, rowid))
        return {h for found in copies.values() for h in found[:k]}

    def documents_for_claims(
        self, handles: Iterable[Handle]
    ) -> tuple[list[Document], dict[tuple[str, int], np.ndarray]]:
        by_shard: dict[int, list[int]] = {}
        for number, rowid in handles:
            by_shard.setdefault(number, []).append(rowid)
        docs: list[Document] = []
        vectors: dict[tuple[str, int], np.ndarray] = {}
        for number, rowids in by_shard.items():
            found, vecs = self.shards[number].documents_for_claims(rowids)
            for doc in found:
                if self.live.get(doc.article.id) == number:
                    docs.append(doc)
            vectors.update({key: v for key, v in vecs.items() if self.live.get(key[0]) == number})
        return sorted(docs, key=lambda d: d.article.id), vectors

    def listing(self) -> list[tuple[str, str | None, str | None, str]]:
        rows = [row for number, s in enumerate(self.shards) for row in s.listing() if self.live[row[0]] == number]
        return sorted(rows)

    def stats(self) -> dict[str, object]:
        per = [s.stats() for s in self.shards]
        size = sum(p.stat().st_size for p in self.dir.rglob("*") if p.is_file())
        return {
            "directory": str(self.dir),
            "layout": f"{LAYOUT} v{VERSION}",
            "model": per[0]["model"],
            "shards": len(self.shards),
            "articles": len(self.live),
            "claims": sum(int(p["claims"]) for p in per),  # superseded versions included
            "vectors": sum(int(p["vectors"]) for p in per),
            "bytes": size,
        }
