"""An on-disk cache of stage results that are pure functions of their inputs: an article's claims
and the NLI model's reading of a sentence pair.

Embeddings have their own cache (:mod:`factcheck.embed_cache`); with this one as well, a second run
over an unchanged corpus embeds nothing, tags nothing and loads no model. Results live in one SQLite
file next to the embedding cache (``results.sqlite3``), keyed by the SHA-256 of everything the result
depends on:

- sentences: the segmenter's source (``factcheck/segment.py``), the ``[segment]`` config and the
  article's id, title, text and language;
- claims: the source of the claim code (``factcheck/claims/*.py``), the ``[claims]`` config
  (lexicons included), the article's text and metadata and its sentences;
- NLI: the model's sha256, its ``max_length`` and both sentence texts.

Change any of these and the key changes: a stale entry is never read, it is only left behind
(delete the file to reclaim the space). Claims are stored pickled: the file is a private cache in
the user's own cache directory, read by nobody else (never point it at a file others can write).

>>> import tempfile
>>> with tempfile.TemporaryDirectory() as tmp:
...     cache = ResultCache(f"{tmp}/r.sqlite3")
...     cache.put("ns", {b"k1": b"one"})
...     sorted(cache.get("ns", [b"k1", b"k2"]).items()), cache.get("other", [b"k1"])
([(b'k1', b'one')], {})
"""

from __future__ import annotations

import hashlib
import json
import logging
import pickle
import sqlite3
import threading
from collections.abc import Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from .embed_cache import open_cache_db

log = logging.getLogger(__name__)

SCHEMA_VERSION = 1
_LOOKUP_CHUNK = 500


def default_results_file(embedding_cache_file: str = "") -> Path:
    """``results.sqlite3`` in the folder of the embedding cache (its default folder when "")."""
    from .embed_cache import default_cache_file

    base = Path(embedding_cache_file).expanduser() if embedding_cache_file else default_cache_file()
    return base.parent / "results.sqlite3"


class ResultCache:
    """Opaque values by (namespace, key) in SQLite; safe to share between processes (WAL mode)."""

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = Path(path).expanduser() if path else default_results_file()
        self._local = threading.local()

    def _db(self) -> sqlite3.Connection:
        db = getattr(self._local, "db", None)
        if db is None:
            db = self._local.db = open_cache_db(
                self.path, "result", SCHEMA_VERSION,
                "CREATE TABLE IF NOT EXISTS results (ns TEXT NOT NULL, key BLOB NOT NULL, "
                "value BLOB NOT NULL, PRIMARY KEY (ns, key)) WITHOUT ROWID")
        return db

    def get(self, ns: str, keys: Sequence[bytes]) -> dict[bytes, bytes]:
        db = self._db()
        found: dict[bytes, bytes] = {}
        keys = list(keys)
        for start in range(0, len(keys), _LOOKUP_CHUNK):
            chunk = keys[start:start + _LOOKUP_CHUNK]
            marks = ",".join("?" * len(chunk))
            for key, value in db.execute(f"SELECT key, value FROM results WHERE ns = ? AND key IN ({marks})",
                                         [ns, *chunk]):
                found[bytes(key)] = bytes(value)
        return found

    def put(self, ns: str, items: Mapping[bytes, bytes]) -> None:
        if not items:
            return
        db = self._db()
        with db:
            db.executemany("INSERT OR REPLACE INTO results VALUES (?, ?, ?)", ((ns, k, v) for k, v in items.items()))

    def __getstate__(self) -> dict[str, object]:  # a connection does not travel to another process
        return {"path": self.path}

    def __setstate__(self, state: dict[str, object]) -> None:
        self.path = Path(str(state["path"]))
        self._local = threading.local()


@lru_cache(maxsize=8)
def code_version(*relative: str) -> str:
    """sha256 over source files of this package (paths or globs relative to it): a changed rule never
    reads an old result."""
    root = Path(__file__).resolve().parent
    h = hashlib.sha256()
    for pattern in relative:
        for path in sorted(root.glob(pattern)):
            h.update(path.relative_to(root).as_posix().encode("utf-8") + b"\0" + path.read_bytes())
    return h.hexdigest()


def claims_code_version() -> str:
    return code_version("claims/*.py")


def segments_key(article: Any, segment_config: Mapping[str, Any]) -> bytes:
    """The key of one article's sentences: the segmenter's source, ``[segment]`` and the article."""
    payload = json.dumps([code_version("segment.py"), segment_config,
                          [article.id, article.title, article.text, article.language]],
                         sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(payload.encode("utf-8")).digest()


def dump_records(records: Sequence[Any]) -> bytes:
    return pickle.dumps(tuple(records), protocol=pickle.HIGHEST_PROTOCOL)


def load_records(blob: bytes) -> tuple[Any, ...]:
    return pickle.loads(blob)  # noqa: S301 - the user's own private cache file (module text)


def claims_key(article: Any, sentences: Sequence[Any], claims_config: Mapping[str, Any]) -> bytes:
    """The key of one article's claims (see the module text for what goes in)."""
    payload = json.dumps(
        [claims_code_version(), claims_config,
         [article.id, article.title, article.text, article.outlet, article.published, article.language, article.url],
         [[s.id, s.article_id, s.index, s.text, s.start, s.end] for s in sentences]],
        sort_keys=True, ensure_ascii=False, default=str,
    )
    return hashlib.sha256(payload.encode("utf-8")).digest()


def nli_key(checksum: str, max_length: int, a: str, b: str) -> bytes:
    """The key of the model's two readings of (a, b): a->b and b->a."""
    return hashlib.sha256("\0".join((checksum, str(max_length), a, b)).encode("utf-8")).digest()


def dump_nli(fwd: np.ndarray, bwd: np.ndarray) -> bytes:
    return np.concatenate([np.asarray(fwd, "<f4").ravel(), np.asarray(bwd, "<f4").ravel()]).tobytes()


def load_nli_rows(blob: bytes) -> tuple[np.ndarray, np.ndarray] | None:
    row = np.frombuffer(blob, dtype="<f4")
    if row.shape != (6,):
        return None
    return row[:3].copy(), row[3:].copy()
