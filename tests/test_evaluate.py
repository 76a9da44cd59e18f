"""``factcheck eval``: metrics on hand-made label lists, the dataset readers on small
synthetic files of each format, the seed checks, and the command end to end."""

from __future__ import annotations

import json

import pytest

from factcheck.classify import judge_pair
from factcheck.cli import main
from factcheck.errors import InputError
from factcheck.evaluate import (
    DATASETS,
    NOT_CONTRADICTION,
    SEED_PAIRS,
    accuracy,
    coverage,
    load_dataset,
    macro_f1,
    per_class_f1,
    per_class_precision,
    read_claimdiff,
    read_rte3,
    read_seed_pairs,
    read_socialmedia,
    read_xnli,
)
from tests.conftest import SHARED

CONTRA = ("Die Regierung schließt Bodentruppen aus.", "Die Regierung hält Bodentruppen für möglich.")
ENTAIL = ("Die Regierung entsendet am Montag Soldaten in die Hauptstadt.", "Die Regierung entsendet Soldaten.")
UNRELATED = ("Der Zoo brannte am Dienstag nieder.", "Die Regierung plant neue Steuern.")  # the rules abstain


# ---------------------------------------------------------------- metrics


def test_accuracy_counts_abstentions_wrong():
    assert accuracy(["a", "b", "c", "a"], ["a", "b", None, "b"]) == 0.5
    assert accuracy([], []) == 0.0


def test_coverage_is_the_share_answered():
    assert coverage(["a", None, None, None]) == 0.25
    assert coverage([None]) == 0.0


def test_per_class_and_macro_f1():
    gold = ["e", "e", "e", "n", "n", "c"]
    pred = ["e", "e", None, "e", None, "c"]
    # e: tp 2, fp 1, fn 1 -> 4/6; n: no tp -> 0; c: tp 1 -> 1
    f1 = per_class_f1(gold, pred, ["e", "n", "c"])
    assert f1 == pytest.approx({"e": 4 / 6, "n": 0.0, "c": 1.0})
    assert macro_f1(gold, pred, ["e", "n", "c"]) == pytest.approx((4 / 6 + 1) / 3)
    assert per_class_precision(gold, pred, ["e", "n", "c"]) == pytest.approx({"e": 2 / 3, "n": 0.0, "c": 1.0})


def test_an_abstention_is_no_false_positive():
    # abstaining on the only "n" costs "n" its recall but adds no false positive to "e"
    assert per_class_f1(["e", "n"], ["e", None], ["e", "n"]) == {"e": 1.0, "n": 0.0}


@pytest.mark.parametrize(
    ("dataset", "verdict", "gold", "expected"),
    [
        ("rte3-de", "entailment", "YES", "YES"),
        ("rte3-de", "contradiction", "YES", "NO"),
        ("rte3-de", "neutral", "NO", "NO"),
        ("rte3-de", None, "NO", None),
        ("socialmedia-de", "neutral", "non-entailment", "non-entailment"),
        ("claimdiff", "contradiction", "weaken", "weaken"),
        ("claimdiff", "entailment", "weaken", "strengthen"),
        ("seeds", None, NOT_CONTRADICTION, NOT_CONTRADICTION),
        ("seeds", "entailment", NOT_CONTRADICTION, NOT_CONTRADICTION),
        ("seeds", "contradiction", NOT_CONTRADICTION, "contradiction"),
        ("seeds", None, "entailment", None),
    ],
)
def test_verdicts_map_onto_each_datasets_labels(dataset, verdict, gold, expected):
    assert DATASETS[dataset].predicted(verdict, gold) == expected


# ---------------------------------------------------------------- readers


def test_read_xnli(tmp_path):
    path = tmp_path / "x.tsv"
    path.write_text(f"{CONTRA[0]}\t{CONTRA[1]}\tcontradiction\n„Zitat“ \"quoted\"\tB.\tneutral\n", encoding="utf-8")
    pairs = read_xnli(path, DATASETS["xnli-de"].labels)
    assert [(p.premise, p.label) for p in pairs] == [
        (CONTRA[0], "contradiction"), ("„Zitat“ \"quoted\"", "neutral")
    ]


