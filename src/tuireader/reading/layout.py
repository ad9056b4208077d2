"""Article × column width → display lines, lazily, with maps both ways.

Why lazy: wrapping every paragraph of a 5 MB article exactly costs about a second
(see ../shared/design/perf-anchors.md), far over the first-screen budget. So each
*unit* (the title, the metadata line, every block, the footer) gets a cheap height
*estimate* from its cell count; prefix sums over the heights (a Fenwick tree) map a
line number to a unit and back in O(log n). A unit is wrapped exactly only when it is
needed (visible, or near the viewport, or by the background pass), and its height is
corrected then. Positions that must survive all of this are kept in document
coordinates, (block, character offset), and `settle()` returns where an anchor moved
to, so a caller can keep the text on screen from jumping when estimates above it are
corrected.

Line breaking: by cell width (CJK and full-width characters are two cells), between
any two CJK characters, at spaces for Latin text; a word longer than the line is
hard-split. Kinsoku: no line starts with closing punctuation (，。、；：？！」』）》… and
ASCII ,.;:?!)]}) and none ends with opening punctuation: the tokenizer glues those to
their neighbour, so the previous character is pulled down with them.

Scripts: with a `ScriptView` (script/convert.py) the blocks are shown converted
(繁體 ↔ 简体), each block when its unit is made, so the first screen converts only what it
shows. Offsets in and out of the layout (`position_at`, `line_of`, `shown_span`) stay in
the ORIGINAL text; a unit whose conversion changed its length carries an offset map.

Pure: may import `rich.cells` (cell widths), never Textual.
"""

from __future__ import annotations

import math
import re
import time
from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.cells import cell_len, get_character_cell_size

from tuireader.article import Article, Block

if TYPE_CHECKING:  # convert.py is imported only when a script is chosen
    from tuireader.script.convert import OffsetMap, ScriptView

#: Characters that must not start a line.
CLOSING = (
    "，。、；：？！」』）》〉】〕〗〙〛｝］｠…‥・ー々〻ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ"
    "！％），．：；？］｝｡｣､"
    ",.;:?!)]}%’”»›"
)
#: Characters that must not end a line.
OPENING = "「『（《〈【〔〖〘〚｛［｟（［｛｢“‘«‹([{"

_WIDE = (
    "\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf"
    "\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\U00020000-\U0003fffd"
)


def _cls(chars: str) -> str:
    return "".join(re.escape(c) for c in dict.fromkeys(chars))


#: One unbreakable token: spaces; or opening punctuation + (one CJK character or one
#: run of non-space, non-CJK characters) + closing punctuation; or any single character.
_TOKEN = re.compile(
    rf"\s+|[{_cls(OPENING)}]*(?:[{_WIDE}]|[^\s{_WIDE}]+)[{_cls(CLOSING)}]*|.",
    re.S,
)

Span = tuple[int, int]


def _cells(text: str) -> int:
    return len(text) if text.isascii() else cell_len(text)


def _hard_split(text: str, start: int, end: int, width: int) -> list[Span]:
    """Cut text[start:end] into pieces of at most `width` cells (at least one char each),
    moving characters down so that no piece but the first starts with closing punctuation."""
    pieces: list[Span] = []
    begin, used = start, 0
    for i in range(start, end):
        w = get_character_cell_size(text[i])
        if used + w > width and i > begin:
            cut = i
            while (text[cut] in CLOSING or text[cut].isspace()) and cut - 1 > begin:
                cut -= 1
            if _cells(text[cut:i]) + w > width:
                cut = i  # moving back would overflow the next piece: keep the width
            end_at = cut
            while end_at > begin + 1 and text[end_at - 1].isspace():
                end_at -= 1
            pieces.append((begin, end_at))
            while cut < i and text[cut].isspace():
                cut += 1
            begin = cut
            used = _cells(text[cut:i])
        used += w
    pieces.append((begin, end))
    return pieces


