"""Explain before accusing: a disputed value the other article states elsewhere about the same
thing, or that its parts add up to, is not a conflict; a value nobody explains stays one.
One row per phenomenon, each on the real ECB+ cluster (tuning split) it came from."""

from pathlib import Path

import pytest

from eval.evaluate import pair_claims
from factcheck.compare import NATIONAL, role_of
from factcheck.lang.en import LANGUAGE as ENGLISH
from factcheck.lang.id import LANGUAGE as INDONESIAN
from factcheck.numbers import NumberFinder
from factcheck.types import Sentence

ECB = Path(__file__).resolve().parent.parent.parent / "shared" / "corpora" / "ecbplus-dev"

ROWS = [
    # (what, cluster or clusters joined by '+', (article, mention), (article, mention), flagged?)
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
        # 12_17ecb: "... included seven AK-47 rifles, one rocket propelled grenade launcher, grenades and
        # three other rifles"; 12_19ecb: "... recovered 12 AK 47 guns, three rifles, two grenades".
        "in two lists, a figure is paired with the one at its own place",
        "t12_ecb",
        ("12_17ecb", "one"),
        ("12_19ecb", "two"),
        False,
    ),
    (
        # 19_14ecb: "... found that 68 per cent of Greeks believe the government has mishandled the
        # crisis"; 19_3ecb: "The poll ... gave a 4.5 percent margin of error."
        "shares of two things are two facts",
        "t19_ecb",
        ("19_14ecb", "68 per cent"),
        ("19_3ecb", "4.5 percent"),
        False,
    ),
    (
        # 45_2ecb: "... the death of his 8-month-old unborn son"; 45_4ecb: "the 32-year-old Peterson".
        "ages far apart are two people, whoever holds them",
        "t45_ecb",
        ("45_2ecb", "8-month"),
        ("45_4ecb", "32-year"),
        False,
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
    (
        # 23_2ecbplus (published 15 Sep 2013): "Yesterday, a 36-year-old Australian climber died";
        # 23_9ecbplus: "A 36-year-old Australian man died on Friday". Each names a day of its own week.
        "'yesterday' and 'on Friday' of one death are compared",
        "t23_ecbplus",
        ("23_2ecbplus", "Yesterday"),
        ("23_9ecbplus", "on Friday"),
        True,
    ),
    (
        # 45_9ecbplus: "Trial is set for June 17 for 26-year-old Christopher Kenyon Simpson";
        # 45_10ecbplus: "The jury deliberated almost seven hours Thursday before convicting ...".
        "a day planned is not contradicted by a day that happened",
        "t45_ecbplus",
        ("45_9ecbplus", "June 17"),
        ("45_10ecbplus", "Thursday"),
        False,
    ),
    (
        # 19_1ecb: "... the killing by police of a 15-year-old boy ... eight days ago", counted from the
        # riots' day in its first line; 19_4ecb: "A deadly police shooting Dec. 6".
        "a counted relative date is not compared",
        "t19_ecb",
        ("19_1ecb", "eight days ago"),
        ("19_4ecb", "Dec. 6"),
        False,
    ),
    (
        # 23_8ecbplus's dateline "Sun Sep 15 2013" was read without its year, and its dates left the event.
        "a fall of 200m against 200ft (60m), dated by a dateline with the year after the day",
        "t23_ecbplus",
        ("23_8ecbplus", "200m"),
        ("23_11ecbplus", "200ft"),
        True,
    ),
    (
        # 23_9ecbplus: "... Robert Buckley ... slipped on ice and fell 700 meters ... in the same National
        # Park"; 23_6ecbplus: "Robert Buckley fell about 600m". The hedge hid the verb's role, and
        # "National Park" was read as the whole country.
        "a fall of 700 meters against about 600m, one with a hedge and one in a National Park",
        "t23_ecbplus",
        ("23_9ecbplus", "700 meters"),
        ("23_6ecbplus", "600m"),
        True,
    ),
    (
        # 32_5ecbplus (published 18 Jun 2013): "The bodies ... were found ... on Saturday about 8.40am";
        # 32_8ecbplus: "On Saturday 8 June 2013, at 8:39am police were called". Read from its
        # publication day, the first "Saturday" is the 15th: the week is ours, the weekday theirs.
        "one weekday, a week apart only by our reading of 'on Saturday', agrees",
        "t32_ecbplus",
        ("32_5ecbplus", "on Saturday"),
        ("32_8ecbplus", "Saturday 8 June 2013, at 8:39am"),
        False,
    ),
    (
        # 45_4ecb: "The jury convicted the 32-year-old Peterson on Nov. 12"; 45_5ecbplus: "An Oklahoma
        # jury has found 27 year old Christopher Simpson guilty". Neither article names the other man.
        "two named people's ages, each named nowhere in the other article",
        "t45_ecb+t45_ecbplus",
        ("45_4ecb", "32-year"),
        ("45_5ecbplus", "27 year"),
        False,
    ),
    (
        # 12_8ecb: "The merchant ship, which was 13 nautical miles from the Mysore, fired back";
        # 12_17ecb: "... attacked this merchant ship about 1100 hrs IST, 150 nautical miles west of Aden".
        # 12_12ecb states both: "about 150 nautical miles off Aden and INS Mysore was about 13 nautical
        # miles away from the merchant vessel".
        "two values a third sentence states side by side are two facts",
        "t12_ecb",
        ("12_8ecb", "13"),
        ("12_17ecb", "150"),
        False,
    ),
    (
        # 12_19ecb: "The Indian commandos also recovered 12 AK 47 guns, three rifles, two grenades";
        # 12_1ecb: "Seven AK-47s, three other automatic rifles, 13 loaded magazines ... were found".
        "a hyphenated counted noun matches its parts: 'AK 47 guns' against 'AK-47s'",
        "t12_ecb",
        ("12_19ecb", "12"),
        ("12_1ecb", "Seven"),
        True,
    ),
    (
        # 12_12ecb: "seized seven AK-47 assault rifles, two other rifles, a grenade launcher";
        # 12_1ecb: "Seven AK-47s, three other automatic rifles, 13 loaded magazines".
        "a count of the others is compared with the others' count",
        "t12_ecb",
        ("12_12ecb", "two"),
        ("12_1ecb", "three"),
        True,
    ),
    (
        # 45_4ecb: "The jury convicted the 32-year-old Peterson on Nov. 12 of first-degree murder";
        # 45_12ecbplus: "Prosecutors have charged 27-year-old Christopher Kenyon Simpson with two counts of
        # first-degree murder in the April 2012 shooting death of 20-year-old Ka'Loni Flynn of Fort Smith".
        "dates of sentences naming only people the other article never names are two events'",
        "t45_ecb+t45_ecbplus",
        ("45_4ecb", "Nov. 12"),
        ("45_12ecbplus", "April 2012"),
        False,
    ),
    (
        # 40_1ecbplus: "If you're more comfortable with Apple's conventional MacBook Pro design than the
        # new variety, Apple will ask $1,099 for the base 13-inch version"; 40_6ecbplus: "The 13-inch
        # model comes in $1,199 and $1,499 versions". The "if" conditions another clause, not the price.
        "a condition in another clause does not make a figure a projection",
        "t40_ecbplus",
        ("40_1ecbplus", "$1,099"),
        ("40_6ecbplus", "$1,199"),
        True,
    ),
    (
        # 5_7ecbplus: "Sixers' Coach Jim O'Brien was fired today and taking over will be former Portland
        # Trailblazers Coach..."; 5_1ecbplus: "Cheeks, who was fired March 2 as head coach of the Portland
        # Trail Blazers". Two coaches fired; the pair shares 0.40 of its context words.
        "a finding whose strongest pair shares too few context words is not reported",
        "t5_ecbplus",
        ("5_7ecbplus", "today"),
        ("5_1ecbplus", "March 2"),
        False,
    ),
    (
        # 40_2ecbplus: "Apple says the new 11-inch and 13-inch Macbook Air models are available now";
        # 40_6ecb: "At less than an inch thick the new MacBook Pro will come in two models."
        "a size in inches is no count of the models it sizes",
        "t40_ecb+t40_ecbplus",
        ("40_2ecbplus", "13-inch"),
        ("40_6ecb", "two"),
        False,
    ),
    (
        # 40_5ecb: "the “world's thinnest 17” notebook,” at only 0.98 inches thick"; 40_4ecb: "Apple calls
        # the 17-inch MacBook Pro the “world's lightest and thinnest 17-inch notebook”".
        "two measures of one machine, its thickness and its screen, are two facts",
        "t40_ecb",
        ("40_5ecb", "0.98 inches"),
        ("40_4ecb", "17-inch"),
        False,
    ),
    (
        # 40_2ecbplus: "The 11-inch models will start at $999 ..."; 40_8ecbplus: "The new MacBook Pro will
        # start at $2,199 ...". One price misreported is off by a slipped digit, not by more than half again.
        "sums of money more than 1.5x apart are two sums",
        "t40_ecbplus",
        ("40_2ecbplus", "$999"),
        ("40_8ecbplus", "$2,199"),
        False,
    ),
    (
        # 45_4ecb: "The jury convicted the 32-year-old Peterson on Nov. 12 ..."; 45_7ecbplus: "A jury in eastern
        # Oklahoma has convicted a 27-year-old man ...". Two trials: the articles share no specific value.
        "two reports that share no specific value besides the disputed ones are not known to be one event",
        "t45_ecb+t45_ecbplus",
        ("45_4ecb", "32-year"),
        ("45_7ecbplus", "27-year"),
        False,
    ),
]


