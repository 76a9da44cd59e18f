from __future__ import annotations

import tracemalloc

import numpy as np
import pytest

from factcheck.topk import peak_block_bytes, top_k, top_k_per_group


def _unit(n: int, dim: int = 16, seed: int = 0) -> np.ndarray:
    m = np.random.default_rng(seed).standard_normal((n, dim)).astype(np.float32)
    return m / np.linalg.norm(m, axis=1, keepdims=True)


def _brute_per_group(q, keys, groups, k, query_groups=None):
    sims = q @ keys.T
    out = []
    for i in range(len(q)):
        for g in np.unique(groups):
            if query_groups is not None and query_groups[i] == g:
                continue
            cols = np.flatnonzero(groups == g)
            best = cols[np.argsort(-sims[i, cols], kind="stable")[:k]]
            out.extend((i, int(j)) for j in best)
    return sorted(out)


@pytest.mark.parametrize(("block_rows", "block_cols"), [(1024, 8192), (7, 5), (1, 1), (50, 13)])
def test_per_group_equals_brute_force_for_any_block_size(block_rows, block_cols):
    q, keys = _unit(60, seed=1), _unit(90, seed=2)
    groups = np.random.default_rng(3).integers(0, 6, size=90)  # unsorted groups, some larger than a block
    qg = np.random.default_rng(4).integers(0, 6, size=60)
    got_q, got_k, got_s = top_k_per_group(q, keys, groups, 3, query_groups=qg, block_rows=block_rows,
                                          block_cols=block_cols)
    assert sorted(zip(got_q.tolist(), got_k.tolist())) == _brute_per_group(q, keys, groups, 3, qg)
    np.testing.assert_allclose(got_s, np.sum(q[got_q] * keys[got_k], axis=1), rtol=1e-5)
    # sorted by query, then cosine descending
    assert all((a, -x) <= (b, -y) for a, b, x, y in zip(got_q, got_q[1:], got_s, got_s[1:]))


@pytest.mark.parametrize("block_cols", [8192, 11, 2])
def test_top_k_equals_brute_force_and_never_finds_the_query_itself(block_cols):
    v = _unit(40, seed=5)
    q, k, s = top_k(v, v, 4, block_rows=9, block_cols=block_cols, exclude_self=True)
    sims = v @ v.T
    np.fill_diagonal(sims, -np.inf)
    want = sorted((i, int(j)) for i in range(40) for j in np.argsort(-sims[i])[:4])
    assert sorted(zip(q.tolist(), k.tolist())) == want
    assert not np.any(q == k)


def test_fewer_keys_than_k_gives_all_of_them():
    q, k, _ = top_k_per_group(_unit(2), _unit(3, seed=9), np.array([0, 0, 1]), 5)
    assert sorted(zip(q.tolist(), k.tolist())) == [(0, 0), (0, 1), (0, 2), (1, 0), (1, 1), (1, 2)]


def test_empty_inputs_and_k_zero_give_empty_results():
    for q, keys, k in ((_unit(0), _unit(3), 2), (_unit(3), _unit(0), 2), (_unit(3), _unit(3), 0)):
        out = top_k_per_group(q, keys, np.zeros(len(keys), dtype=int), k)
        assert all(len(a) == 0 for a in out)


def test_mismatched_groups_are_refused():
    with pytest.raises(ValueError):
        top_k_per_group(_unit(2), _unit(3), np.array([0, 1]), 1)


def test_memory_stays_bounded_by_the_block_not_the_corpus():
    v = _unit(3000, dim=32, seed=7)
    full = 4 * 3000 * 3000  # the whole similarity matrix: 36 MB
    tracemalloc.start()
    top_k(v, v, 2, block_rows=256, block_cols=512, exclude_self=True)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak_block_bytes(256, 512) == 524288
    assert peak < full / 8, peak  # a few blocks and the results, not the matrix


def test_same_pairs_as_the_candidate_search_it_can_replace():
    from factcheck.classify.candidates import _top_per_article

    v = _unit(80, seed=11)
    article = np.repeat(np.arange(8), 10)
    want = set()
    for own in range(8):
        rows, others = np.flatnonzero(article == own), np.flatnonzero(article != own)
        want.update(_top_per_article(v[rows] @ v[others].T, rows, others, article, 2))
    q, k, _ = top_k_per_group(v, v, article, 2, query_groups=article, block_rows=16, block_cols=24)
    assert set(zip(q.tolist(), k.tolist())) == want
