"""Precision and recall against gold clusters.

A cluster is a folder of articles plus ``expected.json``:
``{"expected": [{"kind", "claims": [{"article", "mention"}]}], "must_not_flag": [{"article", "mention", "kind"?}]}``
(a must-not entry with a kind only forbids findings of that kind).
A finding matches an expected discrepancy when its kind agrees and every expected claim
is covered by one of its claims: same article, and the mention texts overlap (one
contains the other). This is also how a held-out set is scored from the JSON report.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from factcheck.ingest import InputError
from factcheck.pipeline import Pipeline
from factcheck.settings import Settings
from factcheck.types import Claim, Discrepancy, Document


def _covers(claim: Claim, gold: dict[str, str]) -> bool:
    a, b = claim.mention.lower(), gold["mention"].lower()
    return claim.article == gold["article"] and (a in b or b in a)


def matches(found: Discrepancy, gold: dict) -> bool:
    if gold.get("kind") and gold["kind"] != found.kind:
        return False
    return all(any(_covers(c, g) for c in found.claims) for g in gold["claims"])


@dataclass
class ClusterResult:
    name: str
    found: list[Discrepancy]
    expected: list[dict]
    must_not: list[dict]
    true_positives: list[Discrepancy] = field(default_factory=list)
    false_alarms: list[Discrepancy] = field(default_factory=list)
    misses: list[dict] = field(default_factory=list)
    forbidden_hits: list[tuple[dict, Discrepancy]] = field(default_factory=list)

    def score(self) -> None:
        for d in self.found:
            (self.true_positives if any(matches(d, g) for g in self.expected) else self.false_alarms).append(d)
        self.misses = [g for g in self.expected if not any(matches(d, g) for d in self.found)]
        self.forbidden_hits = [
            (g, d)
            for g in self.must_not
            for d in self.found
            if (not g.get("kind") or g["kind"] == d.kind) and any(_covers(c, g) for c in d.claims)
        ]


@dataclass
class EvalResult:
    clusters: list[ClusterResult]

    @property
    def precision(self) -> float:
        found = sum(len(c.found) for c in self.clusters)
        return sum(len(c.true_positives) for c in self.clusters) / found if found else 1.0

    @property
    def recall(self) -> float:
        expected = sum(len(c.expected) for c in self.clusters)
        return 1 - sum(len(c.misses) for c in self.clusters) / expected if expected else 1.0

    @property
    def forbidden(self) -> int:
        return sum(len(c.forbidden_hits) for c in self.clusters)

    def render(self) -> str:
        lines = []
        for c in self.clusters:
            lines.append(
                f"{c.name}: {len(c.true_positives)}/{len(c.found)} findings correct, "
                f"{len(c.expected) - len(c.misses)}/{len(c.expected)} expected found"
            )
            for g in c.misses:
                lines.append(
                    f"  MISS  {g.get('kind', '')}: "
                    + " vs ".join(f'{x["article"]} "{x["mention"]}"' for x in g["claims"])
                )
            for d in c.false_alarms:
                lines.append(f"  FALSE {d.kind}: {d.message}")
            for g, d in c.forbidden_hits:
                lines.append(f'  MUST-NOT-FLAG hit: {g["article"]} "{g["mention"]}" in {d.message}')
        lines.append(
            f"precision {self.precision:.3f}  recall {self.recall:.3f}  "
            f"must-not-flag hits {self.forbidden}  "
            f"({sum(len(c.found) for c in self.clusters)} findings, "
            f"{sum(len(c.expected) for c in self.clusters)} expected, {len(self.clusters)} clusters)"
        )
        return "\n".join(lines)


def evaluate_dir(
    directory: Path, settings: Settings, log: Callable[[str], None] = lambda _: None, pipe: Pipeline | None = None
) -> EvalResult:
    gold_files = sorted(directory.glob("*/expected.json"))
    if not gold_files:
        raise InputError(f"{directory}: no cluster folders with expected.json")
    pipe = pipe or Pipeline(settings, log=log)
    results = []
    for gold_file in gold_files:
        try:
            gold = json.loads(gold_file.read_text(encoding="utf-8"))
        except json.JSONDecodeError as e:
            raise InputError(f"{gold_file}:{e.lineno}: malformed JSON: {e.msg}") from None
        folder = gold_file.parent
        articles = [str(p) for p in sorted(folder.iterdir()) if p.name != "expected.json" and p.is_file()]
        report = pipe.check(articles)
        found = [d for d in report.discrepancies if d.kind != NAME]
        res = ClusterResult(folder.name, found, gold.get("expected", []), gold.get("must_not_flag", []))
        res.score()
        results.append(res)
    return EvalResult(results)


# Name spellings are scored by reading (docs/quality.md), not against the date and number labels.
NAME = "name"


# -- real clusters ---------------------------------------------------------------------------------
# Real corpora stay where they are shipped (``../shared``); the gold directory holds only the
# split, the labels and the floors, naming articles by id and clusters by their shared path.
#
# ``split.json``         the ECB+ topics, halved once with a fixed seed (``make_split.py``)
# ``ecbplus/tNN.json``   per topic: which sub-topics were read, must-flag items, flag labels
# ``kompas-oil.json``    the Kompas corpus, halved by article id the same way, with its gold
# ``floors.json``        per split, the figures below which ``factcheck eval`` fails
#
# A label names a flag by kind and, per claim, article, mention and sentence text: content,
# not offsets or finding ids, so a label survives any change that raises the same flag again.

LABELS = ("true", "update", "false")
# Articles without a publication date resolve weekdays and year-less dates against "today":
# the eval pins it to the day the labels were made, so its figures do not drift with the calendar.
EVAL_TODAY = date(2026, 11, 28)


def _norm(text: str) -> str:
    return " ".join(text.split()).lower()


def flag_key(kind: str, claims: list[dict] | list[Claim]) -> tuple:
    parts = []
    for c in claims:
        d = c if isinstance(c, dict) else {"article": c.article, "mention": c.mention, "sentence": c.sentence}
        parts.append((d["article"], _norm(d["mention"]), _norm(d["sentence"])))
    return (kind, tuple(sorted(parts)))


def _claim_covered(found: Discrepancy, g: dict) -> bool:
    return any(_covers(c, g) and _norm(g.get("sentence", "")) in _norm(c.sentence) for c in found.claims)


def _pair_label(labels: dict[tuple, str], kind: str, claims: list[Claim]) -> str:
    """A mention span that grew or shrank ("32-year" read as "32-year-old") in the same
    sentences is the same pair, so its label still holds."""
    key = flag_key(kind, claims)
    if key in labels:
        return labels[key]
    for (k, parts), label in labels.items():
        if (
            k == key[0]
            and len(parts) == len(key[1])
            and all(
                a == b and s == t and (m in n or n in m) for (a, m, s), (b, n, t) in zip(parts, key[1], strict=True)
            )
        ):
            return label
    return "unlabelled"


def pair_claims(found: Discrepancy) -> list[list[Claim]]:
    """The disagreeing pairs of a finding: labels are given per pair of sentences read together."""
    if not found.pairs:
        return [found.claims]
    return [[found.claims[i], found.claims[j]] for i, j in found.pairs]


def label_of(labels: dict[tuple, str], found: Discrepancy) -> str:
    """A finding is right when any of its disagreeing pairs was read as a real conflict (or an
    update), wrong when every pair was read as wrong, and unlabelled otherwise."""
    return _verdict(pair_labels(labels, found))


def pair_labels(labels: dict[tuple, str], found: Discrepancy) -> list[str]:
    """The label of each of a finding's disagreeing pairs."""
    return [_pair_label(labels, found.kind, claims) for claims in pair_claims(found)]


