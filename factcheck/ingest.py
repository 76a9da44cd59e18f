"""Ingest: read article files into :class:`~factcheck.records.Article` records.

Formats, chosen by file suffix (``[ingest.extensions]`` in the config):

``text``
    The first non-empty line is the title, the rest is the body.
``markdown``
    Optional YAML front matter (``---`` … ``---``) with metadata; the title
    comes from the front matter, else the first ``#`` heading, else the first
    line. Markdown syntax is stripped line by line (links keep their text);
    images are left for the boilerplate pass, which records them as removed.
``html``
    Main text, title, date and site name extracted by trafilatura.
``jsonl``
    One article per line with the keys ``id, outlet, title, text, published,
    url, language`` (only ``text`` is required; any other key is an error).

Metadata (``outlet``, ``published``, ``language``, ``url``, ``title``) may
also come from a manifest in the article's directory (``manifest.toml`` or
``manifest.yaml``: one table per file name); the manifest overrides what the
file itself says. Missing metadata stays ``None``. ``published`` becomes an
ISO date; the language, when nothing names it, is detected from stopwords.

Text is decoded (UTF-8, UTF-16 with a byte-order mark, else a confident guess
among legacy encodings), NFC-normalised, and stripped of byte-order marks and
zero-width spaces. Article ids are the file stem (JSONL: the ``id`` field, else
``<stem>-<line>``) and must be unique across the corpus. Every body then goes
through :func:`factcheck.boilerplate.clean`; what it removes is kept in
``Article.removed`` with line numbers of the body as read (the file for text
and Markdown, the ``text`` field for JSONL, the extracted text for HTML), as
are body lines that merely repeat the title (rule ``title_repeat``). A manifest
entry for a JSONL file applies to every article in it.
"""

from __future__ import annotations

import codecs
import json
import logging
import re
import tomllib
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from .boilerplate import clean, split_lines
from .config import IngestConfig
from .errors import InputError
from .records import Article, Removed

log = logging.getLogger(__name__)

METADATA_KEYS = ("outlet", "published", "language", "url", "title")
JSONL_KEYS = ("id", "outlet", "title", "text", "published", "url", "language")
_ALLOWED_METADATA = "allowed: " + ", ".join(METADATA_KEYS)
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_ZERO_WIDTH = re.compile("[\ufeff\u200b\u200c\u200d\u2060]")  # BOMs and zero-width spaces: invisible, not text


@dataclass(frozen=True, slots=True)
class _Raw:
    """An article as read from its file, before metadata checks and cleaning."""

    id: str
    source: str
    title: str
    body: str
    metadata: dict[str, Any]  # from inside the file (front matter, JSONL fields, HTML metadata)


def ingest(paths: Sequence[str | Path], cfg: IngestConfig) -> tuple[Article, ...]:
    """Read files and directories (recursively) into articles, in a stable order.

    Raises :class:`~factcheck.errors.InputError` naming the file and the problem
    for anything that cannot be read as articles.

    >>> from factcheck.config import CONFIG_DIR, default_config
    >>> articles = ingest([CONFIG_DIR.parent / "seeds" / "iraq-2014"], default_config().ingest)
    >>> [(a.id, a.outlet, a.published) for a in articles]
    [('000_787f81f5bac3210e', 'Handelsblatt', '2014-06-17'), ('001_9d6c341b91290b48', 'taz', '2014-06-16')]
    """
    suffixes = _suffix_formats(cfg)
    manifests: dict[Path, dict[str, dict[str, Any]]] = {}
    articles: list[Article] = []
    seen: dict[str, str] = {}  # article id -> source
    for file, source in _article_files(paths, cfg, suffixes):
        folder = file.parent.resolve()
        if folder not in manifests:
            manifests[folder] = _load_manifest(file.parent, cfg)
        listed = manifests[folder].get(file.name, {})
        for raw in _read(file, source, suffixes[file.suffix.lower()], cfg):
            if raw.id in seen:
                raise InputError(raw.source, f"article id '{raw.id}' is also used by {seen[raw.id]}")
            seen[raw.id] = raw.source
            articles.append(_article(raw, listed, cfg))
    log.info("ingested %d articles", len(articles))
    return tuple(articles)


