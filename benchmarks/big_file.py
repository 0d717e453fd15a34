"""One very large article file: ingest, segment and extract must stay linear in its size.

Run: ``.venv/bin/python benchmarks/big_file.py MB [MB ...] [--data ../shared]``. The file is real
ECB+ text (every topic-1 article, repeated to the size asked), written to a temporary folder;
each stage is timed once. Linear means seconds per MB stay flat as MB grows.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from factcheck import extract, ingest, segment
from factcheck.settings import Settings


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("mb", nargs="+", type=float)
    ap.add_argument("--data", default="../shared")
    args = ap.parse_args()
    texts = sorted(Path(args.data, "corpora", "ecbplus-dev").glob("t1*/*.txt"))
    unit = "\n\n".join(p.read_text() for p in texts) + "\n\n"
    with tempfile.TemporaryDirectory() as tmp:
        for mb in args.mb:
            path = Path(tmp) / "big.txt"
            path.write_text(unit * (int(mb * 1e6 / len(unit)) + 1))
            size = path.stat().st_size / 1e6
            t0 = time.perf_counter()
            (article,) = ingest.load([str(path)])
            t1 = time.perf_counter()
            sentences = segment.segment(article)
            t2 = time.perf_counter()
            extract.extract(article, sentences, Settings())
            t3 = time.perf_counter()
            total = t3 - t0
            print(
                f"{size:.0f} MB, {len(sentences)} sentences: ingest {t1 - t0:.1f} s, segment {t2 - t1:.1f} s, "
                f"extract {t3 - t2:.1f} s; {total:.1f} s in all, {total / size:.2f} s/MB"
            )


if __name__ == "__main__":
    main()
