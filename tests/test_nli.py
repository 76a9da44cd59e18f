"""The optional NLI backend: offline loading, label mapping, checksums and how the model's
probabilities combine with the rules. The model is a tiny randomly initialised BERT
cross-encoder built here, so the tests need no download and no real model."""

from __future__ import annotations

import numpy as np
import pytest

from factcheck.errors import ModelError
from factcheck.nli import LABELS, combine, load_nli, score_aligned
from factcheck.records import AlignedPair, Finding, Sentence, Verdict

WORDS = "der die das minister regierung schließt schickt soldaten bodentruppen aus nicht keine".split()
PAIRS = [
    ("Der Minister schließt Bodentruppen aus.", "Die Regierung schickt Soldaten."),
    ("Die Regierung schickt keine Soldaten.", "Der Minister schließt Bodentruppen nicht aus."),
    ("Soldaten", "Bodentruppen"),
]


def build_model(directory, id2label=None, num_labels=3, seed=0):
    """Save a tiny BERT sequence classifier with a word-level tokenizer to ``directory``."""
    import torch
    from tokenizers import Tokenizer, models, normalizers, pre_tokenizers, processors
    from transformers import BertConfig, BertForSequenceClassification, PreTrainedTokenizerFast

    vocab = {w: i for i, w in enumerate(["[PAD]", "[UNK]", "[CLS]", "[SEP]", *WORDS])}
    tok = Tokenizer(models.WordLevel(vocab, unk_token="[UNK]"))
    tok.normalizer = normalizers.Lowercase()
    tok.pre_tokenizer = pre_tokenizers.Whitespace()
    tok.post_processor = processors.TemplateProcessing(
        single="[CLS] $A [SEP]",
        pair="[CLS] $A [SEP] $B:1 [SEP]:1",
        special_tokens=[("[CLS]", vocab["[CLS]"]), ("[SEP]", vocab["[SEP]"])],
    )
    fast = PreTrainedTokenizerFast(
        tokenizer_object=tok, unk_token="[UNK]", pad_token="[PAD]", cls_token="[CLS]", sep_token="[SEP]"
    )
    if id2label is None:
        id2label = dict(enumerate(LABELS[:num_labels]))
    config = BertConfig(
        vocab_size=len(vocab), hidden_size=32, num_hidden_layers=1, num_attention_heads=2, intermediate_size=37,
        max_position_embeddings=64, num_labels=num_labels, id2label=id2label,
        label2id={v: k for k, v in id2label.items()},
    )
    torch.manual_seed(seed)
    model = BertForSequenceClassification(config).eval()
    model.save_pretrained(directory)
    fast.save_pretrained(directory)
    return model, fast


def nli_cfg(cfg, model="", **update):
    return cfg.nli.model_copy(update={"model": model, **update})


def raw_probs(model, tokenizer, pairs):
    import torch

    batch = tokenizer([p for p, _ in pairs], [h for _, h in pairs], padding=True, return_tensors="pt")
    with torch.inference_mode():
        return torch.softmax(model(**batch).logits, dim=-1).numpy()


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    directory = tmp_path_factory.mktemp("tiny-nli")
    model, tokenizer = build_model(directory)
    return directory, model, tokenizer


def test_the_trained_model_is_the_default_and_empty_means_none(cfg):
    assert cfg.nli.model == "e5-nli-offline.v1"
    assert load_nli(nli_cfg(cfg, "")) is None


def test_loads_offline_and_predicts_probability_rows(cfg, tiny):
    directory, model, tokenizer = tiny
    nli = load_nli(nli_cfg(cfg, str(directory), batch_size=2))
    assert nli is not None and nli.name == str(directory)
    probs = nli.predict(PAIRS)
    assert probs.shape == (3, 3) and probs.dtype == np.float32
    np.testing.assert_allclose(probs.sum(axis=1), 1.0, atol=1e-5)
    # batching by length and padding change nothing: each row is the pair's own prediction
    np.testing.assert_allclose(probs, raw_probs(model, tokenizer, PAIRS), atol=1e-5)
    assert nli.predict([]).shape == (0, 3)


def test_checksum_is_the_sha256_of_the_weights_and_stable(cfg, tiny, tmp_path):
    directory, _, _ = tiny
    first = load_nli(nli_cfg(cfg, str(directory))).checksum
    assert len(first) == 64 and int(first, 16)
    # a second copy of the same weights (not the process cache) gives the same checksum ...
    import shutil

    copy = tmp_path / "copy"
    shutil.copytree(directory, copy)
    assert load_nli(nli_cfg(cfg, str(copy))).checksum == first
    # ... and different weights a different one
    other = tmp_path / "other"
    build_model(other, seed=1)
    assert load_nli(nli_cfg(cfg, str(other))).checksum != first


