"""Plain text → `Article`: the title, metadata, clean paragraphs and outline of a .txt file.

The pipeline reads like a person skimming a page, top to bottom:

1. cut the Project Gutenberg licence header/footer (keeping Title/Author as metadata);
2. strip pinyin readings glued after characters when the document shows that habit;
3. clean each line (tag residue, entities) and skim the *head* (spam, breadcrumb, share
   widgets, title, the "時間:…|來源:…" line, byline) and the *tail* (disclaimer, editors,
   reviewers, 上一篇/下一篇) into metadata;
4. rebuild paragraphs: join hard-wrapped lines (CJK without a space) when the text is
   wrapped at a fixed width, otherwise one line is one paragraph;
5. find headings and run-in heads (`outline`), drop tables of contents, infer levels and
   repair lost numbering.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

from tuireader.model import clean, metadata, outline
from tuireader.model.article import Article, Block, Link, OutlineEntry, title_from_path
from tuireader.model.sanitize import normalise_newlines, strip_controls

#: How far into the text the head (title, metadata) and tail (credits, links) may reach.
HEAD_LINES = 40
TAIL_LINES = 30

_GUTENBERG_START = re.compile(
    r"^(?:\*{3}\s*START OF (?:THIS|THE) PROJECT GUTENBERG|\*END\*\s*THE SMALL PRINT)", re.IGNORECASE
)
_GUTENBERG_END = re.compile(
    r"^(?:\*{3}\s*END OF (?:THIS|THE) PROJECT GUTENBERG|End of (?:the )?Project Gutenberg)", re.IGNORECASE
)
_GUTENBERG_NOISE = re.compile(
    r"^(?:Produced by|This e-?book was produced|Transcribed from|E-?text prepared by|"
    r"End of (?:the )?Project Gutenberg|End of Project Gutenberg)",
    re.IGNORECASE,
)
_BOX_ONLY = re.compile(r"^[\s\u2500-\u257f\u3000]+$")
_BOX_CHARS = re.compile(r"[\u2500-\u257f]")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_CJK_END = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef“”‘’—…]")
_CJK_START = re.compile(r"^[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef“”‘’—…]")
_SENTENCE_END = tuple("。！？!?.；;：:”」』）)…")
_TITLE_BAD_END = tuple("。，,；;、：:")
_URL = re.compile(r"https?://|www\.", re.IGNORECASE)
_SETEXT = re.compile(r"^(=+|-+)\s*$")
_RULE = re.compile(r"^(?:([*·•\-_=~])\s*)\1(?:\s*\1)+$|^(?:\*\s*){3,}$")
_TITLE_UNDERLINE = re.compile(r"^={3,}\s*$")
_ATX_TITLE = re.compile(r"^#[ \t]+\S")
_SITE_NAME = re.compile(
    r"^.{2,12}(?:网|網|网站|網站|官网|官網|频道|頻道|日报|日報|晚报|晚報|电视台|電視臺|电台|電臺|新闻网|新聞網|融媒)$"
)
_DISCLAIMER_HEADS = "免声聲版特法郑鄭【[(（Dd"
_TOC_LEADER = re.compile(r"(?:\s*[.·…_\-—]{2,}\s*|\s+)(?:\d{1,4}|[ivxlc]{1,6})$|[.．。]$")
_MENU = re.compile(r"^(?:\S{1,4}[ \u3000]+){3,}\S{1,4}$")
_SITE_SUFFIX = re.compile(r"\s*[_|｜\-–—]+\s*[^_|｜\-–—\s]{2,15}(?:网|網|网站|網站|官网|官網|频道|頻道|在线|在線|新闻|新聞)$")
_SUBTITLE = re.compile(r"^(?:——|--|—|─)\s*(\S.{1,60})$")
_RELATED = re.compile(
    r"^[【\[]?(?:相关(?:阅读|文章|新闻|链接|推荐|稿件|报道)|相關(?:閱讀|文章|新聞|連結|推薦|稿件|報導)|推荐阅读|推薦閱讀|延伸阅读|延伸閱讀|"
    r"热门(?:文章|推荐|新闻)|熱門(?:文章|推薦|新聞)|猜你喜欢|猜你喜歡|往期(?:推荐|推薦|回顾|回顧|精选|精選)|"
    r"精彩推荐|精彩推薦|类似文章(?:\s*更多)?|類似文章(?:\s*更多)?|相关文档|相關文檔|Related(?: articles| stories| posts)?|"
    r"Read more|More from .{1,40}|You may also like)[】\]]?\s*[:：]?$",
    re.IGNORECASE,
)
_RELATED_FIRST = set("【[相推延热熱猜往精类類RrMmYy")
_END_MARK = re.compile(
    r"^(?:[（(【\[]\s*(?:完|全文完|终|終|END)\s*[）)】\]]|[-—–~]+\s*(?:END|完|THE END)\s*[-—–~]+|END|全文完)$",
    re.IGNORECASE
)
_ZERO_WIDTH = re.compile(r"[\u200b-\u200d]")
_DOC_NUMBER = re.compile(r"^[\u3400-\u9fff]{1,12}\s*[〔\[［(（【]\s*\d{4}\s*[〕\]］)）】]\s*\d{1,5}\s*号$")
_OFFICIAL_FOOTER = re.compile(
    r"^(?:抄送|抄報|抄报|主送|发送|發送)\s*[:：]|印发$|印發$|^[（(]此件(?:公开发布|公開發布|主动公开|主動公開|不公开|不公開|"
    r"依申请公开|依申請公開|删减后公开|刪減後公開)[）)]$"
)
_SIGNATURE = re.compile(r"^[\u3400-\u9fff·（）()]{2,30}$")
_RELATIVE_TIME = re.compile(
    r"^(?:Updated|Published|Posted|Last updated)?\s*(?:\d{1,3}\s+(?:minutes?|mins?|hours?|hrs?|days?|weeks?)\s+ago|"
    r"yesterday|today|just now)$|^\d{1,3}\s*(?:分钟|分鐘|小时|小時|天)前$",
    re.IGNORECASE,
)
_WECHAT_BYLINE = re.compile(r"^(?:原创|原創)\s+(?:(\S{1,20})\s+)?(?:(\S{1,30})\s+)?(.*)$")
_ANSWER_VOTES = re.compile(r"^[\d,.]+\s*[万萬kK]?\s*人(?:赞同|贊同)了(?:该|該)(?:回答|文章)$")
_TAG = re.compile(r"^[\u3400-\u9fffA-Za-z][\u3400-\u9fffA-Za-z ]{0,9}$")
_INLINE_LIST = re.compile(r"[:：]\s*(\S.{0,40})$")
_BRACKETED = re.compile(r"^[【\[]([^】\]]{1,10})[】\]]\s*")
_POSTED = re.compile(r"^(?:Posted|Published|Updated|Written)(?: on)?\s+(.{6,40}?)(?:\s+by\s+(.{2,60}))?$")
_EMPHASIS = re.compile(r"^([*_])(?!\1)(\S.{0,118}\S)\1$")
_COLUMN_TAG = re.compile(r"^[【\[]([^】\]\s]{1,6})[】\]]\s*")
_HEAD_BULLETS = "■□◆◇▌▍▎▶►●★☆▲"
_ABOUT_AUTHOR = re.compile(r"^Written by\s+\S.{0,60}$")
_PAGE_MARK = re.compile(
    r"^(?:Page|PAGE|p\.)\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?$|^第\s*\d{1,4}\s*[页頁](?:\s*[,，/]?\s*共\s*\d{1,4}\s*[页頁])?$|"
    r"^[-—–]\s*\d{1,4}\s*[-—–]$"
)
_LONE_NUMBER = re.compile(r"^0?[1-9]\d?$")
_GAP = re.compile(r"(?:\s{3,}|\u3000{2,}|\s*\u3000\s*\u3000)")


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


# ---------------------------------------------------------------------------
# Project Gutenberg


def _gutenberg(lines: list[str], head: _Head) -> list[str]:
    start = end = None
    for i, line in enumerate(lines[:400]):
        if _GUTENBERG_START.match(line):
            start = i
            break
    if start is None:
        return lines
    for i in range(len(lines) - 1, start, -1):
        if _GUTENBERG_END.match(lines[i]):
            end = i
            break
    fields = metadata.gutenberg_header(lines[:start])
    if "title" in fields:
        head.title = fields.pop("title")
    metadata.merge(head.meta, fields)
    body = lines[start + 1: end if end is not None else len(lines)]
    return [("" if _GUTENBERG_NOISE.match(x) else x) for x in body]


# ---------------------------------------------------------------------------
# Head and tail


def _title_like(s: str) -> bool:
    if len(s) < 2 or len(s) > 120 or _URL.search(s):
        return False  # 120: the larger length limit below, tested before any scan of `s`
    if s.count("|") + s.count("｜") >= 2 or _MENU.match(s):
        return False  # a navigation bar: "首页 | 新闻 | 政务"
    cjk = _CJK.search(s) is not None
    if len(s) > (60 if cjk else 120) or s.endswith(_TITLE_BAD_END):
        return False
    num = outline.split_numbering(s)
    if num is not None and num.family in ("enum", "keyword"):
        return False
    # letters or characters, not a counter row (two leading letters settle it without a loop)
    return s[:2].isalpha() or sum(1 for c in s[:20] if c.isalpha()) >= 2


def _is_prose(s: str) -> bool:
    cjk = _CJK.search(s) is not None
    if cjk and len(s) >= 24 and s.endswith("。") and "，" in s[:-1]:
        return True  # a full Chinese sentence with a clause in it is text, whatever its length
    return len(s) > (60 if cjk else 160) and any(c in s for c in "。，,.；;！？!?")


def _starts_body(s: str) -> bool:
    """A line that certainly belongs to the body: long prose or a structural heading."""
    if _is_prose(s):
        return True
    num = outline.split_numbering(s)
    return num is not None and num.family in ("enum", "keyword") and outline.looks_like_heading(num, s)


def _head(lines: list[_Line | None], head: _Head, stem: str = "") -> int:
    """Read title and metadata off the top; blank out consumed lines; return body start."""
    idx = [i for i, ln in enumerate(lines[: HEAD_LINES * 3]) if ln is not None][:HEAD_LINES]
    kinds: dict[int, str] = {}
    first_meta = crumb_at = date_meta = votes_at = None
    stop = len(lines)
    for i in idx:
        ln = lines[i]
        assert ln is not None
        s = ln.text
        bare = clean.strip_list_residue(s)
        extra = _head_fields(bare)
        if extra is not None:
            metadata.merge(head.meta, extra)
            kinds[i] = "meta"
            first_meta = i if first_meta is None else first_meta
            if "date" in extra and date_meta is None:
                date_meta = i
            if "votes" in extra:
                votes_at = i
            continue
        if clean.is_junk(bare, in_head=True) or _RELATIVE_TIME.match(bare):
            kinds[i] = "junk"
            continue
        if _starts_body(s):
            stop = i
            break
        crumb = metadata.parse_breadcrumb(bare)
        if crumb:
            head.meta.setdefault("breadcrumb", crumb)
            kinds[i] = "meta"
            crumb_at = i
            continue
        link = metadata.parse_link(bare)
        if link or metadata.is_link_line(bare):
            if link:
                setattr(head, link[0], link[1])
            kinds[i] = "meta"
            continue
        fields = metadata.parse_fields(bare)
        if fields is not None:
            metadata.merge(head.meta, fields)
            kinds[i] = "meta"
            first_meta = i if first_meta is None else first_meta
            if "date" in fields and date_meta is None:
                date_meta = i
            continue
        date = metadata.bare_date(bare) or _dated_series(bare)
        if date:
            head.meta.setdefault("date", date)
            kinds[i] = "meta"
            first_meta = i if first_meta is None else first_meta
            date_meta = i if date_meta is None else date_meta
            continue
        kinds[i] = "cand"
        if _is_prose(s):
            stop = i
            break
    cands = [i for i in idx if kinds.get(i) == "cand" and i < stop]
    title_at: int | None = None
    if head.title is None and cands:
        # A Markdown-style title in a .txt: "# Title" or "Title" underlined with "===".
        i = cands[0]
        first = lines[i]
        under = lines[i + 1] if i + 1 < len(lines) else None
        if first is not None and under is not None and _TITLE_UNDERLINE.match(under.text) \
                and _title_like(first.text):
            title_at = i
            head.title = clean.collapse_ws(first.text)
            lines[i + 1] = None
        elif first is not None and _ATX_TITLE.match(first.text):
            title_at = i
            head.title = clean.collapse_ws(first.text.lstrip("#"))
    standfirst: int | None = None
    if head.title is None:
        title_at = _repeated_title(lines, cands)
        if title_at is None and votes_at is not None:
            title_at = _title_above_author(lines, [i for i in cands if i < votes_at])
        if title_at is None:
            anchor = date_meta if date_meta is not None else first_meta
            byline_at = next((i for i in cands if metadata.parse_byline(_text(lines, i))), None)
            if byline_at is not None and (anchor is None or byline_at < anchor):
                anchor = byline_at  # "By Laura Bennett" with no date line: the title is above it
            title_at = _pick_title(lines, cands, anchor, crumb_at, stem)
            if title_at is not None:
                title_at, standfirst = _standfirst(lines, cands, title_at)
        if title_at is not None:
            ln = lines[title_at]
            assert ln is not None
            head.title = _SITE_SUFFIX.sub("", _split_title_author(ln.text, head)) or ln.text
            tag = _COLUMN_TAG.match(head.title)
            if tag and len(head.title) > tag.end() + 3:
                # "【深度】县域医共体改革的三道坎": the column's label, not part of the title
                head.meta.setdefault("column", tag.group(1))
                head.title = head.title[tag.end():]
            if standfirst is not None:
                head.meta.setdefault("subtitle", clean.collapse_ws(_text(lines, standfirst)))
                lines[standfirst] = None
            if votes_at is not None:
                # A Q&A answer: "title, answerer, tagline, N 人赞同了该回答"; the answerer is first.
                between = [i for i in cands if title_at < i < votes_at and lines[i] is not None]
                for k, i in enumerate(between):
                    if k == 0 and len(_text(lines, i)) <= 30:
                        head.meta.setdefault("author", _text(lines, i))
                    if len(_text(lines, i)) <= 40:
                        lines[i] = None
    # Consume: junk and metadata anywhere in the head; chrome before the title; bylines.
    body_start = title_at + 1 if title_at is not None else 0
    for i, kind in kinds.items():
        if i >= stop:
            continue
        if kind in ("junk", "meta"):
            lines[i] = None
        elif kind == "cand" and title_at is not None and i < title_at:
            ln = lines[i]
            if ln is not None and len(ln.text) <= 40:
                lines[i] = None
    if title_at is not None:
        lines[title_at] = None
        after = [i for i in cands if i > title_at]
        for k, i in enumerate(after):
            ln = lines[i]
            if ln is None:
                continue
            sub = _SUBTITLE.match(ln.text) or _EMPHASIS.match(ln.text)
            if sub and k == 0:
                head.meta.setdefault("subtitle", clean.collapse_ws(sub.group(sub.lastindex or 1)))
                lines[i] = None
                continue
            if k == 0 and i == title_at + 1 and _latin_subtitle(ln.text, head.title or ""):
                head.meta.setdefault("subtitle", clean.collapse_ws(ln.text))
                lines[i] = None
                continue
            # "right after the title" also under a subtitle consumed just above
            near = i <= title_at + 3 and all(lines[j] is None for j in after[:k])
            by = metadata.parse_byline(ln.text, right_after_title=near and k <= 1)
            if by:
                metadata.merge(head.meta, by)
                lines[i] = None
            else:
                break
    return body_start


def _pick_title(lines: list[_Line | None], cands: list[int], first_meta: int | None,
                crumb_at: int | None, stem: str = "") -> int | None:
    """Which head line is the title: the file's own name if a line repeats it, else the line
    above the date/source line, else the first line after a breadcrumb, else the first
    line when it stands apart (never a site name when another line could be the title)."""
    def text(i: int) -> str:
        ln = lines[i]
        return ln.text if ln is not None else ""

    key = _title_key(stem)
    if len(key) >= 4:
        for i in cands:
            if _title_like(text(i)) and _title_key(text(i)) == key:  # the cheap test first
                return i
    if first_meta is not None:
        above = [c for c in cands if c < first_meta]
        for k in range(len(above) - 1, -1, -1):
            i = above[k]
            s = text(i)
            if metadata.parse_byline(s) or _SUBTITLE.match(s):
                continue
            if k > 0 and not _CJK.search(s) and metadata.parse_byline(s, right_after_title=True):
                continue  # "Tom Becker" between the title and the date
            if _title_like(s):
                # English front matter: "MOBILE LIBRARIES…" / "A Working Paper" / author / date:
                # climb to the headline the subtitle hangs under.
                while k > 0 and above[k - 1] == i - 1 and not _CJK.search(s):
                    u = text(above[k - 1])
                    if not (_title_like(u) and (u.isupper() or _title_case_loose(u)) and len(u) >= len(s)):
                        break
                    k -= 1
                    i, s = above[k], u
                return i
            break
    if crumb_at is not None:
        for i in cands:
            if i > crumb_at and _title_like(text(i)):
                return i
    while len(cands) > 1 and _SITE_NAME.match(text(cands[0])):
        cands = cands[1:]  # "駐馬店廣視網" above the real title
    if cands and _title_like(text(cands[0])):
        i = cands[0]
        # The first line is a title only if it stands apart from what follows.
        nxt = lines[i + 1] if i + 1 < len(lines) else None
        if nxt is None or nxt.width > _width(text(i)) * 1.3 or _starts_body(nxt.text) \
                or metadata.parse_byline(nxt.text, right_after_title=True):
            return i
        # "LIBRARIES AND ADULT LITERACY" over "Policy Brief 7": a capitalised English headline
        # with a shorter line under it.
        t = text(i)
        if not _CJK.search(t) and t.isupper() and len(t.split()) >= 2 and _latin_subtitle(nxt.text, t):
            return i
    return None


def _text(lines: list[_Line | None], i: int) -> str:
    ln = lines[i]
    return ln.text if ln is not None else ""


def _repeated_title(lines: list[_Line | None], cands: list[int]) -> int | None:
    """A page that prints its title twice (a question page, a header and an article heading):
    the repeated title-like line is the title; its second copy and the chrome between go."""
    seen: dict[str, int] = {}
    for k, i in enumerate(cands[:10]):
        t = _text(lines, i)
        if not _title_like(t) or len(t) < 6 or t.endswith((".", "。", "!", "！", "，", ",")):
            continue
        if t in seen:
            first = seen[t]
            between = [j for j in cands if first < j < i]
            # Only a header and its tags/links may sit between the copies (never a verse's lines).
            if len(between) > 6 or any(len(_text(lines, j)) > 12 for j in between):
                return None
            for j in between + [i]:
                lines[j] = None
            return first
        if k == 0:
            seen[t] = i  # only the page's first line can be the title printed twice
    return None


def _title_above_author(lines: list[_Line | None], cands: list[int]) -> int | None:
    """A Q&A or column page: "title / author / tagline / N 人赞同了该文章". The tagline is
    optional; it is the line with punctuation or more than a name's length."""
    if len(cands) < 2:
        return None
    last = _text(lines, cands[-1])
    tagline = len(last) > 12 or any(c in last for c in "，,、；;。.")
    k = len(cands) - (3 if tagline else 2)
    if k < 0 or not _title_like(_text(lines, cands[k])):
        return None
    return cands[k]


