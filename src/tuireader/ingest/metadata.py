"""Metadata from the lines around an article's body: the page's own labels, read as data.

A scraped article says when it was published, where from, how often it was read, who
wrote, edited and approved it, and which articles come before and after it: "時間:…|來源:|
點擊量:14260", "審核 / 李俊杰 劉曉明", "上一篇:…". These lines are not prose; the reader
shows them as metadata and keeps them out of the body.

Keys (as `inspect --json` prints them): date, source, views (int), author, byline,
editors (list), reviewers (list), final_review, proofreaders (list), credits (list of
"label：value"), breadcrumb (list), subtitle, language, affiliation (作者单位), doc_number
(发文字号 "国发〔2023〕17号"), column (a 【栏目】 label), votes (a Q&A page's approval count).
Empty values are omitted, never stored as "".
"""

from __future__ import annotations

import re
from typing import Any

from tuireader.ingest import cnbook
from tuireader.ingest.clean import collapse_ws

# ---------------------------------------------------------------------------
# Field labels

_LABELS: dict[str, tuple[str, ...]] = {
    "date": (
        "发布时间", "發佈時間", "發布時間", "发布日期", "發佈日期", "發布日期", "发表时间", "發表時間",
        "发表日期", "發表日期", "更新时间", "更新時間", "上传时间", "上傳時間", "上传日期", "上傳日期", "发文日期", "發文日期", "成文日期", "时间", "時間",
        "日期", "Published on", "Published", "Publication date", "Posted on", "Posted", "Date",
        "Updated", "Last updated", "编辑于", "編輯於", "发布于", "發佈於", "發布於", "发表于", "發表於",
    ),
    "source": ("文章来源", "文章來源", "信息来源", "信息來源", "来源", "來源", "出处", "出處", "稿源", "Source"),
    "views": (
        "点击量", "點擊量", "点击数", "點擊數", "点击率", "點擊率", "阅读量", "閱讀量", "阅读数", "閱讀數",
        "阅读次数", "閱讀次數", "浏览量", "瀏覽量", "浏览次数", "瀏覽次數", "访问量", "訪問量", "点击",
        "點擊", "阅读", "閱讀", "浏览", "瀏覽", "阅", "閱", "Views", "Reads",
    ),
    "author": ("作者", "撰稿人", "撰稿", "撰文", "记者", "記者", "Author", "Authors", "Written by", "By",
               "作者姓名", "学生姓名", "學生姓名", "姓名"),
    # a thesis cover's fields: not the article's text
    "cover": ("学号", "學號", "作者学号", "学院", "學院", "所在学院", "二级学院名称", "专业", "專業", "所学专业",
              "专业班级", "年级", "指导教师", "指導教師", "指导教师(职称)", "导师姓名", "导师职称", "导师单位",
              "职称", "職稱", "完成时间", "起止日期", "密级", "密級"),
    "affiliation": ("作者单位", "作者單位", "作者系", "Affiliation"),
    "editors": ("责任编辑", "責任編輯", "责编", "責編", "编辑", "編輯", "Editor", "Editors"),
    "reviewers": ("审核人", "審核人", "审核", "審核", "审校", "審校", "初审", "初審", "复审", "複審",
                  "Reviewed by", "Reviewers", "Reviewer"),
    "final_review": ("终审", "終審", "签发", "簽發"),
    "proofreaders": ("校对", "校對", "校稿"),
    "credits": ("摄影", "攝影", "图片", "圖片", "制图", "製圖", "视频", "視頻", "策划", "策劃", "统筹", "統籌",
                "监制", "監製", "出品", "翻译", "翻譯", "译者", "譯者", "Photo", "Photos", "Translated by"),
    "ignore": ("字体", "字體", "字号", "字號", "打印", "关闭", "關閉", "分享到", "分享", "收藏", "扫一扫", "掃一掃",
               "转", "轉", "来自", "來自", "转藏", "上传人", "上傳人", "上传者", "上傳者", "下载", "下載",
               "下载积分", "下載積分", "格式", "页数", "頁數", "大小", "轉藏", "IP 属地", "IP属地", "IP 屬地", "IP屬地"),
    "prev": ("上一篇", "上一篇文章", "上篇", "前一篇", "Previous article", "Previous", "Prev"),
    "next": ("下一篇", "下一篇文章", "下篇", "后一篇", "後一篇", "Next article", "Next"),
}
_LABEL_TO_KEY = {label.lower(): key for key, labels in _LABELS.items() for label in labels}
_LABEL_ALT = "|".join(re.escape(lab) for lab in sorted(_LABEL_TO_KEY, key=len, reverse=True))
# A label, then ":" / "：" / " / ", at the start of the line or after a separator.
_FIELD_RE = re.compile(
    r"(?:^|(?<=[\s|｜│\[\]【】(（)）]))(" + _LABEL_ALT + r")\s*(?:[:：]|\s/(?:\s|$)|/(?=\s)|/$|"
    r"(?<=[于於])\s*(?=\d))",  # "编辑于 2023-03-18": the preposition is the separator
    re.IGNORECASE,
)
_LIST_KEYS = {"editors", "reviewers", "proofreaders", "credits"}
#: A two-character label spaced out to the width of longer ones: "学    号：", "姓\u3000\u3000名：".
_COVER_TAB = re.compile(r"^(学院|學院|专业|專業|年级|年級|学号|學號|姓名|作者姓名|学生姓名|學生姓名|指导教师|指導教師)[ \u3000]*\t(?![ \u3000\t]*[:：])")
_SPACED_LABEL = re.compile(r"^([\u4e00-\u9fff])[ \u3000]+([\u4e00-\u9fff])(?=[ \u3000\t]*[:：\t])")
_WRAPPERS = "()（）[]【】<>《》「」"

