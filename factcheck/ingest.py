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

Text is decoded (UTF-8, UTF-16 with a byte-order mark or recognisably without one, else a confident guess
among legacy encodings), repaired where UTF-8 was read as Windows-1252 upstream ("â€“" -> "–"),
NFC-normalised, and stripped of byte-order marks and zero-width spaces. Article ids are the file stem (JSONL: the ``id`` field, else
``<stem>-<line>``) and must be unique across the corpus. Every body then goes
through :func:`factcheck.boilerplate.clean`; what it removes is kept in
``Article.removed`` with line numbers of the body as read (the file for text
and Markdown, the ``text`` field for JSONL, the extracted text for HTML), as
are body lines that merely repeat the title (rule ``title_repeat``). A manifest
entry for a JSONL file applies to every article in it.

:func:`read_corpus` never stops at a bad input: whatever cannot be read as an article
(a file, a JSON Lines line, a manifest entry, an unsupported file type, a broken or
circular symbolic link, a duplicate id, a copy of an earlier article's text, an article
in a language outside ``[ingest] languages``) becomes a :class:`~factcheck.records.Skipped`
with its reason, and the rest is read. Directories are walked in sorted order, symbolic
links followed once (a file or folder met twice is read once, a link back to a folder
above is a loop). Files are read with memory bounded by ``[limits]`` (``max_article_chars``;
JSON Lines line by line, ``max_articles`` in all); every cut is a :class:`~factcheck.records.Cut`.
:func:`ingest` is the strict form: the first skip is an :class:`~factcheck.errors.InputError`.
"""

from __future__ import annotations

import codecs
import dataclasses
import errno
import hashlib
import io
import json
import logging
import os
import re
import stat
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
from .config import IngestConfig, LimitsConfig
from .errors import InputError
from .records import Article, Cut, Removed, Skipped

log = logging.getLogger(__name__)

METADATA_KEYS = ("outlet", "published", "language", "url", "title")
JSONL_KEYS = ("id", "outlet", "title", "text", "published", "url", "language")
_ALLOWED_METADATA = "allowed: " + ", ".join(METADATA_KEYS)
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
# file signatures of formats that are never article text, whatever the suffix says
_BINARY_MAGIC = (
    (b"%PDF-", "PDF document"), (b"\x89PNG\r\n\x1a\n", "PNG image"), (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"), (b"\xff\xd8\xff", "JPEG image"), (b"PK\x03\x04", "ZIP archive or office document"),
    (b"\x1f\x8b", "gzip archive"), (b"\xd0\xcf\x11\xe0", "old office document"), (b"\x7fELF", "program"),
)
_ZERO_WIDTH = re.compile("[\ufeff\u200b\u200c\u200d\u2060]")  # BOMs and zero-width spaces: invisible, not text

# UTF-8 read as Windows-1252 somewhere upstream ("â€“" for "–", "Ã¤" for "ä"): a lead byte, then
# continuation bytes as cp1252 shows them. Each such run is re-encoded and decoded as UTF-8; a run
# that does not round-trip stays as it is.
_CP1252_CONT = "\u0080-\u00bf\u20ac\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u017d" \
    "\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u017e\u0178"
_MOJIBAKE = re.compile(f"(?:[\u00c2-\u00f4][{_CP1252_CONT}]+)+")


def repair_mojibake(text: str) -> str:
    """Text with runs of UTF-8-read-as-cp1252 decoded back ("Teheran (dpa) â€“ Das" -> "Teheran (dpa) – Das")."""
    def fix(m: re.Match[str]) -> str:
        try:
            fixed = m.group().encode("cp1252").decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            return m.group()
        # only what such text holds: Latin letters and punctuation ("„Gruß“" is no mojibake of U+07D3)
        latin = all("\u00a0" <= c <= "\u017f" or "\u2000" <= c <= "\u206f" or c == "\u20ac" for c in fixed)
        return fixed if latin else m.group()

    return _MOJIBAKE.sub(fix, text)


@dataclass(frozen=True, slots=True)
class _Raw:
    """An article as read from its file, before metadata checks and cleaning."""

    id: str
    source: str  # the file as named, with ":<line>" for JSON Lines
    title: str
    body: str
    metadata: dict[str, Any]  # from inside the file (front matter, JSONL fields, HTML metadata)
    line: int | None = None  # JSON Lines: the line it came from

    @property
    def path(self) -> str:
        return self.source if self.line is None else self.source.rsplit(":", 1)[0]


@dataclass(frozen=True, slots=True)
class Corpus:
    """What ingest made of the inputs: the articles, what it left out, and what a limit cut."""

    articles: tuple[Article, ...]
    skipped: tuple[Skipped, ...] = ()
    cuts: tuple[Cut, ...] = ()


def read_corpus(
    paths: Sequence[str | Path], cfg: IngestConfig, limits: LimitsConfig | None = None
) -> Corpus:
    """Read files and directories (recursively) into articles, in a stable order; never stops at a bad file.

    A file or JSON Lines line that cannot be read as an article, an unsupported file
    type, a second article with an id already used, a copy of an earlier article's
    text and an article in a language outside ``cfg.languages`` become
    :class:`~factcheck.records.Skipped` entries; what
    ``limits`` cut becomes :class:`~factcheck.records.Cut` entries.

    >>> from factcheck.config import default_config
    >>> corpus = read_corpus(["no/such/folder"], default_config().ingest)
    >>> corpus.articles, [s.reason for s in corpus.skipped]
    ((), ['does not exist'])
    """
    suffixes = _suffix_formats(cfg)
    max_articles = limits.max_articles if limits else None
    max_chars = limits.max_article_chars if limits else None
    files, skipped = _article_files(paths, cfg, suffixes)
    manifests: dict[Path, dict[str, dict[str, Any]]] = {}
    articles: list[Article] = []
    cuts: list[Cut] = []
    seen: dict[str, str] = {}  # article id -> source
    texts: dict[str, str] = {}  # fingerprint of the cleaned text -> article id
    unread_files: list[str] = []
    unread_lines = 0
    for file, source in files:
        room = None if max_articles is None else max_articles - len(articles)
        if room is not None and room <= 0:
            unread_files.append(source)
            continue
        folder = file.parent.resolve()
        if folder not in manifests:
            manifests[folder], bad = _load_manifest(file.parent, cfg)
            skipped.extend(bad)
        listed = manifests[folder].get(file.name, {})
        fmt = suffixes[file.suffix.lower()]
        try:
            if fmt == "jsonl":
                raws, bad, left = _read_jsonl(file, source, cfg, max_chars, room)
                skipped.extend(bad)
                unread_lines += left
            else:
                raw, cut = _read(file, source, fmt, cfg, max_chars)
                raws = [raw]
                if cut is not None:
                    cuts.append(cut)
        except InputError as exc:
            skipped.append(Skipped(path=exc.path, reason=exc.problem))
            continue
        for raw in raws:
            if raw.id in seen:
                skipped.append(_skip(raw, f"article id '{raw.id}' is also used by {seen[raw.id]}"))
                continue
            try:
                article = _article(raw, listed, cfg)
            except InputError as exc:
                reason = exc.problem if exc.path == raw.source else f"{exc.path}: {exc.problem}"
                skipped.append(_skip(raw, reason))
                continue
            if not article.text.strip():
                skipped.append(_skip(raw, f"nothing left after removing page furniture ({len(article.removed)} "
                                          "lines removed)"))
                continue
            problem = _language_problem(article, cfg)
            if problem:
                skipped.append(_skip(raw, problem))
                continue
            fingerprint = text_fingerprint(article.text)
            if fingerprint in texts:
                first = texts[fingerprint]
                skipped.append(_skip(raw, f"same text as article '{first}' ({seen[first]}): a copy, analysed once and "
                                          "never counted as independent corroboration", copy_of=first))
                continue
            texts[fingerprint] = article.id
            seen[raw.id] = raw.source
            articles.append(article)
    if max_articles is not None and (unread_files or unread_lines):
        parts = []
        if unread_files:
            parts.append(f"{len(unread_files)} file(s) not read (from {unread_files[0]})")
        if unread_lines:
            parts.append(f"{unread_lines} JSON Lines article(s) not read")
        cuts.append(Cut(limit="max_articles", value=max_articles, where="corpus",
                        detail=f"stopped after {max_articles} articles: " + ", ".join(parts)))
    # reasons quote the input (keys, values): one line each, whatever the input held
    skipped = [dataclasses.replace(k, reason=_one_line(k.reason)) for k in skipped]
    skipped.sort(key=lambda k: (k.path, k.line or 0))
    # the caller shows them as warnings (the CLI, the report); logged here for -v as they happen
    for skip in skipped:
        log.info("%s: skipped: %s", skip.where(), skip.reason)
    for cut in cuts:
        log.info("%s: limit %s = %d: %s", cut.where, cut.limit, cut.value, cut.detail)
    log.info("ingested %d articles, skipped %d inputs", len(articles), len(skipped))
    return Corpus(tuple(articles), tuple(skipped), tuple(cuts))


def ingest(paths: Sequence[str | Path], cfg: IngestConfig, limits: LimitsConfig | None = None) -> tuple[Article, ...]:
    """Read files and directories (recursively) into articles, in a stable order; strict.

    Raises :class:`~factcheck.errors.InputError` naming the first file (and line) that
    :func:`read_corpus` would skip, and the problem.

    >>> from factcheck.config import default_config
    >>> seeds = Path(__file__).resolve().parent.parent / "seeds" / "iraq-2014"
    >>> articles = ingest([seeds], default_config().ingest)
    >>> [(a.id, a.outlet, a.published) for a in articles]
    [('000_787f81f5bac3210e', 'Handelsblatt', '2014-06-17'), ('001_9d6c341b91290b48', 'taz', '2014-06-16')]
    """
    corpus = read_corpus(paths, cfg, limits)
    if corpus.skipped:
        raise skipped_error(corpus.skipped[0])
    return corpus.articles


def skipped_error(skip: Skipped) -> InputError:
    """The skip as the error a strict run stops with."""
    return InputError(skip.path, skip.reason if skip.line is None else f"line {skip.line}: {skip.reason}")


def text_fingerprint(text: str) -> str:
    """The same for texts that differ only in case and whitespace (agency copies).

    >>> text_fingerprint("Der  Minister sagte. ") == text_fingerprint("der Minister sagte.")
    True
    """
    return hashlib.sha256(" ".join(text.casefold().split()).encode("utf-8")).hexdigest()[:32]


def _shown(key: object) -> str:
    r"""A key from the input as a message shows it: plain when it is a plain word, else quoted and escaped.

    >>> _shown("autor"), _shown("a\nb"), _shown(3)
    ('autor', "'a\\nb'", '3')
    """
    text = str(key)
    return text if text and text.isprintable() and not any(c.isspace() for c in text) else repr(text)


def _one_line(text: str) -> str:
    return text if text.isprintable() else "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def _skip(raw: _Raw, reason: str, copy_of: str | None = None) -> Skipped:
    return Skipped(path=raw.path, reason=reason, line=raw.line, copy_of=copy_of)


def _language_problem(article: Article, cfg: IngestConfig) -> str | None:
    """Why the article's language keeps it out of the analysis, or None."""
    analysed = ", ".join(cfg.languages)
    if article.language is not None:
        if article.language not in cfg.languages:
            return f"language '{article.language}' is not analysed (analysed: {analysed})"
        return None
    share = _best_stopword_share(article.text, cfg)
    if share is not None and share < cfg.foreign_max_share:
        return (f"language not recognised as one of {analysed} ({share:.0%} of its words are their stopwords); "
                "not analysed")
    return None


