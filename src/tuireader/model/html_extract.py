"""Main-content extraction: which parts of a web page are the article.

Why two extractors: trafilatura (with reader comments off) is the most precise extractor we
measured, but it sometimes stops half-way through an article whose body is split around an
inline block (a promo box, a figure wrapper), and loses the second half. A readability-style
scorer (trafilatura ships a port of readability-lxml) picks the best *container* instead of
filtering paragraphs, so it keeps such articles whole but over-includes on other pages. We
take trafilatura's result, and switch to the container result only when trafilatura's text
looks truncated: the container text is clearly longer *and* contains nearly all of
trafilatura's text (so it is the same article, more complete, not a different page region).

Both run on a tree we prepared ourselves (`prepare_tree`): ruby readings removed, so neither
can glue furigana into the text.

lxml and trafilatura are imported inside the functions: importing this module is free.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from copy import deepcopy
from typing import Any

from tuireader.model.article import Block
from tuireader.model.html_blocks import collapse, element_blocks

#: The container result must contain this share of trafilatura's text to be the same article.
SAME_TEXT_SHARE = 0.8
#: A lead paragraph (before trafilatura's first block) is restored from this many characters.
LEAD_MIN_CHARS = 40
#: A run of blocks after the start is restored only when its prose paragraphs (each at least
#: BODY_MIN_CHARS long) add up to LOST_SHARE of trafilatura's text: a lost section, not chrome.
BODY_MIN_CHARS = 80
LOST_SHARE = 0.15
_DROP_TAGS = ("rt", "rp")


#: Embedded social posts (a quoted tweet, an Instagram card) are not the article's text.
_EMBED_CLASSES = re.compile(
    r"\b(?:twitter-tweet|twitter-timeline|instagram-media|tiktok-embed|fb-post|reddit-embed|"
    r"bluesky-embed|mastodon-embed)\b"
)


_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_PERMALINK_GLYPHS = {"", "¶", "#", "§", "🔗", "∞", "⚓", "link", "Permalink"}


def prepare_tree(tree: Any) -> None:
    """Remove what no extractor should ever see as text: ruby readings (漢字 not 漢字かんじ)
    and embedded social-media posts."""
    for tag in _DROP_TAGS:
        for el in list(tree.iter(tag)):
            el.drop_tree()  # keeps the tail text (the next base characters)
    for el in list(tree.iter("blockquote", "div")):
        cls = el.get("class")
        if cls and _EMBED_CLASSES.search(cls) and el.getparent() is not None:
            el.drop_tree()
    # What the page never shows (hidden attribute, display:none): no reader sees it either.
    for el in list(tree.iter()):
        if not isinstance(el.tag, str) or el.tag in ("html", "body", "input"):
            continue
        style = el.get("style")
        if el.get("hidden") is not None or (style and _HIDDEN_STYLE.search(style)):
            if el.getparent() is not None:
                el.drop_tree()
    # Permalink glyphs in headings ("Setup¶", "Setup #"): anchors to themselves, not title text.
    for heading in list(tree.iter("h1", "h2", "h3", "h4", "h5", "h6")):
        for a in list(heading.iter("a")):
            href = a.get("href") or ""
            if href.startswith("#") and a.text_content().strip() in _PERMALINK_GLYPHS:
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


def _norm(text: str) -> str:
    return "".join(text.split())


def _size(blocks: list[Block]) -> int:
    return sum(len(_norm(b.text)) for b in blocks)


_SENTENCE_END = tuple(".!?。！？…\"”»)）」』")


def _is_prose(block: Block, min_len: int, *, lists: bool = False) -> bool:
    """A paragraph that reads as text, not a label: long enough, and ending like a sentence
    unless it is long (a caption followed by its credit line). List items count when `lists`."""
    if block.kind not in ("paragraph", "quote") and not (lists and block.kind == "list_item"):
        return False
    text = block.text.rstrip()
    size = len(_norm(text))
    return size >= min_len and (text.endswith(_SENTENCE_END) or size >= 2.5 * min_len)


def merge(primary: list[Block], fallback: list[Block], *, lead: bool = True) -> list[Block]:
    """trafilatura's blocks, completed with what the container result has and it lost.

    The fallback's blocks are matched against the primary text in document order. Runs of
    unmatched fallback blocks are added back where they belong:
    - before the first match: lead paragraphs and captions (a standfirst trafilatura skipped),
      when they read as prose;
    - between or after matches: only when the run is substantial prose (a lost half of the
      article), never a trail of short list items or notes (site chrome at the end).
    Nothing is merged when the two results do not describe the same text.
    """
    if not primary:
        return fallback
    if not fallback:
        return primary
    concat_parts = [_norm(b.text) for b in primary]
    starts: list[int] = []
    pos = 0
    for part in concat_parts:
        starts.append(pos)
        pos += len(part)
    concat = "".join(concat_parts)
    total = len(concat)
    # Locate each fallback block in the primary text, moving forward only.
    located: list[int | None] = []
    cursor = 0
    covered = 0
    for block in fallback:
        t = _norm(block.text)
        if not t:
            located.append(None)
            continue
        window = max(20000, 4 * len(t))
        hit = concat.find(t, cursor, cursor + window + len(t))
        if hit < 0 and len(t) >= 20:
            hit = concat.find(t, 0, cursor)  # a block the primary put earlier
            if hit >= 0:
                covered += len(t)
                located.append(bisect_right(starts, hit) - 1)
                continue
        if hit < 0:
            located.append(None)
            continue
        covered += len(t)
        cursor = hit + len(t)
        located.append(bisect_right(starts, hit) - 1)
    if total == 0 or covered < SAME_TEXT_SHARE * total:
        return primary
    inserts: dict[int, list[Block]] = {}  # primary index to insert before → blocks
    i = 0
    n = len(fallback)
    first_match = next((k for k, loc in enumerate(located) if loc is not None), n)
    while i < n:
        if located[i] is not None:
            i += 1
            continue
        j = i
        while j < n and located[j] is None:
            j += 1
        run = fallback[i:j]
        keep: list[Block] = []
        if i < first_match:
            keep = [b for b in run if _is_prose(b, LEAD_MIN_CHARS)] if lead else []
            at = 0
        else:
            interior = j < n and any(loc is not None for loc in located[j:])
            # Between two passages both extractors kept, a described list (a manual's menu
            # reference) is article text as much as a paragraph is.
            prose_at = [k for k, b in enumerate(run) if _is_prose(b, BODY_MIN_CHARS, lists=interior)]
            prose_size = sum(len(_norm(run[k].text)) for k in prose_at)
            if interior:  # both extractors agree on the text around it: a dropped passage
                substantial = bool(prose_at)
            else:  # after trafilatura's end: only a clearly lost second half
                substantial = prose_size >= LOST_SHARE * total and len(prose_at) >= 2
            # The lost text from its first to its last prose block, with the headings that
            # open it: headings and lists inside are the article's; labels at its edges are not.
            if substantial:
                start = prose_at[0]
                while start > 0 and run[start - 1].kind == "heading":
                    start -= 1
                keep = run[start : prose_at[-1] + 1]
            prev = next(located[k] for k in range(i - 1, -1, -1) if located[k] is not None)
            at = (prev or 0) + 1
        if keep:
            inserts.setdefault(at, []).extend(keep)
        i = j
    if not inserts:
        return primary
    out: list[Block] = []
    for k, block in enumerate(primary):
        out.extend(inserts.get(k, []))
        out.append(block)
    out.extend(inserts.get(len(primary), []))
    return out


#: The single-pass extractor descends into a child while it holds this share of the text.
CONTAINER_SHARE = 0.8
#: Shingle length used to find trafilatura's paragraphs back in the page.
_SHINGLE = 16
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
#: How many ancestors above trafilatura's region we look at for a lost continuation.
_MAX_LEVELS = 2
#: A sibling container counts as more of the article when this share of it is prose.
_KIN_PROSE_SHARE = 0.6
#: A sibling container must hold this much running text to be a lost part of the body.
_MIN_SIBLING_PROSE = 200


def _text_nodes(root: Any) -> Iterator[tuple[Any, str]]:
    """(containing element, normalised text) of every text node outside scripts and styles."""
    for node in root.iter():
        tag = node.tag if isinstance(node.tag, str) else ""
        if tag in ("script", "style", "noscript", "template"):
            continue
        if node.text and tag:
            t = _norm(node.text)
            if t:
                yield node, t
        if node.tail:
            parent = node.getparent()
            t = _norm(node.tail)
            if t and parent is not None:
                yield parent, t


def _is_furniture(el: Any) -> bool:
    tag = el.tag if isinstance(el.tag, str) else ""
    if tag in _FURNITURE_TAGS:
        return True
    marks = f"{el.get('class') or ''} {el.get('id') or ''} {el.get('role') or ''}"
    return bool(marks.strip()) and _FURNITURE.search(marks) is not None


def _prose(root: Any) -> int:
    """Characters of running text under `root`: long text nodes, not links, not furniture."""
    total = 0
    skip: set[Any] = set()
    for el in root.iter():
        if el in skip:
            continue
        if el is not root and isinstance(el.tag, str) and _is_furniture(el):
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
    n = len(_norm(text))
    return n if n >= 25 else 0


def primary_region(tree: Any, primary: list[Block]) -> Any | None:
    """The deepest element holding 90% of trafilatura's text: where it found the article."""
    concat = "".join(_norm(b.text) for b in primary)
    if len(concat) < _SHINGLE:
        return None
    shingles = {concat[i : i + _SHINGLE] for i in range(0, len(concat) - _SHINGLE + 1, 8)}
    weight: dict[Any, int] = {}
    total = 0
    for el, t in _text_nodes(tree):
        if len(t) < _SHINGLE + 8:
            continue
        if any(t[i : i + _SHINGLE] in shingles for i in range(0, len(t) - _SHINGLE + 1)):
            total += len(t)
            node = el
            while node is not None:
                weight[node] = weight.get(node, 0) + len(t)
                node = node.getparent()
    if not total:
        return None
    best = None
    best_depth = -1
    for el, w in weight.items():
        if w >= 0.9 * total:
            depth = sum(1 for _ in el.iterancestors())
            if depth > best_depth:
                best, best_depth = el, depth
    return best


