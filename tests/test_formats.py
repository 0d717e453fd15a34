"""Formats other programs read (SARIF, GitHub annotations) and the HTML page in a real browser."""

import json
import re
import shutil
import urllib.parse
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft4Validator
from typer.testing import CliRunner

from conftest import ROOT, browser, chromium
from factcheck.cli import app
from factcheck.types import Article, Claim, DateValue, Discrepancy, Document, Mention, NounAt, Report, Sentence

runner = CliRunner()
QUAKE = sorted(str(p) for p in (ROOT / "tests" / "eval" / "quake-cianjur").glob("*.md"))
ARTIFACTS = ROOT / "tests" / "artifacts"


def _render(fmt: str, paths: list[str], tmp_path: Path) -> str:
    out = tmp_path / f"report.{fmt}"
    result = runner.invoke(app, ["check", *paths, "--format", fmt, "--output", str(out), "--quiet"])
    assert result.exit_code == 1, result.output
    return out.read_text()


def test_sarif_validates_against_the_official_schema(tmp_path):
    schema = json.loads((ROOT / "tests" / "schemas" / "sarif-2.1.0-rtm.5.json").read_text())
    sarif = json.loads(_render("sarif", QUAKE, tmp_path))
    Draft4Validator(schema).validate(sarif)
    results = sarif["runs"][0]["results"]
    report = json.loads(_render("json", QUAKE, tmp_path))
    assert len(results) == len(report["discrepancies"])  # one per finding, the other sources related
    for result, d in zip(results, report["discrepancies"], strict=True):
        assert result["partialFingerprints"]["factcheck/v3"] == d["fingerprint"]
        assert len(result["relatedLocations"]) == len(d["claims"]) - 1
    assert len({d["fingerprint"] for d in report["discrepancies"]}) == len(results)
    for rule in sarif["runs"][0]["tool"]["driver"]["rules"]:
        assert rule["fullDescription"]["text"] and rule["help"]["text"] and rule["helpUri"].startswith("https://")
    rules = {r["id"] for r in sarif["runs"][0]["tool"]["driver"]["rules"]}
    assert {r["ruleId"] for r in results} <= rules
    weekday = next(r for r in results if r["ruleId"] == "FC003")
    region = weekday["locations"][0]["physicalLocation"]["region"]
    assert weekday["level"] == "error" and region["snippet"]["text"] == "Selasa (21/11/2022)"
    assert weekday["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].endswith("quake-cianjur/c.md")


def test_github_annotations(tmp_path):
    lines = _render("github", QUAKE, tmp_path).splitlines()
    annotations = [ln for ln in lines if ln.startswith("::")]
    assert any(ln.startswith("::error file=") and "line=8,col=116" in ln and "weekday" in ln for ln in annotations)
    assert any(ln.startswith("::warning file=") and "11 kilometer" in ln for ln in annotations)
    for ln in annotations:
        _props, message = ln[2:].split("::", 1)
        assert "\n" not in message and message


def test_fail_on_threshold(tmp_path):
    # Only a low-severity update and medium numbers in this pair: --fail-on high passes.
    paths = [QUAKE[0], QUAKE[1]]
    assert runner.invoke(app, ["check", *paths, "--fail-on", "high", "-q"]).exit_code == 0
    assert runner.invoke(app, ["check", *paths, "--fail-on", "medium", "-q"]).exit_code == 1


@pytest.mark.skipif(chromium() is None, reason="no Chromium installed (make test installs Debian's chromium)")
def test_html_report_in_headless_chromium(tmp_path):
    import numpy as np
    from PIL import Image

    page = tmp_path / "report.html"
    page.write_text(_render("html", QUAKE, tmp_path))
    assert "http://" not in page.read_text() and "https://" not in page.read_text()  # no network assets
    binary = chromium()
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "quake-report.png"
    browser(binary, tmp_path / "p1", "--window-size=1200,1400", f"--screenshot={shot}", page.as_uri())
    px = np.asarray(Image.open(shot).convert("RGB")).astype(int)
    highlight = int(((abs(px[..., 0] - 255) < 8) & (abs(px[..., 1] - 224) < 12) & (px[..., 2] < 130)).sum())
    assert highlight > 200, "the highlighted mentions are not visible"
    dom = browser(binary, tmp_path / "p2", "--dump-dom", page.as_uri() + "?kind=weekday").stdout
    sections = [s for s in dom.split("<section ")[1:]]
    shown = [s for s in sections if 'style="display: none;"' not in s.split(">", 1)[0]]
    # weekday, the depth (one finding: b against the a-and-c majority) and the rising toll
    assert len(sections) == 3 and len(shown) == 1 and 'data-kind="weekday"' in shown[0]
    assert '<b id="shown">1</b>' in dom


HOSTILE = "c\n::error file=x::pwned \x1b[31mred <img src=x onerror=alert(1)><script src=x> | col"


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """The quake cluster with the weekday article renamed by an attacker: its id and path carry a
    newline into a workflow command, an ANSI escape, raw HTML, a table-breaking pipe and (in the
    id) a lone surrogate, which once made the write itself fail."""
    folder = tmp_path_factory.mktemp("hostile")
    for p in QUAKE:
        if Path(p).name == "c.md":  # the hostile text as the file name and as the id it declares
            text = Path(p).read_text().replace("id: quake-c", "id: " + json.dumps(HOSTILE + "\udcff"))
            (folder / f"{HOSTILE}.md").write_text(text)
        else:
            shutil.copy(p, folder / Path(p).name)
    out = {}
    for fmt in ("table", "github", "markdown", "sarif", "html"):
        target = folder.parent / f"{folder.name}.{fmt}"
        run = runner.invoke(app, ["check", str(folder), "--format", fmt, "-o", str(target), "-q"])
        assert run.exit_code == 1, run.output
        out[fmt] = target.read_text()
    return out


@pytest.mark.parametrize("fmt", ["table", "github"])
def test_article_text_cannot_command_the_terminal_or_the_ci_log(hostile, fmt):
    text = hostile[fmt]
    assert "pwned" in text  # the id is shown, made inert
    assert "\x1b" not in text
    commands = [ln for ln in text.splitlines() if ln.startswith("::")]
    assert all(ln.startswith(("::error file=", "::warning file=")) for ln in commands)
    assert not any(ln.lstrip().startswith("::error file=x") for ln in text.splitlines())
    if fmt == "github":
        # The hostile path is one property, its colons escaped, not a second command.
        assert any("c\\n%3A%3Aerror file=x%3A%3Apwned" in ln.split("::")[1] for ln in commands), commands


def test_markdown_carries_no_raw_html_and_keeps_its_table(hostile):
    text = hostile["markdown"]
    assert "<img" not in text and "<script" not in text and "\x1b" not in text
    rows = [ln for ln in text.splitlines() if ln.startswith("| ")]
    assert rows and all(ln.replace("\\|", "").count("|") == 6 for ln in rows), rows


def test_sarif_uris_are_percent_encoded_against_a_base(hostile):
    sarif = json.loads(hostile["sarif"])
    for result in sarif["runs"][0]["results"]:
        loc = result["locations"][0]["physicalLocation"]["artifactLocation"]
        assert not any(ch in loc["uri"] for ch in " \n\x1b<>|"), loc
        assert loc["uri"].startswith("file:///") or loc.get("uriBaseId") == "%SRCROOT%"


def test_html_escapes_and_names_the_language(hostile):
    text = hostile["html"]
    assert "<img src=x" not in text and "<script src=x" not in text
    assert '<html lang="id">' in text


def test_html_names_each_claims_article_and_filters_ids_with_spaces(tmp_path):
    folder = tmp_path / "quake"
    folder.mkdir()
    urls = {"a.md": "https://www.kompas.com/read/a", "b.md": "javascript:alert(1)", "c.md": None}
    for p in QUAKE:
        text = Path(p).read_text()
        if Path(p).name == "c.md":
            text = text.replace("id: quake-c", "id: quake c")  # an id with a space
        if urls[Path(p).name]:
            text = text.replace("lang: id", f"lang: id\nurl: {urls[Path(p).name]}")
        (folder / Path(p).name).write_text(text)
    page = tmp_path / "r.html"
    run = runner.invoke(app, ["check", str(folder), "-o", str(page), "-q"])
    assert run.exit_code == 1, run.output
    html = page.read_text()
    assert '<a href="https://www.kompas.com/read/a"' in html and "kompas.com · 2022-11-" in html
    assert 'href="javascript:' not in html  # an article's url is its author's text
    assert "factcheck 0." in html and "<td>min_pair_z</td>" in html  # version and settings
    binary = chromium()
    if binary is None:
        pytest.skip("the page's checks passed; its article filter needs Chromium (make test installs Debian's)")
    dom = browser(binary, tmp_path / "p", "--dump-dom", page.as_uri() + "?article=quake%20c").stdout
    shown = [s for s in dom.split("<section ")[1:] if 'style="display: none;"' not in s.split(">", 1)[0]]
    assert shown and all("quake c" in s for s in shown)
    assert len(shown) < len(dom.split("<section ")[1:])


# -- every format, a hostile string in every field ------------------------------------------------------
PIECES = [
    "<img src=x onerror=alert(1)>",
    "<script>alert(1)</script>",
    "[click](javascript:alert(1))",
    "![](https://tracker.example/p.png)",
    "<https://evil.example>",
    "https://evil.example/x",
    "www.evil.example",
    "\n::error file=x.md,line=1::X",
    "\r::warning::W",
    "::add-mask::secret",
    "##[error]legacy",
    "\x1b[31m",
    "\x9b31m",
    "\u2028",
    "\udcff",
    "|",
    "`",
    "\\",
    "&#60;b&#62;",
    "**",
    "id<img src=x onerror=alert(1)>|x",
]
hostile_text = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=4)), min_size=1, max_size=6).map("".join)


