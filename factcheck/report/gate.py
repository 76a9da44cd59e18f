"""The check's verdict for people: a compact text summary (stdout), Markdown (merge-request
comments, CI step summaries; kept under a character limit) and JSON."""

from __future__ import annotations

import json
from collections.abc import Mapping

from ..check import CheckResult, GateItem
from ..records import DivergenceSide
from .locations import SourceLocation, display_path

SENTENCE_CHARS = 160  # of each side's first sentence in the one-line summary

__all__ = ["render_text", "render_markdown_summary", "render_json", "side_label", "short"]


def short(text: str, limit: int = SENTENCE_CHARS) -> str:
    """``text`` on one line, cut to ``limit`` characters with an ellipsis."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def side_label(side: DivergenceSide) -> str:
    """Outlets and first publication date of one side: ``taz, AFP (2014-06-16)``."""
    outlets = ", ".join(side.outlets) or "unknown outlet"
    return f"{outlets} ({side.first_published})" if side.first_published else outlets


def _where(item: GateItem, locations: Mapping[str, SourceLocation]) -> str:
    for sid in item.divergence.sides[0].sentences:
        loc = locations.get(sid)
        if loc:
            return f"{display_path(loc)}:{loc.line}" if loc.line else display_path(loc)
    return ""


def _status(item: GateItem) -> str:
    if item.status == "new" and item.match is not None and item.match.how == "wider":
        return f"new (grew out of {item.match.entry.fingerprint[:10]}, {item.match.entry.decision})"
    return item.status


def summary_line(result: CheckResult) -> str:
    """One closing line: verdict and counts."""
    c = result.counts()
    verdict = "FAILED" if result.failed else "passed"
    parts = [f"{c['failing']} failing ({c['new']} new, {c['undecided']} undecided)",
             f"{c['confirmed'] + c['dismissed'] + c['accepted']} decided "
             f"({c['confirmed']} confirmed, {c['dismissed']} dismissed, {c['accepted']} accepted)",
             f"{c['below_threshold']} below the thresholds"]
    if result.baseline_entries:
        parts.append(f"baseline: {result.baseline_entries} entries, {c['stale']} no longer produced")
    else:
        parts.append("no baseline")
    return f"factcheck check {verdict}: {c['divergences']} divergences, " + "; ".join(parts) + \
        f" ({result.articles} articles, {result.seconds:.1f} s)"


def render_text(result: CheckResult, locations: Mapping[str, SourceLocation] | None = None) -> str:
    """One line per failing divergence (both sides' first sentence, outlets, code), then the verdict."""
    locations = locations or {}
    lines = []
    for item in result.failing:
        d = item.divergence
        a, b = d.sides
        where = _where(item, locations)
        lines.append(
            f"{_status(item)}: {d.id} {d.code} {d.kind} "
            f"({d.severity}, {d.confidence:.2f}){' ' + where if where else ''}: "
            f"{side_label(a)}: {short(a.text)} <> {side_label(b)}: {short(b.text)}"
        )
    lines.append(summary_line(result))
    return "\n".join(lines) + "\n"


def render_json(result: CheckResult) -> str:
    return json.dumps(result.to_dict(), ensure_ascii=False, indent=2) + "\n"


def _quote_side(side: DivergenceSide, limit: int) -> str:
    return f"> **{side_label(side)}**: {short(side.text, limit)}"


def _item_md(number: int, item: GateItem, limit: int) -> str:
    d = item.divergence
    head = f"{number}. **{d.kind.replace('_', ' ')}** · `{d.code}` · {d.severity} · confidence {d.confidence:.2f} · " \
           f"`{d.id}` · {_status(item)}"
    body = [_quote_side(d.sides[0], limit), ">", _quote_side(d.sides[1], limit)]
    return "\n".join([head, "", *("   " + x for x in body), "", "   " + short(d.explanation, 400), ""])


def render_markdown_summary(result: CheckResult, max_chars: int = 65000) -> str:
    """Markdown for merge-request comments and ``$GITHUB_STEP_SUMMARY``; never longer than ``max_chars``."""
    c = result.counts()
    verdict = "❌ failed" if result.failed else "✅ passed"
    head = [
        f"## factcheck check {verdict}",
        "",
        "| failing | new | undecided | confirmed | dismissed | accepted | below thresholds | stale baseline entries |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|",
        f"| {c['failing']} | {c['new']} | {c['undecided']} | {c['confirmed']} | {c['dismissed']} | {c['accepted']} "
        f"| {c['below_threshold']} | {c['stale']} |",
        "",
        f"Gate: kinds {', '.join(result.gate.fail_on)}; severity ≥ {result.gate.min_severity}; "
        f"confidence ≥ {result.gate.min_confidence:g}. {result.articles} articles, {result.seconds:.1f} s.",
        "",
    ]
    sections: list[tuple[str, list[str]]] = []
    failing = result.failing
    if failing:
        sections.append(("### New divergences (nobody has decided them)",
                         [_item_md(n, i, 300) for n, i in enumerate(failing, 1)]))
    decided = [i for i in result.items if i.entry is not None and i.match and i.match.known and i.status != "undecided"]
    if decided:
        sections.append(("### Decided in the baseline", [
            f"- `{i.divergence.id}` {i.divergence.kind.replace('_', ' ')} `{i.divergence.code}`: **{i.status}** by "
            f"{i.entry.reviewer or '?'}{': ' + short(i.entry.note, 200) if i.entry.note else ''}"
            for i in decided]))
    if result.stale:
        sections.append(("### Baseline entries no longer produced (`factcheck baseline prune` removes them)", [
            f"- `{e.fingerprint[:10]}` {e.kind.replace('_', ' ')} ({e.decision}): {short(e.sides[0].text, 100)}"
            for e in result.stale]))
    out = "\n".join(head)
    budget = max_chars - 200  # room for the "not shown" line
    for title, entries in sections:
        block = "\n" + title + "\n\n"
        if len(out) + len(block) > budget:
            break
        out += block
        for n, entry in enumerate(entries):
            if len(out) + len(entry) + 1 > budget:
                out += f"\n… {len(entries) - n} more not shown (the JSON, SARIF and JUnit outputs list all).\n"
                break
            out += entry + "\n"
    return out[:max_chars]
