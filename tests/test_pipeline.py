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
