"""A corpus folder holding every bad file type of the catalogue next to the two seed articles.

The run completes, warns once per bad file (naming it), lists every one in the report, and
finds on the good articles exactly what it finds on the seeds alone.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from factcheck.cli import main
from tests.conftest import SEEDS

from .conftest import FRENCH, GERMAN, pdf_bytes, png_bytes, random_bytes

RULES_ONLY = ["--no-nli"]
FAKE = ["--embedder", "fake.v1", "--no-nli"]


def build_bad_corpus(folder: Path) -> dict[str, str]:
    """The seed articles and their manifest plus one file per bad kind; returns {bad file: expected reason}."""
    folder.mkdir(parents=True)
    for seed in SEEDS.iterdir():
        shutil.copy(seed, folder / seed.name)
    first_seed = sorted(SEEDS.glob("*.txt"))[0]
    bad: dict[str, tuple[bytes, str] | None] = {
        "leer.txt": (b"", "empty file"),
        "leerzeichen.txt": (b" \n\t\n", "empty file (only white space)"),
        "bild.txt": (png_bytes(), "binary file (PNG image)"),
        "dokument.md": (pdf_bytes(), "binary file (PDF document)"),
        "zufall.txt": (random_bytes(2048, seed=7), "binary file"),
        "titel.txt": ("Nur ein Titel\n".encode(), "no article text after the title line"),
        "kaputt.md": (b"---\ntitle: [X\n---\nText.\n", "malformed YAML front matter"),
        "feed.jsonl": (b'{"id": "j1", "text": \n', "not valid JSON"),
        "francais.txt": (FRENCH.encode(), "language not recognised"),
        "daten.bin": (b"\x00\x01\x02", "unsupported file type '.bin'"),
        "Kopie der Agenturmeldung ä.txt": (first_seed.read_bytes(), "a copy"),
        "unter ordner/000_787f81f5bac3210e.txt": (GERMAN.encode(), "article id '000_787f81f5bac3210e' is also used"),
    }
    expected = {}
    for name, (content, reason) in bad.items():
        path = folder / name
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(content)
        expected[str(path) + (":1" if name.endswith(".jsonl") else "")] = reason
    (folder / "schleife").symlink_to(folder, target_is_directory=True)
    expected[str(folder / "schleife")] = "symbolic link loop"
    (folder / "verweis.txt").symlink_to(folder / first_seed.name)
    expected[str(folder / "verweis.txt")] = "read once"
    (folder / "ins leere.txt").symlink_to(folder / "fehlt.txt")
    expected[str(folder / "ins leere.txt")] = "broken symbolic link"
    return expected


def _warnings(err: str) -> dict[str, str]:
    out = {}
    for line in err.splitlines():
        if line.startswith("INFO factcheck.progress:"):  # stage progress, not about the inputs
            continue
        assert line.startswith("factcheck: warning: "), line
        where, reason = line.removeprefix("factcheck: warning: ").split(": skipped: ", 1)
        out[where] = reason
    return out


@pytest.mark.model
def test_bad_files_next_to_the_seeds_change_nothing_but_the_skipped_list(tmp_path, capsys):
    corpus = tmp_path / "korpus"
    expected = build_bad_corpus(corpus)
    assert main(["report", str(corpus), "-o", str(tmp_path / "mixed"), *RULES_ONLY]) == 0
    out, err = capsys.readouterr()
    warned = _warnings(err)
    assert sorted(warned) == sorted(expected)  # one warning per bad file, each naming it
    for where, reason in expected.items():
        assert reason in warned[where], (where, warned[where])
    assert "2 articles (15 inputs skipped)" in out
    assert main(["report", str(SEEDS), "-o", str(tmp_path / "seeds"), *RULES_ONLY]) == 0
    mixed = json.loads((tmp_path / "mixed/report.json").read_text(encoding="utf-8"))
    seeds = json.loads((tmp_path / "seeds/report.json").read_text(encoding="utf-8"))
    assert mixed["findings"] and mixed["findings"] == seeds["findings"]
    assert mixed["divergences"] == seeds["divergences"] and mixed["pairs"] == seeds["pairs"]
    assert len(mixed["skipped"]) == len(expected) and seeds["skipped"] == []
    md = (tmp_path / "mixed/report.md").read_text(encoding="utf-8")
    html = (tmp_path / "mixed/report.html").read_text(encoding="utf-8")
    assert f"## Skipped inputs ({len(expected)})" in md and "Kopie der Agenturmeldung" in md
    assert 'id="fc-left-out"' in html and "Kopie der Agenturmeldung" in html


def test_strict_stops_before_the_analysis_with_exit_2(tmp_path, capsys):
    corpus = tmp_path / "korpus"
    build_bad_corpus(corpus)
    assert main(["report", str(corpus), "-o", str(tmp_path / "out"), "--strict", *FAKE]) == 2
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and "strict: no input may be skipped; 14 more input(s) skipped" in err
    assert not (tmp_path / "out").exists()


def test_no_usable_article_is_exit_2_with_every_reason(tmp_path, capsys):
    folder = tmp_path / "nur kaputt"
    folder.mkdir()
    (folder / "leer.txt").write_bytes(b"")
    (folder / "bild.txt").write_bytes(png_bytes())
    (folder / "daten.bin").write_bytes(b"\x00")
    assert main(["report", str(folder), "-o", str(tmp_path / "out"), *FAKE]) == 2
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and "no usable article (3 inputs skipped:" in err
    for reason in ("leer.txt: empty file", "bild.txt: binary file (PNG image)", "daten.bin: unsupported file type"):
        assert reason in err
    assert not (tmp_path / "out").exists()
