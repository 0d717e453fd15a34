"""The corpus index: incremental adds, checks against it, crash safety, locking, mismatches."""

import hashlib
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import faiss
import numpy as np
import pytest
from typer.testing import CliRunner

from conftest import SEEDS
from factcheck import context, shards
from factcheck.cli import app
from factcheck.extract import READINGS
from factcheck.pipeline import Pipeline
from factcheck.settings import Settings
from factcheck.store import SCHEMA_VERSION, Store, StoreError, doc_from_json

runner = CliRunner()
OLD = ["000_4967af7503ada9df", "001_9c897c46e55408f5", "003_42152cb5f7c46a69", "004_930d5166ed0ab97b"]
NEW = SEEDS / "002_67e3d4a227abfabd.txt"


def _add(index: Path, *paths: Path) -> str:
    result = runner.invoke(app, ["index", "add", *map(str, paths), "--index", str(index), "--quiet"])
    assert result.exit_code == 0, result.output
    return result.output


def test_add_skips_unchanged_and_replaces_changed(tmp_path):
    index = tmp_path / "idx"
    assert "4 added" in _add(index, *(SEEDS / f"{i}.txt" for i in OLD))
    again = runner.invoke(app, ["index", "add", *(str(SEEDS / f"{i}.txt") for i in OLD), "--index", str(index)])
    assert again.exit_code == 0 and again.output.count("added") == 1  # the counts, once
    assert "0 added, 0 replaced, 4 unchanged" in again.output
    changed = tmp_path / f"{OLD[0]}.txt"
    changed.write_text((SEEDS / f"{OLD[0]}.txt").read_text().replace("dua resolusi", "tiga resolusi"))
    assert "0 added, 1 replaced, 0 unchanged" in _add(index, changed)
    stats = Store(index, Settings()).stats()
    assert stats["articles"] == 4


def test_check_against_index_finds_the_weekday_and_embeds_only_the_new_article(tmp_path, settings):
    index = tmp_path / "idx"
    _add(index, *(SEEDS / f"{i}.txt" for i in OLD))
    fresh = Settings(cache_dir=str(tmp_path / "cache"))  # an empty embedding cache: every embedding counts
    pipe = Pipeline(fresh)
    report = pipe.check([str(NEW)], against=index)
    new_claims = sum(1 for s in report.documents[0].sentences if s.is_claim)
    assert pipe.embedder.embedded == new_claims
    kinds = sorted(d.kind for d in report.discrepancies if "14/8/2023" in d.claims[0].mention)
    assert kinds == ["date", "weekday"]  # the same findings as checking all five together
    assert [d.article.id for d in report.documents] == [NEW.stem]
    # The HTML report lists the stored article the date finding cites, with its title.
    from factcheck.report_html import to_html

    cited = {c.article for d in report.discrepancies for c in d.claims} - {NEW.stem}
    page = to_html(report)
    assert cited and all(f"<tr><td>{i} (stored)</td>" in page for i in cited)


def test_remove_and_stats(tmp_path):
    index = tmp_path / "idx"
    _add(index, *(SEEDS / f"{i}.txt" for i in OLD))
    assert runner.invoke(app, ["index", "remove", OLD[0], "--index", str(index)]).exit_code == 0
    result = runner.invoke(app, ["index", "stats", "--index", str(index)])
    assert "articles: 3" in result.output
    partial = runner.invoke(app, ["index", "remove", OLD[1], "nope", "--index", str(index)])
    assert partial.exit_code == 2
    assert "removed 1 article" in partial.output and "not in the index, so not removed: nope" in partial.output
    listed = runner.invoke(app, ["index", "list", "--index", str(index)])
    assert listed.exit_code == 0 and listed.output.strip().endswith("2 articles")
    assert OLD[2] in listed.output and OLD[1] not in listed.output and "2023-09" in listed.output


