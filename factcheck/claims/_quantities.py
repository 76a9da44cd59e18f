"""Numbers with what they count: "275 Mann", "mehr als 30 Tiere", "3,5 Prozent", "zwei Dutzend"."""

from __future__ import annotations

import dataclasses
import re

from ..records import Quantity
from ._lexicon import Lexicon
from ._text import Token

_DIGITS = re.compile(r"^\d+(?:[.,]\d+)*$")
YEAR_RANGE = range(1900, 2101)


def parse_number(text: str, decimal_comma: bool) -> float | None:
    """ "40.000" -> 40000, "3,5" -> 3.5 (German); "40,000" -> 40000, "3.5" -> 3.5 (English)."""
    text = text.replace("'", "").replace("’", "")  # Swiss "14'000"
    if not _DIGITS.match(text):
        return None
    thousands, decimal = (".", ",") if decimal_comma else (",", ".")
    parts = text.split(decimal)
    if len(parts) > 2:
        return None
    whole = parts[0]
    groups = whole.split(thousands)
    if len(groups) > 1 and not all(len(g) == 3 for g in groups[1:]):
        return None  # "17.06.2014" and other dates are not numbers
    try:
        value = float(whole.replace(thousands, ""))
        if len(parts) == 2:
            value += float("0." + parts[1])
    except ValueError:
        return None
    return value


def is_year(tokens: tuple[Token, ...], i: int, lx: Lexicon) -> bool:
    """A four-digit number that names a year rather than counting something."""
    t = tokens[i]
    if not (t.text.isdigit() and len(t.text) == 4 and int(t.text) in YEAR_RANGE):
        return False
    nxt = tokens[i + 1] if i + 1 < len(tokens) else None
    # "2014 Menschen" counts people; "im Juni 2014" and "2014." name years
    return nxt is None or not nxt.is_word or not nxt.is_cap or nxt.low in lx.months


def is_date_part(tokens: tuple[Token, ...], i: int, lx: Lexicon) -> bool:
    """An ordinal in a date ("17. Juni") or a day/month written with dots."""
    nxt = tokens[i + 1] if i + 1 < len(tokens) else None
    after = tokens[i + 2] if i + 2 < len(tokens) else None
    if nxt is not None and nxt.text == "." and after is not None and after.low in lx.months:
        return True
    prev = tokens[i - 1] if i > 0 else None
    return prev is not None and prev.low in lx.months and len(tokens[i].text) <= 2  # "June 17"


def quantities(tokens: tuple[Token, ...], text: str, lx: Lexicon, skip: set[int]) -> tuple[Quantity, ...]:
    """Every counted number in the sentence; tokens in ``skip`` (times, quotes' dates) are ignored."""
    out: list[Quantity] = []
    i = 0
    while i < len(tokens):
        t = tokens[i]
        if i in skip:
            i += 1
            continue
        value = parse_number(t.text, lx.decimal_comma)
        if value is not None and (is_year(tokens, i, lx) or is_date_part(tokens, i, lx)):
            value = None
        first, last = i, i
        # "14 000 Soldaten": thousands separated by a space
        while value is not None and last + 1 < len(tokens) and _group_of_three(tokens[last], tokens[last + 1], text):
            value = value * 1000 + float(tokens[last + 1].text)
            last += 1
        if value is None and t.low in lx.number_words:
            value = lx.number_words[t.low]
        compound = _compound(t, lx) if value is None else None
        if compound is not None:  # "a two-year investigation": two years
            value = compound[0]
        if value is None or _ordinal(tokens, last):
            i += 1
            continue
        j = last + 1
        age = _age(tokens, last, lx)
        if age is None:
            age = _age_phrase(tokens, last, lx)
        increment = False
        if age is not None:  # "43-Jährige", "43 Jahre alt": an age, in years of life, not a count of what follows
            unit, last = lx.age_unit, age
        elif compound is not None and compound[1] is not None:
            unit = compound[1]
        elif lx.language == "en" and _glued_noun(tokens, last):
            # "a 48-page indictment", "a 30-minute meeting": the noun glued on counts (not what follows it)
            unit, last = lx.units.get(tokens[last + 2].low, tokens[last + 2].lemma.lower()), last + 2
        else:
            # "zwei Dutzend", "3,5 Millionen", "2 Mio."
            if j < len(tokens) and tokens[j].low in lx.multipliers:
                value *= lx.multipliers[tokens[j].low]
                last = j
                j += 1
                if j < len(tokens) and tokens[j].text == "." and tokens[j - 1].low in {"mio", "mrd", "bn"}:
                    j += 1
            # "750 zusätzliche Soldaten", "750 more troops": the marker stands between number and noun
            increment = j < len(tokens) and tokens[j].low in lx.increment
            unit, last = _unit(tokens, j + 1 if increment else j, lx, last)
            # a currency sign before the number is its unit, whatever noun follows ("$250,000 after a probe")
            sign = tokens[first - 1] if first > 0 else None
            if sign is not None and not sign.text[:1].isalnum() and sign.low in lx.units:
                unit, first = lx.units[sign.low], first - 1
        approx, first = _approx(tokens, first, lx)
        # "weitere 750 Soldaten", "another 750 troops"
        increment = increment or (first > 0 and tokens[first - 1].low in lx.increment)
        out.append(
            Quantity(
                value=value,
                unit=unit,
                text=text[tokens[first].start : tokens[last].end],
                start=tokens[first].start,
                end=tokens[last].end,
                approx=approx,
                increment=increment,
            )
        )
        i = last + 1
    return _coordinated(out, text, lx)


