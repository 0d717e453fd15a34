"""factcheck benchmarks: `make bench-quick` (under a minute) and `make bench` (the full run).

Every figure is measured in its own process, so peak memory (ru_maxrss from wait4) is that
task's alone. Results go to benchmarks/results[-quick].json and one summary line per figure
is printed. The machine is shared and noisy: ratios between methods measured in the same run
mean more than absolute seconds.
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
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

CACHE = ROOT / "benchmarks" / ".cache"
QUICK = {"scale": [150], "baseline": 30, "index": 150, "new": 10, "embed": 64, "hnsw": 0, "distinct": [60]}
# Distinct-sentence corpora embed every claim anew (about 60 sentences/s here), so 100k distinct
# articles (~430k claims) would take about two hours of embedding alone; the full run stops at 10k.
FULL = {
    "scale": [1000, 10000],
    "baseline": 400,
    "index": 100_000,
    "new": 10,
    "embed": 512,
    "hnsw": 20_000,
    "distinct": [1000, 10000],
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


def task_scale(n: int) -> dict:
    from factcheck.pipeline import Pipeline

    path, planted = _corpus(n)
    pipe = Pipeline(_settings())
    pipe.embedder.model  # noqa: B018 - the model load is not part of the throughput
    t = time.perf_counter()
    report = pipe.check([str(path)])
    total = time.perf_counter() - t
    claims = sum(1 for d in report.documents for s in d.sentences if s.is_claim)
    return {
        "articles": n,
        "claims": claims,
        "seconds": total,
        "stages": report.timings,
        "claims_per_s": claims / total,
        "articles_per_s": n / total,
        "pairs": report.pairs_compared,
        "findings": len(report.discrepancies),
        "planted": len(planted),
        "planted_recall": _recall(report.discrepancies, planted),
        "embedded": pipe.embedder.embedded,
    }


def task_distinct_check(n: int) -> dict:
    """A check of ``n`` articles whose claim sentences are all new: the end-to-end rate on new text."""
    from factcheck.pipeline import Pipeline

    path, planted = _corpus(n, seed=11, prefix="d", distinct=True)
    pipe = Pipeline(_settings())
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


def task_baselines(n: int) -> dict:
    """factcheck's alignment against brute force over all pairs and TF-IDF + NearestNeighbors."""
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.neighbors import NearestNeighbors

    from factcheck import align
    from factcheck.pipeline import Pipeline
    from factcheck.types import ClaimPair

    path, planted = _corpus(n, seed=1, prefix="b")
    pipe = Pipeline(_settings())
    docs = pipe.documents([str(path)])
    claims = [s for d in docs for s in d.sentences if s.is_claim]
    languages = {d.article.id: d.article.language for d in docs}
    pipe.embedder.encode([align.masked(s) for s in claims])  # cached for everyone: embedding is not compared

    def keys(found: list) -> set:
        """The flagged claims (article, position). Brute force flags every copy of a wrong
        sentence against every copy of the right one; what an editor needs is each wrong claim
        flagged once, so recall is counted over flagged claims, not over pairs."""
        return {(d.claims[i].article, d.claims[i].char_start) for d in found for p in d.pairs for i in p}

    def run(pairs: list[ClaimPair]) -> list:
        """The findings each candidate method leads to: the same frames, links and fact groups."""
        return pipe.findings(pairs, docs)

    t = time.perf_counter()
    ours = run(align.candidates(claims, pipe._encode, pipe.settings, languages))
    t_ours = time.perf_counter() - t

    t = time.perf_counter()
    brute_pairs = [
        ClaimPair(a, b, 1.0) for i, a in enumerate(claims) for b in claims[i + 1 :] if a.article_id != b.article_id
    ]
    brute = run(brute_pairs)
    t_brute = time.perf_counter() - t

    t = time.perf_counter()
    texts = [align.masked(s) for s in claims]
    tfidf = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True).fit_transform(texts)
    nn = NearestNeighbors(
        n_neighbors=min(len(claims), pipe.settings.top_k * 3), metric="cosine", algorithm="brute"
    ).fit(tfidf)
    dist, idx = nn.kneighbors(tfidf)
    seen, nn_pairs = set(), []
    for i, (row_d, row_i) in enumerate(zip(dist, idx, strict=True)):
        for d_, j in zip(row_d, row_i, strict=True):
            a, b = min(i, j), max(i, j)
            if a != b and claims[a].article_id != claims[b].article_id and (a, b) not in seen:
                seen.add((a, b))
                nn_pairs.append(ClaimPair(claims[a], claims[b], float(1 - d_)))
    tfidf_found = run(nn_pairs)
    t_nn = time.perf_counter() - t

    ref = keys(brute)
    return {
        "articles": n,
        "claims": len(claims),
        "brute_pairs": len(brute_pairs),
        "factcheck_s": t_ours,
        "brute_s": t_brute,
        "tfidf_nn_s": t_nn,
        "brute_flagged_claims": len(ref),
        "brute_findings": len(brute),
        "factcheck_recall_vs_brute": len(keys(ours) & ref) / len(ref) if ref else None,
        "tfidf_nn_recall_vs_brute": len(keys(tfidf_found) & ref) / len(ref) if ref else None,
        "planted": len(planted),
        "factcheck_planted_recall": _recall(ours, planted),
        "brute_planted_recall": _recall(brute, planted),
        "tfidf_nn_planted_recall": _recall(tfidf_found, planted),
        "speedup_vs_brute": t_brute / t_ours,
        "speedup_vs_tfidf_nn": t_nn / t_ours,
        "unique": int(np.unique([s.text for s in claims]).size),
    }


