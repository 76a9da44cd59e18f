"""Page furniture removal: take copyright lines, share buttons, paywall and
donation appeals, photo credits and teaser lists out of an article's text.

Scraped and copied news texts carry the page around the article as lines of
text ("Zur Startseite", "© … Alle Rechte vorbehalten", "-0%1%2%…100%").
:func:`clean` removes them line by line and keeps every removed piece as a
:class:`~factcheck.records.Removed` record, so nothing disappears silently.

The rules, in the order they are tried on each non-blank line:

``image``
    Markdown images ``![alt](url)``: the whole line, or the image inside a line.
``<rule name>`` from ``line_patterns``
    Whole-line regular expressions grouped by rule name in the config
    (copyright, navigation, social_share, advertising, paywall, donation,
    newsletter, consent, contact, byline, timestamp, teaser, agency_note for
    notes to newsrooms and readers ("HINWEIS - Der Beitrag ist nur zur
    online-Verwendung freigegeben", "Sperrfrist: …"), gallery for picture
    galleries, caption lines and video teasers ("2 Bilder 2 Bilder …",
    "Bild 1 von 12", "Image caption …"), …). The first group with a matching
    pattern names the removal.
``symbols``
    Lines made mostly of digits and punctuation (a percentage ladder, a row of
    dashes, a phone number) and lines without any letter or digit.
``dateline`` (inline)
    A dateline that opens a paragraph ("Berlin (dpa) - ", "Landshut (dpa/lby) - ",
    "WASHINGTON — ", "PALM BEACH, Fla. — ") is cut from the line; the paragraph stays.
    A place and a full stop ("Essen. ", "Tunis/Berlin. ", ``opening_dateline_patterns``)
    is a dateline only where the article's text begins: its first line that no whole-line
    rule removes.
``byline`` (inline)
    An agency sign-off that ends a paragraph ("… gekappt. (mit dpa/afp)", editors'
    codes glued to the full stop: "… Vortag./bgf/jsl/he") is cut from the line; the
    paragraph stays.
``photo_credit``
    A credit at the end of a line ("Foto: …", "Bild: …", "Quelle: dpa",
    "© …", "Keystone/EPA/NAME", "(Photo by NAME/Getty Images)", "NAME/AP"). On a caption-sized line the whole line is the
    caption of a picture and goes; on a longer paragraph only the credit goes.
``unreadable``
    In an article of one of ``readable_languages``, a line whose words are mostly
    in none of their dictionaries: a paywall's scrambled text ("Qvr Fgnqg cynag rvara arhra …"), a script the
    analysis cannot read (``unreadable_min_words``, ``unreadable_max_known``).
``tail_block``
    A line matching ``tail_markers`` ("meistkommentiert", "Mehr zum Thema",
    "Rückfragen bitte an:") starts a block of teasers or contact lines. The
    block runs on over short lines and furniture and ends at the first line
    that reads like prose, so a marker in mid-article cannot eat the rest.
``teaser`` (between teasers)
    A labelled line ("The Briefing: …", "Im Blick: …") whose neighbours above and
    below were both removed as teasers is one more link of the same list.
``teaser_heading``
    A heading-shaped line (short, no final full stop) that opens like a link
    to other content ("Video: …", "Fakten zum Terror im Irak"), matched by
    ``teaser_heading_patterns``.
``orphan_heading``
    A heading-shaped line whose whole section is furniture: everything between
    it and the next heading (or the end) was removed ("40.000 mal Danke!" over
    a donation appeal, a gallery title at the very end).

Interstitial headings are decided by shape *and* wording, not by shape alone:
in real German news most short title-like lines between paragraphs are genuine
subheadings ("Trump droht mit Vergeltung"), and they look exactly like teaser
links. So such a line goes only when its wording marks it as a link to other
content (``teaser_heading``) or when everything under it is furniture
(``orphan_heading``); every other heading stays.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache

from .config import BoilerplateConfig
from .records import Removed

log = logging.getLogger(__name__)

_IMAGE = re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)")
# a heading may end in "!" or "?"; a full stop, colon or comma makes it running text
_NOT_HEADING_END = (".", ":", ",", ";")
_SENTENCE_BREAK = re.compile(r"[a-zäöüß]{2}[.!?][\"“”»]?\s+\S")  # "… inspirierend. dpa"
_ALNUM = re.compile(r"[^\W_]")
_WORD = re.compile(r"[^\W\d_]+")
# a pattern that starts with "(?=.{0,N}$)" cannot match a longer line: it is not even tried on one
_GUARD = re.compile(r"\(\?=\.\{0,(\d+)\}\$\)")
# credits and sign-offs end a line and are short: they are looked for in its last characters only
_END_WINDOW = 250
# removals that do not make a heading's section furniture: a gallery heading stays
_TRANSPARENT = frozenset({"image", "photo_credit"})
# a labelled link: a label of a few words, a colon, the link text ("The Briefing: …")
_LINK_LABEL = re.compile(r"[^\W\d_][\w'’ -]{0,30}?\s*:\s+\S")
_LINK_MAX_WORDS = 40


@dataclass(frozen=True, slots=True)
class _Rules:
    # (rule, pattern, longest line it can match: from a leading "(?=.{0,N}$)" guard, else None)
    line_patterns: tuple[tuple[str, re.Pattern[str], int | None], ...]
    tail_markers: tuple[re.Pattern[str], ...]
    teaser_headings: tuple[re.Pattern[str], ...]
    signoff: re.Pattern[str] | None
    dateline: re.Pattern[str] | None
    opening_dateline: re.Pattern[str] | None
    credit: re.Pattern[str] | None
    max_symbol_ratio: float
    min_symbol_line_length: int
    teaser_max_words: int
    caption_max_words: int


def clean(raw: str, cfg: BoilerplateConfig, language: str | None) -> tuple[str, tuple[Removed, ...]]:
    """Remove page furniture from ``raw``; return the cleaned text and what was removed.

    Line numbers in the :class:`Removed` records are 1-based lines of ``raw``.
    Kept lines are returned unchanged (trailing whitespace aside); runs of
    blank lines collapse to one blank line, which separates paragraphs.
    ``language`` switches the ``unreadable`` rule on (an article in one of
    ``readable_languages``); the other rules are language-neutral because
    German pages mix in English furniture.

    >>> from factcheck.config import default_config
    >>> text, removed = clean("Der Text.\\nZur Startseite", default_config().ingest.boilerplate, "de")
    >>> text, [(r.rule, r.line) for r in removed]
    ('Der Text.', [('navigation', 2)])
    """
    rules = _rules(cfg)
    lines = split_lines(raw)
    kept: list[str | None] = [line.rstrip() for line in lines]
    cuts: dict[int, list[tuple[str, str]]] = {}  # line index -> [(removed text, rule)]

    def remove(i: int, rule: str) -> None:
        cuts.setdefault(i, []).append((kept[i].strip(), rule))  # type: ignore[union-attr]
        kept[i] = None

    in_tail = False
    opening = True  # no line of text kept yet: the article's first line may open with a place dateline
    for i, line in enumerate(lines):
        stripped = line.strip()
        if not stripped:
            continue
        dateline = rules.dateline.match(stripped) if rules.dateline is not None else None
        if dateline is None and opening and rules.opening_dateline is not None:
            # a whole line of furniture ("Anzeige") is not yet the article's text
            dateline = None if _whole_line_rule(stripped, rules) else rules.opening_dateline.match(stripped)
        if dateline and stripped[dateline.end():].strip():
            # the dateline goes first, so that the rules below judge the paragraph, not its agency tag
            cuts.setdefault(i, []).append((dateline.group(0).strip(), "dateline"))
            stripped = stripped[dateline.end():].strip()
            kept[i] = stripped
        if any(m.fullmatch(stripped) for m in rules.tail_markers):
            remove(i, "tail_block")
            in_tail = True
            continue
        rule = _whole_line_rule(stripped, rules)
        if in_tail:
            if rule is None and _teaser_sized(stripped, rules.teaser_max_words):
                rule = "tail_block"
            if rule is None:
                in_tail = False  # prose again: the block is over
        if rule is None and _is_heading(stripped, rules.teaser_max_words):
            if any(p.match(stripped) for p in rules.teaser_headings):
                rule = "teaser_heading"
        if rule is not None:
            remove(i, rule)
            continue
        opening = False
        _cut_inline(i, kept, cuts, rules)

    for i in [i for i, pieces in cuts.items() if any(rule == "embedded_post" for _, rule in pieces)]:
        for k in _earlier_post_paragraphs(lines, kept, i, cfg.post_paragraph_gap, cfg.post_paragraph_max_chars):
            remove(k, "embedded_post")
    for i in _links_between_teasers(lines, kept, cuts):
        remove(i, "teaser")
    # only in an article of a language the dictionaries read: a foreign article is refused by its language
    # ("not recognised as one of de, en"), not emptied line by line
    readable = tuple(cfg.readable_languages) if language in cfg.readable_languages else ()
    for i, line in enumerate(kept):
        if line is not None and _unreadable(line, readable, cfg.unreadable_min_words, cfg.unreadable_max_known):
            remove(i, "unreadable")
    _remove_orphan_headings(kept, cuts, rules, remove)

    removed = tuple(
        Removed(text=text, rule=rule, line=i + 1) for i in sorted(cuts) for text, rule in cuts[i] if text
    )
    if removed:
        log.debug("removed %d pieces of furniture (language %s)", len(removed), language or "unknown")
    return _join(kept), removed


def _unreadable(line: str, languages: tuple[str, ...], min_words: int, max_known: float) -> bool:
    """Whether a line is text in no language the dictionaries know: of its words (three letters and more; at
    least ``min_words`` of them) at most ``max_known`` are words of one of ``languages`` (simplemma's
    dictionaries). A paywall's scrambled text ("Qvr Fgnqg cynag rvara arhra …") or a script the
    analysis cannot read; names and an English quotation in a German text are mostly known words."""
    if not languages or max_known <= 0:
        return False
    words = [w for w in _WORD.findall(line) if len(w) >= 3]
    if len(words) < max(min_words, 1):
        return False
    try:
        from simplemma import is_known  # noqa: PLC0415 - imported on first use, as the claims stage does
    except ImportError:  # pragma: no cover - a declared dependency
        return False
    known = sum(any(is_known(w, lang=lang) or is_known(w.lower(), lang=lang) for lang in languages) for w in words)
    return known / len(words) <= max_known


def split_lines(raw: str) -> list[str]:
    """Split text into lines the way :func:`clean` numbers them (``\\n``, ``\\r\\n`` or ``\\r``)."""
    return re.split(r"\r\n|\r|\n", raw)


def _earlier_post_paragraphs(lines: list[str], kept: list[str | None], i: int, gap: int, max_chars: int) -> list[int]:
    """The paragraphs above line ``i`` (an embedded post's signature) that belong to the same post: the
    embed separates its own paragraphs by ``gap`` or more blank lines, where the article's have one.

    >>> lines = ["Der Bericht.", "", "I'm speechless.", "", "", "", "This is real. — A (@a) May 1, 2020"]
    >>> _earlier_post_paragraphs(lines, list(lines), 6, 2, 300)
    [2]
    """
    found: list[int] = []
    while True:
        k, blanks = i - 1, 0
        while k >= 0 and not lines[k].strip():
            blanks, k = blanks + 1, k - 1
        line = kept[k] if k >= 0 else None
        if line is None or blanks < gap or len(line.strip()) > max_chars:
            return found
        found.append(k)
        i = k


def _whole_line_rule(stripped: str, rules: _Rules) -> str | None:
    """The rule that removes this whole line, or None."""
    if not _IMAGE.sub("", stripped).strip():
        return "image"
    length = len(stripped)
    for name, pattern, longest in rules.line_patterns:
        if (longest is None or length <= longest) and pattern.fullmatch(stripped):
            return name
    if _symbolic(stripped, rules):
        return "symbols"
    if _search_end(rules.signoff, stripped):
        return None  # an agency sign-off ends text, not a caption: only the sign-off is cut
    if rules.credit is not None:
        match = _search_end(rules.credit, stripped)
        if match and len(stripped[: match.start()].split()) <= rules.caption_max_words:
            return "photo_credit"
    return None


def _cut_inline(i: int, kept: list[str | None], cuts: dict[int, list[tuple[str, str]]], rules: _Rules) -> None:
    """Cut images, a trailing agency sign-off and a trailing photo credit out of a line that otherwise stays."""
    line = kept[i]
    assert line is not None
    for match in reversed(list(_IMAGE.finditer(line))):
        cuts.setdefault(i, []).append((match.group(0), "image"))
        line = line[: match.start()] + line[match.end() :]
    for pattern, rule in ((rules.signoff, "byline"), (rules.credit, "photo_credit")):
        match = _search_end(pattern, line)
        if match:
            cuts.setdefault(i, []).append((line[match.start() :].strip(), rule))
            line = line[: match.start()]
    kept[i] = line.rstrip() if line.strip() else None


def _links_between_teasers(lines: list[str], kept: list[str | None], cuts: dict[int, list[tuple[str, str]]]) -> list[int]:
    """Kept lines shaped like a labelled link ("The Briefing: …") whose nearest non-blank lines above
    and below were both removed whole as teasers ("More: …", "Related: …"): a link list whose
    labels the teaser patterns do not all know. Judged on the state before, so no chain reaction."""

    def teaser(j: int | None) -> bool:
        return j is not None and kept[j] is None and any(rule == "teaser" for _, rule in cuts.get(j, ()))

    nonblank = [i for i, line in enumerate(lines) if line.strip()]
    found = []
    for pos, i in enumerate(nonblank):
        line = kept[i]
        if line is None or len(line.split()) > _LINK_MAX_WORDS or not _LINK_LABEL.match(line.strip()):
            continue
        before = nonblank[pos - 1] if pos > 0 else None
        after = nonblank[pos + 1] if pos + 1 < len(nonblank) else None
        if teaser(before) and teaser(after):
            found.append(i)
    return found


def _remove_orphan_headings(
    kept: list[str | None], cuts: dict[int, list[tuple[str, str]]], rules: _Rules, remove: Callable[[int, str], None]
) -> None:
    """Remove headings whose whole section (up to the next heading or the end) was removed.

    Pictures and their credits do not count as furniture here: a heading over a
    gallery item is still a heading. All headings are judged on the state before
    this pass, so one removal cannot set off a chain of them.
    """
    max_words = rules.teaser_max_words
    text_seen = False  # a line of running text before this one
    orphans: list[int] = []
    for i, line in enumerate(kept):
        if line is None or not line.strip():
            continue
        if not _is_heading(line.strip(), max_words):
            text_seen = True
            continue
        if not text_seen:
            continue  # nothing before it reads like text: it may be the article's own title or lead
        furniture_after = 0
        next_kept: str | None = None
        for j in range(i + 1, len(kept)):
            following = kept[j]
            if following is not None and following.strip():
                next_kept = following.strip()
                break
            if following is None and any(rule not in _TRANSPARENT for _, rule in cuts.get(j, ())):
                furniture_after += 1
        if next_kept is None or (furniture_after and _is_heading(next_kept, max_words)):
            orphans.append(i)
    for i in orphans:
        remove(i, "orphan_heading")


def _is_heading(stripped: str, max_words: int) -> bool:
    """Short, one sentence at most, and without the final punctuation of running text."""
    return (
        len(stripped.split()) <= max_words
        and not stripped.endswith(_NOT_HEADING_END)
        and not _SENTENCE_BREAK.search(stripped)
    )


def _teaser_sized(stripped: str, max_words: int) -> bool:
    """Short enough for a teaser or contact line, and not a short sentence of prose."""
    words = len(stripped.split())
    if words > max_words:
        return False
    return not (stripped.endswith(".") and words >= 4)


def _symbolic(stripped: str, rules: _Rules) -> bool:
    if not _ALNUM.search(stripped):
        return True
    if len(stripped) < rules.min_symbol_line_length:
        return False
    visible = len(stripped) - sum(map(str.isspace, stripped))
    letters = sum(map(str.isalpha, stripped))
    return (visible - letters) / visible > rules.max_symbol_ratio


def _search_end(pattern: re.Pattern[str] | None, line: str) -> re.Match[str] | None:
    """Search a line-end pattern in the last _END_WINDOW characters only (credits and sign-offs are short)."""
    if pattern is None:
        return None
    return pattern.search(line, max(0, len(line) - _END_WINDOW))


def _join(kept: Iterable[str | None]) -> str:
    out: list[str] = []
    for line in kept:
        if line is None:
            continue  # a removed line joins its neighbours' paragraph
        if not line.strip():
            if out and out[-1] != "":
                out.append("")
            continue
        out.append(line)
    while out and out[-1] == "":
        out.pop()
    return "\n".join(out)


def _rules(cfg: BoilerplateConfig) -> _Rules:
    return _compile(
        tuple((name, tuple(patterns)) for name, patterns in cfg.line_patterns.items()),
        tuple(cfg.tail_markers),
        tuple(cfg.teaser_heading_patterns),
        tuple(cfg.signoff_patterns),
        tuple(cfg.dateline_patterns),
        tuple(cfg.opening_dateline_patterns),
        tuple(cfg.credit_patterns),
        cfg.max_symbol_ratio,
        cfg.min_symbol_line_length,
        cfg.teaser_max_words,
        cfg.caption_max_words,
    )


@lru_cache(maxsize=8)
def _compile(
    line_patterns: tuple[tuple[str, tuple[str, ...]], ...],
    tail_markers: tuple[str, ...],
    teaser_headings: tuple[str, ...],
    signoffs: tuple[str, ...],
    datelines: tuple[str, ...],
    opening_datelines: tuple[str, ...],
    credits: tuple[str, ...],
    max_symbol_ratio: float,
    min_symbol_line_length: int,
    teaser_max_words: int,
    caption_max_words: int,
) -> _Rules:
    flags = re.IGNORECASE
    return _Rules(
        line_patterns=tuple(
            (name, re.compile(p, flags), _guarded_length(p)) for name, patterns in line_patterns for p in patterns
        ),
        tail_markers=tuple(re.compile(p, flags) for p in tail_markers),
        teaser_headings=tuple(re.compile(p, flags) for p in teaser_headings),
        signoff=_line_end(signoffs),
        dateline=_opening(datelines, flags),
        opening_dateline=_opening(opening_datelines, flags),
        credit=_line_end(credits),
        max_symbol_ratio=max_symbol_ratio,
        min_symbol_line_length=min_symbol_line_length,
        teaser_max_words=teaser_max_words,
        caption_max_words=caption_max_words,
    )


def _opening(patterns: tuple[str, ...], flags: re.RegexFlag) -> re.Pattern[str] | None:
    """One pattern for pieces that open a line (datelines)."""
    return re.compile(r"\s*(?:" + "|".join(f"(?:{p})" for p in patterns) + ")", flags) if patterns else None


def _line_end(patterns: tuple[str, ...]) -> re.Pattern[str] | None:
    """One pattern for pieces that end a line and start after a space, a bracket or a dash, or with a slash
    (editors' codes glued to the last full stop: "… macht./hoe/DP/zb"; such a pattern says what stands before it)."""
    if not patterns:
        return None
    alternatives = "|".join(f"(?:{p})" for p in patterns)
    return re.compile(r"(?:^|(?<=[\s(\-–—−])|(?=/))(?:" + alternatives + r")\)?\.?\s*$", re.IGNORECASE)


def _guarded_length(pattern: str) -> int | None:
    """N for a pattern that starts with the guard "(?=.{0,N}$)", else None."""
    match = _GUARD.match(pattern)
    return int(match.group(1)) if match else None
