"""The report as plain data: the ``factcheck.report/1`` JSON contract.

Later versions may add keys; they never remove or rename one.
"""

from __future__ import annotations

import math
from collections import Counter
from typing import Any

import networkx as nx

from .. import __version__
from ..pipeline import Analysis

SCHEMA = "factcheck.report/1"


def build_report(analysis: Analysis) -> dict[str, Any]:
    """The whole report as JSON-ready data."""
    by_article: dict[str, list] = {a.id: [] for a in analysis.articles}
    for s in analysis.sentences:
        by_article[s.article_id].append({"id": s.id, "text": s.text, "start": s.start, "end": s.end})
    kinds = Counter(f.kind for f in analysis.findings)
    config = analysis.config.to_dict()
    config["embedder"]["model_id"] = analysis.embedder
    if analysis.nli:
        config["nli"]["loaded"] = analysis.nli
    return {
        "schema": SCHEMA,
        "generator": {"name": "factcheck", "version": __version__},
        "config": config,
        "summary": {
            "articles": len(analysis.articles),
            "events": len(analysis.events),
            "outlets": sorted({a.outlet for a in analysis.articles if a.outlet}),
            "sentences": len(analysis.sentences),
            "pairs": len(analysis.pairs),
            "pairs_cross": sum(p.scope == "cross" for p in analysis.pairs),
            "pairs_intra": sum(p.scope == "intra" for p in analysis.pairs),
            "findings": len(analysis.findings),
            "findings_by_kind": dict(sorted(kinds.items())),
            "candidates": len(analysis.candidates),
            "divergences": len(analysis.divergences),
            "divergences_by_kind": dict(sorted(Counter(d.kind for d in analysis.divergences).items())),
            "removed": sum(len(a.removed) for a in analysis.articles),
            "facts": len(analysis.facts),
            "facts_multi_source": sum(not f.single_source for f in analysis.facts),
            "position_changes": len(analysis.position_changes),
            "skipped": len(analysis.skipped),
            "cuts": len(analysis.cuts),
        },
        "events": [e.to_dict() for e in analysis.events],
        # inputs left out and what a limit cut: never silently
        "skipped": [k.to_dict() for k in analysis.skipped],  # path, line, reason, copy_of
        "cuts": [c.to_dict() for c in analysis.cuts],
        "articles": [
            {
                "id": a.id,
                "outlet": a.outlet,
                "title": a.title,
                "published": a.published,
                "language": a.language,
                "url": a.url,
                "source": a.source,
                "sentences": by_article[a.id],
                "removed": [r.to_dict() for r in a.removed],
            }
            for a in analysis.articles
        ],
        "pairs": [p.to_dict() for p in analysis.pairs],
        "claims": [c.to_dict() for c in analysis.claims],
        "findings": [f.to_dict() for f in analysis.findings],
        "divergences": [d.to_dict() for d in analysis.divergences],
        "judge": {"model": analysis.judge},
        "facts": [f.to_dict() for f in analysis.facts],
        "timeline": [t.to_dict() for t in analysis.timelines],
        "graph": nx.node_link_data(analysis.graph, edges="links"),
    }


def models_line(report: dict[str, Any]) -> str:
    """Which models produced the report, one line: the embedder and the NLI model with its checksum."""
    config = report.get("config") or {}
    emb = config.get("embedder") or {}
    embedder, model_id = emb.get("name") or "?", emb.get("model_id") or ""
    if model_id and model_id != embedder:
        embedder += f" ({model_id})"
    loaded = (config.get("nli") or {}).get("loaded") or {}
    if loaded:
        nli = f"NLI model {loaded.get('name', '?')} (sha256 {str(loaded.get('sha256', ''))[:16]}…)"
    else:
        nli = "no NLI model (the rules alone)"
    return f"Models: embeddings {embedder}; {nli}."


def count(n: int, noun: str) -> str:
    """ "1 divergence", "2 divergences", "12,758 sentences"."""
    return f"{n:,} {noun}" if n == 1 else f"{n:,} {noun}s"


def outlets_phrase(outlets: Any) -> str:
    """ "from 3 outlets", "from 1 outlet", or "(outlets unknown)" when no article names its outlet."""
    return f"from {count(len(outlets), 'outlet')}" if outlets else "(outlets unknown)"


def alone_note(report: dict[str, Any]) -> str:
    """What became of the articles alone in their story ("" when there are none or just one event)."""
    events = report.get("events") or []
    alone = sum(len(e["articles"]) < 2 for e in events)
    if len(events) < 2 or not alone:
        return ""
    # reports written before [events] compare_alone compared them within themselves
    within = (report.get("config") or {}).get("events", {}).get("compare_alone", True)
    verb = "shares its" if alone == 1 else "share their"
    done = "compared only with itself" if alone == 1 else "compared only with themselves"
    return (f"{count(alone, 'article')} {verb} story with no other article here and "
            f"{'was' if alone == 1 else 'were'} {done if within else 'not compared'}.")


def percent(confidence: Any) -> int:
    """A confidence in whole percent, rounded half up as the page's script rounds (report.js ``percent``)."""
    return math.floor(float(confidence or 0) * 100 + 0.5)


def side_more(divergence: dict[str, Any], side: dict[str, Any], findings: dict[str, dict[str, Any]]) -> str:
    """What a side holds besides the sentence shown: "+1 more sentence saying the same", or, where its
    sentences differ among themselves (three versions of one quotation: the earliest against the later
    ones), "+2 more versions"; "" for one sentence."""
    extra = len(side["sentences"]) - 1
    if extra <= 0:
        return ""
    inside = set(side["sentences"])
    differ = any(f["a"] in inside and f["b"] in inside
                 for f in (findings.get(e) for e in divergence.get("evidence") or []) if f)
    if differ:
        return f"+{extra} more version{'s' if extra > 1 else ''}"
    return f"+{extra} more {'sentence' if extra == 1 else 'sentences'} saying the same"
