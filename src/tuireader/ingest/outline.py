"""Structure detection: which lines are section headings, at what level, with what number.

Reusable by every reader: `split_number(text)` recognises the numbering of one heading
(Chinese official 一、 / （一） / 1. / （1）, 第X章/节/编/回, 卷X, decimal 1.2.3, "Chapter IV",
ATX "#"), and `assign_levels` / `repair_numbers` turn a sequence of numbered headings into a
tree the way a human reader does.

Why levels are not fixed per style: Chinese documents use 一、 → （一） → 1. → （1） but
skip levels freely, and a report may start at （一）. A reader infers the hierarchy from the
*order in which styles first appear* and from which style keeps coming back around another
one; that is what `is_ancestor` encodes. Keyword units (编 > 分编 > 章 > 节, part > chapter)
and depth (1 > 1.1 > 1.1.1) have an intrinsic order and always win.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

# ---------------------------------------------------------------------------
# Chinese numerals

_CN_DIGIT = {"零": 0, "〇": 0, "○": 0, "一": 1, "二": 2, "两": 2, "兩": 2, "三": 3, "四": 4,
             "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_UNIT = {"十": 10, "百": 100, "千": 1000}
CN_NUM_CHARS = "零〇○一二三四五六七八九十百千两兩"
_CN_DIGITS_STR = "零一二三四五六七八九"
#: Formal ("financial") numerals: Taiwanese official documents number top sections 壹、貳、參.
_FORMAL = {"壹": "一", "貳": "二", "贰": "二", "參": "三", "叁": "三", "叄": "三", "肆": "四", "伍": "五",
           "陸": "六", "陆": "六", "柒": "七", "捌": "八", "玖": "九", "拾": "十", "佰": "百"}
FORMAL_CHARS = "".join(_FORMAL)
_FORMAL_TABLE = str.maketrans(_FORMAL)


def cn_to_int(text: str) -> int | None:
    """"十二" → 12, "一百零五" → 105, "二〇二" → 202; None when it is not a numeral."""
    if not text:
        return None
    if text[0] in _FORMAL:
        text = text.translate(_FORMAL_TABLE)
    if all(c in _CN_DIGIT for c in text) and len(text) > 1:
        value = 0
        for c in text:
            value = value * 10 + _CN_DIGIT[c]
        return value
    total, digit = 0, None
    for c in text:
        if c in _CN_DIGIT:
            digit = _CN_DIGIT[c]
        elif c in _CN_UNIT:
            total += (1 if digit is None else digit) * _CN_UNIT[c]
            digit = None
        else:
            return None
    if digit is not None:
        total += digit
    return total


def int_to_cn(n: int) -> str:
    """12 → "十二", 105 → "一百零五" (the forms used in headings)."""
    if n <= 0:
        return "零"
    if n < 10:
        return _CN_DIGITS_STR[n]
    if n < 20:
        return "十" + (_CN_DIGITS_STR[n % 10] if n % 10 else "")
    out, zero = "", False
    for unit_val, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        d = (n // unit_val) % 10
        if d:
            if zero and out:
                out += "零"
            out += _CN_DIGITS_STR[d] + unit
            zero = False
        elif out:
            zero = True
    return out


_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
_EN_WORDS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty".split())}


def roman_to_int(text: str) -> int | None:
    total, prev = 0, 0
    for c in reversed(text.upper()):
        v = _ROMAN.get(c)
        if v is None:
            return None
        total = total - v if v < prev else total + v
        prev = max(prev, v)
    return total or None


def number_value(number: str | None) -> int | None:
    """The integer value of a written number in any of the supported notations."""
    if not number:
        return None
    n = number.translate(_FULLWIDTH_DIGITS)
    if n.isdigit():
        return int(n)
    if n.lower() in _EN_WORDS:
        return _EN_WORDS[n.lower()]
    v = cn_to_int(n)
    if v is not None:
        return v
    return roman_to_int(n)


_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")

# ---------------------------------------------------------------------------
# One heading's numbering

#: style → family. Families decide how styles relate (see `is_ancestor`).
KEYWORD_RANK = {
    "en:work": 0,  # a work's own title in a book holding several (see text/ebook.py)
    "kw:部": 1, "kw:部分": 1, "kw:篇": 1, "kw:编": 1, "kw:卷": 1, "en:part": 1, "en:book": 1, "en:volume": 1,
    "kw:分编": 2,
    "kw:章": 3, "kw:回": 3, "kw:讲": 3, "kw:课": 3, "kw:集": 3, "kw:幕": 3, "en:chapter": 3,
    "en:lecture": 3, "en:canto": 3, "en:act": 3, "en:stave": 3,
    "kw:节": 4, "en:section": 4, "en:scene": 4,
}
#: Chinese official order (GB/T 9704 and common practice): 一、 → （一） → 1. → （1） → ①.
OFFICIAL_RANK = {"cn_formal": 0, "cn": 1, "cn_paren": 2, "arabic": 3, "arabic_paren": 4, "circled": 5}

_KW_CANON = {"編": "编", "節": "节", "講": "讲", "課": "课", "分編": "分编", "條": "条"}

_SEP = r"[\s\u3000:：·.．、\-—]*"
_KEYWORD_RE = re.compile(
    r"^第\s*([0-9０-９" + CN_NUM_CHARS + r"]{1,7})\s*(分编|分編|部分|编|編|卷|部|篇|章|节|節|回|集|讲|講|课|課|幕|条|條)"
    + _SEP + r"(.*)$"
)
_INVERTED_RE = re.compile(r"^(章|節|节)\s*([" + CN_NUM_CHARS + r"]{1,5})\s*$")
_JUAN_RE = re.compile(r"^卷\s*([" + CN_NUM_CHARS + r"]{1,6})(?:[\s\u3000:：·.．、]+|(?=[^" + CN_NUM_CHARS + r"])|$)(.*)$")
_EN_KEYWORD_RE = re.compile(
    r"^(Chapter|CHAPTER|Part|PART|Book|BOOK|Volume|VOLUME|Section|SECTION|Canto|CANTO|Act|ACT|"
    r"Scene|SCENE|Lecture|LECTURE|Stave|STAVE)\s+([0-9]{1,3}|[IVXLCDM]{1,7}|[ivxlcdm]{1,7}|"
    r"(?i:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
    r"fifteen|sixteen|seventeen|eighteen|nineteen|twenty))\b\.?(?:\s*[:.\-—–]+\s*|\s+|$)(.*)$"
)
_CN_RE = re.compile(r"^([" + CN_NUM_CHARS + r"]{1,6})\s*[、．.]\s*(\S.*)$")
_CN_FORMAL_RE = re.compile(r"^([" + FORMAL_CHARS + r"]{1,3})\s*[、．.]\s*(\S.*)$")
_CN_PAREN_RE = re.compile(r"^[（(]\s*([" + CN_NUM_CHARS + r"]{1,5})\s*[）)]\s*[、.．]?\s*(\S.*)$")
_CN_PAREN_OPEN_LOST_RE = re.compile(r"^([" + CN_NUM_CHARS + r"]{1,5})[）)]\s*(\S.*)$")
_CN_PAREN_BARE_RE = re.compile(r"^[）)]\s*(\S.*)$")
_CN_PAREN_CLOSE_LOST_RE = re.compile(r"^[（(]([" + CN_NUM_CHARS + r"]{1,3})[\s\u3000]+(\S.*)$")
_CN_SEP_LOST_RE = re.compile(r"^([" + CN_NUM_CHARS + r"]{1,3})[\s\u3000]+(\S.*)$")
_DECIMAL_RE = re.compile(r"^([0-9]{1,3}(?:[.．][0-9]{1,3}){1,4})[.．]?(?:\s+|(?=[\u4e00-\u9fff])(?![倍个個万萬亿億元年月日号號分秒米克吨噸度岁歲]))(\S.*)$")
#: "1 引言", "5 总结与展望": a paper's chapter number with only a space after it (the dot
#: lost); a Chinese title must follow, and not a unit ("3 个", "2026 年").
_ARABIC_SPACE_RE = re.compile(
    r"^([1-9]|1[0-9]|20)[ \t\u3000]+(?![年月日号號个個岁歲次元万億亿]|世[纪紀])([\u4e00-\u9fff]\S*(?:[ \t\u3000]\S+)*)$"
)
_ARABIC_RE = re.compile(r"^([0-9０-９]{1,3})\s*[.．、](?![0-9０-９])\s*(\S.*)$")
_ARABIC_PAREN_RE = re.compile(r"^(?:[（(]\s*([0-9０-９]{1,3})\s*[）)]|([0-9０-９]{1,3})[）)])\s*(\S.*)$")
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_CIRCLED_RE = re.compile(r"^([" + _CIRCLED + r"])\s*(\S.*)$")
_ROMAN_RE = re.compile(r"^([IVXLC]{1,6})\s*[.．]\s+(\S.*)$")
_ATX_RE = re.compile(r"^(#{1,6})[ \t]+(.+?)(?:[ \t]+#+)?[ \t]*$")
_BULLETS = "●○◎■□◆◇★☆▲△▶►•·※〇"
_BULLET_RE = re.compile(r"^[" + _BULLETS + r"]\s*")
_NAMED = {
    "序", "序言", "自序", "前言", "引言", "导言", "導言", "绪论", "緒論", "绪言", "楔子", "引子",
    "后记", "後記", "尾声", "尾聲", "跋", "附录", "附錄", "附则", "附則", "结语", "結語", "结束语",
    "結束語", "参考文献", "參考文獻", "致谢", "致謝", "总则", "總則",
    # front and back matter of Chinese books and papers
    "序章", "终章", "終章", "导读", "導讀", "代序", "后序", "後序", "译后记", "譯後記", "译者序", "譯者序", "番外", "尾记", "尾記",
    "摘要", "内容摘要", "內容摘要", "中文摘要", "结论", "結論", "文献综述", "文獻綜述", "研究方法",
    "结论与展望", "結論與展望", "总结与展望", "總結與展望", "致辞", "謝辭", "谢辞",
}
_NAMED_EN = {
    "preface", "prologue", "epilogue", "introduction", "foreword", "afterword", "appendix",
    "conclusion", "conclusions", "acknowledgements", "acknowledgments", "references",
    "bibliography", "postscript", "summary", "abstract", "executive summary", "key findings",
    "key takeaways", "notes", "endnotes", "further reading", "about the authors", "about the author",
}


@dataclass(slots=True)
class Numbered:
    """The numbering found at the start of a line.

    `style` names the notation ("cn", "cn_paren", "arabic", "dec2", "kw:章", "en:chapter",
    "atx2", "named", ...). `number` is as written ("四", "1.2", "第一章", "CHAPTER 1") or None
    when the scrape lost it. `title` is the rest of the line. `prefix` is the numbering as it
    appears in the line (used to measure run-in leads and to rebuild repaired headings).
    """

    style: str
    number: str | None
    title: str
    prefix: str
    #: The numbering is damaged ("四)", ")", "(一 ", "一 "): trusted only when the document
    #: also writes the same style properly somewhere.
    weak: bool = False

    @property
    def family(self) -> str:
        return style_family(self.style)


def style_family(style: str) -> str:
    # Called ~10 times per line of a long text; there are only a few dozen styles.
    family = _FAMILIES.get(style)
    if family is None:
        family = _style_family(style)
        if len(_FAMILIES) < 1024:  # styles come from a fixed vocabulary; bound it anyway
            _FAMILIES[style] = family
    return family


_FAMILIES: dict[str, str] = {}


def _style_family(style: str) -> str:
    if style.startswith(("kw:", "en:")):
        return "keyword"
    if style.startswith(("atx", "setext")):
        return "markup"
    if style in ("named", "caps", "subhead"):
        return style
    return "enum"


def _keyword(m: re.Match[str]) -> Numbered:
    unit = _KW_CANON.get(m.group(2), m.group(2))
    token = m.group(0)[: m.start(3)].strip(" \u3000:：·.．、-—")
    return Numbered(f"kw:{unit}", token, m.group(3).strip(), m.group(0)[: m.start(3)])


#: Every first character that one of the branches of `split_numbering` looks at.
_NUMBERING_HEADS = frozenset(
    "#第卷章節节（()）" + _BULLETS + FORMAL_CHARS + CN_NUM_CHARS + _CIRCLED
    + "0123456789０１２３４５６７８９" + "CPBVSALcpbvsal" + "IVXLC"
)


def split_numbering(text: str) -> Numbered | None:
    """Recognise the numbering at the start of `text` (already stripped), or None.

    Only notation is checked here; whether the line *is* a heading (short, no sentence
    punctuation) is `looks_like_heading`'s job.
    """
    if not text:
        return None
    head = text[0]
    if head not in _NUMBERING_HEADS:
        return None  # most lines: one set lookup instead of a dozen string tests
    if head == "#":
        m = _ATX_RE.match(text)
        if m:
            return Numbered(f"atx{len(m.group(1))}", None, m.group(2).strip(), text[: m.start(2)])
        return None
    if head in _BULLETS:
        bullet = _BULLET_RE.match(text)
        if bullet and bullet.end() < len(text):
            inner = split_numbering(text[bullet.end():])
            if inner is not None and inner.family == "keyword":
                inner.prefix = text[: bullet.end()] + inner.prefix
                return inner
        return None
    if head == "第":
        m = _KEYWORD_RE.match(text)
        return _keyword(m) if m else None
    if head in "章節节":
        # "卷一 / 章一": a classic's chapter label with the number after it, alone on its line
        m = _INVERTED_RE.match(text)
        if m and cn_to_int(m.group(2)) is not None:
            unit = _KW_CANON.get(m.group(1), m.group(1))
            return Numbered(f"kw:{unit}", text.strip(), "", text)
        return None
    if head == "卷":
        m = _JUAN_RE.match(text)
        if m:
            token = text[: m.start(2)].strip(" \u3000:：·.．、")
            return Numbered("kw:卷", token, m.group(2).strip(), text[: m.start(2)])
        return None
    if head in "（(":
        m = _CN_PAREN_RE.match(text)
        if m:
            return Numbered("cn_paren", m.group(1), m.group(2), text[: m.start(2)])
        m = _CN_PAREN_CLOSE_LOST_RE.match(text)
        if m and cn_to_int(m.group(1)) is not None:
            return Numbered("cn_paren", m.group(1), m.group(2), text[: m.start(2)], weak=True)
        m = _ARABIC_PAREN_RE.match(text)
        if m:
            return Numbered("arabic_paren", (m.group(1) or m.group(2)).translate(_FULLWIDTH_DIGITS),
                            m.group(3), text[: m.start(3)])
        return None
    if head in "）)":
        m = _CN_PAREN_BARE_RE.match(text)
        if m:
            return Numbered("cn_paren", None, m.group(1), text[: m.start(1)], weak=True)
        return None
    if head in FORMAL_CHARS:
        m = _CN_FORMAL_RE.match(text)
        if m and cn_to_int(m.group(1)) is not None:
            return Numbered("cn_formal", m.group(1), m.group(2), text[: m.start(2)])
        return None
    if head in CN_NUM_CHARS:
        m = _CN_RE.match(text)
        if m and cn_to_int(m.group(1)) is not None:
            return Numbered("cn", m.group(1), m.group(2), text[: m.start(2)])
        m = _CN_PAREN_OPEN_LOST_RE.match(text)
        if m and cn_to_int(m.group(1)) is not None:
            return Numbered("cn_paren", m.group(1), m.group(2), text[: m.start(2)], weak=True)
        m = _CN_SEP_LOST_RE.match(text)
        if m and cn_to_int(m.group(1)) is not None:
            return Numbered("cn", m.group(1), m.group(2), text[: m.start(2)], weak=True)
        return None
    if head in _CIRCLED:
        m = _CIRCLED_RE.match(text)
        if m:
            return Numbered("circled", str(_CIRCLED.index(m.group(1)) + 1), m.group(2), text[: m.start(2)])
        return None
    if head in "0123456789０１２３４５６７８９":
        m = _DECIMAL_RE.match(text)
        if m and not m.group(2)[0].islower():  # "3.5 million users" is a quantity
            depth = m.group(1).replace("．", ".").count(".") + 1
            return Numbered(f"dec{depth}", m.group(1).replace("．", "."), m.group(2), text[: m.start(2)])
        m = _ARABIC_RE.match(text)
        if m:
            return Numbered("arabic", m.group(1).translate(_FULLWIDTH_DIGITS), m.group(2), text[: m.start(2)])
        m = _ARABIC_PAREN_RE.match(text)
        if m:
            return Numbered("arabic_paren", (m.group(1) or m.group(2)).translate(_FULLWIDTH_DIGITS),
                            m.group(3), text[: m.start(3)])
        m = _ARABIC_SPACE_RE.match(text)
        if m:
            return Numbered("arabic_sp", m.group(1), m.group(2), text[: m.start(2)], weak=True)
        return None
    if head in "CPBVSALcpbvsal":
        m = _EN_KEYWORD_RE.match(text)
        if m:
            token = f"{m.group(1)} {m.group(2)}"
            return Numbered(f"en:{m.group(1).lower()}", token, m.group(3).strip(), text[: m.start(3)])
    if head in "IVXLC" and not _CJK_RE.search(text):
        m = _ROMAN_RE.match(text)
        if m:
            return Numbered("roman", m.group(1), m.group(2), text[: m.start(2)])
    return None


def split_number(title: str) -> tuple[str | None, str]:
    """("一、总则" → ("一", "总则"); "1.2 Scope" → ("1.2", "Scope"); "Intro" → (None, "Intro")).

    The small helper the Markdown and HTML readers use for the `number` of an outline
    entry: headings there are already known to be headings, only the numbering is needed.
    """
    text = title.strip()
    found = split_numbering(text)
    if found is None or found.style.startswith("atx") or not found.title:
        return None, text
    return found.number, found.title


def named_section(text: str) -> str | None:
    """"序　　言" → "序言", "Epilogue" → "Epilogue": an unnumbered top-level section name."""
    if len(text) > 30:
        return None
    compact = re.sub(r"[\s\u3000]+", "", text).rstrip(".:：")
    if compact in _NAMED:
        return compact
    if compact.startswith("番外") and not any(c in compact for c in "，。！？；"):
        return re.sub(r"\s+", " ", text.strip())  # "番外 一个故事", "番外二：重逢": an extra chapter
    if text.strip().rstrip(".:").lower() in _NAMED_EN:
        return text.strip().rstrip(".:")
    return None


# ---------------------------------------------------------------------------
# Is this numbered line a heading?

_CJK_RE = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\u3040-\u30ff\uac00-\ud7af]")
_SENTENCE_END = "。；;，,、！!？?：:…"
_INNER_SENTENCE = re.compile(r"[。！？；]|[.!?;]\s")
_ANY_PUNCT = re.compile(r"[，,；;：:。！？!?、]")
_QUIZ_BLANK = re.compile(
    r"[（(](?:\s*|\s*[A-Ea-e√×]{1,5}\s+|\s+[A-Ea-e√×]{1,5}\s*|\s*[A-E]{2,5}\s*)[）)]|_{3,}"
)


def is_cjk_text(text: str) -> bool:
    return _CJK_RE.search(text) is not None


def looks_like_heading(numbered: Numbered, line: str) -> bool:
    """A numbered line is a heading when it is short and reads like a title, not a sentence."""
    title = numbered.title.strip()
    family = numbered.family
    if family in ("markup", "named"):
        return bool(title)
    cjk = is_cjk_text(line)
    if family == "keyword":
        if numbered.style == "kw:条":
            return False
        limit = 60 if cjk else 120
        if len(title) > limit:
            return False
        return not title or title[-1] not in "。；;，,、"
    if not title:
        return False
    if _QUIZ_BLANK.search(title):
        return False  # "…的本质是（ D ）": a quiz question, not a section
    if cjk:
        if title[-1] in "。？?" and len(title) <= 25 and not _ANY_PUNCT.search(title[:-1]):
            return True  # "一、加强组织领导。", "（一）什么是大数据？": one short sentence
        if len(title) > 40 or title[-1] in _SENTENCE_END or _INNER_SENTENCE.search(title):
            return False
        # A long title with a comma is a sentence that happens to be numbered.
        return not (len(title) > 30 and ("，" in title or "," in title))
    # Latin: short, no sentence inside, at most a trailing full stop on a few words.
    words = title.split()
    if len(title) > 80 or len(words) > 12 or title[-1] in ",;:!?":
        return False
    body = title[:-1] if title.endswith(".") else title
    if _INNER_SENTENCE.search(body + " "):
        return False
    if title.endswith(".") and len(words) > 8:
        return False
    return title[0].isupper() or title[0].isdigit() or not title[0].isalpha()


_STOPS = "。．！？：!?:."
_OPEN_QUOTES = "“「『\"'‘《"


def run_in_lead(numbered: Numbered, line: str) -> int:
    """Length (numbering included, stop included) of a run-in head, or 0.

    "1.網絡基礎設施建設滯後。我國的…" → len("1.網絡基礎設施建設滯後。"). The lead phrase ends
    at the first full stop; it must be short and followed by more text, or it is just a
    numbered sentence.
    """
    start = len(numbered.prefix)
    n = len(line)
    cjk = is_cjk_text(line)
    limit = 40 if cjk else 100
    i = start
    end = min(n, start + limit + 1)
    while i < end:
        c = line[i]
        if c in _STOPS:
            if c in "!?:.":
                before = line[i - 1] if i > start else ""
                after = line[i + 1] if i + 1 < n else ""
                if not (before and _CJK_RE.match(before)) and after and not after.isspace():
                    i += 1
                    continue
                if c == "." and before and len(line[start:i].split()[-1:] or [""]) and \
                        len((line[start:i].split() or [""])[-1]) <= 1:
                    i += 1  # an initial or abbreviation ("e.", "J.") is not a full stop
                    continue
            if c in ":：" and i + 1 < n and line[i + 1] in _OPEN_QUOTES:
                return 0  # "他指出：“…”" introduces a quotation, not a head
            phrase = line[start:i].strip()
            rest = line[i + 1:].strip()
            if len(phrase) < 2 or len(rest) < 4:
                return 0
            if not cjk and len(phrase.split()) > 15:
                return 0
            if any(q in phrase for q in "“「『") and not any(q in phrase for q in "”」』"):
                return 0
            if cjk and not _cjk_lead_phrase(phrase, c):
                return 0
            return i + 1
        i += 1
    return 0


#: A clause that opens with a connective continues an argument; it heads nothing.
_CONNECTIVE = ("所以", "因此", "因而", "但是", "但", "然而", "如果", "假如", "因为", "因為", "由于", "由於", "于是", "於是",
               "而且", "并且", "並且", "虽然", "雖然", "可见", "可見", "总之", "總之")
#: "孙子说：", "他指出：": who speaks, before a quotation or a paraphrase.
_SPEECH_END = ("说", "說", "曰", "道", "指出", "表示", "认为", "認為", "强调", "強調", "写道", "寫道")


def _cjk_lead_phrase(phrase: str, stop: str) -> bool:
    """A Chinese run-in head is a short title, not a clause of an argument or a speech tag."""
    if phrase.startswith(_CONNECTIVE):
        return False
    if stop in "：:" and phrase.endswith(_SPEECH_END):
        return False
    commas = phrase.count("，")
    return commas == 0 or (commas == 1 and len(phrase) <= 14)


# ---------------------------------------------------------------------------
# Levels and numbering repair


@dataclass(slots=True)
class Candidate:
    """One outline entry in the making: where it points, its style, number and title."""

    block: int
    style: str
    number: str | None
    title: str
    level: int = 0
    parent: int = -1  # index into the candidate list, -1 for top level
    repaired: bool = False


def _ancestry(styles: Sequence[str]) -> dict[tuple[str, str], bool]:
    first: dict[str, int] = {}
    last: dict[str, int] = {}
    for i, s in enumerate(styles):
        first.setdefault(s, i)
        last[s] = i
    table: dict[tuple[str, str], bool] = {}
    for s in first:
        for t in first:
            table[(s, t)] = _is_ancestor(s, t, first, last)
    return table


def _dec_depth(style: str) -> int | None:
    if style in ("arabic", "arabic_sp"):
        return 1
    if style.startswith("dec") and style[3:].isdigit():
        return int(style[3:])
    return None


def _markup_rank(style: str) -> int:
    if style.startswith("setext"):
        return int(style[6:])
    return int(style[3:])


def _is_ancestor(s: str, t: str, first: dict[str, int], last: dict[str, int]) -> bool:
    """Is style `s` a section level above style `t` in this document?"""
    if s == t:
        return False
    fs, ft = style_family(s), style_family(t)
    if fs == "named" or ft == "named":
        return False
    if fs == "subhead":
        return False  # an unnumbered subhead never encloses numbered sections
    if fs == "keyword" and ft == "keyword":
        return KEYWORD_RANK.get(s, 3) < KEYWORD_RANK.get(t, 3)
    if fs == "keyword":
        return True
    if ft == "keyword":
        return False
    if fs == "markup" and ft == "markup":
        return _markup_rank(s) < _markup_rank(t)
    ds, dt = _dec_depth(s), _dec_depth(t)
    # Under 第X章 chapters, "1." items are not chapter numbers: where they sit among the
    # 1.1 / 1.1.1 sections is decided by where they occur, as for any other style.
    items_under_chapters = "arabic" in (s, t) and any(st.startswith("kw:") for st in first)
    if ds is not None and dt is not None and (s.startswith("dec") or t.startswith("dec")) \
            and not items_under_chapters:
        return ds < dt
    if first[s] >= first[t]:
        return False
    if s in OFFICIAL_RANK and t in OFFICIAL_RANK and OFFICIAL_RANK[s] < OFFICIAL_RANK[t]:
        return True
    # A style that keeps coming back after `t` started encloses it.
    return last[s] > first[t]


def assign_levels(cands: list[Candidate]) -> None:
    """Set `level` (1 = top) and `parent` of each candidate, in document order."""
    if not cands:
        return
    table = _ancestry([c.style for c in cands])
    stack: list[int] = []
    for i, c in enumerate(cands):
        while stack and not table[(cands[stack[-1]].style, c.style)]:
            stack.pop()
        c.level = len(stack) + 1
        c.parent = stack[-1] if stack else -1
        stack.append(i)


def _format_number(style: str, value: int, like: str | None) -> str:
    if style in ("cn", "cn_paren"):
        return int_to_cn(value)
    if like is not None and like.isdigit():
        return str(value)
    return str(value)


def repair_numbers(cands: list[Candidate]) -> None:
    """Fill numbers the scrape lost, from the siblings around them.

    Siblings are entries of the same style under the same parent. A missing number is the
    previous sibling's plus one, or the next known one's minus one, or its position.
    """
    groups: dict[tuple[int, str], list[int]] = {}
    for i, c in enumerate(cands):
        if style_family(c.style) == "enum":
            groups.setdefault((c.parent, c.style), []).append(i)
    for (_, style), members in groups.items():
        values: list[int | None] = [number_value(cands[i].number) for i in members]
        if all(v is not None for v in values):
            continue
        # forward pass
        for k in range(len(members)):
            if values[k] is None and k > 0 and values[k - 1] is not None:
                values[k] = values[k - 1] + 1  # type: ignore[operator]
        # backward pass
        for k in range(len(members) - 2, -1, -1):
            if values[k] is None and values[k + 1] is not None:
                values[k] = max(1, values[k + 1] - 1)  # type: ignore[operator]
        for k, i in enumerate(members):
            if cands[i].number is None:
                known = values[k]
                cands[i].number = _format_number(style, known if known is not None else k + 1, None)
                cands[i].repaired = True
