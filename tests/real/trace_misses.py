"""Where each missed must-flag conflict of a split stops.

``.venv/bin/python tests/real/trace_misses.py [--split tuning|heldout]``.

For every conflict found by reading that no finding covers, each of its claim pairs is followed
through the engine's hard tests (extraction, the vetoes of ``compare._comparable``, the article
name gate, the event tests); a conflict is counted under the furthest stage any of its pairs
reaches. "passes every veto" means the pair is then lost to the alignment (never proposed) or to
the word-context decision (not read as one fact). For reporting only: rules are chosen on tuning.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # the clone's eval/ harness

from eval import evaluate
from factcheck import compare
from factcheck.context import Role
from factcheck.pipeline import Pipeline
from factcheck.settings import Settings
from factcheck.types import Article, Document, Mention, Sentence

GOLD = Path(__file__).parent
ORDER = [
    "passes every veto",
    "no shared specific value",
    "sentences dated apart (publication days)",
    "news of the day",
    "dates further apart than one event's days",
    "article name gate",
    "veto: date not anchored (a relative day from another day)",
    "veto: clock times",
    "veto: two kinds",
    "veto: two units",
    "veto: a year against a number",
    "veto: two time units",
    "veto: values too far apart",
    "veto: two people's ages",
    "veto: two roles",
    "not extracted as one figure",
]


def _veto(m1: Mention, a1: Article, r1: Role, m2: Mention, a2: Article, r2: Role) -> str:
    if m1.kind != m2.kind:
        return "veto: two kinds"
    if m1.kind == "date":
        return "veto: date not anchored (a relative day from another day)"
    if m1.kind == "time":
        return "veto: clock times"
    if compare._base_unit(m1) != compare._base_unit(m2):
        return "veto: two units"
    if compare._year_like(m1) != compare._year_like(m2):
        return "veto: a year against a number"
    if m1.kind == "duration" and compare._written_unit(m1, a1.language) != compare._written_unit(m2, a2.language):
        return "veto: two time units"
    if compare._apart_by_ratio(m1, m2):
        return "veto: values too far apart"
    if compare._other_holder(m1, r1, a1.language, m2, r2, a2.language):
        return "veto: two people's ages"
    return "veto: two roles"


def _stage(
    m1: Mention, s1: Sentence, a1: Article, m2: Mention, s2: Sentence, a2: Article, cache: compare.RoleCache
) -> str:
    r1, r2 = cache.context(s1, m1).words, cache.context(s2, m2).words
    if not compare._comparable(m1, m2, a1, a2, r1, r2):
        return _veto(m1, a1, r1, m2, a2, r2)
    if a1.language == a2.language and cache.name_overlap(a1, a2) < Settings.min_article_name_overlap:
        return "article name gate"
    if m1.kind == "date":
        if compare._dates_apart(m1, m2):
            return "dates further apart than one event's days"
        if compare._news_of_the_day(m1, a1, m2, a2):
            return "news of the day"
        return "passes every veto"
    if compare._different_events(s1, a1, s2, a2):
        return "sentences dated apart (publication days)"
    if not cache.corroborated(m1, a1, m2, a2):
        return "no shared specific value"
    return "passes every veto"


def trace(split: str, data: Path) -> Counter[str]:
    settings = Settings()
    pipe = Pipeline(settings)
    result, _ = evaluate.evaluate_real(GOLD, data, split, settings, pipe=pipe)
    counts: Counter[str] = Counter()
    for r in result.results:
        cluster = r.cluster
        if cluster.mixed or not r.missed:
            continue
        docs = pipe.documents([str(p) for p in cluster.paths], today=evaluate.EVAL_TODAY)
        if cluster.ids is not None:
            docs = [d for d in docs if d.article.id in cluster.ids]
        by_id: dict[str, Document] = {d.article.id: d for d in docs}
        cache = compare.RoleCache(docs, settings.min_article_names)

        def find(claim: dict, by_id: dict[str, Document] = by_id) -> tuple[Sentence, Mention] | None:
            doc = by_id.get(claim["article"])
            if doc is None:
                return None
            quoted, said = evaluate._norm(claim["sentence"]), claim["mention"].lower()
            for s in doc.sentences:
                if quoted in evaluate._norm(s.text):
                    for m in s.mentions:
                        if said in m.text.lower() or m.text.lower() in said:
                            return s, m
            return None

        for gold in r.missed:
            first, *others = gold["claims"]
            left = find(first)
            stages = set()
            for other in others:
                right = find(other)
                if left is None or right is None:
                    stages.add("not extracted as one figure")
                    continue
                (s1, m1), (s2, m2) = left, right
                stages.add(_stage(m1, s1, by_id[s1.article_id].article, m2, s2, by_id[s2.article_id].article, cache))
            counts[next(o for o in ORDER if o in stages)] += 1
    return counts


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", default="tuning", choices=["tuning", "heldout"])
    ap.add_argument("--data", type=Path, default=Path("../shared"))
    args = ap.parse_args()
    counts = trace(args.split, args.data)
    print(f"{args.split}: {sum(counts.values())} missed conflicts")
    for stage in ORDER:
        if counts[stage]:
            print(f"  {counts[stage]:3d}  {stage}")


if __name__ == "__main__":
    main()
