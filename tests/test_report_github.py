"""GitHub workflow commands: escaping and which divergences are annotated."""

from __future__ import annotations

from factcheck import baseline as bl
from factcheck.check import Gate, check
from factcheck.report.github import annotations, escape_data, escape_property
from factcheck.report.locations import SourceLocation

from .test_report_gate import many_divergences


def test_escaping_follows_the_workflow_command_rules():
    assert escape_data("50% \r\n: ,") == "50%25 %0D%0A: ,"
    assert escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"


def test_failing_are_errors_new_below_threshold_warnings_decided_silent():
    divs, texts = many_divergences(3)
    decisions = {divs[0].fingerprint: bl.entry_for(divs[0], texts, "dismissed", "ed", "no")}
    locations = {divs[1].sides[0].sentences[0]: SourceLocation("news/a b.txt", 4, 2, 4, 30)}
    lines = annotations(check(divs, texts, decisions, Gate()), locations)
    assert [line.split(" ", 1)[0] for line in lines] == ["::error", "::error"]
    assert lines[0].startswith("::error file=news/a b.txt,line=4,col=2,endLine=4,endColumn=30,title=FC103")
    assert lines[1].startswith("::error title=FC103")  # no location found: no file property
    quiet = annotations(check(divs, texts, decisions, Gate(min_confidence=0.9)), locations)
    assert [line.split(" ", 1)[0] for line in quiet] == ["::warning", "::warning"]
