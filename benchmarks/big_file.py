"""One very large article file: ingest, segment and extract must stay linear in its size.

Run: ``.venv/bin/python benchmarks/big_file.py MB [MB ...] [--data ../shared] [--one-line]``. The
file is real ECB+ text (every topic-1 article, repeated to the size asked), written to a temporary
folder, cut to the size asked; each stage is timed once. Linear means seconds per MB stay flat as MB grows.

``--one-line`` makes the whole file one sentence, the worst case for extraction: line breaks
become spaces and what ends a sentence or a clause (".", "?", "!", ";" before a space, a quote or a
bracket) becomes a comma, so nothing splits it but the cap on sentence length (``--no-cap`` lifts
that too, leaving the mention finders one sentence of the whole file). Decimal points inside figures
are kept.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
from pathlib import Path

from factcheck import extract, ingest, segment
from factcheck.settings import Settings


def one_line(text: str) -> str:
    return re.sub(r"[.?!;]+(?=[\s\"”’)\]])", ",", text).replace("\n", " ")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("mb", nargs="+", type=float)
    ap.add_argument("--data", default="../shared")
    ap.add_argument("--one-line", action="store_true", help="the whole file in one line with no sentence break")
    ap.add_argument("--no-cap", action="store_true", help="no cap on sentence length: time the finders alone")
    ap.add_argument("--keep", metavar="DIR", help="write the files to DIR (big-MB.txt) and keep them, e.g. to check")
    args = ap.parse_args()
    if args.no_cap:
        segment.MAX_SENTENCE = sys.maxsize
    texts = sorted(Path(args.data, "corpora", "ecbplus-dev").glob("t1*/*.txt"))
    unit = "\n\n".join(p.read_text() for p in texts) + "\n\n"
    if args.one_line:
        unit = one_line(unit)
    with tempfile.TemporaryDirectory() as tmp:
        for mb in args.mb:
            path = Path(args.keep, f"big-{mb:g}.txt") if args.keep else Path(tmp) / "big.txt"
            path.write_text((unit * (int(mb * 1e6 / len(unit)) + 1))[: int(mb * 1e6)])
            size = path.stat().st_size / 1e6
            t0 = time.perf_counter()
            (article,) = ingest.load([str(path)])
            t1 = time.perf_counter()
            sentences = segment.segment(article)
            t2 = time.perf_counter()
            doc = extract.extract(article, sentences, Settings())
            t3 = time.perf_counter()
            total = t3 - t0
            mentions = sum(len(s.mentions) for s in doc.sentences)
            print(
                f"{size:.1f} MB, {len(sentences)} sentences, {mentions} mentions: ingest {t1 - t0:.1f} s, "
                f"segment {t2 - t1:.1f} s, extract {t3 - t2:.1f} s; {total:.1f} s in all, {total / size:.2f} s/MB",
                flush=True,
            )


if __name__ == "__main__":
    main()
