"""Align sentences that talk about the same thing, across articles and within one.

Three signals, each in [0, 1], are combined linearly (weights in config):

* ``semantic``: the embedding cosine rescaled from e5's narrow band
  (``cosine_floor`` .. ``cosine_ceiling``, calibrated on German STS data by
  ``benchmarks/calibrate_align.py``) to 0..1;
* ``lexical``: rapidfuzz ``token_set_ratio`` over content words;
* ``anchors``: IDF-weighted overlap of entities, numbers and rare words, matched
  fuzzily so that spelling variants ("Ruhani"/"Rohani") still count.

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
from .records import AlignedPair, Sentence

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
    df: Counter[str] = Counter()
    for p in profiles:
        df.update(set(p.anchors))
    n = max(len(profiles), 1)
    return {w: math.log(1 + n / c) for w, c in df.items()}


def anchor_overlap(
    a: Sequence[str], b: Sequence[str], idf: Mapping[str, float], min_ratio: float
) -> tuple[float, tuple[str, ...]]:
    """IDF-weighted, fuzzily matched overlap of two anchor lists (0..1) and what matched."""
    if not a or not b:
        return 0.0, ()
    default = max(idf.values(), default=1.0)
    matched_weight = 0.0
    shared: list[str] = []
    for word in a:
        hit = process.extractOne(word, b, scorer=fuzz.ratio, score_cutoff=min_ratio)
        if hit is not None:
            other = hit[0]
            matched_weight += min(idf.get(word, default), idf.get(other, default))
            shared.append(word if word == other else f"{word}~{other}")
    total_a = sum(idf.get(w, default) for w in a)
    total_b = sum(idf.get(w, default) for w in b)
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
) -> tuple[AlignedPair, ...]:
    """Aligned sentence pairs for every pair of articles, and within each article.

    ``embeddings[i]`` is the L2-normalised vector of ``sentences[i]``;
    ``languages`` maps article id to language (for stopwords; default German).
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

    by_article: dict[str, list[int]] = {}
    for i, s in enumerate(sentences):
        by_article.setdefault(s.article_id, []).append(i)

    pairs: list[AlignedPair] = []
    for art_a, art_b in combinations(by_article, 2):
        pairs.extend(_align_block(by_article[art_a], by_article[art_b], "cross", sentences, embeddings, profiles, idf, cfg))
    if cfg.intra_article:
        for idx in by_article.values():
            pairs.extend(_align_block(idx, idx, "intra", sentences, embeddings, profiles, idf, cfg))
    pairs.sort(key=lambda p: (-p.score, p.a, p.b))
    return tuple(pairs)


def _align_block(
    rows: list[int],
    cols: list[int],
    scope: str,
    sentences: Sequence[Sentence],
    embeddings: np.ndarray,
    profiles: Sequence[_Profile],
    idf: Mapping[str, float],
    cfg: AlignConfig,
) -> list[AlignedPair]:
    threshold = cfg.threshold if scope == "cross" else cfg.intra_threshold
    cos = embeddings[rows] @ embeddings[cols].T
    candidates: list[tuple[float, int, int, tuple]] = []
    # the cosine prefilter keeps the rapidfuzz work small on big corpora
    prefilter = cfg.cosine_floor + cfg.prefilter_semantic * (cfg.cosine_ceiling - cfg.cosine_floor)
    for r, c in zip(*np.nonzero(cos >= prefilter)):
        i, j = rows[r], cols[c]
        if scope == "intra" and j <= i:
            continue
        parts = score_pair(float(cos[r, c]), profiles[i], profiles[j], idf, cfg)
        score, semantic = parts[0], parts[1]
        if score < threshold or semantic < cfg.min_semantic:
            continue
        candidates.append((score, i, j, (float(cos[r, c]), *parts[1:])))

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
    for n, (score, i, j, (cosine, semantic, lexical, anchors, shared)) in enumerate(candidates):
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
            )
        )
    return out
