"""Main-content extraction: which parts of a web page are the article.

The pipeline (`extract_blocks`):
1. `prepare_tree`: what no extractor should see as text goes first (ruby readings, embedded
   social posts, hidden elements, permalink glyphs in headings).
2. trafilatura (reader comments off, headings/lists/tables kept): the most precise base.
3. merged with readability's container result (`html_merge`): leads, captions and passages
   trafilatura dropped come back, chrome does not; a trailing page column trafilatura ran
   into (headings over short lines the container does not have) goes (`trim_tail`).
4. repaired from the page (`html_repair`): an article body split into sibling containers
   is read whole; section headings trafilatura dropped are put back for the outline.
5. very large pages (hundreds of KB of text) skip 2-4 for a single-pass extractor
   (`html_dom.prose_container_blocks`): trafilatura's cost grows faster than the page.
6. an extraction that comes out tiny is completed from the larger of readability's container
   and the page's densest text region (`complete_tiny`), never left empty.

lxml and trafilatura are imported inside the functions: importing this module is cheap.
"""

from __future__ import annotations

import re
from copy import deepcopy
from typing import Any

from tuireader.article import Block
from tuireader.ingest.html.blocks import element_blocks
from tuireader.ingest.html.dom import prose_container_blocks
from tuireader.ingest.html.merge import (
    LEAD_MIN_CHARS,
    compact,
    is_prose,
    merge,
    text_size,
    trim_tail,
)
from tuireader.ingest.html.repair import continuation_blocks, restore_headings

#: Embedded social posts (a quoted tweet, an Instagram card) are not the article's text.
_EMBED_CLASSES = re.compile(
    r"\b(?:twitter-timeline|instagram-media|tiktok-embed|fb-post|reddit-embed|"
    r"bluesky-embed|mastodon-embed)\b"
)


_EMBED_XPATH = "//*[@class][" + " or ".join(
    f"contains(@class, '{name}')"
    for name in ("twitter-timeline", "instagram-media", "tiktok-embed", "fb-post",
                 "reddit-embed", "bluesky-embed", "mastodon-embed")
) + "]"
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_PERMALINK_GLYPHS = {"", "¶", "#", "§", "🔗", "∞", "⚓", "link", "Permalink"}


_TOOLS_XPATH = ("//body//*[@class or @id or @href][contains(@class, 'edit') or contains(@class, 'toc')"
                " or @id='toc' or @id='mw-toc' or contains(@href, 'action=edit')]")
_EDIT_CLASS = re.compile(r"editsection|(?:^|[\s_-])edit(?:-?(?:icon|link|section|lemma))?(?:$|[\s_])", re.I)
_EDIT_WORDS = re.compile(r"^[\[(]?\s*(?:edit|edit source|编辑|編輯|編集|bearbeiten|quelltext bearbeiten|modifier|"
                         r"modifier le code|editar|modifica|bewerken|редактировать|править)\s*[\])]?$", re.I)
_TOC_MARK = re.compile(r"(?:^|\s)(?:toc|mw-toc|table-of-contents|toc-box|toc_container)(?:$|\s)", re.I)


def _is_edit_link(el: Any) -> bool:
    """A wiki's "[edit]" control: marked as one by class or link, with only that word as text."""
    marked = bool(_EDIT_CLASS.search(el.get("class") or "")) or (
        el.tag == "a" and "action=edit" in (el.get("href") or ""))
    if not marked:
        return False
    text = " ".join(el.text_content().split())
    return not text or bool(_EDIT_WORDS.match(text))


def prepare_tree(tree: Any, *, page_tools: bool = True) -> None:
    """Remove what no extractor should ever see as text: ruby readings (漢字 not 漢字かんじ),
    embedded social-media posts, hidden elements, wiki "[edit]" links and TOC boxes,
    permalink glyphs in headings.

    The candidates are found by XPath (in C), so a 5 MB page does not pay a Python loop over
    every element; `page_tools` False (the page's text never says "edit" or "toc") skips
    the wiki-tools pass. `drop_tree` keeps each removed element's tail text.
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
    # "[edit]" links beside wiki headings (MediaWiki's editsection, Baike's 编辑 icon link) and
    # a wiki's table-of-contents box: page tools and navigation, never heading or body text.
    for el in tree.xpath(_TOOLS_XPATH) if page_tools else ():  # one pass for both
        if el.getparent() is None:
            continue
        if _TOC_MARK.search(f"{el.get('id') or ''} {el.get('class') or ''}") or _is_edit_link(el):
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
        single = prose_container_blocks(tree)
        if text_size(single) >= TINY_EXTRACTION:
            return single
        # The single pass found no prose container (text in many small boxes, a page that is
        # mostly script data): the full pipeline is slower but not empty.
    primary = trafilatura_blocks(tree)  # trafilatura works on its own copy
    container = readability_blocks(tree)
    merged = merge(trim_tail(primary, container), container)
    if primary:
        merged = merge(merged, continuation_blocks(tree, primary), lead=False)
    if text_size(merged) < TINY_EXTRACTION:
        merged = complete_tiny(tree, merged, container)
    if not merged:
        return prose_container_blocks(tree)
    return restore_headings(tree, merged)


#: An extraction under this many characters (no white space) may have missed the article:
#: a paywalled page's preview paragraph, a body in a container trafilatura scored as chrome.
TINY_EXTRACTION = 300
#: It is completed when another reading of the page holds this many times more text.
FALLBACK_RATIO = 3


def complete_tiny(tree: Any, blocks: list[Block], container: list[Block]) -> list[Block]:
    """A (nearly) empty extraction completed, never left empty: first with the prose of
    readability's container that the extraction lacks (a paywalled page's preview paragraph
    under its headline and teaser); failing that, with the page's densest text region when
    it holds several times more text. What the extraction has stays first.

    Only pages whose extraction came out tiny pay for the densest-region pass."""
    have = "".join(compact(b.text) for b in blocks)
    size = len(have)
    missing = [b for b in container if is_prose(b, LEAD_MIN_CHARS) and compact(b.text) not in have]
    if text_size(missing) >= max(size, 1):
        return blocks + missing
    densest = prose_container_blocks(tree)
    if text_size(densest) <= FALLBACK_RATIO * max(size, 1):
        return blocks
    return blocks + [b for b in densest if compact(b.text) and compact(b.text) not in have]