def _signature(el: Any) -> tuple[str, frozenset[str]]:
    return el.tag, frozenset((el.get("class") or "").split())


def _same_kind(a: Any, b: Any) -> bool:
    """Two containers of the same kind: same tag, and the same (or mostly the same) classes."""
    (tag_a, cls_a), (tag_b, cls_b) = _signature(a), _signature(b)
    if tag_a != tag_b:
        return False
    if not cls_a and not cls_b:
        return True
    return len(cls_a & cls_b) >= 0.5 * max(len(cls_a), len(cls_b))


def continuation_blocks(tree: Any, primary: list[Block]) -> list[Block]:
    """The article's other body containers, when trafilatura kept only one of them.

    trafilatura picks one body container; an article whose body is split into several sibling
    containers of the same kind (around an inline promo, a "most popular" box, a newsletter
    form) loses every container after the first. Walking up from trafilatura's region at most
    `_MAX_LEVELS` levels, the first level where siblings *of the same kind* (same tag, mostly
    the same classes) hold running text gives the candidate: those containers in document
    order, furniture removed. The merge then keeps only substantial prose from it.
    """
    region = primary_region(tree, primary)
    if region is None:
        return []
    node = region
    for _ in range(_MAX_LEVELS + 1):
        parent = node.getparent()
        if parent is None or node.tag in ("body", "html"):
            break
        if node.get("class"):  # a classless <div> is every layout box: no evidence of kinship
            kin = [
                s for s in parent
                if s is not node and isinstance(s.tag, str) and _same_kind(s, node)
                and not _is_furniture(s) and _prose(s) >= _MIN_SIBLING_PROSE
            ]
            parts = {id(k): _clean_blocks(k) for k in kin}
            kin = [k for k in kin if _prose_share(parts[id(k)]) >= _KIN_PROSE_SHARE]
            if kin:
                blocks: list[Block] = []
                for child in parent:
                    if child is node:
                        blocks.extend(_clean_blocks(child))
                    elif id(child) in parts and child in kin:
                        blocks.extend(parts[id(child)])
                return blocks
        node = parent
    return []


