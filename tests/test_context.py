"""What a figure is about, one row per phenomenon: a sentence written in a shape the news read
here uses (ECB+, Kompas), the figure, the ``MentionContext`` accessor read, and what it must give,
read with the parse (``parse=True``) or from the words alone. The parse rows hold for the shipped
parsers; a retrained parser may attach a sentence otherwise, and its row then says so."""

from __future__ import annotations

import dataclasses

import pytest

from factcheck import context, frames
from factcheck.extract import extract
from factcheck.lexicon import lexicon
from factcheck.segment import segment
from factcheck.settings import Settings
from factcheck.types import Article, Mention, Sentence

KENYA = "Kenya's death toll rose to 62 on Friday."
RACE = "Anies-Muhaimin meraih 24,95 persen suara, sedangkan Ganjar-Mahfud 16,47 persen."
FLOOD = "Banjir besar pada tahun 2007 menewaskan 48 orang dan merendam 60 persen wilayah Jakarta."
TOLL = "Sebanyak 62 orang tewas dan 151 orang hilang akibat banjir bandang di Sumatera Barat."
QUAKE = "The quake had a magnitude of 6.1, though the agency puts it at 6.3."


def _stems(language: str, words: str) -> frozenset[str]:
    """An attribution is read as stems, in its article's language."""
    return frozenset(lexicon(language).stem(w) for w in words.split())


ROWS = [
    # (what, language, sentence, figure, accessor, expected, parse)
    (
        "holder: the subject of the verb past a verb of saying",
        "en",
        "Putin said Russia would send 300 more troops to the border.",
        "300",
        "holder",
        frozenset({"russia"}),
        True,
    ),
    (
        "holder: a name as subject",
        "en",
        "Putin won 87 percent of the vote in Sunday's election.",
        "87 percent",
        "holder",
        frozenset({"putin"}),
        True,
    ),
    (
        "holder: a name as subject (id)",
        "id",
        "Jokowi memperoleh 53 persen suara.",
        "53 persen",
        "holder",
        frozenset({"jokowi"}),
        True,
    ),
    ("holder: a possessor", "en", KENYA, "62", "holder", frozenset({"kenya"}), True),
    ("holder: no possessor is seen in the words alone", "en", KENYA, "62", "holder", None, False),
    (
        "holder: a possessor after its noun (id)",
        "id",
        "Cadangan minyak Indonesia mencapai 3,7 miliar barel.",
        "3,7 miliar barel",
        "holder",
        frozenset({"indonesia"}),
        True,
    ),
    ("counted: past the classifier, the state of the people counted", "id", TOLL, "62", "counted", "tewas", True),
    ("counted: the second conjunct's own state", "id", TOLL, "151", "counted", "hilang", True),
    ("counted: in the words alone, the noun after the figure", "id", TOLL, "62", "counted", "orang tewas", False),
    (
        "predicate: a verb of saying is passed over",
        "en",
        "Police said 62 people were killed.",
        "62",
        "predicate",
        "killed",
        True,
    ),
    (
        "predicate: none for a figure said, not done",
        "en",
        "Officials reported 62 deaths.",
        "62",
        "predicate",
        None,
        True,
    ),
    (
        "predicate: a verb of saying is passed over (id)",
        "id",
        "Polisi mengatakan 62 orang tewas dalam kecelakaan itu.",
        "62",
        "predicate",
        "tewas",
        True,
    ),
    (
        "attribution: the subject of a verb of estimating",
        "en",
        QUAKE,
        "6.3",
        "attribution",
        _stems("en", "agency"),
        True,
    ),
    ("attribution: not the other clause's figure", "en", QUAKE, "6.1", "attribution", frozenset(), True),
    (
        "attribution: a verb of saying set beside the figure's verb",
        "en",
        "The earthquake struck at a depth of 10 kilometers, the agency said.",
        "10 kilometers",
        "attribution",
        _stems("en", "agency"),
        True,
    ),
    (
        "attribution: a verb of saying set beside (id)",
        "id",
        "Sebanyak 62 orang tewas, kata Kapolda Sumatera Barat.",
        "62",
        "attribution",
        _stems("id", "Kapolda Sumatera Barat"),
        True,
    ),
    (
        "attribution: in the words alone, none without a verb of saying",
        "en",
        QUAKE,
        "6.3",
        "attribution",
        frozenset(),
        False,
    ),
    (
        "clause: cut at 'while'",
        "en",
        "The storm killed 62 people while 151 others were missing.",
        "151",
        "clause",
        "151 others were missing.",
        True,
    ),
    (
        "clause: cut at 'sementara'",
        "id",
        "Banjir itu menewaskan 62 orang tewas sementara 151 orang hilang.",
        "62",
        "clause",
        "Banjir itu menewaskan 62 orang tewas",
        True,
    ),
    (
        "clause: cut at a comma and 'sedangkan'",
        "id",
        RACE,
        "16,47 persen",
        "clause",
        "Ganjar-Mahfud 16,47 persen.",
        True,
    ),
    ("anchor: the year of the figure's clause", "id", FLOOD, "48", "anchor", 2007, True),
    ("anchor: the year of the figure's clause, in the words alone", "id", FLOOD, "48", "anchor", 2007, False),
    (
        "no parse: the holder is the name before the figure",
        "id",
        RACE,
        "16,47 persen",
        "holder",
        frozenset({"ganjar", "mahfud"}),
        False,
    ),
    (
        "no parse: the predicate is the word on the left, stemmed",
        "id",
        FLOOD,
        "48",
        "predicate",
        lexicon("id").stem("menewaskan"),
        False,
    ),
]


