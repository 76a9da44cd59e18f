"""Measure ``factcheck.align`` against real German gold sentence alignments (DEplain-web).

DEplain-web (Stodden et al., ACL 2023; ``../shared/eval/deplain-web-align``) has
147 German document pairs, each a standard text and its plain-language rewrite,
with manual n:m sentence alignments. It is not news, and simplification
rewrites more than outlets paraphrase each other, so this is a check that the
STS-calibrated settings transfer, not a place to tune them.

For every document pair the script builds ``Sentence`` records (article ids =
the complex and simple document ids), runs ``align`` with the configured
``[align]`` settings on cross-article pairs only, and counts each gold n:m
alignment as its n*m sentence pairs. It reports micro precision/recall/F1 over
all pairs, the same without the gold pairs marked "identical" (copied
sentences, trivially aligned), recall per gold kind, and the time per document
pair.

A second, clearly separated figure shows how far the transferred setting is
from a domain-tuned one: ``threshold`` and ``max_partners`` are tuned on the
doc pairs with an even position in numeric ``pair_id`` order ("half A") and
reported on the odd ones ("half B"). Nothing of that goes into the config.

Gold ids look like ``86-1-3-0``: pair 86, side 1 (complex; 0 = simple),
paragraph 3, sentence 0 in that paragraph. The sentence-split file has no
paragraph marks, so ids are resolved to positions by text (joined with " " for
n:m rows), keeping positions increasing in id order and, inside a paragraph,
the gaps equal to the sentence-number gaps (see ``resolve_ids``).

Usage (from the repository root)::

    HF_HUB_OFFLINE=1 .venv/bin/python benchmarks/eval_align.py --json /tmp/eval_align.json \\
        [--calibration /tmp/calibrate_align.json]   # adds the one-signal baselines

Run-time figures are seconds and ratios to a fixed numpy matmul measured in the
same run (``floor``).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

sys.path.insert(0, str(Path(__file__).resolve().parent))
from calibrate_align import DEFAULT_CACHE, GUESSES, embed_cached, matmul_floor  # noqa: E402

from rapidfuzz import fuzz, process  # noqa: E402

from factcheck.align import _profile, align  # noqa: E402
from factcheck.config import AlignConfig, Config, default_config  # noqa: E402
from factcheck.records import Sentence  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "eval" / "deplain-web-align"
DOCS_FILE = "DEplain_web_doc_manual_open_sentence_split_test.csv"
ALIGN_FILE = "DEplain_web_alignments_test.csv"
SEP = "|||"

csv.field_size_limit(sys.maxsize)


@dataclass(frozen=True, slots=True)
class GoldAlignment:
    complex_idx: tuple[int, ...]
    simple_idx: tuple[int, ...]
    kind: str  # "identical" or "aligned"

    @property
    def shape(self) -> str:
        n, m = len(self.complex_idx), len(self.simple_idx)
        return "1:1" if n == m == 1 else "1:m" if n == 1 else "n:1" if m == 1 else "n:m"


@dataclass(frozen=True, slots=True)
class DocPair:
    pair_id: str
    domain: str
    complex_sentences: tuple[Sentence, ...]
    simple_sentences: tuple[Sentence, ...]
    gold: tuple[GoldAlignment, ...]

    def gold_pairs(self) -> set[tuple[int, int]]:
        return {(c, s) for g in self.gold for c in g.complex_idx for s in g.simple_idx}


# ---------------------------------------------------------------- loading


def _sentences(doc_id: str, texts: Sequence[str]) -> tuple[Sentence, ...]:
    out, start = [], 0
    for i, t in enumerate(texts):
        out.append(Sentence(id=f"{doc_id}:s{i}", article_id=doc_id, index=i, text=t.strip(), start=start, end=start + len(t)))
        start += len(t) + 1  # the document text is the sentences joined by one space
    return tuple(out)


def _segmentations(text: str, sentences: Sequence[str], k: int) -> list[tuple[int, ...]]:
    """Every increasing k-tuple of sentence positions whose texts joined by " " equal ``text``."""
    found: list[tuple[int, ...]] = []

    def walk(pos: int, after: int, chosen: tuple[int, ...]) -> None:
        if len(chosen) == k:
            if pos >= len(text):
                found.append(chosen)
            return
        for j in range(after + 1, len(sentences)):
            s = sentences[j]
            if s and text.startswith(s, pos):
                walk(pos + len(s) + 1, j, (*chosen, j))

    walk(0, -1, ())
    return found


def resolve_ids(sentences: Sequence[str], rows: Sequence[tuple[Sequence[str], str]]) -> dict[str, int]:
    """Map gold ids of one document side to positions in its sentence list.

    ``rows`` are (ids, text) of the gold alignments touching that side. Candidates
    come from text matches; a Viterbi pass picks strictly increasing positions in
    id order, penalising gaps that differ from the sentence-number gap inside a
    paragraph (this settles repeated sentences such as "So geschah es.").
    """
    # whitespace is compared collapsed: some gold rows join sentences with two spaces
    sentences = [" ".join(s.split()) for s in sentences]
    candidates: dict[str, set[int]] = {}
    for ids, text in rows:
        ids = list(dict.fromkeys(ids))  # one gold row repeats an id ("812-1-5-2")
        text = " ".join(text.split())
        if len(ids) == 1:
            found = {j for j, s in enumerate(sentences) if s == text}
            per_id = [found]
        else:
            segs = _segmentations(text, sentences, len(ids))
            per_id = [{seg[n] for seg in segs} for n in range(len(ids))]
        for gid, cands in zip(ids, per_id):
            candidates[gid] = candidates[gid] & cands if gid in candidates else set(cands)
    missing = [gid for gid, c in candidates.items() if not c]
    if missing:
        raise ValueError(f"gold ids without a matching sentence: {missing[:5]}")

    def key(gid: str) -> tuple[int, int]:
        _, _, para, sent = gid.split("-")
        return int(para), int(sent)

    order = sorted(candidates, key=key)
    # Viterbi over candidates: cost[i][c] = best cost of ids[:i+1] ending with position c
    prev_cost: dict[int, float] = {c: 0.0 for c in candidates[order[0]]}
    back: list[dict[int, int]] = []
    for a, b in zip(order, order[1:]):
        (pa, sa), (pb, sb) = key(a), key(b)
        cost: dict[int, float] = {}
        ptr: dict[int, int] = {}
        for c in candidates[b]:
            for p, pc in prev_cost.items():
                if p >= c:
                    continue
                penalty = abs((c - p) - (sb - sa)) if pa == pb else 0.0
                if pc + penalty < cost.get(c, float("inf")):
                    cost[c], ptr[c] = pc + penalty, p
        if not cost:
            raise ValueError(f"no increasing assignment for gold id {b}")
        back.append(ptr)
        prev_cost = cost
    last = min(prev_cost, key=lambda c: (prev_cost[c], c))
    chosen = [last]
    for ptr in reversed(back):
        chosen.append(ptr[chosen[-1]])
    return dict(zip(order, reversed(chosen)))


def load_doc_pairs(data_dir: Path) -> list[DocPair]:
    """The 147 DEplain-web test document pairs with resolved gold alignments."""
    with (data_dir / DOCS_FILE).open(encoding="utf-8", newline="") as fh:
        docs = {d["pair_id"]: d for d in csv.DictReader(fh)}
    with (data_dir / ALIGN_FILE).open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    by_pair: dict[str, list[dict]] = {}
    for r in rows:
        by_pair.setdefault(r["pair_id"], []).append(r)

    out = []
    for pair_id in sorted(docs, key=int):
        d = docs[pair_id]
        comp = d["original"].split(SEP)
        simp = d["simplification"].split(SEP)
        gold_rows = by_pair.get(pair_id, [])
        cmap = resolve_ids(comp, [(r["original_id"].split("|"), r["original"]) for r in gold_rows])
        smap = resolve_ids(simp, [(r["simplification_id"].split("|"), r["simplification"]) for r in gold_rows])
        gold = tuple(
            GoldAlignment(
                tuple(dict.fromkeys(cmap[i] for i in r["original_id"].split("|"))),
                tuple(dict.fromkeys(smap[i] for i in r["simplification_id"].split("|"))),
                r["alignment"],
            )
            for r in gold_rows
        )
        out.append(DocPair(pair_id, d["domain"], _sentences(d["complex_document_id"], comp), _sentences(d["simple_document_id"], simp), gold))
    return out


# ---------------------------------------------------------------- evaluation


def align_doc_pair(doc: DocPair, emb: np.ndarray, cfg: AlignConfig) -> tuple[set[tuple[int, int]], float, dict]:
    """Predicted (complex, simple) positions for one doc pair, seconds taken, and each pair's score."""
    sentences = doc.complex_sentences + doc.simple_sentences
    index = {s.id: s for s in sentences}
    complex_id = doc.complex_sentences[0].article_id
    clock = time.perf_counter()
    pairs = align(sentences, emb, cfg, {s.article_id: "de" for s in sentences})
    seconds = time.perf_counter() - clock
    pred: set[tuple[int, int]] = set()
    scores: dict[tuple[int, int], float] = {}
    for p in pairs:
        a, b = index[p.a], index[p.b]
        if a.article_id == b.article_id:
            continue
        c, s = (a, b) if a.article_id == complex_id else (b, a)
        pred.add((c.index, s.index))
        scores[(c.index, s.index)] = p.score
    return pred, seconds, scores


