"""Clock times take their day (sentence, else paragraph, else the day of the news the article
narrates, else publication) and their zone, so two articles' times of one event can be compared.
One row per phenomenon, real sentence shapes."""

from dataclasses import replace
from datetime import date, datetime

import pytest

from factcheck.extract import extract
from factcheck.segment import segment
from factcheck.settings import Settings
from factcheck.types import Article, DateValue, Mention

PUBLISHED = datetime(2012, 8, 7)


def _minutes(day: date, hh: int, mm: int, east: float = 0) -> float:
    return day.toordinal() * 1440 + hh * 60 + mm - east * 60


ROWS = [
    # (what, language, text, time mention, value, zone (hours east of UTC), timescale, qualifier,
    # minutes since 0001-01-01). The zone and the timescale sit in the typed value, never in ``unit``.
    (
        "no date anywhere: the publication day (13_9ecbplus)",
        "en",
        "Owen says the fire call came in at 3:30 a.m.",
        "3:30 a.m.",
        "2012-08-07T03:30",
        None,
        "local",
        None,
        _minutes(date(2012, 8, 7), 3, 30),
    ),
    (
        "a bound is kept as a bound (13_6ecbplus)",
        "en",
        "The fire was extinguished by 7 a.m., after fire crews attacked it from all sides.",
        "7 a.m.",
        "2012-08-07T07:00",
        None,
        "local",
        "at_most",
        _minutes(date(2012, 8, 7), 7, 0),
    ),
    (
        "a hedge inside the time's cue is an estimate",
        "en",
        "The first call came at about 3:30 a.m., the fire chief said.",
        "at about 3:30 a.m.",
        "2012-08-07T03:30",
        None,
        "local",
        "about",
        _minutes(date(2012, 8, 7), 3, 30),
    ),
    (
        "a written zone converts to UTC",
        "en",
        "The quake struck on Sunday, August 5, at 7:12 AM local time (0012 GMT).",
        "0012 GMT",
        "2012-08-05T00:12",
        0,
        "UTC",
        None,
        _minutes(date(2012, 8, 5), 0, 12),
    ),
    (
        "the sentence's own date, and WIB is UTC+7",
        "id",
        "Gempa terjadi pada pukul 06.14 WIB, Senin (6/8/2012), kata petugas BMKG.",
        "pukul 06.14 WIB",
        "2012-08-06T06:14",
        7,
        "UTC",
        None,
        _minutes(date(2012, 8, 6), 6, 14, east=7),
    ),
    (
        "a later sentence of the paragraph inherits its date; sekitar is an estimate",
        "id",
        "Gempa mengguncang Cianjur pada Senin (6/8/2012). Warga keluar rumah sekitar pukul 07.00 WIB.",
        "pukul 07.00 WIB",
        "2012-08-06T07:00",
        7,
        "UTC",
        "about",
        _minutes(date(2012, 8, 6), 7, 0, east=7),
    ),
    (
        "a later paragraph takes the day the article narrates, not the publication day (the ferry)",
        "id",
        "Kapal motor penumpang tenggelam di perairan Selat Bali, Minggu (5/8/2012). Kapal itu membawa 150 "
        "penumpang.\n\nMenurut petugas, kapal tenggelam pukul 04.30 WITA setelah dihantam gelombang.",
        "pukul 04.30 WITA",
        "2012-08-05T04:30",
        8,
        "UTC",
        None,
        _minutes(date(2012, 8, 5), 4, 30, east=8),
    ),
    (
        "past a paragraph break the main day carries, not the kemarin beside it (Kompas 20141216-113300426)",
        "id",
        "Harga West Texas Intermediate turun 0,48 persen, pada Minggu (5/8/2012) setelah kemarin terpangkas "
        "3,29 persen.\n\nHarga minyak jenis WTI berada pada 55,64 dollar AS per barel pukul 10:14 WIB.",
        "pukul 10:14 WIB",
        "2012-08-05T10:14",
        7,
        "UTC",
        None,
        _minutes(date(2012, 8, 5), 10, 14, east=7),
    ),
    (
        "a day long before publication dates only its own paragraph: the publication day",
        "id",
        "Gempa serupa mengguncang Cianjur pada Senin (6/8/2007).\n\nWarga berkumpul di lapangan pukul 09.30 WIB.",
        "pukul 09.30 WIB",
        "2012-08-07T09:30",
        7,
        "UTC",
        None,
        _minutes(date(2012, 8, 7), 9, 30, east=7),
    ),
    (
        "the latest day of the news wins over an older one named later",
        "en",
        "The ferry left port on Sunday, August 5, 2012.\n\nA similar ferry sank on March 3, 2009.\n\n"
        "It sank at 4:30 a.m., the coast guard said.",
        "4:30 a.m.",
        "2012-08-05T04:30",
        None,
        "local",
        None,
        _minutes(date(2012, 8, 5), 4, 30),
    ),
    (
        "local time written out is the place's own time, no zone",
        "en",
        "The quake struck at 7:12 AM local time, the U.S. Geological Survey said.",
        "7:12 AM",
        "2012-08-07T07:12",
        None,
        "local",
        None,
        _minutes(date(2012, 8, 7), 7, 12),
    ),
    (
        "a zone west of Greenwich: EST is UTC-5, the day written after the time",
        "en",
        "The plane landed at 3:45 p.m. EST on Monday, August 6, airport officials said.",
        "3:45 p.m. EST",
        "2012-08-06T15:45",
        -5,
        "UTC",
        None,
        _minutes(date(2012, 8, 6), 15, 45, east=-5),
    ),
    (
        "a zone written in lower case is the same zone: wit is UTC+9",
        "id",
        "Pesawat itu mendarat di Jayapura pukul 08.15 wit, Senin (6/8/2012).",
        "pukul 08.15 wit",
        "2012-08-06T08:15",
        9,
        "UTC",
        None,
        _minutes(date(2012, 8, 6), 8, 15, east=9),
    ),
]

