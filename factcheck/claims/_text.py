"""Tokens with offsets, lemmas and STTS-like tags, and the clauses of a sentence.

German and English are tagged with HanTa when it is installed and enabled
(English CLAWS5 tags are mapped onto the STTS tags the German rules read);
otherwise simplemma gives lemmas and a few shape rules give coarse tags, so
every later step degrades instead of failing.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

log = logging.getLogger(__name__)

_TOKEN = re.compile(
    r"\d+(?:[.,:'’]\d+)*"  # 40.000, 3,5, 22:52, 14'000
    r"|(?:[^\W\d_]\.){2,}"  # U.S., H.W.
    r"|(?<=[^\W\d_]\s)[^\W\d_a-zß-ÿ]\.(?=\s[^\W\d_a-zß-ÿ])"  # a middle initial: "Stephen E. Boyd", "Mary J. Blige"
    r"|[^\W\d_]+(?:[-'’][\w]+)*(?:n't)?"  # words, hyphenated compounds
    r"|\w+"
    r"|[^\w\s]",
    re.UNICODE,
)
_PUNCT_TAGS = {",": "$,", ".": "$.", "!": "$.", "?": "$.", ";": "$.", ":": "$."}
# tokens that close one clause and open the next
CLAUSE_BREAKS = frozenset(",;:()–—|")


@dataclass(frozen=True, slots=True)
class Token:
    """One token of a sentence; ``start``/``end`` are offsets into the sentence text."""

    i: int
    text: str
    start: int
    end: int
    lemma: str
    tag: str  # STTS for German ("NN", "NE", "VVFIN", "PTKVZ", ...), coarse for fallbacks
    # a finite verb in the simple past, indicative ("kam", "wurde", "teilte"; "met", "was"): see past_form
    past: bool = False

    @property
    def low(self) -> str:
        return self.text.lower()

    @property
    def is_word(self) -> bool:
        return self.text[:1].isalpha()

    @property
    def is_cap(self) -> bool:
        return self.text[:1].isupper()

    @property
    def is_finite(self) -> bool:
        return self.tag.endswith("FIN")


@dataclass(frozen=True, slots=True)
class Clause:
    """Tokens ``start``..``end`` (exclusive) of a sentence between clause breaks."""

    start: int
    end: int
    kind: str  # "main", "subordinate", "complement", "frame"
    in_quote: bool


def split_words(text: str) -> list[tuple[str, int, int]]:
    """Words and punctuation with offsets; English "wouldn't" becomes "would", "n't"."""
    out: list[tuple[str, int, int]] = []
    for m in _TOKEN.finditer(text):
        word, start, end = m.group(), m.start(), m.end()
        if word.lower().endswith("n't") and len(word) > 3:
            out.append((word[:-3], start, end - 3))
            out.append((word[-3:], end - 3, end))
        else:
            out.append((word, start, end))
    return out


# HanTa's English model tags with CLAWS5 (the BNC tag set); the claim rules read STTS
_CLAWS_TO_STTS = {
    "NP0": "NE", "NN0": "NN", "NN1": "NN", "NN2": "NN",
    "VVB": "VVFIN", "VVD": "VVFIN", "VVZ": "VVFIN", "VVI": "VVINF", "VVN": "VVPP", "VVG": "ADJD",
    "VBB": "VAFIN", "VBD": "VAFIN", "VBZ": "VAFIN", "VBI": "VAINF", "VBN": "VAPP", "VBG": "ADJD",
    "VHB": "VAFIN", "VHD": "VAFIN", "VHZ": "VAFIN", "VHI": "VAINF", "VHN": "VAPP", "VHG": "ADJD",
    "VDB": "VAFIN", "VDD": "VAFIN", "VDZ": "VAFIN", "VDI": "VAINF", "VDN": "VAPP", "VDG": "ADJD",
    "VM0": "VMFIN", "AJ0": "ADJD", "AJC": "ADJD", "AJS": "ADJD", "ORD": "ADJA",
    "AV0": "ADV", "AVP": "ADV", "AVQ": "PWAV", "PRP": "APPR", "PRF": "APPR", "AT0": "ART",
    "DT0": "PDAT", "DTQ": "PWAT", "DPS": "PPOSAT", "PNP": "PPER", "PNI": "PIS", "PNQ": "PRELS",
    "PNX": "PRF", "EX0": "PPER", "CJC": "KON", "CJS": "KOUS", "CJT": "KOUS", "CRD": "CARD",
    "XX0": "PTKNEG", "TO0": "PTKZU", "POS": "$(", "ITJ": "ITJ", "UNC": "X", "ZZ0": "X",
}


@lru_cache(maxsize=2)
def _hanta(model: str) -> Any | None:
    try:
        from HanTa import HanoverTagger  # noqa: PLC0415 - optional dependency

        tagger = HanoverTagger.HanoverTagger(model)
    except Exception as exc:  # any failure means: fall back to simplemma
        log.warning("HanTa tagger %r not available (%s); using simplemma lemmas", model, exc)
        return None
    _memoize_analysis(tagger)
    return tagger


def _memoize_analysis(tagger: Any) -> None:
    """HanTa caches the tag candidates of the words in its model's lexicon, but not those of other
    words (``analyze_forward``: a Viterbi search over the word's letters, run again at every
    occurrence), nor any word's morphological analysis (``_analyze``). Both depend on the word (and
    tag and level) only, so one result per key serves every later sentence. On 150 SemEval German
    articles together they take 58 % of all claim extraction time; memoized, the tags and lemmas are
    identical (tests/test_claims.py). Nothing changes if HanTa renames a method: it then runs as shipped."""
    for name in ("_analyze", "analyze_forward"):
        method = getattr(tagger, name, None)
        if method is not None:  # bounded: a very long run keeps the 500,000 most recent words
            setattr(tagger, name, lru_cache(maxsize=500_000)(method))


def _simple_lemma(word: str, language: str) -> str:
    try:
        import simplemma  # noqa: PLC0415 - optional dependency

        return simplemma.lemmatize(word, lang=language)
    except Exception:  # unknown language or simplemma missing
        return word if language == "de" else word.lower()


@lru_cache(maxsize=65536)
def known_word(word: str, language: str) -> bool:
    """Whether the language's dictionary (simplemma's) knows ``word``: "Regierung" yes, a surname such as
    "Gutjahr" no. Without simplemma every word counts as known (nothing is then read as a name by it)."""
    try:
        import simplemma  # noqa: PLC0415 - optional dependency

        return bool(simplemma.is_known(word, lang=language))
    except Exception:  # simplemma missing or the language unknown to it
        return True


def _fallback_tag(word: str, index: int, language: str) -> str:
    if word in _PUNCT_TAGS:
        return _PUNCT_TAGS[word]
    if word[:1].isdigit():
        return "CARD"
    if not word[:1].isalpha():
        return "$("
    if word[:1].isupper() and index > 0:
        return "NN" if language == "de" else "NE"
    return "X"


@lru_cache(maxsize=8192)
def tag(text: str, language: str, use_tagger: bool, model: str) -> tuple[Token, ...]:
    """Tokenise and tag one sentence (cached: agency copies repeat sentences word for word); ``model``
    is the HanTa model of ``language`` (``[claims] tagger_model`` / ``tagger_model_en``)."""
    words = split_words(text)
    if language == "en":
        words = _split_clitics(words)
    if not words:
        return ()
    if use_tagger and language == "en":
        tagger = _hanta(model)
        if tagger is not None:
            return _english(words, tagger)
    tagger = _hanta(model) if (use_tagger and language == "de") else None
    if tagger is not None:
        # hyphenated compounds are tagged by their last part ("US-Außenminister" -> "Außenminister")
        heads = [w.rsplit("-", 1)[-1] if "-" in w and w[:1].isalpha() else w for w, _, _ in words]
        tagged = tagger.tag_sent(heads, taglevel=1)
        tokens = []
        for i, ((word, start, end), (head, (_, lemma, stts))) in enumerate(zip(words, zip(heads, tagged))):
            stts = stts.replace("(", "").replace(")", "")
            if stts == "NNA":  # HanTa's own tag for a noun made of an adjective ("Beamter", "Abgeordnete"): STTS NN
                stts = "NN"
            if head != word:
                lemma = word[: len(word) - len(head)] + (lemma if lemma[:1].isupper() == head[:1].isupper() else head)
            elif stts == "NE" and lemma.lower() == word.lower():
                lemma = word  # HanTa writes "USA" as "Usa"
            tag_ = _PUNCT_TAGS.get(word, stts)
            past = tag_ in {"VVFIN", "VAFIN", "VMFIN"} and _german_past(tagger, head)
            tokens.append(Token(i, word, start, end, lemma, tag_, past))
        return tuple(tokens)
    return tuple(
        Token(i, w, s, e, _simple_lemma(w, language) if w[:1].isalpha() else w, _fallback_tag(w, i, language))
        for i, (w, s, e) in enumerate(words)
    )


# clitics the tagger knows as tokens of their own: "'s" (possessive, or "is"), "'re", "'ve", "'ll", "'m", "'d"
_CLITICS = ("s", "re", "ve", "ll", "m", "d")


def _split_clitics(words: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """ "Kim's" -> "Kim", "'s"; "We're" -> "We", "'re"; and in tokenised text (NewsWCL50: "We 're",
    "Trump 's") the apostrophe and its clitic are one token again."""
    out: list[tuple[str, int, int]] = []
    for w, s, e in words:
        low = w.lower().replace("’", "'")
        tail = next((c for c in _CLITICS if low.endswith("'" + c) and len(w) > len(c) + 1), None)
        if tail is not None and w[:1].isalpha():
            cut = e - len(tail) - 1
            out.extend(((w[: cut - s], s, cut), (w[cut - s:], cut, e)))
        elif out and out[-1][0] in {"'", "’"} and out[-1][2] == s and w.lower() in _CLITICS \
                and len(out) > 1 and out[-2][2] < out[-1][1]:
            out[-1] = (out[-1][0] + w, out[-1][1], e)  # "We 're": spaced off the word before, glued to "re"
        else:
            out.append((w, s, e))
    return out


def _english(words: list[tuple[str, int, int]], tagger: Any) -> tuple[Token, ...]:
    """English tokens tagged by HanTa, CLAWS5 mapped to STTS; an adjective before a noun is attributive."""
    tagged = _nouns_after_a(_verbs_after_names(tagger, _capitals_inside_are_names(
        words, tagger.tag_sent([w.replace("’", "'") for w, _, _ in words], taglevel=1))))
    tags = [_PUNCT_TAGS.get(w, _CLAWS_TO_STTS.get(claws, "X")) for (w, _, _), (_, _, claws) in zip(words, tagged)]
    for i, t in enumerate(tags):
        if t == "ADJD" and tagged[i][2].startswith("AJ") and i + 1 < len(tags) and tags[i + 1] in {"NN", "NE", "ADJD"}:
            tags[i] = "ADJA"
    tokens = []
    helped = False  # a form of be, have or get came earlier: an "-ed" form after it is a participle
    for i, ((word, start, end), (_, lemma, claws)) in enumerate(zip(words, tagged)):
        # HanTa tags most simple pasts of lexical verbs as participles ("reopened" VVN): one with no auxiliary
        # before it and no article right before it ("the reopened bridge") is the simple past
        past = claws in _CLAWS_PAST or (claws == "VVN" and not helped and not (i and tagged[i - 1][2] in _CLAWS_DET))
        helped = helped or claws[:2] in {"VB", "VH"} or lemma == "get"
        if claws == "NP0" or (word.isupper() and len(word) > 1):
            lemma = word  # HanTa writes "KCNA" as "Kcna"
        elif not word[:1].isalpha() and not (claws[:1] == "V" and word[:1] in "'’"):
            lemma = word  # but "'re" is "be", "'ll" "will"
        elif lemma == word.lower() and word.lower().endswith(("ing", "ed", "s")):
            lemma = _simple_lemma(word, "en")  # a verb HanTa does not know: "mulling" -> "mull"
        tokens.append(Token(i, word, start, end, lemma, tags[i], past))
    return tuple(tokens)


# CLAWS5 tags of common nouns (singular, plural, either)
_CLAWS_COMMON_NOUNS = frozenset({"NN0", "NN1", "NN2"})
# CLAWS5 tags that open what a verb after a name governs: a name, an article, "that", a pronoun, a possessive, a number
_CLAWS_OPENS_OBJECT = frozenset({"NP0", "AT0", "CJT", "PNP", "DPS", "CRD"})
# what may stand between "a" and the head of its noun phrase: nouns, names, adjectives, numbers
_CLAWS_INSIDE_NP = frozenset({"NN0", "NN1", "NP0", "AJ0", "CRD", "ORD"})
# what follows a noun rather than a verb: "that"/"which"/"who", a preposition, punctuation
_CLAWS_AFTER_NOUN = frozenset({"CJT", "PNQ", "PRP", "PRF", "PUN", "PUL", "PUR", "PUQ"})


def _capitals_inside_are_names(words: list[tuple[str, int, int]], tagged: list) -> list:
    """English writes common nouns in lower case: a capitalised one inside a sentence is (part of) a name,
    whatever HanTa reads ("The Times reported …", "The Wall Street Journal reported …": NN1 there, NP0 in
    "The New York Times"). Not the first word, nor one after an opening quotation mark or a colon, and not in
    a line that capitalises most of its words (a headline in title case: "Trump Signs Order on Trade")."""
    alpha = [w for w, _, _ in words if w[:1].isalpha()]
    if sum(w[:1].isupper() for w in alpha) * 2 > len(alpha):
        return tagged
    out = list(tagged)
    for i in range(1, len(out)):
        word, lemma, claws = out[i]
        before = words[i - 1][0]
        if claws in _CLAWS_COMMON_NOUNS and word[:1].isupper() and not word.isupper() \
                and before not in {'"', "“", "‘", "'", ":", "«", "„"}:
            out[i] = (word, word, "NP0")
    return out


def _nouns_after_a(tagged: list) -> list:
    """A verb's base form or infinitive ending a phrase opened by "a"/"an", before what follows a noun ("that",
    a preposition, punctuation), is the phrase's noun: "a late-night tweet that called …" (HanTa: "tweet" VVI,
    a speech verb whose subject was then the sentence's first phrase). No verb stands there: a singular "a …"
    phrase is no subject of a base form, and an infinitive follows "to" or a modal, not "a late-night". Nor
    right after "the": "The override, the first …, is expected to begin" (HanTa: "override" VVB, a finite verb
    that made the subject a clause of its own)."""
    out = list(tagged)
    for i in range(1, len(out)):
        word, lemma, claws = out[i]
        if claws not in {"VVB", "VVI"} or (i + 1 < len(out) and out[i + 1][2] not in _CLAWS_AFTER_NOUN):
            continue
        if out[i - 1][0].lower() == "the":
            out[i] = (word, lemma, "NN1")
            continue
        if i < 2 or out[i - 1][2] not in _CLAWS_INSIDE_NP:
            continue
        k = i - 1
        while k > 0 and out[k][2] in _CLAWS_INSIDE_NP:
            k -= 1
        if out[k][0].lower() in {"a", "an"}:
            out[i] = (word, lemma, "NN1")
    return out


def _verbs_after_names(tagger: Any, tagged: list) -> list:
    """A plural noun between a name and what a verb governs is that verb where HanTa knows the word as a
    verb too: "The Times reports Liz Cheney said …", "Reuters claims the …" (HanTa tags "reports", "claims",
    "notes" as plural nouns there, and the sentence then has no speech verb). A word HanTa knows only as a
    noun stays one ("Trump supporters Smith and Jones")."""
    out = list(tagged)
    for i in range(1, len(out) - 1):
        word, lemma, claws = out[i]
        if (claws == "NN2" and word[:1].islower() and out[i - 1][2] == "NP0"
                and out[i + 1][2] in _CLAWS_OPENS_OBJECT and _also_verb(tagger, word)):
            out[i] = (word, lemma, "VVZ")
    return out


@lru_cache(maxsize=10_000)
def _also_verb(tagger: Any, word: str) -> bool:
    """Whether HanTa's candidates for ``word`` include a third-person verb form."""
    try:
        return any(t == "VVZ" for t, _ in tagger.tag_word(word))
    except Exception:  # any failure of the tagger: keep its first reading
        return False


