"""Fact groups: every mention of one fact across all articles, reported once.

Pairwise flags repeat themselves: three articles that agree against a fourth give three pairs,
and an editor reads the same problem three times without learning who is the odd one out. Here
the links between mentions (agreeing or not) are joined into groups; a group whose values
disagree is one finding that names every source's value, the majority and the outliers.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import pairwise

from factcheck.compare import _fmt_date, dates_agree, make_claim, quantities_agree
from factcheck.context import attribution, noun
from factcheck.lexicon import lexicon
from factcheck.types import Article, Claim, Discrepancy, Link, Mention, MentionKey, Sentence

_SEVERITY = {"high": 3, "medium": 2, "low": 1}
# Near-copies: one wire story under several mastheads. Read over the article bodies (headers and
# datelines left out) as lower-cased words, shingled into 12-character pieces. Of the 4,523 article
# pairs of the 68 ECB+ same-event folders, 31 are at Jaccard >= 0.5, and each is one text with light
# edits: a headline, a dateline, a figure updated or converted (23_6ecbplus "about 60m" where
# 23_3ecbplus, at 0.63, has "about 200ft"). From 0.4 to 0.5 are rewrites of one wire story with a
# new lead or their own reporting (23_3 and 23_4ecbplus at 0.41, 45_6 and 45_10ecbplus at 0.45);
# they stay separate sources, since a false merge takes a vote from an independent report.
COPY_SHINGLE = 12
COPY_JACCARD = 0.5
COPY_MIN_CHARS = 100  # a sentence's worth of other text, at least, to judge a shared source by
_WORDS = re.compile(r"\w+")


@dataclass
class _Node:
    article: str
    sentence: Sentence
    mention: Mention


@dataclass
class _Value:
    """Mentions of one group that agree with each other: one reported value."""

    nodes: list[_Node] = field(default_factory=list)
    copy_of: dict[str, str] = field(default_factory=dict)  # article -> its copy group

    @property
    def articles(self) -> list[str]:
        return sorted({n.article for n in self.nodes})

    @property
    def sources(self) -> list[list[str]]:
        """The value's articles by source: near-copies of one story are one source."""
        return _by_source(self.articles, self.copy_of)

    @property
    def text(self) -> str:
        m = self.nodes[0].mention
        return _fmt_date(m) if m.kind == "date" else m.text


def _agree(a: Mention, b: Mention) -> bool:
    if a.kind == "date" or b.kind == "date":
        return a.kind == b.kind and dates_agree(a, b) is True
    return quantities_agree(a, b)


def fact_groups(
    links: list[Link], articles: dict[str, Article], explain: Callable[[list[Link]], list[Link]] | None = None
) -> list[Discrepancy]:
    """Join links into groups (union-find over mentions) and report the groups that disagree.

    ``explain`` gives each group's strongest disagreeing link, the only one a finding shows, with
    its reason: parsing every disagreeing pair's sentences for a reason nobody reads was most of
    the time of a check against a large index."""
    parent: dict[MentionKey, MentionKey] = {}
    nodes: dict[MentionKey, _Node] = {}

    def find(x: MentionKey) -> MentionKey:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for link in links:
        for sent, m in ((link.left, link.a), (link.right, link.b)):
            if m.key not in nodes:
                nodes[m.key] = _Node(sent.article_id, sent, m)
                parent[m.key] = m.key
        parent[find(link.a.key)] = find(link.b.key)
    members: dict[MentionKey, list[MentionKey]] = {}
    for key in nodes:
        members.setdefault(find(key), []).append(key)
    conflicts: dict[MentionKey, list[Link]] = {}
    for link in links:
        if not link.agree:
            conflicts.setdefault(find(link.a.key), []).append(link)
    if explain is not None:
        strongest = [_strongest_at(found) for found in conflicts.values()]
        explained = explain([found[n] for found, n in zip(conflicts.values(), strongest, strict=True)])
        for found, n, link in zip(conflicts.values(), strongest, explained, strict=True):
            found[n] = link
    copies = Copies(articles)
    out = [_finding([nodes[k] for k in members[root]], found, articles, copies) for root, found in conflicts.items()]
    return [d for d in out if d is not None]


def _values(group: list[_Node], copy_of: dict[str, str] | None = None) -> list[_Value]:
    """Partition a group's mentions into values; the first value each mention agrees with takes it.

    Values are ordered by how many sources give them: near-copies of one story count once."""
    values: list[_Value] = []
    for node in sorted(group, key=lambda n: (n.article, n.mention.start)):
        home = next((v for v in values if _agree(v.nodes[0].mention, node.mention)), None)
        if home is None:
            home = _Value(copy_of=copy_of or {})
            values.append(home)
        home.nodes.append(node)
    values.sort(key=lambda v: (-len(v.sources), v.articles))
    return values


