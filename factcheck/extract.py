"""Date and number mentions of every sentence, with spans into the article text."""

from __future__ import annotations

from datetime import date

from factcheck import langdata
from factcheck.conversions import join_conversions
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
    only ever compared with another local time. A time with no day to take keeps no value."""
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
            if day is None or (m.unit is not None and m.unit not in zones):
                m.lo = m.hi = None
                continue
            offset = zones[m.unit] * 60 if m.unit is not None else 0.0
            minute = day * 1440 + m.lo - offset
            m.value = f"{date.fromordinal(day).isoformat()}{m.value}"
            m.lo, m.hi = minute, minute + 1  # one minute wide: equal times overlap, others do not
            if m.qualifier == "about":
                m.lo, m.hi = minute - 15, minute + 16
            m.unit = "UTC" if m.unit is not None else "local"


def mentions_in(text: str, offset: int, dates: DateFinder, numbers: NumberFinder) -> list[Mention]:
    found = dates.find(text)
    found += numbers.find(text, [(m.start, m.end) for m in found])
    for m in found:
        m.start += offset
        m.end += offset
    return join_conversions(text, offset, found)