def detect_language(text: str, cfg: IngestConfig) -> str | None:
    """The language whose stopwords dominate ``text``, or None if too short or undecided.

    >>> from factcheck.config import default_config
    >>> detect_language("Die Regierung hat sich nicht auf einen Plan geeinigt, " * 3, default_config().ingest)
    'de'
    """
    words = re.findall(r"[^\W\d_]+", text.casefold())
    if len(words) < cfg.language_min_words or not cfg.stopwords:
        return None
    lexicons = _exclusive_stopwords(tuple((lang, tuple(ws)) for lang, ws in cfg.stopwords.items()))
    counts = sorted(((sum(w in ws for w in words), lang) for lang, ws in lexicons), reverse=True)
    best, language = counts[0]
    runner_up = counts[1][0] if len(counts) > 1 else 0
    if best / len(words) < cfg.language_min_share or best < cfg.language_margin * runner_up:
        return None
    return language


@lru_cache(maxsize=4)
def _exclusive_stopwords(lists: tuple[tuple[str, tuple[str, ...]], ...]) -> tuple[tuple[str, frozenset[str]], ...]:
    """Each language's stopwords minus those listed for another language too."""
    sets = {lang: frozenset(w.casefold() for w in words) for lang, words in lists}
    return tuple(
        (lang, words - frozenset().union(*(other for o, other in sets.items() if o != lang)))
        for lang, words in sets.items()
    )


# --- finding the files -------------------------------------------------------------------------


def _suffix_formats(cfg: IngestConfig) -> dict[str, str]:
    return {suffix.lower(): fmt for fmt, suffixes in cfg.extensions.items() for suffix in suffixes}


def _article_files(paths: Sequence[str | Path], cfg: IngestConfig, suffixes: dict[str, str]) -> list[tuple[Path, str]]:
    """(file, source as the user would write it) for every article file, directories expanded and sorted."""
    files: list[tuple[Path, str]] = []
    manifests = {name.lower() for name in cfg.manifest_names}
    for given in paths:
        path = Path(given)
        if not path.exists():
            raise InputError(given, "does not exist")
        if path.is_file():
            if path.suffix.lower() not in suffixes:
                raise InputError(given, f"unsupported file type '{path.suffix}' (expected one of {_listing(suffixes)})")
            files.append((path, str(given)))
            continue
        found = sorted(
            (f for f in path.rglob("*") if f.is_file() and _is_article_file(f.relative_to(path), suffixes, manifests)),
            key=lambda f: f.relative_to(path).as_posix(),
        )
        if not found:
            raise InputError(given, f"no articles found (looked for {_listing(suffixes)})")
        files.extend((f, str(Path(given) / f.relative_to(path))) for f in found)
    return files


def _is_article_file(relative: Path, suffixes: dict[str, str], manifest_names: set[str]) -> bool:
    """Not hidden (nor inside a hidden folder), not a manifest, and with an article suffix."""
    if any(part.startswith(".") for part in relative.parts):
        return False
    return relative.name.lower() not in manifest_names and relative.suffix.lower() in suffixes


def _listing(suffixes: dict[str, str]) -> str:
    return ", ".join(sorted(suffixes))


# --- reading one file ---------------------------------------------------------------------------


def _read(file: Path, source: str, fmt: str, cfg: IngestConfig) -> list[_Raw]:
    text = _read_text(file, source, cfg)
    if fmt == "jsonl":
        return _read_jsonl(text, file, source)
    if fmt == "markdown":
        return [_read_markdown(text, file, source)]
    if fmt == "html":
        return [_read_html(text, file, source)]
    if fmt == "text":
        return [_read_plain(text, file, source)]
    raise InputError(source, f"no reader for format '{fmt}' (known: text, markdown, html, jsonl)")


def _read_text(file: Path, source: str, cfg: IngestConfig) -> str:
    """Decode a file: UTF-8 (with or without BOM), UTF-16 with BOM, else a confident guess among legacy encodings."""
    try:
        data = file.read_bytes()
    except OSError as exc:
        raise InputError(source, f"cannot read file ({exc.strerror or exc})") from None
    if not data.strip():
        raise InputError(source, "empty file")
    text = _decode(data, source, cfg)
    text = unicodedata.normalize("NFC", _ZERO_WIDTH.sub("", text))
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise InputError(source, "empty file")
    return text


