"""Bounded fuzz run of the JSON Lines, manifest and front-matter parsers (hypothesis), for .ci/run.

    python scripts/fuzz_parsers.py --seconds 50

Drives the targets of tests/robustness/fuzz_targets.py round after round with fresh random
examples (no example database) until the time is up, then prints the examples run per
target. Exit 0 when every example passed, 1 with hypothesis' minimal failing example otherwise.
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from tests.robustness.fuzz_targets import TARGETS  # noqa: E402


def _counted(name, target, counts):
    """The target taking one tuple of generated values, counting its calls."""

    def run(values):
        counts[name] += 1
        target(*values)

    return run


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=50.0, help="time budget (default: %(default)s)")
    parser.add_argument("--round", type=int, default=50, help="examples per target and round (default: %(default)s)")
    args = parser.parse_args()
    logging.disable(logging.WARNING)  # skipped inputs are the expected outcome here, not news
    counts = dict.fromkeys(TARGETS, 0)
    runners = {}
    for name, (target, strategies) in TARGETS.items():
        runners[name] = settings(max_examples=args.round, deadline=None, database=None, derandomize=False,
                                 suppress_health_check=list(HealthCheck))(given(st.tuples(*strategies))(_counted(name, target, counts)))
    started = time.monotonic()
    rounds = 0
    while time.monotonic() - started < args.seconds:
        for name, run in runners.items():
            if time.monotonic() - started >= args.seconds:
                break
            try:
                run()
            except Exception as exc:  # noqa: BLE001 - every failure, with its falsifying example, is shown
                print(f"fuzz: {name}: FAILED after {counts[name]} examples: {type(exc).__name__}: {exc}")
                # the minimal examples are notes on the exceptions (one per distinct failure): a CI log must show them
                traceback.print_exception(exc, file=sys.stdout)
                return 1
        rounds += 1
    elapsed = time.monotonic() - started
    total = sum(counts.values())
    per = ", ".join(f"{k} {v}" for k, v in counts.items())
    print(f"fuzz: {total} examples in {elapsed:.1f} s ({rounds} rounds; {per}), no failure")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
