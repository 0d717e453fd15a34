"""Matched mentions that disagree become Discrepancies; everything else stays quiet.

Precision is the point. Two sentences that embed alike are often about a related but
different event, so mentions are compared only when they play the same role (same
kind, same unit, overlapping counted noun and nearby words), only when the sentences
do not date themselves to different events, and only when no reading of the written
precision and hedges makes them agree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date

import numpy as np
from scipy.optimize import linear_sum_assignment

from factcheck import langdata
from factcheck.context import Role
from factcheck.lexicon import lexicon
from factcheck.readings import (  # noqa: F401 (also read as compare.X by the rules' callers)
    _LETTERS,
    _NAME,
    _ROLES,
    _YEAR_DIGITS,
    COMPARABLE_DATE_GRANULARITY,
    LIST_FIGURES,
    MAX_TIME_GAP_MINUTES,
    QUANTITY_KINDS,
    RATIO_APART,
    RELATIVE_DAYS,
    YEARS,
    RoleCache,
    _alone,
    _base_unit,
    _dates_apart,
    _different_events,
    _fmt_date,
    _news_of_the_day,
    _own_day,
    date_score,
    dates_agree,
    frame_features,
    overlap,
    quantities_agree,
    quantity_score,
    specific,
)
from factcheck.settings import Settings
from factcheck.types import Article, Claim, ClaimPair, Discrepancy, Document, Link, Mention, MentionKey, Sentence


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
                        f"but {actual.isoformat()} was not: " + intended_text(actual, m.weekday)
                    ),
                    claims=[claim],
                    suggestions=[
                        d.isoformat() for d in sorted({x for xs in intended_dates(actual, m.weekday) for x in xs})
                    ],
                )
            )
    return out


def _ordinal(n: int) -> str:
    return f"{n}{'th' if 10 <= n % 100 < 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"


def intended_dates(actual: date, weekday: str) -> tuple[list[date], list[date]]:
    """The dates a writer who named ``weekday`` beside ``actual`` likely meant: the nearest day
    with that weekday (before or after: they are never as near), and the days of the month one digit off the
    written day that have it (a typed 14 for a 24 or a 10). The second list leaves out the first's."""
    want = langdata.WEEKDAYS.index(weekday)
    after = (want - actual.weekday()) % 7
    before = 7 - after
    nearest = [actual.fromordinal(actual.toordinal() + after)] if after <= before else []
    if before <= after:
        nearest.insert(0, actual.fromordinal(actual.toordinal() - before))
    typed = f"{actual.day:02d}"
    typos = []
    for i in range(2):
        for digit in "0123456789":
            day = int(typed[:i] + digit + typed[i + 1 :])
            if day == actual.day or not 1 <= day <= 31:
                continue
            try:
                other = actual.replace(day=day)
            except ValueError:
                continue  # the 31st of a 30-day month
            if other.weekday() == want and other not in nearest:
                typos.append(other)
    return nearest, sorted(typos)


def intended_text(actual: date, weekday: str) -> str:
    """ "the 14th was a Sunday; a Wednesday: the 17th, or the 10th or 24th (one digit off)" """
    nearest, typos = intended_dates(actual, weekday)

    def day(d: date) -> str:
        same = d.month == actual.month and d.year == actual.year
        return f"the {_ordinal(d.day)}" if same else f"{d.day} {d.strftime('%B')}"

    text = f"the {_ordinal(actual.day)} was a {actual.strftime('%A')}; a {weekday}: " + " or ".join(map(day, nearest))
    if typos:
        text += ", or " + " or ".join(map(day, typos)) + " (one digit off)"
    return text


def make_claim(article: Article, sent: Sentence, m: Mention) -> Claim:
    line, col = article.line_col(m.start)
    return Claim(
        article=article.id,
        sentence=sent.text,
        mention=m.text,
        value=m.value,
        date=m.date,
        # A time's timescale where a quantity's unit stands: the report says a time was read in UTC or
        # local time, and a finding's fingerprint, which names it, stays the one a baseline accepted.
        unit=m.measure,
        line=line,
        column=col,
        char_start=m.start,
        char_end=m.end,
        sentence_start=sent.start,
    )


@dataclass
class Candidate:
    """Two mentions of aligned sentences that no hard veto keeps apart."""

    a: Mention
    b: Mention
    agree: bool
    rule_score: float  # the word-context reading of ``quantity_score``/``date_score``
    probability: float = 0.0


