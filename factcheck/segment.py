"""Sentences with character offsets into the article text.

syntok split Indonesian and the seeds best of the splitters tried, once Indonesian
abbreviations and month abbreviations are known (docs/design.md). Its lists are
class attributes of a private class, hence the pinned version: each article is split with its
own language's abbreviations and months added to them ("Kab." in Indonesian, "Sen." in
English), never with every language's. Web text is line-structured, so lines are
split first and syntok only splits within a line.

A "sentence" longer than ``MAX_SENTENCE`` characters (a table flattened into one line, a page
with no full stops) is cut into pieces at whitespace, and the caller is told once per article:
one giant sentence would make every later stage that pairs mentions or claims within a sentence
grow with its square, and the embedding model reads only its first 512 tokens anyway.
"""

from __future__ import annotations

import bisect
import re
import threading
from collections.abc import Callable
from functools import cache

from syntok import segmenter
from syntok._segmentation_states import State

from factcheck import langdata
from factcheck.types import Article, Sentence

_SYNTOK = (State.abbreviations, State.months)  # syntok's own lists, before any language's words
_lock = threading.Lock()  # syntok reads its lists from the class: one language's at a time


@cache
def _syntok_lists(lang: langdata.LanguageData) -> tuple[frozenset[str], frozenset[str]]:
    """syntok's abbreviations and months with one language's added."""
    abbrevs = {v for a in lang.abbreviations if "." not in a for v in (a, a.capitalize(), a.upper())}
    months = {v for m in lang.months if len(m) <= 4 for v in (m, m.capitalize())}
    return frozenset(_SYNTOK[0] | abbrevs), frozenset(_SYNTOK[1] | months)


_LINE = re.compile(r"[^\n]+")


def split(text: str, start: int, end: int, language: str | None) -> list[tuple[int, int]]:
    """Sentence spans inside ``text[start:end]``, read with ``language``'s abbreviations."""
    abbrevs, months = _syntok_lists(langdata.get(language))
    spans: list[tuple[int, int]] = []
    with _lock:
        State.abbreviations, State.months = abbrevs, months
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


# Above the longest sentence in the seeds, the ECB+ and the Kompas corpora, so real text is not
# cut, and about the 512 tokens the embedding model reads of a sentence (it truncates the rest).
MAX_SENTENCE = 2_000


def cap(text: str, start: int, end: int, limit: int = MAX_SENTENCE) -> list[tuple[int, int]]:
    """``text[start:end]`` in pieces of at most ``limit`` characters: each cut at the last run of
    whitespace in the second half of the piece (left out of both sides), or hard at ``limit``
    where that half holds none. Seen once per character, so linear in the sentence."""
    pieces: list[tuple[int, int]] = []
    while end - start > limit:
        cut = start + limit  # a space just past the limit still ends a full piece cleanly
        while cut > start + limit // 2 and not text[cut].isspace():
            cut -= 1
        if text[cut].isspace():
            after = cut
            while cut > start and text[cut - 1].isspace():
                cut -= 1
            while after < end and text[after].isspace():
                after += 1
        else:
            cut = after = start + limit
        if cut > start:
            pieces.append((start, cut))
        start = after
    if start < end:
        pieces.append((start, end))
    return pieces


def segment(article: Article, warn: Callable[[str], None] | None = None) -> list[Sentence]:
    """Sentences of the article body; header lines (titles, bylines) are marked as such.

    Over-long sentences are cut (``cap``) and ``warn`` hears of it once for the article."""
    out: list[Sentence] = []
    header = sorted(article.header)
    starts = [h0 for h0, _ in header]
    too_long: list[int] = []  # where each over-long sentence starts
    for b_start, b_end in article.body:
        for s0, e0 in split(article.text, b_start, b_end, article.language):
            pieces = cap(article.text, s0, e0, MAX_SENTENCE)  # read here, so a benchmark can lift it
            if len(pieces) > 1:
                too_long.append(s0)
            for s, e in pieces:
                # Header lines do not overlap: only the last one starting at or before s can hold it.
                i = bisect.bisect_right(starts, s) - 1
                is_header = i >= 0 and s < header[i][1]
                out.append(Sentence(article.id, len(out), s, e, article.text[s:e], is_header=is_header))
    if too_long and warn is not None:
        line, _col = article.line_col(too_long[0])
        what = "a sentence" if len(too_long) == 1 else f"{len(too_long)} sentences"
        warn(
            f"{article.source}:{line}: {what} longer than {MAX_SENTENCE:,} characters, cut at whitespace into "
            f"pieces of at most {MAX_SENTENCE:,}; a date or figure across a cut may be missed"
        )
    return out
