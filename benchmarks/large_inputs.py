"""Peak memory and time of ingest on a 50 MB article and a 100,000-line JSON Lines feed (issue 14).

    python benchmarks/large_inputs.py [--max-articles N]

Each input is generated in a temporary folder and read in a fresh process
(``read_corpus`` with the default ``[limits]``); the figures are that process' peak
resident memory (``ru_maxrss``) before and after reading, and the wall time.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PARAGRAPH = ("Nach drei Monaten Bauzeit fährt die Straßenbahn seit Montag wieder durch die Altstadt. "
             "Die Stadtwerke hatten die Gleise erneuert und die Haltestellen barrierefrei umgebaut.\n")

CHILD = """
import json, resource, sys, time
from factcheck.config import default_config
from factcheck.ingest import read_corpus
cfg = default_config()
limits = cfg.limits.model_copy(update={"max_articles": int(sys.argv[2])})
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
started = time.perf_counter()
corpus = read_corpus([sys.argv[1]], cfg.ingest, limits)
seconds = time.perf_counter() - started
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"articles": len(corpus.articles), "cuts": [c.detail for c in corpus.cuts], "seconds": round(seconds, 2),
                  "rss_before_mib": round(before / 1024, 1), "rss_peak_mib": round(after / 1024, 1)}))
"""


def measure(path: Path, max_articles: int) -> dict:
    proc = subprocess.run([sys.executable, "-c", CHILD, str(path), str(max_articles)], capture_output=True, text=True,
                          check=True, cwd=ROOT, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    return json.loads(proc.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--max-articles", type=int, default=2000, help="[limits] max_articles (default: %(default)s)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        article = Path(tmp) / "riesig.txt"
        with article.open("w", encoding="utf-8") as fh:
            fh.write("Eine sehr lange Meldung\n")
            while fh.tell() < 50 * 2**20:
                fh.write(PARAGRAPH)
        feed = Path(tmp) / "feed.jsonl"
        with feed.open("w", encoding="utf-8") as fh:
            for i in range(100_000):
                fh.write(json.dumps({"id": f"m{i}", "text": f"Meldung {i}: {PARAGRAPH.strip()}"}, ensure_ascii=False) + "\n")
        for name, path in (("50 MB article", article), ("100,000-line JSONL", feed)):
            size = path.stat().st_size / 2**20
            print(f"{name} ({size:.0f} MiB): {json.dumps(measure(path, args.max_articles), ensure_ascii=False)}")


if __name__ == "__main__":
    main()
