"""A figure and its conversion in one sentence are one claim, compared in one dimension; two
outlets' conversions of one sum into another currency that disagree are a low-severity finding.
One row per phenomenon, with the real sentence shapes (ECB+ t23, t30, t38, t42)."""

from datetime import date, datetime

import pytest

from factcheck.compare import quantities_agree
from factcheck.extract import extract
from factcheck.facts import fact_groups
from factcheck.segment import segment
from factcheck.settings import Settings
from factcheck.types import Article, Document, Link, Mention


def _doc(article_id: str, text: str) -> Document:
    a = Article(
        id=article_id,
        source=f"{article_id}.txt",
        text=text,
        language="en",
        body=[(0, len(text))],
        published=datetime(2013, 9, 16),
    )
    return extract(a, segment(a), Settings(), today=date(2026, 1, 1))


def _quantities(doc: Document) -> list[Mention]:
    return [m for s in doc.sentences for m in s.mentions if m.kind in ("number", "money") and m.unit != "age"]


ROWS = [
    # (what, sentence, its one mention's text, figures elsewhere that agree, figures that do not)
    (
        "a hedged length and its conversion (23_4ecbplus)",
        "On Friday, Duncan Raite died after slipping and falling about 60 metres (200 feet) from a ridge.",
        "60 metres (200 feet)",
        ["He fell about 60m from a ridge.", "He fell 200 feet from a ridge."],
        ["He fell 150 metres from a ridge."],
    ),
    (
        "a rounded conversion does not stretch the head to a third value (23_4ecbplus)",
        "On Saturday, Robert Buckley fell about 600 metres (2,000 feet) while climbing to a small hut.",
        "600 metres (2,000 feet)",
        ["He fell 2,000 feet while climbing.", "He fell about 600m while climbing."],
        ["He fell 700 meters while climbing."],
    ),
    (
        "feet first, metres in parentheses (23_2ecbplus)",
        "Inspector Dave Gaskin said the man fell around 2000ft (609 metres) near the Mount Sefton Bivvy.",
        "2000ft (609 metres)",
        ["The man fell 609 metres near the bivvy."],
        ["The man fell 200ft near the bivvy."],
    ),
    (
        "miles against kilometres: each rounded in its own unit (38_1ecbplus)",
        "The quake hit Healdsburg, 55 miles (90 km) north of San Francisco.",
        "55 miles (90 km)",
        ["The quake hit Healdsburg, 90 km north of San Francisco.", "It hit 55 miles north of San Francisco."],
        ["The quake hit Healdsburg, 72 miles north of San Francisco."],
    ),
    (
        "a mass and its conversion (42_1ecbplus)",
        "The laptop weighs in at 2.38 pounds (1.08 kg) for the smaller model.",
        "2.38 pounds (1.08 kg)",
        ["The laptop weighs 1.08 kg."],
        ["The laptop weighs 1.35 kg."],
    ),
    (
        "square feet against square metres",
        "The plant covers 2,500 square feet (232 square metres) of the lot.",
        "2,500 square feet (232 square metres)",
        ["The plant covers 232 square metres."],
        ["The plant covers 500 square metres."],
    ),
]


@pytest.mark.parametrize(("what", "sentence", "joined", "agree", "differ"), ROWS, ids=[r[0] for r in ROWS])
def test_a_conversion_is_one_claim(what, sentence, joined, agree, differ):
    (m,) = _quantities(_doc("a", sentence))
    assert m.text == joined
    assert sentence[m.start : m.end] == joined
    for text in agree:
        (other,) = _quantities(_doc("b", text))
        assert quantities_agree(m, other), f"{joined!r} against {other.text!r}"
    for text in differ:
        (other,) = _quantities(_doc("b", text))
        assert not quantities_agree(m, other), f"{joined!r} against {other.text!r}"


SAME = [
    # (what, one sentence, the figure in it, another sentence, its figure, agree)
    (
        "a mixed fraction hyphenated and spaced (32_7ecb)",
        "Gomes served 9 months of a 2-1/2 year sentence.",
        "2-1/2 year",
        "He was sentenced to 2 1/2 years, with 9 months to serve in that case.",
        "2 1/2 years",
        True,
    ),
    (
        "an exact value against another",
        "He was sentenced to 2 1/2 years.",
        "2 1/2 years",
        "He was sentenced to 3 1/2 years.",
        "3 1/2 years",
        False,
    ),
]


@pytest.mark.parametrize(("what", "one", "fig_one", "other", "fig_other", "agree"), SAME, ids=[r[0] for r in SAME])
def test_one_value_written_twice_agrees(what, one, fig_one, other, fig_other, agree):
    (a,) = [m for s in _doc("a", one).sentences for m in s.mentions if m.text == fig_one]
    (b,) = [m for s in _doc("b", other).sentences for m in s.mentions if m.text == fig_other]
    assert quantities_agree(a, b) is agree


def test_a_parenthesis_in_one_unit_is_no_conversion():
    """ "30 km of it uphill" is a part of the 50 km, not the 50 km again."""
    found = _quantities(_doc("a", "He ran 50 km (30 km of it uphill) on the first day."))
    assert [m.text for m in found] == ["50 km", "30 km"]


def test_two_conversions_of_one_sum_that_disagree_are_a_low_finding():
    docs = [
        _doc("a", "The club agreed to pay €50 million ($54 million) for the striker, the clubs said."),
        _doc("b", "The club will pay €50 million ($59 million) for the striker, the clubs said."),
    ]
    (sa,), (sb,) = docs[0].sentences, docs[1].sentences
    (ea, ua), (eb, ub) = sa.mentions, sb.mentions
    assert (ea.converts, ua.converts, ub.converts) == (None, "€50 million", "€50 million")
    articles = {d.article.id: d.article for d in docs}
    links = [
        Link(sa, ea, sb, eb, quantities_agree(ea, eb), 0.8, 0.9, "both about the fee"),
        Link(sa, ua, sb, ub, quantities_agree(ua, ub), 0.8, 0.9, "both about the fee"),
    ]
    (finding,) = fact_groups(links, articles)
    assert finding.severity == "low"
    assert finding.message.startswith("conversions of €50 million differ."), finding.message
    assert {c.mention for c in finding.claims} == {"$54 million", "$59 million"}


def test_a_head_figure_that_disagrees_stays_medium():
    docs = [
        _doc("a", "The club agreed to pay €50 million ($54 million) for the striker, the clubs said."),
        _doc("b", "The club will pay €60 million for the striker, the clubs said."),
    ]
    (sa,), (sb,) = docs[0].sentences, docs[1].sentences
    ea, eb = sa.mentions[0], sb.mentions[0]
    (finding,) = fact_groups([Link(sa, ea, sb, eb, False, 0.8, 0.9, "fee")], {d.article.id: d.article for d in docs})
    assert finding.severity == "medium"
