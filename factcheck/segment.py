"""Sentence segmentation: an article's cleaned text → sentences with character offsets.

Lines are segmented one at a time (a newline always ends a sentence, except
inside a hard-wrapped sentence). pysbd proposes the boundaries inside a line;
rules driven by ``[segment]`` in the config then take back the ones it gets
wrong (abbreviations, initials, ordinals, lower-case continuations, quotations
split from their attribution) and add the ones it misses (a sentence ending in
a small number or an ambiguous abbreviation). Every boundary is an offset into
``Article.text``, so the sentences cover the text exactly and
``text[s.start:s.end] == s.text``.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from functools import lru_cache

import pysbd

from .config import SegmentConfig
from .records import Article, Sentence

log = logging.getLogger(__name__)

# Double quotation marks. pysbd never splits inside a quotation, so they are
# blanked out before it runs and quotations are handled here (see _keep_cut).
_QUOTES = "„“”\"»«"
_QUOTE_CHAR = re.compile(f"[{_QUOTES}]")
_ODD_SPACE = re.compile(r"[^\S \t\n]")
# Opener → the closers that end it. “ opens only where no „ is open, so German
# „…“ and English “…” both pair up; » « serve either way round (de-CH, fr).
_QUOTE_CLOSERS = {"„": "“”\"", "“": "”", "»": "«", "«": "»", '"': '"'}

# A sentence ends in terminal punctuation, maybe followed by closing quotes or brackets.
_SENTENCE_END = re.compile(r"[.!?…][\"“”»«'’)\]]*$")
# A line ending like this is complete; one ending otherwise and followed by a
# line that starts in lower case is a hard-wrapped sentence.
_LINE_COMPLETE = ".!?:;…\"“”«»'’)"
# Characters that never start a sentence: what follows them continues the last one.
_CONTINUATION = ",;:)]}%–—"
# Trailing run of initials: "H.W.", "George W.", "U.S." (before a name, not a sentence end).
_INITIALS = re.compile(r"(?:^|[\s(„“\"»«'])(?:[A-ZÄÖÜ]\.\s?){1,3}$")
# "<token>. <Word>": a boundary pysbd may have missed when <Word> is a sentence starter.
_TOKEN_PERIOD = re.compile(r"(?<=\s)[^\s.]+\.(?=\s+[„“\"»«(]?(\w+))")
# Sentences glued together by scraping: "… verabschiedet.Die Vorlage …".
_GLUED = re.compile(r"(?<=[a-zäöüß]{2})[.!?][\"“”»«]?(?=[„\"»«]?[A-ZÄÖÜ][a-zäöüß])")
# a straight closing mark spaced off the sentence's last character (tokenised text)
_SPACED_CLOSER = re.compile(r'\s+"$')
_URL_LIKE = re.compile(r"(?:\bwww|://|@)\S*$")
# A number with a period at the end of ``left`` ("der 300.").
_NUMBER_PERIOD = re.compile(r"(\w+)\s+\d+\.$")


@dataclass(frozen=True, slots=True)
class _Rules:
    """The config for one language, compiled."""

    language: str
    abbreviations: frozenset[str]  # normalised: no spaces, no final period
    number_abbreviations: frozenset[str]
    starters: frozenset[str]  # open a sentence; never follow an ordinal, initial or abbreviation
    ordinal_determiners: frozenset[str]  # lower case
    attribution: re.Pattern[str]  # what follows a quotation that belongs to its attribution
    keep_quotes: str  # "attributed" or "all"
    min_chars: int


def _normalise_abbreviation(abbreviation: str) -> str:
    return abbreviation.replace(" ", "").rstrip(".")


def _rules(cfg: SegmentConfig, language: str) -> _Rules:
    # The config model holds dicts and is not hashable; its JSON form is the cache key.
    return _compile(cfg.model_dump_json(), language)


@lru_cache(maxsize=16)
def _compile(cfg_json: str, language: str) -> _Rules:
    cfg = SegmentConfig.model_validate_json(cfg_json)
    verbs = sorted(cfg.speech_verbs.get(language, []), key=len, reverse=True)
    verb = "|".join(re.escape(v).replace(r"\ ", r"\s+") for v in verbs) or "(?!)"
    # After the closing quote: a comma ('„…“, sagte die Ministerin', '„…“, will sie wissen')
    # or a speech verb, maybe after a dash or lower-case words ('„…“ – so Müller',
    # '"…?" he asked'); a capitalised word there starts a new sentence.
    attribution = re.compile(rf"\s*(?:,|[–—-]?\s*(?:[^\W\d_A-ZÄÖÜ][\w'’-]*\s+){{0,3}}?(?:{verb})\b)")
    return _Rules(
        language=language,
        abbreviations=frozenset(map(_normalise_abbreviation, cfg.abbreviations.get(language, []))),
        number_abbreviations=frozenset(
            map(_normalise_abbreviation, cfg.number_abbreviations.get(language, []))
        ),
        starters=frozenset(cfg.sentence_starters.get(language, [])),
        ordinal_determiners=frozenset(w.lower() for w in cfg.ordinal_determiners.get(language, [])),
        attribution=attribution,
        keep_quotes=cfg.keep_quotes,
        min_chars=cfg.min_chars,
    )


@lru_cache(maxsize=8)
def _segmenter(language: str) -> pysbd.Segmenter:
    try:
        return pysbd.Segmenter(language=language, clean=False)
    except ValueError:
        log.warning("pysbd has no rules for language %r; using English rules", language)
        return pysbd.Segmenter(language="en", clean=False)


def segment(article: Article, cfg: SegmentConfig) -> tuple[Sentence, ...]:
    """Split ``article.text`` into sentences whose offsets point into it.

    >>> from factcheck.config import default_config
    >>> a = Article(id="a", title="", text="Am 3. Oktober kam Dr. Müller. Er blieb.")
    >>> [s.text for s in segment(a, default_config().segment)]
    ['Am 3. Oktober kam Dr. Müller.', 'Er blieb.']
    """
    # "de-AT", "en_US" → "de", "en": the rules are per language, not per region.
    language = re.split(r"[-_]", (article.language or cfg.default_language).lower())[0]
    rules = _rules(cfg, language)
    text = article.text
    sentences: list[Sentence] = []
    for block_start, block_end in paragraphs(text):
        for start, end in _split_block(text[block_start:block_end], rules):
            start, end = block_start + start, block_start + end
            index = len(sentences)
            sentences.append(
                Sentence(
                    id=f"{article.id}:s{index}",
                    article_id=article.id,
                    index=index,
                    text=text[start:end],
                    start=start,
                    end=end,
                )
            )
    return tuple(sentences)


def paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of the paragraphs of ``text``: the lines no sentence crosses, hard-wrapped lines joined.

    A line that does not end a sentence continues on the next when that starts in lower case. In a
    text hard-wrapped at a fixed width (:func:`_wrap_width`) a line also continues when it was broken
    because the next word did not fit, whatever that word's first letter (German wraps before
    capitalised nouns: "sperrte die\nPolizei") and even when it ends a sentence: a quotation of two
    sentences wrapped there („… erklärt.\nWir bauen eine neue“, sagte er) stays one paragraph."""
    lines = text.split("\n")
    width = _wrap_width(lines)
    blocks: list[list[int]] = []
    previous = ""  # the last non-blank line, "" after a blank line
    offset = 0
    for line in lines:
        start, end = offset, offset + len(line)
        offset = end + 1
        stripped = line.strip()
        if not stripped:
            previous = ""
            continue
        # a hard-wrapped line that ends a sentence goes on too when the next word did not fit: the
        # paragraph did not end there („Wir kommen.\nWir bleiben“, sagte er.)
        if previous and ((previous[-1] not in _LINE_COMPLETE and stripped[0].islower())
                         or (width and _broken(previous, stripped, width))):
            blocks[-1][1] = end
        else:
            blocks.append([start, end])
        previous = stripped
    return [(start, end) for start, end in blocks]


