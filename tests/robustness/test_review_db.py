"""Review database faults: writers killed mid-write, and concurrent writers in threads and processes.

The writers go through the real store API (:class:`factcheck.review.store.ReviewStore`). One decision
is one ``BEGIN IMMEDIATE`` transaction that upserts the ``decisions`` row (revision + 1) and appends one
``audit`` row, so after any fault, for every fingerprint: the decision's revision equals the number of its
audit rows, the newest audit row carries the decision's values, and each audit row's ``old_decision`` is
the previous row's ``new_decision`` (no lost update).
"""

from __future__ import annotations

import json
import os
import random
import re
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest

from factcheck.review.store import ReviewStore
from tests.review_factory import review_report

ROOT = Path(__file__).resolve().parents[2]

# A writer process: opens the store, makes sure its divergences exist, then decides in a loop.
# Around every decide it appends a line to a log with one os.write (a regular-file write is not torn by
# SIGKILL): "start FP REV" before the call and "done FP REV" once it has returned.
# Large random notes make each transaction write many pages, so a random kill usually lands inside one.
WRITER = r"""
import os, random, sys, time
from pathlib import Path
from factcheck.review.store import ReviewStore, DISMISS_REASONS

db, log, prefix, n_fps, n_shared, count, seed, note_max, start = sys.argv[1:10]
n_fps, n_shared, count, seed, note_max = int(n_fps), int(n_shared), int(count), int(seed), int(note_max)
fd = os.open(log, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
if start != "-":  # wait for the go signal so that every writer opens the store at once
    os.write(fd, b"waiting\n")
    while not Path(start).exists():
        time.sleep(0.001)
rng = random.Random(seed)
store = ReviewStore(db)
fps = [f"{prefix}{i:03d}" for i in range(n_fps)]
shared = [f"shared-{i:03d}" for i in range(n_shared)]
store.sync([{"fingerprint": fp, "kind": "contradict", "code": "FC101",
             "sides": [{"text": "A " + fp, "outlets": ["a"]}, {"text": "B " + fp, "outlets": ["b"]}]}
            for fp in fps + shared])
os.write(fd, b"ready\n")
# count < 0: forever, on random fingerprints; else count times: own fingerprint i, then (if any) shared one i
steps = ((rng.choice(fps) for _ in iter(int, 1)) if count < 0 else
         (fp for i in range(count) for fp in [fps[i % n_fps]] + shared[i % n_shared:][:1]))
for i, fp in enumerate(steps):
    decision = rng.choice(["confirmed", "dismissed", "follow_up"])
    reason = rng.choice(sorted(DISMISS_REASONS)) if decision == "dismissed" else ""
    note = f"{prefix} {i} " + "x" * rng.randrange(note_max + 1)
    current = store.decision(fp)
    expected = (current.revision if current else 0) + 1  # exact for a single writer per fingerprint set
    os.write(fd, f"start {fp} {expected}\n".encode())
    got = store.decide(fp, decision, f"writer-{prefix}", reason=reason, note=note)
    os.write(fd, f"done {fp} {got.revision}\n".encode())
store.close()
"""


def _env() -> dict[str, str]:
    return dict(os.environ, PYTHONPATH=str(ROOT))


def _writer(db: Path, log: Path, prefix: str, n_fps: int, count: int, seed: int, note_max: int,
            n_shared: int = 0, start: Path | None = None) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", WRITER, str(db), str(log), prefix, str(n_fps), str(n_shared), str(count), str(seed),
         str(note_max), str(start) if start else "-"],
        env=_env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )


def _log_lines(log: Path) -> list[list[str]]:
    if not log.exists():
        return []
    text = log.read_text()
    complete = text if text.endswith("\n") else text[: text.rfind("\n") + 1]
    return [line.split() for line in complete.splitlines()]


def _integrity_ok(db: Path) -> None:
    conn = sqlite3.connect(db)
    try:
        assert [r[0] for r in conn.execute("PRAGMA integrity_check")] == ["ok"]
        conn.execute("PRAGMA foreign_keys = ON")
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        conn.close()


def _consistent(store: ReviewStore) -> dict[str, int]:
    """Check every decision against its audit trail; returns each fingerprint's revision."""
    decisions = store.decisions()
    trail: dict[str, list] = {}
    for entry in store.history():
        trail.setdefault(entry.fingerprint, []).append(entry)
    assert set(trail) == set(decisions), "a decision without its audit rows, or audit rows without a decision"
    for fp, d in decisions.items():
        rows = trail[fp]
        assert d.revision == len(rows), f"{fp}: revision {d.revision} but {len(rows)} audit rows"
        last = rows[-1]
        assert (last.new_decision, last.reason, last.note, last.reviewer, last.at) == (
            d.decision, d.reason, d.note, d.reviewer, d.decided_at), f"{fp}: decision and newest audit row differ"
        olds = [r.old_decision for r in rows]
        assert olds == [None] + [r.new_decision for r in rows[:-1]], f"{fp}: the audit chain has a lost update"
    return {fp: d.revision for fp, d in decisions.items()}


