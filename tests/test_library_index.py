"""The SQLite library index: open_cached/refresh, change detection, damaged files, fallback."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tuireader.ingest.load import load_article
from tuireader.library import index as index_mod
from tuireader.library.catalog import Library
from tuireader.library.index import IndexDB, db_path
from tuireader.library.search import search

ZH = "中文标题\n\n一、第一部分\n\n这是数据。\n\n二、第二部分\n\n大数据时代。\n"
EN = "# The Title\n\nIntro para.\n\n## First Part\n\nBig Data is here.\n"


def make_library(root: Path, n: int = 3) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "a.txt").write_text(ZH, encoding="utf-8")
    (root / "b.md").write_text(EN, encoding="utf-8")
    for i in range(n - 2):
        (root / f"c{i}.txt").write_text(f"Title {i}\n\nParagraph number {i}.\n", encoding="utf-8")
    return root


def test_open_cached_is_empty_until_refresh_then_fast_path_has_everything(tmp_path: Path) -> None:
    root = make_library(tmp_path / "lib")
    lib = Library.open_cached(root)
    assert lib.entries == []
    seen: list[tuple[int, int]] = []
    result = lib.refresh(progress=lambda done, total: seen.append((done, total)))
    assert result.added == 3 and result.errors == 0 and not result.cancelled
    assert [e.rel for e in lib.entries] == ["a.txt", "b.md", "c0.txt"]
    assert seen[-1] == (3, 3)
    again = Library.open_cached(root)
    assert [(e.rel, e.title, e.fingerprint) for e in again.entries] == [
        (e.rel, e.title, e.fingerprint) for e in lib.entries
    ]
    assert again.entries[0].title == "中文标题"
    assert again.entries[0].cjk_chars > 0 and again.entries[1].words > 0


def test_cached_entries_match_a_full_parse(tmp_path: Path) -> None:
    root = make_library(tmp_path / "lib", n=5)
    Library.open_cached(root).refresh()
    cached = Library.open_cached(root).entries
    parsed = Library.open(root).entries
    assert cached == parsed


def test_refresh_parses_only_new_and_changed_and_drops_deleted(tmp_path: Path) -> None:
    root = make_library(tmp_path / "lib", n=4)
    lib = Library.open_cached(root)
    lib.refresh()
    (root / "c0.txt").write_text("Changed title\n\nNew text.\n", encoding="utf-8")
    os.utime(root / "c0.txt", ns=(1, 1_000_000_000))
    (root / "c1.txt").unlink()
    (root / "d.txt").write_text("Fresh\n\nBody.\n", encoding="utf-8")
    result = lib.refresh()
    assert (result.added, result.changed, result.removed, result.unchanged) == (1, 1, 1, 2)
    titles = {e.rel: e.title for e in lib.entries}
    assert titles["c0.txt"] == "Changed title" and "c1.txt" not in titles and titles["d.txt"] == "Fresh"
    assert lib.refresh().parsed == 0


def test_stale_parser_version_rows_are_reparsed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_library(tmp_path / "lib")
    Library.open_cached(root).refresh()
    monkeypatch.setattr(index_mod, "_PARSER_VERSION", "999-other")
    result = Library.open_cached(root).refresh()
    assert result.changed == 3


def test_refresh_can_be_cancelled_and_resumed(tmp_path: Path) -> None:
    root = make_library(tmp_path / "lib", n=6)
    lib = Library.open_cached(root)
    calls = {"n": 0}

    def stop() -> bool:
        calls["n"] += 1
        return calls["n"] > 2

    result = lib.refresh(should_stop=stop, workers=1)
    assert result.cancelled
    before = len(lib.entries)
    assert 0 < before < 6
    assert lib.refresh().parsed == 6 - before
    assert len(lib.entries) == 6


def test_process_pool_gives_the_same_rows_as_in_process(tmp_path: Path) -> None:
    root = make_library(tmp_path / "lib", n=40)
    pooled = Library.open_cached(root)
    pooled.refresh(workers=2)
    other = make_library(tmp_path / "lib2", n=40)
    single = Library.open_cached(other)
    single.refresh(workers=1)
    assert [(e.rel, e.title, e.fingerprint, e.words) for e in pooled.entries] == [
        (e.rel, e.title, e.fingerprint, e.words) for e in single.entries
    ]


def test_garbage_file_is_moved_aside_and_rebuilt_with_a_notice(tmp_path: Path) -> None:
    root = make_library(tmp_path / "lib")
    path = db_path(root.resolve())
    path.parent.mkdir(parents=True)
    path.write_bytes(b"this is not a database at all" * 100)
    lib = Library.open_cached(root)
    assert any("damaged" in n or "not a tuireader index" in n for n in lib.notices)
    assert list(path.parent.glob("*.broken-*"))
    result = lib.refresh()
    assert result.added == 3 and len(lib.entries) == 3


def test_foreign_sqlite_file_is_moved_aside(tmp_path: Path) -> None:
    root = make_library(tmp_path / "lib")
    path = db_path(root.resolve())
    path.parent.mkdir(parents=True)
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE articles(x)")
    conn.commit()
    conn.close()
    lib = Library.open_cached(root)
    assert any("not a tuireader index" in n for n in lib.notices)
    lib.refresh()
    assert len(Library.open_cached(root).entries) == 3


def test_damage_found_during_refresh_rebuilds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_library(tmp_path / "lib")
    lib = Library.open_cached(root)
    lib.refresh()
    real = IndexDB.stored
    calls = {"n": 0}

    def flaky(self: IndexDB) -> list[index_mod.StoredArticle]:
        calls["n"] += 1
        if calls["n"] == 1:
            raise sqlite3.DatabaseError("database disk image is malformed")
        return real(self)

    monkeypatch.setattr(IndexDB, "stored", flaky)
    result = lib.refresh()
    assert any("rebuilt" in n for n in result.notices)
    assert len(lib.entries) == 3


def test_unwritable_cache_falls_back_to_memory_with_a_notice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_library(tmp_path / "lib").resolve()
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("x")
    monkeypatch.setattr(index_mod, "cache_root", lambda: blocker)
    lib = Library.open_cached(root)
    assert any("in-memory" in n for n in lib.notices)
    result = lib.refresh()
    assert len(lib.entries) == 3 and any("in-memory" in n for n in result.notices)
    # The search (another connection, maybe another thread) sees the same in-memory rows.
    assert [h.rel for h in search(root, "数据")] == ["a.txt", "a.txt"]
    index_mod._MEMORY.pop(root, None)


def test_newer_schema_file_is_not_silently_used(tmp_path: Path) -> None:
    root = make_library(tmp_path / "lib")
    Library.open_cached(root).refresh()
    path = db_path(root.resolve())
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {index_mod.SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    lib = Library.open_cached(root)
    assert any("newer format" in n for n in lib.notices)


def test_fts_rebuild_when_garbage_outgrows_live_rows(tmp_path: Path) -> None:
    root = make_library(tmp_path / "lib")
    Library.open_cached(root).refresh()
    db = IndexDB.open(root.resolve())
    try:
        with db.conn:
            db.conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES('fts_dead', '5000')")
        assert db.maybe_rebuild_fts()
        assert db._meta("fts_dead") == "0"
    finally:
        db.close()
    assert [h.block for h in search(root.resolve(), "数据")] == [1, 3]


def test_search_while_a_refresh_writes(tmp_path: Path) -> None:
    """WAL: searches in another thread see committed rows and never fail mid-refresh."""
    import threading

    root = make_library(tmp_path / "lib", n=60).resolve()
    for i in range(60):
        (root / f"z{i}.txt").write_text(f"Z {i}\n\n数据 number {i}.\n" * 20, encoding="utf-8")
    lib = Library.open_cached(root)
    errors: list[BaseException] = []
    counts: list[int] = []
    done = threading.Event()

    def searcher() -> None:
        try:
            while not done.is_set():
                counts.append(len(search(root, "数据", limit=500, per_article=1)))
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    thread = threading.Thread(target=searcher)
    thread.start()
    try:
        lib.refresh(workers=1)
    finally:
        done.set()
        thread.join()
    assert errors == []
    assert counts and counts == sorted(counts)
    assert len(search(root, "数据", limit=500, per_article=1)) == 61


@pytest.mark.parametrize("live", [True, False])
def test_live_refresh_publishes_growing_prefixes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, live: bool) -> None:
    from tuireader.library import indexer

    monkeypatch.setattr(indexer, "WRITE_BATCH_SECONDS", 0.0)
    root = make_library(tmp_path / "lib", n=12)
    lib = Library.open_cached(root)
    seen: list[list[str]] = []
    lib.refresh(progress=lambda done, total: seen.append([e.rel for e in lib.entries]), live=live, workers=1)
    final = [e.rel for e in lib.entries]
    assert all(final[: len(s)] == s for s in seen)
    sizes = [len(s) for s in seen]
    assert sizes == sorted(sizes)
    if live:
        assert len(set(sizes)) > 5
    else:
        assert set(sizes) == {0}
    # Not cold any more: a second live refresh publishes only at the end.
    (root / "new.txt").write_text("New\n\ntext\n", encoding="utf-8")
    seen.clear()
    lib.refresh(progress=lambda done, total: seen.append([e.rel for e in lib.entries]), live=live, workers=1)
    assert all(len(s) == 12 for s in seen) and len(lib.entries) == 13


def test_no_process_pool_falls_back_to_parsing_in_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tuireader.library import indexer

    def no_pool(*args: object, **kwargs: object) -> None:
        raise OSError(38, "Function not implemented")  # e.g. no sem_open in a sandbox

    monkeypatch.setattr(indexer, "ProcessPoolExecutor", no_pool)
    root = make_library(tmp_path / "lib", n=30)
    lib = Library.open_cached(root)
    result = lib.refresh(workers=2)
    assert result.added == 30 and result.errors == 0 and len(lib.entries) == 30


def test_a_broken_pool_finishes_in_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from concurrent.futures import Future
    from concurrent.futures.process import BrokenProcessPool

    from tuireader.library import indexer

    class DyingPool:
        """Runs the first task, then behaves like a pool whose worker was killed."""

        def __init__(self, *args: object, **kwargs: object) -> None:
            self.calls = 0

        def __enter__(self) -> DyingPool:
            return self

        def __exit__(self, *exc: object) -> None:
            return None

        def submit(self, fn: object, root: str, rels: list[str]) -> Future[list[object]]:
            self.calls += 1
            fut: Future[list[object]] = Future()
            if self.calls == 1:
                fut.set_result(indexer.parse_batch(root, rels))  # type: ignore[arg-type]
            else:
                fut.set_exception(BrokenProcessPool("a worker died"))
            return fut

    monkeypatch.setattr(indexer, "ProcessPoolExecutor", DyingPool)
    root = make_library(tmp_path / "lib", n=40)
    lib = Library.open_cached(root)
    result = lib.refresh(workers=2)
    assert result.added == 40 and result.errors == 0 and len(lib.entries) == 40
    assert Library.open_cached(root).refresh().parsed == 0


def test_a_busy_index_is_not_treated_as_damage(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_library(tmp_path / "lib")
    lib = Library.open_cached(root)
    lib.refresh()
    before = list(lib.entries)

    def busy(self: IndexDB) -> list[index_mod.StoredArticle]:
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(IndexDB, "stored", busy)
    result = lib.refresh()
    assert result.cancelled and any("busy" in n for n in result.notices)
    assert lib.entries == before
    assert not list(db_path(root.resolve()).parent.glob("*.broken*"))


@given(st.lists(st.text(max_size=20), max_size=8))
def test_block_texts_round_trip_through_one_text_row(texts: list[str]) -> None:
    """Blocks are stored joined in one row: any text (even the separator or a lone
    surrogate, which no reader lets through) comes back as the same number of blocks."""
    body = index_mod.join_blocks(texts).encode("utf-8", "replace").decode("utf-8")  # as stored
    back = index_mod.split_body(body)
    if texts and body:
        assert len(back) == len(texts)
    clean = [t.encode("utf-8", "replace").decode("utf-8") for t in texts]
    if all(index_mod.BLOCK_SEP not in t for t in texts) and body:
        assert back == clean


def test_stored_blocks_are_the_article_blocks(tmp_path: Path) -> None:
    root = make_library(tmp_path / "lib")
    Library.open_cached(root).refresh()
    db = IndexDB.open(root.resolve())
    try:
        (aid,) = db.conn.execute("SELECT id FROM articles WHERE rel = 'a.txt'").fetchone()
        article = load_article(str(root / "a.txt"))
        assert db.block_texts(aid) == [b.text for b in article.blocks]
    finally:
        db.close()


def test_parser_version_hashes_every_ingest_module() -> None:
    """A fix in any reader (at any depth of the ingest package) must re-parse the library."""
    import tuireader

    package = Path(tuireader.__file__).resolve().parent
    hashed = {p.relative_to(package).as_posix() for p in index_mod.parse_sources()}
    ingest = {p.relative_to(package).as_posix() for p in (package / "ingest").rglob("*.py")}
    assert ingest <= hashed
    assert {"article.py", "library/indexer.py", "ingest/text/reader.py", "ingest/html/reader.py"} <= hashed
    assert not any(name.startswith(("ui/", "store/")) for name in hashed)
