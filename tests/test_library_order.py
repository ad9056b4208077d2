"""Library order: natural sort, config order by date/title, neighbours via declared links."""

from __future__ import annotations

from pathlib import Path

from tuireader.library.catalog import (
    Library,
    LibraryEntry,
    count_text,
    natural_key,
    order_entries,
    reading_minutes,
)
from tuireader.library.manifest import Manifest


def entry(rel: str, title: str = "", date: str | None = None, prev: str | None = None, nxt: str | None = None) -> LibraryEntry:
    return LibraryEntry(path=Path("/lib") / rel, rel=rel, title=title or rel, date=date, prev_title=prev, next_title=nxt)


def test_natural_order_of_paths() -> None:
    rels = ["10.txt", "2.txt", "a/1.txt", "1.txt", "B.txt"]
    assert [e.rel for e in order_entries([entry(r) for r in rels], Manifest())] == ["1.txt", "2.txt", "10.txt", "a/1.txt", "B.txt"]
    assert natural_key("ch2") < natural_key("ch10")


def test_order_by_date_and_title() -> None:
    es = [entry("a.txt", "Zeta", "2024-03-01"), entry("b.txt", "alpha", None), entry("c.txt", "Beta", "2023-01-05")]
    assert [e.rel for e in order_entries(es, Manifest(), "date")] == ["c.txt", "a.txt", "b.txt"]
    assert [e.rel for e in order_entries(es, Manifest(), "title")] == ["b.txt", "c.txt", "a.txt"]


def test_set_order_and_unknown_order(tmp_path: Path) -> None:
    for name, title in (("1.txt", "Bravo"), ("2.txt", "Alpha")):
        (tmp_path / name).write_text(f"{title}\n\ntext\n", encoding="utf-8")
    lib = Library.open(tmp_path)
    assert [e.title for e in lib.entries] == ["Bravo", "Alpha"]
    lib.set_order("title")
    assert [e.title for e in lib.entries] == ["Alpha", "Bravo"]
    lib.set_order("nonsense")
    assert lib.order == "library" and [e.title for e in lib.entries] == ["Bravo", "Alpha"]


def test_neighbour_follows_declared_links_else_order() -> None:
    lib = Library(root=Path("/lib"))
    lib.entries = [
        entry("1.txt", "One", nxt="Three"),
        entry("2.txt", "Two", prev="Not in library"),
        entry("3.txt", "Three", prev="O n e"),
    ]
    assert lib.neighbour(0, +1) == 2
    assert lib.neighbour(0, -1) is None
    assert lib.neighbour(1, -1) == 0
    assert lib.neighbour(2, -1) == 0
    assert lib.neighbour(2, +1) is None


def test_count_text_and_reading_minutes() -> None:
    assert count_text("数据很大。 big data, here — 2024") == (4, 4)
    assert count_text("") == (0, 0)
    assert reading_minutes(0, 0) == 0
    assert reading_minutes(400, 0) == 1 and reading_minutes(4000, 2300) == 20


def test_index_of_accepts_relative_and_absolute(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "x.txt").write_text("X\n\ny\n", encoding="utf-8")
    lib = Library.open(tmp_path)
    assert lib.index_of("sub/x.txt") == 0
    assert lib.index_of(tmp_path / "sub" / ".." / "sub" / "x.txt") == 0
    assert lib.index_of("nope.txt") is None
