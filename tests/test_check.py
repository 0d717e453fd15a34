"""The main job on the seeds, through the CLI, with the JSON contracts pinned."""

import json

from typer.testing import CliRunner

from conftest import ROOT, SEEDS
from factcheck.cli import app

runner = CliRunner()
S2 = "002_67e3d4a227abfabd"


def test_check_seeds_json_contract(tmp_path):
    out = tmp_path / "r.json"
    result = runner.invoke(app, ["check", str(SEEDS), "--format", "json", "--output", str(out), "--quiet"])
    assert result.exit_code == 1, result.output
    report = json.loads(out.read_text())
    assert report["schema"] == "factcheck.report/v2"
    assert set(report["stats"]) == {"articles", "sentences", "claims", "pairs_compared", "seconds"}
    assert {a["id"] for a in report["articles"]} == {p.stem for p in SEEDS.glob("*.txt")}
    for a in report["articles"]:
        assert set(a) == {"id", "source", "title", "published", "published_from", "language", "sentences", "mentions"}
    weekday = [d for d in report["discrepancies"] if d["kind"] == "weekday"]
    assert len(weekday) == 1
    (claim,) = weekday[0]["claims"]
    assert claim["article"] == S2 and "14/8/2023" in claim["mention"] and claim["line"] == 5
    text = (SEEDS / f"{S2}.txt").read_text()
    assert text[claim["char_start"] : claim["char_end"]] == claim["mention"]
    for d in report["discrepancies"]:
        assert set(d) == {
            "id", "rule", "fingerprint", "kind", "severity", "confidence", "similarity", "message", "majority",
            "outliers", "update", "reason", "copies", "claims", "pairs",
            "suggestions", "sources_differ",  # added in v2 (issue 24): nothing renamed
        }  # fmt: skip
        assert all(0 <= i < len(d["claims"]) for p in d["pairs"] for i in p)
        assert d["severity"] in {"high", "medium", "low"} and 0 <= d["confidence"] <= 1
        for c in d["claims"]:
            assert set(c) == {
                "article",
                "sentence",
                "mention",
                "value",
                "unit",
                "line",
                "column",
                "char_start",
                "char_end",
                "role",  # outlier | majority | source (added, issue 24)
            }
            assert c["mention"] in c["sentence"]


def test_fail_on_none_exits_zero(tmp_path):
    result = runner.invoke(
        app, ["check", str(SEEDS), "--fail-on", "none", "--quiet", "--output", str(tmp_path / "r.txt")]
    )
    assert result.exit_code == 0


def _extract():
    result = runner.invoke(app, ["extract", str(SEEDS), "--format", "json"])
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert data["schema"] == "factcheck.extract/v2"
    return {a["id"]: a for a in data["articles"]}


def _mentions(article, text):
    return [m for s in article["sentences"] for m in s["mentions"] if text in m["text"]]


def test_extract_acceptance():
    arts = _extract()
    (kamis,) = _mentions(arts[S2], "14/8/2023")
    assert kamis["value"] == "2023-08-14" and kamis["weekday"] == "Thursday"
    (rabu,) = _mentions(arts["001_9c897c46e55408f5"], "13 Sep 2023")
    assert rabu["value"].startswith("2023-09-13")
    (selasa,) = _mentions(arts["001_9c897c46e55408f5"], "Selasa (12/9)")
    assert selasa["value"] == "2023-09-12"
    assert [m["value"] for m in _mentions(arts["004_930d5166ed0ab97b"], "bulan Juli")] == ["2023-07"]
    assert {m["value"] for m in _mentions(arts["000_4967af7503ada9df"], "bulan Juli")} == {"XXXX-07"}
    (seventy,) = _mentions(arts["000_4967af7503ada9df"], "70 tahun")
    assert seventy["kind"] == "duration"
    (peluru,) = _mentions(arts["000_4967af7503ada9df"], "puluhan juta")
    assert peluru["approx"] is True
    (enam,) = _mentions(arts["004_930d5166ed0ab97b"], "enam")
    assert enam["value"] == 6 and enam["noun"] == "uji coba nuklir"
    (dua,) = [m for m in _mentions(arts["000_4967af7503ada9df"], "dua") if m["noun"] == "resolusi"]
    assert dua["value"] == 2


