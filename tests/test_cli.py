from __future__ import annotations

import json
import subprocess
import sys

import pytest

from factcheck.cli import COMMANDS, build_parser, main
from tests.conftest import ROOT, SEEDS

FAKE = ["--embedder", "fake.v1"]


def test_every_command_has_help_and_a_readme_section(capsys):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    parser = build_parser()
    for name in COMMANDS:
        with pytest.raises(SystemExit) as done:
            parser.parse_args([name, "--help"])
        assert done.value.code == 0
        assert capsys.readouterr().out.strip()
        assert f"### `factcheck {name}`" in readme, f"README lacks a usage section for {name}"


def test_no_command_prints_help_and_exits_2(capsys):
    assert main([]) == 2
    assert "report" in capsys.readouterr().out


def test_report_on_seeds_writes_json_and_markdown(tmp_path, capsys):
    out = tmp_path / "rep"
    assert main(["report", str(SEEDS), "-o", str(out), *FAKE]) == 0
    printed = capsys.readouterr().out
    assert f"wrote {out / 'report.json'}" in printed
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["schema"] == "factcheck.report/1"
    assert [a["outlet"] for a in report["articles"]] == ["Handelsblatt", "taz"]
    assert (out / "report.md").read_text(encoding="utf-8").startswith("# factcheck report")


@pytest.mark.parametrize(
    ("make", "fragment"),
    [
        (lambda d: d / "missing.txt", "does not exist"),
        (lambda d: (d / "empty.txt").write_text("") and d / "empty.txt" or d / "empty.txt", "empty"),
        (lambda d: (d / "bin.txt").write_bytes(b"\x00\x01\x02abc") and d / "bin.txt", "binary"),
        (lambda d: (d / "sub").mkdir() or d / "sub", "no articles"),
    ],
)
def test_bad_input_is_one_line_exit_2(tmp_path, capsys, make, fragment):
    path = make(tmp_path)
    assert main(["report", str(path), "-o", str(tmp_path / "out"), *FAKE]) == 2
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and "Traceback" not in err
    assert str(path.name) in err and fragment in err.lower()
    assert not (tmp_path / "out").exists()


def test_bad_config_is_exit_2(tmp_path, capsys):
    bad = tmp_path / "bad.toml"
    bad.write_text("[align]\nnope = 1\n", encoding="utf-8")
    assert main(["report", str(SEEDS), "-c", str(bad), "-o", str(tmp_path / "o")]) == 2
    assert "bad.toml" in capsys.readouterr().err


def test_unknown_format_is_exit_2_before_any_analysis(tmp_path, capsys, monkeypatch):
    import factcheck.pipeline

    def never(*args, **kwargs):
        raise AssertionError("analysed although the format was unknown")

    monkeypatch.setattr(factcheck.pipeline, "analyze", never)
    assert main(["report", str(SEEDS), "-f", "json,pdf", "-o", str(tmp_path / "o"), *FAKE]) == 2
    err = capsys.readouterr().err
    assert "pdf" in err and "json" not in err.split(";")[0] and not (tmp_path / "o").exists()


@pytest.mark.parametrize("output", ["taken", "taken/sub"])
def test_a_report_folder_that_is_a_file_is_exit_2_before_any_analysis(tmp_path, capsys, monkeypatch, output):
    # it was "internal error: FileExistsError" after the whole analysis
    import factcheck.pipeline

    def never(*args, **kwargs):
        raise AssertionError("analysed although the report folder cannot be made")

    monkeypatch.setattr(factcheck.pipeline, "analyze", never)
    (tmp_path / "taken").write_text("notes", encoding="utf-8")
    assert main(["report", str(SEEDS), "-o", str(tmp_path / output), *FAKE]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith(f"factcheck: error: {tmp_path / 'taken'}: is a file, not a folder") and "\n" not in err
    assert (tmp_path / "taken").read_text(encoding="utf-8") == "notes"


def test_a_file_the_system_refuses_is_one_line_exit_2(capsys, monkeypatch):
    # permission denied, disk full: the user's to fix, named, not an internal error
    def refused(args):
        raise PermissionError(13, "Permission denied", "/srv/reports/report.json")

    monkeypatch.setitem(COMMANDS, "report", refused)
    assert main(["report", str(SEEDS)]) == 2
    err = capsys.readouterr().err.strip()
    assert err == ("factcheck: error: /srv/reports/report.json: Permission denied; outputs written before are unchanged")

    def renamed(args):  # os.replace(staged, target) names the target second
        raise IsADirectoryError(21, "Is a directory", "/srv/.gate.xml.x1.tmp", None, "/srv/gate.xml")

    monkeypatch.setitem(COMMANDS, "report", renamed)
    assert main(["report", str(SEEDS)]) == 2
    assert capsys.readouterr().err.startswith("factcheck: error: /srv/gate.xml: Is a directory;")

    def broken(args):
        raise OSError("no file involved")  # an OSError naming no file stays an internal error

    monkeypatch.setitem(COMMANDS, "report", broken)
    assert main(["report", str(SEEDS)]) == 3


def test_formats_may_be_comma_separated(tmp_path):
    out = tmp_path / "rep"
    assert main(["report", str(SEEDS), "-o", str(out), *FAKE, "-f", "json, md", "-f", "html"]) == 0
    assert sorted(p.name for p in out.iterdir() if p.is_file()) == ["report.html", "report.json", "report.md"]


def test_module_entry_point_runs_without_traceback(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "factcheck", "report", str(tmp_path / "nothing")],
        capture_output=True, text=True, timeout=120,
    )
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr


def test_report_names_the_nli_model_or_says_there_is_none(tmp_path, capsys):
    from tests.test_nli import build_model

    build_model(tmp_path / "nli")
    out = tmp_path / "with"
    assert main(["report", str(SEEDS), "-o", str(out), *FAKE, "--nli", str(tmp_path / "nli")]) == 0
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    loaded = report["config"]["nli"]["loaded"]
    assert loaded["name"] == str(tmp_path / "nli") and len(loaded["sha256"]) == 64
    assert all(p["nli_contradiction"] is not None for p in report["pairs"])  # every aligned pair scored
    line = f"NLI model {tmp_path / 'nli'} (sha256 {loaded['sha256'][:16]}…)"
    assert line in (out / "report.md").read_text(encoding="utf-8")
    assert line in (out / "report.html").read_text(encoding="utf-8")

    out = tmp_path / "without"
    assert main(["report", str(SEEDS), "-o", str(out), *FAKE, "--no-nli"]) == 0
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert "loaded" not in report["config"]["nli"] and report["config"]["nli"]["model"] == ""
    assert all(p["nli_contradiction"] is None for p in report["pairs"])
    assert "no NLI model (the rules alone)" in (out / "report.md").read_text(encoding="utf-8")


def test_nli_and_no_nli_exclude_each_other(capsys):
    with pytest.raises(SystemExit) as done:
        build_parser().parse_args(["report", str(SEEDS), "--nli", "x", "--no-nli"])
    assert done.value.code == 2 and "not allowed with" in capsys.readouterr().err


def test_models_prepare_rebuilds_the_configured_nli_model(tmp_path, capsys):
    from tests.test_nli import build_model

    build_model(tmp_path / "nli")
    assert main(["models", "prepare", "--nli", str(tmp_path / "nli")]) == 0
    printed = capsys.readouterr().out
    assert "embedding model ready" in printed and f"NLI model {tmp_path / 'nli'} ready" in printed
    assert main(["models", "prepare", "--nli", str(tmp_path / "missing")]) == 2
    assert "missing" in capsys.readouterr().err
