"""A library: the article files under one folder, in reading order, with their summaries.

Two ways in: `Library.open(root)` walks and parses everything (small folders, tests), and
`Library.open_cached(root)` reads the SQLite index (`index.py`): ~0.1 s for 10,000
articles; `refresh()` then brings the index up to date (`indexer.py`) and swaps the entries
in one assignment, so a UI thread reading `entries` never sees a half-built list.
Order: `library.toml` (`manifest.py`) first, then natural order of relative paths; or by
date or title when the config asks.
"""

from __future__ import annotations

import os
import re
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from tuireader.article import Article, title_from_path
from tuireader.errors import IngestError
from tuireader.ingest.load import load_article
from tuireader.library.manifest import Manifest, load_manifest

if TYPE_CHECKING:
    from tuireader.library.index import IndexDB

#: Library orders the config may choose (`order = "..."` in config.toml).
ORDERS = ("library", "date", "title")

#: Reading speeds: CJK characters and Latin words are read at different rates.
CJK_CHARS_PER_MINUTE = 400
WORDS_PER_MINUTE = 230


def count_text(text: str) -> tuple[int, int]:
    """(CJK characters, non-CJK words) in `text`; the two units reading time is made of.

    A word is a whitespace-separated chunk with a letter or digit in it (fast, and close
    enough for a reading-time estimate)."""
    from tuireader.library.index import analyse_text

    cjk, words, _tokens = analyse_text(text)
    return cjk, words


def reading_minutes(cjk_chars: int, words: int) -> int:
    """Whole minutes to read, at least 1 for any non-empty text."""
    minutes = cjk_chars / CJK_CHARS_PER_MINUTE + words / WORDS_PER_MINUTE
    return max(1, round(minutes)) if (cjk_chars or words) else 0


_DIGIT_RUNS = re.compile(r"(\d+)")


def natural_key(text: str) -> list[tuple[int, int | str]]:
    """Sort key that puts "2.txt" before "10.txt" (numbers compared as numbers)."""
    return [(0, int(part)) if part.isdigit() else (1, part.casefold()) for part in _DIGIT_RUNS.split(text) if part]


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
    #: The encoding `library.toml` says to read this file with (None: detect it).
    encoding: str | None = None

    @property
    def minutes(self) -> int:
        return reading_minutes(self.cjk_chars, self.words)


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

    @property
    def parsed(self) -> int:
        return self.added + self.changed

    @property
    def mb_per_second(self) -> float:
        return self.bytes_parsed / 1e6 / self.seconds if self.seconds > 0 else 0.0


ProgressCallback = Callable[[int, int], None]
StopCallback = Callable[[], bool]


def order_entries(entries: list[LibraryEntry], manifest: Manifest, order: str = "library") -> list[LibraryEntry]:
    """Library order: the manifest's `order` list first, then natural order of paths;
    `order="date"` (oldest first, undated last) or `"title"` re-sorts, ties in library order."""
    pinned = manifest.order_key()
    last = len(pinned)
    ordered = sorted(entries, key=lambda e: (pinned.get(e.rel, last), natural_key(e.rel)))
    if order == "date":
        ordered.sort(key=lambda e: (e.date is None, e.date or ""))
    elif order == "title":
        ordered.sort(key=lambda e: natural_key(e.title))
    return ordered


def _is_busy(exc: sqlite3.OperationalError) -> bool:
    text = str(exc).lower()
    return "locked" in text or "busy" in text


def _order_tag(order: str, manifest: Manifest) -> str:
    from tuireader.library.freshness import order_tag

    return order_tag(order, manifest)


def _apply_manifest(entries: list[LibraryEntry], manifest: Manifest) -> None:
    """What `library.toml` says of single files: title and encoding overrides."""
    for entry in entries:
        override = manifest.titles.get(entry.rel)
        if override:
            entry.title = override
        entry.encoding = manifest.encodings.get(entry.rel)


def _problem_entry(root: Path, rel: str, reason: str) -> LibraryEntry:
    name = rel.rstrip("/") or root.name
    return LibraryEntry(path=root / rel.rstrip("/") if rel != "." else root, rel=rel, title=title_from_path(name) if not rel.endswith("/") else name, error=reason)


