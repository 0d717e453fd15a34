"""Which mention pairs are looked at: two channels, recall first.

The sentence channel pairs the mentions of two aligned sentences (``align.candidates``). It
misses a fact reported in sentences worded differently, and short articles, whose claims have no
neighbours to be calibrated against. The mention channel pairs mentions directly: two mentions of
one dimension (kind and unit) whose fact keys share a term. A fact key is what a figure is about,
read from its words: the counted noun, the word that governs it, the table roles of its clause
(dead, injured, depth, ...) and its content-word neighbours. Neither channel decides anything:
every proposal goes to the model with its features.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace

import numpy as np

from factcheck import compare
from factcheck.context import Contexts
from factcheck.lexicon import lexicon
from factcheck.types import ClaimPair, Mention, MentionKey, Sentence

# A key term held by more mentions than this in one run says nothing about which fact a
# mention states ("said", "people"); its postings are not paired.
MAX_POSTING = 400
# Partners kept per mention and other article from the mention channel, strongest keys first.
PER_ARTICLE = 3
# Dense neighbours per claim whose same-dimension mentions are all proposed, whatever their
# calibrated score: a fact retold in other words shares few words but sits near in meaning.
DENSE_NEIGHBOURS = 20
# A closed compound's head and modifier are words of their own: "speedboat" is a "boat" (a head of
# four letters after a modifier of three), but "hostage" holds no "stage" word worth a posting.
MIN_HEAD = 4
MIN_MODIFIER = 3


@dataclass(frozen=True)
class Proposal:
    """Two mentions of two articles that may be one fact, with how they were found."""

    left: Sentence
    a: Mention
    right: Sentence
    b: Mention
    similarity: float  # the sentence channel's calibrated score, 0 when only the mention channel found it
    dense: float  # cosine of the two masked sentences' embeddings
    lexical: float  # cosine of their character n-gram vectors
    by_sentence: bool
    by_mention: bool
    key_shared: int  # fact-key terms the two mentions share (strong terms count twice)


def dimension(m: Mention) -> tuple[str, str | None, str | None] | None:
    """What physics allows to be compared: one kind, one unit, one rate. ``None``: never compared."""
    if m.kind == "ordinal" or m.value is None:
        return None
    if m.kind == "date":
        return ("date", None, None)
    if m.kind == "time" and m.measure is None:
        return None  # a zone with no day to convert it in: no minutes to compare
    base, per = compare._base_unit(m)
    return (m.kind, base, per)


def comparable(a: Mention, b: Mention) -> bool:
    da, db = dimension(a), dimension(b)
    if da is None or db is None or da[:2] != db[:2]:
        return False
    if da[0] == "date":
        return compare.dates_agree(a, b) is not None  # "yesterday" with no publication day says no day
    return not (da[2] and db[2] and da[2] != db[2])


def fact_key(sentence: Sentence, m: Mention, contexts: Contexts) -> tuple[frozenset[str], frozenset[str]]:
    """(strong, weak) key terms: strong ones name the fact (counted noun, governing word, role),
    weak ones are its neighbours."""
    role = contexts.of(sentence, m).words
    strong = set(role.nouns) | {f"role:{r}" for r in role.roles}
    if lexicon(contexts.language(sentence)).closed_compounds:
        strong |= {h for n in role.nouns for h in heads(n)}
    if role.head:
        strong.add(role.head)
    weak = set(role.near) | set(role.left)
    return frozenset(s for s in strong if s), frozenset(weak - strong)


def heads(noun: str) -> set[str]:
    """The heads a closed compound may have: its every ending after a modifier. Only endings that
    another mention states as a word of its own ever meet it in the postings."""
    return {noun[k:] for k in range(MIN_MODIFIER, len(noun) - MIN_HEAD + 1)}


def propose(
    claims: list[Sentence],
    vectors: np.ndarray | None,
    lexical: object,
    sentence_pairs: list[ClaimPair],
    contexts: Contexts,
) -> list[Proposal]:
    """Every proposed mention pair once. ``vectors`` and ``lexical`` (a sparse matrix) are row-aligned
    with ``claims``; the sentence channel's pairs come from ``align.candidates``."""
    row = {s.key: n for n, s in enumerate(claims)}
    out: dict[tuple[MentionKey, MentionKey], Proposal] = {}
    # The two claims' rows of proposals whose similarities are still to be read, all at once below.
    pending: dict[tuple[MentionKey, MentionKey], tuple[int, int]] = {}

    def later(k: tuple[MentionKey, MentionKey], x: Sentence, y: Sentence) -> None:
        i, j = row.get(x.key), row.get(y.key)
        if i is not None and j is not None:
            pending[k] = (i, j)

    keys: dict[MentionKey, tuple[frozenset[str], frozenset[str]]] = {}

    def key(s: Sentence, m: Mention) -> tuple[frozenset[str], frozenset[str]]:
        if m.key not in keys:
            keys[m.key] = fact_key(s, m, contexts)
        return keys[m.key]

    def shared(s1: Sentence, m1: Mention, s2: Sentence, m2: Mention) -> int:
        (k1, w1), (k2, w2) = key(s1, m1), key(s2, m2)
        return 2 * len(k1 & k2) + len((k1 | w1) & (k2 | w2) - (k1 & k2))

    for p in sentence_pairs:
        dense = p.dense if p.dense is not None else 0.0
        lex = p.lexical if p.lexical is not None else 0.0
        for a in p.left.mentions:
            for b in p.right.mentions:
                if comparable(a, b):
                    k = _key(p.left, a, p.right, b)
                    out[k] = Proposal(
                        *_ordered(p.left, a, p.right, b),
                        p.similarity,
                        dense,
                        lex,
                        True,
                        False,
                        shared(p.left, a, p.right, b),
                    )

    if vectors is not None and len(claims) > 1:
        from factcheck import align
        from factcheck.settings import Settings

        rows, cols = align._neighbour_pairs(vectors, Settings(), min(len(claims), DENSE_NEIGHBOURS + 1))
        for i, j in {(min(i, j), max(i, j)) for i, j in zip(rows.tolist(), cols.tolist(), strict=True) if 0 <= j != i}:
            s1, s2 = claims[i], claims[j]
            if s1.article_id == s2.article_id or s1.is_header or s2.is_header:
                continue
            for m1 in s1.mentions:
                for m2 in s2.mentions:
                    k = _key(s1, m1, s2, m2)
                    if k not in out and comparable(m1, m2):
                        out[k] = Proposal(*_ordered(s1, m1, s2, m2), 0.0, 0.0, 0.0, False, True, shared(s1, m1, s2, m2))
                        later(k, s1, s2)

    for (s1, m1), (s2, m2), n in _mention_channel(claims, key):
        k = _key(s1, m1, s2, m2)
        if k in out:
            out[k] = replace(out[k], by_mention=True)
            continue
        out[k] = Proposal(*_ordered(s1, m1, s2, m2), 0.0, 0.0, 0.0, False, True, n)
        later(k, s1, s2)
    found = _similarities(vectors, lexical, set(pending.values()))
    for k, ij in pending.items():
        out[k] = replace(out[k], dense=found[ij][0], lexical=found[ij][1])
    return list(out.values())


