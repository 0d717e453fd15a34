"""One row per number phenomenon, each with the real sentence it came from."""

import math

import pytest

from factcheck.lang.en import LANGUAGE as ENGLISH
from factcheck.lang.id import LANGUAGE as INDONESIAN
from factcheck.numbers import NumberFinder, parse_digits

# (language, sentence, mention text, kind, value, unit, approx, qualifier)
CASES = [
    (
        "id",
        "Para analis percaya bahwa Korea Utara memiliki puluhan juta peluru artileri",
        "puluhan juta",
        "number",
        1e7,
        None,
        True,
        None,
    ),
    ("id", "Korea Utara telah melakukan enam uji coba nuklir sejak tahun 2006", "enam", "number", 6, None, False, None),
    (
        "id",
        "Pada tahun 2013, Rusia mendukung dua resolusi di Perserikatan Bangsa-Bangsa",
        "dua",
        "number",
        2,
        None,
        False,
        None,
    ),
    ("id", "Jumlah pemilih mencapai 96.214.691 orang", "96.214.691", "number", 96214691, None, False, None),
    ("id", "sekitar 96,2 juta pemilih datang ke TPS", "96,2 juta", "number", 96.2e6, None, True, "about"),
    ("id", "lebih dari 2.000 rumah rusak", "2.000", "number", 2000, None, False, "more_than"),
    (
        "id",
        "Pemerintah menyiapkan anggaran Rp 1,5 triliun untuk subsidi",
        "Rp 1,5 triliun",
        "money",
        1.5e12,
        "IDR",
        False,
        None,
    ),
    ("id", "denda hingga Rp50 juta", "Rp50 juta", "money", 5e7, "IDR", False, "at_most"),
    ("id", "investasi sebesar 100 juta dollar AS", "100 juta dollar AS", "money", 1e8, "USD", False, None),
    ("id", "pasangan itu meraih 58,59 persen suara", "58,59 persen", "percent", 58.59, "%", False, None),
    ("id", "pasangan itu meraih 58,59% suara", "58,59%", "percent", 58.59, "%", False, None),
    ("id", "gempa berpusat di kedalaman 10 kilometer", "10 kilometer", "number", 10000, "m", False, None),
    ("id", "dua puluh tiga orang dilaporkan hilang", "dua puluh tiga", "number", 23, None, False, None),
    ("id", "seratus lima puluh warga mengungsi", "seratus lima puluh", "number", 150, None, False, None),
    ("id", "pembicaraan kemungkinan akan terjadi dalam satu minggu", "satu minggu", "duration", 7, "day", False, None),
    ("id", "kontrak berlaku sebulan", "sebulan", "duration", 30.44, "day", False, None),
    ("id", "berkuasa hampir seperempat abad", "seperempat abad", "duration", 9131.25, "day", True, "almost"),
    ("id", "setengah abad setelah perang", "setengah abad", "duration", 18262.5, "day", False, None),
    ("id", "peringatan 70 tahun perjanjian gencatan senjata", "70 tahun", "duration", 70 * 365.25, "day", False, None),
    ("id", "pencarian berlangsung tiga jam", "tiga jam", "duration", 0.125, "day", False, None),
    ("id", "sedikitnya 13.000 orang mengungsi", "13.000", "number", 13000, None, False, "at_least"),
    ("id", "belasan rumah terbakar", "belasan", "number", 11, None, True, None),
    ("en", "The ship carried 21 crew members", "21", "number", 21, None, False, None),
    ("en", "the 1.6-mile bridge collapsed", "1.6-mile", "number", 1.6 * 1609.34, "m", False, None),
    # A range is one figure: both ends take the scale and unit written once (ECB+ t10).
    (
        "en",
        "Other teams are the Baltimore Orioles (seven years, $140-150 million)",
        "$140-150 million",
        "money",
        145e6,
        "USD",
        False,
        None,
    ),
    (
        "en",
        "the Orioles (seven years, $140- $150 million) and Nationals",
        "$140- $150 million",
        "money",
        145e6,
        "USD",
        False,
        None,
    ),
    (
        "id",
        "harga minyak diperkirakan 60-70 dollar AS per barel",
        "60-70 dollar AS",
        "money",
        65,
        "USD/barel",
        False,
        None,
    ),
    # "m" glued to a figure is metres; after a currency sign it is million (ECB+ t23, t43).
    (
        "en",
        "Robert Buckley fell about 600m while climbing to a small hut on Mount Sefton",
        "600m",
        "number",
        600,
        "m",
        True,
        # The verb before the hedge gives the role: this fall and 23_9ecbplus's "fell 700 meters"
        # (below) are one kind of figure, compared with each other and not with a level.
        "change",
    ),
    # A mixed fraction is two and a half, not a score (ECB+ 32_2ecb, a must-flag sentence length).
    ("en", "Gomes served 9 months of a 2-1/2 year sentence.", "2-1/2 year", "duration", 913.125, "day", False, None),
    (
        "en",
        "31-year-old Robert Buckley of the U.K. slipped on ice and fell 700 meters to his own death",
        "700 meters",
        "number",
        700,
        "m",
        False,
        "change",
    ),
    (
        "en",
        "stirring things up with the acquisition of low-power server start-up SeaMicro for $334m",
        "$334m",
        "money",
        334e6,
        "USD",
        False,
        None,
    ),
    # After a capitalised code, a figure with a scale or unit is a quantity again (Kompas).
    ("id", "target produksi OPEC 30 juta barel per hari", "30 juta barel", "number", 30e6, "bbl/hari", False, None),
    # Currency signs with a country: "$US1 million ($1.52 million)" (ECB+ t13_ecb).
    (
        "en",
        "Damage to the church was estimated at $US1 million ($1.52 million), authorities said.",
        "$US1 million",
        "money",
        1e6,
        "USD",
        False,
        None,
    ),
    # Word numbers joined to a unit, "ft", and counts before "other" (ECB+ t23, t26, t36).
    (
        "en",
        "Duncan Rait died after slipping and falling about 200ft from a ridge",
        "200ft",
        "number",
        60.96,
        "m",
        True,
        "about",
    ),
    (
        "en",
        "Before 1997, Gigante had served only a five-year heroin rap in 1959.",
        "five-year",
        "duration",
        5 * 365.25,
        "day",
        False,
        None,
    ),
    (
        "en",
        "Eleven other FLDS men were charged with crimes including sexual assault and bigamy.",
        "Eleven",
        "number",
        11,
        None,
        False,
        "other",
    ),
    # A sign written as a word (ECB+ t13_ecb).
    (
        "en",
        "Firefighters fought the blaze in temperatures of minus 17 degrees.",
        "minus 17 degrees",
        "number",
        -17,
        "deg",
        False,
        None,
    ),
    # ECB+ 40_2ecbplus: a size in inches before the noun it sizes.
    (
        "en",
        "Apple says the new 11-inch and 13-inch Macbook Air models are available now.",
        "13-inch",
        "number",
        0.3302,
        "m",
        False,
        None,
    ),
    # ECB+ 13_2ecb: the sign word glued by a hyphen, the unit in the singular.
    (
        "en",
        "Firefighters battled for about eight hours in minus-20 degree temperatures to completely extinguish the blaze",
        "minus-20 degree",
        "number",
        -20,
        "deg",
        False,
        None,
    ),
    # Numbers glued to words (ECB+ t38, t10, t12, t13).
    (
        "en",
        "The 4.2-magnitude earthquake was recorded at approximately 9:27 a.m. Sunday",
        "4.2-magnitude",
        "number",
        4.2,
        None,
        False,
        None,
    ),
    (
        "en",
        "Sabathia agreed to a seven-year, $161-million deal with the Yankees",
        "$161-million",
        "money",
        161e6,
        "USD",
        False,
        None,
    ),
    ("en", "Pirates holding about a dozen ships and nearly 300 crewmen", "a dozen", "number", 12, None, True, "about"),
    (
        "en",
        "While two of them managed to flee, boarding-and-search operations were carried out",
        "two",
        "number",
        2,
        None,
        False,
        None,
    ),
    ("en", "at least 1,500 people were evacuated", "1,500", "number", 1500, None, False, "at_least"),
    ("en", "dozens of people were injured", "dozens of", "number", 24, None, True, None),
    # ECB+ 26_2ecbplus: the span of Gigante's insanity act, against "more than three decades" in 26_6ecbplus.
    (
        "en",
        "After a quarter-century of public craziness, he finally admitted his insanity ruse",
        "a quarter-century",
        "duration",
        9131.25,
        "day",
        False,
        None,
    ),
    ("en", "the jury deliberated for about half an hour", "half an hour", "duration", 1 / 48, "day", True, "about"),
    # ECB+ 28_1ecbplus: a fraction inside a written number.
    (
        "en",
        "LaRue served four and a half months in prison for his role in the Watergate conspiracy",
        "four and a half months",
        "duration",
        4.5 * 30.44,
        "day",
        False,
        None,
    ),
    # ECB+ 21_*: half of one measure unit.
    (
        "en",
        "Chohan, who lived half a mile away in South Ozone Park, was rushed to Jamaica Hospital",
        "half a mile",
        "number",
        804.67,
        "m",
        False,
        None,
    ),
    ("id", "sekitar satu setengah juta orang mengungsi", "satu setengah juta", "number", 1.5e6, None, True, "about"),
    ("id", "divonis dua setengah tahun penjara", "dua setengah tahun", "duration", 2.5 * 365.25, "day", False, None),
    ("en", "a $2.5 billion package", "$2.5 billion", "money", 2.5e9, "USD", False, None),
    ("en", "inflation was 5.6 percent in March", "5.6 percent", "percent", 5.6, "%", False, None),
    # An age is its own unit, never compared with a duration (ECB+ t21_ecb, t45_ecbplus).
    ("en", "Police pulled the 36-year-old driver over", "36-year", "duration", 13149, "age", False, None),
    (
        "en",
        "An Oklahoma jury has found 27 year old Christopher Simpson guilty",
        "27 year",
        "duration",
        9861.75,
        "age",
        False,
        None,
    ),
    ("en", "Kimani Gray, aged 16, was shot by police", "16", "duration", 5844, "age", False, None),
    ("id", "Korban berusia 45 tahun itu ditemukan tewas", "45 tahun", "duration", 16436.25, "age", False, None),
    # A quantity written in two units is one figure (ECB+ 16_4ecbplus, 16_5ecbplus): read apart,
    # "6 feet" would disagree with "1.88 m" and "2 jam" with "2,5 jam".
    ("en", "Deputies said that Orozco is 5-foot-8, with tattoos", "5-foot-8", "number", 1.7272, "m", False, None),
    ("en", "He is 5-feet-8 inches tall, weighing 130 pounds", "5-feet-8 inches", "number", 1.7272, "m", False, None),
    ("en", "The gunman is 6 feet 2 inches tall", "6 feet 2 inches", "number", 1.8796, "m", False, None),
    ("en", "The girl weighed 7 pounds 4 ounces at birth", "7 pounds 4 ounces", "number", 3.2886, "kg", False, None),
    ("id", "Evakuasi berlangsung 2 jam 30 menit", "2 jam 30 menit", "duration", 2.5 / 24, "day", False, None),
    (
        "en",
        "The standoff lasted about 3 hours 20 minutes",
        "3 hours 20 minutes",
        "duration",
        1 / 7.2,
        "day",
        True,
        "about",
    ),
    # Sports copy writes height and weight as one token (ECB+ 31_4ecbplus, 16_5ecbplus).
    (
        "en",
        "the 6-foot-9,260-pound Echenique turned up the intensity",
        "260-pound",
        "number",
        117.936,
        "kg",
        False,
        None,
    ),
    (
        "en",
        "Deputies said that Orozco is 5-foot-8,135 pounds, with tattoos",
        "135 pounds",
        "number",
        61.236,
        "kg",
        False,
        None,
    ),
    # Two figures of one unit stay two.
    ("en", "The two races were 10 km and 5 km long", "5 km", "number", 5000, "m", False, None),
    ("en", "He was 6 feet and 150 pounds", "6 feet", "number", 1.8288, "m", False, None),
    # ECB+ 12_12ecb: a count of the others, not of all the rifles.
    (
        "en",
        "The Naval commandos also boarded the pirates ' boats and seized seven AK-47 assault rifles, two other rifles",
        "two",
        "number",
        2,
        None,
        False,
        "other",
    ),
]


