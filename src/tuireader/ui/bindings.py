"""Every user-facing key binding, declared once.

Why one module: the footer, the help screen and the command palette are all generated from
these lists, and `config.toml [keys]` remaps them by `id` through `App.set_keymap`. A key
declared anywhere else would be invisible to help and to the palette, and could not be
remapped; keeping one list is what stops the three from drifting apart.

The ids are the stable public names (used in config.toml and by the screens); the keys are
only defaults. An action is run in the namespace of the screen the list belongs to
(`APP_BINDINGS` on the app, `LIBRARY_BINDINGS` on the library screen, `READER_BINDINGS` on
the reader screen).
"""

from __future__ import annotations

from textual.binding import Binding

#: Bindings that work on every screen (declared on `ReaderApp`).
APP_BINDINGS: list[Binding] = [
    Binding("question_mark,f1", "help", "Help", id="help", tooltip="Show every key and what it does"),
    Binding("q", "quit", "Quit", id="quit", tooltip="Save the reading position and quit"),
    Binding("s", "search", "Search", id="search", tooltip="Search across every article of the library"),
    Binding("B", "bookmarks", "Bookmarks", id="bookmarks", tooltip="List every bookmark of the library"),
    Binding("T", "theme", "Theme", id="theme", show=False, tooltip="Choose a colour theme (remembered)"),
    Binding("ctrl+t", "switch_script", "Script", id="script", show=False,
            tooltip="Show Chinese in another script: 简 繁 台 港 (remembered)"),
]

#: Bindings of the library list (declared on `LibraryScreen`).
LIBRARY_BINDINGS: list[Binding] = [
    Binding("enter", "open", "Open", id="open", tooltip="Read the highlighted article"),
    Binding("slash", "filter", "Filter", id="filter", tooltip="Filter by title, author or path (or just start typing)"),
    Binding("o", "sort", "Sort", id="sort", tooltip="Cycle the order: library, date, title (remembered)"),
    Binding("j", "cursor_down", "Down", id="line-down", show=False, tooltip="Next article in the list"),
    Binding("k", "cursor_up", "Up", id="line-up", show=False, tooltip="Previous article in the list"),
    Binding("g,home", "top", "First", id="top", show=False, tooltip="First article in the list"),
    Binding("G,end", "end", "Last", id="end", show=False, tooltip="Last article in the list"),
    Binding("escape", "clear_filter", "Clear filter", id="clear-filter", show=False, tooltip="Clear the filter"),
    Binding("R", "refresh", "Rescan", id="refresh", show=False, tooltip="Look for new, changed and deleted files"),
]

#: Bindings of the reader (declared on `ReaderScreen`; actions are ReaderScreen's).
READER_BINDINGS: list[Binding] = [
    Binding("j,down", "line_down", "Down", id="line-down", show=False, tooltip="Scroll one line down"),
    Binding("k,up", "line_up", "Up", id="line-up", show=False, tooltip="Scroll one line up"),
    Binding("space,pagedown", "page_down", "Page", id="page-down", show=False, tooltip="Scroll one page down"),
    Binding("pageup", "page_up", "Page up", id="page-up", show=False, tooltip="Scroll one page up"),
    Binding("g,home", "top", "Top", id="top", show=False, tooltip="Go to the start of the article"),
    Binding("G,end", "end", "End", id="end", show=False, tooltip="Go to the end of the article"),
    Binding("right_square_bracket", "next_section", "Section", id="next-section", key_display="]",
            tooltip="Next section, at any level"),
    Binding("left_square_bracket", "prev_section", "Prev section", id="prev-section", show=False,
            key_display="[", tooltip="Previous section, at any level"),
    Binding("right_curly_bracket", "next_top_section", "Next part", id="next-top-section", show=False,
            key_display="}", tooltip="Next top-level section"),
    Binding("left_curly_bracket", "prev_top_section", "Prev part", id="prev-top-section", show=False,
            key_display="{", tooltip="Previous top-level section"),
    Binding("n", "next_article", "Next", id="next-article", tooltip="Next article (declared 下一篇, else library order)"),
    Binding("p", "prev_article", "Prev", id="prev-article", tooltip="Previous article (declared 上一篇, else library order)"),
    Binding("o", "toggle_outline", "Outline", id="toggle-outline", tooltip="Show or hide the outline"),
    Binding("tab", "focus_next", "Focus", id="focus-next", show=False, tooltip="Move focus between outline and text"),
    Binding("escape", "back", "Library", id="back", tooltip="Back to the library"),
    Binding("b", "bookmark", "Mark", id="bookmark", tooltip="Bookmark the top visible paragraph"),
    Binding("slash", "find", "Find", id="find", tooltip="Find in this article"),
    Binding("plus,equals_sign", "wider", "Wider", id="wider", show=False, key_display="+",
            tooltip="Widen the text column (remembered)"),
    Binding("minus", "narrower", "Narrower", id="narrower", show=False, key_display="-",
            tooltip="Narrow the text column (remembered)"),
]

