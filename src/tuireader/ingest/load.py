"""`load_article(path)`: bytes on disk → `Article`, whatever the format.

Readers are imported lazily: reading a .txt must not pay for lxml and trafilatura.
"""

from __future__ import annotations

import os
import re
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING

from tuireader.article import Article
from tuireader.errors import IngestError
from tuireader.ingest import dates

if TYPE_CHECKING:
    from tuireader.ingest.encoding import Decoded

TEXT_SUFFIXES = {".txt", ".text", ""}
MARKDOWN_SUFFIXES = {".md", ".markdown", ".mdown", ".mkd"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
EPUB_SUFFIXES = {".epub"}
ARTICLE_SUFFIXES = TEXT_SUFFIXES | MARKDOWN_SUFFIXES | HTML_SUFFIXES | EPUB_SUFFIXES

#: Larger files are refused with a message instead of eating the machine's memory.
MAX_BYTES = 256 * 1024 * 1024


def detect_format(path: Path, head: bytes) -> str:
    """The reader to use: by suffix first, then by sniffing the first bytes for HTML."""
    suffix = path.suffix.lower()
    if suffix in MARKDOWN_SUFFIXES:
        return "markdown"
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix in EPUB_SUFFIXES or is_epub_bytes(head):
        return "epub"
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


def warm_up(formats: tuple[str, ...] = ("text", "markdown")) -> None:
    """Import the readers for `formats` now (~0.1 s: their regular expressions compile at
    import), so the next article opens without that delay. Meant for a background thread
    after the first screen: `tuireader FILE` parses its first article in a child process
    (see `prefetch`), which leaves the readers unimported in the app itself."""
    import importlib

    modules = {"text": "tuireader.ingest.text", "markdown": "tuireader.ingest.markdown",
               "html": "tuireader.ingest.html.reader", "epub": "tuireader.ingest.epub.book"}
    for fmt in formats:
        importlib.import_module(modules[fmt])


def load_article(path: str | Path, *, encoding: str | None = None) -> Article:
    """Read and parse one article file. Raises `IngestError` (one line) on bad input.

    `encoding`: read the bytes with this codec instead of detecting one (the user's
    override in `library.toml`, or `inspect --encoding`)."""
    if is_epub_path(path):
        from tuireader.ingest.epub import load_book

        return load_book(path)  # reads only the members it needs, never the whole file
    data = read_bytes(path)
    fmt = detect_format(Path(path), data[:1024])
    if fmt == "epub" or (fmt == "html" and encoding is None):
        return parse_bytes(data, str(path), fmt=fmt)
    from tuireader.ingest.encoding import decode

    found = decode(data, path=str(path), forced=encoding)
    if fmt == "html":
        from tuireader.ingest.html.reader import parse_html

        article = parse_html(found.text.encode("utf-8"), path=str(path))
        article.encoding = found.encoding
        article.notices += found.notices()
        return _dated(article)
    # The bytes are not needed once decoded: dropped before the parse, they no longer add
    # the file's size to the peak memory of opening it (5 MiB of ~25 at 5 MB).
    del data
    return _parse_decoded(fmt, found, str(path))


def parse_bytes(data: bytes, path: str = "<bytes>", fmt: str = "text") -> Article:
    """Parse bytes already in memory; the seam the property tests and the indexer use."""
    if fmt == "epub":
        from tuireader.ingest.epub import parse_book

        return parse_book(data, path)
    if fmt == "html":
        from tuireader.ingest.html.reader import parse_html

        return _dated(parse_html(data, path=path))
    from tuireader.ingest.encoding import decode

    return _parse_decoded(fmt, decode(data, path=path), path)


def _parse_decoded(fmt: str, found: Decoded, path: str) -> Article:
    """Decoded text → article, carrying what the decoding has to tell the user."""
    article = parse_text_as(fmt, found.text, path, found.encoding)
    article.notices += found.notices()
    return article


def parse_text_as(fmt: str, text: str, path: str, encoding: str) -> Article:
    """Parse text decoded by `decode_bytes` as Markdown (`fmt == "markdown"`) or plain text."""
    fmt = text_format(fmt, text)
    text = composed(text)
    if fmt == "markdown":
        from tuireader.ingest.markdown import parse_markdown

        return _dated(parse_markdown(text, path=path, encoding=encoding))
    from tuireader.ingest.text import parse_text

    return _dated(parse_text(text, path=path, encoding=encoding, sanitized=True))


def _dated(article: Article) -> Article:
    """Every parser's article leaves here with an ISO date (see `ingest.dates`)."""
    dates.normalise_metadata(article.metadata)
    return article


def is_epub_path(path: str | Path) -> bool:
    """An .epub by name: a book, read as a ZIP archive (see `ingest.epub`)."""
    return os.path.splitext(str(path))[1].lower() in EPUB_SUFFIXES


def is_epub_bytes(head: bytes) -> bool:
    """An EPUB by its first bytes: a ZIP whose first member is the `mimetype` file."""
    return head.startswith(b"PK\x03\x04") and b"mimetypeapplication/epub+zip" in head[:128]


def composed(text: str) -> str:
    """Text in Unicode NFC: a copy saved with decomposed accents ("CAPI\u0301TULO", as macOS
    file names and some converters write them) reads, searches and matches headings like
    the composed original. The check is a quick scan; only decomposed text is rewritten."""
    if text.isascii() or unicodedata.is_normalized("NFC", text):
        return text
    return unicodedata.normalize("NFC", text)


def text_format(fmt: str, text: str) -> str:
    """`fmt`, except that plain text opening with a title block (YAML front matter or
    pandoc's `%` lines) is pandoc Markdown, as pandoc itself reads it (see `titleblock`)."""
    if fmt == "text" and text[:1] in "-%\ufeff":
        from tuireader.ingest.titleblock import opens_markdown

        if opens_markdown(text):
            return "markdown"
    return fmt


def is_article_file(name: str) -> bool:
    """True for the suffixes the library picks up when it walks a folder."""
    return os.path.splitext(name)[1].lower() in (ARTICLE_SUFFIXES - {""})


# -- progressive opening of big files --------------------------------------------------------

#: Texts longer than this (characters, after decoding) get a head: parsing all of a 5 MB
#: file takes ~0.4 s, more than the whole first-screen budget; its first 50,000 characters
#: (dozens of screens) parse in a few ms.
HEAD_MIN_CHARS = 200_000
#: About how much of a big text the head holds (characters; cut at a paragraph boundary).
HEAD_CHARS = 50_000
#: Blocks dropped from the end of a head: the cut makes its last lines look like the end of
#: a document (footers, 上一篇/下一篇, a paragraph cut short), which the full parse does not.
HEAD_SPARE_BLOCKS = 3

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})", re.M)
_MD_SAFE_START = re.compile(r"[^\s>*+\-|`~:]")
_LINK_DEF = re.compile(r"^ {0,3}\[[^\]\n]+\]:", re.M)


