"""Saved web page (bytes) → `Article`: decode, parse, extract the article, keep its structure.

Steps, each in its own module:
- decoding (here, with the shared `encoding` module): BOM, then the charset the page
  declares *if the bytes agree*, else a detector. Pages lie: qq.com declares gb2312 and
  serves UTF-8; a Wayback toolbar declares utf-8 around a GB2312 page.
- main content (`html_extract`): trafilatura, completed from readability's container
  (`html_merge`) and from the page itself (`html_repair`); a single-pass extractor
  (`html_dom`) for pages with hundreds of KB of text.
- blocks (`html_blocks`): headings, paragraphs, list items, quotes, code, table rows.
- title, metadata, prev/next (`html_metadata`); field lines and widgets (`html_cleanup`).

lxml and trafilatura are imported inside `parse_html`, never when `tuireader.ingest` is
imported: reading a .txt file must not pay for them.
"""

from __future__ import annotations

import codecs
import re
from typing import Any

from tuireader.article import Article, Block, OutlineEntry, title_from_path
from tuireader.errors import IngestError
from tuireader.ingest.sanitize import clean_inline

_META_CHARSET = re.compile(rb"<meta[^>]*?charset\s*=\s*[\"']?\s*([a-z0-9_\-:.]+)", re.IGNORECASE)
_TAG = re.compile(r"<[a-zA-Z!?/]")
_XML_PROLOG = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
#: How far into the file we look for a declaration (real pages put <meta> late).
_SNIFF_BYTES = 64 * 1024


def declared_charset(head: bytes) -> str | None:
    """The charset the page declares (XML prolog, meta charset, http-equiv), as written.

    The shared sniffer reads the first 16 KB; pages with a long `<head>` declare later, so we
    look further before giving up.
    """
    from tuireader.ingest.encoding import sniff_declared_charset

    found = sniff_declared_charset(head)
    if found:
        return found
    for m in _META_CHARSET.finditer(head[:_SNIFF_BYTES]):
        label = m.group(1).decode("ascii", "ignore").lower()
        try:
            codecs.lookup(label)
        except LookupError:
            continue
        return label
    return None


def decode_html(data: bytes, path: str) -> tuple[str, str]:
    """(text, encoding name). The declared charset is verified by the shared decoder: a page
    declaring gb2312 whose bytes are valid UTF-8 is UTF-8; a wrong declaration falls back to
    detection; never a lossy decode just because a meta tag says so."""
    from tuireader.ingest.encoding import decode_bytes

    return decode_bytes(data, path, declared_charset(data[:_SNIFF_BYTES]))


def _parse_tree(text: str) -> Any:
    """lxml HTML tree of the page, or None for a page without any element."""
    import lxml.etree
    import lxml.html

    text = _XML_PROLOG.sub("", text, count=1)
    if not text.strip():
        return None
    parser = lxml.html.HTMLParser(huge_tree=True, remove_comments=True, remove_pis=True)
    try:
        tree = lxml.html.document_fromstring(text, parser=parser)
    except (lxml.etree.ParserError, ValueError):
        return None
    return tree


_PRIVATE_USE = re.compile("[\ue000-\uf8ff]")
#: Pages with more visible text than this take the single-pass extractor (see html_extract).
LARGE_TEXT_CHARS = 200_000
_HEAD_CHARS = 200_000


def _is_large(tree: Any) -> bool:
    """True when the page carries so much running text that trafilatura would be too slow."""
    body = tree.find(".//body")
    if body is None:
        return False
    visible = int(body.xpath("string-length(.)"))  # one C-level pass
    for el in body.iter("script", "style", "noscript", "template"):
        visible -= len(el.text or "")
    return visible >= LARGE_TEXT_CHARS


def parse_html(data: bytes, *, path: str) -> Article:
    """Parse a saved web page. Raises `IngestError` (one line) for binary/undecodable bytes."""
    from tuireader.ingest.html.cleanup import clean_blocks
    from tuireader.ingest.html.extract import extract_blocks, prepare_tree
    from tuireader.ingest.html.metadata import choose_title, neighbour_links, page_metadata

    text, encoding = decode_html(data, path)  # already free of control characters
    if not _TAG.search(text, 0, _SNIFF_BYTES):
        # No markup at all: a text file with an .html name. HTML rules would run its
        # paragraphs together; the text reader keeps them.
        from tuireader.ingest.text import parse_text

        return parse_text(text, path=path, encoding=encoding)
    article = Article(title=title_from_path(path), path=path, format="html", encoding=encoding)
    head = text[:_HEAD_CHARS] if len(text) >= LARGE_TEXT_CHARS else None
    if _PRIVATE_USE.search(text):  # icon-font glyphs: a picture in a browser, tofu in a terminal
        text = _PRIVATE_USE.sub("", text)
    page_tools = "edit" in text or "toc" in text  # wiki [edit] links, TOC boxes: see prepare_tree
    tree = _parse_tree(text)
    del text  # a 5 MB page: the tree is what we need from here on (peak memory)
    if tree is None:
        return article
    large = head is not None and _is_large(tree)
    try:
        prepare_tree(tree, page_tools=page_tools)
        # On a huge page the head and the top hold the metadata; the rest only costs time.
        meta_tree = _parse_tree(head) if large and head else tree
        metadata, site = page_metadata(meta_tree if meta_tree is not None else tree)
        article.prev, article.next = neighbour_links(tree)
        blocks = extract_blocks(tree, large=large)
        opening = _opening_heading(blocks)
        title = choose_title(tree, site, opening.text if opening else "", opening.level if opening else 0)
    except RecursionError:
        raise IngestError(path, "HTML is nested too deeply to read") from None
    if title:
        article.title = clean_inline(title)
    blocks = _drop_title_block(blocks, article.title)
    if title and not large:
        from tuireader.ingest.html.standfirst import standfirst_blocks

        blocks = standfirst_blocks(tree, title, blocks) + blocks
    article.metadata = metadata
    article.blocks = clean_blocks(blocks, metadata)
    _demote_sentence_headings(article.blocks)
    _normalise_headings(article.blocks)
    article.outline = build_outline(article.blocks)
    return article