def _standfirst(lines: list[_Line | None], cands: list[int], i: int) -> tuple[int, int | None]:
    """English news: a Title Case headline, then a sentence-case deck ("Operators add…").

    When the line chosen as title is the deck, the headline above it is the title and the
    deck becomes the subtitle."""
    t = _text(lines, i)
    k = cands.index(i) if i in cands else -1
    if k <= 0 or _CJK.search(t) or _title_case(t) or t.endswith((".", ":")):
        return i, None
    above = cands[k - 1]
    if above != i - 1 and lines[i - 1] is not None:
        return i, None
    u = _text(lines, above)
    if _title_like(u) and _title_case_loose(u) and len(u.split()) >= 4:
        return above, i
    return i, None


def _latin_subtitle(s: str, title: str) -> bool:
    """"A Working Paper" right under "MOBILE LIBRARIES AND RURAL READERS": a shorter
    headline-cased line glued to an English title is its subtitle."""
    if _CJK.search(s) or _CJK.search(title) or len(s) >= len(title) or s.endswith((".", ",", ";", ":")):
        return False
    if metadata.parse_byline(s, right_after_title=True) or outline.split_numbering(s) is not None:
        return False
    return 2 <= len(s.split()) <= 14 and s[0].isupper()


def _title_case_loose(s: str) -> bool:
    """Headline capitalisation, allowing apostrophes and a few lower-case small words."""
    words = [w for w in s.split() if w[:1].isalpha()]
    big = [w for w in words if w.lower() not in _SMALL_WORDS]
    return bool(big) and sum(1 for w in big if w[:1].isupper()) >= 0.8 * len(big)


