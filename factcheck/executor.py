"""Where the coarse, independent pieces of a run execute: here, or on a Dask cluster.

The pipeline hands an executor whole chunks (a slice of the articles to segment, a chunk of
sentences to embed, one event to compare) and gets the results back in order. Both
executors run the same pure stage functions, so a report does not depend on where they ran.

* :class:`SerialExecutor`: in this process, one chunk after the other; a stage that is plain Python
  (claims: tagging and rules, no model) may ask for ``processes`` forked processes of this machine;
* :class:`DaskExecutor`: ``dask.distributed`` (``pip install factcheck[dask]``), on an existing
  cluster (``scheduler="tcp://host:8786"``) or a ``LocalCluster`` of ``workers`` processes.

>>> SerialExecutor().map(len, ["ab", "c"])
[2, 1]
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
from collections.abc import Callable, Iterable, Sequence
from typing import Any, Protocol, TypeVar

from .errors import ConfigError

T = TypeVar("T")
R = TypeVar("R")


class Executor(Protocol):
    """Runs ``fn`` over items and returns the results in the items' order."""

    name: str
    workers: int  # how many chunks can run at once (for sizing them)

    def map(self, fn: Callable[[T], R], items: Sequence[T], on_done: Callable[[], None] | None = None,
            processes: int = 1) -> list[R]:
        """``[fn(x) for x in items]``, wherever it runs; ``on_done()`` after each item finished.
        ``processes`` > 1: ``fn`` is CPU-bound Python that may run in that many processes of this
        machine (an executor with workers of its own ignores it)."""
        ...

    def close(self) -> None: ...


class SerialExecutor:
    """Everything in this process, in order."""

    name = "serial"
    workers = 1

    def map(self, fn: Callable[[T], R], items: Sequence[T], on_done: Callable[[], None] | None = None,
            processes: int = 1) -> list[R]:
        processes = min(processes, len(items))
        if processes > 1 and can_fork():
            return _forked_map(fn, items, on_done, processes)
        out = []
        for item in items:
            out.append(fn(item))
            if on_done is not None:
                on_done()
        return out

    def close(self) -> None:
        pass


class DaskExecutor:
    """Chunks as tasks on a Dask cluster; results gathered in order.

    Each worker process loads the models once (the module-level caches live per process) and
    reads the same embedding cache file, so they need the model cache (``~/.cache/factcheck``)
    on their disk or a shared one (docs/scale.md).
    """

    name = "dask"

    def __init__(self, scheduler: str | None = None, workers: int | None = None) -> None:
        try:
            from dask.distributed import Client, LocalCluster
        except ImportError:
            raise ConfigError("--executor dask needs Dask: pip install 'factcheck[dask]'") from None
        self._cluster = None
        if scheduler:
            try:
                self.client = Client(scheduler, timeout="30s")
            except OSError as exc:
                raise ConfigError(f"cannot reach the Dask scheduler {scheduler}: {exc}") from None
        else:
            # processes, one thread each: torch and the rules are CPU-bound and hold the GIL
            self._cluster = LocalCluster(n_workers=workers or 2, threads_per_worker=1, processes=True,
                                         dashboard_address=None)
            self.client = Client(self._cluster)
        self.workers = max(1, len(self.client.scheduler_info().get("workers", {})) or (workers or 1))

    def map(self, fn: Callable[[T], R], items: Sequence[T], on_done: Callable[[], None] | None = None,
            processes: int = 1) -> list[R]:
        if not items:  # the workers are the processes: ``processes`` is not used
            return []
        from dask.distributed import as_completed

        futures = self.client.map(fn, list(items), pure=False)
        if on_done is not None:
            for _ in as_completed(futures):
                on_done()
        return list(self.client.gather(futures))

    def close(self) -> None:
        self.client.close()
        if self._cluster is not None:
            self._cluster.close()

    def __enter__(self) -> DaskExecutor:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


def get_executor(name: str = "serial", scheduler: str | None = None, workers: int | None = None) -> Executor:
    """``serial`` or ``dask`` (on ``scheduler``, else a LocalCluster of ``workers``)."""
    if name == "serial":
        if scheduler or workers:
            raise ConfigError("--scheduler and --workers need --executor dask")
        return SerialExecutor()
    if name == "dask":
        return DaskExecutor(scheduler, workers)
    raise ConfigError(f"unknown executor {name!r} (known: serial, dask)")


def usable_cores() -> int:
    """The cores this process may run on (its CPU affinity where the system tells it)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # not Linux
        return max(1, os.cpu_count() or 1)


def can_fork() -> bool:
    """Whether this process can fork workers: a system with ``fork`` (not Windows; macOS has it but
    forking after its system libraries start threads is unsafe, so only Linux), and not a daemonic
    process itself (a Dask worker or a pool's worker may not have children)."""
    return sys.platform.startswith("linux") and not multiprocessing.current_process().daemon


def _forked_map(fn: Callable[[T], R], items: Sequence[T], on_done: Callable[[], None] | None,
                processes: int) -> list[R]:
    """``fn`` over ``items`` in ``processes`` forked processes, results in order. Forked, not spawned:
    the children start with this process's loaded code and models instead of importing them again
    (~3 s each). ``fn`` and the items travel pickled; an exception in a child is raised here."""
    out: list[R] = []
    with multiprocessing.get_context("fork").Pool(processes, initializer=_worker_start) as pool:
        for result in pool.imap(fn, items):
            out.append(result)
            if on_done is not None:
                on_done()
        pool.close()  # done: the workers leave on their own; only a failure ends them by SIGTERM (the with)
        pool.join()
    return out


def _worker_start() -> None:
    # a child writes its warnings to the real stderr, not through the progress bars' redirection,
    # whose lock another thread of the parent may have held at the fork
    sys.stdout, sys.stderr = sys.__stdout__, sys.__stderr__
    # the parent's signal handlers are not the child's: the CLI turns SIGTERM into an exception for a clean
    # exit, which in a child the pool ends would print a traceback; Ctrl-C is the parent's to handle
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def chunked(items: Sequence[T], size: int) -> list[Sequence[T]]:
    """``items`` in consecutive slices of at most ``size`` (at least one item each).

    >>> chunked([1, 2, 3, 4, 5], 2)
    [[1, 2], [3, 4], [5]]
    """
    size = max(1, size)
    return [items[i:i + size] for i in range(0, len(items), size)]


def flatten(groups: Iterable[Sequence[T]]) -> list[T]:
    """One list of the groups' items, in order."""
    return [x for g in groups for x in g]