# CLAWS5 tags of a finite verb in the simple past: lexical verbs ("met"), "be" ("was"), "have" ("had"), "do" ("did")
_CLAWS_PAST = frozenset({"VVD", "VBD", "VHD", "VDD"})
_CLAWS_DET = frozenset({"AT0", "DT0", "DPS", "ORD", "CRD"})
_UMLAUTS = frozenset("äöü")


@lru_cache(maxsize=100_000)
def _german_past(tagger: Any, word: str) -> bool:
    """Whether a finite German verb form is the simple past (Präteritum), indicative, by HanTa's morphemes.

    A weak verb's regular stem takes "-te" ("teilte", "erklärten"). A strong or mixed verb changes its
    stem (HanTa's ``*_VAR`` morpheme): "kam", "starben", "wurde", "brachte", "hatte", "konnte" are past (an auxiliary or modal
    needs an ending: "wird", "kann" are present);
    a changed stem with an umlaut is the present or the Konjunktiv II ("hält", "läuft", "käme",
    "würde", "hätte"), one that takes "-t" or "-st" is the present ("gibt", "hilft"), as is "weiß",
    and "i" for the lemma's "e" with no ending is the present of a stem ending in "t" ("gilt",
    "tritt"; but "ging", and "litt" of "leiden"). An irregular form (``*_IRR``: "war", "ist", "wäre") is past when it is a form of "war".
    """
    try:
        lemma, morphemes, _ = tagger.analyze(word, taglevel=3)
    except Exception:  # an analysis HanTa cannot give: no claim about the tense
        return False
    if not morphemes:
        return False
    stem, kind = morphemes[0]
    suffix = "".join(m for m, _ in morphemes[1:])
    low = word.lower()
    if kind.endswith("_IRR"):
        return stem.lower().startswith("war")
    if kind.endswith("_VAR"):
        variant = stem.lower()
        if _UMLAUTS & set(variant) or suffix in {"t", "st"} or "ei" in variant:
            return False
        plain_e = "e" in str(lemma).lower().replace("ei", "").replace("ie", "")
        if not suffix and variant.endswith("t") and "i" in variant and "ie" not in variant and plain_e:
            return False  # "gilt", "tritt", "ficht" (but "litt", "schnitt" of "leiden", "schneiden" are past)
        # an auxiliary's or modal's changed stem with no ending is the present: "wird", "hat", "kann", "muss"
        return suffix in {"e", "en", "est", "et"} or (not suffix and kind.startswith("VV"))
    # a regular stem: the weak past ending; a modal's "sollte", "wollte" is left out (also "should", a plan)
    return kind.startswith(("VV", "VA")) and suffix in {"te", "ten", "test", "tet"} and low.endswith(suffix)