def _dated_series(line: str) -> str | None:
    """"Policy Report No. 42 | March 2024": a series line whose last part is a date."""
    parts = [p.strip() for p in re.split(r"\s+[|｜·•]\s+", line) if p.strip()]
    if len(parts) < 2 or len(line) > 80:
        return None
    return metadata.bare_date(parts[-1])


def _head_fields(line: str) -> dict[str, Any] | None:
    """Head lines that are data in a site's own shape: 文号, a WeChat byline, a vote count."""
    if len(line) > 80:
        return None
    m = _POSTED.match(line)
    if m and metadata.bare_date(m.group(1)):
        # "Posted on January 7, 2024 by Priya Raman"
        out0: dict[str, Any] = {"date": metadata.bare_date(m.group(1))}
        if m.group(2):
            out0["author"] = m.group(2).strip()
        return out0
    m = _DOC_NUMBER.match(line)
    if m:
        return {"doc_number": line}  # "国发〔2023〕17号"
    if _ANSWER_VOTES.match(line):
        return {"votes": int(re.sub(r"\D", "", line.split("人")[0]) or 0)}
    m = _WECHAT_BYLINE.match(line)
    if m:
        # "原创 陈默 山城书事 2023-09-03 20:15 发表于重庆": author, account, date.
        date = metadata.find_date(m.group(3) or "")
        if date:
            out: dict[str, Any] = {"date": date}
            if m.group(1):
                out["author"] = m.group(1)
            if m.group(2):
                out["source"] = m.group(2)
            return out
    return None


