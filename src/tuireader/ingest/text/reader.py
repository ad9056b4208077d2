"""Plain text → `Article`: `parse_text` runs the passes in order (see the package docstring).
"""

from __future__ import annotations

import re
from pathlib import PurePath

from tuireader.article import Article, Link, title_from_path
from tuireader.ingest import clean
from tuireader.ingest.sanitize import normalise_newlines, strip_controls
from tuireader.ingest.text.build import _build
from tuireader.ingest.text.ebook import book_head, ebook_headings, is_ebook
from tuireader.ingest.text.gutenberg import _gutenberg
from tuireader.ingest.text.head import _head
from tuireader.ingest.text.headings import (
    _bullet_heads,
    _classify,
    _couplet_titles,
    _demote_lists,
    _lone_numbers,
    _numeral_sections,
    _runins,
    _subheads,
    _work_titles,
)
from tuireader.ingest.text.lines import (
    _CJK,
    _RELATED,
    _SENTENCE_END,
    _Head,
    _Line,
    _prep_lines,
    _Raw,
)
from tuireader.ingest.text.paragraphs import _paragraphs, _sentence_line
from tuireader.ingest.text.scrape import strip_site_credits
from tuireader.ingest.text.tail import _tail

_DISCLAIMER_HEADS = "免声聲版特法郑鄭【[(（Dd"


_RELATED_FIRST = set("【[相推延热熱猜往精类類RrMmYy")


_PAGE_MARK = re.compile(
    r"^(?:Page|PAGE|p\.)\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?$|^第\s*\d{1,4}\s*[页頁](?:\s*[,，/]?\s*共\s*\d{1,4}\s*[页頁])?$|"
    r"^[-—–]\s*\d{1,4}\s*[-—–]$"
)


def parse_text(text: str, *, path: str = "<text>", encoding: str = "utf-8",
               sanitized: bool = False) -> Article:
    """Turn decoded plain text into an `Article` (title, metadata, blocks, outline, links).

    `sanitized`: the text comes from `encoding.decode_bytes`, which already normalised its
    newlines and stripped its control characters; doing it again changes nothing and costs
    a scan of the whole text (~2 ms a MB)."""
    if not sanitized:
        text = strip_controls(normalise_newlines(text))
    text = clean.strip_pinyin(text)
    text, _credits = strip_site_credits(text)
    head = _Head()
    raw_lines = text.split("\n")
    if "*" in text:  # every Gutenberg marker starts with "*"
        raw_lines = _gutenberg(raw_lines, head)
    lines = _prep_lines(raw_lines, text)
    book = book_head(lines, head)
    start = _head(lines, head, PurePath(path).stem if path else "")
    _tail(lines, start, head)
    if clean.has_spam(text):
        _spam_lines(lines)
    # A line of only invisible characters (U+2060 …) collapses to nothing: no paragraph.
    raws = [r for r in _paragraphs(lines) if r.text]
    _drop_repeats(raws, head)
    _body_widgets(raws, head.title or "")
    sample = text[:20000]
    latin = sample.isascii() or _CJK.search(sample) is None  # isascii: O(1), no regex scan
    _classify(raws, latin)
    if not latin:
        _couplet_titles(raws)
        _work_titles(raws)
        _numeral_sections(raws)
    if latin and is_ebook(raws, head, book):
        ebook_headings(raws)
    _lone_numbers(raws)
    _bullet_heads(raws)
    _demote_lists(raws, latin)
    _subheads(raws, latin)
    _runins(raws, latin)
    blocks, entries = _build(raws)
    title = head.title or title_from_path(path)
    meta = {k: v for k, v in head.meta.items() if v not in ("", [], None)}
    return Article(
        title=clean.collapse_ws(title),
        blocks=blocks,
        outline=entries,
        metadata=meta,
        prev=Link(head.prev) if head.prev else None,
        next=Link(head.next) if head.next else None,
        path=path,
        format="text",
        encoding=encoding,
    )


def _spam_lines(lines: list[_Line | None]) -> None:
    """SEO spam in the middle of the text (only looked for when the text has spam words)."""
    for i, ln in enumerate(lines):
        if ln is not None and clean.has_spam(ln.text) and clean.is_junk(ln.text):
            lines[i] = None


def _page_marks(raws: list[_Raw], title: str) -> None:
    """"Page 1 of 2", "第 3 页", "- 4 -" from a converted PDF, and the running header (the
    title again) printed beside them: page furniture, never the author's text."""
    key = title.casefold()
    for k, r in enumerate(raws):
        s = r.text
        if r.nlines != 1 or len(s) > 24 or s[:1] not in "Pp第-—–" or not _PAGE_MARK.match(s):
            continue
        r.drop = True
        for j in (k - 1, k + 1):
            if 0 <= j < len(raws) and key and raws[j].text.casefold() == key:
                raws[j].drop = True


def _body_widgets(raws: list[_Raw], title: str = "") -> None:
    """Widgets and promos left in the middle of the text ("【打印本页】", "Advertisement").

    Checked on paragraphs, not lines: only a short one-line paragraph can be a widget, so a
    5 MB text (or a hard-wrapped one, where every line is short) checks almost nothing.
    """
    _page_marks(raws, title)
    skipping = 0
    for r in raws:
        if skipping:
            # the headlines under a "Related stories" label, up to the next real paragraph
            if r.nlines == 1 and len(r.text) <= 80 and not _sentence_line(r.text) \
                    and not r.text.endswith(_SENTENCE_END):
                r.drop = True
                skipping -= 1
                continue
            skipping = 0
        if r.nlines == 1 and len(r.text) <= 40 and r.text[0] in _RELATED_FIRST and _RELATED.match(r.text):
            r.drop = True
            skipping = 8
        elif r.nlines == 1 and len(r.text) <= 40 and clean.may_be_widget(r.text) and clean.is_junk(r.text):
            r.drop = True
        elif r.text[:1] in _DISCLAIMER_HEADS and clean.is_disclaimer_start(r.text):
            r.drop = True  # "免责声明：…" is never the author's text, wherever it sits


def _drop_repeats(raws: list[_Raw], head: _Head) -> None:
    """The title and author repeated at the top of the body (Gutenberg title pages)."""
    title = (head.title or "").casefold()
    author = str(head.meta.get("author", "")).casefold()
    for r in raws[:8]:
        t = r.text.casefold()
        if title and (t == title or t.replace(";", ",") == title.replace(";", ",")):
            r.drop = True
        elif author and (t == author or t == f"by {author}"):
            r.drop = True
