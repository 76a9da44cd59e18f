"""Align sentences that talk about the same thing, across articles and within one.

Three signals, each in [0, 1], are combined linearly (weights in config):

* ``semantic``: the embedding cosine rescaled from e5's narrow band
  (``cosine_floor`` .. ``cosine_ceiling``, calibrated on German STS data by
  ``benchmarks/calibrate_align.py``) to 0..1;
* ``lexical``: rapidfuzz ``token_set_ratio`` over content words;
* ``anchors``: IDF-weighted overlap of entities, numbers and rare words, matched
  fuzzily so that spelling variants ("Kovalenko"/"Kowalenko") still count.

A fourth signal comes from the claims stage when claims are passed in:

* ``proposition``: IDF-weighted containment of the claims' proposition keys
  (canonical content lemmas, canonical entities other than the speaker, and the
  topic an elliptic cue such as "nichts ausschließen" inherits from the sentence
  before). Two sentences about the same proposition are aligned even when the
  embedding is undecided — which is exactly the case for a denial and an
  earlier "not ruling it out", whose wordings share almost nothing.

Reordering and one-to-many are allowed: a pair is kept when it passes the
thresholds and is among the ``max_partners`` best partners of both sentences.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations

import numpy as np
from rapidfuzz import fuzz, process

from .config import AlignConfig
from .embed import CosineGrid
from .records import AlignedPair, Claim, Sentence

_TOKEN = re.compile(r"\w+(?:[-'’]\w+)*", re.UNICODE)
_NUMBER = re.compile(r"^\d+(?:[.,]\d+)*$")


@dataclass(frozen=True, slots=True)
class _Profile:
    """Lexical view of one sentence, computed once."""

    content: str  # content words joined, lower-cased
    anchors: tuple[str, ...]  # lower-cased entities, numbers and rare words


def _profile(sentence: Sentence, stopwords: frozenset[str], rare_len: int) -> _Profile:
    tokens = _TOKEN.findall(sentence.text)
    content = [t.lower() for t in tokens if t.lower() not in stopwords]
    anchors: list[str] = []
    for i, tok in enumerate(tokens):
        low = tok.lower()
        if low in stopwords:
            continue
        is_number = bool(_NUMBER.match(tok))
        # sentence-initial capitals say nothing; inner capitals are names or (German) nouns
        is_name = tok[:1].isupper() and i > 0
        if is_number or is_name or len(tok) >= rare_len:
            anchors.append(low)
    return _Profile(" ".join(content), tuple(dict.fromkeys(anchors)))


def _idf(profiles: Sequence[_Profile]) -> dict[str, float]:
    return _idf_of([p.anchors for p in profiles])


def _idf_of(bags: Sequence[Sequence[str]]) -> dict[str, float]:
    df: Counter[str] = Counter()
    for bag in bags:
        df.update(set(bag))
    n = max(len(bags), 1)
    return {w: math.log(1 + n / c) for w, c in df.items()}


def proposition_keys(claim: Claim) -> frozenset[str]:
    """What a claim is about: content lemmas, inherited topic and entities other than its speaker."""
    keys = set(claim.lemmas)
    for stance in claim.stances:
        keys.update(stance.inherited)
    keys.update(e for e in claim.entities if e != claim.speaker)
    return frozenset(keys)


def proposition_overlap(
    a: frozenset[str], b: frozenset[str], idf: Mapping[str, float], min_shared: int,
    entities: frozenset[str] = frozenset(),
) -> tuple[float, tuple[str, ...]]:
    """IDF-weighted containment of the smaller key set in the larger (0..1), and the shared keys.

    Fewer than ``min_shared`` shared keys, or only shared ``entities`` (names say who, not what),
    count as no overlap.
    """
    shared = a & b
    if len(shared) < min_shared or shared <= entities:
        return 0.0, ()
    # math.fsum is exactly rounded, so the result does not depend on the order a set is walked in (which
    # changes with PYTHONHASHSEED from one process to the next: a pair at the threshold flipped)
    smaller = min(math.fsum(idf.get(k, 1.0) for k in a), math.fsum(idf.get(k, 1.0) for k in b))
    return math.fsum(idf.get(k, 1.0) for k in shared) / smaller, tuple(sorted(shared))


def anchor_overlap(
    a: Sequence[str], b: Sequence[str], idf: Mapping[str, float], min_ratio: float
) -> tuple[float, tuple[str, ...]]:
    """IDF-weighted, fuzzily matched overlap of two anchor lists (0..1) and what matched."""
    if not a or not b:
        return 0.0, ()
    # the fallback weight scans the whole vocabulary: compute it only when a word needs it
    # (align() builds idf over every anchor, so there it never does)
    unknown = any(w not in idf for w in (*a, *b))
    default = max(idf.values(), default=1.0) if unknown else 1.0
    matched_weight = 0.0
    shared: list[str] = []
    for word in a:
        hit = process.extractOne(word, b, scorer=fuzz.ratio, score_cutoff=min_ratio)
        if hit is not None:
            other = hit[0]
            matched_weight += min(idf.get(word, default), idf.get(other, default))
            shared.append(word if word == other else f"{word}~{other}")
    total_a = math.fsum(idf.get(w, default) for w in a)
    total_b = math.fsum(idf.get(w, default) for w in b)
    return 2 * matched_weight / (total_a + total_b), tuple(shared)


def rescale_cosine(cosine: float, cfg: AlignConfig) -> float:
    """Map e5's squeezed cosine band onto 0..1."""
    span = cfg.cosine_ceiling - cfg.cosine_floor
    return float(min(1.0, max(0.0, (cosine - cfg.cosine_floor) / span)))


