"""`KeyFooter`: Textual's Footer, rebuilt only when the keys it shows really change.

Why: Textual's Footer rebuilds all its key widgets every time any code asks for a
bindings refresh, and the reader asks often (opening an article, each move that can
enable or disable `n`/`p`, focus changes). At start that was five rebuilds of a dozen
widgets each before the first screen of text (~20 ms), and one more on many key presses.
Here a request compares what would be shown (key, label, enabled, tooltip) with what is
shown, several requests within one refresh collapse into one check, and the footer is
rebuilt only when they differ.
"""

from __future__ import annotations

from typing import Any

from textual.screen import Screen
from textual.widgets import Footer


class KeyFooter(Footer):
    """A Footer that skips rebuilds which would draw the same keys (see module doc)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._shown: tuple[Any, ...] | None = None
        self._check_pending = False

    def bindings_changed(self, screen: Screen[Any]) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen and not self._check_pending:
            self._check_pending = True
            self.call_after_refresh(self._recompose_if_changed)

    async def _recompose_if_changed(self) -> None:
        self._check_pending = False
        if not self.is_attached:
            return
        shown = self._signature()
        if shown == self._shown:
            return
        self._shown = shown
        await self.recompose()

    def _signature(self) -> tuple[Any, ...]:
        """What `compose` would draw, as comparable data."""
        return tuple(
            (binding.key, binding.action, binding.description, enabled, tooltip,
             binding.group.description if binding.group is not None else None)
            for (_, binding, enabled, tooltip) in self.screen.active_bindings.values()
            if binding.show or key_is_palette(self, binding.key)
        ) + (self.compact, self.show_command_palette)


def key_is_palette(footer: Footer, key: str) -> bool:
    """True for the command palette key (shown at the right of the footer)."""
    return key == footer.app.COMMAND_PALETTE_BINDING
