"""The one configuration: ``configs/default.toml`` validated by pydantic models.

Every threshold, model name and cue lexicon lives in the TOML file; the models
here only say which keys exist and what type they have (``extra="forbid"``).
Lexicons too large for the main file are TOML files under ``configs/lexicons/``
named by ``lexicon_files`` and merged in at load time.
"""

from __future__ import annotations

import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from .errors import ConfigError

CONFIG_DIR = Path(__file__).resolve().parent.parent / "configs"
DEFAULT_CONFIG = CONFIG_DIR / "default.toml"


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class BoilerplateConfig(_Section):
    # whole-line regular expressions (case-insensitive) that mark page furniture
    line_patterns: dict[str, list[str]]
    # a line that matches one of these starts a trailing block (lists of teasers,
    # donation appeals) that is removed up to the end of the text
    tail_markers: list[str]
    # line-shape heuristics
    max_symbol_ratio: float  # lines with more non-letters than this are furniture
    min_symbol_line_length: int
    teaser_max_words: int  # short title-like lines inside a tail block


class IngestConfig(_Section):
    extensions: dict[str, list[str]]  # format -> file suffixes
    manifest_names: list[str]
    boilerplate: BoilerplateConfig


class SegmentConfig(_Section):
    default_language: str
    abbreviations: dict[str, list[str]]  # language -> abbreviations that never end a sentence
    speech_verbs: dict[str, list[str]]  # language -> verbs that keep a quote with its attribution
    min_chars: int


class EmbedderConfig(_Section):
    name: str  # registered embedder, e.g. "e5-small-offline.v1"
    model: str  # sentence-transformers model name or local path (for "sentence-transformers.v1")
    prefix: str  # text prefix (e5 wants "query: ")
    batch_size: int
    cache_dir: str  # "" = the user's cache directory


class AlignConfig(_Section):
    cosine_floor: float  # embedding cosine mapped to semantic 0 (e5: unrelated same-story sentences)
    cosine_ceiling: float  # cosine mapped to semantic 1 (paraphrases)
    weight_semantic: float
    weight_lexical: float
    weight_anchors: float
    threshold: float  # combined score needed to align two sentences of different articles
    intra_threshold: float  # the same inside one article (stricter: shared context inflates scores)
    min_semantic: float  # floor on the rescaled cosine, whatever the lexical signal
    prefilter_semantic: float  # pairs below this rescaled cosine are not scored at all
    anchor_min_ratio: float  # rapidfuzz ratio for two anchors to count as the same word
    max_partners: int  # one-to-many: at most this many partners per sentence and article pair
    intra_article: bool
    stopwords: dict[str, list[str]]
    rare_word_min_length: int


class ReportConfig(_Section):
    formats: list[str]
    max_markdown_chars: int
    agree_min_score: float  # pairs at least this strong become "agree" findings before claims exist


class Config(_Section):
    ingest: IngestConfig
    segment: SegmentConfig
    embedder: EmbedderConfig
    align: AlignConfig
    report: ReportConfig
    extra: dict[str, Any] = {}

    def to_dict(self) -> dict[str, Any]:
        return self.model_dump(mode="json")


def _merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError:
        raise ConfigError(f"{path}: config file not found") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc})") from None


def load_config(path: str | Path | None = None, overrides: dict[str, Any] | None = None) -> Config:
    """Load the default config, then a user file on top of it, then ``overrides``."""
    data = _read_toml(DEFAULT_CONFIG)
    for name in data.pop("lexicon_files", []):
        data = _merge(data, _read_toml(CONFIG_DIR / name))
    source = DEFAULT_CONFIG
    if path is not None:
        source = Path(path)
        user = _read_toml(source)
        user.pop("lexicon_files", None)
        data = _merge(data, user)
    if overrides:
        data = _merge(data, overrides)
    try:
        return Config.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise ConfigError(f"{source}: {where}: {first['msg']}") from None


@lru_cache(maxsize=1)
def default_config() -> Config:
    """The checked-in default configuration (cached)."""
    return load_config()
