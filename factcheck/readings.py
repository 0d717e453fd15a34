"""How two mentions' readings compare, and the per-run cache that holds them.

The readings every decision uses: how surely two mentions' contexts (``context``: what each is
about) make them one fact, whether two values agree as written, the tests that tell two events
apart, and the per-run cache that holds the contexts. ``compare`` (the hand rules) and
``decide.features`` (the learned decision's features) read the same readings.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from datetime import date

from factcheck import context
from factcheck.context import _NAME, _WORD, Contexts, MentionContext, Role
from factcheck.frames import Frame
from factcheck.lexicon import lexicon
from factcheck.settings import Settings
from factcheck.types import Article, DateValue, Document, Mention, Sentence

EVENT_GAP_DAYS = 31  # month- or year-dated sentences further apart are different events
DAY_EVENT_GAP_DAYS = 3  # two day-dated sentences further apart are different events
SAME_NEWS_CYCLE_DAYS = 3  # articles published further apart cover different days' news
RECENT_DAYS = 14  # a date this close to its article's publication is that article's news
RELATIVE_DAYS = 7  # "yesterday", "on Friday": a day of the article's own week
# Quantities in these roles are only compared with the same role: "dari Rp 6.500" (the old
# value), "naik Rp 2.000" (the change), "per hari" (a rate).
_ROLES = {"from", "change", "other"}
QUANTITY_KINDS = {"number", "money", "percent", "duration"}
MAX_TIME_GAP_MINUTES = 12 * 60  # see _same_half_day
LIST_FIGURES = 3  # a sentence with this many figures of one kind and unit is a list (_out_of_order)
# Values of one fact further apart than this ratio are two facts' (see _apart_by_ratio).
RATIO_APART = {"age": 1.5, "money": 1.5}
COMPARABLE_DATE_GRANULARITY = {"day", "minute", "month", "week"}
WEEKDAY_ABBR = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
YEARS = (1900, 2100)  # a bare four-digit number in this range is a year (_year_like)
_YEAR_DIGITS = re.compile(r"\d{4}")
_LETTERS = re.compile(r"[^\W\d_]+")


def sentence_words(sentence: Sentence, language: str | None) -> set[str]:
    lex = lexicon(language)
    return {lex.stem(w) for w in _WORD.findall(sentence.text) if w.lower() not in lex.stop and len(w) > 2}


def overlap(a: set[str], b: set[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def _dates(s: Sentence) -> list[Mention]:
    return [m for m in s.mentions if m.kind == "date"]


def _month_day(m: Mention) -> tuple[int | None, int | None]:
    """Month and day of a date (a range's first), also when its year is unknown ("XXXX-09-04")."""
    return (m.date.month, m.date.day) if m.date is not None else (None, None)


def _same_weekday_other_week(a: Mention, b: Mention) -> bool:
    """A relative weekday ("on Saturday") read from a publication day only guesses its week: one published
    ten days after the event puts it a week late. Two dates naming the same weekday, one of them
    relative, agree on all their writer said."""
    if not (a.relative or b.relative) or not a.weekday or a.weekday != b.weekday:
        return False
    return a.lo is not None and b.lo is not None and a.lo == a.hi and b.lo == b.hi and (a.lo - b.lo) % 7 == 0


def dates_agree(a: Mention, b: Mention) -> bool | None:
    """True/False when the two dates can be compared, None when they cannot.

    A year the article did not write ("April 9", placed by its publication date) never accuses:
    the same day and month agree whatever years the two publication dates put them in."""
    if _same_weekday_other_week(a, b):
        return True
    placed = a.year_placed or a.year_guessed or b.year_placed or b.year_guessed
    if placed and _month_day(a)[0] is not None and _month_day(a) == _month_day(b):
        return True
    if a.lo is not None and b.lo is not None and a.hi is not None and b.hi is not None:
        if a.lo != a.hi and b.lo != b.hi and a.granularity == b.granularity == "day":
            return (a.lo, a.hi) == (b.lo, b.hi)  # two ranges for one event must match exactly
        return a.lo <= b.hi and b.lo <= a.hi
    if a.weekday and b.weekday and (a.lo is None or b.lo is None) and a.granularity == b.granularity == "day":
        # "on Friday" in an article with no publication day names no day, but one day has one
        # weekday: whatever the week, a Friday and a Tuesday are two days.
        return a.weekday == b.weekday
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
    if (lo_a, hi_a) == (lo_b, hi_b):
        return True  # one exact value written twice ("2-1/2 years", "2 1/2 years"): an empty interval each
    # Strict: "10 km" (9.5-10.5) and "11 km" (10.5-11.5) only touch, and are two different reports.
    return lo_a < hi_b and lo_b < hi_a


def _base_unit(m: Mention) -> tuple[str | None, str | None]:
    """What a mention counts and per what ("USD/day": USD, day), from ``Mention.measure``: a clock
    time's is its timescale, so times told in UTC, local time or any day's clock stay apart."""
    base, _, per = (m.measure or "").partition("/")
    return base or None, per or None


def quantity_score(
    a: Mention, b: Mention, ra: Role, rb: Role, cross_lingual: bool, only_pair: bool, settings: Settings
) -> float:
    """How surely two quantities measure the same thing (0 = not comparable).

    Across languages no context word can match, so there the structure has to: an aligned
    pair of sentences that each hold exactly one figure of this kind and unit.
    """
    if a.kind != b.kind:
        return 0.0
    (ua, pa), (ub, pb) = _base_unit(a), _base_unit(b)
    if ua != ub or (pa and pb and pa != pb):
        return 0.0  # "per hari" and "per tahun" are different rates
    if ra.projection != rb.projection:
        return 0.0  # a target or a forecast against an actual figure
    roles_differ = (a.qualifier in _ROLES or b.qualifier in _ROLES) and a.qualifier != b.qualifier
    if roles_differ and a.kind != "percent":  # "rose 3.2 percent" and "naik menjadi 3,2 persen" are one rate
        return 0.0  # "dari Rp 6.500" is the old price, "naik Rp 2.000" the change
    if cross_lingual:
        return 0.5 if only_pair else 0.0
    if ra.owner and rb.owner and not (ra.owner & rb.owner):
        return 0.0  # Anies-Muhaimin's share against Ganjar-Mahfud's
    if ra.place and rb.place and ra.place != rb.place:
        return 0.0  # "60 per cent in India" against "80 percent in Egypt"; Jakarta against the nation
    if ra.roles and rb.roles and not (ra.roles & rb.roles):
        return 0.0  # the missing against the injured
    for role in ra.roles & rb.roles:
        ma = {m for r, m in ra.modifiers if r == role}
        mb = {m for r, m in rb.modifiers if r == role}
        if ma and mb and not (ma & mb):
            return 0.0  # "harga solar" against "harga premium"
    same_role = bool(ra.roles & rb.roles)
    same_head = ra.head is not None and ra.head == rb.head
    na, nb = ra.nouns, rb.nouns
    if a.kind == "percent" and na and nb and not (na & nb):
        return 0.0  # shares of two things: "68 per cent of Greeks" against "a 4.5 percent margin"
    if a.kind == "number" and na and nb and not (na & nb):
        return 0.0  # two counted things; or two measured ones ("a 17-inch notebook", "0.98 inches thick")
    if a.kind == "number" and a.unit is None and not (na and nb) and not same_role:
        return 0.0  # a bare count with nothing said of what it counts
    score = max(overlap(ra.near, rb.near), 0.6 if same_role else 0.0, 0.5 if same_head else 0.0)
    return score if score >= settings.min_context_overlap else 0.0


def date_score(
    a: Mention, b: Mention, ra: Role, rb: Role, shared: float, cross_lingual: bool, settings: Settings
) -> float:
    """Words around two dates must agree; across languages, where no word can, the names must."""
    coarse = a.granularity not in COMPARABLE_DATE_GRANULARITY or b.granularity not in COMPARABLE_DATE_GRANULARITY
    if coarse and shared < 0.8:
        return 0.0  # years and decades differ across events far more often than across reports
    if _year(a) and _year(b) and _year(a) != _year(b) and shared < 0.8:
        return 0.0  # another year is usually another event: India's presidency vs Indonesia's
    if any(m.year_placed and m.granularity == "month" for m in (a, b)):
        return 0.0  # "pada Juni" alone may be last June or next: too vague to accuse
    if ra.statement and rb.statement:
        return 0.0  # two sources speaking on two days is not a contradiction
    if ra.planned != rb.planned:
        return 0.0  # a day planned against a day that happened: plans move ("trial is set for June 17")
    score = max(
        overlap(ra.near, rb.near) if len(ra.near & rb.near) >= 2 else 0.0,
        overlap(ra.left, rb.left) if len(ra.left & rb.left) >= 2 else 0.0,
        0.5 if len(ra.names & rb.names) >= (2 if cross_lingual else 3) else 0.0,
    )
    return score if score >= settings.min_context_overlap else 0.0


def _dates_apart(a: Mention, b: Mention) -> bool:
    """Two dates further apart than one event's days (more than DAY_EVENT_GAP_DAYS for two days,
    EVENT_GAP_DAYS when a month is involved) date two events, not one date misreported ("a ship
    deployed on November 2" and "a ship sunk on November 19"; a nomination opened and closed).
    Years are left out: a year is misreported by a year or three ("In 1990" against "since 1987"
    was one fact), and so are year-less months ("XXXX-09"): a month is misreported
    by any number of months ("September" for "December"). ``tests/real/rule_evidence.py`` scores it
    on every labelled pair."""
    fine = {"day", "minute", "week", "month"}
    return a.granularity in fine and b.granularity in fine and bool(_far_apart(a, b))


def _far_apart(a: Mention, b: Mention) -> bool | None:
    days = {"day", "minute", "week"}
    gap = DAY_EVENT_GAP_DAYS if a.granularity in days and b.granularity in days else EVENT_GAP_DAYS
    if a.lo is None or b.lo is None or a.hi is None or b.hi is None:
        (ma, da), (mb, db) = _month_day(a), _month_day(b)
        if ma is None or da is None or mb is None or db is None:
            return None
        apart = abs((date(2000, ma, da) - date(2000, mb, db)).days)  # no year written: the nearer way round
        return min(apart, 366 - apart) > gap
    return a.lo - b.hi > gap or b.lo - a.hi > gap


def _event_times(sentence: Sentence, article: Article) -> list[Mention]:
    """The dates a sentence gives itself, or else its article's publication day."""
    dates = [m for m in _dates(sentence) if m.lo is not None]
    if dates or article.published is None:
        return dates
    day = article.published.date()
    value = DateValue("day", day.year, day.month, day.day)
    return [Mention("date", "", 0, 0, value.iso, value, lo=day.toordinal(), hi=day.toordinal())]


def _different_events(left: Sentence, art_l: Article, right: Sentence, art_r: Article) -> bool:
    """Sentences dated more than a month apart are about different events (a tally a day
    later is the same event, updated; "Pemilu 2019" and "Pilpres 2024" are not). A sentence
    with no date of its own is taken to speak of its publication day."""
    verdicts = [_far_apart(a, b) for a in _event_times(left, art_l) for b in _event_times(right, art_r)]
    known = [v for v in verdicts if v is not None]
    return bool(known) and all(known)


def _year(m: Mention) -> int | None:
    """The year a date names; a decade names none."""
    return m.date.year if m.date is not None and m.date.granularity != "decade" else None


def _fmt_date(m: Mention) -> str:
    if m.lo is not None and m.granularity in ("day", "minute"):
        d = date.fromordinal(int(m.lo))
        return d.strftime(f"{WEEKDAY_ABBR[d.weekday()]} %d %b %Y").replace(" 0", " ")
    month, day = _month_day(m)
    if month and m.date is not None and m.date.year is None:
        name = date(2000, month, 1).strftime("%B")
        return f"{day} {name} (no year given)" if day else f"{name} (no year given)"
    if month and m.lo is not None and m.granularity == "month":
        return date.fromordinal(int(m.lo)).strftime("%B %Y")
    return str(m.value)


def _alone(m: Mention, sentence: Sentence) -> bool:
    """The only quantity of its kind and base unit in its sentence."""
    key = (m.kind, _base_unit(m)[0])
    return sum(1 for x in sentence.mentions if (x.kind, _base_unit(x)[0]) == key) == 1


def _own_day(m: Mention, article: Article) -> int | None:
    """How many days before (or after) its own article's publication a date lies."""
    if m.lo is None or article.published is None:
        return None
    return int(m.lo) - article.published.date().toordinal()


def _news_of_the_day(a: Mention, art_l: Article, b: Mention, art_r: Article) -> bool:
    """Two articles published days apart that each date something in their own last two
    weeks ("Harga minyak turun pada Selasa (18/11/2014)" in a paper of the 19th, "... Rabu
    (26/11/2014)" in one of the 27th) report two different days, not one event dated twice."""
    da, db = _own_day(a, art_l), _own_day(b, art_r)
    if da is None or db is None or art_l.published is None or art_r.published is None:
        return False
    apart = abs((art_l.published.date() - art_r.published.date()).days)
    if apart and abs(da - db) <= 1:
        return True  # each dated to the same distance from its own day: "yesterday" in both
    return apart > SAME_NEWS_CYCLE_DAYS and abs(da) <= RECENT_DAYS and abs(db) <= RECENT_DAYS


class RoleCache:
    """What the decisions read of a run besides each pair: the mentions' contexts (``context``),
    and word sets, names and values computed once per sentence or article, not once per pair."""

    def __init__(
        self,
        documents: list[Document] | None = None,
        min_names: int = Settings.min_article_names,
        articles: Iterable[Article] = (),
        contexts: Contexts | None = None,
    ) -> None:
        """``contexts``: the run's, read by ``context.read``; by default those of ``documents``
        and ``articles`` read from their words alone, with no parse."""
        self.min_names = min_names
        self.contexts = contexts if contexts is not None else context.read(documents or [], articles=articles)
        self.words: dict[tuple[str, int], set[str]] = {}
        self.names: dict[str, frozenset[str]] = {}
        # Every mention of each article by (kind, base unit): where a disputed value may be explained.
        self.stated: dict[tuple[str, str, str | None], list[tuple[Sentence, Mention]]] = {}
        # Two values one sentence states side by side, as two things: (kind, base unit, value, value).
        self.together: set[tuple[str, str | None, object, object]] = set()
        # Each article's specific values, (kind, base unit, value): what two reports of one event share.
        self.specifics: dict[str, set[tuple[str, str | None, object]]] = {}
        for doc in documents or []:
            own = self.specifics.setdefault(doc.article.id, set())
            for sent in doc.sentences:
                # A dateline's day is shared evidence too, though no header is ever compared.
                own.update(
                    _value_key(m) for m in sent.mentions if m.kind != "ordinal" and m.value is not None and specific(m)
                )
                if sent.is_header:
                    continue
                for m in sent.mentions:
                    key = (doc.article.id, m.kind, _base_unit(m)[0])
                    self.stated.setdefault(key, []).append((sent, m))
                for x in sent.mentions:
                    for y in sent.mentions:
                        if x is not y and x.kind == y.kind and _base_unit(x) == _base_unit(y):
                            self.together.add((x.kind, _base_unit(x)[0], x.value, y.value))

    def corroborated(self, a: Mention, art_a: Article, b: Mention, art_b: Article) -> bool:
        """Event identity from the values themselves: two reports of one event share some specific
        value (a day, a sum, a measured or large figure) besides the two in dispute; two events of
        one kind share none. Figures only: a date has its own event tests (the days apart, the
        names, the weekday), and the seeds' one wrong date stands in an article sharing no other
        value with the one it contradicts. It separates events (two pirate raids' arms hauls, two
        trials' defendants' ages); within one event it is no better than chance, and the conflicts
        of the pairs it silences are still found through other pairs. Figures: docs/design.md."""
        shared = self.specifics.get(art_a.id, set()) & self.specifics.get(art_b.id, set())
        return bool(shared - {_value_key(a), _value_key(b)})

    def name_overlap(self, a: Article, b: Article) -> float:
        """Event identity at the article level: reports of one event share their people and
        places (Jaccard of the capitalised words each article uses)."""
        na, nb = self.article_names(a), self.article_names(b)
        if min(len(na), len(nb)) < self.min_names:
            return 1.0  # too few names to tell events apart
        return len(na & nb) / len(na | nb)

    def article_names(self, a: Article) -> frozenset[str]:
        """Capitalised words past each line's first word: a sentence or headline start is no name."""
        if a.id not in self.names:
            words = (w.lower() for line in a.text.splitlines() for w in _NAME.findall(line)[1:])
            stop = lexicon(a.language).stop
            self.names[a.id] = frozenset(w for w in words if w not in stop and len(w) > 2 and w.isalpha())
        return self.names[a.id]

    def context(self, sentence: Sentence, mention: Mention) -> MentionContext:
        """What ``mention``, a mention of ``sentence``, is about (``context.MentionContext``)."""
        return self.contexts.of(sentence, mention)

    def language(self, sentence: Sentence) -> str:
        """The language of a sentence's article (one this cache was built with)."""
        return self.contexts.language(sentence)

    def sentence_words(self, sentence: Sentence) -> set[str]:
        key = sentence.key
        if key not in self.words:
            self.words[key] = sentence_words(sentence, self.language(sentence))
        return self.words[key]


def specific(m: Mention) -> bool:
    """A value unlikely to match or stand beside another by chance: small bare counts ("two",
    "three") and dates whose year was only placed do (also the free agreement labels of
    ``training/train_samefact.py``)."""
    if m.kind == "date":
        return m.granularity in ("day", "minute") and not m.year_placed
    if m.kind in ("money", "percent", "time") or m.unit:
        return True  # a clock time is as unlikely to match by chance as a sum
    return isinstance(m.value, int | float) and (m.value >= 13 or m.value != int(m.value))


def _value_key(m: Mention) -> tuple[str, str | None, object]:
    return (m.kind, _base_unit(m)[0], m.value)


def _days_apart(a: Mention, b: Mention, days: int) -> bool:
    """Two dated mentions more than ``days`` apart."""
    if a.lo is None or a.hi is None or b.lo is None or b.hi is None:
        return False
    return a.lo - b.hi > days or b.lo - a.hi > days


def frame_features(fa: Frame, fb: Frame) -> dict[str, float]:
    """How two frames meet. Each frame's words are stemmed in its own language: across two languages
    a predicate or a counted noun never matches, and only the names and the dates can."""

    def stems(w: str | None, language: str) -> str | None:
        return " ".join(lexicon(language).stem(x) for x in w.split()) if w else None

    pa, pb = stems(fa.predicate, fa.language), stems(fb.predicate, fb.language)
    ca, cb = stems(fa.counted, fa.language), stems(fb.counted, fb.language)
    union = fa.participants | fb.participants
    jacc = len(fa.participants & fb.participants) / len(union) if union else 0.0
    anchor_conflict = 0.0
    if fa.anchor and fb.anchor and _days_apart(fa.anchor, fb.anchor, 3):
        anchor_conflict = 1.0
    return {
        "predicate_same": float(pa is not None and pa == pb),
        "predicate_conflict": float(pa is not None and pb is not None and pa != pb),
        "counted_same": float(ca is not None and ca == cb),
        "counted_conflict": float(ca is not None and cb is not None and ca != cb),
        "participants_jaccard": jacc,
        "participants_conflict": float(
            bool(fa.participants and fb.participants and not (fa.participants & fb.participants))
        ),
        "anchor_conflict": anchor_conflict,
        "reported": float(fa.reported or fb.reported),
    }