def wrap(text: str, width: int) -> list[Span]:
    """Line breaks of `text` in a column of `width` cells: (start, end) per line.

    `text[start:end]` is the line as shown (no leading or trailing spaces); "\\n" forces
    a break. An empty text is one empty line.
    """
    width = max(1, width)
    if "\n" in text:
        out: list[Span] = []
        pos = 0
        for part in text.split("\n"):
            out.extend((s + pos, e + pos) for s, e in wrap(part, width))
            pos += len(part) + 1
        return out
    if text.isascii() and len(text) <= width:
        stripped = text.strip()
        if not stripped:
            return [(0, 0)]
        s = len(text) - len(text.lstrip())
        return [(s, s + len(stripped))]
    # Words: runs that may not be broken. A closing mark after a space is glued to the
    # word before it (kinsoku), so the greedy fill below never starts a line with one.
    words: list[Span] = []
    for m in _TOKEN.finditer(text):
        s, e = m.span()
        if text[s].isspace():
            continue
        if words and text[s] in CLOSING:
            words[-1] = (words[-1][0], e)
        else:
            words.append((s, e))
    if not words:
        return [(0, 0)]
    lines: list[Span] = []
    line_start, line_end, used = -1, 0, 0
    char_cells = get_character_cell_size
    for s, e in words:
        w = char_cells(text[s]) if e - s == 1 else _cells(text[s:e])
        if line_start >= 0:
            gap = 0 if s == line_end else _cells(text[line_end:s])
            if used + gap + w <= width:
                used += gap + w
                line_end = e
                continue
            lines.append((line_start, line_end))
        if w > width:
            pieces = _hard_split(text, s, e, width)
            lines.extend(pieces[:-1])
            s = pieces[-1][0]
            w = _cells(text[s:e])
        line_start, line_end, used = s, e, w
    lines.append((line_start, line_end))
    return lines


def estimate_cells(text: str) -> int:
    """Cells of `text`, cheaply: CJK text is mostly 3-byte UTF-8 and two cells wide."""
    n = len(text)
    if text.isascii():
        return n
    extra = len(text.encode("utf-8", "surrogatepass")) - n
    return n + extra // 2


@dataclass(frozen=True, slots=True)
class DisplayLine:
    """One screen line of the article column.

    `text` is `Unit.text[start:start+len(text)]` for text lines (so find highlights in
    block coordinates map onto it); `prefix` is decoration drawn before it (bullet,
    quote bar, indent); `lead` is how many leading characters of `text` are a run-in
    head; `marker` is drawn at the end (continuation of hard-wrapped code).
    """

    unit: int
    block: int
    role: str
    text: str = ""
    start: int = 0
    prefix: str = ""
    lead: int = 0
    marker: str = ""


@dataclass(slots=True)
class Unit:
    """A laid-out piece of the page: the title, the meta line, one block, or a footer line."""

    text: str
    role: str
    block: int = -1
    prefix: str = ""
    indent: str = ""
    lead: int = 0
    gap: int = 1
    cells: int = 0
    pad: int = 0  # cells taken by prefix/indent
    simple: bool = True  # height estimate is ceil(cells / (width - pad)) + gap
    omap: OffsetMap | None = None  # original ↔ shown offsets, when converting changed lengths


class _Fenwick:
    """Prefix sums with point updates: line ↔ unit lookups in O(log n)."""

    def __init__(self, values: list[int]) -> None:
        n = len(values)
        tree = [0] * (n + 1)
        for i, v in enumerate(values, 1):
            tree[i] += v
            j = i + (i & -i)
            if j <= n:
                tree[j] += tree[i]
        self._tree = tree
        self._n = n
        self._top = 1 << max(0, n.bit_length() - 1) if n else 0

    def add(self, index: int, delta: int) -> None:
        i = index + 1
        tree, n = self._tree, self._n
        while i <= n:
            tree[i] += delta
            i += i & -i

    def prefix(self, index: int) -> int:
        """Sum of values[0:index]."""
        total, i, tree = 0, index, self._tree
        while i > 0:
            total += tree[i]
            i -= i & -i
        return total

    def find(self, y: int) -> tuple[int, int]:
        """(index, y - prefix(index)) of the value whose range holds `y` (values > 0)."""
        pos, rem, step, tree, n = 0, y, self._top, self._tree, self._n
        while step:
            nxt = pos + step
            if nxt <= n and tree[nxt] <= rem:
                pos = nxt
                rem -= tree[nxt]
            step >>= 1
        return pos, rem


_HEADING_ROLES = 4


def _meta_line(article: Article) -> str:
    meta = article.metadata
    parts: list[str] = []
    for key in ("date", "author"):
        value = meta.get(key)
        if value:
            parts.append(str(value))
    source = meta.get("source") or meta.get("site")
    if not source and isinstance(meta.get("breadcrumb"), list) and meta["breadcrumb"]:
        source = meta["breadcrumb"][0]
    if source:
        parts.append(str(source))
    return " · ".join(" ".join(p.split()) for p in parts)


