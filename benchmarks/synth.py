"""Synthetic corpora with planted discrepancies, made from real articles.

Claim sentences of real articles (the seeds, the evaluation clusters and, when it is
beside the checkout, the Kompas corpus in ../shared) are grouped by the story they came
from. Each synthetic article retells one story: most of its sentences, reordered, with the
story's publication date, plus now and then a sentence recombined from another story. So
every fact is reported by several articles, as wire stories are. At a known rate one
number or date of a sentence copy is changed; those changes are the discrepancies a
checker should find, so recall can be measured at any size.

With ``distinct``, every retelling belongs to one instance of its story (a handful of
articles about one happening), and each instance gets its own figures: every number in a
sentence gets fresh digits, every day of a date a fresh day, the same across the instance's
articles, and every capitalised name outside a date or number is swapped for another name of
the corpus. So articles of one instance agree with each other, and no sentence repeats across
instances even with its figures masked (as factcheck embeds them): a benchmark on such a corpus
embeds new text instead of reading the cache.
"""

from __future__ import annotations

import json
import random
import re
from dataclasses import dataclass, field
from pathlib import Path

from factcheck.pipeline import Pipeline
from factcheck.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
KOMPAS = ROOT.parent / "shared" / "corpora" / "kompas-2014-oil" / "articles.jsonl"


@dataclass
class PoolSentence:
    story: str
    text: str
    language: str
    published: str | None
    # (start, end) of mentions whose digits can be changed: numbers, money, percent, day dates
    changeable: list[tuple[int, int]]
    # (start, end) of every date and number mention: names are never replaced inside them
    mentions: list[tuple[int, int]] = field(default_factory=list)


def sources() -> list[str]:
    out = [str(ROOT / "seeds")]
    out += [str(p) for p in sorted((ROOT / "tests" / "eval").glob("*/*.md"))]
    if KOMPAS.is_file():
        out.append(str(KOMPAS))
    return out


def pool(settings: Settings) -> list[PoolSentence]:
    docs = Pipeline(settings).documents(sources())
    out = []
    for doc in docs:
        published = doc.article.published.isoformat() if doc.article.published else None
        for s in doc.sentences:
            if not s.is_claim or len(s.text.split()) < 8 or s.text.rstrip()[-1:] not in '.!?"”':
                continue
            spans = [
                (m.start - s.start, m.end - s.start)
                for m in s.mentions
                if re.search(r"\d", m.text) and (m.kind in ("number", "money", "percent") or m.granularity == "day")
            ]
            every = [(m.start - s.start, m.end - s.start) for m in s.mentions]
            out.append(PoolSentence(doc.article.id, s.text, doc.article.language, published, spans, every))
    return out


def _perturb(text: str, span: tuple[int, int], rng: random.Random) -> tuple[str, tuple[int, int]]:
    """A different value in the same format: a day moved by one to three days (kept valid),
    or a quantity's leading digit changed."""
    start, end = span
    piece = text[start:end]
    day = re.search(r"(?<!\d)([0-3]?\d)(?=/\d|\s+[A-Za-z])", piece)
    if day:
        old = int(day.group(1))
        new = old + rng.choice([-3, -2, -1, 1, 2, 3])
        new = new if 1 <= new <= 28 else (old - 3 if old > 3 else old + 3)
        new_piece = piece[: day.start(1)] + str(new) + piece[day.end(1) :]
    else:
        m = re.search(r"\d", piece)
        assert m is not None
        old = int(piece[m.start()])
        new = (old + rng.randint(1, 3)) % 10 or 1
        new_piece = piece[: m.start()] + str(new) + piece[m.start() + 1 :]
    return text[:start] + new_piece + text[end:], (start, start + len(new_piece))


_NAME = re.compile(r"(?<=\s)[A-Z][a-z]{3,}\b")


def names_of(sentences: list[PoolSentence]) -> list[str]:
    return sorted({m.group(0) for p in sentences for m in _NAME.finditer(p.text) if not _inside(m, p.mentions)})


def _inside(m: re.Match[str], spans: list[tuple[int, int]]) -> bool:
    return any(s < m.end() and m.start() < e for s, e in spans)