def _comparable(a: Mention, b: Mention, art_a: Article, art_b: Article, ra: Role, rb: Role) -> bool:
    """Hard vetoes only: different kinds, units, rates or roles are never one fact. ``ra``, ``rb``:
    the mentions' word readings (an age's holder is their counted noun)."""
    if a.kind == "date" or b.kind == "date":
        return a.kind == b.kind and _anchored(a, art_a) and _anchored(b, art_b)
    if a.kind == "time" or b.kind == "time":  # "by 7 a.m." bounds a time, it does not give one
        bounded = {a.qualifier, b.qualifier} & {"at_most", "at_least"}
        return a.kind == b.kind and a.measure == b.measure and _same_half_day(a, b) and not bounded
    if a.kind not in QUANTITY_KINDS or a.kind != b.kind:
        return False
    (ua, pa), (ub, pb) = _base_unit(a), _base_unit(b)
    if ua != ub or (pa and pb and pa != pb):
        return False
    if _year_like(a) != _year_like(b):
        return False  # "the 2012 shooting" against "two counts of murder"
    two_units = _written_unit(a, art_a.language) != _written_unit(b, art_b.language) if a.kind == "duration" else False
    if two_units and not quantities_agree(a, b):
        return False  # "two years" since a death against the "two decades" of a rule
    roles_differ = (a.qualifier in _ROLES or b.qualifier in _ROLES) and a.qualifier != b.qualifier
    if roles_differ and a.kind != "percent":
        return False
    return not _other_holder(a, ra, art_a.language, b, rb, art_b.language) and not _apart_by_ratio(a, b)


def _apart_by_ratio(a: Mention, b: Mention) -> bool:
    """Values too far apart to be one value misreported. One person's age is misreported by a
    birthday or a slipped digit, not by half again: ages that far apart belong to two people; a
    swapped pair of digits (16/61) is missed for it. A slipped digit is no such bound ("$2 million"
    against "$5 million": the benchmark's planted errors). Sums of money far apart were two sums in
    the labelled pairs. Counts are not bounded (300 against 923 rounds was a real conflict), nor
    are durations, where a bound moved no finding. The counts: docs/design.md, "Comparison rules"."""
    cap = RATIO_APART.get("age" if a.unit == "age" and b.unit == "age" else a.kind)
    if cap is None or not (a.lo and b.lo and a.hi and b.hi) or min(a.hi, b.hi) <= 0:
        return False
    return max(a.lo, b.lo) > cap * min(a.hi, b.hi) and not _one_digit_apart(a, b)


def _one_digit_apart(a: Mention, b: Mention) -> bool:
    """A slipped digit: two values of as many digits that differ in one place ("$2 million" against
    "$5 million", "31" against "32") may be one value misreported, however far apart."""
    if not isinstance(a.value, int | float) or not isinstance(b.value, int | float):
        return False
    da, db = f"{float(a.value):.2f}", f"{float(b.value):.2f}"
    return len(da) == len(db) and sum(x != y for x, y in zip(da, db, strict=True)) == 1


def _year_like(m: Mention) -> bool:
    """A bare four-digit number in the range of years is a year ("in 2007", "the 2012 shooting"),
    and a year is compared only with a year: in the labelled pairs a year-like number against any
    other number was never one fact ("2013 Toyota Camry" against the victim's 59 years;
    docs/design.md)."""
    return (
        m.kind == "number"
        and m.unit is None
        and bool(_YEAR_DIGITS.fullmatch(m.text))
        and YEARS[0] <= float(m.value or 0) <= YEARS[1]  # type: ignore[arg-type]
    )


def _written_unit(m: Mention, language: str | None) -> float | None:
    """The time unit a duration was written in, as its length in days ("decades" 3652.5). A writer
    who gives a span in other units gives another span ("60 days" in jail against a "12-year"
    sentence, "four days" of deliberation against "30 hours"); in the labelled pairs none was one
    fact (docs/design.md). The unit is read in the mention's own language and compared as a length:
    "two decades" and "dua dekade" were written in one unit."""
    units = lexicon(language).duration_units
    words = [w.lower() for w in _LETTERS.findall(m.text)]  # "five-year", "quarter-century"
    return next((units[w] for w in reversed(words) if w in units), None)


def _anchored(m: Mention, article: Article) -> bool:
    """A date written out, or a relative one that names a day of its article's own week
    ("yesterday", "on Friday"): read from the publication day, it is as sure as that day. Counted
    ones ("eight days ago", "12 weeks ago") are often counted from another day than publication."""
    if not m.relative:
        return True
    own = _own_day(m, article)
    return m.granularity == "day" and own is not None and abs(own) <= RELATIVE_DAYS


