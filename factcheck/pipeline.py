"""The pipeline as one library call: ingest → segment → claims → align → classify → NLI → graph.

``analyze`` is what the CLI, the tests and batch jobs call; it returns an
:class:`Analysis` holding every stage's records.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import networkx as nx
import numpy as np

from .align import align
from .claims import extract_claims
from .classify import classify
from .config import Config, default_config
from .embed import Embedder, get_embedder
from .errors import InputError
from .graph import build_facts, build_graph, build_timelines
from .ingest import ingest
from .nli import load_nli, score_aligned
from .records import AlignedPair, Article, Claim, Fact, Finding, Sentence, Timeline
from .segment import segment

if TYPE_CHECKING:
    import pandas as pd

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Analysis:
    """Everything factcheck found out about a set of articles."""

    config: Config
    articles: tuple[Article, ...]
    sentences: tuple[Sentence, ...]
    claims: tuple[Claim, ...]
    pairs: tuple[AlignedPair, ...]
    findings: tuple[Finding, ...]
    facts: tuple[Fact, ...]
    timelines: tuple[Timeline, ...]
    graph: nx.MultiDiGraph = field(compare=False, repr=False)
    embedder: str = ""  # model id of the embedder used
    nli: dict[str, str] = field(default_factory=dict, compare=False)  # name and sha256 of the NLI model, if any
    timings: dict[str, float] = field(default_factory=dict, compare=False)

    def timeline(self, speaker: str | None = None) -> tuple[Timeline, ...]:
        """Timelines whose actor is ``speaker``, or that hold a statement by ``speaker`` (all when None).

        Matching ignores case, so ``timeline(speaker="usa")`` finds the US government's positions.
        """
        if speaker is None:
            return self.timelines
        want = speaker.casefold()
        return tuple(
            t
            for t in self.timelines
            if t.actor.casefold() == want or any((st.speaker or "").casefold() == want for st in t.statements)
        )

    @property
    def position_changes(self) -> tuple[Timeline, ...]:
        """Timelines in which an actor's position changed."""
        return tuple(t for t in self.timelines if t.changed)

    def to_frames(self) -> dict[str, pd.DataFrame]:
        """pandas DataFrames: articles, sentences, claims, pairs, findings, facts."""
        from .tables import to_frames

        return to_frames(self)

    def sentence(self, sentence_id: str) -> Sentence:
        """The sentence with this id."""
        return self._sentences_by_id()[sentence_id]

    def article(self, article_id: str) -> Article:
        """The article with this id."""
        return {a.id: a for a in self.articles}[article_id]

    def _sentences_by_id(self) -> dict[str, Sentence]:
        return {s.id: s for s in self.sentences}


def analyze(
    inputs: Iterable[str | Path | Article],
    config: Config | None = None,
    embedder: Embedder | None = None,
) -> Analysis:
    """Run the whole pipeline over files, directories or ready-made articles.

    >>> from factcheck import analyze, load_config
    >>> from factcheck.records import Article
    >>> cfg = load_config(overrides={"embedder": {"name": "fake.v1"}})
    >>> a = Article(id="a", title="A", text="Der Minister schloss Bodentruppen aus.", outlet="X")
    >>> b = Article(id="b", title="B", text="Bodentruppen schloss der Minister aus.", outlet="Y")
    >>> result = analyze([a, b], cfg)
    >>> [(p.a, p.b) for p in result.pairs]
    [('a:s0', 'b:s0')]
    """
    cfg = config or default_config()
    timings: dict[str, float] = {}
    clock = time.perf_counter()

    items = list(inputs)
    paths = [i for i in items if not isinstance(i, Article)]
    articles = tuple(i for i in items if isinstance(i, Article)) + (ingest(paths, cfg.ingest) if paths else ())
    if not articles:
        raise InputError(", ".join(map(str, paths)) or "<input>", "no articles found")
    _check_unique_ids(articles)
    timings["ingest"] = time.perf_counter() - clock

    clock = time.perf_counter()
    per_article = [segment(a, cfg.segment) for a in articles]
    sentences = tuple(s for group in per_article for s in group)
    timings["segment"] = time.perf_counter() - clock

    clock = time.perf_counter()
    claims = tuple(c for a, group in zip(articles, per_article) for c in extract_claims(a, group, cfg.claims))
    timings["claims"] = time.perf_counter() - clock

    clock = time.perf_counter()
    embedder = embedder or get_embedder(cfg.embedder)
    timings["model_load"] = time.perf_counter() - clock
    clock = time.perf_counter()
    texts = [s.text for s in sentences]
    vectors = embedder.encode(texts) if texts else np.zeros((0, embedder.dim), dtype=np.float32)
    timings["embed"] = time.perf_counter() - clock

    claims_by_id = {c.sentence_id: c for c in claims}
    sentences_by_id = {s.id: s for s in sentences}
    articles_by_id = {a.id: a for a in articles}

    clock = time.perf_counter()
    languages = {a.id: a.language for a in articles}
    pairs = align(sentences, vectors, cfg.align, languages, claims_by_id)
    timings["align"] = time.perf_counter() - clock

    clock = time.perf_counter()
    findings = classify(pairs, claims_by_id, sentences_by_id, articles_by_id, cfg.classify)
    timings["classify"] = time.perf_counter() - clock

    clock = time.perf_counter()
    nli_info: dict[str, str] = {}
    nli = load_nli(cfg.nli)
    timings["nli_load"] = time.perf_counter() - clock
    if nli is not None:
        # the rules explain, the model scores: every aligned pair, and nothing else
        clock = time.perf_counter()
        outlets = {a.id: a.outlet or a.id for a in articles}
        pairs, findings = score_aligned(
            pairs, findings, sentences_by_id, outlets, nli, cfg.nli, cfg.classify.severity_rank
        )
        nli_info = {"name": nli.name, "sha256": nli.checksum}
        timings["nli"] = time.perf_counter() - clock
        log.info("NLI model %s (sha256 %s…) scored %d aligned pairs", nli.name, nli.checksum[:12], len(pairs))

    clock = time.perf_counter()
    facts = build_facts(sentences, findings, articles_by_id)
    timelines = build_timelines(articles, sentences, claims, findings)
    graph = build_graph(articles, sentences, claims, pairs, findings, facts)
    timings["graph"] = time.perf_counter() - clock
    log.info(
        "%d articles, %d sentences, %d aligned pairs, %d findings",
        len(articles), len(sentences), len(pairs), len(findings),
    )
    return Analysis(
        config=cfg,
        articles=articles,
        sentences=sentences,
        claims=claims,
        pairs=pairs,
        findings=findings,
        facts=facts,
        timelines=timelines,
        graph=graph,
        embedder=embedder.model_id,
        nli=nli_info,
        timings=timings,
    )


def _check_unique_ids(articles: Sequence[Article]) -> None:
    seen: dict[str, str] = {}
    for a in articles:
        if a.id in seen:
            raise InputError(a.source or a.id, f"article id {a.id!r} also used by {seen[a.id] or 'another article'}")
        seen[a.id] = a.source