def load_article_head(path: str | Path, *, max_chars: int = HEAD_CHARS,
                      min_chars: int = HEAD_MIN_CHARS, encoding: str | None = None) -> Article | None:
    """The first part of a big text or Markdown article, parsed by the normal reader and
    marked `partial`, or None when the whole should simply be parsed (small files, HTML).

    Why: the reader shows this at once and parses the whole in the background. Its blocks
    are, in the common case, the first blocks of the full parse, with the same indices, so
    a position, a bookmark or a find match in the head is valid in the whole. Where they
    can differ (see `head_shift`): a title or metadata found only near the end, a Markdown
    file whose first H1 is the title only because no other H1 follows, pinyin annotation
    or hard wrapping detected over the whole text, reference-style link definitions at
    the end. Raises `IngestError` like `load_article`.
    """
    if is_epub_path(path):
        from tuireader.ingest.epub import load_book_head

        # The spine's XHTML is about twice the text it holds (markup).
        return load_book_head(path, max_chars=max_chars, min_bytes=2 * min_chars)
    p = Path(path)
    data = read_bytes(p)
    fmt = detect_format(p, data[:1024])
    if fmt in ("html", "epub") or len(data) < min_chars:
        return None
    from tuireader.ingest.encoding import decode

    found = decode(data, path=str(path), forced=encoding)
    del data  # see load_article: not kept through the parse
    text, encoding = found.text, found.encoding
    if len(text) < min_chars:
        return None
    fmt = text_format(fmt, text)
    text = composed(text)
    cut = markdown_cut(text, max_chars) if fmt == "markdown" else text_cut(text, max_chars)
    if cut is None or cut >= len(text) * 0.8:
        return None
    if fmt == "markdown" and has_link_definition(text, cut):
        return None  # reference links defined further down: the head would show them raw
    if fmt == "markdown":
        from tuireader.ingest.markdown import parse_markdown

        article = parse_markdown(text[:cut], path=str(path), encoding=encoding)
    else:
        from tuireader.ingest.text import parse_text

        article = parse_text(text[:cut], path=str(path), encoding=encoding, sanitized=True)
    keep = len(article.blocks) - HEAD_SPARE_BLOCKS
    if keep <= 0:
        return None
    del article.blocks[keep:]
    article.outline = [e for e in article.outline if e.block < keep]
    article.prev = article.next = None  # links sit at the end of the whole, not of the head
    article.partial = True
    article.notices += found.notices()
    return _dated(article)


