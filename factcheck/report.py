"""Renderers: one Report, many readers (terminal, markdown, JSON).

The JSON shapes are contracts (``factcheck.report/v2``, ``factcheck.extract/v1``),
pinned by tests; everything else is for people.
"""

from __future__ import annotations

import hashlib
import html
import io
import json
import math
import re
import urllib.parse
from collections.abc import Callable
from pathlib import Path

from tabulate import tabulate

from factcheck import picture
from factcheck._exceptions import inert
from factcheck.context import noun
from factcheck.rules import RULES, rule_id
from factcheck.sides import count, role, shown_claims
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
                "rule": rule_id(d.kind),
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
                "suggestions": d.suggestions,
                "sources_differ": d.sources_differ,
                "claims": [dict(_claim_json(c), role=role(d, c)) for c in d.claims],
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


def excerpt(c: Claim, width: int = 110) -> tuple[str, str, str]:
    """The sentence shortened around its value, cut at words: (before, value, after)."""
    s0, s1 = c.char_start - c.sentence_start, c.char_end - c.sentence_start
    text = c.sentence
    room = max(24, (width - (s1 - s0)) // 2)
    a, b = max(0, s0 - room), min(len(text), s1 + room)
    before, after = text[a:s0], text[s1:b]
    if a > 0:
        before = "…" + (before.split(" ", 1)[1] if " " in before.strip() else before.lstrip())
    if b < len(text):
        after = (after.rsplit(" ", 1)[0] if " " in after.strip() else after.rstrip()) + "…"
    one = re.compile(r"\s+")
    return one.sub(" ", before).lstrip(), one.sub(" ", text[s0:s1]), one.sub(" ", after).rstrip()


def place(c: Claim, sources: dict[str, str]) -> str:
    """``path:line:col``, the form terminals and editors open at the place."""
    return f"{sources.get(c.article, c.article)}:{c.line}:{c.column}"


_STYLE = {"high": "bold red", "medium": "bold yellow", "low": "bold blue"}
_SIDE = {"outlier": "red", "majority": "green", "source": "yellow"}


def _finding_lines(d: Discrepancy, sources: dict[str, str], color: bool) -> list[object]:
    from rich.style import Style
    from rich.text import Text

    head = Text()
    head.append(plain(d.id), style="bold")
    head.append("  ")
    head.append(d.severity, style=_STYLE.get(d.severity, ""))
    head.append(f"  {d.kind} {rule_id(d.kind)}  confidence {d.confidence:.2f}")
    if d.similarity is not None:
        head.append(f" · similarity {d.similarity:.2f}")
    lines: list[object] = [head, Text("  " + plain(d.message))]
    for c, copies in shown_claims(d):
        side = role(d, c)
        line = Text("  ")
        line.append(f"{side:<8}", style=_SIDE[side])
        loc = plain(place(c, sources))
        path = sources.get(c.article, c.article)
        link = Style(link=_uri(str(Path(path).resolve()))) if color else None
        line.append(" ")
        line.append(loc, style=link)
        if copies:
            line.append(plain(f" (+{len(copies)} {'copy' if len(copies) == 1 else 'copies'}: {', '.join(copies)})"))
        before, value, after = excerpt(c)
        body = Text("           ")
        body.append(plain(before))
        body.append(plain(value) if color else f"«{plain(value)}»", style="bold black on yellow" if color else "")
        body.append(plain(after))
        lines += [line, body]
    if d.reason:
        lines.append(Text("  why one fact: " + plain(d.reason)))
    return lines


def to_concise(report: Report) -> str:
    """One line per finding, at the outlier (or first) sentence: ``path:line:col: FC002 [high] message``."""
    sources = _sources(report)
    out = []
    for d in report.discrepancies:
        c = _primary(d)[0]
        out.append(plain(f"{place(c, sources)}: {rule_id(d.kind)} [{d.severity}] {d.id} {d.message}"))
    return "\n".join([*out, _summary(report)])


def to_table(report: Report, color: bool = False, concise: bool = False) -> str:
    """The terminal report: each finding with its sides, each source at ``path:line:col`` with its
    sentence shortened around the value (highlighted when ``color``), and why it is one fact."""
    if concise:
        return to_concise(report)
    if not report.discrepancies:
        return f"No discrepancies in {count(len(report.documents), 'article')}."
    from rich.console import Console
    from rich.text import Text

    sources = _sources(report)
    buf = io.StringIO()
    console = Console(file=buf, force_terminal=color, no_color=not color, width=100_000, highlight=False,
                      soft_wrap=True, color_system="standard" if color else None)  # fmt: skip
    for d in report.discrepancies:
        for line in _finding_lines(d, sources, color):
            console.print(line)
        console.print(Text(""))
    console.print(Text(_summary(report)))
    return buf.getvalue().rstrip("\n")


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
        rule = f"{rule_id(d.kind)} {_md(d.kind)}"
        head = f"## {_md(d.id)} · {rule} · {_md(d.severity)} (confidence {d.confidence:.2f}{sim})"
        # A paragraph that starts with four spaces (an article id of blanks) would be a code block.
        lines += [head, "", re.sub(r"^[ \t]+", lambda m: "&#32;" * len(m.group()), _md(d.message)), ""]
        if d.reason:
            lines += [f"Why one fact: {_md(d.reason)}.", ""]
        for c, copies in shown_claims(d):
            s0 = c.char_start - c.sentence_start
            s1 = c.char_end - c.sentence_start
            also = (
                f" (+{len(copies)} {'copy' if len(copies) == 1 else 'copies'}: {_md(', '.join(copies))})"
                if copies
                else ""
            )
            at = f"line {c.line}, column {c.column}"
            lines.append(f"- {role(d, c)} **{_md(c.article)}**{also} {at}: {_bold(c.sentence, s0, s1)}")
        lines.append("")
        strip = picture.strip_rows(d, known)
        if strip:
            lines += ["| source | published | value | low · · · high | |", "|---|---|---|---|---|"]
            lines += [f"| {' | '.join(_md(cell) for cell in row)} |" for row in strip]
            lines.append("")
    return "\n".join(lines)


def _mention_json(m: Mention, counted: str | None) -> dict[str, object]:
    """``counted``: its counted noun, read by the context stage (``context.noun``)."""
    return {
        "kind": m.kind,
        "text": m.text,
        "value": _json_value(m.value),
        "granularity": m.granularity,
        "weekday": m.weekday,
        # A time's zone and timescale are its typed value's, not a unit: v2 moved them out of "unit".
        "zone": m.date.zone if m.date is not None else None,
        "timescale": m.date.timescale if m.date is not None else None,
        "unit": m.unit,
        "noun": counted,
        "qualifier": m.qualifier,
        "approx": m.approx,
        "char_start": m.start,
        "char_end": m.end,
    }


def extract_json(docs: list[Document]) -> str:
    out = {"schema": "factcheck.extract/v2", "articles": []}
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
                        "mentions": [_mention_json(m, noun(s, m, a.language)) for m in s.mentions],
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


def fingerprint(d: Discrepancy) -> str:
    """Names a finding across runs and edits by its outlier claims and its fact: the kind, each
    outlier's article, value and sentence, and the values the rest give (the majority's). Never
    line numbers or offsets (an edit above the line must not make an accepted finding new again),
    and never the whole set of sources: another article that agrees with the majority adds no
    outlier and no value, so the finding keeps its name. With no majority every source is in dispute
    and each is named. A changed value, an outlier's or the majority's, makes it a new finding."""
    odd = set(d.outliers) or {c.article for c in d.claims}
    parts = sorted(_claim_key(c) for c in d.claims if c.article in odd)
    fact = sorted({f"{_json_value(c.value)}\x1f{c.unit or ''}" for c in d.claims if c.article not in odd})
    return _digest([d.kind, *parts, "\x1d", *fact])


def _claim_key(c: Claim) -> str:
    return f"{c.article}\x1f{_json_value(c.value)}\x1f{c.sentence.strip()}"


def _digest(parts: list[str]) -> str:
    return hashlib.sha256("\x1e".join(parts).encode("utf-8", "surrogatepass")).hexdigest()[:32]


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


def _primary(d: Discrepancy) -> list[Claim]:
    """Where the blame lands: the outlier sentences when a majority names them, else the first claim."""
    out = [c for c in d.claims if role(d, c) == "outlier"]
    return out or d.claims[:1]


def _side_note(d: Discrepancy, c: Claim) -> str:
    first_of = {m: first for first, rest in d.copies.items() for m in rest}
    copy = f", a copy of {first_of[c.article]}" if c.article in first_of else ""
    side = role(d, c)
    return f"{c.article} ({'the majority' if side == 'majority' else 'another source'}{copy}): {c.mention}"


def to_sarif(report: Report) -> str:
    """SARIF 2.1.0: one result per finding, at its outlier sentences (the first claim when no
    majority names one), the majority's and other sources' sentences as related locations,
    fingerprinted by fact group so code scanning tracks it across edits."""
    from factcheck import __version__

    sources = _sources(report)
    results = []
    for d in report.discrepancies:
        primary = _primary(d)
        related = [c for c in d.claims if not any(c is p for p in primary)]
        results.append(
            {
                "ruleId": rule_id(d.kind),
                "level": _LEVEL[d.severity],
                "message": {"text": _sarif_text(d.message + (f" Same fact: {d.reason}." if d.reason else ""))},
                "locations": [_location(c, sources) for c in primary],
                "relatedLocations": [dict(_location(c, sources), id=j, message={"text": _sarif_text(_side_note(d, c))})
                                     for j, c in enumerate(related)],
                "partialFingerprints": {"factcheck/v3": fingerprint(d)},
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
            "id": r.id,
            "name": r.name,
            "shortDescription": {"text": r.short},
            "fullDescription": {"text": r.full},
            "help": {"text": r.full},
            "helpUri": HELP_URI,
            "defaultConfiguration": {"level": r.level},
        }
        for r in RULES
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
    """GitHub Actions workflow commands: an annotation on each outlier sentence, naming where the
    majority stands; with no majority, a warning on every source (nobody is to blame yet)."""
    sources = _sources(report)
    lines = []
    for d in report.discrepancies:
        blamed = _primary(d) if d.outliers else [c for c, _ in shown_claims(d)]
        command = "error" if d.severity == "high" and (d.outliers or len(d.claims) == 1) else "warning"
        majority = sorted({place(c, sources) for c in d.claims if role(d, c) == "majority"})
        against = f" Majority: {', '.join(majority)}." if majority else ""
        for c in blamed:
            where = sources.get(c.article, c.article).replace("\\", "/")
            props = (
                f"file={_escape_property(where)},line={c.line},col={c.column},"
                f"title={_escape_property(f'factcheck {rule_id(d.kind)} {d.kind} ({d.severity})')}"
            )
            lines.append(f"::{command} {props}::{_escape_data(d.id + ': ' + d.message + against)}")
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
