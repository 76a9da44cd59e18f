"""Score the pair classifier on held-out data: what ``factcheck eval`` runs.

Every pair goes through :func:`factcheck.classify.judge_pair` (the rules) and, when
``[nli] model`` is set, through the model as well (:func:`factcheck.nli.combine`).
Only test splits are read and nothing is tuned on them. The datasets (their
``PROVENANCE.txt`` under the data directory says where each comes from):

``xnli-de``
    XNLI German test (5,010 pairs), 3-way; the verdict is the prediction.
``rte3-de``
    RTE-3 German test (800), 2-way: entailment → YES; neutral and contradiction → NO.
``claimdiff``
    ClaimDiff test (1,084, English): does claim B strengthen or weaken claim A, or neither?
    Mapped as NLI with claim B as premise and claim A as hypothesis: entailment →
    strengthen, contradiction → weaken, neutral → neither. A proxy: ClaimDiff's labels are
    about support on a contentious issue, not logical entailment, so read its figures as
    how often the rules' relations line up with support and undermining, nothing more.
``socialmedia-de``
    German web-forum entailment test (Zeller & Padó 2013; 1,507 pairs, 86 entailment),
    2-way: entailment → entailment; neutral and contradiction → non-entailment.
``seeds``
    Our own seed-corpus checks (``tests/corpora/seed_pairs.jsonl``); gold
    ``not_contradiction`` is met by anything but contradiction, abstention included.

The rules abstain where they cannot tell, so each score comes three ways: ``coverage``
(share of pairs answered), ``accuracy`` over all pairs with abstentions counted wrong,
``accuracy_answered`` over the answered pairs only, and ``accuracy_abstain_as_default``
with abstentions read as the dataset's "nothing found" class (neutral, NO, neither,
non-entailment), which is what the pipeline does when a pair gets no finding. F1 counts an
abstention as a miss of the gold class and as no prediction of any class.

Speed is the time spent in ``judge_pair`` alone (plus the model's for rules + NLI), as pairs
per second of wall-clock and of this process' CPU time, and as a ratio of wall time to a
fixed pure-Python loop (``floor``) timed right before and after each dataset: the machines
are shared and their load changes from minute to minute.
"""

from __future__ import annotations

import csv
import dataclasses
import json
import logging
import time
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from .classify import judge_pair
from .config import Config
from .errors import FactcheckError, InputError
from .nli import LABELS, NliModel, combine, load_nli
from .records import Verdict

__all__ = [
    "DATASETS", "Dataset", "LabelledPair", "PairResult", "Scores", "Evaluation", "evaluate",
    "accuracy", "coverage", "per_class_f1", "per_class_precision", "macro_f1", "default_data_dir",
]

log = logging.getLogger(__name__)

_REPO = Path(__file__).resolve().parent.parent
SEED_PAIRS = _REPO / "tests" / "corpora" / "seed_pairs.jsonl"
NOT_CONTRADICTION = "not_contradiction"
ABSTAIN = "abstain"  # how an abstention shows in counts and confusion tables


def default_data_dir() -> Path:
    """``../shared/eval`` next to the repository this package lives in."""
    return _REPO.parent / "shared" / "eval"


# ---------------------------------------------------------------- records


@dataclass(frozen=True, slots=True)
class LabelledPair:
    """A premise/hypothesis pair with its gold label, in the dataset's own label set."""

    id: str
    premise: str
    hypothesis: str
    label: str


@dataclass(frozen=True, slots=True)
class Dataset:
    """Where a test set lives, how to read it and how a verdict maps onto its labels."""

    name: str
    path: str  # relative to the data directory, or absolute
    language: str
    labels: tuple[str, ...]
    default: str  # the label "nothing found" stands for
    read: Callable[[Path, tuple[str, ...]], list[LabelledPair]]
    mapping: Mapping[str, str]  # verdict label -> dataset label
    mapping_note: str
    absorbs: Mapping[str, frozenset[str | None]] = field(default_factory=dict)  # gold -> predictions that meet it
    list_pairs: bool = False  # a handful of checks: list every pair's result

    def predicted(self, verdict_label: str | None, gold: str) -> str | None:
        """The verdict in this dataset's labels (None: abstained)."""
        if verdict_label in self.absorbs.get(gold, ()):
            return gold
        return None if verdict_label is None else self.mapping[verdict_label]


@dataclass(frozen=True, slots=True)
class PairResult:
    """One pair's outcome (listed for the seed checks)."""

    id: str
    gold: str
    predicted: str | None
    verdict: str | None
    confidence: float
    code: str | None
    explanation: str


