"""The review store: editors' decisions on divergences, in one SQLite file.

Decisions are keyed by the divergence fingerprint (content-based, see
``classify.divergences``), so they survive re-runs, renamed files and added
articles. The file is opened in WAL mode with foreign keys on; every write is
one ``BEGIN IMMEDIATE`` transaction, so two reviewers saving at once are
serialised: the later write wins and the audit table keeps both. The audit
table is append-only (triggers refuse UPDATE and DELETE on it).

The schema is versioned: ``schema_version`` holds one row per applied
migration and :data:`MIGRATIONS` brings any older file up to date on open,
after ``PRAGMA integrity_check`` has passed. A file that is not a SQLite
database, fails the check, or was written by a newer factcheck is refused with
an :class:`~factcheck.errors.InputError` before anything is written to it.
"""

from __future__ import annotations

import os
import random
import sqlite3
import tempfile
import threading
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from ..baseline import sentence_hash  # the baseline's, so that the CI gate matches the store's sides
from ..errors import InputError

__all__ = [
    "DECISIONS", "DISMISS_REASONS", "SCHEMA_VERSION", "AuditEntry", "Decision", "ReviewStore", "UnknownDivergence",
]

# What an editor can decide, as stored; the CI gate's baseline maps them (see baseline_decision).
DECISIONS = ("confirmed", "dismissed", "follow_up")
# Why a divergence is dismissed; a dismissal needs one.
DISMISS_REASONS = {
    "false_alarm": "false alarm",
    "same_fact": "same fact",
    "not_same_event": "not the same event",
    "other": "other",
}

