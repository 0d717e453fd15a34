"""Every user mistake is one line naming the file (or key) and exit code 2; a bug is exit code 3.

Exit code 1 means "discrepancies found" and nothing else, so CI can gate on it.
"""

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import SEEDS
from factcheck import settings as settings_mod
from factcheck.cli import app

runner = CliRunner()

BAD_CONFIG = [
    # (what, factcheck.toml body, words the one-line error must contain)
    ("a number of the wrong type", 'top_k = "eight"\n', ["factcheck.toml", "top_k", "int"]),
    ("zero neighbours disables every finding", "top_k = 0\n", ["factcheck.toml", "top_k", "between 1"]),
    ("nan weight disables every finding", "dense_weight = nan\n", ["factcheck.toml", "dense_weight"]),
    ("an unknown fail_on", 'fail_on = "sometimes"\n', ["factcheck.toml", "fail_on", "high, medium, low, none"]),
    ("a negative threshold", "min_pair_z = -inf\n", ["factcheck.toml", "min_pair_z"]),
    ("a bool where a number goes", "top_k = true\n", ["factcheck.toml", "top_k"]),
    ("an unknown key", "top_kk = 3\n", ["factcheck.toml", "top_kk"]),
    ("a broken file", "top_k = \n", ["factcheck.toml", "cannot read"]),
    (
        "both retrieval weights at 0 compare nothing",
        "dense_weight = 0\nlexical_weight = 0.0\n",
        ["factcheck.toml", "dense_weight and lexical_weight are both 0"],
    ),
]


@pytest.mark.parametrize(("what", "body", "words"), BAD_CONFIG, ids=[r[0] for r in BAD_CONFIG])
def test_bad_settings_are_one_line_exit_2(tmp_path, monkeypatch, what, body, words):
    (tmp_path / "factcheck.toml").write_text(body)
    monkeypatch.chdir(tmp_path)
    run = runner.invoke(app, ["check", str(SEEDS), "-q"])
    assert run.exit_code == 2, run.output
    lines = run.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("factcheck: "), run.output
    assert all(w in lines[0] for w in words), lines[0]


def test_settings_are_found_upward_as_ruff_and_pytest_find_theirs(tmp_path):
    (tmp_path / "pyproject.toml").write_text("[tool.factcheck]\ntop_k = 5\n")
    deep = tmp_path / "a" / "b"
    deep.mkdir(parents=True)
    assert settings_mod.load(deep).top_k == 5
    (deep / "factcheck.toml").write_text("top_k = 3\n")
    assert settings_mod.load(deep).top_k == 3  # the nearest file wins


def test_a_pyproject_without_our_table_is_passed_over(tmp_path):
    (tmp_path / "factcheck.toml").write_text("top_k = 4\n")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    assert settings_mod.load(tmp_path / "sub").top_k == 4


