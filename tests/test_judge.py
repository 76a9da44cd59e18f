"""factcheck.classify.judge and signals: one decision per candidate pair, a calibrated probability."""

from __future__ import annotations

import dataclasses
import json

import numpy as np
import pytest

from factcheck.classify import make_finding
from factcheck.classify.judge import JUDGE_DIR, JudgeModel, QuoteBounds, fit_judge, judge, judgements, load_judge
from factcheck.classify.signals import SIGNALS, SignalTable, signal_table
from factcheck.errors import ConfigError
from factcheck.records import Article, Candidate, Claim, Quantity, Sentence

RANK = {"info": 0.1, "low": 0.35, "medium": 0.65, "high": 1.0}
TEXT = {"a:s0": "Alle Tiere sind ums Leben gekommen.", "b:s0": "Zwei Schimpansen überlebten.",
        "a:s1": "Der Zoo bleibt geschlossen.", "b:s1": "Der Zoo ist weiter geschlossen."}
SENT = {k: Sentence(k, k[0], int(k[-1]), v, 0, len(v)) for k, v in TEXT.items()}
ARTS = {"a": Article("a", "A", "", outlet="X", published="2020-01-01"),
        "b": Article("b", "B", "", outlet="Y", published="2020-01-02")}


def _table(rows: list[dict[str, float]], cands: list[Candidate]) -> SignalTable:
    values = np.zeros((len(rows), len(SIGNALS)), dtype=np.float32)
    for i, r in enumerate(rows):
        for k, v in r.items():
            values[i, SIGNALS.index(k)] = v
    return SignalTable(SIGNALS, tuple(cands), values)


def _fixed(probs: dict[str, float], feature: str = "cosine") -> JudgeModel:
    """A judge that gives every pair these class probabilities (no weights; their logarithms as intercepts)."""
    return JudgeModel("fixed", (feature,), tuple(probs), np.zeros(1), np.ones(1), np.zeros((len(probs), 1)),
                      np.log(np.array(list(probs.values()))))


def _pair_signal(claims, name: str, sentences=None, directions=None) -> float:
    """The signal ``name`` of the candidate pair a:s0 / b:s0."""
    t = signal_table([Candidate("a:s0", "b:s0", 0.5)], [], None, claims, sentences or SENT, ARTS, set(), 0.02, 4,
                     directions or {})
    return float(dict(zip(t.names, t.values[0]))[name])


def _toy_model() -> JudgeModel:
    rng = np.random.default_rng(0)
    x, y = [], []
    for _ in range(60):
        c = rng.uniform(0.6, 1.0)
        x.append([c, 0.1, 0.1]); y.append("contradict")
        x.append([rng.uniform(0, 0.3), 0.9, 0.1]); y.append("agree")
        x.append([rng.uniform(0, 0.3), 0.1, 0.2]); y.append("none")
    return fit_judge(np.array(x), y, ("nli_contradiction", "nli_entailment", "cosine"), "toy")


def test_probabilities_sum_to_one_and_follow_the_signals():
    model = _toy_model()
    cands = [Candidate("a:s0", "b:s0", 0.1), Candidate("a:s1", "b:s1", 0.1)]
    t = _table([{"nli_contradiction": 0.9, "nli_entailment": 0.05, "cosine": 0.1},
                {"nli_contradiction": 0.05, "nli_entailment": 0.95, "cosine": 0.1}], cands)
    p = model.predict_proba(t)
    assert np.allclose(p.sum(axis=1), 1.0)
    assert model.classes[int(np.argmax(p[0]))] == "contradict"
    assert model.classes[int(np.argmax(p[1]))] == "agree"


def test_model_file_round_trip_and_bad_files(tmp_path):
    model = _toy_model()
    again = JudgeModel.from_dict(json.loads(json.dumps(model.to_dict())))
    assert again.features == model.features and np.allclose(again.coef, model.coef, atol=1e-6)
    with pytest.raises(ConfigError, match="not a factcheck judge model"):
        JudgeModel.from_dict({"format": "other"})
    bad = model.to_dict() | {"coef": [[1.0]]}
    with pytest.raises(ConfigError, match="shapes"):
        JudgeModel.from_dict(bad)
    with pytest.raises(ConfigError, match="judge model not found"):
        load_judge(str(tmp_path / "missing.json"), with_nli=True)


def test_judge_makes_findings_keeps_rule_explanations_and_leaves_neutral_pairs_alone():
    model = _toy_model()
    cands = [Candidate("a:s0", "b:s0", 0.1), Candidate("a:s1", "b:s1", 0.9), Candidate("a:s0", "b:s1", 0.2)]
    t = _table([{"nli_contradiction": 0.95, "nli_entailment": 0.02, "cosine": 0.1},
                {"nli_contradiction": 0.02, "nli_entailment": 0.97, "cosine": 0.1},
                {"nli_contradiction": 0.1, "nli_entailment": 0.1, "cosine": 0.2}], cands)
    rule = make_finding("agree", "FC100", SENT["a:s1"], SENT["b:s1"], ("X", "Y"), 0.42, "Rule explanation.")
    findings, decided = judge(t, model, [rule], SENT, {"a": "X", "b": "Y"}, 0.5, 0.5, 3, RANK)
    by = {(f.a, f.b): f for f in findings}
    assert set(by) == {("a:s0", "b:s0"), ("a:s1", "b:s1")}  # the neutral pair makes no finding
    assert by[("a:s0", "b:s0")].code == "FC110" and "no claim rule" in by[("a:s0", "b:s0")].explanation
    agree = by[("a:s1", "b:s1")]
    assert agree.explanation == "Rule explanation." and agree.confidence != 0.42  # the judge's probability
    assert len(decided) == 3 and dict(decided[2].probabilities)["none"] > 0.5  # read as neutral