def _hostile_report(h: str, url: str) -> tuple[Report, list[Document]]:
    """Two articles and one finding whose every field from an article is ``h``."""
    mention = f"{h}12"
    sentence = f"{h} rose to {mention} {h}"
    docs, claims = [], []
    for n, aid in enumerate([h, h + "2"]):
        art = Article(id=aid, source=f"{h}/{n}.md", text=sentence, language=h, title=h, url=url or h)
        art.published_from, art.record = h, True
        at = sentence.index(mention)
        # A weekday is read from a fixed table, the rest as written; the counted noun from the words after it.
        noun_at = (NounAt(at + len(mention), len(sentence)),)
        m = Mention("number", mention, at, at + len(mention), h, DateValue(h), unit=h, noun_at=noun_at, qualifier=h)
        docs.append(Document(art, (Sentence(aid, 0, 0, len(sentence), sentence, (m,)),)))
        claims.append(Claim(aid, sentence, mention, h, h, 1, m.start + 1, m.start, m.end))
    finding = Discrepancy("number", "high", 0.9, 0.8, f"{h} says {mention}, {h}2 says {mention}", claims, id="D1",
                          pairs=[(0, 1)], majority=h, outliers=[h], reason=h)  # fmt: skip
    report = Report(docs, [finding], 1, articles={d.article.id: d.article for d in docs}, settings={"model": h})
    return report, docs


