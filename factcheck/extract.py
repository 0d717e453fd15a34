"""Date and number mentions of every sentence, with spans into the article text."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date

from factcheck import langdata
from factcheck.conversions import join_conversions
from factcheck.dates import DateFinder
from factcheck.numbers import NumberFinder
from factcheck.settings import Settings
from factcheck.types import Article, DateValue, Document, Mention, Sentence, as_date


def extract(article: Article, sentences: Sequence[Sentence], settings: Settings, today: date | None = None) -> Document:
    """The article with its sentences' mentions (new sentences: the given ones are left as they
    are); dates first, so numbers inside dates are not quantities."""
    lang = langdata.get(article.language)
    dates = DateFinder(lang, as_date(article.published), today or date.today(), settings.future_window_days)
    numbers = NumberFinder(lang)
    found = [replace(s, mentions=mentions_in(s.text, s.start, dates, numbers, article.id)) for s in sentences]
    anchored = anchor_times(article, found)
    return Document(article, tuple(replace(s, mentions=a) for s, a in zip(found, anchored, strict=True)))


# A day named in an earlier paragraph is the day the article narrates only if it is news: within a
# week of publication. A birth date or an anniversary named earlier does not date a later "at 3 a.m.".
NARRATED_DAYS = 7
# What extraction reads from unchanged text. Raise it with any change to what is read (a phrase
# read anew, a figure read otherwise): an index whose articles were read under another number is
# read again in place when next opened, so that its articles and new ones are read alike.
READINGS = 1


def anchor_times(article: Article, sentences: Sequence[Sentence]) -> list[tuple[Mention, ...]]:
    """Each sentence's mentions with its clock times, and its days counted from the narrated day
    ("the previous day", ``DateValue.narrated``), given their day (new mentions for those,
    the rest as they were), so that two articles' times of one event can be compared.

    The day is the sentence's own day-level date, else the last one earlier in its paragraph, else
    the last one earlier in the article within ``NARRATED_DAYS`` of publication (the day the article
    narrates: an article of the 12th that names Saturday the 10th and then says a ferry sank "pukul
    04.30" means the 10th), else the publication day. The day goes into the time's typed value,
    whose ``timescale`` then says what its minutes count. A time holds minutes since 0001-01-01: in UTC
    when its zone is written ("0012 GMT", "pukul 06.14 WIB": ``DateValue.zone``, read by ``dates``),
    else in the place's own time (timescale "local"), which is only ever compared with another local
    time. A time with no day to take (no date anywhere and no publication day) holds minutes of its
    day (timescale "clock"), compared only with another such time: two articles of one night that say
    "shortly after 2 a.m." and "just after 2:30 a.m." disagree whatever the day. With a written zone
    and no day, it keeps no minutes."""
    published = as_date(article.published)
    paragraph_day: int | None = None
    narrated_day: int | None = None
    previous_end = 0
    out: list[tuple[Mention, ...]] = []
    for sent in sentences:
        if "\n\n" in article.text[previous_end : sent.start]:
            paragraph_day = None  # a new paragraph inherits only a day of the news (below)
        previous_end = sent.end
        days = [
            m
            for m in sent.mentions
            if m.kind == "date" and m.granularity in ("day", "minute") and m.lo is not None and m.lo == m.hi
        ]
        day = int(days[0].lo) if days else paragraph_day  # type: ignore[arg-type]
        if day is None:
            day = narrated_day
        if day is None and published is not None:
            day = published.toordinal()
        if days:
            paragraph_day = int(days[-1].lo)  # type: ignore[arg-type]
            # Past a paragraph break only the sentence's main day carries: a date written out before
            # one read from the publication day ("pada Selasa (16/12/2014) setelah kemarin
            # terpangkas 3,29 persen" narrates the 16th, not yesterday).
            main = [int(m.lo) for m in sorted(days, key=lambda m: m.relative)]  # type: ignore[arg-type]
            news = [d for d in main if published is None or abs(d - published.toordinal()) <= NARRATED_DAYS]
            narrated_day = news[0] if news else narrated_day
        out.append(tuple(_given_day(m, day) for m in sent.mentions))
    return out


def _given_day(m: Mention, day: int | None) -> Mention:
    if m.kind == "time" and m.lo is not None:
        return _anchored(m, day)
    if m.date is not None and m.date.narrated is not None and day is not None:
        on = date.fromordinal(day + m.date.narrated)  # "the previous day" of the day narrated here
        value = DateValue("day", on.year, on.month, on.day)
        return replace(m, value=value.iso, date=value, lo=on.toordinal(), hi=on.toordinal())
    return m


def _anchored(m: Mention, day: int | None) -> Mention:
    zone = m.date.zone if m.date is not None else None
    if day is None:
        if zone is not None:
            return replace(m, lo=None, hi=None)  # a zone converts only a time that has its day
        lo, hi = _clock_interval(m.lo or 0.0, m.qualifier)
        return replace(m, lo=lo, hi=hi)
    offset = zone * 60 if zone is not None else 0.0
    lo, hi = _clock_interval(day * 1440 + (m.lo or 0.0) - offset, m.qualifier)
    on = date.fromordinal(day)
    value = replace(m.date, year=on.year, month=on.month, day=on.day) if m.date is not None else None
    return replace(m, value=value.iso if value is not None else m.value, date=value, lo=lo, hi=hi)


def _clock_interval(minute: float, qualifier: str | None) -> tuple[float, float]:
    """One minute wide, so equal times overlap and others do not; "about" a quarter-hour either
    side, so "about 1:00" and "about 1:30" (two half-hours a reader tells apart) only touch, and
    touching is no overlap. A bound ("shortly after 2 a.m.", "by 7 a.m.") keeps its time: the
    writer placed the event at it."""
    if qualifier == "about":
        return minute - 15, minute + 15
    return minute, minute + 1


def mentions_in(
    text: str, offset: int, dates: DateFinder, numbers: NumberFinder, article_id: str = ""
) -> tuple[Mention, ...]:
    """The mentions of ``text``, a sentence that starts at ``offset`` in article ``article_id``,
    placed in the article: their offsets are the article's."""
    found = dates.find(text)
    found += numbers.find(text, [(m.start, m.end) for m in found])
    placed = [
        replace(
            m,
            start=m.start + offset,
            end=m.end + offset,
            noun_at=tuple(at.moved(offset) for at in m.noun_at),
            article_id=article_id,
        )
        for m in found
    ]
    return tuple(join_conversions(text, offset, placed, numbers.lang))
