"""The one entry point: paths in, Report out. Stages run in order, each timed."""

from __future__ import annotations

import multiprocessing
import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path

import numpy as np

from factcheck import align, compare, context, decide, facts, ingest, names, rules, segment, shards
from factcheck._exceptions import StoreError
from factcheck.embed import Embedder, figures
from factcheck.extract import extract
from factcheck.settings import Settings
from factcheck.store import Store
from factcheck.store import add as add_to_store
from factcheck.types import Article, ClaimPair, Discrepancy, Document, Link, MentionKey, Report, Sentence

INDEX_BATCH = 256  # articles extracted and embedded together when building an index
# The rules' default finding floor: below it, on the ECB+ tuning split, the findings were all false
# and dropping them lost no recall (docs/design.md).
RULES_MIN_CONFIDENCE = 0.45
# Segmenting and extracting are pure Python and one article at a time, so a large check runs them
# on every core, in forked workers. Below this many articles a pool costs more than it saves.
PARALLEL_MIN_ARTICLES = 64


@dataclass(frozen=True)
class Stage:
    """The proposed mention pairs of one run, each with its feature row: what the decision reads."""

    pairs: list[ClaimPair]  # the sentence channel's aligned pairs
    proposals: list[decide.Proposal]
    rows: list[dict[str, float]]
    articles: dict[str, Article]
    cache: compare.RoleCache | None  # None in a stage the eval harness stored without it


def slots(
    stage: Stage, probabilities: np.ndarray, threshold: float, timings: dict[str, float] | None = None
) -> list[Discrepancy]:
    """The pairs at ``threshold`` or above, linked and joined into fact slots; each finding's
    confidence is its strongest disagreeing link's, so none is below ``threshold``. One number
    moves both, so the precision-recall curve `eval --cv` prints over it is what
    ``--min-confidence`` gives."""
    timings = {} if timings is None else timings
    links = decide.links(stage.proposals, [float(p) for p in probabilities], threshold)

    def explain(shown: list) -> list:
        with _timed(timings, "frames"):
            return compare.give_reasons(shown, stage.cache)

    with _timed(timings, "compare"):
        return facts.fact_groups(links, stage.articles, explain if stage.cache is not None else None)


def rule_links(
    pairs: list[ClaimPair], articles: dict[str, Article], settings: Settings, cache: compare.RoleCache
) -> list[Link]:
    """The hand rules' links: each aligned sentence pair's mentions read as one fact."""
    return [link for pair in pairs for link in compare.compare_pair(pair, articles, settings, cache)]


def rule_findings(stage: Stage, settings: Settings, timings: dict[str, float] | None = None) -> list[Discrepancy]:
    """The hand rules' decision over the sentence channel's pairs, as before the learned model."""
    timings = {} if timings is None else timings
    cache = stage.cache
    if cache is None:
        cache = compare.RoleCache(None, settings.min_article_names, stage.articles.values())
    with _timed(timings, "compare"):
        links = rule_links(stage.pairs, stage.articles, settings, cache)

    def explain(shown: list) -> list:
        with _timed(timings, "frames"):
            return compare.give_reasons(shown, cache)

    with _timed(timings, "compare"):
        grouped = facts.fact_groups(links, stage.articles, explain if stage.cache is not None else None)
    floor = RULES_MIN_CONFIDENCE if settings.min_confidence is None else settings.min_confidence
    return [d for d in grouped if d.confidence >= floor]


