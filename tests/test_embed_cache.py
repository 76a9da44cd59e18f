from __future__ import annotations

import sqlite3

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from factcheck.config import load_config
from factcheck.embed import FakeEmbedder, get_embedder
from factcheck.embed_cache import CachedEmbedder, EmbeddingCache, cache_key, default_cache_file, normalise
from factcheck.errors import ModelError


class CountingEmbedder(FakeEmbedder):
    """The fake embedder, cacheable, counting what reaches the "model"."""

    cacheable = True
    prefix = "query: "

    def __init__(self, model_id: str = "counting") -> None:
        self.model_id = model_id
        self.calls: list[list[str]] = []

    def encode(self, texts):
        self.calls.append(list(texts))
        return super().encode(texts)

    @property
    def embedded(self) -> int:
        return sum(len(c) for c in self.calls)


AGENCY = "Der Minister schloss Bodentruppen am Montag aus."
CORPUS = [AGENCY, "Die Regierung entsendet 275 Soldaten.", AGENCY, "Die Regierung  entsendet 275 Soldaten.\n"]


def test_identical_sentences_are_embedded_once_per_call_even_without_a_cache():
    inner = CountingEmbedder()
    vectors = CachedEmbedder(inner, None).encode(CORPUS)
    assert inner.calls == [[AGENCY, "Die Regierung entsendet 275 Soldaten."]]
    np.testing.assert_array_equal(vectors[0], vectors[2])
    np.testing.assert_array_equal(vectors[1], vectors[3])  # whitespace differences are one text


def test_second_run_embeds_nothing_and_returns_the_same_vectors(tmp_path):
    cache = EmbeddingCache(tmp_path / "e.sqlite3")
    inner = CountingEmbedder()
    first = CachedEmbedder(inner, cache).encode(CORPUS)
    inner.calls.clear()
    again = CachedEmbedder(inner, EmbeddingCache(tmp_path / "e.sqlite3"))  # a new process opens the same file
    second = again.encode(CORPUS)
    assert inner.calls == []
    assert again.stats.from_cache == 2 and again.stats.embedded == 0 and again.stats.duplicates == 2
    np.testing.assert_array_equal(first, second)
    assert second.dtype == np.float32


def test_new_articles_embed_only_their_new_sentences(tmp_path):
    cache = EmbeddingCache(tmp_path / "e.sqlite3")
    old = [f"Satz {i} über das Feuer im Zoo." for i in range(20)]
    new = [f"Neuer Satz {i} über die Koalition." for i in range(10)]
    CachedEmbedder(CountingEmbedder(), cache).encode(old)
    inner = CountingEmbedder()
    vectors = CachedEmbedder(inner, cache).encode(old + new)
    assert inner.calls == [new]
    np.testing.assert_allclose(vectors, FakeEmbedder().encode(old + new), rtol=0, atol=0)
    assert len(cache) == 30


def test_the_key_holds_model_revision_and_prefix(tmp_path):
    cache = EmbeddingCache(tmp_path / "e.sqlite3")
    CachedEmbedder(CountingEmbedder("model-a"), cache).encode([AGENCY])
    other = CountingEmbedder("model-b")
    CachedEmbedder(other, cache).encode([AGENCY])
    assert other.embedded == 1  # another model's vector is never reused
    keys = {cache_key("m", "r1", "query: ", AGENCY), cache_key("m", "r2", "query: ", AGENCY),
            cache_key("m", "r1", "passage: ", AGENCY), cache_key("m", "r1", "query: ", AGENCY + "!")}
    assert len(keys) == 4
    assert cache_key("m", "r", "p", " a\u0308  b ") == cache_key("m", "r", "p", "\u00e4 b")  # NFC, spaces


def test_vectors_are_float32_blobs_in_sqlite(tmp_path):
    path = tmp_path / "e.sqlite3"
    CachedEmbedder(CountingEmbedder(), EmbeddingCache(path)).encode([AGENCY])
    with sqlite3.connect(path) as db:
        ((dim, blob),) = db.execute("SELECT dim, vector FROM vectors").fetchall()
    assert dim == 64 and len(blob) == 64 * 4
    np.testing.assert_array_equal(np.frombuffer(blob, "<f4"), FakeEmbedder().encode([AGENCY])[0])


def test_empty_input_gives_an_empty_matrix(tmp_path):
    out = CachedEmbedder(CountingEmbedder(), EmbeddingCache(tmp_path / "e.sqlite3")).encode([])
    assert out.shape == (0, 64) and out.dtype == np.float32


def test_a_broken_cache_file_is_a_one_line_model_error(tmp_path):
    path = tmp_path / "e.sqlite3"
    path.write_bytes(b"not a database at all" * 100)
    with pytest.raises(ModelError) as err:
        CachedEmbedder(CountingEmbedder(), EmbeddingCache(path)).encode([AGENCY])
    assert str(path) in str(err.value) and "\n" not in str(err.value)


def test_the_cache_survives_pickling_for_other_processes(tmp_path):
    import pickle

    cache = EmbeddingCache(tmp_path / "e.sqlite3")
    CachedEmbedder(CountingEmbedder(), cache).encode([AGENCY])
    copy = pickle.loads(pickle.dumps(cache))
    assert len(copy) == 1


def test_default_file_is_in_the_user_cache(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert default_cache_file() == tmp_path / "factcheck" / "embeddings.sqlite3"


def test_get_embedder_wraps_model_embedders_but_not_the_fake():
    assert isinstance(get_embedder(load_config(overrides={"embedder": {"name": "fake.v1"}}).embedder), FakeEmbedder)
    wrapped = get_embedder(load_config(overrides={"embedder": {"cache_file": "/nonexistent/x.sqlite3"}}).embedder)
    assert isinstance(wrapped, CachedEmbedder) and wrapped.model_id.startswith("multilingual-e5-small")
    unwrapped_cache = get_embedder(load_config(overrides={"embedder": {"cache": False}}).embedder)
    assert isinstance(unwrapped_cache, CachedEmbedder) and unwrapped_cache.cache is None


@given(st.text(max_size=40))
def test_normalise_is_idempotent_and_ignores_whitespace_runs(text):
    once = normalise(text)
    assert normalise(once) == once
    assert normalise(text.replace(" ", "  \t")) == once