def test_unwritable_output_is_exit_2_naming_the_file(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    run = runner.invoke(app, ["extract", str(SEEDS), "-o", str(blocker / "out.json")])
    assert run.exit_code == 2, run.output
    assert str(blocker) in run.output and "Traceback" not in run.output


def test_an_internal_error_is_exit_3_and_asks_for_a_report(monkeypatch):
    from factcheck import pipeline

    def boom(*_a, **_k):
        raise RuntimeError("a bug")

    monkeypatch.setattr(pipeline.Pipeline, "documents", boom)
    run = runner.invoke(app, ["extract", str(SEEDS)])
    assert run.exit_code == 3, run.output
    assert "internal error" in run.output and "please report" in run.output


@pytest.mark.parametrize(
    "text",
    ["Situs itu dibangun 5000 tahun lalu.", "The city was founded 3000 years ago.", "It was 1000000 days ago."],
)
def test_ordinary_text_with_impossible_dates_runs(tmp_path, text):
    art = tmp_path / "a.md"
    art.write_text(f"---\npublished: 2023-09-13\n---\n{text}\n")
    run = runner.invoke(app, ["extract", str(art), "-f", "json"])
    assert run.exit_code == 0, run.output


def test_version_and_completion_are_offered():
    from factcheck import __version__

    run = runner.invoke(app, ["--version"])
    assert run.exit_code == 0 and run.output.strip() == f"factcheck {__version__}"
    helped = runner.invoke(app, ["--help"])
    assert "--install-completion" in helped.output and "--version" in helped.output


@pytest.mark.parametrize(
    ("command", "shown"),
    [
        (["check"], "[default: table]"),
        (["check"], "[default: low]"),
        (["check"], "[default: the model's own threshold; 0.45 for the rules]"),
        (["check"], "[default: all]"),
        (["index", "add"], "[default: .factcheck]"),
    ],
)
def test_help_states_each_default(command, shown):
    # Rich reads "[...]" as markup and drops it unless escaped; the help must still say the default.
    helped = runner.invoke(app, [*command, "--help"], env={"COLUMNS": "400"})
    assert shown in " ".join(helped.output.replace("│", " ").split()), helped.output


def _on_a_terminal(*args: str) -> str:
    """Run factcheck with stderr and stdout on a pseudo-terminal, as a user at a shell would."""
    import os
    import pty
    import subprocess
    import sys

    leader, follower = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "factcheck", *args], stdout=follower, stderr=follower)
    os.close(follower)
    chunks = []
    while True:
        try:
            data = os.read(leader, 65536)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    proc.wait(timeout=300)
    os.close(leader)
    return b"".join(chunks).decode("utf-8", "replace")


def test_on_a_terminal_the_bar_is_taken_down_and_quiet_is_quiet():
    shown = _on_a_terminal("check", str(SEEDS), "--fail-on", "none")
    hide, show = "\x1b[?25l", "\x1b[?25h"
    if hide in shown:  # the bar drew: it must give the cursor back before the report
        assert shown.rindex(show) > shown.rindex(hide)
    assert "\n3 discrepancies" in shown.replace("\r", "")  # the summary starts its own line
    quiet = _on_a_terminal("check", str(SEEDS), "--fail-on", "none", "--quiet")
    assert "\x1b[" not in quiet and "Loading" not in quiet, quiet