def test_a_sentence_an_article_repeats_makes_one_finding():
    # a:s0 and a:s2 are the same words (an article repeating its lead): one content, one fingerprint, one finding
    sent = {**SENT, "a:s2": Sentence("a:s2", "a", 2, TEXT["a:s0"], 0, len(TEXT["a:s0"]))}
    cands = [Candidate("a:s0", "b:s0", 0.1), Candidate("a:s2", "b:s0", 0.1)]
    t = _table([{"nli_contradiction": 0.95, "nli_entailment": 0.02, "cosine": 0.1},
                {"nli_contradiction": 0.9, "nli_entailment": 0.02, "cosine": 0.1}], cands)
    findings, decided = judge(t, _toy_model(), [], sent, {"a": "X", "b": "Y"}, 0.5, 0.5, 3, RANK)
    assert len(decided) == 2 and [(f.a, f.b) for f in findings] == [("a:s0", "b:s0")]  # the more probable one


def test_signal_table_reads_numbers_nli_and_rules():
    q = lambda v: (Quantity(v, "Tier", f"{v} Tiere", 0, 5),)  # noqa: E731
    claims = {"a:s0": Claim("a:s0", "a", None, None, "narrator", None, "positive", "asserted", quantities=q(5.0)),
              "b:s0": Claim("b:s0", "b", None, None, "narrator", None, "negative", "asserted", quantities=q(7.0))}
    cand = Candidate("a:s0", "b:s0", 0.5, ("number",))
    nli = {("a:s0", "b:s0"): (np.array([0.1, 0.2, 0.7]), np.array([0.2, 0.2, 0.6]))}
    rule = make_finding("number_mismatch", "FC103", SENT["a:s0"], SENT["b:s0"], ("X", "Y"), 0.7, "n")
    t = signal_table([cand], [rule], nli, claims, SENT, ARTS, set(), 0.02, 4, {})
    row = dict(zip(t.names, t.values[0]))
    assert row["numbers_conflict"] == 1.0 and row["numbers_shared"] == 0.0
    assert row["polarity_differs"] == 1.0
    assert row["rule_number_mismatch"] == pytest.approx(0.7)
    assert row["nli_contradiction"] == pytest.approx(0.65, abs=1e-3)
    assert row["nli_contradiction_max"] == pytest.approx(0.7)
    assert row["days_apart"] == pytest.approx(1 / 7)
    assert row["via_shared_key"] == 1.0 and row["aligned"] == 0.0
    assert row["verbless"] == 0.0
    heading = {**claims, "b:s0": dataclasses.replace(claims["b:s0"], finite=False)}
    assert dict(zip(t.names, signal_table([cand], [rule], nli, heading, SENT, ARTS, set(), 0.02, 4, {}).values[0]))["verbless"] == 1.0



@pytest.mark.parametrize(("status_a", "status_b", "differs", "planned_happened"), [
    ("planned", "happened", 1.0, 1.0),
    ("current", "happened", 1.0, 0.0),  # a present tense is no plan
    ("planned", "current", 1.0, 0.0),
    ("happened", "happened", 0.0, 0.0),
])
def test_planned_against_happened_is_its_own_signal(status_a, status_b, differs, planned_happened):
    base = Claim("a:s0", "a", None, None, "narrator", None, "positive", "asserted")
    claims = {"a:s0": dataclasses.replace(base, status=status_a),
              "b:s0": dataclasses.replace(base, sentence_id="b:s0", article_id="b", status=status_b)}
    t = signal_table([Candidate("a:s0", "b:s0", 0.5)], [], None, claims, SENT, ARTS, set(), 0.02, 4, {})
    row = dict(zip(t.names, t.values[0]))
    assert (row["status_differs"], row["planned_happened"]) == (differs, planned_happened)


@pytest.mark.parametrize("name", ["judge-nli.v1", "judge-rules.v1"])
def test_shipped_judges_load_and_list_their_training_data(name):
    model = load_judge(name, with_nli=True)
    assert "none" in model.classes and {"agree", "contradict"} <= set(model.classes)
    assert model.meta["fitted_on"] and all(p.startswith("gold/divergence-dev/") for p in model.meta["fitted_on"])
    assert (JUDGE_DIR / f"{name}.json").stat().st_size < 50_000
    if name == "judge-rules.v1":
        assert not any(f.startswith("nli_") for f in model.features)


def test_fc109_in_the_judged_pipeline_is_opt_in(cfg):
    import dataclasses

    from factcheck.pipeline import conclude, prepare

    arts = [Article("a", "A", "Der Zoo bleibt geschlossen.", outlet="X"),
            Article("b", "B", "Der Zoo ist wieder offen.", outlet="Y")]
    fake = cfg.model_copy(update={"embedder": cfg.embedder.model_copy(update={"name": "fake.v1"}),
                                  "nli": cfg.nli.model_copy(update={"model": ""})})
    prepared = prepare(arts, fake)
    table = prepared.signals
    values = table.values.copy()
    values[:, [table.names.index(f"nli_{k}") for k in ("entailment", "neutral", "contradiction")]] = (0.02, 0.03, 0.95)
    prepared = dataclasses.replace(prepared, signals=dataclasses.replace(table, values=values),
                                   nli={"name": "stand-in", "sha256": "0" * 64})
    never = JudgeModel("never", ("cosine",), ("contradict", "none"), np.zeros(1), np.ones(1),
                       np.zeros((2, 1)), np.array([-9.0, 9.0]))  # always "none"
    assert conclude(prepared, never).findings == ()
    on = fake.model_copy(update={"nli": fake.nli.model_copy(update={"flag_model_only": True})})
    found = conclude(dataclasses.replace(prepared, config=on), never).findings
    assert [(f.code, f.a, f.b) for f in found] == [("FC109", "a:s0", "b:s0")]


