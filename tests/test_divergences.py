"""factcheck.classify.divergences: pair findings grouped into two-sided divergences."""

from __future__ import annotations

from factcheck.classify import make_finding
from factcheck.classify.divergences import divergence_fingerprint, divergences
from factcheck.records import Article, Sentence

ART = {
    "t": Article("t", "T", "", outlet="taz", published="2014-06-16"),
    "h": Article("h", "H", "", outlet="Handelsblatt", published="2014-06-17"),
}
TEXT = {
    "t:s0": "Kerry schließt eine Zusammenarbeit nicht aus.",
    "h:s0": "Kerry würde nichts ausschließen, sagte er am Montag.",
    "h:s1": "Eine Zusammenarbeit werde es nicht geben.",
    "h:s2": "Die USA schließen eine Kooperation aus.",
}
SENT = {k: Sentence(k, k.split(":")[0], int(k[-1]), v, 0, len(v)) for k, v in TEXT.items()}
RANK = {"info": 0.1, "low": 0.35, "medium": 0.65, "high": 1.0}


def _f(a: str, b: str, kind: str = "contradict", code: str = "FC101", p: float = 0.8, reasons=()):
    return make_finding(kind, code, SENT[a], SENT[b], ("x", "y"), p, f"{a} vs {b}", reasons=reasons)


def test_one_position_change_shown_by_four_pairs_is_one_divergence_with_two_sides():
    reasons = ("position_change_over_time", "different_speakers")
    found = [_f(a, b, p=p, reasons=reasons) for (a, b), p in
             [(("t:s0", "h:s1"), 0.9), (("t:s0", "h:s2"), 0.8), (("h:s0", "h:s1"), 0.7), (("h:s0", "h:s2"), 0.6)]]
    (d,) = divergences(found, SENT, ART, RANK)
    assert d.kind == "position_change"
    assert set(d.sides[0].sentences) == {"t:s0", "h:s0"}  # Kerry, earlier (taz first)
    assert set(d.sides[1].sentences) == {"h:s1", "h:s2"}
    assert d.sides[0].outlets == ("Handelsblatt", "taz") and d.sides[0].first_published == "2014-06-16"
    assert d.sides[1].outlets == ("Handelsblatt",)
    assert d.confidence == 0.9 and len(d.evidence) == 4 and d.evidence[0] == found[0].fingerprint


def test_kinds_stay_apart_and_rank_by_severity_times_confidence():
    found = [_f("t:s0", "h:s1", p=0.6), _f("h:s0", "h:s2", "quote_drift", "FC107", 0.9)]
    out = divergences(found, SENT, ART, RANK)
    assert [d.kind for d in out] == ["contradict", "quote_drift"]


def test_a_triangle_cannot_be_two_sided_and_falls_apart_into_pairs():
    found = [_f("t:s0", "h:s1"), _f("h:s1", "h:s2"), _f("t:s0", "h:s2")]
    assert len(divergences(found, SENT, ART, RANK)) == 3


def test_three_versions_of_one_quotation_are_one_divergence_the_earliest_against_the_rest():
    found = [_f(a, b, "quote_drift", "FC107", p) for (a, b), p in
             [(("t:s0", "h:s1"), 0.9), (("h:s1", "h:s2"), 0.7), (("t:s0", "h:s2"), 0.6)]]
    (d,) = divergences(found, SENT, ART, RANK)
    assert d.sides[0].sentences == ("t:s0",) and set(d.sides[1].sentences) == {"h:s1", "h:s2"}
    assert len(d.evidence) == 3 and d.confidence == 0.9
    assert d.explanation == "t:s0 vs h:s1"  # the strongest pair across the sides explains it

    # when the strongest pair stands inside one side, the strongest across explains it
    found = [_f(a, b, "quote_drift", "FC107", p) for (a, b), p in
             [(("h:s1", "h:s2"), 0.9), (("t:s0", "h:s1"), 0.7), (("t:s0", "h:s2"), 0.6)]]
    (d,) = divergences(found, SENT, ART, RANK)
    assert d.explanation == "t:s0 vs h:s1" and d.confidence == 0.9
    assert d.sides[1].sentences[0] == "h:s1"  # each side shows its sentence of the explaining pair first
    assert d.sides[1].text == TEXT["h:s1"]


def test_agreements_are_no_divergences():
    assert divergences([_f("t:s0", "h:s0", "agree", "FC100")], SENT, ART, RANK) == ()


def test_fingerprint_ignores_side_order_case_whitespace_and_quote_style():
    a = divergence_fingerprint("contradict", ["„Wir kommen“, sagte er."], ["Er kommt nicht."])
    b = divergence_fingerprint("contradict", ["er  kommt nicht"], ['"wir kommen", sagte er'])
    assert a == b
    assert a != divergence_fingerprint("contradict", ["Wir kommen, sagte er."], ["Er kommt doch."])
    assert a != divergence_fingerprint("update", ["Wir kommen, sagte er."], ["Er kommt nicht."])


