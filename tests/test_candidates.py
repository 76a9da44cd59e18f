"""factcheck.classify.candidates: what the judge reads, with no paraphrase threshold."""

from __future__ import annotations

import numpy as np
import pytest

from factcheck.classify.candidates import candidates, sharing_keys
from factcheck.records import Claim, Quantity, Sentence


def _sent(article: str, i: int, text: str = "x") -> Sentence:
    return Sentence(f"{article}:s{i}", article, i, text, 0, len(text))


def _unit(*xs: float) -> np.ndarray:
    v = np.array(xs, dtype=np.float32)
    return v / np.linalg.norm(v)


def test_top_k_per_other_article_without_threshold(cfg):
    sents = [_sent("a", 0), _sent("a", 1), _sent("a", 2), _sent("b", 0), _sent("b", 1)]
    vecs = np.stack([_unit(1, 0, 0), _unit(0, 1, 0), _unit(0.3, -0.2, 1), _unit(0.9, 0.1, 0), _unit(0.1, 0.9, 0)])
    c = cfg.candidates.model_copy(update={"top_k": 1, "lexical_top_k": 0, "shared_keys": []})
    pairs = {(x.a, x.b) for x in candidates(sents, vecs, {}, c)}
    # a:s2 is far from everything (cosine < 0.3): a paraphrase gate would pair nothing; top-k takes
    # its most similar sentence of article b however dissimilar
    assert pairs == {("a:s0", "b:s0"), ("a:s1", "b:s1"), ("a:s2", "b:s0")}
    c2 = c.model_copy(update={"top_k": 2})
    assert len({(x.a, x.b) for x in candidates(sents, vecs, {}, c2)}) == 6


def test_mutual_nearest_neighbours_are_marked(cfg):
    sents = [_sent("a", 0), _sent("a", 1), _sent("a", 2), _sent("b", 0), _sent("b", 1)]
    vecs = np.stack([_unit(1, 0, 0), _unit(0, 1, 0), _unit(0.3, -0.2, 1), _unit(0.9, 0.1, 0), _unit(0.1, 0.9, 0)])
    c = cfg.candidates.model_copy(update={"top_k": 2, "lexical_top_k": 0, "shared_keys": []})
    mutual = {(x.a, x.b) for x in candidates(sents, vecs, {}, c) if x.mutual}
    # a:s2's nearest in b is b:s0, but b:s0's nearest in a is a:s0: one-sided, not mutual
    assert mutual == {("a:s0", "b:s0"), ("a:s1", "b:s1")}


def test_the_most_word_similar_sentence_is_a_candidate(cfg):
    sents = [_sent("a", 0, "The 48-page indictment lists the charges."), _sent("a", 1, "Something else entirely."),
             _sent("b", 0, "A 47-page indictment lists the charges."), _sent("b", 1, "Weather was fine.")]
    # embeddings say a:s0 ~ b:s1 (a bad embedding); word overlap finds b:s0
    vecs = np.stack([_unit(1, 0), _unit(0, 1), _unit(0, 1), _unit(1, 0)])
    c = cfg.candidates.model_copy(update={"top_k": 1, "lexical_top_k": 0, "shared_keys": []})
    assert ("a:s0", "b:s0") not in {(x.a, x.b) for x in candidates(sents, vecs, {}, c)}
    c = c.model_copy(update={"lexical_top_k": 1})
    found = {(x.a, x.b): x.via for x in candidates(sents, vecs, {}, c)}
    assert "lexical" in found[("a:s0", "b:s0")]


def test_shared_number_proposes_a_dissimilar_pair(cfg):
    sents = [_sent("a", 0), _sent("a", 1), _sent("b", 0), _sent("b", 1)]
    vecs = np.stack([_unit(1, 0), _unit(0.9, 0.1), _unit(1, 0.05), _unit(0, 1)])
    q = (Quantity(25.0, "Tote", "25 Tote", 0, 7),)
    claims = {
        "a:s1": Claim("a:s1", "a", None, None, "narrator", None, "positive", "asserted", quantities=q),
        "b:s1": Claim("b:s1", "b", None, None, "narrator", None, "positive", "asserted", quantities=q),
    }
    c = cfg.candidates.model_copy(update={"top_k": 1, "lexical_top_k": 0, "shared_keys": ["number"],
                                         "shared_min_df_cap": 4})
    found = {(x.a, x.b): x.via for x in candidates(sents, vecs, claims, c)}
    assert "number" in found[("a:s1", "b:s1")]


def test_extra_pairs_are_kept_and_order_is_corpus_order(cfg):
    sents = [_sent("a", 0), _sent("b", 0), _sent("b", 1)]
    vecs = np.stack([_unit(1, 0), _unit(1, 0.1), _unit(0, 1)])
    c = cfg.candidates.model_copy(update={"top_k": 1, "lexical_top_k": 0, "shared_keys": []})
    out = candidates(sents, vecs, {}, c, extra=[("b:s1", "a:s0")])
    assert [(x.a, x.b) for x in out] == [("a:s0", "b:s0"), ("a:s0", "b:s1")]
    assert "aligned" in out[1].via


def test_one_embedding_per_sentence(cfg):
    with pytest.raises(ValueError):
        candidates([_sent("a", 0)], np.zeros((2, 3), dtype=np.float32), {}, cfg.candidates)


def test_sharing_keys_of_no_claim_are_empty():
    assert sharing_keys(None) == {"entity": frozenset(), "number": frozenset(), "predicate": frozenset()}
