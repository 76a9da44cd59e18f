"""The pipeline as one library call:
ingest → segment → claims → embed leads → events → embed sentences → per event: align (display) → candidates → rules + NLI → judge → divergences → graph.

``analyze`` is what the CLI, the tests and batch jobs call; it returns an
:class:`Analysis` holding every stage's records.
"""

from __future__ import annotations

import dataclasses
import logging
import time
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

import networkx as nx
import numpy as np

from .align import align
from .claims import extract_claims
from .classify import classify, rank_findings
from .classify.candidates import candidates as find_candidates
from .classify.divergences import divergences as group_divergences
from .classify.judge import CascadeModel, JudgeModel, QuoteBounds, judge, load_judge, screen
from .classify.signals import SignalTable, directions_of, pair_key, signal_table
from .config import Config, default_config
from .embed import Embedder, get_embedder
from .errors import InputError
from .executor import Executor, SerialExecutor, chunked, flatten, usable_cores
from .progress import NoProgress, Progress
from .events import article_entities, lead_text
from .events import compared as events_compared_of
from .events import events as find_events
from .graph import build_facts, build_graph, build_timelines
from .ingest import read_corpus, skipped_error
from .limits import cap_candidates, cap_sentences
from .nli import flag_model_only, load_nli, model_checksum
from .result_cache import (ResultCache, claims_key, default_results_file, dump_nli, dump_records,
                           load_nli_rows, load_records, nli_key, segments_key)
from .records import (
    AlignedPair, Article, Candidate, Claim, Cut, Divergence, Event, Fact, Finding, Judgement, Sentence, Skipped,
    Timeline,
)
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
    divergences: tuple[Divergence, ...]
    facts: tuple[Fact, ...]
    timelines: tuple[Timeline, ...]
    graph: nx.MultiDiGraph = field(compare=False, repr=False)
    embedder: str = ""  # model id of the embedder used
    nli: dict[str, str] = field(default_factory=dict, compare=False)  # name and sha256 of the NLI model, if any
    timings: dict[str, float] = field(default_factory=dict, compare=False)
    candidates: tuple[Candidate, ...] = field(default=(), compare=False, repr=False)
    judgements: tuple[Judgement, ...] = field(default=(), compare=False, repr=False)
    judge: str = ""  # name of the judge model
    events: tuple[Event, ...] = ()  # which articles were compared with which (factcheck.events)
    skipped: tuple[Skipped, ...] = ()  # inputs left out (bad files and lines, copies, other languages)
    cuts: tuple[Cut, ...] = ()  # what a configured limit cut

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
    model: JudgeModel | None = None,
    executor: Executor | None = None,
    progress: Progress | None = None,
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
    prepared = prepare(inputs, config, embedder, executor, progress)
    if model is None:
        model = load_judge(prepared.config.judge.model, with_nli=bool(prepared.nli))
    return conclude(prepared, model)


