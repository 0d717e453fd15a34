"""Candidate claim pairs across articles: dense (FAISS) and lexical neighbours, fused.

The two channels find different pairs, so their z-score fusion finds more than either alone
(docs/design.md, "Retrieval"). e5 similarities are bunched (unrelated and same-fact pairs sit
close together), so no raw-cosine threshold is used: scores are
standardised against pairs of different claims from one article. Dates and numbers are masked
before embedding, because the differing value is exactly what should not push two
reports of one fact apart.
"""

from __future__ import annotations

import math
import re
import time
from collections import Counter
from collections.abc import Callable

import mmh3
import numpy as np
from scipy.sparse import csr_matrix

from factcheck import index as faiss_index
from factcheck.settings import Settings
from factcheck.types import ClaimPair, Sentence

_SPACES = re.compile(r"\s+")
# Floors under the spread of similarities between different facts, a little below what the seeds
# show (docs/design.md): a tiny background never gets a narrower one.
DENSE_MIN_SD = 0.02
LEXICAL_PROJECTION_DIM = 256
LEXICAL_MIN_SD = 0.05
LEXICAL_FEATURES = 2**20
_RUNS_OF_SPACE = re.compile(r"\s\s+")


class _GramIndex(dict):
    """Character n-gram -> hashed column, each distinct n-gram hashed once per call."""

    def __missing__(self, gram: str) -> int:
        h = mmh3.hash(gram, 0, True)
        col = (2**31 - 1 - (LEXICAL_FEATURES - 1)) % LEXICAL_FEATURES if h == -(2**31) else abs(h) % LEXICAL_FEATURES
        self[gram] = col
        return col


def char_tfidf(texts: list[str]) -> csr_matrix:
    """TF-IDF rows of lowercased character 3-5-grams inside word boundaries, hashed, L2-normed.

    The same matrix as scikit-learn's ``HashingVectorizer(analyzer="char_wb", ngram_range=(3, 5),
    n_features=2**20, alternate_sign=False)`` then ``TfidfTransformer(sublinear_tf=True)`` (tested
    equal): written here because importing scikit-learn costs more of every run's start than the
    seeds' whole lexical pass."""
    cols: list[int] = []
    vals: list[int] = []
    ends = np.zeros(len(texts) + 1, dtype=np.int64)
    column = _GramIndex()
    of_word: dict[str, list[int]] = {}  # a word's n-grams' columns: words recur far more than they differ

    def word_columns(word: str) -> list[int]:
        w = f" {word} "
        grams: list[str] = []
        for n in (3, 4, 5):
            if len(w) <= n:  # a short word counts once, as itself
                grams.append(w)
                break
            grams.extend([w[i : i + n] for i in range(len(w) - n + 1)])
        return [column[g] for g in grams]

    for row, text in enumerate(texts):
        counts: Counter[int] = Counter()
        for word in _RUNS_OF_SPACE.sub(" ", text.lower()).split():
            found = of_word.get(word)
            if found is None:
                found = of_word[word] = word_columns(word)
            counts.update(found)
        cols.extend(counts)
        vals.extend(counts.values())
        ends[row + 1] = len(cols)
    m = csr_matrix(
        (np.array(vals, dtype=np.float64), np.array(cols, dtype=np.int64), ends), shape=(len(texts), LEXICAL_FEATURES)
    )
    m.sum_duplicates()  # two n-grams hashed to one column
    df = np.bincount(m.indices, minlength=LEXICAL_FEATURES)
    idf = np.log((1 + len(texts)) / (1 + df)) + 1
    m.data = (np.log(m.data) + 1) * idf[m.indices]
    per_row = np.diff(m.indptr)
    norms = np.sqrt(np.bincount(np.repeat(np.arange(len(texts)), per_row), weights=m.data**2, minlength=len(texts)))
    m.data /= np.repeat(np.maximum(norms, 1e-300), per_row)
    return m


def masked(sentence: Sentence) -> str:
    """The sentence with every mention replaced by its kind: what is said, not which value."""
    out, pos = [], sentence.start
    for m in sentence.mentions:
        out.append(sentence.text[pos - sentence.start : m.start - sentence.start])
        out.append("#" if m.kind != "date" else "@")
        pos = m.end
    out.append(sentence.text[pos - sentence.start :])
    return _SPACES.sub(" ", "".join(out)).strip()


