"""Name spelling across articles of one event: "Shogu" in one article, "Shoigu" in the others.

A proper name is a capitalised word that the articles never write in lower case (so "Pada" at the
start of a sentence is not one) and that stands inside a sentence at least once. Two names one
edit apart (one letter dropped, added, changed or two swapped; two edits in names of nine letters
or more) are one name spelled twice, unless:

- they stand in one sentence ("the Los Angeles Angels"), or their last letters differ
  ("Independent"/"Independence", "Putin"/"Putih", the White House in Indonesian): other words;
- one is the other with letters added at an end ("Russia"/"Russian", "Korea"/"Koreas"): a word
  formed from the name, not a typo;
- they are one transliteration written two ways ("Jong-un"/"Jong Un", "Sergey"/"Sergei",
  "Zelenskyy"/"Zelensky", "Soeharto"/"Suharto"): a convention, grouped and never reported;
- no capitalised word next to the two is shared ("Sergei Shogu" and "Sergey Shoigu" share the first name;
  "Gedung Putih", the White House, shares nothing with "Presiden Putin");
- no spelling is given by more articles than the other: without a majority there is no typo to
  point at, and two names that differ by a letter are as often two people ("Mason"/"Jason").

A finding is low severity (a name is checked at a glance), names the majority spelling, and puts
the outlier's sentences first, like every other finding.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache

from rapidfuzz.distance import OSA

from factcheck.types import Claim, Discrepancy, Document

KIND = "name"
MIN_LENGTH = 5  # shorter capitalised words one letter apart are mostly different words ("Kim"/"Kin")
NEAR = 1  # capitalised words either side that say which name it is: "Sergei Shogu", "Menteri Shoigu"
_POSSESSIVE = re.compile(r"['’]s?$")
_TOKEN = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
# Spellings of one sound in the transliterations news uses (Korean, Russian, Arabic, old Indonesian).
_CONVENTIONS = [("kh", "h"), ("ph", "f"), ("dj", "j"), ("tj", "c"), ("oe", "u"), ("ou", "u"), ("ey", "ei"), ("y", "i")]


@cache  # one article's words repeat, and every spelling is folded many times
def _fold(word: str) -> str:
    """Lower case, accents, hyphens and apostrophes gone: "Jong-un" and "Jongun" are one spelling."""
    text = unicodedata.normalize("NFKD", word.lower())
    return "".join(ch for ch in text if ch.isalpha() and not unicodedata.combining(ch))


@cache  # each spelling is compared with many others
def convention(word: str) -> str:
    """A spelling with the transliteration conventions undone: doubled letters single, "y" as "i"."""
    text = _fold(word)
    for a, b in _CONVENTIONS:
        text = text.replace(a, b)
    return re.sub(r"(.)\1+", r"\1", text)


@dataclass
class _Spelling:
    key: str
    # article id -> (sentence index in its document, offset of the word in the article text, the word)
    where: dict[str, tuple[int, int, str]] = field(default_factory=dict)
    inside: bool = False  # seen after the first word of a sentence at least once
    together: set[str] = field(default_factory=set)  # the spellings of the sentences it stands in
    near: set[str] = field(default_factory=set)  # the words next to it, folded by convention


def _spellings(docs: list[Document]) -> tuple[dict[str, _Spelling], set[str]]:
    names: dict[str, _Spelling] = {}
    lower: set[str] = set()
    for doc in docs:
        for n, sent in enumerate(doc.sentences):
            tokens = list(_TOKEN.finditer(sent.text))
            together = {_fold(_POSSESSIVE.sub("", t.group())) for t in tokens}
            for i, m in enumerate(tokens):
                word = _POSSESSIVE.sub("", m.group())
                if word[0].islower():
                    lower.add(_fold(word))
                    continue
                if not word[0].isupper() or word.isupper() or len(_fold(word)) < MIN_LENGTH:
                    continue  # acronyms and datelines ("KCNA", "JAKARTA") are not spellings to compare
                key = _fold(word)
                s = names.setdefault(key, _Spelling(key))
                s.where.setdefault(doc.article.id, (n, sent.start + m.start(), word))
                s.inside |= i > 0
                s.together |= together
                around = tokens[max(0, i - NEAR) : i] + tokens[i + 1 : i + 1 + NEAR]
                s.near.update(convention(t.group()) for t in around if t.group()[0].isupper() and len(t.group()) > 2)
    return names, lower


def _related(a: str, b: str) -> bool:
    """One name spelled twice, not a name and a word made from it, nor one transliteration."""
    if a.startswith(b) or b.startswith(a) or a.endswith(b) or b.endswith(a):
        return False
    if convention(a) == convention(b):
        return False
    if a[-1] != b[-1]:
        return False  # a changed ending is another word ("Independent"/"Independence", "Putin"/"Putih")
    limit = 2 if min(len(a), len(b)) >= 9 else 1
    # Optimal string alignment: edits, adjacent swaps counting one.
    return OSA.distance(a, b, score_cutoff=limit) <= limit


def name_discrepancies(docs: list[Document]) -> list[Discrepancy]:
    """Names spelled differently across the articles, each against the spelling most articles give."""
    names, lower = _spellings(docs)
    pool = [s for s in names.values() if s.inside and s.key not in lower]
    by_id = {doc.article.id: doc for doc in docs}
    # Two spellings of one name end alike (``_related``): only those are compared, in pool order.
    by_end: dict[str, list[_Spelling]] = defaultdict(list)
    for t in pool:
        by_end[t.key[-1]].append(t)
    out: list[Discrepancy] = []
    seen: set[str] = set()
    for s in sorted(pool, key=lambda s: (-len(s.where), s.key)):  # the majority spelling first
        if s.key in seen:
            continue
        odd = [
            t
            for t in by_end[s.key[-1]]
            if t.key not in seen
            and t is not s
            and len(t.where) < len(s.where)
            and not t.near.isdisjoint(s.near)  # one person: "Gedung Putih" (the White House) is not "Presiden Putin"
            and s.key not in t.together  # "Los Angeles Angels": two words of one sentence are two words
            and _related(s.key, t.key)
        ]
        if not odd:
            continue
        seen.update(t.key for t in odd)
        for t in odd:
            out.append(_finding(s, t, by_id))
    return out


def _edits(n: int) -> str:
    return "one letter changed" if n == 1 else f"{n} letters changed"


def _claim(doc: Document, sentence: int, offset: int, word: str) -> Claim:
    sent = doc.sentences[sentence]
    line, col = doc.article.line_col(offset)
    return Claim(doc.article.id, sent.text, word, word, None, line, col, offset, offset + len(word), sent.start)


def _finding(major: _Spelling, minor: _Spelling, docs: dict[str, Document]) -> Discrepancy:
    def claims(s: _Spelling) -> list[Claim]:
        return [_claim(docs[a], *s.where[a]) for a in sorted(s.where)]

    odd, most = claims(minor), claims(major)
    right, wrong = most[0].mention, odd[0].mention
    odd_ids = sorted(minor.where)
    who = ", ".join(odd_ids)
    edits = _edits(OSA.distance(minor.key, major.key))
    return Discrepancy(
        kind=KIND,
        severity="low",
        confidence=0.5,
        similarity=None,
        message=(
            f'{who} {"spells" if len(odd_ids) == 1 else "spell"} "{wrong}" where '
            f'{len(major.where)} other articles spell it "{right}"'
        ),
        claims=odd + most,
        pairs=[(i, len(odd)) for i in range(len(odd))],
        majority=right,
        outliers=odd_ids,
        reason=f'"{wrong}" is "{right}" with {edits}; both stand as names mid-sentence',
    )
