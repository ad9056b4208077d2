"""The library index: one SQLite file per library root in the user cache directory.

Why SQLite: start-up must show 10,000 articles at once, without parsing one of them, and
search must answer in milliseconds. One file per root (named from a hash of the resolved
path) keeps libraries apart and lets the cache be deleted at any time: it is rebuilt.

Layout:
  * `articles`: one row per file (rel path, size, mtime_ns, parser version, the summary the
    library list shows, metadata and outline as JSON, error). `ord` is the library order.
  * `texts`: one row per article (same id) holding the text of all its blocks, joined by
    `BLOCK_SEP`. One row per block cost twice as much to write (B-tree entries for ~100
    rows per article) and cold indexing is what the parent process spends its time on.
  * `fts`: an FTS5 table (contentless, `detail=none`), one row per article holding its
    search tokens: every distinct CJK character and the words (`analyse_text`). It only
    narrows the candidates; the exact match (phrases, two-character Chinese words, case) is
    checked over the candidates' blocks (`search.py`). Measured on this machine, FTS5 costs
    about 0.45 µs per token: indexing trigrams (one token per character) ran at 3.7 MB/s and
    CJK bigrams at ~9 MB/s, far from the 20 MB/s cold-indexing target, while distinct
    characters + words cost ~1,000 tokens per 20 KB article.

A changed article gets a new id; its old FTS row is left behind as harmless garbage (it can
only add candidates, which the exact check removes) and the FTS table is rebuilt when the
garbage outgrows the live rows. That avoids the contentless-table delete, which needs the
exact original token list.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sqlite3
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from tuireader.script.fold import fold, fold_chars

#: Bump when the row layout changes: rows with another version are re-parsed. The ingest
#: code is covered automatically: `parser_version()` also hashes the source files that decide
#: what a row holds, so a new reader (or a fixed bug in one) re-parses the affected articles
#: on the next refresh.
PARSER_VERSION = 1
#: Those files, relative to the `tuireader` package: the article model, every module of
#: the ingest (readers included, at any depth) and the indexer, which builds the row.
_PARSE_SOURCES = ("article.py", "errors.py", "ingest/**/*.py", "library/indexer.py")
#: Bump when the schema changes: a file with another version is rebuilt from scratch.
SCHEMA_VERSION = 4  # 4: CJK tokens folded across scripts (script/fold.py)
#: PRAGMA application_id marking our files ("TRDX"); anything else is a foreign file.
APPLICATION_ID = 0x54524458
#: Joins an article's block texts in its `texts` row. A control character: ingest removes
#: those from article text (`sanitize.strip_controls`), so it cannot occur inside a block.
BLOCK_SEP = "\x1e"

#: Han (with the supplementary planes, where some Traditional/Simplified forms live: 㓄 is
#: 𪠟 in Simplified), kana and hangul: each character is its own token.
CJK_RANGES = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3040-\u30ff\uac00-\ud7af\U00020000-\U0003134f"
_CJK_CHAR = re.compile(f"[{CJK_RANGES}]")
_CJK_RUN = re.compile(f"([{CJK_RANGES}]+)")  # captured: split() yields text and runs in one pass
_HAS_ALNUM = re.compile(r"[^\W_]")
_TOKEN_WORD = re.compile(f"[^\\W_{CJK_RANGES}]+")

_SCHEMA = f"""
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS articles(
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    rel TEXT NOT NULL UNIQUE,
    size INTEGER NOT NULL DEFAULT 0,
    mtime_ns INTEGER NOT NULL DEFAULT 0,
    parser TEXT NOT NULL DEFAULT '',
    fingerprint TEXT NOT NULL DEFAULT '',
    title TEXT NOT NULL DEFAULT '',
    date TEXT,
    author TEXT,
    metadata TEXT NOT NULL DEFAULT '{{}}',
    outline TEXT NOT NULL DEFAULT '[]',
    prev_title TEXT,
    next_title TEXT,
    cjk_chars INTEGER NOT NULL DEFAULT 0,
    words INTEGER NOT NULL DEFAULT 0,
    blocks INTEGER NOT NULL DEFAULT 0,
    error TEXT,
    ord INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS articles_ord ON articles(ord);
CREATE TABLE IF NOT EXISTS texts(id INTEGER PRIMARY KEY, body TEXT NOT NULL);
PRAGMA application_id = {APPLICATION_ID};
"""
_FTS_SCHEMA = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS fts USING fts5(tokens, content='', detail=none,"
    " tokenize='unicode61 remove_diacritics 0')"
)


def analyse_text(text: str) -> tuple[int, int, str]:
    """(CJK characters, words, FTS document) of `text`, in a few C-level passes.

    The document is what the FTS table indexes for it. FTS5's cost is per token, so CJK
    characters go in once each (distinct), with the non-CJK text's distinct
    whitespace-separated chunks (the FTS tokenizer splits off punctuation and folds case).
    Pure ASCII text goes in as it is: splitting it into Python strings cost more than the
    FTS tokenizer spends on the repeats. Words are whitespace-separated chunks holding a
    letter or digit.
    """
    if text.isascii():  # O(1)
        return 0, _ascii_words(text), text
    lower = text.lower()
    parts = _CJK_RUN.split(lower)  # [text, run, text, run, ..., text]
    runs = parts[1::2]
    rest = " ".join(parts[0::2]) if runs else lower
    cjk = sum(map(len, runs))
    chunks = rest.split()
    tokens: set[str] = set(chunks)
    words = len(chunks)
    # isalnum() settles most chunks in C; the regex only sees those with punctuation.
    marks = {c for c in tokens if not c.isalnum() and not _HAS_ALNUM.search(c)}
    if marks:  # punctuation on its own ("—", "，") is no word
        tokens -= marks
        words -= sum(map(marks.__contains__, chunks))  # one pass, not one count() per mark
    # Folded (數/数 → 数): a query in either script finds both. Folding the distinct
    # characters costs ~2 ms per MB of text; folding the text would cost ~20.
    tokens |= fold_chars(_distinct_chars(runs, cjk))
    return cjk, words, " ".join(tokens)


#: ASCII bytes → b" " for what `str.split()` splits on, b"x" for letters and digits; the
#: rest (punctuation, other controls) is deleted, so "well-known" stays one word and a lone
#: "—" none.
_ASCII_WORD_TABLE = bytes(
    ord(" ") if chr(b).isspace() else ord("x") if chr(b).isalnum() else b for b in range(256)
)
_ASCII_NOT_WORD = bytes(b for b in range(128) if not chr(b).isspace() and not chr(b).isalnum())


def _ascii_words(text: str) -> int:
    """Words of an ASCII text, counted in bytes (no string per word): chunk starts."""
    mapped = text.encode("ascii").translate(_ASCII_WORD_TABLE, _ASCII_NOT_WORD)
    return mapped.count(b" x") + mapped.startswith(b"x")


#: Above this many CJK characters, `_distinct_chars` deletes known characters with a regex.
_DEDUPE_MIN = 200_000


def _distinct_chars(runs: list[str], total: int) -> set[str]:
    """The set of characters in `runs` (`total` characters in all).

    `set()` over a CJK string makes one new 1-character string per character (~100 ns
    each). A long article uses a few thousand distinct characters: collect those of a
    sample, delete them all with one character-class regex (C speed), and `set()` only
    what is left. The compile costs ~20 ms, so this is for big articles only.
    """
    seen: set[str] = set()
    if total < _DEDUPE_MIN:
        seen.update(*runs)
        return seen
    joined = "".join(runs)
    seen.update(joined[:20_000])
    # CJK characters are never regex syntax inside a class.
    seen.update(re.compile("[" + "".join(sorted(seen)) + "]+").sub("", joined))
    return seen


def index_tokens(text: str) -> str:
    """The FTS document for `text` (see `analyse_text`)."""
    return analyse_text(text)[2]


def query_tokens(term: str) -> list[tuple[str, bool]]:
    """FTS tokens for one query term: (token, is_prefix). Words match as prefixes; CJK
    characters are folded across scripts, as `analyse_text` indexes them."""
    out: list[tuple[str, bool]] = []
    seen: set[str] = set()
    for ch in fold(term):
        if _CJK_CHAR.match(ch) and ch not in seen:
            seen.add(ch)
            out.append((ch, False))
    for word in _TOKEN_WORD.findall(term.lower()):
        if word not in seen:
            seen.add(word)
            out.append((word, True))
    return out


def parser_version() -> str:
    """PARSER_VERSION plus a hash of the ingest code (computed once per process)."""
    global _PARSER_VERSION
    if _PARSER_VERSION is None:
        digest = hashlib.blake2b(digest_size=6)
        package = Path(__file__).resolve().parent.parent
        for src in parse_sources():
            try:
                digest.update(src.relative_to(package).as_posix().encode() + b"\0" + src.read_bytes())
            except OSError:
                continue
        _PARSER_VERSION = f"{PARSER_VERSION}-{digest.hexdigest()}"
    return _PARSER_VERSION


_PARSER_VERSION: str | None = None


def parser_tag(encoding: str | None = None) -> str:
    """What a row records as its parser: the version, plus the encoding override it was read
    with, so that adding or changing an override in `library.toml` re-reads that file."""
    return f"{parser_version()}+{encoding}" if encoding else parser_version()


def parse_sources() -> list[Path]:
    """The source files `parser_version` hashes (see `_PARSE_SOURCES`)."""
    package = Path(__file__).resolve().parent.parent
    return sorted({p for pattern in _PARSE_SOURCES for p in package.glob(pattern)})


def fts_available() -> bool:
    """True when this SQLite build has FTS5 (checked once per process)."""
    global _FTS_OK
    if _FTS_OK is None:
        try:
            probe = sqlite3.connect(":memory:")
            probe.execute("CREATE VIRTUAL TABLE t USING fts5(x, tokenize='unicode61')")
            probe.close()
            _FTS_OK = True
        except sqlite3.Error:
            _FTS_OK = False
    return _FTS_OK


_FTS_OK: bool | None = None


def cache_root() -> Path:
    """The user cache directory (the store helper's `paths.cache_dir` when present)."""
    try:
        from tuireader.store.paths import cache_dir
    except ImportError:  # pragma: no cover - until paths.py lands
        import platformdirs

        return Path(platformdirs.user_cache_path("tuireader"))
    return Path(cache_dir())


def db_path(root: Path) -> Path:
    """Where the index of library `root` lives: `<cache>/index/<hash of the root>.sqlite3`."""
    digest = hashlib.blake2b(str(root).encode("utf-8", "surrogateescape"), digest_size=10).hexdigest()
    return cache_root() / "index" / f"{digest}.sqlite3"


def join_blocks(texts: list[str]) -> str:
    """The `texts.body` of these block texts (`split_body` gives them back)."""
    body = BLOCK_SEP.join(texts)
    if body.count(BLOCK_SEP) != max(0, len(texts) - 1):  # a reader let one through
        body = BLOCK_SEP.join(t.replace(BLOCK_SEP, " ") for t in texts)
    return body


@dataclass(slots=True)
class ParsedFile:
    """What a worker sends back for one file: small, picklable, everything the DB needs.

    `body` and `tokens` are UTF-8 bytes, stored as TEXT: they cross from the worker to the
    parent as a pickle, and pickling a str re-encodes it (unpickling decodes it, SQLite
    encodes it again); bytes are copied."""

    rel: str
    size: int
    mtime_ns: int
    title: str
    fingerprint: str = ""
    date: str | None = None
    author: str | None = None
    metadata: str = "{}"
    outline: str = "[]"
    prev_title: str | None = None
    next_title: str | None = None
    cjk_chars: int = 0
    words: int = 0
    error: str | None = None
    body: bytes = b""
    nblocks: int = 0
    tokens: bytes = b""
    #: `parser_tag` of the parse ("" = the plain `parser_version()`).
    parser: str = ""


@dataclass(slots=True)
class StoredArticle:
    """One row of `articles`, as `open_cached` turns it into a library entry."""

    id: int
    rel: str
    size: int
    mtime_ns: int
    parser: str
    fingerprint: str
    title: str
    date: str | None
    author: str | None
    prev_title: str | None
    next_title: str | None
    cjk_chars: int
    words: int
    error: str | None


class IndexDB:
    """An open index file (or an in-memory stand-in when the cache cannot be written).

    Every public method is cheap to call from any one thread; use one `IndexDB` per thread
    (SQLite connections are not shared). Writers and readers may run at once (WAL).
    """

    def __init__(self, conn: sqlite3.Connection, path: Path | None, notices: list[str]) -> None:
        self.conn = conn
        self.path = path
        self.notices = notices
        self.has_fts = _has_table(conn, "fts")

    @property
    def in_memory(self) -> bool:
        return self.path is None

    # -- opening -----------------------------------------------------------------------

    @classmethod
    def open(cls, root: Path, *, create: bool = True) -> IndexDB:
        """Open (or create) the index of `root`. Never raises for a bad or unwritable file:
        a corrupt or foreign file is moved aside and rebuilt, an unwritable cache falls back
        to an in-memory index; either way a one-line notice is left in `notices`."""
        notices: list[str] = []
        path = db_path(root)
        try:
            conn = _open_file(path, root, notices, create=create)
        except (OSError, sqlite3.Error) as exc:
            reason = _reason(exc)
            notices.append(f"Library index cannot be written ({path.parent}: {reason}); using a temporary in-memory index.")
            return cls(_memory_conn(root), None, notices)
        return cls(conn, path, notices)

    def close(self) -> None:
        if self.path is None:
            return  # the shared in-memory index lives as long as the process
        try:
            self.conn.close()
        except sqlite3.Error:  # pragma: no cover - closing never matters
            pass

    # -- reading -----------------------------------------------------------------------

    def stored(self) -> list[StoredArticle]:
        """All article rows in library order."""
        rows = self.conn.execute(
            "SELECT id, rel, size, mtime_ns, parser, fingerprint, title, date, author,"
            " prev_title, next_title, cjk_chars, words, error FROM articles ORDER BY ord, id"
        ).fetchall()
        return [StoredArticle(*row) for row in rows]

    def outline(self, article_id: int) -> list[tuple[int, str, int]]:
        """(level, title, block) of the article's outline, for the section of a search hit."""
        row = self.conn.execute("SELECT outline FROM articles WHERE id = ?", (article_id,)).fetchone()
        if row is None:
            return []
        try:
            return [(int(e[0]), str(e[1]), int(e[2])) for e in json.loads(row[0])]
        except (ValueError, TypeError, IndexError):
            return []

    def block_texts(self, article_id: int) -> list[str]:
        """All block texts of one article, in order."""
        row = self.conn.execute("SELECT body FROM texts WHERE id = ?", (article_id,)).fetchone()
        return split_body(row[0]) if row is not None else []

    # -- writing -----------------------------------------------------------------------

    def write(self, parsed: Iterable[ParsedFile]) -> None:
        """Insert or replace the rows of these files, in one transaction."""
        conn = self.conn
        with conn:
            dead = 0
            for pf in parsed:
                old = conn.execute("SELECT id FROM articles WHERE rel = ?", (pf.rel,)).fetchone()
                if old is not None:
                    self._delete_ids(conn, [old[0]])
                    dead += 1
                cur = conn.execute(
                    "INSERT INTO articles(rel, size, mtime_ns, parser, fingerprint, title, date, author,"
                    " metadata, outline, prev_title, next_title, cjk_chars, words, blocks, error, ord)"
                    " VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    (
                        pf.rel, pf.size, pf.mtime_ns, pf.parser or parser_version(), pf.fingerprint, pf.title, pf.date,
                        pf.author, pf.metadata, pf.outline, pf.prev_title, pf.next_title, pf.cjk_chars,
                        pf.words, pf.nblocks, pf.error, 1 << 40,
                    ),
                )
                aid = int(cur.lastrowid or 0)
                if pf.nblocks:
                    # CAST: bytes bind as a BLOB; as TEXT they are searchable (LIKE, instr).
                    conn.execute("INSERT INTO texts(id, body) VALUES(?, CAST(? AS TEXT))", (aid, pf.body))
                if self.has_fts and pf.tokens:
                    conn.execute("INSERT INTO fts(rowid, tokens) VALUES(?, CAST(? AS TEXT))", (aid, pf.tokens))
            if dead:
                self._add_dead(conn, dead)

    def delete(self, rels: Iterable[str]) -> int:
        """Drop the rows of files that are gone; returns how many."""
        conn = self.conn
        with conn:
            ids = []
            for rel in rels:
                row = conn.execute("SELECT id FROM articles WHERE rel = ?", (rel,)).fetchone()
                if row is not None:
                    ids.append(row[0])
            self._delete_ids(conn, ids)
            self._add_dead(conn, len(ids))
        return len(ids)

    def set_order(self, rels: list[str], tag: str = "") -> None:
        """Record the library order (search lists hits in this order, and `open_cached`
        trusts it while `tag` — the order setting and manifest it came from — is the same)."""
        with self.conn:
            self.conn.executemany("UPDATE articles SET ord = ? WHERE rel = ?", ((i, rel) for i, rel in enumerate(rels)))
            self.conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES('order_tag', ?)", (tag,))

    def order_tag(self) -> str | None:
        """The tag given to the last `set_order` (None before the first)."""
        return self._meta("order_tag")

    def meta(self, key: str) -> str | None:
        """A value of the `meta` table (None when unset)."""
        return self._meta(key)

    def places(self, rels: list[str]) -> dict[str, int]:
        """The library-order place (`ord`) of these files, to give back after `write`
        (which queues a rewritten row last until the next `set_order`)."""
        places: dict[str, int] = {}
        for rel in rels:
            row = self.conn.execute("SELECT ord FROM articles WHERE rel = ?", (rel,)).fetchone()
            if row is not None:
                places[rel] = int(row[0])
        return places

    def restore_places(self, places: dict[str, int]) -> None:
        """Put rewritten rows back where `places` says they were."""
        with self.conn:
            self.conn.executemany("UPDATE articles SET ord = ? WHERE rel = ?", ((o, r) for r, o in places.items()))

    def maybe_rebuild_fts(self) -> bool:
        """Rebuild the FTS table when dead rows outnumber live ones (and are many)."""
        if not self.has_fts:
            return False
        dead = int(self._meta("fts_dead") or 0)
        live = self.conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        if dead < 500 or dead < live:
            return False
        self.rebuild_fts()
        return True

    def rebuild_fts(self) -> None:
        """Re-create the FTS table from the stored block texts (slow; rare)."""
        conn = self.conn
        with conn:
            conn.execute("DROP TABLE IF EXISTS fts")
            conn.execute(_FTS_SCHEMA)
            rows = conn.execute(
                "SELECT a.id, a.title, coalesce(t.body, '') FROM articles a LEFT JOIN texts t ON t.id = a.id"
                " WHERE a.error IS NULL"
            ).fetchall()
            for aid, title, body in rows:
                tokens = index_tokens(title + "\n" + body)
                if tokens:
                    conn.execute("INSERT INTO fts(rowid, tokens) VALUES(?, ?)", (aid, tokens))
            conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES('fts_dead', '0')")

    def optimize(self) -> None:
        """Merge FTS segments and checkpoint the WAL after a big write (faster queries)."""
        try:
            if self.has_fts:
                with self.conn:
                    self.conn.execute("INSERT INTO fts(fts) VALUES('optimize')")
            self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        except sqlite3.Error:
            pass

    # -- helpers -----------------------------------------------------------------------

    @staticmethod
    def _delete_ids(conn: sqlite3.Connection, ids: list[int]) -> None:
        for aid in ids:
            conn.execute("DELETE FROM texts WHERE id = ?", (aid,))
            conn.execute("DELETE FROM articles WHERE id = ?", (aid,))

    def _add_dead(self, conn: sqlite3.Connection, n: int) -> None:
        if n:
            dead = int(self._meta("fts_dead") or 0) + n
            conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES('fts_dead', ?)", (str(dead),))

    def _meta(self, key: str) -> str | None:
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])


