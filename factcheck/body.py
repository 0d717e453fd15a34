"""Where an article's text is: content lines, the header lines among them, and the title.

Web copies carry navigation, teasers ("Baca juga", "Read more"), author blurbs and footers; only
the content is checked. A line is content when it is long or ends like a sentence; marker words
(of the article's language, from ``factcheck/lang``) cut the rest of an article or drop one line.
The language is detected from the whole text first (``ingest``): a web page's leftovers are short
and few beside its prose, so they do not sway the detector.
"""

from __future__ import annotations

import re

from factcheck import langdata

_MIN_CONTENT_WORDS = 8
_WORD = re.compile(r"\w+")


def _is_content(line: str) -> bool:
    n = len(_WORD.findall(line))
    return n >= 20 or (n >= _MIN_CONTENT_WORDS and line.rstrip()[-1:] in '.!?"”’)…')


def _is_sentence(line: str) -> bool:
    """A short line that reads as a sentence: three words or more, a capital or a quote first, and
    a full stop, question, exclamation or colon last."""
    line = line.strip()
    return (
        len(_WORD.findall(line)) >= 3
        and line[:1] in _OPENERS | {c for c in line[:1] if c.isupper()}
        and line[-1:] in '.!?:"”’)…'
    )


_OPENERS = {'"', "“", "‘", "'"}


def _starts(low: str, markers: tuple[str, ...]) -> str | None:
    for m in markers:
        if low.startswith(m) and (len(low) == len(m) or not low[len(m)].isalnum() or not m[-1].isalnum()):
            return m
    return None


def find_body(
    text: str, language: str | None, offset: int = 0
) -> tuple[list[tuple[int, int]], list[tuple[int, int]], str | None]:
    """Content line ranges, the header ranges among them, and the title.

    Generic over outlets: a cut marker on a short line ends the article ("Next Post",
    "Berita Lainnya", "Topik:"); a drop marker removes its line ("Baca Juga: ...");
    an author blurb in the last part ends it; short lines after the last paragraph
    are teasers and leftovers. The markers are those of ``language``, the article's.
    """
    lang = langdata.get(language)
    lines = [(m.start(), m.end(), m.group(0).strip()) for m in re.finditer(r"[^\n]+", text) if m.start() >= offset]
    lines = [ln for ln in lines if ln[2]]
    first_content = next((i for i, ln in enumerate(lines) if _is_content(ln[2])), None)
    kept: list[tuple[int, int, str]] = []
    for i, (s, e, line) in enumerate(lines):
        low = line.lower().lstrip("•*-–—#> ").strip()
        words = len(_WORD.findall(line))
        after_start = first_content is not None and i > first_content
        cut = _starts(low, lang.cut_markers)
        if cut and words <= 8:
            if after_start:
                break
            continue
        if _starts(low, lang.teaser_markers) or (_starts(low, lang.drop_markers) and words <= 12):
            continue  # a teaser links another article however long its headline
        byline = any(re.search(rf"(?<!\w){re.escape(b)}(?!\w)", low) for b in lang.byline_markers)
        if byline and words <= 12 and after_start and i >= 0.6 * len(lines):
            break
        if line.startswith(("#", "**")) and words <= 15 and not after_start:
            line = line.lstrip("#* ")
        kept.append((s, e, line))
    last_content = max((i for i, k in enumerate(kept) if _is_content(k[2])), default=-1)
    if last_content >= 0:
        kept = kept[: last_content + 1]
    body = [(s, e) for s, e, _ in kept]
    # Lines that are not prose (titles, bylines, datelines, subheads) are never claims. Between
    # two paragraphs, a short line that reads as a sentence is prose all the same: "Hansbrough
    # now has 2,301." and "That conviction was overturned in 2007." are one-line paragraphs, and
    # "..., admitting in 2006:" opens a quote.
    content = [i for i, k in enumerate(kept) if _is_content(k[2])]
    inside = range(content[0] + 1, content[-1]) if content else range(0)
    header = [
        (s, e) for i, (s, e, line) in enumerate(kept) if not (_is_content(line) or (i in inside and _is_sentence(line)))
    ]
    title = None
    for _, _, line in kept:
        if _is_content(line):
            break
        if len([w for w in _WORD.findall(line) if len(w) >= 3]) >= 4:
            title = line
            break
    return body, header, title
