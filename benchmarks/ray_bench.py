"""Ray's overhead against the single-process `index add`, on distinct-sentence corpora.

    python benchmarks/ray_bench.py --sizes 1000,10000

For each size: the single-process path, then `--ray` with 1 and with 2 embedding workers, each
into a new index and each from an empty embedding cache (the model is built once and shared),
so every claim is embedded in every run. Each run is its own process; seconds and the driver's
peak memory come from GNU time (Ray's workers are other processes: their memory is not in it).
The machine is shared: read the ratios within one run.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

import bench  # noqa: E402 - the corpus generator and its cache live there

OUT = ROOT / "benchmarks" / "results-ray.json"


def _fresh_cache(work: Path) -> Path:
    """An empty embedding cache beside the already built model (built once, by bench)."""
    cache = work / "cache"
    shutil.rmtree(cache, ignore_errors=True)
    cache.mkdir(parents=True)
    (cache / "models").symlink_to(bench.CACHE / "factcheck" / "models")
    return cache


def _timed(cmd: list[str], cache: Path) -> tuple[float, float, str]:
    env = {**__import__("os").environ, "FACTCHECK_CACHE": str(cache)}
    t = time.perf_counter()
    proc = subprocess.run(["/usr/bin/time", "-f", "PEAK_KB=%M", *cmd], capture_output=True, text=True, env=env)
    wall = time.perf_counter() - t
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({proc.returncode}): {proc.stderr[-2000:]}")
    peak = [ln for ln in proc.stderr.splitlines() if ln.startswith("PEAK_KB=")][-1]
    return wall, int(peak.split("=")[1]) / 1024, proc.stdout.strip()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1000,10000", help="comma-separated corpus sizes in articles")
    args = ap.parse_args()
    fc = [sys.executable, "-m", "factcheck"]
    subprocess.run([*fc, "model", "install"], check=True, capture_output=True,
                   env={**__import__("os").environ, "FACTCHECK_CACHE": str(bench.CACHE / "factcheck")})  # fmt: skip
    work = bench.CACHE / "ray-bench"
    results = []
    for n in (int(s) for s in args.sizes.split(",")):
        corpus, _ = bench._corpus(n, seed=12, prefix="e", distinct=True)
        row: dict[str, object] = {"articles": n}
        for name, extra in (
            ("single", []),
            ("ray_1", ["--ray", "--workers", "1"]),
            ("ray_2", ["--ray", "--workers", "2"]),
        ):
            index = work / f"index-{name}-{n}"
            shutil.rmtree(index, ignore_errors=True)
            wall, peak, out = _timed([*fc, "index", "add", str(corpus), "--index", str(index), "-q", *extra],
                                     _fresh_cache(work))  # fmt: skip
            size = sum(p.stat().st_size for p in index.rglob("*") if p.is_file())
            row[name] = {"seconds": wall, "articles_per_s": n / wall, "driver_peak_mb": peak,
                         "size_mb": size / 2**20, "output": out}  # fmt: skip
            print(f"{n:>6} articles  {name:<7} {wall:7.1f} s  {n / wall:6.1f} art/s  driver peak {peak:5.0f} MB  "
                  f"{size / 2**20:6.1f} MB on disk  ({out})", flush=True)  # fmt: skip
        for name in ("ray_1", "ray_2"):
            ratio = row[name]["seconds"] / row["single"]["seconds"]  # type: ignore[index]
            row[f"{name}_over_single"] = ratio
            print(f"{n:>6} articles  {name} / single: {ratio:.2f}x the time", flush=True)
        results.append(row)
    OUT.write_text(json.dumps({"command": " ".join(sys.argv), "results": results}, indent=1))


if __name__ == "__main__":
    main()
