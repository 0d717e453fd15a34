"""Quantities in Indonesian and English: digits in the article's locale, number words,
scale words, hedges, units and the noun being counted.

No library parses Indonesian numbers end to end (duckling misses "puluhan juta" and reads
"14/8" as a fraction; number-parser and text2num refuse ``id``; quantulum3 reads "1.500"
as 1.5), so this is a small table-driven grammar (``number_grammar``) over the article's language data.

Each quantity carries the interval it can mean (``lo``..``hi``), from its written
precision and its qualifier, so "96,2 juta" and 96.214.691 are seen to agree.
"""

from __future__ import annotations

import math
import re
from dataclasses import replace

from factcheck import nouns
from factcheck.dates import tolerant
from factcheck.langdata import LanguageData
from factcheck.number_grammar import grammar
from factcheck.spans import Spans
from factcheck.types import Mention, NounAt

_SCORE_REST = re.compile(r"[-–]\d+(?!\d*/)")  # "27-24", "9-1-1"; not the "-1/2" of "2-1/2"
_MIXED_FRACTION = re.compile(r"(?P<w>\d+)[-\s](?P<n>\d)/(?P<d>\d)")
_CODE_BEFORE = re.compile(r"(?<![\w$])([A-Z]{2,4})\s$")


def parse_digits(raw: str, decimal_comma: bool) -> tuple[float, float]:
    """Value and half-width of the written precision ("96,2" -> 96.2, 0.05)."""
    dec, thou = (",", ".") if decimal_comma else (".", ",")
    seps = [c for c in raw if c in ".,"]
    if not seps:
        return float(raw), _half_unit_int(raw)
    if len(set(seps)) == 2:  # "1.234,5" or "1,234.5": the last separator is the decimal mark
        last = raw[max(raw.rfind("."), raw.rfind(","))]
        other = "," if last == "." else "."
        whole, frac = raw.replace(other, "").split(last)
        return float(f"{whole}.{frac}"), 0.5 * 10 ** -len(frac)
    sep = seps[0]
    groups = raw.split(sep)
    looks_grouped = all(len(g) == 3 for g in groups[1:]) and len(groups[0]) <= 3
    if len(seps) > 1 or (looks_grouped and sep == thou):
        whole = raw.replace(sep, "")
        return float(whole), _half_unit_int(whole)
    if sep == dec or not looks_grouped:
        whole, frac = groups[0], groups[1]
        return float(f"{whole}.{frac}"), 0.5 * 10 ** -len(frac)
    whole = raw.replace(sep, "")
    return float(whole), _half_unit_int(whole)


def _half_unit_int(whole: str) -> float:
    """Round thousands are usually rounded figures: "13.000" can stand for 13.4k."""
    stripped = whole.rstrip("0")
    zeros = len(whole) - len(stripped)
    return 0.5 * 10**zeros if zeros >= 3 else 0.5


def parse_words(tokens: list[str], lang: LanguageData) -> float | None:
    """Indonesian and English cardinal words: "dua puluh tiga", "seratus lima puluh", "two hundred"."""
    total = current = digit = 0.0
    seen = False
    for tok in (t.lower() for t in tokens):
        if tok in lang.number_fillers:
            continue  # "a hundred", "a million": the scale counts one by itself; "a dozen" is 12, not 13
        if tok in lang.fractions:
            digit += lang.fractions[tok]  # "two and a half": 2.5; "half a million": half of the scale
        elif tok in lang.scales:
            total += (current + digit or 1) * lang.scales[tok]
            current = digit = 0.0
        elif tok in lang.additive_words:
            current += digit + lang.additive_words[tok]  # "dua belas": 2 + 10
            digit = 0.0
        elif tok in lang.multipliers:
            current += (digit or 1) * lang.multipliers[tok]
            digit = 0.0
        elif tok in lang.units_digits:
            n = float(lang.units_digits[tok])
            if n >= 1000:  # seribu, sejuta: a whole scale step
                total += (current + digit or 1) * n if (current or digit) else n
                current = digit = 0.0
            elif n >= 10:
                current += n
            else:
                digit = digit * 10 + n if digit and lang.digit_words_concatenate else digit + n
        elif tok in lang.teens:
            current += lang.teens[tok]
        elif tok in lang.tens:
            current += lang.tens[tok]
        else:
            return None
        seen = True
    return total + current + digit if seen else None


