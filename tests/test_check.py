"""The gate: thresholds, statuses against a baseline, and fingerprints that survive corpus edits."""

from __future__ import annotations

import random
import re
import textwrap

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factcheck import analyze, load_config
from factcheck import baseline as bl
from factcheck.check import GATE_KINDS, Gate, check
from factcheck.classify.judge import JudgeModel
from factcheck.errors import ConfigError

from .test_baseline import TEXTS, divergence


def test_gate_thresholds():
    d = divergence(["a:s0"], ["b:s0"])  # number_mismatch, high, 0.8
    assert Gate().applies(d)
    assert not Gate(fail_on=("contradict",)).applies(d)
    assert Gate(min_severity="high").applies(d)
    assert not Gate(min_confidence=0.81).applies(d)
    assert Gate(min_confidence=0.8).applies(d)


@pytest.mark.parametrize("kwargs", [{"fail_on": ("contradiction",)}, {"min_severity": "severe"},
                                    {"min_confidence": 1.5}])
def test_bad_gate_is_a_config_error(kwargs):
    with pytest.raises(ConfigError):
        Gate(**kwargs)


def test_gate_kinds_cover_the_divergence_kinds():
    assert set(GATE_KINDS) == {"contradict", "position_change", "update", "number_mismatch", "date_mismatch",
                               "entity_mismatch", "attribution", "quote_drift", "possible_contradiction"}
    assert load_config().check.fail_on == list(GATE_KINDS)


def test_statuses_against_a_baseline():
    new = divergence(["d:s0"], ["e:s0"], "contradict")
    undecided = divergence(["a:s0"], ["b:s0"], "update")
    dismissed = divergence(["a:s0"], ["b:s0"])
    grown = divergence(["a:s0", "c:s0"], ["b:s0"], "attribution")
    gone = divergence(["c:s0"], ["e:s0"], "quote_drift")
    decisions = {
        undecided.fingerprint: bl.entry_for(undecided, TEXTS),
        dismissed.fingerprint: bl.entry_for(dismissed, TEXTS, "dismissed", "ed", "one count is older"),
        gone.fingerprint: bl.entry_for(gone, TEXTS, "confirmed", "ed"),
    }
    narrow = divergence(["a:s0"], ["b:s0"], "attribution")
    decisions[narrow.fingerprint] = bl.entry_for(narrow, TEXTS, "accepted", "ed", "known, corrected later")
    result = check([dismissed, new, undecided, grown], TEXTS, decisions, Gate())
    status = {i.divergence.fingerprint: (i.status, i.fails) for i in result.items}
    assert status == {new.fingerprint: ("new", True), undecided.fingerprint: ("undecided", True),
                      dismissed.fingerprint: ("dismissed", False), grown.fingerprint: ("new", True)}
    assert result.failed
    assert [i.divergence.fingerprint for i in result.items[:3]] == [new.fingerprint, undecided.fingerprint,
                                                                     grown.fingerprint]  # failing first
    assert [e.fingerprint for e in result.stale] == [gone.fingerprint]
    grown_item = next(i for i in result.items if i.divergence is grown)
    assert grown_item.match.how == "wider" and grown_item.entry.fingerprint == narrow.fingerprint
    assert result.counts() == {"divergences": 4, "failing": 3, "new": 2, "undecided": 1, "confirmed": 0,
                               "dismissed": 1, "accepted": 0, "below_threshold": 0, "stale": 1}
    # below the thresholds nothing fails, but it is still listed
    quiet = check([new], TEXTS, {}, Gate(fail_on=("number_mismatch",)))
    assert not quiet.failed and quiet.counts()["below_threshold"] == 1


def test_everything_decided_passes():
    d = divergence(["a:s0"], ["b:s0"])
    for decision, note in (("confirmed", ""), ("dismissed", "x"), ("accepted", "y")):
        result = check([d], TEXTS, {d.fingerprint: bl.entry_for(d, TEXTS, decision, "ed", note)}, Gate())
        assert not result.failed and result.items[0].status == decision


# --- fingerprints through the whole pipeline --------------------------------------------------------

# A judge for tests, independent of the shipped (refitted) one: a number mismatch wherever the
# claims' numbers conflict (same unit, different values), nothing else.
NUMBERS_JUDGE = JudgeModel("test-numbers", ("numbers_conflict",), ("number_mismatch", "none"), np.zeros(1),
                           np.ones(1), np.array([[8.0], [0.0]]), np.array([-4.0, 0.0]))
FAST = {"embedder": {"name": "fake.v1"}, "nli": {"model": ""}}

ARTICLES = {
    "bus-a": ("X", "Busunglück in Bayern", [
        "Bei dem Busunglück in Bayern sind am Montag 30 Menschen ums Leben gekommen.",
        "Die Polizei sperrte die Autobahn bei Augsburg.",
        "Der Busfahrer wurde schwer verletzt.",
    ]),
    "bus-b": ("Y", "Schweres Unglück", [
        "Bei dem Busunglück in Bayern sind am Montag 50 Menschen ums Leben gekommen.",
        "Der Fahrer des Busses wurde schwer verletzt.",
        "Die Ursache ist noch unklar.",
    ]),
}
UNRELATED = {
    "kiel": ("Kieler Nachrichten", "Haushalt", [
        "Der Stadtrat von Kiel beschloss am Dienstag einen neuen Haushalt mit 30 Millionen Euro.",
        "Die Opposition kritisierte die Pläne scharf.",
    ]),
    "wetter": ("Wetterdienst", "Sturm", [
        "Das Wetter an der Nordsee bleibt am Wochenende stürmisch.",
        "Meteorologen erwarten Windböen bis 100 Kilometer pro Stunde.",
    ]),
    "sport": ("Sportblatt", "Finale", [
        "Im Finale gewann die Mannschaft aus Dortmund vor 50 Zuschauern.",
        "Der Trainer lobte die Abwehr.",
    ]),
}


