"""Fact groups: one finding per fact, naming the majority and the odd one out.

Rows use the sentence shapes of real labelled conflicts (ECB+ t23: the climber's age given as 31
by one article and 32 by four; a toll that rises with publication time)."""

from datetime import datetime

import pytest

from factcheck.extract import extract
from factcheck.facts import fact_groups
from factcheck.segment import segment
from factcheck.settings import Settings
from factcheck.types import Article, Document, Link


def _doc(article_id: str, text: str, published: str) -> Document:
    a = Article(
        id=article_id,
        source=f"{article_id}.txt",
        text=text,
        language="en",
        body=[(0, len(text))],
        published=datetime.fromisoformat(published),
    )
    return extract(a, segment(a), Settings())


def _link(x: Document, y: Document) -> Link:
    (sx,), (sy,) = x.sentences, y.sentences
    (mx,), (my,) = sx.mentions, sy.mentions
    agree = mx.lo == my.lo
    return Link(sx, mx, sy, my, agree, 0.8, 0.9, "both about climber")


def _articles(*docs: Document) -> dict:
    return {d.article.id: d.article for d in docs}


AGE = "The {}-year-old climber from Cumbria fell while descending the ridge."
TOLL = "The storm has killed {} people in the province, officials said."

ROWS = [
    # (what, values per article, publication days, links as index pairs, majority, outliers, update)
    (
        "three agree against one: one finding names the one",
        ["32", "32", "32", "31"],
        ["2013-06-01"] * 4,
        [(0, 3), (1, 3), (0, 1), (1, 2)],
        "32-year",
        ["d"],
        False,
    ),
    (
        "two against two: no majority, no outlier named",
        ["32", "32", "31", "31"],
        ["2013-06-01"] * 4,
        [(0, 2), (1, 3), (0, 1), (2, 3)],
        None,
        [],
        False,
    ),
]


@pytest.mark.parametrize(
    ("what", "values", "days", "links", "majority", "outliers", "update"), ROWS, ids=[r[0] for r in ROWS]
)
def test_fact_group(what, values, days, links, majority, outliers, update):
    docs = [_doc(name, AGE.format(v), d) for name, v, d in zip("abcd", values, days, strict=True)]
    (finding,) = fact_groups([_link(docs[i], docs[j]) for i, j in links], _articles(*docs))
    assert finding.majority == majority
    assert finding.outliers == outliers
    assert finding.update is update
    assert len(finding.claims) == 4 and finding.reason == "both about climber"
    # every disagreeing pair points at two claims with different values
    for i, j in finding.pairs:
        assert finding.claims[i].value != finding.claims[j].value


def test_a_count_that_grows_with_publication_time_is_an_update():
    docs = [
        _doc("a", TOLL.format(62), "2022-11-21"),
        _doc("b", TOLL.format(162), "2022-11-22"),
        _doc("c", TOLL.format(268), "2022-11-23"),
    ]
    links = [_link(docs[0], docs[1]), _link(docs[1], docs[2])]
    (finding,) = fact_groups(links, _articles(*docs))
    assert finding.update and finding.severity == "low" and "likely an update" in finding.message


def test_agreements_alone_are_no_finding():
    docs = [_doc(n, AGE.format(32), "2013-06-01") for n in "ab"]
    assert fact_groups([_link(docs[0], docs[1])], _articles(*docs)) == []
