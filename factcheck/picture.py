"""Pictures of findings as inline SVG, written with the standard library (no network, no plotting package).

``strip`` draws one finding: each source's value (or date) against the source's publication time, the
majority's band shaded, outliers marked in one colour, and an update drawn as a rising (or falling) line
in publication order. ``timeline`` draws the event's dated claims, one row per article. ``strip_rows`` and
``timeline_rows`` give the same content as rows for a markdown table (a job summary shows no SVG).

Every picture scales with its container (``viewBox``, width 100 %), so it stays inside a phone's screen.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from datetime import date, datetime

from factcheck.types import Article, Claim, Discrepancy, Report

OUTLIER = "#d4145a"  # outliers: one colour that nothing else on the page uses
MAJORITY = "#2e7d32"
BAND = "#d6ecd8"
SOURCE = "#3b5b92"
UPDATE = "#7b3fbf"  # an update: not an error, so neither red nor the page's severity colours
INK = "#1d2330"
GRID = "#c9ced8"
MUTED = "#5a6478"

W, H = 640, 230
LEFT, RIGHT, TOP, BOTTOM = 96, 150, 30, 46
MAX_ROWS = 30  # timeline rows; the rest are counted, not drawn

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _x(text: object) -> str:
    """Escaped as report_html does: no markup, no line break, no control character, no ``##[``."""
    out = html.escape(str(text), quote=True).replace("\r", "&#13;").replace("\n", "&#10;")
    out = out.replace("\u2028", "&#8232;").replace("\u2029", "&#8233;").replace("##[", "##&#91;")
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), out)


def _short(text: str, n: int = 16) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= n else text[: n - 1] + "…"


def day_span(c: Claim) -> tuple[int, int] | None:
    """A claim's date (a day, a month or a year) as ordinal days; None when it has no year."""
    return c.date.calendar_days if c.date is not None else None


def _numeric(c: Claim) -> float | None:
    if isinstance(c.value, int | float) and not isinstance(c.value, bool):
        return float(c.value)
    span = day_span(c)
    return (span[0] + span[1]) / 2 if span else None


def _pub(a: Article | None) -> datetime | None:
    return a.published if a is not None else None


def _day_label(ordinal: float) -> str:
    return date.fromordinal(round(ordinal)).isoformat()


@dataclass
class Point:
    claim: Claim
    value: float
    published: datetime | None
    role: str  # outlier | majority | source

    @property
    def key(self) -> tuple[str, float]:
        """One point per article and value (``points``)."""
        return (self.claim.article, self.value)


def points(d: Discrepancy, articles: dict[str, Article]) -> list[Point]:
    """The finding's claims that can be placed (a value, or a date with a year), one per article and value."""
    out, seen = [], set()
    majority_side = bool(d.outliers)
    for c in d.claims:
        v = _numeric(c)
        if v is None or (c.article, v) in seen:
            continue
        seen.add((c.article, v))
        role = "outlier" if c.article in d.outliers else ("majority" if majority_side else "source")
        out.append(Point(c, v, _pub(articles.get(c.article)), role))
    return out


def _fmt_value(p: Point, dated: bool) -> str:
    return p.claim.mention if not dated else _day_label(p.value)


