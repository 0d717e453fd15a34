"""Fact groups: every mention of one fact across all articles, reported once.

Pairwise flags repeat themselves: three articles that agree against a fourth give three pairs,
and an editor reads the same problem three times without learning who is the odd one out. Here
the links between mentions (agreeing or not) are joined into groups; a group whose values
disagree is one finding that names every source's value, the majority and the outliers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import pairwise

from factcheck.compare import _fmt_date, dates_agree, make_claim, quantities_agree
from factcheck.types import Article, Claim, Discrepancy, Link, Mention, Sentence

_SEVERITY = {"high": 3, "medium": 2, "low": 1}


@dataclass
class _Node:
    article: str
    sentence: Sentence
    mention: Mention


@dataclass
class _Value:
    """Mentions of one group that agree with each other: one reported value."""

    nodes: list[_Node] = field(default_factory=list)

    @property
    def articles(self) -> list[str]:
        return sorted({n.article for n in self.nodes})

    @property
    def text(self) -> str:
        m = self.nodes[0].mention
        return _fmt_date(m) if m.kind == "date" else m.text


def _agree(a: Mention, b: Mention) -> bool:
    if a.kind == "date" or b.kind == "date":
        return a.kind == b.kind and dates_agree(a, b) is True
    return quantities_agree(a, b)


def fact_groups(
    links: list[Link], articles: dict[str, Article], explain: Callable[[list[Link]], None] | None = None
) -> list[Discrepancy]:
    """Join links into groups (union-find over mentions) and report the groups that disagree.

    ``explain`` fills in the reason of each group's strongest disagreeing link, the only one a
    finding shows: parsing every disagreeing pair's sentences for a reason nobody reads was most of
    the time of a check against a large index."""
    parent: dict[int, int] = {}
    nodes: dict[int, _Node] = {}

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for link in links:
        for sent, m in ((link.left, link.a), (link.right, link.b)):
            if id(m) not in nodes:
                nodes[id(m)] = _Node(sent.article_id, sent, m)
                parent[id(m)] = id(m)
        parent[find(id(link.a))] = find(id(link.b))
    members: dict[int, list[int]] = {}
    for key in nodes:
        members.setdefault(find(key), []).append(key)
    conflicts: dict[int, list[Link]] = {}
    for link in links:
        if not link.agree:
            conflicts.setdefault(find(id(link.a)), []).append(link)
    if explain is not None:
        explain([_strongest(found) for found in conflicts.values()])
    out = [_finding([nodes[k] for k in members[root]], found, articles) for root, found in conflicts.items()]
    return [d for d in out if d is not None]


def _values(group: list[_Node]) -> list[_Value]:
    """Partition a group's mentions into values; the first value each mention agrees with takes it."""
    values: list[_Value] = []
    for node in sorted(group, key=lambda n: (n.article, n.mention.start)):
        home = next((v for v in values if _agree(v.nodes[0].mention, node.mention)), None)
        if home is None:
            home = _Value()
            values.append(home)
        home.nodes.append(node)
    values.sort(key=lambda v: (-len(v.articles), v.articles))
    return values


def _is_update(values: list[_Value], articles: dict[str, Article]) -> bool:
    """Counts that only grow with publication time (a death toll rising) are updates, not errors."""
    if any(n.mention.kind == "date" or not n.mention.noun for v in values for n in v.nodes):
        return False  # only counts of something grow with the news; a depth or a date does not
    spans = []
    for v in values:
        days = [articles[a].published for a in v.articles]
        if any(d is None for d in days):
            return False
        number = v.nodes[0].mention.value
        if not isinstance(number, int | float):
            return False
        spans.append((min(days), max(days), float(number)))  # type: ignore[type-var]
    spans.sort(key=lambda s: s[2])
    return all(earlier[1] < later[0] for earlier, later in pairwise(spans))


def _finding(group: list[_Node], conflicts: list[Link], articles: dict[str, Article]) -> Discrepancy | None:
    values = _values(group)
    if len(values) < 2:
        return None  # every value overlaps the first one's reading: rounding, not a conflict
    majority = values[0] if len(values[0].articles) > len(values[1].articles) else None
    update = _is_update(values, articles)
    ordered = ([v for v in values if v is not majority] + [majority]) if majority else values
    claims: list[Claim] = []
    index: dict[int, int] = {}
    for v in ordered:
        for node in v.nodes:
            index[id(node.mention)] = len(claims)
            claims.append(make_claim(articles[node.article], node.sentence, node.mention))
    pairs = sorted({tuple(sorted((index[id(x.a)], index[id(x.b)]))) for x in conflicts})  # type: ignore[misc]
    kind = "date" if conflicts[0].a.kind in ("date", "time") else "number"
    day_level = all(n.mention.granularity in ("day", "minute") for n in group)
    severity = "low" if update else ("high" if kind == "date" and day_level else "medium")
    strongest = _strongest(conflicts)
    outliers = []
    if majority is not None:  # an article that also gives the majority's value is no outlier
        outliers = sorted({a for v in values if v is not majority for a in v.articles} - set(majority.articles))
    return Discrepancy(
        kind=kind,
        severity=severity,
        confidence=max(0.0, min(1.0, strongest.score)),
        similarity=max(x.similarity for x in conflicts),
        message=_message(values, majority, update),
        claims=claims,
        pairs=pairs,  # type: ignore[arg-type]
        majority=majority.text if majority else None,
        outliers=outliers,
        update=update,
        reason=strongest.reason,
    )


def _strongest(conflicts: list[Link]) -> Link:
    return max(conflicts, key=lambda x: x.score)


def _who(v: _Value) -> str:
    names = v.articles
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _message(values: list[_Value], majority: _Value | None, update: bool) -> str:
    said = "; ".join(f"{_who(v)}: {v.text}" for v in values)
    if update:
        return f"{said} (the figure grows with publication time: likely an update)"
    if majority is not None:
        odd = sorted({a for v in values if v is not majority for a in v.articles} - set(majority.articles))
        if odd:
            who = odd[0] if len(odd) == 1 else ", ".join(odd[:-1]) + " and " + odd[-1]
            return f"{who} {'differs' if len(odd) == 1 else 'differ'} from the majority ({majority.text}). {said}"
        return f"the majority ({majority.text}) also gives other values. {said}"
    return f"the sources disagree. {said}"


def sort_findings(found: list[Discrepancy]) -> list[Discrepancy]:
    found.sort(key=lambda d: (-_SEVERITY[d.severity], -d.confidence))
    for n, d in enumerate(found, 1):
        d.id = f"D{n}"
    return found
