"""SearchScreen: results as you type (thread worker), highlighted snippets, Enter/Escape."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from rich.text import Text
from textual.app import App
from textual.widgets import OptionList, Static

from tuireader.library.catalog import Library
from tuireader.library.search import SearchHit
from tuireader.ui.screens.search import SearchScreen, hit_prompt

ZH = "中文标题\n\n一、第一部分\n\n这是数据。\n\n二、第二部分\n\n大数据时代。\n"
EN = "# The Title\n\nIntro.\n\n## First Part\n\nBig Data is here.\n"
MARKUP = "Markup [bold]title[/bold]\n\n[bold]not markup[/bold] and [@click=app.quit]x[/] data\n"


class Host(App[None]):
    """A small host: the screen only needs `app.library`."""

    def __init__(self, library: Library) -> None:
        super().__init__()
        self.library = library
        self.results: list[Any] = []

    def on_mount(self) -> None:
        self.push_screen(SearchScreen(), self.results.append)


@pytest.fixture
def library(tmp_path: Path) -> Library:
    root = tmp_path / "lib"
    root.mkdir()
    (root / "1-zh.txt").write_text(ZH, encoding="utf-8")
    (root / "2-en.md").write_text(EN, encoding="utf-8")
    (root / "3-markup.txt").write_text(MARKUP, encoding="utf-8")
    lib = Library.open_cached(root)
    lib.refresh()
    return lib


async def settle(app: App[Any], pilot: Any) -> None:
    await pilot.pause(0.3)
    await app.workers.wait_for_complete()
    await pilot.pause()


def shown(app: App[Any]) -> list[str]:
    ol = app.screen.query_one("#search-results", OptionList)
    return [str(ol.get_option_at_index(i).prompt) for i in range(ol.option_count)]


async def test_typing_shows_hits_and_enter_returns_the_hit(library: Library) -> None:
    app = Host(library)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press(*"数据")
        await settle(app, pilot)
        texts = shown(app)
        assert len(texts) == 2
        assert texts[0].startswith("中文标题  —  第一部分") and texts[0].endswith("这是数据。")
        status = str(app.screen.query_one("#search-status", Static).render())
        assert "2 hits" in status
        await pilot.press("down", "enter")
        await pilot.pause()
    (hit,) = app.results
    assert isinstance(hit, SearchHit)
    assert (hit.rel, hit.block, hit.section) == ("1-zh.txt", 3, "第二部分")


async def test_results_follow_the_typing(library: Library) -> None:
    app = Host(library)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press(*"big")
        await settle(app, pilot)
        assert [t.splitlines()[0] for t in shown(app)] == ["The Title  —  First Part  2-en.md"]
        await pilot.press(*" zzz")
        await settle(app, pilot)
        assert shown(app) == []
        assert "No matches" in str(app.screen.query_one("#search-status", Static).render())
        for _ in range(4):
            await pilot.press("backspace")
        await settle(app, pilot)
        assert len(shown(app)) == 1
        await pilot.press("escape")
        await pilot.pause()
    assert app.results == [None]


async def test_markup_in_articles_is_shown_literally(library: Library) -> None:
    app = Host(library)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press(*"not markup")
        await settle(app, pilot)
        (text,) = shown(app)
        assert "[bold]not markup[/bold] and [@click=app.quit]x[/] data" in text
        assert app.is_running


def test_hit_prompt_highlights_spans_only() -> None:
    hit = SearchHit(path="/x/a.txt", rel="a.txt", title="T [b]", section="S", block=2, snippet="aa 数据 bb", spans=[(3, 5)])
    prompt = hit_prompt(hit)
    assert isinstance(prompt, Text)
    assert prompt.plain == "T [b]  —  S  a.txt\naa 数据 bb"
    start = prompt.plain.index("数据")
    assert [(s.start, s.end) for s in prompt.spans if s.style == "bold reverse"] == [(start, start + 2)]


async def test_enter_with_no_hits_keeps_the_screen(library: Library) -> None:
    app = Host(library)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SearchScreen)
        assert app.results == []


def test_search_screen_snapshot(snap_compare: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """The search screen over the bundled sample library, with a query typed."""
    import shutil

    from textual.widgets import Input

    from tuireader.library.sample import sample_library_path
    from tuireader.store.config import Config
    from tuireader.ui.app import make_app

    monkeypatch.setenv("TEXTUAL_ANIMATIONS", "none")
    root = Path.home() / "articles"
    shutil.copytree(sample_library_path(), root, ignore=shutil.ignore_patterns("__*"))
    Library.open_cached(root).refresh()
    app = make_app(str(root), config=Config(theme="textual-dark"), library=Library.open(root), refresh=False)
    app.animation_level = "none"

    async def run_before(pilot: Any) -> None:
        await pilot.press("s")
        await pilot.pause()
        for node in pilot.app.screen.query(Input):
            node.cursor_blink = False
        await pilot.press(*"reading")
        await pilot.pause(0.3)
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    assert snap_compare(app, terminal_size=(100, 30), run_before=run_before)


async def test_status_says_when_indexing_is_still_running(library: Library) -> None:
    app = Host(library)
    app.indexing = True  # type: ignore[attr-defined]
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press(*"数据")
        await settle(app, pilot)
        status = str(app.screen.query_one("#search-status", Static).render())
        assert "2 hits" in status and "still being indexed" in status


async def test_in_the_app_enter_opens_the_article_at_the_hit(monkeypatch: pytest.MonkeyPatch) -> None:
    """End to end: `s`, type, Enter → the reader shows that article at that block."""
    import shutil

    pytest.importorskip("tuireader.ui.screens.reader")
    from tuireader.library.sample import sample_library_path
    from tuireader.store.config import Config
    from tuireader.ui.app import make_app

    root = Path.home() / "articles"
    shutil.copytree(sample_library_path(), root, ignore=shutil.ignore_patterns("__*"))
    Library.open_cached(root).refresh()
    app = make_app(str(root), config=Config(), library=Library.open_cached(root), refresh=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, SearchScreen)
        await pilot.press(*"weather")
        await settle(app, pilot)
        hit = app.screen.current  # type: ignore[attr-defined]
        assert hit is not None
        await pilot.press("enter")
        await pilot.pause(0.3)
        screen = app.screen
        assert type(screen).__name__ == "ReaderScreen"
        assert app.library.entries[screen.index].rel == hit.rel  # type: ignore[attr-defined]
