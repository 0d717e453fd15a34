"""The counted noun of a figure, read by the context stage at the places extraction hands over.

Extraction knows where it stopped reading a figure ("68 per cent of", "two other", "36-year-old")
and records only that place (``types.NounAt``); what the words there are is read here, once, with
the tables of the article's language. ``context`` reads every mention's noun through ``noun``; no
other stage reads one.
"""

from __future__ import annotations

import re

from factcheck.langdata import LanguageData
from factcheck.types import NounAt

_TOKEN = re.compile(r"[\w’'-]+|[^\w\s]")


def words(rest: str, lang: LanguageData, keep_case: bool = False) -> str | None:
    """The counted noun at the start of ``rest``: up to four content words before punctuation, a
    function word or a verb form (``LanguageData.ends_phrase``). Extraction asks only whether there
    is one (an age's holder makes "16 old" no age); the words are the context stage's."""
    found = []
    for w in _TOKEN.findall(rest)[:4]:
        lw = w.lower()
        if not re.match(r"\w", w) or lw in lang.stopwords or lw[0].isdigit():
            break
        if found and lang.ends_phrase(lw, found[-1].lower()):
            break  # "Two plainclothes NYPD officers shot": the verb after what is counted
        found.append(w if keep_case else lw)
    return " ".join(found) or None


def read(text: str, offset: int, at: NounAt, lang: LanguageData) -> str | None:
    """The noun at one place; ``text`` starts at article offset ``offset`` (a sentence's text)."""
    if at.count:
        return lang.count_noun or None
    found = words(text[at.start - offset : at.stop - offset], lang, keep_case=at.holder)
    if at.holder and found:
        found = found.split()[0]  # "27-year-old Christopher Simpson": the holder's first word
    if at.compound is None:
        return found
    unit = text[at.compound[0] - offset : at.compound[1] - offset].lower()
    return f"{unit} {found}" if found else unit


def noun(text: str, offset: int, places: tuple[NounAt, ...], lang: LanguageData) -> str | None:
    """The counted noun: the words at the first of ``places`` that has any."""
    for at in places:
        found = read(text, offset, at, lang)
        if found:
            return found
    return None
