"""Extraction never raises on arbitrary text, and every span indexes its source."""

import itertools
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factcheck.dates import DateFinder
from factcheck.extract import mentions_in
from factcheck.lang.en import LANGUAGE as ENGLISH
from factcheck.lang.id import LANGUAGE as INDONESIAN
from factcheck.numbers import NumberFinder

WORDS = [
    "Senin",
    "Kamis",
    "(14/8/2023)",
    "12/9",
    "bulan",
    "Juli",
    "tahun",
    "2019",
    "lalu",
    "dua",
    "puluh",
    "juta",
    "Rp",
    "1.500",
    "2,5",
    "persen",
    "%",
    "sekitar",
    "lebih dari",
    "pukul",
    "13.21",
    "WIB",
    "March",
    "26,",
    "2024",
    "at",
    "1:21",
    "p.m.",
    "ke-3",
    "Su-35",
    "-",
    ",",
    ".",
    "(",
    ")",
    "sebulan",
    "dozens",
]

texts = st.one_of(st.text(max_size=200), st.lists(st.sampled_from(WORDS), max_size=30).map(" ".join))


@settings(max_examples=300, deadline=None)
@given(texts, st.sampled_from([INDONESIAN, ENGLISH]), st.sampled_from([None, date(2023, 9, 13)]))
def test_spans_index_the_source(text, lang, published):
    found = mentions_in(text, 0, DateFinder(lang, published, date(2026, 11, 21)), NumberFinder(lang))
    for m in found:
        assert 0 <= m.start < m.end <= len(text)
        assert text[m.start : m.end] == m.text
    spans = sorted((m.start, m.end) for m in found)
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(spans)), "mentions overlap"


# Values no calendar or float can hold, in the shapes ordinary articles use them. Each once
# aborted a whole run ("year -976 is out of range", OverflowError).
HUGE = [
    ("en", "The settlement was founded 3000 years ago."),
    ("id", "Situs itu dibangun 5000 tahun lalu."),
    ("en", "The probe left 1000000 days ago."),
    ("en", "A debt of 1" + "0" * 400 + " dollars."),
    ("id", "Nilainya Rp 1" + "0" * 400 + " triliun."),
    ("id", "Kejadian itu 99999999999 hari lalu."),
    ("en", "It ends 1" + "0" * 30 + " days later."),
]


@pytest.mark.parametrize(("lang", "text"), HUGE, ids=[t for _, t in HUGE])
def test_out_of_range_values_never_raise(lang, text):
    language = INDONESIAN if lang == "id" else ENGLISH
    found = mentions_in(text, 0, DateFinder(language, date(2023, 9, 13), date(2026, 11, 21)), NumberFinder(language))
    assert all(text[m.start : m.end] == m.text for m in found)


UNITS = [
    "years ago",
    "tahun lalu",
    "days ago",
    "hari lalu",
    "bulan lalu",
    "weeks ago",
    "minggu lalu",
    "tahun",
    "juta",
    "miliar",
    "persen",
    "%",
    "orang",
    "km",
    "days later",
    "tahun kemudian",
    "",
]
fragments = st.lists(
    st.tuples(
        st.sampled_from(["", "Rp ", "$", "sekitar ", "lebih dari ", "tahun ", "pada "]),
        st.one_of(st.integers(0, 10**12), st.integers(0, 10**450), st.sampled_from([0, 1, 9999, 10000, 99999])),
        st.sampled_from(UNITS),
    ).map(lambda t: f"{t[0]}{t[1]} {t[2]}".strip()),
    min_size=1,
    max_size=4,
).map(", ".join)


@settings(max_examples=400, deadline=None)
@given(fragments, st.sampled_from([INDONESIAN, ENGLISH]), st.sampled_from([None, date(2023, 9, 13), date(1, 1, 2)]))
def test_any_size_of_figure_never_raises(text, lang, published):
    found = mentions_in(text, 0, DateFinder(lang, published, date(2026, 11, 21)), NumberFinder(lang))
    assert all(text[m.start : m.end] == m.text for m in found)
