"""Where a sentence stands in its source file: line and column, for SARIF and CI annotations.

Sentence offsets point into the cleaned article text (furniture removed, HTML extracted), so the
sentence is searched for in the file as written: its words in order, with any run of spaces,
punctuation, quotes or HTML tags between them (reflowed lines and curly quotes still match).
JSON Lines articles are located on their line. A sentence that cannot be found keeps the file
(line 1 for JSON Lines' line, else no region): a location is never invented.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, unquote

from ..config import IngestConfig
from ..errors import InputError
from ..records import Article, Sentence

log = logging.getLogger(__name__)

_WORD = re.compile(r"\w+", re.UNICODE)
_GAP = r"(?:[\W_]|<[^>]*>|&\w+;)+"  # between two words: spaces, punctuation, tags, entities
_SOURCE_LINE = re.compile(r"^(?P<path>.*):(?P<line>\d+)$")


@dataclass(frozen=True, slots=True)
class SourceLocation:
    """A sentence in a file: 1-based line and column (Unicode code points), end exclusive; 0 = unknown."""

    uri: str  # relative to the working directory (POSIX separators) or an absolute file URI
    line: int = 0
    column: int = 0
    end_line: int = 0
    end_column: int = 0
    relative: bool = True  # uri is relative to the working directory (the repository root in CI)


def locate_sentences(articles: Iterable[Article], sentences: Iterable[Sentence], wanted: Iterable[str],
                     cfg: IngestConfig, root: str | Path | None = None) -> dict[str, SourceLocation]:
    """sentence id -> its location in the source file, for the ``wanted`` sentence ids."""
    root = Path(root or Path.cwd()).resolve()
    wanted = set(wanted)
    by_article: dict[str, list[Sentence]] = {}
    for s in sentences:
        if s.id in wanted:
            by_article.setdefault(s.article_id, []).append(s)
    out: dict[str, SourceLocation] = {}
    for article in articles:
        group = sorted(by_article.get(article.id, ()), key=lambda s: s.index)
        if not group or not article.source:
            continue
        path, first_line = _split_source(article.source)
        uri, relative = _uri(path, root)
        text = _read(path, cfg)
        if text is None:
            for s in group:
                out[s.id] = SourceLocation(uri, relative=relative)
            continue
        lines = text.split("\n")
        if first_line:
            # one article per JSON line: search that line only
            scope_start = sum(len(x) + 1 for x in lines[: first_line - 1])
            scope_end = scope_start + len(lines[first_line - 1]) if first_line <= len(lines) else scope_start
        else:
            scope_start, scope_end = 0, len(text)
        cursor = scope_start
        for s in group:
            span = _find(s.text, text, cursor, scope_start, scope_end)
            if span is None:
                out[s.id] = SourceLocation(uri, first_line, 1 if first_line else 0, relative=relative)
                continue
            cursor = span[1]
            line, col = _line_col(text, span[0])
            end_line, end_col = _line_col(text, span[1])
            out[s.id] = SourceLocation(uri, line, col, end_line, end_col, relative)
    return out


def _split_source(source: str) -> tuple[Path, int]:
    m = _SOURCE_LINE.match(source)
    if m and not Path(source).exists():
        return Path(m["path"]), int(m["line"])
    return Path(source), 0


def _uri(path: Path, root: Path) -> tuple[str, bool]:
    full = path.resolve()
    try:
        return quote(full.relative_to(root).as_posix()), True
    except ValueError:
        return full.as_uri(), False


def _read(path: Path, cfg: IngestConfig) -> str | None:
    from ..ingest import _read_text  # the same decoding as ingest (BOMs, legacy encodings, NFC)

    try:
        return _read_text(path, str(path), cfg)[0]  # (text, cut): the whole file, as written
    except InputError as exc:
        log.warning("cannot locate sentences in %s: %s", path, exc)
        return None


def _find(sentence: str, text: str, cursor: int, start: int, end: int) -> tuple[int, int] | None:
    words = list(_WORD.finditer(sentence))
    if not words:
        return None
    pattern = re.compile(r"(?<!\w)" + _GAP.join(re.escape(w[0]) for w in words) + r"(?!\w)")
    # what stands before the first word and after the last (an opening quote, the full stop) is part
    # of the sentence where the file has it too
    head, tail = sentence[: words[0].start()].strip(), sentence[words[-1].end():].strip()
    for begin in (cursor, start):  # after the previous sentence first: repeated sentences map in order
        m = pattern.search(text, begin, end)
        if m:
            left, right = m.start(), m.end()
            if head and text[max(left - len(head), 0):left] == head:
                left -= len(head)
            if tail and text[right:right + len(tail)] == tail:
                right += len(tail)
            return left, right
    return None


def _line_col(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, column


def display_path(location: SourceLocation) -> str:
    """The location's file as a user reads it: relative path, or the absolute path for a file URI."""
    if location.relative:
        return unquote(location.uri)
    return os.path.normpath(unquote(location.uri.removeprefix("file://")))


def first_locations(sides_sentences: Iterable[Iterable[str]], locations: Mapping[str, SourceLocation]
                    ) -> list[SourceLocation]:
    """The location of each side's first located sentence."""
    out = []
    for ids in sides_sentences:
        for sid in ids:
            if sid in locations:
                out.append(locations[sid])
                break
    return out