def test_a_second_writer_is_refused(tmp_path):
    index = tmp_path / "idx"
    _add(index, SEEDS / f"{OLD[0]}.txt")
    store = Store(index, Settings())
    with store.writing():
        result = runner.invoke(app, ["index", "add", str(SEEDS / f"{OLD[1]}.txt"), "--index", str(index)])
    assert result.exit_code == 2
    assert "another factcheck process is writing to this index" in result.output


def test_model_and_schema_mismatch_are_clear_errors(tmp_path):
    index = tmp_path / "idx"
    _add(index, SEEDS / f"{OLD[0]}.txt")
    with pytest.raises(StoreError, match="built with model 'multilingual-e5-small'"):
        Store(index, Settings(model="some/other-model"))
    db = sqlite3.connect(index / "index.sqlite")
    db.execute("UPDATE meta SET value=? WHERE key='schema'", (str(SCHEMA_VERSION + 1),))
    db.commit()
    result = runner.invoke(app, ["check", str(NEW), "--against", str(index)])
    assert result.exit_code == 2 and "rebuild it" in result.output
    assert runner.invoke(app, ["check", str(NEW), "--against", str(tmp_path / "none")]).exit_code == 2


def _articles(folder: Path, n: int) -> list[Path]:
    folder.mkdir()
    out = []
    for i in range(n):
        p = folder / f"a{i:03d}.md"
        p.write_text(
            f"---\nid: a{i:03d}\npublished: 2024-01-{1 + i % 28:02d}\nlang: id\n---\n"
            f"Banjir merendam {i + 3} desa di Kabupaten Contoh pada Senin ({1 + i % 28}/1/2024) pagi.\n\n"
            f"Sebanyak {100 + i} warga mengungsi ke {i + 2} titik pengungsian, kata petugas BPBD setempat.\n"
        )
        out.append(p)
    return out


def _stamp(index: Path) -> dict:
    return json.loads((index / "index.faiss").read_bytes().split(b"\n", 1)[0])


def _consistent(index: Path) -> int:
    db = sqlite3.connect(index / "index.sqlite")
    (docs,) = db.execute("SELECT COUNT(*) FROM documents").fetchone()
    (orphans,) = db.execute("SELECT COUNT(*) FROM claims WHERE article_id NOT IN (SELECT id FROM documents)").fetchone()
    assert orphans == 0
    (dangling,) = db.execute("SELECT COUNT(*) FROM claims WHERE vid NOT IN (SELECT vid FROM vectors)").fetchone()
    assert dangling == 0
    (vectors,) = db.execute("SELECT COUNT(*) FROM vectors").fetchone()
    assert Store(index, Settings()).faiss().ntotal == vectors
    return docs


@pytest.mark.parametrize("kill_after", [1, 5, 12])
def test_sigkill_mid_add_leaves_a_usable_index(tmp_path, kill_after):
    paths = _articles(tmp_path / "articles", 40)
    index = tmp_path / "idx"
    cmd = [sys.executable, "-m", "factcheck", "index", "add", str(tmp_path / "articles"), "--index", str(index), "-q"]
    proc = subprocess.Popen(cmd, env=os.environ.copy())
    deadline = time.time() + 120
    while time.time() < deadline and proc.poll() is None:
        try:
            row = (
                sqlite3.connect(index / "index.sqlite", timeout=0.1)
                .execute("SELECT value FROM meta WHERE key='generation'")
                .fetchone()
            )
        except sqlite3.Error:
            row = None
        if row and int(row[0]) >= kill_after:
            proc.send_signal(signal.SIGKILL)
            break
        time.sleep(0.005)
    proc.wait(timeout=60)
    committed = _consistent(index)
    assert committed >= kill_after
    result = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert _consistent(index) == len(paths)
    report = json.loads(
        subprocess.run(
            [sys.executable, "-m", "factcheck", "index", "stats", "--index", str(index)],
            capture_output=True,
            text=True,
            check=True,
        )
        .stdout.split("articles:")[1]
        .split()[0]
    )
    assert report == len(paths)


