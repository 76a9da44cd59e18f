"""Report writers, registered by name (the names ``report.formats`` in config uses)."""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import networkx as nx

from ..atomic import write_atomic
from ..errors import ConfigError
from ..pipeline import Analysis
from .data import SCHEMA, build_report
from .html import render_html
from .markdown import render_markdown
from .split import event_page, event_report


def _render_json(report: dict[str, Any]) -> str:
    return json.dumps(report, ensure_ascii=False, indent=2) + "\n"


def _render_graphml(report: dict[str, Any]) -> str:
    """The claim graph for Gephi or yEd (attributes are scalars by construction)."""
    graph = nx.node_link_graph(report["graph"], edges="links")
    buf = io.BytesIO()
    nx.write_graphml(graph, buf, encoding="utf-8")
    return buf.getvalue().decode("utf-8")


# format name -> (file name, renderer from report data to text)
WRITERS: dict[str, tuple[str, Callable[[dict[str, Any]], str]]] = {
    "json": ("report.json", _render_json),
    "md": ("report.md", render_markdown),
    "html": ("report.html", render_html),
    "graphml": ("graph.graphml", _render_graphml),
}


def write_reports(analysis: Analysis, out_dir: str | Path, formats: Sequence[str]) -> list[Path]:
    """Render the analysis in each format and write the files atomically; returns their paths."""
    unknown = [f for f in formats if f not in WRITERS]
    if unknown:
        raise ConfigError(f"unknown report format(s) {', '.join(unknown)}; known: {', '.join(WRITERS)}")
    report = build_report(analysis)
    written = []
    for fmt in formats:
        name, render = WRITERS[fmt]
        written.append(write_atomic(Path(out_dir) / name, render(report)))
    smallest = analysis.config.report.event_pages_min_articles
    if "html" in formats and smallest > 0 and len(report["events"]) > 1:
        for event in report["events"]:
            if len(event["articles"]) >= smallest:
                page = render_html(event_report(report, event))
                written.append(write_atomic(Path(out_dir) / event_page(event["id"]), page))
    return written


__all__ = ["SCHEMA", "WRITERS", "build_report", "render_markdown", "write_reports"]