# Each migration takes the file from version n to n + 1; never edit a published one, append.
MIGRATIONS: tuple[str, ...] = (
    # 1: decisions and their audit trail
    """
    CREATE TABLE decisions (
        fingerprint TEXT PRIMARY KEY,
        decision TEXT NOT NULL CHECK (decision IN ('confirmed', 'dismissed', 'follow_up')),
        note TEXT NOT NULL DEFAULT '',
        reviewer TEXT NOT NULL,
        decided_at TEXT NOT NULL
    );
    CREATE TABLE audit (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        fingerprint TEXT NOT NULL,
        reviewer TEXT NOT NULL,
        at TEXT NOT NULL,
        old_decision TEXT,
        new_decision TEXT NOT NULL,
        note TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX audit_by_fingerprint ON audit (fingerprint, id);
    """,
    # 2: what each divergence was (kind, code, both sides' text, outlets and sentence hashes, space-separated)
    # so that a baseline can be exported from
    # the file alone; dismissal reasons; foreign keys from decisions and audit to the divergences;
    # the audit trail made append-only. Decisions of version 1 get a divergence row with an unknown
    # kind, filled in when a report with that fingerprint is reviewed again.
    """
    CREATE TABLE divergences (
        fingerprint TEXT PRIMARY KEY,
        kind TEXT NOT NULL DEFAULT '',
        code TEXT NOT NULL DEFAULT '',
        side_a TEXT NOT NULL DEFAULT '',
        side_b TEXT NOT NULL DEFAULT '',
        outlets_a TEXT NOT NULL DEFAULT '',
        outlets_b TEXT NOT NULL DEFAULT '',
        sentences_a TEXT NOT NULL DEFAULT '',
        sentences_b TEXT NOT NULL DEFAULT '',
        first_seen TEXT NOT NULL,
        last_seen TEXT NOT NULL
    );
    INSERT INTO divergences (fingerprint, first_seen, last_seen)
        SELECT fingerprint, MIN(at), MAX(at) FROM (
            SELECT fingerprint, decided_at AS at FROM decisions UNION ALL SELECT fingerprint, at FROM audit)
        GROUP BY fingerprint;
    CREATE TABLE decisions_v2 (
        fingerprint TEXT PRIMARY KEY REFERENCES divergences (fingerprint),
        decision TEXT NOT NULL CHECK (decision IN ('confirmed', 'dismissed', 'follow_up')),
        reason TEXT NOT NULL DEFAULT '',
        note TEXT NOT NULL DEFAULT '',
        reviewer TEXT NOT NULL,
        decided_at TEXT NOT NULL,
        revision INTEGER NOT NULL DEFAULT 1
    );
    INSERT INTO decisions_v2 (fingerprint, decision, note, reviewer, decided_at, revision)
        SELECT d.fingerprint, d.decision, d.note, d.reviewer, d.decided_at,
               MAX(1, (SELECT COUNT(*) FROM audit a WHERE a.fingerprint = d.fingerprint))
        FROM decisions d;
    DROP TABLE decisions;
    ALTER TABLE decisions_v2 RENAME TO decisions;
    CREATE TABLE audit_v2 (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        fingerprint TEXT NOT NULL REFERENCES divergences (fingerprint),
        reviewer TEXT NOT NULL,
        at TEXT NOT NULL,
        old_decision TEXT,
        new_decision TEXT NOT NULL,
        reason TEXT NOT NULL DEFAULT '',
        note TEXT NOT NULL DEFAULT ''
    );
    INSERT INTO audit_v2 (id, fingerprint, reviewer, at, old_decision, new_decision, note)
        SELECT id, fingerprint, reviewer, at, old_decision, new_decision, note FROM audit;
    DROP TABLE audit;
    ALTER TABLE audit_v2 RENAME TO audit;
    CREATE INDEX audit_by_fingerprint ON audit (fingerprint, id);
    CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
        BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
    CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
        BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)
_SIDE_TEXT_MAX = 300  # characters of each side kept for the baseline's short text


@dataclass(frozen=True, slots=True)
class Decision:
    """The current decision on one divergence."""

    fingerprint: str
    decision: str  # one of DECISIONS
    reason: str  # a DISMISS_REASONS key for a dismissal, else ""
    note: str
    reviewer: str
    decided_at: str  # ISO 8601, UTC
    revision: int  # how many times it was decided or annotated


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """One change in the audit trail: who, when, old -> new decision, and the note."""

    id: int
    fingerprint: str
    reviewer: str
    at: str
    old_decision: str | None
    new_decision: str
    reason: str
    note: str


@dataclass(frozen=True, slots=True)
class StoredDivergence:
    """What the store remembers of a divergence (enough for a baseline entry)."""

    fingerprint: str
    kind: str
    code: str
    side_a: str
    side_b: str
    outlets_a: str  # comma-separated
    outlets_b: str
    sentences_a: str  # content hashes of the side's sentences (sentence_hash), space-separated
    sentences_b: str
    first_seen: str
    last_seen: str


class UnknownDivergence(KeyError):
    """A decision for a fingerprint the store has never seen."""


def _remove_created(sidecars: list[Path], there: set[Path]) -> None:
    """Remove the -wal/-shm files a read-only look created: only those that were not there before, and
    only while the -wal holds nothing (a reader writes no frames; a -wal with frames is someone's data)."""
    wal = sidecars[0]
    if wal not in there and wal.exists() and wal.stat().st_size > 0:
        return
    for p in sidecars:
        if p not in there:
            p.unlink(missing_ok=True)


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _short(text: str) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= _SIDE_TEXT_MAX else text[: _SIDE_TEXT_MAX - 1] + "…"


_LOCK_PATIENCE = 30.0  # seconds, as the connections' busy timeout


def _patiently(step):
    """Run ``step`` again while SQLite answers "database is locked" without waiting, up to 30 s.

    Switching a new file to WAL needs an exclusive lock, and SQLite does not call its busy handler
    there (to avoid a deadlock): when several processes open the same new review database at once
    (two reviewers starting ``factcheck review`` on one file), all but one got "database is locked"
    at once (tests/robustness/test_review_db.py, 3 runs in 8 under load)."""
    deadline = time.monotonic() + _LOCK_PATIENCE
    while True:
        try:
            return step()
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) and "busy" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(random.uniform(0.01, 0.05))


class ReviewStore:
    """Decisions on divergences in one SQLite file; safe to share between threads and processes.

    >>> import tempfile, pathlib
    >>> store = ReviewStore(pathlib.Path(tempfile.mkdtemp()) / "reviews.sqlite")
    >>> store.sync([{"fingerprint": "f1", "kind": "contradict", "code": "FC101",
    ...              "sides": [{"text": "A", "outlets": ["x"]}, {"text": "B", "outlets": ["y"]}]}])
    1
    >>> store.decide("f1", "dismissed", "ed", reason="same_fact").revision
    1
    >>> [(e.old_decision, e.new_decision) for e in store.history("f1")]
    [(None, 'dismissed')]
    >>> store.close()
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._local = threading.local()
        self._connections: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        self._check_and_migrate()

    # -- connections -------------------------------------------------------------------------

    def _connect(self) -> sqlite3.Connection:
        # autocommit mode: transactions are explicit (BEGIN IMMEDIATE … COMMIT) in _write
        conn = sqlite3.connect(self.path, isolation_level=None, timeout=30.0, check_same_thread=False)
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA busy_timeout = 30000")
        return conn

    def _conn(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._connect()
            self._local.conn = conn
            with self._lock:
                self._connections.append(conn)
        return conn

    def close(self) -> None:
        """Close every connection this store opened (any thread's)."""
        with self._lock:
            for conn in self._connections:
                conn.close()
            self._connections.clear()
        self._local = threading.local()

    def _refuse(self, problem: str) -> InputError:
        return InputError(self.path, problem)

    def _check_and_migrate(self) -> None:
        """Integrity check, schema version, migrations; nothing is written to a file that fails."""
        if self.path.is_dir():
            raise self._refuse("is a directory, not a review database")
        if not self.path.parent.is_dir():
            raise self._refuse("its folder does not exist")
        existed = self.path.exists() and self.path.stat().st_size > 0
        try:
            if existed:
                # read-only first: a file that is not ours is never touched, not even its header
                # with the same patience as the writers: under load another process may hold the file
                # for a while (it failed with SQLite's default 5 s while 20 writers started at once)
                # SQLite creates a -wal and -shm beside the file even to read it when its header says WAL
                # (garbage may say so): those of a file refused here go again, so it is left as found
                sidecars = [self.path.with_name(self.path.name + suffix) for suffix in ("-wal", "-shm")]
                there = {p for p in sidecars if p.exists()}
                ro = sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None,
                                     timeout=30.0)
                try:
                    version = self._inspect(ro)
                except BaseException:
                    ro.close()
                    _remove_created(sidecars, there)
                    raise
                ro.close()
            else:
                version = 0
            conn = self._conn()
            if _patiently(lambda: conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]).lower() != "wal":
                raise self._refuse("cannot switch the database to WAL mode")
            self._migrate(conn, version)
        except sqlite3.DatabaseError as exc:
            self.close()
            raise self._refuse(f"not a usable SQLite database ({' '.join(str(exc).split())})") from None

    def _inspect(self, conn: sqlite3.Connection) -> int:
        problems = [line for row in conn.execute("PRAGMA integrity_check(20)") for line in str(row[0]).splitlines()]
        if problems != ["ok"]:
            first = next((p for p in problems if not p.startswith("***")), problems[0])
            raise self._refuse(f"SQLite integrity check failed: {first}"
                               + (f" (and {len(problems) - 1} more problems)" if len(problems) > 1 else ""))
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if "schema_version" not in tables:
            if tables:
                raise self._refuse("is a SQLite database but not a factcheck review database (no schema_version table)")
            return 0
        version = conn.execute("SELECT MAX(version) FROM schema_version").fetchone()[0] or 0
        if version > SCHEMA_VERSION:
            raise self._refuse(f"was written by a newer factcheck (schema version {version}; "
                               f"this one knows up to {SCHEMA_VERSION})")
        return version

    def _migrate(self, conn: sqlite3.Connection, version: int) -> None:
        if version >= SCHEMA_VERSION:
            return
        conn.execute("BEGIN IMMEDIATE")
        try:
            conn.execute("CREATE TABLE IF NOT EXISTS schema_version "
                         "(version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)")
            # another process may have migrated between our look and our lock
            version = conn.execute("SELECT COALESCE(MAX(version), 0) FROM schema_version").fetchone()[0]
            for n in range(version, SCHEMA_VERSION):
                for statement in _statements(MIGRATIONS[n]):
                    conn.execute(statement)
                conn.execute("INSERT INTO schema_version (version, applied_at) VALUES (?, ?)", (n + 1, _now()))
            problems = conn.execute("PRAGMA foreign_key_check").fetchall()
            if problems:
                raise sqlite3.IntegrityError(f"foreign key check failed after migration: {problems[:3]}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise

    def schema_version(self) -> int:
        """The schema version of the file (after migration, always :data:`SCHEMA_VERSION`)."""
        return self._conn().execute("SELECT MAX(version) FROM schema_version").fetchone()[0]

    # -- writes ------------------------------------------------------------------------------

    def _write(self, work) -> Any:
        conn = self._conn()
        conn.execute("BEGIN IMMEDIATE")
        try:
            result = work(conn)
            conn.execute("COMMIT")
            return result
        except BaseException:
            conn.execute("ROLLBACK")
            raise

    def sync(self, divergences: Iterable[Mapping[str, Any]], sentence_texts: Mapping[str, str] | None = None,
             seen_at: str | None = None) -> int:
        """Remember the divergences of a report (kind, code, short side texts, outlets and, given
        ``sentence_texts`` (sentence id -> text), each side's sentence hashes); returns how many.

        Existing rows keep their first_seen; decisions are not touched.
        """
        at = seen_at or _now()
        texts = sentence_texts or {}
        rows = []
        for d in divergences:
            a, b = d["sides"]
            hashes = [" ".join(sorted({sentence_hash(texts[s]) for s in side.get("sentences") or () if s in texts}))
                      for side in (a, b)]
            rows.append((d["fingerprint"], d.get("kind") or "", d.get("code") or "", _short(a.get("text")),
                         _short(b.get("text")), ", ".join(a.get("outlets") or ()), ", ".join(b.get("outlets") or ()),
                         *hashes, at, at))

        def work(conn: sqlite3.Connection) -> int:
            conn.executemany(
                "INSERT INTO divergences (fingerprint, kind, code, side_a, side_b, outlets_a, outlets_b, sentences_a, "
                "sentences_b, first_seen, last_seen) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (fingerprint) DO UPDATE SET kind = excluded.kind, code = excluded.code, "
                "side_a = excluded.side_a, side_b = excluded.side_b, outlets_a = excluded.outlets_a, "
                "outlets_b = excluded.outlets_b, sentences_a = excluded.sentences_a, "
                "sentences_b = excluded.sentences_b, last_seen = excluded.last_seen",
                rows,
            )
            return len(rows)

        return self._write(work)

    def decide(self, fingerprint: str, decision: str | None, reviewer: str, reason: str = "",
               note: str | None = None) -> Decision:
        """Set (or, with ``decision`` None, only annotate) the decision on a divergence.

        One transaction: the old decision is read, the new one written and an audit row added.
        A dismissal needs a reason (a :data:`DISMISS_REASONS` key); other decisions carry none.
        ``note`` None keeps the current note. Raises ValueError for a bad decision or reason and
        :class:`UnknownDivergence` for a fingerprint the store has not seen.
        """
        if decision is not None and decision not in DECISIONS:
            raise ValueError(f"unknown decision {decision!r}; one of {', '.join(DECISIONS)}")
        if not reviewer.strip():
            raise ValueError("a decision needs a reviewer name")

        def work(conn: sqlite3.Connection) -> Decision:
            if conn.execute("SELECT 1 FROM divergences WHERE fingerprint = ?", (fingerprint,)).fetchone() is None:
                raise UnknownDivergence(fingerprint)
            old = conn.execute("SELECT decision, reason, note, revision FROM decisions WHERE fingerprint = ?",
                               (fingerprint,)).fetchone()
            new = decision if decision is not None else (old[0] if old else None)
            if new is None:
                raise ValueError("a note needs a decision first")
            new_reason = reason if decision is not None else old[1]
            if new == "dismissed" and new_reason not in DISMISS_REASONS:
                raise ValueError(f"a dismissal needs a reason: one of {', '.join(DISMISS_REASONS)}")
            if new != "dismissed" and new_reason:
                raise ValueError("only a dismissal carries a reason")
            new_note = (note if note is not None else (old[2] if old else "")).strip()
            at = _now()
            revision = (old[3] if old else 0) + 1
            conn.execute(
                "INSERT INTO decisions (fingerprint, decision, reason, note, reviewer, decided_at, revision) "
                "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (fingerprint) DO UPDATE SET decision = excluded.decision, "
                "reason = excluded.reason, note = excluded.note, reviewer = excluded.reviewer, "
                "decided_at = excluded.decided_at, revision = excluded.revision",
                (fingerprint, new, new_reason, new_note, reviewer, at, revision),
            )
            conn.execute(
                "INSERT INTO audit (fingerprint, reviewer, at, old_decision, new_decision, reason, note) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (fingerprint, reviewer, at, old[0] if old else None, new, new_reason, new_note),
            )
            return Decision(fingerprint, new, new_reason, new_note, reviewer, at, revision)

        return self._write(work)

    # -- reads -------------------------------------------------------------------------------

    def decisions(self) -> dict[str, Decision]:
        """Every current decision, by fingerprint."""
        rows = self._conn().execute(
            "SELECT fingerprint, decision, reason, note, reviewer, decided_at, revision FROM decisions")
        return {r[0]: Decision(*r) for r in rows}

    def decision(self, fingerprint: str) -> Decision | None:
        row = self._conn().execute(
            "SELECT fingerprint, decision, reason, note, reviewer, decided_at, revision FROM decisions "
            "WHERE fingerprint = ?", (fingerprint,)).fetchone()
        return Decision(*row) if row else None

    def history(self, fingerprint: str | None = None) -> list[AuditEntry]:
        """The audit trail, oldest first; of one divergence, or of all."""
        sql = "SELECT id, fingerprint, reviewer, at, old_decision, new_decision, reason, note FROM audit"
        rows = (self._conn().execute(sql + " WHERE fingerprint = ? ORDER BY id", (fingerprint,))
                if fingerprint is not None else self._conn().execute(sql + " ORDER BY id"))
        return [AuditEntry(*r) for r in rows]

    def divergences(self) -> dict[str, StoredDivergence]:
        """Every divergence the store has seen, by fingerprint."""
        rows = self._conn().execute(
            "SELECT fingerprint, kind, code, side_a, side_b, outlets_a, outlets_b, sentences_a, sentences_b, "
            "first_seen, last_seen FROM divergences ORDER BY fingerprint")
        return {r[0]: StoredDivergence(*r) for r in rows}

    # -- backup ------------------------------------------------------------------------------

    def backup(self, destination: str | Path) -> Path:
        """A consistent copy of the database through SQLite's online backup API, written atomically.

        Safe while reviewers keep writing: the copy is one committed state.
        """
        destination = Path(destination)
        if destination.resolve() == self.path.resolve():
            raise InputError(destination, "is the database itself; choose another file for the backup")
        if not destination.parent.is_dir():
            raise InputError(destination, "its folder does not exist")
        fd, tmp = tempfile.mkstemp(prefix=f".{destination.name}.", suffix=".tmp", dir=destination.parent)
        os.close(fd)
        try:
            target = sqlite3.connect(tmp)
            try:
                self._conn().backup(target)
                # a backup is one self-contained file: no -wal beside it
                target.execute("PRAGMA journal_mode = DELETE")
            finally:
                target.close()
            os.replace(tmp, destination)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return destination


def _statements(script: str) -> list[str]:
    """A migration script split into statements (``sqlite3.complete_statement`` finds the ends,
    so the ``;`` inside a trigger body does not)."""
    statements, buf = [], ""
    for line in script.splitlines(keepends=True):
        buf += line
        if sqlite3.complete_statement(buf):
            if buf.strip():
                statements.append(buf.strip())
            buf = ""
    if buf.strip():
        statements.append(buf.strip())
    return statements
