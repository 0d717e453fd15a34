"""One row per date phenomenon, each with the real sentence it came from."""

from datetime import date

import pytest

from factcheck.dates import DateFinder
from factcheck.lang.en import LANGUAGE as ENGLISH
from factcheck.lang.id import LANGUAGE as INDONESIAN
from factcheck.types import DateValue

TODAY = date(2026, 11, 21)

# (language, publication date, sentence, mention text, value, granularity, weekday)
CASES = [
    (
        "id",
        date(2023, 8, 14),
        "saling bertukar hadiah senapan saat mereka bertemu di Timur Jauh Rusia, lapor Kremlin pada Kamis (14/8/2023).",
        "Kamis (14/8/2023)",
        "2023-08-14",
        "day",
        "Thursday",
    ),
    (
        "id",
        None,
        "Arpan Rachman Rabu, 13 Sep 2023 19:59 WIB",
        "Rabu, 13 Sep 2023 19:59 WIB",
        "2023-09-13T19:59",
        "minute",
        "Wednesday",
    ),
    (
        "id",
        date(2023, 9, 13),
        "Pemimpin Korut tersebut menerima sambutan VIP setibanya di Rusia pada hari Selasa (12/9), "
        "di mana pengawal kehormatan militer",
        "Selasa (12/9)",
        "2023-09-12",
        "day",
        "Tuesday",
    ),
    (
        "id",
        date(2023, 9, 5),
        "Menteri Pertahanan Rusia Sergei Shoigu, yang mengunjungi Pyongyang pada bulan Juli untuk "
        "menghadiri pameran senjata",
        "pada bulan Juli",
        "2023-07",
        "month",
        None,
    ),
    (
        "id",
        None,
        "Pada bulan Juli, menteri pertahanan Rusia Sergei Shogu mengunjungi Pyongyang",
        "Pada bulan Juli",
        "XXXX-07",
        "month",
        None,
    ),
    (
        "id",
        None,
        "Media AS melaporkan pada tanggal 4 September, mengutip sumber dari pemerintah AS",
        "4 September",
        "XXXX-09-04",
        "day",
        None,
    ),
    (
        "id",
        None,
        "Kim Jong-un dan Putin mengadakan pertemuan puncak pertama mereka pada tahun 2019.",
        "pada tahun 2019",
        "2019",
        "year",
        None,
    ),
    (
        "id",
        None,
        "Vladimir Putin (kanan) dan pemimpin Korea Utara Kim Jong-un di Vladivostok pada April 2019.",
        "April 2019",
        "2019-04",
        "month",
        None,
    ),
    (
        "id",
        date(2023, 9, 13),
        "Pada hari Senin, Amerika Serikat menggambarkan Putin putus asa",
        "Pada hari Senin",
        "2023-09-11",
        "day",
        "Monday",
    ),
    (
        "id",
        date(2023, 9, 13),
        "Gedung Putih pekan lalu memperingatkan bahwa Korut akan menanggung akibatnya",
        "pekan lalu",
        "2023-W36",
        "week",
        None,
    ),
    (
        "id",
        date(2023, 9, 13),
        "Bulan lalu, Gedung Putih mengatakan bahwa Rusia",
        "Bulan lalu",
        "2023-08",
        "month",
        None,
    ),
    (
        "id",
        date(2023, 9, 13),
        "yang telah menghabiskan banyak sekali persediaan amunisi sejak awal tahun lalu",
        "tahun lalu",
        "2022",
        "year",
        None,
    ),
    (
        "id",
        date(2023, 9, 13),
        "kedua pemimpin bertemu dua hari lalu di kosmodrom",
        "dua hari lalu",
        "2023-09-11",
        "day",
        None,
    ),
    ("id", date(2014, 12, 31), "Harga premium turun kemarin menjadi Rp 7.600", "kemarin", "2014-12-30", "day", None),
    (
        "id",
        None,
        "KTT G20 berlangsung pada 15-16 November 2022 di Nusa Dua, Bali.",
        "15-16 November 2022",
        "2022-11-15/2022-11-16",
        "day",
        None,
    ),
    (
        "id",
        None,
        "Victoria, Seychelles, 11 Sept. 2023 – Bitget, platform perdagangan",
        "11 Sept. 2023",
        "2023-09-11",
        "day",
        None,
    ),
    (
        "id",
        None,
        "negara kami mendukung Korea Utara dalam perjuangannya pada tahun 1950-an",
        "pada tahun 1950-an",
        "195X",
        "decade",
        None,
    ),
    ("id", date(2014, 12, 30), "Pesawat hilang kontak pukul 06.17 WIB", "pukul 06.17 WIB", "T06:17", "minute", None),
    (
        "en",
        None,
        "Officials met on Monday, Nov. 22, 2022, in Bali.",
        "Monday, Nov. 22, 2022",
        "2022-11-22",
        "day",
        "Monday",
    ),
    (
        "en",
        None,
        "The ship was struck March 26, 2024, at 1:29 a.m.",
        "March 26, 2024, at 1:29 a.m.",
        "2024-03-26T01:29",
        "minute",
        None,
    ),
    (
        "en",
        date(2024, 3, 27),
        "The collapse happened on Wednesday, March 26, the agency said.",
        "Wednesday, March 26",
        "2024-03-26",
        "day",
        "Wednesday",
    ),
    ("en", date(2024, 3, 27), "Prices rose last month, the bureau said.", "last month", "2024-02", "month", None),
    ("en", date(2024, 3, 27), "The bridge was hit at 1:21 p.m. local time.", "1:21 p.m.", "T13:21", "minute", None),
    # A dateline with the year after the day and no comma (ECB+ 23_8ecbplus, 12_11ecbplus,
    # 26_11ecbplus, 36_4ecbplus): without the year, the weekday chose 2024 for a 2013 article, and
    # every date of the article moved eleven years away from the other reports of its event.
    ("en", None, "14:25 Sun Sep 15 2013", "Sun Sep 15 2013", "2013-09-15", "day", "Sunday"),
    (
        "en",
        None,
        "Published: Tuesday, Dec. 20 2005 12:00 a.m. MST",
        "Tuesday, Dec. 20 2005 12:00 a.m. MST",
        "2005-12-20T00:00",
        "minute",
        "Tuesday",
    ),
    (
        "en",
        None,
        "Fresh riots were reported in Greece on Saturday December 13 2008 in protest at the killing",
        "Saturday December 13 2008",
        "2008-12-13",
        "day",
        "Saturday",
    ),
    # A bare weekday after a future cue in its clause is the coming one (ECB+ 33_7ecbplus, published
    # Friday 21 October 2011; 32_4ecbplus, Monday 10 June 2013), but a causal "due to" is no cue
    # (23_8ecbplus, Sunday 15 September 2013).
    (
        "en",
        date(2011, 10, 21),
        "The trial will resume Monday with testimony from a man who purportedly told prosecutors",
        "Monday",
        "2011-10-24",
        "day",
        "Monday",
    ),
    (
        "en",
        date(2013, 6, 10),
        "No pleas were entered and a bail hearing was scheduled for Wednesday at Preston Crown Court.",
        "Wednesday",
        "2013-06-12",
        "day",
        "Wednesday",
    ),
    (
        "en",
        date(2013, 9, 15),
        "Rescue personnel were not able to reach him due to low light levels on Saturday, Inspector Dave Gaskin said.",
        "on Saturday",
        "2013-09-14",
        "day",
        "Saturday",
    ),
]