def _similarities(
    vectors: np.ndarray | None, lexical: object, pairs: set[tuple[int, int]], chunk: int = 4096
) -> dict[tuple[int, int], tuple[float, float]]:
    """Dense and lexical cosine of each pair of claim rows, the sparse rows multiplied a chunk of
    pairs at a time: one sparse product per pair costs scipy's overhead every time."""
    ij = sorted(pairs)
    if not ij:
        return {}
    i, j = np.array([a for a, _ in ij]), np.array([b for _, b in ij])
    # One dot product a pair, as the sentence channel computes them: the same float32 sums.
    dense = np.array([float(vectors[a] @ vectors[b]) for a, b in ij]) if vectors is not None else np.zeros(len(ij))
    lex = np.zeros(len(ij))
    if lexical is not None:
        for at in range(0, len(ij), chunk):
            rows = slice(at, at + chunk)
            lex[rows] = np.asarray(lexical[i[rows]].multiply(lexical[j[rows]]).sum(axis=1)).ravel()  # type: ignore[index]
    return {p: (float(d), float(x)) for p, d, x in zip(ij, dense, lex, strict=True)}


def _key(s1: Sentence, m1: Mention, s2: Sentence, m2: Mention) -> tuple[MentionKey, MentionKey]:
    return (m1.key, m2.key) if (s1.article_id, m1.start) <= (s2.article_id, m2.start) else (m2.key, m1.key)


def _ordered(s1: Sentence, m1: Mention, s2: Sentence, m2: Mention) -> tuple[Sentence, Mention, Sentence, Mention]:
    if (s1.article_id, m1.start) <= (s2.article_id, m2.start):
        return s1, m1, s2, m2
    return s2, m2, s1, m1


def _mention_channel(
    claims: list[Sentence], key: object
) -> Iterable[tuple[tuple[Sentence, Mention], tuple[Sentence, Mention], int]]:
    """Mentions of one dimension whose strong keys meet (or that share three weak ones), through an
    inverted index on key terms: linear in the mentions for a bounded posting length."""
    items: list[tuple[Sentence, Mention]] = [
        (s, m) for s in claims if not s.is_header for m in s.mentions if dimension(m) is not None
    ]
    postings: dict[tuple, list[int]] = defaultdict(list)
    strong_of: list[frozenset[str]] = []
    weak_of: list[frozenset[str]] = []
    for n, (s, m) in enumerate(items):
        strong, weak = key(s, m)  # type: ignore[operator]
        strong_of.append(strong)
        weak_of.append(weak)
        dim = dimension(m)[:2]  # type: ignore[index]
        for t in strong | weak:
            postings[(dim, t)].append(n)
    scores: dict[tuple[int, int], int] = defaultdict(int)
    for (_dim, t), ids in postings.items():
        if len(ids) < 2 or len(ids) > MAX_POSTING:
            continue
        for x in range(len(ids)):
            i = ids[x]
            for j in ids[x + 1 :]:
                if items[i][0].article_id == items[j][0].article_id or not comparable(items[i][1], items[j][1]):
                    continue
                both_strong = t in strong_of[i] and t in strong_of[j]
                scores[(i, j)] += 2 if both_strong else 1
    # Keep, per mention and other article, its best few partners.
    best: dict[tuple[int, str], list[tuple[int, int]]] = defaultdict(list)
    for (i, j), sc in scores.items():
        strong_meet = bool(strong_of[i] & strong_of[j])
        if not strong_meet and sc < 3:
            continue
        best[(i, items[j][0].article_id)].append((sc, j))
        best[(j, items[i][0].article_id)].append((sc, i))
    kept: set[tuple[int, int]] = set()
    for (i, _art), partners in best.items():
        for _sc, j in sorted(partners, key=lambda p: (-p[0], p[1]))[:PER_ARTICLE]:
            kept.add((min(i, j), max(i, j)))
    for i, j in sorted(kept):
        yield items[i], items[j], scores[(i, j)]
