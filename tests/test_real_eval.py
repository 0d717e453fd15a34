"""Quality on real news that nobody here wrote: the held-out split must stay above its floors.

The floors in ``tests/real/floors.json`` are the figures measured when they were set, and are
raised whenever a change improves them. An unlabelled flag counts as false, so a change that
raises new flags fails here until someone reads and labels them (``factcheck eval --unlabelled``).
The scoring rules themselves are tested on hand-built findings below, row by row.
"""

import json
from pathlib import Path

import pytest

from eval import evaluate as ev
from factcheck.types import Claim, Discrepancy

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests" / "real"
DATA = ROOT.parent / "shared"


def _claim(article: str, mention: str, sentence: str) -> Claim:
    return Claim(article, sentence, mention, None, None, 1, 1, 0, len(mention))


def _flag(*claims: tuple[str, str, str], kind: str = "number") -> Discrepancy:
    return Discrepancy(kind, "medium", 0.5, 0.9, "", [_claim(*c) for c in claims])


A = ("31_1ecb", "2,301", "the senior has 2,301 career points")
B = ("31_12ecb", "2,302", "Hansbrough now has 2,302 points")
C = ("31_14ecb", "2,302", "finished with 2,302 career points")
X = ("31_2ecbplus", "20", "McDermott scored 20 points")


def _cluster(labels=(), must=(), events=None) -> ev.RealCluster:
    book = {
        ev.flag_key(k, [dict(zip(("article", "mention", "sentence"), c, strict=True)) for c in cs]): lab
        for k, cs, lab in labels
    }
    return ev.RealCluster("t31", "heldout", "en", [], None, events or {}, True, list(must), book)


def _must(*claims):
    return {"claims": [dict(zip(("article", "mention", "sentence"), c, strict=True)) for c in claims]}


SCORING = [
    # (what, cluster, flags, expected verdicts, expected number of missed must items)
    ("a labelled flag takes its label", _cluster([("number", [A, B], "true")]), [_flag(A, B)], ["true"], 0),
    ("labels ignore claim order", _cluster([("number", [B, A], "true")]), [_flag(A, B)], ["true"], 0),
    (
        "labels ignore whitespace and case",
        _cluster([("number", [A, (B[0], B[1], B[2].upper())], "update")]),
        [_flag(A, B)],
        ["update"],
        0,
    ),
    (
        "a mention span that grew in the same sentence keeps its label",
        _cluster([("number", [A, B], "true")]),
        [_flag((A[0], "2,301 career", A[2]), B)],
        ["true"],
        0,
    ),
    ("a label is per kind", _cluster([("date", [A, B], "true")]), [_flag(A, B)], ["unlabelled"], 0),
    ("an unknown flag is unlabelled", _cluster(), [_flag(A, C)], ["unlabelled"], 0),
    (
        "a flag across events in a mixed cluster is cross-event whatever its label",
        _cluster([("number", [A, X], "true")], events={"31_1ecb": "t31_ecb", "31_2ecbplus": "t31_ecbplus"}),
        [_flag(A, X)],
        ["cross-event"],
        0,
    ),
    (
        "the odd one out paired with any other claim finds the item",
        _cluster(must=[_must(A, B, C)]),
        [_flag(A, C)],
        ["unlabelled"],
        0,
    ),
    (
        "two claims that are both 'others' do not find it",
        _cluster(must=[_must(A, B, C)]),
        [_flag(B, C)],
        ["unlabelled"],
        1,
    ),
    (
        "the sentence fragment must match",
        _cluster(must=[_must(A, (B[0], B[1], "another sentence"))]),
        [_flag(A, B)],
        ["unlabelled"],
        1,
    ),
    (
        "another sentence of a listed article counts when a reader labelled the flag right",
        _cluster([("number", [A, B], "true")], must=[_must(A, (B[0], B[1], "another sentence"))]),
        [_flag(A, B)],
        ["true"],
        0,
    ),
    (
        "but never on the odd one's side",
        _cluster([("number", [A, B], "true")], must=[_must((A[0], A[1], "another sentence"), B)]),
        [_flag(A, B)],
        ["true"],
        1,
    ),
]


@pytest.mark.parametrize(("what", "cluster", "flags", "verdicts", "missed"), SCORING, ids=[r[0] for r in SCORING])
def test_scoring(what, cluster, flags, verdicts, missed):
    r = ev.RealResult(cluster, flags)
    r.score()
    assert r.verdicts == verdicts
    assert len(r.missed) == missed


def _slot(*claims: tuple[str, str, str], pairs: list[tuple[int, int]]) -> Discrepancy:
    return Discrepancy("number", "medium", 0.5, 0.9, "", [_claim(*c) for c in claims], pairs=pairs)


