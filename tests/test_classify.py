"""factcheck.classify: each finding kind on a minimal pair, the pairs that must not be flagged,
fingerprints, ranking, and the rules-only judge_pair."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from factcheck.claims import extract_claims
from factcheck.classify import canonical_entities, classify, fingerprint, judge_pair
from factcheck.codes import CODES, KINDS
from factcheck.records import AlignedPair, Article, Finding, Sentence
from factcheck.config import load_config

DOCS = Path(__file__).resolve().parent.parent / "docs" / "findings.md"


def run(cfg, text_a: str, text_b: str, published=("2014-06-17", "2014-06-17"), ids=("a", "b"), language="de"):
    """Findings for one cross-article pair of one-sentence articles from outlets A and B."""
    articles, sentences, claims = {}, {}, {}
    for aid, text, outlet, pub in zip(ids, (text_a, text_b), ("Outlet A", "Outlet B"), published):
        article = Article(id=aid, title="", text=text, outlet=outlet, published=pub, language=language)
        sentence = Sentence(f"{aid}:s0", aid, 0, text, 0, len(text))
        (claim,) = extract_claims(article, (sentence,), cfg.claims)
        articles[aid], sentences[sentence.id], claims[sentence.id] = article, sentence, claim
    pair = AlignedPair(f"{ids[0]}:s0", f"{ids[1]}:s0", 0.8, 0.9, 0.8, 0.5, 0.5, (), "cross")
    return classify([pair], claims, sentences, articles, cfg.classify), sentences


def kinds(findings: tuple[Finding, ...]) -> list[str]:
    return [f.kind for f in findings]


def test_agree(cfg):
    findings, _ = run(
        cfg,
        "Präsident Max Muster hat den Einsatz von Bodentruppen ausgeschlossen.",
        "Max Muster schloss den Einsatz von Bodentruppen aus.",
    )
    assert kinds(findings) == ["agree"]
    (f,) = findings
    assert (f.code, f.severity, f.outlets) == ("FC100", "info", ("Outlet A", "Outlet B"))


def test_contradict_position_change_over_time(cfg):
    findings, sentences = run(
        cfg,
        "US-Außenministerin Petra Lindner hielt am Montag eine militärische Zusammenarbeit mit dem Iran für möglich.",
        "Eine militärische Kooperation mit Teheran schließen die USA aus.",
        published=("2014-06-16", "2014-06-17"),
    )
    f = findings[0]
    assert (f.kind, f.code, f.severity, f.reason) == ("contradict", "FC101", "high", "position_change_over_time")
    assert f.reasons == ("position_change_over_time", "different_speakers")
    assert "The USA position changed" in f.explanation
    assert "called it possible ('hielt … für … möglich')" in f.explanation
    assert "ruled it out ('schließen … aus')" in f.explanation
    # the earlier statement comes first
    assert f.explanation.index("possible") < f.explanation.index("ruled it out")
    labels = {(e.side, e.label) for e in f.evidence}
    assert {("a", "modality"), ("b", "negation"), ("a", "speaker"), ("a", "time")} <= labels


@pytest.mark.parametrize("published", [
    ("2014-06-17", "2014-06-17"),  # the same day
    # a day apart: neither person speaks for an actor the gazetteer knows, so one holding it possible and the
    # other ruling it out is a contradiction between speakers, not one actor's position changing
    ("2014-06-16", "2014-06-17"),
])
def test_contradict_different_speakers(cfg, published):
    findings, _ = run(
        cfg,
        "Innenminister Markus Weber hält neue Sanktionen gegen den Iran für möglich.",
        "Innenministerin Petra Lindner schließt neue Sanktionen gegen den Iran aus.",
        published=published,
    )
    (f,) = [f for f in findings if f.kind == "contradict"]
    assert f.reasons == ("different_speakers",)


def test_a_statement_is_never_dated_after_its_publication(cfg):
    # "am Freitag" in a plan published on Tuesday is when the plan is for (the Friday after): the statement is
    # Tuesday's, the day of the other one, so nothing is dated apart and no change over time is claimed
    findings, _ = run(
        cfg,
        "Innenminister Markus Weber hält neue Sanktionen gegen den Iran für möglich.",
        "Innenminister Markus Weber wird neue Sanktionen gegen den Iran am Freitag ausschließen.",
        published=("2014-06-17", "2014-06-17"),
    )
    (f,) = [f for f in findings if f.kind == "contradict"]
    assert "position_change_over_time" not in f.reasons


def test_contradict_same_speaker(cfg):
    findings, _ = run(
        cfg,
        "Innenminister Markus Weber hält neue Sanktionen gegen den Iran für möglich.",
        "Innenminister Markus Weber schließt neue Sanktionen gegen den Iran aus.",
    )
    (f,) = [f for f in findings if f.kind == "contradict"]
    assert f.reasons == ("same_speaker",)
    assert "Markus Weber is reported as having" in f.explanation


def test_contradict_asserted_against_denied(cfg):
    findings, _ = run(
        cfg,
        "Die Regierung entsendet Soldaten in die Hauptstadt.",
        "Die Regierung entsendet keine Soldaten in die Hauptstadt.",
    )
    assert [(f.kind, f.code) for f in findings] == [("contradict", "FC102")]


def test_number_mismatch(cfg):
    findings, sentences = run(cfg, "Bei dem Brand im Zoo starben 30 Affen.", "Bei dem Brand im Zoo starben 50 Affen.")
    (f,) = findings
    assert (f.kind, f.code) == ("number_mismatch", "FC103")
    assert {(e.side, e.text) for e in f.evidence} == {("a", "30 Affen"), ("b", "50 Affen")}


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Bei dem Brand im Zoo starben mehr als 30 Affen.", "Bei dem Brand im Zoo starben 32 Affen."),
        ("Bei dem Brand im Zoo starben rund 30 Affen.", "Bei dem Brand im Zoo starben 31 Affen."),
        ("Bei dem Brand im Zoo starben 30 Affen.", "Bei dem Brand im Zoo starben 30 Affen und 2 Vögel."),
    ],
)
def test_compatible_numbers_agree(cfg, a, b):
    findings, _ = run(cfg, a, b)
    assert kinds(findings) == ["agree"]


@pytest.mark.parametrize(
    ("a", "b", "mismatch"),
    [
        # figures of two days or two years are two figures, not one in two versions (written for this test)
        ("Am 12. März 2019 stimmten 391 Abgeordnete gegen den Plan.",
         "Am 29. März 2019 stimmten 344 Abgeordnete gegen den Plan.", False),
        ("Im Jahr 2020 sollen 65 Millionen Tonnen Kohle verbrannt werden.",
         "Im Jahr 2022 sollen 40 Millionen Tonnen Kohle verbrannt werden.", False),
        # the same day named on both sides: one figure in two versions
        ("Am 12. März 2019 stimmten 391 Abgeordnete gegen den Plan.",
         "Am 12. März 2019 stimmten 344 Abgeordnete gegen den Plan.", True),
        # only one side names its day: still one claim
        ("Am 12. März 2019 stimmten 391 Abgeordnete gegen den Plan.",
         "Gegen den Plan stimmten 344 Abgeordnete.", True),
    ],
)
def test_figures_of_two_times_are_no_mismatch(cfg, a, b, mismatch):
    findings, _ = run(cfg, a, b)
    assert ("number_mismatch" in kinds(findings)) is mismatch


def test_date_mismatch(cfg):
    findings, _ = run(
        cfg, "Der Zoo brannte am Dienstag nieder.", "Der Zoo brannte am Mittwoch nieder.",
        published=("2020-01-02", "2020-01-02"),
    )
    (f,) = findings
    assert (f.kind, f.code, f.severity) == ("date_mismatch", "FC104", "medium")
    assert "2019-12-31" in f.explanation and "2020-01-01" in f.explanation


def test_same_weekday_from_different_publication_days_is_no_date_mismatch(cfg):
    # "am Montag" read on Monday and on Tuesday is the same Monday
    findings, _ = run(
        cfg, "Der Zoo brannte am Montag nieder.", "Der Zoo brannte am Montag nieder, sagte die Polizei.",
        published=("2014-06-16", "2014-06-17"),
    )
    assert "date_mismatch" not in kinds(findings)


def test_entity_mismatch(cfg):
    findings, _ = run(
        cfg,
        "Die USA verhängen neue Sanktionen gegen Nordkorea.",
        "Russland verhängt neue Sanktionen gegen Nordkorea.",
    )
    (f,) = findings
    assert (f.kind, f.code) == ("entity_mismatch", "FC105")
    assert "USA" in f.explanation and "Russland" in f.explanation


def test_attribution(cfg):
    findings, _ = run(
        cfg,
        "„Wir werden die Steuern im nächsten Jahr senken“, sagte Kanzler Max Muster.",
        "„Wir werden die Steuern im nächsten Jahr senken“, sagte Finanzministerin Petra Lindner.",
    )
    (f,) = findings
    assert (f.kind, f.code) == ("attribution", "FC106")
    assert "Max Muster" in f.explanation and "Petra Lindner" in f.explanation


def test_quote_drift(cfg):
    findings, sentences = run(
        cfg,
        "Der Minister sagte, er würde „nichts ausschließen, was konstruktiv wäre“.",
        "„Ich würde nichts ausschließen, was konstruktiv sein könnte“, sagte der Minister.",
    )
    (f,) = [f for f in findings if f.kind == "quote_drift"]
    assert f.code == "FC107"
    assert {e.label for e in f.evidence} == {"quote"}
    assert "„nichts ausschließen, was konstruktiv wäre“" in f.explanation


def test_a_quote_drift_names_the_earlier_publication_first(cfg):
    # as the divergence's cards stand: the earlier side first, whichever article the pair lists first
    a = "Der Minister sagte, er würde „nichts ausschließen, was konstruktiv wäre“."
    b = "„Ich würde nichts ausschließen, was konstruktiv sein könnte“, sagte der Minister."
    for published, first in ((("2014-06-17", "2014-06-16"), "Outlet B"), (("2014-06-16", "2014-06-17"), "Outlet A"),
                             ((None, "2014-06-17"), "Outlet B"), (("2014-06-17", "2014-06-17"), "Outlet A")):
        (f,) = [f for f in run(cfg, a, b, published=published)[0] if f.kind == "quote_drift"]
        other = "Outlet A" if first == "Outlet B" else "Outlet B"
        assert f.explanation.index(first) < f.explanation.index(other), (published, f.explanation)


def _english_drift(cfg, text_a: str, text_b: str) -> Finding:
    (f,) = [f for f in run(cfg, text_a, text_b, language="en")[0] if f.kind == "quote_drift"]
    return f


def test_an_english_quote_drift_quotes_in_english_marks(cfg):
    f = _english_drift(cfg, 'The mayor said the city would "never close the bridge again".',
                       '"We will not close the bridge again," the mayor said.')
    assert "“never close the bridge again”" in f.explanation and "„" not in f.explanation


def test_an_english_description_is_named_with_the(cfg):
    f = _english_drift(cfg, '"We will never close the bridge again," the mayor said.',
                       '"We will not ever close that bridge again," the minister said.')
    # two speakers for nearly the same words: the explanation names both sources, not "the same quotation"
    assert "quoted from the mayor by Outlet A and from the minister by Outlet B" in f.explanation
    assert "The same quotation" not in f.explanation


def test_an_excerpt_is_the_same_quotation():
    from factcheck.classify.rules import is_excerpt, quote_words

    whole = [quote_words("the dprk will join international efforts to halt the nuclear test altogether .")]
    cut = [quote_words(" will join international efforts "), quote_words("the nuclear test altogether .")]
    assert is_excerpt(cut, whole)
    assert not is_excerpt([quote_words("join international efforts to halt nuclear tests")], whole)  # "tests"
    assert not is_excerpt([quote_words("in")], [quote_words("international")])  # whole words only
    assert not is_excerpt([], whole) and not is_excerpt([""], whole)


def test_identical_or_excerpted_quotes_are_no_drift(cfg):
    findings, _ = run(
        cfg,
        "Der Minister sagte, er würde „nichts ausschließen“.",
        "„Ich würde nichts ausschließen, was konstruktiv sein könnte“, sagte der Minister.",
    )
    assert "quote_drift" not in kinds(findings)


def test_update_planned_then_happened(cfg):
    findings, _ = run(
        cfg,
        "Vertreter beider Länder wollen sich noch diese Woche in Wien zu Gesprächen treffen.",
        "Vertreter beider Länder haben sich in Wien zu Gesprächen getroffen.",
        published=("2014-06-16", "2014-06-17"),
    )
    (f,) = findings
    assert (f.kind, f.code, f.severity) == ("update", "FC108", "low")
    assert "planned ('wollen')" in f.explanation and "'haben … getroffen'" in f.explanation


def test_a_plan_reported_after_the_fact_is_no_update(cfg):
    findings, _ = run(
        cfg,
        "Vertreter beider Länder wollen sich noch diese Woche in Wien zu Gesprächen treffen.",
        "Vertreter beider Länder haben sich in Wien zu Gesprächen getroffen.",
        published=("2014-06-18", "2014-06-17"),
    )
    assert "update" not in kinds(findings)


# ---------------------------------------------------------------- must not flag


@pytest.mark.parametrize(
    ("a", "b"),
    [
        # the same cue word on different propositions
        (
            "Präsident Barack Obama hat den Einsatz von Bodentruppen ausgeschlossen.",
            "US-Außenministerin Petra Lindner würde eine Zusammenarbeit mit dem Iran nicht ausschließen.",
        ),
        ("Der Minister schließt Steuererhöhungen aus.", "Die Polizei schließt einen Anschlag nicht aus."),
        # sending soldiers to protect the embassy vs withdrawing part of the staff
        (
            "Die Regierung entsendet zusätzliche Soldaten zum Schutz der Botschaft in Bagdad.",
            "Am Wochenende hatte die Regierung einen Teil des Botschaftspersonals aus Bagdad abgezogen.",
        ),
        # two parties with different positions: news, not an inconsistency between outlets
        (
            "Der Iran hält eine Zusammenarbeit mit den USA für möglich.",
            "Die USA schließen eine Zusammenarbeit mit dem Iran aus.",
        ),
        # a headline fragment states nothing a denial could contradict
        ("Irans oberster Führer Ali Chamenei", "Irans oberster Führer Ali Chamenei wies die Vorwürfe zurück."),
        # a question asserts nothing
        ("Warum kommen die Soldaten nicht?", "Die Soldaten kommen."),
    ],
)
def test_must_not_flag(cfg, a, b):
    findings, _ = run(cfg, a, b)
    assert not [f for f in findings if f.kind != "agree"], [f.explanation for f in findings]
    assert "contradict" not in kinds(findings)


def test_unrelated_sentences_give_nothing(cfg):
    findings, _ = run(cfg, "Der Zoo brannte am Dienstag nieder.", "Die Regierung plant neue Steuern.")
    assert findings == ()


# ---------------------------------------------------------------- fingerprints, ranking, evidence, codes


def test_fingerprint_depends_on_content_and_articles_not_positions_or_order(cfg):
    texts = ("Die Regierung entsendet Soldaten in die Hauptstadt.", "Die Regierung entsendet keine Soldaten in die Hauptstadt.")
    first, _ = run(cfg, *texts)
    swapped, _ = run(cfg, *reversed(texts), ids=("b", "a"))
    assert first[0].fingerprint == swapped[0].fingerprint
    assert fingerprint("agree", "FC100", "Ein  Satz.", "Noch einer", "x", "y") == fingerprint(
        "agree", "FC100", "noch einer", "ein satz", "y", "x"
    )
    assert fingerprint("agree", "FC100", "a b", "c") != fingerprint("contradict", "FC101", "a b", "c")
    # two agency copies of one sentence in different articles are different findings
    other_articles, _ = run(cfg, *texts, ids=("x", "y"))
    assert first[0].fingerprint != other_articles[0].fingerprint


def test_findings_are_ranked_by_severity_times_confidence(cfg):
    texts = [
        ("Innenminister Markus Weber hält neue Sanktionen für möglich.", "Innenminister Markus Weber schließt neue Sanktionen aus."),
        ("Präsident Max Muster hat Bodentruppen ausgeschlossen.", "Max Muster schloss Bodentruppen aus."),
        ("Bei dem Brand im Zoo starben 30 Affen.", "Bei dem Brand im Zoo starben 50 Affen."),
    ]
    articles, sentences, claims, pairs = {}, {}, {}, []
    for n, (ta, tb) in enumerate(texts):
        for side, text in (("a", ta), ("b", tb)):
            aid = f"{side}{n}"
            art = Article(id=aid, title="", text=text, outlet=aid, published="2014-06-17", language="de")
            sen = Sentence(f"{aid}:s0", aid, 0, text, 0, len(text))
            articles[aid], sentences[sen.id] = art, sen
            claims[sen.id] = extract_claims(art, (sen,), cfg.claims)[0]
        pairs.append(AlignedPair(f"a{n}:s0", f"b{n}:s0", 0.8, 0.9, 0.8, 0.5, 0.5))
    findings = classify(pairs, claims, sentences, articles, cfg.classify)
    rank = cfg.classify.severity_rank
    scores = [rank[f.severity] * f.confidence for f in findings]
    assert scores == sorted(scores, reverse=True)
    assert findings[-1].kind == "agree"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Innenminister Markus Weber hält am Montag neue Sanktionen für möglich.", "Innenministerin Petra Lindner schließt neue Sanktionen aus."),
        ("Bei dem Brand im Zoo starben 30 Affen.", "Bei dem Brand im Zoo starben 50 Affen."),
        ("Der Minister sagte, er würde „nichts ausschließen, was konstruktiv wäre“.", "„Ich würde nichts ausschließen, was konstruktiv sein könnte“, sagte der Minister."),
    ],
)
def test_evidence_offsets_point_into_the_sentences(cfg, a, b):
    findings, sentences = run(cfg, a, b)
    assert findings
    for f in findings:
        for e in f.evidence:
            marked = sentences[f.a if e.side == "a" else f.b].text[e.start : e.end]
            # discontinuous cues are written "hält … für … möglich": the span runs from first to last piece
            pieces = e.text.split(" … ")
            assert marked.startswith(pieces[0]) and marked.endswith(pieces[-1]), (marked, e)


def test_findings_round_trip_and_carry_registered_codes(cfg):
    findings, _ = run(cfg, "Die Regierung entsendet Soldaten in die Hauptstadt.", "Die Regierung entsendet keine Soldaten in die Hauptstadt.")
    for f in findings:
        assert Finding.from_dict(f.to_dict()) == f
        assert (CODES[f.code].kind, CODES[f.code].severity) == (f.kind, f.severity)


def test_every_code_is_documented():
    text = DOCS.read_text(encoding="utf-8")
    for code in CODES.values():
        section = re.search(rf"^## {code.code} · {code.kind}\b.*?(?=^## |\Z)", text, re.M | re.S)
        assert section, f"{code.code} missing from docs/findings.md"
        assert code.severity in section.group(0)
    assert set(KINDS) >= {"agree", "contradict", "number_mismatch", "date_mismatch", "entity_mismatch",
                          "update", "attribution", "quote_drift"}


def test_codes_are_never_renumbered():
    # published codes keep their kind; add new codes at the end, never reuse one
    assert {c: v.kind for c, v in CODES.items()} == {
        "FC100": "agree", "FC101": "contradict", "FC102": "contradict", "FC103": "number_mismatch",
        "FC104": "date_mismatch", "FC105": "entity_mismatch", "FC106": "attribution", "FC107": "quote_drift",
        "FC108": "update", "FC109": "possible_contradiction", "FC110": "contradict",
    }


def test_pairs_without_claims_are_skipped(cfg):
    pair = AlignedPair("nope:s0", "nada:s0", 0.9, 0.9, 0.9, 0.9, 0.9)
    assert classify([pair], {}, {}, {}, cfg.classify) == ()


def test_canonical_entities_merges_spelling_variants_only(cfg):
    findings, _ = run(
        cfg,
        "Präsident Hassan Ruhani hatte sich offen für eine Zusammenarbeit mit den USA im Kampf gegen Isis gezeigt.",
        "Irans Präsident Hassan Rohani hatte sich offen für eine Zusammenarbeit mit den USA im Kampf gegen Isis gezeigt.",
    )
    assert kinds(findings) == ["agree"]
    claims = []
    for text in ("Hassan Ruhani kam.", "Hassan Rohani kam.", "Der Iran und der Irak schweigen."):
        art = Article(id="x", title="", text=text, language="de")
        claims += extract_claims(art, (Sentence("x:s0", "x", 0, text, 0, len(text)),), cfg.claims)
    canon = canonical_entities(claims, cfg.classify)
    assert canon["Hassan Rohani"] == canon["Hassan Ruhani"]
    assert canon["Iran"] != canon["Irak"]


def _canonical_by_loop(claims, cfg):
    """canonical_entities as first written: every name against every head, in Python (the reference)."""
    from collections import Counter

    from rapidfuzz import fuzz

    counts = Counter()
    for c in claims:
        counts.update(n for n in (c.speaker, c.holder, *c.entities) if n)
        for st in c.stances:
            counts.update(st.entities)
    canon, heads = {}, []
    for name in sorted(counts, key=lambda n: (-len(n.split()), -counts[n], n)):
        target = next((h for h in heads if len(h.split()) == len(name.split()) and len(name) >= 5
                       and fuzz.ratio(name, h) >= cfg.entity_fuzzy_threshold), None)
        if target is None and len(name.split()) == 1:
            fulls = [h for h in heads if len(h.split()) > 1 and not any(w in counts for w in h.split()[:-1])
                     and fuzz.ratio(h.split()[-1], name) >= cfg.entity_fuzzy_threshold]
            exact = [h for h in fulls if h.split()[-1] == name]
            fulls = exact or ([] if any(n.split()[-1] == name for n in counts if len(n.split()) > 1) else fulls)
            target = fulls[0] if len(fulls) == 1 else None
        if target is None:
            heads.append(name)
            target = name
        canon[name] = target
    return canon


def test_canonical_entities_matches_the_plain_loop(cfg):
    from factcheck.records import Claim

    names = ["Barack Obama", "Obama", "Hassan Ruhani", "Hassan Rohani", "Ruhani", "Iran", "Irak", "Irans",
             "Vertreter USA Iran", "USA", "Angela Merkel", "Merkel", "Angela Merkels", "Frank Walter Steinmeier",
             "Frank-Walter Steinmeier", "Steinmeier", "Sebastian Kurz", "Kurz", "Werner Kogler", "Kogler", "Koglers",
             "Joe Biden", "Hunter Biden", "Biden", "Donald Trump", "Trump", "Trumps", "Ivanka Trump"]
    claims = [Claim(f"a:s{i}", "a", speaker, None, "quote", None, "positive", "asserted",
                    entities=tuple(names[(i * 7 + k) % len(names)] for k in range(i % 4)))
              for i, speaker in enumerate(names * 2)]
    canon = canonical_entities(claims, cfg.classify)
    assert canon == _canonical_by_loop(claims, cfg.classify)
    assert canon["Obama"] == "Barack Obama" and canon["Biden"] == "Biden"  # two full names end in Biden


def test_a_surname_never_joins_a_look_alike_when_a_full_name_ends_with_it(cfg):
    # "Werner" is a name of its own too, so "Werner Kowalski" takes no lone surname; "Kowalski" must still not
    # become the look-alike "Anna Kowalsky" (ratio 88)
    from factcheck.records import Claim

    names = ["Werner Kowalski", "Werner", "Anna Kowalsky", "Kowalski", "Kowalsky", "Tom Lee", "Lee"]
    claims = [Claim(f"a:s{i}", "a", name, None, "quote", None, "positive", "asserted") for i, name in enumerate(names)]
    canon = canonical_entities(claims, cfg.classify)
    assert canon == _canonical_by_loop(claims, cfg.classify)
    assert canon["Kowalski"] != "Anna Kowalsky" and canon["Lee"] == "Tom Lee"


# ---------------------------------------------------------------- judge_pair


@pytest.mark.parametrize(
    ("premise", "hypothesis", "label"),
    [
        ("Die Regierung schließt Bodentruppen aus.", "Die Regierung hält Bodentruppen für möglich.", "contradiction"),
        ("Bei dem Brand starben 30 Affen im Zoo.", "Bei dem Brand starben 50 Affen im Zoo.", "contradiction"),
        ("Die Regierung entsendet am Montag Soldaten in die Hauptstadt.", "Die Regierung entsendet Soldaten.", "entailment"),
        # word coverage is a poor neutrality signal, so by default the rules abstain ...
        ("Der Zoo brannte am Dienstag nieder.", "Die Regierung plant neue Steuern.", None),
    ],
)
def test_judge_pair(cfg, premise, hypothesis, label):
    verdict = judge_pair(premise, hypothesis, "de", cfg.classify, cfg.claims)
    assert verdict.label == label
    assert 0 <= verdict.confidence <= 1 and verdict.explanation
    if label == "contradiction":
        assert verdict.code in CODES


def test_judge_pair_neutral_when_configured(cfg):
    # ... unless a neutral threshold is configured
    classify_cfg = cfg.classify.model_copy(update={"judge_neutral_coverage": 0.3})
    verdict = judge_pair("Der Zoo brannte am Dienstag nieder.", "Die Regierung plant neue Steuern.", "de",
                         classify_cfg, cfg.claims)
    assert verdict.label == "neutral" and verdict.code is None


def test_judge_pair_abstains_when_unsure(cfg):
    verdict = judge_pair(
        "Die Regierung entsendet Soldaten in die Hauptstadt.", "Die Regierung entsendet Ärzte in die Hauptstadt.",
        "de", cfg.classify, cfg.claims,
    )
    assert verdict.label is None and verdict.code is None


def test_judge_pair_english_does_not_crash(cfg):
    verdict = judge_pair("The minister ruled out ground troops.", "The minister said ground troops were possible.",
                         "en", cfg.classify, cfg.claims)
    assert verdict.label in {"contradiction", None}


@pytest.mark.parametrize(
    ("planned", "happened", "update"),
    [
        # the same event verb, or a synonym from the lexicon (präsentieren ~ verkünden)
        ("Die Parteichefs wollen die Einigung am Abend offiziell präsentieren.",
         "Die Parteichefs verkündeten die Einigung am Abend offiziell.", True),
        # a light verb: the noun names the event (Gespräche führen ~ sich treffen)
        ("Vertreter beider Staaten könnten noch diese Woche Gespräche über die Krise führen.",
         "Vertreter beider Staaten haben sich zu Gesprächen über die Krise getroffen.", True),
        # presenting a programme later is not the agreement on it
        ("Die Parteien werden am Donnerstag ihr gemeinsames Regierungsprogramm präsentieren.",
         "Die Parteien haben sich auf ein gemeinsames Regierungsprogramm geeinigt.", False),
    ],
)
def test_update_needs_the_same_event(cfg, planned, happened, update):
    findings, _ = run(cfg, planned, happened, published=("2024-01-01", "2024-01-02"))
    assert ("update" in kinds(findings)) is update, [f.explanation for f in findings]


@pytest.mark.parametrize("light", load_config().classify.light_verbs["de"])
def test_each_light_verb_lets_the_noun_name_the_event(cfg, light):
    planned = f"Die Delegationen wollen am Montag in Wien Gespräche über die Krise {light}."
    happened = "Die Delegationen haben sich am Montag in Wien zu Gesprächen über die Krise getroffen."
    findings, _ = run(cfg, planned, happened, published=("2024-01-01", "2024-01-02"))
    assert "update" in kinds(findings), [f.explanation for f in findings]


@pytest.mark.parametrize(("topic", "listed"), [
    (["Islamischen Republik", "Republik", "Zusammenarbeit", "islamisch", "militärisch"],
     "Islamischen Republik, Zusammenarbeit, militärisch"),  # a name's own lemmas are not repeated
    (["Brücke", "Sanierung"], "Brücke, Sanierung"),
    (["a", "b", "c", "d", "e", "f", "g"], "a, b, c, d, e, f"),  # at most six
])
def test_explanations_list_each_topic_word_once(topic, listed):
    from factcheck.classify.rules import _about

    assert _about(topic) == listed
