"""How the cross-validated decision moves with the number of read labels it learns from.

.venv/bin/python -m eval.learning_curve --cache RUNS [--fractions 0.25 0.5 0.75 1] [--seeds 1 2]

Each row keeps a random share of the read labels (true, update, false and the must-flag pairs)
and forgets the rest, then cross-validates by topic as ``factcheck eval --cv`` does. The pairs
that join a mixed cluster's two events are false by construction and all kept. The findings are
scored against every label (``RealCluster.labels`` and its must-flag items are not thinned), so
each row is judged as the full report is: only what the model learns from shrinks. A curve still
rising at the full share says more reading would pay; a flat one says the features limit it.
"""

from __future__ import annotations

import argparse
import random
import sys
from dataclasses import replace
from pathlib import Path

from tabulate import tabulate

from eval import cv
from eval.collect import Run, cached_runs, clusters, folds, relabel
from eval.report import GROUP
from factcheck.pipeline import Pipeline
from factcheck.settings import Settings

READ = cv.POSITIVE | {"false"}  # what a person read; "cross-event" is free


def thinned(runs: list[Run], fraction: float, seed: int) -> list[Run]:
    """The runs with each read label kept with probability ``fraction`` (else "unlabelled"), drawn
    once per run and pair in order, so a seed gives one labelled corpus."""
    rng = random.Random(seed)
    out = []
    for r in runs:
        labels = [lab if lab not in READ or rng.random() < fraction else "unlabelled" for lab in r.labels]
        out.append(replace(r, labels=labels))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m eval.learning_curve", description=__doc__.splitlines()[0])
    ap.add_argument("--cache", type=Path, default=None, help="store/reuse the runs (a working file, not shipped)")
    ap.add_argument("--fractions", type=float, nargs="+", default=[0.25, 0.5, 0.75, 1.0])
    ap.add_argument("--seeds", type=int, nargs="+", default=[1, 2])
    args = ap.parse_args(argv)
    cs = clusters()
    runs = relabel(cached_runs(Pipeline(Settings()), cs, args.cache, log=lambda m: print(m, file=sys.stderr)))
    rows = []
    for fraction in args.fractions:
        for seed in args.seeds if fraction < 1 else args.seeds[:1]:
            some = thinned(runs, fraction, seed)
            fr = cv.cross_validate(some, folds(cs), log=lambda _m: None)
            f = cv.figures(fr.default)[GROUP]
            read = sum(lab in READ for r in some if not r.cluster.mixed for lab in r.labels)
            rows.append(
                [
                    fraction,
                    seed if fraction < 1 else "",
                    read,
                    f.flags,
                    f"{f.precision:.2f}",
                    f"{f.found}/{f.must}",
                    f"{cv.average_precision(cv.pr_curve(fr, GROUP)):.3f}",
                ]
            )
            print(tabulate([rows[-1]], tablefmt="plain"), file=sys.stderr)
    headers = ["share of read labels", "seed", "read labels kept", "findings", "P", "must found", "average precision"]
    print(f"{GROUP}, cross-validated by topic, learning from a share of the read labels:")
    print(tabulate(rows, headers=headers, tablefmt="simple", disable_numparse=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
