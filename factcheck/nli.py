"""An optional NLI cross-encoder next to the rules: the rules explain, the model scores.

``[nli] model`` names a sequence-classification model with three outputs (entailment,
neutral, contradiction in some order): a registered name (``e5-nli-offline.v1``, trained
here and rebuilt at first use from the package's delta, :mod:`factcheck.models.nli_e5`),
an exported delta folder, a local directory, or a Hugging Face model that is already in
the local cache. It is loaded strictly offline; ``""`` means no model, and then
:func:`load_nli` returns None and nothing changes.

:func:`combine` merges one rules :class:`~factcheck.records.Verdict` with the model's
probabilities for the same pair (``factcheck eval``); :func:`flag_model_only` flags what only
the model sees (FC109). In the pipeline the model's probabilities are signals of the judge
(:mod:`factcheck.classify.judge`), which sets the findings' confidences; :func:`score_aligned`
is the earlier library call that moves rule confidences by the model instead.
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
from collections.abc import Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from .classify import make_finding, rank_findings
from .errors import ModelError
from .models.offline import forbid_hub_downloads
from .records import AlignedPair, Finding, Sentence, Verdict

if TYPE_CHECKING:
    from .config import NliConfig

__all__ = ["LABELS", "NliModel", "load_nli", "nli_model_dir", "combine", "symmetric", "score_aligned",
           "flag_model_only"]

log = logging.getLogger(__name__)

LABELS = ("entailment", "neutral", "contradiction")  # the column order of NliModel.predict

# weights files whose bytes identify a model (safetensors shards, PyTorch pickles, ONNX)
_WEIGHT_PATTERNS = ("*.safetensors", "pytorch_model*.bin", "*.onnx")

# finding kinds that are NLI relations; the others (attribution, quote_drift, update) are not
_FINDING_LABEL = {
    "agree": "entailment",
    "contradict": "contradiction",
    "number_mismatch": "contradiction",
    "date_mismatch": "contradiction",
    "entity_mismatch": "contradiction",
}


class NliModel:
    """A loaded cross-encoder; ``predict`` gives probabilities in :data:`LABELS` order."""

    def __init__(self, name: str, checksum: str, tokenizer: Any, model: Any, columns: Sequence[int],
                 batch_size: int, max_length: int) -> None:
        self.name = name  # as configured (path or Hub name)
        self.checksum = checksum  # sha256 over the weights file(s), for the report's config block
        self.tokenizer = tokenizer
        self.model = model
        self.columns = list(columns)  # model output index of entailment, neutral, contradiction
        self.batch_size = batch_size
        self.max_length = max_length

    def predict(self, pairs: Sequence[tuple[str, str]]) -> np.ndarray:
        """(len(pairs), 3) float32 probabilities, columns entailment, neutral, contradiction.

        Each pair is (premise, hypothesis); the model reads them as one input, truncated to
        ``max_length`` tokens (the longer side loses tokens first).
        """
        import torch

        out = np.empty((len(pairs), len(LABELS)), dtype=np.float32)
        # longest first: batches of similar length pad little
        order = sorted(range(len(pairs)), key=lambda i: -len(pairs[i][0]) - len(pairs[i][1]))
        with torch.inference_mode():
            for start in range(0, len(order), self.batch_size):
                rows = order[start : start + self.batch_size]
                batch = self.tokenizer(
                    [pairs[i][0] for i in rows],
                    [pairs[i][1] for i in rows],
                    padding=True,
                    truncation=True,
                    max_length=self.max_length,
                    return_tensors="pt",
                )
                logits = self.model(**batch).logits.float()
                out[rows] = torch.softmax(logits[:, self.columns], dim=-1).numpy()
        return out


def load_nli(cfg: NliConfig) -> NliModel | None:
    """The configured NLI model, loaded offline once per process; None when ``cfg.model`` is "".

    Raises ModelError (one line) when the model is not on this machine or its labels
    cannot be mapped to entailment, neutral and contradiction.
    """
    if not cfg.model:
        return None
    return _load(cfg.model, tuple(cfg.label_order), cfg.batch_size, cfg.max_length)


@lru_cache(maxsize=2)
def _load(name: str, label_order: tuple[str, ...], batch_size: int, max_length: int) -> NliModel:
    directory = nli_model_dir(name)
    forbid_hub_downloads()
    from transformers import AutoModelForSequenceClassification, AutoTokenizer
    from transformers.utils import logging as transformers_logging

    bars_were_on = transformers_logging.is_progress_bar_enabled()
    transformers_logging.disable_progress_bar()  # library code draws nothing on stderr
    try:
        tokenizer = AutoTokenizer.from_pretrained(directory, local_files_only=True)
        model = AutoModelForSequenceClassification.from_pretrained(directory, local_files_only=True).eval()
    except (OSError, ValueError) as exc:
        raise ModelError(f"NLI model {name!r} cannot be loaded from {directory}: {_first_line(exc)}") from exc
    finally:
        if bars_were_on:
            transformers_logging.enable_progress_bar()
    columns = _columns(name, model.config, label_order)
    checksum = _checksum(directory)
    log.info("NLI model %s loaded (sha256 %s…)", name, checksum[:12])
    # never ask for more tokens than the model has positions (a small model truncates earlier)
    positions = getattr(model.config, "max_position_embeddings", None)
    if isinstance(positions, int) and positions > 0:
        max_length = min(max_length, positions)
    return NliModel(name, checksum, tokenizer, model, columns, batch_size, max_length)


def model_checksum(cfg: NliConfig) -> str:
    """The configured model's sha256 (what :attr:`NliModel.checksum` will be) without loading it: the
    key of its cached readings (:mod:`factcheck.result_cache`)."""
    return _checksum_of(str(nli_model_dir(cfg.model)))


@lru_cache(maxsize=4)
def _checksum_of(directory: str) -> str:
    return _checksum(Path(directory))


def nli_model_dir(name: str) -> Path:
    """The directory of NLI model ``name``, rebuilt first if it comes from a delta (``models prepare``).

    A registered name or an exported delta is rebuilt in the cache; a local directory is used as
    is; a Hub name is resolved in the local cache only. ModelError when it is not on this machine.
    """
    from .models import nli_e5

    delta = nli_e5.delta_dir_for(name)
    if delta is not None:
        return nli_e5.ensure_nli_model(delta)
    path = Path(name).expanduser()
    if path.is_dir():
        return path
    from huggingface_hub import snapshot_download

    try:
        return Path(snapshot_download(name, local_files_only=True))
    except (OSError, ValueError):  # not cached (LocalEntryNotFoundError) or not a repo id at all
        raise ModelError(
            f"NLI model {name!r} is not available offline: give a local model directory or a model "
            "already in the Hugging Face cache, or run without one (--no-nli, [nli] model = \"\")"
        ) from None


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _label_name(raw: str) -> str | None:
    """Our label for a model's label name ("ENTAILMENT", "contradiction", "Neutral"), else None."""
    name = raw.strip().lower()
    for ours, prefix in (("entailment", "entail"), ("neutral", "neutral"), ("contradiction", "contradict")):
        if name.startswith(prefix):
            return ours
    return None