@pytest.mark.parametrize(("lang", "published", "sentence", "text", "value", "granularity", "weekday"), CASES)
def test_date(lang, published, sentence, text, value, granularity, weekday):
    finder = DateFinder(INDONESIAN if lang == "id" else ENGLISH, published, TODAY)
    found = {m.text: m for m in finder.find(sentence)}
    assert text in found, f"{text!r} not in {list(found)}"
    m = found[text]
    assert (m.value, m.granularity, m.weekday) == (value, granularity, weekday)
    assert sentence[m.start : m.end] == text


# Not dates: durations, model names, flight numbers, decimals, clock times read as days.
NOT_DATES = [
    ("id", "untuk peringatan 70 tahun perjanjian gencatan senjata Korea"),
    ("id", "selama 18 bulan pertempuran di Ukraina"),
    ("id", "fasilitas yang memproduksi jet temuput Su-35 dan Su-37"),
    ("id", "Pesawat AirAsia QZ8501 hilang kontak"),
    ("id", "inflasi naik 1,25 persen"),
    ("id", "dalam beberapa hari mendatang"),
    ("en", "the A320 carried 162 people"),
]


@pytest.mark.parametrize(("lang", "sentence"), NOT_DATES)
def test_not_a_date(lang, sentence):
    finder = DateFinder(INDONESIAN if lang == "id" else ENGLISH, date(2023, 9, 13), TODAY)
    assert [m.text for m in finder.find(sentence) if m.kind == "date"] == []


def test_weekday_fixes_a_missing_year_and_is_marked_guessed():
    finder = DateFinder(INDONESIAN, None, TODAY)
    (m,) = finder.find("kata seorang pejabat Amerika Serikat pada Selasa (5 September) dan memperingatkan")
    assert m.value == "2023-09-05" and m.year_guessed


