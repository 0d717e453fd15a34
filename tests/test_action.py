"""The GitHub Action treats pull-request file names as data: nothing in a name runs as shell.

The Check step's script is taken from action.yml and run by bash with the environment Actions
would give it, a stand-in ``factcheck`` recording the arguments it receives.
"""

import os
import shutil
import stat
import subprocess
import sys
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


def _run(
    tmp_path: Path, env: dict[str, str], script: str | None = None
) -> tuple[subprocess.CompletedProcess, list[str]]:
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
    script = script or _check_step()["run"]
    run = subprocess.run(["bash", "-c", script], cwd=tmp_path, env=full, capture_output=True, text=True)
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


# -- the Action's index mode ------------------------------------------------------------------------------------
def _run_step(tmp_path: Path, name: str, env: dict[str, str]) -> tuple[subprocess.CompletedProcess, list[str]]:
    step = next(s for s in STEPS if s.get("name") == name)
    return _run(tmp_path, env, script=step["run"])


@pytest.mark.parametrize(
    ("layout", "ray"), [([], False), (["index.sqlite"], False), ([shards.MARKER], True)], ids=["new", "single", "ray"]
)
def test_index_mode_adds_the_articles_in_either_layout(tmp_path, layout, ray):
    for name in layout:
        (tmp_path / ".factcheck").mkdir(exist_ok=True)
        (tmp_path / ".factcheck" / name).write_text("")
    listing = tmp_path / "changed"
    listing.write_bytes(b"".join(n.encode() + b"\0" for n in HOSTILE))
    run, args = _run_step(tmp_path, "Index", {"FC_PATHS_FILE": str(listing)})
    assert run.returncode == 1, run.stderr  # the fake factcheck fails: so must the step (pipefail)
    assert args[:2] == ["index", "add"] and ("--ray" in args) == ray
    assert args[args.index("--index") + 1] == ".factcheck" and _files(args) == HOSTILE
    assert not list(tmp_path.glob("PWNED*"))
    assert (tmp_path / "summary.md").read_text().startswith("## factcheck index")


def test_the_modes_are_exclusive_and_pip_is_cached():
    by_name = {s.get("name"): s for s in STEPS}
    assert by_name["Index"]["if"] == "inputs.mode == 'index'" and by_name["Check"]["if"] == "inputs.mode != 'index'"
    assert ACTION["inputs"]["mode"]["default"] == "check"
    pip = next(s for s in STEPS if s.get("uses", "").startswith("actions/cache") and "pip" in s["with"]["path"])
    assert "steps.key.outputs.key" in pip["with"]["key"]


# -- actionlint on action.yml and the example workflow ---------------------------------------------------------------
ACTIONLINT = shutil.which("actionlint", path=str(Path(sys.executable).parent)) or shutil.which("actionlint")
EXAMPLE = ROOT / "docs" / "ci" / "factcheck.yml"


def _as_workflow(action: dict) -> dict:
    """action.yml's steps as a reusable workflow's job, its inputs as workflow_call inputs: actionlint lints a
    workflow, not an action's metadata, and this way checks every step, expression and `inputs.` reference."""
    inputs = {
        k: {"type": "string", "required": False, "default": v.get("default", "")} for k, v in action["inputs"].items()
    }
    job = {"runs-on": "ubuntu-latest", "steps": action["runs"]["steps"]}
    return {"on": {"workflow_call": {"inputs": inputs}}, "jobs": {"action": job}}


def _lint(tmp_path: Path, example: str, action: str) -> subprocess.CompletedProcess:
    """The example workflow with `uses: ./` for the action (so actionlint checks its inputs against
    action.yml), and action.yml as a workflow, in a scratch repository."""
    repo = tmp_path / "repo"
    (repo / ".github" / "workflows").mkdir(parents=True)
    subprocess.run(["git", "init", "-q"], cwd=repo, check=True)
    (repo / "action.yml").write_text(action)
    (repo / ".github" / "workflows" / "factcheck.yml").write_text(example.replace("your-org/factcheck@main", "./"))
    (repo / ".github" / "workflows" / "action.yml").write_text(yaml.safe_dump(_as_workflow(yaml.safe_load(action))))
    return subprocess.run([ACTIONLINT, "-no-color"], cwd=repo, capture_output=True, text=True, timeout=120)


GOOD_EXAMPLE, GOOD_ACTION = EXAMPLE.read_text(), (ROOT / "action.yml").read_text()
# (file, text to break, broken text, what actionlint must say)
BROKEN = [
    pytest.param("example", "mode: index", "mdoe: index", 'input "mdoe" is not defined', id="unknown-action-input"),
    pytest.param("example", "restore-keys:", "restore-key:", 'input "restore-key" is not defined', id="cache-input"),
    pytest.param("example", "${{ runner.temp }}/articles", "${{ runner.tmp }}/articles", "tmp", id="bad-context"),
    pytest.param("example", "runs-on: ubuntu-latest", "runs-on: ubuntu-lastest", "ubuntu-lastest", id="runner"),
    pytest.param("action", "if: inputs.mode == 'index'", "if: inputs.mdoe == 'index'", "mdoe", id="action-input-ref"),
    pytest.param("action", "${{ steps.key.outputs.key }}", "${{ steps.kee.outputs.key }}", "kee", id="action-step"),
]


@pytest.mark.skipif(ACTIONLINT is None, reason="actionlint is not installed (it is in the test extras)")
def test_actionlint_passes_on_the_action_and_the_example(tmp_path):
    run = _lint(tmp_path, GOOD_EXAMPLE, GOOD_ACTION)
    assert run.returncode == 0, run.stdout + run.stderr


@pytest.mark.skipif(ACTIONLINT is None, reason="actionlint is not installed (it is in the test extras)")
@pytest.mark.parametrize(("which", "good", "bad", "said"), BROKEN)
def test_actionlint_fails_on_a_broken_row(tmp_path, which, good, bad, said):
    example, action = GOOD_EXAMPLE, GOOD_ACTION
    if which == "example":
        assert good in example
        example = example.replace(good, bad, 1)
    else:
        assert good in action
        action = action.replace(good, bad, 1)
    run = _lint(tmp_path, example, action)
    assert run.returncode == 1 and said in run.stdout, run.stdout + run.stderr


def test_the_example_refreshes_on_main_and_checks_added_and_changed_articles():
    flow = yaml.safe_load(GOOD_EXAMPLE)
    index, check = flow["jobs"]["index"]["steps"], flow["jobs"]["check"]["steps"]
    save = next(s for s in index if s.get("uses", "").startswith("actions/cache/save"))
    assert "github.run_id" in save["with"]["key"]  # unique per run: a cache key is never overwritten
    for steps in (index, check):
        restore = next(s for s in steps if s.get("uses", "").startswith("actions/cache/restore"))
        assert save["with"]["key"].startswith(restore["with"]["restore-keys"])  # the newest by prefix
        assert restore["with"]["path"] == save["with"]["path"] == ".factcheck"
    listing = next(s for s in check if "git diff" in s.get("run", ""))["run"]
    assert "--diff-filter=AM" in listing and "-z" in listing
    assert next(s for s in index if s.get("uses", "").endswith("factcheck@main"))["with"]["mode"] == "index"
