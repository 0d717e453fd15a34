"""Sentences with character offsets into the article text.

syntok 1.4.4 measured best here (15/15 on a hand-made Indonesian set once Indonesian
abbreviations and month abbreviations are known; 1 error on the seeds). Its lists are
class attributes of a private class, hence the pinned version. Web text is
line-structured, so lines are split first and syntok only splits within a line.
"""

from __future__ import annotations

import bisect
import re

from syntok import segmenter
from syntok._segmentation_states import State

from factcheck.langdata import LANGUAGES
from factcheck.types import Article, Sentence


def _teach_syntok() -> None:
    extra_abbrevs: set[str] = set()
    extra_months: set[str] = set()
    for lang in LANGUAGES.values():
        for a in lang.abbreviations:
            if "." not in a:
                extra_abbrevs |= {a, a.capitalize(), a.upper()}
        for m in lang.months:
            if len(m) <= 4:
                extra_months |= {m, m.capitalize()}
    State.abbreviations = frozenset(State.abbreviations | extra_abbrevs)
    State.months = frozenset(State.months | extra_months)


_teach_syntok()

_LINE = re.compile(r"[^\n]+")


def split(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans inside ``text[start:end]``."""
    spans: list[tuple[int, int]] = []
    for line in _LINE.finditer(text, start, end):
        chunk = line.group(0)
        if not chunk.strip():
            continue
        base = line.start()
        for paragraph in segmenter.analyze(chunk):
            for sent in paragraph:
                if not sent:
                    continue
                s = base + sent[0].offset
                e = base + sent[-1].offset + len(sent[-1].value)
                spans.append((s, e))
    return spans


def segment(article: Article) -> list[Sentence]:
    """Sentences of the article body; header lines (titles, bylines) are marked as such."""
    out: list[Sentence] = []
    header = sorted(article.header)
    starts = [h0 for h0, _ in header]
    for b_start, b_end in article.body:
        for s, e in split(article.text, b_start, b_end):
            # Header lines do not overlap: only the last one starting at or before s can hold it.
            i = bisect.bisect_right(starts, s) - 1
            is_header = i >= 0 and s < header[i][1]
            out.append(Sentence(article.id, len(out), s, e, article.text[s:e], is_header=is_header))
    return out
