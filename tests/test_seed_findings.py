"""The founding case, end to end from the seed files: Handelsblatt (2014-06-17) and taz/AFP (2014-06-16)
on US–Iran talks. The US position on military cooperation with Iran changed between Monday and the
night to Tuesday, voiced by different speakers; it is not one outlet getting a fact wrong.

Pairs are every cross- and intra-article sentence pair that shares an entity or a noun lemma, has a
rapidfuzz token_set_ratio of at least 50, or neighbours another sentence of its article: far more
than the aligner hands over, so the must-not-flag expectations are tested on pairs that share words.
"""

from __future__ import annotations

import itertools

import pytest
from rapidfuzz import fuzz

from factcheck.claims import extract_claims
from factcheck.classify import classify
from factcheck.ingest import ingest
from factcheck.records import AlignedPair
from factcheck.segment import segment

from .conftest import SEEDS


@pytest.fixture(scope="module")
def seed(cfg):
    articles = {a.id: a for a in ingest([SEEDS], cfg.ingest)}
    sentences, claims = {}, {}
    for article in articles.values():
        group = segment(article, cfg.segment)
        for s, c in zip(group, extract_claims(article, group, cfg.claims)):
            sentences[s.id], claims[s.id] = s, c
    pairs = []
    for x, y in itertools.combinations(sentences, 2):
        cx, cy = claims[x], claims[y]
        same = cx.article_id == cy.article_id
        near = same and abs(sentences[x].index - sentences[y].index) <= 2
        nouns = {w for w in cx.lemmas if w[:1].isupper()} & set(cy.lemmas)
        if near or nouns or set(cx.entities) & set(cy.entities) or fuzz.token_set_ratio(sentences[x].text, sentences[y].text) >= 50:
            pairs.append(AlignedPair(x, y, 0.5, 0.5, 0.5, 0.5, 0.5, (), "intra" if same else "cross"))
    findings = classify(pairs, claims, sentences, articles, cfg.classify)
    return articles, sentences, claims, pairs, findings


def outlet_of(seed, sentence_id):
    articles, sentences, *_ = seed
    return articles[sentences[sentence_id].article_id].outlet


def sid(seed, outlet, needle):
    """The id of the one sentence of ``outlet`` that contains ``needle``."""
    _, sentences, *_ = seed
    (hit,) = [s.id for s in sentences.values() if needle in s.text and outlet_of(seed, s.id) == outlet]
    return hit


def between(seed, a, b):
    findings = seed[-1]
    return [f for f in findings if {f.a, f.b} == {a, b}]


HB, TAZ = "Handelsblatt", "taz"


def test_seeds_are_read_with_outlet_and_date(seed):
    articles = seed[0]
    assert sorted((a.outlet, a.published) for a in articles.values()) == [(HB, "2014-06-17"), (TAZ, "2014-06-16")]


def test_the_official_ruling_out_contradicts_the_secretary_keeping_it_open(seed):
    official = sid(seed, HB, "werde es aber nicht geben")
    quote = sid(seed, TAZ, "nichts ausschließen")
    (f,) = between(seed, official, quote)
    assert (f.kind, f.code, f.severity) == ("contradict", "FC101", "high")
    assert f.reasons == ("position_change_over_time", "different_speakers")
    assert f.explanation.startswith("The USA position changed: on Monday (2014-06-16, taz)")
    assert "in the night to Tuesday (2014-06-17, Handelsblatt)" in f.explanation
    assert "ruled it out ('es … nicht … geben')" in f.explanation


@pytest.mark.parametrize(
    ("hb", "taz"),
    [
        ("schließen die USA jedoch aus", "nichts ausschließen"),
        ("schließen die USA jedoch aus", "hält eine Zusammenarbeit mit dem Iran"),
        ("werde es aber nicht geben", "hält eine Zusammenarbeit mit dem Iran"),
        ("werde es aber nicht geben", "hält auch eine Kooperation der Länder"),
    ],
)
def test_lead_and_official_contradict_the_taz_report(seed, hb, taz):
    (f,) = between(seed, sid(seed, HB, hb), sid(seed, TAZ, taz))
    assert f.kind == "contradict" and f.reason == "position_change_over_time"
    assert "USA" in f.explanation


