"""`ReaderScreen`: one article — header, outline, text, find bar and status line.

The screen is the only place that talks to the stores: the widgets get data set on them
(article, bookmarks, matches) and post messages up (`ArticleView.PositionChanged`,
`OutlinePanel.Selected`, `FindBar.*`). It reads `library`, `config`, `state` and
`bookmarks` from `self.app`, so any host app providing those attributes can show it.

Reading positions are saved in document coordinates (block, offset): on leaving the
article, and on a debounce while scrolling (not on every line).

Big .txt/.md articles (over ~200,000 characters) open from their head
(`ingest.load_article_head`, a few ms) when the reading starts inside it; the whole is
parsed in a thread after the first frame and swapped in (`_whole_landed`) with the top
line, focus, find query and current match kept. Meanwhile the status line shows no counts,
G and a section beyond the head wait for the whole, find searches the head (and is redone
on the whole), and a new bookmark is saved once the whole is there (its fingerprint).
"""

from __future__ import annotations

import gc
import os
import sys
from pathlib import Path
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Label
from textual.worker import get_current_worker

from tuireader.article import Article, OutlineEntry
from tuireader.ingest.load import head_shift, load_article, load_article_head
from tuireader.reading.find import FindIndex, Match, first_at_or_after, step
from tuireader.reading.layout import Layout
from tuireader.reading.prefetch import WHOLE_WAIT, ArticlePrefetch
from tuireader.reading.preload import ReadyArticles
from tuireader.ui import script as ui_script
from tuireader.ui.bindings import READER_BINDINGS
from tuireader.ui.pending import PendingKeys
from tuireader.ui.widgets.article_view import ArticleView
from tuireader.ui.widgets.find_bar import FIND_BINDINGS, FindBar
from tuireader.ui.widgets.key_footer import KeyFooter
from tuireader.ui.widgets.outline_panel import OutlinePanel

#: What keys wait for while only the head of a big article is shown (see `ui.pending`).
WAIT_WHOLE = "reading the rest of the article"
#: Seconds a footer line saying why a key could not act stays.
SAY_SECONDS = 5.0
#: Seconds of stillness after scrolling before the position is written to state.toml.
SAVE_DELAY = 2.0
#: Seconds after the last keystroke in the find bar before searching.
FIND_DELAY = 0.12
#: Outlines with more entries than this are built just after the first frame.
OUTLINE_AFTER_PAINT = 300
#: Width change per `+`/`-`.
WIDTH_STEP = 4
#: A saved position is shown from the head of a big article (`ingest.load_article_head`)
#: only with at least this many of the head's blocks below it; else the whole is parsed first.
HEAD_MARGIN = 60
#: Seconds after an article is complete on screen before its neighbours are parsed ahead
#: (see `model.preload`): the first moments after a load are when keys come.
PRELOAD_DELAY = 0.4


_arenas_limited = False


def _limit_malloc_arenas() -> None:
    """Make glibc's malloc share one arena between threads (Linux only; once).

    Why: the whole of a big article is parsed in a worker thread, and glibc gives each new
    thread its own malloc arena; the parse's freed memory then stays mapped in that arena
    while the UI thread's grows elsewhere. Measured at 5 MB: peak RSS 106 MiB with a
    thread arena, 89 MiB with one arena (the parse on the UI thread: 87 MiB).
    """
    global _arenas_limited
    if _arenas_limited or not sys.platform.startswith("linux"):
        return
    _arenas_limited = True
    try:
        import ctypes

        libc = ctypes.CDLL(None)
        libc.mallopt(-8, 1)  # M_ARENA_MAX = 1
    except (OSError, AttributeError):  # not glibc (musl, ...): nothing to tune
        pass


def _trim_malloc() -> None:
    """Hand memory freed by a parse back to the system (glibc only).

    Why: reading a neighbour ahead decodes its whole file (~8 MiB at 5 MB) only to keep a
    head of a few hundred KiB; without a trim, the freed pages stay in the process and the
    next big parse (after `n`) starts from a higher floor: peak RSS +3 MiB at 5 MB.
    """
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        ctypes.CDLL(None).malloc_trim(0)
    except (OSError, AttributeError):  # not glibc: nothing to trim
        pass


def _article_key(path: Any, fingerprint: str) -> str:
    from tuireader.store.state import article_key

    return article_key(path, fingerprint)


