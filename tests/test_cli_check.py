"""`factcheck check` and `factcheck baseline` end to end on a synthetic corpus (fake embedder, no NLI
model, a test judge that sees only conflicting numbers): exit codes, stdout, baseline files, SARIF,
JUnit, GitHub annotations and step summary."""

from __future__ import annotations

import json
import shutil

import pytest
from junitparser import Failure, JUnitXml, Skipped

from factcheck.cli import main

from .test_check import ARTICLES, NUMBERS_JUDGE, write_corpus

THIRD = {"bus-c": ("Z", "Busunglück: Zahl der Toten steigt", [
    "Die Polizei sperrte die Autobahn bei Augsburg.",
    "Nach dem Unglück wurden 12 Verletzte in die Klinik in Augsburg gebracht.",
])}
FOURTH = {"bus-d": ("W", "Kliniken überlastet", [
    "Nach dem Unglück wurden 25 Verletzte in die Klinik in Augsburg gebracht.",
    "Die Ärzte arbeiteten die ganze Nacht.",
])}


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A working directory with a config (fake embedder, no NLI, the numbers judge) and a corpus."""
    judge = tmp_path / "numbers-judge.json"
    judge.write_text(json.dumps(NUMBERS_JUDGE.to_dict()), encoding="utf-8")
    (tmp_path / "fc.toml").write_text(
        f'[embedder]\nname = "fake.v1"\n[nli]\nmodel = ""\n[judge]\nmodel = "{judge.as_posix()}"\n', encoding="utf-8")
    write_corpus(tmp_path / "corpus", dict(ARTICLES))
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    return tmp_path


def run(capsys, *args):
    """Exit code, stdout and stderr of ``factcheck ARGS -c fc.toml`` (argparse's exits included)."""
    try:
        code = main([*args, "-c", "fc.toml"])
    except SystemExit as done:
        code = done.code
    out = capsys.readouterr()
    return code, out.out, out.err


def new_lines(stdout: str) -> list[str]:
    return [line for line in stdout.splitlines() if line.startswith(("new", "undecided"))]


def test_new_divergence_fails_then_a_dismissal_passes_then_a_new_number_fails_again(project, capsys):
    code, out, _ = run(capsys, "check", "corpus")
    assert code == 1
    [line] = new_lines(out)
    assert "FC103 number_mismatch" in line and "corpus/bus-a.txt:3" in line
    assert "X (2024-05-06): Bei dem Busunglück in Bayern sind am Montag 30 Menschen" in line
    assert "<> Y (2024-05-06): Bei dem Busunglück in Bayern sind am Montag 50 Menschen" in line
    assert out.splitlines()[-1].startswith("factcheck check FAILED: 1 divergences, 1 failing (1 new")

    code, out, _ = run(capsys, "baseline", "create", "corpus")
    assert code == 0 and "1 added, 1 entries" in out
    did = json.loads((project / "factcheck-baseline.json").read_text(encoding="utf-8"))["entries"][0]["fingerprint"]
    code, out, _ = run(capsys, "check", "corpus")  # undecided entries still fail
    assert code == 1 and new_lines(out)[0].startswith(f"undecided: D{did[:10]}")

    code, out, _ = run(capsys, "baseline", "decide", f"D{did[:10]}", "--decision", "dismissed", "--reviewer", "ed",
                       "--note", "the later count replaces the earlier")
    assert code == 0 and out.startswith("dismissed:")
    code, out, _ = run(capsys, "check", "corpus")
    assert code == 0 and new_lines(out) == []
    assert "factcheck check passed" in out and "1 dismissed" in out

    write_corpus(project / "corpus", dict(ARTICLES) | THIRD | FOURTH)
    code, out, _ = run(capsys, "check", "corpus")
    assert code == 1
    [line] = new_lines(out)
    assert "12 Verletzte" in line and "25 Verletzte" in line and "Menschen" not in line


def test_only_kinds_and_thresholds_asked_for_fail(project, capsys):
    assert run(capsys, "check", "corpus", "--fail-on", "contradict,update")[0] == 0
    assert run(capsys, "check", "corpus", "--fail-on", "contradict", "--fail-on", "number_mismatch")[0] == 1
    assert run(capsys, "check", "corpus", "--min-confidence", "0.99")[0] == 0
    assert run(capsys, "check", "corpus", "--min-severity", "high")[0] == 1


@pytest.mark.parametrize(("args", "fragment"), [
    (["--fail-on", "contradiction"], "unknown divergence kind(s) 'contradiction'"),
    (["--min-severity", "severe"], "invalid choice"),
    (["--baseline", "nope.json"], "nope.json: baseline file not found"),
    (["--min-confidence", "2"], "not a probability"),
    # an output that cannot be written is refused before the analysis (it was an error after it, naming a temp file)
    (["--sarif", "corpus"], "corpus: is a folder, not a file; --sarif takes the file to write"),
    (["--junit", "fc.toml/gate.xml"], "fc.toml: is a file, not a folder"),
])
def test_usage_errors_exit_2_in_one_line(project, capsys, args, fragment):
    code, out, err = run(capsys, "check", "corpus", *args)
    assert code == 2 and fragment in err and "Traceback" not in err and err.count("\n") == 1


@pytest.mark.parametrize("content", ["{not json", '{"schema": "factcheck.baseline/1", "entries": [{"kind": 1}]}'])
def test_malformed_baseline_is_exit_2_naming_the_file(project, capsys, content):
    (project / "factcheck-baseline.json").write_text(content, encoding="utf-8")
    code, out, err = run(capsys, "check", "corpus")
    assert code == 2 and out == ""
    assert err.startswith("factcheck: error: factcheck-baseline.json: ") and err.count("\n") == 1


def test_create_refuses_to_overwrite_and_update_prune_show(project, capsys):
    assert run(capsys, "baseline", "create", "corpus")[0] == 0
    code, _, err = run(capsys, "baseline", "create", "corpus")
    assert code == 2 and "baseline exists" in err
    write_corpus(project / "corpus", dict(ARTICLES) | THIRD | FOURTH)
    code, out, _ = run(capsys, "baseline", "update", "corpus")
    assert code == 0 and "1 added, 2 entries" in out and "12 Verletzte" in out
    # an article leaves the corpus: its divergence is listed, and only removed without --dry-run
    shutil.rmtree(project / "corpus")
    write_corpus(project / "corpus", dict(ARTICLES) | THIRD)
    before = (project / "factcheck-baseline.json").read_text(encoding="utf-8")
    code, out, _ = run(capsys, "baseline", "prune", "corpus", "--dry-run")
    assert code == 0 and out.startswith("stale: D") and "25 Verletzte" in out and "nothing removed" in out
    assert (project / "factcheck-baseline.json").read_text(encoding="utf-8") == before
    code, out, _ = run(capsys, "baseline", "prune", "corpus")
    assert code == 0 and out.startswith("removed: D") and "1 entries left" in out
    code, out, _ = run(capsys, "baseline", "show")
    assert code == 0 and out.splitlines()[-1].endswith("1 entries, 1 undecided, 0 confirmed, 0 dismissed, 0 accepted")


def test_sarif_validates_and_carries_fingerprints_locations_and_rule_help(project, capsys):
    import jsonschema

    from tests.conftest import ROOT

    assert run(capsys, "check", "corpus", "--sarif", "out/fc.sarif")[0] == 1
    sarif = json.loads((project / "out" / "fc.sarif").read_text(encoding="utf-8"))
    schema = json.loads((ROOT / "tests" / "schemas" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(schema).validate(sarif)
    run_ = sarif["runs"][0]
    [result] = run_["results"]
    rules = {r["id"]: r for r in run_["tool"]["driver"]["rules"]}
    assert result["ruleId"] == "FC103" and rules["FC103"]["help"]["markdown"].startswith("Severity `high`.")
    assert "FC100" not in rules  # agreement is no divergence
    assert result["baselineState"] == "new" and "suppressions" not in result
    baseline = json.loads(json.dumps(result["partialFingerprints"]))
    assert len(baseline["factcheckDivergence/v1"]) == 40
    a, b = (loc["physicalLocation"] for loc in result["locations"])
    assert a["artifactLocation"] == {"uri": "corpus/bus-a.txt", "uriBaseId": "%SRCROOT%"}
    text = (project / "corpus" / "bus-a.txt").read_text(encoding="utf-8").split("\n")
    region = a["region"]
    assert text[region["startLine"] - 1][region["startColumn"] - 1:region["endColumn"] - 1] == \
        "Bei dem Busunglück in Bayern sind am Montag 30 Menschen ums Leben gekommen."
    assert b["artifactLocation"]["uri"] == "corpus/bus-b.txt"
    # dismissed: the result stays, suppressed with the reviewer's reason, and the same fingerprint
    run(capsys, "baseline", "create", "corpus")
    fp = baseline["factcheckDivergence/v1"]
    run(capsys, "baseline", "decide", fp[:12], "--decision", "accepted", "--reviewer", "ed", "--note", "known")
    assert run(capsys, "check", "corpus", "--sarif", "out/fc.sarif")[0] == 0
    sarif = json.loads((project / "out" / "fc.sarif").read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(schema).validate(sarif)
    [result] = sarif["runs"][0]["results"]
    assert result["partialFingerprints"]["factcheckDivergence/v1"] == fp
    assert result["baselineState"] == "unchanged"
    assert result["suppressions"][0]["justification"] == "accepted by ed: known"


def test_junit_one_case_per_divergence_failed_when_new(project, capsys):
    write_corpus(project / "corpus", dict(ARTICLES) | THIRD | FOURTH)
    assert run(capsys, "check", "corpus", "--junit", "out/junit.xml", "--fail-on", "number_mismatch")[0] == 1
    xml = JUnitXml.fromfile(str(project / "out" / "junit.xml"))
    cases = [case for suite in xml for case in suite]
    assert len(cases) == 2
    assert all(isinstance(case.result[0], Failure) for case in cases)
    assert {case.classname for case in cases} == {"factcheck.number_mismatch.FC103"}
    assert any("12 Verletzte" in case.result[0].text for case in cases)
    # decided: passed; below the thresholds: skipped
    run(capsys, "baseline", "create", "corpus")
    first = json.loads((project / "factcheck-baseline.json").read_text(encoding="utf-8"))["entries"][0]
    run(capsys, "baseline", "decide", first["fingerprint"], "--decision", "confirmed", "--reviewer", "ed")
    assert run(capsys, "check", "corpus", "--junit", "out/junit.xml", "--min-confidence", "0.999")[0] == 0
    cases = [case for suite in JUnitXml.fromfile(str(project / "out" / "junit.xml")) for case in suite]
    kinds = sorted(type(case.result[0]).__name__ if case.result else "passed" for case in cases)
    assert kinds == ["Skipped", "Skipped"] or kinds == ["Skipped", "passed"]
    assert run(capsys, "check", "corpus", "--junit", "out/junit.xml")[0] == 1
    cases = [case for suite in JUnitXml.fromfile(str(project / "out" / "junit.xml")) for case in suite]
    assert sorted("passed" if not case.result else type(case.result[0]).__name__ for case in cases) == \
        ["Failure", "passed"]
    assert not any(isinstance(r, Skipped) for case in cases for r in case.result)


def test_github_annotations_and_step_summary(project, capsys, monkeypatch):
    summary = project / "summary.md"
    summary.write_text("earlier step\n", encoding="utf-8")
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    code, out, _ = run(capsys, "check", "corpus")
    assert code == 1
    [annotation] = [line for line in out.splitlines() if line.startswith("::")]
    assert annotation.startswith("::error file=corpus/bus-a.txt,line=3,col=1,endLine=3,endColumn=76,"
                                 "title=FC103 number mismatch (new%2C D")
    assert "%0Avs Y (2024-05-06)" in annotation and "\n" not in annotation
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("earlier step\n## factcheck check ❌ failed")
    assert "| 1 | 1 | 0 | 0 | 0 | 0 | 0 | 0 |" in text and "30 Menschen" in text
    # without GITHUB_ACTIONS nothing of the kind
    monkeypatch.delenv("GITHUB_ACTIONS")
    code, out, _ = run(capsys, "check", "corpus")
    assert "::error" not in out and summary.read_text(encoding="utf-8") == text


def test_json_and_markdown_formats(project, capsys):
    code, out, _ = run(capsys, "check", "corpus", "--format", "json")
    data = json.loads(out)
    assert code == 1 and data["schema"] == "factcheck.check/1" and data["failed"] is True
    assert [d["status"] for d in data["divergences"]] == ["new"] and data["counts"]["new"] == 1
    code, out, _ = run(capsys, "check", "corpus", "--format", "md")
    assert code == 1 and out.startswith("## factcheck check ❌ failed") and "`FC103`" in out