# ---------------------------------------------------------------------------
# Dates

_DATE_RE = re.compile(
    r"(?:\d{4}\s*[-/.]\s*\d{1,2}\s*[-/.]\s*\d{1,2}|\d{4}\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*[日号號])?|"
    r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2},?\s+\d{4}|"
    r"\d{1,2}\s+(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?,?\s+\d{4}|"
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December)\s+\d{4}(?!\d))"
    # a time after the date; "2023年05月12日08:25" writes it without a space
    r"(?:(?<=[日号號])\s*\d{1,2}[:：]\d{2}(?:[:：]\d{2})?|"
    r"[T\s]+\d{1,2}[:：]\d{2}(?:[:：]\d{2})?(?:\s*(?:Z|[+-]\d{2}:?\d{2}|UTC|GMT))?|"
    # "March 4, 2024 at 10:32 a.m. EST"
    r",?\s+at\s+\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s+[A-Z]{2,4}\b)?)?"
)
_WEEKDAY = r"(?:星期[一二三四五六日天]|周[一二三四五六日]|週[一二三四五六日]|(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day)"


def find_date(text: str) -> str | None:
    """The first date (with its time, if any) in `text`, as written."""
    m = _DATE_RE.search(text)
    return collapse_ws(m.group(0)) if m else None


#: A character that can be neither in a date (`_DATE_RE`: digits, spaces, ASCII letters of
#: month names, "a.m." and time zones, separators) nor in what `bare_date` allows around
#: it (a weekday, " ,，|｜"). One in a line means the line is not a bare date.
_NOT_DATE_CHAR = re.compile(r"[^\d\sA-Za-z\-/.:：+,，|｜年月日号號星期一二三四五六天周週]")
_DIGIT = re.compile(r"\d")


def bare_date(line: str) -> str | None:
    """A line that is only a date (maybe with a time and weekday): "2023年5月1日 星期一"."""
    s = line.strip().strip(_WRAPPERS)
    # Cheap refusals first: `_DATE_RE` has no literal first character, so `re` tries it at
    # every position (~75 ns a character); these two scan in C and turn away prose at once.
    if _NOT_DATE_CHAR.search(s) or not _DIGIT.search(s):
        return None  # every date has a digit
    m = _DATE_RE.search(s)
    if not m:
        return None
    rest = (s[: m.start()] + s[m.end():]).strip()
    rest = re.sub(_WEEKDAY, "", rest).strip(" ,，|｜")
    return collapse_ws(m.group(0)) if not rest else None


# ---------------------------------------------------------------------------
# key: value lines