@pytest.mark.parametrize(("what", "cluster", "left", "right", "flagged"), ROWS, ids=[r[0] for r in ROWS])
def test_explain_before_accusing(pipeline, what, cluster, left, right, flagged):
    files = [str(p) for name in cluster.split("+") for p in sorted((ECB / name).glob("*.txt"))]
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


PLACES = [
    # (what, language, sentence, figure, where it holds) — real sentences, ECB+ t30_ecb and Kompas
    (
        "a place named after the figure",
        "en",
        "It is thought that up to 70 per cent of web services in Egypt, and 60 per cent in India, were disrupted.",
        "60 per cent",
        "india",
    ),
    (
        "the whole country",
        "id",
        "Ia juga mengatakan pemasangan RFID secara nasional di lebih dari 90 juta kendaraan bermotor bakal rampung.",
        "90 juta",
        NATIONAL,
    ),
    (
        "a province",
        "id",
        "Targetnya pemasangan RFID di sebanyak 4,5 juta kendaraan bermotor di Jakarta, rampung pada Desember 2013.",
        "4,5 juta",
        "jakarta",
    ),
    (
        "a place word before a lower-case word names no place",
        "id",
        "Baru sekitar 40.000 unit dari 4 juta target kendaraan di seluruh DKI Jakarta yang terpasang RFID.",
        "40.000",
        None,
    ),
    (
        # ECB+ 30_6ecb: the place comes first in each clause.
        "a place named before the figure in its clause",
        "en",
        "International telephone and internet services in Egypt were down by 80 percent, in India by 65 percent.",
        "80 percent",
        "egypt",
    ),
    (
        "a place named before the figure in its own clause, not the one before",
        "en",
        "International telephone and internet services in Egypt were down by 80 percent, in India by 65 percent.",
        "65 percent",
        "india",
    ),
    (
        # ECB+ 23_9ecbplus: "National Park" is a name; "national" alone was read as the whole country.
        "a park's name is no national scope",
        "en",
        "Robert Buckley slipped on ice and fell 700 meters to his own death elsewhere in the same National Park.",
        "700 meters",
        None,
    ),
]