def split_body(body: str) -> list[str]:
    """The block texts of a `texts.body` (the inverse of `join_blocks`)."""
    return body.split(BLOCK_SEP) if body else []


def _has_table(conn: sqlite3.Connection, name: str) -> bool:
    row = conn.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (name,)).fetchone()
    return row is not None


def _reason(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror.lower()
    return str(exc).splitlines()[0] if str(exc) else type(exc).__name__


def _configure(conn: sqlite3.Connection, *, wal: bool) -> None:
    conn.execute("PRAGMA busy_timeout = 5000")
    if wal:
        conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("PRAGMA cache_size = -32000")
    conn.execute("PRAGMA temp_store = MEMORY")


def _create(conn: sqlite3.Connection, root: Path) -> None:
    conn.executescript(_SCHEMA)
    if fts_available():
        conn.execute(_FTS_SCHEMA)
    with conn:
        conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES('root', ?)", (str(root),))
        conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES('created', ?)", (time.strftime("%Y-%m-%dT%H:%M:%S"),))
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


#: Fallback indexes (cache not writable), one per root, shared by every thread of the
#: process: the refresh worker and the search must see the same rows. SQLite serialises
#: calls on one connection, which is all this degraded mode needs.
_MEMORY: dict[Path, sqlite3.Connection] = {}
_MEMORY_LOCK = threading.Lock()


def _memory_conn(root: Path) -> sqlite3.Connection:
    with _MEMORY_LOCK:
        conn = _MEMORY.get(root)
        if conn is None:
            conn = sqlite3.connect(":memory:", check_same_thread=False)
            _configure(conn, wal=False)
            _create(conn, root)
            _MEMORY[root] = conn
        return conn


def _check(conn: sqlite3.Connection) -> str | None:
    """Why this file is not a usable index of ours: None when it is, "fresh" when empty."""
    app_id = conn.execute("PRAGMA application_id").fetchone()[0]
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if app_id == 0 and version == 0 and not conn.execute("SELECT 1 FROM sqlite_master").fetchone():
        return "fresh"
    if app_id != APPLICATION_ID:
        return "not a tuireader index"
    if version != SCHEMA_VERSION:
        return "old" if version < SCHEMA_VERSION else "newer format"
    # Cheap structural check: the tables we need are there and readable.
    conn.execute("SELECT id, rel, ord FROM articles LIMIT 1").fetchall()
    conn.execute("SELECT id, body FROM texts LIMIT 1").fetchall()
    return None


def _open_file(path: Path, root: Path, notices: list[str], *, create: bool) -> sqlite3.Connection:
    path.parent.mkdir(parents=True, exist_ok=True)
    if not os.access(path.parent, os.W_OK):
        raise PermissionError(13, "Permission denied")
    for attempt in range(2):
        conn: sqlite3.Connection | None = None
        try:
            conn = sqlite3.connect(path, timeout=5.0, check_same_thread=False)
            problem = _check(conn)
            if problem is None or problem == "fresh":
                _configure(conn, wal=True)
                if problem == "fresh":
                    _create(conn, root)
                return conn
            conn.close()
            conn = None
            if problem == "old":
                _remove(path)  # our own older layout: rebuild quietly
                continue
            aside = _move_aside(path)
            notices.append(f"Library index {path.name} was {problem}; moved it to {aside.name} and rebuilt it.")
        except sqlite3.DatabaseError as exc:
            if conn is not None:
                conn.close()
            if isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc):
                raise
            if attempt:
                raise
            aside = _move_aside(path)
            notices.append(f"Library index {path.name} was damaged ({_reason(exc)}); moved it to {aside.name} and rebuilt it.")
    raise sqlite3.DatabaseError("index could not be rebuilt")


def _move_aside(path: Path) -> Path:
    aside = path.with_name(f"{path.name}.broken-{time.strftime('%Y%m%d-%H%M%S')}")
    os.replace(path, aside)
    for suffix in ("-wal", "-shm"):
        try:
            os.remove(str(path) + suffix)
        except FileNotFoundError:
            pass
    return aside


def _remove(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        try:
            os.remove(str(path) + suffix)
        except FileNotFoundError:
            pass
