from __future__ import annotations

import io
import logging

from factcheck import analyze
from factcheck.config import load_config
from factcheck.progress import LogProgress, NoProgress, RichProgress, for_stderr
from tests.test_events import _corpus


class Recorder:
    def __init__(self) -> None:
        self.stages: dict[str, list[int]] = {}

    def stage(self, name, total, unit="chunks"):
        import contextlib

        @contextlib.contextmanager
        def ctx():
            done = self.stages.setdefault(name, [total, 0])

            def advance(n=1):
                done[1] += n

            yield advance

        return ctx()


def test_pipeline_reports_every_long_stage_to_the_end():
    cfg = load_config(overrides={"embedder": {"name": "fake.v1", "chunk_texts": 4}, "nli": {"model": ""},
                                 "events": {"intercept": -14.0, "coef_cosine": 20.0, "coef_entities": 0.0,
                                            "embedder": "fake.v1"}})
    rec = Recorder()
    analyze(_corpus(), cfg, progress=rec)
    assert set(rec.stages) >= {"ingest", "segment", "claims", "embed leads", "embed", "compare"}
    assert all(total == done for total, done in rec.stages.values()), rec.stages
    assert rec.stages["compare"][0] == 1  # one step per event compared (the article alone in its story is not)
    assert rec.stages["embed leads"][0] == 1  # 3 leads in chunks of 4
    assert rec.stages["embed"][0] == 2  # the 6 sentences of the two articles compared, in chunks of 4


def test_log_progress_writes_counts_and_an_eta(caplog):
    caplog.set_level(logging.INFO, logger="factcheck.progress")
    with LogProgress(every_s=0).stage("embed", 4) as advance:
        advance(1)
        advance(3)
    lines = [r.getMessage() for r in caplog.records]
    assert lines[0] == "embed: 1/4 chunks (25 %), about 0 s left"
    assert lines[-1].startswith("embed: 4/4 chunks (100 %) in ")


def test_bars_only_on_a_terminal_and_never_under_ci(monkeypatch):
    class Tty(io.StringIO):
        def isatty(self):
            return True

    monkeypatch.delenv("CI", raising=False)
    assert isinstance(for_stderr(Tty()), RichProgress)
    assert isinstance(for_stderr(io.StringIO()), LogProgress)
    monkeypatch.setenv("CI", "true")
    assert isinstance(for_stderr(Tty()), LogProgress)


def test_cli_prints_progress_lines_when_stderr_is_not_a_terminal(tmp_path, capsys):
    from factcheck.cli import main

    (tmp_path / "a.txt").write_text("Titel A\n\nDer Minister sagte etwas.\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Titel B\n\nDer Minister sagte nichts.\n", encoding="utf-8")
    assert main(["report", str(tmp_path), "--embedder", "fake.v1", "--no-nli", "-o", str(tmp_path / "out"),
                 "-f", "json"]) == 0
    err = capsys.readouterr().err
    assert "embed: 1/1 chunks (100 %) in " in err and "compare: 1/1 events (100 %)" in err


def test_no_progress_is_silent():
    with NoProgress().stage("x", 2) as advance:
        advance(2)
