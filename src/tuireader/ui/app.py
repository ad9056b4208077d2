"""`ReaderApp`: the application shell around the reader.

The app owns the shared objects every screen reads (`library`, `config`, `state`,
`bookmarks`), the global keys (help, quit, search, bookmarks, theme), the screen flow
(library → reader, search and bookmarks on top) and the background library refresh.
It never parses article text and never draws an article: screens do that.

`make_app()` is the one factory: the CLI and the tests build the app the same way, so a
test exercises exactly what `tuireader PATH` runs.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, ClassVar, TypeVar

from textual import work
from textual.app import App, SystemCommand
from textual.binding import BindingType
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.worker import get_current_worker

from tuireader.library.catalog import Library, LibraryEntry, RefreshResult
from tuireader.library.sample import sample_library_path
from tuireader.reading.prefetch import ArticlePrefetch
from tuireader.store.bookmarks import BookmarkStore
from tuireader.store.config import Config, load_config
from tuireader.store.state import StateStore, article_key
from tuireader.ui import script as ui_script
from tuireader.ui.bindings import APP_BINDINGS, check_keymap
from tuireader.ui.commands import ArticleCommands, BindingCommands, ScriptCommands, SectionCommands
from tuireader.ui.screens.library import LibraryScreen

_T = TypeVar("_T")

#: The theme used when neither the saved preference nor config.toml names a valid one.
DEFAULT_THEME = "textual-dark"
#: Delay (seconds) after the first screen of text (or of the list) before the folder is
#: listed and indexed: the first moments after the first paint belong to the keys.
FILE_REFRESH_DELAY = 0.1
#: How much lower (nice) the indexing runs than the UI: its thread in this process, and the
#: worker processes it starts, so a first indexing never slows the first screen or a key.
INDEX_NICE = 10
#: At most this many files are read for their titles while looking for a declared 下一篇
#: before the index knows them (the nearest first: links point at neighbours).
TITLE_SCAN_MAX = 500
#: How often (seconds) the refresh worker may repaint the progress bar.
PROGRESS_INTERVAL = 0.1
#: At the latest this long (seconds) after start, deferred start-up work runs even if no
#: article text was drawn (an article that failed to open shows a message instead).
FIRST_SCREEN_FALLBACK = 1.0
#: How often (seconds) the list may be rebuilt while a first indexing fills it.
LIVE_INTERVAL = 1.0


class ReaderApp(App[None]):
    """The tuireader application: a library screen, a reader on top, global keys."""

    #: Every screen's TCSS, read once at start. A Screen's own CSS_PATH would be read when
    #: it is first pushed, and each such read re-parses the whole stylesheet (~20 ms, twice
    #: before the first screen of `tuireader FILE`). Screen files hold unscoped rules either
    #: way, so loading them here changes no style.
    CSS_PATH = [
        "app.tcss", "screens/library.tcss", "screens/reader.tcss", "screens/search.tcss",
    ]
    TITLE = "tuireader"
    BINDINGS: ClassVar[list[BindingType]] = [*APP_BINDINGS]

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Notices carry article titles and file names: shown as text, never as markup."""
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=markup)
    COMMANDS = App.COMMANDS | {BindingCommands, ArticleCommands, SectionCommands, ScriptCommands}
    #: Width classes set on every screen, so TCSS can give narrow terminals (80x24) more
    #: room for text: `-narrow` below 100 columns, `-wide` from 160.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-normal"), (160, "-wide")]
    COMMAND_PALETTE_BINDING = "ctrl+p"

    def __init__(
        self,
        library: Library,
        config: Config,
        state: StateStore,
        bookmarks: BookmarkStore,
        *,
        initial: int | None = None,
        notices: Iterable[str] = (),
        refresh: bool = True,
        prefetch: ArticlePrefetch | None = None,
    ) -> None:
        super().__init__()
        self._prefetch = prefetch
        self.library = library
        self.config = config
        self.state = state
        self.bookmarks = bookmarks
        self.initial = initial
        self.notices = list(notices)
        self.refresh_on_start = refresh
        #: How Chinese text is shown ("original", "simplified", ...): see `ui/script.py`.
        self.script = ui_script.initial(config.script, state.get_pref("script"))
        keymap, warnings = check_keymap(config.keys)
        self.keymap = keymap
        self.notices.extend(warnings)
        self.indexing = False
        #: False until the bookmark file has been read (after the first paint, in a thread:
        #: a file of thousands of bookmarks takes ~0.3 s to parse). Changes made before
        #: then are not lost: every write re-reads the file and merges.
        self.bookmarks_ready = False
        self._live_at = 0.0
        self._first_screen_done = False
        self._entries_before_refresh: list[LibraryEntry] = []
        #: True when `library` holds only the article given on the command line and the
        #: folder's cached index is still to be read (by the refresh worker).
        self.cache_pending = False
        #: True until the start-up refresh has finished (the library may still change).
        self.library_settling = refresh
        #: True once `library` lists every file of the folder (titles may still be file
        #: names: see `library.listing`); set at mount and when a listing is adopted.
        self.library_listed = True
        self._refresh_started = False
        #: Titles read from the heads of not-yet-indexed files (rel → title), and the
        #: declared titles looked for and not found among them (see `look_for_title`).
        self._head_titles: dict[str, str] = {}
        self._titles_missing: set[str] = set()
        #: The declared titles the running scan looks for (it stops when all are found).
        self._titles_wanted: set[str] = set()
        self._title_scanning = False

    def take_prefetched(self, path: Path) -> ArticlePrefetch | None:
        """The parse the CLI started in advance for `path` (see `model.prefetch`), once;
        None when there is none or it is for another file."""
        prefetch, self._prefetch = self._prefetch, None
        if prefetch is None:
            return None
        if prefetch.key not in (os.path.normpath(os.path.abspath(path)), os.path.realpath(path)):
            prefetch.cancel()
            return None
        return prefetch

    # -- start and stop ---------------------------------------------------------------------

    def on_mount(self) -> None:
        self._apply_theme()
        self.set_keymap(self.keymap)
        self.push_screen(LibraryScreen(deferred=self.initial is not None))
        if self.initial is not None:
            self.open_article(self.initial)
            # Deferred work waits for the article's first lines (`ArticleView.FirstPaint`);
            # the timer is for an article that shows an error instead of lines.
            self.set_timer(FIRST_SCREEN_FALLBACK, self._after_first_screen)
        else:
            self.call_after_refresh(self._after_first_screen)
        for notice in self.notices:
            self.notify(notice, severity="warning", timeout=8)
        # A library that may still grow is not a listing of the folder yet: a `tuireader
        # FILE` start (one entry) or a first indexing (none yet).
        self.library_listed = not self.cache_pending and not (self.refresh_on_start and not self.library.entries)

    def on_article_view_first_paint(self, _event: Any) -> None:
        self._after_first_screen()

    def _after_first_screen(self) -> None:
        """What start-up leaves until the first screen is drawn (once): the garbage
        collector back on, the bookmark file read, the readers imported. Threads started
        earlier would take the GIL from the first paint."""
        if self._first_screen_done:
            return
        self._first_screen_done = True
        _collect_garbage_again()
        self._load_bookmarks()
        if self.initial is not None:
            self._warm_up_readers()
        if self.refresh_on_start and not self._refresh_started:
            # After the first paint, on every launch: listing and indexing the folder never
            # share the CPU with the first screen (and run at a lower priority after it).
            self._refresh_started = True
            self.set_timer(FILE_REFRESH_DELAY, self.refresh_library)

    @work(thread=True, exclusive=True, group="warm-up", exit_on_error=False)
    def _warm_up_readers(self) -> None:
        """After the first screen: import the readers the forked prefetch spared this
        process, so `n`/`p` do not pay for them."""
        from tuireader.ingest.load import warm_up

        warm_up()

    @work(thread=True, exclusive=True, group="bookmarks-load")
    def _load_bookmarks(self) -> None:
        notices = self.bookmarks.load()
        self.call_from_thread(self._bookmarks_loaded, notices)

    def _bookmarks_loaded(self, notices: list[str]) -> None:
        if self.bookmarks_ready:
            return  # already read on demand (see `ensure_bookmarks`)
        self.bookmarks_ready = True
        for notice in notices:
            self.notify(notice, severity="warning", timeout=8)
        reader = self._reader_screen()
        refresh = getattr(reader, "_refresh_bookmarks", None)
        if callable(refresh):
            refresh(reanchor=True)

    def ensure_bookmarks(self) -> None:
        """Read the bookmark file now if the background read has not finished yet (a
        screen that lists every bookmark needs them all)."""
        if not self.bookmarks_ready:
            self._bookmarks_loaded(self.bookmarks.load())

    def _apply_theme(self) -> None:
        wanted = self.state.get_pref("theme", self.config.theme or DEFAULT_THEME)
        if wanted not in self.available_themes:
            if self.config.theme and wanted == self.config.theme:
                self.notices.append(f"config.toml: unknown theme {wanted!r}; using {DEFAULT_THEME}")
            wanted = DEFAULT_THEME
        self.theme = wanted
        self.theme_changed_signal.subscribe(self, self._theme_changed)

    def _theme_changed(self, theme: Any) -> None:
        self.state.set_pref("theme", theme.name)

    def save_state(self) -> None:
        """Write positions and preferences; a failure is a notice, never a crash."""
        screen = self._reader_screen()
        saver = getattr(screen, "save_position", None)
        if callable(saver):
            saver()
        error = self.state.save()
        if error:
            self.notify(error, severity="error", timeout=10)

    async def action_quit(self) -> None:
        self.save_state()
        self.exit()

    def on_unmount(self) -> None:
        # ctrl+c, SIGTERM and crashes skip action_quit; save what can be saved.
        if self.state.dirty:
            self.state.save()

    # -- opening articles ---------------------------------------------------------------------

    def _reader_screen(self) -> Screen[Any] | None:
        """The open reader (there is at most one), wherever it sits in the stack."""
        reader_class = _reader_class()
        if reader_class is None:
            return None
        for screen in reversed(self.screen_stack):
            if isinstance(screen, reader_class):
                return screen
        return None

    def open_article(
        self,
        index: int,
        *,
        block: int | None = None,
        offset: int = 0,
        highlight: str | None = None,
    ) -> None:
        """Show the article at library `index` in a reader (replacing any open reader)."""
        reader_class = _reader_class()
        if reader_class is None:
            self.notify("The reader is not available in this build.", severity="error")
            return
        if not 0 <= index < len(self.library.entries):
            self.notify("That article is no longer in the library.", severity="warning")
            return
        screen = reader_class(index, block=block, offset=offset, highlight=highlight)
        current = self._reader_screen()
        if current is not None:
            saver = getattr(current, "save_position", None)
            if callable(saver):
                saver()
            while self.screen is not current:
                self.pop_screen()
            self.switch_screen(screen)
        else:
            while not isinstance(self.screen, LibraryScreen) and len(self.screen_stack) > 2:
                self.pop_screen()
            self.push_screen(screen)
        library_screen = self.library_screen
        if library_screen is not None:
            library_screen.select_index(index)

    @property
    def library_screen(self) -> LibraryScreen | None:
        for screen in self.screen_stack:
            if isinstance(screen, LibraryScreen):
                return screen
        return None

    def progress_of(self, entry: LibraryEntry) -> float | None:
        """How far the user read `entry` (None if never opened or unreadable)."""
        if entry.error or not entry.fingerprint:
            return None
        return self.state.get_progress(article_key(entry.path, entry.fingerprint))

    # -- global actions -----------------------------------------------------------------------

    def action_help(self) -> None:
        from tuireader.ui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_theme(self) -> None:
        self.action_change_theme()

    def action_switch_script(self) -> None:
        """ctrl+t: the next script of the cycle (original → 简体 → 繁體 → 台灣 → 香港)."""
        from tuireader.script.convert import next_script

        self.set_script(next_script(self.script))

    def set_script(self, script: str) -> None:
        """Show Chinese text in `script` on every screen, and remember it."""
        from tuireader.script.convert import LABELS

        self.script = script
        self.state.set_pref("script", script)
        for screen in self.screen_stack:
            changed = getattr(screen, "script_changed", None)
            if callable(changed):
                changed()
        self.notify(f"Showing Chinese text as {LABELS.get(script, script)}", timeout=3)

    def action_search(self) -> None:
        try:
            from tuireader.ui.screens.search import SearchScreen
        except ImportError:  # pragma: no cover - only before the search screen lands
            self.notify("Search is not available in this build.", severity="error")
            return
        if isinstance(self.screen, SearchScreen):
            return
        screen = SearchScreen()
        self.push_screen(screen, lambda hit: self._search_done(hit, getattr(screen, "last_query", None)))

    def _search_done(self, hit: Any, query: str | None) -> None:
        if hit is None:
            return
        index = self.library.index_of(hit.path)
        if index is None:
            self.notify(f"{hit.title}: not in the library any more", severity="warning")
            return
        self.open_article(index, block=hit.block, highlight=_hit_text(hit, query))

    def action_bookmarks(self) -> None:
        from tuireader.ui.screens.bookmarks import BookmarksScreen

        if isinstance(self.screen, BookmarksScreen):
            return
        self.ensure_bookmarks()
        self.push_screen(BookmarksScreen(), self._bookmark_chosen)

    def _bookmark_chosen(self, bookmark: Any) -> None:
        if bookmark is None:
            return
        root = Path(bookmark.library) if bookmark.library else self.library.root
        index = self.library.index_of(root / bookmark.path)
        if index is None and bookmark.fingerprint:
            index = next(
                (i for i, e in enumerate(self.library.entries) if e.fingerprint == bookmark.fingerprint),
                None,
            )
        if index is None:
            self.notify(f"{bookmark.title}: not found in this library", severity="warning")
            return
        self.open_article(index, block=bookmark.block, offset=bookmark.offset)

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        # Textual's own "Quit" would skip save_state; ours comes from APP_BINDINGS.
        for command in super().get_system_commands(screen):
            if command.title not in ("Quit", "Theme"):
                yield command

    # -- background refresh ---------------------------------------------------------------------

    def refresh_library(self) -> None:
        """Look for new, changed and deleted files in a thread. The list is replaced when
        it is done, and during a first indexing also fills up as articles are parsed."""
        if self.indexing:
            return
        self.indexing = True
        self._entries_before_refresh = self.library.entries
        _start_resource_tracker()
        self._refresh_worker()

    @work(thread=True, exclusive=True, group="refresh")
    def _refresh_worker(self) -> None:
        worker = get_current_worker()
        last = 0.0
        library = self.library
        published = library.entries

        def progress(done: int, total: int) -> None:
            nonlocal last, published
            now = time.monotonic()
            grew = library.entries is not published  # a batch was written and listed
            if now - last >= PROGRESS_INTERVAL or done >= total or grew:
                last = now
                published = library.entries
                self.call_from_thread(self._show_progress, done, total)

        def refresh() -> tuple[RefreshResult, Library]:
            nonlocal library, published
            if self.cache_pending:
                from tuireader.library.listing import folder_listing

                library = Library.open_cached(library.root)
                published = library.entries
                self.call_from_thread(self._adopt_cached, folder_listing(library))
            return library.refresh(progress=progress, should_stop=lambda: worker.is_cancelled, live=True,
                                   nice=INDEX_NICE), library

        try:
            result, library = _at_low_priority(refresh)
        except Exception as exc:  # noqa: BLE001 - a refresh failure must never take the app down
            self.call_from_thread(self._refresh_failed, f"library refresh failed: {exc}")
            return
        if not worker.is_cancelled:
            self.call_from_thread(self._refresh_done, result, library)

    def _adopt_cached(self, listing: Library) -> None:
        """`tuireader FILE` started with a one-article library; once the folder is listed
        (its cached index plus the files the index does not know yet, see
        `library.listing`; in the worker, after the first screen of text) that listing
        replaces it, so `n`/`p` and the list work while the folder is indexed."""
        self.cache_pending = False
        self.notices_from(listing)
        self._swap_library(listing)
        self.library_listed = True
        self.data_changed()

    def data_changed(self) -> None:
        """The library (entries, titles, index) changed: screens waiting on it go on."""
        reader = self._reader_screen()
        changed = getattr(reader, "library_changed", None)
        if callable(changed):
            changed()
        for screen in self.screen_stack:
            updated = getattr(screen, "index_updated", None)
            if callable(updated):
                updated()

    # -- declared links before the index ----------------------------------------------------------

    def look_for_title(self, title: str, near: Path) -> bool:
        """Look for the file titled `title` among the files the index has not read yet
        (their heads are parsed in a thread, nearest to `near` first); True while looking.
        The titles found replace the file-name titles of those entries, so
        `library.find_title` finds the article once this returns False."""
        from tuireader.library.listing import is_provisional

        key = _title_key(title)
        if key in self._titles_wanted:
            return True
        if key in self._titles_missing:
            return False
        entries = self.library.entries
        todo = [e for e in entries if is_provisional(e) and e.rel not in self._head_titles]
        if not todo:
            self._titles_missing.add(key)
            return False
        self._titles_wanted.add(key)  # a running scan looks for it too
        if not self._title_scanning:
            here = next((i for i, e in enumerate(entries) if e.path == near), 0)
            place = {e.rel: i for i, e in enumerate(entries)}
            folder = near.parent
            todo.sort(key=lambda e: (e.path.parent != folder, abs(place[e.rel] - here)))
            self._title_scanning = True
            self._title_scan([(e.rel, e.path) for e in todo[:TITLE_SCAN_MAX]])
        return True

    @work(thread=True, group="titles", exit_on_error=False)
    def _title_scan(self, files: list[tuple[str, Path]]) -> None:
        from tuireader.ingest.title import load_title

        found: dict[str, str] = {}
        keys: set[str] = set()

        def scan() -> bool:  # behind the reader, like the indexing; True: read them all
            for rel, path in files:
                if not self.is_running:
                    return False
                found[rel] = load_title(path)
                keys.add(_title_key(found[rel]))
                if set(self._titles_wanted) <= keys:
                    return False
            return True

        exhausted = _at_low_priority(scan)
        try:
            self.call_from_thread(self._titles_read, found, exhausted)
        except RuntimeError:  # the app closed meanwhile
            pass

    def _titles_read(self, found: dict[str, str], exhausted: bool) -> None:
        from tuireader.article import title_from_path
        from tuireader.library.listing import is_provisional

        self._title_scanning = False
        self._head_titles.update(found)
        keys = {_title_key(t) for t in found.values()}
        if exhausted:  # what it did not find is not among the heads it could read
            self._titles_missing |= self._titles_wanted - keys
        self._titles_wanted = set()  # still wanted ones are asked for again (data_changed)
        for entry in self.library.entries:
            title = found.get(entry.rel)
            if title and is_provisional(entry) and entry.title == title_from_path(entry.rel):
                entry.title = title
        if (screen := self.library_screen) is not None and found:
            screen.reload()
        self.data_changed()

    def _swap_library(self, library: Library) -> None:
        """Make `library` the app's library, keeping the open reader on the same file."""
        self._entries_before_refresh = self.library.entries
        self.library = library
        self._remap_reader()
        self._entries_before_refresh = library.entries
        if (screen := self.library_screen) is not None:
            screen.reload()

    def notices_from(self, library: Library) -> None:
        for notice in getattr(library, "notices", []):
            self.notify(notice, severity="warning", timeout=8)

    def _show_progress(self, done: int, total: int) -> None:
        screen = self.library_screen
        if screen is not None and total and done < total:
            screen.show_indexing(done, total)
        # A first indexing publishes its growing list (`Library.refresh(live=True)`): show
        # it, at most once a LIVE_INTERVAL (rebuilding 10,000 rows takes ~50 ms).
        entries = self.library.entries
        now = time.monotonic()
        if (screen is not None and entries is not self._entries_before_refresh
                and len(entries) > len(self._entries_before_refresh)
                and (now - self._live_at >= LIVE_INTERVAL or done >= total)):
            self._live_at = now
            self._entries_before_refresh = entries  # what a reader opened meanwhile indexes
            screen.reload()
            self.data_changed()

    def _refresh_failed(self, message: str) -> None:
        self.indexing = False
        self.library_settling = False
        self.library_listed = True  # what there is, is all there will be
        self.notify(message, severity="error")
        if (screen := self.library_screen) is not None:
            screen.hide_indexing()
        self.data_changed()

    def _remap_reader(self) -> None:
        """Keep the open reader pointing at the same file after the entries were replaced
        (a refresh may insert or drop articles before it, which shifts every index)."""
        reader = self._reader_screen()
        old = self._entries_before_refresh
        index = getattr(reader, "index", None)
        if reader is None or not isinstance(index, int) or not 0 <= index < len(old):
            return
        new = self.library.index_of(old[index].path)
        if new is None:
            # The file being read left the library (deleted, excluded): keep its entry so
            # the reader's index stays valid; the next rescan drops it.
            self.library.entries = [*self.library.entries, old[index]]
            new = len(self.library.entries) - 1
        if new != index:
            reader.index = new  # type: ignore[attr-defined]
        if new is not None and (screen := self.library_screen) is not None:
            screen.select_index(new)
        reader.refresh_bindings()

    def _refresh_done(self, result: RefreshResult, library: Library) -> None:
        self.indexing = False
        if library is not self.library:
            self._entries_before_refresh = self.library.entries
            self.library = library
        for notice in result.notices:
            self.notify(notice, severity="warning", timeout=8)
        self._remap_reader()
        self.library_settling = False
        self.library_listed = True
        if (screen := self.library_screen) is not None:
            screen.hide_indexing()
            screen.reload()
        self.data_changed()


