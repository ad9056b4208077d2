"""Pilot tests: a book (EPUB) in the reader. `n`/`p` go from chapter to chapter, then on to
the next/previous library entry at either end; the outline is the book's TOC; `]`/`}` move
by its sections; a bookmark names the chapter; a bad book is one line, not a crash."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest

from epub_helpers import write_book
from tuireader.library.catalog import Library
from tuireader.store.config import Config
from tuireader.ui.app import ReaderApp, make_app
from tuireader.ui.screens.reader import ReaderScreen

SIZE = (100, 30)
WORDS = ("A long paragraph of a chapter, long enough to fill some lines of the screen when it is "
         "laid out at eighty cells, number {n}.")


def _chapter(title: str, n: int = 12) -> tuple[str, list[str]]:
    return title, [WORDS.format(n=f"{title} {k}") for k in range(n)]


@pytest.fixture
def library(tmp_path: Path) -> Path:
    root = tmp_path / "lib"
    root.mkdir()
    (root / "00-before.md").write_text("# Before\n\nThe article before the book.\n", encoding="utf-8")
    toc = [(1, "Part One", "text/ch1.xhtml"), (2, "Chapter One", "text/ch1.xhtml"),
           (2, "Chapter Two", "text/ch2.xhtml"), (1, "Part Two", "text/ch3.xhtml"),
           (2, "Chapter Three", "text/ch3.xhtml")]
    write_book(root / "01-book.epub", [_chapter("Chapter One"), _chapter("Chapter Two"), _chapter("Chapter Three")],
               toc=toc, title="The Test Book")
    (root / "02-after.md").write_text("# After\n\nThe article after the book.\n", encoding="utf-8")
    return root


def build(path: Path) -> ReaderApp:
    return make_app(str(path), config=Config(), library=Library.open(path.parent), refresh=False)


async def reader(pilot: Any) -> ReaderScreen:
    for _ in range(50):
        await pilot.pause()
        screen = pilot.app.screen
        if isinstance(screen, ReaderScreen) and screen.view.layout_ is not None:
            screen.view.finish_layout()
            await pilot.pause()
            return screen
    raise AssertionError(f"no reader screen, got {pilot.app.screen!r}")


def top_text(screen: ReaderScreen) -> str:
    article = screen.article
    assert article is not None
    return article.blocks[screen.view.top_position()[0]].text


async def test_book_opens_with_its_toc_as_nested_outline(library: Path) -> None:
    app = build(library / "01-book.epub")
    async with app.run_test(size=SIZE) as pilot:
        screen = await reader(pilot)
        assert str(screen.query_one("#reader-title").render()) == "The Test Book"
        article = screen.article
        assert article is not None and article.format == "epub"
        assert [(e.level, e.title) for e in article.outline] == [
            (1, "Part One"), (2, "Chapter One"), (2, "Chapter Two"), (1, "Part Two"), (2, "Chapter Three")]
        assert [c.title for c in article.chapters] == ["Chapter One", "Chapter Two", "Chapter Three"]


async def test_n_and_p_move_by_chapter_then_by_library_entry(library: Path) -> None:
    app = build(library / "01-book.epub")
    async with app.run_test(size=SIZE) as pilot:
        screen = await reader(pilot)
        await pilot.press("n", "n")
        await pilot.pause()
        assert top_text(screen) == "Chapter Two"
        await pilot.press("n")
        await pilot.pause()
        assert top_text(screen) == "Chapter Three"
        await pilot.press("p")
        await pilot.pause()
        assert top_text(screen) == "Chapter Two"
        await pilot.press("n", "n")  # past the last chapter: the next library entry
        screen = await reader(pilot)
        assert screen.article is not None and screen.article.title == "After"
        await pilot.press("p")  # back to the book, where it was left (the last chapter)
        screen = await reader(pilot)
        assert screen.article is not None and screen.article.title == "The Test Book"
        assert top_text(screen) == "Chapter Three"
        await pilot.press("p", "p")
        await pilot.pause()
        assert top_text(screen) == "Chapter One"
        await pilot.press("p")  # before the first chapter: the previous library entry
        screen = await reader(pilot)
        assert screen.article is not None and screen.article.title == "Before"


async def test_n_from_the_title_goes_to_the_first_chapter_start(library: Path) -> None:
    app = build(library / "01-book.epub")
    async with app.run_test(size=SIZE) as pilot:
        screen = await reader(pilot)
        assert screen.view.in_header
        await pilot.press("n")
        await pilot.pause()
        assert top_text(screen) == "Chapter One" and not screen.view.in_header


async def test_sections_keys_follow_the_book_toc(library: Path) -> None:
    app = build(library / "01-book.epub")
    async with app.run_test(size=SIZE) as pilot:
        screen = await reader(pilot)
        await pilot.press("right_curly_bracket")
        await pilot.pause()
        assert top_text(screen) == "Chapter One"  # Part One starts there
        await pilot.press("right_curly_bracket")
        await pilot.pause()
        assert top_text(screen) == "Chapter Three"  # Part Two
        await pilot.press("left_square_bracket")
        await pilot.pause()
        assert top_text(screen) == "Chapter Two"


async def test_bookmark_names_the_chapter(library: Path) -> None:
    app = build(library / "01-book.epub")
    async with app.run_test(size=SIZE) as pilot:
        screen = await reader(pilot)
        await pilot.press("n", "n", "n", "j")
        await pilot.pause()
        await pilot.press("b")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        marks = app.bookmarks.for_article(app.library.root, "01-book.epub", screen._fingerprint)  # type: ignore[attr-defined]
        assert marks and marks[-1].section == ["Part Two", "Chapter Three"]


async def test_a_bad_book_is_one_line_in_the_reader(library: Path) -> None:
    (library / "01-book.epub").write_bytes(b"PK\x03\x04 not really a zip")
    app = build(library / "01-book.epub")
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(30):
            await pilot.pause()
        screen = pilot.app.screen
        assert isinstance(screen, ReaderScreen)
        assert screen.error is not None and "not an EPUB" in screen.error
        assert "\n" not in screen.error


@pytest.fixture
def big_book(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, threading.Event]:
    """A book big enough to open from its head (the first chapters), and a gate that holds
    the parse of the whole until it is set."""
    import tuireader.ui.screens.reader as reader_module
    from tuireader.ingest import load_article

    root = tmp_path / "big"
    root.mkdir()
    write_book(root / "01-big.epub", [_chapter(f"Chapter {n}", 260) for n in range(1, 16)], title="Big Book")
    (root / "02-after.md").write_text("# After\n\nThe article after the book.\n", encoding="utf-8")
    event = threading.Event()

    def slow_load(path: Any, **kw: Any) -> Any:
        event.wait(20)
        return load_article(path, **kw)

    monkeypatch.setattr(reader_module, "load_article", slow_load)
    return root / "01-big.epub", event


async def test_big_book_opens_from_its_head_and_n_past_it_waits_for_the_whole(
        big_book: tuple[Path, threading.Event]) -> None:
    path, gate = big_book
    app = make_app(str(path), config=Config(), library=Library.open(path.parent), refresh=False)
    async with app.run_test(size=SIZE) as pilot:
        screen = await reader(pilot)
        head = screen.article
        assert head is not None and head.partial and len(head.chapters) < 15
        for _ in range(len(head.chapters)):  # from the title: to each chapter of the head
            await pilot.press("n")
        await pilot.pause()
        assert top_text(screen) == f"Chapter {len(head.chapters)}"
        await pilot.press("n")
        await pilot.pause()
        assert screen.showing_head  # n past the head's last chapter: waiting, not moved on
        assert screen.article is head
        gate.set()
        for _ in range(400):
            await pilot.pause(0.02)
            if screen.article is not None and not screen.article.partial:
                break
        await pilot.pause(0.1)
        whole = screen.article
        assert whole is not None and not whole.partial and len(whole.chapters) == 15
        assert top_text(screen) == f"Chapter {len(head.chapters) + 1}"  # the waiting n, done
