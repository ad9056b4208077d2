"""Title and author lines of Chinese books copied as plain text.

Why: ebook sites and scanned-classic collections open a book with one line that names it
and its author in a handful of fixed shapes, and the title must come out without the
book-title marks and the author without the dynasty:

    《鏡花緣》作者：李汝珍          鐵樹記   明 鄧志謨著        續英烈傳[明]徐渭 著
    連城璧（清）李漁                 仙俠五花劍    清·海上劍癡撰    玉嬌梨   作者：荻岸散人
    书名：上古                       作者：清.沈復（沈三白）         明 鄧志謨著

`book_line` reads such a title line, `author_name` cleans an author value wherever it came
from (a "作者：" field, a byline), so the rule lives in one place.
"""

from __future__ import annotations

import re

_DYNASTY = r"(?:先秦|秦|漢|汉|晉|晋|南朝|北朝|隋|唐|五代|宋|元|明|清|民國|民国|明末|清初|明清|近代|現代|现代)"
#: "清.", "清·", "[明]", "（清）", "清：", "明 ": a dynasty in front of a name.
_DYNASTY_PREFIX = re.compile(
    rf"^(?:[\[［(（【][^\]］)）】]{{1,5}}[\]］)）】]|{_DYNASTY}\s*[.．·•:：]|{_DYNASTY}[ \u3000]+)\s*"
)  # "[古希腊]", "（英）": a nationality in brackets, like a dynasty
#: What an author did: 著, 撰, 编次, 编, 撰人 (at the end of the name).
_ROLE_SUFFIX = re.compile(r"(?:[ \u3000]+|(?<=\S\S\S))(?:编次|編次|编著|編著|原著|演輯|演辑|撰|著|编|編|辑|輯)$")
_ALIAS = re.compile(r"[（(][^（）()]{1,12}[）)]$")
_NOT_A_NAME = re.compile(r"不題撰人|不题撰人|不署撰人|不提撰人|佚名|無名氏|无名氏|^$")

#: "《X》…": the title in book-title marks, whatever follows.
_MARKED = re.compile(r"^《([^《》]{1,40})》\s*(?:[（(][^）)]{0,20}[）)])?\s*(.*)$")
#: "书名：X" / "書名：X".
_BOOK_FIELD = re.compile(r"^(?:书名|書名|作品名称|作品名稱)\s*[:：]\s*《?([^《》]{1,40})》?\s*$")
#: "X   作者：Y", "X  作者:Y".
_WITH_AUTHOR_FIELD = re.compile(r"^(.{1,30}?)[ \u3000]*(?:作者|著者)\s*[:：]\s*(.{1,30})$")
#: "X   明 鄧志謨著", "X[明]徐渭 著", "X（清）李漁", "X    清·海上劍癡撰", "X    清：無名氏".
_WITH_DYNASTY = re.compile(
    rf"^(\S.{{0,29}}?)[ \u3000]*((?:[\[［(（【]\s*{_DYNASTY}\s*[\]］)）】]|(?<=[ \u3000]){_DYNASTY}\s*[.．·•:：]?[ \u3000]*)"
    r"[^\s\u3000，。、；！？]{1,10}(?:[ \u3000]*(?:编次|編次|撰|著|编|編))?)$"
)
_PROSE = re.compile(r"[，。；！？、]")
#: "前七國孫龐演義明吳門嘯客撰": a title ending in its genre word, the credit glued on.
_GENRE_CREDIT = re.compile(
    r"^(\S{2,20}?(?:演義|演义|傳|传|記|记|志|錄|录|夢|梦|緣|缘))[ \u3000]*"
    r"(\S{2,10}?(?:撰|著|演輯|演辑|編次|编次|編輯|编辑))$"
)
#: "乾隆游江南(又名《萬年青奇才新傳》…)": other names of the book, not part of its title.
_ALSO_NAMED = re.compile(r"[ \u3000]*[(（]\s*(?:又名|一名|原名|又稱|又称)[^()（）]{1,60}[)）]\s*$")


def author_name(value: str) -> str:
    """"清.沈復（沈三白）" → "沈復"; "明 鄧志謨著" → "鄧志謨"; "[明]徐渭 著" → "徐渭"."""
    s = value.strip()
    bare = _DYNASTY_PREFIX.sub("", s, count=1)
    if bare != s and len(bare) >= 3 and bare[-1] in "著撰编編":
        bare = bare[:-1]  # "清 姬文著": after a dynasty, a last 著 is the role even on a short name
    s = _ROLE_SUFFIX.sub("", bare)
    s = _ALIAS.sub("", s).strip()
    return s or value.strip()


