"""Leave-topics-out cross-validation of the whole decision, and the shipped model's training.

Every real topic (the 34 ECB+ topics and the Kompas corpus) is dealt into one of five folds
(``tests/real/folds.json``, fixed seed). For each fold a model is trained on the labelled pairs of
the other folds' topics only: the mean of three families' log-odds (logistic regression, and
gradient-boosted trees of two sizes), its calibration (isotonic, fitted on scores out of inner
folds, apart for the pairs the rules report) and its threshold (where F0.5 is best on
out-of-fold training pairs) are all made there. That model then decides every cluster of the
held-out fold exactly as ``factcheck check`` would, and the findings are scored against the read
labels. No topic is scored by a model that saw it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.isotonic import IsotonicRegression
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import average_precision_score
from sklearn.model_selection import GroupKFold
from sklearn.preprocessing import StandardScaler

from eval.collect import Run, _must_pair
from eval.evaluate import Figures, RealCluster, RealResult, _must_covered
from factcheck import compare
from factcheck.decide import Proposal
from factcheck.decide.features import rule_vetoes
from factcheck.decide.model import FEATURES, Model, from_dict
from factcheck.pipeline import rule_findings, slots
from factcheck.settings import Settings
from factcheck.types import Discrepancy

POSITIVE = {"true", "update", "must"}
NEGATIVE = {"false", "cross-event"}
CROSS_EVENT_WEIGHT = 0.5  # free negatives: many, and easier than read ones
BETA = 0.5  # precision counts more than recall when choosing the threshold
GRID = [round(x, 2) for x in np.arange(0.05, 0.96, 0.05)]
# The pairs the hand rules report are calibrated apart: far more of them are one fact than of the
# rest, and one isotonic curve over every pair's score, fitted to the many others, put most of them
# below the threshold (docs/quality.md has the figures). Too few such pairs in a training fold and
# they share the common curve.
STRATUM = "rules_found"
MIN_STRATUM = 30


def training_rows(runs: list[Run], topics: set[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Labelled disagreeing pairs of ``topics``: read labels from same-event clusters, and
    cross-event pairs (false by construction) from mixed ones."""
    xs, ys, ws, gs = [], [], [], []
    for r in runs:
        if r.cluster.topic not in topics:
            continue
        for row, lab in zip(r.stage.rows, r.labels, strict=True):
            if row["agree"]:
                continue
            if r.cluster.mixed and lab != "cross-event":
                continue  # the same pair is in its same-event cluster
            if lab in POSITIVE or lab in NEGATIVE:
                xs.append([row[n] for n in FEATURES])
                ys.append(1.0 if lab in POSITIVE else 0.0)
                ws.append(CROSS_EVENT_WEIGHT if lab == "cross-event" else 1.0)
                gs.append(r.cluster.topic)
    return np.array(xs).reshape(-1, len(FEATURES)), np.array(ys), np.array(ws), np.array(gs)


# The families whose log-odds the decision averages. The small trees are the same learner held to
# coarser rules (7 leaves, 40 pairs a leaf): with some 400 one-fact pairs in a training fold, finer
# leaves fit single topics.
TREES = {
    "trees": {
        "max_iter": 200,
        "learning_rate": 0.05,
        "max_leaf_nodes": 15,
        "min_samples_leaf": 20,
        "l2_regularization": 1.0,
    },
    "small trees": {
        "max_iter": 300,
        "learning_rate": 0.03,
        "max_leaf_nodes": 7,
        "min_samples_leaf": 40,
        "l2_regularization": 3.0,
    },
}
FAMILIES = ("logistic", *TREES)
# The decision is the mean of every family's log-odds. Chosen by inner average precision, the
# family swung between folds on ties within the folds' spread, and with it the default point
# (docs/quality.md has both procedures' figures).
MEAN = "mean"


def _estimator(family: str) -> LogisticRegression | HistGradientBoostingClassifier:
    if family == "logistic":
        return LogisticRegression(C=0.3, max_iter=2000)
    return HistGradientBoostingClassifier(**TREES[family], random_state=0)