def select_mutual(cands: Sequence[tuple[float, int, int]], threshold: float, max_partners: int) -> set[tuple[int, int]]:
    """Pairs ``(score, c, s)`` with score >= threshold that are among the best ``max_partners`` of both sides.

    The same rule as ``factcheck.align._align_block``, for re-thresholding a
    candidate list without re-running ``align`` (and for the matrix baselines).
    """
    kept = [(sc, c, s) for sc, c, s in sorted(cands, key=lambda x: (x[1], x[2])) if sc >= threshold]
    ranked: dict[tuple[str, int], list[int]] = {}
    for n, (_, c, s) in enumerate(kept):
        ranked.setdefault(("c", c), []).append(n)
        ranked.setdefault(("s", s), []).append(n)
    votes: Counter[int] = Counter()
    for ns in ranked.values():
        votes.update(sorted(ns, key=lambda n: -kept[n][0])[:max_partners])
    return {(kept[n][1], kept[n][2]) for n in votes if votes[n] >= 2}


def counts(docs: Sequence[DocPair], preds: Sequence[set[tuple[int, int]]]) -> dict:
    """Micro P/R/F1 over sentence pairs, with recall per gold kind and shape."""
    tp = fp = fn = 0
    rewritten = Counter()  # the same, with gold "identical" (copied) pairs left out of both sides
    recall_by: Counter[str] = Counter()
    total_by: Counter[str] = Counter()
    for doc, pred in zip(docs, preds):
        gold = doc.gold_pairs()
        tp += len(pred & gold)
        fp += len(pred - gold)
        fn += len(gold - pred)
        copied = {(c, s) for g in doc.gold if g.kind == "identical" for c in g.complex_idx for s in g.simple_idx}
        rewritten["tp"] += len((pred & gold) - copied)
        rewritten["fp"] += len(pred - gold)
        rewritten["fn"] += len(gold - pred - copied)
        for g in doc.gold:
            gp = {(c, s) for c in g.complex_idx for s in g.simple_idx}
            for label in (g.kind, g.shape):
                total_by[label] += len(gp)
                recall_by[label] += len(gp & pred)
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    rp = rewritten["tp"] / (rewritten["tp"] + rewritten["fp"]) if rewritten["tp"] + rewritten["fp"] else 0.0
    rr = rewritten["tp"] / (rewritten["tp"] + rewritten["fn"]) if rewritten["tp"] + rewritten["fn"] else 0.0
    return {
        "precision": p,
        "recall": r,
        "f1": 2 * p * r / (p + r) if p + r else 0.0,
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "rewritten_only": {"precision": rp, "recall": rr, "f1": 2 * rp * rr / (rp + rr) if rp + rr else 0.0, **rewritten},
        "doc_pairs": len(docs),
        "recall_by_kind": {k: recall_by[k] / total_by[k] for k in sorted(total_by)},
    }


