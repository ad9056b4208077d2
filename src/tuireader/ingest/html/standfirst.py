"""The standfirst: the sentence or two a news page sets under its headline, outside the body.

Sites put it in the article's `<header>` (`<p class="css-…">` under the `<h1>`), or as an
`<h2 class="article-subheadline">` right after it; main-content extractors start at the
body container and lose it. It is the article's first paragraph for a reader.

Looked for only next to the headline: the `<h1>` whose text is the chosen title, its
following siblings and theirs at the parent's level, up to the first text the extraction
already has. What qualifies reads as prose (a sentence, not a kicker, byline, date or link
list) and sits outside page furniture.
"""

from __future__ import annotations

import re
from typing import Any

from tuireader.article import Block
from tuireader.ingest.html.dom import is_furniture
from tuireader.ingest.html.merge import compact

#: A standfirst is at least this long (CJK characters count double) and at most this long.
MIN_CHARS = 60
MAX_CHARS = 700
#: Elements looked at after the headline before giving up.
_LOOKAHEAD = 12
_PROSE_END = tuple(".!?。！？…\"”»)）")
_NOT_PROSE = ("script", "style", "noscript", "template", "iframe", "select", "option", "form", "input", "button",
              "figure", "figcaption", "img", "picture", "video")
_MEDIA = re.compile(r"caption|credit|photo|image|media|gallery|figure", re.I)


def _weight(text: str) -> int:
    return sum(2 if "\u3000" <= ch <= "\u9fff" else 1 for ch in text)


def _headline(tree: Any, title: str) -> Any:
    key = compact(title).lower()
    if not key:
        return None
    h1s = [h1 for h1 in tree.iter("h1") if compact(h1.text_content())]
    for h1 in h1s:
        text = compact(h1.text_content()).lower()
        if text == key or (key in text and len(key) >= 0.6 * len(text)):
            return h1
    return h1s[0] if len(h1s) == 1 else None  # the page's one headline, worded otherwise


def _candidates(h1: Any) -> list[Any]:
    """Elements after the headline: its following siblings, then its parent's."""
    out: list[Any] = []
    node = h1
    for _ in range(3):  # the headline's level, its container's, and the header's
        for sib in node.itersiblings():
            if isinstance(sib.tag, str):
                out.append(sib)
            if len(out) >= _LOOKAHEAD:
                return out
        node = node.getparent()
        if node is None or node.tag in ("body", "html"):
            break
    return out


def _prose(el: Any) -> str:
    if el.tag not in ("p", "h2", "h3", "div", "span") or is_furniture(el):
        return ""
    if el.tag in ("div", "span") and any(isinstance(c.tag, str) and c.tag in ("p", "div", "ul", "ol", "table", "h2", "h3")
                                         for c in el):
        return ""
    if next(el.iter(*_NOT_PROSE), None) is not None or _MEDIA.search(f"{el.get('class') or ''} {el.get('id') or ''}"):
        return ""  # a widget (an ad loader's script, a brand <select>) or a photo and its caption
    parent = el.getparent()
    if parent is not None and (parent.tag in ("figure", "figcaption") or _MEDIA.search(parent.get("class") or "")):
        return ""
    text = " ".join(el.text_content().split())
    size = _weight(compact(text))
    if not MIN_CHARS <= size <= MAX_CHARS or not text.endswith(_PROSE_END) and size < 2 * MIN_CHARS:
        return ""
    links = sum(len(compact(a.text_content())) for a in el.iter("a"))
    return "" if links > 0.3 * len(compact(text)) else text


def standfirst_blocks(tree: Any, title: str, blocks: list[Block]) -> list[Block]:
    """The standfirst paragraph(s) the extraction lacks, to put before its first block."""
    h1 = _headline(tree, title)
    if h1 is None or not blocks:
        return []
    have = "".join(compact(b.text) for b in blocks)
    first = next((compact(b.text)[:30] for b in blocks if b.kind != "heading" and compact(b.text)), "")
    found: list[Block] = []
    for el in _candidates(h1):
        whole = compact(el.text_content())
        if first and first in whole:
            break  # the body the extraction starts with
        text = _prose(el)
        if not text and el.tag in ("div", "dd", "section", "header"):
            # A summary box: its first leaf paragraph ("lemma-summary > div.para").
            leaf = next((d for d in el.iter("p", "div") if d is not el and _prose(d)), None)
            text = _prose(leaf) if leaf is not None else ""
        if text and compact(text) not in have:
            found.append(Block("paragraph", text))
            if len(found) == 2:
                break
    return found
