"""Claim frames: what each date and number is about, read from a dependency parse.

Two sentences about one event hold many figures, and words near a figure do not say which
quantity it is: "240 people on board: 228 passengers and 12 crew", "served 12 years" against
"sentenced to 15 years". The parse does: the verb that governs the figure (skipping verbs of
saying), the noun it counts (skipping classifiers such as "orang"), the names in its clause and
the date its clause gives. The parsers are small spaCy models trained here on Universal
Dependencies treebanks (``training/train_parser.py``), shipped as package data with their
licenses; a language without one gets empty frames, and comparison falls back to word context.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from factcheck import langdata
from factcheck.types import Document, Mention, Sentence

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Token

PARSER_DIR = Path(__file__).parent / "data" / "parser"
_CONTENT_POS = {"NOUN", "PROPN"}
_PREDICATE_POS = {"VERB"}
_lock = threading.Lock()


@dataclass(frozen=True)
class Frame:
    predicate: str | None = None  # lower-cased verb that governs the mention, verbs of saying skipped
    counted: str | None = None  # the noun a count counts, or the noun a value belongs to
    participants: frozenset[str] = frozenset()  # proper names in the mention's clause
    anchor: tuple[float, float] | None = None  # the span of the date its clause gives, as ordinals
    reported: bool = False  # attached straight to a verb of saying: the day something was said


EMPTY = Frame()


@cache
def _parser(lang: str) -> Language | None:
    path = PARSER_DIR / lang
    if not (path / "config.cfg").is_file():
        return None
    import spacy

    return spacy.load(path)


@cache
def _table(lang: str) -> tuple[frozenset[str], frozenset[str]]:
    data = langdata.LANGUAGES.get(lang)
    if data is None:
        return frozenset(), frozenset()
    return frozenset(data.statement_words), frozenset(data.classifiers)


def available(lang: str) -> bool:
    return _parser(lang) is not None


def annotate(docs: list[Document], sentences: set[int] | None = None) -> dict[int, Frame]:
    """Frames for every mention of the claim sentences, keyed by ``id(mention)``.

    ``sentences`` limits the parse to these sentence ids (those in candidate pairs): parsing is
    the expensive part, and a sentence no pair touches needs no frame.
    """
    out: dict[int, Frame] = {}
    by_lang: dict[str, list[Sentence]] = {}
    for doc in docs:
        for s in doc.sentences:
            if s.is_claim and (sentences is None or id(s) in sentences):
                by_lang.setdefault(doc.article.language, []).append(s)
    for lang, sents in by_lang.items():
        nlp = _parser(lang)
        if nlp is None:
            continue
        with _lock:  # spaCy pipelines are not documented as thread-safe
            parsed = list(nlp.pipe((s.text for s in sents), batch_size=256))
        for sent, parsed_doc in zip(sents, parsed, strict=True):
            for m in sent.mentions:
                out[id(m)] = frame_of(parsed_doc, sent, m, lang)
    return out


def frame_of(doc: Any, sent: Sentence, mention: Mention, lang: str) -> Frame:
    saying, classifiers = _table(lang)
    span = doc.char_span(mention.start - sent.start, mention.end - sent.start, alignment_mode="expand")
    if span is None or len(span) == 0:
        return EMPTY
    inside = {t.i for t in span}
    root = span.root
    predicate, reported = _predicate(root, saying)
    counted = _counted(root, inside, classifiers)
    scope = predicate if predicate is not None else root.sent.root
    names = frozenset(
        t.text.lower() for t in scope.subtree if t.pos_ == "PROPN" and t.i not in inside and len(t.text) > 1
    )
    anchor = _anchor(sent, mention, doc, scope)
    return Frame(
        predicate=predicate.text.lower() if predicate is not None else None,
        counted=counted,
        participants=names,
        anchor=anchor,
        reported=reported,
    )


def _predicate(root: Token, saying: frozenset[str]) -> tuple[Token | None, bool]:
    """The nearest verb above the mention; a verb of saying is passed over (its complement holds
    the fact), and a mention that hangs from one directly is the time something was said."""
    token = root
    first = True
    while token.head is not token:
        token = token.head
        if token.pos_ in _PREDICATE_POS or token.dep_ == "ROOT":
            if token.text.lower() in saying or token.lemma_.lower() in saying:
                if first:
                    return None, True
                first = False
                continue
            return token, False
    return (token if token.pos_ in _PREDICATE_POS else None), False


def _counted(root: Token, inside: set[int], classifiers: frozenset[str]) -> str | None:
    """The noun the figure counts or belongs to: its head when it modifies a noun ("228
    passengers"), else the nearest noun above it below the verb ("harga ... Rp 6.500")."""
    for child in root.children:  # "5 orang korban": the classifier heads the span, the noun follows
        if (
            child.i not in inside
            and child.pos_ in _CONTENT_POS
            and child.dep_ in ("compound", "nmod", "flat")
            and child.text.lower() not in classifiers
        ):
            return child.text.lower()
    if root.pos_ in _CONTENT_POS and root.text.lower() not in classifiers and root.i in inside and root.i > min(inside):
        return root.text.lower()  # "228 passengers" read as one span
    token = root
    while token.head is not token and token.pos_ not in _PREDICATE_POS:
        token = token.head
        if token.i in inside:
            continue
        if token.pos_ in _CONTENT_POS and token.text.lower() not in classifiers:
            return token.text.lower()
        if token.pos_ in _PREDICATE_POS:
            break
    return None


def _anchor(sent: Sentence, mention: Mention, doc: Any, scope: Token) -> tuple[float, float] | None:
    """The date given in the mention's own clause (another date mention under the same verb)."""
    if mention.kind == "date":
        return None
    tokens = {t.i for t in scope.subtree}
    for other in sent.mentions:
        if other is mention or other.kind != "date" or other.lo is None or other.hi is None:
            continue
        span = doc.char_span(other.start - sent.start, other.end - sent.start, alignment_mode="expand")
        if span is not None and span.root.i in tokens:
            return (other.lo, other.hi)
    return None
