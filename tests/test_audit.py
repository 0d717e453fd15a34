"""Label-quality tools (eval/audit.py) on small made-up labels: no ../shared needed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eval import audit


def _claim(article: str, mention: str, sentence: str) -> dict:
    return {"article": article, "mention": mention, "sentence": sentence}


DHOW = _claim("12_8ecb", "30-foot", "The larger of which was described as a 24- to 30-foot dhow.")


@pytest.mark.parametrize(
    ("labels", "groups"),
    [
        # one claim, the same figure of two other articles, read two ways: read again
        (
            [
                {"claims": [_claim("12_3ecb", "10-metre", "A 10-metre dhow."), DHOW], "label": "false"},
                {"claims": [DHOW, _claim("12_5ecb", "10-metre", "The 10-metre-long dhow.")], "label": "true"},
            ],
            1,
        ),
        # read the same way: nothing to read again
        (
            [
                {"claims": [_claim("12_3ecb", "10-metre", "A 10-metre dhow."), DHOW], "label": "true"},
                {"claims": [DHOW, _claim("12_5ecb", "10-metre", "The 10-metre-long dhow.")], "label": "update"},
            ],
            0,
        ),
        # the other figures differ ("six" is not "10-metre"): two questions, not one read two ways
        (
            [
                {"claims": [_claim("12_3ecb", "10-metre", "A 10-metre dhow."), DHOW], "label": "false"},
                {"claims": [DHOW, _claim("12_5ecb", "six", "Six boats.")], "label": "true"},
            ],
            0,
        ),
    ],
)
def test_groups_find_one_claim_read_two_ways(tmp_path: Path, labels: list, groups: int) -> None:
    f = tmp_path / "t12.json"
    f.write_text(json.dumps({"labels": labels}))
    found = audit.groups([f], root=tmp_path)
    assert len(found) == groups
    for g in found:
        assert g["labels_file"] == "t12.json"
        assert g["shared_claim"]["article"] == DHOW["article"]
        assert sorted(e["index_in_labels"] for e in g["entries"]) == [0, 1]


def test_agreement_counts_each_side_and_lists_the_differences() -> None:
    key = [
        {"id": 0, "label": "true"},
        {"id": 1, "label": "update"},
        {"id": 2, "label": "false"},
        {"id": 3, "label": "false"},
    ]
    batches = [
        [{"id": 0, "claims": [], "label": "update", "why": "same fact, later"}],  # positive either way: agrees
        [
            {"id": 1, "claims": [], "label": "false", "why": "two people"},
            {"id": 2, "claims": [], "label": "false", "why": "two days"},
            {"id": 3, "claims": [], "label": "true", "why": "one fact"},
        ],
    ]
    counts, differ = audit.agreement(batches, key)
    assert counts[("one fact", True)] == 1 and counts[("one fact", False)] == 1
    assert counts[("two facts", True)] == 1 and counts[("two facts", False)] == 1
    assert [(e["id"], e["label_was"], e["label"]) for e in differ] == [(1, "update", "false"), (3, "false", "true")]
