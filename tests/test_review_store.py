"""factcheck.review.store: WAL, foreign keys, migrations, append-only audit, concurrency, refusals."""

from __future__ import annotations

import hashlib
import sqlite3
import threading
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factcheck.errors import InputError
from factcheck.baseline import sentence_hash
from factcheck.review.store import DISMISS_REASONS, SCHEMA_VERSION, ReviewStore, UnknownDivergence
from tests.review_factory import review_report


def _divs(*fingerprints: str) -> list[dict]:
    return [{"fingerprint": fp, "kind": "contradict", "code": "FC101",
             "sides": [{"text": f"Seite A von {fp}", "outlets": ["Bote"]}, {"text": f"Seite B von {fp}",
                                                                          "outlets": ["Rundschau"]}]}
            for fp in fingerprints]


@pytest.fixture
def store(tmp_path):
    s = ReviewStore(tmp_path / "reviews.sqlite")
    s.sync(_divs("f1", "f2", "f3"))
    yield s
    s.close()


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_new_store_is_wal_with_foreign_keys_and_the_current_schema(tmp_path):
    store = ReviewStore(tmp_path / "r.sqlite")
    conn = store._conn()
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert store.schema_version() == SCHEMA_VERSION == 2
    assert [r[0] for r in conn.execute("SELECT version FROM schema_version ORDER BY version")] == [1, 2]
    with pytest.raises(sqlite3.IntegrityError):  # a decision needs a known divergence
        conn.execute("INSERT INTO decisions (fingerprint, decision, reviewer, decided_at) "
                     "VALUES ('nope', 'confirmed', 'x', 'now')")
    store.close()


def test_decide_redecide_and_note_keep_a_full_audit_trail(store):
    first = store.decide("f1", "confirmed", "anna", note="Zahl prüfen")
    assert (first.decision, first.revision, first.note) == ("confirmed", 1, "Zahl prüfen")
    second = store.decide("f1", "dismissed", "ben", reason="same_fact")
    assert (second.decision, second.reason, second.reviewer, second.revision) == ("dismissed", "same_fact", "ben", 2)
    assert second.note == "Zahl prüfen"  # a decision without a note keeps the note
    noted = store.decide("f1", None, "anna", note="Beide meinen dieselbe Summe.")
    assert (noted.decision, noted.reason, noted.note, noted.revision) == ("dismissed", "same_fact",
                                                                          "Beide meinen dieselbe Summe.", 3)
    trail = [(e.reviewer, e.old_decision, e.new_decision, e.reason, e.note) for e in store.history("f1")]
    assert trail == [("anna", None, "confirmed", "", "Zahl prüfen"),
                     ("ben", "confirmed", "dismissed", "same_fact", "Zahl prüfen"),
                     ("anna", "dismissed", "dismissed", "same_fact", "Beide meinen dieselbe Summe.")]
    assert store.history("f2") == []
    assert set(store.decisions()) == {"f1"}


@pytest.mark.parametrize("call, error", [
    (("f1", "dismissed", "anna"), "needs a reason"),
    (("f1", "dismissed", "anna", "bored"), "needs a reason"),
    (("f1", "confirmed", "anna", "same_fact"), "only a dismissal"),
    (("f1", "approved", "anna"), "unknown decision"),
    (("f1", "confirmed", "  "), "reviewer"),
    (("f1", None, "anna", "", "note"), "decision first"),
])
def test_bad_decisions_are_refused_and_leave_no_trace(store, call, error):
    with pytest.raises(ValueError, match=error):
        store.decide(*call)
    assert store.history() == [] and store.decisions() == {}


def test_an_unknown_fingerprint_is_refused(store):
    with pytest.raises(UnknownDivergence):
        store.decide("never-seen", "confirmed", "anna")
    assert store.history() == []


def test_the_audit_trail_is_append_only(store):
    store.decide("f1", "confirmed", "anna")
    conn = store._conn()
    for sql in ("UPDATE audit SET reviewer = 'mallory'", "DELETE FROM audit"):
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            conn.execute(sql)
    assert [e.reviewer for e in store.history()] == ["anna"]


