"""The plain dataclasses that flow between pipeline stages.

Every span is a pair of character offsets into ``Article.text``, the exact text the
article was read as, so any finding can be shown at its file, line and column.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from datetime import date, datetime

from factcheck.langdata import WEEKDAYS


@dataclass
class Article:
    id: str
    source: str
    text: str
    language: str = "id"
    title: str | None = None
    published: datetime | None = None
    published_from: str | None = None
    url: str | None = None
    # Character ranges of ``text`` that are article content, not web leftovers.
    body: list[tuple[int, int]] = field(default_factory=list)
    # Ranges inside ``body`` that are datelines, bylines and titles: checked for
    # weekday errors but never aligned as claims, because they embed alike across articles.
    header: list[tuple[int, int]] = field(default_factory=list)
    # Where ``text`` starts in the source file (1-based line), for JSONL records.
    first_line: int = 1
    # A JSON/JSONL record: positions are the record's line and the offset in its text.
    record: bool = False
    content_hash: str = ""
    # Rule ids its front matter ignores (``factcheck: {ignore: [FC002]}``), for findings reported on it.
    ignore: tuple[str, ...] = ()
    _line_starts: list[int] = field(default_factory=list, repr=False, compare=False)

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a character offset in the source file."""
        if self.record:
            return self.first_line, offset + 1
        if not self._line_starts:
            self._line_starts = [0] + [i + 1 for i, ch in enumerate(self.text) if ch == "\n"]
        row = bisect.bisect_right(self._line_starts, offset) - 1
        col = offset - self._line_starts[row] + 1
        return self.first_line + row, col


@dataclass(frozen=True)
class DateValue:
    """What a date or clock time says, typed: read once by ``dates`` (and ``extract`` for the
    day a clock time takes), then read field by field by every later stage, never parsed back.

    A field the text leaves open is None: "14/8" in an article with no publication day has no
    year, "on Friday" in one has only its ``weekday``. ``iso`` is its one written form, the value
    reports, the index and baselines show.
    """

    granularity: str  # decade | year | week | month | day | minute
    year: int | None = None  # the ISO week's year for a week; the first year of a decade
    month: int | None = None
    day: int | None = None
    week: int | None = None  # ISO week number ("this week")
    weekday: int | None = None  # the weekday the text names, Monday 0, whether or not it fits the day
    hour: int | None = None
    minute: int | None = None
    # The written zone's offset from UTC in hours ("WIB" 7.0); None when none is written. Read once,
    # by ``dates``: later stages need the offset (a time's minutes in UTC, its ``timescale``), not the name.
    zone: float | None = None
    end: DateValue | None = None  # the last day (or year) of a range: "14-16 September", "2019-2020"
    # Days from the day the text narrates ("the previous day" is -1): which day that is, the
    # sentence's context says, so ``extract.anchor_times`` gives such a date its day.
    narrated: int | None = None

    @property
    def iso(self) -> str:
        """ "2023-09-14", "XXXX-08-14" (no year), "2023-W37", "201X", "2019/2020", "2023-09-14T10:00",
        "T10:00" (a clock time with no day), "XXXX-XX-XX" (a weekday alone), "XXXX" (nothing known)."""
        if self.granularity == "decade" and self.year is not None:
            out = f"{str(self.year)[:3]}X"
        elif self.granularity == "week" and self.week is not None:
            out = f"{self.year}-W{self.week:02d}"
        elif self.year is None and self.month is None and self.day is None:
            out = "" if self.hour is not None else ("XXXX-XX-XX" if self.weekday is not None else "XXXX")
        else:
            out = f"{self.year:04d}" if self.year else "XXXX"
            out += f"-{self.month:02d}" if self.month else ""
            out += f"-{self.day:02d}" if self.day else ""
        if self.end is not None:
            out += f"/{self.end.iso}"
        if self.hour is not None:
            out += f"T{self.hour:02d}:{self.minute or 0:02d}"
        return out

    @property
    def timescale(self) -> str | None:
        """What a clock time is told against, and so what a time mention's minutes (``Mention.lo``
        and ``hi``) count: "UTC" with a day and a written zone (converted: one instant anywhere),
        "local" with a day and no zone (the place's own time), "clock" with no day (that time of any
        day). None with a zone and no day, which ``extract`` leaves with no minutes (a zone converts
        only a time that has its day), and for a value with no time. Times are compared only within
        one timescale. Read from the day and the zone rather than stored beside them, so it can
        never disagree with them; a time takes its day in ``extract.anchor_times``."""
        if self.hour is None:
            return None
        if self.day is None:
            return "clock" if self.zone is None else None
        return "UTC" if self.zone is not None else "local"

    @property
    def calendar_days(self) -> tuple[int, int] | None:
        """The days a plain calendar date covers (a day, a month or a year with its year written or
        placed), as ordinals; None for a range, a week, a decade, a clock time, or with no year."""
        if self.year is None or self.end is not None or self.hour is not None:
            return None
        if self.granularity == "day" and self.month and self.day:
            day = date(self.year, self.month, self.day).toordinal()
            return day, day
        if self.granularity == "month" and self.month:
            first = date(self.year, self.month, 1)
            following = date(self.year + (self.month == 12), self.month % 12 + 1, 1)
            return first.toordinal(), following.toordinal() - 1
        if self.granularity == "year":
            return date(self.year, 1, 1).toordinal(), date(self.year, 12, 31).toordinal()
        return None


