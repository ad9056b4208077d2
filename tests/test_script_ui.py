"""Pilot tests of the script switch: ctrl+t converts the text, title and outline; the choice
is remembered; bookmarks and find hits keep pointing at the same text across a switch."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tuireader.library.catalog import Library
from tuireader.store.config import Config
from tuireader.ui.app import ReaderApp, make_app
from tuireader.ui.screens.reader import ReaderScreen

SIZE = (100, 30)

#: A Traditional Chinese report with numbered headings (繁體).
HANT = "\n\n".join(
    ["數據時代的閱讀報告", "一、數據與閱讀"]
    + [f"這裏的讀者說，數據讓閱讀變得更容易。第{i}段，頭髮與乾燥的天氣無關。" for i in range(12)]
    + ["二、圖書館的發展"]
    + [f"圖書館裏的藏書與開放時間，是讀者關心的問題。第{i}段。" for i in range(12)]
) + "\n"
#: A Simplified Chinese text whose Taiwan form changes lengths (方便面 → 泡麵).
HANS = "\n\n".join(
    ["方便面的故事", "一、开始"]
    + [f"第{i}段：我买了方便面和软件，在这里读书。" for i in range(20)]
) + "\n"


@pytest.fixture
def library(tmp_path: Path) -> Path:
    root = tmp_path / "lib"
    root.mkdir()
    (root / "01-hant.txt").write_text(HANT, encoding="utf-8")
    (root / "02-hans.txt").write_text(HANS, encoding="utf-8")
    return root


def build(path: Path, config: Config | None = None) -> ReaderApp:
    return make_app(str(path), config=config or Config(), library=Library.open(path.parent), refresh=False)


async def reader(pilot: Any) -> ReaderScreen:
    for _ in range(50):
        await pilot.pause()
        screen = pilot.app.screen
        if isinstance(screen, ReaderScreen) and screen.view.layout_ is not None and screen.article is not None:
            if not screen.article.partial:
                screen.view.finish_layout()
                await pilot.pause()
                return screen
    raise AssertionError(f"no reader screen, got {pilot.app.screen!r}")


def title(screen: ReaderScreen) -> str:
    return str(screen.query_one("#reader-title").render())


def outline_labels(screen: ReaderScreen) -> list[str]:
    return [str(node.label) for node in screen.outline._entry_nodes]


def visible_text(screen: ReaderScreen) -> str:
    view = screen.view
    return "\n".join(view.render_line(y).text for y in range(view.size.height))


async def test_ctrl_t_switches_text_title_and_outline(library: Path) -> None:
    app = build(library / "01-hant.txt")
    async with app.run_test(size=SIZE) as pilot:
        screen = await reader(pilot)
        assert title(screen) == "數據時代的閱讀報告"
        assert "這裏的讀者說" in visible_text(screen)
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert app.script == "simplified"
        assert title(screen) == "数据时代的阅读报告"
        assert "这里的读者说，数据让阅读变得更容易" in visible_text(screen)
        assert "這裏" not in visible_text(screen)
        assert any("数据与阅读" in label for label in outline_labels(screen))
        assert app.state.get_pref("script") == "simplified"
        await pilot.press("ctrl+t")  # traditional: this article already is, shown as it is
        await pilot.pause()
        assert app.script == "traditional"
        assert title(screen) == "數據時代的閱讀報告"
        assert "這裏的讀者說" in visible_text(screen)


async def test_config_script_applies_at_start_and_the_switch_is_remembered(library: Path) -> None:
    app = build(library / "01-hant.txt", Config(script="simplified"))
    async with app.run_test(size=SIZE) as pilot:
        screen = await reader(pilot)
        assert title(screen) == "数据时代的阅读报告"
        app.set_script("hongkong")
        await pilot.press("q")
    app = build(library / "01-hant.txt", Config(script="simplified"))  # state.toml wins
    async with app.run_test(size=SIZE) as pilot:
        screen = await reader(pilot)
        assert app.script == "hongkong"
        assert title(screen) == "數據時代的閲讀報告"  # the Hong Kong form of 閱


async def test_palette_command_sets_a_script(library: Path) -> None:
    app = build(library / "01-hant.txt")
    async with app.run_test(size=SIZE) as pilot:
        screen = await reader(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Script: 简体")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause()
        assert app.script == "simplified"
        assert title(screen) == "数据时代的阅读报告"


async def test_bookmark_made_before_a_switch_points_at_the_same_paragraph(library: Path) -> None:
    app = build(library / "02-hans.txt")
    async with app.run_test(size=SIZE) as pilot:
        screen = await reader(pilot)
        article = screen.article
        assert article is not None
        block = 9
        screen.view.scroll_to_block(block, 0)
        await pilot.pause()
        await pilot.press("b")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        (mark,) = app.bookmarks.all()
        assert (mark.block, mark.offset) == (block, 0)
        await pilot.press("ctrl+t", "ctrl+t", "ctrl+t")  # simplified, traditional, taiwan
        await pilot.pause()
        assert app.script == "taiwan"
        assert screen.view.top_position() == (block, 0)
        assert block in screen.view._bookmarks
        top = screen.view.render_line(0).text
        assert top.lstrip().startswith("▌") and "第8段：我買了泡麵和軟體" in top  # block 9 (block 0 is the heading)
        # Jumping to the bookmark later lands on the same paragraph too.
        screen.view.scroll_to_block(0)
        screen.view.scroll_to_block(mark.block, mark.offset)
        assert screen.view.top_position()[0] == block


async def test_find_hit_is_highlighted_at_its_place_in_converted_text(library: Path) -> None:
    app = build(library / "02-hans.txt", Config(script="taiwan"))
    async with app.run_test(size=SIZE) as pilot:
        screen = await reader(pilot)
        assert "我買了泡麵和軟體" in visible_text(screen)
        await pilot.press("slash", *"软件")  # typed in the original's script
        await pilot.pause(0.3)
        assert str(screen.query_one("#find-count").render()) == "1/20"
        match = screen._matches[0]
        text = screen.article.blocks[match.block].text  # type: ignore[union-attr]
        assert text[match.start:match.end] == "软件"  # original offsets
        view = screen.view
        y = view.layout_.line_of(match.block, match.start) - round(view.scroll_y)  # type: ignore[union-attr]
        segments = list(view.render_line(y))
        # The highlight cuts the line exactly around the converted word (unmapped, the
        # original offsets would cut "體，": the phrase before it is one character shorter).
        assert "軟體" in [s.text for s in segments]


async def test_find_in_either_script_finds_both(library: Path) -> None:
    app = build(library / "01-hant.txt")
    async with app.run_test(size=SIZE) as pilot:
        screen = await reader(pilot)
        await pilot.press("slash", *"数据")
        await pilot.pause(0.3)
        assert str(screen.query_one("#find-count").render()) == "1/13"  # the heading and the 12 paragraphs


# -- the lists: filters fold scripts, prompts show the chosen script ---------------------------


def test_library_filter_folds_scripts() -> None:
    from tuireader.library.catalog import LibraryEntry
    from tuireader.ui.screens.library import filter_rows, make_row

    rows = [make_row(LibraryEntry(Path(f"/l/{t}.txt"), f"{t}.txt", t), None) for t in ("數據時代", "数据时代", "Other")]
    assert filter_rows(rows, [0, 1, 2], "数据") == [0, 1]
    assert filter_rows(rows, [0, 1, 2], "數據 時代") == [0, 1]


def test_bookmark_prompt_and_filter_follow_the_script() -> None:
    from tuireader.store.bookmarks import Bookmark
    from tuireader.ui.screens.bookmarks import bookmark_prompt, header_prompt, matches

    bm = Bookmark("1", "a.txt", "/l", "f", "數據時代", 3, 0, ["一、數據"], "這裏的數據", "我的筆記",
                  "2026-12-06T20:00:00")
    assert matches(bm, ["数据"]) and not matches(bm, ["读书"])
    shown = bookmark_prompt(bm, "simplified").plain
    assert "一、数据" in shown and "这里的数据" in shown
    assert "我的筆記" in shown  # the reader's own note is shown as typed
    assert header_prompt(bm, 1, "simplified").plain.startswith("数据时代")
    assert "這裏的數據" in bookmark_prompt(bm).plain


def test_search_hit_snippet_spans_follow_a_length_change() -> None:
    from tuireader.library.search import SearchHit, make_snippet
    from tuireader.ui.screens.search import hit_prompt

    snippet, spans = make_snippet("我买了方便面和软件，在这里。", ["软件"])
    hit = SearchHit("/l/a.txt", "a.txt", "方便面", "", 0, snippet, spans)
    text = hit_prompt(hit, "taiwan")
    body = text.plain.split("\n", 1)[1]
    assert body == "我買了泡麵和軟體，在這裡。"
    start = len(text.plain) - len(body)
    marked = [text.plain[s.start:s.end] for s in text.spans if s.start >= start]
    assert marked == ["軟體"]