def matrix_candidates(doc: DocPair, emb: np.ndarray, signal: str, cfg: AlignConfig) -> list[tuple[float, int, int]]:
    """Every cross pair scored by one signal: raw ``cosine`` or ``lexical`` (align's token_set_ratio)."""
    nc = len(doc.complex_sentences)
    if signal == "cosine":
        m = emb[:nc] @ emb[nc:].T
    else:
        stop = frozenset(cfg.stopwords["de"])
        content = [_profile(s, stop, cfg.rare_word_min_length).content for s in doc.complex_sentences + doc.simple_sentences]
        m = process.cdist(content[:nc], content[nc:], scorer=fuzz.token_set_ratio) / 100.0
    return [(float(m[c, s]), c, s) for c in range(m.shape[0]) for s in range(m.shape[1])]


def run(data_dir: Path, cache_dir: Path, config: Config, calibration: dict | None) -> dict:
    floor_s = matmul_floor()
    docs = load_doc_pairs(data_dir)
    texts = [s.text for d in docs for s in d.complex_sentences + d.simple_sentences]
    emb_all, embed_meta = embed_cached(texts, config, cache_dir, "deplain-web")
    embs, offset = [], 0
    for d in docs:
        n = len(d.complex_sentences) + len(d.simple_sentences)
        embs.append(emb_all[offset : offset + n])
        offset += n

    # the configured aligner itself, timed per doc pair
    base = config.align.model_copy(update={"intra_article": False})
    preds, align_s = [], []
    for doc, emb in zip(docs, embs):
        pred, secs, _ = align_doc_pair(doc, emb, base)
        preds.append(pred)
        align_s.append(secs)
    systems: dict[str, dict] = {"configs/default.toml": {"setting": {}, **counts(docs, preds)}}
    guesses = base.model_copy(update=GUESSES)
    systems["pre-calibration guesses"] = {
        "setting": {"threshold": guesses.threshold},
        **counts(docs, [align_doc_pair(d, e, guesses)[0] for d, e in zip(docs, embs)]),
    }

    # one loose align run per doc pair gives every candidate for re-thresholding
    thresholds = np.round(np.arange(max(0.0, base.threshold - 0.3), min(1.0, base.threshold + 0.3) + 1e-9, 0.025), 3)
    loose_cfg = base.model_copy(update={"threshold": float(thresholds[0]), "max_partners": 10**6})
    loose = []
    for doc, emb in zip(docs, embs):
        _, _, scores = align_doc_pair(doc, emb, loose_cfg)
        loose.append([(sc, c, s) for (c, s), sc in scores.items()])
    replay = [select_mutual(cands, base.threshold, base.max_partners) for cands in loose]
    replay_mismatch = sum(len(a ^ b) for a, b in zip(replay, preds))

    if calibration is not None:
        for name, signal, thr in (
            ("cosine only (STS dev threshold)", "cosine", calibration["systems"]["cosine only"]["threshold"]),
            ("lexical only (STS dev threshold)", "lexical", calibration["systems"]["lexical only"]["threshold"]),
        ):
            pr = [select_mutual(matrix_candidates(d, e, signal, base), thr, base.max_partners) for d, e in zip(docs, embs)]
            systems[name] = {"setting": {signal: thr, "max_partners": base.max_partners}, **counts(docs, pr)}

    # transfer gap: tune threshold and max_partners on half A, report half B
    half_a = [i for i in range(len(docs)) if i % 2 == 0]
    half_b = [i for i in range(len(docs)) if i % 2 == 1]
    grid = []
    for mp in (1, 2, 3):
        for thr in thresholds:
            pr = [select_mutual(loose[i], float(thr), mp) for i in half_a]
            grid.append((counts([docs[i] for i in half_a], pr)["f1"], float(thr), mp))
    best_f1, best_thr, best_mp = max(grid)
    docs_b = [docs[i] for i in half_b]
    halves = {
        "configs/default.toml on half B": {"setting": {}, **counts(docs_b, [preds[i] for i in half_b])},
        "tuned on half A, on half B": {
            "setting": {"threshold": best_thr, "max_partners": best_mp, "half_a_f1": round(best_f1, 4)},
            **counts(docs_b, [select_mutual(loose[i], best_thr, best_mp) for i in half_b]),
        },
    }

    sizes = [(len(d.complex_sentences), len(d.simple_sentences)) for d in docs]
    per_doc_embed = (
        float(np.mean([a + b for a, b in sizes])) / embed_meta["sentences_per_s"] if embed_meta.get("sentences_per_s") else None
    )
    return {
        "data": str(data_dir),
        "embedder": embed_meta,
        "align": base.model_dump(exclude={"stopwords"}),
        "gold": {
            "doc_pairs": len(docs),
            "complex_sentences": sum(a for a, _ in sizes),
            "simple_sentences": sum(b for _, b in sizes),
            "alignments": sum(len(d.gold) for d in docs),
            "sentence_pairs": sum(len(d.gold_pairs()) for d in docs),
            "gold_pairs_by_kind": dict(
                sorted(Counter(k for d in docs for g in d.gold for k in (g.kind, g.shape) for _ in range(len(g.complex_idx) * len(g.simple_idx))).items())
            ),
            "domains": dict(Counter(d.domain for d in docs)),
        },
        "systems": systems,
        "halves": halves,
        "replay_mismatch_pairs": replay_mismatch,
        "timing": {
            "floor_s": floor_s,
            "align_s_per_doc_pair_mean": float(np.mean(align_s)),
            "align_s_per_doc_pair_median": float(np.median(align_s)),
            "align_s_per_doc_pair_max": float(np.max(align_s)),
            "align_mean_over_floor": float(np.mean(align_s)) / floor_s,
            "align_s_total": float(np.sum(align_s)),
            "mean_sentences_per_doc_pair": float(np.mean([a + b for a, b in sizes])),
            "embed_s_per_doc_pair_estimate": per_doc_embed,
        },
    }


