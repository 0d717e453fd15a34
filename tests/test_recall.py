"""Readings that decide whether a conflict a reader finds is ever put to the decision: two
sentences of two articles, as the real ones were written, and whether their figures disagree.
One row per reading; each row failed before its fix (the cluster it came from is named)."""

from datetime import date, datetime

import pytest

from factcheck import compare
from factcheck.decide.features import comparable_agree
from factcheck.decide.proposals import comparable
from factcheck.extract import extract
from factcheck.segment import segment
from factcheck.settings import Settings
from factcheck.types import Article, Mention


def _mention(text: str, figure: str, published: datetime | None = None, lang: str = "en") -> Mention:
    article = Article(id="a", source="a.txt", text=text, language=lang, published=published, body=[(0, len(text))])
    doc = extract(article, segment(article), Settings(), today=date(2026, 11, 28))
    found = {m.text: m for s in doc.sentences for m in s.mentions}
    got = [m for t, m in found.items() if figure in t]
    assert got, f"{figure!r} not in {list(found)}"
    return got[0]


def _agree(a: Mention, b: Mention) -> bool | None:
    return compare.dates_agree(a, b) if a.kind == "date" else compare.quantities_agree(a, b)


# (what, sentence a, figure a, published a, sentence b, figure b, published b, agree)
PAIRS = [
    (
        "two weekdays with no day known still differ (1_8ecb / 1_10ecb)",
        "Tara Reid checked into Promises Treatment Center on Friday for an unspecified problem.",
        "Friday",
        None,
        "A friend of the actress told People she went to Promises on Tuesday.",
        "Tuesday",
        None,
        False,
    ),
    (
        "one weekday with no day known, the other placed (28_10ecb / a dated article)",
        "Mark Felt, who was known as Watergate scandal informant 'Deep Throat', died on Friday.",
        "Friday",
        None,
        "Felt died Thursday at his home in Santa Rosa, Calif.",
        "Thursday",
        datetime(2008, 12, 19),
        False,
    ),
    (
        "the same weekday with no day known agrees",
        "Felt died Thursday at his home in Santa Rosa, Calif.",
        "Thursday",
        None,
        "Felt suffered from congestive heart failure and died at home on Thursday.",
        "Thursday",
        None,
        True,
    ),
    (
        "clock times with no day known still differ (35_2ecb / 35_4ecb)",
        "Jackson was driving east on state Route 52 just after 2:30 a.m. when he was pulled over.",
        "2:30 a.m.",
        None,
        "Jackson failed sobriety tests shortly after 2 a.m. on state Route 52 in San Diego.",
        "2 a.m.",
        None,
        False,
    ),
    (
        "a game clock with no day known (31_6ecb / 31_4ecb)",
        "He set the record by muscling in a bank shot over two defenders with 7:41 to go.",
        "7:41",
        None,
        "Hansbrough moved into the top spot with a tough leaner in the lane with 7:42 left in the half.",
        "7:42",
        None,
        False,
    ),
    (
        "one clock time with no day known agrees with itself",
        "Jackson failed sobriety tests shortly after 2 a.m. local time on state Route 52.",
        "2 a.m.",
        None,
        "Jackson failed sobriety tests shortly after 2 a.m. on state Route 52 in San Diego.",
        "2 a.m.",
        None,
        True,
    ),
    (
        "two hedged times half an hour apart only touch (35_5ecbplus / 35_2ecbplus)",
        "According to authorities, he was driving his Bentley at about 1:00 am Sunday on highway 94.",
        "1:00 am",
        datetime(2009, 2, 4),
        "Williams, 32, was going west in his 2008 Bentley about 1:30 a.m. Sunday, CHP Officer Brian Pennings said.",
        "1:30 a.m.",
        datetime(2009, 2, 2),
        False,
    ),
    (
        "a hedged time covers a quarter-hour",
        "According to authorities, he was driving his Bentley at about 1:00 am Sunday on highway 94.",
        "1:00 am",
        datetime(2009, 2, 4),
        "Williams was stopped for speeding at 1:10 a.m. Sunday, CHP Officer Brian Pennings said.",
        "1:10 a.m.",
        datetime(2009, 2, 2),
        True,
    ),
    (
        "spelled-out durations a unit apart (4_13ecb / 4_4ecb)",
        "She had been hospitalized in Los Angeles for four weeks due to pneumonia, only to suffer a heart attack.",
        "four weeks",
        None,
        "Roesler said Page had been in hospital for three weeks with pneumonia and was about to be released.",
        "three weeks",
        None,
        False,
    ),
    (
        "a sentence in years against a five-year one (26_1ecbplus / 26_6ecbplus)",
        "Mr. Gigante, who listed his profession as the superintendent of a tenement, was sentenced to seven years "
        "in prison.",
        "seven years",
        datetime(2005, 12, 19),
        "It was narcotics that first sent Gigante to prison, in 1959, when he received a five-year sentence.",
        "five-year",
        datetime(2005, 12, 20),
        False,
    ),
    (
        "a spelled-out duration still meets a half-unit in digits",
        "The search went on for three hours before the divers were called back.",
        "three hours",
        None,
        "Divers searched for 3.5 hours before they were called back.",
        "3.5 hours",
        None,
        True,
    ),
    (
        "a count of days 'earlier' is a span from the narrated day, so is 'ago' with no day known (4_12ecb / 4_1ecb)",
        "Bettie Page succumbed to complications from a heart attack suffered almost three weeks ago.",
        "three weeks",
        None,
        "Page suffered a heart attack nine days earlier and never regained consciousness.",
        "nine days",
        datetime(2008, 12, 12),
        False,
    ),
    (
        "'twice' is a count of times (4_3ecb / 4_5ecb)",
        "Page married twice; the first marriage to Navy man Billy Neal lasted from 1943 to 1947.",
        "twice",
        None,
        "Page was married three times but had no children.",
        "three",
        None,
        False,
    ),
]