def _verdict(pairs: list[str]) -> str:
    for v in ("true", "update"):
        if v in pairs:
            return v
    return "false" if pairs and all(v == "false" for v in pairs) else "unlabelled"


def _must_covered(found: Discrepancy, gold: dict, verdict: str = "") -> bool:
    """A must-flag item is found when a finding covers its first claim and any one of the others.

    The first claim is the odd one out; the others are every article stating the other value, so
    the engine may pair the odd one with whichever of them it aligns best. The gold quotes one
    sentence per article; when the engine pairs the odd one with another sentence of such an
    article stating the same value, and a reader labelled that flag right, it is the same finding.
    Kind is not compared: the gold says what a fact is (``what``), not which finding kind to use.
    """
    first, *others = gold["claims"]
    if not _claim_covered(found, first):
        return False
    if not others or any(_claim_covered(found, g) for g in others):
        return True
    return verdict in ("true", "update") and any(_covers(c, g) for g in others for c in found.claims)


@dataclass
class RealCluster:
    name: str
    split: str
    language: str
    paths: list[Path]
    ids: set[str] | None = None  # a subset of the records in ``paths``
    events: dict[str, str] = field(default_factory=dict)  # article id -> event, in mixed clusters
    read: bool = False  # every article read for must-flag items
    must: list[dict] = field(default_factory=list)
    labels: dict[tuple, str] = field(default_factory=dict)
    topic: str = ""  # the ECB+ topic or corpus: the unit of a cross-validation fold

    @property
    def mixed(self) -> bool:
        return len(set(self.events.values())) > 1


