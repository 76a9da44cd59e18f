"""Do the models' own readings of a pair tell a divergence from an agreement? Leave-cluster-out on the dev gold.

``bench_judge_ceiling.py`` asks this of the judge's signals. This asks it of what lies under them: if the
sentence embeddings or the NLI cross-encoder's hidden states carried the difference, a head fitted on them
could recover it and the signals would be the bottleneck; if they do not, no signal built on these models
can, and a stronger reader model is what the issue's bars need.

On the labelled pairs of the dev gold (``agree`` against every other label; "none" rows left out), a
class-balanced logistic regression is fitted on all clusters but one and scored on that one, for:

- ``signals``: the judge's fitted signals (the rows ``factcheck eval`` reads);
- ``embedding``: the two sentences' e5 embeddings as |u - v| and u * v (768 numbers);
- ``nli hidden``: the NLI cross-encoder's last hidden layer, first token and mean over tokens, read both
  ways, as the mean of the two directions and their absolute difference (1,536 numbers);
- ``nli hidden mean``: the mean of the two directions only (768).

Each at three regularisation strengths; the ROC AUC of divergence against agreement, pooled over the
held-out clusters (0.5 = chance).

Then the NLI model's own output, unfitted: p(contradiction) (the larger of the two reading directions) and
1 - p(entailment) (the smaller) of the whole sentences, and of their pieces: each sentence cut at commas,
semicolons, colons, dashes and brackets into pieces of 4 words and more, the best over the 3 piece pairs most
alike (rapidfuzz token_set_ratio). News sentences are long and an NLI model is trained on short ones; if the
difference sat in one clause, the pieces would show it.

Usage (from the repository root, model converted: ``make model``; CACHE as for ``factcheck eval --cache``)::

    HF_HUB_OFFLINE=1 .venv/bin/python benchmarks/bench_reader_ceiling.py [--cache CACHE]
"""
import re
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_judge_ceiling import arguments, prepared_clusters  # noqa: E402
from factcheck.classify.signals import GATES, SIGNALS  # noqa: E402
from factcheck.config import default_config  # noqa: E402
from factcheck.embed import get_embedder  # noqa: E402
from factcheck.nli import load_nli  # noqa: E402


def _hidden(nli, pairs: list[tuple[str, str]], batch: int = 16) -> np.ndarray:
    import torch

    out = []
    with torch.inference_mode():
        for start in range(0, len(pairs), batch):
            rows = pairs[start:start + batch]
            enc = nli.tokenizer([a for a, _ in rows], [b for _, b in rows], padding=True, truncation=True,
                                max_length=nli.max_length, return_tensors="pt")
            h = nli.model(**enc, output_hidden_states=True).hidden_states[-1]
            mask = enc["attention_mask"].unsqueeze(-1).float()
            out.append(torch.cat([h[:, 0], (h * mask).sum(1) / mask.sum(1)], 1).numpy())
    return np.vstack(out)


_PIECE_BREAK = re.compile(r"\s*(?:[,;:–—()]|\s-\s)\s*")


def _pieces(text: str, min_words: int = 4) -> list[str]:
    """A sentence cut at commas, semicolons, colons, dashes and brackets, short pieces joined to the one before."""
    out: list[str] = []
    for piece in (p for p in _PIECE_BREAK.split(text) if p.strip()):
        if out and len(out[-1].split()) < min_words:
            out[-1] += ", " + piece
        else:
            out.append(piece)
    if len(out) > 1 and len(out[-1].split()) < min_words:
        last = out.pop()
        out[-1] += ", " + last
    return out or [text]