# Hard wrapping: lines broken at a fixed width of at most _WRAP_MAX columns (the longest line).
_WRAP_MAX = 100


def _broken(line: str, following: str, width: int) -> bool:
    """Whether ``line`` was broken because the first word of ``following`` did not fit in ``width``."""
    return len(line) + 1 + len(following.split(None, 1)[0]) > width


def _wrap_width(lines: list[str]) -> int:
    """The width a text is hard-wrapped at, or 0 when it is not (paragraphs on one line each).

    Taken as hard-wrapped when its longest line is at most _WRAP_MAX long and at least two lines
    that run on into the next without a sentence end were broken there for want of room, and they
    are at least half of the lines that run on. One such line is no evidence: the longest line of
    any text passes the test."""
    stripped = [line.strip() for line in lines]
    width = max((len(s) for s in stripped), default=0)
    if not width or width > _WRAP_MAX:
        return 0
    running_on = [(s, nxt) for s, nxt in zip(stripped, stripped[1:]) if s and nxt and s[-1] not in _LINE_COMPLETE]
    broken = [s for s, nxt in running_on if _broken(s, nxt, width)]
    return width if len(broken) >= 2 and 2 * len(broken) >= len(running_on) else 0


def _split_block(block: str, rules: _Rules) -> list[tuple[int, int]]:
    """Sentence spans (offsets into ``block``, whitespace stripped)."""
    quotes = _quote_spans(block)
    # in tokenised text ('… retaliation . " You can mark it down , " he said .'), where every straight
    # mark stands apart from its words, the marks pair up in order and the first of a pair opens
    tokenised = _tokenised_marks(block)
    spaced = frozenset(o for o, _ in quotes if block[o] == '"') if tokenised else frozenset()
    proposed = [*_pysbd_cuts(block, rules.language), *_missed_cuts(block, rules)]
    cuts = {_move_before_opener(block, c, spaced) for c in proposed}
    kept = sorted(c for c in cuts if _keep_cut(block, c, quotes, rules, tokenised))
    pieces = []
    for left, right in zip([0, *kept], [*kept, len(block)]):
        piece = block[left:right]
        trimmed = piece.strip()
        if trimmed:
            start = left + len(piece) - len(piece.lstrip())
            pieces.append([start, start + len(trimmed)])
    return [(start, end) for start, end in _attach_fragments(block, pieces, rules)]


