"""The shipped embedder in fp32 against int8 dynamic quantisation of its Linear layers, on 1,000 real
German sentences (drawn with a fixed seed from the German SemEval-2022 articles, split as a report run
splits them): speed-up, cosine agreement with fp32, and how often the nearest neighbour stays.

Usage (from the repository root, model converted: ``make model``)::

    HF_HUB_OFFLINE=1 .venv/bin/python benchmarks/bench_int8_embed.py
"""
import copy
import random
import sys
import time
from pathlib import Path

import numpy as np
import torch

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpora import semeval_articles  # noqa: E402

from factcheck.config import load_config  # noqa: E402
from factcheck.models.e5_offline import ensure_e5_model  # noqa: E402
from factcheck.models.offline import MeanPoolingEncoder, load_mean_pooling_encoder  # noqa: E402
from factcheck.records import Article  # noqa: E402
from factcheck.segment import segment  # noqa: E402

cfg = load_config()
articles = [Article(id=str(r["id"]), title=r.get("title", ""), text=r["text"], language="de")
            for r in semeval_articles("de")]
texts = sorted({s.text for a in articles for s in segment(a, cfg.segment)})
random.Random(0).shuffle(texts)
texts = [cfg.embedder.prefix + t for t in texts[:1000]]
enc = load_mean_pooling_encoder(str(ensure_e5_model(cfg.embedder.cache_dir or None)))
q = MeanPoolingEncoder(enc.tokenizer, torch.quantization.quantize_dynamic(copy.deepcopy(enc.model), {torch.nn.Linear}, dtype=torch.qint8))
def timed(e):
    t = time.perf_counter(); v = e.encode(texts, cfg.embedder.batch_size); return v, time.perf_counter() - t
enc.encode(texts[:32], 32); q.encode(texts[:32], 32)  # warm
a, ta = timed(enc); b, tb = timed(q); a2, ta2 = timed(enc); b2, tb2 = timed(q)
cos = (a * b).sum(1) / np.linalg.norm(a, axis=1) / np.linalg.norm(b, axis=1)
print(f"fp32 {ta:.1f}/{ta2:.1f} s, int8 {tb:.1f}/{tb2:.1f} s, speed-up {(ta+ta2)/(tb+tb2):.2f}x; cosine int8 vs fp32 mean {cos.mean():.4f} min {cos.min():.4f} p01 {np.quantile(cos, 0.01):.4f}")
# does int8 keep the neighbours? top-1 of each sentence among the others
sa = a @ a.T; sb = b @ b.T; np.fill_diagonal(sa, -9); np.fill_diagonal(sb, -9)
print("same nearest neighbour", float((sa.argmax(1) == sb.argmax(1)).mean()))
