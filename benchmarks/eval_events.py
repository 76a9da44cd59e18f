"""Event clustering against the SemEval-2022 Task 8 gold (German and English news pairs).

For every scored pair (Overall 1 = same story ... 4 = unrelated; held-out topics skipped):

* Spearman correlation of each signal (lead cosine, entity TF-IDF cosine, the fitted
  p(same story)) with -Overall (positive = agrees with the gold);
* a logistic regression on (cosine, entities) -> same story (Overall <= 1.5), fitted on the
  German pairs (5-fold figures printed next to the in-sample ones) and checked on English;
* precision and recall of "same event" at the threshold, pair-wise (p >= threshold) and as
  the pipeline decides it: co-membership after clustering every article of the language.

Usage (from the repository root; the embedding cache makes reruns fast)::

    nice -n 19 .venv/bin/python benchmarks/eval_events.py [--fit] [--threshold 0.5]

``--fit`` prints the coefficients to copy into ``[events]`` of configs/default.toml.
"""

from __future__ import annotations

import argparse
import pickle
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from corpora import semeval_pairs, write_jsonl  # noqa: E402

from factcheck.claims import extract_claims  # noqa: E402
from factcheck.config import default_config  # noqa: E402
from factcheck.embed import get_embedder  # noqa: E402
from factcheck.events import article_entities, entity_similarity, events, lead_text  # noqa: E402
from factcheck.ingest import read_corpus  # noqa: E402
from factcheck.segment import segment  # noqa: E402

SAME = 1.5  # gold Overall <= 1.5: same story


def features(records: list[dict], cfg):
    """Ingested articles, their lead vectors and entity bags (as the pipeline computes them)."""
    with tempfile.TemporaryDirectory() as tmp:
        # copies (same text under another id) are skipped, as a report run skips them; their pairs drop out
        articles = read_corpus([write_jsonl(records, Path(tmp) / "articles.jsonl")], cfg.ingest).articles
    leads, bags = [], []
    for a in articles:
        sentences = segment(a, cfg.segment)
        leads.append(lead_text(a, sentences, cfg.events.lead_sentences))
        bags.append(article_entities(extract_claims(a, sentences, cfg.claims)))
    vectors = get_embedder(cfg.embedder).encode(leads)
    return articles, vectors, bags


def spearman(x: np.ndarray, y: np.ndarray) -> float:
    from scipy.stats import spearmanr

    return float(spearmanr(x, y).statistic)


