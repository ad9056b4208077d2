"""Ingest: bytes on disk → `Article`. Encodings, sanitising, line cleanup, metadata, outline,
and one reader per input format (`text/`, `markdown.py`, `html/`).

May import: `tuireader.article`, `tuireader.errors`, the standard library and the parsing
libraries (markdown-it-py, lxml, trafilatura, charset-normalizer). Never `store`, `library`,
`reading`, `ui` or `cli`, never Textual or Rich: ingest is pure functions of bytes, so the
indexer's worker processes, `inspect` and the tests can call it without a terminal.

A new input format is one new reader module here plus its entry in `load.detect_format` /
`load.parse_text_as`; nothing above this layer changes.
"""

from tuireader.ingest.load import (
    is_article_file,
    load_article,
    load_article_head,
    parse_bytes,
)

__all__ = ["is_article_file", "load_article", "load_article_head", "parse_bytes"]
