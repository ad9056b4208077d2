"""Pass 5: which paragraphs are headings, run-in heads or list items, and which lists of
numbered lines are not sections at all.
"""

from __future__ import annotations

import re

from tuireader.ingest import clean, cnbook, outline
from tuireader.ingest.text.lines import _CJK, _SMALL_WORDS, _TITLE_BAD_END, _Raw
from tuireader.ingest.text.paragraphs import _ends_sentence

_RULE = re.compile(r"^(?:([*·•\-_=~])\s*)\1(?:\s*\1)+$|^(?:\*\s*){3,}$")


#: A contents line's page number ("Preface ........ 7", "Chapter One  xii").
TOC_PAGE_NUMBER = r"(?:\s*[.·…_\-—]{2,}\s*|\s+)(?:\d{1,4}|[ivxlc]{1,6})$"
_TOC_LEADER = re.compile(TOC_PAGE_NUMBER + r"|[.．。]$")


_INLINE_LIST = re.compile(r"[:：]\s*(\S.{0,40})$")


_HEAD_BULLETS = "■□◆◇▌▍▎▶►●★☆▲"


_LONE_NUMBER = re.compile(r"^0?[1-9]\d?$")


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
    if nxt.nlines == 1 and len(s) <= 60 and not s.rstrip("—–-").endswith(_TITLE_BAD_END) and not _ends_sentence(s) \
            and outline.split_numbering(s) is None and not s.startswith("[Illustration") and not _lone_numeral(s):
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
    chapters = _dotless_chapters(live)
    for r in live:
        if r.numbered is not None and r.numbered.weak and r.numbered.style not in sound and id(r) not in chapters:
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
            # Under a "目录" line the list is a table of contents even when the thesis was
            # retitled afterwards and only most of its entries come back word for word.
            share = 0.5 if i > 0 and _CONTENTS_TITLE.match(live[i - 1].text.strip()) else 0.8
            if sum(1 for x in range(i, j) if last_seen[keys[x]] >= j) >= share * len(run):
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


_CONTENTS_TITLE = re.compile(r"^(?:目[\s\u3000]*[录錄]|目[\s\u3000]*次|Contents|CONTENTS|Table of Contents)$")


def _heading_key(r: _Raw) -> str:
    """Identity of a heading for matching a contents line with its section: style, number,
    title without dot leaders and page number ("总则……………1", "Getting Started .... 5")."""
    num = r.numbered
    title = r.text if num is None else num.title
    title = _TOC_LEADER.sub("", clean.collapse_ws(title))
    if num is None:
        return title
    if _CJK.search(title):
        title = "".join(title.split())  # "…歸仙闕　賢公子…" and "…歸仙闕 賢公子…" are one title
    return f"{num.family}|{_number_value(num.number)}|{title}"


def _number_value(number: str | None) -> str:
    """"第01回" and "第一回" are the same chapter: the number as a value where it has one."""
    if not number:
        return ""
    digits = "".join(c for c in number if c.isdigit() or c in outline.CN_NUM_CHARS)
    if digits.isdigit():
        return str(int(digits))
    value = outline.cn_to_int(digits) if digits else None
    return str(value) if value is not None else number


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
        if enumeration and all(r.lead and r.text[r.lead - 1] == "。" for r in members):
            # "(1)权限控制做得粗糙。大多数系统…；": each item opens with a titled full sentence,
            # then explains; the "；" ends the explanation, not a clause of one sentence.
            enumeration = False
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


def _couplet_titles(raws: list[_Raw]) -> None:
    """"第一回 本天倫談性命之情 / 遵母命游婚姻之學": a classic's chapter title is a couplet,
    often broken over two lines; the second half is part of the heading, not a paragraph.

    Only a single short line with no punctuation at all, about as long as the first half
    (couplet halves match), right after a chapter heading, joins it.
    """
    for k, r in enumerate(raws):
        num = r.numbered
        if r.kind != "heading" or num is None or num.family != "keyword" or not num.title:
            continue
        title = num.title.strip()
        if not 4 <= len(title) <= 20 or _CJK_PUNCT_ANY.search(title) or " " in title:
            continue
        nxt = next((x for x in raws[k + 1:k + 3] if not x.drop), None)
        if nxt is None or nxt.kind != "paragraph" or nxt.numbered is not None or nxt.nlines != 1:
            continue
        s = nxt.text.strip()
        if 4 <= len(s) <= 20 and abs(len(s) - len(title)) <= 3 and _CJK.search(s) \
                and not _CJK_PUNCT_ANY.search(s) and " " not in s:
            num.title = f"{title} {s}"
            r.text = f"{r.text} {s}"
            nxt.drop = True