@pytest.mark.parametrize(("signals", "kind"), [
    ({}, "agree"),  # no quotation, no number: neither drift nor mismatch may be named
    ({"quotes_both": 1.0, "quote_similarity": 1.0}, "agree"),  # the same quotation word for word
    ({"quotes_both": 1.0, "quote_similarity": 0.8, "quote_verbs": 1.0}, "quote_drift"),
    ({"quotes_both": 1.0, "quote_similarity": 0.8}, "agree"),  # quoted titles or single words: no speech
    ({"numbers_both": 1.0, "numbers_conflict": 1.0, "rule_number_mismatch": 0.6}, "number_mismatch"),
    ({"numbers_both": 1.0, "rule_number_mismatch": 0.6}, "agree"),  # numbers of different units
    ({"numbers_both": 1.0, "numbers_conflict": 1.0}, "agree"),  # no claim rule reads one claim in the two
    ({"quotes_both": 1.0, "quote_similarity": 0.8, "verbless": 1.0}, "agree"),  # a heading quotes nothing
    ({"numbers_both": 1.0, "numbers_conflict": 1.0, "rule_number_mismatch": 0.6, "verbless": 1.0},
     "number_mismatch"),  # but its numbers can differ
])
def test_kinds_need_what_they_name(signals, kind):
    probs = {"quote_drift": 0.5, "number_mismatch": 0.3, "agree": 0.15, "none": 0.05}
    model = _fixed(probs)
    (j,) = judgements(_table([signals], [Candidate("a:s0", "b:s0", 0.5)]), model)
    assert j.kind == kind


@pytest.mark.parametrize(("shared", "kind"), [
    (0.2, "agree"),  # two words in common ("Erde", "leben" of two parts of one prayer): no drift between them
    (0.3, "quote_drift"),  # from [classify] quote_min_shared = 3 on
])
def test_a_quote_drift_needs_words_in_common(shared, kind):
    probs = {"quote_drift": 0.5, "agree": 0.3, "none": 0.2}
    model = _fixed(probs)
    row = {"quotes_both": 1.0, "quote_similarity": 0.5, "quote_overlap": 0.5, "quote_verbs": 1.0, "quote_shared": shared}
    (j,) = judgements(_table([row], [Candidate("a:s0", "b:s0", 0.5)]), model, QuoteBounds(0.97, 0.3, 3))
    assert j.kind == kind


@pytest.mark.parametrize(("signals", "kind"), [
    ({}, "agree"),  # nothing that makes an update
    ({"numbers_both": 1.0, "numbers_conflict": 1.0}, "agree"),  # two figures of one unit, no one claim
    ({"numbers_both": 1.0, "numbers_conflict": 1.0, "rule_number_mismatch": 0.6}, "update"),  # a changed figure
    ({"status_differs": 1.0, "planned_happened": 1.0}, "update"),  # planned, then happened
    ({"status_differs": 1.0}, "agree"),  # "verliert" against "rückte vor": present and past tense, no update
    ({"rule_update": 0.7}, "update"),
    ({"status_differs": 1.0, "planned_happened": 1.0, "verbless": 1.0}, "agree"),  # a heading states nothing
])
def test_an_update_needs_what_makes_one(signals, kind):
    probs = {"update": 0.5, "agree": 0.3, "none": 0.2}
    model = _fixed(probs)
    (j,) = judgements(_table([signals], [Candidate("a:s0", "b:s0", 0.5)]), model)
    assert j.kind == kind


@pytest.mark.parametrize(("overlap", "kind"), [
    (0.1, "agree"),  # two different quotations (of one speaker, perhaps): no drift between them
    (0.3, "quote_drift"),  # from the floor on: one quotation in two versions
    (0.8, "quote_drift"),
])
def test_a_quote_drift_needs_one_quotation_in_two_versions(overlap, kind):
    probs = {"quote_drift": 0.5, "agree": 0.3, "none": 0.2}
    model = _fixed(probs)
    row = {"quotes_both": 1.0, "quote_similarity": 0.5, "quote_overlap": overlap, "quote_verbs": 1.0}
    (j,) = judgements(_table([row], [Candidate("a:s0", "b:s0", 0.5)]), model, QuoteBounds(0.97, 0.3))
    assert j.kind == kind


def _quoting_pairs(speaker: str, a: str, b: str, c: str) -> tuple[list[Candidate], dict, dict]:
    """Sentences a:s0, b:s0, b:s1 that each quote one „…“ of ``speaker``, and the candidates a–b, a–c."""
    from factcheck.records import Span

    sents, claims = {}, {}
    for sid, text in (("a:s0", a), ("b:s0", b), ("b:s1", c)):
        start, end = text.index("„") + 1, text.index("“")
        sents[sid] = Sentence(sid, sid[0], 0, text, 0, len(text))
        claims[sid] = Claim(sid, sid[0], speaker, None, "person", None, "positive", "asserted",
                            quotes=(Span(start, end, "quote", text[start:end]),))
    return [Candidate("a:s0", "b:s0", 0.5), Candidate("a:s0", "b:s1", 0.5)], sents, claims


