"""One signal row per candidate pair: what the NLI model and the rules see in it.

The judge (:mod:`.judge`) reads these rows; the names are part of a fitted model's file, so a
signal is never renamed or given a new meaning (add a new one instead).
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from rapidfuzz import fuzz

from ..records import Article, Candidate, Claim, Finding, Sentence
from .rules import is_excerpt, quote_words, same_speaker

__all__ = ["SIGNALS", "GATES", "RULE_KINDS", "SignalTable", "signal_table", "pair_key", "directions_of"]

# rule finding kinds that become signals (their best confidence; 0 = the rule did not fire)
RULE_KINDS = ("agree", "contradict", "number_mismatch", "date_mismatch", "entity_mismatch", "attribution",
              "quote_drift", "update")

SIGNALS = (
    "cosine",  # embedding cosine
    "lexical",  # rapidfuzz token_set_ratio / 100
    "length_ratio",  # shorter / longer sentence, in words
    "nli_entailment", "nli_neutral", "nli_contradiction",  # both reading directions merged (nli.symmetric)
    "nli_contradiction_max",  # the larger of the two directions' p(contradiction)
    "nli_entailment_min",  # the smaller of the two directions' p(entailment): both ways = paraphrase
    *(f"rule_{k}" for k in RULE_KINDS),
    "rule_position_change",  # a contradiction the rules date as a change of position over time
    "numbers_both",  # both sentences carry numbers
    "numbers_shared",  # they share a value
    "numbers_conflict",  # same unit, different values, none shared
    "polarity_differs", "modality_differs",
    "status_differs",  # planned / happened / current differ
    "quotes_both", "quote_similarity",  # both quote; best rapidfuzz ratio of their quotations / 100
    "speakers_differ", "speakers_same",
    "entities_shared",  # shared names / names of the side with fewer
    "days_apart",  # publication days apart, capped at 7, / 7
    "aligned",  # the display alignment pairs them (STS-calibrated: the same thing)
    "via_shared_key",  # proposed by a shared name, number or predicate, not by similarity
    "verbless",  # one side has no finite verb: a heading, a caption, a name on its own line
    "quote_overlap",  # both quote; best share of the shorter quotation's words the other has too
    "quote_excerpt",  # every quotation of one side stands word for word inside one of the other's
    "mutual_nearest",  # each is the other's most similar sentence in its article (Candidate.mutual)
    "quote_verbs",  # both quote words with a verb in them: speech, not a quoted title, name or single word
    "quote_shared",  # words (of quote_word_chars letters and more) two quotations share, the best pair, / 10, at most 1
    "planned_happened",  # one side planned (future, wollen, soll), the other happened (past): what an update is
    "names_differ",  # both speakers are named (a person, an organisation) and they are not one speaker
    "quote_unattributed",  # one side names no speaker and is a quotation on its own: someone's words all the same
    "title_and_name",  # one speaker is a title or role ("the president"), the other a named person: maybe one person
    "directions_differ",  # a figure rises on one side, falls on the other ([claims.lexicons.*] rise/fall_verbs)
    "quote_title",  # what both sides quote alike is a title ("der Show „…“"), no words said
    "same_article",  # both sentences stand in one article
    "quote_partial",  # both quote; how well the shorter quotation matches its best place in the longer, / 100
    "fewest_words",  # the words (runs of letters) of the shorter sentence, at most 10, / 10
    "quote_spelling",  # two quotations, one of each side, say the same words but for how a name is spelt
)


# signals only the judge's preconditions read (factcheck.classify.judge.PRECONDITIONS), never fitted: a gate
# for one kind (both quote said words; they share enough words) says nothing about the other kinds, and
# fitted on the 16 labelled quote drifts quote_verbs moved their probabilities (dev gold, leave-cluster-out:
# 17 -> 15 of 96 found); planned_happened is the update's gate (status_differs, fitted, also counts
# current against happened); names_differ is a quote drift's: words two named speakers said are two
# quotations, not one in two versions (a title, "der US-Präsident", may be the named person);
# quote_unattributed is an attribution's: a quotation printed without its speaker (a headline, the last
# sentence of a quotation that runs over several) is still someone's words, not a claim stated as fact;
# title_and_name one too: "the president said" and "Trump told reporters" may well name one speaker;
# directions_differ a number mismatch's: "verliert 6 Prozent" and "rückte um 9,3 Prozent vor" are two days;
# quote_title an attribution's: two sentences naming one show („Ich bin ein Star …“) share a title, no words said;
# same_article a number mismatch's and an attribution's: an article that gives two figures knows both, so they
# count two things ("in Tirol 18.214 Tests", "österreichweit 52.344 Tests"; two fires' damage), and gives one
# speaker's words to one speaker (a headline shortens its body); quote_partial a quote drift's:
# a version of a quotation matches a stretch of the other's words, two quotations sharing a few words do not;
# fewest_words every kind's: a line of one or two words ("Humbug.", "Polizei Duisburg", "geben.") states nothing;
# quote_spelling a quote drift's and a contradiction's: „(Libyan strongman Muammar) al-Qaddafi“ and „(Libyan
# strongman Moammar) Gadhafi“ in one quotation are the same words said, spelt by two editors
GATES = ("quote_verbs", "quote_shared", "planned_happened", "names_differ", "quote_unattributed", "title_and_name",
         "directions_differ", "quote_title", "same_article", "quote_partial", "fewest_words", "quote_spelling")


_LETTERS = re.compile(r"[^\W\d_]+")


def pair_key(a: str, b: str) -> tuple[str, str]:
    """The order-independent key of a sentence pair."""
    return (a, b) if a <= b else (b, a)


@dataclass(frozen=True, slots=True)
class SignalTable:
    """Signal rows of candidate pairs: ``values[i]`` belongs to ``candidates[i]``."""

    names: tuple[str, ...]
    candidates: tuple[Candidate, ...]
    values: np.ndarray  # float32, len(candidates) x len(names)

    def column(self, name: str) -> np.ndarray:
        return self.values[:, self.names.index(name)]


def _days(article: Article | None) -> dt.date | None:
    if article is None or not article.published:
        return None
    try:
        return dt.date.fromisoformat(article.published[:10])
    except ValueError:
        return None


def _numbers(a: Claim | None, b: Claim | None, tolerance: float) -> tuple[float, float, float]:
    qa = a.quantities if a else ()
    qb = b.quantities if b else ()
    if not qa or not qb:
        return 0.0, 0.0, 0.0

    def close(x: float, y: float) -> bool:
        return abs(x - y) <= tolerance * max(abs(x), abs(y), 1e-9)

    shared = any(close(x.value, y.value) for x in qa for y in qb)
    conflict = not shared and any(x.counts_alike(y) and not close(x.value, y.value) for x in qa for y in qb)
    return 1.0, float(shared), float(conflict)


def _quote_words(text: str) -> str:
    """A quotation as words: case, spacing and the punctuation at its ends do not count
    ("a left - wing conspiracy theory ." and "a left-wing conspiracy theory" differ only in the dash spacing)."""
    return " ".join(text.casefold().split()).strip(" .,;:!?…-–—'\"“”„«»‚‘’")


def _word_set(words: str, min_chars: int) -> set[str]:
    """The words of a quotation (as :func:`quote_words`) that carry content: those of at least
    ``min_chars`` letters."""
    return {w for w in words.split() if len(w) >= min_chars}


_WORD = re.compile(r"\w+")


def directions_of(lexicons: Mapping[str, Any]) -> dict[str, tuple[frozenset[str], frozenset[str]]]:
    """Each language's (rise, fall) verb lemmas, lower-cased, from ``[claims.lexicons.<lang>]``."""
    return {lang: (frozenset(w.lower() for w in lx.rise_verbs), frozenset(w.lower() for w in lx.fall_verbs))
            for lang, lx in lexicons.items()}


