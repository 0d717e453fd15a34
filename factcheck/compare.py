"""Matched mentions that disagree become Discrepancies; everything else stays quiet.

Precision is the point. Two sentences that embed alike are often about a related but
different event, so mentions are compared only when they play the same role (same
kind, same unit, overlapping counted noun and nearby words), only when the sentences
do not date themselves to different events, and only when no reading of the written
precision and hedges makes them agree.
"""

from __future__ import annotations

import math
import re
from datetime import date

from factcheck import langdata
from factcheck.settings import Settings
from factcheck.types import Article, Claim, ClaimPair, Discrepancy, Document, Mention, Sentence

_WORD = re.compile(r"[^\W\d_]+(?:[-’'][^\W\d_]+)*")
_PREFIXES = (
    "meng",
    "meny",
    "mem",
    "men",
    "me",
    "peng",
    "peny",
    "pem",
    "pen",
    "per",
    "pe",
    "ber",
    "di",
    "ter",
    "ke",
    "se",
)
_SUFFIXES = ("nya", "kan", "an", "i")
EVENT_GAP_DAYS = 31
# Quantities in these roles are only compared with the same role: "dari Rp 6.500" (the old
# value), "naik Rp 2.000" (the change), "per hari" (a rate).
_ROLES = {"from", "change"}
QUANTITY_KINDS = {"number", "money", "percent", "duration"}
COMPARABLE_DATE_GRANULARITY = {"day", "minute", "month", "week"}
WEEKDAY_ABBR = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]


def stem(word: str) -> str:
    """A light stem so "kunjungan" and "mengunjungi", "killed" and "kills" meet."""
    w = word.lower()
    for p in _PREFIXES:
        if w.startswith(p) and len(w) - len(p) >= 4:
            w = w[len(p) :]
            break
    for s in _SUFFIXES:
        if w.endswith(s) and len(w) - len(s) >= 4:
            w = w[: -len(s)]
            break
    return w[:6]


def _stopwords() -> frozenset[str]:
    out: set[str] = set()
    for lang in langdata.LANGUAGES.values():
        out |= lang.stopwords
        out |= set(lang.months) | set(lang.weekdays) | set(lang.scales) | set(lang.units_digits)
        out |= set(lang.date_cues) | set(lang.duration_units) | set(lang.qualifiers)
    return frozenset(out | {"persen", "percent", "rp", "pukul", "wib"})


STOP = _stopwords()


def context(sentence: Sentence, mention: Mention, window: int = 3) -> set[str]:
    """Stems of content words near a mention: what is counted, of whom, when."""
    rel0 = mention.start - sentence.start
    rel1 = mention.end - sentence.start
    left = [w for w in _WORD.findall(sentence.text[:rel0]) if w.lower() not in STOP][-window:]
    right = [w for w in _WORD.findall(sentence.text[rel1:]) if w.lower() not in STOP][:window]
    words = {stem(w) for w in left + right if len(w) > 2}
    if mention.noun:
        words |= {stem(w) for w in mention.noun.split() if w not in STOP}
    return words


_NAME = re.compile(r"[A-Z][\w’'-]*")


def nearest_name(sentence: Sentence, mention: Mention, reach: int = 6) -> set[str] | None:
    """Parts of the proper name just before a mention: whose figure it is ("Anies-Muhaimin 24,95 persen")."""
    words = [w for w in re.findall(r"[\w’'-]+", sentence.text[: mention.start - sentence.start]) if not w[0].isdigit()][
        -reach:
    ]
    for i in range(len(words) - 1, -1, -1):
        w = words[i]
        if _NAME.fullmatch(w) and w.lower() not in STOP and not w[0].isdigit():
            run = [w]
            j = i - 1
            while j >= 0 and _NAME.fullmatch(words[j]) and words[j].lower() not in STOP:
                run.append(words[j])
                j -= 1
            return {p.lower() for part in run for p in re.split(r"[-’']", part) if len(p) > 1}
    return None


def sentence_words(sentence: Sentence) -> set[str]:
    return {stem(w) for w in _WORD.findall(sentence.text) if w.lower() not in STOP and len(w) > 2}