def detect_language(text: str, cfg: IngestConfig) -> str | None:
    """The language whose stopwords dominate ``text``, or None if too short or undecided.

    >>> from factcheck.config import default_config
    >>> detect_language("Die Regierung hat sich nicht auf einen Plan geeinigt, " * 3, default_config().ingest)
    'de'
    """
    counts, n = _stopword_counts(text, cfg)
    if not counts:
        return None
    best, language = counts[0]
    runner_up = counts[1][0] if len(counts) > 1 else 0
    if best / n < cfg.language_min_share or best < cfg.language_margin * runner_up:
        return None
    return language


def _stopword_counts(text: str, cfg: IngestConfig) -> tuple[list[tuple[int, str]], int]:
    """(stopword count, language) best first, and the number of words; ([], n) when too short to tell."""
    words = re.findall(r"[^\W\d_]+", text.casefold())
    if len(words) < cfg.language_min_words or not cfg.stopwords:
        return [], len(words)
    lexicons = _exclusive_stopwords(tuple((lang, tuple(ws)) for lang, ws in cfg.stopwords.items()))
    return sorted(((sum(w in ws for w in words), lang) for lang, ws in lexicons), reverse=True), len(words)


def _best_stopword_share(text: str, cfg: IngestConfig) -> float | None:
    """The largest share of any language's stopwords among the words; None when too short to tell."""
    counts, n = _stopword_counts(text, cfg)
    return counts[0][0] / n if counts else None


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


