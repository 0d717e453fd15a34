"""The trainer behind `make model` and `factcheck eval --cv` (eval/cv.py), on small made-up rows."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pytest

from eval import cv
from factcheck.decide.model import FEATURES, from_dict


def _rows(n_found: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """600 pairs over six topics; ``n_found`` of them reported by the rules, half of those one fact,
    against one in twenty of the rest (with ``dense`` a weak hint)."""
    rng = np.random.default_rng(seed)
    n = 600
    x = np.zeros((n, len(FEATURES)))
    found = np.zeros(n, dtype=bool)
    found[rng.choice(n, n_found, replace=False)] = True
    y = np.where(found, rng.random(n) < 0.5, rng.random(n) < 0.05).astype(float)
    x[:, FEATURES.index("dense")] = y * 0.3 + rng.random(n)
    x[:, FEATURES.index(cv.STRATUM)] = found
    groups = np.array([f"t{i % 6}" for i in range(n)])
    return x, y, np.ones(n), groups


@pytest.mark.parametrize(
    ("n_found", "apart"),
    [
        (120, True),  # enough reported pairs: their own curve
        (cv.MIN_STRATUM - 1, False),  # too few: they share the common curve
    ],
)
def test_the_rules_reported_pairs_are_calibrated_apart_when_there_are_enough(n_found, apart):
    x, y, w, g = _rows(n_found)
    spec, aps = cv.train(x, y, w, g, family="logistic")
    assert ("stratum" in spec) is apart
    assert set(aps) == {"logistic"} and spec["family"] == "logistic"
    model = from_dict(spec)
    p = model.probability(x)
    on = x[:, FEATURES.index(cv.STRATUM)] > 0
    if apart:  # the reported pairs' own curve gives them about their rate, not the common one's
        assert p[on].mean() == pytest.approx(y[on].mean(), abs=0.15)
        assert p[on].mean() > 3 * p[~on].mean()
    assert 0.05 <= spec["threshold"] <= 0.95


def test_the_shipped_decision_is_the_mean_of_the_families_log_odds():
    x, y, w, g = _rows(120)
    spec, aps = cv.train(x, y, w, g)
    assert spec["kind"] == "mean" and set(aps) == {*cv.FAMILIES, cv.MEAN}
    identity = {"x": [0.0, 1.0], "y": [0.0, 1.0]}
    members = [
        from_dict({**m, "features": list(FEATURES), "calibration": identity, "threshold": 0.5}).raw(x)
        for m in spec["params"]["members"]
    ]
    assert [m["kind"] for m in spec["params"]["members"]] == ["logistic", "trees", "trees"]
    assert np.allclose(from_dict(spec).raw(x), np.mean(members, axis=0))


@pytest.mark.parametrize("family", list(cv.TREES))
def test_the_shipped_trees_score_as_scikit_learn_does(family):
    """The trees are walked from their JSON, without scikit-learn: they must give its log-odds."""
    x, y, w, _g = _rows(120, seed=1)
    x[:, FEATURES.index("similarity")] = np.random.default_rng(2).random(len(y))  # splits on a second feature
    identity = {"x": [0.0, 1.0], "y": [0.0, 1.0]}
    spec = cv._fit(family, x, y, w)
    walked = from_dict({**spec, "features": list(FEATURES), "calibration": identity, "threshold": 0.5}).raw(x)
    assert np.allclose(walked, cv._estimator(family).fit(x, y, sample_weight=w).decision_function(x))


def test_read_rates_count_read_disagreeing_pairs_of_same_event_clusters_only():
    from types import SimpleNamespace

    def run(mixed: bool, rows: list[tuple[float, float, float, str]]) -> SimpleNamespace:
        return SimpleNamespace(
            cluster=SimpleNamespace(mixed=mixed),
            stage=SimpleNamespace(rows=[{"agree": a, "rules_would_flag": w, cv.STRATUM: f} for a, w, f, _ in rows]),
            labels=[lab for *_, lab in rows],
        )

    runs = [
        run(
            False,
            [
                (0.0, 1.0, 1.0, "true"),  # one fact, marked by both
                (0.0, 1.0, 0.0, "false"),  # two facts, the replay only
                (0.0, 1.0, 1.0, "unlabelled"),  # not read
                (1.0, 1.0, 1.0, "true"),  # agreeing values: no disagreement to read
            ],
        ),
        run(True, [(0.0, 1.0, 1.0, "cross-event")]),  # mixed clusters are left out
    ]
    assert cv.read_rates(runs) == {"rules_would_flag": (1, 2), cv.STRATUM: (1, 1)}


def _fold_result(per_topic: list[tuple[int, int, int, int]]) -> cv.FoldResult:
    """One same-event cluster per topic: (findings, right, must-flag items, found), at every threshold."""
    from types import SimpleNamespace

    from eval.evaluate import RealResult

    results = []
    for n, (flags, right, must, found) in enumerate(per_topic):
        c = SimpleNamespace(mixed=False, topic=f"t{n}", read=True, must=[{}] * must)
        verdicts = ["true"] * right + ["false"] * (flags - right)
        results.append(RealResult(c, [object()] * flags, verdicts, [{}] * (must - found)))  # type: ignore[arg-type]
    return cv.FoldResult(results={t: results for t in cv.GRID}, default=results)


GROUP = "ecb+ same-event (en)"


@pytest.mark.parametrize(
    ("per_topic", "expected"),
    [
        # every topic at P 0.5 and R 0.5: whichever topics are drawn, the figures do not move
        ([(2, 1, 2, 1)] * 5, {"precision": (0.5, 0.5), "recall": (0.5, 0.5)}),
        # one topic of ten holds every right finding: precision is 0.1 over all ten, but 0 when the
        # draw leaves that topic out and 0.3 when it is drawn three times
        ([(2, 2, 1, 1)] + [(2, 0, 1, 0)] * 9, {"precision": (0.0, 0.3), "recall": (0.0, 0.3)}),
    ],
)
def test_intervals_resample_topics(per_topic: list, expected: dict) -> None:
    got = cv.intervals(_fold_result(per_topic), GROUP, n=400)
    for k, (lo, hi) in expected.items():
        assert got[k][0] <= lo + 1e-9 and got[k][1] >= hi - 1e-9, (k, got[k])
        assert got[k][0] >= 0.0 and got[k][1] <= 1.0
    if expected["precision"][0] == expected["precision"][1]:
        assert got["precision"] == expected["precision"]


def test_intervals_need_two_topics() -> None:
    assert cv.intervals(_fold_result([(2, 1, 2, 1)]), GROUP) == {}


@pytest.mark.parametrize(
    ("base", "new", "moved"),
    [
        ([(4, 2, 2, 1)] * 6, [(4, 2, 2, 1)] * 6, {"precision": 0, "recall": 0, "average precision": 0}),
        # one false finding fewer in every topic: better precision, told apart from noise
        ([(4, 2, 2, 1)] * 6, [(3, 2, 2, 1)] * 6, {"precision": 1, "recall": 0}),
        # one must-flag item lost in half the topics: worse recall, wherever the draw falls
        ([(4, 2, 2, 2)] * 6, [(4, 2, 2, 2)] * 3 + [(4, 2, 2, 1)] * 3, {"recall": -1}),
    ],
)
def test_paired_intervals_leave_out_zero_only_for_a_real_change(base: list, new: list, moved: dict) -> None:
    got = cv.paired(_fold_result(base), _fold_result(new), GROUP, n=400)
    for k, sign in moved.items():
        lo, hi = got[k]
        if sign == 0:
            assert lo == hi == 0.0, (k, got[k])
        elif sign > 0:
            assert lo > 0, (k, got[k])
        else:
            assert hi < 0, (k, got[k])


def _expected_f(p: np.ndarray, t: float) -> float:
    """Expected F0.5 of flagging p >= t when each pair is one fact with its probability."""
    flagged = p >= t
    return (1 + cv.BETA**2) * p[flagged].sum() / (cv.BETA**2 * p.sum() + flagged.sum())


@pytest.mark.parametrize(
    ("name", "shape"),
    [
        ("most pairs two facts, a few likely one", lambda u: u**4),
        ("a flat middle", lambda u: 0.2 + 0.3 * u),
        ("two steps, as an isotonic curve gives", lambda u: np.where(u < 0.9, 0.05, 0.6)),
    ],
)
def test_the_threshold_is_where_f_is_best_and_does_not_jump(name, shape):
    rng = np.random.default_rng(1)
    p = shape(rng.random(5000))
    y = (rng.random(5000) < p).astype(float)
    t = cv._best_threshold(p, y)
    best = max(_expected_f(p, c) for c in np.linspace(0.01, 0.99, 99))
    assert _expected_f(p, t) >= best - 0.02, name
    # A float rounding's change in every probability moves it far less than a grid step (0.05).
    shaken = cv._best_threshold(p * (1 + 1e-6 * rng.standard_normal(len(p))), y)
    assert abs(shaken - t) < 0.01, name


def test_the_learning_curve_thins_only_read_labels():
    from types import SimpleNamespace

    from eval.learning_curve import thinned

    @dataclass
    class FakeRun:  # the fields of ``collect.Run`` that thinning reads
        cluster: SimpleNamespace
        labels: list[str]

    labels = ["true", "false", "update", "must", "cross-event", "unlabelled"] * 200
    runs = [FakeRun(SimpleNamespace(mixed=False), labels)]
    assert thinned(runs, 1.0, 1)[0].labels == labels  # everything kept
    none = thinned(runs, 0.0, 1)[0].labels
    assert set(none) == {"cross-event", "unlabelled"} and none.count("cross-event") == 200  # free labels stay
    half = thinned(runs, 0.5, 1)[0].labels
    kept = sum(lab in ("true", "false", "update", "must") for lab in half)
    assert 300 < kept < 500  # about half of the 800 read labels
    assert half == thinned(runs, 0.5, 1)[0].labels != thinned(runs, 0.5, 2)[0].labels  # one corpus per seed
    assert runs[0].labels == labels  # the runs themselves are not changed


@pytest.mark.parametrize(
    ("what", "pairs", "expected"),
    [
        # (probability, agree, rules_found) of each proposal that pairs the conflict
        ("a pair above the threshold that the rules report", [(0.5, 0, 1), (0.1, 0, 0)], (1, 1, 0, 0, 0)),
        ("above the threshold, the rules silent", [(0.4, 0, 0)], (1, 0, 0, 0, 0)),
        ("just below", [(0.2, 0, 0)], (0, 0, 1, 0, 0)),
        ("far below", [(cv.FAR_BELOW, 0, 0)], (0, 0, 1, 1, 0)),
        ("an agreeing pair does not count, however strong", [(0.9, 1, 1), (0.1, 0, 0)], (0, 0, 1, 1, 0)),
        ("never proposed", [], (0, 0, 0, 0, 1)),
    ],
)
def test_must_flag_conflicts_stand_by_their_strongest_disagreeing_pair(monkeypatch, what, pairs, expected):
    from types import SimpleNamespace

    monkeypatch.setattr(cv, "_must_pair_one", lambda g, p: p == g["id"])
    conflict = {"id": "c1", "claims": [{"article": "a", "mention": "268"}, {"article": "b", "mention": "162"}]}
    alone = {"id": "c1", "claims": [{}]}  # a weekday error: one side, left out
    props = ["c1"] * len(pairs) + ["other"]
    rows = [{"agree": float(a), cv.STRATUM: float(f)} for _, a, f in pairs] + [{"agree": 0.0, cv.STRATUM: 1.0}]
    probs = np.array([p for p, *_ in pairs] + [0.99])
    cluster = SimpleNamespace(mixed=False, read=True, name="t1_ecb", topic="t1", must=[conflict, alone])
    mixed = SimpleNamespace(mixed=True, read=True, name="t1_mixed", topic="t1", must=[conflict])
    runs = [SimpleNamespace(cluster=c, stage=SimpleNamespace(proposals=props, rows=rows)) for c in (cluster, mixed)]
    fr = cv.FoldResult(thresholds={"t1": 0.3}, probabilities={"t1_ecb": probs, "t1_mixed": probs})
    assert cv.standing(runs, fr) == cv.Standing(*expected), what
    found, total, missed = cv.candidate_recall(runs)  # the same conflicts, the same pairing
    assert (found, total, len(missed)) == (1 - expected[4], 1, expected[4]), what


def _passing_row(**changed: float) -> dict[str, float]:
    """A disagreeing pair's features that pass every test of the rules, with ``changed`` set."""
    from factcheck.decide.features import _VETOES

    row = dict.fromkeys(_VETOES, 0.0)
    row.update(agree=0.0, rule_score=0.5, market=0.0, published_apart=0.0, shared_names=0.0, is_date=1.0)
    row.update(corroborated=1.0, cross_lingual=0.0, article_names=0.5)
    row.update(changed)
    return row