def _same_half_day(a: Mention, b: Mention) -> bool:
    """Two clock times of one event lie within half a day of each other. Further apart, the days
    they took (from their sentence, paragraph or publication) are more likely wrong than the times."""
    return a.lo is not None and b.lo is not None and abs(a.lo - b.lo) < MAX_TIME_GAP_MINUTES


def _other_holder(a: Mention, ra: Role, lang_a: str, b: Mention, rb: Role, lang_b: str) -> bool:
    """Two ages of two people: "the 36-year-old driver" against "a 66-year-old woman". Only common
    nouns are trusted: "32-year-old Englishman" and "31-year-old Robert Buckley" are one man.
    (Ages far apart are two people whoever holds them: see ``_apart_by_ratio``.) An age's holder
    is its counted noun, in its word reading (``ra``, ``rb``)."""
    if a.unit != "age" or b.unit != "age" or not ra.noun or not rb.noun:
        return False
    ha, hb = ra.noun.split()[0], rb.noun.split()[0]
    return ha.islower() and hb.islower() and lexicon(lang_a).stem(ha) != lexicon(lang_b).stem(hb)


def _holder(m: Mention, role: Role, sentence: Sentence, language: str) -> str | None:
    """The name an age is given to ("the 32-year-old Peterson on ...", "27-year-old Christopher
    Kenyon Simpson"); a capitalised word before a common noun is a nationality ("a 32-year-old
    British climber"), not a name. The holder is the age's counted noun, in its word reading."""
    held = role.noun
    if m.unit != "age" or not held or not held[:1].isupper():
        return None
    rel = m.end - sentence.start
    after = re.match(r"[^A-Za-z]*[A-Za-z-]*[^A-Za-z]*" + re.escape(held) + r"\W+([\w'’-]+)?", sentence.text[rel:])
    nxt = after.group(1) if after else None
    if nxt and nxt[:1].islower() and nxt.lower() not in lexicon(language).stop:
        return None
    return held.lower()


def _strangers(
    a: Mention, left: Sentence, art_a: Article, b: Mention, right: Sentence, art_b: Article, cache: RoleCache
) -> bool:
    """Two ages held by two named people ("the 32-year-old Peterson", "27-year-old Christopher
    Kenyon Simpson"), each named nowhere in the other article, are two people's. A holder the
    other article also names ("31-year-old Robert Buckley" against "32-year-old Englishman Robert
    Buckley") may be one man, and so may a nationality ("a 32-year-old British climber")."""
    if a.unit != "age" or b.unit != "age":
        return False
    ra, rb = cache.context(left, a).words, cache.context(right, b).words
    ha, hb = _holder(a, ra, left, art_a.language), _holder(b, rb, right, art_b.language)
    if ha is None or hb is None or ha == hb:
        return False
    return ha not in cache.article_names(art_b) and hb not in cache.article_names(art_a)


def _named_apart(left: Sentence, art_l: Article, right: Sentence, art_r: Article, cache: RoleCache) -> bool:
    """Each sentence names only people and places the other article never names: "The jury
    convicted the 32-year-old Peterson on Nov. 12" against "Prosecutors have charged ...
    Christopher Kenyon Simpson ... in the April 2012 shooting death of ... Ka'Loni Flynn of Fort
    Smith". Their dates are of two events. Used for dates only: for figures it silenced real
    conflicts where one agency is named two ways ("the Labor Department said" against "the
    government reported ... in the United States")."""
    na, nb = _names(left, art_l.language), _names(right, art_r.language)
    if not na or not nb:
        return False
    return not (na & cache.article_names(art_r)) and not (nb & cache.article_names(art_l))


def _names(sentence: Sentence, language: str) -> set[str]:
    stop = lexicon(language).stop
    return {w.lower() for w in _NAME.findall(sentence.text)[1:] if w.lower() not in stop and len(w) > 2}


def articles_apart(name_overlap: float, cross_lingual: bool, settings: Settings) -> bool:
    """Two articles in one language that share too few names (``RoleCache.name_overlap``) name
    different people and places: reports of different events. Across languages names are
    spelled apart, so the test is not made."""
    return not cross_lingual and name_overlap < settings.min_article_name_overlap


