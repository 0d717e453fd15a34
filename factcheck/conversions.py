"""A figure and its conversion written beside it: "160 km (100 miles)", "€50 million ($54 million)".

A writer who converts gives one figure twice, each rounded in its own unit: 160 km is 99.4 miles,
600 metres is 1,969 feet. Read as two figures, the conversion looks like a second value of the
fact, and another article that gives only "100 miles" seems to disagree with "160 km".

- **One dimension** (length, mass, area, volume): the conversion joins its head into one mention,
  spanning both, whose interval stretches from the head's reading to the conversion's value. It
  then agrees with another article's figure in either unit, and still disagrees with a third
  value ("about 600 metres (2,000 feet)" against "700 meters").
- **Two currencies**: no fixed factor joins them, so the conversion stays a mention of its own,
  marked with the figure it converts (``Mention.converts``). Two conversions that disagree
  (€50 million as $54 million in one outlet, $59 million in another) are an exchange rate
  read twice: ``facts`` reports them at low severity.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cache

from factcheck.langdata import LanguageData
from factcheck.types import Mention


@cache
def _opening(lang: LanguageData) -> re.Pattern[str]:
    """Between a figure and its conversion: an opening parenthesis, and perhaps the language's "or"
    or a hedge ("(or about 5 miles)", "(sekitar 8 km)")."""
    words = "|".join(re.escape(w) for w in sorted(lang.conversion_openers, key=len, reverse=True))
    return re.compile(r"\s*\(\s*" + (rf"(?:(?:{words})\s+)*" if words else ""), re.IGNORECASE)


_CLOSE = re.compile(r"\s*\)")
# A conversion is rounded, not another figure: at most 30 % apart ("1 mile (2 km)" is 24 %).
_MAX_RATIO = 1.3
_ONE_DIMENSION = frozenset({"m", "kg", "l", "m2", "W", "Wh"})


def _number(m: Mention) -> float | None:
    return float(m.value) if isinstance(m.value, int | float) and not isinstance(m.value, bool) else None


def _is_conversion(head: Mention, conv: Mention, text: str, offset: int, opening: re.Pattern[str]) -> bool:
    gap = opening.fullmatch(text, head.end - offset, conv.start - offset)
    return bool(gap and _CLOSE.match(text, conv.end - offset) and "(" in gap.group())


def join_conversions(text: str, offset: int, mentions: list[Mention], lang: LanguageData) -> list[Mention]:
    """The sentence's mentions with each parenthesised conversion read with its head (new
    mentions, the given ones untouched). ``text`` starts at article offset ``offset`` and is
    written in ``lang``."""
    opening = _opening(lang)
    out: list[Mention] = []
    i = 0
    ordered = sorted(mentions, key=lambda m: m.start)
    while i < len(ordered):
        head = ordered[i]
        conv = ordered[i + 1] if i + 1 < len(ordered) else None
        if conv is None or not _is_conversion(head, conv, text, offset, opening):
            out.append(head)
            i += 1
            continue
        a, b = _number(head), _number(conv)
        same_unit_written = head.text.split()[-1:] == conv.text.split()[-1:]
        if (
            head.kind == conv.kind == "number"
            and head.unit == conv.unit
            and head.unit in _ONE_DIMENSION
            and a is not None
            and b is not None
            and a > 0
            and b > 0
            and max(a, b) / min(a, b) <= _MAX_RATIO
            and not same_unit_written
        ):
            close = _CLOSE.match(text, conv.end - offset)
            end = offset + close.end() if close else conv.end
            lo = min(head.lo if head.lo is not None else a, b)
            hi = max(head.hi if head.hi is not None else a, b)
            out.append(replace(head, text=text[head.start - offset : end - offset], end=end, lo=lo, hi=hi))
            i += 2
            continue
        if head.kind == conv.kind == "money" and head.unit and conv.unit and head.unit != conv.unit:
            out.append(head)
            out.append(replace(conv, converts=head.text))
            i += 2
            continue
        out.append(head)
        i += 1
    return out