def _read(lang: str, text: str, figure: str, parse: bool) -> tuple[Sentence, Mention, context.MentionContext]:
    article = Article(id="row", source="row", text=text, language=lang, body=[(0, len(text))])
    doc = extract(article, segment(article), Settings())
    contexts = context.read([doc], [s.key for s in doc.sentences] if parse else ())
    for s in doc.sentences:
        for m in s.mentions:
            if m.text == figure:
                return s, m, contexts.of(s, m)
    raise AssertionError(f"{figure!r} not extracted from {text!r}")


@pytest.mark.parametrize(
    ("what", "lang", "text", "figure", "accessor", "expected", "parse"), ROWS, ids=[r[0] for r in ROWS]
)
def test_context(what, lang, text, figure, accessor, expected, parse):
    assert frames.available(lang), f"no shipped {lang} parser: run make parser"
    sentence, _, ctx = _read(lang, text, figure, parse)
    assert ctx.parsed is parse
    got = getattr(ctx, accessor)
    if accessor == "clause":
        got = text[got[0] - sentence.start : got[1] - sentence.start]
    elif accessor == "anchor":  # the clause's date mention, with its typed value
        got = got.date.year if got is not None and got.date is not None else got
    assert got == expected


def test_a_context_is_frozen():
    _, _, ctx = _read("en", KENYA, "62", True)
    with pytest.raises(dataclasses.FrozenInstanceError):
        ctx.parse = frames.EMPTY  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        ctx.words.owner = frozenset({"kenya"})  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        ctx.parse.holder = None  # type: ignore[misc]


def test_a_context_is_read_once_and_its_words_kept_with_the_parse():
    article = Article(id="row", source="row", text=KENYA, language="en", body=[(0, len(KENYA))])
    doc = extract(article, segment(article), Settings())
    (sentence,) = doc.sentences
    (m,) = [m for m in sentence.mentions if m.text == "62"]
    words = context.read([doc])
    assert words.of(sentence, m) is words.of(sentence, m)
    parsed = context.read([doc], [sentence.key], reuse=words)
    assert parsed.of(sentence, m).words is words.of(sentence, m).words
    assert not words.of(sentence, m).parsed and parsed.of(sentence, m).parsed


