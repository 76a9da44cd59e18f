"""The review queue: a report's divergences with their decisions, filtered, most important first.

Pure functions over the report data (the ``factcheck.report/1`` JSON) and the store's
decisions; the web app renders what these return.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .store import Decision

__all__ = ["QueueFilter", "QueueItem", "build_queue", "filter_queue", "progress", "UNDECIDED"]

UNDECIDED = "undecided"


@dataclass(frozen=True, slots=True)
class QueueItem:
    """One divergence in the queue."""

    rank: int  # 0-based position in the report (the report orders divergences most important first)
    fingerprint: str
    kind: str
    code: str
    severity: str
    confidence: float
    outlets: tuple[str, ...]  # both sides' outlets
    text_a: str
    text_b: str
    explanation: str
    decision: Decision | None
    language_a: str = ""  # of the side's first article ("de"): the queue sets its quotation marks by it
    language_b: str = ""

    @property
    def status(self) -> str:
        return self.decision.decision if self.decision else UNDECIDED


@dataclass(frozen=True, slots=True)
class QueueFilter:
    """What the editor asked to see; empty fields match everything."""

    kind: str = ""
    outlet: str = ""
    decision: str = ""  # UNDECIDED or one of store.DECISIONS
    q: str = ""  # words that must all appear (case-insensitive) in the sides or the explanation

    @classmethod
    def from_query(cls, query: Mapping[str, str]) -> QueueFilter:
        return cls(**{k: (query.get(k) or "").strip() for k in ("kind", "outlet", "decision", "q")})

    def as_query(self) -> dict[str, str]:
        return {k: v for k, v in (("kind", self.kind), ("outlet", self.outlet), ("decision", self.decision),
                                  ("q", self.q)) if v}


def build_queue(report: Mapping[str, Any], decisions: Mapping[str, Decision]) -> tuple[QueueItem, ...]:
    """Every divergence of the report with its current decision, in the report's order."""
    items = []
    languages = {art["id"]: art.get("language") or "" for art in report.get("articles") or ()}

    def language(side: Mapping[str, Any]) -> str:
        return next((languages[x] for x in side.get("articles") or () if languages.get(x)), "")

    for rank, d in enumerate(report.get("divergences") or ()):
        a, b = d["sides"]
        items.append(QueueItem(
            rank=rank, fingerprint=d["fingerprint"], kind=d.get("kind") or "", code=d.get("code") or "",
            severity=d.get("severity") or "", confidence=float(d.get("confidence") or 0.0),
            outlets=tuple(dict.fromkeys([*(a.get("outlets") or ()), *(b.get("outlets") or ())])),
            text_a=a.get("text") or "", text_b=b.get("text") or "", explanation=d.get("explanation") or "",
            decision=decisions.get(d["fingerprint"]), language_a=language(a), language_b=language(b),
        ))
    return tuple(items)


def filter_queue(items: Sequence[QueueItem], flt: QueueFilter) -> tuple[QueueItem, ...]:
    """The items that match every field of the filter.

    >>> item = QueueItem(0, "f", "contradict", "FC101", "high", 0.9, ("Tagblatt",), "Die Stadt schließt es aus.",
    ...                  "Bürgermeisterin Weber schließt nichts aus.", "", None)
    >>> [len(filter_queue([item], QueueFilter(**kw))) for kw in ({"q": "weber STADT"}, {"q": "Land"},
    ...                                                          {"decision": "undecided"}, {"outlet": "Kurier"})]
    [1, 0, 1, 0]
    """
    words = flt.q.casefold().split()

    def keep(item: QueueItem) -> bool:
        if flt.kind and item.kind != flt.kind:
            return False
        if flt.outlet and flt.outlet not in item.outlets:
            return False
        if flt.decision and item.status != flt.decision:
            return False
        if words:
            haystack = " ".join((item.text_a, item.text_b, item.explanation, *item.outlets)).casefold()
            return all(w in haystack for w in words)
        return True

    return tuple(i for i in items if keep(i))


def progress(items: Sequence[QueueItem]) -> tuple[int, int]:
    """(decided, total) over the items."""
    return sum(i.decision is not None for i in items), len(items)


def facets(items: Sequence[QueueItem]) -> dict[str, list[tuple[str, int]]]:
    """The filter choices with their counts: kinds (queue order), outlets (sorted), decisions."""
    kinds = Counter(i.kind for i in items)
    outlets = Counter(o for i in items for o in i.outlets)
    statuses = Counter(i.status for i in items)
    return {
        "kind": list(kinds.items()),
        "outlet": sorted(outlets.items()),
        "decision": [(s, statuses[s]) for s in (UNDECIDED, "confirmed", "dismissed", "follow_up")],
    }
