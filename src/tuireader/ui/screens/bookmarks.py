"""The bookmarks screen (`B`) and the note prompt used when bookmarking (`b`) or editing (`e`).

Why these shapes: bookmarks are read back days later, so the list is grouped by article
and shows the section, the excerpt and the note, newest first; typing filters at once.
Deleting is one key and therefore undoable (`u`) for as long as the screen is open.
All text comes from the user's articles and notes: it is shown as `rich.text.Text`,
never interpreted as markup.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from tuireader.ingest.sanitize import clean_inline
from tuireader.script.fold import fold
from tuireader.store.bookmarks import Bookmark, display_excerpt, group_by_article, normalise_library
from tuireader.ui import script as ui_script
from tuireader.ui.bindings import BOOKMARKS_BINDINGS
from tuireader.ui.widgets.key_footer import KeyFooter
from tuireader.ui.widgets.type_to_filter import route_filter_key

#: At most this many bookmarks are listed at once (the newest matching ones).
MAX_SHOWN = 200



class NoteDialog(ModalScreen[str | None]):
    """A one-line prompt for a bookmark note: Enter accepts (empty is fine), Escape cancels
    (dismisses with None)."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel", id="cancel-note", tooltip="Close without saving")]

    DEFAULT_CSS = """
    NoteDialog { align: center middle; background: $background 60%; }
    NoteDialog > #note-box {
        width: 70; max-width: 90%; height: auto;
        border: round $accent; background: $surface; padding: 0 1;
    }
    NoteDialog #note-title { text-style: bold; height: 1; }
    NoteDialog #note-hint { color: $text-muted; height: 1; }
    NoteDialog Input { margin: 1 0 0 0; }
    """

    def __init__(self, initial: str = "", title: str = "Bookmark note") -> None:
        super().__init__()
        self.initial = initial
        self.title_text = title

    def compose(self) -> ComposeResult:
        with Vertical(id="note-box"):
            yield Static(Text(self.title_text), id="note-title")
            # No select-all on focus: a key pressed to add to a note must not wipe it.
            yield Input(value=self.initial, placeholder="Optional note", id="note-input",
                        select_on_focus=False)
            yield Static(Text("Enter to save (empty is fine) · Escape to cancel"), id="note-hint")

    def on_mount(self) -> None:
        self.query_one("#note-input", Input).focus()

    @on(Input.Submitted, "#note-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value.strip())

    def action_cancel(self) -> None:
        self.dismiss(None)


def matches(bm: Bookmark, words: list[str]) -> bool:
    """True when every filter word occurs in the title, section, excerpt, note or path."""
    if not words:
        return True
    haystack = fold(" ".join([bm.title, *bm.section, bm.excerpt, bm.note, bm.path]).casefold())
    return all(fold(word) in haystack for word in words)


def header_prompt(bm: Bookmark, count: int, script: str = "original") -> Text:
    """The group line: article title, path and how many bookmarks it has."""
    text = Text()
    text.append(clean_inline(ui_script.shown(script, bm.title)) or bm.path, style="bold")
    text.append(f"  {bm.path}", style="dim")
    text.append(f"  ({count})", style="dim")
    return text


def bookmark_prompt(bm: Bookmark, script: str = "original") -> Text:
    """Section and date, then the excerpt, then the note: plain text, never markup. Title,
    section and excerpt are article text, shown in the Chinese `script`; the note is the
    reader's own words, shown as typed."""
    text = Text()
    where = " › ".join(clean_inline(ui_script.shown(script, s)) for s in bm.section) or "(before the first section)"
    text.append("  § ", style="dim")
    text.append(where)
    text.append(f"   {bm.created[:16].replace('T', ' ')}", style="dim")
    if bm.orphaned:
        text.append("   passage not found in the current text", style="italic")
    text.append("\n  “")
    text.append(clean_inline(ui_script.shown(script, display_excerpt(bm.excerpt))))
    text.append("”")
    if bm.note:
        text.append("\n  ✎ ", style="dim")
        text.append(clean_inline(bm.note), style="italic")
    return text


class BookmarksScreen(Screen[Bookmark | None]):
    """Every bookmark of the library, grouped by article, newest first; type to filter."""

    BINDINGS: ClassVar[list[BindingType]] = list(BOOKMARKS_BINDINGS)

    DEFAULT_CSS = """
    BookmarksScreen #bookmarks-title { height: 1; background: $panel; color: $text; }
    BookmarksScreen #bookmarks-filter { border: none; height: 1; padding: 0 1; background: $surface; }
    BookmarksScreen #bookmarks-filter:focus { background: $boost; }
    BookmarksScreen #bookmarks-list { border: none; height: 1fr; background: $background; }
    BookmarksScreen #bookmarks-list > .option-list--option-disabled {
        color: $text-accent; text-style: bold;
    }
    BookmarksScreen #bookmarks-empty { color: $text-muted; padding: 1 2; }
    """

    def __init__(self) -> None:
        super().__init__()
        #: Deleted bookmarks, most recent last: `u` puts them back.
        self.undo_stack: list[Bookmark] = []
        self._shown: list[Bookmark] = []

    def compose(self) -> ComposeResult:
        yield Static(id="bookmarks-title")
        yield Input(placeholder="Type to filter by title, section, excerpt or note", id="bookmarks-filter",
                    select_on_focus=False)
        yield OptionList(id="bookmarks-list", markup=False)
        yield Static(Text("No bookmarks yet: press b while reading to add one."), id="bookmarks-empty")
        yield KeyFooter()

    @property
    def option_list(self) -> OptionList:
        return self.query_one("#bookmarks-list", OptionList)

    @property
    def filter_input(self) -> Input:
        return self.query_one("#bookmarks-filter", Input)

    @property
    def store(self) -> Any:
        return getattr(self.app, "bookmarks", None)

    def on_mount(self) -> None:
        store = self.store
        if store is not None:  # pick up what other windows or the CLI changed meanwhile
            for notice in store.load():
                self.notify(notice, severity="warning", timeout=10)
        self.reload()
        self.option_list.focus()
        self._report_error()

    # -- data ------------------------------------------------------------------------------

    def library_bookmarks(self) -> list[Bookmark]:
        """The store's bookmarks (newest first) that belong to the app's library: same root,
        or same content as one of its articles (a library that was moved)."""
        store = self.store
        if store is None:
            return []
        marks: list[Bookmark] = store.all()
        library = getattr(self.app, "library", None)
        root = getattr(library, "root", None)
        if root is None:
            return marks
        wanted = normalise_library(Path(root))
        fingerprints = {e.fingerprint for e in getattr(library, "entries", []) if getattr(e, "fingerprint", "")}
        return [bm for bm in marks if bm.library == wanted or bm.fingerprint in fingerprints]

    def reload(self, keep: str | None = None) -> None:
        """Rebuild the list from the store, keeping the highlight on bookmark `keep` if shown."""
        words = self.filter_input.value.casefold().split()
        every = self.library_bookmarks()
        shown = [bm for bm in every if matches(bm, words)]
        options: list[Option | None] = []
        script = ui_script.current(self.app)
        self._shown = []
        # OptionList measures every option it holds; past a few hundred that costs a visible
        # pause per keystroke, so only the newest MAX_SHOWN matches are listed.
        for _, group in group_by_article(shown[:MAX_SHOWN]):
            if options:
                options.append(None)  # a rule between articles
            options.append(Option(header_prompt(group[0], len(group), script), disabled=True))
            for bm in group:
                options.append(Option(bookmark_prompt(bm, script), id=bm.id))
                self._shown.append(bm)
        if len(shown) > MAX_SHOWN:
            more = len(shown) - MAX_SHOWN
            options.append(Option(Text(f"… {more} older bookmark{'s' if more != 1 else ''}: type to filter"),
                                  disabled=True))
        ol = self.option_list
        ol.set_options(options)
        self.query_one("#bookmarks-empty").display = not every
        self._select(keep)
        self._update_title(len(every), len(shown))

    def script_changed(self) -> None:
        """ctrl+t: the list shown again in the new script, the same bookmark highlighted."""
        current = self.current
        self.reload(current.id if current is not None else None)

    def _select(self, keep: str | None) -> None:
        ol = self.option_list
        if keep is not None:
            try:
                ol.highlighted = ol.get_option_index(keep)
                return
            except Exception:  # noqa: BLE001 - OptionDoesNotExist: fall through to the first
                pass
        ol.action_first()

    def _update_title(self, total: int, shown: int) -> None:
        text = Text()
        text.append(" Bookmarks ", style="bold")
        text.append(f" {total} in this library")
        if shown != total:
            text.append(f"  ·  {shown} shown")
        if self.undo_stack:
            text.append(f"  ·  {len(self.undo_stack)} deleted (u to undo)")
        self.query_one("#bookmarks-title", Static).update(text)

    @property
    def current(self) -> Bookmark | None:
        """The highlighted bookmark, if any."""
        option = self.option_list.highlighted_option
        if option is None or option.id is None:
            return None
        return next((bm for bm in self._shown if bm.id == option.id), None)

    def _neighbour_id(self, bm: Bookmark) -> str | None:
        """The bookmark to highlight after `bm` is deleted: the next one, else the previous."""
        ids = [b.id for b in self._shown]
        i = ids.index(bm.id)
        rest = ids[i + 1 :] + ids[:i][::-1]
        return rest[0] if rest else None

    def _report_error(self) -> None:
        store = self.store
        error = getattr(store, "last_error", None) if store is not None else None
        if error:
            self.notify(error, severity="error", timeout=10)
        take = getattr(store, "take_notices", None)
        if callable(take):
            for notice in take():
                self.notify(notice, severity="warning", timeout=10)

    # -- actions -----------------------------------------------------------------------------

    def action_open(self) -> None:
        bm = self.current
        if bm is not None:
            self.dismiss(bm)

    def action_delete(self) -> None:
        bm = self.current
        if bm is None or self.store is None:
            return
        removed = self.store.remove(bm.id)
        if removed is not None:
            self.undo_stack.append(removed)
        self.reload(keep=self._neighbour_id(bm))
        self._report_error()
        self.notify("Bookmark deleted (u to undo).", timeout=3)

    def action_undo(self) -> None:
        if not self.undo_stack or self.store is None:
            self.notify("Nothing to undo.", timeout=2)
            return
        bm = self.undo_stack.pop()
        self.store.restore(bm)
        self.reload(keep=bm.id)
        self._report_error()

    def action_edit_note(self) -> None:
        bm = self.current
        if bm is None or self.store is None:
            return

        def done(note: str | None) -> None:
            if note is None or self.store is None:
                return
            self.store.set_note(bm.id, note)
            self.reload(keep=bm.id)
            self._report_error()

        self.app.push_screen(NoteDialog(bm.note, title=f"Note for “{clean_inline(bm.excerpt)[:40]}”"), done)

    def action_filter(self) -> None:
        self.filter_input.focus()

    def action_cursor_down(self) -> None:
        self.option_list.action_cursor_down()

    def action_cursor_up(self) -> None:
        self.option_list.action_cursor_up()

    def action_close(self) -> None:
        if self.filter_input.value:
            self.filter_input.value = ""
            self.option_list.focus()
            return
        self.dismiss(None)

    # -- events -------------------------------------------------------------------------------

    @on(Input.Changed, "#bookmarks-filter")
    def _filter_changed(self) -> None:
        current = self.current
        self.reload(keep=current.id if current else None)

    @on(Input.Submitted, "#bookmarks-filter")
    def _filter_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_open()

    @on(OptionList.OptionSelected, "#bookmarks-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_open()

    def on_key(self, event: events.Key) -> None:
        """Type to filter (see `route_filter_key`)."""
        route_filter_key(self, event, self.filter_input, self.option_list)
