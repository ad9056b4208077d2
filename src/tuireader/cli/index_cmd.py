"""`tuireader index [PATH]`: build or bring up to date the search index of a library.

Why a command: the first indexing of a big folder is the one slow step of the library
(seconds per hundred MB); doing it from a shell, with a progress bar and a summary, lets a
user prepare a library before opening it, and scripts refresh it on a schedule.
Rich draws the progress bar (on stderr, only on a terminal); Textual is never imported.
Exit status: 0 ok (even when some files are error entries: they are listed), 1 the index
could not be written, 2 bad PATH, 130 interrupted (what was parsed so far is kept).
"""

from __future__ import annotations

import argparse
import signal
import sqlite3
import sys
import threading
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # imported when used: `tuireader search` on a fresh index never needs it
    from tuireader.library.catalog import Library, RefreshResult

#: Error entries listed after the summary (the rest are counted).
SHOW_ERRORS = 10


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", nargs="?", help="library folder (default: config.toml 'library', else the current folder)")
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress bar, summary only")


def resolve_library(path: str | None) -> tuple[Path | None, str, list[str]]:
    """(library folder, order, config warnings): PATH, else config.toml `library`, else cwd.

    The folder is None when it is not a readable directory; the reason is then the last
    warning (the caller prints it and exits 2)."""
    warnings: list[str] = []
    order = "library"
    configured: str | None = None
    try:
        from tuireader.store.config import load_config

        config, warnings = load_config()
        configured, order = config.library, config.order
    except ImportError:  # pragma: no cover - config.py is part of the package
        pass
    raw = path if path is not None else (configured or ".")
    root = Path(raw).expanduser()
    if not root.is_dir():
        problem = "no such folder" if not root.exists() else "not a folder"
        return None, order, [*warnings, f"{raw}: {problem}"]
    return root.resolve(), order, warnings


class StopFlag:
    """Ctrl-C sets a flag the refresh polls, so an interrupt keeps what was parsed."""

    def __init__(self) -> None:
        self.event = threading.Event()
        self._old: Any = None

    def __enter__(self) -> StopFlag:
        if threading.current_thread() is threading.main_thread():
            self._old = signal.signal(signal.SIGINT, self._handle)
        return self

    def __exit__(self, *exc: object) -> None:
        if self._old is not None:
            signal.signal(signal.SIGINT, self._old)

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        self.event.set()

    def __call__(self) -> bool:
        return self.event.is_set()


def refresh_with_progress(lib: Library, *, show: bool, stop: StopFlag | None = None) -> RefreshResult:
    """`lib.refresh()` with a Rich progress bar on stderr when `show` and stderr is a terminal."""
    should_stop = stop if stop is not None else None
    if not show or not sys.stderr.isatty():
        return lib.refresh(should_stop=should_stop)
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    console = Console(stderr=True)
    with Progress(
        TextColumn("indexing"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("files"),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=console,
        transient=True,
    ) as bar:
        task = bar.add_task("index", total=None)

        def progress(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total or None)

        return lib.refresh(progress=progress, should_stop=should_stop)


def summary(lib: Library, result: RefreshResult) -> list[str]:
    """Summary lines: counts, time, throughput, then the first error entries."""
    state = "interrupted" if result.cancelled else "indexed"
    lines = [
        f"{state} {lib.root}: {len(lib)} articles ({result.added} new, {result.changed} changed, "
        f"{result.removed} removed, {result.unchanged} unchanged), {result.errors} errors, "
        f"{result.seconds:.1f} s, {result.bytes_parsed / 1e6:.1f} MB parsed at {result.mb_per_second:.1f} MB/s"
    ]
    errors = [e for e in lib.entries if e.error]
    for entry in errors[:SHOW_ERRORS]:
        lines.append(f"  error: {entry.rel}: {entry.error}")
    if len(errors) > SHOW_ERRORS:
        lines.append(f"  ... and {len(errors) - SHOW_ERRORS} more errors")
    return lines


def run(args: argparse.Namespace) -> int:
    root, order, warnings = resolve_library(args.path)
    if root is None:
        for line in warnings[:-1]:
            err(f"tuireader: warning: {line}")
        err(f"tuireader index: error: {warnings[-1]}")
        return 2
    for line in warnings:
        err(f"tuireader: warning: {line}")
    from tuireader.library.catalog import Library

    lib = Library.open_cached(root, order=order)
    for notice in lib.notices:
        err(f"tuireader: {notice}")
    try:
        with StopFlag() as stop:
            result = refresh_with_progress(lib, show=not args.quiet, stop=stop)
    except (OSError, sqlite3.Error) as exc:
        err(f"tuireader index: error: {root}: index could not be written ({exc})")
        return 1
    for notice in result.notices:
        if notice not in lib.notices:
            err(f"tuireader: {notice}")
    out("\n".join(summary(lib, result)) + "\n")
    return 130 if result.cancelled else 0


def out(text: str) -> None:
    """UTF-8 bytes to stdout whatever the locale (LANG=C, pipes)."""
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:
        sys.stdout.write(text)
        return
    sys.stdout.flush()
    buffer.write(text.encode("utf-8", errors="replace"))
    buffer.flush()


def err(message: str) -> None:
    """One line to stderr (newlines in the message folded), UTF-8."""
    line = " ".join(message.split()) + "\n"
    buffer = getattr(sys.stderr, "buffer", None)
    if buffer is None:
        sys.stderr.write(line)
        return
    sys.stderr.flush()
    buffer.write(line.encode("utf-8", errors="replace"))
    buffer.flush()