def _article_files(
    paths: Sequence[str | Path], cfg: IngestConfig, suffixes: dict[str, str]
) -> tuple[list[tuple[Path, str]], list[Skipped]]:
    """(file, source as the user would write it) for every article file, directories expanded and sorted,
    and what was found but cannot be read: missing paths, unsupported types, links leading in circles."""
    files: list[tuple[Path, str]] = []
    skipped: list[Skipped] = []
    manifests = {name.lower() for name in cfg.manifest_names}
    seen: dict[tuple[int, int], str] = {}  # (device, inode) of files taken -> source: links are read once
    for given in paths:
        path = Path(given)
        if not path.exists():
            reason = "broken symbolic link" if path.is_symlink() else "does not exist"
            skipped.append(Skipped(path=str(given), reason=reason))
        elif path.is_dir():
            found, bad = _walk(path, str(given), suffixes, manifests, seen)
            skipped.extend(bad)
            if not found and not bad:
                skipped.append(Skipped(path=str(given), reason=f"no articles found (looked for {_listing(suffixes)})"))
            files.extend(found)
        elif path.suffix.lower() not in suffixes:
            skipped.append(Skipped(path=str(given), reason=_unsupported(path, suffixes)))
        elif not path.is_file():
            skipped.append(Skipped(path=str(given), reason="not a regular file"))
        else:
            taken = _take(path, str(given), seen)
            if taken is None:
                files.append((path, str(given)))
            else:
                skipped.append(taken)
    return files, skipped


