"""One very long sentence: mention finding stays linear and over-long sentences are cut, and said so.

Speed is measured by ``benchmarks/big_file.py --one-line`` (see docs/performance.md), not here:
these rows count work and check results, which hold on any machine.
"""

import itertools
from datetime import date

import pytest

from factcheck import langdata
from factcheck.dates import DateFinder
from factcheck.extract import mentions_in
from factcheck.numbers import NumberFinder
from factcheck.pipeline import Pipeline
from factcheck.segment import MAX_SENTENCE, cap, segment, split
from factcheck.settings import Settings
from factcheck.spans import FEW, Spans
from factcheck.types import Article, Mention

# -- the overlap structure against the scan it replaces --------------------------------------------
SPANS = [
    # (what, spans added in this order)
    ("none", []),
    ("disjoint", [(2, 4), (6, 9), (12, 13)]),
    ("touching", [(2, 4), (4, 6)]),
    ("nested", [(1, 12), (3, 5)]),
    ("a wide span added after narrow ones it covers", [(5, 6), (8, 9), (2, 14)]),
    ("a later span starting earlier and reaching past others", [(6, 7), (9, 10), (4, 11)]),
    ("empty spans", [(3, 3), (7, 7)]),
    ("one start widened", [(4, 5), (4, 10)]),
    ("at both ends of the text", [(0, 1), (15, 16)]),
    ("more than a scan keeps", [(i, i + 1 + i % 3) for i in range(0, 16, 2)] + [(1, 2), (3, 3), (5, 15)]),
]


# few=0: the tree from the first span; FEW: a scan up to that many, then the tree.
@pytest.mark.parametrize("few", [0, 3, FEW])
@pytest.mark.parametrize(("what", "spans"), SPANS, ids=[r[0] for r in SPANS])
def test_spans_answer_as_a_scan_over_every_span_would(what, spans, few):
    taken = Spans(16, spans, few=few)
    for start, end in itertools.combinations_with_replacement(range(17), 2):
        scan = any(s < end and start < e for s, e in spans)
        assert taken.overlaps(start, end) == scan, (start, end)


# -- one long line: the same mentions as its parts, with work linear in them --------------------------
PUBLISHED = date(2022, 11, 22)
LINES = [
    # (language, a sentence with dates, times and figures, how many copies make the line)
    ("id", "Gempa bermagnitudo 5,6 mengguncang Cianjur pada Senin (21/11/2022) pukul 13.21 WIB", 1),
    ("id", "Gempa bermagnitudo 5,6 mengguncang Cianjur pada Senin (21/11/2022) pukul 13.21 WIB", 40),
    ("id", "Gempa bermagnitudo 5,6 mengguncang Cianjur pada Senin (21/11/2022) pukul 13.21 WIB", 1000),
    ("id", "sekitar 96,2 juta pemilih datang ke 820.000 TPS pada 17 April 2019", 1000),
    ("en", "On Friday, Dec. 12, 2008 at 3:30 p.m. about 2,000 people gathered and 15 were hurt", 1000),
]

# Reads of a mention's start or end per mention found, whatever the line's length. A scan over
# every earlier mention reads each of them again for each new match: hundreds at 1,000 copies.
READS_PER_MENTION = 30


class _Counted(Mention):
    reads = 0

    def __getattribute__(self, name: str):
        if name in ("start", "end"):
            _Counted.reads += 1
        return super().__getattribute__(name)


@pytest.mark.parametrize(("lang", "sentence", "copies"), LINES)
def test_a_long_line_has_its_parts_mentions_and_work_linear_in_them(monkeypatch, lang, sentence, copies):
    def find(text: str) -> list[tuple]:
        language = langdata.get(lang)
        found = mentions_in(text, 0, DateFinder(language, PUBLISHED, PUBLISHED), NumberFinder(language))
        return [(m.kind, m.text, m.start, m.end, m.value, m.lo, m.hi, m.unit, m.qualifier) for m in found]

    one = find(sentence)
    assert {kind for kind, *_ in one} >= {"date", "number"}
    separator = " | "
    step = len(sentence) + len(separator)
    expected = [(k, t, s + i * step, e + i * step, *rest) for i in range(copies) for k, t, s, e, *rest in one]
    monkeypatch.setattr("factcheck.dates.Mention", _Counted)
    monkeypatch.setattr("factcheck.numbers.Mention", _Counted)
    _Counted.reads = 0
    got = find(separator.join([sentence] * copies))
    assert got == expected
    assert _Counted.reads <= READS_PER_MENTION * len(got)


# -- the cap on sentence length ----------------------------------------------------------------------
CAPS = [
    # (what, text, limit, the pieces as text)
    ("under the limit", "one two three", 20, ["one two three"]),
    ("exactly the limit", "aaaa bbbb", 9, ["aaaa bbbb"]),
    ("cut at the last space", "aaaa bbbb cccc dddd", 12, ["aaaa bbbb", "cccc dddd"]),
    ("a run of spaces at the cut is in neither piece", "aaaa bbbb   cccc", 11, ["aaaa bbbb", "cccc"]),
    ("a space just past the limit", "aaaa bbbb cccc", 9, ["aaaa bbbb", "cccc"]),
    ("no space: hard cuts", "abcdefghijklmnopqrstuvw", 10, ["abcdefghij", "klmnopqrst", "uvw"]),
    ("a space only in the first half: a hard cut", "ab cdefghijklmn", 10, ["ab cdefghi", "jklmn"]),
    ("many pieces", " ".join(["word"] * 12), 15, ["word word word"] * 4),
]