def strip(d: Discrepancy, articles: dict[str, Article]) -> str | None:
    """One finding as an SVG strip, or None when fewer than two sources can be placed."""
    pts = points(d, articles)
    if len(pts) < 2:
        return None
    dated = d.kind == "date"
    # x: publication time; sources without one are placed in order at the left, before the dated ones.
    with_time = sorted((p for p in pts if p.published), key=lambda p: p.published)
    without = [p for p in pts if not p.published]
    order = without + with_time
    x0, x1 = LEFT, W - RIGHT
    xs: dict[tuple[str, float], float] = {}
    if with_time and with_time[-1].published != with_time[0].published:
        t0, t1 = with_time[0].published.timestamp(), with_time[-1].published.timestamp()
        lo = x0 + (x1 - x0) * (0.18 if without else 0.0)
        for p in with_time:
            xs[p.key] = lo + (x1 - lo) * (p.published.timestamp() - t0) / (t1 - t0)
        for i, p in enumerate(without):
            xs[p.key] = x0 + (lo - x0) * (i + 0.5) / len(without) - 6
    else:
        for i, p in enumerate(order):
            xs[p.key] = x0 + (x1 - x0) * (i + 0.5) / len(order)
    v0, v1 = min(p.value for p in pts), max(p.value for p in pts)
    if v1 == v0:
        v0, v1 = v0 - 1, v1 + 1
    pad = (v1 - v0) * 0.12
    v0, v1 = v0 - pad, v1 + pad
    y0, y1 = H - BOTTOM, TOP

    def y(v: float) -> float:
        return y0 + (y1 - y0) * (v - v0) / (v1 - v0)

    parts = [
        f'<svg class="fc-strip" viewBox="0 0 {W} {H}" width="100%" '
        f'preserveAspectRatio="xMinYMin meet" role="img" aria-label="{_x(d.id)}: each source\'s value against '
        f'its publication time">',
        f"<title>{_x(d.id)}: {_x(d.kind)} by publication time</title>",
        f'<line x1="{x0}" y1="{y0}" x2="{x1}" y2="{y0}" stroke="{GRID}"/>',
        f'<line x1="{x0}" y1="{y0}" x2="{x0}" y2="{y1}" stroke="{GRID}"/>',
    ]
    majority = [p for p in pts if p.role == "majority"]
    if majority:
        lo_v, hi_v = min(p.value for p in majority), max(p.value for p in majority)
        top, bottom = y(hi_v) - 9, y(lo_v) + 9
        label = f"majority: {d.majority}" if d.majority else "majority"
        parts.append(
            f'<rect class="fc-band" x="{x0}" y="{top:.1f}" width="{x1 - x0}" height="{bottom - top:.1f}" '
            f'fill="{BAND}"/><text x="{x1 + 8}" y="{bottom + 12:.1f}" font-size="12" '
            f'fill="{MAJORITY}">{_x(_short(label, 22))}</text>'
        )
    # y ticks: the lowest and highest value, as the articles wrote them (or as dates).
    low, high = min(pts, key=lambda p: p.value), max(pts, key=lambda p: p.value)
    for p in {low.key: low, high.key: high}.values():
        parts.append(
            f'<text x="{x0 - 6}" y="{y(p.value) + 4:.1f}" font-size="11" text-anchor="end" fill="{MUTED}">'
            f"{_x(_short(_fmt_value(p, dated), 14))}</text>"
        )
    if with_time:
        first, last = with_time[0].published, with_time[-1].published
        parts.append(
            f'<text x="{x1}" y="{y0 + 16}" font-size="11" text-anchor="end" fill="{MUTED}">'
            f"{_x(last.strftime('%Y-%m-%d %H:%M'))}</text>"
        )
        if first != last:
            parts.append(
                f'<text x="{xs[with_time[0].key]:.1f}" y="{y0 + 16}" font-size="11" fill="{MUTED}">'
                f"{_x(first.strftime('%Y-%m-%d %H:%M'))}</text>"
            )
    axis = "publication time" + (" (undated sources at the left)" if without and with_time else "")
    if not with_time:
        axis = "sources (no publication dates)"
    parts.append(f'<text x="{(x0 + x1) / 2:.1f}" y="{H - 8}" font-size="12" text-anchor="middle" fill="{MUTED}">'
                 f"{_x(axis)}</text>")  # fmt: skip
    if d.update and len(with_time) >= 2:
        line = " ".join(f"{xs[p.key]:.1f},{y(p.value):.1f}" for p in with_time)
        rising = with_time[-1].value > with_time[0].value
        parts.append(
            f'<defs><marker id="fc-arrow-{_x(d.id)}" viewBox="0 0 10 10" refX="8" refY="5" markerWidth="7" '
            f'markerHeight="7" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="{UPDATE}"/></marker></defs>'
            f'<polyline class="fc-update" points="{line}" fill="none" stroke="{UPDATE}" stroke-width="3" '
            f'marker-end="url(#fc-arrow-{_x(d.id)})"/>'
            f'<text x="{x1 + 8}" y="{y(with_time[-1].value) + 22:.1f}" font-size="12" fill="{UPDATE}">'
            f"{'rising' if rising else 'falling'}: an update</text>"
        )
    for p in order:
        cx, cy = xs[p.key], y(p.value)
        colour = {"outlier": OUTLIER, "majority": MAJORITY}.get(p.role, SOURCE)
        r = 8 if p.role == "outlier" else 6
        when = p.published.strftime("%Y-%m-%d %H:%M") if p.published else "no publication date"
        tip = f"{p.claim.article}: {p.claim.mention} ({when}){' — outlier' if p.role == 'outlier' else ''}"
        parts.append(
            f'<circle class="fc-{p.role}" cx="{cx:.1f}" cy="{cy:.1f}" r="{r}" fill="{colour}" stroke="#fff" '
            f'stroke-width="2"><title>{_x(tip)}</title></circle>'
            f'<text x="{cx + 11:.1f}" y="{cy - 8:.1f}" font-size="11" fill="{colour if p.role == "outlier" else INK}">'
            f"{_x(_short(p.claim.article, 14))}: {_x(_short(p.claim.mention, 14))}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def strip_rows(d: Discrepancy, articles: dict[str, Article]) -> list[tuple[str, str, str, str, str]]:
    """The strip as table rows: source, published, value, a text strip of where the value lies, role."""
    pts = points(d, articles)
    if len(pts) < 2:
        return []
    pts.sort(key=lambda p: (p.published is None, p.published or datetime.min))
    v0, v1 = min(p.value for p in pts), max(p.value for p in pts)
    rows = []
    for i, p in enumerate(pts):
        at = 0 if v1 == v0 else round(10 * (p.value - v0) / (v1 - v0))
        bar = "·" * at + ("◆" if p.role == "outlier" else "●") + "·" * (10 - at)
        role = p.role
        if d.update and p.published and i > 0:
            role = "update ↑" if p.value > pts[i - 1].value else "update ↓"
        when = p.published.strftime("%Y-%m-%d %H:%M") if p.published else "—"
        rows.append((p.claim.article, when, p.claim.mention, bar, role))
    return rows


@dataclass
class Dated:
    article: str
    lo: int
    hi: int
    text: str
    role: str  # outlier | finding | claim


def _dated(report: Report) -> tuple[list[Dated], dict[str, Article]]:
    known = {doc.article.id: doc.article for doc in report.documents} | report.articles
    roles: dict[tuple[str, int], str] = {}
    for d in report.discrepancies:
        for c in d.claims:
            wrong = c.article in d.outliers or d.kind == "weekday"
            key = (c.article, c.char_start)
            if wrong or key not in roles:
                roles[key] = "outlier" if wrong else "finding"
    out, seen = [], set()
    for doc in report.documents:
        for s in doc.sentences:
            if s.is_header:
                continue
            for m in s.mentions:
                if m.kind != "date" or m.lo is None or m.hi is None or m.year_guessed or m.hi - m.lo > 31:
                    continue
                seen.add((doc.article.id, m.start))
                role = roles.get((doc.article.id, m.start), "claim")
                out.append(Dated(doc.article.id, int(m.lo), int(m.hi), m.text, role))
    for d in report.discrepancies:  # stored articles (--against) show their cited dates
        for c in d.claims:
            span = day_span(c) if d.kind in ("date", "weekday") else None
            if span and (c.article, c.char_start) not in seen and span[1] - span[0] <= 31:
                seen.add((c.article, c.char_start))
                out.append(Dated(c.article, span[0], span[1], c.mention, roles[(c.article, c.char_start)]))
    return out, known


def timeline(report: Report) -> str | None:
    """The event's dated claims, one row per article (by publication time), or None without two dates."""
    dated, known = _dated(report)
    if len(dated) < 2:
        return None
    ids = sorted({x.article for x in dated}, key=lambda a: (_pub(known.get(a)) is None, _pub(known.get(a)) or 0, a))
    more = len(ids) - MAX_ROWS
    ids = ids[:MAX_ROWS]
    rows = {a: i for i, a in enumerate(ids)}
    pubs = {a: known[a].published.date().toordinal() for a in ids if a in known and known[a].published}
    lo = min([x.lo for x in dated if x.article in rows] + list(pubs.values()))
    hi = max([x.hi for x in dated if x.article in rows] + list(pubs.values()))
    if hi == lo:
        lo, hi = lo - 1, hi + 1
    step, top = 22, 34
    height = top + step * len(ids) + 44 + (16 if more > 0 else 0)
    x0, x1 = 150, W - 24

    def x(day: float) -> float:
        return x0 + (x1 - x0) * (day - lo) / (hi - lo)

    parts = [
        f'<svg class="fc-timeline" viewBox="0 0 {W} {height}" width="100%" '
        f'preserveAspectRatio="xMinYMin meet" role="img" aria-label="dated claims across articles">',
        "<title>The event's dated claims across articles</title>",
        f'<text x="{x0}" y="16" font-size="12" fill="{MUTED}">▲ published · ● a dated claim · '
        f'<tspan fill="{OUTLIER}">◆ disputed</tspan></text>',
    ]
    ticks = sorted({round(lo + (hi - lo) * k / 4) for k in range(5)} | {lo, hi})
    for k, day in enumerate(ticks):
        parts.append(
            f'<line x1="{x(day):.1f}" y1="{top - 6}" x2="{x(day):.1f}" y2="{top + step * len(ids)}" stroke="{GRID}" '
            f'stroke-dasharray="3 3"/><text x="{x(day):.1f}" y="{top + step * len(ids) + 16}" font-size="11" '
            f'text-anchor="{"start" if k == 0 else "end" if k == len(ticks) - 1 else "middle"}" fill="{MUTED}">'
            f"{_day_label(day)}</text>"
        )
    for a, i in rows.items():
        cy = top + step * i + step / 2
        parts.append(f'<text x="{x0 - 8}" y="{cy + 4:.1f}" font-size="11" text-anchor="end" fill="{INK}">'
                     f"{_x(_short(a, 20))}</text>")  # fmt: skip
        if a in pubs:
            px = x(pubs[a])
            parts.append(f'<path class="fc-published" d="M{px:.1f},{cy - 7:.1f} l6,11 h-12 z" fill="{MUTED}">'
                         f"<title>{_x(a)} published {_day_label(pubs[a])}</title></path>")  # fmt: skip
    for item in sorted(dated, key=lambda t: t.role == "outlier"):  # disputed ones drawn last, on top
        if item.article not in rows:
            continue
        cy = top + step * rows[item.article] + step / 2
        colour = {"outlier": OUTLIER, "finding": MAJORITY}.get(item.role, SOURCE)
        tip = f"<title>{_x(item.article)}: {_x(item.text)}</title>"
        if item.hi > item.lo:
            parts.append(f'<rect class="fc-{item.role}" x="{x(item.lo):.1f}" y="{cy - 4:.1f}" '
                         f'width="{max(x(item.hi) - x(item.lo), 3):.1f}" height="8" rx="3" fill="{colour}" '
                         f'fill-opacity="0.6">{tip}</rect>')  # fmt: skip
        elif item.role == "outlier":
            cx = x(item.lo)
            parts.append(f'<path class="fc-outlier" d="M{cx:.1f},{cy - 8:.1f} l8,8 l-8,8 l-8,-8 z" '
                         f'fill="{OUTLIER}">{tip}</path>')  # fmt: skip
        else:
            parts.append(f'<circle class="fc-{item.role}" cx="{x(item.lo):.1f}" cy="{cy:.1f}" r="5" '
                         f'fill="{colour}">{tip}</circle>')  # fmt: skip
    if more > 0:
        parts.append(f'<text x="{x0}" y="{height - 8}" font-size="11" fill="{MUTED}">and {more} more articles'
                     "</text>")  # fmt: skip
    parts.append("</svg>")
    return "".join(parts)


def timeline_rows(report: Report, limit: int = MAX_ROWS) -> list[tuple[str, str, str, str, str]]:
    """The timeline as table rows, by date: date, article, its publication day, the words, and whether a
    finding disputes them."""
    dated, known = _dated(report)
    dated.sort(key=lambda t: (t.lo, t.article))
    label = {"outlier": "disputed", "finding": "in a finding", "claim": ""}
    rows = []
    for t in dated[:limit]:
        pub = _pub(known.get(t.article))
        when = _day_label(t.lo) + ("" if t.hi == t.lo else f" – {_day_label(t.hi)}")
        rows.append((when, t.article, pub.date().isoformat() if pub else "—", t.text, label[t.role]))
    return rows
