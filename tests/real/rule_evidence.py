"""What each hard veto of ``compare`` does to the labelled pairs of one split:
``.venv/bin/python tests/real/rule_evidence.py [--split tuning] [--data ../shared]``.

Once the tuning split's own findings were nearly all right, they could no longer tell a general
rule from a fitted one. Every pair any version of the engine ever flagged was read and labelled
(true, update or false), so a candidate veto can be scored on all of them: how many labelled true
(or update) pairs it would silence against how many false ones. A veto that silences a true pair
on tuning is not kept. The pairs are found again in the articles as the engine reads them today
(mentions by their text in the quoted sentence), so the figures follow the shipped code.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # the clone's eval/ harness

from eval.evaluate import EVAL_TODAY, _norm
from factcheck import compare
from factcheck.pipeline import Pipeline
from factcheck.settings import Settings
from factcheck.types import Article, Document, Mention

GOLD = Path(__file__).parent

Veto = Callable[[Mention, Article, Mention, Article], bool]


def _dates_apart(a: Mention, _aa: Article, b: Mention, _ab: Article) -> bool:
    return a.kind == b.kind == "date" and compare._dates_apart(a, b)


def _year_against_count(a: Mention, _aa: Article, b: Mention, _ab: Article) -> bool:
    return a.kind == b.kind == "number" and compare._year_like(a) != compare._year_like(b)


def _two_time_units(a: Mention, aa: Article, b: Mention, ab: Article) -> bool:
    if a.kind != "duration" or b.kind != "duration" or "age" in (a.unit, b.unit):
        return False
    return compare._written_unit(a, aa.language) != compare._written_unit(
        b, ab.language
    ) and not compare.quantities_agree(a, b)


def _ratio(kind: str, cap: float) -> Veto:
    def veto(a: Mention, _aa: Article, b: Mention, _ab: Article) -> bool:
        if a.kind != kind or b.kind != kind or "age" in (a.unit, b.unit):
            return False
        if not (a.lo and b.lo and a.hi and b.hi) or min(a.hi, b.hi) <= 0:
            return False
        return max(a.lo, b.lo) > cap * min(a.hi, b.hi)

    return veto


_specifics = compare.RoleCache()  # rebuilt from the articles the labelled pairs come from


def _no_shared_value(a: Mention, aa: Article, b: Mention, ab: Article) -> bool:
    return a.kind != "date" and not _specifics.corroborated(a, aa, b, ab)


VETOES: dict[str, Veto] = {
    "dates further apart than one event's days (kept)": _dates_apart,
    "a year against another number (kept)": _year_against_count,
    "durations in two time units that disagree (kept)": _two_time_units,
    "money more than 1.5x apart, no slipped digit (kept)": lambda a, _aa, b, _ab: (
        a.kind == b.kind == "money" and compare._apart_by_ratio(a, b)
    ),
    "durations more than 3x apart (not kept: no tuning finding moved)": _ratio("duration", 3.0),
    "figures of two articles sharing no other specific value (kept on tuning figures)": _no_shared_value,
}


def labelled_pairs(split: str, data: Path) -> list[tuple[str, tuple[Mention, Article], tuple[Mention, Article]]]:
    topics = set(json.loads((GOLD / "split.json").read_text(encoding="utf-8"))[split])
    corpus = data / "corpora" / "ecbplus-dev"
    pipe = Pipeline(Settings())
    docs: dict[str, Document] = {}

    def document(article: str) -> Document | None:
        if article not in docs:
            topic = article.split("_")[0]
            sub = "ecbplus" if article.endswith("ecbplus") else "ecb"
            path = corpus / f"t{topic}_{sub}" / f"{article}.txt"
            if not path.is_file():
                return None
            docs[article] = pipe.documents([str(path)], today=EVAL_TODAY)[0]
        return docs[article]

    def find(claim: dict) -> tuple[Mention, Article] | None:
        doc = document(claim["article"])
        if doc is None:
            return None
        quoted = _norm(claim["sentence"])
        for sent in doc.sentences:
            if quoted in _norm(sent.text):
                for m in sent.mentions:
                    if m.text.lower() == claim["mention"].lower():
                        return m, doc.article
                for m in sent.mentions:
                    if claim["mention"].lower() in m.text.lower() or m.text.lower() in claim["mention"].lower():
                        return m, doc.article
        return None

    out: list[tuple[str, tuple[Mention, Article], tuple[Mention, Article]]] = []
    for path in sorted((GOLD / "ecbplus").glob("t*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        if gold.get("topic") not in topics:
            continue
        for entry in gold.get("labels", []):
            if len(entry["claims"]) != 2:
                continue
            left, right = find(entry["claims"][0]), find(entry["claims"][1])
            if left is not None and right is not None:
                out.append((entry["label"], left, right))
    global _specifics
    _specifics = compare.RoleCache(list(docs.values()))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", default="tuning", choices=["tuning", "heldout"])
    ap.add_argument("--data", type=Path, default=Path("../shared"))
    args = ap.parse_args()
    pairs = labelled_pairs(args.split, args.data)
    right = sum(label in ("true", "update") for label, _, _ in pairs)
    print(f"{args.split}: {len(pairs)} labelled pairs found again ({right} true or update, {len(pairs) - right} false)")
    for name, veto in VETOES.items():
        hits = Counter(
            "right" if label in ("true", "update") else "false"
            for label, (a, aa), (b, ab) in pairs
            if veto(a, aa, b, ab)
        )
        print(f"  {name}: silences {hits['right']} true/update, {hits['false']} false")


if __name__ == "__main__":
    main()