def _fit(family: str, x: np.ndarray, y: np.ndarray, w: np.ndarray) -> dict:
    """A model as the shipped JSON's ``kind`` and ``params``."""
    if family == MEAN:
        return {"kind": "mean", "params": {"members": [_fit(f, x, y, w) for f in FAMILIES]}}
    if family == "logistic":
        sc = StandardScaler().fit(x)
        scale = np.where(sc.scale_ > 0, sc.scale_, 1.0)
        est = _estimator(family).fit((x - sc.mean_) / scale, y, sample_weight=w)
        return {
            "kind": "logistic",
            "params": {
                "mean": sc.mean_.tolist(),
                "scale": scale.tolist(),
                "coef": est.coef_[0].tolist(),
                "intercept": float(est.intercept_[0]),
            },
        }
    est = _estimator(family).fit(x, y, sample_weight=w)
    trees = []
    for (pred,) in est._predictors:
        nodes = pred.nodes
        leaf = nodes["is_leaf"].astype(bool)
        trees.append(
            {
                "feature": np.where(leaf, -1, nodes["feature_idx"].astype(np.int64)).tolist(),
                "threshold": nodes["num_threshold"].tolist(),
                "left": np.where(leaf, -1, nodes["left"].astype(np.int64)).tolist(),
                "right": np.where(leaf, -1, nodes["right"].astype(np.int64)).tolist(),
                "value": nodes["value"].tolist(),
                "depth": int(nodes["depth"].max()),
            }
        )
    init = float(np.ravel(est._baseline_prediction)[0])
    # The leaves already hold the learning rate's share.
    return {"kind": "trees", "params": {"init": init, "learning_rate": 1.0, "trees": trees}}


def _raw(spec: dict, x: np.ndarray) -> np.ndarray:
    identity = {"x": [0.0, 1.0], "y": [0.0, 1.0]}
    return from_dict({**spec, "features": list(FEATURES), "calibration": identity, "threshold": 0.5}).raw(x)


def _best_threshold(p: np.ndarray, y: np.ndarray) -> float:
    """The F-beta-optimal threshold of calibrated probabilities: F*/(1 + beta^2), where F* is the
    best F-beta any threshold reaches (Lipton, Elkan and Narayanaswamy 2014: adding a pair of
    probability p raises the expected F-beta exactly when p exceeds that value). F* is a maximum,
    which moves little with the data; the threshold that reaches it is an argmax over a stepwise
    curve, which jumps when the features move by a float rounding (docs/quality.md)."""
    order = np.argsort(-p, kind="stable")
    ps, tp = p[order], np.cumsum(y[order] == 1)
    last = np.r_[ps[1:] != ps[:-1], True]  # cut only between distinct probabilities
    flagged = np.arange(1, len(p) + 1)[last]
    positives = max(int((y == 1).sum()), 1)
    f = (1 + BETA**2) * tp[last] / (BETA**2 * positives + flagged)
    return round(float(f.max()) / (1 + BETA**2), 4) if len(f) else 0.5


def train(
    x: np.ndarray, y: np.ndarray, w: np.ndarray, groups: np.ndarray, family: str = MEAN
) -> tuple[dict, dict[str, float]]:
    """The shipped model's JSON from these rows: the mean of the families' log-odds (or one
    family), isotonic calibration and threshold from inner leave-topics-out out-of-fold scores.
    Also each member's inner average precision, and the mean's."""
    inner = GroupKFold(n_splits=min(4, len(set(groups))))
    members = list(FAMILIES) if family == MEAN else [family]
    oof = {f: np.zeros(len(y)) for f in members}
    for tr, te in inner.split(x, y, groups):
        for f in members:
            oof[f][te] = _raw(_fit(f, x[tr], y[tr], w[tr]), x[te])
    scores = np.mean([oof[f] for f in members], axis=0)
    aps = {f: float(average_precision_score(y, oof[f], sample_weight=w)) for f in members}
    if family == MEAN:
        aps[MEAN] = float(average_precision_score(y, scores, sample_weight=w))
    on = x[:, FEATURES.index(STRATUM)] > 0
    if on.sum() < MIN_STRATUM:
        on = np.zeros(len(y), dtype=bool)
    common, probs = _isotonic(scores, y, w, ~on)
    spec = _fit(family, x, y, w)
    spec.update(family=family, features=list(FEATURES), calibration=common)
    if on.any():
        apart, probs_on = _isotonic(scores, y, w, on)
        probs[on] = probs_on[on]
        spec["stratum"] = {"feature": STRATUM, "calibration": apart}
    spec["threshold"] = _best_threshold(probs, y)
    return spec, aps


def _isotonic(raw: np.ndarray, y: np.ndarray, w: np.ndarray, rows: np.ndarray) -> tuple[dict, np.ndarray]:
    """An isotonic curve fitted on ``rows`` (raw score -> probability), and every row's probability by it."""
    iso = IsotonicRegression(out_of_bounds="clip", y_min=0.0, y_max=1.0).fit(raw[rows], y[rows], sample_weight=w[rows])
    return {"x": iso.X_thresholds_.tolist(), "y": iso.y_thresholds_.tolist()}, iso.predict(raw)


