"""Pilot tests of the application shell: launch flows, library screen, help, palette,
theme, keymap, quit, and the hand-over to the reader, search and bookmarks screens."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from importlib.resources import files
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input

from tuireader.cli.launch import check_path, launch
from tuireader.library.catalog import Library, natural_key
from tuireader.library.sample import sample_library_path
from tuireader.store.config import Config
from tuireader.store.paths import config_path
from tuireader.store.state import StateStore
from tuireader.ui.app import (
    FILE_REFRESH_DELAY,
    ReaderApp,
    make_app,
    resolve_target,
)
from tuireader.ui.bindings import APP_BINDINGS, GROUPS, LIBRARY_BINDINGS, READER_BINDINGS, all_ids
from tuireader.ui.screens.help import HelpScreen
from tuireader.ui.screens.library import LibraryList, LibraryScreen

SIZE = (120, 40)
SAMPLE_FILES = {
    "01-community-reading-rooms.txt",
    "02-night-readers-map.txt",
    "03-slow-reading.md",
    "04-tea-terraces.html",
    "05-night-running-notes.md",
    "06-notes-on-plain-text.txt",
}


@pytest.fixture
def library_dir(tmp_path: Path) -> Path:
    """A private copy of the sample library (tests may add broken files to it)."""
    root = tmp_path / "articles"
    root.mkdir()
    for name in SAMPLE_FILES:
        shutil.copy(sample_library_path() / name, root / name)
    return root


def long_html(sections: int = 12, paragraphs: int = 5) -> str:
    """A long article with `sections` h2 sections, so jumps really scroll at 120x40."""
    parts = ["<!DOCTYPE html><html><head><meta charset='utf-8'><title>A Long Walk</title></head>",
             "<body><article><h1>A Long Walk</h1>"]
    for s in range(1, sections + 1):
        parts.append(f"<h2>Stage {s}</h2>")
        for p in range(1, paragraphs + 1):
            sentence = f"On stage {s} the walker passed milestone {p} and kept a steady pace along the road. "
            parts.append(f"<p>{sentence * 4}</p>")
    parts.append("</article></body></html>")
    return "\n".join(parts)


@pytest.fixture
def long_library(library_dir: Path) -> Path:
    """The sample library plus one long HTML article (`07-long-walk.html`)."""
    (library_dir / "07-long-walk.html").write_text(long_html(), encoding="utf-8")
    return library_dir


async def until(pilot: Any, condition: Callable[[], bool], timeout: float = 5.0) -> None:
    """Let the app run until `condition()` holds (deferred start-up work runs after the
    first paint, on a timer or in threads); fail after `timeout` seconds."""
    for _ in range(int(timeout / 0.05)):
        if condition():
            return
        await pilot.pause(0.05)
    assert condition(), "condition not met in time"


def app_for(path: str | Path | None, **kwargs: object) -> ReaderApp:
    """The app as the CLI builds it, with the default theme and no background rescan."""
    if "library" not in kwargs and path is not None:
        target = Path(path)
        kwargs["library"] = Library.open(target if target.is_dir() else target.parent)
    kwargs.setdefault("config", Config(theme="textual-dark"))
    kwargs.setdefault("refresh", False)
    return make_app(None if path is None else str(path), **kwargs)  # type: ignore[arg-type]


def library_list(app: ReaderApp) -> LibraryList:
    return app.screen.query_one(LibraryList)


def titles_shown(app: ReaderApp) -> list[str]:
    lst = library_list(app)
    return [lst.rows[i].title for i in lst.order]


# -- packaging ------------------------------------------------------------------------------


def test_sample_library_ships_as_package_data() -> None:
    names = {p.name for p in files("tuireader.sample").iterdir()}
    assert SAMPLE_FILES <= names
    ui = files("tuireader.ui")
    assert (ui / "app.tcss").is_file()
    assert (ui / "screens" / "library.tcss").is_file()


def test_sample_library_has_structure_and_a_linked_pair() -> None:
    lib = Library.open(sample_library_path())
    assert len(lib) >= 5 and not [e for e in lib.entries if e.error]
    assert {e.path.suffix for e in lib.entries} >= {".txt", ".md", ".html"}
    assert any(e.cjk_chars > 500 for e in lib.entries) and any(e.words > 200 for e in lib.entries)
    first = lib.index_of("01-community-reading-rooms.txt")
    second = lib.index_of("02-night-readers-map.txt")
    assert first is not None and second is not None
    assert lib.neighbour(first, +1) == second and lib.neighbour(second, -1) == first
    article = lib.load(first)
    levels = {e.level for e in article.outline}
    assert {1, 2} <= levels, "the Chinese report must have 一、 and （一） levels"


# -- launch ---------------------------------------------------------------------------------


def test_check_path_accepts_folders_and_article_files(library_dir: Path) -> None:
    assert check_path(str(library_dir)) is None
    assert check_path(str(library_dir / "03-slow-reading.md")) is None


@pytest.mark.parametrize(
    ("name", "expected"),
    [("missing.txt", "no such file"), ("notes.pdf", "unsupported file type .pdf")],
)
def test_argument_errors_are_one_line_with_status_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, expected: str
) -> None:
    if name.endswith(".pdf"):
        (tmp_path / name).write_bytes(b"%PDF-1.4")
    assert launch(str(tmp_path / name)) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1
    assert expected in err and err.startswith("tuireader: error: ")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_is_not_a_file_or_folder(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    assert "not a file or folder" in (check_path(str(fifo)) or "")


def test_cli_argument_error_through_the_console_entry(tmp_path: Path) -> None:
    out = subprocess.run(
        [sys.executable, "-m", "tuireader", str(tmp_path / "nope")], capture_output=True, text=True
    )
    assert out.returncode == 2
    assert out.stderr.count("\n") == 1 and "no such file or folder" in out.stderr


def test_folder_opens_its_library(library_dir: Path) -> None:
    app = app_for(library_dir)
    assert app.library.root == library_dir.resolve()
    assert app.initial is None and len(app.library) == len(SAMPLE_FILES)


def test_file_opens_the_article_with_its_folder_as_library(library_dir: Path) -> None:
    target = library_dir / "04-tea-terraces.html"
    app = app_for(target)
    assert app.library.root == library_dir.resolve()
    assert app.initial is not None
    assert app.library.entries[app.initial].path == target.resolve()


def test_no_path_opens_the_configured_library(library_dir: Path) -> None:
    root, article, notices = resolve_target(None, Config(library=str(library_dir)))
    assert root == library_dir.resolve() and article is None and notices == []


def test_config_file_library_is_used_by_make_app(library_dir: Path) -> None:
    path = config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f'library = "{library_dir.as_posix()}"\n', encoding="utf-8")
    app = make_app(None, refresh=False)
    assert app.library.root == library_dir.resolve()


def test_no_path_and_no_config_opens_the_sample_library() -> None:
    root, _, notices = resolve_target(None, Config())
    assert root == sample_library_path() and notices == []


def test_a_missing_configured_library_falls_back_to_the_sample_with_a_notice(tmp_path: Path) -> None:
    root, _, notices = resolve_target(None, Config(library=str(tmp_path / "gone")))
    assert root == sample_library_path()
    assert len(notices) == 1 and "gone" in notices[0]


# -- library screen ---------------------------------------------------------------------------


def test_length_column_counts_cjk_characters_and_english_words_in_their_own_units() -> None:
    from tuireader.library.catalog import LibraryEntry
    from tuireader.ui.screens.library import LENGTH_W, format_length, format_progress

    zh = LibraryEntry(path=Path("a.txt"), rel="a.txt", title="中文", cjk_chars=4000)
    en = LibraryEntry(path=Path("b.md"), rel="b.md", title="English", words=2300)
    huge = LibraryEntry(path=Path("c.md"), rel="c.md", title="Huge", words=123_456)
    assert format_length(zh) == "4.0k字 · 10 min"
    assert format_length(en) == "2.3k words · 10 min"
    assert len(format_length(huge)) <= LENGTH_W
    assert format_length(LibraryEntry(path=Path("d.txt"), rel="d.txt", title="Empty")) == ""
    assert [format_progress(p) for p in (None, 0.0, 0.42, 0.985, 0.992, 1.0)] == ["", "0%", "42%", "98%", "done", "done"]


async def test_library_screen_lists_titles_not_file_names(library_dir: Path) -> None:
    app = app_for(library_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
        shown = titles_shown(app)
        assert len(shown) == len(SAMPLE_FILES)
        assert "Terraces in the Clouds: A Season on a Mountain Tea Farm" in shown
        assert not any(title.endswith((".txt", ".md", ".html")) for title in shown)
        lst = library_list(app)
        first = lst.rows[lst.order[0]]
        assert "字" in first.length and "min" in first.length


async def test_typing_filters_and_escape_clears(library_dir: Path) -> None:
    app = app_for(library_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"tea")
        await pilot.pause()
        assert app.screen.query_one("#library-filter", Input).value == "tea"
        assert titles_shown(app) == ["Terraces in the Clouds: A Season on a Mountain Tea Farm"]
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen.query_one("#library-filter", Input).value == ""
        assert len(titles_shown(app)) == len(SAMPLE_FILES)
        assert app.focused is library_list(app)


async def test_a_letter_that_is_not_a_key_starts_the_filter(library_dir: Path) -> None:
    app = app_for(library_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*"map")
        await pilot.pause()
        assert app.screen.query_one("#library-filter", Input).value == "map"
        assert titles_shown(app) == ["夜读者的地图：城市公共阅读空间漫记"]


async def test_filter_matches_author_and_path(library_dir: Path) -> None:
    app = app_for(library_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"reyes")
        await pilot.pause()
        assert len(titles_shown(app)) == 1
        app.screen.query_one("#library-filter", Input).value = "plain-text"
        await pilot.pause()
        assert titles_shown(app) == ["Notes on Keeping Notes in Plain Text"]


async def test_sort_cycles_and_is_remembered(library_dir: Path) -> None:
    app = app_for(library_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, LibraryScreen) and screen.order_name == "library"
        await pilot.press("o")
        assert screen.order_name == "date"
        dated = [app.library.entries[i].date for i in library_list(app).order]
        present = [d for d in dated if d]
        assert present == sorted(present, reverse=True)
        assert [bool(d) for d in dated] == sorted((bool(d) for d in dated), reverse=True)
        await pilot.press("o")
        assert screen.order_name == "title"
        shown = titles_shown(app)
        assert shown == sorted(shown, key=natural_key)
        await pilot.press("q")
    assert saved_pref("order") == "title"


def saved_pref(name: str) -> object:
    """A preference as a new run of the app would read it from state.toml."""
    store = StateStore()
    assert store.load() == []
    return store.get_pref(name)


async def test_cursor_keys_move_through_the_list(library_dir: Path) -> None:
    app = app_for(library_dir)
    async with app.run_test(size=SIZE) as pilot:
        lst = library_list(app)
        await pilot.press("j", "j")
        assert lst.cursor == 2
        await pilot.press("k")
        assert lst.cursor == 1
        await pilot.press("G")
        assert lst.cursor == len(SAMPLE_FILES) - 1
        await pilot.press("g")
        assert lst.cursor == 0


async def test_error_entries_show_their_reason_and_the_rest_works(library_dir: Path) -> None:
    (library_dir / "00-broken.html").write_bytes(b"")
    (library_dir / "07-secret.txt").write_text("hidden", encoding="utf-8")
    os.chmod(library_dir / "07-secret.txt", 0)
    app = app_for(library_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        lst = library_list(app)
        errors = [lst.rows[i] for i in lst.order if lst.rows[i].error]
        if os.geteuid() != 0:
            assert len(errors) >= 1
        assert all(row.length.startswith("⚠") for row in errors)
        await pilot.press("slash", *"tea")
        assert len(titles_shown(app)) == 1


async def test_a_library_of_10000_entries_shows_at_once(tmp_path: Path) -> None:
    from tuireader.library.catalog import LibraryEntry

    entries = [
        LibraryEntry(path=tmp_path / f"{i}.txt", rel=f"{i}.txt", title=f"Article {i}", words=300 + i)
        for i in range(10_000)
    ]
    lib = Library(root=tmp_path, entries=entries)
    app = app_for(tmp_path, library=lib)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        lst = library_list(app)
        assert len(lst.order) == 10_000
        await pilot.press("G")
        assert lst.current == 9_999
        assert lst.scroll_y > 9_900
        await pilot.press(*"9999")
        assert titles_shown(app) == ["Article 9999"]


# -- help, palette, keymap, theme, quit ----------------------------------------------------------


def test_binding_ids_are_unique_per_group_and_documented() -> None:
    for group in GROUPS.values():
        ids = [b.id for b in group]
        assert all(ids) and len(ids) == len(set(ids))
        assert all(b.tooltip for b in group)
    required = {
        "line-down", "line-up", "page-down", "page-up", "top", "end", "next-section", "prev-section",
        "next-top-section", "prev-top-section", "next-article", "prev-article", "toggle-outline",
        "focus-next", "back", "bookmark", "bookmarks", "find", "wider", "narrower", "search", "help",
        "quit", "theme",
    }
    assert required <= all_ids()


async def test_help_lists_every_binding(library_dir: Path) -> None:
    app = app_for(library_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = "\n".join(str(t.columns[1]._cells) for _, t in app.screen.sections())
        for binding in APP_BINDINGS + LIBRARY_BINDINGS + READER_BINDINGS:
            assert binding.tooltip in text, binding.id
        await pilot.press("escape")
        assert isinstance(app.screen, LibraryScreen)


async def test_keymap_from_config_rebinds_and_help_shows_it(library_dir: Path) -> None:
    config = Config(theme="textual-dark", keys={"sort": "S", "no-such-action": "x"})
    app = app_for(library_dir, config=config)
    assert any("no-such-action" in n for n in app.notices)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, LibraryScreen)
        await pilot.press("S")
        assert screen.order_name == "date"
        await pilot.press("o")  # the old key no longer sorts: it starts the filter
        assert screen.order_name == "date"
        await pilot.press("escape", "question_mark")
        await pilot.pause()
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        rows = {
            str(tip): str(keys)
            for _, table in help_screen.sections()
            for keys, tip in zip(table.columns[0]._cells, table.columns[1]._cells, strict=True)
        }
        sort_tip = next(b.tooltip for b in LIBRARY_BINDINGS if b.id == "sort")
        assert rows[sort_tip] == "S"


async def test_command_palette_offers_actions_and_articles(library_dir: Path) -> None:
    from textual.command import CommandPalette

    app = app_for(library_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"sort")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, LibraryScreen) and screen.order_name == "date"


async def test_theme_choice_persists(library_dir: Path) -> None:
    app = app_for(library_dir)
    async with app.run_test(size=SIZE) as pilot:
        app.theme = "nord"
        await pilot.pause()
        await pilot.press("q")
    again = app_for(library_dir)
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert again.theme == "nord"


async def test_unknown_config_theme_is_a_notice(library_dir: Path) -> None:
    app = app_for(library_dir, config=Config(theme="no-such-theme"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.theme == "textual-dark"
        assert any("no-such-theme" in n for n in app.notices)


async def test_q_quits(library_dir: Path) -> None:
    app = app_for(library_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0


# -- the reader and the screens on top of it -------------------------------------------------------


def reader_screen_class() -> type:
    module = pytest.importorskip("tuireader.ui.screens.reader")
    return module.ReaderScreen  # type: ignore[no-any-return]


def index_of(app: ReaderApp, name: str) -> int:
    found = app.library.index_of(name)
    assert found is not None
    return found


async def test_enter_opens_the_article_and_escape_returns_to_it_in_the_list(library_dir: Path) -> None:
    reader = reader_screen_class()
    app = app_for(library_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "j", "enter")
        await pilot.pause()
        assert isinstance(app.screen, reader)
        assert app.screen.index == 2  # type: ignore[attr-defined]
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
        assert library_list(app).current == 2


async def test_launch_with_a_file_shows_that_article_first(library_dir: Path) -> None:
    reader = reader_screen_class()
    app = app_for(library_dir / "03-slow-reading.md")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, reader)
        assert app.screen.index == index_of(app, "03-slow-reading.md")  # type: ignore[attr-defined]
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
        assert len(titles_shown(app)) == len(SAMPLE_FILES)
        assert library_list(app).current == index_of(app, "03-slow-reading.md")
        assert app.focused is library_list(app)


async def test_n_and_p_follow_the_declared_pair_through_the_app(library_dir: Path) -> None:
    reader = reader_screen_class()
    app = app_for(library_dir)
    first, second = index_of(app, "01-community-reading-rooms.txt"), index_of(app, "02-night-readers-map.txt")
    async with app.run_test(size=SIZE) as pilot:
        app.open_article(first)
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, reader) and screen.index == second  # type: ignore[attr-defined]
        await pilot.press("p")
        await pilot.pause()
        assert app.screen.index == first  # type: ignore[attr-defined]
        assert sum(isinstance(s, reader) for s in app.screen_stack) == 1


async def test_open_article_replaces_an_open_reader(library_dir: Path) -> None:
    reader = reader_screen_class()
    app = app_for(library_dir)
    async with app.run_test(size=SIZE) as pilot:
        app.open_article(0)
        await pilot.pause()
        app.open_article(3, block=2)
        await pilot.pause()
        assert sum(isinstance(s, reader) for s in app.screen_stack) == 1
        assert app.screen.index == 3  # type: ignore[attr-defined]
        await pilot.press("escape")
        assert isinstance(app.screen, LibraryScreen)


async def test_a_file_that_fails_to_load_shows_a_message_and_the_rest_works(library_dir: Path) -> None:
    reader = reader_screen_class()
    app = app_for(library_dir)
    broken = index_of(app, "06-notes-on-plain-text.txt")
    (library_dir / "06-notes-on-plain-text.txt").unlink()
    async with app.run_test(size=SIZE) as pilot:
        app.open_article(broken)
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, reader)
        assert screen.article is None and screen.error  # type: ignore[attr-defined]
        await pilot.press("escape")
        app.open_article(index_of(app, "04-tea-terraces.html"))
        await pilot.pause()
        assert app.screen.article is not None  # type: ignore[attr-defined]


async def test_quit_from_the_reader_saves_the_position(long_library: Path) -> None:
    reader_screen_class()
    app = app_for(long_library)
    long = index_of(app, "07-long-walk.html")
    async with app.run_test(size=SIZE) as pilot:
        app.open_article(long)
        await pilot.pause()
        await pilot.press("G")
        await pilot.pause()
        await pilot.press("q")
    again = app_for(long_library)
    entry = again.library.entries[long]
    progress = again.progress_of(entry)
    assert progress is not None and progress > 0.9
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        lst = library_list(again)
        assert lst.rows[long].progress in ("done", f"{int(progress * 100)}%")


async def test_section_commands_in_the_palette_jump(long_library: Path) -> None:
    reader_screen_class()
    app = app_for(long_library)
    async with app.run_test(size=SIZE) as pilot:
        app.open_article(index_of(app, "07-long-walk.html"))
        await pilot.pause()
        await pilot.press("ctrl+p", *"section: stage 7")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        article = screen.article  # type: ignore[attr-defined]
        stage = next(e.block for e in article.outline if e.title == "Stage 7")
        assert screen.view.top_position()[0] == stage  # type: ignore[attr-defined]


async def test_B_opens_bookmarks_and_choosing_one_opens_the_article_there(long_library: Path) -> None:
    from tuireader.ui.screens.bookmarks import BookmarksScreen

    reader_screen_class()
    app = app_for(long_library)
    long = index_of(app, "07-long-walk.html")
    article = app.library.load(long)
    app.bookmarks.add(app.library.root, "07-long-walk.html", article, 30, note="halfway")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("B")
        await pilot.pause()
        assert isinstance(app.screen, BookmarksScreen)
        await pilot.press("enter")
        await pilot.pause(0.2)
        screen = app.screen
        assert screen.index == long  # type: ignore[attr-defined]
        assert screen.view.top_position()[0] == 30  # type: ignore[attr-defined]


async def test_s_opens_search_and_a_hit_opens_the_article_highlighted(library_dir: Path) -> None:
    search_module = pytest.importorskip("tuireader.ui.screens.search")
    reader = reader_screen_class()
    indexed = Library.open_cached(library_dir)
    indexed.refresh()  # search reads the library's index
    app = app_for(library_dir, library=indexed)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, search_module.SearchScreen)
        await pilot.press(*"withering")
        await pilot.pause(0.5)
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause(0.3)
        screen = app.screen
        assert isinstance(screen, reader)
        assert screen.index == index_of(app, "04-tea-terraces.html")  # type: ignore[attr-defined]


async def test_first_run_indexes_in_the_background_and_the_list_updates(library_dir: Path) -> None:
    app = make_app(str(library_dir), config=Config(theme="textual-dark"))
    assert len(app.library) == 0  # a cold index: nothing cached yet
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: not app.library_settling)  # started after the first paint
        await pilot.pause()
        assert len(titles_shown(app)) == len(SAMPLE_FILES)
        assert not app.indexing


async def test_a_first_indexing_fills_the_list_while_it_runs(library_dir: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    import threading

    from tuireader.library import indexer
    from tuireader.ui import app as app_module

    gate = threading.Event()
    parsed: list[str] = []
    real = indexer.parse_one

    def gated(root: str, rel: str) -> object:
        if len(parsed) == 3:
            gate.wait(20)  # hold the fourth file: the first three must already be listed
        parsed.append(rel)
        return real(root, rel)

    monkeypatch.setattr(indexer, "parse_one", gated)
    monkeypatch.setattr(indexer, "WRITE_BATCH_SECONDS", 0.0)  # every file is its own batch
    monkeypatch.setattr(app_module, "LIVE_INTERVAL", 0.0)
    app = make_app(str(library_dir), config=Config(theme="textual-dark"))
    try:
        async with app.run_test(size=SIZE) as pilot:
            for _ in range(100):
                await pilot.pause(0.02)
                if len(titles_shown(app)) == 3:
                    break
            assert len(titles_shown(app)) == 3 and app.indexing
            await pilot.press("enter")  # an article can be opened while the rest is indexed
            await pilot.pause()
            reader = app.screen
            opened = reader.article.title  # type: ignore[attr-defined]
            gate.set()
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert not app.indexing
            assert reader.article.title == opened  # type: ignore[attr-defined]
            assert app.library.entries[reader.index].title == opened  # type: ignore[attr-defined]
            await pilot.press("escape")
            await pilot.pause()
            assert len(titles_shown(app)) == len(SAMPLE_FILES)
    finally:
        gate.set()


_POOLED_REFRESH = """
import asyncio, json, sys
from tuireader.store.config import Config
from tuireader.ui.app import make_app

