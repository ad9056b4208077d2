"""Line-level cleanup of scraped plain text: what a reader skips without thinking.

Scraped articles carry the page around them: SEO keyword stuffing, leftover HTML tags,
"分 享 至 手 機" share widgets, app download promos, disclaimers, copyright and ICP lines,
the numbering of a scraped `<ol>`, and pinyin readings glued after characters. Each rule
here is small and named so a test can pin it; the text reader decides *where* a rule
applies (some only in the head or tail of a page).
"""

from __future__ import annotations

import html
import re

# ---------------------------------------------------------------------------
# HTML residue

_TAG_NAMES = (
    "a|abbr|address|area|article|aside|audio|b|base|bdi|bdo|big|blockquote|body|br|button|canvas|"
    "caption|center|cite|code|col|colgroup|data|datalist|dd|del|details|dfn|dialog|div|dl|dt|em|"
    "embed|fieldset|figcaption|figure|font|footer|form|h[1-6]|head|header|hr|html|i|iframe|img|"
    "input|ins|kbd|label|legend|li|link|main|map|mark|marquee|menu|meta|meter|nav|noscript|object|"
    "ol|optgroup|option|output|p|param|picture|pre|progress|q|rp|rt|ruby|s|samp|script|section|"
    "select|small|source|span|strike|strong|style|sub|summary|sup|svg|table|tbody|td|template|"
    "textarea|tfoot|th|thead|time|title|tr|track|tt|u|ul|var|video|wbr|xmp"
)
_TAG_RE = re.compile(r"</?(?:" + _TAG_NAMES + r")(?:\s[^<>]{0,500})?/?>", re.IGNORECASE)
_COMMENT_RE = re.compile(r"<!--.{0,2000}?-->")
_ENTITY_RE = re.compile(r"&(?:#\d{1,7}|#x[0-9a-fA-F]{1,6}|[a-zA-Z]{2,10});")


def strip_tags(line: str) -> str:
    """Remove HTML tags (known element names only, so "a <b" in prose survives) and comments."""
    if "<" not in line:
        return line
    return _TAG_RE.sub("", _COMMENT_RE.sub("", line))


def unescape_entities(line: str) -> str:
    """"&nbsp;" and "&amp;" left by a scrape become the characters they stand for."""
    if "&" not in line or not _ENTITY_RE.search(line):
        return line
    return html.unescape(line).replace("\xa0", " ")


# ---------------------------------------------------------------------------
# Whitespace

_CJK_CHAR = r"[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]"


def collapse_ws(text: str) -> str:
    """Every run of whitespace (ASCII, NBSP, ideographic) becomes one space; ends trimmed."""
    if text.isascii():  # O(1)
        # Most English text is already collapsed, and splitting a paragraph makes one string
        # per word just to join them again (~2x the cost of this check). In ASCII the only
        # whitespace but " " is control characters, which `isprintable()` rejects.
        if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
            return text
    elif "\u200b" in text or "\u2060" in text or "\ufeff" in text:
        text = text.replace("\u200b", "").replace("\u2060", "").replace("\ufeff", "")
    # str.split() knows Unicode whitespace (NBSP, U+3000, U+2000–U+200A) and runs in C.
    return " ".join(text.split())


# ---------------------------------------------------------------------------
# Pinyin readings glued after characters: "發(fā)展" → "發展"

_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ"
_PINYIN_SYLLABLE = (
    r"(?:[bpmfdtnlgkhjqxrzcsyw]|zh|ch|sh)?"
    r"(?:[aeiouv" + _TONED + r"]{1,3}(?:ng|n|r)?)"
)
_PINYIN_ANNOT_RE = re.compile(r"(?<=[\u3400-\u9fff\uf900-\ufaff])\((" + _PINYIN_SYLLABLE + r")\)")
_PINYIN_ANY_RE = re.compile(r"\((" + _PINYIN_SYLLABLE + r")\)")
_HAS_TONE = re.compile("[" + _TONED + "]")
_CJK_BEFORE = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def pinyin_annotations(text: str) -> int:
    """How many "字(zì)" annotations with a tone mark the text carries."""
    if "(" not in text:
        return 0
    return sum(1 for m in _PINYIN_ANNOT_RE.finditer(text) if _HAS_TONE.search(m.group(1)))


