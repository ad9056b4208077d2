"""`FindBar`: the find-in-article prompt at the bottom of the reader.

Keys (decided for terminals, where shift+Enter is not reliably distinct from Enter):
while the bar has focus, typing searches as you type, `Enter`, `down`, `F3` or `ctrl+g`
go to the next match and `up` or `shift+F3` to the previous one; `Escape` closes the bar
and clears the highlights. With the bar open but the text focused, the reader screen's
`F3`/`shift+F3` still step through the matches.

The bar only collects the query and keys: the screen finds (`tuireader.reading.find`) and
tells the bar what to show with `set_count`.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Input, Label

from tuireader.ui.bindings import FIND_BINDINGS as FIND_BINDINGS  # the reader declares them


class FindBar(Horizontal):
    """A one-line bar: an Input and the match count ("3/17")."""

    DEFAULT_CSS = """
    FindBar {
        dock: bottom;
        height: 1;
        display: none;
        background: $panel;
    }
    FindBar.-open { display: block; }
    FindBar > Label { width: auto; padding: 0 1; }
    FindBar > Input { width: 1fr; height: 1; border: none; padding: 0 1; }
    FindBar > #find-count { color: $text-muted; min-width: 12; }
    """

    BINDINGS = [
        Binding("escape", "close", "Close", id="find-close", tooltip="Close the find bar, clear highlights"),
        Binding("enter,down,ctrl+g,f3", "next", "Next", id="find-bar-next", show=False,
                tooltip="Next match"),
        Binding("up,shift+f3", "prev", "Previous", id="find-bar-prev", show=False, tooltip="Previous match"),
    ]

    class Changed(Message):
        """The query changed (debounced by the screen)."""

        def __init__(self, query: str) -> None:
            super().__init__()
            self.query = query

    class Step(Message):
        """Go to the next (+1) or previous (-1) match."""

        def __init__(self, delta: int) -> None:
            super().__init__()
            self.delta = delta

    class Closed(Message):
        """The bar was closed: clear the highlights."""

    def compose(self) -> ComposeResult:
        yield Label("Find:")
        yield Input(placeholder="text to find (Enter/↓ next, ↑ previous, Esc close)", id="find-input")
        yield Label("", id="find-count")

    @property
    def is_open(self) -> bool:
        return self.has_class("-open")

    @property
    def query_text(self) -> str:
        return self.query_one(Input).value

    def open(self, initial: str | None = None) -> None:
        """Show the bar and focus its input (keeping the previous query unless given one)."""
        self.add_class("-open")
        field = self.query_one(Input)
        if initial is not None:
            with field.prevent(Input.Changed):
                field.value = initial
        field.focus()
        field.cursor_position = len(field.value)

    def set_count(self, current: int | None, total: int, truncated: bool = False) -> None:
        """Show "current/total" (1-based), "no match", or nothing for an empty query."""
        label = self.query_one("#find-count", Label)
        if not self.query_text.strip():
            label.update("")
        elif total == 0:
            label.update("no match")
        else:
            more = "+" if truncated else ""
            label.update(f"{(current or 0) + 1}/{total}{more}")

    @on(Input.Changed, "#find-input")
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        self.post_message(self.Changed(event.value))

    @on(Input.Submitted, "#find-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(self.Step(+1))

    def action_next(self) -> None:
        self.post_message(self.Step(+1))

    def action_prev(self) -> None:
        self.post_message(self.Step(-1))

    def action_close(self) -> None:
        self.remove_class("-open")
        self.post_message(self.Closed())