def test_quote_overlap_counts_the_shared_words_of_the_shorter_quotation():
    # a longer and a shorter version of one quotation (not seed text), and another quotation of the same
    # speaker on the same day
    cands, sents, claims = _quoting_pairs(
        "Die Sprecherin", "Die Sprecherin sagte: „Niemand steht über dem Gesetz, auch kein Abgeordneter.“",
        "Sie betonte: „Niemand steht über dem Gesetz.“", "Sie fügte hinzu: „Die Ermittlungen dauern noch Monate an.“")
    t = signal_table(cands, [], None, claims, sents, ARTS, set(), 0.02, 4, {})
    same, other = t.column("quote_overlap")
    assert same == 1.0  # "niemand steht über gesetz": every word of the shorter one
    assert other == 0.0
    assert t.column("quotes_both").tolist() == [1.0, 1.0]
    assert t.column("quote_excerpt").tolist() == [1.0, 0.0]  # the shorter one is the longer one, cut
    # words shorter than quote_word_chars do not count
    assert signal_table(cands[:1], [], None, claims, sents, ARTS, set(), 0.02, 20, {}).column("quote_overlap")[0] == 0.0
    # the words (of 4 letters and more) the best pair of quotations has in common, / 10
    assert t.column("quote_shared").tolist() == pytest.approx([0.4, 0.0])  # niemand, steht, über, gesetz
    # both quote speech (a verb inside), as the claims stage marks it
    assert t.column("quote_verbs").tolist() == [0.0, 0.0]  # quoting() builds claims without quoted_verb
    said = {k: dataclasses.replace(cl, quoted_verb=True) for k, cl in claims.items()}
    assert signal_table(cands, [], None, said, sents, ARTS, set(), 0.02, 4, {}).column("quote_verbs").tolist() == [1.0, 1.0]


@pytest.mark.parametrize(("signals", "kind"), [
    ({"quotes_both": 1.0, "quote_similarity": 0.5, "quote_overlap": 1.0, "quote_excerpt": 1.0, "quote_verbs": 1.0}, "agree"),
    ({"quotes_both": 1.0, "quote_similarity": 0.5, "quote_overlap": 1.0, "quote_verbs": 1.0}, "quote_drift"),
])
def test_an_excerpt_shows_no_drift(signals, kind):
    probs = {"quote_drift": 0.5, "agree": 0.3, "none": 0.2}
    model = _fixed(probs)
    (j,) = judgements(_table([signals], [Candidate("a:s0", "b:s0", 0.5)]), model, QuoteBounds(0.97, 0.3))
    assert j.kind == kind


def test_a_rare_signal_is_not_exempt_from_the_penalty():
    # a signal that fires on 3 rows of 3,000 (all "contradict") must not be fitted to certainty
    rng = np.random.default_rng(1)
    n = 3000
    x = np.column_stack([rng.uniform(0, 1, n), np.zeros(n)])
    y = ["none"] * n
    for i in range(3):
        x[i, 1], y[i] = 1.0, "contradict"
    y[3:60] = ["contradict"] * 57
    y[60:120] = ["agree"] * 60
    model = fit_judge(x, y, ("cosine", "rule_contradict"), "rare")
    t = _table([{"cosine": 0.5, "rule_contradict": 1.0}], [Candidate("a:s0", "b:s0", 0.5)])
    p = dict(zip(model.classes, model.predict_proba(t)[0], strict=True))
    assert 0.05 < p["contradict"] < 0.95
    assert np.all(model.scale == 1.0)  # centred, not standardised


def test_screen_lets_through_what_the_judge_without_the_model_cannot_rule_out():
    from factcheck.classify.judge import CascadeModel, screen

    model = _toy_model()
    cands = [Candidate("a:s0", "b:s0", 0.1), Candidate("a:s1", "b:s1", 0.1)]
    t = _table([{"nli_contradiction": 0.9, "nli_entailment": 0.05, "cosine": 0.1},
                {"nli_contradiction": 0.05, "nli_entailment": 0.05, "cosine": 0.1}], cands)
    p_any = 1 - model.predict_proba(t)[:, model.classes.index("none")]
    assert screen(t, model, 0.0).tolist() == [True, True]
    assert screen(t, model, float(p_any.min()) + 1e-6).tolist() == [bool(p_any[0] > p_any[1]), bool(p_any[1] > p_any[0])]
    assert not screen(t, model, 1.0).any()
    # the cascade: the first model's row where read, the second's elsewhere, columns by class name
    other = fit_judge(np.array([[0.1], [0.9], [0.5]] * 10), ["none", "agree", "contradict"] * 10, ("cosine",), "r")
    mix = CascadeModel(model, other, np.array([True, False]))
    p = mix.predict_proba(t)
    assert np.allclose(p[0], model.predict_proba(t)[0])
    want = other.predict_proba(t)[1]
    assert np.allclose([p[1][model.classes.index(c)] for c in other.classes], want)
    assert mix.name == model.name and mix.classes == model.classes


