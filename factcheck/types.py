"""The plain dataclasses that flow between pipeline stages.

Every span is a pair of character offsets into ``Article.text``, the exact text the
article was read as, so any finding can be shown at its file, line and column.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from datetime import date, datetime


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


@dataclass
class Mention:
    """A date, time or quantity found in a sentence.

    ``lo``/``hi`` bound what the mention can mean: a rounded "96,2 juta" covers
    96.15–96.25 million, "lebih dari 2.000" covers everything above 2,000, and
    the date "Juli 2023" covers the whole month (as ordinal days). Comparison is
    interval overlap, which is why rounding and hedges never look like conflicts.
    """

    kind: str  # date | time | number | percent | money | duration | ordinal
    text: str
    start: int
    end: int
    value: str | float | None
    granularity: str | None = None  # year | month | day | minute (dates); None for quantities
    weekday: str | None = None  # weekday named in the text, English name
    unit: str | None = None  # canonical unit: IDR, USD, km, day, ...
    noun: str | None = None  # the counted noun, e.g. "uji coba nuklir"
    qualifier: str | None = None  # more_than | at_least | about | less_than | at_most | ordinal
    approx: bool = False
    lo: float | None = None
    hi: float | None = None
    year_guessed: bool = False  # year chosen by the weekday alone, with no publication date
    year_placed: bool = False  # year taken from the publication date ("Juli" -> the last July)
    relative: bool = False
    converts: str | None = None  # a parenthesised conversion into another currency: the figure it converts


@dataclass
class Sentence:
    article_id: str
    index: int
    start: int
    end: int
    text: str
    mentions: list[Mention] = field(default_factory=list)
    is_header: bool = False

    @property
    def is_claim(self) -> bool:
        """Only content sentences with a date or number are worth aligning."""
        return not self.is_header and any(m.kind != "ordinal" for m in self.mentions)


@dataclass
class Document:
    """One article with its sentences; the unit every stage after ingest works on."""

    article: Article
    sentences: list[Sentence] = field(default_factory=list)


@dataclass
class ClaimPair:
    left: Sentence
    right: Sentence
    similarity: float  # fused, calibrated score in [0, 1]
    dense: float | None = None
    lexical: float | None = None


@dataclass
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


@dataclass
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
    evidence: list[str] = field(default_factory=list)  # the model features that pushed hardest towards one fact


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