def test_copies_share_a_vector_and_the_faiss_file_grows_by_appending(tmp_path):
    index = tmp_path / "idx"
    first = _articles(tmp_path / "one", 3)
    copy = tmp_path / "copy.md"  # a wire copy of the first article under another id
    copy.write_text(first[0].read_text().replace("id: a000", "id: copy"))
    _add(index, *first, copy)
    db = sqlite3.connect(index / "index.sqlite")
    (claims,) = db.execute("SELECT COUNT(*) FROM claims").fetchone()
    (vectors,) = db.execute("SELECT COUNT(*) FROM vectors").fetchone()
    assert vectors < claims  # the copy's sentences reuse the first article's vectors
    stamp = _stamp(index)["last_vid"]
    more = tmp_path / "two"
    more.mkdir()
    (more / "b.md").write_text(
        "---\nid: b\npublished: 2024-02-01\nlang: id\n---\n"
        "Longsor menimbun 12 rumah di Desa Lain pada Kamis (1/2/2024) malam, kata petugas BPBD setempat.\n"
    )
    _add(index, more / "b.md")
    assert _stamp(index)["last_vid"] > stamp
    assert _consistent(index) == 5


def _neighbours_are_the_stored_vectors(index: Path) -> None:
    """Every FAISS id maps back to exactly the vector SQLite holds under it."""
    store = Store(index, Settings())
    faiss_index = store.faiss()
    for vid, blob in store.db.execute("SELECT vid, vec FROM vectors"):
        assert (faiss_index.reconstruct(vid) == np.frombuffer(blob, dtype=np.float32)).all()


STALE = [
    # (what, how the database is changed under a FAISS file that was written for it)
    ("index.sqlite deleted and rebuilt with other articles", "rebuild"),
    ("index.sqlite truncated to nothing and rebuilt", "truncate"),
    ("the FAISS file swapped in from another index", "swap"),
    ("the FAISS file cut short", "cut"),
    ("the FAISS file's stamp garbled", "garble"),
]


