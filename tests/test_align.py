from __future__ import annotations

import os

import numpy as np
import pytest

from factcheck.align import align, anchor_overlap, rescale_cosine
from factcheck.records import Sentence


def _sentences(spec: dict[str, list[str]]) -> list[Sentence]:
    out = []
    for art, texts in spec.items():
        for i, t in enumerate(texts):
            out.append(Sentence(id=f"{art}:s{i}", article_id=art, index=i, text=t, start=0, end=len(t)))
    return out


def _unit(rows: list[list[float]]) -> np.ndarray:
    m = np.asarray(rows, dtype=np.float32)
    return m / np.linalg.norm(m, axis=1, keepdims=True)


def _vectors_with_cosines(base_cos: float, n: int, same: dict[tuple[int, int], float]) -> np.ndarray:
    """n unit vectors whose pairwise cosine is base_cos, except the given pairs."""
    rng = np.random.default_rng(0)
    gram = np.full((n, n), base_cos)
    for (i, j), c in same.items():
        gram[i, j] = gram[j, i] = c
    np.fill_diagonal(gram, 1.0)
    vals, vecs = np.linalg.eigh(gram)
    assert vals.min() > -1e-9, "not a valid cosine matrix"
    x = vecs * np.sqrt(np.clip(vals, 0, None))
    x = x @ np.linalg.qr(rng.normal(size=(n, n)))[0]
    return (x / np.linalg.norm(x, axis=1, keepdims=True)).astype(np.float32)


@pytest.mark.parametrize(
    ("cosine", "expected"),
    [(0.70, 0.0), (0.80, 0.0), (0.875, 0.5), (0.95, 1.0), (0.99, 1.0)],
)
def test_rescale_cosine_maps_e5_band_to_unit_interval(cfg, cosine, expected):
    # a fixed band: the configured one is calibrated (benchmarks/calibrate_align.py) and moves
    band = cfg.align.model_copy(update={"cosine_floor": 0.80, "cosine_ceiling": 0.95})
    assert rescale_cosine(cosine, band) == pytest.approx(expected, abs=1e-6)


def test_anchor_overlap_matches_spelling_variants():
    idf = {"ruhani": 2.0, "rohani": 2.0, "iran": 1.0, "usa": 1.0}
    score, shared = anchor_overlap(["ruhani", "usa"], ["rohani", "usa", "iran"], idf, 80)
    assert shared == ("ruhani~rohani", "usa")
    assert 0.5 < score < 1.0
    assert anchor_overlap([], ["usa"], idf, 80) == (0.0, ())


def test_align_finds_reordered_counterparts_and_skips_unrelated(cfg):
    sents = _sentences(
        {
            "a": [
                "Präsident Hassan Ruhani zeigte sich offen für eine Zusammenarbeit mit den USA.",
                "Das Wetter in Wien war sonnig.",
            ],
            "b": [
                "Am Abend spielte ein Orchester in Salzburg.",
                "Irans Präsident Hassan Rohani hatte eine Zusammenarbeit mit den USA angeregt.",
            ],
        }
    )
    # a:s0 ~ b:s1 semantically close; everything else at e5's unrelated level
    emb = _vectors_with_cosines(0.78, 4, {(0, 3): 0.93})
    pairs = align(sents, emb, cfg.align)
    cross = [(p.a, p.b) for p in pairs if p.scope == "cross"]
    assert cross == [("a:s0", "b:s1")]
    p = pairs[0]
    assert p.cosine == pytest.approx(0.93, abs=1e-3)
    assert "ruhani~rohani" in p.shared
    assert p.score == pytest.approx(
        cfg.align.weight_semantic * p.semantic + cfg.align.weight_lexical * p.lexical + cfg.align.weight_anchors * p.anchors,
        abs=1e-3,
    )


def test_align_within_one_article_is_stricter_and_ordered(cfg):
    sents = _sentences(
        {
            "a": [
                "Eine militärische Kooperation schließen die USA jedoch aus.",
                "Die Regierung entsendet zusätzliche Soldaten nach Bagdad.",
                "Eine militärische Zusammenarbeit mit dem Iran werde es aber nicht geben.",
            ]
        }
    )
    emb = _vectors_with_cosines(0.80, 3, {(0, 2): 0.94})
    pairs = align(sents, emb, cfg.align)
    assert [(p.a, p.b, p.scope) for p in pairs] == [("a:s0", "a:s2", "intra")]


def test_one_to_many_is_bounded_by_max_partners(cfg):
    texts_b = [f"Die USA schicken {n} Soldaten in den Irak nach Bagdad." for n in (100, 200, 300, 400)]
    sents = _sentences({"a": ["Die USA schicken Soldaten in den Irak nach Bagdad."], "b": texts_b})
    emb = _vectors_with_cosines(0.96, 5, {})
    pairs = align(sents, emb, cfg.align)
    partners = [p.b for p in pairs if p.a == "a:s0"]
    assert len(partners) == cfg.align.max_partners


def test_align_rejects_mismatched_embeddings(cfg):
    sents = _sentences({"a": ["Ein Satz."]})
    with pytest.raises(ValueError):
        align(sents, np.zeros((2, 4), dtype=np.float32), cfg.align)


def test_single_sentence_corpus_has_no_pairs(cfg):
    sents = _sentences({"a": ["Ein Satz."]})
    assert align(sents, _unit([[1.0, 0.0]]), cfg.align) == ()


def test_proposition_overlap_does_not_depend_on_the_hash_seed():
    # set iteration order changes with PYTHONHASHSEED; a plain float sum over a set then differs in the
    # last bits from one process to the next, and a pair exactly at the threshold flipped between runs
    import subprocess
    import sys

    code = (
        "from factcheck.align import proposition_overlap\n"
        "keys = frozenset(f'wort{i}' for i in range(40))\n"
        "idf = {k: 1.0 / (3 + i * 0.7) for i, k in enumerate(sorted(keys))}\n"
        "half = frozenset(sorted(keys)[:20]) | {'anders'}\n"
        "print(repr(proposition_overlap(keys, half, idf, 2)[0]))\n"
    )
    seen = {subprocess.run([sys.executable, "-c", code], env={**os.environ, "PYTHONHASHSEED": str(seed)},
                           capture_output=True, text=True, check=True).stdout for seed in range(6)}
    assert len(seen) == 1, seen
