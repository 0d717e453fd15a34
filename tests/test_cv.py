"""The trainer behind `make model` and `factcheck eval --cv` (eval/cv.py), on small made-up rows."""

from __future__ import annotations

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