def _pysbd_cuts(block: str, language: str) -> list[int]:
    """Offsets in ``block`` where pysbd starts a new sentence."""
    # quotation marks out of pysbd's way; and whitespace other than space, tab and newline (control
    # separators such as \x1f, which Python's \s matches) as plain spaces: pysbd's list-item regexes
    # read "\x1f3. " as a numbered item and fail to parse it. Same length, so offsets hold.
    neutral = _ODD_SPACE.sub(" ", _QUOTE_CHAR.sub(" ", block))
    if not re.search(r"[.!?…]\s+\S", neutral):
        return []  # nothing pysbd could split at (headings, one-sentence lines)
    cuts = []
    cursor = 0
    # The processor alone: Segmenter.segment() adds a quadratic re-search for
    # character spans that is done here in one pass.
    try:
        pieces = _segmenter(language).processor(neutral).process()
    except Exception as exc:  # a pysbd bug on odd input must not lose the article: the rules below still cut
        log.warning("pysbd failed on a paragraph (%s: %s); only factcheck's own boundaries are used there",
                    type(exc).__name__, exc)
        return []
    for sentence in pieces:
        piece = sentence.strip()
        if not piece:
            continue
        found = neutral.find(piece, cursor)
        if found < 0:
            # pysbd rewrote the text (rare); its boundary there is dropped and
            # the piece stays with the sentence before it.
            log.debug("pysbd piece not found in text: %r", piece[:60])
            continue
        if found > 0:
            cuts.append(found)
        cursor = found + len(piece)
    return cuts


def _missed_cuts(block: str, rules: _Rules) -> list[int]:
    """Boundaries pysbd does not propose.

    '… auf 12. Die Polizei …', '… dieser Art. Die …', '… verabschiedet.Die …'.
    """
    cuts = [
        match.end()
        for match in _TOKEN_PERIOD.finditer(block)
        if match.group(1) in rules.starters and block[: match.start()].strip()
    ]
    cuts.extend(
        match.end()
        for match in _GLUED.finditer(block)
        if not _URL_LIKE.search(block, 0, match.start())
    )
    return cuts


def _tokenised_marks(block: str) -> bool:
    """Whether the block has straight double quotation marks and every one stands apart from the words
    on both sides (NewsWCL50's tokenised text). Where some are glued to a word, the marks pair up by
    their spacing, and an unpaired one ('' as a closer) would turn every later pair round."""
    marks = [m.start() for m in re.finditer('"', block)]
    return bool(marks) and all((i == 0 or block[i - 1].isspace()) and (i + 1 == len(block) or block[i + 1].isspace())
                               for i in marks)


