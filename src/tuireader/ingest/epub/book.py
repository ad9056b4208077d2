"""A whole book → one `Article`: the spine's documents in reading order, the book's own
table of contents as the outline, its chapters as `Article.chapters`.

Why one article and not one per chapter: positions, bookmarks, find and search all address
(block, offset) in one flat list of blocks; a book read as one continuous text keeps all of
them working unchanged, and `n`/`p` move by `chapters` inside it.

`parse_head(..., head_chars=N)` stops after the first documents holding N characters of
text (or inside the first document, when one holds the whole book) and marks the result
`partial`: the reader shows that at once and parses the whole in the background, as for big
text files. Its blocks are the first blocks of the whole (each document is parsed on its
own, the same way), so positions in the head stay valid.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from tuireader.article import Article, Block, Chapter, OutlineEntry, title_from_path
from tuireader.errors import IngestError
from tuireader.ingest.epub.archive import Archive
from tuireader.ingest.epub.chapter import chapter_blocks
from tuireader.ingest.epub.package import Package, read_package
from tuireader.ingest.epub.toc import TocEntry, read_toc
from tuireader.ingest.sanitize import clean_inline

#: A book whose spine documents declare less than this (uncompressed bytes) has no head:
#: it is parsed whole at once (a few ms).
HEAD_MIN_BYTES = 400_000
#: A document declaring more than this many bytes per character still missing from the
#: head is read only in part (a book in one file: its whole would take the first screen's time).
HEAD_DOC_FACTOR = 2
#: Blocks dropped from the end of a cut document: the last one may be cut short.
HEAD_SPARE_BLOCKS = 2
_BLOCK_END = re.compile(rb"</(?:p|div|h[1-6]|li|blockquote|pre|section|table)\s*>", re.IGNORECASE)


@dataclass(slots=True)
class _Doc:
    path: str
    start: int  # first block index of the document in the book
    end: int
    title: str  # its first heading, for chapters without a TOC entry
    cut: bool = False  # only its beginning was read (the head of a book in one file)


def parse_book(source: str | bytes, path: str, *, head_chars: int | None = None) -> Article:
    """Parse an EPUB (a file path or its bytes). `IngestError` (one line) for a bad book."""
    with Archive(source, path) as archive:
        try:
            return _parse(archive, path, head_chars)
        except RecursionError:
            raise IngestError(path, "markup nested too deeply to read") from None
        except MemoryError:
            raise IngestError(path, "too large to read") from None


def parse_head(source: str | bytes, path: str, *, head_chars: int,
               min_bytes: int = HEAD_MIN_BYTES) -> Article | None:
    """The first documents of a big book (`partial`), or None when the book is small
    (its spine documents declare under `min_bytes`) or the head would be all of it."""
    with Archive(source, path) as archive:
        try:
            pkg = read_package(archive)
            if sum(archive.size(item.path) for item, _linear in pkg.spine) < min_bytes:
                return None
            article = _parse(archive, path, head_chars, pkg)
        except RecursionError:
            raise IngestError(path, "markup nested too deeply to read") from None
        except MemoryError:
            raise IngestError(path, "too large to read") from None
    return article if article.partial and article.blocks else None


def _parse(archive: Archive, path: str, head_chars: int | None, pkg: Package | None = None) -> Article:
    pkg = pkg or read_package(archive)
    toc = read_toc(archive, pkg)
    wanted: dict[str, set[str]] = {}
    for entry in toc:
        if entry.path and entry.fragment:
            wanted.setdefault(entry.path, set()).add(entry.fragment)
    blocks: list[Block] = []
    docs: dict[str, _Doc] = {}
    anchors: dict[tuple[str, str], int] = {}
    chars = 0
    partial = False
    spine = _reading_order(pkg)
    for n, item in enumerate(spine):
        if item.path in docs:
            continue  # listed twice: read once
        what = f"chapter {item.path}"
        cut = None
        if head_chars is not None and archive.size(item.path) > HEAD_DOC_FACTOR * (head_chars - chars):
            # One document holding much more than the head needs (a book in one file):
            # only its beginning, cut after a paragraph, like the head of a big text file.
            cut = _prefix(archive.read_prefix(item.path, HEAD_DOC_FACTOR * (head_chars - chars), what=what))
        if cut is not None:
            doc = chapter_blocks(cut, wanted.get(item.path, ()), partial=True)
            del doc.blocks[max(0, len(doc.blocks) - HEAD_SPARE_BLOCKS):]
            doc.anchors = {k: v for k, v in doc.anchors.items() if v < len(doc.blocks)}
        else:
            doc = chapter_blocks(archive.read(item.path, what=what), wanted.get(item.path, ()))
        start = len(blocks)
        blocks.extend(doc.blocks)
        for anchor, index in doc.anchors.items():
            anchors[(item.path, anchor)] = start + index
        first = next((b.text for b in doc.blocks if b.kind == "heading"), "")
        docs[item.path] = _Doc(item.path, start, len(blocks), first, cut is not None)
        if head_chars is not None:
            chars += sum(len(b.text) for b in doc.blocks)
        if cut is not None:
            partial = True  # the rest of this document, and all after it, are the whole's
            break
        if head_chars is not None and chars >= head_chars and n + 1 < len(spine):
            partial = True
            break
    _rank_headings(blocks)
    article = Article(title=pkg.title or _name(path), blocks=blocks, path=path,
                      format="epub", encoding="utf-8")
    article.metadata = dict(pkg.metadata)
    if toc:
        article.outline = _toc_outline(toc, docs, anchors, len(blocks))
    if not article.outline:
        article.outline = _heading_outline(blocks)
    article.chapters = _chapters(article.outline, docs, blocks)
    article.partial = partial
    return article


def _prefix(data: bytes) -> bytes | None:
    """`data` (the beginning of a document) cut after its last closed block element, or
    None when there is none to cut after."""
    ends = [m.end() for m in _BLOCK_END.finditer(data, max(0, len(data) - 65536))]
    return data[: ends[-1]] if ends else None


def _reading_order(pkg: Package) -> list[Any]:
    """Spine documents to read: linear ones in order, and non-linear ones except the
    navigation document (its list is the outline already)."""
    out = []
    for item, linear in pkg.spine:
        if not linear and pkg.nav is not None and item.path == pkg.nav.path:
            continue
        out.append(item)
    return out


def _rank_headings(blocks: list[Block]) -> None:
    """Heading levels across the book ranked from 1 (h2,h3 → 1,2), as for HTML pages."""
    levels = sorted({b.level for b in blocks if b.kind == "heading"})
    rank = {lvl: i + 1 for i, lvl in enumerate(levels)}
    for b in blocks:
        if b.kind == "heading":
            b.level = rank[b.level]


def _toc_outline(toc: list[TocEntry], docs: dict[str, _Doc], anchors: dict[tuple[str, str], int],
                 total: int) -> list[OutlineEntry]:
    """TOC entries → outline entries at their blocks. An entry pointing outside what was
    read (beyond the head, or to a document not in the spine) is left out; a label
    without a link takes the block of the entry after it when that one is nested in it.
    Block order never goes back (the outline is searched in order)."""
    if total == 0:
        return []
    targets: list[int | None] = []
    for entry in toc:
        block: int | None = None
        if entry.path is not None and entry.path in docs:
            doc = docs[entry.path]
            if entry.fragment and doc.cut and (entry.path, entry.fragment) not in anchors:
                targets.append(None)  # beyond the part of the document that was read
                continue
            block = anchors.get((entry.path, entry.fragment), doc.start) if entry.fragment else doc.start
            if block >= doc.end and doc.end > doc.start:
                block = doc.end - 1
        targets.append(block)
    for i in range(len(toc) - 2, -1, -1):
        if toc[i].path is None and targets[i] is None and toc[i + 1].level > toc[i].level:
            targets[i] = targets[i + 1]
    outline: list[OutlineEntry] = []
    last = 0
    for entry, block in zip(toc, targets, strict=True):
        if block is None or block >= total or block < last:
            continue
        last = block
        outline.append(OutlineEntry(level=entry.level, number=None, title=clean_inline(entry.title), block=block))
    _close_levels(outline)
    return outline


def _close_levels(outline: list[OutlineEntry]) -> None:
    """No level skipped downwards (1 → 3 becomes 1 → 2) once entries were left out, so the
    outline tree nests as drawn."""
    stack: list[int] = []
    for entry in outline:
        while stack and stack[-1] >= entry.level:
            stack.pop()
        entry.level = len(stack) + 1 if not stack or entry.level > stack[-1] + 1 else entry.level
        stack.append(entry.level)


def _heading_outline(blocks: list[Block]) -> list[OutlineEntry]:
    outline: list[OutlineEntry] = []
    for i, b in enumerate(blocks):
        if b.kind == "heading":
            outline.append(OutlineEntry(level=b.level, number=None, title=b.text, block=i))
    _close_levels(outline)
    return outline


def _chapters(outline: list[OutlineEntry], docs: dict[str, _Doc], blocks: list[Block]) -> list[Chapter]:
    """Where `n`/`p` stop inside the book.

    Usually the spine's documents (one per chapter is how books are made), titled by the
    deepest TOC entry at their start, else their first heading; documents holding only
    images (covers, plates) are not stops, nor, when most documents start a TOC entry,
    those that start none. When one document holds most of the book, its
    TOC entries are: the outline's shallowest level that has at least two entries."""
    total = len(blocks)
    if total == 0:
        return []
    texts = [d for d in docs.values() if any(b.text and not _image_only(b) for b in blocks[d.start:d.end])]
    if len(texts) >= 2 and max(d.end - d.start for d in texts) * 2 <= total:
        at_start: dict[int, str] = {}
        depth: dict[int, int] = {}
        for e in outline:
            if e.level >= depth.get(e.block, 0):
                at_start[e.block], depth[e.block] = e.title, e.level
        # Documents no TOC entry starts (a split chapter's second half, a licence page) are
        # read as part of the chapter before, when most documents do start an entry.
        marked = [d for d in texts if d.start in at_start]
        if len(marked) >= 2 and 2 * len(marked) >= len(texts):
            texts = marked
        return [Chapter(at_start.get(d.start) or d.title or _name(d.path), d.start) for d in texts]
    for level in sorted({e.level for e in outline}):
        entries = [e for e in outline if e.level == level]
        if len({e.block for e in entries}) >= 2:
            seen: set[int] = set()
            chapters = []
            for e in entries:
                if e.block not in seen:
                    seen.add(e.block)
                    chapters.append(Chapter(e.title, e.block))
            return chapters
    return [Chapter(d.title or _name(d.path), d.start) for d in texts]


def _name(path: str) -> str:
    """A document's file name as a chapter title (a member name is outside text too)."""
    return clean_inline(title_from_path(path)) or "Untitled"


def _image_only(block: Block) -> bool:
    return block.text.startswith("[image:") and block.text.endswith("]")
