"""`tuireader search QUERY [--library PATH] [--json] [--limit N]`: search a library.

The index is brought up to date first, so results never miss a file saved a minute ago;
and cheaply: the last refresh left a snapshot of what it saw (`library.freshness`), so an
unchanged library costs one stat per file and folder, files edited since are re-parsed
alone, and only an added, removed or renamed file (or a new parser, or an edited
`library.toml`) takes the full refresh. Query syntax as in the search screen:
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
from pathlib import Path

from tuireader.cli.index_cmd import StopFlag, err, out, refresh_with_progress, resolve_library
from tuireader.library import freshness
from tuireader.library.index import IndexDB
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
    try:
        articles, notices = up_to_date(root, order, show=not args.json)
    except (OSError, sqlite3.Error) as exc:
        err(f"tuireader search: error: {root}: index could not be updated ({exc})")
        return 1
    for notice in dict.fromkeys(notices):
        err(f"tuireader: {notice}")
    hits = search(root, args.query, limit=args.limit)
    if args.json:
        out(json.dumps([h.to_json() for h in hits], ensure_ascii=False, indent=1) + "\n")
        return 0
    if not hits:
        err(f"no matches for {args.query!r} in {root} ({articles} articles)")
        return 0
    if sys.stdout.isatty():
        _print_rich(hits)
    else:
        out("".join(_plain(h) for h in hits))
    return 0


def up_to_date(root: Path, order: str, *, show: bool) -> tuple[int, list[str]]:
    """Bring the index of `root` up to date, as cheaply as what changed allows (see the
    module doc); returns (articles in the library, notices)."""
    db = IndexDB.open(root)
    try:
        found = freshness.check(db, root, order)
        if found.changed is not None and order == "library":
            with StopFlag() as stop:
                freshness.update(db, root, found, should_stop=stop)
            found.fresh = not stop()
        if found.fresh:
            return found.articles, list(db.notices)
    except sqlite3.DatabaseError:
        pass  # a damaged index: the full refresh below moves it aside and rebuilds it
    finally:
        db.close()
    from tuireader.library.catalog import Library

    lib = Library.open_cached(root, order=order)
    with StopFlag() as stop:
        result = refresh_with_progress(lib, show=show, stop=stop)
    return len(lib), [*lib.notices, *result.notices]


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
