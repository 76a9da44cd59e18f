"""Measure the shipped NLI model e5-nli-offline.v1: rebuild, load, inference speed, bf16.

Figures, all taken in one run:

* cold rebuild: ``ensure_nli_model`` from the package's delta into an empty temporary cache
  (the e5 base is already converted: ``factcheck models prepare`` does that first);
* load: ``load_nli`` with the rebuilt directory cached (what every later run pays once);
* throughput: pairs per second on the first N XNLI-de test pairs and on N news sentence
  pairs (STS-B-de test, main-news genre: the length of aligned news sentences), with the
  configured batch size and max_length, in float32 and with bfloat16 autocast, and the
  accuracy of both on the XNLI pairs (bf16 is only worth having if it keeps accuracy).

Every time is also given as a ratio to the fixed numpy matmul floor the other benchmarks
use (``calibrate_align.matmul_floor``, measured before and after each timing): the machines
are shared and their load changes from minute to minute.

Usage (from the repository root)::

    .venv/bin/python benchmarks/bench_nli.py [--pairs 500] [--json out.json]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
from calibrate_align import DEFAULT_DATA, load_split, matmul_floor

from factcheck.config import default_config
from factcheck.evaluate import default_data_dir, load_dataset
from factcheck.models import nli_e5
from factcheck.nli import LABELS, load_nli


def _timed(fn) -> tuple[Any, float, float]:
    """(result, wall seconds, floor seconds: the mean of the floor before and after)."""
    before = matmul_floor()
    start = time.perf_counter()
    out = fn()
    seconds = time.perf_counter() - start
    return out, seconds, (before + matmul_floor()) / 2


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pairs", type=int, default=500)
    parser.add_argument("--model", default="e5-nli-offline.v1")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    import torch

    cfg = default_config().nli.model_copy(update={"model": args.model})
    result: dict[str, Any] = {"model": args.model, "batch_size": cfg.batch_size, "max_length": cfg.max_length,
                              "threads": torch.get_num_threads()}
    delta = nli_e5.delta_dir_for(args.model)
    if delta is not None:
        with tempfile.TemporaryDirectory() as tmp:
            _, seconds, floor = _timed(lambda: nli_e5.ensure_nli_model(delta, cache_dir=tmp))
        result["rebuild_cold"] = {"seconds": round(seconds, 2), "x_floor": round(seconds / floor)}
    nli_e5.ensure_nli_model(delta) if delta is not None else None
    model, seconds, floor = _timed(lambda: load_nli(cfg))
    result["load"] = {"seconds": round(seconds, 2), "x_floor": round(seconds / floor)}
    model.predict([("Ein Satz.", "Noch ein Satz.")])  # first call allocates

    xnli = load_dataset("xnli-de", default_data_dir(), args.pairs)
    news = [p for p in load_split(DEFAULT_DATA, "test") if p.genre == "main-news"][: args.pairs]
    sets = {"xnli-de": [(p.premise, p.hypothesis) for p in xnli], "news": [(p.a, p.b) for p in news]}
    gold = np.array([LABELS.index(p.label) for p in xnli])
    for dtype in ("float32", "bfloat16"):
        autocast = (torch.autocast("cpu", dtype=torch.bfloat16) if dtype == "bfloat16"
                    else contextlib.nullcontext())
        for name, pairs in sets.items():
            with autocast:
                probs, seconds, floor = _timed(lambda pairs=pairs: model.predict(pairs))
            row = {"n": len(pairs), "seconds": round(seconds, 2), "pairs_per_second": round(len(pairs) / seconds, 1),
                   "ms_per_pair_x_floor": round(seconds / len(pairs) / floor, 2), "floor_ms": round(floor * 1000, 2)}
            if name == "xnli-de":
                row["accuracy"] = round(float((probs.argmax(axis=1) == gold).mean()), 4)
            result.setdefault(dtype, {})[name] = row
            print(f"{dtype:<8} {name:<8} {row['pairs_per_second']:>6} pairs/s  "
                  f"{row['ms_per_pair_x_floor']:>5} floors/pair" + (f"  accuracy {row['accuracy']}" if "accuracy" in row
                                                                    else ""))
    for key in ("rebuild_cold", "load"):
        if key in result:
            print(f"{key}: {result[key]['seconds']} s ({result[key]['x_floor']} floors)")
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
