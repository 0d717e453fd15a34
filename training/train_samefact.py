"""Rebuild ``factcheck/data/samefact.json``, the same-fact model, from every real topic.

Every proposal of every cluster in ``../shared`` (the 34 ECB+ topics and Kompas) becomes a row of
named features (``factcheck.decide.FEATURES``). Rows with a known label train the model: pairs a
person read (``tests/real``: true or update is one fact, false is not), the must-flag conflicts
(one fact), and pairs that join the two events of an ECB+ topic (never one fact). The model is
the mean of logistic regression's and gradient-boosted trees' log-odds; its isotonic calibration
and its threshold are made out of fold with topics as folds (``eval/cv.py``); ``factcheck eval --cv`` scores this very
procedure with each topic held out.

    python training/train_samefact.py [--cache FILE]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from eval import cv  # noqa: E402
from eval.collect import cached_runs, clusters, folds, relabel  # noqa: E402
from factcheck.decide.model import MODEL_PATH  # noqa: E402
from factcheck.pipeline import Pipeline  # noqa: E402
from factcheck.settings import Settings  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cache", type=Path, default=None)
    args = ap.parse_args()
    cs = clusters()
    runs = relabel(cached_runs(Pipeline(Settings()), cs, args.cache, log=lambda m: print(m, file=sys.stderr)))
    x, y, w, groups = cv.training_rows(runs, set(folds(cs)))
    spec, aps = cv.train(x, y, w, groups)
    spec["trained_on"] = {"pairs": len(y), "one_fact": int(y.sum()), "inner_average_precision": aps}
    MODEL_PATH.write_text(json.dumps(spec, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{MODEL_PATH}: {spec['kind']}, {len(y)} pairs ({int(y.sum())} one fact), threshold {spec['threshold']}")


if __name__ == "__main__":
    main()