def _walk(
    root: Path, given: str, suffixes: dict[str, str], manifests: set[str], seen: dict[tuple[int, int], str]
) -> tuple[list[tuple[Path, str]], list[Skipped]]:
    """Files under ``root`` (sorted by relative path), following symbolic links once and never in circles.

    Hidden files and folders (a leading dot) and manifests are not articles and are passed over;
    everything else that is not an article file is listed as skipped.
    """
    found: list[tuple[str, Path, str]] = []
    skipped: list[Skipped] = []
    folders: dict[tuple[int, int], str] = {}

    def visit(folder: Path, relative: tuple[str, ...], above: frozenset[tuple[int, int]]) -> None:
        shown_folder = str(Path(given, *relative))
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            skipped.append(Skipped(path=shown_folder, reason=f"cannot read folder ({exc.strerror or exc})"))
            return
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = Path(entry.path)
            shown = str(Path(given, *relative, entry.name))
            try:
                info = path.stat()  # follows symbolic links
            except OSError as exc:
                if exc.errno == errno.ELOOP:
                    reason = "symbolic link loop (the link leads back to itself)"
                elif entry.is_symlink():
                    reason = "broken symbolic link"
                else:
                    reason = f"cannot read ({exc.strerror or exc})"
                skipped.append(Skipped(path=shown, reason=reason))
                continue
            key = (info.st_dev, info.st_ino)
            if stat.S_ISDIR(info.st_mode):
                if key in above:
                    skipped.append(Skipped(path=shown, reason="symbolic link loop: leads back to a folder above it, "
                                                              "not followed again"))
                elif key in folders:
                    skipped.append(Skipped(path=shown, reason=f"same folder as {folders[key]} (a link), read once"))
                else:
                    folders[key] = shown
                    visit(path, (*relative, entry.name), above | {key})
            elif not stat.S_ISREG(info.st_mode):
                skipped.append(Skipped(path=shown, reason="not a regular file"))
            elif entry.name.lower() in manifests:
                continue
            elif path.suffix.lower() not in suffixes:
                skipped.append(Skipped(path=shown, reason=_unsupported(path, suffixes)))
            else:
                taken = _take(path, shown, seen)
                if taken is None:
                    found.append(("/".join((*relative, entry.name)), path, shown))
                else:
                    skipped.append(taken)

    start = root.stat()
    folders[(start.st_dev, start.st_ino)] = given
    visit(root, (), frozenset({(start.st_dev, start.st_ino)}))
    return [(path, shown) for _, path, shown in sorted(found, key=lambda f: f[0])], skipped