@dataclass
class Library:
    """The articles under `root` in library order, with neighbour lookup for n/p.

    `notices` holds one-line messages for the UI (index rebuilt, manifest problems, ...).
    """

    root: Path
    entries: list[LibraryEntry] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    order: str = "library"

    @classmethod
    def open(cls, root: str | Path, *, order: str = "library") -> Library:
        """Walk `root` and summarise every article file (errors become error entries).

        No index involved: right for a handful of files and for tests; use `open_cached`
        plus `refresh` for real libraries."""
        from tuireader.library.indexer import parse_one, scan_folder

        base = Path(root).resolve()
        manifest = load_manifest(base)
        scan = scan_folder(base, manifest.excluded)
        entries = [_problem_entry(base, rel, reason) for rel, reason in scan.problems.items()]
        for rel in scan.files:
            row = parse_one(str(base), rel)
            entries.append(_entry_from_row(base, row.rel, row.title, row.date, row.author, row.cjk_chars, row.words, row.prev_title, row.next_title, row.fingerprint, row.error))
        _apply_manifest(entries, manifest)
        return cls(root=base, entries=order_entries(entries, manifest, order), notices=list(manifest.warnings), order=order)

    @classmethod
    def open_cached(cls, root: str | Path, *, order: str = "library") -> Library:
        """The library as the index last saw it: fast (one query), may lack new files;
        call `refresh` (in a worker thread) to bring it up to date."""
        from tuireader.library.index import IndexDB

        base = Path(root).resolve()
        lib = cls(root=base, order=order)
        manifest = load_manifest(base)
        db = IndexDB.open(base)
        try:
            try:
                stored = db.stored()
                in_order = db.order_tag() == _order_tag(order, manifest)
            except sqlite3.DatabaseError as exc:
                stored, in_order = [], False
                lib.notices.append(f"Library index unreadable ({exc}); it will be rebuilt.")
            entries = [
                _entry_from_row(base, s.rel, s.title, s.date, s.author, s.cjk_chars, s.words, s.prev_title, s.next_title, s.fingerprint, s.error)
                for s in stored
                if not manifest.excluded(s.rel)
            ]
        finally:
            db.close()
        _apply_manifest(entries, manifest)
        # The stored order is the one the last refresh computed; re-sort only when the
        # order setting or library.toml changed since (sorting 10,000 entries costs ~0.1 s).
        lib.entries = entries if in_order else order_entries(entries, manifest, order)
        lib.notices.extend(db.notices)
        lib.notices.extend(manifest.warnings)
        return lib

    def refresh(
        self,
        progress: ProgressCallback | None = None,
        should_stop: StopCallback | None = None,
        *,
        workers: int | None = None,
        live: bool = False,
        nice: int = 0,
    ) -> RefreshResult:
        """Parse new and changed files, drop deleted ones, then replace `entries` in one step.

        Safe to run in a worker thread (it opens its own database connection). `progress`
        gets (files parsed, files to parse); `should_stop` returning True cancels: what is
        parsed so far is kept, the rest waits for the next refresh.

        `live=True`: during a first (cold) indexing in library order, `entries` is also
        replaced (one assignment each time) by a growing list before every `progress` call,
        so a list screen that reloads on progress fills up while indexing runs. Entries are
        only ever appended, so an index into an earlier list stays valid.

        `nice`: run the worker processes that much lower in CPU priority (the app indexes
        behind the reader; `tuireader index` uses the whole machine)."""
        from tuireader.library.index import IndexDB

        started = time.perf_counter()
        result = RefreshResult()
        db = IndexDB.open(self.root)
        result.notices.extend(db.notices)
        try:
            try:
                entries = self._refresh_with(db, result, progress, should_stop, workers, live, nice)
            except sqlite3.DatabaseError as exc:
                if isinstance(exc, sqlite3.OperationalError) and _is_busy(exc):
                    # Another tuireader is writing this index: not damage. Keep what we have.
                    result.notices.append("Library index is busy (another tuireader is indexing this folder); try again later.")
                    result.cancelled = True
                    result.seconds = time.perf_counter() - started
                    return result
                # Damaged under our feet (disk full, file clobbered): rebuild once from scratch.
                db.close()
                from tuireader.library.index import db_path

                path = db_path(self.root)
                for suffix in ("", "-wal", "-shm"):
                    try:
                        os.replace(str(path) + suffix, f"{path}{suffix}.broken")
                    except OSError:
                        pass
                result.notices.append(f"Library index failed ({str(exc).splitlines()[0]}); rebuilt it.")
                db = IndexDB.open(self.root)
                result.notices.extend(db.notices)
                result.added = result.changed = result.removed = result.unchanged = result.bytes_parsed = 0
                entries = self._refresh_with(db, result, progress, should_stop, workers, False, nice)
        finally:
            db.close()
        result.seconds = time.perf_counter() - started
        result.errors = sum(1 for e in entries if e.error)
        self.entries = entries
        return result

    def _refresh_with(
        self,
        db: IndexDB,
        result: RefreshResult,
        progress: ProgressCallback | None,
        should_stop: StopCallback | None,
        workers: int | None,
        live: bool = False,
        nice: int = 0,
    ) -> list[LibraryEntry]:
        from tuireader.library import freshness
        from tuireader.library.index import ParsedFile, parser_tag
        from tuireader.library.indexer import parse_files, scan_folder

        manifest = load_manifest(self.root)
        result.notices.extend(manifest.warnings)
        freshness.forget(db)  # an interrupted refresh leaves no snapshot to trust
        scanned = freshness.now_ns()
        scan = scan_folder(self.root, manifest.excluded)
        stored = {s.rel: s for s in db.stored()}
        todo: list[str] = []
        for rel, st in scan.files.items():
            old = stored.get(rel)
            if old is None:
                todo.append(rel)
                result.added += 1
            elif (old.size, old.mtime_ns, old.parser) != (st.size, st.mtime_ns, parser_tag(manifest.encodings.get(rel))):
                todo.append(rel)
                result.changed += 1
            else:
                result.unchanged += 1
        todo.sort(key=natural_key)
        problems = [
            ParsedFile(rel=rel, size=-1, mtime_ns=-1, title=_problem_entry(self.root, rel, reason).title, error=reason)
            for rel, reason in scan.problems.items()
            if rel not in stored or stored[rel].error != reason
        ]
        gone = [rel for rel in stored if rel not in scan.files and rel not in scan.problems]
        result.removed = db.delete(gone)
        if problems:
            db.write(problems)

        # Live publishing is safe only when the final list is the parsed files in the order
        # they were queued (cold index, natural order): then each list extends the last.
        publish = live and not stored and not manifest.order and self.order == "library"
        finished: dict[str, LibraryEntry] = {}
        shown: list[LibraryEntry] = []

        def sink(rows: list[ParsedFile]) -> None:
            result.bytes_parsed += sum(r.size for r in rows if r.size > 0)
            db.write(rows)
            if not publish:
                return
            for r in rows:
                entry = _entry_from_row(self.root, r.rel, r.title, r.date, r.author, r.cjk_chars, r.words, r.prev_title, r.next_title, r.fingerprint, r.error)
                entry.title = manifest.titles.get(r.rel, entry.title)
                finished[r.rel] = entry
            grew = False
            while len(shown) < len(todo) and todo[len(shown)] in finished:
                shown.append(finished.pop(todo[len(shown)]))
                grew = True
            if grew:
                self.entries = list(shown)

        _, result.cancelled = parse_files(self.root, todo, scan.files, sink, progress, should_stop, workers, nice)
        stored_now = db.stored()
        entries = [
            _entry_from_row(self.root, s.rel, s.title, s.date, s.author, s.cjk_chars, s.words, s.prev_title, s.next_title, s.fingerprint, s.error)
            for s in stored_now
        ]
        _apply_manifest(entries, manifest)
        entries = order_entries(entries, manifest, self.order)
        tag = _order_tag(self.order, manifest)
        rels = [e.rel for e in entries]
        if result.parsed or result.removed or problems or db.order_tag() != tag or rels != [s.rel for s in stored_now]:
            db.set_order(rels, tag)
        if result.parsed > 200:
            db.optimize()
        db.maybe_rebuild_fts()
        if not result.cancelled:
            freshness.record(db, scan, tag, scanned)
        return entries

    def set_order(self, order: str) -> None:
        """Re-sort by "library", "date" or "title" (one assignment, like refresh)."""
        self.order = order if order in ORDERS else "library"
        self.entries = order_entries(list(self.entries), load_manifest(self.root), self.order)

    def __len__(self) -> int:
        return len(self.entries)

    def index_of(self, path: str | Path) -> int | None:
        """Position of the article at `path` (absolute or relative to root), or None."""
        target = Path(path)
        if not target.is_absolute():
            target = self.root / target
        target = Path(os.path.normpath(target))
        for i, entry in enumerate(self.entries):
            if entry.path == target:
                return i
        resolved = target.resolve()
        for i, entry in enumerate(self.entries):
            if entry.path.resolve() == resolved:
                return i
        return None

    def load(self, index: int) -> Article:
        """Parse the article at `index` (raises `IngestError` with a one-line reason)."""
        entry = self.entries[index]
        if entry.error and entry.rel.endswith("/"):
            raise IngestError(str(entry.path), entry.error)
        return load_article(entry.path, encoding=entry.encoding)

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


def _entry_from_row(
    root: Path,
    rel: str,
    title: str,
    date: str | None,
    author: str | None,
    cjk_chars: int,
    words: int,
    prev_title: str | None,
    next_title: str | None,
    fingerprint: str,
    error: str | None,
) -> LibraryEntry:
    return LibraryEntry(
        path=root / rel.rstrip("/") if rel not in (".", "./") else root,
        rel=rel,
        title=title,
        date=date,
        author=author,
        cjk_chars=cjk_chars,
        words=words,
        prev_title=prev_title,
        next_title=next_title,
        fingerprint=fingerprint,
        error=error,
    )
