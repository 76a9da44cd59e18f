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

Usage (from the repository root, model converted: ``make model``; CACHE as for ``factcheck eval --cache``)::

    HF_HUB_OFFLINE=1 .venv/bin/python benchmarks/bench_reader_ceiling.py [--cache CACHE]
"""
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


if __name__ == "__main__":
    main()