STRICT = [
    # (what, labels, finding, right as printed, right when no read pair may be wrong)
    ("one right pair", [("number", [A, B], "true")], _slot(A, B, pairs=[(0, 1)]), 1, 1),
    (
        "a right pair chained to a wrong one",
        [("number", [A, B], "true"), ("number", [A, X], "false")],
        _slot(A, B, X, pairs=[(0, 1), (0, 2)]),
        1,
        0,
    ),
    (
        "an unread pair beside a right one",
        [("number", [A, B], "true")],
        _slot(A, B, C, pairs=[(0, 1), (0, 2)]),
        1,
        1,
    ),
    ("an update counts as right", [("number", [A, B], "update")], _slot(A, B, pairs=[(0, 1)]), 1, 1),
    ("a wrong finding is right in neither", [("number", [A, B], "false")], _slot(A, B, pairs=[(0, 1)]), 0, 0),
]


@pytest.mark.parametrize(("what", "labels", "finding", "right", "strict"), STRICT, ids=[r[0] for r in STRICT])
def test_strict_reading(what, labels, finding, right, strict):
    r = ev.RealResult(_cluster(labels), [finding])
    r.score()
    f = ev.Figures()
    f.add(r)
    assert (f.right, f.strict) == (right, strict)
    assert f.strict_precision == strict


def test_unlabelled_flags_count_as_false_and_floors_fail():
    r = ev.RealResult(_cluster([("number", [A, B], "true")]), [_flag(A, B), _flag(A, C)])
    r.score()
    result = ev.RealEval("heldout", [r], {"precision": 0.6, "max_cross_event": 0})
    assert result.measures()["precision"] == 0.5
    assert result.failures() == ["precision 0.500 is below its floor 0.600"]


def test_split_is_fixed_and_disjoint():
    split = json.loads((GOLD / "split.json").read_text())
    assert not set(split["tuning"]) & set(split["heldout"])
    assert len(split["tuning"]) + len(split["heldout"]) == 34
    kompas = json.loads((GOLD / "kompas-oil.json").read_text())["split"]
    assert not set(kompas["tuning"]) & set(kompas["heldout"])


def test_heldout_real_clusters_meet_their_floors(settings, pipeline):
    assert DATA.is_dir(), f"{DATA}: the shared corpora must sit beside the project"
    result, _ = ev.evaluate_real(GOLD, DATA, "heldout", settings, pipe=pipeline)
    assert result.floors, "tests/real/floors.json has no held-out floors"
    assert result.failures() == [], result.render()


def _small_gold(tmp_path: Path, floors: dict, labels: bool = True) -> Path:
    """A gold directory holding one real held-out topic, to drive the command end to end quickly."""
    gold = tmp_path / "gold"
    (gold / "ecbplus").mkdir(parents=True)
    (gold / "split.json").write_text(json.dumps({"corpus": "corpora/ecbplus-dev", "tuning": [], "heldout": ["t38"]}))
    topic = json.loads((GOLD / "ecbplus" / "t38.json").read_text())
    if not labels:
        topic["labels"] = []
    (gold / "ecbplus" / "t38.json").write_text(json.dumps(topic))
    (gold / "floors.json").write_text(json.dumps({"heldout": floors}))
    return gold


@pytest.mark.parametrize(
    ("floors", "labels", "code", "says"),
    [
        ({"precision": 0.0, "max_cross_event": 1000}, True, 0, "t38_mixed"),
        ({"precision": 1.01}, True, 1, "FLOOR NOT MET: precision"),  # a floor no result can meet
        ({"max_cross_event": 0}, True, 1, "FLOOR NOT MET: cross_event"),
        ({}, False, 0, "UNLABELLED t38_ecbplus"),
    ],
)
def test_eval_command_gates_on_floors_and_lists_unlabelled(tmp_path, floors, labels, code, says):
    from typer.testing import CliRunner

    from factcheck.cli import app

    gold = _small_gold(tmp_path, floors, labels)
    todo = tmp_path / "todo.json"
    args = ["eval", "--split", "heldout", "--gold", str(gold), "--data", str(DATA), "-q", "--unlabelled", str(todo)]
    run = CliRunner().invoke(app, args)
    assert run.exit_code == code, run.output
    assert says in run.output
    assert bool(json.loads(todo.read_text())) is not labels


def test_kept_vetoes_are_right_on_what_they_silence_on_tuning():
    """The rule for keeping a hard veto: on the tuning split nearly every pair it silences was read as
    two facts. A change to a veto, or a new label, that breaks this must be argued again."""
    import sys

    sys.path.insert(0, str(GOLD))
    import rule_evidence

    pairs = rule_evidence.labelled_pairs("tuning", DATA)
    assert len(pairs) > 500  # the labels are found again in the articles as the engine reads them
    for name, veto in rule_evidence.VETOES.items():
        if not name.endswith("(kept)"):  # the shared-value test was kept on tuning figures, not labels
            continue
        silenced = [label for label, (a, aa), (b, ab) in pairs if veto(a, aa, b, ab)]
        assert silenced, name  # each kept veto does something on tuning
        # With the 5,100 labels read on 2026-12-06 a veto may silence a true pair the earlier labels
        # never showed; a kept veto must still be right on at least 95 % of what it silences.
        wrong = sum(label in ("true", "update") for label in silenced)
        assert wrong <= 0.05 * len(silenced), (name, wrong, len(silenced))
