"""One language's reading tables, compiled once: what ``readings`` looks words up in.

A mention is read with the tables of its own article's language only (``lexicon``), never with a
merge of every language's: an Indonesian cue ("target", "di") must not fire on English text, nor
an English one ("as", "in") on Indonesian.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from factcheck import langdata

_NEVER = re.compile(r"(?!)")


def _phrases(words: list[str] | tuple[str, ...]) -> re.Pattern[str]:
    """One compiled alternation for a word table: compare runs it on every mention."""
    if not words:
        return _NEVER  # an empty alternation would match everywhere
    alt = "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alt})(?!\w)")


@dataclass(frozen=True)
class Lexicon:
    """One language's reading tables, compiled once. A mention is read with the tables of its own
    article's language only: an Indonesian cue ("target", "di") never fires on English text, nor an
    English one ("as", "in") on Indonesian. Two articles in two languages meet on what the readings
    normalise (role names, units, places, values), never on words."""

    stem: Callable[[str], str]
    # Stopwords and the words that name a date, a unit or a hedge: never what a figure is about.
    stop: frozenset[str]
    duration_units: dict[str, float]
    clause_break: re.Pattern[str]
    months: frozenset[str]  # "pengiriman Desember": a month is a role's modifier though a stopword
    unit_words: frozenset[str]
    statement: frozenset[str]
    place_after: re.Pattern[str]
    place_before: re.Pattern[str]
    market: re.Pattern[str]
    scope: re.Pattern[str]
    span: re.Pattern[str]
    future: re.Pattern[str]
    projection: re.Pattern[str]
    # Role keywords match as word prefixes ("luka" in "luka-luka"); the word after one is its modifier.
    role_re: re.Pattern[str]
    role_of_keyword: dict[str, str]
    closed_compounds: bool


@cache
def _compile(lang: langdata.LanguageData) -> Lexicon:
    stop = (
        set(lang.stopwords)
        | set(lang.months)
        | set(lang.weekdays)
        | set(lang.scales)
        | set(lang.date_cues)
        | set(lang.duration_units)
        | set(lang.qualifiers)
        | set(lang.unit_words)
    )
    clause = "|".join(re.escape(w) for w in lang.clause_words)
    places = "|".join(re.escape(w) for w in lang.place_words) or "(?!)"
    role_of_keyword = {kw: role for role, kws in lang.roles.items() for kw in kws}
    kws = "|".join(re.escape(k) for k in sorted(role_of_keyword, key=len, reverse=True)) or "(?!)"
    return Lexicon(
        stem=lang.stem,  # type: ignore[arg-type]  # validated: every language has one
        stop=frozenset(stop),
        duration_units=dict(lang.duration_units),
        clause_break=re.compile(r"[,;:()“”\"]" + (rf"|\s(?:{clause})\s" if clause else ""), re.IGNORECASE),
        months=frozenset(lang.months),
        unit_words=frozenset((*lang.unit_words, *lang.clause_words, *lang.classifiers)),
        statement=frozenset(lang.statement_words),
        place_after=re.compile(r"^[^,;:.()]{0,40}?(?<!\w)(?:" + places + r")\s+([A-Z][\w-]+)"),
        place_before=re.compile(r"(?<!\w)(?:" + places + r")\s+([A-Z][\w-]+)"),
        market=_phrases(lang.market_words),
        scope=_phrases(lang.scope_words),
        span=_phrases(lang.span_words),
        future=_phrases(lang.future_cues),
        projection=_phrases(lang.projection_words),
        role_re=re.compile(r"(?<!\w)(?P<kw>" + kws + r")\w*(?:\s+(?P<next>\w+))?"),
        role_of_keyword=role_of_keyword,
        closed_compounds=lang.closed_compounds,
    )


def lexicon(language: str | None) -> Lexicon:
    """The reading tables of an article's language (``langdata.get``: an unknown one falls back)."""
    return _compile(langdata.get(language))
