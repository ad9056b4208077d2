"""`ArticleView`: one article as a Line-API scroll view over `tuireader.reading.layout.Layout`.

Why the Line API: only the lines on screen are ever turned into `Strip`s, so the first
screen and a jump to the end cost the same at 5 MB as at 5 KB (one widget per paragraph
takes seconds; see ../shared/design/perf-anchors.md). The layout only *estimates* the
height of blocks it has not wrapped; this view keeps whatever is near the viewport exact
(`Layout.settle`), finishes the rest in small idle-time chunks, and whenever heights above
the top line change it moves `scroll_y` by the same amount, so the text never jumps.

Article text is drawn as plain `Segment`s: no markup is ever parsed, so `[bold]` or
`[@click=app.quit]` in an article are just characters.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable
from time import monotonic

from rich.segment import Segment
from rich.style import Style
from textual.cache import LRUCache
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.timer import Timer

from tuireader.article import Article, Block
from tuireader.reading.find import Match
from tuireader.reading.layout import DisplayLine, Layout
from tuireader.ui import script as ui_script

#: Width of the bookmark gutter left of the text column, in cells.
GUTTER = 2
MIN_MEASURE = 40
MAX_MEASURE = 400
DEFAULT_MEASURE = 80
#: Background exact-wrapping: one chunk of this many seconds every BACKGROUND_EVERY seconds.
BACKGROUND_BUDGET = 0.006
BACKGROUND_EVERY = 0.02
#: Seconds between virtual-size updates while estimates are being corrected.
VIRTUAL_SIZE_EVERY = 1.0
#: Articles up to this many cells (~40 KB of English) are wrapped exactly at once (a few
#: ms): line counts are exact from the first frame, and screenshots are deterministic.
SYNC_LAYOUT_CELLS = 40_000

_ROLES = (
    "title", "meta", "heading-1", "heading-2", "heading-3", "heading-4", "paragraph",
    "lead", "list", "bullet", "quote", "code", "marker", "rule", "footer", "blank",
    "match", "current-match", "bookmark", "error",
)


class ArticleView(ScrollView, can_focus=True, inherit_bindings=False):
    """The text of one article, centred in a column of `measure` cells."""

    COMPONENT_CLASSES = {f"article-view--{role}" for role in _ROLES}

    DEFAULT_CSS = """
    ArticleView {
        overflow-x: hidden;
        overflow-y: auto;
        scrollbar-gutter: stable;
        height: 1fr;
    }
    """
    """Structure only: the colours of the component classes live in screens/reader.tcss."""

    measure: reactive[int] = reactive(DEFAULT_MEASURE)
    """Width of the text column in cells (clamped to MIN_MEASURE..MAX_MEASURE)."""

    class FirstPaint(Message):
        """The first lines of an article were drawn; posted to the app, which starts its
        deferred start-up work then."""

        def __init__(self, view: ArticleView) -> None:
            super().__init__()
            self.view = view

    class PositionChanged(Message):
        """The top visible line now shows another (block, offset); `percent` is 0..100."""

        def __init__(self, view: ArticleView, block: int, offset: int, percent: float) -> None:
            super().__init__()
            self.view = view
            self.block = block
            self.offset = offset
            self.percent = percent

        @property
        def control(self) -> ArticleView:
            return self.view

    def __init__(self, *, name: str | None = None, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.layout_: Layout | None = None
        self._strips: LRUCache[tuple[int, int], Strip] = LRUCache(1024)
        self._styles: dict[str, Style] = {}
        self._bookmarks: set[int] = set()
        self._matches: dict[int, list[tuple[int, int]]] = {}
        self._current: Match | None = None
        self._settling = False
        self._pending: tuple[int, int] | None = None
        self._last_position: tuple[int, int] | None = None
        self._position_queued = False
        self._background: Timer | None = None
        #: Set by the first `render_line` of an article: background wrapping waits for it,
        #: so it never delays the first screen of text.
        self._painted = False
        #: Run once the first lines are drawn (see `when_painted`).
        self._after_paint: list[Callable[[], None]] = []
        self._column = 0
        self._left = 0
        self._synced_at = 0.0
        self._content_width = 0
        self._small = False
        self._relayout_queued = False
        #: The Chinese script the text is shown in (see `set_script`).
        self.script = "original"

    # -- content ---------------------------------------------------------------------------

    def set_article(
        self,
        article: Article,
        *,
        prev_title: str | None = None,
        next_title: str | None = None,
        block: int | None = None,
        offset: int = 0,
    ) -> None:
        """Show `article`, with (block, offset) on the top line (None: the top of the page)."""
        self.layout_ = Layout(article, self._column_width() or DEFAULT_MEASURE,
                              prev_title=prev_title, next_title=next_title,
                              script=ui_script.article_view(self.script, article))
        self._small = self.layout_.total_cells <= SYNC_LAYOUT_CELLS
        self._reset_caches()
        self._last_position = None
        self._pending = (-1, 0) if block is None else (block, offset)
        if self.size.width:
            self._apply_pending()
        self._start_background()

    def replace_article(
        self,
        article: Article,
        *,
        prev_title: str | None = None,
        next_title: str | None = None,
        shift: int = 0,
        layout: Layout | None = None,
    ) -> None:
        """Swap in a new version of the article shown (the whole after its head) without
        moving what is on screen: the top line keeps its (block, offset), or, on the title
        lines, its page line. `shift` is added to block indices (see `ingest.head_shift`).
        `layout`: the new article's layout, already built (in a worker thread: ~20 ms at
        5 MB that the UI thread does not spend); its titles are then its own."""
        old = self.layout_
        if old is None:
            self.set_article(article, prev_title=prev_title, next_title=next_title)
            return
        if self._pending is not None:
            anchor: tuple[int, int] | None = self._pending
            header_y = None
        elif self.in_header:
            anchor, header_y = None, round(self.scroll_y)
        else:
            anchor, header_y = self.top_position(), None
        width = old.width or self._column_width() or DEFAULT_MEASURE
        if layout is None or layout.article is not article or _script_of(layout) != self.script:
            layout = Layout(article, width, prev_title=prev_title, next_title=next_title,
                            script=ui_script.article_view(self.script, article))
        elif layout.width != width:
            layout.set_width(width)
        self.layout_ = layout
        self._small = self.layout_.total_cells <= SYNC_LAYOUT_CELLS
        self._reset_caches()
        self._last_position = None
        if anchor is not None:
            block = anchor[0] + shift if anchor[0] >= 0 else anchor[0]
            self._pending = (min(block, len(article.blocks) - 1), anchor[1])
            if self.size.width:
                self._apply_pending()
        elif header_y is not None and self.size.width:
            self._jump(header_y)
        self._start_background()

    def set_script(self, script: str) -> None:
        """Show the article in another Chinese script, the same passage on the top line:
        positions are in original offsets, so the layout is simply built again."""
        if script == self.script:
            return
        self.script = script
        layout = self.layout_
        if layout is not None:
            self.replace_article(layout.article, prev_title=layout.prev_title, next_title=layout.next_title)

    def show_message(self, title: str, message: str) -> None:
        """Show a message instead of an article (a file that failed to load)."""
        article = Article(title=title, blocks=[Block(kind="paragraph", text=message)])
        self.set_article(article)
        self.add_class("-error")

    @property
    def article(self) -> Article | None:
        return self.layout_.article if self.layout_ else None

    def set_bookmarks(self, blocks: Iterable[int]) -> None:
        """Mark these blocks in the gutter."""
        self._bookmarks = set(blocks)
        self._reset_caches()

    def set_matches(self, matches: Iterable[Match], current: Match | None = None) -> None:
        """Highlight every match, and `current` more strongly (empty: no highlights)."""
        by_block: dict[int, list[tuple[int, int]]] = {}
        for m in matches:
            by_block.setdefault(m.block, []).append((m.start, m.end))
        self._matches = by_block
        self._current = current
        self._reset_caches()

    def set_current_match(self, current: Match | None) -> None:
        self._current = current
        self._reset_caches()

    # -- positions -------------------------------------------------------------------------

    def top_position(self) -> tuple[int, int]:
        """(block, offset) at the top of the view ((0, 0) on the title and meta lines)."""
        if self.layout_ is None:
            return (0, 0)
        if self._pending is not None:
            return (max(0, self._pending[0]), self._pending[1])
        return self.layout_.position_at(round(self.scroll_y))

    @property
    def in_header(self) -> bool:
        """True while the top line is the title or meta line (above block 0)."""
        if self.layout_ is None or self._pending is not None:
            return False
        return self.layout_.locate(round(self.scroll_y))[0] < self.layout_.header

    @property
    def percent(self) -> float:
        if self.layout_ is None:
            return 0.0
        return self.layout_.percent_at(round(self.scroll_y), self._view_height())

    @property
    def total_lines(self) -> int:
        return self.layout_.total if self.layout_ else 0

    @property
    def lines_exact(self) -> bool:
        return self.layout_.complete if self.layout_ else True

    def scroll_to_block(self, block: int, offset: int = 0) -> None:
        """Put (block, offset) on the top line (a negative block: the top of the page);
        never animates."""
        if self.layout_ is None:
            return
        if not self.size.width:
            self._pending = (block, offset)
            return
        y = self.layout_.line_of(block, offset)
        self._jump(y)

    def scroll_to_line(self, y: int) -> None:
        """Put page line `y` on top (clamped), keeping everything near it exact; no animation."""
        if self.layout_ is not None:
            self._jump(max(0, y))

    def reveal(self, block: int, offset: int) -> None:
        """Make (block, offset) visible: no scroll if it is on screen, else put it a third
        of the way down (some context above a find match)."""
        if self.layout_ is None:
            return
        if self._pending is not None or not self.size.width:
            self._pending = (block, offset)  # not laid out yet: the match goes on top
            return
        y = self.layout_.line_of(block, offset)
        top, h = round(self.scroll_y), self._view_height()
        if top <= y < top + h:
            self._reset_caches()
            return
        self.scroll_to_line(max(0, y - h // 3))

    def scroll_lines(self, delta: int) -> None:
        self.scroll_to_line(round(self.scroll_y) + delta)

    def scroll_page(self, pages: int) -> None:
        self.scroll_lines(pages * max(1, self._view_height() - 1))

    def scroll_top(self) -> None:
        self.scroll_to_line(0)

    def scroll_bottom(self) -> None:
        """Jump to the end: only the last screenful is wrapped exactly first."""
        if self.layout_ is None:
            return
        self.layout_.settle_end(self._view_height())
        self._sync_virtual_size()
        self._set_scroll(self.max_scroll_y)
        self._queue_position()

    def _jump(self, y: int) -> None:
        assert self.layout_ is not None
        h = self._view_height()
        y = self.layout_.settle(min(y, max(0, self.layout_.total - 1)), h)
        self._sync_virtual_size()
        if y > self.max_scroll_y:
            self.layout_.settle_end(h)
            self._sync_virtual_size()
        self._set_scroll(y)
        self._queue_position()

    def _shift_silently(self, y: int) -> None:
        """Move `scroll_y` to `y` when only line *numbers* changed (heights above the top
        were corrected): what is on screen is the same, so nothing is repainted."""
        self.set_reactive(ArticleView.scroll_y, float(y))
        self.set_reactive(ArticleView.scroll_target_y, float(y))
        if self.show_vertical_scrollbar:
            self.vertical_scrollbar.position = y

    def _set_scroll(self, y: int) -> None:
        self._settling = True
        try:
            self.scroll_to(y=y, animate=False, force=True, immediate=True)
        finally:
            self._settling = False

    # -- geometry --------------------------------------------------------------------------

    def _view_height(self) -> int:
        return max(1, self.scrollable_content_region.height or self.size.height or 24)

    def _column_width(self) -> int:
        width = self.scrollable_content_region.width or self.size.width
        if not width:
            return 0
        measure = max(MIN_MEASURE, min(MAX_MEASURE, self.measure))
        return max(8, min(measure, width - GUTTER))

    def _sync_virtual_size(self, force: bool = True) -> None:
        """Tell Textual the page height. A change re-lays out the whole screen (tens of ms
        with a big outline), so unforced calls only do it near the end of the page, where
        `max_scroll_y` matters, or at most every VIRTUAL_SIZE_EVERY seconds (the scrollbar)."""
        if self.layout_ is None:
            return
        width = self.scrollable_content_region.width or self.size.width
        size = Size(width, self.layout_.total)
        if self.virtual_size == size:
            return
        if not force:
            now = monotonic()
            near_end = round(self.scroll_y) + 3 * self._view_height() >= self.virtual_size.height
            if not near_end and now - self._synced_at < VIRTUAL_SIZE_EVERY and not self.layout_.complete:
                return
        self._synced_at = monotonic()
        self.virtual_size = size

    def _queued_relayout(self) -> None:
        self._relayout_queued = False
        self._relayout()

    def _relayout(self) -> None:
        """Fit the column to the current size and measure, keeping the reading position."""
        if self.layout_ is None:
            return
        column = self._column_width()
        width = self.scrollable_content_region.width or self.size.width
        geometry = (width, column, max(0, (width - column - GUTTER) // 2))
        if geometry != (self._content_width, self._column, self._left):
            self._reset_caches()  # strips are cut to the old width and padding
        self._content_width, _, self._left = geometry
        if column and column != self.layout_.width:
            # On the title or meta line the anchor is the top of the page, not block 0.
            anchor = (-1, 0) if self.in_header else self.top_position()
            if self._pending is not None:
                anchor = self._pending
            self.layout_.set_width(column)
            self._reset_caches()
            self._pending = anchor
            self._start_background()
        self._column = column
        self._apply_pending()

    def _apply_pending(self) -> None:
        if self._pending is None or self.layout_ is None or not self.size.width:
            self._sync_virtual_size()
            return
        block, offset = self._pending
        self._pending = None
        if self._small:
            while not self.layout_.complete:
                self.layout_.measure_some(0, 1.0)
        self._sync_virtual_size()
        self.scroll_to_block(block, offset)

    def on_resize(self) -> None:
        self._relayout()

    def on_mount(self) -> None:
        self._relayout()

    def watch_measure(self, old: int, new: int) -> None:
        clamped = max(MIN_MEASURE, min(MAX_MEASURE, new))
        if clamped != new:
            self.measure = clamped
            return
        self._relayout()

    def validate_measure(self, value: int) -> int:
        return max(MIN_MEASURE, min(MAX_MEASURE, int(value)))

    # -- scrolling -------------------------------------------------------------------------

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        if self._settling or self.layout_ is None or self._pending is not None:
            return
        # A scroll we did not make (wheel, scrollbar, page keys of the base class):
        # make what is now visible exact, and keep its top line where it is.
        y = round(new_value)
        at_end = y >= self.max_scroll_y and y > 0
        h = self._view_height()
        if at_end:
            self.layout_.settle_end(h)
            self._sync_virtual_size()
            target = self.max_scroll_y
        else:
            target = self.layout_.settle(y, h)
            self._sync_virtual_size(force=False)
        if target != y:
            self._shift_silently(target)
        self._queue_position()

    def _queue_position(self) -> None:
        if not self._position_queued:
            self._position_queued = True
            self.call_after_refresh(self._emit_position)

    def _emit_position(self) -> None:
        self._position_queued = False
        if self.layout_ is None or self._pending is not None:
            return
        position = self.top_position()
        if position != self._last_position:
            self._last_position = position
            self.post_message(self.PositionChanged(self, position[0], position[1], self.percent))

    # -- background exact wrapping -----------------------------------------------------------

    @property
    def painted(self) -> bool:
        """True once the view has drawn lines of an article (of any article, ever)."""
        return self._painted

    def when_painted(self, callback: Callable[[], None]) -> None:
        """Run `callback` now if lines were drawn already, else right after the first
        paint. Work that must not delay the first screen waits here, without polling (a
        view that is covered or has no height may not paint for a long time)."""
        if self._painted:
            callback()
        else:
            self._after_paint.append(callback)

    def _start_background(self) -> None:
        if self._background is None and self.is_mounted:
            if not self._painted:
                self.when_painted(self._start_background)  # after the first screen
                return
            self._background = self.set_interval(BACKGROUND_EVERY, self._background_step)

    def _background_step(self) -> None:
        layout = self.layout_
        if layout is None or layout.complete:
            if self._background is not None:
                self._background.stop()
                self._background = None
            return
        if self._pending is not None or not self.size.width:
            return
        y = round(self.scroll_y)
        at_end = y > 0 and y >= self.max_scroll_y
        new_y = layout.measure_some(y, BACKGROUND_BUDGET)
        if at_end:
            self._sync_virtual_size()
            self._set_scroll(self.max_scroll_y)
        else:
            if new_y != y:
                self._shift_silently(new_y)
            self._sync_virtual_size(force=False)
        if layout.complete:
            self._last_position = None  # exact line counts now: tell the status line
            self._queue_position()
            # The pass made a unit per block: long-lived, so out of the collector's way
            # (see ReaderScreen._load; a full collection over them costs tens of ms).
            gc.freeze()

    def finish_layout(self) -> None:
        """Wrap everything now (tests and benchmarks; the app lets the background do it)."""
        while self.layout_ is not None and not self.layout_.complete:
            self._background_step()

    # -- rendering ---------------------------------------------------------------------------

    def _reset_caches(self) -> None:
        self._strips.clear()
        self.refresh()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles.clear()
        self._strips.clear()

    def _style(self, role: str) -> Style:
        style = self._styles.get(role)
        if style is None:
            style = self.get_component_rich_style(f"article-view--{role}", partial=True)
            self._styles[role] = style
        return style

    def _announce_first_paint(self) -> None:
        # Straight to the app: the view's own message would stop bubbling at the screen
        # (the screen is its sender, being the pump that ran `render_line`).
        self.app.post_message(self.FirstPaint(self))
        waiting, self._after_paint = self._after_paint, []
        for callback in waiting:
            callback()

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width or self.size.width
        layout = self.layout_
        base = self._styles.get("")
        if base is None:
            base = self._styles[""] = self.rich_style
        if layout is not None and not self._painted:
            self._painted = True
            self.call_after_refresh(self._announce_first_paint)
        if layout is None:
            return Strip.blank(width, base)
        if width != self._content_width and not self._relayout_queued:
            # The scrollbar came or went without a resize: lay out for the new width.
            self._relayout_queued = True
            self.call_after_refresh(self._queued_relayout)
        line_no = round(self.scroll_y) + y
        if line_no >= layout.total:
            return Strip.blank(width, base)
        unit, k = layout.locate(line_no)
        key = (unit, k)
        strip = self._strips.get(key)
        if strip is None:
            lines = layout.unit_lines(unit)
            line = lines[min(k, len(lines) - 1)]
            strip = self._strip_for(line, width, base)
            self._strips[key] = strip
        return strip

    def _strip_for(self, line: DisplayLine, width: int, base: Style) -> Strip:
        segments: list[Segment] = []
        if self._left:
            segments.append(Segment(" " * self._left, base))
        role = line.role
        marked = line.block in self._bookmarks and role not in ("blank", "footer")
        if marked:
            segments.append(Segment("▌ ", base + self._style("bookmark")))
        else:
            segments.append(Segment(" " * GUTTER, base))
        if role == "blank":
            return Strip(segments).adjust_cell_length(width, base)
        role_style = base + self._style(role)
        if line.prefix:
            deco = "bullet" if role == "list" else role
            segments.append(Segment(line.prefix, base + self._style(deco)))
        segments.extend(self._text_segments(line, role_style))
        if line.marker:
            segments.append(Segment(" " + line.marker, base + self._style("marker")))
        return Strip(segments).adjust_cell_length(width, base)

    def _text_segments(self, line: DisplayLine, role_style: Style) -> list[Segment]:
        text = line.text
        if not text:
            return []
        n = len(text)
        cuts = {0, n}
        if line.lead:
            cuts.add(line.lead)
        spans: list[tuple[int, int, bool]] = []
        if line.block >= 0 and line.role not in ("footer", "rule", "title", "meta"):
            current = self._current
            shown_span = self.layout_.shown_span if self.layout_ is not None else None
            for s, e in self._matches.get(line.block, ()):
                a, b = shown_span(line.block, s, e) if shown_span is not None else (s, e)
                a, b = a - line.start, b - line.start
                if b <= 0 or a >= n:
                    continue
                a, b = max(0, a), min(n, b)
                is_current = current is not None and current.block == line.block and current.start == s
                spans.append((a, b, is_current))
                cuts.update((a, b))
        if len(cuts) == 2:
            style = role_style + self._style("lead") if line.lead >= n else role_style
            return [Segment(text, style)]
        points = sorted(cuts)
        out: list[Segment] = []
        lead_style = role_style + self._style("lead")
        for a, b in zip(points, points[1:], strict=False):
            style = lead_style if a < line.lead else role_style
            for s, e, is_current in spans:
                if s <= a and b <= e:
                    style = style + self._style("current-match" if is_current else "match")
                    break
            out.append(Segment(text[a:b], style))
        return out


def _script_of(layout: Layout) -> str:
    """The script `layout` shows its article in ("original" when not converted)."""
    return layout.script.script if layout.script is not None else "original"
