"""Turn extracted content trees into `Block`s.

Two shapes of tree reach this module: trafilatura's XML (`<head rend="h2">`, `<p>`, `<list>`,
`<item>`, `<quote>`, `<code>`, `<table>`, `<lb/>`, `<hi>`) and plain HTML (what the
readability-style fallback returns). Both are walked the same way: block-level elements open
a new block, inline elements add to the current one. Text is whitespace-collapsed except in
code, and control characters never survive (`clean_inline`).

Nothing here imports lxml: the functions take any ElementTree-like element, so this module is
cheap to import and the element objects come from whoever did the parsing.
"""

from __future__ import annotations

import re
from typing import Any

from tuireader.article import Block, BlockKind
from tuireader.ingest.sanitize import strip_controls

_HEADING_TAGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
#: HTML elements that start a new block when met inside content.
_HTML_BLOCK = {
    "p", "div", "section", "article", "main", "header", "footer", "aside", "nav", "figure",
    "figcaption", "blockquote", "pre", "ul", "ol", "dl", "dt", "dd", "li", "table", "tbody",
    "thead", "tfoot", "tr", "td", "th", "caption", "form", "fieldset", "address", "details",
    "summary", "center", "hr", "body", "html", "h1", "h2", "h3", "h4", "h5", "h6",
    # trafilatura XML
    "doc", "head", "list", "item", "quote", "row", "cell", "graphic",
}
#: Never text: dropped with their content.
_SKIP = {"script", "style", "noscript", "template", "rt", "rp", "svg", "math", "button",
         "select", "option", "textarea", "input", "iframe", "object", "embed", "canvas"}
#: An explicit line break (<br>, <lb/>) while text is gathered. Source newlines are plain
#: whitespace in HTML; only these become "\n" in a block (two in a row split the paragraph).
BR = "\ue000"
_PARA_BREAK = re.compile(BR + r"\s*" + BR + r"[\s" + BR + r"]*")
#: Where a <code> element is a word in running text, not a code block.
_INLINE_CONTEXT = {"p", "li", "item", "td", "th", "cell", "span", "a", "hi", "ref", "em", "strong",
                   "b", "i", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "head", "label"}


def _tag(el: Any) -> str:
    tag = el.tag
    if not isinstance(tag, str):  # comments, processing instructions
        return ""
    return tag.rsplit("}", 1)[-1].lower()


def heading_level(el: Any) -> int | None:
    """The heading level of an HTML `h1`..`h6` or a trafilatura `<head rend="h2">`."""
    tag = _tag(el)
    if tag in _HEADING_TAGS:
        return _HEADING_TAGS[tag]
    if tag == "head":
        rend = (el.get("rend") or "").lower()
        if len(rend) == 2 and rend[0] == "h" and rend[1].isdigit():
            return max(1, min(6, int(rend[1])))
        return 2
    return None


def collapse(text: str) -> str:
    """One-line display text: whitespace runs (incl. NBSP, ideographic space) → one space.
    (Icon-font glyphs are gone before parsing: `reader.parse_html`.)"""
    if "\u200b" in text:
        text = text.replace("\u200b", "")
    return " ".join(strip_controls(text).split())


