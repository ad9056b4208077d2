"""Bookmarks: marked passages that survive moves, edits, crashes, two windows and hand edits.

Identity. A bookmark names its article twice: by path relative to the library root and by
the content fingerprint of the cleaned text (`Article.fingerprint()`). A renamed or moved
file is found by its fingerprint and re-linked; an edited file is found by its path and the
bookmark is re-anchored by looking for its excerpt. Positions are document coordinates
(block index + character offset), never screen lines, so a resize does not move them.

Storage. `bookmarks.toml` in the config folder (`version = 1`, one `[[bookmark]]` table per
bookmark). Every change is an *operation* (put, delete, update) that is applied to the file
as freshly read under an exclusive lock, then written atomically. So two running instances
adding and deleting at the same time never drop each other's changes, and a failed write
(read-only or full disk) keeps the operations in memory to retry on the next write.
A file that does not parse is moved aside, never overwritten; unknown keys are kept.
"""

from __future__ import annotations

import bisect
import os
import re
import threading
import time
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import tomli_w

from tuireader.article import Article
from tuireader.store.atomic import exclusive_lock, write_atomic
from tuireader.store.paths import bookmarks_path
from tuireader.store.tomlio import (
    BrokenFile,
    load_or_set_aside,
    move_aside,
    parse_simple_table,
    parse_toml_bytes,
)

VERSION = 1
#: Length of the stored excerpt, in characters, from the bookmark's offset.
EXCERPT_CHARS = 80
#: Fuzzy re-anchoring accepts a passage whose matched characters cover this share of the excerpt.
FUZZY_THRESHOLD = 0.6
#: How many blocks (by cheap n-gram score) get the expensive difflib comparison.
FUZZY_CANDIDATES = 8

_FIELDS = ("id", "library", "path", "fingerprint", "title", "block", "offset", "section",
           "excerpt", "note", "created", "orphaned")

HEADER = "# tuireader bookmarks (written by the app; see README for the format).\n"


def now_iso() -> str:
    """UTC time to the second, ISO 8601 with a Z: sortable as text."""
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


_SURROGATE = re.compile("[\ud800-\udfff]")


def clean_text(text: str) -> str:
    """Lone surrogates cannot be written as UTF-8: they become U+FFFD instead of an error."""
    return _SURROGATE.sub("\ufffd", text)


def new_id(taken: Iterable[str] = ()) -> str:
    """8 random hex characters (32 bits from os.urandom, as uuid4 uses, without the 10 ms
    import of `uuid`): short enough to type, unique among `taken`."""
    used = set(taken)
    while True:
        candidate = os.urandom(4).hex()
        if candidate not in used:
            return candidate


def normalise_library(library: Path | str) -> str:
    """The library root as stored: absolute, user-expanded, forward slashes."""
    return Path(os.path.abspath(os.path.expanduser(str(library)))).as_posix()


@dataclass
class Bookmark:
    """One marked passage. `path` is relative to `library` (the absolute library root)."""

    id: str
    path: str
    library: str
    fingerprint: str
    title: str
    block: int
    offset: int
    section: list[str]
    excerpt: str
    note: str
    created: str
    orphaned: bool = False
    #: Keys found in the file that this version does not know: kept and written back.
    extra: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @property
    def article_path(self) -> Path:
        """Where the article file is (or was): the library root joined with `path`."""
        return Path(self.library) / self.path if self.library else Path(self.path)

    def to_toml(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.id,
            "library": self.library,
            "path": self.path,
            "fingerprint": self.fingerprint,
            "title": self.title,
            "block": self.block,
            "offset": self.offset,
            "section": list(self.section),
            "excerpt": self.excerpt,
            "note": self.note,
            "created": self.created,
        }
        if self.orphaned:
            out["orphaned"] = True
        for key, value in self.extra.items():
            out.setdefault(key, value)
        return out

    @classmethod
    def from_toml(cls, raw: Any) -> Bookmark:
        """Parse one `[[bookmark]]` table; raises ValueError with a one-line reason."""
        if not isinstance(raw, dict):
            raise ValueError("is not a table")

        def text(name: str, default: str | None = None) -> str:
            value = raw.get(name, default)
            if value is None:
                raise ValueError(f"has no {name!r}")
            if not isinstance(value, str):
                raise ValueError(f"{name!r} is not a string")
            return value

        def count(name: str, default: int | None = None) -> int:
            value = raw.get(name, default)
            if value is None:
                raise ValueError(f"has no {name!r}")
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                raise ValueError(f"{name!r} is not a whole number >= 0")
            return value

        ident = text("id")
        if not ident.strip():
            raise ValueError("has an empty 'id'")
        section = raw.get("section", [])
        if not isinstance(section, list) or not all(isinstance(s, str) for s in section):
            raise ValueError("'section' is not a list of strings")
        orphaned = raw.get("orphaned", False)
        if not isinstance(orphaned, bool):
            raise ValueError("'orphaned' is not true or false")
        created = raw.get("created", "")
        return cls(
            id=ident,
            path=text("path"),
            library=text("library", ""),
            fingerprint=text("fingerprint", ""),
            title=text("title", ""),
            block=count("block"),
            offset=count("offset", 0),
            section=list(section),
            excerpt=text("excerpt", ""),
            note=text("note", ""),
            created=created if isinstance(created, str) else str(created),
            orphaned=orphaned,
            extra={k: v for k, v in raw.items() if k not in _FIELDS},
        )