def test_read_rte3(tmp_path):
    path = tmp_path / "r.jsonl"
    row = {"id": "7", "label": "NO", "task": "IE", "length": "short", "t": "T.", "h": "H."}
    path.write_text(json.dumps(row) + "\n", encoding="utf-8")
    [pair] = read_rte3(path, DATASETS["rte3-de"].labels)
    assert (pair.id, pair.premise, pair.hypothesis, pair.label) == ("7", "T.", "H.", "NO")


def test_read_claimdiff_takes_claim_b_as_premise(tmp_path):
    path = tmp_path / "c.jsonl"
    row = {"pair_id": "p1", "topic": "t", "claim_a": "Claim A.", "claim_b": "Claim B.", "label": "weaken",
           "rationale_strength": [], "rationale_weak": ["B"]}
    path.write_text(json.dumps(row) + "\n", encoding="utf-8")
    [pair] = read_claimdiff(path, DATASETS["claimdiff"].labels)
    assert (pair.premise, pair.hypothesis, pair.label) == ("Claim B.", "Claim A.", "weaken")


def test_read_socialmedia_keeps_quotes_inside_fields(tmp_path):
    path = tmp_path / "s.tsv"
    path.write_text(
        "id\ttask\tpremise\thypothesis\tlabel\n"
        "1_X\tSUM\tHallo, der \"Trojaner '' TR/X '' \" nervt.\tIch habe einen Trojaner.\tentailment\n"
        "2_Y\tSUM\tMein PC piept.\tDer Drucker ist kaputt.\tnon-entailment\n",
        encoding="utf-8",
    )
    pairs = read_socialmedia(path, DATASETS["socialmedia-de"].labels)
    assert [p.id for p in pairs] == ["1_X", "2_Y"]
    assert pairs[0].premise == "Hallo, der \"Trojaner '' TR/X '' \" nervt."
    assert pairs[1].label == "non-entailment"


@pytest.mark.parametrize(
    ("reader", "content", "fragment"),
    [
        (read_xnli, "A.\tB.\tmaybe\n", "label 'maybe'"),
        (read_xnli, "A.\tB.\n", "expected 3 tab-separated fields"),
        (read_rte3, '{"id": "1", "label": "YES", "t": "T."}\n', "missing or non-text field(s) h"),
        (read_rte3, "{not json\n", "not JSON"),
        (read_socialmedia, "id\tpremise\tlabel\n", "header lacks hypothesis"),
    ],
)
def test_bad_rows_name_file_and_line(tmp_path, reader, content, fragment):
    path = tmp_path / "bad"
    path.write_text(content, encoding="utf-8")
    name = {read_xnli: "xnli-de", read_rte3: "rte3-de", read_socialmedia: "socialmedia-de"}[reader]
    with pytest.raises(InputError) as raised:
        reader(path, DATASETS[name].labels)
    assert f"{path}:1" in str(raised.value) and fragment in str(raised.value)


def test_limit_takes_the_first_pairs(tmp_path):
    folder = tmp_path / "xnli-de"
    folder.mkdir()
    (folder / "xnli_de_test.tsv").write_text("".join(f"P{i}.\tH{i}.\tneutral\n" for i in range(5)), encoding="utf-8")
    assert [p.premise for p in load_dataset("xnli-de", tmp_path, limit=2)] == ["P0.", "P1."]


# ---------------------------------------------------------------- seed checks


def test_seed_pairs_file_is_well_formed():
    pairs = read_seed_pairs(SEED_PAIRS, DATASETS["seeds"].labels)
    assert len(pairs) == 6 and len({p.id for p in pairs}) == 6
    assert {p.label for p in pairs} == {"contradiction", "entailment", NOT_CONTRADICTION}


def seed_cases(label):
    return [pytest.param(p, id=p.id) for p in read_seed_pairs(SEED_PAIRS, DATASETS["seeds"].labels) if p.label == label]


@pytest.mark.parametrize("pair", seed_cases("contradiction"))
def test_seed_contradiction_is_found(cfg, pair):
    verdict = judge_pair(pair.premise, pair.hypothesis, "de", cfg.classify, cfg.claims)
    assert verdict.label == "contradiction" and verdict.code == "FC101"


