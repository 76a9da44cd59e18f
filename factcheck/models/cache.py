"""Building model directories in the user cache: once, atomically, under a lock.

A model directory is built in a temporary sibling and renamed into place, so a
crash never leaves half a model; a process that finds the finished directory only
loads it, and one that waits on another's build takes its result.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from ..errors import ModelError

log = logging.getLogger(__name__)


def build_once(target: Path, marker: str, build: Callable[[Path], None], what: str) -> Path:
    """Return ``target``, first running ``build(tmp_dir)`` and renaming the result into place if needed.

    ``marker`` is a file ``build`` writes last; a directory without it is not a finished build.
    ``what`` names the build in messages ("conversion", "rebuild").
    """
    if (target / marker).is_file():
        return target
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ModelError(f"cannot create model cache {target.parent}: {exc.strerror}") from None
    with exclusive(target.parent / f".{target.name}.lock"):
        if (target / marker).is_file():  # another process finished while we waited
            return target
        if target.exists():
            raise ModelError(f"{target} exists but is not a finished {what}: delete it and retry")
        for stale in target.parent.glob(f".{target.name}.*.tmp"):
            shutil.rmtree(stale, ignore_errors=True)  # left by a crashed build (we hold the lock)
        started = time.perf_counter()
        tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent))
        try:
            build(tmp)
            fsync_tree(tmp)
            os.rename(tmp, target)
            fsync_dir(target.parent)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        log.info("%s of %s finished in %.1f s", what, target.name, time.perf_counter() - started)
    return target


@contextlib.contextmanager
def exclusive(lock_path: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``lock_path`` (POSIX ``flock``; no lock where unavailable)."""
    try:
        import fcntl
    except ImportError:  # Windows: the atomic rename alone still prevents half a model
        yield
        return
    with lock_path.open("a") as fh:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh.fileno(), fcntl.LOCK_UN)


def fsync_tree(root: Path) -> None:
    """Flush every file below ``root`` and the directory itself to disk."""
    # without this a power cut after the rename could publish a directory of empty files
    for path in root.rglob("*"):
        if path.is_file():
            with path.open("rb") as fh:
                os.fsync(fh.fileno())
    fsync_dir(root)


def fsync_dir(path: Path) -> None:
    """Flush a directory entry (where the platform can open directories)."""
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