def overlap(a: set[str], b: set[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


# -- single-article check -------------------------------------------------------------------------
def weekday_discrepancies(doc: Document) -> list[Discrepancy]:
    """A named weekday that is not the weekday of its date. Guessed years never count."""
    out = []
    for sent in doc.sentences:
        for m in sent.mentions:
            if m.kind != "date" or not m.weekday or m.lo is None or m.year_guessed or m.relative:
                continue
            if m.granularity not in ("day", "minute"):
                continue
            actual = date.fromordinal(int(m.lo))
            if langdata.WEEKDAYS[actual.weekday()] == m.weekday:
                continue
            claim = make_claim(doc.article, sent, m)
            out.append(
                Discrepancy(
                    kind="weekday",
                    severity="high",
                    confidence=0.95,
                    similarity=None,
                    message=(
                        f'{doc.article.id} line {claim.line}: "{m.text}" names a {m.weekday}, '
                        f"but {actual.isoformat()} was a {actual.strftime('%A')}"
                    ),
                    claims=[claim],
                )
            )
    return out


def make_claim(article: Article, sent: Sentence, m: Mention) -> Claim:
    line, col = article.line_col(m.start)
    return Claim(
        article=article.id,
        sentence=sent.text,
        mention=m.text,
        value=m.value,
        unit=m.unit,
        line=line,
        column=col,
        char_start=m.start,
        char_end=m.end,
        sentence_start=sent.start,
    )


# -- cross-article comparison ---------------------------------------------------------------------
def _dates(s: Sentence) -> list[Mention]:
    return [m for m in s.mentions if m.kind == "date"]


def _month_day(m: Mention) -> tuple[int | None, int | None]:
    """Month and day of a date value, also when its year is unknown ("XXXX-09-04")."""
    if not isinstance(m.value, str):
        return None, None
    parts = m.value.split("/")[0].split("T")[0].split("-")
    month = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None
    day = int(parts[2]) if len(parts) > 2 and parts[2].isdigit() else None
    return month, day


def dates_agree(a: Mention, b: Mention) -> bool | None:
    """True/False when the two dates can be compared, None when they cannot."""
    if a.lo is not None and b.lo is not None and a.hi is not None and b.hi is not None:
        if a.lo != a.hi and b.lo != b.hi and a.granularity == b.granularity == "day":
            return (a.lo, a.hi) == (b.lo, b.hi)  # two ranges for one event must match exactly
        return a.lo <= b.hi and b.lo <= a.hi
    (ma, da), (mb, db) = _month_day(a), _month_day(b)
    if ma is None or mb is None:
        return None
    if ma != mb:
        return False
    if da is None or db is None:
        return True
    return da == db


def quantities_agree(a: Mention, b: Mention) -> bool:
    lo_a, hi_a = a.lo if a.lo is not None else -math.inf, a.hi if a.hi is not None else math.inf
    lo_b, hi_b = b.lo if b.lo is not None else -math.inf, b.hi if b.hi is not None else math.inf
    # Strict: "10 km" (9.5-10.5) and "11 km" (10.5-11.5) only touch, and are two different reports.
    return lo_a < hi_b and lo_b < hi_a


def _same_role(a: Mention, b: Mention, ca: set[str], cb: set[str], settings: Settings) -> float:
    """How surely two quantities measure the same thing (0 = not comparable)."""
    roles_differ = (a.qualifier in _ROLES or b.qualifier in _ROLES) and a.qualifier != b.qualifier
    if a.kind != b.kind or a.unit != b.unit or roles_differ:
        return 0.0
    if a.kind == "number" and a.unit is None:
        na = {stem(w) for w in (a.noun or "").split()}
        nb = {stem(w) for w in (b.noun or "").split()}
        if na and nb and not (na & nb):
            return 0.0
        if not (na and nb):
            return 0.0  # a bare count with no noun has no role to compare
    ov = overlap(ca, cb)
    return ov if ov >= settings.min_context_overlap else 0.0


def _same_owner(left: Sentence, a: Mention, right: Sentence, b: Mention) -> bool:
    na, nb = nearest_name(left, a), nearest_name(right, b)
    return na is None or nb is None or bool(na & nb)


def _far_apart(a: Mention, b: Mention) -> bool | None:
    if a.lo is None or b.lo is None or a.hi is None or b.hi is None:
        return None
    return a.lo - b.hi > EVENT_GAP_DAYS or b.lo - a.hi > EVENT_GAP_DAYS


def _different_events(left: Sentence, right: Sentence) -> bool:
    """Sentences dated more than a month apart are about different events (a tally a day
    later is the same event, updated; "Pemilu 2019" and "Pilpres 2024" are not)."""
    verdicts = [_far_apart(a, b) for a in _dates(left) for b in _dates(right)]
    known = [v for v in verdicts if v is not None]
    return bool(known) and all(known)


def _year(m: Mention) -> str | None:
    return m.value[:4] if isinstance(m.value, str) and m.value[:4].isdigit() else None


def _fmt_date(m: Mention) -> str:
    if m.lo is not None and m.granularity in ("day", "minute"):
        d = date.fromordinal(int(m.lo))
        return d.strftime(f"{WEEKDAY_ABBR[d.weekday()]} %d %b %Y").replace(" 0", " ")
    return str(m.value)


def _fmt_qty(m: Mention) -> str:
    return m.text


def compare_pair(pair: ClaimPair, articles: dict[str, Article], settings: Settings) -> list[Discrepancy]:
    left, right = pair.left, pair.right
    out: list[Discrepancy] = []
    shared = overlap(sentence_words(left), sentence_words(right))
    events_differ = _different_events(left, right)
    used_right: set[int] = set()
    for a in left.mentions:
        if a.kind == "date" and a.relative:
            continue  # a bare "Senin" anchored to a publication date is too weak to accuse anyone
        if a.kind in QUANTITY_KINDS and any(
            b.kind == a.kind and b.unit == a.unit and quantities_agree(a, b) for b in right.mentions
        ):
            continue  # the figure is reported the same way somewhere in the other sentence
        ca = context(left, a)
        best: tuple[float, Mention] | None = None
        for b in right.mentions:
            if id(b) in used_right or (b.kind == "date" and b.relative):
                continue
            if a.kind == "date" and b.kind == "date":
                score = _date_role(a, b, ca, context(right, b), pair, shared, settings)
                agree = dates_agree(a, b)
            elif a.kind in QUANTITY_KINDS and b.kind in QUANTITY_KINDS:
                if events_differ or not _same_owner(left, a, right, b):
                    continue
                score = _same_role(a, b, ca, context(right, b), settings)
                agree = quantities_agree(a, b) if score else None
            else:
                continue
            if not score or agree is None:
                continue
            if agree:
                best = None
                break
            if best is None or score > best[0]:
                best = (score, b)
        if best is None:
            continue
        score, b = best
        used_right.add(id(b))
        out.append(_discrepancy(pair, a, b, score, articles))
    return out


def _date_role(
    a: Mention,
    b: Mention,
    ca: set[str],
    cb: set[str],
    pair: ClaimPair,
    shared: float,
    settings: Settings,
) -> float:
    coarse = a.granularity not in COMPARABLE_DATE_GRANULARITY or b.granularity not in COMPARABLE_DATE_GRANULARITY
    if coarse and shared < 0.8:
        return 0.0  # years and decades differ across events far more often than across reports
    if a.relative and b.relative:
        return 0.0  # two "Senin"s anchored to two publication dates say little
    if _year(a) and _year(b) and _year(a) != _year(b) and shared < 0.8:
        return 0.0  # another year is usually another event: India's presidency vs Indonesia's
    ov = overlap(ca, cb)
    if ov >= settings.min_context_overlap:
        return ov
    return 0.0


def _discrepancy(pair: ClaimPair, a: Mention, b: Mention, score: float, articles: dict[str, Article]) -> Discrepancy:
    left, right = pair.left, pair.right
    art_l, art_r = articles[left.article_id], articles[right.article_id]
    claims = [make_claim(art_l, left, a), make_claim(art_r, right, b)]
    confidence = max(0.0, min(1.0, 0.5 * pair.similarity + 0.5 * score))
    if a.kind == "date":
        kind = "date"
        gap = abs((a.lo or 0) - (b.lo or 0)) if a.lo is not None and b.lo is not None else None
        severity = (
            "high"
            if gap is not None and a.granularity in ("day", "minute") and b.granularity in ("day", "minute")
            else "medium"
        )
        message = f'{art_l.id} dates it to {_fmt_date(a)} ("{a.text}"); {art_r.id} has {_fmt_date(b)} ("{b.text}")'
        return Discrepancy(kind, severity, confidence, pair.similarity, message, claims)
    noun = a.noun or b.noun or a.unit or "the quantity"
    severity = "medium"
    update = ""
    if a.noun and b.noun and art_l.published and art_r.published and art_l.published != art_r.published:
        later_l = art_l.published > art_r.published
        later_val_l = float(a.value or 0) > float(b.value or 0)
        if later_l == later_val_l:
            severity, update = "low", " (the later article has the larger figure: likely an update)"
    message = f"{art_l.id} reports {_fmt_qty(a)} for {noun}; {art_r.id} reports {_fmt_qty(b)}{update}"
    return Discrepancy("number", severity, confidence, pair.similarity, message, claims)
