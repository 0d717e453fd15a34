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
    return float(params["init"]) + float(params["learning_rate"]) * _leaves(params["trees"], x).sum(axis=1)


def _leaves(trees: list[dict], x: np.ndarray, chunk: int = 2048) -> np.ndarray:
    """Each row's leaf value in every tree, all trees walked together: the nodes of every tree in
    one array (children renumbered into it, a leaf its own child), each step moving every row down
    every tree at once, rather than a numpy pass per tree (docs/performance.md)."""
    sizes = [len(t["feature"]) for t in trees]
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]]).astype(np.int32)
    own = np.arange(sum(sizes), dtype=np.int32)

    def children(side: str) -> np.ndarray:
        linked = np.concatenate([np.asarray(t[side]) + s for t, s in zip(trees, starts, strict=True)])
        return np.where(np.concatenate([np.asarray(t[side]) for t in trees]) < 0, own, linked).astype(np.int32)

    feat = np.maximum(np.concatenate([t["feature"] for t in trees]), 0).astype(np.int32)
    thr = np.concatenate([t["threshold"] for t in trees]).astype(np.float64)
    value = np.concatenate([t["value"] for t in trees]).astype(np.float64)
    left, right = children("left"), children("right")
    depth = max((int(t["depth"]) for t in trees), default=0)
    out = np.zeros((len(x), len(trees)))
    for at in range(0, len(x), chunk):
        xc = x[at : at + chunk]
        flat = xc.ravel()
        base = (np.arange(len(xc), dtype=np.int64) * x.shape[1])[:, None]
        node = np.broadcast_to(starts, (len(xc), len(trees))).copy()
        for _ in range(depth):
            node = np.where(flat[base + feat[node]] <= thr[node], left[node], right[node])
        out[at : at + chunk] = value[node]
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
