"""The text reader's raw material: prepared lines (`_Line`), paragraph candidates (`_Raw`),
the head's findings (`_Head`), and the patterns several passes share.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from tuireader.ingest import clean, outline

_BOX_ONLY = re.compile(r"^[\s\u2500-\u257f\u3000]+$")


_BOX_CHARS = re.compile(r"[\u2500-\u257f]")


_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


_SENTENCE_END = tuple("。！？!?.；;：:”」』）)…")


_TITLE_BAD_END = tuple("。，,；;、：:")


_RELATED = re.compile(
    r"^[【\[]?(?:相关(?:阅读|文章|新闻|链接|推荐|稿件|报道)|相關(?:閱讀|文章|新聞|連結|推薦|稿件|報導)|推荐阅读|推薦閱讀|延伸阅读|延伸閱讀|"
    r"热门(?:文章|推荐|新闻)|熱門(?:文章|推薦|新聞)|猜你喜欢|猜你喜歡|往期(?:推荐|推薦|回顾|回顧|精选|精選)|"
    r"精彩推荐|精彩推薦|类似文章(?:\s*更多)?|類似文章(?:\s*更多)?|相关文档|相關文檔|Related(?: articles| stories| posts)?|"
    r"Read more|More from .{1,40}|You may also like)[】\]]?\s*[:：]?$",
    re.IGNORECASE,
)


_ZERO_WIDTH = re.compile(r"[\u200b-\u200d]")


_TAG = re.compile(r"^[\u3400-\u9fffA-Za-z][\u3400-\u9fffA-Za-z ]{0,9}$")


_ABOUT_AUTHOR = re.compile(r"^Written by\s+\S.{0,60}$")


@dataclass(slots=True)
class _Line:
    text: str  # stripped display text of the line
    indent: int  # leading whitespace in columns
    width: int  # display width in columns (CJK = 2)


@dataclass(slots=True)
class _Raw:
    """A paragraph-sized chunk before classification."""

    text: str
    nlines: int = 1
    indent: int = 0  # of the first line
    setext: int = 0  # 1 for "===" underline, 2 for "---"
    kind: str = "paragraph"  # paragraph | heading | list_item
    numbered: outline.Numbered | None = None
    lead: int = 0
    drop: bool = False


@dataclass(slots=True)
class _Head:
    title: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    prev: str | None = None
    next: str | None = None


def _width(s: str) -> int:
    # CJK characters are 3 bytes in UTF-8 and 2 columns wide; this is exact enough and fast.
    if s.isascii():  # O(1): no encode for English lines
        return len(s)
    return len(s) + (len(s.encode("utf-8")) - len(s)) // 2


def _indent(raw: str) -> int:
    n = 0
    for c in raw:
        if c == " ":
            n += 1
        elif c == "\u3000":
            n += 2
        elif c == "\t":
            n += 4
        elif c == "\xa0":
            n += 1
        else:
            break
    return n


def _prep(raw: str) -> _Line | None:
    """One source line → cleaned `_Line`, or None for a blank line or pure residue."""
    if not raw or raw.isspace():
        return None
    line = raw
    if "<" in line or "&" in line:
        line = clean.clean_line(line)
        if not line or line.isspace():
            return None
    if _BOX_ONLY.match(line):
        return None
    if "\u2502" in line or "\u2503" in line or "\u2551" in line:
        line = _BOX_CHARS.sub("  ", line)
    text = line.strip().replace("\xa0", " ")
    if "\u200b" in text or "\u200c" in text or "\u200d" in text:
        text = _ZERO_WIDTH.sub("", text).strip()  # "关注问题\u200b写回答" from a copied page
    if not text:
        return None
    return _Line(text, _indent(line), _width(text))


#: Characters that send a line through the whole of `_prep` (tags, entities, NBSP, box
#: bars, zero-width spaces). A text without any takes the short path in `_prep_lines`.
_PREP_MARKS = ("<", "&", "\xa0", "\u2502", "\u2503", "\u2551", "\u200b", "\u200c", "\u200d")


def _prep_lines(raw_lines: list[str], text: str) -> list[_Line | None]:
    """`_prep` of every line. When the whole text has none of `_PREP_MARKS` (one C scan
    each, instead of nine per line), a line only needs stripping and measuring: same result,
    about half the cost on a text of long lines."""
    if any(mark in text for mark in _PREP_MARKS):
        return [_prep(x) for x in raw_lines]
    out: list[_Line | None] = []
    append = out.append
    box_only = _BOX_ONLY.match
    for raw in raw_lines:
        if not raw or box_only(raw):  # blank, or only spaces and box-drawing characters
            append(None)
            continue
        stripped = raw.strip()
        append(_Line(stripped, _indent(raw), _width(stripped)))
    return out


_SMALL_WORDS = {"a", "an", "the", "of", "and", "or", "in", "on", "for", "to", "with", "at", "by", "from",
                "vs", "via", "as", "into", "over", "under", "but", "nor", "per"}
