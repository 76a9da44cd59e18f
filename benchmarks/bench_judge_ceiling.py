"""How much the judge's signals know: leave-cluster-out on the divergence dev gold.

Three questions, each answered leave-cluster-out (fitted on 16 clusters, scored on the 17th):

1. **Related or not.** A binary logistic regression over the judge's fitted signals: is a candidate pair
   one the gold labels (any kind, agreement included) or not? ROC AUC, average precision, and recall
   and precision at a few thresholds.
2. **Which kind, if told it is related.** A multinomial logistic regression fitted on the labelled
   pairs only, applied to the held-out cluster's labelled pairs: the judge's best case if related
   pairs were known. Accuracy over all labelled pairs and over the divergences alone, and the
   confusion matrix.
3. **The mean of a few signals per gold kind**: what tells a contradiction from an agreement.

If (2) is low, no threshold, class weight or model family can reach the issue's goals with these
signals: the information is not in them.

Usage (from the repository root, model converted: ``make model``; CACHE as for ``factcheck eval --cache``)::

    HF_HUB_OFFLINE=1 .venv/bin/python benchmarks/bench_judge_ceiling.py [--cache CACHE]
"""
import argparse
import dataclasses
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from factcheck.classify.signals import GATES, SIGNALS  # noqa: E402
from factcheck.config import default_config  # noqa: E402
from factcheck.evaluate import default_data_dir  # noqa: E402
from factcheck.evaluate_gold import _prepare_cached, training_labels  # noqa: E402
from factcheck.goldset import GoldCluster, load_gold  # noqa: E402
from factcheck.pipeline import Prepared  # noqa: E402

SHOWN = ("cosine", "lexical", "nli_entailment", "nli_contradiction", "polarity_differs", "modality_differs",
         "status_differs", "numbers_conflict", "speakers_differ", "quotes_both", "aligned")


def arguments(description: str) -> argparse.Namespace:
    """The command line of the ceiling benchmarks: ``--gold`` (the dev gold folder) and ``--cache``."""
    ap = argparse.ArgumentParser(description=description)
    ap.add_argument("--gold", default="gold/divergence-dev")
    ap.add_argument("--cache", help="evaluation cache folder (as factcheck eval --cache)")
    return ap.parse_args()


def prepared_clusters(gold_dir: str, cache: str | None) -> Iterator[tuple[GoldCluster, Prepared, list[str | None]]]:
    """Every dev gold cluster with its preparation (from ``cache`` where it holds one) and its training labels."""
    cfg = default_config()
    for path in sorted(Path(gold_dir).glob("*.json")):
        gold = load_gold(path, default_data_dir())
        prepared = dataclasses.replace(_prepare_cached(gold, cfg, Path(cache) if cache else None), config=cfg)
        yield gold, prepared, training_labels(prepared, gold.text_gold())


def main() -> None:
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import average_precision_score, confusion_matrix, roc_auc_score

    args = arguments(__doc__.split("\n\n")[0])
    features = [s for s in SIGNALS if s not in GATES]
    cols = [SIGNALS.index(f) for f in features]
    clusters = []
    for gold, prepared, labels in prepared_clusters(args.gold, args.cache):
        keep = [i for i, y in enumerate(labels) if y is not None]
        if keep:
            clusters.append((gold.name, prepared.signals.values[keep][:, cols].astype(np.float64),
                             np.array([labels[i] for i in keep])))
    print(f"{len(clusters)} clusters with candidates; rows by label:",
          dict(Counter(str(y) for _, _, ys in clusters for y in ys).most_common()))

    # 1. related or not
    ys, ps = [], []
    for i, (_, x, y) in enumerate(clusters):
        tx = np.vstack([c[1] for k, c in enumerate(clusters) if k != i])
        ty = np.concatenate([c[2] for k, c in enumerate(clusters) if k != i]) != "none"
        mean = tx.mean(axis=0)
        model = LogisticRegression(max_iter=5000).fit(tx - mean, ty)
        ps.extend(model.predict_proba(x - mean)[:, 1])
        ys.extend(y != "none")
    ys, ps = np.array(ys), np.array(ps)
    print(f"\n1. related or not: {ys.sum()} related of {len(ys)}; ROC AUC {roc_auc_score(ys, ps):.3f}, "
          f"average precision {average_precision_score(ys, ps):.3f}")
    for t in (0.5, 0.3, 0.2, 0.1, 0.05):
        sel = ps >= t
        print(f"   p >= {t:<4}: recall {(sel & ys).sum() / ys.sum():.2f}, precision {(sel & ys).sum() / max(sel.sum(), 1):.2f}"
              f" ({sel.sum()} pairs)")

    # 2. which kind, told that the pair is related
    truth, guess = [], []
    for i, (_, x, y) in enumerate(clusters):
        related = y != "none"
        if not related.any():
            continue
        tx = np.vstack([c[1][c[2] != "none"] for k, c in enumerate(clusters) if k != i])
        ty = np.concatenate([c[2][c[2] != "none"] for k, c in enumerate(clusters) if k != i])
        mean = tx.mean(axis=0)
        model = LogisticRegression(max_iter=5000).fit(tx - mean, ty)
        guess.extend(model.predict(x[related] - mean))
        truth.extend(y[related])
    truth, guess = np.array(truth), np.array(guess)
    div = truth != "agree"
    print(f"\n2. kind of the {len(truth)} labelled pairs, told they are related: {(truth == guess).mean():.2f} right; "
          f"divergences {(truth == guess)[div].sum()}/{div.sum()} = {(truth == guess)[div].mean():.2f}")
    kinds = sorted(set(truth))
    print("   confusion (rows gold, columns judged):", " ".join(kinds))
    for k, row in zip(kinds, confusion_matrix(truth, guess, labels=kinds), strict=True):
        print(f"   {k:<16}", " ".join(f"{v:>4}" for v in row))

    # 3. signal means per gold kind
    x = np.vstack([c[1] for c in clusters])
    y = np.concatenate([c[2] for c in clusters])
    kinds = sorted(set(y))
    print("\n3. mean signal per gold kind\n   " + " " * 22 + " ".join(f"{k[:8]:>8}" for k in kinds))
    for name in SHOWN:
        j = features.index(name)
        print(f"   {name:<22}" + " ".join(f"{x[y == k, j].mean():8.2f}" for k in kinds))


if __name__ == "__main__":
    main()