def candidates(pair: ClaimPair, articles: dict[str, Article], settings: Settings, cache: RoleCache) -> list[Candidate]:
    """Every mention pair of two aligned sentences that could be one fact, with the rules' reading."""
    left, right = pair.left, pair.right
    art_l, art_r = articles[left.article_id], articles[right.article_id]
    cross_lingual = art_l.language != art_r.language
    if articles_apart(cache.name_overlap(art_l, art_r), cross_lingual, settings):
        return []
    events_differ = _different_events(left, art_l, right, art_r)
    dated = any(m.kind == "date" for m in left.mentions) and any(m.kind == "date" for m in right.mentions)
    names_apart = dated and _named_apart(left, art_l, right, art_r, cache)
    shared = overlap(cache.sentence_words(left), cache.sentence_words(right))
    different_days = bool(art_l.published and art_r.published and art_l.published.date() != art_r.published.date())
    out: list[Candidate] = []
    for a in left.mentions:
        ra = cache.context(left, a).words
        for b in right.mentions:
            rb = cache.context(right, b).words
            if not _comparable(a, b, art_l, art_r, ra, rb) or _strangers(a, left, art_l, b, right, art_r, cache):
                continue
            if (ra.market or rb.market) and (different_days or len(ra.names & rb.names) < 2):
                continue  # market reports: another day's, or another benchmark's, figures
            if a.kind == "date":
                if names_apart or _news_of_the_day(a, art_l, b, art_r) or _dates_apart(a, b):
                    continue
                agree = dates_agree(a, b)
                rule = date_score(a, b, ra, rb, shared, cross_lingual, settings)
            else:
                if events_differ:
                    continue
                agree = quantities_agree(a, b)
                rule = quantity_score(a, b, ra, rb, cross_lingual, _alone(a, left) and _alone(b, right), settings)
            if agree is None:
                continue
            out.append(Candidate(a, b, bool(agree), rule))
    return out


def compare_pair(
    pair: ClaimPair, articles: dict[str, Article], settings: Settings, cache: RoleCache | None = None
) -> list[Link]:
    """The mentions of two aligned sentences read as one fact, agreeing or not.

    Explain before accusing: a figure the other sentence states too is matched first; the rest are
    paired one to one by their probability of being one fact. Agreements are kept: they make the
    majority of a fact group (see ``facts``)."""
    cache = cache or RoleCache(articles=articles.values())
    cands = candidates(pair, articles, settings, cache)
    for c in cands:
        c.probability = c.rule_score if c.rule_score >= settings.min_context_overlap else 0.0
    threshold = settings.min_context_overlap
    kept = [c for c in cands if c.probability >= threshold]
    out: list[Link] = []
    taken: set[MentionKey] = set()
    for c in sorted((c for c in kept if c.agree), key=lambda c: -c.probability):
        if c.a.key not in taken and c.b.key not in taken:
            taken |= {c.a.key, c.b.key}
            out.append(Link(pair.left, c.a, pair.right, c.b, True, c.probability, pair.similarity))
    # A figure stated the same way anywhere in the other sentence is never accused.
    agreeing = {c.a.key for c in cands if c.agree} | {c.b.key for c in cands if c.agree}
    rest = [c for c in kept if not c.agree and c.a.key not in agreeing and c.b.key not in agreeing]
    art_l, art_r = articles[pair.left.article_id], articles[pair.right.article_id]
    cross_lingual = art_l.language != art_r.language
    for c in _assign(rest):
        if (
            _explained(c.a, pair.left, art_r, cache, cross_lingual, settings)
            or _explained(c.b, pair.right, art_l, cache, cross_lingual, settings)
            or _part_of(c.a, pair.left, c.b)
            or _part_of(c.b, pair.right, c.a)
            or _out_of_order(c.a, pair.left, c.b, pair.right)
            or _side_by_side(c.a, c.b, cache)
            or (c.a.kind != "date" and not cache.corroborated(c.a, art_l, c.b, art_r))
        ):
            continue
        out.append(Link(pair.left, c.a, pair.right, c.b, False, c.probability, pair.similarity))
    return out


def give_reasons(links: list[Link], cache: RoleCache) -> list[Link]:
    """The links with what an editor needs to see to agree two disagreeing mentions are one fact:
    the frame they share. Given after the decision and only for the links a finding shows
    (``facts``), so that without the model only their sentences are parsed."""
    out = []
    for link in links:
        if link.agree:
            out.append(link)
            continue
        fa, fb = cache.context(link.left, link.a).parse, cache.context(link.right, link.b).parse
        shared = frame_features(fa, fb)
        parts = []
        if fa.counted and fb.counted and shared["counted_same"]:
            parts.append(f"both about {fa.counted}")
        if fa.predicate and shared["predicate_same"]:
            parts.append(f"both governed by '{fa.predicate}'")
        names = sorted(fa.participants & fb.participants)
        if names:
            parts.append("both name " + ", ".join(names[:4]))
        if link.evidence:
            parts.append("strongest evidence: " + ", ".join(n.replace("_", " ") for n in link.evidence))
        out.append(replace(link, reason="; ".join(parts)))
    return out


