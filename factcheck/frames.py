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

import re
import sys
import threading
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from factcheck import langdata
from factcheck.lexicon import lexicon
from factcheck.types import Document, Mention, MentionKey, Sentence

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
    anchor: Mention | None = None  # the date its clause gives (one with days: ``lo`` and ``hi``)
    reported: bool = False  # attached straight to a verb of saying: the day something was said
    language: str = ""  # its article's: the words above are stemmed in it; "" for no parse
    holder: frozenset[str] | None = None  # parts of the name it belongs to: possessor or subject
    attribution: frozenset[str] = frozenset()  # stems of the subject of the verb of saying above it


EMPTY = Frame()


@cache
def _parser(lang: str) -> Language | None:
    path = PARSER_DIR / lang
    if not (path / "config.cfg").is_file():
        return None
    spacy = _import_spacy()
    _register_tokenizer()
    return spacy.load(
        path, exclude=["tokenizer"], config={"nlp": {"tokenizer": {"@tokenizers": "factcheck.joined_words.v1"}}}
    )


def _import_spacy() -> Any:
    """spaCy's thinc imports torch when it can (a large share of a seeds check), though these parsers
    are numpy tok2vec models that never use it, and the default embedding model runs on ONNX
    Runtime. torch is hidden while thinc looks for it; it stays importable afterwards."""
    if "torch" in sys.modules or "thinc" in sys.modules:
        import spacy

        return spacy
    sys.modules["torch"] = None  # type: ignore[assignment]  # makes `import torch` raise ImportError
    try:
        import spacy
    finally:
        del sys.modules["torch"]
    return spacy


# Most of spaCy's Indonesian tokenizer exceptions (15,614 of 15,963) are hyphenated words kept
# whole ("anak-anak", "sebaik-baiknya"). Loading them as special cases took over half of a seeds
# check (spaCy adds them one by one, twice: defaults, then the saved tokenizer); the same
# tokens come from splitting without them and joining again any run of tokens, with no space
# between, that spells one of them. The test compares both tokenizers on every real sentence.
_JOIN_MAX = 5  # "anak", "-", "anak" is 3 tokens; "hak-hak-nya" spans 5


def _register_tokenizer() -> None:
    from spacy.util import registry

    if "factcheck.joined_words.v1" in registry.tokenizers:
        return

    @registry.tokenizers("factcheck.joined_words.v1")
    def make() -> Any:
        return _joined_words_tokenizer


def _joined_words_tokenizer(nlp: Language) -> Any:
    from spacy.symbols import ORTH
    from spacy.tokenizer import Tokenizer
    from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex

    d = nlp.Defaults
    rules = d.tokenizer_exceptions or {}
    joined = {k for k, v in rules.items() if len(v) == 1 and v[0].get(ORTH, k) == k and "-" in k}
    base = Tokenizer(
        nlp.vocab,
        rules={k: v for k, v in rules.items() if k not in joined},
        prefix_search=compile_prefix_regex(d.prefixes).search if d.prefixes else None,
        suffix_search=compile_suffix_regex(d.suffixes).search if d.suffixes else None,
        infix_finditer=compile_infix_regex(d.infixes).finditer if d.infixes else None,
        token_match=d.token_match,
        url_match=d.url_match,
    )
    return _JoiningTokenizer(base, frozenset(joined))


class _JoiningTokenizer:
    def __init__(self, base: Any, joined: frozenset[str]):
        self.base, self.joined = base, joined

    def __call__(self, text: str) -> Any:
        doc = self.base(text)
        spans = []
        i = 0
        while i < len(doc):
            for j in range(min(len(doc), i + _JOIN_MAX), i + 1, -1):
                if all(not doc[k].whitespace_ for k in range(i, j - 1)) and doc[i:j].text in self.joined:
                    spans.append(doc[i:j])
                    i = j
                    break
            else:
                i += 1
        if spans:
            with doc.retokenize() as retokenizer:
                for span in spans:
                    retokenizer.merge(span)
        return doc

    def pipe(self, texts: Any, batch_size: int = 1000) -> Any:
        for text in texts:
            yield self(text)


@dataclass(frozen=True)
class _Words:
    saying: frozenset[str]
    classifiers: frozenset[str]
    light: frozenset[str]
    estimating: frozenset[str] = frozenset()


