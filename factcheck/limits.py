"""Limits: the caps of ``[limits]`` applied between stages, each cut returned as a record.

Ingest applies ``max_articles`` and ``max_article_chars`` while it reads (so that memory
stays bounded); the caps on sentences and candidate pairs live here. Nothing is cut
silently: every function returns what it kept and a :class:`~factcheck.records.Cut`
for what it left out, which the report lists.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from .records import Candidate, Cut, Sentence


def cap_sentences(sentences: Sequence[Sentence], max_chars: int) -> tuple[tuple[Sentence, ...], tuple[Cut, ...]]:
    """Sentences longer than ``max_chars`` cut at the last space before the cap (offsets kept consistent).

    >>> s = Sentence(id="a:s0", article_id="a", index=0, text="wort " * 50, start=0, end=250)
    >>> (kept,), (cut,) = cap_sentences([s], 100)
    >>> len(kept.text), kept.end, cut.limit
    (99, 99, 'max_sentence_chars')
    """
    kept: list[Sentence] = []
    cuts: list[Cut] = []
    for s in sentences:
        if len(s.text) <= max_chars:
            kept.append(s)
            continue
        head = s.text[:max_chars]
        space = head.rfind(" ")
        text = head[:space].rstrip() if space > max_chars // 2 else head
        kept.append(dataclasses.replace(s, text=text, end=s.start + len(text)))
        cuts.append(Cut(limit="max_sentence_chars", value=max_chars, where=s.id,
                        detail=f"a {len(s.text):,}-character sentence (no sentence end found) cut to "
                               f"{len(text):,} characters; the rest is not analysed"))
    return tuple(kept), tuple(cuts)


def cap_candidates(
    candidates: Sequence[Candidate], max_pairs: int, limit: str = "max_pairs_per_event", where: str = "corpus"
) -> tuple[tuple[Candidate, ...], tuple[Cut, ...]]:
    """At most ``max_pairs`` candidate pairs: the most similar by embedding cosine, in their order.

    >>> pairs = [Candidate(a="a:s0", b=f"b:s{i}", cosine=c) for i, c in enumerate([0.2, 0.9, 0.5])]
    >>> kept, (cut,) = cap_candidates(pairs, 2)
    >>> [p.b for p in kept], cut.detail
    (['b:s1', 'b:s2'], '1 of 3 candidate pairs not judged (the least similar by embedding cosine)')
    """
    if len(candidates) <= max_pairs:
        return tuple(candidates), ()
    ranked = sorted(range(len(candidates)), key=lambda i: (-candidates[i].cosine, i))[:max_pairs]
    kept = tuple(candidates[i] for i in sorted(ranked))
    cut = Cut(limit=limit, value=max_pairs, where=where,
              detail=f"{len(candidates) - max_pairs:,} of {len(candidates):,} candidate pairs not judged "
                     "(the least similar by embedding cosine)")
    return kept, (cut,)
