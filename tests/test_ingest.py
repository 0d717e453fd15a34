"""Bad input gets one clear line naming the file, exit code 2, and no traceback."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import SEEDS
from factcheck import ingest
from factcheck.cli import app

runner = CliRunner()

GOOD = (
    "Jakarta, 21 Maret 2024 - Gempa magnitudo 5,6 mengguncang Bali pada pukul 13.21 WIB dan merusak 20 rumah warga.\n"
)


def _write(tmp: Path, name: str, data: bytes) -> Path:
    p = tmp / name
    p.write_bytes(data)
    return p


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("empty.txt", b"", "empty file"),
        ("blank.txt", b"  \n\n", "empty file"),
        ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00", "binary file"),
        ("article.pdf", b"%PDF-1.4 something", "unknown extension .pdf"),
        ("bad.jsonl", b'{"id": "a", "text": "ok"}\n{"id": "b", "text": \n', "bad.jsonl:2: malformed JSON"),
        ("notext.jsonl", b'{"id": "a"}\n', "notext.jsonl:1: record has no 'text' or 'html'"),
    ],
)
def test_bad_file(tmp_path, name, data, message):
    p = _write(tmp_path, name, data)
    result = runner.invoke(app, ["check", str(p)])
    assert result.exit_code == 2
    assert message in result.output
    assert str(p) in result.output
    assert "Traceback" not in result.output


def test_missing_path(tmp_path):
    result = runner.invoke(app, ["check", str(tmp_path / "nope")])
    assert result.exit_code == 2 and "no such file or directory" in result.output


def test_unreadable_path(tmp_path):
    p = _write(tmp_path, "secret.txt", GOOD.encode())
    p.chmod(0)
    try:
        if p.read_bytes():  # root can read anything: nothing to test
            pytest.skip("running as root")
    except PermissionError:
        pass
    result = runner.invoke(app, ["check", str(p)])
    assert result.exit_code == 2 and "cannot read" in result.output


def test_cp1252_is_read(tmp_path):
    p = _write(
        tmp_path,
        "latin.txt",
        "Caf\xe9 menaikkan harga 20 persen pada 3 Januari 2024 untuk semua menu.".encode("cp1252"),
    )
    (art,) = ingest.load([str(p)])
    assert "Café" in art.text


def test_non_utf8_non_cp1252(tmp_path):
    p = _write(tmp_path, "odd.txt", b"abc \x81\x8d\x8f\x90\x9d def")
    result = runner.invoke(app, ["check", str(p)])
    assert result.exit_code == 2 and "not UTF-8 or cp1252" in result.output


def test_one_bad_file_in_a_folder_is_an_error_or_a_visible_warning(tmp_path):
    _write(tmp_path, "good.txt", GOOD.encode())
    _write(tmp_path, "broken.txt", b"")
    assert runner.invoke(app, ["extract", str(tmp_path)]).exit_code == 2
    result = runner.invoke(app, ["extract", str(tmp_path), "--skip-bad"])
    assert result.exit_code == 0
    assert "skipped" in result.output and "broken.txt" in result.output


def test_duplicate_ids(tmp_path):
    rec = json.dumps({"id": "same", "text": GOOD})
    _write(tmp_path, "a.jsonl", f"{rec}\n{rec}\n".encode())
    result = runner.invoke(app, ["check", str(tmp_path / "a.jsonl")])
    assert result.exit_code == 2 and "duplicate article id 'same'" in result.output


def test_formats_and_metadata(tmp_path):
    md = "---\nid: md1\npublished: 2024-03-21\nlang: id\ntitle: Gempa\n---\n" + GOOD
    _write(tmp_path, "a.md", md.encode())
    html = (
        "<html><head><meta property='article:published_time' content='2024-03-22T10:00:00'></head><body>"
        f"<article><h1>Gempa Bali</h1><p>{GOOD}</p><p>Baca Juga: Gempa lain di Lombok</p></article></body></html>"
    )
    _write(tmp_path, "b.html", html.encode())
    _write(
        tmp_path, "c.json", json.dumps([{"id": "j1", "text": GOOD, "published": "2024-03-23", "lang": "id"}]).encode()
    )
    arts = {a.id: a for a in ingest.load([str(tmp_path)])}
    assert arts["md1"].published.date().isoformat() == "2024-03-21" and arts["md1"].published_from == "metadata"
    assert arts["b"].published.date().isoformat() == "2024-03-22" and arts["b"].published_from == "html metadata"
    assert "Baca Juga" not in "".join(arts["b"].text[s:e] for s, e in arts["b"].body)
    assert arts["j1"].published.date().isoformat() == "2024-03-23"


def test_glob(tmp_path):
    _write(tmp_path, "x1.txt", GOOD.encode())
    _write(tmp_path, "x2.txt", GOOD.replace("20 rumah", "21 rumah").encode())
    assert len(ingest.load([str(tmp_path / "x*.txt")])) == 2


# Publication dates of the seeds: metadata-free, from datelines, never from teasers.
@pytest.mark.parametrize(
    ("seed", "published", "source_has"),
    [
        ("000_4967af7503ada9df.txt", None, None),  # its only date is the "Next Post" teaser
        ("001_9c897c46e55408f5.txt", "2023-09-13T19:59:00", "Rabu, 13 Sep 2023 19:59 WIB"),
        ("004_930d5166ed0ab97b.txt", "2023-09-05T00:00:00", "year from weekday"),
    ],
)
def test_seed_publication_dates(seed, published, source_has):
    (art,) = ingest.load([str(SEEDS / seed)])
    assert (art.published.isoformat() if art.published else None) == published
    if source_has:
        assert source_has in art.published_from


@pytest.mark.parametrize(
    ("seed", "leftover"),
    [
        ("000_4967af7503ada9df.txt", "Bitget"),
        ("001_9c897c46e55408f5.txt", "Jokowi Semakin Condong"),
        ("001_9c897c46e55408f5.txt", "Caleg Pilihan"),
        ("002_67e3d4a227abfabd.txt", "Baca Juga"),
        ("002_67e3d4a227abfabd.txt", "IDN Times Community adalah media"),
        ("002_67e3d4a227abfabd.txt", "Berita Terkini Lainnya"),
        ("003_42152cb5f7c46a69.txt", "Komentar (0)"),
        ("004_930d5166ed0ab97b.txt", "Scroll to Top"),
        ("004_930d5166ed0ab97b.txt", "Pelaku Pariwisata Sambut"),
    ],
)
def test_boilerplate_removed(seed, leftover):
    (art,) = ingest.load([str(SEEDS / seed)])
    body = "\n".join(art.text[s:e] for s, e in art.body)
    assert leftover not in body
    assert leftover in art.text


def test_python_m_entry_point():
    out = subprocess.run([sys.executable, "-m", "factcheck", "--help"], capture_output=True, text=True, check=True)
    assert "check" in out.stdout


def test_an_evaluation_gold_file_beside_the_articles_is_named_and_passed_over(tmp_path):
    _write(tmp_path, "a.txt", GOOD.encode())
    _write(tmp_path, "expected.json", b'{"expected": [], "must_not_flag": []}')
    result = runner.invoke(app, ["extract", str(tmp_path)])
    assert result.exit_code == 0
    assert "expected.json: an evaluation gold file, not an article" in result.output


def _tree(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)


FOLDERS = [
    # (what, files in the folder, article files expected, words of the one warning or None)
    (
        "the ECB+ layout: XML annotations and a licence beside the articles",
        {"t1/a.txt": GOOD, "xml/1/a.xml": "<x/>", "LICENSE-CC-BY-3.0.txt": GOOD, "README": "corpus"},
        ["LICENSE-CC-BY-3.0.txt", "t1/a.txt"],
        ["passed over 2 files that are not articles", ".xml", "(no extension)"],
    ),
    (
        "a repository: .gitignore'd drafts and build output are not read",
        {".gitignore": "drafts/\n*.tmp.md\n", "a.md": GOOD, "drafts/b.md": GOOD, "c.tmp.md": GOOD},
        ["a.md"],
        None,
    ),
    (
        "a .gitignore in a subfolder applies below it",
        {"sub/.gitignore": "old.txt\n", "sub/old.txt": GOOD, "sub/new.txt": GOOD, "old.txt": GOOD},
        ["old.txt", "sub/new.txt"],
        None,
    ),
    (
        "hidden and _-prefixed files and folders are skipped silently",
        {"a.txt": GOOD, "_notes.txt": GOOD, ".cache/b.txt": GOOD, "_drafts/c.txt": GOOD},
        ["a.txt"],
        None,
    ),
]


@pytest.mark.parametrize(("what", "files", "expected", "warning"), FOLDERS, ids=[r[0] for r in FOLDERS])
def test_folder_walk(tmp_path, what, files, expected, warning):
    _tree(tmp_path, files)
    warnings: list[str] = []
    got = ingest.collect([str(tmp_path)], warn=warnings.append)
    assert sorted(p.relative_to(tmp_path).as_posix() for p in got) == expected
    if warning is None:
        assert warnings == []
    else:
        (line,) = warnings
        assert all(w in line for w in warning), line


UNREADABLE = [
    # (what, --skip-bad, the folder that cannot be read)
    ("a locked subfolder stops the run", False, "locked"),
    ("a locked subfolder is a warning under --skip-bad", True, "locked"),
    ("a locked folder deeper down stops the run", False, "deep"),
    ("a locked folder deeper down is a warning under --skip-bad", True, "deep"),
]


@pytest.mark.parametrize(("what", "skip_bad", "locked"), UNREADABLE, ids=[r[0] for r in UNREADABLE])
def test_an_unreadable_subfolder_is_an_error_or_a_warning(tmp_path, monkeypatch, what, skip_bad, locked):
    import os

    _tree(tmp_path, {"a.txt": GOOD, "locked/b.txt": GOOD, "sub/deep/c.txt": GOOD})
    real = os.scandir

    def scandir(path="."):
        if Path(path).name == locked:  # root reads every folder: simulate the permission error
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    if not skip_bad:
        with pytest.raises(ingest.InputError, match=f"{locked}: cannot read folder: Permission denied"):
            ingest.collect([str(tmp_path)])
        return
    warnings: list[str] = []
    got = ingest.collect([str(tmp_path)], skip_bad=True, warn=warnings.append)
    assert len(got) == 2 and all(locked not in p.parts for p in got)
    assert len(warnings) == 1 and locked in warnings[0]
