"""Named entities by general means: proper-noun tags, capitalised multiword spans, acronyms and
names after titles; the few metonyms general means cannot resolve ("Weißes Haus" -> "USA") come
from the alias table. Variants of a name the article already used ("Kims", "Kim") are merged."""

from __future__ import annotations

from ._lexicon import Lexicon, inflection_keys, word_matches
from ._speakers import ArticleMemory, is_acronym, is_name
from ._text import Token

def alias_map(tokens: tuple[Token, ...], lx: Lexicon) -> dict[int, str]:
    """Token index -> canonical entity for every token inside an alias mention.

    Multi-word aliases match inflected forms ("des Weißen Hauses").
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


def prefix_aliases(
    tokens: tuple[Token, ...], lx: Lexicon, full: dict[int, str], memory: ArticleMemory | None = None
) -> dict[int, str]:
    """Compounds whose first part is a name: "ÖVP-Chef" -> "ÖVP", "US-Regierung" -> "USA",
    "Kim-Regime" -> "Kim" once the article named Kim.

    They name the entity as topic, but are no speaker ("US-Vergeltungsschlag" says nothing).
    """
    found: dict[int, str] = {}
    for t in tokens:
        if t.i in full or "-" not in t.text or not t.is_cap:
            continue
        first = t.text.split("-", 1)[0]
        canonical = _single(first, lx)
        if canonical is None and len(first) >= 2 and first.isalpha() and first.isupper() and len(first) <= 6:
            canonical = first
        if canonical is None and memory is not None:
            canonical = memory.known_name(first)
        if canonical:
            found[t.i] = canonical
    return found


def _single(word: str, lx: Lexicon) -> str | None:
    for a in lx.aliases:
        if len(a.words) == 1 and (word == a.words[0] if a.exact_case else word_matches(word.lower(), a.words[0])):
            return a.canonical
    return None


def _run_end(tokens: tuple[Token, ...], i: int, aliases: dict[int, str], lx: Lexicon) -> int:
    """End of the proper name starting at ``i`` (``i`` itself when none starts there).

    A name is a run of name tokens (proper-noun tag, acronym, in English a capitalised word
    inside the sentence), or a capitalised adjective inside the sentence with the capitalised
    noun after it ("die Vereinten Nationen", "the Islamic State"); at most four words.
    """
    j = i
    while j < len(tokens) and j - i < 4 and tokens[j].i not in aliases:
        t = tokens[j]
        if j > i and t.i != tokens[j - 1].i + 1:
            break  # only words next to each other in the sentence
        after_adjective = j > i and tokens[j - 1].tag in {"ADJA", "ADJD"} and t.is_cap and t.tag in {"NN", "NE"}
        if not (is_name(t, lx) or after_adjective or _name_adjective(tokens, j, lx)):
            break
        j += 1
    return j


def _name_adjective(tokens: tuple[Token, ...], j: int, lx: Lexicon) -> bool:
    # "Islamischer Staat": a capitalised adjective inside the sentence opens a name
    t = tokens[j]
    return (
        t.i > 0
        and t.is_cap
        and t.tag in {"ADJA", "ADJD"}
        and j + 1 < len(tokens)
        and tokens[j + 1].is_cap
        and tokens[j + 1].tag in {"NN", "NE"}
        and (j == 0 or tokens[j - 1].text not in {".", ":", "„", "\"", "«", "»", "“"})
    )


def name_text(tokens: tuple[Token, ...], lx: Lexicon) -> str:
    """A name as written, its last word uninflected: "Anna Bergs" -> "Anna Berg"."""
    words = [t.text for t in tokens]
    last = tokens[-1]
    if lx.language == "de" and last.tag == "NE" and last.lemma != last.text and last.text.startswith(last.lemma):
        words[-1] = last.lemma
    return " ".join(words)


def entities(tokens: tuple[Token, ...], aliases: dict[int, str], lx: Lexicon, memory: ArticleMemory) -> list[str]:
    """Canonical entities of some tokens in order of first mention (``aliases`` keyed by ``Token.i``).

    A name that refers to a person or entity the article introduced takes that
    name's first full form ("Berg" -> "Anna Berg", "Kims" -> "Kim").
    """
    out: dict[str, None] = {}
    i = 0
    while i < len(tokens):
        if tokens[i].i in aliases:
            out[aliases[tokens[i].i]] = None
            i += 1
            continue
        j = _run_end(tokens, i, aliases, lx)
        if j > i:
            out[canonical_name(name_text(tokens[i:j], lx), memory)] = None
            i = j
            continue
        i += 1
    return list(out)


def canonical_name(name: str, memory: ArticleMemory) -> str:
    """The form the article used first for a name: a known person's full name, an earlier
    spelling within fuzzy distance, or the name itself (which is then remembered)."""
    person = memory.person(name)
    if person is not None:
        return person.name
    known = memory.known_name(name)
    if known is not None:
        return known
    memory.names.append(name)
    return name


__all__ = ["alias_map", "canonical_name", "entities", "is_acronym", "prefix_aliases"]