@pytest.mark.parametrize(("what", "lang", "sentence", "figure", "place"), PLACES, ids=[r[0] for r in PLACES])
def test_where_a_figure_holds(what, lang, sentence, figure, place):
    finder = NumberFinder(INDONESIAN if lang == "id" else ENGLISH)
    mention = next(m for m in finder.find(sentence, []) if m.text == figure)
    sent = Sentence("a", 0, 0, len(sentence), sentence, [mention])
    assert role_of(sent, mention, lang).place == place


def test_figures_for_two_places_are_two_facts(pipeline):
    """On the whole Kompas corpus the national RFID target (90 million vehicles) was flagged against
    Jakarta's (4.5 million); the two weekday errors must stay. (The installation update, 40.000 then
    135.000 units in articles 25 days apart, went with the shared-value test of event identity: the
    two articles share no other specific value.)"""
    kompas = ECB.parent / "kompas-2014-oil" / "articles.jsonl"
    found = pipeline.check([str(kompas)]).discrepancies
    values = [{c.mention for c in d.claims} for d in found]
    assert not any({"90 juta", "4,5 juta"} <= v for v in values)
    assert sum(d.kind == "weekday" for d in found) == 2


DATE_GAPS = [
    # (what, cluster, (article, date), (article, date), compared?) — real ECB+ tuning sentences
    (
        # 12_1ecb: "... INS Tabar sank a Thai trawler ... on November 19"; 12_5ecb: "... repulsed the
        # hijack attempts on MV Jag Arnav and NCC Tihama on November 11". Two days of one mission.
        "two day-level dates more than three days apart are two events' days, not one day misreported",
        "t12_ecb",
        ("12_1ecb", "November 19"),
        ("12_5ecb", "November 11"),
        False,
    ),
    (
        # 45_5ecbplus puts Ka'Loni Flynn's murder on April 9; 45_1ecbplus says she was shot on April 8, 2012.
        "a day apart may be one day misreported: compared",
        "t45_ecbplus",
        ("45_5ecbplus", "April 9 at 3 am"),
        ("45_1ecbplus", "Sunday, April 8, 2012"),
        True,
    ),
    (
        # 34_10ecbplus: Gupta ... "In 1990"; 34_8ecbplus: "since 1987" — one year, labelled a true conflict.
        "years are misreported by years: compared",
        "t34_ecbplus",
        ("34_10ecbplus", "In 1990"),
        ("34_8ecbplus", "since 1987"),
        True,
    ),
]


