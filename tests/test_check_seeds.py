"""The issue's scenario on the seeds, with the real models: check fails, a reviewed baseline passes, a
third article with another number fails again naming only its divergence, and renamed, reordered,
re-spaced files change nothing.

The check must name the seeds' founding change of position first: Kerry (Monday, taz and Handelsblatt's
"Zuvor") would rule nothing out, the lead and the State Department official (Tuesday, Handelsblatt)
rule military cooperation out.
"""

from __future__ import annotations

import json
import random
import re
import shutil

import pytest

from factcheck.cli import main

from .conftest import ROOT, SEEDS

pytestmark = pytest.mark.model

THIRD = ROOT / "tests" / "corpora" / "gate-third-article"


def seeds_copy(dest, rename=None, respace=False, third=False, seed=0):
    """The seeds (and the third article) in ``dest``; ``rename`` maps old file names to new ones,
    ``respace`` puts runs of spaces and tabs between words, trailing blanks and CRLF line ends."""
    dest.mkdir(parents=True)
    rng = random.Random(seed)
    manifest = (SEEDS / "manifest.toml").read_text(encoding="utf-8")
    files = sorted(SEEDS.glob("*.txt"))
    if third:
        manifest += "\n" + (THIRD / "manifest.toml").read_text(encoding="utf-8")
        files += sorted(THIRD.glob("*.txt"))
    for file in files:
        name = (rename or {}).get(file.name, file.name)
        manifest = manifest.replace(f'["{file.name}"]', f'["{name}"]')
        text = file.read_text(encoding="utf-8")
        if respace:
            text = re.sub(r"(?<=\w) (?=\w)", lambda _: rng.choice([" ", "  ", "\t", " \t"]), text)
            text = text.replace("\n", "  \r\n")
        (dest / name).write_bytes(text.encode("utf-8"))
    (dest / "manifest.toml").write_text(manifest, encoding="utf-8")
    return dest


def factcheck(capsys, *args):
    code = main(list(args))
    out = capsys.readouterr()
    assert code in (0, 1), out.err
    return code, out.out


def failing(report: dict) -> list[dict]:
    return [d for d in report["divergences"] if d["fails"]]


def test_seed_scenario(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    seeds_copy(tmp_path / "corpus")

    # 1. no baseline: every divergence is new, and the first one named is the change of position
    code, out = factcheck(capsys, "check", "corpus")
    assert code == 1
    lines = [line for line in out.splitlines() if line.startswith("new: D")]
    assert lines, out
    named = lines[0]
    named_id = named.split()[1]
    assert " FC101 position_change (high, " in named, out
    left, right = named.split(" <> ")
    assert "Handelsblatt, taz" in left and "nichts ausschließen" in left  # Kerry, Monday, in both outlets
    assert right.startswith("Handelsblatt (2014-06-17)") and "schließen die USA jedoch aus" in right

    # 2. baseline, the named divergence dismissed and the others confirmed: the same check passes
    assert factcheck(capsys, "baseline", "create", "corpus")[0] == 0
    others = [line.split()[1] for line in lines if line.split()[1] != named_id]
    assert factcheck(capsys, "baseline", "decide", named_id, "--decision", "dismissed", "--reviewer", "test",
                     "--note", "reviewed in the scenario test")[0] == 0
    if others:
        assert factcheck(capsys, "baseline", "decide", *others, "--decision", "confirmed", "--reviewer", "test")[0] == 0
    code, out = factcheck(capsys, "check", "corpus", "--format", "json")
    before = json.loads(out)
    assert code == 0 and not failing(before)
    assert {d["id"]: d["status"] for d in before["divergences"]}[named_id] == "dismissed"
    size = (tmp_path / "factcheck-baseline.json").stat().st_size
    with capsys.disabled():
        print(f"\nbaseline: {len(before['divergences'])} entries, {size} bytes")

    # 3. a third article with another number: exit 1, and only its divergence is new
    seeds_copy(tmp_path / "corpus3", third=True)
    code, out = factcheck(capsys, "check", "corpus3", "--format", "json")
    third = json.loads(out)
    assert code == 1
    [new] = failing(third)
    sides = [s["text"] for s in new["sides"]]
    assert any("300 Mann" in t for t in sides) and any("275 Mann" in t for t in sides)
    assert {o for s in new["sides"] for o in s["outlets"]} == {"Testblatt", "Handelsblatt"}

    # 4. files renamed (so read in the other order) and re-spaced: nothing changes
    rename = {"000_787f81f5bac3210e.txt": "zz-handelsblatt.txt", "001_9d6c341b91290b48.txt": "aa-taz.txt"}
    seeds_copy(tmp_path / "moved", rename=rename, respace=True)
    code, out = factcheck(capsys, "check", "moved", "--format", "json")
    after = json.loads(out)
    assert code == 0
    assert {(d["fingerprint"], d["status"]) for d in after["divergences"]} == \
        {(d["fingerprint"], d["status"]) for d in before["divergences"]}
    shutil.rmtree(tmp_path / "moved")
