"""Scale benchmark: the whole pipeline on growing real corpora, against the embedding floor.

One command prints one table. Each run is a fresh process (its peak RSS is its own):

* cold: empty caches (embeddings, and claims and NLI readings in results.sqlite3, in a fresh folder),
  the model loaded once;
* cached: the same corpus again on the caches the cold run filled.

Per run: articles, events, sentences, wall time per stage, sentences/s, peak RSS, and the
ratio **end-to-end / floor**, where the floor is the same sentences embedded by the same
model, uncached, in the same process after the run (the model already loaded): all of the
corpus' sentences, in two calls, first those the run embeds (articles that share their story
with another one), then the rest; the ratio to the first part is printed too.
End-to-end is ``analyze`` plus writing report.json, report.md and report.html, model
loading included, Python start-up excluded.

Corpora: ``seeds`` (a), ``semeval-de`` (b: every German SemEval-2022 article, ~640),
``all`` (c: every real article in ../shared/eval, ~2,300, German and English); with
``--curve`` also the first 100 / 1,000 / all articles of ``all``.

Usage (from the repository root; heavy: run under ``nice -n 19``, one at a time)::

    nice -n 19 .venv/bin/python benchmarks/bench_scale.py [--corpus seeds --corpus semeval-de]
        [--nli] [--no-cached] [--curve] [--out /tmp/bench-scale]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

STAGES = ("ingest", "segment", "claims", "model_load", "embed", "events", "align", "candidates", "rules",
          "nli_screen", "nli_load", "nli", "signals", "judge", "graph", "reports")


def corpus_file(name: str, limit: int | None, folder: Path) -> Path:
    """The corpus as one JSONL file (or the seeds folder)."""
    if name == "seeds":
        return ROOT / "seeds" / "iraq-2014"
    from corpora import all_articles, semeval_articles, write_jsonl

    records = semeval_articles("de") if name == "semeval-de" else all_articles()
    if limit:
        records = records[:limit]
    return write_jsonl(records, folder / f"{name}-{limit or 'all'}.jsonl")


def run_one(args: argparse.Namespace) -> None:
    """Child process: one pipeline run, its JSON on stdout."""
    from factcheck.config import load_config
    from factcheck.embed import get_embedder
    from factcheck.events import compared as compared_events
    from factcheck.pipeline import analyze
    from factcheck.report import write_reports

    overrides = {"embedder": {"cache_file": args.cache}, "events": {"enabled": not args.no_events}}
    if not args.nli:
        overrides["nli"] = {"model": ""}
    cfg = load_config(overrides=overrides)
    executor = None
    if args.workers:
        from factcheck.executor import get_executor

        executor = get_executor("dask", workers=args.workers)  # started before the clock: a cluster is given
    clock = time.perf_counter()
    analysis = analyze([Path(args.path)], cfg, executor=executor)
    started = time.perf_counter()
    write_reports(analysis, args.report_dir, ["json", "md", "html"])
    reports = time.perf_counter() - started
    total = time.perf_counter() - clock
    # a folder (the per-event pages) counts with everything in it
    sizes = {p.name: sum(f.stat().st_size for f in p.rglob("*")) if p.is_dir() else p.stat().st_size
             for p in Path(args.report_dir).iterdir()}

    if executor is not None:
        executor.close()
    texts = [s.text for s in analysis.sentences]
    # the sentences the run embeds: those of articles compared with another one (an article alone in its
    # story is not embedded unless [events] compare_alone); the floor is all of them, measured in two
    # calls (compared, then the rest) so that the floor of what the run embeds is known as well
    compared = {a for e in compared_events(analysis.events, cfg.events) for a in e.articles}
    inside = [s.text for s in analysis.sentences if s.article_id in compared]
    outside = [s.text for s in analysis.sentences if s.article_id not in compared]
    floor = floor_compared = None
    if args.floor:
        model = get_embedder(cfg.embedder.model_copy(update={"cache": False}))
        inner = getattr(model, "inner", model)  # the model itself: no cache, no dedupe
        started = time.perf_counter()
        inner.encode(inside)
        floor_compared = time.perf_counter() - started
        if outside:
            inner.encode(outside)
        floor = time.perf_counter() - started
    timings = dict(analysis.timings, reports=reports)
    print(json.dumps({
        "articles": len(analysis.articles), "events": len(analysis.events),
        "events_multi": sum(len(e.articles) > 1 for e in analysis.events),
        "sentences": len(texts), "unique_sentences": len(set(texts)), "candidates": len(analysis.candidates),
        "findings": len(analysis.findings), "divergences": len(analysis.divergences),
        "sentences_compared": len(inside),
        "total_s": total, "floor_s": floor, "floor_compared_s": floor_compared, "timings": timings, "sizes": sizes,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }))


def child(path: Path, cache: Path, report_dir: Path, nli: bool, floor: bool, events: bool = True,
          workers: int = 0) -> dict:
    cmd = [sys.executable, __file__, "--child", str(path), "--cache", str(cache), "--report-dir", str(report_dir)]
    cmd += ["--workers", str(workers)] if workers else []
    cmd += ["--nli"] if nli else []
    cmd += ["--floor"] if floor else []
    cmd += [] if events else ["--no-events"]
    env = dict(os.environ, PYTHONPATH=str(ROOT), HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1")
    done = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)
    if done.returncode:
        sys.stderr.write(done.stderr[-3000:])
        raise SystemExit(f"run failed: {' '.join(cmd)}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def row(label: str, r: dict, floor: float | None) -> str:
    t = r["timings"]
    stages = " ".join(f"{k} {t[k]:.1f}" for k in STAGES if t.get(k, 0) >= 0.05)
    ratio = f"{r['total_s'] / floor:.2f}" if floor else "–"
    return (f"| {label} | {r['articles']} | {r['events']} ({r['events_multi']} multi) | {r['sentences']:,} | "
            f"{r['total_s']:.1f} s | {floor or 0:.1f} s | **{ratio}** | {r['sentences'] / r['total_s']:.0f} | "
            f"{r['peak_rss_mb']:,.0f} MB | {stages} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", action="append", choices=["seeds", "semeval-de", "all"])
    parser.add_argument("--nli", action="store_true", help="with the NLI model (default: --no-nli)")
    parser.add_argument("--no-cached", action="store_true", help="skip the cached re-run")
    parser.add_argument("--no-events", action="store_true", help="event clustering off (every article compared)")
    parser.add_argument("--limit", type=int, default=None, help="only the first N articles of each corpus")
    parser.add_argument("--curve", action="store_true", help="also 100 / 1,000 / all articles of 'all'")
    parser.add_argument("--workers", type=int, default=0,
                        help="run on a Dask LocalCluster of this many workers (started before the clock)")
    parser.add_argument("--out", type=Path, default=None, help="keep the reports here (default: a temp dir)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--cache", help=argparse.SUPPRESS)
    parser.add_argument("--report-dir", help=argparse.SUPPRESS)
    parser.add_argument("--floor", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        args.path = args.child
        run_one(args)
        return

    runs = [(c, args.limit if c != "seeds" else None) for c in (args.corpus or ["seeds", "semeval-de", "all"])]
    if args.curve:  # smallest first, "all" last
        runs = [r for r in runs if r != ("all", None)] + [("all", 100), ("all", 1000), ("all", None)]
    with tempfile.TemporaryDirectory(prefix="bench-scale-") as tmp:
        work = args.out or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        print(f"nli {'on' if args.nli else 'off'}, events {'off' if args.no_events else 'on'}, "
              f"executor {f'dask ({args.workers} workers)' if args.workers else 'serial'}; "
              f"reports under {work}", flush=True)
        print("| run | articles | events | sentences | end-to-end | embedding floor | end-to-end / floor | "
              "sentences/s | peak RSS | seconds per stage |")
        print("|---|---|---|---|---|---|---|---|---|---|", flush=True)
        for name, limit in runs:
            label = f"{name}{'' if limit is None else f' {limit}'}"
            path = corpus_file(name, limit, work)
            # each run its own cache folder: embeddings.sqlite3 and results.sqlite3 (claims, NLI readings)
            folder = work / f"cache-{label.replace(' ', '-')}"
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir(parents=True)
            cache = folder / "embeddings.sqlite3"
            cold = child(path, cache, work / f"{label.replace(' ', '-')}-cold", args.nli, True, not args.no_events,
                         args.workers)
            print(row(f"{label} cold", cold, cold["floor_s"]), flush=True)
            if cold.get("floor_compared_s") and cold["sentences_compared"] < cold["sentences"]:
                print(f"|  | {label}: the run embedded {cold['sentences_compared']:,} of {cold['sentences']:,} "
                      f"sentences (those of articles that share their story); their floor "
                      f"{cold['floor_compared_s']:.1f} s, end-to-end / that floor "
                      f"**{cold['total_s'] / cold['floor_compared_s']:.2f}** |", flush=True)
            if not args.no_cached:
                warm = child(path, cache, work / f"{label.replace(' ', '-')}-cached", args.nli, False,
                             not args.no_events, args.workers)
                print(row(f"{label} cached", warm, cold["floor_s"]) +
                      f" ({cold['total_s'] / warm['total_s']:.1f}× faster than cold)", flush=True)
            sizes = ", ".join(f"{k} {v / 1e6:.1f} MB" for k, v in sorted(cold["sizes"].items()))
            print(f"|  | {label}: {cold['candidates']:,} candidates, {cold['findings']} findings, "
                  f"{cold['divergences']} divergences, {cold['unique_sentences']:,} distinct sentences; {sizes} |",
                  flush=True)


if __name__ == "__main__":
    main()
