"""Exact top-k search over L2-normalised embeddings in blocks: memory bounded, no index.

The similarity matrix is never held whole: rows are taken ``block_rows`` at a time and
columns ``block_cols`` at a time, so the largest temporary is ``block_rows x block_cols``
float32 (the defaults: 1024 x 8192 = 32 MiB), whatever the corpus size.

* :func:`top_k`: the ``k`` most similar keys of each query;
* :func:`top_k_per_group`: the ``k`` most similar keys of each *group* (an article) for
  each query, other groups only when ``query_groups`` is given: what candidate search needs
  ("the top_k most similar sentences of each other article").

Both return three aligned arrays (query index, key index, cosine), sorted by query, then
cosine descending, then key index.

>>> import numpy as np
>>> v = np.array([[1, 0], [0.9, 0.436], [0, 1], [0.6, 0.8]], dtype=np.float32)
>>> q, k, s = top_k(v, v, 1, exclude_self=True)
>>> list(zip(q.tolist(), k.tolist()))
[(0, 1), (1, 0), (2, 3), (3, 1)]
>>> groups = np.array([0, 0, 1, 1])
>>> q, k, s = top_k_per_group(v, v, groups, 1, query_groups=groups)
>>> list(zip(q.tolist(), k.tolist()))
[(0, 3), (1, 3), (2, 1), (3, 1)]
"""

from __future__ import annotations

import numpy as np

__all__ = ["top_k", "top_k_per_group", "peak_block_bytes"]

Result = tuple[np.ndarray, np.ndarray, np.ndarray]


def peak_block_bytes(block_rows: int, block_cols: int) -> int:
    """Bytes of the largest temporary similarity block (float32)."""
    return 4 * block_rows * block_cols


def top_k(queries: np.ndarray, keys: np.ndarray, k: int, block_rows: int = 1024, block_cols: int = 8192,
          exclude_self: bool = False) -> Result:
    """The ``k`` best keys of each query by dot product (cosine for unit rows).

    ``exclude_self``: queries and keys are the same rows; a query never finds itself.
    """
    groups = np.zeros(len(keys), dtype=np.int64)
    q, kk, s = top_k_per_group(queries, keys, groups, k + int(exclude_self), block_rows=block_rows,
                               block_cols=block_cols)
    if exclude_self:
        keep = q != kk
        q, kk, s = q[keep], kk[keep], s[keep]
        # one extra was asked for each query; drop what exceeds k (where the query was not among its best)
        rank = _rank_within(q)
        keep = rank < k
        q, kk, s = q[keep], kk[keep], s[keep]
    return q, kk, s


def top_k_per_group(queries: np.ndarray, keys: np.ndarray, key_groups: np.ndarray, k: int,
                    query_groups: np.ndarray | None = None, block_rows: int = 1024,
                    block_cols: int = 8192) -> Result:
    """For each query, the ``k`` best keys of each group; with ``query_groups``, never its own group."""
    queries = np.asarray(queries, dtype=np.float32)
    keys = np.asarray(keys, dtype=np.float32)
    key_groups = np.asarray(key_groups)
    if len(key_groups) != len(keys):
        raise ValueError("one group per key expected")
    if query_groups is not None and len(query_groups) != len(queries):
        raise ValueError("one group per query expected")
    if k <= 0 or not len(queries) or not len(keys):
        return _empty()
    block_rows, block_cols = max(1, block_rows), max(1, block_cols)

    order = np.argsort(key_groups, kind="stable")
    sorted_keys = keys[order]
    sorted_groups = key_groups[order]
    cuts = np.flatnonzero(sorted_groups[1:] != sorted_groups[:-1]) + 1
    starts = np.concatenate([[0], cuts])
    ends = np.concatenate([cuts, [len(keys)]])
    # pieces of at most block_cols columns; a large group is split into several pieces
    pieces = []  # (group position, start, end, last piece of its group)
    for g, (a, b) in enumerate(zip(starts, ends, strict=True)):
        for p in range(a, b, block_cols):
            pieces.append((g, p, min(p + block_cols, b), min(p + block_cols, b) == b))
    chunks: list[list[tuple[int, int, int, bool]]] = [[]]
    width = 0
    for piece in pieces:
        size = piece[2] - piece[1]
        if chunks[-1] and width + size > block_cols:
            chunks.append([])
            width = 0
        chunks[-1].append(piece)
        width += size

    out_q, out_k, out_s = [], [], []
    for r0 in range(0, len(queries), block_rows):
        block = queries[r0:r0 + block_rows]
        rows = np.arange(r0, r0 + len(block))
        running: tuple[np.ndarray, np.ndarray] | None = None  # best (scores, sorted-key positions) of a split group
        for chunk in chunks:
            c0, c1 = chunk[0][1], chunk[-1][2]
            sims = block @ sorted_keys[c0:c1].T  # the one block_rows x block_cols temporary
            for g, a, b, last in chunk:
                sub = sims[:, a - c0:b - c0]
                best = _best(sub, k)
                scores = np.take_along_axis(sub, best, axis=1)
                positions = best + a
                if running is not None:
                    scores = np.concatenate([running[0], scores], axis=1)
                    positions = np.concatenate([running[1], positions], axis=1)
                    pick = _best(scores, k)
                    scores = np.take_along_axis(scores, pick, axis=1)
                    positions = np.take_along_axis(positions, pick, axis=1)
                if not last:
                    running = (scores, positions)
                    continue
                running = None
                keep = np.ones(len(rows), dtype=bool)
                if query_groups is not None:
                    keep = np.asarray(query_groups)[rows] != sorted_groups[a]
                out_q.append(np.repeat(rows[keep], scores.shape[1]))
                out_k.append(order[positions[keep]].ravel())
                out_s.append(scores[keep].ravel())
    if not out_q:
        return _empty()
    q, kk, s = np.concatenate(out_q), np.concatenate(out_k), np.concatenate(out_s)
    sort = np.lexsort((kk, -s, q))
    return q[sort], kk[sort], s[sort]


def _best(scores: np.ndarray, k: int) -> np.ndarray:
    """Column positions of the ``k`` highest scores of each row (all columns when there are fewer)."""
    if scores.shape[1] <= k:
        return np.broadcast_to(np.arange(scores.shape[1]), scores.shape).copy()
    return np.argpartition(-scores, k - 1, axis=1)[:, :k]


def _rank_within(q: np.ndarray) -> np.ndarray:
    """0, 1, 2 … within each run of equal, sorted query indices."""
    starts = np.flatnonzero(np.r_[True, q[1:] != q[:-1]])
    first = np.repeat(starts, np.diff(np.r_[starts, len(q)]))
    return np.arange(len(q)) - first


def _empty() -> Result:
    return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
