"""The regexes that find figures, built once per language from its data (``factcheck/lang/``)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from factcheck.langdata import LanguageData


@dataclass(frozen=True)
class _Grammar:
    digits: re.Pattern[str]
    words: re.Pattern[str]
    qualifier_before: re.Pattern[str]
    approx_plural: re.Pattern[str]
    ordinal: re.Pattern[str] | None
    one_unit: re.Pattern[str] | None
    num_range: re.Pattern[str]
    hyphen_unit: re.Pattern[str]
    street: re.Pattern[str] | None = None
    label_before: re.Pattern[str] | None = None
    base: re.Pattern[str] | None = None
    count_word: re.Pattern[str] | None = None
    rate: re.Pattern[str] | None = None


def _alt(words: list[str] | tuple[str, ...]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@lru_cache(maxsize=8)
def grammar(lang: LanguageData) -> _Grammar:
    cur = _alt(list(lang.currency_prefixes))
    # A figure glued to its sign word by a hyphen ("minus-20 degree temperatures") starts after it;
    # any other hyphen before a figure joins a score, a code or a range.
    signed = "".join(rf"|(?<=\b{re.escape(w)}-)" for w in lang.negative_words)
    digits = re.compile(
        rf"(?:(?<![\w.,/$-]){signed})(?:(?P<cur>{cur})\.?\s?)?"
        r"(?P<num>\d+[-\s][1-9]/[2-9](?!\d)|\d{1,3}(?:(?P<sep>[.,])\d{3})(?:(?P=sep)\d{3})*(?:[.,]\d+)?|\d+(?:[.,]\d+)?)"
        r"(?P<suffix>%|-?[A-Za-z]+)?(?![\w]|[.,]\d)",
        re.IGNORECASE,
    )
    vocab = (
        list(lang.units_digits)
        + list(lang.teens)
        + list(lang.tens)
        + list(lang.multipliers)
        + list(lang.scales)
        + list(lang.number_fillers)
        + list(lang.additive_words)
        + list(lang.fractions)
    )
    vocab = [v for v in vocab if " " not in v and v not in lang.scale_abbrevs]
    # "five-year", "three-mile": a number word joined to its unit by a hyphen is still a number.
    hyphen_units = _alt(list(lang.duration_units) + list(lang.measures))
    words = re.compile(
        rf"(?<![\w-])(?:{_alt(vocab)})(?:\s+(?:{_alt(vocab)}))*(?![\w])(?!-(?!(?:{hyphen_units})\b))",
        re.IGNORECASE,
    )
    quals = _alt(list(lang.qualifiers))
    qualifier_before = re.compile(rf"(?<![\w-])(?P<q>{quals})\s+$", re.IGNORECASE)
    approx_plural = re.compile(rf"(?<![\w-])(?P<p>{_alt(list(lang.approx_plurals))})(?![\w-])", re.IGNORECASE)
    ordinal = (
        re.compile(rf"(?<![\w-])(?:{_alt(lang.ordinal_prefixes)})(?P<n>\d+)(?![\w])", re.IGNORECASE)
        if lang.ordinal_prefixes
        else None
    )
    # "sebulan", "setahun", "a quarter-century", "half an hour": a fraction of one time unit.
    one_unit = (
        re.compile(
            rf"(?<![\w-])(?P<p>{_alt(list(lang.unit_prefixes))})"
            rf"(?P<u>{_alt(list(lang.duration_units) + [w for w in lang.measures if len(w) > 2])})(?![\w-])",
            re.IGNORECASE,
        )
        if lang.unit_prefixes
        else None
    )
    # "$140-150 million", "$140- $150 million", "10-15 persen", "20 to 30 people": one figure, a range.
    joins = r"\s?[-–]\s?" + "".join(rf"|\s+{re.escape(w)}\s+" for w in lang.range_words)
    num_range = re.compile(
        rf"(?<![\w.,/$-])(?:(?P<cur>{cur})\.?\s?)?(?P<a>\d+(?:[.,]\d+)*)(?:{joins})(?:(?:{cur})\.?\s?)?"
        r"(?P<b>\d+(?:[.,]\d+)*)(?![\w-]|[.,]\d)",
        re.IGNORECASE,
    )
    hyphen_unit = re.compile(rf"-(?:{hyphen_units})\b", re.IGNORECASE)
    # Case-sensitive: the name and the street word are capitalised ("24 Independent Street").
    street = (
        re.compile(rf"\s+(?:[A-Z][\w'’-]*\s+){{1,3}}(?:{_alt(lang.street_words)})(?![\w])")
        if lang.street_words
        else None
    )
    # Case-sensitive too: "Week 15" names a week, "a week" counts one.
    label_before = re.compile(rf"(?<![\w-])(?:{_alt(lang.label_words)})\s+$") if lang.label_words else None
    base = re.compile(rf"\s*(?:{_alt(lang.base_words)})\s", re.IGNORECASE) if lang.base_words else None
    # "Rp 8.500 per liter", "30,000 vehicles a day": a rate is only comparable with the same rate.
    rate = (
        re.compile(
            rf"(?:\s+[\w-]+){{0,2}}?\s+(?:{'|'.join(map(re.escape, lang.rate_words))})\s+"
            rf"({'|'.join(map(re.escape, lang.rate_units))})\b",
            re.IGNORECASE,
        )
        if lang.rate_words and lang.rate_units
        else None
    )
    return _Grammar(
        digits,
        words,
        qualifier_before,
        approx_plural,
        ordinal,
        one_unit,
        num_range,
        hyphen_unit,
        street,
        label_before,
        base,
        re.compile(rf"(?<![\w-])(?:{_alt(list(lang.count_words))})(?![\w-])", re.IGNORECASE)
        if lang.count_words
        else None,
        rate,
    )