@pytest.mark.parametrize(("what", "how"), STALE, ids=[r[0] for r in STALE])
def test_a_stale_faiss_file_is_never_reused(tmp_path, what, how):
    index = tmp_path / "idx"
    _add(index, *(SEEDS / f"{i}.txt" for i in OLD))
    stale = (index / "index.faiss").read_bytes()
    if how == "swap":
        other = tmp_path / "other"
        _add(other, SEEDS / f"{OLD[0]}.txt", NEW)
        (index / "index.faiss").write_bytes((other / "index.faiss").read_bytes())
    elif how == "cut":
        (index / "index.faiss").write_bytes(stale[: len(stale) // 2])
    elif how == "garble":
        (index / "index.faiss").write_bytes(b"{not json\n" + stale.split(b"\n", 1)[1])
    else:
        for f in index.glob("index.sqlite-*"):
            f.unlink()  # WAL and shared memory (truncating the mmapped -shm would crash this process)
        db = index / "index.sqlite"
        db.unlink()  # a new inode: this process still holds the old one's locks
        if how == "truncate":
            db.write_bytes(b"")
        _add(index, NEW)  # fewer vectors, ids restart at 1
        (index / "index.faiss").write_bytes(stale)
    _neighbours_are_the_stored_vectors(index)


def _vector_block(body: bytes) -> tuple[int, int, int]:
    """Where the vectors sit in a serialized IDMap(flat) index: byte offset, count, dimension."""
    outer = faiss.deserialize_index(np.frombuffer(body, dtype=np.uint8))
    inner = faiss.downcast_index(outer.index)  # owned by outer, which must outlive it
    codes = faiss.vector_to_array(inner.codes).tobytes()
    assert body.count(codes) == 1
    return body.index(codes), inner.ntotal, inner.d


def _rewrite_vectors(body: bytes, change) -> bytes:
    at, n, dim = _vector_block(body)
    vectors = np.frombuffer(body, dtype=np.float32, count=n * dim, offset=at).reshape(n, dim)
    return body[:at] + np.ascontiguousarray(change(vectors), dtype=np.float32).tobytes() + body[at + n * dim * 4 :]


def _garble(body: bytes) -> bytes:
    at, n, dim = _vector_block(body)
    middle = at + n * dim * 2
    return body[:middle] + bytes(b ^ 0x5A for b in body[middle : middle + 64]) + body[middle + 64 :]


def _permute(body: bytes) -> bytes:
    return _rewrite_vectors(body, lambda v: np.roll(v, 1, axis=0))


DAMAGED = [
    # (what, how the bytes after an intact stamp line are damaged, the index layout)
    ("vectors permuted", _permute, "single"),
    ("vectors garbled", _garble, "single"),
    ("truncated after the stamp", lambda body: b"", "single"),
    ("vectors zeroed", lambda body: _rewrite_vectors(body, np.zeros_like), "single"),
    ("the index header's dimension garbled", lambda body: body[:4] + (1000).to_bytes(4, "little") + body[8:], "single"),
    ("vectors permuted in a shard written by --ray", _permute, "sharded"),
]


def _sharded(index: Path, settings: Settings) -> Path:
    """A one-shard index as ``index add --ray`` writes it, without Ray: the shard is what matters."""
    shards.prepare(index, settings)
    docs = Pipeline(settings).documents([str(SEEDS / f"{i}.txt") for i in OLD])
    rng = np.random.default_rng(0)
    vectors = [rng.standard_normal((sum(s.is_claim for s in d.sentences), 384)).astype(np.float32) for d in docs]
    return index / "shards" / shards.write_shard(index, settings, docs, vectors)


@pytest.mark.parametrize(("what", "damage", "layout"), DAMAGED, ids=[r[0] for r in DAMAGED])
def test_a_faiss_file_damaged_under_an_intact_stamp_is_rebuilt(tmp_path, settings, what, damage, layout):
    index = tmp_path / "idx"
    if layout == "single":
        _add(index, *(SEEDS / f"{i}.txt" for i in OLD))
        where = index
    else:
        where = _sharded(index, settings)
    head, body = (where / "index.faiss").read_bytes().split(b"\n", 1)
    damaged = damage(body)
    assert damaged != body
    (where / "index.faiss").write_bytes(head + b"\n" + damaged)
    store = shards.open_index(index, settings)  # as check --against opens it
    for one in store.shards if layout == "sharded" else [store]:
        faiss_index = one.faiss()
        for vid, blob in one.db.execute("SELECT vid, vec FROM vectors"):
            assert (faiss_index.reconstruct(vid) == np.frombuffer(blob, dtype=np.float32)).all()
    # The reader wrote the rebuilt file back, so the next open loads it instead of rebuilding.
    head, body = (where / "index.faiss").read_bytes().split(b"\n", 1)
    assert json.loads(head)["sha256"] == hashlib.sha256(body).hexdigest()
    assert Store(where, settings)._load_faiss()[0] is not None


CORRUPT = [
    # (what, the bytes index.sqlite is left with)
    ("garbage where the database was", lambda db: b"this is not sqlite" * 100),
    ("a database cut short mid-page", lambda db: db[:1500]),
    ("a database cut to half its pages", lambda db: db[: len(db) // 2 // 4096 * 4096]),
]


@pytest.mark.parametrize(("what", "damage"), CORRUPT, ids=[r[0] for r in CORRUPT])
def test_a_corrupt_database_is_a_clear_error(tmp_path, what, damage):
    index = tmp_path / "idx"
    _add(index, *(SEEDS / f"{i}.txt" for i in OLD))
    db = index / "index.sqlite"
    Store(index, Settings()).db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = db.read_bytes()
    for f in index.glob("index.sqlite-*"):
        f.unlink()
    db.unlink()
    db.write_bytes(damage(data))
    # A new process, as a user's next command would be (this one keeps the old file open).
    for args in (["index", "stats", "--index"], ["check", str(NEW), "--against"]):
        run = subprocess.run([sys.executable, "-m", "factcheck", *args, str(index)], capture_output=True, text=True)
        assert run.returncode == 2, run.stderr
        assert "index.sqlite: not a readable factcheck index" in run.stderr and "Traceback" not in run.stderr


def _stored(index: Path) -> tuple[dict[str, str], dict[str, object]]:
    """The index's meta and its documents, parsed."""
    db = sqlite3.connect(index / "index.sqlite")
    meta = dict(db.execute("SELECT key, value FROM meta").fetchall())
    docs = {k: json.loads(v) for k, v in db.execute("SELECT id, data FROM documents").fetchall()}
    db.close()
    return meta, docs


def _as_v2(index: Path, change_text: bool = False) -> dict[str, str]:
    """Turn a fresh index into what factcheck wrote at schema v2: mentions without their article
    and typed date. Returns the documents as they were at v3."""
    db = sqlite3.connect(index / "index.sqlite")
    before = dict(db.execute("SELECT id, data FROM documents").fetchall())
    for article_id, data in before.items():
        raw = json.loads(data)
        for s in raw["sentences"]:
            for m in s["mentions"]:
                del m["date"], m["article_id"]
        if change_text:
            raw["article"]["text"] = raw["article"]["text"].replace(". ", ".\n\n", 1)
        db.execute("UPDATE documents SET data=? WHERE id=?", (json.dumps(raw, ensure_ascii=False), article_id))
    db.execute("UPDATE meta SET value='2' WHERE key='schema'")
    db.commit()
    db.close()
    return before


def test_a_v2_index_is_read_again_in_place(tmp_path):
    index = tmp_path / "idx"
    _add(index, *(SEEDS / f"{n}.txt" for n in OLD))
    before = _as_v2(index)
    result = runner.invoke(app, ["check", str(NEW), "--against", str(index), "-q", "--fail-on", "none"])
    assert result.exit_code == 0, result.output
    assert "14/8/2023" in result.output or "Kamis" in result.output
    meta, after = _stored(index)
    assert meta["schema"] == str(SCHEMA_VERSION)
    assert after == {k: json.loads(v) for k, v in before.items()}


def test_a_v3_index_is_read_again_in_place(tmp_path):
    """A v3 index held a clock time's zone, then its timescale, in the mention's unit ("UTC"); read
    again in place, its times carry the zone in their typed value and no unit, as a fresh index."""
    article = tmp_path / "gempa.txt"
    article.write_text(
        "Gempa mengguncang Cianjur pada Senin (6/8/2012).\n\nWarga keluar rumah sekitar pukul 07.00 WIB.\n"
    )
    index = tmp_path / "idx"
    _add(index, article)
    db = sqlite3.connect(index / "index.sqlite")
    before = dict(db.execute("SELECT id, data FROM documents").fetchall())
    times = 0
    for article_id, data in before.items():
        raw = json.loads(data)
        for s in raw["sentences"]:
            for m in s["mentions"]:
                if m["kind"] == "time":
                    assert m["unit"] is None and m["date"]["zone"] == 7
                    m["unit"], times = "UTC", times + 1
        db.execute("UPDATE documents SET data=? WHERE id=?", (json.dumps(raw, ensure_ascii=False), article_id))
    db.execute("UPDATE meta SET value='3' WHERE key='schema'")
    db.commit()
    db.close()
    assert times == 1
    Store(index, Settings())
    meta, after = _stored(index)
    assert meta["schema"] == str(SCHEMA_VERSION)
    assert after == {k: json.loads(v) for k, v in before.items()}


def test_a_v4_index_is_read_again_in_place(tmp_path):
    """A v4 index held each quantity's counted noun as words ("noun"), read at extraction; read
    again in place, its mentions hold where the noun is read (``Mention.noun_at``), as a fresh
    index, and the context stage reads the same words there."""
    index = tmp_path / "idx"
    _add(index, *(SEEDS / f"{n}.txt" for n in OLD))
    db = sqlite3.connect(index / "index.sqlite")
    before = dict(db.execute("SELECT id, data FROM documents").fetchall())
    nouns = 0
    for article_id, data in before.items():
        doc, raw = doc_from_json(data), json.loads(data)
        for sentence, stored in zip(doc.sentences, raw["sentences"], strict=True):
            for m, m_raw in zip(sentence.mentions, stored["mentions"], strict=True):
                del m_raw["noun_at"]
                m_raw["noun"] = context.noun(sentence, m, doc.article.language)
                nouns += m_raw["noun"] is not None
        db.execute("UPDATE documents SET data=? WHERE id=?", (json.dumps(raw, ensure_ascii=False), article_id))
    db.execute("UPDATE meta SET value='4' WHERE key='schema'")
    db.commit()
    db.close()
    assert nouns  # "enam uji coba nuklir", "dua resolusi"
    Store(index, Settings())
    meta, after = _stored(index)
    assert meta["schema"] == str(SCHEMA_VERSION)
    assert after == {k: json.loads(v) for k, v in before.items()}


def _read_by_an_older_factcheck(index: Path, claims_lost: bool = False) -> dict[str, str]:
    """Turn a fresh index into one an older extraction wrote: no readings number, and one figure
    read otherwise ("5-foot" where today reads "5-foot-8"). Returns the documents as read today."""
    db = sqlite3.connect(index / "index.sqlite")
    before = dict(db.execute("SELECT id, data FROM documents").fetchall())
    article_id, data = next(iter(before.items()))
    raw = json.loads(data)
    m = next(m for s in raw["sentences"] for m in s["mentions"])
    m["text"], m["end"] = m["text"][:-1], m["end"] - 1
    db.execute("UPDATE documents SET data=? WHERE id=?", (json.dumps(raw, ensure_ascii=False), article_id))
    db.execute("DELETE FROM meta WHERE key='readings'")
    if claims_lost:
        db.execute("DELETE FROM claims WHERE rowid = (SELECT MIN(rowid) FROM claims)")
    db.commit()
    db.close()
    return before


def test_an_index_read_by_an_older_factcheck_is_read_again_in_place(tmp_path):
    """Stored articles keep the readings of the factcheck that added them; read alongside new
    articles read by today's, one text read two ways would disagree with itself."""
    index = tmp_path / "idx"
    _add(index, *(SEEDS / f"{n}.txt" for n in OLD))
    before = _read_by_an_older_factcheck(index)
    Store(index, Settings())
    meta, after = _stored(index)
    assert meta["readings"] == str(READINGS)
    assert after == {k: json.loads(v) for k, v in before.items()}


@pytest.mark.parametrize(
    ("tamper", "problem", "key", "left"),
    [
        (lambda index: _as_v2(index, change_text=True), "splits differently", "schema", "2"),
        (
            lambda index: _read_by_an_older_factcheck(index, claims_lost=True),
            "other sentences with figures",
            "readings",
            None,
        ),
    ],
)
def test_an_index_that_cannot_be_read_again_asks_for_a_rebuild(tmp_path, tamper, problem, key, left):
    index = tmp_path / "idx"
    _add(index, *(SEEDS / f"{n}.txt" for n in OLD))
    tamper(index)
    with pytest.raises(StoreError, match=rf"{problem}.*rebuild it"):
        Store(index, Settings())
    assert _stored(index)[0].get(key) == left  # nothing half-written