def strip_pinyin(text: str, *, min_count: int = 2) -> str:
    """Drop "(pīn)" readings glued after characters when the document shows the pattern.

    Only when at least `min_count` toned annotations follow a CJK character: one "(a)"
    after a character is a real parenthesis. Once the habit is established, every toned
    reading goes (also after mojibake, "…y(tǒng)"), and a toneless syllable of two or more
    letters goes when it follows a character ("的(de)"); "(如《…》)" never matches.
    """
    if pinyin_annotations(text) < min_count:
        return text
    return _PINYIN_ANY_RE.sub(_drop_reading, text)


def _drop_reading(m: re.Match[str]) -> str:
    syllable = m.group(1)
    if _HAS_TONE.search(syllable):
        return ""
    start = m.start()
    if len(syllable) >= 2 and start > 0 and _CJK_BEFORE.match(m.string[start - 1]):
        return ""
    return m.group(0)


# ---------------------------------------------------------------------------
# Junk lines

# Case-sensitive on purpose: an IGNORECASE alternation is ten times slower on 5 MB. Every
# alternative starts with a literal character ("porn|Porn", not "[pP]orn"): then `re` scans
# for the set of first characters in C instead of trying each branch at every position
# (~10x faster on a long line; same matches).
_SPAM_STRONG = re.compile(
    r"无码|無碼|色婷婷|亚洲综合|亞洲綜合|亚洲欧美|亞洲歐美|国产精品|國產精品|成人(?:网|網|视频|視頻|电影|電影)|"
    r"一本道|av在线|aV在线|Av在线|AV在线|娱乐城|娛樂城|百家乐|百家樂|六合彩|时时彩|時時彩|老虎机|老虎機|"
    r"porn|Porn|PORN|casino|Casino|viagra|Viagra"
)
# Words that are spam only inside a keyword list ("久久不能平静" is good prose).
_SPAM_WEAK = re.compile(r"久久|精品|中文字幕|在线观看|在線觀看|免费|免費|视频|視頻|在线|在線|博彩|棋牌|午夜|激情")
_KEYWORD_SPLIT = re.compile(r"[,，、|｜/]")
_SHARE_RE = re.compile(
    r"^(?:(?:发表评论|發表評論)[:：]?|分享(?:到|至)[:：]?.{0,20}|分享[:：]?|分享(?:给|給)?(?:微信|微博|朋友圈|好友|QQ|手机|手機|空间|空間).{0,12}|扫一扫.{0,20}|掃一掃.{0,20}|打印(?:本页|本頁|此页|此頁)?|关闭(?:窗口|本页)?|"
    r"關閉(?:窗口|視窗|本頁)?|返回(?:顶部|頂部|首页|首頁|列表)|收藏(?:本文|本页)?|"
    r"(?:字号|字號|字体|字體)[:：]?(?:大|中|小|默认|默認|[\[【】\]])*|[【\[]?(?:大|中|小)[】\]]?(?:[【\[]?(?:大|中|小)[】\]]?){2}|"
    r"(?:阅读原文|閱讀原文|点赞|點贊|點讚|在看|赞同|贊同|喜欢|喜歡|举报|舉報|举报/认领|转藏|轉藏|献花|獻花|全屏|"
    r"发表评论|發表評論|评论|評論|写留言|寫留言|留言|收藏|转发|轉發|纠错|糾錯|申请转载|申請轉載|"
    r"(?:\+\s*)?(?:关注他|关注她|關注他|關注她|关注作者|關注作者|已关注|已關注))(?:\(\d+\)|\s*\d+)?|"
    r"member-only story|memberonlystory|follow|following|listen|\d{1,3}\s*min(?:ute)?s?\s*read|[·•]|"
    r"(?:\d[\d,.]*[km]?\s*)?(?:likes?|comments?|restacks?|shares?|subscribe|subscribed|reply|replies|responses?)"
    r"(?:\s*\(?\d[\d,.]*[km]?\)?)?|"
    r"(?:share|sharethis|share this|shareon|share on|tweet|print|emailthis|email this|backtotop|back to top|"
    r"advertisement|sponsored|sponsoredcontent|skip to content|skiptocontent)(?:[:：].{0,40})?|"
    r"share this (?:article|story|page|post)|sharethis(?:article|story|page|post)|"
    r"(?:share|sharethis|share this|shareon|share on|share via|shareto|share to)\s*"
    r"(?:facebook|twitter|x|linkedin|whatsapp|email|reddit|pinterest|telegram|weibo|wechat))$",
    re.IGNORECASE,
)
# A promo *ends* with what it advertises ("…融媒宣傳下載", "…客户端") or *starts* with the
# call to action ("扫码下载…", "关注…公众号"); "关于规范APP下载管理的通知" is a title.
_PROMO_RE = re.compile(
    r"(?:下载|下載|客户端|客戶端|APP|App|app|二维码|二維碼|公众号|公眾號)\s*[!！>》]*$|"
    r"^(?:扫码|掃碼|扫描|掃描|长按|長按|点击下载|點擊下載|下载|下載|关注|關注|打开|打開|点击上方|點擊上方|"
    r"收录于合集|收錄於合集|收录于话题|收錄於話題|点个|點個|"
    r"(?:加入|开通|開通|成为|成為)(?:VIP|会员|會員))|(?:关注我们|關注我們)$"
)
_DISCLAIMER_START = re.compile(
    r"^[\[【(（]?\s*(?:免责声明|免責聲明|版权声明|版權聲明|特别声明|特別聲明|声明|聲明|法律声明|法律聲明|"
    r"郑重声明|鄭重聲明|disclaimer)\s*[\]】)）]?\s*[:：]",
    re.IGNORECASE,
)
# Literal first characters in every alternative, as in `_SPAM_STRONG`: "仅代表作者…|僅代表作者…|
# 代表作者…" is "(?:仅|僅)?代表作者…" written so that `re` can skip ahead in C.
_DISCLAIMER_PHRASES = re.compile(
    r"转载自其它媒体|轉載自其它媒體|转载自其他媒体|轉載自其他媒體|不代表本(?:网|網|站)|"
    r"仅代表作者(?:个人|個人|本人)?(?:观点|觀點|立场|立場)|僅代表作者(?:个人|個人|本人)?(?:观点|觀點|立场|立場)|"
    r"代表作者(?:个人|個人|本人)?(?:观点|觀點|立场|立場)|不代表本.{0,6}(?:观点|觀點|立场|立場)|"
    r"有害或侵权内容|有害或侵權內容|仅供(?:学习|學習)(?:交流|参考|參考)|僅供(?:学习|學習)(?:交流|参考|參考)|"
    r"请联系删除|請聯繫刪除|"
    r"版权归原作者|版權歸原作者|如有侵权|如有侵權|请联系(?:我们|本站)删除|請聯繫(?:我們|本站)刪除|"
    r"版权归.{0,10}所有|版權歸.{0,10}所有"
)
_COPYRIGHT_RE = re.compile(
    r"^(?:版权所有|版權所有)|(?:版权所有|版權所有)\s*(?:[:：©(（]|$)|copyright\s*(?:©|\(c\)|\d{4}|$)|©|"
    r"\(c\)\s*\d{4}|all rights reserved|ICP(?:备|備|证|證)|"
    r"公网安备|公網安備|网安备|網安備|增值电信业务|增值電信業務|互联网新闻信息服务许可证|技术支持[:：]|技術支持[:：]",
    re.IGNORECASE,
)
_SITE_FOOTER_RE = re.compile(
    r"^(?:主办|主辦|承办|承辦|运维|運維|运营|運營|网站标识码|網站標識碼|联系电话|聯繫電話|联系我们|聯繫我們|"
    r"地址|通讯地址|通訊地址|邮编|郵編|电子邮箱|電子郵箱|E-?mail)\s*[:：]",
    re.IGNORECASE,
)
_COUNTER_RESIDUE = re.compile(
    r"^[+\-]?\d[\d,.]{0,5}[kKwW万萬]?(?:\s+[+\-]?\d[\d,.]{0,5}[kKwW万萬]?){0,3}$|"
    r"^(?:赞同|贊同|点赞|點贊)?\s*[\d,.万萬]{1,9}\s*(?:条评论|條評論|人赞同了该(?:回答|文章)|人贊同了該(?:回答|文章)|人点赞|人點贊)$|"
    r"^(?:赞同|贊同|点赞|點贊)\s*[\d,.万萬]{1,9}(?:\s*[\d,.万萬]{1,9}\s*(?:条评论|條評論))?$"
)
#: "Thanks for reading Slow Pages! Subscribe for free…": a newsletter's sign-up footer.
_NEWSLETTER = re.compile(r"^Thanks for reading .{1,80}?[!.]\s*Subscribe\b", re.IGNORECASE)
_YEAR = re.compile(r"^(?:1[5-9]|20)\d\d$")
_CRUMB_MARK = re.compile(r"[>＞»›→]")  # "首頁 > 研究報告": a breadcrumb, which is metadata
_NAV_WORDS = re.compile(r"首页|首頁|登录|登錄|登入|注册|註冊|Sign in|Log in|Home\b")
_NAV_SPLIT = re.compile(r"\s*[|｜]\s*")
_LIST_RESIDUE_RE = re.compile(r"^\s*\d{1,3}\.\s+")
_ONLY_NUMBERING = re.compile(r"^\s*(?:\d{1,3}[.)]|[-*•·])?\s*$")