def _columns(name: str, config: Any, label_order: Sequence[str]) -> list[int]:
    """Model output index for each of LABELS, from id2label when it names the labels, else label_order."""
    n = int(config.num_labels)
    if n != len(LABELS):
        raise ModelError(f"NLI model {name!r} has {n} outputs; entailment, neutral and contradiction need 3")
    id2label = {int(i): str(v) for i, v in (getattr(config, "id2label", None) or {}).items()}
    named = {i: _label_name(v) for i, v in id2label.items()}
    if len(id2label) == n and sorted(filter(None, named.values())) == sorted(LABELS):
        by_label = {label: i for i, label in named.items()}
        return [by_label[label] for label in LABELS]
    if any(v is not None for v in named.values()):
        labels = sorted(id2label.values())
        raise ModelError(f"NLI model {name!r}: labels {labels} are not entailment/neutral/contradiction")
    # generic names (LABEL_0, ...): the configured order says what each output means
    return [list(label_order).index(label) for label in LABELS]


def _checksum(directory: Path) -> str:
    """sha256 over the names and bytes of the weights files, in name order; for a model rebuilt
    from a delta, the sha256 of the delta that shipped (the same on every machine)."""
    from .models.nli_e5 import rebuilt_checksum

    shipped = rebuilt_checksum(directory)
    if shipped:
        return shipped
    files = sorted({f for pattern in _WEIGHT_PATTERNS for f in directory.glob(pattern) if f.is_file()})
    if not files:
        raise ModelError(f"NLI model directory {directory} has no weights file (*.safetensors, pytorch_model*.bin)")
    digest = hashlib.sha256()
    for f in files:
        digest.update(f.name.encode("utf-8") + b"\0")
        with f.open("rb") as fh:
            while chunk := fh.read(1 << 20):
                digest.update(chunk)
    return digest.hexdigest()