@pytest.mark.parametrize(("lang", "sentence", "text", "kind", "value", "unit", "approx", "qualifier"), CASES)
def test_number(lang, sentence, text, kind, value, unit, approx, qualifier):
    finder = NumberFinder(INDONESIAN if lang == "id" else ENGLISH)
    found = {m.text: m for m in finder.find(sentence, [])}
    assert text in found, f"{text!r} not in {list(found)}"
    m = found[text]
    assert m.kind == kind
    assert math.isclose(float(m.value), value, rel_tol=1e-6)
    assert (m.unit, m.approx, m.qualifier) == (unit, approx, qualifier)
    assert sentence[m.start : m.end] == text


# Numbers that are not quantities: names, codes, idioms, list markers.
NOT_QUANTITIES = [
    # Kompas: a share, not a count.
    ("id", "Irak diperkirakan menyumbang setengah dari pertumbuhan produksi minyak di kawasan"),
    ("en", "Half of the passengers were rescued"),
    ("id", "Konferensi digelar di Nusa Dua, Bali"),
    ("id", "Ia adalah salah satu pemimpin partai"),
    ("id", "jet tempur Su-35 dan Su-37"),
    ("id", "Pesawat AirAsia QZ8501 jatuh"),
    ("id", "1. Kim Jong Un kunjungi pabrik militer Moskow"),
    ("id", "satu-satunya jalan keluar"),
    ("en", "one of the leaders said"),
    ("en", "an Airbus A320 of the G20 delegation"),
    # A bare figure after a capitalised code (ECB+ t12_ecbplus, t40_ecbplus).
    ("en", "The AK 47 rifles were seized from the boats"),
    ("en", "Apple has also opted to include a pair of USB 3.0 ports"),
    # A term, and a fragment of a figure split by the corpus ("2, 000ft"), are not quantities.
    ("en", "Microsoft has rushed out a temporary fix to address ongoing attacks targeting a zero-day vulnerability"),
    ("en", "Buckley fell 000ft while climbing"),
    # A figure glued to capitals is a model name (ECB+ t40).
    ("en", "the system comes with an Nvidia GeForce 9400M integrated graphics processor"),
    # A score or a record, and a figure that names (ECB+ 3_1ecb, 5_1ecb, 5_2ecb; 35 such figures of the
    # tuning articles, every one a score, a record, a jersey, a juror or a phone number).
    ("en", "the jury deadlocked at 9-3"),
    ("en", "Friday night's 88-72 loss in Cleveland was apparently the last straw."),
    ("en", "His No. 10 jersey hangs in the rafters."),
    # A house number is an address (ECB+ 32_6ecb; it was set against the victims' ages).
    ("en", "An odor of natural gas led to the discovery of the bodies in an apartment at 24 Independent Street."),
]


@pytest.mark.parametrize(("lang", "sentence"), NOT_QUANTITIES)
def test_not_a_quantity(lang, sentence):
    finder = NumberFinder(INDONESIAN if lang == "id" else ENGLISH)
    assert [m.text for m in finder.find(sentence, []) if m.kind != "ordinal"] == []


@pytest.mark.parametrize(
    ("raw", "decimal_comma", "value"),
    [
        ("1.500", True, 1500),
        ("2,5", True, 2.5),
        ("96.214.691", True, 96214691),
        ("1,500", False, 1500),
        ("2.5", False, 2.5),
        ("5.6", True, 5.6),
        ("1.234,5", True, 1234.5),
    ],
)
def test_locale(raw, decimal_comma, value):
    assert parse_digits(raw, decimal_comma)[0] == value


def test_rounding_interval_contains_the_exact_figure():
    finder = NumberFinder(INDONESIAN)
    (rounded,) = finder.find("sekitar 96,2 juta pemilih", [])
    assert rounded.lo <= 96_214_691 <= rounded.hi