def _opens_word(text: str, i: int) -> bool:
    """Whether the mark at ``i`` stands before a word: "Wort", or in tokenised text " Wort after a space
    with the same mark closing it later in the sentence (a lone spaced mark may be an inch sign), or
    opening the sentence (a quotation that goes on in the next one: '" And maybe we won 't meet at all .')."""
    if i + 1 < len(text) and text[i + 1].isalnum():
        return True
    spaced = (i == 0 or text[i - 1].isspace()) and text[i + 1 : i + 2] == " " and text[i + 2 : i + 3].isalnum()
    return spaced and (text.find(text[i], i + 1) >= 0 or not text[:i].strip())


def _ends_word(text: str, i: int) -> bool:
    """Whether the mark at ``i`` is glued to the end of a word and opens none ("Brücke“, sagte er")."""
    return i > 0 and text[i - 1].isalnum() and (i + 1 == len(text) or not text[i + 1].isalnum())


def quote_spans(text: str, pairs: list[list[str]]) -> list[tuple[int, int, bool]]:
    """Character spans of quotations (inner text) and whether each one was closed.

    A quotation left open at the end of the sentence runs to its end (it goes on
    in the next sentence).
    """
    spans: list[tuple[int, int, bool]] = []
    i = 0
    openers = {p[0]: p[1] for p in pairs}
    while i < len(text):
        ch = text[i]
        close = openers.get(ch)
        # straight quotes and single low-9 marks only open before a word (tokenised text, as in
        # NewsWCL50, spaces them off: '" This is a sham , " he said' opens before " This"); no mark
        # glued to the end of a word opens anything (a German closing “ in "Brücke“, sagte er")
        if close is not None and not _ends_word(text, i) and (ch not in "\"‚" or _opens_word(text, i)):
            j = text.find(close, i + 1)
            if j < 0:
                spans.append((i + 1, len(text), False))
                break
            spans.append((i + 1, j, True))
            i = j + 1
            continue
        i += 1
    return spans