def _assign(cands: list[Candidate]) -> list[Candidate]:
    """One-to-one: each mention is one fact with at most one mention of the other sentence."""
    if not cands:
        return []
    # In sentence order, never by memory address, which would break ties differently from run to run.
    rows = list(dict.fromkeys(c.a.key for c in cands))
    cols = list(dict.fromkeys(c.b.key for c in cands))
    ri, ci = {k: n for n, k in enumerate(rows)}, {k: n for n, k in enumerate(cols)}
    cost = np.zeros((len(rows), len(cols)))
    at: dict[tuple[int, int], Candidate] = {}
    for c in cands:
        r, k = ri[c.a.key], ci[c.b.key]
        if c.probability > -cost[r, k]:
            cost[r, k] = -c.probability
            at[r, k] = c
    out = []
    for r, k in zip(*linear_sum_assignment(cost), strict=True):
        if (r, k) in at:
            out.append(at[r, k])
    return out


def _out_of_order(a: Mention, left: Sentence, b: Mention, right: Sentence) -> bool:
    """In a list of figures ("seven AK-47s, three other rifles, 13 loaded magazines"), a figure is
    paired with the one at its own place in the other list: context words cannot tell the items of
    a list apart, and their order mostly holds across reports (docs/design.md has what it changed).
    Two figures are no list: "40.000 unit dari 4 juta target"
    and "target 1 juta unit ... 135.000 unit" put the same pair in either order."""
    if a.kind not in QUANTITY_KINDS:
        return False
    key = (a.kind, _base_unit(a)[0])
    la = [x for x in left.mentions if (x.kind, _base_unit(x)[0]) == key]
    lb = [x for x in right.mentions if (x.kind, _base_unit(x)[0]) == key]
    if max(len(la), len(lb)) < LIST_FIGURES:
        return False
    return next(i for i, x in enumerate(la) if x is a) != next(i for i, x in enumerate(lb) if x is b)


def _side_by_side(a: Mention, b: Mention, cache: RoleCache) -> bool:
    """Explain before accusing: a sentence anywhere in the run that states both values as two
    things ("about 150 nautical miles off Aden and INS Mysore was about 13 nautical miles away";
    "the new 11-inch and 13-inch Macbook Air models") shows they are two facts, not one fact
    reported two ways (docs/design.md has what it changed). Small bare counts are left out: "two"
    and "three" stand side by side by chance, and counting them lost a real two-or-three conflict."""
    if not (specific(a) and specific(b)):
        return False
    return (a.kind, _base_unit(a)[0], a.value, b.value) in cache.together


def _part_of(m: Mention, sentence: Sentence, total: Mention) -> bool:
    """Part and whole: "12 Somali and 11 Yemeni" against "23 pirates" is one count, split. The
    parts are a run of neighbouring figures of one kind and unit that includes this one."""
    if m.kind not in QUANTITY_KINDS or total.lo is None or total.hi is None:
        return False
    figures = [x for x in sentence.mentions if x.kind == m.kind and _base_unit(x) == _base_unit(m)]
    if any(not isinstance(x.value, int | float) for x in figures):
        return False
    i = next(n for n, x in enumerate(figures) if x is m)
    for start in range(i + 1):
        for end in range(max(i + 1, start + 2), len(figures) + 1):
            whole = sum(float(x.value) for x in figures[start:end])  # type: ignore[arg-type]
            if total.lo <= whole <= total.hi:
                return True
    return False


def _explained(
    m: Mention, sent: Sentence, other: Article, cache: RoleCache, cross_lingual: bool, settings: Settings
) -> bool:
    """Explain before accusing: the other article states this very value, elsewhere, about the same
    thing ("Hansbrough scored 20" is not contradicted by his career total when the other article
    also gives his 20). The same frame test as for an accusation decides "about the same thing"."""
    rm = cache.context(sent, m).words
    for s2, x in cache.stated.get((other.id, m.kind, _base_unit(m)[0]), []):
        rx = cache.context(s2, x).words
        if m.kind == "date":
            if x.relative or dates_agree(m, x) is not True:
                continue
            shared = overlap(cache.sentence_words(sent), cache.sentence_words(s2))
            if date_score(m, x, rm, rx, shared, cross_lingual, settings):
                return True
        elif quantities_agree(m, x) and quantity_score(
            m, x, rm, rx, cross_lingual, _alone(m, sent) and _alone(x, s2), settings
        ):
            return True
    return False
