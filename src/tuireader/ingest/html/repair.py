"""Repairs on trafilatura's result, read from the page itself: lost body containers and
dropped section headings.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import Any

from tuireader.article import Block
from tuireader.ingest.html.blocks import collapse
from tuireader.ingest.html.dom import furniture_free_blocks, is_furniture, running_text, text_nodes
from tuireader.ingest.html.merge import compact, prose_share

#: Shingle length used to find trafilatura's paragraphs back in the page.
_SHINGLE = 16#: How many ancestors above trafilatura's region we look at for a lost continuation.
_MAX_LEVELS = 2
#: A sibling container counts as more of the article when this share of it is prose.
_KIN_PROSE_SHARE = 0.6
#: A sibling container must hold this much running text to be a lost part of the body.
_MIN_SIBLING_PROSE = 200


def primary_region(tree: Any, primary: list[Block]) -> Any | None:
    """The deepest element holding 90% of trafilatura's text: where it found the article."""
    concat = "".join(compact(b.text) for b in primary)
    if len(concat) < _SHINGLE:
        return None
    shingles = {concat[i : i + _SHINGLE] for i in range(0, len(concat) - _SHINGLE + 1, 8)}
    weight: dict[Any, int] = {}
    total = 0
    for el, t in text_nodes(tree):
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
                and not is_furniture(s) and running_text(s) >= _MIN_SIBLING_PROSE
            ]
            parts = {id(k): furniture_free_blocks(k) for k in kin}
            kin = [k for k in kin if prose_share(parts[id(k)]) >= _KIN_PROSE_SHARE]
            if kin:
                blocks: list[Block] = []
                for child in parent:
                    if child is node:
                        blocks.extend(furniture_free_blocks(child))
                    elif id(child) in parts and child in kin:
                        blocks.extend(parts[id(child)])
                return blocks
        node = parent
    return []


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
    concat = "".join(t for _el, t in text_nodes(body))
    heads: list[tuple[int, int, Any]] = []  # (start, end, heading element)
    # Heading offsets: the position of each heading's text in the page text, searched forward.
    cursor = 0
    for h in body.iter(*_HEADING_TAGS):
        text = compact(h.text_content())
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
        t = compact(block.text)
        probe = t[:30]
        at = concat.find(probe, cursor, cursor + 200000) if probe else -1
        if at < 0:
            offsets.append(offsets[-1] if offsets else -1)
            continue
        offsets.append(at)
        cursor = at + max(1, min(len(t), 30))
    known = {compact(b.text) for b in blocks if b.kind == "heading"}
    by_text = {compact(b.text): i for i, b in enumerate(blocks) if b.kind == "paragraph"}
    inserts: dict[int, list[Block]] = {}
    for start, end, h in heads:
        text = collapse(h.text_content())
        key = compact(text)
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
    if links.strip() and compact(links) == compact(h.text_content()):
        return False
    node = h.getparent()
    while node is not None and node.tag not in ("body", "html"):
        if is_furniture(node):
            return False
        node = node.getparent()
    return True