def test_baseline_hides_accepted_findings_and_shows_new_ones(tmp_path, monkeypatch):
    folder = tmp_path / "seeds"
    folder.mkdir()
    for p in SEEDS.glob("*.txt"):
        (folder / p.name).write_text(p.read_text())
    monkeypatch.chdir(tmp_path)
    wrote = runner.invoke(app, ["baseline", str(folder), "-q"])
    assert wrote.exit_code == 0 and "3 known findings" in wrote.output, wrote.output
    # The default baseline file is picked up: nothing new, so the check passes.
    known = runner.invoke(app, ["check", str(folder)])
    assert known.exit_code == 0 and "No discrepancies" in known.output and "3 known findings hidden" in known.output
    # An edit above the line keeps the findings known; a changed value makes one new.
    s2 = folder / f"{S2}.txt"
    s2.write_text("Catatan redaksi.\n\n" + s2.read_text())
    assert runner.invoke(app, ["check", str(folder), "-q"]).exit_code == 0
    s2.write_text(s2.read_text().replace("Kamis (14/8/2023)", "Kamis (15/8/2023)"))
    new = runner.invoke(app, ["check", str(folder), "-q", "-f", "json"])
    assert new.exit_code == 1
    assert {d["kind"] for d in json.loads(new.output)["discrepancies"]} == {"weekday", "date"}
    bad = tmp_path / "bad.json"
    bad.write_text("{}")
    broken = runner.invoke(app, ["check", str(folder), "--baseline", str(bad), "-q"])
    assert broken.exit_code == 2 and "bad.json: not a factcheck baseline" in broken.output


AGREEING = """---
id: quake-d
published: 2022-11-22T12:00:00
lang: id
---
BMKG: Gempa Cianjur Dangkal

Bandung - Gempa magnitudo 5,6 yang melanda Cianjur, Jawa Barat, pada Senin (21/11/2022) siang tergolong gempa dangkal.

Kepala BMKG Dwikorita Karnawati menyebut pusat gempa berada di darat pada kedalaman 10 kilometer di Cugenang.

Warga Cianjur, Sukabumi dan Bandung merasakan guncangan kuat, kata Gubernur Jawa Barat Ridwan Kamil.
"""


def test_a_known_finding_stays_known_when_an_agreeing_article_is_added(tmp_path, monkeypatch):
    # The quake cluster: quake-b gives the depth as 11 km against the 10 km of quake-a and quake-c.
    folder = tmp_path / "quake"
    folder.mkdir()
    for p in (ROOT / "tests" / "eval" / "quake-cianjur").glob("*.md"):
        (folder / p.name).write_text(p.read_text())
    monkeypatch.chdir(tmp_path)
    assert "3 known findings" in runner.invoke(app, ["baseline", str(folder), "-q"]).output
    # A fourth article agrees with the majority (10 km): the depth finding is still the one accepted.
    (folder / "d.md").write_text(AGREEING)
    known = runner.invoke(app, ["check", str(folder)])
    assert known.exit_code == 0 and "3 known findings hidden" in known.output, known.output
    everything = runner.invoke(app, ["check", str(folder), "--no-baseline", "-q", "-f", "json"])
    assert everything.exit_code == 1 and len(json.loads(everything.output)["discrepancies"]) == 3
    # quake-b is corrected: its entry matches nothing any more, and --prune drops it and only it.
    b = folder / "b.md"
    b.write_text(b.read_text().replace("kedalaman 11 kilometer", "kedalaman 10 kilometer"))
    pruned = runner.invoke(app, ["baseline", str(folder), "--prune", "-q"])
    assert pruned.exit_code == 0 and "1 entry dropped, 2 kept" in pruned.output, pruned.output
    entries = json.loads((tmp_path / ".factcheck-baseline.json").read_text())["findings"]
    assert sorted(e["kind"] for e in entries) == ["number", "weekday"]
    # A value the outlier changes is a new finding, baseline or not.
    b.write_text(b.read_text().replace("menjadi 162 orang", "menjadi 163 orang"))
    assert runner.invoke(app, ["check", str(folder), "-q"]).exit_code == 1
    assert runner.invoke(app, ["check", str(folder), "-q", "--baseline", "x.json", "--no-baseline"]).exit_code == 2


def test_verbose_timings_count_the_embedding_and_every_check(monkeypatch):
    """`-v` names each stage with its time; embedding new text is most of a cold check, so it
    must be one of them (it once ran outside every stage and showed as 0 s)."""
    import time

    import numpy as np

    from factcheck.pipeline import Pipeline
    from factcheck.settings import Settings

    def slow_encode(self, texts):
        time.sleep(0.4)
        return np.random.default_rng(0).standard_normal((len(texts), 384)).astype(np.float32)

    monkeypatch.setattr(Pipeline, "_encode", slow_encode)
    report = Pipeline(Settings()).check([str(SEEDS)])
    assert report.timings["embed"] >= 0.4
    assert {"ingest+extract", "weekdays+names", "embed", "index", "align", "compare"} <= set(report.timings)
    assert sum(report.timings.values()) <= report.seconds
