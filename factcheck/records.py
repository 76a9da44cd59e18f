"""Frozen records passed between pipeline stages.

Each record has one ``to_dict``/``from_dict`` pair; ``from_dict`` rejects
unknown keys so that a typo in a hand-written file fails loudly.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any, TypeVar

T = TypeVar("T")


def _check_keys(cls: type, data: dict[str, Any]) -> None:
    known = {f.name for f in dataclasses.fields(cls)}
    unknown = set(data) - known
    if unknown:
        raise ValueError(f"{cls.__name__}: unknown keys {sorted(unknown)}")


class _Record:
    """Mixin with the JSON boundary for flat records."""

    def to_dict(self) -> dict[str, Any]:
        return _plain(self)

    @classmethod
    def from_dict(cls: type[T], data: dict[str, Any]) -> T:
        _check_keys(cls, data)
        kwargs = {}
        for f in dataclasses.fields(cls):  # type: ignore[arg-type]
            if f.name in data:
                value = data[f.name]
                kwargs[f.name] = tuple(value) if isinstance(value, list) else value
        return cls(**kwargs)


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (tuple, list)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


@dataclass(frozen=True, slots=True)
class Removed(_Record):
    """A piece of page furniture taken out of an article during ingest."""

    text: str
    rule: str  # name of the boilerplate rule that matched
    line: int  # 1-based line number in the raw text (0 when not line-based)


@dataclass(frozen=True, slots=True)
class Skipped(_Record):
    """An input left out of the analysis, and why: a bad file, a bad JSON Lines line, a copy."""

    path: str  # the file (or directory) as the user named it
    reason: str
    line: int | None = None  # JSON Lines: the 1-based line; None for a whole file
    copy_of: str | None = None  # a copy: the id of the article whose text it repeats

    def where(self) -> str:
        """``path`` or ``path:line``, as warnings and reports show it."""
        return self.path if self.line is None else f"{self.path}:{self.line}"


@dataclass(frozen=True, slots=True)
class Cut(_Record):
    """Work a configured limit left out (``[limits]``): never a silent cut."""

    limit: str  # the key in [limits], e.g. "max_article_chars"
    value: int  # its value in this run
    where: str  # the file, article or corpus it cut
    detail: str  # what was left out, in words


@dataclass(frozen=True, slots=True)
class Article(_Record):
    """One news article after ingest: cleaned body text plus metadata."""

    id: str
    title: str
    text: str  # cleaned body text; sentence offsets point into this
    outlet: str | None = None
    published: str | None = None  # ISO date (YYYY-MM-DD) or None when unknown
    language: str | None = None  # ISO 639-1 code
    url: str | None = None
    source: str = ""  # file the article came from (with :line for JSONL)
    removed: tuple[Removed, ...] = ()

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Article:
        _check_keys(cls, data)
        data = dict(data)
        data["removed"] = tuple(Removed.from_dict(r) for r in data.get("removed", ()))
        return cls(**data)


@dataclass(frozen=True, slots=True)
class Event(_Record):
    """Articles that tell the same story (``factcheck.events``); only these are compared."""

    id: str  # "ev-" + a hash of the member article ids: stable while the members are
    label: str  # title of the most central article
    articles: tuple[str, ...]  # article ids, in corpus order
    first_published: str | None = None  # ISO date of the earliest dated member
    last_published: str | None = None


@dataclass(frozen=True, slots=True)
class Sentence(_Record):
    """A sentence of an article; ``start``/``end`` are offsets into ``Article.text``."""

    id: str  # "<article id>:s<index>", unique across a corpus
    article_id: str
    index: int
    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class AlignedPair(_Record):
    """Two sentences that talk about the same thing, with why they were aligned."""

    a: str  # sentence id
    b: str  # sentence id
    score: float  # combined score in [0, 1]
    cosine: float  # raw embedding cosine similarity
    semantic: float  # cosine rescaled against the corpus' own background
    lexical: float  # rapidfuzz token overlap, 0..1
    anchors: float  # overlap of entities, numbers and rare words, 0..1
    shared: tuple[str, ...] = ()  # the anchors both sentences contain
    scope: str = "cross"  # "cross" (two articles) or "intra" (one article)
    proposition: float = 0.0  # overlap of the two claims' proposition keys, 0..1
    topic: tuple[str, ...] = ()  # the proposition keys both claims share
    via: str = "score"  # what aligned them: "score" (combined signals) or "proposition"
    # the NLI model's view of the pair, both reading directions averaged; None: no model ran
    nli_entailment: float | None = None
    nli_contradiction: float | None = None


@dataclass(frozen=True, slots=True)
class Span(_Record):
    """Character span inside one sentence, with what it marks."""

    start: int
    end: int
    label: str  # e.g. "negation", "modality", "number", "time", "speaker", "quote"
    text: str = ""


@dataclass(frozen=True, slots=True)
class Quantity(_Record):
    """A number with what it counts, e.g. "mehr als 30 Tiere" -> 30, "Tier", "more_than"."""

    value: float
    unit: str  # normalised unit or counted noun lemma ("Prozent", "Mann", "")
    text: str
    start: int  # offsets into the sentence text
    end: int
    approx: str = ""  # "more_than", "less_than", "about", "" (exact)
    increment: bool = False  # added to another count ("750 zusätzliche Soldaten"), not a total

    def counts_alike(self, other: Quantity) -> bool:
        """Whether two numbers count the same kind of thing, so that different values disagree: the same
        unit, and both totals or both additions ("750 zusätzliche Soldaten" is no figure for "5000 Soldaten")."""
        return self.unit == other.unit and self.increment == other.increment


@dataclass(frozen=True, slots=True)
class TimeExpr(_Record):
    """A time expression, normalised and, where possible, resolved to a calendar date."""

    text: str
    start: int  # offsets into the sentence text
    end: int
    kind: str  # "weekday", "part_of_day", "weekend", "week", "relative", "date", "year"
    value: str = ""  # normalised: "monday", "night_before:tuesday", "before", "2014-06-17", ...
    date: str = ""  # ISO date it resolves to against the article's publication date, "" if unknown


@dataclass(frozen=True, slots=True)
class Stance(_Record):
    """One polarity/modality statement inside a sentence and the proposition it applies to."""

    polarity: str  # "positive" or "negative"
    modality: str  # "asserted", "ruled_out", "possible", "considered", "hedged", "unclear", "question"
    status: str  # "happened", "planned", "current"
    cue: Span | None  # the cue that decided polarity/modality (None: plain assertion)
    lemmas: tuple[str, ...] = ()  # proposition key: canonical content lemmas of the clause
    entities: tuple[str, ...] = ()  # canonical entities in the clause (the holder excluded)
    inherited: tuple[str, ...] = ()  # lemmas taken from the preceding sentence ("nichts ausschließen")
    status_cue: Span | None = None  # the words that decided the status ("wollten", "haben … getroffen")

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Stance:
        _check_keys(cls, data)
        data = {k: tuple(v) if isinstance(v, list) else v for k, v in data.items()}
        for key in ("cue", "status_cue"):
            if data.get(key) is not None:
                data[key] = Span.from_dict(data[key])
        return cls(**data)


@dataclass(frozen=True, slots=True)
class Claim(_Record):
    """What one sentence asserts, as far as the rules can tell."""

    sentence_id: str
    article_id: str
    speaker: str | None  # canonical speaker (resolved inside the article), None = narrator
    speaker_text: str | None  # the speaker as written in this sentence or at the antecedent
    speaker_kind: str  # "quote", "reported", "attributed", "document", "narrator"
    actor: str | None  # institution the speaker (else the holder) speaks for ("USA", ...)
    polarity: str  # of the main stance: "positive" or "negative"
    modality: str  # of the main stance (see Stance.modality)
    status: str = "current"  # of the main stance: "happened", "planned", "current"
    language: str = "de"
    stances: tuple[Stance, ...] = ()
    quantities: tuple[Quantity, ...] = ()
    times: tuple[TimeExpr, ...] = ()
    entities: tuple[str, ...] = ()  # canonical entity names
    quotes: tuple[Span, ...] = ()  # direct quotations
    cues: tuple[Span, ...] = ()  # polarity/modality cues and the speaker span, with labels
    lemmas: tuple[str, ...] = ()  # canonical content lemmas of the sentence (topic key)
    event_date: str = ""  # ISO date the statement is dated to ("" = unknown)
    event_order: str = ""  # "before" when dated only relative to an earlier mention ("zuvor")
    event_text: str = ""  # the time expression that dated it (maybe from an earlier sentence)
    event_value: str = ""  # its normalised value (TimeExpr.value), e.g. "night_before:tuesday"
    holder: str | None = None  # whose position or action the main clause states (its subject), canonical
    location: str | None = None  # dateline place ("WASHINGTON afp |" -> "Washington")
    agency: str | None = None  # dateline news agency ("afp")
    finite: bool = True  # a finite verb anywhere in it; False for headings, captions, a name on its own line
    quoted_verb: bool = False  # a verb inside a direct quotation: said words, not a quoted title or word
    speaker_type: str = ""  # what the speaker is: "person" (a name), "group", "description" (a title, a role), "document"; "" = none

    def speaker_as_written(self, speaker: str | None = None) -> str | None:
        """The speaker as this sentence writes it, where the canonical form (``speaker``, default the
        claim's) is a key of lemmas no reader would write: "Sprecher Stadtamt" reads as "der Sprecher
        des Stadtamtes"; None where the canonical form reads as it is (a name: "Anna Berg"
        for "Berg" or "Bürgermeisterin Anna Berg").

        >>> c = Claim("a:s0", "a", "Sprecher Stadtamt", "der Sprecher des Stadtamtes", "reported", None,
        ...           "positive", "asserted")
        >>> c.speaker_as_written()
        'der Sprecher des Stadtamtes'
        >>> Claim("a:s1", "a", "Anna Berg", "Bürgermeisterin Berg", "quote", None, "positive",
        ...       "asserted").speaker_as_written() is None
        True
        """
        speaker = self.speaker if speaker is None else speaker
        written = self.speaker_text or ""
        parts = (speaker or "").split()
        # every word of the key inside the written words, but not all of them as whole words: inflected
        inflected = parts and not all(p in written.split() for p in parts) and all(p in written for p in parts)
        return written if inflected else None

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Claim:
        _check_keys(cls, data)
        data = {k: tuple(v) if isinstance(v, list) else v for k, v in data.items()}
        nested = {"stances": Stance, "quantities": Quantity, "times": TimeExpr, "quotes": Span, "cues": Span}
        for key, record in nested.items():
            if key in data:
                data[key] = tuple(record.from_dict(v) for v in data[key])
        return cls(**data)


@dataclass(frozen=True, slots=True)
class Evidence(_Record):
    """A marked piece of one side of a finding (offsets into that sentence's text)."""

    side: str  # "a" or "b"
    start: int
    end: int
    label: str  # "negation", "modality", "number", "time", "speaker", "quote"
    text: str


@dataclass(frozen=True, slots=True)
class Finding(_Record):
    """A reason an editor should look at a pair of sentences."""

    fingerprint: str  # sha1 of kind, code and both normalised texts (order-independent)
    kind: str  # agree, contradict, number_mismatch, ... (see factcheck/codes.py)
    code: str  # stable rule code, FC1xx
    severity: str  # "info", "low", "medium", "high"
    confidence: float
    a: str  # sentence id
    b: str  # sentence id
    explanation: str
    evidence: tuple[Evidence, ...] = ()
    reason: str = ""  # main sub-reason, e.g. "position_change_over_time"
    outlets: tuple[str, ...] = field(default=())  # outlets that carry the claim(s)
    reasons: tuple[str, ...] = ()  # every sub-reason that applies, main one first

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Finding:
        _check_keys(cls, data)
        data = {k: tuple(v) if isinstance(v, list) else v for k, v in data.items()}
        data["evidence"] = tuple(Evidence.from_dict(e) for e in data.get("evidence", ()))
        return cls(**data)


@dataclass(frozen=True, slots=True)
class Verdict(_Record):
    """A rules-only judgement of a text pair in NLI terms; ``label`` None means abstain."""

    label: str | None  # "entailment", "neutral", "contradiction" or None
    confidence: float
    code: str | None  # the finding code that decided it, if any
    explanation: str


@dataclass(frozen=True, slots=True)
class Fact(_Record):
    """A corroboration cluster: claims that agree, collapsed into one fact."""

    id: str  # content-based: stable across runs and article order
    text: str  # representative wording (earliest outlet, then shortest)
    sentences: tuple[str, ...]  # sentence ids carrying the fact
    articles: tuple[str, ...]
    outlets: tuple[str, ...]  # distinct outlets (article id where the outlet is unknown)
    wordings: tuple[str, ...]  # distinct sentence texts
    single_source: bool  # reported by one outlet only


@dataclass(frozen=True, slots=True)
class Statement(_Record):
    """One dated position of an actor on a proposition (an entry of a timeline)."""

    sentence: str  # sentence id
    article: str
    outlet: str | None
    speaker: str | None
    actor: str | None
    modality: str
    polarity: str
    date: str  # ISO date of the statement, "" when unknown
    dated_by: str  # "text" (a time expression), "before" (zuvor: before the article's event), "published"
    time_text: str  # the time expression that dated it
    text: str
    speaker_text: str | None = None  # the speaker as the sentence writes it, where ``speaker`` is a lemma key


@dataclass(frozen=True, slots=True)
class Timeline(_Record):
    """Statements on one proposition by one actor, in time order, and whether the position changed."""

    actor: str
    proposition: str  # a few words naming what the statements are about
    statements: tuple[Statement, ...]
    changed: bool  # the actor's position changed between statements

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Timeline:
        _check_keys(cls, data)
        data = dict(data)
        data["statements"] = tuple(Statement.from_dict(s) for s in data["statements"])
        return cls(**data)


@dataclass(frozen=True, slots=True)
class Candidate(_Record):
    """Two sentences of different articles that could agree or disagree (see classify.candidates)."""

    a: str  # sentence id, earlier in corpus order
    b: str  # sentence id
    cosine: float  # embedding cosine similarity
    via: tuple[str, ...] = ()  # what proposed it: "embedding" (top-k), "entity", "number", "predicate", "aligned"
    # each is the other's most similar sentence in the other's article (mutual nearest neighbours):
    # the two are most likely about the same fact, whatever the cosine's level
    mutual: bool = False


@dataclass(frozen=True, slots=True)
class Judgement(_Record):
    """The judge's reading of one candidate pair: a probability for each kind (and "none")."""

    a: str
    b: str
    kind: str  # most probable kind, "none" for no finding
    probability: float  # calibrated probability of ``kind``
    probabilities: tuple[tuple[str, float], ...]  # every class with its probability
    signals: tuple[tuple[str, float], ...]  # the signal row the model read, by name


@dataclass(frozen=True, slots=True)
class DivergenceSide(_Record):
    """One side of a divergence: sentences that say the same thing (a fact cluster)."""

    sentences: tuple[str, ...]  # sentence ids, earliest publication first
    articles: tuple[str, ...]
    outlets: tuple[str, ...]
    first_published: str | None
    last_published: str | None
    text: str  # representative wording (the earliest, then shortest)


@dataclass(frozen=True, slots=True)
class Divergence(_Record):
    """One disagreement between outlets, however many sentence pairs show it."""

    id: str  # short form of the fingerprint
    fingerprint: str  # content-based: kind and both sides' normalised texts, not ids or file order
    kind: str  # contradict, position_change, update, number_mismatch, attribution, quote_drift, ...
    code: str  # the finding code of its main evidence
    severity: str
    confidence: float  # the highest calibrated probability among its evidence
    sides: tuple[DivergenceSide, DivergenceSide]
    evidence: tuple[str, ...]  # fingerprints of the pair findings that show it, most important first
    explanation: str  # of the main evidence
    reasons: tuple[str, ...] = ()

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Divergence:
        _check_keys(cls, data)
        data = {k: tuple(v) if isinstance(v, list) else v for k, v in data.items()}
        data["sides"] = tuple(DivergenceSide.from_dict(s) for s in data["sides"])
        return cls(**data)
