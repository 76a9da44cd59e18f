from __future__ import annotations

import pytest

from factcheck.cli import main
from factcheck.config import load_config
from factcheck.errors import ConfigError
from factcheck.executor import SerialExecutor, chunked, flatten, get_executor
from tests.test_events import _corpus


def test_serial_executor_keeps_order():
    assert SerialExecutor().map(lambda x: x * 2, [3, 1, 2]) == [6, 2, 4]
    assert flatten(chunked(list(range(7)), 3)) == list(range(7))


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
