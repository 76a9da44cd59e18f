"""Baseline files: validation, sorted output, decisions, matching, update/prune, other decision sources."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factcheck import baseline as bl
from factcheck.classify.divergences import divergence_fingerprint
from factcheck.errors import FactcheckError
from factcheck.records import Divergence, DivergenceSide

TEXTS = {
    "a:s0": "Bei dem Unglück starben 30 Menschen.",
    "b:s0": "Bei dem Unglück starben 50 Menschen.",
    "c:s0": "Beim Unglück kamen 30 Menschen ums Leben.",
    "d:s0": "Die Regierung erhöht die Steuern.",
    "e:s0": "Die Regierung senkt die Steuern.",
}


def divergence(left, right, kind="number_mismatch", texts=TEXTS) -> Divergence:
    fp = divergence_fingerprint(kind, [texts[s] for s in left], [texts[s] for s in right])
    side = lambda ids: DivergenceSide(sentences=tuple(ids), articles=tuple(s.split(":")[0] for s in ids),  # noqa: E731
                                      outlets=tuple(s.split(":")[0].upper() for s in ids), first_published="2024-05-06",
                                      last_published="2024-05-06", text=texts[ids[0]])
    return Divergence(id=f"D{fp[:10]}", fingerprint=fp, kind=kind, code="FC103", severity="high", confidence=0.8,
                      sides=(side(left), side(right)), evidence=(), explanation="numbers differ")


def test_file_is_sorted_diff_friendly_json_and_round_trips(tmp_path):
    entries = [bl.entry_for(divergence(["d:s0"], ["e:s0"], "contradict"), TEXTS, time="2026-01-02T03:04:05Z"),
               bl.entry_for(divergence(["a:s0"], ["b:s0"]), TEXTS, time="2026-01-02T03:04:05Z")]
    path = bl.write_baseline(tmp_path / "b.json", entries)
    text = path.read_text(encoding="utf-8")
    data = json.loads(text)
    assert data["schema"] == bl.SCHEMA
    fps = [e["fingerprint"] for e in data["entries"]]
    assert fps == sorted(fps)
    assert text.endswith("}\n") and '\n  "entries": [\n' in text  # two-space indent, one key per line
    loaded = bl.load_baseline(path)
    assert {e.fingerprint: e for e in loaded.entries} == {e.fingerprint: e for e in entries}
    # writing what was read changes nothing (no churn in diffs)
    assert bl.Baseline(loaded.entries).dumps() == text


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(bl.DECISIONS), st.text(min_size=1, max_size=30).filter(str.strip),
                          st.text(min_size=1, max_size=60).filter(str.strip)), min_size=1, max_size=6))
def test_round_trip_of_any_decisions(tmp_path_factory, decisions):
    base = bl.entry_for(divergence(["a:s0"], ["b:s0"]), TEXTS, time="2026-01-02T03:04:05Z")
    entries = []
    for n, (decision, reviewer, note) in enumerate(decisions):
        fp = f"{n:040x}"
        entries.append(bl.BaselineEntry(fingerprint=fp, kind=base.kind, code=base.code, sides=base.sides,
                                        decision=decision, reviewer=reviewer, note=note, time=base.time))
    path = tmp_path_factory.mktemp("rt") / "b.json"
    bl.write_baseline(path, entries)
    assert bl.load_baseline(path).entries == tuple(entries)


GOOD = {"fingerprint": "a" * 40, "kind": "contradict", "code": "FC101",
        "sides": [{"text": "x", "outlets": ["A"], "sentences": []}, {"text": "y", "outlets": ["B"], "sentences": []}],
        "decision": "dismissed", "reviewer": "ed", "note": "same event", "time": "2026-01-02T03:04:05Z"}


@pytest.mark.parametrize(("content", "message"), [
    ("{", "not valid JSON (line 1"),
    ("[]", "expected a JSON object"),
    ('{"schema": "other/1", "entries": []}', "schema is 'other/1'"),
    ('{"schema": "factcheck.baseline/1", "entries": {}}', "entries must be a list"),
    ('{"schema": "factcheck.baseline/1", "entries": [], "extra": 1}', "unknown keys ['extra']"),
    (json.dumps({"schema": bl.SCHEMA, "entries": [dict(GOOD, decision="ignored")]}), "decision 'ignored' is none of"),
    (json.dumps({"schema": bl.SCHEMA, "entries": [dict(GOOD, note="")]}), "dismissed entry gives its reason"),
    (json.dumps({"schema": bl.SCHEMA, "entries": [dict(GOOD, decision="accepted", note=" ")]}), "gives its reason"),
    (json.dumps({"schema": bl.SCHEMA, "entries": [dict(GOOD, reviewer="")]}), "names its reviewer"),
    (json.dumps({"schema": bl.SCHEMA, "entries": [dict(GOOD, fingerprint="xyz")]}), "40 lower-case hex"),
    (json.dumps({"schema": bl.SCHEMA, "entries": [dict(GOOD, time="yesterday")]}), "not an ISO 8601"),
    (json.dumps({"schema": bl.SCHEMA, "entries": [dict(GOOD, colour="red")]}), "unknown keys ['colour']"),
    (json.dumps({"schema": bl.SCHEMA, "entries": [dict(GOOD, sides=[])]}), "sides must be a list of two"),
    (json.dumps({"schema": bl.SCHEMA, "entries": [GOOD, GOOD]}), "appears twice"),
    (json.dumps({"schema": bl.SCHEMA, "entries": ["x"]}), "entry 1: not an object"),
])
def test_malformed_baseline_is_one_line_error_naming_the_file(tmp_path, content, message):
    path = tmp_path / "baseline.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(bl.BaselineError) as err:
        bl.load_baseline(path)
    text = str(err.value)
    assert message in text and str(path) in text and "\n" not in text
    assert err.value.exit_code == 2


def test_a_baseline_not_in_utf8_names_what_is_wrong(tmp_path):
    path = tmp_path / "baseline.json"
    path.write_bytes(json.dumps({"schema": bl.SCHEMA, "entries": []}).encode("utf-16"))
    with pytest.raises(bl.BaselineError) as err:
        bl.load_baseline(path)
    assert "not UTF-8 text" in str(err.value) and str(path) in str(err.value)  # was "(UnicodeDecodeError)"
    with pytest.raises(bl.BaselineError, match="cannot read baseline"):
        bl.load_baseline(tmp_path)


def test_missing_baseline_says_how_to_make_one(tmp_path):
    with pytest.raises(bl.BaselineError, match="baseline create"):
        bl.load_baseline(tmp_path / "nope.json")


def test_undecided_and_confirmed_need_no_note():
    for decision in ("undecided", "confirmed"):
        entry = bl.BaselineEntry.from_dict(dict(GOOD, decision=decision, note=""))
        assert bl._entry_problem(entry) == ""


def test_decide_sets_reviewer_note_time_and_refuses_a_suppression_without_reason(tmp_path):
    d = divergence(["a:s0"], ["b:s0"])
    current = bl.Baseline((bl.entry_for(d, TEXTS),))
    new, changed = bl.decided(current, [d.id], "dismissed", "ed", "two counts, both reported", "2026-02-03T00:00:00Z")
    assert [(e.decision, e.reviewer, e.note, e.time) for e in new.entries] == [
        ("dismissed", "ed", "two counts, both reported", "2026-02-03T00:00:00Z")]
    assert changed == new.entries
    with pytest.raises(FactcheckError, match="gives its reason"):
        bl.decided(current, [d.id], "accepted", "ed", "")
    with pytest.raises(FactcheckError, match="no entry"):
        bl.decided(current, ["D0000000000"], "confirmed", "ed")
    with pytest.raises(FactcheckError, match="not a fingerprint"):
        bl.decided(current, ["x1"], "confirmed", "ed")


def test_resolve_by_id_fingerprint_and_prefix_and_ambiguity():
    e1 = bl.BaselineEntry.from_dict(dict(GOOD, fingerprint="abcdef" + "1" * 34))
    e2 = bl.BaselineEntry.from_dict(dict(GOOD, fingerprint="abcdef" + "2" * 34))
    b = bl.Baseline((e1, e2))
    assert bl.resolve(b, "abcdef1") is e1
    assert bl.resolve(b, "Dabcdef2222") is e2
    assert bl.resolve(b, e2.fingerprint.upper()) is e2
    with pytest.raises(FactcheckError, match="names 2 entries"):
        bl.resolve(b, "abcdef")


def test_match_by_fingerprint_narrower_and_wider():
    known = divergence(["a:s0", "c:s0"], ["b:s0"])
    decisions = {known.fingerprint: bl.entry_for(known, TEXTS)}
    assert bl.match(known, TEXTS, decisions).how == "fingerprint"
    # an article left the corpus: one side lost a sentence; still the reviewed divergence
    narrower = divergence(["a:s0"], ["b:s0"])
    assert narrower.fingerprint != known.fingerprint
    m = bl.match(narrower, TEXTS, decisions)
    assert (m.how, m.known, m.entry) == ("narrower", True, decisions[known.fingerprint])
    # the other way round: the entry is narrower, the divergence grew a sentence nobody reviewed
    decisions = {narrower.fingerprint: bl.entry_for(narrower, TEXTS)}
    m = bl.match(known, TEXTS, decisions)
    assert (m.how, m.known) == ("wider", False)
    # another kind on the same sentences is another divergence
    assert bl.match(divergence(["a:s0"], ["b:s0"], kind="update"), TEXTS, decisions) is None
    assert bl.match(divergence(["d:s0"], ["e:s0"]), TEXTS, decisions) is None


def test_update_adds_unknown_as_undecided_and_keeps_decisions():
    d1, d2 = divergence(["a:s0"], ["b:s0"]), divergence(["d:s0"], ["e:s0"], "contradict")
    start = bl.Baseline((bl.entry_for(d1, TEXTS, "dismissed", "ed", "not a conflict"),))
    new, added = bl.updated(start, [d1, d2], TEXTS)
    assert [e.fingerprint for e in added] == [d2.fingerprint]
    assert {e.fingerprint: e.decision for e in new.entries} == {d1.fingerprint: "dismissed", d2.fingerprint: "undecided"}
    again, added = bl.updated(new, [d1, d2], TEXTS)
    assert added == () and again.entries == new.entries


def test_prune_lists_and_removes_only_entries_no_longer_produced():
    d1, d2 = divergence(["a:s0"], ["b:s0"]), divergence(["d:s0"], ["e:s0"], "contradict")
    start = bl.Baseline((bl.entry_for(d1, TEXTS), bl.entry_for(d2, TEXTS)))
    new, removed = bl.pruned(start, [d1], TEXTS)
    assert [e.fingerprint for e in removed] == [d2.fingerprint]
    assert [e.fingerprint for e in new.entries] == [d1.fingerprint]
    assert bl.pruned(start, [d1, d2], TEXTS)[1] == ()


class FakeReviewStore:
    """Stands in for the review app's database: any object with decisions() is a DecisionSource."""

    def __init__(self, entries):
        self._entries = {e.fingerprint: e for e in entries}

    def decisions(self):
        return self._entries


