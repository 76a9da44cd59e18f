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


@dataclass(frozen=True, slots=True)
class Span(_Record):
    """Character span inside one sentence, with what it marks."""

    start: int
    end: int
    label: str  # e.g. "negation", "number", "speaker", "quote"
    text: str = ""


@dataclass(frozen=True, slots=True)
class Quantity(_Record):
    value: float
    unit: str  # normalised unit or counted noun ("Prozent", "Mann", "")
    text: str
    start: int
    end: int
    approx: str = ""  # "more_than", "less_than", "about", "" (exact)


@dataclass(frozen=True, slots=True)
class TimeExpr(_Record):
    text: str
    start: int
    end: int
    kind: str  # "weekday", "part_of_day", "weekend", "relative", "date"
    value: str = ""  # normalised: weekday name, ISO date, "before", ...


@dataclass(frozen=True, slots=True)
class Claim(_Record):
    """What one sentence asserts, as far as the rules can tell."""

    sentence_id: str
    article_id: str
    speaker: str | None  # canonical speaker (resolved inside the article)
    speaker_text: str | None  # the speaker as written in this sentence or the antecedent
    speaker_kind: str  # "quote", "reported", "attributed", "dateline", "narrator"
    actor: str | None  # institution the speaker speaks for ("USA", ...)
    polarity: str  # "positive" or "negative"
    modality: str  # "asserted", "ruled_out", "possible", "considered", "planned", "happened", "hedged"
    quantities: tuple[Quantity, ...] = ()
    times: tuple[TimeExpr, ...] = ()
    entities: tuple[str, ...] = ()  # canonical entity names
    quotes: tuple[Span, ...] = ()  # direct quotations
    cues: tuple[Span, ...] = ()  # polarity/modality cues that decided the claim
    lemmas: tuple[str, ...] = ()  # content lemmas (proposition key)


@dataclass(frozen=True, slots=True)
class Evidence(_Record):
    side: str  # "a" or "b"
    start: int
    end: int
    label: str
    text: str


@dataclass(frozen=True, slots=True)
class Finding(_Record):
    """A reason an editor should look at a pair of sentences."""

    fingerprint: str
    kind: str  # agree, contradict, number_mismatch, ...
    code: str  # stable rule code, FC1xx
    severity: str  # "info", "low", "medium", "high"
    confidence: float
    a: str
    b: str
    explanation: str
    evidence: tuple[Evidence, ...] = ()
    reason: str = ""  # sub-reason, e.g. "position_change_over_time"
    outlets: tuple[str, ...] = field(default=())  # outlets that carry the claim(s)