@dataclass
class FoldResult:
    results: dict[float, list[RealResult]] = field(default_factory=dict)  # threshold -> per cluster
    default: list[RealResult] = field(default_factory=list)
    thresholds: dict[str, float] = field(default_factory=dict)  # topic -> its fold model's threshold
    pair_scores: list[tuple[float, float, str]] = field(default_factory=list)  # (p, y, topic) labelled pairs
    probabilities: dict[str, np.ndarray] = field(default_factory=dict)  # cluster -> out-of-fold, per proposal
    families: dict[int, str] = field(default_factory=dict)


def findings(run: Run, model: Model, threshold: float) -> list[Discrepancy]:
    probs = model.probability(model.matrix(run.stage.rows)) if run.stage.rows else np.zeros(0)
    return run.weekday + slots(run.stage, probs, threshold)


def score(run: Run, found: list[Discrepancy]) -> RealResult:
    res = RealResult(run.cluster, found)  # type: ignore[arg-type]
    res.score()
    return res


def cross_validate(runs: list[Run], folds: dict[str, int], log: Callable[[str], None] = print) -> FoldResult:
    out = FoldResult()
    for k in sorted(set(folds.values())):
        held = {t for t, f in folds.items() if f == k}
        x, y, w, g = training_rows(runs, set(folds) - held)
        spec, aps = train(x, y, w, g)
        model = from_dict(spec)
        out.families[k] = spec["family"]
        log(
            f"fold {k}: trained on {len(y)} pairs ({int(y.sum())} one fact), {spec['family']} "
            f"(inner AP {', '.join(f'{f} {v:.2f}' for f, v in aps.items())}), threshold {spec['threshold']}"
        )
        for r in runs:
            if r.cluster.topic not in held:
                continue
            out.thresholds[r.cluster.topic] = spec["threshold"]
            probs = model.probability(model.matrix(r.stage.rows)) if r.stage.rows else np.zeros(0)
            out.probabilities[r.cluster.name] = probs
            for p, row, lab in zip(probs, r.stage.rows, r.labels, strict=True):
                if row["agree"] or (r.cluster.mixed and lab != "cross-event"):
                    continue
                if lab in POSITIVE or lab in NEGATIVE:
                    out.pair_scores.append((float(p), 1.0 if lab in POSITIVE else 0.0, r.cluster.topic))
            out.default.append(score(r, r.weekday + slots(r.stage, probs, spec["threshold"])))
            for t in GRID:
                out.results.setdefault(t, []).append(score(r, r.weekday + slots(r.stage, probs, t)))
    return out


def rules(runs: list[Run], settings: Settings) -> list[RealResult]:
    """The hand rules' findings on every cluster: nothing is trained, so nothing needs a fold."""
    out = []
    for r in runs:
        stage = replace(r.stage, cache=compare.RoleCache(r.docs, settings.min_article_names))
        out.append(score(r, r.weekday + rule_findings(stage, settings)))
    return out


def group_of(c: RealCluster) -> str:
    if c.mixed:
        return "mixed"
    if c.topic == "kompas":
        return "kompas (id)"
    return "ecb+ same-event (en)"


def figures(results: list[RealResult]) -> dict[str, Figures]:
    groups: dict[str, Figures] = {}
    for r in results:
        groups.setdefault(group_of(r.cluster), Figures()).add(r)
    return groups


def pr_curve(fr: FoldResult, group: str = "ecb+ same-event (en)") -> list[tuple[float, float, float, int]]:
    """(threshold, precision, recall, findings) of one group of clusters over the grid."""
    out = []
    for t in GRID:
        f = figures(fr.results[t]).get(group)
        if f is not None:
            out.append((t, f.precision, f.recall, f.flags))
    return out


def average_precision(curve: list[tuple[float, float, float, int]]) -> float:
    """Step-wise area under the precision-recall curve, from high thresholds (low recall) down."""
    pts = sorted((r, p) for _t, p, r, n in curve if n)
    ap, last = 0.0, 0.0
    for r, _p in pts:
        if r > last:
            ap += (r - last) * max(p2 for r2, p2 in pts if r2 >= r)
            last = r
    return ap


BOOTSTRAP = 2000
BOOTSTRAP_SEED = 20261207


