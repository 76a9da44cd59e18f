from __future__ import annotations

import pytest

from factcheck.cli import main
from factcheck.config import load_config
from factcheck.errors import ConfigError
from factcheck.executor import SerialExecutor, can_fork, chunked, flatten, get_executor, usable_cores
from tests.test_events import _corpus


def test_serial_executor_keeps_order():
    assert SerialExecutor().map(lambda x: x * 2, [3, 1, 2]) == [6, 2, 4]
    assert flatten(chunked(list(range(7)), 3)) == list(range(7))


def _pid(_: int) -> int:
    import os

    return os.getpid()


def _fails(x: int) -> int:
    if x == 2:
        raise ValueError("item 2 is bad")
    return x


@pytest.mark.skipif(not can_fork(), reason="forked processes need Linux")
def test_serial_executor_runs_python_stages_in_forked_processes_in_order():
    import os

    done = []
    assert SerialExecutor().map(abs, [-3, 1, -2, 5], on_done=lambda: done.append(1), processes=2) == [3, 1, 2, 5]
    assert len(done) == 4  # progress hears of every chunk, from this process
    pids = set(SerialExecutor().map(_pid, list(range(8)), processes=2))
    assert os.getpid() not in pids and 1 <= len(pids) <= 2  # in the children (which one took what varies)
    assert SerialExecutor().map(_pid, [0], processes=2) == [os.getpid()]  # one chunk: no process started
    with pytest.raises(ValueError, match="item 2 is bad"):  # a child's error reaches the caller
        SerialExecutor().map(_fails, [1, 2, 3], processes=2)
    assert usable_cores() >= 1


@pytest.mark.skipif(not can_fork(), reason="forked processes need Linux")
def test_claims_made_in_two_processes_are_the_claims_made_in_one(tmp_path, monkeypatch):
    from factcheck import pipeline
    from factcheck.pipeline import prepare

    base = {"embedder": {"name": "fake.v1"}, "nli": {"model": ""}}
    one = prepare(_corpus(), load_config(overrides={**base, "claims": {"cache": False, "processes": 1}}))
    two = prepare(_corpus(), load_config(overrides={**base, "claims": {"cache": False, "processes": 2,
                                                                          "processes_min_sentences": 1}}))
    assert one.claims and two.claims == one.claims
    # with the result cache on, the number of processes is not part of the key: the second run tags nothing
    cached = {"name": "fake.v1", "cache_file": str(tmp_path / "embeddings.sqlite3")}
    first = prepare(_corpus(), load_config(overrides={**base, "embedder": cached,
                                                      "claims": {"processes": 2, "processes_min_sentences": 1}}))
    monkeypatch.setattr(pipeline, "_claims_groups", _fails)  # would raise if anything were tagged again
    again = prepare(_corpus(), load_config(overrides={**base, "embedder": cached, "claims": {"processes": 1}}))
    assert again.claims == first.claims == one.claims


def test_unknown_executor_and_stray_options_are_config_errors():
    with pytest.raises(ConfigError):
        get_executor("ray")
    with pytest.raises(ConfigError):
        get_executor("serial", workers=2)


def test_cli_refuses_workers_without_dask(tmp_path, capsys):
    corpus = tmp_path / "a.txt"
    corpus.write_text("Titel\n\nDer Minister sagte etwas.\n", encoding="utf-8")
    code = main(["report", str(corpus), "--embedder", "fake.v1", "--no-nli", "--workers", "2", "-o", str(tmp_path)])
    assert code == 2
    assert "--scheduler and --workers need --executor dask" in capsys.readouterr().err


@pytest.mark.slow
def test_dask_local_cluster_gives_a_byte_identical_report(tmp_path):
    pytest.importorskip("dask.distributed")
    from factcheck import analyze
    from factcheck.report import build_report
    from factcheck.report import _render_json as render_json

    # two events (the fake embedder's own coefficients), so the per-event comparison is mapped too
    cfg = load_config(overrides={"embedder": {"name": "fake.v1", "chunk_texts": 4}, "nli": {"model": ""},
                                 "events": {"intercept": -14.0, "coef_cosine": 20.0, "coef_entities": 0.0,
                                            "embedder": "fake.v1"}})
    serial = render_json(build_report(analyze(_corpus(), cfg)))
    executor = get_executor("dask", workers=2)
    try:
        assert executor.workers == 2
        distributed = render_json(build_report(analyze(_corpus(), cfg, executor=executor)))
    finally:
        executor.close()
    assert distributed == serial
    assert '"events": 2' in serial


@pytest.mark.skipif(not can_fork(), reason="forked processes need Linux")
def test_workers_leave_quietly_under_the_clis_sigterm_handler():
    # the CLI turns SIGTERM into an exception (a clean exit for the user); workers that inherited that handler
    # printed a traceback when the pool ended them (seen on a 51-article English report), or hung the pool
    import subprocess
    import sys

    script = (
        "from factcheck.cli import _on_sigterm\n"
        "from factcheck.executor import SerialExecutor\n"
        "_on_sigterm()\n"
        "for _ in range(20):\n"
        "    assert SerialExecutor().map(abs, [-3, 1, -2, 5, -7, 6], processes=2) == [3, 1, 2, 5, 7, 6]\n"
        "print('done')\n"
    )
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0 and run.stdout.strip() == "done"
    assert "Traceback" not in run.stderr and "Terminated" not in run.stderr
