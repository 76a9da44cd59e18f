"""factcheck.evaluate_gold: the figures of the dev gold evaluation."""

from __future__ import annotations

from factcheck.evaluate_gold import GoldScores, _reliability


def _row(name: str, language: str, **kw) -> GoldScores:
    base = dict(articles=2, sentences=10, candidates=20, pairs=4, candidate_recall=4, aligned=3, labels_right=2,
                divergences=2, divergences_found=1, must_not=2, false_contradictions=0, furniture=1, leaks=0)
    base.update(kw)
    return GoldScores(name=name, language=language, **base)


def test_totals_add_up_per_language():
    rows = [_row("a", "de"), _row("b", "de", labels_right=4, leaks=1), _row("c", "en")]
    total = GoldScores.total("total", rows)
    assert (total.pairs, total.labels_right, total.leaks, total.language) == (12, 8, 1, "de+en")
    de = GoldScores.total("de", [r for r in rows if r.language == "de"])
    assert (de.pairs, de.labels_right) == (8, 6)


def test_reliability_bins_count_and_measure_precision():
    bins = {b["bin"]: b for b in _reliability([(0.35, True), (0.36, False), (0.95, True), (1.0, True)])}
    assert bins["0.3-0.4"]["findings"] == 2 and bins["0.3-0.4"]["precision"] == 0.5
    assert bins["0.9-1.0"]["findings"] == 2 and bins["0.9-1.0"]["precision"] == 1.0
    assert bins["0.5-0.6"]["findings"] == 0 and bins["0.5-0.6"]["precision"] is None


def test_none_rows_weigh_as_configured_when_the_judge_is_fitted(monkeypatch):
    import numpy as np

    import factcheck.evaluate_gold as eg
    from factcheck.classify.signals import SIGNALS

    seen = {}

    def fake_fit(x, y, features, name, weights=None, c=1.0, meta=None):
        seen["weights"], seen["y"] = list(weights), list(y)
        return None

    monkeypatch.setattr(eg, "fit_judge", fake_fit)

    class Table:
        values = np.zeros((3, len(SIGNALS)))

    class Prep:
        signals = Table()

    eg._fit([Prep()], [["none", "agree", None]], ("cosine",), "t", 1.0, {}, none_weight=0.3)
    assert seen == {"weights": [0.3, 1.0], "y": ["none", "agree"]}


def test_the_preparation_cache_is_written_atomically_and_read_back(tmp_path, monkeypatch):
    import factcheck.evaluate_gold as eg
    from factcheck.config import default_config
    from factcheck.goldset import GoldCluster

    cfg = default_config()
    cfg = cfg.model_copy(update={"embedder": cfg.embedder.model_copy(update={"name": "fake.v1"}),
                                 "nli": cfg.nli.model_copy(update={"model": ""})})
    rows = ({"id": "a", "title": "A", "text": "Der Zoo bleibt geschlossen.", "language": "de", "outlet": "X"},
            {"id": "b", "title": "B", "text": "Der Zoo ist wieder offen.", "language": "de", "outlet": "Y"})
    cluster = GoldCluster("toy", "de", {}, rows, {"pairs": []})
    written = []
    real = eg.write_atomic
    monkeypatch.setattr(eg, "write_atomic", lambda path, data: written.append(path) or real(path, data))
    first = eg._prepare_cached(cluster, cfg, tmp_path)
    assert len(written) == 1 and written[0].exists() and list(tmp_path.iterdir()) == [written[0]]
    again = eg._prepare_cached(cluster, cfg, tmp_path)
    assert len(written) == 1  # read back, not prepared again
    assert [s.text for s in again.sentences] == [s.text for s in first.sentences]
    # a changed segmenter (or any stage the cache keeps) prepares again: the key holds their source
    monkeypatch.setattr(eg, "_prepare_code", lambda: "another segmenter")
    eg._prepare_cached(cluster, cfg, tmp_path)
    assert len(written) == 2 and written[1] != written[0]


def test_the_preparation_cache_is_keyed_by_the_code_its_candidates_read(monkeypatch):
    # candidates pair sentences sharing an entity, number or predicate of their claims: a claims change must
    # prepare again, not reuse candidates found with the old claims
    import factcheck.evaluate_gold as eg
    import factcheck.result_cache as rc

    seen: list[str] = []
    monkeypatch.setattr(rc, "code_version", lambda *patterns: seen.extend(patterns) or "x")
    eg._prepare_code()
    assert {"claims/*.py", "classify/candidates.py", "segment.py"} <= set(seen)
