"""``factcheck index add --ray``: the same stages as the single-process path, as Ray Data stages.

read (one task per file) -> segment + extract (tasks) -> embed (a pool of actors, each loading
the model once) -> write shards (tasks; see ``shards.py`` for the layout). The driver reads only
the small columns (id, content hash, file, error) to refuse duplicate ids and bad files with the
same one-line errors as the single-process path, and to skip what the index already holds; so a
re-run after a crash embeds only the articles no complete shard holds.

Ray is an optional extra (``pip install 'factcheck[ray]'``) and is imported only here.
"""

from __future__ import annotations

import json
import logging
import os
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from pathlib import Path
from typing import Any

import numpy as np

from factcheck import align, ingest, segment, shards
from factcheck._exceptions import ConfigError, FactcheckError, InputError
from factcheck.extract import extract
from factcheck.settings import Settings
from factcheck.store import article_from_dict, article_to_json, doc_from_json, doc_to_json

# Articles per embedding call: a killed run loses at most this much embedding per worker.
EMBED_ARTICLES = 16
TASK_CPUS = 0.25  # read, extract and write tasks: light next to embedding


def _import_ray():
    try:
        import ray
        import ray.data
    except ImportError:
        raise ConfigError("--ray needs Ray installed: pip install 'factcheck[ray]'") from None
    return ray


def _read_file(row: dict[str, Any]) -> list[dict[str, Any]]:
    """One file's articles as rows, and its problems as rows of their own (``kind``): a file that
    cannot be read, each bad record, each warning, an evaluation gold file. The driver then stops
    or warns exactly as ``ingest.load`` does, through the same ``ingest.Intake``."""
    path = Path(row["path"])
    blank = {"key": "", "id": "", "hash": "", "path": str(path), "n": 0, "line": 0, "article": "", "error": ""}
    bad: list[ingest.RecordError] = []
    notes: list[str] = []
    try:
        articles = ingest.read_file(path, bad=bad, warn=notes.append)
    except FactcheckError as e:
        return [blank | {"kind": "file", "error": str(e)}]
    rows = [blank | {"kind": "note", "error": note} for note in notes]
    if articles is None:
        return [*rows, blank | {"kind": "gold"}]
    rows += [blank | {"kind": "bad", "line": e.line, "error": e.reason} for e in bad]
    return rows + [
        blank | {"kind": "article", "key": f"{path}\x1f{n}", "id": a.id, "hash": a.content_hash, "n": n,
                 "line": a.first_line if a.record else 0, "article": article_to_json(a)}
        for n, a in enumerate(articles)
    ]  # fmt: skip


def _extract_batch(batch: dict[str, Any], settings: Settings) -> dict[str, list]:
    docs = []
    for raw in batch["article"]:
        article = article_from_dict(json.loads(raw))
        docs.append(doc_to_json(extract(article, segment.segment(article), settings)))
    return {"id": list(batch["id"]), "doc": docs}


def _embedder_class(settings: Settings, threads: int) -> type:
    """The embedding actor, closed over its settings: Ray Data restarts a killed actor by calling
    the class again, and a class that needs no arguments restarts the same way every time."""

    class Embed:
        def __init__(self) -> None:
            from filelock import FileLock

            from factcheck.embed import Embedder

            cache = settings.resolved_cache_dir()
            cache.mkdir(parents=True, exist_ok=True)
            # The same cached, deduplicating embedder as the single-process path: a sentence
            # copied across articles is embedded once per machine.
            self.embedder = Embedder(settings, threads=threads)
            self.lock = threading.Lock()
            with FileLock(cache / "model-build.lock"):  # actors on one node build the model once
                self.embedder.model  # noqa: B018 - loads it now, not inside the first batch

        def __call__(self, batch: dict[str, Any]) -> dict[str, list]:
            claims = [[align.masked(s) for s in doc_from_json(d).sentences if s.is_claim] for d in batch["doc"]]
            with self.lock:  # Ray may call from several threads; the model already uses every core given
                vecs = self.embedder.encode([t for group in claims for t in group])
            out, offset = [], 0
            for group in claims:
                out.append(vecs[offset : offset + len(group)].astype(np.float32).tobytes())
                offset += len(group)
            return {"id": list(batch["id"]), "doc": list(batch["doc"]), "vectors": out}

    return Embed


def _write_batch(batch: dict[str, Any], directory: str, settings: Settings) -> dict[str, list]:
    docs = [doc_from_json(d) for d in batch["doc"]]
    vectors = []
    for doc, blob in zip(docs, batch["vectors"], strict=True):
        n = sum(s.is_claim for s in doc.sentences)
        vectors.append(np.frombuffer(blob, dtype=np.float32).reshape(n, -1) if n else np.zeros((0, 1), np.float32))
    name = shards.write_shard(Path(directory), settings, docs, vectors)
    return {"shard": [name], "articles": [len(docs)]}


def connect(address: str | None, quiet: bool) -> bool:
    """Join the Ray cluster at ``address`` (``auto``, ``ray://host:10001``, ``host:6379``), or with
    none start a local one on this machine's cores; True when this call started Ray."""
    ray = _import_ray()
    for name in ("ray", "ray.data"):  # Ray Data narrates every execution at INFO
        logging.getLogger(name).setLevel(logging.ERROR)
    if ray.is_initialized():
        return False
    try:
        ray.init(
            address=address,
            include_dashboard=False,
            log_to_driver=not quiet,
            logging_level=logging.ERROR,
        )
    except (ConnectionError, RuntimeError, ValueError) as e:
        raise ConfigError(f"--ray-address {address}: cannot join the Ray cluster ({str(e).splitlines()[0]})") from None
    return True


