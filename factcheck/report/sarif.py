"""SARIF 2.1.0 for code-scanning tools (GitHub code scanning, IDE viewers).

One rule per finding code, its help text the code's section of docs/findings.md; one result per
divergence at or above the gate's thresholds, located at each side's first sentence (file, line,
column), the other sentences of the sides as related locations. ``partialFingerprints`` carry the
content fingerprint, so a dismissal in code scanning survives text moving in the file; decided
divergences carry a SARIF suppression with the baseline's reviewer and note, and every result a
``baselineState`` (new / unchanged).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from .. import __version__
from ..check import CheckResult, GateItem
from ..codes import CODES
from .gate import short, side_label
from .locations import SourceLocation
from .quoting import quoted

SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
FINDINGS_DOC = Path(__file__).resolve().parents[2] / "docs" / "findings.md"
FINGERPRINT_KEY = "factcheckDivergence/v1"
_LEVEL = {"high": "error", "medium": "warning", "low": "note", "info": "note"}
_SECTION = re.compile(r"^## (FC\d{3}) · .*$", re.MULTILINE)

__all__ = ["render_sarif", "rule_help", "FINGERPRINT_KEY"]


@lru_cache(maxsize=1)
def rule_help() -> dict[str, str]:
    """code -> its section of docs/findings.md (Markdown, without the heading)."""
    try:
        text = FINDINGS_DOC.read_text(encoding="utf-8")
    except OSError:
        return {}
    marks = list(_SECTION.finditer(text))
    out = {}
    for m, nxt in zip(marks, [*marks[1:], None]):
        out[m[1]] = text[m.end(): nxt.start() if nxt else len(text)].strip()
    return out


def _rule(code: str) -> dict[str, Any]:
    c = CODES[code]
    help_md = rule_help().get(code) or c.summary
    return {
        "id": code,
        "name": "".join(w.capitalize() for w in c.kind.split("_")),
        "shortDescription": {"text": c.summary},
        "fullDescription": {"text": c.summary},
        "help": {"text": help_md, "markdown": help_md},
        "defaultConfiguration": {"level": _LEVEL[c.severity]},
        "properties": {"kind": c.kind, "severity": c.severity, "tags": ["news", "divergence", c.kind]},
    }


def _physical(loc: SourceLocation) -> dict[str, Any]:
    artifact: dict[str, Any] = {"uri": loc.uri}
    if loc.relative:
        artifact["uriBaseId"] = "%SRCROOT%"
    out: dict[str, Any] = {"artifactLocation": artifact}
    if loc.line:
        region: dict[str, Any] = {"startLine": loc.line}
        if loc.column:
            region["startColumn"] = loc.column
        if loc.end_line:
            region["endLine"] = loc.end_line
            region["endColumn"] = loc.end_column
        out["region"] = region
    return out


def _result(item: GateItem, rule_index: int, locations: Mapping[str, SourceLocation]) -> dict[str, Any]:
    d = item.divergence
    a, b = d.sides
    message = (f"{d.kind.replace('_', ' ')}: {side_label(a)} {quoted(short(a.text, 300))} vs "
               f"{side_label(b)} {quoted(short(b.text, 300))}. {d.explanation}")
    primary, related = [], []
    for n, side in enumerate(d.sides):
        located = [locations[s] for s in side.sentences if s in locations]
        if located:
            primary.append({"physicalLocation": _physical(located[0]),
                            "message": {"text": f"side {'ab'[n]}: {side_label(side)}"}})
            related += [{"id": len(related) + 1, "physicalLocation": _physical(x),
                         "message": {"text": f"side {'ab'[n]}: {side_label(side)}"}} for x in located[1:]]
    result: dict[str, Any] = {
        "ruleId": d.code,
        "ruleIndex": rule_index,
        "level": _LEVEL.get(d.severity, "warning"),
        "message": {"text": message},
        "locations": primary,
        "partialFingerprints": {FINGERPRINT_KEY: d.fingerprint},
        "baselineState": "new" if item.status == "new" else "unchanged",
        "rank": round(100.0 * d.confidence, 1),
        "properties": {"id": d.id, "kind": d.kind, "severity": d.severity, "confidence": d.confidence,
                       "status": item.status, "gated": item.gated, "reasons": list(d.reasons),
                       "outlets": [list(a.outlets), list(b.outlets)]},
    }
    if related:
        result["relatedLocations"] = related
    entry = item.entry
    if entry is not None and item.match and item.match.known and entry.reviewed:
        result["suppressions"] = [{
            "kind": "external",
            "status": "accepted",
            "justification": f"{entry.decision} by {entry.reviewer}" + (f": {entry.note}" if entry.note else ""),
            "properties": {"decision": entry.decision, "reviewer": entry.reviewer, "time": entry.time},
        }]
    return result


def render_sarif(result: CheckResult, locations: Mapping[str, SourceLocation]) -> dict[str, Any]:
    """The SARIF log (a JSON-ready dict) for the divergences at or above the gate's thresholds."""
    items = [i for i in result.items if i.gated]
    codes = sorted({i.divergence.code for i in items} | set(CODES) - {"FC100"})
    index = {c: n for n, c in enumerate(codes)}
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "factcheck",
                "version": __version__,
                "rules": [_rule(c) for c in codes],
            }},
            "columnKind": "unicodeCodePoints",
            "originalUriBaseIds": {"%SRCROOT%": {"description": {"text": "the directory factcheck check ran in"}}},
            "results": [_result(i, index[i.divergence.code], locations) for i in items],
            "properties": {"failed": result.failed, "counts": result.counts(), "gate": result.gate.to_dict()},
        }],
    }
