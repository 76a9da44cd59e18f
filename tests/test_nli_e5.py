"""The trained NLI model e5-nli-offline.v1: delta export, rebuild at first use, checksums, offline
loading through factcheck.nli, and the training script (licence filter, German FactCC-style pairs,
trainer with checkpoints). A tiny randomly initialised BERT stands in for the e5 base, so these run
in seconds; one test marked ``model`` rebuilds the shipped delta from the real base."""

from __future__ import annotations

import importlib.util
import json
import random
import shutil
import sys

import numpy as np
import pytest

from factcheck.errors import ModelError
from factcheck.models import nli_e5
from factcheck.nli import LABELS, load_nli
from tests.conftest import ROOT

WORDS = ("die der das regierung minister soldaten schickt entsendet nicht keine botschaft sagte "
         "sprecher iran usa zusammenarbeit werde es geben schließen aus").split()
PAIRS = [
    ("Die Regierung entsendet 275 Soldaten.", "Die Regierung schickt Soldaten."),
    ("Der Sprecher sagte, es werde keine Zusammenarbeit geben.", "Die USA schließen eine Zusammenarbeit nicht aus."),
]


@pytest.fixture(scope="module")
def train_nli():
    """scripts/train_nli.py as a module."""
    spec = importlib.util.spec_from_file_location("train_nli", ROOT / "scripts" / "train_nli.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["train_nli"] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


def build_base(directory, seed=0):
    """A tiny BertModel with a word-level tokenizer saved like the converted e5 base (no ``bert.`` prefix)."""
    import torch
    from tokenizers import Tokenizer, models, normalizers, pre_tokenizers, processors
    from transformers import BertConfig, BertModel, PreTrainedTokenizerFast

    vocab = {w: i for i, w in enumerate(["<s>", "<pad>", "</s>", "<unk>", *WORDS])}
    tok = Tokenizer(models.WordLevel(vocab, unk_token="<unk>"))
    tok.normalizer = normalizers.Lowercase()
    tok.pre_tokenizer = pre_tokenizers.Whitespace()
    tok.post_processor = processors.TemplateProcessing(
        single="<s> $A </s>", pair="<s> $A </s> </s> $B </s>", special_tokens=[("<s>", 0), ("</s>", 2)]
    )
    fast = PreTrainedTokenizerFast(tokenizer_object=tok, bos_token="<s>", eos_token="</s>", unk_token="<unk>",
                                   pad_token="<pad>", cls_token="<s>", sep_token="</s>")
    config = BertConfig(vocab_size=len(vocab), hidden_size=32, num_hidden_layers=2, num_attention_heads=2,
                        intermediate_size=37, max_position_embeddings=64, pad_token_id=1)
    torch.manual_seed(seed)
    BertModel(config).save_pretrained(directory)
    fast.save_pretrained(directory)
    return directory


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    return build_base(tmp_path_factory.mktemp("tiny-base"))


def trained_like(base_dir, seed=1):
    """The base as a 3-way classifier with every weight but the word embeddings moved, as training would."""
    import torch
    from transformers import BertForSequenceClassification
    from transformers.utils import logging as transformers_logging

    transformers_logging.set_verbosity_error()
    torch.manual_seed(seed)
    model = BertForSequenceClassification.from_pretrained(
        str(base_dir), num_labels=3, id2label=dict(enumerate(LABELS)), label2id={x: i for i, x in enumerate(LABELS)}
    )
    with torch.no_grad():
        for name, param in model.named_parameters():
            if name != nli_e5.WORD_EMBEDDINGS:
                param.add_(torch.randn_like(param) * 0.05)
    return model.eval()


def logits(model, tokenizer, pairs):
    import torch

    batch = tokenizer([p for p, _ in pairs], [h for _, h in pairs], padding=True, return_tensors="pt")
    with torch.inference_mode():
        return model.eval()(**batch).logits.numpy()


@pytest.fixture(scope="module")
def exported(base, tmp_path_factory):
    model = trained_like(base)
    out = tmp_path_factory.mktemp("export")
    manifest = nli_e5.export_delta(model, out, base, training={"note": "test"})
    return out, manifest, model


# ---------------------------------------------------------------- registry and export


def test_registered_nli_models():
    assert nli_e5.REGISTERED == {"e5-nli-offline.v1": ROOT / "factcheck" / "models" / "nli_e5"}
    assert nli_e5.delta_dir_for("e5-nli-offline.v1") == nli_e5.PACKAGE_DATA
    assert nli_e5.delta_dir_for("some-org/some-model") is None


def test_export_is_an_fp16_delta_without_word_embeddings(exported):
    from safetensors import safe_open

    out, manifest, model = exported
    with safe_open(str(out / nli_e5.DELTA_FILE), framework="pt") as fh:
        keys = set(fh.keys())
        dtypes = {str(fh.get_tensor(k).dtype) for k in keys}
    assert keys == set(model.state_dict()) - {nli_e5.WORD_EMBEDDINGS}
    assert "classifier.weight" in keys and "bert.encoder.layer.0.attention.self.query.weight" in keys
    assert dtypes == {"torch.float16"}
    on_disk = json.loads((out / nli_e5.MANIFEST_FILE).read_text(encoding="utf-8"))
    assert nli_e5.DeltaManifest.from_dict(on_disk) == manifest
    assert manifest.delta_sha256 == nli_e5._file_sha256(out / nli_e5.DELTA_FILE)
    assert manifest.config["id2label"] == {"0": "entailment", "1": "neutral", "2": "contradiction"}
    assert len(manifest.probe) == len(nli_e5.PROBE_PAIRS) and manifest.training == {"note": "test"}


def test_export_refuses_trained_word_embeddings(base, tmp_path):
    import torch

    model = trained_like(base)
    with torch.no_grad():
        model.bert.embeddings.word_embeddings.weight[5] += 1.0
    with pytest.raises(ModelError, match="must stay frozen"):
        nli_e5.export_delta(model, tmp_path, base)


def test_manifest_rejects_unknown_keys(exported):
    data = exported[1].to_dict()
    with pytest.raises(ValueError, match="unknown keys"):
        nli_e5.DeltaManifest.from_dict({**data, "extra": 1})


# ---------------------------------------------------------------- rebuild


def test_rebuild_reproduces_the_logits(exported, base, tmp_path):
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    out, manifest, model = exported
    target = nli_e5.ensure_nli_model(out, cache_dir=tmp_path, base_dir=base)
    assert target.parent == tmp_path and manifest.delta_sha256[:12] in target.name
    rebuilt = AutoModelForSequenceClassification.from_pretrained(str(target), local_files_only=True)
    tokenizer = AutoTokenizer.from_pretrained(str(target), local_files_only=True)
    fp16 = nli_e5._with_weights(model, {k: v.half() for k, v in model.state_dict().items()
                                        if k != nli_e5.WORD_EMBEDDINGS}, model.state_dict()[nli_e5.WORD_EMBEDDINGS])
    # exactly the exported (fp16-rounded) weights; the fp32 original within fp16 rounding
    np.testing.assert_allclose(logits(rebuilt, tokenizer, PAIRS), logits(fp16, tokenizer, PAIRS), atol=1e-5)
    np.testing.assert_allclose(logits(rebuilt, tokenizer, PAIRS), logits(model, tokenizer, PAIRS), atol=2e-2)
    assert nli_e5.rebuilt_checksum(target) == manifest.delta_sha256
    # a second call finds the finished directory and rebuilds nothing
    stamp = (target / "model.safetensors").stat().st_mtime_ns
    assert nli_e5.ensure_nli_model(out, cache_dir=tmp_path, base_dir=base) == target
    assert (target / "model.safetensors").stat().st_mtime_ns == stamp
    assert not list(tmp_path.glob(".*.tmp"))


@pytest.mark.parametrize("damage", ["flip", "truncate"])
def test_checksum_mismatch_is_model_error(exported, base, tmp_path, damage):
    copy = tmp_path / "delta"
    shutil.copytree(exported[0], copy)
    data = bytearray((copy / nli_e5.DELTA_FILE).read_bytes())
    if damage == "flip":
        data[len(data) // 2] ^= 0xFF
    else:
        del data[-100:]
    (copy / nli_e5.DELTA_FILE).write_bytes(bytes(data))
    with pytest.raises(ModelError, match="checksum mismatch") as raised:
        nli_e5.ensure_nli_model(copy, cache_dir=tmp_path / "cache", base_dir=base)
    assert "\n" not in str(raised.value)
    assert not (tmp_path / "cache").exists() or not any((tmp_path / "cache").iterdir())


def test_other_base_is_model_error(exported, tmp_path):
    other = build_base(tmp_path / "other-base", seed=7)
    with pytest.raises(ModelError, match="other word embeddings"):
        nli_e5.ensure_nli_model(exported[0], cache_dir=tmp_path / "cache", base_dir=other)
    assert [p.name for p in (tmp_path / "cache").iterdir()] == [f".{nli_e5.rebuilt_dir(exported[1]).name}.lock"]


def test_probe_mismatch_publishes_nothing(exported, base, tmp_path):
    copy = tmp_path / "delta"
    shutil.copytree(exported[0], copy)
    data = json.loads((copy / nli_e5.MANIFEST_FILE).read_text(encoding="utf-8"))
    data["probe"][0]["logits"][0] += 0.5
    (copy / nli_e5.MANIFEST_FILE).write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ModelError, match="disagrees with its export"):
        nli_e5.ensure_nli_model(copy, cache_dir=tmp_path / "cache", base_dir=base)
    assert not nli_e5.rebuilt_dir(exported[1], tmp_path / "cache").exists()
    assert not list((tmp_path / "cache").glob(".*.tmp"))


# ---------------------------------------------------------------- offline loading through factcheck.nli


@pytest.fixture
def offline_cache(monkeypatch, tmp_path, base):
    """The default cache in tmp_path, and the tiny model standing in for the converted e5."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.setattr(nli_e5, "ensure_e5_model", lambda cache_dir=None: base)
    return tmp_path / "xdg" / "factcheck" / "models"


def test_load_nli_rebuilds_an_exported_delta_offline(cfg, exported, offline_cache):
    import os

    out, manifest, model = exported
    nli = load_nli(cfg.nli.model_copy(update={"model": str(out), "batch_size": 1}))
    assert os.environ["HF_HUB_OFFLINE"] == "1"
    assert nli.checksum == manifest.delta_sha256  # what the report's config block names
    assert nli_e5.rebuilt_dir(manifest, offline_cache).is_dir()
    probs = nli.predict(PAIRS)
    expected = logits(model, nli.tokenizer, PAIRS)
    expected = np.exp(expected) / np.exp(expected).sum(axis=1, keepdims=True)
    np.testing.assert_allclose(probs, expected, atol=5e-3)


def test_registered_name_loads_the_package_data(cfg, exported, offline_cache, monkeypatch, tmp_path):
    package = tmp_path / "package-data"
    shutil.copytree(exported[0], package)
    monkeypatch.setitem(nli_e5.REGISTERED, "e5-nli-offline.v1", package)
    nli = load_nli(cfg.nli.model_copy(update={"model": "e5-nli-offline.v1", "batch_size": 3}))
    assert nli.name == "e5-nli-offline.v1" and nli.checksum == exported[1].delta_sha256
    assert nli.predict(PAIRS).shape == (2, 3)


def test_registered_name_without_package_data_is_one_line_model_error(cfg, monkeypatch, tmp_path):
    monkeypatch.setitem(nli_e5.REGISTERED, "e5-nli-offline.v1", tmp_path / "empty")
    with pytest.raises(ModelError) as raised:
        load_nli(cfg.nli.model_copy(update={"model": "e5-nli-offline.v1"}))
    message = str(raised.value)
    assert "'e5-nli-offline.v1'" in message and "scripts/train_nli.py" in message and "\n" not in message


# the delta that ships (docs/nli-model-card.md); a retrained model changes this on purpose
SHIPPED_SHA256 = "d297f33171bdbb632349f7977c4fdec0585a0c64a4d5b79fe122810469ff4963"


def test_shipped_delta_is_the_documented_one():
    import hashlib

    manifest = nli_e5.verify_delta(nli_e5.PACKAGE_DATA)  # size and sha256 of the file against the manifest
    assert manifest.delta_sha256 == SHIPPED_SHA256
    assert hashlib.sha256((nli_e5.PACKAGE_DATA / manifest.delta_file).read_bytes()).hexdigest() == SHIPPED_SHA256
    size = sum((nli_e5.PACKAGE_DATA / n).stat().st_size for n in (manifest.delta_file, nli_e5.MANIFEST_FILE))
    assert size <= 45_000_000
    assert manifest.training["mix"]["shippable"] and not manifest.training.get("smoke")
    assert SHIPPED_SHA256 in (ROOT / "docs" / "nli-model-card.md").read_text(encoding="utf-8")


@pytest.mark.model
def test_shipped_model_rebuilds_from_the_real_base_and_predicts(cfg, tmp_path):
    target = nli_e5.ensure_nli_model(nli_e5.PACKAGE_DATA, cache_dir=tmp_path)  # probe logits checked inside
    assert json.loads((target / nli_e5.MARKER_FILE).read_text())["probe_max_abs_diff"] <= nli_e5.PROBE_ATOL
    nli = load_nli(cfg.nli.model_copy(update={"model": "e5-nli-offline.v1"}))
    assert nli.checksum == SHIPPED_SHA256
    probs = nli.predict([
        ("Die Regierung entsendet 275 Soldaten in den Irak.", "Die Regierung entsendet keine Soldaten in den Irak."),
        ("Die Firma hat im Jahr 2019 einen Gewinn von fünf Millionen Euro gemacht.", "Die Firma hat 2019 Gewinn gemacht."),
        ("Die Stadtbibliothek bleibt über die Feiertage geschlossen.", "Das Wetter war am Wochenende sonnig."),
    ])
    np.testing.assert_allclose(probs.sum(axis=1), 1.0, rtol=1e-5)
    assert [LABELS[i] for i in probs.argmax(axis=1)] == ["contradiction", "entailment", "neutral"]
    assert probs.max(axis=1).min() > 0.8  # measured 0.96, 0.95, 0.87


# ---------------------------------------------------------------- training data: licences


def test_shipped_sources_are_exactly_those_whose_licence_allows_it(train_nli):
    shippable = {s.name for s in train_nli.SOURCES if s.shippable}
    assert shippable == {"de-mnli-gtrans", "en-mnli-dev", "en-fever-dev", "en-breaking-nli", "rte3-de-dev-yes"}
    restricted = {s.name for s in train_nli.SOURCES if "BY-NC" in s.licence or "none stated" in s.licence}
    assert restricted and not restricted & shippable
    assert all("test" not in s.path for s in train_nli.SOURCES)  # test splits are evaluation only


def write_tsv(path, rows):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("premise\thypothesis\tlabel\n" + "".join(f"{p}\t{h}\t{y}\n" for p, h, y in rows), encoding="utf-8")


@pytest.fixture
def tiny_sources(train_nli, tmp_path):
    write_tsv(tmp_path / "a.tsv", [(f"Satz {i}.", f"Aussage {i}.", LABELS[i % 3]) for i in range(30)])
    write_tsv(tmp_path / "b.tsv", [(f"Text {i}.", f"Claim {i}.", "contradiction") for i in range(10)])
    return tmp_path, (
        train_nli._source("free", "a.tsv", "de", "CC BY 4.0", True, "free", train_nli.read_tsv_pairs, sample=12,
                          repeat=2),
        train_nli._source("nc", "b.tsv", "de", "CC BY-NC 4.0", False, "non-commercial", train_nli.read_tsv_pairs),
    )


def test_shipped_mix_leaves_out_restricted_sources(train_nli, tiny_sources):
    data, sources = tiny_sources
    mix = train_nli.build_mix(data, "shipped", seed=3, sources=sources, synthetic=False)
    assert {p.source for p in mix.pairs} == {"free"} and len(mix.pairs) == 24
    rows = {r["name"]: r for r in mix.meta["sources"]}
    assert rows["free"]["drawn"] == 12 and rows["free"]["pairs"] == 24 and rows["nc"]["used"] is False
    assert mix.meta["shippable"] is True and mix.meta["total"] == 24
    research = train_nli.build_mix(data, "research", seed=3, sources=sources, synthetic=False)
    assert len(research.pairs) == 34 and research.meta["shippable"] is False
    # the same seed draws the same pairs
    assert train_nli.build_mix(data, "shipped", seed=3, sources=sources, synthetic=False).pairs == mix.pairs


def test_mix_round_trips_through_json_lines(train_nli, tiny_sources, tmp_path):
    data, sources = tiny_sources
    mix = train_nli.build_mix(data, "shipped", seed=3, sources=sources, synthetic=False)
    path = train_nli.write_mix(mix, tmp_path / "run" / "mix.jsonl")
    assert tuple(train_nli.read_mix(path)) == mix.pairs
    meta = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
    assert meta["sha256"] and meta["labels"] == mix.meta["labels"]


# ---------------------------------------------------------------- German FactCC-style pairs


@pytest.fixture(scope="module")
def lx(train_nli):
    return train_nli.german_lexicon()


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Die Regierung hat den Vertrag unterzeichnet.", "Die Regierung hat den Vertrag nicht unterzeichnet."),
        ("Der Minister schließt eine Zusammenarbeit nicht aus.", "Der Minister schließt eine Zusammenarbeit aus."),
        ("Die Lage in der Hauptstadt ist ruhig.", "Die Lage in der Hauptstadt ist nicht ruhig."),
        ("Die Polizei nahm drei Verdächtige fest.", "Die Polizei nahm drei Verdächtige nicht fest."),
        ("Er schickte einen Brief an die Regierung.", "Er schickte keinen Brief an die Regierung."),
        ("Es gab kein Treffen mit dem Minister.", "Es gab ein Treffen mit dem Minister."),
        ("Das ist nicht nur ein Problem der Regierung.", None),  # "nicht nur" negates nothing
        ("Laut Merkel gibt es keine Pläne für einen Einsatz.", None),  # "keine Pläne": "eine Pläne" is wrong
    ],
)
def test_negation_flips_the_main_clause(train_nli, lx, sentence, expected):
    assert train_nli.negate(sentence, lx) == expected


def test_number_swap_changes_a_count_not_the_year(train_nli, lx):
    sentence = "Im Jahr 2014 kamen 300 Menschen nach Berlin."
    for seed in range(10):
        out = train_nli.swap_number(sentence, lx, random.Random(seed))
        assert out.startswith("Im Jahr 2014 kamen ") and out.endswith(" Menschen nach Berlin.")
        assert out != sentence
    # four-digit numbers are years, not counts: none to swap here
    assert train_nli.swap_number("Liszt lebte von 1811 bis 1886 in Weimar.", lx, random.Random(0)) is None
    assert train_nli.swap_number("Die Firma baut 1.200 Wohnungen.", lx, random.Random(0)) in {
        f"Die Firma baut {n} Wohnungen." for n in ("600", "2.400", "3.600", "1.800", "300", "12.000")}


def test_date_swap_changes_year_month_or_weekday(train_nli, lx):
    sentence = "Er unterschrieb am Montag im Juni 2014."
    outs = {train_nli.swap_date(sentence, lx, random.Random(seed)) for seed in range(20)}
    assert sentence not in outs and len(outs) > 3
    assert all(o.startswith("Er unterschrieb am ") for o in outs)
    assert train_nli.swap_date("Die Regierung schickt Soldaten.", lx, random.Random(0)) is None


def test_speakers_and_other_names_are_told_apart(train_nli, lx):
    speakers, others = train_nli.names("Die Lage in Bagdad ist ruhig, sagte Außenminister Steinmeier.", lx)
    assert [s[2] for s in speakers] == ["Steinmeier"] and [o[2] for o in others] == ["Bagdad"]
    speakers, others = train_nli.names("Laut Merkel gibt es keine Pläne für Syrien.", lx)
    assert [s[2] for s in speakers] == ["Merkel"] and [o[2] for o in others] == ["Syrien"]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Der Minister, der gestern ankam, schließt eine Zusammenarbeit nicht aus.",
         {"Der Minister schließt eine Zusammenarbeit nicht aus."}),
        ("Die Regierung (in Berlin) schickt Soldaten.", {"Die Regierung schickt Soldaten."}),
        ("Der ehemalige Minister kam nach Berlin.", set()),  # "ehemalig" is not subsective
        ("Die Regierung schickt keine schweren Waffen.", set()),  # under negation deletion is not entailment
    ],
)
def test_deletion_keeps_what_is_entailed(train_nli, lx, sentence, expected):
    outs = {train_nli.delete_span(sentence, lx, random.Random(seed)) for seed in range(10)} - {None}
    assert outs == expected


def test_synthetic_pairs_are_deterministic_and_labelled_by_kind(train_nli, lx):
    doc = train_nli.Document("d", "test", "CC BY 4.0", (
        "Die Regierung hat am Montag 275 Soldaten nach Bagdad geschickt, sagte Außenminister Steinmeier.",
        "Der Minister, der gestern ankam, schließt eine Zusammenarbeit mit Iran nicht aus.",
        "Die Polizei nahm im Juni 2014 in Berlin drei Verdächtige fest.",
    ))
    first = train_nli.synthetic_pairs([doc], seed=5, lx=lx)
    assert first == train_nli.synthetic_pairs([doc], seed=5, lx=lx)
    assert {p.label for p in first} == set(LABELS)
    label_of = {t.kind: t.label for t in train_nli.TRANSFORMATIONS}
    for pair in first:
        origin, kind = pair.kind.split(":")
        assert origin == "test" and pair.label == label_of[kind] and pair.premise != pair.hypothesis
    per_sentence = [sum(p.kind.endswith(k) for p in first) for k in label_of]
    assert len(first) <= 3 * len(doc.sentences) and sum(per_sentence) == len(first)


# ---------------------------------------------------------------- trainer


@pytest.fixture
def tiny_mix(train_nli, tmp_path):
    pairs = [train_nli.Pair(p, h, LABELS[i % 3], "test") for i, (p, h) in enumerate(PAIRS * 12)]
    mix = train_nli.Mix(tuple(pairs), {"mix": "shipped", "shippable": True, "total": len(pairs)})
    return train_nli.write_mix(mix, tmp_path / "mix.jsonl")


def test_plan_batches_is_seeded_and_covers_each_pair_once_per_epoch(train_nli):
    lengths = [random.Random(1).randint(5, 90) for _ in range(103)]
    plan = train_nli.plan_batches(lengths, 8, seed=3, epochs=1)
    assert plan == train_nli.plan_batches(lengths, 8, seed=3, epochs=1)
    assert sorted(i for b in plan for i in b) == list(range(103)) and len(plan) == 13
    assert plan != train_nli.plan_batches(lengths, 8, seed=4, epochs=1)
    assert len(train_nli.plan_batches(lengths, 8, seed=3, epochs=1.5)) == 20


def test_training_freezes_word_embeddings_exports_and_resumes_identically(train_nli, base, tiny_mix, tmp_path):
    from safetensors.torch import load_file

    args = train_nli.TrainArgs(batch_size=4, max_len=32, lr=1e-3, save_every=3, log_every=2, seed=11, threads=1)
    summary = train_nli.train(tiny_mix, tmp_path / "a", args, base_dir=base)
    assert summary["steps"] == 6 and summary["examples_seen"] == 24 and not summary["smoke"]
    assert summary["examples_per_second"] > 0 and summary["mix"]["shippable"] is True
    assert summary["frozen"] == [nli_e5.WORD_EMBEDDINGS]
    log_lines = (tmp_path / "a" / "train_log.jsonl").read_text().splitlines()
    assert [json.loads(x)["step"] for x in log_lines] == [2, 4, 6] and "ex_per_s" in log_lines[0]
    manifest = nli_e5.verify_delta(tmp_path / "a" / "export")  # export_delta checked the word embeddings
    assert manifest.training["steps"] == 6
    delta = load_file(str(tmp_path / "a" / "export" / nli_e5.DELTA_FILE))
    start = load_file(str(base / "model.safetensors"))
    assert float((delta["bert.encoder.layer.0.output.dense.weight"].float()
                  - start["encoder.layer.0.output.dense.weight"]).abs().max()) > 1e-4
    assert nli_e5.WORD_EMBEDDINGS not in delta
    # stopped after 3 steps (a checkpoint), then resumed: the same weights as straight through
    stopped = train_nli.train(tiny_mix, tmp_path / "b", args, base_dir=base, stop_after=3)
    assert stopped["stopped_at"] == 3 and not (tmp_path / "b" / "export").exists()
    resumed_summary = train_nli.train(tiny_mix, tmp_path / "b", args, base_dir=base, resume=True)
    assert resumed_summary["sessions"] == 2 and resumed_summary["examples_seen"] == 24
    resumed = load_file(str(tmp_path / "b" / "export" / nli_e5.DELTA_FILE))
    for key, value in delta.items():
        np.testing.assert_array_equal(resumed[key].float().numpy(), value.float().numpy(), err_msg=key)


def test_smoke_run_card_says_so(train_nli, base, tiny_mix, tmp_path):
    args = train_nli.TrainArgs(batch_size=4, max_len=32, max_steps=2, threads=1, log_every=1)
    train_nli.train(tiny_mix, tmp_path / "run", args, base_dir=base)
    manifest = json.loads((tmp_path / "run" / "export" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["training"]["smoke"] is True
    calibration = {"data": "xnli-de dev", "n": 6, "contradictions": 2, "accuracy_one_way": 0.5,
                   "accuracy_both_ways": 0.5, "pairs_per_second": 9.0, "target_precision": 0.9,
                   "chosen": 0.8, "table": [{"threshold": 0.8, "flagged": 1, "precision": 1.0, "recall": 0.5}],
                   "rules_right_when": {"entailment": {"model_agrees": {"right": 3, "of": 4},
                                                       "model_disagrees": {"right": 1, "of": 4}}}}
    card = train_nli.render_card(json.loads(tiny_mix.with_suffix(".json").read_text()), manifest, None,
                                 calibration=calibration)
    assert "SMOKE RUN, NOT THE SHIPPED MODEL" in card and manifest["delta_sha256"] in card
    assert "## Flagging threshold (FC109)" in card and "Chosen: **0.8**" in card
    assert "| entailment | 3 / 4 (75%) | 1 / 4 (25%) |" in card
    with pytest.raises(SystemExit, match="smoke run"):
        train_nli.ship(tmp_path / "run")


def test_calibration_table_shrinks_with_the_threshold_and_reaches_the_card(train_nli, exported, offline_cache,
                                                                            tmp_path):
    out, manifest, _ = exported
    dev = tmp_path / "data" / "xnli-de"
    dev.mkdir(parents=True)
    rows = [(p, h, label) for (p, h), label in zip(PAIRS * 3, LABELS * 2)]
    for split in ("dev", "train"):  # neither is in the shipped mix (XNLI is CC BY-NC)
        dev.joinpath(f"xnli_de_{split}.tsv").write_text("".join(f"{p}\t{h}\t{lab}\n" for p, h, lab in rows),
                                                        encoding="utf-8")
    result = train_nli.calibrate_flag(out, tmp_path / "data", target_precision=0.0, threads=1)
    assert result["n"] == 12 and result["contradictions"] == 4
    flagged = [r["flagged"] for r in result["table"]]
    assert flagged == sorted(flagged, reverse=True)  # a higher threshold never flags more
    assert all(r["correct"] <= r["flagged"] for r in result["table"])
    # any precision reaches 0.0: the lowest threshold that flags anything
    assert result["chosen"] == next((r["threshold"] for r in result["table"] if r["flagged"]), None)
    assert 0 <= result["accuracy_both_ways"] <= 1
    # the rules answer the negation pair; every answered pair is counted once, on one side
    answered = [c for sides in result["rules_right_when"].values() for c in sides.values()]
    assert answered and all(0 <= c["right"] <= c["of"] for c in answered)
