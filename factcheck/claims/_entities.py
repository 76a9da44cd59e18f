"""Named entities: gazetteer aliases ("Teheran" -> "Iran") and runs of proper names."""

from __future__ import annotations

from ._lexicon import Lexicon, inflection_keys, word_matches
from ._speakers import ArticleMemory, is_name
from ._text import Token


def alias_map(tokens: tuple[Token, ...], lx: Lexicon) -> dict[int, str]:
    """Token index -> canonical entity for every token inside an alias mention.

    Multi-word aliases match inflected forms ("der Islamischen Republik").
    """
    found: dict[int, str] = {}
    n = len(tokens)
    i = 0
    while i < n:
        t = tokens[i]
        if not t.is_word:
            i += 1
            continue
        hit = None
        candidates = [a for key in {t.text, *inflection_keys(t.low)} for a in lx.alias_index.get(key, ())]
        for a in sorted(candidates, key=lambda a: -len(a.words)):
            k = len(a.words)
            window = tokens[i : i + k]
            if len(window) == k and all(
                (w.text == aw if a.exact_case else w.is_word and word_matches(w.low, aw))
                for w, aw in zip(window, a.words)
            ):
                # lower-case words are never names in German ("über" is no alias of anything)
                if lx.language == "de" and not window[0].is_cap:
                    continue
                hit = a
                break
        if hit is not None:
            for k in range(i, i + len(hit.words)):
                found[k] = hit.canonical
            i += len(hit.words)
            continue
        i += 1
    return found


def prefix_aliases(tokens: tuple[Token, ...], lx: Lexicon, full: dict[int, str]) -> dict[int, str]:
    """Compounds whose first part is an alias: "Isis-Miliz" -> "Isis", "Irak-Krise" -> "Irak".

    They name the entity as topic, but are no speaker ("US-Vergeltungsschlag" says nothing).
    """
    found: dict[int, str] = {}
    for t in tokens:
        if t.i not in full and "-" in t.text and t.is_cap:
            canonical = _single(t.text.split("-", 1)[0], lx)
            if canonical:
                found[t.i] = canonical
    return found


def _single(word: str, lx: Lexicon) -> str | None:
    for a in lx.aliases:
        if len(a.words) == 1 and (word == a.words[0] if a.exact_case else word_matches(word.lower(), a.words[0])):
            return a.canonical
    return None


def entities(tokens: tuple[Token, ...], aliases: dict[int, str], lx: Lexicon, memory: ArticleMemory) -> list[str]:
    """Canonical entities of some tokens in order of first mention (``aliases`` keyed by ``Token.i``).

    A name run that refers to a person the article introduced takes that
    person's full name ("Obama" -> "Barack Obama").
    """
    out: dict[str, None] = {}
    i = 0
    while i < len(tokens):
        t = tokens[i]
        if t.i in aliases:
            out[aliases[t.i]] = None
            i += 1
            continue
        if is_name(t, lx):
            j = i
            while j < len(tokens) and is_name(tokens[j], lx) and tokens[j].i not in aliases and j - i < 4:
                j += 1
            name = " ".join(x.text for x in tokens[i:j])
            person = memory.person(name)
            out[person.name if person else name] = None
            i = j
            continue
        i += 1
    return list(out)