@dataclass(frozen=True, slots=True)
class Scores:
    """How one system did on one dataset."""

    dataset: str
    system: str  # "rules", "nli" (the model alone) or "rules+nli"
    n: int
    answered: int
    coverage: float
    accuracy: float  # abstentions count as wrong
    accuracy_answered: float
    accuracy_abstain_as_default: float
    macro_f1: float
    per_class_f1: dict[str, float]
    per_class_precision: dict[str, float]
    majority_accuracy: float  # accuracy of always answering the most frequent gold label
    labels: tuple[str, ...]
    default_label: str
    mapping: str
    gold_counts: dict[str, int]
    predicted_counts: dict[str, int]  # "abstain" included
    confusion: dict[str, dict[str, int]]  # gold -> predicted -> count
    seconds: float  # wall clock
    pairs_per_second: float
    cpu_seconds: float  # this process' CPU time: less sensitive to other jobs on the machine than wall time
    pairs_per_cpu_second: float
    floor_seconds: float  # the floor loop just before and after this dataset ran, mean
    vs_floor: float  # seconds per 1,000 pairs / floor seconds
    pairs: tuple[PairResult, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        out = dataclasses.asdict(self)
        if not self.pairs:
            del out["pairs"]
        return out


@dataclass(frozen=True, slots=True)
class Evaluation:
    """Scores for every dataset and system, with what produced them."""

    scores: tuple[Scores, ...]
    data_dir: str
    limit: int | None
    floor_seconds: float  # fastest run of the floor loop seen in the whole evaluation
    nli_model: str | None
    nli_checksum: str | None

    def to_dict(self) -> dict[str, Any]:
        """``{"schema", ..., "datasets": {name: {rules scores..., "rules+nli": {...}}}}``."""
        datasets: dict[str, dict[str, Any]] = {}
        for s in self.scores:
            if s.system == "rules":
                datasets[s.dataset] = {**s.to_dict(), **datasets.get(s.dataset, {})}
            else:
                datasets.setdefault(s.dataset, {})[s.system] = s.to_dict()
        return {
            "schema": "factcheck.eval/1",
            "data_dir": self.data_dir,
            "limit": self.limit,
            "floor_seconds": self.floor_seconds,
            "nli": {"model": self.nli_model, "checksum": self.nli_checksum} if self.nli_model else None,
            "datasets": datasets,
        }


# ---------------------------------------------------------------- metrics


def accuracy(gold: Sequence[str], predicted: Sequence[str | None]) -> float:
    """Share of pairs predicted right; an abstention (None) is wrong. 0.0 for no pairs.

    >>> accuracy(["a", "b", "b"], ["a", None, "a"])
    0.3333333333333333
    """
    return sum(g == p for g, p in zip(gold, predicted, strict=True)) / len(gold) if gold else 0.0


def coverage(predicted: Sequence[str | None]) -> float:
    """Share of pairs answered (not None).

    >>> coverage(["a", None, None, "b"])
    0.5
    """
    return sum(p is not None for p in predicted) / len(predicted) if predicted else 0.0


def _counts(gold: Sequence[str], predicted: Sequence[str | None], label: str) -> tuple[int, int, int]:
    """True positives, false positives and false negatives of ``label``."""
    pairs = list(zip(gold, predicted, strict=True))
    tp = sum(g == label and p == label for g, p in pairs)
    fp = sum(g != label and p == label for g, p in pairs)
    fn = sum(g == label and p != label for g, p in pairs)
    return tp, fp, fn


def per_class_f1(gold: Sequence[str], predicted: Sequence[str | None], labels: Sequence[str]) -> dict[str, float]:
    """F1 of each label; an abstention is a miss of its gold label and a prediction of none.

    >>> per_class_f1(["a", "a", "b"], ["a", None, "a"], ["a", "b"])
    {'a': 0.5, 'b': 0.0}
    """
    out = {}
    for label in labels:
        tp, fp, fn = _counts(gold, predicted, label)
        out[label] = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
    return out


def per_class_precision(
    gold: Sequence[str], predicted: Sequence[str | None], labels: Sequence[str]
) -> dict[str, float]:
    """Precision of each label (0.0 when it was never predicted); abstentions do not count.

    >>> per_class_precision(["a", "a", "b"], ["a", None, "a"], ["a", "b"])
    {'a': 0.5, 'b': 0.0}
    """
    out = {}
    for label in labels:
        tp, fp, _ = _counts(gold, predicted, label)
        out[label] = tp / (tp + fp) if tp else 0.0
    return out


def macro_f1(gold: Sequence[str], predicted: Sequence[str | None], labels: Sequence[str]) -> float:
    """Unweighted mean of :func:`per_class_f1` over ``labels``."""
    scores = per_class_f1(gold, predicted, labels)
    return sum(scores.values()) / len(scores) if scores else 0.0


# ---------------------------------------------------------------- readers


def _bad(path: Path, line: int, problem: str) -> InputError:
    return InputError(f"{path}:{line}", problem)


def _checked(pair: LabelledPair, labels: tuple[str, ...], path: Path, line: int) -> LabelledPair:
    if pair.label not in labels:
        raise _bad(path, line, f"label {pair.label!r} is none of {', '.join(labels)}")
    if not pair.premise.strip() or not pair.hypothesis.strip():
        raise _bad(path, line, "empty premise or hypothesis")
    return pair


def _jsonl(path: Path) -> list[tuple[int, dict[str, Any]]]:
    rows = []
    with path.open(encoding="utf-8") as fh:
        for number, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise _bad(path, number, f"not JSON ({exc.msg})") from None
            if not isinstance(row, dict):
                raise _bad(path, number, "not a JSON object")
            rows.append((number, row))
    return rows


def _fields(path: Path, number: int, row: dict[str, Any], *keys: str) -> list[str]:
    missing = [k for k in keys if not isinstance(row.get(k), str)]
    if missing:
        raise _bad(path, number, f"missing or non-text field(s) {', '.join(missing)}")
    return [row[k] for k in keys]


def read_xnli(path: Path, labels: tuple[str, ...]) -> list[LabelledPair]:
    """XNLI TSV without header: premise, hypothesis, label."""
    out = []
    with path.open(encoding="utf-8", newline="") as fh:
        for number, line in enumerate(fh, 1):
            parts = line.rstrip("\r\n").split("\t")
            if parts == [""]:
                continue
            if len(parts) != 3:
                raise _bad(path, number, f"expected 3 tab-separated fields, found {len(parts)}")
            out.append(_checked(LabelledPair(str(number), *parts), labels, path, number))
    return out


def read_rte3(path: Path, labels: tuple[str, ...]) -> list[LabelledPair]:
    """RTE-3 JSON Lines: id, label (YES/NO), t (text), h (hypothesis)."""
    out = []
    for number, row in _jsonl(path):
        pid, label, text, hypothesis = _fields(path, number, row, "id", "label", "t", "h")
        out.append(_checked(LabelledPair(pid, text, hypothesis, label), labels, path, number))
    return out


def read_claimdiff(path: Path, labels: tuple[str, ...]) -> list[LabelledPair]:
    """ClaimDiff 3-way JSON Lines; claim B (what strengthens or weakens) is the premise."""
    out = []
    for number, row in _jsonl(path):
        pid, claim_a, claim_b, label = _fields(path, number, row, "pair_id", "claim_a", "claim_b", "label")
        out.append(_checked(LabelledPair(pid, claim_b, claim_a, label), labels, path, number))
    return out


def read_socialmedia(path: Path, labels: tuple[str, ...]) -> list[LabelledPair]:
    """TSV with a header naming at least id, premise, hypothesis, label."""
    out = []
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        header = next(reader, None) or []
        missing = [k for k in ("id", "premise", "hypothesis", "label") if k not in header]
        if missing:
            raise _bad(path, 1, f"header lacks {', '.join(missing)}")
        col = {k: header.index(k) for k in ("id", "premise", "hypothesis", "label")}
        for number, parts in enumerate(reader, 2):
            if not parts:
                continue
            if len(parts) != len(header):
                raise _bad(path, number, f"expected {len(header)} tab-separated fields, found {len(parts)}")
            pair = LabelledPair(parts[col["id"]], parts[col["premise"]], parts[col["hypothesis"]], parts[col["label"]])
            out.append(_checked(pair, labels, path, number))
    return out


def read_seed_pairs(path: Path, labels: tuple[str, ...]) -> list[LabelledPair]:
    """Seed checks, JSON Lines: id, premise, hypothesis, label (and a free-text note)."""
    out = []
    for number, row in _jsonl(path):
        pid, premise, hypothesis, label = _fields(path, number, row, "id", "premise", "hypothesis", "label")
        out.append(_checked(LabelledPair(pid, premise, hypothesis, label), labels, path, number))
    return out


_NLI3 = ("entailment", "neutral", "contradiction")

DATASETS: dict[str, Dataset] = {
    d.name: d
    for d in (
        Dataset("xnli-de", "xnli-de/xnli_de_test.tsv", "de", _NLI3, "neutral", read_xnli,
                {x: x for x in _NLI3}, "3-way as is"),
        Dataset("rte3-de", "rte3-de/rte3_de_test.jsonl", "de", ("YES", "NO"), "NO", read_rte3,
                {"entailment": "YES", "neutral": "NO", "contradiction": "NO"},
                "entailment -> YES; neutral, contradiction -> NO"),
        Dataset("claimdiff", "claimdiff/claimdiff_test_3way.jsonl", "en", ("strengthen", "weaken", "neither"),
                "neither", read_claimdiff,
                {"entailment": "strengthen", "contradiction": "weaken", "neutral": "neither"},
                "premise = claim_b, hypothesis = claim_a; entailment -> strengthen, contradiction -> weaken, "
                "neutral -> neither (a proxy: support on an issue is not entailment)"),
        Dataset("socialmedia-de", "nli-train/de_socialmedia_te_zeller_pado/test.tsv", "de",
                ("entailment", "non-entailment"), "non-entailment", read_socialmedia,
                {"entailment": "entailment", "neutral": "non-entailment", "contradiction": "non-entailment"},
                "entailment -> entailment; neutral, contradiction -> non-entailment"),
        Dataset("seeds", str(SEED_PAIRS), "de", ("entailment", "contradiction", NOT_CONTRADICTION),
                NOT_CONTRADICTION, read_seed_pairs, {x: x for x in _NLI3},
                "3-way; gold not_contradiction is met by entailment, neutral or abstention",
                {NOT_CONTRADICTION: frozenset({"entailment", "neutral", None})}, list_pairs=True),
    )
}


# ---------------------------------------------------------------- running


def _floor() -> float:
    """Seconds for a fixed pure-Python loop (best of three): the unit that speed ratios use."""
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        total = 0
        for i in range(200_000):
            total += i * i % 7
        best = min(best, time.perf_counter() - start)
    return best


def _scores(
    dataset: Dataset, system: str, pairs: Sequence[LabelledPair], verdicts: Sequence[Verdict],
    seconds: tuple[float, float], floor: float,
) -> Scores:
    """Scores of ``verdicts``; ``seconds`` = (wall, CPU) time they took."""
    gold = [p.label for p in pairs]
    predicted = [dataset.predicted(v.label, p.label) for p, v in zip(pairs, verdicts, strict=True)]
    answered = [v.label is not None for v in verdicts]
    n = len(pairs)
    n_answered = sum(answered)
    default = [p if p is not None else dataset.default for p in predicted]
    confusion: dict[str, dict[str, int]] = {}
    for g, p in zip(gold, predicted, strict=True):
        row = confusion.setdefault(g, {})
        row[p or ABSTAIN] = row.get(p or ABSTAIN, 0) + 1
    results = ()
    if dataset.list_pairs:
        results = tuple(
            PairResult(p.id, p.label, pred, v.label, v.confidence, v.code, v.explanation)
            for p, pred, v in zip(pairs, predicted, verdicts, strict=True)
        )
    wall, cpu = seconds
    per_1000 = wall / n * 1000 if n else 0.0
    return Scores(
        dataset=dataset.name,
        system=system,
        n=n,
        answered=n_answered,
        coverage=n_answered / n if n else 0.0,
        accuracy=accuracy(gold, predicted),
        accuracy_answered=(
            sum(g == p for g, p, a in zip(gold, predicted, answered, strict=True) if a) / n_answered
            if n_answered else 0.0
        ),
        accuracy_abstain_as_default=accuracy(gold, default),
        macro_f1=macro_f1(gold, predicted, dataset.labels),
        per_class_f1=per_class_f1(gold, predicted, dataset.labels),
        per_class_precision=per_class_precision(gold, predicted, dataset.labels),
        majority_accuracy=max(Counter(gold).values()) / n if n else 0.0,
        labels=dataset.labels,
        default_label=dataset.default,
        mapping=dataset.mapping_note,
        gold_counts=dict(Counter(gold)),
        predicted_counts=dict(Counter(p or ABSTAIN for p in predicted)),
        confusion=confusion,
        seconds=round(wall, 3),
        pairs_per_second=round(n / wall, 1) if wall > 0 else 0.0,
        cpu_seconds=round(cpu, 3),
        pairs_per_cpu_second=round(n / cpu, 1) if cpu > 0 else 0.0,
        floor_seconds=round(floor, 4),
        vs_floor=round(per_1000 / floor, 1) if floor > 0 else 0.0,
        pairs=results,
    )


def _run_rules(
    dataset: Dataset, pairs: Sequence[LabelledPair], cfg: Config
) -> tuple[list[Verdict], tuple[float, float]]:
    verdicts = []
    if pairs:  # the first call loads lexicons and the tagger: not part of the speed
        judge_pair(pairs[0].premise, pairs[0].hypothesis, dataset.language, cfg.classify, cfg.claims)
    start, cpu = time.perf_counter(), time.process_time()
    for i, pair in enumerate(pairs, 1):
        verdicts.append(judge_pair(pair.premise, pair.hypothesis, dataset.language, cfg.classify, cfg.claims))
        if i % 1000 == 0:
            log.info("%s: %d/%d pairs", dataset.name, i, len(pairs))
    return verdicts, (time.perf_counter() - start, time.process_time() - cpu)


def _run_nli(
    pairs: Sequence[LabelledPair], rules: Sequence[Verdict], model: NliModel, cfg: Config
) -> tuple[list[Verdict], list[Verdict], tuple[float, float]]:
    """(the model alone: its most probable label, never abstaining; rules + model; model seconds)."""
    start, cpu = time.perf_counter(), time.process_time()
    probs = model.predict([(p.premise, p.hypothesis) for p in pairs])
    seconds = (time.perf_counter() - start, time.process_time() - cpu)
    alone = [
        Verdict(LABELS[int(np.argmax(row))], round(float(np.max(row)), 3), None, "The NLI model alone.")
        for row in probs
    ]
    return alone, [combine(v, row, cfg.nli) for v, row in zip(rules, probs, strict=True)], seconds


def load_dataset(name: str, data_dir: Path, limit: int | None = None) -> list[LabelledPair]:
    """The first ``limit`` (all when None) pairs of the registered dataset ``name``."""
    dataset = DATASETS[name]
    path = data_dir / dataset.path
    if not path.is_file():
        raise InputError(path, f"test file of dataset {name!r} not found (see PROVENANCE.txt in its folder)")
    try:
        pairs = dataset.read(path, dataset.labels)
    except UnicodeDecodeError as exc:  # the readers read UTF-8 line by line: the position is in the block read
        raise InputError(path, f"not UTF-8 text ({exc.reason}); the test files are UTF-8") from None
    except OSError as exc:
        raise InputError(path, f"cannot read test file ({exc.strerror or exc})") from None
    return pairs[:limit] if limit is not None else pairs


def evaluate(
    cfg: Config,
    names: Sequence[str] | None = None,
    data_dir: str | Path | None = None,
    limit: int | None = None,
) -> Evaluation:
    """Score the rules (and rules + NLI when ``[nli] model`` is set) on the named datasets (all when None).

    Raises InputError when the data directory or a test file is missing, FactcheckError for an
    unknown dataset name, ModelError when the configured NLI model cannot be loaded.
    """
    names = list(names or DATASETS)
    unknown = [n for n in names if n not in DATASETS]
    if unknown:
        raise FactcheckError(f"unknown dataset(s) {', '.join(unknown)}; known: {', '.join(DATASETS)}")
    if limit is not None and limit < 1:
        raise FactcheckError(f"--limit must be at least 1, not {limit}")
    root = Path(data_dir) if data_dir is not None else default_data_dir()
    if any(not Path(DATASETS[n].path).is_absolute() for n in names) and not root.is_dir():
        raise InputError(root, "evaluation data directory not found (give --data-dir)")
    model = load_nli(cfg.nli)
    loaded = [(DATASETS[n], load_dataset(n, root, limit)) for n in names]  # every file read before any run
    floors = [_floor()]
    scores = []
    for dataset, pairs in loaded:
        rules, seconds = _run_rules(dataset, pairs, cfg)
        # the floor right before and after the run: load from others on the machine changes by the minute
        floors.append(_floor())
        floor = (floors[-2] + floors[-1]) / 2
        scores.append(_scores(dataset, "rules", pairs, rules, seconds, floor))
        log.info("%s: %d pairs, %.0f pairs/s", dataset.name, len(pairs), scores[-1].pairs_per_second)
        if model is not None:
            alone, combined, nli_seconds = _run_nli(pairs, rules, model, cfg)
            both = (seconds[0] + nli_seconds[0], seconds[1] + nli_seconds[1])
            scores.append(_scores(dataset, "nli", pairs, alone, nli_seconds, floor))
            scores.append(_scores(dataset, "rules+nli", pairs, combined, both, floor))
    return Evaluation(
        scores=tuple(scores),
        data_dir=str(root),
        limit=limit,
        floor_seconds=round(min(floors), 4),
        nli_model=model.name if model else None,
        nli_checksum=model.checksum if model else None,
    )