@pytest.mark.parametrize(
    "id2label",
    [
        {0: "CONTRADICTION", 1: "ENTAILMENT", 2: "NEUTRAL"},
        {0: "neutral", 1: "contradiction", 2: "entailment"},
    ],
)
def test_named_labels_are_honoured(cfg, tmp_path, id2label):
    model, tokenizer = build_model(tmp_path / "m", id2label=id2label)
    probs = load_nli(nli_cfg(cfg, str(tmp_path / "m"))).predict(PAIRS)
    raw = raw_probs(model, tokenizer, PAIRS)
    index = {v.lower(): k for k, v in id2label.items()}
    for column, label in enumerate(LABELS):
        np.testing.assert_allclose(probs[:, column], raw[:, index[label]], atol=1e-5)


def test_generic_labels_follow_label_order(cfg, tmp_path):
    model, tokenizer = build_model(tmp_path / "m", id2label={0: "LABEL_0", 1: "LABEL_1", 2: "LABEL_2"})
    order = ["contradiction", "entailment", "neutral"]
    probs = load_nli(nli_cfg(cfg, str(tmp_path / "m"), label_order=order)).predict(PAIRS)
    raw = raw_probs(model, tokenizer, PAIRS)
    np.testing.assert_allclose(probs[:, LABELS.index("contradiction")], raw[:, 0], atol=1e-5)
    np.testing.assert_allclose(probs[:, LABELS.index("entailment")], raw[:, 1], atol=1e-5)


@pytest.mark.parametrize(
    ("kwargs", "fragment"),
    [
        ({"num_labels": 2, "id2label": {0: "entailment", 1: "not_entailment"}}, "2 outputs"),
        ({"id2label": {0: "positive", 1: "negative", 2: "neutral"}}, "not entailment/neutral/contradiction"),
    ],
)
def test_models_that_are_no_three_way_nli_are_refused(cfg, tmp_path, kwargs, fragment):
    build_model(tmp_path / "m", **kwargs)
    with pytest.raises(ModelError, match=fragment):
        load_nli(nli_cfg(cfg, str(tmp_path / "m")))


@pytest.mark.parametrize("name", ["/nonexistent/nli-model", "some-org/an-nli-model-not-in-the-cache"])
def test_missing_model_is_a_one_line_model_error(cfg, name):
    with pytest.raises(ModelError) as raised:
        load_nli(nli_cfg(cfg, name))
    message = str(raised.value)
    assert name in message and "offline" in message and "\n" not in message