def test_no_posix_only_module_is_needed_to_start():
    """fcntl does not exist on Windows: --help and the index module must import without it."""
    import subprocess
    import sys

    code = (
        "import sys; sys.modules['fcntl'] = None\n"
        "import factcheck.store\n"
        "from factcheck.cli import app\n"
        "app(['--help'])\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert run.returncode == 0 and "Usage" in run.stdout, run.stderr


def test_the_readme_settings_example_is_valid_and_lists_every_default(tmp_path):
    from dataclasses import fields

    from conftest import ROOT
    from factcheck.settings import Settings

    readme = (ROOT / "README.md").read_text()
    example = readme.split("```toml\n", 1)[1].split("```", 1)[0]
    (tmp_path / "factcheck.toml").write_text(example)
    assert settings_mod.load(tmp_path) == Settings()
    assert all(f"{f.name} =" in example for f in fields(Settings))


def test_help_imports_no_heavy_library():
    import subprocess
    import sys

    code = "import sys\nfrom factcheck.cli import app\nprint(sorted({m.split('.')[0] for m in sys.modules}))"
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    for heavy in ("torch", "faiss", "sklearn", "scipy", "spacy", "sentence_transformers", "transformers"):
        assert f"'{heavy}'" not in run.stdout, heavy


GOOD = "Jakarta, 21 Maret 2024 - Gempa magnitudo 5,6 mengguncang Bali dan merusak 20 rumah warga di Karangasem.\n"
DEEP = "[" * 100_000
CRASHES = [
    # (what, files written in the working folder, arguments, exit code, words of the one line naming the file)
    ("a non-UTF-8 factcheck.toml", {"factcheck.toml": b"top_k = 5 # caf\xe9\n"}, [], 2, ["factcheck.toml", "UTF-8"]),
    ("a non-UTF-8 pyproject.toml", {"pyproject.toml": b"[project]\nname = '\xff'\n"}, [], 2, ["pyproject.toml"]),
    ("pyproject.toml with tool = 5", {"pyproject.toml": b"tool = 5\n"}, [], 2, ["pyproject.toml", "tool must be"]),
    (
        "pyproject.toml with tool = 'factcheck'",
        {"pyproject.toml": b"tool = 'factcheck'\n"},
        [],
        2,
        ["pyproject.toml", "tool must be a table"],
    ),
    ("a factcheck.toml nested 100,000 deep", {"factcheck.toml": f"a = {DEEP}".encode()}, [], 2, ["factcheck.toml"]),
    ("a .json article nested 100,000 deep", {"deep.json": DEEP.encode()}, ["deep.json"], 2, ["deep.json", "nested"]),
    ("a .jsonl article nested 100,000 deep", {"deep.jsonl": DEEP.encode()}, ["deep.jsonl"], 2, ["deep.jsonl:1"]),
    (
        "a nested .jsonl line under --skip-bad is skipped",
        {"deep.jsonl": f'{{"id": "a", "text": "{GOOD.strip()}"}}\n{DEEP}\n'.encode()},
        ["deep.jsonl", "--skip-bad"],
        0,
        ["deep.jsonl: skipped 1 of 2 records (line 2"],
    ),
    (
        "a nested .json article under --skip-bad is skipped",
        {"deep.json": DEEP.encode(), "a.txt": GOOD.encode()},
        ["deep.json", "a.txt", "--skip-bad"],
        0,
        ["skipped", "deep.json:1: malformed JSON: nested too deeply"],
    ),
    (
        "front matter nested 100,000 deep",
        {"deep.md": f"---\npublished: {DEEP}\n---\n{GOOD}".encode()},
        ["deep.md"],
        2,
        ["deep.md", "front matter"],
    ),
]


@pytest.mark.parametrize(("what", "files", "args", "code", "words"), CRASHES, ids=[r[0] for r in CRASHES])
def test_input_that_once_crashed_is_one_line_naming_the_file(tmp_path, monkeypatch, what, files, args, code, words):
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    if not args:
        (tmp_path / "a.txt").write_text(GOOD)
        args = ["a.txt"]
    monkeypatch.chdir(tmp_path)
    run = runner.invoke(app, ["extract", *args])
    assert run.exit_code == code, run.output
    assert "internal error" not in run.output and "Traceback" not in run.output, run.output
    lines = [ln for ln in run.output.splitlines() if ln.startswith("factcheck: ")]
    assert len(lines) == 1 and all(w in lines[0] for w in words), run.output


def test_a_baseline_nested_100000_deep_is_exit_2_naming_it(tmp_path):
    from factcheck import baseline

    deep = tmp_path / "known.json"
    deep.write_text(DEEP)
    with pytest.raises(baseline.InputError, match=r"known\.json: cannot read the baseline: nested too deeply"):
        baseline.read(deep)


# -- messages are inert in a CI log -----------------------------------------------------------------------
HOSTILE_NAMES = [
    "e\n::error file=x.md,line=1::PWN",  # a newline, then a workflow command
    "r\r::warning::PWN",  # a carriage return does the same in the runner's reader
    "::notice::PWN",  # a command at the start of the text itself
    "x ##[error]PWN",  # the legacy form, read anywhere in a line
    "\x1b[31mPWN\u2028::error::LS",  # an ANSI escape and a Unicode line separator
]


def _jsonl(*records: tuple[str, str]) -> str:
    return "".join(json.dumps({"id": rid, "text": text}) + "\n" for rid, text in records)


def _folder(root: Path, name: str, files: dict[str, str]) -> Path:
    folder = root / name
    folder.mkdir()
    for rel, text in files.items():
        (folder / rel).write_text(text)
    return folder


def _make(kind: str, root: Path, name: str) -> tuple[list[str], int, Path]:
    """Input that makes factcheck say ``kind`` about ``name``: the arguments, the exit code, the
    working folder."""
    good = root / "good.txt"
    good.write_text(GOOD)
    md = root / f"{name}.md"
    if kind == "no such file":
        return [str(root / name)], 2, root
    if kind == "no match for a pattern":
        return [str(root / f"{name}*.txt")], 2, root
    if kind in ("empty file", "skipped file"):
        (root / f"{name}.txt").write_text("")
        skip = ["--skip-bad"] * (kind == "skipped file")
        return [str(root / f"{name}.txt"), str(good), *skip], 2 if kind == "empty file" else 0, root
    if kind in ("bad record", "skipped records"):
        path = root / f"{name}.jsonl"
        path.write_text(_jsonl(("a", GOOD)) + "{\n")
        return [str(path)] + ["--skip-bad"] * (kind == "skipped records"), 2 if kind == "bad record" else 0, root
    if kind in ("duplicate id", "skipped duplicate id"):
        path = root / "a.jsonl"
        path.write_text(_jsonl((name, GOOD), (name, GOOD.replace("20", "21"))))
        return [str(path)] + ["--skip-bad"] * (kind == "skipped duplicate id"), 2 if kind == "duplicate id" else 0, root
    if kind == "unreadable publication date":
        md.write_text(f"---\npublished: {json.dumps(name)}\n---\n{GOOD}")
        return [str(md)], 2, root
    if kind == "relative publication date":
        md.write_text(f"---\npublished: next week\n---\n{GOOD}")
        return [str(md)], 0, root
    if kind == "bad front matter":
        md.write_text(f"---\ntitle: [{json.dumps(name)}\n---\n{GOOD}")
        return [str(md)], 2, root
    if kind == "files that are not articles":
        return [str(_folder(root, name, {"a.txt": GOOD, "LICENSE": "MIT"}))], 0, root
    if kind == "a folder without articles":
        return [str(_folder(root, name, {"LICENSE": "MIT"}))], 2, root
    if kind == "an evaluation gold file":
        return [str(_folder(root, name, {"a.txt": GOOD, "expected.json": '{"expected": []}'}))], 0, root
    if kind == "a broken link":
        folder = _folder(root, name, {"a.txt": GOOD})
        (folder / "gone.txt").symlink_to(folder / "nowhere.txt")
        return [str(folder)], 0, root
    if kind in ("an unknown setting", "a setting of the wrong type"):
        folder = _folder(root, name, {})
        line = f"{json.dumps(name)} = 1" if kind == "an unknown setting" else f"top_k = {json.dumps(name)}"
        (folder / "factcheck.toml").write_text(line + "\n")
        return [str(good)], 2, folder
    raise AssertionError(kind)


MESSAGE_KINDS = [
    "no such file",
    "no match for a pattern",
    "empty file",
    "skipped file",
    "bad record",
    "skipped records",
    "duplicate id",
    "skipped duplicate id",
    "unreadable publication date",
    "relative publication date",
    "bad front matter",
    "files that are not articles",
    "a folder without articles",
    "an evaluation gold file",
    "a broken link",
    "an unknown setting",
    "a setting of the wrong type",
]


@pytest.mark.parametrize("name", HOSTILE_NAMES, ids=["newline", "carriage-return", "leading", "legacy", "ansi"])
@pytest.mark.parametrize("kind", MESSAGE_KINDS)
def test_every_message_is_inert_in_a_ci_log(tmp_path, monkeypatch, kind, name):
    args, code, cwd = _make(kind, tmp_path, name)
    monkeypatch.chdir(cwd)
    run = runner.invoke(app, ["extract", *args])
    out = run.output
    assert run.exit_code == code and "Traceback" not in out and "internal error" not in out, out
    assert "PWN" in out or "LS" in out, out  # the message names what it is about
    assert not any(ch in out for ch in "\r\x1b\u2028"), out
    assert "##[" not in out, out
    assert not [ln for ln in out.split("\n") if ln.lstrip().startswith("::")], out


def test_help_shows_the_ray_extra_literally():
    """Rich reads "[ray]" as markup and drops it; the install hint must survive."""
    run = runner.invoke(app, ["index", "add", "-h"], env={"COLUMNS": "300"})
    assert "factcheck[ray]" in run.output
