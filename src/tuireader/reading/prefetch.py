"""Parse the article named on the command line in a second process while the UI imports.

Why: `tuireader FILE` spends ~0.2 s importing Textual before it can draw anything, and
another ~0.1 s importing the readers (their regular expressions compile at import) and
parsing the head of the article. The two are independent, and the machines we target
have at least two cores: a child forked before Textual is imported does the second part
while the parent does the first, and hands the parsed `Article` back as a pickle. The
first screen of text then costs the Textual import plus an unpickle, not the sum. For
a big article the child goes on to parse the whole (the reader shows the head first),
work the UI process would otherwise do in a thread, sharing one core with the keys.

Why fork and a temporary file, not multiprocessing: fork costs ~1 ms at this point (the
process is small and has no threads yet), and needs no import of the code to run in a
fresh interpreter (which is the very cost we hide). The child writes its results into
an unlinked temporary file and announces each with one byte on a pipe (a pipe never
fills with those), so it can always finish and exit even if the parent never reads;
the parent reaps it either way.

Anything unusual (no `os.fork`, threads already running, the child failing, crashing or
taking too long) makes `result()` return None, and the caller parses in-process as it
would have without a prefetch: a prefetch can make the start faster, never different.
"""

from __future__ import annotations

import atexit
import os
import pickle
import select
import sys
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tuireader.article import Article

#: How long `result()` waits for the child by default (seconds). A child that takes
#: longer is killed and the work is done in-process instead.
DEFAULT_WAIT = 5.0
#: How long the reader waits for the whole of a big article from the child (seconds).
WHOLE_WAIT = 60.0


class Prefetch:
    """The values `fn(*args)` yields, computed in a forked child (see the module doc).

    Each value is pickled into the temporary file as one frame (8-byte length, then the
    pickle) and announced with one byte on a pipe, so the parent can take the first value
    while the child still works on the next (the head of a big article, then its whole).
    """

    def __init__(self, key: Any, pid: int, out: IO[bytes], ready: int) -> None:
        self.key = key
        self._pid = pid
        self._out: IO[bytes] | None = out
        self._ready = ready  # read end of the announcement pipe
        self._offset = 0
        self._values: list[Any] = []
        self._lock = threading.Lock()
        self._closed = False
        self._reaped = False

    @classmethod
    def start(cls, key: Any, fn: Callable[..., Iterable[Any]], *args: Any,
              nice: int = 0) -> Prefetch | None:
        """Fork a child iterating `fn(*args)`, or None where forking is not safe here.

        `key` says what the values are for (the caller checks it before using them);
        `nice` lowers the child's CPU priority (work that must not slow the first screen).
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
            ready, announce = os.pipe()
        except OSError:
            out.close()
            return None
        try:
            pid = os.fork()
        except OSError:
            out.close()
            os.close(ready)
            os.close(announce)
            return None
        if pid == 0:  # the child: compute, write, exit without running the parent's cleanups
            status = 1
            try:
                os.close(ready)
                if nice:
                    os.nice(nice)
                offset = 0
                for value in fn(*args):
                    data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
                    frame = len(data).to_bytes(8, "big") + data
                    os.pwrite(out.fileno(), frame, offset)
                    offset += len(frame)
                    os.write(announce, b".")
                status = 0
            except BaseException:  # noqa: BLE001 - the parent falls back, whatever happened
                status = 1
            finally:
                os._exit(status)
        os.close(announce)
        prefetch = cls(key, pid, out, ready)
        atexit.register(prefetch.cancel)
        return prefetch

    def result(self, wait: float = DEFAULT_WAIT) -> Any:
        """The child's first value, or None when it failed or took longer than `wait` s."""
        return self.value(0, wait)

    def value(self, n: int, wait: float = DEFAULT_WAIT) -> Any:
        """The child's value number `n` (0 first), or None when there is none: the child
        failed, ended before yielding it, took longer than `wait` seconds (it is then
        killed), or the prefetch was cancelled. Blocking here does not hold the GIL, so a
        thread may wait for a later value while the UI runs."""
        with self._lock:
            while len(self._values) <= n:
                if self._closed or not self._next_frame(wait):
                    return None
            return self._values[n]

    def _next_frame(self, wait: float) -> bool:
        """Read one more announced frame into `_values`; False when none will come."""
        try:
            readable, _, _ = select.select([self._ready], [], [], wait)
            got = os.read(self._ready, 1) if readable else b""
        except OSError:
            got = b""
        if not got:  # timeout or the child ended without announcing one more value
            self._close(kill=not readable)
            return False
        out = self._out
        if out is None:
            return False
        try:
            size = int.from_bytes(os.pread(out.fileno(), 8, self._offset), "big")
            data = os.pread(out.fileno(), size, self._offset + 8)
            self._offset += 8 + size
            self._values.append(pickle.loads(data))
        except Exception:  # noqa: BLE001 - a broken value is no value
            self._close(kill=True)
            return False
        return True

    def cancel(self) -> None:
        """Give up on what is not read yet: kill the child if it still runs, reap it,
        free the file and the pipe. Values already read stay available. Never waits
        for a thread blocked in `value()`: the kill ends its wait first."""
        if not self._reaped:
            try:
                os.kill(self._pid, 9)
            except (ProcessLookupError, PermissionError):
                pass
        with self._lock:
            self._close(kill=True)

    def _close(self, *, kill: bool) -> None:
        if self._closed:
            return
        self._closed = True
        # The exit hook is what would keep this object, and with it every value read (a
        # whole 5 MB article), alive for as long as the process runs.
        atexit.unregister(self.cancel)
        out, self._out = self._out, None
        if out is not None:
            out.close()
        try:
            os.close(self._ready)
        except OSError:
            pass
        self._reap(kill)

    def _reap(self, kill: bool) -> None:
        if self._reaped:
            return
        self._reaped = True
        try:
            if kill:
                os.kill(self._pid, 9)
            os.waitpid(self._pid, 0)
        except (ProcessLookupError, ChildProcessError, PermissionError):
            pass


