"""Clock times take their day (sentence, else paragraph, else publication) and their zone, so two
articles' times of one event can be compared. One row per phenomenon, real sentence shapes."""

from datetime import date, datetime

import pytest

from factcheck.extract import extract
from factcheck.segment import segment
from factcheck.settings import Settings
from factcheck.types import Article

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
        "a new paragraph inherits nothing: the publication day",
        "id",
        "Gempa mengguncang Cianjur pada Senin (6/8/2012).\n\nWarga berkumpul di lapangan pukul 09.30 WIB.",
        "pukul 09.30 WIB",
        "2012-08-07T09:30",
        "UTC",
        None,
        _minutes(date(2012, 8, 7), 9, 30, east=7),
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
