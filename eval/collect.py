"""Every real cluster of ``../shared``, run up to the decision, with each proposal's label.

One topic is one ECB+ topic (its two events, each a same-event cluster, and both together as a
mixed cluster) or the Kompas corpus (one same-event cluster). Labels come from ``tests/real``:
pairs a person read (true, update, false, each with why), the must-flag conflicts (true), and
pairs that join the two events of a mixed cluster (false by construction).
"""

from __future__ import annotations

import json
import pickle
import random
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from eval.evaluate import EVAL_TODAY, _labels, _pair_label, _read_json, flag_key, topic_clusters
from eval.evaluate import RealCluster as Cluster
from factcheck import compare
from factcheck.decide import Proposal
from factcheck.pipeline import Pipeline, Stage
from factcheck.types import Claim, Discrepancy, Document

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "real"
DATA = ROOT.parent / "shared"
FOLDS = GOLD / "folds.json"
CV = "cv"  # the split name of a cluster judged by cross-validation: every topic, held out in turn


@dataclass
class Run:
    """One cluster up to the decision: the proposals, their features and what is known of each."""

    cluster: Cluster
    docs: list[Document]
    stage: Stage
    weekday: list[Discrepancy]
    labels: list[str]  # per proposal: true | update | false | cross-event | must | unlabelled


def clusters(gold: Path = GOLD, data: Path = DATA) -> list[Cluster]:
    spl = _read_json(gold / "split.json")
    corpus = data / spl["corpus"]
    out: list[Cluster] = []
    for topic in sorted(spl["tuning"] + spl["heldout"], key=lambda t: int(t[1:])):
        out += topic_clusters(gold, corpus, topic, CV)
    kfile = gold / "kompas-oil.json"
    kg = _read_json(kfile)
    out.append(
        Cluster(
            "kompas-oil",
            CV,
            "id",
            [data / kg["corpus"]],
            None,
            {},
            bool(kg.get("read")),
            kg.get("must_flag", []),
            _labels(kfile, kg.get("labels", [])),
            "kompas",
        )
    )
    return out


def topics(cs: list[Cluster]) -> list[str]:
    return list(dict.fromkeys(c.topic for c in cs))


def folds(cs: list[Cluster], k: int = 5, seed: int = 20261206) -> dict[str, int]:
    """Topic -> fold, fixed by the committed file (written once from ``seed``)."""
    if FOLDS.is_file():
        return json.loads(FOLDS.read_text())["folds"]
    names = sorted(topics(cs))
    random.Random(seed).shuffle(names)
    got = {t: n % k for n, t in enumerate(names)}
    FOLDS.write_text(
        json.dumps(
            {"seed": seed, "method": "topics sorted, random.Random(seed).shuffle, dealt round-robin", "folds": got},
            indent=1,
        )
        + "\n"
    )
    return got


def _must_pair(c: Cluster, ka: dict, kb: dict) -> bool:
    """The pair is a must-flag conflict: one side is the odd claim, the other a claim it contradicts."""
    for g in c.must:
        first, *others = g["claims"]
        for x, y in ((ka, kb), (kb, ka)):
            if _same_claim(x, first) and any(_same_claim(y, o) for o in others):
                return True
    return False


def _norm(t: str) -> str:
    return " ".join(t.split()).lower()


def _same_claim(x: dict, g: dict) -> bool:
    if x["article"] != g["article"]:
        return False
    a, b = x["mention"].lower(), g["mention"].lower()
    if not (a in b or b in a):
        return False
    return _norm(g.get("sentence", "")) in _norm(x["sentence"])


def label(c: Cluster, p: Proposal) -> str:
    """What is known of one proposal."""
    ka = {"article": p.left.article_id, "mention": p.a.text, "sentence": p.left.text}
    kb = {"article": p.right.article_id, "mention": p.b.text, "sentence": p.right.text}
    if c.mixed and c.events.get(ka["article"]) != c.events.get(kb["article"]):
        return "cross-event"
    kind = "date" if p.a.kind in ("date", "time") else "number"
    got = _pair_label(c.labels, kind, [_as_claim(ka), _as_claim(kb)])
    if got == "unlabelled" and _must_pair(c, ka, kb):
        return "must"
    return got


def _as_claim(d: dict) -> Claim:
    return Claim(d["article"], d["sentence"], d["mention"], None, None, 0, 0, 0, 0)


def run(pipe: Pipeline, c: Cluster) -> Run:
    docs = pipe.documents([str(p) for p in c.paths], today=EVAL_TODAY)
    if c.ids is not None:
        docs = [d for d in docs if d.article.id in c.ids]
    weekday = [d for doc in docs for d in compare.weekday_discrepancies(doc)]
    stage = pipe.proposals(docs, with_features=True)
    return Run(c, docs, stage, weekday, [label(c, p) for p in stage.proposals])


def cached_runs(
    pipe: Pipeline, cs: list[Cluster], cache_file: Path | None, log: Callable[[str], None] = print
) -> list[Run]:
    """All runs, from ``cache_file`` when it was written by this very code and data (a working
    cache for the harness, never shipped)."""
    if cache_file is not None and cache_file.is_file():
        with cache_file.open("rb") as fh:
            return pickle.load(fh)
    out = []
    for n, c in enumerate(cs, 1):
        log(f"[{n}/{len(cs)}] {c.name}")
        out.append(run(pipe, c))
    if cache_file is not None:
        import sys

        sys.setrecursionlimit(100000)
        # The role cache stays out: scoring reads the stored feature rows, and the rules' decision builds its own.
        kept = [Run(r.cluster, r.docs, replace(r.stage, cache=None), r.weekday, r.labels) for r in out]
        with cache_file.open("wb") as fh:
            pickle.dump(kept, fh)
    return out


def relabel(runs: list[Run], gold: Path = GOLD, data: Path = DATA) -> list[Run]:
    """The runs with the gold as it is now: labels are read after a run was stored."""
    fresh = {c.name: c for c in clusters(gold, data)}
    out = []
    for r in runs:
        c = fresh[r.cluster.name]
        out.append(Run(c, r.docs, r.stage, r.weekday, [label(c, p) for p in r.stage.proposals]))
    return out


__all__ = ["Cluster", "Run", "clusters", "flag_key", "folds", "run"]