def _interval(value: float, half: float, qualifier: str | None) -> tuple[float, float]:
    lo, hi = value - half, value + half
    if qualifier in ("more_than", "at_least"):
        return value, math.inf
    if qualifier in ("less_than", "at_most"):
        return -math.inf, value
    if qualifier == "about":
        return min(lo, value * 0.9), max(hi, value * 1.1)
    if qualifier == "almost":
        return value * 0.9, hi
    return lo, hi


class NumberFinder:
    def __init__(self, lang: LanguageData):
        self.lang = lang
        self.g = grammar(lang)

    def _age(self, text: str, start: int, end: int) -> tuple[NounAt, ...] | None:
        """Whether the figure at ``start:end`` is someone's age: the place its holder is written
        ("36-year-old driver", "27-year-old Christopher Simpson"), none when it is an age with no
        holder's place ("aged 16"), None when it is no age. The context stage reads the holder
        there with its case kept: a common noun names a role, a capitalised word may be a name or
        a nationality (see ``compare``)."""
        after = re.match(r"[\s-]*(\w+)", text[end : end + 12])
        if after and after.group(1).lower() in self.lang.age_after:
            return (NounAt(end + after.end(), end + after.end() + 60, holder=True),)
        before = re.findall(r"\w+", text[max(0, start - 20) : start].lower())
        return () if before and before[-1] in self.lang.age_before else None

    def _named(self, text: str, at: NounAt) -> bool:
        """Whether a word stands at ``at`` (offsets into ``text``): only whether, never which."""
        return nouns.words(text[at.start : at.stop], self.lang) is not None

    def find(self, text: str, taken: list[tuple[int, int]]) -> list[Mention]:
        """Quantities in ``text`` outside the ``taken`` spans (dates and times come first)."""
        out: list[Mention] = []
        # Spans, not scans over every earlier mention, so one long sentence is not quadratic.
        dates, found = Spans(len(text), taken), Spans(len(text))

        def free(a: int, b: int) -> bool:
            return not dates.overlaps(a, b) and not found.overlaps(a, b)

        def keep(men: Mention) -> None:
            out.append(men)
            found.add(men.start, men.end)

        for m in self.g.ordinal.finditer(text) if self.g.ordinal else ():
            if free(m.start(), m.end()):
                n = float(m.group("n"))
                keep(
                    Mention(
                        kind="ordinal",
                        text=m.group(0),
                        start=m.start(),
                        end=m.end(),
                        value=n,
                        qualifier="ordinal",
                        lo=n,
                        hi=n,
                    )
                )
        if self.g.one_unit is not None:
            for m in self.g.one_unit.finditer(text):
                if free(m.start(), m.end()):
                    word, share = m.group("u").lower(), self.lang.unit_prefixes[m.group("p").lower()]
                    if word in self.lang.duration_units:
                        kind, unit, value = "duration", "day", self.lang.duration_units[word] * share
                    else:  # "half a mile", "half a kilometre"
                        kind, (unit, factor) = "number", self.lang.measures[word]
                        value = factor * share
                    men = Mention(
                        kind, m.group(0), m.start(), m.end(), value, unit=unit, lo=value * 0.8, hi=value * 1.2
                    )
                    keep(self._hedge(text, men, value * 0.2)[0])  # "nearly a quarter-century"
        for m in self.g.approx_plural.finditer(text):
            if free(m.start(), m.end()):
                lo, hi = self.lang.approx_plurals[m.group("p").lower()]
                men = Mention(
                    kind="number", text=m.group(0), start=m.start(), end=m.end(), value=lo, approx=True, lo=lo, hi=hi
                )
                keep(self._complete(text, men))
        for m in self.g.count_word.finditer(text) if self.g.count_word else ():
            if free(m.start(), m.end()):
                n = self.lang.count_words[m.group(0).lower()]
                men = Mention(
                    "number",
                    m.group(0),
                    m.start(),
                    m.end(),
                    n,
                    noun_at=(NounAt(m.end(), m.end(), count=True),),
                    lo=n - 0.5,
                    hi=n + 0.5,
                )
                keep(self._hedge(text, men, 0.5)[0])  # "nearly twice"
        for m in self.g.num_range.finditer(text):
            if free(m.start(), m.end()):
                men = tolerant(self._from_range, text, m)
                if men is not None:
                    keep(men)
        for m in self.g.digits.finditer(text):
            if not free(m.start(), m.end()):
                continue
            men = tolerant(self._from_digits, text, m)
            if men is not None:
                keep(men)
        for m in self.g.words.finditer(text):
            if not free(m.start(), m.end()):
                continue
            men = tolerant(self._from_words, text, m)
            if men is not None:
                keep(men)
        # A unit or scale word attached after the fact may reach into a date: drop such mentions.
        kept: list[Mention] = []
        last_end = -1  # the largest end among ``kept``: they are taken in order of start
        for m in sorted(out, key=lambda x: x.start):
            if not dates.overlaps(m.start, m.end) and last_end <= m.start:
                kept.append(m)
                last_end = max(last_end, m.end)
        return self._mixed_units(text, kept)

    def _unit_size(self, men: Mention) -> float | None:
        """How much of its canonical unit one of the units a measure or duration is written in
        holds ("6 feet": 0.3048 m), read from its last word; None for anything else."""
        if men.kind not in ("number", "duration") or men.unit is None or "/" in men.unit or men.unit == "age":
            return None
        word = re.search(r"([^\W\d_]+)\W*$", men.text)
        key = word.group(1).lower() if word else ""
        if key in self.lang.measures:
            return self.lang.measures[key][1]
        return self.lang.duration_units.get(key)

    def _mixed_units(self, text: str, found: list[Mention]) -> list[Mention]:
        """One quantity written in two units, the larger first, is one mention: "6 feet 2 inches"
        is 1.88 m, "2 jam 30 menit" two and a half hours, "5-foot-8" 5 feet 8 inches. Read apart,
        "6 feet" would disagree with "1.88 metres" and "2 hours" with "2.5 hours"."""
        joiners = "|".join(re.escape(w) for w in self.lang.mixed_unit_joiners)
        gap = re.compile(rf"\s*(?:(?:{joiners})\s+)?" if joiners else r"\s*")
        out: list[Mention] = []
        for men in found:
            prev = out[-1] if out else None
            big = self._unit_size(prev) if prev is not None else None
            small = self._unit_size(men)
            if (
                prev is not None
                and big is not None
                and small is not None
                and small < big
                and men.unit == prev.unit
                and men.kind == prev.kind
                and men.qualifier is None
                and 0 <= float(men.value or 0) < big
                and gap.fullmatch(text, prev.end, men.start)
            ):
                out[-1] = self._joined(text, prev, men.end, float(men.value or 0), men.lo, men.hi, men.noun_at)
                continue
            joined = self._implied_minor(text, men)
            out.append(joined)
            after = self._after_height(text, joined) if joined is not men else None
            if after is not None:
                out.append(after)
        # A figure read after a height may overlap one read before it was found.
        return [m for i, m in enumerate(out) if i == 0 or out[i - 1].end <= m.start]

    def _after_height(self, text: str, height: Mention) -> Mention | None:
        """Sports copy writes height and weight as one token: "the 6-foot-9,260-pound Echenique",
        "5-foot-8,135 pounds". The digits after that comma are read as a quantity of their own
        when a unit follows them; the digit pattern alone skips them as the tail of "8,135"."""
        if text[height.end : height.end + 1] != ",":
            return None
        spaced = text[: height.end] + " " + text[height.end + 1 :]  # same offsets, no comma
        m = self.g.digits.match(spaced, height.end + 1)
        men = tolerant(self._from_digits, spaced, m) if m else None
        return men if men is not None and men.kind == "number" and men.unit is not None else None

    def _implied_minor(self, text: str, men: Mention) -> Mention:
        """ "5-foot-8", "5-feet-8 inches": the figure after the unit's hyphen counts the unwritten unit."""
        word = re.search(r"([^\W\d_]+)$", men.text)
        minor = self.lang.implied_minor_units.get(word.group(1).lower()) if word and men.unit else None
        if minor is None:
            return men
        tail = re.compile(rf"-(\d{{1,2}})(?![\d.])(?:\s*{re.escape(minor)}\w*)?").match(text, men.end)
        size, big = self.lang.measures[minor][1], self._unit_size(men)
        if tail is None or big is None or int(tail.group(1)) * size >= big:
            return men
        n = int(tail.group(1))
        return self._joined(text, men, tail.end(), n * size, (n - 0.5) * size, (n + 0.5) * size, ())

    @staticmethod
    def _joined(
        text: str, big: Mention, end: int, value: float, lo: float | None, hi: float | None, noun_at: tuple[NounAt, ...]
    ) -> Mention:
        """``big`` extended to ``end`` by a smaller part worth ``value`` (``lo``..``hi``), whose noun
        is read at ``noun_at``, else at the larger part's place. The smaller unit sets the precision,
        unless the larger part was hedged."""
        whole = float(big.value or 0)
        if big.qualifier is None:
            lo, hi = whole + (lo if lo is not None else value), whole + (hi if hi is not None else value)
        else:
            lo, hi = (big.lo or 0) + value, (big.hi or 0) + value
        return replace(
            big, end=end, text=text[big.start : end], value=whole + value, lo=lo, hi=hi, noun_at=noun_at + big.noun_at
        )

    # ---------------------------------------------------------------------------------------
    def _from_digits(self, text: str, m: re.Match[str]) -> Mention | None:
        raw = m.group("num")
        start, end = m.start(), m.end()
        if len(raw) > 1 and raw[0] == "0" and raw[1].isdigit():
            return None  # "007", "0300 GMT", the "000ft" of a split "2, 000ft": a code or a fragment
        if _SCORE_REST.match(text, m.end()) and not m.group("suffix"):
            return None  # "a 27-24 loss", "9-1-1": a score or a code (a range was read before; "2-1/2" is 2.5)
        label = self.g.label_before.search(text, max(0, m.start() - 16), m.start()) if self.g.label_before else None
        if label and not m.group("cur"):
            return None  # "Week 15", "Pasal 33": a figure that names, not one that counts
        frac = _MIXED_FRACTION.fullmatch(raw)
        if frac:  # "2-1/2", "2 1/2": two and a half
            value, half = int(frac["w"]) + int(frac["n"]) / int(frac["d"]), 0.0
        else:
            value, half = parse_digits(raw, self.lang.decimal_comma)
        unit: str | None = None
        kind = "number"
        compound: str | None = None
        scaled = True  # a scale suffix ("2juta", "$5m") multiplies; a unit suffix ("600m") does not
        suffix = m.group("suffix")
        if m.group("cur"):
            unit, kind = self.lang.currency_prefixes[m.group("cur").lower().rstrip(".")], "money"
        if suffix and not m.group("cur") and suffix.isalpha() and suffix.isupper():
            return None  # "9400M", "650M", "A320": a model name, not a quantity
        if suffix:
            key = suffix.lstrip("-").lower()
            if suffix == "%":
                kind, unit = "percent", "%"
            elif (
                key in self.lang.measures and not (m.group("cur") and key in self.lang.scales)
            ) or key in self.lang.duration_units:
                end = m.end()  # "600m" is metres; "$600m" below is money
                scaled = False
            elif key in self.lang.scales and (not suffix.startswith("-") or m.group("cur")):
                pass  # "2juta", and "$3.1-million" after a currency sign
            elif suffix.startswith("-") and len(key) >= 4 and key.isalpha():
                compound = key  # "7.9-magnitude", "10-point": a number modifying a noun
            else:
                return None  # "3D", "2nd", "35-an": a code or an inflection, not a quantity
        # A list marker ("1. Kim Jong Un kunjungi ...") is not a quantity.
        if value < 100 and text[m.end() : m.end() + 2] == ". " and _at_line_start(text, start):
            return None
        men = Mention(kind, text[start:end], start, end, value, unit=unit, lo=value - half, hi=value + half)
        if scaled and suffix and suffix != "%" and suffix.lstrip("-").lower() in self.lang.scales:
            scale = self.lang.scales[suffix.lstrip("-").lower()]
            men = replace(men, value=value * scale, lo=(value - half) * scale, hi=(value + half) * scale)
        if compound:
            men = self._complete(text, replace(men, end=m.end(), text=text[start : m.end()]))
            # The unit word goes before the noun read after the figure: "7.9-magnitude quake". What
            # ``_complete`` hands over is one place (a new figure has none of its own before).
            first, *rest = men.noun_at or (NounAt(men.end, men.end),)
            return replace(men, noun_at=(replace(first, compound=(m.end() - len(compound), m.end())), *rest))
        is_scale = scaled and bool(suffix) and suffix.lstrip("-").lower() in self.lang.scales
        attached = suffix if suffix and suffix != "%" and not is_scale else None
        men = self._complete(text, men, unit_attached=attached)
        # A bare figure after a capitalised code is part of a name: "AK 47", "QZ 8501", "USB 3.0";
        # with a scale or unit it is a quantity again: "OPEC 30 juta barel".
        code = _CODE_BEFORE.search(text, max(0, start - 6), start)
        if code and men.kind == "number" and men.unit is None and men.value == value and not suffix:
            return None
        if self.g.street is not None and men.kind == "number" and not suffix and self.g.street.match(text, m.end()):
            return None  # "at 24 Independent Street": an address
        return men

    def _from_range(self, text: str, m: re.Match[str]) -> Mention | None:
        """Both ends of a range take the scale and unit written once after it ("$140-150 million")."""
        a, a_half = parse_digits(m.group("a"), self.lang.decimal_comma)
        b, b_half = parse_digits(m.group("b"), self.lang.decimal_comma)
        if b <= a:
            return None  # "65-53" is a score, not a range
        cur = m.group("cur")
        men = Mention(
            kind="money" if cur else "number",
            text=m.group(0),
            start=m.start(),
            end=m.end(),
            value=b,
            unit=self.lang.currency_prefixes[cur.lower().rstrip(".")] if cur else None,
            lo=b - b_half,
            hi=b + b_half,
        )
        men = self._complete(text, men)
        factor = float(men.value) / b if isinstance(men.value, float | int) and b else 1.0
        return replace(men, lo=(a - a_half) * factor, value=(a + b) / 2 * factor)

    def _from_words(self, text: str, m: re.Match[str]) -> Mention | None:
        spans = [(t.start(), t.group()) for t in re.finditer(r"\S+", m.group(0))]
        # Trim filler words the pattern allowed at the edges.
        fillers, ones = self.lang.number_fillers, self.lang.one_words
        while spans and spans[-1][1].lower() in fillers:
            spans.pop()
        while spans and spans[0][1].lower() in fillers and spans[0][1].lower() not in ones:
            spans.pop(0)
        if len(spans) > 1 and spans[0][1].lower() in fillers and self._counts_alone(spans[1][1].lower()):
            spans.pop(0)  # "a five-year sentence": the article, not "one"; "a hundred", "a dozen" keep it
        if not spans:
            return None
        tokens = [t for _, t in spans]
        first = tokens[0]
        if first.lower() in self.lang.scales or first.lower() in self.lang.multipliers:
            return None  # a bare "ribu" or "juta" is not a number
        if first.lower() in self.lang.additive_words:
            return None  # nor a bare "belas"
        start = m.start() + spans[0][0]
        end = start + len(" ".join(tokens))
        span_text = text[start:end]
        if " ".join(tokens) != span_text:  # irregular whitespace inside: keep the raw span
            end = m.end()
            span_text = text[start:end]
        if not self._plausible_word(text, start, end, first):
            return None
        value = parse_words(tokens, self.lang)
        if value is None:
            return None
        men = self._complete(text, Mention("number", span_text, start, end, value, lo=value - 0.5, hi=value + 0.5))
        if value < 1 and men.kind == "number" and men.unit is None:
            return None  # "half of the passengers" is a share, not a count; "setengah tahun" is a span
        return men

    def _hedge(self, text: str, men: Mention, half: float) -> tuple[Mention, re.Match[str] | None]:
        """The hedge written before a figure ("about", "more than", "nearly") widens what it can
        mean; returns the figure so read and the hedge's match, whatever it says."""
        q = self.g.qualifier_before.search(text, max(0, men.start - 30), men.start)
        if q:
            qual = self.lang.qualifiers[q.group("q").lower()]
            if qual != "exact":
                lo, hi = _interval(float(men.value or 0), half, qual)
                men = replace(men, qualifier=qual, approx=men.approx or qual in ("about", "almost"), lo=lo, hi=hi)
        return men, q

    def _counts_alone(self, word: str) -> bool:
        lang = self.lang
        return word in lang.teens or word in lang.tens or lang.units_digits.get(word, 10) < 10

    def _plausible_word(self, text: str, start: int, end: int, first: str) -> bool:
        """Number words are also names ("Nusa Dua"), pronouns ("one of") and idioms ("salah satu")."""
        before = text[max(0, start - 25) : start]
        prev = re.findall(r"[\w'’-]+", before)
        prev_word = prev[-1] if prev else ""
        after = text[end : end + 20]
        nxt = re.findall(r"[\w'’-]+", after)
        next_word = nxt[0].lower() if nxt else ""
        if after.startswith("-") and (not self.g.hyphen_unit.match(after) or parse_words([first], self.lang) == 0):
            return False  # "satu-satunya", "zero-day"; but "five-year" is a duration
        if prev_word.lower() in self.lang.number_word_blockers:
            return False
        if next_word in self.lang.idiom_after_number:
            return False  # "satu sama lain", "one by one"
        if next_word in self.lang.pronoun_one_after and first.lower() in self.lang.one_words:
            return False  # "one of the ...", "one another" are pronouns; "three of them", "eleven other men" count
        at_sentence_start = not before.strip() or before.rstrip()[-1:] in '.!?\n"“(:'
        if first[0].isupper() and not at_sentence_start:
            return False  # capitalised mid-sentence: part of a name ("Nusa Dua", "Lima")
        return not (first.lower() in self.lang.one_words and (not next_word or next_word in self.lang.stopwords))

    def _complete(self, text: str, men: Mention, unit_attached: str | None = None) -> Mention:
        """The figure with the scale word, the unit or counted noun, and the qualifier in front."""
        lang = self.lang
        pos = men.end
        rest = text[pos : pos + 60]
        tail = re.match(r"\s*([\w%$’'-]+)", rest)
        nxt = tail.group(1).lower() if tail else ""
        if nxt in lang.scales and not unit_attached and nxt not in lang.glued_scales:
            scale = lang.scales[nxt]
            value = float(men.value) * scale if isinstance(men.value, float) else men.value
            men = replace(men, value=value, lo=(men.lo or 0) * scale, hi=(men.hi or 0) * scale, end=pos + tail.end(1))
            pos = men.end
            rest = text[pos : pos + 60]
        after = rest.lower()
        unit = unit_attached.lstrip("-").lower() if unit_attached else None
        m_after = re.match(r"\s*(?:-\s*)?([a-z%$][\w’'-]*(?:\s+[a-z][\w’'-]*){0,3})", after)
        words = m_after.group(1).split() if m_after else []
        consumed = 0
        if unit is None and after.lstrip().startswith("%"):
            men = replace(men, kind="percent", unit="%")
            consumed = after.find("%") + 1
        elif unit is None and words:
            two = " ".join(words[:2])
            if two in lang.currency_words or words[0] in lang.currency_words:
                key = two if two in lang.currency_words else words[0]
                men = replace(men, kind="money", unit=lang.currency_words[key])
                consumed = after.find(key.split()[-1]) + len(key.split()[-1])
            elif two in lang.percent_words or words[0] in lang.percent_words:
                key = two if two in lang.percent_words else words[0]
                men = replace(men, kind="percent", unit="%")
                consumed = after.find(key.split()[-1]) + len(key.split()[-1])
            elif two in lang.areas:
                unit = two
                consumed = after.find(words[1]) + len(words[1])
            elif words[0] in lang.measures or words[0] in lang.duration_units:
                unit = words[0]
                consumed = after.find(unit) + len(unit)
        if unit is not None:
            if unit in lang.measures or unit in lang.areas:
                canon, factor = lang.measures[unit] if unit in lang.measures else lang.areas[unit]
                value = float(men.value) * factor if isinstance(men.value, float) else men.value
                men = replace(men, unit=canon, value=value, lo=(men.lo or 0) * factor, hi=(men.hi or 0) * factor)
            elif unit in lang.duration_units:
                # Spelled out or in digits, a count of units is half a unit either way: "three weeks"
                # is 2.5-3.5 weeks, so "four weeks" disagrees with it and "3.5 hours" still meets
                # "three hours" at the edge.
                factor = lang.duration_units[unit]
                holder = self._age(text, men.start, pos + consumed)
                value = float(men.value) * factor if isinstance(men.value, float) else men.value
                men = replace(
                    men,
                    kind="duration",
                    unit="day" if holder is None else "age",
                    noun_at=men.noun_at if holder is None else holder,
                    value=value,
                    lo=(men.lo or 0) * factor,
                    hi=(men.hi or 0) * factor,
                )
        elif men.kind == "number" and men.unit is None and isinstance(men.value, int | float) and 0 < men.value < 130:
            holder = self._age(text, men.start, men.end)
            # "aged 16": a figure whose unit is only implied. Past "old" it is an age only when no
            # holder is named ("16 old buildings" counts buildings): whether a word stands there,
            # the context stage's reading says (``nouns.words``); which word, only that stage reads.
            if holder is not None and not any(self._named(text, at) for at in holder):
                lo, hi = (men.lo or 0) * 365.25, (men.hi or 0) * 365.25
                men = replace(men, kind="duration", unit="age", value=float(men.value) * 365.25, lo=lo, hi=hi)
        end = pos + consumed if consumed else men.end
        men = replace(men, end=end, text=text[men.start : end])
        # Where the counted noun is read: right after the figure as read so far, within the window
        # its words were read in; the context stage reads the words.
        if (men.kind in ("number", "money", "duration") and men.unit is None) or men.kind == "number":
            men = replace(men, noun_at=(NounAt(men.end, men.end + 60), *men.noun_at))
        elif men.kind == "percent":  # what it is a share of: "68 per cent of Greeks", "4.5 percent margin"
            base = self.g.base.match(text[men.end : men.end + 60]) if self.g.base else None
            noun_start = men.end + (base.end() if base else 0)
            men = replace(men, noun_at=(NounAt(noun_start, men.end + 60), *men.noun_at))
        rate = self.g.rate.match(text, men.end) if self.g.rate else None
        if rate:
            men = replace(men, unit=f"{men.unit or ''}/{rate.group(1).lower()}")
        before = re.findall(r"[\w-]+", text[max(0, men.start - 30) : men.start].lower())
        if men.start > 30:
            before = before[1:]  # the first word may be cut
        if before and before[-1].rstrip("-") in self.lang.negative_words and isinstance(men.value, float | int):
            lo, hi = (-men.hi if men.hi is not None else None), (-men.lo if men.lo is not None else None)
            start = men.start
            if text[start - 1 : start] in (" ", "-"):
                start = max(0, start - len(before[-1].rstrip("-")) - 1)
            men = replace(men, value=-men.value, lo=lo, hi=hi, start=start, text=text[start : men.end])
        men, q = self._hedge(text, men, _half(men))
        # The role goes before any hedge: "fell about 600 metres" is a change (or a fall) as much as
        # "fell 700 meters" is, and a hedge must not hide it ("dari Rp 6.500" is the old price).
        if q:
            before = re.findall(r"[\w-]+", text[max(0, q.start() - 30) : q.start()].lower())[-2:]
        if before and before[-1] in lang.from_words:
            men = replace(men, qualifier="from")
        elif before and (
            before[-1] in lang.change_words
            or (len(before) > 1 and before[-1] in lang.by_words and before[-2] in lang.change_words)
        ):
            men = replace(men, qualifier="change")
        other = re.match(r"\s+([\w-]+)", text[men.end : men.end + 30])
        if men.kind == "number" and other and other.group(1).lower() in lang.other_words:
            # "two other rifles" counts some rifles, "seven rifles" all of them
            men = replace(men, qualifier="other", noun_at=(NounAt(men.end + other.end(), men.end + 60),))
        if men.lo is not None and men.hi is not None and men.lo > men.hi:
            men = replace(men, lo=men.hi, hi=men.lo)
        return men


def _at_line_start(text: str, at: int) -> bool:
    """Whether only whitespace stands between the start of ``at``'s line and ``at``. Read backwards
    over that whitespace, not by slicing from the line's start: in a line with no break, that slice
    would be the whole text so far at every figure."""
    while at > 0 and text[at - 1] != "\n" and text[at - 1].isspace():
        at -= 1
    return at == 0 or text[at - 1] == "\n"


def _half(men: Mention) -> float:
    if men.lo is None or men.hi is None or math.isinf(men.lo) or math.isinf(men.hi):
        return 0.0
    return (men.hi - men.lo) / 2