def test_within_handelsblatt_the_earlier_statement_contradicts_the_official(seed):
    official = sid(seed, HB, "werde es aber nicht geben")
    earlier = sid(seed, HB, "Zuvor hatte Außenminister")
    (f,) = between(seed, official, earlier)
    assert (f.kind, f.reason) == ("contradict", "position_change_over_time")
    assert "earlier ('Zuvor', Handelsblatt)" in f.explanation


def test_contradictions_rank_first(seed):
    findings = seed[-1]
    top = findings[:5]
    assert all(f.kind == "contradict" and f.reason == "position_change_over_time" for f in top)


def test_the_two_wordings_of_the_quote_drift(seed):
    (f,) = between(seed, sid(seed, HB, "Zuvor hatte Außenminister"), sid(seed, TAZ, "nichts ausschließen"))
    assert (f.kind, f.code) == ("quote_drift", "FC107")
    assert "konstruktiv wäre" in f.explanation and "konstruktiv sein könnte" in f.explanation


@pytest.mark.parametrize(
    ("hb", "taz"),
    [
        ("Einsatz von Bodentruppen", "Einsatz von Bodentruppen"),  # Obama ruled out ground troops, in both
        ("erwägten zudem Drohnenangriffe", "über Drohnenangriffe gegen Isil nachdenke"),  # drone strikes
        ("Präsident Hassan Ruhani", "Irans Präsident Hassan Rohani"),  # Ruhani/Rohani merged
    ],
)
def test_agreements(seed, hb, taz):
    (f,) = between(seed, sid(seed, HB, hb), sid(seed, TAZ, taz))
    assert (f.kind, f.code, f.outlets) == ("agree", "FC100", (HB, TAZ))


@pytest.mark.parametrize("taz", ["könnten noch diese Woche Gespräche", "treffen wollten"])
def test_talks_planned_then_held_is_an_update(seed, taz):
    (f,) = between(seed, sid(seed, HB, "haben sich erstmals zu direkten Gesprächen"), sid(seed, TAZ, taz))
    assert (f.kind, f.code) == ("update", "FC108")
    assert "'haben … getroffen'" in f.explanation


def test_must_not_flag(seed):
    findings = seed[-1]
    _, sentences, *_ = seed
    contradictions = [f for f in findings if f.kind == "contradict"]
    # every contradiction is about military cooperation with Iran, never about ground troops
    for f in contradictions:
        texts = sentences[f.a].text + sentences[f.b].text
        assert "Bodentruppen" not in texts
        assert any(w in texts for w in ("Kooperation", "Zusammenarbeit", "nichts ausschließen"))
    # soldiers sent to protect the embassy vs part of the embassy staff withdrawn: nothing at all
    staff = sid(seed, TAZ, "Botschaftspersonals")
    for needle in ("zusätzliche Soldaten zum Schutz", "schickt Soldaten zum Schutz"):
        assert between(seed, sid(seed, HB, needle), staff) == []
    # Obama ruling out ground troops is no conflict with the secretary keeping cooperation open
    assert between(seed, sid(seed, HB, "Einsatz von Bodentruppen"), sid(seed, TAZ, "nichts ausschließen")) == []


def test_the_pair_list_really_holds_word_sharing_non_matches(seed):
    *_, pairs, findings = seed
    assert len(pairs) > 300 and len(findings) < 30


def test_speakers_and_actors_of_the_seed(seed):
    _, sentences, claims, *_ = seed
    official = claims[sid(seed, HB, "werde es aber nicht geben")]
    assert (official.speaker, official.speaker_kind, official.actor) == ("Vertreter US-Außenamt", "reported", "USA")
    assert official.event_date == "2014-06-17"  # "in der Nacht auf Dienstag", two sentences earlier
    chief = claims[sid(seed, TAZ, "ergänzte der US-Chefdiplomat")]
    quote = claims[sid(seed, TAZ, "nichts ausschließen")]
    assert chief.speaker == quote.speaker == "John Kerry" and quote.actor == "USA"
    assert quote.location == "Washington" and quote.agency == "afp"
    letter = claims[sid(seed, HB, "hieß es in dem Schreiben")]
    assert (letter.speaker, letter.speaker_kind) == ("Barack Obama", "document")
    unit = claims[sid(seed, HB, "275 Mann")]
    assert [(q.value, q.unit) for q in unit.quantities] == [(275, "Mann")]
