"""How far the read labels can be trusted: where one claim's pairs were read two ways, and how often
a reader who does not see a label reads the pair the same way.

    .venv/bin/python -m eval.audit groups OUT.json
    .venv/bin/python -m eval.audit blind OUT_DIR --cache RUNS --folds FOLDS [--n 100] [--min-probability 0.15]
    .venv/bin/python -m eval.audit agreement OUT_DIR

``groups`` writes every claim whose pairs with one figure of other articles carry both a positive
and a negative label, each entry with where it sits in its labels file: a reader reads them again
and changes only the labels that misread the texts. ``blind`` draws ``--n`` read pairs of one fact
and ``--n`` read pairs of two facts that the out-of-fold models (``eval.report --save-folds``)
give at least ``--min-probability``, and writes them as two batches without their labels, in
``eval.sample``'s entry format, beside ``key.json``; ``agreement`` compares what the readers wrote
with the labels and lists where they differ, for someone to read.
"""

from __future__ import annotations

import argparse
import json
import pickle
import random
import sys
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from eval.collect import GOLD, cached_runs, clusters, relabel
from eval.evaluate import _norm
from eval.sample import _claim, _new
from factcheck.pipeline import Pipeline
from factcheck.settings import load

SEED = 20261207
POSITIVE = ("true", "update")


def label_files(gold: Path = GOLD) -> list[Path]:
    return [*sorted((gold / "ecbplus").glob("t*.json")), gold / "kompas-oil.json"]


def groups(files: list[Path], root: Path = GOLD.parents[1]) -> list[dict]:
    """Claims met under both a positive and a negative label by the same figure of other articles;
    each group names its labels file relative to ``root``."""
    by: dict[tuple, list[tuple[Path, int, dict]]] = defaultdict(list)
    for f in files:
        for n, lab in enumerate(json.loads(f.read_text(encoding="utf-8")).get("labels", [])):
            claims = lab["claims"]
            if len(claims) != 2:
                continue
            for one, other in (claims, claims[::-1]):
                key = (f, one["article"], _norm(one["mention"]), _norm(one["sentence"]), _norm(other["mention"]))
                by[key].append((f, n, lab))
    out = []
    for (f, article, mention, sentence, _), labs in by.items():
        if len({lab["label"] in POSITIVE for _, _, lab in labs}) < 2:
            continue
        out.append(
            {
                "group": len(out) + 1,
                "labels_file": str(f.relative_to(root)),
                "shared_claim": {"article": article, "mention": mention, "sentence": sentence},
                "entries": [
                    {"index_in_labels": n, "label": lab["label"], "why": lab.get("why", ""), "claims": lab["claims"]}
                    for _, n, lab in labs
                ],
            }
        )
    return out


def blind(runs: list, probabilities: dict, n: int, min_probability: float) -> tuple[list[list[dict]], list[dict]]:
    """Two batches of read pairs without their labels, and the key that holds them."""
    pos, neg, seen = [], [], set()
    for r in runs:
        probs = probabilities.get(r.cluster.name)
        if r.cluster.mixed or probs is None:
            continue
        for p, prop, row, lab in zip(probs, r.stage.proposals, r.stage.rows, r.labels, strict=True):
            if row["agree"] or lab not in (*POSITIVE, "false") or not _new(prop, seen):
                continue
            if lab in POSITIVE:
                pos.append((float(p), lab, r, prop))
            elif p >= min_probability:
                neg.append((float(p), lab, r, prop))
    rng = random.Random(SEED)
    drawn = rng.sample(pos, min(n, len(pos))) + rng.sample(neg, min(n, len(neg)))
    rng.shuffle(drawn)
    batches: list[list[dict]] = [[], []]
    key = []
    for i, (p, lab, r, prop) in enumerate(drawn):
        claims = [_claim(r, prop.left, prop.a), _claim(r, prop.right, prop.b)]
        batches[i % 2].append({"id": i, "claims": claims, "label": "", "why": ""})
        key.append({"id": i, "label": lab, "p": p, "cluster": r.cluster.name})
    return batches, key


def agreement(batches: list[list[dict]], key: list[dict]) -> tuple[Counter, list[dict]]:
    """Per side of the labels (one fact, two facts): how many the readers read the same way, and
    every pair they read the other way."""
    by_id = {k["id"]: k for k in key}
    counts: Counter = Counter()
    differ = []
    for e in (e for b in batches for e in b):
        old = by_id[e["id"]]["label"]
        side = "one fact" if old in POSITIVE else "two facts"
        same = (old in POSITIVE) == (e["label"] in POSITIVE)
        counts[(side, same)] += 1
        if not same:
            differ.append({**e, "label_was": old})
    return counts, differ


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m eval.audit", description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="command", required=True)
    g = sub.add_parser("groups", help="claims whose pairs were read two ways, to read again")
    g.add_argument("out", type=Path)
    b = sub.add_parser("blind", help="read pairs drawn for a reader who does not see their labels")
    b.add_argument("out", type=Path)
    b.add_argument("--cache", type=Path, default=None)
    b.add_argument("--folds", type=Path, required=True, help="a result saved by eval.report --save-folds")
    b.add_argument("--n", type=int, default=100)
    b.add_argument("--min-probability", type=float, default=0.15)
    a = sub.add_parser("agreement", help="the readers' labels against the labels")
    a.add_argument("out", type=Path)
    args = ap.parse_args(argv)
    if args.command == "groups":
        found = groups(label_files())
        args.out.write_text(json.dumps(found, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"{len(found)} groups, {sum(len(x['entries']) for x in found)} labels")
    elif args.command == "blind":
        cs = [c for c in clusters() if not c.mixed]
        runs = relabel(cached_runs(Pipeline(load()), cs, args.cache, log=lambda m: print(m, file=sys.stderr)))
        fr = pickle.loads(args.folds.read_bytes())
        batches, key = blind(runs, fr.probabilities, args.n, args.min_probability)
        args.out.mkdir(parents=True, exist_ok=True)
        for i, batch in enumerate(batches, 1):
            (args.out / f"batch-{i}.json").write_text(json.dumps(batch, indent=1, ensure_ascii=False) + "\n")
        (args.out / "key.json").write_text(json.dumps(key, indent=1) + "\n")
        print(f"{sum(map(len, batches))} pairs in {len(batches)} batches; the labels are in key.json")
    else:
        read = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(args.out.glob("batch-*.json"))]
        counts, differ = agreement(read, json.loads((args.out / "key.json").read_text()))
        for side in ("one fact", "two facts"):
            total = counts[(side, True)] + counts[(side, False)]
            print(f"labelled {side}: read the same way {counts[(side, True)]} of {total}")
        for e in differ:
            a, b = e["claims"]
            print(f"#{e['id']}: {e['label_was']} -> {e['label']}: {a['mention']!r} / {b['mention']!r}: {e['why']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
