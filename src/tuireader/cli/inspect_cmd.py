"""`tuireader inspect PATH [--json]`: what the ingest makes of one article file.

Why a command: it is the scriptable, fast path (no Textual import) to check an article's
title, metadata and outline, to debug a messy scrape, and to feed other tools with
`--json`. Output is always UTF-8 written as bytes, so it works under `LANG=C` and in pipes.
Exit status: 0 ok, 1 missing/unreadable/binary file (one line on stderr).
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from tuireader.article import Article
from tuireader.errors import IngestError


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", help="an article file (.txt, .md, .html)")
    parser.add_argument("--json", action="store_true", help="print the parsed article as one JSON object")
    parser.add_argument("--explain", action="store_true",
                        help="line by line, what each input line became (title, metadata, heading, "
                             "paragraph, dropped) and why")
    parser.add_argument("--encoding", metavar="NAME",
                        help="read the file with this encoding (default: library.toml's [encodings], else detect)")


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from tuireader.ingest.load import load_article
    from tuireader.library.manifest import encoding_override

    try:
        encoding = args.encoding or encoding_override(Path(args.path))
        article = load_article(args.path, encoding=encoding)
    except IngestError as exc:
        _err(str(exc))
        return 1
    except Exception as exc:  # a parser bug must still be one line, never a traceback
        _err(f"{args.path}: cannot be parsed ({type(exc).__name__}: {exc})")
        return 1
    for notice in article.notices:
        _err(f"{args.path}: {notice}")
    if args.explain:
        _out(explain(args.path, article, encoding))
    elif args.json:
        _out(json.dumps(article.to_json(), ensure_ascii=False) + "\n")
    else:
        _out(summary(article))
    return 0


def explain(path: str, article: Article, encoding: str | None) -> str:
    """The `--explain` report: a heading, then one line per input line (or, for a web page,
    per extracted block)."""
    from tuireader.ingest.encoding import decode
    from tuireader.ingest.explain import explain_blocks, explain_lines, format_report
    from tuireader.ingest.load import read_bytes

    head = (f"{article.title}\n{path}: {article.format}, {article.encoding}, "
            f"{len(article.blocks)} blocks, {len(article.outline)} outline entries\n")
    if article.format == "html":
        return head + "(a web page is explained block by block: what the extraction kept)\n\n" + \
            format_report(explain_blocks(article))
    if article.format == "epub":
        return head + "(a book is explained block by block, its chapters in reading order)\n\n" + \
            format_report(explain_blocks(article))
    text = decode(read_bytes(path), path=path, forced=encoding).text
    return head + "  line  became                                                as written\n" + \
        format_report(explain_lines(text, article))


def summary(article: Article) -> str:
    """The human-readable report: title, source, metadata, links, outline tree, counts."""
    lines = [article.title, "=" * min(60, max(8, _cells(article.title)))]
    lines.append(f"path:       {article.path}")
    lines.append(f"format:     {article.format}")
    lines.append(f"encoding:   {article.encoding}")
    lines.append(f"paragraphs: {article.paragraph_count}")
    lines.append(f"blocks:     {len(article.blocks)}")
    if article.chapters:
        lines.append(f"chapters:   {len(article.chapters)}")
    if article.metadata:
        lines.append("")
        lines.append("metadata:")
        width = max(len(k) for k in article.metadata)
        for key, value in article.metadata.items():
            lines.append(f"  {key.ljust(width)}  {_value(key, value)}")
    if article.prev or article.next:
        lines.append("")
        if article.prev:
            lines.append(f"prev: {article.prev.title}" + (f"  ({article.prev.path})" if article.prev.path else ""))
        if article.next:
            lines.append(f"next: {article.next.title}" + (f"  ({article.next.path})" if article.next.path else ""))
    lines.append("")
    if article.outline:
        lines.append(f"outline ({len(article.outline)} entries):")
        for entry in article.outline:
            number = f"{entry.number} " if entry.number else ""
            lines.append(f"{'  ' * entry.level}{number}{entry.title}  [block {entry.block}]")
    else:
        lines.append("outline: (none)")
    return "\n".join(lines) + "\n"


def _value(key: str, value: Any) -> str:
    if isinstance(value, list):
        return (" > " if key == "breadcrumb" else ", ").join(str(v) for v in value)
    return str(value)


def _cells(text: str) -> int:
    return len(text) + (len(text.encode("utf-8")) - len(text)) // 2


def _out(text: str) -> None:
    data = text.encode("utf-8", errors="replace")
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:
        sys.stdout.write(text)
        return
    sys.stdout.flush()
    buffer.write(data)
    buffer.flush()


def _err(message: str) -> None:
    line = " ".join(message.split())
    buffer = getattr(sys.stderr, "buffer", None)
    if buffer is None:
        sys.stderr.write(line + "\n")
        return
    sys.stderr.flush()
    buffer.write((line + "\n").encode("utf-8", errors="replace"))
    buffer.flush()