@contextmanager
def _silenced_stderr(enabled: bool) -> Iterator[None]:
    """Under --quiet, Ray's C++ core still writes notices to file descriptor 2 (one per run says
    Ray Data's actors have restartable constructor arguments). Errors reach the user anyway:
    they are raised as exceptions and printed once this has restored stderr."""
    if not enabled:
        yield
        return
    sys.stderr.flush()
    saved = os.dup(2)
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)
    try:
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(devnull)


def index_add(
    paths: list[str],
    directory: Path,
    settings: Settings,
    *,
    address: str | None = None,
    workers: int = 1,
    threads: int | None = None,
    skip_bad: bool = False,
    log: Callable[[str], None] = lambda _: None,
    quiet: bool = False,
    progress: Callable[[str, int], AbstractContextManager[Callable[[int], None]]] | None = None,
) -> tuple[int, int, int]:
    """Add articles to a sharded index on Ray; returns (added, replaced, unchanged).

    ``progress`` is the CLI's bar; it advances as shards are written (Ray Data's own bars are
    off: they would draw a second set of bars and cannot be silenced apart from its logging)."""
    from factcheck.store import writer_lock

    if "-" in paths:
        raise InputError("-: standard input cannot be read by Ray workers; save the article to a file")
    files = ingest.collect(paths, skip_bad, log)
    directory = Path(directory)
    with writer_lock(directory):
        shards.prepare(directory, settings)
        with _silenced_stderr(quiet):
            started = connect(address, quiet)
            try:
                return _run(files, directory, settings, workers, threads, skip_bad, log, progress)
            finally:
                if started:
                    _import_ray().shutdown()


def _run(
    files: list[Path],
    directory: Path,
    settings: Settings,
    workers: int,
    threads: int | None,
    skip_bad: bool,
    log: Callable[[str], None],
    progress: Callable[[str, int], AbstractContextManager[Callable[[int], None]]] | None,
) -> tuple[int, int, int]:
    ray = _import_ray()
    from ray.data.expressions import col

    ctx = ray.data.DataContext.get_current()
    ctx.enable_progress_bars = False
    cpus = int(ray.cluster_resources().get("CPU", 1))
    threads = threads or max(1, cpus // max(1, workers))
    # Logical CPUs, for Ray's scheduler only: the embedding actors must leave room for the small
    # read, extract and write tasks that feed and drain them, or the pipeline would wait forever.
    actor_cpus = min(1.0, cpus / (2 * workers))

    read = (
        ray.data.from_items([{"path": str(f)} for f in files], override_num_blocks=max(1, min(len(files), 1000)))
        .flat_map(_read_file, num_cpus=TASK_CPUS)
        .materialize()
    )
    # One JSONL file of many articles is one block; smaller blocks let extraction run in parallel
    # and stream into the embedding workers.
    read = read.repartition(target_num_rows_per_block=EMBED_ARTICLES * 4)
    rows = read.select_columns(["key", "id", "hash", "path", "n", "line", "error", "kind"]).take_all()
    by_file: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        by_file.setdefault(row["path"], []).append(row)
    intake = ingest.Intake(skip_bad, log)
    wanted: dict[str, tuple[str, str]] = {}  # article id -> (content hash, row key)
    for path in sorted(by_file):
        kinds: dict[str, list[dict[str, Any]]] = {}
        for row in by_file[path]:
            kinds.setdefault(row["kind"], []).append(row)
        for row in kinds.get("note", []):
            log(row["error"])
        if "file" in kinds:
            intake.failed(kinds["file"][0]["error"])
            continue
        if "gold" in kinds:
            intake.gold(path)
            continue
        found = sorted(kinds.get("article", []), key=lambda r: r["n"])  # Ray does not keep row order
        bad = sorted((r["line"], r["error"]) for r in kinds.get("bad", []))
        keep = intake.admit(path, [(r["id"], r["line"] or None) for r in found], bad)
        wanted.update((r["id"], (r["hash"], r["key"])) for r, kept in zip(found, keep, strict=True) if kept)
    if not wanted:
        raise InputError("no articles to check")
    stored = shards.stored_articles(directory)
    todo = {aid: key for aid, (h, key) in wanted.items() if stored.get(aid) != h}
    added = sum(aid not in stored for aid in todo)
    replaced = len(todo) - added
    if not todo:
        return 0, 0, len(wanted)

    embed = _embedder_class(settings, threads)
    written = (
        read.filter(expr=col("key").is_in(sorted(todo.values())))
        .map_batches(_extract_batch, batch_size=32, fn_kwargs={"settings": settings}, num_cpus=TASK_CPUS)
        .map_batches(
            embed,
            batch_size=EMBED_ARTICLES,
            compute=ray.data.ActorPoolStrategy(size=workers),
            num_cpus=actor_cpus,
        )
        .map_batches(
            _write_batch,
            batch_size=settings.shard_articles,
            fn_kwargs={"directory": str(directory), "settings": settings},
            num_cpus=TASK_CPUS,
        )
        .iter_rows()
    )
    with progress("indexing", len(todo)) if progress else nullcontext(lambda _n: None) as advance:
        for row in written:
            advance(int(row["articles"]))
    return added, replaced, len(wanted) - len(todo)
