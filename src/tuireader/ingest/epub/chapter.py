"""One spine document (chapter XHTML) → blocks, through the same block model as HTML pages.

What differs from a saved web page: there is no boilerplate to extract (the whole body is
the book), no CSS or script may reach the screen (`html.blocks` skips them), images become
`[image: alt]`, page-break markers are dropped, and the ids the table of contents points
at are found as block indices. For that, each wanted element gets a private-use marker
inserted as its first text before the walk; after it, the block a marker landed in is the
id's block, and the markers are removed (a block of nothing but a marker goes, its id
then names the block that follows).
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

from tuireader.article import Block
from tuireader.ingest.epub.xmlparse import attr, local, parse_xhtml, parse_xml
from tuireader.ingest.html.blocks import collapse, element_blocks

_MARK_OPEN = "\ue001"
_MARK_CLOSE = "\ue002"
_MARK = re.compile(_MARK_OPEN + r"(\d+)" + _MARK_CLOSE)
_PAGEBREAK = {"pagebreak", "doc-pagebreak"}


@dataclass(slots=True)
class ChapterBlocks:
    """The blocks of one document; `anchors` maps a wanted id to its block index."""

    blocks: list[Block] = field(default_factory=list)
    anchors: dict[str, int] = field(default_factory=dict)


def chapter_blocks(data: bytes, wanted: Collection[str] = (), *, partial: bool = False) -> ChapterBlocks:
    """Parse one chapter document. Never raises for bad markup: what cannot be parsed
    gives no blocks (the book goes on with the next chapter). `partial`: `data` is only
    the beginning of the document, parsed as XML that is closed where it stops (the same
    tree as the whole document's, up to there), else as HTML."""
    root = parse_xml(data, recover=True) if partial else None
    if root is None:
        root = parse_xhtml(data)
    if root is None:
        return ChapterBlocks()
    body = next((el for el in root.iter() if local(el.tag) == "body"), None)
    if body is None:
        body = root
    ids = _prepare(body, wanted)
    try:
        blocks = element_blocks(body)
    except RecursionError:
        return ChapterBlocks()
    if not ids:
        return ChapterBlocks(blocks)
    return _take_marks(blocks, ids)


def _prepare(body: Any, wanted: Collection[str]) -> list[str]:
    """Images to text, page breaks out, markers in; the ids marked, by marker number."""
    ids: list[str] = []
    drop: list[Any] = []
    for el in body.iter():
        tag = el.tag
        if not isinstance(tag, str):
            continue  # comments, entities
        if tag == "img" or tag.endswith("}img"):
            alt = " ".join((el.get("alt") or "").split())
            el.tail = (f" [image: {alt}] " if alt else " ") + (el.tail or "")
            continue
        if not el.attrib:
            continue  # most elements: nothing more to look at
        if _is_pagebreak(el):
            drop.append(el)
            continue
        if wanted:
            anchor = el.get("id") or (el.get("name") if local(tag) == "a" else None)
            if anchor and anchor in wanted:
                el.text = f"{_MARK_OPEN}{len(ids)}{_MARK_CLOSE}" + (el.text or "")
                ids.append(str(anchor))
    for el in drop:
        parent = el.getparent()
        if parent is None:
            continue
        tail = el.tail
        prev = el.getprevious()
        parent.remove(el)
        if tail:
            if prev is not None:
                prev.tail = (prev.tail or "") + tail
            else:
                parent.text = (parent.text or "") + tail
    return ids


def _is_pagebreak(el: Any) -> bool:
    role = el.get("role")
    if role and "doc-pagebreak" in role.split():
        return True
    kinds = attr(el, "type")
    return kinds is not None and "pagebreak" in kinds.split()


def _take_marks(blocks: list[Block], ids: list[str]) -> ChapterBlocks:
    out = ChapterBlocks()
    for block in blocks:
        if _MARK_OPEN not in block.text:
            out.blocks.append(block)
            continue
        for m in _MARK.finditer(block.text):
            n = int(m.group(1))
            if n < len(ids):
                out.anchors.setdefault(ids[n], len(out.blocks))
        text = _MARK.sub("", block.text).replace(_MARK_OPEN, "").replace(_MARK_CLOSE, "")
        if block.kind != "code":
            text = "\n".join(collapse(line) for line in text.split("\n"))
            text = "\n".join(line for line in text.split("\n") if line)
        if text.strip():
            block.text = text
            out.blocks.append(block)
    return out
