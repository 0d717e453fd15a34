"""From probabilities to links: which proposed pairs are read as one fact."""

from __future__ import annotations

from collections.abc import Sequence

from factcheck.decide.proposals import Proposal
from factcheck.types import Link, MentionKey


def links(proposals: Sequence[Proposal], probabilities: Sequence[float], threshold: float) -> list[Link]:
    """Every proposal at or above ``threshold``, strongest first, each mention taking at most one
    partner in each other article: one fact is one slot, and a figure an article states once is
    one value of it. Agreements are links too: they make a slot's majority."""
    from factcheck.decide.features import comparable_agree

    order = sorted(
        (n for n, p in enumerate(probabilities) if p >= threshold),
        key=lambda n: (-probabilities[n], proposals[n].left.article_id, proposals[n].a.start, proposals[n].b.start),
    )
    taken: set[tuple[MentionKey, str]] = set()
    out: list[Link] = []
    for n in order:
        p = proposals[n]
        ka, kb = (p.a.key, p.right.article_id), (p.b.key, p.left.article_id)
        if ka in taken or kb in taken:
            continue
        taken |= {ka, kb}
        agree = comparable_agree(p.a, p.b)
        out.append(Link(p.left, p.a, p.right, p.b, agree, float(probabilities[n]), p.similarity))
    return out