# -- operations ---------------------------------------------------------------------------


@dataclass
class _Put:
    """Add (fresh=True) or restore a bookmark."""

    bookmark: Bookmark
    fresh: bool


@dataclass
class _Delete:
    id: str


@dataclass
class _Update:
    """Change some fields of a bookmark, if it still exists (a deletion elsewhere wins)."""

    id: str
    changes: dict[str, Any]


_Op = _Put | _Delete | _Update


def _apply(items: dict[str, Bookmark], ops: list[_Op]) -> dict[str, Bookmark]:
    """The bookmarks after `ops`, applied in order to a copy of `items` (file order kept)."""
    out = dict(items)
    for op in ops:
        if isinstance(op, _Put):
            bm = op.bookmark
            if op.fresh and bm.id in out and out[bm.id] is not bm:
                bm.id = new_id(out)  # a 32-bit collision with another instance's add
            old = out.get(bm.id)
            if old is not None and old.extra:
                bm.extra = {**old.extra, **bm.extra}
            out[bm.id] = bm
        elif isinstance(op, _Delete):
            out.pop(op.id, None)
        elif op.id in out:
            out[op.id] = replace(out[op.id], **op.changes)
    return out


@dataclass
class _Parsed:
    """What the file holds: valid bookmarks, tables kept verbatim, other top-level keys."""

    items: dict[str, Bookmark] = field(default_factory=dict)
    kept_raw: list[dict[str, Any]] = field(default_factory=list)
    other: dict[str, Any] = field(default_factory=dict)
    version: int = VERSION
    problems: list[str] = field(default_factory=list)


def _parse(data: dict[str, Any] | None, path: Path) -> _Parsed:
    """Split a file's table into bookmarks and everything else. Raises BrokenFile when the
    `bookmark` key is not an array of tables (writing over it would lose it)."""
    parsed = _Parsed()
    if not data:
        return parsed
    version = data.get("version", VERSION)
    if isinstance(version, int) and not isinstance(version, bool):
        parsed.version = version
    raw_list = data.get("bookmark", [])
    if not isinstance(raw_list, list):
        raise BrokenFile("'bookmark' is not an array of [[bookmark]] tables")
    parsed.other = {k: v for k, v in data.items() if k not in ("version", "bookmark")}
    for n, raw in enumerate(raw_list, 1):
        try:
            bm = Bookmark.from_toml(raw)
        except ValueError as exc:
            if not isinstance(raw, dict):
                raise BrokenFile(f"bookmark #{n} is not a table") from None
            parsed.kept_raw.append(raw)
            parsed.problems.append(f"{path}: bookmark #{n} {exc}; left in the file, not shown")
            continue
        if bm.id in parsed.items:
            parsed.kept_raw.append(raw)
            parsed.problems.append(f"{path}: bookmark #{n} repeats id {bm.id!r}; left in the file, not shown")
            continue
        parsed.items[bm.id] = bm
    return parsed