def _title_key(title: str) -> str:
    """A title as `Library.find_title` compares it (whitespace and case ignored)."""
    return "".join(title.split()).casefold()


def _at_low_priority(fn: Callable[[], _T]) -> _T:
    """`fn()` in a thread of its own whose CPU priority is INDEX_NICE lower, joined.

    Why a new thread: on Linux the nice value belongs to a thread (and to the processes it
    starts: the indexer's fork server and workers inherit it), it cannot be raised again
    without privileges, and Textual's worker threads are reused for other work. Elsewhere
    the priority is left alone here (a process-wide nice would slow the UI too); the
    indexer's workers are lowered by `Library.refresh(nice=...)` on every platform."""
    outcome: dict[str, Any] = {}

    def body() -> None:
        if sys.platform.startswith("linux"):
            try:
                os.setpriority(os.PRIO_PROCESS, 0, min(19, os.getpriority(os.PRIO_PROCESS, 0) + INDEX_NICE))
            except (AttributeError, OSError):
                pass
        try:
            outcome["value"] = fn()
        except BaseException as exc:  # noqa: BLE001 - re-raised in the caller's thread
            outcome["error"] = exc

    thread = threading.Thread(target=body, name="tuireader-index", daemon=True)
    thread.start()
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


def _collect_garbage_again() -> None:
    """Undo `cli.launch.build_app`'s `gc.disable()` after the first paint. What start-up
    built (modules, classes, the DOM) lives as long as the app: frozen, no collection
    ever walks it again."""
    import gc

    if not gc.isenabled():
        gc.freeze()
        gc.enable()


