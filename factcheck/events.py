"""Events: which articles tell the same story. Only articles of one event are compared.

Two articles are scored by a small fitted model (logistic regression, coefficients in
``[events]`` of the config, fitted by ``benchmarks/eval_events.py`` on SemEval-2022 Task 8
German pairs) over two signals:

* ``cosine``: the embedding cosine of their title + lead (the first ``lead_sentences``);
* ``entities``: the TF-IDF cosine of the named entities their claims mention.

A publication-time window sets the score of two dated articles further apart than
``time_window_days`` to 0. Articles are grouped by average-linkage clustering of
``1 - score``, cut at ``1 - threshold``: an article joins a group when its mean score with
the group's members reaches the threshold, so one shared name cannot chain two stories.

>>> import numpy as np
>>> from factcheck.config import default_config
>>> from factcheck.records import Article
>>> arts = [Article(id=i, title="", text="", published=d) for i, d in
...         (("a", "2020-01-01"), ("b", "2020-01-02"), ("c", "2020-01-01"))]
>>> vectors = np.array([[1.0, 0.0], [1.0, 0.0], [0.0, 1.0]], dtype=np.float32)
>>> cfg = default_config().events.model_copy(update={"coef_entities": 0.0, "threshold": 0.2})
>>> [e.articles for e in events(arts, vectors, [{}, {}, {}], cfg)]
[('a', 'b'), ('c',)]
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
from collections import Counter
from collections.abc import Mapping, Sequence

import numpy as np

from .config import EventsConfig
from .records import Article, Claim, Event, Sentence

__all__ = ["article_entities", "compared", "entity_similarity", "events", "lead_text", "pair_scores"]


def lead_text(article: Article, sentences: Sequence[Sentence], lead_sentences: int) -> str:
    """Title and the first ``lead_sentences`` sentences: what a reader sees of the story first."""
    lead = " ".join(s.text for s in sentences[:lead_sentences])
    title = article.title.strip()
    if not title:
        return lead
    return f"{title} {lead}" if title[-1] in ".!?:" else f"{title}. {lead}".strip()


def article_entities(claims: Sequence[Claim]) -> Counter[str]:
    """How often each named entity is mentioned by the article's claims (case-folded)."""
    return Counter(e.casefold() for c in claims for e in c.entities)


def entity_similarity(bags: Sequence[Mapping[str, int]]) -> np.ndarray:
    """TF-IDF cosine of the articles' entity bags (n x n, zero where one bag is empty)."""
    n = len(bags)
    df: Counter[str] = Counter()
    for bag in bags:
        df.update(bag.keys())
    vocab = {w: k for k, w in enumerate(sorted(df))}
    if not vocab:
        return np.zeros((n, n), dtype=np.float32)
    from scipy.sparse import csr_matrix

    rows, cols, vals = [], [], []
    for i, bag in enumerate(bags):
        for w, count in bag.items():
            rows.append(i)
            cols.append(vocab[w])
            # sublinear tf, smoothed idf (an entity of every article weighs little, never nothing)
            vals.append((1 + math.log(count)) * (1 + math.log((1 + n) / (1 + df[w]))))
    m = csr_matrix((vals, (rows, cols)), shape=(n, len(vocab)), dtype=np.float64)
    norms = np.sqrt(np.asarray(m.multiply(m).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    m = csr_matrix(m.multiply(1 / norms[:, None]))
    return np.asarray((m @ m.T).todense(), dtype=np.float32)


def pair_scores(doc_vectors: np.ndarray, entity_sim: np.ndarray, cfg: EventsConfig) -> np.ndarray:
    """The fitted model's probability that two articles tell the same story (n x n)."""
    vectors = np.asarray(doc_vectors, dtype=np.float32)
    cosine = vectors @ vectors.T
    logit = cfg.intercept + cfg.coef_cosine * cosine + cfg.coef_entities * entity_sim
    return (1.0 / (1.0 + np.exp(-logit.astype(np.float64)))).astype(np.float32)


def _day(published: str | None) -> int | None:
    if not published:
        return None
    try:
        return dt.date.fromisoformat(published[:10]).toordinal()
    except ValueError:
        return None


def events(
    articles: Sequence[Article],
    doc_vectors: np.ndarray,
    entity_bags: Sequence[Mapping[str, int]],
    cfg: EventsConfig,
) -> tuple[Event, ...]:
    """Group ``articles`` into events; ``doc_vectors[i]`` embeds the lead of ``articles[i]``.

    Events come largest first (ties: by their first article's position); every article is in
    exactly one. With ``cfg.enabled`` false the whole corpus is one event.
    """
    n = len(articles)
    if n == 0:
        return ()
    if len(doc_vectors) != n or len(entity_bags) != n:
        raise ValueError("one lead vector and one entity bag per article expected")
    if not cfg.enabled or n == 1:
        labels = np.zeros(n, dtype=int)
        scores = np.ones((n, n), dtype=np.float32)
    else:
        scores = pair_scores(doc_vectors, entity_similarity(entity_bags), cfg)
        days = [_day(a.published) for a in articles]
        if cfg.time_window_days > 0:
            dated = np.array([d is not None for d in days])
            day = np.array([d or 0 for d in days])
            apart = np.abs(day[:, None] - day[None, :]) > cfg.time_window_days
            scores[apart & dated[:, None] & dated[None, :]] = 0.0
        labels = _average_linkage(scores, cfg.threshold)

    groups: dict[int, list[int]] = {}
    for i, label in enumerate(labels):
        groups.setdefault(int(label), []).append(i)
    ordered = sorted(groups.values(), key=lambda members: (-len(members), members[0]))
    return tuple(_event(articles, members, scores) for members in ordered)


def compared(found: Sequence[Event], cfg: EventsConfig) -> list[Event]:
    """The events whose articles are embedded and compared: those of several articles. An article alone
    in its story is left out unless ``compare_alone``; a corpus that is one event (clustering off, or a
    single article) is compared whatever its size."""
    return [e for e in found if len(e.articles) > 1 or cfg.compare_alone or len(found) == 1]


def _average_linkage(scores: np.ndarray, threshold: float) -> np.ndarray:
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform

    distance = 1.0 - scores.astype(np.float64)
    np.fill_diagonal(distance, 0.0)
    distance = np.clip((distance + distance.T) / 2, 0.0, 1.0)
    tree = linkage(squareform(distance, checks=False), method="average")
    return fcluster(tree, t=1.0 - threshold, criterion="distance")


def _event(articles: Sequence[Article], members: list[int], scores: np.ndarray) -> Event:
    ids = tuple(articles[i].id for i in members)
    # the label is the title of the most central article: the one closest to all the others
    centre = max(members, key=lambda i: (float(scores[i, members].sum()), -i))
    dates = sorted(a.published[:10] for a in (articles[i] for i in members) if _day(a.published) is not None)
    digest = hashlib.sha1("\x1f".join(sorted(ids)).encode("utf-8")).hexdigest()[:10]
    label = articles[centre].title.strip() or articles[centre].id
    return Event(id=f"ev-{digest}", label=label, articles=ids,
                 first_published=dates[0] if dates else None, last_published=dates[-1] if dates else None)