#: Find-bar match keys; they also work when the text has focus (declared on the reader screen).
FIND_BINDINGS: list[Binding] = [
    Binding("f3", "find_next", "Next match", id="find-next", tooltip="Next match of the find bar"),
    Binding("shift+f3", "find_prev", "Prev match", id="find-prev", tooltip="Previous match of the find bar"),
]

#: Keys of the bookmarks screen (ids are public names, remappable in config.toml [keys]).
BOOKMARKS_BINDINGS: list[Binding] = [
    Binding("enter", "open", "Open", id="open-bookmark", tooltip="Open the article at this bookmark"),
    Binding("d,delete", "delete", "Delete", id="delete-bookmark", tooltip="Delete this bookmark (u undoes)"),
    Binding("u", "undo", "Undo", id="undo-delete", tooltip="Bring back the last deleted bookmark"),
    Binding("e", "edit_note", "Note", id="edit-note", tooltip="Edit the note of this bookmark"),
    Binding("slash", "filter", "Filter", id="filter-bookmarks", show=False,
            tooltip="Filter by title, section, excerpt or note (or just type)"),
    Binding("j", "cursor_down", "Down", id="bookmark-down", show=False, tooltip="Next bookmark"),
    Binding("k", "cursor_up", "Up", id="bookmark-up", show=False, tooltip="Previous bookmark"),
    Binding("escape", "close", "Close", id="close-bookmarks", tooltip="Clear the filter, else close"),
]

#: Help-screen groups, in display order: title → bindings.
GROUPS: dict[str, list[Binding]] = {
    "Everywhere": APP_BINDINGS,
    "Library": LIBRARY_BINDINGS,
    "Reader": READER_BINDINGS,
    "Find": FIND_BINDINGS,
    "Bookmarks": BOOKMARKS_BINDINGS,
}


def all_ids() -> set[str]:
    """Every binding id; config.toml [keys] is checked against this set."""
    return {b.id for group in GROUPS.values() for b in group if b.id}


def effective_keys(binding: Binding, keymap: dict[str, str]) -> list[str]:
    """The keys that trigger `binding` once the user's keymap is applied (defaults otherwise)."""
    if binding.id and binding.id in keymap:
        raw = keymap[binding.id]
    else:
        raw = binding.key
    return [k.strip() for k in raw.split(",") if k.strip()]


def check_keymap(keys: dict[str, str]) -> tuple[dict[str, str], list[str]]:
    """Split a config `[keys]` table into the usable keymap and one-line warnings.

    Unknown ids and empty key lists are dropped with a warning instead of being passed to
    Textual, where they would silently do nothing.
    """
    known = all_ids()
    keymap: dict[str, str] = {}
    warnings: list[str] = []
    for binding_id, value in keys.items():
        if binding_id not in known:
            warnings.append(f"config.toml [keys]: unknown action {binding_id!r} ignored")
            continue
        cleaned = ",".join(k.strip() for k in str(value).split(",") if k.strip())
        if not cleaned:
            warnings.append(f"config.toml [keys]: no key given for {binding_id!r}; default kept")
            continue
        keymap[binding_id] = cleaned
    return keymap, warnings