MentionKey = tuple[str, int, int, str]  # article id, start, end, kind: see ``Mention.key``


@dataclass(frozen=True)
class NounAt:
    """Where a quantity's counted noun is read: extraction knows where it stopped reading the
    figure (past "per cent of" or "other", before a joined conversion), the context stage alone
    reads the words there (``nouns.read``). Offsets are the article's, like a mention's."""

    start: int  # where the noun's first word may stand
    stop: int  # where reading stops: the end of the window extraction read the figure's words in
    holder: bool = False  # an age's holder ("36-year-old driver"): its first word, case kept
    # The unit word written into the figure ("7.9-magnitude"), which goes before the noun read here.
    compound: tuple[int, int] | None = None
    count: bool = False  # a count word ("twice"): it counts the language's ``count_noun``, nothing written

    def moved(self, offset: int) -> NounAt:
        """The same place, its offsets moved by ``offset`` (from a sentence's into its article's)."""
        compound = (self.compound[0] + offset, self.compound[1] + offset) if self.compound is not None else None
        return NounAt(self.start + offset, self.stop + offset, self.holder, compound, self.count)


@dataclass(frozen=True)
class Mention:
    """A date, time or quantity found in a sentence. Frozen: a stage that reads a mention
    differently (a clock time given its day) makes a new one.

    ``lo``/``hi`` bound what the mention can mean: a rounded "96,2 juta" covers
    96.15–96.25 million, "lebih dari 2.000" covers everything above 2,000, and
    the date "Juli 2023" covers the whole month (as ordinal days). Comparison is
    interval overlap, which is why rounding and hedges never look like conflicts.
    """

    kind: str  # date | time | number | percent | money | duration | ordinal
    text: str
    start: int
    end: int
    value: str | float | None  # a quantity's number; for a date or time, ``date.iso``
    date: DateValue | None = None  # dates and times: what they say, typed
    unit: str | None = None  # a quantity's canonical unit: IDR, USD, km, day, ...; a time's zone is in ``date``
    # Where its counted noun is read ("uji coba nuklir"): the first of these places whose words
    # name one. Several when a figure was joined from parts ("6 feet 2 inches": the smaller part's
    # place, then the larger's). Read by the context stage only (``context.noun``).
    noun_at: tuple[NounAt, ...] = ()
    qualifier: str | None = None  # more_than | at_least | about | less_than | at_most | ordinal
    approx: bool = False
    lo: float | None = None
    hi: float | None = None
    year_guessed: bool = False  # year chosen by the weekday alone, with no publication date
    year_placed: bool = False  # year taken from the publication date ("Juli" -> the last July)
    relative: bool = False
    converts: str | None = None  # a parenthesised conversion into another currency: the figure it converts
    article_id: str = ""  # the article whose text ``start``/``end`` point into ("" for a sentence read alone)

    @property
    def granularity(self) -> str | None:
        """year | month | day | minute ... for dates and times; None for quantities."""
        return self.date.granularity if self.date is not None else None

    @property
    def weekday(self) -> str | None:
        """The weekday named in the text, in English."""
        wd = self.date.weekday if self.date is not None else None
        return WEEKDAYS[wd] if wd is not None else None

    @property
    def measure(self) -> str | None:
        """What the value counts, the one thing mentions of a kind are grouped and compared by: a
        quantity's unit ("USD/day"), a clock time's timescale (``DateValue.timescale``: minutes in
        UTC, in local time or of any day's clock), None for a date or a bare count."""
        if self.kind == "time":
            return self.date.timescale if self.date is not None else None
        return self.unit

    @property
    def key(self) -> MentionKey:
        """Names this mention across stages and processes. Mentions of one article never overlap
        (the finders keep a sentence's spans apart, and sentences do not overlap) and article ids
        are unique in a run, so no two mentions of a run share a key."""
        return (self.article_id, self.start, self.end, self.kind)


