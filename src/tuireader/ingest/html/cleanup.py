"""Last pass over an HTML article's blocks: the lines a reader skips, and CJK paragraphing.

Main-content extractors keep what sits inside the article container, and Chinese pages put
their labelled fields ("来源：半月谈网", "责任编辑：孔德明"), share widgets ("【打印本页】
【关闭窗口】"), neighbour links ("上一篇：…") and disclaimers there too. The rules are the
text reader's (`clean`, `metadata`), applied per block: field lines feed the metadata,
junk is dropped. Pinyin readings glued after characters ("發(fā)展") go when the article
shows that habit.
"""

from __future__ import annotations

from typing import Any

from tuireader.article import Block

#: Field lines and widget lines are short; a long paragraph is prose whatever it starts with.
_MAX_FIELD_LINE = 80
_MAX_WIDGET_LINE = 200
#: Spam vocabulary is looked for in the head and tail of a very long page.
_SAMPLE = 100_000
_HEAD = 3
_TAIL = 6
_NEIGHBOUR_LABELS = ("上一篇", "下一篇", "上一章", "下一章", "上一頁", "下一頁", "上一页", "下一页", "上篇", "下篇")


def clean_blocks(blocks: list[Block], metadata: dict[str, Any]) -> list[Block]:
    """Blocks without field lines, widgets, neighbour links and glued pinyin readings."""
    try:
        from tuireader.ingest import clean
        from tuireader.ingest import metadata as fields
    except ImportError:  # the text reader's rules are not there: leave the blocks as they are
        return blocks
    n = len(blocks)
    # One scan of the whole text decides whether the per-block spam rules can fire at all
    # (a clean 5 MB page then pays only the cheap widget gate per block).
    joined = "\n".join(b.text for b in blocks)
    spam = clean.has_spam(joined if len(joined) <= 2 * _SAMPLE else joined[:_SAMPLE] + joined[-_SAMPLE:])
    out: list[Block] = []
    for i, block in enumerate(blocks):
        text = block.text
        in_head, in_tail = i < _HEAD, i >= n - _TAIL
        if block.kind in ("paragraph", "list_item") and len(text) <= _MAX_FIELD_LINE:
            if text.startswith(_NEIGHBOUR_LABELS):
                continue
            if in_head or in_tail:
                found = fields.parse_fields(text)
                if found is not None:
                    for key, value in found.items():
                        if key not in ("prev", "next"):
                            metadata.setdefault(key, value)
                    continue
        # Widgets, promos and field lines are short; long prose in the middle is never junk
        # unless the page carries spam vocabulary at all.
        suspect = in_head or in_tail or spam or (len(text) <= _MAX_WIDGET_LINE and clean.may_be_widget(text))
        if block.kind != "code" and suspect:
            if clean.is_junk(text, in_head=in_head, in_tail=in_tail):
                continue
        out.append(block)
    if _glued_readings(out) and clean.pinyin_annotations("\n".join(b.text for b in out)) >= 2:
        for block in out:
            if block.kind != "code":
                block.text = clean.strip_pinyin(block.text, min_count=0)
    return out


def _glued_readings(blocks: list[Block]) -> bool:
    """Cheap gate: does any "(" directly follow a CJK character (a possible "字(zì)")?"""
    for block in blocks:
        text = block.text
        at = text.find("(", 1)
        while at > 0:
            if "\u3400" <= text[at - 1] <= "\u9fff":
                return True
            at = text.find("(", at + 1)
    return False