class Pipeline:
    """Holds the loaded model between runs, so a warm check costs no model load."""

    def __init__(
        self,
        settings: Settings,
        log: Callable[[str], None] = lambda _: None,
        progress: Callable[[str, int], AbstractContextManager[Callable[[int], None]]] | None = None,
    ):
        self.settings = settings
        self.log = log
        self.progress = progress
        self._embedder: Embedder | None = None

    @property
    def embedder(self) -> Embedder:
        if self._embedder is None:
            self._embedder = Embedder(self.settings, self.log)
        return self._embedder

    def documents(self, paths: list[str], skip_bad: bool = False, today: date | None = None) -> list[Document]:
        articles = ingest.load(paths, skip_bad=skip_bad, warn=self.log, today=today)
        return read_articles(articles, self.settings, today, self.log)

    def check(
        self, paths: list[str], skip_bad: bool = False, today: date | None = None, against: Path | None = None
    ) -> Report:
        """Check articles against each other, and with ``against`` also against a stored corpus."""
        timings: dict[str, float] = {}
        t0 = time.perf_counter()
        with _timed(timings, "ingest+extract"):
            docs = self.documents(paths, skip_bad, today)
        report = self.compare(docs, timings, shards.open_index(against, self.settings) if against else None)
        report.seconds = time.perf_counter() - t0
        return report

    def compare(
        self,
        docs: list[Document],
        timings: dict[str, float] | None = None,
        store: Store | shards.ShardedStore | None = None,
    ) -> Report:
        timings = {} if timings is None else timings
        found: list[Discrepancy] = []
        with _timed(timings, "weekdays+names"):
            for doc in docs:
                found += compare.weekday_discrepancies(doc)
            found += names.name_discrepancies(docs)  # the checked articles only: one event, by the user's choice
        stage = self.proposals(docs, timings, store)
        found = rules.keep(found + self.findings(stage, timings), self.settings.select, self.settings.ignore,
                           {doc.article.id: doc.article for doc in docs} | stage.articles)  # fmt: skip
        found = facts.sort_findings(found)
        return Report(
            docs,
            found,
            pairs_compared=len(stage.proposals) if stage.proposals else len(stage.pairs),
            timings=timings,
            articles=stage.articles,
            settings=asdict(self.settings),
        )

    def proposals(
        self,
        docs: list[Document],
        timings: dict[str, float] | None = None,
        store: Store | shards.ShardedStore | None = None,
        with_features: bool = False,
    ) -> Stage:
        """Every mention pair worth deciding, from both channels, with its features."""
        timings = {} if timings is None else timings
        claims = [s for d in docs for s in d.sentences if s.is_claim]
        everything = list(docs)
        if store is None:
            with _timed(timings, "embed"):
                vectors = self._encode([align.masked(s) for s in claims]) if len(claims) > 1 else None
            languages = {d.article.id: d.article.language for d in docs}
            pairs = align.candidates(claims, None, self.settings, languages, vectors=vectors, timings=timings)
        else:
            with _timed(timings, "against"):
                pairs, everything, claims, vectors = self._against(docs, claims, store, timings)
        articles = {d.article.id: d.article for d in everything}
        with _timed(timings, "compare"):
            words = context.read(everything)  # what each mention is about, from its words: no parse yet
        if self.settings.decision == "rules" and not with_features:
            with _timed(timings, "compare"):
                cache = compare.RoleCache(everything, self.settings.min_article_names, contexts=words)
            return Stage(pairs, [], [], articles, cache)
        with _timed(timings, "compare"):
            lexical = align.char_tfidf([align.masked(s) for s in claims]) if claims else None
            props = decide.propose(claims, vectors, lexical, pairs, words)
        with _timed(timings, "frames"):  # the parse, of the proposed pairs' sentences only
            contexts = context.read(everything, {s.key for p in props for s in (p.left, p.right)}, reuse=words)
        with _timed(timings, "compare"):
            cache = compare.RoleCache(everything, self.settings.min_article_names, contexts=contexts)
            rows = decide.add_context(props, [decide.features(p, articles, cache) for p in props])
            # The rules' whole decision, at their own floor whatever the user asks of the model's.
            ruled = rule_links(pairs, articles, self.settings, cache)
            found = [d for d in facts.fact_groups(ruled, articles) if d.confidence >= RULES_MIN_CONFIDENCE]
            rows = decide.add_rule_decision(props, rows, ruled, found)
        with _timed(timings, "figures"):
            rows = decide.add_figure_cosine(props, rows, self._figure_vectors(props))
        return Stage(pairs, props, rows, articles, cache)

    def _figure_vectors(self, props: list[decide.Proposal]) -> dict[MentionKey, np.ndarray]:
        """Each proposed mention's own vector (``embed.figures``), read once per mention."""
        seen: dict[MentionKey, str] = {}
        for p in props:
            for s, m in ((p.left, p.a), (p.right, p.b)):
                if m.key not in seen:
                    seen[m.key] = figures.context(s, m)
        vecs = self.embedder.figure_vectors(list(seen.values()))
        return dict(zip(seen, vecs, strict=True))

    def findings(self, stage: Stage, timings: dict[str, float] | None = None) -> list[Discrepancy]:
        """Proposals to fact slots: the model decides which mentions are one fact, then they are grouped."""
        timings = {} if timings is None else timings
        if self.settings.decision == "rules":
            return rule_findings(stage, self.settings, timings)
        model = decide.load()
        with _timed(timings, "compare"):
            probs = model.probability(model.matrix(stage.rows)) if stage.rows else np.zeros(0)
        # A lower --min-confidence links weaker pairs too, not only shows more of today's findings.
        threshold = model.threshold if self.settings.min_confidence is None else self.settings.min_confidence
        return slots(stage, probs, threshold, timings)

    def _against(
        self,
        docs: list[Document],
        claims: list[Sentence],
        store: Store | shards.ShardedStore,
        timings: dict[str, float],
    ) -> tuple[list[ClaimPair], list[Document], list[Sentence], np.ndarray]:
        """Pairs of new claims with their stored neighbours and with each other.

        Only the new articles are embedded; stored claims bring their vectors along.
        """
        new_vecs = self._encode([align.masked(s) for s in claims]) if claims else np.zeros((0, 384), np.float32)
        rowids = store.neighbours(new_vecs, self.settings.top_k * 3)
        new_ids = {d.article.id for d in docs}
        stored_docs, stored_vecs = store.documents_for_claims(rowids)
        stored_docs = [d for d in stored_docs if d.article.id not in new_ids]  # the new version replaces it
        stored_claims = [s for d in stored_docs for s in d.sentences if s.is_claim]
        everything = docs + stored_docs
        all_claims = claims + stored_claims
        vectors = np.vstack([new_vecs, *[stored_vecs[(s.article_id, s.index)][None, :] for s in stored_claims]])
        languages = {d.article.id: d.article.language for d in everything}
        pairs = align.candidates(
            all_claims, None, self.settings, languages, vectors=vectors, new=set(range(len(claims))), timings=timings
        )
        return pairs, everything, all_claims, vectors

    def index_add(self, paths: list[str], directory: Path, skip_bad: bool = False) -> tuple[int, int, int]:
        """Stream articles into the index in batches, so memory does not grow with the corpus."""
        if shards.is_sharded(directory):
            raise StoreError(f"{directory}: a sharded index (written by --ray); add to it with --ray")
        articles = ingest.load(paths, skip_bad=skip_bad, warn=self.log)
        store = Store(directory, self.settings, create=True)
        totals = [0, 0, 0]
        with store.writing():
            for start in range(0, len(articles), INDEX_BATCH):
                batch = articles[start : start + INDEX_BATCH]
                # One by one, not ``read_articles``: after the first batch the model is loaded, and a
                # fork beside its threads is unsafe.
                docs = [extract(a, segment.segment(a, self.log), self.settings) for a in batch]
                for n, count in enumerate(add_to_store(store, docs, self._encode)):
                    totals[n] += count
            store.save_faiss()
        return totals[0], totals[1], totals[2]

    def _encode(self, texts: list[str]):
        if self.progress is None:
            return self.embedder.encode(texts)
        with self.progress("embedding", len(texts)) as advance:
            return self.embedder.encode(texts, advance)