def _nli_alone(nli, pairs: list[tuple[str, str]], y: np.ndarray) -> None:
    from rapidfuzz import fuzz
    from sklearn.metrics import roc_auc_score

    def read(rows: list[tuple[str, str]]) -> tuple[np.ndarray, np.ndarray]:  # p(contradiction) max, p(entailment) min
        forward, backward = nli.predict(rows), nli.predict([(b, a) for a, b in rows])
        return np.maximum(forward[:, 2], backward[:, 2]), np.minimum(forward[:, 0], backward[:, 0])

    contra, entail = read(pairs)
    best = [sorted(((fuzz.token_set_ratio(x, z), x, z) for x in _pieces(a) for z in _pieces(b)), reverse=True)[:3]
            for a, b in pairs]
    flat = [(i, x, z) for i, rows in enumerate(best) for _, x, z in rows]
    pc, pe = read([(x, z) for _, x, z in flat])
    piece_contra, piece_entail = np.zeros(len(pairs)), np.zeros(len(pairs))
    for (i, _, _), c, e in zip(flat, pc, pe, strict=True):
        piece_contra[i], piece_entail[i] = max(piece_contra[i], c), max(piece_entail[i], e)
    print("\nNLI output alone (no fit), ROC AUC of divergence against agreement")
    for name, score in (("whole sentences, p(contradiction)", contra), ("whole sentences, 1 - p(entailment)", 1 - entail),
                        ("best piece pair, p(contradiction)", piece_contra),
                        ("best piece pair, 1 - p(entailment)", 1 - piece_entail)):
        print(f"   {name:<36} {roc_auc_score(y, score):.3f}")


def _loco_auc(x: np.ndarray, y: np.ndarray, groups: np.ndarray, c: float) -> float:
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import roc_auc_score

    p = np.zeros(len(y))
    for g in sorted(set(groups)):
        train, test = groups != g, groups == g
        mean, scale = x[train].mean(0), x[train].std(0) + 1e-6
        model = LogisticRegression(C=c, max_iter=5000, class_weight="balanced")
        model.fit((x[train] - mean) / scale, y[train])
        p[test] = model.predict_proba((x[test] - mean) / scale)[:, 1]
    return float(roc_auc_score(y, p))


def main() -> None:
    args = arguments(__doc__.split("\n\n")[0])
    cfg = default_config()
    cols = [SIGNALS.index(f) for f in SIGNALS if f not in GATES]
    names, labels, pairs, signals = [], [], [], []
    for gold, prepared, gold_labels in prepared_clusters(args.gold, args.cache):
        texts = {s.id: s.text for s in prepared.sentences}
        for i, (cand, label) in enumerate(zip(prepared.candidates, gold_labels, strict=True)):
            if label is None or label == "none":
                continue
            names.append(gold.name)
            labels.append(label != "agree")
            pairs.append((texts[cand.a], texts[cand.b]))
            signals.append(prepared.signals.values[i, cols])
    y, groups = np.array(labels), np.array(names)
    print(f"{len(y)} labelled pairs in {len(set(names))} clusters: {int(y.sum())} divergences, "
          f"{int((~y).sum())} agreements")

    texts = sorted({t for p in pairs for t in p})
    vectors = np.asarray(get_embedder(cfg.embedder).encode(texts), dtype=np.float64)
    at = {t: i for i, t in enumerate(texts)}
    u = vectors[[at[a] for a, _ in pairs]]
    v = vectors[[at[b] for _, b in pairs]]
    nli = load_nli(cfg.nli)
    if nli is None:
        raise SystemExit("no NLI model configured ([nli] model)")
    forward = _hidden(nli, pairs)
    backward = _hidden(nli, [(b, a) for a, b in pairs])
    features = {
        "signals": np.asarray(signals, dtype=np.float64),
        "embedding": np.hstack([np.abs(u - v), u * v]),
        "nli hidden": np.hstack([(forward + backward) / 2, np.abs(forward - backward)]),
        "nli hidden mean": (forward + backward) / 2,
    }
    print("\nROC AUC, divergence against agreement, leave-cluster-out (C = inverse regularisation)")
    print(f"   {'features':<16} {'width':>5}  " + "  ".join(f"C={c:<6}" for c in (0.001, 0.01, 0.1)))
    for name, x in features.items():
        aucs = [_loco_auc(x, y, groups, c) for c in (0.001, 0.01, 0.1)]
        print(f"   {name:<16} {x.shape[1]:>5}  " + "  ".join(f"{a:<8.3f}" for a in aucs))
    _nli_alone(nli, pairs, y)


if __name__ == "__main__":
    main()
