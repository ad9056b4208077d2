"""`load_article(path)`: bytes on disk → `Article`, whatever the format.

Readers are imported lazily: reading a .txt must not pay for lxml and trafilatura.
"""

from __future__ import annotations

import os
from pathlib import Path

from tuireader.model.article import Article
from tuireader.model.errors import IngestError

TEXT_SUFFIXES = {".txt", ".text", ""}
MARKDOWN_SUFFIXES = {".md", ".markdown", ".mdown", ".mkd"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
ARTICLE_SUFFIXES = TEXT_SUFFIXES | MARKDOWN_SUFFIXES | HTML_SUFFIXES

#: Larger files are refused with a message instead of eating the machine's memory.
MAX_BYTES = 256 * 1024 * 1024


def detect_format(path: Path, head: bytes) -> str:
    """The reader to use: by suffix first, then by sniffing the first bytes for HTML."""
    suffix = path.suffix.lower()
    if suffix in MARKDOWN_SUFFIXES:
        return "markdown"
    if suffix in HTML_SUFFIXES:
        return "html"
    sniff = head[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if sniff.startswith((b"<!doctype html", b"<html")):
        return "html"
    return "text"


def read_bytes(path: str | Path) -> bytes:
    """Read a file, turning every OS error into a one-line `IngestError`."""
    p = Path(path)
    try:
        if p.is_dir():
            raise IngestError(str(path), "is a directory, not an article file")
        size = p.stat().st_size
        if size > MAX_BYTES:
            raise IngestError(str(path), f"too large ({size // (1024 * 1024)} MiB; limit {MAX_BYTES // (1024 * 1024)} MiB)")
        return p.read_bytes()
    except FileNotFoundError:
        raise IngestError(str(path), "no such file") from None
    except PermissionError:
        raise IngestError(str(path), "permission denied") from None
    except IsADirectoryError:
        raise IngestError(str(path), "is a directory, not an article file") from None
    except OSError as exc:
        raise IngestError(str(path), exc.strerror or "cannot be read") from None


def load_article(path: str | Path) -> Article:
    """Read and parse one article file. Raises `IngestError` (one line) on bad input."""
    data = read_bytes(path)
    return parse_bytes(data, str(path), fmt=detect_format(Path(path), data[:1024]))


def parse_bytes(data: bytes, path: str = "<bytes>", fmt: str = "text") -> Article:
    """Parse bytes already in memory; the seam the property tests and the indexer use."""
    if fmt == "html":
        from tuireader.model.html_reader import parse_html

        return parse_html(data, path=path)
    from tuireader.model.encoding import decode_bytes

    text, encoding = decode_bytes(data, path=path)
    if fmt == "markdown":
        from tuireader.model.markdown_reader import parse_markdown

        return parse_markdown(text, path=path, encoding=encoding)
    from tuireader.model.text_reader import parse_text

    return parse_text(text, path=path, encoding=encoding)


def is_article_file(name: str) -> bool:
    """True for the suffixes the library picks up when it walks a folder."""
    return os.path.splitext(name)[1].lower() in (ARTICLE_SUFFIXES - {""})