def _title_key(s: str) -> str:
    return "".join(c for c in s.casefold() if c.isalnum())


def _split_title_author(s: str, head: _Head) -> str:
    """"史记    汉·司马迁" → title "史记", author "司马迁" (byline "汉·司马迁")."""
    parts = [p for p in _GAP.split(s) if p.strip()]
    if len(parts) == 2 and len(parts[1]) <= 12 and _CJK.search(parts[1]):
        last = parts[1].strip()
        name = re.split(r"[·•]", last)[-1].strip()
        if 2 <= len(name) <= 4:
            head.meta.setdefault("author", name)
            if name != last:
                head.meta.setdefault("byline", last)
            return clean.collapse_ws(parts[0])
    return clean.collapse_ws(s)


def _tail(lines: list[_Line | None], start: int, head: _Head) -> None:
    """Read editors, reviewers and 上一篇/下一篇 off the bottom; drop disclaimers there.

    A "相关阅读" / "Related articles" block near the end is the site's, not the author's:
    its metadata lines are read, everything else in it is dropped.
    """
    zone = [i for i in range(len(lines) - 1, start - 1, -1) if lines[i] is not None][:TAIL_LINES]
    found = [i for i in zone if _RELATED.match(lines[i].text)]  # type: ignore[union-attr]
    marker = min(found) if found else None
    if marker is not None:
        for i in range(marker, len(lines)):
            ln = lines[i]
            if ln is None:
                continue
            if i > marker and _sentence_line(ln.text):
                break  # the list sat inside the article: the author's text goes on
            bare = clean.strip_list_residue(ln.text)
            link = metadata.parse_link(bare)
            if link and getattr(head, link[0]) is None:
                setattr(head, link[0], link[1])
            fields = metadata.parse_fields(bare)
            if fields:
                metadata.merge(head.meta, fields)
            lines[i] = None
    seen = 0
    dated = False  # the line below was a bare date: a signature may sit above it
    for i in range(len(lines) - 1, start - 1, -1):
        ln = lines[i]
        if ln is None:
            continue
        seen += 1
        if seen > TAIL_LINES:
            return
        bare = _strip_widget_prefix(clean.strip_list_residue(ln.text))
        after_date, dated = dated, False
        if clean.is_junk(bare, in_tail=True) or _END_MARK.match(bare) or _OFFICIAL_FOOTER.search(bare):
            lines[i] = None
            continue
        date = metadata.bare_date(bare)
        if date and _CJK.search(bare):
            # "2023年6月8日" under an official document or a letter: its date of issue.
            head.meta.setdefault("date", date)
            lines[i] = None
            dated = True
            continue
        if after_date and len(bare) <= 20 and _SIGNATURE.match(bare):
            # "国务院" above the date: who issued or signed it.
            head.meta.setdefault("author", bare)
            lines[i] = None
            continue
        link = metadata.parse_link(bare)
        if link or metadata.is_link_line(bare):
            if link and getattr(head, link[0]) is None:
                setattr(head, link[0], link[1])
            lines[i] = None
            continue
        fields = metadata.parse_fields(bare)
        if fields is not None and (fields or bare != ln.text or len(bare) < 30):
            metadata.merge(head.meta, fields)
            lines[i] = None
            continue
        if _ABOUT_AUTHOR.match(bare):
            by = metadata.parse_byline(bare)
            if by:
                metadata.merge(head.meta, {"author": by["author"]})
            lines[i] = None  # "Written by Sam Ortega" over the author's bio: the site's box
            continue
        if seen <= 3 and _below_author_box(lines, i, start):
            lines[i] = None
            continue
        if _TAG.match(bare) and seen > 1 and _tags_below_meta(lines, i, start):
            lines[i] = None  # topic tags ("城市规划", "夜经济") between the dateline and the widgets
            continue
        return


# ---------------------------------------------------------------------------
# Paragraphs


def _hard_wrap_width(lines: list[_Line | None]) -> int:
    """The column the text was wrapped at, or 0 when each line is its own paragraph."""
    interior: list[int] = []
    total = 0
    widths: list[int] = []
    prev: _Line | None = None
    blanks = 0
    ends = 0  # interior lines that end a sentence
    for ln in lines:
        if ln is not None:
            total += 1
            widths.append(ln.width + ln.indent)
            if prev is not None:
                interior.append(prev.width + prev.indent)
                if prev.text.endswith(_SENTENCE_END):
                    ends += 1
        else:
            blanks += 1
        prev = ln
    if len(interior) < 3:
        return 0
    # Lines that end their sentences are whole paragraphs, however even their lengths:
    # hard wrapping breaks mid-sentence, so few of its lines end with a full stop.
    if ends >= 0.5 * len(interior):
        return 0
    interior.sort()
    m = interior[int(0.9 * (len(interior) - 1))]
    if m < 40 or m > 200:
        return 0
    near = sum(1 for w in interior if 0.75 * m <= w <= 1.1 * m)
    # Without blank lines every paragraph's short last line counts as interior too.
    if near < (0.6 if blanks * 4 > total else 0.5) * len(interior):
        return 0
    over = sum(1 for w in widths if w > 1.15 * m)
    if over > 0.05 * total:
        return 0
    return m