def _take(path: Path, shown: str, seen: dict[tuple[int, int], str]) -> Skipped | None:
    """None the first time a file is met; a skip when a link leads to a file already taken (or it cannot be read)."""
    try:
        info = path.stat()
    except OSError as exc:
        return Skipped(path=shown, reason=f"cannot read file ({exc.strerror or exc})")
    key = (info.st_dev, info.st_ino)
    if key in seen:
        return Skipped(path=shown, reason=f"same file as {seen[key]} (a link), read once")
    seen[key] = shown
    return None


def _unsupported(path: Path, suffixes: dict[str, str]) -> str:
    kind = f"'{path.suffix}'" if path.suffix else "without a suffix"
    return f"unsupported file type {kind} (expected one of {_listing(suffixes)})"


def _listing(suffixes: dict[str, str]) -> str:
    return ", ".join(sorted(suffixes))


# --- reading one file ---------------------------------------------------------------------------


def _read(file: Path, source: str, fmt: str, cfg: IngestConfig, max_chars: int | None) -> tuple[_Raw, Cut | None]:
    text, cut = _read_text(file, source, cfg, max_chars)
    if fmt == "markdown":
        return _read_markdown(text, file, source), cut
    if fmt == "html":
        return _read_html(text, file, source), cut
    if fmt == "text":
        return _read_plain(text, file, source), cut
    raise InputError(source, f"no reader for format '{fmt}' (known: text, markdown, html, jsonl)")


def _read_text(file: Path, source: str, cfg: IngestConfig, max_chars: int | None = None) -> tuple[str, Cut | None]:
    """Decode a file: UTF-8 (with or without BOM), UTF-16 with BOM, else a confident guess among legacy encodings.

    With ``max_chars`` only the first ``4 * max_chars`` bytes are read (no character takes
    more in UTF-8 or UTF-16), so memory stays bounded whatever the file's size; a longer
    text is cut at a line or word boundary and the cut is returned.
    """
    limit = None if max_chars is None else 4 * max_chars + 4
    try:
        with file.open("rb") as fh:
            data = fh.read() if limit is None else fh.read(limit + 1)
            size = os.fstat(fh.fileno()).st_size
    except OSError as exc:
        raise InputError(source, f"cannot read file ({exc.strerror or exc})") from None
    partial = limit is not None and len(data) > limit
    if partial:
        data = data[:limit]
    if not data.strip():
        raise InputError(source, "empty file" if data == b"" else "empty file (only white space)")
    text = _decode(data, source, cfg, partial)
    text = unicodedata.normalize("NFC", repair_mojibake(_ZERO_WIDTH.sub("", text)))
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise InputError(source, "empty file (only white space)")
    cut = None
    if max_chars is not None and (partial or len(text) > max_chars):
        text = _cut_text(text, max_chars)
        cut = Cut(limit="max_article_chars", value=max_chars, where=source,
                  detail=f"read the first {len(text):,} characters of a {size:,}-byte file; the rest is not analysed")
    return text, cut


