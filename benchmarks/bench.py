"""factcheck benchmarks: `make bench-quick` (under two minutes) and `make bench` (the full run).

Every corpus is built from distinct sentences (``synth.generate(..., distinct=True)``: real
sentences of the seeds, Kompas and ECB+ recombined with substituted names, places and numbers,
so that no claim repeats) with planted errors, so recall is known; every check and index build
starts from an empty embedding cache. Every figure is measured in its own process, so peak memory
(GNU time) is that task's alone. Results go to benchmarks/results[-quick].json and one summary
line per figure is printed. The machine is shared and noisy: ratios between methods measured in
the same run mean more than absolute seconds.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

CACHE = ROOT / "benchmarks" / ".cache"
# check: whole `factcheck check` runs; index: `index add` sizes, the last one also the store that
# ``new`` articles are checked against; baseline: articles in the brute-force comparison (every
# cross-article claim pair is compared, so it grows with the square).
QUICK = {"check": [60], "index": [60], "new": 10, "baseline": 30, "embed": 64, "hnsw": 0}
FULL = {
    "check": [1000, 10000],
    "index": [1000, 10000, 100_000],
    "new": 10,
    "baseline": 400,
    "embed": 512,
    "hnsw": 20_000,
}


# -- helpers ------------------------------------------------------------------------------------
def _settings():
    from factcheck.settings import Settings

    return Settings(cache_dir=str(CACHE / "factcheck"))


def _pool():
    import synth

    path = CACHE / "pool-v2.json"  # v2: every mention span, so names inside dates are kept
    if path.is_file():
        return [synth.PoolSentence(**p) for p in json.loads(path.read_text())]
    sentences = synth.pool(_settings())
    CACHE.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps([p.__dict__ for p in sentences], ensure_ascii=False))
    return sentences


def _corpus(n: int, seed: int = 0, prefix: str = "s", distinct: bool = False) -> tuple[Path, list[dict]]:
    import synth

    path = CACHE / f"synth-{prefix}{n}-{seed}{'-distinct' if distinct else ''}.jsonl"
    planted_path = path.with_suffix(".planted.json")
    if not path.is_file():
        records, planted = synth.generate(n, _pool(), seed=seed, prefix=prefix, distinct=distinct)
        synth.write_jsonl(records, path)
        planted_path.write_text(json.dumps(planted, ensure_ascii=False))
    return path, json.loads(planted_path.read_text())


def _recall(found: list, planted: list[dict]) -> float | None:
    """Share of the catchable planted changes (another article has the sentence unchanged)
    that some finding points at: its article and mention."""
    planted = [p for p in planted if p.get("copies", 1) > 0]
    if not planted:
        return None
    hits = 0
    for p in planted:
        if any(
            c.article == p["article"] and (p["mention"] in c.mention or c.mention in p["mention"])
            for d in found
            for c in d.claims
        ):
            hits += 1
    return hits / len(planted)


def _run(cmd: list[str]) -> tuple[float, float, str]:
    """Wall seconds, peak RSS in MB (GNU time) and stdout of a command run in its own process."""
    env = dict(os.environ, FACTCHECK_CACHE=str(CACHE / "factcheck"))
    t = time.perf_counter()
    proc = subprocess.run(["/usr/bin/time", "-f", "PEAK_KB=%M", *cmd], capture_output=True, text=True, env=env)
    wall = time.perf_counter() - t
    peaks = [ln for ln in proc.stderr.splitlines() if ln.startswith("PEAK_KB=")]
    if proc.returncode not in (0, 1) or not peaks:
        raise RuntimeError(f"{' '.join(cmd)} failed ({proc.returncode}): {proc.stderr[-2000:]}")
    return wall, int(peaks[-1].split("=")[1]) / 1024, proc.stdout


def _child(task: str, **params: object) -> dict:
    """Run one task of this file in a fresh process; its JSON result plus its peak memory."""
    _, peak, out = _run([sys.executable, __file__, "--task", task, "--params", json.dumps(params)])
    result = json.loads(out.strip().splitlines()[-1])
    result["peak_mb"] = peak
    return result


# -- tasks (each runs in its own process) ------------------------------------------------------------
def task_seeds_warm(n_embed: int) -> dict:
    """The seeds checked again in a process that has the model loaded; and, in the same
    process, sentences per second through the model on unique claim sentences."""
    from factcheck import align
    from factcheck.embed import QUERY_PROMPT
    from factcheck.pipeline import Pipeline

    pipe = Pipeline(_settings())
    pipe.check([str(ROOT / "seeds")])
    model = pipe.embedder.model  # loaded, as in a long-running process
    times = []
    for _ in range(5):
        t = time.perf_counter()
        pipe.check([str(ROOT / "seeds")])
        times.append(time.perf_counter() - t)
    docs = pipe.documents(_sources_for_embedding())
    texts = list(dict.fromkeys(align.masked(s) for d in docs for s in d.sentences if s.is_claim))[:n_embed]
    t = time.perf_counter()
    model.encode([QUERY_PROMPT + x for x in sorted(texts, key=len)], batch_size=64)
    dt = time.perf_counter() - t
    return {"warm_s": statistics.median(times), "embed_sentences": len(texts), "embed_per_s": len(texts) / dt}


def _sources_for_embedding() -> list[str]:
    import synth

    return synth.sources()


def _fresh_cache(name: str) -> Path:
    """An empty embedding cache that shares the built model: nothing a task embeds is cached."""
    path = CACHE / name
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    (path / "models").symlink_to(CACHE / "factcheck" / "models")
    return path


def task_check(n: int) -> dict:
    """`factcheck check` of ``n`` articles whose claims are all new: the end-to-end rate on new text."""
    from factcheck.pipeline import Pipeline
    from factcheck.settings import Settings

    path, planted = _corpus(n, seed=11, prefix="d", distinct=True)
    pipe = Pipeline(Settings(cache_dir=str(_fresh_cache("check-cache"))))
    pipe.embedder.model  # noqa: B018 - the model load is not part of the throughput
    t = time.perf_counter()
    report = pipe.check([str(path)])
    total = time.perf_counter() - t
    claims = [s.text for d in report.documents for s in d.sentences if s.is_claim]
    return {
        "articles": n,
        "claims": len(claims),
        "distinct_claims": len(set(claims)),
        "embedded": pipe.embedder.embedded,
        "seconds": total,
        "stages": report.timings,
        "claims_per_s": len(claims) / total,
        "findings": len(report.discrepancies),
        "planted": len(planted),
        "planted_recall": _recall(report.discrepancies, planted),
    }


def task_against(index: str, n_new: int) -> dict:
    """``n_new`` new articles (another seed: none of their sentences is stored or cached) checked
    against a stored index, in a process whose model is loaded before the clock starts."""
    from factcheck.pipeline import Pipeline
    from factcheck.settings import Settings

    path, _ = _corpus(n_new, seed=21, prefix="q", distinct=True)
    pipe = Pipeline(Settings(cache_dir=str(_fresh_cache("against-cache"))))
    t = time.perf_counter()
    pipe.embedder.model  # noqa: B018
    load = time.perf_counter() - t
    t = time.perf_counter()
    report = pipe.check([str(path)], against=Path(index))
    return {
        "new": n_new,
        "model_load_s": load,
        "check_s": time.perf_counter() - t,
        "embedded": pipe.embedder.embedded,
        "findings": len(report.discrepancies),
        "stages": report.timings,
    }


def task_baselines(n: int) -> dict:
    """factcheck against brute force over every pair and TF-IDF + NearestNeighbors, at equal
    planted recall: TF-IDF's neighbour count grows until it finds at least what factcheck finds.
    Every method ends in the same decision (``Pipeline.findings``); factcheck's time includes
    embedding its claims from an empty cache, which the other two do not need."""
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.neighbors import NearestNeighbors

    from factcheck import align
    from factcheck.pipeline import Pipeline
    from factcheck.settings import Settings
    from factcheck.types import ClaimPair

    path, planted = _corpus(n, seed=1, prefix="b", distinct=True)
    pipe = Pipeline(Settings(cache_dir=str(_fresh_cache("baseline-cache"))))
    pipe.embedder.model  # noqa: B018 - the model load is not part of any method's time
    docs = pipe.documents([str(path)])
    claims = [s for d in docs for s in d.sentences if s.is_claim]
    languages = {d.article.id: d.article.language for d in docs}

    t = time.perf_counter()
    ours = pipe.findings(align.candidates(claims, pipe._encode, pipe.settings, languages), docs)
    t_ours = time.perf_counter() - t
    r_ours = _recall(ours, planted) or 0.0

    t = time.perf_counter()
    brute_pairs = [
        ClaimPair(a, b, 1.0) for i, a in enumerate(claims) for b in claims[i + 1 :] if a.article_id != b.article_id
    ]
    brute = pipe.findings(brute_pairs, docs)
    t_brute = time.perf_counter() - t
    r_brute = _recall(brute, planted) or 0.0

    def tfidf_nn(k: int) -> tuple[float, float]:
        t = time.perf_counter()
        texts = [align.masked(s) for s in claims]
        tfidf = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True).fit_transform(texts)
        nn = NearestNeighbors(n_neighbors=min(len(claims), k), metric="cosine", algorithm="brute").fit(tfidf)
        dist, idx = nn.kneighbors(tfidf)
        seen, pairs = set(), []
        for i, (row_d, row_i) in enumerate(zip(dist, idx, strict=True)):
            for d_, j in zip(row_d, row_i, strict=True):
                a, b = min(i, j), max(i, j)
                if a != b and claims[a].article_id != claims[b].article_id and (a, b) not in seen:
                    seen.add((a, b))
                    pairs.append(ClaimPair(claims[a], claims[b], float(1 - d_)))
        found = pipe.findings(pairs, docs)
        return time.perf_counter() - t, _recall(found, planted) or 0.0

    k = pipe.settings.top_k * 3  # the neighbours factcheck itself takes per claim and channel
    tried = []
    while True:
        t_nn, r_nn = tfidf_nn(k)
        tried.append({"k": k, "seconds": t_nn, "planted_recall": r_nn})
        if r_nn >= r_ours or k >= len(claims):
            break
        k *= 2
    return {
        "articles": n,
        "claims": len(claims),
        "distinct_claims": int(np.unique([s.text for s in claims]).size),
        "embedded": pipe.embedder.embedded,
        "planted": len(planted),
        "factcheck": {"seconds": t_ours, "planted_recall": r_ours},
        "brute_force": {"pairs": len(brute_pairs), "seconds": t_brute, "planted_recall": r_brute},
        "tfidf_nn": tried,
        # Ratios: the baseline's time over factcheck's (above 1: factcheck is faster), and the
        # baseline's planted recall over factcheck's.
        "brute_speed_ratio": t_brute / t_ours,
        "brute_recall_ratio": r_brute / r_ours if r_ours else None,
        "tfidf_nn_speed_ratio": t_nn / t_ours,
        "tfidf_nn_recall_ratio": r_nn / r_ours if r_ours else None,
    }


def task_hnsw(index: str, min_vectors: int = 0, queries: int = 1000) -> dict:
    """HNSW recall@k against exact search over the stored (distinct) vectors, ties counted by
    score; topped up with recombined benchmark sentences to ``min_vectors`` distinct ones."""
    import sqlite3

    import faiss
    import numpy as np
    import synth

    from factcheck.embed import Embedder

    db = sqlite3.connect(Path(index) / "index.sqlite")
    vecs = np.stack([np.frombuffer(v, np.float32) for (v,) in db.execute("SELECT vec FROM vectors")])
    stored = len(vecs)
    if len(vecs) < min_vectors:
        extra = synth.recombined(_pool(), min_vectors - len(vecs))
        vecs = np.vstack([vecs, Embedder(_settings()).encode(extra)]).astype(np.float32)
    k = _settings().top_k * 3
    rng = np.random.default_rng(0)
    q = vecs[rng.choice(len(vecs), size=min(queries, len(vecs)), replace=False)]
    flat = faiss.IndexFlatIP(vecs.shape[1])
    flat.add(vecs)
    exact, _ = flat.search(q, k)
    t = time.perf_counter()
    hnsw = faiss.IndexHNSWFlat(vecs.shape[1], 32, faiss.METRIC_INNER_PRODUCT)
    hnsw.hnsw.efConstruction = 80
    hnsw.add(vecs)
    build = time.perf_counter() - t
    hnsw.hnsw.efSearch = 128
    approx, _ = hnsw.search(q, k)
    recall = float(np.mean(approx >= exact[:, -1:] - 1e-5))
    return {"vectors": len(vecs), "stored_distinct": stored, "k": k, "recall_at_k": recall, "build_s": build}


TASKS = {
    "seeds_warm": task_seeds_warm,
    "check": task_check,
    "against": task_against,
    "baselines": task_baselines,
    "hnsw": task_hnsw,
}


# -- the run ---------------------------------------------------------------------------------------
def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--quick", action="store_true", help="the under-two-minutes run")
    ap.add_argument("--check", help="comma-separated sizes of the `factcheck check` runs")
    ap.add_argument("--index", help="comma-separated `index add` sizes; new articles are checked against the last")
    ap.add_argument("--task", help=argparse.SUPPRESS)
    ap.add_argument("--params", default="{}", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.task:  # a child process: one task, one JSON line
        print(json.dumps(TASKS[args.task](**json.loads(args.params))))
        return
    plan = dict(QUICK if args.quick else FULL)
    for key in ("check", "index"):
        if getattr(args, key):
            plan[key] = [int(x) for x in getattr(args, key).split(",")]
    fc = [sys.executable, "-m", "factcheck"]
    results: dict[str, object] = {"quick": args.quick, "plan": plan, "when": time.strftime("%Y-%m-%d %H:%M")}

    def line(name: str, text: str) -> None:
        print(f"{name:<30} {text}", flush=True)

    # The model is built once, outside the timings (its cost is reported when it did the build).
    # `model install` always runs: a model folder from an older version may lack the current graph,
    # and writing it inside the first timed check would be counted as that check's cost.
    model_dir = CACHE / "factcheck" / "models"
    fresh = not model_dir.is_dir()
    wall, peak, _ = _run([*fc, "model", "install"])
    if fresh:
        results["model_build"] = {"seconds": wall, "peak_mb": peak}
        line("model build (one time)", f"{wall:.1f} s, peak {peak:.0f} MB")
    (CACHE / "factcheck" / "embeddings.sqlite").unlink(missing_ok=True)
    seeds = [*fc, "check", str(ROOT / "seeds"), "-q", "--fail-on", "none", "-f", "json"]
    wall, peak, _ = _run(seeds)
    results["seeds_cold_uncached"] = {"seconds": wall, "peak_mb": peak}
    line("seeds cold, no emb. cache", f"{wall:.2f} s, peak {peak:.0f} MB (target <= 3 s)")
    wall, peak, _ = _run(seeds)
    results["seeds_cold"] = {"seconds": wall, "peak_mb": peak}
    line("seeds cold, emb. cached", f"{wall:.2f} s, peak {peak:.0f} MB")
    warm = _child("seeds_warm", n_embed=plan["embed"])
    results["seeds_warm"] = warm
    line("seeds warm", f"{warm['warm_s']:.3f} s (target <= 1 s)")
    line("embedding, default model", f"{warm['embed_per_s']:.0f} sentences/s on {warm['embed_sentences']} distinct")

    results["check"] = []
    for n in plan["check"]:
        r = _child("check", n=n)
        results["check"].append(r)
        recall = "n/a" if r["planted_recall"] is None else f"{r['planted_recall']:.2f}"
        stages = ", ".join(f"{k} {v:.1f}s" for k, v in r["stages"].items())
        line(
            f"check {n} articles",
            f"{r['claims_per_s']:.0f} claims/s ({r['claims']} claims, {r['distinct_claims']} distinct, "
            f"{r['embedded']} embedded), planted recall {recall}, peak {r['peak_mb']:.0f} MB [{stages}]",
        )

    results["index"] = []
    index = CACHE / "index"
    for n in plan["index"]:
        corpus, _ = _corpus(n, seed=12, prefix="e", distinct=True)
        index = CACHE / f"index-{n}"
        shutil.rmtree(index, ignore_errors=True)
        cache = _fresh_cache("index-cache")
        env = dict(os.environ, FACTCHECK_CACHE=str(cache))
        t = time.perf_counter()
        proc = subprocess.run(
            ["/usr/bin/time", "-f", "PEAK_KB=%M", *fc, "index", "add", str(corpus), "--index", str(index), "-q"],
            capture_output=True,
            text=True,
            env=env,
        )
        wall = time.perf_counter() - t
        if proc.returncode != 0:
            raise RuntimeError(f"index add {n} failed: {proc.stderr[-2000:]}")
        peak = int([ln for ln in proc.stderr.splitlines() if ln.startswith("PEAK_KB=")][-1].split("=")[1]) / 1024
        size = sum(p.stat().st_size for p in index.rglob("*") if p.is_file()) / 2**20
        results["index"].append({"articles": n, "seconds": wall, "peak_mb": peak, "size_mb": size})
        line(
            f"index add {n} articles",
            f"{wall:.1f} s, {n / wall:.1f} articles/s, peak {peak:.0f} MB, {size:.1f} MB on disk",
        )
    inc = _child("against", index=str(index), n_new=plan["new"])
    results["against"] = inc
    line(
        f"{plan['new']} new vs {plan['index'][-1]} stored",
        f"{inc['check_s']:.2f} s after a {inc['model_load_s']:.1f} s model load, {inc['embedded']} sentences "
        f"embedded, peak {inc['peak_mb']:.0f} MB (target <= 5 s)",
    )

    b = _child("baselines", n=plan["baseline"])
    results["baselines"] = b
    ours = b["factcheck"]
    line(
        f"factcheck ({b['articles']} articles)",
        f"{ours['seconds']:.1f} s incl. embedding {b['embedded']} claims, planted recall {ours['planted_recall']:.2f}",
    )
    line(
        "vs brute force",
        f"{b['brute_force']['pairs']} pairs, {b['brute_force']['seconds']:.1f} s: speed ratio "
        f"{b['brute_speed_ratio']:.1f}, recall ratio {b['brute_recall_ratio'] or 0:.2f}",
    )
    nn = b["tfidf_nn"][-1]
    line(
        "vs TF-IDF + NearestNeighbors",
        f"k={nn['k']}, {nn['seconds']:.1f} s: speed ratio {b['tfidf_nn_speed_ratio']:.1f}, "
        f"recall ratio {b['tfidf_nn_recall_ratio'] or 0:.2f}",
    )
    h = _child("hnsw", index=str(index), min_vectors=plan["hnsw"])
    results["hnsw"] = h
    line(
        "HNSW recall vs flat",
        f"{h['recall_at_k']:.3f} at k={h['k']} over {h['vectors']} distinct vectors "
        f"({h['stored_distinct']} from the index) (target >= 0.98)",
    )

    out = ROOT / "benchmarks" / ("results-quick.json" if args.quick else "results.json")
    out.write_text(json.dumps(results, indent=2))
    line("results", str(out.relative_to(ROOT)))


if __name__ == "__main__":
    if shutil.which("time", path="/usr/bin") is None:
        sys.exit("GNU time (/usr/bin/time) is needed to measure peak memory: apt-get install time")
    main()
