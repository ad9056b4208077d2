"""Crash-safe file replacement and an inter-process lock for the app-owned TOML files.

Why: a laptop that dies mid-write, or a second tuireader window writing at the same time,
must never leave a half-written or clobbered bookmarks file. `write_atomic` makes the new
content appear all at once (readers see the old file or the new one, never a mix);
`exclusive_lock` serialises read-modify-write cycles between processes so that merging
with what is on disk is meaningful.
"""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

if sys.platform == "win32":  # pragma: no cover - Windows
    import msvcrt
else:
    import fcntl

#: Temp files older than this (left by a killed writer) are removed on the next write.
STALE_TEMP_SECONDS = 3600.0


def lock_path_for(path: Path) -> Path:
    """The sidecar lock file: locking the data file itself would break with os.replace."""
    return path.with_name(path.name + ".lock")


def _fsync_dir(folder: Path) -> None:
    """Make the rename itself durable. Not possible (nor needed) on Windows."""
    if os.name != "posix":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _remove_stale_temps(path: Path) -> None:
    """Temp files of writers killed mid-write: harmless, but they should not pile up."""
    cutoff = time.time() - STALE_TEMP_SECONDS
    try:
        for entry in os.scandir(path.parent):
            if entry.name.startswith(f".{path.name}.") and entry.name.endswith(".tmp"):
                with contextlib.suppress(OSError):
                    if entry.stat().st_mtime < cutoff:
                        os.unlink(entry.path)
    except OSError:
        pass


def write_atomic(path: Path, data: bytes) -> None:
    """Replace `path` with `data` atomically: temp file in the same folder, write, flush,
    fsync, `os.replace`, fsync the folder. Raises OSError (the caller reports it); on any
    failure the old file is untouched and the temp file is removed.

    A symlinked file (dotfiles kept in a repository) is written through: its target is
    replaced, the link stays."""
    if path.is_symlink():
        path = Path(os.path.realpath(path))
    path.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale_temps(path)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        with contextlib.suppress(OSError):
            if path.exists():
                os.chmod(tmp_name, path.stat().st_mode & 0o777)
        os.replace(tmp_name, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        raise
    _fsync_dir(path.parent)


@contextlib.contextmanager
def exclusive_lock(path: Path, timeout: float = 10.0) -> Iterator[None]:
    """Hold an exclusive inter-process lock for `path` (on its sidecar `.lock` file).

    POSIX: `fcntl.flock`, released by the kernel even when the holder is SIGKILLed.
    Windows: `msvcrt.locking` on the first byte of the sidecar, retried until `timeout`.
    Raises OSError when the lock file cannot be created (e.g. a read-only folder) or the
    lock cannot be had within `timeout` seconds.
    """
    lock = lock_path_for(path)
    lock.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        _acquire(fd, timeout)
        try:
            yield
        finally:
            _release(fd)
    finally:
        os.close(fd)


def _acquire(fd: int, timeout: float) -> None:
    """Poll for the lock (non-blocking attempts) so a stuck holder gives a clear error."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            if sys.platform == "win32":  # pragma: no cover - Windows
                os.lseek(fd, 0, os.SEEK_SET)
                msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            else:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except OSError as exc:  # BlockingIOError on POSIX, PermissionError on Windows
            if sys.platform != "win32" and not isinstance(exc, BlockingIOError):
                raise
            if time.monotonic() >= deadline:
                raise TimeoutError("another tuireader is holding the lock") from None
            time.sleep(0.005)


def _release(fd: int) -> None:
    if sys.platform == "win32":  # pragma: no cover - Windows
        os.lseek(fd, 0, os.SEEK_SET)
        with contextlib.suppress(OSError):
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
    else:
        fcntl.flock(fd, fcntl.LOCK_UN)
