"""Baselines: the reviewed divergences of a corpus, kept in a sorted, diff-friendly JSON file.

A team commits the baseline next to its corpus. Each entry records one divergence by its
content fingerprint (kind and both sides' normalised sentence texts: never file names, ids or
positions), a short text of each side, and a decision with reviewer, note and time:

- ``confirmed``: a real divergence, reviewed (the report keeps showing it; the gate passes);
- ``dismissed``: not a divergence (a false alarm), with the reason in ``note``;
- ``accepted``: a known divergence the team lives with, with the reason in ``note``;
- ``undecided``: added by ``factcheck baseline update``/``create``, not reviewed yet: still fails the gate.

Decisions may come from this file or from another store (the review app's database): anything
with a ``decisions()`` method returning fingerprint -> :class:`BaselineEntry` is a
:class:`DecisionSource`, and :func:`write_baseline` writes such entries back as a file.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Protocol

from .atomic import write_atomic
from .errors import FactcheckError
from .records import Divergence, _check_keys, _Record

SCHEMA = "factcheck.baseline/1"
DECISIONS = ("undecided", "confirmed", "dismissed", "accepted")
REVIEWED = ("confirmed", "dismissed", "accepted")  # decided: the gate passes them
NEEDS_NOTE = ("dismissed", "accepted")  # a suppression always records its reason
SHORT_TEXT = 200  # characters of a side's text kept in the file
_WORD = re.compile(r"\w+", re.UNICODE)
_HEX = re.compile(r"^[0-9a-f]{40}$")

__all__ = [
    "SCHEMA", "DECISIONS", "REVIEWED", "Baseline", "BaselineEntry", "BaselineError", "BaselineSide",
    "DecisionSource", "Match", "decided", "entry_for", "load_baseline", "match", "pruned", "resolve",
    "sentence_hash", "stale_entries", "updated", "write_baseline",
]


class BaselineError(FactcheckError):
    """The baseline file is missing, not JSON, or not a ``factcheck.baseline/1`` document (exit 2)."""

    def __init__(self, path: object, problem: str) -> None:
        super().__init__(f"{path}: {problem}")


def normalise(text: str) -> str:
    """Case, quote style, punctuation and whitespace removed: the words of a sentence, casefolded.

    The same normalisation as ``classify.divergences.divergence_fingerprint`` (a test holds them together).
    """
    return " ".join(_WORD.findall(text.casefold()))


def sentence_hash(text: str) -> str:
    """A short content hash of one sentence (its normalised words): how a side remembers its sentences."""
    return hashlib.sha1(normalise(text).encode("utf-8")).hexdigest()[:16]


def utc_now() -> str:
    """The current time as ISO 8601 UTC, seconds precision (``2026-12-01T17:46:51Z``)."""
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")


@dataclass(frozen=True, slots=True)
class BaselineSide(_Record):
    """One side of a recorded divergence: a short text to recognise it, and its sentences' hashes."""

    text: str  # the side's representative sentence, cut to SHORT_TEXT characters
    outlets: tuple[str, ...] = ()
    sentences: tuple[str, ...] = ()  # sentence_hash of every sentence of the side, sorted


@dataclass(frozen=True, slots=True)
class BaselineEntry(_Record):
    """One divergence in a baseline and what a reviewer decided about it."""

    fingerprint: str
    kind: str
    code: str
    sides: tuple[BaselineSide, BaselineSide]
    decision: str = "undecided"
    reviewer: str = ""
    note: str = ""
    time: str = ""  # ISO 8601 UTC: when decided (or added, while undecided)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> BaselineEntry:
        _check_keys(cls, data)
        data = dict(data)
        sides = data.get("sides")
        if not isinstance(sides, list) or len(sides) != 2 or not all(isinstance(s, dict) for s in sides):
            raise ValueError("sides must be a list of two objects")
        data["sides"] = tuple(BaselineSide.from_dict(s) for s in sides)
        return cls(**data)

    @property
    def reviewed(self) -> bool:
        return self.decision in REVIEWED

    def decide(self, decision: str, reviewer: str, note: str = "", time: str | None = None) -> BaselineEntry:
        """This entry with a new decision (validated like a loaded one)."""
        entry = replace(self, decision=decision, reviewer=reviewer, note=note, time=time or utc_now())
        problem = _entry_problem(entry)
        if problem:
            raise FactcheckError(f"{self.fingerprint[:12]}: {problem}")
        return entry


class DecisionSource(Protocol):
    """Where decisions come from: a baseline file, or the review app's store."""

    def decisions(self) -> Mapping[str, BaselineEntry]:
        """fingerprint -> entry."""
        ...