def reflow(body: str, style: str, rng: random.Random) -> str:
    """The same text with other whitespace: runs of spaces and tabs, trailing blanks, CRLF, a line per
    sentence with blank lines between, or hard-wrapped at ``style`` columns ("wrap72")."""
    if style == "spaces":
        return re.sub(" ", lambda _: rng.choice([" ", "  ", "\t", " \t "]), body)
    if style == "trailing":
        return body.replace(". ", ".   \n\n   ")
    if style == "crlf":
        return body.replace(". ", ".\r\n\r\n") + "\r\n"
    if style.startswith("wrap"):
        return textwrap.fill(body, width=int(style[4:]), break_long_words=False, break_on_hyphens=False)
    return body


def write_corpus(folder, articles, names=None, whitespace="", joined=(), seed=0):
    """The articles as .txt files with a manifest; ``names`` renames files, ``whitespace`` reflows them
    (see reflow), ``joined`` re-segments those articles' unrelated sentences (two joined by a comma)."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    manifest = []
    for key, (outlet, title, sentences) in articles.items():
        name = (names or {}).get(key, key) + ".txt"
        sentences = list(sentences)
        if key in joined and len(sentences) >= 3:
            sentences[-2:] = [sentences[-2].rstrip(".") + ", " + sentences[-1][0].lower() + sentences[-1][1:]]
        body = reflow(" ".join(sentences), whitespace, rng)
        (folder / name).write_bytes(f"{title}\n\n{body}\n".encode("utf-8"))
        manifest.append(f'["{name}"]\noutlet = "{outlet}"\npublished = 2024-05-06\nlanguage = "de"\n')
    (folder / "manifest.toml").write_text("\n".join(manifest), encoding="utf-8")
    return folder


def fingerprints(folder):
    result = analyze([folder], load_config(overrides=FAST), model=NUMBERS_JUDGE)
    return result, {d.fingerprint for d in result.divergences}


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    result, fps = fingerprints(write_corpus(tmp_path_factory.mktemp("base"), ARTICLES))
    assert len(fps) == 1  # the 30/50 conflict, and nothing else: the test judge sees only numbers
    texts = {s.id: s.text for s in result.sentences}
    decisions = {d.fingerprint: bl.entry_for(d, texts, "dismissed", "ed", "counts from different hours")
                 for d in result.divergences}
    return fps, decisions


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    names=st.permutations(["001", "zz-last", "a-first", "m"]),
    whitespace=st.sampled_from(["", "spaces", "trailing", "crlf"]),
    unrelated=st.lists(st.sampled_from(sorted(UNRELATED)), unique=True, max_size=3),
    joined=st.lists(st.sampled_from(sorted(ARTICLES)), unique=True, max_size=2),
    seed=st.integers(0, 1000),
)
def test_fingerprints_survive_renames_reorders_reflow_unrelated_articles_and_resegmentation(
        tmp_path_factory, base, names, whitespace, unrelated, joined, seed):
    fps, decisions = base
    articles = dict(ARTICLES) | {k: UNRELATED[k] for k in unrelated}
    renamed = dict(zip(sorted(articles), names))  # file names decide the order the corpus is read in
    folder = write_corpus(tmp_path_factory.mktemp("edit"), articles, renamed, whitespace, set(joined), seed)
    result, got = fingerprints(folder)
    assert fps <= got
    texts = {s.id: s.text for s in result.sentences}
    gated = check(result.divergences, texts, decisions, Gate())
    base_items = [i for i in gated.items if i.divergence.fingerprint in fps]
    assert [i.status for i in base_items] == ["dismissed"]


def test_a_material_change_to_a_side_is_a_new_divergence_and_only_that_one_fails(tmp_path, base):
    fps, decisions = base
    articles = dict(ARTICLES)
    outlet, title, sentences = articles["bus-b"]
    articles["bus-b"] = (outlet, title, [sentences[0].replace("50", "60"), *sentences[1:]])
    result, got = fingerprints(write_corpus(tmp_path, articles))
    assert len(got) == 1 and not got & fps
    gated = check(result.divergences, {s.id: s.text for s in result.sentences}, decisions, Gate())
    assert gated.failed and [i.status for i in gated.items] == ["new"]
    assert "60 Menschen" in gated.items[0].divergence.sides[1].text
    assert [e.fingerprint for e in gated.stale] == sorted(fps)


def test_hard_wrapped_lines_keep_fingerprints(tmp_path, base):
    fps, _ = base
    _, got = fingerprints(write_corpus(tmp_path, dict(ARTICLES), whitespace="wrap40"))
    assert fps <= got