async def main() -> None:
    app = make_app(sys.argv[1], config=Config(theme="textual-dark"))
    async with app.run_test(size=(100, 30)) as pilot:
        while app.library_settling:  # indexing starts after the first paint
            await pilot.pause(0.05)
        await pilot.pause()
        print(json.dumps({"entries": len(app.library), "notices": [n.message for n in app._notifications]}))

if __name__ == "__main__":
    asyncio.run(main())
"""


def test_first_indexing_in_worker_processes_works_inside_the_app(tmp_path: Path) -> None:
    """Enough files for the indexer's process pool, in a fresh interpreter (no resource
    tracker yet) while Textual has replaced sys.stderr: the pool must still start."""
    import json

    root = tmp_path / "many"
    root.mkdir()
    for i in range(40):
        (root / f"{i:02d}.md").write_text(f"# Note {i}\n\nA short note, number {i}.\n", encoding="utf-8")
    script = tmp_path / "run_app.py"
    script.write_text(_POOLED_REFRESH, encoding="utf-8")
    out = subprocess.run(
        [sys.executable, str(script), str(root)], capture_output=True, text=True, timeout=120
    )
    assert out.returncode == 0, out.stderr[-2000:]
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result["entries"] == 40, result["notices"]


@pytest.mark.parametrize("size", [(80, 24), (100, 30), (120, 40), (200, 60)])
async def test_no_character_is_lost_at_the_right_edge(library_dir: Path, size: tuple[int, int]) -> None:
    """Every character of a CJK paragraph is on screen at common terminal sizes (a text
    column one cell too wide for the view would crop the last character of each line)."""
    reader_screen_class()
    app = app_for(library_dir)
    async with app.run_test(size=size) as pilot:
        app.open_article(index_of(app, "02-night-readers-map.txt"))
        await pilot.pause(0.2)
        view = app.screen.view  # type: ignore[attr-defined]
        shown = "".join(view.render_line(y).text for y in range(view.size.height))
        first = next(b.text for b in app.screen.article.blocks if b.kind == "paragraph")  # type: ignore[attr-defined]
        assert "".join(first.split()) in "".join(shown.split())


async def test_palette_opens_an_article_by_title(library_dir: Path) -> None:
    reader = reader_screen_class()
    app = app_for(library_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p", *"open article terraces")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause(0.2)
        assert isinstance(app.screen, reader)
        assert app.screen.index == index_of(app, "04-tea-terraces.html")  # type: ignore[attr-defined]


async def test_palette_lists_every_reader_action_with_its_key(library_dir: Path) -> None:
    from tuireader.ui.commands import BindingCommands

    reader_screen_class()
    app = app_for(library_dir)
    async with app.run_test(size=SIZE) as pilot:
        app.open_article(index_of(app, "01-community-reading-rooms.txt"))
        await pilot.pause()
        provider = BindingCommands(app.screen)
        titles = {title: help_text for title, _, help_text in provider._commands()}
        assert "Next article" in titles and titles["Next article"].startswith("n ·")
        assert "Prev article" not in titles  # the first article: p is disabled, so not offered
        assert {"Toggle outline", "Bookmark", "Find", "Search", "Help", "Quit", "Theme"} <= set(titles)


async def test_T_opens_the_theme_picker(library_dir: Path) -> None:
    from textual.command import CommandPalette

    app = app_for(library_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("T")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)


async def test_cli_file_reads_first_then_adopts_the_folder_index(library_dir: Path) -> None:
    """`tuireader FILE`: the article is shown from a one-entry library; the folder's index is
    read and refreshed in the background, and the open reader keeps pointing at the file."""
    reader = reader_screen_class()
    target = library_dir / "05-night-running-notes.md"
    app = make_app(str(target), config=Config(theme="textual-dark"))
    assert len(app.library) == 1 and app.cache_pending
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, reader) and screen.article is not None  # type: ignore[attr-defined]
        await pilot.pause(FILE_REFRESH_DELAY + 0.2)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert len(app.library) == len(SAMPLE_FILES) and not app.cache_pending
        assert app.library.entries[screen.index].path == target.resolve()  # type: ignore[attr-defined]
        await pilot.press("escape")
        await pilot.pause()
        assert len(titles_shown(app)) == len(SAMPLE_FILES)
        assert library_list(app).current == app.library.index_of(target)


async def test_config_keys_rebind_reader_actions(library_dir: Path) -> None:
    reader_screen_class()
    config = Config(theme="textual-dark", keys={"next-article": "N,ctrl+n"})
    app = app_for(library_dir, config=config)
    first, second = index_of(app, "01-community-reading-rooms.txt"), index_of(app, "02-night-readers-map.txt")
    async with app.run_test(size=SIZE) as pilot:
        app.open_article(first)
        await pilot.pause()
        await pilot.press("n")  # the default key is gone
        await pilot.pause()
        assert app.screen.index == first  # type: ignore[attr-defined]
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert app.screen.index == second  # type: ignore[attr-defined]


async def test_the_app_shows_the_prefetched_article_without_parsing_it(library_dir: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    from tuireader.reading import prefetch as prefetch_module
    from tuireader.ui.screens import reader as reader_module

    if not hasattr(os, "fork"):
        pytest.skip("prefetch needs os.fork")
    target = library_dir / "03-slow-reading.md"
    job = prefetch_module.prefetch_article(target)
    assert job is not None

    def no_parse(*args: object, **kwargs: object) -> None:
        raise AssertionError("parsed in-process although a prefetched article was given")

    monkeypatch.setattr(reader_module, "load_article_head", no_parse)
    monkeypatch.setattr(Library, "load", no_parse)
    app = app_for(target, prefetch=job)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert screen.article is not None  # type: ignore[attr-defined]
        assert screen.article.title == "The Case for Slow Reading on Fast Machines"  # type: ignore[attr-defined]
        assert screen.error is None  # type: ignore[attr-defined]


async def test_a_prefetch_for_another_file_is_not_used(library_dir: Path) -> None:
    if not hasattr(os, "fork"):
        pytest.skip("prefetch needs os.fork")
    from tuireader.reading.prefetch import prefetch_article

    job = prefetch_article(library_dir / "01-community-reading-rooms.txt")
    app = app_for(library_dir / "03-slow-reading.md", prefetch=job)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.screen.article.title == "The Case for Slow Reading on Fast Machines"  # type: ignore[attr-defined]


async def test_bookmarks_on_disk_appear_once_read_after_the_first_screen(long_library: Path) -> None:
    from tuireader.store.bookmarks import BookmarkStore

    article = Library.open(long_library).load(index_of(app_for(long_library), "07-long-walk.html"))
    BookmarkStore().add(long_library, "07-long-walk.html", article, 3, note="early")
    app = app_for(long_library / "07-long-walk.html")
    assert app.bookmarks.all() == []  # not read before the app runs
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: app.bookmarks_ready)
        await pilot.pause()
        assert [b.note for b in app.bookmarks.all()] == ["early"]
        assert app.screen.view._bookmarks == {3}  # type: ignore[attr-defined]


async def test_a_bookmark_added_before_the_file_is_read_keeps_the_others(long_library: Path) -> None:
    from tuireader.store.bookmarks import BookmarkStore

    article = Library.open(long_library).load(index_of(app_for(long_library), "07-long-walk.html"))
    BookmarkStore().add(long_library, "07-long-walk.html", article, 3, note="early")
    app = app_for(long_library / "07-long-walk.html")
    app.bookmarks.add(long_library, "07-long-walk.html", article, 9, note="later")  # store unread
    again = BookmarkStore(app.bookmarks.path)
    again.load()
    assert sorted(b.note for b in again.all()) == ["early", "later"]


async def test_the_footer_redraws_only_when_the_keys_it_shows_change(long_library: Path) -> None:
    from tuireader.ui.widgets.key_footer import KeyFooter

    app = app_for(long_library / "07-long-walk.html")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.1)
        footer = app.screen.query_one(KeyFooter)
        redraws: list[int] = []
        original = footer.refresh

        def counting(*args: object, **kwargs: object) -> object:
            redraws.append(1)
            return original(*args, **kwargs)  # type: ignore[arg-type]

        footer.refresh = counting  # type: ignore[method-assign]
        for _ in range(3):
            app.screen.refresh_bindings()
        await pilot.pause(0.1)
        assert redraws == []  # same keys: nothing redrawn
        keys = {h.key: h.enabled for h in footer.hints}
        assert keys["n"] is False and keys["p"] is True  # the last article: n is shown disabled
        assert app.screen.index == len(app.library.entries) - 1  # type: ignore[attr-defined]
        await pilot.press("p")  # from the last article: `n` turns from disabled to enabled
        await pilot.pause(0.2)
        assert len(redraws) >= 1
        assert {h.key: h.enabled for h in footer.hints}["n"] is True


async def test_clicking_a_key_in_the_footer_runs_it(long_library: Path) -> None:
    from tuireader.ui.screens.help import HelpScreen
    from tuireader.ui.widgets.key_footer import KeyFooter

    app = app_for(long_library / "07-long-walk.html")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.1)
        footer = app.screen.query_one(KeyFooter)
        x = next(start for start, _end, hint in footer._spans if hint.key == "question_mark")
        await pilot.click(KeyFooter, offset=(x + 1, 0))
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert footer.hint_at(10_000) is None


async def test_opening_an_edited_article_moves_its_bookmarks_to_their_text(library_dir: Path) -> None:
    from tuireader.store.bookmarks import BookmarkStore

    path = library_dir / "09-edited.md"
    paragraphs = [f"Paragraph number {i} says something only it says." for i in range(1, 30)]
    path.write_text("# Edited\n\n" + "\n\n".join(paragraphs) + "\n", encoding="utf-8")
    library = Library.open(library_dir)
    article = library.load(library.index_of(path))  # type: ignore[arg-type]
    target = next(i for i, b in enumerate(article.blocks) if "number 20 " in b.text)
    BookmarkStore().add(library_dir, "09-edited.md", article, target, note="twenty")
    # The file is edited: two paragraphs are inserted at the top.
    path.write_text("# Edited\n\nA new opening.\n\nAnother new one.\n\n" + "\n\n".join(paragraphs) + "\n",
                    encoding="utf-8")
    app = app_for(path)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: app.bookmarks_ready)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen.view._bookmarks == {target + 2}  # type: ignore[attr-defined]
    again = BookmarkStore()
    again.load()
    (mark,) = again.all()
    assert (mark.block, mark.orphaned, mark.note) == (target + 2, False, "twenty")


async def test_start_up_work_follows_the_first_painted_lines(long_library: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """The bookmark file is read (and the GC re-enabled) once the article's first lines are
    drawn, not only by the fallback timer."""
    import tuireader.ui.app as app_module

    monkeypatch.setattr(app_module, "FIRST_SCREEN_FALLBACK", 600.0)
    app = app_for(long_library / "07-long-walk.html")
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: app.bookmarks_ready)
        assert app.screen.view.painted  # type: ignore[attr-defined]
