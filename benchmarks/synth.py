"""Synthetic corpora with planted discrepancies, made from real articles.

Claim sentences of real articles (the seeds, the evaluation clusters and, when it is
beside the checkout, the Kompas corpus in ../shared) are grouped by the story they came
from. Each synthetic article retells one story: most of its sentences, reordered, with the
story's publication date, plus now and then a sentence recombined from another story. So
every fact is reported by several articles, as wire stories are. At a known rate one
number or date of a sentence copy is changed; those changes are the discrepancies a
checker should find, so recall can be measured at any size.
"""

from __future__ import annotations

import json
import random
import re
from dataclasses import dataclass
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
            out.append(PoolSentence(doc.article.id, s.text, doc.article.language, published, spans))
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


def generate(
    n_articles: int,
    sentences: list[PoolSentence],
    rate: float = 0.05,
    per_article: int = 5,
    seed: int = 0,
    prefix: str = "s",
) -> tuple[list[dict], list[dict]]:
    """Records ({id, published, lang, text}) and the planted discrepancies ({article, mention, sentence})."""
    rng = random.Random(seed)
    stories: dict[str, list[PoolSentence]] = {}
    for p in sentences:
        stories.setdefault(p.story, []).append(p)
    names = sorted(stories)
    records, planted = [], []
    for n in range(n_articles):
        story = stories[rng.choice(names)]
        picks = rng.sample(story, k=min(per_article, len(story)))
        if rng.random() < 0.2:  # recombined: one sentence of another story
            picks.append(rng.choice(sentences))
        rng.shuffle(picks)
        aid = f"{prefix}{n:06d}"
        lines = []
        for p in picks:
            text = p.text
            if p.changeable and rng.random() < rate:
                span = rng.choice(p.changeable)
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