def symmetric(forward: np.ndarray, backward: np.ndarray) -> np.ndarray:
    """One probability row per aligned pair from the model's two readings (a→b and b→a).

    Aligned sentences have no premise side. Entailment is directional (the longer sentence
    entails the shorter, not the reverse), so its probability is the larger of the two;
    contradiction is symmetric, so its two probabilities are averaged; neutral takes the
    rest. Rows are renormalised to sum to 1.
    """
    e, n, c = (LABELS.index(x) for x in ("entailment", "neutral", "contradiction"))
    out = np.empty_like(forward, dtype=np.float64)
    out[:, e] = np.maximum(forward[:, e], backward[:, e])
    out[:, c] = (forward[:, c] + backward[:, c]) / 2
    out[:, n] = np.clip(1.0 - out[:, e] - out[:, c], 0.0, None)
    return (out / out.sum(axis=1, keepdims=True)).astype(np.float32)


def combine(verdict: Verdict, probs: np.ndarray, cfg: NliConfig, accept: Sequence[str] | None = None) -> Verdict:
    """Merge a rules verdict with the model's (entailment, neutral, contradiction) probabilities.

    - the rules abstain: the model's most probable label, its probability as confidence;
      below ``cfg.min_confidence`` the verdict stays an abstention;
    - the model agrees (the labels in ``accept``, by default the rules' own label, hold more
      probability than any other label): confidence moves up by ``cfg.weight`` × that
      probability × the room left to 1;
    - the model disagrees: the rules' label stays (they explain) and confidence shrinks by
      ``cfg.weight`` × the model's margin against it, at most by ``cfg.weight``; the
      explanation says so.

    ``accept`` widens what counts as agreement: a change of position over time is no
    logical contradiction (Monday's "possible" and Tuesday's "ruled out" can both be true),
    so for it the model agrees when it reads the two as anything but the same statement.

    >>> from factcheck.config import default_config
    >>> v = Verdict("contradiction", 0.8, "FC101", "One side rules it out.")
    >>> combine(v, np.array([0.2, 0.68, 0.12]), default_config().nli).explanation
    'One side rules it out. The NLI model disagrees: p(contradiction)=0.12, p(neutral)=0.68.'
    """
    p = np.asarray(probs, dtype=np.float64).reshape(len(LABELS))
    top = int(np.argmax(p))
    model_label, p_top = LABELS[top], float(p[top])
    if verdict.label is None:
        if p_top < cfg.min_confidence:
            return dataclasses.replace(
                verdict, explanation=f"{verdict.explanation} The NLI model is unsure too: p({model_label})={p_top:.2f}."
            )
        return Verdict(model_label, round(p_top, 3), None,
                       f"{verdict.explanation} The NLI model says {model_label}: p({model_label})={p_top:.2f}.")
    accepted = tuple(accept) if accept else (verdict.label,)
    p_rules = float(sum(p[LABELS.index(label)] for label in accepted))
    others = [(float(p[i]), label) for i, label in enumerate(LABELS) if label not in accepted]
    p_other, other = max(others)
    either = " or ".join(accepted)
    if p_rules >= p_other:
        confidence = verdict.confidence + cfg.weight * p_rules * (1 - verdict.confidence)
        note = (f"The NLI model agrees: p({verdict.label})={p_rules:.2f}." if len(accepted) == 1 else
                f"The NLI model agrees they are not the same statement: p({either})={p_rules:.2f}.")
    else:
        confidence = verdict.confidence * (1 - cfg.weight * (p_other - p_rules))
        note = (f"The NLI model disagrees: p({verdict.label})={p_rules:.2f}, p({other})={p_other:.2f}."
                if len(accepted) == 1 else
                f"The NLI model disagrees: it reads the same statement, p({other})={p_other:.2f}.")
    return dataclasses.replace(verdict, confidence=round(confidence, 3), explanation=f"{verdict.explanation} {note}")


def _accept(finding: Finding) -> tuple[str, ...]:
    """The model labels that agree with a rule finding (see :func:`combine`)."""
    label = _FINDING_LABEL[finding.kind]
    if label == "contradiction" and "position_change_over_time" in (finding.reasons or (finding.reason,)):
        return ("contradiction", "neutral")
    return (label,)


