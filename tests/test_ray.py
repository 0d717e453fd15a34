"""`index add --ray`: the same findings as the single-process index, and nothing lost or stored
twice when a worker or the whole run is killed. Runs on a local Ray started by the tests."""

import json
import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from conftest import ROOT, SEEDS
from factcheck.cli import app
from factcheck.pipeline import Pipeline
from factcheck.settings import Settings
from factcheck.store import Store

try:
    import ray
except ImportError:  # the extra is optional for users, but CI installs it and must not skip
    if os.environ.get("CI"):
        raise
    pytest.skip("Ray is not installed (pip install 'factcheck[ray]')", allow_module_level=True)

from factcheck import distributed, shards

pytestmark = pytest.mark.slow

runner = CliRunner()
ECB = ROOT.parent / "shared" / "corpora" / "ecbplus-dev"
OLD = ["000_4967af7503ada9df", "001_9c897c46e55408f5", "003_42152cb5f7c46a69", "004_930d5166ed0ab97b"]
NEW = SEEDS / "002_67e3d4a227abfabd.txt"


@pytest.fixture(scope="module")
def local_ray():
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    yield
    ray.shutdown()


def _ecb(n: int) -> list[Path]:
    if not ECB.is_dir():
        pytest.skip("needs ../shared/corpora/ecbplus-dev")
    return sorted(ECB.glob("t1[0-3]_ecb*/*.txt"))[:n]


def _findings(report) -> list[tuple]:
    return sorted(
        (d.kind, d.severity, tuple((c.article, c.mention, c.sentence) for c in d.claims)) for d in report.discrepancies
    )


def _live(index: Path) -> dict[str, int]:
    """Article id -> how many complete shards hold it."""
    count: dict[str, int] = {}
    for manifest in (index / "shards").glob("*/manifest.json"):
        for aid, _ in json.loads(manifest.read_text())["articles"]:
            count[aid] = count.get(aid, 0) + 1
    return count


