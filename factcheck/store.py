"""The corpus index on disk: SQLite for articles, claims and their vectors, plus a FAISS file.

SQLite is the source of truth; every article is committed in its own transaction, so a
killed ``index add`` loses at most the article it was writing, and the next run skips
what is already there by content hash. The FAISS file is a cache of the vectors in
SQLite. It starts with a one-line stamp: which database it was built from (a random id
made when the database was created), the highest vector id it holds and that vector's
content key, and a SHA-256 of the serialized index that follows (ids, vectors and any
HNSW graph). On open the stamp is checked against SQLite and the hash against the bytes;
the file then catches up by appending what SQLite has beyond it. A file from another or a
rebuilt database, one that disagrees with it in any way, or one whose bytes were damaged
after the stamp (vectors permuted, garbled, zeroed or cut off) is discarded and rebuilt
from SQLite, because reusing it would give wrong neighbours silently; the rebuilt file is
written back when no writer holds the lock, so the rebuild is paid once, not on every
check. Stamp and vectors are one file, replaced by one rename. One writer at a time holds
an exclusive lock on ``lock``.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import uuid
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from dataclasses import asdict, fields
from datetime import datetime
from pathlib import Path
from typing import Any

import faiss
import numpy as np

from factcheck import align, segment
from factcheck import index as faiss_index
from factcheck._exceptions import StoreError, inert
from factcheck.embed import model_identity
from factcheck.extract import READINGS, extract
from factcheck.settings import Settings
from factcheck.types import Article, DateValue, Document, Mention, NounAt, Sentence

# v3: mentions carry their article and their date typed (``Mention.date``), beside the written value.
# v4: a clock time's zone and timescale are its typed value's (``DateValue.zone``, ``timescale``); its
# ``unit`` no longer holds the zone's name or "UTC", "local", "clock".
# v5: a quantity holds where its counted noun is read (``Mention.noun_at``), not the noun's words,
# which the context stage reads there.
SCHEMA_VERSION = 5
# Older schemas whose stored articles can be read again in place, sentences unchanged.
_MIGRATIONS = frozenset({2, 3, 4})
# Vectors are stored once per distinct sentence (wire copies share one) and never deleted,
# so FAISS ids (vid) only ever grow and the FAISS file can catch up by appending.
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS documents (id TEXT PRIMARY KEY, hash TEXT NOT NULL, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS vectors (vid INTEGER PRIMARY KEY, vkey BLOB UNIQUE NOT NULL, vec BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS claims (
    rowid INTEGER PRIMARY KEY, article_id TEXT NOT NULL, sentence INTEGER NOT NULL, vid INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS claims_article ON claims(article_id);
CREATE INDEX IF NOT EXISTS claims_vid ON claims(vid);
"""


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


def article_to_json(a: Article) -> str:
    return json.dumps(_article_dict(a), ensure_ascii=False)


def article_from_dict(a: dict[str, Any]) -> Article:
    a = dict(a)
    a["published"] = datetime.fromisoformat(a["published"]) if a["published"] else None
    a["body"] = [tuple(x) for x in a["body"]]
    a["header"] = [tuple(x) for x in a["header"]]
    return Article(**a)


def _date_from_dict(d: dict[str, Any] | None) -> DateValue | None:
    if d is None:
        return None
    return DateValue(**{**d, "end": _date_from_dict(d.get("end"))})


def _noun_at_from_dict(d: dict[str, Any]) -> NounAt:
    return NounAt(**{**d, "compound": tuple(d["compound"]) if d.get("compound") is not None else None})


def doc_from_json(data: str) -> Document:
    raw = json.loads(data)
    article = article_from_dict(raw["article"])
    sentences = []
    for s in raw["sentences"]:
        mentions = tuple(
            Mention(
                **{
                    **m,
                    "date": _date_from_dict(m.get("date")),
                    "noun_at": tuple(_noun_at_from_dict(n) for n in m.get("noun_at", ())),
                }
            )
            for m in s.pop("mentions")
        )
        sentences.append(Sentence(**s, mentions=mentions))
    return Document(article, tuple(sentences))


