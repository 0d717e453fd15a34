"""Fuzz the extractor: 10,000 mixed Indonesian/English date and number fragments, fixed seed.

Run: ``.venv/bin/python benchmarks/fuzz_extract.py [N]``. Every fragment is extracted with a
random language and publication date (including the edges of the calendar); the run reports
exceptions (must be 0) and the slowest fragment (must be under 1 s). Exit code 1 otherwise.
"""

from __future__ import annotations

import random
import sys
import time
from datetime import date

from factcheck.dates import DateFinder
from factcheck.extract import mentions_in
from factcheck.lang.en import LANGUAGE as ENGLISH
from factcheck.lang.id import LANGUAGE as INDONESIAN
from factcheck.numbers import NumberFinder

PIECES = [
    # dates, weekdays, months and relative phrases in both languages
    "Senin", "Kamis", "(14/8/2023)", "12/9", "31/2/2023", "29/2/2023", "00/00/0000", "1/1/1", "12/13/2020",
    "bulan", "Juli", "tahun", "2019", "9999", "10000", "0000", "lalu", "tanggal", "pada", "March", "Feb. 30",
    "February 29, 1900", "2024", "at", "1:21", "99:99", "p.m.", "pukul", "13.21", "25.61", "WIB", "GMT",
    "0012", "7:12 AM", "local time", "years ago", "hari lalu", "days ago", "weeks ago", "tahun kemudian",
    "sebulan", "abad", "century", "'99", "the '90s", "1990an", "tahun 1990-an", "Q3", "FY2023",
    # numbers, units, money and their glued and written forms
    "dua", "puluh", "juta", "miliar", "Rp", "$", "1.500", "2,5", "persen", "%", "sekitar", "lebih dari",
    "ke-3", "Su-35", "dozens", "0", "00", "1e400", "9" * 30, "1" + "0" * 400, "10^9", "½", "¾", "4½", "1/2",
    "−5", "minus", "half", "a dozen", "three of them", "magnitude-5.4", "7.9-magnitude", "($3.1-million)",
    "e45 million", "-", "–", "/", ",", ".", "(", ")",
]  # fmt: skip
PUBLISHED = [None, date(2023, 9, 13), date(1, 1, 5), date(9999, 12, 20)]


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    rng = random.Random(20261128)
    finders = {
        (lang.code, pub): (DateFinder(lang, pub, date(2026, 11, 28)), NumberFinder(lang))
        for lang in (INDONESIAN, ENGLISH)
        for pub in PUBLISHED
    }
    failures, slowest, slowest_text = [], 0.0, ""
    t_all = time.perf_counter()
    for _ in range(n):
        text = " ".join(rng.choice(PIECES) for _ in range(rng.randint(1, 12)))
        key = (rng.choice(["id", "en"]), rng.choice(PUBLISHED))
        t = time.perf_counter()
        try:
            mentions_in(text, 0, *finders[key])
        except Exception as e:  # the figure this benchmark exists for
            failures.append(f"{text!r} ({key}): {type(e).__name__}: {e}")
        took = time.perf_counter() - t
        if took > slowest:
            slowest, slowest_text = took, text
    total = time.perf_counter() - t_all
    worst = f"slowest {slowest * 1000:.1f} ms ({slowest_text[:60]!r})"
    print(f"{n} fragments in {total:.1f} s: {len(failures)} exceptions; {worst}")
    for f in failures[:10]:
        print("  " + f)
    sys.exit(1 if failures or slowest >= 1.0 else 0)


if __name__ == "__main__":
    main()
