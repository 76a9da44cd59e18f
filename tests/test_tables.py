from __future__ import annotations

import json

import networkx as nx
import pandas as pd
import pytest

from factcheck import analyze, load_config
from factcheck.cli import main
from factcheck.errors import ConfigError
from factcheck.tables import TABLES, to_frames, write_tables
from tests.conftest import SEEDS


@pytest.fixture(scope="module")
def fake_analysis():
    return analyze([SEEDS], load_config(overrides={"embedder": {"name": "fake.v1"}}))


def test_frames_cover_every_record_type(fake_analysis):
    frames = fake_analysis.to_frames()
    assert tuple(frames) == TABLES
    assert len(frames["articles"]) == 2
    assert len(frames["sentences"]) == len(fake_analysis.sentences)
    assert len(frames["claims"]) == len(fake_analysis.claims)
    assert len(frames["facts"]) == len(fake_analysis.facts)
    assert set(frames["sentences"]["outlet"]) == {"Handelsblatt", "taz"}


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_tables_round_trip(tmp_path, fake_analysis, fmt):
    written = write_tables(fake_analysis, tmp_path, fmt)
    assert sorted(p.name for p in written) == sorted(f"{t}.{fmt}" for t in TABLES)
    frames = to_frames(fake_analysis)
    for name in TABLES:
        path = tmp_path / "tables" / f"{name}.{fmt}"
        back = pd.read_parquet(path) if fmt == "parquet" else pd.read_csv(path, keep_default_na=False)
        assert len(back) == len(frames[name])
        if fmt == "parquet":
            pd.testing.assert_frame_equal(back, frames[name])
    sentences = pd.read_parquet(tmp_path / "tables" / "sentences.parquet") if fmt == "parquet" else None
    if sentences is not None:
        assert sentences["text"].tolist() == [s.text for s in fake_analysis.sentences]


def test_nested_fields_are_json_text(fake_analysis):
    claims = fake_analysis.to_frames()["claims"]
    assert isinstance(json.loads(claims["entities"].iloc[0]), list)


def test_unknown_table_format(tmp_path, fake_analysis):
    with pytest.raises(ConfigError, match="xlsx"):
        write_tables(fake_analysis, tmp_path, "xlsx")


def test_cli_writes_tables_and_a_graphml_that_networkx_reads(tmp_path, capsys):
    out = tmp_path / "rep"
    code = main(["report", str(SEEDS), "-o", str(out), "--embedder", "fake.v1", "--tables", "parquet", "-f", "graphml"])
    assert code == 0
    assert (out / "tables" / "claims.parquet").exists()
    g = nx.read_graphml(out / "graph.graphml")
    types = {d["type"] for _, d in g.nodes(data=True)}
    assert {"claim", "speaker", "entity"} <= types
    assert g.number_of_nodes() >= 38


def test_tables_import_nothing_from_the_pipeline():
    import ast
    from pathlib import Path

    import factcheck.tables

    tree = ast.parse(Path(factcheck.tables.__file__).read_text(encoding="utf-8"))
    imported = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert "pipeline" not in imported and "factcheck.pipeline" not in imported
