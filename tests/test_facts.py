"""Fact groups: one finding per fact, naming the majority and the odd one out.

Rows use the sentence shapes of real labelled conflicts (ECB+ t23: the climber's age given as 31
by one article and 32 by four; a toll that rises with publication time)."""

from datetime import datetime

import numpy as np
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


# One wire story under several mastheads (ECB+ 23_3/23_6ecbplus: the AP story of the two climbers'
# deaths, with a light edit) against reports written on their own.
WIRE = (
    "One Australian and one English climber have fallen to their deaths in New Zealand, police {}. "
    "Police Inspector Dave Gaskin said the two incidents on consecutive days in the Aoraki-Mt. Cook National Park "
    "were not related and were not due to bad weather. "
    "He said they come as a reminder that climbers need to use extreme caution. "
)
OWN = (
    "A British climber died on Mount Sefton on the weekend, the second death in the park in two days. ",
    "Rescuers recovered the body of a climber from the slopes of Mount Sefton after his fall, police said. ",
    "The man, who lived in Christchurch, was climbing to a hut with friends when he slipped. ",
)
BUCKLEY = "On Saturday, {}-year-old Englishman Robert Buckley fell while climbing to a small hut on Mount Sefton."

COPY_ROWS = [
    # (what, per article: (body, age), majority, outliers, message part)
    (
        "three copies of one wire story count once against two own reports",
        [
            (WIRE.format("confirmed today"), 32),
            (WIRE.format("confirmed on Monday"), 32),
            (WIRE.format("said"), 32),
            (OWN[0], 31),
            (OWN[1], 31),
        ],
        "31-year",
        ["a", "b", "c"],
        "a (+2 copies: b, c) differs from the majority (31-year)",
    ),
    (
        "two copies against one own report: one source each, no majority",
        [(WIRE.format("confirmed today"), 32), (WIRE.format("said"), 32), (OWN[0], 31)],
        None,
        [],
        "the sources disagree. a (+1 copy: b): 32-year; c: 31-year",
    ),
    (
        "reports written on their own that share one sentence stay two sources",
        [(OWN[0], 32), (OWN[1], 32), (OWN[2], 31)],
        "32-year",
        ["c"],
        "c differs from the majority (32-year). a and b: 32-year; c: 31-year",
    ),
]


def _age_link(x: Document, y: Document) -> Link:
    def age(d: Document):
        return next((s, m) for s in d.sentences for m in s.mentions if m.unit == "age")

    (sx, mx), (sy, my) = age(x), age(y)
    return Link(sx, mx, sy, my, mx.lo == my.lo, 0.8, 0.9, "both about Buckley")


@pytest.mark.parametrize(("what", "articles", "majority", "outliers", "said"), COPY_ROWS, ids=[r[0] for r in COPY_ROWS])
def test_near_copies_are_one_source(what, articles, majority, outliers, said):
    names = "abcde"[: len(articles)]
    docs = [_doc(n, body + BUCKLEY.format(age), "2013-09-16") for n, (body, age) in zip(names, articles, strict=True)]
    links = [_age_link(x, y) for i, x in enumerate(docs) for y in docs[i + 1 :]]
    (finding,) = fact_groups(links, _articles(*docs))
    assert finding.majority == majority
    assert finding.outliers == outliers
    assert said in finding.message, finding.message
    copies = {d.article.id for d in docs if d.article.text.startswith("One Australian")}
    assert finding.copies == ({min(copies): sorted(copies - {min(copies)})} if copies else {})
    assert len(finding.claims) == len(docs)  # every copy's claim is still shown


@pytest.mark.parametrize(
    ("probability", "min_confidence", "findings"),
    [
        (0.2, None, 0),  # below the model's own threshold
        (0.2, 0.1, 1),  # a lower --min-confidence links the weaker pair: the curve's lower points
        (0.5, None, 1),
        (0.5, 0.6, 0),  # a higher one hides it
    ],
)
def test_min_confidence_is_where_the_model_links(monkeypatch, probability, min_confidence, findings):
    from factcheck import pipeline
    from factcheck.decide import Proposal

    class Model:
        threshold = 0.3

        def matrix(self, rows: list[dict]) -> np.ndarray:
            return np.array([r["p"] for r in rows])

        def probability(self, x: np.ndarray) -> np.ndarray:
            return x

    monkeypatch.setattr(pipeline.decide, "load", Model)
    a, b = _doc("a", AGE.format(32), "2013-06-01"), _doc("b", AGE.format(31), "2013-06-01")
    (sa,), (sb,) = a.sentences, b.sentences
    proposal = Proposal(sa, sa.mentions[0], sb, sb.mentions[0], 0.9, 0.9, 0.9, True, False, 2)
    stage = pipeline.Stage([], [proposal], [{"p": probability}], _articles(a, b), None)
    settings = Settings(decision="model", min_confidence=min_confidence)
    assert len(pipeline.Pipeline(settings).findings(stage)) == findings
