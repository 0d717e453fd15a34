"""Renderers: one Report, many readers (terminal, markdown, JSON).

The JSON shapes are contracts (``factcheck.report/v2``, ``factcheck.extract/v1``),
pinned by tests; everything else is for people.
"""

from __future__ import annotations

import hashlib
import html
import json
import math
import re
import urllib.parse
from collections.abc import Callable

from tabulate import tabulate

from factcheck import picture
from factcheck._exceptions import inert
from factcheck.types import Claim, Discrepancy, Document, Mention, Report

SEVERITY_ORDER = {"high": 3, "medium": 2, "low": 1, "none": 0}


def short(text: str, width: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _json_value(v: object) -> object:
    if isinstance(v, float):
        if math.isinf(v) or math.isnan(v):
            return None
        return int(v) if v.is_integer() and abs(v) < 1e15 else round(v, 6)
    return v


def _claim_json(c: Claim) -> dict[str, object]:
    return {
        "article": c.article,
        "sentence": c.sentence,
        "mention": c.mention,
        "value": _json_value(c.value),
        "unit": c.unit,
        "line": c.line,
        "column": c.column,
        "char_start": c.char_start,
        "char_end": c.char_end,
    }


# Characters json.dumps leaves raw with ensure_ascii=False that a terminal may act on (C1 controls
# such as CSI) or a reader may take for a line break.
_JSON_RAW = re.compile(r"[\x7f-\x9f\u2028\u2029]")


def _dumps(obj: object) -> str:
    """JSON for a file or for stdout, which in CI is a log. These characters can only sit inside
    strings, so each is written as a JSON escape that decodes to the same text: the ``[`` of a
    legacy workflow command (``##[``), C1 controls and Unicode line separators. JSON strings never
    hold a raw newline, so no line can start with ``::``."""
    text = json.dumps(obj, ensure_ascii=False, indent=2).replace("##[", "##\\u005b")
    return _JSON_RAW.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def to_json(report: Report) -> str:
    articles = []
    for doc in report.documents:
        a = doc.article
        articles.append(
            {
                "id": a.id,
                "source": a.source,
                "title": a.title,
                "published": a.published.isoformat() if a.published else None,
                "published_from": a.published_from,
                "language": a.language,
                "sentences": len(doc.sentences),
                "mentions": sum(len(s.mentions) for s in doc.sentences),
            }
        )
    out = {
        "schema": "factcheck.report/v2",
        "articles": articles,
        "discrepancies": [
            {
                "id": d.id,
                "fingerprint": fingerprint(d),
                "kind": d.kind,
                "severity": d.severity,
                "confidence": round(d.confidence, 3),
                "similarity": None if d.similarity is None else round(d.similarity, 3),
                "message": d.message,
                "majority": d.majority,
                "outliers": d.outliers,
                "update": d.update,
                "reason": d.reason,
                "copies": d.copies,
                "claims": [_claim_json(c) for c in d.claims],
                "pairs": [list(p) for p in d.pairs],
            }
            for d in report.discrepancies
        ],
        "stats": {
            "articles": len(report.documents),
            "sentences": sum(len(d.sentences) for d in report.documents),
            "claims": sum(1 for d in report.documents for s in d.sentences if s.is_claim),
            "pairs_compared": report.pairs_compared,
            "seconds": round(report.seconds, 3),
        },
    }
    return _dumps(out)


# Article text bound for a terminal or a CI log: the one escape every message uses (see inert).
plain = inert

# GitHub's markdown turns a bare URL into a link; an entity for its ':' or '.' reads the same and
# links nothing.
_AUTOLINK = re.compile(r"(?i)(?<=[a-z])://|(?<=www)\.")


def _md(text: str) -> str:
    """Article text inside markdown, shown as the text it is: no raw HTML (``<img onerror>``), no
    link or image (``[x](javascript:…)``, ``![](http://tracker)``, a bare URL), no table-breaking
    ``|``, no code span. Backslashes are doubled first, so one in the text cannot escape ours."""
    text = html.escape(plain(text), quote=False).replace("\\", "\\\\")
    for ch in "|[]":
        text = text.replace(ch, "\\" + ch)
    text = text.replace("`", "&#96;")
    return _AUTOLINK.sub(lambda m: "&#58;//" if m.group().startswith(":") else "&#46;", text)


def count(n: int, word: str) -> str:
    """ "1 discrepancy", "2 discrepancies": never "1 discrepancies"."""
    plural = {"discrepancy": "discrepancies"}.get(word, word + "s")
    return f"{n} {word if n == 1 else plural}"


def to_table(report: Report) -> str:
    if not report.discrepancies:
        return f"No discrepancies in {count(len(report.documents), 'article')}."
    rows = []
    for d in report.discrepancies:
        # The first claim is an outlier when there is a majority; the column after it is the rest.
        first = d.claims[0]
        others = [c for c in d.claims[1:] if c.article != first.article or c.char_start != first.char_start]
        rows.append(
            [
                plain(d.id),
                d.kind,
                d.severity,
                plain(f"{first.article}:{first.line}"),
                plain(short(first.mention, 28)),
                plain(short(", ".join(sorted({f"{c.article}:{c.line}" for c in others})), 40)),
                plain(short(d.majority or (others[0].mention if others else ""), 28)),
                "" if d.similarity is None else f"{d.similarity:.2f}",
            ]
        )
    table = tabulate(
        rows,
        headers=["id", "kind", "severity", "article:line", "mention", "vs article:line", "majority / other", "sim"],
        tablefmt="simple",
    )
    notes = "\n".join(
        plain(f"{d.id}: {d.message}") + (f"\n    same fact: {plain(d.reason)}" if d.reason else "")
        for d in report.discrepancies
    )
    return f"{table}\n\n{notes}\n\n{_summary(report)}"


def _summary(report: Report) -> str:
    by_kind: dict[str, int] = {}
    for d in report.discrepancies:
        by_kind[d.kind] = by_kind.get(d.kind, 0) + 1
    kinds = ", ".join(f"{k}: {v}" for k, v in sorted(by_kind.items())) or "none"
    return (
        f"{count(len(report.discrepancies), 'discrepancy')} ({kinds}) in {count(len(report.documents), 'article')}; "
        f"{report.pairs_compared} claim pairs compared in {report.seconds:.2f}s."
    )


def _bold(sentence: str, start: int, end: int) -> str:
    return f"{_md(sentence[:start])}**{_md(sentence[start:end])}**{_md(sentence[end:])}"


def to_markdown(report: Report) -> str:
    lines = ["# factcheck report", "", _summary(report), ""]
    lines += ["| article | published | from | language | sentences |", "|---|---|---|---|---|"]
    for doc in report.documents:
        a = doc.article
        pub = a.published.date().isoformat() if a.published else "—"
        cells = [_md(a.id), pub, _md(a.published_from or "not found"), _md(a.language), str(len(doc.sentences))]
        lines.append(f"| {' | '.join(cells)} |")
    lines.append("")
    # The pictures as tables: a job summary shows no SVG (factcheck/picture.py draws them for HTML).
    known = {doc.article.id: doc.article for doc in report.documents} | report.articles
    dated = picture.timeline_rows(report)
    if dated:
        lines += ["**Dated claims across articles**", ""]
        lines += ["| date | article | published | words | |", "|---|---|---|---|---|"]
        lines += [f"| {' | '.join(_md(cell) for cell in row)} |" for row in dated]
        lines.append("")
    for d in report.discrepancies:
        sim = "" if d.similarity is None else f", similarity {d.similarity:.2f}"
        head = f"## {_md(d.id)} · {_md(d.kind)} · {_md(d.severity)} (confidence {d.confidence:.2f}{sim})"
        lines += [head, "", _md(d.message), ""]
        if d.reason:
            lines += [f"Why one fact: {_md(d.reason)}.", ""]
        for c in d.claims:
            s0 = c.char_start - c.sentence_start
            s1 = c.char_end - c.sentence_start
            lines.append(f"- **{_md(c.article)}** line {c.line}, column {c.column}: {_bold(c.sentence, s0, s1)}")
        lines.append("")
        strip = picture.strip_rows(d, known)
        if strip:
            lines += ["| source | published | value | low · · · high | |", "|---|---|---|---|---|"]
            lines += [f"| {' | '.join(_md(cell) for cell in row)} |" for row in strip]
            lines.append("")
    return "\n".join(lines)


def _mention_json(m: Mention) -> dict[str, object]:
    return {
        "kind": m.kind,
        "text": m.text,
        "value": _json_value(m.value),
        "granularity": m.granularity,
        "weekday": m.weekday,
        "unit": m.unit,
        "noun": m.noun,
        "qualifier": m.qualifier,
        "approx": m.approx,
        "char_start": m.start,
        "char_end": m.end,
    }


def extract_json(docs: list[Document]) -> str:
    out = {"schema": "factcheck.extract/v1", "articles": []}
    for doc in docs:
        a = doc.article
        out["articles"].append(
            {
                "id": a.id,
                "published": a.published.isoformat() if a.published else None,
                "published_from": a.published_from,
                "language": a.language,
                "sentences": [
                    {
                        "index": s.index,
                        "text": s.text,
                        "line": a.line_col(s.start)[0],
                        "header": s.is_header,
                        "mentions": [_mention_json(m) for m in s.mentions],
                    }
                    for s in doc.sentences
                ],
            }
        )
    return _dumps(out)


def extract_table(docs: list[Document]) -> str:
    rows = []
    for doc in docs:
        a = doc.article
        for s in doc.sentences:
            for m in s.mentions:
                value = _json_value(m.value)
                rows.append(
                    [
                        plain(a.id),
                        a.line_col(m.start)[0],
                        m.kind,
                        plain(short(m.text, 32)),
                        plain(value) if isinstance(value, str) else value,
                        plain(m.granularity or m.unit or ""),
                        plain(m.weekday or ""),
                        plain(m.qualifier or ("approx" if m.approx else "")),
                    ]
                )
    return tabulate(
        rows,
        headers=["article", "line", "kind", "text", "value", "granularity/unit", "weekday", "qualifier"],
        tablefmt="simple",
    )


_LEVEL = {"high": "error", "medium": "warning", "low": "note"}
HELP_URI = "https://github.com/factcheck/factcheck#what-the-seeds-report-shows"
_RULES = {
    "weekday": (
        "FC001",
        "weekday-mismatch",
        "A named weekday is not the weekday of its date.",
        "The article names a weekday next to a date, and the calendar says that date fell on another "
        "day. One of the two is a typo: check the date against the event.",
    ),
    "date": (
        "FC002",
        "date-disagreement",
        "Articles date the same event differently.",
        "Sentences in different articles that report the same fact give different dates. The finding "
        "names every source's date and the majority; the outlier is the first to check.",
    ),
    "number": (
        "FC003",
        "number-disagreement",
        "Articles report the same quantity differently.",
        "Sentences in different articles that report the same quantity give different figures. When "
        "the figures only grow with publication time the finding is marked as a likely update.",
    ),
}


def fingerprint(d: Discrepancy) -> str:
    """Names a finding across runs and edits: its kind, the values each source gives and the
    sentences' content, never line numbers or offsets (an edit above the line must not make an
    accepted finding new again). Two findings of one run differ in at least their claims."""
    parts = sorted(f"{c.article}\x1f{_json_value(c.value)}\x1f{c.sentence.strip()}" for c in d.claims)
    return hashlib.sha256("\x1e".join([d.kind, *parts]).encode("utf-8", "surrogatepass")).hexdigest()[:32]


def _uri(source: str) -> str:
    """A percent-encoded URI reference (SARIF requires one): relative to the checkout root, or a
    file URI for an absolute path."""
    path = source.replace("\\", "/").encode("utf-8", "surrogateescape")
    if path.startswith(b"/"):
        return "file://" + urllib.parse.quote(path, safe="/")
    return urllib.parse.quote(path, safe="/")


def _artifact(source: str) -> dict[str, str]:
    uri = _uri(source)
    return {"uri": uri} if uri.startswith("file://") else {"uri": uri, "uriBaseId": "%SRCROOT%"}


def _location(c: Claim, sources: dict[str, str]) -> dict[str, object]:
    end_line, end_col = c.line, c.column + len(c.mention)  # mentions never span lines
    return {
        "physicalLocation": {
            "artifactLocation": _artifact(sources.get(c.article, c.article)),
            "region": {
                "startLine": c.line,
                "startColumn": c.column,
                "endLine": end_line,
                "endColumn": end_col,
                "snippet": {"text": c.mention},
            },
        }
    }


def _sources(report: Report) -> dict[str, str]:
    out = {d.article.id: d.article.source for d in report.documents}
    out.update((i, a.source) for i, a in report.articles.items())
    return out


def _sarif_text(text: str) -> str:
    """A SARIF plain-text message: ``[text](target)`` in one is an embedded link that code scanning
    renders (SARIF 2.1.0, 3.11.6), so the brackets of article text, and the backslash that escapes
    them, are escaped."""
    return text.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")


def to_sarif(report: Report) -> str:
    """SARIF 2.1.0: one result per finding, at its first (outlier) claim, the other sources as
    related locations, fingerprinted by fact group so code scanning tracks it across edits."""
    from factcheck import __version__

    sources = _sources(report)
    results = []
    for d in report.discrepancies:
        rule_id = _RULES.get(d.kind, ("FC000",))[0]
        locations = [_location(c, sources) for c in d.claims]
        results.append(
            {
                "ruleId": rule_id,
                "level": _LEVEL[d.severity],
                "message": {"text": _sarif_text(d.message + (f" Same fact: {d.reason}." if d.reason else ""))},
                "locations": locations[:1],
                "relatedLocations": [dict(loc, id=j, message={"text": _sarif_text(d.claims[j].article)}) for j, loc in
                                     enumerate(locations) if j > 0],
                "partialFingerprints": {"factcheck/v2": fingerprint(d)},
                "properties": {
                    "discrepancy": d.id,
                    "confidence": round(d.confidence, 3),
                    "similarity": None if d.similarity is None else round(d.similarity, 3),
                    "update": d.update,
                },
            }
        )  # fmt: skip
    rules = [
        {
            "id": rid,
            "name": name,
            "shortDescription": {"text": short},
            "fullDescription": {"text": full},
            "help": {"text": full},
            "helpUri": HELP_URI,
            "defaultConfiguration": {"level": "error" if rid == "FC001" else "warning"},
        }
        for rid, name, short, full in _RULES.values()
    ]
    run = {
        "tool": {"driver": {"name": "factcheck", "version": __version__, "informationUri": HELP_URI, "rules": rules}},
        "originalUriBaseIds": {"%SRCROOT%": {"uri": "./"}},
        "results": results,
    }
    sarif = {"$schema": "https://json.schemastore.org/sarif-2.1.0.json", "version": "2.1.0", "runs": [run]}
    return _dumps(sarif)


def _escape_data(text: str) -> str:
    return plain(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def to_github(report: Report) -> str:
    """GitHub Actions workflow commands: an annotation on every claim location."""
    sources = _sources(report)
    lines = []
    for d in report.discrepancies:
        command = "error" if d.severity == "high" else "warning"
        for c in d.claims:
            where = sources.get(c.article, c.article).replace("\\", "/")
            props = (
                f"file={_escape_property(where)},line={c.line},col={c.column},"
                f"title={_escape_property(f'factcheck {d.kind} ({d.severity})')}"
            )
            lines.append(f"::{command} {props}::{_escape_data(d.id + ': ' + d.message)}")
    lines.append(_summary(report))
    return "\n".join(lines)


def _html(report: Report) -> str:
    from factcheck.report_html import to_html

    return to_html(report)


RENDERERS: dict[str, Callable[[Report], str]] = {
    "table": to_table,
    "markdown": to_markdown,
    "json": to_json,
    "html": _html,
    "sarif": to_sarif,
    "github": to_github,
}


def worst(discrepancies: list[Discrepancy]) -> int:
    return max((SEVERITY_ORDER[d.severity] for d in discrepancies), default=0)
