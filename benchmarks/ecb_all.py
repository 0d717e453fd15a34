"""All 786 ECB+ development articles in one check, from an empty embedding cache and warm.

    .venv/bin/python benchmarks/ecb_all.py [--data ../shared] [--decision rules|model]

The cold run uses a fresh cache folder that holds only the built model (so the model is not
rebuilt, but every sentence is embedded); the warm run repeats it on that cache. Both are whole
``factcheck check`` processes, timed one after the other in one run, reported with their ratio.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--decision", choices=("rules", "model"), default="rules")
    args = ap.parse_args()
    # The checks run inside the cache folder, so a relative --data ("../shared") is made absolute first.
    folders = sorted(p for p in (args.data.resolve() / "corpora" / "ecbplus-dev").iterdir() if p.name.startswith("t"))
    models = Path(os.environ.get("FACTCHECK_CACHE", Path.home() / ".cache" / "factcheck")) / "models"
    with tempfile.TemporaryDirectory() as tmp:
        cache = Path(tmp)
        (cache / "models").symlink_to(models)
        (cache / "factcheck.toml").write_text(f'decision = "{args.decision}"\n')
        env = {**os.environ, "FACTCHECK_CACHE": str(cache)}
        cmd = [sys.executable, "-m", "factcheck", "check", *map(str, folders), "--fail-on", "none", "-q", "-f", "json"]
        times = []
        for _ in ("cold", "warm"):
            t = time.perf_counter()
            subprocess.run(cmd, env=env, cwd=cache, check=True, stdout=subprocess.DEVNULL)
            times.append(time.perf_counter() - t)
    cold, warm = times
    print(f"decision={args.decision}: cold {cold:.1f} s, warm {warm:.1f} s, cold/warm {cold / warm:.2f}")


if __name__ == "__main__":
    main()
