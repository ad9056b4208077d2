"""`KeyFooter`: the key hints of the focused screen, drawn as one line by one widget.

Why not Textual's Footer: it builds one widget per key (a dozen here), rebuilds them all
whenever any code asks for a bindings refresh, and styles each one as it mounts. The
reader asks often (opening an article, each move that enables or disables `n`/`p`,
focus changes): at start that was two rebuilds and ~25 restyled widgets before the first
screen of text. This widget renders the same information (key, label, disabled keys
dimmed, the command palette key at the right) as one line of text, redraws only when what
it shows changes, and maps a click back to its key.
"""

from __future__ import annotations

from typing import Any, ClassVar, NamedTuple

from rich.style import Style
from rich.text import Text
from textual import events
from textual.screen import Screen
from textual.widget import Widget


class Hint(NamedTuple):
    """One key as the footer shows it."""

    key: str  # the key to simulate on a click
    display: str  # how the key is written ("^p", "space")
    description: str
    enabled: bool


class KeyFooter(Widget):
    """One line of key hints for the active bindings of its screen (see module doc)."""

    DEFAULT_CSS = """
    KeyFooter {
        dock: bottom;
        height: 1;
        background: $footer-background;
        color: $footer-foreground;
    }
    KeyFooter > .key-footer--key {
        color: $footer-key-foreground;
        background: $footer-key-background;
        text-style: bold;
    }
    KeyFooter > .key-footer--description {
        color: $footer-description-foreground;
        background: $footer-description-background;
    }
    KeyFooter > .key-footer--disabled {
        text-style: dim;
    }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "key-footer--key", "key-footer--description", "key-footer--disabled",
    }

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id, classes=classes)
        self._hints: list[Hint] = []
        self._palette: Hint | None = None
        #: (start cell, end cell, hint) of each drawn hint, for clicks.
        self._spans: list[tuple[int, int, Hint]] = []
        #: A line from the screen drawn before the hints (see `say`).
        self._message: str | None = None

    def say(self, message: str | None) -> None:
        """Show `message` at the left of the hints (None removes it): what a key pressed
        too early waits for, or why it could not act (see `ui.pending`)."""
        message = " ".join(message.split()) if message else None
        if message != self._message:
            self._message = message
            self.refresh()

    @property
    def message(self) -> str | None:
        return self._message

    # -- what is shown -----------------------------------------------------------------------

    @property
    def hints(self) -> list[Hint]:
        """The keys shown, in order (the command palette key last, when shown)."""
        return [*self._hints, *([self._palette] if self._palette else [])]

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self._update()

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[Any]) -> None:
        if self.is_attached and screen is self.screen:
            self._update()

    def _update(self) -> None:
        hints, palette = self._collect()
        if (hints, palette) != (self._hints, self._palette):
            self._hints, self._palette = hints, palette
            self.refresh()

    def _collect(self) -> tuple[list[Hint], Hint | None]:
        """The screen's shown bindings, one per action (its first key), as Textual's
        Footer picks them; and the command palette binding, shown apart."""
        app = self.app
        seen: set[str] = set()
        hints: list[Hint] = []
        palette: Hint | None = None
        for _node, binding, enabled, _tooltip in self.screen.active_bindings.values():
            if binding.key == app.COMMAND_PALETTE_BINDING and app.ENABLE_COMMAND_PALETTE:
                palette = Hint(binding.key, app.get_key_display(binding), binding.description, enabled)
                continue
            if not binding.show or binding.action in seen:
                continue
            seen.add(binding.action)
            hints.append(Hint(binding.key, app.get_key_display(binding), binding.description, enabled))
        return hints, palette

    # -- drawing -----------------------------------------------------------------------------

    def render(self) -> Text:
        key_style = self.get_component_rich_style("key-footer--key")
        text_style = self.get_component_rich_style("key-footer--description")
        dim = self.get_component_rich_style("key-footer--disabled")
        line = Text(no_wrap=True, overflow="ellipsis", end="")
        spans: list[tuple[int, int, Hint]] = []
        if self._message:
            line.append(f" {self._message} ", text_style + Style(italic=True))

        def add(hint: Hint) -> None:
            start = line.cell_len
            extra = dim if not hint.enabled else None
            line.append(f" {hint.display} ", key_style + extra if extra else key_style)
            if hint.description:
                line.append(f"{hint.description} ", text_style + extra if extra else text_style)
            spans.append((start, line.cell_len, hint))

        for hint in self._hints:
            add(hint)
        if self._palette is not None:
            tail = Text(no_wrap=True, end="")
            tail.append(f" {self._palette.display} ", key_style)
            tail.append(f"{self._palette.description} ", text_style)
            gap = self.size.width - line.cell_len - tail.cell_len
            if gap >= 1:
                line.append(" " * gap)
                add(self._palette)
        self._spans = spans
        return line

    # -- clicks ------------------------------------------------------------------------------

    def hint_at(self, x: int) -> Hint | None:
        """The hint drawn at cell `x`, if any."""
        return next((hint for start, end, hint in self._spans if start <= x < end), None)

    def on_click(self, event: events.Click) -> None:
        hint = self.hint_at(event.x)
        if hint is None:
            return
        event.stop()
        if hint.enabled:
            self.app.simulate_key(hint.key)
        else:
            self.app.bell()
