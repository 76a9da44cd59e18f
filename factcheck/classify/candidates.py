"""Candidate pairs for divergence: what each sentence could agree or disagree with.

Display alignment (``factcheck.align``) keeps pairs that say the same thing, with a
threshold calibrated on STS-B paraphrases. A contradiction is not a paraphrase ("Alle
Tiere sind ums Leben gekommen" / "Zwei Schimpansen überlebten"), so candidates take, for
every sentence, the ``top_k`` most similar sentences of each other article with no
threshold, the ``lexical_top_k`` most word-similar (rapidfuzz), plus up to ``shared_max`` sentences that share a name, a number or a predicate
lemma with it. The judge reads every candidate; what it calls neutral makes no finding.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping, Sequence

import numpy as np

from ..config import CandidatesConfig
from ..embed import CosineGrid
from ..records import Candidate, Claim, Sentence

__all__ = ["candidates", "sharing_keys"]


def sharing_keys(claim: Claim | None, stopwords: frozenset[str] = frozenset()) -> dict[str, frozenset[str]]:
    """The keys by which two sentences can be related without being similar: names, numbers, predicates.

    >>> from factcheck.records import Claim, Quantity
    >>> c = Claim("a:s0", "a", None, None, "narrator", None, "positive", "asserted",
    ...           entities=("Kim Jong Un",), lemmas=("überleben", "Tier"),
    ...           quantities=(Quantity(2.0, "Tier", "zwei Tiere", 0, 10),))
    >>> keys = sharing_keys(c)
    >>> [k.replace("\x1f", " ") for k in keys["number"]], sorted(keys["predicate"])
    (['2 Tier'], ['überleben'])
    """
    if claim is None:
        return {"entity": frozenset(), "number": frozenset(), "predicate": frozenset()}
    numbers = frozenset(f"{q.value:g}\x1f{q.unit}" for q in claim.quantities)
    # lower-case content lemmas: verbs and adjectives in German (nouns are capitalised), all in English
    predicates = frozenset(lem for lem in claim.lemmas if lem[:1].islower() and len(lem) > 3 and lem not in stopwords)
    return {"entity": frozenset(claim.entities), "number": numbers, "predicate": predicates}


def candidates(
    sentences: Sequence[Sentence],
    embeddings: np.ndarray,
    claims: Mapping[str, Claim],
    cfg: CandidatesConfig,
    extra: Sequence[tuple[str, str]] = (),
) -> tuple[Candidate, ...]:
    """Candidate sentence pairs across articles, each once, in corpus order (``a`` before ``b``).

    ``embeddings[i]`` is the L2-normalised vector of ``sentences[i]``; ``extra`` adds pairs
    found otherwise (the display alignment, also inside one article), so that everything shown
    can also be judged.
    """
    if len(sentences) != len(embeddings):
        raise ValueError("one embedding per sentence expected")
    n = len(sentences)
    if n == 0:
        return ()
    index = {s.id: i for i, s in enumerate(sentences)}
    article_ix = {a: k for k, a in enumerate(dict.fromkeys(s.article_id for s in sentences))}
    article = np.array([article_ix[s.article_id] for s in sentences])
    groups = [np.flatnonzero(article == k) for k in range(len(article_ix))]
    found: dict[tuple[int, int], set[str]] = defaultdict(set)

    def add(i: int, j: int, via: str) -> None:
        if i != j:
            found[(min(i, j), max(i, j))].add(via)

    vectors = np.asarray(embeddings, dtype=np.float32)
    grid = CosineGrid.of(vectors)  # rounded once: the same cosines wherever it runs
    nearest: dict[tuple[int, int], int] = {}  # (sentence, other article) -> its most similar sentence there
    lowered = [s.text.lower() for s in sentences] if cfg.lexical_top_k > 0 else []
    # per article, its sentences against every other article's, in row blocks (memory: block x n)
    for own, rows_all in enumerate(groups):
        others = np.flatnonzero(article != own)
        if not len(others):
            continue
        for start in range(0, len(rows_all), max(1, cfg.block_rows)):
            rows = rows_all[start:start + max(1, cfg.block_rows)]
            scores = grid.cosines(rows, others)
            for i, j in _top_per_article(scores, rows, others, article, cfg.top_k):
                add(i, j, "embedding")
            nearest.update(_nearest_per_article(scores, rows, others, article))
            # the most word-similar too: "48-page indictment" / "47-page indictment" share words, not numbers
            if cfg.lexical_top_k > 0:
                from rapidfuzz import fuzz, process

                words = process.cdist([lowered[i] for i in rows], [lowered[j] for j in others],
                                      scorer=fuzz.token_set_ratio, workers=1)
                for i, j in _top_per_article(np.asarray(words, dtype=np.float32), rows, others, article,
                                             cfg.lexical_top_k):
                    add(i, j, "lexical")

    # shared names, numbers and predicates: rare keys only (a key in most sentences relates nothing)
    keys = [sharing_keys(claims.get(s.id), frozenset(cfg.predicate_stopwords)) for s in sentences]
    max_df = max(cfg.shared_min_df_cap, int(math.ceil(cfg.shared_max_df_share * n)))
    for kind in ("entity", "number", "predicate"):
        if kind not in cfg.shared_keys:
            continue
        postings: dict[str, list[int]] = defaultdict(list)
        for i, ks in enumerate(keys):
            for key in ks[kind]:
                postings[key].append(i)
        partners: dict[int, set[int]] = defaultdict(set)
        for members in postings.values():
            if len(members) < 2 or len(members) > max_df:
                continue
            for i in members:
                partners[i].update(j for j in members if article[j] != article[i])
        for i, js in partners.items():
            ranked = sorted(js, key=lambda j: -float(vectors[i] @ vectors[j]))[: cfg.shared_max]
            for j in ranked:
                add(i, j, kind)

    for a, b in extra:  # shown pairs are judged too, inside one article as well
        if a in index and b in index:
            add(index[a], index[b], "aligned")

    out = [
        Candidate(a=sentences[i].id, b=sentences[j].id, cosine=round(float(vectors[i] @ vectors[j]), 4),
                  via=tuple(sorted(via)),
                  mutual=nearest.get((i, int(article[j]))) == j and nearest.get((j, int(article[i]))) == i)
        for (i, j), via in found.items()
    ]
    out.sort(key=lambda c: (index[c.a], index[c.b]))
    return tuple(out)


def _nearest_per_article(scores: np.ndarray, rows: np.ndarray, cols: np.ndarray,
                         article: np.ndarray) -> dict[tuple[int, int], int]:
    """For each row, its best-scoring column in each article among ``cols``: (row, article) -> column."""
    out: dict[tuple[int, int], int] = {}
    for art in np.unique(article[cols]):
        mine = np.flatnonzero(article[cols] == art)
        best = np.argmax(scores[:, mine], axis=1)
        for r, c in enumerate(best):
            out[(int(rows[r]), int(art))] = int(cols[mine[c]])
    return out


def _top_per_article(scores: np.ndarray, rows: np.ndarray, cols: np.ndarray, article: np.ndarray,
                     k: int) -> list[tuple[int, int]]:
    """For each row, the ``k`` best-scoring columns of each article among ``cols`` (as sentence indices)."""
    out: list[tuple[int, int]] = []
    if k <= 0:
        return out
    for art in np.unique(article[cols]):
        mine = np.flatnonzero(article[cols] == art)
        sub = scores[:, mine]
        if len(mine) > k:
            best = np.argpartition(-sub, k - 1, axis=1)[:, :k]
        else:
            best = np.broadcast_to(np.arange(len(mine)), (len(rows), len(mine)))
        for r, picks in enumerate(best):
            out.extend((int(rows[r]), int(cols[mine[c]])) for c in picks)
    return out
