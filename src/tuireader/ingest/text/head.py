"""Pass 3a: skim the head of the text: spam, breadcrumb, share widgets, the title and its
subtitle, the "時間:…|來源:…" line and the byline become metadata, not body.
"""

from __future__ import annotations

import re
from typing import Any

from tuireader.ingest import clean, cnbook, metadata, outline
from tuireader.ingest.text.headings import _title_case
from tuireader.ingest.text.lines import _CJK, _SMALL_WORDS, _TITLE_BAD_END, _Head, _Line, _width

#: How far into the text the head (title, metadata) and tail (credits, links) may reach.
HEAD_LINES = 40


_URL = re.compile(r"https?://|www\.", re.IGNORECASE)


_TITLE_UNDERLINE = re.compile(r"^={3,}\s*$")


_ATX_TITLE = re.compile(r"^#[ \t]+\S")


_SITE_NAME = re.compile(
    r"^.{2,12}(?:网|網|网站|網站|官网|官網|频道|頻道|日报|日報|晚报|晚報|电视台|電視臺|电台|電臺|新闻网|新聞網|融媒)$"
)


_MENU = re.compile(r"^(?:\S{1,4}[ \u3000]+){3,}\S{1,4}$")


_SITE_SUFFIX = re.compile(r"\s*[_|｜\-–—]+\s*[^_|｜\-–—\s]{2,15}(?:网|網|网站|網站|官网|官網|频道|頻道|在线|在線|新闻|新聞)$")


_SUBTITLE = re.compile(r"^(?:——|--|—|─)\s*(\S.{1,60})$")


_DOC_NUMBER = re.compile(r"^[\u3400-\u9fff]{1,12}\s*[〔\[［(（【]\s*\d{4}\s*[〕\]］)）】]\s*\d{1,5}\s*号$")


_RELATIVE_TIME = re.compile(
    r"^(?:Updated|Published|Posted|Last updated)?\s*(?:\d{1,3}\s+(?:minutes?|mins?|hours?|hrs?|days?|weeks?)\s+ago|"
    r"yesterday|today|just now)$|^\d{1,3}\s*(?:分钟|分鐘|小时|小時|天)前$",
    re.IGNORECASE,
)


_WECHAT_BYLINE = re.compile(r"^(?:原创|原創)\s+(?:(\S{1,20})\s+)?(?:(\S{1,30})\s+)?(.*)$")


_ANSWER_VOTES = re.compile(r"^[\d,.]+\s*[万萬kK]?\s*人(?:赞同|贊同)了(?:该|該)(?:回答|文章)$")


_POSTED = re.compile(r"^(?:Posted|Published|Updated|Written)(?: on)?\s+(.{6,40}?)(?:\s+by\s+(.{2,60}))?$")


_EMPHASIS = re.compile(r"^([*_])(?!\1)(\S.{0,118}\S)\1$")


_COLUMN_TAG = re.compile(r"^[【\[]([^】\]\s]{1,6})[】\]]\s*")


_GAP = re.compile(r"(?:\s{3,}|\u3000{2,}|\s*\u3000\s*\u3000)")


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
    name = outline.named_section(s) if len(s) <= 12 else None
    if name is not None and _CJK.search(name):
        return True  # "前言", "引 子", "導讀": the body's first section, never the title
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
        if ln is None:
            continue  # the second line of a wrapped cover title, taken above
        s = ln.text
        bare = clean.strip_list_residue(s)
        cover_title = cnbook.title_field(bare) if head.title is None else None
        if cover_title is not None:
            # "题 目：基于…系统" (a thesis cover), maybe wrapped: "的设计与实现" on the next line
            nxt = i + 1
            while nxt < len(lines) and lines[nxt] is None:
                nxt += 1
            if nxt < len(lines) and nxt in idx and cnbook.title_continues(_text(lines, nxt)):
                cover_title += _text(lines, nxt).strip()
                lines[nxt] = None
            head.title = cover_title
            kinds[i] = "meta"
            continue
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
    if head.title is None and cands and cnbook.book_line(_text(lines, cands[0])) is not None:
        title_at = cands[0]  # "鐵樹記   明 鄧志謨著", "《鏡花緣》作者：李汝珍": a book's title line
    if head.title is None:
        if title_at is None:
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
    s = cnbook.strip_other_names(s)
    book = cnbook.book_line(s)
    if book is not None:
        if book[1]:
            head.meta.setdefault("author", book[1])
        return book[0]
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