def _fresh(
    p: PoolSentence, rng: random.Random, names: list[str], renamed: dict[str, str]
) -> tuple[str, list[tuple[int, int]]]:
    """The sentence with new figures and names: digits of quantities redrawn (a leading digit
    stays non-zero), the day of a date redrawn within 1-28 so dates stay valid, and each name
    outside a mention swapped as ``renamed`` says (filled as names are met, one per instance)."""
    edits: list[tuple[int, int, str]] = []
    for m in _NAME.finditer(p.text):
        if not _inside(m, p.mentions):
            edits.append((m.start(), m.end(), renamed.setdefault(m.group(0), rng.choice(names))))
    for start, end in p.changeable:
        piece = p.text[start:end]
        day = re.search(r"(?<!\d)([0-3]?\d)(?=/\d|\s+[A-Za-z])", piece)
        if day:
            new = piece[: day.start(1)] + str(rng.randint(1, 28)) + piece[day.end(1) :]
        else:

            def redraw(m: re.Match[str]) -> str:
                digits = m.group(0)
                first = str(rng.randint(1, 9)) if len(digits) > 1 else str(rng.randint(2, 9))
                return first + "".join(str(rng.randint(0, 9)) for _ in digits[1:])

            new = re.sub(r"\d+", redraw, piece)
        edits.append((start, end, new))
    out, moved, shift = p.text, [], 0
    changeable = {(int(a), int(b)) for a, b in p.changeable}
    for start, end, new in sorted(edits):
        out = out[: start + shift] + new + out[end + shift :]
        if (start, end) in changeable:
            moved.append((start + shift, start + shift + len(new)))
        shift += len(new) - (end - start)
    return out, moved


def generate(
    n_articles: int,
    sentences: list[PoolSentence],
    rate: float = 0.05,
    per_article: int = 5,
    seed: int = 0,
    prefix: str = "s",
    distinct: bool = False,
    per_instance: int = 4,
) -> tuple[list[dict], list[dict]]:
    """Records ({id, published, lang, text}) and the planted discrepancies ({article, mention, sentence})."""
    rng = random.Random(seed)
    if distinct:  # a sentence without digits would be the same in every instance
        sentences = [p for p in sentences if p.changeable]
    names_pool = names_of(sentences)
    renamed: dict[str, str] = {}
    stories: dict[str, list[PoolSentence]] = {}
    for p in sentences:
        stories.setdefault(p.story, []).append(p)
    names = sorted(stories)
    records, planted = [], []
    instance: dict[int, tuple[str, list[tuple[int, int]]]] = {}
    story: list[PoolSentence] = []
    for n in range(n_articles):
        if not distinct or n % per_instance == 0:
            story = stories[rng.choice(names)]
            instance, renamed = {}, {}
        picks = rng.sample(story, k=min(per_article, len(story)))
        if rng.random() < 0.2:  # recombined: one sentence of another story
            picks.append(rng.choice(sentences))
        rng.shuffle(picks)
        aid = f"{prefix}{n:06d}"
        lines = []
        for p in picks:
            text, changeable = p.text, p.changeable
            if distinct:
                if id(p) not in instance:
                    instance[id(p)] = _fresh(p, rng, names_pool, renamed)
                text, changeable = instance[id(p)]
            if changeable and rng.random() < rate:
                span = rng.choice(changeable)
                original = text
                text, (s0, s1) = _perturb(text, span, rng)
                planted.append({"article": aid, "mention": text[s0:s1], "sentence": text, "original": original})
            lines.append(text)
        records.append(
            {"id": aid, "published": picks[0].published, "lang": picks[0].language, "text": "\n\n".join(lines)}
        )
    # A change can only be caught where another article reports the sentence unchanged.
    holders: dict[str, set[str]] = {}
    for r in records:
        for line in r["text"].split("\n\n"):
            holders.setdefault(line, set()).add(r["id"])
    for p in planted:
        p["copies"] = len(holders.get(p["original"], set()) - {p["article"]})
    return records, planted


def write_jsonl(records: list[dict], path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as fh:
        for r in records:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    return path


def recombined(sentences: list[PoolSentence], n: int, seed: int = 0) -> list[str]:
    """New distinct sentences: the first part of one pool sentence with the rest of another,
    joined at a comma. Used where the benchmark needs many distinct vectors (HNSW recall)."""
    rng = random.Random(seed)
    halves = [(p.text[: p.text.index(",")], p.text[p.text.index(",") + 1 :]) for p in sentences if "," in p.text]
    out: set[str] = set()
    while len(out) < n and len(out) < len(halves) ** 2 // 2:
        a, b = rng.choice(halves), rng.choice(halves)
        if a is not b:
            out.add(f"{a[0]},{b[1]}")
    return sorted(out)