class _Builder:
    """Accumulates inline text and flushes it as a block of the current kind."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.parts: list[str] = []

    def add(self, text: str | None) -> None:
        if text:
            self.parts.append(text)

    def flush(self, kind: BlockKind, level: int = 0) -> None:
        raw = "".join(self.parts)
        self.parts = []
        if kind == "code":
            text = strip_controls(raw.replace(BR, "\n")).strip("\n")
            if text.strip():
                self.blocks.append(Block("code", text.replace("\t", "    ")))
            return
        if BR not in raw:  # the common case, kept cheap for 5 MB pages
            text = collapse(raw)
            if text:
                self.blocks.append(Block(kind, text, level=level))
            return
        for chunk in _PARA_BREAK.split(raw):
            lines = [line for line in (collapse(part) for part in chunk.split(BR)) if line]
            if not lines:
                continue
            if kind == "paragraph" and len(lines) > 1 and _prose_lines(lines):
                # "段落一<br>段落二<br>…": <br> used between paragraphs, not inside one
                self.blocks.extend(Block(kind, line, level=level) for line in lines)
            else:
                self.blocks.append(Block(kind, "\n".join(lines), level=level))


def _weight(line: str) -> int:
    """Visible width: a CJK character is about two Latin ones."""
    return len(line) + sum(1 for ch in line if ch >= "\u2e80")


def _prose_lines(lines: list[str]) -> bool:
    """Lines long enough, on average, to be paragraphs (a poem or an address has short ones)."""
    return sum(_weight(line) for line in lines) >= 60 * len(lines)


def _walk_inline(el: Any, out: list[str]) -> None:
    if el.text:
        out.append(el.text)
    for child in el:
        tag = _tag(child)
        if tag in ("br", "lb"):
            out.append(BR)
        elif tag and tag not in _SKIP:
            _walk_inline(child, out)
        if child.tail:
            out.append(child.tail)


def element_blocks(root: Any) -> list[Block]:
    """Blocks for everything under `root` (trafilatura XML or HTML), in document order."""
    builder = _Builder()
    try:
        _walk(root, builder, "paragraph", 0, 0)
    except RecursionError:  # thousands of nested elements: keep the text, lose the structure
        return flat_blocks(root)
    builder.flush("paragraph")
    return builder.blocks


def flat_blocks(root: Any) -> list[Block]:
    """One paragraph per text node, without recursion: the last resort for absurd nesting."""
    blocks: list[Block] = []
    for node in root.iter():
        tag = _tag(node)
        for text in (node.text if tag and tag not in _SKIP else None, node.tail):
            if text:
                clean = collapse(text)
                if clean:
                    blocks.append(Block("paragraph", clean))
    return blocks


def _walk(el: Any, b: _Builder, kind: BlockKind, level: int, list_depth: int) -> None:
    """Walk a container: inline content accumulates; a block child flushes around itself."""
    if el.text:
        b.add(el.text)
    for child in el:
        tag = _tag(child)
        if not tag or tag in _SKIP:
            if child.tail:
                b.add(child.tail)
            continue
        if tag in ("br", "lb"):
            b.add(BR)
        elif tag == "code" and _inline_code(child, tag, el):
            _walk_inline_into(child, b)
        elif tag == "code":
            b.flush(kind, level)
            _block(child, tag, b, kind, level, list_depth)
        elif tag == "hr":
            b.flush(kind, level)
        elif tag not in _HTML_BLOCK:
            _walk_inline_into(child, b)
        else:
            b.flush(kind, level)
            _block(child, tag, b, kind, level, list_depth)
        if child.tail:
            b.add(child.tail)
    # the caller flushes


def _walk_inline_into(el: Any, b: _Builder) -> None:
    """An inline element that may still hide block children (a <span> holding <p>s)."""
    if any(_tag(c) in _HTML_BLOCK for c in el.iter() if c is not el):
        if el.text:
            b.add(el.text)
        for child in el:
            tag = _tag(child)
            if not tag or tag in _SKIP:
                pass
            elif tag in ("br", "lb"):
                b.add(BR)
            elif tag in _HTML_BLOCK:
                b.flush("paragraph")
                _block(child, tag, b, "paragraph", 0, 0)
            else:
                _walk_inline_into(child, b)
            if child.tail:
                b.add(child.tail)
        return
    out: list[str] = []
    _walk_inline(el, out)
    b.add("".join(out))


def _block(el: Any, tag: str, b: _Builder, kind: BlockKind, level: int, list_depth: int) -> None:
    hl = heading_level(el)
    if hl is not None:
        out: list[str] = []
        _walk_inline(el, out)
        text = collapse("".join(out))
        if text:
            b.blocks.append(Block("heading", text, level=hl))
        return
    if tag in ("pre", "code") and (tag == "pre" or not _has_block_child(el)):
        out = []
        _walk_inline(el, out)
        b.add("".join(out))
        b.flush("code")
        return
    if tag in ("ul", "ol", "dl", "list"):
        _walk(el, b, "list_item", list_depth + 1, list_depth + 1)
        b.flush("list_item", list_depth + 1)
        return
    if tag in ("li", "item", "dt", "dd"):
        depth = max(1, list_depth)
        _walk(el, b, "list_item", depth, depth)
        b.flush("list_item", depth)
        return
    if tag in ("blockquote", "quote"):
        _walk(el, b, "quote", 0, list_depth)
        b.flush("quote")
        return
    if tag in ("tr", "row") and not any(_has_block_child(c) for c in el):
        cells = [collapse(_text_of(c)) for c in el if _tag(c) in ("td", "th", "cell")]
        cells = [c for c in cells if c]
        if cells:
            b.blocks.append(Block("paragraph", " | ".join(cells)))
        return
    if tag == "graphic":
        return
    _walk(el, b, kind, level, list_depth)
    b.flush(kind, level)


def _inline_code(el: Any, tag: str, parent: Any) -> bool:
    """`<code>` in a sentence ("run <code>cargo</code> now") is a word, not a code block."""
    if _tag(parent) in _INLINE_CONTEXT:
        return True
    text = "".join(el.itertext())
    if "\n" in text.strip("\n"):
        return False
    prev = el.getprevious()
    before = prev.tail if prev is not None else parent.text
    return bool((before or "").strip() or (el.tail or "").strip())


def _has_block_child(el: Any) -> bool:
    return any(_tag(c) in _HTML_BLOCK for c in el.iter() if c is not el)


def _text_of(el: Any) -> str:
    out: list[str] = []
    _walk_inline(el, out)
    return "".join(out)
