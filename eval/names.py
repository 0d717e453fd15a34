"""Every name-spelling finding (FC004) on a corpus, with its two sentences, for reading.

    PYTHONPATH=. python -m eval.names ../shared/corpora/ecbplus-dev      # one event per tNN folder
    PYTHONPATH=. python -m eval.names ../shared/corpora/kompas-2014-oil/articles.jsonl

Each folder (or the file) is checked as one event, as `factcheck check FOLDER` would.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from factcheck import names, settings
from factcheck.pipeline import Pipeline


def main(argv: list[str]) -> int:
    t0 = time.perf_counter()
    pipe = Pipeline(settings.load(), log=lambda _m: None)
    root = Path(argv[0])
    events = sorted(p for p in root.iterdir() if p.is_dir() and p.name.startswith("t")) if root.is_dir() else []
    n = 0
    for event in events or [root]:
        for d in names.name_discrepancies(pipe.documents([str(event)])):
            n += 1
            print(f"{event.name}\t{d.message}")
            for c in (d.claims[0], d.claims[len([x for x in d.claims if x.article in d.outliers])]):
                print(f"    {c.article} | {' '.join(c.sentence.split())[:160]}")
    print(f"{n} findings in {len(events) or 1} events, {time.perf_counter() - t0:.1f}s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