def parse_fields(line: str) -> dict[str, Any] | None:
    """Parse a metadata line ("時間:2020-06-05 10:46:15|來源:|點擊量:14260").

    Returns the fields found (empty values dropped; possibly an empty dict when every
    value was empty) or None when the line is not a metadata line. A line counts only when
    it *starts* with a label and nothing but labelled fields follow.
    """
    s = line.strip().strip(_WRAPPERS).strip()
    if not s or len(s) > 200:
        return None
    if len(s) <= 6 and _LABEL_TO_KEY.get(s.rstrip(":：").replace(" ", "").lower()) in ("cover", "author") \
            and not s.isascii():
        return {}  # "姓名" alone (the tabs of a blank cover cell stripped): an empty field
    if "  " in s[:8] or "\u3000" in s[:8] or "\t" in s[:8]:
        s = _SPACED_LABEL.sub(r"\1\2", s)  # "学    号：" → "学号："
        s, cells = _COVER_TAB.subn(r"\1：", s)  # "学院 \t计算机学院": a cover's label and value in cells
        if cells and not s.split("：", 1)[1].strip():
            return {}  # "姓名 \t\t": a cover field left blank
    matches = list(_FIELD_RE.finditer(s))
    out: dict[str, Any] = {}
    if matches and matches[0].start() != 0:
        # "2020-06-05 10:46  来源：新华网": a date may lead the line without a label.
        date = bare_date(s[: matches[0].start()].strip(" |｜"))
        if date is None:
            return None
        out["date"] = date
    if not matches:
        return _single_field_spaced(s)
    for i, m in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(s)
        key = _LABEL_TO_KEY[m.group(1).lower()]
        value = s[m.end():end].strip(" \t\u3000\xa0|｜│")
        _store(out, key, value, m.group(1))
    return out


def _single_field_spaced(s: str) -> dict[str, Any] | None:
    """"责任编辑 张三" / "终审 平筠": a trailer label followed by a space and the value."""
    parts = s.split(None, 1)
    if len(parts) != 2:
        return None
    key = _LABEL_TO_KEY.get(parts[0].lower())
    if key == "views" and re.fullmatch(r"\d[\d,]*\+?", parts[1].strip()) and not parts[0].isascii():
        return {"views": int(parts[1].strip().rstrip("+").replace(",", ""))}  # "阅读 3286"
    if key not in ("editors", "reviewers", "final_review", "proofreaders", "prev", "next"):
        return None
    if parts[0].lower() in ("by", "next", "previous", "prev", "editor", "date", "source", "updated"):
        return None
    out: dict[str, Any] = {}
    _store(out, key, parts[1].strip(), parts[0])
    return out


def _store(out: dict[str, Any], key: str, value: str, label: str = "") -> None:
    value = collapse_ws(value).strip(_WRAPPERS + " ")
    if not value or key in ("ignore", "cover"):
        return
    if key == "views":
        digits = re.search(r"\d[\d,]*", value)
        if digits:
            out["views"] = int(digits.group(0).replace(",", ""))
        return
    if key == "credits":
        out.setdefault("credits", [])
        out["credits"].append(f"{label}：{value}" if label else value)
        return
    if key in _LIST_KEYS:
        names = [n for n in re.split(r"[\s,，、;；/]+", value) if n]
        if names:
            out.setdefault(key, [])
            out[key].extend(n for n in names if n not in out[key])
        return
    if key == "date":
        out["date"] = find_date(value) or value
        return
    if key == "author":
        name = cnbook.author_name(value)
        if not cnbook.is_anonymous(name):
            out["author"] = name
        return
    out[key] = value


# ---------------------------------------------------------------------------
# Breadcrumb, byline, prev/next

_CRUMB_PREFIX = re.compile(
    r"^(?:您(?:当前|當前|现在|現在)?(?:所在)?的?(?:位置|位址)|当前位置|當前位置|所在位置|你的位置|我的位置|位置|"
    r"You are here|Current location|Location)\s*[:：]?\s*",
    re.IGNORECASE,
)
_CRUMB_SEP = re.compile(r"\s*(?:>>|＞＞|»|›|>|＞|→|->|/|\\|·)\s*")


