"""The learned decision's pieces, one row per reading, without ../shared."""

import importlib
import json

import numpy as np
import pytest

from factcheck import context, langdata
from factcheck._exceptions import ModelError
from factcheck.decide.proposals import comparable
from factcheck.types import Mention, Sentence

# The package exports the functions under these names, so the modules are imported by path.
feats = importlib.import_module("factcheck.decide.features")
model_mod = importlib.import_module("factcheck.decide.model")


def m(kind, value, unit=None, text="x"):
    return Mention(kind=kind, text=text, start=0, end=len(text), value=value, unit=unit, lo=value, hi=value)


@pytest.mark.parametrize(
    ("a", "b", "ok"),
    [
        (m("number", 268.0), m("number", 162.0), True),  # two death tolls: one dimension
        (m("number", 150.0, "m"), m("number", 200.0, "m"), True),  # metres and feet both read as metres
        (m("money", 184e6, "USD"), m("money", 200e6, "USD"), True),
        (m("money", 5e6, "USD"), m("money", 5e6, "IDR"), False),  # two currencies
        (m("number", 30.0, "IDR/liter"), m("number", 30.0, "IDR/day"), False),  # two rates
        (m("percent", 60.0, "%"), m("number", 60.0), False),  # two kinds
        (m("ordinal", 2.0), m("ordinal", 3.0), False),  # an ordinal is no value
    ],
)
def test_only_kind_and_dimension_are_hard(a, b, ok):
    assert comparable(a, b) is ok


@pytest.mark.parametrize(
    ("va", "vb", "conversion", "rel"),
    [
        (100.0, 160.9, 1.0, 0.378),  # "160 km (100 miles)" with the unit lost on one side
        (600.0, 1968.5, 1.0, 0.695),  # 600 metres against 2,000 feet written as a bare figure
        (31.0, 32.0, 0.0, 0.031),  # a birthday apart: no conversion
        (268.0, 162.0, 0.0, 0.396),
    ],
)
def test_value_features(va, vb, conversion, rel):
    f = feats._value_features(m("number", va), m("number", vb))
    assert f["conversion"] == conversion
    assert f["rel_diff"] == pytest.approx(rel, abs=1e-3)


@pytest.mark.parametrize(
    ("text", "lang", "has"),
    [
        ("The magnitude was 6.3, the USGS said.", "en", "USGS"),
        ("According to police, 12 people were hurt.", "en", "police"),
        ("Gempa berkekuatan 5,6, kata BMKG.", "id", "BMKG"),
        ("Twelve people were hurt in the blast.", "en", None),
    ],
)
def test_attribution_names_who_said_it(text, lang, has):
    """The source as its stem in the sentence's language; a name keeps its form ("USGS", not "usg")."""
    got = context.attribution(Sentence("a", 0, 0, len(text), text), lang)
    assert (langdata.get(lang).stem(has) in got) if has else not got


def test_a_model_with_other_features_is_refused(tmp_path):
    path = tmp_path / "m.json"
    path.write_text(
        json.dumps(
            {
                "features": ["dense"],
                "kind": "logistic",
                "params": {},
                "calibration": {"x": [0, 1], "y": [0, 1]},
                "threshold": 0.5,
            }
        )
    )
    with pytest.raises(ModelError, match="make model"):
        model_mod.load.__wrapped__(path)


def test_the_shipped_model_loads_and_gives_probabilities():
    model = model_mod.load()
    rows = [dict.fromkeys(feats.FEATURES, 0.0), {**dict.fromkeys(feats.FEATURES, 0.0), "rules_would_flag": 1.0}]
    p = model.probability(model.matrix(rows))
    assert p.shape == (2,) and np.all((p >= 0) & (p <= 1))


def _logistic(stratum: dict | None = None) -> dict:
    """A model whose raw score is the feature ``dense`` alone, calibrated to half of it."""
    names = list(model_mod.FEATURES)
    coef = [1.0 if n == "dense" else 0.0 for n in names]
    spec = {
        "features": names,
        "kind": "logistic",
        "params": {"mean": [0.0] * len(names), "scale": [1.0] * len(names), "coef": coef, "intercept": 0.0},
        "calibration": {"x": [0.0, 1.0], "y": [0.0, 0.5]},
        "threshold": 0.3,
    }
    return spec | ({"stratum": stratum} if stratum else {})


@pytest.mark.parametrize(
    ("stratum", "found", "expected"),
    [
        (None, 0.0, 0.4),  # one curve for every pair
        (None, 1.0, 0.4),
        ({"feature": "rules_found", "calibration": {"x": [0.0, 1.0], "y": [0.0, 1.0]}}, 0.0, 0.4),
        ({"feature": "rules_found", "calibration": {"x": [0.0, 1.0], "y": [0.0, 1.0]}}, 1.0, 0.8),  # its own curve
    ],
)
def test_the_rules_reported_pairs_take_their_own_calibration(stratum, found, expected):
    model = model_mod.from_dict(_logistic(stratum))
    row = {**dict.fromkeys(model_mod.FEATURES, 0.0), "dense": 0.8, "rules_found": found}
    assert model.probability(model.matrix([row]))[0] == pytest.approx(expected)


def test_a_stratum_of_an_unknown_feature_is_refused():
    with pytest.raises(ModelError, match="make model"):
        model_mod.from_dict(_logistic({"feature": "no_such", "calibration": {"x": [0, 1], "y": [0, 1]}}))
