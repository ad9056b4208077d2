"""`tuireader inspect --explain`: what each input line became, and why.

Why after the fact rather than traced through the passes: the text reader's passes join,
split, reorder and drop lines for many reasons; threading a provenance record through all
of them would tie every rule to this report. Instead the finished `Article` is aligned back
to the input, top to bottom: a line whose text is found in the next blocks became (part of)
that block; a line that is the title, a metadata value or a neighbour link went there; any
other line was dropped, and the line rules of `clean` (the same functions the reader calls)
name the rule that matches it. The result is what a user pastes into a bug report and what
a developer reads to find a misfire: "line 14: dropped (share widget)", "line 30: heading,
level 2, numbered （一）".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from tuireader.article import Article
from tuireader.ingest import clean, outline
from tuireader.ingest.text import scrape
from tuireader.ingest.text.gutenberg import _BARE_END, _GUTENBERG_END, _GUTENBERG_START
from tuireader.ingest.text.headings import TOC_PAGE_NUMBER

#: How many blocks ahead a line is looked for (lines are in order; a dropped run of page
#: furniture never hides more than this many blocks).
_LOOKAHEAD = 80
#: Characters of a line used to find it in a block (long lines are joined or split at the
#: same places either way; their start is enough to place them).
_PROBE = 24
_SPACE = re.compile(r"\s+")
_TOC_LINE = re.compile(TOC_PAGE_NUMBER, re.IGNORECASE)


@dataclass(slots=True)
class LineReport:
    """One input line: its number (from 1), its text, and what it became."""

    number: int
    text: str
    verdict: str


def _squash(text: str) -> str:
    return _SPACE.sub("", text)


def _probe(line: str) -> str:
    """A line as the reader compares it: tags, entities and glued pinyin readings out,
    no white space (CJK lines are joined without one, Latin ones with one)."""
    return _squash(clean.strip_pinyin(clean.clean_line(line), min_count=1))


def _heading_reason(line: str, level: int, number: str | None) -> str:
    numbered = outline.split_numbering(line.strip())
    if numbered is not None and numbered.number:
        return f"heading, level {level}, numbered {numbered.number!r} ({numbered.style})"
    if numbered is not None and number:
        return f"heading, level {level}, numbering lost in the scrape, repaired to {number!r} ({numbered.style})"
    if numbered is not None:
        return f"heading, level {level} ({numbered.style})"
    if number:
        return f"heading, level {level}, number {number!r}"
    return f"heading, level {level} (short standalone line)"


def _dropped_because(line: str, in_licence: bool, first_block: bool) -> str:
    """The name of the line rule that matches a dropped line (the reader's own tests)."""
    if in_licence:
        return "dropped: Project Gutenberg licence header/footer"
    stripped = line.strip()
    checks: list[tuple[str, Any]] = [
        ("download-site credit or page navigation", scrape.is_credit_line),
        ("spam", clean.has_spam),
        ("navigation bar", clean.is_nav_bar),
        ("keyword stuffing", lambda s: clean.is_spam_keywords(s, in_head=first_block)),
        ("share widget", clean.is_share_widget),
        ("app or download promotion", clean.is_promo),
        ("disclaimer", lambda s: clean.is_disclaimer(s) or clean.is_disclaimer_start(s)),
        ("copyright / ICP line", clean.is_copyright),
        ("page furniture", lambda s: clean.is_junk(s, in_head=first_block, in_tail=not first_block)),
    ]
    for name, test in checks:
        if test(stripped):
            return f"dropped: {name}"
    if not clean.clean_line(stripped).strip():
        return "dropped: markup residue"
    if _TOC_LINE.search(stripped):
        return "dropped: table of contents"
    where = "before the body (head furniture)" if first_block else "after or between the body (tail furniture, repeats)"
    return f"dropped: {where}"


def _fields(article: Article) -> list[tuple[str, str]]:
    """(label, squashed value) for everything a line can become besides a block."""
    out = [("title", _squash(article.title))] if article.title else []
    for key, value in article.metadata.items():
        values = value if isinstance(value, list) else [value]
        out += [(f"metadata: {key}", _squash(str(v))) for v in values if str(v).strip()]
    for side, link in (("previous article", article.prev), ("next article", article.next)):
        if link is not None and link.title:
            out.append((f"link: {side}", _squash(link.title)))
    return [(label, v) for label, v in out if v]


def explain_lines(text: str, article: Article) -> list[LineReport]:
    """Align `article` (parsed from `text`) back to the lines of `text`."""
    blocks = [_squash(b.text) for b in article.blocks]
    entries = {e.block: e for e in article.outline}
    fields = _fields(article)
    reports: list[LineReport] = []
    at = 0  # the block the previous line went to
    last = -1
    licence = "none"  # none → inside (header) → body → inside (footer)
    lines = text.split("\n")
    has_licence = any(_GUTENBERG_START.match(x) for x in lines[:600])
    if has_licence:
        licence = "header"
    elif any(_BARE_END.match(x) for x in lines[-1200:]):
        licence = "body"  # a copy without the header: the footer still goes
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        if licence == "header":
            if _GUTENBERG_START.match(line):
                licence = "body"
            reports.append(LineReport(n, line, _field_or(line, fields) or "dropped: Project Gutenberg licence header"))
            continue
        if licence == "body" and (_GUTENBERG_END.match(line) if has_licence else _BARE_END.match(line)):
            licence = "footer"
        if licence == "footer":
            reports.append(LineReport(n, line, "dropped: Project Gutenberg licence footer"))
            continue
        probe = _probe(line)
        exact = next((label for label, value in fields if value == probe), None)
        if exact is not None:
            reports.append(LineReport(n, line, exact))
            continue
        numbered = outline.split_numbering(line.strip())
        bare = _squash(numbered.title) if numbered is not None and numbered.title else probe
        k = _find_block(blocks, at, probe, bare)
        if k is not None:
            block = article.blocks[k]
            if block.kind == "heading":
                entry = entries.get(k)
                verdict = _heading_reason(line, entry.level if entry else block.level or 1,
                                          entry.number if entry else block.number)
            elif k == last:
                verdict = f"{block.kind.replace('_', ' ')} {k} (continued: joined to the line above)"
            else:
                verdict = f"{block.kind.replace('_', ' ')} {k}"
                if k in entries:
                    verdict += f", with a run-in head (outline level {entries[k].level})"
            reports.append(LineReport(n, line, verdict))
            at = last = k
            continue
        reports.append(LineReport(n, line, _unplaced(line, fields, first_block=last < 0)))
    return reports


def _field_or(line: str, fields: list[tuple[str, str]]) -> str | None:
    """The field a line holds, by the longest field value found in it (or holding it)."""
    probe = _probe(line)
    best: tuple[int, str] | None = None
    if probe:
        for label, value in fields:
            if value == probe or value in probe or (len(probe) >= 4 and probe in value):
                if best is None or len(value) > best[0]:
                    best = (len(value), label)
    return best[1] if best else None


def _unplaced(line: str, fields: list[tuple[str, str]], first_block: bool) -> str:
    """A line found in no block: a named drop rule first (a disclaimer may mention the site
    name that is also the breadcrumb), then the field it holds, then a plain drop."""
    dropped = _dropped_because(line, False, first_block)
    if not dropped.startswith("dropped: before") and not dropped.startswith("dropped: after"):
        return dropped
    return _field_or(line, fields) or dropped


def _find_block(blocks: list[str], at: int, probe: str, bare: str) -> int | None:
    if not probe:
        return None
    start = probe[:_PROBE]
    bare_start = bare[:_PROBE]
    for k in range(at, min(len(blocks), at + _LOOKAHEAD)):
        text = blocks[k]
        if start in text or (bare_start and bare_start in text) or (text and text in probe):
            return k
    return None


def explain_blocks(article: Article) -> list[LineReport]:
    """For a web page, which is not read line by line: each extracted block and its kind
    (numbered from 1 like lines, so the report reads the same)."""
    entries = {e.block: e for e in article.outline}
    out = []
    for k, block in enumerate(article.blocks):
        if block.kind == "heading":
            entry = entries.get(k)
            verdict = f"heading, level {entry.level if entry else block.level or 1}"
        else:
            verdict = f"{block.kind.replace('_', ' ')} {k}"
        out.append(LineReport(k + 1, block.text, verdict))
    return out


def format_report(reports: list[LineReport], width: int = 48) -> str:
    """One line per input line: number, verdict, and the start of the line as written."""
    out = []
    for r in reports:
        shown = " ".join(r.text.split())
        if len(shown) > width:
            shown = shown[: width - 1] + "…"
        out.append(f"{r.number:6d}  {r.verdict:<52}  {shown}")
    return "\n".join(out) + ("\n" if out else "")