def test_missing_model_via_cli_is_exit_2(tmp_path, capsys):
    from factcheck.cli import main

    config = tmp_path / "c.toml"
    config.write_text('[nli]\nmodel = "/nonexistent/nli-model"\n', encoding="utf-8")
    data = tmp_path / "eval"
    (data / "xnli-de").mkdir(parents=True)
    (data / "xnli-de" / "xnli_de_test.tsv").write_text("A.\tB.\tneutral\n", encoding="utf-8")
    assert main(["eval", "--data-dir", str(data), "--datasets", "xnli-de", "-c", str(config)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "/nonexistent/nli-model" in err


# ---------------------------------------------------------------- combine


def verdict(label, confidence=0.8):
    return Verdict(label, confidence, "FC101" if label == "contradiction" else None, "Rules say so.")


def test_combine_rules_abstain_model_answers(cfg):
    out = combine(verdict(None, 0.0), np.array([0.1, 0.2, 0.7]), cfg.nli)
    assert out.label == "contradiction" and out.confidence == pytest.approx(0.7) and out.code is None
    assert "p(contradiction)=0.70" in out.explanation


def test_combine_rules_abstain_model_unsure_abstains(cfg):
    out = combine(verdict(None, 0.0), np.array([0.4, 0.35, 0.25]), combine_cfg(cfg, 0.5))
    assert out.label is None and out.confidence == 0.0
    assert "unsure" in out.explanation


def combine_cfg(cfg, min_confidence):
    return cfg.nli.model_copy(update={"min_confidence": min_confidence})


def test_combine_agreement_raises_confidence(cfg):
    out = combine(verdict("entailment", 0.8), np.array([0.6, 0.3, 0.1]), cfg.nli)
    assert out.label == "entailment" and out.code is None
    assert out.confidence == pytest.approx(0.8 + 0.5 * 0.6 * 0.2)  # weight 0.5 × p × room left
    assert out.confidence > 0.8 and "agrees: p(entailment)=0.60" in out.explanation


def test_combine_conflict_lowers_confidence_and_says_so(cfg):
    out = combine(verdict("contradiction", 0.8), np.array([0.2, 0.68, 0.12]), cfg.nli)
    assert out.label == "contradiction" and out.code == "FC101"  # the rules keep the label
    assert out.confidence == pytest.approx(0.8 * (1 - 0.5 * (0.68 - 0.12)))  # weight 0.5 × margin
    assert out.explanation.startswith("Rules say so. ")
    assert "The NLI model disagrees: p(contradiction)=0.12, p(neutral)=0.68" in out.explanation


@pytest.mark.parametrize("weight", [0.0, 0.5, 1.0])
def test_model_moves_confidence_at_most_by_its_weight(cfg, weight):
    nli = cfg.nli.model_copy(update={"weight": weight})
    down = combine(verdict("contradiction", 0.8), np.array([0.0, 1.0, 0.0]), nli)  # the strongest disagreement
    up = combine(verdict("contradiction", 0.8), np.array([0.0, 0.0, 1.0]), nli)  # the strongest agreement
    assert down.confidence == pytest.approx(0.8 * (1 - weight))
    assert up.confidence == pytest.approx(0.8 + weight * 0.2)


def test_position_change_agrees_with_a_neutral_reading(cfg):
    # Monday's "possible" and Tuesday's "ruled out" can both be true: neutral is no disagreement
    out = combine(verdict("contradiction", 0.8), np.array([0.05, 0.85, 0.10]), cfg.nli,
                  accept=("contradiction", "neutral"))
    assert out.confidence > 0.8
    assert "agrees they are not the same statement: p(contradiction or neutral)=0.95" in out.explanation
    out = combine(verdict("contradiction", 0.8), np.array([0.80, 0.15, 0.05]), cfg.nli,
                  accept=("contradiction", "neutral"))  # the model reads the same statement twice
    assert out.confidence == pytest.approx(0.8 * (1 - 0.5 * (0.80 - 0.20)))
    assert "disagrees: it reads the same statement, p(entailment)=0.80" in out.explanation


def test_symmetric_takes_the_larger_entailment_and_the_mean_contradiction():
    from factcheck.nli import symmetric

    forward = np.array([[0.8, 0.15, 0.05], [0.1, 0.1, 0.8]], dtype=np.float32)
    backward = np.array([[0.1, 0.8, 0.1], [0.1, 0.3, 0.6]], dtype=np.float32)
    rows = symmetric(forward, backward)
    np.testing.assert_allclose(rows.sum(axis=1), 1.0, rtol=1e-6)
    # the longer sentence entails the shorter: one direction is enough
    np.testing.assert_allclose(rows[0], [0.8, 0.125, 0.075], rtol=1e-5)
    np.testing.assert_allclose(rows[1], [0.1, 0.2, 0.7], rtol=1e-5)
    np.testing.assert_allclose(symmetric(backward, forward), rows, rtol=1e-6)  # order-free


# ---------------------------------------------------------------- findings of aligned pairs


class FixedModel:
    """Stand-in for NliModel: the same probabilities for every pair, and a record of the calls."""

    def __init__(self, row):
        self.row = np.asarray(row, dtype=np.float32)
        self.calls = []

    def predict(self, pairs):
        self.calls.append(list(pairs))
        return np.tile(self.row, (len(pairs), 1))


def finding(kind, code, severity, confidence, a="a:s0", b="b:s0"):
    return Finding(fingerprint=f"{kind}{a}{b}", kind=kind, code=code, severity=severity, confidence=confidence,
                   a=a, b=b, explanation="Rules say so.")


SENTENCES = {
    sid: Sentence(sid, sid.split(":")[0], 0, text, 0, len(text))
    for sid, text in [
        ("a:s0", "Der Minister schließt Bodentruppen aus."),
        ("b:s0", "Bodentruppen sind möglich."),
        ("c:s0", "Der Minister sagte das."),
        ("a:s1", "Die Regierung schickt Soldaten."),
    ]
}
OUTLETS = {"a": "Blatt A", "b": "Blatt B", "c": "Blatt C"}


def pair(a, b, scope="cross"):
    return AlignedPair(a=a, b=b, score=0.6, cosine=0.9, semantic=0.6, lexical=0.4, anchors=0.3, scope=scope)


def score(cfg, pairs, findings, row, **nli):
    model = FixedModel(row)
    out_pairs, out = score_aligned(pairs, findings, SENTENCES, OUTLETS, model, cfg.nli.model_copy(update=nli),
                                   cfg.classify.severity_rank)
    return model, out_pairs, out


def test_score_aligned_merges_nli_kinds_both_ways_and_leaves_the_rest(cfg):
    pairs = (pair("a:s0", "b:s0"), pair("a:s0", "c:s0"))
    findings = (
        finding("contradict", "FC101", "high", 0.9),
        finding("agree", "FC100", "info", 0.6, "c:s0", "a:s0"),  # reversed order: still its pair
        finding("quote_drift", "FC107", "low", 0.7),
    )
    model, out_pairs, out = score(cfg, pairs, findings, [0.7, 0.2, 0.1])  # the model says entailment
    kinds = {f.kind: f for f in out}
    assert kinds["contradict"].confidence < 0.9 and "disagrees" in kinds["contradict"].explanation
    assert kinds["agree"].confidence > 0.6 and "agrees" in kinds["agree"].explanation
    assert kinds["quote_drift"] == findings[2]  # no NLI relation: untouched
    assert len(out) == 3  # nothing added: the model says no pair contradicts
    forward, backward = model.calls
    assert [(b, a) for a, b in forward] == backward and len(forward) == 2
    assert [(p.nli_entailment, p.nli_contradiction) for p in out_pairs] == [(0.7, 0.1), (0.7, 0.1)]
    assert [(p.a, p.b) for p in out_pairs] == [(p.a, p.b) for p in pairs]


def test_unflagged_cross_pair_the_model_calls_contradiction_becomes_fc109(cfg):
    pairs = (pair("a:s0", "b:s0"), pair("a:s0", "c:s0"))
    findings = (finding("update", "FC108", "low", 0.5, "a:s0", "c:s0"),)  # this pair has a finding
    _, _, out = score(cfg, pairs, findings, [0.02, 0.03, 0.95], flag_contradiction=0.9, flag_model_only=True)
    new = [f for f in out if f.code == "FC109"]
    assert len(new) == 1
    f = new[0]
    assert (f.kind, f.severity, f.a, f.b, f.confidence) == ("possible_contradiction", "medium", "a:s0", "b:s0", 0.95)
    assert f.outlets == ("Blatt A", "Blatt B") and f.reasons == ("model_only",)
    assert "p(contradiction)=0.95" in f.explanation and "Blatt A and Blatt B" in f.explanation
    from factcheck.classify import fingerprint

    assert f.fingerprint == fingerprint("possible_contradiction", "FC109", SENTENCES["b:s0"].text,
                                        SENTENCES["a:s0"].text, "b", "a")  # order-independent, stable
    assert out[0].code == "FC109"  # ranked: medium × 0.95 before low × 0.5


@pytest.mark.parametrize(
    ("row", "threshold", "scope", "pair_scope", "flagged"),
    [
        ([0.02, 0.03, 0.95], 0.96, "cross", "cross", False),  # below the threshold
        ([0.02, 0.03, 0.95], 0.95, "cross", "cross", True),  # at it
        ([0.02, 0.03, 0.95], 0.9, "cross", "intra", False),  # within one article: not by default
        ([0.02, 0.03, 0.95], 0.9, "all", "intra", True),
        ([0.50, 0.0, 0.50], 0.5, "cross", "cross", False),  # a tie is not the model's most probable label
    ],
)
def test_fc109_threshold_and_scope(cfg, row, threshold, scope, pair_scope, flagged):
    b = "a:s1" if pair_scope == "intra" else "b:s0"
    _, _, out = score(cfg, (pair("a:s0", b, pair_scope),), (), row, flag_contradiction=threshold, scope=scope,
                      flag_model_only=True)
    assert [f.code for f in out] == (["FC109"] if flagged else [])


def test_fc109_is_opt_in(cfg):
    assert cfg.nli.flag_model_only is False
    _, _, out = score(cfg, (pair("a:s0", "b:s0"),), (), [0.0, 0.0, 1.0])
    assert out == ()


def test_score_aligned_without_pairs_calls_no_model(cfg):
    findings = (finding("update", "FC108", "low", 0.5),)
    model, out_pairs, out = score(cfg, (), findings, [0.7, 0.2, 0.1])
    assert out == findings and out_pairs == () and model.calls == []


def test_nli_thresholds_must_be_probabilities(cfg):
    from factcheck.config import load_config
    from factcheck.errors import ConfigError

    with pytest.raises(ConfigError, match="flag_contradiction"):
        load_config(overrides={"nli": {"flag_contradiction": 1.5}})


def test_a_position_change_is_not_lowered_for_a_neutral_reading(cfg):
    import dataclasses

    change = dataclasses.replace(finding("contradict", "FC101", "high", 0.9),
                                 reasons=("position_change_over_time", "different_speakers"),
                                 reason="position_change_over_time")
    plain = dataclasses.replace(change, reasons=("different_speakers",), reason="different_speakers")
    for f, moves_up in ((change, True), (plain, False)):
        _, _, out = score(cfg, (pair("a:s0", "b:s0"),), (f,), [0.05, 0.85, 0.10])
        assert (out[0].confidence > 0.9) is moves_up
