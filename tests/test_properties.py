"""Extraction never raises on arbitrary text, and every span indexes its source."""

import itertools
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from factcheck.dates import DateFinder
from factcheck.extract import mentions_in
from factcheck.langdata import ENGLISH, INDONESIAN
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
