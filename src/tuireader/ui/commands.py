"""Command palette (ctrl+p) providers.

Why generated: every palette action comes from `ui.bindings`, the same list the keys,
the footer and the help screen come from, so a new key is in the palette the moment it
exists and a remapped key shows its new name. On top of that: "Open article: …" for every
article of the library and, in the reader, "Go to section: …" for every outline entry.

Titles are article text: they are shown through `Content` (plain text), never as markup.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from tuireader.ui.bindings import APP_BINDINGS, LIBRARY_BINDINGS, READER_BINDINGS, effective_keys


def command_title(binding: Binding) -> str:
    """"next-article" → "Next article": the palette names actions by their stable id."""
    name = (binding.id or binding.action).replace("-", " ").replace("_", " ")
    return name[:1].upper() + name[1:]


def screen_group(screen: Any) -> list[Binding]:
    """The binding list declared for `screen`'s kind (library, reader, or none)."""
    from tuireader.ui.screens.library import LibraryScreen

    if isinstance(screen, LibraryScreen):
        return LIBRARY_BINDINGS
    if type(screen).__name__ == "ReaderScreen":
        return READER_BINDINGS
    return []


class BindingCommands(Provider):
    """Every key action usable on the current screen, with its key shown as help."""

    def _commands(self) -> list[tuple[str, Callable[[], Any], str]]:
        keymap: dict[str, str] = getattr(self.app, "keymap", {})
        out: list[tuple[str, Callable[[], Any], str]] = []
        seen: set[str] = set()
        for namespace, group in ((self.screen, screen_group(self.screen)), (self.app, APP_BINDINGS)):
            for binding in group:
                title = command_title(binding)
                if title in seen:
                    continue
                if namespace.check_action(binding.action, ()) is not True:
                    continue
                seen.add(title)
                keys = ", ".join(self.app.get_key_display(Binding(k, "")) for k in effective_keys(binding, keymap))
                help_text = f"{keys} · {binding.tooltip}" if binding.tooltip else keys
                out.append((title, partial(namespace.run_action, binding.action), help_text))
        return out

    async def discover(self) -> Hits:
        for title, callback, help_text in self._commands():
            yield DiscoveryHit(Content(title), callback, text=title, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, callback, help_text in self._commands():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), callback, text=title, help=help_text)


class ArticleCommands(Provider):
    """"Open article: <title>" for each readable article of the library."""

    async def search(self, query: str) -> Hits:
        app: Any = self.app
        library = getattr(app, "library", None)
        if library is None:
            return
        matcher = self.matcher(query)
        for index, entry in enumerate(library.entries):
            if entry.error:
                continue
            text = f"Open article: {entry.title}"
            score = matcher.match(text)
            if score > 0:
                help_text = " · ".join(x for x in (entry.date, entry.author, entry.rel) if x)
                yield Hit(score, matcher.highlight(text), partial(app.open_article, index), text=text, help=help_text)


class SectionCommands(Provider):
    """"Go to section: <heading>" for each outline entry of the article being read."""

    def _sections(self) -> list[tuple[str, Callable[[], Any]]]:
        screen: Any = self.screen
        article = getattr(screen, "article", None)
        outline = getattr(article, "outline", None)
        if not outline:
            return []
        jump = getattr(screen, "jump_to_block", None)
        out: list[tuple[str, Callable[[], Any]]] = []
        for entry in outline:
            indent = "  " * max(0, entry.level - 1)
            number = f"{entry.number} " if entry.number and not entry.title.startswith(entry.number) else ""
            text = f"Go to section: {indent}{number}{entry.title}"
            if callable(jump):
                out.append((text, partial(jump, entry.block)))
            else:
                index = getattr(screen, "index", 0)
                out.append((text, partial(self.app.open_article, index, block=entry.block)))  # type: ignore[attr-defined]
        return out

    async def discover(self) -> Hits:
        for text, callback in self._sections():
            yield DiscoveryHit(Content(text), callback, text=text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for text, callback in self._sections():
            score = matcher.match(text)
            if score > 0:
                yield Hit(score, matcher.highlight(text), callback, text=text)


class ScriptCommands(Provider):
    """"Script: 简体" etc.: show Chinese text in one script (ctrl+t cycles through them)."""

    def _choices(self) -> list[tuple[str, Callable[[], Any]]]:
        from tuireader.script.convert import LABELS, SCRIPTS

        app: Any = self.app
        setter = getattr(app, "set_script", None)
        if not callable(setter):
            return []
        return [(f"Script: {LABELS[name]} ({name})", partial(setter, name)) for name in SCRIPTS]

    async def discover(self) -> Hits:
        for text, callback in self._choices():
            yield DiscoveryHit(Content(text), callback, text=text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for text, callback in self._choices():
            score = matcher.match(text)
            if score > 0:
                yield Hit(score, matcher.highlight(text), callback, text=text)
