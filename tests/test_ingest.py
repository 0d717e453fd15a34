"""Bad input gets one clear line naming the file, exit code 2, and no traceback."""

import json
import subprocess
import sys
from datetime import date
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


def _rec(rid: str, text: str = GOOD, **meta: str) -> str:
    return json.dumps({"id": rid, "text": text, **meta})


DEEP = "[" * 100_000
SKIPPED_RECORDS = [
    # (what, files, ids kept under --skip-bad, words of its one warning, words of the exit-2 line without it)
    (
        "one malformed line among good ones",
        {"a.jsonl": f'{_rec("a1")}\n{{"id": "a2", "text": \n{_rec("a3")}\n'},
        ["a1", "a3"],
        ["a.jsonl: skipped 1 of 3 records (line 2: malformed JSON"],
        ["a.jsonl:2: malformed JSON"],
    ),
    (
        "a record without text",
        {"a.jsonl": f'{_rec("a1")}\n{{"id": "a2"}}\n'},
        ["a1"],
        ["skipped 1 of 2 records (line 2: record has no 'text' or 'html')"],
        ["a.jsonl:2: record has no 'text'"],
    ),
    (
        "a line nested 100,000 deep",
        {"a.jsonl": f"{_rec('a1')}\n{DEEP}\n"},
        ["a1"],
        ["skipped 1 of 2 records (line 2: malformed JSON: nested too deeply"],
        ["a.jsonl:2: malformed JSON: nested too deeply"],
    ),
    (
        "an unreadable publication date",
        {"a.jsonl": f"{_rec('a1')}\n{_rec('a2', published='not a date at all')}\n"},
        ["a1"],
        ["skipped 1 of 2 records (line 2: cannot read the publication date 'not a date at all')"],
        ["a.jsonl:2: cannot read the publication date"],
    ),
    (
        "more bad records than the warning names",
        {"a.jsonl": "\n".join([_rec("a1"), *["{"] * 5]) + "\n"},
        ["a1"],
        ["skipped 5 of 6 records (line 2:", "line 4:", "; and 2 more)"],
        ["a.jsonl:2: malformed JSON"],
    ),
    (
        "a JSON list with one item that is not a record",
        {"c.json": json.dumps([{"id": "c1", "text": GOOD}, 5, {"id": "c3", "text": GOOD}])},
        ["c1", "c3"],
        ["c.json: skipped 1 of 3 records (line 1: item 2: a record must be a JSON object)"],
        ["c.json:1: item 2: a record must be a JSON object"],
    ),
    (
        "a repeated id in one file: the first is kept, the second named",
        {"a.jsonl": f"{_rec('same')}\n{_rec('same', GOOD.replace('20 rumah', '21 rumah'))}\n"},
        ["same"],
        ["a.jsonl: skipped 1 of 2 records (line 2: duplicate article id 'same' (also in ", "a.jsonl:1); the first"],
        ["a.jsonl:2: duplicate article id 'same' (also in "],
    ),
    (
        "a repeated id in another file",
        {"a.md": f"---\nid: x\n---\n{GOOD}", "b.md": f"---\nid: x\n---\n{GOOD.replace('20', '21')}"},
        ["x"],
        ["skipped ", "b.md: duplicate article id 'x' (also in ", "a.md); the first is kept"],
        ["b.md: duplicate article id 'x'"],
    ),
]


@pytest.mark.parametrize(
    ("what", "files", "kept", "warning", "error"), SKIPPED_RECORDS, ids=[r[0] for r in SKIPPED_RECORDS]
)
def test_skip_bad_skips_the_record_not_the_file(tmp_path, what, files, kept, warning, error):
    for name, text in files.items():
        _write(tmp_path, name, text.encode())
    warnings: list[str] = []
    articles = ingest.load([str(tmp_path)], skip_bad=True, warn=warnings.append)
    assert [a.id for a in articles] == kept
    (line,) = warnings  # one summary, whatever the number of records skipped
    assert all(w in line for w in warning), line
    result = runner.invoke(app, ["extract", str(tmp_path)])
    assert result.exit_code == 2 and "Traceback" not in result.output, result.output
    assert all(w in result.output for w in error), result.output


RELATIVE_PUBLISHED = [
    # (what, published metadata, the date the article gets, where from, warned)
    ("a year ago, in Indonesian", "1 tahun lalu", "2024-03-21", "dateline", True),
    ("next week", "next week", "2024-03-21", "dateline", True),
    ("yesterday, in Indonesian", "kemarin", "2024-03-21", "dateline", True),
    ("a day and month without a year", "5 Maret", "2024-03-21", "dateline", True),
    ("a weekday alone", "Thursday", "2024-03-21", "dateline", True),
    ("a full date in words is metadata", "20 Maret 2024", "2024-03-20", "metadata", False),
    ("a full date with time and zone", "Rabu, 20 Maret 2024 10:00 WIB", "2024-03-20T10:00", "metadata", False),
]


