"""An on-disk cache of sentence embeddings, and an embedder that uses it.

Vectors are stored in one SQLite file in the user's cache directory
(``$XDG_CACHE_HOME/factcheck/embeddings.sqlite3``, else ``~/.cache/...``), keyed by
the SHA-256 of model id + revision + prefix + normalised text, as float32 blobs. A
second run over the same corpus embeds nothing; adding articles embeds only their new
sentences; identical sentences (agency copies) are embedded once within a run.

The text given to the model is the normalised text (NFC, whitespace runs collapsed), so
a vector depends on nothing but its key, whether it came from the model or the cache.

>>> import tempfile
>>> from factcheck.embed import FakeEmbedder
>>> class Counting(FakeEmbedder):
...     cacheable = True
...     seen = 0
...     def encode(self, texts):
...         Counting.seen += len(texts)
...         return super().encode(texts)
>>> with tempfile.TemporaryDirectory() as tmp:
...     cached = CachedEmbedder(Counting(), EmbeddingCache(f"{tmp}/e.sqlite3"))
...     first = cached.encode(["Ein Satz.", "Ein  Satz.", "Noch einer."])
...     print(Counting.seen, cached.stats)
...     again = cached.encode(["Noch einer.", "Ein Satz."])
...     print(Counting.seen, cached.stats)
2 CacheStats(texts=3, duplicates=1, from_cache=0, embedded=2)
2 CacheStats(texts=2, duplicates=0, from_cache=2, embedded=0)
"""

from __future__ import annotations

import hashlib
import logging
import os
import sqlite3
import threading
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from .errors import ModelError

if TYPE_CHECKING:
    from .embed import Embedder

log = logging.getLogger(__name__)

SCHEMA_VERSION = 1
_LOOKUP_CHUNK = 500  # keys per SELECT (SQLite's default limit on bound parameters is 999 or more)


def default_cache_file() -> Path:
    """``$XDG_CACHE_HOME/factcheck/embeddings.sqlite3``, else ``~/.cache/factcheck/embeddings.sqlite3``."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base).expanduser() / "factcheck" / "embeddings.sqlite3"


def normalise(text: str) -> str:
    """What a sentence is embedded and keyed as: NFC, whitespace runs as one space, stripped.

    >>> normalise(" Der  Minister\\nsagte ") == normalise("Der Minister sagte")
    True
    """
    return " ".join(unicodedata.normalize("NFC", text).split())


def cache_key(model: str, revision: str, prefix: str, text: str) -> bytes:
    """SHA-256 of model id, revision, prefix and normalised text (fields separated by NUL)."""
    return hashlib.sha256("\0".join((model, revision, prefix, normalise(text))).encode("utf-8")).digest()


def open_cache_db(path: Path, what: str, schema: int, table: str) -> sqlite3.Connection:
    """A cache file's connection (WAL, short transactions, safe between processes) with ``table`` and a
    schema check; a file that is no SQLite database or of another schema is a one-line ModelError."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(path, timeout=60)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        db.execute(table)
        db.execute("INSERT OR IGNORE INTO meta VALUES ('schema', ?)", (str(schema),))
        db.commit()
        (version,) = db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
    except sqlite3.DatabaseError as exc:
        raise ModelError(f"{path}: {what} cache unusable ({exc}); delete it to start afresh") from None
    if version != str(schema):
        raise ModelError(f"{path}: {what} cache schema {version}, expected {schema}; delete it to start afresh")
    return db