def test_decisions_survive_a_rerun_with_other_order_and_added_divergences(tmp_path):
    report = review_report()
    path = tmp_path / "r.sqlite"
    store = ReviewStore(path)
    store.sync(report["divergences"])
    fp = report["divergences"][1]["fingerprint"]
    store.decide(fp, "follow_up", "anna", note="Stadt anrufen")
    store.close()
    # the next run: divergences in another order, one more, the same content
    rerun = list(reversed(report["divergences"])) + _divs("new1")
    store = ReviewStore(path)
    texts = {s["id"]: s["text"] for a in report["articles"] for s in a["sentences"]}
    store.sync(rerun, texts, seen_at="2030-01-01T00:00:00Z")
    assert store.decisions()[fp].decision == "follow_up"
    assert store.decisions()[fp].note == "Stadt anrufen"
    seen = store.divergences()
    assert seen[fp].last_seen == "2030-01-01T00:00:00Z" and seen[fp].first_seen < seen[fp].last_seen
    assert "new1" in seen and len(seen) == len(report["divergences"]) + 1
    side = report["divergences"][1]["sides"][0]
    assert seen[fp].sentences_a.split() == sorted({sentence_hash(texts[s]) for s in side["sentences"]})
    assert len(seen[fp].sentences_a.split()[0]) == 16
    store.close()


def test_twenty_concurrent_decisions_all_reach_the_audit_trail(tmp_path):
    path = tmp_path / "r.sqlite"
    setup = ReviewStore(path)
    setup.sync(_divs("f1"))
    setup.close()
    # two stores on one file stand for two reviewers' processes; ten threads each
    stores = [ReviewStore(path), ReviewStore(path)]
    barrier = threading.Barrier(20)
    errors = []

    def reviewer(n: int) -> None:
        try:
            barrier.wait()
            decision = ("confirmed", "follow_up")[n % 2]
            stores[n % 2].decide("f1", decision, f"reviewer{n}", note=f"note {n}")
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=reviewer, args=(n,)) for n in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    trail = stores[0].history("f1")
    assert sorted(e.reviewer for e in trail) == sorted(f"reviewer{n}" for n in range(20))
    # each write saw the one before it: old decisions chain, and the last write is the decision
    assert [e.old_decision for e in trail[1:]] == [e.new_decision for e in trail[:-1]]
    final = stores[1].decision("f1")
    assert (final.reviewer, final.decision, final.revision) == (trail[-1].reviewer, trail[-1].new_decision, 20)
    for s in stores:
        s.close()


# what version 1 of the store wrote (kept verbatim: never change it, it stands for old files)
V1_SCHEMA = """
CREATE TABLE schema_version (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL);
INSERT INTO schema_version VALUES (1, '2026-11-01T09:00:00.000Z');
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
INSERT INTO decisions VALUES ('fpA', 'follow_up', 'nachfragen', 'anna', '2026-11-02T10:00:00.000Z');
INSERT INTO decisions VALUES ('fpB', 'dismissed', 'gleiche Zahl', 'ben', '2026-11-03T10:00:00.000Z');
INSERT INTO audit (fingerprint, reviewer, at, old_decision, new_decision, note)
    VALUES ('fpA', 'anna', '2026-11-01T10:00:00.000Z', NULL, 'confirmed', '');
INSERT INTO audit (fingerprint, reviewer, at, old_decision, new_decision, note)
    VALUES ('fpA', 'anna', '2026-11-02T10:00:00.000Z', 'confirmed', 'follow_up', 'nachfragen');
INSERT INTO audit (fingerprint, reviewer, at, old_decision, new_decision, note)
    VALUES ('fpB', 'ben', '2026-11-03T10:00:00.000Z', NULL, 'dismissed', 'gleiche Zahl');
"""


def test_a_schema_version_1_file_is_migrated(tmp_path):
    path = tmp_path / "old.sqlite"
    conn = sqlite3.connect(path)
    conn.executescript(V1_SCHEMA)
    conn.close()
    store = ReviewStore(path)
    assert store.schema_version() == SCHEMA_VERSION
    decisions = store.decisions()
    assert {fp: (d.decision, d.note, d.reviewer, d.revision) for fp, d in decisions.items()} == {
        "fpA": ("follow_up", "nachfragen", "anna", 2), "fpB": ("dismissed", "gleiche Zahl", "ben", 1)}
    assert [(e.fingerprint, e.old_decision, e.new_decision) for e in store.history()] == [
        ("fpA", None, "confirmed"), ("fpA", "confirmed", "follow_up"), ("fpB", None, "dismissed")]
    seen = store.divergences()
    assert (seen["fpA"].kind, seen["fpA"].first_seen, seen["fpA"].last_seen) == (
        "", "2026-11-01T10:00:00.000Z", "2026-11-02T10:00:00.000Z")
    # the audit trail is append-only from version 2 on, and a later report fills in what a divergence was
    with pytest.raises(sqlite3.IntegrityError):
        store._conn().execute("DELETE FROM audit")
    store.sync(_divs("fpA"))
    assert store.divergences()["fpA"].kind == "contradict"
    # a version 1 dismissal has no reason; a new note on it asks for one
    with pytest.raises(ValueError, match="reason"):
        store.decide("fpB", None, "ben", note="neu")
    store.decide("fpB", "dismissed", "ben", reason="same_fact")
    assert len(store.history("fpB")) == 2
    store.close()
    assert ReviewStore(path).schema_version() == SCHEMA_VERSION  # a second open migrates nothing


