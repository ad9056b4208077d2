"""Reading a page's DOM for running text: furniture, prose amounts, a single-pass extractor.

Shared by the repairs (`html_repair`) and used alone for very large pages, where
trafilatura's cost grows faster than the page: the deepest element holding most of the
page's running text (links, scripts and furniture count zero) is the article.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from copy import deepcopy
from typing import Any

from tuireader.article import Block
from tuireader.ingest.html.blocks import element_blocks
from tuireader.ingest.html.merge import compact

#: The single-pass extractor descends into a child while it holds this share of the text.
CONTAINER_SHARE = 0.8
#: class/id words of page furniture that never belongs to an article body.
_FURNITURE = re.compile(
    r"(?:^|[\s_-])(?:comment|comments|disqus|share|sharing|social|related|recommend|promo|"
    r"newsletter|subscribe|sidebar|widget|advert|ad|ads|banner|popular|trending|footer|"
    r"breadcrumb|menu|nav|navbar|pagination|author-bio|tags|most-popular|outbrain|taboola)"
    r"(?:$|[\s_-])",
    re.IGNORECASE,
)
_FURNITURE_TAGS = {"nav", "aside", "footer", "form", "header", "button", "select", "script",
                   "style", "noscript", "iframe", "svg", "template"}


def text_nodes(root: Any) -> Iterator[tuple[Any, str]]:
    """(containing element, normalised text) of every text node outside scripts and styles."""
    for node in root.iter():
        tag = node.tag if isinstance(node.tag, str) else ""
        if tag in ("script", "style", "noscript", "template"):
            continue
        if node.text and tag:
            t = compact(node.text)
            if t:
                yield node, t
        if node.tail:
            parent = node.getparent()
            t = compact(node.tail)
            if t and parent is not None:
                yield parent, t


def is_furniture(el: Any) -> bool:
    tag = el.tag if isinstance(el.tag, str) else ""
    if tag in _FURNITURE_TAGS:
        return True
    marks = f"{el.get('class') or ''} {el.get('id') or ''} {el.get('role') or ''}"
    return bool(marks.strip()) and _FURNITURE.search(marks) is not None


def running_text(root: Any) -> int:
    """Characters of running text under `root`: long text nodes, not links, not furniture."""
    total = 0
    skip: set[Any] = set()
    for el in root.iter():
        if el in skip:
            continue
        if el is not root and isinstance(el.tag, str) and is_furniture(el):
            skip.update(el.iter())
            continue
        if not isinstance(el.tag, str) or el.tag in ("script", "style", "a"):
            if el.tail:
                total += _weighted(el.tail)
            continue
        if el.text:
            total += _weighted(el.text)
        if el.tail and el is not root:
            total += _weighted(el.tail)
    return total


def _weighted(text: str) -> int:
    n = len(compact(text))
    return n if n >= 25 else 0


def furniture_free_blocks(el: Any) -> list[Block]:
    copy_el = deepcopy(el)
    for sub in list(copy_el.iter()):
        if sub is not copy_el and isinstance(sub.tag, str) and is_furniture(sub):
            if sub.getparent() is not None:
                sub.drop_tree()
    return element_blocks(copy_el)


def prose_container_blocks(tree: Any) -> list[Block]:
    """A fast single-pass extractor: the deepest element holding most of the page's running
    text, furniture removed. Used alone for very large pages (a 5 MB book-length page), where
    trafilatura's cost grows faster than the page, and as a last resort when it finds nothing.
    """
    body = tree.find(".//body")
    if body is None:
        body = tree
    total = _visible_len(body)
    if not total:
        return []
    node = body
    while True:
        # Only block containers can hold most of a page; a paragraph never does.
        best = None
        for child in node:
            if isinstance(child.tag, str) and child.tag in _CONTAINERS:
                size = _visible_len(child)
                if size >= CONTAINER_SHARE * total:
                    best = child
                    break
        if best is None:
            break
        node = best
    for sub in list(node.iter()):
        if sub is not node and isinstance(sub.tag, str) and sub.getparent() is not None:
            if sub.tag in _FURNITURE_TAGS or is_furniture(sub):
                sub.drop_tree()
    return element_blocks(node)


_CONTAINERS = {"div", "section", "article", "main", "td", "table", "tbody", "tr", "center",
               "font", "form", "body"}


def _visible_len(el: Any) -> int:
    """Characters of text under `el` outside scripts and styles, counted by libxml2 (fast)."""
    n = int(el.xpath("string-length(normalize-space(.))"))
    for hidden in el.iter("script", "style", "noscript", "template"):
        n -= len((hidden.text or "").strip())
    return max(0, n)