def prepare(
    inputs: Iterable[str | Path | Article],
    config: Config | None = None,
    embedder: Embedder | None = None,
    executor: Executor | None = None,
    progress: Progress | None = None,
) -> Prepared:
    """The stages before the judge: ingest to signals (what ``factcheck eval --gold`` fits on).

    ``executor`` runs segmentation, claims, embedding and the per-event comparison in coarse
    chunks (``factcheck.executor``; default: in this process); the results do not depend on it.
    ``progress`` hears how far the long stages are (``factcheck.progress``; default: nothing).
    """
    cfg = config or default_config()
    ex = executor or SerialExecutor()
    bars = progress or NoProgress()

    def mapped(name: str, fn, items, unit: str = "chunks", processes: int = 1) -> list:
        with bars.stage(name, len(items), unit) as advance:
            return ex.map(fn, items, on_done=lambda: advance(1), processes=processes)

    timings: dict[str, float] = {}
    clock = time.perf_counter()

    items = list(inputs)
    paths = [i for i in items if not isinstance(i, Article)]
    given = tuple(i for i in items if isinstance(i, Article))
    with bars.stage("ingest", len(paths), "inputs") as advance:
        corpus = read_corpus(paths, cfg.ingest, cfg.limits) if paths else None
        skipped = corpus.skipped if corpus else ()
        cuts = list(corpus.cuts) if corpus else []
        articles = given + (corpus.articles if corpus else ())
        # a run that stops here stops before any progress is reported
        if skipped and cfg.ingest.strict:
            error = skipped_error(skipped[0])
            more = f"; {len(skipped) - 1} more input(s) skipped" if len(skipped) > 1 else ""
            raise InputError(error.path, f"{error.problem} (strict: no input may be skipped{more})")
        if not articles:
            raise _nothing_usable(paths, skipped)
        advance(len(paths))
    if len(articles) > cfg.limits.max_articles:  # ingest caps what it reads; articles given ready-made count too
        cuts.append(Cut(limit="max_articles", value=cfg.limits.max_articles, where="corpus",
                        detail=f"{len(articles) - cfg.limits.max_articles} articles after the first "
                               f"{cfg.limits.max_articles} were not analysed"))
        articles = articles[: cfg.limits.max_articles]
    _check_unique_ids(articles)
    timings["ingest"] = time.perf_counter() - clock

    # a few chunks per worker: coarse enough to pay for shipping, fine enough to balance
    article_chunks = chunked(articles, -(-len(articles) // (4 * ex.workers)))
    clock = time.perf_counter()
    per_article = []
    for group in _cached_segments(articles, cfg, mapped, len(article_chunks[0]) if article_chunks else 1):
        kept, cut = cap_sentences(group, cfg.limits.max_sentence_chars)
        per_article.append(kept)
        cuts.extend(cut)
    sentences = tuple(s for group in per_article for s in group)
    timings["segment"] = time.perf_counter() - clock

    clock = time.perf_counter()
    claims = _cached_claims(list(zip(articles, per_article)), cfg, mapped, len(article_chunks[0]),
                            _claim_processes(cfg, len(sentences)) if isinstance(ex, SerialExecutor) else 1)
    timings["claims"] = time.perf_counter() - clock

    clock = time.perf_counter()
    embedder = embedder or get_embedder(cfg.embedder)
    timings["model_load"] = time.perf_counter() - clock
    # first the leads (title + first sentences) that event clustering compares, then only the sentences
    # of articles that are compared at all: an article alone in its story is not (``[events] compare_alone``)
    clock = time.perf_counter()
    clustering = cfg.events.enabled and len(articles) > 1
    if clustering and embedder.name != cfg.events.embedder:
        log.warning("events: [events] is fitted for %s, not %s; every article is compared with every other",
                    cfg.events.embedder, embedder.name)
        clustering = False
    leads = [lead_text(a, group, cfg.events.lead_sentences) for a, group in zip(articles, per_article)] \
        if clustering else []
    lead_vectors = _embed(embedder, leads, cfg.embedder.chunk_texts, mapped, "embed leads")
    timings["embed"] = time.perf_counter() - clock
    claims_by_id = {c.sentence_id: c for c in claims}
    sentences_by_id = {s.id: s for s in sentences}
    articles_by_id = {a.id: a for a in articles}

    clock = time.perf_counter()
    if clustering:
        bags = [article_entities(group) for group in _claims_by_article(articles, claims)]
        found_events = find_events(articles, lead_vectors, bags, cfg.events)
    else:
        found_events = find_events(articles, np.zeros((len(articles), 1)), [{}] * len(articles),
                                   cfg.events.model_copy(update={"enabled": False}))
    timings["events"] = time.perf_counter() - clock

    compared_events = events_compared_of(found_events, cfg.events)
    rows_of: dict[str, list[int]] = {}
    for i, s in enumerate(sentences):
        rows_of.setdefault(s.article_id, []).append(i)
    clock = time.perf_counter()
    embedded = sorted(i for e in compared_events for a in e.articles for i in rows_of.get(a, ()))
    vectors = np.zeros((len(sentences), embedder.dim), dtype=np.float32)
    if embedded:
        vectors[embedded] = _embed(embedder, [sentences[i].text for i in embedded], cfg.embedder.chunk_texts, mapped)
    timings["embed"] += time.perf_counter() - clock

    # only articles of one event are compared: alignment and candidates run event by event
    languages = {a.id: a.language for a in articles}
    work = []
    for event in compared_events:
        rows = [i for a in event.articles for i in rows_of.get(a, ())]
        if rows:
            event_sentences = tuple(sentences[i] for i in rows)
            work.append((event_sentences, vectors[rows], {s.id: claims_by_id[s.id] for s in event_sentences
                                                          if s.id in claims_by_id}))
    compared = mapped("compare", partial(_compare_event, align_cfg=cfg.align, candidates_cfg=cfg.candidates,
                                         languages=languages), work, "events")
    pairs_found = [p for event_pairs, _, _, _ in compared for p in event_pairs]
    cands_found = []
    events_compared = [e for e in compared_events if any(rows_of.get(a) for a in e.articles)]
    for event, (_, event_cands, _, _) in zip(events_compared, compared, strict=True):
        kept, cut = cap_candidates(event_cands, cfg.limits.max_pairs_per_event, "max_pairs_per_event",
                                   f"event {event.id}" if len(found_events) > 1 else "corpus")
        cands_found.extend(kept)
        cuts.extend(cut)
    timings["align"] = sum(t for _, _, t, _ in compared)
    timings["candidates"] = sum(t for _, _, _, t in compared)
    pairs = tuple(sorted(pairs_found, key=lambda p: (-p.score, p.a, p.b)))
    position = {s.id: i for i, s in enumerate(sentences)}
    cands, cut = cap_candidates(sorted(cands_found, key=lambda c: (position[c.a], position[c.b])),
                                cfg.limits.max_pairs_total, "max_pairs_total", "corpus")
    cuts.extend(cut)
    display = {pair_key(p.a, p.b) for p in pairs}

    clock = time.perf_counter()
    rule_findings = classify(cands, claims_by_id, sentences_by_id, articles_by_id, cfg.classify)
    timings["rules"] = time.perf_counter() - clock

    nli_info: dict[str, str] = {}
    nli_rows = None
    timings["nli_load"] = 0.0
    if cfg.nli.model:
        clock = time.perf_counter()
        # the model reads only what the judge without it cannot already rule out ([nli] screen)
        unread = _signals(cands, rule_findings, None, claims_by_id, sentences_by_id, articles_by_id, display, cfg)
        read = screen(unread, load_judge(cfg.nli.screen_model, with_nli=False), cfg.nli.screen)
        timings["nli_screen"] = time.perf_counter() - clock
        clock = time.perf_counter()
        cands_read = [c for c, r in zip(cands, read, strict=True) if r]
        texts = [(sentences_by_id[c.a].text, sentences_by_id[c.b].text) for c in cands_read]
        cache = _results(cfg) if cfg.nli.cache else None
        checksum = model_checksum(cfg.nli) if cache is not None else ""
        keys = [nli_key(checksum, cfg.nli.max_length, a, b) for a, b in texts] if cache is not None else []
        known = {k: r for k, v in cache.get("nli", keys).items() if (r := load_nli_rows(v))} if cache else {}
        todo = [i for i in range(len(texts)) if not keys or keys[i] not in known]
        fwd, bwd = np.zeros((len(texts), 3), dtype=np.float32), np.zeros((len(texts), 3), dtype=np.float32)
        for i in range(len(texts)):
            if keys and keys[i] in known:
                fwd[i], bwd[i] = known[keys[i]]
        name = cfg.nli.model
        if todo or cache is None:  # the model loads only when some pair was never read
            load_clock = time.perf_counter()
            nli = load_nli(cfg.nli)
            assert nli is not None
            timings["nli_load"] = time.perf_counter() - load_clock
            name, checksum = nli.name, nli.checksum
            with bars.stage("nli", 2 * len(todo), "pairs") as advance:  # both reading directions
                if todo:
                    fwd[todo] = nli.predict([texts[i] for i in todo])
                    advance(len(todo))
                    bwd[todo] = nli.predict([(texts[i][1], texts[i][0]) for i in todo])
                    advance(len(todo))
            if cache is not None:
                cache.put("nli", {keys[i]: dump_nli(fwd[i], bwd[i]) for i in todo})
        nli_rows = {(c.a, c.b): (f, b) for c, f, b in zip(cands_read, fwd, bwd, strict=True)}
        nli_info = {"name": name, "sha256": checksum}
        timings["nli"] = time.perf_counter() - clock - timings["nli_load"]
        log.info("NLI model %s (sha256 %s…) read %d of %d candidate pairs (%d from the cache)", name,
                 checksum[:12], len(cands_read), len(cands), len(cands_read) - len(todo))

    clock = time.perf_counter()
    table = _signals(cands, rule_findings, nli_rows, claims_by_id, sentences_by_id, articles_by_id, display, cfg)
    timings["signals"] = time.perf_counter() - clock
    if nli_rows is not None:
        pairs = _with_nli(pairs, table)
    return Prepared(cfg, articles, sentences, claims, pairs, cands, rule_findings, table, embedder.model_id,
                    nli_info, timings, nli_rows, found_events, skipped, tuple(cuts))


@dataclass(frozen=True, slots=True)
class Prepared:
    """Everything up to the judge: the stages that do not depend on the fitted decision model."""

    config: Config
    articles: tuple[Article, ...]
    sentences: tuple[Sentence, ...]
    claims: tuple[Claim, ...]
    pairs: tuple[AlignedPair, ...]
    candidates: tuple[Candidate, ...]
    rule_findings: tuple[Finding, ...]
    signals: SignalTable
    embedder: str
    nli: dict[str, str]
    timings: dict[str, float]
    # the NLI model's rows of every candidate, (a, b) -> (a→b, b→a), when it ran: kept so that the rules and
    # signals can be recomputed without the model (refresh)
    nli_rows: dict[tuple[str, str], tuple[np.ndarray, np.ndarray]] | None = field(default=None, compare=False, repr=False)
    events: tuple[Event, ...] = ()
    skipped: tuple[Skipped, ...] = ()  # inputs left out (bad files and lines, copies, other languages)
    cuts: tuple[Cut, ...] = ()  # what a configured limit cut


def screened(prepared: Prepared, screen_model: JudgeModel) -> Prepared:
    """The preparation as if the NLI model had read only what ``screen_model`` lets through at the
    configured ``[nli] screen`` (for leave-cluster-out evaluation, where the screen is fitted too)."""
    if prepared.nli_rows is None:
        return prepared
    unread = _signal_rows(prepared, prepared.rule_findings, None)
    read = screen(unread, screen_model, prepared.config.nli.screen)
    rows = {(c.a, c.b): prepared.nli_rows[(c.a, c.b)] for c, r in zip(prepared.candidates, read, strict=True)
            if r and (c.a, c.b) in prepared.nli_rows}
    return dataclasses.replace(prepared, nli_rows=rows, signals=_signal_rows(prepared, prepared.rule_findings, rows))


def refresh(prepared: Prepared) -> Prepared:
    """The same preparation with the claims, the claim rules and the signal rows recomputed by this code
    (embeddings, candidates and NLI rows reused): what an evaluation cache needs when only the lexicons,
    claims, rules or signals changed."""
    cfg = prepared.config
    by_article: dict[str, list[Sentence]] = defaultdict(list)
    for s in prepared.sentences:
        by_article[s.article_id].append(s)
    fresh = tuple(_claims_chunk([(a, tuple(by_article[a.id])) for a in prepared.articles if by_article[a.id]],
                                cfg=cfg.claims))
    prepared = dataclasses.replace(prepared, claims=fresh)
    rule_findings = classify(prepared.candidates, {c.sentence_id: c for c in prepared.claims},
                             {s.id: s for s in prepared.sentences}, {a.id: a for a in prepared.articles}, cfg.classify)
    table = _signal_rows(prepared, rule_findings, prepared.nli_rows)
    return dataclasses.replace(prepared, rule_findings=rule_findings, signals=table)


def _signal_rows(prepared: Prepared, rule_findings: Sequence[Finding],
                 nli_rows: Mapping[tuple[str, str], tuple[np.ndarray, np.ndarray]] | None) -> SignalTable:
    """The signal rows of a preparation's candidates, with these rule findings and NLI rows."""
    return _signals(prepared.candidates, rule_findings, nli_rows, {c.sentence_id: c for c in prepared.claims},
                    {s.id: s for s in prepared.sentences}, {a.id: a for a in prepared.articles},
                    {pair_key(p.a, p.b) for p in prepared.pairs}, prepared.config)


def _signals(cands, rule_findings, nli_rows, claims_by_id, sentences_by_id, articles_by_id, display,
             cfg: Config) -> SignalTable:
    """signal_table with what the config decides: the one place the report (prepare) and the evaluation
    (refresh) build their rows, so that both read the same signals."""
    return signal_table(cands, rule_findings, nli_rows, claims_by_id, sentences_by_id, articles_by_id, display,
                        cfg.classify.number_tolerance, cfg.classify.quote_word_chars,
                        directions_of(cfg.claims.lexicons), name_spelling=cfg.classify.quote_name_spelling)


def conclude(prepared: Prepared, model: JudgeModel, screen_model: JudgeModel | None = None) -> Analysis:
    """Judge every candidate, group divergences, build facts, timelines and the graph.

    With the NLI model, ``model`` judges the pairs the model read and ``screen_model`` (default: the
    configured ``[nli] screen_model``) the pairs the screen left unread (:class:`CascadeModel`).
    """
    cfg = prepared.config
    if prepared.nli_rows is not None and len(prepared.nli_rows) < len(prepared.candidates):
        read = np.array([(c.a, c.b) in prepared.nli_rows for c in prepared.candidates], dtype=bool)
        model = CascadeModel(model, screen_model or load_judge(cfg.nli.screen_model, with_nli=False), read)
    timings = dict(prepared.timings)
    articles, sentences, claims = prepared.articles, prepared.sentences, prepared.claims
    sentences_by_id = {s.id: s for s in sentences}
    articles_by_id = {a.id: a for a in articles}
    outlets = {a.id: a.outlet or a.id for a in articles}

    clock = time.perf_counter()
    findings, decided = judge(
        prepared.signals, model, prepared.rule_findings, sentences_by_id, outlets, cfg.judge.min_probability,
        cfg.judge.agree_min_probability, cfg.judge.max_pairs_per_sentence, cfg.classify.severity_rank,
        QuoteBounds(cfg.classify.quote_verbatim / 100, cfg.classify.quote_min_overlap, cfg.classify.quote_min_shared,
                    cfg.classify.quote_min_partial),
        cfg.classify.likely_confidence, cfg.judge.min_words,
    )
    if prepared.nli and cfg.nli.flag_model_only:
        # FC109, opt-in: what only the model reads as contradiction, among pairs the judge left alone
        table = prepared.signals
        cols = [table.names.index(f"nli_{k}") for k in ("entailment", "neutral", "contradiction")]
        rows = [(c.a, c.b, "intra" if sentences_by_id[c.a].article_id == sentences_by_id[c.b].article_id else "cross",
                 values[cols]) for c, values in zip(table.candidates, table.values, strict=True)]
        findings = rank_findings(findings + tuple(flag_model_only(rows, findings, sentences_by_id, outlets, cfg.nli)),
                                 cfg.classify.severity_rank, cfg.classify.likely_confidence)
    divergences = group_divergences(findings, sentences_by_id, articles_by_id, cfg.classify.severity_rank,
                                    same=[(p.a, p.b) for p in prepared.pairs if p.via == "score"],
                                    likely=cfg.classify.likely_confidence,
                                    across_articles=len(articles) > 1 and not cfg.classify.within_article_divergences)
    timings["judge"] = time.perf_counter() - clock

    clock = time.perf_counter()
    facts = build_facts(sentences, findings, articles_by_id)
    timelines = build_timelines(articles, sentences, claims, findings)
    graph = build_graph(articles, sentences, claims, prepared.pairs, findings, facts)
    timings["graph"] = time.perf_counter() - clock
    log.info(
        "%d articles, %d sentences, %d candidate pairs, %d findings, %d divergences",
        len(articles), len(sentences), len(prepared.candidates), len(findings), len(divergences),
    )
    return Analysis(
        config=cfg,
        articles=articles,
        sentences=sentences,
        claims=claims,
        pairs=prepared.pairs,
        findings=findings,
        divergences=divergences,
        facts=facts,
        timelines=timelines,
        graph=graph,
        embedder=prepared.embedder,
        nli=prepared.nli,
        timings=timings,
        candidates=prepared.candidates,
        judgements=decided,
        judge=model.name,
        events=getattr(prepared, "events", ()),  # preparations cached before events existed have none
        skipped=getattr(prepared, "skipped", ()),
        cuts=getattr(prepared, "cuts", ()),
    )


def _with_nli(pairs: Sequence[AlignedPair], table: SignalTable) -> tuple[AlignedPair, ...]:
    """The display pairs with the model's merged probabilities (for the report)."""
    e, c = table.names.index("nli_entailment"), table.names.index("nli_contradiction")
    rows = {pair_key(x.a, x.b): row for x, row in zip(table.candidates, table.values, strict=True)}
    out = []
    for p in pairs:
        row = rows.get(pair_key(p.a, p.b))
        out.append(p if row is None else dataclasses.replace(
            p, nli_entailment=round(float(row[e]), 4), nli_contradiction=round(float(row[c]), 4)))
    return tuple(out)


def _segment_chunk(articles: Sequence[Article], cfg) -> list[tuple[Sentence, ...]]:
    return [segment(a, cfg) for a in articles]


def _claims_chunk(items: Sequence[tuple[Article, tuple[Sentence, ...]]], cfg) -> list[Claim]:
    return [c for a, group in items for c in extract_claims(a, group, cfg)]


def _claims_groups(items: Sequence[tuple[Article, tuple[Sentence, ...]]], cfg) -> list[tuple[Claim, ...]]:
    return [tuple(extract_claims(a, group, cfg)) for a, group in items]


def _cached_per_article(stage: str, items: Sequence, keys: list[bytes] | None, compute, mapped,
                        chunk: int, cfg: Config, processes: int = 1) -> list[tuple]:
    """``compute`` (a chunk of items -> one tuple of records per item) for every item, from the result
    cache (namespace ``stage``) where this code and config made it before; ``keys`` None = no cache.
    The stage is reported even when every item comes from the cache (zero chunks). With ``processes``
    > 1 the chunks are cut smaller (eight per process), so that the processes finish together."""
    if processes > 1:
        chunk = max(1, min(chunk, -(-len(items) // (8 * processes))))
    if keys is None:
        return list(flatten(mapped(stage, compute, chunked(items, chunk), processes=processes)))
    cache = _results(cfg)
    known = cache.get(stage, keys)
    todo = [i for i, k in enumerate(keys) if k not in known]
    made = list(flatten(mapped(stage, compute, chunked([items[i] for i in todo], chunk) if todo else [],
                               processes=processes)))
    cache.put(stage, {keys[i]: dump_records(group) for i, group in zip(todo, made, strict=True)})
    fresh = dict(zip(todo, made, strict=True))
    return [fresh[i] if i in fresh else load_records(known[keys[i]]) for i in range(len(items))]


def _cached_segments(articles: Sequence[Article], cfg: Config, mapped, chunk: int) -> list[tuple[Sentence, ...]]:
    """Every article's sentences (cached with the claims: ``[claims] cache``)."""
    settings = cfg.segment.model_dump(mode="json")
    keys = [segments_key(a, settings) for a in articles] if cfg.claims.cache else None
    return _cached_per_article("segment", articles, keys, partial(_segment_chunk, cfg=cfg.segment), mapped, chunk, cfg)


def _cached_claims(items: list[tuple[Article, tuple[Sentence, ...]]], cfg: Config, mapped, chunk: int,
                   processes: int = 1) -> tuple[Claim, ...]:
    """Every article's claims (``[claims] cache``), in ``processes`` processes where the executor can."""
    # how many processes made the claims is not part of their key: it does not change them
    settings = cfg.claims.model_dump(mode="json", exclude={"processes", "processes_min_sentences"})
    keys = [claims_key(a, group, settings) for a, group in items] if cfg.claims.cache else None
    groups = _cached_per_article("claims", items, keys, partial(_claims_groups, cfg=cfg.claims), mapped, chunk, cfg,
                                 processes)
    return tuple(c for group in groups for c in group)


def _claim_processes(cfg: Config, sentences: int) -> int:
    """``[claims] processes`` (0: one per usable core), or 1 below ``processes_min_sentences``."""
    if sentences < max(1, cfg.claims.processes_min_sentences):
        return 1
    return cfg.claims.processes or usable_cores()


def _results(cfg: Config) -> ResultCache:
    return ResultCache(default_results_file(cfg.embedder.cache_file))


def _embed(embedder: Embedder, texts: list[str], chunk: int, mapped, stage: str = "embed") -> np.ndarray:
    """Vectors of ``texts``: each distinct text once, in fixed chunks (the same here and on a cluster)."""
    if not texts:
        return np.zeros((0, embedder.dim), dtype=np.float32)
    unique = list(dict.fromkeys(texts))
    parts = mapped(stage, embedder.encode, chunked(unique, chunk))
    table = np.concatenate(parts) if len(parts) > 1 else parts[0]
    position = {t: i for i, t in enumerate(unique)}
    return table[[position[t] for t in texts]]


def _compare_event(work: tuple[tuple[Sentence, ...], np.ndarray, dict[str, Claim]], align_cfg, candidates_cfg,
                   languages: dict[str, str | None]) -> tuple[tuple[AlignedPair, ...], tuple[Candidate, ...], float, float]:
    """Display alignment and candidate pairs inside one event, and the seconds each took."""
    sentences, vectors, claims = work
    clock = time.perf_counter()
    pairs = align(sentences, vectors, align_cfg, languages, claims)
    middle = time.perf_counter()
    # what is shown as aligned is judged too, inside one article as well (a change of position in one article)
    cands = find_candidates(sentences, vectors, claims, candidates_cfg, extra=[(p.a, p.b) for p in pairs])
    return pairs, cands, middle - clock, time.perf_counter() - middle


def _claims_by_article(articles: Sequence[Article], claims: Sequence[Claim]) -> list[list[Claim]]:
    by_id: dict[str, list[Claim]] = {a.id: [] for a in articles}
    for c in claims:
        by_id[c.article_id].append(c)
    return [by_id[a.id] for a in articles]


def _nothing_usable(paths: Sequence[str | Path], skipped: Sequence[Skipped]) -> InputError:
    """The error for inputs that hold no usable article: every reason, on one line."""
    if len(skipped) == 1:
        return skipped_error(skipped[0])
    where = ", ".join(map(str, paths)) or "<input>"
    if not skipped:
        return InputError(where, "no articles found")
    shown = "; ".join(f"{s.where()}: {s.reason}" for s in skipped[:10])
    more = f"; and {len(skipped) - 10} more" if len(skipped) > 10 else ""
    return InputError(where, f"no usable article ({len(skipped)} inputs skipped: {shown}{more})")


def _check_unique_ids(articles: Sequence[Article]) -> None:
    seen: dict[str, str] = {}
    for a in articles:
        if a.id in seen:
            raise InputError(a.source or a.id, f"article id {a.id!r} also used by {seen[a.id] or 'another article'}")
        seen[a.id] = a.source
