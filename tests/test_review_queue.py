"""factcheck.review.queue: the divergences of a report with their decisions, filtered."""

from __future__ import annotations

import pytest

from factcheck.review.queue import QueueFilter, build_queue, facets, filter_queue, progress
from factcheck.review.store import Decision
from tests.review_factory import review_report


@pytest.fixture(scope="module")
def report():
    return review_report()


def _decided(fp: str, decision: str, reason: str = "") -> Decision:
    return Decision(fp, decision, reason, "", "anna", "2026-12-01T10:00:00.000Z", 1)


def test_the_queue_keeps_the_reports_order_and_attaches_decisions(report):
    fps = [d["fingerprint"] for d in report["divergences"]]
    items = build_queue(report, {fps[1]: _decided(fps[1], "dismissed", "same_fact")})
    assert [i.fingerprint for i in items] == fps
    assert [i.rank for i in items] == list(range(len(fps)))
    assert [i.status for i in items] == ["undecided", "dismissed", "undecided", "undecided"]
    assert items[0].kind == "contradict" and items[0].severity == "high"  # most important first
    assert items[0].outlets == ("Lindenauer Bote", "Rundschau Nord")
    assert progress(items) == (1, 4)


@pytest.mark.parametrize("flt, kinds", [
    (QueueFilter(), ["contradict", "number_mismatch", "date_mismatch", "attribution"]),
    (QueueFilter(kind="number_mismatch"), ["number_mismatch"]),
    (QueueFilter(outlet="Tagesblatt Süd"), ["date_mismatch", "attribution"]),
    (QueueFilter(decision="undecided"), ["contradict", "date_mismatch", "attribution"]),
    (QueueFilter(decision="dismissed"), ["number_mismatch"]),
    (QueueFilter(decision="confirmed"), []),
    (QueueFilter(q="millionen EURO"), ["number_mismatch"]),  # words in any order, any case
    (QueueFilter(q="Juni"), ["date_mismatch"]),
    (QueueFilter(q="Petra Höfer", outlet="Rundschau Nord"), ["contradict"]),
    (QueueFilter(q="Brücke Elbe"), []),  # every word must match
])
def test_filters(report, flt, kinds):
    fps = [d["fingerprint"] for d in report["divergences"]]
    items = build_queue(report, {fps[1]: _decided(fps[1], "dismissed", "same_fact")})
    assert [i.kind for i in filter_queue(items, flt)] == kinds


def test_filter_from_query_round_trips_and_ignores_other_keys():
    flt = QueueFilter.from_query({"kind": "contradict", "q": "  Brücke ", "saved": "x"})
    assert flt == QueueFilter(kind="contradict", q="Brücke")
    assert flt.as_query() == {"kind": "contradict", "q": "Brücke"}


def test_facets_count_kinds_outlets_and_decisions(report):
    items = build_queue(report, {})
    f = facets(items)
    assert f["kind"][0] == ("contradict", 1)
    assert dict(f["outlet"]) == {"Lindenauer Bote": 4, "Rundschau Nord": 2, "Tagesblatt Süd": 2}
    assert f["decision"][0] == ("undecided", 4)


def test_each_side_knows_the_language_of_its_articles():
    from factcheck.review.queue import build_queue
    from tests.review_factory import review_report

    report = review_report()
    report["articles"][0]["language"] = "en"
    items = build_queue(report, {})
    first = report["articles"][0]["id"]
    for item, d in zip(items, report["divergences"], strict=True):
        for side, language in zip(d["sides"], (item.language_a, item.language_b), strict=True):
            assert language == ("en" if side["articles"][0] == first else "de")