def _direction(claim: Claim, directions: Mapping[str, tuple[frozenset[str], frozenset[str]]]) -> str | None:
    """ "up" or "down" when the claim's words move a figure one way only, else None."""
    rise, fall = directions.get(claim.language or "", (frozenset(), frozenset()))
    lemmas = {x.lower() for x in claim.lemmas}
    up, down = bool(lemmas & rise), bool(lemmas & fall)
    return "up" if up and not down else "down" if down and not up else None


def _quotation_only(claim: Claim | None, sentence: Sentence) -> bool:
    """Whether ``sentence`` names no speaker and every word of it stands inside quotation marks."""
    if claim is None or claim.speaker or not claim.quotes:
        return False
    text = list(sentence.text)
    for q in claim.quotes:
        text[q.start : q.end] = " " * (q.end - q.start)
    return not _WORD.search("".join(text))


def _shared_title(a: Claim | None, sa: Sentence, b: Claim | None, sb: Sentence) -> bool:
    """Whether what the two sides quote alike is a title: one side quotes a title (a quotation right after
    "Show", "Buch", …) whose words the other has too, and no two of their other quotations are alike."""
    def quoted(c: Claim | None, s: Sentence, title: bool) -> list[str]:
        return [w for q in (c.quotes if c else ()) if (q.label == "title") is title
                and (w := _quote_words(s.text[q.start:q.end]))]

    if not any(q.label == "title" for c in (a, b) if c for q in c.quotes):
        return False  # (most pairs: no title, nothing to compare)
    other_a, other_b = _quote_words(sa.text), _quote_words(sb.text)
    if not (any(t in other_b for t in quoted(a, sa, True)) or any(t in other_a for t in quoted(b, sb, True))):
        return False
    titles = set(quoted(a, sa, True)) | set(quoted(b, sb, True))
    said_a = [w for w in quoted(a, sa, False) if w not in titles]
    said_b = [w for w in quoted(b, sb, False) if w not in titles]
    return not any(fuzz.ratio(x, y) >= 60 for x in said_a for y in said_b)