_FIRST_CHAPTER = ("第一回", "第一章", "第1回", "第1章", "第01回", "第001回")


def _work_titles(raws: list[_Raw]) -> None:
    """"前七國孫龐演義明吳門嘯客撰" right before "第一回": a file holding several works,
    each announced by its title and credit line; the work is a section above its chapters."""
    live = [r for r in raws if not r.drop]
    for k in range(len(live) - 1):
        r, nxt = live[k], live[k + 1]
        if r.kind != "paragraph" or r.numbered is not None or r.nlines != 1 or len(r.text) > 40:
            continue
        if nxt.kind != "heading" or nxt.numbered is None or nxt.numbered.family != "keyword" \
                or not (nxt.numbered.number or "").startswith(_FIRST_CHAPTER):
            continue
        book = cnbook.book_line(r.text)
        if book is None or book[1] is None and "作者" not in r.text:
            continue
        r.kind = "heading"
        r.numbered = outline.Numbered("kw:部", None, book[0], "")
        r.text = book[0]


def _lone_numeral(s: str) -> bool:
    """"一", "十二", "3": a section number alone on its line (under "第1章" it opens a
    section of the chapter; it is not the chapter's title)."""
    t = s.strip()
    return 0 < len(t) <= 4 and (t.isdigit() or outline.cn_to_int(t) is not None)


def _numeral_sections(raws: list[_Raw]) -> None:
    """"一" alone on its line, then text: a numbered section of a novel or essay (沉沦,
    骆驼祥子). Only as a sequence counting up by one (it may start again at 一 after a
    chapter heading; a gap of one or two lost numerals is allowed), each numeral followed by
    running text, at least two of them."""
    live = [r for r in raws if not r.drop]
    found: list[tuple[_Raw, int]] = []
    expect = 1
    for k in range(len(live) - 1):
        r = live[k]
        if r.kind == "heading" and r.numbered is not None and r.numbered.family == "keyword":
            if found and expect > 2:
                expect = -1  # after a chapter: either 一 again or the count goes on
            continue
        t = r.text.strip()
        if r.kind != "paragraph" or r.nlines != 1 or not 0 < len(t) <= 3 or r.numbered is not None:
            continue
        value = outline.cn_to_int(t)
        if value is None or any(c.isdigit() for c in t):
            continue
        nxt = live[k + 1]
        if nxt.kind != "paragraph" or len(nxt.text) < 4:
            continue
        last = found[-1][1] if found else 0
        # a scrape may lose a numeral or two ("七", then "十"): small gaps are allowed
        if (expect != -1 and expect <= value <= expect + 2) or (expect == -1 and (value == 1 or 0 < value - last <= 3)):
            found.append((r, value))
            expect = value + 1
    if len(found) < 2:
        return
    for r, _ in found:
        r.kind = "heading"
        r.numbered = outline.Numbered("cn", r.text.strip(), "", "")


def _dotless_chapters(live: list[_Raw]) -> set[int]:
    """"1 绪论" right before "1.1 研究背景": a paper's chapter whose number lost its dot (ids
    of such raws). Only when the next numbered line is the chapter's first subsection, so
    "1 层次化主题…" items inside a section stay unnumbered text."""
    out: set[int] = set()
    weak = [(k, r) for k, r in enumerate(live)
            if r.numbered is not None and r.numbered.weak and r.numbered.style == "arabic_sp" and r.numbered.number]
    for k, r in weak:
        assert r.numbered is not None
        nxt = next((x for x in live[k + 1:k + 6] if x.numbered is not None and not x.numbered.weak), None)
        if nxt is not None and nxt.numbered is not None and nxt.numbered.number == f"{r.numbered.number}.1":
            out.add(id(r))
    # Confirmed chapters vouch for the rest when the dot-less numbers run 1, 2, 3 … once each
    # ("4 相关工作" has no subsections); numbers that repeat are lists inside sections.
    numbered = [(r, int(n)) for _, r in weak if r.numbered is not None and (n := r.numbered.number or "").isdigit()]
    numbers = [v for _, v in numbered]
    if out and 1 in numbers:
        # from the last "1" on (a table of contents may list the chapters before the body)
        start = len(numbers) - 1 - numbers[::-1].index(1)
        run = numbers[start:]
        if run == list(range(1, len(run) + 1)):
            out.update(id(r) for r, _ in numbered[start:])
    return out
