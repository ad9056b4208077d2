"""The search screen (`s`): search every article of the library as you type.

Why this shape: results must follow the typing without ever freezing it, so each query
runs in a thread worker (exclusive: a newer query supersedes the older one) after a short
pause in the typing; the list shows where each hit is (title — section) and the snippet
with the match highlighted, so the reader can pick the right passage before opening it.
Snippets and titles come from the user's articles: they are `rich.text.Text` with styled
spans, never markup. Enter dismisses with the `SearchHit` (the app opens the article at
that block with the query highlighted); Escape dismisses with None.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from tuireader.ingest.sanitize import clean_inline
from tuireader.library.search import SearchHit, search
from tuireader.ui import script as ui_script
from tuireader.ui.widgets.key_footer import KeyFooter

#: Keys of the search screen (ids are public names, remappable in config.toml [keys]).
SEARCH_BINDINGS: list[Binding] = [
    Binding("enter", "open", "Open", id="open-hit", tooltip="Open the article at this passage"),
    Binding("escape", "close", "Close", id="close-search", tooltip="Close the search"),
    Binding("down", "cursor_down", "Down", id="hit-down", show=False, tooltip="Next hit"),
    Binding("up", "cursor_up", "Up", id="hit-up", show=False, tooltip="Previous hit"),
]

#: Seconds of typing pause before a query runs (each keystroke restarts the wait).
DEBOUNCE = 0.15
#: Hits shown, and at most this many per article (so one long article cannot fill the list).
LIMIT = 100
PER_ARTICLE = 5
HIGHLIGHT = "bold reverse"


def hit_prompt(hit: SearchHit, script: str = "original") -> Text:
    """Two lines: title — section, then the snippet with its match spans highlighted
    (shown in the Chinese `script`; the spans follow the converted snippet)."""
    text = Text(no_wrap=False)
    text.append(clean_inline(ui_script.shown(script, hit.title)) or hit.rel, style="bold")
    if hit.section:
        text.append("  —  ", style="dim")
        text.append(clean_inline(ui_script.shown(script, hit.section)), style="italic")
    text.append(f"  {hit.rel}", style="dim")
    text.append("\n")
    start = len(text)
    snippet, spans = ui_script.shown_spans(script, hit.snippet, hit.spans)
    text.append(snippet)
    for s, e in spans:
        text.stylize(HIGHLIGHT, start + s, start + e)
    return text


def _short(path: Path) -> str:
    """`path` with the home folder written as "~" (shorter, and the same on every machine)."""
    try:
        return "~/" + path.relative_to(Path.home()).as_posix()
    except ValueError:
        return str(path)


class SearchScreen(Screen[SearchHit | None]):
    """Search across the library at `self.app.library.root`; dismisses with the chosen hit."""

    BINDINGS: ClassVar[list[BindingType]] = list(SEARCH_BINDINGS)
    # Styles: screens/search.tcss, loaded by the app with the others (see ReaderApp.CSS_PATH).

    def __init__(self, query: str = "") -> None:
        super().__init__()
        self.initial_query = query
        #: The query whose hits are shown (the app highlights it in the reader).
        self.last_query: str = ""
        self.hits: list[SearchHit] = []
        self._timer: Timer | None = None
        #: Bumped for every query; a late result from an older query is dropped.
        self._generation = 0

    def compose(self) -> ComposeResult:
        yield Static(id="search-title")
        yield Input(value=self.initial_query, placeholder='Search the library: words, "a phrase", 中文…', id="search-input")
        yield Static(Text("Type to search. Words must all occur in one paragraph."), id="search-status")
        yield OptionList(id="search-results", markup=False)
        yield KeyFooter()

    @property
    def input(self) -> Input:
        return self.query_one("#search-input", Input)

    @property
    def results(self) -> OptionList:
        return self.query_one("#search-results", OptionList)

    @property
    def root(self) -> Path | None:
        library = getattr(self.app, "library", None)
        root = getattr(library, "root", None)
        return Path(root) if root is not None else None

    def on_mount(self) -> None:
        library = getattr(self.app, "library", None)
        count = len(getattr(library, "entries", []) or [])
        title = Text()
        title.append(" Search ", style="bold")
        title.append(f" {count} articles")
        if self.root is not None:
            title.append(f"  ·  {_short(self.root)}", style="dim")
        self.query_one("#search-title", Static).update(title)
        self.input.focus()
        if self.initial_query:
            self._schedule(0.0)

    # -- typing → query --------------------------------------------------------------------

    @on(Input.Changed, "#search-input")
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        self._schedule(DEBOUNCE)

    def _schedule(self, delay: float) -> None:
        if self._timer is not None:
            self._timer.stop()
        self._generation += 1
        self._timer = self.set_timer(delay, self._start_query) if delay > 0 else None
        if delay <= 0:
            self._start_query()

    def _start_query(self) -> None:
        self._timer = None
        query = self.input.value
        if not query.strip():
            self._show(self._generation, query, [])
            return
        self._set_status(Text("Searching…"))
        self._run_query(self._generation, query)

    @work(thread=True, exclusive=True, group="search")
    def _run_query(self, generation: int, query: str) -> None:
        root = self.root
        hits = search(root, query, limit=LIMIT, per_article=PER_ARTICLE) if root is not None else []
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show, generation, query, hits)

    def _show(self, generation: int, query: str, hits: list[SearchHit]) -> None:
        if generation != self._generation:
            return  # a newer query is on its way
        self.last_query = query
        self.hits = hits
        results = self.results
        options: list[Option | None] = []
        for i, hit in enumerate(hits):
            if i:
                options.append(None)  # a separator line between hits
            options.append(Option(hit_prompt(hit, ui_script.current(self.app)), id=str(i)))
        results.set_options(options)
        if hits:
            results.highlighted = 0
        if not query.strip():
            status = Text("Type to search. Words must all occur in one paragraph.")
        elif not hits:
            status = Text(f"No matches for {query.strip()}")
        else:
            more = f" (first {LIMIT})" if len(hits) >= LIMIT else ""
            status = Text(f"{len(hits)} hits{more} · Enter opens · ↑↓ choose")
        if getattr(self.app, "indexing", False) or getattr(self.app, "library_settling", False):
            status.append(" · the library is still being indexed: results may be incomplete"
                          " (searched again when it is done)", style="italic")
        self._set_status(status)

    def index_updated(self) -> None:
        """The app indexed more of the library: the query typed so far runs again, so a
        search started before the index was ready is answered from the whole of it."""
        if self._timer is None and self.input.value.strip():
            self._schedule(0.0)

    def script_changed(self) -> None:
        """ctrl+t: the hits shown again in the new script."""
        if self.hits:
            self._show(self._generation, self.last_query or "", self.hits)

    def _set_status(self, text: Text) -> None:
        self.query_one("#search-status", Static).update(text)

    # -- choosing ------------------------------------------------------------------------------

    @property
    def current(self) -> SearchHit | None:
        option = self.results.highlighted_option
        if option is None or option.id is None:
            return None
        index = int(option.id)
        return self.hits[index] if 0 <= index < len(self.hits) else None

    @on(Input.Submitted, "#search-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_open()

    @on(OptionList.OptionSelected, "#search-results")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_open()

    def action_open(self) -> None:
        hit = self.current
        if hit is not None:
            self.dismiss(hit)

    def action_close(self) -> None:
        self.dismiss(None)

    def action_cursor_down(self) -> None:
        self.results.action_cursor_down()

    def action_cursor_up(self) -> None:
        self.results.action_cursor_up()

    def on_key(self, event: events.Key) -> None:
        # Page keys typed in the query line move the list (the line has no use for them).
        if event.key in ("pagedown", "pageup") and self.focused is self.input:
            event.stop()
            getattr(self.results, "action_page_down" if event.key == "pagedown" else "action_page_up")()

