"""Precision and recall against gold clusters.

A cluster is a folder of articles plus ``expected.json``:
``{"expected": [{"kind", "claims": [{"article", "mention"}]}], "must_not_flag": [{"article", "mention", "kind"?}]}``
(a must-not entry with a kind only forbids findings of that kind).
A finding matches an expected discrepancy when its kind agrees and every expected claim
is covered by one of its claims: same article, and the mention texts overlap (one
contains the other). This is also how a held-out set is scored from the JSON report.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from factcheck.ingest import InputError
from factcheck.pipeline import Pipeline
from factcheck.settings import Settings
from factcheck.types import Claim, Discrepancy


def _covers(claim: Claim, gold: dict[str, str]) -> bool:
    a, b = claim.mention.lower(), gold["mention"].lower()
    return claim.article == gold["article"] and (a in b or b in a)


def matches(found: Discrepancy, gold: dict) -> bool:
    if gold.get("kind") and gold["kind"] != found.kind:
        return False
    return all(any(_covers(c, g) for c in found.claims) for g in gold["claims"])


@dataclass
class ClusterResult:
    name: str
    found: list[Discrepancy]
    expected: list[dict]
    must_not: list[dict]
    true_positives: list[Discrepancy] = field(default_factory=list)
    false_alarms: list[Discrepancy] = field(default_factory=list)
    misses: list[dict] = field(default_factory=list)
    forbidden_hits: list[tuple[dict, Discrepancy]] = field(default_factory=list)

    def score(self) -> None:
        for d in self.found:
            (self.true_positives if any(matches(d, g) for g in self.expected) else self.false_alarms).append(d)
        self.misses = [g for g in self.expected if not any(matches(d, g) for d in self.found)]
        self.forbidden_hits = [
            (g, d)
            for g in self.must_not
            for d in self.found
            if (not g.get("kind") or g["kind"] == d.kind) and any(_covers(c, g) for c in d.claims)
        ]


@dataclass
class EvalResult:
    clusters: list[ClusterResult]

    @property
    def precision(self) -> float:
        found = sum(len(c.found) for c in self.clusters)
        return sum(len(c.true_positives) for c in self.clusters) / found if found else 1.0

    @property
    def recall(self) -> float:
        expected = sum(len(c.expected) for c in self.clusters)
        return 1 - sum(len(c.misses) for c in self.clusters) / expected if expected else 1.0

    @property
    def forbidden(self) -> int:
        return sum(len(c.forbidden_hits) for c in self.clusters)

    def render(self) -> str:
        lines = []
        for c in self.clusters:
            lines.append(
                f"{c.name}: {len(c.true_positives)}/{len(c.found)} findings correct, "
                f"{len(c.expected) - len(c.misses)}/{len(c.expected)} expected found"
            )
            for g in c.misses:
                lines.append(
                    f"  MISS  {g.get('kind', '')}: "
                    + " vs ".join(f'{x["article"]} "{x["mention"]}"' for x in g["claims"])
                )
            for d in c.false_alarms:
                lines.append(f"  FALSE {d.kind}: {d.message}")
            for g, d in c.forbidden_hits:
                lines.append(f'  MUST-NOT-FLAG hit: {g["article"]} "{g["mention"]}" in {d.message}')
        lines.append(
            f"precision {self.precision:.3f}  recall {self.recall:.3f}  "
            f"must-not-flag hits {self.forbidden}  "
            f"({sum(len(c.found) for c in self.clusters)} findings, "
            f"{sum(len(c.expected) for c in self.clusters)} expected, {len(self.clusters)} clusters)"
        )
        return "\n".join(lines)


def evaluate_dir(directory: Path, settings: Settings, log: Callable[[str], None] = lambda _: None) -> EvalResult:
    gold_files = sorted(directory.glob("*/expected.json"))
    if not gold_files:
        raise InputError(f"{directory}: no cluster folders with expected.json")
    pipe = Pipeline(settings, log=log)
    results = []
    for gold_file in gold_files:
        try:
            gold = json.loads(gold_file.read_text(encoding="utf-8"))
        except json.JSONDecodeError as e:
            raise InputError(f"{gold_file}:{e.lineno}: malformed JSON: {e.msg}") from None
        folder = gold_file.parent
        articles = [str(p) for p in sorted(folder.iterdir()) if p.name != "expected.json" and p.is_file()]
        report = pipe.check(articles)
        res = ClusterResult(folder.name, report.discrepancies, gold.get("expected", []), gold.get("must_not_flag", []))
        res.score()
        results.append(res)
    return EvalResult(results)
