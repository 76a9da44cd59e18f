"""Report writers, registered by name (the names ``report.formats`` in config uses)."""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import networkx as nx

from ..atomic import write_atomic_many
from ..errors import ConfigError
from ..pipeline import Analysis
from .data import SCHEMA, build_report
from .html import page_assets, render_html
from .markdown import render_markdown
from .split import EVENT_ASSETS, EVENT_PAGES, event_page, event_report


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


def render_reports(analysis: Analysis, out_dir: str | Path, formats: Sequence[str]) -> dict[Path, str]:
    """The report in each format (and the per-event HTML pages), by the path it belongs at; nothing written yet."""
    unknown = [f for f in formats if f not in WRITERS]
    if unknown:
        raise ConfigError(f"unknown report format(s) {', '.join(unknown)}; known: {', '.join(WRITERS)}")
    report = build_report(analysis)
    files = {Path(out_dir) / WRITERS[fmt][0]: WRITERS[fmt][1](report) for fmt in formats}
    smallest = analysis.config.report.event_pages_min_articles
    if "html" in formats and smallest > 0 and len(report["events"]) > 1:
        pages = {Path(out_dir) / event_page(event["id"]): render_html(event_report(report, event), EVENT_ASSETS)
                 for event in report["events"] if len(event["articles"]) >= smallest}
        if pages:  # the pages share one copy of the styles, scripts and graph library
            files.update(pages)
            files.update({Path(out_dir) / EVENT_PAGES / EVENT_ASSETS / name: text
                          for name, text in page_assets().items()})
    return files


def write_reports(analysis: Analysis, out_dir: str | Path, formats: Sequence[str]) -> list[Path]:
    """Render the analysis in each format and write the files atomically, as one set; returns their paths."""
    # everything rendered first, then written as one set: an interrupt leaves the old set or the new one
    return write_atomic_many(render_reports(analysis, out_dir, formats))


__all__ = ["SCHEMA", "WRITERS", "build_report", "render_markdown", "render_reports", "write_reports"]