def _join(a: str, b: str) -> str:
    if not a:
        return b
    if _CJK_END.match(a[-1]) or _CJK_START.match(b):
        return a + b
    if a.endswith("-") and len(a) > 1 and (a[-2].isalpha() or a[-2] == "-"):
        return a + b
    return a + " " + b


def _ends_sentence(s: str) -> bool:
    return s.endswith(_SENTENCE_END)


def _paragraphs(lines: list[_Line | None]) -> list[_Raw]:
    wrap = _hard_wrap_width(lines)
    out: list[_Raw] = []
    if not wrap:
        i, n = 0, len(lines)
        while i < n:
            ln = lines[i]
            i += 1
            if ln is None:
                continue
            nxt = lines[i] if i < n else None
            if nxt is not None and _SETEXT.match(nxt.text) and not _SETEXT.match(ln.text):
                out.append(_Raw(clean.collapse_ws(ln.text), setext=1 if nxt.text[0] == "=" else 2))
                i += 1
                continue
            text = ln.text
            # A parenthesis the line opens and the next line closes: "（2020年…第三次" / "会议通过）".
            while (nxt is not None and len(text) <= 60 and _unclosed(text)
                   and ("）" in nxt.text or ")" in nxt.text) and len(nxt.text) <= 60):
                text = _join(text, nxt.text)
                i += 1
                nxt = lines[i] if i < n else None
            out.append(_Raw(clean.collapse_ws(text), indent=ln.indent))
        return out
    # The indentation of continuation lines; a line indented deeper starts a paragraph.
    counts: dict[int, int] = {}
    for a, b in zip(lines, lines[1:], strict=False):
        if a is not None and b is not None:
            counts[b.indent] = counts.get(b.indent, 0) + 1
    base = max(counts, key=lambda k: counts[k]) if counts else 0
    cur: list[_Line] = []

    def flush() -> None:
        if cur:
            text = cur[0].text
            if len(cur) > 1:
                pieces = [text]
                for prev_part, part in zip(cur, cur[1:], strict=False):
                    pieces.append(_join(prev_part.text, part.text)[len(prev_part.text):])
                text = "".join(pieces)
            out.append(_Raw(clean.collapse_ws(text), nlines=len(cur), indent=cur[0].indent))
            cur.clear()

    for ln in lines:
        if ln is None:
            flush()
            continue
        if cur:
            prev = cur[-1]
            if _SETEXT.match(ln.text) and len(cur) == 1 and not _SETEXT.match(prev.text):
                out.append(_Raw(clean.collapse_ws(prev.text), setext=1 if ln.text[0] == "=" else 2))
                cur.clear()
                continue
            if _breaks(prev, ln, wrap, base):
                flush()
        cur.append(ln)
    flush()
    return out


def _below_author_box(lines: list[_Line | None], i: int, start: int) -> bool:
    """The bio line right under a "Written by …" box at the end of a page."""
    k = i - 1
    while k >= start and lines[k] is None:
        k -= 1
    ln = lines[k] if k >= start else None
    return ln is not None and _ABOUT_AUTHOR.match(ln.text) is not None and len(lines[i].text) <= 200  # type: ignore[union-attr]


def _tags_below_meta(lines: list[_Line | None], i: int, start: int) -> bool:
    """Is line `i` one of up to four short tags sitting right under a dated metadata line?"""
    k = i - 1
    hops = 0
    while k >= start and hops < 5:
        ln = lines[k]
        k -= 1
        if ln is None:
            continue
        hops += 1
        if _TAG.match(ln.text):
            continue
        fields = metadata.parse_fields(ln.text)
        return fields is not None and "date" in fields
    return False


def _strip_widget_prefix(s: str) -> str:
    """"【纠错】 责任编辑： 王博" → "责任编辑： 王博": a widget glued before a credit line."""
    m = _BRACKETED.match(s)
    if m and len(s) > m.end() and clean.is_share_widget(m.group(1)):
        return s[m.end():]
    return s


def _sentence_line(s: str) -> bool:
    """A line of running text (a sentence, not a headline in a list of links)."""
    cjk = _CJK.search(s) is not None
    return len(s) >= (30 if cjk else 60) and s.endswith(tuple("。！？.!?”\"’'"))


def _unclosed(s: str) -> bool:
    return s.count("（") > s.count("）") or s.count("(") > s.count(")")


def _breaks(prev: _Line, cur: _Line, wrap: int, base: int) -> bool:
    """Inside a run of non-blank lines of wrapped text: does `cur` start a new paragraph?"""
    if cur.indent >= base + 2 and (cur.indent > prev.indent or prev.indent > base):
        return True
    if prev.width + prev.indent < 0.6 * wrap:
        return True
    num = outline.split_numbering(cur.text)
    if num is not None and _ends_sentence(prev.text):
        return True
    pnum = outline.split_numbering(prev.text)
    return pnum is not None and prev.width < 0.8 * wrap and outline.looks_like_heading(pnum, prev.text)


# ---------------------------------------------------------------------------
# Headings


def _caps_heading(s: str) -> bool:
    if not (2 <= len(s) <= 50) or _CJK.search(s):
        return False
    if any(c.islower() or c.isdigit() for c in s) or s[0] in "\"'“‘([{-*_=":
        return False
    if sum(1 for c in s if c.isupper()) < 3 or len(s.split()) > 7 or any(c in s for c in ",;:!?"):
        return False
    return s.rstrip(".") not in ("THE END", "FINIS", "END")


def _classify(raws: list[_Raw], latin: bool) -> None:
    """Mark headings (with their numbering) and numbered paragraphs."""
    for k, r in enumerate(raws):
        if r.drop:
            continue
        s = r.text
        if r.setext:
            r.kind = "heading"
            r.numbered = outline.Numbered(f"setext{r.setext}", None, s, "")
            continue
        if _RULE.match(s):
            r.kind = "rule"
            if k > 0 and raws[k - 1].kind == "rule":
                r.drop = True
            continue
        num = outline.split_numbering(s)
        if num is not None:
            if num.family == "markup" or (num.family == "keyword" and r.nlines <= 2) or r.nlines == 1:
                if outline.looks_like_heading(num, s):
                    r.kind = "heading"
                    r.numbered = num
                    if num.family == "keyword" and not num.title:
                        _borrow_title(raws, k, r)
                    continue
            if num.family == "enum":
                r.numbered = num
            continue
        name = outline.named_section(s)
        if name is not None and r.nlines == 1:
            r.kind = "heading"
            r.numbered = outline.Numbered("named", None, name if _CJK.search(name) else s, "")
            continue
        if latin and r.nlines == 1 and r.indent < 2 and _caps_heading(s):
            r.kind = "heading"
            r.numbered = outline.Numbered("caps", None, s.rstrip("."), "")