@pytest.mark.parametrize(
    ("what", "published", "expected", "source", "warned"), RELATIVE_PUBLISHED, ids=[r[0] for r in RELATIVE_PUBLISHED]
)
def test_a_relative_published_value_is_refused_and_the_text_read(tmp_path, what, published, expected, source, warned):
    md = _write(tmp_path, "a.md", f"---\npublished: {published}\n---\n{GOOD}".encode())
    jsonl = _write(tmp_path, "b.jsonl", (_rec("x") + "\n" + _rec("b", published=published) + "\n").encode())
    warnings: list[str] = []
    articles = ingest.load([str(md), str(jsonl)], warn=warnings.append, today=date(2025, 1, 1))
    for art in (articles[0], articles[2]):
        assert art.published.isoformat().startswith(expected) and art.published_from.startswith(source)
    if warned:
        assert len(warnings) == 2 and all(repr(published) in w and "read from the text" in w for w in warnings)
        assert warnings[0].startswith(f"{md}:1:") and warnings[1].startswith(f"{jsonl}:2:")
    else:
        assert warnings == []


def _special(kind: str, root: Path) -> None:
    """Make one entry that is not a regular file in ``root``."""
    import os
    import socket

    if kind == "broken link":
        os.symlink(root / "gone.txt", root / "dangling.txt")
    elif kind == "looping link":
        os.symlink("loop.txt", root / "loop.txt")
    elif kind == "fifo":
        os.mkfifo(root / "pipe.txt")  # opened, it would block the run until a writer came
    elif kind == "socket":
        sock = socket.socket(socket.AF_UNIX)
        sock.bind(str(root / "s.txt"))
        sock.close()
    elif kind == "linked folder":
        (root / "elsewhere").mkdir()
        (root / "elsewhere" / "b.txt").write_text(GOOD)
        os.symlink(root / "elsewhere", root / "link", target_is_directory=True)
        (root / "elsewhere" / ".gitignore").write_text("*\n")  # not read twice through the link


SPECIAL = [
    # (what, entries next to one article, words of the folder's one warning)
    ("a broken symbolic link", ["broken link"], ["passed over 1 broken symbolic link"]),
    ("a link to itself", ["looping link"], ["passed over 1 broken symbolic link"]),
    ("a FIFO is counted, never opened", ["fifo"], ["passed over 1 FIFO"]),
    ("a socket", ["socket"], ["passed over 1 socket or device file"]),
    ("a linked folder", ["linked folder"], ["passed over 1 linked folder (not followed)"]),
    (
        "all of them beside a file that is not an article",
        ["broken link", "looping link", "fifo", "other"],
        ["passed over 1 file that is not an article (.xml), 2 broken symbolic links, 1 FIFO"],
    ),
]


@pytest.mark.parametrize(("what", "entries", "warning"), SPECIAL, ids=[r[0] for r in SPECIAL])
def test_what_is_not_a_regular_file_is_counted_in_the_folder_warning(tmp_path, what, entries, warning):
    _write(tmp_path, "a.txt", GOOD.encode())
    for kind in entries:
        if kind == "other":
            _write(tmp_path, "notes.xml", b"<x/>")
        else:
            _special(kind, tmp_path)
    warnings: list[str] = []
    (article,) = ingest.load([str(tmp_path)], warn=warnings.append)
    assert article.id == "a"
    (line,) = warnings
    assert line.startswith(f"{tmp_path}: ") and all(w in line for w in warning), line


GLOBBED = [
    # (what, entries beside one article, articles read, words of the pattern's one warning or None)
    ("a matched folder is walked, as the shell would pass it", ["subfolder"], {"a", "b"}, None),
    ("a broken link matched by the pattern", ["broken link"], {"a"}, "passed over 1 broken symbolic link"),
    ("a FIFO matched by the pattern, never opened", ["fifo"], {"a"}, "passed over 1 FIFO"),
    ("a socket matched by the pattern", ["socket"], {"a"}, "passed over 1 socket or device file"),
]


@pytest.mark.parametrize(("what", "entries", "ids", "warning"), GLOBBED, ids=[r[0] for r in GLOBBED])
def test_a_glob_tells_what_it_matched_and_did_not_read(tmp_path, what, entries, ids, warning):
    _write(tmp_path, "a.txt", GOOD.encode())
    for kind in entries:
        if kind == "subfolder":
            (tmp_path / "sub").mkdir()
            _write(tmp_path / "sub", "b.txt", GOOD.replace("Bali", "Lombok").encode())
        else:
            _special(kind, tmp_path)
    warnings: list[str] = []
    articles = ingest.load([str(tmp_path / "*")], warn=warnings.append)
    assert {a.id for a in articles} == ids
    if warning is None:
        assert warnings == []
    else:
        (line,) = warnings
        assert line.startswith(f"{tmp_path / '*'}: ") and warning in line, line
