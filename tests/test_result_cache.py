"""factcheck.result_cache: claims and NLI readings kept between runs, keyed by all they depend on."""

from __future__ import annotations

import numpy as np
import pytest

import factcheck.pipeline as pipeline
from factcheck.config import load_config
from factcheck.errors import ModelError
from factcheck.records import Article
from factcheck.result_cache import ResultCache, claims_key, default_results_file, nli_key

ARTICLES = [
    Article("a", "A", "Der Minister schloss Bodentruppen aus. Die Regierung prüft alle Optionen.", outlet="X",
            published="2020-01-01", language="de"),
    Article("b", "B", "Bodentruppen schloss der Minister nicht aus. Die Regierung prüft weiter.", outlet="Y",
            published="2020-01-02", language="de"),
]


def _cfg(tmp_path, nli: str = ""):
    return load_config(overrides={"embedder": {"name": "fake.v1", "cache_file": str(tmp_path / "emb.sqlite3")},
                                  "nli": {"model": nli, "screen": 0.0}})


def test_values_by_namespace_and_a_broken_file(tmp_path):
    cache = ResultCache(tmp_path / "r.sqlite3")
    cache.put("claims", {b"k": b"v"})
    assert cache.get("claims", [b"k", b"x"]) == {b"k": b"v"} and cache.get("nli", [b"k"]) == {}
    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(b"not a database at all" * 100)
    with pytest.raises(ModelError, match="result cache unusable"):
        ResultCache(bad).get("claims", [b"k"])


def test_results_live_next_to_the_embedding_cache(tmp_path):
    assert default_results_file(str(tmp_path / "e.sqlite3")) == tmp_path / "results.sqlite3"


def test_claims_key_follows_text_config_and_sentences():
    from factcheck.records import Sentence

    a = ARTICLES[0]
    s = (Sentence("a:s0", "a", 0, "Der Minister schloss Bodentruppen aus.", 0, 38),)
    base = claims_key(a, s, {"x": 1})
    assert base == claims_key(a, s, {"x": 1})
    assert base != claims_key(a, s, {"x": 2})
    assert base != claims_key(Article("a", "A", a.text + " Neu.", outlet="X", published="2020-01-01",
                                      language="de"), s, {"x": 1})
    assert base != claims_key(a, (Sentence("a:s0", "a", 0, "Der Minister", 0, 12),), {"x": 1})
    assert nli_key("m", 256, "a", "b") != nli_key("m", 256, "b", "a") != nli_key("m", 128, "a", "b")


def test_a_second_run_tags_nothing(tmp_path, monkeypatch):
    cfg = _cfg(tmp_path)
    first = pipeline.prepare(ARTICLES, cfg)

    def boom(*args, **kwargs):
        raise AssertionError("claims extracted again")

    monkeypatch.setattr(pipeline, "extract_claims", boom)
    again = pipeline.prepare(ARTICLES, cfg)
    assert again.claims == first.claims
    # a changed article is tagged again (and only it)
    calls = []
    monkeypatch.setattr(pipeline, "extract_claims", lambda a, group, c: calls.append(a.id) or
                        __import__("factcheck.claims", fromlist=["x"]).extract_claims(a, group, c))
    changed = [ARTICLES[0], Article("b", "B", ARTICLES[1].text + " Ein neuer Satz folgt.", outlet="Y",
                                    published="2020-01-02", language="de")]
    pipeline.prepare(changed, cfg)
    assert calls == ["b"]


class _FakeNli:
    name, checksum = "fake-nli", "f" * 64
    loads = 0
    read = 0

    def predict(self, pairs):
        _FakeNli.read += len(pairs)
        return np.tile(np.array([[0.2, 0.5, 0.3]], dtype=np.float32), (len(pairs), 1))


def test_a_second_run_reads_no_pair_and_loads_no_model(tmp_path, monkeypatch):
    def load(cfg):
        _FakeNli.loads += 1
        return _FakeNli()

    monkeypatch.setattr(pipeline, "load_nli", load)
    monkeypatch.setattr(pipeline, "model_checksum", lambda cfg: _FakeNli.checksum)
    cfg = _cfg(tmp_path, nli="fake-nli")
    first = pipeline.prepare(ARTICLES, cfg)
    assert _FakeNli.loads == 1 and _FakeNli.read == 2 * len(first.candidates) > 0
    again = pipeline.prepare(ARTICLES, cfg)
    assert _FakeNli.loads == 1 and _FakeNli.read == 2 * len(first.candidates)  # nothing new
    assert np.array_equal(again.signals.values, first.signals.values)
    assert again.nli == {"name": "fake-nli", "sha256": _FakeNli.checksum}
    # with the cache off the model reads every pair again
    off = load_config(overrides={"embedder": {"name": "fake.v1", "cache_file": str(tmp_path / "emb.sqlite3")},
                                 "nli": {"model": "fake-nli", "cache": False, "screen": 0.0}})
    pipeline.prepare(ARTICLES, off)
    assert _FakeNli.loads == 2 and _FakeNli.read == 4 * len(first.candidates)


def test_the_screen_decides_which_pairs_the_model_reads(tmp_path, monkeypatch):
    _FakeNli.loads = _FakeNli.read = 0
    monkeypatch.setattr(pipeline, "load_nli", lambda cfg: _FakeNli())
    monkeypatch.setattr(pipeline, "model_checksum", lambda cfg: _FakeNli.checksum)

    def run(screen):
        cfg = load_config(overrides={"embedder": {"name": "fake.v1"},
                                     "nli": {"model": "fake-nli", "cache": False, "screen": screen}})
        _FakeNli.read = 0
        return pipeline.prepare(ARTICLES, cfg), _FakeNli.read

    everything, read_all = run(0.0)
    assert read_all == 2 * len(everything.candidates) and len(everything.nli_rows) == len(everything.candidates)
    nothing, read_none = run(1.0)
    assert read_none == 0 and nothing.nli_rows == {}
    # pairs the model did not read are judged by the judge without it, and the analysis completes
    result = pipeline.conclude(nothing, pipeline.load_judge("auto", with_nli=True))
    assert result.judge == "judge-nli.v1"


def test_a_second_run_splits_nothing(tmp_path, monkeypatch):
    cfg = _cfg(tmp_path)
    first = pipeline.prepare(ARTICLES, cfg)
    monkeypatch.setattr(pipeline, "segment", lambda *a, **k: (_ for _ in ()).throw(AssertionError("split again")))
    again = pipeline.prepare(ARTICLES, cfg)
    assert again.sentences == first.sentences