def task_incremental(index: str, n_new: int) -> dict:
    from factcheck.pipeline import Pipeline

    path, _ = _corpus(n_new, seed=7, prefix="new")
    pipe = Pipeline(_settings())
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


def task_scale_and_baselines(n: int, n_base: int) -> dict:
    """Both in one process, for the quick run (one model load instead of two)."""
    return {"scale": task_scale(n), "baselines": task_baselines(n_base)}


TASKS = {
    "scale_and_baselines": task_scale_and_baselines,
    "seeds_warm": task_seeds_warm,
    "scale": task_scale,
    "baselines": task_baselines,
    "incremental": task_incremental,
    "hnsw": task_hnsw,
    "distinct_check": task_distinct_check,
}


def _distinct(sizes: list[int], fc: list[str], results: dict, line: Callable[[str, str], None]) -> None:
    """Checks and index builds on corpora whose claim sentences are all new (see ``synth``)."""
    results["distinct"] = []
    for n in sizes:
        r = _child("distinct_check", n=n)
        results["distinct"].append(r)
        recall = "n/a" if r["planted_recall"] is None else f"{r['planted_recall']:.2f}"
        line(
            f"check {n} distinct articles",
            f"{r['claims_per_s']:.0f} claims/s, {r['embedded']} of {r['claims']} claims embedded "
            f"({r['distinct_claims']} distinct), planted recall {recall}, peak {r['peak_mb']:.0f} MB",
        )
        corpus, _ = _corpus(n, seed=12, prefix="e", distinct=True)
        index = CACHE / f"index-distinct-{n}"
        shutil.rmtree(index, ignore_errors=True)
        wall, peak, _ = _run([*fc, "index", "add", str(corpus), "--index", str(index), "-q"])
        size = sum(p.stat().st_size for p in index.iterdir() if p.is_file())
        results.setdefault("distinct_index", []).append(
            {"articles": n, "seconds": wall, "peak_mb": peak, "size_mb": size / 2**20}
        )
        line(
            f"index add {n} distinct art.",
            f"{wall:.1f} s, {n / wall:.1f} articles/s, peak {peak:.0f} MB, {size / 2**20:.1f} MB on disk",
        )