@pytest.mark.parametrize(("what", "cluster", "left", "right", "compared"), DATE_GAPS, ids=[r[0] for r in DATE_GAPS])
def test_dates_days_apart_are_two_events(pipeline, settings, what, cluster, left, right, compared):
    """Labelled tuning pairs of day- and month-level dates further apart than one event's days: 25,
    all false (a sequence of days: nomination opened and closed, a ship deployed and a ship sunk);
    years are exempt (``tests/real/rule_evidence.py``)."""
    from factcheck.compare import RoleCache, candidates
    from factcheck.types import ClaimPair

    docs = {d.article.id: d for d in pipeline.documents([str(p) for p in sorted((ECB / cluster).glob("*.txt"))])}

    def find(article: str, text: str):
        return next((s, m) for s in docs[article].sentences for m in s.mentions if m.text == text)

    (sl, ml), (sr, mr) = find(*left), find(*right)
    cache = RoleCache(list(docs.values()), settings.min_article_names)
    found = candidates(ClaimPair(sl, sr, 1.0), {k: d.article for k, d in docs.items()}, settings, cache)
    assert any(c.a is ml and c.b is mr for c in found) is compared


KINDS = [
    # (what, sentence a, figure a, sentence b, figure b, comparable?) — real ECB+ tuning sentences
    (
        "a year is compared only with a year",
        "A jury in eastern Oklahoma has convicted a Spiro man of two counts of first-degree murder in the "
        "2012 shooting death of his pregnant girlfriend.",
        "2012",
        "An Oklahoma man has pleaded not guilty to two first-degree murder charges for the deaths of an "
        "Arkansas woman and her fetus.",
        "two",
        False,
    ),
    (
        # 36_7ecbplus and 36_9ecbplus: a real conflict over the year of the overturned conviction.
        "two years are compared",
        "In August, the Utah Supreme Court tossed out a 2008 conviction in state court that found Jeffs was "
        "an accomplice to rape after he performed a marriage between Elissa Wall, 14, and her then "
        "19-year-old first cousin, Allen G. Steed.",
        "2008",
        "In July, the Utah Supreme overturned the 2007 convictions.",
        "2007",
        True,
    ),
    (
        "durations written in two units that disagree are two spans",
        "The election comes two years after the death of idiosyncratic dictator Saparmurat Niyazov, which "
        "kindled hopes here and in the West that the Central Asian country would gradually roll back its "
        "oppressive political regime and introduce greater freedoms.",
        "two years",
        "Voting stations were festooned with Turkmen flags and pictures of Berdymukhamedov, the successor of "
        "eccentric dictator Saparmurat Niyazov, who ruled Turkmenistan for two decades until his death in 2006.",
        "two decades",
        False,
    ),
]