def _background(claims: list[Sentence], n: int = 20000, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Pairs of different claims from the same article: the hard negatives.

    Two sentences of one article are about the same story but state different facts, so
    a candidate must be more alike than those are. This calibrates a 3-article cluster
    and a 10,000-article archive the same way. Falls back to random cross-article pairs
    when articles are too short to supply enough.
    """
    rng = np.random.default_rng(seed)
    by_article: dict[str, list[int]] = {}
    for i, c in enumerate(claims):
        by_article.setdefault(c.article_id, []).append(i)
    groups = [g for g in by_article.values() if len(g) > 1]
    li: list[int] = []
    ri: list[int] = []
    total = sum(len(g) * (len(g) - 1) // 2 for g in groups)
    if total <= n:
        for g in groups:
            for x in range(len(g)):
                for y in range(x + 1, len(g)):
                    li.append(g[x])
                    ri.append(g[y])
    else:
        sizes = np.array([len(g) for g in groups], dtype=float)
        picks = rng.choice(len(groups), size=n, p=sizes**2 / (sizes**2).sum())
        for gi in picks:
            a, b = rng.choice(groups[gi], size=2, replace=False)
            li.append(int(a))
            ri.append(int(b))
    if len(li) >= 3:
        return np.array(li), np.array(ri)
    return _random_pairs([c.article_id for c in claims], n, seed)


def _z(values: np.ndarray, background: np.ndarray, min_sd: float) -> np.ndarray:
    """Standard scores; the floor keeps a handful of background pairs from inflating them."""
    sd = max(float(background.std()), min_sd)
    return (values - float(background.mean())) / sd


def _random_pairs(labels: list[str], n: int = 20000, seed: int = 1) -> tuple[np.ndarray, np.ndarray]:
    """Random pairs whose labels differ (other articles, or other languages)."""
    rng = np.random.default_rng(seed)
    codes = np.unique(np.asarray(labels), return_inverse=True)[1]
    li, ri = rng.integers(0, len(labels), n), rng.integers(0, len(labels), n)
    keep = codes[li] != codes[ri]
    return li[keep], ri[keep]


def _neighbour_pairs(index_vectors: np.ndarray, settings: Settings, k: int) -> tuple[np.ndarray, np.ndarray]:
    """(i, j) for the k nearest neighbours of every vector, from FAISS."""
    idx = faiss_index.build(index_vectors, settings)
    _, nn = faiss_index.search(idx, index_vectors, k)
    rows = np.repeat(np.arange(len(index_vectors)), nn.shape[1])
    return rows, nn.ravel()


def _lexical_pass(
    lex: csr_matrix, settings: Settings, k: int, need_a: np.ndarray, need_b: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Lexical neighbours and the lexical similarity of the given pairs, in one pass, never
    as an n x n matrix: exact sparse blocks while small; above ``lexical_exact_max`` a random
    projection of the TF-IDF rows searched with FAISS (inner products kept up to a small
    error: Johnson-Lindenstrauss). Returns neighbour rows, cols, their scores, and the
    scores of the needed pairs."""
    n = lex.shape[0]
    if n > settings.lexical_exact_max:
        from sklearn.random_projection import SparseRandomProjection  # only for large runs: a slow import

        proj = SparseRandomProjection(n_components=LEXICAL_PROJECTION_DIM, dense_output=True, random_state=0)
        vecs = np.asarray(proj.fit_transform(lex), dtype=np.float32)
        vecs /= np.linalg.norm(vecs, axis=1, keepdims=True) + 1e-9
        rows, cols = _neighbour_pairs(vecs, settings, k)
        ok = cols >= 0
        rows, cols = rows[ok], cols[ok]
        return rows, cols, _dots(vecs, rows, cols), _dots(vecs, need_a, need_b)
    rows, cols, vals = [], [], []
    needed = np.zeros(len(need_a), dtype=np.float32)
    order = np.argsort(need_a, kind="stable")
    sorted_a = need_a[order]
    lex_t = lex.T.tocsr()
    k = min(k, n)
    for start in range(0, n, 512):
        # Character n-grams are shared by almost every pair, so the block's product is dense:
        # held as an array, its k best of each row are picked for all rows at once.
        block = (lex[start : start + 512] @ lex_t).toarray()
        key = np.where(block != 0, -block, np.inf)  # only pairs that share an n-gram are neighbours
        best = np.argpartition(key, k - 1, axis=1)[:, :k] if k < n else np.broadcast_to(np.arange(n), key.shape)
        score = np.take_along_axis(key, best, axis=1)
        found = np.isfinite(score)
        rows.append(np.broadcast_to(np.arange(start, start + len(block))[:, None], best.shape)[found])
        cols.append(best[found])
        vals.append(-score[found])
        lo, hi = np.searchsorted(sorted_a, [start, start + 512])
        if hi > lo:
            sel = order[lo:hi]
            needed[sel] = block[need_a[sel] - start, need_b[sel]]
    return np.concatenate(rows), np.concatenate(cols), np.concatenate(vals), needed


class _PairTable:
    """Similarities of unordered pairs of unique sentences, looked up in bulk."""

    def __init__(self, n: int, a: np.ndarray, b: np.ndarray, values: np.ndarray):
        self.n = n
        keys = np.minimum(a, b).astype(np.int64) * n + np.maximum(a, b)
        self.keys, first = np.unique(keys, return_index=True)
        self.values = values[first]

    def get(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        keys = np.minimum(a, b).astype(np.int64) * self.n + np.maximum(a, b)
        pos = np.clip(np.searchsorted(self.keys, keys), 0, max(len(self.keys) - 1, 0))
        found = self.keys[pos] == keys if len(self.keys) else np.zeros(len(keys), bool)
        out = np.where(found, self.values[pos] if len(self.keys) else 0.0, 0.0)
        return np.where(a == b, 1.0, out)  # copies of one sentence


def candidates(
    claims: list[Sentence],
    encode: Callable[[list[str]], np.ndarray] | None,
    settings: Settings,
    languages: dict[str, str] | None = None,
    vectors: np.ndarray | None = None,
    new: set[int] | None = None,
    timings: dict[str, float] | None = None,
) -> list[ClaimPair]:
    """Each unordered cross-article pair once, scored; the strongest ``top_k`` per claim.

    Pairs across languages are scored on the dense channel alone, against other
    cross-language pairs: their character n-grams share nothing, and e5 places a
    translation lower than a same-language paraphrase.

    ``vectors`` are precomputed embeddings (a stored corpus); with ``new``, only pairs
    that involve one of those claims are kept (checking new articles against a corpus).
    """
    timings = {} if timings is None else timings
    if len(claims) < 2:
        return []
    texts = [masked(s) for s in claims]
    k = min(len(claims), settings.top_k * 3)
    t = time.perf_counter()
    dense_all = vectors if vectors is not None else (encode(texts) if encode is not None else None)
    timings["embed"] = timings.get("embed", 0.0) + time.perf_counter() - t

    t = time.perf_counter()
    # Identical sentences (wire copies) are indexed once and linked to each other directly:
    # thousands of equal vectors would only crowd the neighbour lists and the HNSW graph.
    slot: dict[str, int] = {}
    inverse = np.array([slot.setdefault(x, len(slot)) for x in texts])
    first = np.zeros(len(slot), dtype=np.int64)
    first[inverse[::-1]] = np.arange(len(texts))[::-1]
    utexts = list(slot)
    # Hashed character n-grams: no vocabulary to hold, the same scores as a fitted one.
    lex = char_tfidf(utexts)
    dense = dense_all[first] if dense_all is not None else None
    ku = min(len(utexts), k)
    nu = len(utexts)
    rows = cols = np.zeros(0, np.int64)
    if dense is not None and nu > 1:
        rows, cols = _neighbour_pairs(dense, settings, ku)
    bl, br = _background(claims)
    need_a = np.concatenate([rows, inverse[bl]]) if len(bl) else rows
    need_b = np.concatenate([cols, inverse[br]]) if len(bl) else cols
    ok = (need_b >= 0) & (need_a != need_b)
    need_a, need_b = need_a[ok], need_b[ok]
    if nu > 1:
        l_rows, l_cols, l_vals, need_vals = _lexical_pass(lex, settings, ku, need_a, need_b)
    else:
        l_rows = l_cols = np.zeros(0, np.int64)
        l_vals = need_vals = np.zeros(0, np.float32)
    table = _PairTable(
        nu, np.concatenate([l_rows, need_a]), np.concatenate([l_cols, need_b]), np.concatenate([l_vals, need_vals])
    )
    rows, cols = np.concatenate([l_rows, rows]), np.concatenate([l_cols, cols])
    timings["index"] = timings.get("index", 0.0) + time.perf_counter() - t

    t = time.perf_counter()
    keep = (cols >= 0) & (rows != cols)
    rows, cols = _expand(rows[keep], cols[keep], inverse, k)
    article_of = {a: n for n, a in enumerate(dict.fromkeys(c.article_id for c in claims))}
    art = np.array([article_of[c.article_id] for c in claims])
    keep = art[rows] != art[cols]
    if new is not None:
        is_new = np.zeros(len(claims), bool)
        is_new[list(new)] = True
        keep &= is_new[rows] | is_new[cols]
    li, ri = np.minimum(rows[keep], cols[keep]), np.maximum(rows[keep], cols[keep])
    pair_keys = np.unique(li.astype(np.int64) * len(claims) + ri)
    li, ri = pair_keys // len(claims), pair_keys % len(claims)
    if not len(li):
        timings["align"] = timings.get("align", 0.0) + time.perf_counter() - t
        return []
    if len(bl) < 2:
        bl, br = li, ri

    def lexical(a: np.ndarray, b: np.ndarray) -> np.ndarray:
        return table.get(inverse[a], inverse[b])

    def cosine(a: np.ndarray, b: np.ndarray) -> np.ndarray:
        return _dots(dense, inverse[a], inverse[b])

    lex_sim = _rowwise(lexical, li, ri)
    lex_bg = _rowwise(lexical, bl, br)
    if dense is not None:
        dense_sim = _rowwise(cosine, li, ri)
        dense_bg = _rowwise(cosine, bl, br)
        fused = settings.dense_weight * _z(dense_sim, dense_bg, DENSE_MIN_SD) + settings.lexical_weight * _z(
            lex_sim, lex_bg, LEXICAL_MIN_SD
        )
        lang_of = {a: n for n, a in enumerate(dict.fromkeys((languages or {}).get(c.article_id, "") for c in claims))}
        lang = np.array([lang_of[(languages or {}).get(c.article_id, "")] for c in claims])
        cross = lang[li] != lang[ri]
        if cross.any():
            langs = [(languages or {}).get(c.article_id, "") for c in claims]
            xl, xr = _random_pairs(langs)
            x_bg = _rowwise(cosine, xl, xr)
            fused[cross] = _z(dense_sim[cross], x_bg, DENSE_MIN_SD)
    else:
        dense_sim = np.full(len(li), np.nan)
        fused = _z(lex_sim, lex_bg, LEXICAL_MIN_SD)
    threshold = np.full(len(fused), settings.min_pair_z)
    if dense is not None:
        threshold[cross] = settings.min_pair_z_cross_lingual
    out = []
    for n in np.flatnonzero(fused >= threshold):
        sim = 1 / (1 + math.exp(-float(fused[n])))  # calibrated to [0, 1]
        dn = None if np.isnan(dense_sim[n]) else float(dense_sim[n])
        out.append(ClaimPair(claims[li[n]], claims[ri[n]], sim, dn, float(lex_sim[n])))
    timings["align"] = timings.get("align", 0.0) + time.perf_counter() - t
    return out


def _expand(rows: np.ndarray, cols: np.ndarray, inverse: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Neighbour pairs of unique sentences turned into pairs of claims, at most ~k per claim.

    Copies of one sentence are linked in a ring of up to k/2 others; an edge between two
    sentences links each copy of the first to one copy of the second, spread round-robin."""
    order = np.argsort(inverse, kind="stable")
    bounds = np.flatnonzero(np.diff(np.r_[-1, inverse[order], len(inverse)]))
    members = [order[bounds[i] : bounds[i + 1]] for i in range(len(bounds) - 1)]
    sizes = np.array([len(m) for m in members])
    out_r, out_c = [], []
    single = (sizes[rows] == 1) & (sizes[cols] == 1)
    firsts = np.array([m[0] for m in members])
    out_r.append(firsts[rows[single]])
    out_c.append(firsts[cols[single]])
    for u, v in zip(rows[~single], cols[~single], strict=True):
        mu, mv = members[u], members[v]
        out_r.append(mu)
        out_c.append(mv[np.arange(len(mu)) % len(mv)])
    for m in members:
        if len(m) < 2:
            continue
        for offset in range(1, min(len(m) - 1, max(1, k // 2)) + 1):
            out_r.append(m)
            out_c.append(np.roll(m, -offset))
    return np.concatenate(out_r).astype(np.int64), np.concatenate(out_c).astype(np.int64)


def _dots(vecs: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """The dot product of ``vecs[a[i]]`` and ``vecs[b[i]]`` for every i, a few thousand rows at a
    time: einsum over one large gather is far slower, for the same values to the bit
    (docs/performance.md)."""
    if len(a) == 0:
        return np.zeros(0, vecs.dtype)
    return np.concatenate(
        [np.einsum("ij,ij->i", vecs[a[i : i + 4096]], vecs[b[i : i + 4096]]) for i in range(0, len(a), 4096)]
    )


def _rowwise(score: Callable[[np.ndarray, np.ndarray], np.ndarray], a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Scores of many pairs, a chunk at a time, so memory stays flat."""
    if len(a) == 0:
        return np.zeros(0, np.float32)
    return np.concatenate([score(a[i : i + 100_000], b[i : i + 100_000]) for i in range(0, len(a), 100_000)])
