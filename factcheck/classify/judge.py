"""The judge: one decision for every candidate pair, with a calibrated probability.

A multinomial logistic regression reads the pair's signal row (:mod:`.signals`) and gives a
probability to each kind and to "none". The most probable kind other than "none" becomes a
finding when its probability reaches ``[judge] min_probability`` (agreements:
``agree_min_probability``); that probability is the finding's confidence, so a finding at 0.4
is one the model expects to be right four times in ten (see the reliability table). The rules still write the explanation: when a rule found the same kind
on the pair, its code, explanation and evidence are kept; otherwise the explanation names the
signals that decided.

The model is a small JSON file (``factcheck/models/judge/<name>.json``): signal names, scaler,
coefficients, classes, and the data it was fitted on. ``factcheck eval --gold … --fit`` fits
it (:func:`fit_judge`) and reports it leave-cluster-out.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from ..codes import CODES
from ..errors import ConfigError
from ..records import Finding, Judgement, Sentence
from .rules import make_finding, rank_findings
from .signals import GATES, SignalTable, pair_key

__all__ = ["JudgeModel", "CascadeModel", "QuoteBounds", "fit_judge", "judge", "load_judge", "screen", "JUDGE_DIR", "KIND_CODES",
           "RULE_KINDS_OF"]

JUDGE_DIR = Path(__file__).resolve().parent.parent / "models" / "judge"

# the code a judged kind gets when no rule found it on the pair
KIND_CODES = {
    "agree": "FC100",
    "contradict": "FC110",
    "number_mismatch": "FC103",
    "attribution": "FC106",
    "quote_drift": "FC107",
    "update": "FC108",
}


@dataclass(frozen=True, slots=True)
class QuoteBounds:
    """When two quotations are word for word the same (``verbatim``, a rapidfuzz ratio / 100) and when
    they are versions of one quotation at all (``min_overlap`` of the shorter one's words, the
    ``quote_overlap`` signal, at least ``min_shared`` words in common, ``quote_shared``, and the shorter
    matching a stretch of the longer at least ``min_partial``, ``quote_partial``)."""

    verbatim: float = 0.97
    min_overlap: float = 0.0
    min_shared: int = 0  # words of the two quotations in common, at least (signal quote_shared, count / 10)
    min_partial: float = 0.0  # how closely the shorter quotation matches a stretch of the longer (quote_partial)


class _Columns:
    """The signal table's columns by name (float64, as a Python float reads them), zeros for a
    signal the table lacks: the preconditions test every candidate at once."""

    def __init__(self, table: SignalTable) -> None:
        self._values = table.values
        self._index = {n: i for i, n in enumerate(table.names)}
        self._zeros = np.zeros(len(table.candidates), dtype=np.float64)

    def get(self, name: str) -> np.ndarray:
        i = self._index.get(name)
        return self._zeros if i is None else self._values[:, i].astype(np.float64)


def _stated(s: _Columns) -> np.ndarray:
    return s.get("verbless") == 0


def _quotes(s: _Columns) -> np.ndarray:
    return s.get("quotes_both") > 0


def _same_quote(s: _Columns, q: QuoteBounds) -> np.ndarray:
    """The same words: word for word, or one side quotes only excerpts of the other's quotation, or the same
    words but for an editor's brackets and a name's spelling (quote_spelling)."""
    return _quotes(s) & ((s.get("quote_similarity") >= q.verbatim) | (s.get("quote_excerpt") > 0)
                         | (s.get("quote_spelling") > 0))


def _one_quotation(s: _Columns, q: QuoteBounds) -> np.ndarray:
    # said words have a verb: a quoted title („Let’s Dance“), a name or a single word („absurd“) is none
    return (_quotes(s) & _at_least(s.get("quote_overlap"), q.min_overlap) & (s.get("quote_verbs") > 0)
            & (np.round(s.get("quote_shared") * 10) >= q.min_shared) & _at_least(s.get("quote_partial"), q.min_partial))


def _at_least(column: np.ndarray, bound: float) -> np.ndarray:
    # signals are stored as float32: a value of exactly the bound (0.7) reads back as 0.69999998
    return column >= float(np.float32(bound))


def _one_count_differs(s: _Columns) -> np.ndarray:
    """One count given as two values: two values of one unit that differ (numbers_conflict) in what the claim
    rules read as one claim (rule_number_mismatch); two numbers alone say nothing of whether they count the
    same thing ("70 Flüge am Mittwoch", "180 Flüge bis Neujahr": on 633 German articles every judged mismatch
    without the rule was wrong). Not a figure that rose on one side and fell on the other ("verliert 6
    Prozent", "rückte um 9,3 Prozent vor": a stock index on two days), nor two figures of one article, whose
    writer knows both ("in Tirol 18.214 Tests", "österreichweit 52.344 Tests"; two fires' damage; both such
    judged mismatches on the 644 German SemEval articles; the dev gold labels no pair inside an article)."""
    return ((s.get("numbers_conflict") > 0) & (s.get("rule_number_mismatch") > 0)
            & ~(s.get("directions_differ") > 0) & ~(s.get("same_article") > 0))


def _attributable(s: _Columns) -> np.ndarray:
    """Words or content that one side may give to another speaker than the other side does: not a quotation
    printed without its speaker (a headline „US-Verbrechen führen dazu …“, the last sentence of a quotation
    that runs over several: someone's words all the same), not one speaker named on both sides (the dev
    gold's two "statement" against "tweet" of one senator are given up), not a title against a name ("the
    president said …", "… Trump told reporters": one speaker as often as not), not one title („Ich bin ein
    Star …“ after "der Show") that is all the two sides quote alike, and not two sentences of one article: its
    writer gives words to one speaker, and where two of its sentences seem to differ it is a headline's
    shorthand („Vertreter der Angehörigen forderte …“ over "Der Vertreter der Angehörigen des Opfers hatte …
    gefordert") or a speaker the claims could not resolve (all four such attributions of the 644 German SemEval
    articles and the 51 English articles were wrong; the dev gold labels no pair inside an article)."""
    return (~(s.get("quote_unattributed") > 0) & ~(s.get("speakers_same") > 0) & ~(s.get("title_and_name") > 0)
            & ~(s.get("quote_title") > 0) & ~(s.get("same_article") > 0))


# what a kind needs in the pair before the judge may name it: a quotation worded differently needs a
# quotation on both sides that is one quotation in two versions (they share [classify] quote_min_overlap
# of their words; two different quotations of one speaker do not) and not word for word the same
# ([classify] quote_verbatim); a number mismatch needs one count given as two values (_one_count_differs).
# A line without a finite verb (a heading, a caption, a name on its own line) states nothing that could
# contradict, be updated, be attributed or be quoted otherwise: only the numbers it names can differ. Two
# sentences that quote the same words (word for word, or one an excerpt of the other) cannot contradict
# each other in them and show no drift: what differs is who is said to have said them (attribution, where
# _attributable). An update needs what makes one: planned against happened (planned_happened: a present
# tense against a past one is no update, "Der Dow-Jones-Index verliert …" against "… rückte … vor"), the
# claim rule's update, or one count given as two values; two figures of one unit alone are no update ("Dow
# Jones -5.4 %", "+4.6 %" on two days; 350 and 510 Euro of two donations: 3 of the 8 "updates" of the 633
# German SemEval articles, all wrong; the dev gold figures did not move).
PRECONDITIONS = {
    "quote_drift": lambda s, q: _stated(s) & _one_quotation(s, q) & ~_same_quote(s, q) & ~(s.get("names_differ") > 0),
    "number_mismatch": lambda s, q: _one_count_differs(s),
    "contradict": lambda s, q: _stated(s) & ~_same_quote(s, q),
    "attribution": lambda s, q: _stated(s) & _attributable(s),
    "update": lambda s, q: _stated(s) & ((s.get("planned_happened") > 0) | (s.get("rule_update") > 0)
                                         | _one_count_differs(s)),
}
# which rule findings explain a judged kind (a date or actor mismatch is a contradiction of detail)
RULE_KINDS_OF = {
    "agree": ("agree",),
    "contradict": ("contradict", "date_mismatch", "entity_mismatch"),
    "number_mismatch": ("number_mismatch",),
    "attribution": ("attribution",),
    "quote_drift": ("quote_drift",),
    "update": ("update",),
}


@dataclass(frozen=True)
class JudgeModel:
    """A fitted multinomial logistic regression over named signals."""

    name: str
    features: tuple[str, ...]
    classes: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray  # classes x features
    intercept: np.ndarray  # classes
    meta: dict[str, Any] = field(default_factory=dict)

    def predict_proba(self, table: SignalTable) -> np.ndarray:
        """Class probabilities for every row of ``table`` (columns as ``classes``)."""
        if not len(table.candidates):
            return np.zeros((0, len(self.classes)))
        missing = [f for f in self.features if f not in table.names]
        if missing:
            raise ConfigError(f"judge model {self.name}: signals unknown to this version: {missing}")
        cols = [table.names.index(f) for f in self.features]
        x = (table.values[:, cols].astype(np.float64) - self.mean) / self.scale
        z = x @ self.coef.T + self.intercept
        z -= z.max(axis=1, keepdims=True)
        e = np.exp(z)
        return e / e.sum(axis=1, keepdims=True)

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": "factcheck.judge/1",
            "name": self.name,
            "features": list(self.features),
            "classes": list(self.classes),
            "mean": [round(float(x), 8) for x in self.mean],
            "scale": [round(float(x), 8) for x in self.scale],
            "coef": [[round(float(x), 8) for x in row] for row in self.coef],
            "intercept": [round(float(x), 8) for x in self.intercept],
            "meta": self.meta,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], where: str = "judge model") -> JudgeModel:
        if data.get("format") != "factcheck.judge/1":
            raise ConfigError(f"{where}: not a factcheck judge model (format factcheck.judge/1)")
        try:
            model = cls(
                name=str(data["name"]),
                features=tuple(data["features"]),
                classes=tuple(data["classes"]),
                mean=np.asarray(data["mean"], dtype=np.float64),
                scale=np.asarray(data["scale"], dtype=np.float64),
                coef=np.asarray(data["coef"], dtype=np.float64),
                intercept=np.asarray(data["intercept"], dtype=np.float64),
                meta=dict(data.get("meta", {})),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise ConfigError(f"{where}: malformed judge model ({exc})") from None
        if model.coef.shape != (len(model.classes), len(model.features)) or "none" not in model.classes:
            raise ConfigError(f"{where}: judge model shapes do not match its classes and features")
        return model


def load_judge(name: str, with_nli: bool) -> JudgeModel:
    """The judge model ``name`` ("auto": judge-nli.v1 with an NLI model, judge-rules.v1 without)."""
    if name == "auto":
        name = "judge-nli.v1" if with_nli else "judge-rules.v1"
    path = Path(name) if name.endswith(".json") else JUDGE_DIR / f"{name}.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: judge model not found (fit one: factcheck eval --gold DIR --fit)") from None
    except json.JSONDecodeError as exc:
        raise ConfigError(f"{path}: judge model is not valid JSON ({exc})") from None
    return JudgeModel.from_dict(data, str(path))


def screen(table: SignalTable, rules_model: JudgeModel, threshold: float) -> np.ndarray:
    """Which candidates the NLI model must read: those the judge without the model gives at least
    ``threshold`` probability of being any kind at all ([nli] screen). The rest it has already
    decided ("none" at 1 - threshold or more), so the model's reading could not make a finding of
    them (measured leave-cluster-out on the dev gold, benchmarks/README.md)."""
    if threshold <= 0 or not len(table.candidates):
        return np.ones(len(table.candidates), dtype=bool)
    p = rules_model.predict_proba(table)
    return (1.0 - p[:, rules_model.classes.index("none")]) >= threshold


@dataclass(frozen=True)
class CascadeModel:
    """The NLI judge for the pairs the model read, the judge without it for the others (screened out)."""

    nli_model: JudgeModel
    rules_model: JudgeModel
    read: np.ndarray  # bool per candidate row

    @property
    def name(self) -> str:
        return self.nli_model.name

    @property
    def classes(self) -> tuple[str, ...]:
        return self.nli_model.classes

    @property
    def features(self) -> tuple[str, ...]:
        return self.nli_model.features

    def predict_proba(self, table: SignalTable) -> np.ndarray:
        a = self.nli_model.predict_proba(table)
        b = self.rules_model.predict_proba(table)
        b = b[:, [self.rules_model.classes.index(c) if c in self.rules_model.classes else 0 for c in self.classes]]
        b[:, [c not in self.rules_model.classes for c in self.classes]] = 0.0
        return np.where(self.read[:, None], a, b)


def fit_judge(
    x: np.ndarray,
    y: Sequence[str],
    features: Sequence[str],
    name: str,
    weights: np.ndarray | None = None,
    c: float = 1.0,
    meta: Mapping[str, Any] | None = None,
) -> JudgeModel:
    """Fit the judge: centred signals, L2-regularised multinomial logistic regression.

    Every signal already lies in [0, 1], so they are centred but not divided by their spread:
    standardising would blow a signal that fires on 3 rows of 13,000 up to values near 60 and so
    exempt its weight from the L2 penalty, which fitted such rare signals to p = 1.00 (measured
    leave-cluster-out on the dev gold, benchmarks/README.md: 15 of 96 divergences found standardised,
    17 of 96 centred only, no false contradiction either way).
    """
    from sklearn.linear_model import LogisticRegression

    x = np.asarray(x, dtype=np.float64)
    mean = x.mean(axis=0)
    scale = np.ones_like(mean)
    lr = LogisticRegression(C=c, max_iter=5000)
    lr.fit((x - mean) / scale, list(y), sample_weight=weights)
    return JudgeModel(name, tuple(features), tuple(str(k) for k in lr.classes_), mean, scale,
                      np.asarray(lr.coef_), np.asarray(lr.intercept_), dict(meta or {}))


def judgements(table: SignalTable, model: JudgeModel, quotes: QuoteBounds = QuoteBounds(),
               min_words: int = 0) -> tuple[Judgement, ...]:
    """The model's reading of every candidate pair: its most probable kind other than "none" among
    those the pair can show (:data:`PRECONDITIONS`), with that kind's probability
    (``probabilities`` holds every class, "none" included). A pair whose shorter sentence has fewer than
    ``min_words`` words can show no kind: "Humbug." or "Polizei Duisburg" in two articles states nothing."""
    probs = model.predict_proba(table)
    classes = model.classes
    none = classes.index("none")
    # each kind's precondition over every candidate at once (none: always allowed); the best allowed kind
    columns = _Columns(table)
    allowed = np.zeros(probs.shape, dtype=bool)
    for i, k in enumerate(classes):
        if k != "none":
            check = PRECONDITIONS.get(k)
            allowed[:, i] = True if check is None else check(columns, quotes)
    allowed &= (np.round(columns.get("fewest_words") * 10) >= min_words)[:, None]
    top = np.where(allowed, probs, -1.0).argmax(axis=1)
    top[~allowed.any(axis=1)] = none
    features = set(model.features) | set(GATES)  # the gates explain too ("planned on one side, happened on the other")
    listed = [(n, i) for i, n in enumerate(table.names) if n in features]
    out = []
    for cand, row, values, best in zip(table.candidates, probs.tolist(), table.values.tolist(), top.tolist(),
                                       strict=True):
        out.append(Judgement(
            a=cand.a, b=cand.b, kind=classes[best], probability=round(row[best], 4),
            probabilities=tuple((k, round(p, 4)) for k, p in zip(classes, row, strict=True)),
            signals=tuple((n, round(values[i], 4)) for n, i in listed if values[i]),
        ))
    return tuple(out)


def judge(
    table: SignalTable,
    model: JudgeModel,
    rule_findings: Sequence[Finding],
    sentences: Mapping[str, Sentence],
    outlets: Mapping[str, str],
    min_probability: float,
    agree_min_probability: float,
    max_pairs_per_sentence: int,
    severity_rank: Mapping[str, float],
    quotes: QuoteBounds = QuoteBounds(),
    likely: float = 0.5,
    min_words: int = 0,
) -> tuple[tuple[Finding, ...], tuple[Judgement, ...]]:
    """Pair findings from the judge's decisions, most important first, and every judgement."""
    by_pair: dict[tuple[str, str], list[Finding]] = defaultdict(list)
    for f in rule_findings:
        by_pair[pair_key(f.a, f.b)].append(f)
    decided = judgements(table, model, quotes, min_words)
    chosen: list[tuple[Judgement, Finding]] = []
    for j in decided:
        if j.kind == "none" or j.kind not in KIND_CODES:
            continue
        if j.probability < (agree_min_probability if j.kind == "agree" else min_probability):
            continue
        chosen.append((j, _finding(j, by_pair.get(pair_key(j.a, j.b), []), sentences, outlets)))
    # at most max_pairs_per_sentence findings of one kind per sentence: the most probable; and one finding per
    # fingerprint: a sentence an article repeats word for word (a lead repeated in the text) pairs with the same
    # sentence twice, one content, one finding (the fingerprint is the key of reviews and of the report's evidence)
    chosen.sort(key=lambda jf: (-jf[0].probability, jf[1].fingerprint))
    per: dict[tuple[str, str], int] = defaultdict(int)
    out = []
    seen: set[str] = set()
    for j, f in chosen:
        if per[(j.a, j.kind)] >= max_pairs_per_sentence or per[(j.b, j.kind)] >= max_pairs_per_sentence:
            continue
        if f.fingerprint in seen:
            continue
        seen.add(f.fingerprint)
        per[(j.a, j.kind)] += 1
        per[(j.b, j.kind)] += 1
        out.append(f)
    return rank_findings(out, severity_rank, likely), decided


def _finding(j: Judgement, rules: Sequence[Finding], sentences: Mapping[str, Sentence],
             outlets: Mapping[str, str]) -> Finding:
    sa, sb = sentences[j.a], sentences[j.b]
    names = (outlets.get(sa.article_id) or sa.article_id, outlets.get(sb.article_id) or sb.article_id)
    wanted = RULE_KINDS_OF[j.kind]
    explaining = sorted((f for f in rules if f.kind in wanted), key=lambda f: -f.confidence)
    if explaining:
        f = explaining[0]
        a, b = (sa, sb) if f.a == sa.id else (sb, sa)
        return make_finding(f.kind, f.code, a, b, names, j.probability, f.explanation, f.evidence,
                            f.reasons or ((f.reason,) if f.reason else ()))
    return make_finding(j.kind, KIND_CODES[j.kind], sa, sb, names, j.probability, _explain(j, names),
                        reasons=("judged",))


def _explain(j: Judgement, names: tuple[str, str]) -> str:
    s = dict(j.signals)
    where = f"{names[0]} and {names[1]}" if names[0] != names[1] else names[0]
    bits = []
    if "nli_contradiction" in s or "nli_entailment" in s:
        bits.append(f"the NLI model reads p(contradiction)={s.get('nli_contradiction', 0):.2f}, "
                    f"p(entailment)={s.get('nli_entailment', 0):.2f}")
    if s.get("numbers_conflict"):
        bits.append("the numbers differ")
    if s.get("polarity_differs"):
        bits.append("one side is negated")
    if s.get("names_differ"):
        bits.append("the speakers differ")
    elif s.get("speakers_differ"):
        bits.append("the speakers are named differently")  # "Trump" / "der US-Präsident" may be one person
    if s.get("quotes_both"):
        whole, stretch = s.get("quote_similarity", 0), s.get("quote_partial", 0)
        if stretch >= whole + 0.1:
            # a short version of a long quotation: the whole comparison says little ("honor and privilege to serve")
            bits.append(f"both quote (the shorter quotation matches a stretch of the longer at {stretch:.2f}, "
                        f"the whole at {whole:.2f})")
        else:
            bits.append(f"both quote (similarity {whole:.2f})")
    if s.get("planned_happened"):
        bits.append("planned on one side, happened on the other")
    elif s.get("status_differs"):
        # planned against happened is the branch above: what is left is "now" against one of the two
        bits.append("one side tells of now, the other of a plan or the past")
    summary = CODES[KIND_CODES[j.kind]].summary
    why = "; ".join(bits) if bits else "its signals"
    return (f"{where}: judged {j.kind.replace('_', ' ')} with p={j.probability:.2f} ({why}); "
            f"no claim rule names the difference, read both. {summary}")