KINDS += [
    (
        # 5_4ecb, and the same sentence with its leading digit slipped as benchmarks/synth.py plants errors.
        "a slipped digit in a sum is compared however far apart",
        "Stefanski expected more from a team that had signed free agent Elton Brand to an $82 million deal",
        "$82 million",
        "Stefanski expected more from a team that had signed free agent Elton Brand to an $52 million deal",
        "$52 million",
        True,
    ),
    (
        # 40_2ecbplus and 40_8ecbplus: two Macs' starting prices, more than 1.5x apart.
        "sums more than 1.5x apart, not one digit slipped, are two sums",
        "The 11-inch models will start at $999 with a 1.7GHz dual-core Intel Core i5 processor",
        "$999",
        "The new MacBook Pro will start at $2,199 for the 2.3 GHz quad-core i7 model",
        "$2,199",
        False,
    ),
]


@pytest.mark.parametrize(("what", "text_a", "fig_a", "text_b", "fig_b", "comparable"), KINDS, ids=[r[0] for r in KINDS])
def test_what_is_never_one_fact(what, text_a, fig_a, text_b, fig_b, comparable):
    from factcheck.compare import _comparable
    from factcheck.types import Article

    finder = NumberFinder(ENGLISH)
    a = next(m for m in finder.find(text_a, []) if m.text == fig_a)
    b = next(m for m in finder.find(text_b, []) if m.text == fig_b)
    art = Article(id="a", source="a", text=text_a, language="en")
    assert _comparable(a, b, art, art) is comparable


# (what, sentence a, figure a, sentence b, figure b, do their counted nouns meet?)
COMPOUNDS = [
    (
        "a figure in a compound measures the noun after it: a 3-point shot is no count of points",
        "Smith scored 10 points in the first half.",
        "10",
        "Smith then buried a 3-point shot to make it 57-46.",
        "3-point",
        False,
    ),
    (
        "two compounds of one unit meet",
        "A 7.9-magnitude earthquake struck off western Sumatra on Wednesday.",
        "7.9-magnitude",
        "The 7.8-magnitude quake struck off western Sumatra.",
        "7.8-magnitude",
        True,
    ),
    (
        "two counts of one thing meet, plural or not",
        "Smith scored 10 points in the first half.",
        "10",
        "Jones finished with 12 points and a point short of his record.",
        "12",
        True,
    ),
]


@pytest.mark.parametrize(
    ("what", "text_a", "fig_a", "text_b", "fig_b", "meet"), COMPOUNDS, ids=[r[0] for r in COMPOUNDS]
)
def test_what_a_compound_figure_counts(what, text_a, fig_a, text_b, fig_b, meet):
    finder = NumberFinder(ENGLISH)

    def nouns(text: str, figure: str) -> frozenset[str]:
        m = next(x for x in finder.find(text, []) if x.text == figure)
        return role_of(Sentence("a", 0, 0, len(text), text, [m]), m, "en").nouns

    assert bool(nouns(text_a, fig_a) & nouns(text_b, fig_b)) is meet
