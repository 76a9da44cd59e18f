"""Measure the review app: time to open the queue, and decisions per second under a bounded load loop.

    # time from `factcheck review CORPUS` to the queue page in hand (the command as an editor runs it),
    # then a load loop of decisions against it on 127.0.0.1
    python scripts/review_bench.py /work/scratch/corpora/c30.jsonl --requests 2000 --clients 8
    python scripts/review_bench.py --report reports/x/report.json --requests 2000

The database goes to a temporary folder that is removed afterwards. The loop is bounded in count
(``--requests``) and time (``--seconds``), talks only to the server it started on 127.0.0.1, and
stops by itself.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("paths", nargs="*", help="corpus files or folders (or use --report)")
    p.add_argument("--report", help="a report.json to review instead of analysing PATHs")
    p.add_argument("--no-nli", action="store_true", help="analyse without the NLI model")
    p.add_argument("--requests", type=int, default=2000, help="decisions to send in the load loop (at most)")
    p.add_argument("--seconds", type=float, default=60.0, help="stop the load loop after this long (at most)")
    p.add_argument("--clients", type=int, default=8, help="concurrent HTTP clients in the load loop")
    p.add_argument("--json", help="also write the figures here")
    args = p.parse_args()

    with tempfile.TemporaryDirectory(prefix="factcheck-review-bench-") as tmp:
        db = Path(tmp) / "reviews.sqlite"
        cmd = [sys.executable, "-m", "factcheck", "review", "--db", str(db), "--no-browser"]
        cmd += ["--report", args.report] if args.report else [*args.paths, *(["--no-nli"] if args.no_nli else [])]
        env = {**os.environ, "PYTHONPATH": str(ROOT), "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True, env=env)
        try:
            url = None
            for line in proc.stdout:
                found = re.search(r"review at (http://\S+/)", line)
                if found:
                    url = found[1]
                    break
            if url is None:
                raise SystemExit(f"the review command ended without serving (exit {proc.wait()})")
            listening = time.perf_counter() - started
            queue = httpx.get(url, timeout=60)
            queue.raise_for_status()
            opened = time.perf_counter() - started
            cpu = _cpu_seconds(proc.pid)
            clock = time.perf_counter()
            httpx.get(url, timeout=60).raise_for_status()
            queue_page_ms = (time.perf_counter() - clock) * 1000
            listing = httpx.get(url + "api/queue", timeout=60).json()
            fps = [d["fingerprint"] for d in listing["divergences"]]
            figures = {"divergences": len(fps), "seconds_to_listening": round(listening, 2),
                       "seconds_to_queue": round(opened, 2),
                       "cpu_seconds_to_queue": cpu, "load_average_1min": round(os.getloadavg()[0], 1),
                       "queue_page_ms": round(queue_page_ms, 1),
                       "queue_page_bytes": len(queue.content)}
            if fps:
                page = httpx.get(f"{url}d/{fps[0]}", timeout=60).text
                token = re.search(r'name="token" value="([^"]+)"', page)[1]
                figures |= load_loop(url, token, fps, args.requests, args.seconds, args.clients)
        finally:
            proc.send_signal(signal.SIGTERM)  # SIGINT is ignored in a background job
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
        figures["db_bytes"] = sum(f.stat().st_size for f in Path(tmp).iterdir())
    print(json.dumps(figures, indent=2))
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0


def _cpu_seconds(pid: int) -> float | None:
    """User + system CPU seconds of a process so far (Linux /proc; None elsewhere): on a shared
    machine wall-clock time depends on the other jobs, CPU time much less."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return round((int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK"), 2)
    except (OSError, IndexError, ValueError):
        return None


def load_loop(url: str, token: str, fps: list[str], requests: int, seconds: float, clients: int) -> dict:
    """Decisions (confirm / dismiss with a reason / follow-up, round robin over the divergences) from
    ``clients`` threads until ``requests`` are sent or ``seconds`` have passed; JSON answers, no redirects."""
    lock, sent, latencies, failures = threading.Lock(), [0], [], []
    choices = [{"decision": "confirmed"}, {"decision": "dismissed", "reason": "false_alarm"},
               {"decision": "follow_up"}]
    deadline = time.perf_counter() + seconds

    def client(n: int) -> None:
        with httpx.Client(base_url=url, timeout=30, headers={"Accept": "application/json"}) as http:
            while True:
                with lock:
                    if sent[0] >= requests or time.perf_counter() > deadline:
                        return
                    k = sent[0]
                    sent[0] += 1
                data = {"token": token, "reviewer": f"bench{n}", "note": f"load {k}", **choices[k % 3]}
                clock = time.perf_counter()
                r = http.post(f"d/{fps[k % len(fps)]}/decide", data=data)
                elapsed = time.perf_counter() - clock
                with lock:
                    latencies.append(elapsed)
                    if r.status_code != 200:
                        failures.append(r.status_code)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    clock = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - clock
    latencies.sort()
    audit = httpx.get(f"{url}api/d/{fps[0]}/history", timeout=60).json()
    return {
        "decisions_sent": len(latencies), "clients": clients, "failures": len(failures),
        "decisions_per_second": round(len(latencies) / wall, 1),
        "latency_ms_p50": round(latencies[len(latencies) // 2] * 1000, 1),
        "latency_ms_p95": round(latencies[int(len(latencies) * 0.95)] * 1000, 1),
        "audit_rows_first_divergence": len(audit),
        "expected_audit_rows_first_divergence": len(range(0, len(latencies), len(fps))),
    }


if __name__ == "__main__":
    raise SystemExit(main())
