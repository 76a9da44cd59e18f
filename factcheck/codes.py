"""Stable finding codes. A code, once published, keeps its meaning and is never renumbered;
``docs/findings.md`` documents each one (a test checks that)."""

from __future__ import annotations

from dataclasses import dataclass

SEVERITIES = ("info", "low", "medium", "high")


@dataclass(frozen=True, slots=True)
class Code:
    code: str
    kind: str
    severity: str  # default severity
    summary: str  # one line, for tables and --help


CODES: dict[str, Code] = {
    c.code: c
    for c in (
        Code("FC100", "agree", "info", "Both sentences make the same claim, compatibly; the outlets corroborate each other."),
        Code("FC101", "contradict", "high", "One side rules out what the other calls possible or under consideration."),
        Code("FC102", "contradict", "high", "One side asserts what the other denies."),
        Code("FC103", "number_mismatch", "high", "The same claim with incompatible numbers for the same unit."),
        Code("FC104", "date_mismatch", "medium", "The same claim dated to different days."),
        Code("FC105", "entity_mismatch", "medium", "The same claim made about, or by, a different actor."),
        Code("FC106", "attribution", "medium", "The same words or content attributed to different speakers."),
        Code("FC107", "quote_drift", "low", "The same quotation, worded differently."),
        Code("FC108", "update", "low", "Same topic, later status: planned or unclear on one side, happened on the other."),
        Code("FC109", "possible_contradiction", "medium",
             "The NLI model reads the pair as contradicting; no claim rule explains how: read both."),
        Code("FC110", "contradict", "high",
             "The judge reads the pair as contradicting from its signals (NLI model, numbers, negation); "
             "no single claim rule names the conflict: read both."),
    )
}

KINDS = tuple(dict.fromkeys(c.kind for c in CODES.values()))


def code(code_id: str) -> Code:
    """The registered code ``code_id`` (KeyError for an unknown code)."""
    return CODES[code_id]