@pytest.mark.parametrize(("signals", "kind"), [
    ({}, "contradict"),
    ({"verbless": 1.0}, "agree"),  # a heading states nothing to contradict, update or attribute
    ({"quotes_both": 1.0, "quote_similarity": 1.0}, "agree"),  # the same words quoted on both sides, nothing else
    ({"quotes_both": 1.0, "quote_similarity": 0.6}, "contradict"),
])
def test_a_contradiction_needs_a_statement_and_not_the_same_quotation(signals, kind):
    probs = {"contradict": 0.5, "update": 0.2, "attribution": 0.1, "agree": 0.15, "none": 0.05}
    model = _fixed(probs)
    (j,) = judgements(_table([signals], [Candidate("a:s0", "b:s0", 0.5)]), model)
    assert j.kind == kind


def test_an_added_count_is_no_other_figure_for_a_total():
    total = Claim("a:s0", "a", None, None, "narrator", None, "positive", "asserted",
                  quantities=(Quantity(5000.0, "Soldat", "5000 Soldaten", 0, 13),))
    added = Claim("b:s0", "b", None, None, "narrator", None, "positive", "asserted",
                  quantities=(Quantity(750.0, "Soldat", "750 zusätzliche Soldaten", 0, 24, increment=True),))
    cand = Candidate("a:s0", "b:s0", 0.5)
    row = dict(zip(SIGNALS, signal_table([cand], [], None, {"a:s0": total, "b:s0": added}, SENT, ARTS, set(), 0.02, 4, {}).values[0]))
    assert row["numbers_both"] == 1.0 and row["numbers_conflict"] == 0.0
    other = dataclasses.replace(added, quantities=(dataclasses.replace(added.quantities[0], increment=False),))
    row = dict(zip(SIGNALS, signal_table([cand], [], None, {"a:s0": total, "b:s0": other}, SENT, ARTS, set(), 0.02, 4, {}).values[0]))
    assert row["numbers_conflict"] == 1.0


@pytest.mark.parametrize(("signals", "says"), [
    ({"quotes_both": 1.0, "quote_similarity": 0.22, "quote_partial": 0.95},
     "the shorter quotation matches a stretch of the longer at 0.95, the whole at 0.22"),
    ({"quotes_both": 1.0, "quote_similarity": 0.9, "quote_partial": 0.93}, "both quote (similarity 0.90)"),
])
def test_a_judged_quote_drift_says_how_alike_the_quotations_are(signals, says):
    from factcheck.classify.judge import _explain

    probs = {"quote_drift": 0.6, "agree": 0.3, "none": 0.1}
    features = ("quotes_both", "quote_similarity")  # fitted signals, as in the shipped judges (quote_partial is a gate)
    model = JudgeModel("fixed", features, tuple(probs), np.zeros(2), np.ones(2), np.zeros((3, 2)),
                       np.log(np.array(list(probs.values()))))
    row = {**signals, "quote_overlap": 0.9, "quote_verbs": 1.0, "quote_shared": 0.5}
    (j,) = judgements(_table([row], [Candidate("a:s0", "b:s0", 0.5)]), model, QuoteBounds(0.97, 0.3, 3, 0.7))
    assert j.kind == "quote_drift" and says in _explain(j, ("A", "B"))


def test_quotations_are_compared_as_words():
    from factcheck.classify.signals import _quote_words

    # tokenised and plain text, a closing full stop inside the marks: the same quotation
    assert _quote_words(' a left - wing conspiracy theory . ') == _quote_words("A left - wing conspiracy theory")
    assert _quote_words("„Wir bleiben“") == "wir bleiben"


@pytest.mark.parametrize(("signals", "says"), [
    ({"status_differs": 1.0, "planned_happened": 1.0}, "planned on one side, happened on the other"),
    ({"status_differs": 1.0}, "one side tells of now, the other of a plan or the past"),
])
def test_a_judged_update_says_what_differs_in_time(signals, says):
    probs = {"update": 0.5, "agree": 0.3, "none": 0.2}
    model = _fixed(probs, "status_differs")
    row = {**signals, "rule_update": 0.7}
    (j,) = judgements(_table([row], [Candidate("a:s0", "b:s0", 0.5)]), model)
    from factcheck.classify.judge import _explain

    assert says in _explain(j, ("A", "B"))


@pytest.mark.parametrize(("a", "b", "same"), [
    ("Kim Jong Un", "Kim", True),  # the family name first
    ("Anna Berg", "Berg", True),
    ("Donald Trump", "donald trump", True),
    ("Anna Berg", "Anna Schmitt", False),
    ("Berg", "Bergmann", False),
    ("Sprecherin", "Sprecherin Stadtamt", True),
    ("EDA", "Tehran Times", False),
    ("Stephen E. Boyd", "Stephen Boyd", True),  # a middle initial in one of them
    ("Anna B. Berg", "Anna C. Berg", False),  # two different ones
    ("Anna Maria Berg", "Anna Berg", False),  # a middle name is no initial
])
def test_one_speaker_named_twice(a, b, same):
    from factcheck.classify.signals import same_speaker

    assert same_speaker(a, b) is same and same_speaker(b, a) is same


@pytest.mark.parametrize(("a", "b", "differ"), [
    (("EDA", "group"), ("Times", "person"), 1.0),  # two sources: two statements, not one quotation
    (("Anna Berg", "person"), ("Ben Ott", "person"), 1.0),
    (("Kim Jong Un", "person"), ("Kim", "person"), 0.0),  # one speaker named twice
    (("US-Präsident", "description"), ("Donald Trump", "person"), 0.0),  # a title may be the named person
    (("statement", "document"), ("Ben Ott", "person"), 0.0),
])
def test_names_differ_only_between_two_named_speakers(a, b, differ):
    base = Claim("a:s0", "a", None, None, "quote", None, "positive", "asserted")
    claims = {"a:s0": dataclasses.replace(base, speaker=a[0], speaker_type=a[1]),
              "b:s0": dataclasses.replace(base, sentence_id="b:s0", article_id="b", speaker=b[0], speaker_type=b[1])}
    assert _pair_signal(claims, "names_differ") == differ


