"""The seed corpus end to end with the real model: what the issues promise an editor.

Articles: Handelsblatt (2014-06-17) and taz/AFP (2014-06-16) on US–Iran contacts.
"""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.model

HB, TAZ = "000_787f81f5bac3210e", "001_9d6c341b91290b48"


def _sid(analysis, article, *words):
    """The id of the one sentence of ``article`` containing all ``words``."""
    hits = [s.id for s in analysis.sentences if s.article_id == article and all(w in s.text for w in words)]
    assert len(hits) == 1, (words, hits)
    return hits[0]


def _pairs(analysis):
    return {frozenset((p.a, p.b)) for p in analysis.pairs}


def _findings(analysis, kind):
    return {frozenset((f.a, f.b)): f for f in analysis.findings if f.kind == kind}


@pytest.fixture(scope="module")
def s(seed_analysis):
    a = seed_analysis
    return {
        "quote_hb": _sid(a, HB, "Zuvor hatte"),
        "quote_taz": _sid(a, TAZ, "Ich würde nichts ausschließen"),
        "possible_taz": _sid(a, TAZ, "hält eine Zusammenarbeit", "für möglich"),
        "official_hb": _sid(a, HB, "werde es aber nicht geben"),
        "lead_hb": _sid(a, HB, "schließen die USA jedoch aus"),
        "troops_hb": _sid(a, HB, "Bodentruppen"),
        "troops_taz": _sid(a, TAZ, "Bodentruppen"),
        "drones_hb": _sid(a, HB, "Drohnenangriffe"),
        "drones_taz": _sid(a, TAZ, "Drohnenangriffe"),
        "rouhani_hb": _sid(a, HB, "Ruhani"),
        "rouhani_taz": _sid(a, TAZ, "Rohani"),
        "talks_held_hb": _sid(a, HB, "haben sich erstmals"),
        "talks_planned_taz": _sid(a, TAZ, "treffen wollten"),
        "embassy_soldiers_hb": _sid(a, HB, "Seine Regierung entsendet"),
        "embassy_staff_taz": _sid(a, TAZ, "Botschaftspersonals"),
        "special_unit_hb": _sid(a, HB, "275 Mann"),
        "carrier_taz": _sid(a, TAZ, "Flugzeugträger"),
    }


def test_page_furniture_never_reaches_a_sentence(seed_analysis):
    furniture = ["Artikel auf einer Seite lesen", "Zur Startseite", "Alle Rechte vorbehalten", "0%1%2%",
                 "Danke!", "Jetzt unterstützen", "meistkommentiert", "![", "Quelle: dpa", "Tabubruch der CDU"]
    for sentence in seed_analysis.sentences:
        assert not any(f in sentence.text for f in furniture), sentence.text
    assert all(a.removed for a in seed_analysis.articles)


@pytest.mark.parametrize(
    ("a", "b"),
    [("quote_hb", "quote_taz"), ("troops_hb", "troops_taz"), ("drones_hb", "drones_taz"), ("rouhani_hb", "rouhani_taz")],
)
def test_the_same_content_is_aligned_across_outlets(seed_analysis, s, a, b):
    assert frozenset((s[a], s[b])) in _pairs(seed_analysis)


@pytest.mark.parametrize(
    ("a", "b"),
    [("official_hb", "quote_taz"), ("lead_hb", "quote_taz"), ("official_hb", "quote_hb"), ("lead_hb", "quote_hb")],
)
def test_position_change_is_a_contradiction_by_different_speakers(seed_analysis, s, a, b):
    found = _findings(seed_analysis, "contradict").get(frozenset((s[a], s[b])))
    assert found is not None
    assert found.reason == "position_change_over_time"
    assert "different_speakers" in found.reasons
    assert found.severity == "high"


def test_the_top_finding_is_the_position_change(seed_analysis):
    top = seed_analysis.findings[0]
    assert top.kind == "contradict" and top.reason == "position_change_over_time"
    # a state speaking for itself reads as the sentence names it (English would need "the USA")
    assert "according to Handelsblatt (2014-06-17), „die USA“ ruled it out" in top.explanation


