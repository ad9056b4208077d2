"""`tuireader search` on an index the last refresh left a snapshot in (`library.freshness`):
an unchanged library is searched without a refresh, and every kind of change on disk is
still found (an edit re-parses that file alone; an added, removed or renamed file, a new
parser or an edited library.toml take the full refresh)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tuireader.cli import main
from tuireader.library import catalog, freshness
from tuireader.library import index as index_module
from tuireader.library.catalog import Library
from tuireader.library.index import IndexDB

#: A moment well before any test runs: folders and files are dated here, so no folder is
#: "racy" (modified just before the scan that recorded it).
PAST_NS = 1_600_000_000 * 10**9


def age(root: Path) -> None:
    """Date every folder and file under `root` (and root) in the past."""
    for path in [root, *root.rglob("*")]:
        os.utime(path, ns=(PAST_NS, PAST_NS))


def write(path: Path, text: str, *, when: int = PAST_NS) -> None:
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(when, when))


@pytest.fixture
def lib(tmp_path: Path) -> Path:
    root = tmp_path / "lib"
    (root / "sub").mkdir(parents=True)
    (root / "a.txt").write_text("甲文\n\n这是数据。\n", encoding="utf-8")
    (root / "b.md").write_text("# Bee\n\nA whale of a tale.\n", encoding="utf-8")
    (root / "sub" / "c.txt").write_text("丙文\n\n山中无老虎。\n", encoding="utf-8")
    age(root)
    return root.resolve()


def search_json(root: Path, query: str, capsys: pytest.CaptureFixture[str]) -> list[str]:
    assert main(["search", query, "--library", str(root), "--json"]) == 0
    return sorted(h["path"] for h in json.loads(capsys.readouterr().out))


def check(root: Path) -> freshness.Freshness:
    db = IndexDB.open(root)
    try:
        return freshness.check(db, root, "library")
    finally:
        db.close()


def count_refreshes(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    calls: list[int] = []
    real = Library.refresh

    def counted(self: Library, *args: object, **kwargs: object) -> object:
        calls.append(1)
        return real(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Library, "refresh", counted)
    return calls


def test_a_refresh_leaves_a_snapshot_and_an_unchanged_library_is_fresh(lib: Path) -> None:
    Library.open_cached(lib).refresh()
    found = check(lib)
    assert found.fresh and found.articles == 3


def test_an_unchanged_library_is_searched_without_a_refresh(
        lib: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    assert search_json(lib, "数据", capsys) == [str(lib / "a.txt")]  # first: the full refresh
    refreshes = count_refreshes(monkeypatch)
    assert search_json(lib, "whale", capsys) == [str(lib / "b.md")]
    assert refreshes == []


def test_a_file_edited_in_place_is_re_parsed_alone(
        lib: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    search_json(lib, "数据", capsys)
    write(lib / "sub" / "c.txt", "丙文\n\n数据在山中。\n", when=PAST_NS + 10**9)
    os.utime(lib / "sub", ns=(PAST_NS, PAST_NS))  # an edit in place leaves the folder alone
    found = check(lib)
    assert not found.fresh and found.changed == ["sub/c.txt"]
    refreshes = count_refreshes(monkeypatch)
    assert search_json(lib, "数据", capsys) == [str(lib / "a.txt"), str(lib / "sub" / "c.txt")]
    assert search_json(lib, "老虎", capsys) == []
    assert refreshes == []
    assert check(lib).fresh  # the snapshot follows the edit
    # The edited article kept its place in the library order.
    assert [e.rel for e in Library.open_cached(lib).entries] == ["a.txt", "b.md", "sub/c.txt"]


def test_same_size_same_second_edit_is_seen_by_its_nanoseconds(lib: Path, capsys: pytest.CaptureFixture[str]) -> None:
    search_json(lib, "数据", capsys)
    write(lib / "a.txt", "甲文\n\n这是老虎。\n", when=PAST_NS + 1)  # same length, 1 ns later
    os.utime(lib, ns=(PAST_NS, PAST_NS))
    assert search_json(lib, "老虎", capsys) == [str(lib / "a.txt"), str(lib / "sub" / "c.txt")]


@pytest.mark.parametrize("change", ["add", "remove", "rename", "add-in-subfolder", "new-subfolder"])
def test_added_removed_and_renamed_files_take_the_full_refresh(
        lib: Path, change: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    search_json(lib, "数据", capsys)
    expected = [str(lib / "a.txt")]
    if change == "add":
        (lib / "d.txt").write_text("丁文\n\n更多数据。\n", encoding="utf-8")
        expected.append(str(lib / "d.txt"))
    elif change == "remove":
        (lib / "a.txt").unlink()
        expected = []
    elif change == "rename":
        (lib / "a.txt").rename(lib / "z.txt")
        expected = [str(lib / "z.txt")]
    elif change == "add-in-subfolder":
        (lib / "sub" / "d.txt").write_text("丁文\n\n更多数据。\n", encoding="utf-8")
        expected.append(str(lib / "sub" / "d.txt"))
    else:
        (lib / "sub" / "deeper").mkdir()
        (lib / "sub" / "deeper" / "d.txt").write_text("丁文\n\n更多数据。\n", encoding="utf-8")
        expected.append(str(lib / "sub" / "deeper" / "d.txt"))
    found = check(lib)
    assert not found.fresh and found.changed is None
    refreshes = count_refreshes(monkeypatch)
    assert search_json(lib, "数据", capsys) == sorted(expected)
    assert refreshes == [1]


def test_a_folder_changed_just_before_the_scan_is_not_trusted(tmp_path: Path) -> None:
    root = tmp_path / "lib"
    root.mkdir()
    (root / "a.txt").write_text("甲文\n\n这是数据。\n", encoding="utf-8")  # dated now
    Library.open_cached(root).refresh()
    found = check(root.resolve())
    assert not found.fresh and "just before" in found.reason


def test_a_new_parser_or_an_edited_manifest_takes_the_full_refresh(
        lib: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    Library.open_cached(lib).refresh()
    monkeypatch.setattr(index_module, "_PARSER_VERSION", "999-new")
    monkeypatch.setattr(freshness, "parser_version", lambda: "999-new")
    assert "parser" in check(lib).reason
    Library.open_cached(lib).refresh()
    assert check(lib).fresh
    (lib / "library.toml").write_text('title = "Mine"\norder = ["b.md"]\n', encoding="utf-8")
    found = check(lib)
    assert not found.fresh and found.changed is None and "library.toml" in found.reason


def test_an_interrupted_refresh_leaves_no_snapshot(lib: Path) -> None:
    Library.open_cached(lib).refresh()
    assert check(lib).fresh
    (lib / "d.txt").write_text("丁文\n\n更多。\n", encoding="utf-8")
    result = Library.open_cached(lib).refresh(should_stop=lambda: True)
    assert result.cancelled
    assert "no snapshot" in check(lib).reason


def test_a_library_with_problems_gets_no_snapshot(lib: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tuireader.library import indexer

    real = indexer.scan_folder

    def with_problem(root: Path, excluded: object = lambda rel: False) -> indexer.Scan:
        scan = real(root, excluded)  # type: ignore[arg-type]
        scan.problems["locked/"] = "folder cannot be read: permission denied"
        return scan

    monkeypatch.setattr(indexer, "scan_folder", with_problem)
    Library.open_cached(lib).refresh()
    assert "no snapshot" in check(lib).reason


def test_a_damaged_snapshot_means_a_full_refresh(lib: Path, capsys: pytest.CaptureFixture[str]) -> None:
    Library.open_cached(lib).refresh()
    db = IndexDB.open(lib)
    with db.conn:
        db.conn.execute("UPDATE meta SET value = '{not json' WHERE key = ?", (freshness.SNAPSHOT_KEY,))
    db.close()
    assert not check(lib).fresh
    assert search_json(lib, "数据", capsys) == [str(lib / "a.txt")]
    assert check(lib).fresh


# -- property: whatever happened on disk, the fast path answers as a full rebuild would --------

WORDS = ["数据", "老虎", "whale", "river"]
EDITS = st.lists(
    st.tuples(st.sampled_from(["add", "edit", "remove", "edit-same-size"]),
              st.integers(0, 5), st.sampled_from(WORDS)),
    min_size=1, max_size=6,
)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edits=EDITS)
def test_search_after_any_edits_matches_a_full_rebuild(
        tmp_path_factory: pytest.TempPathFactory, edits: list[tuple[str, int, str]]) -> None:
    root = tmp_path_factory.mktemp("prop").resolve()
    for i in range(3):
        write(root / f"f{i}.txt", f"第{i}篇\n\n{WORDS[i]}在这里。\n")
    age(root)
    Library.open_cached(root).refresh()
    tick = PAST_NS
    for op, i, word in edits:
        tick += 10**9
        path = root / f"f{i}.txt"
        existed = path.exists()
        folder_mtime = root.stat().st_mtime_ns
        if op == "remove":
            if path.exists():
                path.unlink()
        elif op == "edit-same-size" and path.exists():
            text = path.read_text(encoding="utf-8")
            write(path, text[::-1] if len(text) > 1 else text, when=tick)
        else:
            write(path, f"第{i}篇\n\n{word}，第{tick}次。\n", when=tick)
        if existed and path.exists():
            # An edit in place leaves the folder's mtime alone (an add or remove cannot).
            os.utime(root, ns=(folder_mtime, folder_mtime))
    from tuireader.cli.search_cmd import up_to_date

    up_to_date(root, "library", show=False)
    fast = {s.rel: (s.title, s.fingerprint) for s in _stored(root)}
    expected: dict[str, tuple[str, str]] = {}
    for path in sorted(root.glob("*.txt")):
        row = catalog.Library.open(root).entries[catalog.Library.open(root).index_of(path) or 0]
        expected[path.name] = (row.title, row.fingerprint)
    assert fast == expected


def _stored(root: Path) -> list[index_module.StoredArticle]:
    db = IndexDB.open(root)
    try:
        return db.stored()
    finally:
        db.close()
