"""The data passed between stages: frozen, so no stage changes what another read, and named by stable
keys, so stages join them without object identity."""

from dataclasses import FrozenInstanceError
from datetime import datetime

import pytest

from factcheck.extract import extract
from factcheck.segment import segment
from factcheck.settings import Settings
from factcheck.store import doc_from_json, doc_to_json
from factcheck.types import Article, DateValue

# Two reports of one quake: the magnitude twice in one article, and b a near-copy of a's lead.
A = (
    "Gempa bermagnitudo 5,6 mengguncang Cianjur pada Senin (21/11/2022) pukul 13.21 WIB.\n\n"
    "BMKG mencatat gempa susulan bermagnitudo 5,6 sekitar pukul 14.08 WIB."
)
B = "Gempa bermagnitudo 5,6 mengguncang Cianjur pada Senin (21/11/2022) pukul 13.21 WIB."
PUBLISHED = datetime(2022, 11, 21, 16, 0)


def _doc(aid: str, text: str, language: str = "id"):
    article = Article(
        id=aid, source=f"{aid}.md", text=text, language=language, published=PUBLISHED, body=[(0, len(text))]
    )
    return extract(article, segment(article), Settings())


def _mention(doc, text: str, n: int = 0):
    return [m for s in doc.sentences for m in s.mentions if m.text == text][n]


# (what is changed, how)
MUTATIONS = [
    ("a mention's value", lambda doc: setattr(_mention(doc, "5,6"), "value", 6.0)),
    ("a mention's span", lambda doc: setattr(_mention(doc, "5,6"), "end", 0)),
    ("a date's typed value", lambda doc: setattr(_mention(doc, "5,6"), "date", DateValue("day"))),
    ("a date value's day", lambda doc: setattr(doc.sentences[0].mentions[1].date, "day", 22)),
    ("where a counted noun is read", lambda doc: setattr(_mention(doc, "5,6").noun_at[0], "start", 0)),
    ("a sentence's mentions", lambda doc: setattr(doc.sentences[0], "mentions", ())),
    ("a document's sentences", lambda doc: setattr(doc, "sentences", ())),
]


@pytest.mark.parametrize(("what", "change"), MUTATIONS, ids=[r[0] for r in MUTATIONS])
def test_no_stage_can_change_what_another_read(what, change):
    doc = _doc("a", A)
    with pytest.raises(FrozenInstanceError):
        change(doc)


def test_mentions_cannot_be_appended_to():
    doc = _doc("a", A)
    assert isinstance(doc.sentences, tuple) and isinstance(doc.sentences[0].mentions, tuple)


def test_extract_leaves_the_segmented_sentences_as_they_were():
    article = Article(id="a", source="a.md", text=A, language="id", published=PUBLISHED, body=[(0, len(A))])
    sentences = segment(article)
    doc = extract(article, sentences, Settings())
    assert all(s.mentions == () for s in sentences)
    assert [s.text for s in doc.sentences] == [s.text for s in sentences]
    assert all(s.mentions for s in doc.sentences)


def test_the_same_text_at_two_offsets_or_in_two_articles_has_two_keys():
    a, b = _doc("a", A), _doc("b", B)
    first, second = _mention(a, "5,6", 0), _mention(a, "5,6", 1)
    assert first.text == second.text and first.value == second.value
    assert first.key != second.key
    copy = _mention(b, "5,6")
    assert (copy.start, copy.end, copy.value) == (first.start, first.end, first.value)  # a near-copy's lead
    assert copy.key != first.key
    keys = [m.key for doc in (a, b) for s in doc.sentences for m in s.mentions]
    assert len(keys) == len(set(keys))
    assert len({s.key for doc in (a, b) for s in doc.sentences}) == len(a.sentences) + len(b.sentences)


def test_the_index_keeps_mentions_whole():
    """Stored and read back (``factcheck index``), a document has the same mentions: keys, typed dates
    with their clock times and zones."""
    doc = _doc("a", A)
    back = doc_from_json(doc_to_json(doc))
    assert back.sentences == doc.sentences
    assert back.sentences[0].mentions[1].date == DateValue(
        "minute", 2022, 11, 21, weekday=0, hour=13, minute=21, zone=7.0
    )
    # Where the counted noun is read, with a compound's unit word and an age's holder.
    quake = _doc("q", "A 7.9-magnitude quake killed a 31-year-old Briton.", "en")
    places = [at for s in quake.sentences for m in s.mentions for at in m.noun_at]
    assert any(at.compound for at in places) and any(at.holder for at in places)
    assert doc_from_json(doc_to_json(quake)).sentences == quake.sentences