_SMALL_WORDS = {"a", "an", "the", "of", "and", "or", "in", "on", "for", "to", "with", "at", "by", "from",
                "vs", "via", "as", "into", "over", "under", "but", "nor", "per"}
_CJK_PUNCT_ANY = re.compile(r"[，,。.、；;：:！!？?“”\"'‘’（）()《》「」『』【】\[\]—…·]")


def _title_case(s: str) -> bool:
    if len(s) > 60:
        return False  # before the split: most callers pass whole paragraphs
    words = s.split()
    if not (1 <= len(words) <= 8) or not words[0][:1].isupper():
        return False
    if s[-1] in ".,;:!" or any(c.isdigit() for c in s[:2]):
        return False
    big = [w for w in words if w.lower() not in _SMALL_WORDS]
    return bool(big) and all(w[:1].isupper() or not w[:1].isalpha() for w in big)


def _prose(r: _Raw | None, n: int) -> bool:
    return r is not None and r.kind == "paragraph" and len(r.text) >= n and _ends_sentence(r.text)


def _subheads(raws: list[_Raw], latin: bool) -> None:
    """Unnumbered subheads ("Key Findings", "打通信息孤岛"): short lines between prose.

    Only where the text has no chapters, and only when at least two such lines each sit
    between real paragraphs, so a lone short line or a poem never becomes a section.
    """
    live = [r for r in raws if not r.drop]
    if any(r.kind == "heading" and r.numbered is not None and r.numbered.family == "keyword" for r in live):
        return
    picks: list[_Raw] = []
    # Indented deeper than the paragraphs around it is a quote or verse; when every paragraph
    # starts with "　　", a subhead carries the same indent.
    indents: dict[int, int] = {}
    for r in live:
        if r.kind == "paragraph":
            indents[r.indent] = indents.get(r.indent, 0) + 1
    usual = max(indents, key=lambda k: indents[k]) if indents else 0
    deep = max(2, usual + 1)
    for k in range(1, len(live) - 1):
        r = live[k]
        if r.kind != "paragraph" or r.numbered is not None or r.nlines != 1 or r.indent >= deep:
            continue
        s = r.text
        if latin:
            ok = _title_case(s) and _prose(live[k + 1], 60)
        else:
            ok = (2 <= len(s) <= 16 and _CJK.search(s) is not None and not _CJK_PUNCT_ANY.search(s)
                  and _prose(live[k - 1], 40) and _prose(live[k + 1], 40))
        if ok:
            picks.append(r)
    named = sum(1 for r in live if r.kind == "heading" and r.numbered is not None and r.numbered.family == "named")
    if not picks or len(picks) + named < 2:
        return  # a named section ("Key Findings") vouches for its unnumbered siblings
    for r in picks:
        r.kind = "heading"
        r.numbered = outline.Numbered("subhead", None, r.text, "")


def _lone_numbers(raws: list[_Raw]) -> None:
    """"01" on its own line, then "书店在哪里": a magazine-style numbered section.

    Only as a sequence counting up from 1, each number followed by a short title line of its
    own and then text, with distinct titles (page numbers over a running header repeat it).
    """
    live = [r for r in raws if not r.drop]
    if not any(len(r.text) <= 2 for r in live):
        return
    found: list[tuple[_Raw, _Raw]] = []
    for k in range(len(live) - 2):
        r, t, after = live[k], live[k + 1], live[k + 2]
        if len(r.text) > 2 or r.kind != "paragraph" or r.nlines != 1 or not _LONE_NUMBER.match(r.text):
            continue
        s = t.text
        if t.kind != "paragraph" or t.nlines != 1 or len(s) > 40 or s.endswith(_TITLE_BAD_END) \
                or _ends_sentence(s) or t.numbered is not None or after.kind != "paragraph":
            continue
        found.append((r, t))
    values = [int(r.text) for r, _ in found]
    if len(found) < 2 or values != list(range(1, len(found) + 1)):
        return
    if len({t.text for _, t in found}) != len(found):
        return
    for r, t in found:
        r.kind = "heading"
        r.numbered = outline.Numbered("lone", r.text, t.text, "")
        r.text = f"{r.text} {t.text}"
        t.drop = True


def _bullet_heads(raws: list[_Raw]) -> None:
    """"■ 从“锁着”到“开着”" between paragraphs: a subhead marked with a bullet (WeChat, news).

    At least two lines with the same bullet, each short, not a sentence, and each followed by
    running text; bullets in a tight run are a list and stay one.
    """
    live = [r for r in raws if not r.drop]
    found: dict[str, list[_Raw]] = {}
    for k in range(len(live) - 1):
        r = live[k]
        s = r.text
        if r.kind != "paragraph" or r.nlines != 1 or s[0] not in _HEAD_BULLETS or len(s) > 32:
            continue
        title = s[1:].strip()
        prev = live[k - 1] if k > 0 else None
        if not title or title[-1] in "。！？!?.；;…" or title.endswith(_TITLE_BAD_END) \
                or (prev is not None and prev.text[:1] == s[0]) or not _prose(live[k + 1], 20):
            continue
        found.setdefault(s[0], []).append(r)
    for members in found.values():
        if len(members) < 2:
            continue
        for r in members:
            r.kind = "heading"
            r.text = r.text[1:].strip()
            r.numbered = outline.Numbered("subhead", None, r.text, "")


def _borrow_title(raws: list[_Raw], k: int, r: _Raw) -> None:
    """"CHAPTER I" followed by a short line "Down the Rabbit-Hole": that line is its title."""
    if k + 1 >= len(raws):
        return
    nxt = raws[k + 1]
    s = nxt.text
    if nxt.nlines == 1 and len(s) <= 60 and not s.endswith(_TITLE_BAD_END) and not _ends_sentence(s) \
            and outline.split_numbering(s) is None:
        assert r.numbered is not None
        r.numbered.title = s
        r.text = f"{r.text} {s}" if not _CJK.search(s) else f"{r.text}\u3000{s}".replace("\u3000", " ")
        nxt.drop = True