def _overlap(x: set[str], y: set[str]) -> float:
    """The share of the shorter word set that the other has too (0 when either is empty)."""
    return len(x & y) / min(len(x), len(y)) if x and y else 0.0


def _quote_similarity(a: Claim | None, sa: Sentence, b: Claim | None, sb: Sentence,
                      min_chars: int) -> tuple[float, float, float, float, float, float]:
    """Whether both quote; the best rapidfuzz ratio of two of their quotations; the best word overlap
    (versions of one quotation share most of their words, "no one is above the law" in a longer and a
    shorter quotation; two quotations of one speaker on the same day mostly do not); whether one
    side only quotes excerpts of the other's quotation (the same words, cut: no drift); the words both
    quotations share; and the best partial ratio, how closely the shorter quotation matches its best
    stretch of the longer (a shorter version of a quotation, "I feel badly for General Flynn" in "I feel
    very badly for Gen. Flynn", matches closely; "Let's say there's no birth certificate" shares
    "birth certificate" with another quotation and matches no stretch of it)."""
    if not a or not b or not a.quotes or not b.quotes:
        return 0.0, 0.0, 0.0, 0.0, 0.0, 0.0
    qa = [_quote_words(sa.text[x.start:x.end]) for x in a.quotes]
    qb = [_quote_words(sb.text[y.start:y.end]) for y in b.quotes]
    ratio = max(fuzz.ratio(x, y) for x in qa for y in qb)
    oa, ob = [quote_words(x) for x in qa], [quote_words(y) for y in qb]
    sets = [(_word_set(x, min_chars), _word_set(y, min_chars)) for x in oa for y in ob]
    overlap = max(_overlap(x, y) for x, y in sets)
    shared = max(len(x & y) for x, y in sets)
    excerpt = is_excerpt(oa, ob) or is_excerpt(ob, oa)
    partial = max(fuzz.partial_ratio(x.lower(), y.lower()) for x in qa for y in qb)
    return 1.0, ratio / 100.0, overlap, float(excerpt), min(shared, 10) / 10.0, partial / 100.0


_EDITORIAL = re.compile(r"\s*(?:\([^()]*\)|\[[^\[\]]*\])")
_TOKEN = re.compile(r"\w[\w'’.-]*\w|\w")


