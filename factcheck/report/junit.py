"""JUnit XML for CI test views (GitLab merge requests, Jenkins, GitHub test reporters).

One test case per divergence: failed when it fails the gate (new or undecided), passed when a
reviewer decided it (the decision in ``system-out``), skipped when below the thresholds.
"""

from __future__ import annotations

from collections.abc import Mapping
from xml.etree import ElementTree as ET

from ..check import CheckResult
from .gate import short, side_label
from .locations import SourceLocation, display_path

__all__ = ["render_junit"]


def render_junit(result: CheckResult, locations: Mapping[str, SourceLocation] | None = None,
                 timestamp: str = "") -> str:
    """The JUnit XML document as text."""
    locations = locations or {}
    c = result.counts()
    suites = ET.Element("testsuites", name="factcheck", tests=str(len(result.items)),
                        failures=str(c["failing"]), errors="0", skipped=str(c["below_threshold"]),
                        time=f"{result.seconds:.3f}")
    suite = ET.SubElement(suites, "testsuite", name="factcheck check", tests=str(len(result.items)),
                          failures=str(c["failing"]), errors="0", skipped=str(c["below_threshold"]),
                          time=f"{result.seconds:.3f}")
    if timestamp:
        suite.set("timestamp", timestamp)
    for item in result.items:
        d = item.divergence
        a, b = d.sides
        case = ET.SubElement(suite, "testcase", classname=f"factcheck.{d.kind}.{d.code}",
                             name=f"{d.id} {side_label(a)} vs {side_label(b)}: {short(a.text, 80)}", time="0")
        first = next((locations[s] for s in a.sentences if s in locations), None)
        if first is not None:
            case.set("file", display_path(first))
            if first.line:
                case.set("line", str(first.line))
        detail = (f"{d.kind} {d.code} ({d.severity}, confidence {d.confidence:.2f}), fingerprint {d.fingerprint}\n"
                  f"side a, {side_label(a)}: {a.text}\nside b, {side_label(b)}: {b.text}\n{d.explanation}")
        if item.fails:
            failure = ET.SubElement(case, "failure", type=d.code,
                                    message=f"{item.status} divergence: {d.kind} {d.code}")
            failure.text = detail
        elif not item.gated:
            ET.SubElement(case, "skipped", message="below the gate's thresholds")
        else:
            entry = item.entry
            out = ET.SubElement(case, "system-out")
            out.text = (f"{item.status} by {entry.reviewer if entry else '?'}"
                        f"{': ' + entry.note if entry and entry.note else ''}\n{detail}")
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"
