"""Named features of one proposed mention pair: every reading the hand rules made, and more.

The rules of ``compare`` used to veto a pair outright (another holder, values too far apart, dates
of two events, a market report). Each is a feature here, so a model learned across every real
topic weighs it, instead of one rule fitted to the one topic that suggested it. Only physics stays
a hard constraint: kind and dimension (``proposals.comparable``).
"""

from __future__ import annotations

import math
from functools import cache

from factcheck import compare, readings
from factcheck.decide.proposals import Proposal
from factcheck.readings import frame_features
from factcheck.settings import Settings
from factcheck.types import Article, Mention, Sentence

# Unit factors a writer converts with (miles/km, feet/metres, pounds/kg, square feet/metres,
# Fahrenheit-free): one value being the other times one of these, read in the same unit, is a
# conversion written twice, not two values.
CONVERSIONS = (1.609344, 3.28084, 2.20462, 10.7639, 0.3048, 0.621371, 0.453592, 0.0929)

FEATURES = (
    # how the pair was found
    "by_sentence",
    "by_mention",
    "key_shared",
    "similarity",
    "dense",
    "lexical",
    # word context (compare's readings)
    "shared_words",
    "near_overlap",
    "left_overlap",
    "same_head",
    "roles_same",
    "roles_differ",
    "modifier_conflict",
    "owner_same",
    "owner_conflict",
    "noun_same",
    "noun_conflict",
    "noun_missing",
    "shared_names",
    "statement_both",
    "statement_one",
    "figures",
    "both_alone",
    "rule_score",
    "rules_would_flag",
    "place_conflict",
    "projection_differ",
    "planned_differ",
    "span_any",
    "span_same",
    "span_differ",
    "span_one",
    # kinds
    "is_date",
    "is_time",
    "is_money",
    "is_percent",
    "is_duration",
    "is_age",
    "is_measure",
    "coarse_date",
    "agree",
    # the values
    "rel_diff",
    "log_ratio",
    "one_digit_apart",
    "conversion",
    "apart_by_ratio",
    "year_vs_count",
    "written_unit_differ",
    "qualifier_role_differ",
    "hedged",
    "small_count",
    "log_value",
    "days_apart",
    "dates_apart",
    "date_relative",
    "date_unanchored",
    "year_placed",
    # holders and attribution
    "other_holder",
    "strangers",
    "attribution_both",
    "attribution_differ",
    # event identity
    "events_differ",
    "event_days_apart",
    "names_apart",
    "news_of_the_day",
    "market",
    "corroborated",
    "article_names",
    "published_apart",
    "cross_lingual",
    "short_sentence",
    # explain before accusing
    "explained",
    "part_of",
    "out_of_order",
    "side_by_side",
    "agreeing_elsewhere",
    # the parse
    "predicate_same",
    "predicate_conflict",
    "counted_same",
    "counted_conflict",
    "participants_jaccard",
    "participants_conflict",
    "anchor_conflict",
    "reported",
)


def _number(m: Mention) -> float | None:
    if isinstance(m.value, int | float):
        return float(m.value)
    return None


def _value_features(a: Mention, b: Mention) -> dict[str, float]:
    va, vb = _number(a), _number(b)
    f = {"rel_diff": 0.0, "log_ratio": 0.0, "conversion": 0.0, "log_value": 0.0, "small_count": 0.0}
    if va is not None and vb is not None:
        big = max(abs(va), abs(vb))
        f["rel_diff"] = abs(va - vb) / big if big else 0.0
        f["log_value"] = math.log10(1 + big)
        if va > 0 and vb > 0:
            ratio = max(va, vb) / min(va, vb)
            f["log_ratio"] = math.log(ratio)
            f["conversion"] = float(any(abs(math.log(ratio) - abs(math.log(c))) < 0.015 for c in CONVERSIONS))
        f["small_count"] = float(a.kind == "number" and a.unit is None and big < 13 and va == int(va))
    elif a.lo is not None and b.lo is not None and a.kind in ("date", "time"):
        gap = max(0.0, max(a.lo, b.lo) - min(a.hi or a.lo, b.hi or b.lo))
        f["rel_diff"] = min(1.0, gap / 31.0) if a.kind == "date" else min(1.0, gap / 720.0)
    return f