def _corrupt_copy(tmp_path: Path) -> Path:
    """A real review database with garbage written over a table page (page 1, the header, stays intact)."""
    path = tmp_path / "corrupt.sqlite"
    store = ReviewStore(path)
    store.sync(_divs(*(f"f{n}" for n in range(300))))
    store.close()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode = DELETE")  # fold the WAL into the file
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    data = bytearray(path.read_bytes())
    for page in (2, 3, 4):
        data[page * page_size + 8: page * page_size + 400] = b"\xa5" * 392
    path.write_bytes(bytes(data))
    return path


# garbage after the magic string whose header byte 19 says WAL: SQLite creates a -wal and -shm beside the
# file even to read it (one random header in ~200 did, and the CLI test then found them left behind)
_WAL_GARBAGE = b"SQLite format 3\x00" + bytes.fromhex("627adc02fedc7703") + bytes(range(256)) * 15


@pytest.mark.parametrize("content, problem", [
    (b"this is not a database, just text\n" * 40, "not a usable SQLite database"),
    (_WAL_GARBAGE, "not a usable SQLite database"),
    (None, "integrity check failed|not a usable SQLite database"),
    ("foreign", "not a factcheck review database"),
    ("newer", "newer factcheck"),
])
def test_a_bad_file_is_refused_with_one_line_and_left_untouched(tmp_path, content, problem):
    if content is None:
        path = _corrupt_copy(tmp_path)
    elif content == "foreign":
        path = tmp_path / "other.sqlite"
        conn = sqlite3.connect(path)
        conn.execute("CREATE TABLE recipes (name TEXT)")
        conn.commit()
        conn.close()
    elif content == "newer":
        path = tmp_path / "newer.sqlite"
        conn = sqlite3.connect(path)
        conn.execute("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)")
        conn.execute("INSERT INTO schema_version VALUES (99, 'later')")
        conn.commit()
        conn.close()
    else:
        path = tmp_path / "garbage.sqlite"
        path.write_bytes(content)
    before, names = _sha(path), sorted(p.name for p in tmp_path.iterdir())
    with pytest.raises(InputError, match=problem) as raised:
        ReviewStore(path)
    message = str(raised.value)
    assert message.startswith(str(path)) and "\n" not in message
    assert _sha(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == names  # no -wal or -shm left beside it


def test_a_missing_folder_is_refused(tmp_path):
    with pytest.raises(InputError, match="folder does not exist"):
        ReviewStore(tmp_path / "nowhere" / "r.sqlite")


def test_backup_is_a_consistent_self_contained_copy(store, tmp_path):
    store.decide("f1", "dismissed", "anna", reason="false_alarm", note="Tippfehler")
    copy = store.backup(tmp_path / "backup.sqlite")
    conn = sqlite3.connect(copy)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    restored = ReviewStore(copy)
    assert restored.decisions() == store.decisions()
    assert [e.note for e in restored.history()] == ["Tippfehler"]
    restored.close()
    with pytest.raises(InputError, match="database itself"):
        store.backup(store.path)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from(["f1", "f2"]), st.sampled_from(["confirmed", "dismissed", "follow_up"]),
                          st.sampled_from([""] + list(DISMISS_REASONS)), st.text(max_size=20)), max_size=12))
def test_any_sequence_of_decisions_leaves_the_last_valid_one_and_a_row_per_write(tmp_path_factory, steps):
    store = ReviewStore(tmp_path_factory.mktemp("h") / "r.sqlite")
    store.sync(_divs("f1", "f2"))
    last, written = {}, 0
    for fp, decision, reason, note in steps:
        try:
            store.decide(fp, decision, "anna", reason=reason, note=note)
        except ValueError:
            continue
        last[fp] = (decision, reason, note.strip())
        written += 1
    assert {fp: (d.decision, d.reason, d.note) for fp, d in store.decisions().items()} == last
    assert len(store.history()) == written
    store.close()


def test_a_locked_database_is_tried_again_and_other_errors_are_not():
    import sqlite3

    from factcheck.review.store import _patiently

    answers = iter([sqlite3.OperationalError("database is locked"), sqlite3.OperationalError("database is locked"), "wal"])

    def step():
        answer = next(answers)
        if isinstance(answer, Exception):
            raise answer
        return answer

    assert _patiently(step) == "wal"

    def broken():
        raise sqlite3.OperationalError("no such table: decisions")

    with pytest.raises(sqlite3.OperationalError, match="no such table"):
        _patiently(broken)
