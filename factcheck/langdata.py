"""The schema of a language's data, and its loader.

Everything language-specific lives in ``factcheck/lang/<code>/`` (as spaCy's ``lang/id/``): that
package's ``LANGUAGE`` is a ``LanguageData`` holding its lexicons and its stemmer. The stages are
generic and read the data of the article's language; a new language is a new folder. Keys are
lower case.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from functools import cache

WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


@dataclass(frozen=True, eq=False)  # hashed by identity: one instance per language
class LanguageData:
    code: str
    months: dict[str, int]
    weekdays: dict[str, int]  # 0 = Monday
    # Abbreviated weekdays are only trusted right before a date ("Sel Sep 12, 2023").
    weekday_abbrevs: dict[str, int]
    decimal_comma: bool  # id: "2,5" is 2.5 and "1.500" is 1500
    units_digits: dict[str, int]  # "dua" -> 2
    teens: dict[str, int]  # English "eleven" etc.; Indonesian builds them with "belas"
    tens: dict[str, int]  # English "twenty"; Indonesian builds them with "puluh"
    multipliers: dict[str, float]  # puluh, ratus, belas (additive +10 handled specially)
    scales: dict[str, float]  # ribu, juta, thousand, million
    approx_plurals: dict[str, tuple[float, float]]  # puluhan -> (10, 99)
    qualifiers: dict[str, str]  # "lebih dari" -> more_than
    # Time units for durations, in days.
    duration_units: dict[str, float]
    relative_dates: dict[str, tuple[str, int]]  # "kemarin" -> ("day", -1)
    relative_suffix_past: tuple[str, ...]  # "lalu"
    relative_suffix_future: tuple[str, ...]  # "depan"
    relative_units: dict[str, str]  # "hari" -> day
    date_cues: tuple[str, ...]  # words that make a bare month or year a date: "bulan", "pada"
    time_cues: tuple[str, ...]  # "pukul"
    # Words after which a number word is not a count ("salah satu" = one of).
    number_word_blockers: tuple[str, ...]
    stopwords: frozenset[str]
    # Boilerplate: a line starting with a cut marker ends the article; a line starting
    # with a drop marker is removed; byline markers flag author blurbs.
    cut_markers: tuple[str, ...]
    drop_markers: tuple[str, ...]
    byline_markers: tuple[str, ...]
    # A line starting with a teaser marker links another article ("Baca juga: ...", "Read also: ...")
    # and is removed however long its headline; other drop markers only on a short line.
    teaser_markers: tuple[str, ...] = ()
    abbreviations: tuple[str, ...] = ()
    year_words: tuple[str, ...] = ()
    month_words: tuple[str, ...] = ()
    day_words: tuple[str, ...] = ()
    # What a figure counts, read from words in its clause: "62 orang meninggal" and "korban
    # meninggal ... 162 orang" are both the dead; "151 orang hilang" and "326 orang luka" are not
    # the same tally. Matched as word prefixes.
    roles: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # Words of market reports, whose figures move every day: a different close on another
    # day is news, not a discrepancy.
    market_words: tuple[str, ...] = ()
    projection_words: tuple[str, ...] = ()
    # Verbs of saying: a date right after one ("melaporkan pada tanggal 4 September", "said on
    # Thursday") is when something was said, and two sources speak on different days.
    statement_words: tuple[str, ...] = ()
    # Verbs that put a figure down to a source as its estimate: "the agency puts it at 6.3", "BMKG
    # memperkirakan ...". Their subject is who the figure is attributed to (read from a parse).
    estimate_words: tuple[str, ...] = ()
    # A sign written as a word: "minus 17 degrees", "minus 5 derajat".
    negative_words: tuple[str, ...] = ()
    # A bare figure before a capitalised name ending in one of these is an address, not a quantity:
    # "24 Independent Street".
    street_words: tuple[str, ...] = ()
    # A share is of what follows these: "68 per cent of Greeks", "5 persen dari total".
    base_words: tuple[str, ...] = ()
    # A figure right after one of these (capitalised, as written) names something: "Juror No. 12".
    # Only words seen doing so in the tuning articles are listed.
    label_words: tuple[str, ...] = ()
    # A figure right after these is not a level but an old value ("dari Rp 6.500") or a change
    # ("naik Rp 2.000", "turun sebesar 122.000 barel", "rose by 3 percent").
    from_words: tuple[str, ...] = ()
    change_words: tuple[str, ...] = ()
    by_words: tuple[str, ...] = ()
    # A count of others or of more, not of all: "two other rifles" beside "seven AK-47 rifles",
    # "six more men". Written right after the figure.
    other_words: tuple[str, ...] = ()
    # An age is not a duration: "a 45-year-old woman" against "after three hours" is no conflict.
    # Words right after a time unit ("36-year-old") or right before a figure ("aged 16", "berusia
    # 45 tahun") that make it one.
    age_after: tuple[str, ...] = ()
    age_before: tuple[str, ...] = ()
    # Time zones written after a clock time, in hours east of UTC: "pukul 06.14 WIB", "0012 GMT".
    # A time with no zone, or "local time", is the place's own time and is only compared with
    # another such time.
    time_zones: dict[str, float] = field(default_factory=dict)
    # Words before a clock time that make it a bound or an estimate: "extinguished by 7 a.m." is
    # consistent with "knocked down by 6:40 a.m.". Values as in ``qualifiers``.
    time_qualifiers: dict[str, str] = field(default_factory=dict)
    # Where a figure holds: the place named right after it ("60 per cent in India", "4,5 juta
    # kendaraan di Jakarta"), or the whole country ("secara nasional", "nationwide"). Figures for
    # two places are two facts: "lebih dari 90 juta kendaraan" nationally against Jakarta's 4.5 million.
    place_words: tuple[str, ...] = ()
    scope_words: tuple[str, ...] = ()
    # Words that say over what span a sentence counts its figures: a career, a season, a half, so
    # far ("now has 2,302 for his career" against "finished with 20 points"). Sentences of
    # statistics use them; the learned decision weighs whether the two sentences name the same.
    span_words: tuple[str, ...] = ()
    # Words that join the two ends of a range of figures, besides a dash: "20 to 30", "10 hingga 15".
    range_words: tuple[str, ...] = ()
    # Classifiers and measure words that stand between a count and what it counts: "lima orang
    # korban", "a total of 12 bodies". The counted thing of a frame skips them.
    classifiers: tuple[str, ...] = ()
    # Verbs that only link a subject to its value ("harga naik menjadi Rp 7.500", "the toll was
    # 62"): the frame's predicate is the verb above them.
    light_verbs: tuple[str, ...] = ()
    # Conjunctions that end a clause ("62 tewas, sementara 151 hilang"): a figure's context stops there.
    clause_words: tuple[str, ...] = ()
    # Words that name a unit or a classifier, never what a figure is about: not a role's modifier,
    # not a context word.
    unit_words: tuple[str, ...] = ()
    # Grammar that differs by language, as data (the stage code never asks which language it is).
    # A relative date ("3 days ago", "2 hari lalu"): a regex template over {numwords}, {units},
    # {past}, {future}; groups n, unit, dir, and optionally dir2/unit2 ("last week").
    relative_pattern: str = ""
    # Words that are a count of times on their own ("married twice" against "married three times").
    count_words: dict[str, float] = field(default_factory=dict)
    count_noun: str = ""  # what such a word counts, as a figure would: "twice" is two "times"
    # Verb forms that end the phrase a figure counts, past its first word: "Two plainclothes NYPD
    # officers shot ..." counts officers, and "fired 11 shots" is not about them. ``verb_form`` is a
    # regex over one lower-case word (English "-ed"); ``verb_words`` are the forms no ending marks
    # (English irregular pasts). None: the phrase runs on to punctuation or a function word.
    verb_form: str = ""
    verb_words: frozenset[str] = frozenset()
    # Words after which a verb form is an adjective of the noun to come: "heavily armed", "fully
    # loaded magazines" (a regex over one lower-case word; English "-ly").
    verb_modifier: str = ""
    # Suffixes that count from the day the sentence narrates, not from publication ("nine days
    # earlier", "tiga hari sebelumnya"): with a count written, such a phrase states a span.
    relative_span_suffixes: tuple[str, ...] = ()
    numeric_month_first: bool = False  # "3/12/2023" is March 12th (US English)
    # Month names that are also common words ("May", "March") are a date only after these cues.
    ambiguous_months: frozenset[str] = frozenset()
    ambiguous_month_cues: frozenset[str] = frozenset()
    weekday_capitalised: bool = False  # "friday" in lower case is not the day
    # Words that make a bare weekday later in their clause the coming one, not the last one:
    # "The trial will resume Monday", "a bail hearing was scheduled for Wednesday" (the English
    # cues are those the tuning articles use so), "akan diumumkan pada Senin".
    future_cues: tuple[str, ...] = ()
    duration_directions: frozenset[str] = frozenset()  # "the past year" is a span, not a date
    # Words inside a written number that add nothing ("a hundred", "two hundred and five"): skipped,
    # and trimmed at either end of a run of number words.
    number_fillers: tuple[str, ...] = ()
    # Words that add their value to the digit before them: "dua belas" is 2 + 10. Alone, no number.
    additive_words: dict[str, float] = field(default_factory=dict)
    # Scale words written only as abbreviations ("5 bn", "Rp 2 jt"): never a number word on their own.
    scale_abbrevs: tuple[str, ...] = ()
    # Of those, the ones read as a scale only when glued to the figure ("$5m", "10k"): after a
    # space, "m" is metres.
    glued_scales: tuple[str, ...] = ()
    # Words right after a number word that make it an idiom, not a count: "satu sama lain" (each
    # other), "di satu sisi" (on one hand), "one by one", "one day".
    idiom_after_number: tuple[str, ...] = ()
    # Words after a word for one (``one_words``) that make it a pronoun: "one of the ...", "one another".
    pronoun_one_after: tuple[str, ...] = ()
    # Written before a figure to make it an ordinal: "ke-5" (the fifth).
    ordinal_prefixes: tuple[str, ...] = ()
    # Suffixes of an ordinal day ("September 4th") and of a decade ("1990s", "2000-an").
    day_suffixes: tuple[str, ...] = ()
    decade_suffixes: tuple[str, ...] = ()
    # Words between a day and its clock time, which then joins the date: "Friday at 3 p.m.",
    # "Senin (4/9) pukul 10.00".
    clock_joiners: tuple[str, ...] = ()
    # The halves of a twelve-hour clock, as the hour they start at: "3 p.m." is 15:00. Written
    # dotted or not ("a.m.", "am").
    day_halves: dict[str, int] = field(default_factory=dict)
    digit_words_concatenate: bool = False  # "nineteen ninety": one figure read digit by digit
    # A fraction of one time unit written as prefix + unit: "sebulan" (one month), "seperempat abad",
    # "a quarter-century", "half an hour". Prefix -> how many units.
    unit_prefixes: dict[str, float] = field(default_factory=dict)
    # Fraction words inside a written number: "two and a half", "half a million", "satu setengah juta".
    fractions: dict[str, float] = field(default_factory=dict)
    # Days counted from the day the text narrates, not from publication: "a shooting that had taken
    # place the previous day", "keesokan harinya". Phrase -> days from that day.
    narrated_dates: dict[str, int] = field(default_factory=dict)
    # A quantity written in two units, the larger first: "6 feet 2 inches", "2 jam 30 menit". The
    # words that may join its parts ("2 hours and 30 minutes"), and the units a hyphenated height
    # leaves unwritten ("5-foot-8" is 5 feet 8 inches): unit word -> the unwritten unit's word.
    mixed_unit_joiners: tuple[str, ...] = ()
    implied_minor_units: dict[str, str] = field(default_factory=dict)
    # A compound written as one word ends with its head: "three speedboats" are boats, as "two small
    # boats" are. English closes compounds so; Indonesian writes them apart ("kapal cepat").
    closed_compounds: bool = False
    # The stemmer that lets two forms of one word meet ("kunjungan", "mengunjungi").
    stem: Callable[[str], str] | None = None
    # Other codes read with this language's data ("ms": Malay is read as Indonesian).
    aliases: tuple[str, ...] = ()
    # Money and measures written after (or, for symbols, before) a figure. Prefix -> ISO code.
    currency_prefixes: dict[str, str] = field(default_factory=dict)
    currency_words: dict[str, str] = field(default_factory=dict)  # "rupiah" -> IDR, "dolar as" -> USD
    percent_words: tuple[str, ...] = ()
    measures: dict[str, tuple[str, float]] = field(default_factory=dict)  # unit -> (canonical unit, factor)
    # Areas written in two words, as ``measures``: "2,500 square feet", "5 kilometer persegi".
    areas: dict[str, tuple[str, float]] = field(default_factory=dict)
    # Words that may open a conversion after its parenthesis: "(or about 100 miles)", "(sekitar 8 km)".
    conversion_openers: tuple[str, ...] = ()
    # A rate ("Rp 8.500 per liter", "30,000 vehicles a day") is only comparable with the same rate:
    # the words that make one, and the units it can be per.
    rate_words: tuple[str, ...] = ()
    rate_units: tuple[str, ...] = ()
    # A relative date after these has no day ("beberapa hari mendatang": in a few days).
    vague_words: frozenset[str] = frozenset()
    # A bare four-digit year can be followed by these and still be a year ("2004 dan", "2004 when").
    year_followers: frozenset[str] = frozenset()
    # Weekdays that are also common words: written in lower case, or followed by one of the listed
    # words, they are the common word ("minggu lalu" is last week, not last Sunday).
    weekday_homonyms: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # Words right after a bare weekday that make it the coming one or the last one.
    weekday_next: tuple[str, ...] = ()
    weekday_last: tuple[str, ...] = ()
    # Relative dates: the word for the current unit ("minggu ini", "this week"), words before a unit
    # that make it the last one ("last week", "the past month"), and the words that stand for one
    # ("a week ago", "sebulan lalu").
    relative_this: tuple[str, ...] = ()
    relative_last: tuple[str, ...] = ()
    indefinite_ones: tuple[str, ...] = ()
    # Words for one that are as often an article or a pronoun: alone, or before a stopword, no count.
    one_words: tuple[str, ...] = ()

    def ends_phrase(self, word: str, before: str) -> bool:
        """Whether a lower-case word, after ``before``, is a verb form that ends a counted phrase."""
        if self.verb_modifier and re.fullmatch(self.verb_modifier, before):
            return False
        return word in self.verb_words or bool(self.verb_form and re.fullmatch(self.verb_form, word))

    def __post_init__(self) -> None:
        """Validate the tables: the stages trust them without checking."""
        if not self.code or self.code != self.code.lower():
            raise ValueError(f"language code must be lower case: {self.code!r}")
        if self.stem is None or not callable(self.stem):
            raise ValueError(f"{self.code}: a language needs a stemmer")
        for f in fields(self):
            value = getattr(self, f.name)
            keys = value.keys() if isinstance(value, Mapping) else ()
            bad = [k for k in keys if isinstance(k, str) and k != k.lower() and f.name != "time_zones"]
            if bad:
                raise ValueError(f"{self.code}.{f.name}: keys must be lower case: {bad[:5]}")
        # These are matched in lower-cased text: a word in another case would never be found.
        for name in ("market_words", "scope_words", "span_words"):
            upper = [w for w in getattr(self, name) if w != w.lower()]
            if upper:
                raise ValueError(f"{self.code}.{name} must be lower case: {upper[:5]}")
        # A written zone is looked up by its upper-case form: a key in another case would leave its
        # times with no zone, read as the place's own time.
        lower = [k for k in self.time_zones if k != k.upper()]
        if lower:
            raise ValueError(f"{self.code}.time_zones: keys must be upper case: {lower[:5]}")
        if sorted(set(self.weekdays.values())) != list(range(7)):
            raise ValueError(f"{self.code}.weekdays must name all seven days")
        if sorted(set(self.months.values())) != list(range(1, 13)):
            raise ValueError(f"{self.code}.months must name all twelve months")
        missing = [w for w in self.weekday_homonyms if w not in self.weekdays]
        if missing:
            raise ValueError(f"{self.code}.weekday_homonyms are not weekdays: {missing}")
        for part, whole in (("scale_abbrevs", "scales"), ("glued_scales", "scale_abbrevs")):
            stray = set(getattr(self, part)) - set(getattr(self, whole))
            if stray:
                raise ValueError(f"{self.code}.{part} must be {whole} too: {sorted(stray)}")
        stray = {w for pair in self.implied_minor_units.items() for w in pair} - set(self.measures)
        if stray:
            raise ValueError(f"{self.code}.implied_minor_units must be measures: {sorted(stray)}")
        if set(self.day_halves.values()) - {0, 12}:
            raise ValueError(f"{self.code}.day_halves start at hour 0 or 12")
        if self.count_words and not self.count_noun:
            raise ValueError(f"{self.code}.count_words need the count_noun they count")


FALLBACK = "id"  # unknown languages take Indonesian rules for dates; English rules are stricter


@cache  # asked for every article's tables; the packages do not change in a run
def codes() -> tuple[str, ...]:
    """The languages there is data for: one package each under ``factcheck/lang/``."""
    import factcheck.lang

    found = sorted(m.name for m in pkgutil.iter_modules(factcheck.lang.__path__) if m.ispkg)
    return (FALLBACK, *(c for c in found if c != FALLBACK))


@cache
def load(code: str) -> LanguageData:
    """One language's data, imported on first use."""
    data = importlib.import_module(f"factcheck.lang.{code}").LANGUAGE
    if not isinstance(data, LanguageData) or data.code != code:
        raise ValueError(f"factcheck.lang.{code} must define LANGUAGE = LanguageData(code={code!r}, ...)")
    return data


@cache
def _by_code() -> dict[str, str]:
    out = {c: c for c in codes()}
    for c in codes():
        out.update({a: c for a in load(c).aliases})
    return out


def resolve(code: str | None) -> str:
    """The data code an article's language code is read with ("id-ID" -> "id", "ms" -> "id")."""
    base = (code or FALLBACK).split("-")[0].lower()
    return _by_code().get(base, base if base in codes() else FALLBACK)


def find(code: str) -> LanguageData | None:
    """The data for exactly this language code, or None when there is none."""
    return load(code) if code in codes() else None


def get(code: str | None) -> LanguageData:
    """The data for an article's language; an unknown one falls back to ``FALLBACK``."""
    return load(resolve(code))


def detectable() -> list[str]:
    """Every code a language detector may answer with: the languages and their aliases."""
    return [*codes(), *(a for c in codes() for a in load(c).aliases)]
