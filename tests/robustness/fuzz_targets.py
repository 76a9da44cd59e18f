"""Fuzz targets shared by the property tests (test_fuzz.py) and the bounded fuzz run (scripts/fuzz_parsers.py).

Each target is a plain function of generated input that raises AssertionError (or any
other exception) when the code under test misbehaves; ``TARGETS`` pairs each with its
hypothesis strategy.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from hypothesis import strategies as st

from factcheck.config import default_config
from factcheck.ingest import read_corpus

CFG = default_config()
BODY = "Die Stadt hat am Montag den neuen Radweg eröffnet. Er ist vier Kilometer lang.\n"

# --- strategies ---------------------------------------------------------------------------------

_scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=40))
_json_values = st.recursive(_scalars, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
                            max_leaves=8)
_keys = st.sampled_from(["id", "outlet", "title", "text", "published", "url", "language", "autor", ""]) | st.text(max_size=6)
_records = st.dictionaries(_keys, _json_values | st.text(max_size=200), max_size=8)
_line = st.one_of(
    _records.map(lambda r: json.dumps(r, ensure_ascii=False, allow_nan=True)),
    st.text(max_size=120),
    st.just('{"text": "' + BODY.strip() + '"}'),
)
jsonl_bytes = st.one_of(
    st.lists(_line, max_size=6).map(lambda lines: "\n".join(lines).encode("utf-8")),
    st.binary(max_size=400),
    st.lists(_line, max_size=4).map(lambda lines: "\r\n".join(lines).encode("utf-16")),
)
_yaml_scalars = st.one_of(st.sampled_from(["2014-06-17", "17.06.2014", "gestern", "de", "en-GB", "Deutsch", "~", "[",
                                           "{a: b}", "&x a", "*x", "- a", "!!binary aGk=", "2014-13-45", "null", "yes"]),
                          st.text(max_size=30))
_yaml_entry = st.dictionaries(st.sampled_from(["outlet", "published", "language", "url", "title", "autor"]), _yaml_scalars,
                              max_size=4)
front_matter = st.one_of(
    _yaml_entry.map(lambda e: "\n".join(f"{k}: {v}" for k, v in e.items())),
    st.text(max_size=200),
)
manifest_text = st.one_of(
    st.dictionaries(st.sampled_from(["artikel.txt", "fehlt.txt", "'a b'"]), _yaml_entry, max_size=3).map(
        lambda d: "\n".join(f"{name}:\n" + "".join(f"  {k}: {v}\n" for k, v in e.items()) for name, e in d.items())),
    st.text(max_size=200),
)
manifest_kind = st.sampled_from(["manifest.yaml", "manifest.toml"])

# --- targets --------------------------------------------------------------------------------------


def _check(corpus, folder: Path) -> None:
    """What every read must give: articles with text, or skips with a one-line reason naming an input."""
    for article in corpus.articles:
        assert article.id and isinstance(article.text, str) and article.source.startswith(str(folder))
    for skip in corpus.skipped:
        assert skip.reason and "\n" not in skip.reason, skip
        assert skip.path.startswith(str(folder)), skip
        assert skip.line is None or skip.line >= 1


def read_jsonl(data: bytes) -> None:
    """Any bytes as a JSON Lines file: articles or skips, never an exception."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "feed.jsonl").write_bytes(data)
        _check(read_corpus([folder], CFG.ingest, CFG.limits), folder)


def read_front_matter(header: str) -> None:
    """Any front matter on a Markdown article."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "artikel.md").write_text(f"---\n{header}\n---\n# Titel\n\n{BODY}", encoding="utf-8")
        corpus = read_corpus([folder], CFG.ingest, CFG.limits)
        _check(corpus, folder)
        assert len(corpus.articles) + len(corpus.skipped) == 1


def read_manifest(name: str, text: str) -> None:
    """Any manifest next to an article: the article is read (maybe without the metadata) or skipped, with reasons."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "artikel.txt").write_text("Titel\n" + BODY, encoding="utf-8")
        (folder / name).write_text(text, encoding="utf-8")
        corpus = read_corpus([folder], CFG.ingest, CFG.limits)
        _check(corpus, folder)
        assert corpus.articles or any(s.path.endswith("artikel.txt") for s in corpus.skipped)


def read_any_file(suffix: str, data: bytes) -> None:
    """Any bytes under any article suffix."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / f"datei{suffix}").write_bytes(data)
        corpus = read_corpus([folder], CFG.ingest, CFG.limits)
        _check(corpus, folder)
        assert len(corpus.articles) + len(corpus.skipped) >= 1


TARGETS = {
    "jsonl": (read_jsonl, (jsonl_bytes,)),
    "front_matter": (read_front_matter, (front_matter,)),
    "manifest": (read_manifest, (manifest_kind, manifest_text)),
}
