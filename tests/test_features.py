"""Each feature of the learned decision, on its own: two mention pairs of real news shapes, one
that shows the phenomenon the feature reads and one that does not, read through the real stages
(ingest of a JSONL file, segmentation, extraction, proposals, frames, features, context).

The scenes are short articles written in the shapes of the real ones (ECB+ tuning clusters, Kompas,
the Cianjur earthquake); nothing here reads ../shared. A feature added to the model without a row
here fails ``test_every_feature_has_a_row``."""

import json
from collections.abc import Callable

import pytest

from factcheck import decide
from factcheck.decide.proposals import Proposal
from factcheck.types import Document, MentionKey

# scene -> articles as (id, language, published, text); paragraphs are separated by blank lines.
SCENES: dict[str, list[tuple[str, str, str, str]]] = {
    # The Cianjur earthquake of 21 November 2022: two Indonesian reports and one English of one day.
    "gempa": [
        (
            "a",
            "id",
            "2022-11-22",
            "Gempa bermagnitudo 5,6 mengguncang Cianjur, Jawa Barat, pada Senin (21/11/2022) pukul 13.21 WIB.\n\n"
            "Kepala BNPB Suharyanto mengatakan, sedikitnya 62 orang meninggal dunia dan 151 orang hilang.\n\n"
            "Pusat gempa berada di kedalaman 10 km, kata BMKG.",
        ),
        (
            "b",
            "id",
            "2022-11-22",
            "Gempa magnitudo 5,6 mengguncang Cianjur, Jawa Barat, Senin (21/11/2022) pukul 13.21 WIB.\n\n"
            "Korban meninggal dunia akibat gempa Cianjur bertambah menjadi 162 orang, sementara 326 orang "
            "luka-luka, ujar Gubernur Jawa Barat Ridwan Kamil.\n\n"
            "Menurut BMKG, pusat gempa berada di kedalaman 11 km.",
        ),
        (
            "c",
            "en",
            "2022-11-22",
            "A magnitude 5.6 earthquake struck Cianjur in West Java on Monday, killing at least 162 people, "
            "Governor Ridwan Kamil said.",
        ),
    ],
    # The fuel price rise of November 2014 (Kompas oil corpus shapes): old price, change, two fuels.
    "bbm": [
        (
            "a",
            "id",
            "2014-11-18",
            "Pemerintah menaikkan harga premium dari Rp 6.500 menjadi Rp 8.500 per liter mulai Selasa (18/11/2014).\n\n"
            "Harga solar naik Rp 2.000 menjadi Rp 7.500 per liter.",
        ),
        (
            "b",
            "id",
            "2014-11-18",
            "Presiden Joko Widodo mengumumkan harga premium menjadi Rp 8.500 per liter, Senin (17/11/2014) malam.\n\n"
            "Harga solar menjadi Rp 7.000 per liter, kata Presiden Joko Widodo di Istana Merdeka.",
        ),
    ],
    # Two oil market reports a week apart: each day's close is that day's news.
    "minyak": [
        (
            "a",
            "id",
            "2014-11-19",
            "Harga minyak mentah Brent ditutup turun ke level US$ 78 per barel pada Selasa (18/11/2014).",
        ),
        ("b", "id", "2014-11-27", "Harga minyak mentah Brent ditutup pada US$ 72 per barel, Rabu (26/11/2014)."),
    ],
    # A quick count: two candidate pairs' shares.
    "pemilu": [
        (
            "a",
            "id",
            "2024-02-15",
            "Pasangan Anies-Muhaimin meraih 24,95 persen suara, sementara Ganjar-Mahfud memperoleh 16,47 persen suara.",
        ),
        ("b", "id", "2024-02-15", "Hasil hitung cepat menunjukkan Anies-Muhaimin memperoleh 25,2 persen suara."),
    ],
    # RFID fuel tags (Kompas oil corpus): the nation against Jakarta, a target against an installed count.
    "rfid": [
        (
            "a",
            "id",
            "2014-01-10",
            "Ia juga mengatakan pemasangan RFID secara nasional di lebih dari 90 juta kendaraan bermotor bakal "
            "rampung.\n\nHingga kini baru 135.000 unit kendaraan yang terpasang RFID.",
        ),
        (
            "b",
            "id",
            "2014-01-10",
            "Pemasangan RFID di 4,5 juta kendaraan bermotor di Jakarta rampung pada Desember 2013.\n\n"
            "Pertamina menargetkan 1 juta unit kendaraan terpasang RFID.",
        ),
    ],
    # The Indian Navy foils a pirate attack (ECB+ t12 shapes): parts and wholes, lists, a third report.
    "pirates": [
        (
            "a",
            "en",
            "2008-12-13",
            "The Indian Navy on Saturday prevented pirates from attacking a merchant vessel in the Gulf of Aden "
            "and took 23 into custody.\n\n"
            "The apprehended included 12 Somalis and 11 Yemenis.\n\n"
            "Seven AK-47s, three other automatic rifles, 13 loaded magazines and a grenade launcher were found "
            "in the boats.\n\n"
            "The merchant ship, which was 13 nautical miles from the Mysore, fired back.",
        ),
        (
            "b",
            "en",
            "2008-12-13",
            "Indian commandos on Saturday arrested 23 Somali and Yemeni pirates who tried to hijack an Ethiopian "
            "ship in the Gulf of Aden, the navy said.\n\n"
            "The Indian commandos also recovered 12 AK 47 guns, three rifles, two grenades and a launcher.\n\n"
            "The pirates attacked this merchant ship about 1100 hrs IST, 150 nautical miles west of Aden.",
        ),
        (
            "c",
            "en",
            "2008-12-13",
            "The Gibe was about 150 nautical miles off Aden and INS Mysore was about 13 nautical miles away "
            "from the merchant vessel.",
        ),
    ],
    # The Sixers fire their coach (ECB+ 5_14ecb, 5_1ecb): each player's figure stated in both.
    "sixers": [
        (
            "a",
            "en",
            "2008-12-13",
            "Andre Miller is averaging 15.5 points per game, Andre Iguodala 14.9 points, a drop of five points "
            "per game from last season, while Samuel Dalembert is down almost five points per game with his "
            "5.8 points and just over two rebounds.",
        ),
        (
            "b",
            "en",
            "2008-12-13",
            "Miller is averaging 15.5 points per game this season, but Iguodala is averaging just 14.9 points "
            "per contest, a drop of five points per game from last season.\n\n"
            "Dalembert is down almost five points per game (5.8 ppg) and just over two rebounds (8.0) per contest.",
        ),
    ],
    # A scoring record (ECB+ t31 shapes): one game's points, and career totals.
    "hoops": [
        (
            "a",
            "en",
            "2008-12-19",
            "Hansbrough finished with 20 points in the game against Evansville in Chapel Hill.\n\n"
            "Hansbrough now has 2,302 points for his career at North Carolina.",
        ),
        (
            "b",
            "en",
            "2008-12-19",
            "Tyler Hansbrough scored 20 points to help top-ranked North Carolina beat Evansville.\n\n"
            "Hansbrough entered the night with 2,282 career points, eight fewer than the old mark.",
        ),
    ],
    # Climbers (ECB+ t23 shapes): one man's age a birthday apart, one fall in two units.
    "climber": [
        (
            "a",
            "en",
            "2013-09-16",
            "A 32-year-old British climber fell 200m to his death on Friday, police said.\n\n"
            "The climber had fallen 600m from the ridge.",
        ),
        (
            "b",
            "en",
            "2013-09-16",
            "Robert Buckley, a 31-year-old climber, fell 200 feet to his death on Friday, police said.\n\n"
            "The climber had fallen 610m from the ridge.",
        ),
    ],
    # A hit and run (ECB+ t21 shapes): two people's ages, each named by a common noun.
    "driver": [
        ("a", "en", "2008-12-16", "Police pulled the 36-year-old driver over after the crash on Tuesday."),
        (
            "b",
            "en",
            "2008-12-16",
            "The driver hit a 66-year-old woman on Tuesday.\n\nThe 37-year-old driver was charged on Tuesday.",
        ),
    ],
    # Two trials (ECB+ 45_4ecb, 45_12ecbplus, 45_5ecbplus shapes): two defendants nobody names twice.
    "trials": [
        (
            "a",
            "en",
            "2004-11-13",
            "Scott Peterson was convicted of murdering his wife Laci and their unborn son Conner in Modesto, "
            "California.\n\n"
            "The jury convicted the 32-year-old Peterson on Nov. 12 of first-degree murder.\n\n"
            "Judge Alfred Delucchi will sentence him in Redwood City.",
        ),
        (
            "b",
            "en",
            "2013-06-07",
            "Prosecutors have charged 27-year-old Christopher Kenyon Simpson with two counts of first-degree "
            "murder in the April 2012 shooting death of 20-year-old Ka'Loni Flynn of Fort Smith.\n\n"
            "A jury in Sequoyah County, Oklahoma, convicted Simpson on Thursday.",
        ),
    ],
    # One trial (ECB+ t45_ecbplus shapes): a year against a count, a planned day, the deliberation.
    "simpson": [
        (
            "a",
            "en",
            "2013-06-07",
            "A jury in eastern Oklahoma has convicted a Spiro man of two counts of first-degree murder in the "
            "2012 shooting death of his pregnant girlfriend.\n\n"
            "Sentencing is set for July 17 in Sallisaw.\n\n"
            "The jury deliberated almost seven hours on Thursday before convicting Simpson in Sallisaw.\n\n"
            "Ka'Loni Flynn was shot on April 9 at 3 am in Fort Smith.",
        ),
        (
            "b",
            "en",
            "2013-06-07",
            "An Oklahoma man has pleaded not guilty to two first-degree murder charges for the deaths of an "
            "Arkansas woman and her fetus.\n\n"
            "Simpson was convicted on Thursday, July 11, in Sallisaw.\n\n"
            "The jury deliberated for six hours on Thursday before convicting Simpson in Sallisaw.\n\n"
            "Flynn was shot on Sunday, April 8, 2012, police said.",
        ),
    ],
    # Apple's laptops (ECB+ t40 shapes): two Macs' prices, and one price a digit apart.
    "apple": [
        (
            "a",
            "en",
            "2013-10-23",
            "The 11-inch models will start at $999 with a 1.7GHz dual-core Intel Core i5 processor.\n\n"
            "Apple will ask $1,099 for the base 13-inch version of the MacBook Pro.",
        ),
        (
            "b",
            "en",
            "2013-10-23",
            "The new MacBook Pro will start at $2,199 for the 2.3 GHz quad-core i7 model.\n\n"
            "The base 13-inch version of the MacBook Pro will cost $1,199.",
        ),
    ],
    # The Indian Navy's mission (ECB+ t12 dates): days of one mission, and one day misreported.
    "tabar": [
        ("a", "en", "2008-11-21", "INS Tabar sank a Thai trawler in the Gulf of Aden on November 19, the navy said."),
        (
            "b",
            "en",
            "2008-11-21",
            "INS Tabar repulsed the hijack attempts on MV Jag Arnav and NCC Tihama in the Gulf of Aden on "
            "November 11, the navy said.\n\n"
            "INS Tabar sank a Thai trawler in the Gulf of Aden on November 18, the navy said.",
        ),
    ],
    # The Athens riots (ECB+ t19 shapes): a counted relative date, "yesterday", a written date.
    "riots": [
        (
            "a",
            "en",
            "2008-12-14",
            "Greece has been hit by riots since the killing by police of a 15-year-old boy eight days ago.\n\n"
            "Riot police fired tear gas at protesters in Athens yesterday.",
        ),
        (
            "b",
            "en",
            "2008-12-14",
            "A deadly police shooting Dec. 6 sparked the riots in Athens.\n\n"
            "Riot police fired tear gas at protesters in Athens on Saturday.",
        ),
        ("c", "en", "2008-12-14", "Alexandros Grigoropoulos was shot dead by police in Athens on December 6."),
    ],
    # CNN's medical correspondent (ECB+ t34 shapes): one year misreported by three.
    "gupta": [
        ("a", "en", "2009-01-07", "In 1990, Gupta joined the faculty of Emory University in Atlanta."),
        ("b", "en", "2009-01-07", "Gupta has worked at Emory University in Atlanta since 1987."),
    ],
    # Kim Jong Un meets Putin (the seeds' shapes): the day something was said, and the day it happened.
    "kim": [
        (
            "a",
            "id",
            "2023-09-14",
            "Kim Jong Un bertemu Vladimir Putin di Kosmodrom Vostochny, lapor Kremlin pada Rabu (13/9/2023).",
        ),
        (
            "b",
            "id",
            "2023-09-14",
            "Kim Jong Un dan Vladimir Putin bertemu di Kosmodrom Vostochny, kata Kremlin pada Rabu (13/9/2023).",
        ),
        ("c", "id", "2023-09-14", "Kim Jong Un bertemu Vladimir Putin di Kosmodrom Vostochny pada Rabu (13/9/2023)."),
    ],
    # A house fire (ECB+ t13 shapes): two clock times of one call.
    "fire": [
        ("a", "en", "2012-08-07", "The first 9-1-1 call came at 3:33 a.m., fire officials said."),
        ("b", "en", "2012-08-07", "The fire call came in at 3:30 a.m., fire officials said."),
    ],
    # Turkmenistan votes (ECB+ t... shapes): spans written in two units.
    "niyazov": [
        (
            "a",
            "en",
            "2008-12-14",
            "The election comes two years after the death of dictator Saparmurat Niyazov.\n\n"
            "Niyazov ruled Turkmenistan for two decades until his death.",
        ),
        (
            "b",
            "en",
            "2008-12-14",
            "The vote comes three years after the death of dictator Saparmurat Niyazov.",
        ),
    ],
}