def read_articles(
    articles: list[Article], settings: Settings, today: date | None, warn: Callable[[str], None]
) -> list[Document]:
    """Each article segmented and its mentions extracted, in order; on every core when there are
    many. The workers are forked on Linux only (elsewhere a fork is unsafe or missing), and only
    here, before any model has started threads of its own. The documents, and the warnings in
    their order, are the same either way."""
    jobs = [(a, settings, today) for a in articles]
    cores = len(os.sched_getaffinity(0))
    if cores < 2 or len(jobs) < PARALLEL_MIN_ARTICLES or not sys.platform.startswith("linux"):
        done = map(_read_one, jobs)
    else:
        pool = multiprocessing.get_context("fork").Pool(cores)
        try:
            done = pool.map(_read_one, jobs, chunksize=max(1, len(jobs) // (cores * 8)))
        finally:
            pool.terminate()
    out = []
    for doc, warnings in done:
        for w in warnings:
            warn(w)
        out.append(doc)
    return out


def _read_one(job: tuple[Article, Settings, date | None]) -> tuple[Document, list[str]]:
    article, settings, today = job
    warnings: list[str] = []
    return extract(article, segment.segment(article, warnings.append), settings, today), warnings


@contextmanager
def _timed(timings: dict[str, float], stage: str) -> Iterator[None]:
    t = time.perf_counter()
    yield
    timings[stage] = timings.get(stage, 0.0) + time.perf_counter() - t
