"""pandas tables of an analysis, and their CSV / Parquet export.

This module reads only the record tuples of an analysis (:class:`Tabular`), so it imports nothing
from :mod:`factcheck.pipeline`: the pipeline depends on the tables, never the other way round.
"""

from __future__ import annotations

import dataclasses
import io
import json
from pathlib import Path
from collections.abc import Sequence
from typing import Any, Protocol

import pandas as pd

from .atomic import write_atomic_many
from .errors import ConfigError
from .records import AlignedPair, Article, Claim, Fact, Finding, Sentence


class Tabular(Protocol):
    """What the tables read of an analysis (:class:`factcheck.pipeline.Analysis` has all of it)."""

    @property
    def articles(self) -> Sequence[Article]: ...
    @property
    def sentences(self) -> Sequence[Sentence]: ...
    @property
    def claims(self) -> Sequence[Claim]: ...
    @property
    def pairs(self) -> Sequence[AlignedPair]: ...
    @property
    def findings(self) -> Sequence[Finding]: ...
    @property
    def facts(self) -> Sequence[Fact]: ...

TABLES = ("articles", "sentences", "claims", "pairs", "findings", "facts")
TABLE_FORMATS = ("csv", "parquet")


def _flat(record: dict[str, Any]) -> dict[str, Any]:
    """Nested values (lists, dicts) as JSON text, so every column is a scalar."""
    return {
        k: json.dumps(v, ensure_ascii=False) if isinstance(v, (list, dict)) else v for k, v in record.items()
    }


def to_frames(analysis: Tabular) -> dict[str, pd.DataFrame]:
    """One DataFrame per record type; nested fields are JSON strings."""
    outlets = {a.id: a.outlet for a in analysis.articles}
    articles = [
        _flat({k: v for k, v in a.to_dict().items() if k not in ("text", "removed")} | {"removed_lines": len(a.removed)})
        for a in analysis.articles
    ]
    sentences = [_flat(s.to_dict() | {"outlet": outlets[s.article_id]}) for s in analysis.sentences]
    frames = {
        "articles": articles,
        "sentences": sentences,
        "claims": [_flat(c.to_dict()) for c in analysis.claims],
        "pairs": [_flat(p.to_dict()) for p in analysis.pairs],
        "findings": [_flat(f.to_dict()) for f in analysis.findings],
        "facts": [_flat(f.to_dict() | {"n_outlets": len(f.outlets)}) for f in analysis.facts],
    }
    # columns come from the records, so an empty table still has its header
    columns = {
        "articles": [n for n in _names(Article) if n not in ("text", "removed")] + ["removed_lines"],
        "sentences": _names(Sentence) + ["outlet"],
        "claims": _names(Claim),
        "pairs": _names(AlignedPair),
        "findings": _names(Finding),
        "facts": _names(Fact) + ["n_outlets"],
    }
    return {name: pd.DataFrame(rows, columns=columns[name]) for name, rows in frames.items()}


def _names(record: type) -> list[str]:
    return [f.name for f in dataclasses.fields(record)]


def write_tables(analysis: Tabular, out_dir: str | Path, fmt: str) -> list[Path]:
    """Write every table as ``<out_dir>/tables/<name>.<fmt>`` (atomically, as one set)."""
    return write_atomic_many(render_tables(analysis, out_dir, fmt))


def render_tables(analysis: Tabular, out_dir: str | Path, fmt: str) -> dict[Path, str | bytes]:
    """Every table as CSV text or Parquet bytes, by the path it belongs at (nothing written yet)."""
    if fmt not in TABLE_FORMATS:
        raise ConfigError(f"unknown table format {fmt!r}; known: {', '.join(TABLE_FORMATS)}")
    files: dict[Path, str | bytes] = {}
    for name, frame in to_frames(analysis).items():
        path = Path(out_dir) / "tables" / f"{name}.{fmt}"
        if fmt == "csv":
            data: str | bytes = frame.to_csv(index=False)
        else:
            buf = io.BytesIO()
            frame.to_parquet(buf, index=False)
            data = buf.getvalue()
        files[path] = data
    return files
