"""Residue of Chinese text-download sites: watermark lines, page navigation, HTML comments.

Why a pass of its own: books copied from txt sites (八零电子书, 书包网, TXT小说天堂, …) carry
the site's credit lines *between chapters*, not only in the head or tail where the generic
junk rules look, often obfuscated ("wＷw：xiaoshuotxt？nettxt小＿说天＿堂"), plus "分节阅读 N"
page markers and a `<!-- … -->` footer spanning several lines. A reader never wants them.

Why this shape: the text can be 5 MB, so the search is one literal-first regex over the
whole text (the C scanner skips to the first characters of the alternatives); only the few
hits are expanded to their line, and the line is dropped only when it is short, so prose
that happens to contain a marker word stays.
"""

from __future__ import annotations

import re

# Distinctive marks of a download site's credit line. Every alternative starts with a
# literal character (see clean._SPAM_STRONG for why).
_CREDIT = re.compile(
    r"xiaoshuotxt|xiaosgyitxt|txt80|txt81|sjtxt|bookbao|txtbbs|TXT BBS|PIXTEL_MMI|"
    r"4020电子书|八零电子书|书包网|书 包 网|書包網|落吧书屋|落吧门第|小说天堂|小說天堂|"
    r"txt[^\n]{0,12}?小[^\n]{0,2}说[^\n]{0,2}天[^\n]{0,2}堂|TXT[^\n]{0,12}?小[^\n]{0,2}说[^\n]{0,2}天[^\n]{0,2}堂|"
    r"ＴＸＴ[^\n]{0,12}?小[^\n]{0,2}说[^\n]{0,2}天[^\n]{0,2}堂|"
    r"分节阅读|分節閱讀|_分节阅读|本书来自|本書來自|更多精彩|更多txt|更多TXT|"
    r"TXT下载|TXT下載|txt下载|txt下載|TXT图书下载|TXT小说|txt小说|TXT电子书|txt电子书|"
    r"小说下载|小說下載|电子书下载|電子書下載|"
    r"24小时内删除|24小時內刪除|二十四小时内删除|"
    r"用户上传之内容|用戶上傳之內容|本作品来自互联网|本作品來自互聯網|"
    r"声明：本书为|聲明：本書為|申明:本书由|申明：本书由|【申明|本书籍由网友|"
    r"本书由“|本文内容由【|古香齋|古香斋|掃瞄校對|扫瞄校对|"
    r"书香门第(?:整理|论坛|社区|制作|收集|提供|\s*[(（【\[])|"
    r"書香門第(?:整理|論壇|社區|製作|收集|提供|\s*[(（【\[])"
)
#: A line made only of page-navigation words: "上一章 目录 下一章", "返回目录 加入书签".
_NAV_LINE = re.compile(
    r"^[\s\u3000|｜/·•\-—>＞<＜【】\[\]]*(?:(?:上一[章页頁篇节節]|下一[章页頁篇节節]|返回目[录錄]|返回书[页頁]|"
    r"返回書[頁页]|加入书签|加入書籤|目[录錄]|投推荐票|投推薦票|章节目录|章節目錄)"
    r"[\s\u3000|｜/·•\-—>＞<＜【】\[\]]*){2,}$"
)
#: One scan finds both: a credit mark, or the first word of a nav line (group "nav").
#: (Plain literals: a group in front of a branch makes `re` try every position, ~20x slower.)
_NAV_WORDS = ("上一章", "上一页", "上一頁", "上一篇", "上一节", "上一節", "返回目录", "返回目錄", "加入书签", "加入書籤")
#: A `<!-- … -->` comment left in a text file, possibly over several lines.
_COMMENT = re.compile(r"<!--[\s\S]{0,3000}?-->")
#: A line of only dashes or a lone comment fence after the credits are gone.
_RULE = re.compile(r"^[\s\u3000]*(?:-{3,}|—{3,}|<!--|-->)[\s\u3000]*$")

_ANCHOR = re.compile("|".join(_NAV_WORDS) + "|" + _CREDIT.pattern)
#: "<br>", "<br/>", "br/>" (the "<" lost in a scrape): a line break.
_BREAK = re.compile(r"<br\s*/?>|<BR\s*/?>|br/>")  # literal-first; "</wbr>" is spared in `_break`

#: Lines longer than this are prose that mentions a marker, not a credit line.
_MAX_CREDIT = 220


def strip_site_credits(text: str) -> tuple[str, int]:
    """`text` without download-site credit lines, nav lines and HTML comments; and how
    many lines went."""
    if "br/>" in text or "<br" in text or "<BR" in text:
        # "他走了。br/>br/>她来了": the line breaks of a scraped page, tag half gone
        text = _BREAK.sub(lambda m: _break(m, text), text)
    hits: list[tuple[int, int]] = []
    if "<!--" in text:
        hits.extend(_with_fences(text, m.start(), m.end()) for m in _COMMENT.finditer(text))
    for m in _ANCHOR.finditer(text) if _chinese(text) else ():
        a = text.rfind("\n", 0, m.start()) + 1
        b = text.find("\n", m.end())
        b = len(text) if b < 0 else b
        if m.group(0) in _NAV_WORDS:
            if b - a <= 80 and _NAV_LINE.match(text[a:b]):
                hits.append((a, b))
        elif b - a <= _MAX_CREDIT:
            hits.append(_with_fences(text, a, b))
    if not hits:
        return text, 0
    hits.sort()
    out: list[str] = []
    pos = 0
    dropped = 0
    for a, b in hits:
        if b <= pos:
            continue
        a = max(a, pos)
        out.append(text[pos:a])
        dropped += text.count("\n", a, b) + 1
        pos = b
    out.append(text[pos:])
    return "".join(out), dropped


#: A Han character: the credit marks belong to Chinese download sites.
_HAN = re.compile(r"[\u4e00-\u9fff]")


def _chinese(text: str) -> bool:
    """True when the text has Han characters in its first 64 KB: only then can it carry a
    Chinese site's credits. Why the gate: the marks' first letters (t, s, b, x…) are
    everywhere in English text, where the scan cost ~23 ms/MB and could find nothing."""
    return not text.isascii() and _HAN.search(text, 0, 65536) is not None


def _with_fences(text: str, a: int, b: int) -> tuple[int, int]:
    """(a, b) widened over the dash rules and comment fences right around a credit block:
    "------ / 本书由…整理 / ------" goes as a whole."""
    while a > 0:
        pa = text.rfind("\n", 0, a - 1) + 1
        if a - pa > 120 or not _RULE.match(text[pa:a - 1]):
            break
        a = pa
    while b < len(text):
        nb = text.find("\n", b + 1)
        nb = len(text) if nb < 0 else nb
        if nb - b > 120 or not _RULE.match(text[b + 1:nb]):
            break
        b = nb
    return a, b


def is_credit_line(line: str) -> bool:
    """True for a line `strip_site_credits` drops (for `inspect --explain`)."""
    s = line.strip()
    if not s:
        return False
    if _RULE.match(s):
        return False
    m = _ANCHOR.search(s)
    if m is None:
        return False
    if m.group(0) in _NAV_WORDS:
        return len(s) <= 80 and _NAV_LINE.match(s) is not None
    return len(s) <= _MAX_CREDIT


def _break(m: re.Match[str], text: str) -> str:
    """A newline for a line-break tag or its residue; "wbr/>" and "</br/>" stay as written."""
    if m.group(0)[0] == "b" and m.start() > 0:
        before = text[m.start() - 1]
        if before.isalnum() or before in "</":
            return m.group(0)
    return "\n"
