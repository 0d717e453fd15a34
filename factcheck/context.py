"""What each figure or date is about: the context stage, one frozen ``MentionContext`` per mention.

A mention is read two ways, and both readings are built here only. The word reading (``Role``)
comes from the words around it, cut at its clause (``clauses.clause``), with the tables of its
article's language: its counted noun (read here, at the place extraction hands over:
``Mention.noun_at``), the word on its left, the table roles, owner and place of its clause, the
sources its sentence cites. The parse reading (``frames.Frame``) comes from a dependency parse: the
verb that governs it, what it counts, whose it is, who says it, the date of its clause. Parsing is
the costly part, so only the sentences a run asks for are parsed (those of proposed pairs); every
other mention has the empty parse reading. ``MentionContext``'s accessors (``holder``,
``counted``, ``predicate``, ``attribution``, ``anchor``) give the parse's reading when there is
one, else the words'.

Stages read contexts through ``Contexts.of``; none builds a reading of its own, and none changes one.
A stage with no contexts at hand reads a counted noun through ``noun``, the one reading there is.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass

from factcheck import frames, langdata, nouns
from factcheck.clauses import PHRASE_PUNCTUATION, clause, words_before
from factcheck.frames import EMPTY, Frame
from factcheck.lexicon import Lexicon, lexicon
from factcheck.types import Article, Document, Mention, MentionKey, Sentence

SentenceKey = tuple[str, int]  # ``Sentence.key``
NATIONAL = "*national*"  # the place of a figure said of the whole country
PLACE_REACH = 60  # characters before a figure searched for the place it holds in
_WORD = re.compile(r"[^\W\d_]+(?:[-’'][^\W\d_]+)*")
_LETTERS = re.compile(r"[^\W\d_]+")
_NAME = re.compile(r"[A-Z][\w’'-]*")


@dataclass(frozen=True)
class Role:
    """What a mention is about, read from the words around it: the word reading."""

    near: frozenset[str]  # content-word stems on both sides (a few words each way)
    left: frozenset[str]  # the same, left side only: the subject and verb of a date
    head: str | None  # the nearest content word on the left: "kedalaman", "harga"
    owner: frozenset[str] | None  # the proper name just before it in its clause
    roles: frozenset[str]  # table roles in its clause: dead, injured, depth, ...
    # The word after each role keyword: "harga solar" and "harga premium" are two prices.
    modifiers: frozenset[tuple[str, str]]
    names: frozenset[str]  # capitalised words of the sentence, past its first word
    projection: bool  # a plan, forecast or condition in its clause ("target", "kalau", "would")
    market: bool  # a market report, whose figures move from day to day
    spans: frozenset[str]  # span words of its sentence ("career", "first half"): over what it counts
    statement: bool  # the mention follows a verb of saying: the day something was said
    place: str | None  # the place named right after it ("in India"), or NATIONAL
    planned: bool  # a day still to come when written: "will resume Monday", "set for June 17"
    noun: str | None  # the counted noun (``noun``): lower case, an age's holder as written ("Christopher")
    nouns: frozenset[str]  # the counted noun's stems (``_noun_words``)
    clause: tuple[int, int]  # its clause, as offsets into its article's text
    counted: str | None  # the counted noun as written, lower case: "uji coba nuklir"
    attribution: frozenset[str]  # stems of the words next to its sentence's verbs of saying
    anchor: Mention | None  # the first dated mention of its clause (none for a date)


@dataclass(frozen=True)
class MentionContext:
    """One mention's context, read once: its word reading and its parse reading (``EMPTY`` when
    its sentence was not parsed). Each accessor gives the parse's reading when there is one, else
    the words'; the two readings stay readable apart (``words``, ``parse``)."""

    words: Role
    parse: Frame = EMPTY

    @property
    def parsed(self) -> bool:
        """Whether a parse was read: a parse reading always names its language, the empty one none."""
        return bool(self.parse.language)

    @property
    def clause(self) -> tuple[int, int]:
        return self.words.clause

    @property
    def holder(self) -> frozenset[str] | None:
        """The parts of the name the figure belongs to: "Kenya's death toll rose to 62" ->
        {"kenya"}; without a parse, the proper name just before it in its clause."""
        return self.parse.holder if self.parsed else self.words.owner

    @property
    def counted(self) -> str | None:
        """What it counts or measures, lower case: "passengers", "harga solar"; "tewas" for
        "62 orang tewas" (the state of the people counted)."""
        return self.parse.counted if self.parsed else self.words.counted

    @property
    def predicate(self) -> str | None:
        """The verb that governs it, verbs of saying passed over; without a parse, the stem of the
        nearest content word on its left."""
        return self.parse.predicate if self.parsed else self.words.head

    @property
    def attribution(self) -> frozenset[str]:
        """Stems of who the figure is put down to: the subject of the verb of saying (or of
        estimating) above it; without a parse, the words next to its sentence's verbs of saying."""
        return self.parse.attribution if self.parsed else self.words.attribution

    @property
    def anchor(self) -> Mention | None:
        """The date of its clause, a dated mention (``Mention.date`` is its typed value)."""
        return self.parse.anchor if self.parsed else self.words.anchor