class EmbeddingCache:
    """float32 vectors in SQLite, safe to share between processes (WAL mode, short transactions)."""

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = Path(path).expanduser() if path else default_cache_file()
        self._local = threading.local()  # one connection per thread: sqlite3 objects are not shared

    def _db(self) -> sqlite3.Connection:
        db = getattr(self._local, "db", None)
        if db is None:
            db = self._local.db = open_cache_db(
                self.path, "embedding", SCHEMA_VERSION,
                "CREATE TABLE IF NOT EXISTS vectors (key BLOB PRIMARY KEY, dim INTEGER NOT NULL, "
                "vector BLOB NOT NULL) WITHOUT ROWID")
        return db

    def get(self, keys: Sequence[bytes], dim: int) -> dict[bytes, np.ndarray]:
        """The cached vectors among ``keys`` (rows of another dimension are ignored)."""
        db = self._db()
        found: dict[bytes, np.ndarray] = {}
        for start in range(0, len(keys), _LOOKUP_CHUNK):
            chunk = keys[start:start + _LOOKUP_CHUNK]
            marks = ",".join("?" * len(chunk))
            for key, row_dim, blob in db.execute(f"SELECT key, dim, vector FROM vectors WHERE key IN ({marks})", chunk):
                if row_dim == dim and len(blob) == 4 * dim:
                    found[key] = np.frombuffer(blob, dtype="<f4")
        return found

    def put(self, keys: Sequence[bytes], vectors: np.ndarray) -> None:
        """Store ``vectors[i]`` under ``keys[i]`` (float32, little-endian), in one transaction."""
        rows = np.ascontiguousarray(vectors, dtype="<f4")
        db = self._db()
        with db:
            db.executemany("INSERT OR REPLACE INTO vectors VALUES (?, ?, ?)",
                           ((k, rows.shape[1], rows[i].tobytes()) for i, k in enumerate(keys)))

    def __len__(self) -> int:
        return int(self._db().execute("SELECT COUNT(*) FROM vectors").fetchone()[0])

    def __getstate__(self) -> dict[str, object]:  # a connection does not travel to another process
        return {"path": self.path}

    def __setstate__(self, state: dict[str, object]) -> None:
        self.path = Path(str(state["path"]))
        self._local = threading.local()


@dataclass(slots=True)
class CacheStats:
    """What the last :meth:`CachedEmbedder.encode` call did with its texts."""

    texts: int = 0
    duplicates: int = 0  # texts whose normalised form appeared earlier in the same call
    from_cache: int = 0
    embedded: int = 0  # texts the model embedded


class CachedEmbedder:
    """Wraps an embedder: dedupes texts, reads known vectors from the cache, embeds and stores the rest."""

    cacheable = False  # already cached

    def __init__(self, inner: Embedder, cache: EmbeddingCache | None) -> None:
        self.inner = inner
        self.cache = cache
        self.name = inner.name
        self.model_id = inner.model_id
        self.dim = inner.dim
        # the prefix changes the vector but is applied inside the model embedder: it is part of the key
        self._prefix = str(getattr(inner, "prefix", ""))
        self._revision = str(getattr(inner, "revision", ""))
        self.stats = CacheStats()

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if isinstance(texts, str):
            raise TypeError("encode() takes a sequence of texts, not a single string")
        normal = [normalise(t) for t in texts]
        unique = list(dict.fromkeys(normal))
        stats = CacheStats(texts=len(texts), duplicates=len(texts) - len(unique))
        keys = [cache_key(self.model_id, self._revision, self._prefix, t) for t in unique]
        known = self.cache.get(keys, self.dim) if self.cache is not None else {}
        missing = [i for i, k in enumerate(keys) if k not in known]
        vectors = np.zeros((len(unique), self.dim), dtype=np.float32)
        if missing:
            fresh = np.asarray(self.inner.encode([unique[i] for i in missing]), dtype=np.float32)
            vectors[missing] = fresh
            if self.cache is not None:
                self.cache.put([keys[i] for i in missing], fresh)
        for i, k in enumerate(keys):
            if k in known:
                vectors[i] = known[k]
        stats.from_cache, stats.embedded = len(unique) - len(missing), len(missing)
        self.stats = stats
        log.info("embeddings: %d texts, %d duplicates, %d from cache, %d embedded",
                 stats.texts, stats.duplicates, stats.from_cache, stats.embedded)
        position = {t: i for i, t in enumerate(unique)}
        return vectors[[position[t] for t in normal]] if texts else vectors