@pytest.mark.parametrize(("a_text", "a_speaker", "b_text", "b_speaker", "unattributed"), [
    # a headline quoting words without naming who said them: someone's words all the same
    ("„Verbrechen führen dazu, dass man euch hasst“", None, "Das schrieb Anna Berg am Montag.", "Anna Berg", 1.0),
    # the last sentence of a quotation that ran over several, its speaker named in none of them
    ("Und jetzt ist Zeit für Neues.“", None, "„Jetzt ist Zeit für Neues“, sagte Berg.", "Anna Berg", 1.0),
    # a statement of the narrator: the outlet states it as fact (what an attribution divergence is)
    ("Die Brücke bleibt bis Mai gesperrt.", None, "„Die Brücke bleibt bis Mai gesperrt“, sagte Berg.", "Anna Berg", 0.0),
    # words outside the quotation: not a quotation on its own
    ("Die Stadt nennt den Plan „absurd“.", None, "„Der Plan ist absurd“, sagte Berg.", "Anna Berg", 0.0),
    # both name their speaker
    ("„Wir bleiben“, sagte Ott.", "Ben Ott", "„Wir bleiben“, sagte Berg.", "Anna Berg", 0.0),
])
def test_a_quotation_printed_without_its_speaker_is_marked(a_text, a_speaker, b_text, b_speaker, unattributed):
    from factcheck.records import Span

    def claim(sid, text, speaker):
        opens = [i for i, ch in enumerate(text) if ch in "„“"]
        quotes = ()
        if text.startswith("„"):
            quotes = (Span(1, text.index("“"), "quote"),)
        elif text.endswith("“") and "„" not in text:
            quotes = (Span(0, text.index("“"), "quote"),)  # a quotation opened in an earlier sentence
        elif len(opens) >= 2:
            quotes = (Span(opens[0] + 1, opens[1], "quote"),)
        return Claim(sid, sid[0], speaker, speaker, "quote" if speaker else "narrator", None, "positive", "asserted",
                     quotes=quotes)

    sent = {"a:s0": Sentence("a:s0", "a", 0, a_text, 0, len(a_text)), "b:s0": Sentence("b:s0", "b", 0, b_text, 0, len(b_text))}
    claims = {"a:s0": claim("a:s0", a_text, a_speaker), "b:s0": claim("b:s0", b_text, b_speaker)}
    assert _pair_signal(claims, "quote_unattributed", sent) == unattributed


def test_no_attribution_for_a_quotation_printed_without_its_speaker_or_one_speaker_named_twice():
    probs = {"attribution": 0.6, "agree": 0.3, "none": 0.1}
    model = _fixed(probs)
    (j,) = judgements(_table([{"speakers_differ": 0.0}], [Candidate("a:s0", "b:s0", 0.5)]), model)
    assert j.kind == "attribution"
    (j,) = judgements(_table([{"quote_unattributed": 1.0}], [Candidate("a:s0", "b:s0", 0.5)]), model)
    assert j.kind == "agree"
    # one speaker named on both sides: the same words are not attributed to different speakers
    (j,) = judgements(_table([{"speakers_same": 1.0}], [Candidate("a:s0", "b:s0", 0.5)]), model)
    assert j.kind == "agree"
    # a title on one side, a name on the other: one speaker as often as not
    (j,) = judgements(_table([{"speakers_differ": 1.0, "title_and_name": 1.0}], [Candidate("a:s0", "b:s0", 0.5)]), model)
    assert j.kind == "agree"
    # two sentences of one article: a headline shortens its body, the writer gives words to one speaker
    (j,) = judgements(_table([{"speakers_differ": 1.0, "same_article": 1.0}], [Candidate("a:s0", "a:s3", 0.5)]), model)
    assert j.kind == "agree"


@pytest.mark.parametrize(("a", "b", "title_and_name"), [
    (("president", "description"), ("Donald Trump", "person"), 1.0),
    (("Sprecherin", "description"), ("Anna Berg", "person"), 1.0),
    (("statement", "document"), ("Anna Berg", "person"), 0.0),  # a document against a person: two sources
    (("Anna Berg", "person"), ("Ben Ott", "person"), 0.0),
    (("Regierung", "group"), ("Sprecherin", "description"), 0.0),
])
def test_a_title_against_a_name_is_marked(a, b, title_and_name):
    base = Claim("a:s0", "a", None, None, "quote", None, "positive", "asserted")
    claims = {"a:s0": dataclasses.replace(base, speaker=a[0], speaker_type=a[1]),
              "b:s0": dataclasses.replace(base, sentence_id="b:s0", article_id="b", speaker=b[0], speaker_type=b[1])}
    assert _pair_signal(claims, "title_and_name") == title_and_name