@pytest.mark.parametrize("pair", seed_cases(NOT_CONTRADICTION))
def test_seed_compatible_measures_are_no_contradiction(cfg, pair):
    assert judge_pair(pair.premise, pair.hypothesis, "de", cfg.classify, cfg.claims).label != "contradiction"


@pytest.mark.parametrize("pair", seed_cases("entailment"))
def test_seed_same_report_is_entailment(cfg, pair):
    assert judge_pair(pair.premise, pair.hypothesis, "de", cfg.classify, cfg.claims).label == "entailment"


# ---------------------------------------------------------------- the command


@pytest.fixture
def data_dir(tmp_path):
    """A synthetic data directory with every dataset's test file in its real place and format."""
    root = tmp_path / "eval"
    for relative in (DATASETS[n].path for n in DATASETS if n != "seeds"):
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
    (root / DATASETS["xnli-de"].path).write_text(
        f"{CONTRA[0]}\t{CONTRA[1]}\tcontradiction\n{ENTAIL[0]}\t{ENTAIL[1]}\tentailment\n"
        f"{UNRELATED[0]}\t{UNRELATED[1]}\tneutral\n",
        encoding="utf-8",
    )
    (root / DATASETS["rte3-de"].path).write_text(
        json.dumps({"id": "1", "label": "YES", "t": ENTAIL[0], "h": ENTAIL[1]}) + "\n"
        + json.dumps({"id": "2", "label": "NO", "t": CONTRA[0], "h": CONTRA[1]}) + "\n",
        encoding="utf-8",
    )
    (root / DATASETS["claimdiff"].path).write_text(
        json.dumps({"pair_id": "c1", "claim_a": "The minister ruled out ground troops.",
                    "claim_b": "The minister said ground troops were possible.", "label": "weaken"}) + "\n",
        encoding="utf-8",
    )
    (root / DATASETS["socialmedia-de"].path).write_text(
        f"id\ttask\tpremise\thypothesis\tlabel\ns1\tSUM\t{ENTAIL[0]}\t{ENTAIL[1]}\tentailment\n"
        f"s2\tSUM\t{UNRELATED[0]}\t{UNRELATED[1]}\tnon-entailment\n",
        encoding="utf-8",
    )
    return root


RESULT_KEYS = {
    "n", "answered", "coverage", "accuracy", "accuracy_answered", "accuracy_abstain_as_default", "macro_f1",
    "per_class_f1", "per_class_precision", "majority_accuracy", "labels", "default_label", "mapping",
    "gold_counts", "predicted_counts", "confusion",
    "seconds", "pairs_per_second", "cpu_seconds", "pairs_per_cpu_second", "floor_seconds", "vs_floor",
    "dataset", "system",
}


def test_eval_end_to_end_writes_json(data_dir, tmp_path, capsys):
    out = tmp_path / "scores.json"
    assert main(["eval", "--data-dir", str(data_dir), "--json", str(out), "--no-nli"]) == 0
    printed = capsys.readouterr().out
    assert "xnli-de" in printed and "per-class F1" in printed and f"wrote {out}" in printed
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["schema"] == "factcheck.eval/1" and report["nli"] is None and report["floor_seconds"] > 0
    assert list(report["datasets"]) == ["xnli-de", "rte3-de", "claimdiff", "socialmedia-de", "seeds"]
    for scores in report["datasets"].values():
        assert RESULT_KEYS <= set(scores) and "rules+nli" not in scores and "nli" not in scores
    xnli = report["datasets"]["xnli-de"]
    # contradiction and entailment found, the unrelated pair abstained on
    assert xnli["n"] == 3 and xnli["coverage"] == pytest.approx(2 / 3)
    assert xnli["accuracy"] == pytest.approx(2 / 3) and xnli["accuracy_answered"] == 1.0
    assert xnli["accuracy_abstain_as_default"] == 1.0  # the abstention read as neutral is right
    assert xnli["per_class_f1"] == {"entailment": 1.0, "neutral": 0.0, "contradiction": 1.0}
    assert xnli["confusion"]["neutral"] == {"abstain": 1}
    assert xnli["majority_accuracy"] == pytest.approx(1 / 3)
    assert report["datasets"]["rte3-de"]["accuracy"] == 1.0  # contradiction -> NO
    seeds = report["datasets"]["seeds"]
    assert seeds["n"] == 6 and [p["id"] for p in seeds["pairs"]][:2] == ["military-cooperation:ab",
                                                                          "military-cooperation:ba"]