def _cut_text(text: str, max_chars: int) -> str:
    """The text cut to at most ``max_chars`` characters, at the last line break (else space) in its second half."""
    if len(text) <= max_chars:
        return text
    head = text[:max_chars]
    for sep in ("\n", " "):
        at = head.rfind(sep)
        if at > max_chars // 2:
            return head[:at]
    return head


def _decode(data: bytes, source: str, cfg: IngestConfig, partial: bool = False) -> str:
    """``partial``: ``data`` is the head of a longer file, so a character cut at its end is dropped."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return codecs.getincrementaldecoder(codec)().decode(data, final=not partial)
            except UnicodeDecodeError as exc:
                problem = f"cannot decode text: starts with a {codec} byte-order mark but is not {codec} ({exc.reason})"
                raise InputError(source, problem) from None
    for magic, kind in _BINARY_MAGIC:
        if data.startswith(magic):
            raise InputError(source, f"binary file ({kind}), not text")
    if b"\x00" in data:
        codec = _utf16_without_bom(data)
        if codec is None:
            raise InputError(source, "binary file (contains NUL bytes), not text")
        try:
            text = codecs.getincrementaldecoder(codec)().decode(data, final=not partial)
        except UnicodeDecodeError:
            raise InputError(source, "binary file (contains NUL bytes), not text") from None
        if any(unicodedata.category(c) in ("Cc", "Cn", "Cs") and c not in "\t\n\r\f\v" for c in text):
            raise InputError(source, "binary file (contains NUL bytes), not text")
        log.warning("%s: no byte-order mark, decoded as %s", source, codec)
        return text
    try:
        return codecs.getincrementaldecoder("utf-8")().decode(data, final=not partial)
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


def _utf16_without_bom(data: bytes) -> str | None:
    """"utf-16-le"/"utf-16-be" when ``data`` looks like UTF-16 text without a byte-order mark, else None.

    Latin-script UTF-16 has a NUL in nearly every other byte: at odd offsets (LE) or even ones (BE).

    >>> _utf16_without_bom("Grüße aus Köln".encode("utf-16-le"))
    'utf-16-le'
    """
    sample = data[:4096]
    if len(sample) < 4:
        return None
    half = len(sample) // 2
    odd, even = sample[1::2].count(0), sample[0::2].count(0)
    if odd >= 0.6 * half and even <= 0.05 * half:
        return "utf-16-le"
    if even >= 0.6 * half and odd <= 0.05 * half:
        return "utf-16-be"
    return None


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
    except _YAML_VALUE_ERRORS as exc:  # PyYAML builds "2014-13-45" as a date and fails outside its YAMLError
        raise InputError(source, f"malformed YAML front matter ({exc})") from None
    for i in range(end + 1):
        lines[i] = ""
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise InputError(source, "front matter is not a mapping of keys to values")
    unknown = sorted(_shown(k) for k in data if k not in METADATA_KEYS)
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


def _read_jsonl(
    file: Path, source: str, cfg: IngestConfig, max_chars: int | None, room: int | None
) -> tuple[list[_Raw], list[Skipped], int]:
    """Articles of a JSON Lines file read line by line (memory: one line at a time), the lines skipped,
    and how many article lines were left unread because only ``room`` more articles fit."""
    raws: list[_Raw] = []
    skipped: list[Skipped] = []
    unread = 0
    max_line = None if max_chars is None else 4 * max_chars + 64 * 1024  # the text plus its metadata
    try:
        with file.open("rb") as fh:
            lines = _jsonl_lines(fh, source, max_line)
            for number, line in lines:
                if isinstance(line, Skipped):
                    skipped.append(line)
                    continue
                if not line.strip():
                    continue
                if room is not None and len(raws) >= room:
                    unread += 1 + sum(1 for _, rest in lines if isinstance(rest, str) and rest.strip())
                    break
                try:
                    raws.append(_jsonl_article(line, number, file, source))
                except InputError as exc:
                    skipped.append(Skipped(path=source, line=number, reason=exc.problem))
    except OSError as exc:
        raise InputError(source, f"cannot read file ({exc.strerror or exc})") from None
    if not raws and not skipped and not unread:
        raise InputError(source, "empty file")
    return raws, skipped, unread


# a lone surrogate: what the UTF-16 reader of JSON Lines puts for bytes it cannot decode (no text decodes to it)
_UNDECODABLE = "factcheck-undecodable"
_UNDECODABLE_MARK = "\ud800"
codecs.register_error(_UNDECODABLE, lambda exc: (_UNDECODABLE_MARK, exc.end))


def _jsonl_lines(fh: Any, source: str, max_line: int | None):
    """(line number, decoded line or the skip of a line too long or undecodable), streaming.

    UTF-8 with or without BOM line by line; a file with a UTF-16 byte-order mark through a
    decoding reader; a file that opens like a binary format, or with NUL bytes in its first
    8 KiB and no BOM, is refused whole.
    """
    head = fh.read(8192)
    fh.seek(0)
    for magic, kind in _BINARY_MAGIC:
        if head.startswith(magic):
            raise InputError(source, f"binary file ({kind}), not text")
    bom16 = head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    if b"\x00" in head and not bom16:
        raise InputError(source, "binary file (contains NUL bytes), not text")
    if bom16:
        # undecodable bytes (a lone surrogate, a file cut after an odd number of bytes) become a mark no UTF-16
        # text decodes to, so that only their line is skipped: the reader decodes in blocks of many lines
        reader = io.TextIOWrapper(fh, encoding="utf-16", errors=_UNDECODABLE, newline="")
        for number, line in enumerate(reader, start=1):
            if _UNDECODABLE_MARK in line:
                yield number, Skipped(path=source, line=number, reason="not UTF-16 text, though the file starts "
                                      "with a UTF-16 byte-order mark (undecodable or cut-off bytes)")
            else:
                yield number, line.rstrip("\r\n")
        return
    number = 0
    while True:
        raw = fh.readline() if max_line is None else fh.readline(max_line + 1)
        if not raw:
            return
        number += 1
        if max_line is not None and len(raw) > max_line and not raw.endswith(b"\n"):
            while raw and not raw.endswith(b"\n"):  # the rest of the long line, in bounded pieces
                raw = fh.readline(max_line)
            yield number, Skipped(path=source, line=number, reason=f"line longer than {max_line:,} bytes "
                                  "([limits] max_article_chars); not read")
            continue
        if number == 1:
            raw = raw.removeprefix(codecs.BOM_UTF8)
        if b"\x00" in raw:
            yield number, Skipped(path=source, line=number, reason="contains NUL bytes, not text")
            continue
        try:
            yield number, raw.decode("utf-8").rstrip("\r\n")
        except UnicodeDecodeError as exc:
            yield number, Skipped(path=source, line=number, reason=f"not UTF-8 text ({exc.reason} at byte {exc.start})")


def _jsonl_article(line: str, number: int, file: Path, source: str) -> _Raw:
    """One JSON Lines record as an article; InputError (problem only) when it is not one."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise InputError(source, f"not valid JSON ({exc.msg} at column {exc.colno})") from None
    except RecursionError:
        raise InputError(source, "not valid JSON (nested too deeply)") from None
    if not isinstance(record, dict):
        raise InputError(source, "not a JSON object")
    unknown = sorted(_shown(k) for k in record if k not in JSONL_KEYS)
    if unknown:
        raise InputError(source, f"unknown keys {', '.join(unknown)} (allowed: {', '.join(JSONL_KEYS)})")
    for key, value in record.items():
        if value is not None and not isinstance(value, str):
            raise InputError(source, f"'{key}' must be a string, not {type(value).__name__}")
    body = record.get("text") or ""
    if not body.strip():
        raise InputError(source, "no article text ('text' is missing or empty)")
    metadata = {k: record[k] for k in METADATA_KEYS if record.get(k) is not None and k != "title"}
    return _Raw(
        id=record.get("id") or f"{file.stem}-{number}",
        source=f"{source}:{number}",
        title=repair_mojibake((record.get("title") or "").strip()),
        body=unicodedata.normalize("NFC", repair_mojibake(_ZERO_WIDTH.sub("", body))),
        metadata=metadata,
        line=number,
    )


