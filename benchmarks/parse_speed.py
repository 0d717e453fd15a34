"""Claim-frame parse speed: sentences per second through each shipped parser, on one thread.

Run: ``.venv/bin/python benchmarks/parse_speed.py [../shared]``. The sentences are real and
distinct (every claim sentence of the Kompas oil corpus and of the ECB+ development corpus), so
nothing is cached; each language is parsed twice and the faster pass is kept, because the
machine is shared.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import torch

from factcheck import extract, frames, ingest, segment
from factcheck.settings import Settings

CORPORA = {"id": "corpora/kompas-2014-oil/articles.jsonl", "en": "corpora/ecbplus-dev/t*"}


def claim_sentences(shared: Path, pattern: str) -> list[str]:
    settings = Settings()
    out: dict[str, None] = {}
    paths = [str(p) for p in sorted(shared.glob(pattern))]
    for article in ingest.load(paths, skip_bad=True):
        doc = extract.extract(article, segment.segment(article), settings)
        out.update((s.text, None) for s in doc.sentences if s.mentions)
    return list(out)


def main() -> None:
    torch.set_num_threads(1)
    shared = Path(sys.argv[1] if len(sys.argv) > 1 else "../shared")
    for lang, corpus in CORPORA.items():
        nlp = frames._parser(lang)
        if nlp is None:
            sys.exit(f"no shipped {lang} parser: run make parser")
        texts = claim_sentences(shared, corpus)
        best = float("inf")
        for _ in range(2):
            t0 = time.perf_counter()
            for _doc in nlp.pipe((frames._one_sentence(nlp, t) for t in texts), batch_size=256):
                pass
            best = min(best, time.perf_counter() - t0)
        print(f"{lang}: {len(texts)} distinct claim sentences, {len(texts) / best:.0f} sentences/s on one thread")


if __name__ == "__main__":
    main()