def test_eval_limit_and_dataset_choice(data_dir, tmp_path):
    out = tmp_path / "s.json"
    assert main(["eval", "--data-dir", str(data_dir), "--datasets", "xnli-de,rte3-de", "--limit", "1",
                 "--json", str(out), "--no-nli"]) == 0
    report = json.loads(out.read_text(encoding="utf-8"))
    assert {k: v["n"] for k, v in report["datasets"].items()} == {"xnli-de": 1, "rte3-de": 1}


def test_eval_with_nli_model_adds_the_model_alone_and_rules_plus_nli(data_dir, tmp_path):
    from tests.test_nli import build_model

    build_model(tmp_path / "nli")
    config = tmp_path / "c.toml"
    # min_confidence 0: the model answers every pair the rules abstain on
    config.write_text("[nli]\nmin_confidence = 0.0\n", encoding="utf-8")
    out = tmp_path / "s.json"
    assert main(["eval", "--data-dir", str(data_dir), "--datasets", "xnli-de", "-c", str(config),
                 "--nli", str(tmp_path / "nli"), "--json", str(out)]) == 0
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["nli"]["model"] == str(tmp_path / "nli") and len(report["nli"]["checksum"]) == 64
    xnli = report["datasets"]["xnli-de"]
    rules, alone, combined = xnli, xnli["nli"], xnli["rules+nli"]
    assert rules["coverage"] == pytest.approx(2 / 3) and combined["coverage"] == 1.0
    assert alone["coverage"] == 1.0 and alone["n"] == 3  # the model alone never abstains
    assert RESULT_KEYS <= set(combined) and combined["system"] == "rules+nli" and alone["system"] == "nli"
    # where the rules answered, rules + model keeps the rules' label
    assert combined["confusion"]["contradiction"] == rules["confusion"]["contradiction"]


def test_missing_data_dir_is_one_line_exit_2(tmp_path, capsys):
    missing = tmp_path / "nowhere"
    assert main(["eval", "--data-dir", str(missing), "--datasets", "xnli-de"]) == 2
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and str(missing) in err and "--data-dir" in err


def test_missing_test_file_is_exit_2(data_dir, capsys):
    (data_dir / DATASETS["rte3-de"].path).unlink()
    assert main(["eval", "--data-dir", str(data_dir), "--datasets", "rte3-de"]) == 2
    assert "rte3_de_test.jsonl" in capsys.readouterr().err


def test_unknown_dataset_is_exit_2(capsys):
    with pytest.raises(SystemExit) as done:
        main(["eval", "--datasets", "xnli-de,mnli"])
    assert done.value.code == 2 and "mnli" in capsys.readouterr().err


@pytest.mark.slow
@pytest.mark.skipif(not (SHARED / "eval" / DATASETS["xnli-de"].path).is_file(), reason="XNLI-de test not here")
def test_real_xnli_de_first_200(tmp_path):
    out = tmp_path / "xnli.json"
    assert main(["eval", "--datasets", "xnli-de", "--limit", "200", "--json", str(out)]) == 0
    xnli = json.loads(out.read_text(encoding="utf-8"))["datasets"]["xnli-de"]
    assert xnli["n"] == 200 and 0.05 < xnli["coverage"] < 0.6
    assert xnli["accuracy_answered"] > 0.45  # well above the 1/3 of chance on what the rules answer


def test_a_test_file_not_in_utf8_is_one_error_naming_it(tmp_path):
    # the readers read UTF-8 line by line: a UTF-16 file was "internal error: UnicodeDecodeError"
    folder = tmp_path / "xnli-de"
    folder.mkdir()
    (folder / "xnli_de_test.tsv").write_bytes("P.\tH.\tneutral\n".encode("utf-16"))
    with pytest.raises(InputError) as raised:
        load_dataset("xnli-de", tmp_path)
    assert "xnli_de_test.tsv" in str(raised.value) and "not UTF-8 text" in str(raised.value)
