"""report.md: the inputs left out are listed right after the summary, capped so that findings stay in."""

from __future__ import annotations

from factcheck.report.markdown import LEFT_OUT_ROWS, render_markdown
from tests.report_factory import make_report, with_


def test_skipped_inputs_and_cuts_follow_the_summary():
    skipped = [{"path": "korpus/a|b.txt", "line": None, "reason": "empty file", "copy_of": None},
               {"path": "korpus/feed.jsonl", "line": 3, "reason": "not a JSON object", "copy_of": None}]
    cuts = [{"limit": "max_articles", "value": 2000, "where": "corpus", "detail": "stopped after 2000 articles"}]
    md = render_markdown(with_(make_report(facts=False), skipped=skipped, cuts=cuts))
    assert "| `korpus/a\\|b.txt` |  | empty file |" in md
    assert "| `korpus/feed.jsonl` | 3 | not a JSON object |" in md
    assert "| `corpus` | `max_articles` = 2,000 | stopped after 2000 articles |" in md
    assert md.index("## Skipped inputs (2)") < md.index("## Cut by limits (1)") < md.index("## Divergences")


def test_a_folder_of_junk_does_not_crowd_out_the_findings():
    skipped = [{"path": f"korpus/kaputt{i}.txt", "line": None, "reason": "empty file", "copy_of": None} for i in range(5000)]
    report = make_report(facts=False)
    md = render_markdown(with_(report, skipped=skipped))
    assert md.count("| empty file |") == LEFT_OUT_ROWS
    assert f"_{5000 - LEFT_OUT_ROWS} more skipped inputs are listed in `report.json`" in md
    assert "## Divergences" in md and "## Positions over time" in md and "## Aligned sentences" in md


def test_nothing_left_out_adds_no_section():
    md = render_markdown(make_report(facts=False))
    assert "Skipped inputs" not in md and "Cut by limits" not in md


def test_unknown_outlets_and_a_single_pair_read_as_english():
    report = make_report(facts=False)
    report["summary"]["outlets"] = []
    md = render_markdown(report)
    assert "articles (outlets unknown);" in md and "from unknown" not in md
    assert " (1 pairs)" not in md


def test_the_summary_line_counts_in_english():
    report = make_report(facts=False)
    report["summary"].update(articles=1, sentences=12758, findings=1, divergences=1, removed=1, pairs_cross=1)
    md = render_markdown(report)
    assert "1 article " in md and "12,758 sentences" in md and "1 aligned pair across" in md
    assert "1 finding, 1 divergence;" in md and "1 line of page furniture removed" in md


def test_a_speaker_keyed_by_lemmas_reads_as_written_in_the_positions_table():
    report = make_report(facts=False)
    statement = report["timeline"][0]["statements"][0]
    statement.update(speaker="Sprecherin Stadtverwaltung", speaker_text="die Sprecherin der Stadtverwaltung")
    md = render_markdown(report)
    assert "| die Sprecherin der Stadtverwaltung |" in md and "Sprecherin Stadtverwaltung |" not in md
    # without it (a name, or an older report.json), the speaker key as before
    assert "| Petra Höfer |" in md


def test_confidences_round_as_the_html_page_rounds_them():
    from factcheck.report.markdown import _conf

    # the HTML shows Math.floor(x * 100 + 0.5) percent; 0.855 is 86 % there, so 0.86 here
    assert _conf(0.855) == "0.86" and _conf(0.854) == "0.85" and _conf(0.5) == "0.50" and _conf(1.0) == "1.00"


def test_a_statement_without_a_speaker_is_the_outlets_own():
    report = make_report(facts=False)
    report["timeline"][0]["statements"][0]["speaker"] = None
    md = render_markdown(report)
    assert "| ruled out | the outlet itself |" in md and "| ruled out | unknown |" not in md


def test_a_large_corpus_lists_some_articles_and_still_shows_the_divergences():
    from factcheck.report.markdown import ARTICLE_ROWS

    report = make_report(facts=False)
    one = report["articles"][0]
    extra = [{**one, "id": f"z{i:04d}", "title": f"Artikel {i} " + "x" * 150, "sentences": []} for i in range(600)]
    report["articles"] = report["articles"] + extra
    n = len(report["articles"])
    md = render_markdown(report)
    assert sum(line.startswith("| `") and "Artikel" in line for line in md.splitlines()) <= ARTICLE_ROWS
    assert f"_{n - ARTICLE_ROWS:,} more articles are listed in `report.json` and `report.html`._" in md
    assert "## Divergences" in md and md.index("more articles") < md.index("## Divergences")


def test_articles_alone_in_their_story_read_in_english():
    from factcheck.report.data import alone_note

    events = [{"articles": ["a", "b"]}, {"articles": ["c"]}, {"articles": ["d"]}]
    assert alone_note({"events": events, "config": {"events": {"compare_alone": False}}}) == (
        "2 articles share their story with no other article here and were not compared.")
    assert alone_note({"events": events[:2], "config": {"events": {"compare_alone": True}}}) == (
        "1 article shares its story with no other article here and was compared only with itself.")
    assert alone_note({"events": events[:1], "config": {}}) == ""


def test_the_positions_hint_gives_a_date_example_in_the_corpus_language():
    import json
    from pathlib import Path

    report = json.loads((Path(__file__).resolve().parent.parent / "reports/iraq-2014/report.json").read_text("utf-8"))
    assert "(„am Montag“) relative" in render_markdown(report)
    for a in report["articles"]:
        a["language"] = "en"
    assert "(“on Monday”) relative" in render_markdown(report)
    report["articles"][0]["language"] = "de"
    assert "(„am Montag“, “on Monday”) relative" in render_markdown(report)


def test_a_timeline_without_shared_words_is_headed_by_its_actor_alone():
    report = make_report(facts=False)
    md = render_markdown(report)
    assert "### Stadt Lindenau: Abriss der Mühlbrücke · **position changed**" in md
    report["timeline"][0]["proposition"] = ""  # the statements share no content word
    md = render_markdown(report)
    assert "### Stadt Lindenau · **position changed**" in md
    assert "### Stadt Lindenau:" not in md



def test_an_undated_side_says_its_date_is_unknown():
    # "(unknown)" after an article id reads as an unknown outlet; the side names what is missing
    report = make_report(facts=False)
    f = report["findings"][0]
    side = {"sentences": [f["a"]], "articles": [f["a"].split(":")[0]], "outlets": ["abc123"], "first_published": None,
            "last_published": None, "text": "Die Brücke wird im Mai eröffnet."}
    other = dict(side, sentences=[f["b"]], articles=[f["b"].split(":")[0]], outlets=["def456"],
                 first_published="2020-01-02", last_published="2020-01-03", text="Die Brücke bleibt zu.")
    report["divergences"] = [{"id": "D1", "fingerprint": "x" * 16, "kind": f["kind"], "code": f["code"],
                              "severity": f["severity"], "confidence": f["confidence"], "sides": [side, other],
                              "evidence": [f["fingerprint"]], "explanation": "They differ.", "reasons": []}]
    report["summary"]["divergences_by_kind"] = {f["kind"]: 1}
    md = render_markdown(report)
    assert "> **one side: abc123** (date unknown): Die Brücke wird im Mai eröffnet." in md
    assert "> **other side: def456** (2020-01-02 – 2020-01-03): Die Brücke bleibt zu." in md