# Articles with no publication day and no date: a time has no day to take.
NO_DAY_ROWS = [
    # (what, language, text, time mention, value, zone, timescale, minutes, of the day or None for none)
    (
        "no day to take: minutes of the day, compared only with another such time",
        "en",
        "Neighbours said the blast was heard at 2:30 a.m., police said.",
        "2:30 a.m.",
        "T02:30",
        None,
        "clock",
        150,
    ),
    (
        "a written zone with no day keeps its zone but no minutes: a zone converts only a day's time",
        "id",
        "Gempa terjadi pukul 06.14 WIB, kata petugas BMKG.",
        "pukul 06.14 WIB",
        "T06:14",
        7,
        None,
        None,
    ),
]


def _time(text: str, lang: str, published: datetime | None, mention: str) -> Mention:
    article = Article(id="a", source="a.txt", text=text, language=lang, published=published, body=[(0, len(text))])
    doc = extract(article, segment(article), Settings(), today=date(2026, 11, 28))
    found = {m.text: m for s in doc.sentences for m in s.mentions if m.kind == "time"}
    assert mention in found, f"{mention!r} not in {list(found)}"
    return found[mention]


@pytest.mark.parametrize(
    ("what", "lang", "text", "mention", "value", "zone", "timescale", "qualifier", "minutes"),
    ROWS,
    ids=[r[0] for r in ROWS],
)
def test_clock_time_takes_its_day(what, lang, text, mention, value, zone, timescale, qualifier, minutes):
    m = _time(text, lang, PUBLISHED, mention)
    assert (m.value, m.qualifier) == (value, qualifier)
    assert m.date is not None and (m.date.zone, m.date.timescale) == (zone, timescale)
    assert m.unit is None and m.measure == timescale  # what its minutes count is read from the typed value
    assert m.lo is not None and abs(m.lo - (minutes - (15 if qualifier == "about" else 0))) < 1e-6


@pytest.mark.parametrize(
    ("what", "lang", "text", "mention", "value", "zone", "timescale", "minutes"),
    NO_DAY_ROWS,
    ids=[r[0] for r in NO_DAY_ROWS],
)
def test_clock_time_with_no_day(what, lang, text, mention, value, zone, timescale, minutes):
    m = _time(text, lang, None, mention)
    assert m.value == value
    assert m.date is not None and (m.date.zone, m.date.timescale) == (zone, timescale)
    assert m.unit is None and m.measure == timescale
    assert m.lo == minutes


def test_a_time_written_after_its_day_keeps_its_zone_in_the_date():
    """A dateline's time joins its date (seed 001's "Rabu, 13 Sep 2023 19:59 WIB"): one date
    mention whose typed value holds the time and the zone, with no unit."""
    text = "Rabu, 13 Sep 2023 19:59 WIB"
    article = Article(id="a", source="a.txt", text=text, language="id", published=None, body=[(0, len(text))])
    doc = extract(article, segment(article), Settings(), today=date(2026, 11, 28))
    (m,) = [m for s in doc.sentences for m in s.mentions]
    assert (m.kind, m.text, m.value, m.unit) == ("date", text, "2023-09-13T19:59", None)
    assert m.date == DateValue("minute", 2023, 9, 13, weekday=2, hour=19, minute=59, zone=7.0)
    assert m.date.timescale == "UTC" and m.measure is None  # a date is compared by its day, not its minutes


def test_anchoring_returns_new_mentions():
    """The day is given to new mentions: the ones read from the sentence keep their clock reading."""
    from factcheck import langdata
    from factcheck.dates import DateFinder
    from factcheck.extract import anchor_times, mentions_in
    from factcheck.numbers import NumberFinder

    text = "Kapal tenggelam pada Minggu (5/8/2012).\n\nKapal tenggelam pukul 04.30 WITA."
    article = Article(id="a", source="a.txt", text=text, language="id", published=PUBLISHED, body=[(0, len(text))])
    lang = langdata.get("id")
    finders = DateFinder(lang, PUBLISHED.date(), date(2026, 11, 28), 30), NumberFinder(lang)
    sentences = [replace(s, mentions=mentions_in(s.text, s.start, *finders)) for s in segment(article)]
    (clock,) = [m for s in sentences for m in s.mentions if m.kind == "time"]
    before = (clock.value, clock.lo, clock.date)
    anchored = anchor_times(article, sentences)
    (new,) = [m for found in anchored for m in found if m.kind == "time"]
    assert (clock.value, clock.lo, clock.date) == before
    assert new is not clock and new.value == "2012-08-05T04:30" and new.date.timescale == "UTC"
    assert clock.unit is None and new.unit is None  # the zone was read into the date, not into a unit
    assert clock.date == DateValue("minute", hour=4, minute=30, zone=8.0)  # the day is the new mention's
    assert new.date == DateValue("minute", 2012, 8, 5, hour=4, minute=30, zone=8.0)


def test_zone_words_are_upper_case():
    """A written zone is looked up by its upper-case form ("wit" is WIT): a zone word in another
    case would leave its times with no zone, read as local time, so a language's table refuses it."""
    from factcheck import langdata

    with pytest.raises(ValueError, match="time_zones: keys must be upper case"):
        replace(langdata.get("id"), time_zones={"Wib": 7})
