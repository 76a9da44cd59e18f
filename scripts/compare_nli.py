"""Dev harness: the same corpus with the rules alone and with rules + the NLI model, side by side.

Runs the pipeline twice (the embedder is loaded once and shared) and prints what the model
changed: findings by kind, the FC109 findings only the model raises, and the rule findings it
disagrees with (confidence lowered). Writes the comparison as JSON with ``--json``.

The SemEval news texts are copyrighted: write clusters to /tmp with
``scripts/semeval_to_jsonl.py`` and point this script there, never into the repository.

    python scripts/compare_nli.py seeds/iraq-2014
    python scripts/semeval_to_jsonl.py --cluster 0 -o /tmp/cluster0.jsonl
    python scripts/compare_nli.py /tmp/cluster0.jsonl --json /tmp/cluster0-nli.json
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from factcheck.atomic import write_atomic  # noqa: E402
from factcheck.config import load_config  # noqa: E402
from factcheck.embed import get_embedder  # noqa: E402
from factcheck.pipeline import analyze  # noqa: E402


def _short(text: str, n: int = 160) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--nli", default="e5-nli-offline.v1", help="NLI model (default: %(default)s)")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)

    rules_cfg = load_config(overrides={"nli": {"model": ""}})
    model_cfg = load_config(overrides={"nli": {"model": args.nli}})
    embedder = get_embedder(rules_cfg.embedder)
    started = time.perf_counter()
    rules = analyze(args.paths, rules_cfg, embedder)
    rules_seconds = time.perf_counter() - started
    started = time.perf_counter()
    both = analyze(args.paths, model_cfg, embedder)
    both_seconds = time.perf_counter() - started

    text = {s.id: s.text for s in both.sentences}
    before = {(f.a, f.b, f.code): f for f in rules.findings}
    new = [f for f in both.findings if f.code == "FC109"]
    disagree = [f for f in both.findings if "The NLI model disagrees" in f.explanation]
    agree = [f for f in both.findings if "The NLI model agrees" in f.explanation]
    n_pairs = len(both.pairs)
    result = {
        "inputs": [str(p) for p in args.paths],
        "articles": len(both.articles), "sentences": len(both.sentences), "pairs": n_pairs,
        "pairs_cross": sum(p.scope == "cross" for p in both.pairs),
        "rules": {"findings": dict(Counter(f.kind for f in rules.findings)), "seconds": round(rules_seconds, 1)},
        "rules+nli": {"findings": dict(Counter(f.kind for f in both.findings)), "seconds": round(both_seconds, 1),
                      "nli_seconds": round(both.timings.get("nli", 0.0), 1),
                      "nli_load_seconds": round(both.timings.get("nli_load", 0.0), 1),
                      "model": both.nli},
        "model_agrees": len(agree), "model_disagrees": len(disagree), "fc109": len(new),
        "fc109_findings": [{"a": text[f.a], "b": text[f.b], "p": f.confidence, "outlets": f.outlets} for f in new],
        "disagreements": [
            {"code": f.code, "a": text[f.a], "b": text[f.b],
             "confidence": [before[(f.a, f.b, f.code)].confidence if (f.a, f.b, f.code) in before else None,
                            f.confidence],
             "explanation": f.explanation}
            for f in disagree
        ],
        "pair_contradiction_histogram": dict(sorted(Counter(
            f"{min(int((p.nli_contradiction or 0) * 10), 9) / 10:.1f}" for p in both.pairs).items())),
    }
    print(f"{result['articles']} articles, {result['sentences']} sentences, {n_pairs} aligned pairs "
          f"({result['pairs_cross']} across)")
    print(f"rules alone : {result['rules']['findings']} in {rules_seconds:.1f} s")
    print(f"rules + NLI : {result['rules+nli']['findings']} in {both_seconds:.1f} s "
          f"(model {result['rules+nli']['nli_seconds']} s for {n_pairs} pairs both ways, "
          f"load {result['rules+nli']['nli_load_seconds']} s)")
    print(f"model agrees with {len(agree)} rule findings, disagrees with {len(disagree)}; FC109: {len(new)}")
    print(f"p(contradiction) histogram over aligned pairs: {result['pair_contradiction_histogram']}")
    for f in new:
        print(f"\nFC109 p={f.confidence:.2f} {' / '.join(f.outlets)}\n  A: {_short(text[f.a])}\n  B: {_short(text[f.b])}")
    for f in disagree:
        print(f"\n{f.code} disagreed ({f.confidence:.2f}): {f.explanation}\n  A: {_short(text[f.a])}\n"
              f"  B: {_short(text[f.b])}")
    if args.json:
        write_atomic(args.json, json.dumps(result, ensure_ascii=False, indent=2) + "\n")
        print(f"\nwrote {args.json}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
