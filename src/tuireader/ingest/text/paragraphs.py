"""Pass 4: rebuild paragraphs from lines: join hard-wrapped lines when the text is wrapped
at a fixed width (CJK without a space), otherwise one line is one paragraph.
"""

from __future__ import annotations

import re

from tuireader.ingest import clean, metadata, outline
from tuireader.ingest.text.lines import _ABOUT_AUTHOR, _CJK, _SENTENCE_END, _TAG, _Line, _Raw

_CJK_END = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef“”‘’—…]")


_CJK_START = re.compile(r"^[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef“”‘’—…]")


_SETEXT = re.compile(r"^(=+|-+)\s*$")


_BRACKETED = re.compile(r"^[【\[]([^】\]]{1,10})[】\]]\s*")


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
            if nxt is not None and _SETEXT.match(nxt.text) and not _SETEXT.match(ln.text) \
                    and _setext_title(ln.text):
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
            if _SETEXT.match(ln.text) and len(cur) == 1 and not _SETEXT.match(prev.text) \
                    and _setext_title(prev.text):
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


def _setext_title(text: str) -> bool:
    """Only a title-like line is underlined into a heading: over a long sentence, "--------"
    is a footnote separator (Chinese ebooks put one under the paragraph the notes belong to)."""
    s = text.strip()
    return len(s) <= 80 and not any(c in s for c in "，。！？；：「」“”")
