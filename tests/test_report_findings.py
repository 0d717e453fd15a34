# ruff: noqa: E501  (table rows: one case per line)
"""Issue 24, items 1, 2, 4 and 5: a finding an editor can check from the terminal, blame on the
outlier, copies shown once, intended dates for a weekday error, and name spellings. One row per case."""

import json
from datetime import date

import pytest
from typer.testing import CliRunner

from conftest import SEEDS
from factcheck import report as render
from factcheck.cli import app
from factcheck.compare import intended_text
from factcheck.facts import severity_of
from factcheck.names import name_discrepancies
from factcheck.report_html import to_html
from factcheck.types import Article, Claim, Discrepancy, Document, Report, Sentence

runner = CliRunner()


# -- 4: a weekday error proposes the intended dates ------------------------------------------------------
@pytest.mark.parametrize(
    ("written", "weekday", "proposal"),
    [
        # the example ("Rabu (14/12/2014)"); the 10th is one digit off too
        (date(2014, 12, 14), "Wednesday", "the 14th was a Sunday; a Wednesday: the 17th, or the 10th or the 24th (one digit off)"),
        (date(2022, 11, 21), "Tuesday", "the 21st was a Monday; a Tuesday: the 22nd, or the 1st or the 29th (one digit off)"),
        # the nearest before; the 7th is a typo of the 17th
        (date(2023, 8, 17), "Monday", "the 17th was a Thursday; a Monday: the 14th, or the 7th (one digit off)"),
        # the nearest is in the next month: named with its month
        (date(2023, 8, 31), "Saturday", "the 31st was a Thursday; a Saturday: 2 September"),
    ],
)  # fmt: skip
def test_weekday_error_proposes_intended_dates(written, weekday, proposal):
    assert intended_text(written, weekday) == proposal


# -- 1: severity and confidence tell one story -----------------------------------------------------------
@pytest.mark.parametrize(
    ("kind", "confidence", "day_level", "update", "sources", "severity"),
    [
        ("weekday", 0.95, True, False, False, "high"),
        ("date", 0.9, True, False, False, "high"),
        ("date", 0.5, True, False, False, "medium"),  # no longer "high" beside "confidence 0.50"
        ("date", 0.9, False, False, False, "medium"),  # a month, not a day
        ("date", 0.9, True, False, True, "medium"),  # the sides cite different sources: a warning
        ("number", 1.0, False, False, False, "medium"),
        ("number", 0.3, False, False, False, "low"),
        ("number", 1.0, False, True, False, "low"),  # an update
        ("name", 0.5, False, False, False, "low"),
    ],
)
def test_severity_follows_confidence_and_kind(kind, confidence, day_level, update, sources, severity):
    assert severity_of(kind, confidence, day_level=day_level, update=update, sources=sources) == severity


# -- 5: name spellings ------------------------------------------------------------------------------------
def _docs(*texts: str) -> list[Document]:
    docs = []
    for n, text in enumerate(texts):
        art = Article(id=f"a{n}", source=f"a{n}.md", text=text)
        sents, start = [], 0
        for i, line in enumerate(text.split("\n")):
            sents.append(Sentence(art.id, i, start, start + len(line), line))
            start += len(line) + 1
        docs.append(Document(art, sents))
    return docs


@pytest.mark.parametrize(
    ("texts", "flagged"),
    [
        # the seeds' case: one article drops a letter
        (["Kata menteri Sergei Shogu kemarin.", "Kata menteri Sergey Shoigu kemarin.", "Menteri Sergei Shoigu datang."],
         ("Shogu", "Shoigu")),
        # two letters swapped are one edit
        (["Kata menteri Sergei Shiogu kemarin.", "Kata menteri Sergei Shoigu kemarin.", "Menteri Sergei Shoigu datang."],
         ("Shiogu", "Shoigu")),
        # two edits: a name of nine letters or more, not a shorter one
        (["Said Viktor Medvidchek today.", "Said Viktor Medvedchuk today.", "Viktor Medvedchuk came."],
         ("Medvidchek", "Medvedchuk")),
        (["Kata menteri Sergei Shaogu kemarin.", "Kata menteri Sergei Shoigu kemarin.", "Menteri Sergei Shoigu datang."],
         None),
        (["Said Viktor Madvidchek today.", "Said Viktor Medvedchuk today.", "Viktor Medvedchuk came."], None),
        # a transliteration convention is grouped, not reported
        (["Pemimpin Kim Jong-un tiba.", "Pemimpin Kim Jong Un tiba.", "Pemimpin Kim Jong Un pergi."], None),
        (["Menteri Sergei Lavrov tiba.", "Menteri Sergey Lavrov tiba.", "Menteri Sergey Lavrov pergi."], None),
        # a word made from the name, and a changed ending, are other words
        (["Pasukan Russian maju.", "Presiden Russia bicara.", "Presiden Russia pergi."], None),
        (["Di Gedung Putih kemarin.", "Kata Presiden Putin kemarin.", "Kata Presiden Putin lagi."], None),
        # one article each: no majority to point at
        (["Kata reporter Bob Woodard kemarin.", "Kata reporter Bob Woodward kemarin."], None),
        # two spellings in one sentence are two names
        (["Tim Los Angeles Angels menang.", "Tim Angels menang lagi.", "Tim Angels kalah."], None),
        # a word written in lower case somewhere is no name
        (["Lalu Pasar ramai.", "Lalu Pasir putih.", "Lalu Pasir basah.", "Dia di pasar."], None),
    ],
)  # fmt: skip
def test_name_spelling(texts, flagged):
    found = name_discrepancies(_docs(*texts))
    if flagged is None:
        assert found == []
        return
    (d,) = found
    assert (d.kind, d.severity, d.majority) == ("name", "low", flagged[1])
    assert d.claims[0].mention == flagged[0] and d.outliers == ["a0"]
    assert render.rule_id(d.kind) == "FC004"


