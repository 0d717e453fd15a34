"""Date and time expressions, with spans, built from the language tables.

dateparser returns no spans, reads durations ("70 tahun"), model names ("Su-35") and clock
times as dates, and misses relative expressions before a comma (docs/design.md). So spans come
from this grammar, and
year-less dates are anchored to the publication date the way Indonesian news writes
them: "Selasa (12/9)" is the Tuesday of the publication week.
"""

from __future__ import annotations

import bisect
import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

from factcheck.clauses import words_before
from factcheck.langdata import LanguageData
from factcheck.settings import Settings
from factcheck.spans import Spans
from factcheck.types import DateValue, Mention


def _alt(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@dataclass(frozen=True)
class _Grammar:
    full: tuple[re.Pattern[str], ...]
    weekday_prefix: re.Pattern[str]
    weekday_alone: re.Pattern[str]
    month_cued: re.Pattern[str]
    year: re.Pattern[str]
    relative: re.Pattern[str]
    relative_fixed: re.Pattern[str]
    time: re.Pattern[str]
    time_qualifier: re.Pattern[str]
    # What may stand between a day and its clock time: spaces, a comma, a joining word ("at", "pukul").
    clock_gap: re.Pattern[str]
    future_cue: re.Pattern[str] | None = None
    narrated: re.Pattern[str] | None = None


def _halves(lang: LanguageData, strict: bool) -> str:
    """The day halves as written after a clock time: "p.m.", "pm", "p.m". After a bare hour
    (``strict``) only fully dotted or as a whole word: "3 p.m.", "3pm", but not "3 pmk"."""
    if not lang.day_halves:
        return "(?!)"
    keys = sorted(lang.day_halves, key=len, reverse=True)
    if strict:
        dotted = [r"\.".join(map(re.escape, k)) + r"\." for k in keys]
        return "|".join([*dotted, *(rf"{re.escape(k)}\b" for k in keys)])
    return "|".join(r"\.?".join(map(re.escape, k)) + r"\.?" for k in keys)


_B = r"(?<![\w/.,-])"  # left boundary: not inside a word, number or code
_E = r"(?![\w/]|[.,]\d)"  # right boundary


@lru_cache(maxsize=8)
def grammar(lang: LanguageData) -> _Grammar:
    months = _alt(list(lang.months))
    wd_full = _alt(list(lang.weekdays))
    wd_any = _alt(list(lang.weekdays) + list(lang.weekday_abbrevs))
    mon = rf"(?P<mon>{months})\.?"
    mon2 = rf"(?P<mon2>{months})\.?"
    year = r"(?P<y>(?:1[89]|20)\d{2})"
    day = r"(?P<d>[0-3]?\d)" + (rf"(?:{_alt(list(lang.day_suffixes))})?" if lang.day_suffixes else "")
    day2 = r"(?:\s*[-–]\s*(?P<d2>[0-3]?\d))?"
    numeric = r"(?P<nd>[0-3]?\d)/(?P<nm>[01]?\d)(?:/(?P<ny>\d{4}|\d{2}))?"
    iso = r"(?P<iy>(?:19|20)\d{2})-(?P<im>[01]\d)-(?P<id>[0-3]\d)"
    dmy = rf"{day}{day2}\s+{mon}(?:\s*,?\s*{year})?"
    dmdmy = rf"(?P<xd>[0-3]?\d)\s+{mon2}\s*[-–]\s*{day}\s+{mon}(?:\s*,?\s*{year})?"
    # "Sep 15, 2013" and, in datelines, "Sep 15 2013": a year may follow the day without a comma.
    mdy = rf"{mon}\s+{day}{day2}(?:\s*,?\s*{year})?"
    my = rf"{mon}\s*,?\s+{year}"
    full = tuple(re.compile(rf"{_B}{p}{_E}", re.IGNORECASE) for p in (iso, numeric, dmdmy, dmy, mdy, my))
    cues = _alt(list(lang.date_cues) + list(lang.month_words))
    month_cued = re.compile(
        rf"{_B}(?P<cue>(?i:(?:{cues})\s+){{1,3}})(?P<mon>[A-Z][a-z]+)\b(?!\s*\d)",
    )
    year_words = _alt(list(lang.year_words))
    decades = _alt(list(lang.decade_suffixes)) or "(?!)"
    year_re = re.compile(
        rf"{_B}(?P<cue>(?:(?:{cues}|{year_words})\s+){{0,3}})"
        rf"(?P<y>(?:1[89]|20)\d{{2}})(?:\s*[-–]\s*(?P<y2>(?:1[89]|20)\d{{2}}))?(?P<dec>{decades})?{_E}",
        re.IGNORECASE,
    )
    weekday_prefix = re.compile(rf"{_B}(?P<wd>{wd_any})\.?\s*,?\s*\(?\s*$", re.IGNORECASE)
    weekday_alone = re.compile(
        rf"{_B}(?P<cue>(?:(?:{cues}|{_alt(list(lang.day_words))})\s+){{0,2}})(?P<wd>{wd_full})\b",
        re.IGNORECASE,
    )
    units = _alt(list(lang.relative_units))
    past = _alt(list(lang.relative_suffix_past))
    future = _alt(list(lang.relative_suffix_future))
    numwords = _alt(list(lang.units_digits) + list(lang.teens))
    relative = re.compile(
        _B + lang.relative_pattern.format(numwords=numwords, units=units, past=past, future=future), re.IGNORECASE
    )
    relative_fixed = re.compile(rf"{_B}(?P<rel>{_alt(list(lang.relative_dates))})\b", re.IGNORECASE)
    zones = _alt(list(lang.time_zones)) if lang.time_zones else "(?!)"
    time = re.compile(
        rf"{_B}(?:(?P<cue>{_alt(list(lang.time_cues))})\s+)?(?P<hh>[0-2]?\d)(?P<sep>[:.])(?P<mm>[0-5]\d)"
        rf"(?:\s*(?P<ampm>{_halves(lang, strict=False)}))?(?:\s*(?P<tz>{zones}))?(?![\w]|[.,:]\d)"
        rf"|{_B}(?P<hh2>1[0-2]|[1-9])\s*(?P<ampm2>{_halves(lang, strict=True)})(?:\s*(?P<tz2>{zones})\b)?"
        rf"|{_B}(?P<hh3>[01]\d|2[0-3])(?P<mm3>[0-5]\d)\s*(?P<tz3>{zones})\b",  # "0012 GMT"
        re.IGNORECASE,
    )
    hedges = _alt(list(lang.time_qualifiers)) if lang.time_qualifiers else "(?!)"
    time_qualifier = re.compile(rf"(?<![\w-])(?P<q>{hedges})\s*$", re.IGNORECASE)
    joiners = _alt(list(lang.clock_joiners))
    clock_gap = re.compile(rf"[\s,]{{0,3}}(?:(?:{joiners})\s+)?" if joiners else r"[\s,]{0,3}", re.IGNORECASE)
    future_cue = (
        re.compile(rf"(?<![\w-])(?:{_alt(list(lang.future_cues))})(?![\w-])", re.IGNORECASE)
        if lang.future_cues
        else None
    )
    narrated = (
        re.compile(rf"{_B}(?P<rel>{_alt(list(lang.narrated_dates))})\b", re.IGNORECASE) if lang.narrated_dates else None
    )
    return _Grammar(
        full,
        weekday_prefix,
        weekday_alone,
        month_cued,
        year_re,
        relative,
        relative_fixed,
        time,
        time_qualifier,
        clock_gap,
        future_cue,
        narrated,
    )


def _valid(y: int, m: int, d: int) -> bool:
    return 1 <= m <= 12 and 1 <= d <= calendar.monthrange(y, m)[1]


def place_year(m: int, d: int | None, published: date, window_days: int) -> int:
    """The latest year that puts the date no later than ``window_days`` after publication."""
    limit = published + timedelta(days=window_days)
    for y in (published.year + 1, published.year, published.year - 1):
        day = d if d and _valid(y, m, d) else 1
        if date(y, m, day) <= limit:
            return y
    return published.year - 1


def year_from_weekday(m: int, d: int, weekday: int, not_after: date) -> int | None:
    """The latest year, not after ``not_after``, in which day d of month m falls on ``weekday``."""
    for y in range(not_after.year, not_after.year - 30, -1):
        if _valid(y, m, d) and date(y, m, d) <= not_after and date(y, m, d).weekday() == weekday:
            return y
    return None


def _lookup(table: dict[str, int], word: str) -> int | None:
    return table.get(word.lower().rstrip(".").replace("’", "'"))


class DateFinder:
    """Finds date and time mentions in one text, resolved against a publication date."""

    def __init__(
        self, lang: LanguageData, published: date | None, today: date, window_days: int = Settings.future_window_days
    ):
        self.lang = lang
        self.g = grammar(lang)
        self.published = published
        self.today = today
        self.window = window_days

    # -- public -----------------------------------------------------------------------------
    def find(self, text: str) -> list[Mention]:
        found: list[Mention] = []
        taken = Spans(len(text))  # the spans of ``found``, so a long sentence is not quadratic
        matches = [m for pattern in self.g.full for m in pattern.finditer(text)]
        for m in sorted(matches, key=lambda m: (m.start() - m.end(), m.start())):  # longest first
            if not taken.overlaps(m.start(), m.end()):
                men = tolerant(self._full, text, m)
                if men and not taken.overlaps(men.start, men.end):
                    found.append(men)
                    taken.add(men.start, men.end)
        found = self._attach_times(text, found, taken)
        for pattern, handler in (
            (self.g.narrated, self._narrated),  # "the next day" before "next day" (from publication)
            (self.g.relative, self._relative),
            (self.g.relative_fixed, self._relative_fixed),
            (self.g.month_cued, self._month_cued),
            (self.g.year, self._year),
            (self.g.weekday_alone, self._weekday_alone),
        ):
            for m in pattern.finditer(text) if pattern is not None else ():
                if taken.overlaps(m.start(), m.end()):
                    continue
                men = tolerant(handler, text, m)
                if men and not taken.overlaps(men.start, men.end):
                    found.append(men)
                    taken.add(men.start, men.end)
        return sorted(found, key=lambda x: x.start)

    # -- handlers ---------------------------------------------------------------------------
    def _full(self, text: str, m: re.Match[str]) -> Mention | None:
        g = dict.fromkeys(("iy", "nd", "ny", "y", "d", "d2", "xd", "mon", "mon2"))
        g.update(m.groupdict())
        start, end = m.start(), m.end()
        weekday: int | None = None
        pre = self.g.weekday_prefix.search(text, max(0, start - 16), start)
        if pre:
            weekday = _lookup({**self.lang.weekdays, **self.lang.weekday_abbrevs}, pre.group("wd"))
        if g["iy"]:
            y, mo, d, d2 = int(g["iy"]), int(g["im"]), int(g["id"]), None
        elif g["nd"]:
            a, b = int(g["nd"]), int(g["nm"])
            if self.lang.numeric_month_first and a <= 12:
                a, b = b, a
            d, mo, d2 = a, b, None
            y = int(g["ny"]) if g["ny"] else None
            if y is not None and y < 100:
                y += 2000
            in_parens = start > 0 and text[start - 1] == "(" and end < len(text) and text[end] == ")"
            if y is None and not (in_parens or pre):
                return None  # a bare "12/9" is as likely a score or a fraction
        else:
            mo = _lookup(self.lang.months, g["mon"])
            if mo is None:
                return None
            y = int(g["y"]) if g["y"] else None
            d = int(g["d"]) if g["d"] else None
            d2 = int(g["d2"]) if g.get("d2") else None
            if g.get("xd"):  # "30 Nov - 2 Des 2022": a range across months
                mo1 = _lookup(self.lang.months, g["mon2"])
                return self._range_across(text, start, end, int(g["xd"]), mo1, d, mo, y)
        if d is not None and not (1 <= d <= 31):
            return None
        if mo is None or not 1 <= mo <= 12:
            return None
        if pre:
            start = pre.start()
            if end < len(text) and text[end] == ")" and "(" in text[start : m.start()]:
                end += 1
        return self._make(text, start, end, y, mo, d, d2, weekday)

    def _range_across(
        self, text: str, start: int, end: int, d1: int, m1: int | None, d2: int | None, m2: int, y: int | None
    ) -> Mention | None:
        if m1 is None or d2 is None:
            return None
        first = self._make(text, start, end, y, m1, d1, None, None)
        last = self._make(text, start, end, y, m2, d2, None, None)
        if first is None or last is None or first.date is None or last.date is None:
            return None
        return _redated(first, replace(first.date, end=last.date), hi=last.hi)

    def _make(
        self,
        text: str,
        start: int,
        end: int,
        y: int | None,
        mo: int,
        d: int | None,
        d2: int | None,
        weekday: int | None,
    ) -> Mention | None:
        guessed = False
        placed = y is None and self.published is not None
        if y is None and self.published is not None:
            y = place_year(mo, d, self.published, self.window)
        elif y is None and weekday is not None and d is not None:
            y = year_from_weekday(mo, d, weekday, self.today)
            guessed = y is not None
        if y is not None and d is not None and not _valid(y, mo, d):
            return None
        gran = "month" if d is None else "day"
        last: DateValue | None = None
        lo = hi = None
        if y is not None:
            if d is None:
                lo = date(y, mo, 1).toordinal()
                hi = date(y, mo, calendar.monthrange(y, mo)[1]).toordinal()
            else:
                lo = hi = date(y, mo, d).toordinal()
                if d2 is not None and _valid(y, mo, d2) and d2 > d:
                    hi = date(y, mo, d2).toordinal()
                    last = DateValue(gran, y, mo, d2)
        elif d2 is not None and d is not None and d2 > d:
            last = DateValue(gran, None, mo, d2)
        return _dated(
            "date",
            text[start:end],
            start,
            end,
            DateValue(gran, y, mo, d, weekday=weekday, end=last),
            lo=lo,
            hi=hi,
            year_guessed=guessed,
            year_placed=placed,
        )

    def _month_cued(self, text: str, m: re.Match[str]) -> Mention | None:
        mo = _lookup(self.lang.months, m.group("mon"))
        if mo is None:
            return None
        cue_words = m.group("cue").lower().split()
        if m.group("mon") in self.lang.ambiguous_months and cue_words[-1] not in self.lang.ambiguous_month_cues:
            return None
        return self._make(text, m.start(), m.end(), None, mo, None, None, None)

    def _year(self, text: str, m: re.Match[str]) -> Mention | None:
        y = int(m.group("y"))
        cue = m.group("cue").strip()
        if not cue and not m.group("dec") and not m.group("y2"):
            # A bare four-digit number is a year unless a counted noun follows ("2000 tentara").
            nxt = text[m.end() : m.end() + 12].strip().lower()
            counted = nxt[:1].isalpha() and nxt.split()[0] not in self.lang.year_followers
            if not (1900 <= y <= self.today.year + 5) or counted:
                return None
        if m.group("dec"):
            decade = y - y % 10
            value, lo, hi = DateValue("decade", decade), date(decade, 1, 1), date(decade + 9, 12, 31)
        else:
            y2 = int(m.group("y2")) if m.group("y2") else None
            value = DateValue("year", y, end=DateValue("year", y2) if y2 is not None else None)
            lo, hi = date(y, 1, 1), date(y2 or y, 12, 31)
        return _dated("date", m.group(0), m.start(), m.end(), value, lo=lo.toordinal(), hi=hi.toordinal())

    def _weekday_alone(self, text: str, m: re.Match[str]) -> Mention | None:
        word = m.group("wd")
        wd = _lookup(self.lang.weekdays, word)
        if wd is None:
            return None
        homonym = self.lang.weekday_homonyms.get(word.lower())
        if homonym is not None and not word[0].isupper():
            return None  # lower case, it is the common word ("minggu" is "week")
        after = text[m.end() : m.end() + 12].lower().lstrip()
        if homonym and after.startswith(homonym):
            return None
        if self.lang.weekday_capitalised and not word[0].isupper():
            return None
        value, lo = DateValue("day", weekday=wd), None
        if self.published is not None:
            back = (self.published.weekday() - wd) % 7
            if self.lang.weekday_next and after.startswith(self.lang.weekday_next):
                back = -((wd - self.published.weekday()) % 7 or 7)
            elif self.g.future_cue is not None and self.g.future_cue.search(words_before(text, m.start())):
                back = -((wd - self.published.weekday()) % 7)  # "will meet ... Saturday": the coming one
            elif self.lang.weekday_last and after.startswith(self.lang.weekday_last) and back == 0:
                back = 7
            day = self.published - timedelta(days=back)
            value, lo = DateValue("day", day.year, day.month, day.day, weekday=wd), day.toordinal()
        return _dated("date", m.group(0), m.start(), m.end(), value, lo=lo, hi=lo, relative=True)

    def _relative(self, text: str, m: re.Match[str]) -> Mention | None:
        g = m.groupdict()
        unit_word = g.get("unit") or g.get("unit2") or ""
        unit = self.lang.relative_units.get(unit_word.lower())
        if unit is None:
            return None
        direction = (g.get("dir") or g.get("dir2") or "").lower()
        n_raw = (g.get("n") or "").lower()
        if not n_raw or n_raw in self.lang.indefinite_ones:
            n = 1
        elif n_raw.isdigit():
            n = int(n_raw)
        else:
            n = int(self.lang.units_digits.get(n_raw, self.lang.teens.get(n_raw, 1)))
        if direction in self.lang.relative_this:
            sign = 0
        elif direction in self.lang.relative_suffix_past or direction in self.lang.relative_last:
            sign = -1
        else:
            sign = 1
        if direction in self.lang.duration_directions:
            return None  # "the past year" is a duration
        counted = bool(g.get("n")) and n_raw not in self.lang.indefinite_ones
        if counted and (direction in self.lang.relative_span_suffixes or self.published is None):
            # "a heart attack nine days earlier" counts from the narrated day, and "three weeks
            # ago" in an article with no publication day from no known day: what either states is
            # a span, which the number finder reads as a duration ("almost three weeks").
            return None
        before = text[max(0, m.start() - 12) : m.start()].lower().split()
        if not g.get("n") and before and before[-1] in self.lang.vague_words:
            return None  # "beberapa hari mendatang": in a few days, no date
        return self._relative_value(text, m.start(), m.end(), unit, sign * n)

    def _relative_fixed(self, text: str, m: re.Match[str]) -> Mention | None:
        unit, offset = self.lang.relative_dates[m.group("rel").lower()]
        return self._relative_value(text, m.start(), m.end(), unit, offset)

    def _narrated(self, text: str, m: re.Match[str]) -> Mention:
        """A day counted from the narrated day, which only the article around it says: no day yet."""
        value = DateValue("day", narrated=self.lang.narrated_dates[m.group("rel").lower()])
        return _dated("date", m.group(0), m.start(), m.end(), value, relative=True)

    def _relative_value(self, text: str, start: int, end: int, unit: str, offset: int) -> Mention:
        value = DateValue(unit)  # with no publication day, only how fine it is
        lo = hi = None
        p = self.published
        if p is not None:
            if unit == "day":
                d = p + timedelta(days=offset)
                value, lo, hi = DateValue("day", d.year, d.month, d.day), d.toordinal(), d.toordinal()
            elif unit == "week":
                monday = p - timedelta(days=p.weekday()) + timedelta(weeks=offset)
                iso_year, week, _ = monday.isocalendar()
                value = DateValue("week", iso_year, week=week)
                lo, hi = monday.toordinal(), (monday + timedelta(days=6)).toordinal()
            elif unit == "month":
                idx = p.year * 12 + p.month - 1 + offset
                y, mo = divmod(idx, 12)
                mo += 1
                value = DateValue("month", y, mo)
                lo = date(y, mo, 1).toordinal()
                hi = date(y, mo, calendar.monthrange(y, mo)[1]).toordinal()
            else:
                y = p.year + offset
                value = DateValue("year", y)
                lo, hi = date(y, 1, 1).toordinal(), date(y, 12, 31).toordinal()
        return _dated("date", text[start:end], start, end, value, lo=lo, hi=hi, relative=True)

    def _attach_times(self, text: str, dates: list[Mention], taken: Spans) -> list[Mention]:
        """Fold a clock time that directly follows a date into it (a new mention in its place);
        keep other times separate.

        ``dates`` do not overlap (``find`` keeps them apart), and neither do the times added, so
        only the mention ending last before a time can be its date: any earlier one has that
        mention between it and the time, which no gap of spaces and "at" can hold. That one is
        found by bisection over the dates' ends; ``taken`` holds every span and grows with them."""
        out = list(dates)
        days = [n for n, d in enumerate(dates) if d.kind == "date" and d.granularity == "day"]
        days.sort(key=lambda n: dates[n].end)  # indices into ``out``, where a date may be replaced by its timed one
        ends = [dates[n].end for n in days]
        for m in self.g.time.finditer(text):
            if taken.overlaps(m.start(), m.end()):
                continue
            hh = int(m.group("hh") or m.group("hh2") or m.group("hh3"))
            mm = int(m.group("mm") or m.group("mm3") or 0)
            ampm = (m.group("ampm") or m.group("ampm2") or "").lower().replace(".", "")
            zone = m.group("tz") or m.group("tz2") or m.group("tz3")
            if m.group("sep") == "." and not (m.group("cue") or zone):
                continue  # "1.25" or "16.47" is a decimal, not a clock time
            if ampm and hh <= 12:
                hh = hh % 12 + self.lang.day_halves[ampm]  # "12 a.m." is midnight, "12 p.m." noon
            if hh > 23:
                continue
            offset = self.lang.time_zones.get(zone.upper()) if zone else None
            # "sekitar pukul 07.00": the hedge stands before the match; "at about 3:30": inside its cue.
            before = text[max(0, m.start() - 20) : m.start()]
            hedge = self.g.time_qualifier.search(before) or self.g.time_qualifier.search(m.group("cue") or "")
            i = bisect.bisect_right(ends, m.start()) - 1
            n = days[i] if i >= 0 else -1
            host = out[n].date if n >= 0 else None
            # A date that has taken a time is no longer "day": the gap to this time holds that time.
            if (
                host is not None
                and host.granularity == "day"
                and self.g.clock_gap.fullmatch(text, out[n].end, m.start())
            ):
                timed = replace(host, granularity="minute", hour=hh, minute=mm, zone=offset)
                out[n] = _redated(out[n], timed, end=m.end(), text=text[out[n].start : m.end()])
                taken.add(out[n].start, out[n].end)
                continue
            taken.add(m.start(), m.end())
            out.append(
                _dated(
                    "time",
                    m.group(0),
                    m.start(),
                    m.end(),
                    DateValue("minute", hour=hh, minute=mm, zone=offset),
                    qualifier=self.lang.time_qualifiers[hedge.group("q").lower()] if hedge else None,
                    lo=hh * 60 + mm,
                    hi=hh * 60 + mm,
                )
            )
        return out


# A date's written value is always its typed value's ``iso``: these two are where both are set.
def _dated(kind: str, text: str, start: int, end: int, value: DateValue, **fields: Any) -> Mention:
    return Mention(kind, text, start, end, value.iso, value, **fields)


def _redated(m: Mention, value: DateValue, **changes: Any) -> Mention:
    return replace(m, value=value.iso, date=value, **changes)


def tolerant(handler: Callable[[str, re.Match[str]], Mention | None], text: str, m: re.Match[str]) -> Mention | None:
    """Ordinary text holds values no calendar or float can hold ("5000 tahun lalu" is before year 1,
    "1000000 days ago" before 0001-01-01, a figure with 400 zeros): such a mention is dropped,
    because one odd phrase must never stop a run over a whole corpus."""
    try:
        return handler(text, m)
    except (ArithmeticError, ValueError):
        return None
