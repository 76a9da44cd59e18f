"""One report per event, cut from the corpus report: small pages that open fast.

A corpus of hundreds of articles makes one report of tens of megabytes. ``event_report`` keeps
what belongs to one event: its articles and sentences, the pairs, claims and findings between
them, divergences and facts that touch them, the timeline statements from them, and the part of
the claim graph around their claims. The summary counts are those of the event.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

EVENT_PAGES = "events"  # folder of the per-event pages, next to report.html
EVENT_ASSETS = "assets"  # folder of the styles and scripts the event pages share, next to them


def event_page(event_id: str) -> str:
    """Path of an event's page relative to report.html."""
    return f"{EVENT_PAGES}/{event_id}.html"


def event_report(report: dict[str, Any], event: dict[str, Any]) -> dict[str, Any]:
    """The report restricted to ``event`` (one of ``report["events"]``)."""
    members = set(event["articles"])
    articles = [a for a in report["articles"] if a["id"] in members]
    sentences = {s["id"] for a in articles for s in a["sentences"]}
    pairs = [p for p in report["pairs"] if p["a"] in sentences]
    findings = [f for f in report["findings"] if f["a"] in sentences]
    divergences = [d for d in report.get("divergences", [])
                   if any(set(side["articles"]) & members for side in d["sides"])]
    facts = [f for f in report.get("facts", []) if set(f["articles"]) & members]
    timeline = []
    for t in report.get("timeline", []):
        statements = [s for s in t["statements"] if s["article"] in members]
        if statements:
            timeline.append({**t, "statements": statements})
    out = {k: v for k, v in report.items()}
    out.update(
        part_of={"events": len(report["events"]), "index": "../report.html"},  # this page is one event of these
        events=[event], articles=articles, pairs=pairs, findings=findings,
        claims=[c for c in report["claims"] if c["sentence_id"] in sentences],
        summary=_summary(report["summary"], articles, pairs, findings, divergences, facts),
        graph=_subgraph(report["graph"], sentences),
        # inputs left out belong to the corpus (listed on the index page), not to one event; of the
        # limits' cuts only those inside this event or its articles
        skipped=[],
        cuts=[c for c in report.get("cuts") or [] if c.get("where") == f"event {event['id']}"
              or c.get("where") in members],
    )
    for key, value in (("divergences", divergences), ("facts", facts), ("timeline", timeline)):
        if key in report:
            out[key] = value
    return out


def _summary(whole: dict[str, Any], articles, pairs, findings, divergences, facts) -> dict[str, Any]:
    summary = dict(whole)
    summary.update(
        articles=len(articles), events=1,
        outlets=sorted({a["outlet"] for a in articles if a.get("outlet")}),
        sentences=sum(len(a["sentences"]) for a in articles),
        pairs=len(pairs), pairs_cross=sum(p["scope"] == "cross" for p in pairs),
        pairs_intra=sum(p["scope"] == "intra" for p in pairs),
        findings=len(findings), findings_by_kind=dict(sorted(Counter(f["kind"] for f in findings).items())),
        divergences=len(divergences),
        divergences_by_kind=dict(sorted(Counter(d["kind"] for d in divergences).items())),
        removed=sum(len(a.get("removed", [])) for a in articles),
        facts=len(facts), facts_multi_source=sum(not f["single_source"] for f in facts),
    )
    summary.pop("candidates", None)  # counted for the corpus only
    return summary


def _subgraph(graph: dict[str, Any], sentences: set[str]) -> dict[str, Any]:
    """The event's claim nodes and every node and link that touches them."""
    links = [e for e in graph["links"] if e["source"] in sentences or e["target"] in sentences]
    keep = sentences | {e["source"] for e in links} | {e["target"] for e in links}
    return {**graph, "nodes": [n for n in graph["nodes"] if n["id"] in keep], "links": links}