@pytest.mark.parametrize(
    ("what", "rows", "missed", "expected"),
    [
        # (tests: {test: (alone, with others)}, passed, never, shared)
        ("passes every test: lost to alignment or grouping", [{}], True, ({}, 1, 0, 0)),
        ("the words around the values do not meet", [{"rule_score": 0.0}], True, ({"context": (1, 0)}, 0, 0, 0)),
        ("the two articles share too few names", [{"article_names": 0.1}], True, ({"article names": (1, 0)}, 0, 0, 0)),
        (
            "no article names compared across languages",
            [{"article_names": 0.1, "cross_lingual": 1.0}],
            True,
            ({}, 1, 0, 0),
        ),
        (
            "a figure no other shared value backs",
            [{"is_date": 0.0, "corroborated": 0.0}],
            True,
            ({"uncorroborated": (1, 0)}, 0, 0, 0),
        ),
        (
            "a market figure of another day",
            [{"market": 1.0, "published_apart": 1.0}],
            True,
            ({"market": (1, 0)}, 0, 0, 0),
        ),
        (
            "two tests",
            [{"rule_score": 0.0, "explained": 1.0}],
            True,
            ({"context": (0, 1), "explained": (0, 1)}, 0, 0, 1),
        ),
        (
            "the least stopped counts",
            [{"rule_score": 0.0, "explained": 1.0}, {"explained": 1.0}],
            True,
            ({"explained": (1, 0)}, 0, 0, 0),
        ),
        ("never proposed", [], True, ({}, 0, 1, 0)),
        ("found by the rules: not counted", [{"rule_score": 0.0}], False, ({}, 0, 0, 0)),
    ],
)
def test_conflicts_the_rules_miss_are_counted_by_the_tests_their_pairs_fail(monkeypatch, what, rows, missed, expected):
    from types import SimpleNamespace

    from factcheck.decide.features import _rules_would_flag
    from factcheck.settings import Settings

    monkeypatch.setattr(cv, "_must_pair_one", lambda g, p: p == g["id"])
    conflict = {"id": "c1", "claims": [{"article": "a", "mention": "2,302"}, {"article": "b", "mention": "2,301"}]}
    full = [_passing_row(**r) for r in rows]
    cluster = SimpleNamespace(mixed=False, read=True, name="t31_ecb", topic="t31", must=[conflict])
    runs = [SimpleNamespace(cluster=cluster, stage=SimpleNamespace(proposals=["c1"] * len(rows), rows=full))]
    ruled = [SimpleNamespace(missed=[conflict] if missed else [])]
    st = cv.stopped(runs, ruled, Settings())  # type: ignore[arg-type]
    assert st == cv.Stopped(expected[0], *expected[1:]), what
    # the pair's own tests are the replay the model reads as ``rules_would_flag``
    assert all(_rules_would_flag(r) == (not cv.rule_vetoes(r)) for r in full), what