@contextmanager
def writer_lock(directory: Path):
    """The single-writer lock of an index directory, whatever its layout: a second writer is
    refused, never allowed to interleave. filelock, not fcntl, so the module imports (and --help
    runs) on Windows too."""
    from filelock import FileLock, Timeout

    directory.mkdir(parents=True, exist_ok=True)
    lock = FileLock(directory / "lock", timeout=0)
    try:
        lock.acquire()
    except Timeout:
        raise StoreError(
            f"{directory}: another factcheck process is writing to this index; try again when it finishes"
        ) from None
    try:
        yield
    finally:
        lock.release()


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
        try:
            self.db = sqlite3.connect(self.dir / "index.sqlite", isolation_level=None)
            self.db.execute("PRAGMA journal_mode=WAL")
            # WAL with NORMAL sync: a killed process loses nothing committed (only power loss could).
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.executescript(_SCHEMA)
            self._check_meta(create)
        except sqlite3.OperationalError as e:
            if "locked" not in str(e):
                raise StoreError(f"{self.dir / 'index.sqlite'}: cannot open the index: {e}") from None
            raise StoreError(f"{self.dir}: the index is busy (another process holds it); try again") from None
        except sqlite3.DatabaseError as e:
            raise StoreError(
                f"{self.dir / 'index.sqlite'}: not a readable factcheck index ({e}); "
                f"rebuild it: rm -r {self.dir} && factcheck index add PATHS --index {self.dir}"
            ) from None
        self._faiss: faiss.Index | None = None
        self._faiss_stamp = 0

    def _meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return row[0] if row else None

    def _check_meta(self, create: bool) -> None:
        schema, model = self._meta("schema"), self._meta("model")
        if schema is None:
            if not create:
                raise StoreError(f"{self.dir}: the index is empty; add articles with: factcheck index add PATHS")
            self.db.execute(
                "INSERT INTO meta VALUES ('schema', ?), ('model', ?), ('generation', '0'), ('database', ?), "
                "('model_identity', ?), ('readings', ?)",
                (
                    str(SCHEMA_VERSION),
                    self.settings.model,
                    uuid.uuid4().hex,
                    model_identity(self.settings),
                    str(READINGS),
                ),
            )
            return
        if self._meta("database") is None:  # an index made before databases had an id
            self.db.execute("INSERT OR IGNORE INTO meta VALUES ('database', ?)", (uuid.uuid4().hex,))
        if int(schema) in _MIGRATIONS:
            self._read_again(f"index schema v{schema}")
        elif int(schema) != SCHEMA_VERSION:
            raise StoreError(
                f"{self.dir}: index schema v{schema}, this factcheck reads v{SCHEMA_VERSION}; "
                f"rebuild it: rm -r {self.dir} && factcheck index add PATHS"
            )
        elif self._meta("readings") != str(READINGS):  # none: an index made before readings had a number
            self._read_again("articles read by another factcheck version")
        if model != self.settings.model:
            raise StoreError(
                f"{self.dir}: index built with model {model!r}, but {self.settings.model!r} is "
                f"selected; use --model {model} or rebuild the index into a new --index directory"
            )
        identity = model_identity(self.settings)
        stored = self._meta("model_identity")
        if stored is None:  # an index made before models were known by their files
            self.db.execute("INSERT OR IGNORE INTO meta VALUES ('model_identity', ?)", (identity,))
        elif stored != identity:
            raise StoreError(
                f"{self.dir}: the model at {model!r} has changed since this index was built (its files "
                f"differ); rebuild the index: rm -r {self.dir} && factcheck index add PATHS --index {self.dir}"
            )

    def _read_again(self, what: str) -> None:
        """Read every stored article again with this version's extraction, in one transaction. The
        sentences and the claims among them must come out as they were stored, so that their
        vectors stay valid; if not, the index is refused with the rebuild command and left as it was."""
        with writer_lock(self.dir):
            if self._meta("schema") == str(SCHEMA_VERSION) and self._meta("readings") == str(READINGS):
                return  # another process read it again while this one waited for the lock
            self.db.execute("BEGIN IMMEDIATE")
            try:
                for article_id, data in self.db.execute("SELECT id, data FROM documents").fetchall():
                    raw = json.loads(data)
                    article = article_from_dict(raw["article"])
                    doc = extract(article, segment.segment(article), self.settings)
                    claims = {
                        r[0] for r in self.db.execute("SELECT sentence FROM claims WHERE article_id=?", (article_id,))
                    }
                    if [s.text for s in doc.sentences] != [s["text"] for s in raw["sentences"]]:
                        problem = "splits differently"
                    elif {s.index for s in doc.sentences if s.is_claim} != claims:
                        problem = "has other sentences with figures"
                    else:
                        self.db.execute("UPDATE documents SET data=? WHERE id=?", (doc_to_json(doc), article_id))
                        continue
                    raise StoreError(
                        f"{self.dir}: {what} cannot be read again by this factcheck (article "
                        f"{inert(article_id)} {problem}); "
                        f"rebuild it: rm -r {self.dir} && factcheck index add PATHS --index {self.dir}"
                    )
                self.db.execute("UPDATE meta SET value=? WHERE key='schema'", (str(SCHEMA_VERSION),))
                self.db.execute("INSERT OR REPLACE INTO meta VALUES ('readings', ?)", (str(READINGS),))
                self.db.execute("COMMIT")
            except BaseException:
                self.db.execute("ROLLBACK")
                raise

    def writing(self):
        return writer_lock(self.dir)

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
            for sent, vec in zip(claims, vectors, strict=True):
                blob = np.asarray(vec, dtype=np.float32).tobytes()
                key = hashlib.sha1(blob).digest()
                self.db.execute("INSERT OR IGNORE INTO vectors (vkey, vec) VALUES (?, ?)", (key, blob))
                (vid,) = self.db.execute("SELECT vid FROM vectors WHERE vkey=?", (key,)).fetchone()
                self.db.execute(
                    "INSERT INTO claims (article_id, sentence, vid) VALUES (?,?,?)", (doc.article.id, sent.index, vid)
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
        """Write the vector index, caught up with SQLite, with its stamp: one file, atomic by rename."""
        index = self.faiss()
        body = faiss.serialize_index(index)
        stamp = {**self._stamp(self._faiss_stamp), "sha256": _digest(body)}
        tmp = self.dir / f"index.faiss.tmp{os.getpid()}"
        with tmp.open("wb") as fh:
            fh.write(json.dumps(stamp).encode() + b"\n")
            fh.write(body)  # the array's own buffer: no second copy of a large index
        os.replace(tmp, self.dir / "index.faiss")
        (self.dir / "index.faiss.stamp").unlink(missing_ok=True)  # the separate stamp of older versions

    def _stamp(self, last_vid: int) -> dict[str, object]:
        """What ties a FAISS file to this database's content: its id, and the last vector the file holds."""
        row = self.db.execute("SELECT vkey FROM vectors WHERE vid=?", (last_vid,)).fetchone()
        (held,) = self.db.execute("SELECT COUNT(*) FROM vectors WHERE vid <= ?", (last_vid,)).fetchone()
        return {"database": self._meta("database"), "last_vid": last_vid, "last_key": row[0].hex() if row else None,
                "vectors": held}  # fmt: skip

    def _load_faiss(self) -> tuple[faiss.Index | None, int]:
        """The FAISS file when its stamp matches this database, else nothing (rebuilt from SQLite)."""
        path = self.dir / "index.faiss"
        if not path.is_file():
            return None, 0
        try:
            data = path.read_bytes()
            newline = data.index(b"\n")
            stamp = json.loads(data[:newline])
            if not isinstance(stamp, dict):
                return None, 0
            digest = stamp.pop("sha256", None)
            last = int(stamp.get("last_vid", -1))
            if stamp != self._stamp(last):
                return None, 0  # another database's file, or a database changed under it
            # The stamp alone says nothing of the bytes after it: a file whose vectors were
            # permuted or garbled under an intact stamp would load and give wrong neighbours.
            # The hash is checked before faiss parses the bytes, so a damaged header never
            # reaches the parser either. A file without one (older versions) is rebuilt once.
            body = memoryview(data)[newline + 1 :]  # a view: no copy of a large index
            if digest != _digest(body):
                return None, 0
            index = faiss.deserialize_index(np.frombuffer(body, dtype=np.uint8))
        except (RuntimeError, ValueError, TypeError, OverflowError, OSError):
            return None, 0  # unreadable, a stamp of the wrong shape, or an older layout
        if index.ntotal != stamp["vectors"]:
            return None, 0
        return index, last

    # -- reading ----------------------------------------------------------------------------------
    def faiss(self) -> faiss.Index:
        """FAISS over the distinct stored vectors (ids = vid), caught up with SQLite."""
        if self._faiss is not None:
            return self._faiss
        index, stamp = self._load_faiss()
        rejected = index is None and (self.dir / "index.faiss").is_file()
        if index is None:
            (count,) = self.db.execute("SELECT COUNT(*) FROM vectors").fetchone()
            row = self.db.execute("SELECT vec FROM vectors LIMIT 1").fetchone()
            dim = len(row[0]) // 4 if row else 384
            inner = faiss_index.build(np.zeros((0, dim), dtype=np.float32), self.settings, count)
            index = faiss.IndexIDMap2(inner)
        for start in range(stamp, 1 << 62, 50_000):
            rows = self.db.execute(
                "SELECT vid, vec FROM vectors WHERE vid > ? ORDER BY vid LIMIT 50000", (start,)
            ).fetchall()
            if not rows:
                break
            ids = np.array([r[0] for r in rows], dtype=np.int64)
            index.add_with_ids(np.stack([np.frombuffer(r[1], dtype=np.float32) for r in rows]), ids)
            stamp = int(ids[-1])
            if len(rows) < 50_000:
                break
        self._faiss, self._faiss_stamp = index, stamp
        if rejected:
            self._write_back()
        return index

    def _write_back(self) -> None:
        """Replace a rejected FAISS file with the one just rebuilt, so that a reader (``check
        --against``, or a complete shard, which no writer touches again) does not rebuild it on
        every run; an HNSW index takes far longer to build than to load. Only when the writer lock
        is free (a writer saves its own file) and the directory is writable: otherwise the rebuilt
        index is still used, just not kept."""
        try:
            with writer_lock(self.dir):
                self.save_faiss()
        except (StoreError, OSError):
            pass

    def neighbours(self, queries: np.ndarray, k: int) -> set[int]:
        """Claim rowids near each query: the k nearest distinct sentences, each with up to k copies."""
        index = self.faiss()
        if index.ntotal == 0 or len(queries) == 0:
            return set()
        _, vids = index.search(np.ascontiguousarray(queries, dtype=np.float32), min(k, index.ntotal))
        wanted = sorted({int(v) for v in vids.ravel() if v >= 0})
        out: set[int] = set()
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            rows = self.db.execute(
                f"SELECT vid, rowid FROM claims WHERE vid IN ({','.join('?' * len(chunk))}) ORDER BY rowid DESC", chunk
            ).fetchall()
            per_vid: dict[int, int] = {}
            for vid, rowid in rows:  # the most recent copies first
                if per_vid.get(vid, 0) < k:
                    per_vid[vid] = per_vid.get(vid, 0) + 1
                    out.add(rowid)
        return out

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
        for aid in sorted(article_ids):  # by id: the same order whatever the storage layout
            (data,) = self.db.execute("SELECT data FROM documents WHERE id=?", (aid,)).fetchone()
            docs.append(doc_from_json(data))
            for sent, vec in self.db.execute(
                "SELECT c.sentence, v.vec FROM claims c JOIN vectors v ON c.vid = v.vid WHERE c.article_id=?", (aid,)
            ):
                vectors[(aid, sent)] = np.frombuffer(vec, dtype=np.float32)
        return docs, vectors

    def listing(self) -> list[tuple[str, str | None, str | None, str]]:
        """Every stored article's id, title, publication date and source. Parsed in Python, not by
        SQLite's json_extract: the documents may hold NaN or Infinity, which SQLite rejects."""
        out = []
        for aid, data in self.db.execute("SELECT id, data FROM documents ORDER BY id"):
            a = json.loads(data)["article"]
            out.append((aid, a.get("title"), a.get("published"), a.get("source", "")))
        return out

    def stats(self) -> dict[str, object]:
        (articles,) = self.db.execute("SELECT COUNT(*) FROM documents").fetchone()
        (claims,) = self.db.execute("SELECT COUNT(*) FROM claims").fetchone()
        (vectors,) = self.db.execute("SELECT COUNT(*) FROM vectors").fetchone()
        size = sum(p.stat().st_size for p in self.dir.iterdir() if p.is_file())
        return {
            "directory": str(self.dir),
            "schema": SCHEMA_VERSION,
            "model": self._meta("model"),
            "articles": articles,
            "claims": claims,
            "vectors": vectors,
            "bytes": size,
            "generation": int(self._meta("generation") or 0),
        }


def _digest(body: Any) -> str:
    """What the stamp holds of the serialized index. SHA-256, not blake2b: hashlib's runs on the
    CPU's SHA instructions where there are any, the faster of the two on a warm open."""
    return hashlib.sha256(body).hexdigest()


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