@dataclass
class RealResult:
    cluster: RealCluster
    flags: list[Discrepancy]
    verdicts: list[str] = field(default_factory=list)  # true | update | false | cross-event | unlabelled
    missed: list[dict] = field(default_factory=list)
    strict: int = 0  # right findings none of whose disagreeing pairs was read as two facts

    def score(self) -> None:
        c = self.cluster
        for d in self.flags:
            if c.mixed and len({c.events.get(x.article) for x in d.claims}) > 1:
                self.verdicts.append("cross-event")
                continue
            pairs = pair_labels(c.labels, d)
            self.verdicts.append(_verdict(pairs))
            # label_of counts a finding right when one pair is, so a slot that chains a real
            # conflict to other facts still scores; the strict count also wants no pair read wrong.
            self.strict += self.verdicts[-1] in ("true", "update") and "false" not in pairs
        self.missed = [
            g for g in c.must if not any(_must_covered(d, g, v) for d, v in zip(self.flags, self.verdicts, strict=True))
        ]

    def count(self, *verdicts: str) -> int:
        return sum(v in verdicts for v in self.verdicts)


@dataclass
class Figures:
    """Precision counts unlabelled flags as false: a flag nobody has read is not evidence of quality."""

    flags: int = 0
    right: int = 0
    unlabelled: int = 0
    must: int = 0
    found: int = 0
    cross_event: int = 0
    strict: int = 0  # right with no disagreeing pair read wrong (``RealResult.strict``)

    def add(self, r: RealResult) -> None:
        self.flags += len(r.flags)
        self.right += r.count("true", "update")
        self.strict += r.strict
        self.unlabelled += r.count("unlabelled")
        self.cross_event += r.count("cross-event")
        if r.cluster.read:
            self.must += len(r.cluster.must)
            self.found += len(r.cluster.must) - len(r.missed)

    @property
    def precision(self) -> float:
        return self.right / self.flags if self.flags else 1.0

    @property
    def strict_precision(self) -> float:
        return self.strict / self.flags if self.flags else 1.0

    @property
    def recall(self) -> float:
        return self.found / self.must if self.must else 1.0