# -- re-anchoring ---------------------------------------------------------------------------


_SEP = "\x00"  # never in clean block text (control characters are removed at ingest)
#: At most this many occurrences of one search piece are considered (repetitive texts).
MAX_HITS = 200


@dataclass(slots=True)
class _Joined:
    """All block texts in one string, so a search over a 5 MB article is one C-level
    `str.find` instead of a Python loop over twenty thousand blocks."""

    text: str
    starts: list[int]

    @classmethod
    def of(cls, article: Article) -> _Joined:
        starts, pos = [], 0
        for b in article.blocks:
            starts.append(pos)
            pos += len(b.text) + 1
        return cls(_SEP.join(b.text for b in article.blocks), starts)

    def where(self, pos: int) -> tuple[int, int]:
        """(block, offset) of a position in the joined text."""
        block = bisect.bisect_right(self.starts, pos) - 1
        return block, pos - self.starts[block]

    def hits(self, piece: str, limit: int = MAX_HITS) -> list[int]:
        out: list[int] = []
        pos = self.text.find(piece)
        while pos >= 0 and len(out) < limit:
            out.append(pos)
            pos = self.text.find(piece, pos + 1)
        return out


def _pieces(excerpt: str, count: int = 4) -> list[str]:
    """Up to `count` consecutive slices of the excerpt: an edit rarely touches them all."""
    size = max(6, len(excerpt) // count)
    return [excerpt[i : i + size] for i in range(0, len(excerpt) - size + 1, size)][:count]


def _fuzzy_offset(excerpt: str, text: str) -> tuple[float, int]:
    """(share of the excerpt matched, offset in `text` where the match starts)."""
    import difflib  # only re-anchoring needs it: keep it out of every CLI start

    matcher = difflib.SequenceMatcher(None, excerpt, text, autojunk=False)
    blocks = [b for b in matcher.get_matching_blocks() if b.size]
    if not blocks:
        return 0.0, 0
    matched = sum(b.size for b in blocks)
    # Where the excerpt would start in `text`, from its first solidly matching run.
    anchor = next((b for b in blocks if b.size >= 3), blocks[0])
    start = max(0, anchor.b - anchor.a)
    span = blocks[-1].b + blocks[-1].size - blocks[0].b
    # A match scattered over a long paragraph is not the passage: penalise the spread.
    spread_penalty = min(1.0, len(excerpt) / max(span, 1)) if span > 2 * len(excerpt) else 1.0
    return matched / len(excerpt) * spread_penalty, start


def locate(bm: Bookmark, article: Article, joined: _Joined | None = None) -> tuple[int, int] | None:
    """Where `bm`'s excerpt is in `article`: (block, offset), or None if it is gone.

    Order: the stored position when the text there still starts with the excerpt; the
    exact excerpt anywhere (nearest to the old block wins); then the best fuzzy match
    (difflib) among candidate blocks: those holding a slice of the excerpt, and the old
    block and its neighbours.
    """
    blocks = article.blocks
    if not blocks:
        return None
    excerpt = bm.excerpt
    if not excerpt.strip():  # nothing to look for: keep the (clamped) position
        block = min(bm.block, len(blocks) - 1)
        return block, min(bm.offset, len(blocks[block].text))
    if bm.block < len(blocks) and blocks[bm.block].text.startswith(excerpt, bm.offset):
        return bm.block, bm.offset
    joined = joined or _Joined.of(article)
    exact = [joined.where(pos) for pos in joined.hits(excerpt)]
    if exact:
        return min(exact, key=lambda w: abs(w[0] - bm.block))
    if len(excerpt) < 8:
        return None
    score: dict[int, int] = {}
    for piece in _pieces(excerpt):
        for block in {joined.where(pos)[0] for pos in joined.hits(piece)}:
            score[block] = score.get(block, 0) + 1
    last = len(blocks) - 1
    near = min(bm.block, last)
    for block in range(max(0, near - 2), min(last, near + 2) + 1):
        score.setdefault(block, 0)
    ranked = sorted(score, key=lambda b: (-score[b], abs(b - bm.block)))[:FUZZY_CANDIDATES]
    best: tuple[float, int, int] | None = None
    for i in ranked:
        ratio, pos = _fuzzy_offset(excerpt, blocks[i].text)
        if best is None or ratio > best[0]:
            best = (ratio, i, pos)
    if best is None or best[0] < FUZZY_THRESHOLD:
        return None
    return best[1], best[2]


def excerpt_at(article: Article, block: int, offset: int) -> str:
    """The stored excerpt: up to EXCERPT_CHARS characters of the block from `offset`."""
    return article.blocks[block].text[offset : offset + EXCERPT_CHARS]


def display_excerpt(excerpt: str) -> str:
    """The excerpt for people: whitespace collapsed and, when it was cut at EXCERPT_CHARS,
    ended at a word boundary (if one is near) with an ellipsis."""
    text = " ".join(excerpt.split())
    if len(excerpt) < EXCERPT_CHARS:
        return text
    cut = text.rfind(" ", len(text) - 20)
    return (text[:cut] if cut > 0 else text).rstrip(" ,;:") + "…"


def section_titles(article: Article, block: int) -> list[str]:
    """The chain of section titles (top level first) that contains `block`."""
    return [entry.title for entry in article.section_at(block)]


# -- the store ------------------------------------------------------------------------------


class BookmarkStore:
    """All bookmarks of the user, in memory, every change written through at once.

    `last_error` is a one-line notice when the last write failed (read-only folder, full
    disk, a broken file that cannot be moved aside); the change is kept in memory and
    retried on the next write. Methods never raise OSError to the caller.
    """

    def __init__(self, path: Path | None = None) -> None:
        self.path = bookmarks_path() if path is None else path
        self.last_error: str | None = None
        #: Informational one-liners gathered while writing (e.g. a broken file moved aside);
        #: the UI can show them with `take_notices()`; `load()` returns them too.
        self.notices: list[str] = []
        self._base: dict[str, Bookmark] = {}
        self._pending: list[_Op] = []
        self._items: dict[str, Bookmark] = {}
        self._mutex = threading.RLock()
        self._fp_cache: tuple[Article, str] | None = None
        #: The bytes last read or written, with their parse (see `_cached`).
        self._disk: tuple[bytes, _Parsed] | None = None

    # -- reading ---------------------------------------------------------------------------

    def load(self) -> list[str]:
        """Read the file (a missing file is an empty store). Returns one-line notices."""
        with self._mutex:
            notices: list[str] = []
            try:
                raw = _read_bytes(self.path)
                parsed = self._cached(raw) or self._parse_bytes(raw)
            except (OSError, BrokenFile):
                # The slow path: re-check under the lock, then set a broken file aside.
                data, notices = load_or_set_aside(self.path, exclusive_lock)
                try:
                    parsed = _parse(data, self.path)
                except BrokenFile as exc:
                    notices.append(self._set_aside_structural(str(exc)))
                    parsed = _Parsed()
            notices.extend(parsed.problems)
            if parsed.version > VERSION:
                notices.append(f"{self.path} was written by a newer tuireader (version {parsed.version}); "
                               "bookmarks are shown but changes will not be saved")
            self._base = parsed.items
            self._items = _apply(self._base, self._pending)
            notices.extend(self.take_notices())
            return notices

    def _set_aside_structural(self, reason: str) -> str:
        try:
            with exclusive_lock(self.path):
                return move_aside(self.path, reason).notice()
        except OSError as exc:
            return (f"{self.path} has a wrong layout ({reason}) and could not be moved aside "
                    f"({exc.strerror or exc}); nothing will be saved over it")

    def take_notices(self) -> list[str]:
        """Notices gathered since the last call (and forget them)."""
        with self._mutex:
            out, self.notices = self.notices, []
            return out

    def all(self) -> list[Bookmark]:
        """Every bookmark, newest first (ties: the one added later first)."""
        with self._mutex:
            order = {bid: n for n, bid in enumerate(self._items)}
            return sorted(self._items.values(), key=lambda b: (b.created, order[b.id]), reverse=True)

    def get(self, bookmark_id: str) -> Bookmark | None:
        """The bookmark with this id, or None. (No `__len__` on purpose: an empty store
        must stay truthy for `if store:` checks; use `len(store.all())`.)"""
        return self._items.get(bookmark_id)

    def for_article(self, library: Path, rel: str, fingerprint: str,
                    article: Article | None = None) -> list[Bookmark]:
        """The bookmarks of one article, in reading order.

        Matched by fingerprint first (same content, wherever it now lives: a bookmark whose
        stored file no longer exists is re-linked to `library`/`rel` and saved), then by path
        (same file, content changed). Pass the parsed `article` and those are re-anchored
        on the spot (see `reanchor`), all in one write.
        """
        lib = normalise_library(library)
        rel = Path(rel).as_posix()
        with self._mutex:
            found: list[Bookmark] = []
            relinks: list[_Op] = []
            for bm in self._items.values():
                if fingerprint and bm.fingerprint == fingerprint:
                    if (bm.library, bm.path) != (lib, rel) and not bm.article_path.exists():
                        relinks.append(_Update(bm.id, {"library": lib, "path": rel}))
                    found.append(bm)
                elif bm.library == lib and bm.path == rel:
                    found.append(bm)
            if relinks:
                self._do(relinks)
                found = [self._items.get(bm.id, bm) for bm in found]
            if article is not None and found:  # (no hashing of the text for no bookmark)
                found = self.reanchor_all(found, article)
            return sorted(found, key=lambda b: (b.block, b.offset, b.created))

    # -- changing ----------------------------------------------------------------------------

    def add(self, library: Path, rel: str, article: Article, block: int, offset: int = 0,
            note: str = "") -> Bookmark:
        """Mark `article` at (block, offset) and save. Raises ValueError for a block that
        does not exist (the only error a caller can cause); write failures go to `last_error`."""
        if not 0 <= block < len(article.blocks):
            raise ValueError(f"block {block} is out of range (the article has {len(article.blocks)} blocks)")
        offset = max(0, min(int(offset), len(article.blocks[block].text)))
        with self._mutex:
            bm = Bookmark(
                id=new_id(self._items),
                path=Path(rel).as_posix(),
                library=normalise_library(library),
                fingerprint=self._fingerprint(article),
                title=clean_text(article.title),
                block=block,
                offset=offset,
                section=[clean_text(s) for s in section_titles(article, block)],
                excerpt=clean_text(excerpt_at(article, block, offset)),
                note=clean_text(note),
                created=now_iso(),
            )
            self._do([_Put(bm, fresh=True)])
            return bm

    def remove(self, bookmark_id: str) -> Bookmark | None:
        """Delete a bookmark (by id); returns it (for undo) or None if there was none."""
        with self._mutex:
            bm = self._items.get(bookmark_id)
            if bm is None:
                return None
            self._do([_Delete(bookmark_id)])
            return bm

    def restore(self, bm: Bookmark) -> None:
        """Put back a removed bookmark, same id and created time (undo)."""
        with self._mutex:
            self._do([_Put(replace(bm, extra=dict(bm.extra)), fresh=False)])

    def set_note(self, bookmark_id: str, note: str) -> None:
        """Change a bookmark's note (no-op if it no longer exists)."""
        with self._mutex:
            if bookmark_id in self._items:
                self._do([_Update(bookmark_id, {"note": clean_text(note)})])

    def reanchor(self, bm: Bookmark, article: Article) -> Bookmark:
        """Check `bm` against the current text of its article and fix its position.

        Unchanged article: returned as is (cheap). Changed: the excerpt is looked up (see
        `locate`); found → new block/offset/section, `orphaned=False`; gone → the bookmark
        is kept where it was with `orphaned=True`. Changes are saved.
        """
        return self.reanchor_all([bm], article)[0]

    def reanchor_all(self, marks: list[Bookmark], article: Article) -> list[Bookmark]:
        """`reanchor` for several bookmarks of one article, saved in a single write."""
        with self._mutex:
            fingerprint = self._fingerprint(article)
            out: list[Bookmark] = []
            updates: list[_Op] = []
            joined: _Joined | None = None
            for bm in marks:
                if bm.fingerprint == fingerprint and not bm.orphaned:
                    out.append(bm)
                    continue
                joined = joined or _Joined.of(article)
                where = locate(bm, article, joined)
                if where is None:
                    changes: dict[str, Any] = {"orphaned": True, "fingerprint": fingerprint}
                else:
                    block, offset = where
                    changes = {"block": block, "offset": offset, "orphaned": False,
                               "fingerprint": fingerprint,
                               "section": [clean_text(s) for s in section_titles(article, block)]}
                new = replace(bm, **changes)
                if new != bm and bm.id in self._items:
                    updates.append(_Update(bm.id, changes))
                out.append(new)
            if updates:
                self._do(updates)
                out = [self._items.get(bm.id, bm) for bm in out]
            return out

    def retry(self) -> str | None:
        """Write pending changes again (e.g. after the user fixed permissions)."""
        with self._mutex:
            if self._pending:
                self._do([])
            return self.last_error

    @property
    def pending(self) -> int:
        """How many changes are waiting to be written (0 when all is saved)."""
        return len(self._pending)

    # -- writing -------------------------------------------------------------------------------

    def _fingerprint(self, article: Article) -> str:
        cache = self._fp_cache
        if cache is not None and cache[0] is article:
            return cache[1]
        fingerprint = article.fingerprint()
        self._fp_cache = (article, fingerprint)
        return fingerprint

    def _do(self, ops: list[_Op]) -> None:
        """Queue `ops`, then merge every pending op into the file on disk."""
        self._pending.extend(ops)
        self._items = _apply(self._base, self._pending)
        error = self._commit()
        self.last_error = error
        self._items = _apply(self._base, self._pending)

    def _commit(self) -> str | None:
        try:
            with exclusive_lock(self.path):
                try:
                    raw = _read_bytes(self.path)
                    parsed = self._cached(raw) or self._parse_bytes(raw)
                except BrokenFile as exc:
                    # Set the broken file aside (never overwrite it) and carry on from
                    # what this instance last read successfully.
                    self.notices.append(move_aside(self.path, str(exc)).notice())
                    parsed = _Parsed(items=dict(self._base))
                if parsed.version > VERSION:
                    return (f"bookmark not saved: {self.path} was written by a newer tuireader "
                            f"(version {parsed.version}); kept in memory")
                merged = _apply(parsed.items, self._pending)
                out = self._serialise(merged, parsed).encode("utf-8")
                write_atomic(self.path, out)
                self._disk = (out, _Parsed(dict(merged), parsed.kept_raw, parsed.other, parsed.version))
        except (OSError, ValueError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            return f"bookmark not saved to {self.path}: {reason} (kept in memory, will retry)"
        self._base = merged
        self._pending = []
        return None

    def _cached(self, raw: bytes | None) -> _Parsed | None:
        """The parse of `raw` if it is exactly what this instance last read or wrote.

        Why: tomllib is pure Python and the file is re-read under the lock before every
        write; with a thousand bookmarks, parsing dominates the cost of a write. Comparing
        the bytes is cheap and exact (no reliance on mtime resolution).
        """
        if raw is None or self._disk is None or self._disk[0] != raw:
            return None
        cached = self._disk[1]
        return _Parsed(dict(cached.items), list(cached.kept_raw), dict(cached.other), cached.version)

    def _parse_bytes(self, raw: bytes | None) -> _Parsed:
        """Parse the file's bytes (None: no file); raises BrokenFile."""
        if raw is None:
            return _Parsed()
        data = fast_parse(raw)
        if data is None:
            data = parse_toml_bytes(raw)
        parsed = _parse(data, self.path)
        self._disk = (raw, _Parsed(dict(parsed.items), list(parsed.kept_raw), dict(parsed.other), parsed.version))
        return parsed

    def _serialise(self, items: dict[str, Bookmark], parsed: _Parsed) -> str:
        """The file text: a head, then one `[[bookmark]]` chunk per bookmark. A chunk whose
        table is unchanged since it was read or written is reused as text (rendering with
        tomli_w is, after parsing, the other big cost of a write)."""
        head = tomli_w.dumps({"version": VERSION, **parsed.other})
        chunks: list[str] = [HEADER + head]
        for bm in items.values():
            table = bm.to_toml()
            hit = _RENDERED.get(bm.id)
            if hit is not None and hit[0] == table:
                text: str | None = hit[1]
            else:
                text = _render_table(table)
                if text is not None:
                    _remember_chunk(bm.id, table, text)
            if text is None:  # nested tables from a hand edit: let tomli_w lay out everything
                return self._serialise_whole(items, parsed)
            chunks.append(text)
        for raw in parsed.kept_raw:
            text = _render_table(raw)
            if text is None:
                return self._serialise_whole(items, parsed)
            chunks.append(text)
        return "\n".join(chunks)

    @staticmethod
    def _serialise_whole(items: dict[str, Bookmark], parsed: _Parsed) -> str:
        doc: dict[str, Any] = {"version": VERSION, **parsed.other}
        doc["bookmark"] = [bm.to_toml() for bm in items.values()] + parsed.kept_raw
        return HEADER + tomli_w.dumps(doc)


#: The separator this module writes between bookmark tables (see `fast_parse`).
_MARKER = "\n[[bookmark]]\n"
#: bookmark id → (its TOML table, its rendered chunk): chunks read or written recently.
_RENDERED: dict[str, tuple[dict[str, Any], str]] = {}
#: chunk text → its parsed table (shared by every store of the process).
_PARSED_CHUNKS: dict[str, dict[str, Any]] = {}
_CACHE_LIMIT = 50_000


def _remember_chunk(bookmark_id: str, table: dict[str, Any], text: str) -> None:
    if len(_RENDERED) > _CACHE_LIMIT:
        _RENDERED.clear()
    _RENDERED[bookmark_id] = (table, text)


def _is_nested(value: Any) -> bool:
    return isinstance(value, dict) or (isinstance(value, list) and any(isinstance(v, dict) for v in value))


def fast_parse(raw: bytes) -> dict[str, Any] | None:
    """Parse a file in the layout `_serialise` writes, reusing the parse of every
    `[[bookmark]]` chunk already seen; None when the file is not in that layout (the caller
    then parses it whole with tomllib, which also produces the error message).

    Why it is exact: the file is split at lines that are exactly `[[bookmark]]`. A split
    inside a multi-line string leaves an unterminated string in a piece, which fails to
    parse and sends the whole file to tomllib; a piece holding its own table headers is
    recognised by its nested tables and does the same. So whenever this returns a table it
    is the one tomllib would return.
    """
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
    parts = text.split(_MARKER)
    if len(parts) < 2:
        return None
    try:
        head = tomllib.loads(parts[0])
        if "bookmark" in head:
            return None
        tables: list[dict[str, Any]] = []
        if len(_PARSED_CHUNKS) > _CACHE_LIMIT:
            _PARSED_CHUNKS.clear()
        for part in parts[1:]:
            table = _PARSED_CHUNKS.get(part)
            if table is None:
                table = parse_simple_table(part)
            if table is None:
                table = tomllib.loads(part)
                if any(_is_nested(v) for v in table.values()):
                    return None
                _PARSED_CHUNKS[part] = table
            tables.append(table)
    except tomllib.TOMLDecodeError:
        return None
    for part, table in zip(parts[1:], tables, strict=True):
        ident = table.get("id")
        if isinstance(ident, str):
            _remember_chunk(ident, table, "[[bookmark]]\n" + (part if part.endswith("\n") else part + "\n"))
    head["bookmark"] = [dict(t) for t in tables]
    return head


def _render_table(table: dict[str, Any]) -> str | None:
    """One `[[bookmark]]` table, or None when it holds nested tables (which need the
    `[bookmark.x]` headers only a whole-document render gets right)."""
    for value in table.values():
        if isinstance(value, dict) or (isinstance(value, list) and any(isinstance(v, dict | list) for v in value)):
            return None
    return "[[bookmark]]\n" + tomli_w.dumps(table)


def _read_bytes(path: Path) -> bytes | None:
    """The file's bytes, None when it does not exist (other OSErrors propagate)."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


def group_by_article(bookmarks: Iterable[Bookmark]) -> list[tuple[str, list[Bookmark]]]:
    """(article key, bookmarks) in first-seen order; the key is the article's file path."""
    groups: dict[str, list[Bookmark]] = {}
    for bm in bookmarks:
        groups.setdefault(bm.article_path.as_posix(), []).append(bm)
    return list(groups.items())