def _start_resource_tracker() -> None:
    """Start multiprocessing's resource tracker with a real stderr, from the UI thread.

    The indexer parses in worker processes. Starting them makes multiprocessing spawn its
    resource tracker, passing `sys.stderr.fileno()` to it; while Textual runs, sys.stderr is
    Textual's capture object whose fileno() is not a file descriptor, and the spawn fails
    with "bad value(s) in fds_to_keep" (so the first indexing would never happen). Starting
    the tracker here, with stderr pointed at /dev/null for that one call, avoids that; once
    running it is reused, and it never writes over the screen.
    """
    try:
        from multiprocessing import resource_tracker
    except ImportError:  # pragma: no cover - platforms without it
        return
    saved = sys.stderr
    try:
        with open(os.devnull, "w") as devnull:
            sys.stderr = devnull
            resource_tracker.ensure_running()
    except (OSError, ValueError):
        pass  # the indexer reports its own failure as a notice
    finally:
        sys.stderr = saved


def _reader_class() -> Any:
    """`ReaderScreen`, imported on first use (it pulls in the article view and layout)."""
    try:
        from tuireader.ui.screens.reader import ReaderScreen
    except ImportError:  # pragma: no cover - only before the reader screen lands
        return None
    return ReaderScreen


def _hit_text(hit: Any, query: str | None) -> str | None:
    """The text to highlight in the reader: the query, else the first matched span."""
    if query:
        return str(query).strip().strip('"') or None
    if hit.spans:
        start, end = hit.spans[0]
        return str(hit.snippet[start:end]) or None
    return None