@pytest.mark.parametrize(("what", "text", "limit", "pieces"), CAPS, ids=[r[0] for r in CAPS])
def test_cap_cuts_an_over_long_sentence_at_whitespace(what, text, limit, pieces):
    got = cap(text, 0, len(text), limit)
    assert [text[s:e] for s, e in got] == pieces
    assert all(0 < e - s <= limit for s, e in got)


SENTENCE = "Longsor menimbun 12 rumah di Desa Sukamaju pada Kamis (1/2/2024) malam, kata petugas BPBD. "
LONG = SENTENCE.replace(". ", ", ") * (MAX_SENTENCE // len(SENTENCE) + 2)  # one sentence over the cap
SEGMENTS = [
    # (what, the article's lines, how many sentences were cut, the first cut sentence's line)
    ("ordinary text", [SENTENCE * 3, SENTENCE], 0, None),
    ("one over-long sentence", [SENTENCE, LONG], 1, 2),
    ("two, one warning for the article", [LONG, SENTENCE, LONG + LONG], 2, 1),
]


@pytest.mark.parametrize(("what", "lines", "cut", "line"), SEGMENTS, ids=[r[0] for r in SEGMENTS])
def test_over_long_sentences_are_cut_and_said_once(tmp_path, what, lines, cut, line):
    path = tmp_path / "long.md"
    path.write_text("---\nid: long\npublished: 2024-02-02\nlang: id\n---\n" + "\n".join(lines) + "\n")
    warnings: list[str] = []
    (doc,) = Pipeline(Settings(), log=warnings.append).documents([str(path)])
    assert all(len(s.text) <= MAX_SENTENCE for s in doc.sentences)
    text = doc.article.text
    # Nothing but whitespace is lost at a cut, and the pieces stay in order.
    assert "".join("".join(s.text for s in doc.sentences).split()) == "".join("".join(lines).split())
    assert all(a.end <= b.start for a, b in itertools.pairwise(doc.sentences))
    assert [s.text for s in doc.sentences] == [text[s.start : s.end] for s in doc.sentences]
    if not cut:
        assert warnings == []
        syntok = [span for b_start, b_end in doc.article.body for span in split(text, b_start, b_end, "id")]
        assert [(s.start, s.end) for s in doc.sentences] == syntok
        return
    assert len(warnings) == 1
    what_was_cut = "a sentence" if cut == 1 else f"{cut} sentences"
    assert warnings[0].startswith(f"{path}:{line + 5}: {what_was_cut} longer than {MAX_SENTENCE:,} characters")
    # The date of every copy is found, in whichever piece it fell.
    dates = [m for s in doc.sentences for m in s.mentions if m.kind == "date" and m.value == "2024-02-01"]
    assert len(dates) == sum(line_text.count("(1/2/2024)") for line_text in lines)


def test_an_article_object_segments_without_a_warning_path():
    text = "a " * MAX_SENTENCE
    article = Article(id="a", source="a.txt", text=text, language="en", body=[(0, len(text))])
    assert len(segment(article)) == 2  # no warn given: cut all the same, said to no one


def test_many_articles_read_on_every_core_as_one_by_one(tmp_path, monkeypatch):
    """Past ``PARALLEL_MIN_ARTICLES`` articles are read in forked workers: the same
    documents, in order, and each warning said in the order the files came, bad files too."""
    from factcheck import pipeline

    for n in range(12):
        lines = [SENTENCE * (1 + n % 3), LONG if n % 5 == 0 else SENTENCE]
        (tmp_path / f"a{n:02d}.md").write_text(
            f"---\nid: a{n:02d}\npublished: 2024-02-0{1 + n % 9}\nlang: id\n---\n" + "\n".join(lines) + "\n"
        )
    (tmp_path / "b.jsonl").write_text('{"id": "b1", "text": "' + SENTENCE + '"}\n{"id": \n')  # one bad record
    (tmp_path / "c.md").write_text("---\nid: a03\n---\n" + SENTENCE + "\n")  # an id already taken
    runs = {}
    for least in (10**6, 1):  # one by one, then in workers
        monkeypatch.setattr(pipeline, "PARALLEL_MIN_ARTICLES", least)
        warnings: list[str] = []
        docs = Pipeline(Settings(), log=warnings.append).documents([str(tmp_path)], skip_bad=True)
        runs[least] = (docs, warnings)
    (one_by_one, said_one_by_one), (parallel, said_parallel) = runs.values()
    assert parallel == one_by_one and len(parallel) == 13
    assert said_parallel == said_one_by_one and len(said_parallel) == 5
    assert any("b.jsonl" in w for w in said_parallel) and any("duplicate article id 'a03'" in w for w in said_parallel)