@dataclass
class RealEval:
    split: str
    results: list[RealResult]
    floors: dict[str, float] = field(default_factory=dict)

    def figures(self) -> dict[str, Figures]:
        """Same-event clusters per language, and mixed clusters apart: they answer different questions."""
        groups: dict[str, Figures] = {}
        for r in self.results:
            name = "mixed" if r.cluster.mixed else f"same-event ({r.cluster.language})"
            groups.setdefault(name, Figures()).add(r)
            if not r.cluster.mixed:
                groups.setdefault("same-event (all)", Figures()).add(r)
        return groups

    def measures(self) -> dict[str, float]:
        g = self.figures()
        out: dict[str, float] = {}
        for name, key in (("same-event (all)", ""), ("same-event (en)", "en_"), ("same-event (id)", "id_")):
            if name in g:
                out[f"{key}precision"] = g[name].precision
                out[f"{key}recall"] = g[name].recall
        if "mixed" in g:
            out["mixed_precision"] = g["mixed"].precision
            out["cross_event"] = float(g["mixed"].cross_event)
        return out

    def failures(self) -> list[str]:
        """Floors are minimums, except counts of false alarms (``max_`` keys), which are ceilings."""
        got = self.measures()
        bad = []
        for key, bound in self.floors.items():
            if key.startswith("max_"):
                name = key[4:]
                if name in got and got[name] > bound:
                    bad.append(f"{name} {got[name]:g} is above its ceiling {bound:g}")
            elif key in got and got[key] < bound - 1e-9:
                bad.append(f"{key} {got[key]:.3f} is below its floor {bound:.3f}")
        return bad

    def render(self) -> str:
        rows = []
        for r in self.results:
            c = r.cluster
            rows.append(
                [
                    c.name,
                    c.language,
                    len(r.flags),
                    r.count("true"),
                    r.count("update"),
                    r.count("false"),
                    r.count("cross-event") if c.mixed else "",
                    r.count("unlabelled"),
                    f"{(r.count('true', 'update') / len(r.flags)) if r.flags else 1:.2f}",
                    f"{len(c.must) - len(r.missed)}/{len(c.must)}" if c.read else "not read",
                ]
            )
        for name, f in self.figures().items():
            rows.append(
                [
                    f"= {name}",
                    "",
                    f.flags,
                    "",
                    "",
                    "",
                    f.cross_event if name == "mixed" else "",
                    f.unlabelled,
                    f"{f.precision:.2f}",
                    f"{f.found}/{f.must} = {f.recall:.2f}" if f.must else "",
                ]
            )
        from tabulate import tabulate

        headers = ["cluster", "lang", "flags", "true", "update", "false", "cross-event", "unlabelled", "P"]
        headers.append("must found")
        lines = [f"split: {self.split}", tabulate(rows, headers=headers, tablefmt="simple", disable_numparse=True)]
        for r in self.results:
            for g in r.missed:
                lines.append(
                    f"  MISS {r.cluster.name} {g.get('kind', '')}: "
                    + " vs ".join(f'{x["article"]} "{x["mention"]}"' for x in g["claims"])
                )
        for r in self.results:
            for d, v in zip(r.flags, r.verdicts, strict=True):
                if v == "unlabelled":
                    lines.append(f"  UNLABELLED {r.cluster.name} {d.kind}: {d.message}")
        unl = sum(r.count("unlabelled") for r in self.results)
        if unl:
            lines.append(f"{unl} unlabelled flags (counted as false); write them for labelling with --unlabelled FILE")
        for msg in self.failures():
            lines.append(f"FLOOR NOT MET: {msg}")
        return "\n".join(lines)

    def unlabelled(self, articles: dict[str, Document]) -> list[dict]:
        """Every unlabelled flag with the sentences around each claim, ready for a reader to label."""
        out, seen = [], set()
        for r in self.results:
            for d, v in zip(r.flags, r.verdicts, strict=True):
                if v != "unlabelled":
                    continue
                for pair in pair_claims(d):
                    key = flag_key(d.kind, pair)
                    if key in seen or _pair_label(r.cluster.labels, d.kind, pair) != "unlabelled":
                        continue
                    seen.add(key)
                    out.append(
                        {
                            "cluster": r.cluster.name,
                            "kind": d.kind,
                            "message": d.message,
                            "claims": [_todo_claim(c, articles) for c in pair],
                            "label": "",
                        }
                    )
        return out


def _todo_claim(c: Claim, articles: dict[str, Document]) -> dict:
    doc = articles[c.article]
    idx = next(i for i, s in enumerate(doc.sentences) if s.start <= c.char_start < s.end + 1)
    ctx = doc.sentences[max(0, idx - 2) : idx + 2]
    return {
        "article": c.article,
        "mention": c.mention,
        "sentence": c.sentence,
        "source": doc.article.source,
        "line": c.line,
        "context": " ".join(s.text for s in ctx),
    }