def parse_breadcrumb(line: str) -> list[str] | None:
    """"您當前所在位置:駐馬店廣視網> 智庫成果選介> 正文" → ["駐馬店廣視網", "智庫成果選介", "正文"]."""
    s = collapse_ws(line)
    if len(s) > 150:
        return None
    m = _CRUMB_PREFIX.match(s)
    rest = s[m.end():] if m else s
    parts = [p.strip() for p in _CRUMB_SEP.split(rest)]
    parts = [p for p in parts if p]
    if m and m.end() > 0 and parts:
        return parts
    # Without a label: "首页 > 新闻 > 正文" needs two separators and short items.
    if len(parts) >= 3 and re.search(r">|＞|»|›|→", rest) and all(len(p) <= 20 for p in parts):
        if any(c in rest for c in "。，,；;！？!?"):
            return None
        return parts
    return None


_NAME_CJK = re.compile(r"^[\u3400-\u9fff·•]{2,4}$")
_ORG_END = re.compile(
    r"(?:局|厅|廳|部|院|所|校|委|办|辦|处|處|站|队|隊|中心|政府|大学|大學|学院|學院|公司|集团|集團|协会|協會|"
    r"研究会|研究會|银行|銀行|医院|醫院|报社|報社|日报|日報|电视台|電視臺|研究室|委员会|委員會|办公室|辦公室|"
    r"党校|黨校|街道|社区|社區|镇|鎮|乡|鄉|村)$"
)
_TITLE_WORDS = re.compile(
    r"书记|書記|局长|局長|主任|部长|部長|处长|處長|科长|科長|院长|院長|所长|所長|校长|校長|教授|研究员|"
    r"研究員|主席|委员|委員|记者|記者|通讯员|通訊員|编辑|編輯|博士|讲师|講師|经理|經理|总监|總監|秘书|秘書|"
    r"县长|縣長|市长|市長|镇长|鎮長|乡长|鄉長|主编|主編|学者|學者|董事|会长|會長|理事|律师|律師|工程师|"
    r"工程師|党组|黨組|成员|成員|大学|大學|学院|學院|研究中心|研究所|研究院|作者|撰稿|特约|特約|副"
)
_PAPER_AUTHORS = re.compile(r"^[\u3400-\u9fff·]{2,4}[\d*]{0,3}(?:[，,、 ]\s*[\u3400-\u9fff·]{2,4}[\d*]{0,3}){0,7}$")
_AUTHOR_SEP = re.compile(r"[，,、]|[\u3400-\u9fff][\d*]")
_EN_NAME = re.compile(r"^(?:[A-Z][a-z]+(?:[-'][A-Z][a-z]+)*|[A-Z]\.)(?: (?:[A-Z][a-z]+(?:[-'][A-Z][a-z]+)*|[A-Z]\.)){1,2}$")
#: Capitalised words that head a section or a series, never a person: "Executive Summary".
_NOT_NAMES = frozenset(
    "Summary Executive Introduction Abstract Contents Preface Notes Part Chapter Book Volume Section Report "
    "Review Update News Opinion Analysis Overview Background Findings Key Conclusion Conclusions Foreword "
    "Edition Letter Essay Appendix References Acknowledgements Acknowledgments Table Figure Draft Final "
    "Annual Policy Brief Paper Working Series Issue Press Release Statement Home Science Culture World "
    "Business Sport Sports Politics Technology Health Editorial Features Feature Interview".split()
)
_EN_BYLINE = re.compile(r"^(?:By|BY|Written by|Words by|Story by)\s+(.{2,80})$")
_CN_BYLINE = re.compile(r"^(?:文|作者|撰文|记者|記者|通讯员|通訊員)\s*[/|｜:：]\s*(.{2,40})$")


