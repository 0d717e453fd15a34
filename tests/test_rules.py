"""Rules like a linter: an id in every format, chosen by flags, settings and front matter.

One row per case. The quake cluster has three findings: a weekday (quake-c), the depth (quake-b
against the 10 km of quake-a and quake-c) and a rising toll (quake-a against quake-b, no majority).
"""

import json
import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import ROOT
from factcheck.cli import app

runner = CliRunner()
QUAKE = ROOT / "tests" / "eval" / "quake-cianjur"

# (format, a pattern its report must hold: the weekday finding's rule id where that format shows it)
FORMATS = [
    ("table", r"c\.md:8:116: FC003 \[high\] D1 "),  # -q: one line per finding
    ("markdown", r"## D1 · FC003 weekday · high"),
    ("json", r'"rule": "FC003",\s+"fingerprint": "\w+",\s+"kind": "weekday"'),
    ("html", r'<span class="tag">FC003 weekday</span>'),
    ("sarif", r'"ruleId": "FC003",\s+"level": "error"'),
    ("github", r"::error file=[^,]*c\.md,line=8,col=116,title=factcheck FC003 weekday \(high\)::"),
    ("sarif", r'"id": "FC004",\s+"name": "name-spelling"'),  # reserved for the name-spelling finding
    ("json", r'"rule": "FC002",\s+"fingerprint": "\w+",\s+"kind": "number"'),
]


@pytest.fixture(scope="module")
def quake(tmp_path_factory):
    folder = tmp_path_factory.mktemp("quake")
    for p in QUAKE.glob("*.md"):
        shutil.copy(p, folder / p.name)
    return folder


@pytest.mark.parametrize(("fmt", "pattern"), FORMATS, ids=[f"{f}-{i}" for i, (f, _) in enumerate(FORMATS)])
def test_every_format_names_the_rule(quake, tmp_path, fmt, pattern):
    run = runner.invoke(app, ["check", str(quake), "-f", fmt, "-q"])
    assert run.exit_code == 1, run.output
    assert re.search(pattern, run.output), run.output[:2000]


# (case, arguments after `check`, factcheck.toml, front matter added to one article, exit code,
#  then either the sorted kinds reported or words the output must contain)
FLAGS = [
    ("-h is --help", ["-h"], None, None, 0, ["Usage", "--select", "--show-settings"]),
    ("select one rule", ["--select", "FC003"], None, None, 1, ["weekday"]),
    ("select by prefix", ["--select", "fc00", "--ignore", "FC003"], None, None, 1, ["number", "number"]),
    ("ignore, comma-separated", ["--ignore", "FC002,FC004"], None, None, 1, ["weekday"]),
    ("ignore, repeated", ["--ignore", "FC002", "--ignore", "FC003"], None, None, 0, []),
    ("ignore in factcheck.toml", [], 'ignore = ["FC003"]\n', None, 1, ["number", "number"]),
    ("the flag beats the file", ["--select", "FC003"], 'select = ["FC002"]\n', None, 1, ["weekday"]),
    ("an unknown rule flag", ["--select", "FC9"], None, None, 2, ["--select", "unknown rule 'FC9'", "FC003 weekday"]),
    ("an unknown rule in the file", [], 'ignore = ["FC02"]\n', None, 2, ["factcheck.toml: ignore", "FC002?"]),
    # quake-b is the depth's outlier and a side of the toll's dispute: both are reported on it.
    ("front matter hides the outlier's", [], None, ("b.md", "factcheck: {ignore: [FC002]}"), 1, ["weekday"]),
    # quake-a is in the depth's majority: only the toll, where it is in dispute, is hidden.
    ("front matter of a majority", [], None, ("a.md", "factcheck: {ignore: [FC002]}"), 1, ["number", "weekday"]),
    ("front matter, unknown rule", [], None, ("a.md", "factcheck: {ignore: [FC7]}"), 2, ["a.md", "FC7"]),
    ("an unknown -o extension", ["-o", "out.xyz"], None, None, 2, ["out.xyz", ".xyz", ".sarif", "--format"]),
    ("no articles", ["NOPATHS"], None, None, 2, ["no articles given"]),
    (
        "show the settings and their origin",
        ["--show-settings", "--select", "FC001"],
        "top_k = 5\n",
        None,
        0,
        ['select = ["FC001"]', "# --select", "top_k = 5", "factcheck.toml", "dense_weight = 0.7", "# default"],
    ),
]


@pytest.mark.parametrize(("case", "args", "toml", "front", "code", "expect"), FLAGS, ids=[r[0] for r in FLAGS])
def test_flags_and_settings(tmp_path, monkeypatch, case, args, toml, front, code, expect):
    folder = tmp_path / "quake"
    shutil.copytree(QUAKE, folder)
    (folder / "expected.json").unlink()
    if front:
        name, line = front
        text = (folder / name).read_text()
        (folder / name).write_text(text.replace("---\n", f"---\n{line}\n", 1))
    if toml:
        (tmp_path / "factcheck.toml").write_text(toml)
    monkeypatch.chdir(tmp_path)
    paths = [] if args[:1] in (["-h"], ["NOPATHS"]) or "--show-settings" in args else [str(folder)]
    args = [a for a in args if a != "NOPATHS"]
    as_kinds = all(e in ("date", "number", "weekday", "name") for e in expect) and code in (0, 1)
    run = runner.invoke(app, ["check", *paths, *args, *(["-f", "json", "-q"] if as_kinds else [])])
    assert run.exit_code == code, run.output
    if as_kinds:
        assert sorted(d["kind"] for d in json.loads(run.output)["discrepancies"]) == expect
    else:
        assert all(e in run.output for e in expect), run.output
        if code == 2:
            assert run.output.count("\n") == 1 and not Path("out.xyz").exists()  # one line, nothing written
