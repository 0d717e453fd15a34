"""The corpus index on disk: SQLite for articles, claims and their vectors, plus a FAISS file.

SQLite is the source of truth; every article is committed in its own transaction, so a
killed ``index add`` loses at most the article it was writing, and the next run skips
what is already there by content hash. The FAISS file is a cache of the vectors in
SQLite, stamped with the commit counter it reflects; a stale or missing file is rebuilt
from SQLite on open. One writer at a time holds an exclusive lock on ``lock``.
"""

from __future__ import annotations

import fcntl
import json
import os
import sqlite3
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from dataclasses import asdict, fields
from datetime import datetime
from pathlib import Path
from typing import Any

import faiss
import numpy as np

from factcheck import align
from factcheck import index as faiss_index
from factcheck.settings import Settings
from factcheck.types import Article, Document, Mention, Sentence

SCHEMA_VERSION = 1
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS documents (id TEXT PRIMARY KEY, hash TEXT NOT NULL, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS claims (
    rowid INTEGER PRIMARY KEY, article_id TEXT NOT NULL, sentence INTEGER NOT NULL, vec BLOB NOT NULL);
CREATE INDEX IF NOT EXISTS claims_article ON claims(article_id);
"""


class StoreError(Exception):
    """The index cannot be used as asked; the message says what to do."""


# -- (de)serialisation -----------------------------------------------------------------------------
def _article_dict(a: Article) -> dict[str, Any]:
    d = {f.name: getattr(a, f.name) for f in fields(Article) if not f.name.startswith("_")}
    d["published"] = a.published.isoformat() if a.published else None
    return d


def doc_to_json(doc: Document) -> str:
    return json.dumps(
        {
            "article": _article_dict(doc.article),
            "sentences": [asdict(s) for s in doc.sentences],
        },
        ensure_ascii=False,
    )


def doc_from_json(data: str) -> Document:
    raw = json.loads(data)
    a = raw["article"]
    a["published"] = datetime.fromisoformat(a["published"]) if a["published"] else None
    a["body"] = [tuple(x) for x in a["body"]]
    a["header"] = [tuple(x) for x in a["header"]]
    article = Article(**a)
    sentences = []
    for s in raw["sentences"]:
        mentions = [Mention(**m) for m in s.pop("mentions")]
        sentences.append(Sentence(**s, mentions=mentions))
    return Document(article, sentences)


# -- the store -----------------------------------------------------------------------------------
class Store:
    def __init__(self, directory: Path, settings: Settings, create: bool = False):
        self.dir = Path(directory)
        self.settings = settings
        if not (self.dir / "index.sqlite").is_file():
            if not create:
                raise StoreError(
                    f"{self.dir}: no factcheck index here; create one with: factcheck index add PATHS "
                    f"--index {self.dir}"
                )
            self.dir.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(self.dir / "index.sqlite", isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        # WAL with NORMAL sync: a killed process loses nothing committed (only power loss could).
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.executescript(_SCHEMA)
        self._check_meta(create)
        self._faiss: faiss.Index | None = None

    def _meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return row[0] if row else None

    def _check_meta(self, create: bool) -> None:
        schema, model = self._meta("schema"), self._meta("model")
        if schema is None:
            if not create:
                raise StoreError(f"{self.dir}: the index is empty; add articles with: factcheck index add PATHS")
            self.db.execute(
                "INSERT INTO meta VALUES ('schema', ?), ('model', ?), ('generation', '0')",
                (str(SCHEMA_VERSION), self.settings.model),
            )
            return
        if int(schema) != SCHEMA_VERSION:
            raise StoreError(
                f"{self.dir}: index schema v{schema}, this factcheck reads v{SCHEMA_VERSION}; "
                f"rebuild it: rm -r {self.dir} && factcheck index add PATHS"
            )
        if model != self.settings.model:
            raise StoreError(
                f"{self.dir}: index built with model {model!r}, but {self.settings.model!r} is "
                f"selected; use --model {model} or rebuild the index into a new --index directory"
            )

    @contextmanager
    def writing(self):
        """The single-writer lock: a second writer is refused, never allowed to interleave."""
        self.dir.mkdir(parents=True, exist_ok=True)
        fh = (self.dir / "lock").open("w")
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            fh.close()
            raise StoreError(
                f"{self.dir}: another factcheck process is writing to this index; try again when it finishes"
            ) from None
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)
            fh.close()

    # -- writing -----------------------------------------------------------------------------------
    def known_hash(self, article_id: str) -> str | None:
        row = self.db.execute("SELECT hash FROM documents WHERE id=?", (article_id,)).fetchone()
        return row[0] if row else None

    def put(self, doc: Document, vectors: np.ndarray) -> None:
        """Replace one article and its claim vectors, atomically."""
        claims = [s for s in doc.sentences if s.is_claim]
        self.db.execute("BEGIN IMMEDIATE")
        try:
            self.db.execute("DELETE FROM claims WHERE article_id=?", (doc.article.id,))
            self.db.execute(
                "INSERT OR REPLACE INTO documents VALUES (?,?,?)",
                (doc.article.id, doc.article.content_hash, doc_to_json(doc)),
            )
            self.db.executemany(
                "INSERT INTO claims (article_id, sentence, vec) VALUES (?,?,?)",
                [
                    (doc.article.id, s.index, v.astype(np.float32).tobytes())
                    for s, v in zip(claims, vectors, strict=True)
                ],
            )
            self.db.execute("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key='generation'")
            self.db.execute("COMMIT")
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self._faiss = None

    def remove(self, article_id: str) -> bool:
        self.db.execute("BEGIN IMMEDIATE")
        n = self.db.execute("DELETE FROM documents WHERE id=?", (article_id,)).rowcount
        self.db.execute("DELETE FROM claims WHERE article_id=?", (article_id,))
        self.db.execute("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key='generation'")
        self.db.execute("COMMIT")
        self._faiss = None
        return n > 0

    def save_faiss(self) -> None:
        """Write the vector index for the current generation; atomic by rename."""
        index = self.faiss()
        tmp = self.dir / f"index.faiss.tmp{os.getpid()}"
        faiss.write_index(index, str(tmp))
        os.replace(tmp, self.dir / "index.faiss")
        (self.dir / "index.faiss.generation").write_text(self._meta("generation") or "0")

    # -- reading ----------------------------------------------------------------------------------
    def faiss(self) -> faiss.Index:
        """The FAISS index over stored claims (ids = claim rowids), rebuilt if stale."""
        if self._faiss is not None:
            return self._faiss
        gen_file = self.dir / "index.faiss.generation"
        path = self.dir / "index.faiss"
        if path.is_file() and gen_file.is_file() and gen_file.read_text() == self._meta("generation"):
            self._faiss = faiss.read_index(str(path))
            return self._faiss
        rows = self.db.execute("SELECT rowid, vec FROM claims ORDER BY rowid").fetchall()
        ids = np.array([r[0] for r in rows], dtype=np.int64)
        vecs = np.stack([np.frombuffer(r[1], dtype=np.float32) for r in rows]) if rows else np.zeros((0, 384), "f4")
        inner = faiss_index.build(np.zeros((0, vecs.shape[1]), dtype=np.float32), self.settings, len(vecs))
        index = faiss.IndexIDMap2(inner)
        if len(vecs):
            index.add_with_ids(np.ascontiguousarray(vecs), ids)
        self._faiss = index
        return index

    def neighbours(self, queries: np.ndarray, k: int) -> set[int]:
        """Claim rowids of the k stored claims nearest to each query vector."""
        index = self.faiss()
        if index.ntotal == 0 or len(queries) == 0:
            return set()
        _, ids = index.search(np.ascontiguousarray(queries, dtype=np.float32), min(k, index.ntotal))
        return {int(i) for i in ids.ravel() if i >= 0}

    def documents_for_claims(self, rowids: Iterable[int]) -> tuple[list[Document], dict[tuple[str, int], np.ndarray]]:
        """The stored articles those claims belong to, and the vectors of all their claims."""
        rowids = list(rowids)
        if not rowids:
            return [], {}
        marks = ",".join("?" * len(rowids))
        article_ids = [
            r[0] for r in self.db.execute(f"SELECT DISTINCT article_id FROM claims WHERE rowid IN ({marks})", rowids)
        ]
        docs, vectors = [], {}
        for aid in article_ids:
            (data,) = self.db.execute("SELECT data FROM documents WHERE id=?", (aid,)).fetchone()
            docs.append(doc_from_json(data))
            for sent, vec in self.db.execute("SELECT sentence, vec FROM claims WHERE article_id=?", (aid,)):
                vectors[(aid, sent)] = np.frombuffer(vec, dtype=np.float32)
        return docs, vectors

    def stats(self) -> dict[str, object]:
        (articles,) = self.db.execute("SELECT COUNT(*) FROM documents").fetchone()
        (claims,) = self.db.execute("SELECT COUNT(*) FROM claims").fetchone()
        size = sum(p.stat().st_size for p in self.dir.iterdir() if p.is_file())
        return {
            "directory": str(self.dir),
            "schema": SCHEMA_VERSION,
            "model": self._meta("model"),
            "articles": articles,
            "claims": claims,
            "bytes": size,
            "generation": int(self._meta("generation") or 0),
        }

    def ids(self) -> set[str]:
        return {r[0] for r in self.db.execute("SELECT id FROM documents")}


def add(store: Store, docs: list[Document], encode: Callable[[list[str]], np.ndarray]) -> tuple[int, int, int]:
    """Store new and changed articles, skipping unchanged ones; returns (added, replaced, skipped).

    The caller holds ``store.writing()``. Claims of the whole batch are embedded together,
    then each article is committed on its own.
    """
    todo = [(d, store.known_hash(d.article.id)) for d in docs]
    todo = [(d, known) for d, known in todo if known != d.article.content_hash]
    claims = [[s for s in d.sentences if s.is_claim] for d, _ in todo]
    flat = [align.masked(s) for group in claims for s in group]
    vectors = encode(flat) if flat else np.zeros((0, 384), np.float32)
    offset = added = replaced = 0
    for (doc, known), group in zip(todo, claims, strict=True):
        store.put(doc, vectors[offset : offset + len(group)])
        offset += len(group)
        added += known is None
        replaced += known is not None
    return added, replaced, len(docs) - len(todo)