def score_pair(
    cosine: float, a: _Profile, b: _Profile, idf: Mapping[str, float], cfg: AlignConfig
) -> tuple[float, float, float, float, tuple[str, ...]]:
    """Combined score and its components for one sentence pair."""
    semantic = rescale_cosine(cosine, cfg)
    lexical = fuzz.token_set_ratio(a.content, b.content) / 100.0 if a.content and b.content else 0.0
    anchors, shared = anchor_overlap(a.anchors, b.anchors, idf, cfg.anchor_min_ratio)
    score = cfg.weight_semantic * semantic + cfg.weight_lexical * lexical + cfg.weight_anchors * anchors
    return score, semantic, lexical, anchors, shared


def align(
    sentences: Sequence[Sentence],
    embeddings: np.ndarray,
    cfg: AlignConfig,
    languages: Mapping[str, str | None] | None = None,
    claims: Mapping[str, Claim] | None = None,
) -> tuple[AlignedPair, ...]:
    """Aligned sentence pairs for every pair of articles, and within each article.

    ``embeddings[i]`` is the L2-normalised vector of ``sentences[i]``;
    ``languages`` maps article id to language (for stopwords; default German);
    ``claims`` maps sentence id to its claim and adds the proposition signal.
    """
    if len(sentences) != len(embeddings):
        raise ValueError("one embedding per sentence expected")
    languages = languages or {}
    stop = {lang: frozenset(words) for lang, words in cfg.stopwords.items()}
    fallback = stop.get("de", frozenset())
    profiles = [
        _profile(s, stop.get(languages.get(s.article_id) or "de", fallback), cfg.rare_word_min_length)
        for s in sentences
    ]
    idf = _idf(profiles)
    keys = [proposition_keys(claims[s.id]) if claims and s.id in claims else frozenset() for s in sentences]
    entities = frozenset(e for c in (claims or {}).values() for e in c.entities)
    signals = _Signals(profiles, idf, keys, _idf_of(keys), entities)

    by_article: dict[str, list[int]] = {}
    for i, s in enumerate(sentences):
        by_article.setdefault(s.article_id, []).append(i)

    grid = CosineGrid.of(embeddings)  # rounded once: the same cosines wherever it runs
    pairs: list[AlignedPair] = []
    for art_a, art_b in combinations(by_article, 2):
        pairs.extend(_align_block(by_article[art_a], by_article[art_b], "cross", sentences, grid, signals, cfg))
    if cfg.intra_article:
        for idx in by_article.values():
            pairs.extend(_align_block(idx, idx, "intra", sentences, grid, signals, cfg))
    pairs.sort(key=lambda p: (-p.score, p.a, p.b))
    return tuple(pairs)