def _move_before_opener(block: str, cut: int, openers: frozenset[int] = frozenset()) -> int:
    """Move ``cut`` left over whitespace and an opening quote (or one of ``openers``), which start
    the next sentence."""
    while cut > 0 and (block[cut - 1].isspace() or _is_opener(block, cut - 1) or cut - 1 in openers):
        cut -= 1
    return cut


def _is_opener(block: str, i: int) -> bool:
    return (
        block[i] in _QUOTE_CLOSERS
        and (i == 0 or block[i - 1].isspace())
        and i + 1 < len(block)
        and not block[i + 1].isspace()
    )


def _keep_cut(block: str, cut: int, quotes: list[tuple[int, int]], rules: _Rules, tokenised: bool = False) -> bool:
    """Whether a boundary proposed at ``cut`` is a real sentence end."""
    left = block[:cut].rstrip()
    right = block[cut:].lstrip()
    if tokenised and any(closer == len(left) - 1 for _, closer in quotes):
        left = _SPACED_CLOSER.sub('"', left)  # a closing '… suffer . "' ends like '… suffer ."'
    if not left or not right or not _SENTENCE_END.search(left):
        return False
    head = right.lstrip(_QUOTES)[:1] or right[0]
    if head.islower() or head in _CONTINUATION:
        return False
    if left.endswith(".") and _first_word(right) not in rules.starters:
        # Before a sentence starter ("1,1 Mio. Die …", "Plan B. Die …") every
        # period ends the sentence; before anything else these do not.
        if _ends_with(left, rules.abbreviations):
            return False
        if head.isdigit() and _ends_with(left, rules.number_abbreviations):
            return False
        if _INITIALS.search(left):
            return False
        number = _NUMBER_PERIOD.search(left)
        if number and number.group(1).lower() in rules.ordinal_determiners:
            return False
    return not _inside_kept_quote(block, cut, quotes, rules, tokenised)


def _ends_with(left: str, abbreviations: frozenset[str]) -> bool:
    """Whether ``left`` (ending in a period) ends with one of ``abbreviations``."""
    tokens = left[-40:].split()
    for k in range(1, min(3, len(tokens)) + 1):
        candidate = "".join(tokens[-k:]).lstrip("([{„“\"»«'‚–-/")[:-1]
        if candidate in abbreviations or candidate[:1].lower() + candidate[1:] in abbreviations:
            return True
    return False


def _first_word(text: str) -> str:
    match = re.match(r"[\W_]*(\w+)", text)
    return match.group(1) if match else ""


def _quote_spans(block: str) -> list[tuple[int, int]]:
    """(opener, closer) offsets of the balanced double quotations in ``block``."""
    spans = []
    opener = -1
    closers = ""
    for match in _QUOTE_CHAR.finditer(block):
        char, i = match.group(), match.start()
        if opener < 0:
            if char in _QUOTE_CLOSERS:
                opener, closers = i, _QUOTE_CLOSERS[char]
        elif char in closers:
            spans.append((opener, i))
            opener = -1
    return spans


def _inside_kept_quote(block: str, cut: int, quotes: list[tuple[int, int]], rules: _Rules, tokenised: bool = False) -> bool:
    """Whether ``cut`` lies inside (or right after) a quotation that stays one sentence."""
    for opener, closer in quotes:
        if opener < cut <= closer + 1:
            if rules.keep_quotes == "all" and cut <= closer:
                return True
            # English puts the comma inside: '"…, …," he said' (in tokenised text '" … , " he said')
            comma = block[closer - 1] == "," or (tokenised and block[:closer].rstrip().endswith(","))
            return comma or bool(rules.attribution.match(block, closer + 1))
    return False


def _attach_fragments(block: str, pieces: list[list[int]], rules: _Rules) -> list[list[int]]:
    """Join pieces too short or without a letter or digit to their neighbour."""
    merged: list[list[int]] = []
    pending: list[int] | None = None  # a leading fragment waiting for the next piece
    for piece in pieces:
        content = block[piece[0] : piece[1]]
        fragment = len(content) < rules.min_chars or not any(c.isalnum() for c in content)
        if pending is not None:
            piece = [pending[0], piece[1]]
            pending = None
        elif fragment and merged:
            merged[-1][1] = piece[1]
            continue
        elif fragment:
            pending = piece
            continue
        merged.append(piece)
    if pending is not None:
        merged.append(pending)
    return merged
