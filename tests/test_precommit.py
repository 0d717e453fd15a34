"""The pre-commit hook, run for real with `pre-commit try-repo` on a scratch repository."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

PRE_COMMIT = shutil.which("pre-commit", path=str(Path(sys.executable).parent)) or shutil.which("pre-commit")
GOOD = (
    "---\nid: {id}\npublished: 2022-11-21\nlang: id\n---\n"
    "Gempa bermagnitudo 5,6 mengguncang Cianjur pada {day} (21/11/2022) siang, kata BMKG.\n"
)


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)


def _try_repo(
    tmp_path: Path, day: str, where: str = "articles/a.md", hook: str = "factcheck", text: str | None = None
) -> subprocess.CompletedProcess:
    repo = tmp_path / "repo"
    (repo / where).parent.mkdir(parents=True, exist_ok=True)
    _git(repo, "init", "-q")
    (repo / where).write_text(text if text is not None else GOOD.format(id="a", day=day))
    _git(repo, "add", where)
    env = dict(
        os.environ,
        PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        PRE_COMMIT_HOME=str(tmp_path / "pre-commit-home"),
    )
    return subprocess.run(
        [PRE_COMMIT, "try-repo", str(ROOT), hook, "--files", where],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.mark.skipif(PRE_COMMIT is None, reason="pre-commit is not installed (it is in the test extras)")
@pytest.mark.skipif(not (ROOT / ".git").exists(), reason="try-repo needs this checkout to be a git repository")
def test_hook_passes_and_fails(tmp_path):
    ok = _try_repo(tmp_path / "ok", "Senin")
    assert ok.returncode == 0, ok.stdout + ok.stderr
    bad = _try_repo(tmp_path / "bad", "Selasa")
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "Selasa (21/11/2022)" in bad.stdout and "Failed" in bad.stdout


@pytest.mark.skipif(PRE_COMMIT is None, reason="pre-commit is not installed (it is in the test extras)")
@pytest.mark.skipif(not (ROOT / ".git").exists(), reason="try-repo needs this checkout to be a git repository")
def test_hook_reads_only_articles_by_default(tmp_path):
    notes = _try_repo(tmp_path / "notes", "Selasa", where="notes/README.md")
    assert notes.returncode == 0, notes.stdout + notes.stderr
    assert "Selasa" not in notes.stdout


QUAKE = ROOT / "tests" / "eval" / "quake-cianjur"


@pytest.mark.skipif(PRE_COMMIT is None, reason="pre-commit is not installed (it is in the test extras)")
@pytest.mark.skipif(not (ROOT / ".git").exists(), reason="try-repo needs this checkout to be a git repository")
def test_hook_checks_an_edit_against_the_index_and_says_when_there_is_none(tmp_path):
    """b.md gives the depth as 11 km; the unchanged a.md and c.md, in the index, say 10 km."""
    edit = (QUAKE / "b.md").read_text()
    alone = _try_repo(tmp_path / "alone", "", where="articles/b.md", hook="factcheck-against", text=edit)
    assert alone.returncode == 0, alone.stdout + alone.stderr
    assert "no corpus index at .factcheck" in alone.stdout and "11 kilometer" not in alone.stdout
    repo = tmp_path / "indexed" / "repo"
    build = subprocess.run(
        [sys.executable, "-m", "factcheck", "index", "add", str(QUAKE / "a.md"), str(QUAKE / "c.md"), "--index",
         str(repo / ".factcheck"), "--quiet"], capture_output=True, text=True, timeout=600,
        env=dict(os.environ, PYTHONPATH=str(ROOT)),
    )  # fmt: skip
    assert build.returncode == 0, build.stderr
    against = _try_repo(tmp_path / "indexed", "", where="articles/b.md", hook="factcheck-against", text=edit)
    assert against.returncode == 1, against.stdout + against.stderr
    assert "11 kilometer" in against.stdout and "no corpus index" not in against.stdout