def _coordinated(found: list[Quantity], text: str, lx: Lexicon) -> tuple[Quantity, ...]:
    """A bare number joined to the next one by "und", "and", "bis", "to", "-" counts what that one counts:
    "20 und 21 Jahre alt", "zwischen 20 und 30 Menschen", "three or four people"."""
    out = list(found)
    for k in range(len(out) - 2, -1, -1):
        q, nxt = out[k], out[k + 1]
        between = text[q.end : nxt.start].strip().lower()
        if not q.unit and nxt.unit and (between in lx.coordinators or between in {"-", "–"}):
            out[k] = dataclasses.replace(q, unit=nxt.unit, increment=nxt.increment)
    return tuple(out)


def _ordinal(tokens: tuple[Token, ...], last: int) -> bool:
    """A number written as an ordinal inside the sentence ("die 14. Staffel", "zum 3. Mal"): a rank, not a
    count. A full stop after a number ends a sentence otherwise, so a word after it marks the ordinal."""
    nxt = tokens[last + 1] if last + 1 < len(tokens) else None
    after = tokens[last + 2] if last + 2 < len(tokens) else None
    return tokens[last].text.isdigit() and nxt is not None and nxt.text == "." and after is not None and after.is_word


def _compound(t: Token, lx: Lexicon) -> tuple[float, str | None] | None:
    """An English number word glued to its noun by a hyphen, as one word: "two-year" -> (2, "year"); or two
    number words ("twenty-three" -> (23, None): what it counts follows)."""
    if lx.language != "en" or "-" not in t.low:
        return None
    head, _, rest = t.low.partition("-")
    if head not in lx.number_words or not rest.isalpha() or (lx.age_markers and rest.startswith(lx.age_markers)):
        return None  # not a number word, or an age ("ten-year-old" is read as an age elsewhere)
    if rest in lx.number_words:
        return lx.number_words[head] + lx.number_words[rest], None
    return lx.number_words[head], lx.units.get(rest, rest)


def _glued_noun(tokens: tuple[Token, ...], last: int) -> bool:
    """Whether a hyphen and a noun are glued to the number at ``last`` ("48-page"), not an age ("55-year-old")."""
    if last + 2 >= len(tokens) or tokens[last + 1].text != "-":
        return False
    hyphen, word = tokens[last + 1], tokens[last + 2]
    return (hyphen.start == tokens[last].end and word.start == hyphen.end and word.is_word
            and word.tag in {"NN", "NE"} and not (last + 3 < len(tokens) and tokens[last + 3].text == "-"))


def _age(tokens: tuple[Token, ...], last: int, lx: Lexicon) -> int | None:
    """The token that ends an age glued to its number ("43-Jährige", "55-year-old"), or None."""
    if not lx.age_markers or last + 2 >= len(tokens) or tokens[last + 1].text != "-":
        return None
    word = tokens[last + 2]
    return last + 2 if word.is_word and word.low.startswith(lx.age_markers) else None


def _age_phrase(tokens: tuple[Token, ...], last: int, lx: Lexicon) -> int | None:
    """The token that ends an age written out after its number ("43 Jahre alt", "55 years old"), or None."""
    for phrase in lx.age_phrases:
        end = last + len(phrase)
        if end < len(tokens) and tuple(t.low for t in tokens[last + 1 : end + 1]) == phrase:
            return end
    return None


def _group_of_three(t: Token, nxt: Token, text: str) -> bool:
    gap = text[t.end : nxt.start]
    groups = t.text.isdigit() and len(t.text) <= 3 and nxt.text.isdigit() and len(nxt.text) == 3
    return groups and gap in {" ", "\u202f", "\u00a0", "\u2009"}


def _unit(tokens: tuple[Token, ...], j: int, lx: Lexicon, last: int) -> tuple[str, int]:
    if j >= len(tokens):
        return "", last
    t = tokens[j]
    # a unit of two words: "5 per cent"
    if j + 1 < len(tokens) and f"{t.low} {tokens[j + 1].low}" in lx.units:
        return lx.units[f"{t.low} {tokens[j + 1].low}"], j + 1
    if t.low in lx.units:
        return lx.units[t.low], j
    # the counted noun may follow an adjective: "30 tote Tiere"
    for k in range(j, min(j + 3, len(tokens))):
        c = tokens[k]
        if not c.is_word:
            break
        if lx.language == "de":
            if c.is_cap:
                # "US-Soldaten" counts soldiers
                head = c.lemma.rsplit("-", 1)[-1]
                return lx.units.get(c.low, lx.canonical_lemma(head[:1].upper() + head[1:])), k
            if c.tag not in {"ADJA", "ADJD", "X"}:
                break
        else:
            # a noun counts ("30 dead animals"); a preposition or verb after the number does not ("250,000 after")
            if c.low in lx.units or (c.tag in {"NN", "NE"} and c.low not in lx.stop and c.low not in lx.negators):
                return lx.units.get(c.low, c.lemma.lower()), k
            if c.tag not in {"ADJA", "ADJD"}:
                break
    return "", last


def _approx(tokens: tuple[Token, ...], first: int, lx: Lexicon) -> tuple[str, int]:
    # "ca. 30 Tiere": an abbreviation's full stop between the word and the number
    end = first - 1 if first > 0 and tokens[first - 1].text == "." else first
    for phrase, kind in lx.approx:
        n = len(phrase)
        if end - n < 0:
            continue
        if tuple(t.low for t in tokens[end - n : end]) == phrase:
            return kind, end - n
    return "", first
