"""Articles parsed before they are asked for: the reader's previous and next articles.

Why: `n` on a library of big articles would otherwise read and decode megabytes and parse
the head of the next one while the key waits (~25-50 ms at 5 MB, more on a busy machine).
The reader parses its neighbours in a thread once the article on screen is complete and
takes them from here on `n`/`p`, so the key costs only the screen update.

What is kept is exactly what the reader would load itself (the head of a big text or
Markdown article, else the whole), with the file's size and modification time read
before parsing: an entry whose file changed since is never handed out.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

from tuireader.article import Article
from tuireader.ingest.load import load_article, load_article_head

#: An article with no head (HTML, or text too short to need one) is parsed whole ahead of
#: time only up to this size: a big HTML page would take a second of a thread's GIL time
#: and tens of MiB to prepare for a key that may never be pressed.
WHOLE_MAX_BYTES = 1024 * 1024

Signature = tuple[int, int]


def _signature(path: Path) -> Signature | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns


def _key(path: str | Path) -> str:
    return os.path.normpath(os.path.abspath(path))


class ReadyArticles:
    """A few parsed articles keyed by path, safe to fill from a thread."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._ready: dict[str, tuple[Signature, Article]] = {}
        #: The path being parsed right now, and the event set when it is done.
        self._busy: tuple[str, threading.Event] | None = None

    def __contains__(self, path: object) -> bool:
        if not isinstance(path, str | Path):
            return False
        with self._lock:
            return _key(path) in self._ready

    def prepare(self, path: str | Path) -> bool:
        """Parse `path` as the reader would open it and keep it; False when it was already
        kept and unchanged, too big to prepare whole, or failed (the reader will then say
        why, when it is really opened)."""
        p = Path(path)
        key = _key(p)
        signature = _signature(p)
        if signature is None:
            return False
        done = threading.Event()
        with self._lock:
            kept = self._ready.get(key)
            if kept is not None and kept[0] == signature:
                return False
            self._busy = (key, done)
        try:
            article = load_article_head(p)
            if article is None:
                if signature[0] > WHOLE_MAX_BYTES:
                    return False
                article = load_article(p)
        except Exception:  # noqa: BLE001 - any failure is reported when the file is opened
            return False
        else:
            with self._lock:
                self._ready[key] = (signature, article)
            return True
        finally:
            with self._lock:
                self._busy = None
            done.set()

    def take(self, path: str | Path, wait: float = 2.0) -> Article | None:
        """The prepared article for `path` (once), or None when there is none or the file
        changed after it was read. If `path` is being parsed right now, wait for it (up to
        `wait` seconds): parsing it again beside that would take as long and hold a second
        copy of the file in memory."""
        key = _key(path)
        with self._lock:
            busy = self._busy
        if busy is not None and busy[0] == key:
            busy[1].wait(wait)
        with self._lock:
            kept = self._ready.pop(key, None)
        if kept is None or kept[0] != _signature(Path(path)):
            return None
        return kept[1]

    def keep_only(self, paths: list[str | Path]) -> None:
        """Forget every article but those at `paths` (the current neighbours)."""
        wanted = {_key(p) for p in paths}
        with self._lock:
            for key in [k for k in self._ready if k not in wanted]:
                del self._ready[key]