# -- the run ---------------------------------------------------------------------------------------
def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--quick", action="store_true", help="the under-a-minute run")
    ap.add_argument("--sizes", help="comma-separated corpus sizes for the throughput figures")
    ap.add_argument("--distinct", help="comma-separated sizes of the distinct-sentence corpora")
    ap.add_argument("--only-distinct", action="store_true", help="measure only the distinct-sentence corpora")
    ap.add_argument("--task", help=argparse.SUPPRESS)
    ap.add_argument("--params", default="{}", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.task:  # a child process: one task, one JSON line
        print(json.dumps(TASKS[args.task](**json.loads(args.params))))
        return
    plan = dict(QUICK if args.quick else FULL)
    if args.sizes:
        plan["scale"] = [int(x) for x in args.sizes.split(",")]
    if args.distinct:
        plan["distinct"] = [int(x) for x in args.distinct.split(",")]
    fc = [sys.executable, "-m", "factcheck"]
    results: dict[str, object] = {"quick": args.quick, "plan": plan, "when": time.strftime("%Y-%m-%d %H:%M")}

    def line(name: str, text: str) -> None:
        print(f"{name:<28} {text}", flush=True)

    if args.only_distinct:
        (CACHE / "factcheck" / "embeddings.sqlite").unlink(missing_ok=True)  # new text means nothing cached
        _distinct(plan["distinct"], fc, results, line)
        out = ROOT / "benchmarks" / "results-distinct.json"
        out.write_text(json.dumps(results, indent=2))
        line("results", str(out.relative_to(ROOT)))
        return
    # The model is built once, outside the timings (its cost is reported separately).
    model_dir = CACHE / "factcheck" / "models"
    if not model_dir.is_dir():
        wall, peak, _ = _run([*fc, "model", "install"])
        results["model_build"] = {"seconds": wall, "peak_mb": peak}
        line("model build (one time)", f"{wall:.1f} s, peak {peak:.0f} MB")
    emb = CACHE / "factcheck" / "embeddings.sqlite"
    emb.unlink(missing_ok=True)
    seeds = [*fc, "check", str(ROOT / "seeds"), "-q", "--fail-on", "none", "-f", "json"]
    wall, peak, _ = _run(seeds)
    results["seeds_cold_uncached"] = {"seconds": wall, "peak_mb": peak}
    line("seeds cold, no emb. cache", f"{wall:.2f} s, peak {peak:.0f} MB (target <= 10 s)")
    if not args.quick:
        wall, peak, _ = _run(seeds)
        results["seeds_cold"] = {"seconds": wall, "peak_mb": peak}
        line("seeds cold, emb. cached", f"{wall:.2f} s, peak {peak:.0f} MB")
    warm = _child("seeds_warm", n_embed=plan["embed"])
    results["seeds_warm"] = warm
    line("seeds warm", f"{warm['warm_s']:.3f} s (target <= 1 s)")
    line("embedding, default model", f"{warm['embed_per_s']:.0f} sentences/s on {warm['embed_sentences']} unique")

    results["scale"] = []
    both = _child("scale_and_baselines", n=plan["scale"][0], n_base=plan["baseline"]) if args.quick else None
    if both:  # one process: one peak for the two
        both["scale"]["peak_mb"] = both["baselines"]["peak_mb"] = both["peak_mb"]
    for n in plan["scale"]:
        r = both["scale"] if both else _child("scale", n=n)
        results["scale"].append(r)
        stages = ", ".join(f"{k} {v:.1f}s" for k, v in r["stages"].items())
        recall = "n/a" if r["planted_recall"] is None else f"{r['planted_recall']:.2f}"
        line(
            f"check {n} articles",
            f"{r['claims_per_s']:.0f} claims/s, {r['articles_per_s']:.1f} articles/s, "
            f"planted recall {recall}, peak {r['peak_mb']:.0f} MB [{stages}]",
        )

    _distinct(plan["distinct"], fc, results, line)

    b = both["baselines"] if both else _child("baselines", n=plan["baseline"])
    results["baselines"] = b
    line(
        f"vs brute force ({b['articles']} art.)",
        f"{b['speedup_vs_brute']:.1f}x faster, candidate recall {b['factcheck_recall_vs_brute'] or 0:.2f} "
        f"of {b['brute_flagged_claims']} claims brute force flags",
    )
    line(
        "vs TF-IDF+NearestNeighbors",
        f"{b['speedup_vs_tfidf_nn']:.1f}x faster; its recall vs brute {b['tfidf_nn_recall_vs_brute'] or 0:.2f}",
    )

    index = CACHE / f"index-{plan['index']}"
    # The quick run indexes the start of the corpus it has just checked: its embeddings are
    # cached, so no model load is spent on it.
    corpus, _ = _corpus(plan["index"]) if args.quick else _corpus(plan["index"], seed=3, prefix="i")
    if not (index / "index.sqlite").is_file():
        wall, peak, _ = _run([*fc, "index", "add", str(corpus), "--index", str(index), "-q"])
        results["index_build"] = {"articles": plan["index"], "seconds": wall, "peak_mb": peak}
        line(f"index add {plan['index']} articles", f"{wall:.1f} s, peak {peak:.0f} MB")
    size = sum(p.stat().st_size for p in index.iterdir() if p.is_file())
    results["index_size_mb"] = size / 2**20
    inc = _child("incremental", index=str(index), n_new=plan["new"])
    results["incremental"] = inc
    line(
        f"{plan['new']} new vs {plan['index']} stored",
        f"{inc['check_s']:.2f} s after a {inc['model_load_s']:.1f} s "
        f"model load, {inc['embedded']} sentences embedded, peak {inc['peak_mb']:.0f} MB, "
        f"index {size / 2**20:.0f} MB on disk (target <= 5 s)",
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
