"""Progressive opening of big articles: the reader shows the head of the file at once,
parses the whole in a thread, and swaps it in without moving what is on screen.

The whole parse is held back by an event, so each test sees the head phase for sure."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest

import tuireader.ui.screens.reader as reader_module
from test_ingest_head import en_markdown
from tuireader.ingest.load import load_article
from tuireader.library.catalog import Library
from tuireader.store.config import Config
from tuireader.store.state import article_key
from tuireader.ui.app import ReaderApp, make_app
from tuireader.ui.screens.reader import ReaderScreen
from tuireader.ui.widgets.article_view import ArticleView

SIZE = (110, 32)


@pytest.fixture
def big_library(tmp_path: Path) -> Path:
    root = tmp_path / "lib"
    root.mkdir()
    (root / "01-big.md").write_text(en_markdown(400), encoding="utf-8")
    (root / "02-small.md").write_text("# Small one\n\nJust a paragraph.\n", encoding="utf-8")
    return root


@pytest.fixture
def gate(monkeypatch: pytest.MonkeyPatch) -> threading.Event:
    """Set it to let the whole-article parse finish."""
    event = threading.Event()

    def slow_load(path: Any) -> Any:
        event.wait(20)
        return load_article(path)

    monkeypatch.setattr(reader_module, "load_article", slow_load)
    return event


def build(root: Path) -> ReaderApp:
    return make_app(str(root / "01-big.md"), config=Config(), library=Library.open(root), refresh=False)


def visible_text(view: ArticleView) -> str:
    return "\n".join(view.render_line(y).text for y in range(view.size.height))


async def opened(pilot: Any) -> ReaderScreen:
    for _ in range(100):
        await pilot.pause()
        screen = pilot.app.screen
        if isinstance(screen, ReaderScreen) and screen.view.layout_ is not None:
            return screen
    raise AssertionError("no reader screen")


async def landed(pilot: Any, screen: ReaderScreen) -> None:
    for _ in range(400):
        await pilot.pause(0.02)
        if screen.article is not None and not screen.article.partial:
            await pilot.pause()
            return
    raise AssertionError("the whole article never landed")


def outline_size(screen: ReaderScreen) -> int:
    return len(screen.outline._entry_nodes)


async def test_head_first_then_whole_without_moving(big_library: Path, gate: threading.Event) -> None:
    app = build(big_library)
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot)
        head = screen.article
        assert head is not None and head.partial
        assert screen.showing_head
        await pilot.pause(0.05)
        head_outline = outline_size(screen)
        assert 0 < head_outline < len(head.blocks)
        status = str(screen.query_one("#status-position").render())
        assert "…" in status  # no made-up percentages while only the head is known
        for _ in range(3):
            await pilot.press("space")
        await pilot.press("j")
        await pilot.pause()
        before = screen.view.top_position()
        text_before = visible_text(screen.view)
        assert before[0] > 0
        screen.view.focus()
        gate.set()
        await landed(pilot, screen)
        whole = screen.article
        assert whole is not None and len(whole.blocks) > len(head.blocks)
        assert screen.view.top_position() == before
        assert visible_text(screen.view) == text_before
        assert screen.view.has_focus
        await pilot.pause(0.1)
        assert outline_size(screen) == len(whole.outline) > head_outline
        status = str(screen.query_one("#status-position").render())
        assert "…" not in status and "%" in status
        assert f"/{len(whole.blocks)}" in status


async def test_end_key_during_the_head_goes_to_the_real_end(big_library: Path, gate: threading.Event) -> None:
    app = build(big_library)
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot)
        assert screen.showing_head
        await pilot.press("G")
        await pilot.pause()
        assert screen.view.top_position()[0] < 5  # waits: the end of the head is not the end
        gate.set()
        await landed(pilot, screen)
        await pilot.pause()
        whole = screen.article
        assert whole is not None
        assert screen.view.scroll_y == screen.view.max_scroll_y > 0
        assert screen.view.top_position()[0] > len(whole.blocks) - 20


async def test_find_in_the_head_is_redone_on_the_whole(big_library: Path, gate: threading.Event) -> None:
    app = build(big_library)
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot)
        await pilot.press("slash")
        await pilot.press(*"Part 1")
        await pilot.pause(0.3)
        in_head = len(screen._matches)
        assert in_head > 0
        gate.set()
        await landed(pilot, screen)
        await pilot.pause(0.2)
        assert len(screen._matches) > in_head  # "Part 1", "Part 10", "Part 100", ... beyond the head


async def test_position_beyond_the_head_parses_the_whole_first(big_library: Path, gate: threading.Event) -> None:
    gate.set()
    app = build(big_library)
    entry = app.library.entries[0]
    app.state.set_position(article_key(entry.path, entry.fingerprint), 2000, 0, 0.8)
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot)
        assert screen.article is not None and not screen.article.partial
        assert screen.view.top_position()[0] == 2000


async def test_next_article_while_the_head_is_shown(big_library: Path, gate: threading.Event) -> None:
    app = build(big_library)
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot)
        assert screen.showing_head
        await pilot.press("n")
        await pilot.pause()
        assert screen.article is not None and screen.article.title == "Small one"
        gate.set()  # the big article's parse lands late: it must not replace the small one
        await pilot.pause(0.3)
        assert screen.article.title == "Small one"


async def test_whole_failing_keeps_the_head_readable(big_library: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tuireader.errors import IngestError

    def broken(path: Any) -> Any:
        raise IngestError(str(path), "vanished")

    monkeypatch.setattr(reader_module, "load_article", broken)
    app = build(big_library)
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot)
        for _ in range(50):
            await pilot.pause(0.02)
            if not screen.showing_head:
                break
        assert screen.article is not None and not screen.showing_head
        await pilot.press("G")
        await pilot.pause()
        assert screen.view.scroll_y == screen.view.max_scroll_y > 0


async def test_the_whole_comes_from_the_cli_prefetch_when_there_is_one(big_library: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    from tuireader.reading.prefetch import prefetch_article

    if not hasattr(os, "fork"):
        pytest.skip("prefetch needs os.fork")
    job = prefetch_article(big_library / "01-big.md")
    assert job is not None

    def no_parse(path: Any) -> Any:
        raise AssertionError("parsed in the app although the child parses the whole")

    monkeypatch.setattr(reader_module, "load_article", no_parse)
    app = make_app(str(big_library / "01-big.md"), config=Config(), library=Library.open(big_library),
                   refresh=False, prefetch=job)
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot)
        for _ in range(200):
            await pilot.pause(0.02)
            if screen.article is not None and not screen.article.partial:
                break
        assert screen.article is not None and not screen.article.partial
        assert screen.article.to_json() == load_article(big_library / "01-big.md").to_json()
