"""`factcheck review` on the command line: refusals, backup, and a real run stopped with Ctrl-C."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import signal
import sqlite3
import subprocess
import sys

import httpx
import pytest

from factcheck.cli import main
from factcheck.review import ReviewStore
from tests.conftest import ROOT
from tests.review_factory import review_report


@pytest.fixture
def report_file(tmp_path):
    path = tmp_path / "report.json"
    path.write_text(json.dumps(review_report(), ensure_ascii=False), encoding="utf-8")
    return path


def _sha(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_corrupt_database_is_one_line_exit_2_and_left_untouched(tmp_path, capsys, report_file):
    db = tmp_path / "reviews.sqlite"
    db.write_bytes(b"SQLite format 3\x00" + os.urandom(4000))  # a header, then garbage
    before = _sha(db)
    assert main(["review", "--report", str(report_file), "--db", str(db), "--no-browser"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith(f"factcheck: error: {db}: ") and "database" in err
    assert _sha(db) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.json", "reviews.sqlite"]


@pytest.mark.parametrize("argv, fragment", [
    (["review", "--no-browser"], "PATHs to analyse or --report"),
    (["review", "x", "--report", "r.json"], "not both"),
    (["review", "--report", "missing.json"], "missing.json: no such file"),
    (["review", "--report", "{report}", "-o", "x"], "backup"),
    (["review", "--report", "{report}", "--port", "70000"], "not a port"),
    (["review", "backup", "--db", "{tmp}/none.sqlite", "-o", "{tmp}/b.sqlite"], "no such review database"),
    (["review", "backup", "--db", "{tmp}/r.sqlite"], "needs -o"),
])
def test_usage_errors_are_one_line_exit_2(tmp_path, capsys, report_file, argv, fragment):
    ReviewStore(tmp_path / "r.sqlite").close()
    argv = [a.format(report=report_file, tmp=tmp_path) for a in argv]
    assert main([*argv, "--db", str(tmp_path / "r.sqlite")] if "--db" not in argv else argv) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and fragment in err


def test_a_report_that_is_not_one_is_refused(tmp_path, capsys):
    bad = tmp_path / "report.json"
    for text, fragment in (("{", "is not JSON"), ('{"schema": "x"}', "not a factcheck report.json"),
                           ('{"schema": "factcheck.report/1", "findings": []}', "has no divergences")):
        bad.write_text(text, encoding="utf-8")
        assert main(["review", "--report", str(bad), "--db", str(tmp_path / "r.sqlite")]) == 2
        assert fragment in capsys.readouterr().err


def test_the_folder_factcheck_report_wrote_stands_for_its_report_json(tmp_path, report_file):
    from factcheck.review import load_report

    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "report.json").write_bytes(report_file.read_bytes())
    assert load_report(folder) == load_report(report_file)


def test_a_folder_without_a_report_json_is_refused_in_one_line(tmp_path, capsys):
    assert main(["review", "--report", str(tmp_path), "--db", str(tmp_path / "r.sqlite")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "folder without a report.json" in err and "Traceback" not in err


def test_backup_copies_the_decisions(tmp_path, capsys):
    store = ReviewStore(tmp_path / "r.sqlite")
    divs = review_report()["divergences"]
    store.sync(divs)
    store.decide(divs[0]["fingerprint"], "follow_up", "anna", note="nachhaken")
    store.close()
    out = tmp_path / "copy.sqlite"
    assert main(["review", "backup", "--db", str(tmp_path / "r.sqlite"), "-o", str(out)]) == 0
    assert f"wrote {out} (1 decisions" in capsys.readouterr().out
    conn = sqlite3.connect(out)
    assert conn.execute("SELECT decision, note FROM decisions").fetchall() == [("follow_up", "nachhaken")]
    conn.close()


@contextlib.contextmanager
def _serving(tmp_path, report_file, *options):
    """`factcheck review` in a child process; stopped with Ctrl-C (SIGINT) on leaving."""
    db = tmp_path / "reviews.sqlite"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "factcheck", "review", "--report", str(report_file), "--db", str(db),
         "--no-browser", *options],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=tmp_path,
    )
    try:
        yield proc, db
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            raise


def test_review_serves_until_interrupted(tmp_path, report_file):
    fp = review_report()["divergences"][0]["fingerprint"]
    with _serving(tmp_path, report_file, "--reviewer", "carla") as (proc, db):
        first, second = proc.stdout.readline(), proc.stdout.readline()
        assert first.startswith("4 divergences, 0 decided") and str(db) in first
        url = re.search(r"review at (http://127\.0\.0\.1:\d+/)", second)[1]
        page = httpx.get(url + "d/" + fp, timeout=10)
        assert page.status_code == 200 and 'value="carla"' in page.text
        token = re.search(r'name="token" value="([^"]+)"', page.text)[1]
        r = httpx.post(f"{url}d/{fp}/decide", data={"token": token, "decision": "confirmed"}, timeout=10)
        assert r.status_code == 303
    assert proc.returncode == 130
    assert "Traceback" not in proc.stderr.read()
    # nothing written but the database (and SQLite's WAL files beside it)
    assert {p.name for p in tmp_path.iterdir()} <= {"report.json", "reviews.sqlite", "reviews.sqlite-wal",
                                                     "reviews.sqlite-shm"}
    store = ReviewStore(db)
    assert store.decision(fp).reviewer == "carla"
    store.close()


def test_review_on_every_interface_warns_and_answers_to_an_allowed_name(tmp_path, report_file):
    with _serving(tmp_path, report_file, "--host", "0.0.0.0", "--allow-host", "review.example.org") as (proc, _):
        proc.stdout.readline()
        port = re.search(r"review at http://0\.0\.0\.0:(\d+)/", proc.stdout.readline())[1]
        ok = httpx.get(f"http://127.0.0.1:{port}/", headers={"Host": f"review.example.org:{port}"}, timeout=10)
        refused = httpx.get(f"http://127.0.0.1:{port}/", headers={"Host": f"evil.example:{port}"}, timeout=10)
        assert (ok.status_code, refused.status_code) == (200, 400)
    err = proc.stderr.read()
    assert "no login" in err and "0.0.0.0" in err and "Traceback" not in err
