"""`tuireader [PATH]`: check the argument, then start the app.

Why the checks happen here and not in the app: a wrong PATH is an argument error, so it
gets one line on stderr and exit status 2 before any terminal mode is entered, like every
other argument error of the CLI. Textual is imported only after the checks pass (so a
typo costs milliseconds, and `tuireader --help` never loads the UI), and after the parse
of an article file has been started beside it.
"""

from __future__ import annotations

import gc
import stat
import sys
from pathlib import Path
from typing import Any

from tuireader.ingest.load import ARTICLE_SUFFIXES, is_article_file


def check_path(path: str) -> str | None:
    """A one-line reason why `path` cannot be opened, or None when it can."""
    target = Path(path).expanduser()
    try:
        mode = target.stat().st_mode
    except FileNotFoundError:
        return f"{path}: no such file or folder"
    except PermissionError:
        return f"{path}: permission denied"
    except OSError as exc:
        return f"{path}: {exc.strerror or 'cannot be opened'}"
    if stat.S_ISDIR(mode):
        return None
    if not stat.S_ISREG(mode):
        return f"{path}: not a file or folder"
    if not is_article_file(target.name):
        kinds = ", ".join(sorted(s for s in ARTICLE_SUFFIXES if s))
        suffix = target.suffix or "(none)"
        return f"{path}: unsupported file type {suffix} (expected a folder or one of {kinds})"
    return None


def launch(path: str | None) -> int:
    """Run the reader on `path` (folder, article file, or None for the configured library)."""
    if path is not None:
        problem = check_path(path)
        if problem is not None:
            print(f"tuireader: error: {problem}", file=sys.stderr)
            return 2
    app = build_app(path)
    app.run()
    return int(app.return_code or 0)


def build_app(path: str | None) -> Any:
    """The app for a checked `path`, built the way `tuireader [PATH]` builds it.

    For an article file, its parse starts in a forked child *before* Textual is imported
    (see `model.prefetch`): the two take about as long, and run on two cores at once.
    Benchmarks call this too, so they time what users run.
    """
    # Until the first screen is drawn, the garbage collector only slows the start: the
    # imports make ~180 collections (~60 ms, one full pass over everything) and free
    # nothing. The app turns it back on after its first paint (`ReaderApp._after_first_screen`).
    gc.disable()
    prefetch = None
    if path is not None and Path(path).expanduser().is_file():
        from tuireader.reading.prefetch import prefetch_article

        prefetch = prefetch_article(path)
    from tuireader.ui.app import make_app

    return make_app(path, prefetch=prefetch)
