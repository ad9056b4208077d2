"""Parse the article named on the command line in a second process while the UI imports.

Why: `tuireader FILE` spends ~0.2 s importing Textual before it can draw anything, and
another ~0.1 s importing the readers (their regular expressions compile at import) and
parsing the head of the article. The two are independent, and the machines we target
have at least two cores: a child forked before Textual is imported does the second part
while the parent does the first, and hands the parsed `Article` back as a pickle. The
first screen of text then costs the Textual import plus an unpickle, not the sum.

Why fork and a temporary file, not multiprocessing: fork costs ~1 ms at this point (the
process is small and has no threads yet), and needs no import of the code to run in a
fresh interpreter (which is the very cost we hide). The child writes into an unlinked
temporary file, never a pipe, so it can always finish and exit even if the parent never
reads; the parent reaps it either way.

Anything unusual (no `os.fork`, threads already running, the child failing, crashing or
taking too long) makes `result()` return None, and the caller parses in-process as it
would have without a prefetch: a prefetch can make the start faster, never different.
"""

from __future__ import annotations

import atexit
import os
import pickle
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

#: How long `result()` waits for the child by default (seconds). A child that takes
#: longer is killed and the work is done in-process instead.
DEFAULT_WAIT = 5.0


class Prefetch:
    """The result of `fn(*args)`, computed in a forked child (see the module doc)."""

    def __init__(self, key: Any, pid: int, out: IO[bytes]) -> None:
        self.key = key
        self._pid = pid
        self._out: IO[bytes] | None = out
        self._value: Any = None
        self._done = False

    @classmethod
    def start(cls, key: Any, fn: Callable[..., Any], *args: Any) -> Prefetch | None:
        """Fork a child computing `fn(*args)`, or None where forking is not safe here.

        `key` says what the result is for (the caller checks it before using the value).
        """
        if not hasattr(os, "fork") or sys.platform not in ("linux", "darwin"):
            return None
        if threading.active_count() > 1:
            return None  # forking a threaded process can deadlock the child
        try:
            out = tempfile.TemporaryFile()
        except OSError:
            return None
        try:
            pid = os.fork()
        except OSError:
            out.close()
            return None
        if pid == 0:  # the child: compute, write, exit without running the parent's cleanups
            status = 1
            try:
                value = fn(*args)
                data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
                os.pwrite(out.fileno(), data, 0)
                status = 0
            except BaseException:  # noqa: BLE001 - the parent falls back, whatever happened
                status = 1
            finally:
                os._exit(status)
        prefetch = cls(key, pid, out)
        atexit.register(prefetch.cancel)
        return prefetch

    def result(self, wait: float = DEFAULT_WAIT) -> Any:
        """The child's value, or None when it failed or took longer than `wait` seconds."""
        if self._done:
            return self._value
        self._done = True
        out, self._out = self._out, None
        if out is None:
            return None
        try:
            status = self._wait(wait)
            if status is None or not os.WIFEXITED(status) or os.WEXITSTATUS(status) != 0:
                return None
            out.seek(0)
            self._value = pickle.load(out)
        except Exception:  # noqa: BLE001 - a broken result is no result
            self._value = None
        finally:
            out.close()
        return self._value

    def cancel(self) -> None:
        """Give up on the result: kill the child if it still runs, reap it, free the file."""
        if self._done:
            return
        self._done = True
        out, self._out = self._out, None
        self._kill()
        if out is not None:
            out.close()

    def _wait(self, wait: float) -> int | None:
        """The child's exit status once it ends, or None (and the child killed) after `wait`."""
        deadline = time.monotonic() + wait
        delay = 0.001
        while True:
            try:
                pid, status = os.waitpid(self._pid, os.WNOHANG)
            except ChildProcessError:
                return None
            if pid:
                return status
            if time.monotonic() >= deadline:
                self._kill()
                return None
            time.sleep(delay)
            delay = min(delay * 2, 0.01)

    def _kill(self) -> None:
        try:
            os.kill(self._pid, 9)
            os.waitpid(self._pid, 0)
        except (ProcessLookupError, ChildProcessError, PermissionError):
            pass


def article_for_reading(path: str) -> Any:
    """What the reader shows first for `path`: the head of a big article, else the whole
    (the same choice `ReaderScreen` makes for a never-read article)."""
    from tuireader.model.ingest import load_article, load_article_head

    return load_article_head(path) or load_article(path)


def prefetch_article(path: str | Path) -> Prefetch | None:
    """Start parsing the article file at `path` for the first screen (None: not started)."""
    target = Path(path).expanduser()
    resolved = os.path.normpath(os.path.abspath(target))
    return Prefetch.start(resolved, article_for_reading, resolved)