def _demote_lists(raws: list[_Raw], latin: bool = False) -> None:
    """Same-style numbered headings that only ever follow each other are a list, not sections.

    Also drops tables of contents: three or more headings in a row whose titles come back
    later as real headings.
    """
    live = [r for r in raws if not r.drop]
    # Damaged numbering (")大數據…", "四)…") is trusted only where the style is also written
    # properly somewhere in the document.
    sound = {r.numbered.style for r in live if r.numbered is not None and not r.numbered.weak}
    for r in live:
        if r.numbered is not None and r.numbered.weak and r.numbered.style not in sound:
            r.kind = "paragraph" if r.kind == "heading" else r.kind
            r.numbered = None
    # Inside chapters, an ALL-CAPS line is emphasis or verse ("CHORUS."), not a section;
    # before the first chapter it is front matter ("ETYMOLOGY.", "EXTRACTS.").
    seen_keyword = False
    for r in live:
        if r.kind != "heading" or r.numbered is None:
            continue
        if r.numbered.family == "keyword":
            seen_keyword = True
        elif r.numbered.family == "caps" and seen_keyword:
            r.kind = "paragraph"
            r.numbered = None
    # tables of contents
    n = len(live)
    keys = [_heading_key(r) if r.kind == "heading" else "" for r in live]
    last_seen: dict[str, int] = {}
    for idx, key in enumerate(keys):
        if key:
            last_seen[key] = idx
    i = 0
    while i < n:
        if live[i].kind != "heading":
            i += 1
            continue
        j = i + 1
        first_key = keys[i]
        # The run ends where the contents end and the body begins: at a restart of its first entry.
        while j < n and live[j].kind == "heading" and keys[j] != first_key:
            j += 1
        run = live[i:j]
        styles = [r.numbered.style for r in run if r.numbered is not None]
        # A chain of distinct styles (编 → 分编 → 章 with nothing between) is structure;
        # a contents list repeats a style (第一章, 第二章, …).
        if len(run) >= 3 and len(set(styles)) < len(styles):
            if sum(1 for x in range(i, j) if last_seen[keys[x]] >= j) >= 0.8 * len(run):
                for r in run:
                    r.kind = "list_item"
        i = j
    # Tight runs: "1. Water / 2. Food / 3. Map" one after another with nothing between are
    # a list, even when the same numbering style also marks real sections elsewhere.
    k = 0
    while k < n:
        r = live[k]
        num = r.numbered
        if r.kind != "heading" or num is None or num.family != "enum":
            k += 1
            continue
        j = k + 1
        while j < n and live[j].kind == "heading" and live[j].numbered is not None \
                and live[j].numbered.style == num.style:  # type: ignore[union-attr]
            j += 1
        if j - k >= 2:
            for x in range(k, j):
                live[x].kind = "list_item"
        k = j
    # "（七）植物新品种；" then "（八）法律规定的其他客体。": the last clause of an enumeration.
    for k in range(1, n):
        r, prev = live[k], live[k - 1]
        if r.kind == "heading" and r.text.endswith("。") and r.numbered is not None \
                and prev.kind in ("paragraph", "list_item") and prev.numbered is not None \
                and prev.numbered.style == r.numbered.style \
                and not outline.run_in_lead(prev.numbered, prev.text):
        # (a sibling with a run-in head, "（二）丰富馆藏资源。各地…", makes it a section)
            r.kind = "list_item"
    # "附件：1.社区书屋建设基本标准" then "2.社区书屋服务规范": a list that began after a colon.
    for k in range(1, n):
        r, prev = live[k], live[k - 1]
        num = r.numbered
        if r.kind == "heading" and num is not None and num.family == "enum" and prev.kind != "heading":
            m = _INLINE_LIST.search(prev.text)
            if m is not None:
                first = outline.split_numbering(m.group(1))
                want = outline.number_value(num.number)
                if first is not None and first.style == num.style and want is not None \
                        and outline.number_value(first.number) == want - 1 - sum(
                            1 for x in live[max(0, k - 9):k] if x.kind == "list_item" and x.numbered is not None
                            and x.numbered.style == num.style and x is not prev):
                    r.kind = "list_item"
    if latin:
        # One "1. Introduction" is not a numbering scheme; English needs two siblings.
        counts: dict[str, int] = {}
        for r in live:
            if r.kind == "heading" and r.numbered is not None and r.numbered.family == "enum":
                counts[r.numbered.style] = counts.get(r.numbered.style, 0) + 1
        for r in live:
            num = r.numbered
            if r.kind == "heading" and num is not None and num.family == "enum" \
                    and counts[num.style] < 2 and not num.style.startswith("dec"):
                r.kind = "paragraph"


def _heading_key(r: _Raw) -> str:
    """Identity of a heading for matching a contents line with its section: style, number,
    title without dot leaders and page number ("总则……………1", "Getting Started .... 5")."""
    num = r.numbered
    title = r.text if num is None else num.title
    title = _TOC_LEADER.sub("", clean.collapse_ws(title))
    if num is None:
        return title
    return f"{num.style}|{num.number}|{title}"


def _runins(raws: list[_Raw], latin: bool = False) -> None:
    """Numbered paragraphs whose lead phrase ends at the first full stop get a run-in head.

    Judged per sibling group: when fewer than half of the numbered paragraphs of a style
    under the same heading have a lead, the few that do are numbered sentences, not heads.
    """
    groups: dict[tuple[int, str], list[_Raw]] = {}
    section = -1
    for k, r in enumerate(raws):
        if r.drop:
            continue
        if r.kind == "heading":
            section = k
            continue
        num = r.numbered
        if num is None or num.family != "enum":
            continue
        r.lead = outline.run_in_lead(num, r.text)
        groups.setdefault((section, num.style), []).append(r)
    for members in groups.values():
        with_lead = sum(1 for r in members if r.lead)
        # Items ending in "；" enumerate clauses of one sentence (law: "（一）…；（二）…。").
        enumeration = any(r.text.endswith(("；", ";")) for r in members)
        if latin:
            # English prose numbers sentences freely; ask for two real heads, short and clean.
            for r in members:
                num = r.numbered
                phrase = r.text[len(num.prefix): r.lead] if num is not None and r.lead else ""
                if r.lead and (len(phrase.split()) > 8 or ";" in phrase):
                    r.lead = 0
            with_lead = sum(1 for r in members if r.lead)
            enumeration = enumeration or with_lead < 2
        if enumeration or with_lead * 2 < len(members):
            for r in members:
                r.lead = 0
        # numbered sentences in a tight run (law items "（一）…；") read as a list
    for k, r in enumerate(raws):
        if r.kind == "paragraph" and r.numbered is not None and not r.lead and len(r.text) <= 200:
            prev = raws[k - 1] if k > 0 else None
            nxt = raws[k + 1] if k + 1 < len(raws) else None
            same = [x for x in (prev, nxt) if x is not None and x.numbered is not None
                    and x.kind in ("paragraph", "list_item") and not x.lead
                    and x.numbered.style == r.numbered.style]
            if same:
                r.kind = "list_item"


