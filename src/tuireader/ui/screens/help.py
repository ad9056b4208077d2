"""The help screen (`?`): every key, generated from `ui.bindings`, never written by hand.

Why generated: hand-written help tables drift from the real keys (frogmouth, toolong and
harlequin all show it). Here each row is a declared `Binding`; the keys shown are the
effective ones after the user's `[keys]` remapping, and any extra key the screen below
declares (outside the shared lists) is listed too, so nothing is ever missing.
"""

from __future__ import annotations

from typing import Any

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from tuireader.ui.bindings import GROUPS, effective_keys

#: From this terminal width on, the help shows two columns.
WIDE = 110


def key_label(app: Any, keys: list[str]) -> str:
    """Keys as the footer shows them ("?", "^p", "PgDn"), joined with " / "."""
    return " / ".join(app.get_key_display(Binding(key, "")) for key in keys)


def group_table(app: Any, bindings: list[Binding], keymap: dict[str, str]) -> Table:
    """A two-column table (keys, what they do) for one group of bindings."""
    table = Table.grid(padding=(0, 2))
    table.add_column("keys", style="bold", min_width=14, no_wrap=True)
    table.add_column("action")
    seen: set[str] = set()
    for binding in bindings:
        ident = binding.id or binding.action
        if ident in seen:
            continue
        seen.add(ident)
        label = key_label(app, effective_keys(binding, keymap))
        table.add_row(Text(label), Text(binding.tooltip or binding.description))
    return table


class HelpScreen(ModalScreen[None]):
    """Keys grouped by where they work; the group of the screen below comes first."""

    BINDINGS = [
        Binding("escape,question_mark,f1", "dismiss", "Close", id="close-help"),
        Binding("j,down", "scroll_down", show=False),
        Binding("k,up", "scroll_up", show=False),
    ]

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    """

    def compose(self) -> ComposeResult:
        sections = self.sections()
        # Wide terminals: this screen's keys on the left, the rest on the right, so a
        # 120x40 terminal shows every key without scrolling.
        wide = self.app.size.width >= WIDE
        columns = [sections[:1], sections[1:]] if wide and len(sections) > 1 else [sections]
        with Vertical(id="help-box", classes="-wide" if wide else ""):
            yield Static(Text("Keys", style="bold"), id="help-title")
            with Horizontal(id="help-columns"):
                for column in columns:
                    with VerticalScroll(classes="help-column"):
                        for title, table in column:
                            yield Static(Text(title, style="bold underline"), classes="help-group-title")
                            yield Static(table, classes="help-group")
            yield Static(Text("Esc or ? closes · ctrl+p: every action in the command palette"), id="help-hint")

    def _below(self) -> Any:
        stack = self.app.screen_stack
        return stack[-2] if len(stack) >= 2 and stack[-1] is self else stack[-1]

    def sections(self) -> list[tuple[str, Table]]:
        """(title, table) per group: the current screen's group first, then the others."""
        app: Any = self.app
        keymap: dict[str, str] = getattr(app, "keymap", {})
        below = self._below()
        current = _group_name(below)
        names = list(GROUPS)
        if current in names:
            names.remove(current)
            names.insert(0, current)
        out = []
        for name in names:
            title = f"{name} (this screen)" if name == current else name
            out.append((title, group_table(app, GROUPS[name], keymap)))
        extra = self._extra_bindings(below)
        if extra:
            out.insert(1 if current else 0, ("More on this screen", group_table(app, extra, {})))
        return out

    def _extra_bindings(self, screen: Any) -> list[Binding]:
        """Shown bindings active on the screen below that no shared list declares
        (e.g. a find bar's next/previous match keys)."""
        declared = {b.id for group in GROUPS.values() for b in group if b.id}
        declared_actions = {b.action for group in GROUPS.values() for b in group}
        out: list[Binding] = []
        seen: set[str] = set()
        try:
            active = screen.active_bindings
        except Exception:  # noqa: BLE001 - a screen without bindings simply has none
            return out
        for key, active_binding in active.items():
            binding = active_binding.binding
            if binding.system or not binding.show or not binding.description:
                continue
            if binding.id in declared or binding.action in declared_actions:
                continue
            if binding.action in seen:
                continue
            seen.add(binding.action)
            out.append(Binding(key, binding.action, binding.description, tooltip=binding.tooltip))
        return out


def _group_name(screen: Any) -> str:
    from tuireader.ui.screens.library import LibraryScreen

    if isinstance(screen, LibraryScreen):
        return "Library"
    if type(screen).__name__ == "ReaderScreen":
        return "Reader"
    return ""