def features(p: Proposal, articles: dict[str, Article], cache_: compare.RoleCache) -> dict[str, float]:
    a, b, left, right = p.a, p.b, p.left, p.right
    art_l, art_r = articles[left.article_id], articles[right.article_id]
    ca, cb = cache_.context(left, a), cache_.context(right, b)
    ra, rb = ca.words, cb.words
    cross = art_l.language != art_r.language
    shared_words = compare.overlap(cache_.sentence_words(left), cache_.sentence_words(right))
    is_date = a.kind == "date"
    agree = compare.dates_agree(a, b) if is_date else compare.quantities_agree(a, b)
    alone = compare._alone(a, left) and compare._alone(b, right)
    if is_date:
        rule = compare.date_score(a, b, ra, rb, shared_words, cross, _settings())
    else:
        rule = compare.quantity_score(a, b, ra, rb, cross, alone, _settings())
    na, nb = ra.nouns, rb.nouns
    mods = False
    for role in ra.roles & rb.roles:
        ma = {m for r, m in ra.modifiers if r == role}
        mb = {m for r, m in rb.modifiers if r == role}
        mods = mods or bool(ma and mb and not (ma & mb))
    apart = 0.0
    if art_l.published and art_r.published:
        apart = abs((art_l.published - art_r.published).days)
    dated = any(m.kind == "date" for m in left.mentions) and any(m.kind == "date" for m in right.mentions)
    att_a, att_b = ra.attribution, rb.attribution
    days = 0.0
    if is_date and a.lo is not None and b.lo is not None:
        days = math.log1p(max(0.0, max(a.lo, b.lo) - min(a.hi or a.lo, b.hi or b.lo)))
    agreeing_elsewhere = any(comparable_agree(a, x) for x in right.mentions if x is not b) or any(
        comparable_agree(b, x) for x in left.mentions if x is not a
    )
    f: dict[str, float] = {
        "by_sentence": float(p.by_sentence),
        "by_mention": float(p.by_mention),
        "key_shared": math.log1p(p.key_shared),
        "similarity": p.similarity,
        "dense": p.dense,
        "lexical": p.lexical,
        "shared_words": shared_words,
        "near_overlap": compare.overlap(ra.near, rb.near),
        "left_overlap": compare.overlap(ra.left, rb.left),
        "same_head": float(ra.head is not None and ra.head == rb.head),
        "roles_same": float(bool(ra.roles & rb.roles)),
        "roles_differ": float(bool(ra.roles and rb.roles and not (ra.roles & rb.roles))),
        "modifier_conflict": float(mods),
        "owner_same": float(bool(ra.owner and rb.owner and ra.owner & rb.owner)),
        "owner_conflict": float(bool(ra.owner and rb.owner and not (ra.owner & rb.owner))),
        "noun_same": float(bool(na & nb)),
        "noun_conflict": float(bool(na and nb and not (na & nb))),
        "noun_missing": float(not na or not nb),
        "shared_names": math.log1p(len(ra.names & rb.names)),
        "statement_both": float(ra.statement and rb.statement),
        "statement_one": float(ra.statement != rb.statement),
        "figures": math.log1p(len(left.mentions) + len(right.mentions)),
        "both_alone": float(alone),
        "rule_score": rule,
        "place_conflict": float(bool(ra.place and rb.place and ra.place != rb.place)),
        "projection_differ": float(ra.projection != rb.projection),
        "planned_differ": float(ra.planned != rb.planned),
        # Span words are compared as words only within one language.
        "span_any": float(bool(ra.spans or rb.spans)),
        "span_same": float(not cross and bool(ra.spans) and ra.spans == rb.spans),
        "span_differ": float(not cross and bool(ra.spans) and bool(rb.spans) and ra.spans != rb.spans),
        "span_one": float(bool(ra.spans) != bool(rb.spans)),
        "is_date": float(is_date),
        "is_time": float(a.kind == "time"),
        "is_money": float(a.kind == "money"),
        "is_percent": float(a.kind == "percent"),
        "is_duration": float(a.kind == "duration"),
        "is_age": float(a.unit == "age"),
        "is_measure": float(a.kind == "number" and a.unit not in (None, "age")),
        "coarse_date": float(
            is_date
            and (
                a.granularity not in compare.COMPARABLE_DATE_GRANULARITY
                or b.granularity not in compare.COMPARABLE_DATE_GRANULARITY
            )
        ),
        "agree": float(bool(agree)),
        "one_digit_apart": float(compare._one_digit_apart(a, b)),
        "apart_by_ratio": float(not is_date and compare._apart_by_ratio(a, b)),
        "year_vs_count": float(not is_date and compare._year_like(a) != compare._year_like(b)),
        "written_unit_differ": float(
            a.kind == "duration"
            and compare._written_unit(a, art_l.language) != compare._written_unit(b, art_r.language)
            and not agree
        ),
        "qualifier_role_differ": float(
            (a.qualifier in compare._ROLES or b.qualifier in compare._ROLES) and a.qualifier != b.qualifier
        ),
        "hedged": float(bool(a.qualifier or b.qualifier or a.approx or b.approx)),
        "days_apart": days,
        "dates_apart": float(is_date and compare._dates_apart(a, b)),
        "date_relative": float(a.relative or b.relative),
        "date_unanchored": float(is_date and not (compare._anchored(a, art_l) and compare._anchored(b, art_r))),
        "year_placed": float(a.year_placed or b.year_placed or a.year_guessed or b.year_guessed),
        "other_holder": float(compare._other_holder(a, ra, art_l.language, b, rb, art_r.language)),
        "strangers": float(compare._strangers(a, left, art_l, b, right, art_r, cache_)),
        "attribution_both": float(bool(att_a and att_b)),
        "attribution_differ": float(bool(att_a and att_b and not (att_a & att_b))),
        "events_differ": float(compare._different_events(left, art_l, right, art_r)),
        "event_days_apart": _event_days_apart(left, art_l, right, art_r),
        "names_apart": float(dated and compare._named_apart(left, art_l, right, art_r, cache_)),
        "news_of_the_day": float(is_date and compare._news_of_the_day(a, art_l, b, art_r)),
        "market": float(ra.market or rb.market),
        "corroborated": float(cache_.corroborated(a, art_l, b, art_r)),
        "article_names": cache_.name_overlap(art_l, art_r),
        "published_apart": math.log1p(apart),
        "cross_lingual": float(cross),
        "short_sentence": float(min(len(left.text), len(right.text)) < 60),
        "explained": float(
            not agree
            and (
                compare._explained(a, left, art_r, cache_, cross, _settings())
                or compare._explained(b, right, art_l, cache_, cross, _settings())
            )
        ),
        "part_of": float(not is_date and (compare._part_of(a, left, b) or compare._part_of(b, right, a))),
        "out_of_order": float(compare._out_of_order(a, left, b, right)),
        "side_by_side": float(compare._side_by_side(a, b, cache_)),
        "agreeing_elsewhere": float(agreeing_elsewhere),
    }
    f.update(_value_features(a, b))
    f.update(frame_features(ca.parse, cb.parse))
    f["rules_would_flag"] = float(_rules_would_flag(f))
    return f


