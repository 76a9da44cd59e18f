"""factcheck.review.export: the store's decisions as the CI gate's baseline entries."""

from __future__ import annotations

import pytest

from factcheck.baseline import load_baseline, write_baseline
from factcheck.review import ReviewStore, review_session
from factcheck.review.export import StoreDecisions
from tests.review_factory import review_report


@pytest.fixture
def decided(tmp_path):
    report = review_report()
    store = ReviewStore(tmp_path / "r.sqlite")
    review_session(report, store, "anna")
    fps = [d["fingerprint"] for d in report["divergences"]]
    store.decide(fps[0], "confirmed", "anna", note="Korrektur angefragt")
    store.decide(fps[1], "dismissed", "ben", reason="same_fact", note="beide meinen brutto")
    store.decide(fps[2], "follow_up", "anna")
    store.decide(fps[3], "dismissed", "ben", reason="false_alarm")
    yield report, store, fps
    store.close()


def test_decisions_map_to_baseline_decisions_with_their_reasons(decided):
    report, store, fps = decided
    entries = StoreDecisions(store).decisions()
    assert [(entries[fp].decision, entries[fp].note, entries[fp].reviewer) for fp in fps] == [
        ("confirmed", "Korrektur angefragt", "anna"),
        ("dismissed", "same fact: beide meinen brutto", "ben"),
        ("accepted", "follow-up", "anna"),
        ("dismissed", "false alarm", "ben"),
    ]
    first = entries[fps[0]]
    div = report["divergences"][0]
    assert (first.kind, first.code) == (div["kind"], div["code"])
    assert first.sides[0].outlets == tuple(div["sides"][0]["outlets"])
    assert first.sides[0].text == div["sides"][0]["text"]
    assert len(first.sides[0].sentences) == len(div["sides"][0]["sentences"])


def test_exported_entries_are_a_valid_baseline_file(decided, tmp_path):
    _, store, fps = decided
    path = write_baseline(tmp_path / "baseline.json", StoreDecisions(store).decisions().values())
    loaded = load_baseline(path)
    assert [e.fingerprint for e in loaded.entries] == sorted(fps)
    assert loaded.decisions() == StoreDecisions(store).decisions()


def test_decisions_of_divergences_the_store_cannot_describe_are_skipped(tmp_path):
    store = ReviewStore(tmp_path / "r.sqlite")
    fp = "a" * 40
    store.sync([{"fingerprint": fp, "kind": "", "sides": [{"text": "A"}, {"text": "B"}]}])
    store.decide(fp, "confirmed", "anna")
    source = StoreDecisions(store)
    assert source.decisions() == {} and source.skipped() == [fp]
    store.close()