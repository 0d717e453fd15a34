"""Explain before accusing: a disputed value the other article states elsewhere about the same
thing, or that its parts add up to, is not a conflict; a value nobody explains stays one.
One row per phenomenon, each on the real ECB+ cluster (tuning split) it came from."""

from pathlib import Path

import pytest

from factcheck.evaluate import pair_claims

ECB = Path(__file__).resolve().parent.parent.parent / "shared" / "corpora" / "ecbplus-dev"

ROWS = [
    # (what, cluster, (article, mention), (article, mention), flagged?)
    (
        # 5_14ecb: "Andre Miller is averaging 15.5 points per game, ... Samuel Dalembert ... with his 5.8 points";
        # 5_1ecb: "Miller is averaging 15.5 points per game this season" and "Dalembert ... (5.8 ppg)".
        "each side's figure is stated about the same player in the other article",
        "t5_ecb",
        ("5_14ecb", "5.8"),
        ("5_1ecb", "15.5"),
        False,
    ),
    (
        # 12_3ecb: "... to nab 12 Somali and 11 Yemeni pirates"; 12_9ecb: "... arrested 23 Somali and Yemeni pirates".
        "parts that add up to the other article's whole are one count, split",
        "t12_ecb",
        ("12_3ecb", "12"),
        ("12_9ecb", "23"),
        False,
    ),
    (
        # 45_2ecbplus (published 2013) and 45_3ecbplus (published 2012) both write "April 9", no year:
        # each publication date places it in another year, but neither article wrote a year.
        "a year the articles did not write never accuses: the same day and month agree",
        "t45_ecbplus",
        ("45_2ecbplus", "April 9"),
        ("45_3ecbplus", "April 9"),
        False,
    ),
    (
        # 12_1ecb: two pirate boats attacked; 12_3ecb: three boats. Neither article gives the other's count.
        "a count neither article explains stays a conflict",
        "t12_ecb",
        ("12_1ecb", "two"),
        ("12_3ecb", "three"),
        True,
    ),
    (
        # 45_7ecbplus: "The jury deliberated almost seven hours Thursday before convicting ...";
        # 45_9ecbplus: "Trial is set for June 17 for 26-year-old Christopher Kenyon Simpson".
        "an age is not a duration",
        "t45_ecbplus",
        ("45_7ecbplus", "seven hours"),
        ("45_9ecbplus", "26-year"),
        False,
    ),
    (
        # 21_2ecb: "Police pulled the 36-year-old driver over"; 21_1ecb: "hit a 66-year-old woman".
        "two people's ages, each named by a common noun",
        "t21_ecb",
        ("21_2ecb", "36-year"),
        ("21_1ecb", "66-year"),
        False,
    ),
    (
        # 23_9ecbplus: "31-year-old Robert Buckley"; 23_11ecbplus: "A 32-year-old British climber".
        "one man's age, once by name and once by nationality, stays a conflict",
        "t23_ecbplus",
        ("23_9ecbplus", "31-year"),
        ("23_11ecbplus", "32-year"),
        True,
    ),
    (
        # 13_12ecbplus: "The first 9-1-1 call came at 3:33 a.m."; 13_9ecbplus: "the fire call came in at
        # 3:30 a.m." Both take their day from publication (7 Aug 2012).
        "two clock times of one call are compared",
        "t13_ecbplus",
        ("13_12ecbplus", "3:33 a.m."),
        ("13_9ecbplus", "3:30 a.m."),
        True,
    ),
    (
        # 13_6ecbplus: "The fire was extinguished by 7 a.m."; 13_12ecbplus: "knocked down by 6:40 a.m."
        "a bound on a time is no time to contradict",
        "t13_ecbplus",
        ("13_6ecbplus", "7 a.m."),
        ("13_12ecbplus", "6:40 a.m."),
        False,
    ),
]


@pytest.mark.parametrize(("what", "cluster", "left", "right", "flagged"), ROWS, ids=[r[0] for r in ROWS])
def test_explain_before_accusing(pipeline, what, cluster, left, right, flagged):
    files = [str(p) for p in sorted((ECB / cluster).glob("*.txt"))]
    report = pipeline.check(files)
    pairs = {tuple(sorted((c.article, c.mention) for c in p)) for d in report.discrepancies for p in pair_claims(d)}
    assert (tuple(sorted([left, right])) in pairs) is flagged


NAMES = [
    # (what, article a, article b, compared?) — real ECB+ tuning articles
    ("one trial, two reports: they share Jeffs, Texas, San Angelo...", "t36_ecb/36_2ecb", "t36_ecb/36_8ecb", True),
    (
        "Scott Peterson's trial against Christopher Simpson's: no shared names",
        "t45_ecb/45_2ecb",
        "t45_ecbplus/45_7ecbplus",
        False,
    ),
    (
        "a three-line item names too few people to tell events apart: not judged",
        "t45_ecb/45_4ecb",
        "t45_ecbplus/45_7ecbplus",
        True,
    ),
]


@pytest.mark.parametrize(("what", "a", "b", "compared"), NAMES, ids=[r[0] for r in NAMES])
def test_event_identity_by_shared_names(settings, what, a, b, compared):
    from factcheck.compare import RoleCache
    from factcheck.types import Article

    def article(rel: str) -> Article:
        path = ECB / f"{rel}.txt"
        return Article(id=path.stem, source=str(path), text=path.read_text(encoding="utf-8"), language="en")

    overlap = RoleCache(min_names=settings.min_article_names).name_overlap(article(a), article(b))
    assert (overlap >= settings.min_article_name_overlap) is compared, overlap