def _read_json(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(f"{path}: no such gold file") from None
    except json.JSONDecodeError as e:
        raise InputError(f"{path}:{e.lineno}: malformed JSON: {e.msg}") from None


def _labels(path: Path, entries: list[dict]) -> dict[tuple, str]:
    out: dict[tuple, str] = {}
    for n, e in enumerate(entries):
        if e.get("label") not in LABELS:
            raise InputError(f"{path}: label {n} is {e.get('label')!r}, not one of {', '.join(LABELS)}")
        out[flag_key(e["kind"], e["claims"])] = e["label"]
    return out


def _articles(folder: Path) -> list[Path]:
    """Article files of a shared cluster folder: files named ``_*`` are the corpus's own records."""
    if not folder.is_dir():
        raise InputError(f"{folder}: cluster folder not found (is the shared data beside the project?)")
    return sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith("_"))


def _within(item: dict, ids: set[str]) -> dict | None:
    """The part of a must-flag item that one half of a split corpus can find, if any."""
    first, *others = item["claims"]
    kept = [c for c in others if c["article"] in ids]
    if first["article"] not in ids or (others and not kept):
        return None
    return {**item, "claims": [first, *kept]}


def topic_clusters(gold: Path, corpus: Path, topic: str, split: str) -> list[RealCluster]:
    """One ECB+ topic's clusters: each event's articles (same-event), then both together (mixed),
    with the topic's read labels and must-flag conflicts."""
    tfile = gold / "ecbplus" / f"{topic}.json"
    tg = _read_json(tfile) if tfile.is_file() else {}
    labels = _labels(tfile, tg.get("labels", []))
    events: dict[str, str] = {}
    paths: list[Path] = []
    subs: list[RealCluster] = []
    for sub in ("ecb", "ecbplus"):
        name = f"{topic}_{sub}"
        files = _articles(corpus / name)
        events.update({p.stem: name for p in files})
        paths += files
        must = [m for m in tg.get("must_flag", []) if m.get("cluster") == name]
        subs.append(RealCluster(name, split, "en", files, None, {}, name in tg.get("read", []), must, labels, topic))
    read_both = all(c.read for c in subs)
    mixed = RealCluster(
        f"{topic}_mixed", split, "en", paths, None, events, read_both, subs[0].must + subs[1].must, labels, topic
    )
    return [*subs, mixed]


def real_clusters(gold: Path, data: Path, split: str) -> list[RealCluster]:
    """The clusters of one split: per ECB+ topic its two same-event clusters and the two mixed."""
    spl = _read_json(gold / "split.json")
    if split not in ("tuning", "heldout"):
        raise InputError(f"unknown split {split!r}: use tuning or heldout")
    clusters: list[RealCluster] = []
    corpus = data / spl["corpus"]
    for topic in spl[split]:
        clusters += topic_clusters(gold, corpus, topic, split)
    kfile = gold / "kompas-oil.json"
    if kfile.is_file():
        kg = _read_json(kfile)
        part = kg["split"][split]
        clusters.append(
            RealCluster(
                f"kompas-oil-{split}",
                split,
                "id",
                [data / kg["corpus"]],
                set(part),
                {},
                bool(kg.get("read")),
                [m for m in (_within(m, set(part)) for m in kg.get("must_flag", [])) if m],
                _labels(kfile, kg.get("labels", [])),
            )
        )
    return clusters


def evaluate_real(
    gold: Path,
    data: Path,
    split: str,
    settings: Settings,
    log: Callable[[str], None] = lambda _: None,
    pipe: Pipeline | None = None,
) -> tuple[RealEval, dict[str, Document]]:
    """Run the engine on every cluster of the split exactly as a user would, then score the flags."""
    clusters = real_clusters(gold, data, split)
    floors = _read_json(gold / "floors.json").get(split, {}) if (gold / "floors.json").is_file() else {}
    pipe = pipe or Pipeline(settings)
    results: list[RealResult] = []
    articles: dict[str, Document] = {}
    for n, c in enumerate(clusters, 1):
        log(f"[{n}/{len(clusters)}] {c.name}")
        docs = pipe.documents([str(p) for p in c.paths], today=EVAL_TODAY)
        if c.ids is not None:
            docs = [d for d in docs if d.article.id in c.ids]
        articles.update({d.article.id: d for d in docs})
        res = RealResult(c, [d for d in pipe.compare(docs).discrepancies if d.kind != NAME])
        res.score()
        results.append(res)
    return RealEval(split, results, floors), articles