def book_line(line: str) -> tuple[str, str | None] | None:
    """(title, author or None) when `line` is a book's title line in one of the shapes above."""
    s = _ALSO_NAMED.sub("", line.strip())
    if not s or len(s) > 60:
        return None
    m = _BOOK_FIELD.match(s)
    if m:
        return m.group(1).strip(), None
    m = _MARKED.match(s)
    if m:
        title, rest = m.group(1).strip(), m.group(2).strip()
        if not rest:
            return title, None
        a = re.match(r"^(?:作者|著者)?\s*[:：]?\s*(.{1,30})$", rest)
        if a and not _PROSE.search(rest):
            return title, _clean_author(a.group(1))
        return None
    if _PROSE.search(s):
        return None
    m = _WITH_AUTHOR_FIELD.match(s)
    if m and m.group(1).strip():
        return m.group(1).strip(), _clean_author(m.group(2))
    m = _WITH_DYNASTY.match(s)
    if m:
        return m.group(1).strip(), _clean_author(m.group(2))
    m = _GENRE_CREDIT.match(s)
    if m:
        return m.group(1).strip(), _clean_author(m.group(2))
    return None


def _clean_author(value: str) -> str | None:
    name = author_name(value)
    return None if _NOT_A_NAME.search(name) else name


#: "明 鄧志謨著", "清 鄒必顯撰": an author line of its own under the title.
_AUTHOR_ONLY = re.compile(
    rf"^{_DYNASTY}[ \u3000.．·•:：]*([^\s\u3000，。、；！？]{{2,8}}?)[ \u3000]*(?:编次|編次|撰|著|编|編)$"
)


def author_line(line: str) -> str | None:
    """The author's name when `line` is only "dynasty name 著"."""
    m = _AUTHOR_ONLY.match(line.strip())
    if not m:
        return None
    return _clean_author(m.group(1))


_NAME = r"[^\s\u3000，。、；！？：:/／]{2,12}"
#: "[古罗马] 马可·奥勒留 著", "（英）毛姆 著", "鲁迅 著": a name, a space, the role.
_CREDIT_AUTHOR = re.compile(
    rf"^(?:[\[［(（【][^\]］)）】]{{1,6}}[\]］)）】][ \u3000]*)?({_NAME})[ \u3000]+(?:著|撰|编著|編著|原著)$"
)
#: "何怀宏/译", "何怀宏 译", "傅惟慈 譯": the translator.
_CREDIT_TRANSLATOR = re.compile(
    rf"^(?:译者|譯者)?[:：]?[ \u3000]*({_NAME})[ \u3000]*(?:[/／][ \u3000]*|[ \u3000]+)(?:译|譯|翻译|翻譯)$"
    rf"|^(?:译者|譯者)[ \u3000]*[:：][ \u3000]*({_NAME})$"
)


def credit_line(line: str) -> tuple[str, str] | None:
    """("author" or "translator", name) for a line that only credits someone."""
    s = line.strip()
    if not s or len(s) > 40:
        return None
    name = author_line(s)
    if name:
        return "author", name
    m = _CREDIT_AUTHOR.match(s)
    if m:
        found = _clean_author(m.group(1))
        return ("author", found) if found else None
    m = _CREDIT_TRANSLATOR.match(s)
    if m:
        return "translator", (m.group(1) or m.group(2)).strip()
    return None


def strip_other_names(title: str) -> str:
    """"乾隆游江南(又名《萬年青奇才新傳》)" → "乾隆游江南"."""
    return _ALSO_NAMED.sub("", title).strip() or title


#: "论文题目\t达斡尔族…", "题    目：基于…", "題目：…": a thesis cover's title field.
_TITLE_FIELD = re.compile(
    r"^(?:论文|論文|中文|设计|設計)?(?:题|題)[ \u3000]*(?:目|名)(?:[ \u3000\t]*[:：\t]|[ \u3000]{2,})[ \u3000\t]*(\S.{1,79})$"
)
#: A title wrapped onto the next cover line starts with a joining word: "…管理系统 / 的设计与实现".
_TITLE_CONTINUES = re.compile(r"^(?:的|与|與|及|和|之|中的|下的)\S{1,20}$")


def title_field(line: str) -> str | None:
    """The title on a thesis cover's "题目：" line, or None."""
    m = _TITLE_FIELD.match(line.strip())
    if not m:
        return None
    value = m.group(1).strip()
    return None if _PROSE.search(value) else value


def title_continues(line: str) -> bool:
    return _TITLE_CONTINUES.match(line.strip()) is not None


def is_anonymous(name: str) -> bool:
    """"不題撰人", "佚名", "無名氏": the book names no author."""
    return _NOT_A_NAME.search(name.strip()) is not None
