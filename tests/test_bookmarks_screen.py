"""Pilot tests of the bookmarks screen and the note prompt, in a tiny host app."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from textual.app import App
from textual.widgets import Input, OptionList

from tuireader.article import Article, Block, OutlineEntry
from tuireader.store.bookmarks import Bookmark, BookmarkStore
from tuireader.ui.screens.bookmarks import BookmarksScreen, NoteDialog

UNSET: Any = object()


def article(title: str, texts: list[str]) -> Article:
    blocks = [Block("heading", "Part one", level=1)] + [Block("paragraph", t) for t in texts]
    return Article(title=title, blocks=blocks, outline=[OutlineEntry(1, None, "Part one", 0)])


class Host(App[None]):
    """Just enough of ReaderApp for the screen: `bookmarks` and `library`."""

    def __init__(self, store: BookmarkStore, root: Path) -> None:
        super().__init__()
        self.bookmarks = store
        self.library = SimpleNamespace(root=root, entries=[])
        self.result: Any = UNSET

    def on_mount(self) -> None:
        self.push_screen(BookmarksScreen(), self._done)

    def _done(self, result: Bookmark | None) -> None:
        self.result = result


class NoteHost(App[None]):
    def __init__(self, initial: str = "") -> None:
        super().__init__()
        self.initial = initial
        self.result: Any = UNSET

    def on_mount(self) -> None:
        self.push_screen(NoteDialog(self.initial), self._done)

    def _done(self, result: str | None) -> None:
        self.result = result


def make_store(tmp_path: Path) -> tuple[BookmarkStore, list[Bookmark]]:
    store = BookmarkStore(tmp_path / "bookmarks.toml")
    a = article("Alpha [bold]", ["First alpha paragraph.", "Second alpha paragraph."])
    b = article("Beta", ["Only beta paragraph, with a [@click=quit] trap."])
    marks = [
        store.add(tmp_path, "alpha.txt", a, 1, note="note one"),
        store.add(tmp_path, "alpha.txt", a, 2),
        store.add(tmp_path, "beta.txt", b, 1, note="beta note"),
    ]
    return store, marks


def shown_ids(app: App[None]) -> list[str]:
    ol = app.screen.query_one("#bookmarks-list", OptionList)
    return [o.id for o in ol.options if o.id is not None]


async def test_lists_grouped_newest_first_and_enter_opens(tmp_path: Path) -> None:
    store, marks = make_store(tmp_path)
    app = Host(store, tmp_path)
    async with app.run_test() as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, BookmarksScreen)
        ids = shown_ids(app)
        assert set(ids) == {m.id for m in marks}
        # grouped: the two alpha bookmarks are adjacent
        alpha = [i for i, x in enumerate(ids) if x in (marks[0].id, marks[1].id)]
        assert alpha[1] - alpha[0] == 1
        assert screen.current is not None
        first = screen.current
        await pilot.press("enter")
        await pilot.pause()
    assert app.result == first


async def test_markup_in_titles_and_excerpts_is_shown_literally(tmp_path: Path) -> None:
    store, _ = make_store(tmp_path)
    app = Host(store, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        ol = app.screen.query_one("#bookmarks-list", OptionList)
        rendered = "\n".join(str(o.prompt) for o in ol.options)
        assert "Alpha [bold]" in rendered and "[@click=quit]" in rendered
        assert app.is_running  # the trap did not quit the app


async def test_delete_and_undo(tmp_path: Path) -> None:
    store, marks = make_store(tmp_path)
    app = Host(store, tmp_path)
    async with app.run_test() as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, BookmarksScreen)
        victim = screen.current
        assert victim is not None
        await pilot.press("d")
        await pilot.pause()
        assert victim.id not in shown_ids(app)
        on_disk = BookmarkStore(store.path)
        on_disk.load()
        assert victim.id not in {b.id for b in on_disk.all()}
        await pilot.press("d")
        await pilot.pause()
        assert len(shown_ids(app)) == 1
        await pilot.press("u", "u")
        await pilot.pause()
        assert set(shown_ids(app)) == {m.id for m in marks}
        on_disk = BookmarkStore(store.path)
        on_disk.load()
        assert {b.id for b in on_disk.all()} == {m.id for m in marks}
        restored = on_disk.get(victim.id)
        assert restored is not None and restored.note == victim.note and restored.created == victim.created
        await pilot.press("u")  # nothing left to undo: harmless
        await pilot.pause()
        assert len(shown_ids(app)) == 3


async def test_edit_note(tmp_path: Path) -> None:
    store, _ = make_store(tmp_path)
    app = Host(store, tmp_path)
    async with app.run_test() as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, BookmarksScreen)
        target = screen.current
        assert target is not None
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, NoteDialog)
        field = app.screen.query_one(Input)
        assert field.value == target.note
        field.value = ""
        await pilot.press(*"new ]] \"note\"")
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen
        assert screen.current is not None and screen.current.id == target.id
        assert screen.current.note == 'new ]] "note"'
        again = BookmarkStore(store.path)
        again.load()
        bm = again.get(target.id)
        assert bm is not None and bm.note == 'new ]] "note"'
        # Escape in the dialog leaves the note alone
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("x", "escape")
        await pilot.pause()
        assert app.screen is screen
        assert store.get(target.id).note == 'new ]] "note"'  # type: ignore[union-attr]


async def test_type_to_filter_then_enter(tmp_path: Path) -> None:
    store, marks = make_store(tmp_path)
    app = Host(store, tmp_path)
    async with app.run_test() as pilot:
        await pilot.pause()
        await pilot.press(*"beta")
        await pilot.pause()
        field = app.screen.query_one("#bookmarks-filter", Input)
        assert field.value == "beta" and field.has_focus
        assert shown_ids(app) == [marks[2].id]
        await pilot.press("enter")
        await pilot.pause()
    assert app.result == marks[2]


async def test_escape_clears_filter_then_closes(tmp_path: Path) -> None:
    store, marks = make_store(tmp_path)
    app = Host(store, tmp_path)
    async with app.run_test() as pilot:
        await pilot.pause()
        await pilot.press(*"zzz")
        await pilot.pause()
        assert shown_ids(app) == []
        await pilot.press("escape")
        await pilot.pause()
        assert len(shown_ids(app)) == 3
        await pilot.press("escape")
        await pilot.pause()
    assert app.result is None


async def test_other_library_is_not_listed(tmp_path: Path) -> None:
    store, _ = make_store(tmp_path)
    elsewhere = tmp_path / "other"
    elsewhere.mkdir()
    app = Host(store, elsewhere)
    async with app.run_test() as pilot:
        await pilot.pause()
        assert shown_ids(app) == []
        assert app.screen.query_one("#bookmarks-empty").display


async def test_note_dialog_enter_empty_and_escape() -> None:
    app = NoteHost("old")
    async with app.run_test() as pilot:
        await pilot.pause()
        app.screen.query_one(Input).value = ""
        await pilot.press("enter")
        await pilot.pause()
    assert app.result == ""
    app = NoteHost("old")
    async with app.run_test() as pilot:
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
    assert app.result is None


async def test_long_lists_are_capped_and_filtering_reaches_the_rest(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    from tuireader.ui.screens import bookmarks as screen_module

    monkeypatch.setattr(screen_module, "MAX_SHOWN", 2)
    store, marks = make_store(tmp_path)
    app = Host(store, tmp_path)
    async with app.run_test() as pilot:
        await pilot.pause()
        assert len(shown_ids(app)) == 2
        ol = app.screen.query_one("#bookmarks-list", OptionList)
        assert "1 older bookmark: type to filter" in str(ol.options[-1].prompt)
        await pilot.press(*"first note")
        await pilot.pause()
        assert shown_ids(app) == [marks[0].id]  # the oldest, reachable by filtering


async def test_note_dialog_appends_to_an_existing_note() -> None:
    app = NoteHost("first")
    async with app.run_test() as pilot:
        await pilot.pause()
        await pilot.press(*" and more", "enter")
        await pilot.pause()
    assert app.result == "first and more"