@pytest.mark.parametrize(
    ("what", "text_a", "fig_a", "pub_a", "text_b", "fig_b", "pub_b", "agree"), PAIRS, ids=[r[0] for r in PAIRS]
)
def test_conflict_reaches_the_decision(what, text_a, fig_a, pub_a, text_b, fig_b, pub_b, agree):
    a, b = _mention(text_a, fig_a, pub_a), _mention(text_b, fig_b, pub_b)
    assert comparable(a, b), "never proposed: not one dimension"
    assert _agree(a, b) is agree
    assert comparable_agree(a, b) is agree


ARTICLE = (
    "Hansbrough Sets Scoring Record in Victory\n"
    "Top-ranked North Carolina waited for Tyler Hansbrough to make history, then cruised to its latest victory.\n"
    "Ford finished his career in 1978 with 2,290 points.\n"
    "Hansbrough now has 2,301.\n"
    "More College Basketball\n"
    "It was thirty four years before he finally broke cover, admitting in 2006:\n"
    "After the game, the university showed a video montage of Hansbrough's career highlights.\n"
)

# (what, line of ARTICLE, a header line)
LINES = [
    ("the title is a header", "Hansbrough Sets Scoring Record in Victory", True),
    ("a one-line paragraph between paragraphs is prose (31_5ecb)", "Hansbrough now has 2,301.", False),
    ("a line opening a quote is prose (28_4ecb)", "It was thirty four years before he finally broke cover", False),
    ("a subhead between paragraphs is a header", "More College Basketball", True),
]


@pytest.mark.parametrize(("what", "line", "header"), LINES, ids=[r[0] for r in LINES])
def test_short_prose_lines_are_claims(what, line, header):
    from factcheck.body import find_body

    _body, heads, _title = find_body(ARTICLE, "en")
    at = ARTICLE.index(line)
    assert any(s <= at < e for s, e in heads) is header