def _prose_share(blocks: list[Block]) -> float:
    """How much of a container's text is running prose (not headlines, labels, links)."""
    total = _size(blocks)
    if not total:
        return 0.0
    return sum(len(_norm(b.text)) for b in blocks if _is_prose(b, BODY_MIN_CHARS)) / total


def _clean_blocks(el: Any) -> list[Block]:
    copy_el = deepcopy(el)
    for sub in list(copy_el.iter()):
        if sub is not copy_el and isinstance(sub.tag, str) and _is_furniture(sub):
            if sub.getparent() is not None:
                sub.drop_tree()
    return element_blocks(copy_el)


def prose_totals(root: Any) -> dict[Any, int]:
    """Running-text characters under every element, in one pass (children before parents).

    Link text, scripts and furniture subtrees count zero: what is left is what a reader reads.
    """
    totals: dict[Any, int] = {}
    for el in reversed(list(root.iter())):
        tag = el.tag if isinstance(el.tag, str) else ""
        if not tag or tag in _FURNITURE_TAGS or _is_furniture(el):
            totals[el] = 0
            continue
        own = len(el.text.strip()) if el.text and tag not in ("a", "script", "style") else 0
        for child in el:
            own += totals.get(child, 0)
            if child.tail:
                own += len(child.tail.strip())
        totals[el] = own
    return totals


