"""How long report.html takes to open in headless Chromium (Debian's, driven by Playwright).

For each file: seconds until the ``load`` event, and until the page's script has drawn the first
finding card (or the findings section, when there is none); the file size; a screenshot of the top
of the page when ``--shots DIR`` is given. Median of ``--runs`` fresh pages.

Usage::

    .venv/bin/python benchmarks/bench_html_open.py REPORT.html [...] [--runs 3] [--shots /tmp/shots]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.browser import Browser  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--shots", type=Path, default=None)
    args = parser.parse_args()
    browser = Browser()
    try:
        print("| file | size | load event | first finding drawn | console errors |")
        print("|---|---|---|---|---|")
        for path in args.files:
            loads, drawn, errors = [], [], []
            for run in range(args.runs):
                session = browser.new_session()
                page = session.page
                started = time.perf_counter()
                page.goto(path.resolve().as_uri(), wait_until="load", timeout=120_000)
                loads.append(time.perf_counter() - started)
                page.wait_for_selector("#fc-findings li, #fc-findings p", timeout=120_000)
                drawn.append(time.perf_counter() - started)
                errors = session.console_errors
                if args.shots and run == 0:
                    args.shots.mkdir(parents=True, exist_ok=True)
                    page.screenshot(path=str(args.shots / f"{path.parent.name}-{path.stem}.png"))
                page.close()
            print(f"| {path} | {path.stat().st_size / 1e6:.1f} MB | {statistics.median(loads):.2f} s | "
                  f"{statistics.median(drawn):.2f} s | {len(errors)} |", flush=True)
    finally:
        browser.close()


if __name__ == "__main__":
    main()
