"""Type-to-filter key routing shared by the library and bookmarks screens.

Why one function: both screens promise the same thing — printable keys that no binding
claims start filtering, and arrow/page keys typed in the filter field move the list — and
two copies would drift.
"""

from __future__ import annotations

from typing import Any

from textual import events
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Input

#: Keys that, typed in the filter field, move the list instead.
LIST_MOVES = {
    "down": "action_cursor_down",
    "up": "action_cursor_up",
    "pagedown": "action_page_down",
    "pageup": "action_page_up",
}


def route_filter_key(screen: Screen[Any], event: events.Key, filter_input: Input, target: Widget) -> None:
    """Send `event` to the filter field or the list, as type-to-filter expects."""
    focused = screen.focused
    if focused is filter_input:
        move = LIST_MOVES.get(event.key)
        if move is not None:
            getattr(target, move)()
            event.stop()
            event.prevent_default()
        return
    if focused is target and event.is_printable and event.character:
        if event.key in screen.active_bindings or event.character in screen.active_bindings:
            return
        filter_input.focus()
        filter_input.insert_text_at_cursor(event.character)
        event.stop()
        event.prevent_default()
