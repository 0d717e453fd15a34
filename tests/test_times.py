"""Clock times take their day (sentence, else paragraph, else the day of the news the article
narrates, else publication) and their zone, so two articles' times of one event can be compared.
One row per phenomenon, real sentence shapes."""

from dataclasses import replace
from datetime import date, datetime

import pytest

from factcheck.extract import extract
from factcheck.segment import segment
from factcheck.settings import Settings
from factcheck.types import Article, DateValue

PUBLISHED = datetime(2012, 8, 7)


def _minutes(day: date, hh: int, mm: int, east: float = 0) -> float:
    return day.toordinal() * 1440 + hh * 60 + mm - east * 60


ROWS = [
    # (what, language, text, time mention, value, unit, qualifier, minutes since 0001-01-01)
    (
        "no date anywhere: the publication day (13_9ecbplus)",
        "en",
        "Owen says the fire call came in at 3:30 a.m.",
        "3:30 a.m.",
        "2012-08-07T03:30",
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
        "local",
        None,
        _minutes(date(2012, 8, 5), 4, 30),
    ),
]


@pytest.mark.parametrize(
    ("what", "lang", "text", "mention", "value", "unit", "qualifier", "minutes"), ROWS, ids=[r[0] for r in ROWS]
)
def test_clock_time_takes_its_day(what, lang, text, mention, value, unit, qualifier, minutes):
    article = Article(id="a", source="a.txt", text=text, language=lang, published=PUBLISHED, body=[(0, len(text))])
    doc = extract(article, segment(article), Settings(), today=date(2026, 11, 28))
    found = {m.text: m for s in doc.sentences for m in s.mentions if m.kind == "time"}
    assert mention in found, f"{mention!r} not in {list(found)}"
    m = found[mention]
    assert (m.value, m.unit, m.qualifier) == (value, unit, qualifier)
    assert m.lo is not None and abs(m.lo - (minutes - (15 if qualifier == "about" else 0))) < 1e-6


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
    before = (clock.value, clock.lo, clock.unit)
    anchored = anchor_times(article, sentences, lang.time_zones)
    (new,) = [m for found in anchored for m in found if m.kind == "time"]
    assert (clock.value, clock.lo, clock.unit) == before
    assert new is not clock and new.value == "2012-08-05T04:30" and new.unit == "UTC"
    assert clock.date == DateValue("minute", hour=4, minute=30, zone=8.0)  # the day is the new mention's
    assert new.date == DateValue("minute", 2012, 8, 5, hour=4, minute=30, zone=8.0)
