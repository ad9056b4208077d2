"""A library: the article files under one folder, in reading order, with their summaries.

This first version walks the folder and parses every file for its summary (title, date,
author, length). The SQLite index (see `index.py`) replaces the parsing with a cache;
the public surface below stays the same so the UI does not care which one it gets.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from tuireader.model.article import Article, title_from_path
from tuireader.model.errors import IngestError
from tuireader.model.ingest import is_article_file, load_article

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3040-\u30ff\uac00-\ud7af]")
_WORD = re.compile(r"[A-Za-z0-9\u00c0-\u024f]+(?:['’-][A-Za-z0-9\u00c0-\u024f]+)*")

#: Reading speeds: CJK characters and Latin words are read at different rates.
CJK_CHARS_PER_MINUTE = 400
WORDS_PER_MINUTE = 230


def count_text(text: str) -> tuple[int, int]:
    """(CJK characters, non-CJK words) in `text`; the two units reading time is made of."""
    cjk = len(_CJK.findall(text))
    words = len(_WORD.findall(_CJK.sub(" ", text))) if cjk < len(text) else 0
    return cjk, words


def reading_minutes(cjk_chars: int, words: int) -> int:
    """Whole minutes to read, at least 1 for any non-empty text."""
    minutes = cjk_chars / CJK_CHARS_PER_MINUTE + words / WORDS_PER_MINUTE
    return max(1, round(minutes)) if (cjk_chars or words) else 0


def natural_key(text: str) -> list[tuple[int, int | str]]:
    """Sort key that puts "2.txt" before "10.txt" (numbers compared as numbers)."""
    return [(0, int(part)) if part.isdigit() else (1, part.casefold()) for part in re.split(r"(\d+)", text) if part]


@dataclass(slots=True)
class LibraryEntry:
    """One article of the library as the list shows it; `error` set when it failed to load."""

    path: Path
    rel: str
    title: str
    date: str | None = None
    author: str | None = None
    cjk_chars: int = 0
    words: int = 0
    prev_title: str | None = None
    next_title: str | None = None
    fingerprint: str = ""
    error: str | None = None

    @property
    def minutes(self) -> int:
        return reading_minutes(self.cjk_chars, self.words)


def summarise(path: Path, rel: str, article: Article) -> LibraryEntry:
    """The list row for a parsed article."""
    cjk, words = count_text(article.plain_text())
    meta = article.metadata
    date = meta.get("date")
    author = meta.get("author")
    return LibraryEntry(
        path=path,
        rel=rel,
        title=article.title or title_from_path(path),
        date=str(date) if date else None,
        author=str(author) if author else None,
        cjk_chars=cjk,
        words=words,
        prev_title=article.prev.title if article.prev else None,
        next_title=article.next.title if article.next else None,
        fingerprint=article.fingerprint(),
    )


def iter_article_files(root: Path) -> Iterator[Path]:
    """Article files under `root`, recursively; hidden folders and symlink loops skipped."""
    seen: set[tuple[int, int]] = set()
    for dirpath, dirnames, filenames in os.walk(root, followlinks=True):
        try:
            st = os.stat(dirpath)
        except OSError:
            dirnames[:] = []
            continue
        if (st.st_dev, st.st_ino) in seen:
            dirnames[:] = []
            continue
        seen.add((st.st_dev, st.st_ino))
        dirnames[:] = sorted((d for d in dirnames if not d.startswith(".")), key=natural_key)
        for name in sorted(filenames, key=natural_key):
            if not name.startswith(".") and is_article_file(name):
                yield Path(dirpath) / name


@dataclass
class RefreshResult:
    """What a refresh did: counts for the summary line, and notices for the UI to show."""

    added: int = 0
    changed: int = 0
    removed: int = 0
    unchanged: int = 0
    errors: int = 0
    bytes_parsed: int = 0
    seconds: float = 0.0
    cancelled: bool = False
    notices: list[str] = field(default_factory=list)


ProgressCallback = Callable[[int, int], None]
StopCallback = Callable[[], bool]


@dataclass
class Library:
    """The articles under `root` in library order, with neighbour lookup for n/p."""

    root: Path
    entries: list[LibraryEntry] = field(default_factory=list)

    @classmethod
    def open(cls, root: str | Path) -> Library:
        """Walk `root` and summarise every article file (errors become error entries)."""
        base = Path(root).resolve()
        lib = cls(root=base)
        files = sorted(iter_article_files(base), key=lambda p: natural_key(p.relative_to(base).as_posix()))
        for path in files:
            rel = path.relative_to(base).as_posix()
            try:
                lib.entries.append(summarise(path, rel, load_article(path)))
            except IngestError as exc:
                lib.entries.append(LibraryEntry(path=path, rel=rel, title=title_from_path(path), error=exc.reason))
        return lib

    @classmethod
    def open_cached(cls, root: str | Path) -> Library:
        """The library as the index last saw it: fast, may lack new files (call `refresh`)."""
        return cls.open(root)

    def refresh(
        self,
        progress: ProgressCallback | None = None,
        should_stop: StopCallback | None = None,
    ) -> RefreshResult:
        """Parse new and changed files, drop deleted ones; `entries` is replaced in one step."""
        fresh = Library.open(self.root)
        result = RefreshResult(unchanged=len(fresh.entries), errors=sum(1 for e in fresh.entries if e.error))
        if progress is not None:
            progress(len(fresh.entries), len(fresh.entries))
        self.entries = fresh.entries
        return result

    def __len__(self) -> int:
        return len(self.entries)

    def index_of(self, path: str | Path) -> int | None:
        """Position of the article at `path` (absolute or relative to root), or None."""
        target = Path(path)
        if not target.is_absolute():
            target = self.root / target
        target = target.resolve()
        for i, entry in enumerate(self.entries):
            if entry.path == target:
                return i
        return None

    def load(self, index: int) -> Article:
        """Parse the article at `index` (raises `IngestError` with a one-line reason)."""
        return load_article(self.entries[index].path)

    def find_title(self, title: str) -> int | None:
        """The entry whose title matches a declared prev/next link title (whitespace-insensitive)."""
        want = "".join(title.split()).casefold()
        for i, entry in enumerate(self.entries):
            if "".join(entry.title.split()).casefold() == want:
                return i
        return None

    def neighbour(self, index: int, step: int) -> int | None:
        """The next (step=+1) or previous (step=-1) article: the article's own declared link
        when it names an article of this library, else library order; None at either end."""
        entry = self.entries[index]
        declared = entry.next_title if step > 0 else entry.prev_title
        if declared:
            found = self.find_title(declared)
            if found is not None and found != index:
                return found
        other = index + step
        return other if 0 <= other < len(self.entries) else None
