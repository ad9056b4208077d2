"""`OutlinePanel`: the article's outline as a collapsible tree that follows the reading.

Why a `Tree`: it is a Line-API widget, so thousands of entries cost nothing until they are
on screen. Labels are `rich.text.Text` objects, never strings: `Tree` would parse a string
as markup, and a heading may well contain "[bold]".

The panel knows nothing about scrolling the article: the screen calls `follow(block)` when
the reading position changes, and the panel posts `OutlinePanel.Selected(block)` when the
reader picks an entry (Enter or a click).
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable

from rich.text import Text
from textual.message import Message
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from tuireader.article import Article, OutlineEntry
from tuireader.ui import script as ui_script

#: Outlines longer than this start with only the top level expanded.
EXPAND_ALL_LIMIT = 2000
BOOKMARK_MARK = " ◆"


def entry_label(article: Article, entry: OutlineEntry) -> str:
    """The entry as the reader saw it: numbering included, no duplicated number."""
    title = " ".join(entry.title.split())
    number = (entry.number or "").strip()
    if 0 <= entry.block < len(article.blocks):
        block = article.blocks[entry.block]
        if block.kind == "heading" and title and title in block.text:
            return " ".join(block.text.split())
    if number and not title.startswith(number):
        if number.isdigit():
            return f"{number}. {title}"
        sep = "" if number[-1] in "、.．)）:：" else " "
        return f"{number}{sep}{title}"
    return title or number or "…"


class OutlinePanel(Tree[int]):
    """The outline (data of each node: the index of its entry in `Article.outline`)."""

    DEFAULT_CSS = """
    OutlinePanel {
        width: 32;
        max-width: 40%;
        height: 1fr;
        overflow-x: hidden;
    }
    """

    class Selected(Message):
        """The reader chose the section starting at `block`."""

        def __init__(self, panel: OutlinePanel, block: int) -> None:
            super().__init__()
            self.panel = panel
            self.block = block

        @property
        def control(self) -> OutlinePanel:
            return self.panel

    def __init__(self, *, name: str | None = None, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(Text("Outline"), name=name, id=id, classes=classes)
        self.show_root = False
        self.auto_expand = False
        self.guide_depth = 2
        self.article: Article | None = None
        self._entry_nodes: list[TreeNode[int]] = []
        self._starts: list[int] = []
        self._current: int | None = None
        self._marked: set[int] = set()
        #: The Chinese script labels are shown in (set by the reader screen).
        self.script = "original"
        self._labels: list[str] = []

    def set_article(self, article: Article) -> None:
        """Build the tree in one go (levels as the ingest found them)."""
        self.article = article
        self.clear()
        self._entry_nodes = []
        self._starts = [e.block for e in article.outline]
        self._current = None
        self._marked = set()
        expand_all = len(article.outline) <= EXPAND_ALL_LIMIT
        # Built with Tree's own node constructor and one invalidation at the end: the public
        # `TreeNode.add` copies the sibling list and re-lays out the tree on every call,
        # quadratic for a flat outline of thousands of entries (Textual is pinned to 8.2.8).
        stack: list[tuple[int, TreeNode[int]]] = []
        root = self.root
        self._labels = ui_script.shown_many(self.script, [entry_label(article, e) for e in article.outline])
        for i, entry in enumerate(article.outline):
            while stack and stack[-1][0] >= entry.level:
                stack.pop()
            parent = stack[-1][1] if stack else root
            node = self._add_node(parent, Text(self._labels[i]), i,
                                  expand=expand_all or not stack)
            parent._children.append(node)
            self._entry_nodes.append(node)
            stack.append((entry.level, node))
        for node in self._entry_nodes:
            node._allow_expand = bool(node._children)
        root._expanded = True
        self._invalidate()

    def entry_at(self, block: int) -> int | None:
        """Index of the deepest outline entry containing `block` (None before the first)."""
        if self.article is None or not self._starts:
            return None
        chain = self.article.section_at(block)
        if not chain:
            return None
        last = chain[-1]
        i = bisect.bisect_left(self._starts, last.block)
        while i < len(self._starts) and self.article.outline[i] is not last:
            i += 1
        return i if i < len(self._starts) else None

    def follow(self, block: int) -> None:
        """Highlight the section holding `block` and keep it in view (no animation)."""
        index = self.entry_at(block)
        if index == self._current:
            return
        self._current = index
        if index is None:
            return
        node = self._entry_nodes[index]
        target = node
        parent = node.parent
        while parent is not None and parent is not self.root:
            if not parent.is_expanded:
                target = parent
            parent = parent.parent
        self.move_cursor(target, animate=False)

    @property
    def current_entry(self) -> int | None:
        return self._current

    def mark_bookmarks(self, blocks: Iterable[int]) -> None:
        """Mark the sections that hold a bookmark."""
        if self.article is None:
            return
        marked = {i for i in (self.entry_at(b) for b in blocks) if i is not None}
        for i in marked ^ self._marked:
            label = self._labels[i]
            self._entry_nodes[i].set_label(Text(label + BOOKMARK_MARK) if i in marked else Text(label))
        self._marked = marked

    def get_label_width(self, node: TreeNode[int]) -> int:
        # Tree measures every label on each rebuild through a full render: ~70 ms for
        # 3,700 entries. The plain text's cell length plus the toggle icon is the same.
        return node._label.cell_len + 2

    def on_tree_node_selected(self, event: Tree.NodeSelected[int]) -> None:
        event.stop()
        if self.article is None or event.node.data is None:
            return
        self.post_message(self.Selected(self, self.article.outline[event.node.data].block))