def _jsonl(name: str) -> str:
    return "".join(
        json.dumps({"id": aid, "lang": lang, "published": published, "text": text}) + "\n"
        for aid, lang, published, text in SCENES[name]
    )


@pytest.fixture(scope="module")
def scene(pipeline, tmp_path_factory) -> Callable[[str], tuple[list[Document], list[Proposal], list[dict]]]:
    """A scene's documents, proposals and feature rows (context features included), read once."""
    done: dict[str, tuple[list[Document], list[Proposal], list[dict]]] = {}

    def read(name: str) -> tuple[list[Document], list[Proposal], list[dict]]:
        if name not in done:
            path = tmp_path_factory.mktemp(name) / f"{name}.jsonl"
            path.write_text(_jsonl(name), encoding="utf-8")
            docs = pipeline.documents([str(path)])
            stage = pipeline.proposals(docs, with_features=True)
            done[name] = (docs, stage.proposals, stage.rows)  # the documents stay alive: the cache is by id
        return done[name]

    return read


def _spec(figure: str) -> tuple[str, str, int]:
    """ "b:three#2" -> article b, the second mention written "three"."""
    article, _, text = figure.partition(":")
    text, _, nth = text.partition("#")
    return article, text, int(nth or 1)


def row_of(scene: Callable, pair: tuple[str, str, str]) -> dict[str, float]:
    """The feature row of one proposed pair, named as (scene, "article:mention", "article:mention")."""
    name, x, y = pair
    docs, proposals, rows = scene(name)
    place: dict[MentionKey, tuple[str, str, int]] = {}
    for doc in docs:
        seen: dict[str, int] = {}
        for m in (m for s in doc.sentences for m in s.mentions):  # reading order: "three" and then "three"
            seen[m.text] = seen.get(m.text, 0) + 1
            place[m.key] = (doc.article.id, m.text, seen[m.text])
    want = {_spec(x), _spec(y)}
    found = [r for p, r in zip(proposals, rows, strict=True) if {place[p.a.key], place[p.b.key]} == want]
    assert len(found) == 1, f"{pair}: proposed pairs are {sorted((place[p.a.key], place[p.b.key]) for p in proposals)}"
    return found[0]