def _verb_second(words: list[Token], article: bool) -> bool:
    """A clause has its finite verb second, as a German main clause does: right after its first word, or, when
    that word may be an article, after the noun phrase it opens, before the clause's end."""
    if len(words) > 1 and words[1].is_finite:
        return True
    return article and len(words) > 2 and words[1].tag in {"NN", "NE", "ADJA"} and any(w.is_finite for w in words[2:-1])


def clauses(
    tokens: tuple[Token, ...],
    quotes: list[tuple[int, int, bool]],
    subordinators: frozenset[str],
    complementizers: frozenset[str],
    determiners: frozenset[str],
    quote_chars: frozenset[str],
    verb_final: bool = True,
) -> list[Clause]:
    """Split at commas, semicolons, colons, dashes and brackets.

    A clause opened by a subordinator ("ob", "weil") or relative pronoun ("was",
    "die") is subordinate when a comma precedes it or its finite verb comes last
    ("Wie X in einem Brief mitteilte, ..."); at the start of a sentence "Die" is
    an article. "dass" opens a complement. Speech frames are marked later.
    ``verb_final``: the language puts a subordinate clause's verb last (German), so one with its verb
    second after a comma is a main clause ("…, das ist eine Drohung"); English relatives are not ("…, which
    was founded in 1990, …").
    """
    out: list[Clause] = []
    start = 0

    def close(end: int) -> None:
        words = [t for t in tokens[start:end] if t.is_word]
        if not words:
            return
        first = words[0]
        before = next((t.text for t in reversed(tokens[: first.i]) if t.text not in quote_chars), "")
        kind = "main"
        if first.low in complementizers:
            kind = "complement"
        elif (first.low in subordinators and (
            # after a comma a German clause with its verb second is a main one: right after the opening word
            # ("…, das ist eine Drohung", "…, wie fühlen Sie sich?") or, after a word that is also an article, after
            # its noun ("Er sagte, die Brücke werde nicht öffnen"); "…, die gar nicht wissen", "…, die Angehörige
            # verloren haben" are relative. English "…, which was founded in 1990, …" is relative all the same
            (before in {",", "(", "–", "—"} and not (verb_final and _verb_second(words, first.low in determiners)))
            or (first.low not in determiners and words[-1].is_finite)
        )) or (len(words) > 1 and first.tag in {"APPR", "APPRART"} and words[1].low in subordinators
               and words[1].low not in determiners):
            # "..., über welche Kanäle der Austausch stattfinde" is an indirect question
            kind = "subordinate"
        quoted = sum(any(s <= w.start < e for s, e, _ in quotes) for w in words)
        in_quote = quoted * 2 > len(words)
        out.append(Clause(start, end, kind, in_quote))

    for t in tokens:
        # quotation marks are no clause break: "er würde „nichts ausschließen“" is one clause
        if t.text in CLAUSE_BREAKS:
            close(t.i)
            start = t.i + 1
    close(len(tokens))
    return out