def render(result: dict) -> str:
    g = result["gold"]
    out = [
        f"DEplain-web test: {g['doc_pairs']} doc pairs, {g['complex_sentences']} complex + {g['simple_sentences']} simple sentences, "
        f"{g['alignments']} gold alignments = {g['sentence_pairs']} sentence pairs",
        f"align: threshold={result['align']['threshold']} max_partners={result['align']['max_partners']} "
        f"weights=({result['align']['weight_semantic']}, {result['align']['weight_lexical']}, {result['align']['weight_anchors']})",
        f"(re-thresholding check: {result['replay_mismatch_pairs']} pairs differ between align() and the replayed selection rule)",
        "",
        f"{'':<36}{'all gold sentence pairs':^42} | {'without copied pairs':^21}",
        f"{'system':<36}{'P':>7}{'R':>7}{'F1':>7}{'TP':>7}{'FP':>7}{'FN':>7} |{'P':>7}{'R':>7}{'F1':>7}   recall by gold kind",
    ]
    for name, s in list(result["systems"].items()) + list(result["halves"].items()):
        kinds = " ".join(f"{k}={v:.2f}" for k, v in s["recall_by_kind"].items())
        rw = s["rewritten_only"]
        out.append(
            f"{name:<36}{s['precision']:>7.3f}{s['recall']:>7.3f}{s['f1']:>7.3f}{s['tp']:>7}{s['fp']:>7}{s['fn']:>7} |"
            f"{rw['precision']:>7.3f}{rw['recall']:>7.3f}{rw['f1']:>7.3f}   {kinds}"
        )
        if s.get("setting"):
            out.append(f"{'':<38}setting: {s['setting']}")
    t = result["timing"]
    out.append(
        f"\ntiming: floor (1024x384 matmul) {t['floor_s'] * 1e3:.2f} ms; align per doc pair ({t['mean_sentences_per_doc_pair']:.0f} sentences) "
        f"mean {t['align_s_per_doc_pair_mean'] * 1e3:.1f} ms = {t['align_mean_over_floor']:.1f} floors, "
        f"median {t['align_s_per_doc_pair_median'] * 1e3:.1f} ms, max {t['align_s_per_doc_pair_max'] * 1e3:.1f} ms"
    )
    if t["embed_s_per_doc_pair_estimate"]:
        out.append(f"embedding per doc pair (from measured sent/s): {t['embed_s_per_doc_pair_estimate']:.2f} s")
    return "\n".join(out)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="DEplain-web alignment directory")
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE, help="embedding cache directory")
    parser.add_argument("--calibration", type=Path, help="calibrate_align.py --json output: adds one-signal baselines")
    parser.add_argument("--json", type=Path, help="write the figures to this file")
    args = parser.parse_args(argv)
    calibration = json.loads(args.calibration.read_text()) if args.calibration else None
    result = run(args.data, args.cache, default_config(), calibration)
    print(render(result))
    if args.json:
        args.json.write_text(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