def test_any_decision_source_exports_to_a_baseline_file(tmp_path):
    d = divergence(["a:s0"], ["b:s0"])
    store: bl.DecisionSource = FakeReviewStore([bl.entry_for(d, TEXTS, "confirmed", "ed", time="2026-01-01T00:00:00Z")])
    path = bl.write_baseline(tmp_path / "export.json", store.decisions().values())
    assert bl.load_baseline(path).decisions() == store.decisions()
    bad = FakeReviewStore([bl.entry_for(d, TEXTS, "accepted", "ed", note="")])
    with pytest.raises(bl.BaselineError, match="gives its reason"):
        bl.write_baseline(tmp_path / "bad.json", bad.decisions().values())
    assert not (tmp_path / "bad.json").exists()


_QUOTES = st.sampled_from([('"', '"'), ("„", "“"), ("»", "«"), ("“", "”"), ("'", "'"), ("‚", "‘")])
_WORDS = st.lists(st.sampled_from(["Der", "Minister", "sagte", "30", "Menschen", "nicht", "Iran", "über", "Straße"]),
                  min_size=2, max_size=8)


@settings(max_examples=60, deadline=None)
@given(_WORDS, _QUOTES, _QUOTES, st.lists(st.sampled_from([" ", "  ", "\n", "\t", " \n "]), min_size=10, max_size=10))
def test_quote_style_case_and_whitespace_keep_sentence_hash_and_fingerprint(words, q1, q2, gaps):
    quoted_a = f"{q1[0]}{gaps[0].join(words[:2])}{q1[1]} " + " ".join(words[2:])
    quoted_b = f"{q2[0]}{gaps[1].join(w.upper() if i % 2 else w for i, w in enumerate(words[:2]))}{q2[1]}" + \
        gaps[2] + gaps[3].join(words[2:])
    assert bl.sentence_hash(quoted_a) == bl.sentence_hash(quoted_b)
    # the divergence fingerprint normalises the same way (baseline hashes and fingerprints agree)
    assert divergence_fingerprint("contradict", [quoted_a], ["x"]) == divergence_fingerprint(
        "contradict", [quoted_b], ["x"])


def test_a_changed_word_is_a_new_sentence_and_a_new_fingerprint():
    assert bl.sentence_hash("Es starben 30 Menschen.") != bl.sentence_hash("Es starben 31 Menschen.")
    assert divergence_fingerprint("number_mismatch", ["Es starben 30 Menschen."], ["b"]) != \
        divergence_fingerprint("number_mismatch", ["Es starben 31 Menschen."], ["b"])