def prose_container_blocks(tree: Any) -> list[Block]:
    """A fast single-pass extractor: the deepest element holding most of the page's running
    text, furniture removed. Used alone for very large pages (a 5 MB book-length page), where
    trafilatura's cost grows faster than the page, and as a last resort when it finds nothing.
    """
    body = tree.find(".//body")
    if body is None:
        body = tree
    totals = prose_totals(body)
    total = totals.get(body, 0)
    if not total:
        return []
    node = body
    while True:
        best = max((c for c in node if isinstance(c.tag, str)), key=lambda c: totals.get(c, 0), default=None)
        if best is None or totals.get(best, 0) < CONTAINER_SHARE * total:
            break
        node = best
    for sub in list(node.iter()):
        if sub is not node and totals.get(sub, 1) == 0 and sub.getparent() is not None:
            tag = sub.tag if isinstance(sub.tag, str) else ""
            if tag in _FURNITURE_TAGS or _is_furniture(sub):
                sub.drop_tree()
    return element_blocks(node)


_HEADING_TAGS = ("h1", "h2", "h3", "h4", "h5", "h6")
#: A heading is restored only when the extracted text resumes within this many characters
#: after it (it introduces text we kept, not a box of links we dropped).
_HEADING_GAP = 60


def restore_headings(tree: Any, blocks: list[Block]) -> list[Block]:
    """Put back the page's section headings that the extractor dropped.

    trafilatura keeps `<h2>`s inside an `<article>` but often drops them when the body is a
    plain `<div>`, which leaves the outline empty. Each heading of the page is placed by its
    position in the page text: it is restored when it sits inside the extracted span and the
    extracted text resumes right after it. Headings in furniture (related boxes, sidebars)
    and headings that are only a link (teasers) are not restored.
    """
    body = tree.find(".//body")
    if body is None or not blocks:
        return blocks
    concat = "".join(t for _el, t in _text_nodes(body))
    heads: list[tuple[int, int, Any]] = []  # (start, end, heading element)
    # Heading offsets: the position of each heading's text in the page text, searched forward.
    cursor = 0
    for h in body.iter(*_HEADING_TAGS):
        text = _norm(h.text_content())
        if not text or len(text) > 200:
            continue
        at = concat.find(text, cursor)
        if at < 0:
            continue
        cursor = at + len(text)
        heads.append((at, at + len(text), h))
    if not heads:
        return blocks
    # Block offsets, searched forward from the previous block.
    offsets: list[int] = []
    cursor = 0
    for block in blocks:
        t = _norm(block.text)
        probe = t[:30]
        at = concat.find(probe, cursor, cursor + 200000) if probe else -1
        if at < 0:
            offsets.append(offsets[-1] if offsets else -1)
            continue
        offsets.append(at)
        cursor = at + max(1, min(len(t), 30))
    known = {_norm(b.text) for b in blocks if b.kind == "heading"}
    by_text = {_norm(b.text): i for i, b in enumerate(blocks) if b.kind == "paragraph"}
    inserts: dict[int, list[Block]] = {}
    for start, end, h in heads:
        text = collapse(h.text_content())
        key = _norm(text)
        if key in known or not _restorable(h):
            continue
        k = bisect_right(offsets, start)
        if k >= len(blocks) or offsets[k] < 0 or offsets[k] - end > _HEADING_GAP:
            continue
        level = int(h.tag[1])
        if key in by_text:  # the extractor kept it, as a paragraph
            i = by_text[key]
            blocks[i] = Block("heading", blocks[i].text, level=level)
            continue
        inserts.setdefault(k, []).append(Block("heading", text, level=level))
        known.add(key)
    if not inserts:
        return blocks
    out: list[Block] = []
    for i, block in enumerate(blocks):
        out.extend(inserts.get(i, []))
        out.append(block)
    return out