def _spelling_only(x: str, y: str, names: set[str], min_ratio: float) -> bool:
    """Whether two quotations are the same words said, but for what an editor put in: words in brackets
    („(Libyan strongman Muammar) al-Qaddafi“, „[and]“) are the editor's, and a name at the same place may be
    spelt two ways when its spellings are alike, a rapidfuzz ratio of at least ``min_ratio`` („al-Qaddafi“ and
    „Gadhafi“ 59, „Selenskyj“ and „Zelensky“ 82; two names, „Trump“ and „Clinton“, 17). A name is a capitalised
    word that the claims read as a name on one side at least (``names``, casefolded): German capitalises every
    noun, and „Bundesregierung“ against „Landesregierung“ (80) is a word changed. Any other word added, dropped
    or changed makes two versions."""
    ta, tb = (_TOKEN.findall(_EDITORIAL.sub("", q)) for q in (x, y))
    if not ta or not tb:
        return False
    ops = difflib.SequenceMatcher(None, [t.casefold() for t in ta], [t.casefold() for t in tb], autojunk=False).get_opcodes()
    changed = [(ta[i1:i2], tb[j1:j2]) for tag, i1, i2, j1, j2 in ops if tag != "equal"]

    def capitalised(w: str) -> bool:  # or one part of it after a hyphen ("al-Qaddafi")
        return any(p[:1].isupper() for p in w.split("-"))

    return all(len(wa) == len(wb) and all(capitalised(w) for w in wa + wb)
               and any(w.casefold() in names for w in wa + wb)
               and fuzz.ratio(" ".join(wa).casefold(), " ".join(wb).casefold()) >= min_ratio
               for wa, wb in changed)


def _quote_spelling(a: Claim | None, sa: Sentence, b: Claim | None, sb: Sentence, min_ratio: float) -> float:
    """1.0 when a quotation of one side and one of the other are the same words but for an editor's
    brackets and a name's spelling (:func:`_spelling_only`; the names are both claims' entities), else 0.0."""
    if min_ratio <= 0 or not a or not b or not a.quotes or not b.quotes:
        return 0.0
    names = {w.casefold() for c in (a, b) for e in c.entities for w in e.split()}
    qa = [sa.text[q.start:q.end] for q in a.quotes]
    qb = [sb.text[q.start:q.end] for q in b.quotes]
    return float(any(_spelling_only(x, y, names, min_ratio) for x in qa for y in qb))


