"""Pass 6: paragraphs → `Block`s and `OutlineEntry`s, with levels assigned and lost numbering
repaired (`outline`).
"""

from __future__ import annotations

from tuireader.article import Block, OutlineEntry
from tuireader.ingest import clean, outline
from tuireader.ingest.text.lines import _CJK, _Raw


def _build(raws: list[_Raw]) -> tuple[list[Block], list[OutlineEntry]]:
    blocks: list[Block] = []
    cands: list[outline.Candidate] = []
    owners: list[_Raw] = []
    for r in raws:
        if r.drop:
            continue
        num = r.numbered
        if r.kind == "heading" and num is not None:
            number, title = _entry_number_title(num)
            cands.append(outline.Candidate(len(blocks), num.style, number, title))
            owners.append(r)
            shown = clean.collapse_ws(num.title) if num.style.startswith("atx") else r.text
            blocks.append(Block("heading", shown, number=number))
        elif r.kind == "rule":
            blocks.append(Block("rule", ""))
        elif r.kind == "list_item":
            blocks.append(Block("list_item", r.text, level=1, number=num.number if num else None))
        elif r.lead and num is not None:
            phrase = r.text[len(num.prefix): r.lead - 1].strip()
            cands.append(outline.Candidate(len(blocks), num.style, num.number, phrase))
            owners.append(r)
            blocks.append(Block("paragraph", r.text, lead=r.lead))
        else:
            blocks.append(Block("paragraph", r.text))
    outline.assign_levels(cands)
    outline.repair_numbers(cands)
    forms = _paren_forms(owners)
    entries: list[OutlineEntry] = []
    for c, r in zip(cands, owners, strict=True):
        b = blocks[c.block]
        if b.kind == "heading":
            b.level = c.level
            b.number = c.number
            if r.numbered is not None and _needs_rebuild(r.numbered):
                b.text = _rebuild(r.numbered, c.number, forms)
        elif r.numbered is not None and _needs_rebuild(r.numbered):
            new_prefix = _rebuild(r.numbered, c.number, forms, title="")
            b.text = new_prefix + b.text[len(r.numbered.prefix):]
            b.lead += len(new_prefix) - len(r.numbered.prefix)
        entries.append(OutlineEntry(c.level, c.number, c.title, c.block))
    return blocks, entries


def _entry_number_title(num: outline.Numbered) -> tuple[str | None, str]:
    title = clean.collapse_ws(num.title)
    if num.family in ("markup", "named", "caps", "subhead"):
        number, rest = outline.split_number(title)
        return number, rest or title
    if title.endswith(".") and not title.endswith("..") and not _CJK.search(title):
        title = title[:-1]  # "CHAPTER 1. Loomings." → "Loomings"
    elif title.endswith("。"):
        title = title[:-1]  # "一、加强组织领导。" → "加强组织领导"
    if len(title) > 2 and title[0] in "【〖［" and title[-1] in "】〗］" and title.count(title[0]) == 1:
        title = title[1:-1]  # "一、【始计第一】": brackets around the whole title are decoration
    return num.number, title or (num.number or "")


def _paren_forms(owners: list[_Raw]) -> tuple[str, str]:
    """The document's own parentheses for （一）-style numbers: full-width or ASCII."""
    ascii_n = full_n = 0
    for r in owners:
        num = r.numbered
        if num is not None and num.style == "cn_paren":
            p = num.prefix.strip()
            if p.startswith("("):
                ascii_n += 1
            elif p.startswith("（"):
                full_n += 1
    return ("(", ")") if ascii_n > full_n else ("（", "）")


def _needs_rebuild(num: outline.Numbered) -> bool:
    return num.style == "cn_paren" and num.weak


def _rebuild(num: outline.Numbered, number: str | None, forms: tuple[str, str],
             title: str | None = None) -> str:
    t = num.title if title is None else title
    return f"{forms[0]}{number or ''}{forms[1]}{t}"