def test_findings_without_a_shared_sentence_join_when_their_sentences_say_the_same_thing():
    reasons = ("position_change_over_time", "different_speakers")
    found = [_f("t:s0", "h:s2", p=0.8, reasons=reasons), _f("h:s0", "h:s1", p=0.7, reasons=reasons)]
    # alone: two divergences (no sentence in common)
    assert len(divergences(found, SENT, ART, RANK)) == 2
    # Kerry's two wordings say the same thing (the display alignment pairs them): one divergence
    (d,) = divergences(found, SENT, ART, RANK, same=[("t:s0", "h:s0")])
    assert set(d.sides[0].sentences) == {"t:s0", "h:s0"} and set(d.sides[1].sentences) == {"h:s1", "h:s2"}
    assert len(d.evidence) == 2


def test_a_same_link_on_a_finding_of_that_kind_does_not_break_it_apart():
    found = [_f("t:s0", "h:s1", p=0.8), _f("t:s0", "h:s2", p=0.7)]
    # the display alignment also pairs a finding's own two sentences (they talk about the same thing)
    (d,) = divergences(found, SENT, ART, RANK, same=[("t:s0", "h:s1"), ("h:s1", "h:s2")])
    assert set(d.sides[0].sentences) == {"t:s0"} and set(d.sides[1].sentences) == {"h:s1", "h:s2"}


def test_a_likely_divergence_ranks_before_an_unlikely_one_of_higher_severity():
    unlikely = _f("t:s0", "h:s1", "number_mismatch", "FC103", 0.45)  # high severity, more likely wrong
    likely = _f("h:s0", "h:s2", "quote_drift", "FC107", 0.97)  # low severity, near certain
    assert unlikely.severity == "high" and likely.severity == "low"
    assert [d.kind for d in divergences([unlikely, likely], SENT, ART, RANK)] == ["quote_drift", "number_mismatch"]
    # within a tier, severity weight x confidence
    sure = _f("t:s0", "h:s1", "number_mismatch", "FC103", 0.6)
    assert [d.kind for d in divergences([sure, likely], SENT, ART, RANK)] == ["number_mismatch", "quote_drift"]
    # with no tiers (likely_confidence 0), severity weight x confidence alone
    assert [d.kind for d in divergences([unlikely, likely], SENT, ART, RANK, likely=0.0)] == [
        "number_mismatch", "quote_drift"]


def test_a_divergence_inside_one_article_is_left_out_across_articles():
    inside = _f("h:s1", "h:s2", "quote_drift", "FC107", 0.9)  # a title's short form against the full quotation
    across = _f("t:s0", "h:s1", p=0.6)
    assert len(divergences([inside, across], SENT, ART, RANK)) == 2
    (d,) = divergences([inside, across], SENT, ART, RANK, across_articles=True)
    assert d.kind == "contradict"
    # a change of position one article shows in two of its sentences still counts when another outlet is on a side
    reasons = ("position_change_over_time", "different_speakers")
    found = [_f("t:s0", "h:s1", p=0.9, reasons=reasons), _f("h:s0", "h:s1", p=0.7, reasons=reasons)]
    assert len(divergences(found, SENT, ART, RANK, across_articles=True)) == 1


def test_the_pipeline_asks_for_divergences_across_articles_unless_configured_or_alone(monkeypatch):
    import factcheck.pipeline as pipeline
    from factcheck.config import load_config

    seen = []
    real = pipeline.group_divergences

    def spy(*args, **kwargs):
        seen.append(kwargs["across_articles"])
        return real(*args, **kwargs)

    monkeypatch.setattr(pipeline, "group_divergences", spy)
    arts = [Article("x", "Linz", "Der Stadtrat tagt am Montag.", outlet="X", language="de"),
            Article("y", "Rat", "Der Stadtrat tagt am Dienstag.", outlet="Y", language="de")]
    base = {"embedder": {"name": "fake.v1"}, "nli": {"model": ""}}
    pipeline.analyze(arts, load_config(overrides=base))
    pipeline.analyze(arts, load_config(overrides={**base, "classify": {"within_article_divergences": True}}))
    pipeline.analyze(arts[:1], load_config(overrides=base))  # a corpus of one article: its own divergences count
    assert seen == [True, False, False]


def test_undated_sides_stand_in_the_order_the_explanation_names_them():
    # no publication dates: the side of the explaining finding's first sentence comes first, not the one whose
    # text sorts first ("R „…“ vs L „…“" above cards A = R, B = L)
    arts = {"r": Article("r", "R", "", outlet="R"), "l": Article("l", "L", "", outlet="L")}
    text = {"r:s0": "„Zwei Brücken bleiben zu“, sagte sie.", "l:s0": "„Alle Brücken bleiben zu“, sagte sie."}
    sent = {k: Sentence(k, k[0], 0, v, 0, len(v)) for k, v in text.items()}
    for a, b in (("r:s0", "l:s0"), ("l:s0", "r:s0")):
        f = make_finding("quote_drift", "FC107", sent[a], sent[b], ("x", "y"), 0.8, f"{a} vs {b}")
        (d,) = divergences([f], sent, arts, RANK)
        assert (d.sides[0].sentences, d.sides[1].sentences) == ((a,), (b,))