#: Headings of page furniture, in the languages we meet: never restored into the article.
_FURNITURE_HEADINGS = re.compile(
    r"^(?:related|related (?:articles|stories|posts|content)|read more|more from|more stories|"
    r"recommended|most (?:read|popular|viewed)|trending|popular|comments?|leave a (?:comment|reply)|"
    r"share|share this|advertisement|sponsored|newsletter|subscribe|tags|categories|archives|"
    r"about the author|you may also like|see also|"
    r"mehr zum thema|lesen sie auch|auch interessant|weitere artikel|das könnte sie auch interessieren|"
    r"à lire aussi|lire aussi|sur le même sujet|a lire aussi|leer más|te puede interesar|"
    r"noticias relacionadas|leia também|"
    r"相關文章|相关文章|相关阅读|相關閱讀|推荐阅读|推薦閱讀|热门|熱門|热点|熱點|评论|評論|分享|"
    r"延伸阅读|延伸閱讀|猜你喜欢|猜你喜歡|最新文章|热门文章|熱門文章|精彩推荐|精彩推薦|"
    r"関連記事|人気記事|コメント|おすすめ)\W*$",
    re.IGNORECASE,
)


def _restorable(h: Any) -> bool:
    """Not in furniture, not a teaser (a heading that is only a link to elsewhere), not a
    furniture label ("Related articles", "相關文章")."""
    if _FURNITURE_HEADINGS.match(collapse(h.text_content())):
        return False
    links = "".join(a.text_content() for a in h.iter("a") if not (a.get("href") or "#").startswith("#"))
    if links.strip() and _norm(links) == _norm(h.text_content()):
        return False
    node = h.getparent()
    while node is not None and node.tag not in ("body", "html"):
        if _is_furniture(node):
            return False
        node = node.getparent()
    return True


def extract_blocks(tree: Any, *, large: bool = False) -> list[Block]:
    """The article body of a parsed HTML page, as blocks in reading order.

    `large`: the page holds so much text (hundreds of KB) that only the single-pass extractor
    keeps parsing under the time budget; on such pages the article dominates anyway.
    """
    prepare_tree(tree)
    if large:
        return prose_container_blocks(tree)
    primary = trafilatura_blocks(tree)  # trafilatura works on its own copy
    merged = merge(primary, readability_blocks(tree))
    if primary:
        merged = merge(merged, continuation_blocks(tree, primary), lead=False)
    if not merged:
        return prose_container_blocks(tree)
    return restore_headings(tree, merged)