class Contexts:
    """Every mention's context in one run, read through ``of``. A word reading depends on its
    mention, sentence and language only: it is read on first use and then kept, and contexts read
    again with the parse (``read(..., reuse=)``) keep it. The parse readings are fixed when the
    contexts are built."""

    def __init__(
        self,
        languages: Mapping[str, str],
        parses: Mapping[MentionKey, Frame],
        words: dict[MentionKey, Role] | None = None,
    ) -> None:
        self._languages = dict(languages)
        self._parses = dict(parses)
        self._words: dict[MentionKey, Role] = {} if words is None else words
        self._read: dict[MentionKey, MentionContext] = {}

    def language(self, sentence: Sentence) -> str:
        """The language of a sentence's article (one these contexts were read for)."""
        return self._languages[sentence.article_id]

    def of(self, sentence: Sentence, mention: Mention) -> MentionContext:
        """The context of ``mention``, a mention of ``sentence``."""
        key = mention.key
        found = self._read.get(key)
        if found is None:
            words = self._words.get(key)
            if words is None:
                words = self._words[key] = role_of(sentence, mention, self.language(sentence))
            found = self._read[key] = MentionContext(words, self._parses.get(key, EMPTY))
        return found


def read(
    documents: Iterable[Document] = (),
    parse: Collection[SentenceKey] = (),
    articles: Iterable[Article] = (),
    reuse: Contexts | None = None,
) -> Contexts:
    """The contexts of every mention of ``documents`` (and of ``articles``, read with no
    documents), with the parse of the sentences in ``parse``, by ``Sentence.key``. ``reuse``:
    contexts read earlier from the same documents, whose word readings are kept."""
    docs = list(documents)
    languages = {a.id: a.language for a in articles}
    languages.update((d.article.id, d.article.language) for d in docs)
    parses = frames.annotate(docs, set(parse)) if parse else {}
    return Contexts(languages, parses, reuse._words if reuse is not None else None)


def _content(words: list[str], lex: Lexicon) -> list[str]:
    return [w for w in words if w.lower() not in lex.stop and len(w) > 2]


def role_of(sentence: Sentence, mention: Mention, language: str | None, window: int = 3) -> Role:
    """The word reading of a mention, with the tables of ``language``, its article's."""
    lex = lexicon(language)
    stem = lex.stem
    text = sentence.text
    rel0, rel1 = mention.start - sentence.start, mention.end - sentence.start
    left_words = _content(_WORD.findall(text[:rel0]), lex)
    right_words = _content(_WORD.findall(text[rel1:]), lex)
    left = {stem(w) for w in left_words[-window:]}
    near = left | {stem(w) for w in right_words[:window]}
    counted = noun(sentence, mention, language)
    compound, rest = _noun_split(mention.text, counted)
    near |= {stem(w) for w in rest if w not in lex.stop}
    if compound:
        near.add(_compounded(stem(compound)))
    c0, c1 = clause(text, rel0, rel1, lex.clause_break)
    own = text[c0:c1].lower()
    roles, modifiers = set(), set()
    for hit in lex.role_re.finditer(own):
        role = lex.role_of_keyword[hit.group("kw")]
        roles.add(role)
        nxt = hit.group("next")
        if nxt and nxt.isalpha() and (nxt not in lex.stop or nxt in lex.months) and nxt not in lex.unit_words:
            modifiers.add((role, stem(nxt)))
    return Role(
        near=frozenset(near),
        left=frozenset(left),
        head=stem(left_words[-1]) if left_words else None,
        owner=_owner(text[c0:rel0], c0 == 0, lex),
        roles=frozenset(roles),
        modifiers=frozenset(modifiers),
        names=frozenset(w.lower() for w in _NAME.findall(text)[1:] if w.lower() not in lex.stop),
        projection=bool(lex.projection.search(own)),
        market=bool(lex.market.search(text.lower())),
        spans=frozenset(lex.span.findall(text.lower())),
        statement=any(w.lower() in lex.statement for w in _WORD.findall(text[:rel0])[-5:]),
        place=_place(text, rel0, rel1, lex),
        planned=bool(lex.future.search(words_before(text, rel0).lower())),
        noun=counted,
        nouns=frozenset(_noun_words(mention.text, counted, stem)),
        clause=(sentence.start + c0, sentence.start + c1),
        counted=" ".join(rest).lower() or None,
        attribution=_attribution(sentence, lex),
        anchor=_dated_in(sentence, mention, c0, c1),
    )