_SPAM_CJK = re.compile(
    r"无码|無碼|色婷婷|亚洲综合|亞洲綜合|亚洲欧美|亞洲歐美|国产精品|國產精品|成人(?:网|網|视频|視頻|电影|電影)|"
    r"一本道|娱乐城|娛樂城|百家乐|百家樂|六合彩|时时彩|時時彩|老虎机|老虎機"
)
_SPAM_ASCII = ("porn", "Porn", "PORN", "casino", "Casino", "viagra", "Viagra", "av在线", "AV在线")


def has_spam(text: str) -> bool:
    """Does the text use strong spam vocabulary at all? One regex for the CJK words (its
    first characters are rare, so it is fast) and C substring search for the rest: a clean
    5 MB text pays ~25 ms and then skips every per-line spam check. A line (when the text
    has spam) takes one combined regex: ~4x faster than a generator over the words."""
    if len(text) <= 1000:
        return _SPAM_ANY.search(text) is not None
    if text.isascii():
        # No CJK word can occur; one lower-cased copy (fast for ASCII) rules out every case
        # variant in three scans instead of seven, and only a hit pays for the exact words.
        low = text.lower()
        if "porn" not in low and "casino" not in low and "viagra" not in low:
            return False
        return any(word in text for word in _SPAM_ASCII if word.isascii())
    return _SPAM_CJK.search(text) is not None or any(word in text for word in _SPAM_ASCII)