@pytest.mark.parametrize("shard_articles", [1, 3, 2000])
def test_sharded_index_gives_the_single_process_findings(tmp_path, local_ray, shard_articles):
    stored = [SEEDS / f"{i}.txt" for i in OLD] + _ecb(12)[2:]
    new = [NEW, *_ecb(2)]
    single, sharded = tmp_path / "single", tmp_path / "sharded"
    st = Settings(shard_articles=shard_articles)
    pipe = Pipeline(st)
    pipe.index_add([str(p) for p in stored], single)
    added = distributed.index_add([str(p) for p in stored], sharded, st, quiet=True)
    assert added == (len(stored), 0, 0)
    assert len(list((sharded / "shards").iterdir())) == -(-len(stored) // shard_articles)
    expected = pipe.check([str(p) for p in new], against=single)
    got = pipe.check([str(p) for p in new], against=sharded)
    assert _findings(expected) and _findings(got) == _findings(expected)
    assert {"date", "weekday"} <= {d.kind for d in got.discrepancies}
    assert [d.article.id for d in got.documents] == [d.article.id for d in expected.documents]


def test_rerun_skips_stored_articles_and_a_changed_one_supersedes_its_old_shard(tmp_path, local_ray):
    index = tmp_path / "idx"
    st = Settings()
    assert distributed.index_add([str(SEEDS / f"{i}.txt") for i in OLD], index, st, quiet=True) == (4, 0, 0)
    changed = tmp_path / f"{OLD[0]}.txt"
    changed.write_text((SEEDS / f"{OLD[0]}.txt").read_text().replace("dua resolusi", "tiga resolusi"))
    (index / "shards" / ".tmp-deadwriter").mkdir()  # what a killed writer leaves
    assert distributed.index_add([str(changed), str(NEW)], index, st, quiet=True) == (1, 1, 0)
    assert not (index / "shards" / ".tmp-deadwriter").exists()
    assert _live(index)[OLD[0]] == 2  # both versions are on disk; the reader takes the newer
    store = shards.open_index(index, st)
    assert store.stats()["articles"] == 5
    every = {(n, r) for n, s in enumerate(store.shards) for (r,) in s.db.execute("SELECT rowid FROM claims")}
    text = {d.article.id: d.article.text for d in store.documents_for_claims(every)[0]}
    assert "tiga resolusi" in text[OLD[0]] and "dua resolusi" not in text[OLD[0]]
    listed = runner.invoke(app, ["index", "list", "--index", str(index)])
    assert listed.exit_code == 0 and listed.output.strip().endswith("5 articles")
    removed = runner.invoke(app, ["index", "remove", OLD[1], "--index", str(index)])
    assert removed.exit_code == 2 and "not supported yet" in removed.output


def test_layouts_do_not_mix_and_bad_input_is_one_line(tmp_path, local_ray):
    st = Settings()
    single = tmp_path / "single"
    Pipeline(st).index_add([str(SEEDS / f"{OLD[0]}.txt")], single)
    with pytest.raises(shards.StoreError, match="single-process index"):
        distributed.index_add([str(NEW)], single, st, quiet=True)
    sharded = tmp_path / "sharded"
    distributed.index_add([str(NEW)], sharded, st, quiet=True)
    with pytest.raises(shards.StoreError, match="sharded index"):
        Pipeline(st).index_add([str(NEW)], sharded)
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    result = runner.invoke(app, ["index", "add", str(bad), str(NEW), "--index", str(sharded), "--ray", "-q"])
    assert result.exit_code == 2 and str(bad) in result.output and "Traceback" not in result.output
    skipped = runner.invoke(app, ["index", "add", str(bad), str(NEW), "--index", str(sharded), "--ray", "--skip-bad"])
    assert skipped.exit_code == 0 and "0 added, 0 replaced, 1 unchanged" in skipped.output


GOOD = "Jakarta, 21 Maret 2024 - Gempa magnitudo 5,6 mengguncang Bali dan merusak 20 rumah warga di Karangasem.\n"


def _lines(*records: dict | str) -> str:
    return "".join((r if isinstance(r, str) else json.dumps({"text": GOOD, **r})) + "\n" for r in records)


RAY_RECORDS = [
    # (what, the .jsonl, --skip-bad, exit code, words in the output)
    ("a bad line is skipped, the file's other records stored", _lines({"id": "a"}, "{", {"id": "c"}), True, 0,
     ["x.jsonl: skipped 1 of 3 records (line 2: malformed JSON", "2 added"]),
    ("without --skip-bad a bad line stops the run", _lines({"id": "a"}, "{"), False, 2, ["x.jsonl:2: malformed JSON"]),
    ("a repeated id: the first is stored, the second named", _lines({"id": "s"}, {"id": "s", "title": "2"}), True, 0,
     ["(line 2: duplicate article id 's' (also in ", "x.jsonl:1); the first is kept", "1 added"]),
    ("a repeated id with equal text is stored once", _lines({"id": "s"}, {"id": "s"}), True, 0, ["1 added"]),
    ("without --skip-bad a repeated id stops the run", _lines({"id": "s"}, {"id": "s"}), False, 2,
     ["x.jsonl:2: duplicate article id 's'"]),
    ("a relative published date is refused with a warning", _lines({"id": "r", "published": "next week"}), False, 0,
     ["x.jsonl:1: published 'next week' is not a date of its own", "1 added"]),
]  # fmt: skip


@pytest.mark.parametrize(("what", "jsonl", "skip_bad", "code", "words"), RAY_RECORDS, ids=[r[0] for r in RAY_RECORDS])
def test_ray_takes_records_as_the_single_process_does(tmp_path, local_ray, what, jsonl, skip_bad, code, words):
    (tmp_path / "x.jsonl").write_text(jsonl)
    index = tmp_path / "idx"
    args = ["index", "add", str(tmp_path / "x.jsonl"), "--index", str(index), "--ray"] + ["--skip-bad"] * skip_bad
    result = runner.invoke(app, args)
    assert result.exit_code == code and "Traceback" not in result.output, result.output
    assert all(w in result.output for w in words), result.output
    if code == 0:
        assert sum(_live(index).values()) == int(words[-1].split()[0])  # each article in one shard, once


def _embed_actors() -> list[int]:
    pids = []
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                if b"MapBatches(Embed)" in (proc / "cmdline").read_bytes():
                    pids.append(int(proc.name))
            except OSError:
                pass
    return pids


def _kill_marked(marker: bytes) -> int:
    """SIGKILL every process whose environment carries ``marker``; returns how many."""
    n = 0
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit() and int(proc.name) != os.getpid():
            try:
                if marker in (proc / "environ").read_bytes().split(b"\0"):
                    os.kill(int(proc.name), signal.SIGKILL)
                    n += 1
            except OSError:
                pass
    return n


def test_killing_an_embedding_worker_mid_run_loses_nothing(tmp_path, local_ray):
    articles = _ecb(80)
    index = tmp_path / "idx"
    st = Settings(shard_articles=10)
    result: dict[str, object] = {}

    def run() -> None:
        try:
            result["counts"] = distributed.index_add([str(p) for p in articles], index, st, quiet=True)
        except BaseException as e:  # reported by the assertion below
            result["error"] = e

    worker = threading.Thread(target=run)
    worker.start()
    deadline = time.time() + 300
    while not _live(index) and time.time() < deadline:  # the first shard is written: mid-run
        time.sleep(0.1)
    victims = _embed_actors()
    assert victims and worker.is_alive(), "the run ended before a worker could be killed"
    os.kill(victims[0], signal.SIGKILL)
    worker.join(timeout=600)
    assert "error" not in result, result.get("error")
    assert result["counts"] == (80, 0, 0)
    live = _live(index)
    assert len(live) == 80 and set(live.values()) == {1}  # every article once
    single = tmp_path / "single"
    Pipeline(st).index_add([str(p) for p in articles], single)
    one, many = Store(single, st), shards.open_index(index, st)
    assert sum(int(s.stats()["claims"]) for s in many.shards) == one.stats()["claims"]
    for s in many.shards:
        for aid, sent, vec in s.db.execute(
            "SELECT c.article_id, c.sentence, v.vec FROM claims c JOIN vectors v ON c.vid = v.vid"
        ):
            (ref,) = one.db.execute(
                "SELECT v.vec FROM claims c JOIN vectors v ON c.vid = v.vid WHERE c.article_id=? AND c.sentence=?",
                (aid, sent),
            ).fetchone()
            assert np.allclose(np.frombuffer(vec, np.float32), np.frombuffer(ref, np.float32), atol=1e-5)


def test_a_rerun_after_the_driver_is_killed_completes_without_re_embedding(tmp_path):
    """The whole `index add --ray` process group is killed once shards exist; the next run
    stores exactly the articles no complete shard holds."""
    articles = _ecb(40)
    work = tmp_path / "work"
    work.mkdir()
    (work / "factcheck.toml").write_text("shard_articles = 4\n")
    index = work / "idx"
    cmd = [sys.executable, "-m", "factcheck", "index", "add", *map(str, articles), "--index", str(index), "--ray", "-q"]
    marker = f"FACTCHECK_TEST_RUN={uuid.uuid4().hex}"
    env = {**os.environ, marker.split("=")[0]: marker.split("=")[1]}
    proc = subprocess.Popen(cmd, cwd=work, env=env)
    deadline = time.time() + 300
    while time.time() < deadline and proc.poll() is None and len(_live(index)) < 4:
        time.sleep(0.1)
    assert proc.poll() is None, "the run ended before it could be killed"
    while _kill_marked(marker.encode()):  # the driver and every Ray process it started
        time.sleep(0.2)
    proc.wait()
    before = _live(index)
    assert 4 <= len(before) < 40
    again = subprocess.run(cmd, cwd=work, env=os.environ.copy(), capture_output=True, text=True, timeout=600)
    assert again.returncode == 0, again.stderr
    assert again.stderr == ""  # --quiet is quiet, Ray's own notices included
    assert f"{40 - len(before)} added, 0 replaced, {len(before)} unchanged" in again.stdout
    live = _live(index)
    assert len(live) == 40 and set(live.values()) == {1}