# --- manifests -----------------------------------------------------------------------------------


def _load_manifest(folder: Path, cfg: IngestConfig) -> tuple[dict[str, dict[str, Any]], list[Skipped]]:
    """The manifest of ``folder`` as {file name: metadata}, checked, and what of it cannot be used.

    A manifest that cannot be read is skipped whole (its files are read without its
    metadata); an entry that is wrong is skipped alone.
    """
    present = [folder / name for name in cfg.manifest_names if (folder / name).is_file()]
    if not present:
        return {}, []
    skipped = [Skipped(path=str(p), reason=f"a second manifest next to {present[0].name}; keep one (this one is not read)")
               for p in present[1:]]
    path = present[0]
    try:
        if path.suffix.lower() == ".toml":
            with path.open("rb") as fh:
                data: Any = tomllib.load(fh)
        else:
            data = yaml.safe_load(path.read_text(encoding="utf-8-sig"))
    except tomllib.TOMLDecodeError as exc:
        return {}, [*skipped, Skipped(path=str(path), reason=f"malformed manifest: not valid TOML ({exc})")]
    except yaml.YAMLError as exc:
        return {}, [*skipped, Skipped(path=str(path), reason=f"malformed manifest: not valid YAML ({_yaml_problem(exc)})")]
    except _YAML_VALUE_ERRORS as exc:
        return {}, [*skipped, Skipped(path=str(path), reason=f"malformed manifest: not valid YAML ({exc})")]
    except UnicodeDecodeError:
        return {}, [*skipped, Skipped(path=str(path), reason="malformed manifest: not UTF-8 text")]
    except OSError as exc:
        return {}, [*skipped, Skipped(path=str(path), reason=f"cannot read manifest ({exc.strerror or exc})")]
    if data is None:
        return {}, skipped
    if not isinstance(data, dict):
        return {}, [*skipped, Skipped(path=str(path), reason="malformed manifest: expected a table per file name")]
    entries: dict[str, dict[str, Any]] = {}
    for name, entry in data.items():
        problem = None
        if not isinstance(entry, dict):
            problem = f"malformed manifest: '{_shown(name)}' should be a table of metadata, not {type(entry).__name__}"
        elif unknown := sorted(_shown(k) for k in entry if k not in METADATA_KEYS):
            problem = f"malformed manifest: '{_shown(name)}' has unknown keys {', '.join(unknown)} ({_ALLOWED_METADATA})"
        elif not (folder / str(name)).is_file():
            problem = f"manifest names '{_shown(name)}', which does not exist in {folder}"
        if problem:
            skipped.append(Skipped(path=str(path), reason=problem))
        else:
            entries[str(name)] = {**entry, "_manifest": str(path)}
    return entries, skipped


_YAML_VALUE_ERRORS = (ValueError, TypeError, OverflowError, RecursionError)


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