_SPAM_ANY = re.compile(_SPAM_CJK.pattern + "|" + "|".join(map(re.escape, _SPAM_ASCII)))


def is_spam_keywords(line: str, *, in_head: bool) -> bool:
    """SEO keyword stuffing: a list of short phrases, or a line full of spam vocabulary.

    Two different strong spam words condemn any line. A comma list of 3+ short phrases
    with no sentence punctuation is spam in the head of a page (before the title), or
    anywhere when it uses spam words; a real sentence with commas is never dropped.
    """
    strong = set(_SPAM_STRONG.findall(line))
    if len(strong) >= 2:
        return True
    parts = [p.strip() for p in _KEYWORD_SPLIT.split(line)]
    if len(parts) < 3 or any(c in line for c in "。！？.!?") or line.rstrip().endswith(("：", ":")):
        # A list that ends in a colon addresses someone ("各省、自治区…人民政府：").
        return False
    if not all(0 < len(p) <= 16 and " " not in p for p in parts if p):
        return False
    if sum(1 for p in parts if "：" in p or ":" in p) >= 2:
        return False  # "上传人：x | 上传时间：2022-03-15 | 浏览：2356": labelled fields, not keywords
    return in_head or bool(strong) or len(_SPAM_WEAK.findall(line)) >= 2


# Every alternative starts with a literal character (no "[Ss]hare"): then `re` scans for
# the set of first characters in C before trying the branches, ~8x faster on body lines.
_WIDGET_TRIGGER = re.compile(
    r"分\s*享|扫\s*一|掃\s*一|打\s*印|关\s*闭|關\s*閉|返\s*回|收\s*藏|字\s*[号號体體]|下\s*[载載]|客\s*[户戶]\s*端|"
    r"APP|App|扫码|掃碼|二[维維]码|二[维維]碼|公[众眾][号號]|声明|聲明|Share|share|SHARE|Tweet|tweet|"
    r"Print|print|Email|email|Back to top|back to top|Advertisement|advertisement|ADVERTISEMENT|"
    r"Sponsored|sponsored|Skip to|skip to|大\s*[】\]]|中\s*[】\]]|小\s*[】\]]|"
    r"Subscribe|subscribe|Likes?\b|likes?\b|Comments?\b|comments?\b|Restack|restack|Follow|follow|"
    r"Listen|listen|Responses|responses|min read|纠错|糾錯|在看|点赞|點贊"
)


def may_be_widget(line: str) -> bool:
    """Cheap gate before `is_junk` in the body: does the line use any widget vocabulary?"""
    return _WIDGET_TRIGGER.search(line) is not None


