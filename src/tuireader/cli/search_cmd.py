"""`tuireader search QUERY [--library PATH] [--json] [--limit N]`: search a library.

The index is brought up to date first (quick when nothing changed: one stat per file),
so results never miss a file saved a minute ago. Query syntax as in the search screen:
words are AND-ed within a paragraph, "quoted phrases" match as written, Chinese works at
any length, English ignores case. `--json` prints `[{"path", "title", "section",
"block", "snippet"}]`. On a terminal the match is highlighted (Rich, from spans: article
text is never read as markup); in a pipe the output is plain text.
Exit status: 0 (also with no hits), 1 the index could not be updated, 2 bad arguments or
library folder.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys

from tuireader.cli.index_cmd import StopFlag, err, out, refresh_with_progress, resolve_library
from tuireader.library.catalog import Library
from tuireader.library.search import SearchHit, search


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("query", help='words (AND-ed), "quoted phrases", Chinese of any length')
    parser.add_argument("--library", metavar="PATH", help="library folder (default: config.toml 'library', else the current folder)")
    parser.add_argument("--json", action="store_true", help="print the hits as a JSON list")
    parser.add_argument("--limit", type=_positive, default=20, metavar="N", help="at most N hits (default 20)")


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def run(args: argparse.Namespace) -> int:
    root, order, warnings = resolve_library(args.library)
    if root is None:
        err(f"tuireader search: error: {warnings[-1]}")
        return 2
    for line in warnings:
        err(f"tuireader: warning: {line}")
    lib = Library.open_cached(root, order=order)
    try:
        with StopFlag() as stop:
            result = refresh_with_progress(lib, show=not args.json, stop=stop)
    except (OSError, sqlite3.Error) as exc:
        err(f"tuireader search: error: {root}: index could not be updated ({exc})")
        return 1
    for notice in dict.fromkeys([*lib.notices, *result.notices]):
        err(f"tuireader: {notice}")
    hits = search(root, args.query, limit=args.limit)
    if args.json:
        out(json.dumps([h.to_json() for h in hits], ensure_ascii=False, indent=1) + "\n")
        return 0
    if not hits:
        err(f"no matches for {args.query!r} in {root} ({len(lib)} articles)")
        return 0
    if sys.stdout.isatty():
        _print_rich(hits)
    else:
        out("".join(_plain(h) for h in hits))
    return 0


def _plain(hit: SearchHit) -> str:
    where = f" — {hit.section}" if hit.section else ""
    return f"{hit.rel}:{hit.block}: {hit.title}{where}\n    {hit.snippet}\n"


def _print_rich(hits: list[SearchHit]) -> None:
    from rich.console import Console
    from rich.text import Text

    console = Console(highlight=False)
    for hit in hits:
        head = Text(f"{hit.rel}:{hit.block} ", style="dim")
        head.append(hit.title, style="bold")
        if hit.section:
            head.append(f" — {hit.section}", style="cyan")
        body = Text("    " + hit.snippet)
        for start, end in hit.spans:
            body.stylize("bold reverse", start + 4, end + 4)
        console.print(head, soft_wrap=True)
        console.print(body)