def _unescaped(text: str, chars: str) -> bool:
    """Whether one of ``chars`` appears without a backslash escaping it."""
    i = 0
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        if text[i] in chars:
            return True
        i += 1
    return False


ANNOTATION = re.compile(r"::(error|warning) file=[^:,\n]*,line=\d+,col=\d+,title=[^:,\n]*::")


def _log_safe(text: str) -> None:
    """Printed to a GitHub Actions log, no line is a workflow command but our annotations."""
    assert "\r" not in text and "##[" not in text
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]", text)
    for line in text.split("\n"):
        if line.lstrip().startswith("::"):
            assert ANNOTATION.match(line), line


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(hostile_text, st.sampled_from(["", "https://ok.example/a", "http://[x", "javascript:alert(1)"]))
def test_no_format_lets_an_article_field_act(h, url):
    import lxml.html
    from markdown_it import MarkdownIt

    from factcheck import report as render

    report, docs = _hostile_report(h, url)
    out = {fmt: fn(report) for fmt, fn in render.RENDERERS.items()}
    out["extract-table"], out["extract-json"] = render.extract_table(docs), render.extract_json(docs)
    out = {k: v.encode("utf-8", "backslashreplace").decode("utf-8") for k, v in out.items()}  # as cli._write
    for text in out.values():
        _log_safe(text)

    # JSON carries the text exactly; SARIF messages hold no embedded link.
    data = json.loads(out["json"])
    assert [a["id"] for a in data["articles"]] == [d.article.id for d in docs] or "\udcff" in h
    assert json.loads(out["extract-json"])["articles"][0]["sentences"][0]["text"] == docs[0].sentences[0].text or (
        "\udcff" in h
    )
    result = json.loads(out["sarif"])["runs"][0]["results"][0]
    for message in [result["message"]["text"], *(r["message"]["text"] for r in result["relatedLocations"])]:
        assert not _unescaped(message, "[]"), message

    # Markdown, rendered: only the report's own elements, no attribute, no link, image or HTML.
    md = out["markdown"]
    assert not re.search(r"(?i)[a-z]://|www\.", md), md  # GitHub would autolink a bare URL
    page = lxml.html.fromstring(f"<div>{MarkdownIt('commonmark').enable('table').render(md)}</div>")
    allowed = {"div", "h1", "h2", "p", "table", "thead", "tbody", "tr", "th", "td", "ul", "li", "strong", "em"}
    assert {el.tag for el in page.iter() if isinstance(el.tag, str)} <= allowed, md
    assert not any(el.attrib for el in page.iter() if isinstance(el.tag, str)), md
    assert all(len(tr) == 5 for tr in page.iter("tr")), md  # no cell broke out of the articles table

    # HTML: only the template's elements, one script (ours), no handler, links only to http(s).
    tree = lxml.html.fromstring(out["html"])
    template = {"html", "head", "meta", "title", "style", "body", "header", "h1", "p", "main", "div", "b", "label",
                "select", "option", "span", "section", "h2", "mark", "a", "table", "tr", "th", "td", "details",
                "summary", "script", "figure", "figcaption",  # and the pictures (factcheck/picture.py):
                "svg", "line", "rect", "text", "tspan", "circle", "path", "polyline", "defs", "marker"}  # fmt: skip
    assert {el.tag for el in tree.iter() if isinstance(el.tag, str)} <= template
    assert len(tree.findall(".//script")) == 1 and len(tree.findall(".//section")) == 1
    assert not any(k.lower().startswith("on") for el in tree.iter() if isinstance(el.tag, str) for k in el.attrib)
    assert all(urllib.parse.urlsplit(a.get("href")).scheme in ("http", "https") for a in tree.iter("a"))