@dataclass(frozen=True)
class Sentence:
    article_id: str
    index: int
    start: int
    end: int
    text: str
    mentions: tuple[Mention, ...] = ()
    is_header: bool = False

    @property
    def key(self) -> tuple[str, int]:
        return (self.article_id, self.index)

    @property
    def is_claim(self) -> bool:
        """Only content sentences with a date or number are worth aligning."""
        return not self.is_header and any(m.kind != "ordinal" for m in self.mentions)


@dataclass(frozen=True)
class Document:
    """One article with its sentences; the unit every stage after ingest works on."""

    article: Article
    sentences: tuple[Sentence, ...] = ()


@dataclass(frozen=True)
class ClaimPair:
    left: Sentence
    right: Sentence
    similarity: float  # fused, calibrated score in [0, 1]
    dense: float | None = None
    lexical: float | None = None


@dataclass(frozen=True)
class Claim:
    article: str
    sentence: str
    mention: str
    value: str | float | None
    unit: str | None
    line: int
    column: int
    char_start: int
    char_end: int
    sentence_start: int = 0
    date: DateValue | None = None  # a date's value, typed


@dataclass(frozen=True)
class Link:
    """Two mentions in two articles read as one fact; ``agree`` says whether their values do."""

    left: Sentence
    a: Mention
    right: Sentence
    b: Mention
    agree: bool
    score: float  # how surely the two mentions are one fact, in [0, 1]
    similarity: float  # the aligned sentences' calibrated similarity
    reason: str = ""  # why they were read as one fact: shared frame, strongest model features
    evidence: tuple[str, ...] = ()  # the model features that pushed hardest towards one fact


@dataclass
class Discrepancy:
    """A finding: one fact whose sources disagree.

    ``claims`` holds every source's claim, outliers first; ``pairs`` the claim indices that were
    read as one fact with different values; ``majority`` the value most articles give, when one does.
    """

    kind: str  # date | number | weekday | name
    severity: str  # high | medium | low
    confidence: float
    similarity: float | None
    message: str
    claims: list[Claim]
    id: str = ""
    pairs: list[tuple[int, int]] = field(default_factory=list)
    majority: str | None = None
    outliers: list[str] = field(default_factory=list)  # article ids whose value is not the majority's
    update: bool = False  # values move one way with publication time: a later report, not an error
    reason: str = ""  # why the claims were read as one fact (from the most probable disagreeing pair)
    # Near-copies among the sources (one wire story under several mastheads), counted once in the
    # majority: each copy group's first article id -> the other ids of the group.
    copies: dict[str, list[str]] = field(default_factory=dict)
    # The dates the writer likely meant (ISO), for a weekday that does not fit its date.
    suggestions: list[str] = field(default_factory=list)
    # The two sides attribute their figures to different sources: a warning, never an error.
    sources_differ: bool = False


@dataclass
class Report:
    documents: list[Document]
    discrepancies: list[Discrepancy]
    pairs_compared: int = 0
    seconds: float = 0.0
    timings: dict[str, float] = field(default_factory=dict)
    # Every article a finding may cite, by id: the checked ones and, with --against, the stored ones.
    articles: dict[str, Article] = field(default_factory=dict)
    # The settings the run used, so a report says how it was made.
    settings: dict[str, object] = field(default_factory=dict)


def as_date(value: datetime | date | None) -> date | None:
    if value is None:
        return None
    return value.date() if isinstance(value, datetime) else value