def articles_for_reading(path: str) -> Iterator[Article]:
    """What the reader shows for `path`, in the order it needs it: the head of a big
    article, then the whole; or only the whole, for an article that is not big (the same
    choice `ReaderScreen` makes for a never-read article)."""
    from tuireader.ingest.load import load_article, load_article_head

    head = load_article_head(path)
    if head is not None:
        yield head
    yield load_article(path)


def first_for_reading(path: str) -> Iterator[Article]:
    """Only the first of `articles_for_reading`: the head, or the whole of a small article."""
    yield next(iter(articles_for_reading(path)))


def whole_article(path: str) -> Iterator[Article]:
    """The whole article, parsed from the start (beside `first_for_reading`)."""
    from tuireader.ingest.load import load_article

    yield load_article(path)


#: From this size on, the whole of an article is parsed by a second child started at once,
#: instead of by the first child after the head: a 5 MB article's whole lands ~0.2 s
#: sooner. Smaller files keep one child, so the first screen shares the cores with less.
SPLIT_BYTES = 2 * 1024 * 1024


class ArticlePrefetch:
    """The first article to show (value 0) and, for a big one, its whole (value 1)."""

    def __init__(self, key: str, first: Prefetch, whole: Prefetch | None = None) -> None:
        self.key = key
        self._first = first
        self._whole = whole

    def result(self, wait: float = DEFAULT_WAIT) -> Any:
        """The head of a big article, or the whole of a small one (None: parse in-process)."""
        return self._first.result(wait)

    def value(self, n: int, wait: float = DEFAULT_WAIT) -> Any:
        """Value 0 is `result()`; value 1 the whole of an article whose head came first."""
        if n == 1 and self._whole is not None:
            return self._whole.result(wait)
        return self._first.value(n, wait)

    def cancel(self) -> None:
        """Stop whatever child still works (see `Prefetch.cancel`)."""
        self._first.cancel()
        if self._whole is not None:
            self._whole.cancel()


def prefetch_article(path: str | Path) -> ArticlePrefetch | None:
    """Start parsing the article file at `path` for the reader (None: not started)."""
    target = Path(path).expanduser()
    resolved = os.path.normpath(os.path.abspath(target))
    try:
        big = os.path.getsize(resolved) >= SPLIT_BYTES
    except OSError:
        big = False
    first = Prefetch.start(resolved, first_for_reading if big else articles_for_reading, resolved)
    if first is None:
        return None
    whole = Prefetch.start(resolved, whole_article, resolved, nice=10) if big else None
    return ArticlePrefetch(resolved, first, whole)
