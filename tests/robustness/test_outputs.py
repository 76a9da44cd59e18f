"""Outputs: written atomically with the permissions a plain write gives, and whole after an interrupt."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from factcheck.atomic import current_umask, write_atomic, write_atomic_many
from factcheck.cli import main
from tests.conftest import ROOT, SEEDS

QUICK = ["--embedder", "fake.v1", "--no-nli"]


@pytest.fixture
def umask():
    """Set the process umask for one test, restore it after."""
    saved = os.umask(0o022)
    os.umask(saved)

    def set_mask(mask: int) -> None:
        os.umask(mask)

    yield set_mask
    os.umask(saved)


@pytest.mark.parametrize(("mask", "mode"), [(0o022, 0o644), (0o002, 0o664), (0o077, 0o600)])
def test_new_outputs_get_the_umask_not_0600(tmp_path, umask, mask, mode):
    umask(mask)
    assert current_umask() == mask
    path = write_atomic(tmp_path / "report.json", "{}")
    assert path.stat().st_mode & 0o777 == mode


def test_an_existing_output_keeps_its_mode(tmp_path, umask):
    umask(0o022)
    path = tmp_path / "report.html"
    path.write_text("old", encoding="utf-8")
    path.chmod(0o640)
    write_atomic(path, "new")
    assert (path.read_text(encoding="utf-8"), path.stat().st_mode & 0o777) == ("new", 0o640)


def test_reports_and_tables_are_world_readable_under_umask_022(tmp_path, umask, capsys):
    umask(0o022)
    out = tmp_path / "out"
    assert main(["report", str(SEEDS), "-o", str(out), "--tables", "csv", *QUICK]) == 0
    files = sorted(p for p in out.rglob("*") if p.is_file())
    assert len(files) == 4 + 6
    assert {p.stat().st_mode & 0o777 for p in files} == {0o644}


def test_a_failed_set_leaves_every_old_file_and_no_temp(tmp_path, monkeypatch):
    old = {tmp_path / "a.json": "old a", tmp_path / "b.md": "old b"}
    write_atomic_many(old)
    real_replace = os.replace
    calls = []

    def fail_second(src, dst):
        calls.append(dst)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", fail_second)
    with pytest.raises(OSError):
        write_atomic_many({tmp_path / "a.json": "new a", tmp_path / "b.md": "new b"})
    # the first rename had happened: an error (unlike a signal) is not held back; no temp file stays
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.json", "b.md"]


# The child runs the real CLI; its fsync is slowed down so that the parent can signal it while the
# new report files are being written (after the analysis, before the renames).
CHILD = textwrap.dedent("""
    import os, sys, time, pathlib
    marker = pathlib.Path(sys.argv[1])
    real_fsync = os.fsync
    def slow_fsync(fd):
        real_fsync(fd)
        marker.touch()
        time.sleep(60)
    os.fsync = slow_fsync
    from factcheck.cli import main
    sys.exit(main(sys.argv[2:]))
""")


@pytest.mark.slow
@pytest.mark.parametrize(("sig", "code"), [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_a_run_killed_while_writing_leaves_the_old_report_whole(tmp_path, sig, code):
    out = tmp_path / "out"
    assert main(["report", str(SEEDS), "-o", str(out), "--tables", "csv", *QUICK]) == 0
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert len(before) == 4 + 6
    marker = tmp_path / "writing"
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(marker), "report", str(SEEDS), "-o", str(out), "-f", "json", "-f", "md",
         "-f", "html", "-f", "graphml", "--tables", "csv", *QUICK],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        deadline = time.monotonic() + 240
        while not marker.exists():
            assert child.poll() is None, child.communicate()
            assert time.monotonic() < deadline, "the child never started writing"
            time.sleep(0.05)
        child.send_signal(sig)
        _, err = child.communicate(timeout=60)
    finally:
        if child.poll() is None:
            child.kill()
    assert child.returncode == code, err
    assert "outputs written before are unchanged" in err and "Traceback" not in err
    after = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before  # reports and tables the same, byte for byte, and no temporary file left


def test_a_signal_during_the_renames_waits_until_the_set_is_complete(tmp_path, monkeypatch):
    write_atomic_many({tmp_path / "a.json": "old a", tmp_path / "b.md": "old b", tmp_path / "c.html": "old c"})
    real_replace = os.replace

    def interrupted_replace(src, dst):
        real_replace(src, dst)
        if dst.name == "a.json":
            os.kill(os.getpid(), signal.SIGINT)  # Ctrl-C right after the first rename

    monkeypatch.setattr(os, "replace", interrupted_replace)
    with pytest.raises(KeyboardInterrupt):
        write_atomic_many({tmp_path / "a.json": "new a", tmp_path / "b.md": "new b", tmp_path / "c.html": "new c"})
    # the interrupt arrived once the set was whole: all three new, no temporary file
    assert {p.name: p.read_text(encoding="utf-8") for p in tmp_path.iterdir()} == {
        "a.json": "new a", "b.md": "new b", "c.html": "new c"}
