"""Features of a pair among its rivals: is this the best partner each mention has in the other
article, and how many articles back each value. A real conflict is mostly each figure's closest
match in the other article, and one of its values is the one most articles give."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping, Sequence

import numpy as np

from factcheck.decide.proposals import Proposal
from factcheck.types import Discrepancy, Link, Mention, MentionKey

CONTEXT_FEATURES = ("best_for_a", "best_for_b", "rivals", "support_a", "support_b", "support_gap")
FIGURE_FEATURES = ("figure_cosine",)
RULE_FEATURES = ("rules_linked", "rules_found", "rules_confidence")


def closeness(row: dict[str, float]) -> float:
    """How alike two mentions' settings are, before any model: fact key, meaning, neighbours."""
    return row["key_shared"] + 2 * row["dense"] + row["near_overlap"] + row["rule_score"]


def add_context(proposals: Sequence[Proposal], rows: list[dict[str, float]]) -> list[dict[str, float]]:
    """New rows with the context features; the given rows are left as they are."""
    by_side: dict[tuple[MentionKey, str], list[int]] = defaultdict(list)
    support: dict[MentionKey, set[str]] = defaultdict(set)
    for n, p in enumerate(proposals):
        by_side[(p.a.key, p.right.article_id)].append(n)
        by_side[(p.b.key, p.left.article_id)].append(n)
        if rows[n]["agree"] and rows[n]["key_shared"] > 0:
            support[p.a.key].add(p.right.article_id)
            support[p.b.key].add(p.left.article_id)
    best: dict[tuple[MentionKey, str], float] = {k: max(closeness(rows[n]) for n in ns) for k, ns in by_side.items()}
    out = []
    for n, p in enumerate(proposals):
        c = closeness(rows[n])
        ka, kb = (p.a.key, p.right.article_id), (p.b.key, p.left.article_id)
        sa, sb = len(support[p.a.key]), len(support[p.b.key])
        out.append(
            {
                **rows[n],
                "best_for_a": float(c >= best[ka]),
                "best_for_b": float(c >= best[kb]),
                "rivals": math.log1p(len(by_side[ka]) + len(by_side[kb]) - 2),
                "support_a": math.log1p(sa),
                "support_b": math.log1p(sb),
                "support_gap": abs(math.log1p(sa) - math.log1p(sb)),
            }
        )
    return out


def add_figure_cosine(
    proposals: Sequence[Proposal], rows: list[dict[str, float]], vectors: Mapping[MentionKey, np.ndarray]
) -> list[dict[str, float]]:
    """New rows with the cosine of the two figures' own vectors (``embed.figures``): how alike the
    slots are that the two values fill, whatever else their sentences say."""
    return [
        {**row, "figure_cosine": float(vectors[p.a.key] @ vectors[p.b.key])}
        for p, row in zip(proposals, rows, strict=True)
    ]


def _at(m: Mention) -> tuple[str, int]:
    return (m.article_id, m.start)


def add_rule_decision(
    proposals: Sequence[Proposal], rows: list[dict[str, float]], links: Sequence[Link], found: Sequence[Discrepancy]
) -> list[dict[str, float]]:
    """New rows with the hand rules' own decision on the pair: linked as one fact with another
    value by ``compare.compare_pair`` over aligned sentences, and part of a finding the rules
    report (``found``, already at the rules' floor), with that finding's confidence. The row's
    ``rules_would_flag`` reads the same vetoes pair by pair; these carry what only the whole
    decision knows: the sentence alignment, one partner per mention, the fact groups."""
    linked = {frozenset((_at(k.a), _at(k.b))) for k in links if not k.agree}
    confidence: dict[frozenset[tuple[str, int]], float] = {}
    for d in found:
        for i, j in d.pairs:
            key = frozenset(
                ((d.claims[i].article, d.claims[i].char_start), (d.claims[j].article, d.claims[j].char_start))
            )
            confidence[key] = max(confidence.get(key, 0.0), d.confidence)
    out = []
    for p, row in zip(proposals, rows, strict=True):
        key = frozenset((_at(p.a), _at(p.b)))
        out.append(
            {
                **row,
                "rules_linked": float(key in linked),
                "rules_found": float(key in confidence),
                "rules_confidence": confidence.get(key, 0.0),
            }
        )
    return out
