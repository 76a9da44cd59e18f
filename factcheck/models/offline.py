"""Load text encoders from disk only, never from the network.

Two loaders return the same small interface, ``encode(texts, batch_size) -> float32 rows
of unit length``:

* :func:`load_mean_pooling_encoder`: a transformers encoder with mean pooling and L2
  normalisation (e5). It needs only torch and transformers: importing sentence-transformers
  costs more CPU than torch and transformers together (it pulls in scikit-learn and scipy),
  and every run pays that at start-up.
* :func:`load_sentence_transformer`: any sentence-transformers model.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator, Sequence
from typing import Any, Protocol

import numpy as np

from ..errors import ModelError


class TextEncoder(Protocol):
    """A loaded model that embeds texts as float32 rows of unit length."""

    dim: int

    def encode(self, texts: Sequence[str], batch_size: int) -> np.ndarray: ...


def forbid_hub_downloads() -> None:
    """Switch the Hugging Face Hub off for this process.

    Belt and braces next to local paths and ``local_files_only=True``: huggingface_hub reads
    the variable when it is first imported, so this runs before transformers is imported.
    """
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"


@contextlib.contextmanager
def _quiet_offline_loading(name_or_path: str) -> Iterator[None]:
    """Hub off, transformers' "Loading weights" bar off, a missing model as ModelError."""
    forbid_hub_downloads()
    from transformers.utils import logging as transformers_logging

    bars_were_on = transformers_logging.is_progress_bar_enabled()
    transformers_logging.disable_progress_bar()  # library code draws nothing on stderr
    try:
        yield
    except OSError as exc:
        raise ModelError(
            f"embedding model {name_or_path!r} is not available offline: give a local model directory "
            "or a model already in the Hugging Face cache"
        ) from exc
    finally:
        if bars_were_on:
            transformers_logging.enable_progress_bar()


class MeanPoolingEncoder:
    """A transformers encoder whose sentence vector is the masked mean of its token states."""

    def __init__(self, tokenizer: Any, model: Any) -> None:
        self.tokenizer = tokenizer
        self.model = model
        self.dim = int(model.config.hidden_size)
        self.max_length = int(model.config.max_position_embeddings)

    def encode(self, texts: Sequence[str], batch_size: int) -> np.ndarray:
        import torch

        out = np.empty((len(texts), self.dim), dtype=np.float32)
        # longest first, as sentence-transformers does: batches of similar length pad little
        order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))
        with torch.inference_mode():
            for start in range(0, len(order), batch_size):
                rows = order[start : start + batch_size]
                batch = self.tokenizer(
                    [texts[i] for i in rows],
                    padding=True,
                    truncation=True,
                    max_length=self.max_length,
                    return_tensors="pt",
                )
                hidden = self.model(**batch).last_hidden_state
                mask = batch["attention_mask"].unsqueeze(-1).to(hidden.dtype)
                pooled = (hidden * mask).sum(dim=1) / mask.sum(dim=1).clamp(min=1.0)
                out[rows] = torch.nn.functional.normalize(pooled, dim=-1).numpy()
        return out


def load_mean_pooling_encoder(path: str) -> MeanPoolingEncoder:
    """The model directory ``path`` (config, weights, tokenizer) as a mean-pooling encoder on CPU."""
    with _quiet_offline_loading(path):
        from transformers import AutoModel, AutoTokenizer

        tokenizer = AutoTokenizer.from_pretrained(path, local_files_only=True)
        model = AutoModel.from_pretrained(path, local_files_only=True).eval()
    return MeanPoolingEncoder(tokenizer, model)


class SentenceTransformerEncoder:
    """A ``SentenceTransformer`` behind the :class:`TextEncoder` interface."""

    def __init__(self, model: Any) -> None:
        self.model = model
        self.dim = int(model.get_embedding_dimension())

    def encode(self, texts: Sequence[str], batch_size: int) -> np.ndarray:
        vectors = self.model.encode(
            list(texts),
            batch_size=batch_size,
            convert_to_numpy=True,
            normalize_embeddings=True,  # not every model ends in a Normalize module
            show_progress_bar=False,
        )
        return np.ascontiguousarray(vectors, dtype=np.float32)


def load_sentence_transformer(name_or_path: str, cache_folder: str | None = None) -> SentenceTransformerEncoder:
    """A sentence-transformers model on CPU from a local directory or the local Hub cache.

    Raises ModelError with a one-line message when the model is not available offline.
    """
    with _quiet_offline_loading(name_or_path):
        from sentence_transformers import SentenceTransformer

        model = SentenceTransformer(name_or_path, device="cpu", local_files_only=True, cache_folder=cache_folder)
    return SentenceTransformerEncoder(model)
