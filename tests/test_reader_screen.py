"""Pilot tests of the reader screen in the real app: every key, the outline following the
text, n/p at the ends, resize, literal article text, bookmarks, resume, find."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tuireader.library.catalog import Library
from tuireader.store.config import Config
from tuireader.ui.app import ReaderApp, make_app
from tuireader.ui.screens.reader import ReaderScreen
from tuireader.ui.widgets.article_view import ArticleView
from tuireader.ui.widgets.outline_panel import OutlinePanel

SIZE = (100, 30)

PARA = (
    "Reading in a terminal should feel calm: paragraphs at a comfortable measure, the "
    "structure always visible, every move one key away. {n}"
)


def article_md(title: str, sections: int = 4, paras: int = 6, extra: str = "") -> str:
    parts = [f"# {title}", ""]
    for s in range(1, sections + 1):
        parts += [f"## Part {s}", ""]
        for p in range(paras):
            parts += [PARA.format(n=f"s{s}p{p}"), ""]
            if p == 2:
                parts += [f"### Detail {s}.1", ""]
        if s == 2 and extra:
            parts += [extra, ""]
    return "\n".join(parts)


@pytest.fixture
def library(tmp_path: Path) -> Path:
    root = tmp_path / "lib"
    root.mkdir()
    (root / "01-first.md").write_text(
        article_md("First article", extra="Literal [bold]not bold[/bold] and [@click=app.quit]click[/] text."),
        encoding="utf-8",
    )
    (root / "02-second.md").write_text(article_md("Second article", sections=2), encoding="utf-8")
    (root / "03-third.md").write_text(article_md("Third article", sections=2, paras=2), encoding="utf-8")
    return root


def build(path: Path) -> ReaderApp:
    root = path if path.is_dir() else path.parent
    return make_app(str(path), config=Config(), library=Library.open(root), refresh=False)


async def reader(pilot: Any) -> ReaderScreen:
    for _ in range(50):
        await pilot.pause()
        screen = pilot.app.screen
        if isinstance(screen, ReaderScreen) and screen.view.layout_ is not None:
            screen.view.finish_layout()
            await pilot.pause()
            return screen
    raise AssertionError(f"no reader screen, got {pilot.app.screen!r}")


def visible_text(view: ArticleView) -> str:
    return "\n".join(view.render_line(y).text for y in range(view.size.height))


def top_block(screen: ReaderScreen) -> int:
    return screen.view.top_position()[0]


async def test_opens_with_title_place_and_status(library: Path) -> None:
    app = build(library / "01-first.md")
    async with app.run_test(size=SIZE) as pilot:
        screen = await reader(pilot)
        assert str(screen.query_one("#reader-title").render()) == "First article"
        assert str(screen.query_one("#reader-place").render()) == "1 / 3"
        text = visible_text(screen.view)
        assert "First article" in text and "Part 1" in text
        status = str(screen.query_one("#status-position").render())
        assert "%" in status and "line 1/" in status


async def test_line_and_page_keys(library: Path) -> None:
    app = build(library / "01-first.md")
    async with app.run_test(size=SIZE) as pilot:
        screen = await reader(pilot)
        view = screen.view
        view.focus()
        for key, expect in (("j", 1), ("down", 2), ("k", 1), ("up", 0)):
            await pilot.press(key)
            assert round(view.scroll_y) == expect, key
        page = view.size.height - 1
        await pilot.press("space")
        assert round(view.scroll_y) == page
        await pilot.press("pagedown")
        assert round(view.scroll_y) == 2 * page
        await pilot.press("pageup")
        assert round(view.scroll_y) == page


async def test_end_and_home_keys_do_not_animate(library: Path) -> None:
    app = build(library / "01-first.md")
    async with app.run_test(size=SIZE) as pilot:
        screen = await reader(pilot)
        view = screen.view
        assert app.focused is view  # the text has the focus when an article opens
        for end_key, home_key in (("G", "g"), ("end", "home")):
            await pilot.press(end_key)
            assert view.scroll_y == view.max_scroll_y > 0  # there at once: no animation
            assert "Next: Second article" in visible_text(view)
            await pilot.press(home_key)
            assert view.scroll_y == 0


async def test_section_keys(library: Path) -> None:
    app = build(library / "01-first.md")
    async with app.run_test(size=SIZE) as pilot:
        screen = await reader(pilot)
        article = screen.article
        assert article is not None
        starts = [e.block for e in article.outline]
        tops = [e.block for e in article.outline if e.level == min(x.level for x in article.outline)]
        assert len(tops) == 4 and len(starts) == 8
        await pilot.press("right_square_bracket")
        assert top_block(screen) == starts[0]
        await pilot.press("right_square_bracket")
        assert top_block(screen) == starts[1]
        await pilot.press("left_square_bracket")
        assert top_block(screen) == starts[0]
        await pilot.press("right_curly_bracket")
        assert top_block(screen) == tops[1]
        await pilot.press("right_curly_bracket")
        assert top_block(screen) == tops[2]
        await pilot.press("left_curly_bracket")
        assert top_block(screen) == tops[1]


async def test_outline_highlight_follows_scroll_and_enter_jumps(library: Path) -> None:
    app = build(library / "01-first.md")
    async with app.run_test(size=SIZE) as pilot:
        screen = await reader(pilot)
        outline = screen.outline
        article = screen.article
        assert article is not None
        third = article.outline[4]
        screen.view.scroll_to_block(third.block + 1)
        await pilot.pause()
        assert outline.current_entry == 4
        assert outline.cursor_node is not None and outline.cursor_node.data == 4
        # Scrolling on with the keys moves the highlight to the next section.
        for _ in range(40):
            await pilot.press("j")
            if outline.current_entry != 4:
                break
        assert outline.current_entry == 5
        # Enter on an outline entry jumps there.
        outline.focus()
        outline.move_cursor(outline._entry_nodes[1], animate=False)
        await pilot.press("enter")
        assert top_block(screen) == article.outline[1].block
        # A click on an entry jumps too.
        await pilot.click(OutlinePanel, offset=(4, 0))
        await pilot.pause()
        assert top_block(screen) == article.outline[0].block


async def parsed_ahead(pilot: Any, screen: ReaderScreen, *paths: Path) -> None:
    """Wait until `paths` were parsed ahead (a moment after the article is shown)."""
    for _ in range(100):
        if all(path in screen._ready for path in paths):
            return
        await pilot.pause(0.05)


async def test_next_article_opens_what_was_parsed_ahead(library: Path) -> None:
    app = build(library / "02-second.md")
    async with app.run_test(size=SIZE) as pilot:
        screen = await reader(pilot)
        await parsed_ahead(pilot, screen, library / "03-third.md", library / "01-first.md")
        prepared = screen._ready._ready[str(library / "03-third.md")][1]
        await pilot.press("n")
        screen = await reader(pilot)
        assert screen.article is prepared and prepared.title == "Third article"


async def test_next_article_reads_a_file_edited_after_it_was_parsed_ahead(library: Path) -> None:
    app = build(library / "02-second.md")
    async with app.run_test(size=SIZE) as pilot:
        screen = await reader(pilot)
        await parsed_ahead(pilot, screen, library / "03-third.md")
        assert library / "03-third.md" in screen._ready
        (library / "03-third.md").write_text(article_md("Third article, revised", sections=1), encoding="utf-8")
        await pilot.press("n")
        screen = await reader(pilot)
        assert screen.article is not None and screen.article.title == "Third article, revised"


async def test_next_and_previous_article_disabled_at_the_ends(library: Path) -> None:
    app = build(library / "01-first.md")
    async with app.run_test(size=SIZE) as pilot:
        screen = await reader(pilot)
        assert screen.check_action("prev_article", ()) is None
        assert screen.check_action("next_article", ()) is True
        await pilot.press("p")  # disabled: nothing happens
        assert screen.index == 0
        await pilot.press("n")
        screen = await reader(pilot)
        assert screen.index == 1
        assert screen.article is not None and screen.article.title == "Second article"
        assert str(screen.query_one("#reader-place").render()) == "2 / 3"
        await pilot.press("n")
        screen = await reader(pilot)
        assert screen.index == 2
        assert screen.check_action("next_article", ()) is None
        await pilot.press("n")
        assert screen.index == 2
        await pilot.press("p")
        screen = await reader(pilot)
        assert screen.index == 1


async def test_toggle_outline_persists(library: Path) -> None:
    app = build(library / "01-first.md")
    async with app.run_test(size=SIZE) as pilot:
        screen = await reader(pilot)
        assert screen.outline.display
        await pilot.press("o")
        assert not screen.outline.display
        assert app.state.get_pref("show_outline", True) is False
        await pilot.press("o")
        assert screen.outline.display
        assert app.state.get_pref("show_outline", False) is True


async def test_tab_moves_focus_between_outline_and_text(library: Path) -> None:
    app = build(library / "01-first.md")
    async with app.run_test(size=SIZE) as pilot:
        screen = await reader(pilot)
        screen.view.focus()
        await pilot.pause()
        await pilot.press("tab")
        assert app.focused is screen.outline
        await pilot.press("tab")
        assert app.focused is screen.view


async def test_escape_goes_back_to_the_library_and_saves(library: Path) -> None:
    app = build(library / "01-first.md")
    async with app.run_test(size=SIZE) as pilot:
        screen = await reader(pilot)
        article = screen.article
        assert article is not None
        screen.view.scroll_to_block(article.outline[3].block)
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, ReaderScreen)
        assert type(app.screen).__name__ == "LibraryScreen"
        # Re-opening resumes where we left.
        app.open_article(0)
        screen = await reader(pilot)
        assert top_block(screen) == article.outline[3].block


async def test_resume_after_restart(library: Path) -> None:
    app = build(library / "01-first.md")
    async with app.run_test(size=SIZE) as pilot:
        screen = await reader(pilot)
        assert screen.article is not None
        target = screen.article.outline[5].block
        screen.view.scroll_to_block(target)
        await pilot.pause()
        await pilot.press("q")
    again = build(library / "01-first.md")
    async with again.run_test(size=SIZE) as pilot:
        screen = await reader(pilot)
        assert top_block(screen) == target


async def test_width_keys_change_and_persist_the_measure(library: Path) -> None:
    app = build(library / "01-first.md")
    async with app.run_test(size=(140, 30)) as pilot:
        screen = await reader(pilot)
        view = screen.view
        assert view.measure == 80
        await pilot.press("plus")
        assert view.measure == 84 and app.state.get_pref("width", 0) == 84
        await pilot.press("minus")
        await pilot.press("minus")
        assert view.measure == 76 and app.state.get_pref("width", 0) == 76
        assert view.layout_ is not None and view.layout_.width == 76
        for _ in range(20):
            await pilot.press("minus")
        assert view.measure == 40  # the minimum


async def test_resize_keeps_the_reading_position(library: Path) -> None:
    app = build(library / "01-first.md")
    async with app.run_test(size=SIZE) as pilot:
        screen = await reader(pilot)
        view = screen.view
        article = screen.article
        assert article is not None
        # At the top, a resize keeps the title on the first line.
        await pilot.resize_terminal(70, 24)
        await pilot.pause()
        assert view.scroll_y == 0 and "First article" in view.render_line(0).text
        await pilot.resize_terminal(*SIZE)
        await pilot.pause()
        block = article.outline[4].block + 1
        view.scroll_to_block(block)
        await pilot.press("j")  # second line of the paragraph: offset > 0
        before = view.top_position()
        assert before[0] == block and before[1] > 0
        await pilot.resize_terminal(60, 20)
        await pilot.pause()
        after = view.top_position()
        assert after[0] == block and after[1] <= before[1]
        layout = view.layout_
        assert layout is not None
        spans = layout.breaks(layout.unit_for_block(block))
        k = layout.line_in_block(block, before[1])
        assert spans[k][0] == after[1]  # the line holding the old top text is on top
        await pilot.resize_terminal(*SIZE)
        await pilot.pause()
        assert view.top_position()[0] == block
        # Wider terminals keep the 80-cell column but centre it again.
        for width in (180, 160):
            await pilot.resize_terminal(width, 30)
            await pilot.pause()
            inner = view.scrollable_content_region.width
            line = next(view.render_line(y) for y in range(10) if view.render_line(y).text.strip())
            assert line.cell_length == inner
            left = len(line.text) - len(line.text.lstrip(" "))
            assert abs(left - (inner - 80 - 2) // 2) <= 2


async def test_markup_in_article_text_is_shown_literally(library: Path) -> None:
    app = build(library / "01-first.md")
    async with app.run_test(size=SIZE) as pilot:
        screen = await reader(pilot)
        block = next(i for i, b in enumerate(screen.article.blocks) if "@click" in b.text)  # type: ignore[union-attr]
        screen.view.scroll_to_block(block)
        await pilot.pause()
        text = visible_text(screen.view)
        assert "[bold]not bold[/bold]" in text
        assert "[@click=app.quit]click[/]" in text
        # Clicking on it does nothing: the app is still running, the reader still open.
        view = screen.view
        for y in range(view.size.height):
            if "@click" in view.render_line(y).text:
                x = view.render_line(y).text.index("@click")
                await pilot.click(ArticleView, offset=(x, y))
                break
        await pilot.pause()
        assert app.is_running and app.screen is screen
        # Bookmarking it: the notice shows the excerpt as text, not as markup.
        screen.view.scroll_to_block(block)
        await pilot.press("b")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        notes = [n for n in app._notifications if "Bookmarked" in n.message]
        assert notes and "[bold]" in notes[-1].message and notes[-1].markup is False


async def test_bookmark_key_adds_and_marks(library: Path) -> None:
    app = build(library / "01-first.md")
    async with app.run_test(size=SIZE) as pilot:
        screen = await reader(pilot)
        article = screen.article
        assert article is not None
        block = article.outline[2].block + 1
        screen.view.scroll_to_block(block)
        await pilot.pause()
        await pilot.press("b")
        await pilot.pause()
        await pilot.press(*"my note")
        await pilot.press("enter")
        await pilot.pause()
        marks = app.bookmarks.all()
        assert len(marks) == 1
        assert marks[0].block == block and marks[0].note == "my note"
        assert block in screen.view._bookmarks
        assert screen.view.render_line(0).text.lstrip().startswith("▌")
        assert any("◆" in str(node.label) for node in screen.outline._entry_nodes)


async def test_find_counts_steps_and_clears(library: Path) -> None:
    app = build(library / "01-first.md")
    async with app.run_test(size=SIZE) as pilot:
        screen = await reader(pilot)
        await pilot.press("slash")
        assert screen.find_bar.is_open
        await pilot.press(*"S2P")  # case-insensitive: "s2p0" … "s2p5"
        await pilot.pause(0.3)
        count = screen.query_one("#find-count")
        assert str(count.render()) == "1/6"
        assert top_block(screen) <= screen._matches[0].block
        await pilot.press("enter")
        assert str(count.render()) == "2/6"
        await pilot.press("down")
        assert str(count.render()) == "3/6"
        await pilot.press("up")
        assert str(count.render()) == "2/6"
        await pilot.press("tab")  # focus back in the text: F3 still steps
        await pilot.press("f3")
        assert str(count.render()) == "3/6"
        await pilot.press("shift+f3")
        assert str(count.render()) == "2/6"
        assert screen.view._current == screen._matches[1]
        screen.find_bar.query_one("#find-input").focus()
        await pilot.press("escape")
        assert not screen.find_bar.is_open
        assert screen._matches == [] and screen.view._matches == {}
        assert isinstance(app.screen, ReaderScreen)  # Escape closed the bar, not the reader


async def test_find_no_match(library: Path) -> None:
    app = build(library / "01-first.md")
    async with app.run_test(size=SIZE) as pilot:
        screen = await reader(pilot)
        await pilot.press("slash", *"zzzq")
        await pilot.pause(0.3)
        assert str(screen.query_one("#find-count").render()) == "no match"


async def test_highlight_from_search_jumps_to_the_match(library: Path) -> None:
    app = build(library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.open_article(0, block=10, highlight="s4p1")
        screen = await reader(pilot)
        assert len(screen._matches) == 1
        match = screen._matches[0]
        top = round(screen.view.scroll_y)
        assert screen.view.layout_ is not None
        assert top <= screen.view.layout_.line_of(match.block, match.start) < top + screen.view.size.height
        await pilot.press("escape")  # first Escape clears the highlight
        assert screen._matches == [] and isinstance(app.screen, ReaderScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, ReaderScreen)


async def test_file_that_fails_to_load_shows_a_message(library: Path) -> None:
    app = build(library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        (library / "02-second.md").unlink()
        app.open_article(1)
        for _ in range(20):
            await pilot.pause()
            if isinstance(app.screen, ReaderScreen):
                break
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        await pilot.pause()
        assert screen.article is None and screen.error
        text = visible_text(screen.view)
        assert "could not be opened" in text and "02-second.md" in text
        # The rest keeps working: keys do not crash, the next article opens.
        await pilot.press("j", "G", "b", "slash", "right_square_bracket")
        await pilot.press("n")
        screen = await reader(pilot)
        assert screen.article is not None and screen.article.title == "Third article"


async def test_background_corrections_never_move_the_text(tmp_path: Path) -> None:
    root = tmp_path / "big"
    root.mkdir()
    paras = []
    for i in range(1500):
        if i % 50 == 0:
            paras.append(f"## Chapter {i // 50}")
        words = " ".join(["measure", "terminal", "paragraph", "reader", "outline"] * (1 + i % 13))
        paras.append(f"P{i} {words} 驻马店的读者，继续阅读。" * (1 + i % 3))
    (root / "big.md").write_text("# Big\n\n" + "\n\n".join(paras), encoding="utf-8")
    app = build(root / "big.md")
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(50):
            await pilot.pause()
            if isinstance(app.screen, ReaderScreen) and app.screen.view.layout_ is not None:
                break
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        view = screen.view
        layout = view.layout_
        assert layout is not None
        layout.set_width(layout.width - 1)
        layout.set_width(layout.width + 1)  # same width, every height an estimate again
        view._strips.clear()
        estimated_total = layout.total
        view.scroll_to_block(1200)
        before = view.top_position()
        shown = visible_text(view)
        assert before == (1200, 0)
        view.finish_layout()  # every estimate above is corrected now
        assert layout.complete and layout.total != estimated_total
        assert view.top_position() == before
        assert visible_text(view) == shown
        await pilot.pause()
        assert view.top_position() == before
        status = str(screen.query_one("#status-position").render())
        assert f"/{layout.total} " in status and "~" not in status  # exact count shown
        # Scrolling up line by line shows the line just above each time (no skips).
        previous = view.top_position()
        for _ in range(5):
            await pilot.press("k")
            now = view.top_position()
            assert now < previous
            previous = now


async def test_find_carries_over_to_the_next_article(library: Path) -> None:
    app = build(library / "01-first.md")
    async with app.run_test(size=SIZE) as pilot:
        screen = await reader(pilot)
        await pilot.press("slash", *"s2p")
        await pilot.pause(0.3)
        assert str(screen.query_one("#find-count").render()) == "1/6"
        await pilot.press("tab")  # back to the text, bar still open
        await pilot.press("n")
        screen = await reader(pilot)
        assert screen.index == 1 and screen.find_bar.is_open
        assert len(screen._matches) == 6  # "Second article" has Part 2 too
        assert str(screen.query_one("#find-count").render()) == "1/6"
