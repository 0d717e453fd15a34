"""The GitHub Action treats pull-request file names as data: nothing in a name runs as shell.

The Check step's script is taken from action.yml and run by bash with the environment Actions
would give it, a stand-in ``factcheck`` recording the arguments it receives.
"""

import os
import stat
import subprocess
from pathlib import Path

import pytest
import yaml

from conftest import ROOT
from factcheck import shards

ACTION = yaml.safe_load((ROOT / "action.yml").read_text())
STEPS = ACTION["runs"]["steps"]

FAKE = """#!/usr/bin/env bash
printf '%s\\0' "$@" > "$FC_ARGS_OUT"
prev=""
for a in "$@"; do
  if [ "$prev" = "--output" ]; then echo "# factcheck report" > "$a"; fi
  prev="$a"
done
exit 1
"""

HOSTILE = [
    "articles/x$(touch PWNED).md",
    "articles/a b.md",
    "articles/`touch PWNED2`.md",
    "articles/;touch PWNED3;.md",
    "articles/$HOME.md",
    "-rf.md",
]


def _check_step() -> dict:
    return next(s for s in STEPS if s.get("name") == "Check")


@pytest.mark.parametrize("step", [s for s in STEPS if "run" in s], ids=lambda s: s.get("name", "?"))
def test_no_input_is_pasted_into_a_script(step):
    assert "${{" not in step["run"], "inputs must reach scripts through env:, quoted"


def _run(tmp_path: Path, env: dict[str, str]) -> tuple[subprocess.CompletedProcess, list[str]]:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    fake = bin_dir / "factcheck"
    fake.write_text(FAKE)
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    args_out = tmp_path / "args"
    summary = tmp_path / "summary.md"
    full = {
        "PATH": f"{bin_dir}:{os.environ['PATH']}",
        "HOME": str(tmp_path),
        "FC_ARGS_OUT": str(args_out),
        "GITHUB_STEP_SUMMARY": str(summary),
        "FC_PATHS": "",
        "FC_PATHS_FILE": "",
        "FC_INDEX": ".factcheck",
        "FC_FAIL_ON": "high",
        "FC_SARIF": "factcheck.sarif",
        **env,
    }
    run = subprocess.run(["bash", "-c", _check_step()["run"]], cwd=tmp_path, env=full, capture_output=True, text=True)
    args = args_out.read_text().split("\0")[:-1] if args_out.exists() else []
    return run, args


def _files(args: list[str]) -> list[str]:
    return args[args.index("--") + 1 :]


def test_hostile_names_from_a_nul_separated_file_stay_names(tmp_path):
    names = [*HOSTILE, "articles/new\nline.md"]
    listing = tmp_path / "changed"
    listing.write_bytes(b"".join(n.encode() + b"\0" for n in names))
    run, args = _run(tmp_path, {"FC_PATHS_FILE": str(listing)})
    assert run.returncode == 1, run.stderr  # the check's own exit code: findings fail the step
    assert _files(args) == names
    assert not list(tmp_path.glob("PWNED*"))
    assert (tmp_path / "summary.md").read_text().startswith("# factcheck report")


def test_hostile_names_one_per_line_stay_names(tmp_path):
    run, args = _run(tmp_path, {"FC_PATHS": "\n".join(HOSTILE) + "\n"})
    assert run.returncode == 1, run.stderr
    assert _files(args) == HOSTILE
    assert not list(tmp_path.glob("PWNED*"))


def test_one_run_writes_sarif_and_summary_and_annotations(tmp_path):
    _run_result, args = _run(tmp_path, {"FC_PATHS": "articles/*.md", "FC_SARIF": "out dir/r.sarif"})
    assert args.count("--output") == 2 and "out dir/r.sarif" in args
    assert args[args.index("--format") + 1] == "github"
    assert _files(args) == ["articles/*.md"]  # the glob reaches factcheck unexpanded


# (index directory, files in it relative to it, whether the check runs against it)
INDEX_LAYOUTS = [
    pytest.param(".factcheck", [], False, id="no-index"),
    pytest.param(".factcheck", ["notes.txt"], False, id="a-directory-that-is-no-index"),
    pytest.param(".factcheck", ["index.sqlite", "index.faiss"], True, id="single-process"),
    pytest.param(
        ".factcheck",
        [shards.MARKER, "shards/0123abcd/index.sqlite", "shards/0123abcd/manifest.json"],
        True,
        id="sharded-by-ray",
    ),
    pytest.param("corpus index", [shards.MARKER], True, id="sharded-in-a-directory-with-a-space"),
]


@pytest.mark.parametrize(("index", "layout", "against"), INDEX_LAYOUTS)
def test_the_index_is_used_in_either_layout(tmp_path, index, layout, against):
    for name in layout:
        (tmp_path / index / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / index / name).write_text("")
    _run_result, args = _run(tmp_path, {"FC_PATHS": "a.md", "FC_INDEX": index})
    assert ("--against" in args) == against, args
    if against:
        assert args[args.index("--against") + 1] == index
    assert _files(args) == ["a.md"]


def test_nothing_to_check_is_a_pass(tmp_path):
    run, args = _run(tmp_path, {})
    assert run.returncode == 0 and args == []


def test_the_cache_key_and_torch_index_work_outside_the_workspace():
    text = (ROOT / "action.yml").read_text()
    assert "hashFiles" not in text  # hashFiles sees only the workspace: the key would never change
    assert "$GITHUB_ACTION_PATH/pyproject.toml" in next(s["run"] for s in STEPS if s.get("id") == "key")
    assert ACTION["inputs"]["torch-index-url"]["default"] == "https://download.pytorch.org/whl/cpu"