def prf(predicted: np.ndarray, gold: np.ndarray) -> tuple[float, float, float]:
    tp = float(np.sum(predicted & gold))
    p = tp / max(1, int(predicted.sum()))
    r = tp / max(1, int(gold.sum()))
    return p, r, 2 * p * r / (p + r) if p + r else 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--fit", action="store_true", help="fit the coefficients on the German pairs and use them")
    parser.add_argument("--threshold", type=float, default=None, help="instead of [events] threshold")
    parser.add_argument("--gold-clusters", action="store_true",
                        help="also: does clustering keep each divergence dev gold cluster (one story) together?")
    parser.add_argument("--features", type=Path, default=None,
                        help="pickle the per-article features here and reuse them (keep it outside the repository)")
    args = parser.parse_args()
    cfg = default_config()

    data = {}
    for lang in ("de", "en"):
        started = time.perf_counter()
        pairs, records = semeval_pairs(lang)
        stored = args.features and args.features.with_suffix(f".{lang}.pkl")
        if stored and stored.exists():
            articles, vectors, bags = pickle.loads(stored.read_bytes())
        else:
            articles, vectors, bags = features(records, cfg)
            if stored:
                stored.write_bytes(pickle.dumps((articles, vectors, bags)))
        index = {a.id: i for i, a in enumerate(articles)}
        pairs = [p for p in pairs if p.a in index and p.b in index]
        ent = entity_similarity(bags)
        cos = vectors @ vectors.T
        rows = np.array([index[p.a] for p in pairs]), np.array([index[p.b] for p in pairs])
        data[lang] = (pairs, articles, vectors, bags, cos[rows], ent[rows])
        print(f"{lang}: {len(pairs)} scored pairs, {len(articles)} articles, features in "
              f"{time.perf_counter() - started:.0f} s")

    ev = cfg.events
    if args.fit:
        from sklearn.linear_model import LogisticRegression
        from sklearn.model_selection import cross_val_predict

        pairs, *_, c, e = data["de"]
        x, y = np.column_stack([c, e]), np.array([p.overall <= SAME for p in pairs])
        model = LogisticRegression(C=10.0, max_iter=1000)
        cv = cross_val_predict(model, x, y, cv=5, method="predict_proba")[:, 1]
        model.fit(x, y)
        ev = ev.model_copy(update={"intercept": round(float(model.intercept_[0]), 2),
                                   "coef_cosine": round(float(model.coef_[0][0]), 2),
                                   "coef_entities": round(float(model.coef_[0][1]), 2)})
        best = max(np.arange(0.2, 0.81, 0.05), key=lambda t: prf(cv >= t, y)[2])
        print(f"fitted on de: intercept = {ev.intercept}, coef_cosine = {ev.coef_cosine}, "
              f"coef_entities = {ev.coef_entities}; best 5-fold F1 threshold {best:.2f} "
              f"(P/R/F1 {'/'.join(f'{v:.3f}' for v in prf(cv >= best, y))})")
    if args.threshold is not None:
        ev = ev.model_copy(update={"threshold": args.threshold})

    print("\npair-wise P / R / F1 by threshold (model of [events]; then the lead cosine alone at fixed cuts)")
    for lang, (pairs, _, _, _, c, e) in data.items():
        same = np.array([p.overall <= SAME for p in pairs])
        prob = 1.0 / (1.0 + np.exp(-(ev.intercept + ev.coef_cosine * c + ev.coef_entities * e)))
        cells = [f"{t:.2f}: " + "/".join(f"{v:.2f}" for v in prf(prob >= t, same)) for t in np.arange(0.1, 0.71, 0.1)]
        print(f"  {lang} " + "  ".join(cells))
        cells = [f"{t:.3f}: " + "/".join(f"{v:.2f}" for v in prf(c >= t, same)) for t in (0.84, 0.86, 0.88, 0.9)]
        print(f"  {lang} cosine " + "  ".join(cells))

    print(f"\nthreshold {ev.threshold}; same story = gold Overall <= {SAME}")
    print("| lang | pairs | same | Spearman cosine | Spearman entities | Spearman p(same) | "
          "pair P / R / F1 | clustered P / R / F1 | articles | events |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for lang, (pairs, articles, vectors, bags, c, e) in data.items():
        gold = -np.array([p.overall for p in pairs])
        same = np.array([p.overall <= SAME for p in pairs])
        prob = 1.0 / (1.0 + np.exp(-(ev.intercept + ev.coef_cosine * c + ev.coef_entities * e)))
        found = events(articles, vectors, bags, ev)
        member = {a: k for k, event in enumerate(found) for a in event.articles}
        together = np.array([member[p.a] == member[p.b] for p in pairs])
        pair_prf, clu_prf = prf(prob >= ev.threshold, same), prf(together, same)
        print(f"| {lang} | {len(pairs)} | {int(same.sum())} | {spearman(c, gold):.3f} | {spearman(e, gold):.3f} | "
              f"{spearman(prob, gold):.3f} | {' / '.join(f'{v:.3f}' for v in pair_prf)} | "
              f"{' / '.join(f'{v:.3f}' for v in clu_prf)} | {len(articles)} | {len(found)} |")
    if args.gold_clusters:
        gold_clusters(cfg.model_copy(update={"events": ev}), args.features)


def gold_clusters(cfg, stored: Path | None = None) -> None:
    """Each hand-labelled divergence cluster is one story: how often does clustering split one?"""
    from factcheck.goldset import load_gold

    paths = sorted((ROOT / "gold" / "divergence-dev").glob("*.json"))
    cache = stored and stored.with_suffix(".gold.pkl")
    if cache and cache.exists():
        featured = pickle.loads(cache.read_bytes())
    else:
        featured = []
        for path in paths:
            cluster = load_gold(path, ROOT.parent / "shared" / "eval")
            featured.append((cluster.name, *features(list(cluster.articles), cfg)))
        if cache:
            cache.write_bytes(pickle.dumps(featured))
    thresholds = sorted({cfg.events.threshold, 0.05, 0.1, 0.15, 0.2, 0.3})
    print("\n| gold cluster | articles | " + " | ".join(f"events at {t:g}" for t in thresholds) + " |")
    print("|---|---|" + "---|" * len(thresholds))
    totals = {t: [0, 0, 0] for t in thresholds}  # whole clusters, article pairs kept, article pairs
    for name, articles, vectors, bags in featured:
        cells = []
        for t in thresholds:
            found = events(articles, vectors, bags, cfg.events.model_copy(update={"threshold": t}))
            member = {a: k for k, e in enumerate(found) for a in e.articles}
            ids = [a.id for a in articles]
            pairs = [(a, b) for i, a in enumerate(ids) for b in ids[i + 1:]]
            together = sum(member[a] == member[b] for a, b in pairs)
            totals[t][0] += len(found) == 1
            totals[t][1] += together
            totals[t][2] += len(pairs)
            cells.append(f"{len(found)} ({together}/{len(pairs)} pairs)")
        print(f"| {name} | {len(articles)} | " + " | ".join(cells) + " |")
    print(f"| **whole clusters; article pairs kept** | {sum(len(f[1]) for f in featured)} | " + " | ".join(
        f"{w}/{len(featured)}; {k}/{n}" for w, k, n in totals.values()) + " |")


if __name__ == "__main__":
    main()
