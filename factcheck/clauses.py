"""Where a clause begins and ends around a span of text: the one clause splitter.

Every reading that stops at a clause cuts here, each with its own breaks, the one thing that
differs between them: a mention's context stops at its language's punctuation and conjunctions
("62 tewas, sementara 151 hilang": ``Lexicon.clause_break``); the cue that makes a bare weekday the
coming one stops at punctuation followed by a space (``SPACED_PUNCTUATION``); a place named before
a figure stops at the punctuation that ends a phrase (``PHRASE_PUNCTUATION``). Only the punctuation
is here; words that end a clause are language data.
"""

from __future__ import annotations

import re

SPACED_PUNCTUATION = re.compile(r"[.;:!?,]\s")
PHRASE_PUNCTUATION = re.compile(r"[,;:()]")
FUTURE_CUE_REACH = 160  # characters before a weekday searched for the cue that makes it the coming one
FUTURE_CUE_WORDS = 8  # words before it, within its clause, that may hold that cue


def clause(text: str, start: int, end: int, breaks: re.Pattern[str], reach: int | None = None) -> tuple[int, int]:
    """The clause of ``text[start:end]`` as offsets into ``text``: from the end of the last break
    before ``start`` to the start of the first break at or after ``end``, else the text's own ends.
    With ``reach``, no further than that many characters either way. A break before ``start`` ends
    by ``start`` (the text is searched as though it ended there); one after begins at ``end`` or later."""
    lo = 0 if reach is None else max(0, start - reach)
    hi = len(text) if reach is None else min(len(text), end + reach)
    begin = lo
    for hit in breaks.finditer(text, lo, start):
        begin = hit.end()
    after = breaks.search(text, end, hi)
    return begin, after.start() if after else hi


def words_before(
    text: str, at: int, words: int = FUTURE_CUE_WORDS, breaks: re.Pattern[str] = SPACED_PUNCTUATION
) -> str:
    """The last few words before ``at``, within its clause: "will meet Indiana State in the
    semifinals Saturday", but not "who will meet ... after the Sycamores outlasted Evansville Friday"."""
    begin, _ = clause(text, at, at, breaks, FUTURE_CUE_REACH)
    return " ".join(text[begin:at].split()[-words:])
