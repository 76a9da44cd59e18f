"""factcheck.report.quoting, and the reports that use it: no sentence is wrapped in a second pair of marks."""

from __future__ import annotations

import pytest

from factcheck.report.markdown import render_markdown
from factcheck.report.quoting import opens_with_quote, quoted
from tests.report_factory import make_report


@pytest.mark.parametrize(("text", "shown"), [
    ("Der Zoo bleibt zu.", "„Der Zoo bleibt zu.“"),
    ("„Der Zoo bleibt zu“, sagte sie.", "„Der Zoo bleibt zu“, sagte sie."),
    ("«Der Zoo bleibt zu», sagte sie.", "«Der Zoo bleibt zu», sagte sie."),
    ("\"The zoo stays shut,\" she said.", "\"The zoo stays shut,\" she said."),
])
def test_quoted(text, shown):
    assert quoted(text) == shown and opens_with_quote(text) == (shown == text)


@pytest.mark.parametrize(("text", "shown"), [
    # the last sentence of a quotation that opened a sentence before: its own mark closes it
    ("Und der Zoo bleibt zu.\"", "Und der Zoo bleibt zu.\""),
    ("Und der Zoo bleibt zu“.", "Und der Zoo bleibt zu“."),
    ("Und der Zoo bleibt zu.«", "Und der Zoo bleibt zu.«"),
    # a quotation inside, or a mark that is not at the end: wrapped, the marks would nest („Sie sagte: „…““)
    ("Sie sagte: „Der Zoo bleibt zu.“", "Sie sagte: „Der Zoo bleibt zu.“"),
    ("Der „Zoo“ bleibt zu.", "Der „Zoo“ bleibt zu."),
    ("Er sagte, der Zoo bleibe zu“, und ging.", "Er sagte, der Zoo bleibe zu“, und ging."),
    ("Sie sagte: »Der Zoo bleibt zu.«", "Sie sagte: »Der Zoo bleibt zu.«"),
])
def test_a_sentence_with_double_marks_of_its_own_is_shown_as_it_is(text, shown):
    assert quoted(text) == shown


@pytest.mark.parametrize("text", ["The zoo’s gate is shut.", "Der Zoo geht’s an.", "Sie nennt ihn ‚Chef‘."])
def test_single_marks_are_no_reason_to_show_a_sentence_bare(text):
    assert quoted(text) != text  # a single mark is as often an apostrophe


def test_the_markdown_evidence_never_nests_a_quotation_in_marks_of_its_own_style():
    import json
    from pathlib import Path

    # the seed report's evidence: Handelsblatt's „Zuvor hatte … Kerry … erklärt, er „würde nichts ausschließen …“
    report = json.loads((Path(__file__).resolve().parent.parent / "reports/iraq-2014/report.json").read_text("utf-8"))
    evidence = [line for line in render_markdown(report).splitlines() if line.startswith("- `FC")]
    assert any("Zuvor hatte" in line for line in evidence)
    assert not any(pair in line for line in evidence for pair in ("““", "„„", "””", "“.“"))


def test_the_markdown_evidence_never_doubles_an_opening_mark():
    import json
    from pathlib import Path

    # the seed report folds two sentence pairs under its first divergence; one side opens with „
    report = json.loads((Path(__file__).resolve().parent.parent / "reports/iraq-2014/report.json").read_text("utf-8"))
    md = render_markdown(report)
    evidence = [line for line in md.splitlines() if line.startswith("- `FC")]
    assert any("„Ich würde nichts ausschließen" in line for line in evidence)
    assert not any(mark in line for line in evidence for mark in ("„„", "„«", "„»", "„\""))


def test_the_report_factory_still_has_sentences_that_open_with_a_quotation():
    texts = [s["text"] for a in make_report(facts=False)["articles"] for s in a["sentences"]]
    assert any(opens_with_quote(t) for t in texts) and not all(opens_with_quote(t) for t in texts)


@pytest.mark.parametrize(("language", "shown"), [
    ("de", "„Der Zoo ist zu.“"),
    (None, "„Der Zoo ist zu.“"),  # unknown: the German default
    ("en", "“Der Zoo ist zu.”"),
    ("fr", "“Der Zoo ist zu.”"),
])
def test_a_sentence_is_quoted_in_the_marks_of_its_language(language, shown):
    assert quoted("Der Zoo ist zu.", language) == shown
    assert quoted("\"Zu\", sagte sie.", language) == "\"Zu\", sagte sie."  # its own marks: as it is


def test_the_markdown_evidence_of_an_english_article_uses_english_marks():
    import json
    from pathlib import Path

    report = json.loads((Path(__file__).resolve().parent.parent / "reports/iraq-2014/report.json").read_text("utf-8"))
    plain = "Eine militärische Kooperation schließen die USA jedoch aus."  # a side of the first divergence's pairs
    evidence = [line for line in render_markdown(report).splitlines() if line.startswith("- `FC")]
    assert any(f"„{plain}“" in line for line in evidence)
    for a in report["articles"]:
        a["language"] = "en"
    evidence = [line for line in render_markdown(report).splitlines() if line.startswith("- `FC")]
    assert any(f"“{plain}”" in line for line in evidence) and not any(f"„{plain}" in line for line in evidence)