@dataclass(frozen=True, slots=True)
class Baseline:
    """A loaded baseline file: entries sorted by fingerprint."""

    entries: tuple[BaselineEntry, ...] = ()
    path: str = ""

    def decisions(self) -> Mapping[str, BaselineEntry]:
        return {e.fingerprint: e for e in self.entries}

    def to_dict(self) -> dict[str, Any]:
        return {"schema": SCHEMA, "entries": [_entry_dict(e) for e in sorted(self.entries, key=_order)]}

    def dumps(self) -> str:
        """The file's text: sorted keys and entries, two-space indent, one trailing newline."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def _order(entry: BaselineEntry) -> str:
    return entry.fingerprint


def _entry_dict(entry: BaselineEntry) -> dict[str, Any]:
    data = entry.to_dict()
    for side in data["sides"]:
        side["sentences"] = sorted(side["sentences"])
    return data


def entry_for(divergence: Divergence, sentence_texts: Mapping[str, str], decision: str = "undecided",
              reviewer: str = "", note: str = "", time: str | None = None) -> BaselineEntry:
    """The baseline entry recording ``divergence`` (``sentence_texts``: sentence id -> text)."""
    sides = tuple(
        BaselineSide(
            text=_short(side.text), outlets=tuple(side.outlets),
            sentences=tuple(sorted({sentence_hash(sentence_texts[s]) for s in side.sentences if s in sentence_texts})),
        )
        for side in divergence.sides
    )
    return BaselineEntry(fingerprint=divergence.fingerprint, kind=divergence.kind, code=divergence.code,
                         sides=sides, decision=decision, reviewer=reviewer, note=note,  # type: ignore[arg-type]
                         time=time or utc_now())


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= SHORT_TEXT else text[: SHORT_TEXT - 1].rstrip() + "…"


def write_baseline(path: str | Path, entries: Iterable[BaselineEntry]) -> Path:
    """Write ``entries`` (from a baseline or any DecisionSource) as a baseline file, atomically."""
    entries = tuple(entries)
    for e in entries:
        problem = _entry_problem(e)
        if problem:
            raise BaselineError(path, f"entry {e.fingerprint[:12]}: {problem}")
    _check_unique(path, entries)
    return write_atomic(path, Baseline(entries).dumps())


def load_baseline(path: str | Path) -> Baseline:
    """Read and validate a baseline file; any problem is one :class:`BaselineError` line."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise BaselineError(path, "baseline file not found (create one with `factcheck baseline create`)") from None
    except UnicodeDecodeError as exc:
        raise BaselineError(path, f"not UTF-8 text ({exc.reason} at byte {exc.start}); a baseline is JSON in "
                                  "UTF-8") from None
    except OSError as exc:
        raise BaselineError(path, f"cannot read baseline ({exc.strerror or type(exc).__name__})") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise BaselineError(path, f"not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})") from None
    if not isinstance(data, dict):
        raise BaselineError(path, "not a baseline: expected a JSON object with schema and entries")
    if data.get("schema") != SCHEMA:
        raise BaselineError(path, f"not a baseline: schema is {data.get('schema')!r}, expected {SCHEMA!r}")
    unknown = sorted(set(data) - {"schema", "entries"})
    if unknown:
        raise BaselineError(path, f"unknown keys {unknown}")
    raw = data.get("entries")
    if not isinstance(raw, list):
        raise BaselineError(path, "entries must be a list")
    entries = []
    for number, item in enumerate(raw, 1):
        if not isinstance(item, dict):
            raise BaselineError(path, f"entry {number}: not an object")
        try:
            entry = BaselineEntry.from_dict(item)
        except (TypeError, ValueError) as exc:
            raise BaselineError(path, f"entry {number}: {_first_line(exc)}") from None
        problem = _entry_problem(entry)
        if problem:
            raise BaselineError(path, f"entry {number} ({str(item.get('fingerprint'))[:12]}): {problem}")
        entries.append(entry)
    _check_unique(path, entries)
    return Baseline(tuple(sorted(entries, key=_order)), str(path))


def _first_line(exc: Exception) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


def _entry_problem(e: BaselineEntry) -> str:
    """What is wrong with an entry, "" when nothing."""
    if not isinstance(e.fingerprint, str) or not _HEX.match(e.fingerprint):
        return "fingerprint must be 40 lower-case hex digits"
    for name in ("kind", "code", "decision", "reviewer", "note", "time"):
        if not isinstance(getattr(e, name), str):
            return f"{name} must be a string"
    if not e.kind:
        return "kind is empty"
    for side in e.sides:
        if not isinstance(side.text, str) or not all(isinstance(x, str) for x in (*side.outlets, *side.sentences)):
            return "sides hold text, outlets and sentences as strings"
    if e.decision not in DECISIONS:
        return f"decision {e.decision!r} is none of {', '.join(DECISIONS)}"
    if e.decision in REVIEWED and not e.reviewer.strip():
        return f"a {e.decision} entry names its reviewer"
    if e.decision in NEEDS_NOTE and not e.note.strip():
        return f"a {e.decision} entry gives its reason in note"
    if e.time:
        try:
            datetime.fromisoformat(e.time.replace("Z", "+00:00"))
        except ValueError:
            return f"time {e.time!r} is not an ISO 8601 date and time"
    return ""


def _check_unique(path: object, entries: Sequence[BaselineEntry]) -> None:
    seen: set[str] = set()
    for e in entries:
        if e.fingerprint in seen:
            raise BaselineError(path, f"fingerprint {e.fingerprint[:12]} appears twice")
        seen.add(e.fingerprint)


