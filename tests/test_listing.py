"""`library.listing.folder_listing`: every file of the folder before the index knows them all,
and indexing at a lower priority than the reader."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from tuireader.library import indexer
from tuireader.library.catalog import Library
from tuireader.library.listing import folder_listing, is_provisional


def write(root: Path, name: str, title: str) -> None:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"{title}\n\n正文。\n", encoding="utf-8")


def test_an_unindexed_folder_is_listed_with_file_name_titles_in_library_order(tmp_path: Path) -> None:
    for name in ("10-ten.txt", "2-two.md", "sub/1-one.txt"):
        write(tmp_path, name, "标题")
    listed = folder_listing(Library.open_cached(tmp_path))
    assert [e.rel for e in listed.entries] == ["2-two.md", "10-ten.txt", "sub/1-one.txt"]
    assert [e.title for e in listed.entries] == ["2 two", "10 ten", "1 one"]
    assert all(is_provisional(e) for e in listed.entries)


def test_indexed_entries_are_kept_new_files_added_and_gone_ones_dropped(tmp_path: Path) -> None:
    write(tmp_path, "a.txt", "甲篇：城市的报告")
    write(tmp_path, "b.txt", "乙篇：乡村的报告")
    Library.open_cached(tmp_path).refresh()
    (tmp_path / "b.txt").unlink()
    write(tmp_path, "c.txt", "丙篇：山中的报告")
    cached = Library.open_cached(tmp_path)
    listed = folder_listing(cached)
    assert [(e.rel, e.title, is_provisional(e)) for e in listed.entries] == [("a.txt", "甲篇：城市的报告", False), ("c.txt", "c", True)]
    unchanged = Library.open_cached(tmp_path)
    unchanged.refresh()
    assert folder_listing(unchanged) is unchanged  # nothing new: the cached library as it is


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="per-thread nice values are Linux's")
def test_the_app_indexes_at_a_lower_priority_in_a_thread_of_its_own() -> None:
    from tuireader.ui.app import INDEX_NICE, _at_low_priority

    before = os.getpriority(os.PRIO_PROCESS, 0)
    seen = _at_low_priority(lambda: os.getpriority(os.PRIO_PROCESS, 0))
    assert seen == min(19, before + INDEX_NICE)
    assert os.getpriority(os.PRIO_PROCESS, 0) == before  # this thread is untouched
    with pytest.raises(ZeroDivisionError):
        _at_low_priority(lambda: 1 // 0)


def test_indexer_workers_lower_their_priority() -> None:
    before = os.getpriority(os.PRIO_PROCESS, 0)
    pid = os.fork() if hasattr(os, "fork") else None
    if pid is None:
        pytest.skip("needs fork")
    if pid == 0:  # the child: what a pool worker runs first
        try:
            indexer._worker_init(nice=min(19, before + 5))
            os._exit(0 if os.getpriority(os.PRIO_PROCESS, 0) == min(19, before + 5) else 1)
        except BaseException:  # noqa: BLE001
            os._exit(2)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0


def test_a_listed_file_keeps_its_encoding_override(tmp_path: Path) -> None:
    """Opened from the early listing, a file is still read with library.toml's encoding."""
    write(tmp_path, "old.txt", "标题")
    write(tmp_path, "new.txt", "标题")
    (tmp_path / "library.toml").write_text('[encodings]\n"old.txt" = "gb18030"\n', encoding="utf-8")
    listed = folder_listing(Library.open_cached(tmp_path))
    assert {e.rel: e.encoding for e in listed.entries} == {"new.txt": None, "old.txt": "gb18030"}