def _decode(data: bytes, source: str, cfg: IngestConfig) -> str:
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec)
            except UnicodeDecodeError as exc:
                problem = f"cannot decode text: starts with a {codec} byte-order mark but is not {codec} ({exc.reason})"
                raise InputError(source, problem) from None
    if b"\x00" in data:
        raise InputError(source, "binary file (contains NUL bytes), not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes  # imported here: only non-UTF-8 input needs it

    # Only the legacy encodings German and English news come in are candidates:
    # unrestricted, charset-normalizer happily reads random bytes as Korean.
    guess = from_bytes(data, cp_isolation=list(cfg.fallback_encodings)).best()
    text = None
    if guess is not None and guess.chaos <= cfg.max_decode_chaos:
        try:
            text = data.decode(guess.encoding)
        except (UnicodeDecodeError, LookupError):
            text = None
    if text is None or any(unicodedata.category(c) == "Cc" and c not in "\t\n\r\f\v" for c in text):
        tried = ", ".join(cfg.fallback_encodings)
        raise InputError(source, f"cannot decode text: not UTF-8, and none of {tried} fits it with confidence")
    log.warning("%s: not UTF-8, decoded as %s", source, guess.encoding)  # type: ignore[union-attr]
    return text


def _read_plain(text: str, file: Path, source: str) -> _Raw:
    lines = text.split("\n")
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    assert first is not None  # _read_text refuses blank files
    title = lines[first].strip()
    lines[first] = ""  # the body keeps the file's line numbers
    body = "\n".join(lines)
    if not body.strip():
        raise InputError(source, "no article text after the title line")
    return _Raw(id=file.stem, source=source, title=title, body=body, metadata={})


_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)(?:\s+#+)?\s*$")


def _read_markdown(text: str, file: Path, source: str) -> _Raw:
    lines = text.split("\n")
    metadata = _front_matter(lines, source)  # blanks the front matter lines
    title = metadata.pop("title", None)
    lines = _strip_markdown(lines)
    if title is None:
        for i, line in enumerate(lines):
            match = _HEADING.match(line)
            if match and len(match.group(1)) == 1:
                title, lines[i] = match.group(2), ""
                break
    if title is None:
        first = next((i for i, line in enumerate(lines) if line.strip()), None)
        if first is None:
            raise InputError(source, "no article text in the Markdown file")
        title, lines[first] = lines[first], ""
    lines = [(_HEADING.sub(r"\2", line)) for line in lines]
    body = "\n".join(lines)
    if not body.strip():
        raise InputError(source, "no article text after the title")
    if not isinstance(title, str):
        raise InputError(source, f"front matter: 'title' must be text, not {type(title).__name__}")
    return _Raw(id=file.stem, source=source, title=_inline_markdown(title).strip(), body=body, metadata=metadata)


def _front_matter(lines: list[str], source: str) -> dict[str, Any]:
    """Parse and blank YAML front matter at the top of a Markdown file."""
    if not lines or lines[0].strip() != "---":
        return {}
    end = next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), None)
    if end is None:
        raise InputError(source, "front matter starts with '---' but never ends")
    try:
        data = yaml.safe_load("\n".join(lines[1:end]))
    except yaml.YAMLError as exc:
        raise InputError(source, f"malformed YAML front matter ({_yaml_problem(exc, first_line=2)})") from None
    for i in range(end + 1):
        lines[i] = ""
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise InputError(source, "front matter is not a mapping of keys to values")
    unknown = sorted(str(k) for k in data if k not in METADATA_KEYS)
    if unknown:
        raise InputError(source, f"front matter: unknown keys {', '.join(unknown)} ({_ALLOWED_METADATA})")
    return dict(data)


