"""Main-content extraction: which parts of a web page are the article.

The pipeline (`extract_blocks`):
1. `prepare_tree`: what no extractor should see as text goes first (ruby readings, embedded
   social posts, hidden elements, permalink glyphs in headings).
2. trafilatura (reader comments off, headings/lists/tables kept): the most precise base.
3. merged with readability's container result (`html_merge`): leads, captions and passages
   trafilatura dropped come back, chrome does not.
4. repaired from the page (`html_repair`): an article body split into sibling containers
   is read whole; section headings trafilatura dropped are put back for the outline.
5. very large pages (hundreds of KB of text) skip 2-4 for a single-pass extractor
   (`html_dom.prose_container_blocks`): trafilatura's cost grows faster than the page.

lxml and trafilatura are imported inside the functions: importing this module is cheap.
"""

from __future__ import annotations

import re
from copy import deepcopy
from typing import Any

from tuireader.article import Block
from tuireader.ingest.html.blocks import element_blocks
from tuireader.ingest.html.dom import prose_container_blocks
from tuireader.ingest.html.merge import merge
from tuireader.ingest.html.repair import continuation_blocks, restore_headings

#: Embedded social posts (a quoted tweet, an Instagram card) are not the article's text.
_EMBED_CLASSES = re.compile(
    r"\b(?:twitter-tweet|twitter-timeline|instagram-media|tiktok-embed|fb-post|reddit-embed|"
    r"bluesky-embed|mastodon-embed)\b"
)


_EMBED_XPATH = "//*[@class][" + " or ".join(
    f"contains(@class, '{name}')"
    for name in ("twitter-tweet", "twitter-timeline", "instagram-media", "tiktok-embed", "fb-post",
                 "reddit-embed", "bluesky-embed", "mastodon-embed")
) + "]"
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_PERMALINK_GLYPHS = {"", "¶", "#", "§", "🔗", "∞", "⚓", "link", "Permalink"}


def prepare_tree(tree: Any) -> None:
    """Remove what no extractor should ever see as text: ruby readings (漢字 not 漢字かんじ),
    embedded social-media posts, hidden elements, permalink glyphs in headings.

    The candidates are found by XPath (in C), so a 5 MB page does not pay a Python loop over
    every element. `drop_tree` keeps each removed element's tail text.
    """
    for el in tree.xpath("//rt | //rp"):
        el.drop_tree()  # the tail is the next base characters
    for el in tree.xpath(_EMBED_XPATH):
        if _EMBED_CLASSES.search(el.get("class") or "") and el.getparent() is not None:
            el.drop_tree()
    # What the page never shows (hidden attribute, display:none): no reader sees it either.
    for el in tree.xpath("//body//*[@hidden or @style]"):
        style = el.get("style")
        if el.get("hidden") is not None or (style and _HIDDEN_STYLE.search(style)):
            if el.tag != "input" and el.getparent() is not None:
                el.drop_tree()
    # Permalink glyphs in headings ("Setup¶", "Setup #"): anchors to themselves, not title text.
    for a in tree.xpath("//a[starts-with(@href, '#')][ancestor::h1 or ancestor::h2 or ancestor::h3"
                        " or ancestor::h4 or ancestor::h5 or ancestor::h6]"):
        if a.text_content().strip() in _PERMALINK_GLYPHS and a.getparent() is not None:
            a.drop_tree()


def trafilatura_blocks(tree: Any) -> list[Block]:
    """trafilatura's main content as blocks (headings, lists, quotes, code and tables kept)."""
    import trafilatura

    try:
        doc = trafilatura.bare_extraction(
            tree,
            output_format="xml",
            include_comments=False,
            include_formatting=True,
            include_tables=True,
            include_images=False,
            include_links=False,
            with_metadata=False,
        )
    except (ValueError, TypeError, AssertionError, RecursionError):  # its own input checks
        return []
    body = getattr(doc, "body", None)
    if body is None:
        return []
    return element_blocks(body)


def readability_blocks(tree: Any) -> list[Block]:
    """The best-scoring container (readability's algorithm) as blocks."""
    import lxml.html
    from trafilatura.readability_lxml import Document

    try:
        summary = Document(deepcopy(tree), min_text_length=25).summary()
        if not summary or not summary.strip():
            return []
        body = lxml.html.document_fromstring(summary).find(".//body")
    except Exception:  # noqa: BLE001 - a fallback must never break the primary result
        return []
    return element_blocks(body) if body is not None else []


def extract_blocks(tree: Any, *, large: bool = False) -> list[Block]:
    """The article body of a parsed HTML page (already through `prepare_tree`), as blocks.

    `large`: the page holds so much text (hundreds of KB) that only the single-pass extractor
    keeps parsing under the time budget; on such pages the article dominates anyway.
    """
    if large:
        return prose_container_blocks(tree)
    primary = trafilatura_blocks(tree)  # trafilatura works on its own copy
    merged = merge(primary, readability_blocks(tree))
    if primary:
        merged = merge(merged, continuation_blocks(tree, primary), lead=False)
    if not merged:
        return prose_container_blocks(tree)
    return restore_headings(tree, merged)