@cache
def _table(lang: str) -> _Words:
    data = langdata.find(lang)
    if data is None:
        return _Words(frozenset(), frozenset(), frozenset())
    return _Words(
        frozenset(data.statement_words),
        frozenset(data.classifiers),
        frozenset(data.light_verbs),
        frozenset(data.estimate_words),
    )


def available(lang: str) -> bool:
    return _parser(lang) is not None


def annotate(docs: list[Document], sentences: set[tuple[str, int]] | None = None) -> dict[MentionKey, Frame]:
    """Frames for every mention of the claim sentences, keyed by ``Mention.key``.

    ``sentences`` limits the parse to these sentences, by ``Sentence.key`` (those in candidate
    pairs): parsing is the expensive part, and a sentence no pair touches needs no frame.
    """
    out: dict[MentionKey, Frame] = {}
    by_lang: dict[str, list[Sentence]] = {}
    for doc in docs:
        for s in doc.sentences:
            if s.is_claim and (sentences is None or s.key in sentences):
                by_lang.setdefault(doc.article.language, []).append(s)
    for lang, sents in by_lang.items():
        nlp = _parser(lang)
        if nlp is None:
            continue
        with _lock:  # spaCy pipelines are not documented as thread-safe
            parsed = list(nlp.pipe((_one_sentence(nlp, s.text) for s in sents), batch_size=256))
        for sent, parsed_doc in zip(sents, parsed, strict=True):
            for m in sent.mentions:
                out[m.key] = frame_of(parsed_doc, sent, m, lang)
    return out


def _one_sentence(nlp: Language, text: str) -> Any:
    """The segmenter has already decided where sentences end: the parser must not split again
    (a split leaves the figure's verb in another tree)."""
    doc = nlp.make_doc(text)
    for token in doc[1:]:
        token.is_sent_start = False
    return doc


def frame_of(doc: Any, sent: Sentence, mention: Mention, lang: str) -> Frame:
    words = _table(lang)
    span = doc.char_span(mention.start - sent.start, mention.end - sent.start, alignment_mode="expand")
    if span is None or len(span) == 0:
        return EMPTY
    inside = {t.i for t in span}
    root = span.root
    noun, state = _counted(root, inside, words)
    predicate, reported = _predicate(root, words)
    if state is not None:  # "62 orang tewas": the state of the counted people is the predicate
        predicate, reported = state, False
    if noun is None and predicate is not None and mention.kind in ("number", "money", "percent"):
        noun = _subject(predicate, words)  # "Harga solar naik dari Rp 5.500": the price of diesel
    scope = predicate if predicate is not None else root.sent.root
    names = frozenset(
        t.text.lower() for t in scope.subtree if t.pos_ == "PROPN" and t.i not in inside and len(t.text) > 1
    )
    return Frame(
        predicate=predicate.text.lower() if predicate is not None else None,
        counted=noun,
        participants=names,
        anchor=_anchor(sent, mention, doc, scope),
        reported=reported,
        language=lang,
        holder=_holder(root, inside, predicate),
        attribution=_attribution(root, words, lang),
    )


def _predicate(root: Token, words: _Words) -> tuple[Token | None, bool]:
    """The nearest verb above the mention; a verb of saying is passed over (its complement holds
    the fact), and a mention that hangs from one directly is the time something was said."""
    token = root
    first = True
    while token.head.i != token.i:
        token = token.head
        if token.pos_ in _PREDICATE_POS or token.dep_ == "ROOT":
            low = token.text.lower()
            if low in words.saying or token.lemma_.lower() in words.saying:
                if first:
                    return None, True
                first = False
                continue
            if low in words.light and token.head.i != token.i:
                first = False  # "There were 240 people on board, officials said": not a date of saying
                continue
            return token, False
    return (token if token.pos_ in _PREDICATE_POS else None), False


def _counted(root: Token, inside: set[int], words: _Words) -> tuple[str | None, Token | None]:
    """The noun a figure counts ("228 passengers"), skipping classifiers; for "62 orang tewas"
    the classifier's state ("tewas") is returned too, as the figure's predicate."""
    token = root
    while token.i in inside and token.head.i != token.i:
        token = token.head  # out of the mention: "62" -> "orang"
    while token.pos_ == "ADJ" and token.dep_ == "amod" and token.head.i != token.i:
        token = token.head  # "a 45-year-old woman": the age is the woman's
    if token.i in inside or token.pos_ not in _CONTENT_POS:
        return None, None
    if token.text.lower() in words.classifiers:
        for child in token.children:
            if child.i in inside:
                continue
            if child.dep_ in ("amod", "acl") and child.pos_ in ("ADJ", "VERB"):
                return child.text.lower(), child
            if child.dep_ in ("compound", "nmod", "flat") and child.pos_ in _CONTENT_POS:
                return child.text.lower(), None
        head = token.head
        if token.dep_ == "conj":  # "62 orang tewas dan 151 orang hilang": past the first conjunct
            head = head.head
        if token.dep_ in ("nsubj", "conj", "obl", "obj") and head.pos_ in ("ADJ", "VERB"):
            return head.text.lower(), head
        return None, None
    return _with_modifier(token), None


