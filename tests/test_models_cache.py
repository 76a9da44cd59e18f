from __future__ import annotations

import pytest

from factcheck.errors import ModelError
from factcheck.models.cache import build_once


def _writer(calls):
    def build(tmp):
        calls.append(tmp)
        (tmp / "weights.bin").write_bytes(b"\x00" * 8)
        (tmp / "done.json").write_text("{}")

    return build


def test_builds_once_then_reuses(tmp_path):
    calls = []
    target = tmp_path / "model-a"
    assert build_once(target, "done.json", _writer(calls), "conversion") == target
    assert build_once(target, "done.json", _writer(calls), "conversion") == target
    assert len(calls) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == [".model-a.lock", "model-a"]


def test_failed_build_leaves_nothing_behind_and_can_be_retried(tmp_path):
    target = tmp_path / "model-b"

    def broken(tmp):
        (tmp / "half.bin").write_bytes(b"\x01")
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        build_once(target, "done.json", broken, "conversion")
    assert not target.exists() and not list(tmp_path.glob("*.tmp"))
    calls = []
    build_once(target, "done.json", _writer(calls), "conversion")
    assert (target / "weights.bin").exists()


def test_unfinished_directory_is_an_error_not_a_model(tmp_path):
    target = tmp_path / "model-c"
    target.mkdir()
    with pytest.raises(ModelError, match="not a finished rebuild"):
        build_once(target, "done.json", _writer([]), "rebuild")