def resolve_target(path: str | None, config: Config) -> tuple[Path, Path | None, list[str]]:
    """(library root, article file or None, notices) for `tuireader [PATH]`.

    The caller (launch) has already checked that PATH exists and is usable; a bad
    `library` in config.toml is only a notice, and the sample library is opened instead.
    """
    notices: list[str] = []
    if path is not None:
        target = Path(path).expanduser().resolve()
        if target.is_dir():
            return target, None, notices
        return target.parent, target, notices
    if config.library:
        root = Path(config.library).expanduser()
        if root.is_dir():
            return root.resolve(), None, notices
        notices.append(f"config.toml: library {config.library!r} is not a folder; showing the sample library")
    return sample_library_path(), None, notices


def make_app(
    path: str | None,
    *,
    config: Config | None = None,
    library: Library | None = None,
    refresh: bool = True,
    prefetch: ArticlePrefetch | None = None,
) -> ReaderApp:
    """Build the app for `tuireader [PATH]` (shared by the CLI, tests and benchmarks).

    `config` and `library` may be injected (tests); otherwise config.toml is read and the
    library opened from its cached index. `refresh=False` skips the background rescan.
    `prefetch` is the article file's parse started by the CLI before Textual was imported.
    """
    notices: list[str] = []
    if config is None:
        config, warnings = load_config()
        notices.extend(warnings)
    root, article, more = resolve_target(path, config)
    notices.extend(more)
    cache_pending = False
    if library is None and article is not None and refresh:
        # `tuireader FILE`: show the file first; its folder's index is read after the first
        # screen of text (by the refresh worker), so sqlite never delays that screen.
        library = Library(root=root)
        cache_pending = True
    elif library is None:
        library = Library.open_cached(root)
    notices.extend(getattr(library, "notices", []))
    initial: int | None = None
    if article is not None:
        initial = library.index_of(article)
        if initial is None:
            # The cached index does not know this file yet: show it now, index the rest later.
            initial = _add_provisional(library, article)
    state = StateStore()
    notices.extend(state.load())
    bookmarks = BookmarkStore()  # read after the first paint (see ReaderApp.bookmarks_ready)
    app = ReaderApp(library, config, state, bookmarks, initial=initial, notices=notices, refresh=refresh,
                    prefetch=prefetch)
    app.cache_pending = cache_pending
    return app


def _add_provisional(library: Library, article: Path) -> int:
    """Append a bare entry for `article` so it can be read before the refresh indexes it."""
    from tuireader.article import title_from_path

    try:
        rel = article.relative_to(library.root).as_posix()
    except ValueError:
        rel = article.name
    library.entries = [*library.entries, LibraryEntry(path=article, rel=rel, title=title_from_path(article))]
    return len(library.entries) - 1