def _by_source(ids: list[str], copy_of: dict[str, str]) -> list[list[str]]:
    """Article ids grouped by copy group, each group in id order, groups by their first id."""
    groups: dict[str, list[str]] = {}
    for a in sorted(ids):
        groups.setdefault(copy_of.get(a, a), []).append(a)
    return sorted(groups.values())


def _is_update(values: list[_Value], articles: dict[str, Article]) -> bool:
    """Counts that only grow with publication time (a death toll rising) are updates, not errors."""
    # Read through the context module: fact groups are built with no contexts at hand.
    if any(
        n.mention.kind == "date" or not noun(n.sentence, n.mention, articles[n.article].language)
        for v in values
        for n in v.nodes
    ):
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


def _finding(
    group: list[_Node], conflicts: list[Link], articles: dict[str, Article], copies: Copies | None = None
) -> Discrepancy | None:
    values = _values(group)
    if len(values) < 2:
        return None  # every value overlaps the first one's reading: rounding, not a conflict
    copy_of = copies.groups([n.sentence for n in group]) if copies is not None else {}
    if any(len(g) > 1 for g in _by_source(list(copy_of), copy_of)):
        values = _values(group, copy_of)  # recount by source
    majority = values[0] if len(values[0].sources) > len(values[1].sources) else None
    update = _is_update(values, articles)
    ordered = ([v for v in values if v is not majority] + [majority]) if majority else values
    claims: list[Claim] = []
    index: dict[MentionKey, int] = {}
    for v in ordered:
        for node in v.nodes:
            index[node.mention.key] = len(claims)
            claims.append(make_claim(articles[node.article], node.sentence, node.mention))
    pairs = sorted({tuple(sorted((index[x.a.key], index[x.b.key]))) for x in conflicts})  # type: ignore[misc]
    kind = "date" if conflicts[0].a.kind in ("date", "time") else "number"
    day_level = all(n.mention.granularity in ("day", "minute") for n in group)
    # Two outlets' conversions of one figure into another currency: an exchange rate read twice.
    converted = sorted({m.converts for x in conflicts for m in (x.a, x.b) if m.converts})
    rates = all(x.a.converts and x.b.converts for x in conflicts)
    strongest = _strongest(conflicts)
    confidence = max(0.0, min(1.0, strongest.score))
    cited = sources_differ(strongest, articles)
    severity = severity_of(kind, confidence, day_level=day_level, update=update or rates, sources=bool(cited))
    outliers = []
    if majority is not None:  # an article that also gives the majority's value is no outlier
        outliers = sorted({a for v in values if v is not majority for a in v.articles} - set(majority.articles))
    return Discrepancy(
        kind=kind,
        severity=severity,
        confidence=confidence,
        similarity=max(x.similarity for x in conflicts),
        message=(f"conversions of {' and '.join(converted)} differ. " if rates else "")
        + _message(values, majority, update, copy_of)
        + (f" (the sources differ: {cited})" if cited else ""),
        claims=claims,
        pairs=pairs,  # type: ignore[arg-type]
        majority=majority.text if majority else None,
        outliers=outliers,
        update=update,
        reason=strongest.reason,
        copies={g[0]: g[1:] for g in _by_source(list(copy_of), copy_of) if len(g) > 1},
        sources_differ=bool(cited),
    )


def severity_of(
    kind: str, confidence: float, day_level: bool = False, update: bool = False, sources: bool = False
) -> str:
    """One story with the confidence beside it: high needs a day-exact date read as one fact at 0.8
    or more, medium 0.5 or more; below that a finding is low, as are updates, exchange rates read
    twice and name spellings. Two sides that quote different sources are at most medium: a
    warning to check who said what, not an error in either article."""
    if kind == "weekday":
        return "high"
    if kind == "name" or update:
        return "low"
    if confidence < 0.5:
        return "low"
    high = kind == "date" and day_level and confidence >= 0.8 and not sources
    return "high" if high else "medium"


def sources_differ(link: Link, articles: dict[str, Article]) -> str:
    """ "police / the USGS" when the two sentences of the strongest disagreeing pair attribute
    their figures to different sources (the words next to their verbs of saying), else ""."""
    left = attribution(link.left, articles[link.left.article_id].language)
    right = attribution(link.right, articles[link.right.article_id].language)
    if not left or not right or left & right:
        return ""

    def named(sent: Sentence, stems: frozenset[str]) -> str:  # the words as written, not their stems
        stem = lexicon(articles[sent.article_id].language).stem
        words = dict.fromkeys(w for w in _WORDS.findall(sent.text) if stem(w) in stems)
        return " ".join(words) or ", ".join(sorted(stems))

    a, b = link.left, link.right
    return f"{a.article_id} cites {named(a, left)}; {b.article_id} cites {named(b, right)}"


