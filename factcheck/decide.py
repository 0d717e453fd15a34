"""Is this pair of mentions one fact? Named features in, a calibrated probability out.

The hand rules of ``compare`` were fitted to the clusters they were tested on; here their
readings become features beside the claim frames and the alignment scores, and a logistic model
trained on the tuning split of real clusters weighs them (``training/train_samefact.py``,
``make model``). The model ships as plain JSON (feature names, scaling, weights), so loading it
needs neither pickle nor scikit-learn.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from factcheck.frames import Frame
from factcheck.langdata import stem

MODEL_PATH = Path(__file__).parent / "data" / "samefact.json"

FEATURES = (
    "similarity",
    "dense",
    "lexical",
    "shared_words",
    "near_overlap",
    "left_overlap",
    "same_head",
    "roles_same",
    "roles_differ",
    "modifier_conflict",
    "owner_same",
    "owner_conflict",
    "noun_same",
    "noun_conflict",
    "shared_names",
    "statement_both",
    "statement_one",
    "figures",
    "both_alone",
    "rule_score",
    "is_date",
    "is_money",
    "is_percent",
    "is_duration",
    "coarse_date",
    "predicate_same",
    "predicate_conflict",
    "counted_same",
    "counted_conflict",
    "participants_jaccard",
    "participants_conflict",
    "anchor_conflict",
    "reported",
    "article_names",
    "published_apart",
    "cross_lingual",
    "short_sentence",
)


@dataclass(frozen=True)
class Model:
    names: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    coef: tuple[float, ...]
    intercept: float
    threshold: float

    def probability(self, features: dict[str, float]) -> float:
        z = self.intercept
        for name, mu, sd, w in zip(self.names, self.mean, self.scale, self.coef, strict=True):
            z += w * (features.get(name, 0.0) - mu) / sd
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def reasons(self, features: dict[str, float], top: int = 3) -> list[str]:
        """The features that pushed this pair most towards "one fact"."""
        parts = [
            (w * (features.get(n, 0.0) - mu) / sd, n)
            for n, mu, sd, w in zip(self.names, self.mean, self.scale, self.coef, strict=True)
        ]
        return [n for v, n in sorted(parts, reverse=True)[:top] if v > 0]


@cache
def load(path: Path = MODEL_PATH) -> Model | None:
    if not path.is_file():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    return Model(
        tuple(data["features"]),
        tuple(data["mean"]),
        tuple(data["scale"]),
        tuple(data["coef"]),
        float(data["intercept"]),
        float(data["threshold"]),
    )


def frame_features(fa: Frame, fb: Frame) -> dict[str, float]:
    def stem6(w: str | None) -> str | None:
        return " ".join(stem(x) for x in w.split()) if w else None

    pa, pb = stem6(fa.predicate), stem6(fb.predicate)
    ca, cb = stem6(fa.counted), stem6(fb.counted)
    union = fa.participants | fb.participants
    jacc = len(fa.participants & fb.participants) / len(union) if union else 0.0
    anchor_conflict = 0.0
    if fa.anchor and fb.anchor and (fa.anchor[0] - fb.anchor[1] > 3 or fb.anchor[0] - fa.anchor[1] > 3):
        anchor_conflict = 1.0
    return {
        "predicate_same": float(pa is not None and pa == pb),
        "predicate_conflict": float(pa is not None and pb is not None and pa != pb),
        "counted_same": float(ca is not None and ca == cb),
        "counted_conflict": float(ca is not None and cb is not None and ca != cb),
        "participants_jaccard": jacc,
        "participants_conflict": float(
            bool(fa.participants and fb.participants and not (fa.participants & fb.participants))
        ),
        "anchor_conflict": anchor_conflict,
        "reported": float(fa.reported or fb.reported),
    }