@dataclass(frozen=True, slots=True)
class Match:
    """How a divergence matched a baseline entry.

    ``how``: ``fingerprint`` (the same divergence), ``narrower`` (both sides are sentences the
    entry already holds: an article left the corpus) or ``wider`` (the sides overlap the entry's
    but hold sentences it never saw: new text to review, so the divergence counts as new).
    """

    entry: BaselineEntry
    how: str

    @property
    def known(self) -> bool:
        return self.how in ("fingerprint", "narrower")


def side_hashes(divergence: Divergence, sentence_texts: Mapping[str, str]) -> tuple[frozenset[str], frozenset[str]]:
    """The content hashes of each side's sentences."""
    a, b = (frozenset(sentence_hash(sentence_texts[s]) for s in side.sentences if s in sentence_texts)
            for side in divergence.sides)
    return a, b


def match(divergence: Divergence, sentence_texts: Mapping[str, str],
          decisions: Mapping[str, BaselineEntry]) -> Match | None:
    """The baseline entry ``divergence`` is, or grew out of; None when it is unrelated to every entry."""
    entry = decisions.get(divergence.fingerprint)
    if entry is not None:
        return Match(entry, "fingerprint")
    a, b = side_hashes(divergence, sentence_texts)
    if not a or not b:
        return None
    wider: BaselineEntry | None = None
    for entry in sorted(decisions.values(), key=_order):
        if entry.kind != divergence.kind:
            continue
        ea, eb = (frozenset(s.sentences) for s in entry.sides)
        for x, y in ((a, b), (b, a)):
            if x <= ea and y <= eb:
                return Match(entry, "narrower")
            if wider is None and x & ea and y & eb:
                wider = entry
    return Match(wider, "wider") if wider is not None else None


def stale_entries(divergences: Iterable[Divergence], sentence_texts: Mapping[str, str],
                  decisions: Mapping[str, BaselineEntry]) -> tuple[BaselineEntry, ...]:
    """Entries that no divergence of this run is, or grew out of (what ``baseline prune`` removes)."""
    used = set()
    for d in divergences:
        m = match(d, sentence_texts, decisions)
        if m is not None:
            used.add(m.entry.fingerprint)
    return tuple(e for fp, e in sorted(decisions.items()) if fp not in used)


def updated(baseline: Baseline, divergences: Iterable[Divergence], sentence_texts: Mapping[str, str],
            time: str | None = None) -> tuple[Baseline, tuple[BaselineEntry, ...]]:
    """The baseline with every divergence it does not know added as ``undecided``; and the added entries.

    A divergence is known when it matches an entry by fingerprint or is narrower than one
    (see :func:`match`); one that grew new sentences is added, next to the entry it grew out of.
    """
    decisions = dict(baseline.decisions())
    added = []
    for d in divergences:
        m = match(d, sentence_texts, decisions)
        if m is not None and m.known:
            continue
        entry = entry_for(d, sentence_texts, time=time)
        decisions[entry.fingerprint] = entry
        added.append(entry)
    return Baseline(tuple(sorted(decisions.values(), key=_order)), baseline.path), tuple(added)


def pruned(baseline: Baseline, divergences: Iterable[Divergence], sentence_texts: Mapping[str, str]
           ) -> tuple[Baseline, tuple[BaselineEntry, ...]]:
    """The baseline without the entries no divergence of this run matches; and the removed entries."""
    stale = stale_entries(divergences, sentence_texts, baseline.decisions())
    gone = {e.fingerprint for e in stale}
    return Baseline(tuple(e for e in baseline.entries if e.fingerprint not in gone), baseline.path), stale


def resolve(baseline: Baseline, ref: str) -> BaselineEntry:
    """The entry named by ``ref``: a fingerprint, a prefix of one (at least 6 hex digits) or a divergence id
    (``D`` and 10 hex digits); FactcheckError when none or several match."""
    key = ref.strip().lower()
    if key.startswith("d") and len(key) == 11:
        key = key[1:]
    if len(key) < 6 or not re.fullmatch(r"[0-9a-f]+", key):
        raise FactcheckError(f"{ref!r} is not a fingerprint or divergence id (D and at least 6 hex digits)")
    hits = [e for e in baseline.entries if e.fingerprint.startswith(key)]
    if not hits:
        raise FactcheckError(f"{baseline.path or 'baseline'}: no entry {ref!r}")
    if len(hits) > 1:
        raise FactcheckError(f"{baseline.path or 'baseline'}: {ref!r} names {len(hits)} entries; give more digits")
    return hits[0]


def decided(baseline: Baseline, refs: Sequence[str], decision: str, reviewer: str, note: str = "",
            time: str | None = None) -> tuple[Baseline, tuple[BaselineEntry, ...]]:
    """The baseline with the entries named by ``refs`` set to ``decision``; and the changed entries."""
    changed = {}
    for ref in refs:
        entry = resolve(baseline, ref)
        changed[entry.fingerprint] = entry.decide(decision, reviewer, note, time)
    entries = tuple(changed.get(e.fingerprint, e) for e in baseline.entries)
    return Baseline(entries, baseline.path), tuple(changed.values())
