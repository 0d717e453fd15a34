"""One self-contained HTML page for an editor: summary, filters, claims side by side.

No network assets: styles and the filter script are inline, so the file opens offline
and can be attached to an e-mail or a CI run as is.
"""

from __future__ import annotations

import html
import json
import re
import urllib.parse
from collections import Counter
from datetime import UTC, datetime

from factcheck import __version__, picture
from factcheck.rules import rule_id
from factcheck.sides import count, role, shown_claims
from factcheck.types import Article, Claim, Report

_CSS = """
body{font:15px/1.5 system-ui,-apple-system,'Segoe UI',sans-serif;margin:0;color:#1d2330;background:#f6f7f9}
header{background:#1d2330;color:#fff;padding:18px 28px}header h1{margin:0;font-size:22px}
header p{margin:4px 0 0;color:#c8cdd8}main{padding:20px 28px;max-width:1200px}
.cards{display:flex;gap:12px;flex-wrap:wrap;margin-bottom:16px}
.card{background:#fff;border:1px solid #dde1e8;border-radius:8px;padding:10px 16px;min-width:110px}
.card b{display:block;font-size:22px}.filters{display:flex;gap:12px;margin:14px 0;flex-wrap:wrap}
select{font:inherit;padding:4px 8px;border-radius:6px;border:1px solid #c0c6d2;background:#fff}
.d{background:#fff;border:1px solid #dde1e8;border-left:6px solid #8a94a6;border-radius:8px;margin:12px 0;
padding:12px 16px}
.d.high{border-left-color:#c62828}.d.medium{border-left-color:#ef8f00}.d.low{border-left-color:#5c86c7}
.d h2{font-size:16px;margin:0 0 6px}.tag{display:inline-block;border-radius:10px;padding:0 8px;font-size:12px;
margin-right:6px;background:#eef0f4}.tag.high{background:#fde0e0}.tag.medium{background:#fff0d6}.tag.low{background:#e3ecfa}
.msg{margin:4px 0 10px}.pair{display:grid;grid-template-columns:1fr 1fr;gap:12px}
.claim{background:#fafbfc;border:1px solid #e3e6ec;border-radius:6px;padding:8px 12px}
.claim .src{font-size:13px;margin-bottom:2px}.claim .src span{color:#5a6478}
.claim .where{font:12px ui-monospace,monospace;color:#5a6478;margin-bottom:4px}
.claim.outlier{border:2px solid #c62828;background:#fff6f6}.claim.majority{border-color:#9cc9a0;background:#f6fbf6}
.side{font:600 11px system-ui,sans-serif;text-transform:uppercase;letter-spacing:.04em;margin-right:4px}
.outlier .side{color:#c62828}.majority .side{color:#2e7d32}.source .side{color:#5a6478}
mark{background:#ffe066;padding:0 2px;border-radius:3px;font-weight:600}
table{border-collapse:collapse;background:#fff;margin-top:8px}
td,th{border:1px solid #dde1e8;padding:4px 10px;text-align:left}
.none{color:#5a6478}@media(max-width:800px){.pair{grid-template-columns:1fr}}
.pic{margin:4px 0 10px;max-width:720px}.pic svg{display:block;width:100%;height:auto;font-family:inherit}
figure{margin:0 0 16px;background:#fff;border:1px solid #dde1e8;border-radius:8px;padding:10px 16px;max-width:720px}
figcaption{font-size:13px;color:#5a6478}
"""

_JS = """
function applyFilters(){
  const k=document.getElementById('f-kind').value,s=document.getElementById('f-severity').value,
        a=document.getElementById('f-article').value;let shown=0;
  document.querySelectorAll('.d').forEach(d=>{
    const ok=(!k||d.dataset.kind===k)&&(!s||d.dataset.severity===s)&&(!a||JSON.parse(d.dataset.articles).includes(a));
    d.style.display=ok?'':'none';if(ok)shown++;});
  document.getElementById('shown').textContent=shown;}
document.querySelectorAll('select').forEach(s=>s.addEventListener('change',applyFilters));
// A filtered view can be linked: report.html?kind=date&severity=high&article=002
new URLSearchParams(location.search).forEach((v,k)=>{const s=document.getElementById('f-'+k);if(s)s.value=v;});
applyFilters();
"""


# Control characters other than tab and line breaks have no place in an HTML page and can move a
# terminal's cursor when the page is printed to one; they are shown as escapes.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _e(text: object) -> str:
    """Text and attribute values, escaped. Line breaks (Unicode's too) and the ``[`` of ``##[`` become character
    references, which a browser shows as the same text, so a page printed to a CI log (``-f html``
    on stdout) holds no line that starts a workflow command."""
    out = html.escape(str(text), quote=True).replace("\r", "&#13;").replace("\n", "&#10;")
    out = out.replace("\u2028", "&#8232;").replace("\u2029", "&#8233;").replace("##[", "##&#91;")
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), out)


def _split(url: str | None) -> urllib.parse.SplitResult | None:
    """An article's ``url`` is its author's text: one urlsplit cannot read ("http://[x") is no URL."""
    try:
        return urllib.parse.urlsplit(url) if url else None
    except ValueError:
        return None


def _outlet(url: str | None) -> str:
    parts = _split(url)
    host = parts.hostname if parts else None
    return host.removeprefix("www.") if host else ""