def test_a_writer_killed_mid_write_loses_no_returned_decision_and_leaves_none_half_written(tmp_path):
    db, log = tmp_path / "reviews.sqlite", tmp_path / "writer.log"
    rng = random.Random(14)
    returned: dict[str, int] = {}  # fingerprint -> highest revision whose decide() returned before a kill
    mid_decide = rounds = 0
    # kill at random points until at least 4 kills landed inside decide() (bounded, normally 4-6 rounds)
    while mid_decide < 4 and rounds < 25:
        rounds += 1
        log.unlink(missing_ok=True)
        child = _writer(db, log, "fp", n_fps=12, count=-1, seed=rounds, note_max=200_000)
        # the first round may also die while the schema is being created
        if rounds > 1:
            deadline = time.monotonic() + 20
            while ["ready"] not in _log_lines(log):
                assert child.poll() is None, child.stderr.read()
                assert time.monotonic() < deadline, "the writer did not start"
                time.sleep(0.005)
        time.sleep(rng.uniform(0.0, 0.4) if rounds > 1 else rng.uniform(0.3, 0.9))
        assert child.poll() is None, child.stderr.read()
        child.send_signal(signal.SIGKILL)
        child.wait()
        child.stderr.close()

        _integrity_ok(db)
        store = ReviewStore(db)  # runs its own integrity check and refuses a damaged file
        try:
            revisions = _consistent(store)
        finally:
            store.close()
        lines = _log_lines(log)
        for kind, *rest in lines:
            if kind == "done":
                fp, rev = rest[0], int(rest[1])
                returned[fp] = max(returned.get(fp, 0), rev)
        for fp, rev in returned.items():
            assert revisions.get(fp, 0) >= rev, f"{fp}: revision {rev} returned before the kill but is lost"
        if lines and lines[-1][0] == "start":  # killed inside decide(): all of it or nothing
            mid_decide += 1
            fp, rev = lines[-1][1], int(lines[-1][2])
            assert revisions.get(fp, 0) in (rev - 1, rev), f"{fp}: revision {revisions.get(fp)} after a kill in {rev}"
    assert mid_decide >= 4, f"only {mid_decide} of {rounds} kills landed inside a decision"
    assert sum(returned.values()) > 0


