"""Date and number mentions of every sentence, with spans into the article text."""

from __future__ import annotations

from datetime import date

from factcheck import langdata
from factcheck.dates import DateFinder
from factcheck.numbers import NumberFinder
from factcheck.settings import Settings
from factcheck.types import Article, Document, Mention, Sentence, as_date


def extract(article: Article, sentences: list[Sentence], settings: Settings, today: date | None = None) -> Document:
    """Fill ``Sentence.mentions``; dates first, so numbers inside dates are not quantities."""
    lang = langdata.get(article.language)
    dates = DateFinder(lang, as_date(article.published), today or date.today(), settings.future_window_days)
    numbers = NumberFinder(lang)
    for sent in sentences:
        sent.mentions = mentions_in(sent.text, sent.start, dates, numbers)
    anchor_times(article, sentences, lang.time_zones)
    return Document(article, sentences)


def anchor_times(article: Article, sentences: list[Sentence], zones: dict[str, float]) -> None:
    """Clock times take their day, so that two articles' times of one event can be compared.

    The day is the sentence's own day-level date, else the last one earlier in its paragraph, else
    the publication day. A time then holds minutes since 0001-01-01: in UTC when its zone is
    written ("0012 GMT", "pukul 06.14 WIB"), else in the place's own time (unit "local"), which is
    only ever compared with another local time. A time with no day to take (no date anywhere and no
    publication day) holds minutes of its day (unit "clock"), compared only with another such time:
    two articles of one night that say "shortly after 2 a.m." and "just after 2:30 a.m." disagree
    whatever the day. With a written zone and no day, it keeps no value."""
    published = as_date(article.published)
    last_day: int | None = None
    previous_end = 0
    for sent in sentences:
        if "\n\n" in article.text[previous_end : sent.start]:
            last_day = None  # a new paragraph inherits nothing
        previous_end = sent.end
        days = [
            m
            for m in sent.mentions
            if m.kind == "date" and m.granularity in ("day", "minute") and m.lo is not None and m.lo == m.hi
        ]
        day = int(days[0].lo) if days else last_day  # type: ignore[arg-type]
        if day is None and published is not None:
            day = published.toordinal()
        if days:
            last_day = int(days[-1].lo)  # type: ignore[arg-type]
        for m in sent.mentions:
            if m.kind != "time" or m.lo is None:
                continue
            if (day is None and m.unit is not None) or (m.unit is not None and m.unit not in zones):
                m.lo = m.hi = None
                continue
            if day is None:
                m.lo, m.hi = _clock_interval(m.lo, m.qualifier)
                m.unit = "clock"
                continue
            offset = zones[m.unit] * 60 if m.unit is not None else 0.0
            m.value = f"{date.fromordinal(day).isoformat()}{m.value}"
            m.lo, m.hi = _clock_interval(day * 1440 + m.lo - offset, m.qualifier)
            m.unit = "UTC" if m.unit is not None else "local"


def _clock_interval(minute: float, qualifier: str | None) -> tuple[float, float]:
    """One minute wide, so equal times overlap and others do not; "about" a quarter-hour either
    side, so "about 1:00" and "about 1:30" (two half-hours a reader tells apart) only touch, and
    touching is no overlap. A bound ("shortly after 2 a.m.", "by 7 a.m.") keeps its time: the
    writer placed the event at it."""
    if qualifier == "about":
        return minute - 15, minute + 15
    return minute, minute + 1


def mentions_in(text: str, offset: int, dates: DateFinder, numbers: NumberFinder) -> list[Mention]:
    found = dates.find(text)
    found += numbers.find(text, [(m.start, m.end) for m in found])
    for m in found:
        m.start += offset
        m.end += offset
    return sorted(found, key=lambda m: m.start)
