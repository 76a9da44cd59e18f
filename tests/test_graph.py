from __future__ import annotations

import dataclasses
import io

import networkx as nx

from factcheck.graph import build_facts, build_graph, build_timelines
from factcheck.records import Article, Claim, Finding, Sentence

ARTICLES = [
    Article(id="a", title="A", text="", outlet="Tagesblatt", published="2024-03-05"),
    Article(id="b", title="B", text="", outlet="Abendpost", published="2024-03-04"),
]
TEXTS = {
    "a:s0": "Die Regierung schließt eine Zusammenarbeit aus.",
    "a:s1": "Die Brücke wird 120 Meter lang.",
    "a:s2": "Zuvor hatte die Ministerin eine Zusammenarbeit für möglich gehalten.",
    "b:s0": "Die Ministerin hält eine Zusammenarbeit für möglich.",
    "b:s1": "Die Brücke soll 120 Meter lang werden.",
}
SENTENCES = [
    Sentence(id=sid, article_id=sid[0], index=int(sid[-1]), text=t, start=0, end=len(t)) for sid, t in TEXTS.items()
]


def _claim(sid, speaker=None, actor=None, modality="asserted", polarity="positive", event_date="", order=""):
    return Claim(
        sentence_id=sid, article_id=sid[0], speaker=speaker, speaker_text=speaker, speaker_kind="reported",
        actor=actor, polarity=polarity, modality=modality, entities=("Regierung",) if actor else (),
        lemmas=("Zusammenarbeit",) if actor else ("Brücke",), event_date=event_date, event_order=order,
    )


CLAIMS = [
    _claim("a:s0", "Sprecher", "Land", "ruled_out", "negative", "2024-03-05"),
    _claim("a:s1"),
    _claim("a:s2", "Ministerin", "Land", "possible", order="before"),
    _claim("b:s0", "Ministerin", "Land", "possible", event_date="2024-03-04"),
    _claim("b:s1"),
]


def _finding(kind, a, b, reason=""):
    return Finding(fingerprint=f"{kind}-{a}-{b}", kind=kind, code="FC100", severity="info", confidence=0.8,
                   a=a, b=b, explanation="x", reason=reason)


FINDINGS = [
    _finding("agree", "a:s1", "b:s1"),
    _finding("contradict", "a:s0", "b:s0", "position_change_over_time"),
    _finding("contradict", "a:s0", "a:s2", "position_change_over_time"),
    _finding("agree", "a:s2", "b:s0"),
]


def test_facts_collapse_agreeing_claims_and_flag_single_source():
    facts = build_facts(SENTENCES, FINDINGS, {a.id: a for a in ARTICLES})
    assert len(facts) == 3  # bridge (2 outlets), cooperation possible (2 outlets), ruled out (1)
    multi = [f for f in facts if not f.single_source]
    assert {f.sentences for f in multi} == {("a:s1", "b:s1"), ("a:s2", "b:s0")}
    # the earliest outlet's wording represents the fact
    assert next(f for f in multi if "a:s1" in f.sentences).text == TEXTS["b:s1"]
    single = [f for f in facts if f.single_source]
    assert [(f.sentences, f.outlets) for f in single] == [(("a:s0",), ("Tagesblatt",))]


def test_fact_ids_are_content_based():
    by_id = {a.id: a for a in ARTICLES}
    ids = {f.id for f in build_facts(SENTENCES, FINDINGS, by_id)}
    reordered = build_facts(list(reversed(SENTENCES)), list(reversed(FINDINGS)), by_id)
    assert ids == {f.id for f in reordered}


def test_timeline_orders_statements_and_marks_position_change():
    timelines = build_timelines(ARTICLES, SENTENCES, CLAIMS, FINDINGS)
    assert len(timelines) == 1
    t = timelines[0]
    assert t.actor == "Land" and t.changed
    # b:s0 dated 03-04; a:s2 "zuvor" = earlier than its article's day (03-05); a:s0 on 03-05
    order = [st.sentence for st in t.statements]
    assert order[-1] == "a:s0"
    assert [st.modality for st in t.statements] == ["possible", "possible", "ruled_out"]
    assert {st.sentence: st.dated_by for st in t.statements} == {"a:s2": "before", "b:s0": "text", "a:s0": "text"}


def test_no_change_without_a_contradiction():
    agreeing = [f for f in FINDINGS if f.kind == "agree"] + [_finding("agree", "a:s0", "b:s0")]
    (t,) = build_timelines(ARTICLES, SENTENCES, CLAIMS, agreeing)
    assert not t.changed


def test_one_wording_in_two_outlets_is_no_timeline():
    # the same wire sentence in two papers: corroboration (a fact), not positions over time
    copy = "Die Ministerin hält eine Zusammenarbeit für möglich."
    texts = {"a:s0": copy, "b:s0": "  die Ministerin hält eine  Zusammenarbeit für möglich."}
    sentences = [Sentence(id=sid, article_id=sid[0], index=0, text=t, start=0, end=len(t)) for sid, t in texts.items()]
    claims = [_claim("a:s0", "Ministerin", "Land", "possible"), _claim("b:s0", "Ministerin", "Land", "possible")]
    assert build_timelines(ARTICLES, sentences, claims, [_finding("agree", "a:s0", "b:s0")]) == ()
    # another wording of the same position is a second statement
    texts["b:s0"] = "Eine Zusammenarbeit sei möglich, sagte die Ministerin."
    sentences = [Sentence(id=sid, article_id=sid[0], index=0, text=t, start=0, end=len(t)) for sid, t in texts.items()]
    (t,) = build_timelines(ARTICLES, sentences, claims, [_finding("agree", "a:s0", "b:s0")])
    assert [st.sentence for st in t.statements] == ["b:s0", "a:s0"]  # b was published a day earlier


def test_graph_has_typed_nodes_and_edges_and_round_trips_graphml():
    facts = build_facts(SENTENCES, FINDINGS, {a.id: a for a in ARTICLES})
    g = build_graph(ARTICLES, SENTENCES, CLAIMS, (), FINDINGS, facts)
    assert g.nodes["a:s0"]["type"] == "claim"
    assert g.nodes["speaker:Ministerin"]["type"] == "speaker"
    types = {d["type"] for _, _, d in g.edges(data=True)}
    assert types == {"agrees", "contradicts", "attributed_to", "mentions"}
    contra = [d for u, v, d in g.edges(data=True) if d["type"] == "contradicts"]
    assert {d["reason"] for d in contra} == {"position_change_over_time"}
    buf = io.BytesIO()
    nx.write_graphml(g, buf)
    back = nx.read_graphml(io.BytesIO(buf.getvalue()))
    assert back.number_of_nodes() == g.number_of_nodes()
    assert back.number_of_edges() == g.number_of_edges()


def test_a_speaker_keyed_by_lemmas_is_shown_as_the_sentence_writes_it():
    # "Sprecherin Landesamt" is the key of "die Sprecherin des Landesamtes": no reader writes it
    claims = [dataclasses.replace(c, speaker="Sprecherin Landesamt", speaker_text="die Sprecherin des Landesamtes")
              if c.sentence_id == "a:s0" else c for c in CLAIMS]
    (t,) = build_timelines(ARTICLES, SENTENCES, claims, FINDINGS)
    shown = {st.sentence: (st.speaker, st.speaker_text) for st in t.statements}
    assert shown["a:s0"] == ("Sprecherin Landesamt", "die Sprecherin des Landesamtes")
    # a name reads as it is: "Ministerin" is written as such
    assert shown["b:s0"] == ("Ministerin", None)
