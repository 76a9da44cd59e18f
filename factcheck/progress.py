"""Progress of long stages: rich bars on a terminal, plain log lines otherwise, nothing in the library.

The pipeline reports through a :class:`Progress` it is given (default :class:`NoProgress`); the
CLI picks :func:`for_stderr`: rich bars with counts and an ETA when stderr is a terminal and ``CI``
is not set, else log lines on stderr (at most one per stage every few seconds, and the last).

>>> p = NoProgress()
>>> with p.stage("embed", 3) as advance:
...     advance(3)
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
import time
from collections.abc import Callable, Iterator
from typing import Protocol

log = logging.getLogger(__name__)

Advance = Callable[[int], None]


class Progress(Protocol):
    def stage(self, name: str, total: int, unit: str = "chunks") -> contextlib.AbstractContextManager[Advance]:
        """A context for one stage of ``total`` steps; call the advance function with steps done."""
        ...


class NoProgress:
    """Reports nothing (library default)."""

    @contextlib.contextmanager
    def stage(self, name: str, total: int, unit: str = "chunks") -> Iterator[Advance]:
        yield lambda n=1: None


class LogProgress:
    """Plain log lines (stderr when not a terminal): ``embed: 3/7 chunks (43 %), about 12 s left``."""

    def __init__(self, every_s: float = 5.0, logger: logging.Logger = log) -> None:
        self.every_s = every_s
        self.logger = logger

    @contextlib.contextmanager
    def stage(self, name: str, total: int, unit: str = "chunks") -> Iterator[Advance]:
        started = last = time.perf_counter()
        done = 0

        def advance(n: int = 1) -> None:
            nonlocal done, last
            done += n
            now = time.perf_counter()
            if done < total and now - last < self.every_s:
                return
            last = now
            eta = (now - started) / done * (total - done) if done else 0.0
            left = f", about {eta:.0f} s left" if done < total else f" in {now - started:.1f} s"
            self.logger.info("%s: %d/%d %s (%d %%)%s", name, done, total, unit, 100 * done // max(1, total), left)

        yield advance


class RichProgress:
    """rich progress bars on stderr: stage, bar, done/total, elapsed and time remaining."""

    def __init__(self) -> None:
        from rich.console import Console
        from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn,
                                   TimeRemainingColumn)

        self._bars = Progress(TextColumn("{task.description:<10}"), BarColumn(), MofNCompleteColumn(),
                              TextColumn("{task.fields[unit]}"), TimeElapsedColumn(), TimeRemainingColumn(),
                              console=Console(file=sys.stderr), transient=False)

    @contextlib.contextmanager
    def stage(self, name: str, total: int, unit: str = "chunks") -> Iterator[Advance]:
        self._bars.start()
        task = self._bars.add_task(name, total=total, unit=unit)
        try:
            yield lambda n=1: self._bars.advance(task, n)
        finally:
            self._bars.refresh()
            self._bars.stop()


def for_stderr(stream=None) -> Progress:
    """Rich bars on a terminal (and not under CI), log lines otherwise."""
    stream = stream if stream is not None else sys.stderr
    if stream.isatty() and not os.environ.get("CI"):
        return RichProgress()
    return LogProgress()
