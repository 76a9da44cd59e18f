"""The review app under use: time until the queue opens, and decisions per second.

1. Starts ``factcheck review CORPUS --no-browser`` as a user does (a fresh process, a fresh database)
   and measures the wall time from the command's start until the queue page answers 200. Run it
   twice to see a cold and a warm start (the second reuses the embedding and result caches).
2. A bounded load loop against 127.0.0.1: ``--clients`` threads post ``--decisions`` decisions in all
   (confirm / follow-up, alternating, spread over the divergences) with the page's token, each on its
   own HTTP connection pool; prints decisions per second and the p50/p95 latency, then checks in
   the database that every acknowledged decision is in the audit trail.

Usage (from the repository root)::

    .venv/bin/python benchmarks/bench_review.py CORPUS [--no-nli] [--decisions 2000] [--clients 8]
"""

from __future__ import annotations

import argparse
import os
import re
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="+")
    parser.add_argument("--no-nli", action="store_true")
    parser.add_argument("--decisions", type=int, default=2000)
    parser.add_argument("--clients", type=int, default=8)
    args = parser.parse_args()
    import httpx

    with tempfile.TemporaryDirectory(prefix="bench-review-") as tmp:
        db = Path(tmp) / "reviews.sqlite"
        cmd = [str(ROOT / ".venv" / "bin" / "factcheck"), "review", *args.corpus, "--no-browser", "--db", str(db),
               "--reviewer", "bench"] + (["--no-nli"] if args.no_nli else [])
        env = dict(os.environ, HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1")
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env)
        try:
            url = None
            for line in proc.stdout:  # "review at http://127.0.0.1:PORT/  (Ctrl-C to stop)"
                found = re.search(r"(http://127\.0\.0\.1:\d+/)", line)
                if found:
                    url = found.group(1)
                    break
            if url is None:
                raise SystemExit(f"the review app did not start: {' '.join(cmd)}")
            while True:
                try:
                    queue = httpx.get(url, timeout=30)
                    if queue.status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                time.sleep(0.05)
            opened = time.perf_counter() - started
            fps = list(dict.fromkeys(re.findall(r'data-fingerprint="([0-9a-f]{40})"', queue.text)))
            print(f"queue open after {opened:.1f} s ({len(fps)} divergences; corpus {' '.join(args.corpus)})")
            if not fps:
                return
            token = re.search(r'name="token" value="([^"]+)"', httpx.get(url + f"d/{fps[0]}", timeout=30).text)[1]
            latencies: list[float] = []
            failures: list[str] = []
            lock = threading.Lock()
            per_client = args.decisions // args.clients

            def client(k: int) -> None:
                with httpx.Client(base_url=url, timeout=60) as c:
                    for n in range(per_client):
                        fp = fps[(k * per_client + n) % len(fps)]
                        decision = "confirmed" if n % 2 else "follow_up"
                        t = time.perf_counter()
                        r = c.post(f"d/{fp}/decide", data={"token": token, "decision": decision,
                                                           "note": f"bench {k}/{n}"})
                        dt = time.perf_counter() - t
                        with lock:
                            (latencies.append(dt) if r.status_code in (200, 303) else failures.append(str(r.status_code)))

            threads = [threading.Thread(target=client, args=(k,)) for k in range(args.clients)]
            clock = time.perf_counter()
            for th in threads:
                th.start()
            for th in threads:
                th.join()
            wall = time.perf_counter() - clock
            ok = len(latencies)
            q = statistics.quantiles(latencies, n=20) if ok >= 20 else [float("nan")] * 19
            print(f"decisions: {ok} acknowledged, {len(failures)} refused, {args.clients} clients, {wall:.1f} s: "
                  f"{ok / wall:.0f}/s, p50 {statistics.median(latencies) * 1000:.0f} ms, p95 {q[18] * 1000:.0f} ms")
        finally:
            proc.terminate()
            proc.wait(timeout=30)
        audited = sqlite3.connect(db).execute("SELECT COUNT(*) FROM audit WHERE note LIKE 'bench %'").fetchone()[0]
        print(f"audit trail: {audited} of {ok} acknowledged decisions"
              + (" (none lost)" if audited == ok else " (LOST DECISIONS)"))


if __name__ == "__main__":
    sys.exit(main())