def is_share_widget(line: str) -> bool:
    compact = re.sub(r"[\s\u3000]+", "", line)
    if len(compact) > 40:
        return False
    if _SHARE_RE.match(compact) is not None or _SHARE_RE.match(line.strip()) is not None:
        return True
    # "【打印本页】【关闭窗口】": several widgets in brackets on one line.
    parts = [p for p in re.split(r"[【】\[\]|｜·•]+", compact) if p]
    if parts and all(_SHARE_RE.match(p) is not None for p in parts):
        return True
    # "分享 收藏 点赞 在看", "转藏 全屏 打印 分享": a row of widget words.
    words = [w for w in re.split(r"[\s\u3000/|｜【】\[\]\u200b·•]+", line.strip()) if w]
    return len(words) >= 2 and all(_SHARE_RE.match(w) is not None for w in words)


def is_promo(line: str) -> bool:
    """"駐馬店融媒宣傳下載", "扫码下载客户端": short lines advertising an app or a download."""
    s = line.strip()
    if len(s) > 30 or s.endswith(("。", ".")):
        return False
    return _PROMO_RE.search(s) is not None


def is_disclaimer_start(line: str) -> bool:
    """"免责声明：…", "[Disclaimer]: …": a paragraph that announces itself as a disclaimer."""
    return _DISCLAIMER_START.match(line.strip()) is not None


def is_disclaimer(line: str) -> bool:
    s = line.strip()
    if _DISCLAIMER_START.match(s):
        return True
    return len(_DISCLAIMER_PHRASES.findall(s)) >= 2


def is_copyright(line: str) -> bool:
    s = line.strip()
    return len(s) <= 160 and _COPYRIGHT_RE.search(s) is not None


def is_junk(line: str, *, in_head: bool = False, in_tail: bool = False) -> bool:
    """True for a line a reader skips: spam, share widget, promo, disclaimer, copyright.

    Disclaimers and copyright lines are only dropped in the head or tail of the text, or
    when they are unmistakable (start with "免责声明:"), so prose that merely mentions
    copyright stays.
    """
    s = line.strip()
    if not s:
        return False
    if is_spam_keywords(s, in_head=in_head):
        return True
    if len(s) <= 40 and (is_share_widget(s) or is_promo(s)):
        return True
    if (in_head or in_tail) and _COUNTER_RESIDUE.match(s) and not _YEAR.match(s):
        return True  # "0 0", "+1", "赞同 1024 88 条评论": counters of a page's widgets
    if _DISCLAIMER_START.match(s):
        return True
    if len(s) <= 200 and _NEWSLETTER.match(s):
        return True
    if (in_head or in_tail) and (is_disclaimer(s) or is_copyright(s) or is_nav_bar(s)):
        return True
    if in_tail and len(s) <= 120 and _SITE_FOOTER_RE.match(s):
        return True
    return False


def is_nav_bar(line: str) -> bool:
    """"网站地图 | 联系我们 | 关于我们", "Home | News | Sport": a row of short links; also
    "首页 分类 上传 登录 注册", a space-separated menu with a site's own words."""
    if _NAV_WORDS.search(line) and not _CRUMB_MARK.search(line):
        words = line.split()
        if 3 <= len(words) <= 10 and all(len(w) <= 6 for w in words):
            return True
    if "|" not in line and "｜" not in line:
        return False  # no separator: one part (the split below costs ~5 µs on a long line)
    parts = [p for p in _NAV_SPLIT.split(line.strip()) if p]
    if len(parts) < 3 or any(c.isdigit() for c in line):
        # links have names, not numbers: "2021-11-05 | 阅：1583 | 分享" is a dateline
        return False
    return all(len(p) <= 12 and not any(c in p for c in "。，,；;！？!?") for p in parts)


def clean_line(raw: str) -> str:
    """Tags and entities out; what is left may be empty (then the line was pure residue)."""
    line = strip_tags(raw)
    line = unescape_entities(line)
    if line is not raw and _ONLY_NUMBERING.match(line):
        return ""
    return line


def strip_list_residue(line: str) -> str:
    """"  6. 上一篇:…" → "上一篇:…": the numbering a scraped `<ol>` left in front of a line.

    The caller applies this only where the rest is metadata or junk; real numbered
    paragraphs ("1.網絡…") keep their numbers.
    """
    m = _LIST_RESIDUE_RE.match(line)
    return line[m.end():] if m else line