# The hand rules' vetoes, each now a feature; together they were the last engine's decision, which
# the model gets as one feature beside its parts.
_VETOES = (
    "other_holder",
    "apart_by_ratio",
    "year_vs_count",
    "written_unit_differ",
    "qualifier_role_differ",
    "strangers",
    "dates_apart",
    "names_apart",
    "news_of_the_day",
    "events_differ",
    "explained",
    "part_of",
    "out_of_order",
    "side_by_side",
    "agreeing_elsewhere",
    "date_unanchored",
)


def rule_vetoes(f: dict[str, float]) -> tuple[str, ...]:
    """The hand rules' tests a pair's features fail, by name: "context" when its words do not meet
    (``rule_score``), each of ``_VETOES``, "market", "uncorroborated". None for a pair they would
    report if it disagrees."""
    failed = [] if f["rule_score"] > 0 else ["context"]
    failed += [v for v in _VETOES if f[v]]
    if f["market"] and (f["published_apart"] > 0 or f["shared_names"] < math.log1p(2)):
        failed.append("market")
    if not (f["is_date"] or f["corroborated"]):
        failed.append("uncorroborated")
    return tuple(failed)


def _rules_would_flag(f: dict[str, float]) -> bool:
    return not f["agree"] and not rule_vetoes(f)


def _event_days_apart(left: Sentence, art_l: Article, right: Sentence, art_r: Article) -> float:
    """Days between the days two sentences speak of (their own dates, else their publication
    days), log-scaled; -1 when either has none. A price or a count of another day is another fact."""
    days = {"day", "minute"}
    ta = [m for m in readings._event_times(left, art_l) if m.granularity in days]
    tb = [m for m in readings._event_times(right, art_r) if m.granularity in days]
    if not ta or not tb:
        return -1.0
    gap = min(max(0.0, max(a.lo, b.lo) - min(a.hi, b.hi)) for a in ta for b in tb)  # type: ignore[type-var, arg-type]
    return math.log1p(gap)


def comparable_agree(a: Mention, x: Mention) -> bool:
    """``x`` is of ``a``'s dimension and states its value."""
    from factcheck.decide.proposals import comparable

    if not comparable(a, x):
        return False
    return bool(compare.dates_agree(a, x)) if a.kind == "date" else compare.quantities_agree(a, x)


@cache
def _settings() -> Settings:  # the rule readings' thresholds, as the rules used them
    return Settings()
