"""EPUB books: `.epub` files read as one article each (see `book`).

Layers inside: `archive` (the ZIP, with caps and path checks), `package` (container.xml,
OPF: metadata, manifest, spine, DRM check), `toc` (nav / NCX), `chapter` (one XHTML
document → blocks), `book` (all of it → `Article`). Standard library `zipfile` and lxml
only: no EbookLib (AGPL).
"""

from __future__ import annotations

from pathlib import Path

from tuireader.article import Article
from tuireader.ingest.epub.book import HEAD_MIN_BYTES, parse_book, parse_head

EPUB_SUFFIXES = frozenset({".epub"})

__all__ = ["EPUB_SUFFIXES", "HEAD_MIN_BYTES", "load_book", "load_book_head", "parse_book"]


def load_book(path: str | Path) -> Article:
    """Read and parse the whole book at `path`; `IngestError` (one line) on a bad book."""
    return parse_book(str(path), str(path))


def load_book_head(path: str | Path, *, max_chars: int, min_bytes: int = HEAD_MIN_BYTES) -> Article | None:
    """The first chapters of a big book, marked `partial`; None for a small one."""
    return parse_head(str(path), str(path), head_chars=max_chars, min_bytes=min_bytes)
