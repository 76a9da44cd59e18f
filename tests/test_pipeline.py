"""Tests for factcheck/pipeline.py: prepare / conclude / refresh."""

from __future__ import annotations

import numpy as np
import pytest

from factcheck.ingest import ingest
from factcheck.pipeline import prepare, refresh

from tests.conftest import SEEDS


@pytest.mark.model
def test_refresh_recomputes_rules_and_signals_without_the_models(cfg):
    no_nli = cfg.model_copy(update={"nli": cfg.nli.model_copy(update={"model": ""})})
    prepared = prepare(ingest([SEEDS], no_nli.ingest), no_nli)
    again = refresh(prepared)
    assert again.signals.names == prepared.signals.names
    assert np.array_equal(again.signals.values, prepared.signals.values)
    assert again.rule_findings == prepared.rule_findings
    # what refresh must not redo is carried over as it is
    assert again.candidates is prepared.candidates and again.sentences is prepared.sentences


@pytest.mark.model
def test_refresh_recomputes_claims_from_the_current_lexicons(cfg):
    import dataclasses

    no_nli = cfg.model_copy(update={"nli": cfg.nli.model_copy(update={"model": ""})})
    prepared = prepare(ingest([SEEDS], no_nli.ingest), no_nli)
    stale = dataclasses.replace(prepared, claims=tuple(dataclasses.replace(c, polarity="stale") for c in prepared.claims))
    again = refresh(stale)
    assert again.claims == prepared.claims


@pytest.mark.model
def test_prepare_and_refresh_read_the_same_signals_on_a_figure_moving_both_ways(cfg, tmp_path):
    # the report path (prepare) once left the rise/fall gate off while the evaluation path (refresh) had it
    import json

    rows = [
        {"id": "a", "title": "Börse", "language": "de", "published": "2020-03-16",
         "text": "Der Index verliert knapp sechs Prozent auf 19.995 Punkte. Händler sprachen von Panik."},
        {"id": "b", "title": "Börse", "language": "de", "published": "2020-03-16",
         "text": "Der Index rückte um 9,3 Prozent auf 23.185 Punkte vor. Händler sprachen von Erleichterung."},
    ]
    path = tmp_path / "corpus.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    no_nli = cfg.model_copy(update={"nli": cfg.nli.model_copy(update={"model": ""})})
    prepared = prepare(ingest([path], no_nli.ingest), no_nli)
    texts = {s.id: s.text for s in prepared.sentences}
    moved = [c for c, v in zip(prepared.candidates, prepared.signals.column("directions_differ"), strict=True) if v]
    assert any("verliert" in texts[c.a] + texts[c.b] and "rückte" in texts[c.a] + texts[c.b] for c in moved)
    assert np.array_equal(refresh(prepared).signals.values, prepared.signals.values)