@dataclass(frozen=True, slots=True)
class _Signals:
    profiles: Sequence[_Profile]
    idf: Mapping[str, float]
    keys: Sequence[frozenset[str]]
    key_idf: Mapping[str, float]
    entities: frozenset[str]


def _sharing_keys(rows: list[int], cols: list[int], keys: Sequence[frozenset[str]], min_shared: int) -> set[tuple[int, int]]:
    """(row, col) positions of sentence pairs whose claims share at least ``min_shared`` keys."""
    index: dict[str, list[int]] = {}
    for c, j in enumerate(cols):
        for k in keys[j]:
            index.setdefault(k, []).append(c)
    found = set()
    for r, i in enumerate(rows):
        counts: Counter[int] = Counter(c for k in keys[i] for c in index.get(k, ()))
        found.update((r, c) for c, n in counts.items() if n >= min_shared)
    return found


def _align_block(
    rows: list[int],
    cols: list[int],
    scope: str,
    sentences: Sequence[Sentence],
    grid: CosineGrid,
    sig: _Signals,
    cfg: AlignConfig,
) -> list[AlignedPair]:
    threshold = cfg.threshold if scope == "cross" else cfg.intra_threshold
    cos = grid.cosines(rows, cols)
    candidates: list[tuple[float, int, int, tuple]] = []
    # the prefilters keep the rapidfuzz work small on big corpora: a pair is scored when its
    # cosine is promising or its claims share proposition keys
    prefilter = cfg.cosine_floor + cfg.prefilter_semantic * (cfg.cosine_ceiling - cfg.cosine_floor)
    todo = {(int(r), int(c)) for r, c in zip(*np.nonzero(cos >= prefilter))}
    todo |= {
        (r, c)
        for r, c in _sharing_keys(rows, cols, sig.keys, cfg.proposition_min_shared)
        if cos[r, c] >= cfg.proposition_min_cosine
    }
    for r, c in sorted(todo):
        i, j = rows[r], cols[c]
        if scope == "intra" and j <= i:
            continue
        score, semantic, lexical, anchors, shared = score_pair(float(cos[r, c]), sig.profiles[i], sig.profiles[j], sig.idf, cfg)
        proposition, keys = proposition_overlap(
            sig.keys[i], sig.keys[j], sig.key_idf, cfg.proposition_min_shared, sig.entities
        )
        by_score = score >= threshold and semantic >= cfg.min_semantic
        by_proposition = proposition >= cfg.proposition_threshold and cos[r, c] >= cfg.proposition_min_cosine
        if not (by_score or by_proposition):
            continue
        # rank proposition-only pairs by the proposition signal so that one-to-many keeps the best
        rank = score if by_score else proposition * threshold
        candidates.append((rank, i, j, (float(cos[r, c]), score, semantic, lexical, anchors, shared, proposition, keys, "score" if by_score else "proposition")))

    # one-to-many, but bounded: keep a pair only if it is among the best partners of both sides
    ranked: dict[int, list[int]] = {}
    for n, (score, i, j, _) in enumerate(candidates):
        ranked.setdefault(i, []).append(n)
        ranked.setdefault(j, []).append(n)
    keep_by_side = [
        set(sorted(ns, key=lambda n: -candidates[n][0])[: cfg.max_partners]) for ns in ranked.values()
    ]
    votes: Counter[int] = Counter(n for kept in keep_by_side for n in kept)

    out = []
    for n, (_, i, j, (cosine, score, semantic, lexical, anchors, shared, proposition, keys, via)) in enumerate(candidates):
        if votes[n] < 2:
            continue
        out.append(
            AlignedPair(
                a=sentences[i].id,
                b=sentences[j].id,
                score=round(score, 4),
                cosine=round(cosine, 4),
                semantic=round(semantic, 4),
                lexical=round(lexical, 4),
                anchors=round(anchors, 4),
                shared=shared,
                scope=scope,
                proposition=round(proposition, 4),
                topic=keys,
                via=via,
            )
        )
    return out