_FENCE = re.compile(r"^\s{0,3}(```|~~~)")
_RULE = re.compile(r"^\s{0,3}([-*_])(\s*\1){2,}\s*$")
_SETEXT = re.compile(r"^\s{0,3}(=+|-+)\s*$")
_LINK_DEF = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*\S+.*$")
_QUOTE = re.compile(r"^\s{0,3}(>\s?)+")
_BULLET = re.compile(r"^\s*[-*+]\s+")
_INLINE = (
    (re.compile(r"<!--.*?-->"), ""),
    (re.compile(r"(?<!!)\[([^\]\n]*)\]\([^)\n]*\)"), r"\1"),  # [text](url) -> text; images stay
    (re.compile(r"(?<!!)\[([^\]\n]+)\]\[[^\]\n]*\]"), r"\1"),  # [text][ref] -> text
    (re.compile(r"<(https?://[^>\s]+)>"), r"\1"),
    (re.compile(r"</?[A-Za-z][^>\n]*>"), ""),  # inline HTML tags
    (re.compile(r"`([^`\n]*)`"), r"\1"),
    (re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1"), r"\2"),
    (re.compile(r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])"), r"\1"),
    (re.compile(r"(?<![\w_])_(?=\S)(.+?)(?<=\S)_(?![\w_])"), r"\1"),
    (re.compile(r"~~(?=\S)(.+?)(?<=\S)~~"), r"\1"),
    (re.compile(r"\\([\\`*_{}\[\]()#+\-.!>|~])"), r"\1"),
)


def _strip_markdown(lines: list[str]) -> list[str]:
    """Markdown syntax out, text in; one output line per input line so line numbers hold."""
    out: list[str] = []
    for i, line in enumerate(lines):
        previous = out[-1] if out else ""
        if _FENCE.match(line) or _RULE.match(line) or _LINK_DEF.match(line):
            out.append("")
        elif _SETEXT.match(line) and previous.strip():
            out.append("")  # the underline of a "Title\n=====" heading
        else:
            line = _BULLET.sub("", _QUOTE.sub("", line))
            out.append(_inline_markdown(line))
    return out


def _inline_markdown(line: str) -> str:
    for pattern, replacement in _INLINE:
        line = pattern.sub(replacement, line)
    return line


def _read_html(text: str, file: Path, source: str) -> _Raw:
    import trafilatura  # imported here: loading it takes a while and only HTML needs it

    document = trafilatura.bare_extraction(text, with_metadata=True, include_comments=False, include_tables=False)
    body = getattr(document, "text", None) if document is not None else None
    if not body or not body.strip():
        raise InputError(source, "no article text found in the HTML")
    metadata = {
        "outlet": getattr(document, "sitename", None),
        "published": getattr(document, "date", None),
        "url": getattr(document, "url", None),
        "language": getattr(document, "language", None),
    }
    metadata = {k: v for k, v in metadata.items() if v}
    title = (getattr(document, "title", None) or "").strip()
    return _Raw(id=file.stem, source=source, title=title, body=body, metadata=metadata)


def _read_jsonl(text: str, file: Path, source: str) -> list[_Raw]:
    raws: list[_Raw] = []
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        where = source
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(where, f"line {number} is not valid JSON ({exc.msg} at column {exc.colno})") from None
        if not isinstance(record, dict):
            raise InputError(where, f"line {number} is not a JSON object")
        unknown = sorted(k for k in record if k not in JSONL_KEYS)
        if unknown:
            allowed = ", ".join(JSONL_KEYS)
            raise InputError(where, f"line {number}: unknown keys {', '.join(unknown)} (allowed: {allowed})")
        for key, value in record.items():
            if value is not None and not isinstance(value, str):
                raise InputError(where, f"line {number}: '{key}' must be a string, not {type(value).__name__}")
        body = record.get("text") or ""
        if not body.strip():
            raise InputError(where, f"line {number}: no article text ('text' is missing or empty)")
        metadata = {k: record[k] for k in METADATA_KEYS if record.get(k) is not None and k != "title"}
        raws.append(
            _Raw(
                id=record.get("id") or f"{file.stem}-{number}",
                source=f"{source}:{number}",
                title=(record.get("title") or "").strip(),
                body=unicodedata.normalize("NFC", _ZERO_WIDTH.sub("", body)),
                metadata=metadata,
            )
        )
    if not raws:
        raise InputError(source, "empty file")
    return raws


# --- manifests -----------------------------------------------------------------------------------


def _load_manifest(folder: Path, cfg: IngestConfig) -> dict[str, dict[str, Any]]:
    """The manifest of ``folder`` as {file name: metadata}, checked; {} when there is none."""
    present = [folder / name for name in cfg.manifest_names if (folder / name).is_file()]
    if not present:
        return {}
    if len(present) > 1:
        raise InputError(present[1], f"a second manifest next to {present[0].name}; keep one")
    path = present[0]
    try:
        if path.suffix.lower() == ".toml":
            with path.open("rb") as fh:
                data: Any = tomllib.load(fh)
        else:
            data = yaml.safe_load(path.read_text(encoding="utf-8-sig"))
    except tomllib.TOMLDecodeError as exc:
        raise InputError(path, f"malformed manifest: not valid TOML ({exc})") from None
    except yaml.YAMLError as exc:
        raise InputError(path, f"malformed manifest: not valid YAML ({_yaml_problem(exc)})") from None
    except UnicodeDecodeError:
        raise InputError(path, "malformed manifest: not UTF-8 text") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise InputError(path, "malformed manifest: expected a table per file name")
    entries: dict[str, dict[str, Any]] = {}
    for name, entry in data.items():
        if not isinstance(entry, dict):
            kind = type(entry).__name__
            raise InputError(path, f"malformed manifest: '{name}' should be a table of metadata, not {kind}")
        unknown = sorted(str(k) for k in entry if k not in METADATA_KEYS)
        if unknown:
            keys = ", ".join(unknown)
            raise InputError(path, f"malformed manifest: '{name}' has unknown keys {keys} ({_ALLOWED_METADATA})")
        if not (folder / str(name)).is_file():
            raise InputError(path, f"manifest names '{name}', which does not exist in {folder}")
        entries[str(name)] = {**entry, "_manifest": str(path)}
    return entries


def _yaml_problem(exc: yaml.YAMLError, first_line: int = 1) -> str:
    """PyYAML's complaint in one line, with the line number in the file."""
    problem = getattr(exc, "problem", None) or str(exc).split("\n")[0]
    mark = getattr(exc, "problem_mark", None)
    return f"{problem} at line {mark.line + first_line}" if mark is not None else problem


# --- metadata and cleaning ------------------------------------------------------------------------


def _article(raw: _Raw, listed: dict[str, Any], cfg: IngestConfig) -> Article:
    """Merge metadata (the manifest wins over the file), normalise it, and clean the body."""
    where = listed.get("_manifest", raw.source)
    metadata = dict(raw.metadata)
    for key in METADATA_KEYS:
        if listed.get(key) is not None:
            if key in metadata and metadata[key] != listed[key]:
                log.debug("%s: manifest %s %r overrides %r", raw.source, key, listed[key], metadata[key])
            metadata[key] = listed[key]
    title = _text_field(metadata.pop("title", None), "title", where) or raw.title
    published = _iso_date(metadata.get("published"), raw.source if "published" not in listed else where)
    language = _language_code(metadata.get("language"), raw.source if "language" not in listed else where)

    body, repeats = _drop_title_repeats(raw.body, title)
    if language is None:
        language = detect_language(body, cfg)
    text, removed = clean(body, cfg.boilerplate, language)
    if not text.strip():
        log.warning("%s: nothing left after removing page furniture", raw.source)
    return Article(
        id=raw.id,
        title=title,
        text=text,
        outlet=_text_field(metadata.get("outlet"), "outlet", where),
        published=published,
        language=language,
        url=_text_field(metadata.get("url"), "url", where),
        source=raw.source,
        removed=tuple(sorted(repeats + removed, key=lambda r: r.line)),
    )


def _text_field(value: Any, key: str, where: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise InputError(where, f"'{key}' must be text, not {type(value).__name__}")
    return value.strip() or None


def _iso_date(value: Any, where: str) -> str | None:
    """YYYY-MM-DD from a date, a datetime, an ISO date or datetime string, or DD.MM.YYYY."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        text = value.strip()
        for parse in (date.fromisoformat, lambda s: datetime.fromisoformat(s).date()):
            try:
                return parse(text).isoformat()
            except ValueError:
                pass
        german = re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.(\d{4})", text)
        if german:
            try:
                return date(int(german[3]), int(german[2]), int(german[1])).isoformat()
            except ValueError:
                pass
    raise InputError(where, f"invalid published date {value!r} (expected YYYY-MM-DD)")


def _language_code(value: Any, where: str) -> str | None:
    """ISO 639 code in lower case; "de-DE" becomes "de"."""
    if value is None or value == "":
        return None
    code = str(value).strip().lower().replace("_", "-").split("-")[0]
    if not re.fullmatch(r"[a-z]{2,3}", code):
        raise InputError(where, f"invalid language {value!r} (expected an ISO 639-1 code like 'de')")
    return code


def _drop_title_repeats(body: str, title: str) -> tuple[str, tuple[Removed, ...]]:
    """Take the title out where the body repeats it: as a whole line, or in front of the first line."""
    if not title.strip():
        return body, ()
    title = title.strip()
    lines = split_lines(body)
    removed: list[Removed] = []
    first = True
    for i, line in enumerate(lines):
        stripped = line.strip()
        if not stripped:
            continue
        head, rest = stripped[: len(title)], stripped[len(title) :]
        if head.casefold() == title.casefold() and not rest:
            removed.append(Removed(text=stripped, rule="title_repeat", line=i + 1))
            lines[i] = ""
        elif first and head.casefold() == title.casefold() and rest[:1].isspace():
            removed.append(Removed(text=head, rule="title_repeat", line=i + 1))
            lines[i] = rest.lstrip()
        first = False
    if not removed:
        return body, ()
    return "\n".join(lines), tuple(removed)