def _block_unit(index: int, block: Block, following: Block | None) -> Unit:
    kind = block.kind
    text = block.text
    if kind == "paragraph":
        return Unit(text, "paragraph", index, "", "", block.lead, 1, estimate_cells(text))
    gap = 1
    prefix = indent = ""
    if kind == "heading":
        role = f"heading-{min(max(block.level, 1), _HEADING_ROLES)}"
    elif kind == "list_item":
        role = "list"
        pad = "  " * max(0, block.level - 1)
        prefix, indent = pad + "• ", pad + "  "
        if following is not None and following.kind == "list_item":
            gap = 0
    elif kind == "quote":
        role = "quote"
        prefix = indent = "▌ "
    elif kind == "code":
        role = "code"
        text = text.expandtabs(4)
    elif kind == "rule":
        role = "rule"
        text = ""
    else:
        role = "paragraph"
    return Unit(text=text, role=role, block=index, prefix=prefix, indent=indent,
                lead=block.lead if kind == "list_item" else 0,
                gap=gap, cells=estimate_cells(text))


def _finish(unit: Unit) -> Unit:
    """Fill the derived fields (pad, simple) of a unit."""
    if unit.prefix or unit.indent:
        unit.pad = max(_cells(unit.prefix), _cells(unit.indent))
    unit.simple = unit.role not in ("code", "rule") and unit.cells > 0
    return unit


class Units:
    """The page as a sequence of units, made on first access.

    Why lazy: a 5 MB article has ~25,000 blocks, and building a `Unit` for each before the
    first frame costs tens of milliseconds; the estimates need only each block's cell count,
    which `Layout` computes in one flat pass. `head` (title, meta) and `tail` (footer) are
    built eagerly; block units on demand and then kept.
    """

    def __init__(self, head: list[Unit], blocks: list[Block], tail: list[Unit],
                 script: ScriptView | None = None) -> None:
        self.head = head
        self.blocks = blocks
        self.tail = tail
        self.script = script if script is not None and script.active else None
        self._made: dict[int, Unit] = {}
        self._n = len(head) + len(blocks) + len(tail)

    def __len__(self) -> int:
        return self._n

    def __getitem__(self, index: int) -> Unit:
        if index < 0:
            index += self._n
        if not 0 <= index < self._n:
            raise IndexError(index)
        h = len(self.head)
        if index < h:
            return self.head[index]
        i = index - h
        if i >= len(self.blocks):
            return self.tail[i - len(self.blocks)]
        unit = self._made.get(i)
        if unit is None:
            unit = self.plain(index)
            if self.script is not None and unit.role not in ("code", "rule"):
                _convert_unit(unit, *self.script.block(unit.text))
            self._made[i] = unit
        return unit

    def plain(self, index: int) -> Unit:
        """The unit of block index `index` in the original script. Kept when that is how it
        is shown; when the blocks are converted it is not (the height estimates need its
        kind, not its text, and the block is converted only when it is shown)."""
        i = index - len(self.head)
        unit = self._made.get(i)
        if unit is not None and self.script is None:
            return unit
        blocks = self.blocks
        unit = _finish(_block_unit(i, blocks[i], blocks[i + 1] if i + 1 < len(blocks) else None))
        if index == self._n - 1:
            unit.gap = 0
        if self.script is None:
            self._made[i] = unit
        return unit

    def __iter__(self) -> Iterator[Unit]:
        for i in range(self._n):
            yield self[i]


def _convert_unit(unit: Unit, text: str, omap: OffsetMap | None) -> None:
    """Show `unit` as `text` (its conversion); the run-in head follows the map."""
    unit.text = text
    unit.omap = omap
    if omap is not None and unit.lead:
        unit.lead = omap.to_converted(unit.lead, end=True)
    unit.cells = estimate_cells(text)


