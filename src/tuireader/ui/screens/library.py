"""The library screen: one row per article, filter as you type, sort, Enter to read.

Why a Line-API list and not a `DataTable`: a library may hold 10,000 articles and the list
must appear at once and re-filter on every key. `LibraryList` keeps only an index array
(`order`) and renders the handful of visible rows in `render_line`, so showing, filtering
and sorting cost a list comprehension, never a widget or a row object per article.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.screen import Screen
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Input, ProgressBar, Static

from tuireader.library.catalog import LibraryEntry, natural_key
from tuireader.script.fold import fold
from tuireader.ui import script as ui_script
from tuireader.ui.bindings import LIBRARY_BINDINGS
from tuireader.ui.widgets.key_footer import KeyFooter
from tuireader.ui.widgets.type_to_filter import route_filter_key

#: The orders the sort key cycles through, in that order.
ORDERS: tuple[str, ...] = ("library", "date", "title")
ORDER_LABELS = {"library": "library order", "date": "newest first", "title": "by title"}


#: Progress from which an article counts as read ("done"): the last screen of a long
#: article is the end even when the saved position is a few lines above it.
DONE_AT = 0.99

#: Fixed column widths (cells); the title takes what is left.
DATE_W = 10
AUTHOR_W = 16
LENGTH_W = 20
PROGRESS_W = 6
GAP = 2


@dataclass(slots=True)
class Row:
    """What one list row shows, computed once per entry (not per paint)."""

    title: str
    date: str
    author: str
    length: str
    progress: str
    error: bool
    haystack: str


def format_length(entry: LibraryEntry) -> str:
    """"5.2k字 · 13 min" or "2.3k words · 10 min": the unit a reader of that text counts in."""
    minutes = entry.minutes
    if not minutes:
        return ""
    if entry.cjk_chars >= entry.words:
        size = f"{_compact(entry.cjk_chars)}字"
    else:
        size = f"{_compact(entry.words)} words"
    return f"{size} · {minutes} min"


def _compact(count: int) -> str:
    """850, 2.3k, 41k: short enough for a fixed-width column."""
    if count < 1000:
        return str(count)
    if count < 10_000:
        return f"{count / 1000:.1f}k"
    return f"{count // 1000}k"


def format_progress(progress: float | None) -> str:
    """"" when never opened, "done" at the end, else a whole percentage."""
    if progress is None:
        return ""
    if progress >= DONE_AT:
        return "done"
    return f"{max(0, min(99, int(progress * 100)))}%"


def make_row(entry: LibraryEntry, progress: float | None) -> Row:
    """The display strings for `entry`; error entries show their reason in place of metadata."""
    # Folded across Chinese scripts (數/数): a filter typed in either finds both.
    haystack = fold(" ".join(x for x in (entry.title, entry.author or "", entry.rel) if x).casefold())
    if entry.error:
        return Row(entry.title, "", "", f"⚠ {entry.error}", "", True, haystack)
    return Row(
        title=entry.title,
        date=(entry.date or "")[:DATE_W],
        author=entry.author or "",
        length=format_length(entry),
        progress=format_progress(progress),
        error=False,
        haystack=haystack,
    )


def sort_order(entries: Sequence[LibraryEntry], order: str) -> list[int]:
    """Entry indices in the requested order (stable; undated articles go last by date)."""
    indices = list(range(len(entries)))
    if order == "date":
        dated = [i for i in indices if entries[i].date]
        undated = [i for i in indices if not entries[i].date]
        dated.sort(key=lambda i: entries[i].date or "", reverse=True)
        return dated + undated
    if order == "title":
        return sorted(indices, key=lambda i: natural_key(entries[i].title))
    return indices


def filter_rows(rows: Sequence[Row], order: Sequence[int], query: str) -> list[int]:
    """The indices in `order` whose title, author or path contain every word of `query`."""
    words = fold(query.casefold()).split()
    if not words:
        return list(order)
    return [i for i in order if all(w in rows[i].haystack for w in words)]


def fit(text: str, width: int) -> str:
    """`text` cut or padded to exactly `width` cells, with an ellipsis when cut."""
    if width <= 0:
        return ""
    if cell_len(text) <= width:
        return set_cell_size(text, width)
    return set_cell_size(text, width - 1) + "…"


class LibraryList(ScrollView, can_focus=True):
    """The article rows (a Line-API list): a header line, then only the visible rows painted."""

    COMPONENT_CLASSES = {
        "library-list--header",
        "library-list--cursor",
        "library-list--error",
        "library-list--dim",
        "library-list--done",
    }

    DEFAULT_CSS = """
    LibraryList { height: 1fr; }
    """

    cursor: reactive[int] = reactive(0, always_update=True)
    """Position of the highlighted row in the *visible* (filtered, sorted) order."""

    class Chosen(Message):
        """The user chose an article (Enter, double click): `index` is the library index."""

        def __init__(self, index: int) -> None:
            super().__init__()
            self.index = index

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rows: list[Row] = []
        self.order: list[int] = []
        #: What the first line says when no row is shown (empty library, filter, indexing).
        self.empty_text = "No articles."

    def set_rows(self, rows: list[Row], order: list[int], keep: int | None = None) -> None:
        """Show `order` (indices into `rows`); keep library index `keep` highlighted if present."""
        self.rows = rows
        self.order = order
        cursor = 0
        if keep is not None:
            try:
                cursor = order.index(keep)
            except ValueError:
                cursor = 0
        self.virtual_size = Size(self.size.width, len(order) + 1)
        self.cursor = cursor
        self.refresh()

    @property
    def current(self) -> int | None:
        """Library index of the highlighted row, or None when the list is empty."""
        if 0 <= self.cursor < len(self.order):
            return self.order[self.cursor]
        return None

    def validate_cursor(self, cursor: int) -> int:
        return max(0, min(cursor, len(self.order) - 1)) if self.order else 0

    def watch_cursor(self, cursor: int) -> None:
        visible = max(1, self.scrollable_content_region.height - 1)
        top = int(self.scroll_y)
        if cursor < top:
            self.scroll_to(y=cursor, animate=False)
        elif cursor >= top + visible:
            self.scroll_to(y=cursor - visible + 1, animate=False)
        self.refresh()

    def on_resize(self, event: events.Resize) -> None:
        self.virtual_size = Size(event.size.width, len(self.order) + 1)

    def move(self, delta: int) -> None:
        self.cursor = self.cursor + delta

    def action_cursor_down(self) -> None:
        self.move(1)

    def action_cursor_up(self) -> None:
        self.move(-1)

    def action_page_down(self) -> None:
        self.move(max(1, self.scrollable_content_region.height - 2))

    def action_page_up(self) -> None:
        self.move(-max(1, self.scrollable_content_region.height - 2))

    def action_first(self) -> None:
        self.cursor = 0

    def action_last(self) -> None:
        self.cursor = len(self.order) - 1

    BINDINGS = [
        Binding("down", "cursor_down", show=False),
        Binding("up", "cursor_up", show=False),
        Binding("pagedown,space", "page_down", show=False),
        Binding("pageup", "page_up", show=False),
    ]

    def on_click(self, event: events.Click) -> None:
        """A click highlights a row; a click on the highlighted row (or a double click) opens it."""
        row = event.y - 1 + int(self.scroll_y)
        if event.y < 1 or not (0 <= row < len(self.order)):
            return
        if row == self.cursor or event.chain >= 2:
            self.cursor = row
            self.post_message(self.Chosen(self.order[row]))
        else:
            self.cursor = row

    def columns(self, width: int) -> tuple[int, int, int, int, int]:
        """(title, date, author, length, progress) widths; narrow terminals drop author then date."""
        author = AUTHOR_W if width >= 100 else 0
        date = DATE_W if width >= 64 else 0
        fixed = sum(w + GAP for w in (date, author, LENGTH_W, PROGRESS_W) if w)
        title = max(10, width - fixed - 1)
        return title, date, author, LENGTH_W, PROGRESS_W

    def _segments(self, values: tuple[str, ...], width: int, style: Style) -> list[Segment]:
        """One segment per column (and per gap), each cut to its cell width: terminals and
        SVG exports then agree on where every column starts, whatever the glyph widths."""
        widths = self.columns(width)
        segments = [Segment(" ", style), Segment(fit(values[0], widths[0]), style)]
        used = 1 + widths[0]
        for value, w in zip(values[1:], widths[1:], strict=False):
            if w:
                segments.append(Segment(" " * GAP, style))
                segments.append(Segment(fit(value, w), style))
                used += GAP + w
        if used < width:
            segments.append(Segment(" " * (width - used), style))
        return segments

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.rich_style
        if y == 0:
            style = base + self.get_component_rich_style("library-list--header")
            header = self._segments(("Title", "Date", "Author", "Length", "Read"), width, style)
            return Strip(header, width).crop(0, width)
        pos = y - 1 + int(self.scroll_y)
        if pos >= len(self.order):
            if y == 1 and not self.order:
                return Strip([Segment(fit(" " + self.empty_text, width), base)], width)
            return Strip.blank(width, base)
        row = self.rows[self.order[pos]]
        style = base
        if row.error:
            style += self.get_component_rich_style("library-list--error")
        elif row.progress == "done":
            style += self.get_component_rich_style("library-list--done")
        if pos == self.cursor:
            style += self.get_component_rich_style("library-list--cursor")
        if row.error:
            title_w = self.columns(width)[0]
            rest = max(0, width - 1 - title_w - GAP)
            segments = [
                Segment(" ", style),
                Segment(fit(ui_script.shown(ui_script.current(self.app), row.title), title_w), style),
                Segment(" " * GAP, style),
                Segment(fit(row.length, rest), style),
            ]
        else:
            script = ui_script.current(self.app)
            values = (ui_script.shown(script, row.title), row.date, ui_script.shown(script, row.author),
                      row.length, row.progress)
            segments = self._segments(values, width, style)
        return Strip(segments, width).crop(0, width)


class LibraryScreen(Screen[None]):
    """The article list with its header, filter field, indexing progress and footer."""

    # Styles: screens/library.tcss, loaded by the app with the others (see ReaderApp.CSS_PATH).
    BINDINGS: ClassVar[list[BindingType]] = [*LIBRARY_BINDINGS]

    def __init__(self, *, deferred: bool = False) -> None:
        """`deferred`: build the widgets only when the screen is first shown. The app asks
        for this when it opens an article straight away (`tuireader FILE`), so the first
        screen of text does not wait for a list, a filter field and a footer nobody sees yet."""
        super().__init__()
        self.order_name = "library"
        self._rows: list[Row] = []
        self._sorted: list[int] = []
        self._pending_select: int | None = None
        self._deferred = deferred
        self._built = False

    def _widgets(self) -> list[Widget]:
        return [
            Static(id="library-title"),
            Horizontal(
                Static("Indexing…", id="indexing-label"),
                ProgressBar(id="indexing-bar", show_eta=False),
                id="library-indexing",
            ),
            Input(
                placeholder="/ or type to filter by title, author or path",
                id="library-filter",
                select_on_focus=False,
            ),
            LibraryList(id="library-list"),
            KeyFooter(),
        ]

    def compose(self) -> ComposeResult:
        if not self._deferred:
            yield from self._widgets()

    @property
    def article_list(self) -> LibraryList:
        return self.query_one(LibraryList)

    @property
    def filter_input(self) -> Input:
        return self.query_one("#library-filter", Input)

    def on_mount(self) -> None:
        app = self.app
        config = getattr(app, "config", None)
        default = getattr(config, "order", "library") if config is not None else "library"
        state = getattr(app, "state", None)
        chosen = state.get_pref("order", default) if state is not None else default
        self.order_name = chosen if chosen in ORDERS else "library"
        if not self._deferred:
            self._setup()

    def _setup(self) -> None:
        """First fill of the widgets (at mount, or when a deferred screen is first shown)."""
        self._built = True
        self.query_one("#library-indexing").display = getattr(self.app, "indexing", False)
        self.reload()
        self.article_list.focus()

    async def _build(self) -> None:
        await self.mount_all(self._widgets())
        self._setup()

    # -- data -------------------------------------------------------------------------------

    def _entries(self) -> list[LibraryEntry]:
        entries: list[LibraryEntry] = list(self.app.library.entries)  # type: ignore[attr-defined]
        return entries

    def _progress_of(self) -> Callable[[LibraryEntry], float | None]:
        getter = getattr(self.app, "progress_of", None)
        if getter is None:
            return lambda entry: None
        return getter  # type: ignore[no-any-return,unused-ignore]

    def reload(self) -> None:
        """Rebuild the rows from the app's library (after a refresh, or a return from reading)."""
        if not self._built:
            return
        entries = self._entries()
        progress = self._progress_of()
        keep = self.article_list.current if self.article_list.order else self._pending_select
        self._rows = [make_row(e, progress(e)) for e in entries]
        self._sorted = sort_order(entries, self.order_name)
        self._apply(keep)
        self._update_title()

    def _apply(self, keep: int | None = None) -> None:
        order = filter_rows(self._rows, self._sorted, self.filter_input.value)
        if self.filter_input.value and self._rows:
            self.article_list.empty_text = "No article matches the filter (Esc clears it)."
        elif getattr(self.app, "indexing", False) or getattr(self.app, "refresh_on_start", False):
            self.article_list.empty_text = "Looking for articles…"
        else:
            self.article_list.empty_text = "No articles in this folder (txt, md, html)."
        self.article_list.set_rows(self._rows, order, keep=keep)

    def _update_title(self) -> None:
        library = self.app.library  # type: ignore[attr-defined]
        root = _display_path(library.root)
        count = len(library.entries)
        errors = sum(1 for e in library.entries if e.error)
        shown = len(self.article_list.order)
        text = Text()
        text.append(" Library ", style="bold")
        text.append("sample articles (bundled)" if library.root == _sample_root() else root)
        text.append(f"  ·  {count} article{'s' if count != 1 else ''}")
        if errors:
            text.append(f" ({errors} unreadable)")
        if shown != count:
            text.append(f"  ·  {shown} shown")
        text.append(f"  ·  {ORDER_LABELS[self.order_name]}")
        self.query_one("#library-title", Static).update(text)

    def select_index(self, index: int) -> None:
        """Highlight the article at library index `index` (e.g. the one just read); before
        the list is built (a file given on the command line) it is remembered for later."""
        self._pending_select = index
        if not self._built or not self._rows:
            return
        try:
            self.article_list.cursor = self.article_list.order.index(index)
        except ValueError:
            pass

    # -- indexing progress (called by the app's refresh worker) ------------------------------

    def show_indexing(self, done: int, total: int) -> None:
        if not self._built:
            return
        box = self.query_one("#library-indexing")
        box.display = True
        self.query_one("#indexing-label", Static).update(f"Indexing {done}/{total}")
        self.query_one("#indexing-bar", ProgressBar).update(total=max(total, 1), progress=done)

    def hide_indexing(self) -> None:
        if not self._built:
            return
        self.query_one("#library-indexing").display = False

    # -- events -------------------------------------------------------------------------------

    def script_changed(self) -> None:
        """ctrl+t: titles are converted as they are drawn, so a repaint is all it takes."""
        if self._built:
            self.article_list.refresh()

    async def on_screen_resume(self) -> None:
        if not self._built:
            # `is_current` is also true for the screen just below the top one; build only
            # when this screen is really the one on top.
            if self.app.screen is self:
                await self._build()
            return
        self.reload()

    @on(Input.Changed, "#library-filter")
    def _filter_changed(self) -> None:
        # Keep the highlighted article if it still matches (and survive the Changed event
        # an Input posts when it is first mounted).
        self._apply(self.article_list.current if self.article_list.order else self._pending_select)
        self._update_title()

    @on(Input.Submitted, "#library-filter")
    def _filter_submitted(self) -> None:
        self.action_open()

    @on(LibraryList.Chosen)
    def _chosen(self, message: LibraryList.Chosen) -> None:
        self.app.open_article(message.index)  # type: ignore[attr-defined]

    def on_key(self, event: events.Key) -> None:
        """Type to filter (see `route_filter_key`)."""
        route_filter_key(self, event, self.filter_input, self.article_list)

    # -- actions ------------------------------------------------------------------------------

    def action_open(self) -> None:
        index = self.article_list.current
        if index is not None:
            self.app.open_article(index)  # type: ignore[attr-defined]

    def action_filter(self) -> None:
        self.filter_input.focus()

    def action_clear_filter(self) -> None:
        if self.filter_input.value:
            keep = self.article_list.current
            self.filter_input.value = ""
            self._apply(keep)
            self._update_title()
        self.article_list.focus()

    def action_sort(self) -> None:
        keep = self.article_list.current
        self.order_name = ORDERS[(ORDERS.index(self.order_name) + 1) % len(ORDERS)]
        state = getattr(self.app, "state", None)
        if state is not None:
            state.set_pref("order", self.order_name)
        self._sorted = sort_order(self._entries(), self.order_name)
        self._apply(keep)
        self._update_title()
        self.notify(f"Sorted: {ORDER_LABELS[self.order_name]}", timeout=2)

    def action_cursor_down(self) -> None:
        self.article_list.move(1)

    def action_cursor_up(self) -> None:
        self.article_list.move(-1)

    def action_top(self) -> None:
        self.article_list.action_first()

    def action_end(self) -> None:
        self.article_list.action_last()

    def action_refresh(self) -> None:
        refresh = getattr(self.app, "refresh_library", None)
        if refresh is not None:
            refresh()


def _sample_root() -> Path | None:
    """The bundled sample library's folder (its site-packages path means nothing to a reader)."""
    try:
        from tuireader.library.sample import sample_library_path

        return sample_library_path().resolve()
    except (ImportError, OSError):
        return None


def _display_path(root: Path) -> str:
    """The library root with the home folder shown as ~ (shorter, and no user name on screen)."""
    try:
        return "~/" + root.relative_to(Path.home()).as_posix()
    except ValueError:
        return str(root)
