"""The same-fact model: named features in, a calibrated probability out.

Trained by ``training/train_samefact.py`` (``make model``) with scikit-learn: the mean of the
log-odds of logistic regression and gradient-boosted trees, calibrated out of fold (isotonic) with
topics as folds. It ships as plain JSON: feature names, the members' trees and weights, and the
calibration curve, so loading needs neither pickle nor scikit-learn, and a model
whose feature names differ from the code's is refused at load. A model may carry a second
calibration curve for the pairs one binary feature marks (``stratum``): the pairs the hand rules
report are a population of their own, and one curve for all pairs under-rates them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from factcheck._exceptions import ModelError
from factcheck.decide.context import CONTEXT_FEATURES, FIGURE_FEATURES, RULE_FEATURES
from factcheck.decide.features import FEATURES as PAIR_FEATURES

FEATURES = PAIR_FEATURES + CONTEXT_FEATURES + FIGURE_FEATURES + RULE_FEATURES  # what the model reads, in order

MODEL_PATH = Path(__file__).resolve().parent.parent / "data" / "samefact.json"


@dataclass(frozen=True)
class Model:
    names: tuple[str, ...]
    kind: str  # "logistic" | "trees"
    params: dict
    calibration: tuple[np.ndarray, np.ndarray]  # raw score -> probability, piecewise linear
    threshold: float  # the default decision threshold (probability)
    # Pairs with this feature on (its column) take a calibration curve of their own.
    stratum: tuple[int, tuple[np.ndarray, np.ndarray]] | None = None

    def raw(self, x: np.ndarray) -> np.ndarray:
        return _raw(self.kind, self.params, x)

    def probability(self, x: np.ndarray) -> np.ndarray:
        raw = self.raw(x)
        out = np.interp(raw, *self.calibration)
        if self.stratum is not None:
            column, curve = self.stratum
            on = x[:, column] > 0
            out[on] = np.interp(raw[on], *curve)
        return out

    def matrix(self, rows: list[dict[str, float]]) -> np.ndarray:
        return np.array([[r.get(n, 0.0) for n in self.names] for r in rows], dtype=np.float64).reshape(
            len(rows), len(self.names)
        )


def _raw(kind: str, params: dict, x: np.ndarray) -> np.ndarray:
    """The uncalibrated log-odds of ``kind``: logistic, trees, or the mean of member models'."""
    if kind == "mean":
        return np.mean([_raw(m["kind"], m["params"], x) for m in params["members"]], axis=0)
    if kind == "logistic":
        mean, scale = np.asarray(params["mean"]), np.asarray(params["scale"])
        return ((x - mean) / scale) @ np.asarray(params["coef"]) + float(params["intercept"])
    out = np.full(len(x), float(params["init"]))
    rows = np.arange(len(x))
    for tree in params["trees"]:
        feat, thr = np.asarray(tree["feature"]), np.asarray(tree["threshold"])
        left, right, value = np.asarray(tree["left"]), np.asarray(tree["right"]), np.asarray(tree["value"])
        node = np.zeros(len(x), dtype=np.int64)
        for _ in range(int(tree["depth"])):
            leaf = left[node] < 0
            go_left = x[rows, np.maximum(feat[node], 0)] <= thr[node]
            node = np.where(leaf, node, np.where(go_left, left[node], right[node]))
        out += float(params["learning_rate"]) * value[node]
    return out


def from_dict(data: dict) -> Model:
    names = tuple(data["features"])
    if names != FEATURES:
        missing = sorted(set(FEATURES) - set(names))
        extra = sorted(set(names) - set(FEATURES))
        raise ModelError(
            f"the same-fact model's features do not match the code (missing {missing}, unknown {extra}): "
            "rebuild it with `make model`"
        )
    stratum = None
    if data.get("stratum"):
        feature = data["stratum"]["feature"]
        if feature not in names:
            raise ModelError(
                f"the same-fact model calibrates by an unknown feature {feature!r}: rebuild it with `make model`"
            )
        stratum = (names.index(feature), _curve(data["stratum"]["calibration"]))
    return Model(names, data["kind"], data["params"], _curve(data["calibration"]), float(data["threshold"]), stratum)


def _curve(cal: dict) -> tuple[np.ndarray, np.ndarray]:
    return (np.asarray(cal["x"], float), np.asarray(cal["y"], float))


@cache
def load(path: Path = MODEL_PATH) -> Model:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ModelError(f"{path}: the same-fact model is missing: rebuild it with `make model`") from None
    return from_dict(data)
