"""The CI gate: which divergences are new, given a baseline's decisions and the thresholds.

``check`` is pure: divergences + sentence texts + decisions + a :class:`Gate` in, a
:class:`CheckResult` out. A divergence **fails** the gate when it is at or above the thresholds
(its kind is one of ``fail_on``, its severity and confidence reach the minimums) and nobody has
decided it: it is absent from the baseline, in it only as ``undecided``, or it grew new sentences
on a side since it was decided (see ``baseline.match``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .baseline import BaselineEntry, Match, match, stale_entries
from .classify.divergences import DIVERGENCE_KINDS
from .codes import SEVERITIES
from .errors import ConfigError
from .records import Divergence

# every kind a divergence can have: a contradiction dated as a change of position is its own kind
GATE_KINDS = ("position_change", *DIVERGENCE_KINDS)
CHECK_SCHEMA = "factcheck.check/1"

__all__ = ["GATE_KINDS", "CheckResult", "Gate", "GateItem", "check"]


@dataclass(frozen=True, slots=True)
class Gate:
    """What fails the check: these kinds, from this severity and this confidence on."""

    fail_on: tuple[str, ...] = GATE_KINDS
    min_severity: str = "low"
    min_confidence: float = 0.0

    def __post_init__(self) -> None:
        unknown = [k for k in self.fail_on if k not in GATE_KINDS]
        if unknown:
            raise ConfigError(f"unknown divergence kind(s) {', '.join(unknown)}; known: {', '.join(GATE_KINDS)}")
        if self.min_severity not in SEVERITIES:
            raise ConfigError(f"unknown severity {self.min_severity!r}; known: {', '.join(SEVERITIES)}")
        if not 0.0 <= self.min_confidence <= 1.0:
            raise ConfigError(f"min confidence {self.min_confidence} is not a probability between 0 and 1")

    def applies(self, d: Divergence) -> bool:
        """Whether ``d`` is at or above the thresholds (so that it fails the check when new)."""
        return (d.kind in self.fail_on and SEVERITIES.index(d.severity) >= SEVERITIES.index(self.min_severity)
                and d.confidence >= self.min_confidence)

    def to_dict(self) -> dict[str, Any]:
        return {"fail_on": list(self.fail_on), "min_severity": self.min_severity, "min_confidence": self.min_confidence}


@dataclass(frozen=True, slots=True)
class GateItem:
    """One divergence as the gate sees it."""

    divergence: Divergence
    status: str  # "new", "undecided", "confirmed", "dismissed", "accepted"
    gated: bool  # at or above the thresholds
    match: Match | None = None  # the baseline entry it is (or grew out of)

    @property
    def fails(self) -> bool:
        return self.gated and self.status in ("new", "undecided")

    @property
    def entry(self) -> BaselineEntry | None:
        return self.match.entry if self.match else None


@dataclass(frozen=True, slots=True)
class CheckResult:
    """The gate's verdict: every divergence with its status, and baseline entries no longer produced."""

    gate: Gate
    items: tuple[GateItem, ...]
    stale: tuple[BaselineEntry, ...] = ()  # in the baseline, not produced by this run
    baseline_entries: int = 0
    articles: int = 0
    seconds: float = field(default=0.0, compare=False)

    @property
    def failing(self) -> tuple[GateItem, ...]:
        return tuple(i for i in self.items if i.fails)

    @property
    def failed(self) -> bool:
        return any(i.fails for i in self.items)

    def counts(self) -> dict[str, int]:
        """How many divergences: failing, each status, below the thresholds, stale entries."""
        by_status = Counter(i.status for i in self.items if i.gated)
        return {
            "divergences": len(self.items),
            "failing": len(self.failing),
            "new": by_status["new"],
            "undecided": by_status["undecided"],
            "confirmed": by_status["confirmed"],
            "dismissed": by_status["dismissed"],
            "accepted": by_status["accepted"],
            "below_threshold": sum(not i.gated for i in self.items),
            "stale": len(self.stale),
        }

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": CHECK_SCHEMA,
            "failed": self.failed,
            "gate": self.gate.to_dict(),
            "counts": self.counts(),
            "baseline_entries": self.baseline_entries,
            "articles": self.articles,
            "seconds": round(self.seconds, 2),
            "divergences": [
                {
                    "id": i.divergence.id, "fingerprint": i.divergence.fingerprint, "kind": i.divergence.kind,
                    "code": i.divergence.code, "severity": i.divergence.severity,
                    "confidence": i.divergence.confidence, "status": i.status, "gated": i.gated, "fails": i.fails,
                    "matched": i.match.how if i.match else None,
                    "baseline": i.entry.fingerprint if i.entry else None,
                    "decision": i.entry.to_dict() if i.entry and i.match and i.match.known else None,
                    "sides": [s.to_dict() for s in i.divergence.sides],
                    "explanation": i.divergence.explanation,
                }
                for i in self.items
            ],
            "stale": [e.to_dict() for e in self.stale],
        }


def check(divergences: Sequence[Divergence], sentence_texts: Mapping[str, str],
          decisions: Mapping[str, BaselineEntry], gate: Gate) -> CheckResult:
    """Sort each divergence into new / undecided / decided against ``decisions``, and find stale entries.

    >>> check((), {}, {}, Gate()).failed
    False
    """
    items = []
    for d in divergences:
        m = match(d, sentence_texts, decisions)
        status = m.entry.decision if m is not None and m.known else "new"
        items.append(GateItem(d, status, gate.applies(d), m))
    # failing first, then most important (the analysis' order)
    items.sort(key=lambda i: not i.fails)
    stale = stale_entries(divergences, sentence_texts, decisions)
    return CheckResult(gate=gate, items=tuple(items), stale=stale, baseline_entries=len(decisions))
