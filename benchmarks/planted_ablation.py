"""Which veto of ``compare`` costs planted recall: ``.venv/bin/python benchmarks/planted_ablation.py``.

The 1,000-article synthetic corpus of ``make bench`` (built from real sentences, with one digit
changed at a 5 % rate) is checked once with every rule, then once with each hard veto switched
off in turn. A veto that costs planted recall without a gain on the real tuning split is suspect;
one that costs it only here may be a property of the synthetic articles (see docs/performance.md, "The benchmark run").
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import bench

from factcheck import compare
from factcheck.pipeline import Pipeline
from factcheck.settings import Settings

SWITCHES: dict[str, tuple[object, str, Callable[..., object]]] = {
    "event identity by shared values": (compare.RoleCache, "corroborated", lambda self, *a: True),
    "a year only against a year": (compare, "_year_like", lambda m: False),
    "durations in two time units": (compare, "_written_unit", lambda m, language: None),
    "dates further apart than one event's days": (compare, "_dates_apart", lambda a, b: False),
    "values too far apart (ages, money)": (compare, "_apart_by_ratio", lambda a, b: False),
}


def main() -> None:
    path, planted = bench._corpus(1000, seed=11, prefix="d", distinct=True)
    pipe = Pipeline(Settings())

    def run(label: str) -> None:
        report = pipe.check([str(path)])
        recall = bench._recall(report.discrepancies, planted) or 0.0
        print(f"{label:45} {len(report.discrepancies):4d} findings, planted recall {recall:.3f}")

    run("every rule")
    for name, (owner, attr, off) in SWITCHES.items():
        kept = getattr(owner, attr)
        setattr(owner, attr, off)
        try:
            run(f"without: {name}")
        finally:
            setattr(owner, attr, kept)


if __name__ == "__main__":
    main()