def signal_table(
    candidates: Sequence[Candidate],
    rule_findings: Sequence[Finding],
    nli: Mapping[tuple[str, str], tuple[np.ndarray, np.ndarray]] | None,
    claims: Mapping[str, Claim],
    sentences: Mapping[str, Sentence],
    articles: Mapping[str, Article],
    aligned: set[tuple[str, str]],
    number_tolerance: float,
    quote_word_chars: int,
    directions: Mapping[str, tuple[frozenset[str], frozenset[str]]],
    *,
    name_spelling: float = 0.0,
) -> SignalTable:
    """The signal rows of ``candidates``.

    ``nli`` maps a pair (as in the candidate) to the model's (entailment, neutral, contradiction)
    rows for a→b and b→a; None or a missing pair reads as no model (all three 0).
    ``aligned`` holds the display-aligned pairs as :func:`pair_key` keys; ``quote_word_chars`` is the
    length from which a quoted word counts for ``quote_overlap`` ([classify] quote_word_chars).
    ``directions`` maps a language to its (rise, fall) verb lemmas, lower-cased (``directions_differ``;
    :func:`directions_of` the config's lexicons): required, so that no caller leaves the gate off unseen.
    ``name_spelling`` is the rapidfuzz ratio from which two spellings of a name in one quotation are one name
    (``quote_spelling``; [classify] quote_name_spelling; 0 = the gate is off).
    """
    from ..nli import symmetric  # the one place both directions are merged

    rules: dict[tuple[str, str], dict[str, float]] = {}
    for f in rule_findings:
        row = rules.setdefault(pair_key(f.a, f.b), {})
        row[f.kind] = max(row.get(f.kind, 0.0), f.confidence)
        if "position_change_over_time" in (f.reasons or (f.reason,)):
            row["position_change"] = max(row.get("position_change", 0.0), f.confidence)
    col = {n: i for i, n in enumerate(SIGNALS)}
    values = np.zeros((len(candidates), len(SIGNALS)), dtype=np.float32)
    for i, c in enumerate(candidates):
        sa, sb = sentences[c.a], sentences[c.b]
        ca, cb = claims.get(c.a), claims.get(c.b)
        v = values[i]
        v[col["cosine"]] = c.cosine
        v[col["lexical"]] = fuzz.token_set_ratio(sa.text.lower(), sb.text.lower()) / 100.0
        wa, wb = len(sa.text.split()), len(sb.text.split())
        v[col["length_ratio"]] = min(wa, wb) / max(wa, wb, 1)
        pair = nli.get((c.a, c.b)) if nli else None
        if pair is not None:
            fwd, bwd = (np.asarray(x, dtype=np.float64).reshape(1, 3) for x in pair)
            sym = symmetric(fwd, bwd)[0]
            v[col["nli_entailment"]], v[col["nli_neutral"]], v[col["nli_contradiction"]] = sym
            v[col["nli_contradiction_max"]] = max(fwd[0, 2], bwd[0, 2])
            v[col["nli_entailment_min"]] = min(fwd[0, 0], bwd[0, 0])
        r = rules.get(pair_key(c.a, c.b), {})
        for kind in RULE_KINDS:
            v[col[f"rule_{kind}"]] = r.get(kind, 0.0)
        v[col["rule_position_change"]] = r.get("position_change", 0.0)
        v[col["numbers_both"]], v[col["numbers_shared"]], v[col["numbers_conflict"]] = _numbers(ca, cb, number_tolerance)
        if ca and cb:
            v[col["polarity_differs"]] = float(ca.polarity != cb.polarity)
            v[col["modality_differs"]] = float(ca.modality != cb.modality)
            v[col["status_differs"]] = float(ca.status != cb.status)
            v[col["planned_happened"]] = float({ca.status, cb.status} == {"planned", "happened"})
            if ca.speaker and cb.speaker:
                same = same_speaker(ca.speaker, cb.speaker)
                v[col["speakers_same"]], v[col["speakers_differ"]] = float(same), float(not same)
                types = {ca.speaker_type, cb.speaker_type}
                v[col["names_differ"]] = float(types <= {"person", "group"} and not same)
                v[col["title_and_name"]] = float(not same and types == {"description", "person"})
            dir_a, dir_b = _direction(ca, directions), _direction(cb, directions)
            v[col["directions_differ"]] = float(dir_a is not None and dir_b is not None and dir_a != dir_b)
            ea, eb = set(ca.entities), set(cb.entities)
            if ea and eb:
                v[col["entities_shared"]] = len(ea & eb) / min(len(ea), len(eb))
        (v[col["quotes_both"]], v[col["quote_similarity"]], v[col["quote_overlap"]],
         v[col["quote_excerpt"]], v[col["quote_shared"]], v[col["quote_partial"]]) = _quote_similarity(
            ca, sa, cb, sb, quote_word_chars)
        da, db = _days(articles.get(sa.article_id)), _days(articles.get(sb.article_id))
        if da and db:
            v[col["days_apart"]] = min(abs((da - db).days), 7) / 7.0
        v[col["aligned"]] = float(pair_key(c.a, c.b) in aligned)
        v[col["via_shared_key"]] = float(not {"embedding", "lexical", "aligned"} & set(c.via))
        v[col["mutual_nearest"]] = float(c.mutual)
        v[col["verbless"]] = float(bool(ca and cb and not (ca.finite and cb.finite)))
        v[col["quote_verbs"]] = float(bool(ca and cb and ca.quoted_verb and cb.quoted_verb))
        v[col["quote_unattributed"]] = float(_quotation_only(ca, sa) or _quotation_only(cb, sb))
        v[col["quote_title"]] = float(_shared_title(ca, sa, cb, sb))
        v[col["same_article"]] = float(sa.article_id == sb.article_id)
        v[col["quote_spelling"]] = _quote_spelling(ca, sa, cb, sb, name_spelling)
        v[col["fewest_words"]] = min(len(_LETTERS.findall(sa.text)), len(_LETTERS.findall(sb.text)), 10) / 10.0
    return SignalTable(SIGNALS, tuple(candidates), values)
