"""Atomic file writes: a reader sees the old file or the new one, never half of one.

Files get the permissions a plain ``open(path, "w")`` would give them: an existing
file keeps its mode, a new one gets ``0o666`` minus the umask (``mkstemp`` alone would
leave every output private at ``0o600``). :func:`write_atomic_many` writes a set of
files (a report in several formats) so that an interrupt leaves either the old set or
the new one: every file is written to a temporary file first, and the renames run with
SIGINT and SIGTERM held back until the last one is done.
"""

from __future__ import annotations

import contextlib
import os
import signal
import stat
import tempfile
import threading
from collections.abc import Iterator, Mapping
from pathlib import Path

_UMASK_LOCK = threading.Lock()


def write_atomic(path: str | Path, data: str | bytes) -> Path:
    """Write ``data`` to ``path`` via a temporary file in the same directory and a rename."""
    (written,) = write_atomic_many({Path(path): data})
    return written


def write_atomic_many(files: Mapping[str | Path, str | bytes]) -> list[Path]:
    """Write several files as one: all new or (after an error or interrupt) all as they were.

    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> [p.name for p in write_atomic_many({folder / "a.txt": "A", folder / "b.txt": b"B"})]
    ['a.txt', 'b.txt']
    """
    staged: list[tuple[str, Path]] = []
    try:
        for target, data in files.items():
            path = Path(target)
            path.parent.mkdir(parents=True, exist_ok=True)
            staged.append((_stage(path, data), path))
        with _signals_held():
            for tmp, path in staged:
                os.replace(tmp, path)
    except BaseException:
        for tmp, _ in staged:
            Path(tmp).unlink(missing_ok=True)
        raise
    return [path for _, path in staged]


def _stage(path: Path, data: str | bytes) -> str:
    """A temporary file next to ``path`` holding ``data``, flushed to disk, with the mode ``path`` should get."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data.encode("utf-8") if isinstance(data, str) else data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, _mode_for(path))
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return tmp


def _mode_for(path: Path) -> int:
    """The mode a plain write would leave: the existing file's, else 0o666 minus the umask."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        return 0o666 & ~current_umask()


def current_umask() -> int:
    """The process umask (read without changing it where /proc tells it)."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    with _UMASK_LOCK:  # os.umask can only be read by setting it
        mask = os.umask(0o022)
        os.umask(mask)
    return mask


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """SIGINT and SIGTERM that arrive inside the block take effect when it ends.

    Python-level handlers, not a signal mask: a mask holds only the calling thread, and a
    process with worker threads (torch, tokenizers) would take the signal on another one.
    Only the main thread can set handlers; elsewhere the block runs unprotected.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    pending: list[int] = []

    def hold(signum: int, frame: object) -> None:  # noqa: ARG001 - a signal handler's signature
        pending.append(signum)

    previous = {sig: signal.signal(sig, hold) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        if pending:
            handler = previous[pending[0]]
            if callable(handler):
                handler(pending[0], None)  # Python's SIGINT handler raises KeyboardInterrupt, the CLI's SIGTERM one Terminated
            elif handler == signal.SIG_DFL:
                signal.raise_signal(pending[0])