class ReaderScreen(Screen[None]):
    """Reads the article at library position `index`."""

    # Styles: screens/reader.tcss, loaded by the app with the others (see ReaderApp.CSS_PATH).
    AUTO_FOCUS = "ArticleView"
    BINDINGS = [*READER_BINDINGS, *FIND_BINDINGS]

    def __init__(
        self,
        index: int,
        *,
        block: int | None = None,
        offset: int = 0,
        highlight: str | None = None,
    ) -> None:
        super().__init__()
        self.index = index
        self._start: tuple[int, int] | None = (block, offset) if block is not None else None
        self._highlight = highlight
        self.article: Article | None = None
        self.error: str | None = None
        self._key: str | None = None
        self._fingerprint = ""
        self._save_timer: Timer | None = None
        self._find_timer: Timer | None = None
        self._find_index: FindIndex | None = None
        self._query = ""
        self._matches: list[Match] = []
        self._match_index: int | None = None
        self._truncated = False
        #: Bumped on every load: a full parse landing for an article no longer shown is dropped.
        self._generation = 0
        #: Keys pressed before the data they need (the whole article, the folder's listing
        #: or titles): replayed in order when it arrives (see `ui.pending`).
        self._pending = PendingKeys(self._say)
        #: The CLI's forked parse of this article (`model.prefetch`) while it still owes the
        #: whole of a big article whose head is shown.
        self._prefetch: ArticlePrefetch | None = None
        #: The previous and next articles, parsed ahead so `n`/`p` do not wait for ingest.
        self._ready = ReadyArticles()
        self._preload_timer: Timer | None = None
        self._view = ArticleView(id="article")
        self._outline = OutlinePanel(id="outline")
        self._find_bar = FindBar(id="find")

    # -- layout ------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Horizontal(id="reader-header"):
            yield Label("", id="reader-title")
            yield Label("", id="reader-place")
        with Horizontal(id="reader-body"):
            yield self._outline
            yield self._view
        yield self._find_bar
        with Horizontal(id="reader-status"):
            yield Label("", id="status-section")
            yield Label("", id="status-position")
        yield KeyFooter()

    @property
    def view(self) -> ArticleView:
        return self._view

    @property
    def outline(self) -> OutlinePanel:
        return self._outline

    @property
    def find_bar(self) -> FindBar:
        return self._find_bar

    def on_mount(self) -> None:
        app: Any = self.app
        config = getattr(app, "config", None)
        width = app.state.get_pref("width", getattr(config, "width", 80) or 80)
        self.view.measure = width if isinstance(width, int) else 80
        shown = app.state.get_pref("show_outline", bool(getattr(config, "show_outline", True)))
        self.outline.display = bool(shown)
        self.view.script = self.outline.script = ui_script.current(app)
        self._load()

    def on_unmount(self) -> None:
        if self._prefetch is not None:
            self._prefetch.cancel()
        self.save_position()
        gc.unfreeze()  # the article is closed: let its objects be collected

    def on_screen_suspend(self) -> None:
        self.save_position()

    # -- loading -----------------------------------------------------------------------------

    def _load(self) -> None:
        """Parse the article at `self.index` and show it (or say clearly why not)."""
        app: Any = self.app
        library = app.library
        entry = library.entries[self.index]
        self._clear_find()
        self._find_index = None
        self.view.remove_class("-error")
        self._set_header(entry.title)
        gc.unfreeze()  # the previous article's objects may be collected again
        self._generation += 1
        self._cancel_preload()
        try:
            article = self._head_or_whole(entry)
        except Exception as exc:  # noqa: BLE001 - any failure is shown, never raised
            self.article = None
            self._key = None
            self.error = str(exc) or type(exc).__name__
            self.view.show_message("This article could not be opened", f"{entry.rel}: {self.error}")
            self.outline.set_article(Article(title=""))
            self.query_one("#status-section", Label).update(Text(self.error))
            self.query_one("#status-position", Label).update("")
            self.refresh_bindings()
            return
        self.error = None
        self.article = article
        self._set_header(article.title or entry.title)
        for notice in article.notices:
            self.notify(f"{entry.rel}: {notice}", severity="warning", timeout=6, markup=False)
        if article.partial:
            # The fingerprint hashes the whole text: until it is parsed, a known one (from
            # the index) or none (positions are then found by path, and not saved yet).
            self._fingerprint = entry.fingerprint
            self._key = _article_key(entry.path, self._fingerprint) if self._fingerprint else None
            start = self._start or app.state.get_position(_article_key(entry.path, self._fingerprint))
        else:
            self._fingerprint = entry.fingerprint or article.fingerprint()
            self._key = _article_key(entry.path, self._fingerprint)
            start = self._start or app.state.get_position(self._key)
        self._start = None
        # (0, 0) is where a never-scrolled article was saved: show its title too.
        block: int | None = None if start is None or start == (0, 0) else start[0]
        offset = 0 if start is None else start[1]
        prev_title, next_title = self._neighbour_titles(article)
        if len(article.outline) > OUTLINE_AFTER_PAINT:
            # A big outline (~70 ms of Tree building at 3,700 entries) is filled in right
            # after the first frame of text, not before it.
            self.outline.set_article(Article(title=""))
            self.call_after_refresh(self._fill_outline, article)
        else:
            self.outline.set_article(article)
        self.view.set_article(article, prev_title=prev_title, next_title=next_title,
                              block=block, offset=offset)
        if article.partial:
            # After the first frame: the parse holds the GIL most of the time, and the
            # first screen of text must not share the CPU with it.
            self.call_after_refresh(self._parse_whole, entry.path, self._generation)
        else:
            # A 5 MB article is ~30,000 long-lived objects; a full garbage collection
            # walking them takes up to ~90 ms, long enough to make a key press miss 50 ms.
            # They live as long as the article is open: move them out of the collector's way.
            gc.freeze()
            self._schedule_preload()
        if self._key is not None:
            self._refresh_bookmarks(reanchor=True)
        if self._highlight:
            query, self._highlight = self._highlight, None
            self._run_find(query, from_block=(block or 0, offset))
        elif self.find_bar.is_open and self.find_bar.query_text.strip():
            self._run_find(self.find_bar.query_text)  # n/p with the bar open: same query here
        self.refresh_bindings()

    def _head_or_whole(self, entry: Any) -> Article:
        """The head of a big article when the reading starts inside it (see
        `ingest.load_article_head`), else the whole article, parsed now."""
        app: Any = self.app
        library = app.library
        if entry.error and entry.rel.endswith("/"):
            return library.load(self.index)
        prefetch = app.take_prefetched(entry.path) if hasattr(app, "take_prefetched") else None
        if getattr(entry, "encoding", None):
            # library.toml names this file's encoding: the shortcuts below detected their
            # own (the launch-time child knows no library.toml). Overrides are rare and
            # hand-made, so the whole file is simply parsed with it now.
            if prefetch is not None:
                prefetch.cancel()
            return library.load(self.index)
        prefetched: Article | None = prefetch.result() if prefetch is not None else None
        if prefetched is not None and not prefetched.partial:
            prefetch.cancel()  # type: ignore[union-attr]  # nothing more to wait for
            return prefetched
        if prefetched is not None:
            self._prefetch = prefetch  # it goes on to parse the whole: see `_whole_worker`
        else:
            prefetched = self._ready.take(entry.path)  # parsed ahead (see `_preload`)
            if prefetched is not None and not prefetched.partial:
                return prefetched
        try:
            head = prefetched or load_article_head(entry.path)
        except Exception:  # noqa: BLE001 - the whole load below says what is wrong
            head = None
        if head is not None:
            start = self._start or app.state.get_position(_article_key(entry.path, entry.fingerprint))
            if start is None or start == (0, 0) or start[0] + HEAD_MARGIN < len(head.blocks):
                return head
        return library.load(self.index)

    def _schedule_preload(self) -> None:
        self._cancel_preload()
        self._preload_timer = self.set_timer(PRELOAD_DELAY, self._preload)

    def _cancel_preload(self) -> None:
        """Stop a pending or running read-ahead (it is for another article's neighbours)."""
        if self._preload_timer is not None:
            self._preload_timer.stop()
            self._preload_timer = None
        self.workers.cancel_group(self, "preload")

    def _preload(self) -> None:
        """Parse the previous and next articles ahead, in a thread (see `model.preload`)."""
        self._preload_timer = None
        if self.showing_head or not self.is_mounted:
            return  # the whole of this article comes first; it reschedules when it lands
        library = self.app.library  # type: ignore[attr-defined]
        paths: list[str | Path] = []
        for step_ in (+1, -1):
            other = library.neighbour(self.index, step_)
            neighbour = library.entries[other] if other is not None else None
            if neighbour is not None and not neighbour.error and not neighbour.encoding:
                paths.append(neighbour.path)  # (an encoding override is read by `_load`)
        self._ready.keep_only(paths)
        if paths:
            self._preload_worker(paths)

    @work(thread=True, exclusive=True, group="preload", exit_on_error=False)
    def _preload_worker(self, paths: list[str | Path]) -> None:
        worker = get_current_worker()
        _limit_malloc_arenas()
        for path in paths:
            if worker.is_cancelled:
                break  # another article was opened: its neighbours are others
            self._ready.prepare(path)
        _trim_malloc()

    def _library_titles(self) -> tuple[str | None, str | None]:
        """The titles of the library neighbours (None at either end)."""
        library = self.app.library  # type: ignore[attr-defined]
        prev_i = library.neighbour(self.index, -1)
        next_i = library.neighbour(self.index, +1)
        return (None if prev_i is None else library.entries[prev_i].title,
                None if next_i is None else library.entries[next_i].title)

    def _neighbour_titles(self, article: Article,
                          library_titles: tuple[str | None, str | None] | None = None
                          ) -> tuple[str | None, str | None]:
        """The titles shown at the end: library neighbours, else the article's own links."""
        if article.partial:
            return None, None  # the end of a head is not the end of the article
        lib_prev, lib_next = library_titles or self._library_titles()
        prev_title = lib_prev or (article.prev.title if article.prev else None)
        next_title = lib_next or (article.next.title if article.next else None)
        return prev_title, next_title

    def _parse_whole(self, path: Path, generation: int) -> None:
        if generation != self._generation:
            return
        if not self.view.painted:
            # Not before the very first screen of text: taking the whole from the prefetch
            # (unpickling), hashing and laying it out hold the GIL for tens of ms.
            self.view.when_painted(lambda: self._parse_whole(path, generation))
            return
        if self.view.layout_ is not None:
            _limit_malloc_arenas()
            self._whole_worker(path, generation, self._library_titles(), self.view.layout_.width)

    @work(thread=True, exclusive=True, group="whole-article")
    def _whole_worker(self, path: Path, generation: int,
                      titles: tuple[str | None, str | None], width: int) -> None:
        """Parse the whole of a big article while its head is read, and hash and lay it
        out (a thread: the UI stays responsive; article and layout are pure data)."""
        layout: Layout | None = None
        fingerprint = ""
        used: tuple[str | None, str | None] = (None, None)
        prefetch, self._prefetch = self._prefetch, None
        article: Article | None = None
        if prefetch is not None:
            if prefetch.key == os.path.normpath(os.path.abspath(path)):
                article = prefetch.value(1, WHOLE_WAIT)  # parsed by the child on the other core
            prefetch.cancel()  # reap the children; nothing keeps their values alive now
        error = ""
        if article is None:
            try:
                article = load_article(path)
            except Exception as exc:  # noqa: BLE001 - any failure is shown, never raised
                article, error = None, str(exc) or type(exc).__name__
        if article is not None:
            fingerprint = article.fingerprint()
            used = self._neighbour_titles(article, titles)
            layout = Layout(article, width, prev_title=used[0], next_title=used[1],
                            script=ui_script.article_view(self.view.script, article))
        try:
            self.app.call_from_thread(self._whole_landed, generation, article, error, fingerprint,
                                      layout, used)
        except RuntimeError:  # the app closed meanwhile
            pass

    def _whole_landed(self, generation: int, whole: Article | None, error: str,
                      fingerprint: str = "", layout: Layout | None = None,
                      titles: tuple[str | None, str | None] = (None, None)) -> None:
        """Swap the whole article in for its head, keeping the top line, the focus, the
        find query and the current match: only the outline grows and the counts become real."""
        head = self.article
        if generation != self._generation or head is None or not head.partial or not self.is_mounted:
            return
        if whole is None:
            # The head is all there is: read it as the article (G goes to its end).
            head.partial = False
            self._update_status(*self.view.top_position()[:1], self.view.percent)
            self.notify(f"Only the start of this article could be read: {error}",
                        severity="error", timeout=8, markup=False)
            self._pending.replay()
            return
        shift = head_shift(head, whole) or 0
        entry = self._entry()
        had_key = self._key is not None
        self.article = whole
        self._fingerprint = entry.fingerprint or fingerprint or whole.fingerprint()
        self._key = _article_key(entry.path, self._fingerprint)
        if whole.title != head.title:
            self._set_header(whole.title or entry.title)
        prev_title, next_title = self._neighbour_titles(whole)
        if layout is not None and titles != (prev_title, next_title):
            layout = None  # the library changed meanwhile: lay out again with its titles
        resume: tuple[int, int] | None = None
        if not had_key and self.view.in_header:
            # Found by content only now (a moved file): resume there, as a full load would.
            saved = self.app.state.get_position(self._key)  # type: ignore[attr-defined]
            if saved is not None and saved != (0, 0):
                resume = saved
        self.view.replace_article(whole, prev_title=prev_title, next_title=next_title, shift=shift,
                                  layout=layout)
        if resume is not None:
            self.view.scroll_to_block(*resume)
        if len(whole.outline) > OUTLINE_AFTER_PAINT:
            self.call_after_refresh(self._fill_outline, whole)
        else:
            self.outline.set_article(whole)
            self.outline.follow(self.view.top_position()[0])
        self._find_index = None
        if self._query:
            current = self._matches[self._match_index] if self._match_index is not None else None
            start = (current.block + shift, current.start) if current else None
            self._run_find(self._query, from_block=start, quiet=True)
        gc.freeze()  # see _load
        self._schedule_preload()
        self._refresh_bookmarks(reanchor=True)
        self.refresh_bindings()
        self._pending.replay()

    @property
    def showing_head(self) -> bool:
        """True while only the head of a big article is shown (the whole is being parsed)."""
        return self.article is not None and self.article.partial

    # -- keys pressed early (see `ui.pending`) -----------------------------------------------------

    def _say(self, message: str | None) -> None:
        """A line in the footer: what waiting keys wait for, or why a key did nothing (that
        one for SAY_SECONDS)."""
        try:
            footer = self.query_one(KeyFooter)
        except Exception:  # noqa: BLE001 - not composed yet, or closing: nothing to say it on
            return
        footer.say(message)
        if message and not self._pending:

            def expire() -> None:
                if footer.message == message and not self._pending:
                    footer.say(None)

            self.set_timer(SAY_SECONDS, expire)

    def library_changed(self) -> None:
        """The app's library changed (listed, titles read, indexed): keys waiting for it go on."""
        self.refresh_bindings()
        self._pending.replay()

    def _declared(self, step_: int) -> str | None:
        """The title of the article's declared 下一篇 (step +1) or 上一篇 (-1), or None. From
        the index when it read this file; else from the article itself (whole, parsed)."""
        entry = self._entry()
        if entry.fingerprint or self.article is None:
            return entry.next_title if step_ > 0 else entry.prev_title
        link = self.article.next if step_ > 0 else self.article.prev
        return link.title if link else None

    def _neighbour(self, step_: int) -> tuple[int | None, str | None]:
        """(library index of the next/previous article, None) once it is known, or
        (None, why it is not known yet). The declared link wins when it names an article
        of the folder; else library order (as `Library.neighbour`)."""
        app: Any = self.app
        library = app.library
        entry = self._entry()
        if not entry.fingerprint and self.showing_head:
            return None, "reading the article's links"  # they sit at the end of the file
        declared = self._declared(step_)
        if declared:
            found = library.find_title(declared)
            if found is not None and found != self.index:
                return found, None
            if not getattr(app, "library_listed", True):
                return None, "listing the folder"
            look = getattr(app, "look_for_title", None)
            if callable(look) and look(declared, entry.path):
                return None, f"looking for “{' '.join(declared.split())[:40]}” in the folder"
            found = library.find_title(declared)
            if found is not None and found != self.index:
                return found, None
        other = self.index + step_
        if 0 <= other < len(library.entries):
            return other, None
        if not getattr(app, "library_listed", True):
            return None, "listing the folder"
        return None, None

    def _try_neighbour(self, step_: int) -> str | None:
        if self._go_chapter(step_):
            return None  # a book: moved to its next or previous chapter
        if step_ > 0 and self.article is not None and len(self.article.chapters) > 1 and self.showing_head:
            return WAIT_WHOLE  # more chapters may follow the head
        target, wait = self._neighbour(step_)
        if wait is not None:
            return wait
        if target is None:
            self.app.bell()
            self._say(f"No {'next' if step_ > 0 else 'previous'} article in this library")
            self.refresh_bindings()  # and the key is shown disabled from now on
            return None
        self._open_neighbour(target)
        return None

    def _fill_outline(self, article: Article) -> None:
        if article is not self.article:
            return
        self.outline.set_article(article)
        self._refresh_bookmarks()
        self.outline.follow(self.view.top_position()[0])

    def _set_header(self, title: str) -> None:
        total = len(getattr(self.app, "library", []) or [])
        self.query_one("#reader-title", Label).update(Text(ui_script.shown(self.view.script, " ".join(title.split()))))
        self.query_one("#reader-place", Label).update(Text(f"{self.index + 1} / {total}"))

    def _entry(self) -> Any:
        return self.app.library.entries[self.index]  # type: ignore[attr-defined]

    def script_changed(self) -> None:
        """The app's script changed (ctrl+t): text, title, outline and status follow; the
        top line keeps its passage (positions are original offsets)."""
        script = ui_script.current(self.app)
        self.outline.script = script
        self.view.set_script(script)
        article = self.article
        if article is None:
            return
        self._set_header(article.title or self._entry().title)
        if article.outline:
            self.outline.set_article(article)
            self._refresh_bookmarks()
        block = self.view.top_position()[0]
        self.outline.follow(block)
        self._update_status(block, self.view.percent)

    # -- position ----------------------------------------------------------------------------

    @on(ArticleView.PositionChanged)
    def _position_changed(self, event: ArticleView.PositionChanged) -> None:
        if self.article is None:
            return
        self.outline.follow(event.block)
        self._update_status(event.block, event.percent)
        if self._save_timer is None:
            self._save_timer = self.set_timer(SAVE_DELAY, self._debounced_save)
        else:
            self._save_timer.reset()

    def _update_status(self, block: int, percent: float) -> None:
        article = self.article
        if article is None:
            return
        chain = article.section_at(block)
        section = " › ".join(" ".join(e.title.split()) for e in chain) or " ".join(article.title.split())
        self.query_one("#status-section", Label).update(Text(ui_script.shown(self.view.script, section)))
        view = self.view
        line = round(view.scroll_y) + 1
        if article.partial:  # counts of the head would be wrong; the whole lands soon
            self.query_one("#status-position", Label).update(Text(f"…%  line {line}/…  ¶ {block + 1}/…"))
            return
        approx = "" if view.lines_exact else "~"
        self.query_one("#status-position", Label).update(
            Text(f"{percent:3.0f}%  line {line}/{approx}{view.total_lines}  ¶ {block + 1}/{len(article.blocks)}")
        )

    def _debounced_save(self) -> None:
        self._save_timer = None
        self.save_position()

    def save_position(self) -> None:
        """Remember where the article is being read and write state.toml (errors: a notice)."""
        if self.article is None or self._key is None:
            return
        state = self.app.state  # type: ignore[attr-defined]
        block, offset = self.view.top_position()
        state.set_position(self._key, block, offset, self.view.percent / 100.0)
        error = state.save()
        if error:
            self.notify(error, severity="error", timeout=8, markup=False)

    # -- bookmarks ---------------------------------------------------------------------------

    def _refresh_bookmarks(self, *, reanchor: bool = False) -> None:
        """Show this article's bookmarks in the gutter and the outline. `reanchor` (when
        an article is opened): bookmarks made on an earlier version of the text are moved
        to where their excerpt now is (or flagged orphaned), and saved, in one write."""
        store = getattr(self.app, "bookmarks", None)
        if store is None or self.article is None:
            return
        entry = self._entry()
        whole = self.article if reanchor and not self.article.partial else None
        try:
            marks = store.for_article(self.app.library.root, entry.rel, self._fingerprint,  # type: ignore[attr-defined]
                                      article=whole)
        except Exception as exc:  # noqa: BLE001 - a store problem must not stop reading
            self.notify(f"bookmarks: {exc}", severity="warning", markup=False)
            return
        blocks = [bm.block for bm in marks if not getattr(bm, "orphaned", False)]
        self.view.set_bookmarks(blocks)
        self.outline.mark_bookmarks(blocks)

    def action_bookmark(self) -> None:
        """Bookmark the top visible paragraph, after asking for an optional note."""
        self._pending.run("b", self._try_bookmark)

    def _try_bookmark(self) -> str | None:
        article = self.article
        store = getattr(self.app, "bookmarks", None)
        if article is None or not article.blocks:
            self.notify("Nothing to bookmark here.", severity="warning", markup=False)
            return None
        if store is None:
            self.notify("Bookmarks are not available.", severity="warning", markup=False)
            return None
        block, offset = self.view.top_position()
        if offset >= len(article.blocks[block].text) and block + 1 < len(article.blocks):
            block, offset = block + 1, 0

        generation = self._generation

        def add(note: str | None) -> None:
            if note is not None:
                self._pending.run("b", lambda: save(note))

        def save(note: str) -> str | None:
            if generation != self._generation:
                self._say("Bookmark not added: another article was opened meanwhile")
                return None
            if self.showing_head:
                return WAIT_WHOLE  # the bookmark's fingerprint and section need the whole article
            whole = self.article or article
            entry = self._entry()
            bm = store.add(self.app.library.root, entry.rel, whole, block, offset, note)  # type: ignore[attr-defined]
            if getattr(store, "last_error", None):
                self.notify(str(store.last_error), severity="error", timeout=8, markup=False)
            else:
                excerpt = bm.excerpt if len(bm.excerpt) <= 40 else bm.excerpt[:40] + "…"
                # Article text: never markup (an excerpt may hold "[@click=app.quit]").
                self.notify(f"Bookmarked: {ui_script.shown(self.view.script, excerpt)}", markup=False)
            self._refresh_bookmarks()
            return None

        try:
            from tuireader.ui.screens.bookmarks import NoteDialog
        except ImportError:  # the note prompt is optional: bookmark without a note
            add("")
            return None
        self.app.push_screen(NoteDialog(), add)
        return None

    # -- moving ------------------------------------------------------------------------------

    def action_line_down(self) -> None:
        self.view.scroll_lines(1)

    def action_line_up(self) -> None:
        self.view.scroll_lines(-1)

    def action_page_down(self) -> None:
        self.view.scroll_page(1)

    def action_page_up(self) -> None:
        self.view.scroll_page(-1)

    def action_top(self) -> None:
        self.view.scroll_top()

    def action_end(self) -> None:
        self._pending.run("G", self._try_end)

    def _try_end(self) -> str | None:
        if self.showing_head:
            return WAIT_WHOLE  # the end of the head is not the end: go there when the whole is in
        self.view.scroll_bottom()
        return None

    def jump_to_block(self, block: int, offset: int = 0) -> None:
        """Put (block, offset) on the top line (outline, palette, search hits)."""
        self.view.scroll_to_block(block, offset)

    def _section_target(self, delta: int, top_only: bool) -> OutlineEntry | None:
        article = self.article
        if article is None or not article.outline:
            return None
        entries = article.outline
        if top_only:
            top = min(e.level for e in entries)
            entries = [e for e in entries if e.level == top]
        block, offset = self.view.top_position()
        if self.view.in_header:
            block, offset = -1, 0
        if delta > 0:
            return next((e for e in entries if e.block > block), None)
        before = [e for e in entries if e.block < block or (e.block == block and offset > 0)]
        return before[-1] if before else None

    def _go_section(self, delta: int, top_only: bool) -> None:
        key = ("}" if top_only else "]") if delta > 0 else ("{" if top_only else "[")
        self._pending.run(key, lambda: self._try_section(delta, top_only))

    def _try_section(self, delta: int, top_only: bool) -> str | None:
        target = self._section_target(delta, top_only)
        if target is None and delta > 0 and self.showing_head:
            return WAIT_WHOLE  # the next section is beyond the head
        if target is None:
            self.app.bell()
            where = "next" if delta > 0 else "previous"
            self._say(f"No {where} {'part' if top_only else 'section'}" if self.article else "No article here")
            return None
        self.view.scroll_to_block(target.block)
        return None

    def action_next_section(self) -> None:
        self._go_section(+1, False)

    def action_prev_section(self) -> None:
        self._go_section(-1, False)

    def action_next_top_section(self) -> None:
        self._go_section(+1, True)

    def action_prev_top_section(self) -> None:
        self._go_section(-1, True)

    @on(OutlinePanel.Selected)
    def _outline_selected(self, event: OutlinePanel.Selected) -> None:
        self.view.scroll_to_block(event.block)

    # -- articles ----------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("next_article", "prev_article"):
            if getattr(self.app, "library", None) is None:
                return None
            if self.article is not None and len(self.article.chapters) > 1:
                return True  # a book: n/p move by chapter first (see `_go_chapter`)
            if self._pending:
                return True  # queued behind waiting keys: answered when they are
            target, wait = self._neighbour(1 if action == "next_article" else -1)
            return True if target is not None or wait is not None else None
        if action in ("find_next", "find_prev"):
            return bool(self._matches)
        return True

    def _open_neighbour(self, target: int) -> None:
        self.save_position()
        self.index = target
        self._load()
        library_screen = getattr(self.app, "library_screen", None)
        select = getattr(library_screen, "select_index", None)
        if callable(select):
            select(target)
        self.refresh_bindings()

    def action_next_article(self) -> None:
        self._pending.run("n", lambda: self._try_neighbour(+1))

    def action_prev_article(self) -> None:
        self._pending.run("p", lambda: self._try_neighbour(-1))

    def _go_chapter(self, step_: int) -> bool:
        """`n`/`p` inside a book (an article with `chapters`): to the start of the next or
        previous chapter. False at either end (the caller then opens the next or previous
        library entry); True when moved, or when the next chapter is beyond the head of a
        big book and the move waits for the whole."""
        article = self.article
        if article is None or len(article.chapters) < 2:
            return False
        block = -1 if self.view.in_header else self.view.top_position()[0]
        current = article.chapter_index(block) if block >= 0 else None
        target = (0 if current is None else current + 1) if step_ > 0 else (
            None if current is None else current - 1)
        if target is not None and 0 <= target < len(article.chapters):
            self.view.scroll_to_block(article.chapters[target].block)
            return True
        # At either end (the head of a big book ends before the book does: `_try_neighbour`
        # then waits for the whole before it leaves the book).
        return False

    def action_back(self) -> None:
        """Back to the library (a first Escape clears search highlights, if any)."""
        if self._matches and not self.find_bar.is_open:
            self._clear_find()
            return
        self.save_position()
        if len(self.app.screen_stack) > 1 and self.app.screen is self:
            self.app.pop_screen()

    # -- view options --------------------------------------------------------------------------

    def action_toggle_outline(self) -> None:
        outline = self.outline
        outline.display = not outline.display
        self.app.state.set_pref("show_outline", bool(outline.display))  # type: ignore[attr-defined]
        if not outline.display and outline.has_focus:
            self.view.focus()
        if outline.display and self.article is not None:
            outline.follow(self.view.top_position()[0])

    def action_focus_next(self) -> None:
        """Tab: text → outline → find bar (when open) → text."""
        chain: list[Any] = [self.view]
        if self.outline.display:
            chain.append(self.outline)
        if self.find_bar.is_open:
            chain.append(self.find_bar.query_one("#find-input"))
        focused = self.focused
        i = next((n for n, w in enumerate(chain) if w is focused), -1)
        chain[(i + 1) % len(chain)].focus()

    def _set_width(self, delta: int) -> None:
        view = self.view
        view.measure = view.measure + delta
        self.app.state.set_pref("width", view.measure)  # type: ignore[attr-defined]

    def action_wider(self) -> None:
        self._set_width(+WIDTH_STEP)

    def action_narrower(self) -> None:
        self._set_width(-WIDTH_STEP)

    # -- find --------------------------------------------------------------------------------

    def action_find(self) -> None:
        if self.article is None:
            return
        self.find_bar.open()

    @on(FindBar.Changed)
    def _find_changed(self, event: FindBar.Changed) -> None:
        if self._find_timer is not None:
            self._find_timer.stop()
        query = event.query
        self._find_timer = self.set_timer(FIND_DELAY, lambda: self._run_find(query))

    def _run_find(self, query: str, from_block: tuple[int, int] | None = None,
                  quiet: bool = False) -> None:
        """Find `query`, highlight every match, go to the first at or after the top line."""
        self._find_timer = None
        article = self.article
        if article is None:
            return
        if self._find_index is None:
            self._find_index = FindIndex([b.text for b in article.blocks])
        self._query = query
        self._matches, self._truncated = self._find_index.find(query)
        block, offset = from_block or self.view.top_position()
        self._match_index = first_at_or_after(self._matches, block, offset)
        self._show_match()
        if not self.find_bar.is_open and self._matches and not quiet:
            more = "+" if self._truncated else ""
            self.notify(f"{len(self._matches)}{more} matches of “{query}”: F3 / shift+F3 to step, "
                        "Escape clears", timeout=4, markup=False)
        self.refresh_bindings()

    def _show_match(self) -> None:
        current = self._matches[self._match_index] if self._match_index is not None else None
        self.view.set_matches(self._matches, current)
        if current is not None:
            self.view.reveal(current.block, current.start)
        if self.find_bar.is_open:
            self.find_bar.set_count(self._match_index, len(self._matches), self._truncated)

    def _step_match(self, delta: int) -> None:
        if self._find_timer is not None:  # typed faster than the debounce: search first
            self._find_timer.stop()
            self._run_find(self.find_bar.query_text)
            return
        self._match_index = step(self._match_index, len(self._matches), delta)
        if self._match_index is None:
            self.app.bell()
        self._show_match()

    @on(FindBar.Step)
    def _find_step(self, event: FindBar.Step) -> None:
        self._step_match(event.delta)

    def action_find_next(self) -> None:
        self._step_match(+1)

    def action_find_prev(self) -> None:
        self._step_match(-1)

    @on(FindBar.Closed)
    def _find_closed(self) -> None:
        self._clear_find()
        self.view.focus()

    def _clear_find(self) -> None:
        had_matches = bool(self._matches)
        if self._find_timer is not None:
            self._find_timer.stop()
            self._find_timer = None
        self._query = ""
        self._matches = []
        self._match_index = None
        self._truncated = False
        self.view.set_matches([])
        if had_matches:
            self.refresh_bindings()
