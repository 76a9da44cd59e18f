"""Classify aligned sentence pairs: do the outlets say the same thing, and if not, how do they differ?

Each pair is compared claim against claim (see ``factcheck.claims``): polarity
and modality conflict only on the same proposition; numbers, dates and actors
only when both sentences make the same claim. The aligner may hand over pairs
that merely share words, so every rule first checks that the two sides are
about the same thing. Findings carry a stable code (``factcheck.codes``), an
explanation an editor can check, evidence spans and a content fingerprint.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from ..claims import extract_claims, person_actors
from ..codes import CODES
from ..config import ClaimsConfig, ClassifyConfig
from ..records import AlignedPair, Article, Claim, Evidence, Finding, Sentence, Span, Stance, Verdict

__all__ = ["classify", "canonical_entities", "judge_pair", "fingerprint", "in_marks", "make_finding", "rank_findings",
           "Verdict"]

log = logging.getLogger(__name__)

_CONTRADICTION_KINDS = frozenset({"contradict", "number_mismatch", "date_mismatch", "entity_mismatch"})
_WORD = re.compile(r"\w+", re.UNICODE)


def fingerprint(kind: str, code: str, text_a: str, text_b: str, article_a: str = "", article_b: str = "") -> str:
    """sha1 over kind, code, both normalised sentence texts and their article ids, independent of order.

    Content, not position: re-segmenting or editing elsewhere in an article keeps the
    fingerprint (and so a reviewer's decision); the article ids keep two agency copies
    of one sentence in different articles apart.
    """
    sides = sorted(f"{art}\x1e{' '.join(_WORD.findall(t.lower()))}" for art, t in ((article_a, text_a), (article_b, text_b)))
    return hashlib.sha1("\x1f".join([kind, code, *sides]).encode("utf-8")).hexdigest()


def canonical_entities(claims: Iterable[Claim], cfg: ClassifyConfig) -> dict[str, str]:
    """Map every entity, speaker and holder name to one spelling across articles.

    Spelling variants merge when rapidfuzz's ratio reaches ``entity_fuzzy_threshold``
    ("Jurij Kovalenko" ~ "Jurij Kowalenko"); a lone surname joins the one full name
    it ends ("Berg" -> "Anna Berg").

    >>> from factcheck.config import default_config
    >>> from factcheck.records import Claim
    >>> c = [Claim("a:s0", "a", "Jurij Kovalenko", None, "quote", "Ukraine", "positive", "asserted"),
    ...      Claim("b:s0", "b", "Jurij Kowalenko", None, "quote", "Ukraine", "positive", "asserted")]
    >>> canon = canonical_entities(c, default_config().classify)
    >>> canon["Jurij Kovalenko"] == canon["Jurij Kowalenko"]
    True
    """
    counts: Counter[str] = Counter()
    for c in claims:
        counts.update(n for n in (c.speaker, c.holder, *c.entities) if n)
        for st in c.stances:
            counts.update(st.entities)
    names = sorted(counts, key=lambda n: (-len(n.split()), -counts[n], n))
    threshold = cfg.entity_fuzzy_threshold
    canon: dict[str, str] = {}
    # heads (names that others join) by their number of words, in the order they became heads; and
    # the full names a lone surname may join, with their last words. rapidfuzz's process.extract
    # compares one name with all of them in C: the first head (in order) at the threshold wins, as a
    # loop over the heads would find it (that loop, quadratic in Python, took 13 s on 633 articles).
    by_words: defaultdict[int, list[str]] = defaultdict(list)
    full_names: list[str] = []
    surnames: list[str] = []
    last_words = {n.split()[-1] for n in counts if len(n.split()) > 1}
    for name in names:
        words = name.split()
        target = None
        same_shape = by_words[len(words)]
        if len(name) >= 5 and same_shape:
            hits = process.extract(name, same_shape, scorer=fuzz.ratio, score_cutoff=threshold, limit=None)
            if hits:
                target = same_shape[min(index for _, _, index in hits)]
        if target is None and len(words) == 1 and surnames:
            # a surname joins a full name only when its other words are no names of their own
            # ("Berg" -> "Anna Berg", but "Iran" stays apart from "Vertreter USA Iran")
            hits = process.extract(name, surnames, scorer=fuzz.ratio, score_cutoff=threshold, limit=None)
            # a surname some full name of the corpus ends with exactly is that one's, never a look-alike's
            # ("Kogler" of "Werner Kogler" is not "Adrian Kugler", though "Werner" is also a name of its own)
            exact = [h for h in hits if h[0] == words[-1]]
            hits = exact or ([] if name in last_words else hits)
            if len(hits) == 1:
                target = full_names[hits[0][2]]
        if target is None:
            same_shape.append(name)
            if len(words) > 1 and not any(w in counts for w in words[:-1]):
                full_names.append(name)
                surnames.append(words[-1])
            target = name
        canon[name] = target
    return canon


@dataclass(frozen=True, slots=True)
class _Side:
    """One sentence of a pair with everything the rules compare."""

    claim: Claim
    sentence: Sentence
    article: Article | None
    actor: str | None
    speaker: str | None
    holder: str | None
    items: frozenset[str]  # topic: canonical lemmas and entities of all stances
    lemmas: frozenset[str]  # topic without entities
    date: str  # ISO date the statement is dated to (its own, else publication), "" unknown
    dated_by: str  # "text" or "published" or "before"

    @property
    def outlet(self) -> str:
        a = self.article
        return (a.outlet or a.id) if a else self.claim.article_id


class _Context:
    """Corpus-level knowledge for one classify call: entity spellings, actors, lemma weights."""

    def __init__(self, claims: Mapping[str, Claim], articles: Mapping[str, Article], cfg: ClassifyConfig) -> None:
        self.cfg = cfg
        self.articles = articles
        self.canon = canonical_entities(claims.values(), cfg)
        self.entities = frozenset(self.canon.values())
        # people keep their actor across articles ("US-Außenminister X" in one, "Außenminister X" in another)
        self.person_actor = person_actors(
            (self.name(name), c.actor) for c in claims.values() for name in (c.speaker, c.holder) if name and c.actor
        )
        df: Counter[str] = Counter()
        for c in claims.values():
            df.update(self.topic(c))
        n = len(claims)
        self.idf = {k: math.log(1 + n / v) for k, v in df.items()} if n >= cfg.idf_min_claims else {}
        self.default_idf = math.log(1 + n) if self.idf else 1.0
        # every pair asks again for the same weights and sides: computed once per run
        self._weights: dict[tuple[str, str], float] = {}
        self._totals: dict[tuple[frozenset[str], str], float] = {}
        self._sides: dict[str, _Side] = {}

    def name(self, name: str) -> str:
        return self.canon.get(name, name)

    def topic(self, claim: Claim) -> frozenset[str]:
        """The claim's own content lemmas and entities (without context taken from other sentences)."""
        return frozenset(x for st in claim.stances for x in self.stance_items(st, inherited=False))

    def stance_items(self, st: Stance, inherited: bool = True) -> frozenset[str]:
        items = {*st.lemmas, *(self.name(e) for e in st.entities)}
        if inherited:
            items.update(self.name(x) for x in st.inherited)
        return frozenset(items)

    def weight(self, item: str, language: str) -> float:
        key = (item, language)
        known = self._weights.get(key)
        if known is not None:
            return known
        w = self.cfg.weights
        if item in self.entities:
            kind = "entity"
        elif _is_noun(item, language):
            kind = "noun"
        else:
            kind = "other"
        value = self._weights[key] = w.get(kind, 1.0) * self.idf.get(item, self.default_idf)
        return value

    def overlap(self, a: frozenset[str], b: frozenset[str], language: str, both: bool = False) -> float:
        """Weighted overlap coefficient: shared weight over the lighter side's weight
        (``both``: over the heavier side's, so that each side is mostly the other)."""
        if not a or not b:
            return 0.0
        # exactly rounded sums: the same value whatever order the sets are walked in (PYTHONHASHSEED)
        shared = math.fsum(self.weight(x, language) for x in a & b)
        sides = (self.total(a, language), self.total(b, language))
        return shared / (max(sides) if both else min(sides))

    def total(self, items: frozenset[str], language: str) -> float:
        """The exactly rounded weight of ``items`` (kept: a sentence's sets meet many partners)."""
        key = (items, language)
        known = self._totals.get(key)
        if known is None:
            known = self._totals[key] = math.fsum(self.weight(x, language) for x in items)
        return known

    def shared_nouns(self, a: frozenset[str], b: frozenset[str], language: str) -> list[str]:
        return sorted(x for x in a & b if x not in self.entities and _is_noun(x, language))

    def side(self, claim: Claim, sentence: Sentence) -> _Side:
        known = self._sides.get(sentence.id)
        if known is not None and known.claim is claim:
            return known
        made = self._sides[sentence.id] = self._side(claim, sentence)
        return made

    def _side(self, claim: Claim, sentence: Sentence) -> _Side:
        article = self.articles.get(claim.article_id)
        speaker = self.name(claim.speaker) if claim.speaker else None
        holder = self.name(claim.holder) if claim.holder else None
        actor = claim.actor or self.person_actor.get(speaker or "") or self.person_actor.get(holder or "")
        published = (article.published or "")[:10] if article else ""
        if claim.event_order == "before":
            date, dated_by = "", "before"
        elif claim.event_date and not (published and claim.event_date[:10] > published):
            date, dated_by = claim.event_date, "text"
        else:  # undated, or dated after its own publication: that is when the plan is for, not when it was said
            date, dated_by = (article.published or "") if article else "", "published"
        # the topic: content words, every entity the sentence names, and the holder (the same
        # holder is evidence of the same claim)
        topic = self.topic(claim) | {self.name(e) for e in claim.entities}
        lemmas = frozenset(x for x in topic if x not in self.entities)
        if holder:
            topic = topic | {holder}
        return _Side(claim, sentence, article, actor, speaker, holder, topic, lemmas, date[:10], dated_by)


def _is_noun(item: str, language: str) -> bool:
    # German nouns are capitalised, so a capitalised lemma that is no entity is a noun
    return item[:1].isupper() if language == "de" else len(item) > 3


def classify(
    pairs: Sequence[AlignedPair],
    claims: Mapping[str, Claim],
    sentences: Mapping[str, Sentence],
    articles: Mapping[str, Article],
    cfg: ClassifyConfig,
) -> tuple[Finding, ...]:
    """Findings for aligned pairs, most important first (:func:`importance`)."""
    ctx = _Context(claims, articles, cfg)
    found: dict[str, Finding] = {}
    for pair in pairs:
        ca, cb = claims.get(pair.a), claims.get(pair.b)
        sa, sb = sentences.get(pair.a), sentences.get(pair.b)
        if ca is None or cb is None or sa is None or sb is None:
            log.debug("pair %s/%s has no claim or sentence; skipped", pair.a, pair.b)
            continue
        scope = "intra" if ca.article_id == cb.article_id else "cross"
        for f in _judge(ctx.side(ca, sa), ctx.side(cb, sb), scope, ctx):
            if f.fingerprint not in found or found[f.fingerprint].confidence < f.confidence:
                found[f.fingerprint] = f
    return rank_findings(found.values(), cfg.severity_rank, cfg.likely_confidence)


def _judge(a: _Side, b: _Side, scope: str, ctx: _Context) -> list[Finding]:
    """Every finding for one pair; "agree" only when nothing else was found."""
    cfg = ctx.cfg
    language = a.claim.language
    out: list[Finding] = []
    if quote_words(a.sentence.text) == quote_words(b.sentence.text):
        # word for word the same (agency copy): only the context differs, and that is no finding;
        # a heading or dateline ("Wien") states no claim to corroborate
        if len(a.lemmas) < cfg.min_shared_lemmas:
            return []
        agree = _agree(a, b, 1.0, True, ctx) if scope == "cross" or cfg.intra_agree else None
        return [agree] if agree else []
    contradiction = _contradiction(a, b, ctx)
    if contradiction is not None:
        out.append(contradiction)
    drift = _quote_drift(a, b, ctx)
    if drift is not None:
        out.append(drift)
    # "the same claim": weighted overlap of content words, entities and holder, with enough shared
    # content words (entities alone are shared by the whole story)
    overlap = ctx.overlap(a.items, b.items, language)
    nouns = ctx.shared_nouns(a.lemmas, b.lemmas, language)
    same_claim = overlap >= cfg.min_topic_overlap and len(a.lemmas & b.lemmas) >= cfg.min_shared_lemmas and bool(nouns)
    # details only conflict when each sentence is mostly the other: "the same claim" both ways
    close = ctx.overlap(a.items, b.items, language, both=True)
    if contradiction is None and same_claim and close >= cfg.min_detail_overlap and _compatible(a, b, ctx):
        for rule in (_number_mismatch, _date_mismatch, _entity_mismatch, _attribution):
            f = rule(a, b, close, ctx)
            if f is not None:
                out.append(f)
    if contradiction is None:
        update = _update(a, b, ctx)
        if update is not None:
            out.append(update)
    if not out and (scope == "cross" or cfg.intra_agree):
        agree = _agree(a, b, overlap, same_claim, ctx)
        if agree is not None:
            out.append(agree)
    return out


# ---------------------------------------------------------------- stances


def _value(st: Stance) -> str | None:
    """ "no" (ruled out, denied), "open" (possible, considered, likely), "yes" (asserted), None (unclear)."""
    if st.modality in {"unclear", "question"}:
        return None
    if st.polarity == "negative":
        return "no"
    if st.modality in {"possible", "considered", "hedged"}:
        return "open"
    return "yes"


def _same_proposition(sa: Stance, sb: Stance, ctx: _Context, language: str) -> tuple[float, list[str], bool]:
    """Overlap of two stances' propositions, the shared items, and whether context had to help."""
    own = ctx.overlap(ctx.stance_items(sa, False), ctx.stance_items(sb, False), language)
    full_a, full_b = ctx.stance_items(sa), ctx.stance_items(sb)
    full = ctx.overlap(full_a, full_b, language)
    nouns = ctx.shared_nouns(full_a, full_b, language)
    if not nouns:
        return 0.0, [], False
    if own >= full or own >= ctx.cfg.min_proposition_overlap:
        return own, sorted(ctx.stance_items(sa, False) & ctx.stance_items(sb, False)), False
    return full, sorted(full_a & full_b), True


def _has_verb(st: Stance, language: str) -> bool:
    # German verbs are the lower-case lemmas that are no adjectives; good enough to tell a headline
    return bool(_event_verbs(st)) if language == "de" else True


def _compatible(a: _Side, b: _Side, ctx: _Context) -> bool:
    """No stance of one side conflicts with a stance of the other on the same proposition."""
    language = a.claim.language
    for sa in a.claim.stances:
        for sb in b.claim.stances:
            va, vb = _value(sa), _value(sb)
            if va and vb and "no" in (va, vb) and va != vb:
                overlap, _, _ = _same_proposition(sa, sb, ctx, language)
                if overlap >= ctx.cfg.min_proposition_overlap:
                    return False
    return True


def _contradiction(a: _Side, b: _Side, ctx: _Context) -> Finding | None:
    cfg = ctx.cfg
    language = a.claim.language
    best: tuple[float, str, Stance, Stance, list[str], bool] | None = None
    for sa in a.claim.stances:
        for sb in b.claim.stances:
            va, vb = _value(sa), _value(sb)
            if not va or not vb or "no" not in (va, vb) or va == vb:
                continue
            code = "FC101" if "open" in (va, vb) else "FC102"
            if code == "FC102" and (sa.cue is None and sb.cue is None):
                continue
            overlap, topic, used_context = _same_proposition(sa, sb, ctx, language)
            if overlap < cfg.min_proposition_overlap:
                continue
            if code == "FC102":
                # a plain statement against a denial: both sides must be mostly the same proposition,
                # sharing at least two content words, and the statement must have a verb (no headline)
                items_a, items_b = ctx.stance_items(sa, False), ctx.stance_items(sb, False)
                shared_lemmas = [x for x in items_a & items_b if x not in ctx.entities]
                plain = sa if va == "yes" else sb
                if (
                    len(shared_lemmas) < 2
                    or ctx.overlap(items_a, items_b, language, both=True) < cfg.min_topic_overlap
                    or not plain.status_cue and not _has_verb(plain, language)
                ):
                    continue
            if best is None or overlap > best[0]:
                best = (overlap, code, sa, sb, topic, used_context)
    if best is None:
        return None
    overlap, code, sa, sb, topic, used_context = best
    if a.actor and b.actor and a.actor != b.actor:
        return None  # two parties disagreeing is news, not an inconsistency between outlets
    # one shared word is thinner evidence of "the same proposition" than three
    confidence = (0.5 + 0.45 * min(overlap, 1.0)) * min(1.0, 0.8 + 0.1 * len(topic))
    if code == "FC102":
        confidence *= 0.8
    if used_context:
        confidence *= cfg.inherited_penalty
    if not (a.actor and b.actor):
        confidence *= cfg.unknown_actor_penalty
    reasons = _contradiction_reasons(a, b)
    first, second, s_first, s_second = (a, b, sa, sb) if _earlier(a, b) else (b, a, sb, sa)
    explanation = _explain_contradiction(first, second, s_first, s_second, topic, reasons)
    evidence = _evidence_stance("a", a, sa) + _evidence_stance("b", b, sb)
    return _finding("contradict", code, a, b, confidence, explanation, evidence, reasons)


def _contradiction_reasons(a: _Side, b: _Side) -> tuple[str, ...]:
    if a.speaker and b.speaker:
        speakers = "different_speakers" if a.speaker != b.speaker else "same_speaker"
    else:
        speakers = "unattributed"  # at least one side is the outlet's own voice
    dated_apart = (a.dated_by == "before") != (b.dated_by == "before") or (a.date and b.date and a.date != b.date)
    # one actor: the same one named on both sides, one speaker on both, or one side in the outlet's own voice;
    # two named speakers of whom the gazetteer knows at most one's actor are two positions, not one that changed
    if a.actor and b.actor:
        same_actor = a.actor == b.actor
    else:
        same_actor = not (a.speaker and b.speaker) or a.speaker == b.speaker
    if dated_apart and same_actor:
        return ("position_change_over_time", speakers)
    return (speakers,)


def _earlier(a: _Side, b: _Side) -> bool:
    if a.dated_by == "before" and b.dated_by != "before":
        return True
    if b.dated_by == "before" and a.dated_by != "before":
        return False
    return (a.date or "9999") <= (b.date or "9999")


_STANCE_WORDS = {
    ("no", "ruled_out"): "ruled it out",
    ("no", "asserted"): "denied it",
    ("no", "hedged"): "called it unlikely",
    ("no", "possible"): "ruled it out",
    ("no", "considered"): "ruled it out",
    ("open", "possible"): "called it possible",
    ("open", "considered"): "said it was being considered",
    ("open", "hedged"): "called it likely",
    ("yes", "asserted"): "stated it",
}


def _says(st: Stance) -> str:
    v = _value(st) or "yes"
    words = _STANCE_WORDS.get((v, st.modality), "stated it")
    cue = f" ('{st.cue.text}')" if st.cue is not None else ""
    return words + cue


def _when(side: _Side) -> str:
    c = side.claim
    if side.dated_by == "before":
        return f"earlier ('{c.event_text}', {side.outlet})"
    if side.dated_by == "text" and side.date:
        day = dt.date.fromisoformat(side.date).strftime("%A")
        label = f"in the night to {day}" if c.event_value.startswith("night_before:") else f"on {day}"
        return f"{label} ({side.date}, {side.outlet})"
    if side.date:
        return f"according to {side.outlet} ({side.date}),"
    return f"according to {side.outlet},"


def _about(topic: Sequence[str], limit: int = 6) -> str:
    """The topic words an explanation lists, without those a longer name already says: "Islamischen
    Republik, Zusammenarbeit, militärisch", not also "Republik" and "islamisch" (the name's own lemmas)."""
    words = [w.casefold() for item in topic if " " in item for w in item.split()]
    kept = [item for item in topic if " " in item or not any(w.startswith(item.casefold()) for w in words)]
    return ", ".join(kept[:limit])


def _who(side: _Side) -> str:
    """The canonical speaker, or the words the sentence uses when the canonical form is a lemma key.

    "Anna Berg" stays as it is; "Sprecher Stadtamt" (lemmas of an inflected role description) reads as
    the text has it (:meth:`Claim.speaker_as_written`): „der Sprecher des Stadtamtes“, and so does an
    actor speaking for itself with an article: „die Stadt“.
    """
    written = side.claim.speaker_text or ""
    parts = (side.speaker or "").split()
    inflected = side.claim.speaker_as_written(side.speaker or "") is not None
    # a state or organisation speaking for itself with one word before its name reads as the sentence
    # has it: „die USA“ (English would need "the" before a bare "USA")
    introduced = parts and side.speaker == side.claim.actor and written.split()[1:] == parts
    if inflected or introduced:
        return in_marks(written, side.claim.language)
    if side.speaker:
        return _named(side.speaker, side.claim.language)
    return side.holder or side.outlet


def _named(speaker: str, language: str) -> str:
    """A speaker as an English sentence names it: a description, which English writes in lower case, with
    "the" ("the suit", "the minister"); a name as it is. German descriptions keep their canonical form."""
    return f"the {speaker}" if language == "en" and speaker[:1].islower() else speaker


def _full_stop(text: str) -> str:
    """``text`` ending a sentence: a full stop unless a quotation at its end already closes with one.

    >>> _full_stop("A „Wir bleiben.“"), _full_stop("A „Wir bleiben“")
    ('A „Wir bleiben.“', 'A „Wir bleiben“.')
    """
    return text if re.search(r"[.!?…][“”\"«»‘’']$", text) else text + "."


def in_marks(text: str, language: str | None) -> str:
    """Words in the quotation marks of their language: „…“ German (and unknown), “…” any other. The comma
    English puts inside the marks before "she said" is the sentence's, not the words' ('"We stay," she said'),
    and a tokenised text's space before the last full stop goes.

    >>> in_marks("Wir bleiben", "de"), in_marks("We stay", "en")
    ('„Wir bleiben“', '“We stay”')
    >>> in_marks(" We stay , ", "en"), in_marks("We stay .", "en")
    ('“We stay”', '“We stay.”')
    """
    text = re.sub(r"\s+([.!?…])$", r"\1", text.strip().rstrip(",;:").rstrip())
    return f"„{text}“" if language in ("de", None) else f"“{text}”"


def _explain_contradiction(
    first: _Side, second: _Side, s_first: Stance, s_second: Stance, topic: list[str], reasons: tuple[str, ...]
) -> str:
    about = _about(topic)
    if reasons[0] == "position_change_over_time":
        actor = first.actor or second.actor
        head = f"The {actor} position changed" if actor else "The position changed"
        return (
            f"{head}: {_when(first)} {_who(first)} {_says(s_first)}; "
            f"{_when(second)} {_who(second)} {_says(s_second)} (about: {about})."
        )
    if reasons[0] in {"different_speakers", "unattributed"}:
        return (
            f"{_who(first)} ({first.outlet}) {_says(s_first)}, while {_who(second)} ({second.outlet}) "
            f"{_says(s_second)} (about: {about})."
        )
    return (
        f"{_who(first)} is reported as having {_says(s_first)} ({first.outlet}) and as having "
        f"{_says(s_second)} ({second.outlet}) (about: {about})."
    )


def _evidence_stance(side: str, s: _Side, st: Stance) -> tuple[Evidence, ...]:
    out = []
    if st.cue is not None:
        out.append(Evidence(side, st.cue.start, st.cue.end, st.cue.label, st.cue.text))
    out.extend(_evidence_spans(side, (c for c in s.claim.cues if c.label == "speaker")))
    for t in s.claim.times:
        if t.text == s.claim.event_text:
            out.append(Evidence(side, t.start, t.end, "time", t.text))
    return tuple(out)


def _evidence_spans(side: str, spans: Iterable[Span]) -> list[Evidence]:
    return [Evidence(side, x.start, x.end, x.label, x.text) for x in spans]


# ---------------------------------------------------------------- same claim, different detail


def _interval(q) -> tuple[float, float]:
    v = q.value
    return {
        "more_than": (v, math.inf),
        "less_than": (0.0, v),
        "about": (v * 0.8, v * 1.2),
    }.get(q.approx, (v, v))


def _time_points(claim: Claim) -> tuple[frozenset[str], frozenset[str]]:
    """The calendar days and years a sentence names itself ("12. März 2019", "2020")."""
    days = frozenset(t.date for t in claim.times if t.kind == "date" and t.date)
    years = frozenset(t.value[:4] for t in claim.times if t.kind == "year" and t.value[:4].isdigit())
    return days, years | frozenset(d[:4] for d in days)


def _other_times(a: Claim, b: Claim) -> bool:
    """Both sentences name their own days (or years) and share none: their figures are of two times
    ("12. März 2019: … mit 391 zu 242 Stimmen" and "29. März 2019: … mit 344 zu 286 Stimmen")."""
    (da, ya), (db, yb) = _time_points(a), _time_points(b)
    if da and db:
        return not da & db
    return bool(ya and yb and not ya & yb)


def _number_mismatch(a: _Side, b: _Side, overlap: float, ctx: _Context) -> Finding | None:
    tol = ctx.cfg.number_tolerance
    if _other_times(a.claim, b.claim):
        return None
    for qa in a.claim.quantities:
        same_unit = [qb for qb in b.claim.quantities if qb.unit and qa.counts_alike(qb)]
        if not same_unit:
            continue
        lo_a, hi_a = _interval(qa)
        if any(lo_a * (1 - tol) <= _interval(qb)[1] and _interval(qb)[0] <= hi_a * (1 + tol) for qb in same_unit):
            continue
        qb = same_unit[0]
        explanation = (
            f"Both report the same claim, but {a.outlet} gives '{qa.text}' and {b.outlet} gives '{qb.text}' "
            f"({qa.unit})."
        )
        evidence = (
            Evidence("a", qa.start, qa.end, "number", qa.text),
            Evidence("b", qb.start, qb.end, "number", qb.text),
        )
        return _finding("number_mismatch", "FC103", a, b, 0.5 + 0.45 * min(overlap, 1.0), explanation, evidence, ())
    return None


def _date_mismatch(a: _Side, b: _Side, overlap: float, ctx: _Context) -> Finding | None:
    if a.dated_by != "text" or b.dated_by != "text" or not a.date or not b.date:
        return None
    days = abs((dt.date.fromisoformat(a.date) - dt.date.fromisoformat(b.date)).days)
    if days <= ctx.cfg.date_tolerance_days:
        return None
    ta = next((t for t in a.claim.times if t.text == a.claim.event_text), None)
    tb = next((t for t in b.claim.times if t.text == b.claim.event_text), None)
    if ta is None or tb is None:
        return None  # a date inherited from an earlier sentence is too weak to contradict
    explanation = (
        f"Both report the same claim, but {a.outlet} dates it '{ta.text}' ({a.date}) and "
        f"{b.outlet} '{tb.text}' ({b.date})."
    )
    evidence = (Evidence("a", ta.start, ta.end, "time", ta.text), Evidence("b", tb.start, tb.end, "time", tb.text))
    return _finding("date_mismatch", "FC104", a, b, 0.45 + 0.4 * min(overlap, 1.0), explanation, evidence, ())


def _entity_mismatch(a: _Side, b: _Side, overlap: float, ctx: _Context) -> Finding | None:
    ha, hb = a.claim.holder, b.claim.holder
    if not ha or not hb or a.actor is None or b.actor is None or a.actor == b.actor:
        return None
    lemmas_a = frozenset(x for st in a.claim.stances for x in st.lemmas)
    lemmas_b = frozenset(x for st in b.claim.stances for x in st.lemmas)
    if ctx.overlap(lemmas_a, lemmas_b, a.claim.language) < max(ctx.cfg.min_topic_overlap, 0.7):
        return None
    explanation = (
        f"Both report the same claim, but {a.outlet} has it from or about {ha} ({a.actor}) and "
        f"{b.outlet} from or about {hb} ({b.actor})."
    )
    return _finding("entity_mismatch", "FC105", a, b, 0.4 + 0.4 * min(overlap, 1.0), explanation, (), ())


def _speech(side: _Side) -> bool:
    return side.claim.speaker_kind in {"quote", "reported", "document"}


def _attribution(a: _Side, b: _Side, overlap: float, ctx: _Context) -> Finding | None:
    if not (_speech(a) and _speech(b)) or not a.speaker or not b.speaker or a.speaker == b.speaker:
        return None
    # only two named people are a clear conflict; "der Minister" may well be the named one
    if _kind(a) != "person" or _kind(b) != "person":
        return None
    explanation = (
        f"Both report the same statement, but {a.outlet} attributes it to {a.speaker} and "
        f"{b.outlet} to {b.speaker}."
    )
    evidence = tuple(
        _evidence_spans("a", (c for c in a.claim.cues if c.label == "speaker"))
        + _evidence_spans("b", (c for c in b.claim.cues if c.label == "speaker"))
    )
    return _finding("attribution", "FC106", a, b, 0.4 + 0.4 * min(overlap, 1.0), explanation, evidence, ())


def _kind(side: _Side) -> str:
    # a speaker written as first name and surname is a person; a description has lower-case words
    # or a single word ("Minister", "Vertreter US-Außenamt" is no name either: no claim knows it)
    words = (side.speaker or "").split()
    named = len(words) > 1 and all(w[:1].isupper() for w in words) and side.speaker in ctx_names(side)
    return "person" if named else "other"


def ctx_names(side: _Side) -> set[str]:
    """Names the sentence itself writes as a name (its entities)."""
    return set(side.claim.entities) | {e for st in side.claim.stances for e in st.entities}


def quote_words(text: str) -> str:
    """A quotation (or sentence) as its words in order: case and punctuation do not count
    (" sham lawsuit , " = "Sham lawsuit")."""
    return " ".join(_WORD.findall(text.casefold()))


def is_excerpt(parts: Sequence[str], whole: Sequence[str]) -> bool:
    """Every quotation in ``parts`` (as :func:`quote_words`) stands word for word inside one of ``whole``:
    the same words, cut, and no drift."""
    cut = [p for p in parts if p]
    return bool(cut) and all(any(f" {p} " in f" {w} " for w in whole) for p in cut)


def same_speaker(a: str, b: str) -> bool:
    """One speaker named twice: the same name, one name the other's first or last part ("Kim" and
    "Kim Jong Un", "Anna Berg" and "Berg"), or the same first name and surname with a middle initial
    in one of them ("Anna B. Berg" and "Anna Berg")."""
    wa, wb = a.casefold().split(), b.casefold().split()
    if wa == wb:
        return True
    if len(wa) > 1 and len(wb) > 1 and wa[0] == wb[0] and wa[-1] == wb[-1]:
        ma, mb = wa[1:-1], wb[1:-1]
        if (not ma or not mb) and all(len(w) == 2 and w.endswith(".") for w in ma + mb):
            return True
    short, full = (wa, wb) if len(wa) < len(wb) else (wb, wa)
    return bool(short) and (full[: len(short)] == short or full[-len(short):] == short)


def _quote_drift(a: _Side, b: _Side, ctx: _Context) -> Finding | None:
    cfg = ctx.cfg
    best = None
    for qa in a.claim.quotes:
        na = quote_words(qa.text)
        if len(na.split()) < cfg.quote_min_words:
            continue
        for qb in b.claim.quotes:
            nb = quote_words(qb.text)
            if len(nb.split()) < cfg.quote_min_words:
                continue
            # token_set_ratio forgives added words, ratio keeps the word order honest
            similar = (fuzz.token_set_ratio(na, nb) + fuzz.ratio(na, nb)) / 2
            if similar < cfg.quote_min_similarity:
                continue
            if fuzz.ratio(na, nb) >= cfg.quote_verbatim or is_excerpt([na], [nb]) or is_excerpt([nb], [na]):
                continue  # the same words, or one an excerpt of the other
            if best is None or similar > best[0]:
                best = (similar, qa, qb)
    if best is None:
        return None
    similar, qa, qb = best
    # the earlier publication first, as a divergence shows its sides (undated last): the text reads in card order
    (x, qx), (y, qy) = sorted(((a, qa), (b, qb)), key=lambda sq: (sq[0].article.published if sq[0].article else None)
                              or "9999")
    words = f"{x.outlet} {in_marks(qx.text.strip(), x.claim.language)} vs {y.outlet} {in_marks(qy.text.strip(), y.claim.language)}"
    if a.speaker and b.speaker and not same_speaker(a.speaker, b.speaker):
        # two sources for nearly the same words: one quotation attributed twice, or two sources using one phrase
        explanation = (f"Nearly the same words are quoted from {_named(x.speaker, x.claim.language)} by {x.outlet} and "
                       f"from {_named(y.speaker, y.claim.language)} by {y.outlet}: {_full_stop(words)}")
    else:  # the fuller name ("Kim Jong Un", not "Kim")
        who = max((x for x in (a.speaker, b.speaker) if x), key=len, default="the same speaker")
        who = who if who == "the same speaker" else _named(who, a.claim.language)
        explanation = f"The same quotation of {who} is worded differently: {_full_stop(words)}"
    evidence = (Evidence("a", qa.start, qa.end, "quote", qa.text), Evidence("b", qb.start, qb.end, "quote", qb.text))
    return _finding("quote_drift", "FC107", a, b, similar / 100 * 0.9, explanation, evidence, ())


# ---------------------------------------------------------------- update and agree


def _open(st: Stance) -> bool:
    """A plan or an open question, not a ruled-out plan ("werde es keine geben")."""
    return st.polarity == "positive" and (st.status == "planned" or st.modality == "unclear")


def _done(st: Stance) -> bool:
    return st.status == "happened" and st.polarity == "positive" and st.modality == "asserted"


def _status_pair(x: _Side, y: _Side, ctx: _Context) -> tuple[Stance, Stance] | None:
    """A stance of ``x`` still open and a stance of ``y`` done that share a noun."""
    language = x.claim.language
    for sx in x.claim.stances:
        if not _open(sx):
            continue
        for sy in y.claim.stances:
            if _done(sy) and ctx.shared_nouns(ctx.stance_items(sx), ctx.stance_items(sy), language):
                return sx, sy
    return None


def _update(a: _Side, b: _Side, ctx: _Context) -> Finding | None:
    if _status_pair(a, b, ctx):
        before, after = a, b
    elif _status_pair(b, a, ctx):
        before, after = b, a
    else:
        return None
    open_stance, done_stance = _status_pair(before, after, ctx)
    language = a.claim.language
    cfg = ctx.cfg
    overlap = ctx.overlap(a.items, b.items, language)
    nouns = ctx.shared_nouns(a.lemmas, b.lemmas, language)
    # the same event: enough shared words and participants, and neither sentence mostly about else
    if (
        overlap < cfg.min_update_overlap
        or not nouns
        or len(a.items & b.items) < cfg.min_update_shared
        or ctx.overlap(a.items, b.items, language, both=True) < cfg.min_update_overlap / 2
    ):
        return None
    if before.article and after.article and (before.article.published or "") > (after.article.published or "9999"):
        return None  # a plan reported after the fact is no update
    if not _has_verb(open_stance, language):
        return None  # "Die Miliz soll" (a cut-off fragment) plans nothing
    light = set(cfg.light_verbs.get(language, ()))
    verbs_open, verbs_done = _event_verbs(open_stance) - light, _event_verbs(done_stance) - light
    if language == "de" and verbs_open and verbs_done and not verbs_open & verbs_done:
        # planned to *present* is not the same event as *agreed*: the event verb must match
        # (synonyms such as präsentieren ~ verkünden are merged by the claims lexicon)
        return None
    if _number_mismatch(a, b, overlap, ctx) is not None:
        return None  # 750 soldiers planned and 14,000 sent are two events, not one update
    marks_before = [x for x in (open_stance.cue, open_stance.status_cue) if x is not None]
    marks_after = [x for x in (done_stance.status_cue,) if x is not None]
    said = "', '".join(dict.fromkeys(m.text for m in marks_before)) or before.claim.status
    done = "', '".join(m.text for m in marks_after)
    explanation = (
        f"{before.outlet} ({_date_or(before)}) reports it as {_open_words(open_stance)} ('{said}'); "
        f"{after.outlet} ({_date_or(after)}) reports it as having happened"
        + (f" ('{done}')" if done else "")
        + f" (about: {_about(sorted(a.items & b.items))})."
    )
    side_before, side_after = ("a", "b") if before is a else ("b", "a")
    evidence = tuple(_evidence_spans(side_before, marks_before) + _evidence_spans(side_after, marks_after))
    return _finding("update", "FC108", a, b, 0.4 + 0.5 * min(overlap, 1.0), explanation, evidence, ())


def _event_verbs(st: Stance) -> set[str]:
    """The verb lemmas of a stance (German: lower-case lemmas shaped like an infinitive)."""
    return {x for x in (*st.lemmas, *st.inherited) if x[:1].islower() and x.endswith(("en", "ern", "eln"))}


def _open_words(st: Stance) -> str:
    return "unclear" if st.modality == "unclear" else "planned"


def _date_or(side: _Side) -> str:
    return (side.article.published if side.article and side.article.published else None) or "undated"


def _agree(a: _Side, b: _Side, overlap: float, same_claim: bool, ctx: _Context) -> Finding | None:
    language = a.claim.language
    if not _compatible(a, b, ctx) or (a.actor and b.actor and a.actor != b.actor):
        return None  # two parties with the same view do not corroborate one report
    # the same position on the same proposition: both rule out, both consider, ...
    for sa in a.claim.stances:
        for sb in b.claim.stances:
            if sa.cue is None or sb.cue is None or _value(sa) != _value(sb) or _value(sa) is None:
                continue
            prop, topic, _ = _same_proposition(sa, sb, ctx, language)
            if prop >= ctx.cfg.min_proposition_overlap:
                explanation = (
                    f"{a.outlet} and {b.outlet} agree: {_who(a)} {_says(sa)} / {_who(b)} {_says(sb)} "
                    f"(about: {_about(topic)})."
                )
                evidence = _evidence_stance("a", a, sa) + _evidence_stance("b", b, sb)
                return _finding("agree", "FC100", a, b, 0.5 + 0.45 * min(prop, 1.0), explanation, evidence, ())
    if not same_claim or a.claim.polarity != b.claim.polarity:
        return None
    if a.speaker and b.speaker and a.speaker != b.speaker and _speech(a) and _speech(b):
        return None
    topic = sorted(a.items & b.items)
    explanation = f"{a.outlet} and {b.outlet} report the same claim (shared: {_about(topic)})."
    return _finding("agree", "FC100", a, b, 0.4 + 0.5 * min(overlap, 1.0), explanation, (), ())


def _finding(
    kind: str,
    code: str,
    a: _Side,
    b: _Side,
    confidence: float,
    explanation: str,
    evidence: tuple[Evidence, ...],
    reasons: tuple[str, ...],
) -> Finding:
    return make_finding(kind, code, a.sentence, b.sentence, (a.outlet, b.outlet), confidence, explanation, evidence,
                        reasons)


def make_finding(
    kind: str,
    code: str,
    a: Sentence,
    b: Sentence,
    outlets: tuple[str, str],
    confidence: float,
    explanation: str,
    evidence: tuple[Evidence, ...] = (),
    reasons: tuple[str, ...] = (),
) -> Finding:
    """A finding on sentences ``a`` and ``b`` (of the two ``outlets``): fingerprint, the code's
    severity, confidence clipped to 0..1; the rules' and the NLI stage's findings are made here."""
    return Finding(
        fingerprint=fingerprint(kind, code, a.text, b.text, a.article_id, b.article_id),
        kind=kind,
        code=code,
        severity=CODES[code].severity,
        confidence=round(min(max(confidence, 0.0), 1.0), 3),
        a=a.id,
        b=b.id,
        explanation=explanation,
        evidence=evidence,
        reason=reasons[0] if reasons else "",
        outlets=tuple(sorted(set(outlets))),
        reasons=reasons,
    )


def importance(severity: str, confidence: float, severity_rank: Mapping[str, float],
               likely: float = 0.5) -> tuple[bool, float]:
    """The sort key of a finding or divergence, most important first: what the judge holds more likely
    right than wrong (``likely``, [classify] likely_confidence) before the rest, then severity weight ×
    confidence."""
    return (confidence < likely, -severity_rank.get(severity, 0) * confidence)


def rank_findings(findings: Iterable[Finding], severity_rank: Mapping[str, float],
                  likely: float = 0.5) -> tuple[Finding, ...]:
    """Most important first (:func:`importance`), then code and fingerprint (stable)."""
    return tuple(sorted(findings, key=lambda f: (*importance(f.severity, f.confidence, severity_rank, likely),
                                                 f.code, f.fingerprint)))


# ---------------------------------------------------------------- rules-only NLI


def judge_pair(text_a: str, text_b: str, language: str, cfg: ClassifyConfig, claims_cfg: ClaimsConfig) -> Verdict:
    """Judge a premise/hypothesis pair with the rules alone; ``label`` None means the rules abstain.

    >>> from factcheck.config import default_config
    >>> c = default_config()
    >>> judge_pair("Die Regierung schließt Bodentruppen aus.", "Die Regierung hält Bodentruppen für möglich.",
    ...            "de", c.classify, c.claims).label
    'contradiction'
    """
    sides = []
    for name, text in (("premise", text_a), ("hypothesis", text_b)):
        article = Article(id=name, title="", text=text, language=language)
        sentence = Sentence(f"{name}:s0", name, 0, text, 0, len(text))
        sides.append((article, sentence, extract_claims(article, (sentence,), claims_cfg)[0]))
    (art_a, sent_a, ca), (art_b, sent_b, cb) = sides
    claims = {ca.sentence_id: ca, cb.sentence_id: cb}
    ctx = _Context(claims, {art_a.id: art_a, art_b.id: art_b}, cfg)
    a, b = ctx.side(ca, sent_a), ctx.side(cb, sent_b)
    findings = _judge(a, b, "cross", ctx)
    conflict = next((f for f in findings if f.kind in _CONTRADICTION_KINDS), None)
    if conflict is not None:
        return Verdict("contradiction", conflict.confidence, conflict.code, conflict.explanation)
    items_a = a.items | {ctx.name(e) for e in ca.entities}
    items_b = b.items | {ctx.name(e) for e in cb.entities}
    if not items_b:
        return Verdict(None, 0.0, None, "The hypothesis has no content words the rules can compare.")
    covered = (math.fsum(ctx.weight(x, language) for x in items_b & items_a)
               / math.fsum(ctx.weight(x, language) for x in items_b))
    same_polarity = ca.polarity == cb.polarity
    stance_agree = next((f for f in findings if f.kind == "agree" and f.evidence), None)
    if stance_agree is not None:
        # both sides take the same marked stance (both rule out, both consider …) on the same
        # proposition: the same report in other words, however few words they share
        return Verdict("entailment", stance_agree.confidence, stance_agree.code, stance_agree.explanation)
    if covered >= cfg.judge_entail_coverage and same_polarity and _compatible(a, b, ctx):
        agree = next((f for f in findings if f.kind == "agree"), None)
        return Verdict(
            "entailment",
            round(0.5 + 0.4 * covered, 3),
            agree.code if agree else None,
            f"The premise covers {covered:.0%} of the hypothesis' content words with the same polarity.",
        )
    if covered <= cfg.judge_neutral_coverage:
        return Verdict(
            "neutral",
            round(0.5 + 0.3 * (1 - covered), 3),
            None,
            f"The premise covers only {covered:.0%} of the hypothesis' content words.",
        )
    return Verdict(None, 0.0, None, f"Undecided: the premise covers {covered:.0%} of the hypothesis' content words.")