def _with_modifier(noun: Token) -> str:
    """ "harga solar" and "harga premium" are two prices: a noun keeps its first noun modifier."""
    for child in noun.children:
        if child.dep_ in ("nmod", "compound", "flat") and child.pos_ in _CONTENT_POS and child.i > noun.i:
            return f"{noun.text.lower()} {child.text.lower()}"
    return noun.text.lower()


def _subject(predicate: Token, words: _Words) -> str | None:
    for child in predicate.children:
        subject = child.dep_.startswith("nsubj") and child.pos_ in _CONTENT_POS
        if subject and child.text.lower() not in words.classifiers:
            return _with_modifier(child)
    return None


def _holder(root: Token, inside: set[int], predicate: Token | None) -> frozenset[str] | None:
    """The parts of the name a figure belongs to: the name it hangs from ("Ganjar-Mahfud 16,47
    persen", "the 32-year-old Peterson"), else the name that possesses it or its predicate's subject
    ("Kenya's death toll rose to 62", "Cadangan minyak Indonesia mencapai 3,7 miliar barel"), else
    that subject when it is a name ("Putin won 87 percent")."""
    token = root
    while token.i in inside and token.head.i != token.i:
        token = token.head  # out of the mention
    if token.i not in inside and token.pos_ == "PROPN":
        return _name(token)
    subjects = [c for c in predicate.children if c.dep_.startswith("nsubj")] if predicate is not None else []
    for owner in (token, *subjects):
        for child in owner.children:
            if child.i not in inside and child.pos_ == "PROPN" and child.dep_ in ("nmod:poss", "nmod"):
                return _name(child)
    for subject in subjects:
        if subject.i not in inside and subject.pos_ == "PROPN":
            return _name(subject)
    return None


def _name(token: Token) -> frozenset[str]:
    """A name's parts, lower case: the token and the tokens its parser joined to it as one name."""
    parts = [token, *(c for c in token.children if c.dep_.startswith(("flat", "compound")) and c.pos_ == "PROPN")]
    text = token.doc[min(t.i for t in parts) : max(t.i for t in parts) + 1].text
    return frozenset(p.lower() for p in re.split(r"[\s\-’']+", text) if len(p) > 1)


def _attribution(root: Token, words: _Words, lang: str) -> frozenset[str]:
    """Stems of who a figure is put down to: the subject of the nearest verb of saying or of
    estimating above it ("Police said 62 people were killed", "the agency puts it at 6.3"), or of a
    verb of saying set beside one of those verbs ("..., kata Kapolda Sumatera Barat")."""
    token = root
    while token.head.i != token.i:
        token = token.head
        beside = [c for c in token.children if c.dep_ == "parataxis" and _is(c, words.saying)]
        for verb in (token, *beside) if _is(token, words.saying | words.estimating) else beside:
            subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)  # not a passive's
            if subject is not None:
                stem = lexicon(lang).stem
                return frozenset(stem(t.text) for t in subject.subtree if t.pos_ in _CONTENT_POS)
    return frozenset()


def _is(token: Token, table: frozenset[str]) -> bool:
    """A verb of the table: "said", or a form whose lemma is one."""
    verb = token.pos_ in _PREDICATE_POS or token.dep_ == "ROOT"
    return verb and (token.text.lower() in table or token.lemma_.lower() in table)


def _anchor(sent: Sentence, mention: Mention, doc: Any, scope: Token) -> Mention | None:
    """The date given in the mention's own clause (another date mention under the same verb)."""
    if mention.kind == "date":
        return None
    tokens = {t.i for t in scope.subtree}
    for other in sent.mentions:
        if other is mention or other.kind != "date" or other.lo is None or other.hi is None:
            continue
        span = doc.char_span(other.start - sent.start, other.end - sent.start, alignment_mode="expand")
        if span is not None and span.root.i in tokens:
            return other
    return None
