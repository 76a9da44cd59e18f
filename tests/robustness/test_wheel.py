"""Packaging: the wheel carries its defaults and runs a report from anywhere.

Builds the wheel from a copy of the sources, installs it (not editable) into a fresh
virtual environment that borrows the heavy dependencies (torch, transformers, ...) from
the environment running the tests, and runs ``factcheck report`` on the seeds from
another directory. ``python -m factcheck`` is checked in the same environment.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import time
import zipfile
from pathlib import Path

import pytest

from factcheck import __version__
from tests.conftest import ROOT, SEEDS

SOURCES = ("pyproject.toml", "README.md", "factcheck", "configs")


def _run(args, **kwargs):
    proc = subprocess.run(args, capture_output=True, text=True, timeout=600, **kwargs)
    assert proc.returncode == 0, f"{args}: {proc.stdout[-2000:]}{proc.stderr[-2000:]}"
    return proc


@pytest.mark.slow
def test_the_wheel_installs_and_runs_a_report_from_another_directory(tmp_path):
    started = time.perf_counter()
    src = tmp_path / "src"
    src.mkdir()
    for name in SOURCES:
        path = ROOT / name
        if path.is_dir():
            shutil.copytree(path, src / name, symlinks=True, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy(path, src / name)
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index", "-q",
          "-w", str(tmp_path / "dist"), str(src)])
    (wheel,) = (tmp_path / "dist").glob("factcheck-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    for data in ("factcheck/configs/default.toml", "factcheck/configs/lexicons/claims_de.toml",
                 "factcheck/report/assets/report.css", "factcheck/models/judge/judge-rules.v1.json"):
        assert data in names, f"{data} missing from the wheel"
    built = time.perf_counter() - started

    venv = tmp_path / "venv"
    _run([sys.executable, "-m", "venv", str(venv)])
    python = venv / "bin" / "python"
    site = Path(_run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"]).stdout.strip())
    # torch and the rest come from the test environment's site-packages: a plain path entry, so that
    # .pth files there (an editable install of this repository) are not run
    (site / "borrowed-deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    _run([str(python), "-m", "pip", "install", "--no-deps", "--no-index", "-q", str(wheel)])
    installed = time.perf_counter() - started

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env.update(HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1")
    where = _run([str(python), "-c", "import factcheck.config as c; print(c.__file__); print(c.DEFAULT_CONFIG)"],
                 cwd=elsewhere, env=env).stdout.split()
    assert all(p.startswith(str(site)) for p in where), where  # the installed copy, not the repository
    _run([str(venv / "bin" / "factcheck"), "report", str(SEEDS), "-o", "out", "--embedder", "fake.v1", "--no-nli"],
         cwd=elsewhere, env=env)
    report = json.loads((elsewhere / "out" / "report.json").read_text(encoding="utf-8"))
    assert [a["outlet"] for a in report["articles"]] == ["Handelsblatt", "taz"]
    assert report["config"]["limits"]["max_articles"] > 0  # the packaged default config was read
    proc = subprocess.run([str(python), "-m", "factcheck", "--version"], cwd=elsewhere, env=env,
                          capture_output=True, text=True, timeout=120)
    assert (proc.returncode, proc.stdout.strip()) == (0, f"factcheck {__version__}")
    total = time.perf_counter() - started
    print(f"wheel built in {built:.1f} s, installed by {installed:.1f} s, report run by {total:.1f} s "
          f"({wheel.stat().st_size / 2**20:.1f} MiB wheel)")
