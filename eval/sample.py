"""Draw unlabelled disagreeing proposals for reading, stratified by topic and by today's decision.

    .venv/bin/python eval/sample.py OUT_DIR [--total 3000] [--batches 6]

Writes ``OUT_DIR/batch-N.json``: lists of entries in the gold's label format (``kind``,
``claims`` with article, mention and sentence) plus where to read each claim (its file, line
and the sentences around it), with ``label`` and ``why`` left empty for the reader. Each topic's
draw is split between pairs today's rules would compare (``rule_score`` > 0) and the rest, and
within each half between the most plausible pairs (strongest fact keys and sentence similarity)
and a uniform draw, so the decision learns from the traps and from the easy negatives alike.
A topic's pairs stay in one batch, so a reader reads its articles once.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from eval.collect import Run, cached_runs, clusters, relabel
from eval.evaluate import flag_key
from factcheck.compare import _fmt_date
from factcheck.decide import Proposal
from factcheck.pipeline import Pipeline
from factcheck.settings import load
from factcheck.types import Mention, Sentence

SEED = 20261206


def _claim(run: Run, sentence: Sentence, mention: Mention) -> dict:
    doc = next(d for d in run.docs if d.article.id == sentence.article_id)
    i = next(n for n, s in enumerate(doc.sentences) if s is sentence)
    line, _ = doc.article.line_col(mention.start)
    ctx = " ".join(s.text for s in doc.sentences[max(0, i - 2) : i + 3])
    return {
        "article": sentence.article_id,
        "mention": mention.text,
        "sentence": sentence.text,
        "read_as": _fmt_date(mention) if mention.kind == "date" else f"{mention.value} {mention.measure or ''}".strip(),
        "published": doc.article.published.isoformat() if doc.article.published else None,
        "file": doc.article.source,
        "line": line,
        "context": ctx,
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("out", type=Path)
    ap.add_argument("--total", type=int, default=3000)
    ap.add_argument("--batches", type=int, default=6)
    ap.add_argument("--cache", type=Path, default=None)
    ap.add_argument(
        "--by-model",
        type=Path,
        default=None,
        help="a pickled eval.cv.FoldResult: draw the pairs its out-of-fold models believe most, per topic",
    )
    ap.add_argument("--per-topic", type=int, default=80)
    ap.add_argument(
        "--min-probability",
        type=float,
        default=0.0,
        help="with --by-model: only the pairs its out-of-fold models give at least this",
    )
    args = ap.parse_args()
    cs = [c for c in clusters() if not c.mixed]
    runs = cached_runs(Pipeline(load()), cs, args.cache, log=lambda m: print(m, file=sys.stderr))
    runs = relabel([r for r in runs if not r.cluster.mixed])
    rng = random.Random(SEED)
    if args.by_model is not None:
        return _by_model(runs, args)
    pools: dict[str, list] = defaultdict(list)
    seen: set[tuple] = set()
    for r in runs:
        for p, row, lab in zip(r.stage.proposals, r.stage.rows, r.labels, strict=True):
            if row["agree"] or lab != "unlabelled":
                continue
            kind = _new(p, seen)
            if kind:
                pools[r.cluster.topic].append((r, p, row, kind))
    topics = sorted(pools, key=lambda t: len(pools[t]))
    quota_left, out = args.total, defaultdict(list)
    for n, topic in enumerate(topics):
        quota = min(len(pools[topic]), quota_left // (len(topics) - n))
        quota_left -= quota
        ruled = [x for x in pools[topic] if x[2]["rule_score"] > 0]
        rest = [x for x in pools[topic] if x[2]["rule_score"] <= 0]
        take_ruled = min(len(ruled), max(quota // 2, quota - len(rest)))
        for part, k in ((ruled, take_ruled), (rest, quota - take_ruled)):
            part.sort(key=lambda x: -(x[2]["key_shared"] + 2 * x[2]["dense"] + x[2]["near_overlap"]))
            top = part[: k // 2]
            others = part[k // 2 :]
            picked = top + rng.sample(others, min(len(others), k - len(top)))
            for r, p, row, kind in picked:
                out[topic].append(
                    {
                        "topic": topic,
                        "cluster": r.cluster.name,
                        "kind": kind,
                        "stratum": ("rules-compare" if row["rule_score"] > 0 else "rules-skip"),
                        "claims": [_claim(r, p.left, p.a), _claim(r, p.right, p.b)],
                        "label": "",
                        "why": "",
                    }
                )
    _write(out, args)  # topics dealt to batches, largest first, to balance the reading


def _by_model(runs: list, args: argparse.Namespace) -> None:
    """Active reading: the unlabelled disagreeing pairs out-of-fold models rank highest are the
    findings a run would show unread; reading them measures precision and teaches the next model."""
    import pickle

    with args.by_model.open("rb") as fh:
        fr = pickle.load(fh)
    seen: set[tuple] = set()
    out: dict[str, list] = defaultdict(list)
    for r in runs:
        probs = fr.probabilities.get(r.cluster.name)
        if probs is None:
            continue
        ranked = sorted(range(len(probs)), key=lambda n: -probs[n])
        for n in ranked:
            p, row, lab = r.stage.proposals[n], r.stage.rows[n], r.labels[n]
            if probs[n] < args.min_probability:
                break  # ranked: the rest are lower
            if row["agree"] or lab != "unlabelled" or len(out[r.cluster.topic]) >= args.per_topic:
                continue
            kind = _new(p, seen)
            if not kind:
                continue
            out[r.cluster.topic].append(
                {
                    "topic": r.cluster.topic,
                    "cluster": r.cluster.name,
                    "kind": kind,
                    "stratum": f"model-top p={probs[n]:.2f}",
                    "claims": [_claim(r, p.left, p.a), _claim(r, p.right, p.b)],
                    "label": "",
                    "why": "",
                }
            )
    _write(out, args)


def _write(out: dict[str, list], args: argparse.Namespace) -> None:
    batches: list[list] = [[] for _ in range(args.batches)]
    for topic in sorted(out, key=lambda t: -len(out[t])):
        min(batches, key=len).extend(out[topic])
    args.out.mkdir(parents=True, exist_ok=True)
    for n, b in enumerate(batches, 1):
        (args.out / f"batch-{n}.json").write_text(json.dumps(b, indent=1, ensure_ascii=False) + "\n")
        print(f"batch-{n}: {len(b)} pairs, topics {sorted({e['topic'] for e in b})}")


def _new(p: Proposal, seen: set[tuple]) -> str | None:
    """The pair's label kind, the first time its key is drawn; None after."""
    kind = "date" if p.a.kind in ("date", "time") else "number"
    key = flag_key(kind, [_c(p.left, p.a), _c(p.right, p.b)])
    if key in seen:
        return None
    seen.add(key)
    return kind


def _c(s: Sentence, m: Mention) -> dict:
    return {"article": s.article_id, "mention": m.text, "sentence": s.text}


if __name__ == "__main__":
    main()