def _dated_in(sentence: Sentence, mention: Mention, c0: int, c1: int) -> Mention | None:
    """The first date of the clause ``[c0, c1)`` of ``sentence`` that has days, other than ``mention``."""
    if mention.kind == "date":
        return None
    for other in sentence.mentions:
        inside = c0 <= other.start - sentence.start and other.end - sentence.start <= c1
        if other is not mention and other.kind == "date" and other.lo is not None and other.hi is not None and inside:
            return other
    return None


def attribution(sentence: Sentence, language: str | None) -> frozenset[str]:
    """Who a sentence says its figures come from: the content words next to its verbs of saying
    ("police said", "according to the USGS", "kata Menteri ..."). Empty when nobody is named."""
    return _attribution(sentence, lexicon(language))


def _attribution(sentence: Sentence, lex: Lexicon) -> frozenset[str]:
    words = _LETTERS.findall(sentence.text)
    saying = lex.statement
    out: set[str] = set()
    for i, w in enumerate(words):
        if w.lower() in saying:
            for x in words[max(0, i - 3) : i] + words[i + 1 : i + 4]:
                if x.lower() not in lex.stop and x.lower() not in saying and len(x) > 2:
                    out.add(lex.stem(x))  # as written: a name keeps its form
    return frozenset(out)


def _place(text: str, rel0: int, rel1: int, lex: Lexicon) -> str | None:
    """Where a figure holds: a capitalised name after a place word in the rest of its clause, or
    before it in its clause, else the whole country when a scope word stands near it."""
    after = lex.place_after.match(text[rel1:])
    if after:
        return after.group(1).lower()
    # Else a place named earlier in its clause with no other figure between: "services in Egypt were
    # down by 80 percent, in India by 65 percent".
    c0, _ = clause(text, rel0, rel0, PHRASE_PUNCTUATION, PLACE_REACH)
    before = text[c0:rel0]
    hits = list(lex.place_before.finditer(before))
    if hits and not any(ch.isdigit() for ch in before[hits[-1].end() :]):
        return hits[-1].group(1).lower()
    return NATIONAL if lex.scope.search(text[max(0, rel0 - 60) : rel1 + 60].lower()) else None


def _owner(before: str, at_sentence_start: bool, lex: Lexicon, reach: int = 3) -> frozenset[str] | None:
    """Parts of the proper name among the few content words before a figure, in its clause
    ("Anies-Muhaimin meraih ... 24,95 persen")."""
    words = [w for w in re.findall(r"[\w’'-]+", before) if not w[0].isdigit()]
    first_word = words[0] if at_sentence_start and words else None
    words = [w for w in words if w.isupper() or w.lower() not in lex.stop]  # "AS" is a name, "as" is not
    for i in range(len(words) - 1, max(-1, len(words) - 1 - reach), -1):
        w = words[i]
        if not _NAME.fullmatch(w):
            continue
        run = [w]
        j = i - 1
        while j >= 0 and _NAME.fullmatch(words[j]):
            run.append(words[j])
            j -= 1
        if len(run) == 1 and w is first_word and "-" not in w:
            return None  # "Pemerintah menghemat ...": capitalised only because it opens the sentence
        return frozenset(p.lower() for part in run for p in re.split(r"[-’']", part) if len(p) > 1)
    return None


def noun(sentence: Sentence, mention: Mention, language: str | None) -> str | None:
    """The counted noun of ``mention``, a mention of ``sentence``, read with the tables of
    ``language`` (its article's) at the places extraction handed over (``Mention.noun_at``): lower
    case ("uji coba nuklir", "magnitude quake" for "a 7.9-magnitude quake"), an age's holder as
    written ("Christopher", "driver"). ``Role.noun`` is this reading; it is read nowhere else."""
    return nouns.noun(sentence.text, sentence.start, mention.noun_at, langdata.get(language))


def _noun_split(figure: str, written: str | None) -> tuple[str | None, list[str]]:
    """The unit word of a figure written into a compound ("3-point", "7.9-magnitude"), and the
    noun's other words. Such a figure measures the noun after it ("a 3-point shot") and counts
    nothing, so its unit word is no counted noun."""
    words = (written or "").split()
    if words and figure.lower().endswith("-" + words[0].lower()):
        return words[0], words[1:]
    return None, words


def _compounded(unit_stem: str) -> str:
    """A compound's unit word, kept apart from the same word counted: "a 7.9-magnitude quake" meets
    "a 7.8-magnitude earthquake", but "a 3-point shot" does not meet "10 points"."""
    return f"{unit_stem}-"


def _noun_words(figure: str, written: str | None, stem: Callable[[str], str]) -> set[str]:
    """The counted noun's word stems, a hyphenated word also by its parts: "12 AK 47 guns" counts
    "AK" as "seven AK-47 assault rifles" counts "AK-47"."""
    compound, words = _noun_split(figure, written)
    out = {stem(w) for w in words} | {stem(p) for w in words if "-" in w for p in w.split("-") if p}
    return out | {_compounded(stem(compound))} if compound else out