def build_units(article: Article, prev_title: str | None, next_title: str | None,
                script: ScriptView | None = None) -> tuple[Units, int]:
    """The page as units, and how many come before block 0 (title and meta line)."""
    shown = script.text if script is not None and script.active else str
    head = [Unit(text=shown(" ".join(article.title.split())), role="title")]
    meta = _meta_line(article)
    if meta:
        head[0].gap = 0
        head.append(Unit(text=shown(meta), role="meta"))
    tail: list[Unit] = []
    if prev_title or next_title:
        # Chinese articles get the labels their readers know (上一篇/下一篇).
        cjk = bool(re.search(f"[{_WIDE}]", article.title))
        before, after = ("← 上一篇：", "→ 下一篇：") if cjk else ("← Previous: ", "→ Next: ")
        tail.append(Unit(text="", role="rule"))
        if prev_title:
            tail.append(Unit(text=shown(" ".join(prev_title.split())), role="footer", prefix=before,
                             indent="  ", gap=0 if next_title else 1))
        if next_title:
            tail.append(Unit(text=shown(" ".join(next_title.split())), role="footer", prefix=after,
                             indent="  "))
    for u in head + tail:
        u.cells = estimate_cells(u.text)
        _finish(u)
    if tail:
        tail[-1].gap = 0
    elif not article.blocks:
        head[-1].gap = 0
    return Units(head, article.blocks, tail, script), len(head)


def _estimate_inputs(units: Units) -> tuple[list[int], list[int], list[int], list[int]]:
    """Per unit: cells×26−1, pad, gap+1, and the indices whose estimate is not the simple
    formula — in flat passes over the blocks, without making block units."""
    blocks = units.blocks
    cells = [len(t) if t.isascii() else estimate_cells(t) for t in (b.text for b in blocks)]
    kinds = [b.kind for b in blocks]
    head, tail = units.head, units.tail
    est_cells = [u.cells * 26 - 1 for u in head] + [c * 26 - 1 for c in cells] + [u.cells * 26 - 1 for u in tail]
    pad = [u.pad for u in head] + [0] * len(blocks) + [u.pad for u in tail]
    gap = [u.gap + 1 for u in head] + [2] * len(blocks) + [u.gap + 1 for u in tail]
    special = [i for i, u in enumerate(head) if not u.simple]
    h = len(head)
    for i, kind in enumerate(kinds):
        if kind != "paragraph" or not cells[i]:
            unit = units.plain(h + i)  # the few non-paragraphs: their kinds, not converted
            est_cells[h + i] = unit.cells * 26 - 1
            pad[h + i] = unit.pad
            gap[h + i] = unit.gap + 1
            if not unit.simple:
                special.append(h + i)
    if blocks and not tail:
        gap[h + len(blocks) - 1] = 1  # the last unit has no gap
    special.extend(h + len(blocks) + i for i, u in enumerate(tail) if not u.simple)
    return est_cells, pad, gap, special