# -- 1, 2, 4: every format shows the sides, blames the outlier and shows copies once ---------------------
def _report() -> Report:
    """Four articles about one fact: a says 11, b, c and d say 10; c is a near-copy of b."""
    docs, claims = [], []
    for aid, value in (("a", "11"), ("b", "10"), ("c", "10"), ("d", "10")):
        text = f"Intro line.\nThe quake struck at a depth of {value} kilometres on Monday, officials said."
        art = Article(id=aid, source=f"news/{aid}.md", text=text, language="en")
        start = text.index("The")
        sent = Sentence(aid, 1, start, len(text), text[start:])
        at = text.index(value)
        docs.append(Document(art, [sent]))
        line, col = art.line_col(at)
        claims.append(
            Claim(aid, sent.text, f"{value} kilometres", float(value), "km", line, col, at, at + len(value) + 11, start)
        )
    d = Discrepancy("number", "medium", 0.9, 0.8, "a differs from the majority (10 kilometres).", claims, id="D1",
                    pairs=[(0, 1)], majority="10 kilometres", outliers=["a"], reason="both: the quake's depth",
                    copies={"b": ["c"]})  # fmt: skip
    return Report(docs, [d], 3, articles={x.article.id: x.article for x in docs})


def _sarif(r):
    return json.loads(render.to_sarif(r))["runs"][0]["results"][0]


@pytest.mark.parametrize(
    ("fmt", "check"),
    [
        # terminal: the sides at path:line:col, the sentence around the value, why, copies once
        ("table", lambda t: "outlier  news/a.md:2:32" in t and "majority news/b.md:2:32 (+1 copy: c)" in t
         and "news/c.md" not in t and "«11 kilometres»" in t and "why one fact: both: the quake's depth" in t),
        ("table-color", lambda t: "\x1b[" in t and "«" not in t and "news/a.md:2:32" in t),
        # -q: one line per finding, at the outlier
        ("concise", lambda t: t.splitlines()[0].startswith("news/a.md:2:32: FC002 [medium] D1 ") and len(t.splitlines()) == 2),
        # SARIF: the outlier is the only primary location; the majority (and its copy) are related
        ("sarif", lambda r: [loc["physicalLocation"]["artifactLocation"]["uri"] for loc in r["locations"]] == ["news/a.md"]
         and len(r["relatedLocations"]) == 3 and "the majority" in r["relatedLocations"][0]["message"]["text"]
         and "a copy of b" in r["relatedLocations"][1]["message"]["text"]),
        # GitHub: one annotation, on the outlier, naming where the majority stands
        ("github", lambda t: [ln.split(",")[0] for ln in t.splitlines() if ln.startswith("::")] == ["::warning file=news/a.md"]
         and "Majority: news/b.md:2:32, news/c.md:2:32, news/d.md:2:32." in t),
        ("markdown", lambda t: "- outlier **a**" in t and "- majority **b** (+1 copy: c)" in t and "**c**" not in t),
        ("html", lambda t: '<div class="claim outlier">' in t and '<div class="claim majority">' in t
         and ".claim.outlier{" in t and "(+1 copy: c)" in t),
        # JSON: fields added, none renamed
        ("json", lambda t: [c["role"] for c in t["discrepancies"][0]["claims"]] == ["outlier", "majority", "majority", "majority"]
         and t["discrepancies"][0]["rule"] == "FC002" and t["discrepancies"][0]["copies"] == {"b": ["c"]}
         and {"id", "fingerprint", "kind", "severity", "confidence", "message", "majority", "outliers"} <= set(t["discrepancies"][0])),
    ],
)  # fmt: skip
def test_each_format_names_the_sides(fmt, check):
    r = _report()
    out = {
        "table": lambda: render.to_table(r),
        "table-color": lambda: render.to_table(r, color=True),
        "concise": lambda: render.to_table(r, concise=True),
        "sarif": lambda: _sarif(r),
        "github": lambda: render.to_github(r),
        "markdown": lambda: render.to_markdown(r),
        "html": lambda: to_html(r),
        "json": lambda: json.loads(render.to_json(r)),
    }[fmt]()
    assert check(out), out


def test_a_finding_without_majority_blames_nobody_as_an_error():
    r = _report()
    d = r.discrepancies[0]
    d.majority, d.outliers, d.copies, d.severity = None, [], {}, "high"
    annotations = [ln for ln in render.to_github(r).splitlines() if ln.startswith("::")]
    assert len(annotations) == 4 and all(ln.startswith("::warning ") for ln in annotations)
    assert "source   news/a.md:2:32" in render.to_table(r)


# -- done when: factcheck check seeds/ ----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ([], ["outlier  seeds/002_67e3d4a227abfabd.txt:5:182", "«Kamis (14/8/2023)»", "the 17th",
              "outlier  seeds/000_4967af7503ada9df.txt:29:50", "Sergei «Shogu»", "majority seeds/003_42152cb5f7c46a69.txt:6:242"]),
        (["-q"], ["seeds/000_4967af7503ada9df.txt:29:50: FC004 [low]", "seeds/002_67e3d4a227abfabd.txt:5:182: FC003 [high]"]),
    ],
)  # fmt: skip
def test_check_seeds_in_the_terminal(args, expected, monkeypatch):
    monkeypatch.chdir(SEEDS.parent)
    run = runner.invoke(app, ["check", "seeds", *args])
    assert run.exit_code == 1, run.output
    for text in expected:
        assert text in run.output, run.output
    if args == ["-q"]:
        assert len(run.output.strip().splitlines()) == 4  # three findings and the summary
