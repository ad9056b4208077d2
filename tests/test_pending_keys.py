"""Keys pressed before the data they need act once it is there (issue 13, point 2).

Every test holds back one thing with an event — the whole of a big article, the folder's
listing, the index — presses keys meanwhile, checks that nothing was lost (and that the
footer says what the keys wait for), then lets the data in and checks that the keys acted."""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tuireader.ui.screens.reader as reader_module
from tuireader.ingest.load import load_article
from tuireader.ingest.title import load_title
from tuireader.library import indexer, listing
from tuireader.ui.app import ReaderApp, make_app
from tuireader.ui.pending import MAX_WAITING, PendingKeys
from tuireader.ui.screens.reader import ReaderScreen
from tuireader.ui.widgets.key_footer import KeyFooter

SIZE = (110, 32)
ZH = "城市公共阅读空间的建设离不开居民的参与和持续的投入我们在调研中发现开放时间藏书更新志愿服务和空间设计是影响使用率的关键"


def zh_body(paragraphs: int, sections: int = 0) -> str:
    out = []
    for i in range(paragraphs):
        if sections and i % max(1, paragraphs // sections) == 0:
            out.append(f"{'一二三四五六七八九十'[(i * sections // paragraphs) % 10]}、第{i}段起的部分")
        out.append(f"第{i}段。" + ZH * 3 + "。")
    return "\n\n".join(out)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A never-indexed folder: a big article declaring its 下一篇, which is not its neighbour
    in library order, and two others."""
    root = tmp_path / "folder"
    root.mkdir()
    big = "甲篇：开头的报告\n\n" + zh_body(1500, sections=12) + "\n\n上一篇：没有了\n下一篇：乙篇：终章的报告\n"
    (root / "a-first.txt").write_text(big, encoding="utf-8")
    (root / "b-middle.txt").write_text("丙篇：中间的报告\n\n" + zh_body(20), encoding="utf-8")
    (root / "z-last.txt").write_text("乙篇：终章的报告\n\n" + zh_body(20), encoding="utf-8")
    return root


class Gate:
    """An event a monkeypatched function waits on (released at the end in any case)."""

    def __init__(self) -> None:
        self.event = threading.Event()
        self.entered = threading.Event()

    def hold(self, fn: Callable[..., Any]) -> Callable[..., Any]:
        def held(*args: Any, **kwargs: Any) -> Any:
            self.entered.set()
            self.event.wait(30)
            return fn(*args, **kwargs)

        return held

    def open(self) -> None:
        self.event.set()


@pytest.fixture
def gates(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, Gate]]:
    """whole: the reader's parse of the whole article; index: every file the indexer parses;
    listing: the walk of the folder after the first paint."""
    made = {"whole": Gate(), "index": Gate(), "listing": Gate()}
    monkeypatch.setattr(reader_module, "load_article", made["whole"].hold(load_article))
    monkeypatch.setattr(indexer, "parse_one", made["index"].hold(indexer.parse_one))
    monkeypatch.setattr(listing, "folder_listing", made["listing"].hold(listing.folder_listing))
    yield made
    for gate in made.values():
        gate.open()


def launch(path: Path) -> ReaderApp:
    """What `tuireader FILE` builds (no prefetch): a one-entry library, the folder later."""
    from tuireader.store.config import Config

    return make_app(str(path), config=Config(theme="textual-dark"))


@asynccontextmanager
async def running(app: ReaderApp, gates: dict[str, Gate]) -> AsyncIterator[Any]:
    """`app.run_test`, whose gates are all open before it exits (its threads may wait on them)."""
    async with app.run_test(size=SIZE) as pilot:
        try:
            yield pilot
        finally:
            for gate in gates.values():
                gate.open()
            await until(pilot, lambda: not app.indexing and not app.library_settling)


async def reader(pilot: Any) -> ReaderScreen:
    for _ in range(200):
        await pilot.pause(0.01)
        screen = pilot.app.screen
        if isinstance(screen, ReaderScreen) and screen.view.layout_ is not None:
            return screen
    raise AssertionError("no reader on screen")


async def until(pilot: Any, condition: Callable[[], bool], timeout: float = 10.0) -> None:
    for _ in range(int(timeout / 0.02)):
        if condition():
            return
        await pilot.pause(0.02)
    assert condition(), "condition not met in time"


def footer(screen: ReaderScreen) -> str:
    return screen.query_one(KeyFooter).message or ""


def title(screen: ReaderScreen) -> str:
    assert screen.article is not None
    return screen.article.title


# -- the repro ---------------------------------------------------------------------------


async def test_G_then_n_in_a_never_indexed_folder_follows_the_declared_next(
        folder: Path, gates: dict[str, Gate]) -> None:
    app = launch(folder / "a-first.txt")
    async with running(app, gates) as pilot:
        screen = await reader(pilot)
        assert screen.showing_head and len(app.library) == 1
        await pilot.press("G")
        await pilot.pause(0.2)
        await pilot.press("n")
        await pilot.pause(0.1)
        assert title(screen) == "甲篇：开头的报告" and screen._pending.waiting == ["G", "n"]
        assert "G n: reading the rest of the article" in footer(screen)
        gates["listing"].open()  # the folder is listed: n still waits behind G
        await until(pilot, lambda: app.library_listed)
        assert screen._pending.waiting == ["G", "n"]
        gates["whole"].open()  # G goes to the real end, then n follows the declared 下一篇
        await until(pilot, lambda: title(screen) == "乙篇：终章的报告")
        assert app.library_settling  # long before the index is built
        assert app.library.entries[screen.index].path == folder / "z-last.txt"
        assert not screen._pending.waiting and footer(screen) == ""
        gates["index"].open()
        await until(pilot, lambda: not app.library_settling)
        assert app.library.entries[screen.index].path == folder / "z-last.txt"


async def test_n_waits_for_the_folder_listing_then_takes_library_order(
        folder: Path, gates: dict[str, Gate]) -> None:
    gates["whole"].open()
    app = launch(folder / "b-middle.txt")  # no declared links: library order
    async with running(app, gates) as pilot:
        screen = await reader(pilot)
        await pilot.press("n")
        await pilot.pause(0.1)
        assert screen._pending.waiting == ["n"] and "listing the folder" in footer(screen)
        await pilot.press("p")
        await pilot.pause(0.05)
        assert screen._pending.waiting == ["n", "p"]
        gates["listing"].open()
        await until(pilot, lambda: not screen._pending.waiting)
        # n went to z-last, then p came back to b-middle: both acted, in order.
        assert title(screen) == "丙篇：中间的报告"
        assert footer(screen) == ""


async def test_p_waits_for_the_listing_then_says_why_it_cannot(
        folder: Path, gates: dict[str, Gate]) -> None:
    gates["whole"].open()
    app = launch(folder / "a-first.txt")  # first in the folder, and it declares no 上一篇
    async with running(app, gates) as pilot:
        screen = await reader(pilot)
        await pilot.pause(0.3)  # the whole article lands: its links are known
        await pilot.press("p")
        await pilot.pause(0.1)
        assert screen._pending.waiting == ["p"] and "listing the folder" in footer(screen)
        gates["listing"].open()
        await until(pilot, lambda: "No previous article" in footer(screen))
        assert not screen._pending and title(screen) == "甲篇：开头的报告"
        # Once the answer is final, the key is shown disabled in the footer.
        assert screen.check_action("prev_article", ()) is None
        await pilot.pause()
        assert {h.key: h.enabled for h in screen.query_one(KeyFooter).hints}["p"] is False


async def test_declared_previous_and_next_are_both_found_before_the_index(
        tmp_path: Path, gates: dict[str, Gate]) -> None:
    root = tmp_path / "links"
    root.mkdir()
    for name, heading in (("a.txt", "第一篇：城市的报告"), ("b.txt", "第二篇：乡村的报告"),
                          ("y.txt", "后记：写在最后的话"), ("z.txt", "序言：写在前面的话")):
        (root / name).write_text(f"{heading}\n\n" + zh_body(5), encoding="utf-8")
    (root / "m.txt").write_text("正文：中间的报告\n\n" + zh_body(5) + "\n\n上一篇：序言：写在前面的话\n下一篇：后记：写在最后的话\n",
                                encoding="utf-8")
    gates["whole"].open()
    gates["listing"].open()
    app = launch(root / "m.txt")
    async with running(app, gates) as pilot:
        screen = await reader(pilot)
        await pilot.press("p")  # library order would give b.txt; the declared 上一篇 is z.txt
        await until(pilot, lambda: title(screen) == "序言：写在前面的话")
        assert app.library_settling  # found by the heads of the files, not by the index
        assert app.library.entries[screen.index].rel == "z.txt"


# -- the whole of a big article ------------------------------------------------------------------


@pytest.mark.parametrize("key", ["G", "right_square_bracket", "right_curly_bracket"])
async def test_keys_that_need_the_whole_article_act_when_it_lands(
        folder: Path, gates: dict[str, Gate], key: str) -> None:
    gates["listing"].open()
    app = launch(folder / "a-first.txt")
    async with running(app, gates) as pilot:
        screen = await reader(pilot)
        assert screen.showing_head
        head_blocks = len(screen.article.blocks)  # type: ignore[union-attr]
        if key != "G":
            # Go to the last section of the head first: the next one lies beyond it.
            last = max(e.block for e in screen.article.outline)  # type: ignore[union-attr]
            screen.jump_to_block(last)
            await pilot.pause()
        await pilot.press(key)
        await pilot.pause(0.1)
        assert len(screen._pending) == 1 and "reading the rest of the article" in footer(screen)
        before = screen.view.top_position()[0]
        gates["whole"].open()
        await until(pilot, lambda: not screen.showing_head and not screen._pending)
        await pilot.pause()
        top = screen.view.top_position()[0]
        assert top > before
        if key == "G":
            assert screen.view.scroll_y == screen.view.max_scroll_y
        else:
            assert top >= head_blocks - 5  # a section beyond the head's last one


@pytest.mark.parametrize(("key", "name"), [("left_square_bracket", "["), ("left_curly_bracket", "{")])
async def test_keys_keep_their_order_behind_a_waiting_one(
        folder: Path, gates: dict[str, Gate], key: str, name: str) -> None:
    gates["listing"].open()
    app = launch(folder / "a-first.txt")
    async with running(app, gates) as pilot:
        screen = await reader(pilot)
        await pilot.press("G", key)  # [ or { after G: the last (top-level) section's start
        await pilot.pause(0.1)
        assert screen._pending.waiting == ["G", name]
        gates["whole"].open()
        await until(pilot, lambda: not screen._pending and not screen.showing_head)
        article = screen.article
        assert article is not None
        top = screen.view.top_position()[0]
        assert top == max(e.block for e in article.outline)


async def test_b_during_the_head_saves_the_bookmark_when_the_whole_lands(
        folder: Path, gates: dict[str, Gate]) -> None:
    gates["listing"].open()
    app = launch(folder / "a-first.txt")
    async with running(app, gates) as pilot:
        screen = await reader(pilot)
        await pilot.press("space", "b")
        await pilot.pause(0.2)
        await pilot.press(*"note", "enter")
        await pilot.pause(0.1)
        assert screen._pending.waiting == ["b"] and "reading the rest" in footer(screen)
        assert app.bookmarks.all() == []
        gates["whole"].open()
        await until(pilot, lambda: not screen._pending)
        await until(pilot, lambda: any("Bookmarked" in n.message for n in app._notifications))
        marks = app.bookmarks.for_article(app.library.root, "a-first.txt", screen._fingerprint)
        assert [m.note for m in marks] == ["note"]


# -- the index ----------------------------------------------------------------------------------


async def test_s_before_the_index_is_built_answers_when_it_is(folder: Path, gates: dict[str, Gate]) -> None:
    from textual.widgets import OptionList

    from tuireader.ui.screens.search import SearchScreen

    gates["whole"].open()
    gates["listing"].open()
    app = launch(folder / "b-middle.txt")
    async with running(app, gates) as pilot:
        await reader(pilot)
        await pilot.press("s")
        await pilot.pause(0.1)
        assert isinstance(app.screen, SearchScreen)
        await pilot.press(*"终章")
        await until(pilot, lambda: "still being indexed" in str(app.screen.query_one("#search-status").render()))
        assert app.screen.query_one(OptionList).option_count == 0
        gates["index"].open()
        await until(pilot, lambda: not app.library_settling)
        await until(pilot, lambda: app.screen.query_one(OptionList).option_count > 0)
        assert any(h.rel == "z-last.txt" for h in app.screen.hits)  # type: ignore[attr-defined]


# -- the queue on its own ------------------------------------------------------------------------


def test_pending_keys_replay_in_order_and_stop_at_the_first_still_waiting() -> None:
    said: list[str | None] = []
    ready = {"a": False, "b": True}
    done: list[str] = []
    keys = PendingKeys(said.append)

    def attempt(name: str, needs: str) -> Callable[[], str | None]:
        def run() -> str | None:
            if not ready[needs]:
                return f"waiting for {needs}"
            done.append(name)
            return None
        return run

    keys.run("x", attempt("x", "a"))
    keys.run("y", attempt("y", "b"))  # ready, but behind x
    assert done == [] and keys.waiting == ["x", "y"] and said[-1] == "x y: waiting for a…"
    keys.replay()
    assert done == [] and said[-1] == "x y: waiting for a…"
    ready["a"] = True
    keys.replay()
    assert done == ["x", "y"] and not keys and None in said[-3:]
    keys.run("z", attempt("z", "b"))  # nothing waiting: runs at once
    assert done == ["x", "y", "z"]


def test_pending_keys_refuse_more_than_the_limit_and_say_so() -> None:
    said: list[str | None] = []
    keys = PendingKeys(said.append)
    for _ in range(MAX_WAITING + 3):
        keys.run("n", lambda: "waiting")
    assert len(keys) == MAX_WAITING
    assert said[-1] == "n: not done, too many keys are waiting already"


# -- titles from the first bytes ------------------------------------------------------------------


def test_load_title_matches_the_whole_parse(folder: Path) -> None:
    for path in sorted(folder.iterdir()):
        assert load_title(path) == load_article(path).title


@settings(max_examples=60, deadline=None)
@given(data=st.binary(max_size=40_000), suffix=st.sampled_from([".txt", ".md", ".html"]))
def test_load_title_never_raises_and_is_one_line(tmp_path_factory: pytest.TempPathFactory,
                                                 data: bytes, suffix: str) -> None:
    path = tmp_path_factory.mktemp("title") / f"some-file{suffix}"
    path.write_bytes(data)
    found = load_title(path)
    assert found and "\n" not in found and found == " ".join(found.split())