def score_aligned(
    pairs: Sequence[AlignedPair],
    findings: Sequence[Finding],
    sentences: Mapping[str, Sentence],
    outlets: Mapping[str, str],
    model: NliModel,
    cfg: NliConfig,
    severity_rank: Mapping[str, float],
) -> tuple[tuple[AlignedPair, ...], tuple[Finding, ...]]:
    """The aligned pairs with the model's probabilities, and the findings merged with them.

    Only aligned pairs are scored; the model reads each in both directions and
    :func:`symmetric` merges the two rows (aligned sentences have no premise side). Then:

    - findings that are NLI relations ("agree" as entailment; contradict and the mismatches as
      contradiction) keep their label and explanation, and their confidence moves with the
      model (:func:`combine`): up when it agrees, down when it does not, which the
      explanation says; a change of position over time only needs the model to read the
      two as different statements;
    - with ``cfg.flag_model_only``, a pair that carries no finding at all becomes FC109
      (possible_contradiction) when the model's p(contradiction) reaches
      ``cfg.flag_contradiction`` and is its most probable label; by default only across
      articles (``cfg.scope``);
    - attribution, quote_drift and update findings are left as they are.

    ``outlets`` maps article id to outlet name. The findings come back ranked like
    ``classify`` ranks them: severity × confidence first.
    """
    scored = [p for p in pairs if p.a in sentences and p.b in sentences]
    texts = [(sentences[p.a].text, sentences[p.b].text) for p in scored]
    if texts:
        rows = symmetric(model.predict(texts), model.predict([(b, a) for a, b in texts]))
    else:
        rows = np.zeros((0, len(LABELS)), dtype=np.float32)
    probs = {(p.a, p.b): row for p, row in zip(scored, rows, strict=True)}
    entail, contra = LABELS.index("entailment"), LABELS.index("contradiction")
    new_pairs = tuple(
        dataclasses.replace(p, nli_entailment=round(float(row[entail]), 4), nli_contradiction=round(float(row[contra]), 4))
        if (row := probs.get((p.a, p.b))) is not None else p
        for p in pairs
    )
    out = []
    for f in findings:
        row = probs.get((f.a, f.b), probs.get((f.b, f.a)))
        if row is None or f.kind not in _FINDING_LABEL:
            out.append(f)
            continue
        merged = combine(Verdict(_FINDING_LABEL[f.kind], f.confidence, f.code, f.explanation), row, cfg, _accept(f))
        out.append(dataclasses.replace(f, confidence=merged.confidence, explanation=merged.explanation))
    rows = [(p.a, p.b, p.scope, probs[(p.a, p.b)]) for p in scored]
    out += flag_model_only(rows, findings, sentences, outlets, cfg)
    return new_pairs, rank_findings(out, severity_rank)


def flag_model_only(
    rows: Sequence[tuple[str, str, str, np.ndarray]],
    findings: Sequence[Finding],
    sentences: Mapping[str, Sentence],
    outlets: Mapping[str, str],
    cfg: NliConfig,
) -> list[Finding]:
    """FC109 findings (only with ``cfg.flag_model_only``): pairs ``(a, b, scope, probabilities)`` that carry
    no finding, whose most probable label is contradiction with p(contradiction) ≥ ``cfg.flag_contradiction``;
    across articles only unless ``cfg.scope`` is "all"."""
    if not cfg.flag_model_only:
        return []
    flagged = {frozenset((f.a, f.b)) for f in findings}
    contra = LABELS.index("contradiction")
    out = []
    for a, b, scope, row in rows:
        if frozenset((a, b)) in flagged or (cfg.scope == "cross" and scope != "cross"):
            continue
        if int(np.argmax(row)) == contra and row[contra] >= cfg.flag_contradiction:
            out.append(_possible_contradiction(sentences[a], sentences[b], float(row[contra]), outlets))
    return out


def _possible_contradiction(a: Sentence, b: Sentence, p_contradiction: float, outlets: Mapping[str, str]) -> Finding:
    names = (outlets.get(a.article_id) or a.article_id, outlets.get(b.article_id) or b.article_id)
    where = f"{names[0]} and {names[1]}" if names[0] != names[1] else names[0]
    explanation = (
        f"The NLI model reads these sentences ({where}) as contradicting each other "
        f"(p(contradiction)={p_contradiction:.2f}); no claim rule found why: read both before trusting it."
    )
    return make_finding("possible_contradiction", "FC109", a, b, names, p_contradiction, explanation,
                        reasons=("model_only",))