# One row per shape of date the finder writes: the typed value later stages read, and its written
# form (reports, the index and baselines keep that string, so it must not change).
# (what, language, publication date, sentence, mention text, DateValue, written value)
VALUES = [
    (
        "a full date with its weekday, named wrongly",
        "id",
        date(2023, 8, 14),
        "saling bertukar hadiah senapan saat mereka bertemu di Timur Jauh Rusia, lapor Kremlin pada Kamis (14/8/2023).",
        "Kamis (14/8/2023)",
        DateValue("day", 2023, 8, 14, weekday=3),
        "2023-08-14",
    ),
    (
        "a day with no year and no publication day",
        "id",
        None,
        "Kim Jong Un tiba di Vladivostok (12/9) dengan kereta lapis baja",
        "12/9",
        DateValue("day", None, 9, 12),
        "XXXX-09-12",
    ),
    (
        "a day with no year, placed by the publication day",
        "id",
        date(2023, 9, 13),
        "Pemimpin Korut tersebut menerima sambutan VIP setibanya di Rusia pada hari Selasa (12/9), di mana",
        "Selasa (12/9)",
        DateValue("day", 2023, 9, 12, weekday=1),
        "2023-09-12",
    ),
    (
        "a month and year",
        "id",
        None,
        "Vladimir Putin (kanan) dan pemimpin Korea Utara Kim Jong-un di Vladivostok pada April 2019.",
        "April 2019",
        DateValue("month", 2019, 4),
        "2019-04",
    ),
    (
        "a month with no year",
        "id",
        None,
        "Pada bulan Juli, menteri pertahanan Rusia Sergei Shogu mengunjungi Pyongyang",
        "Pada bulan Juli",
        DateValue("month", None, 7),
        "XXXX-07",
    ),
    (
        "a year",
        "id",
        None,
        "Kim Jong-un dan Putin mengadakan pertemuan puncak pertama mereka pada tahun 2019.",
        "pada tahun 2019",
        DateValue("year", 2019),
        "2019",
    ),
    (
        "a range of years",
        "en",
        None,
        "The 2012-2013 season was his last with the club.",
        "2012-2013",
        DateValue("year", 2012, end=DateValue("year", 2013)),
        "2012/2013",
    ),
    (
        "a decade",
        "id",
        None,
        "negara kami mendukung Korea Utara dalam perjuangannya pada tahun 1950-an",
        "pada tahun 1950-an",
        DateValue("decade", 1950),
        "195X",
    ),
    (
        "a week read from the publication day",
        "id",
        date(2023, 9, 13),
        "Gedung Putih pekan lalu memperingatkan bahwa Korut akan menanggung akibatnya",
        "pekan lalu",
        DateValue("week", 2023, week=36),
        "2023-W36",
    ),
    (
        "a weekday alone, read from the publication day",
        "id",
        date(2023, 9, 13),
        "Pada hari Senin, Amerika Serikat menggambarkan Putin putus asa",
        "Pada hari Senin",
        DateValue("day", 2023, 9, 11, weekday=0),
        "2023-09-11",
    ),
    (
        "a weekday alone, no publication day",
        "id",
        None,
        "Pada hari Senin, Amerika Serikat menggambarkan Putin putus asa",
        "Pada hari Senin",
        DateValue("day", weekday=0),
        "XXXX-XX-XX",
    ),
    (
        "a relative day, no publication day",
        "id",
        None,
        "Harga premium turun kemarin menjadi Rp 7.600",
        "kemarin",
        DateValue("day"),
        "XXXX",
    ),
    (
        "a date with its clock time and zone",
        "id",
        None,
        "Arpan Rachman Rabu, 13 Sep 2023 19:59 WIB",
        "Rabu, 13 Sep 2023 19:59 WIB",
        DateValue("minute", 2023, 9, 13, weekday=2, hour=19, minute=59, zone=7.0),
        "2023-09-13T19:59",
    ),
    (
        "a clock time and zone, its day not yet known (extract gives it one)",
        "id",
        date(2014, 12, 30),
        "Pesawat hilang kontak pukul 06.17 WIB",
        "pukul 06.17 WIB",
        DateValue("minute", hour=6, minute=17, zone=7.0),
        "T06:17",
    ),
    (
        "a range of days in one month",
        "id",
        None,
        "KTT G20 berlangsung pada 15-16 November 2022 di Nusa Dua, Bali.",
        "15-16 November 2022",
        DateValue("day", 2022, 11, 15, end=DateValue("day", 2022, 11, 16)),
        "2022-11-15/2022-11-16",
    ),
    (
        "a range of days across two months",
        "id",
        None,
        "Pameran Indonesia Maritime Expo berlangsung 30 November - 2 Desember 2022 di Jakarta.",
        "30 November - 2 Desember 2022",
        DateValue("day", 2022, 11, 30, end=DateValue("day", 2022, 12, 2)),
        "2022-11-30/2022-12-02",
    ),
]


@pytest.mark.parametrize(
    ("what", "lang", "published", "sentence", "text", "value", "written"), VALUES, ids=[r[0] for r in VALUES]
)
def test_date_value(what, lang, published, sentence, text, value, written):
    finder = DateFinder(INDONESIAN if lang == "id" else ENGLISH, published, TODAY)
    found = {m.text: m for m in finder.find(sentence)}
    assert text in found, f"{text!r} not in {list(found)}"
    m = found[text]
    assert m.date == value
    assert m.value == value.iso == written
    assert m.granularity == value.granularity