def _strongest(conflicts: list[Link]) -> Link:
    return conflicts[_strongest_at(conflicts)]


def _strongest_at(conflicts: list[Link]) -> int:
    """Where the strongest link stands (the first of equals)."""
    return max(range(len(conflicts)), key=lambda n: conflicts[n].score)


def _who(ids: list[str], copy_of: dict[str, str]) -> str:
    """Article ids as sources: "23_3ecbplus (+2 copies: 23_10ecbplus, 23_5ecbplus) and 23_4ecbplus"."""
    names = [
        g[0] if len(g) == 1 else f"{g[0]} (+{len(g) - 1} {'copy' if len(g) == 2 else 'copies'}: {', '.join(g[1:])})"
        for g in _by_source(ids, copy_of)
    ]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _message(values: list[_Value], majority: _Value | None, update: bool, copy_of: dict[str, str]) -> str:
    said = "; ".join(f"{_who(v.articles, copy_of)}: {v.text}" for v in values)
    if update:
        return f"{said} (the figure grows with publication time: likely an update)"
    if majority is not None:
        odd = sorted({a for v in values if v is not majority for a in v.articles} - set(majority.articles))
        if odd:
            one = len(_by_source(odd, copy_of)) == 1
            return f"{_who(odd, copy_of)} {'differs' if one else 'differ'} from the majority ({majority.text}). {said}"
        return f"the majority ({majority.text}) also gives other values. {said}"
    return f"the sources disagree. {said}"


def sort_findings(found: list[Discrepancy]) -> list[Discrepancy]:
    found.sort(key=lambda d: (-_SEVERITY[d.severity], -d.confidence))
    for n, d in enumerate(found, 1):
        d.id = f"D{n}"
    return found


def _shingles(article: Article, skip: frozenset[tuple[int, int]] = frozenset()) -> frozenset[str]:
    """The article body's 12-character pieces, its header and the ``skip`` spans left out."""
    header = set(article.header)
    ranges = [(s, e) for s, e in article.body if (s, e) not in header] or [(0, len(article.text))]
    text = article.text
    for a, b in sorted(skip, reverse=True):  # blank the skipped sentences out, offsets kept
        text = text[:a] + " " * (b - a) + text[b:]
    words = " ".join(w for s, e in ranges for w in _WORDS.findall(text[s:e].lower()))
    if len(words) < COPY_MIN_CHARS:
        return frozenset()  # too little left to tell a shared source from a shared formula
    return frozenset(words[i : i + COPY_SHINGLE] for i in range(len(words) - COPY_SHINGLE + 1))


class Copies:
    """Which articles are near-copies of each other: one source, counted once in a majority.

    The evidence must not be the claim itself: two articles whose only text is the sentence that
    gives the figure (a one-line brief) are two sources, and a finding's own sentences are left
    out before the bodies are compared. Shingles are kept, so the findings of one check share them."""

    def __init__(self, articles: dict[str, Article]) -> None:
        self.articles = articles
        self._sets: dict[tuple[str, frozenset[tuple[int, int]]], frozenset[str]] = {}

    def shingles(self, article_id: str, skip: frozenset[tuple[int, int]]) -> frozenset[str]:
        key = (article_id, skip)
        if key not in self._sets:
            self._sets[key] = _shingles(self.articles[article_id], skip)
        return self._sets[key]

    def groups(self, sentences: list[Sentence]) -> dict[str, str]:
        """Each article of a finding's ``sentences`` mapped to its copy group, named by its first
        member in id order; near-copies are joined transitively (A like B, B like C: one story)."""
        skip: dict[str, set[tuple[int, int]]] = {}
        for sent in sentences:
            skip.setdefault(sent.article_id, set()).add((sent.start, sent.end))
        ordered = sorted(skip)
        sets = {a: self.shingles(a, frozenset(skip[a])) for a in ordered}
        home = {a: a for a in ordered}

        def find(a: str) -> str:
            while home[a] != a:
                home[a] = home[home[a]]
                a = home[a]
            return a

        for i, a in enumerate(ordered):
            for b in ordered[i + 1 :]:
                x, y = sets[a], sets[b]
                if x and y and find(a) != find(b) and len(x & y) / len(x | y) >= COPY_JACCARD:
                    ra, rb = find(a), find(b)
                    home[max(ra, rb)] = min(ra, rb)
        return {a: find(a) for a in ordered}