# (feature, the phenomenon, a pair that shows it, a pair that does not): the feature is larger on
# the first. Pairs are (scene, "article:mention", "article:mention").
ROWS = [
    # how the pair was found
    ("by_sentence", "two aligned sentences of one event", ("pirates", "a:23", "b:23"), ("pirates", "a:12#1", "b:12")),
    ("by_mention", "two death tolls share their fact key", ("gempa", "a:62", "b:162"), ("gempa", "a:5,6", "b:326")),
    ("key_shared", "the same magnitude, same words", ("gempa", "a:5,6", "b:5,6"), ("gempa", "a:5,6", "b:326")),
    ("similarity", "a calibrated sentence pair", ("gempa", "a:5,6", "b:5,6"), ("gempa", "a:62", "b:162")),
    ("dense", "one sentence retold", ("gempa", "a:5,6", "b:5,6"), ("gempa", "a:62", "c:5.6")),
    ("lexical", "one sentence retold", ("gempa", "a:5,6", "b:5,6"), ("gempa", "a:62", "c:5.6")),
    # word context
    ("shared_words", "sentences sharing their words", ("gempa", "a:5,6", "b:5,6"), ("gempa", "a:62", "c:5.6")),
    (
        "near_overlap",
        "'kedalaman 10 km' and 'kedalaman 11 km'",
        ("gempa", "a:10 km", "b:11 km"),
        ("gempa", "a:62", "b:162"),
    ),
    ("left_overlap", "the same words before the figure", ("gempa", "a:10 km", "b:11 km"), ("gempa", "a:62", "b:162")),
    ("same_head", "both governed by 'kedalaman'", ("gempa", "a:10 km", "b:11 km"), ("gempa", "a:62", "b:162")),
    ("roles_same", "both the dead ('meninggal')", ("gempa", "a:62", "b:162"), ("gempa", "a:151", "b:326")),
    ("roles_differ", "the missing against the injured", ("gempa", "a:151", "b:326"), ("gempa", "a:62", "b:162")),
    (
        "modifier_conflict",
        "'harga solar' against 'harga premium'",
        ("bbm", "a:Rp 7.500", "b:Rp 8.500"),
        ("bbm", "a:Rp 7.500", "b:Rp 7.000"),
    ),
    (
        "owner_same",
        "both Anies-Muhaimin's share",
        ("pemilu", "a:24,95 persen", "b:25,2 persen"),
        ("pemilu", "a:16,47 persen", "b:25,2 persen"),
    ),
    (
        "owner_conflict",
        "Ganjar-Mahfud's share against Anies-Muhaimin's",
        ("pemilu", "a:16,47 persen", "b:25,2 persen"),
        ("pemilu", "a:24,95 persen", "b:25,2 persen"),
    ),
    ("noun_same", "'Seven AK-47s' and '12 AK 47 guns'", ("pirates", "a:Seven", "b:12"), ("pirates", "a:12", "b:12")),
    (
        "noun_conflict",
        "'12 Somalis' against '12 AK 47 guns'",
        ("pirates", "a:12", "b:12"),
        ("pirates", "a:Seven", "b:12"),
    ),
    (
        "noun_missing",
        "'took 23 into custody' says not what it counts",
        ("pirates", "a:23", "b:23"),
        ("pirates", "a:12", "b:23"),
    ),
    ("shared_names", "both name Cianjur, Jawa Barat", ("gempa", "a:5,6", "b:5,6"), ("gempa", "a:10 km", "b:11 km")),
    (
        "statement_both",
        "both dates are when the Kremlin said it",
        ("kim", "a:Rabu (13/9/2023)", "b:Rabu (13/9/2023)"),
        ("kim", "a:Rabu (13/9/2023)", "c:Rabu (13/9/2023)"),
    ),
    (
        "statement_one",
        "one date is when the Kremlin said it",
        ("kim", "a:Rabu (13/9/2023)", "c:Rabu (13/9/2023)"),
        ("kim", "a:Rabu (13/9/2023)", "b:Rabu (13/9/2023)"),
    ),
    ("figures", "a list of figures against one", ("pirates", "a:Seven", "b:12"), ("pirates", "a:23", "b:23")),
    ("both_alone", "the only distance of each sentence", ("gempa", "a:10 km", "b:11 km"), ("gempa", "a:62", "b:162")),
    ("rule_score", "the rules read one depth", ("gempa", "a:10 km", "b:11 km"), ("gempa", "a:151", "b:326")),
    (
        "rules_would_flag",
        "one depth, two values: the rules flag it",
        ("gempa", "a:10 km", "b:11 km"),
        ("gempa", "a:62", "b:162"),
    ),
    (
        "place_conflict",
        "the nation's 90 million against Jakarta's 4.5",
        ("rfid", "a:90 juta", "b:4,5 juta"),
        ("rfid", "a:135.000", "b:1 juta"),
    ),
    (
        "projection_differ",
        "a target against an installed count",
        ("rfid", "a:135.000", "b:1 juta"),
        ("rfid", "a:135.000", "b:4,5 juta"),
    ),
    (
        "planned_differ",
        "a sentencing set for July 17 against a conviction",
        ("simpson", "a:July 17", "b:Thursday, July 11"),
        ("simpson", "a:on Thursday", "b:Thursday, July 11"),
    ),
    ("span_any", "career totals", ("hoops", "a:2,302", "b:2,282"), ("gempa", "a:62", "b:162")),
    ("span_same", "two career totals", ("hoops", "a:2,302", "b:2,282"), ("sixers", "a:5.8", "b:5.8")),
    (
        "span_differ",
        "a season's figure against one per game",
        ("sixers", "a:5.8", "b:5.8"),
        ("hoops", "a:2,302", "b:2,282"),
    ),
    ("span_one", "'in the game' against no span", ("hoops", "a:20", "b:20"), ("hoops", "a:2,302", "b:2,282")),
    # kinds
    ("is_date", "two dates", ("tabar", "a:November 19", "b:November 18"), ("gempa", "a:10 km", "b:11 km")),
    ("is_time", "two clock times of one call", ("fire", "a:3:33 a.m.", "b:3:30 a.m."), ("gempa", "a:10 km", "b:11 km")),
    ("is_money", "two prices", ("bbm", "a:Rp 7.500", "b:Rp 7.000"), ("gempa", "a:10 km", "b:11 km")),
    ("is_percent", "two shares", ("pemilu", "a:24,95 persen", "b:25,2 persen"), ("gempa", "a:10 km", "b:11 km")),
    ("is_duration", "two deliberations", ("simpson", "a:seven hours", "b:six hours"), ("gempa", "a:10 km", "b:11 km")),
    ("is_age", "two ages", ("climber", "a:32-year", "b:31-year"), ("gempa", "a:10 km", "b:11 km")),
    ("is_measure", "two depths in km", ("gempa", "a:10 km", "b:11 km"), ("gempa", "a:62", "b:162")),
    (
        "coarse_date",
        "'In 1990' against 'since 1987'",
        ("gupta", "a:In 1990", "b:since 1987"),
        ("tabar", "a:November 19", "b:November 18"),
    ),
    ("agree", "5,6 and 5.6", ("gempa", "a:5,6", "c:5.6"), ("gempa", "a:10 km", "b:11 km")),
    # the values
    ("rel_diff", "62 against 162", ("gempa", "a:62", "b:162"), ("gempa", "a:10 km", "b:11 km")),
    ("log_ratio", "62 against 162", ("gempa", "a:62", "b:162"), ("gempa", "a:10 km", "b:11 km")),
    ("one_digit_apart", "10 km against 11 km", ("gempa", "a:10 km", "b:11 km"), ("gempa", "a:62", "b:162")),
    (
        "conversion",
        "200m against 200 feet: one figure in two units",
        ("climber", "a:200m", "b:200 feet"),
        ("climber", "a:600m", "b:610m"),
    ),
    (
        "apart_by_ratio",
        "$999 against $2,199: two Macs' prices",
        ("apple", "a:$999", "b:$2,199"),
        ("apple", "a:$1,099", "b:$1,199"),
    ),
    (
        "year_vs_count",
        "'the 2012 shooting' against 'two ... charges'",
        ("simpson", "a:2012", "b:two"),
        ("simpson", "a:two", "b:two"),
    ),
    (
        "written_unit_differ",
        "'two years' after a death against 'two decades' of rule",
        ("niyazov", "a:two decades", "b:three years"),
        ("niyazov", "a:two years", "b:three years"),
    ),
    (
        "qualifier_role_differ",
        "'dari Rp 6.500' is the old price",
        ("bbm", "a:Rp 6.500", "b:Rp 8.500"),
        ("bbm", "a:Rp 8.500", "b:Rp 8.500"),
    ),
    ("hedged", "'sedikitnya 62'", ("gempa", "a:62", "b:162"), ("gempa", "a:10 km", "b:11 km")),
    ("small_count", "bare counts under 13", ("pirates", "a:11", "b:two"), ("pirates", "a:23", "b:23")),
    ("log_value", "millions against tens", ("rfid", "a:90 juta", "b:4,5 juta"), ("pirates", "a:23", "b:23")),
    (
        "days_apart",
        "November 19 against November 11",
        ("tabar", "a:November 19", "b:November 11"),
        ("tabar", "a:November 19", "b:November 18"),
    ),
    (
        "dates_apart",
        "two days of one mission, eight days apart",
        ("tabar", "a:November 19", "b:November 11"),
        ("tabar", "a:November 19", "b:November 18"),
    ),
    ("date_relative", "'yesterday'", ("riots", "a:yesterday", "b:on Saturday"), ("riots", "b:Dec. 6", "c:December 6")),
    (
        "date_unanchored",
        "'eight days ago' counts from another day",
        ("riots", "a:eight days ago", "c:December 6"),
        ("riots", "b:Dec. 6", "c:December 6"),
    ),
    (
        "year_placed",
        "'April 9' with no year written",
        ("simpson", "a:April 9 at 3 am", "b:Sunday, April 8, 2012"),
        ("bbm", "a:Selasa (18/11/2014)", "b:Senin (17/11/2014)"),
    ),
    # holders and attribution
    (
        "other_holder",
        "the 36-year-old driver against a 66-year-old woman",
        ("driver", "a:36-year", "b:66-year"),
        ("driver", "a:36-year", "b:37-year"),
    ),
    (
        "strangers",
        "Peterson's age against Simpson's, each named in one article only",
        ("trials", "a:32-year", "b:27-year"),
        ("climber", "a:32-year", "b:31-year"),
    ),
    (
        "attribution_both",
        "'kata BMKG' and 'Menurut BMKG'",
        ("gempa", "a:10 km", "b:11 km"),
        ("gempa", "a:5,6", "b:5,6"),
    ),
    (
        "attribution_differ",
        "BNPB's toll against the governor's",
        ("gempa", "a:62", "c:162"),
        ("gempa", "a:10 km", "b:11 km"),
    ),
    # event identity
    (
        "events_differ",
        "two days' closing prices",
        ("minyak", "a:US$ 78", "b:US$ 72"),
        ("bbm", "a:Rp 7.500", "b:Rp 7.000"),
    ),
    (
        "event_days_apart",
        "sentences dated eight days apart",
        ("minyak", "a:US$ 78", "b:US$ 72"),
        ("gempa", "a:10 km", "b:11 km"),
    ),
    (
        "names_apart",
        "Peterson's conviction against Simpson's charge",
        ("trials", "a:Nov. 12", "b:April 2012"),
        ("tabar", "a:November 19", "b:November 18"),
    ),
    (
        "news_of_the_day",
        "each paper's own day of trading",
        ("minyak", "a:Selasa (18/11/2014)", "b:Rabu (26/11/2014)"),
        ("bbm", "a:Selasa (18/11/2014)", "b:Senin (17/11/2014)"),
    ),
    ("market", "'harga minyak ... ditutup'", ("minyak", "a:US$ 78", "b:US$ 72"), ("bbm", "a:Rp 7.500", "b:Rp 7.000")),
    (
        "corroborated",
        "the two reports share the magnitude and the day",
        ("gempa", "a:10 km", "b:11 km"),
        ("pemilu", "a:24,95 persen", "b:25,2 persen"),
    ),
    (
        "article_names",
        "two trials' articles name different people",
        ("gempa", "a:10 km", "b:11 km"),
        ("trials", "a:32-year", "b:27-year"),
    ),
    (
        "published_apart",
        "papers of the 19th and the 27th",
        ("minyak", "a:US$ 78", "b:US$ 72"),
        ("bbm", "a:Rp 7.500", "b:Rp 7.000"),
    ),
    ("cross_lingual", "Indonesian against English", ("gempa", "a:62", "c:162"), ("gempa", "a:62", "b:162")),
    (
        "short_sentence",
        "'Pusat gempa berada di kedalaman 10 km, kata BMKG.'",
        ("gempa", "a:10 km", "b:11 km"),
        ("gempa", "a:62", "b:162"),
    ),
    # explain before accusing
    (
        "explained",
        "the other article gives Dalembert's 5.8 too",
        ("sixers", "a:5.8", "b:15.5"),
        ("sixers", "a:15.5", "b:15.5"),
    ),
    ("part_of", "12 Somalis and 11 Yemenis are the 23", ("pirates", "a:12", "b:23"), ("pirates", "a:23", "b:23")),
    (
        "out_of_order",
        "first in one list, second in the other",
        ("pirates", "a:Seven", "b:three"),
        ("pirates", "a:Seven", "b:12"),
    ),
    (
        "side_by_side",
        "a third report gives 150 and 13 nautical miles as two",
        ("pirates", "a:13#2", "b:150"),
        ("pirates", "a:23", "b:150"),
    ),
    (
        "agreeing_elsewhere",
        "the other sentence also gives 12",
        ("pirates", "a:12", "b:three"),
        ("pirates", "a:23", "b:23"),
    ),
    # the parse
    ("predicate_same", "both 'berada' at a depth", ("gempa", "a:10 km", "b:11 km"), ("gempa", "a:62", "b:162")),
    (
        "predicate_conflict",
        "'meninggal' against 'bertambah'",
        ("gempa", "a:62", "b:162"),
        ("gempa", "a:10 km", "b:11 km"),
    ),
    ("counted_same", "both count the depth", ("gempa", "a:10 km", "b:11 km"), ("gempa", "a:62", "b:162")),
    ("counted_conflict", "two things counted", ("gempa", "a:62", "b:162"), ("gempa", "a:10 km", "b:11 km")),
    ("participants_jaccard", "both name Cianjur, Jawa Barat", ("gempa", "a:5,6", "b:5,6"), ("pirates", "a:12", "b:23")),
    (
        "participants_conflict",
        "Somalis against the Indian commandos",
        ("pirates", "a:12", "b:23"),
        ("gempa", "a:5,6", "b:5,6"),
    ),
    (
        "anchor_conflict",
        "clauses dated eight days apart",
        ("minyak", "a:US$ 78", "b:US$ 72"),
        ("gempa", "a:10 km", "b:11 km"),
    ),
    (
        "reported",
        "the day the Kremlin reported",
        ("kim", "a:Rabu (13/9/2023)", "b:Rabu (13/9/2023)"),
        ("gempa", "a:10 km", "b:11 km"),
    ),
    # the pair among its rivals
    ("best_for_a", "62's closest partner is 162", ("gempa", "a:62", "b:162"), ("gempa", "a:62", "b:326")),
    ("best_for_b", "162's closest partner is 62", ("gempa", "a:62", "b:162"), ("gempa", "a:151", "b:162")),
    (
        "rivals",
        "a list of arms against one share",
        ("pirates", "a:Seven", "b:12"),
        ("pemilu", "a:24,95 persen", "b:25,2 persen"),
    ),
    ("support_a", "two articles back 5,6", ("gempa", "a:5,6", "b:5,6"), ("gempa", "a:151", "b:162")),
    ("support_b", "two articles back 5,6", ("gempa", "a:5,6", "b:5,6"), ("gempa", "a:62", "b:326")),
    ("support_gap", "162 is backed, 151 is not", ("gempa", "a:151", "b:162"), ("gempa", "a:62", "b:162")),
    # the figures' own vectors
    (
        "figure_cosine",
        "both fill 'Gempa (ber)magnitudo N mengguncang', not 'N orang luka-luka'",
        ("gempa", "a:5,6", "b:5,6"),
        ("gempa", "a:5,6", "b:326"),
    ),
    # the hand rules' whole decision
    (
        "rules_linked",
        "the rules read seven and 12 AK-47s as one count",
        ("pirates", "a:Seven", "b:12"),
        ("pirates", "a:12", "b:23"),
    ),
    (
        "rules_found",
        "the rules report the depth, 10 km against 11 km",
        ("gempa", "a:10 km", "b:11 km"),
        ("gempa", "a:62", "b:162"),
    ),
    (
        "rules_confidence",
        "the rules are surer of the depth than of two lists of arms",
        ("gempa", "a:10 km", "b:11 km"),
        ("pirates", "a:Seven", "b:12"),
    ),
]


@pytest.mark.parametrize(("feature", "what", "on", "off"), ROWS, ids=[f"{r[0]}: {r[1]}" for r in ROWS])
def test_feature_reads_its_phenomenon(scene, feature, what, on, off):
    got_on, got_off = row_of(scene, on)[feature], row_of(scene, off)[feature]
    assert got_on > got_off, (feature, got_on, got_off)


def test_every_feature_has_a_row():
    """A feature the model reads needs a row above; a row needs a feature the model reads."""
    named = [r[0] for r in ROWS]
    assert set(decide.FEATURES) - set(named) == set(), "features with no row"
    assert set(named) - set(decide.FEATURES) == set(), "rows of no feature"