def _link(url: str | None, text: str) -> str:
    """Only http(s) links to a host: ``javascript:`` is not a link."""
    parts = _split(url)
    if parts and parts.scheme in ("http", "https") and parts.netloc:
        return f'<a href="{_e(url)}" rel="noopener noreferrer">{_e(text)}</a>'
    return _e(text)


def _claim(c: Claim, article: Article | None, side: str = "source", copies: list[str] | None = None) -> str:
    s0, s1 = c.char_start - c.sentence_start, c.char_end - c.sentence_start
    body = f"{_e(c.sentence[:s0])}<mark>{_e(c.sentence[s0:s1])}</mark>{_e(c.sentence[s1:])}"
    meta = ""
    if article is not None:
        pub = article.published.date().isoformat() if article.published else "no date"
        parts = [p for p in (_outlet(article.url), pub) if p]
        title = _link(article.url, article.title or article.id)
        meta = f'<div class="src">{title} <span>· {_e(" · ".join(parts))}</span></div>'
    also = f" (+{len(copies)} {'copy' if len(copies) == 1 else 'copies'}: {', '.join(copies)})" if copies else ""
    where = f'<div class="where"><b class="side">{side}</b> {_e(c.article)}:{c.line}:{c.column}{_e(also)}</div>'
    return f'<div class="claim {side}">{meta}{where}{body}</div>'


def _options(name: str, values: list[str]) -> str:
    opts = "".join(f'<option value="{_e(v)}">{_e(v)}</option>' for v in values)
    return f'<label>{name} <select id="f-{name}"><option value="">all</option>{opts}</select></label>'


def to_html(report: Report) -> str:
    kinds = Counter(d.kind for d in report.discrepancies)
    severities = Counter(d.severity for d in report.discrepancies)
    cards = [("articles", len(report.documents)), ("discrepancies", len(report.discrepancies))]
    cards += [(f"{k}", n) for k, n in sorted(kinds.items())]
    cards += [(f"{s} severity", severities[s]) for s in ("high", "medium", "low") if severities[s]]
    card_html = "".join(f'<div class="card"><b>{n}</b>{_e(label)}</div>' for label, n in cards)
    articles = sorted({c.article for d in report.discrepancies for c in d.claims})
    filters = (
        _options("kind", sorted(kinds))
        + _options("severity", ["high", "medium", "low"])
        + _options("article", articles)
    )
    known = {doc.article.id: doc.article for doc in report.documents} | report.articles
    items = []
    for d in report.discrepancies:
        ids = json.dumps(sorted({c.article for c in d.claims}))  # ids may hold spaces
        sim = "" if d.similarity is None else f" · similarity {d.similarity:.2f}"
        claims = "".join(_claim(c, known.get(c.article), role(d, c), copies) for c, copies in shown_claims(d))
        svg = picture.strip(d, known)
        items.append(
            f'<section class="d {d.severity}" data-kind="{_e(d.kind)}" data-severity="{d.severity}" '
            f'data-articles="{_e(ids)}"><h2>{_e(d.id)} <span class="tag">{rule_id(d.kind)} {_e(d.kind)}</span>'
            f'<span class="tag {d.severity}">{d.severity}</span><span class="tag">confidence {d.confidence:.2f}{sim}'
            f'</span></h2><p class="msg">{_e(d.message)}</p>'
            + (f'<p class="msg">Why one fact: {_e(d.reason)}</p>' if d.reason else "")
            + (f'<div class="pic">{svg}</div>' if svg else "")
            + f'<div class="pair">{claims}</div></section>'
        )
    checked = {doc.article.id for doc in report.documents}
    cited = sorted({c.article for d in report.discrepancies for c in d.claims} - checked)
    shown = [doc.article for doc in report.documents] + [known[i] for i in cited if i in known]
    rows = "".join(
        f"<tr><td>{_e(a.id)}{'' if a.id in checked else ' (stored)'}</td><td>{_link(a.url, a.title or '')}</td>"
        f"<td>{_e(a.published.date().isoformat() if a.published else '—')}</td>"
        f"<td>{_e(a.published_from or 'not found')}</td><td>{_e(a.language)}</td></tr>"
        for a in shown
    )
    settings = "".join(f"<tr><td>{_e(k)}</td><td>{_e(v)}</td></tr>" for k, v in sorted(report.settings.items()))
    generated = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    body = "".join(items) or '<p class="none">No discrepancies found.</p>'
    line = picture.timeline(report)
    caption = "The event's dated claims across articles, by publication time; disputed ones in red."
    figure = f"<figure>{line}<figcaption>{caption}</figcaption></figure>" if line else ""
    langs = {doc.article.language for doc in report.documents}
    lang = langs.pop() if len(langs) == 1 else "mul"
    return f"""<!doctype html>
<html lang="{_e(lang)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>factcheck report</title><style>{_CSS}</style></head>
<body><header><h1>factcheck report</h1><p>{count(len(report.documents), "article")} ·
{count(report.pairs_compared, "claim pair")} compared · {report.seconds:.2f}s</p></header><main>
<div class="cards">{card_html}</div>
{figure}
<div class="filters">{filters}<span>showing <b id="shown">{len(report.discrepancies)}</b></span></div>
{body}
<h2>Articles</h2><table><tr><th>id</th><th>title</th><th>published</th><th>from</th><th>language</th></tr>{rows}</table>
<details><summary>How this report was made</summary><p>factcheck {_e(__version__)}, generated {generated}.</p>
<table><tr><th>setting</th><th>value</th></tr>{settings}</table></details>
</main><script>{_JS}</script></body></html>
"""