@pytest.mark.parametrize(("a", "b", "differ"), [
    (("Index", "verlieren", "Prozent"), ("Index", "vorrücken", "Prozent"), 1.0),  # down and up: two days
    (("Index", "verlieren", "Prozent"), ("Index", "sinken", "Prozent"), 0.0),  # down both times
    (("Index", "verlieren", "Prozent"), ("Index", "Prozent"), 0.0),  # one side moves nothing
    (("Index", "steigen", "sinken"), ("Index", "sinken"), 0.0),  # up and down in one sentence: no direction
])
def test_a_figure_that_rose_on_one_side_and_fell_on_the_other_is_marked(a, b, differ):
    base = Claim("a:s0", "a", None, None, "narrator", None, "positive", "asserted", language="de")
    claims = {"a:s0": dataclasses.replace(base, lemmas=a),
              "b:s0": dataclasses.replace(base, sentence_id="b:s0", article_id="b", lemmas=b)}
    directions = {"de": (frozenset({"steigen", "vorrücken"}), frozenset({"sinken", "verlieren"}))}
    assert _pair_signal(claims, "directions_differ", directions=directions) == differ


@pytest.mark.parametrize(("a_text", "b_text", "title"), [
    # one show named on both sides: a title, no words said (written for this test)
    ("Sie tanzt in der Show „Wir bleiben hier“ mit.", "Los geht es mit „Wir bleiben hier“ am Freitag.", 1.0),
    # the show and, besides it, the same words said on both sides: not only a title
    ("In der Show „Wir bleiben hier“ sagte sie: „Ich tanze gern.“", "„Ich tanze gern“, sagte sie.", 0.0),
    # said words only
    ("„Wir bleiben hier“, sagte sie.", "Sie sagte: „Wir bleiben hier.“", 0.0),
])
def test_a_title_both_sides_name_is_marked(cfg, a_text, b_text, title):
    from tests.test_claims import claims_of

    ca, cb = claims_of(cfg, a_text)[0], claims_of(cfg, b_text)[0]
    ca = dataclasses.replace(ca, sentence_id="a:s0", article_id="a")
    cb = dataclasses.replace(cb, sentence_id="b:s0", article_id="b")
    sent = {"a:s0": Sentence("a:s0", "a", 0, a_text, 0, len(a_text)), "b:s0": Sentence("b:s0", "b", 0, b_text, 0, len(b_text))}
    assert _pair_signal({"a:s0": ca, "b:s0": cb}, "quote_title", sent) == title


def test_a_shared_title_is_no_attribution():
    probs = {"attribution": 0.6, "agree": 0.3, "none": 0.1}
    model = _fixed(probs)
    (j,) = judgements(_table([{"quote_title": 1.0}], [Candidate("a:s0", "b:s0", 0.5)]), model)
    assert j.kind == "agree"


def test_two_sentences_of_one_article_are_marked():
    from factcheck.classify.signals import signal_table as table

    claims = {k: Claim(k, k[0], None, None, "narrator", None, "positive", "asserted") for k in SENT}
    t = table([Candidate("a:s0", "a:s1", 0.5), Candidate("a:s0", "b:s0", 0.5)], [], None, claims, SENT, ARTS, set(),
              0.02, 4, {})
    assert t.column("same_article").tolist() == [1.0, 0.0]


def test_two_movements_or_two_figures_of_one_article_are_no_number_mismatch():
    probs = {"number_mismatch": 0.6, "agree": 0.3, "none": 0.1}
    model = _fixed(probs)
    row = {"numbers_conflict": 1.0, "rule_number_mismatch": 0.7}
    (j,) = judgements(_table([row], [Candidate("a:s0", "b:s0", 0.5)]), model)
    assert j.kind == "number_mismatch"
    (j,) = judgements(_table([{**row, "directions_differ": 1.0}], [Candidate("a:s0", "b:s0", 0.5)]), model)
    assert j.kind == "agree"
    # two figures of one article count two things
    (j,) = judgements(_table([{**row, "same_article": 1.0}], [Candidate("a:s0", "a:s1", 0.5)]), model)
    assert j.kind == "agree"


def test_words_of_two_named_speakers_are_no_quote_drift():
    probs = {"quote_drift": 0.6, "agree": 0.3, "none": 0.1}
    model = _fixed(probs)
    row = {"quotes_both": 1.0, "quote_similarity": 0.6, "quote_overlap": 0.6, "quote_verbs": 1.0, "quote_shared": 0.5}
    bounds = QuoteBounds(0.97, 0.3, 3)
    (j,) = judgements(_table([row], [Candidate("a:s0", "b:s0", 0.5)]), model, bounds)
    assert j.kind == "quote_drift"
    (j,) = judgements(_table([{**row, "names_differ": 1.0}], [Candidate("a:s0", "b:s0", 0.5)]), model, bounds)
    assert j.kind == "agree"


@pytest.mark.parametrize(("signals", "says", "never"), [
    ({"speakers_differ": 1.0, "names_differ": 1.0}, "the speakers differ", "named differently"),
    ({"speakers_differ": 1.0}, "the speakers are named differently", "the speakers differ"),  # a title and a name
])
def test_a_judged_finding_says_how_the_speakers_differ(signals, says, never):
    from factcheck.classify.judge import _explain

    probs = {"attribution": 0.5, "agree": 0.3, "none": 0.2}
    model = _fixed(probs, "speakers_differ")
    (j,) = judgements(_table([signals], [Candidate("a:s0", "b:s0", 0.5)]), model)
    text = _explain(j, ("A", "B"))
    assert says in text and never not in text


def test_quote_partial_is_how_closely_the_shorter_quotation_matches_a_stretch_of_the_longer():
    # not seed text: a quotation, a shorter version of it, and another quotation sharing a few words
    cands, sents, claims = _quoting_pairs(
        "Der Trainer", "Der Trainer sagte: „Wir haben heute sehr schlecht verteidigt und das Spiel verdient verloren.“",
        "Er sagte: „Wir haben schlecht verteidigt und verdient verloren.“",
        "Er sagte: „Nächste Woche haben wir wieder ein schweres Spiel.“")
    version, other = signal_table(cands, [], None, claims, sents, ARTS, set(), 0.02, 4, {}).column("quote_partial")
    assert version >= 0.7 > other