def text_cut(text: str, at: int) -> int | None:
    """Where to cut plain text near `at`: at the next blank line, or, for text with one
    paragraph per line (no blank line soon), at the next line end. None: no cut found."""
    blank = text.find("\n\n", at)
    if blank != -1 and blank - at <= max(at, 20_000):
        return blank
    line = text.find("\n", at)
    return None if line == -1 else line


def has_link_definition(text: str, start: int = 0) -> bool:
    """Whether a line beginning at or after `start` defines a Markdown reference link
    (`[label]: url`). Same answer as `_LINK_DEF.search(text, start)`, ~20x faster on a
    5 MB text: a multi-line `^` makes the regex engine try every position, while `]:` is
    rare and found by a plain substring scan."""
    pos = text.find("]:", start)
    while pos != -1:
        line = text.rfind("\n", 0, pos) + 1
        if line >= start and _LINK_DEF.match(text, line):
            return True
        end = text.find("\n", pos)
        if end == -1:
            return False
        pos = text.find("]:", end)
    return False


def markdown_cut(text: str, at: int) -> int | None:
    """Where to cut Markdown near `at`: before a heading or another unindented block that
    follows a blank line outside any code fence (a list or quote continuation, indented
    code or a table row is never split). None: no safe cut found."""
    pos = at
    fences = len(_FENCE.findall(text, 0, at))
    limit = at + max(at, 200_000)
    while pos < min(len(text), limit):
        blank = text.find("\n\n", pos)
        if blank == -1:
            return None
        fences += len(_FENCE.findall(text, pos, blank))
        nxt = blank + 2
        while nxt < len(text) and text[nxt] == "\n":
            nxt += 1
        if fences % 2 == 0 and nxt < len(text) and _MD_SAFE_START.match(text, nxt):
            if text.startswith("#", nxt) or not text[nxt].isdigit():
                return blank
        pos = blank + 1
    return None


def head_shift(head: Article, full: Article) -> int | None:
    """How far the head's blocks moved in the full parse: 0 when the head's block texts
    are the first block texts of the full article (the common case), ±1 or ±2 when a block
    near the start appeared or vanished (e.g. a leading H1 that is the title in the head
    but a section in the whole); None when the head's text is not found at all.

    Texts, not whole blocks, are compared: a kind decided over the whole document (a
    heading in the head, a list item in the whole) does not move any position. A few
    changed texts (a reference link resolved only by the whole) are tolerated."""
    texts = [b.text for b in head.blocks]
    whole = full.blocks
    if not texts:
        return 0
    probe = range(min(len(texts) - 1, 3), len(texts))
    for shift in (0, 1, -1, 2, -2):
        same = sum(1 for i in probe if 0 <= i + shift < len(whole) and whole[i + shift].text == texts[i])
        if same * 10 >= len(probe) * 9:
            return shift
    return None