def _build(raws: list[_Raw]) -> tuple[list[Block], list[OutlineEntry]]:
    blocks: list[Block] = []
    cands: list[outline.Candidate] = []
    owners: list[_Raw] = []
    for r in raws:
        if r.drop:
            continue
        num = r.numbered
        if r.kind == "heading" and num is not None:
            number, title = _entry_number_title(num)
            cands.append(outline.Candidate(len(blocks), num.style, number, title))
            owners.append(r)
            shown = clean.collapse_ws(num.title) if num.style.startswith("atx") else r.text
            blocks.append(Block("heading", shown, number=number))
        elif r.kind == "rule":
            blocks.append(Block("rule", ""))
        elif r.kind == "list_item":
            blocks.append(Block("list_item", r.text, level=1, number=num.number if num else None))
        elif r.lead and num is not None:
            phrase = r.text[len(num.prefix): r.lead - 1].strip()
            cands.append(outline.Candidate(len(blocks), num.style, num.number, phrase))
            owners.append(r)
            blocks.append(Block("paragraph", r.text, lead=r.lead))
        else:
            blocks.append(Block("paragraph", r.text))
    outline.assign_levels(cands)
    outline.repair_numbers(cands)
    forms = _paren_forms(owners)
    entries: list[OutlineEntry] = []
    for c, r in zip(cands, owners, strict=True):
        b = blocks[c.block]
        if b.kind == "heading":
            b.level = c.level
            b.number = c.number
            if r.numbered is not None and _needs_rebuild(r.numbered):
                b.text = _rebuild(r.numbered, c.number, forms)
        elif r.numbered is not None and _needs_rebuild(r.numbered):
            new_prefix = _rebuild(r.numbered, c.number, forms, title="")
            b.text = new_prefix + b.text[len(r.numbered.prefix):]
            b.lead += len(new_prefix) - len(r.numbered.prefix)
        entries.append(OutlineEntry(c.level, c.number, c.title, c.block))
    return blocks, entries


def _entry_number_title(num: outline.Numbered) -> tuple[str | None, str]:
    title = clean.collapse_ws(num.title)
    if num.family in ("markup", "named", "caps", "subhead"):
        number, rest = outline.split_number(title)
        return number, rest or title
    if title.endswith(".") and not title.endswith("..") and not _CJK.search(title):
        title = title[:-1]  # "CHAPTER 1. Loomings." → "Loomings"
    elif title.endswith("。"):
        title = title[:-1]  # "一、加强组织领导。" → "加强组织领导"
    return num.number, title or (num.number or "")


def _paren_forms(owners: list[_Raw]) -> tuple[str, str]:
    """The document's own parentheses for （一）-style numbers: full-width or ASCII."""
    ascii_n = full_n = 0
    for r in owners:
        num = r.numbered
        if num is not None and num.style == "cn_paren":
            p = num.prefix.strip()
            if p.startswith("("):
                ascii_n += 1
            elif p.startswith("（"):
                full_n += 1
    return ("(", ")") if ascii_n > full_n else ("（", "）")


def _needs_rebuild(num: outline.Numbered) -> bool:
    return num.style == "cn_paren" and num.weak


def _rebuild(num: outline.Numbered, number: str | None, forms: tuple[str, str],
             title: str | None = None) -> str:
    t = num.title if title is None else title
    return f"{forms[0]}{number or ''}{forms[1]}{t}"


# ---------------------------------------------------------------------------


def parse_text(text: str, *, path: str = "<text>", encoding: str = "utf-8",
               sanitized: bool = False) -> Article:
    """Turn decoded plain text into an `Article` (title, metadata, blocks, outline, links).

    `sanitized`: the text comes from `encoding.decode_bytes`, which already normalised its
    newlines and stripped its control characters; doing it again changes nothing and costs
    a scan of the whole text (~2 ms a MB)."""
    if not sanitized:
        text = strip_controls(normalise_newlines(text))
    text = clean.strip_pinyin(text)
    head = _Head()
    raw_lines = text.split("\n")
    if "*" in text:  # every Gutenberg marker starts with "*"
        raw_lines = _gutenberg(raw_lines, head)
    lines = _prep_lines(raw_lines, text)
    start = _head(lines, head, PurePath(path).stem if path else "")
    _tail(lines, start, head)
    if clean.has_spam(text):
        _spam_lines(lines)
    # A line of only invisible characters (U+2060 …) collapses to nothing: no paragraph.
    raws = [r for r in _paragraphs(lines) if r.text]
    _drop_repeats(raws, head)
    _body_widgets(raws, head.title or "")
    sample = text[:20000]
    latin = sample.isascii() or _CJK.search(sample) is None  # isascii: O(1), no regex scan
    _classify(raws, latin)
    _lone_numbers(raws)
    _bullet_heads(raws)
    _demote_lists(raws, latin)
    _subheads(raws, latin)
    _runins(raws, latin)
    blocks, entries = _build(raws)
    title = head.title or title_from_path(path)
    meta = {k: v for k, v in head.meta.items() if v not in ("", [], None)}
    return Article(
        title=clean.collapse_ws(title),
        blocks=blocks,
        outline=entries,
        metadata=meta,
        prev=Link(head.prev) if head.prev else None,
        next=Link(head.next) if head.next else None,
        path=path,
        format="text",
        encoding=encoding,
    )


def _spam_lines(lines: list[_Line | None]) -> None:
    """SEO spam in the middle of the text (only looked for when the text has spam words)."""
    for i, ln in enumerate(lines):
        if ln is not None and clean.has_spam(ln.text) and clean.is_junk(ln.text):
            lines[i] = None


def _page_marks(raws: list[_Raw], title: str) -> None:
    """"Page 1 of 2", "第 3 页", "- 4 -" from a converted PDF, and the running header (the
    title again) printed beside them: page furniture, never the author's text."""
    key = title.casefold()
    for k, r in enumerate(raws):
        s = r.text
        if r.nlines != 1 or len(s) > 24 or s[:1] not in "Pp第-—–" or not _PAGE_MARK.match(s):
            continue
        r.drop = True
        for j in (k - 1, k + 1):
            if 0 <= j < len(raws) and key and raws[j].text.casefold() == key:
                raws[j].drop = True


def _body_widgets(raws: list[_Raw], title: str = "") -> None:
    """Widgets and promos left in the middle of the text ("【打印本页】", "Advertisement").

    Checked on paragraphs, not lines: only a short one-line paragraph can be a widget, so a
    5 MB text (or a hard-wrapped one, where every line is short) checks almost nothing.
    """
    _page_marks(raws, title)
    skipping = 0
    for r in raws:
        if skipping:
            # the headlines under a "Related stories" label, up to the next real paragraph
            if r.nlines == 1 and len(r.text) <= 80 and not _sentence_line(r.text) \
                    and not r.text.endswith(_SENTENCE_END):
                r.drop = True
                skipping -= 1
                continue
            skipping = 0
        if r.nlines == 1 and len(r.text) <= 40 and r.text[0] in _RELATED_FIRST and _RELATED.match(r.text):
            r.drop = True
            skipping = 8
        elif r.nlines == 1 and len(r.text) <= 40 and clean.may_be_widget(r.text) and clean.is_junk(r.text):
            r.drop = True
        elif r.text[:1] in _DISCLAIMER_HEADS and clean.is_disclaimer_start(r.text):
            r.drop = True  # "免责声明：…" is never the author's text, wherever it sits


def _drop_repeats(raws: list[_Raw], head: _Head) -> None:
    """The title and author repeated at the top of the body (Gutenberg title pages)."""
    title = (head.title or "").casefold()
    author = str(head.meta.get("author", "")).casefold()
    for r in raws[:8]:
        t = r.text.casefold()
        if title and (t == title or t.replace(";", ",") == title.replace(";", ",")):
            r.drop = True
        elif author and (t == author or t == f"by {author}"):
            r.drop = True
