from __future__ import annotations

import pytest

from factcheck.atomic import write_atomic


def test_write_atomic_creates_and_replaces(tmp_path):
    target = tmp_path / "sub" / "report.json"
    write_atomic(target, "eins")
    write_atomic(target, "zwei – äöü")
    assert target.read_text(encoding="utf-8") == "zwei – äöü"
    assert [p.name for p in target.parent.iterdir()] == ["report.json"]


def test_failed_write_keeps_old_file_and_leaves_no_temp(tmp_path, monkeypatch):
    target = tmp_path / "report.md"
    write_atomic(target, "alt")

    def boom(*_args):
        raise OSError("disk full")

    monkeypatch.setattr("factcheck.atomic.os.replace", boom)
    with pytest.raises(OSError):
        write_atomic(target, "neu")
    assert target.read_text(encoding="utf-8") == "alt"
    assert [p.name for p in tmp_path.iterdir()] == ["report.md"]
