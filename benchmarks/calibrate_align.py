"""Calibrate the aligner's ``[align]`` settings on German STS-B and measure them.

What it does, in order (tuning never looks at the test split):

1. embeds every STS-B-de sentence once with the configured embedder (cached as
   ``.npy`` under ``--cache``);
2. derives ``cosine_floor`` = median cosine of *train* pairs scored <= 1
   ("unrelated / same topic at most") and ``cosine_ceiling`` = median cosine of
   *train* pairs scored >= 4.5 (paraphrases);
3. computes each pair's ``semantic``, ``lexical`` and ``anchors`` parts with
   ``factcheck.align.score_pair`` (profiles and IDF from the module itself, IDF
   over the sentences of the split being scored, as ``align`` does over its
   input);
4. grid-searches weights (simplex, step 0.05), the semantic gate
   (``min_semantic`` = ``prefilter_semantic``) and ``threshold`` for the best
   F1 of "talks about the same thing" (gold score >= 3.0) on *dev*, objective =
   mean of main-news F1 and all-genre F1;
5. does the same for one-signal baselines (raw cosine, lexical, anchors), then
   reports train/dev/test precision, recall and F1 at each dev-chosen setting,
   with a paired bootstrap on test for "does the combination beat cosine alone?".

Usage (from the repository root)::

    HF_HUB_OFFLINE=1 .venv/bin/python benchmarks/calibrate_align.py --json /tmp/calibrate_align.json

Run-time figures are given in seconds and as ratios to a fixed numpy matmul
measured in the same run (``floor``), so that they compare across machines.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import product
from pathlib import Path

import numpy as np

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

from factcheck.align import _idf, _profile, score_pair  # noqa: E402
from factcheck.config import AlignConfig, Config, default_config  # noqa: E402
from factcheck.records import Sentence  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "eval" / "stsb-de"
DEFAULT_CACHE = Path(os.environ.get("FACTCHECK_BENCH_CACHE", "/tmp/factcheck-bench"))

SAME_THING = 3.0  # STS >= 3: "roughly equivalent, some important information differs" (see README)
UNRELATED_MAX = 1.0  # STS <= 1: "not equivalent, at most the same topic"
PARAPHRASE_MIN = 4.5
AGREE_MIN = 4.0  # STS >= 4: "mostly equivalent", what an "agree" finding should mean
NEWS = "main-news"
WEIGHT_STEP = 0.05
# candidate semantic gates (min_semantic = prefilter_semantic); a negative gate lets
# pairs below the floor through the prefilter when the lexical signals carry them
GATES = (-1.0, -0.5, -0.25, 0.0, 0.1, 0.2, 0.3, 0.4)
THRESHOLDS = np.round(np.arange(0.0, 1.0001, 0.005), 3)


# the [align] values before this script existed, kept to show what calibration changed
GUESSES = {
    "cosine_floor": 0.80,
    "cosine_ceiling": 0.95,
    "weight_semantic": 0.6,
    "weight_lexical": 0.15,
    "weight_anchors": 0.25,
    "threshold": 0.5,
    "min_semantic": 0.3,
    "prefilter_semantic": 0.2,
}


# ---------------------------------------------------------------- data


@dataclass(frozen=True, slots=True)
class StsPair:
    idx: int
    genre: str
    source: str
    score: float
    a: str
    b: str


def load_split(data_dir: Path, split: str) -> list[StsPair]:
    """The pairs of one STS-B-de split (``train``, ``dev`` or ``test``)."""
    rows = []
    with (data_dir / f"stsb_de_{split}_with_genre.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            rows.append(StsPair(r["idx"], r["genre"], r["source"], float(r["score"]), r["sentence1_de"], r["sentence2_de"]))
    return rows


# ---------------------------------------------------------------- shared with eval_align.py


def matmul_floor(repeats: int = 7) -> float:
    """Median seconds of a fixed float32 matmul (1024x384 @ 384x1024): the run-time unit."""
    m = np.random.default_rng(0).standard_normal((1024, 384)).astype(np.float32)
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        _ = m @ m.T
        times.append(time.perf_counter() - t)
    return float(np.median(times))


def embed_cached(texts: Sequence[str], config: Config, cache_dir: Path, tag: str) -> tuple[np.ndarray, dict]:
    """One L2-normalised row per text, computed once per (embedder, texts) and cached as .npy.

    Returns the matrix and a dict with the embedding time (measured when computed,
    read back from the sidecar JSON when cached).
    """
    unique = list(dict.fromkeys(texts))
    key = hashlib.sha1(
        json.dumps([config.embedder.model_dump(), unique], ensure_ascii=False).encode("utf-8")
    ).hexdigest()[:16]
    cache_dir.mkdir(parents=True, exist_ok=True)
    npy = cache_dir / f"{tag}-{config.embedder.name}-{key}.npy"
    meta_path = npy.with_suffix(".json")
    if npy.exists() and meta_path.exists():
        matrix = np.load(npy)
        meta = json.loads(meta_path.read_text()) | {"cached": True}
    else:
        from factcheck.embed import get_embedder  # late: the model loads only when needed

        floor = matmul_floor()
        clock = time.perf_counter()
        embedder = get_embedder(config.embedder)
        load_s = time.perf_counter() - clock
        clock = time.perf_counter()
        matrix = np.asarray(embedder.encode(unique), dtype=np.float32)
        encode_s = time.perf_counter() - clock
        meta = {
            "model_id": getattr(embedder, "model_id", config.embedder.name),
            "sentences": len(unique),
            "model_load_s": load_s,
            "encode_s": encode_s,
            "sentences_per_s": len(unique) / encode_s,
            "floor_s": floor,
            "encode_per_sentence_over_floor": encode_s / len(unique) / floor,
        }
        np.save(npy, matrix)
        meta_path.write_text(json.dumps(meta, indent=1))
        meta["cached"] = False
    if matrix.shape[0] != len(unique):
        raise RuntimeError(f"{npy}: {matrix.shape[0]} rows for {len(unique)} texts")
    norms = np.linalg.norm(matrix, axis=1)
    if not np.allclose(norms, 1.0, atol=1e-3):
        raise RuntimeError(f"{npy}: rows are not L2-normalised (norms {norms.min():.3f}..{norms.max():.3f})")
    row = {t: i for i, t in enumerate(unique)}
    return matrix[[row[t] for t in texts]], meta


def prf(pred: np.ndarray, gold: np.ndarray) -> dict[str, float]:
    """Precision, recall, F1 and counts of boolean predictions."""
    tp = int(np.sum(pred & gold))
    fp = int(np.sum(pred & ~gold))
    fn = int(np.sum(~pred & gold))
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": p, "recall": r, "f1": f, "tp": tp, "fp": fp, "fn": fn, "n": int(len(gold))}


# ---------------------------------------------------------------- components


@dataclass(frozen=True, slots=True)
class Components:
    """Per-pair signals of one split, independent of weights and thresholds."""

    cosine: np.ndarray
    lexical: np.ndarray
    anchors: np.ndarray
    gold: np.ndarray  # score >= SAME_THING
    news: np.ndarray  # genre == main-news
    score: np.ndarray  # gold STS score


def components(pairs: Sequence[StsPair], emb_a: np.ndarray, emb_b: np.ndarray, cfg: AlignConfig) -> Components:
    """Cosine, lexical and anchor signals of each pair, via ``factcheck.align``."""
    stop = frozenset(cfg.stopwords["de"])
    sa = [Sentence(f"a:s{i}", "a", i, p.a, 0, len(p.a)) for i, p in enumerate(pairs)]
    sb = [Sentence(f"b:s{i}", "b", i, p.b, 0, len(p.b)) for i, p in enumerate(pairs)]
    pa = [_profile(s, stop, cfg.rare_word_min_length) for s in sa]
    pb = [_profile(s, stop, cfg.rare_word_min_length) for s in sb]
    idf = _idf(pa + pb)
    cosine = np.einsum("ij,ij->i", emb_a, emb_b).astype(np.float64)
    lex = np.empty(len(pairs))
    anc = np.empty(len(pairs))
    for i in range(len(pairs)):
        _, _, lex[i], anc[i], _ = score_pair(float(cosine[i]), pa[i], pb[i], idf, cfg)
    return Components(
        cosine=cosine,
        lexical=lex,
        anchors=anc,
        gold=np.array([p.score >= SAME_THING for p in pairs]),
        news=np.array([p.genre == NEWS for p in pairs]),
        score=np.array([p.score for p in pairs]),
    )


def semantic(c: Components, floor: float, ceiling: float) -> np.ndarray:
    return np.clip((c.cosine - floor) / (ceiling - floor), 0.0, 1.0)


def combined(c: Components, floor: float, ceiling: float, w: tuple[float, float, float], gate: float) -> np.ndarray:
    """The aligner's score, with pairs failing the semantic gate set to -inf.

    Mirrors ``_align_block``: a pair is scored only if its cosine passes the
    prefilter (``floor + gate * span``) and kept only if ``semantic >= gate``.
    """
    sem = semantic(c, floor, ceiling)
    s = w[0] * sem + w[1] * c.lexical + w[2] * c.anchors
    passes = (c.cosine >= floor + gate * (ceiling - floor)) & (sem >= gate)
    return np.where(passes, s, -np.inf)


def f1_curve(scores: np.ndarray, gold: np.ndarray, thresholds: np.ndarray) -> np.ndarray:
    """F1 of ``scores >= t`` for every threshold ``t`` (vectorised)."""
    order = np.argsort(-scores, kind="stable")
    s_sorted = scores[order]
    tp_cum = np.concatenate([[0], np.cumsum(gold[order])])
    # number predicted positive at each threshold = count of scores >= t
    k = np.searchsorted(-s_sorted, -thresholds, side="right")
    tp = tp_cum[k]
    pos = gold.sum()
    with np.errstate(invalid="ignore", divide="ignore"):
        f1 = np.where(k + pos > 0, 2 * tp / (k + pos), 0.0)
    return f1


def objective_curve(scores: np.ndarray, c: Components, thresholds: np.ndarray) -> np.ndarray:
    """Mean of main-news F1 and all-genre F1, per threshold."""
    return 0.5 * f1_curve(scores[c.news], c.gold[c.news], thresholds) + 0.5 * f1_curve(scores, c.gold, thresholds)


def weight_grid(step: float = WEIGHT_STEP) -> list[tuple[float, float, float]]:
    n = round(1 / step)
    return [(round(i * step, 3), round(j * step, 3), round((n - i - j) * step, 3)) for i in range(n + 1) for j in range(n + 1 - i)]


def search_combined(dev: Components, floor: float, ceiling: float) -> dict:
    """Best weights, gate and threshold on dev for the combined score."""
    best = None
    # gates from strict to loose: on equal dev F1 the stricter gate wins (less rapidfuzz work)
    for w, gate in product(weight_grid(), sorted(GATES, reverse=True)):
        if w[0] == 0.0:
            continue  # the aligner's prefilter needs the semantic signal anyway
        curve = objective_curve(combined(dev, floor, ceiling, w, gate), dev, THRESHOLDS)
        i = int(np.argmax(curve))
        cand = (float(curve[i]), w, gate, float(THRESHOLDS[i]))
        if best is None or cand[0] > best[0] + 1e-12:
            best = cand
    assert best is not None
    return {"objective": best[0], "weights": best[1], "gate": best[2], "threshold": best[3]}


def search_single(dev_scores: np.ndarray, dev: Components, thresholds: np.ndarray) -> dict:
    curve = objective_curve(dev_scores, dev, thresholds)
    i = int(np.argmax(curve))
    return {"objective": float(curve[i]), "threshold": float(thresholds[i])}


def evaluate(scores: np.ndarray, c: Components, threshold: float) -> dict[str, dict]:
    pred = scores >= threshold
    return {"news": prf(pred[c.news], c.gold[c.news]), "all": prf(pred, c.gold)}


def paired_bootstrap(pred_a: np.ndarray, pred_b: np.ndarray, gold: np.ndarray, n: int = 2000) -> dict[str, float]:
    """F1(a) - F1(b) with a 95 % interval and the share of resamples where a is not better."""
    rng = np.random.default_rng(0)
    idx = rng.integers(0, len(gold), size=(n, len(gold)))

    def f1(pred: np.ndarray) -> np.ndarray:
        p, g = pred[idx], gold[idx]
        tp = (p & g).sum(1)
        return 2 * tp / np.maximum(p.sum(1) + g.sum(1), 1)

    d = f1(pred_a) - f1(pred_b)
    return {
        "delta_f1": float(prf(pred_a, gold)["f1"] - prf(pred_b, gold)["f1"]),
        "ci95_low": float(np.percentile(d, 2.5)),
        "ci95_high": float(np.percentile(d, 97.5)),
        "p_not_better": float(np.mean(d <= 0)),
    }


# ---------------------------------------------------------------- main


def run(data_dir: Path, cache_dir: Path, config: Config) -> dict:
    """Everything the script reports, as plain data."""
    floor_s = matmul_floor()
    splits = {s: load_split(data_dir, s) for s in ("train", "dev", "test")}
    texts = [t for s in ("train", "dev", "test") for p in splits[s] for t in (p.a, p.b)]
    emb, embed_meta = embed_cached(texts, config, cache_dir, "stsb-de")
    offset = 0
    comps: dict[str, Components] = {}
    clock = time.perf_counter()
    n_scored = 0
    for s in ("train", "dev", "test"):
        n = len(splits[s])
        block = emb[offset : offset + 2 * n]
        offset += 2 * n
        comps[s] = components(splits[s], block[0::2], block[1::2], config.align)
        n_scored += n
    score_s = time.perf_counter() - clock

    train = comps["train"]
    floor = float(np.median(train.cosine[train.score <= UNRELATED_MAX]))
    ceiling = float(np.median(train.cosine[train.score >= PARAPHRASE_MIN]))
    floor, ceiling = round(floor, 3), round(ceiling, 3)
    bands = {
        name: {
            "unrelated_median": float(np.median(c.cosine[c.score <= UNRELATED_MAX])),
            "same_thing_median": float(np.median(c.cosine[c.gold])),
            "paraphrase_median": float(np.median(c.cosine[c.score >= PARAPHRASE_MIN])),
            "news_unrelated_median": float(np.median(c.cosine[(c.score <= UNRELATED_MAX) & c.news])),
            "news_paraphrase_median": float(np.median(c.cosine[(c.score >= PARAPHRASE_MIN) & c.news])),
        }
        for name, c in comps.items()
    }

    clock = time.perf_counter()
    best = search_combined(comps["dev"], floor, ceiling)
    search_s = time.perf_counter() - clock
    w, gate, thr = best["weights"], best["gate"], best["threshold"]

    # the chosen setting, checked against align.score_pair itself (not only the vectorised copy)
    chosen_values = {
        "cosine_floor": floor,
        "cosine_ceiling": ceiling,
        "weight_semantic": w[0],
        "weight_lexical": w[1],
        "weight_anchors": w[2],
        "threshold": thr,
        "min_semantic": gate,
        "prefilter_semantic": gate,
    }
    chosen_cfg = config.align.model_copy(
        update=chosen_values
    )
    check = comps["dev"]
    vec = combined(check, floor, ceiling, w, gate)
    dev_pairs = splits["dev"]
    stop = frozenset(config.align.stopwords["de"])
    pa = [_profile(Sentence(f"a:s{i}", "a", i, p.a, 0, 0), stop, config.align.rare_word_min_length) for i, p in enumerate(dev_pairs)]
    pb = [_profile(Sentence(f"b:s{i}", "b", i, p.b, 0, 0), stop, config.align.rare_word_min_length) for i, p in enumerate(dev_pairs)]
    idf = _idf(pa + pb)
    for i in range(0, len(dev_pairs), 7):
        ref = score_pair(float(check.cosine[i]), pa[i], pb[i], idf, chosen_cfg)[0]
        if np.isfinite(vec[i]) and abs(ref - vec[i]) > 1e-9:
            raise AssertionError(f"vectorised score {vec[i]} != score_pair {ref} for dev pair {i}")

    systems: dict[str, dict] = {}

    def add(name: str, scores: dict[str, np.ndarray], threshold: float, setting: dict) -> None:
        systems[name] = {
            "setting": setting,
            "threshold": threshold,
            **{s: evaluate(scores[s], comps[s], threshold) for s in ("train", "dev", "test")},
            "_pred_test": scores["test"] >= threshold,
        }

    add(
        "combined (chosen)",
        {s: combined(c, floor, ceiling, w, gate) for s, c in comps.items()},
        thr,
        {"weights": w, "gate": gate},
    )
    for name, old in (("configs/default.toml as loaded", config.align), ("pre-calibration guesses", config.align.model_copy(update=GUESSES))):
        old_scores = {
            s: combined(c, old.cosine_floor, old.cosine_ceiling, (old.weight_semantic, old.weight_lexical, old.weight_anchors), max(old.min_semantic, old.prefilter_semantic))
            for s, c in comps.items()
        }
        add(name, old_scores, old.threshold, {"floor": old.cosine_floor, "ceiling": old.cosine_ceiling})
    cos_thr = np.round(np.arange(0.70, 1.0001, 0.001), 3)
    for name, signal, grid in (
        ("cosine only", lambda c: c.cosine, cos_thr),
        ("lexical only", lambda c: c.lexical, THRESHOLDS),
        ("anchors only", lambda c: c.anchors, THRESHOLDS),
    ):
        pick = search_single(signal(comps["dev"]), comps["dev"], grid)
        add(name, {s: signal(c) for s, c in comps.items()}, pick["threshold"], {})
    # semantic + lexical without anchors, and semantic + anchors, to see what each adds
    for name, mask in (("semantic+lexical", (1, 1, 0)), ("semantic+anchors", (1, 0, 1))):
        best_sub = None
        for ww, g in product(weight_grid(), sorted(GATES, reverse=True)):
            if ww[0] == 0.0 or any(m == 0 and x > 0 for m, x in zip(mask, ww)):
                continue
            curve = objective_curve(combined(comps["dev"], floor, ceiling, ww, g), comps["dev"], THRESHOLDS)
            i = int(np.argmax(curve))
            if best_sub is None or curve[i] > best_sub[0] + 1e-12:
                best_sub = (float(curve[i]), ww, g, float(THRESHOLDS[i]))
        assert best_sub is not None
        _, ww, g, t = best_sub
        add(name, {s: combined(c, floor, ceiling, ww, g) for s, c in comps.items()}, t, {"weights": ww, "gate": g})

    # "agree" findings use the same score with a stricter cut (report.agree_min_score):
    # how well does it pick mostly-equivalent pairs (STS >= 4)?
    agree = {}
    chosen_scores = {s: combined(c, floor, ceiling, w, gate) for s, c in comps.items()}
    mostly = {s: c.score >= AGREE_MIN for s, c in comps.items()}
    curve = 0.5 * f1_curve(chosen_scores["dev"][comps["dev"].news], mostly["dev"][comps["dev"].news], THRESHOLDS) + 0.5 * f1_curve(
        chosen_scores["dev"], mostly["dev"], THRESHOLDS
    )
    agree_thr = float(THRESHOLDS[int(np.argmax(curve))])
    current = getattr(getattr(config, "report", None), "agree_min_score", None)
    for name, t in (("best dev threshold", agree_thr), ("report.agree_min_score", current)):
        if t is None:
            continue
        agree[name] = {
            "threshold": t,
            **{
                s: {
                    g: prf(chosen_scores[s][m] >= t, mostly[s][m])
                    for g, m in (("news", comps[s].news), ("all", np.ones_like(comps[s].news)))
                }
                for s in ("dev", "test")
            },
        }

    test = comps["test"]
    chosen_pred = systems["combined (chosen)"]["_pred_test"]
    bootstrap = {}
    for other in ("cosine only", "lexical only"):
        o = systems[other]["_pred_test"]
        bootstrap[f"combined vs {other}"] = {
            "news": paired_bootstrap(chosen_pred[test.news], o[test.news], test.gold[test.news]),
            "all": paired_bootstrap(chosen_pred, o, test.gold),
        }
    for sys_ in systems.values():
        sys_.pop("_pred_test")

    return {
        "data": str(data_dir),
        "embedder": embed_meta,
        "label": f"score >= {SAME_THING}",
        "cosine_bands": bands,
        "chosen": {
            **chosen_values,
            "dev_objective": best["objective"],
        },
        "systems": systems,
        "bootstrap_test": bootstrap,
        "agree": agree,
        "timing": {
            "floor_s": floor_s,
            "score_pairs": n_scored,
            "score_s": score_s,
            "score_per_pair_over_floor": score_s / n_scored / floor_s,
            "search_s": search_s,
            "search_over_floor": search_s / floor_s,
        },
    }


def render(result: dict) -> str:
    out = []
    e = result["embedder"]
    out.append(f"embedder {e['model_id']}: {e['sentences']} sentences, {e['sentences_per_s']:.1f} sent/s"
               f" ({'cached' if e['cached'] else 'computed now'})")
    out.append("\ncosine bands (median cosine)        unrelated(<=1)  same-thing(>=3)  paraphrase(>=4.5)  news-unrel  news-para")
    for split, b in result["cosine_bands"].items():
        out.append(f"  {split:<34}{b['unrelated_median']:>10.3f}{b['same_thing_median']:>17.3f}{b['paraphrase_median']:>19.3f}"
                   f"{b['news_unrelated_median']:>12.3f}{b['news_paraphrase_median']:>11.3f}")
    c = result["chosen"]
    out.append(f"\nchosen: floor={c['cosine_floor']} ceiling={c['cosine_ceiling']} weights(sem,lex,anc)="
               f"({c['weight_semantic']}, {c['weight_lexical']}, {c['weight_anchors']}) threshold={c['threshold']}"
               f" min_semantic=prefilter_semantic={c['min_semantic']}  (dev objective {c['dev_objective']:.4f})")
    out.append(f"\nlabel: {result['label']}; thresholds chosen on dev by mean(F1 main-news, F1 all)")
    header = f"{'system':<33}{'thr':>7} | " + " | ".join(f"{s + ' ' + g:^20}" for s in ("dev", "test") for g in ("news", "all"))
    out.append(header)
    out.append(f"{'':<40} | " + " | ".join(f"{'P':>6}{'R':>7}{'F1':>7}" for _ in range(4)))
    out.append("-" * len(header))
    for name, s in result["systems"].items():
        cells = []
        for split in ("dev", "test"):
            for g in ("news", "all"):
                m = s[split][g]
                cells.append(f"{m['precision']:>6.3f}{m['recall']:>7.3f}{m['f1']:>7.3f}")
        out.append(f"{name:<33}{s['threshold']:>7.3f} | " + " | ".join(cells))
    out.append("\ntrain F1 at the same settings (news / all):")
    for name, s in result["systems"].items():
        out.append(f"  {name:<33}{s['train']['news']['f1']:.3f} / {s['train']['all']['f1']:.3f}")
    out.append("\npaired bootstrap on test (2000 resamples): F1 difference, 95% interval, share of resamples not better")
    for name, b in result["bootstrap_test"].items():
        for g in ("news", "all"):
            x = b[g]
            out.append(f"  {name:<30}{g:<5} {x['delta_f1']:+.3f}  [{x['ci95_low']:+.3f}, {x['ci95_high']:+.3f}]  p={x['p_not_better']:.3f}")
    out.append(f"\n'agree' cut on the same score (label: STS >= {AGREE_MIN}, chosen weights)")
    for name, a in result["agree"].items():
        cells = [f"{s} {g} P={a[s][g]['precision']:.3f} R={a[s][g]['recall']:.3f} F1={a[s][g]['f1']:.3f}" for s in ("dev", "test") for g in ("news", "all")]
        out.append(f"  {name:<24} {a['threshold']:.3f}: " + "; ".join(cells))
    t = result["timing"]
    out.append(f"\ntiming: floor (1024x384 matmul) {t['floor_s'] * 1e3:.2f} ms; scoring {t['score_pairs']} pairs "
               f"{t['score_s']:.2f} s = {t['score_s'] / t['score_pairs'] * 1e6:.0f} us = {t['score_per_pair_over_floor']:.4f} floors/pair; "
               f"grid search {t['search_s']:.1f} s")
    if not e["cached"]:
        out.append(f"embedding: {e['encode_s']:.1f} s = {e['encode_per_sentence_over_floor']:.1f} floors/sentence; model load {e['model_load_s']:.1f} s")
    return "\n".join(out)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="STS-B-de directory")
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE, help="embedding cache directory")
    parser.add_argument("--json", type=Path, help="write the figures to this file")
    args = parser.parse_args(argv)
    result = run(args.data, args.cache, default_config())
    print(render(result))
    if args.json:
        args.json.write_text(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