def test_explanations_name_role_speakers_as_the_text_does(seed_analysis, s):
    found = _findings(seed_analysis, "contradict")[frozenset((s["official_hb"], s["quote_taz"]))]
    # the canonical key "Vertreter US-Außenamt" is for matching; the reader gets the article's words
    assert "„der Vertreter des US-Außenamtes“ ruled it out" in found.explanation
    assert "on Monday (2014-06-16, taz) John Kerry called it possible" in found.explanation


def test_quote_drift_agreements_and_update(seed_analysis, s):
    assert frozenset((s["quote_hb"], s["quote_taz"])) in _findings(seed_analysis, "quote_drift")
    agree = _findings(seed_analysis, "agree")
    for a, b in [("troops_hb", "troops_taz"), ("drones_hb", "drones_taz"), ("rouhani_hb", "rouhani_taz")]:
        assert frozenset((s[a], s[b])) in agree, (a, b)
    assert frozenset((s["talks_held_hb"], s["talks_planned_taz"])) in _findings(seed_analysis, "update")


def test_must_not_flag_pairs_are_no_contradiction(seed_analysis, s):
    contradict = _findings(seed_analysis, "contradict")
    for a, b in [("troops_hb", "quote_taz"), ("troops_taz", "quote_taz"), ("embassy_soldiers_hb", "embassy_staff_taz")]:
        assert frozenset((s[a], s[b])) not in contradict, (a, b)
    for f in contradict.values():
        assert {f.a, f.b} & {s["official_hb"], s["lead_hb"]}, f.explanation


def test_facts_corroborated_and_single_source(seed_analysis, s):
    facts = {sid: f for f in seed_analysis.facts for sid in f.sentences}
    troops = facts[s["troops_hb"]]
    assert s["troops_taz"] in troops.sentences and set(troops.outlets) == {"Handelsblatt", "taz"}
    assert facts[s["special_unit_hb"]].single_source and facts[s["special_unit_hb"]].outlets == ("Handelsblatt",)
    assert facts[s["carrier_taz"]].single_source and facts[s["carrier_taz"]].outlets == ("taz",)


def test_graph_connects_the_position_change(seed_analysis, s):
    g = seed_analysis.graph
    edges = g.get_edge_data(s["official_hb"], s["quote_taz"]) or g.get_edge_data(s["quote_taz"], s["official_hb"])
    assert any(d["type"] == "contradicts" and d["reason"] == "position_change_over_time" for d in edges.values())


def test_us_position_on_military_cooperation_is_a_dated_timeline(seed_analysis, s):
    (timeline,) = [t for t in seed_analysis.timeline(speaker="USA") if t.changed]
    dated = [(st.date, st.modality, st.sentence) for st in timeline.statements if st.dated_by == "text"]
    assert ("2014-06-16", "possible", s["quote_taz"]) in dated  # "am Montag", taz of Monday 16 June
    assert ("2014-06-17", "ruled_out", s["official_hb"]) in dated  # "in der Nacht auf Dienstag"
    order = [st.sentence for st in timeline.statements]
    assert order.index(s["quote_taz"]) < order.index(s["official_hb"])
    assert timeline in seed_analysis.position_changes


def test_the_change_of_position_is_one_divergence_in_the_markdown(seed_report, s):
    from factcheck.report.markdown import render_markdown

    first = seed_report["divergences"][0]
    assert first["kind"] == "position_change"
    sides = [set(side["sentences"]) for side in first["sides"]]
    assert sides == [{s["quote_taz"], s["quote_hb"]}, {s["lead_hb"], s["official_hb"]}]  # Kerry first, then the ruling-out
    md = render_markdown(seed_report)
    assert "### 1. position change" in md
    assert "(+1 more sentence saying the same)" in md


def test_both_reports_say_how_divergences_are_ranked(seed_report):
    from factcheck.report.html import render_html
    from factcheck.report.markdown import render_markdown

    rule = "what the judge holds more likely right than wrong, then severity × confidence"
    assert rule in render_markdown(seed_report)
    assert rule in render_html(seed_report)