def _opening_heading(blocks: list[Block]) -> Block | None:
    """The top heading (h1 before h2) among the headings that open the article, if any."""
    run = []
    for block in blocks:
        if block.kind != "heading":
            break
        run.append(block)
    run = [b for b in run if b.level <= 2]
    return min(run, key=lambda b: b.level) if run else None


def _same(a: str, b: str) -> bool:
    return "".join(a.split()).lower() == "".join(b.split()).lower()


def _drop_title_block(blocks: list[Block], title: str) -> list[Block]:
    """The heading (or leading line) that repeats the title is the title, not an outline entry;
    so is an opening heading that only adds a kicker to it ("Chapter 6 - <title>")."""
    key = "".join(title.split()).lower()
    out = list(blocks)
    i = 0
    while i < min(3, len(out)):
        block = out[i]
        text = "".join(block.text.split()).lower()
        same = block.kind in ("heading", "paragraph") and text == key
        if same or (block.kind == "heading" and key and key in text and len(key) >= 0.5 * len(text)):
            if block.kind == "heading" and all(b.kind == "heading" for b in out[:i]):
                # Headings above the headline ("Suche", "Sie sind hier:") label the page's
                # search box and breadcrumb, not sections of the article.
                del out[: i + 1]
                i = 0
                continue
            del out[i]
            continue
        i += 1
    return out


#: A heading this long (CJK characters count double) that reads as a sentence is a paragraph.
_SENTENCE_HEADING = 80
_SENTENCE_END = (".", "。", "!", "！", "?", "？", "…", "»", "”", '"')


def _visible(text: str) -> int:
    return sum(2 if "\u3000" <= ch <= "\u9fff" or "\uac00" <= ch <= "\ud7af" else 1 for ch in text if not ch.isspace())


def _demote_sentence_headings(blocks: list[Block]) -> None:
    """A standfirst set as `<h2>` under the headline, or a sentence a site styled as a heading,
    is a paragraph, not a section: long, and either before any paragraph (the standfirst) or a
    sentence with a clause break that ends like one. Long real section titles ("Annexe : Place
    des français … de notre étude") neither open the article nor end with a full stop."""
    seen_text = False
    for block in blocks:
        if block.kind != "heading":
            seen_text = seen_text or block.kind == "paragraph"
            continue
        text = block.text.strip()
        if _visible(text) < _SENTENCE_HEADING:
            continue
        sentence = text.endswith(_SENTENCE_END) and any(p in text for p in (", ", "，", "、", "; "))
        if not seen_text or sentence:
            block.kind, block.level = "paragraph", 0


def _normalise_headings(blocks: list[Block]) -> None:
    """Rank the heading levels present (h2,h4 → 1,2): the top section level becomes 1."""
    levels = sorted({b.level for b in blocks if b.kind == "heading"})
    rank = {lvl: i + 1 for i, lvl in enumerate(levels)}
    for b in blocks:
        if b.kind == "heading":
            b.level = rank[b.level]


_NUMBERING = re.compile(
    r"^\s*(?:"
    r"(?:第\s*(?P<ord>[0-9一二三四五六七八九十百千零〇两]+)\s*[章节節回卷部篇編编])"
    r"|(?:[（(](?P<paren>[0-9一二三四五六七八九十]+)[)）])"
    r"|(?:(?P<cjk>[一二三四五六七八九十百]+)\s*[、．.])"
    r"|(?:(?P<dec>\d{1,2}(?:[.．]\d{1,3})*)(?:[.．、)]|\s)(?!\d))"
    r"|(?:(?:chapter|part|section)\s+(?P<word>[0-9ivxlc]+)\b[.:]?)"
    r")\s*",
    re.IGNORECASE,
)


def split_number(text: str) -> tuple[str | None, str]:
    """"1.2 Setup" → ("1.2", "Setup"); "（三）加强…" → ("三", "加强…"); no numbering → (None, text)."""
    m = _NUMBERING.match(text)
    if not m:
        return None, text
    number = next(g for g in m.groupdict().values() if g)
    rest = text[m.end():].strip()
    if not rest:
        return None, text
    return number, rest


def build_outline(blocks: list[Block]) -> list[OutlineEntry]:
    """One outline entry per heading block, its numbering split off the title."""
    outline: list[OutlineEntry] = []
    for i, block in enumerate(blocks):
        if block.kind != "heading":
            continue
        number, title = split_number(block.text)
        block.number = number
        outline.append(OutlineEntry(level=block.level, number=number, title=title, block=i))
    return outline
