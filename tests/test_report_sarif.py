"""SARIF writer: schema-valid for every status, rule help from docs/findings.md, fingerprints, locations."""

from __future__ import annotations

import json

import jsonschema

from factcheck import baseline as bl
from factcheck.check import Gate, check
from factcheck.codes import CODES
from factcheck.report.locations import SourceLocation
from factcheck.report.sarif import FINGERPRINT_KEY, render_sarif, rule_help

from .conftest import ROOT
from .test_baseline import TEXTS, divergence

SCHEMA = json.loads((ROOT / "tests" / "schemas" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))


def test_every_code_has_its_help_from_the_findings_doc():
    docs = (ROOT / "docs" / "findings.md").read_text(encoding="utf-8")
    help_ = rule_help()
    assert set(help_) == set(CODES)
    for code, text in help_.items():
        assert text and text in docs and "\n## " not in text, code


def test_new_decided_and_grown_results_validate_and_carry_state():
    new = divergence(["d:s0"], ["e:s0"], "contradict")
    decided = divergence(["a:s0"], ["b:s0"])
    grown = divergence(["a:s0", "c:s0"], ["b:s0"])
    decisions = {decided.fingerprint: bl.entry_for(decided, TEXTS, "dismissed", "ed", "one count is older")}
    result = check([new, decided, grown], TEXTS, decisions, Gate())
    locations = {"a:s0": SourceLocation("x/a.txt", 3, 5, 3, 40), "c:s0": SourceLocation("x/c.txt", 1, 1, 2, 9),
                 "b:s0": SourceLocation("file:///elsewhere/b.txt", 0, 0, relative=False)}
    sarif = render_sarif(result, locations)
    jsonschema.Draft4Validator(SCHEMA).validate(sarif)
    results = {r["partialFingerprints"][FINGERPRINT_KEY]: r for r in sarif["runs"][0]["results"]}
    assert set(results) == {new.fingerprint, decided.fingerprint, grown.fingerprint}
    assert results[new.fingerprint]["locations"] == [] and results[new.fingerprint]["baselineState"] == "new"
    dismissed = results[decided.fingerprint]
    assert dismissed["baselineState"] == "unchanged"
    assert dismissed["suppressions"][0]["justification"] == "dismissed by ed: one count is older"
    a, b = (loc["physicalLocation"] for loc in dismissed["locations"])
    assert a == {"artifactLocation": {"uri": "x/a.txt", "uriBaseId": "%SRCROOT%"},
                 "region": {"startLine": 3, "startColumn": 5, "endLine": 3, "endColumn": 40}}
    assert b == {"artifactLocation": {"uri": "file:///elsewhere/b.txt"}}  # found the file, not the line
    wider = results[grown.fingerprint]
    assert "suppressions" not in wider and wider["properties"]["status"] == "new"
    assert [r["physicalLocation"]["artifactLocation"]["uri"] for r in wider["relatedLocations"]] == ["x/c.txt"]
    rules = sarif["runs"][0]["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == sorted(r["id"] for r in rules)
    assert all(r["ruleIndex"] == [x["id"] for x in rules].index(r["ruleId"]) for r in sarif["runs"][0]["results"])
    # below the thresholds: left out
    assert render_sarif(check([new], TEXTS, {}, Gate(min_severity="high", fail_on=("update",))), {})[
        "runs"][0]["results"] == []
