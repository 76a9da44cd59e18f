"""The review store's decisions as the CI gate's baseline entries.

The store speaks the editor's words (confirmed, dismissed with a reason, follow-up); the
baseline (``factcheck.baseline/1``) has confirmed, dismissed and accepted, each dismissal and
acceptance with its reason in ``note``:

- confirmed -> ``confirmed`` (the note as written);
- dismissed -> ``dismissed``, note ``"<reason>: <note>"`` (e.g. ``same fact: both say 4.2 million``);
- follow-up -> ``accepted``, note ``"follow-up: <note>"``: reviewed, so the gate passes it, and the
  note says it still needs doing.

:class:`StoreDecisions` is a ``baseline.DecisionSource``: ``factcheck check --db`` reads it
directly, ``factcheck baseline export --db`` writes it as a baseline file.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ..baseline import SHORT_TEXT, BaselineEntry, BaselineSide
from .store import DISMISS_REASONS, Decision, ReviewStore, StoredDivergence

__all__ = ["StoreDecisions", "baseline_entry"]


def baseline_entry(decision: Decision, divergence: StoredDivergence) -> BaselineEntry:
    """The baseline entry for one decided divergence."""
    if decision.decision == "dismissed":
        state, note = "dismissed", _joined(DISMISS_REASONS.get(decision.reason, decision.reason or "dismissed"),
                                           decision.note)
    elif decision.decision == "follow_up":
        state, note = "accepted", _joined("follow-up", decision.note)
    else:
        state, note = "confirmed", decision.note
    sides = tuple(
        BaselineSide(text=_short(text), outlets=tuple(o for o in outlets.split(", ") if o),
                     sentences=tuple(sorted(sentences.split())))
        for text, outlets, sentences in ((divergence.side_a, divergence.outlets_a, divergence.sentences_a),
                                         (divergence.side_b, divergence.outlets_b, divergence.sentences_b))
    )
    return BaselineEntry(fingerprint=decision.fingerprint, kind=divergence.kind, code=divergence.code,
                         sides=sides, decision=state, reviewer=decision.reviewer, note=note,  # type: ignore[arg-type]
                         time=decision.decided_at)


def _joined(head: str, note: str) -> str:
    return f"{head}: {note}" if note else head


def _short(text: str) -> str:
    return text if len(text) <= SHORT_TEXT else text[: SHORT_TEXT - 1].rstrip() + "…"


@dataclass(frozen=True)
class StoreDecisions:
    """The decisions of a review store as baseline entries (a ``baseline.DecisionSource``).

    Decisions on divergences whose kind the store does not know (carried over from schema
    version 1 and not seen in a report since) cannot be entries; ``skipped`` lists them.
    """

    store: ReviewStore

    def decisions(self) -> Mapping[str, BaselineEntry]:
        seen = self.store.divergences()
        return {fp: baseline_entry(d, seen[fp]) for fp, d in sorted(self.store.decisions().items())
                if fp in seen and seen[fp].kind}

    def skipped(self) -> list[str]:
        seen = self.store.divergences()
        return sorted(fp for fp in self.store.decisions() if fp not in seen or not seen[fp].kind)