def test_the_review_server_killed_while_saving_loses_no_answered_decision(tmp_path):
    """`factcheck review` SIGKILLed while four clients post decisions; restarted on the same file twice."""
    db, report = tmp_path / "reviews.sqlite", tmp_path / "report.json"
    report.write_text(json.dumps(review_report(), ensure_ascii=False), encoding="utf-8")
    fps = [d["fingerprint"] for d in review_report()["divergences"]]
    answered: dict[str, int] = {}  # fingerprint -> highest revision the server answered with
    rng = random.Random(12)
    for round_ in range(3):
        server = subprocess.Popen(
            [sys.executable, "-m", "factcheck", "review", "--report", str(report), "--db", str(db), "--no-browser"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=_env(), cwd=tmp_path)
        try:
            server.stdout.readline()
            started = re.search(r"review at (http://127\.0\.0\.1:\d+/)", server.stdout.readline())
            assert started, f"the server did not start on the killed file: {server.stderr.read()}"
            url = started[1]
            token = re.search(r'name="token" value="([^"]+)"', httpx.get(url + "d/" + fps[0], timeout=10).text)[1]
            stop = threading.Event()
            lock = threading.Lock()
            counts = [0]
            errors: list[BaseException] = []

            def client(c: int) -> None:
                with httpx.Client(timeout=10) as http:
                    i = 0
                    while not stop.is_set():
                        fp = fps[(c + i) % len(fps)]
                        decision = ("confirmed", "follow_up", "dismissed")[i % 3]
                        try:
                            r = http.post(f"{url}d/{fp}/decide", headers={"accept": "application/json"}, data={
                                "token": token, "decision": decision, "reviewer": f"client-{c}",
                                "reason": "same_fact" if decision == "dismissed" else "", "note": f"{round_} {c} {i}"})
                        except httpx.TransportError:
                            return  # the server is gone
                        if r.status_code != 200:
                            errors.append(AssertionError(f"{r.status_code}: {r.text[:200]}"))
                            return
                        with lock:
                            answered[fp] = max(answered.get(fp, 0), r.json()["revision"])
                            counts[0] += 1
                        i += 1

            clients = [threading.Thread(target=client, args=(c,)) for c in range(4)]
            for thread in clients:
                thread.start()
            deadline = time.monotonic() + 20
            while counts[0] < 10:  # the server is saving; now kill it at a random point
                assert not errors, errors
                assert time.monotonic() < deadline and server.poll() is None, "no decision was saved"
                time.sleep(0.01)
            time.sleep(rng.uniform(0.0, 0.3))
            server.send_signal(signal.SIGKILL)
            server.wait()
            stop.set()
            for thread in clients:
                thread.join(timeout=20)
            assert not errors, errors
        finally:
            if server.poll() is None:
                server.kill()
                server.wait()
            server.stdout.close()
            server.stderr.close()

        _integrity_ok(db)
        store = ReviewStore(db)
        try:
            revisions = _consistent(store)
        finally:
            store.close()
        for fp, rev in answered.items():
            assert revisions.get(fp, 0) >= rev, f"{fp}: revision {rev} was answered before the kill but is lost"
    assert sum(answered.values()) >= 30


def test_concurrent_writer_processes_lose_nothing(tmp_path):
    db, go = tmp_path / "reviews.sqlite", tmp_path / "go"
    n_proc, per_proc, n_shared = 4, 25, 5
    # every process opens the fresh (not yet created) file at the same moment, so the schema is created
    # under contention; then each decides 25 fingerprints of its own and, interleaved, 25 times on 5
    # fingerprints that all of them share (the later write wins, the audit keeps every one)
    logs = [tmp_path / f"w{p}.log" for p in range(n_proc)]
    children = [_writer(db, logs[p], f"p{p}-", n_fps=per_proc, count=per_proc, seed=p, note_max=2000,
                        n_shared=n_shared, start=go) for p in range(n_proc)]
    deadline = time.monotonic() + 30
    while not all(["waiting"] in _log_lines(log) for log in logs):
        assert time.monotonic() < deadline, "the writers did not start"
        time.sleep(0.005)
    go.touch()
    for child in children:
        assert child.wait(timeout=60) == 0, child.stderr.read()
        child.stderr.close()

    _integrity_ok(db)
    store = ReviewStore(db)
    try:
        revisions = _consistent(store)
        assert store.schema_version() == 2
        history = store.history()
    finally:
        store.close()
    own = {fp: r for fp, r in revisions.items() if not fp.startswith("shared-")}
    assert len(own) == n_proc * per_proc and set(own.values()) == {1}
    assert {fp: r for fp, r in revisions.items() if fp.startswith("shared-")} == {
        f"shared-{i:03d}": n_proc * per_proc // n_shared for i in range(n_shared)}
    assert len(history) == 2 * n_proc * per_proc
    # every decide() that returned handed out its own revision: none twice
    handed = [(fp, int(rev)) for log in logs for kind, *rest in _log_lines(log) if kind == "done" for fp, rev in [rest]]
    assert len(handed) == 2 * n_proc * per_proc and len(set(handed)) == len(handed)


@pytest.mark.parametrize("shared_store", [True, False], ids=["one-store", "store-per-thread"])
def test_concurrent_writer_threads_lose_nothing(tmp_path, shared_store):
    db = tmp_path / "reviews.sqlite"
    n_threads, per_thread = 8, 25
    fps = [f"t{t}-{i:03d}" for t in range(n_threads) for i in range(per_thread)] + [f"shared-{i}" for i in range(5)]
    setup = ReviewStore(db)
    setup.sync([{"fingerprint": fp, "sides": [{"text": "A"}, {"text": "B"}]} for fp in fps])
    barrier = threading.Barrier(n_threads)
    errors: list[BaseException] = []
    returned: list[tuple[str, int]] = []
    lock = threading.Lock()

    def work(t: int) -> None:
        store = setup if shared_store else ReviewStore(db)
        rng = random.Random(t)
        try:
            barrier.wait()
            for i in range(per_thread):
                for fp in (f"t{t}-{i:03d}", f"shared-{i % 5}"):
                    decision = rng.choice(["confirmed", "follow_up", "dismissed"])
                    reason = "same_fact" if decision == "dismissed" else ""
                    got = store.decide(fp, decision, f"thread-{t}", reason=reason, note=f"{t} {i}")
                    with lock:
                        returned.append((fp, got.revision))
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            if not shared_store:
                store.close()

    threads = [threading.Thread(target=work, args=(t,)) for t in range(n_threads)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    setup.close()
    assert not errors, errors[:3]

    _integrity_ok(db)
    store = ReviewStore(db)
    try:
        revisions = _consistent(store)
        assert len(store.history()) == 2 * n_threads * per_thread
    finally:
        store.close()
    assert all(revisions[f"t{t}-{i:03d}"] == 1 for t in range(n_threads) for i in range(per_thread))
    assert [revisions[f"shared-{i}"] for i in range(5)] == [n_threads * per_thread // 5] * 5
    # each returned revision of a shared fingerprint was handed out exactly once
    shared_revs = sorted(r for fp, r in returned if fp == "shared-0")
    assert shared_revs == list(range(1, n_threads * per_thread // 5 + 1))
