"""Pass 3b: skim the tail: disclaimers, editors, reviewers and 上一篇/下一篇 become metadata.
"""

from __future__ import annotations

import re

from tuireader.ingest import clean, metadata
from tuireader.ingest.text.lines import _ABOUT_AUTHOR, _CJK, _RELATED, _TAG, _Head, _Line
from tuireader.ingest.text.paragraphs import (
    _below_author_box,
    _sentence_line,
    _strip_widget_prefix,
    _tags_below_meta,
)

TAIL_LINES = 30


_END_MARK = re.compile(
    r"^(?:[（(【\[]\s*(?:完|全文完|终|終|END)\s*[）)】\]]|[-—–~]+\s*(?:END|完|THE END)\s*[-—–~]+|END|全文完)$",
    re.IGNORECASE
)


_OFFICIAL_FOOTER = re.compile(
    r"^(?:抄送|抄報|抄报|主送|发送|發送)\s*[:：]|印发$|印發$|^[（(]此件(?:公开发布|公開發布|主动公开|主動公開|不公开|不公開|"
    r"依申请公开|依申請公開|删减后公开|刪減後公開)[）)]$"
)


_SIGNATURE = re.compile(r"^[\u3400-\u9fff·（）()]{2,30}$")


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