@pytest.mark.parametrize(("partial", "kind"), [(0.9, "quote_drift"), (0.7, "quote_drift"), (0.64, "agree")])
def test_a_quote_drift_needs_the_shorter_quotation_to_match_a_stretch_of_the_longer(partial, kind):
    probs = {"quote_drift": 0.6, "agree": 0.3, "none": 0.1}
    row = {"quotes_both": 1.0, "quote_similarity": 0.5, "quote_overlap": 0.6, "quote_verbs": 1.0, "quote_shared": 0.4,
           "quote_partial": partial}
    (j,) = judgements(_table([row], [Candidate("a:s0", "b:s0", 0.5)]), _fixed(probs), QuoteBounds(0.97, 0.3, 3, 0.7))
    assert j.kind == kind


@pytest.mark.parametrize(("a", "b", "same"), [
    # not seed text: two editors' brackets and two spellings of one name in one quotation
    ("Er sagte: „Am Ende wird (der Präsident Wiktor) Janukowitsch zurücktreten müssen.“",
     "Er sagte: „Am Ende wird (Staatschef Viktor) Yanukovych zurücktreten müssen.“", True),
    ("He said: „Now it looks like (strongman Muammar) al-Qaddafi is going to win.“",
     "He said: „Now it looks like Gadhafi is going to win.“", True),
    ("Sie sagte: „Wir haben [die Ukraine] immer unterstützt.“", "Sie sagte: „Wir haben immer unterstützt.“", True),
    ("Sie sagte: „Wir haben die Ukraine immer unterstützt.“", "Sie sagte: „Wir haben immer unterstützt.“", False),
    # two names, not two spellings of one
    ("Er sagte: „Am Ende wird Janukowitsch zurücktreten müssen.“",
     "Er sagte: „Am Ende wird Timoschenko zurücktreten müssen.“", False),
    # a word changed that is no name
    ("Er sagte: „Am Ende wird Janukowitsch zurücktreten müssen.“",
     "Er sagte: „Am Ende wird Janukowitsch gehen müssen.“", False),
    # German capitalises every noun: two alike nouns are two words, not two spellings of a name
    ("Er sagte: „Am Ende wird die Bundesregierung zahlen müssen.“",
     "Er sagte: „Am Ende wird die Landesregierung zahlen müssen.“", False),
])
def test_quote_spelling_is_the_same_words_but_for_brackets_and_how_a_name_is_spelt(a, b, same):
    from factcheck.claims import extract_claims
    from factcheck.config import default_config

    cands, sents, claims = _quoting_pairs("Der Sprecher", a, b, "Er sagte: „Nächste Woche wird wieder verhandelt.“")
    # the names are what the claims read as names (their entities)
    language = "en" if a.startswith("He ") else "de"
    for sid, sent in sents.items():
        art = Article(sid[0], "", sent.text, language=language)
        (read,) = extract_claims(art, (sent,), default_config().claims)
        claims[sid] = dataclasses.replace(claims[sid], entities=read.entities)
    t = signal_table(cands, [], None, claims, sents, ARTS, set(), 0.02, 4, {}, name_spelling=55.0)
    assert t.column("quote_spelling").tolist() == [float(same), 0.0]
    # off unless a ratio is given
    assert signal_table(cands, [], None, claims, sents, ARTS, set(), 0.02, 4, {}).column("quote_spelling").tolist() == [0.0, 0.0]


def test_a_quotation_spelt_two_ways_is_no_quote_drift_and_no_contradiction():
    probs = {"quote_drift": 0.5, "contradict": 0.3, "agree": 0.15, "none": 0.05}
    row = {"quotes_both": 1.0, "quote_similarity": 0.93, "quote_overlap": 0.9, "quote_verbs": 1.0, "quote_shared": 0.8,
           "quote_partial": 0.95}
    bounds = QuoteBounds(0.97, 0.3, 3, 0.7)
    (j,) = judgements(_table([row], [Candidate("a:s0", "b:s0", 0.5)]), _fixed(probs), bounds)
    assert j.kind == "quote_drift"
    (j,) = judgements(_table([{**row, "quote_spelling": 1.0}], [Candidate("a:s0", "b:s0", 0.5)]), _fixed(probs), bounds)
    assert j.kind == "agree"


def test_fewest_words_counts_the_words_of_the_shorter_sentence():
    sents = {"a:s0": Sentence("a:s0", "a", 0, "Polizei Duisburg", 0, 16),
             "b:s0": Sentence("b:s0", "b", 0, "Die Polizei in Duisburg sucht seit Montag zwei Zeugen.", 0, 56)}
    assert _pair_signal({}, "fewest_words", sents) == pytest.approx(0.2)


@pytest.mark.parametrize(("words", "kind"), [(2, "none"), (3, "agree"), (10, "agree")])
def test_a_line_of_one_or_two_words_makes_no_finding(words, kind):
    probs = {"agree": 0.7, "contradict": 0.2, "none": 0.1}
    (j,) = judgements(_table([{"fewest_words": words / 10}], [Candidate("a:s0", "b:s0", 0.5)]), _fixed(probs),
                      min_words=3)
    assert j.kind == kind