class Layout:
    """The article laid out in a column of `width` cells; see the module docstring."""

    def __init__(
        self,
        article: Article,
        width: int,
        *,
        prev_title: str | None = None,
        next_title: str | None = None,
        cache_size: int = 512,
        script: ScriptView | None = None,
    ) -> None:
        self.article = article
        self.prev_title = prev_title
        self.next_title = next_title
        self.script = script
        self.units, self.header = build_units(article, prev_title, next_title, script)
        self.block_count = len(article.blocks)
        self._cache_size = cache_size
        self._wrapped: OrderedDict[int, list[Span]] = OrderedDict()
        self.width = 0
        self.heights: list[int] = []
        self.exact = bytearray()
        self._tree = _Fenwick([])
        self._unmeasured = 0
        self._cursor = 0
        # Estimate inputs (height ≈ ceil(cells × 1.04 / (width − pad)) + gap), kept as
        # flat lists so a width change is one comprehension.
        self._est_cells, self._est_pad, self._est_gap, self._est_special = _estimate_inputs(self.units)
        self._est_pads = sorted(set(self._est_pad))
        self.total_cells = sum(self._est_cells) // 26
        self.set_width(width)

    # -- width and estimates -------------------------------------------------------
    def set_width(self, width: int) -> None:
        """Lay out again for a new column width: every height back to an estimate."""
        width = max(8, width)
        if width == self.width:
            return
        self.width = width
        self._wrapped.clear()
        # Plain arithmetic over prepared lists: this runs over every block before the first
        # frame and on every width change (+/-), ~24,000 blocks at 5 MB.
        if len(self._est_pads) == 1:
            d = max(4, width - self._est_pads[0]) * 25
            heights = [c // d + g for c, g in zip(self._est_cells, self._est_gap, strict=True)]
        else:
            heights = [c // (max(4, width - p) * 25) + g
                       for c, p, g in zip(self._est_cells, self._est_pad, self._est_gap, strict=True)]
        for i in self._est_special:
            heights[i] = self._estimate(self.units[i])
        self.heights = heights
        self.exact = bytearray(len(self.units))
        self._tree = _Fenwick(self.heights)
        self._unmeasured = len(self.units)
        self._cursor = 0

    def _avail(self, unit: Unit) -> int:
        return max(4, self.width - unit.pad)

    def _estimate(self, unit: Unit) -> int:
        if unit.role == "rule" or not unit.cells:
            return 1 + unit.gap
        if unit.role == "code":
            return unit.text.count("\n") + 1 + unit.cells // self._avail(unit) + unit.gap
        # A little slack for the room lost at word breaks.
        return max(1, math.ceil(unit.cells * 1.04 / self._avail(unit))) + unit.gap

    # -- lookups -------------------------------------------------------------------
    @property
    def total(self) -> int:
        """Lines in the whole page (estimated until `complete`)."""
        return self._tree.prefix(len(self.units))

    @property
    def complete(self) -> bool:
        """True when every unit has its exact height."""
        return self._unmeasured == 0

    @property
    def unmeasured(self) -> int:
        return self._unmeasured

    def unit_for_block(self, block: int) -> int:
        if not self.block_count:
            return 0
        return self.header + min(max(block, 0), self.block_count - 1)

    def start_of(self, unit: int) -> int:
        """First line of `unit` with the current heights."""
        return self._tree.prefix(unit)

    def locate(self, y: int) -> tuple[int, int]:
        """(unit, line inside it) of page line `y` (clamped to the page)."""
        y = min(max(0, y), max(0, self.total - 1))
        unit, rem = self._tree.find(y)
        return min(unit, len(self.units) - 1), rem

    # -- exact wrapping --------------------------------------------------------------
    def _wrap_unit(self, index: int) -> list[Span]:
        unit = self.units[index]
        if unit.role == "rule":
            return [(0, 0)]
        avail = self._avail(unit)
        if unit.role == "code":
            out: list[Span] = []
            pos = 0
            for part in unit.text.split("\n"):
                if _cells(part) <= avail:
                    out.append((pos, pos + len(part)))
                else:
                    out.extend((pos + s, pos + e) for s, e in _hard_split(part, 0, len(part), avail - 1))
                pos += len(part) + 1
            return out
        return wrap(unit.text, avail)

    def breaks(self, index: int) -> list[Span]:
        """Exact line spans of unit `index` (LRU-cached for the current width); measures it."""
        cached = self._wrapped.get(index)
        if cached is not None:
            self._wrapped.move_to_end(index)
            return cached
        spans = self._wrap_unit(index)
        self._wrapped[index] = spans
        if len(self._wrapped) > self._cache_size:
            self._wrapped.popitem(last=False)
        self._set_height(index, len(spans) + self.units[index].gap)
        return spans

    def _set_height(self, index: int, height: int) -> int:
        delta = height - self.heights[index]
        if not self.exact[index]:
            self.exact[index] = 1
            self._unmeasured -= 1
        if delta:
            self.heights[index] = height
            self._tree.add(index, delta)
        return delta

    def measure(self, index: int) -> int:
        """Make unit `index` exact; returns how much its height changed."""
        if self.exact[index]:
            return 0
        spans = self._wrap_unit(index)
        return self._set_height(index, len(spans) + self.units[index].gap)

    def settle(self, y: int, view_height: int, margin: int | None = None) -> int:
        """Measure the units from `margin` lines above line `y` to `margin` below the view,
        and return where the anchor at `y` is now (same unit, same line inside it)."""
        if margin is None:
            margin = view_height
        unit, line = self.locate(y)
        self.measure(unit)
        line = min(line, self.heights[unit] - 1)
        # Below: until the viewport and margin are exact (heights below do not move y).
        need = line + view_height + margin
        u, covered = unit, self.heights[unit]
        while covered < need and u + 1 < len(self.units):
            u += 1
            self.measure(u)
            covered += self.heights[u]
        # Above: the margin, so scrolling up never reveals an estimate.
        u, covered = unit, line
        while covered < margin and u > 0:
            u -= 1
            self.measure(u)
            covered += self.heights[u]
        return self.start_of(unit) + line

    def settle_end(self, view_height: int) -> None:
        """Make the last screenful exact (for a jump to the end)."""
        u, covered = len(self.units) - 1, 0
        while u >= 0 and covered < view_height * 2:
            self.measure(u)
            covered += self.heights[u]
            u -= 1

    def measure_some(self, y: int, budget: float = 0.008) -> int:
        """Background step: make more units exact for about `budget` seconds; returns the
        new line of the anchor at `y` so the caller can keep the view still."""
        unit, line = self.locate(y)
        self.measure(unit)
        line = min(line, self.heights[unit] - 1)
        deadline = time.perf_counter() + budget
        n = len(self.units)
        cursor = self._cursor
        exact = self.exact
        while self._unmeasured and cursor < n:
            if not exact[cursor]:
                self.measure(cursor)
                if time.perf_counter() > deadline:
                    break
            cursor += 1
        self._cursor = cursor
        return self.start_of(unit) + line

    # -- display lines -----------------------------------------------------------------
    def unit_lines(self, index: int) -> list[DisplayLine]:
        """The display lines of unit `index`, gap lines included."""
        unit = self.units[index]
        spans = self.breaks(index)
        out: list[DisplayLine] = []
        for i, (s, e) in enumerate(spans):
            if unit.role == "rule":
                out.append(DisplayLine(index, unit.block, "rule", "─" * min(self.width, 24)))
                continue
            text = unit.text[s:e]
            prefix = unit.prefix if i == 0 else unit.indent
            lead = max(0, min(len(text), unit.lead - s)) if unit.lead else 0
            marker = ""
            if unit.role == "code" and i + 1 < len(spans) and spans[i + 1][0] == e:
                marker = "↩"
            out.append(DisplayLine(index, unit.block, unit.role, text, s, prefix, lead, marker))
        for _ in range(unit.gap):
            out.append(DisplayLine(index, unit.block, "blank"))
        return out

    def line(self, y: int) -> DisplayLine:
        """Display line `y` (measures its unit if it was only estimated)."""
        unit, k = self.locate(y)
        lines = self.unit_lines(unit)
        return lines[min(k, len(lines) - 1)]

    def lines(self, y: int, count: int) -> Iterator[DisplayLine]:
        for i in range(y, min(y + count, self.total)):
            yield self.line(i)

    # -- document coordinates ----------------------------------------------------------
    def position_at(self, y: int) -> tuple[int, int]:
        """(block, offset) shown at page line `y`.

        The title and meta lines map to (0, 0) (the start of the article), the footer to
        the end of the last block; a blank line after a block to (block, len(text)).
        """
        unit, k = self.locate(y)
        if unit < self.header or not self.block_count:
            return (0, 0)
        if unit >= self.header + self.block_count:
            last = self.block_count - 1
            return (last, len(self.article.blocks[last].text))
        block = unit - self.header
        spans = self.breaks(unit)
        if k < len(spans):
            omap = self.units[unit].omap
            return (block, spans[k][0] if omap is None else omap.to_original(spans[k][0]))
        return (block, len(self.article.blocks[block].text))

    def line_of(self, block: int, offset: int = 0) -> int:
        """Page line showing (block, offset); a negative block is the top of the page."""
        if not self.block_count or block < 0:
            return 0
        unit = self.unit_for_block(block)
        spans = self.breaks(unit)
        start = self.start_of(unit)
        omap = self.units[unit].omap
        if omap is not None:
            offset = omap.to_converted(offset)
        text_len = len(self.units[unit].text)
        if offset >= text_len and text_len and self.units[unit].gap and offset > spans[-1][0]:
            return start + len(spans)
        k = 0
        for i, (s, _e) in enumerate(spans):
            if s <= offset:
                k = i
            else:
                break
        return start + k

    def shown_span(self, block: int, start: int, end: int) -> tuple[int, int]:
        """(start, end) of block `block` in original offsets → offsets in the text shown
        (`DisplayLine.start` coordinates): a find hit highlighted in converted text."""
        if not 0 <= block < self.block_count:
            return start, end
        omap = self.units[self.header + block].omap
        if omap is None:
            return start, end
        return omap.to_converted(start), omap.to_converted(end, end=True)

    def line_in_block(self, block: int, offset: int) -> int:
        """Which line of its block (0-based) holds `offset`."""
        return self.line_of(block, offset) - self.start_of(self.unit_for_block(block))

    def percent_at(self, y: int, view_height: int) -> float:
        """Reading progress 0..100 for a view whose top line is `y`."""
        scrollable = self.total - view_height
        if scrollable <= 0:
            return 100.0
        return max(0.0, min(100.0, 100.0 * y / scrollable))
