"""Shared fixtures. Tests never touch the network: the Hub is switched off here."""

from __future__ import annotations

import os
from pathlib import Path

os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"

import pytest

from factcheck.config import default_config

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds" / "iraq-2014"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def cfg():
    return default_config()


@pytest.fixture(scope="session")
def seed_analysis():
    """The seed corpus through the whole pipeline with the real model (loaded once per session)."""
    from factcheck import analyze

    return analyze([SEEDS])


@pytest.fixture(scope="session")
def seed_report(seed_analysis):
    from factcheck.report import build_report

    return build_report(seed_analysis)