def _counts(results: list[RealResult], group: str, topics: list[str]) -> np.ndarray:
    """Per topic of ``group``: findings, right, must-flag items read, found, cross-event findings."""
    out = np.zeros((len(topics), 5))
    at = {t: i for i, t in enumerate(topics)}
    for r in results:
        if group_of(r.cluster) == group:
            f = Figures()
            f.add(r)
            out[at[r.cluster.topic]] += (f.flags, f.right, f.must, f.found, f.cross_event)
    return out


def _topics(fr: FoldResult, group: str) -> list[str]:
    return sorted({r.cluster.topic for r in fr.default if group_of(r.cluster) == group})


def _table(fr: FoldResult, group: str, topics: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Counts per topic at the default point, and per threshold of the grid."""
    return _counts(fr.default, group, topics), np.stack([_counts(fr.results[t], group, topics) for t in GRID])


def _draw(table: tuple[np.ndarray, np.ndarray], w: np.ndarray) -> dict[str, float]:
    """The figures of one resample, ``w`` being how often each topic was drawn."""

    def rates(c: np.ndarray) -> tuple[float, float, float]:
        flags, right, must, found, cross = c
        return (right / flags if flags else 1.0, found / must if must else 1.0, cross / flags if flags else 0.0)

    default, grid = table
    p, r, cross = rates(w @ default)
    sums = np.tensordot(grid, w, axes=([1], [0]))  # threshold x count
    curve = [(t, *rates(s)[:2], int(s[0])) for t, s in zip(GRID, sums, strict=True)]
    return {"precision": p, "recall": r, "average precision": average_precision(curve), "cross-event": cross}


def _resamples(k: int, n: int, seed: int) -> list[np.ndarray]:
    rng = np.random.default_rng(seed)
    return [np.bincount(rng.integers(0, k, k), minlength=k) for _ in range(n)]


def _keys(group: str) -> tuple[str, ...]:
    return ("cross-event",) if group == "mixed" else ("precision", "recall", "average precision")


def _interval(xs: list[float]) -> tuple[float, float]:
    return float(np.percentile(xs, 2.5)), float(np.percentile(xs, 97.5))


def intervals(
    fr: FoldResult, group: str, n: int = BOOTSTRAP, seed: int = BOOTSTRAP_SEED
) -> dict[str, tuple[float, float]]:
    """95 % intervals of the default point's figures and of the average precision, from resampling
    ``group``'s topics with replacement: how far a figure moves with which topics the corpus happens
    to hold."""
    topics = _topics(fr, group)
    if len(topics) < 2:
        return {}
    table = _table(fr, group, topics)
    draws = [_draw(table, w) for w in _resamples(len(topics), n, seed)]
    return {k: _interval([d[k] for d in draws]) for k in _keys(group)}


def paired(
    base: FoldResult, new: FoldResult, group: str, n: int = BOOTSTRAP, seed: int = BOOTSTRAP_SEED
) -> dict[str, tuple[float, float]]:
    """95 % intervals of ``new``'s figures minus ``base``'s, both scored on the same resampled
    topics: a change is told apart from the corpus's noise only when its interval leaves out 0."""
    topics = _topics(base, group)
    if len(topics) < 2 or topics != _topics(new, group):
        return {}
    ta, tb = _table(base, group, topics), _table(new, group, topics)
    draws = [(_draw(ta, w), _draw(tb, w)) for w in _resamples(len(topics), n, seed)]
    return {k: _interval([b[k] - a[k] for a, b in draws]) for k in _keys(group)}


def _conflicts(runs: list[Run]) -> Iterator[tuple[Run, dict, list[int]]]:
    """Each must-flag conflict with two sides of the read same-event clusters (a weekday error
    stands alone: no pair to propose), with the indices of the disagreeing proposals that pair
    it (first claim against one it contradicts)."""
    for r in runs:
        c = r.cluster
        if c.mixed or not c.read:
            continue
        for g in c.must:
            if len(g["claims"]) < 2:
                continue
            yield (
                r,
                g,
                [
                    i
                    for i, (p, row) in enumerate(zip(r.stage.proposals, r.stage.rows, strict=True))
                    if not row["agree"] and _must_pair_one(g, p)
                ],
            )


def candidate_recall(runs: list[Run]) -> tuple[int, int, list[str]]:
    """Must-flag conflicts of read same-event clusters that some proposal pairs."""
    found = total = 0
    missed = []
    for r, g, hits in _conflicts(runs):
        total += 1
        found += bool(hits)
        if not hits:
            sides = " vs ".join(f'{x["article"]} "{x["mention"]}"' for x in g["claims"][:3])
            missed.append(f"{r.cluster.name}: {sides}")
    return found, total, missed


@dataclass(frozen=True)
class Standing:
    """Where the must-flag conflicts with two sides stand under the out-of-fold model, by their
    strongest proposed disagreeing pair against their fold's threshold."""

    above: int  # a pair at or above the threshold
    above_ruled: int  # of those, conflicts with a pair the hand rules report
    below: int  # proposed, every pair below the threshold
    below_far: int  # of those, conflicts whose strongest pair is at FAR_BELOW or less
    never: int  # no proposal pairs them


FAR_BELOW = 0.16  # a strongest pair this low is far from any fold's threshold, not a near miss


def standing(runs: list[Run], fr: FoldResult) -> Standing:
    above = ruled = below = far = never = 0
    for r, _g, hits in _conflicts(runs):
        if r.cluster.name not in fr.probabilities:
            continue
        probs = fr.probabilities[r.cluster.name]
        best = max((float(probs[i]) for i in hits), default=None)
        if best is None:
            never += 1
        elif best >= fr.thresholds[r.cluster.topic]:
            above += 1
            ruled += any(r.stage.rows[i][STRATUM] > 0 for i in hits)
        else:
            below += 1
            far += best <= FAR_BELOW
    return Standing(above, ruled, below, far, never)


ARTICLE_NAMES = "article names"  # compare.candidates' first test: the two articles share too few names


def _tests_failed(row: dict[str, float], settings: Settings) -> tuple[str, ...]:
    """The rules' tests a disagreeing proposed pair fails: its own (``features.rule_vetoes``), and
    the article-level one ``compare.candidates`` applies before any pair is read."""
    apart = compare.articles_apart(row["article_names"], bool(row["cross_lingual"]), settings)
    return (ARTICLE_NAMES,) * apart + rule_vetoes(row)


@dataclass(frozen=True)
class Stopped:
    """The must-flag conflicts with two sides that the rules miss, by their least-stopped proposed
    pair (the one failing fewest of the rules' tests)."""

    tests: dict[str, tuple[int, int]]  # test -> (conflicts it stops alone, conflicts it stops with others)
    passed: int  # a pair passes every test: lost to alignment, one partner per mention or grouping
    never: int  # no proposal pairs them
    shared: int  # stopped by two tests or more, each conflict once


def stopped(runs: list[Run], ruled: list[RealResult], settings: Settings) -> Stopped:
    missed = {r.cluster.name: res.missed for r, res in zip(runs, ruled, strict=True)}
    alone: Counter[str] = Counter()
    together: Counter[str] = Counter()
    passed = never = shared = 0
    for r, g, hits in _conflicts(runs):
        if g not in missed[r.cluster.name]:
            continue
        if not hits:
            never += 1
            continue
        least = min((_tests_failed(r.stage.rows[i], settings) for i in hits), key=len)
        if not least:
            passed += 1
        elif len(least) == 1:
            alone[least[0]] += 1
        else:
            shared += 1
            together.update(least)
    tests = {t: (alone[t], together[t]) for t in sorted(alone | together, key=lambda t: (-alone[t], -together[t], t))}
    return Stopped(tests, passed, never, shared)


def read_rates(
    runs: list[Run], features: tuple[str, ...] = ("rules_would_flag", STRATUM)
) -> dict[str, tuple[int, int]]:
    """For each binary feature: of the read disagreeing pairs of same-event clusters it marks, how
    many are one fact, and how many were read."""
    out = dict.fromkeys(features, (0, 0))
    for r in runs:
        if r.cluster.mixed:
            continue
        for row, lab in zip(r.stage.rows, r.labels, strict=True):
            if row["agree"] or not (lab in POSITIVE or lab in NEGATIVE):
                continue
            for f in features:
                if row[f] > 0:
                    one, read = out[f]
                    out[f] = (one + (lab in POSITIVE), read + 1)
    return out


def _must_pair_one(g: dict, p: Proposal) -> bool:
    from eval.collect import Cluster

    one = Cluster("", "", "", [], must=[g])
    ka = {"article": p.left.article_id, "mention": p.a.text, "sentence": p.left.text}
    kb = {"article": p.right.article_id, "mention": p.b.text, "sentence": p.right.text}
    return _must_pair(one, ka, kb)


__all__ = ["_must_covered", "cross_validate", "train", "training_rows"]