def parse_byline(line: str, *, right_after_title: bool = False) -> dict[str, str] | None:
    """Who wrote it: {"byline": the line with spaces collapsed, "author": the person's name}.

    "西平縣水利局黨組書記 局長   焦春平" → author "焦春平". "By Jane Doe" → "Jane Doe". A bare
    2–4 character name counts only right after the title (a novel's "罗贯中").
    """
    s = collapse_ws(line)
    if not s or len(s) > 80:
        return None
    credit = cnbook.credit_line(s)
    if credit is not None:
        # "明 鄧志謨著", "[古罗马] 马可·奥勒留 著", "何怀宏/译": who wrote or translated it
        return {"byline": s, "author": credit[1]} if credit[0] == "author" else {"translator": credit[1]}
    m = _EN_BYLINE.match(s)
    if m:
        name = re.split(r",|\s+\|\s+", m.group(1))[0].strip()
        words = name.split()
        if words and all(w[:1].isupper() or w.lower() in ("and", "de", "van", "von", "der", "la")
                         for w in words) and len(words) <= 8:
            return {"byline": s, "author": name}
        return None
    m = _CN_BYLINE.match(s)
    if m:
        names = m.group(1).strip()
        return {"byline": s, "author": names}
    m = _PAPER_AUTHORS.match(s)
    # Names need a list separator or affiliation marks: "首页 分类 上传" is a menu, not people.
    if m and _AUTHOR_SEP.search(s) and (right_after_title or any(c.isdigit() or c == "*" for c in s)):
        # "张明远1，李静2": a paper's authors, with the marks that point at affiliations.
        names = [re.sub(r"[\d*]+$", "", n) for n in re.split(r"[，,、\s]+", s) if n]
        if len(names) > 1 or s != names[0]:
            return {"byline": s, "author": "、".join(names)}
    if right_after_title and _EN_NAME.match(s) and not any(w in _NOT_NAMES for w in s.split()):
        return {"author": s}  # "Anna Lindqvist" on its own line under the title
    if any(c in s for c in "。，,；;！？!?：:“”\"《》()（）"):
        return None
    tokens = s.split(" ")
    last = tokens[-1]
    if not _NAME_CJK.match(last):
        return None
    if len(tokens) == 1:
        return {"author": last} if right_after_title and len(last) <= 4 else None
    if len(tokens) > 6:
        return None
    before = tokens[:-1]
    if not (_TITLE_WORDS.search(" ".join(before)) or any(_ORG_END.search(t) for t in before)):
        return None
    return {"byline": s, "author": last}


def parse_link(line: str) -> tuple[str, str] | None:
    """"上一篇:壯大駐馬店農村集體經濟" → ("prev", "壯大駐馬店農村集體經濟"); empty or "没有了" → None."""
    fields = parse_fields(line)
    if not fields:
        return None
    for key in ("prev", "next"):
        value = fields.get(key)
        if isinstance(value, str) and value not in ("没有了", "沒有了", "无", "無", "none", "None", "-"):
            return key, value
    return None


def is_link_line(line: str) -> bool:
    """A 上一篇/下一篇 line, even an empty one ("下一篇：没有了")."""
    s = line.strip().strip(_WRAPPERS)
    m = _FIELD_RE.match(s)
    return bool(m and _LABEL_TO_KEY[m.group(1).lower()] in ("prev", "next"))


def merge(into: dict[str, Any], new: dict[str, Any]) -> None:
    """Add fields without overwriting what an earlier, more reliable line gave."""
    for key, value in new.items():
        if key in ("prev", "next"):
            continue
        if key in _LIST_KEYS and key in into:
            into[key].extend(v for v in value if v not in into[key])
        elif key not in into:
            into[key] = value


# ---------------------------------------------------------------------------
# Project Gutenberg header

_GUTENBERG_FIELDS = {
    "title": "title", "author": "author", "release date": "date", "language": "language",
    "translator": "translator",
}


def gutenberg_header(lines: list[str]) -> dict[str, str]:
    """"Title: …", "Author: …", "Release Date: …" from the lines before "*** START OF"."""
    out: dict[str, str] = {}
    current: str | None = None
    for raw in lines:
        line = raw.rstrip()
        m = re.match(r"^([A-Z][A-Za-z ]{1,20}):\s*(.*)$", line)
        if m:
            key = _GUTENBERG_FIELDS.get(m.group(1).strip().lower())
            current = key
            if key and m.group(2).strip():
                value = re.sub(r"\s*\[(?:E(?:Book|text) )?#\d+\]\s*$", "", m.group(2).strip())
                out.setdefault(key, value)
            continue
        if current and line.startswith((" ", "\t")) and line.strip():
            out[current] = out.get(current, "") + " " + line.strip()
            continue
        current = None
    return {k: collapse_ws(v) for k, v in out.items() if collapse_ws(v)}