# (what, language, sentence, figure, where extraction hands the noun over, the noun read there)
NOUNS = [
    ("a plain count", "en", "An earthquake killed 268 people on Monday.", "268", " people on Monday.", "people"),
    (
        "a share, read past 'per cent of' (ECB+ t19)",
        "en",
        "A poll for the respected Kathimerini newspaper found that 68 per cent of Greeks believe the government "
        "has mishandled the crisis.",
        "68 per cent",
        "Greeks believe",
        "greeks believe",
    ),
    (
        "some of a kind, read past 'other' (ECB+ t12)",
        "en",
        "The Naval commandos also boarded the pirates ' boats and seized seven AK-47 assault rifles, two other "
        "rifles, a grenade launcher and 13 fully loaded magazines of ammunition.",
        "two",
        " rifles, a grenade",
        "rifles",
    ),
    (
        "a compound: its unit word goes before the noun after it",
        "en",
        "Indonesia was hit by a 7.9-magnitude earthquake on Wednesday.",
        "7.9-magnitude",
        " earthquake on",
        "magnitude earthquake",
    ),
    (
        "an age: its holder's first word, as written (ECB+ t23)",
        "en",
        "An inexperienced mountain climber with rental gear, 31-year-old Robert Buckley of the U.K. but living in "
        "Christchurch, slipped on ice.",
        "31-year",
        " Robert Buckley",
        "Robert",
    ),
    ("an age held by a common noun", "en", "Police said the 36-year-old driver fled.", "36-year", " driver", "driver"),
    ("a count word counts the language's count noun", "en", "She has been married twice.", "twice", "", "times"),
    (
        "a figure and its conversion: the noun is read where the figure's reading stopped, before the "
        "conversion joined to it",
        "en",
        "The storm hit 160 km (100 miles) east of Manila.",
        "160 km (100 miles)",
        " (100 miles)",
        None,
    ),
    (
        "a figure joined from two units: the smaller part's place, else the larger's",
        "en",
        "The suspect stands six feet two inches.",
        "six feet two inches",
        ".",
        "two inches",
    ),
    (
        "a verb after the counted thing ends it (an irregular past)",
        "en",
        "Two plainclothes NYPD officers shot and killed a 16-year-old Brooklyn resident.",
        "Two",
        " plainclothes",
        "plainclothes nypd officers",
    ),
    (
        "a regular past ends it too",
        "en",
        "Police said 23 pirates arrested at sea face charges.",
        "23",
        " pirates",
        "pirates",
    ),
    (
        "a participle after an adverb is an adjective of the noun to come",
        "en",
        "Police found 13 fully loaded magazines in the boat.",
        "13",
        " fully",
        "fully loaded magazines",
    ),
    (
        "its first word stays, whatever its form",
        "en",
        "The jury heard 12 recorded calls.",
        "12",
        " recorded",
        "recorded calls",
    ),
    ("a count (id)", "id", TOLL, "62", " orang tewas dan", "orang tewas"),
    (
        "a share, read past 'persen dari' (id, Kompas)",
        "id",
        "Penerimaan sebesar 32 miliar dollar AS tersebut merupakan 54 persen dari total penerimaan migas.",
        "54 persen",
        "total penerimaan",
        "total penerimaan migas",
    ),
]


@pytest.mark.parametrize(("what", "lang", "text", "figure", "where", "noun"), NOUNS, ids=[r[0] for r in NOUNS])
def test_the_counted_noun_is_read_where_extraction_hands_it_over(what, lang, text, figure, where, noun):
    """Extraction hands over only where the noun starts (``Mention.noun_at``); the context stage
    reads the words there, and a stage with no contexts reads the same through ``context.noun``."""
    sentence, m, ctx = _read(lang, text, figure, False)
    at = m.noun_at[0]
    assert text[at.start - sentence.start :].startswith(where)
    assert ctx.words.noun == noun
    assert context.noun(sentence, m, lang) == noun


SPANS = [
    # (what, lang, text, figure, spans of its sentence)
    ("a career total", "en", "Hansbrough now has 2,302 points for his career.", "2,302", {"career"}),
    ("one game's figure", "en", "Hansbrough finished with 20 points and nine rebounds.", "20", set()),
    ("a half, not also its 'half'", "en", "Artino scored seven points in the first half.", "seven", {"first half"}),
    ("a season average", "en", "He averaged 22.8 points this season.", "22.8", {"averaged", "season"}),
    ("a figure with no span", "en", "The quake killed 62 people in Kenya.", "62", set()),
    (
        "Indonesian: this year",
        "id",
        "Harga minyak turun 40 persen sepanjang tahun ini.",
        "40 persen",
        {"sepanjang", "tahun ini"},
    ),
    ("Indonesian: none", "id", "Sebanyak 62 orang tewas akibat gempa itu.", "62", set()),
]


@pytest.mark.parametrize(("what", "lang", "text", "figure", "spans"), SPANS, ids=[r[0] for r in SPANS])
def test_span_words_are_read_from_the_sentence_with_its_language_table(what, lang, text, figure, spans):
    _, _, ctx = _read(lang, text, figure, False)
    assert ctx.words.spans == spans
